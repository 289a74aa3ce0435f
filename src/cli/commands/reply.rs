use desk::ops::converse::{self, Speaker};

use crate::cli::error::CommandResult;
use crate::cli::{Context, input};

/// Add a public reply, or a customer's message with --from
///
/// A reply is public: the requester and CCs see it. With --from EMAIL the message is recorded
/// as written by that customer (typed in from a phone call or chat). Without -m, opens $EDITOR;
/// `-m -` reads stdin.
#[derive(clap::Args, Debug)]
pub struct ReplyArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// The message (`-` reads stdin)
    #[arg(short, long, value_name = "TEXT")]
    message: Option<String>,
    /// Record the message as written by this customer
    #[arg(long, value_name = "EMAIL")]
    from: Option<String>,
}

pub fn cmd_reply(cx: &Context, args: &ReplyArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let scratch = desk.store.git().path().join("DESK_REPLY_MSG");
    let body = input::body(args.message.as_deref(), "reply", &scratch, &format!("Public reply to {id} (Markdown)."))?;
    let speaker = match &args.from {
        Some(email) => Speaker::Customer(email.clone()),
        None => Speaker::AgentPublic,
    };
    let outcome = converse::add_entry(&desk, &actor, &id, speaker, &body, false)?;
    cx.report(&desk, &outcome)
}
