//! `desk report`: reads every ticket (with its SLA evaluation) and builds the report.

use chrono::{DateTime, Utc};

use super::Desk;
use super::listing::scan;
use crate::report::{Report, build, facts};

/// The report for tickets from `since` to now, and the errors of unreadable tickets.
pub fn report(desk: &Desk, since: DateTime<Utc>) -> (Report, Vec<crate::Error>) {
    let now = desk.now();
    let sla = desk.sla().ok();
    let config = &desk.config;
    let (all, _, errors) = scan(desk, |_, _, ticket| {
        let evaluation =
            sla.as_ref().map(|s| crate::sla::evaluate(ticket, config, s, now)).filter(|r| r.policy.is_some());
        Some(facts(ticket, config, evaluation.as_ref()))
    });
    (build(&all, since, now), errors)
}
