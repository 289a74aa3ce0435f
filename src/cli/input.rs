//! Input from the person at the terminal: message bodies (`-m`, `-m -`, `$EDITOR`) and prompts.
//! Without a terminal nothing here waits for input: a missing value is an error.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::process::Command;

use super::error::CommandError;

/// The line below which the editor template's help text sits.
const SCISSORS: &str = "# ------------------------ >8 ------------------------";

/// Whether someone can answer prompts (stdin and stderr are terminals).
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The body from `-m`: the text itself, or stdin for `-`.
pub fn message_arg(message: &str) -> Result<String, CommandError> {
    if message == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CommandError::user(format!("reading the message from stdin: {e}")))?;
        Ok(text)
    } else {
        Ok(message.to_string())
    }
}

/// The body from `-m`, or from `$EDITOR` when interactive; `what` names it in messages.
pub fn body(message: Option<&str>, what: &str, scratch: &Path, help: &str) -> Result<String, CommandError> {
    if let Some(message) = message {
        return message_arg(message);
    }
    if !interactive() {
        return Err(CommandError::user(format!("no {what} given and no terminal to open an editor on"))
            .hinted("pass it with -m TEXT, or -m - to read it from stdin"));
    }
    edit(String::new(), what, scratch, help)
}

/// Opens `$EDITOR` on `initial` (with the help text below the scissors line) and returns what
/// is left above that line; an empty result aborts.
pub fn edit(initial: String, what: &str, scratch: &Path, help: &str) -> Result<String, CommandError> {
    let template = format!(
        "{initial}\n{SCISSORS}\n# {help}\n# Everything from the line above down is removed; an empty message aborts.\n"
    );
    std::fs::write(scratch, template).map_err(|e| CommandError::user(format!("writing {}: {e}", scratch.display())))?;
    run_editor(scratch)?;
    let text = std::fs::read_to_string(scratch)
        .map_err(|e| CommandError::user(format!("reading {}: {e}", scratch.display())))?;
    let _ = std::fs::remove_file(scratch);
    // Like `git commit --cleanup=scissors`: Markdown headings (`# Title`) stay in the message.
    let body = text.split(SCISSORS).next().unwrap_or_default().to_string();
    if body.trim().is_empty() {
        return Err(CommandError::user(format!("aborted: the {what} is empty")));
    }
    Ok(body)
}

/// Runs `$VISUAL`/`$EDITOR` (default `vi`) on `path` through the shell, like git does.
pub fn run_editor(path: &Path) -> Result<(), CommandError> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(path)
        .status()
        .map_err(|e| CommandError::user(format!("could not start the editor `{editor}`: {e}")))?;
    if !status.success() {
        return Err(CommandError::user(format!("the editor `{editor}` exited with {status}")));
    }
    Ok(())
}

/// Asks for a line of text; `allow_empty` accepts an empty answer as `None`.
pub fn ask(prompt: &str, allow_empty: bool) -> Result<Option<String>, CommandError> {
    let answer: String = dialoguer::Input::new()
        .with_prompt(prompt)
        .allow_empty(allow_empty)
        .interact_text()
        .map_err(|e| CommandError::user(format!("prompt failed: {e}")))?;
    Ok(Some(answer.trim().to_string()).filter(|a| !a.is_empty()))
}

/// Asks to pick one of `items`, `default` preselected.
pub fn pick(prompt: &str, items: &[String], default: usize) -> Result<String, CommandError> {
    let index = dialoguer::Select::new()
        .with_prompt(prompt)
        .items(items)
        .default(default)
        .interact()
        .map_err(|e| CommandError::user(format!("prompt failed: {e}")))?;
    Ok(items[index].clone())
}

/// Asks a yes/no question.
pub fn confirm(prompt: &str) -> Result<bool, CommandError> {
    dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(true)
        .interact()
        .map_err(|e| CommandError::user(format!("prompt failed: {e}")))
}
