//! The git store: reading ticket files and committing changes to them.
//!
//! A write is one commit built directly from HEAD's tree with git2's `TreeBuilder` (only the
//! trees on the changed path are rewritten, so the cost does not grow with the number of
//! tickets), a compare-and-swap update of the branch, the file written into the working tree,
//! and the one index entry updated in place ([`index`]). A user's other staged or unstaged work
//! is never touched; a ticket file with uncommitted changes is refused rather than overwritten.
//! desk processes on one repository serialise on `desk.lock` in the git common directory.

pub mod index;
pub mod worktree;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use git2::{ObjectType, Oid, Repository, RepositoryState, Signature, Time, Tree};

use crate::error::{Error, Result};

/// Directory holding the ticket files, relative to the repository root.
pub const TICKETS_DIR: &str = "tickets";
const LOCK_WAIT: Duration = Duration::from_secs(10);
/// How often a waiting process tries the lock again.
const LOCK_POLL: Duration = Duration::from_micros(500);

/// How many threads reading many ticket files (or index documents) at once should use: the
/// cores, up to four (beyond that the disk and the allocator are the limit).
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4)
}

/// An open ticket repository.
pub struct Store {
    repo: Repository,
    workdir: Option<PathBuf>,
}

/// Exclusive access to the repository for one read-modify-commit cycle.
pub struct StoreLock {
    _file: fs::File,
}

/// One file to write in a commit: new contents, and the blob the caller based them on.
pub struct FileChange {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// New contents; `None` deletes the file.
    pub content: Option<Vec<u8>>,
    /// The blob HEAD had when the caller read the file (`None` for a new file).
    pub base: Option<Oid>,
}

/// A commit to make.
pub struct CommitRequest {
    /// Files to write.
    pub changes: Vec<FileChange>,
    /// Full commit message (subject, blank line, body, trailers).
    pub message: String,
    /// Author and committer name.
    pub name: String,
    /// Author and committer email.
    pub email: String,
    /// Author and committer time.
    pub time: DateTime<Utc>,
}

impl Store {
    /// Opens the repository containing `dir`; it must have a `.desk/` directory at its root (or in
    /// HEAD's tree, for bare repositories).
    pub fn open(dir: &Path) -> Result<Store> {
        let repo = Repository::discover(dir).map_err(|_| Error::NotARepository(dir.to_path_buf()))?;
        let store = Store::from_repo(repo);
        let has_config = match &store.workdir {
            Some(root) => root.join(crate::config::CONFIG_DIR).is_dir(),
            None => store.head_tree()?.and_then(|t| t.get_name(crate::config::CONFIG_DIR).map(|_| ())).is_some(),
        };
        if !has_config {
            return Err(Error::NotARepository(store.root().to_path_buf()));
        }
        Ok(store)
    }

    /// Wraps an open repository.
    pub fn from_repo(repo: Repository) -> Store {
        // libgit2 re-hashes every object it reads to check it; git does not, and reading trees
        // by path is desk's hottest path (an import of 100k tickets spent most of its time
        // there). Corruption is still git fsck's job.
        git2::opts::strict_hash_verification(false);
        let workdir = repo.workdir().map(Path::to_path_buf);
        Store { repo, workdir }
    }

    /// The underlying git repository.
    pub fn git(&self) -> &Repository {
        &self.repo
    }

    /// The working tree root, or the git directory for a bare repository.
    pub fn root(&self) -> &Path {
        self.workdir.as_deref().unwrap_or_else(|| self.repo.path())
    }

    /// Whether the repository has a working tree.
    pub fn has_workdir(&self) -> bool {
        self.workdir.is_some()
    }

    /// Takes the repository's desk lock, waiting up to 10 s for another desk process.
    pub fn lock(&self) -> Result<StoreLock> {
        self.lock_file("desk.lock")
    }

    /// Takes a lock file in the git common directory (`desk.lock` guards commits; the search
    /// index has its own), waiting up to 10 s for another desk process.
    pub fn lock_file(&self, name: &str) -> Result<StoreLock> {
        let path = self.repo.commondir().join(name);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
        let start = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(StoreLock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                    // Polled, not waited on (a blocked flock cannot time out): often enough that a
                    // waiting process takes the lock before the next short-lived desk command is
                    // even started, which a 5 ms poll lost to a `desk reply` loop (submission p99
                    // 160–190 ms against the portal's 50 ms target).
                    std::thread::sleep(LOCK_POLL);
                }
                Err(fs::TryLockError::WouldBlock) => return Err(Error::Busy(path)),
                Err(fs::TryLockError::Error(e)) => {
                    return Err(Error::io(format!("locking {}", path.display()), e));
                }
            }
        }
    }

    fn head_tree(&self) -> Result<Option<Tree<'_>>> {
        match self.repo.head() {
            Ok(head) => Ok(Some(head.peel_to_tree()?)),
            Err(e) if matches!(e.code(), git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The blob id and contents of `path` in HEAD, if it exists there.
    pub fn head_file(&self, path: &str) -> Result<Option<(Oid, Vec<u8>)>> {
        let Some(tree) = self.head_tree()? else { return Ok(None) };
        let entry = match tree.get_path(Path::new(path)) {
            Ok(entry) => entry,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let blob = self.repo.find_blob(entry.id())?;
        Ok(Some((entry.id(), blob.content().to_vec())))
    }

    /// Reads a file as the user sees it: from the working tree, or from HEAD when bare.
    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        match &self.workdir {
            Some(root) => match fs::read(root.join(path)) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(Error::io(format!("reading {path}"), e)),
            },
            None => Ok(self.head_file(path)?.map(|(_, bytes)| bytes)),
        }
    }

    /// Whether a file exists as the user sees the repository (working tree, or HEAD when bare).
    pub fn exists(&self, path: &str) -> Result<bool> {
        match &self.workdir {
            Some(root) => Ok(root.join(path).symlink_metadata().is_ok()),
            None => Ok(self.head_file(path)?.is_some()),
        }
    }

    /// Reads a file as text (see [`Store::read`]).
    pub fn read_text(&self, path: &str) -> Result<Option<String>> {
        match self.read(path)? {
            Some(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| Error::Syntax {
                path: path.into(),
                line: 1,
                message: format!("not UTF-8 text ({e})"),
            }),
            None => Ok(None),
        }
    }

    /// Names of the entries of a directory (working tree, or HEAD when bare), sorted.
    pub fn list_dir(&self, dir: &str) -> Result<Vec<String>> {
        Ok(self.list_entries(dir)?.into_iter().map(|(name, _)| name).collect())
    }

    /// Names of the subdirectories of a directory, sorted.
    pub fn list_subdirs(&self, dir: &str) -> Result<Vec<String>> {
        Ok(self.list_entries(dir)?.into_iter().filter(|(_, is_dir)| *is_dir).map(|(name, _)| name).collect())
    }

    /// `(name, is a directory)` for the entries of a directory, sorted by name.
    pub fn list_entries(&self, dir: &str) -> Result<Vec<(String, bool)>> {
        let mut names: Vec<(String, bool)> = match &self.workdir {
            Some(root) => match fs::read_dir(root.join(dir)) {
                Ok(entries) => entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| {
                        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                        e.file_name().into_string().ok().map(|name| (name, is_dir))
                    })
                    .collect(),
                Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => {
                    Vec::new()
                }
                Err(e) => return Err(Error::io(format!("listing {dir}"), e)),
            },
            None => {
                let Some(tree) = self.head_tree()? else { return Ok(Vec::new()) };
                match tree.get_path(Path::new(dir)) {
                    Ok(entry) if entry.kind() == Some(ObjectType::Tree) => {
                        let sub = self.repo.find_tree(entry.id())?;
                        sub.iter()
                            .filter_map(|e| e.name().ok().map(|n| (n.to_string(), e.kind() == Some(ObjectType::Tree))))
                            .collect()
                    }
                    _ => Vec::new(),
                }
            }
        };
        names.sort();
        Ok(names)
    }

    /// The files under `dir` whose blobs differ between two trees, as `(path, old blob, new
    /// blob)` (`None`: absent on that side). Only subtrees whose ids differ are read, so the
    /// cost follows the change, not the size of the repository.
    pub fn changed_files(&self, old: Option<&Tree>, new: &Tree, dir: &str) -> Result<Vec<FileDelta>> {
        let subtree = |tree: Option<&Tree>| -> Result<Option<Tree<'_>>> {
            let Some(tree) = tree else { return Ok(None) };
            match tree.get_path(Path::new(dir)) {
                Ok(entry) if entry.kind() == Some(ObjectType::Tree) => Ok(Some(self.repo.find_tree(entry.id())?)),
                _ => Ok(None),
            }
        };
        let (old, new) = (subtree(old)?, subtree(Some(new))?);
        let mut out = Vec::new();
        diff_trees(&self.repo, old.as_ref(), new.as_ref(), dir, &mut out)?;
        Ok(out)
    }

    /// The id of HEAD's tree at `dir` (`None`: no commit yet, or no such directory).
    pub fn head_subtree(&self, dir: &str) -> Result<Option<Oid>> {
        let Some(tree) = self.head_tree()? else { return Ok(None) };
        Ok(match tree.get_path(Path::new(dir)) {
            Ok(entry) if entry.kind() == Some(ObjectType::Tree) => Some(entry.id()),
            _ => None,
        })
    }

    /// The files that differ between two trees of the directory `dir` (given by id, `None`:
    /// empty), as in [`Store::changed_files`]. Fails if a tree is no longer in the object
    /// database (e.g. pruned after a rebase).
    pub fn changed_between(&self, old: Option<Oid>, new: Option<Oid>, dir: &str) -> Result<Vec<FileDelta>> {
        let old = old.map(|id| self.repo.find_tree(id)).transpose()?;
        let new = new.map(|id| self.repo.find_tree(id)).transpose()?;
        let mut out = Vec::new();
        diff_trees(&self.repo, old.as_ref(), new.as_ref(), dir, &mut out)?;
        Ok(out)
    }

    /// Files under `dir` whose working-tree version differs from HEAD's. With `untracked`, as
    /// `git status` reports them (changed, staged, deleted or new; reads every directory);
    /// without, only files changed or deleted in the working tree, found with one `stat` per
    /// tracked file (see [`index::changed_in_worktree`]). Bare repositories have none.
    pub fn uncommitted_under(&self, dir: &str, untracked: bool) -> Result<Vec<String>> {
        if !self.has_workdir() {
            return Ok(Vec::new());
        }
        if !untracked && let Some(changed) = index::changed_in_worktree(&self.repo, &format!("{dir}/"))? {
            return Ok(changed);
        }
        let mut options = git2::StatusOptions::new();
        options
            .pathspec(format!("{dir}/"))
            .include_untracked(untracked)
            .recurse_untracked_dirs(untracked)
            .include_ignored(false)
            .exclude_submodules(true);
        let statuses = self.repo.statuses(Some(&mut options))?;
        Ok(statuses
            .iter()
            .filter(|s| s.status() != git2::Status::CURRENT && !s.status().contains(git2::Status::IGNORED))
            .filter_map(|s| s.path().ok().map(str::to_string))
            .collect())
    }

    /// A blob's bytes.
    pub fn blob(&self, id: Oid) -> Result<Vec<u8>> {
        Ok(self.repo.find_blob(id)?.content().to_vec())
    }

    /// Whether HEAD has a file at `path` (without reading it).
    pub fn exists_in_head(&self, path: &str) -> Result<bool> {
        Ok(self.head_tree()?.is_some_and(|tree| tree.get_path(Path::new(path)).is_ok()))
    }

    /// The git identity from `git config user.name` / `user.email`, if set.
    pub fn git_identity(&self) -> (Option<String>, Option<String>) {
        let config = self.repo.config().ok();
        let get = |key: &str| config.as_ref().and_then(|c| c.get_string(key).ok()).filter(|v| !v.is_empty());
        (get("user.name"), get("user.email"))
    }

    /// Makes one commit writing `request.changes`, then updates the working tree and index for
    /// exactly those paths. Refuses when a file has uncommitted changes or HEAD no longer has
    /// the blob the caller based its change on.
    pub fn commit(&self, _lock: &StoreLock, request: CommitRequest) -> Result<Oid> {
        let state = self.repo.state();
        if state != RepositoryState::Clean {
            let what = match state {
                RepositoryState::Merge => "merge",
                RepositoryState::Revert | RepositoryState::RevertSequence => "revert",
                RepositoryState::CherryPick | RepositoryState::CherryPickSequence => "cherry-pick",
                RepositoryState::Bisect => "bisect",
                RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => "git am",
                _ => "rebase",
            };
            return Err(Error::Unclean(what.to_string()));
        }
        let mut index = match &self.workdir {
            Some(_) => Some(index::IndexUpdate::begin(&self.repo)?),
            None => None,
        };
        let head = self.repo.find_reference("HEAD")?;
        let branch = head.symbolic_target()?.map(str::to_string);
        let parent = match &branch {
            Some(name) => self.repo.refname_to_id(name).ok(),
            None => head.target(),
        };
        let parent_commit = parent.map(|oid| self.repo.find_commit(oid)).transpose()?;
        let tree = parent_commit.as_ref().map(|c| c.tree()).transpose()?;
        let paths: Vec<&str> = request.changes.iter().map(|c| c.path.as_str()).collect();
        let staged = match &mut index {
            Some(index) => index.staged(&paths)?,
            None => vec![None; paths.len()],
        };
        let mut blobs = Vec::with_capacity(request.changes.len());
        // A commit of many files (the portal's batches) looks up the same directories again
        // and again: each is read once.
        let mut head_paths = HeadPaths { repo: &self.repo, root: tree.clone(), dirs: Default::default() };
        for (change, staged) in request.changes.iter().zip(staged) {
            self.check_path_is_free(&mut head_paths, &change.path)?;
            let in_head = head_paths.entry(&change.path).map(|(id, _)| id);
            if in_head != change.base {
                return Err(Error::Raced(change.path.clone()));
            }
            if let Some(root) = &self.workdir {
                let on_disk = root.join(&change.path);
                let worktree = match on_disk.symlink_metadata() {
                    Ok(_) => Some(self.worktree_blob(&on_disk, in_head)?),
                    Err(_) => None,
                };
                if staged != in_head {
                    return Err(Error::Dirty { path: change.path.clone(), staged: true });
                }
                if worktree.is_some() && worktree != in_head {
                    return Err(Error::Dirty { path: change.path.clone(), staged: false });
                }
            }
            blobs.push(change.content.as_deref().map(|content| self.repo.blob(content)).transpose()?);
        }
        let files: Vec<TreeEdit> = paths.iter().copied().zip(blobs.iter().copied()).collect();
        let tree = self.repo.find_tree(write_tree(&self.repo, tree.as_ref(), &files)?)?;
        let time = Time::new(request.time.timestamp(), 0);
        // git forbids `<`, `>` and line breaks in identities; never let a name break the commit.
        let safe = |text: &str| text.replace(|c: char| c.is_control() || c == '<' || c == '>', " ").trim().to_string();
        let signature = Signature::new(&safe(&request.name), &safe(&request.email), &time)?;
        let parents: Vec<&git2::Commit> = parent_commit.iter().collect();
        let oid = self.repo.commit(None, &signature, &signature, &request.message, &tree, &parents)?;
        let subject = request.message.lines().next().unwrap_or_default();
        let reflog = format!("commit: {subject}");
        let target = branch.clone().unwrap_or_else(|| "HEAD".into());
        let updated = match parent {
            Some(old) => self.repo.reference_matching(&target, oid, true, old, &reflog),
            None => self.repo.reference(&target, oid, false, &reflog),
        };
        updated.map_err(|e| match e.code() {
            git2::ErrorCode::Modified | git2::ErrorCode::Exists => Error::Raced(target.clone()),
            _ => Error::Git(e),
        })?;
        if let (Some(root), Some(index)) = (&self.workdir, index) {
            let mut entries = Vec::with_capacity(blobs.len());
            for (change, blob) in request.changes.iter().zip(blobs) {
                let on_disk = root.join(&change.path);
                let entry = match (&change.content, blob) {
                    (Some(content), Some(blob)) => Some((blob, write_file(&on_disk, content)?)),
                    _ => {
                        remove_file(&on_disk)?;
                        None
                    }
                };
                entries.push((change.path.as_str(), entry));
            }
            index.finish(&self.repo, &entries)?;
        }
        Ok(oid)
    }
}

/// Paths of HEAD's tree, with each directory read once.
struct HeadPaths<'r> {
    repo: &'r Repository,
    root: Option<Tree<'r>>,
    dirs: std::collections::HashMap<String, Option<Tree<'r>>>,
}

impl<'r> HeadPaths<'r> {
    /// The id and kind of what HEAD has at `path`.
    fn entry(&mut self, path: &str) -> Option<(Oid, Option<ObjectType>)> {
        let (dir, name) = match path.rsplit_once('/') {
            Some((dir, name)) => (Some(dir), name),
            None => (None, path),
        };
        let tree = match dir {
            Some(dir) => self.dir(dir)?,
            None => self.root.clone()?,
        };
        tree.get_name(name).map(|e| (e.id(), e.kind()))
    }

    /// The tree HEAD has at `path`, if it is a directory.
    fn dir(&mut self, path: &str) -> Option<Tree<'r>> {
        if let Some(found) = self.dirs.get(path) {
            return found.clone();
        }
        let found = match self.entry(path) {
            Some((id, Some(ObjectType::Tree))) => self.repo.find_tree(id).ok(),
            _ => None,
        };
        self.dirs.insert(path.to_string(), found.clone());
        found
    }
}

impl Store {
    /// Refuses a path whose parent directories are files (in HEAD or on disk) or that is itself
    /// a directory: committing would replace them.
    fn check_path_is_free(&self, head: &mut HeadPaths, path: &str) -> Result<()> {
        let blocked = |what: &str| {
            Error::invalid_with(
                format!("`{what}` is in the way of {path}"),
                format!(
                    "desk needs `{what}` to be a directory of tickets: rename or remove the file, commit, then retry"
                ),
            )
        };
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            end += slash;
            let ancestor = &path[..end];
            if head.entry(ancestor).is_some_and(|(_, kind)| kind != Some(ObjectType::Tree)) {
                return Err(blocked(ancestor));
            }
            if let Some(root) = &self.workdir
                && root.join(ancestor).symlink_metadata().is_ok_and(|m| !m.is_dir())
            {
                return Err(blocked(ancestor));
            }
            end += 1;
        }
        let on_disk = self.workdir.as_ref().is_some_and(|root| root.join(path).is_dir());
        if head.entry(path).is_some_and(|(_, kind)| kind == Some(ObjectType::Tree)) || on_disk {
            return Err(blocked(path));
        }
        Ok(())
    }

    /// The blob id of a working file as git would store it: if it differs from `expected` only
    /// by CRLF line endings and `core.autocrlf` converts them, the LF version's id.
    fn worktree_blob(&self, path: &Path, expected: Option<Oid>) -> Result<Oid> {
        let raw = Oid::hash_file(ObjectType::Blob, path)?;
        if Some(raw) == expected {
            return Ok(raw);
        }
        let converts = self
            .repo
            .config()
            .ok()
            .and_then(|c| c.get_string("core.autocrlf").ok())
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "input" | "yes" | "on" | "1"));
        if !converts {
            return Ok(raw);
        }
        let bytes = fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        let text = String::from_utf8_lossy(&bytes);
        if !text.contains("\r\n") {
            return Ok(raw);
        }
        Ok(Oid::hash_object(ObjectType::Blob, text.replace("\r\n", "\n").as_bytes())?)
    }
}

/// A file that differs between two trees: its path, old blob and new blob.
pub type FileDelta = (String, Option<Oid>, Option<Oid>);

/// Collects the blobs that differ between `old` and `new` (both at `prefix`), descending only
/// into subtrees whose ids differ.
fn diff_trees(
    repo: &Repository,
    old: Option<&Tree>,
    new: Option<&Tree>,
    prefix: &str,
    out: &mut Vec<FileDelta>,
) -> Result<()> {
    if old.map(Tree::id) == new.map(Tree::id) {
        return Ok(());
    }
    // Entries as (name, id, is a tree), sorted by name bytes on both sides for a merge join.
    let list = |tree: Option<&Tree>| -> Vec<(Vec<u8>, Oid, bool)> {
        let mut entries: Vec<_> = tree
            .map(|t| t.iter().map(|e| (e.name_bytes().to_vec(), e.id(), e.kind() == Some(ObjectType::Tree))).collect())
            .unwrap_or_default();
        entries.sort();
        entries
    };
    let (a, b) = (list(old), list(new));
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.0.cmp(&y.0),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        let (left, right) = match order {
            std::cmp::Ordering::Less => {
                i += 1;
                (a.get(i - 1), None)
            }
            std::cmp::Ordering::Greater => {
                j += 1;
                (None, b.get(j - 1))
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
                (a.get(i - 1), b.get(j - 1))
            }
        };
        let name = String::from_utf8_lossy(&left.or(right).map(|e| e.0.clone()).unwrap_or_default()).into_owned();
        let path = format!("{prefix}/{name}");
        let tree_of = |e: Option<&(Vec<u8>, Oid, bool)>| -> Result<Option<Tree<'_>>> {
            match e {
                Some((_, id, true)) => Ok(Some(repo.find_tree(*id)?)),
                _ => Ok(None),
            }
        };
        let blob_of = |e: Option<&(Vec<u8>, Oid, bool)>| e.filter(|e| !e.2).map(|e| e.1);
        if left.map(|e| e.1) == right.map(|e| e.1) {
            continue;
        }
        let (lt, rt) = (tree_of(left)?, tree_of(right)?);
        if lt.is_some() || rt.is_some() {
            diff_trees(repo, lt.as_ref(), rt.as_ref(), &path, out)?;
        }
        let (lb, rb) = (blob_of(left), blob_of(right));
        if lb != rb {
            out.push((path, lb, rb));
        }
    }
    Ok(())
}

/// A path and its new blob (`None`: remove the path).
type TreeEdit<'a> = (&'a str, Option<Oid>);

/// Returns the id of `base` with each `(path, blob)` written (`None` removes the path), rewriting
/// only the trees on those paths, each once. A directory left empty is removed.
fn write_tree(repo: &Repository, base: Option<&Tree>, files: &[TreeEdit]) -> Result<Oid> {
    let mut builder = repo.treebuilder(base)?;
    let mut subdirs: Vec<(&str, Vec<TreeEdit>)> = Vec::new();
    for (path, blob) in files {
        match path.split_once('/') {
            None => match blob {
                Some(blob) => {
                    builder.insert(*path, *blob, 0o100644)?;
                }
                None => {
                    if builder.get(*path)?.is_some() {
                        builder.remove(*path)?;
                    }
                }
            },
            Some((dir, rest)) => match subdirs.iter_mut().find(|(name, _)| *name == dir) {
                Some((_, group)) => group.push((rest, *blob)),
                None => subdirs.push((dir, vec![(rest, *blob)])),
            },
        }
    }
    for (dir, group) in subdirs {
        let sub = base
            .and_then(|t| t.get_name(dir))
            .filter(|e| e.kind() == Some(ObjectType::Tree))
            .map(|e| repo.find_tree(e.id()))
            .transpose()?;
        let sub = write_tree(repo, sub.as_ref(), &group)?;
        if repo.find_tree(sub)?.is_empty() {
            if builder.get(dir)?.is_some() {
                builder.remove(dir)?;
            }
        } else {
            builder.insert(dir, sub, 0o040000)?;
        }
    }
    Ok(builder.write()?)
}

/// Removes a working file and the directories it leaves empty (never the repository root).
fn remove_file(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(format!("removing {}", path.display()), e)),
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        // Fails (and stops) at the first directory that is not empty.
        if fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// Writes a file through a temporary file and a rename, so readers never see half a file.
fn write_file(path: &Path, content: &[u8]) -> Result<fs::Metadata> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.desk-tmp"));
    let io = |e| Error::io(format!("writing {}", path.display()), e);
    let mut file = fs::File::create(&tmp).map_err(io)?;
    file.write_all(content).map_err(io)?;
    drop(file);
    fs::rename(&tmp, path).map_err(io)?;
    path.metadata().map_err(io)
}
