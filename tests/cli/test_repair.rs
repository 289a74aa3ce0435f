//! Repairs: `desk renumber` for ID collisions between clones, `desk redact` for erasure.

use std::path::Path;

use crate::common::TestEnv;

/// Runs desk in `dir` with a fixed seed, so two clones mint the same ticket ID.
fn new_with_seed(env: &TestEnv, dir: &Path, title: &str, seed: &str) -> String {
    let out = env
        .command_in(dir)
        .env("DESK_SEED", seed)
        .args(["new", title, "-m", &format!("{title} description."), "--json"])
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    value["id"].as_str().unwrap().to_string()
}

/// Adds `parent: ID` to a ticket's front matter and commits it with plain git.
fn add_parent_by_hand(env: &TestEnv, dir: &Path, child: &str, parent: &str) {
    let path = env.path_of(child);
    let text = std::fs::read_to_string(dir.join(&path)).unwrap();
    let text = text.replacen("\n---\n", &format!("\nparent: {parent}\n---\n"), 1);
    std::fs::write(dir.join(&path), text).unwrap();
    let commit = env.git_output(dir, &["commit", "-q", "-am", "link by hand"]);
    assert!(commit.status.success(), "{}", String::from_utf8_lossy(&commit.stderr));
}

fn show(env: &TestEnv, dir: &Path, id: &str) -> serde_json::Value {
    let out = env.desk_in(dir, &["show", id, "--json"]).success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn two_clones_minting_the_same_id_are_repaired_by_renumber() {
    let env = TestEnv::new();
    let clone = env.tmp.path().join("clone");
    env.git_output(env.tmp.path(), &["clone", "-q", env.repo.to_str().unwrap(), clone.to_str().unwrap()]);
    env.desk_in(&clone, &["merge-driver", "--install"]).success();
    let theirs = new_with_seed(&env, &env.repo, "Printer on fire", "4242");
    let ours = new_with_seed(&env, &clone, "Laptop slow", "4242");
    assert_eq!(ours, theirs, "the same seed mints the same ID");
    let child = new_with_seed(&env, &clone, "Follow-up on the laptop", "99");
    add_parent_by_hand(&env, &clone, &child, &ours);

    let pull = env.git_output(&clone, &["pull", "-q", "--no-rebase", "--no-edit"]);
    assert!(!pull.status.success(), "the merge stops on the collision");
    let check = env.desk_in(&clone, &["check"]).failure();
    let report = String::from_utf8_lossy(&check.get_output().stdout).into_owned();
    assert!(report.contains(&format!("two different tickets were created with the ID {ours}")), "{report}");
    assert!(report.contains(&format!("desk renumber {ours}")), "{report}");

    let out = env.desk_in(&clone, &["renumber", &ours[..6], "--json"]).success();
    let done: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let new = done["new"].as_str().unwrap().to_string();
    assert_eq!(done["moved_side"], "ours", "the ticket created later moves");
    assert_eq!(done["references"], serde_json::json!([child]));
    assert!(done["commit"].is_string(), "the merge is concluded: {done}");

    assert_eq!(show(&env, &clone, &ours)["title"], "Printer on fire");
    let moved = show(&env, &clone, &new);
    assert_eq!((moved["title"].as_str(), moved["id"].as_str()), (Some("Laptop slow"), Some(new.as_str())));
    assert_eq!(moved["entries"][0]["body"], "Laptop slow description.");
    let text = std::fs::read_to_string(clone.join(env.path_of(&child))).unwrap();
    assert!(text.contains(&format!("parent: {new}")), "{text}");
    env.desk_in(&clone, &["check"]).success();
    let status = env.git_output(&clone, &["status", "--porcelain"]);
    assert_eq!(String::from_utf8_lossy(&status.stdout), "");
    let parents = env.git_output(&clone, &["rev-list", "--parents", "-n1", "HEAD"]);
    assert_eq!(String::from_utf8_lossy(&parents.stdout).split_whitespace().count(), 3, "a merge commit");
    let fsck = env.git_output(&clone, &["fsck", "--strict", "--no-dangling"]);
    assert!(fsck.status.success(), "{}", String::from_utf8_lossy(&fsck.stderr));
}

#[test]
fn renumber_outside_a_merge_moves_the_ticket_and_its_references_in_one_commit() {
    let env = TestEnv::new();
    let id = env.new_ticket("Moving", &["--tag", "keep"]);
    let child = env.new_ticket("Child", &[]);
    add_parent_by_hand(&env, &env.repo, &child, &id);
    let before = env.head();
    let done = env.json(&["renumber", &id]);
    let new = done["new"].as_str().unwrap();
    assert_eq!(done["moved_side"], serde_json::Value::Null);
    assert_eq!(env.git(&["rev-list", "--count", &format!("{before}..HEAD")]).trim(), "1");
    assert!(!env.repo.join(env.path_of(&id)).exists());
    assert_eq!(show(&env, &env.repo, new)["tags"], serde_json::json!(["keep"]));
    assert!(env.read(&env.path_of(&child)).contains(&format!("parent: {new}")));
    env.fails(&["show", &id]);
    let renamed = env.git(&["show", "--stat", "--format=%s", "HEAD"]);
    assert!(renamed.starts_with(&format!("[{new}] renumber: Moving")), "{renamed}");
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn redact_erases_a_customer_everywhere_and_keeps_the_figures() {
    let env = TestEnv::new();
    let email = "mia@customer.test";
    let id = env.new_ticket("Camera", &["--requester", email]);
    env.ok(&["reply", &id, "-m", &format!("We will write to {email}.")]);
    env.ok(&["reply", &id, "--from", email, "-m", "My phone is 555-0100."]);
    let other = env.new_ticket("Other", &["--requester", "bob@customer.test", "--cc", "MIA@customer.test"]);
    let unrelated = env.new_ticket("Unrelated", &["--requester", "bob@customer.test"]);
    let sla_at = |now: &str| -> serde_json::Value {
        let out = env.command_in(&env.repo).env("DESK_NOW", now).args(["sla", &id, "--json"]).assert().success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    let sla_before = sla_at("2026-11-24T12:00:00Z");
    let unrelated_before = env.read(&env.path_of(&unrelated));

    let done = env.json(&["redact", "--requester", email, "--rewrite-history"]);
    let mut tickets: Vec<&str> = done["tickets"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    tickets.sort();
    let mut expected = vec![id.as_str(), other.as_str()];
    expected.sort();
    assert_eq!(tickets, expected);
    assert_eq!(done["messages"], 2, "the description and the customer's message");
    assert!(done["history"]["commits"].as_u64().unwrap() > 0);

    let history = env.git(&["log", "--all", "-p", "--format=%an %ae %B"]).to_lowercase();
    assert!(!history.contains(email), "the address is gone from the history");
    assert!(!history.contains("555-0100"), "the customer's text is gone from the history");
    let pseudonym = done["pseudonym"].as_str().unwrap();
    let t = show(&env, &env.repo, &id);
    assert_eq!(t["requester"], pseudonym);
    assert_eq!(t["entries"].as_array().unwrap().len(), 3, "entries stay");
    assert_eq!(t["entries"][2]["role"], "customer");
    assert_eq!(show(&env, &env.repo, &other)["cc"], serde_json::json!([pseudonym]));
    assert_eq!(sla_at("2026-11-24T12:00:00Z"), sla_before, "SLA figures intact");
    assert_eq!(env.read(&env.path_of(&unrelated)), unrelated_before);
    env.desk(&["check"]).success();
    env.assert_clean();
    let again = env.json(&["redact", "--requester", email]);
    assert_eq!(again["tickets"], serde_json::json!([]), "nothing left");
}

#[test]
fn redact_refuses_an_agent_and_a_non_address() {
    let env = TestEnv::new();
    assert!(env.fails(&["redact", "--requester", "alice@example.com"]).contains("belongs to an agent"));
    assert!(env.fails(&["redact", "--requester", "jane"]).contains("not an email address"));
}
