//! The WordPress adapter: `api_base` is the site's `/wp-json`. Posts come with `_embed` (author,
//! featured image, categories and tags in one request); related news are posts of the same
//! category; comments are WordPress's own (posting needs anonymous comments enabled on the site).

use super::{decode, fetch_counted, fetch_json, json_body, send_json, Method};
use news_model::adapters::wordpress as wp;
use news_model::comments::{Comment, CommentPage, CommentSort, NewComment};
use news_model::config::percent_encode;
use news_model::{ApiError, Article, Config, JsonValue, Page, Site, Summary};

const RELATED_COUNT: u32 = 6;

fn mapped<T>(result: Result<T, news_model::DecodeError>) -> Result<T, ApiError> {
    result.map_err(|e| ApiError::Decode(e.to_string()))
}

pub async fn fetch_site(config: &Config) -> Result<Site, ApiError> {
    let index: JsonValue = fetch_json(&config.api_url("/"), config.request_timeout_ms).await?;
    mapped(wp::site_from_index(&index))
}

pub async fn fetch_articles(config: &Config, page: u32, per_page: u32) -> Result<Page<Summary>, ApiError> {
    let url = config.api_url(&format!("/wp/v2/posts?_embed&page={page}&per_page={per_page}"));
    let reply = fetch_counted(&url, config.request_timeout_ms).await?;
    mapped(wp::posts_page(&decode::<JsonValue>(&reply.body)?, page, per_page, reply.total))
}

/// By numeric id, or else by slug.
pub async fn fetch_article(config: &Config, id: &str) -> Result<Article, ApiError> {
    let numeric = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    let post: JsonValue = if numeric {
        fetch_json(&config.api_url(&format!("/wp/v2/posts/{id}?_embed")), config.request_timeout_ms).await?
    } else {
        let url = config.api_url(&format!("/wp/v2/posts?_embed&slug={}", percent_encode(id)));
        let found: JsonValue = fetch_json(&url, config.request_timeout_ms).await?;
        found.as_array().and_then(|posts| posts.first()).cloned().ok_or(ApiError::NotFound)?
    };
    let mut article = mapped(wp::post_to_article(&post))?;
    if let Some(channel) = &article.channel {
        let url = config.api_url(&format!(
            "/wp/v2/posts?_embed&per_page={RELATED_COUNT}&categories={}&exclude={}",
            percent_encode(&channel.id),
            percent_encode(&article.id)
        ));
        match fetch_counted(&url, config.request_timeout_ms).await {
            Ok(reply) => {
                let page =
                    decode::<JsonValue>(&reply.body).and_then(|v| mapped(wp::posts_page(&v, 1, RELATED_COUNT, None)));
                article.related = page.ok().map(|p| p.items);
            }
            Err(e) => web_sys::console::warn_1(&format!("related news unavailable: {e}").into()),
        }
    }
    Ok(article)
}

/// WordPress has no "hot" order: it reads as newest.
pub async fn fetch_comments(
    config: &Config,
    post_id: &str,
    page: u32,
    sort: CommentSort,
) -> Result<CommentPage, ApiError> {
    let order = if sort == CommentSort::Oldest { "asc" } else { "desc" };
    let url = config.api_url(&format!(
        "/wp/v2/comments?post={}&page={page}&per_page={}&orderby=date&order={order}",
        percent_encode(post_id),
        config.comments.page_size
    ));
    let reply = fetch_counted(&url, config.request_timeout_ms).await?;
    mapped(wp::comments_page(&decode::<JsonValue>(&reply.body)?, page, config.comments.page_size, reply.total))
}

pub async fn post_comment(config: &Config, post_id: &str, comment: &NewComment) -> Result<Comment, ApiError> {
    let fields = wp::new_comment_fields(post_id, &comment.author, &comment.content, comment.parent_id.as_deref());
    let body = json_body(&fields.iter().map(|(k, v)| (*k, v.as_deref())).collect::<Vec<_>>());
    let stored: JsonValue =
        send_json(Method::Post, &config.api_url("/wp/v2/comments"), body, None, config.request_timeout_ms).await?;
    mapped(wp::comment_from_wp(&stored))
}
