use super::*;
use crate::clock::parse_time;
use crate::ticket::{Entry, NewTicket, Role, TicketFile, Visibility};

fn now() -> DateTime<Utc> {
    parse_time("2026-11-23T12:00:00Z").unwrap()
}

fn config() -> Config {
    crate::template::config()
}

fn ticket(status: &str, priority: &str, assignee: Option<&str>, tags: &[&str], created: &str, body: &str) -> Ticket {
    let mut file = TicketFile::create(NewTicket {
        id: "K7Q3M9XT2A".into(),
        title: "Camera will not turn on".into(),
        status: status.into(),
        kind: "incident".into(),
        priority: priority.into(),
        requester: Some("jane@shop.customer.test".into()),
        assignee: assignee.map(str::to_string),
        team: Some("support".into()),
        channel: Some("email".into()),
        parent: None,
        created: parse_time(created).unwrap(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        cc: vec![],
    });
    file.push_entry(Entry {
        id: "aaaaaaaa".into(),
        at: parse_time(created).unwrap(),
        author: "jane@shop.customer.test".into(),
        role: Role::Customer,
        visibility: Visibility::Internal,
        extra: Default::default(),
        body: body.into(),
        line: 0,
    });
    file.ticket().clone()
}

fn matches(query: &str, t: &Ticket) -> bool {
    let config = config();
    let q = parse(query, now()).unwrap_or_else(|e| panic!("{query}: {e}"));
    q.matches(t, &Context { config: &config, me: Some("alice"), sla: None, now: now(), text: None })
}

#[test]
fn the_issue_example_parses_and_matches() {
    let t =
        ticket("open", "high", Some("alice"), &["camera"], "2026-11-20T09:00:00Z", "Pressed the power button twice.");
    let query = r#"status:open assignee:me priority>=high tag:camera created>2026-01-01 -tag:spam "power button""#;
    assert!(matches(query, &t));
    assert!(!matches(&query.replace("-tag:spam", "tag:spam"), &t));
    assert!(!matches(&query.replace("assignee:me", "assignee:bob"), &t));
    assert!(!matches(&query.replace("priority>=high", "priority>high"), &t));
}

#[test]
fn fields_values_and_negation() {
    let t = ticket("on-hold", "normal", None, &["a", "b"], "2026-11-23T08:00:00Z", "text");
    assert!(matches("category:open", &t), "on-hold is in the open category");
    assert!(matches("category:unresolved", &t));
    assert!(matches("status:on-hold,closed", &t));
    assert!(matches("assignee:none team:support channel:email", &t));
    assert!(matches("domain:customer.test domain:shop.customer.test", &t));
    assert!(!matches("domain:other.test", &t));
    assert!(matches("requester:JANE@shop.customer.test", &t));
    assert!(matches("tag:a tag:b -tag:c cc:none follower:none", &t));
    assert!(matches("id:k7q3", &t));
    assert!(matches("type:incident priority<=normal priority>low", &t));
    assert!(matches("NOT status:open", &t));
    assert!(matches("(status:open OR status:on-hold) tag:a", &t));
    assert!(!matches("status:open OR status:new", &t));
}

#[test]
fn free_text_searches_title_and_conversation_including_notes() {
    let t = ticket("open", "normal", None, &[], "2026-11-23T08:00:00Z", "Vendor case 77: firmware bug");
    assert!(matches("camera firmware", &t));
    assert!(matches("\"vendor case 77\"", &t));
    assert!(!matches("\"case vendor\"", &t));
    assert!(matches("CAMERA", &t));
    assert!(!matches("camera printer", &t));
    assert!(matches("camera OR printer", &t));
}

#[test]
fn relative_and_absolute_dates() {
    let t = ticket("open", "normal", None, &[], "2026-11-20T09:00:00Z", "x");
    assert!(matches("created>-7d", &t));
    assert!(!matches("created>-2d", &t));
    assert!(matches("created<-2d", &t));
    assert!(matches("created:2026-11-20", &t));
    assert!(!matches("created:2026-11-21", &t));
    assert!(matches("created<=2026-11-20 created>=2026-11-20", &t));
    assert!(matches("created<2026-11-21T00:00:00Z", &t));
    assert!(matches("updated>-1w", &t));
    assert!(!matches("created:today", &t));
}

#[test]
fn sort_and_limit_are_options_not_conditions() {
    let q = parse("tag:x sort:-priority,created limit:5", now()).unwrap();
    assert_eq!(q.sort, vec![(SortKey::Priority, true), (SortKey::Created, false)]);
    assert_eq!(q.limit, Some(5));
    assert_eq!(q.expr, Some(Expr::Term(Term::Field { field: Field::Tag, op: Op::Eq, values: vec!["x".into()] })));
    assert!(parse("", now()).unwrap().expr.is_none());
    assert_eq!(parse("sla:due<2h", now()).unwrap(), parse("due<2h", now()).unwrap());
}

#[test]
fn mistakes_are_explained() {
    let err = |text: &str| parse(text, now()).unwrap_err();
    let typo = err("stauts:open");
    assert_eq!(typo.message, "unknown field `stauts`: did you mean `status`?");
    assert!(typo.hint.unwrap().contains("priority"));
    assert!(err("asignee:me").message.contains("did you mean `assignee`"));
    assert!(err("frobnicate:x").message.contains("unknown field `frobnicate`"));
    assert!(err("tag>x").message.contains("cannot be compared"));
    assert!(err("created>lastweek").message.contains("not a date"));
    assert!(err("sort:colour").message.contains("cannot sort by"));
    assert!(err("(status:open").message.contains("never closed"));
    assert!(err("status:open)").message.contains("unbalanced"));
    assert!(err("\"open phrase").message.contains("closing"));
    assert!(err("status:").message.contains("no value"));
    assert!(err("OR tag:x").message.contains("both sides"));
    assert!(err("- tag:x").message.contains("followed"));
}

#[test]
fn values_the_configuration_lists_are_checked() {
    let config = config();
    let check = |text: &str| parse(text, now()).unwrap().check_values(&config);
    for fine in
        ["status:open priority>=high type:incident category:pending", "assignee:me OR assignee:none", "Status:OPEN"]
    {
        assert_eq!(check(fine), Ok(()), "{fine}");
    }
    let typo = check("status:opn").unwrap_err();
    assert_eq!(typo.message, "unknown status `opn`: did you mean `open`?");
    assert!(typo.hint.unwrap().contains("pending"));
    assert!(check("priority>=critical").unwrap_err().message.starts_with("unknown priority `critical`"));
    assert!(check("-type:bug").unwrap_err().message.starts_with("unknown type `bug`"));
    assert!(check("tag:x (assignee:robert OR status:open)").unwrap_err().message.starts_with("unknown agent `robert`"));
}
