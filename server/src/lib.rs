//! Reference backend for the news reader: the JSON contract under `/api`, the demo media, and
//! optionally the built single-page app with history-API fallback, at `/` or under a sub-path.
//! Comments live in SQLite (`comments.rs`); everything else is read from the content directory.

mod admin;
mod bans;
mod comment_api;
mod comments;
mod console;
mod content;
pub mod db;
mod headers;
mod ip_region;
mod live;
mod live_comments;
mod rate_limit;
pub mod reader_token;
pub mod render;
mod reports;
mod security;
mod seed;
pub mod settings;
pub mod tokens;
pub mod users;
pub mod word_store;
pub mod words;

pub use comments::{CommentStore, Cursor, PageAt};
pub use content::{load_content, Store};
pub use headers::{inline_scripts, page_csp};
pub use ip_region::{IpDbError, IpRegionDb};
pub use live::precompress_dir;
pub use security::backend_origins;
pub use security::{parse_frame_ancestor, parse_origin, parse_proxy, SecuritySettings, SettingError};
pub use words::WordList;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::handler::HandlerWithoutStateExt;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use axum::{middleware, Router};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// What every handler sees: the content, the comment store and how comments are taken.
#[derive(Clone)]
pub struct AppState {
    pub(crate) content: Arc<Store>,
    pub(crate) comments: Arc<CommentStore>,
    /// Posts per client network, likes per network and per reader, reports per network.
    pub(crate) limiter: Arc<rate_limit::Limit>,
    pub(crate) like_limiter: Arc<rate_limit::Limit>,
    pub(crate) reader_limiter: Arc<rate_limit::Limit>,
    pub(crate) report_limiter: Arc<rate_limit::Limit>,
    pub(crate) likes_per_address: u32,
    /// Networks whose reports hide a published comment; 0: reports never do.
    pub(crate) report_threshold: u32,
    pub(crate) moderate: bool,
    /// Where IP 属地 comes from; `None`: comments carry no region.
    pub(crate) regions: Option<Arc<IpRegionDb>>,
    /// Words that hold a comment for review: the stored list, kept compiled (word_store.rs).
    pub(crate) words: Arc<word_store::SharedWords>,
    pub(crate) security: Arc<security::Security>,
    /// The portal's secrets for reader tokens, and whether writes need one (reader_token.rs).
    pub(crate) reader_tokens: Arc<reader_token::ReaderTokens>,
    /// Failed console logins, per account and per address.
    pub(crate) login_throttle: Arc<console::LoginThrottle>,
    /// Unix seconds now: session expiry, throttling and audit times read it, so tests can move
    /// time on instead of waiting.
    pub(crate) clock: Clock,
    /// `https://news.example`: what canonical URLs, sitemaps and feeds are made absolute with.
    pub(crate) public_origin: Arc<str>,
    /// Whether app routes get filled-in pages (else the plain shell, 200).
    pub(crate) fill_pages: bool,
    /// Set when the server shuts down: live comment streams end, so that shutting down does
    /// not wait for readers to close their pages.
    pub(crate) live_closing: Arc<tokio::sync::watch::Sender<bool>>,
    /// The live comment streams open per client address.
    pub(crate) live_streams: Arc<live_comments::OpenStreams>,
}

/// Where the server reads the time from: the system clock, or a test's.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> i64 + Send + Sync>);

impl Clock {
    pub fn system() -> Self {
        Clock(Arc::new(now_unix))
    }

    /// A clock that reads `source`: a test sets it and the server follows.
    pub fn from_fn(source: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        Clock(Arc::new(source))
    }

    pub fn now(&self) -> i64 {
        (self.0)()
    }
}

/// How new comments are handled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentSettings {
    /// Store new comments as `pending`: kept out of lists and counts until approved.
    pub moderate: bool,
    /// New comments per client address per minute; 0 turns the limit off.
    pub rate_limit: u32,
    /// Likes and unlikes per client address, and per reader id, per minute; 0: no limit.
    pub like_rate_limit: u32,
    /// Readers whose likes one client address may give one comment; 0: no bound.
    pub likes_per_address: u32,
    /// The ip2region database new comments take their IP 属地 from; `None`: no region at all.
    pub ip_db: Option<Arc<IpRegionDb>>,
    /// Sensitive words from `--words-file`, added to the stored list at start (word_store.rs);
    /// a comment holding a stored word is stored as pending. `None`: no file.
    pub words: Option<Arc<WordList>>,
    /// Reports from this many client networks hide a published comment until an editor
    /// decides (reports.rs); 0: reports never hide a comment.
    pub report_threshold: u32,
    /// Readers the embedding portal vouches for (reader_token.rs, docs/sso.md): its secrets
    /// (none: every token is refused) and whether writes need a token.
    pub reader_tokens: reader_token::ReaderTokens,
    /// Live comment streams one client address may keep open at once; 0: no bound.
    pub live_streams_per_address: u32,
}

impl Default for CommentSettings {
    fn default() -> Self {
        CommentSettings {
            moderate: false,
            rate_limit: 5,
            like_rate_limit: 30,
            likes_per_address: 10,
            ip_db: None,
            words: None,
            report_threshold: 3,
            reader_tokens: reader_token::ReaderTokens::default(),
            live_streams_per_address: 16,
        }
    }
}

impl AppState {
    pub fn new(content: Arc<Store>, comments: Arc<CommentStore>, settings: CommentSettings) -> Self {
        let words = Arc::new(word_store::SharedWords::new(&comments, settings.words));
        // Comments other processes publish on the same SQLite file reach this one's live streams.
        let watched = Arc::downgrade(&comments);
        std::thread::spawn(move || CommentStore::watch_others(watched));
        AppState {
            content,
            comments,
            limiter: Arc::new(rate_limit::Limit::new("posts", settings.rate_limit)),
            like_limiter: Arc::new(rate_limit::Limit::new("likes", settings.like_rate_limit)),
            // Reports are as cheap to send as likes, so they get the likes' rate per address.
            report_limiter: Arc::new(rate_limit::Limit::new("reports", settings.like_rate_limit)),
            reader_limiter: Arc::new(rate_limit::Limit::new("reader-likes", settings.like_rate_limit)),
            likes_per_address: settings.likes_per_address,
            report_threshold: settings.report_threshold,
            moderate: settings.moderate,
            regions: settings.ip_db,
            words,
            security: Arc::new(security::Security::new(SecuritySettings::default())),
            reader_tokens: Arc::new(settings.reader_tokens),
            login_throttle: Arc::new(console::LoginThrottle::default()),
            clock: Clock::system(),
            public_origin: Arc::from(DEFAULT_PUBLIC_ORIGIN),
            // The app takes a filled-in page over in place (docs/prerender.md, "App side").
            fill_pages: true,
            live_closing: Arc::new(tokio::sync::watch::channel(false).0),
            live_streams: Arc::new(live_comments::OpenStreams::new(settings.live_streams_per_address)),
        }
    }

    /// Ends every live comment stream (when the server shuts down).
    pub fn close_live_streams(&self) {
        self.live_closing.send_replace(true);
    }

    /// The same state with these limits on failed console logins within 15 minutes, per
    /// account and per client address (the defaults: 5 and 20).
    pub fn with_login_limits(mut self, per_account: u32, per_address: u32) -> Self {
        self.login_throttle = Arc::new(console::LoginThrottle::new(per_account, per_address));
        self
    }

    /// The same state reading the time from `clock`.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub(crate) fn now(&self) -> i64 {
        self.clock.now()
    }

    /// The same state serving app routes the plain shell (`false`) or filled-in pages.
    pub fn with_fill_pages(mut self, fill: bool) -> Self {
        self.fill_pages = fill;
        self
    }

    /// The same state publishing its pages at `origin` (`https://news.example`).
    pub fn with_public_origin(mut self, origin: &str) -> Self {
        self.public_origin = Arc::from(origin.trim_end_matches('/'));
        self
    }

    /// The same state with these origin, proxy and framing rules (the default: only the
    /// server's own pages may write, no proxy is trusted).
    pub fn with_security(mut self, settings: SecuritySettings) -> Self {
        self.security = Arc::new(security::Security::new(settings));
        self
    }

    /// Cross-site writes refused since start-up (also logged, at counts 1, 2, 4, 8, …).
    pub fn cross_site_refused(&self) -> u64 {
        self.security.cross_site_refused()
    }
}

/// The origin pages are published at when none is set: `news-server` sets it from
/// `--public-origin`, else from the address it listens on.
pub const DEFAULT_PUBLIC_ORIGIN: &str = "http://localhost:3000";
const MAX_PER_PAGE: u32 = 50;
const DEFAULT_PER_PAGE: u32 = 10;
/// Media names are not content-hashed, so a week rather than "immutable forever".
const MEDIA_CACHE: &str = "public, max-age=604800";

/// The path a built SPA is served under: the site root, or a sub-path such as `/news` (the app
/// then has to be built for it: `trunk build --public-url /news/`). `/api` never moves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasePath(String);

impl BasePath {
    /// The site root.
    pub fn root() -> Self {
        BasePath(String::new())
    }

    /// Accepts `/`, `/news`, `/news/` or `/apps/news`. Segments are limited to URL-safe
    /// characters (no `..`, no `{`/`*` that the router would read as patterns), and `/api` is
    /// refused because the API lives there.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if !trimmed.starts_with('/') {
            return Err(format!("base {raw:?} must start with /"));
        }
        let path = trimmed.trim_end_matches('/');
        if path.is_empty() {
            return Ok(BasePath::root());
        }
        for segment in path[1..].split('/') {
            let ok = !segment.is_empty()
                && segment != "."
                && segment != ".."
                && segment.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
            if !ok {
                return Err(format!("base {raw:?}: {segment:?} is not a plain path segment"));
            }
        }
        if path == "/api" || path.starts_with("/api/") {
            return Err(format!("base {raw:?} would hide the API at /api"));
        }
        Ok(BasePath(path.to_string()))
    }

    /// `""` for the root, else the path without a trailing slash (`/news`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Where the app's home page is: `/` or `/news/`.
    pub fn home(&self) -> String {
        format!("{}/", self.0)
    }
}

/// The whole app. `dist`, when given, is a built SPA served at `/` with index.html fallback.
pub fn router(state: AppState, dist: Option<PathBuf>) -> Router {
    router_at(state, dist, &BasePath::root())
}

/// As [`router`], with the SPA served under `base`: `/news/…` gets the app (files, else
/// index.html), `/news` redirects to `/news/`, and other paths outside `/api` are 404.
pub fn router_at(state: AppState, dist: Option<PathBuf>, base: &BasePath) -> Router {
    let security = Arc::clone(&state.security);
    let media = ServeDir::new(state.content.media_dir())
        .append_index_html_on_directories(false)
        .not_found_service(media_not_found.into_service());
    let media = Router::new().nest_service("/media", media).layer(middleware::map_response(media_headers));

    let console = console::routes(state.clone());
    let api = Router::new()
        .route("/site", get(site))
        .route("/articles", get(list_articles))
        .route("/articles/{id}", get(article))
        .route("/articles/{id}/related", get(related))
        .route("/articles/{id}/comments", get(comment_api::list).post(comment_api::post))
        .route("/articles/{id}/comments/events", get(live_comments::events))
        .route("/comments/{id}/like", post(comment_api::like).delete(comment_api::unlike))
        .route("/comments/{id}/report", post(reports::post))
        .route("/admin/comments", get(admin::list))
        .route("/admin/comments/{id}/{action}", post(admin::act))
        .route("/admin/audit", get(admin::audit))
        .route("/admin/bans", get(bans::list).post(bans::create))
        .route("/admin/bans/{id}", delete(bans::lift))
        .route(
            "/admin/words",
            // A whole list is bigger than any comment: this route's own limit replaces the one below.
            get(word_store::get).put(word_store::put).layer(DefaultBodyLimit::max(word_store::MAX_BODY_BYTES)),
        )
        // Bodies past the limit are refused while being read, before any parsing.
        .layer(DefaultBodyLimit::max(comment_api::MAX_BODY_BYTES))
        .with_state(state.clone())
        .merge(media)
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(api_not_found);

    let app = Router::new().nest("/api", api);
    let renderer = Arc::new(match &dist {
        Some(dir) => render::Renderer::from_dist(dir, &state.public_origin, base.clone()).unwrap_or_else(|e| {
            eprintln!("news-server: pages are not filled in: {e}");
            render::Renderer::new(String::new(), None, &state.public_origin, base.clone())
        }),
        None => render::Renderer::new(String::new(), None, &state.public_origin, base.clone()),
    });
    let pages = live::Pages::new(state.clone(), Arc::clone(&renderer));
    // Sitemap, feeds and robots.txt: live, from the same content as the pages.
    let feeds = Router::new()
        .route("/sitemap.xml", get(live::sitemap))
        .route("/feed.xml", get(live::rss))
        .route("/feed.json", get(live::json_feed))
        .with_state(pages.clone());
    // The console is at /admin whatever the app's base: an operator's page, not the reader's.
    let app = app.route("/robots.txt", get(live::robots)).with_state(pages.clone()).merge(console);
    let app = match dist {
        Some(dir) => {
            // `.br`/`.gz` beside the built files, made once in the background (live.rs); until
            // they exist the files are compressed on the fly.
            live::precompress_in_background(dir.clone());
            let fallback = {
                let pages = pages.clone();
                move |req: Request| live::page(pages.clone(), req)
            };
            let spa = ServeDir::new(dir)
                .append_index_html_on_directories(false)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(fallback.into_service());
            let spa = Router::new().fallback_service(spa).layer(middleware::from_fn(live::dist_cache));
            if base.is_root() {
                app.merge(feeds).fallback_service(spa)
            } else {
                // Nested at `/news/` (trailing slash), so the bare `/news` is free for the redirect.
                let home = base.home();
                app.route(base.as_str(), get(move |req: Request| to_base_home(home.clone(), req)))
                    .nest(base.as_str(), feeds)
                    .nest_service(&base.home(), spa)
                    .fallback(|| async { StatusCode::NOT_FOUND })
            }
        }
        None => app.merge(feeds).fallback(|| async { StatusCode::NOT_FOUND }),
    };
    // Inside compression: the page CSP hashes the scripts of the uncompressed page, and the
    // ETag names the uncompressed answer (weak, so one tag covers every encoding of it).
    app.layer(middleware::from_fn_with_state(security, headers::apply))
        .layer(middleware::from_fn(live::etag))
        .layer(CompressionLayer::new())
}

// ---- JSON helpers ----

/// JSON with an explicit charset (the app decodes Chinese text) and `no-cache`, so readers see
/// edits to content after a restart without a hard reload.
/// Every value of cookie `name` the request carries (a browser may send two of one name, set
/// for different paths), at most a few. The console's session and language cookies and the
/// reader's language on filled pages (live.rs) are read with it.
pub(crate) fn cookie_values<'a>(
    headers: &'a axum::http::HeaderMap,
    name: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(move |pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key.trim() == name).then(|| value.trim())
        })
        .take(4)
}

pub(crate) fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(CONTENT_TYPE, "application/json; charset=utf-8"), (CACHE_CONTROL, "no-cache")], body)
            .into_response(),
        // Only reachable if a model type stops being serialisable; still never panic.
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "服务器内部错误"),
    }
}

/// The contract's error body: `{"error":{"code","message"}}`; the message is shown to readers.
pub(crate) fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "error": { "code": code, "message": message } });
    (status, [(CONTENT_TYPE, "application/json; charset=utf-8"), (CACHE_CONTROL, "no-cache")], body.to_string())
        .into_response()
}

pub(crate) fn article_not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "文章不存在")
}

// ---- handlers ----

async fn site(State(app): State<AppState>) -> Response {
    json(StatusCode::OK, app.content.site())
}

/// Strings, not numbers, so a bad value is answered with our own 400 body, not axum's text.
#[derive(Deserialize)]
struct ListParams {
    page: Option<String>,
    per_page: Option<String>,
    channel: Option<String>,
}

async fn list_articles(State(app): State<AppState>, params: Result<Query<ListParams>, QueryRejection>) -> Response {
    let Ok(Query(params)) = params else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "查询参数无效");
    };
    let page = positive("page", params.page.as_deref(), 1);
    let per_page = positive("per_page", params.per_page.as_deref(), DEFAULT_PER_PAGE);
    // `channel=` is what a form or a template with an empty `{channel}` sends for "all".
    let channel = params.channel.as_deref().filter(|c| !c.is_empty());
    match (page, per_page) {
        (Ok(page), Ok(per_page)) => json(StatusCode::OK, &app.content.page(channel, page, per_page.min(MAX_PER_PAGE))),
        (Err(message), _) | (_, Err(message)) => error(StatusCode::BAD_REQUEST, "bad_request", &message),
    }
}

/// A query value that must be a whole number >= 1; absent means the default.
pub(crate) fn positive(name: &str, raw: Option<&str>, default: u32) -> Result<u32, String> {
    match raw.map(str::parse::<u32>) {
        None => Ok(default),
        Some(Ok(n)) if n >= 1 => Ok(n),
        Some(_) => Err(format!("{name} 必须是正整数")),
    }
}

async fn article(State(app): State<AppState>, id: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(id)) = id else { return article_not_found() };
    match full_article(&app, &id).await {
        Some(article) => json(StatusCode::OK, &article),
        None => article_not_found(),
    }
}

/// The article as `GET /api/articles/{id}` answers it: with its comment count.
pub(crate) async fn full_article(app: &AppState, id: &str) -> Option<news_model::Article> {
    let mut article = app.content.article(id)?;
    let comments = Arc::clone(&app.comments);
    let article_id = article.id.clone();
    // A store failure should not hide the article: the count is then left out, not guessed.
    let counted = tokio::task::spawn_blocking(move || comments.count(&article_id)).await;
    article.comment_count = match counted.map_err(|e| e.to_string()).and_then(|r| r.map_err(|e| e.to_string())) {
        Ok(count) => Some(count),
        Err(e) => {
            eprintln!("news-server: comment count: {e}");
            None
        }
    };
    Some(article)
}

async fn related(State(app): State<AppState>, id: Result<Path<String>, PathRejection>) -> Response {
    match id.ok().and_then(|Path(id)| app.content.related(&id)) {
        Some(list) => json(StatusCode::OK, &list),
        None => article_not_found(),
    }
}

async fn api_not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "接口不存在")
}

async fn method_not_allowed() -> Response {
    error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "不支持的请求方法")
}

async fn media_not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "文件不存在")
}

/// Long caching for media that was found. SVG can carry script: the CSP keeps it inert if a
/// reader opens an image URL directly (inside `<img>` scripts never run anyway).
async fn media_headers(mut response: Response) -> Response {
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(MEDIA_CACHE));
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
        );
    }
    response
}

/// `/news` -> `/news/`, keeping the query: relative URLs and the app's router need the slash.
async fn to_base_home(home: String, req: Request) -> Redirect {
    match req.uri().query() {
        Some(query) => Redirect::permanent(&format!("{home}?{query}")),
        None => Redirect::permanent(&home),
    }
}

/// Unix seconds; a clock before 1970 counts as 1970.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| i64::try_from(since.as_secs()).unwrap_or(i64::MAX))
}
