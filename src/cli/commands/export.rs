use desk::ops::export;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Export tickets with every field and entry, as JSON or CSV
///
/// JSON is an array of tickets in the `desk show --json` shape (entries and events included);
/// `desk import json` reads it back. CSV has one row per ticket (lists joined with `;`, custom
/// fields last). The query selects tickets (all statuses by default), as in `desk search`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// json or csv
    #[arg(value_parser = ["json", "csv"])]
    format: String,
    /// Which tickets (the query language of `desk list`; default: all)
    query: Vec<String>,
    /// Write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
}

pub fn cmd_export(cx: &Context, args: &ExportArgs) -> CommandResult {
    let desk = cx.desk()?;
    let text = args.query.join(" ");
    let query = desk::query::parse_with(&text, desk.now(), &desk.config.custom_field_names())
        .and_then(|q| q.check_values(&desk.config).map(|()| q))
        .map_err(|e| CommandError::user(format!("bad query: {}", e.message)).hinted(e.hint.unwrap_or_default()))?;
    let (tickets, errors) = export::export(&desk, &query);
    for error in &errors {
        cx.ui.warn(&error.to_string());
    }
    let out = if args.format == "json" || cx.ui.json {
        serde_json::to_string_pretty(&tickets)? + "\n"
    } else {
        let (header, rows) = export::csv_rows(&desk, &tickets);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        crate::cli::ui::csv_text(&header, rows)?
    };
    match &args.output {
        Some(path) => {
            let path = cx.dir.join(path);
            std::fs::write(&path, out).map_err(|e| CommandError::user(format!("writing {}: {e}", path.display())))?;
            cx.ui.status(&format!("Exported {} ticket(s) to {}.", tickets.len(), path.display()));
        }
        None => cx.ui.out(out.trim_end())?,
    }
    if errors.is_empty() { Ok(()) } else { Err(CommandError::reported()) }
}
