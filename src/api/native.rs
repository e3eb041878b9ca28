//! The native adapter: the contract in docs/api.md, at the paths config.json's `endpoints` give
//! (the contract's own paths by default).

use super::backend::{CommentAction, ListQuery};
use super::{decode, fetch_json, json_body, request, send_json, Method, Write};
use news_model::comments::{Comment, CommentPage, CommentSort, LikeCount, NewComment};
use news_model::config::percent_encode;
use news_model::{ApiError, Article, Config, Endpoint, ItemList, Page, Site, Summary};

pub async fn fetch_site(config: &Config) -> Result<Site, ApiError> {
    fetch_json(&config.endpoint_url(Endpoint::Site, &[]), config.request_timeout_ms).await
}

pub async fn fetch_articles(config: &Config, query: &ListQuery) -> Result<Page<Summary>, ApiError> {
    let (page, per_page) = (query.page.to_string(), query.per_page.to_string());
    let channel = query.channel.as_deref();
    let vars = [("page", page.as_str()), ("per_page", &per_page), ("channel", channel.unwrap_or_default())];
    let endpoint = if channel.is_some() { Endpoint::ChannelArticles } else { Endpoint::Articles };
    let url = config.endpoint_url(endpoint, &vars);
    fetch_json(&url, config.request_timeout_ms).await
}

/// The article, with `related` filled from the related endpoint when the backend did not embed
/// it. One request chain, one loading state: a second resource for the related list cost ~5 KB
/// of wasm. A failing related list only costs that section (logged), never the article.
pub async fn fetch_article(config: &Config, id: &str) -> Result<Article, ApiError> {
    let mut article: Article =
        fetch_json(&config.endpoint_url(Endpoint::Article, &[("id", id)]), config.request_timeout_ms).await?;
    if article.related.is_none() {
        match fetch_related(config, id).await {
            Ok(items) => article.related = Some(items),
            Err(e) => web_sys::console::warn_1(&format!("related news unavailable: {e}").into()),
        }
    }
    Ok(article)
}

async fn fetch_related(config: &Config, id: &str) -> Result<Vec<Summary>, ApiError> {
    let url = config.endpoint_url(Endpoint::Related, &[("id", id)]);
    let list: ItemList<Summary> = fetch_json(&url, config.request_timeout_ms).await?;
    Ok(list.items)
}

/// A page by number, or the one after `cursor` (a previous page's `next_cursor`, sent back as
/// a `cursor` parameter after the template's own).
pub async fn fetch_comments(
    config: &Config,
    article_id: &str,
    page: u32,
    cursor: Option<&str>,
    sort: CommentSort,
) -> Result<CommentPage, ApiError> {
    let (page, per_page) = (page.to_string(), config.comments.page_size.to_string());
    let vars = [("id", article_id), ("page", &page), ("per_page", &per_page), ("sort", sort.as_str())];
    let mut url = config.endpoint_url(Endpoint::Comments, &vars);
    if let Some(cursor) = cursor {
        let joint = if url.contains('?') { '&' } else { '?' };
        url = format!("{url}{joint}cursor={}", percent_encode(cursor));
    }
    fetch_json(&url, config.request_timeout_ms).await
}

/// Posts a comment. `client_id` makes a retry safe: the server stores a given id once.
pub async fn post_comment(
    config: &Config,
    article_id: &str,
    comment: &NewComment,
    reader_token: Option<&str>,
) -> Result<Comment, ApiError> {
    let body = json_body(&[
        ("author", Some(&comment.author)),
        ("content", Some(&comment.content)),
        ("parent_id", comment.parent_id.as_deref()),
        ("client_id", Some(&comment.client_id)),
    ]);
    let url = config.endpoint_url(Endpoint::PostComment, &[("id", article_id)]);
    send_json(Method::Post, &url, body, reader_token, config.request_timeout_ms).await
}

/// Likes (or, with `liked = false`, unlikes) a comment as this reader; answers the new count.
/// 赞 (or its undoing) and 举报: one request shape, `{"client_id", "reason"?}` to a comment's
/// endpoint, sent by one function so the wasm holds one copy of it. A like answers with the new
/// count, a report with nothing.
pub async fn act_on_comment(
    config: &Config,
    comment_id: &str,
    reader_id: &str,
    reader_token: Option<&str>,
    action: &CommentAction,
) -> Result<Option<u64>, ApiError> {
    let (endpoint, method, reason) = match action {
        CommentAction::Like(true) => (Endpoint::Like, Method::Post, None),
        CommentAction::Like(false) => (Endpoint::Like, Method::Delete, None),
        CommentAction::Report(reason) => (Endpoint::Report, Method::Post, Some(reason.as_str())),
    };
    let url = config.endpoint_url(endpoint, &[("id", comment_id)]);
    let fields = [("client_id", Some(reader_id)), ("reason", reason)];
    let body = json_body(if reason.is_some() { &fields } else { &fields[..1] });
    let write = Write { body, reader_token };
    let reply = request(method, &url, Some(write), config.request_timeout_ms).await?;
    match action {
        CommentAction::Like(_) => Ok(Some(decode::<LikeCount>(&reply.body)?.likes)),
        CommentAction::Report(_) => Ok(None),
    }
}
