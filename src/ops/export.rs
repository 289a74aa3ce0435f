//! `desk export json|csv [QUERY]` and `desk import json FILE`: every field and entry out, and
//! back in.
//!
//! The JSON is the `desk show --json` shape, one object per ticket in an array. Importing it
//! rebuilds each ticket file with the same ID, entries and events (their ids, times, authors,
//! roles and visibility), so an export imported into an empty repository lists the same tickets
//! with the same SLA figures. A ticket whose ID already exists is skipped, so importing twice
//! (or resuming an interrupted import) adds nothing twice. Tickets are committed in batches.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use super::listing::scan;
use super::{Actor, Desk};
use crate::config::{Category, Config};
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::query::Query;
use crate::store::FileChange;
use crate::ticket::{Entry, Event, LIST_FIELDS, NewTicket, Ticket, TicketFile};

/// The status a requester sees: the category, with pending worded for them.
pub fn public_status(config: &Config, ticket: &Ticket) -> String {
    match config.category_of(ticket) {
        Some(Category::Pending) => "awaiting your reply".into(),
        Some(category) => category.to_string(),
        None => ticket.status.clone(),
    }
}

fn entry_json(entry: &Entry) -> Value {
    let mut value = serde_json::to_value(entry).unwrap_or(Value::Null);
    value["body"] = entry.body.clone().into();
    value
}

/// The JSON shape of a ticket (`desk show --json`, `desk export json`; docs/json.md).
pub fn ticket_json(config: &Config, t: &Ticket, path: &str, short: Option<&str>, public: bool) -> Value {
    let mut value = if public {
        json!({
            "id": t.id, "title": t.title, "status": public_status(config, t),
            "requester": t.requester, "cc": t.cc, "created": crate::clock::format_time(&t.created),
            "entries": t.public_entries().map(entry_json).collect::<Vec<_>>(),
        })
    } else {
        let mut value = json!({
            "id": t.id, "title": t.title, "status": t.status,
            "category": config.category_of(t), "type": t.kind, "priority": t.priority,
            "requester": t.requester, "assignee": t.assignee, "team": t.team, "channel": t.channel,
            "created": crate::clock::format_time(&t.created), "tags": t.tags, "cc": t.cc, "followers": t.followers,
            "parent": t.parent, "subtasks": t.subtasks, "links": t.links,
            "path": path,
            "entries": t.entries.iter().map(entry_json).collect::<Vec<_>>(),
            "events": t.events,
        });
        // Front-matter keys desk does not know are passed through, never over a computed field.
        for (key, extra) in &t.extra {
            if value.get(key).is_none() {
                value[key] = extra.clone();
            }
        }
        value
    };
    if let Some(short) = short {
        value["short_id"] = short.into();
    }
    value
}

/// Every ticket matching `query` (all statuses), in ID order, as JSON, with the errors of
/// unreadable files.
pub fn export(desk: &Desk, query: &Query) -> (Vec<Value>, Vec<Error>) {
    let config = &desk.config;
    let context = crate::query::Context { config, me: None, sla: None, now: desk.now(), text: None };
    let (mut found, _, errors) = scan(desk, |id, path, t| {
        query.matches(t, &context).then(|| (id.to_string(), ticket_json(config, t, path, None, false)))
    });
    found.sort_by(|a, b| a.0.cmp(&b.0));
    (found.into_iter().map(|(_, v)| v).collect(), errors)
}

/// Columns of `desk export csv` before the custom fields.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "title",
    "status",
    "type",
    "priority",
    "requester",
    "assignee",
    "team",
    "channel",
    "created",
    "updated",
    "tags",
    "cc",
    "followers",
    "parent",
    "links",
    "entries",
    "description",
];

/// One CSV row per exported ticket (lists joined with `;`), custom fields after the columns.
pub fn csv_rows(desk: &Desk, tickets: &[Value]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header: Vec<String> = CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(desk.config.fields.keys().cloned());
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(|i| i.as_str().unwrap_or_default()).collect::<Vec<_>>().join(";"),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let rows = tickets
        .iter()
        .map(|t| {
            header
                .iter()
                .map(|column| match column.as_str() {
                    "entries" => t["entries"].as_array().map_or(0, Vec::len).to_string(),
                    "description" => text(&t["entries"][0]["body"]),
                    "updated" => {
                        let times = t["entries"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .chain(t["events"].as_array().into_iter().flatten())
                            .filter_map(|e| e["at"].as_str())
                            .max()
                            .map(str::to_string);
                        times.unwrap_or_else(|| text(&t["created"]))
                    }
                    other => text(&t[other]),
                })
                .collect()
        })
        .collect();
    (header, rows)
}

fn bad(what: impl Into<String>) -> Error {
    Error::invalid_with(what.into(), "the file must be what `desk export json` writes: an array of tickets")
}

/// Rebuilds a ticket file from its exported JSON.
pub fn ticket_from_json(value: &Value) -> Result<TicketFile> {
    let text = |key: &str| value[key].as_str().map(str::to_string);
    let required = |key: &str| text(key).ok_or_else(|| bad(format!("a ticket has no `{key}`")));
    let list = |key: &str| -> Vec<String> {
        value[key].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect()
    };
    let id = required("id")?;
    if TicketId::parse(&id).is_none() {
        return Err(bad(format!("`{id}` is not a desk ticket ID")));
    }
    let created = crate::clock::parse_time(&required("created")?).ok_or_else(|| bad(format!("{id}: bad `created`")))?;
    let mut file = TicketFile::create(NewTicket {
        id: id.clone(),
        title: required("title")?,
        status: required("status")?,
        kind: required("type")?,
        priority: required("priority")?,
        requester: text("requester"),
        assignee: text("assignee"),
        team: text("team"),
        channel: text("channel"),
        parent: text("parent"),
        created,
        tags: list("tags"),
        cc: list("cc"),
    });
    let mut scratch = Event::default();
    for field in LIST_FIELDS.iter().filter(|f| !matches!(**f, "tags" | "cc")) {
        file.add(field, &list(field), &mut scratch);
    }
    // Keys the export passes through (custom fields, follow_up_of, …).
    let known = [
        "id",
        "short_id",
        "title",
        "status",
        "category",
        "type",
        "priority",
        "requester",
        "assignee",
        "team",
        "channel",
        "created",
        "tags",
        "cc",
        "followers",
        "parent",
        "subtasks",
        "links",
        "path",
        "entries",
        "events",
    ];
    if let Some(object) = value.as_object() {
        for (key, extra) in object.iter().filter(|(k, _)| !known.contains(&k.as_str())) {
            match extra {
                Value::String(s) => file.set_extra(key, s),
                Value::Number(_) | Value::Bool(_) => file.set_extra(key, &extra.to_string()),
                _ => {}
            }
        }
    }
    // Entries and events back in the order they happened (entries first at equal times, as
    // desk writes an entry before the event of the same command).
    let mut blocks: Vec<(DateTime<Utc>, u8, usize, Value)> = Vec::new();
    for (n, entry) in value["entries"].as_array().into_iter().flatten().enumerate() {
        blocks.push((time_of(entry, &id)?, 0, n, entry.clone()));
    }
    for (n, event) in value["events"].as_array().into_iter().flatten().enumerate() {
        blocks.push((time_of(event, &id)?, 1, n, event.clone()));
    }
    blocks.sort_by_key(|b| (b.0, b.1, b.2));
    for (_, kind, _, block) in blocks {
        if kind == 0 {
            let mut entry: Entry =
                serde_json::from_value(block.clone()).map_err(|e| bad(format!("{id}: an entry is damaged: {e}")))?;
            entry.body = block["body"].as_str().unwrap_or_default().to_string();
            entry.extra.remove("body");
            file.push_entry(entry);
        } else {
            let event: Event =
                serde_json::from_value(block).map_err(|e| bad(format!("{id}: an event is damaged: {e}")))?;
            file.push_event(event);
        }
    }
    // The file must read back as the same ticket.
    TicketFile::parse(&file.render()).map_err(|e| bad(format!("{id}: the rebuilt file does not parse: {}", e.message)))
}

fn time_of(block: &Value, id: &str) -> Result<DateTime<Utc>> {
    block["at"]
        .as_str()
        .and_then(crate::clock::parse_time)
        .ok_or_else(|| bad(format!("{id}: an entry or event has no `at` time")))
}

/// Tickets per import commit. Random IDs spread a batch over nearly every shard directory, so
/// each commit rewrites most of the `tickets/` trees: fewer, larger batches keep a 100k import
/// linear (measured in docs/benchmarks.md).
pub const IMPORT_BATCH: usize = 2_000;

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Imported {
    /// Tickets written.
    pub imported: usize,
    /// Tickets skipped because their ID (or external reference) was already there.
    pub skipped: usize,
    /// Commits made (one per batch).
    pub commits: Vec<String>,
    /// Tickets that could not be imported, with why.
    pub errors: Vec<String>,
}

/// Commits `files` in batches of `batch`, skipping tickets whose file exists. `progress` is
/// called with the number of tickets done so far.
pub fn write_batches(
    desk: &Desk,
    actor: &Actor,
    files: Vec<TicketFile>,
    batch: usize,
    source: &str,
    progress: &mut dyn FnMut(usize),
) -> Result<Imported> {
    let mut report = Imported::default();
    let mut done = 0;
    for chunk in files.chunks(batch.max(1)) {
        let lock = desk.store.lock()?;
        let mut changes = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut count = 0;
        for file in chunk {
            let Some(id) = TicketId::parse(&file.ticket().id) else { continue };
            let path = id.path();
            if desk.store.exists_in_head(&path)? || !seen.insert(path.clone()) {
                report.skipped += 1;
                continue;
            }
            changes.push(FileChange { path, content: Some(file.render().into_bytes()), base: None });
            count += 1;
            // Mail threads by Message-ID: record the imported messages' ids as ingestion does,
            // so that replies to them join their ticket (a Message-ID already known is kept).
            for message_id in file.ticket().entries.iter().filter_map(|e| e.extra.get("message_id")?.as_str()) {
                let change = super::ingest::index_change(message_id, &id);
                if seen.insert(change.path.clone()) && !desk.store.exists_in_head(&change.path)? {
                    changes.push(change);
                }
            }
        }
        done += chunk.len();
        if !changes.is_empty() {
            let message = format!(
                "desk import: {count} ticket(s) from {source}\n\nDesk-Action: import\nDesk-Agent: {}\n",
                actor.name
            );
            report.commits.push(desk.commit_as(&lock, actor, changes, message)?.to_string());
            report.imported += count;
        }
        progress(done);
    }
    Ok(report)
}

/// Imports an exported JSON array.
pub fn import_json(desk: &Desk, actor: &Actor, text: &str, progress: &mut dyn FnMut(usize, usize)) -> Result<Imported> {
    let values: Vec<Value> = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(values)) => values,
        Ok(_) => {
            return Err(Error::invalid_with(
                "not a desk export: the file holds JSON, but not an array of tickets",
                "`desk export json` writes `[ {ticket}, … ]`; a Zendesk export goes to `desk import zendesk`",
            ));
        }
        Err(e) => return Err(bad(format!("not JSON: {e}"))),
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (index, value) in values.iter().enumerate() {
        match ticket_from_json(value) {
            Ok(file) => files.push(file),
            Err(err) => {
                // Name the ticket: its id when it has one, else its place in the array.
                let which = value["id"].as_str().map_or_else(|| format!("ticket {}", index + 1), |id| id.to_string());
                errors.push(format!("{which}: {err}"));
            }
        }
    }
    let total = files.len();
    let mut report =
        write_batches(desk, actor, files, IMPORT_BATCH, "a desk export", &mut |done| progress(done, total))?;
    report.errors.extend(errors);
    Ok(report)
}
