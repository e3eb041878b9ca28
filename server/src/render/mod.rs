//! Pages filled in on the server: the built index.html with the head tags search engines and
//! share previews read (title, description, canonical, Open Graph, Twitter, JSON-LD) and, in the
//! body, the readable page the app would show, so that a reader or crawler without JavaScript
//! reads it all. The article data is embedded for the app to take over without asking again.
//!
//! - `page.rs`: the shell and the markup of each page, mirroring the app's components;
//! - `sanitize.rs`: the article body through the app's allow-list, on html5ever's parse;
//! - `feeds.rs`: sitemap.xml, robots.txt, RSS 2.0 and JSON Feed 1.1;
//! - `remote.rs`: articles from the backend config.json names, when it is not this server;
//! - `prerender.rs`: the same pages written to files (`news-server prerender`).

pub mod feeds;
pub mod page;
pub mod prerender;
pub mod remote;
pub mod sanitize;

use crate::BasePath;
use news_model::{Article, Config, ItemList, Locale, Summary};
use std::borrow::Cow;
use std::path::Path;

pub use page::Shell;

/// What the pages are made from, besides the content: the built index.html, the config.json
/// beside it, where the site is published and under which path.
#[derive(Clone)]
pub struct Renderer {
    pub(crate) shell: Shell,
    pub(crate) config: Config,
    /// `https://news.example`: no trailing slash.
    pub(crate) origin: String,
    pub(crate) base: BasePath,
}

impl Renderer {
    pub fn new(index_html: String, config_json: Option<&str>, origin: &str, base: BasePath) -> Self {
        let config = config_json.map(|text| Config::from_json(text).0).unwrap_or_default();
        Renderer { shell: Shell::new(index_html), config, origin: origin.trim_end_matches('/').to_string(), base }
    }

    /// This renderer for a reader who chose `locale` (the app tells the server in a cookie, see
    /// `live::reader_locale`): the site's own renderer when that is the site's language.
    pub fn in_locale(&self, locale: Option<Locale>) -> Cow<'_, Renderer> {
        match locale {
            Some(locale) if locale != self.config.locale => {
                let mut renderer = self.clone();
                renderer.config.locale = locale;
                Cow::Owned(renderer)
            }
            _ => Cow::Borrowed(self),
        }
    }

    /// From a built app: `DIST/index.html` (required) and `DIST/config.json` (optional).
    pub fn from_dist(dist: &Path, origin: &str, base: BasePath) -> Result<Self, String> {
        let index = dist.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
        // A page this server filled in is no shell: filling it again would double its tags.
        if html.contains("data-prerendered=") {
            return Err(format!("{} is a filled-in page, not the app's built shell", index.display()));
        }
        let config = std::fs::read_to_string(dist.join("config.json")).ok();
        Ok(Renderer::new(html, config.as_deref(), origin, base))
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn locale(&self) -> Locale {
        self.config.locale
    }

    /// `/articles/{id}` under the base, percent-encoded as the app's links are.
    pub fn article_path(&self, id: &str) -> String {
        format!("{}/articles/{}", self.base.as_str(), news_model::config::percent_encode(id))
    }

    /// The home list at a channel and page, as the app's `paths.home_page`.
    pub fn home_path(&self, channel: Option<&str>, page: u32) -> String {
        let mut query = Vec::new();
        if let Some(channel) = channel {
            query.push(format!("channel={}", news_model::config::percent_encode(channel)));
        }
        if page > 1 {
            query.push(format!("page={page}"));
        }
        match query.is_empty() {
            true => self.base.home(),
            false => format!("{}/?{}", self.base.as_str(), query.join("&")),
        }
    }

    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// A URL from content made absolute against the page `page_path`, as the browser resolves
    /// it (share previews need absolute URLs); `None` for an unsafe one.
    pub fn absolute_url(&self, url: &str, page_path: &str) -> Option<String> {
        let url = news_model::sanitize_policy::safe_url(url, false)?;
        if url.is_empty() {
            return None;
        }
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Some(url);
        }
        if let Some(rest) = url.strip_prefix("//") {
            let scheme = self.origin.split_once("://").map_or("https", |(scheme, _)| scheme);
            return Some(format!("{scheme}://{rest}"));
        }
        if url.starts_with('/') {
            return Some(format!("{}{url}", self.origin));
        }
        let dir = page_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        Some(format!("{}{dir}/{url}", self.origin))
    }
}

/// An article page's data: the article and its related list, each also as the exact JSON the
/// API answers (embedded for the app), with the URLs the app would ask them at.
#[derive(Clone, Debug)]
pub struct ArticleData {
    pub article: Article,
    pub related: Vec<Summary>,
    /// The bytes `GET {article_url}` answers.
    pub article_json: String,
    /// The bytes `GET {related_url}` answers.
    pub related_json: String,
    pub article_url: String,
    pub related_url: String,
}

impl ArticleData {
    /// From the contract types, serialised as the reference server's API serialises them.
    pub fn new(config: &Config, article: Article, related: ItemList<Summary>) -> Self {
        let id = article.id.clone();
        let article_json = serde_json::to_string(&article).unwrap_or_default();
        let related_json = serde_json::to_string(&related).unwrap_or_default();
        ArticleData {
            article,
            related: related.items,
            article_json,
            related_json,
            article_url: config.endpoint_url(news_model::Endpoint::Article, &[("id", &id)]),
            related_url: config.endpoint_url(news_model::Endpoint::Related, &[("id", &id)]),
        }
    }
}

/// JSON made safe for the text of a `<script>` element: `<`, `>` and `&` (so no `</script>`,
/// `<!--` or `<script` can appear) and U+2028/U+2029 written as `\uXXXX` escapes. These
/// characters only ever occur inside JSON strings, where the escape means the same character,
/// so `JSON.parse` reads the same value.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text, for an element's content.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    sanitize::escape_text(value, &mut out);
    out
}

/// Escaped text, for a double-quoted attribute.
pub fn attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    sanitize::escape_attr(value, &mut out);
    out
}

/// The labels filled-in pages show: the app's own (news-model's `labels`), so a takeover
/// changes no word.
pub use news_model::labels::PageLabels as Strings;
