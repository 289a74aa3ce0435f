use desk::ops::time::{self, TimesheetFilter};
use desk::worklog::{GroupBy, format_minutes};

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Time logged on tickets, summed by ticket, day or agent
#[derive(clap::Args, Debug)]
pub struct TimesheetArgs {
    /// Only this agent's time (`me` for yours)
    #[arg(long)]
    agent: Option<String>,
    /// Logged at or after (2026-11-01, -7d, today)
    #[arg(long, allow_hyphen_values = true)]
    since: Option<String>,
    /// Logged before (2026-12-01, today)
    #[arg(long, allow_hyphen_values = true)]
    until: Option<String>,
    /// One row per ticket, day or agent
    #[arg(long, value_enum, default_value_t = By::Ticket)]
    by: By,
    /// Output format (--json is the same as --format json)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum By {
    Ticket,
    Day,
    Agent,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// A table
    Table,
    /// CSV with a header line
    Csv,
    /// JSON (rows, totals and entries)
    Json,
}

pub fn cmd_timesheet(cx: &Context, args: &TimesheetArgs) -> CommandResult {
    let desk = cx.desk()?;
    let now = desk.now();
    let instant = |value: &Option<String>| -> Result<_, CommandError> {
        value
            .as_deref()
            .map(|v| desk::query::parse_instant(v, now))
            .transpose()
            .map_err(|e| CommandError::user(e.message).hinted(e.hint.unwrap_or_default()))
    };
    let agent = match args.agent.as_deref() {
        Some("me") => Some(cx.actor(&desk)?.name),
        Some(who) => Some(
            desk.config
                .find_agent(who)
                .map(|(name, _)| name.to_string())
                .ok_or_else(|| CommandError::user(format!("`{who}` is not an agent")).hinted(desk.agent_choices()))?,
        ),
        None => None,
    };
    let filter = TimesheetFilter { agent, since: instant(&args.since)?, until: instant(&args.until)? };
    let by = match args.by {
        By::Ticket => GroupBy::Ticket,
        By::Day => GroupBy::Day,
        By::Agent => GroupBy::Agent,
    };
    let sheet = time::timesheet(&desk, &filter, by);
    for error in &sheet.errors {
        cx.ui.warn(error);
    }
    let format = if cx.ui.json { Format::Json } else { args.format };
    let key = match by {
        GroupBy::Ticket => "TICKET",
        GroupBy::Day => "DAY",
        GroupBy::Agent => "AGENT",
    };
    match format {
        Format::Json => cx.ui.out_json(&sheet)?,
        Format::Csv => {
            let rows = sheet.rows.iter().map(|r| {
                vec![
                    r.key.clone(),
                    r.title.clone().unwrap_or_default(),
                    r.minutes.to_string(),
                    r.billable_minutes.to_string(),
                    r.entries.to_string(),
                ]
            });
            cx.ui.out(
                crate::cli::ui::csv_text(
                    &[&key.to_lowercase(), "title", "minutes", "billable_minutes", "entries"],
                    rows,
                )?
                .trim_end(),
            )?
        }
        Format::Table if sheet.rows.is_empty() => cx.ui.out("No time logged.")?,
        Format::Table => {
            let short =
                |id: &str| desk::id::TicketId::parse(id).map_or_else(|| id.to_string(), |id| desk.short_id(&id));
            let mut rows: Vec<Vec<String>> = sheet
                .rows
                .iter()
                .map(|r| {
                    let key = if by == GroupBy::Ticket { short(&r.key) } else { r.key.clone() };
                    let mut row = vec![key, format_minutes(r.minutes), format_minutes(r.billable_minutes)];
                    if by == GroupBy::Ticket {
                        row.push(r.title.clone().unwrap_or_default());
                    }
                    row
                })
                .collect();
            let mut total =
                vec!["total".to_string(), format_minutes(sheet.minutes), format_minutes(sheet.billable_minutes)];
            if by == GroupBy::Ticket {
                total.push(String::new());
            }
            rows.push(total);
            let mut header = vec![key, "TIME", "BILLABLE"];
            if by == GroupBy::Ticket {
                header.push("TITLE");
            }
            cx.ui.out(&crate::cli::ui::plain_table(&header, rows))?
        }
    }
    Ok(())
}
