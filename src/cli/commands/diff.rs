use desk::ops::diff;

use crate::cli::Context;
use crate::cli::error::CommandResult;
use crate::cli::ui::styles;

/// Summarise ticket changes between revisions in words (for reviews and CI)
///
/// `desk diff main..HEAD` lists each changed ticket and what happened to it: new tickets,
/// replies, notes, status and field changes. With one revision it compares that revision with
/// HEAD; with none, HEAD with the working tree (uncommitted edits).
#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// `A..B`, `A...B` (B since it forked from A), `A` (A..HEAD), or nothing (HEAD..working tree)
    #[arg(value_name = "RANGE")]
    range: Option<String>,
}

pub fn cmd_diff(cx: &Context, args: &DiffArgs) -> CommandResult {
    let desk = cx.desk()?;
    let changes = diff::diff_range(&desk, args.range.as_deref())?;
    if cx.ui.json {
        return cx.ui.out_json(&changes);
    }
    if changes.is_empty() {
        cx.ui.status("No ticket changes.");
        return Ok(());
    }
    let lines: Vec<String> = changes
        .iter()
        .map(|c| {
            let id = cx.ui.paint(styles::ID, &c.id[..c.id.len().min(10)]);
            format!("{id} {}: {}", crate::cli::ui::clean(&c.title), c.summary.join("; "))
        })
        .collect();
    cx.ui.out(&lines.join("\n"))
}
