//! `desk ingest`: mail into tickets, threading, duplicates, bounces, and the whole corpus.

use std::path::{Path, PathBuf};

use crate::common::{SmtpServer, TestEnv};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/email")
}

fn ingest(env: &TestEnv, mail: &str) -> serde_json::Value {
    let out = env.command_in(&env.repo).args(["ingest", "--json"]).write_stdin(mail.to_string()).assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn mail_starts_tickets_threads_by_tag_and_references_and_never_twice() {
    let env = TestEnv::new();
    let first = "From: Jane Doe <Jane@Customer.test>\nTo: support@acme.test\nCc: boss@customer.test\nSubject: Camera stays dark\nMessage-ID: <m1@customer.test>\nDate: Mon, 23 Nov 2026 08:00:00 +0000\n\nIt stays dark.\n";
    let done = ingest(&env, first);
    assert_eq!(done[0]["outcome"], "new");
    let id = done[0]["ticket"].as_str().unwrap().to_string();
    let t = env.json(&["show", &id]);
    assert_eq!(
        (t["title"].as_str(), t["requester"].as_str(), t["channel"].as_str()),
        (Some("Camera stays dark"), Some("jane@customer.test"), Some("email"))
    );
    assert_eq!(t["cc"], serde_json::json!(["boss@customer.test"]));
    assert_eq!(
        (t["entries"][0]["role"].as_str(), t["entries"][0]["message_id"].as_str()),
        (Some("customer"), Some("m1@customer.test"))
    );

    // An agent answers; the ticket waits for the customer; the customer's reply (by
    // In-Reply-To, with quoted history) joins the ticket and reopens it.
    env.ok(&["reply", &id, "-m", "Hold the power button."]);
    assert_eq!(env.json(&["show", &id])["status"], "pending");
    let reply = "From: jane@customer.test\nSubject: Re: Camera stays dark\nMessage-ID: <m2@customer.test>\nIn-Reply-To: <m1@customer.test>\n\nStill dark.\n\nOn Mon, 23 Nov 2026, Support wrote:\n> Hold the power button.\n";
    let done = ingest(&env, reply);
    assert_eq!((done[0]["outcome"].as_str(), done[0]["ticket"].as_str()), (Some("reply"), Some(id.as_str())));
    let t = env.json(&["show", &id]);
    assert_eq!(t["status"], "open", "the customer's reply reopens it");
    assert_eq!(t["entries"][2]["body"], "Still dark.", "quoted history trimmed");
    let raw = t["entries"][2]["raw"].as_str().unwrap();
    assert!(env.read(raw).contains("> Hold the power button."), "the message as received is kept");
    // The same message again: nothing new.
    assert_eq!(ingest(&env, reply)[0]["outcome"], "duplicate");
    assert_eq!(env.json(&["show", &id])["entries"].as_array().unwrap().len(), 3);
    // By subject tag, with no threading headers.
    let tagged =
        format!("From: jane@customer.test\nSubject: Re: [#{id}] Camera\nMessage-ID: <m3@customer.test>\n\nAny news?\n");
    let out = env.command_in(&env.repo).args(["ingest", "--explain"]).write_stdin(tagged).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("reply <m3@customer.test>: subject tag"), "{text}");
    // A similar subject from someone else is a new ticket, never matched by subject.
    let stranger = "From: bob@other.test\nSubject: Re: Camera stays dark\nMessage-ID: <x1@other.test>\n\nMine too.\n";
    assert_eq!(ingest(&env, stranger)[0]["outcome"], "new");
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn bounces_lists_and_our_own_mail_are_handled_without_new_tickets() {
    let env = TestEnv::new();
    let done = ingest(&env, "From: jane@customer.test\nSubject: Help\nMessage-ID: <h1@customer.test>\n\nHelp me.\n");
    let id = done[0]["ticket"].as_str().unwrap().to_string();
    let bounce = "From: MAILER-DAEMON@mx.customer.test\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <b1@mx.customer.test>\nIn-Reply-To: <h1@customer.test>\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nDelivery failed.\n--b--\n";
    let done = ingest(&env, bounce);
    assert_eq!((done[0]["outcome"].as_str(), done[0]["ticket"].as_str()), (Some("bounce"), Some(id.as_str())));
    let t = env.json(&["show", &id]);
    assert_eq!(t["entries"].as_array().unwrap().len(), 1, "a bounce is not a message");
    assert!(t["events"].as_array().unwrap().iter().any(|e| e.get("bounce").is_some()));
    let stray = bounce.replace("In-Reply-To: <h1@customer.test>\n", "").replace("<b1@", "<b2@");
    assert_eq!(ingest(&env, &stray)[0]["outcome"], "bounce");
    // A bounce from the null sender, named only by its display name (DragonFly's mail agent).
    let null_sender = std::fs::read_to_string(fixtures().join("sisimai/bsd/lhost-dragonfly-13.eml")).unwrap();
    assert!(null_sender.contains("From: MAILER-DAEMON <>") && !null_sender.contains("Return-Path"));
    assert_eq!(ingest(&env, &null_sender)[0]["outcome"], "bounce");
    assert_eq!(env.json(&["list", "--all"]).as_array().unwrap().len(), 1, "no ticket from a bounce");
    let ours =
        "From: support@acme.test\nX-Desk-Loop: acme\nSubject: Re: Help\nMessage-ID: <o1@acme.test>\n\nOur own reply.\n";
    assert_eq!(ingest(&env, ours)[0]["outcome"], "loop");
    let list = "From: news@lists.test\nList-Id: <news.lists.test>\nSubject: Weekly news\nMessage-ID: <n1@lists.test>\n\nNews.\n";
    let done = ingest(&env, list);
    let news = env.json(&["show", done[0]["ticket"].as_str().unwrap()]);
    assert_eq!(news["entries"][0]["no_auto_reply"], "mailing list");
    env.desk(&["check"]).success();
}

#[test]
fn a_patch_thread_in_an_mbox_becomes_one_ticket() {
    let env = TestEnv::new();
    let mbox = fixtures().join("b4-mbox/shazam-git1-just-series.mbox");
    let out = env.desk(&["ingest", "--mbox", mbox.to_str().unwrap(), "--json"]).success();
    let done: Vec<serde_json::Value> = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(done.len(), 5);
    let tickets: std::collections::BTreeSet<&str> = done.iter().filter_map(|d| d["ticket"].as_str()).collect();
    assert_eq!(tickets.len(), 1, "the series threads into one ticket: {done:?}");
    assert_eq!(done.iter().filter(|d| d["outcome"] == "new").count(), 1);
}

/// Every message of the corpus (shared/corpora/email, copied to tests/fixtures/email) is ingested
/// or kept in desk-failed/: no panic, nothing lost.
#[test]
fn the_whole_email_corpus_is_ingested_without_a_panic_or_a_lost_message() {
    let env = TestEnv::new();
    let maildir = env.tmp.path().join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    let mut count = 0;
    let mut stack = vec![fixtures()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "eml") {
                count += 1;
                std::fs::copy(&path, maildir.join("new").join(format!("{count:05}.eml"))).unwrap();
            }
        }
    }
    assert!(count > 900, "{count} messages");
    let out =
        env.command_in(&env.repo).args(["ingest", "--maildir", maildir.to_str().unwrap(), "--json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    let done: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let failed = std::fs::read_dir(env.repo.join(".git/desk-failed")).map(|d| d.count()).unwrap_or(0);
    let warned = stderr.lines().filter(|l| l.contains("warning:")).count();
    assert_eq!(done.len() + warned, count, "every message is accounted for");
    let kept = stderr.lines().filter(|l| l.contains("warning:") && l.contains("kept in")).count();
    assert_eq!(kept, warned, "every message not ingested is kept: {stderr}");
    assert!(failed > 0 && failed <= warned, "in desk-failed/ ({failed} files; identical messages share one)");
    assert!(std::fs::read_dir(maildir.join("new")).unwrap().count() <= warned, "processed mail leaves new/");
    env.desk(&["check"]).success();
}

#[test]
fn automatic_acknowledgements_never_answer_lists_or_automatic_mail() {
    let env = TestEnv::new();
    env.append_and_commit(".desk/rules.yaml", "  - name: acknowledge\n    on: ticket.created\n    if: { channel: email }\n    do: [ { reply: \"Thanks, we got it: ticket {{ticket.id}}.\" } ]\n", "acknowledge mail");
    let person = ingest(&env, "From: ann@customer.test\nSubject: Help\nMessage-ID: <p1@customer.test>\n\nHelp.\n");
    let t = env.json(&["show", person[0]["ticket"].as_str().unwrap()]);
    assert_eq!(t["entries"].as_array().unwrap().len(), 2, "a person gets the acknowledgement");
    let auto = ingest(
        &env,
        "From: robot@vendor.test\nAuto-Submitted: auto-generated\nSubject: Status\nMessage-ID: <a1@vendor.test>\n\nAll green.\n",
    );
    let t = env.json(&["show", auto[0]["ticket"].as_str().unwrap()]);
    assert_eq!(t["entries"].as_array().unwrap().len(), 1, "no reply to automatic mail");
    assert!(auto[0]["automation"].is_null(), "nothing fired: {auto}");
}

#[test]
fn one_automatic_reply_per_sender_per_week() {
    let env = TestEnv::new();
    env.append_and_commit(".desk/rules.yaml", "  - name: acknowledge\n    on: ticket.created\n    if: { channel: email }\n    do: [ { reply: \"Thanks, we got it.\" } ]\n", "acknowledge mail");
    let entries = |env: &TestEnv, done: &serde_json::Value| {
        env.json(&["show", done[0]["ticket"].as_str().unwrap()])["entries"].as_array().unwrap().len()
    };
    let mail = |n: u32| {
        format!("From: Ann <Ann@Customer.test>\nSubject: Problem {n}\nMessage-ID: <r{n}@customer.test>\n\nHelp {n}.\n")
    };
    let first = ingest(&env, &mail(1));
    assert_eq!(entries(&env, &first), 2, "the first mail is acknowledged");
    // Two days later, a second ticket from the same sender: no second acknowledgement.
    env.advance(chrono::Duration::days(2));
    let second = ingest(&env, &mail(2));
    assert_eq!(entries(&env, &second), 1, "{second}");
    assert!(env.git(&["ls-files", "mail-index/auto-replied"]).lines().count() == 1, "one sender answered so far");
    // A week after the first one, they are answered again; other senders never waited.
    let other = ingest(&env, "From: carol@customer.test\nSubject: Hi\nMessage-ID: <c1@customer.test>\n\nHi.\n");
    assert_eq!(entries(&env, &other), 2);
    env.advance(chrono::Duration::days(5));
    assert_eq!(entries(&env, &ingest(&env, &mail(3))), 2);
    // Two messages from one sender in the same second (a batch from a mailbox): one answer.
    let same_second = desk::clock::format_time(&env.now());
    let batch: Vec<usize> = (5..7)
        .map(|n| {
            let text = format!("From: dave@batch.test\nSubject: Batch {n}\nMessage-ID: <d{n}@batch.test>\n\nHi.\n");
            let mut command = env.command_in(&env.repo);
            command.env("DESK_NOW", &same_second).args(["ingest", "--json"]).write_stdin(text);
            let out = command.assert().success();
            entries(&env, &serde_json::from_slice(&out.get_output().stdout).unwrap())
        })
        .collect();
    assert_eq!(batch, [2, 1]);
    // `auto_reply_interval: 0` answers every message.
    env.append_and_commit(".desk/config.yaml", "email:\n  auto_reply_interval: 0\n", "no limit");
    assert_eq!(entries(&env, &ingest(&env, &mail(4))), 2);
}

#[test]
fn html_only_mail_becomes_markdown() {
    let env = TestEnv::new();
    let html = "From: ann@customer.test\nSubject: Broken\nMessage-ID: <h1@customer.test>\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<html><head><title>T</title><style>p {color:red}</style></head><body><script>alert(1)</script><p>The <b>camera</b> fails:</p><ul><li>no light</li><li>no <a href=\"https://acme.test/fw\">firmware</a> update</li></ul></body></html>\n";
    let done = ingest(&env, html);
    let t = env.json(&["show", done[0]["ticket"].as_str().unwrap()]);
    let body = t["entries"][0]["body"].as_str().unwrap();
    assert!(body.contains("The **camera** fails:"), "{body}");
    assert!(!body.contains("color") && !body.contains("alert"), "style sheets and scripts are not text: {body}");
    assert!(body.contains("[firmware](https://acme.test/fw)"), "{body}");
    assert!(body.lines().any(|l| l.trim_start().starts_with(['*', '-']) && l.contains("no light")), "{body}");
}

#[test]
fn replies_and_notifications_are_delivered_once_and_threaded_back() {
    let env = TestEnv::new();
    env.append_and_commit(
        ".desk/config.yaml",
        "email:\n  address: support@acme.test\n  name: ACME Support\n",
        "email address",
    );
    let done = ingest(
        &env,
        "From: jane@customer.test\nCc: boss@customer.test\nSubject: Camera\nMessage-ID: <m1@customer.test>\n\nDark.\n",
    );
    let id = done[0]["ticket"].as_str().unwrap().to_string();
    env.ok(&["assign", &id, "alice"]);
    env.ok(&["note", &id, "-m", "Internal: vendor bug."]);
    env.ok(&["reply", &id, "-m", "Hold the **power** button."]);
    ingest(
        &env,
        "From: jane@customer.test\nSubject: Re: Camera\nMessage-ID: <m2@customer.test>\nIn-Reply-To: <m1@customer.test>\n\nStill dark.\n",
    );
    assert_eq!(env.json(&["outbox"]).as_array().unwrap().len(), 1, "the rule notified alice");
    let dry = env.json(&["deliver", "--dry-run"]);
    assert_eq!(dry["sent"].as_array().unwrap().len(), 2);
    let spool = env.tmp.path().join("spool");
    let sent = env.json(&["deliver", "--spool", spool.to_str().unwrap()]);
    assert_eq!(sent["sent"].as_array().unwrap().len(), 2, "the reply and the notification, not the note");
    let files: Vec<PathBuf> = std::fs::read_dir(&spool).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 2);
    let reply_file = files.iter().find(|f| f.to_string_lossy().contains(&format!("desk.{id}."))).unwrap();
    let raw = std::fs::read(reply_file).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    assert!(text.contains("To: jane@customer.test") && text.contains("Cc: boss@customer.test"), "{text}");
    assert!(
        text.contains(&format!("Subject: Re: [#{id}] Camera")) && text.contains("In-Reply-To: <m1@customer.test>"),
        "{text}"
    );
    assert!(text.contains("From: ACME Support <support@acme.test>") && text.contains("X-Desk-Loop: acme.test"));
    assert!(!text.contains("vendor bug"), "internal notes are never sent");
    assert!(env.json(&["outbox"]).as_array().unwrap().is_empty(), "delivered notifications leave the outbox");
    assert_eq!(env.json(&["deliver", "--dry-run"])["sent"], serde_json::json!([]), "nothing twice");
    // Our own mail coming back is dropped; the customer's answer to it threads by its Message-ID.
    let back = ingest(&env, &String::from_utf8_lossy(&raw));
    assert_eq!(back[0]["outcome"], "loop");
    let message_id = reply_file.file_stem().unwrap().to_string_lossy().into_owned();
    let answer = format!(
        "From: jane@customer.test\nSubject: Re: Re: [#{id}] Camera\nMessage-ID: <m3@customer.test>\nIn-Reply-To: <{message_id}>\nReferences: <m1@customer.test> <{message_id}>\n\nWorks now!\n"
    );
    let done = ingest(&env, &answer);
    assert_eq!((done[0]["outcome"].as_str(), done[0]["ticket"].as_str()), (Some("reply"), Some(id.as_str())));
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn split_undoes_a_wrong_threading_and_the_thread_follows() {
    let env = TestEnv::new();
    let first = ingest(&env, "From: jane@customer.test\nSubject: Camera\nMessage-ID: <j1@customer.test>\n\nDark.\n");
    let id = first[0]["ticket"].as_str().unwrap().to_string();
    // Bob answered Jane's old mail about something else entirely.
    ingest(
        &env,
        "From: bob@other.test\nSubject: Re: Camera\nMessage-ID: <b1@other.test>\nIn-Reply-To: <j1@customer.test>\n\nMy invoice is wrong.\n",
    );
    let t = env.json(&["show", &id]);
    let wrong = t["entries"][1]["id"].as_str().unwrap().to_string();
    let out = env.json(&["split", &id, &wrong[..4]]);
    let new = out["id"].as_str().unwrap().to_string();
    assert_eq!(env.json(&["show", &id])["entries"].as_array().unwrap().len(), 1);
    let n = env.json(&["show", &new]);
    assert_eq!(
        (n["requester"].as_str(), n["entries"][0]["body"].as_str()),
        (Some("bob@other.test"), Some("My invoice is wrong."))
    );
    assert_eq!(n["split_from"], id.as_str());
    // Bob's next mail in that thread goes to the new ticket.
    let next = ingest(
        &env,
        "From: bob@other.test\nSubject: Re: Camera\nMessage-ID: <b2@other.test>\nIn-Reply-To: <b1@other.test>\n\nAny news?\n",
    );
    assert_eq!(next[0]["ticket"], new.as_str());
    assert!(env.fails(&["split", &id, &t["entries"][0]["id"].as_str().unwrap()[..6]]).contains("description"));
    env.desk(&["check"]).success();
    env.assert_clean();
}

#[test]
fn replies_go_out_through_a_real_smtp_server() {
    let env = TestEnv::new();
    env.append_and_commit(".desk/config.yaml", "email:\n  address: support@acme.test\n", "email address");
    let done = ingest(&env, "From: jane@customer.test\nSubject: Router\nMessage-ID: <r1@customer.test>\n\nBlinking.\n");
    let id = done[0]["ticket"].as_str().unwrap().to_string();
    env.ok(&["reply", &id, "-m", "Unplug it for *ten* seconds."]);
    let server = SmtpServer::start(env.tmp.path());
    let url = format!("smtp://127.0.0.1:{}", server.port);
    let sent = env.json(&["deliver", "--smtp", &url]);
    assert_eq!(sent["sent"].as_array().unwrap().len(), 1);
    let received = server.received();
    assert_eq!(received.len(), 1, "one message arrived");
    let parsed = desk::email::parse(received[0].as_bytes()).unwrap();
    assert_eq!(parsed.subject, format!("Re: [#{id}] Router"));
    assert_eq!(parsed.references, ["r1@customer.test"]);
    assert_eq!(parsed.body, "Unplug it for *ten* seconds.");
    assert_eq!(env.json(&["deliver", "--smtp", &url])["sent"], serde_json::json!([]), "sent once");
    assert_eq!(server.received().len(), 1);
    // A server that cannot be reached: a clear error, nothing recorded, sent on the next run.
    env.ok(&["reply", &id, "-m", "Did that help?"]);
    let err = env.fails(&["deliver", "--smtp", "smtp://127.0.0.1:1"]);
    assert!(err.contains("cannot send through smtp://127.0.0.1:1"), "{err}");
    assert_eq!(env.json(&["deliver", "--smtp", &url])["sent"].as_array().unwrap().len(), 1);
    assert_eq!(server.received().len(), 2);
}

/// A recipient the server refuses for good must not hold up the mail queued after it.
#[test]
fn a_refused_recipient_is_recorded_and_the_rest_goes_out() {
    let env = TestEnv::new();
    env.append_and_commit(".desk/config.yaml", "email:\n  address: support@acme.test\n", "email address");
    let bad = env.new_ticket("Bounces", &["--requester", "reject@customer.test"]);
    let good = env.new_ticket("Fine", &["--requester", "jane@customer.test"]);
    // A refused CC does not keep the reply from the requester.
    let copied = env.new_ticket("Copied", &["--requester", "ann@customer.test"]);
    env.ok(&["cc", &copied, "reject@customer.test"]);
    env.ok(&["reply", &bad, "-m", "Never arrives."]);
    env.ok(&["reply", &good, "-m", "Arrives."]);
    env.ok(&["reply", &copied, "-m", "Arrives for Ann."]);
    let server = SmtpServer::rejecting(env.tmp.path());
    let url = format!("smtp://127.0.0.1:{}", server.port);
    let out = env.desk(&["deliver", "--smtp", &url, "--json"]).code(1);
    let done: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(done["sent"].as_array().unwrap().len(), 2, "{done}");
    let refused: Vec<(&str, &str)> = done["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["ticket"].as_str().unwrap(), r["to"][0].as_str().unwrap()))
        .collect();
    assert!(refused.contains(&(bad.as_str(), "reject@customer.test")), "{done}");
    assert!(refused.contains(&(copied.as_str(), "reject@customer.test")), "{done}");
    assert!(done["refused"][0]["error"].as_str().unwrap().contains("550"), "{done}");
    assert_eq!(server.received().len(), 2);
    // Recorded: the next run has nothing left to send.
    assert_eq!(env.json(&["deliver", "--smtp", &url])["sent"], serde_json::json!([]));
    assert!(env.git(&["log", "-1", "--format=%B"]).contains("refused by the mail server"));
    env.assert_clean();
}

/// A message some recipients already have when the server stops answering for another is
/// recorded as sent (a second run would give them a second copy); the one left is named.
#[test]
fn a_message_partly_sent_is_never_sent_twice() {
    let env = TestEnv::new();
    env.append_and_commit(".desk/config.yaml", "email:\n  address: support@acme.test\n", "email address");
    let id = env.new_ticket("Partly", &["--requester", "ann@customer.test"]);
    env.ok(&["cc", &id, "reject@customer.test", "later@customer.test"]);
    env.ok(&["reply", &id, "-m", "For all three."]);
    let server = SmtpServer::rejecting(env.tmp.path());
    let url = format!("smtp://127.0.0.1:{}", server.port);
    let out = env.desk(&["deliver", "--smtp", &url, "--json"]).code(1);
    let done: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(done["sent"].as_array().unwrap().len(), 1, "{done}");
    let refused: Vec<&str> = done["refused"].as_array().unwrap().iter().map(|r| r["to"][0].as_str().unwrap()).collect();
    assert_eq!(refused, ["reject@customer.test", "later@customer.test"], "{done}");
    assert!(done["refused"][1]["error"].as_str().unwrap().contains("by hand"), "{done}");
    assert_eq!(server.received().len(), 1, "Ann got it");
    assert_eq!(env.json(&["deliver", "--smtp", &url])["sent"], serde_json::json!([]), "never twice");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn follow_up_titles_drop_reply_prefixes_and_old_tags() {
    assert_eq!(desk::ops::ingest::clean_subject("Re: RE: [#K7Q3M9XT2A] Camera", ""), "Camera");
    assert_eq!(desk::ops::ingest::clean_subject("Fwd: [Support #K7Q3M9XT2A] Camera", "Support"), "Camera");
    assert_eq!(desk::ops::ingest::clean_subject("Re:", ""), "(no subject)");
    assert_eq!(desk::ops::ingest::clean_subject("Reset password", ""), "Reset password");
    assert_eq!(desk::ops::ingest::clean_subject("にゃんこ", ""), "にゃんこ", "no slicing inside a character");
}

/// A real IMAP server on loopback: Debian's dovecot (installed by .ci/run), one user `support`
/// with password `secret` and a Maildir inbox.
struct ImapServer {
    child: std::process::Child,
    port: u16,
    inbox: PathBuf,
}

impl ImapServer {
    fn start(dir: &Path) -> ImapServer {
        let port = crate::common::free_port();
        let root = dir.join("dovecot");
        let inbox = root.join("home/support/Maildir");
        for sub in ["run", "state", "home/support/Maildir/new", "home/support/Maildir/cur", "home/support/Maildir/tmp"]
        {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        // The mail user must reach its home: open the directories on the way (a temporary
        // directory is private to its owner).
        use std::os::unix::fs::PermissionsExt;
        for open in [dir, root.as_path()] {
            std::fs::set_permissions(open, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let r = root.display();
        std::fs::write(root.join("passwd"), "support:{PLAIN}secret\n").unwrap();
        std::fs::write(
            root.join("dovecot.conf"),
            format!(
                "base_dir = {r}/run\nstate_dir = {r}/state\nlog_path = {r}/dovecot.log\nprotocols = imap\nlisten = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\nfirst_valid_uid = 1\nmail_location = maildir:{r}/home/%u/Maildir\npassdb {{\n  driver = passwd-file\n  args = scheme=PLAIN {r}/passwd\n}}\nuserdb {{\n  driver = static\n  args = uid=dovecot gid=dovecot home={r}/home/%u\n}}\nservice imap-login {{\n  chroot =\n  inet_listener imap {{\n    port = {port}\n  }}\n  inet_listener imaps {{\n    port = 0\n  }}\n}}\nservice anvil {{\n  chroot =\n}}\n"
            ),
        )
        .unwrap();
        let child = std::process::Command::new("dovecot")
            .args(["-F", "-c"])
            .arg(root.join("dovecot.conf"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("dovecot (apt-get install dovecot-imapd)");
        let server = ImapServer { child, port, inbox };
        assert!(crate::common::listening(port), "dovecot did not start on port {port}");
        server
    }

    /// Delivers a message into the inbox (owned by the mail user, as an MDA would).
    fn deliver(&self, name: &str, text: &str) {
        let path = self.inbox.join("new").join(name);
        std::fs::write(&path, text).unwrap();
        let status = std::process::Command::new("chown")
            .args(["-R", "dovecot:dovecot"])
            .arg(self.inbox.parent().unwrap())
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for ImapServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn mail_is_fetched_from_a_real_imap_server_once() {
    let env = TestEnv::new();
    let server = ImapServer::start(env.tmp.path());
    server.deliver(
        "1.eml",
        "From: jane@customer.test\nSubject: Via IMAP\nMessage-ID: <i1@customer.test>\n\nHello over IMAP.\n",
    );
    server.deliver("2.eml", "From: jane@customer.test\nSubject: Re: Via IMAP\nMessage-ID: <i2@customer.test>\nIn-Reply-To: <i1@customer.test>\n\nAnd again.\n");
    let url = format!("imap+plain://support@127.0.0.1:{}/INBOX", server.port);
    let fetch = |password: &str| {
        env.command_in(&env.repo).env("DESK_IMAP_PASSWORD", password).args(["fetch", &url, "--json"]).assert()
    };
    let out = fetch("secret").success();
    let done: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let outcomes: Vec<&str> =
        done["messages"].as_array().unwrap().iter().map(|m| m["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["new", "reply"]);
    let again = fetch("secret").success();
    let again: serde_json::Value = serde_json::from_slice(&again.get_output().stdout).unwrap();
    assert_eq!(again["messages"], serde_json::json!([]), "seen mail is not fetched again");
    let wrong = fetch("wrong").failure();
    assert!(String::from_utf8_lossy(&wrong.get_output().stderr).contains("IMAP login"));
    let tickets = env.json(&["list", "--all"]);
    assert_eq!(tickets.as_array().unwrap().len(), 1);
    env.desk(&["check"]).success();
}

#[test]
fn check_reports_a_broken_email_configuration() {
    let env = TestEnv::new();
    let mut config = env.read(".desk/config.yaml");
    config.push_str("email:\n  address: not-an-address\n  types:\n    bugs@acme.test: bug\n");
    std::fs::write(env.repo.join(".desk/config.yaml"), config).unwrap();
    let out = env.desk(&["check"]).code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("`email.address: not-an-address` is not an email address"), "{stdout}");
    assert!(stdout.contains("mail to bugs@acme.test would get type `bug`"), "{stdout}");
}

/// A broken configuration must not bounce customer mail: the message is kept and the mail
/// server is told to try again (exit 75).
#[test]
fn a_broken_configuration_defers_mail_instead_of_bouncing_it() {
    let env = TestEnv::new();
    env.append_and_commit(".desk/config.yaml", "email:\n  address: support@acme.test\n  adress: typo\n", "a typo");
    let mail = "From: jane@customer.test\nSubject: Hello\nMessage-ID: <d1@customer.test>\n\nHi.\n";
    let out = env.command_in(&env.repo).args(["ingest"]).write_stdin(mail).assert().code(75);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("adress") && err.contains("kept in"), "{err}");
    let kept: Vec<_> = std::fs::read_dir(env.repo.join(".git/desk-failed")).unwrap().collect();
    assert_eq!(kept.len(), 1);
}

#[test]
fn a_byte_order_mark_or_blank_lines_before_the_headers_are_skipped() {
    let env = TestEnv::new();
    let done = ingest(&env, "\u{feff}From: jane@customer.test\nSubject: BOM\nMessage-ID: <b1@customer.test>\n\nHi.\n");
    assert_eq!(done[0]["outcome"], "new");
    let done = ingest(&env, "\n\nFrom: jane@customer.test\nSubject: Blank\nMessage-ID: <b2@customer.test>\n\nHi.\n");
    assert_eq!(done[0]["outcome"], "new");
}

/// Mail threads by Message-ID; an imported export keeps threading replies onto their tickets.
#[test]
fn replies_thread_onto_imported_tickets() {
    let env = TestEnv::new();
    let first =
        ingest(&env, "From: jane@customer.test\nSubject: Router\nMessage-ID: <i1@customer.test>\n\nBlinking.\n");
    let id = first[0]["ticket"].as_str().unwrap().to_string();
    let exported = env.ok(&["export", "json"]);
    let other = env.tmp.path().join("other");
    env.desk_in(env.tmp.path(), &["init", "other"]).success();
    std::fs::copy(env.repo.join(".desk/agents.yaml"), other.join(".desk/agents.yaml")).unwrap();
    env.git_output(&other, &["commit", "-qam", "same agents"]);
    let path = env.tmp.path().join("export.json");
    std::fs::write(&path, exported).unwrap();
    env.desk_in(&other, &["import", "json", path.to_str().unwrap()]).success();
    let reply = "From: jane@customer.test\nSubject: Still blinking\nMessage-ID: <i2@customer.test>\nIn-Reply-To: <i1@customer.test>\n\nStill.\n";
    let out = env.command_in(&other).args(["ingest", "--json"]).write_stdin(reply).assert().success();
    let done: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!((done[0]["ticket"].as_str(), done[0]["outcome"].as_str()), (Some(id.as_str()), Some("reply")), "{done}");
}

/// An attachment over `attachments.max_size` stays out of the repository, and so does the
/// message as received, which holds it.
#[test]
fn an_oversized_attachment_is_kept_out_of_git_with_its_message() {
    let env = TestEnv::new();
    env.append_and_commit(".desk/config.yaml", "attachments:\n  max_size: 1KB\n", "small attachments");
    let big = "A".repeat(4000);
    let mail = format!(
        "From: ops@bigcorp.test\nSubject: Capture\nMessage-ID: <big@bigcorp.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nCapture attached.\n--b\nContent-Type: application/octet-stream; name=\"capture.pcap\"\nContent-Disposition: attachment; filename=\"capture.pcap\"\n\n{big}\n--b--\n"
    );
    let done = ingest(&env, &mail);
    let id = done[0]["ticket"].as_str().unwrap();
    let entry = &env.json(&["show", id])["entries"][0];
    assert!(entry["body"].as_str().unwrap().contains("Attachments not kept: capture.pcap"), "{entry}");
    assert!(entry["raw"].is_null(), "{entry}");
    let files = env.git(&["ls-files", "attachments"]);
    assert!(!files.contains("capture.pcap") && !files.contains(".eml"), "{files}");
    env.assert_clean();
}
