//! `.desk/rules.yaml`: parsing and validating automation rules.
//!
//! A rule is a trigger (`on:` ticket events, or `every:` for time-based rules), conditions
//! (`if:`) and actions (`do:`). Conditions on ticket fields use the search query language's
//! vocabulary and are compiled to a query; event details and `since` are checked directly.

use chrono::Duration;
use indexmap::IndexMap;
use serde::Deserialize;
use serde_yaml_ng::Value;

use super::EventKind;
use crate::config::{Config, ConfigError, yaml_error};

/// The rules file.
pub const RULES_FILE: &str = ".desk/rules.yaml";

/// One automation rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Unique name, recorded in the tickets it changes.
    pub name: String,
    /// 1-based line of the rule in the file.
    pub line: usize,
    /// `enabled: false` keeps a rule without running it.
    pub enabled: bool,
    /// What makes it run.
    pub trigger: Trigger,
    /// All must hold.
    pub conditions: Vec<Condition>,
    /// Applied in order.
    pub actions: Vec<Action>,
}

/// What makes a rule run.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// Any of these ticket events.
    On(Vec<EventKind>),
    /// Time-based: checked on every `desk automate --tick`. The duration documents how often
    /// the tick must be scheduled for the rule to act on time (ticks run every time rule).
    Every(Duration),
}

/// A condition of a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Ticket fields, as search query text (e.g. `assignee:none (type:question OR type:incident)`).
    Query(String),
    /// A detail of the triggering event: `by`, `role`, `visibility`, `from`, `to`; any value matches.
    Event { detail: String, values: Vec<String> },
    /// At least this long since the last event of this kind.
    Since { kind: EventKind, at_least: Duration },
}

/// Who an assignment goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignee {
    /// A named agent.
    Agent(String),
    /// A team (the ticket's `team:`; the agent is left alone).
    Team(String),
    /// The team's agents in turn (state kept in `.desk/state.yaml`).
    RoundRobin(String),
    /// The team's agent with the fewest unresolved tickets.
    LeastOpen(String),
}

/// Text for a reply or note: literal (with placeholders) or a macro's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// Literal Markdown with `{{placeholders}}`.
    Literal(String),
    /// The body of `.desk/macros/<name>.md`.
    Macro(String),
}

/// An action of a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Set scalar fields (`status`, `priority`, `type`, `assignee`, `team`); `none` clears.
    Set(Vec<(String, Option<String>)>),
    /// Assign.
    Assign(Assignee),
    /// Add tags.
    AddTags(Vec<String>),
    /// Remove tags.
    RemoveTags(Vec<String>),
    /// Add customer CCs.
    Cc(Vec<String>),
    /// Add internal followers.
    Follow(Vec<String>),
    /// A public reply (from desk, role system).
    Reply(Text),
    /// An internal note.
    Note(Text),
    /// Queue a notification in the outbox: `assignee`, `requester`, `followers`, `cc`, an agent
    /// or an email, with an optional message.
    Notify { to: Vec<String>, message: Option<Text> },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    rules: Option<Vec<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: String,
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    on: Option<Value>,
    #[serde(default)]
    every: Option<String>,
    #[serde(default, rename = "if")]
    conditions: Option<IndexMap<String, Value>>,
    #[serde(rename = "do")]
    actions: Vec<Value>,
}

/// Condition keys that are ticket fields, with their query field.
const FIELD_CONDITIONS: &[(&str, &str)] = &[
    ("status", "status"),
    ("status_category", "category"),
    ("category", "category"),
    ("type", "type"),
    ("priority", "priority"),
    ("assignee", "assignee"),
    ("team", "team"),
    ("requester", "requester"),
    ("domain", "domain"),
    ("cc", "cc"),
    ("follower", "follower"),
    ("tag", "tag"),
    ("tags", "tag"),
    ("channel", "channel"),
    ("created", "created"),
    ("updated", "updated"),
    ("sla", "sla"),
    ("title", "title"),
];
/// Condition keys that are details of the triggering event.
const EVENT_DETAILS: &[&str] = &["by", "role", "visibility", "from", "to"];

/// A rules-file error at `line`.
fn problem(line: usize, message: impl Into<String>) -> ConfigError {
    ConfigError { path: RULES_FILE.into(), line, message: message.into() }
}

/// The 1-based line of the first occurrence of `needle` at or after `from` (else `from`).
pub(crate) fn line_of(text: &str, needle: &str, from: usize) -> usize {
    text.lines().enumerate().skip(from.saturating_sub(1)).find(|(_, l)| l.contains(needle)).map_or(from, |(i, _)| i + 1)
}

/// The line of the rule named `name`: its `name:` line, looked for from line `from` (a bare
/// search for a short name would stop at any earlier line containing it).
fn rule_line(text: &str, name: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, line)| {
            let line = line.trim_start().trim_start_matches("- ").trim_start();
            line.strip_prefix("name:").is_some_and(|rest| rest.trim().trim_matches(['"', '\'']) == name)
        })
        .map_or_else(|| line_of(text, name, from), |(i, _)| i + 1)
}

/// Text of a YAML scalar (strings, numbers, booleans); `None` for null.
pub(crate) fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// One value or a list of values, as strings.
pub(crate) fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Sequence(items) => items.iter().map(scalar).collect(),
        Value::Null => Some(Vec::new()),
        other => scalar(other).map(|s| vec![s]),
    }
}

/// A query term for `field` and one condition value: `>=high` → `priority>=high`, `!x` → `-f:x`.
fn query_term(field: &str, value: &str) -> String {
    let quote = |v: &str| {
        if v.is_empty() || v.contains(|c: char| c.is_whitespace() || c == '(' || c == ')') {
            format!("\"{}\"", v.replace('"', ""))
        } else {
            v.to_string()
        }
    };
    if let Some(rest) = value.strip_prefix('!') {
        return format!("-{field}:{}", quote(rest));
    }
    for op in [">=", "<=", ">", "<", "="] {
        if let Some(rest) = value.strip_prefix(op) {
            return format!("{field}{op}{}", quote(rest));
        }
    }
    format!("{field}:{}", quote(value))
}

/// Parses a duration such as `7d`, `1h`, `30m` (calendar time).
pub fn parse_duration(text: &str) -> Option<Duration> {
    crate::sla::parse_duration(text, Duration::days(1)).filter(|d| *d > Duration::zero())
}

/// Parses `.desk/rules.yaml`. Errors carry the file's line; `config` validates names.
pub fn parse(text: Option<&str>, config: &Config) -> Result<Vec<Rule>, ConfigError> {
    let (rules, mut problems) = parse_all(text, config);
    if problems.is_empty() { Ok(rules) } else { Err(problems.remove(0)) }
}

/// Parses `.desk/rules.yaml` rule by rule: the rules that read, and every problem of those that
/// do not (so that `desk check` lists them all at once), in file order.
pub fn parse_all(text: Option<&str>, config: &Config) -> (Vec<Rule>, Vec<ConfigError>) {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else { return (Vec::new(), Vec::new()) };
    let file: RulesFile = match serde_yaml_ng::from_str::<Option<RulesFile>>(text).map(Option::unwrap_or_default) {
        Ok(file) => file,
        Err(err) => {
            let (line, message) = yaml_error(&err);
            return (Vec::new(), vec![problem(line, message)]);
        }
    };
    let mut rules: Vec<Rule> = Vec::new();
    let mut problems = Vec::new();
    let mut from = 1;
    for raw in file.rules.unwrap_or_default() {
        let line = rule_line(text, &raw.name, from);
        from = line + 1;
        match parse_rule(raw, text, line, config, &rules) {
            Ok(rule) => rules.push(rule),
            Err(found) => problems.extend(found),
        }
    }
    problems.sort_by_key(|p| p.line);
    (rules, problems)
}

/// One rule, at `line` of `text`; `earlier` are the rules before it (names must be unique).
/// Every problem found in it, not only the first.
fn parse_rule(
    raw: RawRule,
    text: &str,
    line: usize,
    config: &Config,
    earlier: &[Rule],
) -> Result<Rule, Vec<ConfigError>> {
    let at = |needle: &str| line_of(text, needle, line);
    if raw.name.trim().is_empty() {
        return Err(vec![problem(line, "a rule needs a name")]);
    }
    if earlier.iter().any(|r| r.name == raw.name) {
        return Err(vec![problem(line, format!("two rules are named `{}`: names must be unique", raw.name))]);
    }
    let mut problems = Vec::new();
    let trigger = match trigger(&raw, &at, line) {
        Ok(trigger) => Some(trigger),
        Err(found) => {
            problems.extend(found);
            None
        }
    };
    let conditions = conditions(&raw, trigger.as_ref(), config, &at, &mut problems);
    if raw.actions.is_empty() {
        problems.push(problem(at("do:"), format!("rule `{}` has no actions", raw.name)));
    }
    let mut actions = Vec::new();
    for value in &raw.actions {
        match action(value, config, &at) {
            Ok(action) => actions.push(action),
            Err(found) => problems.extend(found),
        }
    }
    match trigger {
        Some(trigger) if problems.is_empty() => {
            Ok(Rule { name: raw.name, line, enabled: raw.enabled.unwrap_or(true), trigger, conditions, actions })
        }
        _ => Err(problems),
    }
}

/// When a rule runs: its `on:` events or its `every:` period.
fn trigger(raw: &RawRule, at: &impl Fn(&str) -> usize, line: usize) -> Result<Trigger, Vec<ConfigError>> {
    match (&raw.on, &raw.every) {
        (Some(on), None) => {
            let names =
                strings(on).ok_or_else(|| vec![problem(at("on:"), "`on:` takes an event or a list of events")])?;
            if names.is_empty() {
                return Err(vec![problem(at("on:"), "`on:` names no event")]);
            }
            let mut kinds = Vec::new();
            let mut unknown = Vec::new();
            for n in &names {
                match EventKind::from_name(n) {
                    Some(kind) => kinds.push(kind),
                    None => unknown.push(problem(
                        at(n),
                        format!("unknown event `{n}` (events: {})", EventKind::names().join(", ")),
                    )),
                }
            }
            if unknown.is_empty() { Ok(Trigger::On(kinds)) } else { Err(unknown) }
        }
        (None, Some(every)) => parse_duration(every).map(Trigger::Every).ok_or_else(|| {
            vec![problem(at("every:"), format!("`every: {every}` is not a duration (e.g. 1h, 30m, 1d)"))]
        }),
        (Some(_), Some(_)) => {
            Err(vec![problem(line, format!("rule `{}` has both `on:` and `every:`: pick one", raw.name))])
        }
        (None, None) => Err(vec![problem(
            line,
            format!("rule `{}` needs `on: EVENT` or `every: DURATION` to say when it runs", raw.name),
        )]),
    }
}

/// Checks a condition value against the configuration (`!` and comparison prefixes removed),
/// as queries do.
fn check_value(field: &str, value: &str, config: &Config) -> Result<(), String> {
    let value = value.trim_start_matches(['!', '>', '<', '=']);
    let Some(field) = crate::query::Field::from_name(field) else { return Ok(()) };
    field.check_value(value, config).map_err(|e| match e.hint {
        Some(hint) => format!("{} ({hint})", e.message),
        None => e.message,
    })
}

/// A rule's conditions; the problems of those that do not read go to `problems`.
fn conditions(
    raw: &RawRule,
    trigger: Option<&Trigger>,
    config: &Config,
    at: &impl Fn(&str) -> usize,
    problems: &mut Vec<ConfigError>,
) -> Vec<Condition> {
    let mut out = Vec::new();
    let mut query = Vec::new();
    for (key, value) in raw.conditions.iter().flatten() {
        if let Err(found) = condition(key, value, trigger, config, at, &mut out, &mut query) {
            problems.push(found);
        }
    }
    if !query.is_empty() && problems.is_empty() {
        let text = query.join(" ");
        let checked = crate::query::parse_with(&text, chrono::Utc::now(), &config.custom_field_names())
            .and_then(|q| q.check_values(config));
        match checked {
            Ok(()) => out.insert(0, Condition::Query(text)),
            Err(e) => problems
                .push(problem(at("if:"), format!("condition does not read as a query (`{text}`): {}", e.message))),
        }
    }
    out
}

/// One `key: value` condition, added to `out` or to the query terms.
fn condition(
    key: &String,
    value: &Value,
    trigger: Option<&Trigger>,
    config: &Config,
    at: &impl Fn(&str) -> usize,
    out: &mut Vec<Condition>,
    query: &mut Vec<String>,
) -> Result<(), ConfigError> {
    {
        let line = at(&format!("{key}:"));
        if key == "query" {
            let text = scalar(value).ok_or_else(|| problem(line, "`query:` takes search query text"))?;
            query.push(format!("({text})"));
        } else if key == "since" {
            let Value::Mapping(map) = value else {
                return Err(problem(line, "`since:` takes `EVENT: DURATION`, e.g. `since: { status.changed: 7d }`"));
            };
            for (kind, duration) in map {
                let name = scalar(kind).unwrap_or_default();
                let kind = EventKind::from_name(&name).ok_or_else(|| {
                    problem(
                        line,
                        format!("unknown event `{name}` in `since` (events: {})", EventKind::names().join(", ")),
                    )
                })?;
                let text = scalar(duration).unwrap_or_default();
                let at_least = parse_duration(&text)
                    .ok_or_else(|| problem(line, format!("`{text}` is not a duration (e.g. 7d, 4h)")))?;
                out.push(Condition::Since { kind, at_least });
            }
        } else if EVENT_DETAILS.contains(&key.as_str()) {
            if matches!(trigger, Some(Trigger::Every(_))) {
                return Err(problem(
                    line,
                    format!("`{key}` is a detail of a ticket event; time-based rules have none"),
                ));
            }
            let values = strings(value).ok_or_else(|| problem(line, format!("`{key}:` takes a value or a list")))?;
            out.push(Condition::Event { detail: key.clone(), values });
        } else if let Some((_, field)) = FIELD_CONDITIONS.iter().find(|(k, _)| k == key) {
            let values = strings(value).ok_or_else(|| problem(line, format!("`{key}:` takes a value or a list")))?;
            for v in &values {
                check_value(field, v, config).map_err(|message| problem(line, message))?;
            }
            let terms: Vec<String> = values.iter().map(|v| query_term(field, v)).collect();
            match terms.len() {
                0 => return Err(problem(line, format!("`{key}:` lists no value"))),
                1 => query.push(terms[0].clone()),
                _ => query.push(format!("({})", terms.join(" OR "))),
            }
        } else if let Some(field) = config.fields.get(key.as_str()) {
            let values = strings(value).ok_or_else(|| problem(line, format!("`{key}:` takes a value or a list")))?;
            // Values as tickets store them (`yes` → `true`), behind their operator.
            let mut normalized = Vec::new();
            for v in &values {
                let bare = v.trim_start_matches(['!', '>', '<', '=']);
                let op = &v[..v.len() - bare.len()];
                if bare == "none" {
                    normalized.push(v.clone());
                } else {
                    let value = field.normalize(bare).map_err(|m| problem(line, format!("`{key}`: {m}")))?;
                    normalized.push(format!("{op}{value}"));
                }
            }
            let terms: Vec<String> = normalized.iter().map(|v| query_term(key, v)).collect();
            query.push(if terms.len() == 1 { terms[0].clone() } else { format!("({})", terms.join(" OR ")) });
        } else {
            let known: Vec<&str> = FIELD_CONDITIONS
                .iter()
                .map(|(k, _)| *k)
                .chain(EVENT_DETAILS.iter().copied())
                .chain(["since", "query"])
                .collect();
            let hint = strsim_closest(key, &known).map(|k| format!("did you mean `{k}`? ")).unwrap_or_default();
            return Err(problem(line, format!("unknown condition `{key}` ({hint}conditions: {})", known.join(", "))));
        }
    }
    Ok(())
}

fn strsim_closest<'a>(word: &str, choices: &[&'a str]) -> Option<&'a str> {
    choices
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn text_of(value: &Value, line: usize, what: &str) -> Result<Text, ConfigError> {
    match value {
        Value::Mapping(map) => {
            let name = map
                .get("macro")
                .and_then(scalar)
                .ok_or_else(|| problem(line, format!("`{what}:` takes text or `{{ macro: NAME }}`")))?;
            Ok(Text::Macro(name))
        }
        other => scalar(other).map(Text::Literal).ok_or_else(|| problem(line, format!("`{what}:` takes text"))),
    }
}

/// One action, or every problem found in it.
fn action(value: &Value, config: &Config, at: &impl Fn(&str) -> usize) -> Result<Action, Vec<ConfigError>> {
    let mut problems = Vec::new();
    match action_collecting(value, config, at, &mut problems) {
        Ok(action) if problems.is_empty() => Ok(action),
        Ok(_) => Err(problems),
        Err(first) => {
            problems.insert(0, first);
            Err(problems)
        }
    }
}

/// One action; `set:` reports each of its fields' problems to `problems` rather than stopping at
/// the first.
fn action_collecting(
    value: &Value,
    config: &Config,
    at: &impl Fn(&str) -> usize,
    problems: &mut Vec<ConfigError>,
) -> Result<Action, ConfigError> {
    let Value::Mapping(map) = value else {
        return Err(problem(at("do:"), "each action is one `name: argument` pair, e.g. `- set: { status: open }`"));
    };
    let (Some((key, arg)), 1) = (map.iter().next(), map.len()) else {
        return Err(problem(at("do:"), "each action is one `name: argument` pair (one per list item)"));
    };
    let key = scalar(key).unwrap_or_default();
    let line = at(&format!("{key}:"));
    let list = |what: &str| strings(arg).ok_or_else(|| problem(line, format!("`{what}:` takes a value or a list")));
    let agent = |name: &str| {
        if config.agents.contains_key(name) {
            Ok(name.to_string())
        } else {
            Err(problem(line, format!("unknown agent `{name}` (agents: {})", keys(&config.agents))))
        }
    };
    let team = |name: &str| {
        if config.teams.contains_key(name) {
            Ok(name.to_string())
        } else {
            Err(problem(line, format!("unknown team `{name}` (teams: {})", keys(&config.teams))))
        }
    };
    Ok(match key.as_str() {
        "set" => {
            let Value::Mapping(fields) = arg else {
                return Err(problem(line, "`set:` takes `{ field: value }`, e.g. `set: { status: open }`"));
            };
            let mut out = Vec::new();
            for (field, value) in fields {
                let field = scalar(field).unwrap_or_default();
                let value = scalar(value).filter(|v| v != "none");
                let value = match (config.fields.get(field.as_str()), value) {
                    (Some(custom), Some(v)) => match custom.normalize(&v) {
                        Ok(v) => Some(v),
                        Err(m) => {
                            problems.push(problem(line, format!("`{field}`: {m}")));
                            continue;
                        }
                    },
                    (_, value) => value,
                };
                match field.as_str() {
                    "status" | "type" | "priority" | "assignee" | "team" => {}
                    custom if config.fields.contains_key(custom) => {}
                    other => {
                        problems.push(problem(
                            line,
                            format!(
                                "`set` cannot change `{other}` (it sets status, type, priority, assignee, team and custom fields)"
                            ),
                        ));
                        continue;
                    }
                }
                let checked = match (field.as_str(), &value) {
                    ("priority", Some(v)) if !config.priorities.contains(v) => Err(problem(
                        line,
                        format!("unknown priority `{v}` (priorities: {})", config.priorities.join(", ")),
                    )),
                    ("type", Some(v)) if !config.types.contains_key(v) => {
                        Err(problem(line, format!("unknown type `{v}` (types: {})", keys(&config.types))))
                    }
                    ("assignee", Some(v)) => agent(v).map(drop),
                    ("team", Some(v)) => team(v).map(drop),
                    ("status", Some(v)) if !config.workflows.values().any(|w| w.statuses.contains_key(v)) => {
                        Err(problem(line, format!("no workflow has a status `{v}`")))
                    }
                    ("status" | "type" | "priority", None) => {
                        Err(problem(line, format!("`{field}` cannot be cleared")))
                    }
                    _ => Ok(()),
                };
                if let Err(found) = checked {
                    problems.push(found);
                    continue;
                }
                out.push((field, value));
            }
            Action::Set(out)
        }
        "assign" => match arg {
            Value::Mapping(how) => {
                let (Some((kind, name)), 1) = (how.iter().next(), how.len()) else {
                    return Err(problem(
                        line,
                        "`assign:` takes an agent, or one of `round_robin: TEAM`, `least_open: TEAM`, `team: TEAM`",
                    ));
                };
                let name = scalar(name).unwrap_or_default();
                match scalar(kind).unwrap_or_default().as_str() {
                    "round_robin" => Action::Assign(Assignee::RoundRobin(team(&name)?)),
                    "least_open" => Action::Assign(Assignee::LeastOpen(team(&name)?)),
                    "team" => Action::Assign(Assignee::Team(team(&name)?)),
                    "agent" => Action::Assign(Assignee::Agent(agent(&name)?)),
                    other => {
                        return Err(problem(
                            line,
                            format!("unknown assignment `{other}` (round_robin, least_open, team, agent)"),
                        ));
                    }
                }
            }
            other => {
                let name = scalar(other).unwrap_or_default();
                Action::Assign(Assignee::Agent(agent(&name)?))
            }
        },
        "add_tags" | "tag" => Action::AddTags(list(&key)?),
        "remove_tags" | "untag" => Action::RemoveTags(list(&key)?),
        "cc" => Action::Cc(list("cc")?),
        "follow" => {
            let names = list("follow")?;
            for name in &names {
                agent(name)?;
            }
            Action::Follow(names)
        }
        "reply" => Action::Reply(text_of(arg, line, "reply")?),
        "note" => Action::Note(text_of(arg, line, "note")?),
        "notify" => {
            let (to, message) = match arg {
                Value::Mapping(map) if map.contains_key("to") => (
                    map.get("to")
                        .and_then(strings)
                        .ok_or_else(|| problem(line, "`notify: { to: … }` names recipients"))?,
                    map.get("message").map(|m| text_of(m, line, "message")).transpose()?,
                ),
                other => (strings(other).ok_or_else(|| problem(line, "`notify:` names recipients"))?, None),
            };
            for who in &to {
                let known = matches!(who.as_str(), "assignee" | "requester" | "followers" | "cc")
                    || crate::config::is_email(who)
                    || config.agents.contains_key(who);
                if !known {
                    return Err(problem(
                        line,
                        format!(
                            "`notify: {who}`: not assignee, requester, followers, cc, an agent or an email address"
                        ),
                    ));
                }
            }
            Action::Notify { to, message }
        }
        other => {
            let known = ["set", "assign", "add_tags", "remove_tags", "cc", "follow", "reply", "note", "notify"];
            let hint = strsim_closest(other, &known).map(|k| format!("did you mean `{k}`? ")).unwrap_or_default();
            return Err(problem(line, format!("unknown action `{other}` ({hint}actions: {})", known.join(", "))));
        }
    })
}

fn keys<V>(map: &IndexMap<String, V>) -> String {
    map.keys().cloned().collect::<Vec<_>>().join(", ")
}
