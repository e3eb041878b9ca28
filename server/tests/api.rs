//! The API, media and SPA fallback, exercised in-process against small fixture content.

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use news_model::{Article, ItemList, Page, Site, Summary};
use news_server::{load_content, router, router_at, AppState, BasePath, CommentSettings, Store};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");

fn store() -> Arc<Store> {
    Arc::new(load_content(Path::new(FIXTURES)).expect("fixture content loads"))
}

/// The fixture content with an empty in-memory comment store.
fn state_of(store: Arc<Store>) -> AppState {
    let comments = support::fresh_store();
    AppState::new(store, Arc::new(comments), CommentSettings::default())
}

fn state() -> AppState {
    state_of(store())
}

fn app() -> Router {
    router(state(), None)
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json<T: news_model::decode::Decode>(&self) -> T {
        news_model::decode::from_str(&self.text()).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(&name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn get(app: &Router, uri: &str) -> Reply {
    let request = Request::get(uri).body(Body::empty()).expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    Reply { status, headers, body }
}

fn ids(items: &[Summary]) -> Vec<&str> {
    items.iter().map(|s| s.id.as_str()).collect()
}

fn assert_api_headers(reply: &Reply) {
    assert_eq!(reply.header(header::CONTENT_TYPE), "application/json; charset=utf-8");
    assert_eq!(reply.header(header::CACHE_CONTROL), "no-cache");
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_api_headers(reply);
    let body: Value = reply.json();
    assert_eq!(body["error"]["code"], code);
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site() {
    let reply = get(&app(), "/api/site").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_api_headers(&reply);
    let site: Site = reply.json();
    assert_eq!(site.name, "测试新闻网");
    assert_eq!(site.footer.map(|f| f.icp.len()), Some(1));
    let channels: Vec<_> = site.channels.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    assert_eq!(channels, [("local", "本地"), ("world", "国际")], "in the order site.json lists them");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_is_newest_first_and_paged() {
    let app = app();
    let reply = get(&app, "/api/articles").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_api_headers(&reply);
    let page: Page<Summary> = reply.json();
    assert_eq!((page.page, page.per_page, page.total), (1, 10, 4));
    // 1004 (09:00Z) is newer than 1001 (16:43+08:00 = 08:43Z): compared as instants, not text.
    assert_eq!(ids(&page.items), ["1003", "1004", "1001", "1002"]);

    let first = &page.items[2];
    assert_eq!(first.title, "港口迎来今年第一艘邮轮");
    assert_eq!(first.source.as_deref(), Some("海滨日报"));
    assert_eq!(first.summary.as_deref(), Some("邮轮今晨靠港。"));
    assert_eq!(first.published_at.as_deref(), Some("2022-04-11T16:43:04+08:00"));
    assert_eq!(first.thumbnail.as_ref().map(|t| t.url.as_str()), Some("/api/media/harbor.svg"));
    assert_eq!(first.url, None);

    let page: Page<Summary> = get(&app, "/api/articles?page=2&per_page=2").await.json();
    assert_eq!((page.page, page.per_page, page.total), (2, 2, 4));
    assert_eq!(ids(&page.items), ["1001", "1002"]);

    let reply = get(&app, "/api/articles?page=3&per_page=2").await;
    assert_eq!(reply.status, StatusCode::OK);
    let page: Page<Summary> = reply.json();
    assert!(page.items.is_empty());
    assert_eq!(page.total, 4);

    let page: Page<Summary> = get(&app, "/api/articles?per_page=500").await.json();
    assert_eq!(page.per_page, 50, "per_page is capped");
    assert_eq!(page.items.len(), 4);

    let page: Page<Summary> = get(&app, "/api/articles?page=4000000000").await.json();
    assert!(page.items.is_empty(), "huge pages do not overflow");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channel_list_is_filtered_and_paged() {
    let app = app();
    let reply = get(&app, "/api/articles?channel=local").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_api_headers(&reply);
    let page: Page<Summary> = reply.json();
    assert_eq!((page.page, page.per_page, page.total), (1, 10, 3), "total counts the channel only");
    assert_eq!(ids(&page.items), ["1004", "1001", "1002"], "newest first, 1003 (国际) left out");

    let page: Page<Summary> = get(&app, "/api/articles?channel=local&page=2&per_page=2").await.json();
    assert_eq!((page.page, page.per_page, page.total), (2, 2, 3));
    assert_eq!(ids(&page.items), ["1002"], "paged within the channel");
    let page: Page<Summary> = get(&app, "/api/articles?page=1&per_page=2&channel=world").await.json();
    assert_eq!((ids(&page.items), page.total), (vec!["1003"], 1), "parameter order does not matter");
    let page: Page<Summary> = get(&app, "/api/articles?channel=local&page=3&per_page=2").await.json();
    assert_eq!((page.items.len(), page.total), (0, 3), "past the channel's end: empty, same total");

    // An unknown channel (a name is not an id, ids are case-sensitive) is an empty list, not an
    // error: a tab may outlive its channel.
    for uri in
        ["/api/articles?channel=sport", "/api/articles?channel=%E6%9C%AC%E5%9C%B0", "/api/articles?channel=LOCAL"]
    {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        let page: Page<Summary> = reply.json();
        assert_eq!((page.items.len(), page.total), (0, 0), "{uri}");
    }
    // An empty channel is no filter.
    let page: Page<Summary> = get(&app, "/api/articles?channel=&per_page=2").await.json();
    assert_eq!((ids(&page.items), page.total), (vec!["1003", "1004"], 4));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_rejects_bad_params() {
    let app = app();
    for uri in [
        "/api/articles?page=abc",
        "/api/articles?page=0",
        "/api/articles?page=-1",
        "/api/articles?page=",
        "/api/articles?per_page=0",
        "/api/articles?per_page=1.5",
        "/api/articles?page=99999999999",
        "/api/articles?page=1&page=2",
        "/api/articles?channel=local&channel=world",
        "/api/articles?channel=local&page=0",
    ] {
        let reply = get(&app, uri).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn article_has_related_prev_next() {
    let reply = get(&app(), "/api/articles/1001").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_api_headers(&reply);
    let raw: Value = reply.json();
    assert!(raw.get("related_ids").is_none(), "content-only key is not served");
    let article: Article = reply.json();
    assert_eq!(article.title, "港口迎来今年第一艘邮轮");
    assert_eq!(article.channel.map(|c| c.name), Some("本地".into()));
    let related = article.related.expect("related from related_ids");
    assert_eq!(ids(&related), ["1002", "1003"], "in the order the content lists them");
    assert_eq!(related[0].title, "老城区道路改造完工");
    assert_eq!(article.prev.map(|s| s.id), Some("1002".into()), "prev is the older neighbour");
    assert_eq!(article.next.map(|s| s.id), Some("1004".into()), "next is the newer neighbour");
    assert_eq!(article.comment_count, Some(0));
    assert!(article.comments_open);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn article_ends_have_one_neighbour_and_no_related() {
    let app = app();
    let newest: Value = get(&app, "/api/articles/1003").await.json();
    assert!(newest.get("next").is_none());
    assert_eq!(newest["prev"]["id"], "1004");
    assert!(newest.get("related").is_none(), "no related_ids: field omitted so the client asks /related");

    let oldest: Article = get(&app, "/api/articles/1002").await.json();
    assert_eq!(oldest.prev, None);
    assert_eq!(oldest.next.map(|s| s.id), Some("1001".into()));
    assert_eq!(oldest.related, None, "empty related_ids is omitted too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn related_endpoint_and_fallbacks() {
    let app = app();
    // Listed explicitly.
    let list: ItemList<Summary> = get(&app, "/api/articles/1001/related").await.json();
    assert_eq!(ids(&list.items), ["1002", "1003"]);
    // No related_ids: newest of the same channel, never itself.
    let reply = get(&app, "/api/articles/1002/related").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_api_headers(&reply);
    let list: ItemList<Summary> = reply.json();
    assert_eq!(ids(&list.items), ["1004", "1001"]);
    // Alone in its channel: newest others.
    let list: ItemList<Summary> = get(&app, "/api/articles/1003/related").await.json();
    assert_eq!(ids(&list.items), ["1004", "1001", "1002"]);

    let reply = get(&app, "/api/articles/nope/related").await;
    assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_bodies() {
    let app = app();
    let reply = get(&app, "/api/articles/9999").await;
    assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
    let body: Value = reply.json();
    assert_eq!(body, serde_json::json!({"error": {"code": "not_found", "message": "文章不存在"}}));

    for uri in ["/api/nope", "/api/articles/1001/nope", "/api/articles/1001/related/x", "/api"] {
        let reply = get(&app, uri).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
    }

    let request = Request::post("/api/site").body(Body::empty()).expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_is_served_with_long_cache_and_no_traversal() {
    let app = app();
    let reply = get(&app, "/api/media/harbor.svg").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(header::CONTENT_TYPE), "image/svg+xml");
    assert!(reply.header(header::CACHE_CONTROL).contains("max-age="), "{}", reply.header(header::CACHE_CONTROL));
    assert!(reply.text().starts_with("<svg"));

    for uri in [
        "/api/media/..%2FCargo.toml",
        "/api/media/..%2F..%2FCargo.toml",
        "/api/media/../../Cargo.toml",
        "/api/media/%2E%2E/site.json",
        "/api/media/missing.svg",
        "/api/media/",
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!reply.text().contains("[package]") && !reply.text().contains("测试新闻网"), "{uri} leaked a file");
    }
    assert_error(&get(&app, "/api/media/missing.svg").await, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_when_asked() {
    let request =
        Request::get("/api/articles").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).expect("request");
    let response = app().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get(header::CONTENT_ENCODING).map(|v| v.as_bytes()), Some(&b"gzip"[..]));
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("news-server-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spa_fallback_serves_index_but_not_missing_assets() {
    let dist = temp_dir("dist");
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").expect("write");
    std::fs::write(dist.join("app.js"), "console.log(1)").expect("write");
    let app = router(state(), Some(dist.clone()));

    for uri in ["/", "/articles/1001", "/articles/1001?from=home"] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert!(reply.text().contains("<title>app</title>"), "{uri}");
        assert!(reply.header(header::CONTENT_TYPE).starts_with("text/html"), "{uri}");
    }
    let js = get(&app, "/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(js.text(), "console.log(1)");

    for uri in ["/x.js", "/pkg/app_bg.wasm", "/style.css", "/img/logo.png"] {
        assert_eq!(get(&app, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    // The API keeps its JSON 404s with an app mounted.
    assert_error(&get(&app, "/api/nope").await, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(get(&app, "/api/site").await.status, StatusCode::OK);
    let _ = std::fs::remove_dir_all(dist);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spa_under_a_base_path() {
    let dist = temp_dir("dist-base");
    std::fs::write(dist.join("index.html"), "<!doctype html><base href=\"/news/\"><title>sub</title>").expect("write");
    std::fs::write(dist.join("app.js"), "console.log(2)").expect("write");
    std::fs::write(dist.join("config.json"), "{}").expect("write");
    let base = BasePath::parse("/news/").expect("valid base");
    assert_eq!(base.as_str(), "/news");
    let app = router_at(state(), Some(dist.clone()), &base);

    for uri in ["/news/", "/news/articles/1001", "/news/articles/1001?from=home", "/news/?page=2"] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert!(reply.text().contains("<title>sub</title>"), "{uri}");
        assert!(reply.header(header::CONTENT_TYPE).starts_with("text/html"), "{uri}");
    }
    let js = get(&app, "/news/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(js.text(), "console.log(2)");
    assert_eq!(get(&app, "/news/config.json").await.text(), "{}");

    // The bare base redirects to the slashed one, keeping the query.
    let reply = get(&app, "/news").await;
    assert!(reply.status.is_redirection(), "{}", reply.status);
    assert_eq!(reply.header(header::LOCATION), "/news/");
    assert_eq!(get(&app, "/news?page=2").await.header(header::LOCATION), "/news/?page=2");

    // Missing assets under the base stay 404s; nothing is served outside the base.
    for uri in ["/news/x.js", "/news/pkg/app_bg.wasm", "/", "/app.js", "/articles/1001", "/newsroom", "/newsx/app.js"] {
        assert_eq!(get(&app, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    // The API does not move.
    assert_eq!(get(&app, "/api/site").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/api/articles/1001").await.status, StatusCode::OK);
    assert_error(&get(&app, "/api/nope").await, StatusCode::NOT_FOUND, "not_found");
    // A root base is the plain router.
    assert!(BasePath::parse("/").expect("root").is_root());
    assert!(BasePath::parse("/api").is_err() && BasePath::parse("news").is_err());
    let _ = std::fs::remove_dir_all(dist);
}

/// Copies the fixtures into a temp dir, with `files` (path, text) written over them, and loads it.
fn changed_content(name: &str, files: &[(&str, &str)]) -> Result<Store, String> {
    let dir = temp_dir(name);
    for sub in ["articles", "media"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(Path::new(FIXTURES).join(sub)).expect("fixtures").flatten() {
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).expect("copy");
        }
    }
    std::fs::copy(Path::new(FIXTURES).join("site.json"), dir.join("site.json")).expect("copy");
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("write");
    }
    let result = load_content(&dir);
    let _ = std::fs::remove_dir_all(dir);
    result
}

/// The fixtures with one file broken.
fn broken_content(name: &str, file: &str, text: &str) -> Result<Store, String> {
    changed_content(name, &[(file, text)])
}

#[test]
fn bad_content_names_the_file() {
    let cases = [
        ("json", "articles/1002.json", "{ not json", "1002.json"),
        ("fields", "articles/1002.json", r#"{"id":"1002","title":"t"}"#, "1002.json"),
        (
            "date",
            "articles/1002.json",
            r#"{"id":"1002","title":"t","published_at":"yesterday","body_html":""}"#,
            "published_at",
        ),
        (
            "dup",
            "articles/9.json",
            r#"{"id":"1002","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":""}"#,
            "already used",
        ),
        (
            "rel",
            "articles/1002.json",
            r#"{"id":"1002","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":"","related_ids":["404"]}"#,
            "\"404\"",
        ),
        (
            "self",
            "articles/1002.json",
            r#"{"id":"1002","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":"","related_ids":["1002"]}"#,
            "itself",
        ),
        (
            "media",
            "articles/1002.json",
            r#"{"id":"1002","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":"<img src=\"/api/media/gone.svg\">"}"#,
            "gone.svg",
        ),
        (
            "width",
            "articles/1002.json",
            r#"{"id":"1002","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":"",
                "cover":{"url":"/api/media/harbor.svg","sources":[{"url":"/api/media/harbor-320.svg","width":320}]}}"#,
            "harbor-320.svg",
        ),
        (
            "srcset",
            "articles/1002.json",
            r#"{"id":"1002","title":"t","published_at":"2022-01-01T00:00:00Z",
                "body_html":"<img src=\"/api/media/harbor.svg\" srcset=\"/api/media/harbor.svg 1x, /api/media/gone-2x.svg 2x\">"}"#,
            "gone-2x.svg",
        ),
        (
            "channel",
            "articles/1002.json",
            r#"{"id":"1002","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":"",
                "channel":{"id":"sport","name":"体育"}}"#,
            "\"sport\" is not one of the channels",
        ),
        ("site", "site.json", r#"{"title":"no name"}"#, "site.json"),
        ("logo", "site.json", r#"{"name":"n","logo":"/api/media/nologo.svg"}"#, "nologo.svg"),
        (
            "twice",
            "site.json",
            r#"{"name":"n","channels":[{"id":"local","name":"本地"},{"id":"world","name":"国际"},{"id":"local","name":"又一个"}]}"#,
            "\"local\" is listed twice",
        ),
        ("blank", "site.json", r#"{"name":"n","channels":[{"id":" ","name":"空"}]}"#, "empty id"),
        ("nameless", "site.json", r#"{"name":"n","channels":[{"id":"local"}]}"#, "channels[0].name"),
    ];
    for (name, file, text, expect) in cases {
        let err = broken_content(name, file, text).expect_err(name);
        assert!(err.contains(expect), "{name}: {err}");
        assert!(err.contains(file.rsplit('/').next().unwrap_or(file)), "{name}: error names the file: {err}");
    }
    assert!(load_content(Path::new("/nonexistent/content")).is_err());
}

#[test]
fn channels_are_checked_only_when_the_site_lists_them() {
    let article = r#"{"id":"1005","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":"",
        "channel":{"id":"sport","name":"体育"}}"#;
    // No channels on the site: no tabs, so any channel will do.
    let store = changed_content("no-channels", &[("site.json", r#"{"name":"n"}"#), ("articles/1005.json", article)])
        .expect("a site without channels takes any");
    assert_eq!(store.len(), 5);
    // An article without a channel is only under 全部, whatever the site lists.
    let plain = r#"{"id":"1005","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":""}"#;
    assert_eq!(changed_content("no-channel", &[("articles/1005.json", plain)]).expect("loads").len(), 5);
    let err = changed_content("listed", &[("articles/1005.json", article)]).expect_err("sport is not listed");
    assert!(err.contains("1005.json") && err.contains("site.json") && err.contains("local, world"), "{err}");
}

#[test]
fn image_widths_and_srcset_use_existing_media() {
    let article = r#"{"id":"1005","title":"t","published_at":"2022-01-01T00:00:00Z",
        "cover":{"url":"/api/media/harbor.svg","sources":[{"url":"/api/media/logo.svg","width":64},{"url":"https://cdn.example/h.jpg","width":1280}]},
        "body_html":"<img src=\"/api/media/harbor.svg\" srcset=\"/api/media/harbor.svg, /api/media/logo.svg 2x\">"}"#;
    let store = changed_content("widths", &[("articles/1005.json", article)]).expect("every width is a file");
    let cover = store.articles().find(|a| a.id == "1005").and_then(|a| a.cover.clone()).expect("cover");
    assert_eq!(cover.sources.iter().map(|s| s.width).collect::<Vec<_>>(), [64, 1280]);
}

/// The real demo content (written separately). Skipped until it exists.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_content_loads() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content"));
    if !dir.join("site.json").exists() {
        eprintln!("skipping: {} has no site.json yet", dir.display());
        return;
    }
    let store = load_content(dir).unwrap_or_else(|e| panic!("real content: {e}"));
    assert!(store.len() >= 8, "only {} articles", store.len());
    let channels: std::collections::HashSet<_> =
        store.articles().filter_map(|a| a.channel.as_ref().map(|c| c.id.clone())).collect();
    assert!(channels.len() >= 2, "channels: {channels:?}");

    let listed: Vec<String> = store.site().channels.iter().map(|c| c.id.clone()).collect();
    assert!(channels.iter().all(|c| listed.contains(c)), "site.json lists {listed:?}, articles use {channels:?}");

    let app = router(state_of(Arc::new(store)), None);
    let page: Page<Summary> = get(&app, "/api/articles?per_page=50").await.json();
    assert!(page.total >= 8);
    // Every tab has articles, and the tabs together are the whole list.
    let mut in_tabs = 0;
    for id in &listed {
        let tab: Page<Summary> = get(&app, &format!("/api/articles?channel={id}&per_page=50")).await.json();
        assert!(tab.total >= 1, "channel {id} is empty");
        for summary in &tab.items {
            let article: Article = get(&app, &format!("/api/articles/{}", summary.id)).await.json();
            assert_eq!(article.channel.map(|c| c.id).as_ref(), Some(id), "{} listed under {id}", summary.id);
        }
        in_tabs += tab.total;
    }
    assert_eq!(in_tabs, page.total, "every demo article is under one tab");
    for summary in &page.items {
        let reply = get(&app, &format!("/api/articles/{}", summary.id)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", summary.id);
        let article: Article = reply.json();
        // Every related id resolved to a full summary (load_content also refuses dangling ids).
        for r in article.related.iter().flatten() {
            assert!(!r.title.is_empty(), "{}: related {}", article.id, r.id);
        }
        let related: ItemList<Summary> = get(&app, &format!("/api/articles/{}/related", summary.id)).await.json();
        assert!(!related.items.is_empty(), "{}: nothing related", article.id);
        assert!(related.items.iter().all(|r| r.id != article.id), "{}: related to itself", article.id);
        if let Some(cover) = &article.cover {
            if cover.url.starts_with("/api/media/") {
                assert_eq!(get(&app, &cover.url).await.status, StatusCode::OK, "{}", cover.url);
            }
        }
    }
}
