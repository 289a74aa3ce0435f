//! What the index stores of a ticket: its front matter, its last activity and its status
//! history, enough to evaluate any query but full text and SLA, and to show a row, without
//! opening the file.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::ticket::{Event, Ticket};

/// A ticket without its conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Full ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// Type.
    pub kind: String,
    /// Priority.
    pub priority: String,
    /// Requester.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester: Option<String>,
    /// Assignee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Parent ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Time of the last entry or event.
    pub updated: DateTime<Utc>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Customer CCs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
    /// Internal followers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub followers: Vec<String>,
    /// Subtasks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subtasks: Vec<String>,
    /// Links (`relation ID`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Custom and unknown front-matter fields.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, Json>,
    /// Every status the ticket was moved to, with when (for created-vs-solved counts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<(DateTime<Utc>, String)>,
}

impl Summary {
    /// The summary of a ticket.
    pub fn of(t: &Ticket) -> Summary {
        Summary {
            id: t.id.clone(),
            title: t.title.clone(),
            status: t.status.clone(),
            kind: t.kind.clone(),
            priority: t.priority.clone(),
            requester: t.requester.clone(),
            assignee: t.assignee.clone(),
            team: t.team.clone(),
            channel: t.channel.clone(),
            parent: t.parent.clone(),
            created: t.created,
            updated: t.last_activity(),
            tags: t.tags.clone(),
            cc: t.cc.clone(),
            followers: t.followers.clone(),
            subtasks: t.subtasks.clone(),
            links: t.links.clone(),
            extra: t.extra.clone(),
            statuses: t
                .events
                .iter()
                .filter_map(|e| e.set.get("status").and_then(|(_, to)| to.clone()).map(|to| (e.at, to)))
                .collect(),
        }
    }

    /// A ticket with this front matter and no conversation. Its one event carries the last
    /// activity time (so [`Ticket::last_activity`] is right) and the status history, so that
    /// queries and counts over fields give the same answers as on the whole ticket.
    pub fn into_ticket(self) -> Ticket {
        let mut events: Vec<Event> = self
            .statuses
            .into_iter()
            .map(|(at, status)| {
                let mut event = Event { at, ..Default::default() };
                event.set.insert("status".into(), (None, Some(status)));
                event
            })
            .collect();
        events.push(Event { at: self.updated, ..Default::default() });
        Ticket {
            id: self.id,
            title: self.title,
            status: self.status,
            kind: self.kind,
            priority: self.priority,
            requester: self.requester,
            assignee: self.assignee,
            team: self.team,
            channel: self.channel,
            parent: self.parent,
            created: self.created,
            tags: self.tags,
            cc: self.cc,
            followers: self.followers,
            subtasks: self.subtasks,
            links: self.links,
            extra: self.extra,
            entries: Vec::new(),
            events,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::TicketFile;

    const TICKET: &str = "---\nid: K7Q3M9XT2A\ntitle: Camera will not turn on\nstatus: open\ntype: incident\npriority: high\nrequester: jane@customer.test\nassignee: alice\ncreated: 2026-11-23T09:00:00Z\ntags:\n  - camera\nplan: pro\n---\n\n<!-- desk:entry {\"id\":\"aaaaaaaa\",\"at\":\"2026-11-23T09:00:00Z\",\"author\":\"jane@customer.test\",\"role\":\"customer\",\"visibility\":\"public\"} -->\nIt stays dark.\n\n<!-- desk:event {\"id\":\"bbbbbbbb\",\"at\":\"2026-11-24T10:00:00Z\",\"by\":\"alice\",\"set\":{\"status\":[\"new\",\"open\"]}} -->\n";

    #[test]
    fn a_summary_answers_field_queries_like_the_ticket() {
        let file = TicketFile::parse(TICKET).unwrap();
        let ticket = file.ticket();
        let summary = Summary::of(ticket);
        let json = serde_json::to_string(&summary).unwrap();
        let back: Summary = serde_json::from_str(&json).unwrap();
        assert_eq!(back, summary);
        let skeleton = back.into_ticket();
        assert_eq!(skeleton.last_activity(), ticket.last_activity());
        assert_eq!(skeleton.extra_text("plan").as_deref(), Some("pro"));
        assert_eq!(summary.statuses.len(), 1);
        assert_eq!(skeleton.tags, ticket.tags);
    }
}
