//! The news reader: a client-side Leptos app that renders article pages, related news and (soon)
//! comments from any backend's JSON. Data walks one way:
//! config -> api client -> model -> page -> components.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod embed;
pub mod head;
pub mod i18n;
pub mod load;
pub mod pages;
pub mod panic;
pub mod paths;
pub mod router;
pub mod sanitize;
pub mod scroll;
pub mod storage;

use leptos::prelude::*;

/// How long the app waits for index.html's preview of the article before it mounts without it.
/// Waiting shows the article sooner (the preview costs a few milliseconds, the app's first
/// render many); after a second, the reader is better served by the page around the article
/// (header, channels) and the app's own loading and error states.
const PREVIEW_WAIT_MS: u32 = 1_000;

/// Boots the app: embedded (embed.js asked for it; it then calls `embed::mount_all`), in an
/// iframe (embed.html), or standalone: config, then the whole page under `<body>`.
pub fn start() {
    panic::install();
    let flag = js_sys::Reflect::get(&window(), &"__newsReaderEmbed".into());
    if flag.is_ok_and(|f| f.is_truthy()) {
        return;
    }
    let frame = document().query_selector("meta[name='news-reader-mode'][content='frame']");
    if frame.is_ok_and(|m| m.is_some()) {
        return embed::mount_frame();
    }
    scroll::install();
    // Leptos' executor starts with the mount, so the config is fetched on wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let config = config::load().await;
        // index.html paints a preview of this article: let it be painted first, and have the
        // article (and its related list) in memory before mounting, so the page goes from the
        // preview to the article in one step.
        let wait = config.request_timeout_ms.min(PREVIEW_WAIT_MS);
        if api::early::preview_painted(wait).await {
            if let Some(id) = api::early::previewed_article(&paths::BasePath::from_document()) {
                let _ = api::cache::fetch_article(&config, &id).await;
            }
        }
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        leptos::mount::mount_to_body(move || view! { <app::App config/> });
    });
}
