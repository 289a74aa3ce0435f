//! `desk merge DUP INTO`: folding a duplicate ticket into another.
//!
//! The duplicate's conversation is copied into the surviving ticket (each entry marked with
//! `merged_from`, its author, role, visibility and time kept), its requester and CCs become CCs
//! of the survivor, and the duplicate is closed with a `duplicates` link and a note. Both files
//! change in one commit and both stay valid.

use super::change::{apply_status, ensure_not_closed};
use super::{Actor, Desk, Outcome};
use crate::config::Category;
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::ticket::{Entry, Role, Visibility};

/// Merges ticket `dup` into `into`.
pub fn merge(desk: &Desk, actor: &Actor, dup: &TicketId, into: &TicketId) -> Result<Outcome> {
    desk.update_two(into, dup, actor, "merge", |desk, [(target, target_event), (source, source_event)]| {
        ensure_not_closed(desk, target, "take a merged ticket")?;
        ensure_not_closed(desk, source, "be merged (it is already final)")?;
        let (source_id, target_id) = (source.ticket().id.clone(), target.ticket().id.clone());
        // The conversation, in its order, each entry marked with where it came from.
        let entries: Vec<Entry> = source.ticket().entries.clone();
        for mut entry in entries {
            if target.ticket().has_id(&entry.id) {
                entry.id = desk.fresh_entry_id(target);
            }
            entry.extra.insert(crate::ticket::MERGED_FROM.into(), serde_json::Value::String(source_id.clone()));
            target.push_entry(entry);
        }
        // Whoever was on the duplicate keeps hearing about it.
        let survivor_requester = target.ticket().requester.clone();
        let mut people: Vec<String> = source.ticket().requester.iter().cloned().collect();
        people.extend(source.ticket().cc.iter().cloned());
        people.retain(|p| Some(p) != survivor_requester.as_ref());
        target.add("cc", &people, target_event);
        target.add("links", &[format!("duplicated-by {source_id}")], target_event);
        source.add("links", &[format!("duplicates {target_id}")], source_event);
        source.push_entry(Entry {
            id: desk.fresh_entry_id(source),
            at: desk.now(),
            author: actor.name.clone(),
            role: Role::Agent,
            visibility: Visibility::Internal,
            extra: Default::default(),
            body: format!("Merged into {target_id}: the conversation continues there."),
            line: 0,
        });
        let closed = desk
            .workflow_of_kind(&source.ticket().kind)?
            .first_in(Category::Closed)
            .ok_or_else(|| {
                Error::invalid(format!("the workflow of {} tickets has no closed status", source.ticket().kind))
            })?
            .to_string();
        // Closing the duplicate is the point of the merge, whatever its subtasks.
        let force = desk.force.replace(true);
        let closing = apply_status(desk, source, source_event, &closed, actor);
        desk.force.set(force);
        closing?;
        let moved = source.ticket().entries.len() - 1;
        let moved = if moved == 1 { "1 entry".to_string() } else { format!("{moved} entries") };
        Ok(format!("merged {source_id} into {target_id} ({moved} moved; {source_id} closed)"))
    })
}
