//! The pages, sitemap, feeds and robots.txt as the running server answers them, plus what the
//! built app's files are served with: precompressed siblings, long caching for hashed names,
//! and ETags (with 304 answers) for pages and the API.

use crate::render::remote::{self, Found, Remote};
use crate::render::{page::HOME_PER_PAGE, ArticleData, Renderer};
use crate::AppState;
use axum::body::Body;
use axum::extract::{OriginalUri, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use news_model::route::{path_below, Route};
use news_model::{ItemList, Locale, Site};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Hashed names (`app-3f2a9c0d1e4b5a67.js`) never change content: a year, immutable.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Pages and the API are small and change: kept, but asked again each time (with the ETag).
const REVALIDATE: &str = "no-cache";
/// Bodies the ETag is computed over; anything bigger goes without one.
const MAX_TAGGED_BYTES: usize = 8 * 1024 * 1024;

/// Everything a page needs: the content (and comment counts), the renderer, and the foreign
/// backend when config.json names one.
#[derive(Clone)]
pub struct Pages {
    state: AppState,
    renderer: Arc<Renderer>,
    remote: Option<Arc<Remote>>,
}

impl Pages {
    pub fn new(state: AppState, renderer: Arc<Renderer>) -> Self {
        let remote = if remote::is_foreign(renderer.config(), renderer.origin()) {
            match Remote::new(renderer.config().clone()) {
                Ok(remote) => Some(Arc::new(remote)),
                Err(e) => {
                    eprintln!("news-server: no HTTP client for the backend: {e}");
                    None
                }
            }
        } else {
            None
        };
        Pages { state, renderer, remote }
    }
}

fn html(status: StatusCode, body: String) -> Response {
    (status, [(CONTENT_TYPE, "text/html; charset=utf-8"), (CACHE_CONTROL, REVALIDATE)], body).into_response()
}

/// A page filled in in the reader's language: it differs with their cookie.
fn filled(status: StatusCode, body: String) -> Response {
    let mut response = html(status, body);
    response.headers_mut().append(VARY, HeaderValue::from_static("cookie"));
    response
}

/// The language a reader chose with the app's language switch, which the app keeps in the
/// `news-reader-locale` cookie for this server (src/storage.rs): its filled pages then carry
/// the labels the app will show, so nothing changes when the app takes the page over. A value
/// that names no language the app has is ignored.
fn reader_locale(headers: &HeaderMap) -> Option<Locale> {
    crate::cookie_values(headers, "news-reader-locale").find_map(Locale::parse)
}

/// An app route: the page filled in (home, channel, article), or the not-found page with 404.
/// A missing asset (`/app.js`) stays a bare 404, so that the browser never runs HTML as script.
pub async fn page(pages: Pages, req: Request) -> Response {
    let full =
        req.extensions().get::<OriginalUri>().map_or_else(|| req.uri().path().to_string(), |o| o.path().to_string());
    let last = full.rsplit('/').next().unwrap_or_default();
    if Path::new(last).extension().is_some() {
        return StatusCode::NOT_FOUND.into_response();
    }
    if !pages.state.fill_pages {
        return html(StatusCode::OK, pages.renderer.shell.plain().to_string());
    }
    let renderer = pages.renderer.in_locale(reader_locale(req.headers()));
    let below = path_below(renderer.base.as_str(), &full);
    match Route::of(&below) {
        Route::Home => {
            if pages.remote.is_some() {
                // Lists from a foreign backend are the app's to fetch.
                return html(StatusCode::OK, renderer.shell.plain().to_string());
            }
            let query = req.uri().query().unwrap_or_default();
            let value = |key: &str| {
                query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == key).map(|(_, v)| v)
            };
            let page = value("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1);
            let channel = value("channel").and_then(news_model::route::percent_decode).filter(|c| !c.is_empty());
            let list = pages.state.content.page(channel.as_deref(), page, HOME_PER_PAGE);
            filled(StatusCode::OK, renderer.home_page(pages.state.content.site(), channel.as_deref(), &list))
        }
        Route::Article(id) => match article(&pages, &id).await {
            Ok(Some((site, data))) => filled(StatusCode::OK, renderer.article_page(&site, &data)),
            Ok(None) => filled(StatusCode::NOT_FOUND, renderer.not_found_page(&local_or_empty_site(&pages))),
            Err(e) => {
                eprintln!("news-server: article {id:?} served unfilled: {e}");
                html(StatusCode::OK, renderer.shell.plain().to_string())
            }
        },
        Route::NotFound => filled(StatusCode::NOT_FOUND, renderer.not_found_page(&local_or_empty_site(&pages))),
    }
}

fn local_or_empty_site(pages: &Pages) -> Site {
    match pages.remote {
        Some(_) => Site::default(),
        None => pages.state.content.site().clone(),
    }
}

/// `Ok(None)`: no such article; `Err`: the backend could not say.
async fn article(pages: &Pages, id: &str) -> Result<Option<(Site, ArticleData)>, String> {
    if let Some(remote) = &pages.remote {
        return Ok(match remote.article(id).await? {
            Found::Article(found) => Some(*found),
            Found::Missing => None,
        });
    }
    Ok(local_article(&pages.state, pages.renderer.config(), id).await)
}

/// From this server's content, exactly as `/api` answers it.
pub(crate) async fn local_article(
    state: &AppState,
    config: &news_model::Config,
    id: &str,
) -> Option<(Site, ArticleData)> {
    let article = crate::full_article(state, id).await?;
    let related = state.content.related(id).unwrap_or(ItemList { items: Vec::new() });
    Some((state.content.site().clone(), ArticleData::new(config, article, related)))
}

fn text_answer(content_type: &'static str, body: String) -> Response {
    (StatusCode::OK, [(CONTENT_TYPE, content_type), (CACHE_CONTROL, REVALIDATE)], body).into_response()
}

pub async fn sitemap(State(pages): State<Pages>) -> Response {
    let articles: Vec<_> = pages.state.content.articles().collect();
    let body = pages.renderer.sitemap(pages.state.content.site(), &articles, crate::now_unix());
    text_answer("application/xml; charset=utf-8", body)
}

pub async fn robots(State(pages): State<Pages>) -> Response {
    text_answer("text/plain; charset=utf-8", pages.renderer.robots())
}

pub async fn rss(State(pages): State<Pages>) -> Response {
    let articles: Vec<_> = pages.state.content.articles().collect();
    text_answer("application/rss+xml; charset=utf-8", pages.renderer.rss(pages.state.content.site(), &articles))
}

pub async fn json_feed(State(pages): State<Pages>) -> Response {
    let articles: Vec<_> = pages.state.content.articles().collect();
    text_answer("application/feed+json; charset=utf-8", pages.renderer.json_feed(pages.state.content.site(), &articles))
}

/// Whether a built file's name carries its content hash, as Trunk writes them
/// (`news-reader-3f2a9c0d1e4b5a67_bg.wasm`, `base-9c1d2e3f4a5b6c7d.css`).
pub fn is_hashed_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else { return false };
    (8..=20).contains(&hash.len())
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && hash.bytes().any(|b| b.is_ascii_digit())
}

/// Caching for the built files: immutable for hashed names, revalidated for the rest
/// (index.html, config.json, sw.js, icons), which keep their names across builds.
pub async fn dist_cache(req: Request, next: Next) -> Response {
    let name = req.uri().path().rsplit('/').next().unwrap_or_default().to_string();
    let mut response = next.run(req).await;
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        let headers = response.headers_mut();
        if is_hashed_name(&name) {
            headers.insert(CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        } else if !headers.contains_key(CACHE_CONTROL) {
            headers.insert(CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
        }
    }
    response
}

/// A weak ETag on every page and API answer to a GET (not on what must not be stored), and
/// `304 Not Modified` when the client already holds it. Weak: compression, outside this layer,
/// changes the bytes but not the content.
pub async fn etag(req: Request, next: Next) -> Response {
    let conditional = matches!(*req.method(), Method::GET | Method::HEAD)
        .then(|| req.headers().get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string));
    let response = next.run(req).await;
    let Some(if_none_match) = conditional else { return response };
    let headers = response.headers();
    let kind = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_ascii_lowercase();
    let taggable = response.status() == StatusCode::OK
        && (kind.starts_with("text/html") || kind.starts_with("application/json"))
        && !headers.contains_key(ETAG)
        && !headers.contains_key(CONTENT_ENCODING)
        && !headers.get(CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-store"));
    if !taggable {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_TAGGED_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let digest = Sha256::digest(&bytes);
    let tag = format!("W/\"{}\"", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..18]));
    let Ok(value) = HeaderValue::from_str(&tag) else { return Response::from_parts(parts, Body::from(bytes)) };
    parts.headers.insert(ETAG, value);
    parts.headers.append(VARY, HeaderValue::from_static("accept-encoding"));
    let matches = if_none_match.is_some_and(|given| {
        given.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == tag.trim_start_matches("W/"))
    });
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(CONTENT_TYPE);
        parts.headers.remove(axum::http::header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Files worth compressing ahead: text and wasm. Not HTML: a page's CSP is computed from its
/// uncompressed text, so pages are compressed on the way out.
const COMPRESSIBLE: [&str; 8] = ["js", "mjs", "wasm", "css", "svg", "json", "txt", "xml"];
/// Smaller files are not worth a sibling.
const MIN_COMPRESS_BYTES: u64 = 512;

/// Writes `NAME.br` and `NAME.gz` beside each compressible file of `dist` that has none newer
/// than itself, on a blocking thread after start-up; a read-only `dist` is logged and skipped
/// (its files are then compressed on the fly).
pub fn precompress_in_background(dist: PathBuf) {
    // Outside a runtime (a router built for inspection only) there is no background.
    let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
    runtime.spawn_blocking(move || match precompress_dir(&dist) {
        // Said even for none: a benchmark waits for this line before it measures.
        Ok(n) => println!("precompressed {n} files in {}", dist.display()),
        Err(e) => eprintln!("news-server: {}: not precompressed: {e}", dist.display()),
    });
}

/// The synchronous work of [`precompress_in_background`]; returns how many files it wrote.
pub fn precompress_dir(dir: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let meta = entry.metadata()?;
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
            if !COMPRESSIBLE.contains(&ext) || meta.len() < MIN_COMPRESS_BYTES {
                continue;
            }
            let modified = meta.modified()?;
            for (suffix, compress) in
                [("br", brotli_bytes as fn(&[u8]) -> std::io::Result<Vec<u8>>), ("gz", gzip_bytes)]
            {
                let sibling = PathBuf::from(format!("{}.{suffix}", path.display()));
                let fresh = std::fs::metadata(&sibling).and_then(|m| m.modified()).is_ok_and(|m| m >= modified);
                if fresh {
                    continue;
                }
                let packed = compress(&std::fs::read(&path)?)?;
                // Renamed into place: the server never serves a half-written sibling. The
                // process id keeps two servers sharing one dist/ from writing one partial file.
                let partial = PathBuf::from(format!("{}.{suffix}.{}.partial", path.display(), std::process::id()));
                std::fs::write(&partial, packed)?;
                std::fs::rename(&partial, &sibling)?;
                written += 1;
            }
        }
    }
    Ok(written)
}

pub fn brotli_bytes(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

pub fn gzip_bytes(data: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    encoder.finish()
}
