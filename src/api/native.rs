//! The native adapter: the contract in docs/api.md, spoken as-is.

use super::fetch_json;
use crate::paths::encode;
use news_model::{ApiError, Article, Config, ItemList, Page, Site, Summary};

pub async fn fetch_site(config: &Config) -> Result<Site, ApiError> {
    fetch_json(&config.api_url("/site"), config.request_timeout_ms).await
}

pub async fn fetch_articles(config: &Config, page: u32, per_page: u32) -> Result<Page<Summary>, ApiError> {
    let url = config.api_url(&format!("/articles?page={page}&per_page={per_page}"));
    fetch_json(&url, config.request_timeout_ms).await
}

pub async fn fetch_article(config: &Config, id: &str) -> Result<Article, ApiError> {
    fetch_json(&config.api_url(&format!("/articles/{}", encode(id))), config.request_timeout_ms).await
}

/// Only asked when the article did not embed its `related` list.
pub async fn fetch_related(config: &Config, id: &str) -> Result<Vec<Summary>, ApiError> {
    let url = config.api_url(&format!("/articles/{}/related", encode(id)));
    let list: ItemList<Summary> = fetch_json(&url, config.request_timeout_ms).await?;
    Ok(list.items)
}
