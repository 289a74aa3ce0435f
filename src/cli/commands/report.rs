use std::path::PathBuf;

use desk::ops::report;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Reports with charts: volume, backlog, response and resolution times, SLA, workload
///
/// Prints the figures (or --json), and with --html DIR writes a static site: index.html plus
/// one SVG per chart, no scripts or external assets (publish it from CI, e.g. GitHub Pages).
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Start of the period: a date, or relative like -90d
    #[arg(long, default_value = "-30d", allow_hyphen_values = true)]
    since: String,
    /// Write the site into this directory (created if needed)
    #[arg(long, value_name = "DIR")]
    html: Option<PathBuf>,
    /// The site's title
    #[arg(long, default_value = "Support report")]
    title: String,
}

pub fn cmd_report(cx: &Context, args: &ReportArgs) -> CommandResult {
    let desk = cx.desk()?;
    let since = desk::query::parse_instant(&args.since, desk.now())
        .map_err(|e| CommandError::user(e.message).hinted(e.hint.unwrap_or_default()))?;
    let (report, errors) = report::report(&desk, since);
    for error in &errors {
        cx.ui.warn(&error.to_string());
    }
    if let Some(dir) = &args.html {
        let dir = cx.dir.join(dir);
        std::fs::create_dir_all(&dir).map_err(|e| CommandError::user(format!("creating {}: {e}", dir.display())))?;
        for (name, text) in desk::report::html::site(&report, &args.title) {
            let path = dir.join(&name);
            std::fs::write(&path, text).map_err(|e| CommandError::user(format!("writing {}: {e}", path.display())))?;
        }
        cx.ui.status(&format!("Wrote {}", dir.join("index.html").display()));
    }
    if cx.ui.json {
        return cx.ui.out_json(&report);
    }
    if args.html.is_none() {
        let minutes = desk::worklog::format_optional_minutes;
        cx.ui.out(&format!(
            "{} to {}: {} created, {} solved, {} unresolved now\nfirst response median {}, p90 {}\nresolution median {}, p90 {}",
            report.since,
            report.until,
            report.created,
            report.solved,
            report.backlog,
            minutes(report.first_response.median_minutes),
            minutes(report.first_response.p90_minutes),
            minutes(report.resolution.median_minutes),
            minutes(report.resolution.p90_minutes),
        ))?;
        for week in &report.sla_weeks {
            let percent = week.compliance_percent.map_or_else(|| "—".into(), |p| format!("{p}%"));
            cx.ui.out(&format!("SLA week of {}: {percent} ({} met, {} missed)", week.week, week.met, week.breached))?;
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(CommandError::reported()) }
}
