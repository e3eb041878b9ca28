//! Small views with typed props. Pages load the data and pass it down; the one exception is the
//! comment section, which loads, posts and likes through api/ (its pages arrive as the reader
//! asks for them). Links are plain `<a href>`: router.rs takes clicks on same-origin links under
//! the base, so no link component is needed.

pub mod article_body;
pub mod article_head;
pub mod article_meta;
pub mod comments;
pub mod images;
pub mod later;
pub mod layout;
pub mod lead;
pub mod media;
pub mod reading_tools;
pub mod related;
pub mod share;
pub mod status;
pub mod summary;
pub mod tip_box;
