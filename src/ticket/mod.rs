//! The ticket model: what a ticket file means.
//!
//! [`TicketFile`] pairs the lossless [`Document`] with the typed [`Ticket`] read from it. Every
//! change goes through a `TicketFile` method that rewrites only the front-matter key it changes
//! and appends to the body (a conversation [`Entry`] or an [`Event`] recording who changed what
//! and when), so the file alone is enough to compute state, conversation, SLA and metrics.

pub mod document;
mod payload;
pub mod yaml;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::clock::{format_time, parse_time};
pub use document::{Document, SyntaxError};

/// Front-matter keys in the order desk writes them. Unknown keys go after these.
pub const KEY_ORDER: &[&str] = &[
    "id",
    "title",
    "status",
    "type",
    "priority",
    "requester",
    "assignee",
    "team",
    "channel",
    "parent",
    "created",
    "tags",
    "cc",
    "followers",
    "subtasks",
    "links",
];

/// Where `key` goes in desk's key order (`None` for keys outside it).
pub fn key_rank(key: &str) -> Option<usize> {
    KEY_ORDER.iter().position(|k| *k == key)
}

/// Scalar front-matter fields that may be absent.
pub const OPTIONAL_SCALARS: &[&str] = &["requester", "assignee", "team", "channel", "parent"];
/// List-valued front-matter fields (sets: order kept, no duplicates).
pub const LIST_FIELDS: &[&str] = &["tags", "cc", "followers", "subtasks", "links"];

/// The entry key naming the merged duplicate an entry was copied from.
pub const MERGED_FROM: &str = "merged_from";

/// The event key (`true`) marking a restart of the SLA clocks.
pub const SLA_RESET: &str = "sla_reset";

/// Who wrote an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A support agent (listed in `.desk/agents.yaml`).
    Agent,
    /// A requester or CC: someone outside the team.
    Customer,
    /// desk itself (automation).
    System,
}

/// Who may read an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Sent to / readable by the requester and CCs.
    Public,
    /// Internal note: agents only.
    Internal,
}

/// One message of the conversation (read by [`payload`]'s `Deserialize`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Stable ID, unique within the ticket.
    pub id: String,
    /// When it was written.
    #[serde(with = "time_format")]
    pub at: DateTime<Utc>,
    /// Agent name, customer email, or `desk`.
    pub author: String,
    /// Agent, customer or system.
    pub role: Role,
    /// Public or internal.
    pub visibility: Visibility,
    /// Fields added by later features, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
    /// The Markdown text.
    #[serde(skip)]
    pub body: String,
    /// 1-based line of the entry's marker.
    #[serde(skip)]
    pub line: usize,
}

/// A recorded change of front-matter state (read by [`payload`]'s `Deserialize`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Event {
    /// Stable ID, unique within the ticket.
    pub id: String,
    /// When it happened.
    #[serde(with = "time_format")]
    pub at: DateTime<Utc>,
    /// Who did it: agent name, customer email, or `desk`.
    pub by: String,
    /// Scalar changes: field → `[from, to]` (`null` for absent).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, (Option<String>, Option<String>)>,
    /// Values added to list fields.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub add: BTreeMap<String, Vec<String>>,
    /// Values removed from list fields.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub remove: BTreeMap<String, Vec<String>>,
    /// Fields added by later features, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
    /// 1-based line of the event's marker.
    #[serde(skip)]
    pub line: usize,
}

impl Event {
    /// True when the event records no change.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.add.is_empty() && self.remove.is_empty() && self.extra.is_empty()
    }
}

mod time_format {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::clock::format_time(at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        crate::clock::parse_time(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not an RFC 3339 time")))
    }
}

/// The typed content of a ticket file.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    /// Full ID.
    pub id: String,
    /// One-line summary.
    pub title: String,
    /// Workflow status (e.g. `open`).
    pub status: String,
    /// Ticket type (e.g. `incident`).
    pub kind: String,
    /// Priority (e.g. `high`).
    pub priority: String,
    /// Requester's email.
    pub requester: Option<String>,
    /// Assigned agent.
    pub assignee: Option<String>,
    /// Assigned team.
    pub team: Option<String>,
    /// Where the ticket came from (`cli`, `email`, `web`, …).
    pub channel: Option<String>,
    /// The ticket this one is a subtask of.
    pub parent: Option<String>,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Labels.
    pub tags: Vec<String>,
    /// Customer CCs (emails).
    pub cc: Vec<String>,
    /// Internal followers (agents).
    pub followers: Vec<String>,
    /// IDs of this ticket's subtasks.
    pub subtasks: Vec<String>,
    /// Links to other tickets: `RELATION ID` (`blocks`, `blocked-by`, `relates`, `duplicates`,
    /// `duplicated-by`).
    pub links: Vec<String>,
    /// Front-matter keys desk does not know, as JSON.
    pub extra: BTreeMap<String, Json>,
    /// The conversation in file order; the first entry is the description.
    pub entries: Vec<Entry>,
    /// State changes in file order.
    pub events: Vec<Event>,
}

impl Ticket {
    /// The value of a scalar field by its front-matter name.
    pub fn scalar(&self, field: &str) -> Option<&str> {
        match field {
            "id" => Some(&self.id),
            "title" => Some(&self.title),
            "status" => Some(&self.status),
            "type" => Some(&self.kind),
            "priority" => Some(&self.priority),
            "requester" => self.requester.as_deref(),
            "assignee" => self.assignee.as_deref(),
            "team" => self.team.as_deref(),
            "channel" => self.channel.as_deref(),
            "parent" => self.parent.as_deref(),
            _ => None,
        }
    }

    /// The values of a list field by its front-matter name.
    pub fn list(&self, field: &str) -> &[String] {
        match field {
            "tags" => &self.tags,
            "cc" => &self.cc,
            "followers" => &self.followers,
            "subtasks" => &self.subtasks,
            "links" => &self.links,
            _ => &[],
        }
    }

    fn list_mut(&mut self, field: &str) -> Option<&mut Vec<String>> {
        match field {
            "tags" => Some(&mut self.tags),
            "cc" => Some(&mut self.cc),
            "followers" => Some(&mut self.followers),
            "subtasks" => Some(&mut self.subtasks),
            "links" => Some(&mut self.links),
            _ => None,
        }
    }

    fn set_scalar(&mut self, field: &str, value: Option<String>) {
        match field {
            "id" => self.id = value.unwrap_or_default(),
            "title" => self.title = value.unwrap_or_default(),
            "status" => self.status = value.unwrap_or_default(),
            "type" => self.kind = value.unwrap_or_default(),
            "priority" => self.priority = value.unwrap_or_default(),
            "requester" => self.requester = value,
            "assignee" => self.assignee = value,
            "team" => self.team = value,
            "channel" => self.channel = value,
            "parent" => self.parent = value,
            _ => {}
        }
    }

    /// A front-matter key desk does not model (a custom field, `parent`, …) as text: strings
    /// as they are, numbers and booleans written out; `None` when absent, null or a list.
    pub fn extra_text(&self, key: &str) -> Option<String> {
        match self.extra.get(key)? {
            Json::String(s) => Some(s.clone()),
            Json::Number(n) => Some(n.to_string()),
            Json::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Entries the requester can see.
    pub fn public_entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.visibility == Visibility::Public)
    }

    /// Time of the last entry or event (or creation).
    pub fn last_activity(&self) -> DateTime<Utc> {
        let entries = self.entries.iter().map(|e| e.at);
        let events = self.events.iter().map(|e| e.at);
        entries.chain(events).fold(self.created, DateTime::max)
    }

    /// The ids of every entry and event, for looking many up (a ticket can hold thousands).
    pub fn block_ids(&self) -> std::collections::HashSet<&str> {
        self.entries.iter().map(|e| e.id.as_str()).chain(self.events.iter().map(|e| e.id.as_str())).collect()
    }

    /// Whether an entry or event of the ticket has this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.entries.iter().any(|e| e.id == id) || self.events.iter().any(|e| e.id == id)
    }
}

/// How two tickets are linked; each relation has an inverse recorded on the other ticket.
pub const RELATIONS: &[(&str, &str)] = &[
    ("blocks", "blocked-by"),
    ("blocked-by", "blocks"),
    ("relates", "relates"),
    ("duplicates", "duplicated-by"),
    ("duplicated-by", "duplicates"),
];

/// Values for a new ticket.
#[derive(Debug, Clone, Default)]
pub struct NewTicket {
    /// Full ID.
    pub id: String,
    /// One-line summary (newlines become spaces).
    pub title: String,
    /// Initial status.
    pub status: String,
    /// Ticket type.
    pub kind: String,
    /// Priority.
    pub priority: String,
    /// Requester email.
    pub requester: Option<String>,
    /// Assigned agent.
    pub assignee: Option<String>,
    /// Team.
    pub team: Option<String>,
    /// Channel.
    pub channel: Option<String>,
    /// The parent ticket, for a subtask.
    pub parent: Option<String>,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Tags.
    pub tags: Vec<String>,
    /// CCs.
    pub cc: Vec<String>,
}

/// A ticket file: exact bytes plus their meaning.
#[derive(Debug, Clone)]
pub struct TicketFile {
    doc: Document,
    ticket: Ticket,
}

impl TicketFile {
    /// Parses a ticket file.
    pub fn parse(text: &str) -> Result<Self, SyntaxError> {
        let doc = Document::parse(text)?;
        let ticket = read_ticket(&doc)?;
        Ok(Self { doc, ticket })
    }

    /// A new ticket file with no entries yet.
    pub fn create(new: NewTicket) -> Self {
        let title = one_line(&new.title);
        let ticket = Ticket {
            id: new.id,
            title,
            status: new.status,
            kind: new.kind,
            priority: new.priority,
            requester: new.requester,
            assignee: new.assignee,
            team: new.team,
            channel: new.channel,
            parent: new.parent,
            created: new.created,
            tags: dedup(new.tags),
            cc: dedup(new.cc),
            followers: Vec::new(),
            subtasks: Vec::new(),
            links: Vec::new(),
            extra: BTreeMap::new(),
            entries: Vec::new(),
            events: Vec::new(),
        };
        let mut file = Self { doc: Document::new(), ticket };
        for key in KEY_ORDER {
            let raw = file.render_key(key);
            file.doc.set_chunk(key, raw, key_rank);
        }
        file
    }

    /// The typed ticket.
    pub fn ticket(&self) -> &Ticket {
        &self.ticket
    }

    /// The lossless document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The exact file bytes.
    pub fn render(&self) -> String {
        self.doc.render()
    }

    fn render_key(&self, key: &str) -> Option<String> {
        let t = &self.ticket;
        match key {
            "created" => Some(yaml::time_line(key, &format_time(&t.created))),
            _ if LIST_FIELDS.contains(&key) => yaml::list_lines(key, t.list(key)),
            _ => t.scalar(key).map(|v| yaml::scalar_line(key, v)),
        }
    }

    /// A fresh entry/event ID not used in this ticket.
    pub fn fresh_id(&self, ids: &mut crate::id::IdGenerator) -> String {
        ids.entry_id(|candidate| self.ticket.has_id(candidate))
    }

    /// Sets a scalar field (`None` removes an optional one), recording the change in `event`.
    /// Returns false when the value is unchanged.
    pub fn set(&mut self, field: &str, value: Option<&str>, event: &mut Event) -> bool {
        let value = value.map(|v| if field == "title" { one_line(v) } else { v.to_string() });
        let old = self.ticket.scalar(field).map(str::to_string);
        if old == value {
            return false;
        }
        self.ticket.set_scalar(field, value.clone());
        let raw = self.render_key(field);
        self.doc.set_chunk(field, raw, key_rank);
        event.set.insert(field.to_string(), (old, value));
        true
    }

    /// Adds values to a list field, recording the added ones. Returns what was added.
    pub fn add(&mut self, field: &str, values: &[String], event: &mut Event) -> Vec<String> {
        let Some(list) = self.ticket.list_mut(field) else { return Vec::new() };
        let mut added = Vec::new();
        // Tags, addresses and agent names differ by case only as typos do.
        let has = |list: &[String], value: &str| list.iter().any(|v| v.eq_ignore_ascii_case(value));
        for value in values {
            if !has(list, value) && !has(&added, value) {
                list.push(value.clone());
                added.push(value.clone());
            }
        }
        if !added.is_empty() {
            let raw = self.render_key(field);
            self.doc.set_chunk(field, raw, key_rank);
            event.add.entry(field.to_string()).or_default().extend(added.iter().cloned());
        }
        added
    }

    /// Removes values from a list field, recording the removed ones. Returns what was removed.
    pub fn remove(&mut self, field: &str, values: &[String], event: &mut Event) -> Vec<String> {
        let Some(list) = self.ticket.list_mut(field) else { return Vec::new() };
        let removed: Vec<String> =
            list.iter().filter(|v| values.iter().any(|value| value.eq_ignore_ascii_case(v))).cloned().collect();
        list.retain(|v| !removed.contains(v));
        if !removed.is_empty() {
            let raw = self.render_key(field);
            self.doc.set_chunk(field, raw, key_rank);
            event.remove.entry(field.to_string()).or_default().extend(removed.iter().cloned());
        }
        removed
    }

    /// Sets a front-matter key desk does not model (such as `follow_up_of: ID`) to a string.
    pub fn set_extra(&mut self, key: &str, value: &str) {
        self.ticket.extra.insert(key.to_string(), Json::String(value.to_string()));
        self.doc.set_chunk(key, Some(yaml::scalar_line(key, value)), key_rank);
    }

    /// Sets (or with `None` removes) a custom field, recording the change in `event`. Values are
    /// strings (`seats: "12"`, quoted where YAML would read another type). Returns false when
    /// unchanged.
    pub fn set_custom(&mut self, key: &str, value: Option<&str>, event: &mut Event) -> bool {
        let old = self.ticket.extra_text(key);
        if old.as_deref() == value {
            return false;
        }
        match value {
            Some(v) => self.set_extra(key, v),
            None => {
                self.ticket.extra.remove(key);
                self.doc.set_chunk(key, None, key_rank);
            }
        }
        event.set.insert(key.to_string(), (old, value.map(str::to_string)));
        true
    }

    /// Whether `other` is a version of the same ticket rather than a different ticket with the
    /// same ID: versions share their first entry (its id and time).
    pub fn same_ticket(&self, other: &TicketFile) -> bool {
        let first = |f: &TicketFile| f.ticket.entries.first().map(|e| (e.id.clone(), e.at));
        first(self) == first(other)
    }

    /// Takes entry `id` out of the file (its block and the entry). The description cannot be
    /// removed. Returns the entry.
    pub fn remove_entry(&mut self, id: &str) -> Option<Entry> {
        let position = self.ticket.entries.iter().position(|e| e.id == id).filter(|p| *p > 0)?;
        let block = self.doc.blocks().iter().position(|b| match &b.kind {
            document::BlockKind::Marker { kind, payload } if kind == "entry" => {
                serde_json::from_str::<Json>(payload).ok().and_then(|p| p.get("id").cloned()) == Some(Json::from(id))
            }
            _ => false,
        })?;
        let mut blocks = self.doc.blocks().to_vec();
        blocks.remove(block);
        self.doc.set_blocks(blocks);
        Some(self.ticket.entries.remove(position))
    }

    /// Replaces the text of entry `id` (its marker and heading stay). Returns false when the
    /// ticket has no such entry.
    pub fn set_entry_body(&mut self, id: &str, body: &str) -> bool {
        let Some(position) = self.ticket.entries.iter().position(|e| e.id == id) else { return false };
        let block = self.doc.blocks().iter().position(|b| match &b.kind {
            document::BlockKind::Marker { kind, payload } if kind == "entry" => {
                serde_json::from_str::<Json>(payload).ok().and_then(|p| p.get("id").cloned()) == Some(Json::from(id))
            }
            _ => false,
        });
        let Some(block) = block else { return false };
        let entry = &mut self.ticket.entries[position];
        entry.body = normalize_body(body);
        let content = format!("{}\n\n{}\n", entry_heading(entry, position == 0), document::escape_body(&entry.body));
        self.doc.set_block_content(block, &content);
        true
    }

    /// Points this ticket's references to ticket `old` at `new`: front-matter values `old` (such
    /// as `parent: OLD`) and list items `old` or ending in ` old` (such as `blocks OLD`). The
    /// changes are recorded in `event`; returns whether there were any.
    pub fn retarget(&mut self, old: &str, new: &str, event: &mut Event) -> bool {
        let mut changed = false;
        if self.ticket.parent.as_deref() == Some(old) {
            changed |= self.set("parent", Some(new), event);
        }
        for field in ["subtasks", "links"] {
            let stale: Vec<String> = self.ticket.list(field).iter().filter(|v| refers_to(v, old)).cloned().collect();
            if stale.is_empty() {
                continue;
            }
            let moved: Vec<String> =
                stale.iter().map(|item| format!("{}{new}", &item[..item.len() - old.len()])).collect();
            self.remove(field, &stale, event);
            self.add(field, &moved, event);
            changed = true;
        }
        let keys: Vec<String> = self.ticket.extra.keys().cloned().collect();
        for key in keys {
            let value = &self.ticket.extra[&key];
            match value {
                Json::String(text) if text == old => {
                    self.ticket.extra.insert(key.clone(), Json::String(new.to_string()));
                    self.doc.set_chunk(&key, Some(yaml::scalar_line(&key, new)), key_rank);
                    event.set.insert(key, (Some(old.to_string()), Some(new.to_string())));
                    changed = true;
                }
                Json::Array(items) if items.iter().any(|i| i.as_str().is_some_and(|t| refers_to(t, old))) => {
                    let mut list = Vec::new();
                    for item in items.iter().filter_map(Json::as_str) {
                        if refers_to(item, old) {
                            let moved = format!("{}{new}", &item[..item.len() - old.len()]);
                            event.remove.entry(key.clone()).or_default().push(item.to_string());
                            event.add.entry(key.clone()).or_default().push(moved.clone());
                            list.push(moved);
                        } else {
                            list.push(item.to_string());
                        }
                    }
                    self.doc.set_chunk(&key, yaml::list_lines(&key, &list), key_rank);
                    self.ticket.extra.insert(key, Json::Array(list.into_iter().map(Json::String).collect()));
                    changed = true;
                }
                _ => {}
            }
        }
        changed
    }

    /// Appends an event block (skipped when it records nothing).
    pub fn push_event(&mut self, mut event: Event) {
        if event.is_empty() {
            return;
        }
        let payload = serde_json::to_value(&event).unwrap_or(Json::Null);
        self.doc.append_block("event", &payload, "");
        event.line = 0;
        self.ticket.events.push(event);
    }

    /// Appends a conversation entry with its display heading.
    pub fn push_entry(&mut self, mut entry: Entry) {
        entry.body = normalize_body(&entry.body);
        let payload = serde_json::to_value(&entry).unwrap_or(Json::Null);
        let first = self.ticket.entries.is_empty();
        let content = format!("{}\n\n{}\n", entry_heading(&entry, first), document::escape_body(&entry.body));
        self.doc.append_block("entry", &payload, &content);
        self.ticket.entries.push(entry);
    }
}

/// Whether a reference value (`OLD` or `relation OLD`) names ticket `id`.
fn refers_to(value: &str, id: &str) -> bool {
    value == id || value.strip_suffix(id).is_some_and(|head| head.ends_with(' '))
}

/// The display heading desk writes under an entry's marker (ignored when reading).
pub fn entry_heading(entry: &Entry, first: bool) -> String {
    let when = entry.at.format("%Y-%m-%d %H:%M UTC");
    let who = &entry.author;
    match (entry.visibility, entry.role, first) {
        (Visibility::Internal, _, _) => format!("### 🔒 INTERNAL NOTE by {who} · {when}"),
        (_, _, true) => format!("### Description by {who} · {when}"),
        (_, Role::Customer, _) => format!("### Message from {who} · {when}"),
        (_, Role::System, _) => format!("### Automatic reply · {when}"),
        (_, Role::Agent, _) => format!("### Reply from {who} · {when}"),
    }
}

/// Trims trailing blank lines and whitespace at the end of an entry body.
pub fn normalize_body(body: &str) -> String {
    body.trim_end_matches(['\n', '\r', ' ', '\t']).trim_start_matches(['\n', '\r']).to_string()
}

/// A title on one line: whitespace runs become one space, control characters are dropped.
pub fn one_line(text: &str) -> String {
    let visible: String = text.chars().filter(|c| !c.is_control() || c.is_whitespace()).collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn dedup(values: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

fn read_ticket(doc: &Document) -> Result<Ticket, SyntaxError> {
    use serde_yaml_ng::Value;
    // Front matter in desk's own form is read without a YAML parser (its keys are the chunks'
    // own); anything else goes through the parser and the checks on its keys.
    let canonical = yaml::read_canonical(doc.chunks().iter().map(|c| (c.key.as_deref(), c.raw.as_str())));
    let mut fields: Vec<(String, Value)> = match canonical {
        Some(pairs) => pairs,
        None => parsed_front_matter(doc)?,
    };
    let line_of = |key: &str| doc.key_line(key).unwrap_or(1);
    // Few keys: a scan beats a map.
    let take = |fields: &mut Vec<(String, Value)>, key: &str| {
        fields.iter().position(|(k, _)| k == key).map(|at| fields.swap_remove(at).1)
    };
    let mut text = |key: &str, required: bool| -> Result<Option<String>, SyntaxError> {
        match take(&mut fields, key) {
            None | Some(Value::Null) if required => {
                Err(SyntaxError::new(2, format!("the front matter has no `{key}:` (every ticket needs one)")))
            }
            None | Some(Value::Null) => Ok(None),
            Some(value) => into_scalar_text(value)
                .map(Some)
                .map_err(|_| SyntaxError::new(line_of(key), format!("`{key}` must be a single value"))),
        }
    };
    let id = text("id", true)?.unwrap_or_default();
    let title = text("title", true)?.unwrap_or_default();
    let status = text("status", true)?.unwrap_or_default();
    let kind = text("type", true)?.unwrap_or_default();
    let priority = text("priority", true)?.unwrap_or_default();
    let requester = text("requester", false)?;
    let assignee = text("assignee", false)?;
    let team = text("team", false)?;
    let channel = text("channel", false)?;
    let parent = text("parent", false)?;
    let created_text = text("created", true)?.unwrap_or_default();
    let created = parse_time(&created_text).ok_or_else(|| {
        SyntaxError::new(
            line_of("created"),
            format!("`created: {created_text}` is not an RFC 3339 time like 2026-11-23T10:00:00Z"),
        )
    })?;
    let mut list = |key: &str| -> Result<Vec<String>, SyntaxError> {
        match take(&mut fields, key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Sequence(items)) => items
                .into_iter()
                .map(|item| {
                    into_scalar_text(item)
                        .map_err(|_| SyntaxError::new(line_of(key), format!("`{key}` items must be single values")))
                })
                .collect(),
            Some(_) => {
                Err(SyntaxError::new(line_of(key), format!("`{key}` must be a list (one `  - value` line per item)")))
            }
        }
    };
    let tags = list("tags")?;
    let cc = list("cc")?;
    let followers = list("followers")?;
    let subtasks = list("subtasks")?;
    let links = list("links")?;
    // Custom fields and other keys: a single value as text (`seats: 40` reads as `seats: "40"`,
    // as format.md promises), lists and mappings as JSON.
    let extra = fields
        .into_iter()
        .map(|(k, v)| {
            let value =
                into_scalar_text(v).map_or_else(|v| serde_json::to_value(v).unwrap_or(Json::Null), Json::String);
            (k, value)
        })
        .collect();
    let mut ticket = Ticket {
        id,
        title,
        status,
        kind,
        priority,
        requester,
        assignee,
        team,
        channel,
        parent,
        created,
        tags,
        cc,
        followers,
        subtasks,
        links,
        extra,
        entries: Vec::new(),
        events: Vec::new(),
    };
    read_body(doc, &mut ticket)?;
    Ok(ticket)
}

/// Front matter outside desk's own form, through the YAML parser: its keys, each checked to be a
/// plain word starting a line of its own, with their values.
fn parsed_front_matter(doc: &Document) -> Result<Vec<(String, serde_yaml_ng::Value)>, SyntaxError> {
    let front = doc.front_matter();
    let mapping: serde_yaml_ng::Mapping = if front.trim().is_empty() {
        serde_yaml_ng::Mapping::new()
    } else {
        serde_yaml_ng::from_str(&front).map_err(|err| {
            // Errors found at the end of the text point at the last front-matter line.
            let last = front.lines().count() + 1;
            let (line, message) = crate::config::yaml_error(&err);
            SyntaxError::new((line + 1).min(last), format!("front matter is not valid YAML: {message}"))
        })?
    };
    // A key that is not a plain word (`true:`, `1:`, a quoted `"team":`): named at the line whose
    // key reads as it, with its spelling in the file.
    let quoted_as = |text: &str| {
        doc.chunks().iter().find(|c| c.key.as_deref().is_some_and(|k| k.trim_matches(['"', '\'']) == text))
    };
    let misspelled = |text: &str| {
        let (line, written) =
            quoted_as(text).map_or((1, text.to_string()), |c| (c.line, c.key.clone().unwrap_or_default()));
        SyntaxError::new(
            line,
            format!("front-matter key `{written}` must be a plain word: write it as `{text}: value`"),
        )
    };
    let mut fields = Vec::with_capacity(mapping.len());
    for (key, value) in mapping {
        let Some(key) = key.as_str().map(str::to_string) else {
            let text = serde_yaml_ng::to_string(&key).unwrap_or_default();
            return Err(misspelled(text.trim()));
        };
        if doc.key_line(&key).is_none() {
            return Err(if quoted_as(&key).is_some() {
                misspelled(&key)
            } else {
                SyntaxError::new(1, format!("front-matter key `{key}` must start a line of its own (`{key}: value`)"))
            });
        }
        fields.push((key, value));
    }
    Ok(fields)
}

/// A single value's text (numbers and booleans as written); the value back if it is not one.
fn into_scalar_text(value: serde_yaml_ng::Value) -> Result<String, serde_yaml_ng::Value> {
    match value {
        serde_yaml_ng::Value::String(s) => Ok(s),
        serde_yaml_ng::Value::Number(n) => Ok(n.to_string()),
        serde_yaml_ng::Value::Bool(b) => Ok(b.to_string()),
        other => Err(other),
    }
}

fn read_body(doc: &Document, ticket: &mut Ticket) -> Result<(), SyntaxError> {
    for block in doc.blocks() {
        let document::BlockKind::Marker { kind, payload } = &block.kind else { continue };
        let bad = |err: serde_json::Error| {
            SyntaxError::new(block.line, format!("the `desk:{kind}` marker is damaged: {err}"))
        };
        match kind.as_str() {
            "entry" => {
                let mut entry: Entry = serde_json::from_str(payload).map_err(bad)?;
                entry.line = block.line;
                entry.body = entry_body(&block.raw);
                ticket.entries.push(entry);
            }
            "event" => {
                let mut event: Event = serde_json::from_str(payload).map_err(bad)?;
                event.line = block.line;
                ticket.events.push(event);
            }
            other => {
                return Err(SyntaxError::new(
                    block.line,
                    format!("unknown marker `desk:{other}` (this desk knows `entry` and `event`)"),
                ));
            }
        }
    }
    Ok(())
}

/// The body text of an entry block: after the marker and the `###` display heading.
fn entry_body(raw: &str) -> String {
    let mut rest = raw.split_once('\n').map_or("", |(_, rest)| rest);
    if rest.starts_with("### ") {
        rest = rest.split_once('\n').map_or("", |(_, rest)| rest);
    }
    document::unescape_body(&normalize_body(rest))
}

#[cfg(test)]
mod tests;

/// Scalar front-matter fields whose changes are recorded as events.
pub const TRACKED_SCALARS: &[&str] =
    &["title", "status", "type", "priority", "requester", "assignee", "team", "channel", "parent"];

/// Records in `event` every front-matter change from `old` to `new` (for edits made outside
/// desk's own commands, such as `desk edit`).
pub fn diff_into(old: &Ticket, new: &Ticket, event: &mut Event) {
    for field in TRACKED_SCALARS {
        let (a, b) = (old.scalar(field), new.scalar(field));
        if a != b {
            event.set.insert(field.to_string(), (a.map(str::to_string), b.map(str::to_string)));
        }
    }
    if old.id != new.id {
        event.set.insert("id".into(), (Some(old.id.clone()), Some(new.id.clone())));
    }
    if old.created != new.created {
        event.set.insert("created".into(), (Some(format_time(&old.created)), Some(format_time(&new.created))));
    }
    // Custom fields and other keys desk does not model, as text (lists and mappings as JSON).
    let keys: std::collections::BTreeSet<&String> = old.extra.keys().chain(new.extra.keys()).collect();
    let text = |t: &Ticket, key: &str| {
        t.extra_text(key).or_else(|| t.extra.get(key).filter(|v| !v.is_null()).map(|v| v.to_string()))
    };
    for key in keys {
        let (a, b) = (text(old, key), text(new, key));
        if a != b {
            event.set.insert(key.clone(), (a, b));
        }
    }
    // An existing entry's marker changed by hand (who wrote it, when, who may see it): a note
    // made public must show in the history, not only in the file.
    for before in &old.entries {
        let Some(after) = new.entries.iter().find(|e| e.id == before.id) else { continue };
        let pairs = [
            ("visibility", serde_json::to_value(before.visibility), serde_json::to_value(after.visibility)),
            ("role", serde_json::to_value(before.role), serde_json::to_value(after.role)),
            ("author", Ok(Json::from(before.author.clone())), Ok(Json::from(after.author.clone()))),
            ("at", Ok(Json::from(format_time(&before.at))), Ok(Json::from(format_time(&after.at)))),
        ];
        for (what, a, b) in pairs {
            let text = |v: serde_json::Result<Json>| v.ok().and_then(|v| v.as_str().map(str::to_string));
            let (a, b) = (text(a), text(b));
            if a != b {
                event.set.insert(format!("{what} of entry {}", before.id), (a, b));
            }
        }
    }
    for field in LIST_FIELDS {
        let (a, b) = (old.list(field), new.list(field));
        let added: Vec<String> = b.iter().filter(|v| !a.contains(v)).cloned().collect();
        let removed: Vec<String> = a.iter().filter(|v| !b.contains(v)).cloned().collect();
        if !added.is_empty() {
            event.add.insert(field.to_string(), added);
        }
        if !removed.is_empty() {
            event.remove.insert(field.to_string(), removed);
        }
    }
}
