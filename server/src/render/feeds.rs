//! What crawlers and feed readers read besides the pages: `sitemap.xml` (with Google News tags
//! for the last two days' articles), `robots.txt`, an RSS 2.0 feed and a JSON Feed 1.1, every
//! URL absolute under the public origin.

use super::Renderer;
use news_model::datetime::Timestamp;
use news_model::{Article, Locale, Site};

/// Articles newer than this get `<news:news>` in the sitemap (Google News reads two days).
pub const NEWS_WINDOW_SECONDS: i64 = 2 * 24 * 3600;
/// How many of the newest articles a feed lists.
pub const FEED_ITEMS: usize = 50;

/// Text for XML content or a double-quoted attribute.
pub fn xml(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Not allowed in XML 1.0 at all: left out rather than breaking the document.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn unix_of(raw: &str) -> Option<i64> {
    Timestamp::parse(raw).map(|t| t.unix_seconds())
}

/// RFC 822 date for RSS (`Tue, 15 Nov 1994 08:12:31 GMT`).
fn rfc822(raw: &str) -> Option<String> {
    let seconds = u64::try_from(unix_of(raw)?).ok()?;
    Some(httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds)))
}

impl Renderer {
    /// The home page and every article, newest first; articles published within two days of
    /// `now` (Unix seconds) carry Google News tags.
    pub fn sitemap(&self, site: &Site, articles: &[&Article], now: i64) -> String {
        let language = match self.config.locale {
            Locale::ZhCn => "zh-cn",
            Locale::En => "en",
        };
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
             xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
        );
        out.push_str(&format!("<url><loc>{}</loc></url>\n", xml(&self.absolute(&self.base.home()))));
        for channel in &site.channels {
            out.push_str(&format!(
                "<url><loc>{}</loc></url>\n",
                xml(&self.absolute(&self.home_path(Some(&channel.id), 1)))
            ));
        }
        for article in articles {
            let loc = self.absolute(&self.article_path(&article.id));
            let modified = article.updated_at.as_deref().unwrap_or(&article.published_at);
            out.push_str(&format!("<url><loc>{}</loc><lastmod>{}</lastmod>", xml(&loc), xml(modified)));
            let recent =
                unix_of(&article.published_at).is_some_and(|t| t <= now + 3600 && now - t <= NEWS_WINDOW_SECONDS);
            if recent {
                out.push_str(&format!(
                    "<news:news><news:publication><news:name>{}</news:name><news:language>{language}</news:language>\
                     </news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title>\
                     </news:news>",
                    xml(&site.name),
                    xml(&article.published_at),
                    xml(&article.title)
                ));
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        out
    }

    /// Everything may be crawled but the API (its media excepted: share cards show them).
    pub fn robots(&self) -> String {
        format!(
            "User-agent: *\nAllow: /\nAllow: /api/media/\nDisallow: /api/\n\nSitemap: {}\n",
            self.absolute(&format!("{}/sitemap.xml", self.base.as_str()))
        )
    }

    /// RSS 2.0 of the newest articles, bodies sanitized as on the pages.
    pub fn rss(&self, site: &Site, articles: &[&Article]) -> String {
        let home = self.absolute(&self.base.home());
        let self_url = self.absolute(&format!("{}/feed.xml", self.base.as_str()));
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
             xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n",
        );
        out.push_str(&format!(
            "<title>{}</title><link>{}</link><description>{}</description><language>{}</language>\
             <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
            xml(&site.name),
            xml(&home),
            xml(&site.name),
            self.config.locale.tag(),
            xml(&self_url)
        ));
        if let Some(date) = articles.first().and_then(|a| rfc822(a.updated_at.as_deref().unwrap_or(&a.published_at))) {
            out.push_str(&format!("<lastBuildDate>{date}</lastBuildDate>\n"));
        }
        for article in articles.iter().take(FEED_ITEMS) {
            let link = self.absolute(&self.article_path(&article.id));
            out.push_str(&format!(
                "<item><title>{}</title><link>{}</link><guid isPermaLink=\"true\">{}</guid>",
                xml(&article.title),
                xml(&link),
                xml(&link)
            ));
            if let Some(date) = rfc822(&article.published_at) {
                out.push_str(&format!("<pubDate>{date}</pubDate>"));
            }
            if let Some(author) = &article.author {
                out.push_str(&format!("<dc:creator>{}</dc:creator>", xml(author)));
            }
            if let Some(channel) = &article.channel {
                out.push_str(&format!("<category>{}</category>", xml(&channel.name)));
            }
            if let Some(summary) = &article.summary {
                out.push_str(&format!("<description>{}</description>", xml(summary)));
            }
            let body = super::sanitize::sanitize_html(&article.body_html, &self.origin);
            out.push_str(&format!("<content:encoded>{}</content:encoded></item>\n", xml(&body)));
        }
        out.push_str("</channel>\n</rss>\n");
        out
    }

    /// JSON Feed 1.1 of the newest articles.
    pub fn json_feed(&self, site: &Site, articles: &[&Article]) -> String {
        let home = self.absolute(&self.base.home());
        let items: Vec<serde_json::Value> = articles
            .iter()
            .take(FEED_ITEMS)
            .map(|article| {
                let path = self.article_path(&article.id);
                let mut item = serde_json::Map::new();
                item.insert("id".into(), article.id.clone().into());
                item.insert("url".into(), self.absolute(&path).into());
                item.insert("title".into(), article.title.clone().into());
                item.insert(
                    "content_html".into(),
                    super::sanitize::sanitize_html(&article.body_html, &self.origin).into(),
                );
                if let Some(summary) = &article.summary {
                    item.insert("summary".into(), summary.clone().into());
                }
                if let Some(image) = article.cover.as_ref().and_then(|c| self.absolute_url(&c.url, &path)) {
                    item.insert("image".into(), image.into());
                }
                item.insert("date_published".into(), article.published_at.clone().into());
                if let Some(updated) = &article.updated_at {
                    item.insert("date_modified".into(), updated.clone().into());
                }
                if let Some(author) = &article.author {
                    item.insert("authors".into(), serde_json::json!([{ "name": author }]));
                }
                if !article.tags.is_empty() {
                    item.insert("tags".into(), article.tags.clone().into());
                }
                serde_json::Value::Object(item)
            })
            .collect();
        let mut feed = serde_json::Map::new();
        feed.insert("version".into(), "https://jsonfeed.org/version/1.1".into());
        feed.insert("title".into(), site.name.clone().into());
        feed.insert("home_page_url".into(), home.into());
        feed.insert("feed_url".into(), self.absolute(&format!("{}/feed.json", self.base.as_str())).into());
        feed.insert("language".into(), self.config.locale.tag().into());
        if let Some(icon) = site.logo.as_deref().and_then(|l| self.absolute_url(l, &self.base.home())) {
            feed.insert("icon".into(), icon.into());
        }
        feed.insert("items".into(), items.into());
        serde_json::to_string_pretty(&serde_json::Value::Object(feed)).unwrap_or_default()
    }
}
