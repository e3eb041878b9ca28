//! Each hole the abuse review found, replayed as the attack over a real socket, and shown closed.

use news_server::{
    load_content, parse_origin, parse_proxy, router, AppState, CommentSettings, SecuritySettings,
};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");

mod support;

struct Server {
    addr: SocketAddr,
    _served: support::Served,
}

async fn start(settings: CommentSettings, security: SecuritySettings, dist: Option<PathBuf>) -> Server {
    let content = Arc::new(load_content(Path::new(FIXTURES)).expect("fixtures"));
    let comments = support::fresh_store();
    let app = router(AppState::new(content, Arc::new(comments), settings).with_security(security), dist);
    let served = support::serve(app).await;
    let addr = served.addr;
    Server { addr, _served: served }
}

struct Answer {
    status: u16,
    head: String,
    body: Value,
}

/// One HTTP/1.1 request with exactly these extra header lines.
async fn raw(server: &Server, method: &str, path: &str, headers: &[&str], body: &str) -> Answer {
    let extra: String = headers.iter().map(|h| format!("{h}\r\n")).collect();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.addr,
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("read");
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Answer { status, head: head.to_ascii_lowercase(), body: serde_json::from_str(body).unwrap_or(Value::Null) }
}

fn comment(author: &str, id: &str) -> String {
    json!({"author": author, "content": "顶", "client_id": id}).to_string()
}

const POSTS: &str = "/api/articles/1001/comments";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_site_cannot_post_through_its_visitors_browsers() {
    let server =
        start(CommentSettings { rate_limit: 0, ..Default::default() }, SecuritySettings::default(), None).await;
    // What `fetch(url, {method: "POST", body: new Blob([json])})` on evil.example sends: no preflight.
    let blob = raw(
        &server,
        "POST",
        POSTS,
        &["Origin: https://evil.example", "Sec-Fetch-Site: cross-site"],
        &comment("x", "e1"),
    )
    .await;
    assert_eq!((blob.status, blob.body["error"]["code"].as_str()), (403, Some("cross_site")));
    let text_plain = raw(&server, "POST", POSTS, &["Content-Type: text/plain"], &comment("x", "e2")).await;
    assert_eq!(text_plain.status, 415);
    let untyped = raw(&server, "POST", POSTS, &[], &comment("x", "e3")).await;
    assert_eq!(untyped.status, 415, "no content type is no longer taken as JSON");
    let like =
        raw(&server, "POST", "/api/comments/1/like", &["Origin: https://evil.example"], r#"{"client_id":"r"}"#).await;
    assert_eq!(like.status, 403);
    assert_eq!(raw(&server, "GET", POSTS, &[], "").await.body["count"], 0, "nothing was stored");
}

/// A report is a write like a like: a page on another site must not be able to make its
/// visitors' browsers report (and, at the threshold, hide) a comment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_site_cannot_report_through_its_visitors_browsers() {
    let settings = CommentSettings { rate_limit: 0, report_threshold: 1, ..Default::default() };
    let server = start(settings, SecuritySettings::default(), None).await;
    let posted = raw(&server, "POST", POSTS, &["Content-Type: application/json"], &comment("小王", "c1")).await;
    let id = posted.body["id"].as_str().expect("id").to_string();
    let path = format!("/api/comments/{id}/report");
    let body = r#"{"client_id":"reader-1","reason":"abuse"}"#;
    for (headers, status) in [
        (&["Content-Type: application/json", "Origin: https://evil.example"][..], 403),
        (&["Origin: https://evil.example", "Sec-Fetch-Site: cross-site"], 403),
        (&["Content-Type: application/json", "Sec-Fetch-Site: same-site"], 403),
        (&["Content-Type: text/plain"], 415),
        (&[], 415),
    ] {
        let reply = raw(&server, "POST", &path, headers, body).await;
        assert_eq!(reply.status, status, "{headers:?}");
    }
    assert_eq!(raw(&server, "GET", POSTS, &[], "").await.body["count"], 1, "no refused report counted");
    let allowed = raw(&server, "POST", &path, &["Content-Type: application/json"], body).await;
    assert_eq!(allowed.status, 204);
    assert_eq!(raw(&server, "GET", POSTS, &[], "").await.body["count"], 0, "one allowed report hides it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_like_loop_cannot_inflate_a_comment() {
    let settings = CommentSettings { rate_limit: 0, like_rate_limit: 0, ..Default::default() };
    let server = start(settings, SecuritySettings::default(), None).await;
    let posted = raw(&server, "POST", POSTS, &["Content-Type: application/json"], &comment("小王", "c1")).await;
    let id = posted.body["id"].as_str().expect("id").to_string();
    let mut refused = 0;
    for n in 0..100 {
        let body = json!({"client_id": format!("fake-reader-{n}")}).to_string();
        let reply =
            raw(&server, "POST", &format!("/api/comments/{id}/like"), &["Content-Type: application/json"], &body).await;
        refused += usize::from(reply.status == 429);
    }
    let listed = raw(&server, "GET", POSTS, &[], "").await;
    assert_eq!(listed.body["items"][0]["likes"], 10, "one address, at most 10 readers' likes");
    assert_eq!(refused, 90);

    let limited =
        start(CommentSettings { rate_limit: 0, ..Default::default() }, SecuritySettings::default(), None).await;
    let mut statuses = Vec::new();
    for n in 0..31 {
        let body = json!({"client_id": "one-reader"}).to_string();
        let method = if n % 2 == 0 { "POST" } else { "DELETE" };
        statuses.push(
            raw(&limited, method, "/api/comments/1/like", &["Content-Type: application/json"], &body).await.status,
        );
    }
    assert_eq!(statuses.last(), Some(&429), "like/unlike loops hit the per-minute limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_readers_are_told_apart_and_cannot_spoof() {
    let security =
        SecuritySettings { trusted_proxies: vec![parse_proxy("127.0.0.1").expect("proxy")], ..Default::default() };
    let server = start(CommentSettings { rate_limit: 1, ..Default::default() }, security, None).await;
    let json_from = |client: &'static str| ["Content-Type: application/json", client];
    let a = raw(&server, "POST", POSTS, &json_from("X-Forwarded-For: 203.0.113.1"), &comment("甲", "p1")).await;
    let b = raw(&server, "POST", POSTS, &json_from("X-Forwarded-For: 203.0.113.2"), &comment("乙", "p2")).await;
    assert_eq!((a.status, b.status), (201, 201), "two readers behind one proxy are two clients");
    let spoof =
        raw(&server, "POST", POSTS, &json_from("X-Forwarded-For: 1.1.1.1, 203.0.113.1"), &comment("甲", "p3")).await;
    assert_eq!(spoof.status, 429, "a forged left entry does not escape the limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invisible_and_reversed_names_are_refused() {
    let server =
        start(CommentSettings { rate_limit: 0, ..Default::default() }, SecuritySettings::default(), None).await;
    for name in ["管理员\u{202E}", "\u{200B}", "小\u{2066}王"] {
        let reply = raw(&server, "POST", POSTS, &["Content-Type: application/json"], &comment(name, "b1")).await;
        assert_eq!(
            (reply.status, reply.body["error"]["code"].as_str()),
            (422, Some("name_hidden_characters")),
            "{name:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_comment_form_cannot_be_framed_by_another_site() {
    let dist = std::env::temp_dir().join(format!("news-attacks-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(dist.join("index.html"), "<html><script>boot()</script></html>").expect("index");
    std::fs::write(dist.join("embed.html"), "<html><script>boot()</script></html>").expect("embed");
    let security = SecuritySettings {
        allow_origins: vec![parse_origin("https://partner.example").expect("o")],
        ..Default::default()
    };
    let server = start(CommentSettings::default(), security, Some(dist.clone())).await;
    let page = raw(&server, "GET", "/articles/1001", &[], "").await;
    assert!(
        page.head
            .contains("content-security-policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{}",
        page.head
    );
    assert!(page.head.contains("frame-ancestors 'self'\r\n"), "{}", page.head);
    let embed = raw(&server, "GET", "/embed.html", &[], "").await;
    assert!(embed.head.contains("frame-ancestors 'self' https://partner.example\r\n"), "{}", embed.head);
    let api = raw(&server, "GET", "/api/site", &[], "").await;
    assert!(api.head.contains("x-content-type-options: nosniff"), "{}", api.head);
    let _ = std::fs::remove_dir_all(&dist);
}
