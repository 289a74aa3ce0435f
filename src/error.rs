//! The library's error type: what went wrong, in words a support agent can act on.

use std::path::PathBuf;

/// Everything a desk operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The directory is not inside a git repository with a desk configuration.
    #[error("{0} is not a desk repository (no .desk/ directory found)")]
    NotARepository(PathBuf),
    /// Bad input from the user; the message lists valid choices.
    #[error("{message}")]
    Invalid {
        /// What is wrong.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
    /// No ticket matches an ID prefix.
    #[error("no ticket matches `{0}`")]
    NoSuchTicket(String),
    /// Several tickets match an ID prefix.
    #[error("`{prefix}` is ambiguous: it matches {}", candidates.join(", "))]
    AmbiguousTicket {
        /// What the user typed.
        prefix: String,
        /// Matching full IDs.
        candidates: Vec<String>,
    },
    /// A ticket file could not be read as a ticket.
    #[error("{path}:{line}: {message}")]
    Syntax {
        /// Repository-relative path.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A configuration file is broken.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The file has changes that are not committed; desk will not overwrite them.
    #[error("{path} has uncommitted changes")]
    Dirty {
        /// Repository-relative path.
        path: String,
        /// Whether the changes are staged (in git's index) rather than in the working tree.
        staged: bool,
    },
    /// Another process holds a lock.
    #[error("{0} is locked by another process")]
    Busy(PathBuf),
    /// The repository is in the middle of a merge, rebase or similar.
    #[error("the repository is in the middle of a {0}")]
    Unclean(String),
    /// The branch moved while desk was committing.
    #[error("{0} moved while desk was committing")]
    Raced(String),
    /// An error from git.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    /// An I/O error.
    #[error("{context}: {source}")]
    Io {
        /// What desk was doing.
        context: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl Error {
    /// Bad input with a message only.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::Invalid { message: message.into(), hint: None }
    }

    /// Bad input with a hint saying what to do.
    pub fn invalid_with(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Invalid { message: message.into(), hint: Some(hint.into()) }
    }

    /// An I/O error with what desk was doing.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io { context: context.into(), source }
    }

    /// What the user can do about it, if desk knows.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NotARepository(_) => Some("run `desk init` to create one, or pass -C DIR".into()),
            Error::Invalid { hint, .. } => hint.clone(),
            Error::NoSuchTicket(_) => Some("`desk list --all` shows every ticket".into()),
            Error::AmbiguousTicket { .. } => Some("type more characters of the ID".into()),
            Error::Syntax { .. } => Some("fix the file by hand (`desk check` lists every problem)".into()),
            Error::Dirty { path, staged: false } => {
                Some(format!("commit them (`git commit {path}`) or discard them (`git restore {path}`) first"))
            }
            Error::Dirty { path, staged: true } => {
                Some(format!("commit them or unstage them (`git restore --staged {path}`) first"))
            }
            Error::Busy(path) => Some(format!(
                "wait for the other desk or git command to finish, then try again; if none is running, remove {}",
                path.display()
            )),
            Error::Unclean(_) => Some("finish or abort it first (see `git status`)".into()),
            Error::Raced(_) => Some("run the command again".into()),
            _ => None,
        }
    }
}

/// Shorthand for results with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
