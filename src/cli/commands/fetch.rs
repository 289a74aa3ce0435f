use desk::ops::fetch;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Ingest the unseen mail of an IMAP mailbox
///
/// `imaps://user@host/INBOX` (TLS, port 993), `imap://user@host/INBOX` (STARTTLS, port 143) or
/// `imap+plain://user@host:port/INBOX` (unencrypted, for a server on the same machine). The
/// password comes from DESK_IMAP_PASSWORD. Each message is ingested as by `desk ingest` and
/// marked seen; schedule it (cron, systemd timer, CI).
#[derive(clap::Args, Debug)]
pub struct FetchArgs {
    /// The mailbox URL
    url: String,
    /// Say which rule placed each message
    #[arg(long)]
    explain: bool,
}

pub fn cmd_fetch(cx: &Context, args: &FetchArgs) -> CommandResult {
    let desk = cx.desk()?;
    let done = fetch::fetch(&desk, &args.url)?;
    for error in &done.errors {
        cx.ui.warn(error);
    }
    if cx.ui.json {
        cx.ui.out_json(&done)?;
    } else if done.messages.is_empty() && done.errors.is_empty() {
        cx.ui.out("No new mail.")?;
    } else {
        super::ingest::print(cx, &desk, &done.messages, args.explain)?;
    }
    if done.errors.is_empty() { Ok(()) } else { Err(CommandError::reported()) }
}
