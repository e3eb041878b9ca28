//! Live comments: `GET /articles/{id}/comments/events` on one server (instances.rs has two).

mod support;

use news_server::tokens::add_token;
use news_server::users::{add_user, Role};
use news_server::{load_content, router, AppState, CommentSettings};
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
    let content = Arc::new(load_content(Path::new(FIXTURES)).expect("content"));
    let store = dir.store();
    add_user(&store, "ann", Role::Editor, "0123456789", false, 1).expect("user");
    let (_, token) = add_token(&store, "ann", 1).expect("token");
    let settings = CommentSettings { moderate, rate_limit: 0, ..CommentSettings::default() };
    let served = support::serve(router(AppState::new(content, Arc::new(store), settings), None)).await;
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
