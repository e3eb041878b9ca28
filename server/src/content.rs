//! The demo content: read once at start, validated, and kept in memory in publication order.
//! Content is small and static, so every request is answered from memory without locking.

use news_model::datetime::Timestamp;
use news_model::decode::Decode;
use news_model::{Article, ItemList, Page, Site, Summary};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// How many articles the related fallback picks when the article names none.
const RELATED_FALLBACK: usize = 6;
/// Where media is served; references to it are checked against `content/media` at load time.
const MEDIA_PREFIX: &str = "/api/media/";

/// Everything the API serves, loaded from a content directory.
#[derive(Debug)]
pub struct Store {
    site: Site,
    /// Newest first; ties broken by id so the order (and prev/next) is stable.
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    media_dir: PathBuf,
}

#[derive(Debug)]
struct Entry {
    /// As written in the content file, minus `related_ids`; the computed fields are left empty.
    article: Article,
    related_ids: Vec<String>,
    published: i64,
    /// For error messages.
    file: PathBuf,
}

/// Reads `site.json`, `articles/*.json` and notes `media/`. Any problem is reported with the
/// file it is in, so a content author can fix it without reading server code.
pub fn load_content(dir: &Path) -> Result<Store, String> {
    let site_path = dir.join("site.json");
    let site: Site = news_model::decode::from_str(&read(&site_path)?)
        .map_err(|e| format!("{}: not a valid site: {e}", site_path.display()))?;

    let articles_dir = dir.join("articles");
    let mut files: Vec<PathBuf> = fs::read_dir(&articles_dir)
        .map_err(|e| format!("{}: cannot read directory: {e}", articles_dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    // Sorted so that which error is reported first does not depend on the file system.
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no *.json articles found", articles_dir.display()));
    }

    let media_dir = dir.join("media");
    check_media(&site_path, site.logo.as_deref().into_iter(), &media_dir)?;
    check_channels(&site_path, &site)?;
    let mut entries: Vec<Entry> = Vec::with_capacity(files.len());
    for path in &files {
        let entry = parse_article(path)?;
        check_media(path, media_urls(&entry.article), &media_dir)?;
        check_channel(path, &entry.article, &site, &site_path)?;
        if let Some(first) = entries.iter().find(|e| e.article.id == entry.article.id) {
            return Err(format!(
                "{}: id {:?} is already used by {}",
                path.display(),
                entry.article.id,
                first.file.display()
            ));
        }
        entries.push(entry);
    }
    for entry in &entries {
        for rid in &entry.related_ids {
            if rid == &entry.article.id {
                return Err(format!("{}: related_ids lists the article itself", entry.file.display()));
            }
            if !entries.iter().any(|e| &e.article.id == rid) {
                return Err(format!("{}: related id {rid:?} is not a known article", entry.file.display()));
            }
        }
    }

    entries.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.article.id.cmp(&b.article.id)));
    let by_id = entries.iter().enumerate().map(|(i, e)| (e.article.id.clone(), i)).collect();
    Ok(Store { site, entries, by_id, media_dir })
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

fn parse_article(path: &Path) -> Result<Entry, String> {
    let bad = |what: String| format!("{}: {what}", path.display());
    let mut value: serde_json::Value =
        serde_json::from_str(&read(path)?).map_err(|e| bad(format!("invalid JSON: {e}")))?;
    let object = value.as_object_mut().ok_or_else(|| bad("expected a JSON object".into()))?;
    // `related_ids` is content-only; the contract's `related` is built from it per request.
    let related_ids: Vec<String> = match object.remove("related_ids") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(ids) => {
            Vec::<String>::decode(ids).map_err(|e| bad(format!("related_ids must be a list of strings: {e}")))?
        }
    };
    let mut article = Article::decode(value).map_err(|e| bad(format!("not a valid article: {e}")))?;
    if article.id.trim().is_empty() {
        return Err(bad("id is empty".into()));
    }
    let published = Timestamp::parse(&article.published_at)
        .ok_or_else(|| bad(format!("published_at {:?} is not an RFC 3339 timestamp", article.published_at)))?
        .unix_seconds();
    // Computed per request; anything written in the file would go stale.
    article.related = None;
    article.prev = None;
    article.next = None;
    article.comment_count = None;
    Ok(Entry { article, related_ids, published, file: path.to_path_buf() })
}

/// Every `/api/media/NAME` the content uses (logo, covers, inline images) must exist, or
/// readers see a broken image; better to refuse to start.
fn check_media<'a>(file: &Path, urls: impl Iterator<Item = &'a str>, media_dir: &Path) -> Result<(), String> {
    for name in urls.filter_map(|url| url.strip_prefix(MEDIA_PREFIX)) {
        let ok = !name.is_empty() && !name.contains(['/', '\\']) && name != ".." && media_dir.join(name).is_file();
        if !ok {
            return Err(format!("{}: {MEDIA_PREFIX}{name} is not a file in {}", file.display(), media_dir.display()));
        }
    }
    Ok(())
}

/// Media URLs of an article: the cover with its other widths and every `/api/media/…` inside
/// the body HTML.
fn media_urls(article: &Article) -> impl Iterator<Item = &str> {
    let inline = article.body_html.match_indices(MEDIA_PREFIX).map(|(at, _)| {
        let rest = &article.body_html[at..];
        let end = rest.find(|c: char| matches!(c, '"' | '\'' | ')' | '?' | '#' | '<' | '>') || c.is_whitespace());
        // A `srcset` candidate without a descriptor ends at its comma (`a.svg, b.svg 2x`).
        rest[..end.unwrap_or(rest.len())].trim_end_matches(',')
    });
    let widths = article.cover.iter().flat_map(|c| &c.sources).map(|s| s.url.as_str());
    article.cover.iter().map(|c| c.url.as_str()).chain(widths).chain(inline)
}

/// The site's channels are the home page's tabs and `?channel=` values: a blank id would be a
/// tab listing everything, a repeated one two tabs with the same list.
fn check_channels(file: &Path, site: &Site) -> Result<(), String> {
    for (i, channel) in site.channels.iter().enumerate() {
        if channel.id.trim().is_empty() {
            return Err(format!("{}: channels[{i}] has an empty id", file.display()));
        }
        if site.channels[..i].iter().any(|c| c.id == channel.id) {
            return Err(format!("{}: channel id {:?} is listed twice", file.display(), channel.id));
        }
    }
    Ok(())
}

/// When the site lists channels, an article's channel must be one of them: a mistyped id would
/// quietly leave the article out of its tab. Without a channel an article is only under 全部;
/// a site without channels has no tabs, so any channel is fine.
fn check_channel(file: &Path, article: &Article, site: &Site, site_path: &Path) -> Result<(), String> {
    let Some(channel) = &article.channel else { return Ok(()) };
    if site.channels.is_empty() || site.channels.iter().any(|c| c.id == channel.id) {
        return Ok(());
    }
    let known: Vec<&str> = site.channels.iter().map(|c| c.id.as_str()).collect();
    Err(format!(
        "{}: channel {:?} is not one of the channels in {} ({})",
        file.display(),
        channel.id,
        site_path.display(),
        known.join(", ")
    ))
}

impl Store {
    pub fn site(&self) -> &Site {
        &self.site
    }

    pub fn media_dir(&self) -> &Path {
        &self.media_dir
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All articles as stored (computed fields empty), newest first.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.entries.iter().map(|e| &e.article)
    }

    /// One page of the newest-first list, of one channel when `channel` is given (an unknown
    /// id is an empty list, not an error: a tab may outlive its channel). `page` and `per_page`
    /// are at least 1 (checked by the handler); a page past the end is simply empty.
    pub fn page(&self, channel: Option<&str>, page: u32, per_page: u32) -> Page<Summary> {
        let listed = |e: &&Entry| match channel {
            Some(id) => e.article.channel.as_ref().is_some_and(|c| c.id == id),
            None => true,
        };
        let skip = (page.saturating_sub(1) as usize).saturating_mul(per_page as usize);
        let items = self.entries.iter().filter(listed).skip(skip).take(per_page as usize).map(summary).collect();
        // A second pass rather than a collected list: the content is small, and only the page
        // is turned into summaries.
        let total = self.entries.iter().filter(listed).count() as u64;
        Page { items, page, per_page, total }
    }

    /// The full article: related (only when the content names some, so the client otherwise
    /// asks the related endpoint), prev = next older, next = next newer.
    pub fn article(&self, id: &str) -> Option<Article> {
        let &index = self.by_id.get(id)?;
        let entry = &self.entries[index];
        let mut article = entry.article.clone();
        if !entry.related_ids.is_empty() {
            article.related = Some(self.summaries_of(&entry.related_ids));
        }
        article.prev = self.entries.get(index + 1).map(summary);
        article.next = index.checked_sub(1).and_then(|i| self.entries.get(i)).map(summary);
        Some(article)
    }

    /// `Some(comments_open)` for a known article, `None` for an unknown id: a cheap existence
    /// check for the comment endpoints, which need no copy of the article.
    pub fn comments_open(&self, id: &str) -> Option<bool> {
        self.by_id.get(id).map(|&i| self.entries[i].article.comments_open)
    }

    /// The article's own related list; else the newest of its channel; else the newest others.
    pub fn related(&self, id: &str) -> Option<ItemList<Summary>> {
        let &index = self.by_id.get(id)?;
        let entry = &self.entries[index];
        if !entry.related_ids.is_empty() {
            return Some(ItemList { items: self.summaries_of(&entry.related_ids) });
        }
        let others = || self.entries.iter().filter(|e| e.article.id != entry.article.id);
        let channel = entry.article.channel.as_ref().map(|c| &c.id);
        let mut items: Vec<Summary> = match channel {
            Some(ch) => others()
                .filter(|e| e.article.channel.as_ref().map(|c| &c.id) == Some(ch))
                .take(RELATED_FALLBACK)
                .map(summary)
                .collect(),
            None => Vec::new(),
        };
        if items.is_empty() {
            items = others().take(RELATED_FALLBACK).map(summary).collect();
        }
        Some(ItemList { items })
    }

    /// Ids were checked at load time, so none is skipped in practice.
    fn summaries_of(&self, ids: &[String]) -> Vec<Summary> {
        ids.iter().filter_map(|id| self.by_id.get(id)).map(|&i| summary(&self.entries[i])).collect()
    }
}

fn summary(entry: &Entry) -> Summary {
    let a = &entry.article;
    Summary {
        id: a.id.clone(),
        title: a.title.clone(),
        summary: a.summary.clone(),
        source: a.source.as_ref().map(|s| s.name.clone()),
        published_at: Some(a.published_at.clone()),
        thumbnail: a.cover.clone(),
        url: None,
    }
}
