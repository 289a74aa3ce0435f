//! The web channel's pure core: the portal's settings (`.desk/portal.yaml`), signed access
//! links for requesters, validation of a submitted request, and customer Markdown rendered to
//! sanitised HTML. `desk serve` (the CLI's HTTP edge) and `ops::portal` (the commits) use it.

use chrono::{DateTime, Duration, Utc};
use hmac::{KeyInit, Mac};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::config::{Config, ConfigError, FieldKind};

/// The portal's settings file.
pub const PORTAL_FILE: &str = ".desk/portal.yaml";

/// What the portal looks like and accepts (`.desk/portal.yaml`; every key optional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PortalConfig {
    /// The page title and heading.
    pub title: String,
    /// Text above the form (Markdown).
    pub intro: String,
    /// The accent colour (a CSS hex colour such as `#1f5fbf`).
    pub accent: String,
    /// Ticket types the form offers (empty: all of them).
    pub types: Vec<String>,
    /// Origins allowed to post to `/api/requests` from a browser (CORS).
    pub allowed_origins: Vec<String>,
    /// How long an access link works, in days.
    pub link_days: i64,
    /// The longest description accepted, in bytes.
    pub max_description: usize,
    /// Requests accepted from one address (or client) per hour.
    pub requests_per_hour: u32,
    /// Custom fields (from `fields:` in config.yaml) the form asks for, by ticket type; under
    /// `"*"`, for every type. Customers may leave them empty.
    pub fields: IndexMap<String, Vec<String>>,
    /// Email domains whose people see and answer each other's requests (an organisation view).
    pub shared_domains: Vec<String>,
    /// Files one request may carry (each within `attachments: { max_size }` of config.yaml);
    /// 0 takes none.
    pub max_attachments: usize,
}

impl Default for PortalConfig {
    fn default() -> Self {
        PortalConfig {
            title: "Support".into(),
            intro: String::new(),
            accent: "#1f5fbf".into(),
            types: Vec::new(),
            allowed_origins: Vec::new(),
            link_days: 30,
            max_description: 64 * 1024,
            requests_per_hour: 10,
            fields: IndexMap::new(),
            shared_domains: Vec::new(),
            max_attachments: 5,
        }
    }
}

impl PortalConfig {
    /// Parses `.desk/portal.yaml` (absent: the defaults) and checks it against the configuration.
    pub fn parse(text: Option<&str>, config: &Config) -> Result<PortalConfig, ConfigError> {
        let portal: PortalConfig = crate::config::parse_file(PORTAL_FILE, text)?;
        let err = |message: String| ConfigError { path: PORTAL_FILE.into(), line: 1, message };
        if let Some(kind) = portal.types.iter().find(|t| !config.types.contains_key(*t)) {
            return Err(err(format!("`types`: `{kind}` is not a ticket type in types.yaml")));
        }
        let hex = portal.accent.strip_prefix('#').unwrap_or("");
        if !(hex.len() == 6 || hex.len() == 3) || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(err(format!("`accent: {}` is not a hex colour such as #1f5fbf", portal.accent)));
        }
        if portal.link_days < 1 {
            return Err(err("`link_days` must be at least 1".into()));
        }
        for (kind, names) in &portal.fields {
            if kind != ALL_TYPES && !config.types.contains_key(kind) {
                return Err(err(format!("`fields`: `{kind}` is not a ticket type in types.yaml (or \"*\")")));
            }
            if let Some(name) = names.iter().find(|n| !config.fields.contains_key(*n)) {
                return Err(err(format!("`fields`: `{name}` is not a custom field in config.yaml")));
            }
        }
        if let Some(bad) = portal.shared_domains.iter().find(|d| d.contains('@') || !d.contains('.')) {
            return Err(err(format!("`shared_domains`: `{bad}` is not a domain such as example.com")));
        }
        Ok(portal)
    }

    /// The domain whose requests `email` sees besides their own, if it is shared.
    pub fn shared_domain(&self, email: &str) -> Option<String> {
        let domain = email.rsplit_once('@')?.1.to_ascii_lowercase();
        self.shared_domains.iter().any(|d| d.eq_ignore_ascii_case(&domain)).then_some(domain)
    }

    /// Whether `email` may see and answer a request of `requester`: their own, or a colleague's
    /// in a shared domain.
    pub fn sees(&self, email: &str, requester: &str) -> bool {
        requester.eq_ignore_ascii_case(email)
            || self
                .shared_domain(email)
                .is_some_and(|domain| requester.rsplit_once('@').is_some_and(|(_, d)| d.eq_ignore_ascii_case(&domain)))
    }

    /// The custom fields the form asks for on requests of type `kind`: those for every type,
    /// then the type's own.
    pub fn fields_for(&self, kind: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in [ALL_TYPES, kind].iter().filter_map(|k| self.fields.get(*k)).flatten() {
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        out
    }

    /// The types the form offers, in configuration order.
    pub fn offered_types(&self, config: &Config) -> Vec<String> {
        config.types.keys().filter(|t| self.types.is_empty() || self.types.contains(t)).cloned().collect()
    }
}

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Why an access link is refused (never said to the visitor beyond "invalid or expired").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Not a link desk made, or altered.
    Invalid,
    /// Past its expiry.
    Expired,
}

/// What an access link grants: `email` may see and answer `ticket` until `expires`; a link that
/// was mailed to `email` (proof that its holder reads that mailbox) also lists and opens their
/// other requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The ticket's full ID.
    pub ticket: String,
    /// The requester's address.
    pub email: String,
    /// When the link stops working.
    pub expires: DateTime<Utc>,
    /// Whether the link was sent to `email` (rather than handed to whoever submitted the form,
    /// who may have typed someone else's address).
    pub mailed: bool,
}

impl Access {
    /// The same access to another of the requester's tickets (for a mailed link's list).
    pub fn to(&self, ticket: &str) -> Access {
        Access { ticket: ticket.to_string(), ..self.clone() }
    }

    /// This access as a link to mail to the requester.
    pub fn mailed(&self) -> Access {
        Access { mailed: true, ..self.clone() }
    }
}

fn mac(secret: &[u8], payload: &str) -> Vec<u8> {
    // HMAC takes keys of any length.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(payload.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The token of an access link: `TICKET.EXPIRY.EMAIL[.m].SIGNATURE`, base64url where needed
/// (`.m` marks a mailed link).
pub fn sign(secret: &[u8], access: &Access) -> String {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut payload = format!("{}.{}.{}", access.ticket, access.expires.timestamp(), engine.encode(&access.email));
    if access.mailed {
        payload.push_str(MAILED);
    }
    format!("{payload}.{}", engine.encode(mac(secret, &payload)))
}

/// Checks a token: its signature, then its expiry.
pub fn verify(secret: &[u8], token: &str, now: DateTime<Utc>) -> Result<Access, LinkError> {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let (payload, signature) = token.rsplit_once('.').ok_or(LinkError::Invalid)?;
    let signature = engine.decode(signature).map_err(|_| LinkError::Invalid)?;
    let mut check = <HmacSha256 as KeyInit>::new_from_slice(secret).map_err(|_| LinkError::Invalid)?;
    check.update(payload.as_bytes());
    check.verify_slice(&signature).map_err(|_| LinkError::Invalid)?;
    let (payload, mailed) = match payload.strip_suffix(MAILED) {
        Some(rest) => (rest, true),
        None => (payload, false),
    };
    let mut parts = payload.splitn(3, '.');
    let (Some(ticket), Some(expires), Some(email)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(LinkError::Invalid);
    };
    let expires = expires.parse::<i64>().ok().and_then(|s| DateTime::from_timestamp(s, 0)).ok_or(LinkError::Invalid)?;
    let email =
        String::from_utf8(engine.decode(email).map_err(|_| LinkError::Invalid)?).map_err(|_| LinkError::Invalid)?;
    if now >= expires {
        return Err(LinkError::Expired);
    }
    Ok(Access { ticket: ticket.to_string(), email, expires, mailed })
}

/// The suffix of a mailed link's payload.
const MAILED: &str = ".m";

/// The access a new link gives, valid for the portal's `link_days` from `now` (not a mailed
/// one: see [`Access::mailed`]).
pub fn access(ticket: &str, email: &str, portal: &PortalConfig, now: DateTime<Utc>) -> Access {
    Access {
        ticket: ticket.to_string(),
        email: email.to_ascii_lowercase(),
        expires: now + Duration::days(portal.link_days),
        mailed: false,
    }
}

/// The key of `fields:` in portal.yaml that applies to every type.
pub const ALL_TYPES: &str = "*";

/// A request as submitted by the form or the JSON API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Submission {
    /// The requester's name.
    pub name: String,
    /// The requester's address.
    pub email: String,
    /// The subject (becomes the title).
    pub subject: String,
    /// The description (Markdown).
    pub description: String,
    /// The ticket type.
    #[serde(rename = "type")]
    pub kind: String,
    /// A field hidden from people: bots fill it in.
    pub website: String,
    /// Custom field values by field name (only fields the form asks for on this type). JSON may
    /// give numbers and booleans too (`"seats": 3`), read as their text.
    #[serde(deserialize_with = "scalar_texts")]
    pub fields: BTreeMap<String, String>,
    /// Files sent with the request.
    pub attachments: Vec<Upload>,
}

/// A file sent with a request; in JSON its bytes are base64 (`{"name", "content"}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    /// The file's name as sent (stored under a safe form of it).
    pub name: String,
    /// Its bytes.
    #[serde(with = "base64_bytes")]
    pub content: Vec<u8>,
}

/// A map of field values where a JSON number or boolean stands for its text and null for empty.
fn scalar_texts<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error> {
    let values = BTreeMap::<String, serde_json::Value>::deserialize(deserializer)?;
    values
        .into_iter()
        .map(|(name, value)| {
            let text = match value {
                serde_json::Value::String(text) => text,
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Null => String::new(),
                _ => {
                    return Err(serde::de::Error::custom(format!(
                        "field `{name}` must be a string, number or boolean"
                    )));
                }
            };
            Ok((name, text))
        })
        .collect()
}

mod base64_bytes {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD.decode(text.trim()).map_err(serde::de::Error::custom)
    }
}

impl Submission {
    /// The type the request gets: the one chosen, else the first the portal offers.
    pub fn kind_or_default(&self, portal: &PortalConfig, config: &Config) -> Option<String> {
        Some(self.kind.clone()).filter(|k| !k.is_empty()).or_else(|| portal.offered_types(config).into_iter().next())
    }
}

/// A field that needs correcting, with what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name (`fields.NAME` for a custom field).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// Checks a submission; every problem is reported at once.
pub fn validate(submission: &Submission, portal: &PortalConfig, config: &Config) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut add = |field: &str, message: &str| errors.push(FieldError { field: field.into(), message: message.into() });
    let email = submission.email.trim();
    if email.is_empty() {
        add("email", "Enter your email address, so we can answer you.");
    } else if crate::ops::create::validate_email(email).is_err() {
        add("email", "Enter an email address such as name@example.com.");
    }
    if submission.subject.trim().is_empty() {
        add("subject", "Enter a subject: a few words about the request.");
    } else if submission.subject.chars().count() > 200 {
        add("subject", "Keep the subject under 200 characters.");
    }
    if submission.description.trim().is_empty() {
        add("description", "Describe the request.");
    } else if submission.description.len() > portal.max_description {
        add("description", &format!("Keep the description under {} KB.", portal.max_description / 1024));
    }
    let offered = portal.offered_types(config);
    if !submission.kind.is_empty() && !offered.contains(&submission.kind) {
        add("type", "Choose one of the request types offered.");
    }
    if submission.name.chars().count() > 200 {
        add("name", "Keep the name under 200 characters.");
    }
    if submission.attachments.len() > portal.max_attachments {
        add(
            "attachments",
            &match portal.max_attachments {
                0 => "Requests here take no files: describe what you would attach.".to_string(),
                n => format!("Attach at most {n} files."),
            },
        );
    }
    let max = config.attachment_max_bytes;
    if let Some(big) = submission.attachments.iter().find(|a| a.content.len() as u64 > max) {
        add(
            "attachments",
            &format!("{} is larger than {}: leave it out or share a link.", big.name, crate::config::format_size(max)),
        );
    }
    let asked = submission.kind_or_default(portal, config).map(|k| portal.fields_for(&k)).unwrap_or_default();
    for (name, value) in submission.fields.iter().filter(|(_, v)| !v.trim().is_empty()) {
        let field = format!("fields.{name}");
        match config.fields.get(name).filter(|_| asked.contains(name)) {
            None => add(&field, &format!("`{name}` is not asked for on this type of request.")),
            Some(def) => {
                if let Err(why) = def.normalize(value) {
                    add(&field, &format!("{}: {why}.", label(name)));
                }
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// A custom field as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldView {
    /// The input's `id` (what an error links to).
    pub id: String,
    /// The input's `name`: `fields.NAME` for every type, `fields.TYPE.NAME` for one type's.
    pub input: String,
    /// What people read.
    pub label: String,
    /// `text`, `number`, `date`, `choice` or `checkbox`.
    pub kind: &'static str,
    /// A choice's options.
    pub options: Vec<String>,
    /// The field's description.
    pub hint: Option<String>,
    /// What was typed.
    pub value: String,
    /// What is wrong with it.
    pub error: Option<String>,
}

/// The custom fields of the form: those for every type first (`class` `None`), then one group
/// per offered type with fields of its own, whose `class` (`t0`, `t1`, … by position in
/// `types`) lets the stylesheet show only the chosen type's group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldGroup {
    /// `tN` for the N-th offered type's group.
    pub class: Option<String>,
    /// The type's name.
    pub kind: Option<String>,
    /// Its fields.
    pub fields: Vec<FieldView>,
}

/// The form's custom fields for `types` (the offered ones), filled with what `submission` holds
/// and its `errors`.
pub fn form_fields(
    portal: &PortalConfig,
    config: &Config,
    types: &[String],
    submission: &Submission,
    errors: &[FieldError],
) -> Vec<FieldGroup> {
    let chosen = submission.kind_or_default(portal, config).unwrap_or_default();
    let common = portal.fields.get(ALL_TYPES).cloned().unwrap_or_default();
    let view = |name: &String, kind: Option<&str>| -> Option<FieldView> {
        let def = config.fields.get(name)?;
        let selected = kind.is_none_or(|k| k == chosen);
        let key = format!("fields.{name}");
        Some(FieldView {
            id: match kind {
                Some(kind) if !selected => format!("fields.{kind}.{name}"),
                _ => key.clone(),
            },
            input: kind.map_or_else(|| key.clone(), |kind| format!("fields.{kind}.{name}")),
            label: label(name),
            kind: match def.kind {
                FieldKind::Text => "text",
                FieldKind::Number => "number",
                FieldKind::Date => "date",
                FieldKind::Choice => "choice",
                FieldKind::Checkbox => "checkbox",
            },
            options: def.options.clone(),
            hint: def.description.clone(),
            value: if selected { submission.fields.get(name).cloned().unwrap_or_default() } else { String::new() },
            error: if selected { errors.iter().find(|e| e.field == key).map(|e| e.message.clone()) } else { None },
        })
    };
    let mut groups =
        vec![FieldGroup { class: None, kind: None, fields: common.iter().filter_map(|n| view(n, None)).collect() }];
    for (i, kind) in types.iter().enumerate() {
        let own: Vec<FieldView> = portal
            .fields
            .get(kind)
            .into_iter()
            .flatten()
            .filter(|n| !common.contains(n))
            .filter_map(|n| view(n, Some(kind)))
            .collect();
        if !own.is_empty() {
            groups.push(FieldGroup { class: Some(format!("t{i}")), kind: Some(kind.clone()), fields: own });
        }
    }
    groups.retain(|g| !g.fields.is_empty());
    groups
}

/// The custom field values a form sent for requests of type `kind` (see [`FieldView::input`]).
pub fn fields_from_form(portal: &PortalConfig, kind: &str, form: &HashMap<String, String>) -> BTreeMap<String, String> {
    portal
        .fields_for(kind)
        .into_iter()
        .filter_map(|name| {
            let value = form.get(&format!("fields.{kind}.{name}")).or_else(|| form.get(&format!("fields.{name}")))?;
            Some((name, value.clone()))
        })
        .collect()
}

/// The client a request comes from: the connection's address, unless that is a trusted
/// reverse proxy (loopback, or one of `trusted`); then the right-most address of
/// `X-Forwarded-For` that is not a trusted proxy. Proxies append to that header, so anything
/// left of the last untrusted address may have been written by the client itself.
pub fn client_address(peer: IpAddr, forwarded: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| ip.is_loopback() || trusted.contains(ip);
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> =
        forwarded.unwrap_or_default().split(',').filter_map(|hop| hop.trim().parse::<IpAddr>().ok()).collect();
    hops.iter().rev().find(|ip| !is_trusted(ip)).or(hops.first()).copied().unwrap_or(peer)
}

/// A field name as people read it: `serial_number` → `Serial number`.
pub fn label(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Customer Markdown as HTML safe to show: no scripts, styles, event handlers, `javascript:`
/// links or remote images (ammonia's defaults, images removed); links open without referrer.
pub fn render_markdown(text: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    let mut cleaner = ammonia::Builder::default();
    cleaner.rm_tags(["img"]).link_rel(Some("noopener noreferrer nofollow"));
    cleaner.clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        crate::clock::parse_time("2026-11-23T12:00:00Z").unwrap()
    }

    #[test]
    fn the_client_is_the_last_address_no_trusted_proxy_wrote() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = ip("10.0.0.5");
        // A client talking to desk directly cannot name another address.
        assert_eq!(client_address(ip("203.0.113.7"), Some("1.2.3.4"), &[proxy]), ip("203.0.113.7"));
        // Behind a trusted proxy, the address the proxy saw; what the client sent left of it is
        // ignored.
        assert_eq!(client_address(proxy, Some("6.6.6.6, 203.0.113.7"), &[proxy]), ip("203.0.113.7"));
        assert_eq!(client_address(ip("127.0.0.1"), Some("203.0.113.7, 10.0.0.5"), &[proxy]), ip("203.0.113.7"));
        assert_eq!(client_address(ip("127.0.0.1"), None, &[]), ip("127.0.0.1"));
        assert_eq!(client_address(ip("::1"), Some("garbage"), &[]), ip("::1"));
    }

    #[test]
    fn links_are_signed_and_expire() {
        let secret = b"0123456789abcdef";
        let access = access("K7Q3M9XT2A", "Jane@Customer.test", &PortalConfig::default(), now());
        let token = sign(secret, &access);
        assert_eq!(verify(secret, &token, now()), Ok(access.clone()));
        assert_eq!(access.email, "jane@customer.test");
        assert_eq!(verify(secret, &token, now() + Duration::days(31)), Err(LinkError::Expired));
        assert_eq!(verify(b"another secret", &token, now()), Err(LinkError::Invalid));
        let tampered = token.replacen("K7Q3M9XT2A", "K7Q3M9XT2B", 1);
        assert_eq!(verify(secret, &tampered, now()), Err(LinkError::Invalid));
        assert_eq!(verify(secret, "garbage", now()), Err(LinkError::Invalid));
        // A mailed link says so, and the mark cannot be added to a link that was not mailed.
        let mailed = sign(secret, &access.mailed());
        assert_eq!(verify(secret, &mailed, now()).map(|a| a.mailed), Ok(true));
        let (payload, signature) = token.rsplit_once('.').unwrap();
        assert_eq!(verify(secret, &format!("{payload}.m.{signature}"), now()), Err(LinkError::Invalid));
    }

    #[test]
    fn submissions_are_checked_field_by_field() {
        let config = crate::template::config();
        let portal = PortalConfig::default();
        let good = Submission {
            email: "jane@customer.test".into(),
            subject: "Camera".into(),
            description: "It stays dark.".into(),
            kind: "incident".into(),
            ..Default::default()
        };
        assert_eq!(validate(&good, &portal, &config), Ok(()));
        let bad = Submission { email: "jane".into(), kind: "bogus".into(), ..Default::default() };
        let errors = validate(&bad, &portal, &config).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "subject", "description", "type"]);
    }

    #[test]
    fn markdown_is_sanitised() {
        let html = render_markdown(
            "**bold** <script>alert(1)</script> [x](javascript:alert(1)) ![i](https://evil.test/i.png) <a href=\"https://ok.test\" onclick=\"x()\">ok</a>",
        );
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(!html.contains("<script") && !html.contains("javascript:") && !html.contains("onclick"), "{html}");
        assert!(!html.contains("<img") && !html.contains("evil.test"), "{html}");
        assert!(html.contains("href=\"https://ok.test\""), "{html}");
    }

    #[test]
    fn the_portal_file_is_checked() {
        let config = crate::template::config();
        assert_eq!(PortalConfig::parse(None, &config).unwrap(), PortalConfig::default());
        let portal = PortalConfig::parse(Some("title: ACME help\ntypes: [incident]\n"), &config).unwrap();
        assert_eq!(portal.offered_types(&config), ["incident"]);
        assert!(PortalConfig::parse(Some("types: [nope]\n"), &config).is_err());
        assert!(PortalConfig::parse(Some("accent: red\n"), &config).is_err());
        assert!(PortalConfig::parse(Some("colour: red\n"), &config).is_err());
    }
}
