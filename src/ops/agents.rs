//! `desk agent add|list`: the team's agents in `.desk/agents.yaml`.

use serde::Serialize;

use super::Desk;
use super::create::{validate_email, validate_team};
use crate::config::{Agent, add_agent_text, check_agent_name, check_display_name, files};
use crate::error::{Error, Result};
use crate::store::{CommitRequest, FileChange};

/// Names that mean something else in desk commands and queries.
pub use crate::config::RESERVED_NAMES as RESERVED;

/// An agent as `desk agent list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AgentRow {
    /// Agent name.
    pub name: String,
    /// Display name.
    pub display: String,
    /// Email.
    pub email: String,
    /// Teams.
    pub teams: Vec<String>,
    /// Whether `agent add` added it (false: it was already there, nothing changed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added: Option<bool>,
}

/// Every agent, in file order.
pub fn list(desk: &Desk) -> Vec<AgentRow> {
    desk.config
        .agents
        .iter()
        .map(|(name, agent)| AgentRow {
            name: name.clone(),
            display: agent.name.clone().unwrap_or_else(|| name.clone()),
            email: agent.email.clone(),
            teams: agent.teams.clone(),
            added: None,
        })
        .collect()
}

/// Adds an agent and commits `agents.yaml`. The commit is authored by the acting agent when
/// one can be determined, else by the new agent.
pub fn add(
    desk: &Desk,
    name: &str,
    email: &str,
    teams: &[String],
    display: Option<&str>,
    acting: Option<&str>,
) -> Result<AgentRow> {
    if let Err(problem) = check_agent_name(name) {
        return Err(Error::invalid_with(problem, "for example `alice` or `bob.smith`"));
    }
    if let Some(display) = display
        && let Err(problem) = check_display_name(display)
    {
        return Err(Error::invalid(problem));
    }
    let email = validate_email(email)?;
    if let Some(existing) = desk.config.agents.get(name) {
        // Adding the same agent twice (e.g. `desk init` already made you one) changes nothing.
        if existing.email.eq_ignore_ascii_case(&email) {
            return Ok(AgentRow {
                name: name.into(),
                display: existing.name.clone().unwrap_or_else(|| name.into()),
                email: existing.email.clone(),
                teams: existing.teams.clone(),
                added: Some(false),
            });
        }
        return Err(Error::invalid(format!("agent `{name}` already exists, with email {}", existing.email)));
    }
    if let Some((other, _)) = desk.config.agents.iter().find(|(_, a)| a.email.eq_ignore_ascii_case(&email)) {
        return Err(Error::invalid(format!("{email} is already the email of agent `{other}`")));
    }
    let teams = teams.iter().map(|t| validate_team(desk, t)).collect::<Result<Vec<_>>>()?;
    let agent = Agent { name: display.map(str::to_string), email: email.clone(), teams: teams.clone() };
    let lock = desk.store.lock()?;
    let base = desk.store.head_file(files::AGENTS)?;
    let text = match &base {
        Some((_, bytes)) => String::from_utf8_lossy(bytes).into_owned(),
        None => String::new(),
    };
    let content = add_agent_text(&text, name, &agent)
        .map_err(|problem| Error::invalid_with(problem, "edit .desk/agents.yaml by hand, or convert it first"))?;
    let (author, author_email) = match (acting, desk.actor(acting)) {
        (_, Ok(actor)) => (actor.display, actor.email),
        (Some(_), Err(err)) => return Err(err),
        (None, Err(_)) => (display.unwrap_or(name).to_string(), email.clone()),
    };
    let message = format!("desk agent add {name} <{email}>\n\nDesk-Action: agent-add\nDesk-Agent-Added: {name}\n");
    let changes = vec![FileChange {
        path: files::AGENTS.into(),
        content: Some(content.into_bytes()),
        base: base.map(|(oid, _)| oid),
    }];
    desk.store
        .commit(&lock, CommitRequest { changes, message, name: author, email: author_email, time: desk.now() })?;
    Ok(AgentRow { name: name.into(), display: display.unwrap_or(name).into(), email, teams, added: Some(true) })
}
