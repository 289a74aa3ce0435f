//! Automation: rules that react to ticket events or to time, and macros (canned replies with
//! actions).
//!
//! Everything here is pure: [`rules`] parses `.desk/rules.yaml`, [`events`] derives what happened
//! to a ticket between two versions, [`engine`] runs rules on one ticket file. `ops::automate`
//! does the IO (reading commits, writing the follow-up commit and the outbox).

pub mod engine;
pub mod events;
pub mod fixtures;
pub mod rules;

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_yaml_ng::Value;

use crate::config::{Config, ConfigError, yaml_error};
use crate::ticket::Ticket;
pub use events::{EventKind, TicketEvent};
pub use rules::{Action, Rule};

/// Where macros live.
pub const MACROS_DIR: &str = ".desk/macros";
/// The assignment state rules keep (whose turn it is).
pub const STATE_FILE: &str = ".desk/state.yaml";
/// Queued notifications, one file each, until the email channel delivers them.
pub const OUTBOX_DIR: &str = "outbox";

/// A canned reply with actions, from `.desk/macros/<name>.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct Macro {
    /// File name without `.md`.
    pub name: String,
    /// One line saying what it is for (`description:` in its front matter).
    pub description: Option<String>,
    /// The reply, with placeholders.
    pub body: String,
    /// Field changes applied with the reply (front matter: status, priority, type, assignee,
    /// team, tags, remove_tags).
    pub actions: Vec<Action>,
}

/// Assignment state shared by every clone: the last agent each round robin gave a ticket to,
/// and (computed, not stored) unresolved tickets per agent for `least_open`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Team → the agent who got the last ticket.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub round_robin: BTreeMap<String, String>,
    /// Agent → unresolved tickets (filled by the caller when a rule uses `least_open`).
    #[serde(skip)]
    pub open: BTreeMap<String, usize>,
    /// Sender address → when desk last answered their mail automatically (filled by the caller
    /// from `mail-index/auto-replied/`; the engine adds the replies it writes).
    #[serde(skip)]
    pub auto_replied: BTreeMap<String, DateTime<Utc>>,
    /// How long after an automatic reply to a sender the next one to them waits (RFC 3834: one
    /// per sender per several days); `None` sends every one.
    #[serde(skip)]
    pub auto_reply_interval: Option<chrono::Duration>,
}

impl State {
    /// Parses `.desk/state.yaml` (absent: empty).
    pub fn parse(text: Option<&str>) -> Result<State, ConfigError> {
        crate::config::parse_file(STATE_FILE, text)
    }

    /// The file's text.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# Kept by desk's automation rules: whose turn it is in round-robin assignment.\n# Safe to edit; a merge conflict here can be resolved either way.\n",
        );
        out.push_str("round_robin:\n");
        for (team, agent) in &self.round_robin {
            out.push_str(&format!("  {}: {}\n", crate::ticket::yaml::scalar(team), crate::ticket::yaml::scalar(agent)));
        }
        out
    }
}

/// An 8-character entry/event id derived from `seed` (so every clone derives the same one).
pub fn deterministic_id(seed: &str) -> String {
    crate::id::derived_chars(seed, crate::id::ENTRY_ID_LEN).to_ascii_lowercase()
}

/// Replaces `{{ticket.id}}`, `{{ticket.title}}`, `{{ticket.status}}`, `{{ticket.priority}}`,
/// `{{ticket.type}}`, `{{requester.email}}`, `{{requester.name}}`, `{{agent.name}}` and
/// `{{agent.email}}` (the acting agent, else the assignee). Unknown placeholders stay as they
/// are, so `desk check` can point at them.
pub fn render_placeholders(text: &str, ticket: &Ticket, config: &Config, agent: Option<&str>) -> String {
    let agent = agent.and_then(|a| config.find_agent(a));
    let requester = ticket.requester.clone().unwrap_or_default();
    let requester_name =
        requester.split('@').next().unwrap_or_default().split(['.', '_', '-', '+']).next().unwrap_or_default();
    let requester_name = {
        let mut chars = requester_name.chars();
        chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_else(|| "there".into())
    };
    let values: [(&str, String); 9] = [
        ("ticket.id", ticket.id.clone()),
        ("ticket.title", ticket.title.clone()),
        ("ticket.status", ticket.status.clone()),
        ("ticket.priority", ticket.priority.clone()),
        ("ticket.type", ticket.kind.clone()),
        ("requester.email", requester),
        ("requester.name", requester_name),
        (
            "agent.name",
            agent.map_or_else(|| "the support team".into(), |(n, a)| a.name.clone().unwrap_or_else(|| n.into())),
        ),
        ("agent.email", agent.map(|(_, a)| a.email.clone()).unwrap_or_default()),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let key = after[..end].trim();
                match values.iter().find(|(k, _)| *k == key) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses a macro file. `name` is the file name without `.md`. On failure, every problem found,
/// in line order.
pub fn parse_macro(name: &str, text: &str, config: &Config) -> Result<Macro, Vec<ConfigError>> {
    let path = format!("{MACROS_DIR}/{name}.md");
    let problem = |line: usize, message: String| ConfigError { path: path.clone(), line, message };
    let (front, body) = match text.strip_prefix("---\n") {
        Some(rest) => match rest.find("\n---\n") {
            Some(end) => (&rest[..end + 1], &rest[end + 5..]),
            None => return Err(vec![problem(1, "the front matter has no closing `---`".into())]),
        },
        None => ("", text),
    };
    let map: BTreeMap<String, Value> = if front.trim().is_empty() {
        BTreeMap::new()
    } else {
        serde_yaml_ng::from_str(front).map_err(|e| {
            let (line, message) = yaml_error(&e);
            vec![problem(line + 1, message)]
        })?
    };
    let mut problems = Vec::new();
    let mut description = None;
    let mut set = Vec::new();
    let mut actions = Vec::new();
    let text_of = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let list_of = |v: &Value| match v {
        Value::Sequence(items) => items.iter().filter_map(text_of).collect(),
        other => text_of(other).into_iter().collect::<Vec<_>>(),
    };
    for (key, value) in &map {
        let line = front.lines().position(|l| l.starts_with(&format!("{key}:"))).map_or(1, |i| i + 2);
        match key.as_str() {
            "description" => description = text_of(value),
            "status" | "priority" | "type" | "assignee" | "team" => {
                match text_of(value) {
                    Some(value) => set.push((key.clone(), Some(value))),
                    None => problems.push(problem(line, format!("`{key}:` takes a value"))),
                }
            }
            "tags" | "add_tags" => actions.push(Action::AddTags(list_of(value))),
            "remove_tags" => actions.push(Action::RemoveTags(list_of(value))),
            other => problems.push(problem(
                line,
                format!(
                    "unknown macro field `{other}` (description, status, priority, type, assignee, team, tags, remove_tags)"
                ),
            )),
        }
    }
    if !set.is_empty() {
        // Validate through the rules parser's checks by building the equivalent rule text
        // (`assignee: me` is the agent applying the macro).
        let checked: Vec<_> = set.iter().filter(|(k, v)| !(k == "assignee" && v.as_deref() == Some("me"))).collect();
        let mut yaml = String::from("rules:\n  - name: macro\n    on: ticket.updated\n    do:\n      - set:\n");
        if checked.is_empty() {
            yaml.push_str("          team: ~\n");
        }
        for (k, v) in checked {
            yaml.push_str(&format!(
                "          {k}: {}\n",
                crate::ticket::yaml::scalar(v.as_deref().unwrap_or_default())
            ));
        }
        for e in rules::parse_all(Some(&yaml), config).1 {
            // Each problem names the value it is about: it is on that value's line.
            let field = e.message.split('`').nth(1).unwrap_or_default().to_string();
            let line = front.lines().position(|l| l.contains(&field)).map_or(1, |i| i + 2);
            problems.push(problem(line, e.message));
        }
        actions.insert(0, Action::Set(set));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(problems);
    }
    Ok(Macro { name: name.to_string(), description, body: body.trim().to_string(), actions })
}

#[cfg(test)]
mod tests;
