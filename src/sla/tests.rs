use chrono::{DateTime, Utc};

use super::*;
use crate::clock::parse_time;
use crate::config::Config;
use crate::ticket::{Entry, Event, NewTicket, Role, TicketFile, Visibility};

fn at(text: &str) -> DateTime<Utc> {
    parse_time(text).unwrap()
}

fn config() -> Config {
    crate::template::config()
}

const SLA: &str = r#"
calendars:
  office:
    timezone: Europe/Paris
    hours: { mon-fri: "09:00-17:30" }
    holidays: [2026-12-25, 2027-01-01]
policies:
  - name: standard
    match: { type: [incident, question] }
    pause_on: [pending, on-hold]
    calendar: office
    targets:
      urgent: { first_response: 1h, next_response: 2h, resolution: 8h }
      high:   { first_response: 4h, resolution: 2d }
      normal: { first_response: 8h, resolution: 5d }
      low:    { first_response: 2d }
  - name: round the clock
    match: { type: [problem] }
    targets:
      urgent: { first_response: 30m, resolution: 4h }
"#;

fn sla() -> SlaConfig {
    SlaConfig::parse(SLA_FILE, SLA).unwrap()
}

/// A ticket built step by step with explicit times.
struct Build {
    file: TicketFile,
    n: usize,
}

impl Build {
    fn new(kind: &str, priority: &str, created: &str) -> Build {
        let mut file = TicketFile::create(NewTicket {
            id: "K7Q3M9XT2A".into(),
            title: "Camera".into(),
            status: "new".into(),
            kind: kind.into(),
            priority: priority.into(),
            requester: Some("jane@customer.test".into()),
            assignee: None,
            team: None,
            channel: Some("email".into()),
            parent: None,
            created: at(created),
            tags: vec![],
            cc: vec![],
        });
        file.push_entry(entry("e0", created, "jane@customer.test", Role::Customer, Visibility::Public));
        Build { file, n: 0 }
    }

    fn id(&mut self) -> String {
        self.n += 1;
        format!("x{:07}", self.n)
    }

    fn say(mut self, when: &str, role: Role, visibility: Visibility) -> Build {
        let id = self.id();
        let author = if role == Role::Customer { "jane@customer.test" } else { "alice" };
        self.file.push_entry(entry(&id, when, author, role, visibility));
        self
    }

    fn reply(self, when: &str) -> Build {
        self.say(when, Role::Agent, Visibility::Public)
    }

    fn customer(self, when: &str) -> Build {
        self.say(when, Role::Customer, Visibility::Public)
    }

    fn status(mut self, when: &str, status: &str) -> Build {
        let id = self.id();
        let mut event = Event { id, at: at(when), by: "alice".into(), ..Default::default() };
        self.file.set("status", Some(status), &mut event);
        self.file.push_event(event);
        self
    }

    fn priority(mut self, when: &str, priority: &str) -> Build {
        let id = self.id();
        let mut event = Event { id, at: at(when), by: "alice".into(), ..Default::default() };
        self.file.set("priority", Some(priority), &mut event);
        self.file.push_event(event);
        self
    }

    fn reset(mut self, when: &str) -> Build {
        let id = self.id();
        let mut event = Event { id, at: at(when), by: "alice".into(), ..Default::default() };
        event.extra.insert("sla_reset".into(), true.into());
        self.file.push_event(event);
        self
    }

    fn report(&self, now: &str) -> Report {
        evaluate(self.file.ticket(), &config(), &sla(), at(now))
    }
}

fn entry(id: &str, when: &str, author: &str, role: Role, visibility: Visibility) -> Entry {
    Entry {
        id: id.into(),
        at: at(when),
        author: author.into(),
        role,
        visibility,
        extra: Default::default(),
        body: "text".into(),
        line: 0,
    }
}

fn target(report: &Report, kind: MetricKind) -> &Metric {
    report.targets.iter().find(|m| m.metric == kind).unwrap_or_else(|| panic!("no {kind:?} in {report:#?}"))
}

// Monday 23 Nov 2026, Paris is UTC+1: office hours are 08:00-16:30 UTC.

#[test]
fn first_response_counts_business_time_only() {
    // Created Friday 27 Nov 16:00 UTC (17:00 Paris): 30 min left that day, 3h30 on Monday.
    let t = Build::new("incident", "high", "2026-11-27T16:00:00Z");
    let r = t.report("2026-11-27T20:00:00Z");
    let first = target(&r, MetricKind::FirstResponse);
    assert_eq!(first.due, Some(at("2026-11-30T11:30:00Z")));
    assert_eq!(first.state, MetricState::Paused, "outside hours the clock does not run");
    assert_eq!(first.elapsed_minutes, 30);
    let r = t.report("2026-11-30T12:00:00Z");
    assert_eq!(target(&r, MetricKind::FirstResponse).state, MetricState::Breached);
    let met = t.reply("2026-11-30T10:00:00Z").report("2026-11-30T12:00:00Z");
    let first = target(&met, MetricKind::FirstResponse);
    assert_eq!((first.state, first.elapsed_minutes), (MetricState::Met, 150));
    assert_eq!(met.metrics.first_response_minutes, Some(2 * 24 * 60 + 18 * 60));
    assert_eq!(met.metrics.first_response_business_minutes, Some(150));
}

#[test]
fn notes_automatic_replies_and_an_agent_written_description_do_not_count() {
    let t = Build::new("incident", "urgent", "2026-11-23T09:00:00Z")
        .say("2026-11-23T09:10:00Z", Role::Agent, Visibility::Internal)
        .say("2026-11-23T09:20:00Z", Role::System, Visibility::Public);
    let r = t.report("2026-11-23T09:30:00Z");
    assert_eq!(target(&r, MetricKind::FirstResponse).met_at, None);
    // A ticket an agent opened with a public message: the second public agent message meets it.
    let mut agent_opened = Build::new("incident", "urgent", "2026-11-23T09:00:00Z");
    agent_opened.file = {
        let mut file = TicketFile::create(NewTicket {
            id: "K7Q3M9XT2A".into(),
            title: "Phone call".into(),
            status: "new".into(),
            kind: "incident".into(),
            priority: "urgent".into(),
            requester: Some("jane@customer.test".into()),
            assignee: None,
            team: None,
            channel: Some("cli".into()),
            parent: None,
            created: at("2026-11-23T09:00:00Z"),
            tags: vec![],
            cc: vec![],
        });
        file.push_entry(entry("e0", "2026-11-23T09:00:00Z", "alice", Role::Agent, Visibility::Public));
        file
    };
    let r = agent_opened.reply("2026-11-23T09:45:00Z").report("2026-11-23T10:00:00Z");
    let first = target(&r, MetricKind::FirstResponse);
    assert_eq!((first.met_at, first.state), (Some(at("2026-11-23T09:45:00Z")), MetricState::Met));
}

#[test]
fn resolution_pauses_in_pending_but_first_response_does_not() {
    let t = Build::new("incident", "urgent", "2026-11-23T08:00:00Z").status("2026-11-23T08:30:00Z", "pending");
    let r = t.report("2026-11-23T10:00:00Z");
    let resolution = target(&r, MetricKind::Resolution);
    assert_eq!((resolution.state, resolution.elapsed_minutes), (MetricState::Paused, 30));
    assert_eq!(resolution.due, None, "paused: no due time until the clock runs again");
    assert_eq!(target(&r, MetricKind::FirstResponse).state, MetricState::Breached, "1h target, 2h elapsed");
    let resumed = t.status("2026-11-23T12:00:00Z", "open").report("2026-11-23T12:30:00Z");
    let resolution = target(&resumed, MetricKind::Resolution);
    assert_eq!(resolution.elapsed_minutes, 60);
    // 8h target, 1h used; 7h more from 12:30 runs to 16:30 today and 3h on Tuesday.
    assert_eq!(resolution.due, Some(at("2026-11-24T11:00:00Z")));
    let kinds: Vec<_> = resolution.intervals.iter().map(|i| i.kind.clone()).collect();
    assert_eq!(kinds, [IntervalKind::Counted, IntervalKind::Paused("pending".into()), IntervalKind::Counted]);
}

#[test]
fn reopening_unmeets_resolution_and_the_clock_continues() {
    let t = Build::new("problem", "urgent", "2026-11-23T08:00:00Z")
        .reply("2026-11-23T08:10:00Z")
        .status("2026-11-23T09:00:00Z", "solved");
    let r = t.report("2026-11-23T20:00:00Z");
    let resolution = target(&r, MetricKind::Resolution);
    assert_eq!((resolution.state, resolution.elapsed_minutes), (MetricState::Met, 60));
    assert_eq!(r.metrics.resolution_minutes, Some(60));
    let reopened = t.customer("2026-11-23T10:00:00Z").status("2026-11-23T10:00:00Z", "open");
    let r = reopened.report("2026-11-23T12:30:00Z");
    let resolution = target(&r, MetricKind::Resolution);
    assert_eq!(resolution.met_at, None);
    assert_eq!(resolution.elapsed_minutes, 60 + 150, "time while solved did not count");
    assert_eq!(resolution.due, Some(at("2026-11-23T13:00:00Z")));
    assert_eq!(r.metrics.reopens, 1);
    assert_eq!(r.calendar, "24x7");
}

#[test]
fn a_priority_change_retargets_from_the_start_and_reset_restarts_the_clocks() {
    let t = Build::new("incident", "normal", "2026-11-23T08:00:00Z");
    let before = t.report("2026-11-23T09:30:00Z");
    assert_eq!(target(&before, MetricKind::FirstResponse).due, Some(at("2026-11-23T16:00:00Z")));
    let urgent = t.priority("2026-11-23T09:30:00Z", "urgent");
    let after = urgent.report("2026-11-23T09:30:00Z");
    let first = target(&after, MetricKind::FirstResponse);
    assert_eq!((first.due, first.state), (Some(at("2026-11-23T09:00:00Z")), MetricState::Breached));
    let reset = urgent.reset("2026-11-23T10:00:00Z").report("2026-11-23T10:30:00Z");
    let first = target(&reset, MetricKind::FirstResponse);
    assert_eq!((first.started, first.state), (at("2026-11-23T10:00:00Z"), MetricState::Active));
    assert_eq!(first.due, Some(at("2026-11-23T11:00:00Z")));
}

#[test]
fn next_response_starts_with_each_customer_message() {
    let t = Build::new("incident", "urgent", "2026-11-23T08:00:00Z")
        .reply("2026-11-23T08:20:00Z")
        .customer("2026-11-23T09:00:00Z")
        .customer("2026-11-23T09:30:00Z")
        .reply("2026-11-23T12:00:00Z")
        .customer("2026-11-23T13:00:00Z");
    let r = t.report("2026-11-23T13:30:00Z");
    let next = target(&r, MetricKind::NextResponse);
    assert_eq!((next.started, next.state), (at("2026-11-23T13:00:00Z"), MetricState::Active));
    assert_eq!(next.due, Some(at("2026-11-23T15:00:00Z")));
    assert_eq!(r.next_response_breaches, 1, "09:00 → 12:00 took 3h against 2h");
    // Mean of 20m (description → first reply), 3h (oldest unanswered message → reply).
    assert_eq!(r.metrics.average_response_minutes, Some(180));
    assert_eq!(r.metrics.replies, 2);
}

#[test]
fn holidays_weekends_and_dst() {
    // Thursday 24 Dec 2026, 16:00 UTC (17:00 Paris): 30 min that day; Friday is Christmas.
    let t = Build::new("incident", "high", "2026-12-24T16:00:00Z");
    let r = t.report("2026-12-24T16:10:00Z");
    assert_eq!(target(&r, MetricKind::FirstResponse).due, Some(at("2026-12-28T11:30:00Z")));
    // Across the spring DST change: Friday 27 March 2026 16:00 UTC; Monday opens at 07:00 UTC.
    let t = Build::new("incident", "high", "2026-03-27T16:00:00Z");
    let r = t.report("2026-03-27T16:10:00Z");
    assert_eq!(target(&r, MetricKind::FirstResponse).due, Some(at("2026-03-30T10:30:00Z")));
    // 2d in a business calendar is two business days of 8h30.
    let resolution = target(&r, MetricKind::Resolution);
    assert_eq!(resolution.target_minutes, 2 * (8 * 60 + 30));
}

#[test]
fn metrics_wait_and_work_time() {
    let t = Build::new("incident", "urgent", "2026-11-23T08:00:00Z")
        .status("2026-11-23T09:00:00Z", "on-hold")
        .status("2026-11-23T10:00:00Z", "pending")
        .status("2026-11-23T11:00:00Z", "open")
        .status("2026-11-23T12:00:00Z", "solved");
    let r = t.report("2026-11-23T18:00:00Z");
    // Waiting on the team: new 1h + on-hold 1h + open 1h; working: new + open.
    assert_eq!(r.metrics.requester_wait_minutes, 180);
    assert_eq!(r.metrics.agent_work_minutes, 120);
    assert_eq!(r.metrics.resolution_minutes, Some(240));
    assert_eq!(r.metrics.resolution_business_minutes, Some(120), "on-hold and pending paused");
}

#[test]
fn unmatched_tickets_and_configuration_errors() {
    let t = Build::new("task", "urgent", "2026-11-23T08:00:00Z");
    let r = t.report("2026-11-23T09:00:00Z");
    assert_eq!((r.policy, r.targets.len()), (None, 0));
    let err = SlaConfig::parse(SLA_FILE, "policies:\n  - name: x\n    calendar: nope\n").unwrap_err();
    assert!(err.message.contains("calendar `nope`"), "{err:?}");
    let err =
        SlaConfig::parse(SLA_FILE, "policies:\n  - name: x\n    targets:\n      high: { first_response: soon }\n")
            .unwrap_err();
    assert!(err.message.contains("`soon` is not a duration"), "{err:?}");
    let err = SlaConfig::parse(SLA_FILE, "policies:\n  - name: x\n    tragets: {}\n").unwrap_err();
    assert_eq!((err.path.as_str(), err.line), (SLA_FILE, 3));
    assert_eq!(parse_duration("1h30m", chrono::Duration::days(1)), Some(chrono::Duration::minutes(90)));
    assert_eq!(parse_duration("1w", chrono::Duration::days(1)), Some(chrono::Duration::days(7)));
    assert_eq!(parse_duration("h", chrono::Duration::days(1)), None);
    assert_eq!(format_duration(chrono::Duration::minutes(80)), "1h 20m");
    assert_eq!(format_duration(chrono::Duration::minutes(3 * 1440 + 4 * 60)), "3d 4h");
    assert_eq!(format_duration(chrono::Duration::minutes(2 * 1440 + 18 * 60 + 30)), "2d 18h 30m");
    assert_eq!(format_duration(chrono::Duration::minutes(1440 + 5)), "1d 5m");
}
