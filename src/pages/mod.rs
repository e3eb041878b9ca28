//! One file per route.

mod article;
mod home;
mod not_found;

pub use article::{ArticleLoader, ArticlePage};
pub use home::{list_asked, HomePage};
pub use not_found::NotFound;
