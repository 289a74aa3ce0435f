//! Repository configuration: the files under `.desk/`.
//!
//! Each concern has its own file (agents, teams, types, priorities, workflows, settings) so a
//! pull request that adds an agent touches only `agents.yaml`. This module parses them (errors
//! carry `file:line`) and answers the questions the domain asks: is this a status of that type's
//! workflow, may it move there, who is this agent.

use std::fmt;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Directory of the configuration, relative to the repository root.
pub const CONFIG_DIR: &str = ".desk";

/// Status categories every workflow maps its statuses to; other features key on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Not looked at yet.
    New,
    /// Being worked on (or waiting on a third party).
    Open,
    /// Waiting for the requester.
    Pending,
    /// Answered.
    Solved,
    /// Final.
    Closed,
}

impl Category {
    /// All categories in lifecycle order.
    pub const ALL: [Category; 5] =
        [Category::New, Category::Open, Category::Pending, Category::Solved, Category::Closed];

    /// The category's name as written in configuration and queries.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::New => "new",
            Category::Open => "open",
            Category::Pending => "pending",
            Category::Solved => "solved",
            Category::Closed => "closed",
        }
    }

    /// True for categories that still need work (new, open, pending).
    pub fn is_unresolved(self) -> bool {
        matches!(self, Category::New | Category::Open | Category::Pending)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A support agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Full name for display (defaults to the agent's key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email address, matched against `git config user.email`.
    pub email: String,
    /// Teams the agent belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<String>,
}

/// A team of agents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// What the team handles.
    #[serde(default)]
    pub description: Option<String>,
}

/// A ticket type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketType {
    /// Name of the workflow in `workflows.yaml`.
    #[serde(default = "default_workflow")]
    pub workflow: String,
    /// What the type is for.
    #[serde(default)]
    pub description: Option<String>,
}

fn default_workflow() -> String {
    "default".into()
}

/// A status of a workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusDef {
    /// Its category.
    pub category: Category,
    /// What it means.
    #[serde(default)]
    pub description: Option<String>,
}

/// Statuses and the transitions allowed between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    /// Status of a new ticket.
    pub initial: String,
    /// Statuses in display order.
    pub statuses: IndexMap<String, StatusDef>,
    /// For each status, where it may go. A status missing here may go anywhere.
    #[serde(default)]
    pub transitions: IndexMap<String, Vec<String>>,
}

impl Workflow {
    /// The category of `status`, if it belongs to this workflow.
    pub fn category(&self, status: &str) -> Option<Category> {
        self.statuses.get(status).map(|s| s.category)
    }

    /// Whether `from` may move to `to`.
    pub fn allows(&self, from: &str, to: &str) -> bool {
        from == to || self.transitions.get(from).is_none_or(|next| next.iter().any(|s| s == to))
    }

    /// Statuses `from` may move to.
    pub fn next(&self, from: &str) -> Vec<&str> {
        self.statuses.keys().map(String::as_str).filter(|to| *to != from && self.allows(from, to)).collect()
    }

    /// Checks that `from` may move to `to`; the error says where `from` can go instead.
    pub fn check_transition(&self, from: &str, to: &str) -> crate::error::Result<()> {
        if self.allows(from, to) {
            return Ok(());
        }
        let next = self.next(from);
        let hint = if next.is_empty() {
            format!("`{from}` is final; open a follow-up ticket with `desk new` instead")
        } else {
            format!("from {from} it can go to: {}", next.join(", "))
        };
        Err(crate::error::Error::invalid_with(format!("a ticket cannot go from {from} to {to}"), hint))
    }

    /// The first status of `category` (e.g. the status `desk resolve` uses).
    pub fn first_in(&self, category: Category) -> Option<&str> {
        self.statuses.iter().find(|(_, def)| def.category == category).map(|(name, _)| name.as_str())
    }
}

/// A saved view in `.desk/views.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// What the view shows.
    #[serde(default)]
    pub description: Option<String>,
    /// The query (docs/query.md).
    #[serde(default)]
    pub query: String,
    /// Sort keys, e.g. `-priority,created`.
    #[serde(default)]
    pub sort: Option<String>,
    /// Columns to show.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Field to group rows by.
    #[serde(default)]
    pub group_by: Option<String>,
}

/// The kind of a custom ticket field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// A number (integer or decimal).
    Number,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// One of `options`.
    Choice,
    /// `true` or `false`.
    Checkbox,
}

/// A custom ticket field (`fields:` in `.desk/config.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomField {
    /// What values it takes.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// For `choice`: the allowed values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// What it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl CustomField {
    /// The canonical text of `value` for this field, or why it does not fit.
    pub fn normalize(&self, value: &str) -> Result<String, String> {
        let value = value.trim();
        match self.kind {
            FieldKind::Text if value.contains('\n') => Err("takes one line of text".into()),
            FieldKind::Text => Ok(value.to_string()),
            FieldKind::Number => value
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(|_| value.to_string())
                .ok_or_else(|| format!("`{value}` is not a number")),
            FieldKind::Date => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map(|d| d.format("%Y-%m-%d").to_string())
                .map_err(|_| format!("`{value}` is not a date (YYYY-MM-DD)")),
            FieldKind::Choice => self
                .options
                .iter()
                .find(|o| o.eq_ignore_ascii_case(value))
                .cloned()
                .ok_or_else(|| format!("`{value}` is not one of: {}", self.options.join(", "))),
            FieldKind::Checkbox => match value.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" | "x" => Ok("true".into()),
                "false" | "no" | "off" | "0" | "" => Ok("false".into()),
                _ => Err(format!("`{value}` is not true or false")),
            },
        }
    }
}

/// Whether a custom field may not use `name`: front-matter keys desk writes, query fields and
/// words, and keys of `desk show --json`.
fn is_reserved_field_name(name: &str) -> bool {
    crate::ticket::KEY_ORDER.contains(&name)
        || crate::query::Field::from_name(name).is_some()
        || ["sort", "limit", "follow_up_of", "path", "entries", "events", "short_id"].contains(&name)
}

/// Defaults applied by `desk new`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Default ticket type.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Default priority.
    #[serde(default)]
    pub priority: Option<String>,
}

/// The whole configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Agents by name.
    pub agents: IndexMap<String, Agent>,
    /// Teams by name.
    pub teams: IndexMap<String, Team>,
    /// Ticket types by name.
    pub types: IndexMap<String, TicketType>,
    /// Priorities, lowest first.
    pub priorities: Vec<String>,
    /// Workflows by name.
    pub workflows: IndexMap<String, Workflow>,
    /// Defaults for new tickets.
    pub defaults: Defaults,
    /// Saved views by name.
    pub views: IndexMap<String, View>,
    /// Custom ticket fields by name.
    pub fields: IndexMap<String, CustomField>,
    /// The largest file `desk attach` accepts, in bytes (`attachments: { max_size: 10MB }`).
    pub attachment_max_bytes: u64,
    /// The email channel.
    pub email: EmailSettings,
    /// How long after solving a customer's message still reopens a ticket (`reopen_window:` in
    /// config.yaml); later messages, and any to a closed ticket, start a follow-up ticket.
    pub reopen_window: Option<chrono::Duration>,
}

/// A configuration problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct ConfigError {
    /// Repository-relative path of the file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AgentsFile {
    #[serde(default)]
    agents: Option<IndexMap<String, Agent>>,
}
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TeamsFile {
    #[serde(default)]
    teams: Option<IndexMap<String, Option<Team>>>,
}
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TypesFile {
    #[serde(default)]
    types: Option<IndexMap<String, Option<TicketType>>>,
}
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PrioritiesFile {
    #[serde(default)]
    priorities: Vec<String>,
}
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WorkflowsFile {
    #[serde(default)]
    workflows: IndexMap<String, Workflow>,
}
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ViewsFile {
    #[serde(default)]
    views: Option<IndexMap<String, View>>,
}
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    #[serde(default)]
    defaults: Defaults,
    #[serde(default)]
    reopen_window: Option<String>,
    #[serde(default)]
    fields: Option<IndexMap<String, CustomField>>,
    #[serde(default)]
    attachments: Option<AttachmentSettings>,
    #[serde(default)]
    email: Option<EmailSettings>,
}

/// The email channel's settings (`email:` in `.desk/config.yaml`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    /// The support address (replies come from it; mail from it is never a ticket).
    #[serde(default)]
    pub address: Option<String>,
    /// The name replies come from (default "Support").
    #[serde(default)]
    pub name: Option<String>,
    /// The ticket type for mail sent to each address (`incidents@acme.test: incident`).
    #[serde(default)]
    pub types: IndexMap<String, String>,
    /// The subject tag's prefix: `[#ID]` by default, `[Support #ID]` with `Support`.
    #[serde(default)]
    pub subject_prefix: String,
    /// How long desk waits before answering the same sender automatically again (`7d` by
    /// default, as RFC 3834 recommends; `0` answers every message).
    #[serde(default)]
    pub auto_reply_interval: Option<String>,
}

/// RFC 3834's "one automatic reply per sender per several days": 7 days.
pub const DEFAULT_AUTO_REPLY_INTERVAL: chrono::Duration = chrono::Duration::days(7);

impl EmailSettings {
    /// The support team's own addresses (`address` and those of `types`), lowercased.
    pub fn addresses(&self) -> Vec<String> {
        self.address.iter().chain(self.types.keys()).map(|a| a.to_ascii_lowercase()).collect()
    }

    /// The per-sender automatic reply interval (`None`: no limit); an error names the bad value.
    pub fn auto_reply_interval(&self) -> Result<Option<chrono::Duration>, String> {
        match self.auto_reply_interval.as_deref().map(str::trim) {
            None => Ok(Some(DEFAULT_AUTO_REPLY_INTERVAL)),
            Some("0" | "none" | "off") => Ok(None),
            Some(text) => crate::sla::parse_duration(text, chrono::Duration::days(1)).map(Some).ok_or_else(|| {
                format!("`auto_reply_interval: {text}` is not a duration (e.g. 7d, 24h, or 0 for none)")
            }),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AttachmentSettings {
    #[serde(default)]
    max_size: Option<String>,
}

/// The default largest attachment: 10 MB.
pub const DEFAULT_ATTACHMENT_MAX: u64 = 10 * 1000 * 1000;

/// Parses a size: `10MB`, `512KB`, `1GB`, `2048` (bytes); decimal units, `KiB`/`MiB` binary.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((number * factor) as u64)
}

/// A size as people read it: `512 B`, `1.5 KB`, `10.0 MB` (decimal units, as [`parse_size`]).
pub fn format_size(bytes: u64) -> String {
    match bytes {
        0..1000 => format!("{bytes} B"),
        1000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// Repository-relative paths of the configuration files.
pub mod files {
    /// Agents.
    pub const AGENTS: &str = ".desk/agents.yaml";
    /// Teams.
    pub const TEAMS: &str = ".desk/teams.yaml";
    /// Ticket types.
    pub const TYPES: &str = ".desk/types.yaml";
    /// Priorities.
    pub const PRIORITIES: &str = ".desk/priorities.yaml";
    /// Workflows.
    pub const WORKFLOWS: &str = ".desk/workflows.yaml";
    /// General settings.
    pub const SETTINGS: &str = ".desk/config.yaml";
    /// Saved views.
    pub const VIEWS: &str = ".desk/views.yaml";
}

/// A YAML error as its 1-based line and message (without serde's "at line N column M").
pub fn yaml_error(err: &serde_yaml_ng::Error) -> (usize, String) {
    let line = err.location().map_or(1, |loc| loc.line());
    let message = err.to_string();
    (line, message.split(" at line ").next().unwrap_or(&message).to_string())
}

/// Parses a configuration file's text (absent or empty: the default); errors name `path`.
pub fn parse_file<T: for<'de> Deserialize<'de> + Default>(path: &str, text: Option<&str>) -> Result<T, ConfigError> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else { return Ok(T::default()) };
    serde_yaml_ng::from_str::<Option<T>>(text).map(Option::unwrap_or_default).map_err(|err| {
        let (line, message) = yaml_error(&err);
        ConfigError { path: path.into(), line, message }
    })
}

/// Whether `text` looks like an email address: `local@domain`, no spaces.
pub fn is_email(text: &str) -> bool {
    // The HTML standard's "valid email address" (what browsers accept in an email field), with
    // letters beyond ASCII allowed: no quoted local parts, IP literals, angle brackets or spaces.
    let Some((local, domain)) = text.rsplit_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    local_ok && domain.split('.').all(label_ok)
}

impl Config {
    /// Parses the configuration from file contents, `read(path)` giving each file's text.
    pub fn load(read: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let agents: AgentsFile = parse_file(files::AGENTS, read(files::AGENTS).as_deref())?;
        let teams: TeamsFile = parse_file(files::TEAMS, read(files::TEAMS).as_deref())?;
        let types: TypesFile = parse_file(files::TYPES, read(files::TYPES).as_deref())?;
        let priorities: PrioritiesFile = parse_file(files::PRIORITIES, read(files::PRIORITIES).as_deref())?;
        let workflows: WorkflowsFile = parse_file(files::WORKFLOWS, read(files::WORKFLOWS).as_deref())?;
        let settings: SettingsFile = parse_file(files::SETTINGS, read(files::SETTINGS).as_deref())?;
        // Repositories made before views existed get the built-in ones.
        let views_text = read(files::VIEWS).or_else(|| crate::template::file(files::VIEWS).map(str::to_string));
        let views: ViewsFile = parse_file(files::VIEWS, views_text.as_deref())?;
        let config = Config {
            agents: agents.agents.unwrap_or_default(),
            teams: teams.teams.unwrap_or_default().into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect(),
            types: types
                .types
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, v.unwrap_or(TicketType { workflow: default_workflow(), description: None })))
                .collect(),
            priorities: priorities.priorities,
            workflows: workflows.workflows,
            defaults: settings.defaults,
            views: views.views.unwrap_or_default(),
            fields: settings.fields.unwrap_or_default(),
            email: settings.email.unwrap_or_default(),
            attachment_max_bytes: match settings.attachments.and_then(|a| a.max_size) {
                None => DEFAULT_ATTACHMENT_MAX,
                Some(text) => parse_size(&text).ok_or_else(|| ConfigError {
                    path: files::SETTINGS.into(),
                    line: read(files::SETTINGS)
                        .and_then(|t| t.lines().position(|l| l.trim_start().starts_with("max_size:")))
                        .map_or(1, |i| i + 1),
                    message: format!("`max_size: {text}` is not a size (e.g. 10MB, 512KB)"),
                })?,
            },
            reopen_window: match settings.reopen_window.as_deref() {
                None => None,
                Some(text) => Some(crate::sla::parse_duration(text, chrono::Duration::days(1)).ok_or_else(|| {
                    let line = read(files::SETTINGS)
                        .and_then(|t| t.lines().position(|l| l.starts_with("reopen_window:")))
                        .map_or(1, |i| i + 1);
                    ConfigError {
                        path: files::SETTINGS.into(),
                        line,
                        message: format!("`reopen_window: {text}` is not a duration (e.g. 7d, 48h)"),
                    }
                })?),
            },
        };
        Ok(config)
    }

    /// The names of the custom fields (for queries).
    pub fn custom_field_names(&self) -> Vec<String> {
        self.fields.keys().cloned().collect()
    }

    /// Problems that make the configuration unusable (unknown references between files).
    pub fn problems(&self) -> Vec<ConfigError> {
        let mut out = Vec::new();
        let err = |path: &str, message: String| ConfigError { path: path.into(), line: 1, message };
        if self.types.is_empty() {
            out.push(err(files::TYPES, "no ticket types are defined".into()));
        }
        if self.priorities.is_empty() {
            out.push(err(files::PRIORITIES, "no priorities are defined".into()));
        }
        for (name, kind) in &self.types {
            if !self.workflows.contains_key(&kind.workflow) {
                out.push(err(
                    files::TYPES,
                    format!("type `{name}` uses workflow `{}`, which workflows.yaml does not define", kind.workflow),
                ));
            }
        }
        for (name, field) in &self.fields {
            let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
            if !valid || is_reserved_field_name(name) {
                out.push(err(
                    files::SETTINGS,
                    format!("custom field `{name}`: start with a lowercase letter, use lowercase letters, digits, _ and -, and not a field desk has"),
                ));
            }
            if field.kind == FieldKind::Choice && field.options.is_empty() {
                out.push(err(files::SETTINGS, format!("custom field `{name}` is a choice without `options:`")));
            }
        }
        if let Some(address) = &self.email.address
            && !is_email(address)
        {
            out.push(err(files::SETTINGS, format!("`email.address: {address}` is not an email address")));
        }
        if let Err(message) = self.email.auto_reply_interval() {
            out.push(err(files::SETTINGS, format!("`email.{}", &message[1..])));
        }
        for (address, kind) in &self.email.types {
            if !is_email(address) {
                out.push(err(files::SETTINGS, format!("`email.types`: `{address}` is not an email address")));
            }
            if !self.types.contains_key(kind) {
                out.push(err(
                    files::SETTINGS,
                    format!(
                        "`email.types`: mail to {address} would get type `{kind}`, which types.yaml does not define"
                    ),
                ));
            }
        }
        for (name, flow) in &self.workflows {
            if !flow.statuses.contains_key(&flow.initial) {
                out.push(err(
                    files::WORKFLOWS,
                    format!("workflow `{name}`: initial status `{}` is not one of its statuses", flow.initial),
                ));
            }
            for (from, tos) in &flow.transitions {
                for status in std::iter::once(from).chain(tos) {
                    if !flow.statuses.contains_key(status) {
                        out.push(err(
                            files::WORKFLOWS,
                            format!("workflow `{name}`: transition names unknown status `{status}`"),
                        ));
                    }
                }
            }
        }
        let mut emails: Vec<String> = Vec::new();
        for (name, agent) in &self.agents {
            if let Err(problem) = check_agent_name(name) {
                out.push(err(files::AGENTS, problem));
            }
            if let Some(display) = &agent.name
                && let Err(problem) = check_display_name(display)
            {
                out.push(err(files::AGENTS, format!("agent `{name}`: {problem}")));
            }
            let email = agent.email.to_ascii_lowercase();
            if !email
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && !d.is_empty() && !email.contains(char::is_whitespace))
            {
                out.push(err(files::AGENTS, format!("agent `{name}`: `{}` is not an email address", agent.email)));
            }
            if emails.contains(&email) {
                out.push(err(files::AGENTS, format!("agent `{name}`: {} is also another agent's email", agent.email)));
            }
            emails.push(email);
            for team in &agent.teams {
                if !self.teams.contains_key(team) {
                    out.push(err(
                        files::AGENTS,
                        format!("agent `{name}` is in team `{team}`, which teams.yaml does not define"),
                    ));
                }
            }
        }
        // Validation only: relative dates resolve against any instant.
        let now = chrono::DateTime::UNIX_EPOCH;
        for (name, view) in &self.views {
            let parsed = crate::query::parse_with(&view.query, now, &self.custom_field_names());
            if let Err(problem) = parsed.and_then(|q| q.check_values(self)) {
                out.push(err(files::VIEWS, format!("view `{name}`: {problem}")));
            }
            if let Some(sort) = &view.sort
                && let Err(problem) = crate::query::parse_with(&format!("sort:{sort}"), now, &[])
            {
                out.push(err(files::VIEWS, format!("view `{name}`: sort `{sort}`: {problem}")));
            }
        }
        if let Some(kind) = &self.defaults.kind
            && !self.types.contains_key(kind)
        {
            out.push(err(files::SETTINGS, format!("default type `{kind}` is not defined in types.yaml")));
        }
        if let Some(priority) = &self.defaults.priority
            && !self.priorities.contains(priority)
        {
            out.push(err(files::SETTINGS, format!("default priority `{priority}` is not defined in priorities.yaml")));
        }
        out
    }

    /// The workflow tickets of `kind` follow.
    pub fn workflow(&self, kind: &str) -> Option<&Workflow> {
        self.types.get(kind).and_then(|t| self.workflows.get(&t.workflow))
    }

    /// The category of a ticket's status in its type's workflow (`None`: unknown type or
    /// status), as queries, the search index and the dashboard read it: in any letter case.
    pub fn category_of(&self, ticket: &crate::ticket::Ticket) -> Option<Category> {
        self.category_for(&ticket.kind, &ticket.status)
    }

    /// The category of `status` in the workflow of type `kind`, both in any letter case (a
    /// hand-edited `status: Open` counts as `open`; `desk check` still reports the spelling).
    pub fn category_for(&self, kind: &str, status: &str) -> Option<Category> {
        let workflow = lookup(&self.types, kind).and_then(|t| self.workflows.get(&t.workflow))?;
        lookup(&workflow.statuses, status).map(|s| s.category)
    }

    /// When the ticket last became resolved, if it is resolved now: its last status change from
    /// an unresolved status (or none) to a solved or closed one, so that closing a solved ticket
    /// does not move it; its last activity when no event says.
    pub fn resolved_at(&self, ticket: &crate::ticket::Ticket) -> Option<chrono::DateTime<chrono::Utc>> {
        let resolved = |status: Option<&str>| {
            status.and_then(|s| self.category_for(&ticket.kind, s)).is_some_and(|c| !c.is_unresolved())
        };
        if !resolved(Some(&ticket.status)) {
            return None;
        }
        ticket
            .events
            .iter()
            .filter(|e| {
                e.set.get("status").is_some_and(|(from, to)| resolved(to.as_deref()) && !resolved(from.as_deref()))
            })
            .map(|e| e.at)
            .max()
            .or(Some(ticket.last_activity()))
    }

    /// The default type for new tickets.
    pub fn default_type(&self) -> Option<&str> {
        self.defaults.kind.as_deref().or_else(|| self.types.keys().next().map(String::as_str))
    }

    /// The default priority for new tickets.
    pub fn default_priority(&self) -> Option<&str> {
        self.defaults
            .priority
            .as_deref()
            .or_else(|| self.priorities.get(self.priorities.len().saturating_sub(1) / 2).map(String::as_str))
    }

    /// Rank of a priority (0 = lowest).
    pub fn priority_rank(&self, priority: &str) -> Option<usize> {
        self.priorities.iter().position(|p| p == priority)
    }

    /// The rank of `priority` in any letter case, as queries, sorting and the search index read
    /// it.
    pub fn priority_rank_any_case(&self, priority: &str) -> Option<usize> {
        self.priority_rank(priority).or_else(|| self.priorities.iter().position(|p| eq_any_case(p, priority)))
    }

    /// The agent whose name or email is `who`.
    pub fn find_agent(&self, who: &str) -> Option<(&str, &Agent)> {
        self.agents
            .get_key_value(who)
            .or_else(|| {
                self.agents.iter().find(|(name, a)| eq_any_case(name, who) || a.email.eq_ignore_ascii_case(who))
            })
            .map(|(name, agent)| (name.as_str(), agent))
    }
}

/// Names that mean something else in desk commands and queries.
pub const RESERVED_NAMES: &[&str] = &["none", "me", "desk"];

/// Checks an agent name: lowercase letters, digits, `.`, `_`, `-`; not reserved.
pub fn check_agent_name(name: &str) -> Result<(), String> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if valid && !RESERVED_NAMES.contains(&name) {
        Ok(())
    } else {
        Err(format!(
            "`{name}` cannot be an agent name: use lowercase letters, digits, `.`, `_` and `-` (not none, me or desk)"
        ))
    }
}

/// Checks a display name: it becomes a git author name, so no control characters or `<>`.
pub fn check_display_name(display: &str) -> Result<(), String> {
    if display.trim().is_empty() || display.chars().any(|c| c.is_control() || c == '<' || c == '>') {
        Err(format!("display name {display:?} must be one line of text without `<` or `>`"))
    } else {
        Ok(())
    }
}

/// Inserts an agent block into the text of `agents.yaml`, keeping comments and other agents
/// byte for byte and following the file's indentation. A flow-style `agents: {…}` mapping with
/// agents in it is refused (rewriting it would lose them or its formatting).
pub fn add_agent_text(text: &str, name: &str, agent: &Agent) -> Result<String, String> {
    use crate::ticket::yaml::scalar;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| l.starts_with("agents:"));
    // The file's indentation: that of the first agent, else two spaces.
    let indent = start
        .and_then(|s| lines[s + 1..].iter().find(|l| l.starts_with(' ') && !l.trim_start().starts_with('#')))
        .map_or(2, |l| l.len() - l.trim_start().len());
    let pad = |depth: usize| " ".repeat(indent * depth);
    let mut block = format!("{}{}:\n", pad(1), scalar(name));
    if let Some(full) = &agent.name {
        block.push_str(&format!("{}name: {}\n", pad(2), scalar(full)));
    }
    block.push_str(&format!("{}email: {}\n", pad(2), scalar(&agent.email)));
    if !agent.teams.is_empty() {
        block.push_str(&format!("{}teams:\n", pad(2)));
        for team in &agent.teams {
            block.push_str(&format!("{}- {}\n", pad(3), scalar(team)));
        }
    }
    let Some(start) = start else {
        let sep = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
        return Ok(format!("{text}{sep}agents:\n{block}"));
    };
    let mut head = lines[start].to_string();
    let value = head["agents:".len()..].split('#').next().unwrap_or("").trim().to_string();
    match value.as_str() {
        "" => {}
        // An empty flow mapping or null becomes a block mapping (a trailing comment is kept).
        "{}" | "null" | "~" => {
            let comment = head.find('#').map(|at| format!(" {}", head[at..].trim_end())).unwrap_or_default();
            head = format!("agents:{comment}\n");
        }
        _ => {
            return Err("agents.yaml lists its agents in flow style (`agents: {…}`): desk adds agents only to a \
                 block mapping; rewrite it as one `NAME:` block per agent"
                .into());
        }
    }
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.starts_with(|c: char| !c.is_whitespace() && c != '#'))
        .map_or(lines.len(), |p| start + 1 + p);
    let mut out: String = lines[..start].concat();
    out.push_str(&head);
    out.push_str(&lines[start + 1..end].concat());
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&block);
    out.push_str(&lines[end..].concat());
    Ok(out)
}

/// The value under `key`, or under a key equal to it but for letter case.
fn lookup<'a, V>(map: &'a IndexMap<String, V>, key: &str) -> Option<&'a V> {
    map.get(key).or_else(|| map.iter().find(|(k, _)| eq_any_case(k, key)).map(|(_, v)| v))
}

/// Whether `a` and `b` are equal but for letter case, as the search index's lowercased keywords
/// compare (Unicode lowercase, not only ASCII).
pub fn eq_any_case(a: &str, b: &str) -> bool {
    a == b || a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> Config {
        Config::load(|path| crate::template::file(path).map(str::to_string)).unwrap()
    }

    #[test]
    fn a_ticket_is_resolved_when_it_leaves_the_unresolved_statuses() {
        use crate::ticket::{Event, NewTicket, TicketFile};
        let at = |t: &str| crate::clock::parse_time(t).unwrap();
        let mut file = TicketFile::create(NewTicket {
            id: "K7Q3M9XT2A".into(),
            title: "T".into(),
            status: "new".into(),
            kind: "incident".into(),
            priority: "normal".into(),
            created: at("2026-11-20T09:00:00Z"),
            ..Default::default()
        });
        let config = template();
        let change = |file: &mut TicketFile, when: &str, status: &str, n: usize| {
            let mut event = Event { id: format!("e000000{n}"), at: at(when), by: "alice".into(), ..Default::default() };
            file.set("status", Some(status), &mut event);
            file.push_event(event);
        };
        change(&mut file, "2026-11-21T09:00:00Z", "solved", 1);
        change(&mut file, "2026-11-24T09:00:00Z", "closed", 2);
        assert_eq!(config.resolved_at(file.ticket()), Some(at("2026-11-21T09:00:00Z")), "closing does not move it");
        change(&mut file, "2026-11-25T09:00:00Z", "open", 3);
        assert_eq!(config.resolved_at(file.ticket()), None);
        change(&mut file, "2026-11-26T09:00:00Z", "closed", 4);
        assert_eq!(config.resolved_at(file.ticket()), Some(at("2026-11-26T09:00:00Z")), "closed straight from open");
    }

    #[test]
    fn the_template_is_consistent() {
        let config = template();
        assert_eq!(config.problems(), vec![]);
        assert_eq!(config.default_type(), Some("question"));
        assert_eq!(config.default_priority(), Some("normal"));
        let flow = config.workflow("incident").unwrap();
        assert_eq!(flow.initial, "new");
        assert_eq!(flow.category("on-hold"), Some(Category::Open));
        assert!(flow.allows("solved", "open"));
        assert!(!flow.allows("closed", "open"));
        assert_eq!(flow.first_in(Category::Solved), Some("solved"));
        assert_eq!(config.priority_rank("urgent"), Some(3));
    }

    #[test]
    fn errors_carry_file_and_line() {
        let err = Config::load(|path| (path == files::TYPES).then(|| "types:\n  q:\n    wrokflow: x\n".to_string()))
            .unwrap_err();
        assert_eq!(err.path, files::TYPES);
        assert_eq!(err.line, 3);
        assert!(err.message.contains("wrokflow"), "{err}");
    }

    #[test]
    fn adding_an_agent_keeps_the_rest_of_the_file() {
        let agent = Agent { name: None, email: "alice@example.com".into(), teams: vec!["support".into()] };
        let text = add_agent_text("# hi\nagents:\n  bob:\n    email: b@x\n# tail\n", "alice", &agent).unwrap();
        assert_eq!(
            text,
            "# hi\nagents:\n  bob:\n    email: b@x\n# tail\n  alice:\n    email: alice@example.com\n    teams:\n      - support\n"
        );
        let four = add_agent_text("agents:\n    bob:\n        email: b@x\n", "alice", &agent).unwrap();
        let parsed: AgentsFile = serde_yaml_ng::from_str(&four).unwrap();
        assert_eq!(parsed.agents.unwrap().len(), 2, "{four}");
        let refused = add_agent_text("agents: {bob: {email: b@x}}\n", "alice", &agent);
        assert!(refused.unwrap_err().contains("flow style"));
        let commented = add_agent_text("agents:   # the team\n", "alice", &agent).unwrap();
        assert!(commented.starts_with("agents:   # the team\n  alice:"), "{commented}");
        let flow = add_agent_text("agents: {}\n", "alice", &agent).unwrap();
        let parsed: AgentsFile = serde_yaml_ng::from_str(&flow).unwrap();
        assert_eq!(parsed.agents.unwrap()["alice"], agent);
    }
}
