//! Scroll positions across back/forward. Pages load their data after a popstate, so the
//! browser's own restoration would find a short page and give up; we remember each URL's
//! position and put it back once the page's content is on screen.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};

thread_local! {
    /// (URL, scroll y), most recent last. A short list: a linear scan is cheaper in wasm than a map.
    static POSITIONS: RefCell<Vec<(String, f64)>> = const { RefCell::new(Vec::new()) };
    static RESTORE_PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Bound on remembered URLs; a long reading session must not grow without end.
const MAX_REMEMBERED: usize = 200;

fn current_key() -> String {
    let location = window().location();
    format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
}

/// Standalone mode only: embedded, the host page owns scrolling and history.
pub fn install() {
    if let Ok(history) = window().history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    // Both listeners live as long as the page (dropping a handle does not remove its listener).
    // This one is registered before the router's, so the flag is set before pages re-render.
    let _ = window_event_listener(leptos::ev::popstate, |_| RESTORE_PENDING.set(true));
    let _ = window_event_listener(leptos::ev::scroll, |_| {
        // While a back/forward page is still loading, scroll events describe the short page.
        if RESTORE_PENDING.get() {
            return;
        }
        let y = window().scroll_y().unwrap_or(0.0);
        let key = current_key();
        POSITIONS.with_borrow_mut(|positions| {
            positions.retain(|(url, _)| *url != key);
            if positions.len() >= MAX_REMEMBERED {
                positions.remove(0);
            }
            positions.push((key, y));
        });
    });
}

/// True between a back/forward navigation and the moment its page put the scroll position back.
pub fn restoring() -> bool {
    RESTORE_PENDING.get()
}

/// Called by a page once its content is rendered: after back/forward, return to where the
/// reader was on this URL.
pub fn content_ready() {
    if RESTORE_PENDING.replace(false) {
        let key = current_key();
        let y = POSITIONS.with_borrow(|positions| positions.iter().find(|(url, _)| *url == key).map(|(_, y)| *y));
        let y = y.unwrap_or(0.0);
        window().scroll_to_with_x_and_y(0.0, y);
    }
}
