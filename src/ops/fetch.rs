//! `desk fetch URL`: incoming mail from an IMAP mailbox, for teams without an MTA pipe.
//!
//! `imaps://user@host[:993]/MAILBOX` (TLS), `imap://user@host[:143]/MAILBOX` (STARTTLS), or
//! `imap+plain://user@host:port/MAILBOX` (no encryption: a server on the same machine). The
//! password comes from `DESK_IMAP_PASSWORD`, never from the repository. Unseen messages are
//! ingested one by one and marked seen once handled (ingested, or unreadable and kept in
//! `desk-failed/`); one that hits a temporary failure stays unseen for the next run.

use super::Desk;
use super::ingest::{self, Ingested};
use crate::error::{Error, Result};

/// What a fetch did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Fetched {
    /// Each message handled.
    pub messages: Vec<Ingested>,
    /// Messages that could not be ingested, with why (kept in `desk-failed/`).
    pub errors: Vec<String>,
}

struct Target {
    mode: imap::ConnectionMode,
    host: String,
    port: u16,
    user: String,
    mailbox: String,
}

fn parse_url(url: &str) -> Result<Target> {
    let bad = |why: &str| {
        Error::invalid_with(
            format!("`{url}` is not an IMAP URL ({why})"),
            "imaps://user@host/INBOX, imap://user@host/INBOX (STARTTLS) or imap+plain://user@host:port/INBOX",
        )
    };
    let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("no scheme"))?;
    let (mode, default_port) = match scheme {
        "imaps" => (imap::ConnectionMode::Tls, 993),
        "imap" => (imap::ConnectionMode::StartTls, 143),
        "imap+plain" => (imap::ConnectionMode::Plaintext, 143),
        _ => return Err(bad("the scheme is imaps, imap or imap+plain")),
    };
    let (authority, mailbox) = rest.split_once('/').unwrap_or((rest, "INBOX"));
    let (user, hostport) = authority.rsplit_once('@').ok_or_else(|| bad("no user@"))?;
    let (host, port) = match hostport.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().map_err(|_| bad("bad port"))?),
        None => (hostport, default_port),
    };
    let mailbox = if mailbox.is_empty() { "INBOX" } else { mailbox };
    Ok(Target { mode, host: host.to_string(), port, user: user.to_string(), mailbox: mailbox.to_string() })
}

/// Fetches and ingests the unseen messages of the mailbox at `url`.
pub fn fetch(desk: &Desk, url: &str) -> Result<Fetched> {
    let target = parse_url(url)?;
    let password = std::env::var("DESK_IMAP_PASSWORD").map_err(|_| {
        Error::invalid_with("no IMAP password", "set DESK_IMAP_PASSWORD (it is never read from the repository)")
    })?;
    let failed =
        |what: &str, e: imap::Error| Error::invalid(format!("IMAP {what} at {}:{}: {e}", target.host, target.port));
    let client = imap::ClientBuilder::new(target.host.as_str(), target.port)
        .mode(target.mode)
        .connect()
        .map_err(|e| failed("connection", e))?;
    let mut session = client.login(&target.user, &password).map_err(|(e, _)| failed("login", e))?;
    session.select(&target.mailbox).map_err(|e| failed("SELECT", e))?;
    let mut uids: Vec<u32> = session.uid_search("UNSEEN").map_err(|e| failed("SEARCH", e))?.into_iter().collect();
    uids.sort_unstable();
    let mut report = Fetched::default();
    for uid in uids {
        let fetches = session.uid_fetch(uid.to_string(), "BODY.PEEK[]").map_err(|e| failed("FETCH", e))?;
        let Some(raw) = fetches.iter().next().and_then(|f| f.body()).map(<[u8]>::to_vec) else { continue };
        let handled = match ingest::ingest(desk, &raw) {
            Ok(done) => {
                report.messages.push(done);
                true
            }
            Err(err) if err.to_string().contains("kept in") => {
                report.errors.push(format!("message {uid}: {err}"));
                true
            }
            Err(err) => {
                let kept = ingest::keep_failed(desk, &raw).map(|p| p.display().to_string()).unwrap_or_default();
                report.errors.push(format!("message {uid}: {err} (kept in {kept}; left unseen to retry)"));
                false
            }
        };
        if handled {
            session.uid_store(uid.to_string(), "+FLAGS (\\Seen)").map_err(|e| failed("STORE", e))?;
        }
    }
    let _ = session.logout();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::parse_url;

    #[test]
    fn urls_name_the_server_the_user_and_the_mailbox() {
        let t = parse_url("imaps://support@mail.example.com/INBOX").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.user.as_str(), t.mailbox.as_str()),
            ("mail.example.com", 993, "support", "INBOX")
        );
        let t = parse_url("imap+plain://help@desk.test@127.0.0.1:1143").unwrap();
        assert_eq!((t.user.as_str(), t.port, t.mailbox.as_str()), ("help@desk.test", 1143, "INBOX"));
        assert!(parse_url("pop3://x@y").is_err());
    }
}
