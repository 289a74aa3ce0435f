//! Regressions from an adversarial review of the core (each test names what broke).

use crate::common::TestEnv;

#[test]
fn a_file_in_the_way_of_tickets_is_refused_before_committing() {
    let env = TestEnv::new();
    std::fs::write(env.repo.join("tickets"), "a list\n").unwrap();
    env.git(&["add", "tickets"]);
    env.git(&["commit", "-qm", "a file named tickets"]);
    let head = env.head();
    let err = env.fails(&["new", "Probe", "-m", "x"]);
    assert!(err.contains("`tickets` is in the way"), "{err}");
    assert_eq!(env.head(), head);
    env.assert_clean();
}

#[test]
fn agent_names_that_would_break_commits_are_refused() {
    let env = TestEnv::new();
    for display in ["Carol\nEvil", "Bob <Boss>"] {
        let err = env.fails(&["agent", "add", "carol", "--email", "c@x.test", "--name", display]);
        assert!(err.contains("must be one line"), "{err}");
    }
    // An agents.yaml written by hand with such a name is reported, and commits still work.
    let text = env.read(".desk/agents.yaml") + "  dave:\n    name: \"Dave <D>\"\n    email: d@x.test\n";
    std::fs::write(env.repo.join(".desk/agents.yaml"), text).unwrap();
    env.git(&["commit", "-qam", "dave"]);
    let out = env.desk(&["check"]).code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("without `<` or `>`"));
    env.command_in(&env.repo).env("DESK_AGENT", "dave").args(["new", "By Dave", "-m", "x"]).assert().success();
    env.assert_clean();
}

#[test]
fn agent_add_never_loses_agents_or_breaks_the_file() {
    let env = TestEnv::new();
    std::fs::write(env.repo.join(".desk/agents.yaml"), "agents: {alice: {email: alice@example.com}}\n").unwrap();
    env.git(&["commit", "-qam", "flow style"]);
    let err = env.fails(&["agent", "add", "bob2", "--email", "b2@x.test"]);
    assert!(err.contains("flow style"), "{err}");
    assert!(env.read(".desk/agents.yaml").contains("alice"));
    std::fs::write(env.repo.join(".desk/agents.yaml"), "agents:\n    alice:\n        email: alice@example.com\n")
        .unwrap();
    env.git(&["commit", "-qam", "four spaces"]);
    env.ok(&["agent", "add", "bob2", "--email", "b2@x.test"]);
    env.desk(&["check"]).success();
    assert_eq!(env.json(&["agent", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn stray_files_under_tickets_do_not_break_listing() {
    let env = TestEnv::new();
    let id = env.new_ticket("Listed", &[]);
    std::fs::write(env.repo.join("tickets/.DS_Store"), "x").unwrap();
    std::fs::write(env.repo.join("tickets/README.md"), "x").unwrap();
    assert_eq!(env.json(&["list"]).as_array().unwrap().len(), 1);
    env.ok(&["show", &id[..1]]);
    let out = env.desk(&["check"]).code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert_eq!(
        stdout.trim(),
        "tickets/README.md:1: not a ticket: tickets live at tickets/<first 2 characters of the ID>/<ID>.md"
    );
}

#[test]
fn autocrlf_checkouts_are_not_mistaken_for_uncommitted_changes() {
    let env = TestEnv::new();
    let clone = env.tmp.path().join("crlf");
    let out = env.git_output(
        env.tmp.path(),
        &["-c", "core.autocrlf=true", "clone", "-q", env.repo.to_str().unwrap(), clone.to_str().unwrap()],
    );
    assert!(out.status.success());
    env.git_output(&clone, &["config", "core.autocrlf", "true"]);
    assert!(std::fs::read_to_string(clone.join(".desk/agents.yaml")).unwrap().contains("\r\n"));
    env.desk_in(&clone, &["agent", "add", "carol", "--email", "carol@example.com"]).success();
    let status = env.git_output(&clone, &["status", "--porcelain"]);
    assert_eq!(String::from_utf8_lossy(&status.stdout), "");
}

#[test]
fn control_characters_and_escape_sequences_are_harmless() {
    let env = TestEnv::new();
    let id = env.new_ticket("a\u{7f}b \u{1b}[31mRED", &[]);
    env.ok(&["reply", &id, "--from", "x@y.test", "-m", "\u{1b}]0;pwned\u{7}text \u{80}"]);
    let shown = env.json(&["show", &id]);
    assert_eq!(shown["title"], "ab [31mRED");
    assert_eq!(shown["entries"][1]["body"], "\u{1b}]0;pwned\u{7}text \u{80}");
    let text = env.ok(&["show", &id]) + &env.ok(&["list"]);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
    env.desk(&["check"]).success();
}

#[test]
fn a_crlf_ticket_stays_crlf() {
    let env = TestEnv::new();
    let id = env.new_ticket("Windows", &["--tag", "a"]);
    let path = env.path_of(&id);
    let crlf = env.read(&path).replace('\n', "\r\n");
    std::fs::write(env.repo.join(&path), &crlf).unwrap();
    env.git(&["commit", "-qam", "crlf by hand"]);
    env.ok(&["assign", &id, "bob"]);
    env.ok(&["tag", &id, "b"]);
    env.ok(&["reply", &id, "-m", "line one\nline two"]);
    let text = env.read(&path);
    assert!(!text.replace("\r\n", "").contains('\n'), "LF-only lines in {text:?}");
    assert!(text.contains("assignee: bob\r\n") && text.contains("tags:\r\n  - a\r\n  - b\r\n"), "{text:?}");
    assert_eq!(env.json(&["show", &id])["entries"][1]["body"], "line one\r\nline two");
    env.assert_clean();
}

#[test]
fn a_one_argument_query_may_start_with_a_negation() {
    let env = TestEnv::new();
    let new = |title: &str, body: &str| env.json(&["new", title, "-m", body])["id"].as_str().unwrap().to_string();
    let camera = new("Camera dark", "power button");
    new("Camera firmware", "firmware bug");
    for query in ["-firmware camera", "-\"firmware bug\" camera", "-(firmware OR spam) camera"] {
        let ids = env.ok(&["search", query, "--format", "ids"]);
        assert_eq!(ids.trim(), camera, "{query}");
    }
    // Flags still work around such a query.
    let rows = env.json(&["list", "-firmware camera"]);
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
}

#[test]
fn comma_lists_may_have_spaces_after_their_commas() {
    let env = TestEnv::new();
    env.new_ticket("One", &["--priority", "urgent"]);
    env.new_ticket("Two", &[]);
    let out = env.ok(&["list", "--columns", "id, title", "--sort", "-priority, created", "--format", "csv"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "id,title", "{out}");
    assert!(lines[1].ends_with(",One"), "{out}");
}

#[test]
fn a_misspelt_link_relation_is_an_error_and_id_prefixes_still_match() {
    let env = TestEnv::new();
    let a = env.new_ticket("Blocker", &[]);
    let b = env.new_ticket("Blocked", &[]);
    env.ok(&["link", &a, &b, "--relation", "blocks"]);
    let err = env.fails(&["list", "link:block"]);
    assert!(err.contains("unknown link relation `block`: did you mean `blocks`?"), "{err}");
    assert_eq!(env.ok(&["list", "link:blocks", "--format", "ids"]).trim(), a);
    let prefix = b[..4].to_lowercase();
    assert_eq!(env.ok(&["list", &format!("link:{prefix}"), "--format", "ids"]).trim(), a);
}

#[test]
fn custom_fields_may_hold_digits_and_dashes_and_typos_suggest_desks_own_fields_first() {
    let env = TestEnv::new();
    env.append_and_commit(
        ".desk/config.yaml",
        "\nfields:\n  tier-2: { type: text }\n  region2: { type: text }\n  seats: { type: number }\n",
        "fields",
    );
    env.ok(&["check"]);
    let id = env.new_ticket("Gold", &[]);
    env.new_ticket("Plain", &[]);
    env.ok(&["set", &id, "tier-2=gold", "region2=eu"]);
    assert_eq!(env.ok(&["list", "tier-2:gold region2:eu", "--format", "ids"]).trim(), id);
    for typo in ["stat:open", "state:open"] {
        let err = env.fails(&["list", typo]);
        assert!(err.contains("did you mean `status`?"), "{typo}: {err}");
    }
}

#[test]
fn keys_desk_adds_take_their_place_in_the_order_around_a_hand_written_key() {
    let env = TestEnv::new();
    let id = env.new_ticket("T", &["--requester", "jane@c.test"]);
    let path = env.path_of(&id);
    let text = env.read(&path).replacen("title: T\n", "title: T\ncontract: ACME-1\n", 1);
    std::fs::write(env.repo.join(&path), text).unwrap();
    env.git(&["commit", "-qam", "hand edit"]);
    env.ok(&["assign", &id, "alice"]);
    env.ok(&["tag", &id, "camera"]);
    let text = env.read(&path);
    let keys: Vec<&str> = text
        .lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let at = |key: &str| keys.iter().position(|k| *k == key).unwrap_or_else(|| panic!("{key} in {text}"));
    assert_eq!(at("contract"), at("title") + 1, "{text}");
    assert_eq!(at("assignee"), at("requester") + 1, "{text}");
    assert!(at("tags") > at("created"), "{text}");
    env.assert_clean();
}

#[test]
fn the_table_fits_a_terminal_with_one_line_per_ticket_with_or_without_colour() {
    if !crate::common::script_available() {
        return;
    }
    let env = TestEnv::new();
    env.new_ticket("Export to CSV times out after thirty seconds on big reports", &["--requester", "ops@bigcorp.test"]);
    env.new_ticket("Camera", &[]);
    for colour in ["", "NO_COLOR=1 "] {
        let output = env
            .in_terminal(&format!("stty cols 80 rows 50; {colour}desk list"))
            .env("TERM", "xterm")
            .env("DESK_PAGER", "cat")
            .output()
            .unwrap();
        // Without colour codes and carriage returns, as a reader sees it.
        let raw = String::from_utf8_lossy(&output.stdout).replace('\r', "");
        let mut text = String::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                chars.by_ref().find(|c| c.is_ascii_alphabetic());
            } else {
                text.push(c);
            }
        }
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 3, "{colour}one line per ticket:\n{text}");
        assert!(lines.iter().all(|l| l.chars().count() <= 80), "{colour}wider than 80:\n{text}");
        assert!(lines[0].contains("REQUESTER") && lines[0].contains("TITLE"), "{text}");
        assert!(text.contains("Export to") && text.contains("…"), "{text}");
    }
}
