//! The page chrome: skip links, site header (with the language switch) and footer, from `/site`.

use crate::app::use_site;
use crate::components::reading_tools::ReaderPrefs;
use crate::i18n::use_strings;
use crate::paths::use_paths;
use crate::router::use_location;
use leptos::prelude::*;
use news_model::sanitize_policy::safe_url;
use news_model::{Footer, Locale};

/// 跳到正文, and on an article page 跳到评论: the first things a keyboard reaches.
#[component]
pub fn SkipLinks() -> impl IntoView {
    let strings = use_strings();
    let location = use_location();
    view! {
        <div class="skip-links">
            <SkipLink target="main" text=strings.skip_to_content/>
            {move || location.is_some_and(|l| l.path().starts_with("/articles/")).then(|| view! {
                <SkipLink target="comments" text=strings.skip_to_comments/>
            })}
        </div>
    }
}

/// A link to a place on the page; the router takes it there and moves focus with it.
#[component]
fn SkipLink(target: &'static str, text: &'static str) -> impl IntoView {
    view! { <a class="skip-link" href=format!("#{target}")>{text}</a> }
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = use_site();
    let home = use_paths().home();
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                {move || {
                    let logo = site.read(|s| s.logo.as_deref().and_then(|url| safe_url(url, false)));
                    let name = site.read(|s| Some(s.name.clone())).unwrap_or_default();
                    view! {
                        <a href=home.clone() class="site-name">
                            {logo.map(|src| view! { <img class="site-logo" src=src alt="" width="32" height="32"/> })}
                            <span>{name}</span>
                        </a>
                    }
                }}
                <LanguageSwitch/>
            </div>
        </header>
    }
}

/// One button naming the other language in that language (`English` on the Chinese page).
#[component]
fn LanguageSwitch() -> impl IntoView {
    let prefs = use_context::<ReaderPrefs>()?;
    let strings = use_strings();
    let other = match strings.locale {
        Locale::ZhCn => Locale::En,
        Locale::En => Locale::ZhCn,
    };
    Some(view! {
        <button type="button" class="language-switch" lang=other.tag() on:click=move |_| prefs.set_locale(other)>
            {strings.other_language}
        </button>
    })
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = use_site();
    move || site.read(|site| site.footer.clone()).map(|footer| view! { <FooterContent footer/> })
}

#[component]
fn FooterContent(footer: Footer) -> impl IntoView {
    let strings = use_strings();
    let links: Vec<_> =
        footer.links.into_iter().filter_map(|link| safe_url(&link.url, true).map(|href| (href, link.text))).collect();
    view! {
        <footer class="site-footer">
            {(!links.is_empty()).then(|| view! {
                <nav class="footer-links" aria-label=strings.footer_links>
                    {links.into_iter().map(|(href, text)| view! { <a href=href rel="noopener noreferrer">{text}</a> }).collect_view()}
                </nav>
            })}
            {footer.copyright.map(|c| view! { <p class="copyright">{c}</p> })}
            {footer.icp.into_iter().map(|line| view! { <p class="icp">{line}</p> }).collect_view()}
            {footer.address.map(|a| view! { <p class="address">{a}</p> })}
            {footer.hotline.map(|h| view! { <p class="hotline">{h}</p> })}
        </footer>
    }
}
