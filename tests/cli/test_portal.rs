//! `desk serve`: the request form, the JSON API and the requester portal, over real HTTP on
//! loopback, and the form in a real headless browser.

use std::io::BufRead;
use std::process::{Child, Stdio};

use crate::common::{SmtpServer, TestEnv};

/// A running `desk serve`, stopped (SIGTERM) on drop.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(env: &TestEnv) -> Server {
        Self::start_with(env, &[])
    }

    fn start_with(env: &TestEnv, extra: &[&str]) -> Server {
        let mut child = env
            .std_command_in(&env.repo)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_string();
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into()
}

fn done(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = response.unwrap();
    let headers =
        response.headers().iter().map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string())).collect();
    Reply {
        status: response.status().as_u16(),
        headers,
        body: response.body_mut().read_to_string().unwrap_or_default(),
    }
}

fn get(url: &str, cookie: &str) -> Reply {
    done(agent().get(url).header("Cookie", cookie).call())
}

fn post_form(url: &str, cookie: &str, fields: &[(&str, &str)]) -> Reply {
    done(agent().post(url).header("Cookie", cookie).send_form(fields.iter().copied()))
}

fn post_json(url: &str, origin: Option<&str>, body: &str) -> Reply {
    let mut request = agent().post(url).header("Content-Type", "application/json");
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    done(request.send(body))
}

/// The CSRF cookie the form page sets, as `(cookie header, token)`.
fn csrf(server: &Server) -> (String, String) {
    let page = get(&format!("{}/", server.url), "");
    let set = page.header("set-cookie").unwrap().to_string();
    let token = set.split(';').next().unwrap().split_once('=').unwrap().1.to_string();
    (format!("desk_csrf={token}"), token)
}

fn link_in(html: &str) -> String {
    let html = html.replace("&#x2f;", "/");
    let at = html.find("/r/").unwrap();
    let end = html[at..].find('"').unwrap();
    html[at..at + end].to_string()
}

/// A repository whose `.desk/config.yaml` gets `config` appended and whose `.desk/portal.yaml`
/// is `portal` (left alone when empty), committed.
fn configured(config: &str, portal: &str) -> TestEnv {
    let env = TestEnv::new();
    let mut text = env.read(".desk/config.yaml");
    text.push_str(config);
    std::fs::write(env.repo.join(".desk/config.yaml"), text).unwrap();
    if !portal.is_empty() {
        std::fs::write(env.repo.join(".desk/portal.yaml"), portal).unwrap();
    }
    env.git(&["add", ".desk"]);
    env.git(&["commit", "-qm", "settings"]);
    env
}

#[test]
fn a_request_becomes_a_ticket_and_its_requester_follows_it_by_link() {
    let env = TestEnv::new();
    let server = Server::start(&env);
    let form = get(&format!("{}/", server.url), "");
    assert_eq!(form.status, 200);
    for header in ["content-security-policy", "x-content-type-options", "x-frame-options"] {
        assert!(form.header(header).is_some(), "{header} missing");
    }
    assert!(!form.header("content-security-policy").unwrap().contains("unsafe-inline"));
    assert!(form.header("set-cookie").unwrap().contains("SameSite=Strict"));
    assert!(form.body.contains("<label for=\"email\">") && form.body.contains("name=\"csrf\""), "{}", form.body);
    let (cookie, token) = csrf(&server);
    let sent = post_form(
        &format!("{}/new", server.url),
        &cookie,
        &[
            ("csrf", &token),
            ("name", "Jane Doe"),
            ("email", "Jane@Customer.test"),
            ("subject", "Camera stays dark"),
            ("description", "It **stays** dark. <script>alert(1)</script>"),
            ("type", "incident"),
            ("website", ""),
        ],
    );
    assert_eq!(sent.status, 200, "{}", sent.body);
    let tickets = env.json(&["list", "--all"]);
    assert_eq!(tickets.as_array().unwrap().len(), 1);
    let id = tickets[0]["id"].as_str().unwrap().to_string();
    assert!(sent.body.contains(&id));
    let ticket = env.json(&["show", &id]);
    assert_eq!((ticket["channel"].as_str(), ticket["requester"].as_str()), (Some("web"), Some("jane@customer.test")));
    assert_eq!((ticket["type"].as_str(), ticket["entries"][0]["role"].as_str()), (Some("incident"), Some("customer")));
    // The acknowledgement waits in the outbox with a link to the same request (a mailed one,
    // which also lists the requester's other requests).
    let link = link_in(&sent.body);
    let outbox = env.json(&["outbox"]);
    assert_eq!(outbox[0]["to"][0], "jane@customer.test");
    let mailed = outbox[0]["body"].as_str().unwrap();
    assert!(mailed.contains(&format!("/r/{id}.")) && !mailed.contains(&link), "{outbox}");
    assert_eq!(env.git(&["status", "--porcelain"]), "", "every submission is committed");
    // The requester's page: the public conversation, sanitised, never internal notes.
    env.ok(&["note", &id, "-m", "SECRET vendor case 77"]);
    env.ok(&["reply", &id, "-m", "Hold the *power* button."]);
    let page = get(&format!("{}{link}", server.url), &cookie);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Camera stays dark") && page.body.contains("<em>power</em>"), "{}", page.body);
    assert!(!page.body.contains("SECRET") && !page.body.contains("<script>alert"), "{}", page.body);
    // They reply (a customer message: the pending ticket opens again), copy a colleague and
    // mark it solved.
    let replied =
        post_form(&format!("{}{link}/reply", server.url), &cookie, &[("csrf", &token), ("body", "Still dark.")]);
    assert_eq!(replied.status, 303);
    let ticket = env.json(&["show", &id]);
    let last = ticket["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["role"].as_str(), last["body"].as_str()), (Some("customer"), Some("Still dark.")));
    assert_eq!(ticket["status"], "open");
    post_form(&format!("{}{link}/cc", server.url), &cookie, &[("csrf", &token), ("cc", "boss@customer.test")]);
    assert_eq!(env.json(&["show", &id])["cc"][0], "boss@customer.test");
    let solved = post_form(&format!("{}{link}/solve", server.url), &cookie, &[("csrf", &token)]);
    assert_eq!(solved.status, 303);
    let solved = env.json(&["show", &id]);
    assert_eq!(solved["status"], "solved");
    assert!(solved["assignee"].is_null(), "a requester solving is not an agent to assign: {solved}");
    // A copy of the requester themselves is refused on a page that leads back to the request.
    let own =
        post_form(&format!("{}{link}/cc", server.url), &cookie, &[("csrf", &token), ("cc", "JANE@customer.test")]);
    assert_eq!(own.status, 422);
    assert!(own.body.contains("is the requester") && own.body.contains("Back to your request"), "{}", own.body);
    // Without the CSRF token nothing happens.
    let forged = post_form(&format!("{}{link}/reply", server.url), "", &[("body", "forged")]);
    assert_eq!(forged.status, 403);
    // A tampered link and another ticket's ID get the same refusal, which names nothing.
    let other = env.new_ticket("Someone else's", &["--requester", "bob@other.test"]);
    let tampered = link.replacen(&id, &other, 1);
    let refused = get(&format!("{}{tampered}", server.url), &cookie);
    assert_eq!(refused.status, 404);
    assert!(!refused.body.contains(&other) && !refused.body.contains("Someone else"), "{}", refused.body);
    assert_eq!(get(&format!("{}/r/garbage", server.url), &cookie).body, refused.body);
}

#[test]
fn bad_input_is_explained_and_what_was_typed_is_kept() {
    let env = TestEnv::new();
    let server = Server::start(&env);
    let (cookie, token) = csrf(&server);
    let url = format!("{}/new", server.url);
    let bad = post_form(
        &url,
        &cookie,
        &[
            ("csrf", &token),
            ("email", "not-an-address"),
            ("subject", "Printer"),
            ("description", ""),
            ("type", "bogus"),
        ],
    );
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Enter an email address such as name@example.com."), "{}", bad.body);
    assert!(bad.body.contains("Describe the request.") && bad.body.contains("Choose one of the request types"));
    assert!(bad.body.contains("value=\"not-an-address\"") && bad.body.contains("value=\"Printer\""), "{}", bad.body);
    assert!(env.json(&["list", "--all"]).as_array().unwrap().is_empty());
    // The form without its token is refused; a filled honeypot is thanked and dropped.
    let expired = post_form(&url, "", &[("email", "a@b.test"), ("subject", "x"), ("description", "Kept words")]);
    assert_eq!(expired.status, 403);
    // The form comes back with what was typed and a fresh token, so sending it again works.
    assert!(expired.body.contains("This form had expired") && expired.body.contains("Kept words"), "{}", expired.body);
    assert!(expired.header("set-cookie").is_some_and(|c| c.contains("desk_csrf=")));
    let bot = post_form(
        &url,
        &cookie,
        &[
            ("csrf", &token),
            ("email", "bot@spam.test"),
            ("subject", "Buy"),
            ("description", "Cheap"),
            ("website", "http://spam.test"),
        ],
    );
    assert_eq!(bot.status, 200);
    // Also when the rest of what it typed would be refused.
    let sloppy_bot = post_form(&url, &cookie, &[("csrf", &token), ("email", "bad"), ("website", "http://spam.test")]);
    assert_eq!(sloppy_bot.status, 200);
    assert!(env.json(&["list", "--all"]).as_array().unwrap().is_empty(), "the bot made no ticket");
    // Too many requests from one address: 429 with Retry-After.
    let mut config = String::from("requests_per_hour: 2\n");
    config.push_str("allowed_origins: [\"https://www.acme.test\"]\n");
    std::fs::write(env.repo.join(".desk/portal.yaml"), config).unwrap();
    env.git(&["add", ".desk/portal.yaml"]);
    env.git(&["commit", "-qm", "portal settings"]);
    let fields = |n: &str| {
        vec![
            ("csrf", token.clone()),
            ("email", "ann@customer.test".into()),
            ("subject", format!("Question {n}")),
            ("description", "Hi".into()),
        ]
    };
    for n in ["1", "2"] {
        let f = fields(n);
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(post_form(&url, &cookie, &pairs).status, 200);
    }
    let f = fields("3");
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let limited = post_form(&url, &cookie, &pairs);
    assert_eq!(limited.status, 429);
    assert!(limited.header("retry-after").unwrap().parse::<u64>().unwrap() > 0);
    assert!(limited.body.contains("Too many requests") && limited.body.contains("Question 3"), "{}", limited.body);
}

#[test]
fn the_json_api_takes_requests_from_allowed_origins() {
    let env = TestEnv::new();
    std::fs::write(
        env.repo.join(".desk/portal.yaml"),
        "allowed_origins: [\"https://www.acme.test\"]\ntypes: [question, incident]\n",
    )
    .unwrap();
    env.git(&["add", ".desk/portal.yaml"]);
    env.git(&["commit", "-qm", "portal settings"]);
    let server = Server::start(&env);
    let url = format!("{}/api/requests", server.url);
    let preflight = done(
        agent()
            .options(&url)
            .header("Origin", "https://www.acme.test")
            .header("Access-Control-Request-Method", "POST")
            .call(),
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("https://www.acme.test"));
    let denied = done(agent().options(&url).header("Origin", "https://evil.test").call());
    assert_eq!(denied.status, 403);
    let created = post_json(
        &url,
        Some("https://www.acme.test"),
        r#"{"email": "ann@customer.test", "subject": "Invoice", "description": "Wrong VAT.", "type": "question"}"#,
    );
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.header("access-control-allow-origin"), Some("https://www.acme.test"));
    let answer: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    let id = answer["id"].as_str().unwrap();
    assert_eq!(env.json(&["show", id])["channel"], "web");
    assert!(answer["link"].as_str().unwrap().contains("/r/"));
    let from_elsewhere =
        post_json(&url, Some("https://evil.test"), r#"{"email": "x@y.test", "subject": "s", "description": "d"}"#);
    assert!(from_elsewhere.header("access-control-allow-origin").is_none());
    let invalid = post_json(&url, None, r#"{"email": "nope", "subject": "", "description": "d", "type": "task"}"#);
    assert_eq!(invalid.status, 422);
    let errors: serde_json::Value = serde_json::from_str(&invalid.body).unwrap();
    let fields: Vec<&str> = errors["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["email", "subject", "type"], "task is not offered");
}

#[test]
fn login_mails_fresh_links_and_says_the_same_for_strangers() {
    let env = TestEnv::new();
    let server = Server::start(&env);
    let id = env.new_ticket("Camera stays dark", &["--requester", "jane@customer.test"]);
    let (cookie, token) = csrf(&server);
    let url = format!("{}/login", server.url);
    let known = post_form(&url, &cookie, &[("csrf", &token), ("email", "jane@customer.test")]);
    let stranger = post_form(&url, &cookie, &[("csrf", &token), ("email", "nobody@customer.test")]);
    assert_eq!((known.status, stranger.status), (200, 200));
    assert_eq!(known.body.replace("jane@customer.test", "X"), stranger.body.replace("nobody@customer.test", "X"));
    let mail = login_mail(&env);
    assert_eq!(mail["to"][0], "jane@customer.test");
    let body = mail["body"].as_str().unwrap();
    assert!(body.contains(&id));
    let link = &body[body.find("/r/").unwrap()..].lines().next().unwrap().to_string();
    assert_eq!(get(&format!("{}{link}", server.url), &cookie).status, 200);
}

#[test]
fn the_form_works_in_a_real_browser() {
    let Some(chromium) = ["chromium", "chromium-browser"].into_iter().find(|b| which(b)) else {
        panic!("chromium is needed for this test (.ci/run installs it)");
    };
    let env = TestEnv::new();
    let server = Server::start(&env);
    let shot = env.tmp.path().join("form.png");
    let out = std::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--window-size=412,900"])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("{}/", server.url))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::metadata(&shot).unwrap().len() > 5000, "a non-empty screenshot");
    let dom = std::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!("{}/", server.url))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("Send us a request") && dom.contains("name=\"description\""), "{dom}");
}

fn which(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn with_sync_web_requests_reach_the_team_remote() {
    let env = TestEnv::new();
    let (remote, branch) = env.bare_remote();
    let server = Server::start_with(&env, &["--sync", "1s"]);
    let created = post_json(
        &format!("{}/api/requests", server.url),
        None,
        r#"{"email": "ann@customer.test", "subject": "Sync me", "description": "Please."}"#,
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let id: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    let id = id["id"].as_str().unwrap().to_string();
    let path = env.path_of(&id);
    let pushed = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        env.git_output(
            &env.repo,
            &["--git-dir", remote.to_str().unwrap(), "cat-file", "-e", &format!("{branch}:{path}")],
        )
        .status
        .success()
    });
    assert!(pushed, "the request reached the remote within 10 s");
}

#[test]
fn the_form_asks_for_each_types_custom_fields() {
    let env = configured(
        "\nfields:\n  plan:\n    type: choice\n    options: [free, pro]\n  serial_number:\n    type: text\n    description: On the label under the camera.\n  seats:\n    type: number\n",
        "fields:\n  \"*\": [plan]\n  incident: [serial_number, seats]\nallowed_origins: [\"https://www.acme.test\"]\n",
    );
    env.ok(&["check"]);
    let server = Server::start(&env);
    let form = get(&format!("{}/", server.url), "");
    assert!(form.body.contains("<label for=\"fields.plan\">Plan"), "{}", form.body);
    assert!(form.body.contains("name=\"fields.incident.serial_number\""), "{}", form.body);
    assert!(form.body.contains("On the label under the camera."));
    // The stylesheet shows only the chosen type's own fields.
    let css = get(&format!("{}/style.css", server.url), "").body;
    assert!(css.contains(":has(") && css.contains(".type-fields { display: none; }"), "{css}");
    let (cookie, token) = csrf(&server);
    let url = format!("{}/new", server.url);
    let mut fields = vec![
        ("csrf", token.as_str()),
        ("email", "jane@customer.test"),
        ("subject", "Camera"),
        ("description", "Dark."),
        ("type", "incident"),
        ("fields.plan", "PRO"),
        ("fields.incident.serial_number", "SN-77"),
        ("fields.incident.seats", "many"),
    ];
    let bad = post_form(&url, &cookie, &fields);
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Seats: `many` is not a number."), "{}", bad.body);
    assert!(bad.body.contains("value=\"SN-77\""), "what was typed is kept: {}", bad.body);
    fields.pop();
    fields.push(("fields.incident.seats", "12"));
    assert_eq!(post_form(&url, &cookie, &fields).status, 200);
    let id = env.json(&["list", "--all"])[0]["id"].as_str().unwrap().to_string();
    let ticket = env.json(&["show", &id]);
    assert_eq!((ticket["plan"].as_str(), ticket["serial_number"].as_str()), (Some("pro"), Some("SN-77")), "{ticket}");
    assert_eq!(ticket["seats"].as_str(), Some("12"));
    // Another type's fields are not taken; through the API they are refused by name.
    let api = post_json(
        &format!("{}/api/requests", server.url),
        None,
        r#"{"email":"ann@customer.test","subject":"How?","description":"Q","type":"question","fields":{"serial_number":"X"}}"#,
    );
    assert_eq!(api.status, 422, "{}", api.body);
    assert!(api.body.contains("fields.serial_number"), "{}", api.body);
    // `desk new --field` sets them too, checked the same way.
    let made = env.json(&["new", "By phone", "-m", "Call", "--field", "plan=free"]);
    assert_eq!(env.json(&["show", made["id"].as_str().unwrap()])["plan"], "free");
    env.fails(&["new", "Bad", "-m", "x", "--field", "plan=gold"]);
    // `desk new --attach` puts files on the description, like the form.
    std::fs::write(env.tmp.path().join("call notes.txt"), "notes").unwrap();
    let path = env.tmp.path().join("call notes.txt");
    let with_file = env.json(&["new", "Phone call", "-m", "See notes", "--attach", path.to_str().unwrap()]);
    assert!(env.ok(&["show", with_file["id"].as_str().unwrap()]).contains("call-notes.txt"));
}

/// A headless Chromium driven over WebDriver (Debian's `chromium-driver`), ended on drop.
struct Browser {
    driver: Child,
    session: String,
}

impl Browser {
    fn start() -> Browser {
        let port = crate::common::free_port();
        let driver = std::process::Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is needed for this test (.ci/run installs chromium-driver)");
        let base = format!("http://127.0.0.1:{port}");
        assert!(crate::common::listening(port), "chromedriver did not start on port {port}");
        let capabilities = serde_json::json!({"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": {"args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=412,900"]},
            "goog:loggingPrefs": {"browser": "ALL"}
        }}});
        let mut browser = Browser { driver, session: String::new() };
        let made = browser.call("POST", &format!("{base}/session"), Some(capabilities));
        browser.session = format!("{base}/session/{}", made["sessionId"].as_str().unwrap());
        browser
    }

    fn call(&self, method: &str, url: &str, body: Option<serde_json::Value>) -> serde_json::Value {
        let agent = agent();
        let response = match method {
            "GET" => agent.get(url).call(),
            "DELETE" => agent.delete(url).call(),
            _ => agent
                .post(url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or_else(|| serde_json::json!({})).to_string()),
        };
        let reply = done(response);
        let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(reply.status, 200, "{method} {url}: {json}");
        json["value"].clone()
    }

    fn command(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> serde_json::Value {
        self.call(method, &format!("{}{path}", self.session), body)
    }

    fn open(&self, url: &str) {
        self.command("POST", "/url", Some(serde_json::json!({ "url": url })));
    }

    fn element(&self, css: &str) -> String {
        let found = self.command("POST", "/element", Some(serde_json::json!({"using": "css selector", "value": css})));
        found.as_object().unwrap().values().next().unwrap().as_str().unwrap().to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.element(css);
        self.command("POST", &format!("/element/{element}/value"), Some(serde_json::json!({ "text": text })));
    }

    fn click(&self, css: &str) {
        let element = self.element(css);
        self.command("POST", &format!("/element/{element}/click"), None);
    }

    fn source(&self) -> String {
        self.command("GET", "/source", None).as_str().unwrap().to_string()
    }

    /// The page's source once it contains `text` (navigation may still be under way), waiting
    /// up to 10 s.
    fn wait_for(&self, text: &str) -> String {
        for _ in 0..200 {
            let source = self.source();
            if source.contains(text) {
                return source;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the page never showed {text:?}: {}", self.source());
    }

    /// A PNG of the window.
    fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let data = self.command("GET", "/screenshot", None);
        base64::engine::general_purpose::STANDARD.decode(data.as_str().unwrap()).unwrap()
    }

    /// Messages the pages logged as errors (console and failed loads).
    fn errors(&self) -> Vec<String> {
        let log = self.command("POST", "/se/log", Some(serde_json::json!({"type": "browser"})));
        log.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = agent().delete(&self.session).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
fn a_requester_files_in_a_browser_and_follows_the_mailed_link() {
    let env = configured("email:\n  address: support@acme.test\n", "");
    let server = Server::start(&env);
    let smtp = SmtpServer::start(env.tmp.path());
    let browser = Browser::start();
    // The form, filled and sent with the keyboard and mouse of a real browser.
    browser.open(&format!("{}/", server.url));
    browser.type_into("#name", "Jane Doe");
    browser.type_into("#email", "jane@customer.test");
    browser.type_into("#subject", "Camera stays dark");
    browser.type_into("#description", "It stays **dark** after charging.");
    let photo = env.tmp.path().join("camera.txt");
    std::fs::write(&photo, "a photo, in words").unwrap();
    browser.type_into("#attachments", photo.to_str().unwrap());
    browser.click("button[type=submit]");
    browser.wait_for("Thank you");
    let id = env.json(&["list", "--all"])[0]["id"].as_str().unwrap().to_string();
    assert_eq!(env.json(&["show", &id])["channel"], "web");
    // The acknowledgement goes out through the SMTP server; its link opens the request.
    env.json(&["deliver", "--smtp", &format!("smtp://127.0.0.1:{}", smtp.port)]);
    let mail = smtp.received().into_iter().find(|m| m.contains("We received your request")).expect("acknowledgement");
    let message = mail_parser::MessageParser::default().parse(mail.as_bytes()).unwrap();
    let text = message.body_text(0).unwrap().to_string();
    let at = text.find(&format!("{}/r/", server.url)).expect("a link in the mail");
    let link: String = text[at..].chars().take_while(|c| !c.is_whitespace()).collect();
    env.ok(&["note", &id, "-m", "SECRET vendor case 77"]);
    env.ok(&["reply", &id, "-m", "Hold the *power* button for ten seconds."]);
    browser.open(&link);
    let page = browser.wait_for("<em>power</em>");
    assert!(page.contains("Camera stays dark"), "{page}");
    assert!(!page.contains("SECRET"), "an internal note never reaches the requester's page");
    assert!(page.contains("files/camera.txt"), "the uploaded file is listed: {page}");
    let shot = browser.screenshot();
    assert!(shot.starts_with(b"\x89PNG") && shot.len() > 5000, "a non-empty screenshot of the request page");
    std::fs::write(env.tmp.path().join("request.png"), &shot).unwrap();
    // The requester answers from the page: a customer entry on the ticket.
    browser.type_into("#body", "Still dark after ten seconds.");
    browser.click("form[action$='/reply'] button");
    // The click returns once the form is sent; the answer page follows.
    browser.wait_for("Your reply was added.");
    // (The server's clock is frozen when it starts, so the entry's time is not the latest.)
    let ticket = env.json(&["show", &id]);
    let entries = ticket["entries"].as_array().unwrap();
    let answer = entries
        .iter()
        .find(|e| e["body"] == "Still dark after ten seconds.")
        .unwrap_or_else(|| panic!("the reply: {ticket}"));
    assert_eq!(answer["role"], "customer");
    assert_eq!(browser.errors(), Vec::<String>::new(), "no console errors");
    env.assert_clean();
}

#[test]
fn colleagues_in_a_shared_domain_see_each_others_requests() {
    let env = TestEnv::new();
    let bob = env.new_ticket("Printer jams", &["--requester", "bob@acme.test"]);
    let carol = env.new_ticket("Invoice copy", &["--requester", "carol@mail.test"]);
    let server = Server::start(&env);
    let request = |email: &str, subject: &str| {
        let body = format!(r#"{{"email":"{email}","subject":"{subject}","description":"Please help."}}"#);
        let made = post_json(&format!("{}/api/requests", server.url), None, &body);
        assert_eq!(made.status, 201, "{}", made.body);
        let json: serde_json::Value = serde_json::from_str(&made.body).unwrap();
        json["link"].as_str().unwrap().to_string()
    };
    // Without shared domains a requester sees only their own requests.
    let first = request("ann@acme.test", "Scanner");
    let page = get(&first, "");
    assert!(!page.body.contains("Printer jams"), "{}", page.body);
    std::fs::write(env.repo.join(".desk/portal.yaml"), "shared_domains: [acme.test]\n").unwrap();
    env.git(&["add", ".desk/portal.yaml"]);
    env.git(&["commit", "-qm", "acme shares its requests"]);
    let second = request("ann@acme.test", "Monitor");
    // The link handed to whoever submitted opens that request only: anyone can type any
    // address into the form.
    let handed = get(&second, "");
    assert!(handed.body.contains("Monitor") && !handed.body.contains("Printer jams"), "{}", handed.body);
    // The link mailed to Ann (she reads that mailbox) lists her colleagues' requests too.
    let outbox = env.json(&["outbox"]);
    let ack = outbox.as_array().unwrap().iter().find(|m| m["subject"].as_str().unwrap().contains("Monitor")).unwrap();
    let body = ack["body"].as_str().unwrap();
    let mailed: String = body[body.find(&server.url).unwrap()..].split_whitespace().next().unwrap().to_string();
    let page = get(&mailed, "");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Printer jams") && page.body.contains("from bob@acme.test"), "{}", page.body);
    assert!(page.body.contains("Scanner") && !page.body.contains("Invoice copy"), "{}", page.body);
    // Ann opens Bob's request from that list and answers it.
    let html = page.body.replace("&#x2f;", "/");
    let at = html.find("Printer jams").unwrap();
    let start = html[..at].rfind("href=\"").unwrap() + 6;
    let link = html[start..].split('"').next().unwrap().to_string();
    let (cookie, token) = csrf(&server);
    let bobs = get(&link, &cookie);
    assert_eq!(bobs.status, 200);
    assert!(bobs.body.contains("Printer jams"), "{}", bobs.body);
    let path = link.strip_prefix(&server.url).unwrap();
    let replied =
        post_form(&format!("{}{path}/reply", server.url), &cookie, &[("csrf", &token), ("body", "Same here.")]);
    assert_eq!(replied.status, 303);
    let ticket = env.json(&["show", &bob]);
    let entry = ticket["entries"].as_array().unwrap().iter().find(|e| e["body"] == "Same here.").unwrap().clone();
    assert_eq!((entry["author"].as_str(), entry["role"].as_str()), (Some("ann@acme.test"), Some("customer")));
    // Carol's request stays out of reach; the login mail lists the shared requests too.
    assert!(!env.json(&["show", &carol]).to_string().contains("ann@acme.test"));
    let login = post_form(&format!("{}/login", server.url), &cookie, &[("csrf", &token), ("email", "ann@acme.test")]);
    assert_eq!(login.status, 200);
    let mail = login_mail(&env);
    assert!(
        mail["body"].as_str().unwrap().contains("Printer jams")
            && mail["body"].as_str().unwrap().contains("from bob@acme.test"),
        "{mail}"
    );
    // A domain that is not one is refused by desk check.
    std::fs::write(env.repo.join(".desk/portal.yaml"), "shared_domains: [gmail]\n").unwrap();
    let checked = env.desk(&["check"]).failure();
    let said = String::from_utf8_lossy(&checked.get_output().stdout).to_string();
    assert!(said.contains("`shared_domains`: `gmail` is not a domain"), "{said}");
}

#[test]
fn requests_carry_files_and_requesters_download_only_public_ones() {
    let env = configured("attachments: { max_size: 2KB }\n", "max_attachments: 2\n");
    let server = Server::start(&env);
    let api = format!("{}/api/requests", server.url);
    use base64::Engine;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    // Too many files, or one too large: 422, each named.
    let three = format!(
        r#"{{"email":"jane@customer.test","subject":"Logs","description":"See files.","attachments":[{{"name":"a.txt","content":"{0}"}},{{"name":"b.txt","content":"{0}"}},{{"name":"c.txt","content":"{0}"}}]}}"#,
        b64(b"x")
    );
    let refused = post_json(&api, None, &three);
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Attach at most 2 files."), "{}", refused.body);
    let big = format!(
        r#"{{"email":"jane@customer.test","subject":"Logs","description":"See files.","attachments":[{{"name":"big.log","content":"{}"}}]}}"#,
        b64(&[b'x'; 3000])
    );
    let refused = post_json(&api, None, &big);
    assert!(refused.body.contains("big.log is larger than 2.0 KB"), "{}", refused.body);
    assert!(env.json(&["list", "--all"]).as_array().unwrap().is_empty());
    // A photo and a log, through the form as multipart (what the browser sends).
    let (cookie, token) = csrf(&server);
    let boundary = "deskboundary";
    let mut body = Vec::new();
    for (name, value) in [
        ("csrf", token.as_str()),
        ("email", "jane@customer.test"),
        ("subject", "Camera"),
        ("description", "Photo attached."),
    ] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    for (file, bytes) in [("../photo 1.png", &b"PNG fake"[..]), ("", &b""[..])] {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    let sent = done(
        agent()
            .post(&format!("{}/new", server.url))
            .header("Cookie", &cookie)
            .header("Content-Type", &format!("multipart/form-data; boundary={boundary}"))
            .send(&body[..]),
    );
    assert_eq!(sent.status, 200, "{}", sent.body);
    let id = env.json(&["list", "--all"])[0]["id"].as_str().unwrap().to_string();
    let shown = env.ok(&["show", &id]);
    assert!(shown.contains("photo-1.png"), "stored under a safe name, listed on the description: {shown}");
    // The requester's page links it; the download is the same bytes, never rendered.
    let link = link_in(&sent.body);
    let page = get(&format!("{}{link}", server.url), &cookie);
    assert!(page.body.contains("files/photo-1.png"), "{}", page.body);
    let file = get(&format!("{}{link}/files/photo-1.png", server.url), &cookie);
    assert_eq!(file.status, 200);
    assert_eq!(file.body, "PNG fake");
    assert_eq!(file.header("content-type"), Some("application/octet-stream"));
    assert!(file.header("content-disposition").unwrap().starts_with("attachment"));
    // A file on an internal note is not the requester's to download.
    std::fs::write(env.tmp.path().join("secret.txt"), "vendor internals").unwrap();
    env.ok(&["attach", &id, env.tmp.path().join("secret.txt").to_str().unwrap()]);
    assert!(!env.json(&["show", &id])["entries"].to_string().contains("\"public\",\"attachments\""));
    assert_eq!(get(&format!("{}{link}/files/secret.txt", server.url), &cookie).status, 404);
    assert!(!get(&format!("{}{link}", server.url), &cookie).body.contains("secret.txt"));
    env.assert_clean();
}

#[test]
fn concurrent_requests_each_commit_with_their_acknowledgement() {
    let env = TestEnv::new();
    let server = Server::start(&env);
    let url = format!("{}/api/requests", server.url);
    let ids: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..16)
            .map(|n| {
                let url = &url;
                scope.spawn(move || {
                    let body = format!(
                        r#"{{"email":"c{n}@customer.test","subject":"Request {n}","description":"Help {n}."}}"#
                    );
                    let made = post_json(url, None, &body);
                    assert_eq!(made.status, 201, "{}", made.body);
                    let json: serde_json::Value = serde_json::from_str(&made.body).unwrap();
                    json["id"].as_str().unwrap().to_string()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(env.json(&["list", "--all"]).as_array().unwrap().len(), 16);
    // Whether they shared commits or not, each ticket came with its acknowledgement.
    for id in &ids {
        let added = |path: &str| env.git(&["log", "--format=%H", "--diff-filter=A", "--", path]);
        let ticket = format!("tickets/{}/{id}.md", &id[..2]);
        assert_eq!(added(&ticket), added(&format!("outbox/{id}-received.md")), "{id}");
        assert!(!env.json(&["log", id]).as_array().unwrap().is_empty(), "desk log finds {id}");
    }
    assert_eq!(env.git(&["status", "--porcelain"]), "");
    env.git(&["fsck", "--strict"]);
}

#[test]
fn only_submissions_take_large_bodies() {
    let env = configured("attachments: { max_size: 3MB }\n", "max_attachments: 1\n");
    let server = Server::start(&env);
    use base64::Engine;
    let photo = base64::engine::general_purpose::STANDARD.encode(vec![b'x'; 1_500_000]);
    let body = format!(
        r#"{{"email":"jane@customer.test","subject":"Photo","description":"Attached.","attachments":[{{"name":"photo.jpg","content":"{photo}"}}]}}"#
    );
    let made = post_json(&format!("{}/api/requests", server.url), None, &body);
    assert_eq!(made.status, 201, "{}", made.body);
    let json: serde_json::Value = serde_json::from_str(&made.body).unwrap();
    let link = json["link"].as_str().unwrap().to_string();
    // A reply of the same size is refused before it is read.
    let (cookie, token) = csrf(&server);
    let long = "y".repeat(1_500_000);
    let reply = agent()
        .post(&format!("{link}/reply"))
        .header("Cookie", &cookie)
        .send_form([("csrf", token.as_str()), ("body", long.as_str())]);
    // The server may answer 413 and close before the client has sent it all.
    match reply {
        Ok(response) => assert_eq!(response.status().as_u16(), 413),
        Err(err) => assert!(matches!(err, ureq::Error::Io(_)), "{err}"),
    }
    assert_eq!(env.json(&["show", json["id"].as_str().unwrap()])["entries"].as_array().unwrap().len(), 1);
}

#[test]
fn a_reply_to_a_request_closed_meanwhile_opens_its_follow_up() {
    let env = TestEnv::new();
    let server = Server::start(&env);
    let made = post_json(
        &format!("{}/api/requests", server.url),
        None,
        r#"{"email":"jane@customer.test","subject":"Camera","description":"Dark."}"#,
    );
    let json: serde_json::Value = serde_json::from_str(&made.body).unwrap();
    let (id, link) = (json["id"].as_str().unwrap().to_string(), json["link"].as_str().unwrap().to_string());
    env.ok(&["close", &id]);
    let (cookie, token) = csrf(&server);
    let replied = post_form(&format!("{link}/reply"), &cookie, &[("csrf", &token), ("body", "It is dark again.")]);
    assert_eq!(replied.status, 303);
    let target = replied.header("location").unwrap().to_string();
    // Relative, like every other redirect: it stays on the address the requester browses.
    assert!(target.starts_with("/r/") && !target.contains(&id) && target.ends_with("?done=follow-up"), "{target}");
    let page = get(&format!("{}{target}", server.url), &cookie);
    assert!(
        page.body.contains("your reply started this new one") && page.body.contains("It is dark again."),
        "{}",
        page.body
    );
    let follow_up =
        env.json(&["list", "--all"]).as_array().unwrap().iter().find(|t| t["id"] != id.as_str()).unwrap().clone();
    assert_eq!(env.json(&["show", follow_up["id"].as_str().unwrap()])["follow_up_of"], id.as_str());
}

/// The `/login` mail in the outbox: the page answers before it is committed, so wait for it.
fn login_mail(env: &TestEnv) -> serde_json::Value {
    for _ in 0..100 {
        let outbox = env.json(&["outbox"]);
        let found =
            outbox.as_array().unwrap().iter().find(|m| m["subject"].as_str().unwrap().starts_with("Your requests"));
        if let Some(mail) = found {
            return mail.clone();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("no login mail was queued");
}
