//! `desk check`: validating the configuration and every ticket file.
//!
//! Each problem is reported as `path:line: message`; one broken file never hides the others.

use std::collections::HashSet;

use serde::Serialize;

use super::Desk;
use super::create::{validate_email, validate_tag};
use crate::error::Error;
use crate::id::TicketId;
use crate::store::TICKETS_DIR;
use crate::ticket::{Ticket, TicketFile};

/// One problem found by `desk check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Repository-relative path.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// A warning: worth a look, but it does not make `desk check` fail.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub warning: bool,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.warning { "warning: " } else { "" };
        write!(f, "{}:{}: {kind}{}", self.path, self.line, self.message)
    }
}

/// Checks the configuration and every ticket; returns the problems and how many tickets were read.
pub fn check(desk: &Desk) -> (Vec<Problem>, usize) {
    let views = desk.store.read_text(crate::config::files::VIEWS).ok().flatten().unwrap_or_default();
    let mut problems: Vec<Problem> = desk
        .config
        .problems()
        .into_iter()
        .map(|e| {
            // A view's problem is at its name's line.
            let line = match e.message.strip_prefix("view `").and_then(|rest| rest.split_once('`')) {
                Some((name, _)) if e.path == crate::config::files::VIEWS => views
                    .lines()
                    .position(|l| l.trim().strip_suffix(':').map(|key| key.trim_matches(['"', '\''])) == Some(name))
                    .map_or(e.line, |i| i + 1),
                _ if e.line == 1 => desk
                    .store
                    .read_text(&e.path)
                    .ok()
                    .flatten()
                    .and_then(|text| line_named(&text, &e.message))
                    .unwrap_or(1),
                _ => e.line,
            };
            Problem { path: e.path, line, message: e.message, warning: false }
        })
        .collect();
    if let Ok(Some(text)) = desk.store.read_text(crate::sla::SLA_FILE) {
        for problem in crate::sla::SlaConfig::all_problems(crate::sla::SLA_FILE, &text, &desk.config) {
            problems.push(Problem { path: problem.path, line: problem.line, message: problem.message, warning: false });
        }
    }
    problems.extend(super::automate::rule_problems(desk));
    // Macro texts are the team's boilerplate: the same words in a note and a reply are no leak.
    let boilerplate: Vec<Template> = super::automate::load_macros(desk)
        .map(|macros| macros.values().map(|m| Template::of(&m.body)).collect())
        .unwrap_or_default();
    if let Err(Error::Config(problem)) = super::portal::portal_config(desk) {
        problems.push(Problem { path: problem.path, line: problem.line, message: problem.message, warning: false });
    }
    let colliding = super::renumber::collisions(desk).unwrap_or_default();
    for id in &colliding {
        problems.push(Problem {
            path: id.path(),
            line: 1,
            message: format!(
                "two different tickets were created with the ID {id} (on two clones): run `desk renumber {id}` to give one of them a new ID"
            ),
            warning: false,
        });
    }
    let mut count = 0;
    let entries = match desk.store.list_entries(TICKETS_DIR) {
        Ok(entries) => entries,
        Err(err) => {
            problems.push(Problem { path: TICKETS_DIR.into(), line: 1, message: err.to_string(), warning: false });
            Vec::new()
        }
    };
    let mut shards = Vec::new();
    for (name, is_dir) in entries {
        match (is_dir, name.starts_with('.')) {
            (true, _) => shards.push(name),
            (false, true) => {}
            (false, false) => problems.push(Problem {
                path: format!("{TICKETS_DIR}/{name}"),
                line: 1,
                message: format!("not a ticket: tickets live at {TICKETS_DIR}/<first 2 characters of the ID>/<ID>.md"),
                warning: false,
            }),
        }
    }
    for shard in shards {
        let dir = format!("{TICKETS_DIR}/{shard}");
        for name in desk.store.list_dir(&dir).unwrap_or_default() {
            let path = format!("{dir}/{name}");
            if name.starts_with('.') {
                continue;
            }
            let Some(id) = name.strip_suffix(".md").and_then(TicketId::parse).filter(|id| id.shard() == shard) else {
                problems.push(Problem {
                    path,
                    line: 1,
                    message: format!("not a ticket file name: tickets live at {TICKETS_DIR}/<first 2 characters of the ID>/<10-character ID>.md"),
                    warning: false,
                });
                continue;
            };
            count += 1;
            if colliding.contains(&id) {
                continue;
            }
            match desk.store.read_text(&path) {
                Ok(Some(text)) => match TicketFile::parse(&text) {
                    Ok(file) => {
                        problems.extend(ticket_problems(desk, &id, &path, &file));
                        problems.extend(reply_problems(desk, &path, file.ticket(), &boilerplate));
                    }
                    Err(e) => problems.push(Problem { path, line: e.line, message: e.message, warning: false }),
                },
                Ok(None) => {}
                Err(Error::Syntax { path, line, message }) => {
                    problems.push(Problem { path, line, message, warning: false })
                }
                Err(err) => problems.push(Problem { path, line: 1, message: err.to_string(), warning: false }),
            }
        }
    }
    (problems, count)
}

/// Problems of one parsed ticket against the configuration.
pub fn ticket_problems(desk: &Desk, id: &TicketId, path: &str, file: &TicketFile) -> Vec<Problem> {
    let t: &Ticket = file.ticket();
    let doc = file.document();
    let mut out = Vec::new();
    let mut report = |key: &str, message: String| {
        out.push(Problem { path: path.to_string(), line: doc.key_line(key).unwrap_or(1), message, warning: false });
    };
    if t.id != id.as_str() {
        report("id", format!("`id: {}` does not match the file name {id}.md", t.id));
    }
    let config = &desk.config;
    for (name, field) in &config.fields {
        if let Some(value) = t.extra_text(name)
            && let Err(message) = field.normalize(&value)
        {
            report(name, format!("custom field `{name}`: {message}"));
        }
    }
    match config.workflow(&t.kind) {
        None => report("type", format!("unknown type `{}` ({})", t.kind, desk.type_choices())),
        Some(flow) => {
            if flow.category(&t.status).is_none() {
                let statuses: Vec<_> = flow.statuses.keys().cloned().collect();
                report("status", format!("unknown status `{}` (statuses: {})", t.status, statuses.join(", ")));
            }
            for event in &t.events {
                if let Some((Some(from), Some(to))) = event.set.get("status")
                    && flow.category(from).is_some()
                    && flow.category(to).is_some()
                    && !flow.allows(from, to)
                {
                    out.push(Problem {
                        path: path.to_string(),
                        line: event.line,
                        message: format!("status change {from} → {to} is not allowed by the workflow"),
                        warning: false,
                    });
                }
            }
        }
    }
    let mut report = |key: &str, message: String| {
        out.push(Problem { path: path.to_string(), line: doc.key_line(key).unwrap_or(1), message, warning: false });
    };
    if config.priority_rank(&t.priority).is_none() {
        report("priority", format!("unknown priority `{}` (priorities: {})", t.priority, config.priorities.join(", ")));
    }
    if let Some(assignee) = &t.assignee
        && !config.agents.contains_key(assignee)
    {
        report("assignee", format!("assignee `{assignee}` is not an agent ({})", desk.agent_choices()));
    }
    if let Some(team) = &t.team
        && !config.teams.contains_key(team)
    {
        report("team", format!("unknown team `{team}`"));
    }
    for follower in &t.followers {
        if !config.agents.contains_key(follower) {
            report("followers", format!("follower `{follower}` is not an agent"));
        }
    }
    for email in t.requester.iter().chain(&t.cc) {
        if validate_email(email).is_err() {
            report(
                if t.requester.as_ref() == Some(email) { "requester" } else { "cc" },
                format!("`{email}` is not an email address"),
            );
        }
    }
    for tag in &t.tags {
        if validate_tag(tag).is_err() {
            report("tags", format!("`{tag}` is not a tag (tags are single words)"));
        }
    }
    let mut seen = HashSet::new();
    let ids = t.entries.iter().map(|e| (&e.id, e.line)).chain(t.events.iter().map(|e| (&e.id, e.line)));
    for (entry_id, line) in ids {
        if !seen.insert(entry_id.clone()) {
            out.push(Problem {
                path: path.to_string(),
                line,
                message: format!("entry id `{entry_id}` is used twice"),
                warning: false,
            });
        }
    }
    if t.entries.is_empty() {
        out.push(Problem {
            path: path.to_string(),
            line: 1,
            message: "the ticket has no description entry".into(),
            warning: false,
        });
    }
    out
}

/// Consecutive words shared with an internal note that make a public reply a quote of it.
const QUOTE_WORDS: usize = 8;

/// Phrases that promise an attachment.
const PROMISES: &[&str] = &[
    "find attached",
    "see attached",
    "see the attached",
    "i've attached",
    "i have attached",
    "attached please find",
    "see the attachment",
    "in the attachment",
    "enclosed please find",
];

/// The line of `text` a configuration problem is about, found by what its message quotes in
/// backticks: `` `email.address: x` `` is looked for as `email.address: x`, `address: x` and `x`.
fn line_named(text: &str, message: &str) -> Option<usize> {
    let quoted = message.split('`').skip(1).step_by(2);
    for token in quoted {
        let mut needles = vec![token.to_string()];
        if let Some((key, value)) = token.split_once(": ") {
            needles.push(format!("{}: {value}", key.rsplit('.').next().unwrap_or(key)));
            needles.push(value.to_string());
        }
        for needle in needles.iter().filter(|n| n.len() > 1) {
            let found =
                text.lines().position(|line| !line.trim_start().starts_with('#') && line.contains(needle.as_str()));
            if let Some(i) = found {
                return Some(i + 1);
            }
        }
    }
    None
}

/// Text with its whitespace runs made single spaces, for finding runs of words in it.
pub fn words_of(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lints public replies, typically drafted in a pull request before they are sent: unfilled
/// `{{placeholders}}`, text copied from an internal note, an attachment promised but not
/// attached, and replies added after the ticket was closed. `desk check` applies them, `desk edit`
/// does not (an old reply never blocks editing a ticket).
/// A macro's text as words, each `{{placeholder}}` standing for the one to three words it is
/// filled with (a name, a ticket ID...).
pub struct Template(Vec<Option<String>>);

impl Template {
    /// The template of a macro's body.
    pub fn of(body: &str) -> Template {
        Template(body.split_whitespace().map(|w| (!w.contains("{{")).then(|| w.to_string())).collect())
    }

    /// Whether the words of `run` appear in a row in a filled-in copy of the template.
    pub fn contains(&self, run: &[&str]) -> bool {
        fn from(run: &[&str], words: &[Option<String>]) -> bool {
            match (run.first(), words.first()) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(word), Some(Some(expected))) => word == expected && from(&run[1..], &words[1..]),
                (Some(_), Some(None)) => (1..=3.min(run.len())).any(|n| from(&run[n..], &words[1..])),
            }
        }
        (0..self.0.len()).any(|start| from(run, &self.0[start..]))
    }
}

/// `boilerplate` holds the macros' texts: runs found there, filled in, are not copies.
pub fn reply_problems(desk: &Desk, path: &str, t: &Ticket, boilerplate: &[Template]) -> Vec<Problem> {
    let mut out = Vec::new();
    let problem = |line: usize, message: String| Problem { path: path.to_string(), line, message, warning: false };
    let workflow = desk.config.workflow(&t.kind);
    let closed_at = t
        .events
        .iter()
        .filter(|e| {
            e.set.get("status").and_then(|(_, to)| to.as_deref()).and_then(|to| workflow.and_then(|w| w.category(to)))
                == Some(crate::config::Category::Closed)
        })
        .map(|e| e.line)
        .next();
    let internal: Vec<&crate::ticket::Entry> =
        t.entries.iter().filter(|e| e.visibility == crate::ticket::Visibility::Internal).collect();
    // Customers write what they like; the lints are for what the team sends.
    let sent = |e: &&crate::ticket::Entry| {
        e.visibility == crate::ticket::Visibility::Public && e.role != crate::ticket::Role::Customer
    };
    for entry in t.entries.iter().filter(sent) {
        if let Some(start) = entry.body.find("{{")
            && let Some(len) = entry.body[start..].find("}}")
        {
            let placeholder = &entry.body[start..start + len + 2];
            out.push(problem(
                entry.line,
                format!("public entry {} has an unfilled placeholder {placeholder}", entry.id),
            ));
        }
        // Eight words in a row from an internal note in a public reply: likely copied.
        let reply_words = words_of(&entry.body);
        for note in &internal {
            let words: Vec<&str> = note.body.split_whitespace().collect();
            let quoted = words
                .windows(QUOTE_WORDS)
                .filter(|run| !boilerplate.iter().any(|template| template.contains(run)))
                .map(|w| w.join(" "))
                .find(|run| reply_words.contains(run.as_str()));
            if let Some(run) = quoted {
                out.push(problem(
                    entry.line,
                    format!("public entry {} quotes internal note {}: \"{run}\"", entry.id, note.id),
                ));
            }
        }
        let body = entry.body.to_lowercase();
        let promises = PROMISES.iter().any(|w| body.contains(w));
        if promises && !entry.extra.contains_key("attachments") {
            out.push(problem(entry.line, format!("public entry {} mentions an attachment but has none", entry.id)));
        }
        if closed_at.is_some_and(|closed| entry.line > closed) {
            out.push(problem(entry.line, format!("public entry {} was added after the ticket was closed", entry.id)));
        }
    }
    out
}
