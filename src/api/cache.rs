//! The last articles and lists shown, kept in memory so back, forward and a second visit render
//! at once (and stay readable when the network drops), plus prefetching: when the reader points
//! at or focuses a story link, its article is fetched before the click.
//!
//! Bounded twice: a handful of entries each ([`Recent`]), and a few minutes of freshness, after
//! which a page asks the backend again. Comments are live and never cached.

use super::backend::{self, ListQuery};
use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use news_model::recent::Recent;
use news_model::{ApiError, Article, Config, Page, Summary};
use std::cell::RefCell;
use std::future::Future;
use std::thread::LocalKey;

/// Articles are the big entries (their body HTML): 16 of them stay well under a megabyte.
const ARTICLES: usize = 16;
const LISTS: usize = 8;
/// Long enough for an evening's back and forth; short enough that a list shows new stories.
const FRESH_MS: f64 = 5.0 * 60.0 * 1000.0;

/// A value with the time it arrived.
type Stamped<T> = (f64, T);
type Store<T> = LocalKey<RefCell<Recent<Stamped<T>>>>;
type Prefetch = Shared<LocalBoxFuture<'static, Result<Article, ApiError>>>;

thread_local! {
    static ARTICLE_CACHE: RefCell<Recent<Stamped<Article>>> = const { RefCell::new(Recent::new(ARTICLES)) };
    static LIST_CACHE: RefCell<Recent<Stamped<Page<Summary>>>> = const { RefCell::new(Recent::new(LISTS)) };
    /// The one prefetch in flight, by cache key: prefetching never runs more than one request.
    static PREFETCH: RefCell<Option<(String, Prefetch)>> = const { RefCell::new(None) };
}

/// Instances embedded with different backends share the page's memory: keys name the backend.
fn key(config: &Config, what: &str) -> String {
    let feed = config.feed_url.as_deref().unwrap_or_default();
    format!("{}|{feed}|{}|{what}", config.api_base, config.adapter as u8)
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn fresh<T: Clone>(store: &'static Store<T>, key: &str) -> Option<T> {
    let (at, value) = store.with_borrow_mut(|s| s.get(key))?;
    (now() - at < FRESH_MS).then_some(value)
}

async fn remember<T: Clone>(
    store: &'static Store<T>,
    key: String,
    request: impl Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    let result = request.await;
    if let Ok(value) = &result {
        store.with_borrow_mut(|s| s.put(key, (now(), value.clone())));
    }
    result
}

/// The article if it was shown (or prefetched) a moment ago: the page then renders at once.
pub fn ready_article(config: &Config, id: &str) -> Option<Article> {
    fresh(&ARTICLE_CACHE, &key(config, id))
}

pub async fn fetch_article(config: &Config, id: &str) -> Result<Article, ApiError> {
    let key = key(config, id);
    let prefetched = PREFETCH.with_borrow(|p| p.as_ref().filter(|(k, _)| *k == key).map(|(_, f)| f.clone()));
    if let Some(Ok(article)) = match prefetched {
        Some(prefetch) => Some(prefetch.await),
        None => None,
    } {
        return Ok(article);
    }
    remember(&ARTICLE_CACHE, key, backend::fetch_article(config, id)).await
}

pub fn ready_articles(config: &Config, query: &ListQuery) -> Option<Page<Summary>> {
    fresh(&LIST_CACHE, &list_key(config, query))
}

pub async fn fetch_articles(config: &Config, query: &ListQuery) -> Result<Page<Summary>, ApiError> {
    remember(&LIST_CACHE, list_key(config, query), backend::fetch_articles(config, query)).await
}

fn list_key(config: &Config, query: &ListQuery) -> String {
    let ListQuery { channel, page, per_page } = query;
    key(config, &format!("list:{}:{page}:{per_page}", channel.as_deref().unwrap_or_default()))
}

/// Fetches an article the reader is likely to open next, unless it is cached or another
/// prefetch is still running. Not tied to any view: leaving the page does not abort it, the
/// request's own timeout bounds it.
pub fn prefetch_article(config: &Config, id: &str) {
    let key = key(config, id);
    let busy = PREFETCH.with_borrow(|p| p.is_some());
    if busy || fresh(&ARTICLE_CACHE, &key).is_some() {
        return;
    }
    let (config, id) = (config.clone(), id.to_string());
    let request = {
        let key = key.clone();
        async move { remember(&ARTICLE_CACHE, key, backend::fetch_article(&config, &id)).await }
    };
    let shared = request.boxed_local().shared();
    PREFETCH.set(Some((key, shared.clone())));
    wasm_bindgen_futures::spawn_local(async move {
        // Failures are not the reader's concern here: the click will ask again and show them.
        let _ = shared.await;
        PREFETCH.set(None);
    });
}
