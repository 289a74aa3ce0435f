use desk::ops::automate;
use desk::ops::converse::{self, Speaker};

use crate::cli::error::CommandResult;
use crate::cli::{Context, input};

/// Add a public reply, or a customer's message with --from
///
/// A reply is public: the requester and CCs see it. With --from EMAIL the message is recorded
/// as written by that customer (typed in from a phone call or chat). Without -m, opens $EDITOR;
/// `-m -` reads stdin. With --macro NAME the reply is the macro's text (opened in $EDITOR first
/// when there is a terminal) and the macro's field changes apply too.
#[derive(clap::Args, Debug)]
pub struct ReplyArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// The message (`-` reads stdin)
    #[arg(short, long, value_name = "TEXT")]
    message: Option<String>,
    /// Record the message as written by this customer
    #[arg(long, value_name = "EMAIL", conflicts_with = "macro_name")]
    from: Option<String>,
    /// Reply with a macro from .desk/macros/ (`desk macro list`)
    #[arg(long = "macro", value_name = "NAME")]
    macro_name: Option<String>,
}

pub fn cmd_reply(cx: &Context, args: &ReplyArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let scratch = desk.store.git().path().join("DESK_REPLY_MSG");
    if let Some(name) = &args.macro_name {
        let text = match &args.message {
            Some(message) => input::message_arg(message)?,
            None => {
                let text = automate::macro_text(&desk, &actor, &id, name)?;
                if input::interactive() {
                    input::edit(
                        text,
                        "reply",
                        &scratch,
                        &format!("Public reply to {id} from macro {name} (Markdown)."),
                    )?
                } else {
                    text
                }
            }
        };
        let outcome = automate::apply_macro(&desk, &actor, &id, name, Some(&text))?;
        return cx.report(&desk, &outcome);
    }
    let body = input::body(args.message.as_deref(), "reply", &scratch, &format!("Public reply to {id} (Markdown)."))?;
    let speaker = match &args.from {
        Some(email) => Speaker::Customer(email.clone()),
        None => Speaker::AgentPublic,
    };
    let outcome = converse::add_entry(&desk, &actor, &id, speaker, &body, false)?;
    cx.report(&desk, &outcome)
}
