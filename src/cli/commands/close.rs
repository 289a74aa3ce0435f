use desk::ops::change;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Close a ticket (final: it cannot be reopened or answered afterwards)
#[derive(clap::Args, Debug)]
pub struct CloseArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// Even though subtasks are still open
    #[arg(long)]
    force: bool,
}

pub fn cmd_close(cx: &Context, args: &CloseArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    desk.force.set(args.force);
    let outcome = change::close(&desk, &actor, &id)?;
    cx.report(&desk, &outcome)
}
