//! The search index: always fresh after git moves HEAD (pull, checkout, reset, rebase, worktrees,
//! bare clones), rebuilt when broken, and the working tree's uncommitted edits never missed.

use std::path::Path;

use crate::common::TestEnv;

fn ids_in(env: &TestEnv, dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = args.to_vec();
    all.extend(["--format", "ids"]);
    let out = env.desk_in(dir, &all).success();
    String::from_utf8_lossy(&out.get_output().stdout).lines().map(str::to_string).collect()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

fn stderr_of(env: &TestEnv, dir: &Path, args: &[&str]) -> String {
    let out = env.desk_in(dir, args).success();
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn the_index_follows_pull_checkout_reset_and_rebase() {
    let env = TestEnv::new();
    let camera = env.new_ticket("Camera stays dark", &[]);
    env.new_ticket("Printer jams", &[]);
    assert_eq!(ids_in(&env, &env.repo, &["search", "camera"]), [camera.as_str()]);
    // A second clone adds a ticket; a plain `git pull` brings it, and the next query sees it.
    let other = env.tmp.path().join("other");
    env.git(&["clone", "-q", env.repo.to_str().unwrap(), other.to_str().unwrap()]);
    let lens =
        env.json_in(&other, &["new", "Camera lens scratched", "-m", "A scratch."])["id"].as_str().unwrap().to_string();
    env.git(&["pull", "-q", "--no-rebase", other.to_str().unwrap(), "HEAD"]);
    assert_eq!(sorted(ids_in(&env, &env.repo, &["search", "camera"])), sorted(vec![camera.clone(), lens.clone()]));
    let status = env.json(&["index"]);
    assert_eq!(status["tickets"], 3);
    assert!(status["rebuilt"].is_null(), "caught up incrementally: {status}");
    // Checking out the older commit, and resetting to it, take the new ticket away again.
    env.git(&["checkout", "-q", "HEAD~1"]);
    assert_eq!(ids_in(&env, &env.repo, &["search", "camera"]), [camera.as_str()]);
    env.git(&["checkout", "-q", "-"]);
    assert_eq!(ids_in(&env, &env.repo, &["search", "lens"]), [lens.as_str()]);
    env.git(&["reset", "-q", "--hard", "HEAD~1"]);
    assert!(ids_in(&env, &env.repo, &["search", "lens"]).is_empty());
    // Diverging work on both sides, then a rebase: both tickets are found.
    let mine = env.new_ticket("Camera strap broke", &[]);
    let theirs =
        env.json_in(&other, &["new", "Camera battery drains", "-m", "Fast."])["id"].as_str().unwrap().to_string();
    env.git(&["pull", "-q", "--rebase", other.to_str().unwrap(), "HEAD"]);
    assert_eq!(
        sorted(ids_in(&env, &env.repo, &["search", "camera"])),
        sorted(vec![camera.clone(), lens, mine, theirs])
    );
    // A hand edit committed with plain git is seen too.
    let path = env.path_of(&camera);
    let text = env.read(&path).replace("title: Camera stays dark", "title: Webcam stays dark");
    std::fs::write(env.repo.join(&path), text).unwrap();
    env.git(&["commit", "-qam", "hand edit"]);
    assert_eq!(ids_in(&env, &env.repo, &["search", "webcam"]), [camera.as_str()]);
}

#[test]
fn worktrees_share_one_index_and_bare_clones_have_one() {
    let env = TestEnv::new();
    let id = env.new_ticket("Camera stays dark", &[]);
    let wt = env.tmp.path().join("wt");
    env.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "elsewhere"]);
    let extra = env.json_in(&wt, &["new", "Only on the branch", "-m", "x"])["id"].as_str().unwrap().to_string();
    assert_eq!(sorted(ids_in(&env, &wt, &["list"])), sorted(vec![id.clone(), extra]));
    // The main worktree's HEAD does not have the branch's ticket.
    assert_eq!(ids_in(&env, &env.repo, &["list"]), [id.as_str()]);
    let main_status = env.json(&["index"]);
    let wt_status = env.json_in(&wt, &["index"]);
    assert_eq!(main_status["path"], wt_status["path"], "one index under the common git directory");
    assert!(main_status["path"].as_str().unwrap().ends_with(".git/desk/index"), "{main_status}");
    let bare = env.tmp.path().join("bare.git");
    env.git(&["clone", "-q", "--bare", env.repo.to_str().unwrap(), bare.to_str().unwrap()]);
    assert_eq!(ids_in(&env, &bare, &["search", "camera"]), [id.as_str()]);
    assert!(bare.join("desk/index/meta.json").exists());
}

#[test]
fn a_corrupt_or_missing_index_is_rebuilt_with_a_notice() {
    let env = TestEnv::new();
    let id = env.new_ticket("Camera stays dark", &[]);
    assert_eq!(ids_in(&env, &env.repo, &["list"]), [id.as_str()]);
    let dir = env.repo.join(".git/desk/index");
    std::fs::write(dir.join("meta.json"), "{ not json").unwrap();
    let err = stderr_of(&env, &env.repo, &["list"]);
    assert!(err.contains("the search index was unreadable") && err.contains("rebuilt it (1 ticket)"), "{err}");
    assert_eq!(ids_in(&env, &env.repo, &["list"]), [id.as_str()]);
    std::fs::remove_dir_all(&dir).unwrap();
    let err = stderr_of(&env, &env.repo, &["search", "camera"]);
    assert!(err.contains("the search index was missing: rebuilt it (1 ticket)"), "{err}");
    assert!(stderr_of(&env, &env.repo, &["list"]).is_empty(), "no notice once it is there");
    // tantivy asserts on some truncated files rather than failing: still a rebuild, not a crash.
    let store = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"));
    let file = std::fs::File::options().write(true).open(store.expect("a .store file")).unwrap();
    file.set_len(5).unwrap();
    let err = stderr_of(&env, &env.repo, &["list"]);
    assert!(err.contains("the search index was unreadable") && !err.contains("panicked"), "{err}");
    assert_eq!(ids_in(&env, &env.repo, &["list"]), [id.as_str()]);
    let rebuilt = env.json(&["index", "--rebuild"]);
    assert_eq!((rebuilt["tickets"].as_u64(), rebuilt["rebuilt"].as_str()), (Some(1), Some("requested")));
}

#[test]
fn uncommitted_edits_are_read_from_the_working_tree() {
    let env = TestEnv::new();
    let camera = env.new_ticket("Camera stays dark", &[]);
    let printer = env.new_ticket("Printer jams", &[]);
    let path = env.path_of(&camera);
    let mut text = env.read(&path);
    text.push_str("\nThe zebra pattern appears on screen.\n");
    std::fs::write(env.repo.join(&path), text).unwrap();
    assert_eq!(ids_in(&env, &env.repo, &["search", "zebra"]), [camera.as_str()]);
    std::fs::remove_file(env.repo.join(env.path_of(&printer))).unwrap();
    assert_eq!(ids_in(&env, &env.repo, &["list"]), [camera.as_str()]);
    let status = env.json(&["index"]);
    let uncommitted: Vec<&str> =
        status["uncommitted"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(uncommitted.len(), 2, "{status}");
}

#[test]
fn a_broken_committed_ticket_is_named_on_every_query() {
    let env = TestEnv::new();
    let good = env.new_ticket("Fine", &[]);
    let bad = env.new_ticket("Will break", &[]);
    let path = env.path_of(&bad);
    env.break_yaml(&path);
    env.git(&["commit", "-qam", "break it"]);
    for _ in 0..2 {
        let out = env.desk(&["list", "--format", "ids"]).failure();
        assert_eq!(String::from_utf8_lossy(&out.get_output().stdout).trim(), good);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.contains(&format!("{path}:7:")), "{err}");
    }
    let out = env.desk(&["index", "--json"]).code(1);
    let status: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        (status["unreadable"][0]["path"].as_str(), status["unreadable"][0]["line"].as_u64()),
        (Some(path.as_str()), Some(7))
    );
    assert_eq!(status["tickets"], 1, "the broken file is not counted: {status}");
}

#[test]
fn every_query_form_through_the_index() {
    let env = TestEnv::new();
    env.append_and_commit(
        ".desk/config.yaml",
        "fields:\n  plan: { type: choice, options: [free, pro] }\n  seats: { type: number }\n",
        "custom fields",
    );
    let camera = env.new_ticket(
        "Camera will not turn on",
        &["--requester", "jane@mail.shop.test", "--priority", "high", "--tag", "camera", "--tag", "firmware"],
    );
    let printer = env.new_ticket("Printer jams on page two", &["--requester", "bob@office.test", "--priority", "low"]);
    let spam = env.new_ticket("Cheap camera deals", &["--requester", "spam@junk.test", "--tag", "spam"]);
    env.ok(&["reply", &camera, "-m", "Hold the power button for ten seconds."]);
    env.ok(&["note", &printer, "-m", "Vendor case 77 about the roller."]);
    env.ok(&["set", &camera, "plan=pro", "seats=12"]);
    env.ok(&["set", &printer, "plan=free", "seats=3"]);
    env.ok(&["assign", &camera, "alice"]);
    let ids = |args: &[&str]| sorted(ids_in(&env, &env.repo, args));
    let these = |list: &[&String]| sorted(list.iter().map(|s| s.to_string()).collect());
    assert_eq!(ids(&["search", "camera"]), these(&[&camera, &spam]));
    assert_eq!(ids(&["search", "camera", "-tag:spam"]), these(&[&camera]));
    assert_eq!(ids(&["search", "\"power button\""]), these(&[&camera]));
    assert_eq!(ids(&["search", "roller"]), these(&[&printer]), "internal notes are searched");
    assert_eq!(ids(&["search", "roller OR deals"]), these(&[&printer, &spam]));
    assert_eq!(ids(&["search", "(tag:camera OR priority:low) -tag:spam"]), these(&[&camera, &printer]));
    assert_eq!(ids(&["list", "priority>=high"]), these(&[&camera]));
    assert_eq!(ids(&["list", "assignee:me"]), these(&[&camera]));
    assert_eq!(ids(&["list", "assignee:none"]), these(&[&printer, &spam]));
    assert_eq!(ids(&["list", "domain:shop.test"]), these(&[&camera]));
    assert_eq!(ids(&["list", "requester:bob@office.test"]), these(&[&printer]));
    assert_eq!(ids(&["list", "plan:pro"]), these(&[&camera]));
    assert_eq!(ids(&["list", "seats>5"]), these(&[&camera]));
    assert_eq!(ids(&["list", "plan:none"]), these(&[&spam]));
    assert_eq!(ids(&["list", "created>-1d"]), these(&[&camera, &printer, &spam]));
    assert!(ids(&["list", "created<2026-01-01"]).is_empty());
    assert_eq!(ids(&["list", "title:jam"]), these(&[&printer]), "title: matches part of a word");
    assert_eq!(ids(&["list", &format!("id:{}", &camera[..5])]), these(&[&camera]));
    assert_eq!(ids(&["list", "category:pending"]), these(&[&camera]), "the agent reply set it pending");
    assert_eq!(ids_in(&env, &env.repo, &["search", "camera", "sort:created", "limit:1"]), [camera.as_str()]);
    let err = env.fails(&["list", "priorty:high"]);
    assert!(err.contains("priority"), "a typo suggests the field: {err}");
}

/// Queries the index decides alone (IDs sorted and cut from its columns, no file read) give
/// what reading every ticket gives: `-title:…` makes a query the index cannot decide, so the
/// same query plus it is answered the slow way.
#[test]
fn the_index_alone_answers_as_reading_every_ticket_does() {
    let env = TestEnv::new();
    // Incidents follow their own workflow, with statuses the default one does not have.
    let types =
        env.read(".desk/types.yaml").replace("incident:\n    workflow: default", "incident:\n    workflow: triage");
    std::fs::write(env.repo.join(".desk/types.yaml"), types).unwrap();
    env.append_and_commit(
        ".desk/workflows.yaml",
        "  triage:\n    initial: new\n    statuses:\n      new: { category: new }\n      investigating: { category: open }\n      \
         waiting: { category: pending }\n      fixed: { category: solved }\n      closed: { category: closed }\n    \
         transitions:\n      new: [investigating, waiting, fixed, closed]\n      investigating: [waiting, fixed, closed]\n      \
         waiting: [investigating, fixed, closed]\n      fixed: [investigating, closed]\n      closed: []\n",
        "a triage workflow for incidents",
    );
    let mut made = Vec::new();
    for (i, (title, extra)) in [
        ("Camera stays dark", &["--priority", "high", "--tag", "camera"][..]),
        ("Printer jams", &["--priority", "low"][..]),
        ("Camera lens cracked", &["--type", "incident", "--tag", "camera"][..]),
        ("Router reboots", &["--type", "incident", "--priority", "urgent"][..]),
        ("Invoice missing", &["--type", "question"][..]),
        ("Camera strap", &["--priority", "high"][..]),
        ("Mixed case status", &[][..]),
        ("Foreign status", &["--type", "question"][..]),
    ]
    .into_iter()
    .enumerate()
    {
        env.advance(chrono::Duration::minutes(10 + i as i64));
        made.push(env.new_ticket(title, extra));
    }
    env.ok(&["status", &made[0], "open"]);
    env.ok(&["status", &made[2], "investigating"]);
    env.ok(&["status", &made[3], "fixed"]);
    env.ok(&["resolve", &made[4], "-m", "Sent again."]);
    env.ok(&["reply", &made[1], "-m", "Which tray?"]);
    // Hand edits: a status in other letters, and a status another type's workflow has.
    for (id, status) in [(&made[6], "Open"), (&made[7], "investigating")] {
        let path = env.path_of(id);
        let text = env.read(&path).replacen("status: new", &format!("status: {status}"), 1);
        std::fs::write(env.repo.join(&path), text).unwrap();
    }
    // And a priority in other letters: its SLA targets still apply.
    let path = env.path_of(&made[5]);
    std::fs::write(env.repo.join(&path), env.read(&path).replacen("priority: high", "priority: HIGH", 1)).unwrap();
    env.git(&["commit", "-qam", "hand edits"]);
    let ids_at = |at: chrono::DateTime<chrono::Utc>, args: &[&str]| -> Vec<String> {
        let out = env.command_in(&env.repo).env("DESK_NOW", at.to_rfc3339()).args(args).assert().success();
        String::from_utf8_lossy(&out.get_output().stdout).lines().map(str::to_string).collect()
    };
    // Both at the same time (each command otherwise moves the test clock on by a minute).
    let same = |query: &[&str]| {
        let at = env.now();
        let mut fast_query = query.to_vec();
        fast_query.extend(["--format", "ids"]);
        let fast = ids_at(at, &fast_query);
        fast_query.push("-title:qqqzzz");
        assert_eq!(fast, ids_at(at, &fast_query), "{query:?} at {at}");
        fast
    };
    // SLA targets fall due as time passes (the template's policy covers incidents and
    // questions, in office hours): the index's due times give what evaluating each ticket gives.
    let mut breached_seen = 0;
    for _ in 0..14 {
        env.advance(chrono::Duration::hours(4));
        breached_seen += same(&["list", "sla:breached"]).len();
        same(&["list", "due<2h", "sort:due"]);
        same(&["list", "--all", "sla:met,none", "sort:-due"]);
    }
    assert!(breached_seen > 0, "some target fell due");
    // Just before, at and just after each due time.
    let rows = env.json(&["list", "--all", "--columns", "id,due"]);
    let mut dues: Vec<chrono::DateTime<chrono::Utc>> =
        rows.as_array().unwrap().iter().filter_map(|r| r["due"].as_str()?.parse().ok()).collect();
    dues.sort();
    dues.dedup();
    assert!(dues.len() >= 3, "{rows}");
    for due in &dues {
        for offset in [-60, -1, 0, 1] {
            let at = *due + chrono::Duration::seconds(offset);
            let fast = ids_at(at, &["list", "sla:breached", "--format", "ids"]);
            let slow = ids_at(at, &["list", "sla:breached", "-title:qqqzzz", "--format", "ids"]);
            assert_eq!(fast, slow, "sla:breached at {at}");
        }
    }
    let queries: &[&[&str]] = &[
        &["list", "sla:breached"],
        &["list", "--all", "sla:met"],
        &["list", "--all", "sla:none"],
        &["list", "sla:active,paused"],
        &["list", "sla:breached,met", "--all"],
        &["list", "due<2h"],
        &["list", "due>-1d", "--all", "sort:-due"],
        &["list", "--all", "sort:due,-priority"],
        &["list", "--view", "breached"],
        &["list", "--view", "due-soon"],
        &["list"],
        &["list", "--all"],
        &["list", "category:open"],
        &["list", "category:unresolved"],
        &["list", "category:solved,closed"],
        &["list", "status:open"],
        &["list", "-category:pending", "--all"],
        &["list", "priority>=high", "sort:-created"],
        &["list", "--all", "sort:updated", "limit:3"],
        &["list", "--all", "sort:-id", "limit:2"],
        &["list", "tag:camera", "--all"],
        &["list", "--status", "open", "--type", "incident"],
        &["list", "--all", "sort:-priority,created", "limit:4"],
        &["search", "camera"],
        &["search", "camera", "sort:created"],
        &["search", "camera OR router", "limit:0"],
    ];
    for query in queries {
        let at = env.now();
        let fast = same(query);
        let mut as_json = query.to_vec();
        as_json.push("--json");
        let rows: serde_json::Value = serde_json::from_str(&ids_at(at, &as_json).join("\n")).unwrap();
        let rows: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(fast, rows, "{query:?} as rows");
    }
    // A status outside the ticket's workflow has no category: listed as not resolved, never
    // hidden; `desk check` names both hand edits.
    assert!(ids_in(&env, &env.repo, &["list"]).contains(&made[7]));
    assert!(ids_in(&env, &env.repo, &["list", "--view", "unassigned"]).contains(&made[7]), "views too");
    assert!(!ids_in(&env, &env.repo, &["list", "--all", "sla:none"]).contains(&made[5]), "HIGH has high's targets");
    // Flags take values as queries do: any letter case, and categories with `unresolved`.
    let by_flag = ids_in(&env, &env.repo, &["list", "--status", "Open"]);
    assert_eq!(by_flag, ids_in(&env, &env.repo, &["list", "(status:open OR category:open)"]));
    assert!(by_flag.contains(&made[6]) && by_flag.contains(&made[2]), "{by_flag:?}");
    assert_eq!(ids_in(&env, &env.repo, &["list", "--status", "unresolved"]), ids_in(&env, &env.repo, &["list"]));
    let check = String::from_utf8_lossy(&env.desk(&["check"]).failure().get_output().stdout).into_owned();
    assert!(check.contains(&made[6]) && check.contains(&made[7]), "{check}");
    // The hand-edited `Open` counts as open; a status outside the ticket's workflow has no category.
    assert!(ids_in(&env, &env.repo, &["list", "category:open"]).contains(&made[6]));
    assert!(!ids_in(&env, &env.repo, &["list", "--all", "category:open"]).contains(&made[7]));
    assert!(ids_in(&env, &env.repo, &["list", "category:open"]).contains(&made[2]), "investigating is open");
    assert!(!ids_in(&env, &env.repo, &["list", "sla:breached"]).is_empty(), "some target is breached by now");
    // The dashboard counts from the index's columns what reading every file counts (an index
    // directory that cannot be made makes every command read the files).
    let mut times: Vec<_> = (0..3).map(|i| env.now() - chrono::Duration::hours(30 * i)).collect();
    times.extend(dues.iter().flat_map(|due| [*due - chrono::Duration::minutes(1), *due]));
    let boards = || -> Vec<String> {
        times.iter().map(|at| ids_at(*at, &["dashboard", "--json", "--days", "4"]).join("\n")).collect()
    };
    let from_index = boards();
    let index_dir = env.repo.join(".git/desk/index");
    std::fs::remove_dir_all(&index_dir).unwrap();
    std::fs::write(&index_dir, "not a directory").unwrap();
    for ((at, indexed), read) in times.iter().zip(&from_index).zip(boards()) {
        assert_eq!(*indexed, read, "dashboard at {at}");
    }
    let notice = stderr_of(&env, &env.repo, &["list", "--format", "ids"]);
    assert!(notice.contains("read every ticket file instead"), "{notice}");
    std::fs::remove_file(&index_dir).unwrap();
    env.ok(&["index"]);
    // Other SLA settings: the index is rebuilt (its due times were computed with the old ones).
    let sla = env.read(".desk/sla.yaml").replace("calendar: office", "calendar: 24x7");
    std::fs::write(env.repo.join(".desk/sla.yaml"), sla).unwrap();
    env.git(&["commit", "-qam", "round the clock"]);
    let notice = stderr_of(&env, &env.repo, &["list", "sla:breached", "--format", "ids"]);
    assert!(notice.contains("made with other SLA settings"), "{notice}");
    let fast = ids_in(&env, &env.repo, &["list", "sla:breached"]);
    assert_eq!(fast, ids_in(&env, &env.repo, &["list", "sla:breached", "-title:qqqzzz"]));
}

/// An exact time is an instant: `<=` and `:` include it, `>` and `<` leave it out, on both
/// the index and the files (`-title:…` makes the query read every file).
#[test]
fn exact_times_include_their_instant() {
    let env = TestEnv::new();
    let id = env.new_ticket("Boundary", &[]);
    let created = env.json(&["show", &id])["created"].as_str().unwrap().to_string();
    for slow in [false, true] {
        let ids = |op: &str| {
            let mut args = vec!["list", "--all"];
            let query = format!("created{op}{created}");
            args.push(&query);
            if slow {
                args.push("-title:qqqzzz");
            }
            ids_in(&env, &env.repo, &args)
        };
        for op in ["<=", ":", ">="] {
            assert_eq!(ids(op), std::slice::from_ref(&id), "created{op}{created} (slow: {slow})");
        }
        for op in ["<", ">"] {
            assert!(ids(op).is_empty(), "created{op}{created} (slow: {slow})");
        }
    }
}

#[test]
fn a_rebuild_reports_the_working_tree_as_git_status_does() {
    let env = TestEnv::new();
    let changed = env.new_ticket("Changed by hand", &[]);
    let deleted = env.new_ticket("Deleted by hand", &[]);
    env.new_ticket("Left alone", &[]);
    let changed_path = env.path_of(&changed);
    std::fs::write(env.repo.join(&changed_path), env.read(&changed_path) + "\nmore words\n").unwrap();
    let deleted_path = env.path_of(&deleted);
    std::fs::remove_file(env.repo.join(&deleted_path)).unwrap();
    std::fs::create_dir_all(env.repo.join("tickets/ZZ")).unwrap();
    std::fs::write(env.repo.join("tickets/ZZ/ZZZZZZZZZZ.md"), "not committed\n").unwrap();
    let uncommitted = |dir: &std::path::Path| -> Vec<String> {
        let out = env.desk_in(dir, &["index", "--rebuild", "--json"]).success();
        let status: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        status["uncommitted"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
    };
    let mut expected = vec![changed_path, deleted_path, "tickets/ZZ/ZZZZZZZZZZ.md".to_string()];
    expected.sort();
    assert_eq!(uncommitted(&env.repo), expected);
    // Line-ending conversion makes files differ from their blobs byte for byte, yet git sees no
    // change: neither may the rebuild.
    let clone = env.tmp.path().join("crlf");
    let out = env.git_output(env.tmp.path(), &["clone", "-q", env.repo.to_str().unwrap(), clone.to_str().unwrap()]);
    assert!(out.status.success());
    std::fs::write(clone.join(".git/info/attributes"), "tickets/**/*.md text eol=crlf\n").unwrap();
    std::fs::remove_dir_all(clone.join("tickets")).unwrap();
    env.git_output(&clone, &["checkout", "--", "tickets"]);
    assert!(std::fs::read_to_string(clone.join(env.path_of(&changed))).unwrap().contains("\r\n"));
    let status = env.git_output(&clone, &["status", "--porcelain"]);
    assert_eq!(String::from_utf8_lossy(&status.stdout), "");
    assert_eq!(uncommitted(&clone), Vec::<String>::new());
}
