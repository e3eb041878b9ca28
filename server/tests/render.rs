//! Filled-in pages, read as raw HTML the way a crawler without JavaScript reads them: every
//! head tag, the readable article, the embedded first view, 404s, escaping of hostile content,
//! sitemap/robots/feeds, ETags, dist caching and precompression, `prerender`, and articles
//! from a foreign backend (fast, missing and hung).

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use base64::Engine;
use http_body_util::BodyExt;
use news_server::render::{prerender::prerender, Renderer};
use news_server::{load_content, router, AppState, BasePath, CommentSettings, Store};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
use support::html::Doc;
use support::TempDir;
use tower::ServiceExt;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
const ORIGIN: &str = "https://news.example";
/// The app's real shell, with the boot script Trunk would inline.
const INDEX: &str = include_str!("../../index.html");
const TRUNK_INLINE: &str = r#"<link data-trunk rel="inline" href="src/boot/early.js">"#;

fn shell() -> String {
    assert!(INDEX.contains(TRUNK_INLINE), "index.html still inlines the boot script");
    INDEX.replace(TRUNK_INLINE, "<script>boot()</script>")
}

fn demo() -> Arc<Store> {
    Arc::new(load_content(Path::new(DEMO)).expect("demo content"))
}

/// A built app: the shell and a config.json.
fn dist(name: &str, config: &str) -> TempDir {
    let dir = TempDir::new("render", name);
    std::fs::write(dir.path().join("index.html"), shell()).expect("index");
    std::fs::write(dir.path().join("config.json"), config).expect("config");
    dir
}

fn state(store: Arc<Store>) -> AppState {
    let comments = support::fresh_store();
    AppState::new(store, Arc::new(comments), CommentSettings::default())
        .with_public_origin(ORIGIN)
        .with_fill_pages(true)
}

fn app(store: Arc<Store>, dist: &TempDir) -> Router {
    router(state(store), Some(dist.path().to_path_buf()))
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(&name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
}

async fn get_with(app: &Router, uri: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let response = app.clone().oneshot(request.body(Body::empty()).expect("request")).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    Reply { status, headers, body }
}

async fn get(app: &Router, uri: &str) -> Reply {
    get_with(app, uri, &[]).await
}

fn json_ld(doc: &Doc, kind: &str) -> Value {
    doc.all("script")
        .into_iter()
        .filter(|s| s.attr("type") == Some("application/ld+json"))
        .map(|s| serde_json::from_str::<Value>(&s.text).expect("JSON-LD parses"))
        .find(|v| v["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_page_carries_every_tag_and_the_readable_article() {
    let dist = dist("article", "{}");
    let app = app(demo(), &dist);
    let reply = get(&app, "/articles/1001").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header(header::CONTENT_TYPE).starts_with("text/html"));
    let html = reply.text();
    let doc = Doc::parse(&html);
    let article: Value = serde_json::from_slice(&get(&app, "/api/articles/1001").await.body).expect("api");
    let title = article["title"].as_str().expect("title");
    let summary = article["summary"].as_str().expect("summary");

    // Head.
    assert_eq!(doc.all("html")[0].attr("lang"), Some("zh-CN"));
    let titles = doc.all("title");
    assert_eq!(titles.len(), 1);
    assert_eq!(titles[0].text, format!("{title} - 青澜新闻网"));
    assert_eq!(doc.meta("name", "description").as_deref(), Some(summary));
    let canonical = doc.all("link").into_iter().find(|l| l.attr("rel") == Some("canonical")).expect("canonical");
    assert_eq!(canonical.attr("href"), Some("https://news.example/articles/1001"));
    for (key, name, want) in [
        ("property", "og:type", "article"),
        ("property", "og:title", title),
        ("property", "og:description", summary),
        ("property", "og:url", "https://news.example/articles/1001"),
        ("property", "og:site_name", "青澜新闻网"),
        ("property", "og:image", "https://news.example/api/media/canteen.svg"),
        ("property", "og:image:width", "1200"),
        ("property", "og:image:height", "675"),
        ("property", "og:image:alt", article["cover"]["alt"].as_str().expect("alt")),
        ("property", "article:published_time", "2026-11-27T09:18:36+08:00"),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", summary),
        ("name", "twitter:image", "https://news.example/api/media/canteen.svg"),
    ] {
        assert_eq!(doc.meta(key, name).as_deref(), Some(want), "{name}");
    }
    let news = json_ld(&doc, "NewsArticle");
    assert_eq!(news["headline"], title);
    assert_eq!(news["alternativeHeadline"], article["original_title"]);
    assert_eq!(news["datePublished"], "2026-11-27T09:18:36+08:00");
    assert_eq!(news["dateModified"], "2026-11-27T15:02:10+08:00");
    assert_eq!(news["mainEntityOfPage"], "https://news.example/articles/1001");
    assert_eq!(news["image"][0], "https://news.example/api/media/canteen.svg");
    assert_eq!(news["author"][0]["name"], "陈思远");
    assert_eq!(news["publisher"]["name"], "青澜新闻网");
    let crumbs = json_ld(&doc, "BreadcrumbList");
    let items = crumbs["itemListElement"].as_array().expect("items");
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["item"], "https://news.example/");
    assert_eq!(items[1]["name"], "民生");
    assert_eq!(items[1]["item"], "https://news.example/?channel=livelihood");
    assert_eq!(items[2]["position"], 3);

    // What the boot script reads before the body is parsed, and the tags it removes once the
    // app has written its own (every one this server added; the shell's own stay).
    let root = doc.all("html")[0];
    assert_eq!(root.attr("data-prerendered"), Some("article"));
    assert_eq!(root.attr("data-route"), Some("/articles/1001"));
    let head_of = |html: &str| html[..html.find("</head>").expect("head")].to_string();
    let tags = |head: &str| ["<meta ", "<link ", "<script "].iter().map(|t| head.matches(t).count()).sum::<usize>();
    let added = tags(&head_of(&html)) - tags(&head_of(&shell()));
    assert_eq!(added, 19, "the article's head tags: 17 meta and link, 2 JSON-LD");
    assert_eq!(head_of(&html).matches(" data-server-head>").count(), added, "every tag the server added is marked");

    // Body: the app's structure and classes.
    let boot = doc.by_id("boot").expect("the page replaces the loading page");
    assert_eq!(boot.attr("data-prerendered"), Some("article"));
    // The reading tools, as the app first renders them, for scripts only.
    let tools = doc.one("div", "reading-tools");
    assert_eq!(tools.attr("data-needs-js"), Some(""));
    let buttons =
        doc.elements.iter().filter(|e| e.tag == "button" && e.inside("div", "reading-tools")).collect::<Vec<_>>();
    let labels = buttons.iter().map(|b| b.text.as_str()).collect::<Vec<_>>();
    assert_eq!(labels, ["小", "中", "大", "深色模式"]);
    assert_eq!(buttons[1].attr("aria-pressed"), Some("true"));
    assert!(boot.has_class("news-app"));
    assert!(doc.all("noscript").is_empty(), "no 'enable JavaScript' note on a page that reads without it");
    let crumb =
        doc.elements.iter().filter(|e| e.inside("nav", "breadcrumb")).map(|e| e.text.clone()).collect::<Vec<_>>();
    assert_eq!(crumb, ["首页", "›", "民生"]);
    assert_eq!(doc.all("h1").len(), 1);
    assert_eq!(doc.one("h1", "article-title").text, title);
    assert_eq!(doc.one("p", "original-title").text, format!("原标题：{}", article["original_title"].as_str().unwrap()));
    let meta = doc.one("p", "article-meta");
    for part in ["来源：青澜日报", "作者：陈思远", "责任编辑：王敏", "2026-11-27 09:18:36"] {
        assert!(meta.text.contains(part), "{part} in {}", meta.text);
    }
    let times: Vec<_> = doc.all("time").into_iter().filter(|t| t.inside("p", "article-meta")).collect();
    assert_eq!(times[0].attr("datetime"), Some("2026-11-27T09:18:36+08:00"));
    // Edited that afternoon: 更新于 follows the time.
    assert_eq!(times[1].attr("datetime"), Some("2026-11-27T15:02:10+08:00"));
    assert_eq!(doc.one("span", "meta-updated").text, "更新于 2026-11-27 15:02:10");
    // The lead picture above the body, with its caption and its size.
    let cover = &article["cover"];
    let figure = doc.one("figure", "article-cover");
    assert!(figure.ancestors.last().is_some_and(|a| a == "article.article"), "between the header and the body");
    let lead = doc.all("img").into_iter().find(|i| i.inside("figure", "article-cover")).expect("cover image");
    assert_eq!(lead.attr("src"), cover["url"].as_str());
    assert_eq!(lead.attr("alt"), cover["alt"].as_str());
    assert_eq!((lead.attr("width"), lead.attr("height")), (Some("1200"), Some("675")));
    assert_eq!(lead.attr("loading"), None, "the top of the page is not loaded lazily");
    assert_eq!(lead.attr("fetchpriority"), Some("high"));
    let caption = doc.all("figcaption").into_iter().find(|c| c.inside("figure", "article-cover")).expect("caption");
    assert_eq!(Some(caption.text.as_str()), cover["caption"].as_str());
    let tags: Vec<_> = doc.all("span").into_iter().filter(|t| t.has_class("tag")).map(|t| t.text.clone()).collect();
    assert_eq!(serde_json::json!(tags), article["tags"]);
    assert!(doc.one("p", "article-tags").text.starts_with("标签："));
    let in_body = |tag: &str| doc.all(tag).into_iter().filter(|e| e.inside("div", "article-body")).count();
    assert!(in_body("h2") >= 3, "the body's headings");
    assert_eq!(in_body("figure"), 1);
    assert_eq!(in_body("figcaption"), 1);
    let image = doc.all("img").into_iter().find(|i| i.inside("div", "article-body")).expect("body image");
    assert_eq!(image.attr("src"), Some("/api/media/canteen-kitchen.svg"));
    assert_eq!(image.attr("loading"), Some("lazy"));
    let outside = doc.all("a").into_iter().find(|a| a.inside("div", "article-body")).expect("body link");
    assert_eq!(outside.attr("rel"), Some("noopener noreferrer"), "a link to another site");
    assert!(doc.one("p", "byline").text.contains("陈思远"));
    let prev = doc.one("p", "prev-article");
    assert!(prev.text.starts_with("上一篇："));
    let prev_link = doc.all("a").into_iter().find(|a| a.inside("p", "prev-article")).expect("prev link");
    assert_eq!(prev_link.attr("href"), Some("/articles/1002"));
    assert!(doc.elements.iter().all(|e| !e.has_class("next-article")), "the newest has no next");
    assert_eq!(doc.one("h2", "section-title").text, "相关新闻");
    let related: Vec<_> = doc.all("li").into_iter().filter(|li| li.inside("section", "related")).collect();
    assert_eq!(related.len(), article["related"].as_array().expect("related").len());
    let first_related = doc.all("a").into_iter().find(|a| a.inside("h3", "summary-title")).expect("related link");
    assert_eq!(first_related.attr("href"), Some("/articles/1009"));
    let footer = doc.one("footer", "site-footer");
    assert!(!footer.text.is_empty());
    let main = doc.all("main");
    assert_eq!(main.len(), 1);
    assert_eq!(main[0].attr("id"), Some("main"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_view_is_what_the_api_answers_and_is_not_hashed_as_script() {
    let dist = dist("first-view", "{}");
    let app = app(demo(), &dist);
    let reply = get(&app, "/articles/1003").await;
    let doc = Doc::parse(&reply.text());
    let script = doc.by_id("news-first-view").expect("embedded data");
    assert_eq!(script.tag, "script");
    assert_eq!(script.attr("type"), Some("application/json"));
    let data: Value = serde_json::from_str(&script.text).expect("JSON");
    assert_eq!(data["route"], "/articles/1003");
    assert_eq!(data["article_url"], "/api/articles/1003");
    assert_eq!(data["related_url"], "/api/articles/1003/related");
    let api_article: Value = serde_json::from_slice(&get(&app, "/api/articles/1003").await.body).expect("api");
    let api_related: Value = serde_json::from_slice(&get(&app, "/api/articles/1003/related").await.body).expect("api");
    assert_eq!(data["article"], api_article);
    assert_eq!(data["related"], api_related);
    // Byte for byte, once the script escapes are read back.
    let raw = script.text.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&");
    let api_text = String::from_utf8(get(&app, "/api/articles/1003").await.body).expect("utf-8");
    assert!(raw.contains(&format!("\"article\":{api_text},")), "the API's bytes are embedded as they are");
    assert!(!script.text.contains('<'), "no markup in the script's text");

    // The CSP names the boot script, not the data blocks.
    let csp = reply.header(header::CONTENT_SECURITY_POLICY);
    let hash = |text: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()));
    assert!(csp.contains(&format!("'sha256-{}'", hash("boot()"))), "{csp}");
    assert!(!csp.contains(&hash(&script.text)), "{csp}");
    assert_eq!(csp.matches("'sha256-").count(), 1, "{csp}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_articles_and_paths_answer_404_with_the_not_found_page() {
    let dist = dist("missing", "{}");
    let app = app(demo(), &dist);
    for uri in ["/articles/9999", "/articles/%2E%2E", "/no/such/page"] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(reply.header(header::CONTENT_TYPE).starts_with("text/html"), "{uri}");
        let doc = Doc::parse(&reply.text());
        assert_eq!(doc.all("title")[0].text, "页面不存在", "{uri}");
        assert_eq!(doc.meta("name", "robots").as_deref(), Some("noindex"));
        assert!(doc.all("h1").iter().any(|h| h.text == "页面不存在"));
        assert!(doc.by_id("news-first-view").is_none());
    }
    // Assets stay bare 404s.
    assert!(get(&app, "/missing.js").await.body.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_who_chose_the_other_language_gets_the_pages_in_it() {
    let dist = dist("reader-locale", "{}");
    let app = app(demo(), &dist);
    // The page's language and which related-news heading it carries.
    let read = |reply: &Reply| {
        let html = reply.text();
        let doc = Doc::parse(&html);
        let lang = doc.all("html")[0].attr("lang").map(str::to_string);
        (lang, html.contains("相关新闻"), html.contains("Related news"))
    };
    let zh = (Some("zh-CN".to_string()), true, false);
    let en = (Some("en".to_string()), false, true);
    // No cookie, another site's cookie, and values that name no language the app has: the site's.
    for cookie in
        [None, Some("other=en"), Some("news-reader-locale=fr"), Some("news-reader-locale=\"><script>x()</script>")]
    {
        let headers: Vec<_> = cookie.map(|c| (header::COOKIE, c)).into_iter().collect();
        let reply = get_with(&app, "/articles/1001", &headers).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(read(&reply), zh, "{cookie:?}");
        assert!(!reply.text().contains("x()"), "{cookie:?}");
    }
    // The reader's choice, wherever it sits among the cookies.
    for cookie in ["news-reader-locale=en", "a=1; news-reader-locale=en; b=2"] {
        let reply = get_with(&app, "/articles/1001", &[(header::COOKIE, cookie)]).await;
        assert_eq!(read(&reply), en, "{cookie}");
        let vary =
            reply.headers.get_all(header::VARY).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",");
        assert!(vary.to_ascii_lowercase().contains("cookie"), "a shared cache keeps one copy per language: {vary}");
    }
    // The home and not-found pages follow it too.
    let home = get_with(&app, "/", &[(header::COOKIE, "news-reader-locale=en")]).await;
    assert_eq!(Doc::parse(&home.text()).all("html")[0].attr("lang"), Some("en"));
    let missing = get_with(&app, "/articles/9999", &[(header::COOKIE, "news-reader-locale=en")]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(Doc::parse(&missing.text()).all("title")[0].text, "Page not found");
    // A site in English, and a reader who chose Chinese.
    let english_site = self::dist("english-site", r#"{"locale":"en"}"#);
    let english = self::app(demo(), &english_site);
    assert_eq!(read(&get(&english, "/articles/1001").await), en);
    assert_eq!(read(&get_with(&english, "/articles/1001", &[(header::COOKIE, "news-reader-locale=zh-CN")]).await), zh);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_and_channel_pages_are_filled_in() {
    let dist = dist("home", "{}");
    let app = app(demo(), &dist);
    let home = get(&app, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    let doc = Doc::parse(&home.text());
    assert_eq!(doc.all("title")[0].text, "青澜新闻网");
    assert_eq!(doc.one("h1", "home-title").text, "最新新闻");
    let items: Vec<_> = doc.all("li").into_iter().filter(|li| li.has_class("summary-item")).collect();
    assert_eq!(items.len(), 8, "the app's page size");
    assert!(doc.one("span", "pager-status").text.contains("第 1 / 2 页"));
    let current = doc.all("a").into_iter().find(|a| a.attr("aria-current") == Some("page")).expect("current tab");
    assert_eq!(current.text, "全部");

    let channel = Doc::parse(&get(&app, "/?channel=culture").await.text());
    assert_eq!(channel.all("title")[0].text, "文旅 - 青澜新闻网");
    let canonical = channel.all("link").into_iter().find(|l| l.attr("rel") == Some("canonical")).expect("canonical");
    assert_eq!(canonical.attr("href"), Some("https://news.example/?channel=culture"));
    let items = channel.all("li").into_iter().filter(|li| li.has_class("summary-item")).count();
    assert_eq!(items, 3);
    let page2 = Doc::parse(&get(&app, "/?page=2").await.text());
    assert_eq!(page2.all("li").into_iter().filter(|li| li.has_class("summary-item")).count(), 2);
}

/// An article whose every text tries to end the script, the attribute or the element it is in.
const HOSTILE: &str = r#"</script><script>alert(1)</script><!--"'&<b>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_is_escaped_in_every_place_it_goes() {
    let content = TempDir::new("render", "hostile-content");
    copy_dir(Path::new(DEMO), content.path());
    let article = serde_json::json!({
        "id": "666", "title": HOSTILE, "original_title": HOSTILE, "subtitle": HOSTILE, "summary": HOSTILE,
        "author": HOSTILE, "editor": HOSTILE, "byline": HOSTILE, "source": {"name": HOSTILE},
        "published_at": "2026-11-28T10:00:00+08:00",
        "body_html": format!("<p>{}</p><script>alert(2)</script><img src=x onerror=alert(3)>", "&lt;/script&gt;"),
        "cover": {"url": "/api/media/canteen.svg", "alt": HOSTILE, "width": 10, "height": 10},
        "comments_open": true
    });
    std::fs::write(content.path().join("articles/666.json"), article.to_string()).expect("write");
    let store = Arc::new(load_content(content.path()).expect("content"));
    let dist = dist("hostile", "{}");
    let app = app(store, &dist);
    let reply = get(&app, "/articles/666").await;
    assert_eq!(reply.status, StatusCode::OK);
    let html = reply.text();
    // The shell's one script, two JSON-LD, the first view: no more.
    assert_eq!(html.matches("<script").count(), 4, "{html}");
    assert!(!html.contains("<script>alert"), "{html}");
    // Only as data, inside the first view's JSON string.
    let data_text = &html[html.find("id=\"news-first-view\"").expect("data")..];
    assert_eq!(html.matches("onerror").count(), data_text.matches("onerror").count(), "{html}");
    let doc = Doc::parse(&html);
    assert_eq!(doc.all("script").len(), 4);
    // Each place reads back as the very text.
    assert_eq!(doc.one("h1", "article-title").text, HOSTILE);
    assert_eq!(doc.all("title")[0].text, format!("{HOSTILE} - 青澜新闻网"));
    assert_eq!(doc.meta("property", "og:title").as_deref(), Some(HOSTILE));
    assert_eq!(doc.meta("name", "description").as_deref(), Some(HOSTILE));
    assert_eq!(json_ld(&doc, "NewsArticle")["headline"], HOSTILE);
    let data: Value = serde_json::from_str(&doc.by_id("news-first-view").expect("data").text).expect("JSON");
    assert_eq!(data["article"]["title"], HOSTILE);
    assert!(doc.all("b").is_empty(), "no markup from text");
    assert!(doc.all("img").iter().all(|i| i.attr("onerror").is_none()));
}

/// An article page with a site's players listed (config.json's `embed_hosts`): each player of a
/// listed host is its placeholder, any other iframe is gone; video keeps its controls; a cover
/// the body opens with is not shown twice; no 更新于 for an edit before publication.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn players_media_and_a_cover_the_body_opens_with() {
    let content = TempDir::new("render", "media-content");
    copy_dir(Path::new(DEMO), content.path());
    let article = serde_json::json!({
        "id": "777", "title": "视频新闻", "published_at": "2026-11-28T10:00:00+08:00",
        "updated_at": "2026-11-28T09:00:00+08:00",
        "cover": {"url": "https://cdn.example/media/ferry.jpg", "caption": "渡口", "width": 1200, "height": 675},
        "body_html": "<figure><img src=\"/media/ferry.jpg\" alt=\"渡口\"></figure>\
            <video src=\"/media/ferry.webm\" poster=\"/media/ferry.svg\" autoplay></video>\
            <iframe src=\"https://player.example/v/1\"></iframe><iframe src=\"https://evil.example/v/1\"></iframe>",
        "tags": [" ", ""],
        "comments_open": true
    });
    std::fs::write(content.path().join("articles/777.json"), article.to_string()).expect("write");
    let store = Arc::new(load_content(content.path()).expect("content"));
    let listing = dist("media", r#"{"embed_hosts": ["player.example"], "locale": "en"}"#);
    let html = get(&app(store.clone(), &listing), "/articles/777").await.text();
    let doc = Doc::parse(&html);
    assert!(doc.elements.iter().all(|e| !e.has_class("article-cover")), "the body opens with the cover");
    assert_eq!(doc.all("img").into_iter().filter(|i| i.inside("div", "article-body")).count(), 1);
    let video = doc.all("video").into_iter().next().expect("video");
    assert_eq!((video.attr("controls"), video.attr("autoplay")), (Some(""), None));
    assert_eq!(video.attr("poster"), Some("/media/ferry.svg"));
    let embeds: Vec<_> = doc.elements.iter().filter(|e| e.has_class("embed")).collect();
    assert_eq!(embeds.len(), 1, "only the listed host's player");
    assert_eq!(embeds[0].attr("data-src"), Some("https://player.example/v/1"));
    assert_eq!(embeds[0].text, "Video from player.exampleLoad the player");
    assert!(doc.all("iframe").is_empty(), "no frame before the reader asks");
    assert!(doc.elements.iter().all(|e| !e.has_class("meta-updated")), "edited before it was published");
    assert!(doc.elements.iter().all(|e| !e.has_class("article-tags")), "blank tags are none");
    // Without the list, the page has no player at all.
    let html = get(&app(store, &dist("media-plain", "{}")), "/articles/777").await.text();
    assert!(!html.contains("class=\"embed\""), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn share_cards_of_every_demo_article() {
    let dist = dist("share", "{}");
    let store = demo();
    let app = app(Arc::clone(&store), &dist);
    for article in store.articles() {
        let reply = get(&app, &format!("/articles/{}", article.id)).await;
        assert_eq!(reply.status, StatusCode::OK);
        let doc = Doc::parse(&reply.text());
        let title = doc.meta("property", "og:title").unwrap_or_default();
        let description = doc.meta("property", "og:description").unwrap_or_default();
        let image = doc.meta("property", "og:image");
        // What a share-card fetcher reads: shown with --nocapture.
        println!("{}\t{title}\t{}\t{description}", article.id, image.as_deref().unwrap_or("(no image)"));
        assert_eq!(title, article.title);
        assert_eq!(description, article.summary.clone().unwrap_or_else(|| article.title.clone()));
        assert_eq!(
            doc.meta("name", "twitter:card").as_deref(),
            Some(if article.cover.is_some() { "summary_large_image" } else { "summary" })
        );
        match (&article.cover, image) {
            (Some(cover), Some(image)) => {
                assert_eq!(image, format!("{ORIGIN}{}", cover.url));
                // The image is there to fetch.
                let path = image.strip_prefix(ORIGIN).expect("ours");
                let fetched = get(&app, path).await;
                assert_eq!(fetched.status, StatusCode::OK, "{path}");
                assert!(fetched.header(header::CONTENT_TYPE).starts_with("image/"), "{path}");
                assert_eq!(doc.meta("property", "og:image:width"), cover.width.map(|w| w.to_string()));
            }
            (None, None) => {}
            (cover, image) => panic!("{}: cover {cover:?}, og:image {image:?}", article.id),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sitemap_robots_and_feeds_are_served_with_absolute_urls() {
    let dist = dist("feeds", "{}");
    let store = demo();
    let app = app(Arc::clone(&store), &dist);
    let sitemap = get(&app, "/sitemap.xml").await;
    assert_eq!(sitemap.status, StatusCode::OK);
    assert!(sitemap.header(header::CONTENT_TYPE).starts_with("application/xml"));
    let text = sitemap.text();
    for article in store.articles() {
        assert!(text.contains(&format!("<loc>https://news.example/articles/{}</loc>", article.id)), "{text}");
    }
    let robots = get(&app, "/robots.txt").await.text();
    assert!(robots.contains("Sitemap: https://news.example/sitemap.xml"), "{robots}");
    assert!(robots.contains("Disallow: /api/"), "{robots}");
    let rss = get(&app, "/feed.xml").await;
    assert!(rss.header(header::CONTENT_TYPE).starts_with("application/rss+xml"));
    let rss = rss.text();
    assert_eq!(rss.matches("<item>").count(), store.len());
    assert!(rss.contains("<link>https://news.example/articles/1001</link>"));
    assert!(rss.contains("<pubDate>Fri, 27 Nov 2026 01:18:36 GMT</pubDate>"), "{rss}");
    assert!(!rss.contains("<script"), "bodies are sanitized and escaped");
    let feed: Value = serde_json::from_slice(&get(&app, "/feed.json").await.body).expect("JSON Feed");
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["feed_url"], "https://news.example/feed.json");
    let items = feed["items"].as_array().expect("items");
    assert_eq!(items.len(), store.len());
    assert_eq!(items[0]["url"], "https://news.example/articles/1001");
    assert_eq!(items[0]["image"], "https://news.example/api/media/canteen.svg");

    // News tags for the last two days only.
    let renderer = Renderer::new(shell(), None, ORIGIN, BasePath::root());
    let all: Vec<_> = store.articles().collect();
    let published_1001 = 1_795_742_316; // 2026-11-27T09:18:36+08:00
    let map = renderer.sitemap(store.site(), &all, published_1001 + 3600);
    assert_eq!(map.matches("<news:news>").count(), 2, "1001 and 1002 (two days before): {map}");
    assert!(map.contains("<news:title>南湾街道社区食堂：一碗热饭暖了一条街</news:title>"));
    assert!(map.contains("<news:language>zh-cn</news:language>"));
    let later = renderer.sitemap(store.site(), &all, published_1001 + 3 * 86_400);
    assert_eq!(later.matches("<news:news>").count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_the_api_answer_304_to_their_etag() {
    let dist = dist("etag", "{}");
    let app = app(demo(), &dist);
    for uri in ["/articles/1001", "/", "/api/articles/1001", "/api/site"] {
        let first = get(&app, uri).await;
        let tag = first.header(header::ETAG).to_string();
        assert!(tag.starts_with("W/\""), "{uri}: {tag:?}");
        let again = get_with(&app, uri, &[(header::IF_NONE_MATCH, &tag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty());
        assert_eq!(again.header(header::ETAG), tag);
        let other = get_with(&app, uri, &[(header::IF_NONE_MATCH, "W/\"other\"")]).await;
        assert_eq!(other.status, StatusCode::OK, "{uri}");
    }
    assert_ne!(
        get(&app, "/articles/1001").await.header(header::ETAG),
        get(&app, "/articles/1002").await.header(header::ETAG)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn built_files_are_precompressed_and_only_hashed_names_are_immutable() {
    let dist = dist("static", "{\"locale\":\"zh-CN\"}");
    let script = "console.log('news');\n".repeat(200);
    std::fs::write(dist.path().join("news-reader-3f2a9c0d1e4b5a67.js"), &script).expect("js");
    std::fs::write(dist.path().join("sw.js"), &script).expect("sw");
    assert_eq!(news_server::precompress_dir(dist.path()).expect("precompress"), 4);
    assert_eq!(news_server::precompress_dir(dist.path()).expect("again"), 0, "up to date");
    let app = app(demo(), &dist);
    let hashed = get_with(&app, "/news-reader-3f2a9c0d1e4b5a67.js", &[(header::ACCEPT_ENCODING, "br")]).await;
    assert_eq!(hashed.status, StatusCode::OK);
    assert_eq!(hashed.header(header::CONTENT_ENCODING), "br");
    assert_eq!(hashed.header(header::CACHE_CONTROL), "public, max-age=31536000, immutable");
    let mut plain = Vec::new();
    brotli::BrotliDecompress(&mut &hashed.body[..], &mut plain).expect("brotli");
    assert_eq!(plain, script.as_bytes());
    let gz = get_with(&app, "/sw.js", &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(gz.header(header::CONTENT_ENCODING), "gzip");
    assert_eq!(gz.header(header::CACHE_CONTROL), "no-cache", "a stable name is revalidated");
    let config = get(&app, "/config.json").await;
    assert_eq!(config.header(header::CACHE_CONTROL), "no-cache");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prerender_writes_every_page_and_then_only_what_changed() {
    let content = TempDir::new("render", "pre-content");
    copy_dir(Path::new(DEMO), content.path());
    let extra = serde_json::json!({"id": "2001", "title": "旧闻", "published_at": "2026-01-01T08:00:00+08:00",
        "body_html": "<p>旧闻</p>", "comments_open": false});
    std::fs::write(content.path().join("articles/2001.json"), extra.to_string()).expect("write");
    let dist = dist("pre-dist", "{}");
    let out = TempDir::new("render", "pre-out");
    let renderer = Renderer::from_dist(dist.path(), ORIGIN, BasePath::root()).expect("renderer");
    let store = load_content(content.path()).expect("content");
    let now = 1_795_742_316;

    let first = prerender(&store, &renderer, out.path(), now).expect("prerender");
    assert_eq!(first.written.len(), store.len() + 6, "{:?}", first.written);
    for name in ["index.html", "404.html", "sitemap.xml", "robots.txt", "feed.xml", "feed.json"] {
        assert!(out.path().join(name).is_file(), "{name}");
    }
    let page = std::fs::read_to_string(out.path().join("articles/1005/index.html")).expect("page");
    let doc = Doc::parse(&page);
    assert_eq!(doc.one("h1", "article-title").text, store.article("1005").expect("1005").title);
    assert_eq!(doc.meta("property", "og:url").as_deref(), Some("https://news.example/articles/1005"));

    let second = prerender(&store, &renderer, out.path(), now).expect("again");
    assert!(second.written.is_empty(), "{:?}", second.written);
    assert_eq!(second.unchanged, first.written.len());

    // A new title for 1005: its page, its neighbours (their prev/next name it), the lists.
    let file = content.path().join("articles/1005.json");
    let text = std::fs::read_to_string(&file).expect("read");
    let old_title = store.article("1005").expect("1005").title;
    std::fs::write(&file, text.replace(&old_title, "新标题")).expect("write");
    let store = load_content(content.path()).expect("content");
    let third = prerender(&store, &renderer, out.path(), now).expect("changed");
    let mut written = third.written.clone();
    written.sort();
    // 1005 itself; 1002 and 1008 (its next and prev); 1001 and 1004 (they list it as related)
    // and 2001 (no channel: its related list is the newest six); the home page, the sitemap
    // and the feeds. Not the other five articles, 404.html or robots.txt.
    let expected = [
        "articles/1001/index.html",
        "articles/1002/index.html",
        "articles/1004/index.html",
        "articles/1005/index.html",
        "articles/1008/index.html",
        "articles/2001/index.html",
        "feed.json",
        "feed.xml",
        "index.html",
        "sitemap.xml",
    ];
    assert_eq!(written, expected);
    assert_eq!(third.unchanged, store.len() + 6 - expected.len());
    assert!(std::fs::read_to_string(out.path().join("articles/1005/index.html")).expect("page").contains("新标题"));

    // A removed article's page goes.
    std::fs::remove_file(content.path().join("articles/2001.json")).expect("remove");
    let store = load_content(content.path()).expect("content");
    let fourth = prerender(&store, &renderer, out.path(), now).expect("removed");
    assert_eq!(fourth.removed, ["articles/2001/index.html"]);
    assert!(!out.path().join("articles/2001").exists());
    assert!(fourth.written.contains(&"articles/1010/index.html".to_string()), "its neighbour: {:?}", fourth.written);

    // A filled-in page is refused as a shell.
    std::fs::copy(out.path().join("index.html"), dist.path().join("index.html")).expect("copy");
    assert!(Renderer::from_dist(dist.path(), ORIGIN, BasePath::root()).is_err());
}

/// Serves `app` on a free loopback port; returns its origin.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    origin
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn articles_come_from_the_backend_config_json_names() {
    // Another reference server, as a foreign native backend.
    let backend_dist = dist("backend", "{}");
    let backend = serve(app(demo(), &backend_dist)).await;
    let config = format!("{{\"api_base\":\"{backend}/api\"}}");
    let fixtures = Arc::new(
        load_content(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content"))).expect("fixtures"),
    );
    let foreign_dist = dist("foreign", &config);
    let foreign = app(fixtures, &foreign_dist);
    let reply = get(&foreign, "/articles/1007").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = Doc::parse(&reply.text());
    assert_eq!(doc.one("h1", "article-title").text, demo().article("1007").expect("1007").title);
    let data: Value = serde_json::from_str(&doc.by_id("news-first-view").expect("data").text).expect("JSON");
    assert_eq!(data["article_url"], format!("{backend}/api/articles/1007"));
    let raw = reqwest::get(format!("{backend}/api/articles/1007")).await.expect("get").text().await.expect("text");
    assert_eq!(data["article"], serde_json::from_str::<Value>(&raw).expect("json"));
    // Missing there: 404 here.
    assert_eq!(get(&foreign, "/articles/9999").await.status, StatusCode::NOT_FOUND);

    // JSON Feed.
    let feed = serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": "Feed site",
        "items": [{"id": "a1", "title": "Feed story", "content_html": "<p>Body<script>x()</script></p>",
                   "summary": "Short", "date_published": "2026-11-20T10:00:00Z", "image": "https://img.example/a.jpg"}]});
    let feed_server =
        serve(Router::new().route("/feed.json", axum::routing::get(move || async move { axum::Json(feed.clone()) })))
            .await;
    let feed_dist = dist("jsonfeed", &format!("{{\"adapter\":\"jsonfeed\",\"feed_url\":\"{feed_server}/feed.json\"}}"));
    let feed_app = app(demo(), &feed_dist);
    let doc = Doc::parse(&get(&feed_app, "/articles/a1").await.text());
    assert_eq!(doc.one("h1", "article-title").text, "Feed story");
    assert_eq!(doc.meta("property", "og:image").as_deref(), Some("https://img.example/a.jpg"));
    assert_eq!(doc.all("title")[0].text, "Feed story - Feed site");
    assert!(doc.all("script").iter().filter(|s| s.attr("type").is_none()).all(|s| !s.text.contains("x()")));
    assert!(doc.all("script").iter().all(|s| !s.inside("div", "article-body")), "the body is sanitized");
    assert!(doc.one("div", "article-body").text.contains("Body"));
    assert_eq!(get(&feed_app, "/articles/zz").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_backend_gives_the_plain_shell_in_time() {
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let dist = dist("hung", &format!("{{\"api_base\":\"http://{addr}/api\",\"request_timeout_ms\":300}}"));
    let app = app(demo(), &dist);
    let started = std::time::Instant::now();
    let reply =
        tokio::time::timeout(std::time::Duration::from_secs(10), get(&app, "/articles/1001")).await.expect("answered");
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "{:?}", started.elapsed());
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text(), shell(), "the shell as built");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_filling_every_app_route_gets_the_plain_shell() {
    let dist = dist("unfilled", "{}");
    let app = router(state(demo()).with_fill_pages(false), Some(dist.path().to_path_buf()));
    for uri in ["/", "/articles/1001", "/articles/9999"] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_eq!(reply.text(), shell(), "{uri}");
    }
    assert_eq!(get(&app, "/sitemap.xml").await.status, StatusCode::OK);
}

/// The tags Trunk writes into a built index.html for the app's files.
const BUILT_LINKS: &str = concat!(
    "<link rel=\"stylesheet\" href=\"/app-1.css\" integrity=\"sha384-a\"/>\n",
    "<link rel=\"modulepreload\" href=\"/news-reader-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-b\">\n",
    "<link rel=\"modulepreload\" href=\"/snippets/x/dom.js\" crossorigin=\"anonymous\" integrity=\"sha384-c\">\n",
    "<LINK REL=\"preload\" href=\"/news-reader-1_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\">\n",
    "<script type=\"module\">import init from '/news-reader-1.js'; await init();</script>\n",
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filled_page_leaves_the_apps_files_to_the_module_script() {
    let dist = dist("preloads", "{}");
    let built = shell().replace("</head>", &format!("{BUILT_LINKS}</head>"));
    std::fs::write(dist.path().join("index.html"), &built).expect("index");

    let filled = get(&app(demo(), &dist), "/articles/1001").await.text();
    assert!(filled.contains("data-prerendered=\"article\""), "filled in");
    let lower = filled.to_ascii_lowercase();
    assert!(
        !lower.contains("rel=\"preload\"") && !lower.contains("rel=\"modulepreload\""),
        "no preload hints: {filled}"
    );
    assert!(filled.contains("<link rel=\"stylesheet\" href=\"/app-1.css\""), "the stylesheet stays");
    assert!(filled.contains("<script type=\"module\">import init from '/news-reader-1.js'"), "the app still starts");
    assert!(filled.contains("<script>boot()</script>"), "the boot script stays");

    // The plain shell (the app's own first view, with the loading page) keeps them.
    let plain = router(state(demo()).with_fill_pages(false), Some(dist.path().to_path_buf()));
    assert_eq!(get(&plain, "/articles/1001").await.text(), built);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_sub_path_links_and_feeds_follow_the_base() {
    let dist = dist("subpath", "{}");
    let base = BasePath::parse("/news").expect("base");
    let app = news_server::router_at(state(demo()), Some(dist.path().to_path_buf()), &base);
    let doc = Doc::parse(&get(&app, "/news/articles/1001").await.text());
    assert_eq!(doc.meta("property", "og:url").as_deref(), Some("https://news.example/news/articles/1001"));
    let prev = doc.all("a").into_iter().find(|a| a.inside("p", "prev-article")).expect("prev");
    assert_eq!(prev.attr("href"), Some("/news/articles/1002"));
    assert_eq!(get(&app, "/news/articles/9999").await.status, StatusCode::NOT_FOUND);
    let sitemap = get(&app, "/news/sitemap.xml").await;
    assert_eq!(sitemap.status, StatusCode::OK);
    assert!(sitemap.text().contains("<loc>https://news.example/news/articles/1001</loc>"));
    assert!(get(&app, "/robots.txt").await.text().contains("Sitemap: https://news.example/news/sitemap.xml"));
}
