use comfy_table::{Cell, Color, ContentArrangement, Table};
use desk::ops::listing::{self, Filter, Row};

use crate::cli::Context;
use crate::cli::error::CommandResult;
use crate::cli::ui::Ui;

/// List tickets as a table (open work by default)
///
/// Shows unresolved tickets (status category new, open or pending), highest priority first,
/// then oldest first. Filters combine with AND; repeat one to allow any of several values.
#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Only these statuses or status categories (repeatable)
    #[arg(short, long = "status", value_name = "STATUS")]
    statuses: Vec<String>,
    /// Only tickets assigned to these agents; `me` and `none` work (repeatable)
    #[arg(short, long = "assignee", value_name = "AGENT")]
    assignees: Vec<String>,
    /// Only these priorities (repeatable)
    #[arg(short, long = "priority", value_name = "PRIORITY")]
    priorities: Vec<String>,
    /// Only these types (repeatable)
    #[arg(short = 't', long = "type", value_name = "TYPE")]
    types: Vec<String>,
    /// Only tickets with all these tags (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Include solved and closed tickets
    #[arg(long)]
    all: bool,
}

pub fn cmd_list(cx: &Context, args: &ListArgs) -> CommandResult {
    let desk = cx.desk()?;
    let actor = if args.assignees.iter().any(|a| a == "me") { Some(cx.actor(&desk)?) } else { None };
    let filter = Filter {
        statuses: args.statuses.clone(),
        assignees: args.assignees.clone(),
        priorities: args.priorities.clone(),
        types: args.types.clone(),
        tags: args.tags.clone(),
        all: args.all,
    }
    .validated(&desk)?;
    let (rows, total, errors) = listing::rows(&desk, &filter, actor.as_ref());
    for err in &errors {
        cx.ui.warn(&format!("skipped {err}"));
    }
    if cx.ui.json {
        cx.ui.out_json(&rows)?;
    } else if rows.is_empty() {
        cx.ui.status(if total == 0 { "No tickets yet: create one with `desk new`." } else { "No tickets match." });
    } else {
        cx.ui.out(&table(&cx.ui, &rows, desk.now()))?;
    }
    if errors.is_empty() { Ok(()) } else { Err(crate::cli::error::CommandError::reported()) }
}

fn age(now: chrono::DateTime<chrono::Utc>, then: chrono::DateTime<chrono::Utc>) -> String {
    let minutes = (now - then).num_minutes().max(0);
    match minutes {
        0..=59 => format!("{minutes}m"),
        60..=1439 => format!("{}h", minutes / 60),
        _ => format!("{}d", minutes / 1440),
    }
}

fn table(ui: &Ui, rows: &[Row], now: chrono::DateTime<chrono::Utc>) -> String {
    let mut table = Table::new();
    table.load_style(comfy_table::presets::NOTHING).set_content_arrangement(ContentArrangement::Dynamic);
    if ui.color() {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(["ID", "PRIORITY", "STATUS", "TYPE", "ASSIGNEE", "REQUESTER", "UPDATED", "TITLE"]);
    for row in rows {
        let priority_color = match row.priority.as_str() {
            "urgent" => Some(Color::Red),
            "high" => Some(Color::Yellow),
            "low" => Some(Color::DarkGrey),
            _ => None,
        };
        let status_color = match row.category.map(|c| c.as_str()) {
            Some("new") => Some(Color::Cyan),
            Some("open") => Some(Color::Green),
            Some("pending") => Some(Color::Blue),
            Some(_) => Some(Color::DarkGrey),
            None => Some(Color::Red),
        };
        let paint = |text: &str, color: Option<Color>| match color {
            Some(color) if ui.color() => Cell::new(text).fg(color),
            _ => Cell::new(text),
        };
        table.add_row(vec![
            paint(&row.short_id, Some(Color::Yellow)),
            paint(&row.priority, priority_color),
            paint(&row.status, status_color),
            Cell::new(&row.kind),
            Cell::new(row.assignee.as_deref().unwrap_or("—")),
            Cell::new(row.requester.as_deref().unwrap_or("—")),
            Cell::new(age(now, row.updated)),
            Cell::new(&row.title),
        ]);
    }
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    table.lines().map(|l| l.trim_end().to_string()).collect::<Vec<_>>().join("\n")
}
