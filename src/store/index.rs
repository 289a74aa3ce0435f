//! Keeping git's index consistent with the commits desk makes.
//!
//! After desk commits a file, the index entry for that path must hold the new blob and the
//! file's stat data, or `git status` would show the commit as undone. Rewriting the index
//! through libgit2 costs ~90 ms at 100k tickets (it parses and re-hashes every entry), so desk
//! splices the entries it changed into the index file directly: one read, a scan that only
//! reads each entry's length, one write through `index.lock` and a rename, like git. The
//! cached-tree extension is invalidated along the changed paths (required for `git commit` to
//! stay correct), cache extensions that index by position (untracked cache, fsmonitor, offset
//! tables) are dropped, and racily clean entries are smudged as git does. The trailing SHA-1 is
//! computed (git before 2.40 rejects anything else) unless `index.skipHash` is set, in which case
//! it is written as zeros like git does. Formats this code does not handle (index v4, split or
//! sparse indexes) go through libgit2 instead. Whatever else is staged stays staged.

use std::borrow::Cow;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use git2::{IndexEntry, IndexTime, Oid, Repository};

use crate::error::{Error, Result};

const LOCK_WAIT: Duration = Duration::from_secs(5);
const HEADER: usize = 12;
const ENTRY_FIXED: usize = 62;
const HASH: usize = 20;
/// Mode of submodule entries (never smudged, like git).
const GITLINK: u32 = 0o160000;

/// An index update in progress: the state read at the start, changed at the end.
pub struct IndexUpdate {
    path: PathBuf,
    lock: LockFile,
    data: IndexBytes,
    format: Format,
    skip_hash: bool,
}

/// The current index file, mapped rather than copied (it is 9 MB at 100k tickets).
enum IndexBytes {
    Missing,
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for IndexBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            IndexBytes::Missing => &[],
            IndexBytes::Mapped(map) => map,
        }
    }
}

/// Where things are in a version 2/3 index: each entry's start, the racily clean entries, then
/// the extensions.
struct Layout {
    starts: Vec<u32>,
    racy: Vec<u32>,
    entries_end: usize,
    extensions: Vec<([u8; 4], usize, usize)>,
}

enum Format {
    /// Version 2 or 3, spliced by this module.
    Splice(Layout),
    /// Anything else, handled by libgit2.
    Libgit2(Box<git2::Index>),
}

/// `index.lock`, removed on drop unless it was renamed over the index.
struct LockFile {
    path: PathBuf,
    file: Option<fs::File>,
}

impl LockFile {
    fn acquire(path: PathBuf) -> Result<LockFile> {
        let start = Instant::now();
        loop {
            match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => return Ok(LockFile { path, file: Some(file) }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(Error::Busy(path)),
                Err(e) => return Err(Error::io(format!("creating {}", path.display()), e)),
            }
        }
    }
}

impl Drop for LockFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// One path's new index entry: its blob and the written file's metadata, or `None` to remove it.
pub type IndexEdit<'a> = (&'a str, Option<(Oid, fs::Metadata)>);

/// Where one path's entries sit in the index.
#[derive(Debug, Clone, Default)]
struct Slot {
    /// Byte offset where an entry for the path belongs (start of its stage-0 entry, if any).
    at: usize,
    /// Byte range of the existing stage-0 entry.
    existing: Option<(usize, usize)>,
    /// Blob of the existing stage-0 entry.
    oid: Option<Oid>,
    /// Whether the path has conflict stages.
    conflicted: bool,
}

fn be32(data: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

fn corrupt(what: &str) -> Error {
    Error::invalid_with(
        format!("git's index file is damaged ({what})"),
        "run `git reset` to rebuild it, then try again",
    )
}

impl IndexUpdate {
    /// Takes `index.lock` and reads the index.
    pub fn begin(repo: &Repository) -> Result<IndexUpdate> {
        let path = repo.path().join("index");
        let lock = LockFile::acquire(path.with_extension("lock"))?;
        let io = |e| Error::io(format!("reading {}", path.display()), e);
        let data = match fs::File::open(&path) {
            // Safety: git replaces the index by rename, never in place, and we hold index.lock,
            // so the mapped file does not change while it is mapped.
            Ok(file) if file.metadata().map_err(io)?.len() > 0 => {
                IndexBytes::Mapped(unsafe { memmap2::MmapOptions::new().populate().map(&file) }.map_err(io)?)
            }
            Ok(_) => IndexBytes::Missing,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => IndexBytes::Missing,
            Err(e) => return Err(io(e)),
        };
        let layout = if data.is_empty() {
            Some(Layout { starts: Vec::new(), racy: Vec::new(), entries_end: HEADER, extensions: Vec::new() })
        } else if data.len() >= HEADER + HASH && &data[..4] == b"DIRC" && matches!(be32(&data, 4), 2 | 3) {
            let written = fs::metadata(&path).map_err(io)?;
            let written = std::os::unix::fs::MetadataExt::mtime(&written) as u32;
            Some(layout(&data, written)?).filter(|l| l.extensions.iter().all(|(sig, _, _)| sig[0].is_ascii_uppercase()))
        } else {
            None
        };
        if let Some(layout) = layout {
            let skip_hash = repo.config().and_then(|c| c.get_bool("index.skipHash")).unwrap_or(false);
            return Ok(IndexUpdate { path, lock, data, format: Format::Splice(layout), skip_hash });
        }
        // libgit2 takes the lock itself when it writes.
        drop(lock);
        let index = repo.index().map_err(|e| {
            if e.message().contains("'link'") {
                Error::invalid_with(
                    "git's split index is not supported by desk",
                    "turn it off with `git config core.splitIndex false && git update-index --no-split-index`",
                )
            } else {
                Error::Git(e)
            }
        })?;
        Ok(IndexUpdate {
            path,
            lock: LockFile { path: PathBuf::new(), file: None },
            data,
            format: Format::Libgit2(Box::new(index)),
            skip_hash: false,
        })
    }

    /// The staged blob of each path (`None` when not in the index). A path with a merge
    /// conflict is an error.
    pub fn staged(&mut self, paths: &[&str]) -> Result<Vec<Option<Oid>>> {
        let slots = match &self.format {
            Format::Splice(layout) => locate(&self.data, layout, paths)?,
            Format::Libgit2(index) => paths
                .iter()
                .map(|path| Slot {
                    oid: index.get_path(Path::new(path), 0).map(|e| e.id),
                    conflicted: (1..=3).any(|stage| index.get_path(Path::new(path), stage).is_some()),
                    ..Slot::default()
                })
                .collect(),
        };
        paths
            .iter()
            .zip(slots)
            .map(|(path, slot)| {
                if slot.conflicted {
                    return Err(Error::Unclean(format!("merge conflict in {path}")));
                }
                Ok(slot.oid)
            })
            .collect()
    }

    /// Points each path's entry at its new blob with the written file's stat data (`None`
    /// removes the path's entry).
    pub fn finish(self, _repo: &Repository, entries: &[IndexEdit]) -> Result<()> {
        match self.format {
            Format::Libgit2(mut index) => {
                for (path, entry) in entries {
                    match entry {
                        Some((oid, meta)) => index.add(&git2_entry(path, *oid, meta))?,
                        None => index.remove_path(Path::new(path))?,
                    }
                }
                index.write()?;
                Ok(())
            }
            Format::Splice(layout) => {
                let mut lock = self.lock;
                let pieces = splice(&self.data, &layout, entries)?;
                let lock_file = lock.file.take().ok_or_else(|| corrupt("lost lock"))?;
                let spare = self.path.with_extension(SPARE);
                let written = write_index(&lock.path, lock_file, &spare, &pieces, self.skip_hash).and_then(|()| {
                    // The index being replaced becomes the next spare, so that its blocks are not
                    // freed (on this machine's ext4 freeing 9 MB inside `rename` cost ~6 ms).
                    let _ = fs::hard_link(&self.path, &spare);
                    fs::rename(&lock.path, &self.path)
                        .map_err(|e| Error::io(format!("renaming {}", lock.path.display()), e))
                });
                if written.is_err() {
                    // Whatever failed, the lock must not outlive this command.
                    let _ = fs::remove_file(&lock.path);
                }
                written
            }
        }
    }
}

/// Writes the new index (`pieces`, then its checksum) into `index.lock`: over the spare's
/// blocks when it can be reused (the spare then replaces the empty lock file), else into the
/// lock file itself.
fn write_index(lock: &Path, lock_file: fs::File, spare: &Path, pieces: &[Cow<[u8]>], skip_hash: bool) -> Result<()> {
    let io = |e| Error::io(format!("writing {}", lock.display()), e);
    let reused = reusable_spare(spare);
    let mut file = reused.as_ref().unwrap_or(&lock_file);
    let mut hasher = (!skip_hash).then(<sha1::Sha1 as sha1::Digest>::new);
    let mut written = 0;
    for piece in pieces {
        file.write_all(piece).map_err(io)?;
        written += piece.len();
        if let Some(hasher) = &mut hasher {
            sha1::Digest::update(hasher, piece);
        }
    }
    let checksum: [u8; HASH] = hasher.map_or([0; HASH], |h| sha1::Digest::finalize(h).into());
    file.write_all(&checksum).map_err(io)?;
    match reused {
        Some(spare_file) => {
            spare_file.set_len((written + HASH) as u64).map_err(io)?;
            drop(spare_file);
            // The spare's content replaces the empty lock file; the lock is held throughout.
            fs::rename(spare, lock).map_err(io)
        }
        None => {
            // A spare still open elsewhere is unlinked, never written over.
            let _ = fs::remove_file(spare);
            Ok(())
        }
    }
}

/// Extension of the spare index file kept beside the index (`.git/index.desk-spare`).
const SPARE: &str = "desk-spare";

/// The spare index file opened for writing over, if no process has it open.
///
/// The spare is the inode the index had before desk's last update. Writing over it reuses its
/// blocks instead of allocating new ones and freeing the old index's (a 9 MB index: 0.5 ms
/// against 9.5 ms on this machine). A reader that opened the old index before it was replaced
/// may still be reading it, so it is reused only when a write lease succeeds: Linux grants
/// one only when no other open file or mapping refers to the file, and it makes any later
/// open wait until the lease is released by closing the file.
#[cfg(target_os = "linux")]
fn reusable_spare(path: &Path) -> Option<fs::File> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::MetadataExt;
    let file = fs::OpenOptions::new().write(true).open(path).ok()?;
    // A spare linked elsewhere too (a `cp -al` copy of the repository) is another index's file.
    if file.metadata().ok()?.nlink() != 1 {
        return None;
    }
    // Safety: fcntl on a descriptor this function owns; F_SETLEASE takes no pointer.
    let leased = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLEASE, libc::F_WRLCK) } == 0;
    // The lease is only a check that no one else has the file open: held, it would make a later
    // opener's kernel send desk SIGIO (which kills). Only desk opens the spare by name, and it
    // holds index.lock while it does.
    // Safety: as above.
    unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLEASE, libc::F_UNLCK) };
    leased.then_some(file)
}

/// Without write leases a reader of the old index cannot be ruled out: always write a new file.
#[cfg(not(target_os = "linux"))]
fn reusable_spare(_path: &Path) -> Option<fs::File> {
    None
}

/// One pass over the entries recording where each starts (only each entry's flags are read) and
/// which are racily clean, then the extensions.
///
/// An entry whose mtime is not older than the index file (`written`, whole seconds) is "racily
/// clean": git cannot trust its stat data and compares contents. Once the index is rewritten
/// with a newer mtime that protection would be lost, so, like git's
/// `ce_smudge_racily_clean_entry`, such entries are written with size 0, which makes git look
/// at the file again.
fn layout(data: &[u8], written: u32) -> Result<Layout> {
    let count = be32(data, 8) as usize;
    let trailer = data.len() - HASH;
    let mut starts = Vec::with_capacity(count);
    let mut racy = Vec::new();
    let mut at = HEADER;
    for _ in 0..count {
        if at + ENTRY_FIXED > trailer {
            return Err(corrupt("entry past the end"));
        }
        starts.push(at as u32);
        if be32(data, at + 8) >= written && be32(data, at + 36) != 0 && be32(data, at + 24) != GITLINK {
            racy.push(at as u32);
        }
        let flags = u16::from_be_bytes([data[at + 60], data[at + 61]]);
        let name_at = ENTRY_FIXED + if flags & 0x4000 != 0 { 2 } else { 0 };
        let len = match (flags & 0x0fff) as usize {
            0x0fff => data[at + name_at..].iter().position(|b| *b == 0).ok_or_else(|| corrupt("unterminated path"))?,
            len => len,
        };
        at += (name_at + len + 8) & !7;
    }
    if at > trailer {
        return Err(corrupt("entry past the end"));
    }
    let entries_end = at;
    let mut extensions = Vec::new();
    while at + 8 <= trailer {
        let signature = [data[at], data[at + 1], data[at + 2], data[at + 3]];
        let end = at + 8 + be32(data, at + 4) as usize;
        if end > trailer {
            return Err(corrupt("extension past the end"));
        }
        extensions.push((signature, at, end));
        at = end;
    }
    Ok(Layout { starts, racy, entries_end, extensions })
}

/// The entry starting at `at`: `(path, stage, end offset)`.
fn entry_at(data: &[u8], at: usize) -> Result<(&[u8], u16, usize)> {
    if at + ENTRY_FIXED > data.len() {
        return Err(corrupt("entry past the end"));
    }
    let flags = u16::from_be_bytes([data[at + 60], data[at + 61]]);
    let extended = flags & 0x4000 != 0;
    let name_at = at + ENTRY_FIXED + if extended { 2 } else { 0 };
    let len = match (flags & 0x0fff) as usize {
        0x0fff => data[name_at..].iter().position(|b| *b == 0).ok_or_else(|| corrupt("unterminated path"))?,
        len => len,
    };
    let end = at + ((name_at - at + len + 8) & !7);
    if end > data.len() {
        return Err(corrupt("entry past the end"));
    }
    Ok((&data[name_at..name_at + len], (flags >> 12) & 3, end))
}

/// Paths under `prefix` whose working-tree file differs from git's index entry (modified,
/// deleted, or in a merge conflict), found the way `git status` does but without reading
/// directories: one `stat` per entry (from the working tree's root), and a hash of the file only
/// when its stat data changed or is racy. `None` when the index is in a format this code does not read (the caller falls back
/// to libgit2). Changes staged but not committed and new untracked files are not reported.
pub fn changed_in_worktree(repo: &Repository, prefix: &str) -> Result<Option<Vec<String>>> {
    use std::os::unix::fs::MetadataExt;
    let Some(root) = repo.workdir() else { return Ok(Some(Vec::new())) };
    let path = repo.path().join("index");
    let io = |e| Error::io(format!("reading {}", path.display()), e);
    let file = match fs::File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Some(Vec::new())),
        Err(e) => return Err(io(e)),
    };
    let written = file.metadata().map_err(io)?;
    if written.len() == 0 {
        return Ok(Some(Vec::new()));
    }
    // Safety: git replaces the index by rename, never in place, so the mapping stays valid.
    let data = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
    if data.len() < HEADER + HASH || &data[..4] != b"DIRC" || !matches!(be32(&data, 4), 2 | 3) {
        return Ok(None);
    }
    let (written_s, written_ns) = (written.mtime() as u32, written.mtime_nsec() as u32);
    let layout = layout(&data, written_s)?;
    let mut files = super::worktree::WorktreeFiles::new(root.to_path_buf());
    let mut out = Vec::new();
    for &at in &layout.starts {
        let at = at as usize;
        let (name, stage, _) = entry_at(&data, at)?;
        let Ok(name) = std::str::from_utf8(name) else { continue };
        if !name.starts_with(prefix) {
            continue;
        }
        if stage != 0 {
            out.push(name.to_string());
            continue;
        }
        let Some(meta) = files.stat(name) else {
            out.push(name.to_string());
            continue;
        };
        let (mtime_s, mtime_ns) = (be32(&data, at + 8), be32(&data, at + 12));
        let same = mtime_s == meta.st_mtime as u32
            && mtime_ns == meta.st_mtime_nsec as u32
            && be32(&data, at + 36) == meta.st_size as u32
            && be32(&data, at + 20) == meta.st_ino as u32;
        let racy = (mtime_s, mtime_ns) >= (written_s, written_ns);
        if same && !racy {
            continue;
        }
        let unchanged = files.read_blob(name, &data[at + 40..at + 40 + HASH]).is_some();
        if !unchanged {
            out.push(name.to_string());
        }
    }
    Ok(Some(out))
}

/// Finds where each path's entry is (or belongs) by binary search over the entry starts.
fn locate(data: &[u8], layout: &Layout, paths: &[&str]) -> Result<Vec<Slot>> {
    let starts = &layout.starts;
    let name = |i: usize| entry_at(data, starts[i] as usize);
    paths
        .iter()
        .map(|path| {
            let path = path.as_bytes();
            // First entry whose name is not less than `path` (stages of one path are adjacent).
            let (mut lo, mut hi) = (0, starts.len());
            while lo < hi {
                let mid = (lo + hi) / 2;
                if name(mid)?.0 < path {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            let at = starts.get(lo).map_or(layout.entries_end, |s| *s as usize);
            let mut slot = Slot { at, ..Slot::default() };
            let mut i = lo;
            while i < starts.len() {
                let (entry_name, stage, end) = name(i)?;
                if entry_name != path {
                    break;
                }
                let start = starts[i] as usize;
                if stage == 0 {
                    slot.existing = Some((start, end));
                    slot.oid = Oid::from_bytes(&data[start + 40..start + 60]).ok();
                } else {
                    slot.conflicted = true;
                }
                i += 1;
            }
            Ok(slot)
        })
        .collect()
}

/// The new index content with `entries` written in, as pieces: unchanged runs borrowed from the
/// old index, new entries and headers owned (the checksum is the caller's).
fn splice<'a>(data: &'a [u8], layout: &Layout, entries: &[IndexEdit]) -> Result<Vec<Cow<'a, [u8]>>> {
    let paths: Vec<&str> = entries.iter().map(|(path, _)| *path).collect();
    let slots = locate(data, layout, &paths)?;
    let (entries_end, extensions) = (layout.entries_end, &layout.extensions);
    let (version, count) = if data.is_empty() { (2, 0) } else { (be32(data, 4), be32(data, 8)) };
    let mut edits: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    let mut count = count as i64;
    for ((path, entry), slot) in entries.iter().zip(&slots) {
        if slot.conflicted {
            return Err(Error::Unclean(format!("merge conflict in {path}")));
        }
        let bytes = entry.as_ref().map_or_else(Vec::new, |(oid, meta)| encode_entry(path, *oid, meta));
        match slot.existing {
            Some((start, end)) => {
                if bytes.is_empty() {
                    count -= 1;
                }
                edits.push((start, end, bytes));
            }
            None if bytes.is_empty() => {}
            None => {
                edits.push((slot.at, slot.at, bytes));
                count += 1;
            }
        }
    }
    // Several new paths may belong at the same offset: keep them in path order, before the
    // existing entry that starts there.
    let name = |edit: &(usize, usize, Vec<u8>)| edit.2.get(ENTRY_FIXED..).unwrap_or_default().to_vec();
    edits.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| name(a).cmp(&name(b))));
    let mut out: Vec<Cow<[u8]>> = Vec::with_capacity(2 * edits.len() + 6);
    let mut header = b"DIRC".to_vec();
    header.extend_from_slice(&version.to_be_bytes());
    header.extend_from_slice(&(count as u32).to_be_bytes());
    out.push(Cow::Owned(header));
    let mut at = HEADER;
    let mut racy = layout.racy.iter().map(|r| *r as usize).peekable();
    // Borrows the old entries in `from..to`, with the racily clean ones smudged (size 0).
    let mut copy = |out: &mut Vec<Cow<'a, [u8]>>, mut from: usize, to: usize| {
        while let Some(entry) = racy.next_if(|r| *r < to) {
            if entry < from {
                continue;
            }
            let size_at = entry + 36;
            out.push(Cow::Borrowed(&data[from..size_at]));
            out.push(Cow::Owned(vec![0; 4]));
            from = size_at + 4;
        }
        out.push(Cow::Borrowed(&data[from..to]));
    };
    for (start, end, bytes) in edits {
        if !data.is_empty() {
            copy(&mut out, at, start);
        }
        out.push(Cow::Owned(bytes));
        at = end.max(at);
    }
    if !data.is_empty() {
        copy(&mut out, at, entries_end);
    }
    for &(signature, start, end) in extensions {
        match &signature {
            b"TREE" => {
                let rewritten = invalidate_tree(&data[start + 8..end], &paths)?;
                let mut tree = b"TREE".to_vec();
                tree.extend_from_slice(&(rewritten.len() as u32).to_be_bytes());
                tree.extend_from_slice(&rewritten);
                out.push(Cow::Owned(tree));
            }
            b"REUC" => out.push(Cow::Borrowed(&data[start..end])),
            // Caches keyed by entry position or by directory contents: safe to drop.
            _ => {}
        }
    }
    Ok(out)
}

fn encode_entry(path: &str, oid: Oid, meta: &fs::Metadata) -> Vec<u8> {
    use std::os::unix::fs::MetadataExt;
    let fields = [
        meta.ctime() as u32,
        meta.ctime_nsec() as u32,
        meta.mtime() as u32,
        meta.mtime_nsec() as u32,
        meta.dev() as u32,
        meta.ino() as u32,
        0o100644,
        meta.uid(),
        meta.gid(),
        meta.size() as u32,
    ];
    let len = (ENTRY_FIXED + path.len() + 8) & !7;
    let mut out = Vec::with_capacity(len);
    for field in fields {
        out.extend_from_slice(&field.to_be_bytes());
    }
    out.extend_from_slice(oid.as_bytes());
    out.extend_from_slice(&(path.len().min(0x0fff) as u16).to_be_bytes());
    out.extend_from_slice(path.as_bytes());
    out.resize(len, 0);
    out
}

/// Rewrites the cached-tree extension with every directory on `paths` marked invalid.
fn invalidate_tree(body: &[u8], paths: &[&str]) -> Result<Vec<u8>> {
    let mut dirs: Vec<&str> = vec![""];
    for path in paths {
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            end += slash;
            dirs.push(&path[..end]);
            end += 1;
        }
    }
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    while at < body.len() {
        tree_node(body, &mut at, "", &dirs, &mut out)?;
    }
    Ok(out)
}

fn tree_node(body: &[u8], at: &mut usize, parent: &str, dirs: &[&str], out: &mut Vec<u8>) -> Result<()> {
    let bad = || corrupt("cached tree");
    let name_end = body[*at..].iter().position(|b| *b == 0).ok_or_else(bad)? + *at;
    let name = std::str::from_utf8(&body[*at..name_end]).map_err(|_| bad())?;
    let space = body[name_end..].iter().position(|b| *b == b' ').ok_or_else(bad)? + name_end;
    let newline = body[space..].iter().position(|b| *b == b'\n').ok_or_else(bad)? + space;
    let entries: i64 =
        std::str::from_utf8(&body[name_end + 1..space]).ok().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    let subtrees: usize =
        std::str::from_utf8(&body[space + 1..newline]).ok().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    let path = if parent.is_empty() { name.to_string() } else { format!("{parent}/{name}") };
    let mut next = newline + 1;
    if entries >= 0 {
        next += HASH;
    }
    if next > body.len() {
        return Err(bad());
    }
    if dirs.contains(&path.as_str()) {
        out.extend_from_slice(&body[*at..name_end + 1]);
        out.extend_from_slice(format!("-1 {subtrees}\n").as_bytes());
    } else {
        out.extend_from_slice(&body[*at..next]);
    }
    *at = next;
    for _ in 0..subtrees {
        tree_node(body, at, &path, dirs, out)?;
    }
    Ok(())
}

fn git2_entry(path: &str, id: Oid, meta: &fs::Metadata) -> IndexEntry {
    use std::os::unix::fs::MetadataExt;
    let time = |secs: i64, nanos: i64| IndexTime::new(secs as i32, nanos as u32);
    IndexEntry {
        ctime: time(meta.ctime(), meta.ctime_nsec()),
        mtime: time(meta.mtime(), meta.mtime_nsec()),
        dev: meta.dev() as u32,
        ino: meta.ino() as u32,
        mode: 0o100644,
        uid: meta.uid(),
        gid: meta.gid(),
        file_size: meta.size() as u32,
        id,
        flags: path.len().min(0xfff) as u16,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
