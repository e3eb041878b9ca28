//! Loads `config.json` from beside the app's files, so one built `dist/` can serve any backend:
//! once per page, whether for the standalone page, the iframe page or any number of embedded
//! instances (each may put its element's settings on top). Missing or broken config falls back
//! to defaults, with a console note.

use crate::api;
use js_sys::Promise;
use news_model::{ApiError, Config};
use std::cell::RefCell;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// Config itself may not stall the app for long: defaults are a fine answer.
const CONFIG_TIMEOUT_MS: u32 = 5_000;

thread_local! {
    /// config.json's text (or `undefined` when it could not be read), by folder: asked for once
    /// per page however many instances start.
    static TEXTS: RefCell<Vec<(String, Promise)>> = const { RefCell::new(Vec::new()) };
}

/// The config in `folder` (`""`: beside the page, resolved against `<base href>`; else a URL
/// ending in `/`), with settings in attribute form (`("api-base", "…")`) on top.
pub async fn load(folder: &str, attributes: &[(String, String)]) -> Config {
    let text = JsFuture::from(text_of(folder)).await.ok().and_then(|text| text.as_string());
    let (config, warnings) = Config::from_json_with(text.as_deref().unwrap_or("{}"), attributes);
    for warning in warnings {
        web_sys::console::warn_1(&warning.into());
    }
    config
}

fn text_of(folder: &str) -> Promise {
    TEXTS.with_borrow_mut(|texts| {
        if let Some((_, text)) = texts.iter().find(|(f, _)| f == folder) {
            return text.clone();
        }
        let url = format!("{folder}config.json");
        let text = future_to_promise(async move { Ok(fetch(&url).await.map_or(JsValue::UNDEFINED, JsValue::from)) });
        texts.push((folder.to_string(), text.clone()));
        text
    })
}

async fn fetch(url: &str) -> Option<String> {
    match api::fetch_text(url, CONFIG_TIMEOUT_MS).await {
        Ok(text) => Some(text),
        Err(ApiError::NotFound) => {
            web_sys::console::info_1(&"config.json not found; using the default configuration".into());
            None
        }
        Err(e) => {
            let note = format!("config.json could not be loaded ({e}); using the default configuration");
            web_sys::console::warn_1(&note.into());
            None
        }
    }
}
