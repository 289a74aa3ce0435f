//! Time tracking: `desk time log`, `desk timer start|stop|status|cancel`, `desk timesheet`.
//!
//! A running timer is personal and unfinished, so it lives outside the repository, in
//! `desk-timers/<agent>.json` under the git common directory (shared by worktrees, never
//! committed). Stopping it records a time entry in the ticket like `desk time log` does.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::listing::scan;
use super::{Actor, Desk, Outcome};
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::worklog::{self, GroupBy, Logged, Row, TimeEntry, format_minutes};

/// A running timer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    /// The ticket being worked on.
    pub ticket: String,
    /// When the timer started.
    pub started: DateTime<Utc>,
    /// What is being done, if said at the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Parses `1h30m`, `90m`, `2h` (at least a minute).
pub fn parse_minutes(text: &str) -> Result<i64> {
    match crate::sla::parse_duration(text, chrono::Duration::days(1)).map(|d| d.num_minutes()) {
        Some(minutes) if minutes > 0 => Ok(minutes),
        Some(_) => Err(Error::invalid_with(format!("`{text}` is less than a minute"), "log at least 1m")),
        None => Err(Error::invalid_with(format!("`{text}` is not a duration"), "e.g. 1h30m, 45m, 2h")),
    }
}

/// Records `minutes` of work by `actor` on a ticket.
pub fn log(
    desk: &Desk,
    actor: &Actor,
    id: &TicketId,
    minutes: i64,
    billable: bool,
    note: Option<&str>,
) -> Result<Outcome> {
    let logged = Logged { minutes, billable, note: note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_string) };
    desk.update(id, actor, "time", |desk, file, event| {
        super::change::ensure_not_closed(desk, file, "take time entries")?;
        event.extra.insert("time".into(), serde_json::to_value(&logged).unwrap_or_default());
        let mut summary = format!("logged {}", format_minutes(minutes));
        if billable {
            summary.push_str(" (billable)");
        }
        if let Some(note) = &logged.note {
            summary.push_str(&format!(": {note}"));
        }
        let total = worklog::total_minutes(file.ticket()) + minutes;
        summary.push_str(&format!("; {} in total", format_minutes(total)));
        Ok(summary)
    })
}

fn timer_path(desk: &Desk, actor: &Actor) -> PathBuf {
    desk.store.git().commondir().join("desk-timers").join(format!("{}.json", actor.name))
}

/// The acting agent's running timer.
pub fn running(desk: &Desk, actor: &Actor) -> Result<Option<Timer>> {
    let path = timer_path(desk, actor);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
            Error::invalid_with(
                format!("{} is damaged ({e})", path.display()),
                "remove it with `desk timer cancel`, then start again",
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(format!("reading {}", path.display()), e)),
    }
}

/// Starts the acting agent's timer on a ticket (one timer per agent).
pub fn start(desk: &Desk, actor: &Actor, id: &TicketId, note: Option<&str>) -> Result<Timer> {
    if let Some(timer) = running(desk, actor)? {
        return Err(Error::invalid_with(
            format!(
                "your timer is already running on {} (since {})",
                timer.ticket,
                crate::clock::format_time(&timer.started)
            ),
            "stop it first with `desk timer stop` (or drop it with `desk timer cancel`)",
        ));
    }
    let loaded = desk.load(id)?;
    if desk.category_of(loaded.file.ticket()) == Some(crate::config::Category::Closed) {
        return Err(Error::invalid(format!("ticket {id} is closed")));
    }
    let timer = Timer { ticket: id.to_string(), started: desk.now(), note: note.map(str::to_string) };
    let path = timer_path(desk, actor);
    let dir = path.parent().unwrap_or(&path).to_path_buf();
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(&timer).unwrap_or_default();
    std::fs::write(&tmp, text).map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    Ok(timer)
}

fn no_timer() -> Error {
    Error::invalid_with("no timer is running", "start one with `desk timer start ID`")
}

/// Stops the acting agent's timer and records the time on its ticket.
pub fn stop(desk: &Desk, actor: &Actor, billable: bool, note: Option<&str>) -> Result<Outcome> {
    let timer = running(desk, actor)?.ok_or_else(no_timer)?;
    let id = TicketId::parse(&timer.ticket).ok_or_else(|| Error::NoSuchTicket(timer.ticket.clone()))?;
    let minutes = worklog::round_minutes(desk.now() - timer.started);
    let note = note.map(str::to_string).or(timer.note.clone());
    let outcome = log(desk, actor, &id, minutes, billable, note.as_deref())?;
    let path = timer_path(desk, actor);
    std::fs::remove_file(&path).map_err(|e| Error::io(format!("removing {}", path.display()), e))?;
    Ok(outcome)
}

/// Drops the acting agent's timer without recording anything.
pub fn cancel(desk: &Desk, actor: &Actor) -> Result<Timer> {
    let timer = running(desk, actor)?.ok_or_else(no_timer)?;
    let path = timer_path(desk, actor);
    std::fs::remove_file(&path).map_err(|e| Error::io(format!("removing {}", path.display()), e))?;
    Ok(timer)
}

/// Which time entries a timesheet covers.
#[derive(Debug, Clone, Default)]
pub struct TimesheetFilter {
    /// Only this agent's entries.
    pub agent: Option<String>,
    /// Logged at or after.
    pub since: Option<DateTime<Utc>>,
    /// Logged before.
    pub until: Option<DateTime<Utc>>,
}

/// A timesheet: the rows and the entries behind them.
#[derive(Debug, Clone, Serialize)]
pub struct Timesheet {
    /// How rows are grouped.
    pub by: GroupBy,
    /// The rows.
    pub rows: Vec<Row>,
    /// Minutes in total.
    pub minutes: i64,
    /// Billable minutes in total.
    pub billable_minutes: i64,
    /// The entries, oldest first.
    pub entries: Vec<TimeEntry>,
    /// Tickets that could not be read (their time is missing from the sums).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

/// Every time entry matching `filter`, summed by `by`.
pub fn timesheet(desk: &Desk, filter: &TimesheetFilter, by: GroupBy) -> Timesheet {
    let (lists, _, errors) = scan(desk, |_, _, t| Some(worklog::entries(t)));
    let mut entries: Vec<TimeEntry> = lists
        .into_iter()
        .flatten()
        .filter(|e| filter.agent.as_ref().is_none_or(|a| &e.agent == a))
        .filter(|e| filter.since.is_none_or(|s| e.at >= s))
        .filter(|e| filter.until.is_none_or(|u| e.at < u))
        .collect();
    entries.sort_by(|a, b| (a.at, &a.ticket).cmp(&(b.at, &b.ticket)));
    let rows = worklog::summarize(&entries, by);
    Timesheet {
        by,
        minutes: entries.iter().map(|e| e.minutes).sum(),
        billable_minutes: entries.iter().filter(|e| e.billable).map(|e| e.minutes).sum(),
        rows,
        entries,
        errors: errors.iter().map(ToString::to_string).collect(),
    }
}
