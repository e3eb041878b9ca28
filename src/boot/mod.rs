//! Everything that runs before the app is mounted, in the order it runs:
//! 1. early.js, inlined into index.html by Trunk, runs before the wasm has even downloaded: it
//!    asks for config.json and (from a native backend) the site data and the article, and paints
//!    the article's title and first paragraphs as text (see docs/configuration.md, "The first
//!    request");
//! 2. `start`: the panic notice, the mode (standalone, iframe page, or embedded by embed.js),
//!    the early answers handed to the API client, config.json loaded once (config.rs), the
//!    listeners in the order they depend on, then the mount.

pub mod config;
pub mod early;

use crate::{api, app, embed, panic, paths, reader_token, scroll};
use leptos::prelude::*;

/// How long the app waits for the boot script's preview of the article before it mounts without
/// it. Waiting shows the article sooner (the preview costs a few milliseconds, the app's first
/// render many); after a second, the reader is better served by the page around the article
/// (header, channels) and the app's own loading and error states.
const PREVIEW_WAIT_MS: u32 = 1_000;

/// Boots the app: embedded (embed.js asked for it; it then calls `embed::mount_all`), in an
/// iframe (embed.html), or standalone: config, then the whole page under `<body>`.
pub fn start() {
    panic::install();
    // In every mode: the host's script may sign its reader in whichever way it shows the app.
    reader_token::install_host_api();
    let flag = js_sys::Reflect::get(&window(), &"__newsReaderEmbed".into());
    if flag.is_ok_and(|f| f.is_truthy()) {
        return;
    }
    api::take_early_answers_from(early::take);
    let frame = document().query_selector("meta[name='news-reader-mode'][content='frame']");
    if frame.is_ok_and(|m| m.is_some()) {
        return embed::mount_frame();
    }
    // Listener order: scroll restoration's popstate listener is registered here, before the
    // router's (in app::App), so a back/forward is known to be under way before pages re-render.
    scroll::install();
    // Leptos' executor starts with the mount, so the config is fetched on wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let config = config::load("", &[]).await;
        // The boot script paints a preview of this article: let it be painted first, and have
        // the article (and its related list) in memory before mounting, so the page goes from
        // the preview to the article in one step.
        let wait = config.request_timeout_ms.min(PREVIEW_WAIT_MS);
        if early::preview_painted(wait).await {
            if let Some(id) = early::previewed_article(&paths::BasePath::from_document()) {
                let _ = api::cache::fetch_article(&config, &id).await;
            }
        }
        // A filled-in home page stays on screen until the app has its list, as an article page
        // does until the app has the article: no skeleton in between.
        if document().query_selector("#boot[data-prerendered='home']").is_ok_and(|b| b.is_some()) {
            let search = window().location().search().unwrap_or_default();
            let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
            let query = crate::pages::list_asked(|key| params.as_ref().and_then(|p| p.get(key)));
            let _ = api::cache::fetch_articles(&config, &query).await;
        }
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        leptos::mount::mount_to_body(move || view! { <app::App config/> });
    });
}
