//! Keeping git's index consistent with the commits desk makes.
//!
//! After desk commits a file, the index entry for that path must hold the new blob and the
//! file's stat data, or `git status` would show the commit as undone. Only that one entry is
//! changed: whatever else the user has staged stays staged.

use std::fs;

use git2::{IndexEntry, IndexTime, Oid, Repository};

use crate::error::{Error, Result};

/// An index update in progress: the state read at the start, changed at the end.
pub struct IndexUpdate {
    index: git2::Index,
}

impl IndexUpdate {
    /// Reads the index.
    pub fn begin(repo: &Repository) -> Result<IndexUpdate> {
        Ok(IndexUpdate { index: repo.index()? })
    }

    /// The staged blob of each path (`None` when not in the index). A path with a merge
    /// conflict is an error.
    pub fn staged(&mut self, paths: &[&str]) -> Result<Vec<Option<Oid>>> {
        paths
            .iter()
            .map(|path| {
                if (1..=3).any(|stage| self.index.get_path(std::path::Path::new(path), stage).is_some()) {
                    return Err(Error::Unclean(format!("merge conflict in {path}")));
                }
                Ok(self.index.get_path(std::path::Path::new(path), 0).map(|e| e.id))
            })
            .collect()
    }

    /// Points each path's entry at its new blob with the written file's stat data.
    pub fn finish(mut self, _repo: &Repository, entries: &[(&str, Oid, fs::Metadata)]) -> Result<()> {
        for (path, oid, meta) in entries {
            self.index.add(&entry(path, *oid, meta))?;
        }
        self.index.write()?;
        Ok(())
    }
}

fn entry(path: &str, id: Oid, meta: &fs::Metadata) -> IndexEntry {
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
