use desk::ops::renumber::{self, Keep};

use crate::cli::Context;
use crate::cli::error::CommandResult;
use crate::cli::ui::styles;

/// Give a ticket a new ID (the repair when two clones created the same ID)
///
/// During a merge that stopped because two different tickets have the same ID, keeps the one
/// created first at the ID, moves the other to a fresh ID, updates references to it in the
/// tickets its side changed, and makes the merge commit once no conflict is left. Outside a
/// merge, moves the ticket to a fresh ID in one commit and updates references in every ticket.
#[derive(clap::Args, Debug)]
pub struct RenumberArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// During a merge: which side keeps the ID (default: the ticket created first)
    #[arg(long, value_enum)]
    keep: Option<KeepSide>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum KeepSide {
    /// The current branch's ticket
    Ours,
    /// The merged-in branch's ticket
    Theirs,
}

pub fn cmd_renumber(cx: &Context, args: &RenumberArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let keep = match args.keep {
        None => Keep::Older,
        Some(KeepSide::Ours) => Keep::Ours,
        Some(KeepSide::Theirs) => Keep::Theirs,
    };
    let done = renumber::renumber(&desk, &actor, &id, keep)?;
    if cx.ui.json {
        return cx.ui.out_json(&done);
    }
    let side = done.moved_side.map(|s| format!(" ({s})")).unwrap_or_default();
    cx.ui.out(&format!(
        "{} {}{side} is now {}",
        cx.ui.paint(styles::ID, &done.old),
        done.title,
        cx.ui.paint(styles::ID, &done.new)
    ))?;
    if !done.references.is_empty() {
        cx.ui.out(&format!("updated references in {}", done.references.join(", ")))?;
    }
    match (&done.moved_side, &done.commit) {
        (Some(_), Some(commit)) => cx.ui.status(&format!("merge concluded: {}", &commit[..12.min(commit.len())])),
        (Some(_), None) => cx.ui.status(&format!(
            "conflicts remain in {}: resolve them, then `git commit`",
            done.conflicts_left.join(", ")
        )),
        _ => {}
    }
    Ok(())
}
