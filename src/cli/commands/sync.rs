use std::process::Command;

use desk::ops::{diff, renumber};

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Share work with the team: fetch, merge (with desk's merge driver), push
///
/// Runs `git fetch`, merges the upstream branch (or rebases onto it with --rebase), and pushes;
/// if the push loses a race with another clone it fetches and tries again. Prints what came in,
/// e.g. "3 new tickets, 5 replies, 1 conflict needs you".
#[derive(clap::Args, Debug)]
pub struct SyncArgs {
    /// Rebase local commits onto the upstream instead of merging
    #[arg(long)]
    rebase: bool,
    /// Remote to sync with (default: the branch's upstream remote, else origin)
    #[arg(long)]
    remote: Option<String>,
    /// Do not push
    #[arg(long)]
    no_push: bool,
}

const ATTEMPTS: usize = 5;

/// Runs git in the repository; merge commits are made by the acting agent when known.
fn git_as(
    root: &std::path::Path,
    who: Option<&desk::ops::Actor>,
    args: &[&str],
) -> Result<std::process::Output, CommandError> {
    let mut command = Command::new("git");
    // desk's merge driver for the merges sync makes, whether or not this clone registered it.
    for (key, value) in desk::ops::init::merge_driver_config()? {
        command.arg("-c").arg(format!("{key}={value}"));
    }
    command.args(args).current_dir(root);
    if let Some(actor) = who {
        for (key, value) in [
            ("GIT_AUTHOR_NAME", &actor.display),
            ("GIT_AUTHOR_EMAIL", &actor.email),
            ("GIT_COMMITTER_NAME", &actor.display),
            ("GIT_COMMITTER_EMAIL", &actor.email),
        ] {
            command.env(key, value);
        }
    }
    // Time comes from one clock: a merge commit made under DESK_NOW carries that time.
    if let Some(now) = std::env::var_os("DESK_NOW") {
        command.env("GIT_AUTHOR_DATE", &now).env("GIT_COMMITTER_DATE", &now);
    }
    command.output().map_err(|e| CommandError::user(format!("running git {}: {e}", args.join(" "))))
}

pub fn cmd_sync(cx: &Context, args: &SyncArgs) -> CommandResult {
    let desk = cx.desk()?;
    let root = desk.store.root().to_path_buf();
    let actor = cx.actor(&desk).ok();
    let git = |root: &std::path::Path, args: &[&str]| git_as(root, actor.as_ref(), args);
    let head = |root: &std::path::Path| -> Result<String, CommandError> {
        Ok(String::from_utf8_lossy(&git(root, &["rev-parse", "HEAD"])?.stdout).trim().to_string())
    };
    let branch = String::from_utf8_lossy(&git(&root, &["symbolic-ref", "--short", "HEAD"])?.stdout).trim().to_string();
    if branch.is_empty() {
        return Err(CommandError::user("HEAD is detached: check out a branch to sync"));
    }
    let remote = match &args.remote {
        Some(remote) => remote.clone(),
        None => {
            let configured = git(&root, &["config", &format!("branch.{branch}.remote")])?;
            let name = String::from_utf8_lossy(&configured.stdout).trim().to_string();
            if name.is_empty() { "origin".into() } else { name }
        }
    };
    let before = head(&root)?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let fetch = git(&root, &["fetch", "--quiet", &remote])?;
        if !fetch.status.success() {
            return Err(CommandError::user(format!(
                "git fetch {remote} failed: {}",
                String::from_utf8_lossy(&fetch.stderr).trim()
            )));
        }
        let upstream = format!("{remote}/{branch}");
        let has_upstream = git(&root, &["rev-parse", "--verify", "--quiet", &upstream])?.status.success();
        if has_upstream {
            let integrate = if args.rebase {
                git(&root, &["rebase", "--quiet", &upstream])?
            } else {
                git(&root, &["merge", "--quiet", "--no-edit", &upstream])?
            };
            if !integrate.status.success() {
                let conflicts =
                    String::from_utf8_lossy(&git(&root, &["diff", "--name-only", "--diff-filter=U"])?.stdout)
                        .lines()
                        .count();
                cx.ui.out(&format!(
                    "{conflicts} conflict(s) need you: resolve them, commit, then run `desk sync` again"
                ))?;
                for id in renumber::collisions(&desk).unwrap_or_default() {
                    let how = if args.rebase {
                        "`git rebase --abort`, `desk sync` without --rebase, then `desk renumber"
                    } else {
                        "`desk renumber"
                    };
                    cx.ui.out(&format!(
                        "{id}: two different tickets were created with this ID; give one a new ID with {how} {id}`"
                    ))?;
                }
                return Err(CommandError::reported());
            }
        }
        if args.no_push {
            break;
        }
        let push = git(&root, &["push", "--quiet", &remote, &format!("HEAD:refs/heads/{branch}")])?;
        if push.status.success() {
            break;
        }
        if attempt >= ATTEMPTS {
            return Err(CommandError::user(format!(
                "git push kept losing races ({ATTEMPTS} tries): {}",
                String::from_utf8_lossy(&push.stderr).trim()
            )));
        }
    }
    let after = head(&root)?;
    let changes = if before == after { Vec::new() } else { diff::diff(&desk, &before, Some(&after))? };
    if cx.ui.json {
        return cx.ui.out_json(&serde_json::json!({ "before": before, "after": after, "changes": changes }));
    }
    let new_tickets = changes.iter().filter(|c| c.change == "added").count();
    let count = |what: &str| changes.iter().flat_map(|c| &c.summary).filter(|s| s.starts_with(what)).count();
    cx.ui.out(&format!(
        "{new_tickets} new tickets, {} replies, {} customer messages, {} notes, {} tickets changed",
        count("public reply"),
        count("message from"),
        count("internal note"),
        changes.len()
    ))
}
