//! Live comments: `GET /articles/{id}/comments/events` on one server (instances.rs has two).

mod support;

use news_server::tokens::add_token;
use news_server::users::{add_user, Role};
use news_server::{load_content, parse_proxy, router, AppState, CommentSettings, SecuritySettings};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use support::{EventStream, TempDir};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");
/// The promise: a reader learns of a new comment within 2 seconds.
const PROMPTLY: Duration = Duration::from_secs(2);

struct Server {
    base: String,
    token: String,
    _served: support::Served,
}

/// A server with an editor's token; `moderate`: every new comment is pending.
async fn start(dir: &TempDir, moderate: bool) -> Server {
    start_with(dir, CommentSettings { moderate, rate_limit: 0, ..CommentSettings::default() }).await
}

/// The same with these settings, behind a proxy on 127.0.0.1 (its X-Forwarded-For names readers).
async fn start_with(dir: &TempDir, settings: CommentSettings) -> Server {
    let content = Arc::new(load_content(Path::new(FIXTURES)).expect("content"));
    let store = dir.store();
    add_user(&store, "ann", Role::Editor, "0123456789", false, 1).expect("user");
    let (_, token) = add_token(&store, "ann", 1).expect("token");
    let proxy = SecuritySettings { trusted_proxies: vec![parse_proxy("127.0.0.1").expect("proxy")], ..Default::default() };
    let state = AppState::new(content, Arc::new(store), settings).with_security(proxy);
    let served = support::serve(router(state, None)).await;
    Server { base: format!("http://{}/api", served.addr), token, _served: served }
}

async fn post(server: &Server, content: &str, client_id: &str) -> Value {
    let answer = reqwest::Client::new()
        .post(format!("{}/articles/1001/comments", server.base))
        .header("Content-Type", "application/json")
        .body(json!({"author": "读者", "content": content, "client_id": client_id}).to_string())
        .send()
        .await
        .expect("posted");
    assert_eq!(answer.status().as_u16(), 201);
    answer.json().await.expect("the comment")
}

fn events_url(server: &Server) -> String {
    format!("{}/articles/1001/comments/events", server.base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_comment_arrives_at_once_and_a_pending_one_only_when_approved() {
    let dir = TempDir::new("live", "arrives");
    let server = start(&dir, true).await;
    let mut stream = EventStream::open(&events_url(&server), None).await;
    let ready = stream.next_within(PROMPTLY).await.expect("ready");
    assert_eq!((ready.event.as_str(), ready.id.as_deref()), ("ready", Some("0")));

    let pending = post(&server, "等审核的评论", "held-1").await;
    assert_eq!(pending["status"], "pending");
    assert_eq!(stream.next_within(Duration::from_millis(500)).await, None, "a pending comment is not news");

    let approve = format!("{}/admin/comments/{}/approve", server.base, pending["id"].as_str().expect("id"));
    let answer = reqwest::Client::new()
        .post(approve)
        .bearer_auth(&server.token)
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("approved");
    assert_eq!(answer.status().as_u16(), 200);
    let event = stream.next_within(PROMPTLY).await.expect("the approved comment arrives");
    assert_eq!((event.event.as_str(), event.id.as_deref()), ("comment", Some("1")));
    let comment: Value = serde_json::from_str(&event.data).expect("a Comment");
    assert_eq!((comment["id"].clone(), comment["status"].clone()), (pending["id"].clone(), json!("published")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnecting_reader_gets_what_it_missed_once() {
    let dir = TempDir::new("live", "resume");
    let server = start(&dir, false).await;
    let mut stream = EventStream::open(&events_url(&server), None).await;
    stream.next_within(PROMPTLY).await.expect("ready");
    post(&server, "第一条", "c-1").await;
    let first = stream.next_within(PROMPTLY).await.expect("the first comment");
    drop(stream); // The connection is cut.

    post(&server, "第二条", "c-2").await;
    post(&server, "第三条", "c-3").await;
    let mut resumed = EventStream::open(&events_url(&server), first.id.as_deref()).await;
    let ready = resumed.next_within(PROMPTLY).await.expect("ready");
    assert_eq!(ready.id, first.id, "a resumed stream starts where the reader was");
    let mut seen = Vec::new();
    while let Some(event) = resumed.next_within(Duration::from_millis(800)).await {
        let comment: Value = serde_json::from_str(&event.data).expect("a Comment");
        seen.push(comment["content"].as_str().expect("content").to_string());
    }
    assert_eq!(seen, ["第二条", "第三条"], "each missed comment once, in order, and not the one seen");

    // Without Last-Event-ID, `?last_event_id=` does the same (a page reopening its stream).
    let url = format!("{}?last_event_id={}", events_url(&server), first.id.as_deref().unwrap_or(""));
    let mut by_query = EventStream::open(&url, None).await;
    by_query.next_within(PROMPTLY).await.expect("ready");
    let second = by_query.next_within(PROMPTLY).await.expect("the second comment");
    assert!(second.data.contains("第二条"), "{}", second.data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_article_has_no_stream() {
    let dir = TempDir::new("live", "unknown");
    let server = start(&dir, false).await;
    let answer = reqwest::get(format!("{}/articles/nope/comments/events", server.base)).await.expect("answer");
    assert_eq!(answer.status().as_u16(), 404);
}

/// Opens the stream as the reader at `address` (behind the proxy); the answer's status.
async fn open_as(server: &Server, address: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(events_url(server))
        .header("X-Forwarded-For", address)
        .send()
        .await
        .expect("an answer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_hold_more_streams_than_its_share() {
    let dir = TempDir::new("live", "share");
    let settings = CommentSettings { rate_limit: 0, live_streams_per_address: 2, ..CommentSettings::default() };
    let server = start_with(&dir, settings).await;
    // The attacker opens streams until refused: the third is.
    let first = open_as(&server, "203.0.113.7").await;
    let second = open_as(&server, "203.0.113.7").await;
    assert_eq!((first.status().as_u16(), second.status().as_u16()), (200, 200));
    let third = open_as(&server, "203.0.113.7").await;
    assert_eq!(third.status().as_u16(), 429);
    let body: Value = third.json().await.expect("an error body");
    assert_eq!(body["error"]["code"], "too_many_streams", "{body}");

    // Another reader is not held back by it.
    let other = open_as(&server, "198.51.100.4").await;
    assert_eq!(other.status().as_u16(), 200, "another address has its own share");
    // An IPv6 client cannot rotate through its /64 for more.
    let (v6_first, v6_second) = (open_as(&server, "2001:db8:1:2::1").await, open_as(&server, "2001:db8:1:2::2").await);
    assert_eq!((v6_first.status().as_u16(), v6_second.status().as_u16()), (200, 200));
    assert_eq!(open_as(&server, "2001:db8:1:2::3").await.status().as_u16(), 429, "one /64 is one client");

    // A closed stream gives its place back (the server notices when it next writes to it).
    drop(first);
    post(&server, "让服务器发现连接已断", "wake-1").await;
    let mut status = 429;
    for _ in 0..50 {
        let again = open_as(&server, "203.0.113.7").await;
        status = again.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "a place is free again once a stream has ended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_last_event_id_that_is_not_one_the_article_reached_starts_from_now() {
    let dir = TempDir::new("live", "garbage");
    let server = start(&dir, false).await;
    post(&server, "已经在页面上的评论", "old-1").await;
    let hostile = ["abc", "-5", "1e3", "99999999999999999999999", "1; DROP TABLE comments", "0x1", "", "12"];
    for id in hostile {
        let mut stream = EventStream::open(&events_url(&server), Some(id)).await;
        let ready = stream.next_within(PROMPTLY).await.expect("ready");
        assert_eq!((ready.event.as_str(), ready.id.as_deref()), ("ready", Some("1")), "Last-Event-ID {id:?}: from now on");
        assert_eq!(stream.next_within(Duration::from_millis(300)).await, None, "{id:?}: nothing old is sent again");
        let url = format!("{}?last_event_id={}", events_url(&server), urlencode(id));
        let mut stream = EventStream::open(&url, None).await;
        let ready = stream.next_within(PROMPTLY).await.expect("ready");
        assert_eq!(ready.id.as_deref(), Some("1"), "?last_event_id={id:?}: from now on");
    }
    // One ahead of the article (from before a restore, say) does not hold the next ones back.
    let mut stream = EventStream::open(&events_url(&server), Some("12")).await;
    stream.next_within(PROMPTLY).await.expect("ready");
    post(&server, "之后的评论", "new-1").await;
    let event = stream.next_within(PROMPTLY).await.expect("the new comment");
    assert_eq!(event.id.as_deref(), Some("2"));
}

fn urlencode(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
