//! Reading many working-tree files fast: by name relative to their directory, kept open
//! (opening a file by its full path walks every directory on the way, which cost more than
//! reading the file when a rebuild reads 100k tickets), in as few system calls as Linux allows.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::PathBuf;

/// Working-tree files by repository-relative path. Paths asked for in sorted order keep one
/// directory open at a time.
pub struct WorktreeFiles {
    root: PathBuf,
    /// The working tree's root, opened on first use (for `stat`).
    root_dir: Option<Option<std::fs::File>>,
    dir: Option<(String, Option<std::fs::File>)>,
    /// Reused for every file read.
    buffer: Vec<u8>,
}

impl WorktreeFiles {
    /// Files under the working tree at `root`.
    pub fn new(root: PathBuf) -> WorktreeFiles {
        WorktreeFiles { root, root_dir: None, dir: None, buffer: Vec::with_capacity(64 * 1024) }
    }

    /// The open directory of `path` and the file's name in it.
    fn locate(&mut self, path: &str) -> Option<(&std::fs::File, std::ffi::CString)> {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        if self.dir.as_ref().is_none_or(|(open, _)| open != dir) {
            self.dir = Some((dir.to_string(), std::fs::File::open(self.root.join(dir)).ok()));
        }
        let name = std::ffi::CString::new(name).ok()?;
        Some((self.dir.as_ref()?.1.as_ref()?, name))
    }

    /// The status of `path` (not following a symbolic link), `None` if it does not exist.
    ///
    /// Looked up from the working tree's root rather than from the file's own directory: a
    /// small repository has about one ticket per shard directory, and opening each directory
    /// would cost more than the walk it saves.
    pub fn stat(&mut self, path: &str) -> Option<libc::stat> {
        let root = &self.root;
        let dir = self.root_dir.get_or_insert_with(|| std::fs::File::open(root).ok()).as_ref()?;
        let name = std::ffi::CString::new(path).ok()?;
        let mut stat = std::mem::MaybeUninit::<libc::stat>::uninit();
        // Safety: `dir` is an open directory, `name` NUL-terminated, and `stat` is written in
        // full when the call succeeds.
        let done =
            unsafe { libc::fstatat(dir.as_raw_fd(), name.as_ptr(), stat.as_mut_ptr(), libc::AT_SYMLINK_NOFOLLOW) };
        (done == 0).then(|| unsafe { stat.assume_init() })
    }

    /// The bytes of `path` if its git blob id is `blob`; `None` if it differs or cannot be read.
    ///
    /// Three system calls a file (open, read, close): a read that does not fill the buffer is
    /// first taken as the end of the file, without the size query and the extra empty read
    /// that `read_to_end` makes. Only when the bytes then differ from the blob is the file read
    /// again to its end, for file systems that return short reads before the end.
    pub fn read_blob(&mut self, path: &str, blob: &[u8]) -> Option<&[u8]> {
        let matches = |bytes: &[u8]| crate::id::blob_id(bytes).as_bytes() == blob;
        if !self.read(path, false).is_some_and(matches) && !self.read(path, true).is_some_and(matches) {
            return None;
        }
        Some(&self.buffer)
    }

    /// Reads `path` into the buffer: to the end (`whole`), or until a read returns less than
    /// it asked for.
    fn read(&mut self, path: &str, whole: bool) -> Option<&[u8]> {
        let (dir, name) = self.locate(path)?;
        let fd = loop {
            // Safety: `dir` is an open directory and `name` a NUL-terminated name; the
            // descriptor returned, when valid, is owned (and closed) by the `OwnedFd` below.
            let fd = unsafe { libc::openat(dir.as_raw_fd(), name.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
            if fd >= 0 {
                break fd;
            }
            if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                return None;
            }
        };
        let file = unsafe { OwnedFd::from_raw_fd(fd) };
        self.buffer.clear();
        loop {
            if self.buffer.spare_capacity_mut().is_empty() {
                self.buffer.reserve(self.buffer.len().max(4096));
            }
            let spare = self.buffer.spare_capacity_mut();
            // Safety: reads at most `spare.len()` bytes into the vector's unused capacity.
            let n = unsafe { libc::read(file.as_raw_fd(), spare.as_mut_ptr().cast(), spare.len()) };
            if n < 0 {
                if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return None;
            }
            let (n, asked) = (n as usize, spare.len());
            // Safety: the kernel initialised the `n` bytes just read.
            unsafe { self.buffer.set_len(self.buffer.len() + n) };
            if n == 0 || (n < asked && !whole) {
                return Some(&self.buffer);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_stats_by_relative_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tickets/AB")).unwrap();
        let big = "x".repeat(200_000);
        std::fs::write(dir.path().join("tickets/AB/one.md"), "hello").unwrap();
        std::fs::write(dir.path().join("tickets/AB/big.md"), &big).unwrap();
        std::fs::write(dir.path().join("top.md"), "top").unwrap();
        let mut files = WorktreeFiles::new(dir.path().to_path_buf());
        let blob = |text: &str| crate::id::blob_id(text.as_bytes()).as_bytes().to_vec();
        assert_eq!(files.read_blob("tickets/AB/one.md", &blob("hello")), Some(&b"hello"[..]));
        assert_eq!(files.read_blob("tickets/AB/big.md", &blob(&big)), Some(big.as_bytes()));
        assert_eq!(files.read_blob("top.md", &blob("top")), Some(&b"top"[..]));
        assert_eq!(files.read_blob("top.md", &blob("other")), None);
        assert_eq!(files.read_blob("tickets/AB/none.md", &blob("")), None);
        assert_eq!(files.read_blob("tickets/CD/none.md", &blob("")), None);
        assert_eq!(files.read("tickets/AB/big.md", true).map(<[u8]>::len), Some(200_000));
        assert_eq!(files.stat("tickets/AB/big.md").map(|s| s.st_size), Some(200_000));
        assert!(files.stat("tickets/AB/none.md").is_none());
    }
}
