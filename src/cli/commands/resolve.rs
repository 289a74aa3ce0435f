use desk::ops::{
    change,
    converse::{self, Speaker},
};

use crate::cli::error::CommandResult;
use crate::cli::{Context, input};

/// Solve a ticket, with a public reply when -m is given
///
/// Moves the ticket to its workflow's solved status; an unassigned ticket is assigned to you.
#[derive(clap::Args, Debug)]
pub struct ResolveArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// Public reply sent with the resolution (`-` reads stdin)
    #[arg(short, long, value_name = "TEXT")]
    message: Option<String>,
    /// Even though subtasks are still open
    #[arg(long)]
    force: bool,
}

pub fn cmd_resolve(cx: &Context, args: &ResolveArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    desk.force.set(args.force);
    let outcome = match &args.message {
        Some(message) => {
            let body = input::message_arg(message)?;
            converse::add_entry(&desk, &actor, &id, Speaker::AgentPublic, &body, true)?
        }
        None => change::solve(&desk, &actor, &id)?,
    };
    cx.report(&desk, &outcome)
}
