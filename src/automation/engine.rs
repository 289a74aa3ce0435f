//! Running rules on one ticket: conditions, actions, firing records and cascades.
//!
//! Pure: the caller gives the ticket file, the events, the configuration, macros, the time and
//! the assignment state; the engine changes the file and says what it did. Every firing is
//! recorded in the ticket as an event `{"rule": NAME, "trigger": KEY, …}`; a rule whose record
//! exists for a trigger never fires for it again. Ids and times of what a firing writes are
//! derived from the rule and the trigger, so two clones (or a hook and CI) firing the same rule
//! on the same event write identical blocks, which the merge driver unites into one.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value as Json;

use super::events::{EventKind, TicketEvent};
use super::rules::{Action, Assignee, Condition, Rule, Text, Trigger};
use super::{Macro, State, deterministic_id, render_placeholders};
use crate::config::{Category, Config};
use crate::ticket::{Entry, Event, Role, Ticket, TicketFile, Visibility};

/// Automatic replies allowed on one ticket within ten minutes (a guard against mail loops).
pub const MAX_AUTO_REPLIES_PER_10_MINUTES: usize = 3;

/// What the engine needs besides the ticket.
pub struct Env<'a> {
    /// Configuration (workflows, agents, teams).
    pub config: &'a Config,
    /// SLA policies, for `sla:` and `due` conditions.
    pub sla: Option<&'a crate::sla::SlaConfig>,
    /// Macros by name.
    pub macros: &'a BTreeMap<String, Macro>,
    /// The current time (time-based rules).
    pub now: DateTime<Utc>,
    /// Round-robin positions and open-ticket counts.
    pub state: &'a mut State,
}

/// A message queued for delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxItem {
    /// Stable id (also the file name under `outbox/`).
    pub id: String,
    /// The ticket it is about.
    pub ticket: String,
    /// Recipient addresses.
    pub to: Vec<String>,
    /// Subject line.
    pub subject: String,
    /// Markdown body.
    pub body: String,
    /// The rule that queued it.
    pub rule: String,
    /// When it was queued.
    pub at: DateTime<Utc>,
}

/// One rule firing on one ticket.
#[derive(Debug, Clone, Serialize)]
pub struct Firing {
    /// The rule.
    pub rule: String,
    /// The trigger key (`status.changed:<event id>`, `tick:…`).
    pub trigger: String,
    /// What the actions did, in words.
    pub did: Vec<String>,
    /// Actions that could not apply (e.g. a transition the workflow forbids).
    pub skipped: Vec<String>,
    /// Messages queued.
    pub outbox: Vec<OutboxItem>,
}

/// Whether `rule` already fired for `trigger` on this ticket.
pub fn has_fired(ticket: &Ticket, rule: &str, trigger: &str) -> bool {
    ticket.events.iter().any(|e| {
        e.extra.get("rule").and_then(Json::as_str) == Some(rule)
            && e.extra.get("trigger").and_then(Json::as_str) == Some(trigger)
    })
}

fn category(config: &Config, ticket: &Ticket) -> Option<Category> {
    config.category_of(ticket)
}

/// When the last event of `kind` happened to the ticket, and the id of the block that recorded
/// it (`created` for the ticket's creation); `None`: never.
pub fn last_event(ticket: &Ticket, kind: EventKind) -> Option<(DateTime<Utc>, String)> {
    let entries =
        |keep: &dyn Fn(&Entry) -> bool| ticket.entries.iter().filter(|e| keep(e)).map(|e| (e.at, e.id.clone())).max();
    match kind {
        EventKind::Created => Some((ticket.created, "created".into())),
        EventKind::Updated => ticket
            .entries
            .iter()
            .map(|e| (e.at, e.id.clone()))
            .chain(ticket.events.iter().map(|e| (e.at, e.id.clone())))
            .max()
            .or(Some((ticket.created, "created".into()))),
        EventKind::PublicReply => entries(&|e| e.visibility == Visibility::Public && e.role == Role::Agent),
        EventKind::CustomerReply => entries(&|e| e.role == Role::Customer),
        EventKind::NoteAdded => entries(&|e| e.visibility == Visibility::Internal),
        _ => {
            let field = kind.field().unwrap_or_default();
            ticket.events.iter().filter(|e| e.set.contains_key(field)).map(|e| (e.at, e.id.clone())).max()
        }
    }
}

/// Whether the rule's conditions hold for the ticket (and the event, for event rules). For
/// time-based rules also returns when the condition became true (the latest `since` moment).
fn holds(rule: &Rule, ticket: &Ticket, event: Option<&TicketEvent>, env: &Env) -> Option<Option<DateTime<Utc>>> {
    let mut since_at = None;
    for condition in &rule.conditions {
        match condition {
            Condition::Query(text) => {
                let query = crate::query::parse_with(text, env.now, &env.config.custom_field_names()).ok()?;
                let me = event.map(|e| e.by.as_str());
                let cx = crate::query::Context { config: env.config, me, sla: env.sla, now: env.now, text: None };
                if !query.matches(ticket, &cx) {
                    return None;
                }
            }
            Condition::Event { detail, values } => {
                let event = event?;
                let actual = match detail.as_str() {
                    "by" => Some(event.by.clone()),
                    "role" => Some(event.role.to_string()),
                    "visibility" => event.visibility.map(str::to_string),
                    "from" => event.from.clone(),
                    _ => event.to.clone(),
                };
                // `!value` matches anything else; `none` matches an absent value.
                let is = |v: &str| match &actual {
                    Some(a) => a.eq_ignore_ascii_case(v),
                    None => v == "none",
                };
                let matches = values.iter().any(|v| match v.strip_prefix('!') {
                    Some(not) => !is(not),
                    None => is(v),
                });
                if !matches {
                    return None;
                }
            }
            Condition::Since { kind, at_least } => {
                let (at, _) = last_event(ticket, *kind)?;
                let due = at + *at_least;
                if env.now < due {
                    return None;
                }
                since_at = since_at.max(Some(due));
            }
        }
    }
    Some(since_at)
}

/// Runs the event rules on `file` for `events`, cascading: changes a rule makes are events for
/// the rules after it, and each rule fires at most once per chain started by one event.
pub fn on_events(rules: &[Rule], file: &mut TicketFile, events: &[TicketEvent], env: &mut Env) -> Vec<Firing> {
    let mut firings = Vec::new();
    for start in events {
        let mut fired_in_chain: HashSet<String> = HashSet::new();
        let mut pending = std::collections::VecDeque::from([start.clone()]);
        while let Some(event) = pending.pop_front() {
            for rule in rules {
                let Trigger::On(kinds) = &rule.trigger else { continue };
                if !rule.enabled || !kinds.contains(&event.kind) || fired_in_chain.contains(&rule.name) {
                    continue;
                }
                // A chain is identified by its first event: the record names it, so the rule
                // does not fire again for that event anywhere.
                let trigger =
                    if event.key == start.key { start.key.clone() } else { format!("{}>{}", start.key, event.key) };
                if has_fired(file.ticket(), &rule.name, &trigger) {
                    continue;
                }
                if category(env.config, file.ticket()) == Some(Category::Closed) {
                    continue;
                }
                if holds(rule, file.ticket(), Some(&event), env).is_none() {
                    continue;
                }
                let Some((firing, caused)) = fire(rule, file, &trigger, event.at, Some(&event), env) else { continue };
                fired_in_chain.insert(rule.name.clone());
                pending.extend(caused);
                firings.push(firing);
            }
        }
    }
    firings
}

/// Runs the time-based rules on `file`. A rule fires once per time its condition becomes true:
/// the trigger key names the ticket's last change not made by the rule itself.
pub fn on_tick(rules: &[Rule], file: &mut TicketFile, env: &mut Env) -> Vec<Firing> {
    let mut firings = Vec::new();
    for rule in rules {
        if !rule.enabled || !matches!(rule.trigger, Trigger::Every(_)) {
            continue;
        }
        if category(env.config, file.ticket()) == Some(Category::Closed) {
            continue;
        }
        let Some(since) = holds(rule, file.ticket(), None, env) else { continue };
        let ticket = file.ticket();
        // The condition "becomes true" again only through what people do: with `since`
        // conditions, a new anchor event (e.g. a new status change); otherwise a new block not
        // written by any rule.
        let anchors: Vec<String> = rule
            .conditions
            .iter()
            .filter_map(|c| match c {
                Condition::Since { kind, .. } => last_event(ticket, *kind).map(|(_, id)| id),
                _ => None,
            })
            .collect();
        let trigger = if anchors.is_empty() {
            let human = |extra: &serde_json::Map<String, Json>| !extra.contains_key("rule");
            let last = ticket
                .entries
                .iter()
                .filter(|e| human(&e.extra))
                .map(|e| (e.at, e.id.clone()))
                .chain(ticket.events.iter().filter(|e| human(&e.extra)).map(|e| (e.at, e.id.clone())))
                .max()
                .map_or_else(|| "created".to_string(), |(_, id)| id);
            format!("tick:{last}")
        } else {
            format!("tick:{}", anchors.join("+"))
        };
        if has_fired(ticket, &rule.name, &trigger) {
            continue;
        }
        let at = since.unwrap_or(env.now);
        if let Some((firing, _)) = fire(rule, file, &trigger, at, None, env) {
            firings.push(firing);
        }
    }
    firings
}

/// Applies a rule's actions, recording the firing. `None` when the actions changed nothing.
fn fire(
    rule: &Rule,
    file: &mut TicketFile,
    trigger: &str,
    at: DateTime<Utc>,
    cause: Option<&TicketEvent>,
    env: &mut Env,
) -> Option<(Firing, Vec<TicketEvent>)> {
    let before = file.clone();
    let id_for = |what: &str| deterministic_id(&format!("{}\u{0}{trigger}\u{0}{what}", rule.name));
    let mut record = Event { id: id_for("event"), at, by: "desk".into(), ..Default::default() };
    record.extra.insert("rule".into(), Json::from(rule.name.clone()));
    record.extra.insert("trigger".into(), Json::from(trigger.to_string()));
    let mut firing = Firing {
        rule: rule.name.clone(),
        trigger: trigger.to_string(),
        did: Vec::new(),
        skipped: Vec::new(),
        outbox: Vec::new(),
    };
    for (n, action) in rule.actions.iter().enumerate() {
        apply(action, n, file, &mut record, &mut firing, at, cause, env, &id_for);
    }
    let wrote_entries = file.ticket().entries.len() != before.ticket().entries.len();
    if record.set.is_empty()
        && record.add.is_empty()
        && record.remove.is_empty()
        && firing.outbox.is_empty()
        && !wrote_entries
    {
        *file = before;
        return None;
    }
    if !firing.outbox.is_empty() {
        let ids: Vec<Json> = firing.outbox.iter().map(|o| Json::from(o.id.clone())).collect();
        record.extra.insert("outbox".into(), Json::Array(ids));
    }
    // What the firing did besides changing fields (replies, notes, notifications), worded as
    // its report words it, so the record reads on its own in `desk show` and `desk log`.
    let did: Vec<Json> = (firing.did.iter())
        .filter(|d| matches!(d.as_str(), "public reply" | "internal note") || d.starts_with("notify "))
        .map(|d| Json::from(d.clone()))
        .collect();
    if !did.is_empty() {
        record.extra.insert("did".into(), Json::Array(did));
    }
    let caused = caused_events(&record, at);
    file.push_event(record);
    Some((firing, caused))
}

/// The events a firing's field changes cause (for cascading rules).
fn caused_events(record: &Event, at: DateTime<Utc>) -> Vec<TicketEvent> {
    let mut out = Vec::new();
    for kind in [EventKind::StatusChanged, EventKind::AssigneeChanged, EventKind::PriorityChanged] {
        if let Some((from, to)) = record.set.get(kind.field().unwrap_or_default()) {
            out.push(TicketEvent {
                kind,
                key: format!("{kind}:{}", record.id),
                at,
                by: "desk".into(),
                role: "system",
                visibility: None,
                from: from.clone(),
                to: to.clone(),
                auto_reply: true,
                mail_from: None,
            });
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn apply(
    action: &Action,
    n: usize,
    file: &mut TicketFile,
    record: &mut Event,
    firing: &mut Firing,
    at: DateTime<Utc>,
    cause: Option<&TicketEvent>,
    env: &mut Env,
    id_for: &dyn Fn(&str) -> String,
) {
    match action {
        Action::Set(fields) => {
            for (field, value) in fields {
                set_field(file, field, value.as_deref(), record, firing, env.config);
            }
        }
        Action::Assign(how) => {
            let ticket = file.ticket();
            let team_agents = |team: &str| -> Vec<String> {
                env.config
                    .agents
                    .iter()
                    .filter(|(_, a)| a.teams.iter().any(|t| t == team))
                    .map(|(n, _)| n.clone())
                    .collect()
            };
            let (agent, team) = match how {
                Assignee::Agent(name) => (Some(name.clone()), None),
                Assignee::Team(team) => (None, Some(team.clone())),
                Assignee::RoundRobin(team) => {
                    let agents = team_agents(team);
                    let last = env.state.round_robin.get(team);
                    let next = match last.and_then(|l| agents.iter().position(|a| a == l)) {
                        Some(i) => agents.get((i + 1) % agents.len().max(1)).cloned(),
                        None => agents.first().cloned(),
                    };
                    if let Some(next) = &next {
                        env.state.round_robin.insert(team.clone(), next.clone());
                    }
                    (next, Some(team.clone()))
                }
                Assignee::LeastOpen(team) => {
                    let agents = team_agents(team);
                    let next = agents.iter().min_by_key(|a| env.state.open.get(*a).copied().unwrap_or(0)).cloned();
                    if let Some(next) = &next {
                        *env.state.open.entry(next.clone()).or_default() += 1;
                        if let Some(old) = ticket.assignee.as_ref().and_then(|o| env.state.open.get_mut(o)) {
                            *old = old.saturating_sub(1);
                        }
                    }
                    (next, Some(team.clone()))
                }
            };
            if agent.is_none() && team.is_none() {
                firing.skipped.push("assign: the team has no agents".into());
            }
            // `team:` moves the ticket to the team; a round robin or least-open pick only fills
            // in a missing team.
            if let Some(team) = team
                && (matches!(how, Assignee::Team(_)) || file.ticket().team.is_none())
            {
                set_field(file, "team", Some(&team), record, firing, env.config);
            }
            if let Some(agent) = agent {
                set_field(file, "assignee", Some(&agent), record, firing, env.config);
            }
        }
        Action::AddTags(tags) => list_change(file, "tags", tags, true, record, firing),
        Action::RemoveTags(tags) => list_change(file, "tags", tags, false, record, firing),
        Action::Cc(emails) => list_change(file, "cc", emails, true, record, firing),
        Action::Follow(agents) => list_change(file, "followers", agents, true, record, firing),
        Action::Reply(text) | Action::Note(text) => {
            let public = matches!(action, Action::Reply(_));
            // Never answer automatic mail, lists or bulk senders automatically (RFC 3834).
            if public && cause.is_some_and(|c| !c.auto_reply) {
                firing.skipped.push("reply: no automatic replies to automatic, bulk or list mail".into());
                return;
            }
            // A loop guard, as Zammad caps sends per ticket: at most a few automatic replies on a
            // ticket within ten minutes, whatever the rules say.
            let recent = file
                .ticket()
                .entries
                .iter()
                .filter(|e| e.role == Role::System && e.visibility == Visibility::Public)
                .filter(|e| e.at > at - chrono::Duration::minutes(10))
                .count();
            if public && recent >= MAX_AUTO_REPLIES_PER_10_MINUTES {
                firing.skipped.push(format!(
                    "reply: already {recent} automatic replies on this ticket in ten minutes (a mail loop?)"
                ));
                return;
            }
            // RFC 3834: one automatic answer per sender per period, across tickets.
            let sender = cause.and_then(|c| c.mail_from.as_deref()).filter(|_| public);
            if let (Some(sender), Some(interval)) = (sender, env.state.auto_reply_interval)
                && let Some(last) = env.state.auto_replied.get(sender)
                && *last <= at
                && at - *last < interval
            {
                firing.skipped.push(format!(
                    "reply: {sender} had an automatic reply on {} (one per sender per {})",
                    crate::clock::format_time(last),
                    crate::sla::format_duration(interval)
                ));
                return;
            }
            let Some(body) = resolve_text(text, file.ticket(), env, firing) else { return };
            let mut extra = serde_json::Map::new();
            extra.insert("rule".into(), record.extra["rule"].clone());
            let entry = Entry {
                id: id_for(&format!("entry{n}")),
                at,
                author: "desk".into(),
                role: Role::System,
                visibility: if public { Visibility::Public } else { Visibility::Internal },
                extra,
                body,
                line: 0,
            };
            if file.ticket().has_id(&entry.id) {
                return;
            }
            file.push_entry(entry);
            if let Some(sender) = sender {
                env.state.auto_replied.insert(sender.to_string(), at);
            }
            firing.did.push(if public { "public reply".into() } else { "internal note".into() });
        }
        Action::Notify { to, message } => {
            let ticket = file.ticket();
            let mut addresses: Vec<String> = Vec::new();
            for who in to {
                let found: Vec<String> = match who.as_str() {
                    "assignee" => ticket.assignee.iter().filter_map(|a| agent_email(env.config, a)).collect(),
                    "requester" => ticket.requester.iter().cloned().collect(),
                    "followers" => ticket.followers.iter().filter_map(|a| agent_email(env.config, a)).collect(),
                    "cc" => ticket.cc.clone(),
                    name if crate::config::is_email(name) => vec![name.to_string()],
                    name => agent_email(env.config, name).into_iter().collect(),
                };
                for address in found {
                    if !addresses.contains(&address) {
                        addresses.push(address);
                    }
                }
            }
            if addresses.is_empty() {
                firing.skipped.push(format!("notify {}: nobody to notify", to.join(", ")));
                return;
            }
            let what = cause.map_or_else(
                || format!("rule `{}`", record.extra["rule"].as_str().unwrap_or("")),
                |c| c.kind.to_string(),
            );
            let body = match message {
                Some(text) => match resolve_text(text, ticket, env, firing) {
                    Some(body) => body,
                    None => return,
                },
                None => format!(
                    "Ticket {} ({}): {what}.\n\nStatus {}, priority {}.",
                    ticket.id, ticket.title, ticket.status, ticket.priority
                ),
            };
            let item = OutboxItem {
                id: format!("{}-{}", ticket.id, id_for(&format!("notify{n}"))),
                ticket: ticket.id.clone(),
                to: addresses.clone(),
                subject: format!("[#{}] {}", ticket.id, ticket.title),
                body,
                rule: record.extra["rule"].as_str().unwrap_or_default().to_string(),
                at,
            };
            firing.did.push(format!("notify {}", addresses.join(", ")));
            firing.outbox.push(item);
        }
    }
}

fn agent_email(config: &Config, name: &str) -> Option<String> {
    config.agents.get(name).map(|a| a.email.clone())
}

fn resolve_text(text: &Text, ticket: &Ticket, env: &Env, firing: &mut Firing) -> Option<String> {
    let raw = match text {
        Text::Literal(text) => text.clone(),
        Text::Macro(name) => match env.macros.get(name) {
            Some(m) => m.body.clone(),
            None => {
                firing.skipped.push(format!("macro `{name}` does not exist"));
                return None;
            }
        },
    };
    Some(render_placeholders(&raw, ticket, env.config, ticket.assignee.as_deref()))
}

fn set_field(
    file: &mut TicketFile,
    field: &str,
    value: Option<&str>,
    record: &mut Event,
    firing: &mut Firing,
    config: &Config,
) {
    let ticket = file.ticket();
    if ticket.scalar(field) == value && !config.fields.contains_key(field) {
        return;
    }
    if field == "status"
        && let Some(to) = value
    {
        let Some(flow) = config.workflow(&ticket.kind) else { return };
        if flow.category(to).is_none() {
            firing.skipped.push(format!("status {to}: not a status of {} tickets", ticket.kind));
            return;
        }
        if !flow.allows(&ticket.status, to) {
            firing.skipped.push(format!("status {} → {to}: the workflow does not allow it", ticket.status));
            return;
        }
        if flow.category(to) == Some(Category::Solved) && ticket.assignee.is_none() {
            firing.skipped.push(format!("status {to}: a solved ticket needs an assignee"));
            return;
        }
    }
    if config.fields.contains_key(field) {
        let old = ticket.extra_text(field);
        if file.set_custom(field, value, record) {
            firing.did.push(format!("{field} {} → {}", old.as_deref().unwrap_or("none"), value.unwrap_or("none")));
        }
        return;
    }
    let old = ticket.scalar(field).map(str::to_string);
    if file.set(field, value, record) {
        firing.did.push(format!("{field} {} → {}", old.as_deref().unwrap_or("none"), value.unwrap_or("none")));
    }
}

fn list_change(
    file: &mut TicketFile,
    field: &str,
    values: &[String],
    add: bool,
    record: &mut Event,
    firing: &mut Firing,
) {
    let changed = if add { file.add(field, values, record) } else { file.remove(field, values, record) };
    if !changed.is_empty() {
        firing.did.push(format!("{} {field} {}", if add { "add" } else { "remove" }, changed.join(", ")));
    }
}

/// Rule pairs that can trigger each other (A's actions cause an event B listens to, and back).
pub fn mutual_triggers(rules: &[Rule]) -> Vec<(String, String)> {
    let causes = |rule: &Rule| -> Vec<EventKind> {
        let mut kinds = Vec::new();
        for action in &rule.actions {
            match action {
                Action::Set(fields) => {
                    for (field, _) in fields {
                        match field.as_str() {
                            "status" => kinds.push(EventKind::StatusChanged),
                            "assignee" => kinds.push(EventKind::AssigneeChanged),
                            "priority" => kinds.push(EventKind::PriorityChanged),
                            _ => {}
                        }
                    }
                }
                Action::Assign(Assignee::Team(_)) => {}
                Action::Assign(_) => kinds.push(EventKind::AssigneeChanged),
                _ => {}
            }
        }
        kinds
    };
    let listens = |rule: &Rule, kind: EventKind| matches!(&rule.trigger, Trigger::On(k) if k.contains(&kind));
    let triggers = |a: &Rule, b: &Rule| causes(a).iter().any(|k| listens(b, *k));
    let mut out = Vec::new();
    for (i, a) in rules.iter().enumerate() {
        for b in &rules[i + 1..] {
            if a.enabled && b.enabled && triggers(a, b) && triggers(b, a) {
                out.push((a.name.clone(), b.name.clone()));
            }
        }
    }
    out
}

/// Rules on `ticket.updated` whose actions do not make their own conditions false: without a
/// "nullifying" condition they would fire again on every later update.
pub fn unnullified(rules: &[Rule]) -> Vec<String> {
    rules
        .iter()
        .filter(|r| r.enabled && matches!(&r.trigger, Trigger::On(k) if k.contains(&EventKind::Updated)))
        .filter(|rule| {
            let text = rule.conditions.iter().find_map(|c| match c {
                Condition::Query(q) => Some(q.as_str()),
                _ => None,
            });
            let Some(text) = text else { return true };
            // A condition is nullified when an action sets a field the condition reads, or
            // adds or removes a tag it tests.
            !rule.actions.iter().any(|action| match action {
                Action::Set(fields) => fields.iter().any(|(f, _)| {
                    let f = if f == "status" { "status" } else { f.as_str() };
                    text.contains(&format!("{f}:")) || (f == "status" && text.contains("category:"))
                }),
                Action::Assign(_) => text.contains("assignee:") || text.contains("team:"),
                Action::AddTags(tags) | Action::RemoveTags(tags) => {
                    tags.iter().any(|t| text.contains(&format!("tag:{t}")))
                }
                _ => false,
            })
        })
        .map(|r| r.name.clone())
        .collect()
}

/// The firing records (`{"rule": …}` events) in a ticket, as (rule, trigger, time).
pub fn firings_in(ticket: &Ticket) -> Vec<(String, String, DateTime<Utc>)> {
    ticket
        .events
        .iter()
        .filter_map(|e| {
            let rule = e.extra.get("rule")?.as_str()?.to_string();
            let trigger = e.extra.get("trigger").and_then(Json::as_str).unwrap_or_default().to_string();
            Some((rule, trigger, e.at))
        })
        .collect()
}
