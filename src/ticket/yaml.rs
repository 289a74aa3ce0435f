//! Canonical YAML rendering of front-matter values: one key per line, block lists, scalars plain
//! when every YAML 1.1 and 1.2 parser reads them back as the same string, double-quoted otherwise;
//! and the fast reading of front matter in that canonical form.

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

/// Characters YAML parsers refuse or read as line breaks even inside quotes, besides the C0 and
/// C1 controls.
fn unprintable(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

fn quoted(value: &str) -> String {
    // JSON strings are valid YAML double-quoted scalars. JSON leaves DEL, the C1 controls and the
    // Unicode line separators, the BOM and the noncharacters U+FFFE/U+FFFF raw, which YAML
    // parsers reject or read as line breaks: escape them.
    let json = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '\u{7f}'..='\u{9f}' => out.push_str(&format!("\\u{:04x}", ch as u32)),
            c if unprintable(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
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

/// Reads front matter written in the canonical form above without a YAML parser: each chunk is
/// `key: value` or a block list of `  - value` lines, every value plain-safe (read as itself by
/// every YAML parser, see [`scalar`]), an RFC 3339 time, or double-quoted without escapes.
/// `None` for anything else (comments, flow style, numbers, escapes, repeated keys...), which the
/// caller hands to the YAML parser. Parsing front matter is most of the cost of indexing a
/// ticket, and desk writes every file in this form.
pub fn read_canonical<'a>(
    chunks: impl Iterator<Item = (Option<&'a str>, &'a str)>,
) -> Option<Vec<(String, serde_yaml_ng::Value)>> {
    use serde_yaml_ng::Value;
    let mut pairs: Vec<(String, Value)> = Vec::with_capacity(16);
    for (key, raw) in chunks {
        // A key YAML reads as itself (not quoted, a number, a boolean, null or an anchor).
        let key = key.filter(|k| is_plain_safe(k))?;
        let rest = raw.strip_prefix(key)?.strip_prefix(':')?;
        let value = if let Some(items) = rest.strip_prefix('\n') {
            let items = items.strip_suffix('\n')?;
            let values = items
                .split('\n')
                .map(|line| line.strip_prefix("  - ").and_then(canonical_value).map(Value::String))
                .collect::<Option<Vec<_>>>()?;
            Value::Sequence(values)
        } else {
            let text = rest.strip_prefix(' ')?.strip_suffix('\n')?;
            let text = if key == "created" && is_time(text) { text.to_string() } else { canonical_value(text)? };
            Value::String(text)
        };
        if pairs.iter().any(|(k, _)| k == key) {
            return None;
        }
        pairs.push((key.to_string(), value));
    }
    Some(pairs)
}

/// A scalar's string when its reading is certain: plain-safe, or double-quoted with no escape.
fn canonical_value(text: &str) -> Option<String> {
    if is_plain_safe(text) {
        return Some(text.to_string());
    }
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let plain = |c: char| !matches!(c, '"' | '\\') && !c.is_control() && !unprintable(c);
    inner.chars().all(plain).then(|| inner.to_string())
}

/// An RFC 3339 time as desk writes it (`2026-11-23T10:00:00Z`, fractions and offsets allowed),
/// which YAML parsers read as a string or a timestamp but never split or reinterpret.
fn is_time(text: &str) -> bool {
    text.len() >= 20
        && text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b':' | b'.' | b'+' | b'T' | b'Z'))
        && chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

/// A timestamp line: RFC 3339 is a plain scalar (YAML 1.1 parsers read it as a timestamp).
pub fn time_line(key: &str, value: &str) -> String {
    format!("{key}: {value}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
            "non\u{fffe}char",
            "bom\u{feff}",
        ];
        for sample in samples {
            let line = scalar_line("k", sample);
            let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&line).unwrap();
            assert_eq!(value["k"].as_str(), Some(sample), "{line}");
        }
    }

    /// Text that looks like a value: letters, digits and every character YAML gives a meaning.
    const VALUE: &str = "[a-zA-Z0-9 _.@+/:#'\"!?&*%|>~`,\\[\\]{}=$;^()-]{0,12}";

    /// Chunks for some of the keys, in order, each a scalar or a block list.
    fn chunks() -> impl Strategy<Value = Vec<(String, String)>> {
        const KEYS: [&str; 11] = ["id", "title", "status", "created", "tags", "cc", "x", "1", "true", "\"q\"", "a b"];
        let scalar = prop_oneof![
            3 => "[a-zA-Z0-9 .@-]{1,12}".prop_map(|v| v.to_string()),
            2 => VALUE.prop_map(|v| v.to_string()),
            1 => VALUE.prop_map(|v| format!("\"{v}\"")),
            1 => "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](Z|[.][0-9]{1,3}Z|[+-]0[0-9]:00)"
                .prop_map(|v| v.to_string()),
        ];
        let value = prop_oneof![
            3 => scalar.clone().prop_map(|v| format!(" {v}\n")),
            1 => prop::collection::vec(scalar, 0..3).prop_map(|items| {
                let mut out = "\n".to_string();
                for item in items {
                    out.push_str(&format!("  - {item}\n"));
                }
                out
            }),
        ];
        (prop::collection::vec(any::<bool>(), KEYS.len()), prop::collection::vec(value, KEYS.len())).prop_map(
            |(present, values)| {
                (KEYS.iter().zip(present).zip(values))
                    .filter(|((_, present), _)| *present)
                    .map(|((key, _), value)| (key.to_string(), format!("{key}:{value}")))
                    .collect()
            },
        )
    }

    proptest! {
        // Most generated front matter is rightly refused; enough cases that thousands are read.
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// Whatever the fast reader accepts, it reads as the YAML parser does.
        #[test]
        fn canonical_reading_agrees_with_the_yaml_parser(chunks in chunks()) {
            let Some(fast) = read_canonical(chunks.iter().map(|(k, raw)| (Some(k.as_str()), raw.as_str()))) else {
                return Ok(());
            };
            let fast: serde_yaml_ng::Mapping =
                fast.into_iter().map(|(k, v)| (serde_yaml_ng::Value::String(k), v)).collect();
            let text: String = chunks.iter().map(|(_, raw)| raw.as_str()).collect();
            let parsed: serde_yaml_ng::Mapping =
                if text.is_empty() { serde_yaml_ng::Mapping::new() } else { serde_yaml_ng::from_str(&text).unwrap() };
            prop_assert_eq!(fast, parsed, "{}", text);
        }
    }

    #[test]
    fn canonical_reading_takes_what_desk_writes_and_leaves_the_rest() {
        let read = |raw: &str| read_canonical([(Some(raw.split(':').next().unwrap()), raw)].into_iter());
        for value in ["Camera will not turn on", "yes", "1234", "Error: boom", "", "ünï 🎉"] {
            let line = scalar_line("title", value);
            let fast = read(&line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(fast[0].0, "title");
            assert_eq!(fast[0].1.as_str(), Some(value));
        }
        assert!(read("created: 2026-11-23T10:00:00Z\n").is_some());
        for (key, raw) in
            [("\"assignee\"", "\"assignee\": bob\n"), ("1", "1: x\n"), ("true", "true: x\n"), ("&a k", "&a k: x\n")]
        {
            assert!(read_canonical([(Some(key), raw)].into_iter()).is_none(), "{raw}");
        }
        assert!(read("title: \"a\u{fffe}b\"\n").is_none());
        let twice = [(Some("id"), "id: A\n"), (Some("id"), "id: B\n")];
        assert!(read_canonical(twice.into_iter()).is_none(), "a repeated key is the YAML parser's to report");
        assert!(read("tags:\n  - a\n  - \"b c\"\n").is_some());
        for raw in [
            "seats: 40\n",
            "title: x # note\n",
            "tags: [a, b]\n",
            "title: \"a\\tb\"\n",
            "title: \"a \\\"q\\\"\"\n",
            "title:  x\n",
            "title: x\r\n",
        ] {
            assert!(read(raw).is_none(), "{raw}");
        }
    }
}
