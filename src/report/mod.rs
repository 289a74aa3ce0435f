//! `desk report`: volume, backlog, response and resolution times, SLA compliance and workload,
//! as figures (JSON) and as a static site of SVG charts ([`html`]).
//!
//! Pure: the caller gives each ticket with its SLA evaluation; [`facts`] keeps what the report
//! needs of one ticket and [`build`] aggregates them.

pub mod html;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::config::Config;
use crate::sla::{MetricState, Report as SlaReport};
use crate::ticket::Ticket;

/// What the report needs of one ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Creation time.
    pub created: DateTime<Utc>,
    /// When it was last solved or closed, if it is now.
    pub resolved: Option<DateTime<Utc>>,
    /// The assignee.
    pub assignee: Option<String>,
    /// First response, in calendar minutes.
    pub first_response: Option<i64>,
    /// Resolution, in calendar minutes.
    pub resolution: Option<i64>,
    /// SLA targets met and missed.
    pub sla_met: usize,
    /// SLA targets missed.
    pub sla_breached: usize,
    /// Minutes logged per agent.
    pub logged: Vec<(String, i64)>,
}

/// The facts of one ticket (`sla`: its SLA evaluation, when a policy applies).
pub fn facts(ticket: &Ticket, config: &Config, sla: Option<&SlaReport>) -> Facts {
    let resolved = config.resolved_at(ticket);
    let (mut met, mut breached) = (0, 0);
    if let Some(report) = sla {
        for target in &report.targets {
            match target.state {
                MetricState::Met => met += 1,
                MetricState::Breached => breached += 1,
                _ => {}
            }
        }
        breached += report.next_response_breaches;
    }
    let mut logged: BTreeMap<String, i64> = BTreeMap::new();
    for entry in crate::worklog::entries(ticket) {
        *logged.entry(entry.agent).or_default() += entry.minutes;
    }
    Facts {
        created: ticket.created,
        resolved,
        assignee: ticket.assignee.clone(),
        first_response: sla.and_then(|r| r.metrics.first_response_minutes),
        resolution: sla.and_then(|r| r.metrics.resolution_minutes),
        sla_met: met,
        sla_breached: breached,
        logged: logged.into_iter().collect(),
    }
}

/// Tickets created and solved on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    /// The day (UTC).
    pub day: NaiveDate,
    /// Tickets created that day.
    pub created: usize,
    /// Tickets solved or closed that day (still resolved now).
    pub solved: usize,
    /// Unresolved tickets at the end of the day.
    pub backlog: usize,
}

/// A histogram bucket of durations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// `< 1h`, `1–4h`, …
    pub label: &'static str,
    /// Tickets in it.
    pub tickets: usize,
}

/// A distribution of durations (calendar minutes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Distribution {
    /// Tickets measured.
    pub tickets: usize,
    /// Median in minutes.
    pub median_minutes: Option<i64>,
    /// 90th percentile in minutes.
    pub p90_minutes: Option<i64>,
    /// Buckets.
    pub buckets: Vec<Bucket>,
}

/// SLA results of the tickets created in one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// Monday of the week.
    pub week: NaiveDate,
    /// Targets met.
    pub met: usize,
    /// Targets missed.
    pub breached: usize,
    /// `met / (met + breached)` in percent.
    pub compliance_percent: Option<f64>,
}

/// One agent's load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgentLoad {
    /// Agent name (`(none)` for unassigned).
    pub agent: String,
    /// Unresolved tickets assigned now.
    pub open: usize,
    /// Tickets assigned and resolved in the period.
    pub solved: usize,
    /// Minutes logged on tickets created in the period.
    pub minutes_logged: i64,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// First day covered.
    pub since: NaiveDate,
    /// Last day covered.
    pub until: NaiveDate,
    /// Tickets created in the period.
    pub created: usize,
    /// Tickets resolved in the period.
    pub solved: usize,
    /// Unresolved tickets now (all, whenever created).
    pub backlog: usize,
    /// Per day.
    pub days: Vec<Day>,
    /// First response times of tickets created in the period.
    pub first_response: Distribution,
    /// Resolution times of tickets created in the period.
    pub resolution: Distribution,
    /// SLA compliance by week of creation.
    pub sla_weeks: Vec<Week>,
    /// Workload per agent.
    pub agents: Vec<AgentLoad>,
}

const BUCKETS: &[(&str, i64)] =
    &[("< 1h", 60), ("1–4h", 240), ("4–8h", 480), ("8–24h", 1440), ("1–3d", 4320), ("3–7d", 10080), ("> 7d", i64::MAX)];

fn distribution(mut values: Vec<i64>) -> Distribution {
    let buckets = BUCKETS
        .iter()
        .enumerate()
        .map(|(i, (label, upper))| {
            let lower = if i == 0 { i64::MIN } else { BUCKETS[i - 1].1 };
            Bucket { label, tickets: values.iter().filter(|v| **v >= lower && **v < *upper).count() }
        })
        .collect();
    Distribution {
        tickets: values.len(),
        median_minutes: crate::ops::sla::percentile(&mut values, 50),
        p90_minutes: crate::ops::sla::percentile(&mut values, 90),
        buckets,
    }
}

/// Aggregates `facts` over the days `since..=now`.
pub fn build(facts: &[Facts], since: DateTime<Utc>, now: DateTime<Utc>) -> Report {
    let (first_day, last_day) = (since.date_naive(), now.date_naive());
    let in_period = |at: DateTime<Utc>| at >= since && at <= now;
    let mut days: Vec<Day> = Vec::new();
    let mut day = first_day;
    while day <= last_day {
        days.push(Day { day, created: 0, solved: 0, backlog: 0 });
        day += Duration::days(1);
    }
    let index = |at: DateTime<Utc>| (at.date_naive() - first_day).num_days() as usize;
    for f in facts {
        if in_period(f.created) {
            days[index(f.created)].created += 1;
        }
        if let Some(resolved) = f.resolved.filter(|r| in_period(*r)) {
            days[index(resolved)].solved += 1;
        }
    }
    for d in &mut days {
        let end = crate::worklog::day_start(d.day) + Duration::days(1);
        d.backlog = facts.iter().filter(|f| f.created < end && f.resolved.is_none_or(|r| r >= end)).count();
    }
    let created: Vec<&Facts> = facts.iter().filter(|f| in_period(f.created)).collect();
    let mut weeks: BTreeMap<NaiveDate, (usize, usize)> = BTreeMap::new();
    for f in &created {
        let date = f.created.date_naive();
        let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
        let week = weeks.entry(monday).or_default();
        week.0 += f.sla_met;
        week.1 += f.sla_breached;
    }
    let mut agents: BTreeMap<String, AgentLoad> = BTreeMap::new();
    fn load<'a>(agents: &'a mut BTreeMap<String, AgentLoad>, name: &str) -> &'a mut AgentLoad {
        agents.entry(name.to_string()).or_insert_with(|| AgentLoad {
            agent: name.to_string(),
            open: 0,
            solved: 0,
            minutes_logged: 0,
        })
    }
    for f in facts {
        let name = f.assignee.as_deref().unwrap_or("(none)");
        match f.resolved {
            None => load(&mut agents, name).open += 1,
            Some(r) if in_period(r) => load(&mut agents, name).solved += 1,
            Some(_) => {}
        }
        if in_period(f.created) {
            for (agent, minutes) in &f.logged {
                load(&mut agents, agent).minutes_logged += minutes;
            }
        }
    }
    Report {
        since: first_day,
        until: last_day,
        created: created.len(),
        solved: days.iter().map(|d| d.solved).sum(),
        backlog: facts.iter().filter(|f| f.resolved.is_none()).count(),
        days,
        first_response: distribution(created.iter().filter_map(|f| f.first_response).collect()),
        resolution: distribution(created.iter().filter_map(|f| f.resolution).collect()),
        sla_weeks: weeks
            .into_iter()
            .map(|(week, (met, breached))| Week {
                week,
                met,
                breached,
                compliance_percent: (met + breached > 0)
                    .then(|| (met as f64 * 1000.0 / (met + breached) as f64).round() / 10.0),
            })
            .collect(),
        agents: agents.into_values().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        crate::clock::parse_time(text).unwrap_or_default()
    }

    fn fact(created: &str, resolved: Option<&str>, first: Option<i64>, met: usize, breached: usize) -> Facts {
        Facts {
            created: at(created),
            resolved: resolved.map(at),
            assignee: Some("alice".into()),
            first_response: first,
            resolution: None,
            sla_met: met,
            sla_breached: breached,
            logged: vec![("alice".into(), 30)],
        }
    }

    #[test]
    fn days_backlog_weeks_and_buckets_add_up() {
        let facts = [
            fact("2026-11-02T09:00:00Z", Some("2026-11-03T09:00:00Z"), Some(30), 2, 0),
            fact("2026-11-03T09:00:00Z", None, Some(300), 1, 1),
            fact("2026-11-10T09:00:00Z", None, None, 0, 1),
            fact("2026-10-01T09:00:00Z", None, None, 0, 0),
        ];
        let report = build(&facts, at("2026-11-02T00:00:00Z"), at("2026-11-10T12:00:00Z"));
        assert_eq!(report.days.len(), 9);
        assert_eq!((report.created, report.solved, report.backlog), (3, 1, 3));
        assert_eq!(
            report.days.iter().map(|d| (d.created, d.solved, d.backlog)).take(3).collect::<Vec<_>>(),
            [(1, 0, 2), (1, 1, 2), (0, 0, 2)]
        );
        assert_eq!(report.first_response.buckets[0].tickets, 1);
        assert_eq!(report.first_response.buckets[2].tickets, 1);
        assert_eq!(report.first_response.median_minutes, Some(30));
        assert_eq!(report.sla_weeks.len(), 2);
        assert_eq!(report.sla_weeks[0].compliance_percent, Some(75.0));
        assert_eq!(report.agents[0].agent, "alice");
        assert_eq!((report.agents[0].open, report.agents[0].solved, report.agents[0].minutes_logged), (3, 1, 90));
    }
}
