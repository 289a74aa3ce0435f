//! What the index stores of a ticket: its front matter and last activity ([`Summary`], enough to
//! evaluate any query but full text and to show a row) and, apart, its [`Timeline`] (what SLA
//! clocks and created-vs-solved counts need of the conversation), so that neither opens the file.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::ticket::{Entry, Event, MERGED_FROM, Role, SLA_RESET, Ticket, Visibility};

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
}

/// A ticket's conversation without its text: when each entry was written, by whom and for
/// whom, and the status changes and SLA resets (everything [`crate::sla::evaluate`] reads).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// `(at, role, visibility, copied from a merged ticket)` of each entry, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<(DateTime<Utc>, Role, Visibility, bool)>,
    /// `(at, from, to)` of each status change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<(DateTime<Utc>, Option<String>, Option<String>)>,
    /// When the SLA clocks were restarted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sla_resets: Vec<DateTime<Utc>>,
}

impl Timeline {
    /// The timeline of a ticket.
    pub fn of(t: &Ticket) -> Timeline {
        Timeline {
            entries: t
                .entries
                .iter()
                .map(|e| (e.at, e.role, e.visibility, e.extra.contains_key(MERGED_FROM)))
                .collect(),
            statuses: t
                .events
                .iter()
                .filter_map(|e| e.set.get("status").map(|(from, to)| (e.at, from.clone(), to.clone())))
                .collect(),
            sla_resets: t
                .events
                .iter()
                .filter(|e| e.extra.get(SLA_RESET).and_then(Json::as_bool) == Some(true))
                .map(|e| e.at)
                .collect(),
        }
    }
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
        }
    }

    /// A ticket with this front matter and, given its timeline, its entries (without text) and
    /// status events, so that queries, SLA and counts give the same answers as on the whole
    /// ticket. Its last event carries the last activity time (so [`Ticket::last_activity`] is
    /// right).
    pub fn into_ticket(self, timeline: Option<Timeline>) -> Ticket {
        let timeline = timeline.unwrap_or_default();
        let entries = timeline
            .entries
            .into_iter()
            .map(|(at, role, visibility, merged)| {
                let mut entry = Entry {
                    id: String::new(),
                    at,
                    author: String::new(),
                    role,
                    visibility,
                    extra: Default::default(),
                    body: String::new(),
                    line: 0,
                };
                if merged {
                    entry.extra.insert(MERGED_FROM.into(), Json::Bool(true));
                }
                entry
            })
            .collect();
        let mut events: Vec<Event> = timeline
            .statuses
            .into_iter()
            .map(|(at, from, to)| {
                let mut event = Event { at, ..Default::default() };
                event.set.insert("status".into(), (from, to));
                event
            })
            .collect();
        events.extend(timeline.sla_resets.into_iter().map(|at| {
            let mut event = Event { at, ..Default::default() };
            event.extra.insert(SLA_RESET.into(), Json::Bool(true));
            event
        }));
        // Each kind keeps the file's order (what SLA reads: the first status change's `from`,
        // the last reset), even where times are out of order after a merge or a hand edit.
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
            entries,
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
        let skeleton = back.into_ticket(None);
        assert_eq!(skeleton.last_activity(), ticket.last_activity());
        assert_eq!(skeleton.extra_text("plan").as_deref(), Some("pro"));
        assert_eq!(skeleton.tags, ticket.tags);
    }

    const CONVERSATION: &str = "---\nid: K7Q3M9XT2A\ntitle: Camera\nstatus: open\ntype: incident\npriority: high\nrequester: jane@customer.test\ncreated: 2026-11-23T09:00:00Z\n---\n\n<!-- desk:entry {\"id\":\"aaaaaaaa\",\"at\":\"2026-11-23T09:00:00Z\",\"author\":\"jane@customer.test\",\"role\":\"customer\",\"visibility\":\"public\"} -->\nIt stays dark.\n\n<!-- desk:event {\"id\":\"bbbbbbbb\",\"at\":\"2026-11-23T10:00:00Z\",\"by\":\"alice\",\"set\":{\"status\":[\"new\",\"pending\"]}} -->\n\n<!-- desk:entry {\"id\":\"cccccccc\",\"at\":\"2026-11-23T10:00:00Z\",\"author\":\"alice\",\"role\":\"agent\",\"visibility\":\"internal\"} -->\nVendor case.\n\n<!-- desk:entry {\"id\":\"dddddddd\",\"at\":\"2026-11-23T12:00:00Z\",\"author\":\"jane@customer.test\",\"role\":\"customer\",\"visibility\":\"public\"} -->\nStill dark.\n\n<!-- desk:event {\"id\":\"eeeeeeee\",\"at\":\"2026-11-23T12:00:00Z\",\"by\":\"desk\",\"set\":{\"status\":[\"pending\",\"open\"]}} -->\n\n<!-- desk:event {\"id\":\"ffffffff\",\"at\":\"2026-11-23T13:00:00Z\",\"by\":\"alice\",\"sla_reset\":true} -->\n\n<!-- desk:entry {\"id\":\"gggggggg\",\"at\":\"2026-11-23T14:00:00Z\",\"author\":\"alice\",\"role\":\"agent\",\"visibility\":\"public\",\"merged_from\":\"X\"} -->\nCopied.\n\n<!-- desk:entry {\"id\":\"hhhhhhhh\",\"at\":\"2026-11-23T15:00:00Z\",\"author\":\"alice\",\"role\":\"agent\",\"visibility\":\"public\"} -->\nTry this.\n";

    #[test]
    fn sla_on_summary_and_timeline_is_sla_on_the_file() {
        let file = TicketFile::parse(CONVERSATION).unwrap();
        let ticket = file.ticket();
        let timeline: Timeline = serde_json::from_slice(&serde_json::to_vec(&Timeline::of(ticket)).unwrap()).unwrap();
        let skeleton = Summary::of(ticket).into_ticket(Some(timeline));
        let config = crate::template::config();
        let policy = "policies:\n  - name: all\n    pause_on: [pending]\n    targets:\n      high: { first_response: 4h, next_response: 2h, resolution: 1d }\n";
        let sla = crate::sla::SlaConfig::parse(".desk/sla.yaml", policy).unwrap();
        for hours in [9, 11, 13, 16, 40] {
            let now =
                chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{}T{:02}:00:00Z", 23 + hours / 24, hours % 24))
                    .unwrap()
                    .with_timezone(&Utc);
            let on_file = crate::sla::evaluate(ticket, &config, &sla, now);
            let on_index = crate::sla::evaluate(&skeleton, &config, &sla, now);
            assert_eq!(format!("{on_file:?}"), format!("{on_index:?}"), "at {now}");
            assert!(!on_file.targets.is_empty());
        }
    }

    /// The index's SLA class and due time, fixed when the ticket is indexed, give the state
    /// a query sees at any time of asking.
    #[test]
    fn the_indexed_sla_class_and_due_time_answer_at_any_time() {
        let file = TicketFile::parse(CONVERSATION).unwrap();
        let config = crate::template::config();
        for policy in [
            "policies:\n  - name: all\n    pause_on: [pending]\n    targets:\n      high: { first_response: 4h, next_response: 2h, resolution: 1d }\n",
            "calendars:\n  office:\n    timezone: Europe/Paris\n    hours: { mon-fri: \"09:00-17:30\" }\npolicies:\n  - name: all\n    calendar: office\n    pause_on: [pending]\n    targets:\n      high: { first_response: 30m, resolution: 2d }\n",
            "policies:\n  - name: none\n    match: { type: [task] }\n    targets:\n      high: { first_response: 1h }\n",
        ] {
            let sla = crate::sla::SlaConfig::parse(".desk/sla.yaml", policy).unwrap();
            let settings =
                crate::index::Settings { config: config.clone(), sla: Some(sla.clone()), fingerprint: String::new() };
            let (class, due) = settings.sla_of(file.ticket());
            for hour in 0..96 {
                let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T08:30:00Z").unwrap().with_timezone(&Utc)
                    + chrono::Duration::hours(hour);
                let cx = crate::query::Context { config: &config, me: None, sla: Some(&sla), now, text: None };
                let (state, due_then) = crate::query::sla_summary(file.ticket(), &cx);
                assert_eq!(due, due_then, "at {now}");
                assert_eq!(state == "breached", class == "open" && due.is_some_and(|d| d <= now), "{state} at {now}");
                assert_eq!(state == "met", class == "met", "at {now}");
                assert_eq!(state == "none", class == "none", "at {now}");
            }
        }
    }
}
