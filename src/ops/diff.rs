//! `desk diff`: ticket changes between two revisions, in words (for reviews and CI summaries).

use git2::{Delta, DiffOptions, Oid, Tree};
use serde::Serialize;

use super::Desk;
use super::edit::describe;
use crate::error::{Error, Result};
use crate::ticket::{Entry, Role, Ticket, TicketFile, Visibility};

/// What happened to one ticket file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketChange {
    /// Full ID (from the file name).
    pub id: String,
    /// Title after the change (before, for a deleted ticket).
    pub title: String,
    /// Repository-relative path.
    pub path: String,
    /// `added`, `modified` or `deleted`.
    pub change: &'static str,
    /// The changes in words, in file order.
    pub summary: Vec<String>,
}

fn object_of<'r>(desk: &'r Desk, rev: &str) -> Result<git2::Object<'r>> {
    desk.store
        .git()
        .revparse_single(rev)
        .map_err(|_| Error::invalid_with(format!("`{rev}` is not a revision"), "use a branch, tag, commit or HEAD~N"))
}

fn tree_of<'r>(desk: &'r Desk, rev: &str) -> Result<Tree<'r>> {
    Ok(object_of(desk, rev)?.peel_to_tree()?)
}

/// Changes in a range as git writes them: `A..B`, `A...B` (B since it forked from A, like a
/// pull request's changes), `A` (A..HEAD), or nothing (HEAD against the working tree).
pub fn diff_range(desk: &Desk, range: Option<&str>) -> Result<Vec<TicketChange>> {
    let or_head = |rev: &str| if rev.is_empty() { "HEAD".to_string() } else { rev.to_string() };
    let Some(range) = range else { return diff(desk, "HEAD", None) };
    if let Some((a, b)) = range.split_once("...") {
        let (a, b) = (or_head(a), or_head(b));
        let id = |rev: &str| -> Result<Oid> { Ok(object_of(desk, rev)?.peel_to_commit()?.id()) };
        let base = desk.store.git().merge_base(id(&a)?, id(&b)?).map_err(|_| {
            Error::invalid_with(format!("`{a}` and `{b}` have no common ancestor"), "use A..B to compare them directly")
        })?;
        return diff(desk, &base.to_string(), Some(&b));
    }
    match range.split_once("..") {
        Some((a, b)) => diff(desk, &or_head(a), Some(&or_head(b))),
        None => diff(desk, range, Some("HEAD")),
    }
}

/// Changes between `from` and `to` (a revision, or `None` for the working tree).
pub fn diff(desk: &Desk, from: &str, to: Option<&str>) -> Result<Vec<TicketChange>> {
    let repo = desk.store.git();
    let old_tree = tree_of(desk, from)?;
    let mut options = DiffOptions::new();
    options.pathspec(crate::store::TICKETS_DIR).include_untracked(true).recurse_untracked_dirs(true);
    let diff = match to {
        Some(rev) => repo.diff_tree_to_tree(Some(&old_tree), Some(&tree_of(desk, rev)?), Some(&mut options))?,
        None => repo.diff_tree_to_workdir(Some(&old_tree), Some(&mut options))?,
    };
    let blob_text = |oid: Oid| -> Option<String> {
        if oid.is_zero() {
            return None;
        }
        repo.find_blob(oid).ok().map(|b| String::from_utf8_lossy(b.content()).into_owned())
    };
    let mut out = Vec::new();
    for delta in diff.deltas() {
        let Some(path) = delta.new_file().path().or(delta.old_file().path()).and_then(|p| p.to_str()) else { continue };
        let Some(id) = path.rsplit('/').next().and_then(|n| n.strip_suffix(".md")) else { continue };
        let old = blob_text(delta.old_file().id());
        let new = match to {
            Some(_) => blob_text(delta.new_file().id()),
            None => desk.store.read_text(path)?,
        };
        let parse = |text: Option<String>| text.and_then(|t| TicketFile::parse(&t).ok());
        let (old, new) = (parse(old), parse(new));
        let change = match delta.status() {
            Delta::Added | Delta::Untracked => "added",
            Delta::Deleted => "deleted",
            _ => "modified",
        };
        let title = new.as_ref().or(old.as_ref()).map(|f| f.ticket().title.clone()).unwrap_or_default();
        out.push(TicketChange {
            id: id.to_string(),
            title,
            path: path.to_string(),
            change,
            summary: summarise(old.as_ref().map(TicketFile::ticket), new.as_ref().map(TicketFile::ticket)),
        });
    }
    Ok(out)
}

/// The changes from `old` to `new` in words.
pub fn summarise(old: Option<&Ticket>, new: Option<&Ticket>) -> Vec<String> {
    let Some(new) = new else { return vec!["ticket deleted".into()] };
    let mut out = Vec::new();
    if old.is_none() {
        out.push(format!(
            "new {} ticket, priority {}, status {}{}",
            new.kind,
            new.priority,
            new.status,
            new.requester.as_deref().map(|r| format!(", from {r}")).unwrap_or_default()
        ));
    }
    let old_ids = old.map(Ticket::block_ids).unwrap_or_default();
    let known = |id: &str| old_ids.contains(id);
    let old_entries: std::collections::HashMap<&str, &Entry> =
        old.map(|o| o.entries.iter().map(|e| (e.id.as_str(), e)).collect()).unwrap_or_default();
    for (index, entry) in new.entries.iter().enumerate() {
        if known(&entry.id) || (old.is_none() && index == 0) {
            if let Some(before) = old_entries.get(entry.id.as_str())
                && before.body != entry.body
            {
                out.push(format!("entry {} by {} edited", entry.id, entry.author));
            }
            continue;
        }
        out.push(match (entry.visibility, entry.role) {
            (Visibility::Internal, _) => format!("internal note by {}", entry.author),
            (_, Role::Customer) => format!("message from {}", entry.author),
            (_, Role::System) => "automatic reply".to_string(),
            (_, Role::Agent) => format!("public reply by {}", entry.author),
        });
    }
    let mut recorded = false;
    for event in new.events.iter().filter(|e| !known(&e.id)) {
        let by = match event.extra.get("rule").and_then(|r| r.as_str()) {
            Some(rule) => format!("rule `{rule}`"),
            None => event.by.clone(),
        };
        out.push(format!("{} ({by})", describe(event)));
        recorded = true;
    }
    // Front-matter edits made by hand carry no event: describe them from the difference.
    if let (Some(old), false) = (old, recorded) {
        let mut edit = crate::ticket::Event::default();
        crate::ticket::diff_into(old, new, &mut edit);
        if !edit.is_empty() {
            out.push(format!("{} (edited by hand, no event)", describe(&edit)));
        }
    }
    out
}
