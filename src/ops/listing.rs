//! `desk list`: reading every ticket, filtering and sorting them into rows.
//!
//! A ticket file that cannot be read is reported next to the rows, never instead of them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Actor, Desk, Loaded};
use crate::config::Category;
use crate::config::Config;
use crate::error::Error;
use std::collections::BTreeMap;

use crate::id::{self, TicketId};

use crate::index::{Match, SortColumn, SortedIds, TicketIndex};
use crate::query::plan::{self, Plan};
use crate::query::{Context as QueryContext, Expr, Field, Op, Query, SortKey, Term, sla_summary};
use crate::store::TICKETS_DIR;
use crate::ticket::{Ticket, TicketFile};
use tantivy::DocAddress;

/// Filters of `desk list`; each list is "any of", an empty list matches everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Statuses or status categories.
    pub statuses: Vec<String>,
    /// Agents, `me` or `none`.
    pub assignees: Vec<String>,
    /// Priorities.
    pub priorities: Vec<String>,
    /// Types.
    pub types: Vec<String>,
    /// Tags (a ticket must have all of them).
    pub tags: Vec<String>,
    /// Include solved and closed tickets (without it, and without statuses, only tickets whose
    /// status is not in a solved or closed category are listed).
    pub all: bool,
}

/// One ticket as a row of `desk list`.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Full ID.
    pub id: String,
    /// Shortest unambiguous prefix.
    pub short_id: String,
    /// Path of the file.
    pub path: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// Status category (`null` if the status is unknown).
    pub category: Option<Category>,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Priority.
    pub priority: String,
    /// Assignee.
    pub assignee: Option<String>,
    /// Team.
    pub team: Option<String>,
    /// Requester.
    pub requester: Option<String>,
    /// Channel.
    pub channel: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Time of the last entry or event.
    pub updated: DateTime<Utc>,
    /// SLA state: `breached`, `active`, `paused`, `met` or `none` (present when the query, sort
    /// or columns use SLA).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<&'static str>,
    /// Earliest due time of the unmet SLA targets (present, possibly `null`, with `sla`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Option<DateTime<Utc>>>,
}

/// Calls `visit` with every ticket that can be read, in ID order; returns the errors of those
/// that cannot. Tickets are handed over one at a time so memory stays flat.
pub fn for_each_ticket(desk: &Desk, mut visit: impl FnMut(Loaded)) -> Vec<Error> {
    let mut errors = Vec::new();
    let shards = match desk.store.list_subdirs(TICKETS_DIR) {
        Ok(shards) => shards,
        Err(err) => return vec![err],
    };
    for shard in shards {
        let dir = format!("{TICKETS_DIR}/{shard}");
        let names = match desk.store.list_dir(&dir) {
            Ok(names) => names,
            Err(err) => {
                errors.push(err);
                continue;
            }
        };
        for name in names.iter().filter(|n| n.ends_with(".md")) {
            let Some(id) = name.strip_suffix(".md").and_then(TicketId::parse) else { continue };
            match desk.load(&id) {
                Ok(ticket) => visit(ticket),
                Err(err) => errors.push(err),
            }
        }
    }
    errors
}

/// Reads every ticket and maps it with `map`, on all cores when the repository has a working
/// tree (each thread takes every n-th shard directory). Returns the mapped values (in no
/// particular order), how many ticket files were read, and the errors of unreadable ones.
pub fn scan<T: Send>(
    desk: &Desk,
    map: impl Fn(&TicketId, &str, &Ticket) -> Option<T> + Sync,
) -> (Vec<T>, usize, Vec<Error>) {
    let shards = match desk.store.list_subdirs(TICKETS_DIR) {
        Ok(shards) => shards,
        Err(err) => return (Vec::new(), 0, vec![err]),
    };
    let Some(root) = desk.store.has_workdir().then(|| desk.store.root().to_path_buf()) else {
        let mut out = Vec::new();
        let mut count = 0;
        let errors = for_each_ticket(desk, |loaded| {
            count += 1;
            out.extend(map(&loaded.id, &loaded.path, loaded.file.ticket()));
        });
        return (out, count, errors);
    };
    let threads = crate::store::threads().min(shards.len().max(1));
    let (shards, root, map) = (&shards, &root, &map);
    let parts: Vec<(Vec<T>, usize, Vec<Error>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|part| {
                scope.spawn(move || {
                    let (mut out, mut count, mut errors) = (Vec::new(), 0, Vec::new());
                    for shard in shards.iter().skip(part).step_by(threads) {
                        let dir = root.join(TICKETS_DIR).join(shard);
                        let Ok(names) = std::fs::read_dir(&dir) else { continue };
                        for name in names.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()) {
                            let Some(id) = name.strip_suffix(".md").and_then(TicketId::parse) else { continue };
                            count += 1;
                            let path = id.path();
                            let text = match std::fs::read_to_string(root.join(&path)) {
                                Ok(text) => text,
                                Err(e) => {
                                    errors.push(Error::io(format!("reading {path}"), e));
                                    continue;
                                }
                            };
                            match TicketFile::parse(&text) {
                                Ok(file) => out.extend(map(&id, &path, file.ticket())),
                                Err(e) => errors.push(Error::Syntax { path, line: e.line, message: e.message }),
                            }
                        }
                    }
                    (out, count, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    let mut result = (Vec::new(), 0, Vec::new());
    for (out, count, errors) in parts {
        result.0.extend(out);
        result.1 += count;
        result.2.extend(errors);
    }
    result.2.sort_by_key(|e| e.to_string());
    result
}

impl Filter {
    /// Checks every value against the configuration (agents may be given by email) and
    /// returns the filter with agent names; an unknown value is an error listing the choices.
    pub fn validated(mut self, desk: &Desk) -> Result<Filter, Error> {
        let config = &desk.config;
        // Checked as the query language checks the same values (any letter case, with a
        // suggestion); a status flag takes a status or a category, `unresolved` included.
        let check = |field: Field, value: &str| {
            field.check_value(value, config).map_err(|e| match e.hint {
                Some(hint) => Error::invalid_with(e.message, hint),
                None => Error::invalid(e.message),
            })
        };
        for status in &self.statuses {
            if Field::Category.check_value(status, config).is_err() {
                check(Field::Status, status)?;
            }
        }
        for assignee in &mut self.assignees {
            if assignee != "me" && assignee != "none" {
                *assignee = super::create::validate_agent(desk, assignee)?;
            }
        }
        for priority in &self.priorities {
            check(Field::Priority, priority)?;
        }
        for kind in &self.types {
            check(Field::Type, kind)?;
        }
        Ok(self)
    }
}

impl Listing {
    /// The matching tickets' IDs, in order, as their characters ([`id::text_of`] reads them).
    pub fn ids(&self) -> impl ExactSizeIterator<Item = [u8; id::TICKET_ID_LEN]> + '_ {
        self.id_numbers.iter().map(|n| id::number_text(*n))
    }
}

/// What a caller needs of each matching ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Only the IDs (`--format ids`): [`Listing::rows`] stays empty.
    Ids,
    /// Rows.
    Rows,
    /// Rows with SLA state and due time (each ticket's timeline is read).
    RowsWithSla,
}

/// What `desk list` and `desk search` found.
#[derive(Debug, Default)]
pub struct Listing {
    /// The matching tickets' IDs as numbers ([`TicketId::number`]: eight bytes each, as a
    /// result may hold a million), sorted and cut at the query's `limit:`; see [`Self::ids`].
    id_numbers: Vec<u64>,
    /// The rows of those tickets, in the same order (empty when only IDs were asked for).
    pub rows: Vec<Row>,
    /// Tickets in the repository.
    pub total: usize,
    /// Ticket files that could not be read (named, never hiding the other tickets).
    pub errors: Vec<Error>,
    /// A one-line notice about the search index (rebuilt, or not usable and why).
    pub notice: Option<String>,
}

impl Filter {
    /// The filter as a query expression (`None`: no condition); [`rows`] adds it to the query.
    fn to_expr(&self) -> Option<Expr> {
        let field = |field: Field, values: Vec<String>| {
            Expr::Term(Term::Field { field, op: Op::Eq, values: values.iter().map(|v| v.to_lowercase()).collect() })
        };
        let mut parts = Vec::new();
        if !self.statuses.is_empty() {
            // A value is a status, and a category too when it names one (`open` is both).
            let categories: Vec<String> = self
                .statuses
                .iter()
                .filter(|s| {
                    s.eq_ignore_ascii_case("unresolved")
                        || Category::ALL.iter().any(|c| c.as_str().eq_ignore_ascii_case(s))
                })
                .cloned()
                .collect();
            let mut any = vec![field(Field::Status, self.statuses.clone())];
            if !categories.is_empty() {
                any.push(field(Field::Category, categories));
            }
            parts.push(Expr::Or(any));
        } else if !self.all {
            parts.push(field(Field::Category, vec!["unresolved".into()]));
        }
        if !self.assignees.is_empty() {
            parts.push(field(Field::Assignee, self.assignees.clone()));
        }
        if !self.priorities.is_empty() {
            parts.push(field(Field::Priority, self.priorities.clone()));
        }
        if !self.types.is_empty() {
            parts.push(field(Field::Type, self.types.clone()));
        }
        for tag in &self.tags {
            parts.push(field(Field::Tag, vec![tag.clone()]));
        }
        (!parts.is_empty()).then_some(Expr::And(parts))
    }
}

/// Every ticket that passes `filter` and `query`, sorted by the query's `sort:` (default:
/// highest priority first, then oldest first) and cut at its `limit:`, with the `detail` asked
/// for.
///
/// Tickets come from the search index (brought up to date with HEAD first); when it cannot be
/// used, from reading every file, with a notice. Ticket files changed but not committed are
/// read from the working tree instead (see [`uncommitted`]). When the index decides the query
/// exactly and the sort keys are among its columns, tickets are sorted and cut before any is
/// read, and IDs need no reading at all (see [`TicketIndex::matches`]).
pub fn rows(
    desk: &Desk,
    filter: &Filter,
    query: &Query,
    actor: Option<&Actor>,
    detail: Detail,
    progress: Option<crate::index::Progress>,
) -> Listing {
    let with_sla = detail == Detail::RowsWithSla || query.uses_sla();
    let mut filter = filter.clone();
    filter.all |= query.constrains_status();
    // The filter is part of the query: one meaning, whether the index or the files answer.
    let query = &Query {
        expr: match (filter.to_expr(), query.expr.clone()) {
            (Some(a), Some(b)) => Some(Expr::And(vec![a, b])),
            (a, b) => a.or(b),
        },
        ..query.clone()
    };
    let index = match crate::index::TicketIndex::open(&desk.store, &desk.index_settings(), progress) {
        Ok(index) => index,
        Err(err) => {
            let (rows, total, errors) = scan_rows(desk, query, actor, with_sla);
            let notice = Some(format!("the search index could not be used ({err}); read every ticket file instead"));
            return finish(desk, Listing { rows, total, errors, notice, ..Listing::default() }, query, None, detail);
        }
    };
    // A first index of an empty repository is not news.
    let notice =
        index.refresh.rebuilt.as_ref().filter(|why| *why != "missing" || index.refresh.indexed > 0).map(|why| {
            format!("the search index was {why}: rebuilt it ({})", super::plural(index.refresh.indexed, "ticket"))
        });
    let me = actor.map(|a| a.name.as_str());
    let config = &desk.config;
    let now = desk.now();
    let planned =
        query.expr.as_ref().map_or(plan::Planned { plan: Plan::All, exact: true }, |e| plan::plan(e, config, me, now));
    let plan = planned.plan;
    let dirty = uncommitted(desk, index.len() as usize);
    // A broken committed file whose working-tree version differs is judged by that version.
    let mut errors: Vec<Error> = index
        .broken()
        .unwrap_or_default()
        .into_iter()
        .filter(|err| match err {
            Error::Syntax { path, .. } => TicketId::from_path(path).is_none_or(|id| !dirty.contains_key(id.as_str())),
            _ => true,
        })
        .collect();
    let has_new = dirty.values().any(|v| matches!(v, Uncommitted::Changed(_)));
    let keys = sort_keys(query);
    // The SLA policies the index was brought up to date with (read once per command).
    let sla = if with_sla { index.sla() } else { None };
    if let Some(order) = planned.exact.then(|| column_order(&keys)).flatten().filter(|_| dirty.is_empty()) {
        let rank = |p: &str| config.priority_rank_any_case(p).map_or(-1, |r| r as i64);
        let context = QueryContext { config, me, sla, now, text: None };
        let rows = detail != Detail::Ids;
        let select = Selection { index: &index, plan: &plan, order: &order, rank: &rank, limit: query.limit, rows };
        let found = match order.len() {
            0 | 1 => select.sorted::<2>(),
            2 => select.sorted::<3>(),
            3 => select.sorted::<4>(),
            4 => select.sorted::<5>(),
            _ => select.sorted::<6>(),
        }
        .and_then(|(ids, addresses)| {
            let rows = if rows { read_rows(&index, &addresses, with_sla, &context)? } else { Vec::new() };
            Ok((ids, rows))
        });
        // An index that cannot be read is answered below, the slow way.
        if let Ok((ids, mut rows)) = found {
            set_short_ids(desk, &mut rows, index.sorted_ids().as_ref());
            return Listing { id_numbers: ids, rows, total: index.len() as usize, errors, notice };
        }
    }
    let found = index.text_matches(&query.texts()).and_then(|texts| {
        let candidates = index.candidates(&plan)?;
        // SLA clocks need the timeline: only then is it read.
        index.map_summaries(&candidates, with_sla, |hit| {
            if dirty.contains_key(&hit.summary.id) {
                return None;
            }
            let updated = hit.summary.updated;
            let ticket = hit.summary.into_ticket(hit.timeline);
            let found = |_: &Ticket, text: &str| texts.contains(hit.address, text);
            let context = QueryContext { config, me, sla, now, text: Some(&found) };
            query.matches(&ticket, &context).then(|| row(config, ticket, &updated, with_sla, &context))
        })
    });
    let mut rows = match found {
        Ok(rows) => rows,
        Err(err) => {
            let (rows, total, errors) = scan_rows(desk, query, actor, with_sla);
            let notice = Some(format!("the search index could not be read ({err}); read every ticket file instead"));
            return finish(desk, Listing { rows, total, errors, notice, ..Listing::default() }, query, None, detail);
        }
    };
    // Uncommitted versions are checked whole, conversation included.
    for version in dirty.into_values() {
        match version {
            Uncommitted::Deleted => {}
            Uncommitted::Broken(err) => errors.push(err),
            Uncommitted::Changed(ticket) => {
                let updated = ticket.last_activity();
                let context = QueryContext { config, me, sla, now, text: None };
                if query.matches(&ticket, &context) {
                    rows.push(row(config, *ticket, &updated, with_sla, &context));
                }
            }
        }
    }
    let total = index.len() as usize;
    // New uncommitted tickets are not in the index's ID list: then the shards decide.
    let ids = if has_new { None } else { index.sorted_ids() };
    finish(desk, Listing { rows, total, errors, notice, ..Listing::default() }, query, ids.as_ref(), detail)
}

/// The query's sort keys, or the default ones.
fn sort_keys(query: &Query) -> Vec<(SortKey, bool)> {
    if query.sort.is_empty() { DEFAULT_SORT.to_vec() } else { query.sort.clone() }
}

/// The index's columns for `keys`, each once (a key given again decides nothing more);
/// `None` when one is not a column.
fn column_order(keys: &[(SortKey, bool)]) -> Option<Vec<(SortColumn, bool)>> {
    let mut order: Vec<(SortColumn, bool)> = Vec::new();
    for (key, descending) in keys {
        let column = match key {
            SortKey::Priority => SortColumn::Priority,
            SortKey::Created => SortColumn::Created,
            SortKey::Updated => SortColumn::Updated,
            SortKey::Due => SortColumn::Due,
            SortKey::Id => SortColumn::Id,
            _ => return None,
        };
        if !order.iter().any(|(c, _)| *c == column) {
            order.push((column, *descending));
        }
    }
    Some(order)
}

/// A query the index decides alone, to be sorted by its columns.
struct Selection<'a> {
    index: &'a TicketIndex,
    plan: &'a Plan,
    order: &'a [(SortColumn, bool)],
    rank: &'a dyn Fn(&str) -> i64,
    limit: Option<usize>,
    /// Whether rows will be read (else only the IDs are kept).
    rows: bool,
}

impl Selection<'_> {
    /// The matches' ID numbers and (when rows will be read) document addresses, sorted and
    /// cut; `N` is one more than the number of sort columns.
    fn sorted<const N: usize>(&self) -> crate::error::Result<(Vec<u64>, Vec<DocAddress>)> {
        let mut found = self.index.matches::<N>(self.plan, self.order, self.rank)?;
        sort_matches(&mut found, self.limit);
        let addresses = if self.rows { found.iter().map(|m| m.address).collect() } else { Vec::new() };
        Ok((found.iter().map(Match::number).collect(), addresses))
    }
}

/// Sorts matches by their keys (as [`compare`] sorts rows), keeping the first `limit`: a
/// partial selection first when the limit cuts, so only the kept ones are sorted.
fn sort_matches<const N: usize>(found: &mut Vec<Match<N>>, limit: Option<usize>) {
    let order = |a: &Match<N>, b: &Match<N>| a.key.cmp(&b.key);
    if let Some(limit) = limit.filter(|l| *l < found.len()) {
        if limit == 0 {
            found.clear();
            return;
        }
        found.select_nth_unstable_by(limit - 1, order);
        found.truncate(limit);
    }
    // Large results on two cores: split around the median (in place, no second vector), then
    // each core sorts its half.
    if found.len() >= PARALLEL_SORT_MIN && crate::store::threads() > 1 {
        let middle = found.len() / 2;
        found.select_nth_unstable_by(middle, order);
        let (low, high) = found.split_at_mut(middle);
        std::thread::scope(|scope| {
            scope.spawn(|| low.sort_unstable_by(order));
            high.sort_unstable_by(order);
        });
    } else {
        found.sort_unstable_by(order);
    }
}

/// Results from this many matches are sorted on two threads.
const PARALLEL_SORT_MIN: usize = 200_000;

/// The rows of `found`, in its order. Documents are read in index order, so that each
/// compressed block of the document store is opened once.
fn read_rows(
    index: &TicketIndex,
    found: &[DocAddress],
    with_sla: bool,
    context: &QueryContext,
) -> crate::error::Result<Vec<Row>> {
    let mut by_address: Vec<usize> = (0..found.len()).collect();
    by_address.sort_unstable_by_key(|&i| found[i]);
    let addresses: Vec<DocAddress> = by_address.iter().map(|&i| found[i]).collect();
    let mut read = index.map_summaries(&addresses, with_sla, |hit| {
        let updated = hit.summary.updated;
        Some((hit.address, row(context.config, hit.summary.into_ticket(hit.timeline), &updated, with_sla, context)))
    })?;
    // Back to the sorted order, in place (rows are large: no second vector of them).
    if read.len() == found.len() {
        let mut order = vec![0; found.len()];
        for (at, &position) in by_address.iter().enumerate() {
            order[position] = at;
        }
        apply_order(&mut read, &order);
        return Ok(read.into_iter().map(|(_, row)| row).collect());
    }
    // A summary that could not be decoded left a gap: place each row by its address.
    let mut rows: Vec<Option<Row>> = (0..found.len()).map(|_| None).collect();
    for (address, row) in read {
        if let Ok(at) = addresses.binary_search(&address) {
            rows[by_address[at]] = Some(row);
        }
    }
    Ok(rows.into_iter().flatten().collect())
}

/// The row of a ticket (taken apart: rows are made by the hundred thousand).
fn row(config: &Config, t: Ticket, updated: &DateTime<Utc>, with_sla: bool, context: &QueryContext) -> Row {
    if !with_sla {
        return row_of(config, t, updated);
    }
    let (sla_state, due) = sla_summary(&t, context);
    Row { sla: Some(sla_state), due: Some(due), ..row_of(config, t, updated) }
}

/// The row of a ticket without SLA columns.
fn row_of(config: &Config, t: Ticket, updated: &DateTime<Utc>) -> Row {
    Row {
        short_id: String::new(),
        path: TicketId::parse(&t.id).map(|id| id.path()).unwrap_or_default(),
        category: config.category_of(&t),
        id: t.id,
        title: t.title,
        status: t.status,
        kind: t.kind,
        priority: t.priority,
        assignee: t.assignee,
        team: t.team,
        requester: t.requester,
        channel: t.channel,
        tags: t.tags,
        created: t.created,
        updated: *updated,
        sla: None,
        due: None,
    }
}

/// Short IDs, sort, limit and the IDs; rows are dropped when only IDs were asked for.
fn finish(desk: &Desk, mut listing: Listing, query: &Query, ids: Option<&SortedIds>, detail: Detail) -> Listing {
    set_short_ids(desk, &mut listing.rows, ids);
    let keys = sort_keys(query);
    // Rows are large: sort their positions, then move each row once.
    let rows = &listing.rows;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&rows[a], &rows[b]);
        keys.iter()
            .map(|(key, descending)| {
                let order = compare(desk, *key, a, b);
                if *descending { order.reverse() } else { order }
            })
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.id.cmp(&b.id))
    });
    apply_order(&mut listing.rows, &order);
    if let Some(limit) = query.limit {
        listing.rows.truncate(limit);
    }
    listing.id_numbers = listing.rows.iter().filter_map(|r| TicketId::parse(&r.id)).map(|id| id.number()).collect();
    if detail == Detail::Ids {
        listing.rows.clear();
    }
    listing
}

/// Short IDs come from the index's sorted ID list (an ID only needs to differ from its
/// neighbours) or, without it, from each row's shard directory (the only place a longer ID
/// could share its prefix).
fn set_short_ids(desk: &Desk, rows: &mut [Row], ids: Option<&SortedIds>) {
    let mut shards: BTreeMap<String, Vec<TicketId>> = BTreeMap::new();
    for row in rows {
        let Some(id) = TicketId::parse(&row.id) else { continue };
        let len = match ids {
            Some(ids) => id::short_len(id.as_str(), ids.neighbours(id.as_str()).into_iter().flatten()),
            None => {
                let siblings = shards
                    .entry(id.shard().to_string())
                    .or_insert_with(|| desk.ids_in_shard(id.shard()).unwrap_or_default());
                id::short_len(id.as_str(), siblings.iter().map(TicketId::as_str))
            }
        };
        row.short_id = row.id[..len].to_string();
    }
}

/// Puts `items[order[i]]` at position `i`, in place: one swap per item, following each cycle
/// of the permutation (rows are large; copying them into a new vector costs more).
fn apply_order<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// A ticket file whose working-tree version differs from HEAD's.
pub enum Uncommitted {
    /// Changed or new, and readable.
    Changed(Box<Ticket>),
    /// Deleted from the working tree.
    Deleted,
    /// Changed and unreadable.
    Broken(Error),
}

/// Repositories up to this many tickets have their working tree checked on every query (one
/// `stat` per ticket file, ≈1.5 µs each here: 15 ms at 10k); above it the check would cost more
/// than the lookup (150 ms at 100k), so queries read committed tickets and `desk index` lists
/// uncommitted files.
pub const WORKTREE_CHECK_MAX: usize = 10_000;

/// Ticket files whose working-tree version differs from HEAD (by ID), when the repository is
/// small enough to check (see [`WORKTREE_CHECK_MAX`]); bare repositories have none.
pub fn uncommitted(desk: &Desk, tickets: usize) -> BTreeMap<String, Uncommitted> {
    let mut out = BTreeMap::new();
    if tickets > WORKTREE_CHECK_MAX {
        return out;
    }
    for path in desk.store.uncommitted_under(TICKETS_DIR, false).unwrap_or_default() {
        let Some(id) = TicketId::from_path(&path) else { continue };
        let version = match desk.load(&id) {
            Ok(loaded) => Uncommitted::Changed(Box::new(loaded.file.ticket().clone())),
            Err(Error::NoSuchTicket(_)) => Uncommitted::Deleted,
            Err(err) => Uncommitted::Broken(err),
        };
        out.insert(id.to_string(), version);
    }
    out
}

/// `rows` by reading every ticket file (when the index cannot be used).
fn scan_rows(desk: &Desk, query: &Query, actor: Option<&Actor>, with_sla: bool) -> (Vec<Row>, usize, Vec<Error>) {
    let sla = if with_sla { desk.sla().ok() } else { None };
    let me = actor.map(|a| a.name.as_str());
    let context = QueryContext { config: &desk.config, me, sla: sla.as_ref(), now: desk.now(), text: None };
    let config = &desk.config;
    let (rows, total, errors) = scan(desk, |_, _, t| {
        query.matches(t, &context).then(|| row(config, t.clone(), &t.last_activity(), with_sla, &context))
    });
    (rows, total, errors)
}

/// Highest priority first, then oldest first.
pub const DEFAULT_SORT: &[(SortKey, bool)] = &[(SortKey::Priority, true), (SortKey::Created, false)];

fn compare(desk: &Desk, key: SortKey, a: &Row, b: &Row) -> std::cmp::Ordering {
    let rank = |p: &str| desk.config.priority_rank_any_case(p).map_or(-1, |r| r as i64);
    match key {
        SortKey::Priority => rank(&a.priority).cmp(&rank(&b.priority)),
        SortKey::Created => a.created.cmp(&b.created),
        SortKey::Updated => a.updated.cmp(&b.updated),
        SortKey::Status => a.category.cmp(&b.category).then_with(|| a.status.cmp(&b.status)),
        SortKey::Assignee => a.assignee.cmp(&b.assignee),
        SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
        SortKey::Id => a.id.cmp(&b.id),
        // Tickets with a due time first, soonest first.
        SortKey::Due => match (a.due.flatten(), b.due.flatten()) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{Match, PARALLEL_SORT_MIN, apply_order, sort_matches};
    use proptest::prelude::*;

    /// Large results are sorted on two threads around the median, in the keys' order (ties on
    /// the columns broken by ID), with and without a limit.
    #[test]
    fn large_results_sort_as_one_sort_would() {
        fn check<const N: usize>(next: &mut dyn FnMut() -> i64) {
            let found: Vec<Match<N>> = (0..PARALLEL_SORT_MIN + 1001)
                .map(|i| {
                    let mut key = [0i64; N];
                    for slot in key.iter_mut().take(N - 1) {
                        *slot = next() % 1000 - 500;
                    }
                    key[N - 1] = i as i64 * 7919 % 1_000_003;
                    Match { key, address: tantivy::DocAddress::new(0, i as u32) }
                })
                .collect();
            let mut expected = found.clone();
            expected.sort_by_key(|m| m.key);
            let mut sorted = found.clone();
            sort_matches(&mut sorted, None);
            assert_eq!(sorted, expected, "{} columns", N - 1);
            let mut cut = found;
            sort_matches(&mut cut, Some(PARALLEL_SORT_MIN + 10));
            assert_eq!(cut, expected[..PARALLEL_SORT_MIN + 10], "{} columns, limited", N - 1);
        }
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as i64
        };
        check::<2>(&mut next);
        check::<3>(&mut next);
    }

    proptest! {
        #[test]
        fn apply_order_is_indexing_by_the_order(order in Just((0..40usize).collect::<Vec<_>>()).prop_shuffle()) {
            let items: Vec<String> = (0..order.len()).map(|i| format!("row {i}")).collect();
            let expected: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            let mut permuted = items;
            apply_order(&mut permuted, &order);
            prop_assert_eq!(permuted, expected);
        }
    }
}
