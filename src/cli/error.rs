//! The CLI's one error type: a message, hints, and the exit code its kind implies.

use std::process::ExitCode;

/// How a command failed, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Something the user can fix (bad input, broken file): exit 1.
    User,
    /// The output pipe closed (e.g. `desk list | head`): exit 0 quietly.
    BrokenPipe,
    /// A check found problems; they were already printed: exit 1 without a message.
    Reported,
    /// A temporary failure the caller should retry (an MTA queues the mail): exit 75,
    /// `EX_TEMPFAIL` of sysexits.h. Already reported.
    TryAgain,
}

/// An error ready to be shown.
#[derive(Debug)]
pub struct CommandError {
    /// Kind (exit code).
    pub kind: Kind,
    /// The message.
    pub message: String,
    /// What to do about it.
    pub hints: Vec<String>,
}

impl CommandError {
    /// A user error.
    pub fn user(message: impl Into<String>) -> Self {
        Self { kind: Kind::User, message: message.into(), hints: Vec::new() }
    }

    /// Adds a hint.
    pub fn hinted(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Problems were reported already; exit 1.
    pub fn reported() -> Self {
        Self { kind: Kind::Reported, message: String::new(), hints: Vec::new() }
    }

    /// Reported already; the caller should try again later (exit 75).
    pub fn try_again() -> Self {
        Self { kind: Kind::TryAgain, message: String::new(), hints: Vec::new() }
    }

    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        match self.kind {
            Kind::BrokenPipe => ExitCode::SUCCESS,
            Kind::User | Kind::Reported => ExitCode::from(1),
            Kind::TryAgain => ExitCode::from(75),
        }
    }
}

impl From<desk::Error> for CommandError {
    fn from(err: desk::Error) -> Self {
        let hint = err.hint();
        let mut out = CommandError::user(err.to_string());
        out.hints.extend(hint);
        out
    }
}

impl From<std::io::Error> for CommandError {
    fn from(err: std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            return Self { kind: Kind::BrokenPipe, message: String::new(), hints: Vec::new() };
        }
        CommandError::user(err.to_string())
    }
}

impl From<serde_json::Error> for CommandError {
    fn from(err: serde_json::Error) -> Self {
        if err.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe) {
            return Self { kind: Kind::BrokenPipe, message: String::new(), hints: Vec::new() };
        }
        CommandError::user(err.to_string())
    }
}

/// Result of a command.
pub type CommandResult = Result<(), CommandError>;
