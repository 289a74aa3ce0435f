use comfy_table::Table;
use desk::ops::agents;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Manage the support agents in .desk/agents.yaml
#[derive(clap::Subcommand, Debug)]
pub enum AgentCommand {
    /// Add an agent (one commit to .desk/agents.yaml)
    Add(AddArgs),
    /// List the agents
    List,
}

#[derive(clap::Args, Debug)]
pub struct AddArgs {
    /// Short name used in commands and ticket files (lowercase, e.g. `alice`)
    name: String,
    /// Email address (matched against `git config user.email`)
    #[arg(long)]
    email: String,
    /// Team to join (repeatable; teams are defined in .desk/teams.yaml)
    #[arg(long = "team", value_name = "TEAM")]
    teams: Vec<String>,
    /// Full name for display
    #[arg(long = "name", value_name = "FULL NAME")]
    display: Option<String>,
}

pub fn cmd_agent(cx: &Context, command: AgentCommand) -> CommandResult {
    let desk = cx.desk()?;
    match command {
        AgentCommand::Add(args) => {
            let row = agents::add(
                &desk,
                &args.name,
                &args.email,
                &args.teams,
                args.display.as_deref(),
                cx.as_agent.as_deref(),
            )?;
            if cx.ui.json {
                return cx.ui.out_json(&row);
            }
            if row.added == Some(false) {
                return cx.ui.out(&format!("{} <{}> is already an agent (nothing changed)", row.name, row.email));
            }
            cx.ui.out(&format!("Added agent {} <{}>", row.name, row.email))
        }
        AgentCommand::List => {
            let rows = agents::list(&desk);
            if cx.ui.json {
                return cx.ui.out_json(&rows);
            }
            let mut table = Table::new();
            table.load_style(comfy_table::presets::NOTHING);
            table.set_header(["NAME", "DISPLAY NAME", "EMAIL", "TEAMS"]);
            for row in rows {
                table.add_row([row.name, row.display, row.email, row.teams.join(", ")]);
            }
            cx.ui.out(&table.to_string())
        }
    }
}
