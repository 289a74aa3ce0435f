use desk::ops::merge_tickets;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Merge a duplicate ticket into another
///
/// The duplicate's conversation is copied into the other ticket (marked as merged), its
/// requester and CCs become CCs there, and the duplicate is closed with a `duplicates` link.
/// One commit; both files stay valid.
#[derive(clap::Args, Debug)]
pub struct MergeArgs {
    /// The duplicate (closed by the merge)
    duplicate: String,
    /// The ticket that continues
    into: String,
}

pub fn cmd_merge(cx: &Context, args: &MergeArgs) -> CommandResult {
    let (desk, actor, dup) = cx.ticket(&args.duplicate)?;
    let into = desk.resolve(&args.into)?;
    let outcome = merge_tickets::merge(&desk, &actor, &dup, &into)?;
    cx.report(&desk, &outcome)
}
