use desk::ops::dashboard::{self, Count};

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};
use crate::cli::ui::{Ui, styles};

/// Counts at a glance: open work, SLA, load per agent and priority, created vs solved
///
/// Unresolved means a status in the new, open or pending category; "waiting on agent" is new and
/// open, "pending customer" is pending. The last lines are one character per day.
#[derive(clap::Args, Debug)]
pub struct DashboardArgs {
    /// Days of created/solved history
    #[arg(long, default_value_t = 14, value_parser = clap::value_parser!(u16).range(1..=366))]
    days: u16,
}

const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

fn sparkline(values: &[usize]) -> String {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    values.iter().map(|v| if *v == 0 { ' ' } else { BLOCKS[(v * 7).div_ceil(max).min(7)] }).collect()
}

fn bars(ui: &Ui, counts: &[Count]) -> String {
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let width = counts.iter().map(|c| c.name.chars().count()).max().unwrap_or(0);
    counts
        .iter()
        .map(|c| {
            let bar = "█".repeat((c.count * 24).div_ceil(max));
            format!("  {:<width$}  {} {}", c.name, ui.paint(styles::HINT, bar), c.count)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn cmd_dashboard(cx: &Context, args: &DashboardArgs) -> CommandResult {
    let desk = cx.desk()?;
    let (board, errors) = dashboard::dashboard(&desk, usize::from(args.days));
    for err in &errors {
        cx.ui.warn(&format!("skipped {err}"));
    }
    if cx.ui.json {
        cx.ui.out_json(&board)?;
    } else {
        let ui = &cx.ui;
        let title = |text: &str| ui.paint(styles::TITLE, text);
        let breached = if board.sla_breached > 0 {
            ui.paint(styles::ERROR, format!("{} breached", board.sla_breached))
        } else {
            "0 breached".into()
        };
        let created: Vec<usize> = board.days.iter().map(|d| d.created).collect();
        let solved: Vec<usize> = board.days.iter().map(|d| d.solved).collect();
        let mut out = format!(
            "{}  {} unresolved · {} unassigned · {} waiting on agent · {} pending customer\n{}  {breached} · {} due within 2h\n",
            title("Open work"),
            board.unresolved,
            board.unassigned,
            board.waiting_on_agent,
            board.pending_customer,
            title("SLA      "),
            board.sla_due_soon,
        );
        if !board.by_agent.is_empty() {
            out.push_str(&format!("\n{}\n{}\n", title("Unresolved by assignee"), bars(ui, &board.by_agent)));
            out.push_str(&format!("\n{}\n{}\n", title("Unresolved by priority"), bars(ui, &board.by_priority)));
        }
        let (first, last) = (board.days.first().map(|d| d.date), board.days.last().map(|d| d.date));
        if let (Some(first), Some(last)) = (first, last) {
            out.push_str(&format!(
                "\n{} {first} … {last}\n  created  {}  {}\n  solved   {}  {}",
                title("Last days"),
                sparkline(&created),
                created.iter().sum::<usize>(),
                sparkline(&solved),
                solved.iter().sum::<usize>()
            ));
        }
        ui.out(&out)?;
    }
    if errors.is_empty() { Ok(()) } else { Err(CommandError::reported()) }
}
