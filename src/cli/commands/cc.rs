use desk::ops::change::{self, ListField};

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Add customer CCs (they receive public replies), or remove them with --remove
#[derive(clap::Args, Debug)]
pub struct CcArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// Email addresses
    #[arg(required = true, value_name = "EMAIL")]
    values: Vec<String>,
    /// Remove instead of add
    #[arg(long)]
    remove: bool,
}

pub fn cmd_cc(cx: &Context, args: &CcArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let outcome = change::change_list(&desk, &actor, &id, ListField::Cc, &args.values, args.remove)?;
    cx.report(&desk, &outcome)
}
