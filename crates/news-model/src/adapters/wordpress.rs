//! The WordPress REST API (`/wp-json/wp/v2`) as a news backend. Posts are read with `_embed`,
//! which brings the author, the featured image and the terms into the post: without it those
//! fields are simply absent. Titles, excerpts, term names and comments arrive as HTML and become
//! plain text here; `content.rendered` stays HTML for the app's sanitizer.
//!
//! Dates: WordPress sends `date` in the site's time zone and `date_gmt` in UTC, neither with an
//! offset; [`local_rfc3339`] puts them together as RFC 3339 in the site's own offset.

use super::html::{decode_entities, escape, html_to_text};
use super::{clip, host, non_blank, normalize_date, one_line};
use crate::comments::{Comment, CommentAuthor, CommentPage, CommentStatus};
use crate::datetime::Timestamp;
use crate::decode::{list_of as list, DecodeError, Fields};
use crate::model::{Article, Channel, Image, ImageSource, Page, Site, Source, Summary};
use serde_json::Value;

/// `GET /wp-json`: `name`, `home` (else `url`), `site_icon_url`. A blank name reads as the host.
pub fn site_from_index(v: &Value) -> Result<Site, DecodeError> {
    let mut f = Fields::of(v.clone())?;
    let name = one_line(&decode_entities(&f.string("name")?));
    let home_url = f.text("home")?.or(f.text("url")?);
    Ok(Site {
        name: non_blank(name).unwrap_or_else(|| home_url.as_deref().and_then(host).unwrap_or_default().to_string()),
        logo: f.text("site_icon_url")?,
        home_url,
        tip: None,
        footer: None,
        channels: Vec::new(),
    })
}

/// A post as listed. `source` is left out (every post is the site's own) and `url` too (read
/// in-app).
pub fn post_to_summary(v: &Value) -> Result<Summary, DecodeError> {
    let mut f = Fields::of(v.clone())?;
    let id = f.id("id")?;
    let summary = excerpt(v)?;
    Ok(Summary {
        id,
        title: title(v, summary.as_deref())?,
        summary,
        source: None,
        published_at: date(&mut f, "date", "date_gmt")?,
        thumbnail: featured_image(v, true),
        url: None,
    })
}

/// A post as an article. `source` is the post's canonical page (`link`), named by its host: the
/// app may rename it after the site. `related` is `None`: the app asks for it separately.
/// Comments are open when `comment_status` is `"open"` or absent.
pub fn post_to_article(v: &Value) -> Result<Article, DecodeError> {
    let mut f = Fields::of(v.clone())?;
    let id = f.id("id")?;
    let summary = excerpt(v)?;
    let channel = terms(v, "category").find_map(|(id, name)| Some(Channel { id: id?, name }));
    Ok(Article {
        title: title(v, summary.as_deref())?,
        original_title: None,
        subtitle: None,
        channel,
        source: f.text("link")?.map(|url| Source { name: host(&url).unwrap_or(&url).to_string(), url: Some(url) }),
        author: string_at(v, "/_embedded/author/0/name").as_deref().map(decode_entities).and_then(non_blank),
        editor: None,
        published_at: date(&mut f, "date", "date_gmt")?.unwrap_or_default(),
        updated_at: date(&mut f, "modified", "modified_gmt")?,
        summary,
        cover: featured_image(v, false),
        body_html: rendered(v, "content")?.unwrap_or_default().to_string(),
        byline: None,
        tags: terms(v, "post_tag").map(|(_, name)| name).collect(),
        related: None,
        comment_count: None,
        comments_open: f.text("comment_status")?.is_none_or(|status| status == "open"),
        prev: None,
        next: None,
        id,
    })
}

/// `GET /wp/v2/posts?_embed`: `v` is the array; `total` is the `X-WP-Total` header when known.
pub fn posts_page(v: &Value, page: u32, per_page: u32, total: Option<u64>) -> Result<Page<Summary>, DecodeError> {
    let items = list(v.clone(), |post| post_to_summary(&post))?;
    Ok(Page { total: total.unwrap_or(items.len() as u64), items, page, per_page })
}

/// RFC 3339 from WordPress's local `date` and UTC `date_gmt`: the offset is their difference in
/// whole minutes (`2026-11-20T18:00:00` and `2026-11-20T10:00:00` give `…T18:00:00+08:00`).
/// Without a usable `gmt` (missing, `0000-00-00T00:00:00` for drafts, more than 14 hours away),
/// the local time goes through [`normalize_date`], i.e. reads as UTC.
pub fn local_rfc3339(local: &str, gmt: Option<&str>) -> String {
    let as_utc = |s: &str| Timestamp::parse(s).or_else(|| Timestamp::parse(&format!("{}Z", s.trim())));
    let (Some(l), Some(g)) = (Timestamp::parse(&format!("{}Z", local.trim())), gmt.and_then(as_utc)) else {
        return normalize_date(local);
    };
    let minutes = (l.unix_seconds() - g.unix_seconds() + 30).div_euclid(60);
    if minutes.abs() > 14 * 60 {
        return normalize_date(local);
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{h:02}:{m:02}",
        l.year, l.month, l.day, l.hour, l.minute, l.second
    )
}

/// One comment of `GET /wp/v2/comments` (or the answer to a POST). Content becomes plain text
/// with its line breaks; `hold`/`unapproved` read as pending, anything else as published.
pub fn comment_from_wp(v: &Value) -> Result<Comment, DecodeError> {
    let mut f = Fields::of(v.clone())?;
    let avatar = v.get("author_avatar_urls").and_then(Value::as_object).and_then(|urls| {
        let url = urls.get("48").or_else(|| urls.values().next())?;
        url.as_str().map(String::from).and_then(non_blank)
    });
    let gmt = f.text("date_gmt")?;
    Ok(Comment {
        id: f.id("id")?,
        parent_id: f.optional_id("parent")?.filter(|p| p != "0"),
        author: CommentAuthor {
            name: one_line(&decode_entities(&f.text("author_name")?.unwrap_or_default())),
            avatar,
            verified: false,
        },
        content: html_to_text(rendered(v, "content")?.unwrap_or_default()),
        created_at: f.text("date")?.map(|date| local_rfc3339(&date, gmt.as_deref())).unwrap_or_default(),
        likes: 0,
        region: None,
        status: match f.text("status")?.as_deref() {
            Some("hold" | "unapproved") => CommentStatus::Pending,
            _ => CommentStatus::Published,
        },
        pinned: false,
        replies: Vec::new(),
    })
}

/// `GET /wp/v2/comments?post=…`: a flat list (replies carry `parent_id`; the app's
/// `build_threads` nests them). `total` and `count` are `X-WP-Total` when known, else the length.
pub fn comments_page(v: &Value, page: u32, per_page: u32, total: Option<u64>) -> Result<CommentPage, DecodeError> {
    let items = list(v.clone(), |comment| comment_from_wp(&comment))?;
    let total = total.unwrap_or(items.len() as u64);
    Ok(CommentPage { items, page, per_page, total, count: total, next_cursor: None })
}

/// The body of `POST /wp/v2/comments`: `post`, `author_name`, `content` (escaped, so the
/// reader's text comes back as written rather than read as markup) and `parent` (`"0"` for a
/// top-level comment).
///
/// WordPress refuses comments from visitors who are not logged in unless the site enables them
/// (the `rest_allow_anonymous_comments` filter returning true), and with its default setting
/// "Comment author must fill out name and email" it also requires an `author_email`: add that
/// field when the site asks for it.
pub fn new_comment_fields(
    post_id: &str,
    author: &str,
    content: &str,
    parent_id: Option<&str>,
) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("post", Some(post_id.to_string())),
        ("author_name", Some(author.to_string())),
        ("content", Some(escape(content))),
        ("parent", Some(parent_id.unwrap_or("0").to_string())),
    ]
}

/// `key.rendered` (or `key` itself when a plugin flattened it to a string); missing or `null`
/// read as `None`.
fn rendered<'a>(v: &'a Value, key: &str) -> Result<Option<&'a str>, DecodeError> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Object(o)) => match o.get("rendered") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(DecodeError::new(&format!("{key}.rendered"), "expected a string")),
        },
        Some(_) => Err(DecodeError::new(key, "expected an object with `rendered`")),
    }
}

/// The title as one line of text; an untitled post borrows the start of its excerpt.
fn title(v: &Value, excerpt: Option<&str>) -> Result<String, DecodeError> {
    let title = rendered(v, "title")?.ok_or_else(|| DecodeError::missing("title"))?;
    Ok(non_blank(one_line(&html_to_text(title))).unwrap_or_else(|| clip(excerpt.unwrap_or_default(), 60)))
}

/// The excerpt as one line of text, without WordPress's trailing `[…]`.
fn excerpt(v: &Value) -> Result<Option<String>, DecodeError> {
    let Some(html) = rendered(v, "excerpt")? else { return Ok(None) };
    let text = one_line(&html_to_text(html));
    let text = text.strip_suffix("[…]").or(text.strip_suffix("[...]")).unwrap_or(&text);
    Ok(non_blank(text.trim_end().to_string()))
}

/// `local_rfc3339` of the post's `local` and `gmt` fields, when `local` is there.
fn date(f: &mut Fields, local: &str, gmt: &str) -> Result<Option<String>, DecodeError> {
    let gmt = f.text(gmt)?;
    Ok(f.text(local)?.map(|local| local_rfc3339(&local, gmt.as_deref())))
}

/// The embedded featured image: the full size for a cover, the `medium` size (when there is
/// one) for a list thumbnail, and every size WordPress made as `sources` (for `srcset`). A
/// missing or inaccessible image (an error object) is `None`.
fn featured_image(v: &Value, thumbnail: bool) -> Option<Image> {
    let media = v.pointer("/_embedded/wp:featuredmedia/0")?;
    let medium = media.pointer("/media_details/sizes/medium").filter(|m| thumbnail && m.get("source_url").is_some());
    let (url_of, size_of) = match medium {
        Some(m) => (m, Some(m)),
        None => (media, media.get("media_details")),
    };
    let dimension = |key: &str| size_of?.get(key)?.as_u64().and_then(|n| u32::try_from(n).ok());
    let caption = if thumbnail { None } else { rendered(media, "caption").ok().flatten() };
    Some(Image {
        url: string_at(url_of, "/source_url")?,
        alt: string_at(media, "/alt_text").and_then(non_blank),
        caption: caption.map(|c| one_line(&html_to_text(c))).and_then(non_blank),
        width: dimension("width"),
        height: dimension("height"),
        sources: image_sizes(media),
    })
}

/// `media_details.sizes` (`{"medium": {"source_url", "width"}, ...}`) narrowest first, one
/// file per width.
fn image_sizes(media: &Value) -> Vec<ImageSource> {
    let sizes = media.pointer("/media_details/sizes").and_then(Value::as_object).into_iter().flat_map(|m| m.values());
    let mut sources: Vec<ImageSource> = sizes
        .filter_map(|size| {
            let width = u32::try_from(size.get("width")?.as_u64()?).ok().filter(|w| *w > 0)?;
            Some(ImageSource { url: string_at(size, "/source_url")?, width })
        })
        .collect();
    crate::sort_by_key_stable(&mut sources, |s| s.width);
    sources.dedup_by_key(|s| s.width);
    sources
}

/// The embedded terms (`_embedded["wp:term"]`, a list per taxonomy) of one taxonomy: id and name.
fn terms<'a>(v: &'a Value, taxonomy: &'a str) -> impl Iterator<Item = (Option<String>, String)> + 'a {
    let lists = v.pointer("/_embedded/wp:term").and_then(Value::as_array).into_iter().flatten();
    let all = lists.filter_map(Value::as_array).flatten();
    all.filter(move |t| t.get("taxonomy").and_then(Value::as_str) == Some(taxonomy))
        .filter_map(|t| Some((t.get("id").and_then(id_text), one_line(&decode_entities(t.get("name")?.as_str()?)))))
}

fn string_at(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer)?.as_str().map(String::from)
}

/// A term id, integer or string.
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}
