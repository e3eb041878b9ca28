//! The write rules (content type, origin), the client address behind proxies, like limits,
//! response headers and IP 属地, through the router as the server runs it.

mod support;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use news_server::{load_content, parse_origin, router, AppState, CommentSettings, SecuritySettings};
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
    let comments = support::fresh_store();
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

/// A published comment on article 1001, posted from loopback; its id.
async fn posted(app: &Router, client_id: &str) -> String {
    let reply = send(app, Method::POST, POSTS, &[JSON], &comment(client_id), LOCAL).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.body["id"].as_str().expect("id").to_string()
}

async fn like_as(app: &Router, comment: &str, reader: &str, from: IpAddr) -> Reply {
    let body = json!({ "client_id": reader }).to_string();
    send(app, Method::POST, &format!("/api/comments/{comment}/like"), &[JSON], &body, from).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn likes_are_bounded_per_address_per_comment() {
    let settings = CommentSettings { likes_per_address: 3, like_rate_limit: 0, ..no_limits() };
    let app = router(state(settings, SecuritySettings::default()), None);
    let id = posted(&app, "lk-1").await;
    let home = IpAddr::from([203, 0, 113, 5]);
    for (n, reader) in ["a", "b", "c"].iter().enumerate() {
        let reply = like_as(&app, &id, reader, home).await;
        assert_eq!((reply.status, reply.body["likes"].as_u64()), (StatusCode::OK, Some(n as u64 + 1)));
    }
    let fourth = like_as(&app, &id, "d", home).await;
    assert_eq!((fourth.status, fourth.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_likes"));
    let again = like_as(&app, &id, "a", home).await;
    assert_eq!((again.status, again.body["likes"].as_u64()), (StatusCode::OK, Some(3)), "a repeat is still answered");
    let v6 = |last: &str| format!("2001:db8:5:6::{last}").parse::<IpAddr>().expect("v6");
    for (reader, last) in [("e", "1"), ("f", "2"), ("g", "3")] {
        assert_eq!(like_as(&app, &id, reader, v6(last)).await.status, StatusCode::OK);
    }
    assert_eq!(like_as(&app, &id, "h", v6("ff")).await.code(), "too_many_likes", "one /64 is one address");
    let elsewhere = like_as(&app, &id, "d", IpAddr::from([198, 51, 100, 9])).await;
    assert_eq!((elsewhere.status, elsewhere.body["likes"].as_u64()), (StatusCode::OK, Some(7)));
    let other_comment = posted(&app, "lk-2").await;
    assert_eq!(like_as(&app, &other_comment, "d", home).await.status, StatusCode::OK, "the bound is per comment");

    let unlike =
        send(&app, Method::DELETE, &format!("/api/comments/{id}/like"), &[JSON], r#"{"client_id":"a"}"#, home).await;
    assert_eq!(unlike.body["likes"].as_u64(), Some(6));
    assert_eq!(
        like_as(&app, &id, "i", home).await.body["likes"].as_u64(),
        Some(7),
        "a taken-back like frees its place"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn likes_are_rate_limited_per_address_and_per_reader() {
    let settings = CommentSettings { like_rate_limit: 2, likes_per_address: 0, ..no_limits() };
    let app = router(state(settings, SecuritySettings::default()), None);
    let ids = [posted(&app, "rl-1").await, posted(&app, "rl-2").await, posted(&app, "rl-3").await];
    let a = IpAddr::from([203, 0, 113, 5]);
    assert_eq!(like_as(&app, &ids[0], "r1", a).await.status, StatusCode::OK);
    assert_eq!(like_as(&app, &ids[1], "r2", a).await.status, StatusCode::OK);
    let third = like_as(&app, &ids[2], "r3", a).await;
    assert_eq!((third.status, third.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"), "per address");

    let reader = "roaming";
    assert_eq!(like_as(&app, &ids[0], reader, IpAddr::from([198, 51, 100, 1])).await.status, StatusCode::OK);
    assert_eq!(like_as(&app, &ids[1], reader, IpAddr::from([198, 51, 100, 2])).await.status, StatusCode::OK);
    let moved = like_as(&app, &ids[2], reader, IpAddr::from([198, 51, 100, 3])).await;
    assert_eq!((moved.status, moved.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"), "per reader id");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_limit_is_per_reader_address() {
    let proxy = news_server::parse_proxy("10.0.0.0/8").expect("cidr");
    let settings = CommentSettings { rate_limit: 1, ..CommentSettings::default() };
    let app = router(
        state(settings.clone(), SecuritySettings { trusted_proxies: vec![proxy], ..SecuritySettings::default() }),
        None,
    );
    let proxy_peer = IpAddr::from([10, 0, 0, 2]);
    let from = |client: &'static str| [JSON, ("x-forwarded-for", client)];
    let first = send(&app, Method::POST, POSTS, &from("203.0.113.1"), &comment("px-1"), proxy_peer).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let second = send(&app, Method::POST, POSTS, &from("203.0.113.2"), &comment("px-2"), proxy_peer).await;
    assert_eq!(second.status, StatusCode::CREATED, "another reader behind the same proxy");
    let spoof =
        send(&app, Method::POST, POSTS, &from("198.51.100.77, 203.0.113.1"), &comment("px-3"), proxy_peer).await;
    assert_eq!(spoof.status, StatusCode::TOO_MANY_REQUESTS, "a made-up left entry does not hide the real address");

    let untrusted = router(state(settings, SecuritySettings::default()), None);
    let direct = IpAddr::from([198, 51, 100, 1]);
    let one = send(&untrusted, Method::POST, POSTS, &from("203.0.113.1"), &comment("dx-1"), direct).await;
    assert_eq!(one.status, StatusCode::CREATED);
    let two = send(&untrusted, Method::POST, POSTS, &from("203.0.113.2"), &comment("dx-2"), direct).await;
    assert_eq!(two.status, StatusCode::TOO_MANY_REQUESTS, "without --trusted-proxy the header changes nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bidi_controls_and_invisible_characters_are_refused() {
    let app = router(state(no_limits(), SecuritySettings::default()), None);
    let post = |author: &str, content: &str, id: &str| {
        json!({"author": author, "content": content, "client_id": id}).to_string()
    };
    let cases = [
        (post("admin\u{202E}nimda", "好", "h-1"), "name_hidden_characters", "昵称不能含有不可见字符或文字方向控制符"),
        (post("小\u{200B}王", "好", "h-2"), "name_hidden_characters", "昵称不能含有不可见字符或文字方向控制符"),
        (post("小王", "看\u{2067}这里", "h-3"), "content_hidden_characters", "评论不能含有不可见字符或文字方向控制符"),
        (post("小王", "\u{FEFF}好", "h-4"), "content_hidden_characters", "评论不能含有不可见字符或文字方向控制符"),
    ];
    for (body, code, message) in cases {
        let reply = send(&app, Method::POST, POSTS, &[JSON], &body, LOCAL).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::UNPROCESSABLE_ENTITY, code), "{body}");
        assert_eq!(reply.body["error"]["message"], message);
    }
    let family =
        send(&app, Method::POST, POSTS, &[JSON], &post("👨\u{200D}👩\u{200D}👧", "一家人", "h-5"), LOCAL).await;
    assert_eq!(family.status, StatusCode::CREATED, "ZWJ inside an emoji sequence: {}", family.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_has_security_headers_and_pages_name_their_scripts() {
    let dist = std::env::temp_dir().join(format!("news-security-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).expect("dist");
    let page = "<html><head><script type=\"module\">import init from '/app.js';init();</script>\
                <script src=\"/app.js\"></script><script>boot()</script></head><body style=\"margin:0\"></body></html>";
    std::fs::write(dist.join("index.html"), page).expect("index");
    std::fs::write(dist.join("embed.html"), page).expect("embed");
    let security = SecuritySettings {
        allow_origins: vec![parse_origin("https://friend.example").expect("origin")],
        ..SecuritySettings::default()
    };
    let app = router(state(no_limits(), security), Some(dist.clone()));
    let header = |reply: &Reply, name: header::HeaderName| {
        reply.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
    };
    // sha256 of the two inline scripts' text, base64, computed independently.
    let hashes = [
        "'sha256-T+ylCkYq0767Isr1Nq0O+gUk6Htau7LxkEACEvlTOAE='",
        "'sha256-MeZS89WlF0u+o0hCvHTBt4q1WHU+U+sJKgbdRUc36mY='",
    ];

    for path in ["/", "/articles/1001", "/index.html"] {
        let reply = send(&app, Method::GET, path, &[], "", LOCAL).await;
        let csp = header(&reply, header::CONTENT_SECURITY_POLICY);
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' "), "{path}: {csp}");
        assert!(hashes.iter().all(|h| csp.contains(h)), "{path}: {csp}");
        assert!(csp.ends_with("frame-ancestors 'self'"), "{path}: {csp}");
        assert_eq!(header(&reply, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(header(&reply, header::REFERRER_POLICY), "strict-origin-when-cross-origin");
    }
    let embed = send(&app, Method::GET, "/embed.html", &[], "", LOCAL).await;
    assert!(header(&embed, header::CONTENT_SECURITY_POLICY).ends_with("frame-ancestors 'self' https://friend.example"));

    let site = send(&app, Method::GET, "/api/site", &[], "", LOCAL).await;
    assert_eq!(header(&site, header::CONTENT_SECURITY_POLICY), "default-src 'none'; frame-ancestors 'none'");
    assert_eq!(header(&site, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(header(&site, header::CACHE_CONTROL), "no-cache");
    let listed = send(&app, Method::GET, POSTS, &[], "", LOCAL).await;
    assert_eq!(header(&listed, header::CACHE_CONTROL), "no-cache");
    let posted = send(&app, Method::POST, POSTS, &[JSON], &comment("hd-1"), LOCAL).await;
    assert_eq!((posted.status, header(&posted, header::CACHE_CONTROL)), (StatusCode::CREATED, "no-store".into()));
    let refused = send(&app, Method::POST, POSTS, &[], &comment("hd-2"), LOCAL).await;
    assert_eq!(header(&refused, header::CACHE_CONTROL), "no-store");
    let media = send(&app, Method::GET, "/api/media/missing.svg", &[], "", LOCAL).await;
    assert_eq!(header(&media, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    let _ = std::fs::remove_dir_all(&dist);
}
