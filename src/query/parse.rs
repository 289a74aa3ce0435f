//! Tokenising and parsing query text.
//!
//! Grammar: `query := or; or := and ("OR" and)*; and := unary+; unary := ("-" | "NOT") unary |
//! primary; primary := "(" or ")" | word | "phrase" | field OP values`. Juxtaposition is AND.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::{Expr, FIELDS, Field, Op, Query, SORT_KEYS, SortKey, Term};

/// A query that cannot be parsed, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    /// What is wrong.
    pub message: String,
    /// A suggestion.
    pub hint: Option<String>,
}

fn error(message: impl Into<String>) -> QueryError {
    QueryError { message: message.into(), hint: None }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Or,
    Not,
    Word(String),
    Phrase(String),
}

fn tokenize(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' => {
                chars.next();
                let mut phrase = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some(ch) => phrase.push(ch),
                        None => return Err(error("a quoted phrase is missing its closing `\"`")),
                    }
                }
                tokens.push(Token::Phrase(phrase));
            }
            '-' if tokens.last() != Some(&Token::Not) => {
                chars.next();
                if chars.peek().is_none_or(|c| c.is_whitespace()) {
                    return Err(error("`-` must be followed by what to exclude, e.g. -tag:spam"));
                }
                tokens.push(Token::Not);
            }
            _ => {
                let mut word = String::new();
                let mut quoted = false;
                while let Some(&ch) = chars.peek() {
                    if !quoted && (ch.is_whitespace() || ch == '(' || ch == ')') {
                        break;
                    }
                    chars.next();
                    if ch == '"' {
                        quoted = !quoted;
                    } else {
                        word.push(ch);
                    }
                }
                tokens.push(match word.as_str() {
                    "OR" => Token::Or,
                    "NOT" => Token::Not,
                    _ => Token::Word(word),
                });
            }
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    at: usize,
    now: DateTime<Utc>,
    query: &'a mut Query,
    depth: usize,
    custom: &'a [String],
}

/// Parses query text; `now` anchors relative dates such as `created>-7d`.
pub fn parse(text: &str, now: DateTime<Utc>) -> Result<Query, QueryError> {
    parse_with(text, now, &[])
}

/// Parses query text that may use the custom fields named in `custom`.
pub fn parse_with(text: &str, now: DateTime<Utc>, custom: &[String]) -> Result<Query, QueryError> {
    let mut query = Query::default();
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, at: 0, now, query: &mut query, depth: 0, custom };
    let expr = parser.or()?;
    if parser.at < parser.tokens.len() {
        return Err(error("unbalanced `)` in the query"));
    }
    query.expr = expr;
    Ok(query)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Result<Option<Expr>, QueryError> {
        let mut alternatives = Vec::new();
        loop {
            let and = self.and()?;
            match (and, self.peek()) {
                (Some(expr), Some(Token::Or)) => {
                    alternatives.push(expr);
                    self.at += 1;
                }
                (Some(expr), _) => {
                    alternatives.push(expr);
                    break;
                }
                (None, Some(Token::Or)) => return Err(error("`OR` needs a condition on both sides")),
                (None, _) if !alternatives.is_empty() => return Err(error("`OR` needs a condition on both sides")),
                (None, _) => break,
            }
        }
        Ok(match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Expr::Or(alternatives)),
        })
    }

    fn and(&mut self) -> Result<Option<Expr>, QueryError> {
        let mut items = Vec::new();
        while let Some(token) = self.peek() {
            if matches!(token, Token::Or | Token::Close) {
                break;
            }
            if let Some(expr) = self.unary()? {
                items.push(expr);
            }
        }
        Ok(match items.len() {
            0 => None,
            1 => items.pop(),
            _ => Some(Expr::And(items)),
        })
    }

    fn unary(&mut self) -> Result<Option<Expr>, QueryError> {
        match self.tokens.get(self.at).cloned() {
            Some(Token::Not) => {
                self.at += 1;
                match self.unary()? {
                    Some(inner) => Ok(Some(Expr::Not(Box::new(inner)))),
                    None => Err(error("`-`/`NOT` must be followed by a condition")),
                }
            }
            Some(Token::Open) => {
                self.at += 1;
                self.depth += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(error("a `(` is never closed"));
                }
                self.at += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Some(Token::Phrase(phrase)) => {
                self.at += 1;
                Ok(Some(Expr::Term(Term::Text(phrase.to_lowercase()))))
            }
            Some(Token::Word(word)) => {
                self.at += 1;
                self.word(&word)
            }
            Some(Token::Close | Token::Or) | None => Err(error("unexpected end of the query")),
        }
    }

    fn word(&mut self, word: &str) -> Result<Option<Expr>, QueryError> {
        // A field is letters and `_`, or a custom field's name (which may also hold digits and
        // `-`): `x1000:a` stays a word to search for unless a field is called that.
        let split = word.find([':', '<', '>', '=']).filter(|at| {
            let name = &word[..*at];
            *at > 0
                && (name.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
                    || self.custom.iter().any(|c| c.eq_ignore_ascii_case(name)))
        });
        let Some(at) = split else {
            return Ok(Some(Expr::Term(Term::Text(word.to_lowercase()))));
        };
        let name = word[..at].to_ascii_lowercase();
        let rest = &word[at..];
        let (op, value) = [(">=", Op::Ge), ("<=", Op::Le), (">", Op::Gt), ("<", Op::Lt), (":", Op::Eq), ("=", Op::Eq)]
            .iter()
            .find_map(|(sym, op)| rest.strip_prefix(sym).map(|v| (*op, v)))
            .unwrap_or((Op::Eq, rest));
        if value.is_empty() {
            return Err(error(format!("`{word}` has no value after `{}`", &rest[..rest.len().min(2)])));
        }
        match name.as_str() {
            "sort" => return self.sort(value).map(|()| None),
            "limit" => {
                let limit = value.parse().map_err(|_| error(format!("`limit:{value}` is not a number")))?;
                self.query.limit = Some(limit);
                return Ok(None);
            }
            _ => {}
        }
        let Some(field) = Field::from_name(&name) else {
            if self.custom.contains(&name) {
                let values = value.split(',').filter(|v| !v.is_empty()).map(str::to_lowercase).collect();
                return Ok(Some(Expr::Term(Term::Custom { name, op, values })));
            }
            return Err(unknown_field(&name, self.custom));
        };
        // `sla:due<2h` is the same as `due<2h`: SLA fields read naturally under `sla:`.
        if field == Field::Sla && op == Op::Eq && value.starts_with("due") {
            return self.word(value);
        }
        if op != Op::Eq && !matches!(field, Field::Priority | Field::Created | Field::Updated | Field::Due) {
            return Err(QueryError {
                message: format!("`{name}` cannot be compared with `<` or `>`"),
                hint: Some(format!(
                    "write {name}:VALUE; only priority, created, updated, due and custom fields are ordered"
                )),
            });
        }
        if let Some(bad) = value.split(',').find(|v| field == Field::Sla && !SLA_STATES.contains(v)) {
            return Err(QueryError {
                message: format!("`sla:{bad}` is not an SLA state"),
                hint: Some(format!("sla: {}", SLA_STATES.join(", "))),
            });
        }
        if matches!(field, Field::Created | Field::Updated | Field::Due) {
            // Due times are in the future: `due<2h` is "due within two hours".
            let (at, until) = self.date(value, field == Field::Due)?;
            return Ok(Some(Expr::Term(Term::Time { field, op, at, until })));
        }
        let values = value.split(',').filter(|v| !v.is_empty()).map(str::to_lowercase).collect();
        Ok(Some(Expr::Term(Term::Field { field, op, values })))
    }

    fn sort(&mut self, value: &str) -> Result<(), QueryError> {
        for key in value.split(',').filter(|k| !k.is_empty()) {
            let (name, descending) = match key.strip_prefix('-') {
                Some(name) => (name, true),
                None => (key, false),
            };
            let Some(sort_key) = SortKey::from_name(name) else {
                return Err(QueryError {
                    message: format!("cannot sort by `{name}`"),
                    hint: Some(format!("sort keys: {} (prefix with - for descending)", SORT_KEYS.join(", "))),
                });
            };
            self.query.sort.push((sort_key, descending));
        }
        Ok(())
    }

    /// A date: `2026-01-31`, an RFC 3339 time, `today`, `yesterday`, or relative `-7d`, `-12h`,
    /// `-2w`, `-30m` (ago). Returns the start and the end (a day's end for day values).
    fn date(&self, value: &str, future: bool) -> Result<(DateTime<Utc>, DateTime<Utc>), QueryError> {
        let midnight = |date: NaiveDate| Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default());
        let today = midnight(self.now.date_naive());
        match value {
            "today" => return Ok((today, today + Duration::days(1))),
            "yesterday" => return Ok((today - Duration::days(1), today)),
            _ => {}
        }
        if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            return Ok((midnight(date), midnight(date) + Duration::days(1)));
        }
        // An instant is a span of one microsecond (the finest time desk keeps), so that `<=`
        // and `:` include it and `>` leaves it out.
        let instant = |at: DateTime<Utc>| (at, at + Duration::microseconds(1));
        if let Some(at) = crate::clock::parse_time(value) {
            return Ok(instant(at));
        }
        let (relative, ahead) = match (value.strip_prefix('-'), value.strip_prefix('+')) {
            (Some(rest), _) => (rest, false),
            (_, Some(rest)) => (rest, true),
            _ => (value, future),
        };
        let (number, unit) = relative.split_at(relative.len().saturating_sub(1));
        let amount: i64 = number.parse().map_err(|_| bad_date(value))?;
        let span = match unit {
            "m" => Duration::minutes(amount),
            "h" => Duration::hours(amount),
            "d" => Duration::days(amount),
            "w" => Duration::weeks(amount),
            _ => return Err(bad_date(value)),
        };
        Ok(instant(if ahead { self.now + span } else { self.now - span }))
    }
}

/// Parses a date the way queries do (`2026-01-31`, RFC 3339, `today`, `-30d`, `+2h`), for flags
/// such as `--since`; the start of a day value.
pub fn parse_instant(value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, QueryError> {
    let mut query = Query::default();
    let parser = Parser { tokens: Vec::new(), at: 0, now, query: &mut query, depth: 0, custom: &[] };
    parser.date(value, false).map(|(at, _)| at)
}

/// Values of `sla:`.
const SLA_STATES: &[&str] = &["breached", "active", "paused", "met", "none"];

fn bad_date(value: &str) -> QueryError {
    QueryError {
        message: format!("`{value}` is not a date"),
        hint: Some(
            "use 2026-01-31, an RFC 3339 time, today, yesterday, -30m, -12h, -7d, -2w (ago) or +2h (ahead)".into(),
        ),
    }
}

fn unknown_field(name: &str, custom: &[String]) -> QueryError {
    let names: Vec<&str> = FIELDS
        .iter()
        .flat_map(|(_, names)| names.iter().copied())
        .chain(["sort", "limit"])
        .chain(custom.iter().map(String::as_str))
        .collect();
    let hint = format!(
        "fields: {}, sort, limit{}",
        FIELDS.iter().map(|(_, names)| names[0]).collect::<Vec<_>>().join(", "),
        if custom.is_empty() { String::new() } else { format!("; custom fields: {}", custom.join(", ")) }
    );
    unknown("field", name, &names, hint)
}

/// `unknown WHAT `TEXT``, with the closest of `candidates` suggested (two edits at most).
pub(super) fn unknown(what: &str, text: &str, candidates: &[&str], hint: String) -> QueryError {
    // Ties go to the earlier candidate: desk's own names come before custom ones.
    let closest = candidates
        .iter()
        .enumerate()
        .map(|(at, candidate)| (strsim::damerau_levenshtein(text, &candidate.to_lowercase()), at, *candidate))
        .min()
        .map(|(distance, _, candidate)| (distance, candidate))
        .filter(|(distance, _)| *distance <= 2);
    QueryError {
        message: match closest {
            Some((_, suggestion)) => format!("unknown {what} `{text}`: did you mean `{suggestion}`?"),
            None => format!("unknown {what} `{text}`"),
        },
        hint: Some(hint),
    }
}
