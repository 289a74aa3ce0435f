use desk::ops::history;

use crate::cli::Context;
use crate::cli::error::CommandResult;
use crate::cli::ui::styles;

/// Show a ticket's history from git: every commit that changed its file
#[derive(clap::Args, Debug)]
pub struct LogArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
}

pub fn cmd_log(cx: &Context, args: &LogArgs) -> CommandResult {
    let desk = cx.desk()?;
    let id = desk.resolve(&args.id)?;
    let entries = history::log(&desk, &id)?;
    if cx.ui.json {
        return cx.ui.out_json(&entries);
    }
    let mut out = String::new();
    for entry in &entries {
        out.push_str(&format!(
            "{} {} {} {}\n",
            cx.ui.paint(styles::ID, &entry.commit[..10]),
            cx.ui.paint(styles::DIM, entry.at.format("%Y-%m-%d %H:%M")),
            crate::cli::ui::clean(&entry.author),
            crate::cli::ui::clean(&entry.subject)
        ));
    }
    cx.ui.out(&out)
}
