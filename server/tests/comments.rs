//! The comment endpoints against a real SQLite file in a temp directory: listing, posting,
//! validation, likes, rate limit, moderation, restarts and concurrent posts.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use news_model::comments::{Comment, CommentPage, CommentStatus};
use news_model::datetime::Timestamp;
use news_server::{load_content, router, AppState, CommentSettings, Store};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

mod support;
use support::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
/// The seed's numbers for the demo article 1001 (see server/src/seed.rs).
const SEED_1001_TOP: u64 = 30;
const SEED_1001_ALL: u64 = 54;

fn content(dir: &str) -> Arc<Store> {
    Arc::new(load_content(Path::new(dir)).expect("content loads"))
}

/// The fixtures plus article 1005 with comments closed, in `dir/content`.
fn fixtures_with_closed_article(dir: &TempDir) -> Arc<Store> {
    let root = dir.path().join("content");
    for sub in ["articles", "media"] {
        std::fs::create_dir_all(root.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(Path::new(FIXTURES).join(sub)).expect("fixtures").flatten() {
            std::fs::copy(entry.path(), root.join(sub).join(entry.file_name())).expect("copy");
        }
    }
    std::fs::copy(Path::new(FIXTURES).join("site.json"), root.join("site.json")).expect("copy");
    let closed = json!({"id": "1005", "title": "已关闭评论的文章", "published_at": "2022-04-13T08:00:00+08:00",
                        "body_html": "<p>正文</p>", "comments_open": false});
    std::fs::write(root.join("articles/1005.json"), closed.to_string()).expect("write");
    Arc::new(load_content(&root).expect("content with a closed article"))
}

fn app_with(content: Arc<Store>, dir: &TempDir, seed: bool, settings: CommentSettings) -> Router {
    let comments = news_server::CommentStore::open(&dir.location(), seed.then_some(&*content)).expect("comment store opens");
    router(AppState::new(content, Arc::new(comments), settings), None)
}

/// Fixture content, no seed, no rate limit.
fn fixture_app(dir: &TempDir) -> Router {
    app_with(
        fixtures_with_closed_article(dir),
        &dir,
        false,
        CommentSettings { moderate: false, rate_limit: 0, ..CommentSettings::default() },
    )
}

struct Reply {
    status: StatusCode,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn value(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
    fn decode<T: news_model::decode::Decode>(&self) -> T {
        news_model::decode::from_str(&self.text()).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
    fn comment(&self) -> Comment {
        self.decode()
    }
    fn page(&self) -> CommentPage {
        assert_eq!(self.status, StatusCode::OK, "{}", self.text());
        self.decode()
    }
}

async fn send(app: &Router, method: Method, uri: &str, body: Vec<u8>, from: Option<IpAddr>) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request");
    if let Some(ip) = from {
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new(ip, 50_000)));
    }
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let is_json =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    assert!(is_json, "{status}: every answer is JSON: {}", String::from_utf8_lossy(&body));
    Reply { status, body }
}

async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Method::GET, uri, Vec::new(), None).await
}

async fn post(app: &Router, uri: &str, body: Value) -> Reply {
    send(app, Method::POST, uri, body.to_string().into_bytes(), None).await
}

async fn post_from(app: &Router, uri: &str, body: Value, ip: IpAddr) -> Reply {
    send(app, Method::POST, uri, body.to_string().into_bytes(), Some(ip)).await
}

fn new_comment(author: &str, content: &str, client_id: &str) -> Value {
    json!({"author": author, "content": content, "parent_id": null, "client_id": client_id})
}

fn reply_to(parent: &str, content: &str, client_id: &str) -> Value {
    json!({"author": "回复者", "content": content, "parent_id": parent, "client_id": client_id})
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    let body = reply.value();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.trim().is_empty()), "{body}");
}

fn unix(comment: &Comment) -> i64 {
    Timestamp::parse(&comment.created_at).map(|t| t.unix_seconds()).expect("RFC 3339 created_at")
}

/// Every comment of a page, replies included, depth first.
fn all_ids(items: &[Comment]) -> Vec<String> {
    let mut ids = Vec::new();
    for c in items {
        ids.push(c.id.clone());
        ids.extend(all_ids(&c.replies));
    }
    ids
}

fn max_depth(items: &[Comment]) -> usize {
    items.iter().map(|c| 1 + max_depth(&c.replies)).max().unwrap_or(0)
}

async fn comment_count(app: &Router, article: &str) -> Option<u64> {
    get(app, &format!("/api/articles/{article}")).await.value()["comment_count"].as_u64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeded_demo_comments_page_sort_and_nest() {
    let dir = TempDir::new("comments", "seeded");
    let app = app_with(content(DEMO), &dir, true, CommentSettings::default());

    let first = get(&app, "/api/articles/1001/comments").await.page();
    assert_eq!((first.page, first.per_page, first.total, first.count), (1, 20, SEED_1001_TOP, SEED_1001_ALL));
    assert_eq!(first.items.len(), 20);
    let second = get(&app, "/api/articles/1001/comments?page=2").await.page();
    assert_eq!(second.items.len(), 10);
    assert!(get(&app, "/api/articles/1001/comments?page=3").await.page().items.is_empty());
    assert!(get(&app, "/api/articles/1001/comments?page=4000000000").await.page().items.is_empty());

    let mut ids = all_ids(&first.items);
    ids.extend(all_ids(&second.items));
    assert_eq!(ids.len() as u64, SEED_1001_ALL, "every reply is nested under its page's thread");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len() as u64, SEED_1001_ALL, "no comment twice");
    assert_eq!(max_depth(&first.items).max(max_depth(&second.items)), 4, "a top-level comment and three reply levels");
    for item in first.items.iter().chain(&second.items) {
        assert_eq!(item.parent_id, None);
        assert_eq!(item.status, CommentStatus::Published);
        assert!(item.created_at.ends_with("+08:00"), "{}", item.created_at);
        for reply in &item.replies {
            assert_eq!(reply.parent_id.as_deref(), Some(item.id.as_str()), "nested under the parent it names");
        }
        let times: Vec<i64> = item.replies.iter().map(unix).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "replies oldest first");
    }
    assert!(first.items.iter().any(|c| c.region.as_deref() == Some("山东")));

    let newest = get(&app, "/api/articles/1001/comments?per_page=100&sort=newest").await.page();
    assert_eq!(newest.items.len() as u64, SEED_1001_TOP);
    assert_eq!(
        newest.items.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        first.items.iter().chain(&second.items).map(|c| c.id.clone()).collect::<Vec<_>>(),
        "newest is the default"
    );
    assert!(newest.items.windows(2).all(|w| unix(&w[0]) >= unix(&w[1])));
    let oldest = get(&app, "/api/articles/1001/comments?per_page=100&sort=oldest").await.page();
    assert!(oldest.items.windows(2).all(|w| unix(&w[0]) <= unix(&w[1])));
    let hot = get(&app, "/api/articles/1001/comments?per_page=100&sort=hot").await.page();
    assert!(
        hot.items
            .windows(2)
            .all(|w| w[0].likes > w[1].likes || (w[0].likes == w[1].likes && unix(&w[0]) >= unix(&w[1]))),
        "likes first, then newest"
    );
    assert_eq!(hot.items[0].likes, 342);
    assert_eq!(get(&app, "/api/articles/1001/comments?per_page=500").await.page().per_page, 100, "capped");

    assert_eq!(comment_count(&app, "1001").await, Some(SEED_1001_ALL));
    let empty = get(&app, "/api/articles/1009/comments").await.page();
    assert_eq!((empty.total, empty.count, empty.items.len()), (0, 0, 0));
    assert_eq!(comment_count(&app, "1009").await, Some(0));
    assert_error(&get(&app, "/api/articles/9999/comments").await, StatusCode::NOT_FOUND, "not_found");

    for query in
        ["page=0", "page=abc", "per_page=0", "per_page=-1", "sort=random", "sort=", "sort=Hot", "page=1&page=2"]
    {
        let reply = get(&app, &format!("/api/articles/1001/comments?{query}")).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_then_list_with_nested_replies() {
    let dir = TempDir::new("comments", "post");
    let app = fixture_app(&dir);
    assert_eq!(comment_count(&app, "1001").await, Some(0));

    let reply =
        post(&app, "/api/articles/1001/comments", new_comment("  小王 ", " <b>不是HTML</b>\n第二行 ", "c-1")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let root = reply.comment();
    assert_eq!((root.author.name.as_str(), root.content.as_str()), ("小王", "<b>不是HTML</b>\n第二行"), "trimmed text");
    assert_eq!((root.parent_id.as_deref(), root.likes, root.status), (None, 0, CommentStatus::Published));
    assert_eq!(root.region, None, "no client address, no region");
    let age = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64
        - unix(&root);
    assert!((0..60).contains(&age), "created now, in +08:00: {}", root.created_at);
    assert!(root.created_at.ends_with("+08:00"));

    // Parent ids may be strings or numbers; replies to replies nest as stored.
    let numeric: i64 = root.id.parse().expect("numeric id text");
    let body = json!({"author": "小李", "content": "同意", "parent_id": numeric, "client_id": "c-2"});
    let child = post_from(&app, "/api/articles/1001/comments", body, IpAddr::from([127, 0, 0, 1])).await;
    assert_eq!(child.status, StatusCode::CREATED, "{}", child.text());
    let child = child.comment();
    assert_eq!(child.parent_id.as_deref(), Some(root.id.as_str()));
    assert_eq!(child.region, None, "no IP database, no region: none is made up");
    let grandchild = post(&app, "/api/articles/1001/comments", reply_to(&child.id, "再回复", "c-3")).await.comment();
    post(&app, "/api/articles/1001/comments", new_comment("后来者", "第二条", "c-4")).await;

    let page = get(&app, "/api/articles/1001/comments").await.page();
    assert_eq!((page.total, page.count), (2, 4));
    assert_eq!(page.items[0].content, "第二条", "newest first");
    let thread = &page.items[1];
    assert_eq!(thread.id, root.id);
    assert_eq!(thread.replies.len(), 1);
    assert_eq!(thread.replies[0].id, child.id);
    assert_eq!(thread.replies[0].replies[0].id, grandchild.id);
    assert_eq!(thread.replies[0].replies[0].parent_id.as_deref(), Some(child.id.as_str()));
    assert_eq!(comment_count(&app, "1001").await, Some(4));
    assert_eq!(comment_count(&app, "1002").await, Some(0), "counted per article");

    let raw = get(&app, "/api/articles/1001/comments").await.value();
    assert!(raw["items"][0].get("replies").is_none(), "no replies: field left out");
    assert_eq!(raw["items"][1]["id"], json!(root.id), "ids are strings");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validation_errors_have_codes() {
    let dir = TempDir::new("comments", "validation");
    let app = fixture_app(&dir);
    let uri = "/api/articles/1001/comments";
    let cases = [
        (new_comment("", "内容", "v1"), "name_missing"),
        (new_comment("   ", "内容", "v1"), "name_missing"),
        (json!({"content": "内容", "client_id": "v1"}), "name_missing"),
        (new_comment(&"名".repeat(31), "内容", "v1"), "name_too_long"),
        (new_comment("小王", "", "v1"), "content_missing"),
        (new_comment("小王", " \n\t ", "v1"), "content_missing"),
        (json!({"author": "小王", "content": null, "client_id": "v1"}), "content_missing"),
        (new_comment("小王", &"字".repeat(1001), "v1"), "content_too_long"),
        (new_comment("小王", "响铃\u{7}", "v1"), "control_characters"),
        (new_comment("小\n王", "内容", "v1"), "control_characters"),
        (json!({"author": "小王", "content": "内容"}), "bad_client_id"),
        (new_comment("小王", "内容", ""), "bad_client_id"),
        (new_comment("小王", "内容", "has space"), "bad_client_id"),
        (new_comment("小王", "内容", "中文"), "bad_client_id"),
        (new_comment("小王", "内容", &"x".repeat(65)), "bad_client_id"),
        (json!({"author": "小王", "content": "内容", "client_id": 42}), "bad_client_id"),
        (reply_to("999999", "内容", "v1"), "unknown_parent"),
        (reply_to("not-a-number", "内容", "v1"), "unknown_parent"),
    ];
    for (body, code) in cases {
        let reply = post(&app, uri, body.clone()).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, code);
        if code == "name_too_long" {
            assert_eq!(reply.value()["error"]["message"], "昵称不能超过30个字");
        }
    }
    assert_eq!(
        post(&app, uri, new_comment(&"名".repeat(30), &"字".repeat(1000), "ok-1")).await.status,
        StatusCode::CREATED
    );

    // A parent on another article is not a parent here.
    let other = post(&app, "/api/articles/1002/comments", new_comment("甲", "别处的评论", "p-1")).await.comment();
    assert_error(
        &post(&app, uri, reply_to(&other.id, "串门", "v2")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_parent",
    );
    assert_eq!(get(&app, "/api/articles/1001/comments").await.page().count, 1, "nothing invalid was stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_are_4xx_json() {
    let dir = TempDir::new("comments", "bodies");
    let app = fixture_app(&dir);
    let uri = "/api/articles/1001/comments";

    let huge = new_comment("小王", &"字".repeat(6000), "big-1").to_string().into_bytes();
    assert!(huge.len() > 16 * 1024);
    assert_error(&send(&app, Method::POST, uri, huge.clone(), None).await, StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    let like = "/api/comments/1/like";
    assert_error(&send(&app, Method::POST, like, huge, None).await, StatusCode::PAYLOAD_TOO_LARGE, "too_large");

    for body in [
        &b"{"[..],
        b"",
        b"[]",
        b"\"text\"",
        b"null",
        b"{\"author\": 5, \"content\": \"x\", \"client_id\": \"a\"}",
        b"\xff\xfe",
    ] {
        let reply = send(&app, Method::POST, uri, body.to_vec(), None).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request");
    }
    let form = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("author=a&content=b"))
        .expect("request");
    let response = app.clone().oneshot(form).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "forms cannot post comments");

    assert_error(
        &post(&app, "/api/articles/9999/comments", new_comment("a", "b", "c")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    for (method, path) in [(Method::PUT, uri), (Method::DELETE, uri), (Method::GET, like), (Method::PUT, like)] {
        let reply = send(&app, method.clone(), path, Vec::new(), None).await;
        assert_error(&reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    }
    assert_eq!(get(&app, "/api/articles/1001/comments").await.page().count, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_article_refuses_posts() {
    let dir = TempDir::new("comments", "closed");
    let app = fixture_app(&dir);
    let reply = post(&app, "/api/articles/1005/comments", new_comment("小王", "能评论吗", "closed-1")).await;
    assert_error(&reply, StatusCode::FORBIDDEN, "closed");
    assert_eq!(reply.value()["error"]["message"], "本文已关闭评论");
    let page = get(&app, "/api/articles/1005/comments").await.page();
    assert_eq!(page.total, 0, "the list still answers");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_client_id_is_stored_once() {
    let dir = TempDir::new("comments", "idempotent");
    let app = fixture_app(&dir);
    let uri = "/api/articles/1001/comments";
    let first = post(&app, uri, new_comment("小王", "第一次", "retry-1")).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = post(&app, uri, new_comment("小王", "网络重试时文字变了", "retry-1")).await;
    assert_eq!(again.status, StatusCode::OK, "a replay is not a new resource");
    assert_eq!(again.comment(), first.comment(), "the stored comment, unchanged");
    assert_eq!(get(&app, uri).await.page().count, 1);

    // Client ids are per article.
    let elsewhere = post(&app, "/api/articles/1002/comments", new_comment("小王", "另一篇", "retry-1")).await;
    assert_eq!(elsewhere.status, StatusCode::CREATED);
    assert_ne!(elsewhere.comment().id, first.comment().id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn likes_count_once_per_reader() {
    let dir = TempDir::new("comments", "likes");
    let app = fixture_app(&dir);
    let comment = post(&app, "/api/articles/1001/comments", new_comment("小王", "点赞我", "like-1")).await.comment();
    let uri = format!("/api/comments/{}/like", comment.id);
    let act = |method: Method, reader: &str| {
        let (app, uri, body) = (app.clone(), uri.clone(), json!({"client_id": reader}).to_string().into_bytes());
        async move { send(&app, method, &uri, body, None).await }
    };
    let likes = |reply: Reply| {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.value()["likes"].as_u64().expect("likes")
    };
    assert_eq!(likes(act(Method::POST, "reader-a").await), 1);
    assert_eq!(likes(act(Method::POST, "reader-a").await), 1, "liking twice counts once");
    assert_eq!(likes(act(Method::POST, "reader-b").await), 2);
    assert_eq!(likes(act(Method::DELETE, "reader-a").await), 1);
    assert_eq!(likes(act(Method::DELETE, "reader-a").await), 1, "unliking is idempotent too");
    assert_eq!(likes(act(Method::DELETE, "reader-c").await), 1, "never liked: nothing to take back");
    assert_eq!(get(&app, "/api/articles/1001/comments").await.page().items[0].likes, 1);

    assert_error(&act(Method::POST, "bad id").await, StatusCode::UNPROCESSABLE_ENTITY, "bad_client_id");
    let missing = send(&app, Method::POST, &uri, b"{}".to_vec(), None).await;
    assert_error(&missing, StatusCode::UNPROCESSABLE_ENTITY, "bad_client_id");
    assert_error(&send(&app, Method::POST, &uri, b"{".to_vec(), None).await, StatusCode::BAD_REQUEST, "bad_request");
    for unknown in ["999999", "abc", "-1"] {
        let reply =
            send(&app, Method::POST, &format!("/api/comments/{unknown}/like"), b"{\"client_id\":\"r\"}".to_vec(), None)
                .await;
        assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_per_address_spares_replays() {
    let dir = TempDir::new("comments", "rate");
    let app = app_with(
        fixtures_with_closed_article(&dir),
        &dir,
        false,
        CommentSettings { moderate: false, rate_limit: 3, ..CommentSettings::default() },
    );
    let uri = "/api/articles/1001/comments";
    let a = IpAddr::from([203, 0, 113, 9]);
    for i in 0..3 {
        let reply = post_from(&app, uri, new_comment("小王", &format!("第{i}条"), &format!("rl-{i}")), a).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        assert_eq!(reply.comment().region, None, "without an IP database even a public address has none");
    }
    let limited = post_from(&app, uri, new_comment("小王", "第四条", "rl-3"), a).await;
    assert_error(&limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert_eq!(limited.value()["error"]["message"], "评论太频繁，请稍后再试");
    let replay = post_from(&app, uri, new_comment("小王", "第0条", "rl-0"), a).await;
    assert_eq!(replay.status, StatusCode::OK, "a retry of an accepted post is not limited");
    let other = post_from(&app, uri, new_comment("小李", "我是别人", "rl-b"), IpAddr::from([198, 51, 100, 2])).await;
    assert_eq!(other.status, StatusCode::CREATED, "the limit is per client address");
    assert_eq!(get(&app, uri).await.page().count, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderated_comments_are_pending_and_hidden() {
    let dir = TempDir::new("comments", "moderate");
    let app = app_with(
        fixtures_with_closed_article(&dir),
        &dir,
        false,
        CommentSettings { moderate: true, rate_limit: 0, ..CommentSettings::default() },
    );
    let uri = "/api/articles/1001/comments";
    let reply = post(&app, uri, new_comment("小王", "等待审核", "mod-1")).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let pending = reply.comment();
    assert_eq!(pending.status, CommentStatus::Pending);
    assert_eq!(reply.value()["status"], "pending");
    let page = get(&app, uri).await.page();
    assert_eq!((page.total, page.count, page.items.len()), (0, 0, 0));
    assert_eq!(comment_count(&app, "1001").await, Some(0));

    let replay = post(&app, uri, new_comment("小王", "等待审核", "mod-1")).await;
    assert_eq!((replay.status, replay.comment().status), (StatusCode::OK, CommentStatus::Pending));
    let like = send(
        &app,
        Method::POST,
        &format!("/api/comments/{}/like", pending.id),
        b"{\"client_id\":\"r\"}".to_vec(),
        None,
    )
    .await;
    assert_error(&like, StatusCode::NOT_FOUND, "not_found");
    assert_error(
        &post(&app, uri, reply_to(&pending.id, "回复", "mod-2")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_parent",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comments_and_likes_survive_a_restart_and_the_seed_runs_once() {
    let dir = TempDir::new("comments", "restart");
    let uri = "/api/articles/1001/comments";
    let posted = {
        let app = app_with(content(DEMO), &dir, true, CommentSettings::default());
        assert_eq!(get(&app, uri).await.page().count, SEED_1001_ALL);
        let posted = post(&app, uri, new_comment("小王", "重启后还在吗", "durable-1")).await.comment();
        let like = format!("/api/comments/{}/like", posted.id);
        assert_eq!(
            send(&app, Method::POST, &like, b"{\"client_id\":\"r1\"}".to_vec(), None).await.status,
            StatusCode::OK
        );
        posted
    }; // The router and with it the store's connection are dropped here.

    let app = app_with(content(DEMO), &dir, true, CommentSettings::default());
    let page = get(&app, uri).await.page();
    assert_eq!((page.total, page.count), (SEED_1001_TOP + 1, SEED_1001_ALL + 1), "seeded once, post kept");
    let again = page.items.iter().find(|c| c.id == posted.id).expect("the post survived");
    assert_eq!((again.content.as_str(), again.likes), ("重启后还在吗", 1));
    let like = format!("/api/comments/{}/like", posted.id);
    let reply = send(&app, Method::POST, &like, b"{\"client_id\":\"r1\"}".to_vec(), None).await;
    assert_eq!(reply.value()["likes"], 1, "the reader's like is remembered too");
    let replay = post(&app, uri, new_comment("小王", "重启后还在吗", "durable-1")).await;
    assert_eq!((replay.status, replay.comment().id), (StatusCode::OK, posted.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_posts_store_each_client_id_once() {
    let dir = TempDir::new("comments", "concurrent");
    let app = fixture_app(&dir);
    let uri = "/api/articles/1001/comments";
    let mut tasks = Vec::new();
    for i in 0..60 {
        let app = app.clone();
        let client_id = if i < 50 { format!("many-{i}") } else { "the-same-one".to_string() };
        tasks.push(tokio::spawn(async move {
            let reply = post(&app, uri, new_comment("并发", &format!("第{i}条"), &client_id)).await;
            (i, reply.status, reply.comment().id)
        }));
    }
    let mut same_ids = Vec::new();
    for task in tasks {
        let (i, status, id) = task.await.expect("task");
        assert!(status == StatusCode::CREATED || (i >= 50 && status == StatusCode::OK), "post {i}: {status}");
        if i >= 50 {
            same_ids.push(id);
        }
    }
    same_ids.dedup();
    assert_eq!(same_ids.len(), 1, "every retry got the one stored comment");
    let page = get(&app, &format!("{uri}?per_page=100")).await.page();
    assert_eq!((page.total, page.count, page.items.len()), (51, 51, 51));
}

/// Through a real socket: the address comes from the connection, as in `main`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_connection_supplies_the_client_address() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = TempDir::new("comments", "socket");
    let app = app_with(
        fixtures_with_closed_article(&dir),
        &dir,
        false,
        CommentSettings { moderate: false, rate_limit: 1, ..CommentSettings::default() },
    );
    let server = support::serve(app).await;
    let addr = server.addr;

    let post_raw = |client_id: &'static str| async move {
        let body = new_comment("小王", "从网络来", client_id).to_string();
        let request = format!(
            "POST /api/articles/1001/comments HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.expect("read");
        answer
    };
    let first = post_raw("net-1").await;
    assert!(first.starts_with("HTTP/1.1 201"), "{first}");
    assert!(first.contains("\"content\":\"从网络来\"") && !first.contains("\"region\""), "{first}");
    let second = post_raw("net-2").await;
    assert!(second.starts_with("HTTP/1.1 429"), "limited by the connection's address: {second}");
    drop(server);
}

/// The reason a comment is held, as stored for the editor.
fn held_reason(dir: &TempDir, id: &str) -> Option<String> {
    let rows = dir.sql("SELECT held_reason FROM comments WHERE id = $1", &[support::id(id)]);
    rows.first().expect("the comment's row").get(0).expect("a reason or NULL")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sensitive_word_holds_the_comment_without_telling_the_reader_which() {
    let dir = TempDir::new("comments", "words");
    let words = news_server::WordList::new(["金融诈骗", "scam"]).expect("list");
    let settings =
        CommentSettings { moderate: false, rate_limit: 0, words: Some(Arc::new(words)), ..CommentSettings::default() };
    let app = app_with(fixtures_with_closed_article(&dir), &dir, false, settings.clone());
    let uri = "/api/articles/1001/comments";

    let fine = post(&app, uri, new_comment("小王", "金融市场很平稳", "w-0")).await;
    assert_eq!((fine.status, fine.comment().status), (StatusCode::CREATED, CommentStatus::Published));
    assert_eq!(held_reason(&dir, &fine.comment().id), None);

    for (n, (author, content, word)) in [
        ("小王", "小心金\n融 诈-骗", "金融诈骗"),
        ("小王", "what a Ｓ.Ｃ.Ａ.Ｍ", "scam"),
        ("金 融 诈 骗", "昵称里有", "金融诈骗"),
    ]
    .into_iter()
    .enumerate()
    {
        let reply = post(&app, uri, new_comment(author, content, &format!("w-{}", n + 1))).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        assert_eq!(reply.value()["status"], "pending", "{content}");
        let held = reply.comment();
        assert_eq!(held_reason(&dir, &held.id).as_deref(), Some(format!("word:{word}").as_str()));
        for answer in
            [reply.text(), post(&app, uri, new_comment(author, content, &format!("w-{}", n + 1))).await.text()]
        {
            assert!(!answer.contains(word) && !answer.contains("word:"), "the reason leaks: {answer}");
        }
    }
    let listing = get(&app, uri).await;
    let page = listing.page();
    assert_eq!((page.total, page.count), (1, 1), "only the innocent comment is listed");
    assert!(!listing.text().contains("诈") && !listing.text().contains("word:"), "{}", listing.text());
    assert_eq!(comment_count(&app, "1001").await, Some(1));

    // With moderation on, every comment is held, and the reason says whether a word did it.
    let moderated =
        app_with(fixtures_with_closed_article(&dir), &dir, false, CommentSettings { moderate: true, ..settings });
    let plain = post(&moderated, uri, new_comment("小李", "普通评论", "m-1")).await.comment();
    let worded = post(&moderated, uri, new_comment("小李", "scam!", "m-2")).await.comment();
    assert_eq!((plain.status, worded.status), (CommentStatus::Pending, CommentStatus::Pending));
    assert_eq!(held_reason(&dir, &plain.id).as_deref(), Some("moderation"));
    assert_eq!(held_reason(&dir, &worded.id).as_deref(), Some("word:scam"));
}

/// Walks an article's comments page by page with the cursors the pages give.
async fn walk(app: &Router, uri: &str, sort: &str, mut between_pages: impl FnMut(usize) -> Option<Value>) -> Vec<CommentPage> {
    let mut pages = vec![get(app, &format!("{uri}?sort={sort}&per_page=4")).await.page()];
    while let Some(cursor) = pages.last().and_then(|p| p.next_cursor.clone()) {
        if let Some(body) = between_pages(pages.len()) {
            assert_eq!(post(app, uri, body).await.status, StatusCode::CREATED);
        }
        pages.push(get(app, &format!("{uri}?sort={sort}&per_page=4&cursor={cursor}")).await.page());
    }
    pages
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cursors_show_every_comment_once_in_every_sort_even_while_others_are_posted() {
    let dir = TempDir::new("comments", "cursors");
    let app = fixture_app(&dir);
    let uri = "/api/articles/1001/comments";
    let mut before = Vec::new();
    for i in 0..14 {
        before.push(post(&app, uri, new_comment("甲", &format!("第{i}条"), &format!("walk-{i}"))).await.comment().id);
    }
    // Two pinned comments head every sort, the one pinned last first.
    dir.sql("UPDATE comments SET pin_rank = 1 WHERE id = $1", &[support::id(&before[5])]);
    dir.sql("UPDATE comments SET pin_rank = 2 WHERE id = $1", &[support::id(&before[9])]);
    let reply = post(&app, uri, reply_to(&before[2], "回复不占一页的位置", "walk-reply")).await.comment();

    for sort in ["newest", "oldest", "hot"] {
        let pages = walk(&app, uri, sort, |n| Some(new_comment("乙", &format!("{sort}翻页时新发的第{n}条"), &format!("{sort}-{n}")))).await;
        let seen: Vec<String> = pages.iter().flat_map(|p| p.items.iter().map(|c| c.id.clone())).collect();
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "{sort}: no comment shown twice: {seen:?}");
        assert!(before.iter().all(|id| unique.contains(id)), "{sort}: every earlier comment shown: {seen:?}");
        assert_eq!(&seen[..2], &[before[9].clone(), before[5].clone()], "{sort}: pinned first");
        assert!(!seen.contains(&reply.id), "{sort}: a reply comes with its thread, not as a page item");
        let numbers: Vec<u32> = pages.iter().map(|p| p.page).collect();
        assert_eq!(numbers, (1..=pages.len() as u32).collect::<Vec<_>>(), "{sort}: pages count up");
        let last = pages.last().expect("a page");
        assert_eq!(last.next_cursor, None, "{sort}: the last page says so");
    }
    // 最早: what was posted during the walk comes at its end, each once.
    let oldest = walk(&app, uri, "oldest", |_| None).await;
    let ids: Vec<String> = oldest.iter().flat_map(|p| p.items.iter().map(|c| c.id.clone())).collect();
    assert_eq!(ids.len(), oldest[0].total as usize, "the walk shows every top-level comment");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cursor_that_no_page_gave_is_refused() {
    let dir = TempDir::new("comments", "bad-cursor");
    let app = fixture_app(&dir);
    let uri = "/api/articles/1001/comments";
    for i in 0..5 {
        post(&app, uri, new_comment("甲", &format!("第{i}条"), &format!("c-{i}"))).await;
    }
    let first = get(&app, &format!("{uri}?per_page=2")).await.page();
    let cursor = first.next_cursor.expect("a second page");
    let hot = get(&app, &format!("{uri}?per_page=2&sort=hot&cursor={cursor}")).await;
    assert_error(&hot, StatusCode::BAD_REQUEST, "bad_request");
    for made_up in ["", "x", "n.1.2", "n.a.0.1.2", "n.1.0.1.2.3", "p.1", "n.-1.0.1.2"] {
        let reply = get(&app, &format!("{uri}?per_page=2&cursor={made_up}")).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request");
    }
    let second = get(&app, &format!("{uri}?per_page=2&page=9&cursor={cursor}")).await.page();
    assert_eq!(second.page, 2, "a cursor wins over a page number");
}
