//! `desk serve`: the web channel. A request form and a JSON API that create tickets, and a
//! requester portal reached through signed links (no passwords). This file is the HTTP edge:
//! routing, cookies, CSRF, security headers, rate limits and the spool; what is checked and
//! written lives in `desk::portal` and `desk::ops::portal`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use desk::ops::Desk;
use desk::ops::portal::{self, portal_config};
use desk::portal::{Access, PortalConfig, Submission, Upload};
use serde_json::json;

use crate::cli::Context;
use crate::cli::error::{CommandError, CommandResult};

/// Serve the request form, the JSON API and the requester portal over HTTP
///
/// Requesters need no account: each request gets a signed link (mailed with the
/// acknowledgement, shown after submitting, and sent again from /login) that opens its public
/// conversation, where they can reply, copy colleagues and mark it solved. Internal notes and
/// other requesters' tickets are never shown. Every accepted request is committed before the
/// success page is sent; one that cannot be committed waits in the spool and is retried.
/// Settings (title, colour, types offered, allowed origins for the API, limits) come from
/// .desk/portal.yaml. Stop with Ctrl-C or SIGTERM (in-flight requests finish first).
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free one, printed at start)
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: String,
    /// The portal's public URL, for the links in mail (default: http://ADDR)
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    base_url: Option<String>,
    /// File with the secret that signs access links (default: desk-portal.secret in the git
    /// directory, created on first use; never committed)
    #[arg(long, value_name = "FILE")]
    secret_file: Option<PathBuf>,
    /// Run `desk sync` this often (e.g. 60s, 5m), so the team's remote receives web requests
    /// and requesters see agents' replies pushed there
    #[arg(long, value_name = "DURATION")]
    sync: Option<String>,
    /// A reverse proxy whose X-Forwarded-For header names the client (repeatable; loopback is
    /// always trusted), for the per-client rate limit
    #[arg(long = "trusted-proxy", value_name = "IP")]
    trusted_proxies: Vec<std::net::IpAddr>,
}

/// Shared by every request.
struct App {
    /// The repository's root (each request opens it afresh, so config edits apply at once).
    dir: PathBuf,
    secret: Vec<u8>,
    base_url: String,
    templates: minijinja::Environment<'static>,
    /// Recent accepted submissions per key (`email:…`, `client:…`), for the rate limit.
    recent: Mutex<HashMap<String, Vec<Instant>>>,
    spool: PathBuf,
    /// Reverse proxies whose X-Forwarded-For is believed (besides loopback).
    trusted_proxies: Vec<std::net::IpAddr>,
    /// Accepted submissions on their way to the committer (see [`committer`]).
    filing: tokio::sync::mpsc::UnboundedSender<Filing>,
    /// The configuration last read, and the state of `.desk/` it was read from.
    settings: Mutex<Option<(SettingsKey, Arc<Settings>)>>,
}

/// The configuration the form, the stylesheet and the checks of a submission use.
struct Settings {
    config: desk::config::Config,
    portal: PortalConfig,
    /// The form's intro, rendered and sanitised once.
    intro: String,
}

/// Name, size and modification time of each file in `.desk/`.
type SettingsKey = Vec<(std::ffi::OsString, u64, std::time::SystemTime)>;

/// The state of the configuration files (`None` without a working tree: nothing is kept).
fn settings_key(root: &Path) -> Option<SettingsKey> {
    let entries = std::fs::read_dir(root.join(desk::config::CONFIG_DIR)).ok()?;
    let mut key: SettingsKey = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let meta = entry.metadata().ok()?;
            meta.is_file().then_some(())?;
            Some((entry.file_name(), meta.len(), meta.modified().ok()?))
        })
        .collect();
    key.sort();
    Some(key)
}

/// The configuration, read again only when a file of `.desk/` changed: a form page then needs
/// no repository access, which keeps pages fast while submissions are being committed.
/// `None` when the repository cannot be opened.
async fn settings(app: &Shared) -> Option<Arc<Settings>> {
    let key = settings_key(&app.dir);
    if let (Some(key), Some((kept, settings))) = (&key, app.settings.lock().unwrap_or_else(|p| p.into_inner()).as_ref())
        && key == kept
    {
        return Some(settings.clone());
    }
    let previous = app.settings.lock().unwrap_or_else(|p| p.into_inner()).as_ref().map(|(_, s)| s.portal.clone());
    let read = with_desk(app, move |desk| {
        // A broken portal.yaml (`desk check` names it) keeps the settings last read (the
        // defaults at first), said once per change of the files; checks are never skipped.
        let portal = portal_config(desk).unwrap_or_else(|err| {
            let kept = if previous.is_some() { "the settings read before" } else { "the defaults" };
            eprintln!("desk serve: warning: {err}; using {kept}");
            previous.unwrap_or_default()
        });
        let intro = desk::portal::render_markdown(&portal.intro);
        Ok(Settings { config: desk.config.clone(), portal, intro })
    })
    .await;
    let settings = Arc::new(read.map_err(|err| eprintln!("desk serve: {err}")).ok()?);
    if let Some(key) = key {
        *app.settings.lock().unwrap_or_else(|p| p.into_inner()) = Some((key, settings.clone()));
    }
    Some(settings)
}

type Shared = Arc<App>;

/// A submission waiting to be committed, and where to send what became of it.
struct Filing {
    submission: Arc<Submission>,
    done: tokio::sync::oneshot::Sender<Filed>,
}

/// What the committer did with a submission.
enum Filed {
    /// Committed as a ticket.
    Ticket(Box<portal::Submitted>),
    /// Not committed now; kept in the spool, filed on retry.
    Spooled,
    /// Neither committed nor spooled (the spool could not be written; logged).
    Lost,
}

/// The most submissions committed together.
const BATCH_MAX: usize = 100;

/// The most attached bytes committed together (a batch always takes at least one submission).
const BATCH_BYTES: usize = 64 * 1024 * 1024;

/// Commits accepted submissions: whatever arrived while the previous commit was being made
/// goes into the next one (a group commit), so a burst of requests costs a few commits rather
/// than one each, and each requester waits for about two commits, not for everyone ahead.
/// A submission that cannot be committed is spooled here, whether or not its requester is still
/// waiting, so nothing accepted is lost.
async fn committer(app: Shared, mut queue: tokio::sync::mpsc::UnboundedReceiver<Filing>) {
    let mut previous: Option<tokio::task::JoinHandle<()>> = None;
    while let Some(first) = queue.recv().await {
        let size = |f: &Filing| f.submission.attachments.iter().map(|a| a.content.len()).sum::<usize>();
        let mut bytes = size(&first);
        let mut batch = vec![first];
        while batch.len() < BATCH_MAX && bytes < BATCH_BYTES {
            match queue.try_recv() {
                Ok(more) => {
                    bytes += size(&more);
                    batch.push(more);
                }
                Err(_) => break,
            }
        }
        let app = app.clone();
        // The next batch starts once this one is committed; the rules on its tickets run
        // meanwhile (the store's lock orders their commits).
        let (ready, committed) = tokio::sync::oneshot::channel::<()>();
        let this = tokio::task::spawn_blocking(move || {
            let (submissions, mut waiting): (Vec<Arc<Submission>>, Vec<Option<_>>) =
                batch.into_iter().map(|f| (f.submission, Some(f.done))).unzip();
            let refs: Vec<&Submission> = submissions.iter().map(|s| s.as_ref()).collect();
            let settle =
                |submission: &Submission, waiter: tokio::sync::oneshot::Sender<Filed>, why: &dyn std::fmt::Display| {
                    eprintln!("desk serve: could not commit a submission ({why}); kept in the spool");
                    let filed = match spool(&app, submission) {
                        Ok(()) => Filed::Spooled,
                        Err(e) => {
                            eprintln!("desk serve: spooling failed too: {e}");
                            Filed::Lost
                        }
                    };
                    let _ = waiter.send(filed);
                };
            let filed = Desk::open(&app.dir).and_then(|desk| {
                let portal = portal_config(&desk).unwrap_or_default();
                // Requesters get their answer once the commit is made; the rules run after.
                portal::submit_batch(
                    &desk,
                    &portal,
                    &refs,
                    |access| app.link(access),
                    |done| {
                        for ((result, waiter), submission) in done.iter().zip(waiting.iter_mut()).zip(&refs) {
                            let Some(waiter) = waiter.take() else { continue };
                            match result {
                                Ok(submitted) => {
                                    let _ = waiter.send(Filed::Ticket(Box::new(submitted.clone())));
                                }
                                Err(err) => settle(submission, waiter, err),
                            }
                        }
                        let _ = ready.send(());
                    },
                )
            });
            if let Err(err) = filed {
                for (waiter, submission) in waiting.into_iter().zip(&refs) {
                    if let Some(waiter) = waiter {
                        settle(submission, waiter, &err);
                    }
                }
            }
        });
        let _ = committed.await;
        // The rules of at most one batch run beside a commit: under sustained load they would
        // otherwise pile up and hold the lock the commits need.
        if let Some(before) = previous.replace(this) {
            let _ = before.await;
        }
    }
}

impl App {
    /// The requester's page for `access`, as a full URL.
    fn link(&self, access: &Access) -> String {
        format!("{}/r/{}", self.base_url, desk::portal::sign(&self.secret, access))
    }
}

/// The spool of submissions that could not be committed yet.
const SPOOL_DIR: &str = "desk-spool";
const CSRF_COOKIE: &str = "desk_csrf";

fn templates() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    // `.html` templates are escaped automatically (minijinja's default for that extension).
    for (name, text) in [
        ("layout.html", include_str!("../../portal/templates/layout.html")),
        ("form.html", include_str!("../../portal/templates/form.html")),
        ("done.html", include_str!("../../portal/templates/done.html")),
        ("request.html", include_str!("../../portal/templates/request.html")),
        ("message.html", include_str!("../../portal/templates/message.html")),
        ("login.html", include_str!("../../portal/templates/login.html")),
    ] {
        env.add_template(name, text).unwrap_or_else(|e| unreachable!("built-in template {name}: {e}"));
    }
    env
}

/// Reads the signing secret, creating a random one (mode 0600) if the file does not exist.
fn load_secret(path: &Path) -> Result<Vec<u8>, CommandError> {
    match std::fs::read(path) {
        Ok(bytes) if bytes.len() >= 16 => return Ok(bytes),
        Ok(_) => {
            return Err(CommandError::user(format!("{} holds fewer than 16 bytes", path.display()))
                .hinted("delete it to have desk make a new secret (existing links stop working)"));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(CommandError::user(format!("reading {}: {e}", path.display()))),
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| CommandError::user(format!("no randomness for the secret: {e}")))?;
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| CommandError::user(format!("creating {}: {e}", path.display())))?;
    file.write_all(hex.as_bytes()).map_err(|e| CommandError::user(format!("writing {}: {e}", path.display())))?;
    Ok(hex.into_bytes())
}

/// `--base-url`: an http(s) URL with a host and no query, as links are built by appending to it.
fn parse_base_url(text: &str) -> Result<String, String> {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
    let host = rest.map(|r| r.split('/').next().unwrap_or_default()).unwrap_or_default();
    if host.is_empty() || text.contains(['?', '#', ' ']) {
        return Err("give the URL people open, such as https://help.example.com or https://example.com/help".into());
    }
    Ok(text.trim_end_matches('/').to_string())
}

pub fn cmd_serve(cx: &Context, args: &ServeArgs) -> CommandResult {
    let desk = cx.desk()?;
    let portal = portal_config(&desk)?;
    // Room for the description and every file the form may carry (base64 in JSON: 4/3), read
    // at start: a later change of the limits needs a restart.
    let files = (portal.max_attachments as u64).saturating_mul(desk.config.attachment_max_bytes);
    let body_limit = usize::try_from(files.saturating_mul(4) / 3 + portal.max_description as u64)
        .unwrap_or(usize::MAX)
        .saturating_add(SMALL_BODY);
    let sync_every = match &args.sync {
        None => None,
        Some(text) => Some(
            desk::sla::parse_duration(text, chrono::Duration::days(1))
                .and_then(|d| d.to_std().ok())
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    CommandError::user(format!("`--sync {text}` is not a duration"))
                        .hinted("e.g. --sync 60s or --sync 5m")
                })?,
        ),
    };
    let git_dir = desk.store.git().commondir().to_path_buf();
    let secret = load_secret(&args.secret_file.clone().unwrap_or_else(|| git_dir.join("desk-portal.secret")))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::user(format!("starting the server: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .map_err(|e| CommandError::user(format!("listening on {}: {e}", args.addr)))?;
        let local = listener.local_addr().map_err(|e| CommandError::user(e.to_string()))?;
        let base_url =
            args.base_url.clone().unwrap_or_else(|| format!("http://{local}")).trim_end_matches('/').to_string();
        let (filing, queue) = tokio::sync::mpsc::unbounded_channel();
        let app = Arc::new(App {
            dir: desk.store.root().to_path_buf(),
            secret,
            base_url: base_url.clone(),
            templates: templates(),
            recent: Mutex::new(HashMap::new()),
            spool: git_dir.join(SPOOL_DIR),
            trusted_proxies: args.trusted_proxies.clone(),
            filing,
            settings: Mutex::new(None),
        });
        tokio::spawn(committer(app.clone(), queue));
        drop(desk);
        cx.ui.out(&format!("desk serve: listening on http://{local} (links use {base_url}); Ctrl-C stops"))?;
        tokio::spawn(retry_spool(app.clone()));
        if let Some(every) = sync_every {
            tokio::spawn(sync_periodically(app.dir.clone(), every));
        }
        axum::serve(listener, router(app, body_limit).into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| CommandError::user(format!("serving: {e}")))
    })
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(signal) => signal,
        Err(_) => return std::future::pending().await,
    };
    tokio::select! {
        _ = interrupt => {}
        _ = terminate.recv() => {}
    }
}

/// The largest body of a request other than a submission (a reply, a login).
const SMALL_BODY: usize = 1024 * 1024;

fn router(app: Shared, submission_limit: usize) -> Router {
    // Only the two ways of submitting take files; every other body is small.
    let submissions = DefaultBodyLimit::max(submission_limit);
    Router::new()
        .route("/", get(form_page))
        .route("/new", get(form_page).post(submit_form).layer(submissions))
        .route("/api/requests", post(submit_api).options(preflight).layer(submissions))
        .route("/r/{token}", get(request_page))
        .route("/r/{token}/{action}", post(requester_post))
        .route("/r/{token}/files/{name}", get(request_file))
        .route("/login", get(login_page).post(login))
        .route("/style.css", get(stylesheet))
        // Browsers ask for an icon; without one each page logs a failed load.
        .route("/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), readable_rejections))
        .layer(axum::middleware::from_fn(security_headers))
        // Descriptions and files are limited by the configuration; the body limits stop anything
        // far larger early.
        .layer(DefaultBodyLimit::max(SMALL_BODY))
        .with_state(app)
}

/// Pages get a page, not axum's plain-text answer, when a request cannot be read (a body over
/// the limit, a malformed form); the JSON API keeps its own answers.
async fn readable_rejections(
    State(app): State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    if api || !plain || !response.status().is_client_error() {
        return response;
    }
    let portal = load_portal(&app).await;
    let text = if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ("Too large", "That was more than we accept: go back, leave out large files or shorten the text.")
    } else {
        ("That did not work", "What was sent could not be read. Go back and try again.")
    };
    message_leading(&app, &portal, response.status(), text, ("/", "Send a new request"))
}

/// Headers on every response: a CSP without inline code, no sniffing, no framing, no referrer.
async fn security_headers(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Runs repository work off the async threads, with the repository opened for this request.
async fn with_desk<T: Send + 'static>(
    app: &Shared,
    work: impl FnOnce(&Desk) -> Result<T, desk::Error> + Send + 'static,
) -> Result<T, desk::Error> {
    let dir = app.dir.clone();
    tokio::task::spawn_blocking(move || {
        let desk = Desk::open(&dir)?;
        work(&desk)
    })
    .await
    .unwrap_or_else(|e| Err(desk::Error::invalid(format!("the request failed: {e}"))))
}

/// A value for a template.
fn v<T: serde::Serialize>(value: &T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(value))
}

fn page(app: &App, name: &str, context: minijinja::Value) -> Response {
    match app.templates.get_template(name).and_then(|t| t.render(context)) {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            eprintln!("desk serve: rendering {name}: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong.").into_response()
        }
    }
}

/// The answer to a form whose CSRF token does not match the browser's cookie.
fn expired_form(app: &App, portal: &PortalConfig) -> Response {
    message(app, portal, StatusCode::FORBIDDEN, "This form has expired", "Go back, reload the page and send it again.")
}

fn message(app: &App, portal: &PortalConfig, status: StatusCode, heading: &str, text: &str) -> Response {
    message_leading(app, portal, status, (heading, text), ("/", "Send a new request"))
}

/// A message page whose button leads to `href`.
fn message_leading(
    app: &App,
    portal: &PortalConfig,
    status: StatusCode,
    (heading, text): (&str, &str),
    (href, label): (&str, &str),
) -> Response {
    let context = minijinja::context! { portal => v(&portal), heading => heading, text => text, action => minijinja::context! { href => href, label => label } };
    (status, page(app, "message.html", context)).into_response()
}

async fn load_portal(app: &Shared) -> PortalConfig {
    settings(app).await.map(|s| s.portal.clone()).unwrap_or_default()
}

/// The CSRF token of this browser (from its cookie), or a new one to set.
fn csrf_of(headers: &HeaderMap) -> (String, bool) {
    let existing = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, value)| *name == CSRF_COOKIE && value.len() == 32)
        .map(|(_, value)| value.to_string());
    match existing {
        Some(token) => (token, false),
        None => {
            let mut bytes = [0u8; 16];
            let _ = getrandom::fill(&mut bytes);
            (bytes.iter().map(|b| format!("{b:02x}")).collect(), true)
        }
    }
}

fn with_csrf_cookie(mut response: Response, token: &str, new: bool) -> Response {
    if new
        && let Ok(value) = HeaderValue::from_str(&format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"))
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Whether a form's `csrf` field matches the browser's cookie.
fn csrf_ok(headers: &HeaderMap, form: &HashMap<String, String>) -> bool {
    let (cookie, new) = csrf_of(headers);
    !new && form.get("csrf").is_some_and(|sent| *sent == cookie)
}

/// The form's page, filled with `form` and its `errors`.
/// Why a form is shown again with what was typed, besides fields to correct: (heading, text).
type Notice = Option<(&'static str, String)>;

async fn form_response(
    app: &Shared,
    csrf: &str,
    mut form: Submission,
    errors: Vec<desk::portal::FieldError>,
    notice: Notice,
) -> Response {
    let for_fields = errors.clone();
    // Browsers cannot refill a file input: the page asks for the files again.
    let files_lost = !std::mem::take(&mut form.attachments).is_empty();
    let (portal, intro, types, groups, form, max_size) = match settings(app).await {
        Some(settings) => {
            let (portal, config) = (&settings.portal, &settings.config);
            let types = portal.offered_types(config);
            if form.kind.is_empty() {
                form.kind = types.first().cloned().unwrap_or_default();
            }
            let groups = desk::portal::form_fields(portal, config, &types, &form, &for_fields);
            let max_size = desk::config::format_size(config.attachment_max_bytes);
            (portal.clone(), settings.intro.clone(), types, groups, form, max_size)
        }
        None => (PortalConfig::default(), String::new(), Vec::new(), Vec::new(), form, String::new()),
    };
    let field_errors: HashMap<&str, &str> = errors.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
    let context = minijinja::context! {
        portal => v(&portal),
        intro => intro,
        types => types,
        groups => v(&groups),
        csrf => csrf,
        form => v(&form),
        errors => v(&errors),
        field_errors => v(&field_errors),
        notice => notice.map(|(heading, text)| minijinja::context! { heading => heading, text => text }),
        max_size => max_size,
        files_lost => files_lost,
    };
    page(app, "form.html", context)
}

async fn form_page(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let (csrf, new) = csrf_of(&headers);
    let response = form_response(&app, &csrf, Submission::default(), Vec::new(), None).await;
    with_csrf_cookie(response, &csrf, new)
}

/// Why a submission was not turned into a ticket.
enum Refusal {
    /// Fields to correct.
    Invalid(Vec<desk::portal::FieldError>),
    /// Too many requests; retry after this many seconds.
    TooMany(u64),
}

/// The rate-limit keys of one kind of request: one address gets `times` the configured number
/// per hour, one client (an office behind one IP address) ten times as many again.
fn limits(portal: &PortalConfig, kind: &str, address: &str, client: &str, times: usize) -> [(String, usize); 2] {
    let per_hour = portal.requests_per_hour as usize * times;
    [(format!("{kind}:{address}"), per_hour), (format!("{kind}-client:{client}"), per_hour * 10)]
}

/// Checks the rate limit for `keys` (each with its number per hour), recording this request
/// when it passes.
fn rate_limited(app: &App, keys: &[(String, usize)]) -> Option<u64> {
    let mut recent = app.recent.lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    let hour = Duration::from_secs(3600);
    let mut wait = None;
    for (key, limit) in keys {
        let times = recent.entry(key.clone()).or_default();
        times.retain(|t| now.duration_since(*t) < hour);
        if times.len() >= *limit {
            let oldest = times.first().copied().unwrap_or(now);
            let seconds = hour.saturating_sub(now.duration_since(oldest)).as_secs().max(1);
            wait = Some(wait.map_or(seconds, |w: u64| w.max(seconds)));
        }
    }
    if wait.is_none() {
        for (key, _) in keys {
            recent.entry(key.clone()).or_default().push(now);
        }
    }
    wait
}

/// What became of an accepted submission.
enum Accepted {
    /// A ticket, with the access link.
    Ticket { id: String, link: String, access: Access },
    /// Kept in the spool (the repository could not take it now); filed on retry.
    Spooled,
    /// Dropped silently (the honeypot was filled).
    Dropped,
}

async fn accept(app: &Shared, client: &str, submission: Arc<Submission>) -> Result<Accepted, Refusal> {
    // A bot filling the hidden field gets the normal answer whatever else it typed.
    if !submission.website.is_empty() {
        eprintln!("desk serve: dropped a submission from {client} with the hidden field filled (a bot)");
        return Ok(Accepted::Dropped);
    }
    let (validation, portal) = match settings(app).await {
        Some(settings) => {
            (desk::portal::validate(&submission, &settings.portal, &settings.config), settings.portal.clone())
        }
        None => (Ok(()), PortalConfig::default()),
    };
    validation.map_err(Refusal::Invalid)?;
    let keys = limits(&portal, "submit", &submission.email.trim().to_ascii_lowercase(), client, 1);
    if let Some(wait) = rate_limited(app, &keys) {
        return Err(Refusal::TooMany(wait));
    }
    let (done, filed) = tokio::sync::oneshot::channel();
    if app.filing.send(Filing { submission: submission.clone(), done }).is_err() {
        // The committer is gone (the server is stopping): the spool keeps it.
        return match spool(app, &submission) {
            Ok(()) => Ok(Accepted::Spooled),
            Err(_) => Err(Refusal::TooMany(60)),
        };
    }
    match filed.await {
        Ok(Filed::Ticket(done)) => {
            let link = app.link(&done.access);
            Ok(Accepted::Ticket { id: done.outcome.id, link, access: done.access })
        }
        Ok(Filed::Spooled) => Ok(Accepted::Spooled),
        Ok(Filed::Lost) | Err(_) => Err(Refusal::TooMany(60)),
    }
}

fn spool(app: &App, submission: &Submission) -> std::io::Result<()> {
    std::fs::create_dir_all(&app.spool)?;
    let mut name = [0u8; 8];
    let _ = getrandom::fill(&mut name);
    let name: String = name.iter().map(|b| format!("{b:02x}")).collect();
    let path = app.spool.join(format!("{name}.json"));
    let tmp = app.spool.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, serde_json::to_vec(submission).unwrap_or_default())?;
    std::fs::rename(tmp, path)
}

/// Files spooled submissions every ten seconds.
async fn retry_spool(app: Shared) {
    loop {
        tokio::time::sleep(Duration::from_secs(10)).await;
        let Ok(entries) = std::fs::read_dir(&app.spool) else { continue };
        for entry in entries.filter_map(|e| e.ok()) {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let Ok(submission) = std::fs::read(&path).map(|b| serde_json::from_slice::<Submission>(&b)) else {
                continue;
            };
            let Ok(submission) = submission else { continue };
            let linker = app.clone();
            let filed = with_desk(&app, move |desk| {
                let portal = portal_config(desk).unwrap_or_default();
                if let Err(errors) = desk::portal::validate(&submission, &portal, &desk.config) {
                    return Ok(Err(errors));
                }
                portal::submit(desk, &portal, &submission, |access| linker.link(access)).map(Ok)
            })
            .await;
            match filed {
                Ok(Ok(done)) => {
                    let _ = std::fs::remove_file(&path);
                    eprintln!("desk serve: filed a spooled request as {}", done.outcome.id);
                }
                Ok(Err(errors)) => {
                    // Never filed, never retried again: kept aside for a person to look at.
                    let aside = path.with_extension("rejected");
                    let _ = std::fs::rename(&path, &aside);
                    let why = errors.first().map_or("", |e| e.message.as_str());
                    eprintln!("desk serve: a spooled request is invalid ({why}); kept as {}", aside.display());
                }
                Err(err) => eprintln!("desk serve: a spooled request is still waiting ({err})"),
            }
        }
    }
}

/// Runs `desk sync` (this binary) every `every`, reporting failures on stderr.
async fn sync_periodically(dir: PathBuf, every: Duration) {
    let Ok(program) = std::env::current_exe() else { return };
    loop {
        tokio::time::sleep(every).await;
        let (program, dir) = (program.clone(), dir.clone());
        let result = tokio::task::spawn_blocking(move || {
            std::process::Command::new(program).arg("-C").arg(dir).arg("sync").output()
        })
        .await;
        match result {
            Ok(Ok(out)) if out.status.success() => {}
            Ok(Ok(out)) => eprintln!("desk serve: desk sync failed: {}", String::from_utf8_lossy(&out.stderr).trim()),
            Ok(Err(e)) => eprintln!("desk serve: running desk sync: {e}"),
            Err(e) => eprintln!("desk serve: running desk sync: {e}"),
        }
    }
}

fn client_of(app: &App, headers: &HeaderMap, peer: SocketAddr) -> String {
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    desk::portal::client_address(peer.ip(), forwarded, &app.trusted_proxies).to_string()
}

/// A form's fields and files, sent as `application/x-www-form-urlencoded` or (with files)
/// `multipart/form-data`.
struct FormData {
    fields: HashMap<String, String>,
    files: Vec<Upload>,
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for FormData {
    type Rejection = Response;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Response> {
        let multipart = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("multipart/form-data"));
        if !multipart {
            let Form(fields) = Form::<HashMap<String, String>>::from_request(request, state)
                .await
                .map_err(IntoResponse::into_response)?;
            return Ok(FormData { fields, files: Vec::new() });
        }
        let too_large = |e: axum::extract::multipart::MultipartError| {
            (
                e.status(),
                format!("The request could not be read ({}): go back and leave out large files.", e.body_text()),
            )
                .into_response()
        };
        let mut parts =
            axum::extract::Multipart::from_request(request, state).await.map_err(IntoResponse::into_response)?;
        let (mut fields, mut files) = (HashMap::new(), Vec::new());
        while let Some(part) = parts.next_field().await.map_err(too_large)? {
            let name = part.name().unwrap_or_default().to_string();
            match part.file_name().map(str::to_string) {
                Some(file) => {
                    let content = part.bytes().await.map_err(too_large)?.to_vec();
                    // A file input left empty still sends a part, with no name and no bytes.
                    if !(file.is_empty() && content.is_empty()) {
                        files.push(Upload { name: file, content });
                    }
                }
                None => {
                    fields.insert(name, part.text().await.map_err(too_large)?);
                }
            }
        }
        Ok(FormData { fields, files })
    }
}

async fn submit_form(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    FormData { fields: form, files }: FormData,
) -> Response {
    let portal = load_portal(&app).await;
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let submission = Submission {
        name: field("name"),
        email: field("email"),
        subject: field("subject"),
        description: field("description"),
        kind: field("type"),
        website: field("website"),
        fields: desk::portal::fields_from_form(&portal, &field("type"), &form),
        attachments: files,
    };
    let (csrf, new_cookie) = csrf_of(&headers);
    if !csrf_ok(&headers, &form) {
        // What was typed is kept, with a fresh token: sending it again works.
        let notice = Some(("This form had expired", "Check what you typed and send it again.".to_string()));
        let response = form_response(&app, &csrf, submission, Vec::new(), notice).await;
        return with_csrf_cookie((StatusCode::FORBIDDEN, response).into_response(), &csrf, new_cookie);
    }
    let client = client_of(&app, &headers, peer);
    let submission = Arc::new(submission);
    match accept(&app, &client, submission.clone()).await {
        Ok(Accepted::Ticket { id, link, access }) => {
            let context = minijinja::context! { portal => v(&portal), ticket => id, email => access.email, link => link, expires => access.expires.format("%Y-%m-%d").to_string() };
            page(&app, "done.html", context)
        }
        Ok(Accepted::Spooled | Accepted::Dropped) => {
            page(&app, "done.html", minijinja::context! { portal => v(&portal) })
        }
        Err(Refusal::Invalid(errors)) => {
            let response = form_response(&app, &csrf, Arc::unwrap_or_clone(submission), errors, None).await;
            (StatusCode::UNPROCESSABLE_ENTITY, response).into_response()
        }
        Err(Refusal::TooMany(wait)) => {
            let notice = Some(("Too many requests", too_many_text(wait)));
            let response = form_response(&app, &csrf, Arc::unwrap_or_clone(submission), Vec::new(), notice).await;
            with_retry_after((StatusCode::TOO_MANY_REQUESTS, response).into_response(), wait)
        }
    }
}

fn too_many_text(wait: u64) -> String {
    let minutes = wait.div_ceil(60);
    format!("We received many requests from you in the last hour. Please try again in {minutes} minute(s).")
}

fn with_retry_after(mut response: Response, wait: u64) -> Response {
    if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

fn too_many(app: &App, portal: &PortalConfig, wait: u64) -> Response {
    let response = message(app, portal, StatusCode::TOO_MANY_REQUESTS, "Too many requests", &too_many_text(wait));
    with_retry_after(response, wait)
}

/// CORS headers for an allowed origin (none otherwise).
fn cors(portal: &PortalConfig, headers: &HeaderMap, response: &mut Response) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else { return false };
    if !portal.allowed_origins.iter().any(|o| o.trim_end_matches('/') == origin) {
        return false;
    }
    let out = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(origin) {
        out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    out.insert(header::VARY, HeaderValue::from_static("Origin"));
    true
}

async fn preflight(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let portal = load_portal(&app).await;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if !cors(&portal, &headers, &mut response) {
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    let out = response.headers_mut();
    out.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("POST"));
    out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type"));
    out.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    response
}

async fn submit_api(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<Submission>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let portal = load_portal(&app).await;
    let origin_given = headers.contains_key(header::ORIGIN);
    let mut response = match body {
        Err(rejection) => (StatusCode::BAD_REQUEST, Json(json!({ "error": rejection.body_text() }))).into_response(),
        Ok(Json(submission)) => match accept(&app, &client_of(&app, &headers, peer), Arc::new(submission)).await {
            Ok(Accepted::Ticket { id, link, access }) => (
                StatusCode::CREATED,
                Json(json!({ "id": id, "link": link, "expires": desk::clock::format_time(&access.expires) })),
            )
                .into_response(),
            Ok(Accepted::Spooled | Accepted::Dropped) => {
                (StatusCode::ACCEPTED, Json(json!({ "id": null, "queued": true }))).into_response()
            }
            Err(Refusal::Invalid(errors)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "errors": errors }))).into_response()
            }
            Err(Refusal::TooMany(wait)) => {
                let mut r =
                    (StatusCode::TOO_MANY_REQUESTS, Json(json!({ "error": "too many requests", "retry_after": wait })))
                        .into_response();
                if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
                    r.headers_mut().insert(header::RETRY_AFTER, value);
                }
                r
            }
        },
    };
    // A browser on a site not allowed gets no CORS headers, so it cannot read the answer.
    if origin_given {
        cors(&portal, &headers, &mut response);
    }
    response
}

/// The access a token grants (with the public ticket when `with_ticket`), or the page that says
/// the link does not work: the same page for a tampered, expired or unknown link, and for a
/// ticket that is not the requester's.
async fn access_of(
    app: &Shared,
    token: &str,
    with_ticket: bool,
) -> Result<(Access, PortalConfig, Option<desk::ops::portal::PublicTicket>), Response> {
    let (secret, token) = (app.secret.clone(), token.to_string());
    let checked = with_desk(app, move |desk| {
        let portal = portal_config(desk).unwrap_or_default();
        let granted = desk::portal::verify(&secret, &token, desk.now()).ok().and_then(|access| {
            let ticket = if with_ticket {
                Some(portal::public_ticket(desk, &access).ok()?)
            } else {
                portal::granted(desk, &access).ok()?;
                None
            };
            Some((access, ticket))
        });
        Ok((portal, granted))
    })
    .await;
    let (portal, granted) = checked.unwrap_or_default();
    match granted {
        Some((access, ticket)) => Ok((access, portal, ticket)),
        None => {
            let context = minijinja::context! { portal => v(&portal), heading => "This link does not work", text => "It may have expired or been mistyped. Ask for a new link: we will email it to you.", action => minijinja::context! { href => "/login", label => "Email me a new link" } };
            Err((StatusCode::NOT_FOUND, page(app, "message.html", context)).into_response())
        }
    }
}

async fn request_page(
    State(app): State<Shared>,
    UrlPath(token): UrlPath<String>,
    headers: HeaderMap,
    query: axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let (access, portal, ticket) = match access_of(&app, &token, true).await {
        Ok((access, portal, Some(ticket))) => (access, portal, ticket),
        Ok(_) => return not_found(State(app)).await,
        Err(response) => return response,
    };
    // With a mailed link (its holder reads that mailbox), the requester's other requests and
    // their colleagues' in a shared domain, each linked until this link expires. The link
    // shown after submitting opens its own request only: anyone may type any address.
    let listed = if access.mailed {
        let email = access.email.clone();
        with_desk(&app, move |desk| portal::requests(desk, &email, true, 50)).await.unwrap_or_default()
    } else {
        Vec::new()
    };
    let others: Vec<minijinja::Value> = listed
        .into_iter()
        .filter(|r| r.id != ticket.id)
        .map(|r| minijinja::context! { request => v(&r), link => app.link(&access.to(&r.id)) })
        .collect();
    let (csrf, new) = csrf_of(&headers);
    let notice = match query.get("done").map(String::as_str) {
        Some("reply") => Some("Your reply was added."),
        Some("solve") => Some("Thank you: the request is marked solved. Reply here if the problem comes back."),
        Some("cc") => Some("They will be copied on our answers."),
        Some("follow-up") => Some("That request was closed, so your reply started this new one, linked to it."),
        _ => None,
    };
    let context = minijinja::context! { portal => v(&portal), ticket => v(&ticket), token => token, csrf => &csrf, notice => notice, others => others };
    with_csrf_cookie(page(&app, "request.html", context), &csrf, new)
}

async fn requester_action(
    app: Shared,
    (token, client): (String, String),
    headers: HeaderMap,
    form: HashMap<String, String>,
    action: &'static str,
) -> Response {
    let (access, portal, _) = match access_of(&app, &token, false).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if !csrf_ok(&headers, &form) {
        return expired_form(&app, &portal);
    }
    let value = form.get(if action == "cc" { "cc" } else { "body" }).cloned().unwrap_or_default();
    let back = format!("/r/{token}");
    let back = (back.as_str(), "Back to your request");
    if action != "solve" && value.trim().is_empty() {
        let text = ("Nothing to send", "Go back and write something first.");
        return message_leading(&app, &portal, StatusCode::UNPROCESSABLE_ENTITY, text, back);
    }
    if value.len() > portal.max_description {
        let text = format!("Keep your reply under {} KB, or send it in parts.", portal.max_description / 1024);
        return message_leading(&app, &portal, StatusCode::PAYLOAD_TOO_LARGE, ("Too long", &text), back);
    }
    // Replies, copies and solving are conversation, not new requests: ten times as many.
    if let Some(wait) = rate_limited(&app, &limits(&portal, "actions", &access.email, &client, 10)) {
        return too_many(&app, &portal, wait);
    }
    let acting = access.clone();
    let result = with_desk(&app, move |desk| match action {
        "reply" => portal::reply(desk, &acting, &value),
        "cc" => portal::add_cc(desk, &acting, &[value.trim().to_string()]),
        _ => portal::solve(desk, &acting),
    })
    .await;
    match result {
        // A reply to a request closed meanwhile starts a follow-up, as a mail would: show it.
        Ok(outcome) if outcome.id != access.ticket => {
            let token = desk::portal::sign(&app.secret, &access.to(&outcome.id));
            Redirect::to(&format!("/r/{token}?done=follow-up")).into_response()
        }
        Ok(_) => Redirect::to(&format!("/r/{token}?done={action}")).into_response(),
        Err(desk::Error::Invalid { message: text, .. }) => {
            // Messages written for the command line quote values in backticks.
            let text = text.replace('`', "");
            message_leading(&app, &portal, StatusCode::UNPROCESSABLE_ENTITY, ("That did not work", &text), back)
        }
        Err(err) => {
            eprintln!("desk serve: {action} on a request: {err}");
            let text = ("Please try again", "We could not save that just now. Go back and send it again in a minute.");
            message_leading(&app, &portal, StatusCode::SERVICE_UNAVAILABLE, text, back)
        }
    }
}

/// `POST /r/TOKEN/reply`, `/r/TOKEN/solve`, `/r/TOKEN/cc`.
async fn requester_post(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    UrlPath((token, action)): UrlPath<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let action = match action.as_str() {
        "reply" => "reply",
        "solve" => "solve",
        "cc" => "cc",
        _ => return not_found(State(app)).await,
    };
    let client = client_of(&app, &headers, peer);
    requester_action(app, (token, client), headers, form, action).await
}

async fn login_page(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let portal = load_portal(&app).await;
    let (csrf, new) = csrf_of(&headers);
    with_csrf_cookie(
        page(&app, "login.html", minijinja::context! { portal => v(&portal), csrf => &csrf, email => "" }),
        &csrf,
        new,
    )
}

/// Mails a fresh link to each unresolved (or recent) request of an address; the answer is the
/// same whether or not the address has any, so the page reveals nothing.
async fn login(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let portal = load_portal(&app).await;
    if !csrf_ok(&headers, &form) {
        return expired_form(&app, &portal);
    }
    let email = form.get("email").map(|e| e.trim().to_ascii_lowercase()).unwrap_or_default();
    let (csrf, _) = csrf_of(&headers);
    if desk::ops::create::validate_email(&email).is_err() {
        let context = minijinja::context! { portal => v(&portal), csrf => csrf, email => email, error => "Enter an email address such as name@example.com." };
        return (StatusCode::UNPROCESSABLE_ENTITY, page(&app, "login.html", context)).into_response();
    }
    if let Some(wait) = rate_limited(&app, &limits(&portal, "login", &email, &client_of(&app, &headers, peer), 1)) {
        return too_many(&app, &portal, wait);
    }
    // The answer does not wait for the commit, whose cost would tell whether the address has
    // requests.
    let (linker, address, portal_for_links) = (app.clone(), email.clone(), portal.clone());
    let background = app.clone();
    tokio::spawn(async move {
        let sent = with_desk(&background, move |desk| {
            desk::ops::portal::send_links(desk, &portal_for_links, &address, |access| linker.link(access))
        })
        .await;
        if let Err(err) = sent {
            eprintln!("desk serve: sending links: {err}");
        }
    });
    page(&app, "login.html", minijinja::context! { portal => v(&portal), sent => true, email => email })
}

async fn stylesheet(State(app): State<Shared>) -> Response {
    let (portal, types) = match settings(&app).await {
        Some(settings) => (settings.portal.clone(), settings.portal.offered_types(&settings.config)),
        None => (PortalConfig::default(), Vec::new()),
    };
    let mut css = include_str!("../../portal/templates/style.css").replacen("#1f5fbf", &portal.accent, 1);
    // Each type's own fields show when it is the chosen one; browsers without `:has` (and so
    // without these rules) show every group, each headed by its type.
    if types.len() > 1 {
        css.push_str("@supports selector(:has(*)) {\n  .type-fields { display: none; }\n");
        for i in 0..types.len() {
            css.push_str(&format!(
                "  form:has(#type option:nth-child({}):checked) .t{i} {{ display: block; }}\n",
                i + 1
            ));
        }
        css.push_str("}\n");
    }
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], css).into_response()
}

/// `GET /r/TOKEN/files/NAME`: a file of one of the request's public entries, as a download.
async fn request_file(State(app): State<Shared>, UrlPath((token, name)): UrlPath<(String, String)>) -> Response {
    let access = match access_of(&app, &token, false).await {
        Ok((access, _, _)) => access,
        Err(response) => return response,
    };
    match with_desk(&app, move |desk| portal::public_file(desk, &access, &name)).await {
        // Never rendered by the browser: a customer's HTML file stays a file.
        Ok((name, bytes)) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => not_found(State(app)).await,
    }
}

async fn favicon(State(app): State<Shared>) -> Response {
    let portal = load_portal(&app).await;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"12\" rx=\"3\" fill=\"{}\"/><path d=\"M4 12v4l4-4z\" fill=\"{}\"/></svg>",
        portal.accent, portal.accent
    );
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "max-age=86400")], svg).into_response()
}

async fn not_found(State(app): State<Shared>) -> Response {
    let portal = load_portal(&app).await;
    message(&app, &portal, StatusCode::NOT_FOUND, "Page not found", "There is nothing at this address.")
}
