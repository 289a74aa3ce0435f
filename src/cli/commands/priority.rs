use desk::ops::change;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Set a ticket's priority
#[derive(clap::Args, Debug)]
pub struct PriorityArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// New priority, e.g. low, normal, high, urgent
    priority: String,
}

pub fn cmd_priority(cx: &Context, args: &PriorityArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let outcome = change::set_priority(&desk, &actor, &id, &args.priority)?;
    cx.report(&desk, &outcome)
}
