use crate::cli::Context;
use crate::cli::error::CommandResult;

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
    let visible = cx.ui.shows_progress();
    let bar = std::sync::OnceLock::new();
    let progress = |done: u64, total: u64| {
        let bar = bar.get_or_init(|| crate::cli::ui::progress_bar(visible, total, "tickets indexed"));
        bar.set_position(done);
        if done >= total {
            bar.finish_and_clear();
        }
    };
    let started = std::time::Instant::now();
    let status = desk::ops::search_index::status(&desk, args.rebuild, Some(&progress))?;
    if cx.ui.json {
        return cx.ui.out_json(&status);
    }
    let mut lines = vec![format!("index: {}", status.path), format!("tickets: {}", status.tickets)];
    lines.push(format!("tree: {}", status.tree.as_deref().unwrap_or("none (no tickets yet)")));
    match &status.rebuilt {
        Some(why) => lines.push(format!(
            "rebuilt ({why}): {} tickets in {:.2} s",
            status.indexed,
            started.elapsed().as_secs_f64()
        )),
        None if status.indexed + status.removed > 0 => {
            lines.push(format!("updated: {} re-indexed, {} removed", status.indexed, status.removed))
        }
        None => lines.push("up to date".into()),
    }
    lines.push(format!("size: {:.1} MB", status.bytes as f64 / 1e6));
    for path in &status.unreadable {
        lines.push(format!("unreadable: {path}"));
    }
    for path in &status.uncommitted {
        lines.push(format!("uncommitted: {path}"));
    }
    cx.ui.out(&lines.join("\n"))
}
