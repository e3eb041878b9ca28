//! Articles from the backend the app's config.json names, when that is not this server: a
//! native backend at an absolute `api_base` (or absolute endpoint templates), a JSON Feed, or a
//! WordPress site. The server asks it as the app would and maps the answer with the adapters
//! in news-model. Answers are kept in a bounded cache for a while; a backend that is slow or
//! fails yields `Err`, and the page is then served as the plain shell (the app fetches it
//! itself), never a hung request.

use super::ArticleData;
use news_model::adapters::{jsonfeed::Feed, wordpress as wp};
use news_model::config::percent_encode;
use news_model::{Adapter, Article, Config, Endpoint, ItemList, JsonValue, Site, Summary};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest a page waits for the backend, whatever config.json's `request_timeout_ms`.
pub const MAX_WAIT: Duration = Duration::from_secs(3);
/// How long an answer is reused.
pub const TTL: Duration = Duration::from_secs(60);
/// How many answers are kept (oldest dropped first).
pub const CACHE_ENTRIES: usize = 256;
/// A backend answer bigger than this is refused.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// What the backend said about one article.
#[derive(Clone, Debug)]
pub enum Found {
    Article(Box<(Site, ArticleData)>),
    /// The backend says there is no such article (HTTP 404, or not in the feed).
    Missing,
}

pub struct Remote {
    config: Config,
    client: reqwest::Client,
    wait: Duration,
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    entries: HashMap<String, (Instant, Found)>,
    order: VecDeque<String>,
}

/// Whether config.json sends the app to a backend other than this server's `/api`: another
/// adapter, or a native `api_base` or article endpoint that is an absolute URL other than
/// `own_origin`'s.
pub fn is_foreign(config: &Config, own_origin: &str) -> bool {
    if config.adapter != Adapter::Native {
        return true;
    }
    let url = config.endpoint_url(Endpoint::Article, &[("id", "x")]);
    let absolute = url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//");
    absolute && !url.to_ascii_lowercase().starts_with(&format!("{}/", own_origin.to_ascii_lowercase()))
}

impl Remote {
    pub fn new(config: Config) -> Result<Self, String> {
        let wait = Duration::from_millis(u64::from(config.request_timeout_ms.max(1))).min(MAX_WAIT);
        let client = reqwest::Client::builder()
            .timeout(wait)
            .connect_timeout(wait)
            .redirect(reqwest::redirect::Policy::limited(3))
            .user_agent(concat!("news-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Remote { config, client, wait, cache: Mutex::new(Cache::default()) })
    }

    /// The article `id` from the cache or the backend; `Err` when the backend could not say in
    /// time (the error is for the log).
    pub async fn article(&self, id: &str) -> Result<Found, String> {
        if let Some(found) = self.cached(id) {
            return Ok(found);
        }
        let found = tokio::time::timeout(self.wait, self.fetch(id))
            .await
            .map_err(|_| format!("backend took longer than {} ms", self.wait.as_millis()))??;
        self.keep(id, found.clone());
        Ok(found)
    }

    fn cached(&self, id: &str) -> Option<Found> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.entries.get(id).filter(|(at, _)| at.elapsed() < TTL).map(|(_, found)| found.clone())
    }

    fn keep(&self, id: &str, found: Found) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.entries.insert(id.to_string(), (Instant::now(), found)).is_none() {
            cache.order.push_back(id.to_string());
        }
        while cache.order.len() > CACHE_ENTRIES {
            if let Some(oldest) = cache.order.pop_front() {
                cache.entries.remove(&oldest);
            }
        }
    }

    /// `(status, body)`; a body past [`MAX_BODY`] is an error.
    async fn get(&self, url: &str) -> Result<(u16, String), String> {
        let response =
            self.client.get(url).header("accept", "application/json").send().await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        if response.content_length().is_some_and(|n| n > MAX_BODY as u64) {
            return Err(format!("{url}: answer too large"));
        }
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        if bytes.len() > MAX_BODY {
            return Err(format!("{url}: answer too large"));
        }
        Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
    }

    async fn get_ok(&self, url: &str) -> Result<String, String> {
        match self.get(url).await? {
            (200..=299, body) => Ok(body),
            (status, _) => Err(format!("{url}: HTTP {status}")),
        }
    }

    async fn fetch(&self, id: &str) -> Result<Found, String> {
        match self.config.adapter {
            Adapter::Native => self.fetch_native(id).await,
            Adapter::JsonFeed => self.fetch_feed(id).await,
            Adapter::WordPress => self.fetch_wordpress(id).await,
        }
    }

    /// The contract at another address: the answers are embedded as they came.
    async fn fetch_native(&self, id: &str) -> Result<Found, String> {
        let article_url = self.config.endpoint_url(Endpoint::Article, &[("id", id)]);
        let site_url = self.config.endpoint_url(Endpoint::Site, &[]);
        let (article, site) = tokio::join!(self.get(&article_url), self.get_ok(&site_url));
        let article_json = match article? {
            (404 | 410, _) => return Ok(Found::Missing),
            (200..=299, body) => body,
            (status, _) => return Err(format!("{article_url}: HTTP {status}")),
        };
        let article: Article = news_model::decode::from_str(&article_json).map_err(|e| e.to_string())?;
        let site: Site = news_model::decode::from_str(&site?).map_err(|e| e.to_string())?;
        let related_url = self.config.endpoint_url(Endpoint::Related, &[("id", id)]);
        let (related, related_json) = match &article.related {
            // The app asks for no list when the article has one: neither does the page.
            Some(items) => (items.clone(), String::new()),
            None => {
                let body = self.get_ok(&related_url).await.unwrap_or_default();
                match news_model::decode::from_str::<ItemList<Summary>>(&body) {
                    Ok(list) => (list.items, body),
                    Err(_) => (Vec::new(), String::new()),
                }
            }
        };
        let data = ArticleData { article, related, article_json, related_json, article_url, related_url };
        Ok(Found::Article(Box::new((site, data))))
    }

    /// One item of the feed at `feed_url` (its first page).
    async fn fetch_feed(&self, id: &str) -> Result<Found, String> {
        let url = self.config.feed_url.clone().ok_or("config.json has no feed_url")?;
        let feed: Feed = news_model::decode::from_str(&self.get_ok(&url).await?).map_err(|e| e.to_string())?;
        let Some(article) = feed.article(id) else { return Ok(Found::Missing) };
        let related = article.related.clone().unwrap_or_default();
        Ok(Found::Article(Box::new((feed.site(), mapped(article, related)))))
    }

    /// A post by numeric id, else by slug, with the site from the REST index.
    async fn fetch_wordpress(&self, id: &str) -> Result<Found, String> {
        let numeric = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
        let post_url = if numeric {
            self.config.api_url(&format!("/wp/v2/posts/{id}?_embed"))
        } else {
            self.config.api_url(&format!("/wp/v2/posts?_embed&slug={}", percent_encode(id)))
        };
        let index_url = self.config.api_url("/");
        let (post, index) = tokio::join!(self.get(&post_url), self.get_ok(&index_url));
        let body = match post? {
            (404 | 410, _) => return Ok(Found::Missing),
            (200..=299, body) => body,
            (status, _) => return Err(format!("{post_url}: HTTP {status}")),
        };
        let value: JsonValue = serde_json::from_str(&body).map_err(|e| e.to_string())?;
        let post = if numeric { Some(value) } else { value.as_array().and_then(|posts| posts.first()).cloned() };
        let Some(post) = post else { return Ok(Found::Missing) };
        let article = wp::post_to_article(&post).map_err(|e| e.to_string())?;
        let index: JsonValue = serde_json::from_str(&index?).map_err(|e| e.to_string())?;
        let site = wp::site_from_index(&index).map_err(|e| e.to_string())?;
        let related = article.related.clone().unwrap_or_default();
        Ok(Found::Article(Box::new((site, mapped(article, related)))))
    }
}

/// A mapped article: embedded as the contract's JSON, with no URLs (the app's adapter would
/// ask the backend's own shapes, not these).
fn mapped(article: Article, related: Vec<Summary>) -> ArticleData {
    let article_json = serde_json::to_string(&article).unwrap_or_default();
    let related_json = serde_json::to_string(&ItemList { items: related.clone() }).unwrap_or_default();
    ArticleData { article, related, article_json, related_json, article_url: String::new(), related_url: String::new() }
}
