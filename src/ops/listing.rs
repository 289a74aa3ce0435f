//! `desk list`: reading every ticket, filtering and sorting them into rows.
//!
//! A ticket file that cannot be read is reported next to the rows, never instead of them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Actor, Desk, Loaded};
use crate::config::Category;
use crate::error::Error;
use crate::id::{self, TicketId};
use crate::store::TICKETS_DIR;

/// Filters of `desk list`; each list is "any of", an empty list matches everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Statuses or status categories.
    pub statuses: Vec<String>,
    /// Agents, `me` or `none`.
    pub assignees: Vec<String>,
    /// Priorities.
    pub priorities: Vec<String>,
    /// Types.
    pub types: Vec<String>,
    /// Tags (a ticket must have all of them).
    pub tags: Vec<String>,
    /// Include solved and closed tickets.
    pub all: bool,
}

/// One ticket as a row of `desk list`.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Full ID.
    pub id: String,
    /// Shortest unambiguous prefix.
    pub short_id: String,
    /// Path of the file.
    pub path: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// Status category (`null` if the status is unknown).
    pub category: Option<Category>,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Priority.
    pub priority: String,
    /// Assignee.
    pub assignee: Option<String>,
    /// Team.
    pub team: Option<String>,
    /// Requester.
    pub requester: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Time of the last entry or event.
    pub updated: DateTime<Utc>,
}

/// Reads every ticket file; unreadable ones come back as errors beside the others.
pub fn load_all(desk: &Desk) -> (Vec<Loaded>, Vec<Error>) {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    let shards = match desk.store.list_dir(TICKETS_DIR) {
        Ok(shards) => shards,
        Err(err) => return (loaded, vec![err]),
    };
    for shard in shards {
        let dir = format!("{TICKETS_DIR}/{shard}");
        let names = match desk.store.list_dir(&dir) {
            Ok(names) => names,
            Err(err) => {
                errors.push(err);
                continue;
            }
        };
        for name in names.iter().filter(|n| n.ends_with(".md")) {
            let Some(id) = name.strip_suffix(".md").and_then(TicketId::parse) else { continue };
            match desk.load(&id) {
                Ok(ticket) => loaded.push(ticket),
                Err(err) => errors.push(err),
            }
        }
    }
    (loaded, errors)
}

impl Filter {
    /// Whether `ticket` passes the filter; `me` resolves to `actor`.
    pub fn matches(&self, desk: &Desk, loaded: &Loaded, actor: Option<&Actor>) -> bool {
        let t = loaded.file.ticket();
        let category = desk.category_of(t);
        let status_ok = if self.statuses.is_empty() {
            self.all || category.is_none_or(Category::is_unresolved)
        } else {
            self.statuses.iter().any(|s| *s == t.status || category.is_some_and(|c| c.as_str() == s))
        };
        let assignee_ok = self.assignees.is_empty()
            || self.assignees.iter().any(|a| match a.as_str() {
                "none" => t.assignee.is_none(),
                "me" => actor.is_some_and(|me| t.assignee.as_deref() == Some(&me.name)),
                name => t.assignee.as_deref() == Some(name),
            });
        status_ok
            && assignee_ok
            && (self.priorities.is_empty() || self.priorities.contains(&t.priority))
            && (self.types.is_empty() || self.types.contains(&t.kind))
            && self.tags.iter().all(|tag| t.tags.contains(tag))
    }
}

/// Filters and sorts tickets into rows: highest priority first, then oldest first.
pub fn rows(desk: &Desk, tickets: &[Loaded], filter: &Filter, actor: Option<&Actor>) -> Vec<Row> {
    let mut rows: Vec<Row> = tickets
        .iter()
        .filter(|l| filter.matches(desk, l, actor))
        .map(|l| {
            let t = l.file.ticket();
            Row {
                id: t.id.clone(),
                short_id: String::new(),
                path: l.path.clone(),
                title: t.title.clone(),
                status: t.status.clone(),
                category: desk.category_of(t),
                kind: t.kind.clone(),
                priority: t.priority.clone(),
                assignee: t.assignee.clone(),
                team: t.team.clone(),
                requester: t.requester.clone(),
                tags: t.tags.clone(),
                created: t.created,
                updated: t.last_activity(),
            }
        })
        .collect();
    let all_ids: Vec<&str> = tickets.iter().map(|l| l.id.as_str()).collect();
    for row in &mut rows {
        let len = id::short_len(&row.id, all_ids.iter().copied().filter(|other| other[..2] == row.id[..2]));
        row.short_id = row.id[..len].to_string();
    }
    let rank = |p: &str| desk.config.priority_rank(p).map_or(-1, |r| r as i64);
    rows.sort_by(|a, b| {
        rank(&b.priority).cmp(&rank(&a.priority)).then(a.created.cmp(&b.created)).then(a.id.cmp(&b.id))
    });
    rows
}
