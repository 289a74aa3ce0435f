use std::path::PathBuf;

use desk::ops::init;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Create a ticket repository from the built-in template
///
/// Creates DIR (default: the current directory), makes it a git repository if it is not one,
/// and commits the template: `.desk/` configuration (agents, teams, types, priorities,
/// workflows), a README for the support team and `.gitattributes`. When `git config
/// user.email` is set, that person becomes the first agent.
#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Directory to create the repository in
    dir: Option<PathBuf>,
}

pub fn cmd_init(cx: &Context, args: &InitArgs) -> CommandResult {
    let dir = match &args.dir {
        Some(dir) => cx.dir.join(dir),
        None => cx.dir.clone(),
    };
    let clock = desk::clock::Clock::from_env().map_err(CommandError::user)?;
    let done = init::init(&dir, &clock)?;
    if cx.ui.json {
        return cx.ui.out_json(&done);
    }
    let what = if done.new_repository { "Created desk repository" } else { "Added desk to the git repository" };
    cx.ui.out(&format!("{what} in {}", done.path.display()))?;
    match &done.agent {
        Some(agent) => cx.ui.status(&format!("You are agent `{agent}` (from git config user.email).")),
        None => cx.ui.status("Add yourself with `desk agent add NAME --email EMAIL --team support`."),
    }
    Ok(())
}
