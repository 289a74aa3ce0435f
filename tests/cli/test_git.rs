//! Interop with git: the store touches only the ticket's file, works on branches, worktrees and
//! bare repositories, sees hand edits committed with plain git, and survives concurrency.

use crate::common::TestEnv;

#[test]
fn unrelated_staged_and_unstaged_work_is_untouched() {
    let env = TestEnv::new();
    let id = env.new_ticket("Keep my work", &[]);
    std::fs::write(env.repo.join("README.md"), "staged change\n").unwrap();
    env.git(&["add", "README.md"]);
    std::fs::write(env.repo.join(".desk/config.yaml"), "# unstaged change\n").unwrap();
    std::fs::write(env.repo.join("notes.txt"), "untracked\n").unwrap();
    env.ok(&["reply", &id, "-m", "hello"]);
    let status = env.git(&["status", "--porcelain"]);
    assert_eq!(status, " M .desk/config.yaml\nM  README.md\n?? notes.txt\n");
    assert_eq!(env.git(&["show", "--name-only", "--format=", "HEAD"]).trim(), env.path_of(&id));
    assert_eq!(env.git(&["diff", "--cached", "--name-only"]).trim(), "README.md");
    let fsck = env.git_output(&env.repo, &["fsck", "--strict"]);
    assert!(fsck.status.success());
}

#[test]
fn uncommitted_or_staged_changes_to_a_ticket_are_refused() {
    let env = TestEnv::new();
    let id = env.new_ticket("Hands off", &[]);
    let path = env.path_of(&id);
    let edited = env.read(&path) + "\nmy uncommitted words\n";
    std::fs::write(env.repo.join(&path), &edited).unwrap();
    let err = env.fails(&["reply", &id, "-m", "x"]);
    assert!(err.contains(&format!("{path} has uncommitted changes")), "{err}");
    assert_eq!(env.read(&path), edited);
    env.git(&["add", &path]);
    let err = env.fails(&["reply", &id, "-m", "x"]);
    assert!(err.contains("uncommitted changes") && err.contains("restore --staged"), "{err}");
    env.git(&["commit", "-qm", "hand edit"]);
    env.ok(&["reply", &id, "-m", "now fine"]);
    env.assert_clean();
}

#[test]
fn hand_edits_committed_with_git_are_seen() {
    let env = TestEnv::new();
    let id = env.new_ticket("Edited by hand", &[]);
    let path = env.path_of(&id);
    std::fs::write(env.repo.join(&path), env.read(&path).replace("priority: normal", "priority: high")).unwrap();
    env.git(&["commit", "-qam", "bump priority by hand"]);
    assert_eq!(env.json(&["show", &id])["priority"], "high");
    env.ok(&["assign", &id, "bob"]);
    assert_eq!(env.json(&["show", &id])["priority"], "high");
    let log = env.json(&["log", &id]);
    let subjects: Vec<&str> = log.as_array().unwrap().iter().map(|c| c["subject"].as_str().unwrap()).collect();
    let hand = subjects.iter().position(|s| *s == "bump priority by hand").expect("the hand edit is in the log");
    assert!(log[hand]["action"].is_null());
    env.assert_clean();
}

#[test]
fn works_on_branches_in_worktrees_and_bare_clones() {
    let env = TestEnv::new();
    let id = env.new_ticket("Shared", &[]);
    env.git(&["checkout", "-q", "-b", "drafts"]);
    env.ok(&["reply", &id, "-m", "on a branch"]);
    assert_eq!(env.git(&["rev-parse", "--abbrev-ref", "HEAD"]).trim(), "drafts");
    env.assert_clean();
    env.git(&["checkout", "-q", "-"]);
    assert_eq!(env.json(&["show", &id])["entries"].as_array().unwrap().len(), 1);

    let wt = env.tmp.path().join("wt");
    env.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "elsewhere"]);
    env.desk_in(&wt, &["note", &id, "-m", "from a worktree"]).success();
    let wt_status = env.git_output(&wt, &["status", "--porcelain"]);
    assert_eq!(String::from_utf8_lossy(&wt_status.stdout), "");
    assert_eq!(env.git(&["log", "-1", "--format=%s", "elsewhere"]).trim(), format!("[{id}] note: Shared"));
    env.assert_clean();

    let bare = env.tmp.path().join("bare.git");
    env.git(&["clone", "-q", "--bare", env.repo.to_str().unwrap(), bare.to_str().unwrap()]);
    let shown = env.desk_in(&bare, &["show", &id, "--json"]).success();
    let shown: serde_json::Value = serde_json::from_slice(&shown.get_output().stdout).unwrap();
    assert_eq!(shown["title"], "Shared");
    env.desk_in(&bare, &["reply", &id, "-m", "straight into the bare repository"]).success();
    let listed = env.desk_in(&bare, &["list", "--json"]).success();
    assert!(String::from_utf8_lossy(&listed.get_output().stdout).contains(&id));
    let fsck = env.git_output(&bare, &["fsck", "--strict"]);
    assert!(fsck.status.success());
    // -C works like git's.
    let other = env.desk_in(env.tmp.path(), &["-C", "support", "show", &id, "--json"]).success();
    assert!(String::from_utf8_lossy(&other.get_output().stdout).contains("\"title\": \"Shared\""));
}

#[test]
fn concurrent_desk_processes_serialise_and_lose_nothing() {
    let env = TestEnv::new();
    let id = env.new_ticket("Busy", &[]);
    let children: Vec<_> = (0..8)
        .map(|n| {
            let mut cmd = env.std_command_in(&env.repo);
            cmd.args(["reply", &id, "-m", &format!("reply number {n}")]);
            cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let shown = env.json(&["show", &id]);
    let bodies: Vec<_> =
        shown["entries"].as_array().unwrap().iter().map(|e| e["body"].as_str().unwrap().to_string()).collect();
    for n in 0..8 {
        assert!(bodies.contains(&format!("reply number {n}")), "lost reply {n}");
    }
    // init, 2 agents, new, 8 replies, and one automation commit (the first reply → pending).
    assert_eq!(env.git(&["rev-list", "--count", "HEAD"]).trim(), "13");
    env.assert_clean();
}

#[test]
fn the_file_keeps_its_shape_for_review() {
    let env = TestEnv::new();
    let id = env.new_ticket("Shape", &["--requester", "kim@example.org", "--tag", "b", "--tag", "a"]);
    let before = env.head();
    env.ok(&["status", &id, "open"]);
    // One changed line in the front matter and lines appended at the end: nothing else.
    let diff = env.git(&["diff", "-U0", &before, "HEAD"]);
    let changed: Vec<_> = diff
        .lines()
        .filter(|l| (l.starts_with('+') || l.starts_with('-')) && !l.starts_with("+++") && !l.starts_with("---"))
        .collect();
    assert_eq!(changed[0], "-status: new");
    assert_eq!(changed[1], "+status: open");
    assert!(changed[2..].iter().all(|l| l.starts_with('+')), "{diff}");
    let text = env.read(&env.path_of(&id));
    assert!(!text.contains("updated:"));
    assert!(text.contains("tags:\n  - b\n  - a\n"), "{text}");
}

/// desk splices its entries into git's index; these are the index shapes it must respect.
#[test]
fn index_formats_and_extensions_stay_consistent() {
    let env = TestEnv::new();
    let id = env.new_ticket("Index", &[]);
    // A cached tree (written by `git write-tree`) must be invalidated along the ticket's path.
    env.git(&["write-tree"]);
    env.ok(&["reply", &id, "-m", "after cached tree"]);
    env.assert_clean();
    // The untracked cache is dropped, not corrupted.
    env.git(&["update-index", "--untracked-cache"]);
    env.git(&["status", "--porcelain"]);
    env.ok(&["note", &id, "-m", "after untracked cache"]);
    env.assert_clean();
    // Index version 4 goes through libgit2.
    env.git(&["update-index", "--index-version", "4"]);
    env.ok(&["note", &id, "-m", "with index v4"]);
    env.new_ticket("Second with v4", &[]);
    env.assert_clean();
    env.git(&["update-index", "--index-version", "2"]);
    // A split index is refused with a way out, and nothing is committed.
    env.git(&["config", "core.splitIndex", "true"]);
    env.git(&["update-index", "--split-index"]);
    let head = env.head();
    let err = env.fails(&["note", &id, "-m", "split"]);
    assert!(err.contains("split index") && err.contains("--no-split-index"), "{err}");
    assert_eq!(env.head(), head);
    env.git(&["config", "core.splitIndex", "false"]);
    env.git(&["update-index", "--no-split-index"]);
    env.ok(&["note", &id, "-m", "unsplit again"]);
    env.assert_clean();
    // A lock held by another git process makes desk wait, then give up with a clear message.
    std::fs::write(env.repo.join(".git/index.lock"), "").unwrap();
    let err = env.fails(&["note", &id, "-m", "locked"]);
    assert!(err.contains("index.lock is locked by another process"), "{err}");
    assert_eq!(env.json(&["show", &id])["entries"].as_array().unwrap().len(), 5);
    std::fs::remove_file(env.repo.join(".git/index.lock")).unwrap();
}

/// desk writes over the file the index had before its last update instead of allocating a
/// new one; a reader still holding that old index must keep reading the bytes it opened.
#[test]
fn a_reader_of_an_old_index_never_sees_it_rewritten() {
    use std::io::{Read, Seek};
    let env = TestEnv::new();
    let id = env.new_ticket("Spare", &[]);
    env.ok(&["note", &id, "-m", "one"]);
    let mut reader = std::fs::File::open(env.repo.join(".git/index")).unwrap();
    let mut before = Vec::new();
    reader.read_to_end(&mut before).unwrap();
    for text in ["two", "three", "four"] {
        env.ok(&["note", &id, "-m", text]);
        env.assert_clean();
    }
    let mut after = Vec::new();
    reader.rewind().unwrap();
    reader.read_to_end(&mut after).unwrap();
    assert!(after == before, "an index file open in another process was written over");
    drop(reader);
    env.ok(&["note", &id, "-m", "five"]);
    env.ok(&["note", &id, "-m", "six"]);
    env.assert_clean();
    assert!(env.repo.join(".git/index.desk-spare").exists());
    env.git(&["fsck", "--no-progress"]);
}

#[test]
fn libgit2_reads_what_desk_writes() {
    let env = TestEnv::new();
    let id = env.new_ticket("Read by libgit2", &[]);
    env.ok(&["reply", &id, "-m", "x"]);
    let repo = git2::Repository::open(&env.repo).unwrap();
    let index = repo.index().unwrap();
    let path = env.path_of(&id);
    let entry = index.get_path(std::path::Path::new(&path), 0).unwrap();
    let head_blob = repo.head().unwrap().peel_to_tree().unwrap().get_path(std::path::Path::new(&path)).unwrap().id();
    assert_eq!(entry.id, head_blob);
    let statuses = repo.statuses(None).unwrap();
    assert_eq!(statuses.len(), 0);
}

/// Ported from the index-splice prototype's tests: git trusts stat data only for entries older
/// than the index file, so when desk writes a newer index it must smudge the racily clean ones.
#[test]
fn racily_clean_entries_stay_detectable() {
    let env = TestEnv::new();
    let id = env.new_ticket("Racy", &[]);
    env.git(&["config", "core.checkStat", "minimal"]);
    env.git(&["config", "core.trustctime", "false"]);
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(50);
    let set_mtime = |rel: &str| {
        let file = std::fs::File::options().write(true).open(env.repo.join(rel)).unwrap();
        file.set_modified(past).unwrap();
    };
    std::fs::write(env.repo.join("notes.md"), "aaaa\n").unwrap();
    set_mtime("notes.md");
    env.git(&["add", "notes.md"]);
    env.git(&["commit", "-qm", "notes"]);
    // The index is as old as the file (racily clean); then the file changes, same size and mtime.
    set_mtime(".git/index");
    std::fs::write(env.repo.join("notes.md"), "bbbb\n").unwrap();
    set_mtime("notes.md");
    assert_eq!(env.git(&["--no-optional-locks", "status", "--porcelain"]), " M notes.md\n");
    set_mtime(".git/index");
    env.ok(&["note", &id, "-m", "desk rewrites the index now"]);
    assert_eq!(env.git(&["status", "--porcelain"]), " M notes.md\n", "the change to notes.md was hidden");
}

/// A seeded random mix of desk writes, plain-git staging and git's own index rewrites around
/// paths that sort next to `tickets/`: after every step the index must agree with HEAD plus
/// exactly what the user staged.
#[test]
fn random_operations_keep_the_index_exact() {
    let env = TestEnv::new();
    for (path, text) in [("tickets.md", "a"), ("tickets-old/x", "b"), ("ticketsX", "c"), ("a/tickets/y", "d")] {
        let full = env.repo.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "neighbours"]);
    let mut rng = fastrand::Rng::with_seed(7);
    let mut tickets: Vec<String> = Vec::new();
    let mut staged: Vec<String> = Vec::new();
    for step in 0..40 {
        match rng.u8(..6) {
            0 | 1 => tickets.push(env.new_ticket(&format!("Ticket {step}"), &[])),
            2 | 3 if !tickets.is_empty() => {
                let id = tickets[rng.usize(..tickets.len())].clone();
                env.ok(&["note", &id, "-m", &format!("note {step}")]);
            }
            4 => {
                let path = format!("user/{step}.txt");
                std::fs::create_dir_all(env.repo.join("user")).unwrap();
                std::fs::write(env.repo.join(&path), "x").unwrap();
                env.git(&["add", &path]);
                staged.push(path);
            }
            _ => {
                // git itself rewrites the index (refresh, cached tree).
                env.git(&["status", "--porcelain"]);
                env.git(&["write-tree"]);
            }
        }
        let mut cached: Vec<String> =
            env.git(&["diff", "--cached", "--name-only"]).lines().map(str::to_string).collect();
        cached.sort();
        let mut expected = staged.clone();
        expected.sort();
        assert_eq!(cached, expected, "step {step}: the index differs from HEAD + staged work");
        assert_eq!(env.git(&["diff", "--name-only"]), "", "step {step}: working tree differs from the index");
    }
    env.git(&["commit", "-qm", "user work"]);
    env.assert_clean();
}
