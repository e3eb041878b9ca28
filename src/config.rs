//! Loads `config.json` from beside `index.html` (resolved against `<base href>`), so one built
//! `dist/` can serve any backend. Missing or broken config falls back to defaults, with a console note.

use crate::api;
use news_model::{ApiError, Config};

/// Config itself may not stall the app for long: defaults are a fine answer.
const CONFIG_TIMEOUT_MS: u32 = 5_000;

pub async fn load() -> Config {
    match api::fetch_text("config.json", CONFIG_TIMEOUT_MS).await {
        Ok(text) => {
            let (config, warnings) = Config::from_json(&text);
            for warning in warnings {
                web_sys::console::warn_1(&warning.into());
            }
            config
        }
        Err(ApiError::NotFound) => {
            web_sys::console::info_1(&"config.json not found; using the default configuration".into());
            Config::default()
        }
        Err(e) => {
            web_sys::console::warn_1(
                &format!("config.json could not be loaded ({e}); using the default configuration").into(),
            );
            Config::default()
        }
    }
}
