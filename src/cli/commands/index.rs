use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Show the search index's state, or rebuild it
///
/// Queries keep the index up to date by themselves: after any commit, pull, checkout, rebase
/// or reset, the next `desk list` or `desk search` re-indexes only the tickets that changed.
/// This command reports where the index is, how many tickets it holds, the tree it reflects,
/// ticket files in HEAD that cannot be parsed, and ticket files with uncommitted changes.
#[derive(clap::Args, Debug)]
pub struct IndexArgs {
    /// Rebuild the index from scratch (with a progress bar on a terminal)
    #[arg(long)]
    rebuild: bool,
}

pub fn cmd_index(cx: &Context, args: &IndexArgs) -> CommandResult {
    let desk = cx.desk()?;
    let progress = crate::cli::ui::indexing_progress(cx.ui.shows_progress());
    let started = std::time::Instant::now();
    let status = desk::ops::search_index::status(&desk, args.rebuild, Some(&progress))?;
    // Unreadable ticket files fail the command, as they fail `desk list`.
    let result = if status.unreadable.is_empty() { Ok(()) } else { Err(CommandError::reported()) };
    if cx.ui.json {
        cx.ui.out_json(&status)?;
        return result;
    }
    let mut lines = vec![format!("index: {}", status.path), format!("tickets: {}", status.tickets)];
    lines.push(format!("tree: {}", status.tree.as_deref().unwrap_or("none (no tickets yet)")));
    match &status.rebuilt {
        Some(why) => lines.push(format!(
            "rebuilt ({why}): {} in {:.2} s",
            desk::ops::plural(status.indexed, "ticket"),
            started.elapsed().as_secs_f64()
        )),
        None if status.indexed + status.removed > 0 => {
            lines.push(format!("updated: {} re-indexed, {} removed", status.indexed, status.removed))
        }
        None => lines.push("up to date".into()),
    }
    lines.push(format!("size: {:.1} MB", status.bytes as f64 / 1e6));
    for bad in &status.unreadable {
        lines.push(format!("unreadable: {}:{}: {}", bad.path, bad.line, bad.message));
    }
    for path in &status.uncommitted {
        lines.push(format!("uncommitted: {path}"));
    }
    cx.ui.out(&lines.join("\n"))?;
    result
}
