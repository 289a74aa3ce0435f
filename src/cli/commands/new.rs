use desk::ops::create::{self, NewOptions};

use crate::cli::error::{CommandError, CommandResult};
use crate::cli::{Context, input};

/// Create a ticket
///
/// Without -m, opens $EDITOR for the description (like `git commit`); `-m -` reads it from
/// stdin. On a terminal, missing fields are asked for; without one, desk never waits for input.
#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// One-line summary
    title: Option<String>,
    /// The description (`-` reads stdin)
    #[arg(short, long, value_name = "TEXT")]
    message: Option<String>,
    /// Requester's email
    #[arg(short, long, value_name = "EMAIL")]
    requester: Option<String>,
    /// Priority (default from .desk/config.yaml)
    #[arg(short, long)]
    priority: Option<String>,
    /// Ticket type (default from .desk/config.yaml)
    #[arg(short = 't', long = "type", value_name = "TYPE")]
    kind: Option<String>,
    /// Assign to this agent
    #[arg(short, long, value_name = "AGENT")]
    assignee: Option<String>,
    /// Team
    #[arg(long)]
    team: Option<String>,
    /// Tag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Customer CC (repeatable)
    #[arg(long = "cc", value_name = "EMAIL")]
    cc: Vec<String>,
    /// Channel the request came from
    #[arg(long, default_value = "cli")]
    channel: String,
    /// Make it a subtask of this ticket (a parent cannot be solved while subtasks are open)
    #[arg(long, value_name = "ID")]
    parent: Option<String>,
    /// Set a custom field (from `fields:` in .desk/config.yaml), e.g. `--field plan=pro` (repeatable)
    #[arg(long = "field", value_name = "FIELD=VALUE")]
    fields: Vec<String>,
    /// Attach a file to the description (repeatable; within `attachments: { max_size }`)
    #[arg(long = "attach", value_name = "FILE")]
    attach: Vec<std::path::PathBuf>,
}

pub fn cmd_new(cx: &Context, args: &NewArgs) -> CommandResult {
    let desk = cx.desk()?;
    let actor = cx.actor(&desk)?;
    let interactive = input::interactive();
    let title = match (&args.title, interactive) {
        (Some(title), _) => title.clone(),
        (None, true) => input::ask("Title", false)?.unwrap_or_default(),
        (None, false) => {
            return Err(CommandError::user("a ticket needs a title").hinted("desk new \"Printer on fire\" -m \"...\""));
        }
    };
    let mut options = NewOptions {
        title,
        requester: args.requester.clone(),
        kind: args.kind.clone(),
        priority: args.priority.clone(),
        assignee: args.assignee.clone(),
        team: args.team.clone(),
        tags: args.tags.clone(),
        cc: args.cc.clone(),
        channel: Some(args.channel.clone()),
        parent: args.parent.clone(),
        fields: args.fields.iter().map(|a| input::assignment(a)).collect::<Result<_, _>>()?,
        attachments: args
            .attach
            .iter()
            .map(|path| {
                let bytes = std::fs::read(path)
                    .map_err(|e| CommandError::user(format!("cannot read {}: {e}", path.display())))?;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                Ok((name, bytes))
            })
            .collect::<Result<_, CommandError>>()?,
        body: String::new(),
        ..Default::default()
    };
    if interactive {
        if options.requester.is_none() {
            options.requester = input::ask("Requester email (empty for none)", true)?;
        }
        if options.kind.is_none() {
            let types: Vec<String> = desk.config.types.keys().cloned().collect();
            let default = desk.config.default_type().and_then(|d| types.iter().position(|t| t == d)).unwrap_or(0);
            options.kind = Some(input::pick("Type", &types, default)?);
        }
        if options.priority.is_none() {
            let priorities = desk.config.priorities.clone();
            let default =
                desk.config.default_priority().and_then(|d| priorities.iter().position(|p| p == d)).unwrap_or(0);
            options.priority = Some(input::pick("Priority", &priorities, default)?);
        }
    }
    let scratch = desk.store.git().path().join("DESK_NEW_MSG");
    options.body = input::body(args.message.as_deref(), "description", &scratch, "Describe the request (Markdown).")?;
    let outcome = create::create(&desk, &actor, &options)?;
    if cx.ui.json {
        return cx.report(&desk, &outcome);
    }
    let id = desk::id::TicketId::parse(&outcome.id).ok_or_else(|| CommandError::user("bad id"))?;
    let short = desk.short_id(&id);
    cx.ui.out(&format!(
        "Created {} {}\n{}",
        cx.ui.paint(crate::cli::ui::styles::ID, &short),
        options.title.split_whitespace().collect::<Vec<_>>().join(" "),
        cx.ui.paint(crate::cli::ui::styles::DIM, &outcome.path)
    ))?;
    cx.report_firings(&outcome.automation)
}
