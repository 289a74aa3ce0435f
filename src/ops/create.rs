//! `desk new`: creating a ticket.

use serde::Serialize;

use super::{Actor, Desk, Outcome, commit_message};
use crate::error::{Error, Result};
use crate::store::FileChange;
use crate::ticket::{Entry, NewTicket, Role, TicketFile, Visibility};

/// What `desk new` was asked for.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NewOptions {
    /// One-line summary.
    pub title: String,
    /// The description (first public entry).
    pub body: String,
    /// Requester email.
    pub requester: Option<String>,
    /// Ticket type (default from config).
    pub kind: Option<String>,
    /// Priority (default from config).
    pub priority: Option<String>,
    /// Assigned agent.
    pub assignee: Option<String>,
    /// Team.
    pub team: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Customer CCs.
    pub cc: Vec<String>,
    /// Channel (default `cli`).
    pub channel: Option<String>,
    /// The description was written by this customer (email), not the acting agent.
    pub from_customer: Option<String>,
    /// The ticket this one follows up (recorded as `follow_up_of:`).
    pub follow_up_of: Option<String>,
    /// The parent ticket: this one is its subtask (recorded on both).
    pub parent: Option<String>,
    /// Custom field values (`fields:` in config.yaml), checked against their fields.
    pub fields: Vec<(String, String)>,
    /// Files attached to the description, `(name, bytes)`, each within the configured limit.
    pub attachments: Vec<(String, Vec<u8>)>,
}

/// Creates a ticket with its description as one commit.
pub fn create(desk: &Desk, actor: &Actor, options: &NewOptions) -> Result<Outcome> {
    let mut made = create_batch(desk, actor, std::slice::from_ref(options), |_, _| Vec::new(), |_| {})?;
    made.pop().unwrap_or_else(|| Err(Error::invalid("no ticket was created")))
}

/// Creates several tickets with one commit (the web portal files the requests that arrived
/// together this way): each ticket's file, and the files `extra` gives for its ID. A ticket
/// whose options are refused is left out, its error in its place. `committed` is called with
/// the outcomes as soon as the commit is made, before automation runs on each ticket.
pub fn create_batch(
    desk: &Desk,
    actor: &Actor,
    batch: &[NewOptions],
    extra: impl Fn(usize, &str) -> Vec<FileChange>,
    committed: impl FnOnce(&[Result<Outcome>]),
) -> Result<Vec<Result<Outcome>>> {
    let lock = desk.store.lock()?;
    let mut results = Vec::with_capacity(batch.len());
    let (mut changes, mut lines, mut ids) = (Vec::new(), Vec::new(), Vec::new());
    // The first ticket, for the message of a batch of one.
    let mut first = None;
    for (i, options) in batch.iter().enumerate() {
        match draft(desk, actor, options) {
            Ok(draft) => {
                let t = draft.file.ticket();
                lines.push(format!("{} {}: {}", t.id, t.title, draft.summary));
                ids.push(t.id.clone());
                if first.is_none() {
                    first = Some(commit_message(t, "new", &draft.summary, actor));
                }
                changes.extend(draft.changes);
                changes.extend(extra(i, &t.id));
                results.push(Ok(draft.outcome));
            }
            Err(err) => results.push(Err(err)),
        }
    }
    if lines.is_empty() {
        committed(&results);
        return Ok(results);
    }
    // One line per ticket and one `Desk-Ticket:` trailer each; a batch of one reads like
    // `desk new`'s commit.
    let trailers: String = ids.iter().map(|id| format!("Desk-Ticket: {id}\n")).collect();
    let message = match first {
        Some(message) if ids.len() == 1 => message,
        _ => format!(
            "new: {} ({})\n\n{}\n\n{trailers}Desk-Action: new\nDesk-Agent: {}\n",
            super::plural(ids.len(), "ticket"),
            ids.join(", "),
            lines.join("\n"),
            actor.name
        ),
    };
    let commit = desk.commit_as(&lock, actor, changes, message)?.to_string();
    drop(lock);
    for outcome in results.iter_mut().flatten() {
        outcome.commit = Some(commit.clone());
    }
    committed(&results);
    Ok(results.into_iter().map(|r| r.map(|outcome| outcome.automate(desk, None))).collect())
}

/// A new ticket built but not committed: its file, the changes that add it, and its outcome.
struct Draft {
    file: TicketFile,
    changes: Vec<FileChange>,
    summary: String,
    outcome: Outcome,
}

/// Checks `options` and builds the ticket (the caller holds the store lock, so its fresh ID
/// stays unused until the commit).
fn draft(desk: &Desk, actor: &Actor, options: &NewOptions) -> Result<Draft> {
    let config = &desk.config;
    let title = options.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(Error::invalid("a ticket needs a title"));
    }
    if options.body.trim().is_empty() {
        return Err(Error::invalid_with("a ticket needs a description", "pass it with -m TEXT, or -m - to read stdin"));
    }
    let kind = match options.kind.as_deref().or(config.default_type()) {
        Some(kind) if config.types.contains_key(kind) => kind.to_string(),
        Some(kind) => return Err(Error::invalid_with(format!("unknown type `{kind}`"), desk.type_choices())),
        None => return Err(Error::invalid("no ticket types are defined in .desk/types.yaml")),
    };
    let priority = match options.priority.as_deref().or(config.default_priority()) {
        Some(p) => validate_priority(desk, p)?,
        None => return Err(Error::invalid("no priorities are defined in .desk/priorities.yaml")),
    };
    let assignee = options.assignee.as_deref().map(|a| validate_agent(desk, a)).transpose()?;
    let team = options.team.as_deref().map(|t| validate_team(desk, t)).transpose()?;
    let requester = options.requester.as_deref().map(validate_email).transpose()?;
    let cc = distinct(options.cc.iter().map(|e| validate_email(e)).collect::<Result<Vec<_>>>()?);
    let tags = distinct(options.tags.iter().map(|t| validate_tag(t)).collect::<Result<Vec<_>>>()?);
    let workflow = desk.workflow_of_kind(&kind)?;
    let parent = options.parent.as_deref().map(|p| desk.resolve(p)).transpose()?;
    let fields = super::change::check_fields(desk, &options.fields)?;
    let max = config.attachment_max_bytes;
    if let Some((name, bytes)) = options.attachments.iter().find(|(_, bytes)| bytes.len() as u64 > max) {
        return Err(Error::invalid_with(
            format!("{name} is {} bytes, over the limit of {max} bytes", bytes.len()),
            "raise `attachments: { max_size: … }` in .desk/config.yaml, or share a link instead",
        ));
    }
    let id = desk.fresh_ticket_id()?;
    let now = desk.now();
    let mut file = TicketFile::create(NewTicket {
        id: id.to_string(),
        title,
        status: workflow.initial.clone(),
        kind,
        priority,
        requester,
        assignee,
        team,
        channel: Some(options.channel.clone().unwrap_or_else(|| "cli".into())),
        parent: parent.as_ref().map(ToString::to_string),
        created: now,
        tags,
        cc,
    });
    if let Some(old) = &options.follow_up_of {
        file.set_extra("follow_up_of", old);
    }
    for (name, value) in fields.iter().filter_map(|(n, v)| Some((n, v.as_ref()?))) {
        file.set_extra(name, value);
    }
    let (author, role) = match &options.from_customer {
        Some(email) => (validate_email(email)?, Role::Customer),
        None => (actor.name.clone(), Role::Agent),
    };
    let mut changes = Vec::new();
    let attached = super::attach::store(desk, &id, &options.attachments, &mut changes)?;
    let mut extra = serde_json::Map::new();
    if !attached.is_empty() {
        extra.insert(super::attach::ENTRY_KEY.into(), serde_json::to_value(&attached).unwrap_or_default());
    }
    let entry = Entry {
        id: desk.fresh_entry_id(&file),
        at: now,
        author,
        role,
        visibility: Visibility::Public,
        extra,
        body: options.body.clone(),
        line: 0,
    };
    let entry_id = entry.id.clone();
    file.push_entry(entry);
    let path = id.path();
    let mut summary = format!("new {} ticket, priority {}", file.ticket().kind, file.ticket().priority);
    if !attached.is_empty() {
        summary.push_str(&format!(", {}", super::plural(attached.len(), "attachment")));
    }
    changes.push(FileChange { path: path.clone(), content: Some(file.render().into_bytes()), base: None });
    if let Some(parent) = &parent {
        // The parent lists its subtasks, so checks on it never need to search.
        let (base, bytes) =
            desk.store.head_file(&parent.path())?.ok_or_else(|| Error::NoSuchTicket(parent.to_string()))?;
        let mut parent_file = super::parse_ticket(&parent.path(), &bytes)?;
        super::change::ensure_not_closed(desk, &parent_file, "take subtasks")?;
        let mut event = desk.event(&parent_file, &actor.name);
        parent_file.add("subtasks", &[id.to_string()], &mut event);
        parent_file.push_event(event);
        changes.push(FileChange {
            path: parent.path(),
            content: Some(parent_file.render().into_bytes()),
            base: Some(base),
        });
        summary.push_str(&format!(", subtask of {parent}"));
    }
    let outcome =
        Outcome { id: id.to_string(), path, summary: summary.clone(), entries: vec![entry_id], ..Default::default() };
    Ok(Draft { file, changes, summary, outcome })
}

impl Desk {
    /// The workflow of a type name.
    pub fn workflow_of_kind(&self, kind: &str) -> Result<&crate::config::Workflow> {
        self.config.workflow(kind).ok_or_else(|| {
            Error::invalid_with(format!("type `{kind}` has no workflow in .desk/workflows.yaml"), self.type_choices())
        })
    }
}

/// Checks a priority name against the configuration.
pub fn validate_priority(desk: &Desk, priority: &str) -> Result<String> {
    if desk.config.priorities.iter().any(|p| p == priority) {
        Ok(priority.to_string())
    } else {
        Err(Error::invalid_with(
            format!("unknown priority `{priority}`"),
            format!("priorities: {}", desk.config.priorities.join(", ")),
        ))
    }
}

/// Checks an agent name (or email) and returns the agent's name.
pub fn validate_agent(desk: &Desk, who: &str) -> Result<String> {
    desk.config
        .find_agent(who)
        .map(|(name, _)| name.to_string())
        .ok_or_else(|| Error::invalid_with(format!("unknown agent `{who}`"), desk.agent_choices()))
}

/// Checks a team name.
pub fn validate_team(desk: &Desk, team: &str) -> Result<String> {
    if desk.config.teams.contains_key(team) {
        Ok(team.to_string())
    } else {
        Err(Error::invalid_with(
            format!("unknown team `{team}`"),
            format!("teams: {}", desk.config.teams.keys().cloned().collect::<Vec<_>>().join(", ")),
        ))
    }
}

/// Checks that `email` looks like an address (`local@domain`, no spaces); returns it trimmed.
pub fn validate_email(email: &str) -> Result<String> {
    let email = email.trim();
    if crate::config::is_email(email) {
        Ok(email.to_string())
    } else {
        Err(Error::invalid_with(format!("`{email}` is not an email address"), "write it as name@example.com"))
    }
}

/// `values` without later repeats that differ only in case (first spelling kept).
fn distinct(values: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        if !out.iter().any(|v| v.eq_ignore_ascii_case(&value)) {
            out.push(value);
        }
    }
    out
}

/// Checks a tag: one word, no whitespace or commas.
pub fn validate_tag(tag: &str) -> Result<String> {
    let tag = tag.trim();
    if tag.is_empty() || tag.contains(|c: char| c.is_whitespace() || c == ',') {
        Err(Error::invalid_with(
            format!("`{tag}` is not a tag"),
            "tags are single words such as `camera` or `firmware-2.1`",
        ))
    } else {
        Ok(tag.to_string())
    }
}
