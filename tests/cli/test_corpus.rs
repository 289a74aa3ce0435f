//! Every CommonMark spec example survives as a ticket body: through the library for all 652, and
//! through the CLI for a sample.

use desk::ticket::{Entry, NewTicket, Role, TicketFile, Visibility, normalize_body};

use crate::common::TestEnv;

fn examples() -> Vec<String> {
    let text = include_str!("../fixtures/commonmark/commonmark-spec-0.31.2.json");
    let cases: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
    cases.iter().map(|c| c["markdown"].as_str().unwrap().to_string()).collect()
}

#[test]
fn every_commonmark_example_round_trips_as_an_entry_body() {
    let at = desk::clock::parse_time("2026-11-23T10:00:00Z").unwrap();
    let mut file = TicketFile::create(NewTicket {
        id: "K7Q3M9XT2A".into(),
        title: "Corpus".into(),
        status: "new".into(),
        kind: "question".into(),
        priority: "normal".into(),
        requester: None,
        assignee: None,
        team: None,
        channel: None,
        parent: None,
        created: at,
        tags: vec![],
        cc: vec![],
    });
    let examples = examples();
    assert_eq!(examples.len(), 652);
    let mut ids = desk::id::IdGenerator::seeded(3);
    for (n, markdown) in examples.iter().enumerate() {
        let entry = Entry {
            id: file.fresh_id(&mut ids),
            at,
            author: "jane@example.org".into(),
            role: Role::Customer,
            visibility: if n % 3 == 0 { Visibility::Internal } else { Visibility::Public },
            extra: Default::default(),
            body: markdown.clone(),
            line: 0,
        };
        file.push_entry(entry);
    }
    let text = file.render();
    let back = TicketFile::parse(&text).unwrap();
    assert_eq!(back.render(), text);
    assert_eq!(back.ticket().entries.len(), 652);
    for (entry, markdown) in back.ticket().entries.iter().zip(&examples) {
        assert_eq!(entry.body, normalize_body(markdown));
    }
}

#[test]
fn commonmark_samples_survive_the_cli() {
    let env = TestEnv::new();
    let id = env.new_ticket("Corpus via CLI", &[]);
    let examples = examples();
    let sample: Vec<&String> = examples.iter().step_by(65).collect();
    for markdown in &sample {
        env.command_in(&env.repo).args(["reply", &id, "-m", "-"]).write_stdin(markdown.as_str()).assert().success();
    }
    let shown = env.json(&["show", &id]);
    let bodies: Vec<_> =
        shown["entries"].as_array().unwrap()[1..].iter().map(|e| e["body"].as_str().unwrap().to_string()).collect();
    let expected: Vec<_> = sample.iter().map(|m| normalize_body(m)).collect();
    assert_eq!(bodies, expected);
    env.desk(&["check"]).success();
    env.assert_clean();
}
