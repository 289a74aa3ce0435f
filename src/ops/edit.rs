//! `desk edit`: committing a hand-edited ticket file after validating it.
//!
//! The edit is checked like `desk check` would, status changes must follow the workflow, the
//! conversation may be corrected but not shortened, and the front-matter changes are recorded
//! as an event so history and SLA stay computable from the file.

use super::check::ticket_problems;
use super::{Actor, Desk, Outcome};
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::ticket::{TicketFile, diff_into};
use serde_json::Value;

/// Validates `edited` (the new file text, based on `original`) and commits it.
pub fn apply(desk: &Desk, actor: &Actor, id: &TicketId, original: &str, edited: &str) -> Result<Outcome> {
    let path = id.path();
    let new = TicketFile::parse(edited).map_err(|e| Error::Syntax {
        path: path.clone(),
        line: e.line,
        message: e.message,
    })?;
    let problems = ticket_problems(desk, id, &path, &new);
    if let Some(first) = problems.first() {
        let more = if problems.len() > 1 { format!(" (and {} more)", problems.len() - 1) } else { String::new() };
        return Err(Error::Syntax {
            path: first.path.clone(),
            line: first.line,
            message: format!("{}{more}", first.message),
        });
    }
    desk.update(id, actor, "edit", |desk, file, event| {
        if file.render() != original {
            return Err(Error::Raced(format!("{path} (changed while you were editing)")));
        }
        let old = file.ticket();
        let new_ticket = new.ticket();
        if let Some(lost) = old.entries.iter().find(|e| !new_ticket.entries.iter().any(|n| n.id == e.id)) {
            return Err(Error::invalid_with(
                format!("the edit removes entry `{}` (line {})", lost.id, lost.line),
                "the conversation is append-only: correct an entry's text, but keep its marker line",
            ));
        }
        if let Some(lost) = old.events.iter().find(|e| !new_ticket.events.iter().any(|n| n.id == e.id)) {
            return Err(Error::invalid_with(
                format!("the edit removes event `{}` (line {})", lost.id, lost.line),
                "the history is append-only: keep every `desk:event` line",
            ));
        }
        if old.status != new_ticket.status {
            desk.workflow_of_kind(&new_ticket.kind)?.check_transition(&old.status, &new_ticket.status)?;
        }
        diff_into(old, new_ticket, event);
        let summary = describe(event);
        *file = new.clone();
        event.id = desk.fresh_entry_id(file);
        Ok(summary)
    })
}

/// A one-line description of an event's changes.
pub fn describe(event: &crate::ticket::Event) -> String {
    let mut parts: Vec<String> = event
        .set
        .iter()
        .map(|(field, (from, to))| {
            format!("{field} {} → {}", from.as_deref().unwrap_or("(none)"), to.as_deref().unwrap_or("(none)"))
        })
        .collect();
    parts.extend(event.add.iter().map(|(field, values)| format!("{field} + {}", values.join(", "))));
    parts.extend(event.remove.iter().map(|(field, values)| format!("{field} − {}", values.join(", "))));
    if let Some(logged) = crate::worklog::logged(event) {
        let billable = if logged.billable { " (billable)" } else { "" };
        let note = logged.note.map(|n| format!(": {n}")).unwrap_or_default();
        parts.push(format!("logged {}{billable}{note}", crate::worklog::format_minutes(logged.minutes)));
    }
    if let Some(delivered) = event.extra.get("delivered").and_then(|d| d.as_array()) {
        let (refused, sent): (Vec<&Value>, Vec<&Value>) = delivered.iter().partition(|d| d.get("refused").is_some());
        let to = |records: &[&Value]| -> String {
            let to: Vec<&str> = records
                .iter()
                .flat_map(|d| d["to"].as_array().into_iter().flatten())
                .filter_map(|t| t.as_str())
                .collect();
            to.join(", ")
        };
        if !sent.is_empty() {
            parts.push(format!("emailed {} message(s) to {}", sent.len(), to(&sent)));
        }
        if !refused.is_empty() {
            parts.push(format!("the mail server refused {} message(s) to {}", refused.len(), to(&refused)));
        }
    }
    if let Some(bounce) = event.extra.get("bounce") {
        parts.push(format!("a bounce: {}", bounce["subject"].as_str().unwrap_or("(no subject)")));
    }
    if let Some(split) = event.extra.get("split") {
        parts.push(format!(
            "entry {} split off into {}",
            split["entry"].as_str().unwrap_or("?"),
            split["to"].as_str().unwrap_or("?")
        ));
    }
    if let Some(merged) = event.extra.get("merged").and_then(|m| m.as_object()) {
        // The merge driver's record of a field both sides changed: which value won.
        for (field, choice) in merged {
            parts.push(format!(
                "merge kept {field} {} (discarded {})",
                choice["kept"].as_str().unwrap_or("?"),
                choice["discarded"].as_str().unwrap_or("?")
            ));
        }
    }
    let listed = |key: &str| -> Vec<String> {
        let items = event.extra.get(key).and_then(|v| v.as_array());
        items.into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect()
    };
    parts.extend(listed("did"));
    if parts.is_empty() && event.extra.contains_key("rule") {
        // Records from before rules listed what they wrote.
        parts.push("queued a notification or wrote an entry".into());
    }
    if parts.is_empty() { "text edited".into() } else { parts.join("; ") }
}
