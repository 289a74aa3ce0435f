//! `desk list`: reading every ticket, filtering and sorting them into rows.
//!
//! A ticket file that cannot be read is reported next to the rows, never instead of them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Actor, Desk, Loaded};
use crate::config::Category;
use crate::config::Config;
use crate::error::Error;
use crate::id::{self, TicketId};
use crate::query::{Context as QueryContext, Query, SortKey, sla_summary};
use crate::store::TICKETS_DIR;
use crate::ticket::{Ticket, TicketFile};

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
    /// Channel.
    pub channel: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Time of the last entry or event.
    pub updated: DateTime<Utc>,
    /// SLA state: `breached`, `active`, `paused`, `met` or `none` (present when the query, sort
    /// or columns use SLA).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<&'static str>,
    /// Earliest due time of the unmet SLA targets (present, possibly `null`, with `sla`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Option<DateTime<Utc>>>,
}

/// Calls `visit` with every ticket that can be read, in ID order; returns the errors of those
/// that cannot. Tickets are handed over one at a time so memory stays flat.
pub fn for_each_ticket(desk: &Desk, mut visit: impl FnMut(Loaded)) -> Vec<Error> {
    let mut errors = Vec::new();
    let shards = match desk.store.list_subdirs(TICKETS_DIR) {
        Ok(shards) => shards,
        Err(err) => return vec![err],
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
                Ok(ticket) => visit(ticket),
                Err(err) => errors.push(err),
            }
        }
    }
    errors
}

/// Reads every ticket and maps it with `map`, on all cores when the repository has a working
/// tree (each thread takes every n-th shard directory). Returns the mapped values (in no
/// particular order), how many ticket files were read, and the errors of unreadable ones.
pub fn scan<T: Send>(
    desk: &Desk,
    map: impl Fn(&TicketId, &str, &Ticket) -> Option<T> + Sync,
) -> (Vec<T>, usize, Vec<Error>) {
    let shards = match desk.store.list_subdirs(TICKETS_DIR) {
        Ok(shards) => shards,
        Err(err) => return (Vec::new(), 0, vec![err]),
    };
    let Some(root) = desk.store.has_workdir().then(|| desk.store.root().to_path_buf()) else {
        let mut out = Vec::new();
        let mut count = 0;
        let errors = for_each_ticket(desk, |loaded| {
            count += 1;
            out.extend(map(&loaded.id, &loaded.path, loaded.file.ticket()));
        });
        return (out, count, errors);
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(shards.len().max(1));
    let (shards, root, map) = (&shards, &root, &map);
    let parts: Vec<(Vec<T>, usize, Vec<Error>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|part| {
                scope.spawn(move || {
                    let (mut out, mut count, mut errors) = (Vec::new(), 0, Vec::new());
                    for shard in shards.iter().skip(part).step_by(threads) {
                        let dir = root.join(TICKETS_DIR).join(shard);
                        let Ok(names) = std::fs::read_dir(&dir) else { continue };
                        for name in names.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()) {
                            let Some(id) = name.strip_suffix(".md").and_then(TicketId::parse) else { continue };
                            count += 1;
                            let path = id.path();
                            let text = match std::fs::read_to_string(root.join(&path)) {
                                Ok(text) => text,
                                Err(e) => {
                                    errors.push(Error::io(format!("reading {path}"), e));
                                    continue;
                                }
                            };
                            match TicketFile::parse(&text) {
                                Ok(file) => out.extend(map(&id, &path, file.ticket())),
                                Err(e) => errors.push(Error::Syntax { path, line: e.line, message: e.message }),
                            }
                        }
                    }
                    (out, count, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    let mut result = (Vec::new(), 0, Vec::new());
    for (out, count, errors) in parts {
        result.0.extend(out);
        result.1 += count;
        result.2.extend(errors);
    }
    result.2.sort_by_key(|e| e.to_string());
    result
}

impl Filter {
    /// Checks every value against the configuration (agents may be given by email) and
    /// returns the filter with agent names; an unknown value is an error listing the choices.
    pub fn validated(mut self, desk: &Desk) -> Result<Filter, Error> {
        let config = &desk.config;
        let choices = |values: Vec<String>| values.join(", ");
        let statuses: Vec<String> = config
            .workflows
            .values()
            .flat_map(|w| w.statuses.keys().cloned())
            .chain(Category::ALL.iter().map(|c| c.as_str().to_string()))
            .fold(Vec::new(), |mut all, s| {
                if !all.contains(&s) {
                    all.push(s);
                }
                all
            });
        for status in &self.statuses {
            if !statuses.contains(status) {
                return Err(Error::invalid_with(
                    format!("unknown status `{status}`"),
                    format!("statuses and categories: {}", choices(statuses.clone())),
                ));
            }
        }
        for assignee in &mut self.assignees {
            if assignee != "me" && assignee != "none" {
                *assignee = super::create::validate_agent(desk, assignee)?;
            }
        }
        for priority in &self.priorities {
            super::create::validate_priority(desk, priority)?;
        }
        for kind in &self.types {
            if !config.types.contains_key(kind) {
                return Err(Error::invalid_with(format!("unknown type `{kind}`"), desk.type_choices()));
            }
        }
        Ok(self)
    }

    /// Whether `ticket` passes the filter; `me` resolves to `actor`.
    pub fn matches(&self, config: &Config, t: &Ticket, me: Option<&str>) -> bool {
        let category = config.category_of(t);
        let status_ok = if self.statuses.is_empty() {
            self.all || category.is_none_or(Category::is_unresolved)
        } else {
            self.statuses.iter().any(|s| *s == t.status || category.is_some_and(|c| c.as_str() == s))
        };
        let assignee_ok = self.assignees.is_empty()
            || self.assignees.iter().any(|a| match a.as_str() {
                "none" => t.assignee.is_none(),
                "me" => me.is_some_and(|me| t.assignee.as_deref() == Some(me)),
                name => t.assignee.as_deref() == Some(name),
            });
        status_ok
            && assignee_ok
            && (self.priorities.is_empty() || self.priorities.contains(&t.priority))
            && (self.types.is_empty() || self.types.contains(&t.kind))
            && self.tags.iter().all(|tag| t.tags.contains(tag))
    }
}

/// Every ticket that passes `filter` and `query`, as rows sorted by the query's `sort:` (default:
/// highest priority first, then oldest first) and cut at its `limit:`; plus the number of
/// tickets read and the errors of files that could not be read.
pub fn rows(
    desk: &Desk,
    filter: &Filter,
    query: &Query,
    actor: Option<&Actor>,
    with_sla: bool,
) -> (Vec<Row>, usize, Vec<Error>) {
    let mut filter = filter.clone();
    filter.all |= query.constrains_status();
    let sla = if with_sla { desk.sla().ok() } else { None };
    let me = actor.map(|a| a.name.as_str());
    let context = QueryContext { config: &desk.config, me, sla: sla.as_ref(), now: desk.now() };
    let config = &desk.config;
    let (found, _, errors) = scan(desk, |id, path, t| {
        if !filter.matches(config, t, me) || !query.matches(t, &context) {
            return Some((id.to_string(), None));
        }
        let (sla_state, due) = if with_sla { sla_summary(t, &context) } else { ("", None) };
        let row = Row {
            id: t.id.clone(),
            short_id: String::new(),
            path: path.to_string(),
            title: t.title.clone(),
            status: t.status.clone(),
            category: config.category_of(t),
            kind: t.kind.clone(),
            priority: t.priority.clone(),
            assignee: t.assignee.clone(),
            team: t.team.clone(),
            requester: t.requester.clone(),
            channel: t.channel.clone(),
            tags: t.tags.clone(),
            created: t.created,
            updated: t.last_activity(),
            sla: with_sla.then_some(sla_state),
            due: with_sla.then_some(due),
        };
        Some((id.to_string(), Some(row)))
    });
    let mut all_ids = Vec::with_capacity(found.len());
    let mut rows = Vec::new();
    for (id, row) in found {
        all_ids.push(id);
        rows.extend(row);
    }
    let mut sorted: Vec<&str> = all_ids.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let lens = id::short_lens(&sorted);
    for row in &mut rows {
        let len = sorted.binary_search(&row.id.as_str()).map_or(row.id.len(), |at| lens[at]);
        row.short_id = row.id[..len].to_string();
    }
    let keys = if query.sort.is_empty() { DEFAULT_SORT.to_vec() } else { query.sort.clone() };
    rows.sort_by(|a, b| {
        keys.iter()
            .map(|(key, descending)| {
                let order = compare(desk, *key, a, b);
                if *descending { order.reverse() } else { order }
            })
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.id.cmp(&b.id))
    });
    if let Some(limit) = query.limit {
        rows.truncate(limit);
    }
    (rows, all_ids.len(), errors)
}

/// Highest priority first, then oldest first.
pub const DEFAULT_SORT: &[(SortKey, bool)] = &[(SortKey::Priority, true), (SortKey::Created, false)];

fn compare(desk: &Desk, key: SortKey, a: &Row, b: &Row) -> std::cmp::Ordering {
    let rank = |p: &str| desk.config.priority_rank(p).map_or(-1, |r| r as i64);
    match key {
        SortKey::Priority => rank(&a.priority).cmp(&rank(&b.priority)),
        SortKey::Created => a.created.cmp(&b.created),
        SortKey::Updated => a.updated.cmp(&b.updated),
        SortKey::Status => a.category.cmp(&b.category).then_with(|| a.status.cmp(&b.status)),
        SortKey::Assignee => a.assignee.cmp(&b.assignee),
        SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
        SortKey::Id => a.id.cmp(&b.id),
        // Tickets with a due time first, soonest first.
        SortKey::Due => match (a.due.flatten(), b.due.flatten()) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        },
    }
}
