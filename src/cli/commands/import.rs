use std::path::PathBuf;

use desk::ops::export;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Import tickets from another desk or helpdesk
///
/// Importing is idempotent and resumable: tickets already in the repository are skipped, and
/// tickets are committed in batches of 2000, so an interrupted import can simply be run again.
#[derive(clap::Subcommand, Debug)]
pub enum ImportCommand {
    /// Tickets exported by `desk export json`
    Json {
        /// The export file (`-` reads stdin)
        file: PathBuf,
    },
    /// A CSV file, one ticket per row; columns named like desk fields map by themselves
    Csv {
        /// The CSV file (a header line, then one ticket per row)
        file: PathBuf,
        /// Columns to map: `Subject=title,Body=description,Email=requester` (fields: title,
        /// description, requester, status, priority, type, assignee, team, tags, cc, created,
        /// external, channel, and custom fields)
        #[arg(long, value_name = "COLUMN=FIELD,...")]
        map: Option<String>,
    },
    /// A Zendesk export: the incremental ticket export, with audits (the conversation and
    /// status changes) and users (emails, agents) when given
    Zendesk {
        /// The incremental ticket export (`{"tickets": [...]}`)
        file: PathBuf,
        /// Ticket audits (`{"audits": [...]}`): comments, public and internal, and changes
        #[arg(long, value_name = "FILE")]
        audits: Option<PathBuf>,
        /// Users (`{"users": [...]}`): requester and agent emails
        #[arg(long, value_name = "FILE")]
        users: Option<PathBuf>,
    },
}

/// An error about a whole file, naming it.
fn in_file(file: &std::path::Path, err: desk::Error) -> CommandError {
    let err = CommandError::from(err);
    let mut named = CommandError::user(format!("{}: {}", file.display(), err.message));
    for hint in err.hints {
        named = named.hinted(hint);
    }
    named
}

fn read(cx: &Context, file: &PathBuf) -> Result<String, CommandError> {
    if file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| CommandError::user(format!("reading stdin: {e}")))?;
        return Ok(text);
    }
    let path = cx.dir.join(file);
    std::fs::read_to_string(&path).map_err(|e| CommandError::user(format!("reading {}: {e}", path.display())))
}

pub fn cmd_import(cx: &Context, command: ImportCommand) -> CommandResult {
    let desk = cx.desk()?;
    let actor = cx.actor(&desk)?;
    let mut bar = None;
    let mut progress = |done: usize, total: usize| {
        let bar =
            bar.get_or_insert_with(|| crate::cli::ui::progress_bar(cx.ui.shows_progress(), total as u64, "tickets"));
        bar.set_position(done as u64);
    };
    let (report, extra) = match command {
        ImportCommand::Zendesk { file, audits, users } => {
            let tickets = read(cx, &file)?;
            let audits = audits.map(|a| read(cx, &a)).transpose()?;
            let users = users.map(|u| read(cx, &u)).transpose()?;
            let report = desk::ops::zendesk::import(
                &desk,
                &actor,
                &tickets,
                audits.as_deref(),
                users.as_deref(),
                &mut progress,
            )?;
            let mut notes = Vec::new();
            if report.deleted > 0 {
                notes.push(format!("{} deleted ticket(s) left out", report.deleted));
            }
            if !report.agents_added.is_empty() {
                notes.push(format!("agents added for unknown assignees: {}", report.agents_added.join(", ")));
            }
            let json = serde_json::to_value(&report)?;
            (report.tickets, Some((json, notes)))
        }
        ImportCommand::Csv { file, map } => {
            let text = read(cx, &file)?;
            let map = desk::ops::csv_import::parse_map(map.as_deref().unwrap_or_default())?;
            let source = file.file_name().map_or_else(|| "csv".into(), |n| n.to_string_lossy().into_owned());
            let report = desk::ops::csv_import::import(&desk, &actor, &text, &source, &map, &mut progress);
            (report.map_err(|e| in_file(&file, e))?, None)
        }
        ImportCommand::Json { file } => {
            let text = read(cx, &file)?;
            (export::import_json(&desk, &actor, &text, &mut progress).map_err(|e| in_file(&file, e))?, None)
        }
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if cx.ui.json {
        match &extra {
            Some((json, _)) => cx.ui.out_json(json)?,
            None => cx.ui.out_json(&report)?,
        }
    } else {
        for note in extra.iter().flat_map(|(_, notes)| notes) {
            cx.ui.status(note);
        }
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
