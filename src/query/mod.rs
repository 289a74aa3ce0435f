//! The query language shared by `desk search`, `desk list` and saved views.
//!
//! `status:open assignee:me priority>=high tag:camera created>-7d -tag:spam "power button"`
//! parses into an [`Expr`] tree plus `sort:` and `limit:` options. Parsing is pure (relative
//! dates are resolved against the `now` given), and [`Query::matches`] evaluates the tree on one
//! ticket, so the same query drives a scan of files or an index lookup. The grammar and every
//! field are documented in docs/query.md.

mod parse;
pub mod plan;

use chrono::{DateTime, Utc};

use crate::config::{Category, Config};
use crate::sla::{MetricState, SlaConfig};
use crate::ticket::Ticket;

pub use parse::{QueryError, parse, parse_instant, parse_with};

/// The error for a value the configuration does not list, with the closest one suggested.
fn unknown_value(what: &str, value: &str, known: &[&str]) -> QueryError {
    // Worded as the commands that set these fields word it (`priorities: low, normal, …`).
    let plural = match what {
        "status" => "statuses".to_string(),
        "category" => "categories".to_string(),
        "priority" => "priorities".to_string(),
        other => format!("{other}s"),
    };
    parse::unknown(what, value, known, format!("{plural}: {}", known.join(", ")))
}

/// A field a query can filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Ticket ID (prefix match).
    Id,
    /// Title words.
    Title,
    /// Status name.
    Status,
    /// Status category (new, open, pending, solved, closed).
    Category,
    /// Ticket type.
    Type,
    /// Priority (ordered: `priority>=high`).
    Priority,
    /// Assigned agent, `me` or `none`.
    Assignee,
    /// Team, or `none`.
    Team,
    /// Requester email.
    Requester,
    /// Domain of the requester's email.
    Domain,
    /// A customer CC.
    Cc,
    /// An internal follower.
    Follower,
    /// A tag.
    Tag,
    /// Channel.
    Channel,
    /// Creation time.
    Created,
    /// Time of the last entry or event.
    Updated,
    /// SLA state: `breached`, `active`, `paused`, `met`, `none`.
    Sla,
    /// Earliest due time of the ticket's unmet SLA targets.
    Due,
    /// The parent ticket (ID prefix), or `none`.
    Parent,
    /// A linked ticket (ID prefix) or a relation (`blocks`, `relates`, …), or `none`.
    Link,
}

/// Every field with its query names (the first is canonical).
pub const FIELDS: &[(Field, &[&str])] = &[
    (Field::Id, &["id"]),
    (Field::Title, &["title"]),
    (Field::Status, &["status"]),
    (Field::Category, &["category", "status_category"]),
    (Field::Type, &["type"]),
    (Field::Priority, &["priority"]),
    (Field::Assignee, &["assignee"]),
    (Field::Team, &["team"]),
    (Field::Requester, &["requester"]),
    (Field::Domain, &["domain", "requester_domain"]),
    (Field::Cc, &["cc"]),
    (Field::Follower, &["follower", "followers"]),
    (Field::Tag, &["tag", "tags"]),
    (Field::Channel, &["channel"]),
    (Field::Created, &["created"]),
    (Field::Updated, &["updated"]),
    (Field::Sla, &["sla"]),
    (Field::Due, &["due"]),
    (Field::Parent, &["parent"]),
    (Field::Link, &["link", "links"]),
];

impl Field {
    /// The canonical query name.
    pub fn name(self) -> &'static str {
        FIELDS.iter().find(|(f, _)| *f == self).map_or("?", |(_, names)| names[0])
    }

    /// The field a query name refers to.
    pub fn from_name(name: &str) -> Option<Field> {
        FIELDS.iter().find(|(_, names)| names.contains(&name)).map(|(f, _)| *f)
    }

    /// Checks a value of a field whose values the configuration lists (status, category, type,
    /// priority, assignee, team; any value of other fields passes), ignoring case.
    pub fn check_value(self, value: &str, config: &Config) -> Result<(), QueryError> {
        if self == Field::Link {
            return check_link(value);
        }
        let Some((what, known)) = self.known_values(config) else { return Ok(()) };
        if known.iter().any(|k| crate::config::eq_any_case(k, value)) {
            Ok(())
        } else {
            Err(unknown_value(what, value, &known))
        }
    }

    /// What the configuration lists for this field, with the name of one value; `None` for
    /// fields that take any value.
    pub fn known_values(self, config: &Config) -> Option<(&'static str, Vec<&str>)> {
        Some(match self {
            Field::Status => {
                let all: indexmap::IndexSet<&str> =
                    config.workflows.values().flat_map(|w| w.statuses.keys().map(String::as_str)).collect();
                ("status", all.into_iter().collect())
            }
            Field::Category => ("category", Category::ALL.iter().map(|c| c.as_str()).chain(["unresolved"]).collect()),
            Field::Type => ("type", config.types.keys().map(String::as_str).collect()),
            Field::Priority => ("priority", config.priorities.iter().map(String::as_str).collect()),
            Field::Assignee => {
                ("agent", ["me", "none"].into_iter().chain(config.agents.keys().map(String::as_str)).collect())
            }
            Field::Team => ("team", ["none"].into_iter().chain(config.teams.keys().map(String::as_str)).collect()),
            _ => return None,
        })
    }
}

/// A `link:` value: `none`, a relation, or the prefix of a ticket ID. A word one or two letters
/// from a relation (`block`) is taken for a misspelt relation even if it could be an ID prefix.
fn check_link(value: &str) -> Result<(), QueryError> {
    let relations: Vec<&str> = crate::ticket::RELATIONS.iter().map(|(r, _)| *r).collect();
    let near_relation = relations.iter().any(|r| strsim::damerau_levenshtein(value, r) <= 2);
    if value == "none" || relations.iter().any(|r| r.eq_ignore_ascii_case(value)) {
        return Ok(());
    }
    if !near_relation && crate::id::normalize(value).is_some() {
        return Ok(());
    }
    let mut error = parse::unknown("link relation", value, &relations, String::new());
    error.hint = Some(format!("link: takes none, a relation ({}) or the start of a ticket ID", relations.join(", ")));
    Err(error)
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `field:value`
    Eq,
    /// `field<value`
    Lt,
    /// `field<=value`
    Le,
    /// `field>value`
    Gt,
    /// `field>=value`
    Ge,
}

/// One condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// A field compared with any of several values (`tag:a,b` is tag a OR tag b).
    Field {
        /// The field.
        field: Field,
        /// The comparison.
        op: Op,
        /// Values (lowercased where the field is case-insensitive).
        values: Vec<String>,
    },
    /// A time field compared with an instant (relative dates already resolved).
    Time {
        /// `created` or `updated`.
        field: Field,
        /// The comparison; `Eq` means "on that day".
        op: Op,
        /// Start of the instant or day.
        at: DateTime<Utc>,
        /// End of the day for day values, one microsecond after an instant (exclusive).
        until: DateTime<Utc>,
    },
    /// Free text: a word or a quoted phrase, lowercased.
    Text(String),
    /// A custom field from `.desk/config.yaml` (`plan:pro`, `seats>10`, `renewal<2027-01-01`);
    /// `none` matches an empty field.
    Custom {
        /// The field's name.
        name: String,
        /// The comparison (ordered fields compare numbers as numbers, dates as text).
        op: Op,
        /// Values, lowercased.
        values: Vec<String>,
    },
}

/// A boolean combination of terms.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// All must hold.
    And(Vec<Expr>),
    /// Any must hold.
    Or(Vec<Expr>),
    /// Must not hold.
    Not(Box<Expr>),
    /// A condition.
    Term(Term),
}

/// A key to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Priority rank.
    Priority,
    /// Creation time.
    Created,
    /// Last activity.
    Updated,
    /// Status (workflow order).
    Status,
    /// Assignee name.
    Assignee,
    /// Title.
    Title,
    /// ID.
    Id,
    /// Earliest SLA due time (ascending: tickets without one last; `-due` puts them first).
    Due,
}

impl SortKey {
    /// Parses a sort key name.
    pub fn from_name(name: &str) -> Option<SortKey> {
        Some(match name {
            "priority" => SortKey::Priority,
            "created" => SortKey::Created,
            "updated" => SortKey::Updated,
            "status" => SortKey::Status,
            "assignee" => SortKey::Assignee,
            "title" => SortKey::Title,
            "id" => SortKey::Id,
            "due" => SortKey::Due,
            _ => return None,
        })
    }
}

/// Sort keys accepted by `sort:` and `--sort`.
pub const SORT_KEYS: &[&str] = &["priority", "created", "updated", "status", "assignee", "title", "id", "due"];

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// The condition (`None` matches everything).
    pub expr: Option<Expr>,
    /// `sort:` keys with "descending" flags, in order.
    pub sort: Vec<(SortKey, bool)>,
    /// `limit:`.
    pub limit: Option<usize>,
}

/// What evaluation needs besides the ticket.
pub struct Context<'a> {
    /// Configuration (categories, priority order).
    pub config: &'a Config,
    /// The agent `me` stands for.
    pub me: Option<&'a str>,
    /// SLA policies, for `sla:` and `due`.
    pub sla: Option<&'a SlaConfig>,
    /// The instant SLA is evaluated at.
    pub now: DateTime<Utc>,
    /// Answers free-text terms when the conversation is not at hand (the index knows which
    /// tickets contain a text); `None` reads the ticket's title, tags and entries.
    pub text: Option<TextOracle<'a>>,
}

/// Whether a ticket contains a free-text term (see [`Context::text`]).
pub type TextOracle<'a> = &'a (dyn Fn(&Ticket, &str) -> bool + Sync);

/// The SLA summary queries and sorting use: the state (`breached`, `active`, `paused`, `met`,
/// `none`) and the earliest due time of the unmet targets.
pub fn sla_summary(ticket: &Ticket, cx: &Context) -> (&'static str, Option<DateTime<Utc>>) {
    let Some(sla) = cx.sla else { return ("none", None) };
    let report = crate::sla::evaluate(ticket, cx.config, sla, cx.now);
    let unmet: Vec<_> = report.targets.iter().filter(|t| t.met_at.is_none()).collect();
    let due = unmet.iter().filter_map(|t| t.due).min();
    let state = if report.targets.is_empty() {
        "none"
    } else if unmet.iter().any(|t| t.state == MetricState::Breached) {
        "breached"
    } else if unmet.iter().any(|t| t.state == MetricState::Active) {
        "active"
    } else if !unmet.is_empty() {
        "paused"
    } else {
        "met"
    };
    (state, due)
}

impl Query {
    /// Checks the values of fields whose values the configuration lists (status, category, type,
    /// priority, assignee, team), so that a typo is an error naming the choices rather than
    /// a query that silently matches nothing.
    pub fn check_values(&self, config: &Config) -> Result<(), QueryError> {
        fn walk(expr: &Expr, config: &Config) -> Result<(), QueryError> {
            match expr {
                Expr::And(items) | Expr::Or(items) => items.iter().try_for_each(|e| walk(e, config)),
                Expr::Not(inner) => walk(inner, config),
                Expr::Term(Term::Field { field, values, .. }) => {
                    values.iter().try_for_each(|value| field.check_value(value, config))
                }
                Expr::Term(_) => Ok(()),
            }
        }
        self.expr.as_ref().map_or(Ok(()), |e| walk(e, config))
    }

    /// Whether the query mentions a status or category condition (then `desk list` does not
    /// add its default "unresolved only" filter).
    pub fn constrains_status(&self) -> bool {
        fn walk(expr: &Expr) -> bool {
            match expr {
                Expr::And(items) | Expr::Or(items) => items.iter().any(walk),
                Expr::Not(inner) => walk(inner),
                Expr::Term(Term::Field { field, .. }) => matches!(field, Field::Status | Field::Category),
                Expr::Term(_) => false,
            }
        }
        self.expr.as_ref().is_some_and(walk)
    }

    /// Whether the query needs SLA evaluation (`sla:`, `due`, `sort:due`).
    pub fn uses_sla(&self) -> bool {
        fn walk(expr: &Expr) -> bool {
            match expr {
                Expr::And(items) | Expr::Or(items) => items.iter().any(walk),
                Expr::Not(inner) => walk(inner),
                Expr::Term(Term::Field { field, .. } | Term::Time { field, .. }) => {
                    matches!(field, Field::Sla | Field::Due)
                }
                Expr::Term(Term::Text(_) | Term::Custom { .. }) => false,
            }
        }
        self.expr.as_ref().is_some_and(walk) || self.sort.iter().any(|(key, _)| *key == SortKey::Due)
    }

    /// Whether the query uses `assignee:me` (then the acting agent must be known).
    pub fn mentions_me(&self) -> bool {
        fn walk(expr: &Expr) -> bool {
            match expr {
                Expr::And(items) | Expr::Or(items) => items.iter().any(walk),
                Expr::Not(inner) => walk(inner),
                Expr::Term(Term::Field { field: Field::Assignee, values, .. }) => values.iter().any(|v| v == "me"),
                Expr::Term(_) => false,
            }
        }
        self.expr.as_ref().is_some_and(walk)
    }

    /// Combines two queries with AND (sort and limit from `self` unless it has none).
    pub fn and(mut self, other: Query) -> Query {
        self.expr = match (self.expr, other.expr) {
            (Some(a), Some(b)) => Some(Expr::And(vec![a, b])),
            (a, b) => a.or(b),
        };
        if self.sort.is_empty() {
            self.sort = other.sort;
        }
        self.limit = self.limit.or(other.limit);
        self
    }

    /// The free-text terms (words and phrases) anywhere in the query.
    pub fn texts(&self) -> Vec<String> {
        fn walk(expr: &Expr, out: &mut Vec<String>) {
            match expr {
                Expr::And(items) | Expr::Or(items) => items.iter().for_each(|e| walk(e, out)),
                Expr::Not(inner) => walk(inner, out),
                Expr::Term(Term::Text(text)) => out.push(text.clone()),
                Expr::Term(_) => {}
            }
        }
        let mut out = Vec::new();
        if let Some(expr) = &self.expr {
            walk(expr, &mut out);
        }
        out
    }

    /// Whether `ticket` matches.
    pub fn matches(&self, ticket: &Ticket, cx: &Context) -> bool {
        self.expr.as_ref().is_none_or(|expr| eval(expr, ticket, cx))
    }
}

fn eval(expr: &Expr, t: &Ticket, cx: &Context) -> bool {
    match expr {
        Expr::And(items) => items.iter().all(|e| eval(e, t, cx)),
        Expr::Or(items) => items.iter().any(|e| eval(e, t, cx)),
        Expr::Not(inner) => !eval(inner, t, cx),
        Expr::Term(term) => term_matches(term, t, cx),
    }
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    crate::config::eq_any_case(a, b)
}

fn term_matches(term: &Term, t: &Ticket, cx: &Context) -> bool {
    match term {
        Term::Text(text) => match &cx.text {
            Some(found) => found(t, text),
            None => {
                let needle = words(text);
                contains_words(&t.title, &needle)
                    || t.entries.iter().any(|e| contains_words(&e.body, &needle))
                    || t.tags.iter().any(|tag| contains_words(tag, &needle))
            }
        },
        Term::Time { field, op, at, until } => {
            let value = match field {
                Field::Created => t.created,
                Field::Due => match sla_summary(t, cx).1 {
                    Some(due) => due,
                    None => return false,
                },
                _ => t.last_activity(),
            };
            match op {
                Op::Eq => value >= *at && value < *until,
                Op::Lt => value < *at,
                Op::Le => value < *until,
                Op::Gt => value >= *until,
                Op::Ge => value >= *at,
            }
        }
        Term::Field { field, op, values } => values.iter().any(|value| field_matches(*field, *op, value, t, cx)),
        Term::Custom { name, op, values } => {
            let actual = t.extra_text(name);
            values.iter().any(|value| match (actual.as_deref(), op) {
                (None, Op::Eq) => value == "none",
                (None, _) => false,
                (Some(actual), Op::Eq) => eq_ignore_case(actual, value),
                (Some(actual), op) => {
                    let order = match (actual.parse::<f64>(), value.parse::<f64>()) {
                        (Ok(a), Ok(b)) => a.total_cmp(&b),
                        _ => actual.to_lowercase().as_str().cmp(value.as_str()),
                    };
                    match op {
                        Op::Lt => order.is_lt(),
                        Op::Le => order.is_le(),
                        Op::Gt => order.is_gt(),
                        _ => order.is_ge(),
                    }
                }
            })
        }
    }
}

/// The analyzer of free text, shared by the index and by [`Query::matches`] so that both find
/// the same tickets: words split at anything not alphanumeric, lowercased, words longer than
/// 40 bytes dropped (tantivy's default).
pub fn text_analyzer() -> tantivy::tokenizer::TextAnalyzer {
    use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(RemoveLongFilter::limit(40)).filter(LowerCaser).build()
}

/// The words of `text` as the index sees them.
pub fn words(text: &str) -> Vec<String> {
    let mut analyzer = text_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Whether `haystack` contains the words of `needle` next to each other, in order (a word or
/// a quoted phrase of a free-text search). Text without words matches nothing.
pub fn contains_words(haystack: &str, needle: &[String]) -> bool {
    if needle.is_empty() {
        return false;
    }
    let words = words(haystack);
    words.windows(needle.len()).any(|window| window == needle)
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(needle)
}

fn optional(value: Option<&str>, wanted: &str) -> bool {
    match (value, wanted) {
        (None, "none") => true,
        (Some(v), w) => eq_ignore_case(v, w),
        (None, _) => false,
    }
}

fn field_matches(field: Field, op: Op, value: &str, t: &Ticket, cx: &Context) -> bool {
    let list = |items: &[String]| match value {
        "none" => items.is_empty(),
        _ => items.iter().any(|i| eq_ignore_case(i, value)),
    };
    match field {
        Field::Id => t.id.to_ascii_lowercase().starts_with(value),
        Field::Title => contains_ci(&t.title, value),
        Field::Status => eq_ignore_case(&t.status, value),
        Field::Category => {
            let category = cx.config.category_of(t);
            match value {
                // Not solved or closed: a status without a category is never hidden.
                "unresolved" => category.is_none_or(Category::is_unresolved),
                _ => category.is_some_and(|c| c.as_str() == value),
            }
        }
        Field::Type => eq_ignore_case(&t.kind, value),
        Field::Priority => {
            let (Some(mine), Some(wanted)) =
                (cx.config.priority_rank_any_case(&t.priority), cx.config.priority_rank_any_case(value))
            else {
                return false;
            };
            match op {
                Op::Eq => mine == wanted,
                Op::Lt => mine < wanted,
                Op::Le => mine <= wanted,
                Op::Gt => mine > wanted,
                Op::Ge => mine >= wanted,
            }
        }
        Field::Assignee => match value {
            "me" => cx.me.is_some_and(|me| t.assignee.as_deref() == Some(me)),
            _ => optional(t.assignee.as_deref(), value),
        },
        Field::Team => optional(t.team.as_deref(), value),
        Field::Requester => optional(t.requester.as_deref(), value),
        Field::Domain => t.requester.as_deref().and_then(|r| r.rsplit_once('@')).is_some_and(|(_, domain)| {
            eq_ignore_case(domain, value) || domain.to_ascii_lowercase().ends_with(&format!(".{value}"))
        }),
        Field::Cc => list(&t.cc),
        Field::Follower => list(&t.followers),
        Field::Tag => list(&t.tags),
        Field::Channel => optional(t.channel.as_deref(), value),
        Field::Sla => sla_summary(t, cx).0 == value,
        Field::Parent => match (&t.parent, value) {
            (None, "none") => true,
            (Some(parent), _) => parent.to_ascii_lowercase().starts_with(value),
            (None, _) => false,
        },
        Field::Link => match value {
            "none" => t.links.is_empty(),
            _ => {
                // An ID prefix is read as IDs are (`l` for 1, `o` for 0).
                let prefix = crate::id::normalize(value);
                t.links.iter().any(|link| {
                    let (relation, id) = link.split_once(' ').unwrap_or(("", link));
                    relation.eq_ignore_ascii_case(value)
                        || prefix.as_deref().is_some_and(|p| id.to_ascii_uppercase().starts_with(p))
                })
            }
        },
        Field::Created | Field::Updated | Field::Due => false,
    }
}

#[cfg(test)]
mod tests;
