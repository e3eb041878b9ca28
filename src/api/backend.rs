//! What pages and components call. Each function asks the adapter config.json names; all of
//! them answer in the shared model.

use super::{jsonfeed, native, wordpress};
use news_model::comments::{Comment, CommentPage, CommentSort, NewComment, ReportReason};
use news_model::{Adapter, ApiError, Article, Config, Page, Site, Summary};

pub async fn fetch_site(config: &Config) -> Result<Site, ApiError> {
    match config.adapter {
        Adapter::Native => native::fetch_site(config).await,
        Adapter::JsonFeed => jsonfeed::fetch_site(config).await,
        Adapter::WordPress => wordpress::fetch_site(config).await,
    }
}

/// A page of the newest articles: of all channels, or of one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    pub channel: Option<String>,
    pub page: u32,
    pub per_page: u32,
}

/// Only native backends list channels (`Site::channels`), so the other adapters never get one.
pub async fn fetch_articles(config: &Config, query: &ListQuery) -> Result<Page<Summary>, ApiError> {
    let ListQuery { page, per_page, .. } = *query;
    match config.adapter {
        Adapter::Native => native::fetch_articles(config, query).await,
        Adapter::JsonFeed => jsonfeed::fetch_articles(config, page, per_page).await,
        Adapter::WordPress => wordpress::fetch_articles(config, page, per_page).await,
    }
}

/// The article with its related news filled in (by whatever means the backend offers).
pub async fn fetch_article(config: &Config, id: &str) -> Result<Article, ApiError> {
    match config.adapter {
        Adapter::Native => native::fetch_article(config, id).await,
        Adapter::JsonFeed => jsonfeed::fetch_article(config, id).await,
        Adapter::WordPress => wordpress::fetch_article(config, id).await,
    }
}

/// Comments come from WordPress itself, or from the native contract (at `comments.api_base`
/// when set: how a JSON Feed site has comments).
pub async fn fetch_comments(
    config: &Config,
    article_id: &str,
    page: u32,
    cursor: Option<&str>,
    sort: CommentSort,
) -> Result<CommentPage, ApiError> {
    match config.adapter {
        // WordPress pages only by number (and gives no cursor).
        Adapter::WordPress => wordpress::fetch_comments(config, article_id, page, sort).await,
        _ => native::fetch_comments(config, article_id, page, cursor, sort).await,
    }
}

/// Posts a comment, with the reader's token when the host vouches for them (docs/sso.md; the
/// native contract only: WordPress has its own logins).
pub async fn post_comment(
    config: &Config,
    article_id: &str,
    comment: &NewComment,
    reader_token: Option<&str>,
) -> Result<Comment, ApiError> {
    match config.adapter {
        Adapter::WordPress => wordpress::post_comment(config, article_id, comment).await,
        _ => native::post_comment(config, article_id, comment, reader_token).await,
    }
}

/// What a reader does to a comment besides answering it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentAction {
    /// 赞 (`true`) or taking it back; only where `Config::has_likes`.
    Like(bool),
    /// 举报; only where `Config::has_reports`.
    Report(ReportReason),
}

/// A like answers with the comment's new count (`Some`), a report with nothing. `reader_id` is
/// this browser's anonymous id; `reader_token` the token of a reader the host vouches for.
pub async fn act_on_comment(
    config: &Config,
    comment_id: &str,
    reader_id: &str,
    reader_token: Option<&str>,
    action: CommentAction,
) -> Result<Option<u64>, ApiError> {
    native::act_on_comment(config, comment_id, reader_id, reader_token, &action).await
}
