use desk::ops::check;
use serde_json::json;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Validate the configuration and every ticket file
///
/// Prints one line per problem as `path:line: message` and exits with status 1 if there is any
/// (warnings, such as a rule that may fire repeatedly, are printed but do not fail).
#[derive(clap::Args, Debug)]
pub struct CheckArgs {}

pub fn cmd_check(cx: &Context, _args: &CheckArgs) -> CommandResult {
    let desk = cx.desk()?;
    let (problems, count) = check::check(&desk);
    if cx.ui.json {
        cx.ui.out_json(&json!({ "tickets": count, "problems": problems }))?;
    } else {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        if !lines.is_empty() {
            cx.ui.out(&lines.join("\n"))?;
        }
        let plural = if count == 1 { "" } else { "s" };
        let warnings = problems.iter().filter(|p| p.warning).count();
        let warned = match warnings {
            0 => String::new(),
            1 => ", 1 warning".into(),
            n => format!(", {n} warnings"),
        };
        match problems.len() - warnings {
            0 => cx.ui.status(&format!("{count} ticket{plural} checked: no problems{warned}.")),
            n => cx.ui.status(&format!(
                "{count} ticket{plural} checked: {n} problem{}{warned}.",
                if n == 1 { "" } else { "s" }
            )),
        }
    }
    if problems.iter().all(|p| p.warning) { Ok(()) } else { Err(CommandError::reported()) }
}
