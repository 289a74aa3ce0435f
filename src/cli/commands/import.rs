use std::path::PathBuf;

use desk::ops::export;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Import tickets from another desk or helpdesk
///
/// Importing is idempotent and resumable: tickets already in the repository are skipped, and
/// tickets are committed in batches of 1000, so an interrupted import can simply be run again.
#[derive(clap::Subcommand, Debug)]
pub enum ImportCommand {
    /// Tickets exported by `desk export json`
    Json {
        /// The export file (`-` reads stdin)
        file: PathBuf,
    },
}

fn progress_bar(cx: &Context, total: u64) -> indicatif::ProgressBar {
    // A bar only on a terminal, and only for runs long enough to need one.
    if cx.ui.json || total < 2000 || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} tickets ({per_sec}, {eta} left)") {
        bar.set_style(style);
    }
    bar
}

fn read(cx: &Context, file: &PathBuf) -> Result<String, CommandError> {
    if file.as_os_str() == "-" {
        return crate::cli::input::message_arg("-");
    }
    let path = cx.dir.join(file);
    std::fs::read_to_string(&path).map_err(|e| CommandError::user(format!("reading {}: {e}", path.display())))
}

pub fn cmd_import(cx: &Context, command: ImportCommand) -> CommandResult {
    let desk = cx.desk()?;
    let actor = cx.actor(&desk)?;
    let report = match command {
        ImportCommand::Json { file } => {
            let text = read(cx, &file)?;
            let mut bar = None;
            let report = export::import_json(&desk, &actor, &text, &mut |done, total| {
                let bar = bar.get_or_insert_with(|| progress_bar(cx, total as u64));
                bar.set_position(done as u64);
            })?;
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            report
        }
    };
    if cx.ui.json {
        cx.ui.out_json(&report)?;
    } else {
        for error in &report.errors {
            cx.ui.warn(error);
        }
        cx.ui.out(&format!(
            "Imported {} ticket(s) in {} commit(s); {} already there.",
            report.imported,
            report.commits.len(),
            report.skipped
        ))?;
    }
    if report.errors.is_empty() { Ok(()) } else { Err(CommandError::reported()) }
}
