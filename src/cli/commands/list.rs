use std::io::IsTerminal;

use comfy_table::{Cell, Color, ContentArrangement, Table};
use desk::ops::Desk;
use desk::ops::listing::{self, Detail, Filter, Row};
use desk::query;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};
use crate::cli::ui::Ui;

/// List tickets as a table (open work by default)
///
/// Takes a query (see docs/query.md), e.g. `desk list 'tag:camera priority>=high'`, or a saved
/// view with --view. Without a status condition only unresolved tickets (category new, open or
/// pending) are shown; --all shows every ticket. Default order: highest priority first, then
/// oldest first. Flags combine with the query (AND); repeat a flag to allow any of several values.
#[derive(clap::Args, Debug, Default, Clone)]
pub struct ListArgs {
    /// Query, e.g. `status:open assignee:me tag:camera "power button"`
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Use a saved view from .desk/views.yaml (the query adds to it)
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Only these statuses or status categories (repeatable)
    #[arg(short, long = "status", value_name = "STATUS")]
    statuses: Vec<String>,
    /// Only tickets assigned to these agents; `me` and `none` work (repeatable)
    #[arg(short, long = "assignee", value_name = "AGENT")]
    assignees: Vec<String>,
    /// Only these priorities (repeatable)
    #[arg(short, long = "priority", value_name = "PRIORITY")]
    priorities: Vec<String>,
    /// Only these types (repeatable)
    #[arg(short = 't', long = "type", value_name = "TYPE")]
    types: Vec<String>,
    /// Only tickets with all these tags (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Include solved and closed tickets
    #[arg(long)]
    all: bool,
    /// Sort keys, e.g. `-priority,created` (- for descending)
    #[arg(long, value_name = "KEYS", allow_hyphen_values = true)]
    sort: Option<String>,
    /// Group rows by assignee, status, category, priority, type, team, requester, domain or channel
    #[arg(long, value_name = "FIELD")]
    group_by: Option<String>,
    /// Columns, comma-separated: id priority status category type assignee team requester
    /// channel tags created updated sla due title
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    columns: Vec<String>,
    /// Output format (--json is the same as --format json)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// How `desk list` prints rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table sized to the terminal.
    #[default]
    Table,
    /// JSON array of rows.
    Json,
    /// CSV with a header line.
    Csv,
    /// Full IDs, one per line (for xargs).
    Ids,
}

const COLUMNS: &[&str] = &[
    "id",
    "priority",
    "status",
    "category",
    "type",
    "assignee",
    "team",
    "requester",
    "channel",
    "tags",
    "created",
    "updated",
    "sla",
    "due",
    "title",
];
const DEFAULT_COLUMNS: &[&str] = &["id", "priority", "status", "type", "assignee", "requester", "updated", "title"];
const GROUPS: &[&str] =
    &["assignee", "status", "category", "priority", "type", "team", "requester", "domain", "channel"];

pub fn cmd_list(cx: &Context, args: &ListArgs) -> CommandResult {
    run(cx, args, false)
}

/// Shared by `list`, `search` and `view`; `search` includes every status by default.
pub fn run(cx: &Context, args: &ListArgs, search: bool) -> CommandResult {
    let desk = cx.desk()?;
    let now = desk.now();
    let parse = |text: &str| {
        let parsed = query::parse_with(text, now, &desk.config.custom_field_names());
        parsed.and_then(|q| q.check_values(&desk.config).map(|()| q)).map_err(|e| {
            let error = CommandError::user(format!("bad query: {}", e.message));
            match e.hint {
                Some(hint) => error.hinted(hint),
                None => error.hinted("see docs/query.md"),
            }
        })
    };
    let view = match &args.view {
        Some(name) => Some(desk.config.views.get(name).cloned().ok_or_else(|| {
            CommandError::user(format!("no view named `{name}`"))
                .hinted(format!("views: {}", desk.config.views.keys().cloned().collect::<Vec<_>>().join(", ")))
        })?),
        None => None,
    };
    let mut query = parse(&args.query.join(" "))?;
    if let Some(view) = &view {
        query = query.and(parse(&view.query)?);
        if let Some(sort) = &view.sort {
            query = query.and(parse(&sort_term(sort))?);
        }
    }
    if let Some(sort) = &args.sort {
        let mut sorted = parse(&sort_term(sort))?;
        sorted.expr = query.expr.take();
        sorted.limit = query.limit;
        query = sorted;
    }
    if search && query.sort.is_empty() {
        query.sort = vec![(query::SortKey::Updated, true)];
    }
    let needs_me = args.assignees.iter().any(|a| a == "me") || query.mentions_me();
    let actor = if needs_me { Some(cx.actor(&desk)?) } else { None };
    let filter = Filter {
        statuses: args.statuses.clone(),
        assignees: args.assignees.clone(),
        priorities: args.priorities.clone(),
        types: args.types.clone(),
        tags: args.tags.clone(),
        all: args.all || search,
    }
    .validated(&desk)?;
    let columns: Vec<String> = if !args.columns.is_empty() {
        // `--columns "id, title"`: the spaces after the commas are not part of the names.
        args.columns.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()
    } else if let Some(view) = view.as_ref().filter(|v| !v.columns.is_empty()) {
        view.columns.clone()
    } else {
        DEFAULT_COLUMNS.iter().map(|c| c.to_string()).collect()
    };
    if let Some(bad) = columns.iter().find(|c| !COLUMNS.contains(&c.as_str())) {
        return Err(
            CommandError::user(format!("unknown column `{bad}`")).hinted(format!("columns: {}", COLUMNS.join(", ")))
        );
    }
    let group_by = args.group_by.clone().or_else(|| view.as_ref().and_then(|v| v.group_by.clone()));
    if let Some(group) = group_by.as_deref().filter(|g| !GROUPS.contains(g)) {
        return Err(
            CommandError::user(format!("cannot group by `{group}`")).hinted(format!("group by: {}", GROUPS.join(", ")))
        );
    }
    let format = if cx.ui.json { Format::Json } else { args.format };
    // SLA is evaluated per ticket only when something asks for it.
    let detail = if format == Format::Ids {
        Detail::Ids
    } else if query.uses_sla() || columns.iter().any(|c| c == "sla" || c == "due") {
        Detail::RowsWithSla
    } else {
        Detail::Rows
    };
    let progress = crate::cli::ui::indexing_progress(cx.ui.shows_progress());
    let listing = listing::rows(&desk, &filter, &query, actor.as_ref(), detail, Some(&progress));
    if let Some(notice) = &listing.notice {
        cx.ui.warn(notice);
    }
    let ids = listing.ids();
    let (rows, total, errors) = (&listing.rows, listing.total, &listing.errors);
    for err in errors {
        cx.ui.warn(&format!("skipped {err}"));
    }
    match format {
        Format::Json => cx.ui.out_json(&rows)?,
        Format::Ids => {
            let mut text = Vec::with_capacity(ids.len() * (desk::id::TICKET_ID_LEN + 1));
            for id in ids {
                if !text.is_empty() {
                    text.push(b'\n');
                }
                text.extend_from_slice(&id);
            }
            // IDs are ASCII: the check passes, and the bytes become the string without a copy.
            let text = String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            if !text.is_empty() {
                cx.ui.out(&text)?;
            }
        }
        Format::Csv => cx.ui.out(&csv(rows, &columns)?)?,
        Format::Table if rows.is_empty() => {
            cx.ui.status(if total == 0 { "No tickets yet: create one with `desk new`." } else { "No tickets match." })
        }
        Format::Table => cx.ui.out(&grouped_tables(&cx.ui, &desk, rows, &columns, group_by.as_deref(), now))?,
    }
    if errors.is_empty() { Ok(()) } else { Err(CommandError::reported()) }
}

fn age(now: chrono::DateTime<chrono::Utc>, then: chrono::DateTime<chrono::Utc>) -> String {
    let minutes = (now - then).num_minutes().max(0);
    match minutes {
        0..=59 => format!("{minutes}m"),
        60..=1439 => format!("{}h", minutes / 60),
        _ => format!("{}d", minutes / 1440),
    }
}

/// The text of one cell; `short` uses display forms (short ID, ages).
fn cell(row: &Row, column: &str, now: Option<chrono::DateTime<chrono::Utc>>) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| if now.is_some() { "—".into() } else { String::new() });
    let time = |t: chrono::DateTime<chrono::Utc>| match now {
        Some(now) => age(now, t),
        None => desk::clock::format_time(&t),
    };
    match column {
        "id" if now.is_some() => row.short_id.clone(),
        "id" => row.id.clone(),
        "priority" => row.priority.clone(),
        "status" => row.status.clone(),
        "category" => row.category.map(|c| c.to_string()).unwrap_or_default(),
        "type" => row.kind.clone(),
        "assignee" => opt(&row.assignee),
        "team" => opt(&row.team),
        "requester" => opt(&row.requester),
        "channel" => opt(&row.channel),
        "tags" => row.tags.join(if now.is_some() { ", " } else { " " }),
        "created" => time(row.created),
        "updated" => time(row.updated),
        "sla" => row.sla.unwrap_or_default().to_string(),
        "due" => match (row.due.flatten(), now) {
            (None, _) => String::new(),
            // Overdue: `-3h`; ahead: `2h`.
            (Some(due), Some(now)) if due < now => format!("-{}", age(now, due)),
            (Some(due), Some(now)) => age(due, now),
            (Some(due), None) => desk::clock::format_time(&due),
        },
        "title" => row.title.clone(),
        _ => String::new(),
    }
}

fn csv(rows: &[Row], columns: &[String]) -> Result<String, CommandError> {
    let header: Vec<&str> = columns.iter().map(String::as_str).collect();
    crate::cli::ui::csv_text(
        &header,
        rows.iter().map(|row| columns.iter().map(|c| cell(row, c, None)).collect::<Vec<_>>()),
    )
}

fn group_key(row: &Row, group: &str) -> String {
    let none = || "(none)".to_string();
    match group {
        "assignee" => row.assignee.clone().unwrap_or_else(none),
        "status" => row.status.clone(),
        "category" => row.category.map_or_else(none, |c| c.to_string()),
        "priority" => row.priority.clone(),
        "type" => row.kind.clone(),
        "team" => row.team.clone().unwrap_or_else(none),
        "requester" => row.requester.clone().unwrap_or_else(none),
        "domain" => row.requester.as_deref().and_then(|r| r.rsplit_once('@')).map_or_else(none, |(_, d)| d.to_string()),
        "channel" => row.channel.clone().unwrap_or_else(none),
        _ => none(),
    }
}

fn grouped_tables(
    ui: &Ui,
    desk: &Desk,
    rows: &[Row],
    columns: &[String],
    group: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let Some(group) = group else { return table(ui, rows, columns, now) };
    // Groups in order of first appearance in the sorted rows.
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    for row in rows {
        let key = group_key(row, group);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(row.clone()),
            None => groups.push((key, vec![row.clone()])),
        }
    }
    if group == "priority" {
        let rank = |p: &str| desk.config.priority_rank_any_case(p).map_or(0, |r| r + 1);
        groups.sort_by_key(|(key, _)| std::cmp::Reverse(rank(key)));
    }
    groups
        .iter()
        .map(|(key, members)| {
            let heading = ui.paint(crate::cli::ui::styles::TITLE, format!("{group}: {key} ({})", members.len()));
            format!("{heading}\n{}", table(ui, members, columns, now))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Columns cut to fit a narrow terminal (the others keep their width).
const SHRINKABLE_COLUMNS: &[&str] = &["title", "requester", "tags", "team", "path"];

fn table(ui: &Ui, rows: &[Row], columns: &[String], now: chrono::DateTime<chrono::Utc>) -> String {
    let header: Vec<String> = columns.iter().map(|c| c.to_uppercase()).collect();
    // Plain text (a pipe, a file) needs no fitting to a width nor colour.
    if !ui.color() && !std::io::stdout().is_terminal() {
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        return crate::cli::ui::plain_table(
            &header,
            rows.iter().map(|row| {
                columns.iter().map(|column| crate::cli::ui::clean(&cell(row, column, Some(now))).into_owned())
            }),
        );
    }
    let mut table = Table::new();
    table.load_style(comfy_table::presets::NOTHING);
    // Fitted to the terminal whether or not colour is on; a terminal that reports no size (0×0
    // in some CI and IDE consoles) gets the table at its natural width.
    match terminal_size::terminal_size().map(|(w, _)| w.0).filter(|w| *w >= 20) {
        Some(width) => table.set_width(width).set_content_arrangement(ContentArrangement::Dynamic),
        None => table.set_content_arrangement(ContentArrangement::Disabled),
    };
    if ui.color() {
        // crossterm drops colours when NO_COLOR is set; desk has already decided (`--color
        // always` and CLICOLOR_FORCE win over NO_COLOR).
        crossterm::style::force_color_output(true);
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    let mut heading = comfy_table::Row::from(header);
    heading.max_height(1);
    table.set_header(heading);
    for row in rows {
        let color = |column: &str| -> Option<Color> {
            match column {
                "id" => Some(Color::Yellow),
                "priority" => match row.priority.as_str() {
                    "urgent" => Some(Color::Red),
                    "high" => Some(Color::Yellow),
                    "low" => Some(Color::DarkGrey),
                    _ => None,
                },
                "sla" | "due" if row.sla == Some("breached") => Some(Color::Red),
                "status" | "category" => match row.category.map(|c| c.as_str()) {
                    Some("new") => Some(Color::Cyan),
                    Some("open") => Some(Color::Green),
                    Some("pending") => Some(Color::Blue),
                    Some(_) => Some(Color::DarkGrey),
                    None => Some(Color::Red),
                },
                _ => None,
            }
        };
        let mut line = comfy_table::Row::from(columns.iter().map(|column| {
            let text = crate::cli::ui::clean(&cell(row, column, Some(now))).into_owned();
            match color(column) {
                Some(color) if ui.color() => Cell::new(text).fg(color),
                _ => Cell::new(text),
            }
        }));
        // One line per ticket: what does not fit is cut with `…`, never wrapped.
        line.max_height(1);
        table.add_row(line);
    }
    for (column, name) in table.column_iter_mut().zip(columns) {
        column.set_padding((0, 2));
        // Only free text gives way to a narrow terminal; IDs, statuses and headers stay whole.
        let constraint = if !SHRINKABLE_COLUMNS.contains(&name.as_str()) {
            comfy_table::ColumnConstraint::ContentWidth
        } else {
            // Never narrower than its heading; a title keeps enough to be recognised.
            let least = if name == "title" { 12 } else { name.len() } + 2;
            comfy_table::ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(least as u16))
        };
        column.set_constraint(constraint);
    }
    table.lines().map(|l| l.trim_end().to_string()).collect::<Vec<_>>().join("\n")
}

/// `sort:KEYS` as a query term, from a list written with or without spaces after its commas.
fn sort_term(keys: &str) -> String {
    let keys: Vec<&str> = keys.split(',').map(str::trim).filter(|k| !k.is_empty()).collect();
    format!("sort:{}", keys.join(","))
}
