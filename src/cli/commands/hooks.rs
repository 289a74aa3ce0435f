use desk::ops::automate;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Manage the git hooks desk uses
#[derive(clap::Subcommand, Debug)]
pub enum HooksCommand {
    /// Install the post-commit hook that runs automation rules after plain `git commit`s, and
    /// register the merge driver (both are per clone: git does not clone them)
    Install,
}

pub fn cmd_hooks(cx: &Context, command: HooksCommand) -> CommandResult {
    match command {
        HooksCommand::Install => {
            let desk = cx.desk()?;
            let path = automate::install_hook(desk.store.git())?;
            desk::ops::init::register_merge_driver(&desk.store)?;
            if cx.ui.json {
                return cx.ui.out_json(&serde_json::json!({ "hook": path, "merge_driver": true }));
            }
            cx.ui.out(&format!("Installed {} (runs `desk automate --hook`).", path.display()))?;
            cx.ui.out("Registered desk's merge driver for tickets/**/*.md.")
        }
    }
}
