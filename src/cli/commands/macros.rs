use desk::ops::automate;

use crate::cli::Context;
use crate::cli::error::CommandResult;

/// Canned replies with actions, from .desk/macros/*.md
#[derive(clap::Subcommand, Debug)]
pub enum MacroCommand {
    /// List the macros
    List,
    /// Apply a macro to a ticket: its reply (as you) and its field changes, in one commit
    Apply {
        /// Ticket ID or unambiguous prefix
        id: String,
        /// Macro name (file name without .md)
        name: String,
    },
}

pub fn cmd_macro(cx: &Context, command: MacroCommand) -> CommandResult {
    match command {
        MacroCommand::List => {
            let desk = cx.desk()?;
            let macros = automate::load_macros(&desk).map_err(desk::Error::Config)?;
            if cx.ui.json {
                let list: Vec<_> = macros
                    .values()
                    .map(|m| {
                        serde_json::json!({
                            "name": m.name,
                            "description": m.description,
                            "path": format!("{}/{}.md", desk::automation::MACROS_DIR, m.name),
                            "body": m.body,
                        })
                    })
                    .collect();
                return cx.ui.out_json(&list);
            }
            if macros.is_empty() {
                return cx.ui.out("No macros yet: add Markdown files to .desk/macros/.");
            }
            let rows = macros.values().map(|m| [m.name.clone(), m.description.clone().unwrap_or_default()]);
            cx.ui.out(&crate::cli::ui::plain_table(&["MACRO", "DESCRIPTION"], rows))
        }
        MacroCommand::Apply { id, name } => {
            let (desk, actor, id) = cx.ticket(&id)?;
            let outcome = automate::apply_macro(&desk, &actor, &id, &name, None)?;
            cx.report(&desk, &outcome)
        }
    }
}
