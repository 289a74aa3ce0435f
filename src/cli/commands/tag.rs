use desk::ops::change::{self, ListField};

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Add tags to a ticket, or remove them with --remove
#[derive(clap::Args, Debug)]
pub struct TagArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// Tags to add or remove
    #[arg(required = true, value_name = "TAG")]
    values: Vec<String>,
    /// Remove instead of add
    #[arg(long)]
    remove: bool,
}

pub fn cmd_tag(cx: &Context, args: &TagArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let outcome = change::change_list(&desk, &actor, &id, ListField::Tags, &args.values, args.remove)?;
    cx.report(&desk, &outcome)
}
