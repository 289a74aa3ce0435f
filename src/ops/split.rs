//! `desk split ID ENTRY`: undoing a wrong threading by moving one message to a new ticket.
//!
//! The entry leaves the ticket (an event `split` records where it went) and starts a new
//! ticket, requested by its author when a customer wrote it; the new ticket keeps the entry's
//! id, time and author and notes `split_from`. A mail's Message-ID now points at the new
//! ticket, so the rest of that conversation follows it. One commit.

use serde_json::json;

use super::{Actor, Desk, Outcome};
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::store::FileChange;
use crate::ticket::{NewTicket, Role, TicketFile};

/// Moves entry `entry` (id or unambiguous prefix) of ticket `id` to a new ticket.
pub fn split(desk: &Desk, actor: &Actor, id: &TicketId, entry: &str) -> Result<Outcome> {
    let lock = desk.store.lock()?;
    let (base, bytes) = desk.store.head_file(&id.path())?.ok_or_else(|| Error::NoSuchTicket(id.to_string()))?;
    let mut file = super::parse_ticket(&id.path(), &bytes)?;
    let matches: Vec<String> = file
        .ticket()
        .entries
        .iter()
        .map(|e| e.id.clone())
        .filter(|e| e.starts_with(&entry.to_ascii_lowercase()))
        .collect();
    let entry_id = match matches.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(Error::invalid_with(
                format!("{id} has no entry `{entry}`"),
                "entry ids are in `desk show ID --json` (entries[].id)",
            ));
        }
        _ => return Err(Error::invalid(format!("entry `{entry}` is ambiguous: {}", matches.join(", ")))),
    };
    if file.ticket().entries.first().is_some_and(|e| e.id == entry_id) {
        return Err(Error::invalid("the description cannot be split off; the ticket is that conversation"));
    }
    let old = file.ticket().clone();
    let mut moved = file.remove_entry(&entry_id).ok_or_else(|| Error::invalid("entry not found"))?;
    let new_id = desk.fresh_ticket_id()?;
    let mut event = desk.event(&file, &actor.name);
    event.extra.insert("split".into(), json!({ "entry": entry_id, "to": new_id.to_string() }));
    file.push_event(event);
    let kind = old.kind.clone();
    let flow = desk.workflow_of_kind(&kind)?;
    let requester = if moved.role == Role::Customer { Some(moved.author.clone()) } else { old.requester.clone() };
    let mut new_file = TicketFile::create(NewTicket {
        id: new_id.to_string(),
        title: old.title.clone(),
        status: flow.initial.clone(),
        kind,
        priority: old.priority.clone(),
        requester,
        assignee: None,
        team: old.team.clone(),
        channel: old.channel.clone(),
        parent: None,
        created: moved.at,
        tags: Vec::new(),
        cc: Vec::new(),
    });
    new_file.set_extra("split_from", &old.id);
    moved.extra.insert("split_from".into(), json!(old.id));
    let message_id = moved.extra.get("message_id").and_then(|m| m.as_str()).map(str::to_string);
    new_file.push_entry(moved);
    let mut changes = vec![
        FileChange { path: id.path(), content: Some(file.render().into_bytes()), base: Some(base) },
        FileChange { path: new_id.path(), content: Some(new_file.render().into_bytes()), base: None },
    ];
    if let Some(message_id) = message_id {
        let path = super::ingest::index_path(&message_id);
        let base = desk.store.head_file(&path)?.map(|(oid, _)| oid);
        changes.push(FileChange { path, content: Some(format!("{new_id}\n").into_bytes()), base });
    }
    let summary = format!("entry {entry_id} split off into {new_id}");
    let message = format!("{}Desk-Ticket: {new_id}\n", super::commit_message(&old, "split", &summary, actor));
    let commit = desk.commit_as(&lock, actor, changes, message)?;
    drop(lock);
    // The new ticket is a ticket like any other: the rules for new tickets run on it.
    let outcome = Outcome {
        id: new_id.to_string(),
        path: new_id.path(),
        commit: Some(commit.to_string()),
        summary: format!("new ticket from entry {entry_id} of {}", old.id),
        ..Default::default()
    };
    Ok(outcome.automate(desk, None))
}
