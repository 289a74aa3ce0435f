use desk::ops::sla;
use desk::sla::{IntervalKind, Report, format_duration};

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};
use crate::cli::ui::{styles, when};

/// Show a ticket's SLA: targets, due times, met or breached, and metrics
///
/// Computed from the ticket file, the first matching policy in .desk/sla.yaml and its calendar,
/// at the current time (DESK_NOW), so a policy edit applies at once. --explain lists the
/// intervals each target counted, paused, and spent outside business hours.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SlaArgs {
    #[command(subcommand)]
    action: Option<SlaAction>,
    /// Ticket ID or unambiguous prefix
    id: Option<String>,
    /// List the intervals behind each figure
    #[arg(long)]
    explain: bool,
}

#[derive(clap::Subcommand, Debug)]
enum SlaAction {
    /// Restart a ticket's SLA clocks from now (recorded in the ticket)
    Reset {
        /// Ticket ID or unambiguous prefix
        id: String,
    },
    /// Compliance and response/resolution times, overall and by priority, agent and team
    Report {
        /// Only tickets created since (e.g. -30d, 2026-01-01)
        #[arg(long, allow_hyphen_values = true, value_name = "DATE")]
        since: Option<String>,
    },
    /// What compliance a proposed sla.yaml would have had, beside the current one
    Simulate {
        /// The proposed SLA configuration file
        file: std::path::PathBuf,
        /// Only tickets created since (e.g. -90d)
        #[arg(long, allow_hyphen_values = true, value_name = "DATE")]
        since: Option<String>,
    },
}

pub fn cmd_sla(cx: &Context, args: &SlaArgs) -> CommandResult {
    match &args.action {
        Some(SlaAction::Reset { id }) => {
            let (desk, actor, id) = cx.ticket(id)?;
            let outcome = sla::reset(&desk, &actor, &id)?;
            return cx.report(&desk, &outcome);
        }
        Some(SlaAction::Report { since }) => return report(cx, since.as_deref(), None),
        Some(SlaAction::Simulate { file, since }) => return report(cx, since.as_deref(), Some(file)),
        None => {}
    }
    let Some(prefix) = &args.id else {
        return Err(
            crate::cli::error::CommandError::user("name a ticket: desk sla ID").hinted("or `desk sla reset ID`")
        );
    };
    let desk = cx.desk()?;
    let id = desk.resolve(prefix)?;
    let report = sla::report(&desk, &id)?;
    if cx.ui.json {
        let mut value = serde_json::to_value(&report)?;
        value["id"] = id.to_string().into();
        if !args.explain {
            for target in value["targets"].as_array_mut().into_iter().flatten() {
                target.as_object_mut().map(|t| t.remove("intervals"));
            }
        }
        return cx.ui.out_json(&value);
    }
    cx.ui.out(&render(cx, &desk.short_id(&id), &report, desk.now(), args.explain))
}

/// Business minutes, in hours: a "day" of them would read as 24 hours.
fn minutes(m: i64) -> String {
    desk::worklog::format_minutes(m)
}

fn render(cx: &Context, short: &str, report: &Report, now: chrono::DateTime<chrono::Utc>, explain: bool) -> String {
    let ui = &cx.ui;
    let mut out = String::new();
    let Some(policy) = &report.policy else {
        return format!("{} no SLA policy applies (see .desk/sla.yaml)", ui.paint(styles::ID, short));
    };
    out.push_str(&format!(
        "{}  policy {policy}, calendar {}, clocks started {}\n",
        ui.paint(styles::ID, short),
        report.calendar,
        when(&report.started)
    ));
    for target in &report.targets {
        let mut line = format!("  {:<15} {}", target.metric.name(), sla::badge(target, now));
        line.push_str(&format!("  ({} of {} counted", minutes(target.elapsed_minutes), minutes(target.target_minutes)));
        if let Some(due) = &target.due {
            line.push_str(&format!(", due {}", when(due)));
        }
        line.push(')');
        out.push_str(&line);
        out.push('\n');
        if explain {
            for interval in &target.intervals {
                let what = match &interval.kind {
                    IntervalKind::Counted => "counted".to_string(),
                    IntervalKind::Paused(status) => format!("paused ({status})"),
                    IntervalKind::OutsideHours => "outside hours".to_string(),
                };
                out.push_str(&format!(
                    "      {} → {}  {:<8} {what}\n",
                    when(&interval.from),
                    when(&interval.to),
                    format_duration(interval.to - interval.from)
                ));
            }
        }
    }
    if report.next_response_breaches > 0 {
        out.push_str(&format!("  earlier next responses breached: {}\n", report.next_response_breaches));
    }
    let m = &report.metrics;
    let opt = |v: Option<i64>| v.map_or_else(|| "—".to_string(), minutes);
    out.push_str(&format!(
        "  metrics: first response {} ({} business), average response {}, resolution {} ({} business),\n           requester wait {}, agent work {}, replies {}, reopens {}",
        opt(m.first_response_minutes),
        opt(m.first_response_business_minutes),
        opt(m.average_response_minutes),
        opt(m.resolution_minutes),
        opt(m.resolution_business_minutes),
        minutes(m.requester_wait_minutes),
        minutes(m.agent_work_minutes),
        m.replies,
        m.reopens
    ));
    out
}

fn report(cx: &Context, since: Option<&str>, proposed: Option<&std::path::Path>) -> CommandResult {
    let desk = cx.desk()?;
    let since = since
        .map(|s| desk::query::parse_instant(s, desk.now()))
        .transpose()
        .map_err(|e| CommandError::user(format!("--since: {}", e.message)))?;
    let current = desk.sla()?;
    let (now_report, errors) = sla::compliance(&desk, &current, since);
    for err in &errors {
        cx.ui.warn(&format!("skipped {err}"));
    }
    // Skipped tickets were reported above; like `desk list`, they make the exit status 1.
    let skipped = if errors.is_empty() { Ok(()) } else { Err(CommandError::reported()) };
    let Some(path) = proposed else {
        if cx.ui.json {
            cx.ui.out_json(&now_report)?;
        } else {
            cx.ui.out(&compliance_tables(&now_report))?;
        }
        return skipped;
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| CommandError::user(format!("reading {}: {e}", path.display())))?;
    let proposal = desk::sla::SlaConfig::parse(&path.display().to_string(), &text).map_err(desk::Error::from)?;
    let (new_report, _) = sla::compliance(&desk, &proposal, since);
    if cx.ui.json {
        cx.ui.out_json(&serde_json::json!({ "current": now_report, "proposed": new_report }))?;
    } else {
        cx.ui.out(&format!(
            "Current policy ({}):\n{}\n\nProposed ({}):\n{}",
            desk::sla::SLA_FILE,
            compliance_tables(&now_report),
            path.display(),
            compliance_tables(&new_report)
        ))?;
    }
    skipped
}

fn compliance_tables(report: &sla::ComplianceReport) -> String {
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::NOTHING);
    table.set_header([
        "GROUP",
        "TICKETS",
        "MET",
        "BREACHED",
        "COMPLIANCE",
        "1ST RESP p50",
        "p90",
        "RESOLUTION p50",
        "p90",
    ]);
    let opt = |v: Option<i64>| v.map_or_else(|| "—".to_string(), minutes);
    let sections = [
        ("", std::slice::from_ref(&report.all)),
        ("priority ", &report.by_priority[..]),
        ("agent ", &report.by_agent[..]),
        ("team ", &report.by_team[..]),
    ];
    for (prefix, groups) in sections {
        for g in groups {
            table.add_row([
                format!("{prefix}{}", g.group),
                g.tickets.to_string(),
                g.met.to_string(),
                g.breached.to_string(),
                g.compliance_percent.map_or_else(|| "—".into(), |p| format!("{p:.1}%")),
                opt(g.first_response_median_minutes),
                opt(g.first_response_p90_minutes),
                opt(g.resolution_median_minutes),
                opt(g.resolution_p90_minutes),
            ]);
        }
    }
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    let since =
        report.since.map_or_else(|| "all tickets".to_string(), |s| format!("tickets created since {}", when(&s)));
    format!("{since}\n{}", table.lines().map(|l| l.trim_end().to_string()).collect::<Vec<_>>().join("\n"))
}
