//! The moderation console at /admin over real HTTP against the in-process server on a temp
//! SQLite file: logging in and out, session expiry, login throttling, CSRF and origin checks,
//! escaping, filters, single, bulk and stale actions, and the audit log.

use news_server::reader_token::{ReaderTokens, SsoSecret};
use news_server::users::{add_user, Role};
use news_server::{load_content, router, AppState, Clock, CommentSettings, SecuritySettings, WordList};
use serde_json::json;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod support;
use support::{sign_reader_token, TempDir};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");
const PASSWORD: &str = "0123456789";
const START: i64 = 1_800_000_000;

struct Server {
    addr: SocketAddr,
    clock: Arc<AtomicI64>,
    _served: support::Served,
}

impl Server {
    fn advance(&self, seconds: i64) {
        self.clock.fetch_add(seconds, Ordering::SeqCst);
    }
}

#[derive(Default)]
struct Options {
    /// Failed logins per account and per address before a lock (the server's defaults if None).
    limits: Option<(u32, u32)>,
    /// 127.0.0.1 as a trusted proxy, so tests can choose the client address and the scheme.
    behind_proxy: bool,
    words: Option<&'static str>,
    /// The secret reader tokens are signed with (docs/sso.md); none: every token is refused.
    sso_secret: Option<&'static str>,
}

/// A moderated server with an editor `ann`, an editor `bob` and an admin `root`, on a clock the
/// test moves.
async fn start(dir: &TempDir, options: Options) -> Server {
    let content = Arc::new(load_content(Path::new(FIXTURES)).expect("content"));
    let store = dir.store();
    for (name, role) in [("ann", Role::Editor), ("bob", Role::Editor), ("root", Role::Admin)] {
        add_user(&store, name, role, PASSWORD, false, 1).expect("user");
    }
    let words = options.words.map(|w| Arc::new(WordList::parse(w).expect("words")));
    let secrets = options.sso_secret.map(|s| SsoSecret::new(s.as_bytes()).expect("secret")).into_iter().collect();
    let reader_tokens = ReaderTokens { secrets, require_login: false };
    let settings =
        CommentSettings { moderate: true, rate_limit: 0, words, reader_tokens, ..CommentSettings::default() };
    let clock = Arc::new(AtomicI64::new(START));
    let read = Arc::clone(&clock);
    let mut state = AppState::new(content, Arc::new(store), settings)
        .with_clock(Clock::from_fn(move || read.load(Ordering::SeqCst)));
    if let Some((account, address)) = options.limits {
        state = state.with_login_limits(account, address);
    }
    if options.behind_proxy {
        let proxies = vec![news_server::parse_proxy("127.0.0.1").expect("proxy")];
        state = state.with_security(SecuritySettings { trusted_proxies: proxies, ..SecuritySettings::default() });
    }
    let app = router(state, None);
    let served = support::serve(app).await;
    let addr = served.addr;
    Server { addr, clock, _served: served }
}

#[derive(Debug)]
struct Answer {
    status: u16,
    /// Lower-cased names, values as sent.
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn set_cookies(&self) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n == "set-cookie").map(|(_, v)| v.as_str()).collect()
    }

    /// The value of a hidden field `name` in the page (the first one).
    fn field(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let at = self.body.find(&marker).unwrap_or_else(|| panic!("no field {name} in {}", self.body)) + marker.len();
        self.body[at..].split('"').next().expect("value").to_string()
    }
}

/// One HTTP/1.1 request on a fresh connection.
async fn send(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let raw = String::from_utf8(raw).expect("utf-8");
    let (head, body) = raw.split_once("\r\n\r\n").expect("an HTTP answer");
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer { status, headers, body: body.to_string() }
}

fn form(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&format!("{}={}", encode(name), encode(value)));
    }
    out
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A browser's view of the console: its cookies, and the headers a same-origin page sends.
struct Browser {
    addr: SocketAddr,
    cookies: Vec<(String, String)>,
    /// Extra headers on every request (a client address or scheme through the trusted proxy).
    extra: Vec<(String, String)>,
}

impl Browser {
    fn new(server: &Server) -> Browser {
        Browser { addr: server.addr, cookies: Vec::new(), extra: Vec::new() }
    }

    fn from_address(server: &Server, ip: &str) -> Browser {
        let mut browser = Browser::new(server);
        browser.extra.push(("X-Forwarded-For".into(), ip.into()));
        browser
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    fn keep(&mut self, answer: &Answer) {
        for cookie in answer.set_cookies() {
            let Some((name, rest)) = cookie.split_once('=') else { continue };
            let value = rest.split(';').next().unwrap_or_default().to_string();
            self.cookies.retain(|(n, _)| n != name);
            if !cookie.contains("Max-Age=0") {
                self.cookies.push((name.to_string(), value));
            }
        }
    }

    async fn request(&mut self, method: &str, path: &str, origin: Option<&str>, body: &str) -> Answer {
        let cookie = self.cookie_header();
        let mut headers: Vec<(&str, &str)> = self.extra.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        if !cookie.is_empty() {
            headers.push(("Cookie", &cookie));
        }
        let own = format!("http://{}", self.addr);
        if method == "POST" {
            headers.push(("Content-Type", "application/x-www-form-urlencoded"));
            headers.push(("Origin", origin.unwrap_or(&own)));
        }
        let answer = send(self.addr, method, path, &headers, body).await;
        self.keep(&answer);
        answer
    }

    async fn get(&mut self, path: &str) -> Answer {
        self.request("GET", path, None, "").await
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        self.request("POST", path, None, &form(fields)).await
    }

    /// Opens the login page and logs in.
    async fn login(&mut self, user: &str, password: &str) -> Answer {
        let page = self.get("/admin/login").await;
        assert_eq!(page.status, 200, "{}", page.body);
        let csrf = page.field("csrf");
        self.post("/admin/login", &[("csrf", &csrf), ("user", user), ("password", password)]).await
    }

    /// Logs in and returns the session's CSRF token, read from the queue page.
    async fn signed_in(server: &Server, user: &str) -> (Browser, String) {
        let mut browser = Browser::new(server);
        let answer = browser.login(user, PASSWORD).await;
        assert_eq!((answer.status, answer.header("location")), (303, Some("/admin")), "{}", answer.body);
        let queue = browser.get("/admin").await;
        assert_eq!(queue.status, 200);
        let csrf = queue.field("csrf");
        (browser, csrf)
    }
}

/// Posts a comment as a reader (held as pending on this server); returns its id.
async fn post_comment(server: &Server, article: &str, author: &str, content: &str) -> String {
    let body = json!({"author": author, "content": content, "parent_id": null,
        "client_id": format!("c{}", content.len() * 7919 + author.len() + rand_suffix())})
    .to_string();
    let answer = send(
        server.addr,
        "POST",
        &format!("/api/articles/{article}/comments"),
        &[("Content-Type", "application/json")],
        &body,
    )
    .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    let value: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    value["id"].as_str().expect("id").to_string()
}

/// Client ids must differ per post; a counter does it without randomness.
fn rand_suffix() -> usize {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
    NEXT.fetch_add(1, Ordering::SeqCst)
}

fn status_of(dir: &TempDir, id: &str) -> String {
    let rows = dir.sql("SELECT status FROM comments WHERE id = $1", &[support::id(id)]);
    rows.first().expect("comment").get(0).expect("status")
}

fn audit_rows(dir: &TempDir) -> Vec<(String, String, i64, String, String, i64)> {
    let rows = dir.sql("SELECT actor, action, comment_id, status_before, status_after, at FROM audit_log ORDER BY id", &[]);
    rows.iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
        .map(|(a, b, c, d, e, f)| (a.expect("actor"), b.expect("action"), c.expect("id"), d.expect("before"), e.expect("after"), f.expect("at")))
        .collect()
}

/// The comment ids shown in a queue page, in order.
fn shown_ids(page: &Answer) -> Vec<String> {
    page.body
        .split("<tr data-id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_logs_in_with_a_strict_cookie_and_a_wrong_one_does_not() {
    let dir = TempDir::new("console", "login");
    let server = start(&dir, Options::default()).await;
    let mut browser = Browser::new(&server);
    let first = browser.get("/admin").await;
    assert_eq!((first.status, first.header("location")), (303, Some("/admin/login")));

    let wrong = browser.login("ann", "0123456788").await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("用户名或密码错误"), "{}", wrong.body);
    assert!(browser.cookie("news_admin").is_none());
    let unknown = browser.login("nobody", PASSWORD).await;
    assert_eq!(unknown.status, 401, "an unknown name is answered like a wrong password");
    assert!(unknown.body.contains("用户名或密码错误"));

    let ok = browser.login("ann", PASSWORD).await;
    assert_eq!((ok.status, ok.header("location")), (303, Some("/admin")));
    let cookie = ok.set_cookies().into_iter().find(|c| c.starts_with("news_admin=")).expect("session cookie");
    for part in ["Path=/admin", "Max-Age=43200", "HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    let queue = browser.get("/admin").await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("<span class=\"who\">ann</span>"), "{}", queue.body);
    for (name, value) in
        [("cache-control", "no-store"), ("x-frame-options", "DENY"), ("content-type", "text/html; charset=utf-8")]
    {
        assert_eq!(queue.header(name), Some(value), "{name}");
    }
    let csp = queue.header("content-security-policy").expect("csp");
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self';"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");

    // Only the session row's hash is stored, with a 12-hour expiry.
    let rows = dir.sql("SELECT user_name, created_at, expires_at FROM console_sessions", &[]);
    let session = rows.first().expect("one session");
    let (user, created, expires): (String, i64, i64) =
        (session.get(0).expect("user"), session.get(1).expect("created"), session.get(2).expect("expires"));
    assert_eq!((user.as_str(), created, expires), ("ann", START, START + 12 * 3600));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_is_secure_when_a_trusted_proxy_says_https() {
    let dir = TempDir::new("console", "secure");
    let server = start(&dir, Options { behind_proxy: true, ..Options::default() }).await;
    let mut browser = Browser::from_address(&server, "203.0.113.5");
    browser.extra.push(("X-Forwarded-Proto".into(), "https".into()));
    let ok = browser.login("ann", PASSWORD).await;
    assert_eq!(ok.status, 303);
    let cookie = ok.set_cookies().into_iter().find(|c| c.starts_with("news_admin=")).expect("session cookie");
    assert!(cookie.ends_with("; Secure"), "{cookie}");

    // The same header from a client the server does not trust changes nothing.
    let dir = TempDir::new("console", "not-secure");
    let server = start(&dir, Options::default()).await;
    let mut browser = Browser::new(&server);
    browser.extra.push(("X-Forwarded-Proto".into(), "https".into()));
    let ok = browser.login("ann", PASSWORD).await;
    let cookie = ok.set_cookies().into_iter().find(|c| c.starts_with("news_admin=")).expect("session cookie");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_form_without_its_token_is_refused() {
    let dir = TempDir::new("console", "login-csrf");
    let server = start(&dir, Options::default()).await;
    let mut browser = Browser::new(&server);
    browser.get("/admin/login").await;
    let answer = browser.post("/admin/login", &[("csrf", "forged"), ("user", "ann"), ("password", PASSWORD)]).await;
    assert_eq!(answer.status, 403);
    assert!(browser.cookie("news_admin").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_expires_after_twelve_hours() {
    let dir = TempDir::new("console", "expiry");
    let server = start(&dir, Options::default()).await;
    let (mut browser, _) = Browser::signed_in(&server, "ann").await;
    server.advance(12 * 3600 - 1);
    assert_eq!(browser.get("/admin").await.status, 200, "one second left");
    server.advance(1);
    let expired = browser.get("/admin").await;
    assert_eq!((expired.status, expired.header("location")), (303, Some("/admin/login")));
    assert_eq!(browser.get("/admin/rows?status=pending").await.status, 401, "the poll stops too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_revokes_the_session_for_good() {
    let dir = TempDir::new("console", "logout");
    let server = start(&dir, Options::default()).await;
    let (mut browser, csrf) = Browser::signed_in(&server, "ann").await;
    let token = browser.cookie("news_admin").expect("cookie");

    let forged = browser.post("/admin/logout", &[("csrf", "nope")]).await;
    assert_eq!(forged.status, 403, "logout needs the token too");
    assert_eq!(browser.get("/admin").await.status, 200, "still signed in");

    let out = browser.post("/admin/logout", &[("csrf", &csrf)]).await;
    assert_eq!((out.status, out.header("location")), (303, Some("/admin/login")));
    assert!(out.set_cookies().iter().any(|c| c.starts_with("news_admin=;") && c.contains("Max-Age=0")));
    // A copy of the old cookie, presented again, opens nothing.
    let mut copy = Browser::new(&server);
    copy.cookies.push(("news_admin".into(), token));
    let again = copy.get("/admin").await;
    assert_eq!((again.status, again.header("location")), (303, Some("/admin/login")));
    let rows = dir.sql("SELECT revoked_at FROM console_sessions", &[]);
    let revoked: Option<i64> = rows.first().expect("session row").get(0).expect("revoked_at");
    assert_eq!(revoked, Some(START));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_lock_the_account_from_anywhere() {
    let dir = TempDir::new("console", "throttle-account");
    let server = start(&dir, Options { limits: Some((3, 10)), behind_proxy: true, ..Options::default() }).await;
    let mut guesser = Browser::from_address(&server, "203.0.113.1");
    for _ in 0..3 {
        assert_eq!(guesser.login("ann", "wrong-password").await.status, 401);
    }
    let locked = guesser.login("ann", PASSWORD).await;
    assert_eq!(locked.status, 429, "even the right password");
    assert!(locked.body.contains("登录失败次数过多"), "{}", locked.body);
    let mut elsewhere = Browser::from_address(&server, "198.51.100.9");
    assert_eq!(elsewhere.login("ANN", PASSWORD).await.status, 429, "the account, from another address");
    assert_eq!(guesser.login("bob", PASSWORD).await.status, 303, "other accounts are not locked");

    server.advance(15 * 60);
    assert_eq!(elsewhere.login("ann", PASSWORD).await.status, 303, "unlocked when the window has passed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_lock_the_address_for_every_account() {
    let dir = TempDir::new("console", "throttle-address");
    let server = start(&dir, Options { limits: Some((3, 4)), behind_proxy: true, ..Options::default() }).await;
    let mut guesser = Browser::from_address(&server, "203.0.113.1");
    for name in ["ann", "bob", "root", "eve"] {
        assert_eq!(guesser.login(name, "wrong-password").await.status, 401);
    }
    assert_eq!(guesser.login("bob", PASSWORD).await.status, 429, "the address is locked");
    let mut other = Browser::from_address(&server, "198.51.100.9");
    assert_eq!(other.login("bob", PASSWORD).await.status, 303, "another address is not");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_without_the_csrf_token_or_from_another_site_changes_nothing() {
    let dir = TempDir::new("console", "csrf");
    let server = start(&dir, Options::default()).await;
    let id = post_comment(&server, "1001", "读者", "待审的评论").await;
    let (mut browser, csrf) = Browser::signed_in(&server, "ann").await;
    let item = format!("{id}:pending");

    let missing = browser.post("/admin/act", &[("action", "approve"), ("item", &item)]).await;
    assert_eq!(missing.status, 403);
    assert!(missing.body.contains("安全令牌"), "{}", missing.body);
    let wrong = browser.post("/admin/act", &[("csrf", &csrf[1..]), ("action", "approve"), ("item", &item)]).await;
    assert_eq!(wrong.status, 403);

    // A page elsewhere cannot post even with the token (and a browser would not send the
    // SameSite=Strict cookie to it in the first place).
    let fields = form(&[("csrf", &csrf), ("action", "approve"), ("item", &item)]);
    for origin in ["https://evil.example", "null", &format!("http://localhost:{}", server.addr.port())] {
        let cross = browser.request("POST", "/admin/act", Some(origin), &fields).await;
        assert_eq!(cross.status, 403, "{origin}");
        assert!(cross.body.contains("不接受来自其他网站的请求"), "{}", cross.body);
    }
    let cookie = browser.cookie_header();
    let fetch_site = send(
        server.addr,
        "POST",
        "/admin/act",
        &[("Cookie", &cookie), ("Sec-Fetch-Site", "cross-site"), ("Content-Type", "application/x-www-form-urlencoded")],
        &fields,
    )
    .await;
    assert_eq!(fetch_site.status, 403, "no Origin, but Sec-Fetch-Site says cross-site");

    assert_eq!(status_of(&dir, &id), "pending");
    assert!(audit_rows(&dir).is_empty());

    // The same request from the console's own page goes through.
    let ok = browser.post("/admin/act", &[("csrf", &csrf), ("action", "approve"), ("item", &item)]).await;
    assert_eq!(ok.status, 303);
    assert_eq!(status_of(&dir, &id), "published");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_is_escaped_and_the_held_word_is_marked() {
    let dir = TempDir::new("console", "escape");
    let server = start(&dir, Options { words: Some("金融诈骗\n"), ..Options::default() }).await;
    let script = post_comment(&server, "1001", "<b>读者</b>", "<script>alert(1)</script>\"'&").await;
    let worded = post_comment(&server, "1002", "乙", "小心金 融 诈 骗<img src=x onerror=alert(1)>").await;
    let (mut browser, _) = Browser::signed_in(&server, "ann").await;
    let page = browser.get("/admin").await;
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    assert!(!page.body.contains("<img"), "{}", page.body);
    assert!(!page.body.contains("<b>读者"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"), "{}", page.body);
    assert!(page.body.contains("&lt;b&gt;读者&lt;/b&gt;"));
    assert!(page.body.contains("小心<mark>金 融 诈 骗</mark>&lt;img src=x onerror=alert(1)&gt;"), "{}", page.body);
    assert!(page.body.contains("敏感词：<mark>金融诈骗</mark>"));
    assert!(page.body.contains("先审后发"), "the other one is held by moderation mode");
    assert_eq!(shown_ids(&page), [worded, script], "newest first");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_select_by_article_author_region_status_and_text() {
    let dir = TempDir::new("console", "filters");
    let server = start(&dir, Options::default()).await;
    let a = post_comment(&server, "1001", "张三", "食堂的饭菜不错").await;
    let b = post_comment(&server, "1002", "李四", "港口很忙 Busy").await;
    let c = post_comment(&server, "1002", "张小三", "冷链真快").await;
    dir.sql("UPDATE comments SET region = '广东' WHERE id = $1", &[support::id(&b)]);
    dir.sql("UPDATE comments SET status = 'published' WHERE id = $1", &[support::id(&c)]);
    let (mut browser, _) = Browser::signed_in(&server, "ann").await;

    for (query, expected) in [
        ("", vec![&b, &a]),
        ("?status=published", vec![&c]),
        ("?article=1002", vec![&b]),
        ("?article=1002&status=published", vec![&c]),
        ("?author=%E5%BC%A0", vec![&a]),
        ("?region=%E5%B9%BF%E4%B8%9C", vec![&b]),
        ("?q=busy", vec![&b]),
        ("?q=%25", vec![]),
    ] {
        let page = browser.get(&format!("/admin{query}")).await;
        assert_eq!(page.status, 200, "{query}");
        let ids = shown_ids(&page);
        assert_eq!(ids.iter().collect::<Vec<_>>(), expected, "{query}");
    }
    let page = browser.get("/admin?article=1002").await;
    assert!(page.body.contains("<option value=\"1002\" selected>"), "the filter stays chosen");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_action_applies_to_each_selected_comment_with_an_audit_row() {
    let dir = TempDir::new("console", "bulk");
    let server = start(&dir, Options::default()).await;
    let ids = [
        post_comment(&server, "1001", "甲", "一").await,
        post_comment(&server, "1001", "乙", "二").await,
        post_comment(&server, "1001", "丙", "三").await,
    ];
    let untouched = post_comment(&server, "1001", "丁", "四").await;
    let (mut browser, csrf) = Browser::signed_in(&server, "ann").await;
    let items: Vec<String> = ids.iter().map(|id| format!("{id}:pending")).collect();
    let mut fields = vec![("csrf", csrf.as_str()), ("back", "status=pending&article=1001"), ("action", "spam")];
    fields.extend(items.iter().map(|item| ("item", item.as_str())));
    let answer = browser.post("/admin/act", &fields).await;
    assert_eq!(answer.status, 303);
    let location = answer.header("location").expect("location").to_string();
    assert_eq!(location, "/admin?status=pending&article=1001&done=3", "back to the same view");
    for id in &ids {
        assert_eq!(status_of(&dir, id), "spam");
    }
    assert_eq!(status_of(&dir, &untouched), "pending");
    let rows = audit_rows(&dir);
    assert_eq!(rows.len(), 3);
    for ((actor, action, comment, before, after, at), id) in rows.iter().zip(&ids) {
        assert_eq!(
            (actor.as_str(), action.as_str(), comment.to_string(), before.as_str(), after.as_str(), *at),
            ("ann", "spam", id.clone(), "pending", "spam", START)
        );
    }
    let page = browser.get(&location).await;
    assert!(page.body.contains("已处理 3 条评论。"), "{}", page.body);
    assert_eq!(shown_ids(&page), std::slice::from_ref(&untouched));

    // The audit log is in the console too.
    let audit = browser.get("/admin/audit").await;
    assert_eq!(audit.status, 200);
    assert_eq!(audit.body.matches("<td>ann</td><td>标为垃圾</td>").count(), 3, "{}", audit.body);
    assert!(audit.body.contains(&format!("<td>#{}</td><td>待审核 → 垃圾评论</td>", ids[0])));

    // Restore from the deleted view: delete one, then restore it to where it was.
    browser.post("/admin/act", &[("csrf", &csrf), ("action", "delete"), ("item", &format!("{}:spam", ids[0]))]).await;
    assert_eq!(status_of(&dir, &ids[0]), "deleted");
    browser
        .post("/admin/act", &[("csrf", &csrf), ("action", "restore"), ("item", &format!("{}:deleted", ids[0]))])
        .await;
    assert_eq!(status_of(&dir, &ids[0]), "spam");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_action_on_a_comment_another_editor_handled_is_refused_with_a_message() {
    let dir = TempDir::new("console", "stale");
    let server = start(&dir, Options::default()).await;
    let id = post_comment(&server, "1001", "读者", "两位编辑同时看到的评论").await;
    let (mut ann, ann_csrf) = Browser::signed_in(&server, "ann").await;
    let (mut bob, bob_csrf) = Browser::signed_in(&server, "bob").await;
    let item = format!("{id}:pending");

    let first = ann.post("/admin/act", &[("csrf", &ann_csrf), ("action", "approve"), ("item", &item)]).await;
    assert_eq!(first.header("location"), Some("/admin?status=pending&done=1"));
    // Bob's page still shows the comment as pending; he rejects it.
    let second = bob.post("/admin/act", &[("csrf", &bob_csrf), ("action", "reject"), ("item", &item)]).await;
    assert_eq!(second.status, 303);
    let location = second.header("location").expect("location").to_string();
    assert_eq!(location, format!("/admin?status=pending&done=0&stale={id}:published"));
    let page = bob.get(&location).await;
    assert!(page.body.contains(&format!("评论 #{id}（现为已发布）已被他人处理，操作未执行。")), "{}", page.body);
    assert_eq!(status_of(&dir, &id), "published", "not rejected");
    // Ann's double click: the same form again is refused, not applied twice.
    let again = ann.post("/admin/act", &[("csrf", &ann_csrf), ("action", "approve"), ("item", &item)]).await;
    assert!(again.header("location").is_some_and(|l| l.contains(&format!("stale={id}:published"))));
    let rows = audit_rows(&dir);
    assert_eq!(rows.len(), 1, "one action, one row: {rows:?}");
    assert_eq!((rows[0].0.as_str(), rows[0].1.as_str()), ("ann", "approve"));

    // In English, with the language remembered in a cookie.
    let english = bob.get(&format!("{location}&lang=en")).await;
    assert!(english.body.contains("<html lang=\"en\">"));
    assert!(english.body.contains(&format!("Comment #{id} (now Published) was handled by someone else meanwhile")));
    assert!(english.set_cookies().iter().any(|c| c.starts_with("news_admin_lang=en;")));
    assert!(bob.get("/admin").await.body.contains("Comment queue"), "the choice is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_pending_comments_are_served_to_the_poll_after_the_newest_shown() {
    let dir = TempDir::new("console", "poll");
    let server = start(&dir, Options::default()).await;
    let old = post_comment(&server, "1001", "甲", "先到的").await;
    let (mut browser, _) = Browser::signed_in(&server, "ann").await;
    let page = browser.get("/admin").await;
    assert!(
        page.body.contains(&format!("data-poll=\"/admin/rows?status=pending\" data-after=\"{old}\"")),
        "{}",
        page.body
    );
    let new = post_comment(&server, "1002", "乙", "后到的<i>").await;
    let rows = browser.get(&format!("/admin/rows?status=pending&after={old}")).await;
    assert_eq!(rows.status, 200);
    assert_eq!(shown_ids(&rows), std::slice::from_ref(&new));
    assert!(rows.body.contains("后到的&lt;i&gt;"));
    assert!(rows.body.contains("name=\"csrf\""), "the rows' buttons work as the page's do");
    let none = browser.get(&format!("/admin/rows?status=pending&after={new}")).await;
    assert_eq!(shown_ids(&none), Vec::<String>::new());
    assert_eq!(Browser::new(&server).get("/admin/rows?status=pending").await.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_and_tokens_are_for_admins_only() {
    let dir = TempDir::new("console", "roles");
    let server = start(&dir, Options::default()).await;
    let (mut editor, editor_csrf) = Browser::signed_in(&server, "ann").await;
    assert!(!editor.get("/admin").await.body.contains("/admin/accounts"), "no link for editors");
    assert_eq!(editor.get("/admin/accounts").await.status, 403);

    let store = dir.store();
    let (token_id, _) = news_server::tokens::add_token(&store, "ann", 5).expect("token");
    let id = token_id.to_string();
    let refused = editor.post("/admin/tokens/revoke", &[("csrf", &editor_csrf), ("id", &id)]).await;
    assert_eq!(refused.status, 403);
    assert_eq!(news_server::tokens::list_tokens(&store).expect("tokens")[0].revoked_at, None);

    let (mut admin, admin_csrf) = Browser::signed_in(&server, "root").await;
    let page = admin.get("/admin/accounts").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<td>ann</td><td>编辑</td>") && page.body.contains("<td>root</td><td>管理员</td>"));
    let revoked = admin.post("/admin/tokens/revoke", &[("csrf", &admin_csrf), ("id", &id)]).await;
    assert_eq!(revoked.status, 303);
    assert_eq!(news_server::tokens::list_tokens(&store).expect("tokens")[0].revoked_at, Some(START));

    // Removing an account ends its sessions at once.
    news_server::users::remove_user(&store, "ann").expect("removed");
    assert_eq!(editor.get("/admin").await.status, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_shows_whom_it_answers_in_the_console_and_the_api() {
    let dir = TempDir::new("console", "reply");
    let server = start(&dir, Options::default()).await;
    let parent = post_comment(&server, "1001", "<i>楼主</i>", "原来的评论，写得很长很长").await;
    dir.sql("UPDATE comments SET status = 'published' WHERE id = $1", &[support::id(&parent)]);
    let body =
        json!({"author": "回复者", "content": "我同意", "parent_id": parent, "client_id": "reply-1"}).to_string();
    let answer =
        send(server.addr, "POST", "/api/articles/1001/comments", &[("Content-Type", "application/json")], &body).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    let reply: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    let reply = reply["id"].as_str().expect("id").to_string();

    let (mut browser, _) = Browser::signed_in(&server, "ann").await;
    let page = browser.get("/admin").await;
    assert_eq!(shown_ids(&page), std::slice::from_ref(&reply));
    let expected = format!(
        "<div class=\"reply-to\">回复 #{parent} @&lt;i&gt;楼主&lt;/i&gt;：<q>原来的评论，写得很长很长</q> \
         <span class=\"status\">(已发布)</span></div>"
    );
    assert!(page.body.contains(&expected), "{}", page.body);

    let store = dir.store();
    let (_, token) = news_server::tokens::add_token(&store, "ann", 5).expect("token");
    let auth = format!("Bearer {token}");
    let listed = send(server.addr, "GET", "/api/admin/comments", &[("Authorization", &auth)], "").await;
    let listed: serde_json::Value = serde_json::from_str(&listed.body).expect("json");
    assert_eq!(
        listed["items"][0]["reply_to"],
        json!({"author": "<i>楼主</i>", "excerpt": "原来的评论，写得很长很长", "status": "published"})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_is_not_the_reader_app_when_the_app_is_served_at_the_root() {
    let dir = TempDir::new("console", "with-app");
    std::fs::write(dir.path().join("index.html"), "<!doctype html><p>the reader app</p>").expect("index");
    let content = Arc::new(load_content(Path::new(FIXTURES)).expect("content"));
    let store = dir.store();
    let app = router(AppState::new(content, Arc::new(store), CommentSettings::default()), Some(dir.path().into()));
    let served = support::serve(app).await;
    let addr = served.addr;
    let queue = send(addr, "GET", "/admin", &[], "").await;
    assert_eq!((queue.status, queue.header("location")), (303, Some("/admin/login")));
    let unknown = send(addr, "GET", "/admin/nothing/here", &[], "").await;
    assert_eq!(unknown.status, 404);
    assert!(!unknown.body.contains("the reader app"), "{}", unknown.body);
    assert!(unknown.header("content-security-policy").is_some_and(|csp| csp.contains("frame-ancestors 'none'")));
    let script = send(addr, "GET", "/admin/console.js", &[], "").await;
    assert_eq!(script.header("content-type"), Some("text/javascript; charset=utf-8"));
    let reader = send(addr, "GET", "/articles/1001", &[], "").await;
    assert!(reader.body.contains("the reader app"));
    assert!(!reader.body.contains("/admin"), "nothing of the console in the reader's page");
    drop(served);
}

/// Posts a comment as a reader at `ip` (the server trusts 127.0.0.1 as its proxy); returns its id.
async fn post_from(server: &Server, ip: &str, article: &str, author: &str, content: &str) -> String {
    let body = json!({"author": author, "content": content, "parent_id": null,
        "client_id": format!("reader-{}", rand_suffix())})
    .to_string();
    let answer = send(
        server.addr,
        "POST",
        &format!("/api/articles/{article}/comments"),
        &[("Content-Type", "application/json"), ("X-Forwarded-For", ip)],
        &body,
    )
    .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    let value: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    assert_eq!(value["status"], "pending", "{}", answer.body);
    value["id"].as_str().expect("id").to_string()
}

fn held_reason(dir: &TempDir, id: &str) -> Option<String> {
    let rows = dir.sql("SELECT held_reason FROM comments WHERE id = $1", &[support::id(id)]);
    rows.first().expect("comment").get(0).expect("a reason or NULL")
}

fn publish(dir: &TempDir, id: &str) {
    dir.sql("UPDATE comments SET status = 'published' WHERE id = $1", &[support::id(id)]);
}

/// The `<tr>` of comment `id` in a queue page.
fn row_of<'a>(page: &'a Answer, id: &str) -> &'a str {
    let start = page.body.find(&format!("<tr data-id=\"{id}\"")).unwrap_or_else(|| panic!("no row {id}"));
    let rest = &page.body[start..];
    &rest[..rest.find("</tr>").expect("end of row")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verified_comment_shows_its_portal_user_id_and_its_ban_form_names_it() {
    const SECRET: &str = "c0nsole-test-secret-c0nsole-test-secret-0123";
    let dir = TempDir::new("console", "verified");
    let server = start(&dir, Options { sso_secret: Some(SECRET), ..Options::default() }).await;
    // Markup in the portal's user id must reach the editor as text.
    let sub = "portal<8812>";
    // Good for ten minutes on the server's clock.
    let token = sign_reader_token(SECRET, &json!({"sub": sub, "name": "门户读者", "exp": START + 600}));
    let body = json!({"author": "", "content": "有认证的评论", "client_id": "verified-1"}).to_string();
    let headers = [("Content-Type", "application/json"), ("X-Reader-Token", token.as_str())];
    let answer = send(server.addr, "POST", "/api/articles/1001/comments", &headers, &body).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    let verified: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    let verified = verified["id"].as_str().expect("id").to_string();
    let anonymous = post_comment(&server, "1001", "路人", "没有认证的评论").await;

    let (mut browser, _) = Browser::signed_in(&server, "ann").await;
    let queue = browser.get("/admin").await;
    let row = row_of(&queue, &verified);
    assert!(row.contains("<span class=\"author\">门户读者</span>"), "{row}");
    assert!(
        row.contains("<span class=\"badge verified\">认证</span> <span class=\"sub\" title=\"门户用户 ID\">portal&lt;8812&gt;</span>"),
        "{row}"
    );
    assert!(row.contains("name=\"sub\" value=\"portal&lt;8812&gt;\""), "the ban form names the portal user: {row}");
    assert!(!row.contains("portal<8812>"), "never as markup: {row}");
    let plain = row_of(&queue, &anonymous);
    assert!(!plain.contains("badge verified") && !plain.contains("class=\"sub\""), "{plain}");
    assert!(plain.contains("name=\"sub\" value=\"\""), "{plain}");
    let english = browser.get("/admin?lang=en").await;
    assert!(row_of(&english, &verified).contains("<span class=\"badge verified\">Verified</span>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_word_list_is_for_admins_and_a_saved_word_holds_comments_however_spelled() {
    let dir = TempDir::new("console", "words");
    let server = start(&dir, Options::default()).await;
    let (mut editor, editor_csrf) = Browser::signed_in(&server, "ann").await;
    assert!(!editor.get("/admin").await.body.contains("/admin/words"), "no link for editors");
    assert_eq!(editor.get("/admin/words").await.status, 403);
    let refused = editor.post("/admin/words", &[("csrf", &editor_csrf), ("words", "scam")]).await;
    assert_eq!(refused.status, 403);
    let store = dir.store();
    assert!(news_server::word_store::stored_words(&store).expect("words").is_empty());

    let (mut admin, csrf) = Browser::signed_in(&server, "root").await;
    assert!(admin.get("/admin").await.body.contains("href=\"/admin/words\""));
    let page = admin.get("/admin/words").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<textarea id=\"words\" name=\"words\""), "{}", page.body);

    // Refused lists store nothing and say which line is wrong, the text kept for correcting.
    let bad = admin.post("/admin/words", &[("csrf", &csrf), ("words", "刷单\n\nscam\n!!!\n")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("词表未保存：第 4 行没有文字或数字，会匹配所有评论。"), "{}", bad.body);
    assert!(bad.body.contains("刷单\n\nscam\n!!!\n</textarea>"), "{}", bad.body);
    let long = "长".repeat(51);
    let bad = admin.request("POST", "/admin/words?lang=en", None, &form(&[("csrf", &csrf), ("words", &long)])).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("The list was not saved: the word on line 1 is longer than 50 characters."));
    let forged = admin.post("/admin/words", &[("csrf", "forged"), ("words", "scam")]).await;
    assert_eq!(forged.status, 403);
    assert!(news_server::word_store::stored_words(&store).expect("words").is_empty());

    let saved = admin.post("/admin/words", &[("csrf", &csrf), ("words", " 刷单 \r\n\r\nscam\nＳＣＡＭ\n")]).await;
    assert_eq!((saved.status, saved.header("location")), (303, Some("/admin/words?saved=2")));
    assert_eq!(news_server::word_store::stored_words(&store).expect("words"), ["刷单", "scam"]);
    let page = admin.get("/admin/words?saved=2&lang=zh-CN").await;
    assert!(page.body.contains("已保存，共 2 个词。"), "{}", page.body);
    assert!(page.body.contains("\n刷单\nscam\n</textarea>"), "{}", page.body);
    let audit = admin.get("/admin/audit").await;
    assert!(audit.body.contains("<td>root</td><td>修改敏感词</td><td></td><td>0 words → 2 words (2 added, 0 removed)"));

    // The next comment with the word, spaced out and in full-width letters, is held with it.
    let id = post_comment(&server, "1001", "读者", "快来 Ｓ c Ａ m 这里").await;
    assert_eq!(held_reason(&dir, &id).as_deref(), Some("word:scam"));
    let queue = editor.get("/admin").await;
    let row = row_of(&queue, &id);
    assert!(row.contains("快来 <mark>Ｓ c Ａ m</mark> 这里"), "{row}");
    assert!(row.contains("敏感词：<mark>scam</mark>"), "{row}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pinned_comment_heads_the_public_list_until_unpinned() {
    let dir = TempDir::new("console", "pin");
    let server = start(&dir, Options::default()).await;
    let older = post_comment(&server, "1001", "甲", "先发的评论").await;
    let newer = post_comment(&server, "1001", "乙", "后发的评论").await;
    server.advance(1);
    let (mut browser, csrf) = Browser::signed_in(&server, "ann").await;
    for id in [&older, &newer] {
        let item = format!("{id}:pending");
        let approved = browser.post("/admin/act", &[("csrf", &csrf), ("action", "approve"), ("item", &item)]).await;
        assert_eq!(approved.header("location"), Some("/admin?status=pending&done=1"));
    }
    let body = json!({"author": "丙", "content": "一条回复", "parent_id": older, "client_id": "reply-pin"}).to_string();
    let answer =
        send(server.addr, "POST", "/api/articles/1001/comments", &[("Content-Type", "application/json")], &body).await;
    let reply: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    let reply = reply["id"].as_str().expect("id").to_string();
    publish(&dir, &reply);

    let listed = |server: &Server| {
        let addr = server.addr;
        async move {
            let answer = send(addr, "GET", "/api/articles/1001/comments", &[], "").await;
            let value: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
            value["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|c| (c["id"].clone(), c["pinned"].clone()))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(listed(&server).await[0].0, json!(newer), "newest first before any pin");

    let page = browser.get("/admin?status=published").await;
    let pin = "<button name=\"action\" value=\"pin\">置顶</button>";
    assert!(row_of(&page, &older).contains(pin), "{}", row_of(&page, &older));
    assert!(!row_of(&page, &reply).contains(pin), "a reply cannot be pinned");
    assert!(!page.body.contains("value=\"unpin\""), "nothing is pinned yet");
    assert!(
        !page.body[..page.body.find("<table class=\"queue\"").expect("table")].contains("value=\"pin\""),
        "the bulk bar has no pin: it depends on each comment"
    );

    let item = format!("{older}:published");
    let pinned = browser.post("/admin/act", &[("csrf", &csrf), ("action", "pin"), ("item", &item)]).await;
    assert_eq!(pinned.header("location"), Some("/admin?status=pending&done=1"));
    assert_eq!(listed(&server).await[0], (json!(older), json!(true)), "the pinned comment heads the list");
    let page = browser.get("/admin?status=published").await;
    let row = row_of(&page, &older);
    assert!(row.contains("<span class=\"badge pinned\">置顶</span>"), "{row}");
    assert!(row.contains("<button name=\"action\" value=\"unpin\">取消置顶</button>") && !row.contains(pin), "{row}");
    let audit = browser.get("/admin/audit").await;
    assert!(audit.body.contains(&format!("<td>ann</td><td>置顶</td><td>#{older}</td><td>未置顶 → 已置顶</td>")));

    // A reply, sent anyway, does not take a pin.
    let item = format!("{reply}:published");
    let refused = browser.post("/admin/act", &[("csrf", &csrf), ("action", "pin"), ("item", &item)]).await;
    assert_eq!(refused.header("location"), Some(format!("/admin?status=pending&done=0&same={reply}").as_str()));

    let item = format!("{older}:published");
    browser.post("/admin/act", &[("csrf", &csrf), ("action", "unpin"), ("item", &item)]).await;
    assert_eq!(listed(&server).await[0], (json!(newer), serde_json::Value::Null), "back in date order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ban_from_a_row_holds_the_authors_next_comment_until_lifted() {
    let dir = TempDir::new("console", "ban");
    let server = start(&dir, Options { behind_proxy: true, ..Options::default() }).await;
    let first = post_from(&server, "203.0.113.7", "1001", "捣乱的人", "第一条").await;
    let (mut browser, csrf) = Browser::signed_in(&server, "ann").await;
    let queue = browser.get("/admin").await;
    let row = row_of(&queue, &first);
    assert!(row.contains("<summary>封禁作者</summary>"), "{row}");
    assert!(row.contains("name=\"address\" value=\"203.0.113.7\""), "the poster's address is filled in: {row}");
    assert!(row.contains("name=\"client_id\" value=\"reader-"), "{row}");

    // What the form refuses bans nobody, and says why.
    for (fields, code, text) in [
        (vec![("minutes", "60")], "missing_target", "未封禁：请填写读者 ID、地址或门户用户 ID。"),
        (vec![("address", "not-an-ip"), ("minutes", "60")], "bad_address", "未封禁：地址不是有效的 IP 地址。"),
        (vec![("address", "203.0.113.7"), ("minutes", "0")], "bad_minutes", "未封禁：请选择封禁时长。"),
    ] {
        let mut all = vec![("csrf", csrf.as_str()), ("back", "status=pending")];
        all.extend(fields);
        let answer = browser.post("/admin/bans", &all).await;
        let location = answer.header("location").expect("location").to_string();
        assert_eq!(location, format!("/admin?status=pending&ban_error={code}"));
        assert!(browser.get(&location).await.body.contains(text), "{code}");
    }
    let forged = browser.post("/admin/bans", &[("address", "203.0.113.7"), ("minutes", "60")]).await;
    assert_eq!(forged.status, 403);
    assert!(bans_in_db(&dir).is_empty());

    let banned = browser
        .post(
            "/admin/bans",
            &[("csrf", &csrf), ("back", "status=pending"), ("address", " 203.0.113.7 "), ("minutes", "60")],
        )
        .await;
    let location = banned.header("location").expect("location").to_string();
    assert!(location.starts_with("/admin?status=pending&banned="), "{location}");
    assert!(browser.get(&location).await.body.contains("已封禁（#"));
    let bans = bans_in_db(&dir);
    assert_eq!(bans.len(), 1);
    let (id, client_id, network, actor, minutes) = bans[0].clone();
    assert_eq!(
        (client_id.as_deref(), network.as_deref(), actor.as_str(), minutes),
        (None, Some("203.0.113.7"), "ann", 60)
    );

    // The next comment from that address, under a new reader id, is held as banned.
    let second = post_from(&server, "203.0.113.7", "1002", "换了名字", "又来了").await;
    assert_eq!(held_reason(&dir, &second).as_deref(), Some("banned"));
    let other = post_from(&server, "198.51.100.3", "1002", "别人", "路过").await;
    assert_eq!(held_reason(&dir, &other).as_deref(), Some("moderation"));
    let queue = browser.get("/admin").await;
    assert!(row_of(&queue, &second).contains("<span class=\"reason\">作者被封禁</span>"));
    let english = browser.get("/admin?lang=en").await;
    assert!(row_of(&english, &second).contains("<span class=\"reason\">Author banned</span>"));

    // The ban page lists it with a lift button; lifting lets the next comment through as usual.
    let page = browser.get("/admin/bans?lang=zh-CN").await;
    assert_eq!(page.status, 200);
    let id = id.to_string();
    assert!(
        page.body.contains(&format!("<tr data-ban=\"{id}\"><td>{id}</td><td>-</td><td>203.0.113.7</td>")),
        "{}",
        page.body
    );
    assert!(page.body.contains("<button>解除</button>"));
    let refused = browser.post("/admin/bans/lift", &[("csrf", "forged"), ("id", &id)]).await;
    assert_eq!(refused.status, 403);
    let lifted = browser.post("/admin/bans/lift", &[("csrf", &csrf), ("id", &id)]).await;
    assert_eq!(lifted.header("location"), Some(format!("/admin/bans?lifted={id}").as_str()));
    let page = browser.get(&format!("/admin/bans?lifted={id}")).await;
    assert!(page.body.contains(&format!("封禁 #{id} 已解除。")) && page.body.contains("没有生效中的封禁"));
    let again = browser.post("/admin/bans/lift", &[("csrf", &csrf), ("id", &id)]).await;
    assert_eq!(again.header("location"), Some(format!("/admin/bans?lift_gone={id}").as_str()));
    let third = post_from(&server, "203.0.113.7", "1003", "捣乱的人", "第三条").await;
    assert_eq!(held_reason(&dir, &third).as_deref(), Some("moderation"));

    // The ban page's own form bans a reader id, and comes back to the ban page.
    let by_id = browser.post("/admin/bans", &[("csrf", &csrf), ("client_id", "reader-x"), ("minutes", "525600")]).await;
    assert!(
        by_id.header("location").is_some_and(|l| l.starts_with("/admin/bans?banned=")),
        "{:?}",
        by_id.header("location")
    );

    let actions: Vec<String> =
        audit_rows_any(&dir).into_iter().map(|(actor, action)| format!("{actor}:{action}")).collect();
    assert_eq!(actions, ["ann:ban", "ann:unban", "ann:ban"]);
    let audit = browser.get("/admin/audit").await;
    assert!(audit.body.contains("<td>ann</td><td>解除封禁</td><td></td><td>已封禁 → 已解除"), "{}", audit.body);
}

/// A ban as stored: id, reader id, network, who, and for how many minutes.
type StoredBan = (i64, Option<String>, Option<String>, String, i64);

fn bans_in_db(dir: &TempDir) -> Vec<StoredBan> {
    let rows = dir.sql("SELECT id, client_id, network, actor, (expires_at - created_at) / 60 FROM bans ORDER BY id", &[]);
    rows.iter()
        .map(|r| {
            (r.get(0).expect("id"), r.get(1).expect("client"), r.get(2).expect("network"), r.get(3).expect("actor"), r.get(4).expect("minutes"))
        })
        .collect()
}

fn audit_rows_any(dir: &TempDir) -> Vec<(String, String)> {
    let rows = dir.sql("SELECT actor, action FROM audit_log ORDER BY id", &[]);
    rows.iter().map(|r| (r.get(0).expect("actor"), r.get(1).expect("action"))).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_reports_hid_shows_its_reports_and_reasons() {
    let dir = TempDir::new("console", "reports");
    let server = start(&dir, Options { behind_proxy: true, ..Options::default() }).await;
    let id = post_from(&server, "203.0.113.1", "1001", "甲", "被举报的评论").await;
    publish(&dir, &id);
    for (ip, reason) in [("198.51.100.1", "spam"), ("198.51.100.2", "abuse"), ("198.51.100.3", "spam")] {
        let body = json!({"client_id": format!("reporter-{}", ip.replace('.', "-")), "reason": reason}).to_string();
        let answer = send(
            server.addr,
            "POST",
            &format!("/api/comments/{id}/report"),
            &[("Content-Type", "application/json"), ("X-Forwarded-For", ip)],
            &body,
        )
        .await;
        assert!(answer.status < 300, "{}", answer.body);
    }
    assert_eq!(held_reason(&dir, &id).as_deref(), Some("reports"));
    let (mut browser, _) = Browser::signed_in(&server, "ann").await;
    let queue = browser.get("/admin").await;
    let row = row_of(&queue, &id);
    assert!(row.contains("<span class=\"reason\">读者举报</span>"), "{row}");
    assert!(row.contains("<span class=\"reports\">举报 3 次：辱骂攻击 1、垃圾广告 2</span>"), "{row}");
    let english = browser.get("/admin?lang=en").await;
    assert!(row_of(&english, &id).contains("Reported 3 time(s): Abuse 1, Spam 2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_made_in_the_console_is_shown_once_and_works_until_revoked() {
    let dir = TempDir::new("console", "token");
    let server = start(&dir, Options::default()).await;
    let (mut editor, editor_csrf) = Browser::signed_in(&server, "ann").await;
    assert_eq!(editor.post("/admin/tokens/add", &[("csrf", &editor_csrf), ("user", "ann")]).await.status, 403);
    let (mut admin, csrf) = Browser::signed_in(&server, "root").await;
    assert_eq!(admin.post("/admin/tokens/add", &[("user", "ann")]).await.status, 403, "no CSRF token");
    assert_eq!(admin.post("/admin/tokens/add", &[("csrf", &csrf), ("user", "nobody")]).await.status, 422);
    let store = dir.store();
    assert!(news_server::tokens::list_tokens(&store).expect("tokens").is_empty());

    let made = admin.post("/admin/tokens/add", &[("csrf", &csrf), ("user", "ann")]).await;
    assert_eq!(made.status, 200);
    assert_eq!(made.header("cache-control"), Some("no-store"));
    assert!(made.body.contains("请现在复制并妥善保存：离开此页后它不会再显示"), "{}", made.body);
    let marker = "readonly value=\"";
    let at = made.body.find(marker).expect("the token") + marker.len();
    let token = made.body[at..].split('"').next().expect("token").to_string();
    assert_eq!(token.len(), 43, "{token}");

    let auth = format!("Bearer {token}");
    let listed = send(server.addr, "GET", "/api/admin/comments", &[("Authorization", &auth)], "").await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let page = admin.get("/admin/accounts").await;
    assert!(!page.body.contains(&token), "never shown again");
    let tokens = news_server::tokens::list_tokens(&store).expect("tokens");
    assert_eq!((tokens.len(), tokens[0].user.as_str()), (1, "ann"));
    let id = tokens[0].id.to_string();
    assert!(page.body.contains(&format!("<tr data-token=\"{id}\">")));

    let revoked = admin.post("/admin/tokens/revoke", &[("csrf", &csrf), ("id", &id)]).await;
    assert_eq!(revoked.header("location"), Some(format!("/admin/accounts?revoked={id}").as_str()));
    assert!(admin.get(&format!("/admin/accounts?revoked={id}")).await.body.contains(&format!("令牌 #{id} 已撤销")));
    let refused = send(server.addr, "GET", "/api/admin/comments", &[("Authorization", &auth)], "").await;
    assert_eq!(refused.status, 401);
}
