//! `desk attach`: files kept with a ticket under `attachments/<ID>/`.
//!
//! Each file is committed beside the ticket under a safe name (letters, digits, `.`, `_` and
//! `-`; nothing that could climb out of the directory) and listed on the entry that brings it,
//! with its size and SHA-1, so `desk show` can list it and `desk check` knows a reply that
//! promises an attachment has one.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Actor, Desk, Outcome};
use crate::error::{Error, Result};
use crate::id::{TicketId, sha1_hex};
use crate::store::FileChange;
use crate::ticket::{Entry, Role, Visibility};

/// Where attachments live.
pub const ATTACHMENTS_DIR: &str = "attachments";

/// The entry key listing the entry's attachments.
pub const ENTRY_KEY: &str = "attachments";

/// An attached file, as recorded on its entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The safe file name.
    pub name: String,
    /// Repository-relative path.
    pub path: String,
    /// Bytes.
    pub size: u64,
    /// SHA-1 of the contents (hex).
    pub sha1: String,
}

/// A file name safe to store: the last path component, with every character other than ASCII
/// letters, digits, `.`, `_` and `-` replaced by `-`, no leading dots, at most 100 characters.
pub fn safe_name(original: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' }).collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name = name.trim_start_matches(['.', '-']).trim_end_matches('-');
    let name: String = name.chars().rev().take(100).collect::<Vec<_>>().into_iter().rev().collect();
    if name.is_empty() { "file".into() } else { name }
}

/// Adds `files` (safe names) under `attachments/<id>/` to a commit's `changes`: a different file
/// under a taken name gets a numbered name, the same file is reused. Returns what to list on
/// the entry.
pub fn store(
    desk: &Desk,
    id: &TicketId,
    files: &[(String, Vec<u8>)],
    changes: &mut Vec<FileChange>,
) -> Result<Vec<Attachment>> {
    let mut attached: Vec<Attachment> = Vec::new();
    for (name, bytes) in files {
        let name = safe_name(name);
        let sha1 = sha1_hex(bytes);
        let (stem, ext) = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
            _ => (name.clone(), String::new()),
        };
        let mut n = 1;
        let (final_name, path, existing) = loop {
            let candidate = if n == 1 { name.clone() } else { format!("{stem}-{n}{ext}") };
            let path = format!("{ATTACHMENTS_DIR}/{id}/{candidate}");
            let taken_here = attached.iter().any(|a| a.path == path);
            match desk.store.head_file(&path)? {
                Some((oid, old)) if !taken_here && sha1_hex(&old) == sha1 => break (candidate, path, Some(oid)),
                None if !taken_here => break (candidate, path, None),
                _ => n += 1,
            }
        };
        if existing.is_none() {
            changes.push(FileChange { path: path.clone(), content: Some(bytes.clone()), base: None });
        }
        attached.push(Attachment { name: final_name, path, size: bytes.len() as u64, sha1 });
    }
    Ok(attached)
}

/// The attachments listed on an entry.
pub fn of_entry(entry: &Entry) -> Vec<Attachment> {
    entry.extra.get(ENTRY_KEY).and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default()
}

/// Attaches `files` to a ticket with one entry (an internal note unless `public`) and one
/// commit. `message` is the entry's text (default: "Attached NAME, …").
pub fn attach(
    desk: &Desk,
    actor: &Actor,
    id: &TicketId,
    files: &[&Path],
    message: Option<&str>,
    public: bool,
) -> Result<Outcome> {
    if files.is_empty() {
        return Err(Error::invalid("name at least one file to attach"));
    }
    let max = desk.config.attachment_max_bytes;
    let mut loaded = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        if bytes.len() as u64 > max {
            return Err(Error::invalid_with(
                format!("{} is {} bytes, over the limit of {max} bytes", path.display(), bytes.len()),
                "raise `attachments: { max_size: … }` in .desk/config.yaml, or share a link instead",
            ));
        }
        let name = safe_name(&path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        loaded.push((name, bytes));
    }
    desk.update_with_files(id, actor, "attach", |desk, file, _event, changes| {
        super::change::ensure_not_closed(desk, file, "take attachments")?;
        let attached = store(desk, id, &loaded, changes)?;
        let names: Vec<&str> = attached.iter().map(|a| a.name.as_str()).collect();
        let body = match message.map(str::trim).filter(|m| !m.is_empty()) {
            Some(text) => text.to_string(),
            None => format!("Attached {}.", names.join(", ")),
        };
        let mut extra = serde_json::Map::new();
        extra.insert(ENTRY_KEY.into(), serde_json::to_value(&attached).unwrap_or_default());
        file.push_entry(Entry {
            id: desk.fresh_entry_id(file),
            at: desk.now(),
            author: actor.name.clone(),
            role: Role::Agent,
            visibility: if public { Visibility::Public } else { Visibility::Internal },
            extra,
            body,
            line: 0,
        });
        let kind = if public { "public reply" } else { "internal note" };
        Ok(format!("attached {} ({kind})", names.join(", ")))
    })
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn names_cannot_escape_or_surprise() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\me\\Screen Shot 1.png"), "Screen-Shot-1.png");
        assert_eq!(safe_name(".bashrc"), "bashrc");
        assert_eq!(safe_name("rapport d'été.pdf"), "rapport-d-t-.pdf");
        assert_eq!(safe_name("..."), "file");
        assert_eq!(safe_name(&"a".repeat(300)).len(), 100);
    }
}
