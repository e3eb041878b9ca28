//! The news reader: a client-side Leptos app that renders article pages, related news and
//! comments from any backend's JSON. Data enters at the top and walks one way:
//! boot (before mount: early answers, config.json) -> api (one HTTP client, one adapter per
//! backend shape) -> news_model (the contract) -> pages -> components. Nothing below calls up:
//! api/ knows no routes, and components load through api/.

pub mod api;
pub mod app;
pub mod boot;
pub mod components;
pub mod embed;
pub mod head;
pub mod i18n;
pub mod load;
pub mod pages;
pub mod panic;
pub mod paths;
pub mod reader_token;
pub mod router;
pub mod sanitize;
pub mod scroll;
pub mod storage;

pub use boot::start;
