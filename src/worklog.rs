//! Time tracking: time entries recorded in tickets, and timesheets summing them.
//!
//! A time entry is an event with a `time` key: `{"time": {"minutes": 90, "billable": true,
//! "note": "…"}}`, by the agent who worked. It is internal (never shown to customers) and, like
//! every event, merges without conflicts. Pure: the IO is in `ops::time`.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ticket::{Event, Ticket};

/// The `time` payload of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    /// Minutes worked.
    pub minutes: i64,
    /// Whether the time is billable to the customer.
    #[serde(default)]
    pub billable: bool,
    /// What was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One time entry with its ticket, for timesheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeEntry {
    /// Ticket ID.
    pub ticket: String,
    /// Ticket title.
    pub title: String,
    /// The agent who worked.
    pub agent: String,
    /// When it was logged.
    pub at: DateTime<Utc>,
    /// Minutes worked.
    pub minutes: i64,
    /// Billable.
    pub billable: bool,
    /// What was done.
    pub note: Option<String>,
}

/// The event recording `logged` by `agent` at `at` (its id is the caller's).
pub fn event(id: String, at: DateTime<Utc>, agent: &str, logged: &Logged) -> Event {
    let mut event = Event { id, at, by: agent.to_string(), ..Default::default() };
    event.extra.insert("time".into(), serde_json::to_value(logged).unwrap_or_default());
    event
}

/// The time logged on an event, if it records any.
pub fn logged(event: &Event) -> Option<Logged> {
    serde_json::from_value(event.extra.get("time")?.clone()).ok()
}

/// Every time entry of a ticket.
pub fn entries(ticket: &Ticket) -> Vec<TimeEntry> {
    ticket
        .events
        .iter()
        .filter_map(|e| {
            let logged = logged(e)?;
            Some(TimeEntry {
                ticket: ticket.id.clone(),
                title: ticket.title.clone(),
                agent: e.by.clone(),
                at: e.at,
                minutes: logged.minutes,
                billable: logged.billable,
                note: logged.note,
            })
        })
        .collect()
}

/// Total minutes logged on a ticket.
pub fn total_minutes(ticket: &Ticket) -> i64 {
    entries(ticket).iter().map(|e| e.minutes).sum()
}

/// How a timesheet groups its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    /// One row per ticket.
    Ticket,
    /// One row per day (UTC).
    Day,
    /// One row per agent.
    Agent,
}

/// One row of a timesheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The ticket ID, the day (`YYYY-MM-DD`) or the agent.
    pub key: String,
    /// The ticket's title (rows by ticket).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Minutes in total.
    pub minutes: i64,
    /// Billable minutes.
    pub billable_minutes: i64,
    /// Time entries summed.
    pub entries: usize,
}

/// Sums `entries` by `group`, sorted by key (days and agents) or by time spent (tickets).
pub fn summarize(entries: &[TimeEntry], group: GroupBy) -> Vec<Row> {
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for e in entries {
        let key = match group {
            GroupBy::Ticket => e.ticket.clone(),
            GroupBy::Day => e.at.date_naive().format("%Y-%m-%d").to_string(),
            GroupBy::Agent => e.agent.clone(),
        };
        let row = rows.entry(key.clone()).or_insert_with(|| Row {
            key,
            title: (group == GroupBy::Ticket).then(|| e.title.clone()),
            minutes: 0,
            billable_minutes: 0,
            entries: 0,
        });
        row.minutes += e.minutes;
        row.billable_minutes += if e.billable { e.minutes } else { 0 };
        row.entries += 1;
    }
    let mut rows: Vec<Row> = rows.into_values().collect();
    if group == GroupBy::Ticket {
        rows.sort_by(|a, b| b.minutes.cmp(&a.minutes).then_with(|| a.key.cmp(&b.key)));
    }
    rows
}

/// `1h 30m`, `45m`, `2h`.
pub fn format_minutes(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

/// [`format_minutes`] of a figure that may be missing (`—`).
pub fn format_optional_minutes(minutes: Option<i64>) -> String {
    minutes.map_or_else(|| "—".into(), format_minutes)
}

/// Minutes in a duration, rounded to the nearest minute and at least one.
pub fn round_minutes(duration: Duration) -> i64 {
    ((duration.num_seconds() + 30) / 60).max(1)
}

/// Parses a day (`2026-11-23`) as its midnight (UTC).
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ticket: &str, agent: &str, day: u32, minutes: i64, billable: bool) -> TimeEntry {
        TimeEntry {
            ticket: ticket.into(),
            title: format!("T {ticket}"),
            agent: agent.into(),
            at: day_start(NaiveDate::from_ymd_opt(2026, 11, day).unwrap_or_default()),
            minutes,
            billable,
            note: None,
        }
    }

    #[test]
    fn timesheets_sum_by_ticket_day_and_agent() {
        let all =
            [entry("A", "alice", 23, 90, true), entry("B", "bob", 23, 30, false), entry("A", "bob", 24, 15, false)];
        let by_ticket = summarize(&all, GroupBy::Ticket);
        assert_eq!(
            by_ticket.iter().map(|r| (r.key.as_str(), r.minutes, r.billable_minutes)).collect::<Vec<_>>(),
            [("A", 105, 90), ("B", 30, 0)]
        );
        let by_day = summarize(&all, GroupBy::Day);
        assert_eq!(
            by_day.iter().map(|r| (r.key.as_str(), r.minutes)).collect::<Vec<_>>(),
            [("2026-11-23", 120), ("2026-11-24", 15)]
        );
        let by_agent = summarize(&all, GroupBy::Agent);
        assert_eq!(
            by_agent.iter().map(|r| (r.key.as_str(), r.entries)).collect::<Vec<_>>(),
            [("alice", 1), ("bob", 2)]
        );
    }

    #[test]
    fn minutes_read_and_round_like_people_expect() {
        assert_eq!(format_minutes(90), "1h 30m");
        assert_eq!(format_minutes(45), "45m");
        assert_eq!(format_minutes(120), "2h");
        assert_eq!(round_minutes(Duration::seconds(20)), 1);
        assert_eq!(round_minutes(Duration::seconds(95)), 2);
    }
}
