//! Business calendars: when the SLA clock may run.
//!
//! A calendar is a time zone, opening hours per weekday and holidays. [`Calendar::open_spans`]
//! lists the open intervals (in UTC) between two instants, converting local wall-clock hours
//! through the time zone so that DST changes are handled by chrono-tz, not by arithmetic.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// Opening hours and holidays in a time zone (or always open for `24x7`).
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// Time zone the hours are in.
    pub timezone: Tz,
    /// For each weekday (Monday first), the open ranges as local times.
    pub hours: [Vec<(NaiveTime, NaiveTime)>; 7],
    /// Local dates that are closed all day.
    pub holidays: Vec<NaiveDate>,
    /// Always open (the `24x7` calendar).
    pub always: bool,
    /// Identifies the configuration (time zone, hours, holidays) in the per-thread day cache.
    key: u64,
}

/// Open spans of one local day, in UTC.
type Spans = Vec<(DateTime<Utc>, DateTime<Utc>)>;

thread_local! {
    /// Open spans of a calendar's local day, in UTC: converting wall-clock hours through the time
    /// zone dominates SLA evaluation, and a report over many tickets asks about the same days.
    static DAY_SPANS: std::cell::RefCell<std::collections::HashMap<(u64, NaiveDate), Spans>> =
        Default::default();
}

const DAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

fn day_index(name: &str) -> Option<usize> {
    DAYS.iter().position(|(n, _)| *n == name.trim().to_ascii_lowercase())
}

impl Calendar {
    /// The calendar that is always open.
    pub fn always_open() -> Calendar {
        Calendar { timezone: Tz::UTC, hours: Default::default(), holidays: Vec::new(), always: true, key: 0 }
    }

    /// Every problem of a calendar's configuration, each with the text it is about (to find its
    /// line): the time zone, each `days: hours` entry and each holiday are checked on their own.
    pub fn problems(timezone: &str, hours: &[(String, String)], holidays: &[String]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Err(err) = Calendar::parse(timezone, &[], &[]) {
            out.push((timezone.to_string(), err));
        }
        for entry in hours {
            if let Err(err) = Calendar::parse("UTC", std::slice::from_ref(entry), &[]) {
                out.push((entry.0.clone(), err));
            }
        }
        for holiday in holidays {
            if let Err(err) = Calendar::parse("UTC", &[], std::slice::from_ref(holiday)) {
                out.push((holiday.clone(), err));
            }
        }
        out
    }

    /// Builds a calendar from its configuration text: `days` keys such as `mon-fri`, `sat` or
    /// `mon,wed` mapping to ranges such as `09:00-12:00,13:00-17:30`.
    pub fn parse(timezone: &str, hours: &[(String, String)], holidays: &[String]) -> Result<Calendar, String> {
        let timezone: Tz = timezone
            .parse()
            .map_err(|_| format!("unknown time zone `{timezone}` (use an IANA name such as Europe/Paris)"))?;
        let mut week: [Vec<(NaiveTime, NaiveTime)>; 7] = Default::default();
        for (days, ranges) in hours {
            let mut indexes = Vec::new();
            for part in days.split(',') {
                match part.split_once('-') {
                    Some((from, to)) => {
                        let (from, to) = (day_index(from), day_index(to));
                        let (Some(from), Some(to)) = (from, to) else { return Err(bad_days(days)) };
                        let mut day = from;
                        loop {
                            indexes.push(day);
                            if day == to {
                                break;
                            }
                            day = (day + 1) % 7;
                        }
                    }
                    None => indexes.push(day_index(part).ok_or_else(|| bad_days(days))?),
                }
            }
            for range in ranges.split(',') {
                let (from, to) = range
                    .split_once('-')
                    .and_then(|(a, b)| Some((parse_time(a)?, parse_time(b)?)))
                    .filter(|(a, b)| a < b || *b == NaiveTime::MIN)
                    .ok_or_else(|| format!("`{range}` is not a range of hours like 09:00-17:30"))?;
                for day in &indexes {
                    week[*day].push((from, to));
                }
            }
        }
        for day in &mut week {
            day.sort();
        }
        let holidays: Vec<NaiveDate> = holidays
            .iter()
            .map(|h| {
                NaiveDate::parse_from_str(h.trim(), "%Y-%m-%d")
                    .map_err(|_| format!("holiday `{h}` is not a date like 2026-12-25"))
            })
            .collect::<Result<_, _>>()?;
        let key = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (timezone.name(), &week, &holidays).hash(&mut hasher);
            hasher.finish()
        };
        Ok(Calendar { timezone, hours: week, holidays, always: false, key })
    }

    /// The open intervals within `[from, to)`, in order.
    pub fn open_spans(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if from >= to {
            return Vec::new();
        }
        if self.always {
            return vec![(from, to)];
        }
        let mut out = Vec::new();
        // Start a day early: an opening range of the previous local day may reach into `from`.
        let mut date = from.with_timezone(&self.timezone).date_naive() - Duration::days(1);
        let last = to.with_timezone(&self.timezone).date_naive();
        while date <= last {
            DAY_SPANS.with(|cache| {
                let mut cache = cache.borrow_mut();
                if cache.len() > 100_000 {
                    cache.clear();
                }
                let spans = cache.entry((self.key, date)).or_insert_with(|| self.day_spans(date));
                for (start, end) in spans.iter() {
                    let (start, end) = ((*start).max(from), (*end).min(to));
                    if start < end {
                        out.push((start, end));
                    }
                }
            });
            date += Duration::days(1);
        }
        out
    }

    /// The open spans of one local day, in UTC.
    fn day_spans(&self, date: NaiveDate) -> Spans {
        if self.holidays.contains(&date) {
            return Vec::new();
        }
        self.hours[date.weekday().num_days_from_monday() as usize]
            .iter()
            .map(|(open, close)| {
                let start = self.local(date, *open);
                // A range ending at 00:00 runs to the end of the day.
                let end = if *close == NaiveTime::MIN {
                    self.local(date + Duration::days(1), NaiveTime::MIN)
                } else {
                    self.local(date, *close)
                };
                (start, end)
            })
            .collect()
    }

    /// A local wall-clock time as UTC. In a DST gap the time does not exist: the clock is taken
    /// to open when the local time next exists; in an overlap the earlier instant is used.
    fn local(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let naive = date.and_time(time);
        match self.timezone.from_local_datetime(&naive) {
            chrono::LocalResult::Single(at) => at.with_timezone(&Utc),
            chrono::LocalResult::Ambiguous(early, _) => early.with_timezone(&Utc),
            chrono::LocalResult::None => {
                let later = naive + Duration::hours(1);
                self.timezone
                    .from_local_datetime(&later)
                    .earliest()
                    .map_or_else(|| Utc.from_utc_datetime(&naive), |at| at.with_timezone(&Utc))
            }
        }
    }

    /// Open time in a typical week, used to size a business "day" (`1d`).
    pub fn business_day(&self) -> Duration {
        if self.always {
            return Duration::days(1);
        }
        let total: i64 = self
            .hours
            .iter()
            .flat_map(|ranges| ranges.iter())
            .map(|(a, b)| {
                let end = if *b == NaiveTime::MIN { Duration::days(1) } else { *b - NaiveTime::MIN };
                (end - (*a - NaiveTime::MIN)).num_seconds()
            })
            .sum();
        let days = self.hours.iter().filter(|ranges| !ranges.is_empty()).count().max(1) as i64;
        Duration::seconds(total / days)
    }
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    if text == "24:00" {
        return Some(NaiveTime::MIN);
    }
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

fn bad_days(days: &str) -> String {
    format!("`{days}` is not a set of days (use mon, tue, … sun, ranges like mon-fri, or lists like mon,wed)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        crate::clock::parse_time(text).unwrap()
    }

    fn office() -> Calendar {
        Calendar::parse("Europe/Paris", &[("mon-fri".into(), "09:00-12:00,13:00-17:30".into())], &["2026-12-25".into()])
            .unwrap()
    }

    #[test]
    fn open_spans_follow_local_hours_weekends_and_holidays() {
        // Thursday 24 Dec 2026 (CET, UTC+1) to Monday 28 Dec.
        let spans = office().open_spans(at("2026-12-24T10:00:00Z"), at("2026-12-28T09:00:00Z"));
        assert_eq!(
            spans,
            vec![
                (at("2026-12-24T10:00:00Z"), at("2026-12-24T11:00:00Z")),
                (at("2026-12-24T12:00:00Z"), at("2026-12-24T16:30:00Z")),
                // Friday 25th is a holiday, the weekend is closed.
                (at("2026-12-28T08:00:00Z"), at("2026-12-28T09:00:00Z")),
            ]
        );
    }

    #[test]
    fn dst_changes_move_the_utc_hours() {
        let cal = office();
        // Friday 27 March 2026 is CET (UTC+1); Monday 30 March is CEST (UTC+2).
        let before = cal.open_spans(at("2026-03-27T00:00:00Z"), at("2026-03-27T23:00:00Z"));
        assert_eq!(before[0].0, at("2026-03-27T08:00:00Z"));
        let after = cal.open_spans(at("2026-03-30T00:00:00Z"), at("2026-03-30T23:00:00Z"));
        assert_eq!(after[0].0, at("2026-03-30T07:00:00Z"));
        // A range inside the spring-forward gap (02:00-03:00 does not exist on 29 March).
        let night = Calendar::parse("Europe/Paris", &[("sun".into(), "02:30-04:00".into())], &[]).unwrap();
        let spans = night.open_spans(at("2026-03-29T00:00:00Z"), at("2026-03-29T05:00:00Z"));
        assert_eq!(spans, vec![(at("2026-03-29T01:30:00Z"), at("2026-03-29T02:00:00Z"))]);
    }

    #[test]
    fn parse_errors_and_business_day() {
        assert!(Calendar::parse("Mars/Olympus", &[], &[]).unwrap_err().contains("time zone"));
        assert!(Calendar::parse("UTC", &[("mon-fry".into(), "09:00-17:00".into())], &[]).is_err());
        assert!(Calendar::parse("UTC", &[("mon".into(), "17:00-09:00".into())], &[]).is_err());
        assert_eq!(office().business_day(), Duration::minutes(7 * 60 + 30));
        let weekend = Calendar::parse("UTC", &[("sat-sun".into(), "00:00-24:00".into())], &[]).unwrap();
        assert_eq!(weekend.business_day(), Duration::days(1));
        assert_eq!(
            weekend.open_spans(at("2026-11-27T00:00:00Z"), at("2026-12-01T00:00:00Z")),
            vec![
                (at("2026-11-28T00:00:00Z"), at("2026-11-29T00:00:00Z")),
                (at("2026-11-29T00:00:00Z"), at("2026-11-30T00:00:00Z"))
            ]
        );
    }
}
