//! `desk sla`: a ticket's SLA targets and metrics, and `desk sla reset`.

use super::{Actor, Desk, Outcome};
use crate::error::Result;
use crate::id::TicketId;
use crate::sla::{self, Metric, MetricState, Report};

/// The SLA of a ticket at the desk's current time.
pub fn report(desk: &Desk, id: &TicketId) -> Result<Report> {
    let loaded = desk.load(id)?;
    Ok(sla::evaluate(loaded.file.ticket(), &desk.config, &desk.sla()?, desk.now()))
}

/// Restarts the ticket's SLA clocks now (recorded as an event, like ERPNext's "Reset Service
/// Level Agreement").
pub fn reset(desk: &Desk, actor: &Actor, id: &TicketId) -> Result<Outcome> {
    desk.update(id, actor, "sla-reset", |_, _, event| {
        event.extra.insert("sla_reset".into(), true.into());
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
