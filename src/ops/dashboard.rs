//! `desk dashboard`: the counts a support lead looks at first.
//!
//! From the search index, only the tickets that can count are looked at: those whose status is
//! not resolved in every workflow (the unresolved ones, and any with an unknown status) and those
//! created or active within the history; each is counted from the index's columns (status, type,
//! assignee, priority, creation and resolution times, SLA class and due time), without opening
//! a stored document. Without a usable index every ticket file is read.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use indexmap::IndexMap;
use serde::Serialize;

use super::Desk;
use super::listing::{Uncommitted, scan, uncommitted};
use crate::config::{Category, Config};
use crate::id::TicketId;
use crate::index::{Tally, TicketIndex};
use crate::query::plan::{MISSING, Plan, Time, category_plan, micros};
use crate::query::{Context, sla_summary};
use crate::ticket::Ticket;

/// A name and how many tickets it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Agent, priority, …
    pub name: String,
    /// Unresolved tickets.
    pub count: usize,
}

/// Tickets created and solved on one day (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    /// The day.
    pub date: NaiveDate,
    /// Tickets created that day.
    pub created: usize,
    /// Tickets resolved (solved, or closed without being solved) that day and resolved now.
    pub solved: usize,
}

/// Everything `desk dashboard` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    /// Tickets read.
    pub tickets: usize,
    /// Unresolved (new, open, pending categories).
    pub unresolved: usize,
    /// Unresolved and unassigned.
    pub unassigned: usize,
    /// Pending category: waiting on the customer.
    pub pending_customer: usize,
    /// New and open categories: waiting on an agent.
    pub waiting_on_agent: usize,
    /// Unresolved tickets past an SLA target.
    pub sla_breached: usize,
    /// Unresolved tickets not yet breached with an SLA target due within two hours (as `due<2h`).
    pub sla_due_soon: usize,
    /// Unresolved tickets per assignee (`(none)` for unassigned), most first.
    pub by_agent: Vec<Count>,
    /// Unresolved tickets per priority, highest first.
    pub by_priority: Vec<Count>,
    /// Created and solved per day, oldest first, ending today.
    pub days: Vec<Day>,
}

struct Seen {
    unresolved: bool,
    category: Option<Category>,
    assignee: Option<String>,
    priority: String,
    created: NaiveDate,
    solved_day: Option<NaiveDate>,
    sla: &'static str,
    due: Option<DateTime<Utc>>,
}

impl Seen {
    fn of(config: &Config, context: &Context, t: &Ticket) -> Seen {
        let category = config.category_of(t);
        let unresolved = category.is_none_or(Category::is_unresolved);
        let solved_day = config.resolved_at(t).map(|at| at.date_naive());
        let (sla, due) = if unresolved { sla_summary(t, context) } else { ("none", None) };
        Seen {
            unresolved,
            category,
            assignee: t.assignee.as_deref().and_then(|a| assignee_name(config, a)),
            priority: priority_name(config, &t.priority),
            created: t.created.date_naive(),
            solved_day,
            sla,
            due,
        }
    }
}

impl Seen {
    /// What the index's columns say of a ticket (its values there are lowercase: agents and
    /// priorities are given their configured spelling).
    fn of_tally(config: &Config, now: DateTime<Utc>, tally: &Tally) -> Seen {
        let category = config.category_for(tally.kind, tally.status);
        let unresolved = category.is_none_or(Category::is_unresolved);
        let day = |micros: i64| DateTime::from_timestamp_micros(micros).map(|at| at.date_naive());
        let due = tally.due.and_then(DateTime::from_timestamp_micros);
        // An unmet target is breached from its due time on; the counts only ask whether it is.
        let breached = unresolved && tally.sla == "open" && due.is_some_and(|due| due <= now);
        let sla = if breached { "breached" } else { "not breached" };
        Seen {
            unresolved,
            category,
            assignee: (tally.assignee != MISSING).then(|| assignee_name(config, tally.assignee)).flatten(),
            priority: priority_name(config, tally.priority),
            created: day(tally.created).unwrap_or_default(),
            solved_day: tally.resolved.and_then(day),
            sla,
            due,
        }
    }
}

/// The name an assignee is counted under: the agent's configured name (found by name or email,
/// in any case), else the text in lowercase; empty is unassigned. The index holds it lowercase,
/// so a ticket counts the same read from the index or from its file.
fn assignee_name(config: &Config, assignee: &str) -> Option<String> {
    (!assignee.is_empty())
        .then(|| config.find_agent(assignee).map_or_else(|| assignee.to_lowercase(), |(name, _)| name.to_string()))
}

/// The priority a ticket is counted under: the configured spelling, else the text in lowercase.
fn priority_name(config: &Config, priority: &str) -> String {
    config
        .priority_rank_any_case(priority)
        .map_or_else(|| priority.to_lowercase(), |rank| config.priorities[rank].clone())
}

/// Counts the tickets; `days` is the length of the created/solved history.
pub fn dashboard(desk: &Desk, days: usize) -> (Dashboard, Vec<crate::Error>) {
    let now = desk.now();
    let sla = desk.sla().ok();
    let config = &desk.config;
    let context = Context { config, me: None, sla: sla.as_ref(), now, text: None };
    let first = now.date_naive() - Duration::days(days.saturating_sub(1) as i64);
    let mut counts = Counts::new(config, now, first, days);
    let (tickets, errors) = match from_index(desk, &context, first, &mut counts) {
        Some(found) => found,
        None => {
            // The index could not be used part way: start again from the files.
            counts = Counts::new(config, now, first, days);
            let (seen, tickets, errors) = scan(desk, |_, _, t| Some(Seen::of(config, &context, t)));
            seen.iter().for_each(|ticket| counts.add(ticket));
            (tickets, errors)
        }
    };
    (counts.finish(tickets), errors)
}

/// The tickets that can count, from the index (`None`: it cannot be used).
/// Each is counted as it is read: a million tickets are never all held.
fn from_index(
    desk: &Desk,
    context: &Context,
    first: NaiveDate,
    counts: &mut Counts,
) -> Option<(usize, Vec<crate::Error>)> {
    let index = TicketIndex::open(&desk.store, &desk.index_settings(), None).ok()?;
    let config = context.config;
    // Leave out only what is surely resolved: a known type in one of its workflow's solved or
    // closed statuses.
    let resolved = category_plan(config, |c| !c.is_unresolved());
    let since = first.and_hms_opt(0, 0, 0)?.and_utc();
    let plan = Plan::Or(vec![
        Plan::Not(Box::new(resolved)),
        Plan::Range(Time::Created, Some(micros(since)), None),
        Plan::Range(Time::Updated, Some(micros(since)), None),
    ]);
    let mut errors = index.broken().ok()?;
    // Unreadable files count as tickets, as when every file is read.
    let mut tickets = index.len() as usize + errors.len();
    let dirty = uncommitted(desk, tickets);
    let dirty_numbers: std::collections::HashSet<u64> =
        dirty.keys().filter_map(|id| TicketId::parse(id)).map(|id| id.number()).collect();
    index
        .for_each_tally(&plan, |tally| {
            if !dirty_numbers.contains(&tally.number) {
                counts.add(&Seen::of_tally(config, context.now, tally));
            }
        })
        .ok()?;
    for version in dirty.into_values() {
        match version {
            Uncommitted::Changed(ticket) => counts.add(&Seen::of(config, context, &ticket)),
            Uncommitted::Deleted => tickets = tickets.saturating_sub(1),
            Uncommitted::Broken(err) => errors.push(err),
        }
    }
    Some((tickets, errors))
}

/// The dashboard's counts, ticket by ticket.
struct Counts {
    now: DateTime<Utc>,
    first: NaiveDate,
    history: Vec<Day>,
    by_agent: IndexMap<String, usize>,
    by_priority: IndexMap<String, usize>,
    board: Dashboard,
}

impl Counts {
    fn new(config: &Config, now: DateTime<Utc>, first: NaiveDate, days: usize) -> Counts {
        Counts {
            now,
            first,
            history: first.iter_days().take(days).map(|date| Day { date, created: 0, solved: 0 }).collect(),
            by_agent: IndexMap::new(),
            by_priority: config.priorities.iter().rev().map(|p| (p.clone(), 0)).collect(),
            board: Dashboard {
                tickets: 0,
                unresolved: 0,
                unassigned: 0,
                pending_customer: 0,
                waiting_on_agent: 0,
                sla_breached: 0,
                sla_due_soon: 0,
                by_agent: Vec::new(),
                by_priority: Vec::new(),
                days: Vec::new(),
            },
        }
    }

    fn add(&mut self, ticket: &Seen) {
        let (first, today) = (self.first, self.now.date_naive());
        let day_index = |date: NaiveDate| (date >= first && date <= today).then(|| (date - first).num_days() as usize);
        if let Some(i) = day_index(ticket.created) {
            self.history[i].created += 1;
        }
        if let Some(i) = ticket.solved_day.and_then(day_index) {
            self.history[i].solved += 1;
        }
        if !ticket.unresolved {
            return;
        }
        let board = &mut self.board;
        board.unresolved += 1;
        board.unassigned += usize::from(ticket.assignee.is_none());
        match ticket.category {
            Some(Category::Pending) => board.pending_customer += 1,
            Some(Category::New | Category::Open) => board.waiting_on_agent += 1,
            _ => {}
        }
        board.sla_breached += usize::from(ticket.sla == "breached");
        board.sla_due_soon +=
            usize::from(ticket.sla != "breached" && ticket.due.is_some_and(|d| d < self.now + Duration::hours(2)));
        let agent = ticket.assignee.as_deref().unwrap_or("(none)");
        match self.by_agent.get_mut(agent) {
            Some(count) => *count += 1,
            None => {
                self.by_agent.insert(agent.to_string(), 1);
            }
        }
        match self.by_priority.get_mut(&ticket.priority) {
            Some(count) => *count += 1,
            None => {
                self.by_priority.insert(ticket.priority.clone(), 1);
            }
        }
    }

    fn finish(self, tickets: usize) -> Dashboard {
        let mut board = self.board;
        board.tickets = tickets;
        let mut agents: Vec<Count> = self.by_agent.into_iter().map(|(name, count)| Count { name, count }).collect();
        agents.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        board.by_agent = agents;
        board.by_priority =
            self.by_priority.into_iter().filter(|(_, c)| *c > 0).map(|(name, count)| Count { name, count }).collect();
        board.days = self.history;
        board
    }
}
