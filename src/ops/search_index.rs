//! `desk index`: the search index's state, an explicit rebuild, and the uncommitted ticket
//! files queries would read from the working tree.

use serde::Serialize;

use super::Desk;
use crate::error::Result;
use crate::index::{Progress, TicketIndex, index_path};
use crate::store::TICKETS_DIR;

/// The index as `desk index` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStatus {
    /// Where it is (under the git common directory).
    pub path: String,
    /// Tickets it holds.
    pub tickets: u64,
    /// The `tickets/` tree of HEAD it reflects (`null`: no tickets yet).
    pub tree: Option<String>,
    /// Whether it was rebuilt by this command, and why.
    pub rebuilt: Option<String>,
    /// Tickets re-indexed to catch up with HEAD.
    pub indexed: usize,
    /// Tickets removed to catch up with HEAD.
    pub removed: usize,
    /// Ticket files in HEAD that cannot be parsed.
    pub unreadable: Vec<Unreadable>,
    /// Ticket files whose working-tree version is not committed (queries read these files
    /// directly in repositories up to `WORKTREE_CHECK_MAX` tickets).
    pub uncommitted: Vec<String>,
    /// Size on disk in bytes.
    pub bytes: u64,
}

/// A committed ticket file the index could not read (as `desk check --json` reports problems).
#[derive(Debug, Clone, Serialize)]
pub struct Unreadable {
    /// Repository-relative path.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Brings the index up to date (or rebuilds it) and describes it.
pub fn status(desk: &Desk, rebuild: bool, progress: Option<Progress>) -> Result<IndexStatus> {
    // The working tree is walked for uncommitted files while the index is brought up to date:
    // the walk waits on the file system more than on the cores.
    let root = desk.store.has_workdir().then(|| desk.store.root().to_path_buf());
    let (index, uncommitted) = std::thread::scope(|scope| {
        // A rebuild reads every working-tree file and reports the differences itself.
        let root = root.clone();
        let walk = scope.spawn(move || match root {
            Some(root) if !rebuild => crate::store::Store::open(&root)?.uncommitted_under(TICKETS_DIR, true),
            _ => Ok(Vec::new()),
        });
        let index = if rebuild {
            TicketIndex::rebuild(&desk.store, &desk.index_settings(), progress, "requested".into())
        } else {
            TicketIndex::open(&desk.store, &desk.index_settings(), progress)
        };
        (index, walk.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    });
    let (index, walked) = (index?, uncommitted?);
    let uncommitted = match (index.refresh.uncommitted.clone(), root) {
        (Some(found), _) => found,
        (None, Some(root)) if rebuild => crate::store::Store::open(&root)?.uncommitted_under(TICKETS_DIR, true)?,
        (None, _) => walked,
    };
    let path = index_path(&desk.store);
    let bytes = std::fs::read_dir(&path)
        .map(|entries| entries.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0);
    Ok(IndexStatus {
        path: path.display().to_string(),
        tickets: index.len(),
        tree: desk.store.head_subtree(TICKETS_DIR)?.map(|t| t.to_string()),
        rebuilt: index.refresh.rebuilt.clone(),
        indexed: index.refresh.indexed,
        removed: index.refresh.removed,
        unreadable: index
            .broken()?
            .into_iter()
            .map(|err| match err {
                crate::Error::Syntax { path, line, message } => Unreadable { path, line, message },
                other => Unreadable { path: String::new(), line: 0, message: other.to_string() },
            })
            .collect(),
        uncommitted,
        bytes,
    })
}
