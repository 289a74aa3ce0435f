use desk::ops::Desk;
use desk::ticket::{Entry, Role, Ticket, Visibility};

use crate::cli::error::CommandResult;
use crate::cli::ui::{Ui, clean, styles, when};
use crate::cli::{Context, render};

/// Show a ticket: its fields and conversation, rendered for the terminal
///
/// Internal notes are marked; --public shows exactly what the requester can see.
#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
    /// Show only what the requester can see
    #[arg(long)]
    public: bool,
}

pub fn cmd_show(cx: &Context, args: &ShowArgs) -> CommandResult {
    let desk = cx.desk()?;
    let id = desk.resolve(&args.id)?;
    let loaded = desk.load(&id)?;
    let ticket = loaded.file.ticket();
    let short = desk.short_id(&id);
    if cx.ui.json {
        return cx.ui.out_json(&desk::ops::export::ticket_json(
            &desk.config,
            ticket,
            &loaded.path,
            Some(&short),
            args.public,
        ));
    }
    let mut text = if args.public {
        render_public(&cx.ui, &desk, ticket, &short)
    } else {
        render_full(&cx.ui, &desk, ticket, &short, &loaded.path)
    };
    if !args.public
        && let Some(badges) = sla_badges(&cx.ui, &desk, ticket)
    {
        // After the header lines, before the conversation.
        let at = text.find("\n\n").unwrap_or(text.len());
        text.insert_str(at, &format!("\n{badges}"));
    }
    cx.ui.out(&text)
}

/// "SLA standard: first response due in 1h 20m · resolution breached by 3h", when a policy applies.
fn sla_badges(ui: &Ui, desk: &Desk, ticket: &Ticket) -> Option<String> {
    let sla = desk.sla().ok()?;
    let report = desk::sla::evaluate(ticket, &desk.config, &sla, desk.now());
    let policy = report.policy.as_ref().filter(|_| !report.targets.is_empty())?;
    let badges: Vec<String> = report
        .targets
        .iter()
        .map(|target| {
            let text = desk::ops::sla::badge(target, desk.now());
            match target.state {
                desk::sla::MetricState::Breached => ui.paint(styles::ERROR, text),
                _ => text,
            }
        })
        .collect();
    Some(format!("{} {}", ui.paint(styles::DIM, format!("SLA {policy}:")), badges.join(" · ")))
}

fn field(ui: &Ui, name: &str, value: &str) -> String {
    format!("{} {}", ui.paint(styles::DIM, format!("{name}:")), clean(value))
}

fn render_full(ui: &Ui, desk: &Desk, t: &Ticket, short: &str, path: &str) -> String {
    let mut out = format!("{}  {}\n", ui.paint(styles::ID, short), ui.paint(styles::TITLE, clean(&t.title)));
    let category = desk.category_of(t).map_or_else(|| "unknown status".into(), |c| c.to_string());
    let none = "—";
    let line1 = [
        field(ui, "status", &format!("{} ({category})", t.status)),
        field(ui, "priority", &t.priority),
        field(ui, "type", &t.kind),
    ];
    let line2 = [
        field(ui, "requester", t.requester.as_deref().unwrap_or(none)),
        field(ui, "assignee", t.assignee.as_deref().unwrap_or(none)),
        field(ui, "team", t.team.as_deref().unwrap_or(none)),
    ];
    out.push_str(&format!("{}\n{}\n", line1.join("   "), line2.join("   ")));
    let mut lists = Vec::new();
    for (name, values) in [("tags", &t.tags), ("cc", &t.cc), ("followers", &t.followers)] {
        if !values.is_empty() {
            lists.push(field(ui, name, &values.join(", ")));
        }
    }
    if !lists.is_empty() {
        out.push_str(&format!("{}\n", lists.join("   ")));
    }
    // Custom fields (in configuration order) and links to other tickets.
    let mut more: Vec<String> =
        desk.config.fields.keys().filter_map(|name| t.extra_text(name).map(|v| field(ui, name, &v))).collect();
    if let Some(old) = t.extra_text("follow_up_of") {
        more.push(field(ui, "follow-up of", &old));
    }
    if let Some(parent) = &t.parent {
        more.push(field(ui, "subtask of", parent));
    }
    if !t.subtasks.is_empty() {
        more.push(field(ui, "subtasks", &t.subtasks.join(", ")));
    }
    if !t.links.is_empty() {
        more.push(field(ui, "links", &t.links.join(", ")));
    }
    if !more.is_empty() {
        out.push_str(&format!("{}\n", more.join("   ")));
    }
    let channel = t.channel.as_deref().unwrap_or("unknown");
    out.push_str(&ui.paint(styles::DIM, format!("created {} via {channel} · {} · {path}", when(&t.created), t.id)));
    out.push('\n');
    enum Item<'a> {
        Entry(usize, &'a Entry),
        Event(&'a desk::ticket::Event),
    }
    // File order is the order things happened in (the body is append-only).
    let mut items: Vec<(usize, Item)> =
        t.entries.iter().enumerate().map(|(i, e)| (e.line, Item::Entry(i, e))).collect();
    items.extend(t.events.iter().map(|e| (e.line, Item::Event(e))));
    items.sort_by_key(|(line, _)| *line);
    for (_, item) in items {
        match item {
            Item::Entry(index, entry) => {
                out.push('\n');
                out.push_str(&entry_block(ui, entry, index == 0, true));
                out.push_str(&attachment_lines(ui, entry));
            }
            Item::Event(event) => {
                let by = match event.extra.get("rule").and_then(|r| r.as_str()) {
                    Some(rule) => format!("rule `{rule}`:"),
                    None => event.by.clone(),
                };
                let text = format!("  · {} {by} {}", when(&event.at), desk::ops::edit::describe(event));
                let text = clean(&text).into_owned();
                out.push_str(&ui.paint(styles::DIM, text));
                out.push('\n');
            }
        }
    }
    out
}

/// `  📎 name (size) path` for each file attached to an entry.
fn attachment_lines(ui: &Ui, entry: &Entry) -> String {
    desk::ops::attach::of_entry(entry)
        .iter()
        .map(|a| {
            format!(
                "  📎 {} ({}) {}\n",
                clean(&a.name),
                desk::config::format_size(a.size),
                ui.paint(styles::DIM, &a.path)
            )
        })
        .collect()
}

fn entry_block(ui: &Ui, entry: &Entry, first: bool, agent_view: bool) -> String {
    let label = match (entry.visibility, entry.role, first) {
        (Visibility::Internal, _, _) => "INTERNAL NOTE",
        (_, _, true) => "Description",
        (_, Role::Customer, _) => "Message",
        (_, Role::System, _) => "Automatic reply",
        (_, Role::Agent, _) => "Reply",
    };
    let merged = entry
        .extra
        .get("merged_from")
        .and_then(|m| m.as_str())
        .map(|m| format!(" · merged from {m}"))
        .unwrap_or_default();
    let heading = format!("── {label} · {} · {}{merged}", clean(&entry.author), when(&entry.at));
    if entry.visibility == Visibility::Internal && agent_view {
        let body = render::markdown(ui, &entry.body, "");
        let bar = ui.paint(styles::INTERNAL, "┃ ");
        let mut out = format!("{bar}{}\n", ui.paint(styles::INTERNAL, format!("🔒 {heading}")));
        for line in body.lines() {
            out.push_str(&format!("{bar}{line}\n"));
        }
        return out;
    }
    format!("{}\n{}", ui.paint(styles::TITLE, heading), render::markdown(ui, &entry.body, ""))
}

fn render_public(ui: &Ui, desk: &Desk, t: &Ticket, short: &str) -> String {
    let mut out = format!("{}  {}\n", ui.paint(styles::ID, short), ui.paint(styles::TITLE, clean(&t.title)));
    out.push_str(&field(ui, "status", &desk::ops::export::public_status(&desk.config, t)));
    out.push('\n');
    if let Some(requester) = &t.requester {
        out.push_str(&field(ui, "requester", requester));
        out.push('\n');
    }
    if !t.cc.is_empty() {
        out.push_str(&field(ui, "cc", &t.cc.join(", ")));
        out.push('\n');
    }
    out.push_str(&ui.paint(styles::DIM, format!("created {}", when(&t.created))));
    out.push('\n');
    for (index, entry) in t.public_entries().enumerate() {
        out.push('\n');
        out.push_str(&entry_block(ui, entry, index == 0, false));
        out.push_str(&attachment_lines(ui, entry));
    }
    out
}
