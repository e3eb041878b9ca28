//! Small views with typed props. None of them fetches by itself except where a section has its
//! own optional data (related news when the article did not embed it).

pub mod article_body;
pub mod article_meta;
pub mod comments;
pub mod layout;
pub mod related;
pub mod status;
pub mod summary;
pub mod tip_box;
