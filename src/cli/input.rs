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
        if text.trim().is_empty() {
            return Err(
                CommandError::user("-m - read nothing from stdin").hinted("pipe the text in, or pass it with -m TEXT")
            );
        }
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
    let chosen = ["VISUAL", "EDITOR"].iter().find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()));
    // A script may name its own editor; without one and without a terminal, vi would hang.
    if chosen.is_none() && !interactive() {
        return Err(CommandError::user("no terminal to open an editor on")
            .hinted("set EDITOR to a command that edits the file it is given, or run this from a terminal"));
    }
    let editor = chosen.unwrap_or_else(|| "vi".to_string());
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

/// Rewrites a negated query term given as its own argument (`desk search camera -tag:spam`,
/// `desk search camera -firmware`) to `NOT tag:spam` / `NOT firmware`, so that the shell's
/// word is not read as short flags (`-t` with the value `ag:spam`). Only for `list`, `search`
/// and `view`, and only for words shaped like `-field:value` (or `<`, `>`, `=`), a dash and a
/// word of two or more characters, `-"phrase"`, `-(group)`, or a whole query in one argument
/// that starts with a negation (`'-firmware camera'`); a short flag's value goes in its own
/// word (`-s open`).
pub fn query_negations(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    const GLOBAL_WITH_VALUE: &[&str] = &["-C", "--as", "--color"];
    let mut command = None;
    let mut skip_value = false;
    for (i, arg) in args.iter().enumerate().skip(1) {
        let text = arg.to_string_lossy();
        if skip_value {
            skip_value = false;
        } else if GLOBAL_WITH_VALUE.contains(&text.as_ref()) {
            skip_value = true;
        } else if !text.starts_with('-') {
            command = Some((i, text.into_owned()));
            break;
        }
    }
    let Some((at, name)) = command.filter(|(_, name)| matches!(name.as_str(), "list" | "search" | "view")) else {
        return args;
    };
    // The flags of that command that take a value: `--sort -updated` keeps its value.
    let cli = crate::cli::command();
    let with_value: Vec<String> = cli
        .find_subcommand(&name)
        .into_iter()
        .flat_map(|c| c.get_arguments().chain(cli.get_arguments()))
        .filter(|a| a.get_action().takes_values() && !a.is_positional())
        .flat_map(|a| {
            let long = a.get_long().map(|l| format!("--{l}"));
            let short = a.get_short().map(|c| format!("-{c}"));
            long.into_iter().chain(short)
        })
        .collect();
    let negated = |text: &str| {
        let Some(rest) = text.strip_prefix('-') else { return false };
        let field: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let starts_with_letter = rest.chars().next().is_some_and(char::is_alphabetic);
        let term = !field.is_empty() && starts_with_letter && rest[field.len()..].starts_with([':', '<', '>', '=']);
        let word = starts_with_letter
            && rest.chars().count() >= 2
            && rest.chars().all(|c| c.is_alphanumeric() || "_.@-".contains(c));
        // A whole query in one argument (`'-firmware camera'`), a negated phrase or group: no
        // flag has a space in it or starts with `-"` / `-(`.
        let query = !rest.starts_with('-') && (rest.contains(char::is_whitespace) || rest.starts_with(['"', '(']));
        term || word || query
    };
    let mut out: Vec<std::ffi::OsString> = Vec::with_capacity(args.len());
    for (i, arg) in args.into_iter().enumerate() {
        let after_flag = out.last().and_then(|p| p.to_str()).is_some_and(|p| with_value.iter().any(|f| f == p));
        match arg.to_str() {
            Some(text) if i > at && !after_flag && negated(text) => out.push(format!("NOT {}", &text[1..]).into()),
            _ => out.push(arg),
        }
    }
    out
}

/// `FIELD=VALUE` (of `desk set` and `desk new --field`) as a name and a value.
pub fn assignment(text: &str) -> Result<(String, String), CommandError> {
    let Some((name, value)) = text.split_once('=') else {
        return Err(CommandError::user(format!("`{text}` is not FIELD=VALUE")).hinted("e.g. plan=pro"));
    };
    Ok((name.trim().to_string(), value.to_string()))
}
