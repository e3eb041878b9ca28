//! The admin API over real HTTP against the in-process server on a temp SQLite file: bearer
//! tokens, listing by status, the actions, conflicts and the audit log.

use news_server::tokens::add_token;
use news_server::users::{add_user, Role};
use news_server::{load_content, router, AppState, CommentSettings};
use serde_json::{json, Value};
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod support;
use support::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");

struct Server {
    addr: SocketAddr,
    token: String,
    _served: support::Served,
}

/// A moderated server (every new comment is pending) with an editor `ann` and a token for her.
async fn start(dir: &TempDir) -> Server {
    let content = Arc::new(load_content(Path::new(FIXTURES)).expect("content"));
    let store = dir.store();
    add_user(&store, "ann", Role::Editor, "0123456789", false, 1).expect("user");
    let (_, token) = add_token(&store, "ann", 1).expect("token");
    let settings = CommentSettings { moderate: true, rate_limit: 0, ..CommentSettings::default() };
    let app = router(AppState::new(content, Arc::new(store), settings), None);
    let served = support::serve(app).await;
    let addr = served.addr;
    Server { addr, token, _served: served }
}

struct Answer {
    status: u16,
    head: String,
    body: Value,
}

/// One HTTP/1.1 request on a fresh connection; `Connection: close` lets the answer be read to
/// the end.
async fn send(addr: SocketAddr, method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> Answer {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(token) = token {
        request.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if method == "POST" {
        request.push_str("Content-Type: application/json\r\n");
    }
    let body = body.unwrap_or("");
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status line");
    let body = if body.is_empty() { Value::Null } else { serde_json::from_str(body).expect("JSON body") };
    Answer { status, head: head.to_ascii_lowercase(), body }
}

async fn get(server: &Server, path: &str) -> Answer {
    send(server.addr, "GET", path, Some(&server.token), None).await
}

async fn act(server: &Server, id: &str, action: &str, body: Option<Value>) -> Answer {
    let body = body.map(|b| b.to_string());
    send(server.addr, "POST", &format!("/api/admin/comments/{id}/{action}"), Some(&server.token), body.as_deref()).await
}

/// Posts a comment as a reader; on this moderated server it is stored as pending.
async fn post_comment(server: &Server, content: &str, client_id: &str) -> String {
    let body = json!({"author": "读者", "content": content, "parent_id": null, "client_id": client_id}).to_string();
    let answer = send(server.addr, "POST", "/api/articles/1001/comments", None, Some(&body)).await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    assert_eq!(answer.body["status"], "pending");
    answer.body["id"].as_str().expect("id").to_string()
}

/// The contents of the public listing of article 1001, and its comment count.
async fn public(server: &Server) -> (Vec<String>, u64) {
    let answer = send(server.addr, "GET", "/api/articles/1001/comments?per_page=50", None, None).await;
    assert_eq!(answer.status, 200);
    let items = answer.body["items"].as_array().expect("items");
    let article = send(server.addr, "GET", "/api/articles/1001", None, None).await;
    let contents = items.iter().map(|c| c["content"].as_str().unwrap_or_default().to_string()).collect();
    (contents, article.body["comment_count"].as_u64().expect("count"))
}

fn ids(answer: &Answer) -> Vec<String> {
    answer.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["id"].as_str().unwrap_or_default().into())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_bad_or_revoked_token_is_401() {
    let dir = TempDir::new("admin", "401");
    let server = start(&dir).await;
    for token in [None, Some("not-a-token"), Some(&server.token[1..])] {
        let answer = send(server.addr, "GET", "/api/admin/comments", token, None).await;
        assert_eq!(answer.status, 401, "{token:?}");
        assert_eq!(answer.body["error"]["code"], "unauthorized");
        assert!(answer.head.contains("www-authenticate: bearer"), "{}", answer.head);
    }
    let answer = get(&server, "/api/admin/comments").await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert!(answer.head.contains("cache-control: no-store"), "{}", answer.head);

    dir.sql("UPDATE api_tokens SET revoked_at = 2", &[]);
    assert_eq!(get(&server, "/api/admin/comments").await.status, 401, "a revoked token");
}

/// `news-server token …` through the real binary on the server's database file.
fn cli(db: &str, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_news-server"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("news-server starts");
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    let out = child.wait_with_output().expect("news-server ends");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_from_the_command_line_works_until_revoked() {
    let dir = TempDir::new("admin", "cli");
    let server = start(&dir).await;
    cli(&dir.db(), &["user", "add", "bob", "--role", "admin"], "another secret\n");
    let out = cli(&dir.db(), &["token", "add", "bob"], "");
    let token = out.lines().last().expect("the token line").to_string();
    assert!(token.len() >= 43 && !token.contains(' '), "{out}");

    let answer = send(server.addr, "GET", "/api/admin/audit", Some(&token), None).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);

    let listed = cli(&dir.db(), &["token", "list"], "");
    assert!(!listed.contains(&token), "the list never shows a token: {listed}");
    let bob = listed.lines().find(|l| l.contains("\tbob\t")).expect("bob's token listed");
    let id = bob.split('\t').next().expect("id");
    assert!(bob.ends_with("\t-"), "not revoked yet: {bob}");
    cli(&dir.db(), &["token", "revoke", id], "");
    let answer = send(server.addr, "GET", "/api/admin/audit", Some(&token), None).await;
    assert_eq!(answer.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_by_status_newest_first_with_titles_and_reasons() {
    let dir = TempDir::new("admin", "list");
    let server = start(&dir).await;
    let first = post_comment(&server, "第一条", "c1").await;
    let second = post_comment(&server, "第二条", "c2").await;
    let third = post_comment(&server, "第三条", "c3").await;
    assert_eq!(act(&server, &third, "approve", None).await.status, 200);

    let pending = get(&server, "/api/admin/comments?status=pending").await;
    assert_eq!(ids(&pending), vec![second.clone(), first.clone()], "newest first");
    assert_eq!(pending.body["total"], 2);
    let item = &pending.body["items"][0];
    assert_eq!(item["article_id"], "1001");
    assert!(item["article_title"].as_str().is_some_and(|t| !t.is_empty()), "{item}");
    assert_eq!(item["held_reason"], "moderation");
    assert_eq!((item["author"]["name"].as_str(), item["likes"].as_u64()), (Some("读者"), Some(0)));

    let published = get(&server, "/api/admin/comments?status=published").await;
    assert_eq!(ids(&published), vec![third]);
    let paged = get(&server, "/api/admin/comments?status=pending&page=2&per_page=1").await;
    assert_eq!((ids(&paged), paged.body["total"].as_u64()), (vec![first], Some(2)));
    assert_eq!(get(&server, "/api/admin/comments?status=gone").await.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_move_comments_in_and_out_of_the_public_listing() {
    let dir = TempDir::new("admin", "actions");
    let server = start(&dir).await;
    let (_, base) = public(&server).await;
    let kept = post_comment(&server, "会通过", "c1").await;
    let rejected = post_comment(&server, "会被拒", "c2").await;
    let spam = post_comment(&server, "是广告", "c3").await;

    let approved = act(&server, &kept, "approve", Some(json!({"expected_status": "pending"}))).await;
    assert_eq!((approved.status, approved.body["status"].as_str()), (200, Some("published")));
    assert!(approved.head.contains("cache-control: no-store"));
    let (contents, count) = public(&server).await;
    assert!(contents.contains(&"会通过".to_string()));
    assert_eq!(count, base + 1);

    // Approved first, then rejected and marked as spam: each must leave the listing again.
    for (id, action) in [(&rejected, "reject"), (&spam, "spam")] {
        assert_eq!(act(&server, id, "approve", None).await.status, 200);
        assert_eq!(public(&server).await.1, base + 2);
        let done = act(&server, id, action, None).await;
        assert_eq!(done.status, 200, "{:?}", done.body);
        assert_eq!(public(&server).await.1, base + 1, "{action} hides it from the count");
    }
    let deleted = act(&server, &kept, "delete", None).await;
    assert_eq!(deleted.body["status"], "deleted");
    let (contents, count) = public(&server).await;
    assert_eq!(count, base);
    assert!(!contents.iter().any(|c| ["会通过", "会被拒", "是广告"].contains(&c.as_str())), "{contents:?}");

    let restored = act(&server, &kept, "restore", None).await;
    assert_eq!((restored.status, restored.body["status"].as_str()), (200, Some("published")), "back to before");
    assert_eq!(public(&server).await.1, base + 1);
    assert_eq!(act(&server, &spam, "delete", None).await.status, 200);
    assert_eq!(act(&server, &spam, "restore", None).await.body["status"], "spam");

    assert_eq!(act(&server, &kept, "promote", None).await.status, 404, "unknown action");
    assert_eq!(act(&server, "999999", "approve", None).await.status, 404, "unknown comment");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unexpected_status_is_a_conflict_and_changes_nothing() {
    let dir = TempDir::new("admin", "conflict");
    let server = start(&dir).await;
    let id = post_comment(&server, "待审", "c1").await;
    let answer = act(&server, &id, "reject", Some(json!({"expected_status": "published"}))).await;
    assert_eq!((answer.status, answer.body["error"]["code"].as_str()), (409, Some("conflict")));
    let pending = get(&server, "/api/admin/comments?status=pending").await;
    assert_eq!(ids(&pending), vec![id]);
    assert_eq!(get(&server, "/api/admin/audit").await.body["total"], 0, "nothing was logged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_concurrent_approvals_exactly_one_applies() {
    let dir = TempDir::new("admin", "race");
    let server = start(&dir).await;
    let id = post_comment(&server, "两位编辑同时审核", "c1").await;
    let expect = Some(json!({"expected_status": "pending"}));
    let (a, b) = tokio::join!(act(&server, &id, "approve", expect.clone()), act(&server, &id, "approve", expect));
    let mut statuses = vec![a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 409]);
    assert_eq!(get(&server, "/api/admin/audit").await.body["total"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_has_one_row_per_action_newest_first() {
    let dir = TempDir::new("admin", "audit");
    let server = start(&dir).await;
    let id = post_comment(&server, "要审核的", "c1").await;
    assert_eq!(act(&server, &id, "approve", None).await.status, 200);
    assert_eq!(act(&server, &id, "approve", None).await.status, 409, "a repeat changes nothing");
    assert_eq!(act(&server, &id, "delete", None).await.status, 200);

    let audit = get(&server, "/api/admin/audit").await;
    assert_eq!(audit.status, 200);
    assert_eq!(audit.body["total"], 2);
    let rows: Vec<(String, String, String, String, String)> = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| {
            let text = |key: &str| r[key].as_str().unwrap_or_default().to_string();
            (text("actor"), text("action"), text("comment_id"), text("status_before"), text("status_after"))
        })
        .collect();
    let row = |action: &str, before: &str, after: &str| {
        ("ann".to_string(), action.to_string(), id.clone(), before.to_string(), after.to_string())
    };
    assert_eq!(rows, vec![row("delete", "published", "deleted"), row("approve", "pending", "published")]);
}

/// The attacks on an action a token allows: a page on another site that makes an editor's
/// browser send it, and a form post without the JSON type. Both are refused, and the comment
/// stays pending.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_and_untyped_actions_are_refused() {
    let dir = TempDir::new("admin", "cross-site");
    let server = start(&dir).await;
    let id = post_comment(&server, "等编辑决定", "cross-site-1").await;
    let path = format!("/api/admin/comments/{id}/approve");
    let raw = |headers: &str| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAuthorization: Bearer {}\r\n{headers}Content-Length: 0\r\n\r\n",
            server.addr, server.token
        )
    };
    for (request, status) in [
        (raw("Content-Type: application/json\r\nOrigin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\n"), 403),
        (raw("Content-Type: text/plain\r\n"), 415),
        (raw(""), 415),
    ] {
        let mut stream = tokio::net::TcpStream::connect(server.addr).await.expect("connect");
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.expect("read");
        let code = answer.split(' ').nth(1).and_then(|s| s.parse::<u16>().ok());
        assert_eq!(code, Some(status), "{request}");
    }
    let pending = get(&server, "/api/admin/comments?status=pending").await;
    assert_eq!(ids(&pending), std::slice::from_ref(&id), "still pending");
    let audit = get(&server, "/api/admin/audit").await;
    assert_eq!(audit.body["items"].as_array().map(Vec::len), Some(0), "nothing was done");
}
