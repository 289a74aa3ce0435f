//! Ticket events, derived by comparing a ticket before and after a change.
//!
//! Entries and events are append-only blocks with stable ids, so what a change added is the set
//! of blocks the new version has and the old one lacks, whichever clone or commit range looks.
//! Each derived event carries a key built from those ids: the same change always gives the same
//! keys, which is what makes firings exactly-once.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ticket::{Role, Ticket, Visibility};

/// The kinds of ticket events rules listen to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum EventKind {
    /// A ticket was created.
    Created,
    /// Anything changed (fires once per change, after the specific events).
    Updated,
    /// An agent's public reply.
    PublicReply,
    /// A customer's message.
    CustomerReply,
    /// An internal note.
    NoteAdded,
    /// The status changed.
    StatusChanged,
    /// The assignee changed.
    AssigneeChanged,
    /// The priority changed.
    PriorityChanged,
}

const NAMES: &[(EventKind, &str)] = &[
    (EventKind::Created, "ticket.created"),
    (EventKind::Updated, "ticket.updated"),
    (EventKind::PublicReply, "reply.public"),
    (EventKind::CustomerReply, "reply.customer"),
    (EventKind::NoteAdded, "note.added"),
    (EventKind::StatusChanged, "status.changed"),
    (EventKind::AssigneeChanged, "assignee.changed"),
    (EventKind::PriorityChanged, "priority.changed"),
];

impl EventKind {
    /// The name used in rules (`ticket.created`, …).
    pub fn name(self) -> &'static str {
        NAMES.iter().find(|(k, _)| *k == self).map_or("", |(_, n)| n)
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<EventKind> {
        NAMES.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }

    /// Every event name.
    pub fn names() -> Vec<&'static str> {
        NAMES.iter().map(|(_, n)| *n).collect()
    }

    /// The field a `*.changed` event is about.
    pub fn field(self) -> Option<&'static str> {
        match self {
            EventKind::StatusChanged => Some("status"),
            EventKind::AssigneeChanged => Some("assignee"),
            EventKind::PriorityChanged => Some("priority"),
            _ => None,
        }
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One thing that happened to a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketEvent {
    /// What happened.
    pub kind: EventKind,
    /// Stable identity: the kind and the id of the block that recorded it.
    pub key: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who: agent name, customer email, or `desk`.
    pub by: String,
    /// `agent`, `customer` or `system`.
    pub role: &'static str,
    /// For entries: `public` or `internal`.
    pub visibility: Option<&'static str>,
    /// For `*.changed`: the old value.
    pub from: Option<String>,
    /// For `*.changed`: the new value.
    pub to: Option<String>,
    /// Whether rules may answer it automatically (false for mail from lists, bulk senders and
    /// other automatic mail).
    pub auto_reply: bool,
    /// For entries that came in by email: the sender (automatic replies to one sender are
    /// limited per period, RFC 3834).
    pub mail_from: Option<String>,
}

/// Whether a block was written by an automation rule (its effects were handled when it fired),
/// or copied from a merged duplicate (old conversation, not new activity).
fn by_rule(extra: &serde_json::Map<String, serde_json::Value>) -> bool {
    extra.contains_key("rule") || extra.contains_key(crate::ticket::MERGED_FROM)
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Agent => "agent",
        Role::Customer => "customer",
        Role::System => "system",
    }
}

/// The events that turn `before` (absent: the ticket is new) into `after`, in time order, with
/// `ticket.updated` last. Blocks written by rules are skipped: their consequences ran when the
/// rule fired.
pub fn derive(before: Option<&Ticket>, after: &Ticket, agents_role: impl Fn(&str) -> Role) -> Vec<TicketEvent> {
    // Each event with the line of the block that recorded it: blocks are appended in the order
    // things happened, which tells apart two changes made within the same second.
    let mut out: Vec<(usize, TicketEvent)> = Vec::new();
    let before_ids = before.map(Ticket::block_ids).unwrap_or_default();
    let known = |id: &str| before_ids.contains(id);
    // The latest new block not written by a rule: (time, id, who).
    let mut last: Option<(DateTime<Utc>, String, String)> = None;
    for (index, entry) in after.entries.iter().enumerate() {
        if known(&entry.id) || by_rule(&entry.extra) {
            continue;
        }
        let kind = if before.is_none() && index == 0 {
            EventKind::Created
        } else {
            match (entry.visibility, entry.role) {
                (Visibility::Internal, _) => EventKind::NoteAdded,
                (Visibility::Public, Role::Customer) => EventKind::CustomerReply,
                (Visibility::Public, _) => EventKind::PublicReply,
            }
        };
        out.push((
            entry.line,
            TicketEvent {
                kind,
                key: format!("{kind}:{}", entry.id),
                at: entry.at,
                by: entry.author.clone(),
                role: role_name(entry.role),
                visibility: Some(match entry.visibility {
                    Visibility::Public => "public",
                    Visibility::Internal => "internal",
                }),
                from: None,
                to: None,
                auto_reply: !entry.extra.contains_key("no_auto_reply"),
                mail_from: (entry.role == Role::Customer && entry.extra.contains_key("message_id"))
                    .then(|| entry.author.to_ascii_lowercase()),
            },
        ));
        last = last.max(Some((entry.at, entry.id.clone(), entry.author.clone())));
    }
    // Fields set by any new block (rules' included): such changes are not hand edits.
    let mut recorded: Vec<&str> = Vec::new();
    for event in &after.events {
        if known(&event.id) {
            continue;
        }
        recorded.extend(event.set.keys().map(String::as_str));
        if by_rule(&event.extra) {
            continue;
        }
        for kind in [EventKind::StatusChanged, EventKind::AssigneeChanged, EventKind::PriorityChanged] {
            let field = kind.field().unwrap_or_default();
            if let Some((from, to)) = event.set.get(field) {
                out.push((
                    event.line,
                    TicketEvent {
                        kind,
                        key: format!("{kind}:{}", event.id),
                        at: event.at,
                        by: event.by.clone(),
                        role: role_name(agents_role(&event.by)),
                        visibility: None,
                        from: from.clone(),
                        to: to.clone(),
                        auto_reply: true,
                        mail_from: None,
                    },
                ));
            }
        }
        last = last.max(Some((event.at, event.id.clone(), event.by.clone())));
    }
    // Changes made by hand without an event (front matter edited and committed with git).
    if let Some(b) = before {
        for kind in [EventKind::StatusChanged, EventKind::AssigneeChanged, EventKind::PriorityChanged] {
            let field = kind.field().unwrap_or_default();
            let (old, new) = (b.scalar(field), after.scalar(field));
            if old != new && !recorded.contains(&field) {
                out.push((
                    usize::MAX,
                    TicketEvent {
                        kind,
                        // No block recorded it: the ticket's size tells repeated hand edits apart.
                        key: format!(
                            "{kind}:{}->{}@{}",
                            old.unwrap_or("none"),
                            new.unwrap_or("none"),
                            after.entries.len() + after.events.len()
                        ),
                        at: after.last_activity(),
                        by: "git".into(),
                        role: "agent",
                        visibility: None,
                        from: old.map(str::to_string),
                        to: new.map(str::to_string),
                        auto_reply: true,
                        mail_from: None,
                    },
                ));
            }
        }
    }
    out.sort_by_key(|(line, e)| (e.at, *line));
    let mut out: Vec<TicketEvent> = out.into_iter().map(|(_, e)| e).collect();
    // Anything else changed by hand (tags, CCs, title…) without a block recording it.
    let hand_edit = before.is_some_and(|b| {
        (&b.title, &b.kind, &b.team, &b.channel, &b.tags, &b.cc, &b.followers, &b.extra)
            != (
                &after.title,
                &after.kind,
                &after.team,
                &after.channel,
                &after.tags,
                &after.cc,
                &after.followers,
                &after.extra,
            )
    });
    if before.is_some() && (last.is_some() || !out.is_empty() || hand_edit) {
        let size = after.entries.len() + after.events.len();
        let (at, id, by) = last.unwrap_or_else(|| (after.last_activity(), format!("hand@{size}"), "git".into()));
        let role = if by == "git" { "agent" } else { role_name(agents_role(&by)) };
        out.push(TicketEvent {
            kind: EventKind::Updated,
            key: format!("ticket.updated:{id}"),
            at,
            by,
            role,
            visibility: None,
            from: None,
            to: None,
            auto_reply: out.iter().all(|e| e.auto_reply),
            mail_from: out.iter().rev().find_map(|e| e.mail_from.clone()),
        });
    }
    out
}
