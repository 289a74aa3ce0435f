//! The lossless layer of a ticket file: the bytes split into pieces that can be rewritten one at a
//! time.
//!
//! A file is `---` + front matter + `---` + body. The front matter is split into chunks, one per
//! top-level key (a key line plus its indented continuation lines and comments); the body is split
//! at desk's marker lines (`<!-- desk:KIND {json} -->`) into blocks. Writing concatenates the raw
//! pieces, so parse-then-write returns the input bytes exactly, and a change rewrites only the
//! chunk of the key it changes or appends a block at the end. That keeps diffs minimal and lets
//! git's line merge (and desk's merge driver) combine concurrent edits.
//!
//! Text inside an entry that looks like a marker is escaped on write with a backslash (`\<!--
//! desk:`) and unescaped on read, so a customer's words can never forge structure.

/// Prefix of every marker line desk writes in the body.
pub const MARKER_PREFIX: &str = "<!-- desk:";
const MARKER_SUFFIX: &str = "-->";

/// A parse failure with the 1-based line it was found on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct SyntaxError {
    /// 1-based line number in the file.
    pub line: usize,
    /// What is wrong, in words.
    pub message: String,
}

impl SyntaxError {
    pub(crate) fn new(line: usize, message: impl Into<String>) -> Self {
        Self { line, message: message.into() }
    }
}

/// One top-level front-matter key with its raw lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The key, or `None` for comments/blank lines before the first key.
    pub key: Option<String>,
    /// The raw text, ending with a newline.
    pub raw: String,
    /// 1-based line of the chunk's first line.
    pub line: usize,
}

/// What a body block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// Text before the first marker.
    Text,
    /// A marker of the given kind (`entry`, `event`, …) with its JSON payload text.
    Marker {
        /// The word after `desk:`.
        kind: String,
        /// The JSON text between the kind and `-->`.
        payload: String,
    },
}

/// A piece of the body: a marker line and everything up to the next marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Text or marker.
    pub kind: BlockKind,
    /// The raw text of the block, marker line included.
    pub raw: String,
    /// 1-based line of the block's first line.
    pub line: usize,
}

/// A ticket file split into rewritable pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    open: String,
    chunks: Vec<Chunk>,
    close: String,
    blocks: Vec<Block>,
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r']).trim_end() == "---"
}

/// Splits `text` into lines that keep their terminators.
fn lines_with_ends(text: &str) -> impl Iterator<Item = &str> {
    // As `split_inclusive('\n')`, with memchr's search: every ticket read splits its lines.
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |at| at + 1);
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// The `(kind, payload)` of a marker line, if `line` is one.
pub fn parse_marker(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(MARKER_PREFIX)?;
    let rest = rest.trim_end_matches(['\n', '\r']).trim_end().strip_suffix(MARKER_SUFFIX)?;
    let (kind, payload) = rest.split_once(' ').unwrap_or((rest, ""));
    if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        return None;
    }
    Some((kind, payload.trim()))
}

/// Renders a marker line (without the newline). `>` and `<` in the payload are escaped as JSON
/// unicode escapes so the HTML comment can never be closed early.
pub fn render_marker(kind: &str, payload: &serde_json::Value) -> String {
    let json = payload.to_string().replace('>', "\\u003e").replace('<', "\\u003c");
    format!("{MARKER_PREFIX}{kind} {json} {MARKER_SUFFIX}")
}

/// Line starts desk must not leave unescaped in a body: its markers, and git's conflict markers
/// (so a pasted conflict never looks like an unresolved merge of the ticket file).
const RESERVED_STARTS: [&str; 3] = [MARKER_PREFIX, "<<<<<<<", ">>>>>>>"];

/// Substring searches made for every ticket read, compiled once (SIMD; `str::contains` and
/// `match_indices` took 3.5 % of an index rebuild).
static FIND_MARKER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(MARKER_PREFIX));
static FIND_RESERVED: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
    std::sync::LazyLock::new(|| RESERVED_STARTS.map(memchr::memmem::Finder::new));
/// Conflict markers after a line break: the break makes the searched pair of bytes rare (`<`
/// alone starts every marker line).
static FIND_CONFLICT: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
    std::sync::LazyLock::new(|| ["\n<<<<<<<", "\n>>>>>>>"].map(memchr::memmem::Finder::new));

/// Whether some line of `text` is a git conflict marker.
fn has_conflict_marker(text: &str) -> bool {
    is_conflict_marker(text) || FIND_CONFLICT.iter().any(|finder| finder.find(text.as_bytes()).is_some())
}

/// The number of line breaks in `text`, counted 64 bytes at a time (which compilers vectorize).
fn count_newlines(text: &str) -> usize {
    let mut chunks = text.as_bytes().chunks_exact(64);
    let mut count = 0;
    for chunk in &mut chunks {
        count += chunk.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>() as usize;
    }
    count + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// Whether `text` holds any of [`RESERVED_STARTS`] anywhere.
fn has_reserved(text: &str) -> bool {
    FIND_RESERVED.iter().any(|finder| finder.find(text.as_bytes()).is_some())
}

fn is_reserved(line: &str) -> bool {
    RESERVED_STARTS.iter().any(|start| line.starts_with(start))
}

/// Whether `line` is a git conflict marker (`<<<<<<<` or `>>>>>>>`).
pub fn is_conflict_marker(line: &str) -> bool {
    line.starts_with("<<<<<<<") || line.starts_with(">>>>>>>")
}

/// Escapes body lines that look like markers (and already-escaped look-alikes) with one more `\`.
pub fn escape_body(body: &str) -> String {
    if !has_reserved(body) {
        return body.to_string();
    }
    lines_with_ends(body)
        .map(|line| if is_reserved(line.trim_start_matches('\\')) { format!("\\{line}") } else { line.to_string() })
        .collect()
}

/// Reverses [`escape_body`].
pub fn unescape_body(body: &str) -> String {
    if !has_reserved(body) {
        return body.to_string();
    }
    lines_with_ends(body)
        .map(|line| {
            let bare = line.trim_start_matches('\\');
            if is_reserved(bare) && bare.len() < line.len() { line[1..].to_string() } else { line.to_string() }
        })
        .collect()
}

/// Splits a body into blocks at its marker lines; `first_line` is the body's first line number.
/// Markers are found by substring search rather than line by line: the body is most of a file.
fn split_blocks(body: &str, first_line: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let (mut start, mut line, mut kind) = (0, first_line, BlockKind::Text);
    for at in FIND_MARKER.find_iter(body.as_bytes()) {
        if at > 0 && body.as_bytes()[at - 1] != b'\n' {
            continue;
        }
        let end = memchr::memchr(b'\n', &body.as_bytes()[at..]).map_or(body.len(), |i| at + i + 1);
        let Some((marker, payload)) = parse_marker(&body[at..end]) else { continue };
        if at > start || kind != BlockKind::Text {
            let raw = &body[start..at];
            blocks.push(Block { kind, raw: raw.to_string(), line });
            line += count_newlines(raw);
        }
        (start, kind) = (at, BlockKind::Marker { kind: marker.to_string(), payload: payload.to_string() });
    }
    if body.len() > start || kind != BlockKind::Text {
        blocks.push(Block { kind, raw: body[start..].to_string(), line });
    }
    blocks
}

impl Document {
    /// Splits `text` into front-matter chunks and body blocks.
    pub fn parse(text: &str) -> Result<Self, SyntaxError> {
        // Substring searches first: walking the lines costs more, and conflicts are rare.
        if has_conflict_marker(text)
            && let Some(at) = lines_with_ends(text).position(is_conflict_marker)
        {
            return Err(SyntaxError::new(
                at + 1,
                "unresolved merge conflict (git's <<<<<<< / >>>>>>> markers): resolve it, then commit",
            ));
        }
        let mut lines = lines_with_ends(text);
        let open = match lines.next() {
            Some(line) if is_delimiter(line) => line.to_string(),
            _ => {
                return Err(SyntaxError::new(
                    1,
                    "a ticket file must start with a `---` line opening the YAML front matter",
                ));
            }
        };
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut close = None;
        let mut line_no = 1;
        let mut body_start = open.len();
        for line in lines.by_ref() {
            line_no += 1;
            body_start += line.len();
            if is_delimiter(line) {
                close = Some(line.to_string());
                break;
            }
            let starts_key =
                line.bytes().next().is_some_and(|b| !matches!(b, b' ' | b'\t' | b'#' | b'-' | b'\n' | b'\r'));
            if starts_key {
                let key = line[..memchr::memchr(b':', line.as_bytes()).unwrap_or(line.len())].trim().to_string();
                chunks.push(Chunk { key: Some(key), raw: line.to_string(), line: line_no });
            } else if let Some(last) = chunks.last_mut() {
                last.raw.push_str(line);
            } else {
                chunks.push(Chunk { key: None, raw: line.to_string(), line: line_no });
            }
        }
        let Some(close) = close else {
            return Err(SyntaxError::new(
                1,
                "the front matter opened on line 1 is never closed: add a `---` line after it",
            ));
        };
        let blocks = split_blocks(&text[body_start..], line_no + 1);
        Ok(Self { open, chunks, close, blocks })
    }

    /// A new document with an empty body.
    pub fn new() -> Self {
        Self { open: "---\n".into(), chunks: Vec::new(), close: "---\n".into(), blocks: Vec::new() }
    }

    /// The exact bytes of the file.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.len_hint());
        out.push_str(&self.open);
        for chunk in &self.chunks {
            out.push_str(&chunk.raw);
        }
        out.push_str(&self.close);
        for block in &self.blocks {
            out.push_str(&block.raw);
        }
        out
    }

    fn len_hint(&self) -> usize {
        self.chunks.iter().map(|c| c.raw.len()).sum::<usize>()
            + self.blocks.iter().map(|b| b.raw.len()).sum::<usize>()
            + 8
    }

    /// The front matter as YAML text (without the delimiters).
    pub fn front_matter(&self) -> String {
        self.chunks.iter().map(|c| c.raw.as_str()).collect()
    }

    /// Front-matter chunks in file order.
    pub fn chunks(&self) -> &[Chunk] {
        &self.chunks
    }

    /// Body blocks in file order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The 1-based line of `key` in the front matter, if present.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        self.chunks.iter().find(|c| c.key.as_deref() == Some(key)).map(|c| c.line)
    }

    /// Replaces the chunk of `key` with `raw` (rendered `key: …` lines), inserts it at the
    /// position `rank` gives among known keys (`None`: a key outside the order, added at the
    /// end), or removes it when `raw` is `None`. Unchanged chunks are left byte for byte.
    pub fn set_chunk(&mut self, key: &str, raw: Option<String>, rank: impl Fn(&str) -> Option<usize>) {
        let raw = raw.map(|r| self.line_endings(r));
        let existing = self.chunks.iter().position(|c| c.key.as_deref() == Some(key));
        match (existing, raw) {
            (Some(at), Some(mut raw)) => {
                raw.push_str(trailing_comments(&self.chunks[at].raw));
                if self.chunks[at].raw != raw {
                    self.chunks[at].raw = raw;
                }
            }
            (Some(at), None) => {
                // The comments after the key stay, attached to what precedes it.
                let comments = trailing_comments(&self.chunks[at].raw).to_string();
                let line = self.chunks[at].line;
                self.chunks.remove(at);
                if !comments.is_empty() {
                    match at.checked_sub(1).and_then(|before| self.chunks.get_mut(before)) {
                        Some(previous) => previous.raw.push_str(&comments),
                        None => self.chunks.insert(0, Chunk { key: None, raw: comments, line }),
                    }
                }
            }
            (None, Some(raw)) => {
                let ranked = |c: &Chunk| c.key.as_deref().and_then(&rank);
                // After the last known key ranked before it, so that a key written by hand among
                // desk's keys does not decide where desk's keys go; else before the first known
                // key ranked after it. Keys outside the order go at the end.
                let at = match rank(key) {
                    None => self.chunks.len(),
                    Some(mine) => match self.chunks.iter().rposition(|c| ranked(c).is_some_and(|r| r < mine)) {
                        Some(at) => at + 1,
                        None => self.chunks.iter().position(|c| ranked(c).is_some()).unwrap_or(self.chunks.len()),
                    },
                };
                let line = self.chunks.get(at).map_or(0, |c| c.line);
                self.chunks.insert(at, Chunk { key: Some(key.to_string()), raw, line });
            }
            (None, None) => {}
        }
    }

    /// Replaces the body blocks (a merge result), keeping one blank line between blocks and a
    /// single line ending at the end of the file.
    pub fn set_blocks(&mut self, mut blocks: Vec<Block>) {
        let eol = if self.crlf() { "\r\n" } else { "\n" };
        let last = blocks.len().saturating_sub(1);
        for (index, block) in blocks.iter_mut().enumerate() {
            if block.kind == BlockKind::Text {
                continue;
            }
            let content = block.raw.trim_end_matches(['\n', '\r']).to_string();
            block.raw = if index == last { format!("{content}{eol}") } else { format!("{content}{eol}{eol}") };
        }
        self.blocks = blocks;
    }

    /// Replaces what follows the marker line of body block `index` (its trailing blank lines
    /// are kept, so the blocks around it do not move).
    pub fn set_block_content(&mut self, index: usize, content: &str) {
        let Some(block) = self.blocks.get_mut(index) else { return };
        let marker_end = block.raw.find('\n').map_or(block.raw.len(), |i| i + 1);
        let body = block.raw[marker_end..].trim_end_matches(['\n', '\r']);
        let trailing = block.raw[marker_end + body.len()..].to_string();
        let content = content.trim_end_matches(['\n', '\r']);
        let eol = if block.raw[..marker_end].ends_with("\r\n") { "\r\n" } else { "\n" };
        let content = if eol == "\r\n" { content.replace("\r\n", "\n").replace('\n', "\r\n") } else { content.into() };
        let trailing = if trailing.is_empty() { eol.to_string() } else { trailing };
        block.raw = format!("{}{content}{trailing}", &block.raw[..marker_end]);
    }

    /// Appends a block (a marker line plus its content) at the end of the body, separated from
    /// what precedes it by one blank line.
    pub fn append_block(&mut self, kind: &str, payload: &serde_json::Value, content: &str) {
        let crlf = self.crlf();
        match self.blocks.last_mut() {
            Some(last) => {
                let eol = if crlf { "\r\n" } else { "\n" };
                if !last.raw.ends_with('\n') {
                    last.raw.push_str(eol);
                }
                let blank = last.raw.ends_with("\n\n") || last.raw.ends_with("\n\r\n");
                if !blank && last.raw.trim() != "" {
                    last.raw.push_str(eol);
                }
            }
            None => {
                self.blocks.push(Block { kind: BlockKind::Text, raw: if crlf { "\r\n" } else { "\n" }.into(), line: 0 })
            }
        }
        let marker = render_marker(kind, payload);
        let raw = self.line_endings(format!("{marker}\n{content}"));
        let payload = marker
            .strip_prefix(MARKER_PREFIX)
            .and_then(|rest| rest.split_once(' '))
            .map(|(_, rest)| rest.trim_end_matches(MARKER_SUFFIX).trim().to_string())
            .unwrap_or_default();
        self.blocks.push(Block { kind: BlockKind::Marker { kind: kind.to_string(), payload }, raw, line: 0 });
    }
}

/// The comment and blank lines at the end of a chunk, which a rewrite of its value keeps.
fn trailing_comments(raw: &str) -> &str {
    let mut keep = raw.len();
    for line in raw.split_inclusive('\n').rev() {
        let text = line.trim();
        if !(text.is_empty() || text.starts_with('#')) || keep == line.len() {
            break;
        }
        keep -= line.len();
    }
    &raw[keep..]
}

impl Document {
    /// Whether the file uses CRLF line endings (judged by its first line).
    fn crlf(&self) -> bool {
        self.open.ends_with("\r\n")
    }

    /// `text` with the file's line endings, so a CRLF file never gets LF-only lines.
    fn line_endings(&self, text: String) -> String {
        if self.crlf() { text.replace("\r\n", "\n").replace('\n', "\r\n") } else { text }
    }
}

impl Default for Document {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Just;

    #[test]
    fn round_trips_exact_bytes_including_crlf_and_missing_final_newline() {
        let samples = [
            "---\nid: A\n---\n",
            "---\r\nid: A\r\ntags:\r\n  - x\r\n---\r\nbody\r\n",
            "---\n# comment\nid: A\n---\n\n<!-- desk:entry {} -->\n### h\n\ntext",
            "---\n---\n",
        ];
        for sample in samples {
            let doc = Document::parse(sample).unwrap();
            assert_eq!(doc.render(), sample);
        }
    }

    /// The block split as the line-by-line definition reads it.
    fn blocks_line_by_line(body: &str, mut line_no: usize) -> Vec<Block> {
        let mut blocks: Vec<Block> = Vec::new();
        for line in lines_with_ends(body) {
            if let Some((kind, payload)) = parse_marker(line) {
                let kind = BlockKind::Marker { kind: kind.to_string(), payload: payload.to_string() };
                blocks.push(Block { kind, raw: line.to_string(), line: line_no });
            } else if let Some(last) = blocks.last_mut() {
                last.raw.push_str(line);
            } else {
                blocks.push(Block { kind: BlockKind::Text, raw: line.to_string(), line: line_no });
            }
            line_no += 1;
        }
        blocks
    }

    proptest::proptest! {
        #[test]
        fn blocks_split_as_lines_read(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    Just("<!-- desk:entry {\"id\":\"a\"} -->".to_string()),
                    Just("<!-- desk:event {} -->".to_string()),
                    Just("<!-- desk:Bad {} -->".to_string()),
                    Just("x <!-- desk:entry {} -->".to_string()),
                    Just("\\<!-- desk:entry {} -->".to_string()),
                    Just(String::new()),
                    "[a-z <!>-]{0,12}",
                ],
                0..12,
            ),
            crlf in proptest::bool::ANY,
            final_newline in proptest::bool::ANY,
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut body = lines.join(eol);
            if final_newline && !body.is_empty() {
                body.push_str(eol);
            }
            proptest::prop_assert_eq!(split_blocks(&body, 7), blocks_line_by_line(&body, 7));
            proptest::prop_assert_eq!(count_newlines(&body), body.matches('\n').count());
        }

        #[test]
        fn conflict_markers_found_on_any_line(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    Just("<<<<<<< ours".to_string()),
                    Just(">>>>>>> theirs".to_string()),
                    Just("x <<<<<<< not at the start".to_string()),
                    Just("<<<<<< six".to_string()),
                    "[a-z <>]{0,12}",
                ],
                0..8,
            ),
        ) {
            let text = lines.join("\n");
            let line_by_line = lines_with_ends(&text).any(is_conflict_marker);
            proptest::prop_assert_eq!(has_conflict_marker(&text), line_by_line);
        }
    }

    #[test]
    fn chunks_follow_top_level_keys() {
        let doc = Document::parse("---\nid: A\ntags:\n  - a\n- b\ntitle: x\n---\n").unwrap();
        let keys: Vec<_> = doc.chunks().iter().map(|c| c.key.clone().unwrap()).collect();
        assert_eq!(keys, ["id", "tags", "title"]);
        assert_eq!(doc.chunks()[1].raw, "tags:\n  - a\n- b\n");
        assert_eq!(doc.key_line("title"), Some(6));
    }

    #[test]
    fn set_chunk_inserts_in_rank_order_and_removes() {
        let mut doc = Document::parse("---\nid: A\nstatus: new\n---\n").unwrap();
        let rank = |k: &str| ["id", "title", "status"].iter().position(|x| *x == k);
        doc.set_chunk("title", Some("title: T\n".into()), rank);
        doc.set_chunk("zzz", Some("zzz: 1\n".into()), rank);
        doc.set_chunk("status", None, rank);
        assert_eq!(doc.render(), "---\nid: A\ntitle: T\nzzz: 1\n---\n");
    }

    #[test]
    fn rewriting_a_key_keeps_the_comments_after_it() {
        let mut doc = Document::parse("---\nstatus: new\n# why: waiting\n\ntitle: t\n---\n").unwrap();
        doc.set_chunk("status", Some("status: open\n".into()), |_| Some(0));
        assert_eq!(doc.render(), "---\nstatus: open\n# why: waiting\n\ntitle: t\n---\n");
    }

    #[test]
    fn a_crlf_file_keeps_crlf_line_endings() {
        let mut doc = Document::parse(
            "---\r\nid: A\r\ntags:\r\n  - a\r\n---\r\n\r\n<!-- desk:entry {} -->\r\n### h\r\n\r\nhi\r\n",
        )
        .unwrap();
        doc.set_chunk("tags", Some("tags:\n  - a\n  - b\n".into()), |_| Some(0));
        doc.append_block("event", &serde_json::json!({"id": "x"}), "");
        let text = doc.render();
        assert!(!text.replace("\r\n", "").contains('\n'), "{text:?}");
        assert!(text.contains("tags:\r\n  - a\r\n  - b\r\n"));
        assert_eq!(Document::parse(&text).unwrap().blocks().len(), 3);
    }

    #[test]
    fn removing_a_key_keeps_the_comments_after_it() {
        let mut doc = Document::parse("---\nid: A\nassignee: alice\n# agreed on the phone\nteam: x\n---\n").unwrap();
        doc.set_chunk("assignee", None, |_| Some(0));
        assert_eq!(doc.render(), "---\nid: A\n# agreed on the phone\nteam: x\n---\n");
    }

    #[test]
    fn conflict_markers_are_an_error_unless_escaped_in_a_body() {
        let err = Document::parse("---\nid: A\n---\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> other\n").unwrap_err();
        assert_eq!(err.line, 4);
        let pasted = "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> branch\n";
        assert_eq!(unescape_body(&escape_body(pasted)), pasted);
        assert!(escape_body(pasted).lines().all(|l| !is_conflict_marker(l)));
    }

    #[test]
    fn markers_are_recognised_only_at_line_start() {
        assert_eq!(parse_marker("<!-- desk:entry {\"a\":1} -->\n"), Some(("entry", "{\"a\":1}")));
        assert_eq!(parse_marker(" <!-- desk:entry {} -->"), None);
        assert_eq!(parse_marker("<!-- desk:entry {}"), None);
    }

    #[test]
    fn escaping_is_reversible_for_nested_lookalikes() {
        let body = "a\n<!-- desk:entry {} -->\n\\<!-- desk:event -->\n\\\\x\n";
        let escaped = escape_body(body);
        assert!(escaped.lines().all(|l| parse_marker(l).is_none()));
        assert_eq!(unescape_body(&escaped), body);
    }

    #[test]
    fn render_marker_cannot_close_the_comment_early() {
        let marker = render_marker("entry", &serde_json::json!({"x": "--> <b>"}));
        assert_eq!(marker.matches("-->").count(), 1);
        let (_, payload) = parse_marker(&marker).unwrap();
        let value: serde_json::Value = serde_json::from_str(payload).unwrap();
        assert_eq!(value["x"], "--> <b>");
    }
}
