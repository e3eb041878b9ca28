//! The parts of a story around its body that it may or may not have: the lead picture with its
//! caption above the body, the byline and 标签 below it, and 更新于 at the end of the meta line.
//! They are built as DOM nodes from the article's data and put in place once the body is in the
//! page ([`place_around`]), rather than as Leptos views: every view shape brings its own code
//! into the first load, and these as views cost several times the wasm they do as nodes. Text
//! goes in as text, never as markup. The server's `page.rs` writes the same elements
//! (`cover_figure`, `tag_line`, `meta_line`), so a filled-in page is taken over without a shift.

use crate::i18n::Strings;
use news_model::datetime::display_datetime;
use news_model::lead::edited_at;
use news_model::sanitize_policy::{image_srcset, safe_url};
use news_model::Image;
use web_sys::{Document, Element};

/// What a story may have around its body.
#[derive(Clone, Debug, Default)]
pub struct AroundBody {
    /// Already judged worth showing: not the body's own first picture (`lead::cover_to_show`).
    pub cover: Option<Image>,
    pub byline: Option<String>,
    pub tags: Vec<String>,
    pub published_at: String,
    pub updated_at: Option<String>,
}

/// Puts the parts of `around` beside `body`, the article body's element already in its
/// `<article>`: the cover before it, the byline and the tags after it, 更新于 at the end of the
/// header's meta line. Returns the cover's figure, if one was put in.
pub fn place_around(body: &Element, around: &AroundBody, strings: &Strings) -> Option<Element> {
    let document = body.owner_document()?;
    let after =
        [around.byline.as_deref().and_then(|b| byline(&document, b)), tag_line(&document, &around.tags, strings)];
    for part in after.iter().flatten().rev() {
        let _ = body.after_with_node_1(part);
    }
    let meta = body.parent_element().and_then(|article| article.query_selector(".article-meta").ok().flatten());
    if let Some(meta) = meta {
        add(&meta, updated_time(&document, &around.published_at, around.updated_at.as_deref(), strings));
    }
    let figure = cover_figure(&document, around.cover.as_ref()?)?;
    body.before_with_node_1(&figure).ok()?;
    Some(figure)
}

/// For `srcset`: the cover fills the article column (style/app.css: 760 pixels less 16 of
/// padding each side), or the screen less that padding.
pub const COVER_SIZES: &str = "(max-width: 760px) calc(100vw - 32px), 728px";

/// The cover in its own box: `width` and `height` reserve it before the file arrives. Asked
/// for first (it is at the top of the page), never lazily. `None` for an unsafe URL.
fn cover_figure(document: &Document, image: &Image) -> Option<Element> {
    let src = safe_url(&image.url, false)?;
    let srcset = image_srcset(&image.sources);
    let (width, height) = (image.width.map(|w| w.to_string()), image.height.map(|h| h.to_string()));
    let mut attributes = vec![("src", src.as_str())];
    attributes.extend(srcset.as_deref().map(|srcset| ("srcset", srcset)));
    attributes.extend([("sizes", COVER_SIZES), ("alt", image.alt.as_deref().unwrap_or_default())]);
    attributes.extend(width.as_deref().map(|w| ("width", w)));
    attributes.extend(height.as_deref().map(|h| ("height", h)));
    attributes.extend([("fetchpriority", "high"), ("decoding", "async")]);
    let figure = element(document, "figure", &[("class", "article-cover")], None)?;
    add(&figure, element(document, "img", &attributes, None))?;
    if let Some(caption) = &image.caption {
        add(&figure, element(document, "figcaption", &[], Some(caption)))?;
    }
    Some(figure)
}

/// The closing credit line (（青澜日报记者 陈思远）).
fn byline(document: &Document, text: &str) -> Option<Element> {
    element(document, "p", &[("class", "byline")], Some(text))
}

/// 标签: the backend's keywords as text (there is no page per tag); `None` when none is left
/// once blank ones are dropped.
fn tag_line(document: &Document, tags: &[String], strings: &Strings) -> Option<Element> {
    let mut tags = tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).peekable();
    tags.peek()?;
    let line = element(document, "p", &[("class", "article-tags")], None)?;
    add(&line, element(document, "span", &[("class", "label")], Some(strings.tags)))?;
    for tag in tags {
        add(&line, element(document, "span", &[("class", "tag")], Some(tag)))?;
    }
    Some(line)
}

/// 更新于 and the time of the last edit, when it is later than publication.
fn updated_time(
    document: &Document,
    published_at: &str,
    updated_at: Option<&str>,
    strings: &Strings,
) -> Option<Element> {
    let at = edited_at(published_at, updated_at)?;
    let item = element(document, "span", &[("class", "meta-item meta-updated")], None)?;
    add(&item, element(document, "span", &[("class", "label")], Some(strings.updated)))?;
    let shown = display_datetime(at, strings.locale);
    add(&item, element(document, "time", &[("datetime", at)], Some(&shown)))?;
    Some(item)
}

fn add(parent: &Element, child: Option<Element>) -> Option<()> {
    let child = child?;
    parent.append_child(&child).ok().map(drop)
}

fn element(document: &Document, tag: &str, attributes: &[(&str, &str)], text: Option<&str>) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    for (name, value) in attributes {
        element.set_attribute(name, value).ok()?;
    }
    if text.is_some() {
        element.set_text_content(text);
    }
    Some(element)
}
