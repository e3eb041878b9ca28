//! [JSON Feed](https://jsonfeed.org/version/1.1) 1.1 and 1.0 as a news backend: the feed is the
//! site and its article list, an item is an article. Titles and summaries are plain text in the
//! spec, but feeds made from blogs often carry entities (`&#8217;`), so those are decoded.

use super::html::{decode_entities, html_to_text, text_to_html};
use super::{clip, host, non_blank, normalize_date, one_line};
use crate::datetime::Timestamp;
use crate::decode::{Decode, DecodeError, Fields};
use crate::model::{Article, Image, Page, Site, Source, Summary};
use serde_json::Value;
use std::cmp::Reverse;
use std::collections::HashSet;

/// Most related items an article lists.
const RELATED: usize = 6;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feed {
    /// Required by the spec; a feed without one is named after its home page's host.
    pub title: String,
    pub home_page_url: Option<String>,
    pub icon: Option<String>,
    /// The next page of the feed (1.1 pagination).
    pub next_url: Option<String>,
    pub items: Vec<FeedItem>,
    /// Items that could not be read at all, left out of `items` (the app notes them in the
    /// console): real feeds carry the odd broken item, and it must not sink the list.
    pub skipped: Vec<DecodeError>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeedItem {
    /// Required by the spec (integers are accepted as well as strings); an item without one
    /// takes its `url`.
    pub id: String,
    pub url: Option<String>,
    pub external_url: Option<String>,
    /// Optional in the spec: when missing, the first line of the summary or content, cut to 60
    /// characters.
    pub title: String,
    pub content_html: Option<String>,
    pub content_text: Option<String>,
    pub summary: Option<String>,
    pub image: Option<String>,
    pub banner_image: Option<String>,
    /// As written: [`normalize_date`] is applied when mapping.
    pub date_published: Option<String>,
    pub date_modified: Option<String>,
    /// 1.1 `authors[].name`, else 1.0 `author.name`.
    pub authors: Vec<String>,
    pub tags: Vec<String>,
}

impl Decode for Feed {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value)?;
        let home_page_url = f.text("home_page_url")?;
        let title = f.text("title")?.map(|t| one_line(&decode_entities(&t)));
        let fallback = || home_page_url.as_deref().and_then(host).unwrap_or_default().to_string();
        let (items, skipped) = f.list_skipping("items")?;
        Ok(Feed {
            title: title.and_then(non_blank).unwrap_or_else(fallback),
            icon: f.text("icon")?,
            next_url: f.text("next_url")?,
            items,
            skipped,
            home_page_url,
        })
    }
}

impl Decode for FeedItem {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        let name = |v: &Value| non_blank(v.get("name")?.as_str()?.trim().to_string());
        let mut authors: Vec<String> =
            value.get("authors").and_then(Value::as_array).into_iter().flatten().filter_map(name).collect();
        if authors.is_empty() {
            authors.extend(value.get("author").and_then(name));
        }
        let mut f = Fields::of(value)?;
        let url = f.text("url")?;
        // Required by the spec, yet real feeds have items without one: their URL stands in.
        let id = match f.optional_id("id")? {
            Some(id) => id,
            None => url.clone().ok_or_else(|| DecodeError::missing("id"))?,
        };
        let content_html = f.text("content_html")?;
        let content_text = f.text("content_text")?;
        let summary = f.text("summary")?.map(|s| decode_entities(s.trim()));
        let title = f.text("title")?.map(|t| one_line(&decode_entities(&t))).and_then(non_blank).unwrap_or_else(|| {
            let text = summary.clone().or(content_text.clone()).or(content_html.as_deref().map(html_to_text));
            clip(text.as_deref().unwrap_or_default().lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or(""), 60)
        });
        Ok(FeedItem {
            id,
            url,
            external_url: f.text("external_url")?,
            title,
            content_html,
            content_text,
            summary,
            image: f.text("image")?,
            banner_image: f.text("banner_image")?,
            date_published: f.text("date_published")?,
            date_modified: f.text("date_modified")?,
            authors,
            tags: f.list("tags")?,
        })
    }
}

impl FeedItem {
    fn published_at(&self) -> Option<String> {
        self.date_published.as_deref().or(self.date_modified.as_deref()).map(normalize_date)
    }

    fn unix_seconds(&self) -> Option<i64> {
        Timestamp::parse(&self.published_at()?).map(|t| t.unix_seconds())
    }

    fn image(&self) -> Option<Image> {
        let url = self.image.clone().or(self.banner_image.clone())?;
        Some(Image { url, alt: None, caption: None, width: None, height: None, sources: Vec::new() })
    }
}

impl Feed {
    pub fn site(&self) -> Site {
        Site {
            name: self.title.clone(),
            logo: self.icon.clone(),
            home_url: self.home_page_url.clone(),
            tip: None,
            footer: None,
            channels: Vec::new(),
        }
    }

    /// The list entry of an item: read in-app (`url` stays `None`).
    fn summary_of(&self, item: &FeedItem) -> Summary {
        let text = || item.content_text.clone().or(item.content_html.as_deref().map(html_to_text));
        Summary {
            id: item.id.clone(),
            title: item.title.clone(),
            summary: item.summary.clone().or_else(|| non_blank(clip(&one_line(&text()?), 120))),
            source: non_blank(self.title.clone()),
            published_at: item.published_at(),
            thumbnail: item.image(),
            url: None,
        }
    }

    /// Every item, in feed order.
    pub fn summaries(&self) -> Vec<Summary> {
        self.items.iter().map(|item| self.summary_of(item)).collect()
    }

    /// Page `page` (from 1; 0 reads as 1) of the items read so far.
    pub fn page(&self, page: u32, per_page: u32) -> Page<Summary> {
        let page = page.max(1);
        let start = (page as usize - 1).saturating_mul(per_page as usize);
        let items = self.items.iter().skip(start).take(per_page as usize).map(|item| self.summary_of(item)).collect();
        Page { items, page, per_page, total: self.items.len() as u64 }
    }

    /// The item as an article, with related items (sharing a tag, else the newest) and its
    /// neighbours: `prev` is the item after it in the feed (older), `next` the one before.
    /// Comments are closed: a feed has none; the app opens them when a comments API is set.
    pub fn article(&self, id: &str) -> Option<Article> {
        let index = self.items.iter().position(|item| item.id == id)?;
        let item = &self.items[index];
        let body_html = match (&item.content_html, &item.content_text) {
            (Some(html), _) => html.clone(),
            (None, Some(text)) => text_to_html(text),
            (None, None) => String::new(),
        };
        let source = non_blank(self.title.clone())
            .map(|name| Source { name, url: item.url.clone().or(self.home_page_url.clone()) });
        Some(Article {
            id: item.id.clone(),
            title: item.title.clone(),
            original_title: None,
            subtitle: None,
            channel: None,
            source,
            author: non_blank(item.authors.join("、")),
            editor: None,
            published_at: item.published_at().unwrap_or_default(),
            updated_at: item.date_modified.as_deref().map(normalize_date),
            summary: item.summary.clone(),
            cover: item.image(),
            body_html,
            byline: None,
            tags: item.tags.clone(),
            related: Some(self.related(item)),
            comment_count: None,
            comments_open: false,
            prev: self.items.get(index + 1).map(|older| self.summary_of(older)),
            next: index.checked_sub(1).map(|newer| self.summary_of(&self.items[newer])),
        })
    }

    /// Up to six other items sharing a tag with `item`, newest first; when none does, the
    /// newest others.
    fn related(&self, item: &FeedItem) -> Vec<Summary> {
        let shares_tag = |other: &&FeedItem| other.tags.iter().any(|tag| item.tags.contains(tag));
        let mut others: Vec<&FeedItem> = self.items.iter().filter(|other| other.id != item.id).collect();
        if others.iter().any(shares_tag) {
            others.retain(shares_tag);
        }
        crate::sort_by_key_stable(&mut others, |other| Reverse(other.unix_seconds()));
        others.into_iter().take(RELATED).map(|other| self.summary_of(other)).collect()
    }

    /// Appends the items of the feed's next page that are not here yet, and takes its `next_url`.
    pub fn extend(&mut self, next: Feed) {
        let mut seen: HashSet<String> = self.items.iter().map(|item| item.id.clone()).collect();
        self.items.extend(next.items.into_iter().filter(|item| seen.insert(item.id.clone())));
        self.skipped.extend(next.skipped);
        self.next_url = next.next_url;
    }
}
