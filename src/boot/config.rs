//! Loads `config.json` from beside the app's files, so one built `dist/` can serve any backend:
//! once per page, whether for the standalone page, the iframe page or any number of embedded
//! instances (each may put its element's settings on top). Missing or broken config falls back
//! to defaults, with a console note.

use crate::api;
use news_model::{ApiError, Config};

/// Config itself may not stall the app for long: defaults are a fine answer.
const CONFIG_TIMEOUT_MS: u32 = 5_000;

/// The config in `folder` (`""`: beside the page, resolved against `<base href>`), with settings
/// in attribute form (`("api-base", "…")`) on top: for a page with one instance.
pub async fn load(folder: &str, attributes: &[(String, String)]) -> Config {
    read(fetch(folder).await.as_deref(), attributes)
}

/// config.json's text from `folder` (`""`, or a URL ending in `/`); `None` when it could not be
/// read, which the console notes. A page with several instances asks once and reads it for each.
pub async fn fetch(folder: &str) -> Option<String> {
    match api::fetch_text(&format!("{folder}config.json"), CONFIG_TIMEOUT_MS).await {
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

/// The config from config.json's text (defaults without one), with settings in attribute form
/// on top; odd values are noted in the console and fall back to their defaults.
pub fn read(text: Option<&str>, attributes: &[(String, String)]) -> Config {
    let (config, warnings) = Config::from_json_with(text.unwrap_or("{}"), attributes);
    for warning in warnings {
        web_sys::console::warn_1(&warning.into());
    }
    config
}
