//! Changing a ticket's state: status (and close/reopen), assignment, priority, tags, CCs,
//! followers. Each is validated against the configuration and the ticket's workflow.

use super::create::{validate_agent, validate_email, validate_priority, validate_tag, validate_team};
use super::{Actor, Desk, Outcome};
use crate::config::Category;
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::ticket::{Event, TicketFile};

/// Moves the ticket to `to`, checking the workflow. Solving an unassigned ticket assigns the
/// acting agent (as Zendesk does: a ticket an agent solved has an assignee).
pub fn apply_status(desk: &Desk, file: &mut TicketFile, event: &mut Event, to: &str, actor: &Actor) -> Result<String> {
    let ticket = file.ticket();
    let workflow = desk.workflow_of_kind(&ticket.kind)?;
    let from = ticket.status.clone();
    let Some(category) = workflow.category(to) else {
        return Err(Error::invalid_with(
            format!("unknown status `{to}` for {} tickets", ticket.kind),
            format!("statuses: {}", workflow.statuses.keys().cloned().collect::<Vec<_>>().join(", ")),
        ));
    };
    if from == to {
        return Ok(format!("status is already {to}"));
    }
    workflow.check_transition(&from, to)?;
    if matches!(category, Category::Solved | Category::Closed) && !desk.force.get() {
        let open: Vec<String> = ticket
            .subtasks
            .iter()
            .filter(|child| {
                TicketId::parse(child)
                    .and_then(|id| desk.load(&id).ok())
                    .is_some_and(|c| desk.category_of(c.file.ticket()).is_some_and(Category::is_unresolved))
            })
            .cloned()
            .collect();
        if !open.is_empty() {
            return Err(Error::invalid_with(
                format!("{} has open subtasks: {}", ticket.id, open.join(", ")),
                "solve them first, or pass --force",
            ));
        }
    }
    let mut summary = format!("status {from} → {to}");
    // Only an agent is assigned: not the portal acting for a requester, nor a rule.
    if category == Category::Solved && ticket.assignee.is_none() && desk.config.agents.contains_key(&actor.name) {
        file.set("assignee", Some(&actor.name), event);
        summary.push_str(&format!("; assigned to {}", actor.name));
    }
    file.set("status", Some(to), event);
    Ok(summary)
}

/// Refuses changes to a closed ticket's conversation or workflow state (closed is final).
pub fn ensure_not_closed(desk: &Desk, file: &TicketFile, what: &str) -> Result<()> {
    if desk.category_of(file.ticket()) == Some(Category::Closed) {
        return Err(Error::invalid_with(
            format!("ticket {} is closed, so it cannot {what}", file.ticket().id),
            "closed is final: open a follow-up with `desk new` and mention the old ID",
        ));
    }
    Ok(())
}

/// `desk status ID STATUS`.
pub fn set_status(desk: &Desk, actor: &Actor, id: &TicketId, status: &str) -> Result<Outcome> {
    desk.update(id, actor, "status", |desk, file, event| apply_status(desk, file, event, status, actor))
}

/// `desk close ID`: the workflow's first closed-category status.
pub fn close(desk: &Desk, actor: &Actor, id: &TicketId) -> Result<Outcome> {
    desk.update(id, actor, "close", |desk, file, event| {
        let to = first_status(desk, file, Category::Closed)?;
        apply_status(desk, file, event, &to, actor)
    })
}

/// `desk resolve ID` without a message: the workflow's first solved-category status.
pub fn solve(desk: &Desk, actor: &Actor, id: &TicketId) -> Result<Outcome> {
    desk.update(id, actor, "resolve", |desk, file, event| {
        let to = first_status(desk, file, Category::Solved)?;
        apply_status(desk, file, event, &to, actor)
    })
}

/// `desk reopen ID`: from solved back to the first open-category status.
pub fn reopen(desk: &Desk, actor: &Actor, id: &TicketId) -> Result<Outcome> {
    desk.update(id, actor, "reopen", |desk, file, event| {
        ensure_not_closed(desk, file, "be reopened")?;
        if desk.category_of(file.ticket()).is_some_and(Category::is_unresolved) {
            return Err(Error::invalid(format!("ticket {} is {}, not solved", file.ticket().id, file.ticket().status)));
        }
        let to = first_status(desk, file, Category::Open)?;
        apply_status(desk, file, event, &to, actor)
    })
}

fn first_status(desk: &Desk, file: &TicketFile, category: Category) -> Result<String> {
    let workflow = desk.workflow_of_kind(&file.ticket().kind)?;
    workflow.first_in(category).map(str::to_string).ok_or_else(|| {
        Error::invalid(format!("the workflow of {} tickets has no {category} status", file.ticket().kind))
    })
}

/// `desk assign ID [AGENT|none] [--team TEAM]`: `agent` `None` keeps the assignee, `none`
/// unassigns.
pub fn assign(desk: &Desk, actor: &Actor, id: &TicketId, agent: Option<&str>, team: Option<&str>) -> Result<Outcome> {
    let agent: Option<Option<String>> = match agent {
        None => None,
        Some("none") => Some(None),
        Some(who) => Some(Some(validate_agent(desk, who)?)),
    };
    let team = team.map(|t| validate_team(desk, t)).transpose()?;
    desk.update(id, actor, "assign", |desk, file, event| {
        ensure_not_closed(desk, file, "be reassigned")?;
        let mut parts = Vec::new();
        if let Some(team) = &team
            && file.set("team", Some(team), event)
        {
            parts.push(format!("team {team}"));
        }
        let before = file.ticket().assignee.clone();
        if let Some(agent) = &agent
            && file.set("assignee", agent.as_deref(), event)
        {
            parts.push(match (&before, agent) {
                (_, Some(to)) => format!("assigned to {to}"),
                (Some(from), None) => format!("unassigned from {from}"),
                (None, None) => String::new(),
            });
        }
        Ok(if parts.is_empty() { "no change".into() } else { parts.join("; ") })
    })
}

/// `desk priority ID PRIORITY`.
pub fn set_priority(desk: &Desk, actor: &Actor, id: &TicketId, priority: &str) -> Result<Outcome> {
    let priority = validate_priority(desk, priority)?;
    desk.update(id, actor, "priority", |_, file, event| {
        let from = file.ticket().priority.clone();
        Ok(if file.set("priority", Some(&priority), event) {
            format!("priority {from} → {priority}")
        } else {
            format!("priority is already {priority}")
        })
    })
}

/// Which list field a membership change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListField {
    /// `tags`.
    Tags,
    /// `cc` (customer emails).
    Cc,
    /// `followers` (agents).
    Followers,
}

impl ListField {
    /// The front-matter key.
    pub fn key(self) -> &'static str {
        match self {
            ListField::Tags => "tags",
            ListField::Cc => "cc",
            ListField::Followers => "followers",
        }
    }
}

/// `desk tag`, `desk cc`, `desk follow`: adds or removes values.
pub fn change_list(
    desk: &Desk,
    actor: &Actor,
    id: &TicketId,
    field: ListField,
    values: &[String],
    remove: bool,
) -> Result<Outcome> {
    if values.is_empty() {
        return Err(Error::invalid(format!("name at least one value to {}", if remove { "remove" } else { "add" })));
    }
    let values = values
        .iter()
        .map(|v| match field {
            ListField::Tags => validate_tag(v),
            ListField::Cc => validate_email(v),
            ListField::Followers => validate_agent(desk, v),
        })
        .collect::<Result<Vec<_>>>()?;
    let key = field.key();
    desk.update(id, actor, key, |desk, file, event| {
        if field == ListField::Cc && !remove {
            let requester = file.ticket().requester.clone().unwrap_or_default();
            if let Some(own) = values.iter().find(|v| v.eq_ignore_ascii_case(&requester)) {
                return Err(Error::invalid(format!("{own} is the requester, who gets every public reply already")));
            }
            let ours = desk.config.email.addresses();
            if let Some(support) = values.iter().find(|v| ours.contains(&v.to_ascii_lowercase())) {
                return Err(Error::invalid(format!(
                    "{support} is the support team's own address: copying it would mail desk"
                )));
            }
        }
        let changed = if remove { file.remove(key, &values, event) } else { file.add(key, &values, event) };
        Ok(match (changed.is_empty(), remove) {
            (true, _) => format!("{key} unchanged"),
            (false, false) => format!("{key} + {}", changed.join(", ")),
            (false, true) => format!("{key} − {}", changed.join(", ")),
        })
    })
}

/// Custom field assignments checked against their fields (`fields:` in `.desk/config.yaml`):
/// each value in its canonical form, `None` for an empty one (clears the field).
pub fn check_fields(desk: &Desk, assignments: &[(String, String)]) -> Result<Vec<(String, Option<String>)>> {
    let config = &desk.config;
    let mut checked = Vec::new();
    for (name, value) in assignments {
        let Some(field) = config.fields.get(name) else {
            let hint = if config.fields.is_empty() {
                "no custom fields are defined: add them under `fields:` in .desk/config.yaml".to_string()
            } else {
                format!("custom fields: {}", config.fields.keys().cloned().collect::<Vec<_>>().join(", "))
            };
            return Err(Error::invalid_with(format!("unknown field `{name}`"), hint));
        };
        let value = if value.trim().is_empty() {
            None
        } else {
            Some(field.normalize(value).map_err(|m| Error::invalid(format!("{name}: {m}")))?)
        };
        checked.push((name.clone(), value));
    }
    Ok(checked)
}

/// `desk set ID field=value…`: sets custom fields (defined under `fields:` in
/// `.desk/config.yaml`), each value checked against its field; an empty value clears it.
pub fn set_fields(desk: &Desk, actor: &Actor, id: &TicketId, assignments: &[(String, String)]) -> Result<Outcome> {
    let checked = check_fields(desk, assignments)?;
    desk.update(id, actor, "set", |_, file, event| {
        let mut summary = Vec::new();
        for (name, value) in &checked {
            if file.set_custom(name, value.as_deref(), event) {
                summary.push(format!("{name} {}", value.as_deref().unwrap_or("cleared")));
            }
        }
        Ok(if summary.is_empty() { "no change".into() } else { summary.join("; ") })
    })
}

use crate::ticket::RELATIONS;

/// `desk link A B --relation R` (or `--remove`): records `R B` on A and the inverse on B, in
/// one commit. `relation` defaults to `relates`; removing without one removes every link
/// between the two.
pub fn link(
    desk: &Desk,
    actor: &Actor,
    a: &TicketId,
    b: &TicketId,
    relation: Option<&str>,
    remove: bool,
) -> Result<Outcome> {
    let relations = match relation {
        Some(relation) => match RELATIONS.iter().find(|(r, _)| *r == relation) {
            Some(pair) => vec![*pair],
            None => {
                return Err(Error::invalid_with(
                    format!("unknown relation `{relation}`"),
                    format!("relations: {}", RELATIONS.iter().map(|(r, _)| *r).collect::<Vec<_>>().join(", ")),
                ));
            }
        },
        None if remove => RELATIONS.to_vec(),
        None => vec![("relates", "relates")],
    };
    let forward: Vec<String> = relations.iter().map(|(r, _)| format!("{r} {b}")).collect();
    let backward: Vec<String> = relations.iter().map(|(_, inverse)| format!("{inverse} {a}")).collect();
    desk.update_two(a, b, actor, if remove { "unlink" } else { "link" }, |_, [(fa, ea), (fb, eb)]| {
        if remove {
            let removed = fa.remove("links", &forward, ea);
            let removed_back = fb.remove("links", &backward, eb);
            let gone: Vec<&str> = removed.iter().filter_map(|l| l.split_once(' ').map(|(r, _)| r)).collect();
            return Ok(match (gone.is_empty(), removed_back.is_empty()) {
                (true, true) => "no change".into(),
                (true, false) => format!("no longer linked with {b}"),
                (false, _) => format!("no longer {} {b}", gone.join(", ")),
            });
        }
        let relation = relations[0].0;
        let changed = !fa.add("links", &forward, ea).is_empty() | !fb.add("links", &backward, eb).is_empty();
        Ok(if changed { format!("{relation} {b}") } else { "no change".into() })
    })
}
