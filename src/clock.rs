//! The one clock desk reads time from.
//!
//! Every timestamp desk writes comes from [`Clock::now`]. `DESK_NOW` (RFC 3339) freezes it, so
//! scripts and tests get reproducible files and commits.

use chrono::{DateTime, SecondsFormat, Utc};

/// Environment variable that fixes the current time (RFC 3339, e.g. `2026-11-23T10:00:00Z`).
pub const NOW_ENV: &str = "DESK_NOW";

/// Source of the current time.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock, or the time in `DESK_NOW` when it is set.
    pub fn from_env() -> Result<Self, String> {
        match std::env::var(NOW_ENV) {
            Ok(text) if !text.is_empty() => {
                let at = DateTime::parse_from_rfc3339(&text).map_err(|err| {
                    format!("{NOW_ENV}={text:?} is not an RFC 3339 time ({err}); use e.g. 2026-11-23T10:00:00Z")
                })?;
                Ok(Self::fixed(at.with_timezone(&Utc)))
            }
            _ => Ok(Self { fixed: None }),
        }
    }

    /// A clock frozen at `at`.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self { fixed: Some(at) }
    }

    /// The current time, truncated to whole seconds (what ticket files record).
    pub fn now(&self) -> DateTime<Utc> {
        let now = self.fixed.unwrap_or_else(Utc::now);
        DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
    }
}

/// Formats a time the way ticket files store it: RFC 3339, UTC, whole seconds (`2026-11-23T10:00:00Z`).
pub fn format_time(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses a stored time (any RFC 3339 offset is accepted and converted to UTC).
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim()).ok().map(|at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_truncates_to_seconds_and_formats_in_utc() {
        let at = DateTime::parse_from_rfc3339("2026-11-23T11:00:00.750+01:00").unwrap();
        let clock = Clock::fixed(at.with_timezone(&Utc));
        assert_eq!(format_time(&clock.now()), "2026-11-23T10:00:00Z");
        assert_eq!(parse_time("2026-11-23T10:00:00Z"), Some(clock.now()));
    }
}
