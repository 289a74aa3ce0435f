//! A hermetic environment per test: a temporary HOME, no global git config, a clock that
//! advances one minute per command and a seed per command, so output is reproducible.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use chrono::{DateTime, Duration, Utc};

pub struct TestEnv {
    pub tmp: tempfile::TempDir,
    pub repo: PathBuf,
    step: Cell<i64>,
    automation: Cell<bool>,
}

pub const START: &str = "2026-11-23T09:00:00Z";
/// Debian's git, when installed beside a newer one.
const OLD_GIT: &str = "/usr/bin/git";

impl TestEnv {
    /// An empty environment (no repository yet).
    pub fn empty() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("support");
        std::fs::create_dir_all(tmp.path().join("home")).unwrap();
        TestEnv { tmp, repo, step: Cell::new(0), automation: Cell::new(true) }
    }

    /// A repository made by `desk init` with agents alice and bob; commands act as alice.
    pub fn new() -> Self {
        let env = Self::empty();
        env.desk_in(env.tmp.path(), &["init", "support"]).success();
        env.desk(&[
            "agent",
            "add",
            "alice",
            "--email",
            "alice@example.com",
            "--team",
            "support",
            "--name",
            "Alice Martin",
        ])
        .success();
        env.desk(&["agent", "add", "bob", "--email", "bob@example.com", "--team", "support"]).success();
        env
    }

    /// Keeps the automation rules from running after commands (`DESK_AUTOMATION=off`), for
    /// tests that set statuses explicitly.
    pub fn without_automation(self) -> Self {
        self.automation.set(false);
        self
    }

    /// Moves the clock forward (commands still add their minute each).
    pub fn advance(&self, by: Duration) {
        self.step.set(self.step.get() + by.num_minutes());
    }

    pub fn now(&self) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(START).unwrap().with_timezone(&Utc) + Duration::minutes(self.step.get())
    }

    /// The binary with a cleared environment, run in `dir`.
    pub fn command_in(&self, dir: &Path) -> Command {
        Command::from_std(self.std_command_in(dir))
    }

    /// Like [`TestEnv::command_in`], as a plain `std::process::Command` (for spawning).
    pub fn std_command_in(&self, dir: &Path) -> std::process::Command {
        self.program_in(assert_cmd::cargo::cargo_bin!("desk"), dir)
    }

    /// Any program with desk's hermetic environment (e.g. `script` to give desk a terminal).
    pub fn program_in(&self, program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> std::process::Command {
        self.step.set(self.step.get() + 1);
        let mut cmd = std::process::Command::new(program);
        cmd.env_clear()
            .current_dir(dir)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.tmp.path().join("home"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("DESK_NOW", desk::clock::format_time(&self.now()))
            .env("DESK_SEED", self.step.get().to_string())
            .env("DESK_AGENT", "alice")
            .env("COLUMNS", "120");
        if !self.automation.get() {
            cmd.env("DESK_AUTOMATION", "off");
        }
        cmd
    }

    /// `shell` (a `sh -c` command line) run by util-linux `script` in the repository, so that
    /// desk has a terminal; `desk` in it is the binary under test. Stdin is empty.
    pub fn in_terminal(&self, shell: &str) -> std::process::Command {
        let desk = assert_cmd::cargo::cargo_bin!("desk");
        let shell = shell.replace("desk ", &format!("{} ", desk.display()));
        let mut cmd = self.program_in("script", &self.repo);
        cmd.args(["-qec", &shell, "/dev/null"]).stdin(std::process::Stdio::null());
        cmd
    }

    pub fn desk_in(&self, dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
        self.command_in(dir).args(args).assert()
    }

    pub fn desk(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.desk_in(&self.repo, args)
    }

    /// Runs desk and returns stdout, asserting success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.desk(args).success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    /// Runs desk expecting failure; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.desk(args).failure();
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    }

    /// Runs desk with --json and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Runs desk in `dir` with --json and parses stdout.
    pub fn json_in(&self, dir: &Path, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.desk_in(dir, &all).success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    }

    /// Creates a ticket and returns its full ID.
    pub fn new_ticket(&self, title: &str, extra: &[&str]) -> String {
        let mut args = vec!["new", title, "-m", "Description."];
        args.extend_from_slice(extra);
        self.json(&args)["id"].as_str().unwrap().to_string()
    }

    /// Appends `text` to a file of the repository and commits it with plain git.
    pub fn append_and_commit(&self, path: &str, text: &str, message: &str) {
        let mut content = self.read(path);
        content.push_str(text);
        std::fs::write(self.repo.join(path), content).unwrap();
        self.git(&["commit", "-qam", message]);
    }

    /// Runs git in the repository (hermetic config) and returns stdout, asserting success.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_output(&self.repo, args);
        assert!(out.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn git_output(&self, dir: &Path, args: &[&str]) -> Output {
        std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("HOME", self.tmp.path().join("home"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Hand Editor")
            .env("GIT_AUTHOR_EMAIL", "hand@example.com")
            .env("GIT_COMMITTER_NAME", "Hand Editor")
            .env("GIT_COMMITTER_EMAIL", "hand@example.com")
            .output()
            .unwrap()
    }

    /// A bare repository beside this one, added as `origin` with the current branch pushed to it
    /// (upstream set); returns its path and the branch.
    pub fn bare_remote(&self) -> (PathBuf, String) {
        let remote = self.tmp.path().join("remote.git");
        self.git(&["init", "-q", "--bare", remote.to_str().unwrap()]);
        self.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
        let branch = self.git(&["symbolic-ref", "--short", "HEAD"]).trim().to_string();
        self.git(&["push", "-q", "-u", "origin", &branch]);
        (remote, branch)
    }

    /// Breaks the YAML of the ticket file at `path` (an unclosed list on its `priority:` line).
    pub fn break_yaml(&self, path: &str) {
        let text = self.read(path).replace("priority: normal", "priority: [unclosed");
        std::fs::write(self.repo.join(path), text).unwrap();
    }

    /// Asserts the repository is consistent: clean status, fsck clean, index matches HEAD.
    pub fn assert_clean(&self) {
        // An older git (Debian's, before 2.40) verifies the index checksum in fsck: check with
        // it first, before a newer git rewrites the index.
        if Path::new(OLD_GIT).exists() {
            let old = std::process::Command::new(OLD_GIT)
                .args(["fsck", "--no-dangling"])
                .current_dir(&self.repo)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .output()
                .unwrap();
            assert!(old.status.success(), "{OLD_GIT} fsck: {}", String::from_utf8_lossy(&old.stderr));
        }
        assert_eq!(self.git(&["status", "--porcelain"]), "", "git status is not clean");
        assert_eq!(self.git(&["diff", "--cached", "--name-only"]), "");
        let fsck = self.git_output(&self.repo, &["fsck", "--strict", "--no-dangling"]);
        assert!(fsck.status.success(), "git fsck: {}", String::from_utf8_lossy(&fsck.stderr));
        assert_eq!(self.git(&["write-tree"]).trim(), self.git(&["rev-parse", "HEAD^{tree}"]).trim());
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.repo.join(path)).unwrap()
    }

    pub fn path_of(&self, id: &str) -> String {
        format!("tickets/{}/{id}.md", &id[..2])
    }
}

/// A real SMTP server on loopback (Python's aiosmtpd, installed by .ci/run), writing what it
/// receives into a Maildir.
pub struct SmtpServer {
    child: std::process::Child,
    pub port: u16,
    maildir: PathBuf,
}

impl SmtpServer {
    pub fn start(dir: &Path) -> SmtpServer {
        Self::with_handler(dir, "aiosmtpd.handlers.Mailbox")
    }

    /// A server that answers `550` (a permanent refusal) for recipients starting with `reject@`,
    /// and `451` (try later) for those starting with `later@`.
    pub fn rejecting(dir: &Path) -> SmtpServer {
        let handler = "from aiosmtpd.handlers import Mailbox\n\
            class Rejecting(Mailbox):\n\
            \x20   async def handle_RCPT(self, server, session, envelope, address, options):\n\
            \x20       if address.startswith('reject@'):\n\
            \x20           return '550 5.1.1 no such user'\n\
            \x20       if address.startswith('later@'):\n\
            \x20           return '451 4.7.1 try again later'\n\
            \x20       envelope.rcpt_tos.append(address)\n\
            \x20       return '250 OK'\n";
        std::fs::write(dir.join("rejecting_smtp.py"), handler).unwrap();
        Self::with_handler(dir, "rejecting_smtp.Rejecting")
    }

    fn with_handler(dir: &Path, handler: &str) -> SmtpServer {
        let port = free_port();
        let maildir = dir.join("received");
        let child = std::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", handler])
            .env("PYTHONPATH", dir)
            .arg(&maildir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd)");
        let server = SmtpServer { child, port, maildir };
        assert!(listening(port), "the SMTP server did not start on port {port}");
        server
    }

    pub fn received(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            for entry in std::fs::read_dir(self.maildir.join(sub)).into_iter().flatten() {
                out.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
            }
        }
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free port on loopback.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Waits up to 5 s for a server to listen on `port` of loopback; whether it does.
pub fn listening(port: u16) -> bool {
    (0..100).any(|_| {
        let up = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        if !up {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        up
    })
}

/// Whether util-linux `script` (which gives desk a terminal) can run; says so when it cannot.
pub fn script_available() -> bool {
    let found = std::process::Command::new("script").arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: util-linux `script` is not installed");
    }
    found
}
