//! Service level agreements: policies, business calendars and per-ticket metrics.
//!
//! SLA is a pure function of (the ticket file, the policy, the calendar, now). Nothing is stored
//! when a ticket changes, so editing a policy or a calendar re-targets every open ticket at once,
//! and every figure can be explained as the list of intervals that were counted, paused, or
//! outside business hours. `.desk/sla.yaml` is documented in docs/sla.md.

pub mod calendar;
mod engine;

use chrono::Duration;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

pub use calendar::Calendar;
pub use engine::{Interval, IntervalKind, Metric, MetricKind, MetricState, Metrics, Report, due_times, evaluate};

use crate::config::ConfigError;
use crate::ticket::Ticket;

/// Repository-relative path of the SLA configuration.
pub const SLA_FILE: &str = ".desk/sla.yaml";

/// Targets for one priority.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Time to the first public agent reply.
    #[serde(default)]
    pub first_response: Option<String>,
    /// Time from each customer message to the next public agent reply.
    #[serde(default)]
    pub next_response: Option<String>,
    /// Time to a solved status.
    #[serde(default)]
    pub resolution: Option<String>,
}

/// Which tickets a policy applies to; every listed key must match (lists are "any of").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Match {
    /// Ticket types.
    #[serde(default, rename = "type")]
    pub kind: Vec<String>,
    /// Priorities.
    #[serde(default)]
    pub priority: Vec<String>,
    /// Tags (any).
    #[serde(default)]
    pub tag: Vec<String>,
    /// Channels.
    #[serde(default)]
    pub channel: Vec<String>,
    /// Teams.
    #[serde(default)]
    pub team: Vec<String>,
}

/// One SLA policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Name shown in reports.
    pub name: String,
    /// Which tickets it covers (empty: all).
    #[serde(default, rename = "match")]
    pub matches: Match,
    /// Statuses or status categories that stop the resolution clock.
    #[serde(default)]
    pub pause_on: Vec<String>,
    /// Whether `pause_on` also stops the first/next response clocks (Zendesk: they do not).
    #[serde(default)]
    pub pause_responses: bool,
    /// Calendar name, or `24x7` (the default).
    #[serde(default)]
    pub calendar: Option<String>,
    /// Targets per priority.
    #[serde(default)]
    pub targets: IndexMap<String, Targets>,
}

/// A calendar as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// IANA time zone.
    pub timezone: String,
    /// Day sets (`mon-fri`) to hour ranges (`09:00-17:30`).
    #[serde(default)]
    pub hours: IndexMap<String, String>,
    /// Closed dates.
    #[serde(default)]
    pub holidays: Vec<String>,
}

/// The whole `.desk/sla.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaConfig {
    /// Calendars by name.
    #[serde(default)]
    pub calendars: IndexMap<String, CalendarConfig>,
    /// Policies; the first that matches a ticket applies.
    #[serde(default)]
    pub policies: Vec<Policy>,
    /// The calendars parsed once (by [`SlaConfig::parse`]), by name.
    #[serde(skip)]
    parsed: IndexMap<String, Calendar>,
}

impl SlaConfig {
    /// Parses an SLA file's text; errors name `path` and the line.
    pub fn parse(path: &str, text: &str) -> Result<SlaConfig, ConfigError> {
        let mut config: SlaConfig = crate::config::parse_file(path, Some(text))?;
        if let Some(problem) = config.problems_at_lines(path, text).into_iter().next() {
            return Err(problem);
        }
        config.parsed = config
            .calendars
            .iter()
            .filter_map(|(name, c)| config.calendar_from(c).ok().map(|cal| (name.clone(), cal)))
            .collect();
        Ok(config)
    }

    /// Every problem of an SLA file's text, in line order: what makes a policy unusable and the
    /// names `config` does not define (a file that does not read as YAML has one problem).
    pub fn all_problems(path: &str, text: &str, config: &crate::config::Config) -> Vec<ConfigError> {
        match crate::config::parse_file::<SlaConfig>(path, Some(text)) {
            Ok(sla) => {
                let mut out = sla.problems_at_lines(path, text);
                for (near, message) in sla.unknown_names(config) {
                    let line = crate::automation::rules::line_of(text, &near, 1);
                    out.push(ConfigError { path: path.into(), line, message });
                }
                out.sort_by_key(|p| p.line);
                out
            }
            Err(problem) => vec![problem],
        }
    }

    fn problems_at_lines(&self, path: &str, text: &str) -> Vec<ConfigError> {
        let line_of = crate::automation::rules::line_of;
        let mut out: Vec<ConfigError> = self
            .problems()
            .into_iter()
            .map(|(near, message)| {
                // A calendar's problem is looked for from that calendar's own line on.
                let from = message
                    .strip_prefix("calendar `")
                    .and_then(|rest| rest.split_once('`'))
                    .map_or(1, |(name, _)| line_of(text, &format!("{name}:"), 1));
                ConfigError { path: path.into(), line: line_of(text, &near, from), message }
            })
            .collect();
        out.sort_by_key(|p| p.line);
        out
    }

    /// Problems that make a policy unusable (unknown calendars, bad durations), each with a
    /// piece of the file's text that finds its line.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (name, calendar) in &self.calendars {
            let hours: Vec<(String, String)> = calendar.hours.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            for (near, err) in Calendar::problems(&calendar.timezone, &hours, &calendar.holidays) {
                out.push((near, format!("calendar `{name}`: {err}")));
            }
        }
        for policy in &self.policies {
            if let Some(name) = policy.calendar.as_deref().filter(|n| *n != "24x7")
                && !self.calendars.contains_key(name)
            {
                let message = format!("policy `{}` uses calendar `{name}`, which is not defined", policy.name);
                out.push((format!("calendar: {name}"), message));
            }
            for (priority, targets) in &policy.targets {
                for value in
                    [&targets.first_response, &targets.next_response, &targets.resolution].into_iter().flatten()
                {
                    if parse_duration(value, Duration::days(1)).is_none() {
                        out.push((
                            value.clone(),
                            format!(
                                "policy `{}`, priority {priority}: `{value}` is not a duration like 30m, 4h, 2d or 1h30m",
                                policy.name
                            ),
                        ));
                    }
                }
            }
        }
        out
    }

    /// Names the configuration does not define (priorities, types, teams, statuses): such a
    /// policy silently never applies, or never pauses. Each with a piece of text for its line.
    pub fn unknown_names(&self, config: &crate::config::Config) -> Vec<(String, String)> {
        use crate::query::Field;
        let mut out = Vec::new();
        let mut check = |field: Field, value: &str, near: String, policy: &str| {
            if let Err(err) = field.check_value(value, config) {
                out.push((near, format!("policy `{policy}`: {}", err.message)));
            } else if let Some((_, known)) = field.known_values(config)
                && !known.contains(&value)
            {
                // Policies match names exactly, unlike queries.
                let spelled = known.iter().find(|k| k.eq_ignore_ascii_case(value)).unwrap_or(&value);
                out.push((near, format!("policy `{policy}`: write `{value}` as `{spelled}`")));
            }
        };
        for policy in &self.policies {
            for priority in policy.targets.keys().chain(&policy.matches.priority) {
                check(Field::Priority, priority, priority.clone(), &policy.name);
            }
            for kind in &policy.matches.kind {
                check(Field::Type, kind, kind.clone(), &policy.name);
            }
            for team in &policy.matches.team {
                check(Field::Team, team, team.clone(), &policy.name);
            }
            for status in &policy.pause_on {
                // A status or a status category.
                if Field::Category.check_value(status, config).is_err() {
                    check(Field::Status, status, status.clone(), &policy.name);
                }
            }
        }
        out
    }

    fn calendar_from(&self, config: &CalendarConfig) -> Result<Calendar, String> {
        let hours: Vec<(String, String)> = config.hours.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        Calendar::parse(&config.timezone, &hours, &config.holidays)
    }

    /// The calendar a policy uses (`None`: always open).
    pub fn calendar(&self, policy: &Policy) -> Option<&Calendar> {
        policy.calendar.as_deref().and_then(|name| self.parsed.get(name))
    }

    /// The first policy that matches the ticket.
    pub fn policy_for(&self, ticket: &Ticket) -> Option<&Policy> {
        self.policies.iter().find(|p| p.matches.matches(ticket))
    }
}

impl Match {
    /// Whether the ticket satisfies every listed key (values in any letter case, as queries
    /// compare them).
    pub fn matches(&self, t: &Ticket) -> bool {
        let same = crate::config::eq_any_case;
        let any = |list: &[String], value: Option<&str>| {
            list.is_empty() || value.is_some_and(|v| list.iter().any(|l| same(l, v)))
        };
        any(&self.kind, Some(&t.kind))
            && any(&self.priority, Some(&t.priority))
            && any(&self.channel, t.channel.as_deref())
            && any(&self.team, t.team.as_deref())
            && (self.tag.is_empty() || t.tags.iter().any(|tag| self.tag.iter().any(|l| same(l, tag))))
    }
}

/// Parses `30m`, `4h`, `2d`, `1w`, `1h30m` (and `45s`). With a business calendar a day is one business day
/// (the calendar's average open hours per open day) and a week five of them; on `24x7` they are
/// 24 hours and 7 days.
pub fn parse_duration(text: &str, day: Duration) -> Option<Duration> {
    let week_days = if day == Duration::days(1) { 7 } else { 5 };
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut total = Duration::zero();
    let mut number = String::new();
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            number.push(ch);
            continue;
        }
        let amount: i32 = number.parse().ok()?;
        number.clear();
        total += match ch {
            's' => Duration::seconds(amount.into()),
            'm' => Duration::minutes(amount.into()),
            'h' => Duration::hours(amount.into()),
            'd' => day * amount,
            'w' => day * (amount * week_days),
            _ => return None,
        };
    }
    number.is_empty().then_some(total)
}

/// Formats a span of wall-clock time as `1h 20m`, `3d 4h`, `2d 18h 30m`, `45m` (a day is 24
/// hours; business time is shown in hours, see [`crate::worklog::format_minutes`]).
pub fn format_duration(duration: Duration) -> String {
    let minutes = duration.num_minutes().abs();
    let (days, rest) = (minutes / 1440, minutes % 1440);
    match (days, rest) {
        (0, rest) => crate::worklog::format_minutes(rest),
        (d, 0) => format!("{d}d"),
        (d, rest) => format!("{d}d {}", crate::worklog::format_minutes(rest)),
    }
}

#[cfg(test)]
mod tests;
