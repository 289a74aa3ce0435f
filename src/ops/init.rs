//! `desk init`: a ticket repository from the built-in template.

use std::path::{Path, PathBuf};

use git2::Repository;
use serde::Serialize;

use crate::config::{Agent, add_agent_text, files};
use crate::error::{Error, Result};
use crate::store::{CommitRequest, FileChange, Store};

/// What `desk init` did.
#[derive(Debug, Clone, Serialize)]
pub struct Initialized {
    /// The repository's working tree.
    pub path: PathBuf,
    /// Whether a new git repository was created (rather than desk added to an existing one).
    pub new_repository: bool,
    /// The agent created from `git config user.name/email`, if any.
    pub agent: Option<String>,
    /// The commit made.
    pub commit: String,
}

/// Creates (or adopts) a git repository at `dir` and commits the template into it. When
/// `git config user.email` is set, that person becomes the first agent.
pub fn init(dir: &Path, clock: &crate::clock::Clock) -> Result<Initialized> {
    // Inside a desk repository, a second one would be a nested repository its commands never
    // see (they find the outer `.desk/`): most likely `desk init` run again by mistake.
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let enclosing = absolute.ancestors().find(|d| d.exists()).and_then(|d| Repository::discover(d).ok());
    if let Some(root) = enclosing.as_ref().and_then(|r| r.workdir().map(Path::to_path_buf))
        && root.join(crate::config::CONFIG_DIR).is_dir()
    {
        let same = |a: &Path, b: &Path| a.canonicalize().ok().is_some_and(|a| b.canonicalize().ok() == Some(a));
        return Err(if dir.exists() && same(dir, &root) {
            Error::invalid_with(
                format!("{} is already a desk repository", root.display()),
                "use `desk check` to validate it",
            )
        } else {
            Error::invalid_with(
                format!("{} is inside the desk repository {}", dir.display(), root.display()),
                "choose a directory outside it for a second desk repository",
            )
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let (repo, new_repository) = match Repository::open(dir) {
        Ok(repo) => (repo, false),
        Err(_) => (Repository::init(dir)?, true),
    };
    let store = Store::from_repo(repo);
    let result = write_template(&store, clock);
    if result.is_err() && new_repository {
        // Leave the directory as it was: no half-made repository.
        let _ = std::fs::remove_dir_all(store.git().path());
    }
    let (agent, commit) = result?;
    // The (empty) search index, so the first query has nothing to announce; a failure here
    // only means the first query builds it.
    if let Ok(config) = crate::config::Config::load(|path| store.read_text(path).ok().flatten()) {
        let _ = crate::index::TicketIndex::open(&store, &crate::index::Settings::read(&store, &config), None);
    }
    register_merge_driver(&store)?;
    super::automate::install_hook(store.git())?;
    Ok(Initialized { path: store.root().to_path_buf(), new_repository, agent, commit })
}

/// Commits the template into `store`; returns the agent made from the git identity and the commit.
fn write_template(store: &Store, clock: &crate::clock::Clock) -> Result<(Option<String>, String)> {
    if !store.has_workdir() {
        return Err(Error::invalid("desk init needs a repository with a working tree (not a bare one)"));
    }
    if store.root().join(crate::config::CONFIG_DIR).exists() {
        return Err(Error::invalid_with(
            format!("{} is already a desk repository", store.root().display()),
            "use `desk check` to validate it",
        ));
    }
    let (git_name, git_email) = store.git_identity();
    let agent = git_email.as_deref().map(|email| agent_name_from(email, git_name.as_deref()));
    let mut changes = Vec::new();
    for (path, text) in crate::template::FILES {
        let mut content = text.to_string();
        if let (true, Some((name, agent))) = (*path == files::AGENTS, &agent) {
            content = add_agent_text(&content, name, agent).map_err(Error::invalid)?;
        }
        // An existing repository keeps its own files: the README stays, .gitattributes gains
        // desk's lines.
        let existing = store.head_file(path)?;
        if existing.is_none() && store.exists(path)? {
            return Err(Error::invalid_with(
                format!("{path} exists but is not committed"),
                "commit or move it, then run `desk init` again",
            ));
        }
        let base = match existing {
            None => None,
            Some((_, _)) if *path == "README.md" => continue,
            Some((oid, bytes)) => {
                let mut merged = String::from_utf8_lossy(&bytes).into_owned();
                let missing: Vec<&str> = content.lines().filter(|l| !merged.lines().any(|m| m == *l)).collect();
                if missing.is_empty() {
                    continue;
                }
                if !merged.is_empty() && !merged.ends_with('\n') {
                    merged.push('\n');
                }
                for line in missing {
                    merged.push_str(line);
                    merged.push('\n');
                }
                content = merged;
                Some(oid)
            }
        };
        changes.push(FileChange { path: path.to_string(), content: Some(content.into_bytes()), base });
    }
    let lock = store.lock()?;
    let (name, email) = match (&git_name, &git_email) {
        (Some(name), Some(email)) => (name.clone(), email.clone()),
        (None, Some(email)) => (email.clone(), email.clone()),
        _ => ("desk".to_string(), "desk@localhost".to_string()),
    };
    let message = "desk init: ticket repository from the built-in template\n\nDesk-Action: init\n".to_string();
    let commit = store.commit(&lock, CommitRequest { changes, message, name, email, time: clock.now() })?;
    Ok((agent.map(|(name, _)| name), commit.to_string()))
}

/// Points git's `merge.desk` driver at this desk binary, for the repository (not committed).
pub fn register_merge_driver(store: &Store) -> Result<()> {
    let mut config = store.git().config()?.open_level(git2::ConfigLevel::Local)?;
    for (key, value) in merge_driver_config()? {
        config.set_str(key, &value)?;
    }
    Ok(())
}

/// The git configuration that names this desk executable as the `desk` merge driver.
pub fn merge_driver_config() -> Result<[(&'static str, String); 2]> {
    let exe = std::env::current_exe().map_err(|e| Error::io("finding the desk executable", e))?;
    Ok([
        ("merge.desk.name", "desk ticket merge".to_string()),
        ("merge.desk.driver", format!("'{}' merge-driver %O %A %B %P", exe.display())),
    ])
}

/// An agent name from an email's local part (`Jane.Doe+x@corp` → `jane.doe`).
fn agent_name_from(email: &str, display: Option<&str>) -> (String, Agent) {
    let local = email.split('@').next().unwrap_or(email).split('+').next().unwrap_or(email);
    let mut name: String = local
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) || super::agents::RESERVED.contains(&name.as_str()) {
        name = format!("agent-{name}");
    }
    let agent = Agent { name: display.map(str::to_string), email: email.to_string(), teams: vec!["support".into()] };
    (name, agent)
}
