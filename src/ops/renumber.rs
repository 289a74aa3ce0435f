//! `desk renumber`: giving a ticket a new ID, the repair when two clones minted the same one.
//!
//! IDs are random (50 bits), so two clones creating the same ID is rare but possible. When it
//! happens, `git merge` stops with a conflict in the ticket's file (the merge driver refuses to
//! merge two different tickets). `renumber` then keeps one ticket at the ID (by default the one
//! created first, which customers may already have heard of) and moves the other to a fresh ID,
//! updating the references to it (`parent: ID`, `blocks ID`, …) in the tickets its side changed.
//! Outside a merge it simply moves a ticket to a fresh ID in one commit, updating references in
//! every ticket.

use std::path::Path;

use git2::{Oid, RepositoryState};
use serde::Serialize;

use super::listing::for_each_ticket;
use super::{Actor, Desk, commit_message};
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::store::{FileChange, TICKETS_DIR};
use crate::ticket::TicketFile;

/// Which side of a conflicting merge keeps the ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keep {
    /// The ticket created first (ties: the smaller first-entry id).
    #[default]
    Older,
    /// The ticket on the current branch (HEAD).
    Ours,
    /// The ticket being merged in (MERGE_HEAD).
    Theirs,
}

/// What `renumber` did.
#[derive(Debug, Clone, Serialize)]
pub struct Renumbered {
    /// The ID both tickets had (or the ticket's old ID).
    pub old: String,
    /// The moved ticket's new ID.
    pub new: String,
    /// The moved ticket's new path.
    pub path: String,
    /// `ours` or `theirs` when repairing a merge; `None` outside a merge.
    pub moved_side: Option<&'static str>,
    /// Title of the moved ticket.
    pub title: String,
    /// Other tickets whose references were updated.
    pub references: Vec<String>,
    /// Commit made: the rename, or the merge commit once no conflict is left.
    pub commit: Option<String>,
    /// Paths still in conflict (the merge is then left for `git commit`).
    pub conflicts_left: Vec<String>,
}

/// Gives ticket `id` a new ID: repairs a same-ID merge conflict, or moves a committed ticket.
pub fn renumber(desk: &Desk, actor: &Actor, id: &TicketId, keep: Keep) -> Result<Renumbered> {
    let repo = desk.store.git();
    match repo.state() {
        RepositoryState::Clean => {
            if keep != Keep::Older {
                return Err(Error::invalid("--keep only applies while a merge is in progress"));
            }
            move_committed(desk, actor, id)
        }
        RepositoryState::Merge => repair_merge(desk, actor, id, keep),
        _ => Err(Error::invalid_with(
            "a rebase or another git operation is in progress",
            "abort it (e.g. `git rebase --abort`), merge instead (`desk sync` without --rebase, or `git merge`), then run `desk renumber` on the conflicting ticket",
        )),
    }
}

/// `file` moved to `new`, with an event recording the move.
fn moved(desk: &Desk, actor: &Actor, file: &TicketFile, new: &TicketId) -> TicketFile {
    let mut file = file.clone();
    let mut event = desk.event(&file, &actor.name);
    file.set("id", Some(new.as_str()), &mut event);
    file.push_event(event);
    file
}

/// `file` with its references to `old` pointed at `new`, if it has any.
fn retargeted(desk: &Desk, actor: &Actor, file: &TicketFile, old: &TicketId, new: &TicketId) -> Option<TicketFile> {
    let mut file = file.clone();
    let mut event = desk.event(&file, &actor.name);
    file.retarget(old.as_str(), new.as_str(), &mut event).then(|| {
        file.push_event(event);
        file
    })
}

fn move_committed(desk: &Desk, actor: &Actor, id: &TicketId) -> Result<Renumbered> {
    let lock = desk.store.lock()?;
    let path = id.path();
    let (base, bytes) = desk.store.head_file(&path)?.ok_or_else(|| Error::NoSuchTicket(id.to_string()))?;
    let file = super::parse_ticket(&path, &bytes)?;
    let new = desk.fresh_ticket_id()?;
    let moved = moved(desk, actor, &file, &new);
    let mut changes = vec![
        FileChange { path: path.clone(), content: None, base: Some(base) },
        FileChange { path: new.path(), content: Some(moved.render().into_bytes()), base: None },
    ];
    let mut references = Vec::new();
    let mut failure = None;
    let errors = for_each_ticket(desk, |loaded| {
        if loaded.id == *id || failure.is_some() {
            return;
        }
        if let Some(updated) = retargeted(desk, actor, &loaded.file, id, &new) {
            match desk.store.head_file(&loaded.path) {
                Ok(Some((base, _))) => {
                    references.push(loaded.id.to_string());
                    changes.push(FileChange {
                        path: loaded.path.clone(),
                        content: Some(updated.render().into_bytes()),
                        base: Some(base),
                    });
                }
                Ok(None) => {}
                Err(err) => failure = Some(err),
            }
        }
    });
    if let Some(err) = failure.or_else(|| errors.into_iter().next()) {
        return Err(err);
    }
    let summary = format!("renumbered {id} to {new}");
    let commit = desk.commit_as(&lock, actor, changes, commit_message(moved.ticket(), "renumber", &summary, actor))?;
    Ok(Renumbered {
        old: id.to_string(),
        new: new.to_string(),
        path: new.path(),
        moved_side: None,
        title: moved.ticket().title.clone(),
        references,
        commit: Some(commit.to_string()),
        conflicts_left: Vec::new(),
    })
}

fn repair_merge(desk: &Desk, actor: &Actor, id: &TicketId, keep: Keep) -> Result<Renumbered> {
    let _lock = desk.store.lock()?;
    let repo = desk.store.git();
    let root =
        repo.workdir().ok_or_else(|| Error::invalid("a bare repository has no merge in progress"))?.to_path_buf();
    let path = id.path();
    let mut index = repo.index()?;
    let conflict = index.conflict_get(Path::new(&path)).map_err(|_| {
        Error::invalid_with(
            format!("{path} has no merge conflict"),
            "`desk renumber` during a merge repairs a ticket ID that two clones both created; resolve other conflicts by hand",
        )
    })?;
    let (Some(ours), Some(theirs)) = (conflict.our, conflict.their) else {
        return Err(Error::invalid_with(
            format!("{path}: one side deleted the ticket, the other changed it"),
            format!("keep it with `git add {path}` or drop it with `git rm {path}`, then `git commit`"),
        ));
    };
    let blob = |oid: Oid| -> Result<TicketFile> { super::parse_ticket(&path, repo.find_blob(oid)?.content()) };
    let (ours, theirs) = (blob(ours.id)?, blob(theirs.id)?);
    if ours.same_ticket(&theirs) {
        return Err(Error::invalid_with(
            format!("both sides of {path} are the same ticket"),
            "this is an ordinary conflict in one ticket: edit the file to resolve it, then `git add` it and `git commit`",
        ));
    }
    let first = |f: &TicketFile| f.ticket().entries.first().map(|e| (e.at, e.id.clone()));
    let move_ours = match keep {
        Keep::Ours => false,
        Keep::Theirs => true,
        Keep::Older => first(&ours) > first(&theirs),
    };
    let (kept, to_move) = if move_ours { (&theirs, &ours) } else { (&ours, &theirs) };
    let new = loop {
        let candidate = desk.fresh_ticket_id()?;
        if index.get_path(Path::new(&candidate.path()), 0).is_none() {
            break candidate;
        }
    };
    let moved = moved(desk, actor, to_move, &new);
    let mut writes = vec![(path.clone(), kept.render()), (new.path(), moved.render())];

    // References to the moved ticket can only come from tickets its side changed.
    let head = repo.head()?.peel_to_commit()?;
    let merge_heads = merge_heads(repo)?;
    let their_head = *merge_heads.first().ok_or_else(|| Error::invalid("MERGE_HEAD is missing"))?;
    let side = if move_ours { head.id() } else { their_head };
    let base = repo.merge_base(head.id(), their_head).ok().map(|b| repo.find_commit(b)).transpose()?;
    let side_tree = repo.find_commit(side)?.tree()?;
    let diff = repo.diff_tree_to_tree(base.map(|b| b.tree()).transpose()?.as_ref(), Some(&side_tree), None)?;
    let mut references = Vec::new();
    for delta in diff.deltas() {
        let Some(changed) = delta.new_file().path().and_then(Path::to_str) else { continue };
        if changed == path || !changed.starts_with(TICKETS_DIR) || index.get_path(Path::new(changed), 0).is_none() {
            continue;
        }
        let Ok(bytes) = std::fs::read(root.join(changed)) else { continue };
        let Ok(file) = super::parse_ticket(changed, &bytes) else { continue };
        if let Some(updated) = retargeted(desk, actor, &file, id, &new) {
            references.push(file.ticket().id.clone());
            writes.push((changed.to_string(), updated.render()));
        }
    }
    for (rel, text) in &writes {
        let on_disk = root.join(rel);
        if let Some(dir) = on_disk.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        }
        std::fs::write(&on_disk, text).map_err(|e| Error::io(format!("writing {}", on_disk.display()), e))?;
        index.add_path(Path::new(rel))?;
    }
    index.write()?;
    let conflicts_left: Vec<String> = index
        .conflicts()?
        .filter_map(|c| c.ok())
        .filter_map(|c| c.our.or(c.their).or(c.ancestor))
        .map(|e| String::from_utf8_lossy(&e.path).into_owned())
        .collect();
    let mut commit = None;
    if conflicts_left.is_empty() {
        let tree = repo.find_tree(index.write_tree()?)?;
        let mut parents = vec![head];
        for oid in &merge_heads {
            parents.push(repo.find_commit(*oid)?);
        }
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        let message = merge_message(repo, &format!("renumbered {id} ({}) to {new}", moved.ticket().title));
        let time = git2::Time::new(desk.now().timestamp(), 0);
        let signature = git2::Signature::new(&actor.display, &actor.email, &time)?;
        let oid = repo.commit(Some("HEAD"), &signature, &signature, &message, &tree, &parents)?;
        repo.cleanup_state()?;
        commit = Some(oid.to_string());
    }
    Ok(Renumbered {
        old: id.to_string(),
        new: new.to_string(),
        path: new.path(),
        moved_side: Some(if move_ours { "ours" } else { "theirs" }),
        title: moved.ticket().title.clone(),
        references,
        commit,
        conflicts_left,
    })
}

fn merge_heads(repo: &git2::Repository) -> Result<Vec<Oid>> {
    let text = std::fs::read_to_string(repo.path().join("MERGE_HEAD"))
        .map_err(|e| Error::io("reading MERGE_HEAD".to_string(), e))?;
    text.lines().map(|l| Oid::from_str(l.trim()).map_err(Error::Git)).collect()
}

/// git's prepared merge message (without comment lines) with a line about the repair.
fn merge_message(repo: &git2::Repository, repair: &str) -> String {
    let prepared = std::fs::read_to_string(repo.path().join("MERGE_MSG")).unwrap_or_else(|_| "Merge".into());
    let subject: Vec<&str> = prepared.lines().filter(|l| !l.starts_with('#')).collect();
    format!("{}\n\n{repair}\n\nDesk-Action: renumber\n", subject.join("\n").trim_end())
}

/// Ticket files in merge conflict because two different tickets were created with the same ID,
/// from git's index (empty when no merge is in progress).
pub fn collisions(desk: &Desk) -> Result<Vec<TicketId>> {
    let repo = desk.store.git();
    if repo.workdir().is_none() {
        return Ok(Vec::new());
    }
    let mut index = repo.index()?;
    index.read(false)?;
    if !index.has_conflicts() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for conflict in index.conflicts()? {
        let conflict = conflict?;
        let (Some(ours), Some(theirs)) = (conflict.our, conflict.their) else { continue };
        let path = String::from_utf8_lossy(&ours.path).into_owned();
        let Some(id) = path
            .strip_prefix(TICKETS_DIR)
            .and_then(|rest| rest.strip_suffix(".md"))
            .and_then(|rest| rest.rsplit('/').next())
            .and_then(TicketId::parse)
        else {
            continue;
        };
        let read = |oid: Oid| repo.find_blob(oid).ok().and_then(|b| super::parse_ticket(&path, b.content()).ok());
        if let (Some(a), Some(b)) = (read(ours.id), read(theirs.id))
            && !a.same_ticket(&b)
        {
            out.push(id);
        }
    }
    Ok(out)
}
