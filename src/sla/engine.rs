//! Evaluating a ticket against its policy at an instant.
//!
//! The ticket's history is replayed from the file: the status timeline from its events, the
//! conversation from its entries. Each target's clock runs through "segments" — stretches of
//! one status — and counts only the parts inside the calendar's open hours and outside the
//! paused statuses. The same segments explain every figure.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::{Calendar, Policy, SlaConfig, parse_duration};
use crate::config::{Category, Config};
use crate::ticket::{Role, Ticket, Visibility};

/// How far ahead due times are looked for (a target further away is reported without one).
const HORIZON_DAYS: i64 = 730;

/// Which target a metric measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// First public agent reply.
    FirstResponse,
    /// Next public agent reply after a customer message.
    NextResponse,
    /// Reaching a solved status.
    Resolution,
}

impl MetricKind {
    /// Name as in `.desk/sla.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            MetricKind::FirstResponse => "first_response",
            MetricKind::NextResponse => "next_response",
            MetricKind::Resolution => "resolution",
        }
    }
}

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricState {
    /// Met in time.
    Met,
    /// Met late, or due and not met.
    Breached,
    /// Running, not yet due.
    Active,
    /// Not running now (paused status or outside hours) and not yet due.
    Paused,
}

/// What a stretch of time counted as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "status")]
pub enum IntervalKind {
    /// The clock ran.
    Counted,
    /// The status stopped the clock.
    Paused(String),
    /// Outside the calendar's open hours.
    OutsideHours,
}

/// A stretch of time and how it counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interval {
    /// Start.
    pub from: DateTime<Utc>,
    /// End (exclusive).
    pub to: DateTime<Utc>,
    /// How it counted.
    #[serde(flatten)]
    pub kind: IntervalKind,
}

/// One target's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metric {
    /// The target measured.
    pub metric: MetricKind,
    /// Target length (counted time), in minutes.
    pub target_minutes: i64,
    /// When the clock started.
    pub started: DateTime<Utc>,
    /// When the target falls due, if the clock keeps running (`None` while paused or beyond the
    /// horizon).
    pub due: Option<DateTime<Utc>>,
    /// When it was met.
    pub met_at: Option<DateTime<Utc>>,
    /// Where it stands.
    pub state: MetricState,
    /// Counted time so far (until met, or until now), in minutes.
    pub elapsed_minutes: i64,
    /// The intervals from the start to when it was met (or now).
    pub intervals: Vec<Interval>,
}

/// Metrics computed from the ticket alone (durations in minutes of calendar time unless named
/// `business`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Creation to the first public agent reply.
    pub first_response_minutes: Option<i64>,
    /// The same in business time.
    pub first_response_business_minutes: Option<i64>,
    /// Mean of customer message → next public agent reply.
    pub average_response_minutes: Option<i64>,
    /// Creation to the last solve.
    pub resolution_minutes: Option<i64>,
    /// The same in business time (paused statuses excluded).
    pub resolution_business_minutes: Option<i64>,
    /// Time in new and open categories (the requester waiting on the team).
    pub requester_wait_minutes: i64,
    /// Requester wait minus statuses the policy pauses on (on-hold: waiting on a third party).
    pub agent_work_minutes: i64,
    /// Public agent replies (the description excluded).
    pub replies: usize,
    /// Times the ticket went from solved back to unresolved.
    pub reopens: usize,
}

/// The SLA of one ticket at an instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The policy that applies (`None`: no policy matches).
    pub policy: Option<String>,
    /// Calendar name (`24x7` when none).
    pub calendar: String,
    /// When the clocks started (creation, or the last `desk sla reset`).
    pub started: DateTime<Utc>,
    /// One per target the policy sets for the ticket's priority.
    pub targets: Vec<Metric>,
    /// Next response targets missed earlier (each customer message starts one).
    pub next_response_breaches: usize,
    /// Metrics.
    pub metrics: Metrics,
}

/// The status timeline and the clock rules of one evaluation.
pub(crate) struct Clock<'a> {
    calendar: &'a Calendar,
    /// `(since, status)` in time order; the last one lasts forever.
    statuses: &'a [(DateTime<Utc>, String)],
}

impl<'a> Clock<'a> {
    /// Segments of `[from, to)` with how each part counts, pausing in statuses `paused` says.
    pub fn intervals(&self, from: DateTime<Utc>, to: DateTime<Utc>, paused: &dyn Fn(&str) -> bool) -> Vec<Interval> {
        let mut out = Vec::new();
        for (index, (since, status)) in self.statuses.iter().enumerate() {
            let until = self.statuses.get(index + 1).map_or(to, |(next, _)| *next);
            let (start, end) = ((*since).max(from), until.min(to));
            if start >= end {
                continue;
            }
            if paused(status) {
                out.push(Interval { from: start, to: end, kind: IntervalKind::Paused(status.clone()) });
                continue;
            }
            let mut at = start;
            for (open, close) in self.calendar.open_spans(start, end) {
                if open > at {
                    out.push(Interval { from: at, to: open, kind: IntervalKind::OutsideHours });
                }
                out.push(Interval { from: open, to: close, kind: IntervalKind::Counted });
                at = close;
            }
            if at < end {
                out.push(Interval { from: at, to: end, kind: IntervalKind::OutsideHours });
            }
        }
        out
    }

    /// When `target` of counted time is reached from `from` (searching up to the horizon). Walks
    /// the calendar a fortnight at a time, so a near due time costs a few days of lookups.
    fn due(&self, from: DateTime<Utc>, target: Duration, paused: &dyn Fn(&str) -> bool) -> Option<DateTime<Utc>> {
        let horizon = from + Duration::days(HORIZON_DAYS);
        let mut left = target;
        for (index, (since, status)) in self.statuses.iter().enumerate() {
            let until = self.statuses.get(index + 1).map_or(horizon, |(next, _)| *next).min(horizon);
            let mut start = (*since).max(from);
            if start >= until || paused(status) {
                continue;
            }
            while start < until {
                let window = (start + Duration::days(14)).min(until);
                for (open, close) in self.calendar.open_spans(start, window) {
                    let length = close - open;
                    if length >= left {
                        return Some(open + left);
                    }
                    left -= length;
                }
                start = window;
            }
        }
        None
    }
}

fn counted(intervals: &[Interval]) -> Duration {
    intervals.iter().filter(|i| i.kind == IntervalKind::Counted).map(|i| i.to - i.from).sum()
}

/// Evaluates the ticket's SLA at `now`.
pub fn evaluate(ticket: &Ticket, config: &Config, sla: &SlaConfig, now: DateTime<Utc>) -> Report {
    evaluate_at(ticket, config, sla, Some(now))
}

/// A target's due time and when it was met.
pub type DueTime = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// What does not depend on the time of asking, for each target: when it falls due and when it
/// was met (the search index keeps these). Cheaper than [`evaluate`]: no elapsed time, states,
/// intervals or metrics.
pub fn due_times(ticket: &Ticket, config: &Config, sla: &SlaConfig) -> Vec<DueTime> {
    evaluate_at(ticket, config, sla, None).targets.iter().map(|t| (t.due, t.met_at)).collect()
}

/// [`evaluate`] at `now`; without it, only each target's due and met times are filled in.
fn evaluate_at(ticket: &Ticket, config: &Config, sla: &SlaConfig, now: Option<DateTime<Utc>>) -> Report {
    let policy = sla.policy_for(ticket);
    let always = Calendar::always_open();
    let calendar = policy.and_then(|p| sla.calendar(p)).unwrap_or(&always);
    // Statuses, types and priorities in any letter case, as queries read them.
    let category = |status: &str| config.category_for(&ticket.kind, status);
    let statuses = status_timeline(ticket);
    let clock = Clock { calendar, statuses: &statuses };
    let started = ticket
        .events
        .iter()
        .filter(|e| e.extra.get(crate::ticket::SLA_RESET).and_then(|v| v.as_bool()) == Some(true))
        .map(|e| e.at)
        .next_back()
        .unwrap_or(ticket.created);
    let in_pause_list = |status: &str| {
        policy.is_some_and(|p| {
            p.pause_on.iter().any(|entry| {
                crate::config::eq_any_case(entry, status) || category(status).is_some_and(|c| c.as_str() == entry)
            })
        })
    };
    let done = |status: &str| matches!(category(status), Some(Category::Solved | Category::Closed));
    let resolution_paused = |status: &str| in_pause_list(status) || done(status);
    let response_paused =
        |status: &str| done(status) || (policy.is_some_and(|p| p.pause_responses) && in_pause_list(status));
    let solved_at = solved_time(&statuses, &done);
    let replies = public_agent_replies(ticket, started);
    let first_reply = replies.first().copied();
    let mut targets = Vec::new();
    let mut next_response_breaches = 0;
    let day = calendar.business_day();
    let target_metric = |kind: MetricKind,
                         target: Duration,
                         from: DateTime<Utc>,
                         met_at: Option<DateTime<Utc>>,
                         paused: &dyn Fn(&str) -> bool| match now {
        Some(now) => measure(&clock, kind, target, from, met_at, now, paused),
        None => Metric {
            metric: kind,
            target_minutes: target.num_minutes(),
            started: from,
            due: clock.due(from, target, paused),
            met_at,
            state: if met_at.is_some() { MetricState::Met } else { MetricState::Active },
            elapsed_minutes: 0,
            intervals: Vec::new(),
        },
    };
    let target_of = |policy: &Policy, pick: fn(&super::Targets) -> &Option<String>| {
        let targets = policy.targets.get(&ticket.priority).or_else(|| {
            policy.targets.iter().find(|(p, _)| crate::config::eq_any_case(p, &ticket.priority)).map(|(_, t)| t)
        });
        targets.and_then(|t| pick(t).as_deref()).and_then(|text| parse_duration(text, day))
    };
    if let Some(policy) = policy {
        if let Some(target) = target_of(policy, |t| &t.first_response) {
            let met = first_reply.or(solved_at);
            targets.push(target_metric(MetricKind::FirstResponse, target, started, met, &response_paused));
        }
        if let Some(target) = target_of(policy, |t| &t.next_response) {
            let cycles = next_response_cycles(ticket, started, first_reply);
            let mut measured: Vec<Metric> = cycles
                .into_iter()
                .map(|(asked, answered)| {
                    let met = answered.or(solved_at.filter(|s| *s >= asked));
                    target_metric(MetricKind::NextResponse, target, asked, met, &response_paused)
                })
                .collect();
            // The latest cycle is the target; earlier ones only count as breaches.
            if let Some(latest) = measured.pop() {
                next_response_breaches = measured.iter().filter(|m| m.state == MetricState::Breached).count();
                targets.push(latest);
            }
        }
        if let Some(target) = target_of(policy, |t| &t.resolution) {
            targets.push(target_metric(MetricKind::Resolution, target, started, solved_at, &resolution_paused));
        }
    }
    let metrics = match now {
        Some(now) => metrics(
            ticket,
            &clock,
            &statuses,
            started,
            now,
            first_reply,
            solved_at,
            &category,
            &in_pause_list,
            &resolution_paused,
        ),
        None => Metrics::default(),
    };
    Report {
        policy: policy.map(|p| p.name.clone()),
        calendar: policy.and_then(|p| p.calendar.clone()).unwrap_or_else(|| "24x7".into()),
        started,
        targets,
        next_response_breaches,
        metrics,
    }
}

fn measure(
    clock: &Clock,
    kind: MetricKind,
    target: Duration,
    started: DateTime<Utc>,
    met_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    paused: &dyn Fn(&str) -> bool,
) -> Metric {
    let stop = met_at.map_or(now, |m| m.min(now).max(started));
    let intervals = clock.intervals(started, stop, paused);
    let elapsed = counted(&intervals);
    let due = clock.due(started, target, paused);
    let state = match (met_at, due) {
        (Some(_), _) if elapsed <= target => MetricState::Met,
        (Some(_), _) => MetricState::Breached,
        (None, _) if elapsed >= target => MetricState::Breached,
        (None, _) => {
            let running = clock.intervals(now, now + Duration::seconds(1), paused);
            if running.first().is_some_and(|i| i.kind == IntervalKind::Counted) {
                MetricState::Active
            } else {
                MetricState::Paused
            }
        }
    };
    Metric {
        metric: kind,
        target_minutes: target.num_minutes(),
        started,
        due,
        met_at,
        state,
        elapsed_minutes: elapsed.num_minutes(),
        intervals,
    }
}

/// `(since, status)` from creation: the initial status is the `from` of the first status change.
fn status_timeline(ticket: &Ticket) -> Vec<(DateTime<Utc>, String)> {
    let changes: Vec<(DateTime<Utc>, &Option<String>, &Option<String>)> =
        ticket.events.iter().filter_map(|e| e.set.get("status").map(|(from, to)| (e.at, from, to))).collect();
    let initial = changes.first().and_then(|(_, from, _)| (*from).clone()).unwrap_or_else(|| ticket.status.clone());
    let mut out = vec![(ticket.created, initial)];
    for (at, _, to) in changes {
        if let Some(to) = to {
            out.push((at.max(ticket.created), to.clone()));
        }
    }
    out
}

/// When the ticket last became solved or closed, if it still is.
fn solved_time(statuses: &[(DateTime<Utc>, String)], done: &dyn Fn(&str) -> bool) -> Option<DateTime<Utc>> {
    let (_, current) = statuses.last()?;
    if !done(current) {
        return None;
    }
    let mut at = None;
    for (since, status) in statuses.iter().rev() {
        if !done(status) {
            break;
        }
        at = Some(*since);
    }
    at
}

/// Whether an entry was copied from a merged duplicate: it belongs to the duplicate's clocks.
fn merged(entry: &crate::ticket::Entry) -> bool {
    entry.extra.contains_key(crate::ticket::MERGED_FROM)
}

/// Times of public agent replies after `since`, the description excluded.
fn public_agent_replies(ticket: &Ticket, since: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    ticket
        .entries
        .iter()
        .skip(1)
        .filter(|e| e.role == Role::Agent && e.visibility == Visibility::Public && e.at >= since && !merged(e))
        .map(|e| e.at)
        .collect()
}

/// `(customer message, next public agent reply)` for each unanswered run of customer messages
/// after the first response.
fn next_response_cycles(
    ticket: &Ticket,
    since: DateTime<Utc>,
    first_reply: Option<DateTime<Utc>>,
) -> Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    let Some(first_reply) = first_reply else { return Vec::new() };
    let mut cycles: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = Vec::new();
    for entry in
        ticket.entries.iter().skip(1).filter(|e| e.at >= since && e.visibility == Visibility::Public && !merged(e))
    {
        if entry.at < first_reply {
            continue;
        }
        match entry.role {
            Role::Customer if cycles.last().is_none_or(|(_, answered)| answered.is_some()) => {
                cycles.push((entry.at, None))
            }
            Role::Agent => {
                if let Some((_, answered @ None)) = cycles.last_mut() {
                    *answered = Some(entry.at);
                }
            }
            _ => {}
        }
    }
    cycles
}

#[allow(clippy::too_many_arguments)]
fn metrics(
    ticket: &Ticket,
    clock: &Clock,
    statuses: &[(DateTime<Utc>, String)],
    started: DateTime<Utc>,
    now: DateTime<Utc>,
    first_reply: Option<DateTime<Utc>>,
    solved_at: Option<DateTime<Utc>>,
    category: &dyn Fn(&str) -> Option<Category>,
    in_pause_list: &dyn Fn(&str) -> bool,
    resolution_paused: &dyn Fn(&str) -> bool,
) -> Metrics {
    let minutes = |d: Duration| d.num_minutes();
    let never = |_: &str| false;
    let mut metrics = Metrics {
        first_response_minutes: first_reply.map(|r| minutes(r - started)),
        first_response_business_minutes: first_reply.map(|r| minutes(counted(&clock.intervals(started, r, &never)))),
        resolution_minutes: solved_at.map(|s| minutes(s - started)),
        resolution_business_minutes: solved_at
            .map(|s| minutes(counted(&clock.intervals(started, s, resolution_paused)))),
        replies: public_agent_replies(ticket, ticket.created).len(),
        ..Metrics::default()
    };
    // Each customer message (the description aside) waits for the next public agent reply.
    let mut waits = Vec::new();
    let mut waiting_since: Option<DateTime<Utc>> = None;
    for entry in ticket.entries.iter().skip(1).filter(|e| e.visibility == Visibility::Public && !merged(e)) {
        match entry.role {
            Role::Customer if waiting_since.is_none() => waiting_since = Some(entry.at),
            Role::Agent => {
                if let Some(since) = waiting_since.take() {
                    waits.push(entry.at - since);
                }
            }
            _ => {}
        }
    }
    if !waits.is_empty() {
        metrics.average_response_minutes = Some(minutes(waits.iter().copied().sum::<Duration>() / waits.len() as i32));
    }
    for (index, (since, status)) in statuses.iter().enumerate() {
        let until = statuses.get(index + 1).map_or(now, |(next, _)| *next).min(now);
        let length = (until - *since).max(Duration::zero());
        if matches!(category(status), Some(Category::New | Category::Open)) {
            metrics.requester_wait_minutes += minutes(length);
            if !in_pause_list(status) {
                metrics.agent_work_minutes += minutes(length);
            }
        }
        let was_done = index > 0 && matches!(category(&statuses[index - 1].1), Some(Category::Solved));
        if was_done && category(status).is_some_and(Category::is_unresolved) {
            metrics.reopens += 1;
        }
    }
    metrics
}
