//! Generates a desk repository with N realistic tickets, for benchmarks: a small common
//! vocabulary plus long-tailed product model codes (`x0`…`x9999`) in titles and messages.
//!
//! Usage: `cargo run --release --example generate -- DIR COUNT [SEED]`
//!
//! Tickets are rendered with desk's own writer (so they are valid), streamed into
//! `git fast-import` as one commit on top of `desk init`, and checked out with `git reset
//! --hard` so the working tree and git's index hold every file, as in a real clone.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::Duration;
use desk::id::IdGenerator;
use desk::ticket::{Entry, Event, NewTicket, Role, TicketFile, Visibility};

const WORDS: &[&str] = &[
    "camera", "printer", "invoice", "login", "password", "export", "firmware", "battery", "screen", "network",
    "timeout", "refund", "shipping", "order", "account", "billing", "update", "crash", "sync", "backup", "error",
    "slow", "missing", "broken", "cannot", "after", "since", "again", "still", "never",
];
const AGENTS: &[&str] = &["alice", "bob", "carol", "dave"];
const STATUSES: &[&str] = &["new", "open", "pending", "on-hold", "solved", "closed"];
const TYPES: &[&str] = &["question", "incident", "problem", "task"];
const PRIORITIES: &[&str] = &["low", "normal", "normal", "high", "urgent"];

fn sentence(rng: &mut fastrand::Rng, min: usize, spread: usize) -> String {
    let words = min + rng.usize(..spread);
    let mut text: Vec<&str> = (0..words).map(|_| WORDS[rng.usize(..WORDS.len())]).collect();
    text[0] = WORDS[rng.usize(..WORDS.len())];
    let mut out = text.join(" ");
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// A product model code such as `x42`: a long-tailed vocabulary (10,000 codes, low numbers far
/// more common), so searches for a specific model find a few tickets, as in real support mail.
fn model(rng: &mut fastrand::Rng) -> String {
    format!("x{}", (rng.f64().powi(3) * 10_000.0) as usize)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(count)) = (args.get(1), args.get(2).and_then(|c| c.parse::<usize>().ok())) else {
        eprintln!("usage: generate DIR COUNT [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42u64);
    let dir = PathBuf::from(dir);
    let clock = desk::clock::Clock::fixed(desk::clock::parse_time("2026-01-01T00:00:00Z").unwrap());
    desk::ops::init::init(&dir, &clock).expect("desk init");
    let mut agents = String::from("agents:\n");
    for agent in AGENTS {
        agents.push_str(&format!("  {agent}:\n    email: {agent}@example.com\n    teams:\n      - support\n"));
    }
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut ids = IdGenerator::seeded(seed);
    let mut seen = std::collections::HashSet::new();
    let mut importer = Command::new("git")
        .args(["fast-import", "--quiet", "--done"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut out = std::io::BufWriter::new(importer.stdin.take().unwrap());
    let head =
        String::from_utf8(Command::new("git").args(["rev-parse", "HEAD"]).current_dir(&dir).output().unwrap().stdout)
            .unwrap();
    let branch = String::from_utf8(
        Command::new("git").args(["symbolic-ref", "HEAD"]).current_dir(&dir).output().unwrap().stdout,
    )
    .unwrap();
    let message = format!("generate {count} tickets");
    writeln!(out, "commit {}\ncommitter desk-bench <bench@example.com> 1767225600 +0000", branch.trim()).unwrap();
    writeln!(out, "data {}\n{message}\nfrom {}", message.len(), head.trim()).unwrap();
    writeln!(out, "M 100644 inline .desk/agents.yaml\ndata {}\n{agents}", agents.len()).unwrap();
    let start = clock.now();
    for n in 0..count {
        let id = ids.ticket_id(|id| seen.contains(id));
        seen.insert(id.clone());
        let created = start + Duration::minutes((n as i64) * 5 % (365 * 24 * 60));
        let status = STATUSES[rng.usize(..STATUSES.len())];
        let mut file = TicketFile::create(NewTicket {
            id: id.to_string(),
            title: format!("{} {}", sentence(&mut rng, 3, 5), model(&mut rng)),
            status: "new".into(),
            kind: TYPES[rng.usize(..TYPES.len())].into(),
            priority: PRIORITIES[rng.usize(..PRIORITIES.len())].into(),
            requester: Some(format!("customer{}@example{}.test", rng.usize(..5000), rng.usize(..300))),
            assignee: None,
            team: Some("support".into()),
            channel: Some(if rng.bool() { "email" } else { "web" }.into()),
            parent: None,
            created,
            tags: (0..rng.usize(..3)).map(|_| WORDS[rng.usize(..WORDS.len())].to_string()).collect(),
            cc: vec![],
        });
        let requester = file.ticket().requester.clone().unwrap_or_default();
        let entries = 1 + rng.usize(..5);
        let mut at = created;
        for e in 0..entries {
            at += Duration::minutes(7 + rng.i64(0..600));
            let (author, role, visibility) = match (e, rng.u8(..4)) {
                (0, _) => (requester.clone(), Role::Customer, Visibility::Public),
                (_, 0) => (AGENTS[rng.usize(..AGENTS.len())].to_string(), Role::Agent, Visibility::Internal),
                (_, 1) => (requester.clone(), Role::Customer, Visibility::Public),
                _ => (AGENTS[rng.usize(..AGENTS.len())].to_string(), Role::Agent, Visibility::Public),
            };
            let mut body =
                (0..1 + rng.usize(..4)).map(|_| sentence(&mut rng, 8, 20) + ".").collect::<Vec<_>>().join("\n\n");
            if rng.u8(..3) == 0 {
                body.push_str(&format!("\n\nModel {}.", model(&mut rng)));
            }
            let entry = Entry {
                id: file.fresh_id(&mut ids),
                at,
                author,
                role,
                visibility,
                extra: Default::default(),
                body,
                line: 0,
            };
            file.push_entry(entry);
            if e == 0 {
                let agent = AGENTS[rng.usize(..AGENTS.len())];
                let mut event = Event { id: file.fresh_id(&mut ids), at, by: agent.into(), ..Default::default() };
                file.set("assignee", Some(agent), &mut event);
                if status != "new" {
                    file.set("status", Some(status), &mut event);
                }
                file.push_event(event);
            }
        }
        let text = file.render();
        writeln!(out, "M 100644 inline {}\ndata {}\n{text}", id.path(), text.len()).unwrap();
    }
    writeln!(out, "done").unwrap();
    drop(out);
    assert!(importer.wait().unwrap().success(), "git fast-import failed");
    let reset = Command::new("git").args(["reset", "--hard", "--quiet"]).current_dir(&dir).status().unwrap();
    assert!(reset.success(), "git reset --hard failed");
    println!("{count} tickets in {}", dir.display());
}
