//! `desk redact`: erasing a customer's personal data (the right to erasure).
//!
//! In every ticket that mentions the customer's email address, the messages the customer wrote
//! (and the description of the tickets they requested) are replaced by a placeholder and every occurrence of the address (requester, CCs, entry
//! authors, events, text written by agents) becomes a pseudonym, `redacted-<random>@redacted.invalid`,
//! the same one everywhere in one run. Entries, events, roles and times stay, so tickets remain
//! valid and SLA and reports give the same figures. The working tree change is one commit;
//! `--rewrite-history` then rewrites every commit of the local branches and tags the same way,
//! drops their reflogs and prunes the old objects, so the address is gone from the history too.

use std::collections::HashMap;

use git2::{ObjectType, Oid, Repository, Signature, Tree};
use serde::Serialize;

use super::listing::for_each_ticket;
use super::{Actor, Desk};
use crate::automation::OUTBOX_DIR;
use crate::error::{Error, Result};
use crate::store::{FileChange, TICKETS_DIR};
use crate::ticket::{Role, TicketFile};

/// The text that replaces a redacted customer message.
pub const REDACTED_BODY: &str = "_(redacted at the customer's request)_";

/// What `redact` did.
#[derive(Debug, Clone, Serialize)]
pub struct Redacted {
    /// The erased address.
    pub requester: String,
    /// What replaced it.
    pub pseudonym: String,
    /// IDs of the tickets changed in the working tree.
    pub tickets: Vec<String>,
    /// Customer messages replaced.
    pub messages: usize,
    /// The commit made (`None` when no ticket mentioned the address).
    pub commit: Option<String>,
    /// The history rewrite, with `--rewrite-history`.
    pub history: Option<Rewritten>,
}

/// What the history rewrite did.
#[derive(Debug, Clone, Serialize)]
pub struct Rewritten {
    /// Commits written anew.
    pub commits: usize,
    /// Blobs that mentioned the address.
    pub blobs: usize,
    /// Refs moved to the rewritten history.
    pub refs: Vec<String>,
    /// Whether `git gc --prune=now` removed the old objects (false: git was not found).
    pub pruned: bool,
}

/// Byte offsets of `needle` in `haystack`, ignoring ASCII case.
fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 0;
    while at + needle.len() <= haystack.len() {
        if haystack[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            out.push(at);
            at += needle.len();
        } else {
            at += 1;
        }
    }
    out
}

/// Whether `text` mentions `email` (ignoring ASCII case).
pub fn mentions(text: &[u8], email: &str) -> bool {
    !find_all(text, email.as_bytes()).is_empty()
}

fn replace_all(text: &[u8], email: &str, pseudonym: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut last = 0;
    for at in find_all(text, email.as_bytes()) {
        out.extend_from_slice(&text[last..at]);
        out.extend_from_slice(pseudonym.as_bytes());
        last = at + email.len();
    }
    out.extend_from_slice(&text[last..]);
    out
}

/// A ticket file with `email`'s personal data removed: the customer's messages (and the
/// description of a ticket they requested) replaced by [`REDACTED_BODY`], then every mention of the address replaced by `pseudonym`. Returns the new
/// text and how many messages were replaced; text that does not parse as a ticket only has the
/// address replaced.
pub fn redact_ticket(text: &str, email: &str, pseudonym: &str) -> (String, usize) {
    let mut messages = 0;
    let mut text = text.to_string();
    if let Ok(mut file) = TicketFile::parse(&text) {
        let ticket = file.ticket();
        let requested = ticket.requester.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(email));
        let theirs: Vec<String> = ticket
            .entries
            .iter()
            .enumerate()
            .filter(|(i, e)| {
                (*i == 0 && requested) || (e.role == Role::Customer && e.author.eq_ignore_ascii_case(email))
            })
            .map(|(_, e)| e)
            .filter(|e| e.body.trim() != REDACTED_BODY)
            .map(|e| e.id.clone())
            .collect();
        for id in &theirs {
            if file.set_entry_body(id, REDACTED_BODY) {
                messages += 1;
            }
        }
        text = file.render();
    }
    let replaced = replace_all(text.as_bytes(), email, pseudonym);
    (String::from_utf8(replaced).unwrap_or(text), messages)
}

/// Redacts `email` from every ticket in one commit, and with `rewrite_history` from the history.
pub fn redact(desk: &Desk, actor: &Actor, email: &str, rewrite_history: bool) -> Result<Redacted> {
    let email = email.trim();
    if !crate::config::is_email(email) {
        return Err(Error::invalid_with(format!("`{email}` is not an email address"), "pass the customer's address"));
    }
    if desk.config.agents.values().any(|a| a.email.eq_ignore_ascii_case(email)) {
        return Err(Error::invalid_with(
            format!("{email} belongs to an agent"),
            "desk redact erases customers' data; remove an agent from .desk/agents.yaml instead",
        ));
    }
    let pseudonym = format!("redacted-{}@redacted.invalid", desk.ids.borrow_mut().entry_id(|_| false));
    let lock = desk.store.lock()?;
    let mut changes = Vec::new();
    let mut tickets = Vec::new();
    let mut messages = 0;
    let mut failure = None;
    let errors = for_each_ticket(desk, |loaded| {
        let text = loaded.file.render();
        if failure.is_some() || !mentions(text.as_bytes(), email) {
            return;
        }
        let (redacted, count) = redact_ticket(&text, email, &pseudonym);
        match desk.store.head_file(&loaded.path) {
            Ok(Some((base, _))) => {
                messages += count;
                tickets.push(loaded.id.to_string());
                changes.push(FileChange {
                    path: loaded.path.clone(),
                    content: Some(redacted.into_bytes()),
                    base: Some(base),
                });
            }
            Ok(None) => {
                failure = Some(Error::invalid_with(
                    format!("{} is not committed yet", loaded.path),
                    "commit it first, then redact",
                ))
            }
            Err(err) => failure = Some(err),
        }
    });
    if let Some(err) = failure.or_else(|| errors.into_iter().next()) {
        return Err(err);
    }
    // Queued notifications carry the address too.
    for name in desk.store.list_dir(OUTBOX_DIR)? {
        let path = format!("{OUTBOX_DIR}/{name}");
        let Some((base, bytes)) = desk.store.head_file(&path)? else { continue };
        if mentions(&bytes, email) {
            changes.push(FileChange { path, content: Some(replace_all(&bytes, email, &pseudonym)), base: Some(base) });
        }
    }
    let mut commit = None;
    if !changes.is_empty() {
        let summary = format!(
            "redacted a customer's personal data from {} ticket(s) ({messages} message(s)) at their request",
            tickets.len()
        );
        let message = format!(
            "desk redact: a customer's personal data\n\n{summary}\n\nDesk-Action: redact\nDesk-Agent: {}\n",
            actor.name
        );
        commit = Some(desk.commit_as(&lock, actor, changes, message)?.to_string());
    }
    let history = if rewrite_history { Some(rewrite(desk.store.git(), email, &pseudonym)?) } else { None };
    Ok(Redacted { requester: email.to_string(), pseudonym, tickets, messages, commit, history })
}

/// Rewrites the history of every local branch and tag with `email` redacted.
struct HistoryRewriter<'r> {
    repo: &'r Repository,
    email: &'r str,
    pseudonym: &'r str,
    trees: HashMap<(Oid, bool), Oid>,
    blobs: HashMap<Oid, Oid>,
    commits: HashMap<Oid, Oid>,
    changed_blobs: usize,
    /// The root tree of the commit being rewritten.
    root_of_commit: Oid,
}

impl HistoryRewriter<'_> {
    fn blob(&mut self, oid: Oid) -> Result<Oid> {
        if let Some(done) = self.blobs.get(&oid) {
            return Ok(*done);
        }
        let blob = self.repo.find_blob(oid)?;
        let content = blob.content();
        let new = if mentions(content, self.email) {
            self.changed_blobs += 1;
            let text = match std::str::from_utf8(content) {
                Ok(text) => redact_ticket(text, self.email, self.pseudonym).0.into_bytes(),
                Err(_) => replace_all(content, self.email, self.pseudonym),
            };
            self.repo.blob(&text)?
        } else {
            oid
        };
        self.blobs.insert(oid, new);
        Ok(new)
    }

    /// Rewrites a tree; blobs are redacted only where customers' data lives (`personal`: under
    /// `tickets/` or `outbox/`), as in the working tree.
    fn tree(&mut self, tree: &Tree, personal: bool) -> Result<Oid> {
        if let Some(done) = self.trees.get(&(tree.id(), personal)) {
            return Ok(*done);
        }
        let root = tree.id() == self.root_of_commit;
        let mut replaced = Vec::new();
        for entry in tree.iter() {
            let new = match entry.kind() {
                Some(ObjectType::Tree) => {
                    let inside = personal || (root && matches!(entry.name(), Ok(TICKETS_DIR | OUTBOX_DIR)));
                    self.tree(&self.repo.find_tree(entry.id())?, inside)?
                }
                Some(ObjectType::Blob) if personal => self.blob(entry.id())?,
                _ => entry.id(),
            };
            if new != entry.id() {
                replaced.push((entry.name_bytes().to_vec(), new, entry.filemode()));
            }
        }
        let new = if replaced.is_empty() {
            tree.id()
        } else {
            let mut builder = self.repo.treebuilder(Some(tree))?;
            for (name, oid, mode) in replaced {
                let name = String::from_utf8_lossy(&name).into_owned();
                builder.insert(name, oid, mode)?;
            }
            builder.write()?
        };
        self.trees.insert((tree.id(), personal), new);
        Ok(new)
    }

    fn signature(&self, sig: &Signature) -> Result<Signature<'static>> {
        let email = String::from_utf8_lossy(sig.email_bytes()).into_owned();
        let email = if email.eq_ignore_ascii_case(self.email) { self.pseudonym.to_string() } else { email };
        let name = String::from_utf8_lossy(sig.name_bytes()).into_owned();
        let name = if mentions(name.as_bytes(), self.email) { "redacted".to_string() } else { name };
        Ok(Signature::new(&name, &email, &sig.when())?)
    }

    /// Rewrites the commits reachable from `tips`, parents first.
    fn commits(&mut self, tips: &[Oid]) -> Result<()> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
        for tip in tips {
            walk.push(*tip)?;
        }
        for oid in walk {
            let oid = oid?;
            let commit = self.repo.find_commit(oid)?;
            self.root_of_commit = commit.tree_id();
            let tree = self.tree(&commit.tree()?, false)?;
            let parents: Vec<Oid> = commit.parent_ids().map(|p| *self.commits.get(&p).unwrap_or(&p)).collect();
            let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
            let new_message = String::from_utf8(replace_all(message.as_bytes(), self.email, self.pseudonym))
                .unwrap_or_else(|_| message.clone());
            let (author, committer) = (commit.author(), commit.committer());
            let touches_people = [&author, &committer]
                .iter()
                .any(|s| mentions(s.email_bytes(), self.email) || mentions(s.name_bytes(), self.email));
            let unchanged = tree == commit.tree_id()
                && parents.iter().copied().eq(commit.parent_ids())
                && new_message == message
                && !touches_people;
            if unchanged {
                continue;
            }
            let parent_commits =
                parents.iter().map(|p| self.repo.find_commit(*p)).collect::<std::result::Result<Vec<_>, _>>()?;
            let parent_refs: Vec<&git2::Commit> = parent_commits.iter().collect();
            let new = self.repo.commit(
                None,
                &self.signature(&author)?,
                &self.signature(&committer)?,
                &new_message,
                &self.repo.find_tree(tree)?,
                &parent_refs,
            )?;
            self.commits.insert(oid, new);
        }
        Ok(())
    }
}

fn rewrite(repo: &Repository, email: &str, pseudonym: &str) -> Result<Rewritten> {
    let mut rewriter = HistoryRewriter {
        repo,
        email,
        pseudonym,
        trees: HashMap::new(),
        blobs: HashMap::new(),
        commits: HashMap::new(),
        changed_blobs: 0,
        root_of_commit: Oid::ZERO_SHA1,
    };
    // Local branches and tags, with the commit each points at.
    let mut refs = Vec::new();
    for reference in repo.references()? {
        let reference = reference?;
        let Ok(name) = reference.name().map(str::to_string) else { continue };
        if !(name.starts_with("refs/heads/") || name.starts_with("refs/tags/")) {
            continue;
        }
        if let Ok(commit) = reference.peel_to_commit() {
            refs.push((name, reference.target(), commit.id()));
        }
    }
    let tips: Vec<Oid> = refs.iter().map(|(_, _, commit)| *commit).collect();
    rewriter.commits(&tips)?;
    let mut moved = Vec::new();
    let log = "desk redact --rewrite-history";
    for (name, target, commit) in &refs {
        let Some(new) = rewriter.commits.get(commit).copied() else { continue };
        let annotated = target.and_then(|t| repo.find_tag(t).ok());
        match annotated {
            Some(tag) => {
                let tagger = tag.tagger().map(|t| rewriter.signature(&t)).transpose()?;
                let tagger = match tagger {
                    Some(t) => t,
                    None => Signature::now("desk", "desk@localhost")?,
                };
                let short = name.trim_start_matches("refs/tags/");
                let message = String::from_utf8_lossy(tag.message_bytes().unwrap_or_default()).into_owned();
                repo.tag(short, &repo.find_object(new, None)?, &tagger, &message, true)?;
            }
            None => {
                repo.reference(name, new, true, log)?;
            }
        }
        moved.push(name.clone());
    }
    if let Ok(head) = repo.find_reference("HEAD")
        && head.symbolic_target().ok().flatten().is_none()
        && let Some(new) = head.target().and_then(|t| rewriter.commits.get(&t).copied())
    {
        repo.set_head_detached(new)?;
    }
    // The reflogs still point at the old commits: drop them, then prune what is unreachable.
    for name in moved.iter().map(String::as_str).chain(["HEAD"]) {
        let _ = repo.reflog_delete(name);
    }
    let workdir = repo.workdir().unwrap_or(repo.path());
    let gc = std::process::Command::new("git")
        .args(["-c", "gc.reflogExpire=now", "-c", "gc.reflogExpireUnreachable=now"])
        .args(["gc", "--prune=now", "--quiet"])
        .current_dir(workdir)
        .status();
    Ok(Rewritten {
        commits: rewriter.commits.len(),
        blobs: rewriter.changed_blobs,
        refs: moved,
        pruned: gc.is_ok_and(|s| s.success()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TICKET: &str = "---\nid: AAAAAAAAAA\ntitle: Camera\nstatus: open\ntype: question\npriority: normal\nrequester: Jane@Customer.test\ncreated: 2026-11-23T09:00:00Z\ncc:\n  - boss@customer.test\n---\n\n<!-- desk:entry {\"id\":\"e1\",\"at\":\"2026-11-23T09:00:00Z\",\"author\":\"jane@customer.test\",\"role\":\"customer\",\"visibility\":\"public\"} -->\n### Jane\n\nMy phone is 555-0100.\n\n<!-- desk:entry {\"id\":\"e2\",\"at\":\"2026-11-23T09:05:00Z\",\"author\":\"alice\",\"role\":\"agent\",\"visibility\":\"public\"} -->\n### alice\n\nWe wrote to jane@customer.test.\n";

    #[test]
    fn customer_text_and_every_mention_go() {
        let (text, count) = redact_ticket(TICKET, "jane@customer.test", "redacted-x@redacted.invalid");
        assert_eq!(count, 1);
        assert!(!text.to_ascii_lowercase().contains("jane@customer.test"), "{text}");
        assert!(!text.contains("555-0100"), "{text}");
        assert!(text.contains("boss@customer.test"));
        let file = TicketFile::parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        let t = file.ticket();
        assert_eq!(t.requester.as_deref(), Some("redacted-x@redacted.invalid"));
        assert_eq!(t.entries.len(), 2);
        assert_eq!(t.entries[0].body, REDACTED_BODY);
        assert_eq!(t.entries[0].role, Role::Customer);
        assert_eq!(t.entries[1].body, "We wrote to redacted-x@redacted.invalid.");
        // Idempotent: nothing left to redact.
        assert_eq!(redact_ticket(&text, "jane@customer.test", "redacted-y@redacted.invalid"), (text.clone(), 0));
    }

    #[test]
    fn matching_ignores_ascii_case() {
        assert_eq!(find_all(b"a JANE@X.T b jane@x.t", b"jane@x.t"), vec![2, 13]);
        assert!(find_all(b"", b"x").is_empty());
    }
}
