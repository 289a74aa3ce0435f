//! Incoming email: what desk needs of one RFC 5322 message, read with mail-parser.
//!
//! Pure: [`parse`] turns bytes into an [`Incoming`] (addresses, threading headers, the text
//! with quoted history trimmed, attachments) and classifies it: whether it may be answered
//! automatically ([`Incoming::auto_reply_allowed`]) and whether it may become a ticket at all
//! ([`Incoming::kind`]: bounces and desk's own mail may not). `ops::ingest` does the rest.

use chrono::{DateTime, Utc};
use mail_parser::{MessageParser, MimeHeaders};

use crate::id::TicketId;

pub mod outgoing;

/// The header desk puts on the mail it sends; mail carrying it coming back is a loop.
pub const LOOP_HEADER: &str = "X-Desk-Loop";

/// What kind of mail it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A person wrote it.
    Message,
    /// A delivery status notification (bounce): never a ticket, never an answer.
    Bounce,
    /// desk's own mail, come back: dropped.
    Loop,
}

/// An attached file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    /// The file name given in the mail (unsafe: the caller makes it safe).
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// One incoming message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// `Message-ID` without angle brackets (one is made up from the contents if missing).
    pub message_id: String,
    /// `In-Reply-To` and `References` ids, most recent first.
    pub references: Vec<String>,
    /// Sender address (lowercase).
    pub from: Option<String>,
    /// Sender display name.
    pub from_name: Option<String>,
    /// `To` addresses (lowercase).
    pub to: Vec<String>,
    /// `Cc` addresses (lowercase).
    pub cc: Vec<String>,
    /// Subject (decoded).
    pub subject: String,
    /// `Date`, if readable.
    pub date: Option<DateTime<Utc>>,
    /// The text, quoted history trimmed.
    pub body: String,
    /// Attachments.
    pub attachments: Vec<Attached>,
    /// Bounce, loop or message.
    pub kind: Kind,
    /// Why automatic replies must not answer it (`Auto-Submitted`, `Precedence`, `List-Id`, …).
    pub no_auto_reply: Option<String>,
}

impl Incoming {
    /// Whether rules may send an automatic reply to it.
    pub fn auto_reply_allowed(&self) -> bool {
        self.no_auto_reply.is_none()
    }
}

fn clean_id(id: &str) -> String {
    id.trim().trim_start_matches('<').trim_end_matches('>').trim().to_string()
}

/// Parses a message. `None` when nothing of it can be read as mail.
pub fn parse(raw: &[u8]) -> Option<Incoming> {
    // Some exporters put a byte-order mark or blank lines before the headers.
    let mut raw = raw.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(raw);
    while let Some(rest) = raw.strip_prefix(b"\r\n".as_slice()).or_else(|| raw.strip_prefix(b"\n".as_slice())) {
        raw = rest;
    }
    let message = MessageParser::default().parse(raw)?;
    if message.headers().is_empty() {
        return None;
    }
    let addresses = |address: Option<&mail_parser::Address>| -> Vec<String> {
        address
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.address())
                    .map(|s| s.trim().to_ascii_lowercase())
                    .filter(|s| crate::config::is_email(s))
                    .collect()
            })
            .unwrap_or_default()
    };
    let from_addr = message.from().and_then(|a| a.first());
    let from = from_addr
        .and_then(|a| a.address())
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| crate::config::is_email(s));
    let from_name = from_addr.and_then(|a| a.name()).map(str::to_string);
    let mut references: Vec<String> = Vec::new();
    for header in [message.in_reply_to(), message.references()] {
        let ids: Vec<String> = match (header.as_text_list(), header.as_text()) {
            (Some(list), _) => list.iter().rev().map(|s| clean_id(s)).collect(),
            (None, Some(one)) => vec![clean_id(one)],
            _ => Vec::new(),
        };
        for id in ids {
            if !id.is_empty() && !references.contains(&id) {
                references.push(id);
            }
        }
    }
    let message_id = message
        .message_id()
        .map(clean_id)
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| format!("{}@desk.no-message-id", crate::id::sha1_hex(raw)));
    let subject = message.subject().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
    let date =
        message.date().and_then(|d| DateTime::parse_from_rfc3339(&d.to_rfc3339()).ok()).map(|d| d.with_timezone(&Utc));
    let header_text = |name: &str| -> Option<String> {
        message.headers().iter().find(|h| h.name().eq_ignore_ascii_case(name)).and_then(|h| {
            h.value()
                .as_text()
                .map(str::to_string)
                .or_else(|| message.header_raw(h.name()).map(|r| r.trim().to_string()))
        })
    };
    // Bounces: a delivery report, or the mail system writing.
    let report = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
            && ct.attribute("report-type").is_some_and(|r| r.eq_ignore_ascii_case("delivery-status"))
    });
    let daemon_name = |name: &str| {
        let name = name.trim().to_ascii_lowercase();
        matches!(name.as_str(), "mailer-daemon" | "postmaster")
            || name.starts_with("mail delivery")
            || name.starts_with("mail administrator")
    };
    // The mail system writes from mailer-daemon@ or postmaster@, or from the null sender
    // (`From: MAILER-DAEMON <>`, `Return-Path: <>`).
    let daemon = from.as_deref().is_some_and(|f| {
        let local = f.split('@').next().unwrap_or_default();
        matches!(local, "mailer-daemon" | "postmaster")
    }) || from.is_none()
        && (header_text("Return-Path").is_some_and(|r| r.trim() == "<>")
            || from_name.as_deref().is_some_and(daemon_name));
    let kind = if header_text(LOOP_HEADER).is_some() {
        Kind::Loop
    } else if report || daemon {
        Kind::Bounce
    } else {
        Kind::Message
    };
    let no_auto_reply =
        if let Some(value) = header_text("Auto-Submitted").filter(|v| !v.trim().eq_ignore_ascii_case("no")) {
            Some(format!("Auto-Submitted: {}", value.trim()))
        } else if let Some(value) = header_text("Precedence").filter(|v| {
            let v = v.trim().to_ascii_lowercase();
            matches!(v.as_str(), "bulk" | "list" | "junk")
        }) {
            Some(format!("Precedence: {}", value.trim()))
        } else if header_text("List-Id").is_some() || header_text("List-Unsubscribe").is_some() {
            Some("mailing list".into())
        } else if header_text("X-Auto-Response-Suppress").is_some_and(|v| v.to_ascii_lowercase().contains("all")) {
            Some("X-Auto-Response-Suppress".into())
        } else if kind != Kind::Message {
            Some("automatic mail".into())
        } else if from.as_deref().is_some_and(|f| {
            let local = f.split('@').next().unwrap_or_default();
            local.starts_with("noreply") || local.starts_with("no-reply") || local.starts_with("donotreply")
        }) {
            Some("no-reply sender".into())
        } else {
            None
        };
    let text = body_markdown(&message);
    // Forwarded messages (message/rfc822) are kept as .eml attachments, never dropped.
    let attachments = message
        .attachments()
        .map(|part| {
            let fallback = if part.is_message() { "forwarded-message.eml" } else { "attachment" };
            let bytes = match part.message() {
                Some(inner) => inner.raw_message().to_vec(),
                None => part.contents().to_vec(),
            };
            Attached { name: part.attachment_name().unwrap_or(fallback).to_string(), bytes }
        })
        .collect();
    Some(Incoming {
        message_id,
        references,
        from,
        from_name,
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        subject,
        date,
        body: trim_quoted(&text),
        attachments,
        kind,
        no_auto_reply,
    })
}

/// The message's text as Markdown: the text/plain part as it is, or an HTML-only body converted
/// (links, emphasis, lists and quotes kept) rather than flattened to plain text.
fn body_markdown(message: &mail_parser::Message) -> String {
    match message.text_part(0).map(|part| &part.body) {
        // Style sheets and scripts are not text: without skipping them their contents would
        // become the description.
        Some(mail_parser::PartType::Html(html)) => match htmd::HtmlToMarkdown::builder()
            .skip_tags(vec!["style", "script", "head", "title"])
            .build()
            .convert(html)
        {
            Ok(markdown) => markdown,
            Err(_) => message.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        },
        _ => message.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
    }
}

/// The text of a reply without the history it quotes: cut at the first attribution line
/// ("On … wrote:"), an "Original Message" separator or a "From: …" header block, and drop a
/// trailing run of `>` lines and the signature after `-- `. A message that is all quote keeps
/// its text.
pub fn trim_quoted(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    // A header line of Outlook's quoted block, also in bold (HTML-only mail made Markdown).
    let header = |line: &str, name: &str| line.trim().trim_start_matches(['*', '_']).starts_with(name);
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let next_text = lines[i + 1..].iter().find(|n| !n.trim().is_empty());
        let attribution = (t.starts_with("On ") && (t.ends_with("wrote:") || t.ends_with("wrote :")))
            || (t.starts_with("Le ") && t.ends_with("a écrit :"))
            || (t.starts_with("Am ") && t.ends_with("schrieb:"));
        let separator = t.starts_with("-----Original Message-----")
            || t.starts_with("________________________________")
            || (header(t, "From:") && next_text.is_some_and(|n| header(n, "Sent:")));
        if attribution || separator {
            end = i;
            break;
        }
        if *line == "-- " {
            end = i;
            break;
        }
    }
    while end > 0 && (lines[end - 1].trim().is_empty() || lines[end - 1].trim_start().starts_with('>')) {
        end -= 1;
    }
    let kept = lines[..end].join("\n").trim().to_string();
    if kept.is_empty() { text.trim().to_string() } else { kept }
}

/// The ticket a subject's tag names: `[#<ID>]`, or with a prefix, `[<prefix> #<ID>]`.
pub fn subject_tag(subject: &str, prefix: &str) -> Option<TicketId> {
    let opening = if prefix.is_empty() { "[#".to_string() } else { format!("[{prefix} #") };
    let mut rest = subject;
    while let Some(at) = rest.find(&opening) {
        let after = &rest[at + opening.len()..];
        if let Some(end) = after.find(']')
            && let Some(id) = TicketId::parse(&after[..end].trim().to_ascii_uppercase())
        {
            return Some(id);
        }
        rest = after;
    }
    None
}

/// The ticket a Message-ID desk generated names (`desk.<ID>.<entry>@host`).
pub fn ticket_of_our_id(message_id: &str) -> Option<TicketId> {
    let local = message_id.split('@').next()?;
    let mut parts = local.split('.');
    (parts.next()? == "desk").then_some(())?;
    TicketId::parse(parts.next()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_history_is_trimmed() {
        let text =
            "Still broken.\n\nThanks\n\nOn Mon, 23 Nov 2026 at 09:00, Support <s@x> wrote:\n> Try again.\n> Thanks";
        assert_eq!(trim_quoted(text), "Still broken.\n\nThanks");
        assert_eq!(trim_quoted("Yes.\n\n> earlier\n> text\n"), "Yes.");
        assert_eq!(trim_quoted("> only a quote"), "> only a quote");
        assert_eq!(trim_quoted("Hi\n-- \nJane Doe\nACME"), "Hi");
        assert_eq!(trim_quoted("Ok\n-----Original Message-----\nFrom: x"), "Ok");
        // Outlook's header block as HTML-only mail becomes Markdown: bold, blank lines between.
        let outlook = "Thanks, fixed.\n\n**From:** Support <support@acme.test>\n\n**Sent:** Monday\n\n**Subject:** Re: x\n\nOld text.";
        assert_eq!(trim_quoted(outlook), "Thanks, fixed.");
    }

    #[test]
    fn subject_tags_and_our_ids_name_tickets() {
        assert_eq!(subject_tag("Re: [#K7Q3M9XT2A] Camera", "").map(|i| i.to_string()), Some("K7Q3M9XT2A".into()));
        assert_eq!(
            subject_tag("Re: [Support #k7q3m9xt2a] Camera", "Support").map(|i| i.to_string()),
            Some("K7Q3M9XT2A".into())
        );
        assert_eq!(subject_tag("[#123] not ours", ""), None);
        assert_eq!(
            ticket_of_our_id("desk.K7Q3M9XT2A.ab12cd34@help.example.com").map(|i| i.to_string()),
            Some("K7Q3M9XT2A".into())
        );
        assert_eq!(ticket_of_our_id("CAF=abc@mail.gmail.com"), None);
    }

    #[test]
    fn messages_bounces_and_lists_are_told_apart() {
        let plain = b"From: Jane <Jane@Customer.test>\r\nTo: support@acme.test\r\nCc: boss@customer.test\r\nSubject: Camera\r\nMessage-ID: <abc@customer.test>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\nIt stays dark.\r\n";
        let m = parse(plain).unwrap();
        assert_eq!(
            (m.from.as_deref(), m.kind, m.auto_reply_allowed()),
            (Some("jane@customer.test"), Kind::Message, true)
        );
        assert_eq!(
            (m.message_id.as_str(), m.cc.clone()),
            ("abc@customer.test", vec!["boss@customer.test".to_string()])
        );
        assert_eq!(m.body, "It stays dark.");
        let list = b"From: news@list.test\r\nList-Id: <news.list.test>\r\nSubject: Weekly\r\n\r\nNews\r\n";
        assert_eq!(parse(list).unwrap().no_auto_reply.as_deref(), Some("mailing list"));
        let bounce = b"From: MAILER-DAEMON@mx.test\r\nSubject: Undelivered\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=x\r\n\r\n--x\r\n\r\nfailed\r\n--x--\r\n";
        assert_eq!(parse(bounce).unwrap().kind, Kind::Bounce);
        let ours = b"From: support@acme.test\r\nX-Desk-Loop: acme\r\nSubject: Re: x\r\n\r\nhi\r\n";
        assert_eq!(parse(ours).unwrap().kind, Kind::Loop);
    }
}

#[cfg(test)]
mod forwarded {
    #[test]
    fn a_forwarded_message_is_kept_as_an_attachment() {
        let raw = b"From: jane@customer.test\r\nSubject: Fwd: order\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: shop@shop.test\r\nSubject: Your order\r\n\r\nOrder 42 shipped.\r\n--b--\r\n";
        let m = super::parse(raw).unwrap();
        assert_eq!(m.body, "See below.");
        assert_eq!(m.attachments.len(), 1);
        assert!(m.attachments[0].name.ends_with(".eml"));
        assert!(String::from_utf8_lossy(&m.attachments[0].bytes).contains("Order 42 shipped."));
    }
}
