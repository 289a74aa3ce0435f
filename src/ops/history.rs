//! `desk log`: a ticket's history from git.

use chrono::{DateTime, Utc};
use git2::{Oid, Sort};
use serde::Serialize;

use super::Desk;
use crate::error::Result;
use crate::id::TicketId;

/// One commit that changed the ticket.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    /// Commit id.
    pub commit: String,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author time.
    pub at: DateTime<Utc>,
    /// First line of the message.
    pub subject: String,
    /// The `Desk-Action:` trailer, if the commit was made by desk.
    pub action: Option<String>,
}

/// Commits reachable from HEAD that changed the ticket's file, newest first.
pub fn log(desk: &Desk, id: &TicketId) -> Result<Vec<LogEntry>> {
    let repo = desk.store.git();
    let path = std::path::Path::new(&id.path()).to_path_buf();
    let blob_at =
        |oid: Oid| -> Option<Oid> { repo.find_commit(oid).ok()?.tree().ok()?.get_path(&path).ok().map(|e| e.id()) };
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    if walk.push_head().is_err() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for oid in walk {
        let oid = oid?;
        let commit = repo.find_commit(oid)?;
        let mine = blob_at(oid);
        if mine.is_none() && commit.parent_count() == 0 {
            continue;
        }
        let parents: Vec<Option<Oid>> = commit.parent_ids().map(blob_at).collect();
        let changed = if parents.is_empty() { mine.is_some() } else { parents.iter().all(|p| *p != mine) };
        if !changed {
            continue;
        }
        let message = commit.message().unwrap_or_default();
        let action = message.lines().rev().find_map(|l| l.strip_prefix("Desk-Action:")).map(|a| a.trim().to_string());
        let author = commit.author();
        out.push(LogEntry {
            commit: oid.to_string(),
            author: author.name().unwrap_or_default().to_string(),
            email: author.email().unwrap_or_default().to_string(),
            at: DateTime::from_timestamp(author.when().seconds(), 0).unwrap_or_default(),
            subject: commit.summary().ok().flatten().unwrap_or_default().to_string(),
            action,
        });
    }
    Ok(out)
}
