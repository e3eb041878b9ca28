//! What search engines and share previews read from a standalone article page: title,
//! description, canonical URL, Open Graph and Twitter card tags, and JSON-LD `NewsArticle`.
//! Never rendered embedded: a host page's head is not ours.

use crate::app::use_site;
use crate::head::{use_head_tags, use_title, HeadTag};
use crate::paths::use_paths;
use leptos::prelude::*;
use news_model::sanitize_policy::safe_url;
use news_model::Article;
use wasm_bindgen::JsValue;

/// Writes the article's tags into `<head>` while the article is shown; renders nothing itself.
pub fn use_article_head(article: &Article) {
    let site = use_site();
    let site_name = move || site.read(|s| Some(s.name.clone()));
    let title = article.title.clone();
    // Reactive: the site's name joins the title if `/site` answers after the article.
    use_title(move || match site_name() {
        Some(name) => format!("{title} - {name}"),
        None => title.clone(),
    });
    let article = article.clone();
    let canonical = format!("{}{}", window().location().origin().unwrap_or_default(), use_paths().article(&article.id));
    use_head_tags(move || {
        let site_name = site_name().unwrap_or_default();
        let description = article.summary.clone().unwrap_or_else(|| article.title.clone());
        let image = article.cover.as_ref().and_then(|cover| absolute(&cover.url));
        let card = if image.is_some() { "summary_large_image" } else { "summary" };
        let mut tags = vec![
            HeadTag::meta("name", "description", description.clone()),
            HeadTag {
                tag: "link",
                attributes: vec![("rel", "canonical".into()), ("href", canonical.clone())],
                text: None,
            },
            HeadTag::meta("property", "og:type", "article".into()),
            HeadTag::meta("property", "og:title", article.title.clone()),
            HeadTag::meta("property", "og:description", description.clone()),
            HeadTag::meta("property", "og:url", canonical.clone()),
            HeadTag::meta("property", "og:site_name", site_name.clone()),
            HeadTag::meta("property", "article:published_time", article.published_at.clone()),
            HeadTag::meta("name", "twitter:card", card.into()),
            HeadTag::meta("name", "twitter:title", article.title.clone()),
            HeadTag::meta("name", "twitter:description", description),
        ];
        if let Some(src) = &image {
            tags.push(HeadTag::meta("property", "og:image", src.clone()));
            tags.push(HeadTag::meta("name", "twitter:image", src.clone()));
        }
        let json_ld = news_article_json(&article, &canonical, image.as_deref(), &site_name);
        tags.push(HeadTag {
            tag: "script",
            attributes: vec![("type", "application/ld+json".into())],
            text: Some(json_ld),
        });
        tags
    });
}

/// An image URL made absolute (share previews need that), if it is a safe one.
fn absolute(url: &str) -> Option<String> {
    let url = safe_url(url, false)?;
    let base = window().location().href().ok()?;
    web_sys::Url::new_with_base(&url, &base).ok().map(|u| u.href())
}

/// schema.org `NewsArticle`, serialised by JSON.stringify: text content of a script element set
/// through the DOM, so no markup in the data can end it early.
fn news_article_json(article: &Article, canonical: &str, image: Option<&str>, site_name: &str) -> String {
    let object = js_sys::Object::new();
    let put = |target: &js_sys::Object, key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), &value);
    };
    let text = |s: &str| JsValue::from_str(s);
    put(&object, "@context", text("https://schema.org"));
    put(&object, "@type", text("NewsArticle"));
    put(&object, "headline", text(&article.title));
    if let Some(original) = &article.original_title {
        put(&object, "alternativeHeadline", text(original));
    }
    put(&object, "datePublished", text(&article.published_at));
    put(&object, "dateModified", text(article.updated_at.as_deref().unwrap_or(&article.published_at)));
    put(&object, "mainEntityOfPage", text(canonical));
    if let Some(summary) = &article.summary {
        put(&object, "description", text(summary));
    }
    if let Some(image) = image {
        put(&object, "image", js_sys::Array::of1(&text(image)).into());
    }
    if let Some(author) = &article.author {
        let person = js_sys::Object::new();
        put(&person, "@type", text("Person"));
        put(&person, "name", text(author));
        put(&object, "author", js_sys::Array::of1(&person).into());
    }
    if !site_name.is_empty() {
        let publisher = js_sys::Object::new();
        put(&publisher, "@type", text("Organization"));
        put(&publisher, "name", text(site_name));
        put(&object, "publisher", publisher.into());
    }
    js_sys::JSON::stringify(&object).map(String::from).unwrap_or_default()
}
