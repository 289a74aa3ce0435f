//! Markdown to terminal text: headings, emphasis, code, lists, quotes and links rendered with
//! ANSI styles (plain when colour is off), through pulldown-cmark's event stream.

use anstyle::{AnsiColor, Style};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::ui::{Ui, clean};

/// Renders Markdown for the terminal, each line prefixed with `indent`.
pub fn markdown(ui: &Ui, text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut quote = 0usize;
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut styles: Vec<Style> = Vec::new();
    let mut link: Vec<String> = Vec::new();
    let mut in_code_block = false;
    let flush = |out: &mut String, line: &mut String, quote: usize| {
        out.push_str(indent);
        out.push_str(&"│ ".repeat(quote));
        out.push_str(line.trim_end());
        out.push('\n');
        line.clear();
    };
    let style_now = |styles: &[Style]| styles.iter().fold(Style::new(), |acc, s| merge(acc, *s));
    let push = |line: &mut String, styles: &[Style], text: &str| {
        let style = style_now(styles);
        if style == Style::new() { line.push_str(text) } else { line.push_str(&ui.paint(style, text)) }
    };
    for event in
        Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS)
    {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let hashes = match level {
                    HeadingLevel::H1 => "# ",
                    HeadingLevel::H2 => "## ",
                    _ => "### ",
                };
                styles.push(Style::new().bold().underline());
                push(&mut line, &styles, hashes);
            }
            Event::End(TagEnd::Heading(_)) => {
                styles.pop();
                flush(&mut out, &mut line, quote);
                out.push('\n');
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                flush(&mut out, &mut line, quote);
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Emphasis) => styles.push(Style::new().italic()),
            Event::Start(Tag::Strong) => styles.push(Style::new().bold()),
            Event::Start(Tag::Strikethrough) => styles.push(Style::new().strikethrough()),
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                styles.pop();
            }
            Event::Start(Tag::BlockQuote(_)) => quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote = quote.saturating_sub(1),
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                if let CodeBlockKind::Fenced(lang) = kind
                    && !lang.is_empty()
                {
                    push(&mut line, &[Style::new().dimmed()], &format!("[{lang}]"));
                    flush(&mut out, &mut line, quote);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.push('\n');
            }
            Event::Start(Tag::List(start)) => lists.push(start),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                if !line.is_empty() {
                    flush(&mut out, &mut line, quote);
                }
                let depth = lists.len().saturating_sub(1);
                let bullet = match lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_string(),
                };
                line.push_str(&"  ".repeat(depth));
                line.push_str(&bullet);
            }
            Event::End(TagEnd::Item) if !line.trim().is_empty() => {
                flush(&mut out, &mut line, quote);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link.push(dest_url.to_string());
                styles.push(AnsiColor::Blue.on_default().underline());
            }
            Event::End(TagEnd::Link) => {
                styles.pop();
                if let Some(url) = link.pop() {
                    push(&mut line, &[Style::new().dimmed()], &format!(" <{url}>"));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                push(&mut line, &[Style::new().dimmed()], &format!("[image {dest_url}] "));
            }
            Event::Text(text) if in_code_block => {
                for code_line in text.lines() {
                    push(&mut line, &[AnsiColor::Green.on_default()], &format!("    {}", clean(code_line)));
                    flush(&mut out, &mut line, quote);
                }
            }
            Event::Text(text) => push(&mut line, &styles, &clean(&text)),
            Event::Code(code) => push(&mut line, &[AnsiColor::Green.on_default()], &format!("`{}`", clean(&code))),
            Event::SoftBreak => line.push(' '),
            Event::HardBreak => flush(&mut out, &mut line, quote),
            Event::Rule => {
                line.push_str("────────");
                flush(&mut out, &mut line, quote);
                out.push('\n');
            }
            Event::TaskListMarker(done) => line.push_str(if done { "[x] " } else { "[ ] " }),
            Event::Html(html) | Event::InlineHtml(html) => line.push_str(&clean(html.trim_end_matches('\n'))),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => flush(&mut out, &mut line, quote),
            Event::End(TagEnd::TableCell) => line.push_str(" │ "),
            _ => {}
        }
    }
    if !line.is_empty() {
        flush(&mut out, &mut line, quote);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn merge(a: Style, b: Style) -> Style {
    let mut style = a.effects(a.get_effects() | b.get_effects());
    if let Some(fg) = b.get_fg_color() {
        style = style.fg_color(Some(fg));
    }
    style
}
