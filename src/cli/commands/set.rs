use desk::ops::change;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Set custom ticket fields (defined under `fields:` in .desk/config.yaml)
///
/// Each value is checked against its field: text, number, date (YYYY-MM-DD), one of a choice's
/// options, or a checkbox (true/false). `field=` clears a field. Custom fields are queryable:
/// `desk list 'plan:pro seats>10'`.
#[derive(clap::Args, Debug)]
pub struct SetArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// FIELD=VALUE pairs
    #[arg(required = true, value_name = "FIELD=VALUE")]
    assignments: Vec<String>,
}

pub fn cmd_set(cx: &Context, args: &SetArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let pairs: Vec<(String, String)> =
        args.assignments.iter().map(|a| crate::cli::input::assignment(a)).collect::<Result<_, _>>()?;
    let outcome = change::set_fields(&desk, &actor, &id, &pairs)?;
    cx.report(&desk, &outcome)
}
