//! Query planning: which tickets an index lookup must return for a query.
//!
//! [`plan`] turns an [`Expr`] into a [`Plan`] over the index's keyword, time and text fields.
//! The plan selects a superset of the matching tickets; every candidate is then checked with
//! [`Query::matches`](super::Query::matches) on its stored summary, so conditions the index
//! cannot answer exactly (`title:` substrings, ID prefixes, ordered custom fields, SLA) are
//! planned as "all tickets" and decided by that check. Negation needs care: `NOT x` can only
//! be planned when `x` is planned exactly, otherwise it selects everything.

use chrono::{DateTime, Utc};

use super::{Expr, Field, Op, Term};
use crate::config::{Category, Config};

/// The index value of an absent field or an empty list (`assignee:none`, `tag:none`).
pub const MISSING: &str = "\u{1}";

/// A keyword field of the index (values lowercased).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    /// Status.
    Status,
    /// Type.
    Type,
    /// Priority.
    Priority,
    /// Assignee.
    Assignee,
    /// Team.
    Team,
    /// Requester.
    Requester,
    /// The requester's domain and each of its parent domains.
    Domain,
    /// Customer CCs.
    Cc,
    /// Followers.
    Follower,
    /// Tags.
    Tag,
    /// Channel.
    Channel,
    /// The parent's full ID.
    Parent,
    /// Each link's relation and full target ID.
    Link,
    /// `name=value` of each custom field the ticket has.
    Custom,
    /// The ticket's SLA class: `none` (no targets), `met` (every target met) or `open` (some
    /// target unmet); see [`crate::index::Settings::sla_of`].
    Sla,
}

impl Keyword {
    /// Every keyword field.
    pub const ALL: [Keyword; 15] = [
        Keyword::Status,
        Keyword::Type,
        Keyword::Priority,
        Keyword::Assignee,
        Keyword::Team,
        Keyword::Requester,
        Keyword::Domain,
        Keyword::Cc,
        Keyword::Follower,
        Keyword::Tag,
        Keyword::Channel,
        Keyword::Parent,
        Keyword::Link,
        Keyword::Custom,
        Keyword::Sla,
    ];

    /// The index field's name.
    pub fn name(self) -> &'static str {
        match self {
            Keyword::Status => "status",
            Keyword::Type => "type",
            Keyword::Priority => "priority",
            Keyword::Assignee => "assignee",
            Keyword::Team => "team",
            Keyword::Requester => "requester",
            Keyword::Domain => "domain",
            Keyword::Cc => "cc",
            Keyword::Follower => "follower",
            Keyword::Tag => "tag",
            Keyword::Channel => "channel",
            Keyword::Parent => "parent",
            Keyword::Link => "link",
            Keyword::Custom => "custom",
            Keyword::Sla => "sla",
        }
    }
}

/// A time field of the index (microseconds since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Time {
    /// Creation time.
    Created,
    /// Last activity.
    Updated,
    /// The earliest due time of the ticket's unmet SLA targets.
    Due,
}

/// Which tickets to fetch from the index.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Every ticket.
    All,
    /// Tickets with any of these values in a keyword field.
    Keyword(Keyword, Vec<String>),
    /// Tickets whose time is in `[from, to)` (an absent bound is open).
    Range(Time, Option<i64>, Option<i64>),
    /// Tickets whose title, tags or conversation contain the words of this text in order.
    Text(String),
    /// All of these.
    And(Vec<Plan>),
    /// Any of these.
    Or(Vec<Plan>),
    /// Not this (only ever built from an exact plan).
    Not(Box<Plan>),
}

/// A plan, and whether it selects exactly the matching tickets (rather than a superset).
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// The plan.
    pub plan: Plan,
    /// Whether no candidate needs checking for this part.
    pub exact: bool,
}

fn exact(plan: Plan) -> Planned {
    Planned { plan, exact: true }
}

fn superset() -> Planned {
    Planned { plan: Plan::All, exact: false }
}

/// Microseconds since the epoch, the index's time unit.
pub fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// The domains a requester address is found under: `a@mail.acme.test` → `mail.acme.test`,
/// `acme.test`, `test` (so `domain:acme.test` finds subdomains, as the query language says).
pub fn domains(email: &str) -> Vec<String> {
    let Some((_, domain)) = email.rsplit_once('@') else { return Vec::new() };
    let domain = domain.to_ascii_lowercase();
    let mut out = vec![domain.clone()];
    let mut rest = domain.as_str();
    while let Some((_, parent)) = rest.split_once('.') {
        out.push(parent.to_string());
        rest = parent;
    }
    out
}

/// The tickets whose status is in a category `wanted` takes: per workflow, its types with its
/// statuses of such a category (a ticket of an unknown type or status has none).
pub fn category_plan(config: &Config, wanted: impl Fn(Category) -> bool) -> Plan {
    let mut branches = Vec::new();
    for (name, workflow) in &config.workflows {
        let types: Vec<String> =
            config.types.iter().filter(|(_, t)| t.workflow == *name).map(|(kind, _)| kind.to_lowercase()).collect();
        let statuses: Vec<String> = workflow
            .statuses
            .iter()
            .filter(|(_, def)| wanted(def.category))
            .map(|(status, _)| status.to_lowercase())
            .collect();
        if !types.is_empty() && !statuses.is_empty() {
            branches
                .push(Plan::And(vec![Plan::Keyword(Keyword::Type, types), Plan::Keyword(Keyword::Status, statuses)]));
        }
    }
    match branches.len() {
        0 => Plan::Keyword(Keyword::Status, Vec::new()),
        1 => branches.remove(0),
        _ => Plan::Or(branches),
    }
}

/// Plans `expr`; `me` is the agent `assignee:me` stands for, `now` decides `sla:breached`.
pub fn plan(expr: &Expr, config: &Config, me: Option<&str>, now: DateTime<Utc>) -> Planned {
    match expr {
        Expr::And(items) => {
            let parts: Vec<Planned> = items.iter().map(|e| plan(e, config, me, now)).collect();
            let all_exact = parts.iter().all(|p| p.exact);
            let plans: Vec<Plan> = parts.into_iter().map(|p| p.plan).filter(|p| *p != Plan::All).collect();
            let plan = match plans.len() {
                0 => Plan::All,
                1 => plans.into_iter().next().unwrap_or(Plan::All),
                _ => Plan::And(plans),
            };
            Planned { plan, exact: all_exact }
        }
        Expr::Or(items) => {
            let parts: Vec<Planned> = items.iter().map(|e| plan(e, config, me, now)).collect();
            let all_exact = parts.iter().all(|p| p.exact);
            if parts.iter().any(|p| p.plan == Plan::All) {
                return Planned { plan: Plan::All, exact: all_exact };
            }
            Planned { plan: Plan::Or(parts.into_iter().map(|p| p.plan).collect()), exact: all_exact }
        }
        Expr::Not(inner) => {
            let inner = plan(inner, config, me, now);
            if !inner.exact {
                return superset();
            }
            match inner.plan {
                Plan::All => exact(Plan::Not(Box::new(Plan::All))),
                plan => exact(Plan::Not(Box::new(plan))),
            }
        }
        Expr::Term(term) => plan_term(term, config, me, now),
    }
}

fn lower(values: &[String]) -> Vec<String> {
    values.iter().map(|v| if v == "none" { MISSING.to_string() } else { v.to_lowercase() }).collect()
}

fn plan_term(term: &Term, config: &Config, me: Option<&str>, now: DateTime<Utc>) -> Planned {
    match term {
        Term::Text(text) => exact(Plan::Text(text.clone())),
        Term::Time { field, op, at, until } => {
            let time = match field {
                Field::Created => Time::Created,
                Field::Updated => Time::Updated,
                Field::Due => Time::Due,
                _ => return superset(),
            };
            let (from, to) = match op {
                Op::Eq => (Some(*at), Some(*until)),
                Op::Lt => (None, Some(*at)),
                Op::Le => (None, Some(*until)),
                Op::Gt => (Some(*until), None),
                Op::Ge => (Some(*at), None),
            };
            exact(Plan::Range(time, from.map(micros), to.map(micros)))
        }
        // The index records the custom fields a ticket has, not the ones it lacks: `name:none`
        // is decided by the check.
        Term::Custom { name, op: Op::Eq, values } if !values.iter().any(|v| v == "none") => exact(Plan::Keyword(
            Keyword::Custom,
            values.iter().map(|v| format!("{}={v}", name.to_lowercase())).collect(),
        )),
        Term::Custom { .. } => superset(),
        Term::Field { field, op, values } => {
            let keyword = |k: Keyword| exact(Plan::Keyword(k, lower(values)));
            match (field, op) {
                (Field::Priority, op) => {
                    let wanted: Vec<String> = config
                        .priorities
                        .iter()
                        .filter(|p| {
                            let rank = config.priority_rank_any_case(p);
                            values.iter().any(|v| {
                                let target = config.priority_rank_any_case(v);
                                match (rank, target, op) {
                                    (Some(r), Some(t), Op::Eq) => r == t,
                                    (Some(r), Some(t), Op::Lt) => r < t,
                                    (Some(r), Some(t), Op::Le) => r <= t,
                                    (Some(r), Some(t), Op::Gt) => r > t,
                                    (Some(r), Some(t), Op::Ge) => r >= t,
                                    _ => false,
                                }
                            })
                        })
                        .map(|p| p.to_lowercase())
                        .collect();
                    exact(Plan::Keyword(Keyword::Priority, wanted))
                }
                (_, op) if *op != Op::Eq => superset(),
                (Field::Status, _) => keyword(Keyword::Status),
                (Field::Type, _) => keyword(Keyword::Type),
                (Field::Team, _) => keyword(Keyword::Team),
                (Field::Requester, _) => keyword(Keyword::Requester),
                (Field::Domain, _) => keyword(Keyword::Domain),
                (Field::Cc, _) => keyword(Keyword::Cc),
                (Field::Follower, _) => keyword(Keyword::Follower),
                (Field::Tag, _) => keyword(Keyword::Tag),
                (Field::Channel, _) => keyword(Keyword::Channel),
                (Field::Assignee, _) => {
                    let mut names = Vec::new();
                    for value in values {
                        match value.as_str() {
                            // Without a known agent `assignee:me` matches nothing.
                            "me" => names.extend(me.map(str::to_lowercase)),
                            _ => names.extend(lower(std::slice::from_ref(value))),
                        }
                    }
                    exact(Plan::Keyword(Keyword::Assignee, names))
                }
                (Field::Category, _) => {
                    // `unresolved` is "not solved or closed": a ticket whose status has no
                    // category (unknown type or status) is unresolved, never hidden.
                    let named: Vec<&str> = values.iter().map(String::as_str).filter(|v| *v != "unresolved").collect();
                    let mut parts = Vec::new();
                    if values.iter().any(|v| v == "unresolved") {
                        let resolved = category_plan(config, |c| !c.is_unresolved());
                        parts.push(Plan::Not(Box::new(resolved)));
                    }
                    if !named.is_empty() {
                        parts.push(category_plan(config, |c| named.contains(&c.as_str())));
                    }
                    exact(if parts.len() == 1 { parts.remove(0) } else { Plan::Or(parts) })
                }
                (Field::Parent | Field::Link, _) => {
                    let keyword = if *field == Field::Parent { Keyword::Parent } else { Keyword::Link };
                    // A full ID, `none` or a relation is exact; an ID prefix needs the check.
                    let full = values.iter().all(|v| {
                        v == "none"
                            || v.len() == crate::id::TICKET_ID_LEN
                            || (keyword == Keyword::Link && crate::ticket::RELATIONS.iter().any(|(r, _)| r == v))
                    });
                    if full { exact(Plan::Keyword(keyword, lower(values))) } else { superset() }
                }
                (Field::Sla, _) => {
                    // A target is breached from its due time on; whether an unbreached one is
                    // active or paused depends on the business hours at `now`: the check decides.
                    let open = || Plan::Keyword(Keyword::Sla, vec!["open".into()]);
                    let mut parts = Vec::new();
                    let mut all_exact = true;
                    for value in values {
                        parts.push(match value.as_str() {
                            "none" | "met" => Plan::Keyword(Keyword::Sla, vec![value.clone()]),
                            "breached" => Plan::And(vec![open(), Plan::Range(Time::Due, None, Some(micros(now) + 1))]),
                            _ => {
                                all_exact = false;
                                open()
                            }
                        });
                    }
                    let plan = if parts.len() == 1 { parts.remove(0) } else { Plan::Or(parts) };
                    Planned { plan, exact: all_exact }
                }
                (Field::Id | Field::Title | Field::Due | Field::Created | Field::Updated, _) => superset(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn config() -> Config {
        crate::template::config()
    }

    fn planned(text: &str) -> Planned {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").unwrap().with_timezone(&Utc);
        let query = parse(text, now).unwrap();
        plan(query.expr.as_ref().unwrap(), &config(), Some("alice"), now)
    }

    #[test]
    fn fields_become_keyword_lookups() {
        let p = planned("status:open assignee:me tag:camera,lens");
        assert!(p.exact);
        assert_eq!(
            p.plan,
            Plan::And(vec![
                Plan::Keyword(Keyword::Status, vec!["open".into()]),
                Plan::Keyword(Keyword::Assignee, vec!["alice".into()]),
                Plan::Keyword(Keyword::Tag, vec!["camera".into(), "lens".into()]),
            ])
        );
        assert_eq!(planned("assignee:none").plan, Plan::Keyword(Keyword::Assignee, vec![MISSING.into()]));
    }

    #[test]
    fn priorities_compare_by_rank() {
        assert_eq!(
            planned("priority>=high").plan,
            Plan::Keyword(Keyword::Priority, vec!["high".into(), "urgent".into()])
        );
    }

    #[test]
    fn what_the_index_cannot_decide_is_checked() {
        let p = planned("title:cam status:open");
        assert!(!p.exact);
        assert_eq!(p.plan, Plan::Keyword(Keyword::Status, vec!["open".into()]));
        // NOT of an inexact part selects everything rather than too little.
        let p = planned("-title:cam");
        assert_eq!((p.plan, p.exact), (Plan::All, false));
        let p = planned("-tag:spam");
        assert!(p.exact);
        assert_eq!(p.plan, Plan::Not(Box::new(Plan::Keyword(Keyword::Tag, vec!["spam".into()]))));
    }

    #[test]
    fn categories_and_dates() {
        let p = planned("category:pending created>2026-01-01");
        assert!(p.exact);
        let Plan::And(parts) = p.plan else { panic!() };
        let types = config().types.keys().cloned().collect();
        assert_eq!(
            parts[0],
            Plan::And(vec![
                Plan::Keyword(Keyword::Type, types),
                Plan::Keyword(Keyword::Status, vec!["pending".into()])
            ])
        );
        let from = micros(chrono::DateTime::parse_from_rfc3339("2026-01-02T00:00:00Z").unwrap().with_timezone(&Utc));
        assert_eq!(parts[1], Plan::Range(Time::Created, Some(from), None));
    }

    #[test]
    fn domains_include_parents() {
        assert_eq!(domains("a@Mail.Acme.test"), ["mail.acme.test", "acme.test", "test"]);
    }
}
