use std::path::PathBuf;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Merge a ticket file three ways (git calls this as a merge driver)
///
/// `desk init` registers it for `tickets/**/*.md` in .gitattributes and the repository's git
/// config (`merge.desk.driver`); in a clone, run `desk merge-driver --install` once. Entries and events from both sides are kept, lists are united
/// with removals honoured, and a field changed differently on both sides keeps the later change
/// and records the other in a `merged` event. A file that does not parse falls back to git's
/// line merge with conflict markers.
#[derive(clap::Args, Debug)]
pub struct MergeDriverArgs {
    /// Register the driver in this repository's git config instead of merging
    #[arg(long, conflicts_with_all = ["base", "ours", "theirs", "path"])]
    install: bool,
    /// The common ancestor (%O)
    #[arg(required_unless_present = "install")]
    base: Option<PathBuf>,
    /// Ours (%A); the result is written here
    #[arg(required_unless_present = "install")]
    ours: Option<PathBuf>,
    /// Theirs (%B)
    #[arg(required_unless_present = "install")]
    theirs: Option<PathBuf>,
    /// The path in the repository (%P), for messages
    path: Option<String>,
}

pub fn cmd_merge_driver(cx: &Context, args: &MergeDriverArgs) -> CommandResult {
    let (Some(base_path), Some(ours_path), Some(theirs_path)) = (&args.base, &args.ours, &args.theirs) else {
        let desk = cx.desk()?;
        desk::ops::init::register_merge_driver(&desk.store)?;
        if cx.ui.json {
            return cx.ui.out_json(&serde_json::json!({ "registered": true, "files": "tickets/**/*.md" }));
        }
        cx.ui.status("Registered desk's merge driver for tickets/**/*.md in .git/config.");
        return Ok(());
    };
    let read = |p: &PathBuf| {
        std::fs::read_to_string(p).map_err(|e| CommandError::user(format!("reading {}: {e}", p.display())))
    };
    let (base, ours, theirs) = (read(base_path)?, read(ours_path)?, read(theirs_path)?);
    let name = args.path.clone().unwrap_or_else(|| ours_path.display().to_string());
    // git runs the driver at the top of the working tree: the configuration says which statuses
    // close a ticket and how priorities rank. Without one, the merge goes by times alone.
    let config = cx.desk().ok().map(|desk| desk.config.clone());
    let rules: &dyn desk::merge::Rules = match &config {
        Some(config) => config,
        None => &desk::merge::NoRules,
    };
    match desk::merge::merge(&base, &ours, &theirs, rules) {
        Ok(merged) => {
            std::fs::write(ours_path, merged.text)
                .map_err(|e| CommandError::user(format!("writing {}: {e}", ours_path.display())))?;
            for field in merged.resolved {
                cx.ui.status(&format!("desk merge {name}: both sides changed {field}"));
            }
            Ok(())
        }
        Err(err) => {
            cx.ui.warn(&format!("{name}: {err}; falling back to a line merge"));
            let status = std::process::Command::new("git")
                .arg("merge-file")
                .args([ours_path, base_path, theirs_path])
                .status()
                .map_err(|e| CommandError::user(format!("running git merge-file: {e}")))?;
            if status.success() { Ok(()) } else { Err(CommandError::reported()) }
        }
    }
}
