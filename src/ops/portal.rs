//! The web portal's writes and reads: a request becomes a ticket (channel `web`) with an
//! acknowledgement queued in `outbox/` carrying the requester's access link; a requester reads
//! the public side of their ticket, answers it, and marks it solved.

use serde::Serialize;

use super::converse::{Speaker, add_entry};
use super::create::{NewOptions, create_batch};
use super::{Actor, Desk, Outcome};
use crate::automation::OUTBOX_DIR;
use crate::automation::engine::OutboxItem;
use crate::error::{Error, Result};
use crate::id::TicketId;
use crate::portal::{Access, PORTAL_FILE, PortalConfig, Submission};
use crate::store::{CommitRequest, FileChange};
use crate::ticket::{Role, Visibility};

/// Who commits what the portal receives.
pub fn portal_actor(desk: &Desk) -> Actor {
    let email = desk.config.email.address.clone().unwrap_or_else(|| "desk@localhost".into());
    Actor { name: "desk".into(), email, display: "desk web".into() }
}

/// The portal's settings from the working tree (or HEAD).
pub fn portal_config(desk: &Desk) -> Result<PortalConfig> {
    let text = desk.store.read_text(PORTAL_FILE)?;
    Ok(PortalConfig::parse(text.as_deref(), &desk.config)?)
}

/// A request turned into a ticket: its outcome and the access it grants.
#[derive(Debug, Clone)]
pub struct Submitted {
    /// The creation (and automation) outcome.
    pub outcome: Outcome,
    /// What the requester's link grants.
    pub access: Access,
}

/// Files one validated submission (see [`submit_batch`]).
pub fn submit(
    desk: &Desk,
    portal: &PortalConfig,
    submission: &Submission,
    link: impl Fn(&Access) -> String,
) -> Result<Submitted> {
    let mut filed = submit_batch(desk, portal, &[submission], link, |_| {})?;
    filed.pop().unwrap_or_else(|| Err(Error::invalid("nothing was filed")))
}

/// Files validated submissions with one commit: each ticket (channel `web`) and, in
/// `outbox/`, its acknowledgement carrying the access link `link(access)`. `committed` is
/// called as soon as the commit is made; then the rules run on each ticket. A submission the
/// configuration refuses is left out, its error in its place.
pub fn submit_batch(
    desk: &Desk,
    portal: &PortalConfig,
    submissions: &[&Submission],
    link: impl Fn(&Access) -> String,
    committed: impl FnOnce(&[Result<Submitted>]),
) -> Result<Vec<Result<Submitted>>> {
    let actor = portal_actor(desk);
    let now = desk.now();
    let emails: Vec<String> = submissions.iter().map(|s| s.email.trim().to_ascii_lowercase()).collect();
    let options: Vec<NewOptions> =
        submissions.iter().zip(&emails).map(|(s, email)| new_options(desk, portal, s, email)).collect();
    let accesses = std::cell::RefCell::new(vec![None; submissions.len()]);
    // The acknowledgement goes into the ticket's own commit, so there is never a ticket without
    // one.
    let acknowledgement = |i: usize, id: &str| {
        let access = crate::portal::access(id, &emails[i], portal, now);
        let name = greeting_name(&submissions[i].name);
        let greeting = if name.is_empty() { "Hello,".to_string() } else { format!("Hello {name},") };
        let item = OutboxItem {
            id: format!("{id}-received"),
            ticket: id.to_string(),
            to: vec![emails[i].clone()],
            subject: format!("[#{id}] We received your request: {}", crate::ticket::one_line(&options[i].title)),
            body: format!(
                "{greeting}\n\nThank you for writing to us. Your request is ticket {id}; we will answer here and by email.\n\nFollow it, add to it or mark it solved at:\n{}\n\nThis link works until {}.",
                link(&access.mailed()),
                access.expires.format("%Y-%m-%d")
            ),
            rule: "portal".into(),
            at: now,
        };
        accesses.borrow_mut()[i] = Some(access);
        vec![FileChange {
            path: format!("{OUTBOX_DIR}/{}.md", item.id),
            content: Some(super::automate::render_outbox(&item).into_bytes()),
            base: None,
        }]
    };
    let submitted = |results: Vec<Result<Outcome>>, accesses: &[Option<Access>]| -> Vec<Result<Submitted>> {
        results
            .into_iter()
            .zip(accesses)
            .map(|(result, access)| {
                let outcome = result?;
                let access = access.clone().ok_or_else(|| Error::invalid("no access link was made"))?;
                Ok(Submitted { outcome, access })
            })
            .collect()
    };
    let results = create_batch(desk, &actor, &options, acknowledgement, |done| {
        let copies = done.iter().map(|r| match r {
            Ok(outcome) => Ok(outcome.clone()),
            Err(e) => Err(Error::invalid(e.to_string())),
        });
        committed(&submitted(copies.collect(), &accesses.borrow()));
    })?;
    Ok(submitted(results, &accesses.borrow()))
}

/// The ticket a submission asks for.
fn new_options(desk: &Desk, portal: &PortalConfig, submission: &Submission, email: &str) -> NewOptions {
    // Without a type, the first the portal offers (not necessarily the configuration's default).
    let kind = submission.kind_or_default(portal, &desk.config);
    let asked = kind.as_deref().map(|k| portal.fields_for(k)).unwrap_or_default();
    NewOptions {
        title: submission.subject.trim().to_string(),
        body: submission.description.clone(),
        requester: Some(email.to_string()),
        kind,
        channel: Some("web".into()),
        from_customer: Some(email.to_string()),
        fields: submission
            .fields
            .iter()
            .filter(|(name, value)| asked.contains(name) && !value.trim().is_empty())
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect(),
        attachments: submission.attachments.iter().map(|a| (a.name.clone(), a.content.clone())).collect(),
        ..Default::default()
    }
}

/// Commits `item` to `outbox/` as one commit by `actor`.
fn queue(desk: &Desk, actor: &Actor, item: &OutboxItem, message: String) -> Result<git2::Oid> {
    let lock = desk.store.lock()?;
    desk.store.commit(
        &lock,
        CommitRequest {
            changes: vec![FileChange {
                path: format!("{OUTBOX_DIR}/{}.md", item.id),
                content: Some(super::automate::render_outbox(item).into_bytes()),
                base: None,
            }],
            message,
            name: actor.display.clone(),
            email: actor.email.clone(),
            time: desk.now(),
        },
    )
}

/// One public message as the requester sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicEntry {
    /// Who wrote it: "You", the agent's display name, or the support team.
    pub author: String,
    /// When (RFC 3339).
    pub at: String,
    /// Whether the requester wrote it.
    pub mine: bool,
    /// Sanitised HTML of the Markdown body.
    pub html: String,
    /// Its files: `(name, size as people read it)`.
    pub files: Vec<(String, String)>,
}

/// The public side of a ticket: what a requester may see, nothing else.
#[derive(Debug, Clone, Serialize)]
pub struct PublicTicket {
    /// Full ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status as the requester understands it: open, waiting for you, solved, closed.
    pub state: &'static str,
    /// Customer CCs.
    pub cc: Vec<String>,
    /// Public entries, oldest first.
    pub entries: Vec<PublicEntry>,
    /// Whether the requester can still mark it solved or reply.
    pub open: bool,
}

/// The ticket `access` grants, if it is still the requester's or a colleague's in a shared
/// domain (else "no such request", the same answer whether or not it exists).
pub fn granted(desk: &Desk, access: &Access) -> Result<(TicketId, super::Loaded)> {
    let missing = || Error::NoSuchTicket(access.ticket.clone());
    let id = TicketId::parse(&access.ticket).ok_or_else(missing)?;
    let loaded = desk.load(&id).map_err(|_| missing())?;
    let portal = portal_config(desk).unwrap_or_default();
    if !loaded.file.ticket().requester.as_deref().is_some_and(|r| portal.sees(&access.email, r)) {
        return Err(missing());
    }
    Ok((id, loaded))
}

/// [`granted`], for actions a closed request no longer takes (copying someone, solving).
fn granted_open(desk: &Desk, access: &Access) -> Result<TicketId> {
    let (id, loaded) = granted(desk, access)?;
    if desk.category_of(loaded.file.ticket()) == Some(crate::config::Category::Closed) {
        return Err(Error::invalid("This request is closed. Send a new request to write to us again."));
    }
    Ok(id)
}

/// How a requester reads a status category.
fn state_of(category: Option<crate::config::Category>) -> &'static str {
    use crate::config::Category;
    match category {
        Some(Category::Pending) => "waiting for your reply",
        Some(Category::Solved) => "solved",
        Some(Category::Closed) => "closed",
        _ => "open",
    }
}

/// One of the requests a requester can open.
#[derive(Debug, Clone, Serialize)]
pub struct ListedRequest {
    /// Full ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// As in [`PublicTicket::state`].
    pub state: &'static str,
    /// Who asked (the requester, or a colleague in a shared domain).
    pub requester: String,
    /// Whether it is the requester's own.
    pub mine: bool,
}

/// The requests `email` can open, most recently active first, at most `limit`: their own and,
/// when their domain is shared, their colleagues'; closed ones only if `with_closed`.
pub fn requests(desk: &Desk, email: &str, with_closed: bool, limit: usize) -> Result<Vec<ListedRequest>> {
    let portal = portal_config(desk).unwrap_or_default();
    // Values quoted: an address may hold characters the query language uses.
    let quoted = |value: &str| format!("\"{}\"", value.replace('"', ""));
    let who = match portal.shared_domain(email) {
        Some(domain) => format!("(requester:{} OR domain:{})", quoted(email), quoted(&domain)),
        None => format!("requester:{}", quoted(email)),
    };
    let closed = if with_closed { "" } else { " -category:closed" };
    // `domain:` also takes subdomains, which `sees` leaves out: the limit comes after that.
    let text = format!("{who}{closed} sort:-updated");
    let query = crate::query::parse(&text, desk.now()).map_err(|e| Error::invalid(e.message))?;
    let filter = super::listing::Filter { all: true, ..Default::default() };
    let found = super::listing::rows(desk, &filter, &query, None, super::listing::Detail::Rows, None);
    Ok(found
        .rows
        .into_iter()
        .filter(|row| row.requester.as_deref().is_some_and(|r| portal.sees(email, r)))
        .take(limit)
        .map(|row| ListedRequest {
            mine: row.requester.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(email)),
            requester: row.requester.unwrap_or_default(),
            state: state_of(row.category),
            id: row.id,
            title: row.title,
        })
        .collect())
}

/// The public side of the ticket `access` grants (see [`granted`]).
pub fn public_ticket(desk: &Desk, access: &Access) -> Result<PublicTicket> {
    let (_, loaded) = granted(desk, access)?;
    let t = loaded.file.ticket();
    let category = desk.config.category_of(t);
    let state = state_of(category);
    let entries = t
        .entries
        .iter()
        .filter(|e| e.visibility == Visibility::Public)
        .map(|e| {
            let mine = e.role == Role::Customer && e.author.eq_ignore_ascii_case(&access.email);
            let author = if mine {
                "You".to_string()
            } else if e.role == Role::Customer {
                e.author.clone()
            } else {
                desk.config.agents.get(&e.author).and_then(|a| a.name.clone()).unwrap_or_else(|| "Support team".into())
            };
            PublicEntry {
                author,
                at: crate::clock::format_time(&e.at),
                mine,
                html: crate::portal::render_markdown(&e.body),
                files: super::attach::of_entry(e)
                    .into_iter()
                    .map(|a| (a.name, crate::config::format_size(a.size)))
                    .collect(),
            }
        })
        .collect();
    Ok(PublicTicket {
        id: t.id.clone(),
        title: t.title.clone(),
        state,
        cc: t.cc.clone(),
        entries,
        open: !matches!(category, Some(crate::config::Category::Closed)),
    })
}

/// The requester's reply (a customer entry, as if by email: it reopens per the rules).
pub fn reply(desk: &Desk, access: &Access, body: &str) -> Result<Outcome> {
    let (id, _) = granted(desk, access)?;
    add_entry(desk, &portal_actor(desk), &id, Speaker::Customer(access.email.clone()), body, false)
}

/// The name a requester typed, made safe to greet them with in a Markdown mail: one line of
/// letters, spaces and the punctuation names use (`.`, `'`, `-`), at most 60 characters. Anyone
/// can type anything there, and the mail comes from the support address: links, images or
/// extra paragraphs must not get through.
pub fn greeting_name(typed: &str) -> String {
    let kept: String = typed
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| c.is_alphabetic() || " .'-".contains(*c))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(60).collect::<String>().trim().to_string()
}

/// `text` shown literally by a Markdown renderer inside a line, as a code span: nothing in it
/// becomes a link, an image, HTML or emphasis, and the plain-text part of the mail shows it as
/// typed between backticks (backslash escapes would show there as typed too).
fn literal_markdown(text: &str) -> String {
    // The fence is one backtick longer than the longest run inside (CommonMark's rule), and
    // spaces keep a backtick at either end from joining it.
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// The requester marks their request solved.
pub fn solve(desk: &Desk, access: &Access) -> Result<Outcome> {
    let id = granted_open(desk, access)?;
    super::change::solve(desk, &portal_actor(desk), &id)
}

/// The requester adds people to be copied on the conversation.
pub fn add_cc(desk: &Desk, access: &Access, emails: &[String]) -> Result<Outcome> {
    let id = granted_open(desk, access)?;
    // Stored as the requester's address is: lowercase, as typed otherwise.
    let emails: Vec<String> = emails.iter().map(|e| e.trim().to_ascii_lowercase()).collect();
    super::change::change_list(desk, &portal_actor(desk), &id, super::change::ListField::Cc, &emails, false)
}

/// Mails `email` one message with a fresh link to each of their requests that is not closed
/// (nothing when they have none). Returns how many links were sent.
pub fn send_links(desk: &Desk, portal: &PortalConfig, email: &str, link: impl Fn(&Access) -> String) -> Result<usize> {
    let found = requests(desk, email, false, LINKS_MAX)?;
    let Some(first) = found.first() else { return Ok(0) };
    let first = first.id.clone();
    let mut body = String::from("Hello,\n\nHere are links to your requests (no password needed):\n\n");
    for request in &found {
        let access = crate::portal::access(&request.id, email, portal, desk.now());
        let whose = if request.mine { String::new() } else { format!(", from {}", request.requester) };
        // Titles are typed by anyone who names this address: never Markdown or HTML in the mail.
        let title = literal_markdown(&request.title);
        body.push_str(&format!("- {title} ({}{whose}): {}\n", request.id, link(&access.mailed())));
    }
    body.push_str(&format!(
        "\nThese links work for {} days. If you did not ask for them, ignore this message.",
        portal.link_days
    ));
    let at = desk.now();
    let stem = format!("links-{}-{}", crate::id::derived_chars(email, 8).to_ascii_lowercase(), at.timestamp());
    // Random too: two requests in one second (or under a frozen clock) must not collide.
    let suffix = desk
        .ids
        .borrow_mut()
        .entry_id(|suffix| desk.store.head_file(&format!("{OUTBOX_DIR}/{stem}-{suffix}.md")).ok().flatten().is_some());
    let item = OutboxItem {
        id: format!("{stem}-{suffix}"),
        ticket: first,
        to: vec![email.to_string()],
        subject: format!("Your requests at {}", portal.title),
        body,
        rule: "portal".into(),
        at,
    };
    queue(desk, &portal_actor(desk), &item, "web: access links queued\n\nDesk-Action: portal\n".into())?;
    Ok(found.len())
}

/// The most links one login mail carries (the most recently active requests).
const LINKS_MAX: usize = 50;

/// A file of one of the public entries of the ticket `access` grants, as `(name, bytes)`; files
/// of internal notes are never found.
pub fn public_file(desk: &Desk, access: &Access, name: &str) -> Result<(String, Vec<u8>)> {
    let (_, loaded) = granted(desk, access)?;
    let missing = || Error::invalid(format!("no file named {name}"));
    let attachment = loaded
        .file
        .ticket()
        .entries
        .iter()
        .filter(|e| e.visibility == Visibility::Public)
        .flat_map(super::attach::of_entry)
        .find(|a| a.name == name)
        .ok_or_else(missing)?;
    let (_, bytes) = desk.store.head_file(&attachment.path)?.ok_or_else(missing)?;
    Ok((attachment.name, bytes))
}

#[cfg(test)]
mod tests {
    use super::greeting_name;

    #[test]
    fn a_typed_name_cannot_add_links_images_or_paragraphs_to_the_mail() {
        assert_eq!(greeting_name("  Jean-Luc  O'Brien "), "Jean-Luc O'Brien");
        assert_eq!(greeting_name("Zoë Ångström"), "Zoë Ångström");
        let evil = "[Reset your password](https://phish.test) <img src=https://track.test/p.gif>";
        let safe = greeting_name(evil);
        assert!(!safe.contains(['[', ']', '(', ')', '<', '>', '/', ':']), "{safe}");
        assert_eq!(greeting_name("Bob\n\nYour account is locked."), "Bob Your account is locked.");
        assert_eq!(greeting_name(&"a".repeat(500)).len(), 60);
        assert_eq!(greeting_name("<>"), "");
    }

    #[test]
    fn titles_in_mail_are_shown_literally() {
        for title in ["[Reset password](https://evil.test) <a href=x>y</a>", "Second <b>issue</b>", "a `b` ``c"] {
            let markdown = super::literal_markdown(title);
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&markdown));
            let shown = html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
            assert!(!html.contains("<a") && !html.contains("<b>") && shown.contains(title), "{html}");
            assert!(!markdown.contains('\\'), "no escapes in the plain-text part: {markdown}");
        }
    }
}
