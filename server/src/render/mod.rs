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
use std::path::Path;

pub use page::Shell;

/// What the pages are made from, besides the content: the built index.html, the config.json
/// beside it, where the site is published and under which path.
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

/// The app's strings that the filled-in pages show, in its two languages (src/i18n.rs).
pub struct Strings {
    pub home: &'static str,
    pub source: &'static str,
    pub author: &'static str,
    pub editor: &'static str,
    pub original_title: &'static str,
    /// The reading tools (text size, dark mode): shown once the app runs, see `page.rs`.
    pub text_size: &'static str,
    pub text_sizes: [&'static str; 3],
    pub dark_theme: &'static str,
    pub published: &'static str,
    pub details: &'static str,
    pub related_news: &'static str,
    pub no_related: &'static str,
    pub prev_article: &'static str,
    pub next_article: &'static str,
    pub prev_next: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub breadcrumb: &'static str,
    pub footer_links: &'static str,
    pub skip_to_content: &'static str,
    pub latest_news: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub pagination: &'static str,
    pub no_articles: &'static str,
    pub channels: &'static str,
    pub all_channels: &'static str,
    /// The meta line's time of a later edit (更新于) and the tags' label: the app's `updated`, `tags`.
    pub updated: &'static str,
    pub tags: &'static str,
    /// A player's placeholder: the words before its site's name, and its button.
    pub embed_from: &'static str,
    pub embed_load: &'static str,
    pub locale: Locale,
}

pub const ZH_CN: Strings = Strings {
    home: "首页",
    source: "来源：",
    author: "作者：",
    editor: "责任编辑：",
    original_title: "原标题：",
    text_size: "字号",
    text_sizes: ["小", "中", "大"],
    dark_theme: "深色模式",
    published: "发布时间：",
    details: "[详细]",
    related_news: "相关新闻",
    no_related: "暂无相关新闻",
    prev_article: "上一篇：",
    next_article: "下一篇：",
    prev_next: "上一篇和下一篇",
    not_found_title: "页面不存在",
    not_found_text: "您访问的页面不存在或已被删除。",
    back_home: "返回首页",
    breadcrumb: "当前位置",
    footer_links: "友情链接",
    skip_to_content: "跳到正文",
    latest_news: "最新新闻",
    prev_page: "上一页",
    next_page: "下一页",
    pagination: "分页",
    no_articles: "暂无文章",
    channels: "栏目",
    all_channels: "全部",
    updated: "更新于 ",
    tags: "标签：",
    embed_from: "视频来自 ",
    embed_load: "点击加载播放器",
    locale: Locale::ZhCn,
};

pub const EN: Strings = Strings {
    home: "Home",
    source: "Source: ",
    author: "Author: ",
    editor: "Editor: ",
    original_title: "Original title: ",
    text_size: "Text size",
    text_sizes: ["Small", "Medium", "Large"],
    dark_theme: "Dark mode",
    published: "Published: ",
    details: "[More]",
    related_news: "Related news",
    no_related: "No related news",
    prev_article: "Previous: ",
    next_article: "Next: ",
    prev_next: "Previous and next articles",
    not_found_title: "Page not found",
    not_found_text: "The page you asked for does not exist or was removed.",
    back_home: "Back to the home page",
    breadcrumb: "You are here",
    footer_links: "Links",
    skip_to_content: "Skip to content",
    latest_news: "Latest news",
    prev_page: "Previous",
    next_page: "Next",
    pagination: "Pages",
    no_articles: "No articles yet",
    channels: "Sections",
    all_channels: "All",
    updated: "Updated ",
    tags: "Tags: ",
    embed_from: "Video from ",
    embed_load: "Load the player",
    locale: Locale::En,
};

impl Strings {
    pub fn of(locale: Locale) -> &'static Strings {
        match locale {
            Locale::ZhCn => &ZH_CN,
            Locale::En => &EN,
        }
    }

    /// The `[详细]` link's accessible name, as the app's `details_label`.
    pub fn details_label(&self, title: &str, source: Option<&str>, date: Option<&str>) -> String {
        let zh = self.locale == Locale::ZhCn;
        let sep = if zh { "，" } else { ", " };
        let mut label = format!("{}{}", self.details.trim_matches(['[', ']']), if zh { "：" } else { ": " });
        label.push_str(title);
        for part in [source, date].into_iter().flatten() {
            label.push_str(sep);
            label.push_str(part);
        }
        label
    }

    pub fn page_of(&self, page: u32, pages: u32) -> String {
        match self.locale {
            Locale::ZhCn => format!("第 {page} / {pages} 页"),
            Locale::En => format!("Page {page} of {pages}"),
        }
    }
}
