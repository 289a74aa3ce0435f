//! Operations: what each desk command does, as library calls.
//!
//! [`Desk`] bundles the store, the configuration, the clock and the ID generator. Every
//! mutating operation runs one read-modify-commit cycle through [`Desk::update`] or
//! [`Desk::create`]: take the repository lock, read the ticket from HEAD, change it through
//! [`TicketFile`]'s methods (which record an event), validate, commit.

pub mod agents;
pub mod attach;
pub mod automate;
pub mod change;
pub mod check;
pub mod converse;
pub mod create;
pub mod csv_import;
pub mod dashboard;
pub mod deliver;
pub mod diff;
pub mod edit;
pub mod export;
pub mod fetch;
pub mod history;
pub mod ingest;
pub mod init;
pub mod listing;
pub mod merge_tickets;
pub mod portal;
pub mod redact;
pub mod renumber;
pub mod report;
pub mod search_index;
pub mod sla;
pub mod split;
pub mod time;
pub mod zendesk;

use std::cell::RefCell;
use std::path::Path;

use chrono::{DateTime, Utc};
use git2::Oid;
use serde::Serialize;

use crate::clock::Clock;
use crate::config::{Category, Config};
use crate::error::{Error, Result};
use crate::id::{self, IdGenerator, TicketId};
use crate::store::{CommitRequest, FileChange, Store, StoreLock, TICKETS_DIR};
use crate::ticket::{Event, Ticket, TicketFile};

/// Environment variable naming the acting agent.
pub const AGENT_ENV: &str = "DESK_AGENT";

/// An open desk repository with its configuration.
pub struct Desk {
    /// The git store.
    pub store: Store,
    /// The parsed `.desk/` configuration.
    pub config: Config,
    /// The clock.
    pub clock: Clock,
    /// Solve or close a parent ticket even though subtasks are open (`--force`).
    pub force: std::cell::Cell<bool>,
    ids: RefCell<IdGenerator>,
}

/// The agent on whose behalf a command runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// Agent name (key in agents.yaml).
    pub name: String,
    /// Email, used as the commit author's.
    pub email: String,
    /// Display name.
    pub display: String,
}

/// A ticket read from the repository.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Full ID.
    pub id: TicketId,
    /// Repository-relative path.
    pub path: String,
    /// The parsed file.
    pub file: TicketFile,
}

/// What a mutating operation did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    /// Full ticket ID.
    pub id: String,
    /// Repository-relative path of the ticket file.
    pub path: String,
    /// Commit made (`None` when nothing changed).
    pub commit: Option<String>,
    /// Human summary of the change.
    pub summary: String,
    /// IDs of entries the operation added.
    pub entries: Vec<String>,
    /// Automation rules that fired after the change (committed separately).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub automation: Vec<automate::TicketFiring>,
    /// The automation's follow-up commit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automation_commit: Option<String>,
    /// Why the automation rules could not run after the change (the change itself stands).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automation_error: Option<String>,
}

impl Outcome {
    /// Runs the automation rules on the ticket just changed (`before`: its previous version) and
    /// records what they did. A failure there never undoes the change: it becomes a warning.
    pub fn automate(mut self, desk: &Desk, before: Option<&Ticket>) -> Outcome {
        if self.commit.is_none() {
            return self;
        }
        let Some(id) = TicketId::parse(&self.id) else { return self };
        match automate::after_command(desk, &id, before) {
            Ok(report) => {
                self.automation = report.firings;
                self.automation_commit = report.commit;
            }
            Err(err) => {
                self.summary.push_str(&format!(" (automation rules did not run: {err})"));
                self.automation_error = Some(err.to_string());
            }
        }
        self
    }
}

/// `1 ticket`, `2 tickets`: a count with its noun.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

impl Desk {
    /// Opens the desk repository containing `dir`.
    pub fn open(dir: &Path) -> Result<Desk> {
        let store = Store::open(dir)?;
        Desk::with_store(store)
    }

    /// Wraps an open store, loading its configuration.
    pub fn with_store(store: Store) -> Result<Desk> {
        let config = Config::load(|path| store.read_text(path).ok().flatten())?;
        let clock = Clock::from_env().map_err(Error::invalid)?;
        Ok(Desk { store, config, clock, force: Default::default(), ids: RefCell::new(IdGenerator::from_env()) })
    }

    /// The SLA configuration (`.desk/sla.yaml`; none when the file is absent).
    pub fn sla(&self) -> Result<crate::sla::SlaConfig> {
        let text = self.store.read_text(crate::sla::SLA_FILE)?.unwrap_or_default();
        Ok(crate::sla::SlaConfig::parse(crate::sla::SLA_FILE, &text)?)
    }

    /// What the search index derives from the configuration (see [`crate::index::Settings`]).
    pub fn index_settings(&self) -> crate::index::Settings {
        crate::index::Settings::read(&self.store, &self.config)
    }

    /// The current time from the clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Resolves who is acting: `--as`, then `DESK_AGENT`, then `git config user.email`; with no
    /// identity configured at all and exactly one agent, that agent.
    pub fn actor(&self, flag: Option<&str>) -> Result<Actor> {
        let env = std::env::var(AGENT_ENV).ok().filter(|v| !v.is_empty());
        let (_, git_email) = self.store.git_identity();
        let (who, source) = match (flag, env.as_deref(), git_email.as_deref()) {
            (Some(who), _, _) => (who.to_string(), "--as"),
            (None, Some(who), _) => (who.to_string(), AGENT_ENV),
            (None, None, Some(email)) => (email.to_string(), "git config user.email"),
            (None, None, None) if self.config.agents.len() == 1 => {
                let name = self.config.agents.keys().next().cloned().unwrap_or_default();
                (name, "the only agent")
            }
            (None, None, None) => {
                return Err(Error::invalid_with(
                    "cannot tell which agent you are",
                    format!(
                        "pass --as NAME, set {AGENT_ENV}, or set `git config user.email` to an agent's email; {}",
                        self.agent_choices()
                    ),
                ));
            }
        };
        match self.config.find_agent(&who) {
            Some((name, agent)) => Ok(Actor {
                name: name.to_string(),
                email: agent.email.clone(),
                display: agent.name.clone().unwrap_or_else(|| name.to_string()),
            }),
            None => Err(Error::invalid_with(
                format!("`{who}` (from {source}) is not an agent of this repository"),
                format!(
                    "add yourself with `desk agent add NAME --email EMAIL`, or pass --as NAME; {}",
                    self.agent_choices()
                ),
            )),
        }
    }

    /// "agents: a, b" or a note that there are none.
    pub fn agent_choices(&self) -> String {
        if self.config.agents.is_empty() {
            "no agents are defined yet".into()
        } else {
            format!("agents: {}", self.config.agents.keys().cloned().collect::<Vec<_>>().join(", "))
        }
    }

    /// A fresh ticket ID, unused as the user sees the repository (working tree, or HEAD when
    /// bare). The commit itself refuses a path HEAD already has.
    pub fn fresh_ticket_id(&self) -> Result<TicketId> {
        loop {
            let candidate = self.ids.borrow_mut().ticket_id(|_| false);
            if !self.store.exists(&candidate.path())? {
                return Ok(candidate);
            }
        }
    }

    /// A fresh entry/event ID for `file`.
    pub fn fresh_entry_id(&self, file: &TicketFile) -> String {
        file.fresh_id(&mut self.ids.borrow_mut())
    }

    /// Every ticket ID in the repository (by file name), sorted.
    pub fn all_ids(&self) -> Result<Vec<TicketId>> {
        let mut out = Vec::new();
        for shard in self.store.list_subdirs(TICKETS_DIR)? {
            out.extend(self.ids_in_shard(&shard)?);
        }
        Ok(out)
    }

    /// The tickets in one shard directory (the working tree's; HEAD's for bare repositories).
    pub fn ids_in_shard(&self, shard: &str) -> Result<Vec<TicketId>> {
        Ok(self
            .store
            .list_dir(&format!("{TICKETS_DIR}/{shard}"))?
            .iter()
            .filter_map(|name| name.strip_suffix(".md"))
            .filter_map(TicketId::parse)
            .filter(|id| id.shard() == shard)
            .collect())
    }

    /// Resolves an ID or unambiguous prefix. Looks only at the shard the prefix names, so the
    /// cost does not grow with the number of tickets.
    pub fn resolve(&self, prefix: &str) -> Result<TicketId> {
        let Some(normal) = id::normalize(prefix) else {
            return Err(Error::invalid_with(
                format!("`{prefix}` is not a ticket ID"),
                "IDs use the characters 0-9 and A-Z without I, L, O and U",
            ));
        };
        let candidates: Vec<TicketId> =
            if normal.len() >= 2 { self.ids_in_shard(&normal[..2])? } else { self.all_ids()? };
        let matches: Vec<TicketId> = candidates.into_iter().filter(|id| id.as_str().starts_with(&normal)).collect();
        match matches.len() {
            0 => Err(Error::NoSuchTicket(prefix.to_string())),
            1 => Ok(matches.into_iter().next().unwrap_or_else(|| unreachable!())),
            _ => Err(Error::AmbiguousTicket {
                prefix: prefix.to_string(),
                candidates: matches.iter().map(ToString::to_string).collect(),
            }),
        }
    }

    /// The shortest unambiguous display form of `id` (at least 4 characters).
    pub fn short_id(&self, id: &TicketId) -> String {
        let siblings = self.ids_in_shard(id.shard()).unwrap_or_default();
        let len = id::short_len(id.as_str(), siblings.iter().map(TicketId::as_str));
        id.as_str()[..len].to_string()
    }

    /// Reads a ticket as the user sees it (working tree; HEAD for bare repositories).
    pub fn load(&self, id: &TicketId) -> Result<Loaded> {
        let path = id.path();
        let text = self.store.read_text(&path)?.ok_or_else(|| Error::NoSuchTicket(id.to_string()))?;
        let file = TicketFile::parse(&text).map_err(|e| Error::Syntax {
            path: path.clone(),
            line: e.line,
            message: e.message,
        })?;
        Ok(Loaded { id: id.clone(), path, file })
    }

    /// The category of a ticket's status (`None` if the status is unknown).
    pub fn category_of(&self, ticket: &Ticket) -> Option<Category> {
        self.config.category_of(ticket)
    }

    /// "types: a, b".
    pub fn type_choices(&self) -> String {
        format!("types: {}", self.config.types.keys().cloned().collect::<Vec<_>>().join(", "))
    }

    /// A new event by `actor` at the current time, with an ID unused in `file`.
    pub fn event(&self, file: &TicketFile, by: &str) -> Event {
        Event { id: self.fresh_entry_id(file), at: self.now(), by: by.to_string(), ..Default::default() }
    }

    /// Runs one read-modify-commit cycle on a ticket. `change` edits the file (recording into the
    /// event it is given) and returns a summary; nothing is committed when the file is unchanged.
    pub fn update(
        &self,
        id: &TicketId,
        actor: &Actor,
        action: &str,
        change: impl FnOnce(&Desk, &mut TicketFile, &mut Event) -> Result<String>,
    ) -> Result<Outcome> {
        self.update_with_files(id, actor, action, |desk, file, event, _| change(desk, file, event))
    }

    /// Like [`Desk::update`], where `change` may also add other files to the commit (such as
    /// attachments).
    pub fn update_with_files(
        &self,
        id: &TicketId,
        actor: &Actor,
        action: &str,
        change: impl FnOnce(&Desk, &mut TicketFile, &mut Event, &mut Vec<FileChange>) -> Result<String>,
    ) -> Result<Outcome> {
        let lock = self.store.lock()?;
        let path = id.path();
        let (base, bytes) = self.store.head_file(&path)?.ok_or_else(|| {
            Error::invalid_with(
                format!("{path} is not committed yet"),
                format!("commit it with git first (`git add {path} && git commit`)"),
            )
        })?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Syntax {
            path: path.clone(),
            line: 1,
            message: format!("not UTF-8 text ({e})"),
        })?;
        let mut file = TicketFile::parse(&text).map_err(|e| Error::Syntax {
            path: path.clone(),
            line: e.line,
            message: e.message,
        })?;
        let entries_before = file.ticket().entries.len();
        let before = file.ticket().clone();
        let mut event = self.event(&file, &actor.name);
        let mut files = Vec::new();
        let summary = change(self, &mut file, &mut event, &mut files)?;
        file.push_event(event);
        let new_text = file.render();
        let entries = file.ticket().entries[entries_before..].iter().map(|e| e.id.clone()).collect();
        let mut outcome = Outcome {
            id: id.to_string(),
            path: path.clone(),
            commit: None,
            summary: summary.clone(),
            entries,
            ..Default::default()
        };
        if new_text == text && files.is_empty() {
            return Ok(outcome);
        }
        let message = commit_message(file.ticket(), action, &summary, actor);
        let changes = std::iter::once(FileChange { path, content: Some(new_text.into_bytes()), base: Some(base) })
            .chain(files)
            .collect();
        outcome.commit = Some(self.commit_as(&lock, actor, changes, message)?.to_string());
        drop(lock);
        Ok(outcome.automate(self, Some(&before)))
    }
}

impl Desk {
    /// Makes one commit of `changes` as `actor` at the clock's time.
    pub fn commit_as(&self, lock: &StoreLock, actor: &Actor, changes: Vec<FileChange>, message: String) -> Result<Oid> {
        let request = CommitRequest {
            changes,
            message,
            name: actor.display.clone(),
            email: actor.email.clone(),
            time: self.now(),
        };
        self.store.commit(lock, request)
    }

    /// Like [`Desk::update`] for two tickets changed together in one commit (a link, a merge):
    /// `change` edits both files, recording into their events. The outcome names `a`.
    pub fn update_two(
        &self,
        a: &TicketId,
        b: &TicketId,
        actor: &Actor,
        action: &str,
        change: impl FnOnce(&Desk, [(&mut TicketFile, &mut Event); 2]) -> Result<String>,
    ) -> Result<Outcome> {
        if a == b {
            return Err(Error::invalid(format!("{a} cannot be linked or merged with itself")));
        }
        let lock = self.store.lock()?;
        let read = |id: &TicketId| -> Result<(Oid, TicketFile)> {
            let (base, bytes) = self.store.head_file(&id.path())?.ok_or_else(|| Error::NoSuchTicket(id.to_string()))?;
            Ok((base, parse_ticket(&id.path(), &bytes)?))
        };
        let ((base_a, mut file_a), (base_b, mut file_b)) = (read(a)?, read(b)?);
        let (before_a, before_b) = (file_a.ticket().clone(), file_b.ticket().clone());
        let (text_a, text_b) = (file_a.render(), file_b.render());
        let mut event_a = self.event(&file_a, &actor.name);
        let mut event_b = self.event(&file_b, &actor.name);
        let summary = change(self, [(&mut file_a, &mut event_a), (&mut file_b, &mut event_b)])?;
        file_a.push_event(event_a);
        file_b.push_event(event_b);
        let (new_a, new_b) = (file_a.render(), file_b.render());
        let mut outcome = Outcome { id: a.to_string(), path: a.path(), summary: summary.clone(), ..Default::default() };
        if new_a == text_a && new_b == text_b {
            return Ok(outcome);
        }
        let mut changes = Vec::new();
        for (id, base, old, new) in [(a, base_a, text_a, new_a), (b, base_b, text_b, new_b)] {
            if old != new {
                changes.push(FileChange { path: id.path(), content: Some(new.into_bytes()), base: Some(base) });
            }
        }
        let message = format!("{}Desk-Ticket: {b}\n", commit_message(file_a.ticket(), action, &summary, actor));
        outcome.commit = Some(self.commit_as(&lock, actor, changes, message)?.to_string());
        drop(lock);
        let outcome = outcome.automate(self, Some(&before_a));
        if let Ok(report) = automate::after_command(self, b, Some(&before_b)) {
            let mut outcome = outcome;
            outcome.automation.extend(report.firings);
            return Ok(outcome);
        }
        Ok(outcome)
    }
}

/// Parses a ticket file's bytes read from git; errors name `path`.
pub fn parse_ticket(path: &str, bytes: &[u8]) -> Result<TicketFile> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Syntax {
        path: path.to_string(),
        line: 1,
        message: format!("not UTF-8 text ({e})"),
    })?;
    TicketFile::parse(text).map_err(|e| Error::Syntax { path: path.to_string(), line: e.line, message: e.message })
}

/// The commit message for a ticket change: `[ID] action: title`, a summary line, trailers.
pub fn commit_message(ticket: &Ticket, action: &str, summary: &str, actor: &Actor) -> String {
    format!(
        "[{id}] {action}: {title}\n\n{summary}\n\nDesk-Ticket: {id}\nDesk-Action: {action}\nDesk-Agent: {agent}\n",
        id = ticket.id,
        title = ticket.title,
        agent = actor.name,
    )
}
