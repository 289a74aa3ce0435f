use desk::ops::automate;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Run automation rules on commits (--range, --hook) or on the clock (--tick)
///
/// Rules come from .desk/rules.yaml. For each ticket changed in the commits, the events are
/// derived by comparing it before and after; matching rules run and their changes land in one
/// follow-up commit with `Desk-Automation:` trailers. Each rule fires at most once per event,
/// wherever it runs (desk commands, the hook, CI), so running a range twice does nothing new.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("mode").required(true).args(["range", "tick", "hook"])))]
pub struct AutomateArgs {
    /// Commits to react to: `A..B` (or `B` for everything up to B), e.g. `origin/main@{1}..HEAD`
    #[arg(long, value_name = "A..B")]
    range: Option<String>,
    /// Run the time-based rules (`every:`) over every ticket; schedule it hourly
    #[arg(long)]
    tick: bool,
    /// Run for the commit git just made (what the post-commit hook calls); never fails
    #[arg(long, conflicts_with = "dry_run")]
    hook: bool,
    /// Print what would happen without committing
    #[arg(long)]
    dry_run: bool,
}

pub fn cmd_automate(cx: &Context, args: &AutomateArgs) -> CommandResult {
    let desk = cx.desk()?;
    let result = if args.hook {
        automate::hook(&desk)
    } else if args.tick {
        automate::tick(&desk, args.dry_run)
    } else {
        let range = args.range.as_deref().unwrap_or_default();
        let (from, to) = match range.split_once("..") {
            Some((a, b)) => (Some(a).filter(|a| !a.is_empty()), if b.is_empty() { "HEAD" } else { b }),
            None => (None, range),
        };
        automate::range(&desk, from, to, args.dry_run)
    };
    let report = match result {
        Ok(report) => report,
        // The hook must never make a commit look failed: report and carry on.
        Err(err) if args.hook => {
            cx.ui.warn(&format!("desk automation did not run: {err}"));
            return Ok(());
        }
        Err(err) => return Err(err.into()),
    };
    if cx.ui.json {
        return cx.ui.out_json(&report);
    }
    for error in &report.errors {
        cx.ui.warn(error);
    }
    if report.firings.is_empty() {
        if !args.hook {
            cx.ui.out(&format!("No rule fired ({} ticket(s) looked at).", report.tickets))?;
        }
    } else {
        for f in &report.firings {
            let short = desk::id::TicketId::parse(&f.ticket).map_or_else(|| f.ticket.clone(), |id| desk.short_id(&id));
            let mut what = f.firing.did.join("; ");
            if !f.firing.skipped.is_empty() {
                what.push_str(&format!(" (skipped: {})", f.firing.skipped.join("; ")));
            }
            cx.ui.out(&format!(
                "{} rule `{}`: {what}",
                cx.ui.paint(crate::cli::ui::styles::ID, &short),
                f.firing.rule
            ))?;
        }
        match (&report.commit, report.dry_run) {
            (_, true) => cx.ui.status("Dry run: nothing was committed."),
            (Some(commit), _) => cx.ui.status(&format!("Committed {}.", &commit[..12.min(commit.len())])),
            (None, _) => {}
        }
    }
    if report.errors.is_empty() || args.hook { Ok(()) } else { Err(CommandError::reported()) }
}
