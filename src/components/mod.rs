//! Small views with typed props. None of them fetches: pages load the data and pass it down.
//! Links are plain `<a href>`: the router intercepts clicks on same-origin links itself, and
//! its `<A>` component cost about 6 KB of wasm for nothing we use.

pub mod article_body;
pub mod article_head;
pub mod article_meta;
pub mod comments;
pub mod images;
pub mod later;
pub mod layout;
pub mod reading_tools;
pub mod related;
pub mod share;
pub mod status;
pub mod summary;
pub mod tip_box;
