use desk::ops::time;
use serde_json::json;

use crate::cli::Context;
use crate::cli::error::CommandResult;
use crate::cli::ui::{styles, when};

/// A running timer per agent: start it when you begin work on a ticket, stop it to log the time
///
/// The running timer is kept outside the repository (in the git directory) until it is stopped;
/// then the time is recorded in the ticket as by `desk time log`.
#[derive(clap::Subcommand, Debug)]
pub enum TimerCommand {
    /// Start your timer on a ticket
    Start {
        /// Ticket ID or unambiguous prefix
        id: String,
        /// What you are doing (kept as the time entry's note)
        #[arg(short, long, value_name = "TEXT")]
        message: Option<String>,
    },
    /// Stop your timer and log the time on its ticket
    Stop {
        /// What was done (replaces the note given at start)
        #[arg(short, long, value_name = "TEXT")]
        message: Option<String>,
        /// Billable to the customer
        #[arg(long)]
        billable: bool,
    },
    /// Show your running timer
    Status,
    /// Drop your running timer without logging anything
    Cancel,
}

pub fn cmd_timer(cx: &Context, command: TimerCommand) -> CommandResult {
    let desk = cx.desk()?;
    let actor = cx.actor(&desk)?;
    match command {
        TimerCommand::Start { id, message } => {
            let id = desk.resolve(&id)?;
            let timer = time::start(&desk, &actor, &id, message.as_deref())?;
            if cx.ui.json {
                return cx.ui.out_json(&timer);
            }
            cx.ui.out(&format!(
                "Timer started on {} at {}.",
                cx.ui.paint(styles::ID, desk.short_id(&id)),
                when(&timer.started)
            ))
        }
        TimerCommand::Stop { message, billable } => {
            let outcome = time::stop(&desk, &actor, billable, message.as_deref())?;
            cx.report(&desk, &outcome)
        }
        TimerCommand::Status => {
            let timer = time::running(&desk, &actor)?;
            if cx.ui.json {
                let elapsed = timer.as_ref().map(|t| (desk.now() - t.started).num_minutes());
                return cx.ui.out_json(&json!({ "timer": timer, "elapsed_minutes": elapsed }));
            }
            match timer {
                None => cx.ui.out("No timer is running."),
                Some(t) => cx.ui.out(&format!(
                    "Running on {} since {} ({}){}.",
                    cx.ui.paint(styles::ID, &t.ticket),
                    when(&t.started),
                    desk::worklog::format_minutes((desk.now() - t.started).num_minutes()),
                    t.note.map(|n| format!(": {n}")).unwrap_or_default()
                )),
            }
        }
        TimerCommand::Cancel => {
            let timer = time::cancel(&desk, &actor)?;
            if cx.ui.json {
                return cx.ui.out_json(&timer);
            }
            cx.ui.out(&format!("Dropped the timer on {} (nothing logged).", timer.ticket))
        }
    }
}
