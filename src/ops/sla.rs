//! `desk sla`: a ticket's SLA targets and metrics, and `desk sla reset`.

use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde::Serialize;

use super::{Actor, Desk, Outcome};
use crate::error::Result;
use crate::id::TicketId;
use crate::sla::{self, Metric, MetricState, Report, SlaConfig};

/// The SLA of a ticket at the desk's current time.
pub fn report(desk: &Desk, id: &TicketId) -> Result<Report> {
    let loaded = desk.load(id)?;
    Ok(sla::evaluate(loaded.file.ticket(), &desk.config, &desk.sla()?, desk.now()))
}

/// Restarts the ticket's SLA clocks now (recorded as an event, like ERPNext's "Reset Service
/// Level Agreement").
pub fn reset(desk: &Desk, actor: &Actor, id: &TicketId) -> Result<Outcome> {
    desk.update(id, actor, "sla-reset", |_, _, event| {
        event.extra.insert(crate::ticket::SLA_RESET.into(), true.into());
        Ok("SLA clocks restarted".into())
    })
}

/// A short badge for a target: "first response due in 1h 20m", "resolution breached by 3h".
pub fn badge(metric: &Metric, now: chrono::DateTime<chrono::Utc>) -> String {
    let name = metric.metric.name().replace('_', " ");
    let overdue =
        |due: chrono::DateTime<chrono::Utc>, until: chrono::DateTime<chrono::Utc>| sla::format_duration(until - due);
    match (metric.state, metric.met_at, metric.due) {
        (MetricState::Met, _, _) => format!("{name} met"),
        (MetricState::Breached, Some(met), Some(due)) => format!("{name} met late by {}", overdue(due, met)),
        (MetricState::Breached, None, Some(due)) => format!("{name} breached by {}", overdue(due, now)),
        (MetricState::Breached, _, None) => format!("{name} breached"),
        (MetricState::Paused, _, _) if metric.due.is_none() => format!("{name} paused"),
        (_, _, Some(due)) => format!("{name} due in {}", sla::format_duration(due - now)),
        (_, _, None) => format!("{name} running"),
    }
}

/// Compliance and times for one group of tickets.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupStats {
    /// What the group is (`all`, a priority, an agent, a team).
    pub group: String,
    /// Tickets in the group with a policy.
    pub tickets: usize,
    /// Targets met in time.
    pub met: usize,
    /// Targets missed (met late, or past due).
    pub breached: usize,
    /// `met / (met + breached)` in percent (`None` when nothing is decided yet).
    pub compliance_percent: Option<f64>,
    /// Median first response (business minutes).
    pub first_response_median_minutes: Option<i64>,
    /// 90th percentile first response (business minutes).
    pub first_response_p90_minutes: Option<i64>,
    /// Median resolution (business minutes).
    pub resolution_median_minutes: Option<i64>,
    /// 90th percentile resolution (business minutes).
    pub resolution_p90_minutes: Option<i64>,
}

/// `desk sla report`: SLA results of the tickets created since `since`, overall and by
/// priority, agent and team.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ComplianceReport {
    /// Tickets created since this time are counted.
    pub since: Option<DateTime<Utc>>,
    /// Everything.
    pub all: GroupStats,
    /// By priority (configuration order).
    pub by_priority: Vec<GroupStats>,
    /// By assignee (`(none)` for unassigned).
    pub by_agent: Vec<GroupStats>,
    /// By team (`(none)` for no team).
    pub by_team: Vec<GroupStats>,
}

#[derive(Default)]
struct Acc {
    tickets: usize,
    met: usize,
    breached: usize,
    first: Vec<i64>,
    resolution: Vec<i64>,
}

impl Acc {
    fn add(&mut self, report: &Report) {
        self.tickets += 1;
        for target in &report.targets {
            match target.state {
                MetricState::Met => self.met += 1,
                MetricState::Breached => self.breached += 1,
                MetricState::Active | MetricState::Paused => {}
            }
        }
        self.breached += report.next_response_breaches;
        self.first.extend(report.metrics.first_response_business_minutes);
        self.resolution.extend(report.metrics.resolution_business_minutes);
    }

    fn stats(mut self, group: String) -> GroupStats {
        let decided = self.met + self.breached;
        GroupStats {
            group,
            tickets: self.tickets,
            met: self.met,
            breached: self.breached,
            compliance_percent: (decided > 0).then(|| (self.met as f64 * 1000.0 / decided as f64).round() / 10.0),
            first_response_median_minutes: percentile(&mut self.first, 50),
            first_response_p90_minutes: percentile(&mut self.first, 90),
            resolution_median_minutes: percentile(&mut self.resolution, 50),
            resolution_p90_minutes: percentile(&mut self.resolution, 90),
        }
    }
}

/// The nearest-rank percentile (`p` in 1..=100) of `values`.
pub fn percentile(values: &mut [i64], p: usize) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (p * values.len()).div_ceil(100).max(1);
    Some(values[rank - 1])
}

/// Evaluates every ticket created since `since` against `sla` and aggregates the results.
pub fn compliance(desk: &Desk, sla: &SlaConfig, since: Option<DateTime<Utc>>) -> (ComplianceReport, Vec<crate::Error>) {
    let now = desk.now();
    let mut all = Acc::default();
    let mut by_priority: IndexMap<String, Acc> =
        desk.config.priorities.iter().map(|p| (p.clone(), Acc::default())).collect();
    let mut by_agent: IndexMap<String, Acc> = IndexMap::new();
    let mut by_team: IndexMap<String, Acc> = IndexMap::new();
    let config = &desk.config;
    let (reports, _, errors) = super::listing::scan(desk, |_, _, ticket| {
        if since.is_some_and(|s| ticket.created < s) {
            return None;
        }
        let report = sla::evaluate(ticket, config, sla, now);
        report.policy.is_some().then(|| (report, ticket.priority.clone(), ticket.assignee.clone(), ticket.team.clone()))
    });
    for (report, priority, assignee, team) in reports {
        all.add(&report);
        by_priority.entry(priority).or_default().add(&report);
        let none = || "(none)".to_string();
        by_agent.entry(assignee.unwrap_or_else(none)).or_default().add(&report);
        by_team.entry(team.unwrap_or_else(none)).or_default().add(&report);
    }
    let groups = |map: IndexMap<String, Acc>| -> Vec<GroupStats> {
        let mut out: Vec<GroupStats> =
            map.into_iter().filter(|(_, acc)| acc.tickets > 0).map(|(name, acc)| acc.stats(name)).collect();
        out.sort_by(|a, b| a.group.cmp(&b.group));
        out
    };
    let by_priority =
        by_priority.into_iter().filter(|(_, acc)| acc.tickets > 0).map(|(name, acc)| acc.stats(name)).collect();
    let report = ComplianceReport {
        since,
        all: all.stats("all".into()),
        by_priority,
        by_agent: groups(by_agent),
        by_team: groups(by_team),
    };
    (report, errors)
}
