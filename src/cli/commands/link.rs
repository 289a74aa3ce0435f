use desk::ops::change;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Link two tickets (blocks, relates, duplicates), or remove a link with --remove
///
/// The link is recorded on both tickets (`links: [blocks K7Q3…]` on one, `blocked-by …` on the
/// other) in one commit, shown by `desk show` and queryable with `link:ID` or `link:blocks`.
#[derive(clap::Args, Debug)]
pub struct LinkArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// The other ticket
    other: String,
    /// How the first ticket relates to the other [default: relates]
    #[arg(long, short, value_parser = clap::builder::PossibleValuesParser::new(desk::ticket::RELATIONS.iter().map(|(r, _)| *r)))]
    relation: Option<String>,
    /// Remove the link instead (without --relation: every link between the two)
    #[arg(long)]
    remove: bool,
}

pub fn cmd_link(cx: &Context, args: &LinkArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let other = desk.resolve(&args.other)?;
    let outcome = change::link(&desk, &actor, &id, &other, args.relation.as_deref(), args.remove)?;
    cx.report(&desk, &outcome)
}
