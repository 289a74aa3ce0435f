use desk::ops::change;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Assign a ticket to an agent, or unassign it with `none`
#[derive(clap::Args, Debug)]
pub struct AssignArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// Agent name or email, `me`, or `none`
    agent: Option<String>,
    /// Also set the ticket's team
    #[arg(long)]
    team: Option<String>,
}

pub fn cmd_assign(cx: &Context, args: &AssignArgs) -> CommandResult {
    if args.agent.is_none() && args.team.is_none() {
        return Err(CommandError::user("name an agent (or `none`), or pass --team").hinted("desk assign K7Q3 alice"));
    }
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let agent = match args.agent.as_deref() {
        Some("me") => Some(actor.name.as_str()),
        other => other,
    };
    let outcome = change::assign(&desk, &actor, &id, agent, args.team.as_deref())?;
    cx.report(&desk, &outcome)
}
