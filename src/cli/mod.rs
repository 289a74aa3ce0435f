//! The command line: global flags, the command list, and dispatch to one module per command.

mod commands;
mod error;
mod input;
mod render;
mod ui;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser};
use desk::id::TicketId;
use desk::ops::{Actor, Desk, Outcome};

use commands::Command;
use error::{CommandResult, Kind};
use ui::{ColorWhen, Ui};

/// A helpdesk that lives in a git repository.
///
/// Tickets are Markdown files with YAML front matter under tickets/; every change is one git
/// commit. Run `desk init NAME` to start, then `desk new`, `desk list`, `desk show ID`.
#[derive(Parser, Debug)]
#[command(name = "desk", version, max_term_width = 100, propagate_version = true)]
pub struct Cli {
    /// Run as if desk was started in DIR
    #[arg(short = 'C', id = "work-dir", global = true, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Act as this agent (name or email); default: $DESK_AGENT, then `git config user.email`
    #[arg(long = "as", global = true, value_name = "AGENT")]
    as_agent: Option<String>,
    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    json: bool,
    /// When to use colours
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

/// What every command gets: the UI and the global flags.
pub struct Context {
    /// Output.
    pub ui: Ui,
    /// Working directory (`-C`).
    pub dir: PathBuf,
    /// `--as`.
    pub as_agent: Option<String>,
}

impl Context {
    /// Opens the desk repository around the working directory.
    pub fn desk(&self) -> Result<Desk, error::CommandError> {
        Ok(Desk::open(&self.dir)?)
    }

    /// The acting agent.
    pub fn actor(&self, desk: &Desk) -> Result<Actor, error::CommandError> {
        Ok(desk.actor(self.as_agent.as_deref())?)
    }

    /// Opens the repository, resolves the acting agent and the ticket ID prefix.
    pub fn ticket(&self, prefix: &str) -> Result<(Desk, Actor, TicketId), error::CommandError> {
        let desk = self.desk()?;
        let actor = self.actor(&desk)?;
        let id = desk.resolve(prefix)?;
        Ok((desk, actor, id))
    }

    /// Prints what a mutating command did.
    pub fn report(&self, desk: &Desk, outcome: &Outcome) -> CommandResult {
        let id = TicketId::parse(&outcome.id);
        let short = id.as_ref().map_or_else(|| outcome.id.clone(), |id| desk.short_id(id));
        if self.ui.json {
            let mut value = serde_json::to_value(outcome)?;
            value["short_id"] = short.into();
            return self.ui.out_json(&value);
        }
        let note = if outcome.commit.is_none() { " (nothing to commit)" } else { "" };
        self.ui.out(&format!("{} {}{note}", self.ui.paint(ui::styles::ID, &short), outcome.summary))?;
        self.report_firings(&outcome.automation)
    }

    /// Prints what automation rules did, one line per firing.
    pub fn report_firings(&self, firings: &[desk::ops::automate::TicketFiring]) -> CommandResult {
        for f in firings {
            let mut what = f.firing.did.join("; ");
            if !f.firing.skipped.is_empty() {
                what.push_str(&format!(" (skipped: {})", f.firing.skipped.join("; ")));
            }
            self.ui.out(&format!("  rule `{}`: {what}", f.firing.rule))?;
        }
        Ok(())
    }
}

/// The whole program: parse, run, report errors with hints, pick the exit code.
pub fn main() -> ExitCode {
    let matches = Cli::command().get_matches_from(input::query_negations(std::env::args_os().collect()));
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    let ui = Ui::new(cli.json, cli.color);
    let dir = match cli.dir {
        Some(dir) => dir,
        None => PathBuf::from("."),
    };
    let context = Context { ui, dir, as_agent: cli.as_agent };
    match commands::run(&context, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if err.kind == Kind::User {
                context.ui.error(&err.message, &err.hints);
            }
            err.exit_code()
        }
    }
}

/// The clap command, for completions and tests.
pub fn command() -> clap::Command {
    Cli::command()
}
