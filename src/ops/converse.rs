//! The conversation: public replies, customer messages typed in by an agent, internal notes,
//! and `resolve` (a public reply that also solves the ticket).

use super::change::{apply_status, ensure_not_closed};
use super::create::validate_email;
use super::{Actor, Desk, Outcome};
use crate::config::Category;
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::ticket::{Entry, Role, Visibility};

/// Who an entry is from and who may read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// The acting agent, to the requester.
    AgentPublic,
    /// The acting agent, internal note.
    AgentInternal,
    /// A customer (email), typed in by the acting agent.
    Customer(String),
}

/// Appends an entry; `resolve` also moves the ticket to the first solved status.
pub fn add_entry(
    desk: &Desk,
    actor: &Actor,
    id: &TicketId,
    speaker: Speaker,
    body: &str,
    resolve: bool,
) -> Result<Outcome> {
    if body.trim().is_empty() {
        return Err(Error::invalid_with("the message is empty", "pass it with -m TEXT, or -m - to read stdin"));
    }
    let (author, role, visibility, action) = match &speaker {
        Speaker::AgentPublic => (actor.name.clone(), Role::Agent, Visibility::Public, "reply"),
        Speaker::AgentInternal => (actor.name.clone(), Role::Agent, Visibility::Internal, "note"),
        Speaker::Customer(email) => {
            if let Some((name, _)) = desk.config.find_agent(email) {
                return Err(Error::invalid_with(
                    format!("`{email}` is agent {name}, not a customer"),
                    format!("to reply as {name}, use --as {name} instead of --from"),
                ));
            }
            (validate_email(email)?, Role::Customer, Visibility::Public, "customer-reply")
        }
    };
    if let Speaker::Customer(email) = &speaker
        && let Some(outcome) = follow_up_instead(desk, actor, id, email, body)?
    {
        return Ok(outcome);
    }
    let action = if resolve { "resolve" } else { action };
    desk.update(id, actor, action, |desk, file, event| {
        ensure_not_closed(desk, file, "take new messages")?;
        let entry = Entry {
            id: desk.fresh_entry_id(file),
            at: desk.now(),
            author: author.clone(),
            role,
            visibility,
            extra: Default::default(),
            body: body.to_string(),
            line: 0,
        };
        file.push_entry(entry);
        let mut summary = match visibility {
            Visibility::Internal => format!("internal note by {author}"),
            Visibility::Public if role == Role::Customer => format!("message from {author}"),
            Visibility::Public => format!("public reply by {author}"),
        };
        if resolve {
            let workflow = desk.workflow_of_kind(&file.ticket().kind)?;
            let solved = workflow
                .first_in(Category::Solved)
                .ok_or_else(|| {
                    Error::invalid(format!("the workflow of {} tickets has no solved status", file.ticket().kind))
                })?
                .to_string();
            summary.push_str("; ");
            summary.push_str(&apply_status(desk, file, event, &solved, actor)?);
        }
        Ok(summary)
    })
}

/// Closed is final (as in Zendesk): a customer's message to a closed ticket, or to one solved
/// longer ago than `reopen_window`, starts a follow-up ticket that links back with
/// `follow_up_of:` instead of reopening it; it keeps the assignee, team, tags and CCs. `None`
/// when the message belongs on the ticket.
fn follow_up_instead(desk: &Desk, actor: &Actor, id: &TicketId, email: &str, body: &str) -> Result<Option<Outcome>> {
    let loaded = desk.load(id)?;
    let ticket = loaded.file.ticket();
    if !needs_follow_up(desk, ticket) {
        return Ok(None);
    }
    let options = super::create::NewOptions {
        title: ticket.title.clone(),
        body: body.to_string(),
        requester: Some(email.to_string()),
        kind: Some(ticket.kind.clone()),
        priority: Some(ticket.priority.clone()),
        cc: ticket.cc.clone(),
        assignee: ticket.assignee.clone(),
        team: ticket.team.clone(),
        tags: ticket.tags.clone(),
        channel: ticket.channel.clone(),
        from_customer: Some(email.to_string()),
        follow_up_of: Some(ticket.id.clone()),
        parent: None,
        // Like its other front matter, the old ticket's custom fields carry over.
        fields: desk.config.fields.keys().filter_map(|name| Some((name.clone(), ticket.extra_text(name)?))).collect(),
        attachments: Vec::new(),
    };
    let mut outcome = super::create::create(desk, actor, &options)?;
    outcome.summary = format!("follow-up of {} ({} is {}): message from {email}", ticket.id, ticket.id, ticket.status);
    Ok(Some(outcome))
}

/// Whether a customer's message to `ticket` starts a follow-up ticket: it is closed, or solved
/// longer ago than `reopen_window`.
pub fn needs_follow_up(desk: &Desk, ticket: &crate::ticket::Ticket) -> bool {
    match desk.category_of(ticket) {
        Some(Category::Closed) => true,
        Some(Category::Solved) => desk.config.reopen_window.is_some_and(|window| {
            let solved_at = ticket.events.iter().filter(|e| e.set.contains_key("status")).map(|e| e.at).max();
            solved_at.is_some_and(|at| desk.now() - at > window)
        }),
        _ => false,
    }
}
