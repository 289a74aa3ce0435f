//! `desk ingest`: incoming mail becomes a ticket or joins one.
//!
//! Threading, in this order, never by subject similarity:
//! 1. the subject tag (`[#<ID>]`, prefix from `email.subject_prefix`);
//! 2. `In-Reply-To`/`References`: Message-IDs desk generated name their ticket, and every
//!    Message-ID desk has seen is kept in `mail-index/` (one small file per id, named by its
//!    SHA-1), so the lookup costs the same at any repository size;
//! 3. otherwise a new ticket (subject → title, text → description, From → requester, Cc →
//!    CCs, the To address → the ticket type).
//!
//! The message as received is kept beside the ticket (`attachments/<ID>/mail-<entry>.eml`,
//! named on the entry as `raw`): the entry holds the text with quoted history trimmed.
//! A Message-ID seen before is a duplicate and changes nothing. Bounces never make or answer a
//! ticket (they are recorded on the ticket they are about); desk's own mail coming back is
//! dropped. Mail that cannot be read is kept in `desk-failed/` in the git directory, never lost.

use serde::Serialize;
use serde_json::Value;

use super::{Actor, Desk, Outcome};
use crate::email::{Incoming, Kind};
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::store::FileChange;
use crate::ticket::{Entry, NewTicket, Role, TicketFile, Visibility};

/// Where Message-IDs are indexed.
pub const MAIL_INDEX_DIR: &str = "mail-index";

/// What happened to one message.
#[derive(Debug, Clone, Serialize)]
pub struct Ingested {
    /// Its Message-ID.
    pub message_id: String,
    /// `new`, `reply`, `follow-up`, `duplicate`, `bounce`, `loop` or `ignored`.
    pub outcome: &'static str,
    /// Which rule placed it: `subject tag`, `our Message-ID`, `References`, `new ticket`, …
    pub rule: String,
    /// The ticket it made or joined.
    pub ticket: Option<String>,
    /// The commit made.
    pub commit: Option<String>,
    /// Automation rules that fired.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub automation: Vec<super::automate::TicketFiring>,
    /// Why the automation rules could not run after ingesting (the message is in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automation_error: Option<String>,
}

/// The `mail-index/` file of a Message-ID.
pub fn index_path(message_id: &str) -> String {
    let hex = crate::id::sha1_hex(message_id.as_bytes());
    format!("{MAIL_INDEX_DIR}/{}/{hex}", &hex[..2])
}

/// The ticket a Message-ID was recorded on.
fn indexed(desk: &Desk, message_id: &str) -> Result<Option<TicketId>> {
    Ok(desk
        .store
        .head_file(&index_path(message_id))?
        .and_then(|(_, b)| TicketId::parse(String::from_utf8_lossy(&b).trim())))
}

/// The mail-index file recording that `message_id` belongs to `ticket`.
pub(crate) fn index_change(message_id: &str, ticket: &TicketId) -> FileChange {
    FileChange { path: index_path(message_id), content: Some(format!("{ticket}\n").into_bytes()), base: None }
}

/// Where a message belongs: the ticket and the rule that found it.
pub fn thread(desk: &Desk, mail: &Incoming) -> Result<Option<(TicketId, String)>> {
    let exists = |id: &TicketId| desk.store.exists_in_head(&id.path());
    if let Some(id) = crate::email::subject_tag(&mail.subject, &desk.config.email.subject_prefix)
        && exists(&id)?
    {
        return Ok(Some((id, "subject tag".into())));
    }
    for reference in &mail.references {
        if let Some(id) = crate::email::ticket_of_our_id(reference)
            && exists(&id)?
        {
            return Ok(Some((id, format!("In-Reply-To/References: our Message-ID <{reference}>"))));
        }
        if let Some(id) = indexed(desk, reference)?
            && exists(&id)?
        {
            return Ok(Some((id, format!("In-Reply-To/References: <{reference}> seen on this ticket"))));
        }
    }
    Ok(None)
}

/// The acting identity of mail ingestion (commits are by the mail channel, not an agent).
pub fn mail_actor(desk: &Desk) -> Actor {
    let email = desk.config.email.address.clone().unwrap_or_else(|| "desk@localhost".into());
    Actor { name: "desk".into(), email, display: "desk email".into() }
}

/// Ingests one raw message.
pub fn ingest(desk: &Desk, raw: &[u8]) -> Result<Ingested> {
    let Some(mail) = crate::email::parse(raw) else {
        let kept = keep_failed(desk, raw)?;
        return Err(Error::invalid(format!(
            "the input is not an email message (no headers could be read); kept in {}",
            kept.display()
        )));
    };
    let actor = mail_actor(desk);
    let mut result = Ingested {
        message_id: mail.message_id.clone(),
        outcome: "ignored",
        rule: String::new(),
        ticket: None,
        commit: None,
        automation: Vec::new(),
        automation_error: None,
    };
    if let Some(id) = indexed(desk, &mail.message_id)? {
        result.outcome = "duplicate";
        result.rule = "this Message-ID was ingested before".into();
        result.ticket = Some(id.to_string());
        return Ok(result);
    }
    let from_us = mail.from.as_ref().is_some_and(|f| desk.config.email.addresses().contains(f));
    if mail.kind == Kind::Loop || from_us {
        result.outcome = "loop";
        result.rule = "desk's own mail (loop header or our address): dropped".into();
        return Ok(result);
    }
    let threaded = thread(desk, &mail)?;
    if mail.kind == Kind::Bounce {
        result.outcome = "bounce";
        let Some((id, rule)) = threaded else {
            result.rule = "a bounce about no known ticket: not a ticket".into();
            return Ok(result);
        };
        result.rule = format!("a bounce ({rule}): recorded on the ticket");
        let outcome = desk.update_with_files(&id, &actor, "bounce", |_, _, event, files| {
            event.extra.insert(
                "bounce".into(),
                serde_json::json!({ "message_id": mail.message_id, "from": mail.from, "subject": mail.subject }),
            );
            files.push(index_change(&mail.message_id, &id));
            Ok(format!("bounce recorded: {}", mail.subject))
        })?;
        result.ticket = Some(id.to_string());
        result.commit = outcome.commit;
        return Ok(result);
    }
    let Some(from) = mail.from.clone() else {
        let kept = keep_failed(desk, raw)?;
        return Err(Error::invalid(format!("the message has no sender address; kept in {}", kept.display())));
    };
    let outcome = match threaded {
        Some((id, rule)) => {
            let ticket = desk.load(&id)?;
            if super::converse::needs_follow_up(desk, ticket.file.ticket()) {
                result.outcome = "follow-up";
                result.rule = format!("{rule}; the ticket is {}: a follow-up ticket", ticket.file.ticket().status);
                new_ticket(desk, &actor, &mail, &from, Some(ticket.file.ticket()), raw)?
            } else {
                result.outcome = "reply";
                result.rule = rule;
                reply(desk, &actor, &id, &mail, &from, raw)?
            }
        }
        None => {
            result.outcome = "new";
            result.rule = "no tag and no known Message-ID: a new ticket".into();
            new_ticket(desk, &actor, &mail, &from, None, raw)?
        }
    };
    result.ticket = Some(outcome.id.clone());
    result.commit = outcome.commit;
    result.automation = outcome.automation;
    result.automation_error = outcome.automation_error;
    Ok(result)
}

/// The entry for a message (its Message-ID and attachments recorded on it).
fn entry_for(desk: &Desk, mail: &Incoming, from: &str, id: String, attachments: &[super::attach::Attachment]) -> Entry {
    let mut extra = serde_json::Map::new();
    extra.insert("message_id".into(), Value::String(mail.message_id.clone()));
    if let Some(reason) = &mail.no_auto_reply {
        extra.insert("no_auto_reply".into(), Value::String(reason.clone()));
    }
    if !attachments.is_empty() {
        extra.insert(super::attach::ENTRY_KEY.into(), serde_json::to_value(attachments).unwrap_or_default());
    }
    let agent = desk.config.find_agent(from).map(|(name, _)| name.to_string());
    let body = if mail.body.trim().is_empty() { "(no text)".to_string() } else { mail.body.clone() };
    Entry {
        id,
        at: desk.now(),
        author: agent.clone().unwrap_or_else(|| from.to_string()),
        role: if agent.is_some() { Role::Agent } else { Role::Customer },
        visibility: Visibility::Public,
        extra,
        body,
        line: 0,
    }
}

/// Attachments within the size limit (the others are named in the entry's text).
fn within_limit(desk: &Desk, mail: &Incoming) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let max = desk.config.attachment_max_bytes;
    let (ok, over): (Vec<_>, Vec<_>) = mail.attachments.iter().partition(|a| a.bytes.len() as u64 <= max);
    (
        ok.into_iter().map(|a| (a.name.clone(), a.bytes.clone())).collect(),
        over.into_iter().map(|a| format!("{} ({} bytes, over the {max}-byte limit)", a.name, a.bytes.len())).collect(),
    )
}

fn with_skipped(mut entry: Entry, skipped: &[String]) -> Entry {
    if !skipped.is_empty() {
        entry.body.push_str(&format!(
            "\n\n_Attachments not kept: {}; nor the message as received, which holds them._",
            skipped.join(", ")
        ));
    }
    entry
}

/// Keeps the message as received beside the ticket (the entry holds the trimmed text) and
/// records where on the entry; not when an attachment was over the size limit (`skipped`): the
/// message holds it, and the limit is there to keep such files out of the repository.
fn keep_raw(entry: &mut Entry, ticket: &TicketId, raw: &[u8], skipped: &[String], changes: &mut Vec<FileChange>) {
    if !skipped.is_empty() {
        return;
    }
    let path = format!("{}/{ticket}/mail-{}.eml", super::attach::ATTACHMENTS_DIR, entry.id);
    entry.extra.insert("raw".into(), Value::String(path.clone()));
    changes.push(FileChange { path, content: Some(raw.to_vec()), base: None });
}

fn reply(desk: &Desk, actor: &Actor, id: &TicketId, mail: &Incoming, from: &str, raw: &[u8]) -> Result<Outcome> {
    let (files, skipped) = within_limit(desk, mail);
    desk.update_with_files(id, actor, "email", |desk, file, event, changes| {
        let attachments = super::attach::store(desk, id, &files, changes)?;
        let mut entry = with_skipped(entry_for(desk, mail, from, desk.fresh_entry_id(file), &attachments), &skipped);
        keep_raw(&mut entry, id, raw, &skipped, changes);
        let who = entry.author.clone();
        file.push_entry(entry);
        // People on the mail who are not on the ticket yet become CCs.
        let ours = desk.config.email.addresses();
        let ticket = file.ticket();
        let newcomers: Vec<String> = mail
            .cc
            .iter()
            .filter(|a| {
                !ours.contains(a) && Some(*a) != ticket.requester.as_ref() && desk.config.find_agent(a).is_none()
            })
            .cloned()
            .collect();
        file.add("cc", &newcomers, event);
        changes.push(index_change(&mail.message_id, id));
        Ok(format!("email from {who}"))
    })
}

fn new_ticket(
    desk: &Desk,
    actor: &Actor,
    mail: &Incoming,
    from: &str,
    follows: Option<&crate::ticket::Ticket>,
    raw: &[u8],
) -> Result<Outcome> {
    let config = &desk.config;
    let lock = desk.store.lock()?;
    let id = desk.fresh_ticket_id()?;
    let kind = mail
        .to
        .iter()
        .chain(mail.cc.iter())
        .find_map(|a| config.email.types.iter().find(|(addr, _)| addr.eq_ignore_ascii_case(a)).map(|(_, t)| t.clone()))
        .filter(|t| config.types.contains_key(t))
        .or_else(|| follows.map(|t| t.kind.clone()))
        .or_else(|| config.default_type().map(str::to_string))
        .ok_or_else(|| Error::invalid("no ticket types are defined"))?;
    let flow = desk.workflow_of_kind(&kind)?;
    let ours = desk.config.email.addresses();
    let cc: Vec<String> = mail
        .cc
        .iter()
        .filter(|a| !ours.contains(a) && a.as_str() != from && config.find_agent(a).is_none())
        .cloned()
        .collect();
    let title = clean_subject(&mail.subject, &config.email.subject_prefix);
    let mut file = TicketFile::create(NewTicket {
        id: id.to_string(),
        title,
        status: flow.initial.clone(),
        kind,
        priority: follows
            .map(|t| t.priority.clone())
            .or_else(|| config.default_priority().map(str::to_string))
            .unwrap_or_default(),
        // An agent writing to a closed ticket continues the customer's case: the follow-up is
        // still the customer's request, not the agent's.
        requester: match follows {
            Some(old) if config.find_agent(from).is_some() => old.requester.clone(),
            _ => Some(from.to_string()),
        },
        assignee: follows.and_then(|t| t.assignee.clone()),
        team: follows.and_then(|t| t.team.clone()),
        channel: Some("email".into()),
        parent: None,
        created: desk.now(),
        tags: follows.map(|t| t.tags.clone()).unwrap_or_default(),
        cc,
    });
    if let Some(old) = follows {
        file.set_extra("follow_up_of", &old.id);
    }
    let (files, skipped) = within_limit(desk, mail);
    let mut changes = Vec::new();
    let attachments = super::attach::store(desk, &id, &files, &mut changes)?;
    let mut entry = with_skipped(entry_for(desk, mail, from, desk.fresh_entry_id(&file), &attachments), &skipped);
    keep_raw(&mut entry, &id, raw, &skipped, &mut changes);
    let entry_id = entry.id.clone();
    file.push_entry(entry);
    changes.insert(0, FileChange { path: id.path(), content: Some(file.render().into_bytes()), base: None });
    changes.push(index_change(&mail.message_id, &id));
    let summary = match follows {
        Some(old) => format!("new ticket from email by {from} (follow-up of {})", old.id),
        None => format!("new ticket from email by {from}"),
    };
    let commit =
        desk.commit_as(&lock, actor, changes, super::commit_message(file.ticket(), "email", &summary, actor))?;
    drop(lock);
    let outcome = Outcome {
        id: id.to_string(),
        path: id.path(),
        commit: Some(commit.to_string()),
        summary,
        entries: vec![entry_id],
        ..Default::default()
    };
    Ok(outcome.automate(desk, None))
}

/// Keeps an unreadable message in `desk-failed/` under the git directory; returns its path.
pub fn keep_failed(desk: &Desk, raw: &[u8]) -> Result<std::path::PathBuf> {
    keep_failed_in(desk.store.git().commondir(), desk.now(), raw)
}

/// [`keep_failed`] for when the repository cannot be opened as a desk repository (a broken
/// configuration): `git_dir` is the git common directory.
pub fn keep_failed_in(
    git_dir: &std::path::Path,
    now: chrono::DateTime<chrono::Utc>,
    raw: &[u8],
) -> Result<std::path::PathBuf> {
    let dir = git_dir.join("desk-failed");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let hex = &crate::id::sha1_hex(raw)[..16];
    let path = dir.join(format!("{}-{hex}.eml", now.format("%Y%m%dT%H%M%SZ")));
    std::fs::write(&path, raw).map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    Ok(path)
}

/// A ticket title from a mail subject: without reply/forward prefixes and desk's own tags.
pub fn clean_subject(subject: &str, prefix: &str) -> String {
    let mut title = subject.trim().to_string();
    loop {
        let before = title.clone();
        for lead in ["re:", "fw:", "fwd:", "aw:", "wg:", "tr:", "sv:"] {
            if title.get(..lead.len()).is_some_and(|head| head.eq_ignore_ascii_case(lead)) {
                title = title[lead.len()..].trim_start().to_string();
            }
        }
        if let Some(id) = crate::email::subject_tag(&title, prefix) {
            let tag = if prefix.is_empty() { format!("[#{id}]") } else { format!("[{prefix} #{id}]") };
            if let Some(at) = title.to_ascii_uppercase().find(&tag.to_ascii_uppercase()) {
                title = format!("{}{}", &title[..at], &title[at + tag.len()..]).trim().to_string();
            }
        }
        if title == before {
            break;
        }
    }
    if title.is_empty() { "(no subject)".into() } else { title }
}
