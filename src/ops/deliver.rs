//! `desk deliver`: sending public replies and queued notifications by email.
//!
//! What waits: every public reply (by an agent or a rule, the description excepted) on a
//! ticket with a requester that has no delivery record yet, and every file in `outbox/`. Each
//! is rendered ([`crate::email::outgoing`]) and handed to a transport (a spool directory or a
//! sendmail binary); then one commit records the deliveries (an event `delivered` on each
//! ticket) and removes the delivered outbox files. Internal notes are never sent. A crash
//! between sending and recording means the next run sends again with the same Message-ID,
//! which receiving systems treat as the same message; nothing is lost.

use std::io::Write as _;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Value, json};

use super::listing::for_each_ticket;
use super::{Actor, Desk};
use crate::email::outgoing::{self, Outgoing};
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::store::FileChange;
use crate::ticket::{Role, Ticket, Visibility};

/// Where mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// Write each message as `<Message-ID>.eml` into a directory (for another program to send).
    Spool(PathBuf),
    /// Pipe each message to a sendmail-compatible binary (`sendmail -t -oi`).
    Sendmail(PathBuf),
    /// Send through an SMTP server: `smtp://host:port` (plain, for a local relay),
    /// `smtp+starttls://host:587` or `smtps://host:465`; credentials from `DESK_SMTP_USER` and
    /// `DESK_SMTP_PASSWORD`, never from the repository.
    Smtp(String),
    /// Record the deliveries without sending (adopting an existing repository).
    MarkSent,
}

/// One message sent (or that would be).
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    /// The ticket.
    pub ticket: String,
    /// The entry, or the outbox item's id.
    pub item: String,
    /// Message-ID.
    pub message_id: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Subject.
    pub subject: String,
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Delivered {
    /// Messages sent.
    pub sent: Vec<Sent>,
    /// Messages the mail server refused for good (a 5xx answer): recorded as done, never retried.
    pub refused: Vec<Refused>,
    /// The commit recording them.
    pub commit: Option<String>,
    /// Whether nothing was sent or recorded.
    pub dry_run: bool,
}

/// A message the mail server refused permanently.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    /// Ticket ID.
    pub ticket: String,
    /// Entry or outbox item.
    pub item: String,
    /// Recipients.
    pub to: Vec<String>,
    /// The server's answer.
    pub error: String,
}

/// Why a message was not sent.
enum SendError {
    /// The server refused this message for good (bad recipient): skip it, go on.
    Refused(String),
    /// Anything else (server down, spool unwritable): stop and retry the whole run later.
    Stop(Error),
}

impl From<Error> for SendError {
    fn from(err: Error) -> Self {
        SendError::Stop(err)
    }
}

fn delivered_entries(ticket: &Ticket) -> Vec<String> {
    ticket
        .events
        .iter()
        .filter_map(|e| e.extra.get("delivered"))
        .flat_map(|d| d.as_array().cloned().unwrap_or_default())
        .filter_map(|d| d["entry"].as_str().map(str::to_string))
        .collect()
}

/// The messages waiting in one ticket: `(entry id, mail)`.
fn waiting(desk: &Desk, ticket: &Ticket, from: &str) -> Vec<(String, Outgoing)> {
    let Some(requester) = &ticket.requester else { return Vec::new() };
    let done = delivered_entries(ticket);
    let email = &desk.config.email;
    let domain = from.rsplit('@').next().unwrap_or("desk.invalid");
    // The thread as it stood when each reply was written: the Message-IDs of the mail before it.
    let thread_before = |index: usize| -> Vec<String> {
        ticket.entries[..index].iter().filter_map(|e| e.extra.get("message_id")?.as_str().map(str::to_string)).collect()
    };
    ticket
        .entries
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, e)| e.visibility == Visibility::Public && e.role != Role::Customer)
        .filter(|(_, e)| !e.extra.contains_key(crate::ticket::MERGED_FROM) && !done.contains(&e.id))
        .map(|(index, entry)| {
            let theirs = thread_before(index);
            let mail = Outgoing {
                from: from.to_string(),
                from_name: email.name.clone().unwrap_or_else(|| "Support".into()),
                to: vec![requester.clone()],
                cc: ticket.cc.clone(),
                subject: outgoing::subject(&email.subject_prefix, &ticket.id, &ticket.title),
                message_id: outgoing::message_id(&ticket.id, &entry.id, domain),
                in_reply_to: theirs.last().cloned(),
                references: theirs.clone(),
                date: entry.at,
                body: entry.body.clone(),
                auto_submitted: (entry.role == Role::System).then_some("auto-replied"),
            };
            (entry.id.clone(), mail)
        })
        .collect()
}

/// Sends one message; `Ok` lists the recipients the server refused while it took the message
/// for the others (SMTP only).
fn send(transport: &Transport, mail: &Outgoing) -> std::result::Result<Vec<(String, String)>, SendError> {
    let bytes = outgoing::render(mail);
    match transport {
        Transport::MarkSent => Ok(Vec::new()),
        Transport::Spool(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
            let path = dir.join(format!("{}.eml", mail.message_id));
            let tmp = dir.join(format!(".{}.tmp", mail.message_id));
            std::fs::write(&tmp, &bytes).map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
            std::fs::rename(&tmp, &path).map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
            Ok(Vec::new())
        }
        Transport::Smtp(url) => smtp(url, mail, &bytes),
        Transport::Sendmail(program) => {
            let mut child = std::process::Command::new(program)
                .args(["-t", "-oi", "-f", &mail.from])
                .stdin(std::process::Stdio::piped())
                .spawn()
                .map_err(|e| Error::io(format!("running {}", program.display()), e))?;
            if let Some(stdin) = child.stdin.as_mut() {
                stdin.write_all(&bytes).map_err(|e| Error::io(format!("writing to {}", program.display()), e))?;
            }
            let status = child.wait().map_err(|e| Error::io(format!("running {}", program.display()), e))?;
            if status.success() {
                Ok(Vec::new())
            } else {
                let why = format!("{} failed ({status}) sending {}", program.display(), mail.message_id);
                Err(SendError::Stop(Error::invalid(why)))
            }
        }
    }
}

fn smtp(url: &str, mail: &Outgoing, bytes: &[u8]) -> std::result::Result<Vec<(String, String)>, SendError> {
    use lettre::Transport as _;
    let bad = |why: String| {
        Error::invalid_with(
            format!("cannot send through {url}: {why}"),
            "use smtp://host:port, smtp+starttls://host:587 or smtps://host:465",
        )
    };
    let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("not a URL".into()))?;
    let (host, port) = match rest.trim_end_matches('/').rsplit_once(':') {
        Some((host, port)) => {
            (host.to_string(), Some(port.parse::<u16>().map_err(|_| bad(format!("bad port `{port}`")))?))
        }
        None => (rest.trim_end_matches('/').to_string(), None),
    };
    let mut builder = match scheme {
        "smtp" => lettre::SmtpTransport::builder_dangerous(&host),
        "smtp+starttls" => lettre::SmtpTransport::starttls_relay(&host).map_err(|e| bad(e.to_string()))?,
        "smtps" => lettre::SmtpTransport::relay(&host).map_err(|e| bad(e.to_string()))?,
        other => return Err(bad(format!("unknown scheme `{other}`")).into()),
    };
    if let Some(port) = port {
        builder = builder.port(port);
    }
    if let (Ok(user), Ok(password)) = (std::env::var("DESK_SMTP_USER"), std::env::var("DESK_SMTP_PASSWORD")) {
        builder = builder.credentials(lettre::transport::smtp::authentication::Credentials::new(user, password));
    }
    let address = |a: &str| a.parse::<lettre::Address>().map_err(|e| bad(format!("`{a}`: {e}")));
    let recipients = mail.to.iter().chain(&mail.cc).map(|a| address(a)).collect::<Result<Vec<_>>>()?;
    let sender = address(&mail.from)?;
    let transport = builder.build();
    let send_to = |to: Vec<lettre::Address>| -> std::result::Result<(), SendError> {
        let envelope = lettre::address::Envelope::new(Some(sender.clone()), to).map_err(|e| bad(e.to_string()))?;
        transport.send_raw(&envelope, bytes).map(|_| ()).map_err(|e| {
            // Only a mail-system refusal (55x: no such mailbox, not allowed) is about this
            // message; other permanent answers (530/535 authentication, a 554 greeting) are
            // about the setup.
            let about_the_message = e.is_permanent()
                && e.status()
                    .is_some_and(|code| code.category == lettre::transport::smtp::response::Category::MailSystem);
            if about_the_message {
                SendError::Refused(e.to_string())
            } else {
                SendError::Stop(Error::invalid_with(
                    format!("cannot send through {url}: {e}"),
                    "nothing after this message was sent; run desk deliver again once the server answers",
                ))
            }
        })
    };
    match send_to(recipients.clone()) {
        // One refused recipient fails the whole transaction before anything is sent: the others
        // still get the message, each on its own.
        Err(SendError::Refused(_)) if recipients.len() > 1 => {
            let (mut refused, mut sent_any) = (Vec::new(), false);
            for (n, to) in recipients.iter().enumerate() {
                match send_to(vec![to.clone()]) {
                    Ok(()) => sent_any = true,
                    Err(SendError::Refused(why)) => refused.push((to.to_string(), why)),
                    // Once someone has it, the message is recorded as sent (sending it again
                    // would give them a second copy): the recipients left are named instead.
                    Err(SendError::Stop(err)) if sent_any => {
                        let why = format!("not sent, the server stopped answering ({err}); send it to them by hand");
                        refused.extend(recipients[n..].iter().map(|to| (to.to_string(), why.clone())));
                        break;
                    }
                    Err(stop) => return Err(stop),
                }
            }
            if refused.len() == recipients.len() {
                let why = refused.into_iter().next().map(|(_, why)| why).unwrap_or_default();
                return Err(SendError::Refused(why));
            }
            Ok(refused)
        }
        result => result.map(|()| Vec::new()),
    }
}

/// What became of one message: `Ok(Ok(_))` sent, `Ok(Err(answer))` refused for good (skip it),
/// `Err` stop the run. Two refusals in a row with the same answer look like the server's setup,
/// not the recipients: the second stops the run, and the rest waits for the next one.
fn sent_or_refused<T>(
    result: std::result::Result<T, SendError>,
    last_refusal: &mut Option<String>,
) -> Result<std::result::Result<T, String>> {
    match result {
        Ok(sent) => {
            // A message sent in between: the refusals were not in a row.
            *last_refusal = None;
            Ok(Ok(sent))
        }
        Err(SendError::Refused(why)) if last_refusal.as_deref() == Some(why.as_str()) => Err(Error::invalid_with(
            format!("the mail server refused two messages in a row with the same answer: {why}"),
            "check the server's settings (sender address, relay permissions); nothing after the first refusal was recorded",
        )),
        Err(SendError::Refused(why)) => {
            *last_refusal = Some(why.clone());
            Ok(Err(why))
        }
        Err(SendError::Stop(err)) => Err(err),
    }
}

/// Sends what waits through `transport` (or with `dry_run`, only lists it).
pub fn deliver(desk: &Desk, actor: &Actor, transport: &Transport, dry_run: bool) -> Result<Delivered> {
    let from = desk.config.email.address.clone().ok_or_else(|| {
        Error::invalid_with(
            "no support address to send from",
            "set `email: { address: support@example.com }` in .desk/config.yaml",
        )
    })?;
    let lock = if dry_run { None } else { Some(desk.store.lock()?) };
    let mut report = Delivered { dry_run, ..Default::default() };
    let mut per_ticket: Vec<(TicketId, Vec<(String, Outgoing)>)> = Vec::new();
    let errors = for_each_ticket(desk, |loaded| {
        let mails = waiting(desk, loaded.file.ticket(), &from);
        if !mails.is_empty() {
            per_ticket.push((loaded.id, mails));
        }
    });
    if let Some(err) = errors.into_iter().next() {
        return Err(err);
    }
    // A failed send stops the run; what was sent before it is still recorded.
    let mut failed: Option<Error> = None;
    let mut last_refusal: Option<String> = None;
    let mut changes = Vec::new();
    'tickets: for (id, mails) in per_ticket {
        let mut records = Vec::new();
        for (entry, mail) in mails {
            let result = if dry_run { Ok(Vec::new()) } else { send(transport, &mail) };
            let refused_recipients = match sent_or_refused(result, &mut last_refusal) {
                Ok(Ok(refused)) => refused,
                Ok(Err(why)) => {
                    // Recorded with the refusal, so that it is not tried again.
                    records
                        .push(json!({ "entry": entry, "message_id": mail.message_id, "to": mail.to, "refused": why }));
                    let to = mail.to.iter().chain(&mail.cc).cloned().collect();
                    report.refused.push(Refused { ticket: id.to_string(), item: entry, to, error: why });
                    continue;
                }
                Err(err) => {
                    failed = Some(err);
                    if records.is_empty() {
                        break 'tickets;
                    }
                    break;
                }
            };
            let mut record = json!({ "entry": entry, "message_id": mail.message_id, "to": mail.to });
            if !refused_recipients.is_empty() {
                let refused: Vec<Value> =
                    refused_recipients.iter().map(|(to, why)| json!({ "to": to, "refused": why })).collect();
                record["refused_recipients"] = Value::Array(refused);
            }
            records.push(record);
            for (to, why) in refused_recipients {
                report.refused.push(Refused { ticket: id.to_string(), item: entry.clone(), to: vec![to], error: why });
            }
            report.sent.push(Sent {
                ticket: id.to_string(),
                item: entry,
                message_id: mail.message_id.clone(),
                to: mail.to.iter().chain(&mail.cc).cloned().collect(),
                subject: mail.subject.clone(),
            });
        }
        if !dry_run {
            let (base, bytes) = desk.store.head_file(&id.path())?.ok_or_else(|| Error::NoSuchTicket(id.to_string()))?;
            let mut file = super::parse_ticket(&id.path(), &bytes)?;
            let mut event = desk.event(&file, &actor.name);
            event.extra.insert("delivered".into(), Value::Array(records));
            file.push_event(event);
            changes.push(FileChange { path: id.path(), content: Some(file.render().into_bytes()), base: Some(base) });
        }
        if failed.is_some() {
            break;
        }
    }
    // Notifications queued by rules.
    let queue = if failed.is_some() { Vec::new() } else { super::automate::outbox(desk)? };
    for queued in queue {
        let mail = Outgoing {
            from: from.clone(),
            from_name: desk.config.email.name.clone().unwrap_or_else(|| "Support".into()),
            to: queued.to.clone(),
            cc: Vec::new(),
            subject: queued.subject.clone(),
            message_id: format!("desk.{}@{}", queued.id, from.rsplit('@').next().unwrap_or("desk.invalid")),
            in_reply_to: None,
            references: Vec::new(),
            date: crate::clock::parse_time(&queued.queued).unwrap_or_else(|| desk.now()),
            body: queued.body.clone(),
            auto_submitted: Some("auto-generated"),
        };
        if !dry_run {
            let refused = match sent_or_refused(send(transport, &mail), &mut last_refusal) {
                Ok(Ok(refused_recipients)) => {
                    for (to, why) in refused_recipients {
                        let (ticket, item) = (queued.ticket.clone(), queued.id.clone());
                        report.refused.push(Refused { ticket, item, to: vec![to], error: why });
                    }
                    None
                }
                Ok(Err(why)) => Some(why),
                Err(err) => {
                    failed = Some(err);
                    break;
                }
            };
            // Sent or refused for good, it leaves the outbox; the commit message names a refusal.
            let base = desk.store.head_file(&queued.path)?.map(|(oid, _)| oid);
            changes.push(FileChange { path: queued.path.clone(), content: None, base });
            if let Some(why) = refused {
                let (ticket, item, to) = (queued.ticket.clone(), queued.id.clone(), queued.to.clone());
                report.refused.push(Refused { ticket, item, to, error: why });
                continue;
            }
        }
        report.sent.push(Sent {
            ticket: queued.ticket.clone(),
            item: queued.id.clone(),
            message_id: mail.message_id,
            to: queued.to,
            subject: queued.subject,
        });
    }
    if let Some(lock) = &lock
        && !changes.is_empty()
    {
        let how = match transport {
            Transport::MarkSent => "marked as sent",
            _ => "sent",
        };
        let refused: String = report
            .refused
            .iter()
            .map(|r| format!("refused by the mail server: {} to {}: {}\n", r.item, r.to.join(", "), r.error))
            .collect();
        let refused = if refused.is_empty() { String::new() } else { format!("\n{refused}") };
        let message = format!(
            "desk deliver: {} message(s) {how}\n{refused}\nDesk-Action: deliver\nDesk-Agent: {}\n",
            report.sent.len(),
            actor.name
        );
        report.commit = Some(desk.commit_as(lock, actor, changes, message)?.to_string());
    }
    match failed {
        Some(err) => Err(err),
        None => Ok(report),
    }
}

#[cfg(test)]
mod tests {
    use super::{SendError, sent_or_refused};

    /// Two refusals with the same answer stop the run only when nothing was sent between them.
    #[test]
    fn only_refusals_in_a_row_stop_the_run() {
        let mut last = None;
        let refused = || Err::<(), _>(SendError::Refused("550 no such user".into()));
        assert!(matches!(sent_or_refused(refused(), &mut last), Ok(Err(_))));
        assert!(matches!(sent_or_refused(Ok(()), &mut last), Ok(Ok(()))));
        assert!(matches!(sent_or_refused(refused(), &mut last), Ok(Err(_))), "a send came between");
        assert!(sent_or_refused(refused(), &mut last).is_err(), "two in a row");
    }
}
