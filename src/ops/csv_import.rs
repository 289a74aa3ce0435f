//! `desk import csv FILE [--map COLUMN=FIELD,…]`: tickets from a spreadsheet or another tool.
//!
//! Each row becomes a ticket. Columns named like desk fields (`title`, `description`,
//! `requester`, `status`, `priority`, `type`, `assignee`, `team`, `tags`, `cc`, `created`,
//! `external`, custom fields) map by themselves; `--map` names the others. A row's desk ID is
//! derived from its `external` value (or, without one, from the row's contents), so importing
//! the same file again writes nothing twice. Lists (`tags`, `cc`) split on `;` or `,`.

use std::collections::HashMap;

use serde_json::Value;

use super::export::{IMPORT_BATCH, Imported, write_batches};
use super::zendesk::derived_id;
use super::{Actor, Desk};
use crate::error::{Error, Result};
use crate::ticket::{Entry, Event, NewTicket, Role, TicketFile, Visibility};

/// Fields a column can map to (besides custom fields).
pub const CSV_FIELDS: &[&str] = &[
    "title",
    "description",
    "requester",
    "status",
    "priority",
    "type",
    "assignee",
    "team",
    "tags",
    "cc",
    "created",
    "external",
    "channel",
];

/// Parses `--map` pairs (`Subject=title,Body=description`).
pub fn parse_map(text: &str) -> Result<HashMap<String, String>> {
    let mut map = HashMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (column, field) = pair.split_once('=').ok_or_else(|| {
            Error::invalid_with(format!("`{pair}` is not COLUMN=FIELD"), "e.g. --map Subject=title,Body=description")
        })?;
        map.insert(column.trim().to_string(), field.trim().to_ascii_lowercase());
    }
    Ok(map)
}

/// Imports the rows of a CSV file (`source` names it in commits and references).
pub fn import(
    desk: &Desk,
    actor: &Actor,
    text: &str,
    source: &str,
    map: &HashMap<String, String>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Imported> {
    let config = &desk.config;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::invalid(format!("{source}: the header line cannot be read: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    // Column index for each desk field.
    let mut columns: HashMap<String, usize> = HashMap::new();
    for (index, header) in headers.iter().enumerate() {
        let field = map.get(header).cloned().unwrap_or_else(|| header.trim().to_ascii_lowercase());
        if CSV_FIELDS.contains(&field.as_str()) || config.fields.contains_key(&field) {
            columns.insert(field, index);
        }
    }
    for (column, field) in map {
        if !headers.contains(column) {
            return Err(Error::invalid_with(
                format!("no column `{column}`"),
                format!("columns: {}", headers.join(", ")),
            ));
        }
        if !CSV_FIELDS.contains(&field.as_str()) && !config.fields.contains_key(field) {
            return Err(Error::invalid_with(
                format!("`{field}` is not a field a column can fill"),
                format!("fields: {}, and custom fields", CSV_FIELDS.join(", ")),
            ));
        }
    }
    if !columns.contains_key("title") {
        return Err(Error::invalid_with(
            "no column for the title".to_string(),
            format!("name one with --map COLUMN=title (columns: {})", headers.join(", ")),
        ));
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (row_number, record) in reader.records().enumerate() {
        let line = row_number + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("{source}:{line}: {e}"));
                continue;
            }
        };
        let values: HashMap<String, String> = columns
            .iter()
            .filter_map(|(field, i)| {
                record.get(*i).map(str::trim).filter(|v| !v.is_empty()).map(|v| (field.clone(), v.to_string()))
            })
            .collect();
        match row_ticket(desk, actor, source, &record, &values) {
            Ok(file) => files.push(file),
            Err(err) => errors.push(format!("{source}:{line}: {err}")),
        }
    }
    let total = files.len();
    let mut report = write_batches(desk, actor, files, IMPORT_BATCH, source, &mut |done| progress(done, total))?;
    report.errors.extend(errors);
    Ok(report)
}

fn row_ticket(
    desk: &Desk,
    actor: &Actor,
    source: &str,
    record: &csv::StringRecord,
    values: &HashMap<String, String>,
) -> Result<TicketFile> {
    let config = &desk.config;
    let get = |field: &str| values.get(field).map(String::as_str);
    let title = get("title").ok_or_else(|| Error::invalid("no title"))?;
    let external = match get("external") {
        Some(value) => format!("csv:{source}/{value}"),
        None => {
            let digest = crate::id::sha1_hex(record.iter().collect::<Vec<_>>().join("\u{1f}").as_bytes());
            format!("csv:{source}/{}", &digest[..16])
        }
    };
    let kind = match get("type") {
        Some(t) if config.types.contains_key(&t.to_ascii_lowercase()) => t.to_ascii_lowercase(),
        Some(t) => return Err(Error::invalid_with(format!("unknown type `{t}`"), desk.type_choices())),
        None => config.default_type().unwrap_or("question").to_string(),
    };
    let flow = desk.workflow_of_kind(&kind)?;
    let status = match get("status").map(str::to_ascii_lowercase) {
        Some(s) if flow.statuses.contains_key(&s) => s,
        Some(s) if s == "hold" => "on-hold".to_string(),
        Some(s) => {
            return Err(Error::invalid_with(
                format!("unknown status `{s}`"),
                format!("statuses: {}", flow.statuses.keys().cloned().collect::<Vec<_>>().join(", ")),
            ));
        }
        None => flow.initial.clone(),
    };
    let priority = match get("priority").map(str::to_ascii_lowercase) {
        Some(p) => super::create::validate_priority(desk, &p)?,
        None => config.default_priority().unwrap_or("normal").to_string(),
    };
    let assignee = get("assignee")
        .map(|a| {
            config
                .find_agent(a)
                .map(|(name, _)| name.to_string())
                .ok_or_else(|| Error::invalid_with(format!("unknown agent `{a}`"), desk.agent_choices()))
        })
        .transpose()?;
    let split = |v: Option<&str>| -> Vec<String> {
        v.map(|v| v.split([';', ',']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect())
            .unwrap_or_default()
    };
    let created = match get("created") {
        Some(text) => crate::clock::parse_time(text)
            .or_else(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(crate::worklog::day_start))
            .ok_or_else(|| Error::invalid(format!("`{text}` is not a date or an RFC 3339 time")))?,
        None => desk.now(),
    };
    let requester = get("requester").map(super::create::validate_email).transpose()?;
    let id = derived_id(&external);
    let mut file = TicketFile::create(NewTicket {
        id: id.to_string(),
        title: title.to_string(),
        status: flow.initial.clone(),
        kind,
        priority,
        requester: requester.clone(),
        assignee,
        team: get("team").map(|t| super::create::validate_team(desk, t)).transpose()?,
        channel: Some(get("channel").unwrap_or("import").to_string()),
        parent: None,
        created,
        tags: split(get("tags")).iter().map(|t| super::create::validate_tag(t)).collect::<Result<Vec<_>>>()?,
        cc: split(get("cc")).iter().map(|e| super::create::validate_email(e)).collect::<Result<Vec<_>>>()?,
    });
    file.set_extra("external", &external);
    for (name, field) in &config.fields {
        if let Some(value) = get(name) {
            let value = field.normalize(value).map_err(|m| Error::invalid(format!("{name}: {m}")))?;
            file.set_extra(name, &value);
        }
    }
    let (author, role) = match &requester {
        Some(email) => (email.clone(), Role::Customer),
        None => (actor.name.clone(), Role::Agent),
    };
    file.push_entry(Entry {
        id: crate::automation::deterministic_id(&format!("{external}#description")),
        at: created,
        author,
        role,
        visibility: Visibility::Public,
        extra: serde_json::Map::<String, Value>::new(),
        body: get("description").unwrap_or("(no description)").to_string(),
        line: 0,
    });
    if status != flow.initial {
        let mut record = Event {
            id: crate::automation::deterministic_id(&format!("{external}#status")),
            at: created,
            by: actor.name.clone(),
            ..Default::default()
        };
        file.set("status", Some(&status), &mut record);
        file.push_event(record);
    }
    Ok(file)
}
