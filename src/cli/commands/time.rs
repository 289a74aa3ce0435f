use desk::ops::time;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Record time worked on a ticket
#[derive(clap::Subcommand, Debug)]
pub enum TimeCommand {
    /// Log time spent on a ticket (an internal time entry, by you)
    Log {
        /// Ticket ID or unambiguous prefix
        id: String,
        /// How long: 1h30m, 45m, 2h
        duration: String,
        /// What was done
        #[arg(short, long, value_name = "TEXT")]
        message: Option<String>,
        /// Billable to the customer
        #[arg(long)]
        billable: bool,
    },
}

pub fn cmd_time(cx: &Context, command: TimeCommand) -> CommandResult {
    match command {
        TimeCommand::Log { id, duration, message, billable } => {
            let (desk, actor, id) = cx.ticket(&id)?;
            let minutes = time::parse_minutes(&duration)?;
            let outcome = time::log(&desk, &actor, &id, minutes, billable, message.as_deref())?;
            cx.report(&desk, &outcome)
        }
    }
}
