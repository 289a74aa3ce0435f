//! The pure core of automation: parsing, event derivation, the engine.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::engine::{self, Env};
use super::events::{EventKind, derive};
use super::rules::{self, Condition, Trigger};
use super::{State, deterministic_id, render_placeholders};
use crate::config::Config;
use crate::ticket::{Entry, Event, NewTicket, Role, TicketFile, Visibility};

fn config() -> Config {
    let read = |path: &str| crate::template::file(path).map(str::to_string);
    let mut config = Config::load(read).unwrap();
    let agents = "agents:\n  alice:\n    email: alice@example.com\n    teams: [support]\n  bob:\n    email: bob@example.com\n    teams: [support]\n";
    config.agents =
        serde_yaml_ng::from_str::<BTreeMap<String, indexmap::IndexMap<String, crate::config::Agent>>>(agents)
            .unwrap()
            .remove("agents")
            .unwrap();
    config
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z").unwrap().with_timezone(&Utc)
}

fn ticket(status: &str, assignee: Option<&str>) -> TicketFile {
    let mut file = TicketFile::create(NewTicket {
        id: "AAAAAAAAAA".into(),
        title: "Camera".into(),
        status: "new".into(),
        kind: "question".into(),
        priority: "normal".into(),
        requester: Some("jane@customer.test".into()),
        assignee: assignee.map(str::to_string),
        created: now(),
        ..Default::default()
    });
    file.push_entry(Entry {
        id: "desc0001".into(),
        at: now(),
        author: "jane@customer.test".into(),
        role: Role::Customer,
        visibility: Visibility::Public,
        extra: Default::default(),
        body: "Help".into(),
        line: 0,
    });
    if status != "new" {
        let mut event = Event { id: "stat0001".into(), at: now(), by: "alice".into(), ..Default::default() };
        file.set("status", Some(status), &mut event);
        file.push_event(event);
    }
    file
}

const RULES: &str = include_str!("../../tickets-template/.desk/rules.yaml");

#[test]
fn the_template_rules_parse() {
    let rules = rules::parse(Some(RULES), &config()).unwrap();
    let names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names[0], "round-robin new tickets");
    assert!(!rules[0].enabled);
    assert_eq!(rules[1].trigger, Trigger::On(vec![EventKind::Created, EventKind::AssigneeChanged]));
    assert_eq!(rules[1].conditions[0], Condition::Query("status:new -assignee:none".into()));
    assert_eq!(rules[4].trigger, Trigger::Every(Duration::hours(1)));
    assert!(matches!(rules[4].conditions[1], Condition::Since { kind: EventKind::StatusChanged, .. }));
}

#[test]
fn rule_errors_name_the_line_and_the_fix() {
    let config = config();
    let err = |text: &str| rules::parse(Some(text), &config).unwrap_err();
    let e = err("rules:\n  - name: a\n    on: ticket.opened\n    do: [ { set: { status: open } } ]\n");
    assert_eq!(e.line, 3);
    assert!(e.message.contains("unknown event `ticket.opened`") && e.message.contains("ticket.created"));
    let e = err(
        "rules:\n  - name: a\n    on: ticket.created\n    if: { statuss: new }\n    do: [ { set: { status: open } } ]\n",
    );
    assert_eq!(e.line, 4);
    assert!(e.message.contains("did you mean `status`"), "{}", e.message);
    let e = err("rules:\n  - name: a\n    on: ticket.created\n    do:\n      - assign: carol\n");
    assert_eq!(e.line, 5);
    assert!(e.message.contains("unknown agent `carol`"));
    let e = err("rules:\n  - name: a\n    do: [ { set: { status: open } } ]\n");
    assert!(e.message.contains("needs `on: EVENT` or `every: DURATION`"));
    let e = err("rules:\n  - name: a\n    on: ticket.created\n    do: []\n  - name: a\n");
    assert!(e.message.contains("no actions") || e.message.contains("missing field"), "{}", e.message);
    let e = err("rules:\n  - name: a\n    every: soon\n    do: [ { set: { status: open } } ]\n");
    assert!(e.message.contains("`every: soon` is not a duration"));
}

#[test]
fn events_are_derived_from_new_blocks_and_hand_edits() {
    let before = ticket("open", Some("alice"));
    let mut after = before.clone();
    let mut event = Event { id: "ev000002".into(), at: now(), by: "alice".into(), ..Default::default() };
    after.set("priority", Some("high"), &mut event);
    after.push_event(event);
    after.push_entry(Entry {
        id: "note0001".into(),
        at: now() + Duration::minutes(1),
        author: "alice".into(),
        role: Role::Agent,
        visibility: Visibility::Internal,
        extra: Default::default(),
        body: "x".into(),
        line: 0,
    });
    let role = |who: &str| if who == "alice" { Role::Agent } else { Role::Customer };
    let events = derive(Some(before.ticket()), after.ticket(), role);
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.name()).collect();
    assert_eq!(kinds, ["priority.changed", "note.added", "ticket.updated"]);
    assert_eq!(events[0].key, "priority.changed:ev000002");
    assert_eq!((events[0].from.as_deref(), events[0].to.as_deref()), (Some("normal"), Some("high")));
    // Deriving again gives the same keys (exactly-once depends on it).
    assert_eq!(derive(Some(before.ticket()), after.ticket(), role), events);
    let created = derive(None, before.ticket(), role);
    assert_eq!(created[0].kind, EventKind::Created);
    assert_eq!(created[0].role, "customer");
}

#[test]
fn rules_cascade_fire_once_and_respect_the_workflow() {
    let config = config();
    let rules = rules::parse(Some(RULES), &config).unwrap();
    let macros = BTreeMap::new();
    let mut state = State::default();
    let before = ticket("new", None);
    let mut file = before.clone();
    let mut event = Event { id: "assign01".into(), at: now(), by: "alice".into(), ..Default::default() };
    file.set("assignee", Some("alice"), &mut event);
    file.push_event(event);
    let role = |_: &str| Role::Agent;
    let events = derive(Some(before.ticket()), file.ticket(), role);
    let mut env = Env { config: &config, sla: None, macros: &macros, now: now(), state: &mut state };
    let fired = engine::on_events(&rules, &mut file, &events, &mut env);
    assert_eq!(fired.len(), 1);
    assert_eq!(fired[0].did, ["status new → open"]);
    assert_eq!(file.ticket().status, "open");
    // The same events again: the firing record stops a second firing.
    let again = engine::on_events(&rules, &mut file, &events, &mut env);
    assert!(again.is_empty());
    // A rule the workflow forbids is skipped and reported, not forced.
    let forbidding = rules::parse(
        Some("rules:\n  - name: back to new\n    on: ticket.updated\n    if: { status: open }\n    do: [ { set: { status: new } } ]\n"),
        &config,
    )
    .unwrap();
    let mut copy = file.clone();
    let mut note = Event { id: "prio0001".into(), at: now(), by: "alice".into(), ..Default::default() };
    copy.set("priority", Some("high"), &mut note);
    copy.push_event(note);
    let events = derive(Some(file.ticket()), copy.ticket(), role);
    let fired = engine::on_events(&forbidding, &mut copy, &events, &mut env);
    assert!(fired.is_empty(), "nothing changed, so no firing");
    assert_eq!(copy.ticket().status, "open");
}

#[test]
fn time_rules_fire_once_per_time_the_condition_becomes_true() {
    let config = config();
    let rules = rules::parse(Some(RULES), &config).unwrap();
    let macros = BTreeMap::new();
    let mut state = State::default();
    let mut file = ticket("solved", Some("alice"));
    let mut env =
        Env { config: &config, sla: None, macros: &macros, now: now() + Duration::days(6), state: &mut state };
    assert!(engine::on_tick(&rules, &mut file, &mut env).is_empty());
    env.now = now() + Duration::days(8);
    let fired = engine::on_tick(&rules, &mut file, &mut env);
    assert_eq!(fired[0].rule, "auto-close solved after 7 days");
    assert_eq!(file.ticket().status, "closed");
    let record = file.ticket().events.last().unwrap();
    assert_eq!(record.at, now() + Duration::days(7), "the moment the condition became true");
    assert!(engine::on_tick(&rules, &mut file, &mut env).is_empty(), "closed tickets are left alone");
}

#[test]
fn placeholders_and_ids() {
    let config = config();
    let file = ticket("open", Some("alice"));
    let text = render_placeholders(
        "Hi {{requester.name}}, {{ticket.id}} by {{agent.email}} {{unknown}}",
        file.ticket(),
        &config,
        Some("alice"),
    );
    assert_eq!(text, "Hi Jane, AAAAAAAAAA by alice@example.com {{unknown}}");
    assert_eq!(deterministic_id("a"), deterministic_id("a"));
    assert_ne!(deterministic_id("a"), deterministic_id("b"));
    assert_eq!(deterministic_id("a").len(), crate::id::ENTRY_ID_LEN);
}

#[test]
fn a_rules_own_change_is_not_taken_for_a_hand_edit() {
    let config = config();
    let rules = rules::parse(Some(RULES), &config).unwrap();
    let macros = BTreeMap::new();
    let mut state = State::default();
    let before = ticket("new", None);
    let mut after = before.clone();
    let mut event = Event { id: "assign01".into(), at: now(), by: "alice".into(), ..Default::default() };
    after.set("assignee", Some("alice"), &mut event);
    after.push_event(event);
    let role = |_: &str| Role::Agent;
    let mut env = Env { config: &config, sla: None, macros: &macros, now: now(), state: &mut state };
    let events = derive(Some(before.ticket()), after.ticket(), role);
    engine::on_events(&rules, &mut after, &events, &mut env);
    assert_eq!(after.ticket().status, "open");
    // CI later sees the range holding both the assignment and the rule's change.
    let kinds: Vec<&str> = derive(Some(before.ticket()), after.ticket(), role).iter().map(|e| e.kind.name()).collect();
    assert_eq!(kinds, ["assignee.changed", "ticket.updated"], "no status.changed from the rule's own block");
}

#[test]
fn time_rules_do_not_re_arm_each_other() {
    let config = config();
    let text = "rules:\n  - name: nudge\n    every: 1h\n    if: { status: pending }\n    do: [ { note: \"Nudge the customer\" } ]\n  - name: flag\n    every: 1h\n    if: { status: pending }\n    do: [ { add_tags: [waiting] } ]\n";
    let rules = rules::parse(Some(text), &config).unwrap();
    let macros = BTreeMap::new();
    let mut state = State::default();
    let mut file = ticket("pending", Some("alice"));
    let mut env = Env { config: &config, sla: None, macros: &macros, now: now(), state: &mut state };
    assert_eq!(engine::on_tick(&rules, &mut file, &mut env).len(), 2);
    env.now = now() + Duration::hours(1);
    assert!(engine::on_tick(&rules, &mut file, &mut env).is_empty(), "each fired once");
}

#[test]
fn automatic_replies_are_capped_per_ticket() {
    let config = config();
    let text = "rules:\n  - name: ack\n    on: reply.customer\n    do: [ { reply: \"Got it.\" } ]\n";
    let rules = rules::parse(Some(text), &config).unwrap();
    let macros = BTreeMap::new();
    let mut state = State::default();
    let mut file = ticket("open", Some("alice"));
    let mut env = Env { config: &config, sla: None, macros: &macros, now: now(), state: &mut state };
    let mut replies = 0;
    for n in 0..6 {
        let before = file.clone();
        file.push_entry(Entry {
            id: format!("cust{n:04}"),
            at: now() + Duration::minutes(n),
            author: "jane@customer.test".into(),
            role: Role::Customer,
            visibility: Visibility::Public,
            extra: Default::default(),
            body: "again".into(),
            line: 0,
        });
        let events = derive(Some(before.ticket()), file.ticket(), |_| Role::Customer);
        let fired = engine::on_events(&rules, &mut file, &events, &mut env);
        replies += fired.iter().filter(|f| f.did.iter().any(|d| d == "public reply")).count();
    }
    assert_eq!(replies, engine::MAX_AUTO_REPLIES_PER_10_MINUTES);
}
