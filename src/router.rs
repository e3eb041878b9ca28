//! In-app navigation for the standalone page. Why our own: leptos_router cost 40.5 KB of the
//! gzipped first load for what the app uses of it (331.9 -> 291.5 KB when this replaced it).
//! What it does, in the little the app needs: the address (path under the base, and query) as a
//! signal; a click on a same-origin link under the base becomes `history.pushState` instead of
//! a page load; back and forward are `popstate`. Three routes (news_model::route): `/`,
//! `/articles/{id}`, anything else.

use crate::paths::BasePath;
use leptos::prelude::*;
pub use news_model::route::Route;
use wasm_bindgen::JsCast;
use web_sys::{Element, MouseEvent};

/// Where the app is: the path below the base (`/`, `/articles/7`) and the query (`?page=2`).
#[derive(Clone, Copy)]
pub struct Location {
    path: RwSignal<String>,
    search: RwSignal<String>,
}

impl Location {
    /// The path below the base; tracked.
    pub fn path(&self) -> String {
        self.path.get()
    }

    pub fn route(&self) -> Route {
        self.path.with(|path| Route::of(path))
    }

    /// A query parameter, decoded; tracked.
    pub fn query(&self, key: &str) -> Option<String> {
        let search = self.search.get();
        web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(key)
    }
}

/// Reads the address, follows back/forward and takes over link clicks, for the app's lifetime.
pub fn provide_location(base: BasePath) -> Location {
    let location = Location { path: RwSignal::new(String::new()), search: RwSignal::new(String::new()) };
    let read = {
        let base = base.clone();
        move || {
            let address = window().location();
            location.path.set(path_below(&base, &address.pathname().unwrap_or_default()));
            location.search.set(address.search().unwrap_or_default());
        }
    };
    read();
    // Registered after the scroll module's, so it knows a back/forward is under way first.
    let _ = window_event_listener(leptos::ev::popstate, {
        let read = read.clone();
        move |_| read()
    });
    let _ = window_event_listener(leptos::ev::click, move |ev| match in_app_link(&ev, &base) {
        Some(LinkClick::Open(href)) => {
            ev.prevent_default();
            if let Ok(history) = window().history() {
                let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
            }
            read();
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        Some(LinkClick::Jump(id)) => {
            ev.prevent_default();
            if let Some(element) = document().get_element_by_id(&id) {
                element.scroll_into_view();
                // As the browser's own jump does, keyboard focus follows (where it can land).
                if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
            }
        }
        None => {}
    });
    provide_context(location);
    location
}

/// The part of an address's path below the base (`/news/articles/7` -> `/articles/7`), `/` at least.
pub fn path_below(base: &BasePath, path: &str) -> String {
    news_model::route::path_below(&base.0, path)
}

pub fn use_location() -> Option<Location> {
    use_context::<Location>()
}

/// What a link click means for the app.
enum LinkClick {
    /// Show this address (path, query, fragment) in-app.
    Open(String),
    /// `href="#id"`: a place on this page (also the skip links). With `<base href>` the browser
    /// would resolve it against the base and leave the page, so the app goes there itself.
    Jump(String),
}

/// A plain left click on a same-origin link under the base, not meant for another window or a
/// download; `None` leaves the click to the browser.
fn in_app_link(ev: &MouseEvent, base: &BasePath) -> Option<LinkClick> {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let target = ev.target()?.dyn_into::<Element>().ok()?;
    let anchor = target.closest("a[href]").ok()??;
    let leaves = anchor.has_attribute("download")
        || anchor.get_attribute("target").is_some_and(|t| !t.is_empty() && t != "_self")
        || anchor.get_attribute("rel").is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "external"));
    if leaves {
        return None;
    }
    let href = anchor.get_attribute("href")?;
    if let Some(id) = href.strip_prefix('#') {
        return Some(LinkClick::Jump(js_sys::decode_uri_component(id).ok()?.as_string()?));
    }
    let url = web_sys::Url::new_with_base(&href, &document().base_uri().ok()??).ok()?;
    let under_base = url.pathname() == base.0 || url.pathname().starts_with(&format!("{}/", base.0));
    if url.origin() != window().location().origin().ok()? || !under_base {
        return None;
    }
    Some(LinkClick::Open(format!("{}{}{}", url.pathname(), url.search(), url.hash())))
}
