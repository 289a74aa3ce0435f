use desk::ops::change;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Set a ticket's status (the workflow decides which moves are allowed)
#[derive(clap::Args, Debug)]
pub struct StatusArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// New status, e.g. open, pending, on-hold, solved, closed
    status: String,
    /// Even though subtasks are still open
    #[arg(long)]
    force: bool,
}

pub fn cmd_status(cx: &Context, args: &StatusArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    desk.force.set(args.force);
    let outcome = change::set_status(&desk, &actor, &id, &args.status)?;
    cx.report(&desk, &outcome)
}
