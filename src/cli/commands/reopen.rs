use desk::ops::change;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Reopen a solved ticket
#[derive(clap::Args, Debug)]
pub struct ReopenArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
}

pub fn cmd_reopen(cx: &Context, args: &ReopenArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let outcome = change::reopen(&desk, &actor, &id)?;
    cx.report(&desk, &outcome)
}
