use desk::ops::converse::{self, Speaker};

use crate::cli::error::CommandResult;
use crate::cli::{Context, input};

/// Add an internal note (agents only, never shown to customers)
#[derive(clap::Args, Debug)]
pub struct NoteArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// The note (`-` reads stdin)
    #[arg(short, long, value_name = "TEXT")]
    message: Option<String>,
}

pub fn cmd_note(cx: &Context, args: &NoteArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let scratch = desk.store.git().path().join("DESK_NOTE_MSG");
    let body = input::body(args.message.as_deref(), "note", &scratch, &format!("Internal note on {id} (Markdown)."))?;
    let outcome = converse::add_entry(&desk, &actor, &id, Speaker::AgentInternal, &body, false)?;
    cx.report(&desk, &outcome)
}
