//! `desk merge-driver` through real `git merge`s.

use crate::common::TestEnv;

#[test]
fn concurrent_work_on_one_ticket_merges_without_conflicts() {
    let env = TestEnv::new();
    let id = env.new_ticket("Shared", &["--tag", "keep", "--tag", "drop"]);
    env.git(&["checkout", "-q", "-b", "side"]);
    env.ok(&["note", &id, "-m", "side note"]);
    env.ok(&["tag", &id, "side-tag"]);
    env.ok(&["tag", &id, "drop", "--remove"]);
    env.ok(&["priority", &id, "high"]);
    env.git(&["checkout", "-q", "-"]);
    env.ok(&["note", &id, "-m", "main note"]);
    env.ok(&["tag", &id, "main-tag"]);
    env.ok(&["assign", &id, "bob"]);
    let merge = env.git_output(&env.repo, &["merge", "-q", "--no-edit", "side"]);
    assert!(merge.status.success(), "git merge: {}", String::from_utf8_lossy(&merge.stderr));
    let t = env.json(&["show", &id]);
    let bodies: Vec<_> = t["entries"].as_array().unwrap().iter().map(|e| e["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["Description.", "side note", "main note"], "time order");
    assert_eq!(t["tags"], serde_json::json!(["keep", "main-tag", "side-tag"]));
    assert_eq!((t["priority"].as_str(), t["assignee"].as_str()), (Some("high"), Some("bob")));
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn the_same_field_changed_on_both_sides_keeps_the_later_change_and_records_the_other() {
    let env = TestEnv::new();
    let id = env.new_ticket("Contested", &[]);
    env.git(&["checkout", "-q", "-b", "side"]);
    env.ok(&["priority", &id, "low"]);
    env.git(&["checkout", "-q", "-"]);
    env.ok(&["priority", &id, "urgent"]); // later (the test clock advances per command)
    let merge = env.git_output(&env.repo, &["merge", "-q", "--no-edit", "side"]);
    assert!(merge.status.success(), "git merge: {}", String::from_utf8_lossy(&merge.stderr));
    let t = env.json(&["show", &id]);
    assert_eq!(t["priority"], "urgent");
    let merged = t["events"].as_array().unwrap().iter().find(|e| e.get("merged").is_some()).expect("a merged event");
    assert_eq!(merged["merged"]["priority"]["discarded"], "low");
    env.desk(&["check"]).success();
    // Merging the other way gives the same file.
    let ours = env.read(&env.path_of(&id));
    env.git(&["checkout", "-q", "side"]);
    env.git(&["merge", "-q", "--no-edit", "HEAD@{1}"]);
    assert_eq!(env.read(&env.path_of(&id)), ours);
}

#[test]
fn a_clone_registers_the_driver_with_install() {
    let env = TestEnv::new();
    let id = env.new_ticket("Cloned", &[]);
    let clone = env.tmp.path().join("clone");
    env.git_output(env.tmp.path(), &["clone", "-q", env.repo.to_str().unwrap(), clone.to_str().unwrap()]);
    let config = env.git_output(&clone, &["config", "--get", "merge.desk.driver"]);
    assert!(!config.status.success(), "a fresh clone has no driver");
    env.desk_in(&clone, &["merge-driver", "--install"]).success();
    let config = env.git_output(&clone, &["config", "--get", "merge.desk.driver"]);
    assert!(String::from_utf8_lossy(&config.stdout).contains("merge-driver %O %A %B %P"));
    env.desk_in(&clone, &["note", &id, "-m", "from the clone"]).success();
    env.ok(&["note", &id, "-m", "from the origin"]);
    let pull = env.git_output(&clone, &["pull", "-q", "--no-rebase", "--no-edit"]);
    assert!(pull.status.success(), "{}", String::from_utf8_lossy(&pull.stderr));
    let shown = env.desk_in(&clone, &["show", &id, "--json"]).success();
    let shown: serde_json::Value = serde_json::from_slice(&shown.get_output().stdout).unwrap();
    assert_eq!(shown["entries"].as_array().unwrap().len(), 3);
}

#[test]
fn diff_summarises_ticket_changes_in_words() {
    let env = TestEnv::new();
    let start = env.head();
    let id = env.new_ticket("Camera", &["--priority", "high", "--requester", "jane@customer.test"]);
    let middle = env.head();
    env.ok(&["assign", &id, "alice"]);
    env.ok(&["reply", &id, "-m", "Try this."]);
    env.ok(&["note", &id, "-m", "Vendor bug."]);
    env.ok(&["status", &id, "pending"]);
    let text = env.ok(&["diff", &format!("{middle}..HEAD")]);
    assert_eq!(
        text.trim(),
        format!(
            "{id} Camera: public reply by alice; internal note by alice; assignee (none) → alice (alice); status new → open (rule `assigned means open`); status open → pending (rule `agent replied, wait for customer`)"
        )
    );
    let all = env.json(&["diff", &start]);
    assert_eq!(all[0]["change"], "added");
    assert!(all[0]["summary"][0].as_str().unwrap().starts_with("new question ticket, priority high"));
    // Uncommitted hand edits against HEAD.
    let path = env.path_of(&id);
    std::fs::write(env.repo.join(&path), env.read(&path).replace("priority: high", "priority: low")).unwrap();
    let out = env.ok(&["diff", "--json"]);
    let changes: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(changes[0]["change"], "modified");
    assert_eq!(changes[0]["summary"][0], "priority high → low (edited by hand, no event)");
    assert_eq!(env.ok(&["diff", "HEAD..HEAD"]), "");
    let err = env.fails(&["diff", "nope..HEAD"]);
    assert!(err.contains("`nope` is not a revision"), "{err}");
    // A...B: a branch's own changes, not what its base did since.
    std::fs::write(env.repo.join(&path), env.read(&path).replace("priority: low", "priority: high")).unwrap();
    let main = env.git(&["rev-parse", "--abbrev-ref", "HEAD"]).trim().to_string();
    env.git(&["checkout", "-q", "-b", "draft"]);
    env.ok(&["reply", &id, "-m", "Drafted."]);
    env.git(&["checkout", "-q", &main]);
    env.ok(&["close", &id]);
    let branch = env.json(&["diff", &format!("{main}...draft")]);
    let summary: Vec<&str> = branch[0]["summary"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert_eq!(summary, ["public reply by alice"], "{branch}");
}

#[test]
fn sync_shares_work_through_a_bare_remote() {
    let env = TestEnv::new();
    let id = env.new_ticket("Shared", &[]);
    let (remote, _) = env.bare_remote();
    let other = env.tmp.path().join("other");
    env.git_output(env.tmp.path(), &["clone", "-q", remote.to_str().unwrap(), other.to_str().unwrap()]);
    env.desk_in(&other, &["merge-driver", "--install"]).success();
    // Both clones work on the same ticket, and the other clone opens a new one.
    env.desk_in(&other, &["reply", &id, "-m", "from the other clone"]).success();
    env.desk_in(&other, &["new", "Opened elsewhere", "-m", "x"]).success();
    env.desk_in(&other, &["sync"]).success();
    env.ok(&["note", &id, "-m", "from the first clone"]);
    let summary = env.ok(&["sync"]);
    assert!(summary.starts_with("1 new tickets, 1 replies"), "{summary}");
    env.desk_in(&other, &["sync"]).success();
    let ours = env.read(&env.path_of(&id));
    let theirs = std::fs::read_to_string(other.join(env.path_of(&id))).unwrap();
    assert_eq!(ours, theirs, "both clones end identical");
    assert_eq!(env.json(&["show", &id])["entries"].as_array().unwrap().len(), 3);
    env.assert_clean();
}

/// A clone that never ran `desk merge-driver --install` still merges tickets with desk's driver
/// when it syncs.
#[test]
fn sync_merges_with_the_driver_in_a_clone_that_did_not_install_it() {
    let env = TestEnv::new();
    let id = env.new_ticket("Shared", &[]);
    let (remote, _) = env.bare_remote();
    let other = env.tmp.path().join("plain");
    env.git_output(env.tmp.path(), &["clone", "-q", remote.to_str().unwrap(), other.to_str().unwrap()]);
    env.ok(&["note", &id, "-m", "from the first clone"]);
    env.ok(&["sync"]);
    env.desk_in(&other, &["note", &id, "-m", "from the plain clone"]).success();
    env.desk_in(&other, &["sync"]).success();
    let text = std::fs::read_to_string(other.join(env.path_of(&id))).unwrap();
    assert!(
        !text.contains("<<<<<<<") && text.contains("from the first clone") && text.contains("from the plain clone")
    );
}

/// Several clones working at random on shared tickets, syncing through one bare remote in random
/// order, end identical with every message present (`scripts/simulate.sh` runs the full size).
#[test]
fn clones_syncing_at_random_lose_nothing() {
    let env = TestEnv::new();
    let (remote, _) = env.bare_remote();
    let clones: Vec<std::path::PathBuf> = (0..4)
        .map(|n| {
            let dir = env.tmp.path().join(format!("clone{n}"));
            env.git_output(env.tmp.path(), &["clone", "-q", remote.to_str().unwrap(), dir.to_str().unwrap()]);
            env.desk_in(&dir, &["merge-driver", "--install"]).success();
            dir
        })
        .collect();
    let mut rng = fastrand::Rng::with_seed(11);
    let mut messages: Vec<String> = Vec::new();
    let mut titles: Vec<String> = Vec::new();
    for step in 0..60 {
        let dir = &clones[rng.usize(..clones.len())];
        let ids: Vec<String> = {
            let out = env.desk_in(dir, &["list", "--all", "--format", "ids"]).success();
            String::from_utf8_lossy(&out.get_output().stdout).lines().map(str::to_string).collect()
        };
        match (rng.u8(..5), ids.is_empty()) {
            (0, _) | (_, true) => {
                let title = format!("Ticket {step}");
                env.desk_in(dir, &["new", &title, "-m", "x"]).success();
                titles.push(title);
            }
            (1, false) => {
                let text = format!("message-{step}-done");
                env.desk_in(dir, &["note", &ids[rng.usize(..ids.len())], "-m", &text]).success();
                messages.push(text);
            }
            (2, false) => {
                let tag = ["a", "b", "c"][rng.usize(..3)];
                env.desk_in(dir, &["tag", &ids[rng.usize(..ids.len())], tag]).success();
            }
            (3, false) => {
                let priority = ["low", "normal", "high"][rng.usize(..3)];
                env.desk_in(dir, &["priority", &ids[rng.usize(..ids.len())], priority]).success();
            }
            _ => {
                env.desk_in(dir, &["sync"]).success();
            }
        }
    }
    for _ in 0..2 {
        for dir in &clones {
            env.desk_in(dir, &["sync"]).success();
        }
    }
    let trees: Vec<String> = clones
        .iter()
        .map(|dir| String::from_utf8_lossy(&env.git_output(dir, &["rev-parse", "HEAD^{tree}"]).stdout).to_string())
        .collect();
    assert!(trees.windows(2).all(|w| w[0] == w[1]), "clones differ: {trees:?}");
    let out = env.desk_in(&clones[0], &["search", "--format", "json"]).success();
    let rows: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let found: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    for title in &titles {
        assert!(found.contains(&title.as_str()), "lost ticket {title}");
    }
    for text in &messages {
        let hits = env.desk_in(&clones[0], &["search", &format!("\"{text}\""), "--format", "ids"]).success();
        assert_eq!(String::from_utf8_lossy(&hits.get_output().stdout).lines().count(), 1, "lost or duplicated {text}");
    }
    env.desk_in(&clones[0], &["check"]).success();
}

/// A hand edit of the ID is described like any other hand edit.
#[test]
fn diff_describes_a_hand_edited_id() {
    let env = TestEnv::new();
    let id = env.new_ticket("Renamed by hand", &[]);
    let path = env.path_of(&id);
    std::fs::write(env.repo.join(&path), env.read(&path).replace(&format!("id: {id}"), "id: ZZZZZZZZZZ")).unwrap();
    env.git(&["commit", "-qam", "hand edit"]);
    let changes = env.json(&["diff", "HEAD~1"]);
    assert_eq!(changes[0]["summary"][0], format!("id {id} → ZZZZZZZZZZ (edited by hand, no event)"));
}
