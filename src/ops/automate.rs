//! Running automation rules on commits and on the clock, and the outbox they fill.
//!
//! Three entry points share one engine ([`crate::automation::engine`]):
//! - after each desk command, on the ticket it changed (desk commits through libgit2, so git's
//!   hooks do not run for them);
//! - `desk automate --hook` from git's post-commit hook and `desk automate --range A..B` in CI:
//!   events are derived by comparing each ticket changed in the range before and after;
//! - `desk automate --tick`: time-based rules over every ticket.
//!
//! What rules change lands as one follow-up commit with `Desk-Automation:` trailers, together
//! with queued notifications (`outbox/`) and the round-robin state. The cost of a hook run is
//! proportional to the tickets the commit touched.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use git2::Oid;
use serde::Serialize;

use super::listing::{for_each_ticket, scan};
use super::{Actor, Desk};
use crate::automation::engine::{self, Env, Firing, OutboxItem};
use crate::automation::rules::{self, Assignee, RULES_FILE};
use crate::automation::{
    Action, MACROS_DIR, Macro, OUTBOX_DIR, Rule, STATE_FILE, State, TicketEvent, events, parse_macro,
};
use crate::config::{Category, ConfigError, DEFAULT_AUTO_REPLY_INTERVAL};
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::store::{CommitRequest, FileChange, StoreLock, TICKETS_DIR};
use crate::ticket::{Role, Ticket, TicketFile};

/// Set to `off` to keep desk commands and the post-commit hook from running rules.
pub const AUTOMATION_ENV: &str = "DESK_AUTOMATION";
/// The trailer marking commits made by rules.
pub const TRAILER: &str = "Desk-Automation";

/// Rules and macros of a repository.
pub struct Automation {
    /// Rules in file order.
    pub rules: Vec<Rule>,
    /// Macros by name.
    pub macros: BTreeMap<String, Macro>,
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Each firing, with its ticket.
    pub firings: Vec<TicketFiring>,
    /// The follow-up commit (`None` when nothing fired, or with `--dry-run`).
    pub commit: Option<String>,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// Tickets looked at.
    pub tickets: usize,
    /// Tickets that could not be read (the run went on without them).
    pub errors: Vec<String>,
}

/// One firing on one ticket.
#[derive(Debug, Clone, Serialize)]
pub struct TicketFiring {
    /// Ticket ID.
    pub ticket: String,
    /// The firing.
    #[serde(flatten)]
    pub firing: Firing,
}

/// Loads `.desk/rules.yaml` and `.desk/macros/*.md`.
pub fn load(desk: &Desk) -> std::result::Result<Automation, ConfigError> {
    let text = desk.store.read_text(RULES_FILE).ok().flatten();
    let rules = rules::parse(text.as_deref(), &desk.config)?;
    let macros = load_macros(desk)?;
    if let Some(unknown) = unknown_macros(&rules, |name| macros.contains_key(name)).into_iter().next() {
        return Err(unknown);
    }
    Ok(Automation { rules, macros })
}

/// Loads the macros.
pub fn load_macros(desk: &Desk) -> std::result::Result<BTreeMap<String, Macro>, ConfigError> {
    let (macros, mut problems) = read_macros(desk);
    if problems.is_empty() { Ok(macros) } else { Err(problems.remove(0)) }
}

/// The macros that read, and every problem of those that do not.
fn read_macros(desk: &Desk) -> (BTreeMap<String, Macro>, Vec<ConfigError>) {
    let mut macros = BTreeMap::new();
    let mut problems = Vec::new();
    for name in desk.store.list_dir(MACROS_DIR).unwrap_or_default() {
        let Some(stem) = name.strip_suffix(".md") else { continue };
        let path = format!("{MACROS_DIR}/{name}");
        let text = desk.store.read_text(&path).ok().flatten().unwrap_or_default();
        match parse_macro(stem, &text, &desk.config) {
            Ok(m) => {
                macros.insert(stem.to_string(), m);
            }
            Err(found) => problems.extend(found),
        }
    }
    (macros, problems)
}

/// Each rule action naming a macro that `.desk/macros/` does not have.
fn unknown_macros(rules: &[rules::Rule], exists: impl Fn(&str) -> bool) -> Vec<ConfigError> {
    let mut out = Vec::new();
    for rule in rules {
        for action in &rule.actions {
            if let Action::Reply(crate::automation::rules::Text::Macro(name))
            | Action::Note(crate::automation::rules::Text::Macro(name)) = action
                && !exists(name)
            {
                out.push(ConfigError {
                    path: RULES_FILE.into(),
                    line: rule.line,
                    message: format!("rule `{}` uses macro `{name}`, which {MACROS_DIR}/ does not have", rule.name),
                });
            }
        }
    }
    out
}

fn role_of(desk: &Desk) -> impl Fn(&str) -> Role + '_ {
    |who: &str| {
        if who == "desk" {
            Role::System
        } else if desk.config.agents.contains_key(who) {
            Role::Agent
        } else {
            Role::Customer
        }
    }
}

/// Whether desk commands run rules after committing (`DESK_AUTOMATION=off` turns it off).
pub fn enabled_after_commands() -> bool {
    !matches!(std::env::var(AUTOMATION_ENV).as_deref(), Ok("off" | "0" | "false" | "no"))
}

/// One ticket to run rules on.
struct Work {
    id: TicketId,
    /// HEAD's version (what rules change).
    file: TicketFile,
    /// HEAD's blob of the file.
    base: Oid,
    /// Events to react to (`None`: time-based rules).
    events: Option<Vec<TicketEvent>>,
}

/// Runs rules on the ticket a desk command just changed (`before`: its previous version).
pub fn after_command(desk: &Desk, id: &TicketId, before: Option<&Ticket>) -> Result<Report> {
    if !enabled_after_commands() {
        return Ok(Report::default());
    }
    // A broken rules file never blocks work: the command's change stands and the error is
    // shown with it (`desk check` reports it too).
    let automation = load(desk)?;
    if !automation.rules.iter().any(|r| r.enabled && matches!(r.trigger, rules::Trigger::On(_))) {
        return Ok(Report::default());
    }
    let lock = desk.store.lock()?;
    let Some((base, bytes)) = desk.store.head_file(&id.path())? else { return Ok(Report::default()) };
    let file = super::parse_ticket(&id.path(), &bytes)?;
    let events = events::derive(before, file.ticket(), role_of(desk));
    // Most changes interest no rule: stop before reading the rest of the automation state.
    let listened = |kind| {
        automation.rules.iter().any(|r| r.enabled && matches!(&r.trigger, rules::Trigger::On(k) if k.contains(&kind)))
    };
    if !events.iter().any(|e| listened(e.kind)) {
        return Ok(Report::default());
    }
    run(desk, &automation, vec![Work { id: id.clone(), file, base, events: Some(events) }], Some(lock))
}

/// Runs rules for the commits in `from..to` (`from` absent: everything up to `to`).
pub fn range(desk: &Desk, from: Option<&str>, to: &str, dry_run: bool) -> Result<Report> {
    let automation = load(desk)?;
    let lock = if dry_run { None } else { Some(desk.store.lock()?) };
    let repo = desk.store.git();
    let tree_of = |rev: &str| -> Result<git2::Tree<'_>> {
        let object = repo.revparse_single(rev).map_err(|_| {
            Error::invalid_with(
                format!("`{rev}` is not a revision"),
                "give a commit, branch or tag, e.g. origin/main..HEAD",
            )
        })?;
        Ok(object.peel_to_tree()?)
    };
    let old = from.map(tree_of).transpose()?;
    let new = tree_of(to)?;
    let mut work = Vec::new();
    let mut errors = Vec::new();
    for (path, old_blob, new_blob) in desk.store.changed_files(old.as_ref(), &new, TICKETS_DIR)? {
        let (Some(new_blob), Some(id)) = (new_blob, TicketId::from_path(&path)) else { continue };
        let read = |oid: Oid| -> Result<TicketFile> { super::parse_ticket(&path, repo.find_blob(oid)?.content()) };
        let outcome = (|| -> Result<Option<Work>> {
            let after = read(new_blob)?;
            // A commit that repairs a broken file changes nothing rules could tell apart.
            let Ok(before) = old_blob.map(read).transpose() else { return Ok(None) };
            let events = events::derive(before.as_ref().map(TicketFile::ticket), after.ticket(), role_of(desk));
            let Some((base, bytes)) = desk.store.head_file(&path)? else { return Ok(None) };
            Ok(Some(Work { id, file: super::parse_ticket(&path, &bytes)?, base, events: Some(events) }))
        })();
        match outcome {
            Ok(Some(w)) => work.push(w),
            Ok(None) => {}
            Err(err) => errors.push(err.to_string()),
        }
    }
    let mut report = run(desk, &automation, work, lock)?;
    report.dry_run = dry_run;
    report.errors.extend(errors);
    Ok(report)
}

/// Runs rules for the commit git just made (the post-commit hook). A commit made by rules is
/// skipped: its cascade already ran.
pub fn hook(desk: &Desk) -> Result<Report> {
    if !enabled_after_commands() {
        return Ok(Report::default());
    }
    let repo = desk.store.git();
    let head = repo.head()?.peel_to_commit()?;
    if head.message().is_ok_and(|m| m.lines().any(|l| l.starts_with(&format!("{TRAILER}:")))) {
        return Ok(Report::default());
    }
    let parent = head.parent_ids().next().map(|p| p.to_string());
    range(desk, parent.as_deref(), &head.id().to_string(), false)
}

/// Runs the time-based rules over every ticket.
pub fn tick(desk: &Desk, dry_run: bool) -> Result<Report> {
    let automation = load(desk)?;
    if !automation.rules.iter().any(|r| r.enabled && matches!(r.trigger, rules::Trigger::Every(_))) {
        return Ok(Report { dry_run, ..Report::default() });
    }
    let lock = if dry_run { None } else { Some(desk.store.lock()?) };
    let mut work = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut failure = None;
    let read_errors = for_each_ticket(desk, |loaded| match desk.store.head_file(&loaded.path) {
        Ok(Some((base, _))) => work.push(Work { id: loaded.id, file: loaded.file, base, events: None }),
        Ok(None) => {}
        Err(err) => failure = Some(err),
    });
    if let Some(err) = failure {
        return Err(err);
    }
    errors.extend(read_errors.iter().map(ToString::to_string));
    let mut report = run(desk, &automation, work, lock)?;
    report.dry_run = dry_run;
    report.errors.extend(errors);
    Ok(report)
}

/// Unresolved tickets per assignee (for `least_open`).
fn open_counts(desk: &Desk) -> BTreeMap<String, usize> {
    let config = &desk.config;
    let (assignees, _, _) = scan(desk, |_, _, t| {
        let unresolved = config.category_of(t).is_some_and(Category::is_unresolved);
        t.assignee.clone().filter(|_| unresolved)
    });
    let mut counts = BTreeMap::new();
    for a in assignees {
        *counts.entry(a).or_default() += 1;
    }
    counts
}

/// Runs the rules on `work` and commits the result while holding `lock` (`None`: a dry run).
fn run(desk: &Desk, automation: &Automation, work: Vec<Work>, lock: Option<StoreLock>) -> Result<Report> {
    let dry_run = lock.is_none();
    let state_before = desk.store.head_file(STATE_FILE)?;
    let mut state =
        State::parse(state_before.as_ref().map(|(_, b)| String::from_utf8_lossy(b).into_owned()).as_deref())
            .unwrap_or_default();
    let uses_least_open =
        automation.rules.iter().any(|r| r.actions.iter().any(|a| matches!(a, Action::Assign(Assignee::LeastOpen(_)))));
    if uses_least_open {
        state.open = open_counts(desk);
    }
    let round_robin_before = state.round_robin.clone();
    state.auto_reply_interval = desk.config.email.auto_reply_interval().unwrap_or(Some(DEFAULT_AUTO_REPLY_INTERVAL));
    let mut marker_bases = BTreeMap::new();
    for sender in work.iter().flat_map(|w| w.events.iter().flatten()).filter_map(|e| e.mail_from.as_deref()) {
        if let Some((oid, at)) = last_auto_reply(desk, sender)? {
            state.auto_replied.insert(sender.to_string(), at);
            marker_bases.insert(sender.to_string(), oid);
        }
    }
    let auto_replied_before = state.auto_replied.clone();
    // SLA policies are parsed only for rules whose conditions use them.
    let uses_sla = automation.rules.iter().any(|r| {
        r.conditions.iter().any(|c| matches!(c, rules::Condition::Query(q) if q.contains("sla") || q.contains("due")))
    });
    let sla = if uses_sla { desk.sla().ok() } else { None };
    let mut report = Report { dry_run, tickets: work.len(), ..Report::default() };
    let mut changes = Vec::new();
    for mut item in work {
        let original = item.file.render();
        let mut env = Env {
            config: &desk.config,
            sla: sla.as_ref(),
            macros: &automation.macros,
            now: desk.now(),
            state: &mut state,
        };
        let firings = match &item.events {
            Some(events) => engine::on_events(&automation.rules, &mut item.file, events, &mut env),
            None => engine::on_tick(&automation.rules, &mut item.file, &mut env),
        };
        if firings.is_empty() {
            continue;
        }
        for firing in &firings {
            for outbox in &firing.outbox {
                changes.push(FileChange {
                    path: format!("{OUTBOX_DIR}/{}.md", outbox.id),
                    content: Some(render_outbox(outbox).into_bytes()),
                    base: None,
                });
            }
        }
        let text = item.file.render();
        if text != original {
            changes.push(FileChange { path: item.id.path(), content: Some(text.into_bytes()), base: Some(item.base) });
        }
        report.firings.extend(firings.into_iter().map(|firing| TicketFiring { ticket: item.id.to_string(), firing }));
    }
    if state.round_robin != round_robin_before {
        changes.push(FileChange {
            path: STATE_FILE.into(),
            content: Some(state.render().into_bytes()),
            base: state_before.map(|(oid, _)| oid),
        });
    }
    for (sender, at) in &state.auto_replied {
        if auto_replied_before.get(sender) != Some(at) {
            let text = format!("{}\n", crate::clock::format_time(at));
            changes.push(FileChange {
                path: auto_reply_path(sender),
                content: Some(text.into_bytes()),
                base: marker_bases.get(sender).copied(),
            });
        }
    }
    if dry_run || changes.is_empty() {
        return Ok(report);
    }
    let mut rules_fired: Vec<&str> = report.firings.iter().map(|f| f.firing.rule.as_str()).collect();
    rules_fired.sort();
    rules_fired.dedup();
    let mut tickets: Vec<&str> = report.firings.iter().map(|f| f.ticket.as_str()).collect();
    tickets.dedup();
    let mut message =
        format!("desk automation: {} rule firing(s) on {} ticket(s)\n\n", report.firings.len(), tickets.len());
    for f in &report.firings {
        message.push_str(&format!("{} {}: {}\n", f.ticket, f.firing.rule, f.firing.did.join("; ")));
    }
    message.push_str("\nDesk-Action: automation\n");
    for rule in &rules_fired {
        message.push_str(&format!("{TRAILER}: {rule}\n"));
    }
    for ticket in &tickets {
        message.push_str(&format!("Desk-Ticket: {ticket}\n"));
    }
    let request = CommitRequest {
        changes,
        message,
        name: "desk automation".into(),
        email: "desk@localhost".into(),
        time: desk.now(),
    };
    let Some(lock) = &lock else { return Ok(report) };
    report.commit = Some(desk.store.commit(lock, request)?.to_string());
    Ok(report)
}

/// Where the time of the last automatic reply to `sender` is kept: one small file per address
/// (named by its SHA-1, so no address appears in paths), rewritten only when desk answers them.
pub fn auto_reply_path(sender: &str) -> String {
    let hex = crate::id::sha1_hex(sender.to_ascii_lowercase().as_bytes());
    format!("{}/auto-replied/{}/{hex}", super::ingest::MAIL_INDEX_DIR, &hex[..2])
}

/// The marker's blob and the time in it (an unreadable time counts as no reply).
fn last_auto_reply(desk: &Desk, sender: &str) -> Result<Option<(Oid, DateTime<Utc>)>> {
    let Some((oid, bytes)) = desk.store.head_file(&auto_reply_path(sender))? else { return Ok(None) };
    Ok(crate::clock::parse_time(String::from_utf8_lossy(&bytes).trim()).map(|at| (oid, at)))
}

/// An outbox file: front matter (to, subject, ticket, rule, queued) and the Markdown body.
pub fn render_outbox(item: &OutboxItem) -> String {
    use crate::ticket::yaml::{list_lines, scalar_line};
    let mut out = String::from("---\n");
    out.push_str(&list_lines("to", &item.to).unwrap_or_default());
    out.push_str(&scalar_line("subject", &item.subject));
    out.push_str(&scalar_line("ticket", &item.ticket));
    out.push_str(&scalar_line("rule", &item.rule));
    out.push_str(&scalar_line("queued", &crate::clock::format_time(&item.at)));
    out.push_str("---\n\n");
    out.push_str(item.body.trim_end());
    out.push('\n');
    out
}

/// A queued message, as `desk outbox` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Queued {
    /// File name without `.md`.
    pub id: String,
    /// Repository-relative path.
    pub path: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Subject.
    pub subject: String,
    /// The ticket.
    pub ticket: String,
    /// The rule that queued it.
    pub rule: String,
    /// When.
    pub queued: String,
    /// The body.
    pub body: String,
}

#[derive(serde::Deserialize)]
struct OutboxFront {
    #[serde(default)]
    to: Vec<String>,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    ticket: String,
    #[serde(default)]
    rule: String,
    #[serde(default)]
    queued: String,
}

/// The messages waiting in `outbox/`, oldest first.
pub fn outbox(desk: &Desk) -> Result<Vec<Queued>> {
    let mut out = Vec::new();
    for name in desk.store.list_dir(OUTBOX_DIR)? {
        let Some(id) = name.strip_suffix(".md") else { continue };
        let path = format!("{OUTBOX_DIR}/{name}");
        let text = desk.store.read_text(&path)?.unwrap_or_default();
        let (front, body) = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .ok_or_else(|| Error::Syntax { path: path.clone(), line: 1, message: "no front matter".into() })?;
        let front: OutboxFront = serde_yaml_ng::from_str(front).map_err(|e| {
            let (line, message) = crate::config::yaml_error(&e);
            Error::Syntax { path: path.clone(), line: line + 1, message }
        })?;
        out.push(Queued {
            id: id.to_string(),
            path,
            to: front.to,
            subject: front.subject,
            ticket: front.ticket,
            rule: front.rule,
            queued: front.queued,
            body: body.trim().to_string(),
        });
    }
    out.sort_by(|a, b| a.queued.cmp(&b.queued).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

/// Installs git's post-commit hook running `desk automate --hook` (kept beside an existing hook).
pub fn install_hook(repo: &git2::Repository) -> Result<std::path::PathBuf> {
    let hooks = match repo.config().ok().and_then(|c| c.get_path("core.hooksPath").ok()) {
        Some(path) if path.is_absolute() => path,
        Some(path) => repo.workdir().unwrap_or(repo.path()).join(path),
        None => repo.commondir().join("hooks"),
    };
    std::fs::create_dir_all(&hooks).map_err(|e| Error::io(format!("creating {}", hooks.display()), e))?;
    let path = hooks.join("post-commit");
    let exe = std::env::current_exe().map_err(|e| Error::io("finding the desk binary", e))?;
    let line = format!("\"{}\" automate --hook || true", exe.display());
    let marker = "# desk: run automation rules";
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let text = if existing.contains(marker) {
        existing
            .lines()
            .map(|l| if l.contains("automate --hook") { line.clone() } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    } else if existing.is_empty() {
        format!("#!/bin/sh\n{marker} on tickets this commit changed (installed by `desk hooks install`)\n{line}\n")
    } else {
        format!(
            "{}\n{marker} on tickets this commit changed (installed by `desk hooks install`)\n{line}\n",
            existing.trim_end()
        )
    };
    std::fs::write(&path, text).map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
    }
    Ok(path)
}

/// Problems and warnings about the rules and macros, for `desk check`.
pub fn rule_problems(desk: &Desk) -> Vec<super::check::Problem> {
    let problem = |path: String, line: usize, message: String, warning: bool| super::check::Problem {
        path,
        line,
        message,
        warning,
    };
    // Every rule that does not read is named, not only the first.
    let text = desk.store.read_text(RULES_FILE).ok().flatten();
    let (rules, mut unreadable) = rules::parse_all(text.as_deref(), &desk.config);
    let (macros, broken_macros) = read_macros(desk);
    // A macro that exists but does not read is reported as such, not as missing.
    let broken_paths: Vec<String> = broken_macros.iter().map(|e| e.path.clone()).collect();
    let exists =
        |name: &str| macros.contains_key(name) || broken_paths.iter().any(|p| *p == format!("{MACROS_DIR}/{name}.md"));
    unreadable.extend(unknown_macros(&rules, exists));
    unreadable.extend(broken_macros);
    if !unreadable.is_empty() {
        return unreadable.into_iter().map(|e| problem(e.path, e.line, e.message, false)).collect();
    }
    let automation = match load(desk) {
        Ok(a) => a,
        Err(e) => return vec![problem(e.path, e.line, e.message, false)],
    };
    let line_of = |name: &str| automation.rules.iter().find(|r| r.name == name).map_or(1, |r| r.line);
    let mut out = Vec::new();
    for name in engine::unnullified(&automation.rules) {
        out.push(problem(
            RULES_FILE.to_string(),
            line_of(&name),
            format!("rule `{name}` runs on ticket.updated and its actions do not make its conditions false, so it fires again on every update; add a condition its actions undo (e.g. `tag: \"!done\"` with `add_tags: [done]`)"),
            true,
        ));
    }
    for (a, b) in engine::mutual_triggers(&automation.rules) {
        out.push(problem(
            RULES_FILE.to_string(),
            line_of(&a),
            format!("rules `{a}` and `{b}` can trigger each other (each runs at most once per event chain)"),
            true,
        ));
    }
    out
}

/// A macro's reply text filled in for a ticket and the acting agent.
pub fn macro_text(desk: &Desk, actor: &Actor, id: &TicketId, name: &str) -> Result<String> {
    let m = find_macro(desk, name)?;
    let loaded = desk.load(id)?;
    Ok(crate::automation::render_placeholders(&m.body, loaded.file.ticket(), &desk.config, Some(&actor.name)))
}

fn find_macro(desk: &Desk, name: &str) -> Result<Macro> {
    let mut macros = load_macros(desk)?;
    macros.remove(name).ok_or_else(|| {
        Error::invalid_with(
            format!("no macro `{name}`"),
            format!(
                "macros: {} (files in {MACROS_DIR}/)",
                if macros.is_empty() {
                    "none yet".to_string()
                } else {
                    macros.keys().cloned().collect::<Vec<_>>().join(", ")
                }
            ),
        )
    })
}

/// Applies a macro to a ticket: its reply (public, by the acting agent) and its field changes,
/// in one commit. `body` overrides the macro's text (after editing).
pub fn apply_macro(
    desk: &Desk,
    actor: &Actor,
    id: &TicketId,
    name: &str,
    body: Option<&str>,
) -> Result<super::Outcome> {
    let m = find_macro(desk, name)?;
    desk.update(id, actor, "macro", |desk, file, event| {
        super::change::ensure_not_closed(desk, file, "take new messages")?;
        let text = match body {
            Some(text) => text.to_string(),
            None => crate::automation::render_placeholders(&m.body, file.ticket(), &desk.config, Some(&actor.name)),
        };
        let mut did = vec![format!("macro {name}")];
        if !text.trim().is_empty() {
            let entry = crate::ticket::Entry {
                id: desk.fresh_entry_id(file),
                at: desk.now(),
                author: actor.name.clone(),
                role: Role::Agent,
                visibility: crate::ticket::Visibility::Public,
                extra: Default::default(),
                body: text,
                line: 0,
            };
            file.push_entry(entry);
            did.push(format!("public reply by {}", actor.name));
        }
        for action in &m.actions {
            match action {
                Action::Set(fields) => {
                    for (field, value) in fields {
                        let value = value.as_deref().map(|v| if v == "me" { actor.name.as_str() } else { v });
                        match (field.as_str(), value) {
                            ("status", Some(to)) => {
                                did.push(super::change::apply_status(desk, file, event, to, actor)?)
                            }
                            (field, value) => {
                                if file.set(field, value, event) {
                                    did.push(format!("{field} {}", value.unwrap_or("none")));
                                }
                            }
                        }
                    }
                }
                Action::AddTags(tags) => {
                    let added = file.add("tags", tags, event);
                    if !added.is_empty() {
                        did.push(format!("tags +{}", added.join(" +")));
                    }
                }
                Action::RemoveTags(tags) => {
                    let removed = file.remove("tags", tags, event);
                    if !removed.is_empty() {
                        did.push(format!("tags -{}", removed.join(" -")));
                    }
                }
                _ => {}
            }
        }
        Ok(did.join("; "))
    })
}
