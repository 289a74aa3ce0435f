use super::*;
use crate::id::IdGenerator;
use proptest::prelude::*;

fn at(text: &str) -> DateTime<Utc> {
    parse_time(text).unwrap()
}

fn sample() -> TicketFile {
    TicketFile::create(NewTicket {
        id: "K7Q3M9XT2A".into(),
        title: "Camera will not turn on".into(),
        status: "new".into(),
        kind: "incident".into(),
        priority: "high".into(),
        requester: Some("jane@customer.test".into()),
        assignee: None,
        team: None,
        channel: Some("cli".into()),
        parent: None,
        created: at("2026-11-23T10:00:00Z"),
        tags: vec!["camera".into()],
        cc: vec![],
    })
}

fn entry(id: &str, body: &str, role: Role, visibility: Visibility) -> Entry {
    Entry {
        id: id.into(),
        at: at("2026-11-23T10:05:00Z"),
        author: "alice".into(),
        role,
        visibility,
        extra: Map::new(),
        body: body.into(),
        line: 0,
    }
}

#[test]
fn new_ticket_file_has_fixed_key_order_and_reads_back() {
    let mut file = sample();
    file.push_entry(entry("aaaaaaaa", "It stays dark.", Role::Agent, Visibility::Public));
    let text = file.render();
    insta::assert_snapshot!(text, @r#"
    ---
    id: K7Q3M9XT2A
    title: Camera will not turn on
    status: new
    type: incident
    priority: high
    requester: jane@customer.test
    channel: cli
    created: 2026-11-23T10:00:00Z
    tags:
      - camera
    ---

    <!-- desk:entry {"at":"2026-11-23T10:05:00Z","author":"alice","id":"aaaaaaaa","role":"agent","visibility":"public"} -->
    ### Description by alice · 2026-11-23 10:05 UTC

    It stays dark.
    "#);
    let back = TicketFile::parse(&text).unwrap();
    assert_eq!(back.render(), text);
    assert_eq!(back.ticket().entries[0].body, "It stays dark.");
    assert_eq!(back.ticket(), &file.ticket().clone().with_lines(back.ticket()));
}

impl Ticket {
    /// Copies parse-time line numbers so in-memory and parsed tickets compare equal.
    fn with_lines(mut self, parsed: &Ticket) -> Ticket {
        for (mine, theirs) in self.entries.iter_mut().zip(&parsed.entries) {
            mine.line = theirs.line;
        }
        for (mine, theirs) in self.events.iter_mut().zip(&parsed.events) {
            mine.line = theirs.line;
        }
        self
    }
}

#[test]
fn a_change_rewrites_one_line_and_appends_an_event() {
    let mut file = sample();
    file.push_entry(entry("aaaaaaaa", "It stays dark.", Role::Agent, Visibility::Public));
    let before = file.render();
    let mut event =
        Event { id: "bbbbbbbb".into(), at: at("2026-11-23T11:00:00Z"), by: "alice".into(), ..Default::default() };
    assert!(file.set("status", Some("open"), &mut event));
    assert!(!file.set("priority", Some("high"), &mut event));
    file.set("assignee", Some("alice"), &mut event);
    file.push_event(event);
    let after = file.render();
    let removed: Vec<_> = before.lines().filter(|l| !after.lines().any(|a| a == *l)).collect();
    assert_eq!(removed, ["status: new"]);
    assert!(after.starts_with(
        &before.replace("status: new\n", "status: open\n").replace("channel: cli\n", "assignee: alice\nchannel: cli\n")
    ));
    let back = TicketFile::parse(&after).unwrap();
    assert_eq!(back.ticket().events[0].set["status"], (Some("new".into()), Some("open".into())));
    assert_eq!(back.ticket().events[0].set["assignee"], (None, Some("alice".into())));
}

#[test]
fn internal_notes_are_unmistakable_in_the_raw_file() {
    let mut file = sample();
    file.push_entry(entry("aaaaaaaa", "desc", Role::Agent, Visibility::Public));
    file.push_entry(entry("cccccccc", "Known firmware bug.", Role::Agent, Visibility::Internal));
    let text = file.render();
    assert!(text.contains("\"visibility\":\"internal\""));
    assert!(text.contains("### 🔒 INTERNAL NOTE by alice"));
}

#[test]
fn customer_text_that_looks_like_markers_cannot_forge_entries() {
    let evil = "hi\n<!-- desk:entry {\"id\":\"x\",\"visibility\":\"internal\"} -->\n### fake\n\\<!-- desk:event {} -->";
    let mut file = sample();
    file.push_entry(entry("aaaaaaaa", evil, Role::Customer, Visibility::Public));
    let back = TicketFile::parse(&file.render()).unwrap();
    assert_eq!(back.ticket().entries.len(), 1);
    assert_eq!(back.ticket().entries[0].body, evil);
}

#[test]
fn errors_name_the_line() {
    let cases = [
        ("no front matter\n", 1, "must start with"),
        ("---\nid: A\n", 1, "never closed"),
        ("---\nid: [\n---\n", 2, "not valid YAML"),
        ("---\nid: A\ntitle: t\nstatus: new\ntype: q\npriority: low\ncreated: yesterday\n---\n", 7, "RFC 3339"),
        (
            "---\nid: A\ntitle: t\nstatus: new\ntype: q\npriority: low\ncreated: 2026-01-01T00:00:00Z\ntags: x\n---\n",
            8,
            "must be a list",
        ),
        (
            "---\nid: A\ntitle: t\nstatus: new\ntype: q\npriority: low\ncreated: 2026-01-01T00:00:00Z\n---\n\n<!-- desk:entry {oops} -->\n",
            10,
            "damaged",
        ),
        ("---\nid: A\n---\n", 2, "no `title:`"),
    ];
    for (text, line, needle) in cases {
        let err = TicketFile::parse(text).unwrap_err();
        assert_eq!(err.line, line, "{text:?}: {err}");
        assert!(err.message.contains(needle), "{err}");
    }
}

#[test]
fn other_yaml_parsers_read_the_front_matter() {
    let mut file = sample();
    let mut event = Event::default();
    file.set("title", Some("Error: \"quotes\" # and yes"), &mut event);
    file.add("cc", &["bob@customer.test".into(), "yes".into()], &mut event);
    let front = file.document().front_matter();
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&front).unwrap();
    assert_eq!(value["title"].as_str(), Some("Error: \"quotes\" # and yes"));
    assert_eq!(value["cc"][1].as_str(), Some("yes"));
}

fn body_strategy() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[ -~]{0,40}",
        Just("<!-- desk:entry {} -->".to_string()),
        Just("\\<!-- desk:event {} -->".to_string()),
        Just("---".to_string()),
        Just("### heading".to_string()),
        Just(String::new()),
        "\\PC{0,20}",
    ];
    proptest::collection::vec(line, 0..8).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #[test]
    fn write_then_parse_keeps_every_entry_and_byte(
        title in "\\PC{1,40}",
        bodies in proptest::collection::vec((body_strategy(), any::<bool>(), any::<bool>()), 0..6),
        tags in proptest::collection::vec("[a-z:# -]{1,8}", 0..4),
    ) {
        let mut file = sample();
        let mut ids = IdGenerator::seeded(1);
        let mut event = Event { id: file.fresh_id(&mut ids), at: at("2026-11-23T12:00:00Z"), by: "alice".into(), ..Default::default() };
        file.set("title", Some(&title), &mut event);
        file.add("tags", &tags, &mut event);
        file.push_event(event);
        for (body, internal, customer) in &bodies {
            let id = file.fresh_id(&mut ids);
            let role = if *customer { Role::Customer } else { Role::Agent };
            let visibility = if *internal { Visibility::Internal } else { Visibility::Public };
            file.push_entry(entry(&id, body, role, visibility));
        }
        let text = file.render();
        let back = TicketFile::parse(&text).unwrap();
        prop_assert_eq!(back.render(), text);
        prop_assert_eq!(back.ticket(), &file.ticket().clone().with_lines(back.ticket()));
        for (parsed, (body, _, _)) in back.ticket().entries.iter().zip(&bodies) {
            prop_assert_eq!(&parsed.body, &normalize_body(body));
        }
    }

    #[test]
    fn any_parseable_text_writes_back_identically(text in "(---\n)?([a-z]{1,5}: [ -~]{0,10}\n|  - x\n|---\n|<!-- desk:entry \\{\\} -->\n|[ -~]{0,20}\n|\r\n)*") {
        if let Ok(doc) = Document::parse(&text) {
            prop_assert_eq!(doc.render(), text);
        }
    }
}
