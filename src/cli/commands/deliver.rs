use std::path::PathBuf;

use desk::ops::deliver::{self, Transport};

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Send public replies and queued notifications by email
///
/// Sends every public reply not sent yet (never internal notes) to the requester and CCs, and
/// every notification in outbox/, then records the deliveries in one commit. Messages carry the
/// subject tag, Message-IDs that name the ticket, In-Reply-To/References and a loop header.
/// Run it in CI after replies drafted in pull requests are merged. Needs `email: { address: … }`
/// in .desk/config.yaml.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("transport").required(true).args(["spool", "sendmail", "smtp", "mark_sent", "dry_run"])))]
pub struct DeliverArgs {
    /// Write each message as <Message-ID>.eml into this directory
    #[arg(long, value_name = "DIR")]
    spool: Option<PathBuf>,
    /// Pipe each message to this sendmail-compatible program (`sendmail -t -oi`)
    #[arg(long, value_name = "PROGRAM", num_args = 0..=1, default_missing_value = "/usr/sbin/sendmail")]
    sendmail: Option<PathBuf>,
    /// Send through SMTP: smtp://host:port (plain, local relay), smtp+starttls://host:587 or
    /// smtps://host:465; credentials from DESK_SMTP_USER and DESK_SMTP_PASSWORD
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// Record everything waiting as sent without sending (for a repository that used desk before)
    #[arg(long)]
    mark_sent: bool,
    /// List what would be sent
    #[arg(long)]
    dry_run: bool,
}

pub fn cmd_deliver(cx: &Context, args: &DeliverArgs) -> CommandResult {
    let desk = cx.desk()?;
    let actor = cx.actor(&desk)?;
    let transport = match (&args.spool, &args.sendmail, &args.smtp) {
        (Some(dir), _, _) => Transport::Spool(cx.dir.join(dir)),
        (None, Some(program), _) => Transport::Sendmail(program.clone()),
        (None, None, Some(url)) => Transport::Smtp(url.clone()),
        // --mark-sent, or --dry-run (which sends nothing).
        _ => Transport::MarkSent,
    };
    let done = deliver::deliver(&desk, &actor, &transport, args.dry_run)?;
    // Refused messages are recorded and not retried; the exit status still says so.
    let result = if done.refused.is_empty() { Ok(()) } else { Err(CommandError::reported()) };
    if cx.ui.json {
        cx.ui.out_json(&done)?;
        return result;
    }
    for refused in &done.refused {
        cx.ui.warn(&format!(
            "the mail server refused {} of {} to {}: {} (recorded; it will not be retried)",
            refused.item,
            refused.ticket,
            refused.to.join(", "),
            refused.error
        ));
    }
    if done.sent.is_empty() {
        cx.ui.out(if done.refused.is_empty() { "Nothing to deliver." } else { "Nothing delivered." })?;
        return result;
    }
    for sent in &done.sent {
        cx.ui.out(&format!("{} {} → {}", sent.message_id, sent.subject, sent.to.join(", ")))?;
    }
    match (&done.commit, done.dry_run) {
        (_, true) => cx.ui.status("Dry run: nothing sent or recorded."),
        (Some(commit), _) => cx.ui.status(&format!("{} message(s); recorded in {}.", done.sent.len(), &commit[..12])),
        (None, _) => {}
    }
    result
}
