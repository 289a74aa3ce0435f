//! Canonical YAML rendering of front-matter values: one key per line, block lists, scalars plain
//! when every YAML 1.1 and 1.2 parser reads them back as the same string, double-quoted otherwise.

/// Renders `key: value` (a newline included).
pub fn scalar_line(key: &str, value: &str) -> String {
    format!("{key}: {}\n", scalar(value))
}

/// Renders a block list; `None` when the list is empty (empty lists are left out of the file).
pub fn list_lines(key: &str, values: &[String]) -> Option<String> {
    if values.is_empty() {
        return None;
    }
    let mut out = format!("{key}:\n");
    for value in values {
        out.push_str("  - ");
        out.push_str(&scalar(value));
        out.push('\n');
    }
    Some(out)
}

/// A YAML scalar for `value`: plain if unambiguous, else a double-quoted (JSON-compatible) string.
pub fn scalar(value: &str) -> String {
    if is_plain_safe(value) { value.to_string() } else { quoted(value) }
}

fn quoted(value: &str) -> String {
    // JSON strings are valid YAML double-quoted scalars. JSON leaves DEL, the C1 controls and the
    // Unicode line separators raw, which YAML parsers reject or read as line breaks: escape them.
    let json = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", ch as u32)),
            _ => out.push(ch),
        }
    }
    out
}

/// Words YAML 1.1 reads as booleans or null.
const RESERVED: &[&str] = &["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"];

fn is_plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else { return false };
    // A leading digit is safe only with a letter no number syntax uses (`8YSV…`, not `1e3` or `0x1F`).
    let number_like =
        first.is_ascii_digit() && !value.chars().any(|c| c.is_ascii_alphabetic() && !"aAbBcCdDeEfFoOxX".contains(c));
    // YAML 1.1 parsers read `2026-11-23…` as a date or timestamp.
    let date_like =
        value.len() >= 8 && value.as_bytes()[..4].iter().all(u8::is_ascii_digit) && value.as_bytes()[4] == b'-';
    if !(first.is_alphanumeric() || first == '_') || number_like || date_like || value.ends_with([' ', ':']) {
        return false;
    }
    if RESERVED.iter().any(|word| value.eq_ignore_ascii_case(word)) {
        return false;
    }
    if value.contains(": ") || value.contains(" #") {
        return false;
    }
    value.chars().all(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '_'
                    | '.'
                    | '@'
                    | '+'
                    | '/'
                    | '-'
                    | ':'
                    | '('
                    | ')'
                    | '\''
                    | '?'
                    | '!'
                    | '='
                    | '&'
                    | '%'
                    | '$'
                    | ';'
                    | '^'
                    | '~'
            )
    }) && !value.contains("  ")
}

/// A timestamp line: RFC 3339 is a plain scalar (YAML 1.1 parsers read it as a timestamp).
pub fn time_line(key: &str, value: &str) -> String {
    format!("{key}: {value}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_when_unambiguous_quoted_otherwise() {
        assert_eq!(scalar("Camera will not turn on"), "Camera will not turn on");
        assert_eq!(scalar("jane@customer.test"), "jane@customer.test");
        assert_eq!(scalar("on-hold"), "on-hold");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("1234"), "\"1234\"");
        assert_eq!(scalar("Error: boom"), "\"Error: boom\"");
        assert_eq!(scalar("@home"), "\"@home\"");
        assert_eq!(scalar("a \"quote\""), "\"a \\\"quote\\\"\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("tab\there"), "\"tab\\there\"");
    }

    #[test]
    fn every_rendering_reads_back_as_the_same_string() {
        let samples = [
            "Camera",
            "a: b",
            "#x",
            "- x",
            "[x]",
            "{x}",
            "null",
            "No",
            "1e3",
            "0x1F",
            "12:30",
            "x #y",
            "8YSVTTR9ZM",
            "1E10000000",
            "0o17",
            "0b101",
            "2026-11-23",
            "1st floor",
            "ünïcödé title",
            "emoji 🎉",
            "back\\slash",
            "'single'",
            "a\u{2028}b",
            "x:",
            "line\nbreak",
            "  padded  ",
            "*alias",
            "&anchor",
            "!tag",
            "|",
            ">",
            "%x",
            "`x`",
        ];
        for sample in samples {
            let line = scalar_line("k", sample);
            let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&line).unwrap();
            assert_eq!(value["k"].as_str(), Some(sample), "{line}");
        }
    }
}
