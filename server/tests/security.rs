//! The write rules (content type, origin), the client address behind proxies, like limits,
//! response headers and IP 属地, through the router as the server runs it.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use news_server::{load_content, parse_origin, router, AppState, CommentSettings, CommentStore, SecuritySettings};
use serde_json::{json, Value};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");
const POSTS: &str = "/api/articles/1001/comments";

fn no_limits() -> CommentSettings {
    CommentSettings { rate_limit: 0, ..CommentSettings::default() }
}

fn state(settings: CommentSettings, security: SecuritySettings) -> AppState {
    let content = Arc::new(load_content(Path::new(FIXTURES)).expect("fixtures load"));
    let comments = CommentStore::open_in_memory(None).expect("memory store");
    AppState::new(content, Arc::new(comments), settings).with_security(security)
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Reply {
    fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }
}

/// A request from `peer` with these headers; the body is JSON text (or empty).
async fn send(app: &Router, method: Method, uri: &str, headers: &[(&str, &str)], body: &str, peer: IpAddr) -> Reply {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let mut request = builder.body(Body::from(body.to_string())).expect("request");
    request.extensions_mut().insert(ConnectInfo(SocketAddr::new(peer, 40_000)));
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply { status, headers, body }
}

fn comment(client_id: &str) -> String {
    json!({"author": "小王", "content": "你好", "client_id": client_id}).to_string()
}

const JSON: (&str, &str) = ("content-type", "application/json");
const LOCAL: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

#[tokio::test]
async fn writes_need_a_json_content_type() {
    let app = router(state(no_limits(), SecuritySettings::default()), None);
    for headers in
        [&[][..], &[("content-type", "text/plain;charset=UTF-8")], &[("content-type", "multipart/form-data")]]
    {
        let reply = send(&app, Method::POST, POSTS, headers, &comment("ct-1"), LOCAL).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"));
    }
    let like = send(&app, Method::POST, "/api/comments/1/like", &[], r#"{"client_id":"r"}"#, LOCAL).await;
    assert_eq!(like.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let unlike = send(&app, Method::DELETE, "/api/comments/1/like", &[], r#"{"client_id":"r"}"#, LOCAL).await;
    assert_eq!(unlike.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let listed = send(&app, Method::GET, POSTS, &[], "", LOCAL).await;
    assert_eq!(listed.body["count"], 0, "nothing was stored");

    let json = send(
        &app,
        Method::POST,
        POSTS,
        &[("content-type", "Application/JSON; charset=utf-8")],
        &comment("ct-2"),
        LOCAL,
    )
    .await;
    assert_eq!(json.status, StatusCode::CREATED, "{}", json.body);
}

#[tokio::test]
async fn cross_site_writes_are_refused_and_counted() {
    let allowed = parse_origin("https://friend.example").expect("origin");
    let app_state =
        state(no_limits(), SecuritySettings { allow_origins: vec![allowed], ..SecuritySettings::default() });
    let app = router(app_state.clone(), None);
    let host = ("host", "news.example");

    let same =
        send(&app, Method::POST, POSTS, &[JSON, host, ("origin", "https://news.example")], &comment("o-1"), LOCAL)
            .await;
    assert_eq!(same.status, StatusCode::CREATED, "same origin: {}", same.body);
    let friend =
        send(&app, Method::POST, POSTS, &[JSON, host, ("origin", "https://friend.example")], &comment("o-2"), LOCAL)
            .await;
    assert_eq!(friend.status, StatusCode::CREATED, "an allowed origin: {}", friend.body);
    let fetch_site =
        send(&app, Method::POST, POSTS, &[JSON, ("sec-fetch-site", "same-origin")], &comment("o-3"), LOCAL).await;
    assert_eq!(fetch_site.status, StatusCode::CREATED);
    let curl = send(&app, Method::POST, POSTS, &[JSON], &comment("o-4"), LOCAL).await;
    assert_eq!(curl.status, StatusCode::CREATED, "no browser headers: curl or a script");
    assert_eq!(app_state.cross_site_refused(), 0);

    let evil = [JSON, host, ("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")];
    let refused = send(&app, Method::POST, POSTS, &evil, &comment("o-5"), LOCAL).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "cross_site"));
    assert_eq!(
        refused.headers.get(header::CONTENT_TYPE).map(|v| v.as_bytes()),
        Some(&b"application/json; charset=utf-8"[..])
    );
    let like = send(&app, Method::POST, "/api/comments/1/like", &evil, r#"{"client_id":"r"}"#, LOCAL).await;
    assert_eq!((like.status, like.code()), (StatusCode::FORBIDDEN, "cross_site"));
    let no_origin =
        send(&app, Method::DELETE, "/api/comments/1/like", &[JSON, ("sec-fetch-site", "same-site")], "{}", LOCAL).await;
    assert_eq!(no_origin.status, StatusCode::FORBIDDEN, "a sibling site is not this origin");
    assert_eq!(app_state.cross_site_refused(), 3);

    let listed = send(&app, Method::GET, POSTS, &[("origin", "https://evil.example")], "", LOCAL).await;
    assert_eq!((listed.status, listed.body["count"].as_u64()), (StatusCode::OK, Some(4)), "reads are not writes");
}
