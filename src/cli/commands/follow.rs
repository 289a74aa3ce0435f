use desk::ops::change::{self, ListField};

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Follow a ticket (internal: followers are agents kept informed), or stop with --remove
#[derive(clap::Args, Debug)]
pub struct FollowArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// Agents to add or remove (default: you)
    #[arg(value_name = "AGENT")]
    agents: Vec<String>,
    /// Remove instead of add
    #[arg(long)]
    remove: bool,
}

pub fn cmd_follow(cx: &Context, args: &FollowArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let agents = if args.agents.is_empty() { vec![actor.name.clone()] } else { args.agents.clone() };
    let agents: Vec<String> = agents.into_iter().map(|a| if a == "me" { actor.name.clone() } else { a }).collect();
    let outcome = change::change_list(&desk, &actor, &id, ListField::Followers, &agents, args.remove)?;
    cx.report(&desk, &outcome)
}
