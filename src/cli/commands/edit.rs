use desk::ops::edit;

use crate::cli::error::{CommandError, CommandResult};
use crate::cli::{Context, input};

/// Edit a ticket file in $EDITOR; it is validated before it is committed
///
/// Front-matter changes are recorded as an event (so history and SLA stay right); status
/// changes must follow the workflow; entries may be corrected but not removed. If the result is
/// invalid you are asked to edit again, or (without a terminal) told where your copy is kept.
#[derive(clap::Args, Debug)]
pub struct EditArgs {
    /// Ticket ID or unambiguous prefix
    id: String,
}

pub fn cmd_edit(cx: &Context, args: &EditArgs) -> CommandResult {
    let (desk, actor, id) = cx.ticket(&args.id)?;
    let original = desk.store.head_file(&id.path())?.map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned());
    let Some(original) = original else {
        return Err(CommandError::user(format!("{} is not committed yet", id.path())));
    };
    let scratch = desk.store.git().path().join(format!("DESK_EDIT_{id}.md"));
    std::fs::write(&scratch, &original)
        .map_err(|e| CommandError::user(format!("writing {}: {e}", scratch.display())))?;
    loop {
        input::run_editor(&scratch)?;
        let edited = std::fs::read_to_string(&scratch)
            .map_err(|e| CommandError::user(format!("reading {}: {e}", scratch.display())))?;
        if edited == original {
            let _ = std::fs::remove_file(&scratch);
            let outcome = desk::ops::Outcome {
                id: id.to_string(),
                path: id.path(),
                commit: None,
                summary: "no changes".into(),
                ..Default::default()
            };
            return cx.report(&desk, &outcome);
        }
        match edit::apply(&desk, &actor, &id, &original, &edited) {
            Ok(outcome) => {
                let _ = std::fs::remove_file(&scratch);
                return cx.report(&desk, &outcome);
            }
            Err(err) => {
                // The line of a syntax error is in the edited copy, not in the committed file.
                let err = match err {
                    desk::error::Error::Syntax { line, message, .. } => {
                        CommandError::user(format!("{}:{line}: {message}", scratch.display()))
                    }
                    other => CommandError::from(other),
                };
                cx.ui.error(&err.message, &err.hints);
                if !(input::interactive() && input::confirm("Edit again?")?) {
                    return Err(CommandError::user("nothing was committed")
                        .hinted(format!("your edited copy is kept at {}", scratch.display())));
                }
            }
        }
    }
}
