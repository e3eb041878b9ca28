//! What search engines and share previews read from a standalone article page: title,
//! description, canonical URL, Open Graph and Twitter card tags, and JSON-LD `NewsArticle`.
//! Never rendered embedded: a host page's head is not ours.

use crate::app::use_site;
use crate::paths::use_paths;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Script, Title};
use news_model::sanitize_policy::safe_url;
use news_model::Article;
use wasm_bindgen::JsValue;

#[component]
pub fn ArticleHead(article: Article) -> impl IntoView {
    let site = use_site();
    let page_title = {
        let title = article.title.clone();
        // Reactive: the site's name joins the title if `/site` answers after the article.
        move || match site.read(|s| Some(s.name.clone())) {
            Some(name) => format!("{title} - {name}"),
            None => title.clone(),
        }
    };
    let description = article.summary.clone().unwrap_or_else(|| article.title.clone());
    let origin = window().location().origin().unwrap_or_default();
    let canonical = format!("{origin}{}", use_paths().article(&article.id));
    let image = article.cover.as_ref().and_then(|cover| absolute(&cover.url));
    let card = if image.is_some() { "summary_large_image" } else { "summary" };
    let site_name = move || site.read(|s| Some(s.name.clone())).unwrap_or_default();
    let json_ld = {
        let (article, canonical, image) = (article.clone(), canonical.clone(), image.clone());
        move || news_article_json(&article, &canonical, image.as_deref(), &site_name())
    };

    view! {
        <Title text=page_title/>
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=canonical.clone()/>
        <Meta property="og:type" content="article"/>
        <Meta property="og:title" content=article.title.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:url" content=canonical/>
        <Meta property="og:site_name" content=site_name/>
        <Meta property="article:published_time" content=article.published_at.clone()/>
        {image.clone().map(|src| view! { <Meta property="og:image" content=src/> })}
        <Meta name="twitter:card" content=card/>
        <Meta name="twitter:title" content=article.title.clone()/>
        <Meta name="twitter:description" content=description/>
        {image.map(|src| view! { <Meta name="twitter:image" content=src/> })}
        <Script type_="application/ld+json">{json_ld}</Script>
    }
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
