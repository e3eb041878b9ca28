//! Readers the embedding portal vouches for (docs/sso.md), over real HTTP against in-process
//! servers on a temp SQLite file: tokens signed here as a portal's backend would sign them,
//! sent in `X-Reader-Token` with posts, likes and reports. The servers trust 127.0.0.1 as a
//! proxy, so each request can say which client address it comes from.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use news_server::reader_token::{ReaderTokens, SsoSecret};
use news_server::tokens::add_token;
use news_server::users::{add_user, Role};
use news_server::{load_content, parse_proxy, router, AppState, CommentSettings, SecuritySettings};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod support;
use support::{sign_reader_token as sign, TempDir};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");
const POSTS: &str = "/api/articles/1001/comments";
const SECRET: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const OLD_SECRET: &str = "old-secret-old-secret-old-secret-0123456789";
/// A portal user id that must never show in a public answer.
const SUB: &str = "portal-user-8812";

struct Server {
    addr: SocketAddr,
    _served: support::Served,
    /// An editor's bearer token for the admin API.
    editor: String,
}

/// A server taking tokens signed with `secrets`, writes needing one when `require_login`.
async fn start(dir: &TempDir, secrets: &[&str], require_login: bool, report_threshold: u32) -> Server {
    let content = Arc::new(load_content(Path::new(FIXTURES)).expect("content"));
    let store = dir.store();
    add_user(&store, "ann", Role::Editor, "0123456789", false, 1).expect("editor");
    let (_, editor) = add_token(&store, "ann", 1).expect("token");
    let secrets = secrets.iter().map(|s| SsoSecret::new(s.as_bytes()).expect("secret")).collect();
    let settings = CommentSettings {
        rate_limit: 0,
        like_rate_limit: 0,
        report_threshold,
        reader_tokens: ReaderTokens { secrets, require_login },
        ..CommentSettings::default()
    };
    let security =
        SecuritySettings { trusted_proxies: vec![parse_proxy("127.0.0.1").expect("proxy")], ..Default::default() };
    let app = router(AppState::new(content, Arc::new(store), settings).with_security(security), None);
    let served = support::serve(app).await;
    let addr = served.addr;
    Server { addr, _served: served, editor }
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs() as i64
}

fn token_for(secret: &str, sub: &str, name: &str) -> String {
    sign(
        secret,
        &json!({"sub": sub, "name": name, "avatar": "https://portal.example/avatars/8812.png", "exp": now() + 600}),
    )
}

struct Answer {
    status: u16,
    text: String,
    body: Value,
}

impl Answer {
    fn code(&self) -> Option<&str> {
        self.body["error"]["code"].as_str()
    }
}

/// One request from client address `from`, with these extra headers.
async fn send(server: &Server, method: &str, path: &str, headers: &[(&str, &str)], from: &str, body: &str) -> Answer {
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nX-Forwarded-For: {from}\r\n",
        server.addr
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if method != "GET" {
        request.push_str("Content-Type: application/json\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.expect("read");
    let (head, text) = raw.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status line");
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(text).expect("JSON body") };
    Answer { status, text: text.to_string(), body }
}

fn with_token(token: Option<&str>) -> Vec<(&str, &str)> {
    token.map(|t| vec![("X-Reader-Token", t)]).unwrap_or_default()
}

async fn post(server: &Server, token: Option<&str>, from: &str, client_id: &str, content: &str) -> Answer {
    let body = json!({"author": "随便填的昵称", "content": content, "client_id": client_id}).to_string();
    send(server, "POST", POSTS, &with_token(token), from, &body).await
}

async fn like(server: &Server, method: &str, token: Option<&str>, from: &str, id: &str, reader: &str) -> Answer {
    let body = json!({"client_id": reader}).to_string();
    send(server, method, &format!("/api/comments/{id}/like"), &with_token(token), from, &body).await
}

async fn report(server: &Server, token: Option<&str>, from: &str, id: &str, reader: &str) -> Answer {
    let body = json!({"client_id": reader, "reason": "spam"}).to_string();
    send(server, "POST", &format!("/api/comments/{id}/report"), &with_token(token), from, &body).await
}

/// The admin API's view of one comment, published or pending.
async fn admin_comment(server: &Server, id: &str) -> Value {
    let auth = format!("Bearer {}", server.editor);
    let mut items = Vec::new();
    for status in ["published", "pending"] {
        let path = format!("/api/admin/comments?status={status}&per_page=100");
        let answer = send(server, "GET", &path, &[("Authorization", &auth)], "198.51.100.9", "").await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        items.extend(answer.body["items"].as_array().expect("items").iter().cloned());
    }
    items.into_iter().find(|c| c["id"] == id).expect("the comment is listed")
}

/// A new anonymous comment's id, for likes and reports.
async fn anonymous_comment(server: &Server) -> String {
    let answer = post(server, None, "198.51.100.50", "anon-1", "一条匿名评论").await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    answer.body["id"].as_str().expect("id").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vouched_reader_posts_under_the_portals_name_verified_and_the_sub_stays_with_editors() {
    let dir = TempDir::new("sso", "post");
    let server = start(&dir, &[SECRET], false, 3).await;
    let token = token_for(SECRET, SUB, " 门户用户小王 ");
    let posted = post(&server, Some(&token), "198.51.100.1", "c-1", "认证用户的评论").await;
    assert_eq!(posted.status, 201, "{}", posted.text);
    assert_eq!(
        posted.body["author"],
        json!({"name": "门户用户小王", "avatar": "https://portal.example/avatars/8812.png", "verified": true}),
        "the token's name (trimmed) and avatar, not the typed nickname"
    );
    let id = posted.body["id"].as_str().expect("id").to_string();
    let anon = anonymous_comment(&server).await;

    let listing = send(&server, "GET", POSTS, &[], "198.51.100.1", "").await;
    assert_eq!(listing.status, 200, "{}", listing.text);
    let items = listing.body["items"].as_array().expect("items");
    let mine = items.iter().find(|c| c["id"] == id.as_str()).expect("listed");
    assert_eq!(mine["author"]["verified"], json!(true));
    assert_eq!(mine["author"]["name"], json!("门户用户小王"));
    let other = items.iter().find(|c| c["id"] == anon.as_str()).expect("listed");
    assert_eq!(other["author"], json!({"name": "随便填的昵称"}), "anonymous comments carry no verified");
    assert!(!listing.text.contains(SUB), "the portal user id is never public: {}", listing.text);
    assert!(!posted.text.contains(SUB), "nor in the post's answer");

    assert_eq!(admin_comment(&server, &id).await["author_sub"], json!(SUB), "editors see it");
    assert_eq!(admin_comment(&server, &anon).await["author_sub"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn likes_count_once_per_portal_user_whatever_the_reader_id() {
    let dir = TempDir::new("sso", "likes");
    let server = start(&dir, &[SECRET], false, 3).await;
    let id = anonymous_comment(&server).await;
    let token = token_for(SECRET, SUB, "小王");
    let first = like(&server, "POST", Some(&token), "198.51.100.1", &id, "browser-a").await;
    assert_eq!((first.status, first.body["likes"].as_u64()), (200, Some(1)), "{}", first.text);
    let again = like(&server, "POST", Some(&token), "198.51.100.2", &id, "browser-b").await;
    assert_eq!(again.body["likes"].as_u64(), Some(1), "another browser, the same portal user");
    let anonymous = like(&server, "POST", None, "198.51.100.3", &id, "browser-a").await;
    assert_eq!(anonymous.body["likes"].as_u64(), Some(2), "an anonymous reader id is someone else");
    let other = token_for(SECRET, "portal-user-7", "小李");
    assert_eq!(like(&server, "POST", Some(&other), "198.51.100.4", &id, "browser-c").await.body["likes"], json!(3));
    let unliked = like(&server, "DELETE", Some(&token), "198.51.100.5", &id, "browser-z").await;
    assert_eq!((unliked.status, unliked.body["likes"].as_u64()), (200, Some(2)), "{}", unliked.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_count_once_per_portal_user() {
    let dir = TempDir::new("sso", "reports");
    // Two networks' reports would hide it: one portal user from two networks must not.
    let server = start(&dir, &[SECRET], false, 2).await;
    let id = anonymous_comment(&server).await;
    let token = token_for(SECRET, SUB, "小王");
    assert_eq!(report(&server, Some(&token), "203.0.113.1", &id, "browser-a").await.status, 204);
    assert_eq!(report(&server, Some(&token), "203.0.113.2", &id, "browser-b").await.status, 204);
    let seen = admin_comment(&server, &id).await;
    assert_eq!((seen["reports"].as_u64(), seen["status"].as_str()), (Some(1), Some("published")), "{seen}");
    let other = token_for(SECRET, "portal-user-7", "小李");
    assert_eq!(report(&server, Some(&other), "203.0.113.3", &id, "browser-c").await.status, 204);
    let seen = admin_comment(&server, &id).await;
    assert_eq!((seen["reports"].as_u64(), seen["status"].as_str()), (Some(2), Some("pending")), "{seen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn require_login_refuses_writes_without_a_token() {
    let dir = TempDir::new("sso", "require");
    let server = start(&dir, &[SECRET], true, 3).await;
    let token = token_for(SECRET, SUB, "小王");
    let posted = post(&server, Some(&token), "198.51.100.1", "c-1", "登录后发表").await;
    assert_eq!(posted.status, 201, "{}", posted.text);
    let id = posted.body["id"].as_str().expect("id").to_string();

    let refused = [
        post(&server, None, "198.51.100.2", "c-2", "未登录").await,
        like(&server, "POST", None, "198.51.100.2", &id, "browser-a").await,
        like(&server, "DELETE", None, "198.51.100.2", &id, "browser-a").await,
        report(&server, None, "198.51.100.2", &id, "browser-a").await,
    ];
    for answer in refused {
        assert_eq!((answer.status, answer.code()), (401, Some("login_required")), "{}", answer.text);
    }
    assert_eq!(like(&server, "POST", Some(&token), "198.51.100.2", &id, "browser-a").await.status, 200);
    assert_eq!(report(&server, Some(&token), "198.51.100.2", &id, "browser-a").await.status, 204);
    assert_eq!(send(&server, "GET", POSTS, &[], "198.51.100.2", "").await.status, 200, "reading needs no login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_tokens_are_refused_never_taken_as_anonymous() {
    let dir = TempDir::new("sso", "bad");
    let server = start(&dir, &[SECRET], false, 3).await;
    let id = anonymous_comment(&server).await;
    let exp = now() + 600;
    let good = token_for(SECRET, SUB, "小王");
    let (payload, sig) = good.split_once('.').expect("two parts");
    let tampered = format!(
        "{}.{sig}",
        URL_SAFE_NO_PAD.encode(json!({"sub": "portal-user-1", "name": "小王", "exp": exp}).to_string())
    );
    let mut wrong = URL_SAFE_NO_PAD.decode(sig).expect("base64url");
    wrong[0] ^= 0x80;
    let flipped = format!("{payload}.{}", URL_SAFE_NO_PAD.encode(&wrong));
    let bad = [
        ("another secret", token_for("someone-elses-secret-0123456789abcdef", SUB, "小王")),
        ("a tampered payload", tampered),
        ("a wrong signature of the right length", flipped),
        ("expired", sign(SECRET, &json!({"sub": SUB, "name": "小王", "exp": now() - 120}))),
        ("too far ahead", sign(SECRET, &json!({"sub": SUB, "name": "小王", "exp": now() + 2 * 86_400}))),
        ("no sub", sign(SECRET, &json!({"name": "小王", "exp": exp}))),
        ("no name", sign(SECRET, &json!({"sub": SUB, "exp": exp}))),
        ("no exp", sign(SECRET, &json!({"sub": SUB, "name": "小王"}))),
        ("a name with a direction control", sign(SECRET, &json!({"sub": SUB, "name": "小\u{202e}王", "exp": exp}))),
        (
            "an http avatar",
            sign(SECRET, &json!({"sub": SUB, "name": "小王", "avatar": "http://portal.example/a.png", "exp": exp})),
        ),
        ("garbage", "not-a-token".to_string()),
    ];
    for (what, token) in &bad {
        let answers = [
            ("post", post(&server, Some(token), "198.51.100.1", "c-bad", "不应发表").await),
            ("like", like(&server, "POST", Some(token), "198.51.100.1", &id, "browser-a").await),
            ("report", report(&server, Some(token), "198.51.100.1", &id, "browser-a").await),
        ];
        for (endpoint, answer) in answers {
            assert_eq!(
                (answer.status, answer.code()),
                (401, Some("bad_reader_token")),
                "{what}, {endpoint}: {}",
                answer.text
            );
        }
    }
    let seen = admin_comment(&server, &id).await;
    assert_eq!((seen["likes"].as_u64(), seen["reports"].as_u64()), (Some(0), Some(0)), "nothing counted: {seen}");
    let listing = send(&server, "GET", POSTS, &[], "198.51.100.1", "").await;
    assert_eq!(listing.body["count"], json!(1), "nothing posted: {}", listing.text);

    // A server with no secret refuses every token, good ones included.
    let bare_dir = TempDir::new("sso", "bare");
    let bare = start(&bare_dir, &[], false, 3).await;
    let answer = post(&bare, Some(&good), "198.51.100.1", "c-1", "没有密钥的服务器").await;
    assert_eq!((answer.status, answer.code()), (401, Some("bad_reader_token")), "{}", answer.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_a_rotation_the_old_secret_is_taken_while_configured() {
    let dir = TempDir::new("sso", "rotation");
    let old_token = token_for(OLD_SECRET, SUB, "小王");
    let new_token = token_for(SECRET, SUB, "小王");
    let rotating = start(&dir, &[SECRET, OLD_SECRET], false, 3).await;
    assert_eq!(post(&rotating, Some(&old_token), "198.51.100.1", "c-1", "旧密钥").await.status, 201);
    assert_eq!(post(&rotating, Some(&new_token), "198.51.100.1", "c-2", "新密钥").await.status, 201);
    drop(rotating);

    let later = TempDir::new("sso", "rotated");
    let done = start(&later, &[SECRET], false, 3).await;
    let answer = post(&done, Some(&old_token), "198.51.100.1", "c-3", "旧密钥已撤下").await;
    assert_eq!((answer.status, answer.code()), (401, Some("bad_reader_token")), "{}", answer.text);
    assert_eq!(post(&done, Some(&new_token), "198.51.100.1", "c-4", "新密钥").await.status, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ban_by_sub_holds_that_portal_users_next_comment() {
    let dir = TempDir::new("sso", "ban");
    let server = start(&dir, &[SECRET], false, 3).await;
    let auth = format!("Bearer {}", server.editor);
    let ban = json!({"sub": SUB, "minutes": 60}).to_string();
    let banned = send(&server, "POST", "/api/admin/bans", &[("Authorization", &auth)], "198.51.100.9", &ban).await;
    assert_eq!((banned.status, banned.body["sub"].as_str()), (201, Some(SUB)), "{}", banned.text);

    let token = token_for(SECRET, SUB, "小王");
    let held = post(&server, Some(&token), "198.51.100.77", "fresh-browser", "被封禁后").await;
    assert_eq!((held.status, held.body["status"].as_str()), (201, Some("pending")), "{}", held.text);
    let id = held.body["id"].as_str().expect("id");
    assert_eq!(admin_comment(&server, id).await["held_reason"], json!("banned"));

    let other = token_for(SECRET, "portal-user-7", "小李");
    let fine = post(&server, Some(&other), "198.51.100.77", "another-browser", "别人不受影响").await;
    assert_eq!(fine.body["status"].as_str(), Some("published"), "{}", fine.text);
    let anon = post(&server, None, "198.51.100.78", "anon-2", "匿名也不受影响").await;
    assert_eq!(anon.body["status"].as_str(), Some("published"), "{}", anon.text);
}
