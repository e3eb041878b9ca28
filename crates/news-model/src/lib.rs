//! The news reader's JSON contract (see `docs/api.md`) as serde types, plus the pure logic that
//! both the browser app and the reference server rely on: tolerant decoding, runtime config,
//! date formatting and the HTML sanitizer's allow-list policy. Everything here runs on the host,
//! so it is tested with plain `cargo test`.

pub mod adapters;
pub mod comments;
pub mod config;
pub mod datetime;
pub mod decode;
pub mod live;
pub mod error;
pub mod model;
pub mod qr;
pub mod recent;
pub mod route;
pub mod sanitize_policy;

pub use config::{Adapter, CommentsConfig, Config, Endpoint, Locale};
pub use decode::{Decode, DecodeError};
pub use error::ApiError;
pub use model::*;
/// At most `max` characters (not bytes: Chinese text), with `ellipsis` added when something was
/// cut: list summaries (`...[详细]`), titles made from text.
pub fn clip(s: &str, max: usize, ellipsis: &str) -> String {
    match s.char_indices().nth(max) {
        Some((end, _)) => format!("{}{ellipsis}", s[..end].trim_end()),
        None => s.to_string(),
    }
}

/// Raw JSON, for adapters that map a backend's own shapes.
pub use serde_json::Value as JsonValue;
