//! The README's tour, end to end, with the terminal output snapshotted.

use crate::common::TestEnv;

#[test]
fn readme_tour_works_and_leaves_git_clean() {
    let env = TestEnv::new();
    let created = env.json(&[
        "new",
        "Camera will not turn on",
        "--requester",
        "jane@customer.test",
        "--priority",
        "high",
        "-m",
        "It stays dark.",
    ]);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["path"], env.path_of(&id));
    let prefix = &id[..4];
    env.ok(&["assign", prefix, "alice"]);
    env.ok(&["reply", prefix, "-m", "Hold the power button for **ten seconds**."]);
    env.ok(&["reply", prefix, "--from", "jane@customer.test", "-m", "Still dark."]);
    env.ok(&["note", prefix, "-m", "Known firmware bug, vendor case 77."]);
    env.ok(&["resolve", prefix, "-m", "Fixed by firmware 2.1."]);
    env.assert_clean();

    let show = env.ok(&["show", prefix]);
    insta::assert_snapshot!(show.replace(&id, "<ID>").replace(prefix, "<ID>"), @r"
    <ID>  Camera will not turn on
    status: solved (solved)   priority: high   type: question
    requester: jane@customer.test   assignee: alice   team: —
    created 2026-11-23 09:04 UTC via cli · <ID> · tickets/3P/<ID>.md
    SLA standard: first response met · resolution met

    ── Description · alice · 2026-11-23 09:04 UTC
    It stays dark.
      · 2026-11-23 09:05 UTC alice assignee (none) → alice
      · 2026-11-23 09:05 UTC rule `assigned means open`: status new → open

    ── Reply · alice · 2026-11-23 09:06 UTC
    Hold the power button for ten seconds.
      · 2026-11-23 09:06 UTC rule `agent replied, wait for customer`: status open → pending

    ── Message · jane@customer.test · 2026-11-23 09:07 UTC
    Still dark.
      · 2026-11-23 09:07 UTC rule `customer replied, back to agent`: status pending → open; notify alice@example.com

    ┃ 🔒 ── INTERNAL NOTE · alice · 2026-11-23 09:08 UTC
    ┃ Known firmware bug, vendor case 77.

    ── Reply · alice · 2026-11-23 09:09 UTC
    Fixed by firmware 2.1.
      · 2026-11-23 09:09 UTC alice status open → solved
    ");

    let public = env.ok(&["show", prefix, "--public"]);
    assert!(!public.contains("firmware bug"), "internal note leaked: {public}");
    assert!(!public.contains("INTERNAL"));
    insta::assert_snapshot!(public.replace(&id, "<ID>").replace(prefix, "<ID>"), @r"
    <ID>  Camera will not turn on
    status: solved
    requester: jane@customer.test
    created 2026-11-23 09:04 UTC

    ── Description · alice · 2026-11-23 09:04 UTC
    It stays dark.

    ── Reply · alice · 2026-11-23 09:06 UTC
    Hold the power button for ten seconds.

    ── Message · jane@customer.test · 2026-11-23 09:07 UTC
    Still dark.

    ── Reply · alice · 2026-11-23 09:09 UTC
    Fixed by firmware 2.1.
    ");

    let shown = env.json(&["show", prefix]);
    let entries = shown["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 5);
    let roles: Vec<_> =
        entries.iter().map(|e| (e["role"].as_str().unwrap(), e["visibility"].as_str().unwrap())).collect();
    assert_eq!(
        roles,
        [("agent", "public"), ("agent", "public"), ("customer", "public"), ("agent", "internal"), ("agent", "public")]
    );
    for entry in entries {
        for key in ["id", "at", "author", "role", "visibility", "body"] {
            assert!(entry.get(key).is_some(), "entry lacks {key}: {entry}");
        }
    }
    assert_eq!(shown["status"], "solved");
    assert_eq!(shown["category"], "solved");
    assert_eq!(shown["path"], env.path_of(&id));
    let public_json = env.json(&["show", prefix, "--public"]);
    assert_eq!(public_json["entries"].as_array().unwrap().len(), 4);
    assert!(public_json.get("followers").is_none() && public_json.get("assignee").is_none());

    // Solved tickets leave the default list; --all brings them back.
    assert!(env.json(&["list"]).as_array().unwrap().is_empty());
    assert_eq!(env.json(&["list", "--all"]).as_array().unwrap().len(), 1);

    let log = env.json(&["log", prefix]);
    let actions: Vec<_> = log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["resolve", "note", "automation", "customer-reply", "automation", "reply", "automation", "assign", "new"]
    );
    assert_eq!(env.git(&["log", "--format=%an <%ae>", "-1"]).trim(), "Alice Martin <alice@example.com>");
    let message = env.git(&["log", "--format=%B", "-1"]);
    assert!(message.starts_with(&format!("[{id}] resolve: Camera will not turn on")), "{message}");
    assert!(message.contains(&format!("Desk-Ticket: {id}")) && message.contains("Desk-Action: resolve"));
    assert_eq!(env.git(&["show", "--name-only", "--format=", "HEAD"]).trim(), env.path_of(&id));
    env.desk(&["check"]).success();
}

#[test]
fn list_filters_sorts_and_renders_a_table() {
    let env = TestEnv::new();
    let a = env.new_ticket("Printer on fire", &["--priority", "urgent", "--type", "incident", "--tag", "hardware"]);
    let b = env.new_ticket("How do I export?", &["--priority", "low"]);
    let c = env.new_ticket("VPN drops", &["--priority", "high", "--assignee", "bob", "--tag", "network"]);
    env.ok(&["status", &b, "pending"]);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        env.json(&all).as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&[]), [a.as_str(), c.as_str(), b.as_str()]);
    assert_eq!(ids(&["--assignee", "bob"]), [c.as_str()]);
    assert_eq!(ids(&["--assignee", "none"]), [a.as_str(), b.as_str()]);
    assert_eq!(ids(&["--status", "pending"]), [b.as_str()]);
    assert_eq!(ids(&["--status", "new", "--priority", "urgent"]), [a.as_str()]);
    assert_eq!(ids(&["--tag", "network"]), [c.as_str()]);
    assert_eq!(ids(&["--type", "incident"]), [a.as_str()]);
    env.ok(&["assign", &a, "me"]);
    assert_eq!(ids(&["--assignee", "me"]), [a.as_str()]);
    let table = env.ok(&["list"]);
    let short = |id: &str| id[..4].to_string();
    insta::assert_snapshot!(table.replace(&short(&a), "AAAA").replace(&short(&b), "BBBB").replace(&short(&c), "CCCC"), @r"
    ID    PRIORITY  STATUS   TYPE      ASSIGNEE  REQUESTER  UPDATED  TITLE
    AAAA  urgent    open     incident  alice     —          2m       Printer on fire
    CCCC  high      open     question  bob       —          11m      VPN drops
    BBBB  low       pending  question  —         —          10m      How do I export?
    ");
}

#[test]
fn status_close_reopen_priority_tags_cc_followers() {
    let env = TestEnv::new();
    let id = env.new_ticket("Login loop", &["--requester", "ann@example.org"]);
    env.ok(&["status", &id, "on-hold"]);
    env.ok(&["priority", &id, "urgent"]);
    env.ok(&["tag", &id, "login", "sso"]);
    env.ok(&["tag", &id, "sso", "--remove"]);
    env.ok(&["cc", &id, "boss@example.org"]);
    env.ok(&["follow", &id]);
    env.ok(&["follow", &id, "bob"]);
    env.ok(&["follow", &id, "alice", "--remove"]);
    let t = env.json(&["show", &id]);
    assert_eq!(t["status"], "on-hold");
    assert_eq!(t["category"], "open");
    assert_eq!(t["priority"], "urgent");
    assert_eq!(t["tags"], serde_json::json!(["login"]));
    assert_eq!(t["cc"], serde_json::json!(["boss@example.org"]));
    assert_eq!(t["followers"], serde_json::json!(["bob"]));
    env.ok(&["resolve", &id]);
    let solved = env.json(&["show", &id]);
    assert_eq!(solved["status"], "solved");
    assert_eq!(solved["assignee"], "alice", "solving assigns the solver");
    env.ok(&["reopen", &id]);
    assert_eq!(env.json(&["show", &id])["status"], "open");
    env.ok(&["close", &id]);
    assert_eq!(env.json(&["show", &id])["status"], "closed");
    let err = env.fails(&["reopen", &id]);
    assert!(err.contains("closed") && err.contains("follow-up"), "{err}");
    let err = env.fails(&["reply", &id, "-m", "hello?"]);
    assert!(err.contains("is closed"), "{err}");
    // Each change is an event in the file, so history is computable from the file alone.
    let events = env.json(&["show", &id])["events"].as_array().unwrap().len();
    assert_eq!(events, 11);
    // A repeated change commits nothing.
    let head = env.head();
    let out = env.ok(&["priority", &id, "urgent"]);
    assert!(out.contains("nothing to commit"), "{out}");
    assert_eq!(env.head(), head);
    env.assert_clean();
}

#[test]
fn edit_validates_and_records_changes_as_events() {
    let env = TestEnv::new();
    let id = env.new_ticket("Typo in invoice", &[]);
    let path = env.repo.join(env.path_of(&id));
    // An "editor" that changes the status and the description text.
    let editor = env.tmp.path().join("edit.sh");
    std::fs::write(&editor, "#!/bin/sh\nsed -i -e 's/^status: new$/status: pending/' -e 's/^Description.$/Description, corrected./' \"$1\"\n").unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    env.command_in(&env.repo).env("EDITOR", &editor).args(["edit", &id]).assert().success();
    let t = env.json(&["show", &id]);
    assert_eq!(t["status"], "pending");
    assert_eq!(t["entries"][0]["body"], "Description, corrected.");
    assert_eq!(t["events"][0]["set"]["status"], serde_json::json!(["new", "pending"]));
    env.assert_clean();

    // An invalid edit is refused without a terminal and nothing is committed.
    let bad = env.tmp.path().join("bad.sh");
    std::fs::write(&bad, "#!/bin/sh\nsed -i 's/^priority: .*/priority: whenever/' \"$1\"\n").unwrap();
    std::fs::set_permissions(&bad, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let head = env.head();
    let out = env.command_in(&env.repo).env("EDITOR", &bad).args(["edit", &id]).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("unknown priority `whenever`") && err.contains("kept at"), "{err}");
    assert_eq!(env.head(), head);
    assert!(std::fs::read_to_string(&path).unwrap().contains("priority: normal"));
}

/// What an edit changes beyond the modelled fields still shows in the history: `created`, keys
/// holding lists or mappings, and an entry's marker (a note made public).
#[test]
fn edit_records_every_change_a_reader_should_know_of() {
    let env = TestEnv::new();
    let id = env.new_ticket("Secrets", &[]);
    env.ok(&["note", &id, "-m", "Internal only."]);
    let editor = env.tmp.path().join("edit.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i -e 's/\"visibility\":\"internal\"/\"visibility\":\"public\"/' -e 's/^created: .*/created: 2020-01-01T00:00:00Z/' -e 's/^priority: normal$/priority: normal\\nnested: { k: v }/' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let out = env.command_in(&env.repo).env("EDITOR", &editor).args(["edit", &id, "--json"]).assert().success();
    let outcome: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let summary = outcome["summary"].as_str().unwrap();
    let note = env.json(&["show", &id])["entries"][1]["id"].as_str().unwrap().to_string();
    for part in [
        "created 2026-11-23T",
        "→ 2020-01-01T00:00:00Z",
        "nested (none) → {\"k\":\"v\"}",
        &format!("visibility of entry {note} internal → public"),
    ] {
        assert!(summary.contains(part), "missing {part:?} in {summary}");
    }
    env.assert_clean();
}

#[test]
fn messages_come_from_stdin_and_never_wait_without_a_terminal() {
    let env = TestEnv::new();
    let out = env
        .command_in(&env.repo)
        .args(["new", "From a pipe", "-m", "-", "--json"])
        .write_stdin("Line one\nLine two\n")
        .assert()
        .success();
    let id = serde_json::from_slice::<serde_json::Value>(&out.get_output().stdout).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(env.json(&["show", &id])["entries"][0]["body"], "Line one\nLine two");
    let err = env.fails(&["new", "No body"]);
    assert!(err.contains("no description given") && err.contains("-m"), "{err}");
    let err = env.fails(&["reply", &id]);
    assert!(err.contains("no reply given"), "{err}");
    let err = env.fails(&["new"]);
    assert!(err.contains("needs a title"), "{err}");
}

#[test]
fn agents_and_identity() {
    let env = TestEnv::new();
    let agents = env.json(&["agent", "list"]);
    let names: Vec<_> = agents.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["alice", "bob"]);
    // --as beats DESK_AGENT; the commit is authored by the acting agent.
    env.new_ticket("As bob", &["--as", "bob"]);
    assert_eq!(env.git(&["log", "-1", "--format=%ae"]).trim(), "bob@example.com");
    // git config user.email is matched when DESK_AGENT is unset.
    env.git(&["config", "user.email", "bob@example.com"]);
    env.command_in(&env.repo).env_remove("DESK_AGENT").args(["new", "Via git", "-m", "x"]).assert().success();
    assert_eq!(env.git(&["log", "-1", "--format=%ae"]).trim(), "bob@example.com");
    // An unknown identity is an error naming the agents.
    let out = env.command_in(&env.repo).env("DESK_AGENT", "mallory").args(["new", "x", "-m", "y"]).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("`mallory` (from DESK_AGENT) is not an agent") && err.contains("alice, bob"), "{err}");
    // Adding an existing agent again changes nothing (desk init may have added you already).
    let head = env.head();
    let again = env.ok(&["agent", "add", "bob", "--email", "BOB@example.com", "--team", "support"]);
    assert!(again.contains("already an agent"), "{again}");
    assert_eq!(env.head(), head);
    let err = env.fails(&["agent", "add", "bob", "--email", "robert@example.com"]);
    assert!(err.contains("already exists, with email bob@example.com"), "{err}");
    let err = env.fails(&["agent", "add", "carol", "--email", "carol@example.com", "--team", "sales"]);
    assert!(err.contains("unknown team `sales`") && err.contains("support"), "{err}");
    let err = env.fails(&["agent", "add", "Carol!", "--email", "carol@example.com"]);
    assert!(err.contains("cannot be an agent name"), "{err}");
}

#[test]
fn init_makes_the_git_user_the_first_agent() {
    let env = TestEnv::empty();
    std::fs::create_dir_all(&env.repo).unwrap();
    env.git_output(&env.repo, &["init", "-q"]);
    env.git(&["config", "user.email", "Dana.Scully+desk@fbi.example"]);
    env.git(&["config", "user.name", "Dana Scully"]);
    let out = env.command_in(&env.repo).env_remove("DESK_AGENT").args(["init", "--json"]).assert().success();
    let init: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(init["agent"], "dana.scully");
    assert_eq!(init["new_repository"], false);
    env.command_in(&env.repo).env_remove("DESK_AGENT").args(["new", "Mine", "-m", "x"]).assert().success();
    assert_eq!(env.git(&["log", "-1", "--format=%an"]).trim(), "Dana Scully");
    env.assert_clean();
    let again = env.command_in(&env.repo).args(["init"]).assert().failure();
    assert!(String::from_utf8_lossy(&again.get_output().stderr).contains("already a desk repository"));
}

#[test]
fn edit_cannot_drop_history() {
    let env = TestEnv::new();
    let id = env.new_ticket("History", &[]);
    env.ok(&["status", &id, "open"]);
    let editor = env.tmp.path().join("drop-event.sh");
    std::fs::write(&editor, "#!/bin/sh\nsed -i '/desk:event/d' \"$1\"\n").unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let out = env.command_in(&env.repo).env("EDITOR", &editor).args(["edit", &id]).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("removes event") && err.contains("append-only"), "{err}");
    // Leaving the file unchanged commits nothing and still answers --json.
    let out = env.command_in(&env.repo).env("EDITOR", "true").args(["edit", &id, "--json"]).assert().success();
    let outcome: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(outcome["commit"].is_null());
}

#[test]
fn init_adopts_an_existing_repository_without_clobbering_it() {
    let env = TestEnv::empty();
    std::fs::create_dir_all(&env.repo).unwrap();
    env.git_output(&env.repo, &["init", "-q"]);
    std::fs::write(env.repo.join("README.md"), "# Our project\n").unwrap();
    std::fs::write(env.repo.join(".gitattributes"), "*.png binary\n").unwrap();
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "existing"]);
    env.desk(&["init"]).success();
    assert_eq!(env.read("README.md"), "# Our project\n");
    let attributes = env.read(".gitattributes");
    assert!(attributes.starts_with("*.png binary\n") && attributes.contains("tickets/**/*.md -text"), "{attributes}");
    env.assert_clean();
}

#[test]
fn init_inside_a_desk_repository_is_refused() {
    let env = TestEnv::new();
    let head = env.head();
    for dir in ["support", "./support", "a/b"] {
        let err = env.fails(&["init", dir]);
        assert!(err.contains("is inside the desk repository"), "{dir}: {err}");
    }
    assert!(!env.repo.join("support").exists() && !env.repo.join("a").exists(), "nothing is created");
    let err = env.fails(&["init"]);
    assert!(err.contains("is already a desk repository"), "{err}");
    std::fs::create_dir_all(env.repo.join("notes")).unwrap();
    let err = String::from_utf8_lossy(&env.desk_in(&env.repo.join("notes"), &["init"]).failure().get_output().stderr)
        .into_owned();
    assert!(err.contains("is inside the desk repository"), "{err}");
    assert_eq!(env.head(), head);
    env.assert_clean();
}

#[test]
fn the_editor_keeps_markdown_headings() {
    if !crate::common::script_available() {
        return;
    }
    let env = TestEnv::new();
    let id = env.new_ticket("Edited reply", &[]);
    let editor = env.tmp.path().join("write.sh");
    // Writes a message above the scissors line the template starts with.
    std::fs::write(
        &editor,
        "#!/bin/sh\n{ printf '# Steps\\n\\n1. Restart\\n'; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let status =
        env.in_terminal(&format!("desk reply {id}")).env("EDITOR", &editor).env("TERM", "dumb").status().unwrap();
    assert!(status.success());
    let shown = env.json(&["show", &id]);
    let last = shown["entries"].as_array().unwrap().last().unwrap()["body"].as_str().unwrap().to_string();
    assert_eq!(last, "# Steps\n\n1. Restart");
}

#[test]
fn queries_views_search_and_formats() {
    let env = TestEnv::new();
    let camera = env.new_ticket(
        "Camera will not turn on",
        &["--priority", "high", "--tag", "camera", "--requester", "jane@shop.test"],
    );
    let export = env
        .new_ticket("Export times out", &["--priority", "urgent", "--assignee", "bob", "--requester", "ops@corp.test"]);
    let old = env.new_ticket("Old question", &["--priority", "low", "--requester", "kim@shop.test"]);
    env.ok(&["note", &camera, "-m", "Vendor says: hold the power button"]);
    env.ok(&["resolve", &old, "-m", "Answered."]);
    let ids = |args: &[&str]| -> Vec<String> {
        let out = env.ok(&[&args[..1], &["--format", "ids"], &args[1..]].concat());
        out.lines().map(str::to_string).collect()
    };
    assert_eq!(ids(&["list", "priority>=high"]), [export.as_str(), camera.as_str()]);
    assert_eq!(ids(&["list", "tag:camera OR assignee:bob", "sort:created"]), [camera.as_str(), export.as_str()]);
    assert_eq!(ids(&["list", "domain:shop.test"]), [camera.as_str()]);
    assert_eq!(ids(&["list", "domain:shop.test", "--all"]), [camera.as_str(), old.as_str()]);
    assert_eq!(ids(&["list", "category:solved"]), [old.as_str()]);
    assert_eq!(ids(&["list", "--", "-assignee:none"]), [export.as_str()]);
    assert_eq!(ids(&["list", "NOT assignee:none"]), [export.as_str()]);
    assert_eq!(ids(&["list", "limit:1"]), [export.as_str()]);
    assert_eq!(ids(&["list", "--sort", "title"]), [camera.as_str(), export.as_str()]);
    // Free text reaches internal notes (agents search them) and quoted phrases match exactly.
    assert_eq!(ids(&["search", "\"power button\""]), [camera.as_str()]);
    assert_eq!(ids(&["search", "answered"]), [old.as_str()]);
    assert!(ids(&["search", "\"button power\""]).is_empty());
    // Saved views from the template.
    assert_eq!(ids(&["view", "unassigned"]), [camera.as_str()]);
    assert_eq!(ids(&["list", "--view", "solved-recently"]), [old.as_str()]);
    env.command_in(&env.repo)
        .env("DESK_AGENT", "bob")
        .args(["view", "mine", "--format", "ids"])
        .assert()
        .stdout(format!("{export}\n"));
    let views = env.json(&["view"]);
    assert!(views.as_array().unwrap().iter().any(|v| v["name"] == "pending-customer"));
    // CSV has a header and full values.
    let csv = env.ok(&["list", "--format", "csv", "--columns", "id,priority,tags,title"]);
    assert_eq!(csv.lines().next(), Some("id,priority,tags,title"));
    assert!(csv.contains(&format!("{camera},high,camera,Camera will not turn on")), "{csv}");
    // Grouping.
    let grouped = env.ok(&["list", "--group-by", "assignee"]);
    assert!(grouped.contains("assignee: bob (1)") && grouped.contains("assignee: (none) (1)"), "{grouped}");
    // Mistakes are explained.
    let err = env.fails(&["list", "stauts:open"]);
    assert!(err.contains("did you mean `status`"), "{err}");
    let err = env.fails(&["view", "nope"]);
    assert!(err.contains("no view named `nope`") && err.contains("unassigned"), "{err}");
    let err = env.fails(&["list", "--group-by", "colour"]);
    assert!(err.contains("cannot group by"), "{err}");
}

#[test]
fn sla_targets_badges_reset_and_validation() {
    let env = TestEnv::new();
    // Monday 23 Nov 2026 09:00 UTC (10:00 in Paris): the template's office calendar is open.
    let id = env.new_ticket("Printer on fire", &["--type", "incident", "--priority", "urgent"]);
    let sla = env.json(&["sla", &id]);
    assert_eq!(sla["policy"], "standard");
    let first = &sla["targets"][0];
    assert_eq!((first["metric"].as_str(), first["state"].as_str()), (Some("first_response"), Some("active")));
    assert!(first.get("intervals").is_none(), "intervals only with --explain");
    env.ok(&["reply", &id, "-m", "On it."]);
    env.ok(&["status", &id, "pending"]);
    let sla = env.json(&["sla", &id, "--explain"]);
    assert_eq!(sla["targets"][0]["state"], "met");
    assert_eq!(sla["targets"][1]["metric"], "resolution");
    assert_eq!(sla["targets"][1]["state"], "paused");
    let kinds: Vec<_> = sla["targets"][1]["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds.last().map(String::as_str), Some("paused"));
    let show = env.ok(&["show", &id]);
    assert!(show.contains("SLA standard: first response met · resolution paused"), "{show}");
    assert!(!env.ok(&["show", &id, "--public"]).contains("SLA"));
    let text = env.ok(&["sla", &id, "--explain"]);
    assert!(text.contains("paused (pending)") && text.contains("metrics: first response"), "{text}");
    env.ok(&["sla", "reset", &id]);
    let sla = env.json(&["sla", &id]);
    assert_ne!(sla["started"], env.json(&["show", &id])["created"]);
    // A task matches no policy.
    let task = env.new_ticket("Chore", &["--type", "task"]);
    assert!(env.json(&["sla", &task])["policy"].is_null());
    // A broken policy is reported by check with file and line.
    std::fs::write(env.repo.join(".desk/sla.yaml"), "policies:\n  - name: x\n    tragets: {}\n").unwrap();
    let out = env.desk(&["check"]).code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.starts_with(".desk/sla.yaml:3:") && stdout.contains("tragets"), "{stdout}");
}

#[test]
fn sla_fields_are_queryable_and_sortable() {
    let env = TestEnv::new().without_automation();
    // Created Monday 09:0x UTC; urgent incidents get 1h for the first response.
    let late = env.new_ticket("Late", &["--type", "incident", "--priority", "urgent"]);
    let answered = env.new_ticket("Answered", &["--type", "incident", "--priority", "urgent"]);
    env.ok(&["reply", &answered, "-m", "Looking."]);
    let calm = env.new_ticket("Calm", &["--type", "incident", "--priority", "low"]);
    let task = env.new_ticket("No SLA", &["--type", "task"]);
    let at = |time: &str, args: &[&str]| -> Vec<String> {
        let out = env
            .command_in(&env.repo)
            .env("DESK_NOW", time)
            .args([&args[..1], &["--format", "ids"], &args[1..]].concat())
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).lines().map(str::to_string).collect()
    };
    assert_eq!(at("2026-11-23T09:30:00Z", &["list", "sla:breached"]), Vec::<String>::new());
    assert_eq!(at("2026-11-23T10:30:00Z", &["list", "sla:breached"]), [late.as_str()]);
    assert_eq!(at("2026-11-23T10:30:00Z", &["view", "breached"]), [late.as_str()]);
    assert_eq!(at("2026-11-23T10:30:00Z", &["list", "sla:none"]), [task.as_str()]);
    assert_eq!(at("2026-11-23T09:30:00Z", &["list", "due<1h"]), [late.as_str()]);
    assert_eq!(at("2026-11-23T09:30:00Z", &["list", "sla:due<1h"]), [late.as_str()]);
    assert_eq!(at("2026-11-23T09:30:00Z", &["view", "due-soon"]), [late.as_str()]);
    assert_eq!(
        at("2026-11-23T09:30:00Z", &["list", "sort:due"]),
        [late.as_str(), answered.as_str(), calm.as_str(), task.as_str()]
    );
    let rows = env.json(&["list", "sla:active,breached,paused"]);
    assert!(rows.as_array().unwrap().iter().all(|r| r.get("sla").is_some() && r.get("due").is_some()));
    assert!(env.json(&["list"]).as_array().unwrap().iter().all(|r| r.get("sla").is_none()), "SLA only when asked for");
    let err = env.fails(&["list", "sla:late"]);
    assert!(err.contains("not an SLA state") && err.contains("breached"), "{err}");
}

#[test]
fn a_refused_init_leaves_no_repository_behind() {
    let env = TestEnv::empty();
    std::fs::create_dir_all(&env.repo).unwrap();
    std::fs::write(env.repo.join("README.md"), "mine\n").unwrap();
    let out = env.desk(&["init"]).failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("README.md exists but is not committed"), "{err}");
    assert!(!env.repo.join(".git").exists(), "a half-made repository was left behind");
    assert_eq!(std::fs::read_to_string(env.repo.join("README.md")).unwrap(), "mine\n");
}

/// Figures checked by hand: see the comments for each ticket (office hours, all in one day).
#[test]
fn sla_report_and_simulate_on_a_small_fixture() {
    let env = TestEnv::new().without_automation();
    let run = |time: &str, args: &[&str]| -> String {
        let out = env.command_in(&env.repo).env("DESK_NOW", time).args(args).assert().success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    let new = |time: &str, title: &str, extra: &[&str]| -> String {
        let out = run(time, &[&["new", title, "-m", "x", "--json"], extra].concat());
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["id"].as_str().unwrap().to_string()
    };
    // T1 urgent: first reply after 30m (met, 1h target), solved after 1h (met, 8h target).
    let t1 = new("2026-11-23T09:00:00Z", "T1", &["--type", "incident", "--priority", "urgent"]);
    run("2026-11-23T09:30:00Z", &["reply", &t1, "-m", "hi"]);
    run("2026-11-23T10:00:00Z", &["resolve", &t1]);
    // T2 urgent: first reply after 1h30 (breached); resolution still running (not counted).
    let t2 = new("2026-11-23T09:00:00Z", "T2", &["--type", "incident", "--priority", "urgent"]);
    run("2026-11-23T10:30:00Z", &["reply", &t2, "-m", "late"]);
    // T3 high, bob's: no reply; 4h target due 13:00, so breached at 14:00.
    new("2026-11-23T09:00:00Z", "T3", &["--type", "question", "--priority", "high", "--assignee", "bob"]);
    // A task: no policy, not counted.
    new("2026-11-23T09:00:00Z", "T4", &["--type", "task"]);
    let out = run("2026-11-23T14:00:00Z", &["sla", "report", "--since", "2026-11-23", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let all = &report["all"];
    assert_eq!((all["tickets"].as_u64(), all["met"].as_u64(), all["breached"].as_u64()), (Some(3), Some(2), Some(2)));
    assert_eq!(all["compliance_percent"], 50.0);
    assert_eq!(
        (all["first_response_median_minutes"].as_i64(), all["first_response_p90_minutes"].as_i64()),
        (Some(30), Some(90))
    );
    assert_eq!(all["resolution_median_minutes"], 60);
    let groups = |key: &str| -> Vec<(String, u64)> {
        report[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["group"].as_str().unwrap().to_string(), g["tickets"].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(groups("by_priority"), [("high".to_string(), 1), ("urgent".to_string(), 2)]);
    assert_eq!(groups("by_agent"), [("(none)".to_string(), 1), ("alice".to_string(), 1), ("bob".to_string(), 1)]);
    let text = run("2026-11-23T14:00:00Z", &["sla", "report", "--since", "-1d"]);
    assert!(text.contains("50.0%") && text.contains("priority urgent"), "{text}");
    // A laxer proposal: 2h first response for urgent and 6h for high meets everything decided.
    let proposal = env.tmp.path().join("proposal.yaml");
    std::fs::write(
        &proposal,
        "policies:\n  - name: lax\n    match: { type: [incident, question] }\n    targets:\n      urgent: { first_response: 2h, resolution: 8h }\n      high: { first_response: 6h }\n",
    )
    .unwrap();
    let out = run("2026-11-23T14:00:00Z", &["sla", "simulate", proposal.to_str().unwrap(), "--since", "-1d", "--json"]);
    let sim: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sim["current"]["all"]["compliance_percent"], 50.0);
    assert_eq!(sim["proposed"]["all"]["compliance_percent"], 100.0);
}

#[test]
fn dashboard_counts_open_work_sla_and_history() {
    let env = TestEnv::new();
    let a = env.new_ticket("A", &["--type", "incident", "--priority", "urgent", "--assignee", "bob"]);
    let b = env.new_ticket("B", &["--priority", "low"]);
    let c = env.new_ticket("C", &[]);
    env.ok(&["status", &b, "pending"]);
    env.ok(&["resolve", &c, "-m", "done"]);
    let out = env
        .command_in(&env.repo)
        .env("DESK_NOW", "2026-11-23T12:00:00Z")
        .args(["dashboard", "--json", "--days", "3"])
        .assert()
        .success();
    let board: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        (board["tickets"].as_u64(), board["unresolved"].as_u64(), board["unassigned"].as_u64()),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!((board["waiting_on_agent"].as_u64(), board["pending_customer"].as_u64()), (Some(1), Some(1)));
    assert_eq!(board["sla_breached"], 1, "{a}: urgent, no reply for 3h");
    assert_eq!(board["by_agent"][0]["name"], "(none)");
    assert_eq!(board["by_priority"][0]["name"], "urgent");
    let days = board["days"].as_array().unwrap();
    assert_eq!(days.len(), 3);
    assert_eq!((days[2]["created"].as_u64(), days[2]["solved"].as_u64()), (Some(3), Some(1)));
    let text = env.ok(&["dashboard"]);
    assert!(text.contains("2 unresolved · 1 unassigned") && text.contains("created"), "{text}");
}

#[test]
fn long_output_on_a_terminal_goes_through_the_pager() {
    if !crate::common::script_available() {
        return;
    }
    let env = TestEnv::new();
    for n in 0..30 {
        env.new_ticket(&format!("Ticket {n}"), &[]);
    }
    let run = |pager: &str| {
        let out = env
            .in_terminal("stty rows 10 cols 100; desk list")
            .env("DESK_PAGER", pager)
            .env("TERM", "dumb")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let paged = run("sed 's/^/paged: /'");
    assert!(paged.lines().filter(|l| l.starts_with("paged: ")).count() > 30, "{paged}");
    let plain = run("cat");
    assert!(!plain.contains("paged: ") && plain.contains("Ticket 29"), "{plain}");
    // Not a terminal: never paged.
    assert!(!env.ok(&["list"]).contains("paged: "));
}

#[test]
fn a_type_can_have_its_own_workflow() {
    let env = TestEnv::new();
    let workflows = env.read(".desk/workflows.yaml")
        + "  chores:\n    initial: todo\n    statuses:\n      todo:\n        category: new\n      doing:\n        category: open\n      done:\n        category: solved\n    transitions:\n      todo: [doing]\n      doing: [done, todo]\n      done: []\n";
    std::fs::write(env.repo.join(".desk/workflows.yaml"), workflows).unwrap();
    std::fs::write(
        env.repo.join(".desk/types.yaml"),
        env.read(".desk/types.yaml").replace("  task:\n    workflow: default", "  task:\n    workflow: chores"),
    )
    .unwrap();
    env.git(&["commit", "-qam", "a workflow for tasks"]);
    env.desk(&["check"]).success();
    let id = env.new_ticket("Water the plants", &["--type", "task"]);
    assert_eq!(env.json(&["show", &id])["status"], "todo");
    let err = env.fails(&["status", &id, "done"]);
    assert!(err.contains("cannot go from todo to done") && err.contains("doing"), "{err}");
    env.ok(&["status", &id, "doing"]);
    env.ok(&["resolve", &id]);
    let shown = env.json(&["show", &id]);
    assert_eq!((shown["status"].as_str(), shown["category"].as_str()), (Some("done"), Some("solved")));
    let err = env.fails(&["status", &id, "open"]);
    assert!(err.contains("unknown status `open` for task tickets") && err.contains("todo, doing, done"), "{err}");
}

/// `desk check` lists every problem of `.desk/sla.yaml`, each at the line it is on.
#[test]
fn check_lists_every_sla_problem_at_its_line() {
    let env = TestEnv::new();
    let sla = "calendars:\n  office:\n    timezone: Mars/Olympus\n    hours: { mon-fry: \"09:00-17:30\" }\n    holidays: [2026-12-25, 2026-13-25]\n  night:\n    timezone: UTC\n    hours: { mon-fry: \"9-5\" }\npolicies:\n  - name: standard\n    calendar: office\n    pause_on: [pendng]\n    targets:\n      urgent: { first_response: 1h, resolution: soon }\n      hihg: { first_response: 4h }\n";
    std::fs::write(env.repo.join(".desk/sla.yaml"), sla).unwrap();
    let out = env.desk(&["check"]).code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for expected in [
        ".desk/sla.yaml:3: calendar `office`: unknown time zone `Mars/Olympus`",
        ".desk/sla.yaml:4: calendar `office`:",
        ".desk/sla.yaml:5: calendar `office`: holiday `2026-13-25` is not a date",
        ".desk/sla.yaml:8: calendar `night`:",
        ".desk/sla.yaml:12: policy `standard`: unknown status `pendng`",
        ".desk/sla.yaml:14: policy `standard`, priority urgent: `soon` is not a duration",
        ".desk/sla.yaml:15: policy `standard`: unknown priority `hihg`",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}
