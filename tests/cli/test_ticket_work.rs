//! Working a ticket: custom fields, time tracking, subtasks and links, attachments, merging.

use crate::common::TestEnv;

fn with_fields(env: &TestEnv) {
    let mut config = env.read(".desk/config.yaml");
    config.push_str(
        "fields:\n  plan: { type: choice, options: [free, pro, enterprise] }\n  seats: { type: number }\n  renewal: { type: date }\n  vip: { type: checkbox }\n  account: { type: text }\n",
    );
    std::fs::write(env.repo.join(".desk/config.yaml"), config).unwrap();
    env.git(&["commit", "-qam", "custom fields"]);
}

#[test]
fn custom_fields_are_validated_set_shown_and_queryable() {
    let env = TestEnv::new();
    with_fields(&env);
    let a = env.new_ticket("Big customer", &[]);
    let b = env.new_ticket("Small customer", &[]);
    let out = env.ok(&["set", &a, "plan=Pro", "seats=120", "renewal=2027-03-01", "vip=yes", "account=ACME 7"]);
    assert!(out.contains("plan pro; seats 120; renewal 2027-03-01; vip true; account ACME 7"), "{out}");
    env.ok(&["set", &b, "plan=free", "seats=3"]);
    let t = env.json(&["show", &a]);
    assert_eq!((t["plan"].as_str(), t["seats"].as_str(), t["vip"].as_str()), (Some("pro"), Some("120"), Some("true")));
    let shown = env.ok(&["show", &a]);
    assert!(shown.contains("plan: pro   seats: 120   renewal: 2027-03-01   vip: true   account: ACME 7"), "{shown}");
    let ids = |query: &str| -> Vec<String> {
        env.json(&["list", query]).as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids("plan:pro"), [a.as_str()]);
    assert_eq!(ids("seats>10"), [a.as_str()]);
    assert_eq!(ids("seats<=3"), [b.as_str()]);
    assert_eq!(ids("renewal<2027-06-01"), [a.as_str()]);
    assert_eq!(ids("vip:true"), [a.as_str()]);
    assert_eq!(ids("plan:free,enterprise -vip:true"), [b.as_str()]);
    assert_eq!(ids("vip:none"), [b.as_str()]);
    let err = env.fails(&["list", "plann:pro"]);
    assert!(err.contains("did you mean `plan`"), "{err}");
    for (bad, message) in [
        ("plan=gold", "`gold` is not one of: free, pro, enterprise"),
        ("seats=many", "`many` is not a number"),
        ("renewal=March", "is not a date"),
        ("vip=maybe", "is not true or false"),
        ("colour=red", "unknown field `colour`"),
    ] {
        let err = env.fails(&["set", &a, bad]);
        assert!(err.contains(message), "{bad}: {err}");
    }
    env.ok(&["set", &a, "account="]);
    assert!(env.json(&["show", &a]).get("account").is_none(), "cleared");
    // A hand edit with a bad value is caught by check.
    let path = env.path_of(&b);
    std::fs::write(env.repo.join(&path), env.read(&path).replace("plan: free", "plan: gold")).unwrap();
    let out = env.desk(&["check"]).code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("custom field `plan`: `gold` is not one of"));
}

#[test]
fn time_is_logged_by_hand_and_by_timer_and_summed_in_timesheets() {
    let env = TestEnv::new();
    let a = env.new_ticket("Printer", &[]);
    let b = env.new_ticket("Router", &[]);
    let out = env.ok(&["time", "log", &a, "1h30m", "-m", "Replaced the fuser", "--billable"]);
    assert!(out.contains("logged 1h 30m (billable): Replaced the fuser; 1h 30m in total"), "{out}");
    env.desk(&["time", "log", &b, "45m", "--as", "bob"]).success();
    // The test clock moves one minute per command: started, then three commands = 3 minutes.
    env.ok(&["timer", "start", &b, "-m", "Firmware update"]);
    let err = env.fails(&["timer", "start", &a]);
    assert!(err.contains("already running on") && err.contains("desk timer stop"), "{err}");
    assert!(env.ok(&["timer", "status"]).contains("Firmware update"));
    let out = env.ok(&["timer", "stop"]);
    assert!(out.contains("logged 3m: Firmware update; 48m in total"), "{out}");
    assert_eq!(env.ok(&["timer", "status"]).trim(), "No timer is running.");
    assert!(env.fails(&["timer", "stop"]).contains("no timer is running"));
    let shown = env.ok(&["show", &a]);
    assert!(shown.contains("alice logged 1h 30m (billable): Replaced the fuser"), "{shown}");
    let public = env.ok(&["show", &a, "--public"]);
    assert!(!public.contains("logged"), "time entries are internal");

    let short = |id: &str| id[..4].to_string();
    let table = env.ok(&["timesheet"]);
    insta::assert_snapshot!(table.replace(&short(&a), "AAAA").replace(&short(&b), "BBBB"), @r"
    TICKET  TIME    BILLABLE  TITLE
    AAAA    1h 30m  1h 30m    Printer
    BBBB    48m     0m        Router
    total   2h 18m  1h 30m
    ");
    let by_agent = env.json(&["timesheet", "--by", "agent"]);
    let rows: Vec<(String, i64)> = by_agent["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["key"].as_str().unwrap().to_string(), r["minutes"].as_i64().unwrap()))
        .collect();
    assert_eq!(rows, [("alice".to_string(), 93), ("bob".to_string(), 45)]);
    let csv = env.ok(&["timesheet", "--agent", "bob", "--format", "csv"]);
    assert_eq!(csv.trim(), format!("ticket,title,minutes,billable_minutes,entries\n{b},Router,45,0,1"));
    let later = env.json(&["timesheet", "--since", "2030-01-01"]);
    assert_eq!(later["minutes"], 0);
    assert!(env.fails(&["time", "log", &a, "soon"]).contains("is not a duration"));
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn subtasks_and_links_are_recorded_on_both_tickets_shown_and_queryable() {
    let env = TestEnv::new();
    let parent = env.new_ticket("Office move", &[]);
    let before = env.head();
    let child = env.new_ticket("Move the printers", &["--parent", &parent[..6]]);
    assert_eq!(env.git(&["rev-list", "--count", &format!("{before}..HEAD")]).trim(), "1", "one commit for both");
    assert_eq!(env.json(&["show", &child])["parent"], parent.as_str());
    assert_eq!(env.json(&["show", &parent])["subtasks"], serde_json::json!([child]));
    let other = env.new_ticket("Network outage", &[]);
    env.ok(&["link", &other, &parent, "--relation", "blocks"]);
    assert_eq!(env.json(&["show", &other])["links"], serde_json::json!([format!("blocks {parent}")]));
    assert_eq!(env.json(&["show", &parent])["links"], serde_json::json!([format!("blocked-by {other}")]));
    let shown = env.ok(&["show", &parent]);
    assert!(
        shown.contains(&format!("subtasks: {child}")) && shown.contains(&format!("links: blocked-by {other}")),
        "{shown}"
    );
    let ids = |query: &str| -> Vec<String> {
        env.json(&["list", query]).as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&format!("parent:{}", &parent[..5])), [child.as_str()]);
    assert_eq!(ids("link:blocks"), [other.as_str()]);
    assert_eq!(ids(&format!("link:{}", &other[..5])), [parent.as_str()]);
    // A parent is not solved while a subtask is open, unless forced.
    let err = env.fails(&["resolve", &parent]);
    assert!(err.contains("open subtasks") && err.contains(&child) && err.contains("--force"), "{err}");
    env.ok(&["resolve", &child]);
    env.ok(&["resolve", &parent]);
    let second = env.new_ticket("Label the desks", &["--parent", &parent]);
    env.ok(&["reopen", &parent]);
    env.fails(&["close", &parent]);
    env.ok(&["close", &parent, "--force"]);
    assert_eq!(env.json(&["show", &second])["status"], "new");
    env.ok(&["link", &other, &parent, "--relation", "blocks", "--remove"]);
    assert_eq!(env.json(&["show", &other])["links"], serde_json::json!([]));
    // Without --relation, --remove takes off whatever links the two, on both.
    env.ok(&["link", &other, &parent, "--relation", "duplicates"]);
    env.ok(&["link", &other, &parent]);
    let removed = env.json(&["link", &other, &parent, "--remove"]);
    assert_eq!(removed["summary"], format!("no longer duplicates, relates {parent}"));
    assert_eq!(env.json(&["show", &other])["links"], serde_json::json!([]));
    assert_eq!(env.json(&["show", &parent])["links"], serde_json::json!([]));
    assert!(env.fails(&["link", &other, &other]).contains("itself"));
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn attachments_are_stored_safely_listed_and_limited() {
    let env = TestEnv::new();
    let id = env.new_ticket("Screen flickers", &[]);
    let files = env.tmp.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(files.join("Screen Shot 1.png"), b"\x89PNG fake image").unwrap();
    std::fs::write(files.join("log.txt"), "line 1\n").unwrap();
    let shot = files.join("Screen Shot 1.png");
    let log = files.join("log.txt");
    let before = env.head();
    let out = env.ok(&["attach", &id, shot.to_str().unwrap(), log.to_str().unwrap()]);
    assert!(out.contains("attached Screen-Shot-1.png, log.txt (internal note)"), "{out}");
    assert_eq!(env.git(&["rev-list", "--count", &format!("{before}..HEAD")]).trim(), "1");
    let dir = format!("attachments/{id}");
    assert_eq!(env.read(&format!("{dir}/log.txt")), "line 1\n");
    let t = env.json(&["show", &id]);
    let entry = t["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(entry["visibility"], "internal");
    assert_eq!(entry["attachments"][0]["path"], format!("{dir}/Screen-Shot-1.png"));
    assert_eq!(entry["attachments"][1]["size"], 7);
    let shown = env.ok(&["show", &id]);
    assert!(shown.contains(&format!("📎 log.txt (7 B) {dir}/log.txt")), "{shown}");
    // A different file with the same name gets a new name; a public attachment shows to the requester.
    std::fs::write(&log, "line 2\n").unwrap();
    let out = env.ok(&["attach", &id, log.to_str().unwrap(), "--public", "-m", "Here is the new log."]);
    assert!(out.contains("log-2.txt (public reply)"), "{out}");
    assert!(env.ok(&["show", &id, "--public"]).contains("log-2.txt"));
    env.append_and_commit(".desk/config.yaml", "attachments:\n  max_size: 10B\n", "tiny attachments");
    let err = env.fails(&["attach", &id, shot.to_str().unwrap()]);
    assert!(err.contains("over the limit of 10 bytes"), "{err}");
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn merging_a_duplicate_moves_its_conversation_and_closes_it() {
    let env = TestEnv::new();
    let keep = env.new_ticket("VPN down", &["--requester", "ann@acme.test"]);
    let dup = env.new_ticket("VPN not working", &["--requester", "bob@acme.test", "--cc", "it@acme.test"]);
    env.ok(&["reply", &dup, "--from", "bob@acme.test", "-m", "Since this morning."]);
    env.ok(&["note", &dup, "-m", "Same as the other one."]);
    let before = env.head();
    let out = env.ok(&["merge", &dup, &keep]);
    assert!(out.contains(&format!("merged {dup} into {keep} (3 entries moved; {dup} closed)")), "{out}");
    assert_eq!(
        env.git(&["rev-list", "--count", &format!("{before}..HEAD")]).trim(),
        "1",
        "one commit, no rule reacted"
    );
    let t = env.json(&["show", &keep]);
    let entries = t["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[2]["body"], "Since this morning.");
    assert_eq!(
        (entries[2]["role"].as_str(), entries[2]["merged_from"].as_str()),
        (Some("customer"), Some(dup.as_str()))
    );
    assert_eq!(entries[3]["visibility"], "internal", "notes stay internal");
    assert_eq!(t["cc"], serde_json::json!(["bob@acme.test", "it@acme.test"]));
    assert_eq!(t["links"], serde_json::json!([format!("duplicated-by {dup}")]));
    let d = env.json(&["show", &dup]);
    assert_eq!(d["status"], "closed");
    assert_eq!(d["links"], serde_json::json!([format!("duplicates {keep}")]));
    assert!(env.fails(&["merge", &dup, &keep]).contains("closed"));
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn export_then_import_into_a_new_repository_gives_the_same_tickets() {
    let env = TestEnv::new();
    with_fields(&env);
    let a = env.new_ticket("Camera", &["--requester", "jane@customer.test", "--tag", "hw", "--priority", "high"]);
    env.ok(&["assign", &a, "alice"]);
    env.ok(&["reply", &a, "-m", "Hold the *power* button.\n\n<!-- desk:entry {} -->\n"]);
    env.ok(&["reply", &a, "--from", "jane@customer.test", "-m", "Still dark."]);
    env.ok(&["note", &a, "-m", "Vendor case 77."]);
    env.ok(&["set", &a, "plan=pro", "seats=12"]);
    env.ok(&["time", "log", &a, "30m", "--billable"]);
    let b = env.new_ticket("Child", &["--parent", &a]);
    env.ok(&["link", &b, &a, "--relation", "relates"]);
    env.ok(&["resolve", &b, "-m", "Done."]);
    let exported = env.ok(&["export", "json"]);
    let csv = env.ok(&["export", "csv", "tag:hw"]);
    assert!(csv.starts_with("id,title,status,type,priority,requester,assignee,team,channel,created,updated,tags,cc,followers,parent,links,entries,description,plan,seats,renewal,vip,account\n"), "{csv}");
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(&format!("{a},Camera,open,question,high,jane@customer.test,alice")), "{csv}");

    // A second repository, the same configuration, then the import.
    let other = env.tmp.path().join("other");
    env.desk_in(env.tmp.path(), &["init", "other"]).success();
    std::fs::copy(env.repo.join(".desk/agents.yaml"), other.join(".desk/agents.yaml")).unwrap();
    std::fs::copy(env.repo.join(".desk/config.yaml"), other.join(".desk/config.yaml")).unwrap();
    env.git_output(&other, &["commit", "-qam", "same config"]);
    std::fs::write(env.tmp.path().join("export.json"), &exported).unwrap();
    let export_path = env.tmp.path().join("export.json");
    let out = env.desk_in(&other, &["import", "json", export_path.to_str().unwrap(), "--json"]).success();
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!((report["imported"].as_u64(), report["skipped"].as_u64()), (Some(2), Some(0)));
    assert_eq!(report["commits"].as_array().unwrap().len(), 1);
    let again = env.desk_in(&other, &["export", "json"]).success();
    assert_eq!(String::from_utf8_lossy(&again.get_output().stdout), exported, "the same tickets, field for field");
    let sla = |dir: &std::path::Path| {
        let out =
            env.command_in(dir).env("DESK_NOW", "2026-11-24T12:00:00Z").args(["sla", &a, "--json"]).assert().success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    };
    assert_eq!(sla(&other), sla(&env.repo), "the same SLA figures");
    // Again: nothing twice.
    let out = env.desk_in(&other, &["import", "json", export_path.to_str().unwrap()]).success();
    assert!(
        String::from_utf8_lossy(&out.get_output().stdout)
            .contains("Imported 0 ticket(s) in 0 commit(s); 2 already there.")
    );
    env.desk_in(&other, &["check"]).success();
}

#[test]
fn zendesk_exports_import_once_with_their_conversations() {
    let env = TestEnv::new();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zendesk");
    let f = |name: &str| fixtures.join(name).to_str().unwrap().to_string();
    let run = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["import", "zendesk"];
        all.extend_from_slice(args);
        env.json(&all)
    };
    let recorded = run(&[&f("incremental_tickets.json"), "--audits", &f("ticket_audits.json")]);
    assert_eq!((recorded["imported"].as_u64(), recorded["deleted"].as_u64()), (Some(70), Some(5)));
    let again = run(&[&f("incremental_tickets.json"), "--audits", &f("ticket_audits.json")]);
    assert_eq!((again["imported"].as_u64(), again["skipped"].as_u64()), (Some(0), Some(70)), "idempotent");

    let made = run(&[
        &f("handmade-tickets.json"),
        "--audits",
        &f("handmade-audits.json"),
        "--users",
        &f("handmade-users.json"),
    ]);
    assert_eq!(made["imported"], 2);
    assert_eq!(made["agents_added"], serde_json::json!(["zendesk-22"]), "carol matched no agent; alice did");
    let found = env.json(&["list", "--all", "tag:printer"]);
    let id = found[0]["id"].as_str().unwrap().to_string();
    let t = env.json(&["show", &id]);
    assert_eq!(
        (t["status"].as_str(), t["priority"].as_str(), t["type"].as_str()),
        (Some("on-hold"), Some("high"), Some("incident"))
    );
    assert_eq!((t["requester"].as_str(), t["assignee"].as_str()), (Some("ann@customer.test"), Some("alice")));
    assert_eq!(t["tags"], serde_json::json!(["printer", "floor-2"]));
    assert_eq!(t["external"], "zendesk:acme.zendesk.com/501");
    let entries = t["entries"].as_array().unwrap();
    let shape: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| (e["author"].as_str().unwrap(), e["role"].as_str().unwrap(), e["visibility"].as_str().unwrap()))
        .collect();
    assert_eq!(
        shape,
        [("ann@customer.test", "customer", "public"), ("alice", "agent", "internal"), ("alice", "agent", "public")]
    );
    let moves: Vec<&serde_json::Value> = t["events"].as_array().unwrap().iter().map(|e| &e["set"]["status"]).collect();
    assert_eq!(moves, [&serde_json::json!(["new", "open"]), &serde_json::json!(["open", "on-hold"])]);
    let solved = env.json(&["list", "--all", "requester:bob@buyer.test"]);
    assert_eq!(solved[0]["status"], "solved");
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn csv_rows_import_with_a_column_map_and_only_once() {
    let env = TestEnv::new();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import.csv");
    let map = "Ref=external,Subject=title,Body=description,Email=requester,State=status,Prio=priority,Labels=tags,Opened=created,Owner=assignee";
    let out = env.desk(&["import", "csv", file.to_str().unwrap(), "--map", map, "--json"]).code(1);
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(report["imported"], 2);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].as_str().unwrap().contains("import.csv:4: unknown status `frozen`"), "{errors:?}");
    let t = env.json(&["list", "--all", "tag:sso"]);
    let id = t[0]["id"].as_str().unwrap().to_string();
    let shown = env.json(&["show", &id]);
    assert_eq!(
        (shown["status"].as_str(), shown["priority"].as_str(), shown["assignee"].as_str()),
        (Some("open"), Some("high"), Some("alice"))
    );
    assert_eq!(shown["entries"][0]["body"], "The login page says \"error 500\".");
    assert_eq!(shown["entries"][0]["role"], "customer");
    assert_eq!(shown["created"], "2026-10-01T00:00:00Z");
    assert_eq!(shown["external"], "csv:import.csv/T-1");
    let again = env.desk(&["import", "csv", file.to_str().unwrap(), "--map", map, "--json"]).code(1);
    let again: serde_json::Value = serde_json::from_slice(&again.get_output().stdout).unwrap();
    assert_eq!((again["imported"].as_u64(), again["skipped"].as_u64()), (Some(0), Some(2)));
    let err = env.fails(&["import", "csv", file.to_str().unwrap()]);
    assert!(err.contains("no column for the title") && err.contains("--map COLUMN=title"), "{err}");
    env.desk(&["check"]).success();
}

#[test]
fn the_report_has_the_figures_and_renders_in_a_browser() {
    let env = TestEnv::new();
    let a = env.new_ticket("Camera", &["--priority", "urgent", "--type", "incident"]);
    env.ok(&["reply", &a, "-m", "Looking."]);
    env.ok(&["time", "log", &a, "2h"]);
    env.ok(&["resolve", &a, "-m", "Fixed."]);
    env.new_ticket("Printer", &["--assignee", "bob"]);
    let report = env.json(&["report", "--since", "2026-11-20"]);
    assert_eq!(
        (report["created"].as_u64(), report["solved"].as_u64(), report["backlog"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(report["days"].as_array().unwrap().len(), 4);
    assert_eq!(report["first_response"]["median_minutes"], 1, "the test clock moves a minute per command");
    assert_eq!(report["first_response"]["buckets"][0]["tickets"], 1);
    let agents: Vec<(String, u64, u64, u64)> = report["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["agent"].as_str().unwrap().to_string(),
                a["open"].as_u64().unwrap(),
                a["solved"].as_u64().unwrap(),
                a["minutes_logged"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(agents, [("alice".to_string(), 0, 1, 120), ("bob".to_string(), 1, 0, 0)]);
    assert!(report["sla_weeks"][0]["compliance_percent"].is_number());

    let site = env.tmp.path().join("site");
    env.ok(&["report", "--since", "2026-11-20", "--html", site.to_str().unwrap(), "--title", "Acme support"]);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("<title>Acme support</title>") && !index.contains("<script"), "no scripts");
    assert!(!index.contains("http://") && !index.contains("https://"), "no external assets");
    for chart in ["volume", "backlog", "first-response", "resolution", "sla", "workload", "time-logged"] {
        let svg = std::fs::read_to_string(site.join(format!("{chart}.svg"))).unwrap();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.trim_end().ends_with("</svg>"),
            "{chart}"
        );
        assert!(index.contains(&format!("src=\"{chart}.svg\"")));
    }
    // Headless Chromium (installed by .ci/run): the page renders and logs no console errors.
    let shot = env.tmp.path().join("shot.png");
    let out = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=900,2400",
            "--enable-logging=stderr",
            "--v=1",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", site.join("index.html").display()))
        .env("HOME", env.tmp.path())
        .output()
        .expect("chromium runs (apt-get install chromium)");
    let log = String::from_utf8_lossy(&out.stderr);
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    let png = std::fs::read(&shot).unwrap_or_default();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "a screenshot with content ({} bytes)", png.len());
}
