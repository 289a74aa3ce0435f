//! Outgoing mail: a reply or notification rendered as an RFC 5322 message.
//!
//! The Markdown becomes text/plain (as written) and text/html (pulldown-cmark), base64-encoded
//! so no line is too long; the subject carries the ticket's tag; the Message-ID names the
//! ticket and entry (`desk.<ID>.<entry>@<domain>`), so a reply finds its ticket and a message
//! sent twice after a crash has the same id; `X-Desk-Loop` marks desk's own mail.

use base64::Engine;
use chrono::{DateTime, Utc};

use super::LOOP_HEADER;

/// What to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The sender (the support address).
    pub from: String,
    /// The sender's display name.
    pub from_name: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Copies.
    pub cc: Vec<String>,
    /// Subject (tag included).
    pub subject: String,
    /// Message-ID without brackets.
    pub message_id: String,
    /// The message this answers, and the thread's ids.
    pub in_reply_to: Option<String>,
    /// All ids of the thread, oldest first.
    pub references: Vec<String>,
    /// When.
    pub date: DateTime<Utc>,
    /// Markdown text.
    pub body: String,
    /// `Auto-Submitted: auto-replied` (rule replies) or `auto-generated` (notifications).
    pub auto_submitted: Option<&'static str>,
}

/// The ticket's subject: `Re: [#ID] title` (or `[Prefix #ID]`).
pub fn subject(prefix: &str, id: &str, title: &str) -> String {
    let tag = if prefix.is_empty() { format!("[#{id}]") } else { format!("[{prefix} #{id}]") };
    format!("Re: {tag} {title}")
}

/// The Message-ID desk gives an entry.
pub fn message_id(ticket: &str, entry: &str, domain: &str) -> String {
    format!("desk.{ticket}.{entry}@{domain}")
}

/// An RFC 2047 encoded word when the text is not plain ASCII.
/// A header value as it may go on the wire: ASCII as it is, folded at spaces when long; other
/// text, or a word too long to fold, as RFC 2047 encoded-words of at most 75 characters, one
/// per folded line (readers join them without spaces).
fn header_text(text: &str) -> String {
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if text.is_ascii() && text.split(' ').all(|word| word.len() <= FOLD_AT) {
        return fold(&text);
    }
    let encode = |chunk: &str| format!("=?utf-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(chunk));
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        // 39 bytes are 52 base64 characters: 64 with the markers, 73 after `Subject: `.
        if chunk.len() + c.len_utf8() > 39 {
            words.push(encode(&chunk));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(encode(&chunk));
    }
    words.join("\r\n ")
}

/// Where header values are folded: with a header's name, lines stay within the 78 characters
/// RFC 5322 recommends.
const FOLD_AT: usize = 64;

/// `text` with a line break before each word that would take its line past [`FOLD_AT`].
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line = 0;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            if line + 1 + word.len() > FOLD_AT {
                out.push_str("\r\n ");
                line = 1;
            } else {
                out.push(' ');
                line += 1;
            }
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

fn base64_lines(bytes: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    encoded.as_bytes().chunks(76).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("\r\n")
}

/// The message's bytes (CRLF line endings).
pub fn render(mail: &Outgoing) -> Vec<u8> {
    let domain = mail.from.rsplit('@').next().unwrap_or("desk.invalid");
    let boundary = format!("desk-{}", mail.message_id.split('@').next().unwrap_or("part").replace('.', "-"));
    let mut headers =
        vec![format!("From: {} <{}>", header_text(&mail.from_name), mail.from), format!("To: {}", mail.to.join(", "))];
    if !mail.cc.is_empty() {
        headers.push(format!("Cc: {}", mail.cc.join(", ")));
    }
    headers.push(format!("Subject: {}", header_text(&mail.subject)));
    headers.push(format!("Date: {}", mail.date.to_rfc2822()));
    headers.push(format!("Message-ID: <{}>", mail.message_id));
    if let Some(parent) = &mail.in_reply_to {
        headers.push(format!("In-Reply-To: <{parent}>"));
    }
    if !mail.references.is_empty() {
        headers.push(format!(
            "References: {}",
            mail.references.iter().map(|r| format!("<{r}>")).collect::<Vec<_>>().join(" ")
        ));
    }
    if let Some(kind) = mail.auto_submitted {
        headers.push(format!("Auto-Submitted: {kind}"));
    }
    headers.push(format!("{LOOP_HEADER}: {domain}"));
    headers.push("MIME-Version: 1.0".into());
    headers.push(format!("Content-Type: multipart/alternative; boundary=\"{boundary}\""));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&mail.body));
    let html = format!("<!doctype html><html><body>{html}</body></html>");
    let part = |ctype: &str, content: &str| {
        format!(
            "--{boundary}\r\nContent-Type: {ctype}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            base64_lines(content.as_bytes())
        )
    };
    let mut out = headers.join("\r\n");
    out.push_str("\r\n\r\n");
    out.push_str(&part("text/plain", &mail.body));
    out.push_str(&part("text/html", &html));
    out.push_str(&format!("--{boundary}--\r\n"));
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_reads_back_with_its_threading_and_both_bodies() {
        let mail = Outgoing {
            from: "support@acme.test".into(),
            from_name: "ACME Support".into(),
            to: vec!["jane@customer.test".into()],
            cc: vec!["boss@customer.test".into()],
            subject: subject("", "K7Q3M9XT2A", "Caméra"),
            message_id: message_id("K7Q3M9XT2A", "ab12cd34", "acme.test"),
            in_reply_to: Some("m1@customer.test".into()),
            references: vec!["m1@customer.test".into()],
            date: crate::clock::parse_time("2026-11-23T09:00:00Z").unwrap_or_default(),
            body: "Hold the **power** button.".into(),
            auto_submitted: None,
        };
        let bytes = render(&mail);
        let parsed = crate::email::parse(&bytes).unwrap();
        assert_eq!(parsed.subject, "Re: [#K7Q3M9XT2A] Caméra");
        assert_eq!(parsed.message_id, "desk.K7Q3M9XT2A.ab12cd34@acme.test");
        assert_eq!(parsed.references, ["m1@customer.test"]);
        assert_eq!(parsed.kind, crate::email::Kind::Loop, "our own mail is recognised on re-entry");
        assert_eq!(parsed.body, "Hold the **power** button.");
        let raw = String::from_utf8_lossy(&bytes);
        assert!(raw.contains("Content-Type: text/html") && raw.lines().all(|l| l.len() <= 998));
    }

    #[test]
    fn long_subjects_are_folded_and_read_back_whole() {
        let long_word = "a".repeat(1100);
        let long_words = "word ".repeat(200).trim_end().to_string();
        let accents = "ü".repeat(400);
        for title in [long_word.as_str(), long_words.as_str(), accents.as_str()] {
            let mail = Outgoing {
                from: "support@acme.test".into(),
                from_name: "ACME Support".into(),
                to: vec!["jane@customer.test".into()],
                cc: vec![],
                subject: subject("", "K7Q3M9XT2A", title),
                message_id: message_id("K7Q3M9XT2A", "ab12cd34", "acme.test"),
                in_reply_to: None,
                references: vec![],
                date: crate::clock::parse_time("2026-11-23T09:00:00Z").unwrap_or_default(),
                body: "Text.".into(),
                auto_submitted: None,
            };
            let bytes = render(&mail);
            let raw = String::from_utf8_lossy(&bytes);
            let long = raw.lines().find(|l| l.len() > 78);
            assert!(long.is_none(), "a header line is too long: {long:?}");
            assert_eq!(crate::email::parse(&bytes).unwrap().subject, format!("Re: [#K7Q3M9XT2A] {title}"));
        }
    }
}
