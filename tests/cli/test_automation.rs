//! Automation rules: the default workflow, the hook, CI ranges, ticks, exactly-once, rule
//! errors, rules tests, macros and the outbox.

use std::path::Path;

use crate::common::TestEnv;

fn firings(env: &TestEnv, dir: &Path, id: &str) -> Vec<(String, String)> {
    let out = env.desk_in(dir, &["show", id, "--json"]).success();
    let t: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    t["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| Some((e.get("rule")?.as_str()?.to_string(), e["trigger"].as_str()?.to_string())))
        .collect()
}

fn status(env: &TestEnv, dir: &Path, id: &str) -> String {
    let out = env.desk_in(dir, &["show", id, "--json"]).success();
    let t: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    t["status"].as_str().unwrap().to_string()
}

/// Appends an entry to a ticket file the way a person would in an editor, and commits it with
/// plain git (so only the post-commit hook can react).
fn reply_by_hand(env: &TestEnv, id: &str, entry_id: &str, author: &str, role: &str, text: &str) {
    let path = env.path_of(id);
    let mut file = env.read(&path);
    file.push_str(&format!(
        "\n<!-- desk:entry {{\"id\":\"{entry_id}\",\"at\":\"2026-11-23T10:00:00Z\",\"author\":\"{author}\",\"role\":\"{role}\",\"visibility\":\"public\"}} -->\n### {author}\n\n{text}\n"
    ));
    std::fs::write(env.repo.join(&path), file).unwrap();
    env.git(&["commit", "-qam", &format!("{role} reply by hand")]);
}

fn edit_by_hand(env: &TestEnv, id: &str, from: &str, to: &str, message: &str) {
    let path = env.path_of(id);
    let text = env.read(&path);
    assert!(text.contains(from), "{text}");
    std::fs::write(env.repo.join(&path), text.replacen(from, to, 1)).unwrap();
    env.git(&["commit", "-qam", message]);
}

#[test]
fn the_default_workflow_runs_after_desk_commands() {
    let env = TestEnv::new();
    let id = env.new_ticket("Camera", &["--requester", "jane@customer.test"]);
    let out = env.ok(&["assign", &id, "alice"]);
    assert!(out.contains("rule `assigned means open`: status new → open"), "{out}");
    env.ok(&["reply", &id, "-m", "Try this."]);
    assert_eq!(status(&env, &env.repo, &id), "pending");
    env.ok(&["reply", &id, "--from", "jane@customer.test", "-m", "Still broken."]);
    assert_eq!(status(&env, &env.repo, &id), "open");
    let outbox = env.json(&["outbox"]);
    assert_eq!(outbox.as_array().unwrap().len(), 1, "the assignee is notified: {outbox}");
    assert_eq!(outbox[0]["to"], serde_json::json!(["alice@example.com"]));
    assert_eq!(outbox[0]["rule"], "customer replied, back to agent");
    env.ok(&["resolve", &id, "-m", "Fixed."]);
    let tick = |now: &str| -> serde_json::Value {
        let out =
            env.command_in(&env.repo).env("DESK_NOW", now).args(["automate", "--tick", "--json"]).assert().success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    assert_eq!(tick("2026-11-27T09:00:00Z")["firings"], serde_json::json!([]), "not yet 7 days");
    let closed = tick("2026-12-01T09:00:00Z");
    assert_eq!(closed["firings"][0]["rule"], "auto-close solved after 7 days");
    assert_eq!(status(&env, &env.repo, &id), "closed");
    assert_eq!(tick("2026-12-02T09:00:00Z")["firings"], serde_json::json!([]), "once");
    let subject = env.git(&["log", "-1", "--format=%s%n%b"]);
    assert!(subject.starts_with("desk automation: 1 rule firing(s) on 1 ticket(s)"), "{subject}");
    assert!(subject.contains("Desk-Automation: auto-close solved after 7 days"), "{subject}");
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn the_default_workflow_runs_from_the_hook_after_plain_git_commits() {
    let env = TestEnv::new();
    let id = env.new_ticket("By hand", &["--requester", "jane@customer.test"]);
    assert!(std::fs::read_to_string(env.repo.join(".git/hooks/post-commit")).unwrap().contains("automate --hook"));
    edit_by_hand(&env, &id, "status: new\n", "status: new\nassignee: alice\n", "assign by hand");
    assert_eq!(status(&env, &env.repo, &id), "open", "assign → open");
    assert_eq!(env.git(&["log", "-1", "--format=%s"]).trim(), "desk automation: 1 rule firing(s) on 1 ticket(s)");
    reply_by_hand(&env, &id, "byhand01", "alice", "agent", "Try this.");
    assert_eq!(status(&env, &env.repo, &id), "pending", "agent reply → pending");
    reply_by_hand(&env, &id, "byhand02", "jane@customer.test", "customer", "Still broken.");
    assert_eq!(status(&env, &env.repo, &id), "open", "customer reply → open");
    edit_by_hand(&env, &id, "status: open\n", "status: solved\n", "solve by hand");
    let out = env.command_in(&env.repo).env("DESK_NOW", "2030-01-01T00:00:00Z").args(["automate", "--tick"]).assert();
    out.success();
    assert_eq!(status(&env, &env.repo, &id), "closed", "solved + 7 days tick → closed");
    let rules: Vec<String> = firings(&env, &env.repo, &id).into_iter().map(|(r, _)| r).collect();
    assert_eq!(
        rules,
        [
            "assigned means open",
            "agent replied, wait for customer",
            "customer replied, back to agent",
            "auto-close solved after 7 days"
        ]
    );
    env.assert_clean();
}

#[test]
fn a_range_fires_once_whether_the_hook_ci_or_a_second_clone_runs_it() {
    let env = TestEnv::new().without_automation();
    let id = env.new_ticket("Shared", &[]);
    let before = env.head();
    env.ok(&["assign", &id, "bob"]);
    assert_eq!(status(&env, &env.repo, &id), "new", "automation is off for this clone");
    let clone = env.tmp.path().join("ci");
    env.git_output(env.tmp.path(), &["clone", "-q", env.repo.to_str().unwrap(), clone.to_str().unwrap()]);
    env.desk_in(&clone, &["merge-driver", "--install"]).success();

    // A dry run shows and writes nothing.
    let dry = env.json(&["automate", "--range", &format!("{before}..HEAD"), "--dry-run"]);
    assert_eq!(dry["firings"][0]["rule"], "assigned means open");
    assert!(dry["commit"].is_null());
    assert_eq!(status(&env, &env.repo, &id), "new");

    // "CI" on this clone, twice: the second run finds the firing record.
    let range = format!("{before}..HEAD");
    let first = env.json(&["automate", "--range", &range]);
    assert_eq!(first["firings"].as_array().unwrap().len(), 1);
    let again = env.json(&["automate", "--range", &range]);
    assert_eq!(again["firings"], serde_json::json!([]));

    // A second clone runs the same range before it has seen the first run: the same firing,
    // written identically, so merging the two keeps one record.
    let out = env.desk_in(&clone, &["automate", "--range", &range, "--json"]).success();
    let second: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(second["firings"].as_array().unwrap().len(), 1);
    let pull = env.git_output(&clone, &["pull", "-q", "--no-rebase", "--no-edit"]);
    assert!(pull.status.success(), "{}", String::from_utf8_lossy(&pull.stderr));
    assert_eq!(firings(&env, &clone, &id).len(), 1, "exactly once after the merge");
    assert_eq!(status(&env, &clone, &id), "open");
}

#[test]
fn a_broken_rules_file_is_reported_by_check_and_never_blocks_work() {
    let env = TestEnv::new();
    let rules =
        env.read(".desk/rules.yaml").replace("      - set: { status: closed }", "      - sett: { status: closed }");
    std::fs::write(env.repo.join(".desk/rules.yaml"), rules).unwrap();
    env.git(&["commit", "-qam", "typo in a rule"]);
    let out = env.desk(&["check"]).code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains(".desk/rules.yaml:") && stdout.contains("unknown action `sett` (did you mean `set`?"),
        "{stdout}"
    );
    let line: usize = stdout.split(':').nth(1).unwrap().parse().unwrap();
    assert!(env.read(".desk/rules.yaml").lines().nth(line - 1).unwrap().contains("sett:"), "line {line}");
    // Commands still work (without rules), and so does a plain commit through the hook.
    let id = env.new_ticket("Still works", &[]);
    env.ok(&["assign", &id, "alice"]);
    assert_eq!(status(&env, &env.repo, &id), "new");
    let automate = env.desk(&["automate", "--range", "HEAD"]).failure();
    assert!(String::from_utf8_lossy(&automate.get_output().stderr).contains("rules.yaml"));
}

#[test]
fn check_warns_about_rules_that_refire_or_trigger_each_other() {
    let env = TestEnv::new();
    let mut rules = env.read(".desk/rules.yaml");
    rules.push_str(
        "  - name: escalate vip\n    on: ticket.updated\n    if: { tag: vip }\n    do: [ { set: { priority: urgent } } ]\n  - name: ping\n    on: status.changed\n    if: { status: open }\n    do: [ { set: { assignee: bob } } ]\n  - name: pong\n    on: assignee.changed\n    if: { status: open }\n    do: [ { set: { status: pending } } ]\n",
    );
    std::fs::write(env.repo.join(".desk/rules.yaml"), rules).unwrap();
    let out = env.desk(&["check"]).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("warning: rule `escalate vip` runs on ticket.updated"), "{stdout}");
    assert!(stdout.contains("rules `ping` and `pong` can trigger each other"), "{stdout}");
}

#[test]
fn round_robin_shares_new_tickets_and_keeps_its_state_in_the_repository() {
    let env = TestEnv::new();
    let rules = env.read(".desk/rules.yaml").replacen("    enabled: false", "    enabled: true", 1);
    std::fs::write(env.repo.join(".desk/rules.yaml"), rules).unwrap();
    env.git(&["commit", "-qam", "turn on round robin"]);
    let assignees: Vec<String> = (0..3)
        .map(|n| {
            let id = env.new_ticket(&format!("T{n}"), &[]);
            env.json(&["show", &id])["assignee"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(assignees, ["alice", "bob", "alice"]);
    assert!(env.read(".desk/state.yaml").contains("support: alice"));
    env.assert_clean();
}

#[test]
fn rules_tests_run_from_the_repository() {
    let env = TestEnv::new();
    let out = env.ok(&["rules", "test"]);
    assert_eq!(out.lines().filter(|l| l.starts_with("ok")).count(), 3, "{out}");
    std::fs::write(
        env.repo.join(".desk/rules.test/wrong.yaml"),
        "name: wrong expectation\nticket: { status: new, assignee: alice }\nevent: { kind: assignee.changed, to: alice }\nexpect:\n  fired: []\n  ticket: { status: new }\n",
    )
    .unwrap();
    let out = env.desk(&["rules", "test"]).code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("FAIL  .desk/rules.test/wrong.yaml: wrong expectation"), "{stdout}");
    assert!(stdout.contains("status is open, expected new"), "{stdout}");
    let list = env.json(&["rules", "list"]);
    assert_eq!(list[0]["name"], "round-robin new tickets");
    assert_eq!(list[0]["enabled"], false);
}

#[test]
fn macros_reply_with_placeholders_and_apply_their_actions() {
    let env = TestEnv::new();
    let id = env.new_ticket("Locked out", &["--requester", "jane.doe@customer.test"]);
    let macros = env.json(&["macro", "list"]);
    let names: Vec<&str> = macros.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["reset-password", "solved-thanks"]);
    let out = env.ok(&["macro", "apply", &id, "reset-password"]);
    assert!(out.contains("macro reset-password"), "{out}");
    let t = env.json(&["show", &id]);
    assert_eq!((t["status"].as_str(), t["tags"].clone()), (Some("pending"), serde_json::json!(["password"])));
    let body = t["entries"][1]["body"].as_str().unwrap();
    assert!(body.starts_with("Hi Jane,") && body.ends_with("Alice Martin"), "{body}");
    // reply --macro without a terminal sends the macro as it is.
    env.ok(&["reply", &id, "--macro", "solved-thanks"]);
    let t = env.json(&["show", &id]);
    assert_eq!(t["status"], "solved");
    assert!(t["entries"][2]["body"].as_str().unwrap().contains(&format!("ticket {id} as solved")));
    let err = env.fails(&["macro", "apply", &id, "nope"]);
    assert!(err.contains("no macro `nope`") && err.contains("reset-password"), "{err}");
    env.desk(&["check"]).success();
}

#[test]
fn a_customer_message_to_a_closed_ticket_starts_a_follow_up() {
    let env = TestEnv::new();
    let id = env.new_ticket("Old problem", &["--requester", "jane@customer.test", "--priority", "high"]);
    env.ok(&["resolve", &id, "-m", "Done."]);
    env.ok(&["close", &id]);
    let out = env.json(&["reply", &id, "--from", "jane@customer.test", "-m", "It is back."]);
    let new = out["id"].as_str().unwrap();
    assert_ne!(new, id);
    assert!(out["summary"].as_str().unwrap().contains(&format!("follow-up of {id}")));
    let t = env.json(&["show", new]);
    assert_eq!((t["title"].as_str(), t["priority"].as_str()), (Some("Old problem"), Some("high")));
    assert_eq!(t["entries"][0]["role"], "customer");
    assert_eq!(t["entries"][0]["author"], "jane@customer.test");
    assert!(env.read(&env.path_of(new)).contains(&format!("follow_up_of: {id}")));
    assert_eq!(env.json(&["show", &id])["entries"].as_array().unwrap().len(), 2, "the closed ticket is untouched");
    env.desk(&["check"]).success();
}

#[test]
fn every_event_and_action_can_drive_a_rule() {
    let env = TestEnv::new();
    let rules = r#"rules:
  - name: notes flag the ticket
    on: note.added
    if: { by: alice, visibility: internal }
    do: [ { add_tags: [noted] } ]
  - name: urgent brings bob in
    on: priority.changed
    if: { to: urgent, from: "!low" }
    do:
      - follow: [bob]
      - notify: { to: [followers], message: "{{ticket.id}} is urgent now" }
  - name: vip copies the manager
    on: ticket.updated
    if: { tag: vip, cc: "!boss@acme.test" }
    do: [ { cc: [boss@acme.test] } ]
  - name: acknowledge customers
    on: reply.customer
    if: { role: customer, query: "-tag:acknowledged" }
    do:
      - reply: "Thanks {{requester.name}}, we are on it."
      - add_tags: [acknowledged]
      - remove_tags: [noted]
  - name: escalations go to engineering
    on: status.changed
    if: { to: on-hold }
    do:
      - assign: { least_open: support }
      - assign: { team: engineering }
      - note: "Escalated while on hold."
  - name: created by phone
    on: ticket.created
    if: { channel: phone }
    do: [ { set: { priority: high } } ]
"#;
    std::fs::write(env.repo.join(".desk/rules.yaml"), rules).unwrap();
    env.git(&["commit", "-qam", "custom rules"]);
    env.desk(&["check"]).success();
    let id = env.new_ticket("Everything", &["--requester", "ann@acme.test", "--channel", "phone"]);
    let t = || env.json(&["show", &id]);
    assert_eq!(t()["priority"], "high", "ticket.created");
    env.ok(&["note", &id, "-m", "Looking."]);
    assert_eq!(t()["tags"], serde_json::json!(["noted"]), "note.added");
    env.ok(&["priority", &id, "urgent"]);
    assert_eq!(t()["priority"], "urgent");
    assert_eq!(t()["followers"], serde_json::json!(["bob"]), "priority.changed → follow");
    let outbox = env.json(&["outbox"]);
    assert_eq!(outbox[0]["to"], serde_json::json!(["bob@example.com"]));
    assert_eq!(outbox[0]["body"], format!("{id} is urgent now"));
    env.ok(&["tag", &id, "vip"]);
    assert_eq!(t()["cc"], serde_json::json!(["boss@acme.test"]), "ticket.updated → cc");
    env.ok(&["reply", &id, "--from", "ann@acme.test", "-m", "Any news?"]);
    let shown = t();
    let last = shown["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["role"].as_str(), last["author"].as_str()), (Some("system"), Some("desk")));
    assert_eq!(last["body"], "Thanks Ann, we are on it.");
    assert_eq!(shown["tags"], serde_json::json!(["vip", "acknowledged"]), "reply.customer → tags");
    env.ok(&["status", &id, "on-hold"]);
    let shown = t();
    assert_eq!((shown["assignee"].as_str(), shown["team"].as_str()), (Some("alice"), Some("engineering")));
    let last = shown["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["visibility"].as_str(), last["body"].as_str()),
        (Some("internal"), Some("Escalated while on hold."))
    );
    env.desk(&["check"]).success();
    env.assert_clean();
}

/// `desk check` names every rule that does not read, each at its own line.
#[test]
fn check_lists_every_broken_rule_at_its_line() {
    let env = TestEnv::new();
    let mut rules = env.read(".desk/rules.yaml");
    let first = rules.lines().count() + 2;
    rules.push_str("\n  - name: y\n    on: ticket.craeted\n    do:\n      - set: { status: open }\n  - name: z\n    on: ticket.created\n    if: { category: unresolved, status: opn }\n    do:\n      - set: { status: open }\n");
    std::fs::write(env.repo.join(".desk/rules.yaml"), rules).unwrap();
    let out = env.desk(&["check"]).code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains(&format!(".desk/rules.yaml:{}: unknown event `ticket.craeted`", first + 1)), "{text}");
    assert!(text.contains(&format!(".desk/rules.yaml:{}: unknown status `opn`", first + 6)), "{text}");
}

#[test]
fn changes_made_within_one_second_fire_their_rules_in_the_order_they_were_made() {
    let env = TestEnv::new().without_automation();
    let id = env.new_ticket("Quick hands", &["--requester", "q@customer.test"]);
    let before = env.head();
    let same_second = desk::clock::format_time(&env.now());
    for args in [vec!["assign", &id, "alice"], vec!["reply", &id, "-m", "On it."]] {
        env.command_in(&env.repo).env("DESK_NOW", &same_second).args(&args).assert().success();
    }
    let report = env.json(&["automate", "--range", &format!("{before}..HEAD")]);
    let fired: Vec<&str> = report["firings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(fired, ["assigned means open", "agent replied, wait for customer"], "{report}");
    assert_eq!(status(&env, &env.repo, &id), "pending");
}

/// `desk check` reports every problem of a rule and of a macro, not only the first, and a
/// missing macro even while other rules are broken (the example in docs/automation.md).
#[test]
fn check_reports_every_problem_of_a_rule_and_a_macro() {
    let env = TestEnv::new();
    let rules = "rules:\n  - name: a\n    on: ticket.craeted\n    if: { assigne: none }\n    do:\n      - sett: { status: open }\n      - set: { priority: critical, status: opn }\n      - reply: { macro: nope }\n  - name: b\n    on: ticket.created\n    do:\n      - note: { macro: gone }\n";
    std::fs::write(env.repo.join(".desk/rules.yaml"), rules).unwrap();
    std::fs::write(env.repo.join(".desk/macros/bad.md"), "---\nstatus: opn\nowner: x\nassignee: zed\n---\nText.\n")
        .unwrap();
    let out = env.desk(&["check"]).code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for expected in [
        ".desk/rules.yaml:3: unknown event `ticket.craeted`",
        ".desk/rules.yaml:4: unknown condition `assigne` (did you mean `assignee`?",
        ".desk/rules.yaml:6: unknown action `sett` (did you mean `set`?",
        ".desk/rules.yaml:7: unknown priority `critical`",
        ".desk/rules.yaml:7: no workflow has a status `opn`",
        ".desk/rules.yaml:9: rule `b` uses macro `gone`, which .desk/macros/ does not have",
        ".desk/macros/bad.md:2: no workflow has a status `opn`",
        ".desk/macros/bad.md:3: unknown macro field `owner`",
        ".desk/macros/bad.md:4: unknown agent `zed`",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

/// A firing that only writes a reply says so in `desk show`, not "a notification or an entry".
#[test]
fn a_firing_record_says_what_it_wrote() {
    let env = TestEnv::new();
    env.append_and_commit(
        ".desk/rules.yaml",
        "  - name: acknowledge\n    on: ticket.created\n    do:\n      - reply: \"We have your request.\"\n",
        "acknowledge new tickets",
    );
    let id = env.new_ticket("Hello", &["--requester", "ann@customer.test"]);
    let shown = env.ok(&["show", &id]);
    assert!(shown.contains("rule `acknowledge`: public reply"), "{shown}");
}
