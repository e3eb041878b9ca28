//! In-app URLs. The app may be served under a sub-path (`/news/`); Trunk writes that path into
//! `<base href>`, and every in-app link and route is built from it here.

use leptos::prelude::*;

/// The sub-path the app is served under, without a trailing slash (`""` at the site root).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasePath(pub String);

impl BasePath {
    /// Reads `<base href>` as Trunk wrote it (`/` or `/news/`).
    pub fn from_document() -> Self {
        let href = document()
            .query_selector("base[href]")
            .ok()
            .flatten()
            .and_then(|base| base.get_attribute("href"))
            .unwrap_or_default();
        BasePath::from_href(&href)
    }

    pub fn from_href(href: &str) -> Self {
        // Only a path is meaningful here; an absolute base URL is reduced to its path.
        let path = match href.find("://") {
            Some(i) => href[i + 3..].find('/').map_or("", |p| &href[i + 3 + p..]),
            None => href,
        };
        BasePath(path.trim_end_matches('/').to_string())
    }

    pub fn home(&self) -> String {
        format!("{}/", self.0)
    }

    /// The home list: all channels or one, at a page.
    pub fn home_page(&self, channel: Option<&str>, page: u32) -> String {
        let mut query = Vec::new();
        if let Some(channel) = channel {
            query.push(format!("channel={}", encode(channel)));
        }
        if page > 1 {
            query.push(format!("page={page}"));
        }
        match query.is_empty() {
            true => self.home(),
            false => format!("{}/?{}", self.0, query.join("&")),
        }
    }

    pub fn article(&self, id: &str) -> String {
        format!("{}/articles/{}", self.0, encode(id))
    }
}

/// Percent-encodes an id for use as one path segment or query value, by the same rule as the
/// API's URLs (everything but RFC 3986's unreserved characters).
fn encode(segment: &str) -> String {
    news_model::config::percent_encode(segment)
}

pub fn use_paths() -> BasePath {
    use_context::<BasePath>().unwrap_or_default()
}

/// Present when the app is embedded in a host page (an element, or the iframe page): no router,
/// hands off the document's head and URL, and story links go where the host says.
#[derive(Clone)]
pub struct Embedded {
    /// `data-link-template`, e.g. `/news/{id}.html`: stories open on the host's own pages.
    pub link_template: Option<String>,
    /// Without a template, a story opens in place, in the same instance.
    pub open_article: Callback<String>,
    /// In an iframe (embed.html), host links must open in the host's window, not the frame.
    pub in_frame: bool,
}

pub fn use_embedded() -> Option<Embedded> {
    use_context::<Embedded>()
}
