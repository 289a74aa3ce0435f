//! All terminal output goes through [`Ui`]: results on stdout (text or JSON), messages on
//! stderr, colour decided once (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`, whether it is a TTY).

use std::io::{IsTerminal, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::error::CommandResult;

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// When writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// A time as desk shows it to people: `2026-11-23 10:00 UTC`.
pub fn when(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Text from a ticket made safe for a terminal: control characters other than newline and tab
/// (escape sequences a customer could use to rewrite the agent's screen) become `�`.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        text.chars()
            .map(|c| if c.is_control() && c != '\n' && c != '\t' { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// The output channel of a command.
pub struct Ui {
    /// Whether `--json` was given.
    pub json: bool,
    color: bool,
    err_color: bool,
}

/// Named styles used across commands.
pub mod styles {
    use super::*;
    /// Ticket IDs.
    pub const ID: Style = AnsiColor::Yellow.on_default().bold();
    /// Headings and titles.
    pub const TITLE: Style = Style::new().bold();
    /// Secondary text.
    pub const DIM: Style = Style::new().dimmed();
    /// Internal notes.
    pub const INTERNAL: Style = AnsiColor::Magenta.on_default().bold();
    /// Errors.
    pub const ERROR: Style = AnsiColor::Red.on_default().bold();
    /// Hints.
    pub const HINT: Style = AnsiColor::Cyan.on_default();
}

fn wants_color(when: ColorWhen, is_tty: bool) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let forced = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
            forced || (!no_color && is_tty && std::env::var("TERM").map_or(true, |t| t != "dumb"))
        }
    }
}

impl Ui {
    /// A UI for the given flags.
    pub fn new(json: bool, when: ColorWhen) -> Self {
        Self {
            json,
            color: wants_color(when, std::io::stdout().is_terminal()),
            err_color: wants_color(when, std::io::stderr().is_terminal()),
        }
    }

    /// Whether stdout gets colour.
    pub fn color(&self) -> bool {
        self.color
    }

    /// `text` in `style` when stdout is coloured.
    pub fn paint(&self, style: Style, text: impl std::fmt::Display) -> String {
        if self.color { format!("{style}{text}{style:#}") } else { text.to_string() }
    }

    fn paint_err(&self, style: Style, text: &str) -> String {
        if self.err_color { format!("{style}{text}{style:#}") } else { text.to_string() }
    }

    /// Writes text to stdout (a newline is added if missing). On a terminal, text taller than the
    /// window goes through a pager like git's: `$DESK_PAGER`, else `$PAGER`, else `less -FRX`
    /// (an empty value or `cat` turns it off).
    pub fn out(&self, text: &str) -> CommandResult {
        if self.page(text) {
            return Ok(());
        }
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            stdout.write_all(b"\n")?;
        }
        stdout.flush()?;
        Ok(())
    }

    /// Shows `text` in the pager when it is wanted; false when it was not used.
    fn page(&self, text: &str) -> bool {
        if self.json || !std::io::stdout().is_terminal() {
            return false;
        }
        let rows = terminal_size::terminal_size().map_or(24, |(_, h)| usize::from(h.0));
        if text.lines().count() < rows {
            return false;
        }
        let pager =
            std::env::var("DESK_PAGER").or_else(|_| std::env::var("PAGER")).unwrap_or_else(|_| "less -FRX".into());
        if pager.trim().is_empty() || pager.trim() == "cat" {
            return false;
        }
        let child = std::process::Command::new("sh")
            .arg("-c")
            .arg(&pager)
            .env("LESS", std::env::var("LESS").unwrap_or_else(|_| "FRX".into()))
            .stdin(std::process::Stdio::piped())
            .spawn();
        let Ok(mut child) = child else { return false };
        if let Some(mut stdin) = child.stdin.take() {
            // The reader may quit early (q in less): that is not an error.
            let _ = stdin.write_all(text.as_bytes());
            let _ = stdin.write_all(b"\n");
        }
        let _ = child.wait();
        true
    }

    /// Writes a value as pretty JSON to stdout.
    pub fn out_json<T: Serialize + ?Sized>(&self, value: &T) -> CommandResult {
        // Buffered: stdout alone flushes at every newline of the pretty output.
        let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        serde_json::to_writer_pretty(&mut stdout, value)?;
        stdout.write_all(b"\n")?;
        stdout.flush()?;
        Ok(())
    }

    /// A status message on stderr (not shown with `--json`).
    pub fn status(&self, text: &str) {
        if !self.json {
            eprintln!("{text}");
        }
    }

    /// Whether progress bars may be drawn: stderr is a terminal and the output is not JSON.
    pub fn shows_progress(&self) -> bool {
        !self.json && std::io::IsTerminal::is_terminal(&std::io::stderr())
    }

    /// A warning on stderr (always shown).
    pub fn warn(&self, text: &str) {
        eprintln!("{} {text}", self.paint_err(AnsiColor::Yellow.on_default().bold(), "warning:"));
    }

    /// An error with hints on stderr.
    pub fn error(&self, message: &str, hints: &[String]) {
        eprintln!("{} {message}", self.paint_err(styles::ERROR, "error:"));
        for hint in hints {
            eprintln!("{} {hint}", self.paint_err(styles::HINT, "hint:"));
        }
    }
}

/// A plain table: no borders, two spaces between columns, no trailing spaces. Written straight
/// into one string (no per-cell layout objects), so a listing of 100k rows costs little more
/// than its text.
pub fn plain_table<R: IntoIterator<Item = String>>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String {
    let rows: Vec<Vec<String>> = rows.into_iter().map(|r| r.into_iter().collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| unicode_width::UnicodeWidthStr::width(*h)).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            let width = unicode_width::UnicodeWidthStr::width(cell.as_str());
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(width),
                None => widths.push(width),
            }
        }
    }
    let mut out = String::with_capacity((rows.len() + 1) * (widths.iter().sum::<usize>() + 2 * widths.len() + 1));
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let start = out.len();
        for (i, cell) in cells.enumerate() {
            out.push_str(cell);
            let pad = widths[i] + 2 - unicode_width::UnicodeWidthStr::width(cell);
            out.extend(std::iter::repeat_n(' ', pad));
        }
        let end = out[start..].trim_end().len() + start;
        out.truncate(end);
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in &rows {
        line(&mut row.iter().map(String::as_str));
    }
    out.pop();
    out
}

/// CSV text with a header line.
pub fn csv_text<R: IntoIterator<Item = String>>(
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Result<String, super::error::CommandError> {
    let failed = |e: csv::Error| super::error::CommandError::user(format!("writing CSV: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).map_err(failed)?;
    for row in rows {
        writer.write_record(row.into_iter().collect::<Vec<_>>()).map_err(failed)?;
    }
    let bytes = writer.into_inner().map_err(|e| super::error::CommandError::user(format!("writing CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A progress bar on stderr (`{bar} done/total UNIT (rate, eta)`), hidden unless `visible` and
/// the run is long enough to need one (2,000 items).
pub fn progress_bar(visible: bool, total: u64, unit: &str) -> indicatif::ProgressBar {
    if !visible || total < 2000 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    let template = format!("{{bar:40}} {{pos}}/{{len}} {unit} ({{per_sec}}, {{eta}} left)");
    if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}

/// The progress callback of a search index rebuild: a bar (see [`progress_bar`]) made on the
/// first report, cleared when done.
pub fn indexing_progress(visible: bool) -> impl Fn(u64, u64) + Sync {
    let bar = std::sync::OnceLock::new();
    move |done, total| {
        let bar = bar.get_or_init(|| progress_bar(visible, total, "tickets indexed"));
        bar.set_position(done);
        if done >= total {
            bar.finish_and_clear();
        }
    }
}
