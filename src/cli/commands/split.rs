use desk::ops::split;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Move one message of a ticket to a new ticket (undo a wrong threading)
///
/// The entry leaves the ticket and starts a new one, requested by its author when a customer
/// wrote it; replies to that mail follow it to the new ticket. Entry ids are in
/// `desk show ID --json`.
#[derive(clap::Args, Debug)]
pub struct SplitArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// The entry's id (or an unambiguous prefix)
    entry: String,
}

pub fn cmd_split(cx: &Context, args: &SplitArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let outcome = split::split(&desk, &actor, &id, &args.entry)?;
    cx.report(&desk, &outcome)
}
