//! Rules tests: `.desk/rules.test/*.yaml` fixtures run by `desk rules test`.
//!
//! A fixture gives a ticket (front-matter fields, plus `status_changed: 8d` for how long ago the
//! status last changed), an event (`kind`, `by`, `role`, `visibility`, `from`, `to`) or
//! `tick: true`, and what should happen: the rules that fire, in order, fields of the ticket
//! afterwards, and the addresses notified.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_yaml_ng::Value;

use super::engine::{self, Env};
use super::events::{EventKind, TicketEvent};
use super::{Macro, Rule, State};
use crate::config::Config;
use crate::ticket::{Entry, Event, NewTicket, Role, TicketFile, Visibility};

/// Where fixtures live.
pub const FIXTURES_DIR: &str = ".desk/rules.test";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    name: Option<String>,
    #[serde(default)]
    ticket: BTreeMap<String, Value>,
    #[serde(default)]
    event: Option<BTreeMap<String, String>>,
    #[serde(default)]
    tick: bool,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    fired: Vec<String>,
    #[serde(default)]
    ticket: BTreeMap<String, Value>,
    #[serde(default)]
    notify: Option<Vec<String>>,
}

/// The result of one fixture.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    /// The fixture's `name:` (else its file name).
    pub name: String,
    /// Differences from the expectation (empty: passed).
    pub failures: Vec<String>,
}

use super::rules::scalar as text;

fn texts(value: &Value) -> Vec<String> {
    super::rules::strings(value).unwrap_or_default()
}

/// Runs one fixture (`file` names it in messages). An unreadable fixture is an `Err`.
pub fn run(
    file: &str,
    yaml: &str,
    rules: &[Rule],
    config: &Config,
    macros: &BTreeMap<String, Macro>,
    now: DateTime<Utc>,
) -> Result<Outcome, String> {
    let fixture: Fixture = serde_yaml_ng::from_str(yaml).map_err(|e| {
        let (line, message) = crate::config::yaml_error(&e);
        format!("{file}:{line}: {message}")
    })?;
    let get = |key: &str| fixture.ticket.get(key).and_then(text);
    let kind = get("type").or_else(|| config.default_type().map(str::to_string)).unwrap_or_else(|| "question".into());
    let flow = config.workflow(&kind).ok_or_else(|| format!("{file}: unknown type `{kind}`"))?;
    let status = get("status").unwrap_or_else(|| flow.initial.clone());
    for key in fixture.ticket.keys() {
        let known = [
            "type",
            "status",
            "priority",
            "requester",
            "assignee",
            "team",
            "channel",
            "tags",
            "cc",
            "status_changed",
            "title",
        ];
        if !known.contains(&key.as_str()) {
            return Err(format!("{file}: unknown ticket field `{key}` ({})", known.join(", ")));
        }
    }
    let age = match get("status_changed") {
        Some(t) => Some(
            super::rules::parse_duration(&t)
                .ok_or_else(|| format!("{file}: `status_changed: {t}` is not a duration"))?,
        ),
        None => None,
    };
    let created = now - age.unwrap_or_default() - chrono::Duration::hours(1);
    let mut ticket = TicketFile::create(NewTicket {
        id: "TEST000000".into(),
        title: get("title").unwrap_or_else(|| "A rules test".into()),
        status: flow.initial.clone(),
        kind,
        priority: get("priority").or_else(|| config.default_priority().map(str::to_string)).unwrap_or_default(),
        requester: get("requester"),
        assignee: get("assignee"),
        team: get("team"),
        channel: get("channel"),
        parent: None,
        created,
        tags: fixture.ticket.get("tags").map(texts).unwrap_or_default(),
        cc: fixture.ticket.get("cc").map(texts).unwrap_or_default(),
    });
    ticket.push_entry(Entry {
        id: "descript".into(),
        at: created,
        author: get("requester").unwrap_or_else(|| "customer@example.com".into()),
        role: Role::Customer,
        visibility: Visibility::Public,
        extra: Default::default(),
        body: "The request.".into(),
        line: 0,
    });
    if status != flow.initial {
        let mut event = Event {
            id: "statuses".into(),
            at: now - age.unwrap_or_default(),
            by: "alice".into(),
            ..Default::default()
        };
        ticket.set("status", Some(&status), &mut event);
        ticket.push_event(event);
    }
    let mut state = State::default();
    let mut env = Env { config, sla: None, macros, now, state: &mut state };
    let firings = if fixture.tick {
        engine::on_tick(rules, &mut ticket, &mut env)
    } else {
        let Some(event) = &fixture.event else { return Err(format!("{file}: give an `event:` or `tick: true`")) };
        let name = event.get("kind").ok_or_else(|| format!("{file}: the event needs a `kind`"))?;
        let kind = EventKind::from_name(name)
            .ok_or_else(|| format!("{file}: unknown event `{name}` (events: {})", EventKind::names().join(", ")))?;
        let role = match event.get("role").map(String::as_str) {
            Some("customer") => "customer",
            Some("system") => "system",
            _ => "agent",
        };
        let visibility = match (kind, event.get("visibility").map(String::as_str)) {
            (_, Some("internal")) | (EventKind::NoteAdded, None) => Some("internal"),
            (EventKind::PublicReply | EventKind::CustomerReply | EventKind::Created, _) | (_, Some("public")) => {
                Some("public")
            }
            _ => None,
        };
        let none = |v: Option<&String>| v.filter(|v| *v != "none").cloned();
        let event = TicketEvent {
            kind,
            key: format!("{kind}:fixture"),
            at: now,
            by: event.get("by").cloned().unwrap_or_else(|| "alice".into()),
            role,
            visibility,
            from: none(event.get("from")),
            to: none(event.get("to")),
            auto_reply: true,
            mail_from: None,
        };
        engine::on_events(rules, &mut ticket, &[event], &mut env)
    };
    let mut failures = Vec::new();
    let fired: Vec<String> = firings.iter().map(|f| f.rule.clone()).collect();
    if fired != fixture.expect.fired {
        failures.push(format!("fired {fired:?}, expected {:?}", fixture.expect.fired));
    }
    let t = ticket.ticket();
    for (field, want) in &fixture.expect.ticket {
        let got: Vec<String> = match field.as_str() {
            "tags" | "cc" | "followers" => t.list(field).to_vec(),
            _ => t.scalar(field).map(str::to_string).into_iter().collect(),
        };
        let want = texts(want);
        if got != want {
            failures.push(format!("{field} is {}, expected {}", got.join(", "), want.join(", ")));
        }
    }
    if let Some(want) = &fixture.expect.notify {
        let got: Vec<String> = firings.iter().flat_map(|f| f.outbox.iter().flat_map(|o| o.to.clone())).collect();
        if &got != want {
            failures.push(format!("notified {got:?}, expected {want:?}"));
        }
    }
    Ok(Outcome { name: fixture.name.unwrap_or_else(|| file.rsplit('/').next().unwrap_or(file).to_string()), failures })
}
