//! `desk import zendesk`: tickets from a Zendesk export.
//!
//! Reads the incremental ticket export (`{"tickets": […]}`), and optionally ticket audits
//! (`{"audits": […]}`: comments, public or internal, and field changes) and users
//! (`{"users": […]}`: emails and roles). Each ticket keeps its Zendesk ID as `external:
//! zendesk:<host>/<id>` and gets a desk ID derived from it, so importing again, or resuming,
//! writes nothing twice. Statuses map onto the workflow (`hold` → `on-hold`; deleted tickets
//! are skipped); requesters become emails (`zendesk-user-<id>@zendesk.invalid` without a users
//! file); assignees map to agents by email, and unknown ones are added as agents.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::export::{IMPORT_BATCH, Imported, write_batches};
use super::{Actor, Desk};
use crate::config::Category;
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::ticket::{Entry, Event, NewTicket, Role, TicketFile, Visibility};

/// A Zendesk user, from a users file.
#[derive(Debug, Clone, Default)]
struct User {
    email: Option<String>,
    name: Option<String>,
    agent: bool,
}

/// What the import did, beyond [`Imported`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct ZendeskImported {
    /// Tickets written, skipped, commits and errors.
    #[serde(flatten)]
    pub tickets: Imported,
    /// Deleted tickets in the export, left out.
    pub deleted: usize,
    /// Agents added for assignees that matched no agent.
    pub agents_added: Vec<String>,
}

fn bad(what: impl Into<String>) -> Error {
    Error::invalid_with(
        what.into(),
        "pass the Zendesk incremental ticket export (GET /api/v2/incremental/tickets/cursor.json)",
    )
}

fn array<'a>(value: &'a Value, key: &str) -> Vec<&'a Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => other[key].as_array().map(|a| a.iter().collect()).unwrap_or_default(),
    }
}

/// The desk ID for a Zendesk ticket: derived from its external reference, so every import of
/// the same ticket lands on the same file.
pub fn derived_id(external: &str) -> TicketId {
    TicketId::parse(&crate::id::derived_chars(external, crate::id::TICKET_ID_LEN))
        .unwrap_or_else(|| unreachable!("derived IDs use the ID alphabet"))
}

fn time(value: &Value) -> Option<DateTime<Utc>> {
    value.as_str().and_then(crate::clock::parse_time)
}

/// Imports a Zendesk export (`tickets`), with optional audits and users files' text.
pub fn import(
    desk: &Desk,
    actor: &Actor,
    tickets: &str,
    audits: Option<&str>,
    users: Option<&str>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ZendeskImported> {
    let parse = |text: &str, what: &str| -> Result<Value> {
        serde_json::from_str(text).map_err(|e| bad(format!("the {what} file is not JSON: {e}")))
    };
    let tickets = parse(tickets, "tickets")?;
    let audits = audits.map(|t| parse(t, "audits")).transpose()?;
    let users_json = users.map(|t| parse(t, "users")).transpose()?;
    let list = array(&tickets, "tickets");
    if list.is_empty() && tickets.get("tickets").is_none() && !tickets.is_array() {
        return Err(bad("no `tickets` in the file"));
    }
    let mut users: HashMap<i64, User> = HashMap::new();
    for user in users_json.iter().flat_map(|u| array(u, "users")) {
        if let Some(id) = user["id"].as_i64() {
            let role = user["role"].as_str().unwrap_or("end-user");
            users.insert(
                id,
                User {
                    email: user["email"].as_str().map(str::to_lowercase),
                    name: user["name"].as_str().map(str::to_string),
                    agent: matches!(role, "agent" | "admin"),
                },
            );
        }
    }
    let mut by_ticket: BTreeMap<i64, Vec<&Value>> = BTreeMap::new();
    for audit in audits.iter().flat_map(|a| array(a, "audits")) {
        if let Some(id) = audit["ticket_id"].as_i64() {
            by_ticket.entry(id).or_default().push(audit);
        }
    }
    let mut report = ZendeskImported::default();
    // Assignees: agents by email, else new agents named after the Zendesk user.
    let mut agents: HashMap<i64, String> = HashMap::new();
    for ticket in list.iter().filter(|t| t["status"].as_str() != Some("deleted")) {
        let Some(id) = ticket["assignee_id"].as_i64() else { continue };
        if agents.contains_key(&id) {
            continue;
        }
        let user = users.get(&id).cloned().unwrap_or_default();
        let email = user.email.clone().unwrap_or_else(|| format!("zendesk-user-{id}@zendesk.invalid"));
        let name = match desk.config.find_agent(&email) {
            Some((name, _)) => name.to_string(),
            None => {
                let name = format!("zendesk-{id}");
                if !desk.config.agents.contains_key(&name) && !report.agents_added.contains(&name) {
                    super::agents::add(desk, &name, &email, &[], user.name.as_deref(), Some(&actor.name))?;
                    report.agents_added.push(name.clone());
                }
                name
            }
        };
        agents.insert(id, name);
    }
    // Reload: the agents just added are part of the configuration now.
    let desk_now = Desk::open(desk.store.root())?;
    let email_of = |id: i64| {
        users.get(&id).and_then(|u| u.email.clone()).unwrap_or_else(|| format!("zendesk-user-{id}@zendesk.invalid"))
    };
    let mut files = Vec::new();
    for ticket in &list {
        let zendesk_id = ticket["id"].as_i64().unwrap_or_default();
        if ticket["status"].as_str() == Some("deleted") {
            report.deleted += 1;
            continue;
        }
        match map_ticket(
            &desk_now,
            ticket,
            by_ticket.get(&zendesk_id).map(Vec::as_slice).unwrap_or_default(),
            &agents,
            &users,
            &email_of,
        ) {
            Ok(file) => files.push(file),
            Err(err) => report.tickets.errors.push(format!("zendesk ticket {zendesk_id}: {err}")),
        }
    }
    let total = files.len();
    let errors = std::mem::take(&mut report.tickets.errors);
    report.tickets =
        write_batches(&desk_now, actor, files, IMPORT_BATCH, "Zendesk", &mut |done| progress(done, total))?;
    report.tickets.errors = errors;
    Ok(report)
}

/// The workflow status for a Zendesk status.
fn status_for(desk: &Desk, kind: &str, zendesk: &str) -> Option<String> {
    let flow = desk.config.workflow(kind)?;
    let wanted = if zendesk == "hold" { "on-hold" } else { zendesk };
    if flow.statuses.contains_key(wanted) {
        return Some(wanted.to_string());
    }
    let category = match zendesk {
        "new" => Category::New,
        "open" => Category::Open,
        "pending" => Category::Pending,
        "hold" => Category::Open,
        "solved" => Category::Solved,
        "closed" => Category::Closed,
        _ => return None,
    };
    flow.first_in(category).map(str::to_string)
}

fn map_ticket(
    desk: &Desk,
    ticket: &Value,
    audits: &[&Value],
    agents: &HashMap<i64, String>,
    users: &HashMap<i64, User>,
    email_of: &dyn Fn(i64) -> String,
) -> Result<TicketFile> {
    let config = &desk.config;
    let zendesk_id = ticket["id"].as_i64().ok_or_else(|| bad("a ticket has no `id`"))?;
    let host = ticket["url"].as_str().and_then(|u| u.split('/').nth(2)).unwrap_or("zendesk");
    let external = format!("zendesk:{host}/{zendesk_id}");
    let id = derived_id(&external);
    let kind = ticket["type"].as_str().filter(|t| config.types.contains_key(*t)).map(str::to_string);
    let kind =
        kind.or_else(|| config.default_type().map(str::to_string)).ok_or_else(|| Error::invalid("no ticket types"))?;
    let priority = ticket["priority"].as_str().filter(|p| config.priorities.iter().any(|x| x == p)).map(str::to_string);
    let priority = priority.or_else(|| config.default_priority().map(str::to_string)).unwrap_or_default();
    let status = status_for(desk, &kind, ticket["status"].as_str().unwrap_or("new")).ok_or_else(|| {
        Error::invalid(format!("status `{}` has no place in the workflow", ticket["status"].as_str().unwrap_or("?")))
    })?;
    let initial = config.workflow(&kind).map(|f| f.initial.clone()).unwrap_or_else(|| status.clone());
    let created = time(&ticket["created_at"]).ok_or_else(|| bad("a ticket has no `created_at`"))?;
    let requester_id = ticket["requester_id"].as_i64();
    let tags: Vec<String> = ticket["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|t| t.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect())
        .filter(|t: &String| !t.is_empty())
        .collect();
    let mut file = TicketFile::create(NewTicket {
        id: id.to_string(),
        title: ticket["subject"].as_str().filter(|s| !s.trim().is_empty()).unwrap_or("(no subject)").to_string(),
        status: initial.clone(),
        kind: kind.clone(),
        priority,
        requester: requester_id.map(email_of),
        assignee: ticket["assignee_id"].as_i64().and_then(|a| agents.get(&a).cloned()),
        team: None,
        channel: ticket["via"]["channel"].as_str().map(str::to_string),
        parent: None,
        created,
        tags,
        cc: Vec::new(),
    });
    file.set_extra("external", &external);
    let author = |author_id: Option<i64>| -> (String, Role) {
        match author_id {
            Some(a) if Some(a) == requester_id => (email_of(a), Role::Customer),
            Some(a) => match agents.get(&a) {
                Some(name) => (name.clone(), Role::Agent),
                None if users.get(&a).is_some_and(|u| !u.agent) => (email_of(a), Role::Customer),
                // An agent who commented without being an assignee: by email, else by Zendesk id.
                None => match users.get(&a).and_then(|u| u.email.as_deref()).and_then(|e| desk.config.find_agent(e)) {
                    Some((name, _)) => (name.to_string(), Role::Agent),
                    None => (format!("zendesk-{a}"), Role::Agent),
                },
            },
            None => ("zendesk".into(), Role::System),
        }
    };
    let mut n = 0;
    let mut next_id = |file: &TicketFile| loop {
        n += 1;
        let candidate = crate::automation::deterministic_id(&format!("{external}#{n}"));
        if !file.ticket().has_id(&candidate) {
            break candidate;
        }
    };
    let mut audits: Vec<&&Value> = audits.iter().collect();
    audits.sort_by_key(|a| (a["created_at"].as_str().unwrap_or_default().to_string(), a["id"].as_i64()));
    let mut status_now = initial;
    for audit in audits {
        let at = time(&audit["created_at"]).unwrap_or(created);
        for event in audit["events"].as_array().into_iter().flatten() {
            match event["type"].as_str() {
                Some("Comment") => {
                    let body = event["plain_body"].as_str().or(event["body"].as_str()).unwrap_or_default();
                    if body.trim().is_empty() {
                        continue;
                    }
                    let (who, role) = author(event["author_id"].as_i64().or(audit["author_id"].as_i64()));
                    let public = event["public"].as_bool().unwrap_or(true);
                    file.push_entry(Entry {
                        id: next_id(&file),
                        at,
                        author: who,
                        role: if public { role } else { Role::Agent },
                        visibility: if public { Visibility::Public } else { Visibility::Internal },
                        extra: Default::default(),
                        body: body.to_string(),
                        line: 0,
                    });
                }
                Some("Change") if event["field_name"].as_str() == Some("status") => {
                    let Some(to) = event["value"].as_str().and_then(|v| status_for(desk, &kind, v)) else { continue };
                    if to != status_now {
                        let mut record = Event {
                            id: next_id(&file),
                            at,
                            by: author(audit["author_id"].as_i64()).0,
                            ..Default::default()
                        };
                        record.set.insert("status".into(), (Some(status_now.clone()), Some(to.clone())));
                        file.push_event(record);
                        status_now = to;
                    }
                }
                _ => {}
            }
        }
    }
    if file.ticket().entries.is_empty() {
        // Without audits, the description is the conversation's start.
        let body = ticket["description"].as_str().filter(|d| !d.trim().is_empty()).unwrap_or("(no description)");
        let (who, role) = author(requester_id);
        file.push_entry(Entry {
            id: next_id(&file),
            at: created,
            author: who,
            role,
            visibility: Visibility::Public,
            extra: Default::default(),
            body: body.to_string(),
            line: 0,
        });
    }
    if status_now != status {
        let at = time(&ticket["updated_at"]).unwrap_or(created);
        let mut record = Event { id: next_id(&file), at, by: "zendesk".into(), ..Default::default() };
        record.set.insert("status".into(), (Some(status_now), Some(status.clone())));
        file.push_event(record);
    }
    // The front matter shows the current status (events tell how it got there).
    let mut scratch = Event::default();
    file.set("status", Some(&status), &mut scratch);
    Ok(file)
}
