//! desk: a helpdesk that lives in a git repository.
//!
//! The library holds the domain (ticket model, workflow, configuration) and the git store; the
//! `desk` binary is a thin command-line layer on top.

pub mod automation;
pub mod clock;
pub mod config;
pub mod email;
pub mod error;
pub mod id;
pub mod index;
pub mod store;
pub mod template;
pub mod ticket;

pub use error::{Error, Result};
pub mod merge;
pub mod ops;
pub mod portal;
pub mod query;
pub mod report;
pub mod sla;
pub mod worklog;
