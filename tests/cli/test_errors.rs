//! Bad input: non-zero exit, a message listing the valid choices, nothing written.

use crate::common::TestEnv;

#[test]
fn unknown_values_list_the_choices_and_write_nothing() {
    let env = TestEnv::new();
    let id = env.new_ticket("Broken", &[]);
    let head = env.head();
    let cases: &[(&[&str], &[&str])] = &[
        (&["assign", &id, "zed"], &["unknown agent `zed`", "alice, bob"]),
        (&["status", &id, "done"], &["unknown status `done`", "new, open, pending, on-hold, solved, closed"]),
        (&["priority", &id, "asap"], &["unknown priority `asap`", "low, normal, high, urgent"]),
        (&["new", "x", "-m", "y", "--type", "bug"], &["unknown type `bug`", "question, incident, problem, task"]),
        (&["new", "x", "-m", "y", "--requester", "not-an-email"], &["not an email address"]),
        (&["cc", &id, "nope"], &["not an email address"]),
        (&["tag", &id, "two words"], &["is not a tag"]),
        (&["show", "ZZZZ"], &["no ticket matches `ZZZZ`"]),
        (&["show", "U!"], &["is not a ticket ID"]),
        (&["reopen", &id], &["not solved"]),
    ];
    for (args, needles) in cases {
        let err = env.fails(args);
        for needle in *needles {
            assert!(err.contains(needle), "desk {args:?}: expected {needle:?} in:\n{err}");
        }
        assert!(err.starts_with("error: "), "{err}");
    }
    assert_eq!(env.head(), head, "a failed command committed something");
    env.assert_clean();
}

#[test]
fn disallowed_transitions_name_the_allowed_ones() {
    let env = TestEnv::new();
    let id = env.new_ticket("Final", &[]);
    env.ok(&["close", &id]);
    let err = env.fails(&["status", &id, "open"]);
    assert!(err.contains("cannot go from closed to open") && err.contains("final"), "{err}");
    let id2 = env.new_ticket("Solved", &[]);
    env.ok(&["resolve", &id2]);
    let err = env.fails(&["status", &id2, "pending"]);
    assert!(err.contains("cannot go from solved to pending") && err.contains("open, closed"), "{err}");
}

#[test]
fn ambiguous_prefixes_list_the_candidates() {
    let env = TestEnv::new();
    // Two hand-made tickets sharing a prefix, committed with plain git.
    let template = env.read(&env.path_of(&env.new_ticket("Template", &[])));
    for id in ["AB12340000", "AB12350000"] {
        let path = env.path_of(id);
        std::fs::create_dir_all(env.repo.join(&path).parent().unwrap()).unwrap();
        let text = template
            .lines()
            .map(|l| if l.starts_with("id: ") { format!("id: {id}") } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(env.repo.join(&path), text + "\n").unwrap();
    }
    env.git(&["add", "tickets"]);
    env.git(&["commit", "-qm", "hand-made tickets"]);
    let err = env.fails(&["show", "ab123"]);
    assert!(err.contains("`ab123` is ambiguous: it matches AB12340000, AB12350000"), "{err}");
    // Lowercase and Crockford look-alikes resolve (o → 0, l → 1).
    let shown = env.json(&["show", "ab1234oooo"]);
    assert_eq!(shown["id"], "AB12340000");
    env.ok(&["note", "AB1235", "-m", "by prefix"]);
    env.desk(&["check"]).success();
}

#[test]
fn a_broken_ticket_never_hides_the_others() {
    let env = TestEnv::new();
    let good = env.new_ticket("Fine", &[]);
    let bad = env.new_ticket("Will break", &[]);
    let path = env.path_of(&bad);
    env.break_yaml(&path);
    let out = env.desk(&["list", "--json"]).failure();
    let rows: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["id"], good.as_str());
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    // The YAML parser notices the unclosed list on the line after it.
    assert!(err.contains(&format!("{path}:7:")) && err.contains("not valid YAML"), "{err}");
    let out = env.desk(&["check"]).code(1);
    let problems = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert_eq!(problems.lines().count(), 1, "{problems}");
    assert!(problems.starts_with(&format!("{path}:7: ")), "{problems}");
    // The broken file has uncommitted changes: writes to it are refused, the file is untouched.
    let err = env.fails(&["note", &bad, "-m", "x"]);
    assert!(err.contains("uncommitted changes") && err.contains("git restore"), "{err}");
    assert!(env.read(&path).contains("[unclosed"));
}

#[test]
fn check_reports_every_problem_with_file_and_line() {
    let env = TestEnv::new().without_automation();
    let id = env.new_ticket("Checked", &["--assignee", "bob"]);
    let path = env.path_of(&id);
    let text = env
        .read(&path)
        .replace("status: new", "status: wip")
        .replace("assignee: bob", "assignee: ghost")
        .replace(&format!("id: {id}"), "id: WRONG00000");
    std::fs::write(env.repo.join(&path), text).unwrap();
    std::fs::write(env.repo.join("tickets/stray.txt"), "x").unwrap();
    std::fs::create_dir_all(env.repo.join("tickets/ZZ")).unwrap();
    std::fs::write(env.repo.join("tickets/ZZ/notes.md"), "x").unwrap();
    let out = env.desk(&["check"]).code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let lines: Vec<_> = stdout.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with(&format!("{path}:2: `id: WRONG00000` does not match"))), "{stdout}");
    assert!(lines.iter().any(|l| l.starts_with(&format!("{path}:4: unknown status `wip`"))), "{stdout}");
    assert!(lines.iter().any(|l| l.starts_with(&format!("{path}:7: assignee `ghost` is not an agent"))), "{stdout}");
    assert!(lines.iter().any(|l| l.starts_with("tickets/ZZ/notes.md:1: not a ticket file name")), "{stdout}");
    let json = env.desk(&["check", "--json"]).code(1);
    let report: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(report["problems"].as_array().unwrap().len(), lines.len());
}

#[test]
fn outside_a_repository_and_bad_clock() {
    let env = TestEnv::empty();
    let out = env.desk_in(env.tmp.path(), &["list"]).failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("not a desk repository") && err.contains("desk init"), "{err}");
    let env = TestEnv::new();
    let out = env.command_in(&env.repo).env("DESK_NOW", "yesterday").args(["list"]).assert().failure();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("DESK_NOW"));
    // Usage errors exit 2 (argument parsing).
    env.desk(&["frobnicate"]).code(2);
}

#[test]
fn unresolved_merge_conflicts_are_reported_by_check() {
    let env = TestEnv::new();
    let id = env.new_ticket("Conflicted", &[]);
    env.git(&["checkout", "-q", "-b", "side"]);
    env.ok(&["note", &id, "-m", "on the side branch"]);
    env.git(&["checkout", "-q", "-"]);
    env.ok(&["note", &id, "-m", "on the main branch"]);
    // Without desk's merge driver (a fresh clone has none registered) git merges lines.
    env.git(&["config", "--remove-section", "merge.desk"]);
    let merge = env.git_output(&env.repo, &["merge", "-q", "side"]);
    assert!(!merge.status.success(), "expected a textual conflict");
    let out = env.desk(&["check"]).code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains(&env.path_of(&id)) && stdout.contains("unresolved merge conflict"), "{stdout}");
    let err = env.fails(&["show", &id]);
    assert!(err.contains("unresolved merge conflict"), "{err}");
    env.git(&["merge", "--abort"]);
    // A customer pasting a conflict into a message is just text.
    env.ok(&["reply", &id, "--from", "dev@customer.test", "-m", "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> b"]);
    env.desk(&["check"]).success();
    let shown = env.json(&["show", &id]);
    let last = shown["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["body"], "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> b");
}

#[test]
fn list_filters_are_validated() {
    let env = TestEnv::new();
    env.new_ticket("Mine", &["--assignee", "alice"]);
    let err = env.fails(&["list", "--status", "nonsense"]);
    assert!(err.contains("unknown status `nonsense`") && err.contains("on-hold"), "{err}");
    let err = env.fails(&["list", "--priority", ">=high"]);
    assert!(err.contains("unknown priority"), "{err}");
    let err = env.fails(&["list", "--type", "bug"]);
    assert!(err.contains("unknown type `bug`"), "{err}");
    // Agents may be named by email, as everywhere else, and by name in any case.
    assert_eq!(env.json(&["list", "--assignee", "alice@example.com"]).as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["list", "--assignee", "ALICE"]).as_array().unwrap().len(), 1);
    // Query values the configuration lists are checked like the flags.
    let err = env.fails(&["search", "status:opn"]);
    assert!(err.contains("unknown status `opn`: did you mean `open`?") && err.contains("on-hold"), "{err}");
    let err = env.fails(&["list", "priority>=critical"]);
    assert!(err.contains("unknown priority `critical`"), "{err}");
    let err = env.fails(&["search", "assignee:robert"]);
    assert!(err.contains("unknown agent `robert`") && err.contains("alice"), "{err}");

    // The default rules open an assigned ticket.
    assert_eq!(env.json(&["list", "--status", "open"]).as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["list", "--status", "new"]).as_array().unwrap().len(), 0);
    // A negated word may be its own shell word.
    env.new_ticket("Camera firmware", &[]);
    env.new_ticket("Camera lens", &[]);
    let found = env.json(&["search", "camera", "-firmware"]);
    let titles: Vec<&str> = found.as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Camera lens"]);
    // A flag's value that starts with a dash stays the flag's value.
    let sorted = env.json(&["search", "camera", "--sort", "-created"]);
    assert_eq!(sorted[0]["title"], "Camera lens");
}

#[test]
fn check_lints_drafted_public_replies() {
    let env = TestEnv::new();
    let id = env.new_ticket("Drafts", &["--requester", "jane@customer.test"]);
    env.ok(&["note", &id, "-m", "Internal: the vendor admitted the firmware 2.0 bricks cameras"]);
    env.ok(&["reply", &id, "-m", "Hello {{requester.name}}, please see the attached guide."]);
    env.ok(&["reply", &id, "-m", "FYI the vendor admitted the firmware 2.0 bricks cameras"]);
    let path = env.path_of(&id);
    let out = env.desk(&["check"]).code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("unfilled placeholder {{requester.name}}"), "{stdout}");
    assert!(stdout.contains("mentions an attachment but has none"), "{stdout}");
    assert!(stdout.contains("quotes internal note"), "{stdout}");
    assert!(stdout.lines().all(|l| l.starts_with(&format!("{path}:"))), "{stdout}");
    // A macro's text sent as a note and then as a reply is the team's boilerplate, not a leak.
    let shared = env.new_ticket("Password", &["--requester", "joe@customer.test"]);
    env.ok(&[
        "note",
        &shared,
        "-m",
        "You can reset your password at https://example.com/reset. The link in the email is valid for one hour.",
    ]);
    env.ok(&["reply", &shared, "--macro", "reset-password"]);
    // Another note repeats the reply's opening as filled in (greeting and name included).
    let sent = env.json(&["show", &shared])["entries"][2]["body"].as_str().unwrap().to_string();
    let opening: Vec<&str> = sent.split_whitespace().take(12).collect();
    assert!(opening[0] == "Hi" && !opening[1].contains("{{"), "{opening:?}");
    env.ok(&["note", &shared, "-m", &opening.join(" ")]);
    let out = env.desk(&["check"]).code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(!stdout.contains(&env.path_of(&shared)), "{stdout}");
    // A reply added by hand after the ticket was closed (as a pull request could).
    let closed = env.new_ticket("Closed", &[]);
    env.ok(&["close", &closed]);
    let closed_path = env.path_of(&closed);
    let text = env.read(&closed_path)
        + "\n<!-- desk:entry {\"at\":\"2026-11-23T12:00:00Z\",\"author\":\"alice\",\"id\":\"late0000\",\"role\":\"agent\",\"visibility\":\"public\"} -->\n### Reply\n\nToo late.\n";
    std::fs::write(env.repo.join(&closed_path), text).unwrap();
    let out = env.desk(&["check"]).code(1);
    assert!(
        String::from_utf8_lossy(&out.get_output().stdout)
            .contains("public entry late0000 was added after the ticket was closed")
    );
}

#[test]
fn lists_ignore_case_and_refuse_pointless_copies() {
    let env = TestEnv::new();
    let id = env.new_ticket(
        "Copies",
        &[
            "--requester",
            "jane@customer.test",
            "--cc",
            "pat@customer.test",
            "--cc",
            "PAT@customer.test",
            "--tag",
            "x",
            "--tag",
            "X",
        ],
    );
    let ticket = env.json(&["show", &id]);
    assert_eq!((ticket["cc"].as_array().unwrap().len(), ticket["tags"].as_array().unwrap().len()), (1, 1), "{ticket}");
    assert!(env.ok(&["cc", &id, "Pat@Customer.test"]).contains("cc unchanged"));
    env.ok(&["tag", &id, "camera"]);
    assert!(env.ok(&["tag", &id, "CAMERA", "--remove"]).contains("tags − camera"));
    let requester = ticket["requester"].as_str().unwrap().to_uppercase();
    let err = env.fails(&["cc", &id, &requester]);
    assert!(err.contains("is the requester"), "{err}");
    let err = env.fails(&["cc", &id, "not-an-address@", "x"]);
    assert!(err.contains("is not an email address"), "{err}");
    for bad in ["<a@b.test>", "a@b..test", "a@-b.test", "\"x\"@b.test"] {
        assert!(env.fails(&["cc", &id, bad]).contains("is not an email address"), "{bad}");
    }
}

#[test]
fn edit_without_a_terminal_or_editor_fails_at_once() {
    let env = TestEnv::new();
    let id = env.new_ticket("Edited", &[]);
    let out =
        env.command_in(&env.repo).args(["edit", &id]).env_remove("EDITOR").env_remove("VISUAL").assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("no terminal to open an editor on") && err.contains("EDITOR"), "{err}");
    let err = env.fails(&["new", "Empty stdin", "-m", "-"]);
    assert!(err.contains("read nothing from stdin"), "{err}");
}

/// A broken view is named at its own line, its query and its sort both checked.
#[test]
fn check_names_a_broken_view_at_its_line() {
    let env = TestEnv::new();
    let views = env
        .read(".desk/views.yaml")
        .replace("query: \"category:unresolved assignee:me\"", "query: \"stauts:open\"")
        .replace("sort: \"updated\"", "sort: \"bogus\"");
    std::fs::write(env.repo.join(".desk/views.yaml"), &views).unwrap();
    env.git(&["commit", "-qam", "broken views"]);
    let line_of = |key: &str| views.lines().position(|l| l.trim() == key).unwrap() + 1;
    let out = env.desk(&["check"]).failure();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains(&format!(".desk/views.yaml:{}: view `mine`: unknown field `stauts`", line_of("mine:"))),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            ".desk/views.yaml:{}: view `pending-customer`: sort `bogus`",
            line_of("pending-customer:")
        )),
        "{stdout}"
    );
}

/// Problems of `.desk/config.yaml` found after reading it are named at their own line.
#[test]
fn check_names_config_problems_at_their_line() {
    let env = TestEnv::new();
    let mut config = env.read(".desk/config.yaml");
    let first = config.lines().count() + 1;
    config.push_str(
        "email:\n  address: not-an-address\n  auto_reply_interval: soon\n  types:\n    billing@acme.test: bogus\n",
    );
    std::fs::write(env.repo.join(".desk/config.yaml"), config).unwrap();
    let out = env.desk(&["check"]).code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for (line, what) in [(first + 1, "email.address"), (first + 2, "auto_reply_interval"), (first + 4, "bogus")] {
        let at = format!(".desk/config.yaml:{line}: ");
        assert!(text.lines().any(|l| l.starts_with(&at) && l.contains(what)), "{line} {what}:\n{text}");
    }
}

/// Hand-written front matter: a number in a custom field reads as text, like the quoted form
/// desk writes; a key that is not a plain word is named at its own line.
#[test]
fn hand_written_front_matter_reads_as_desk_writes_it() {
    let env = TestEnv::new();
    env.append_and_commit(".desk/config.yaml", "fields:\n  seats: { type: number }\n", "seats");
    let id = env.new_ticket("Numbers", &[]);
    let path = env.path_of(&id);
    let text = env.read(&path).replacen("priority: normal\n", "priority: normal\nseats: 40\n", 1);
    std::fs::write(env.repo.join(&path), text).unwrap();
    env.git(&["commit", "-qam", "seats by hand"]);
    assert_eq!(env.json(&["show", &id])["seats"], "40");
    assert_eq!(env.json(&["list", "seats>10"]).as_array().unwrap().len(), 1);
    for (key, shown) in [("\"team\": support", "`\"team\"`"), ("true: x", "`true`")] {
        let broken = env.read(&path).replacen("seats: 40\n", &format!("seats: 40\n{key}\n"), 1);
        let line = broken.lines().position(|l| l == key).unwrap() + 1;
        std::fs::write(env.repo.join(&path), broken).unwrap();
        let out = env.desk(&["check"]).code(1);
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(stdout.contains(&format!("{path}:{line}: front-matter key {shown} must be a plain word")), "{stdout}");
        env.git(&["checkout", "--", &path]);
    }
}
