//! The JSON Feed adapter: the home list is the feed, an article is one item by id. Pages of the
//! feed (`next_url`) are fetched as needed and kept in memory, so opening an article from the
//! list costs no request.

use super::fetch_json;
use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use news_model::adapters::jsonfeed::Feed;
use news_model::{ApiError, Article, Config, Page, Site, Summary};
use std::cell::RefCell;

/// How many feed pages one request of the app may follow.
const MAX_FEED_PAGES: usize = 10;

type FirstPage = Shared<LocalBoxFuture<'static, Result<Feed, ApiError>>>;

thread_local! {
    /// The feed read so far, with the URL it came from.
    static FEED: RefCell<Option<(String, Feed)>> = const { RefCell::new(None) };
    /// The first page while it is being fetched: the site and the list ask at the same time at
    /// start-up, and must share one request.
    static FIRST_PAGE: RefCell<Option<(String, FirstPage)>> = const { RefCell::new(None) };
}

fn first_page(url: &str, timeout_ms: u32) -> FirstPage {
    FIRST_PAGE.with_borrow_mut(|pending| match pending {
        Some((u, shared)) if u == url => shared.clone(),
        _ => {
            let owned = url.to_string();
            let shared = async move { fetch_json::<Feed>(&owned, timeout_ms).await.map(noted) }.boxed_local().shared();
            *pending = Some((url.to_string(), shared.clone()));
            shared
        }
    })
}

/// The feed, extended through `next_url` until `enough` says so (or the feed ends).
async fn feed_until(config: &Config, enough: impl Fn(&Feed) -> bool) -> Result<Feed, ApiError> {
    let url = config.feed_url.clone().ok_or_else(|| ApiError::Decode("config.json has no feed_url".into()))?;
    let cached = FEED.with_borrow(|cache| cache.as_ref().filter(|(u, _)| *u == url).map(|(_, feed)| feed.clone()));
    let mut feed = match cached {
        Some(feed) => feed,
        None => {
            let result = first_page(&url, config.request_timeout_ms).await;
            // A failed first page is asked again on retry, not served from the shared future.
            FIRST_PAGE.set(None);
            result?
        }
    };
    keep_longest(&url, &feed);
    for _ in 0..MAX_FEED_PAGES {
        let next = match &feed.next_url {
            Some(next) if !enough(&feed) => next.clone(),
            _ => break,
        };
        let more = noted(fetch_json(&next, config.request_timeout_ms).await?);
        feed.extend(more);
    }
    keep_longest(&url, &feed);
    Ok(feed)
}

/// Says in the console which items of a feed page could not be read: they are left out, and
/// the feed's owner may want to know why.
fn noted(feed: Feed) -> Feed {
    for skipped in &feed.skipped {
        web_sys::console::warn_1(&format!("JSON Feed item left out: {skipped}").into());
    }
    feed
}

/// Caches `feed` unless a longer read of the same feed is kept: two requests extending the
/// feed at once must not lose pages.
fn keep_longest(url: &str, feed: &Feed) {
    FEED.with_borrow_mut(|cache| {
        let shorter = cache.as_ref().is_none_or(|(u, kept)| u != url || kept.items.len() <= feed.items.len());
        if shorter {
            *cache = Some((url.to_string(), feed.clone()));
        }
    });
}

pub async fn fetch_site(config: &Config) -> Result<Site, ApiError> {
    Ok(feed_until(config, |_| true).await?.site())
}

pub async fn fetch_articles(config: &Config, page: u32, per_page: u32) -> Result<Page<Summary>, ApiError> {
    let wanted = page.saturating_mul(per_page) as usize;
    let feed = feed_until(config, |feed| feed.items.len() > wanted).await?;
    let mut list = feed.page(page, per_page);
    if feed.next_url.is_some() {
        // More items exist beyond what was read: say so, so the pager offers the next page.
        list.total = list.total.max(u64::from(page.saturating_mul(per_page)) + 1);
    }
    Ok(list)
}

pub async fn fetch_article(config: &Config, id: &str) -> Result<Article, ApiError> {
    let feed = feed_until(config, |feed| feed.items.iter().any(|item| item.id == id)).await?;
    let mut article = feed.article(id).ok_or(ApiError::NotFound)?;
    // A feed has no comments of its own; a configured comments API opens them.
    article.comments_open = config.has_comments();
    Ok(article)
}
