//! The reader the host page vouches for (docs/sso.md): a signed token the host hands over in an
//! embed element's `data-reader-token`, or through `NewsReader.setReaderToken(token)` from its
//! own script (`null` signs the reader out). One per page, for every instance on it: one reader
//! reads the page. Kept in memory only, never in storage or an address: it is a credential, and
//! the host knows when it changes (a login, a logout, a fresh one after `news-reader:token-expired`).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

thread_local! {
    // Reference-counted rather than arena-owned: it outlives every instance and owner.
    static TOKEN: ArcRwSignal<Option<String>> = ArcRwSignal::new(None);
}

/// The page's token, tracked: a view or effect reading it follows logins and logouts.
pub fn token() -> ArcRwSignal<Option<String>> {
    TOKEN.with(Clone::clone)
}

/// The page's token now, untracked: what a write sends.
pub fn current() -> Option<String> {
    TOKEN.with(|token| token.get_untracked())
}

/// Signs the reader in with `token`, or out with `None` or an empty one.
pub fn set_token(token: Option<String>) {
    TOKEN.with(|current| current.set(token.filter(|t| !t.is_empty())));
}

/// `window.NewsReader.setReaderToken(token)`: a string signs in, `null` (or `undefined`) out;
/// anything else is refused in the console, since taking it for a logout would post the next
/// comment anonymously without the host meaning it.
pub fn install_host_api() {
    let set = Closure::<dyn Fn(JsValue)>::new(|token: JsValue| match token.as_string() {
        Some(token) => set_token(Some(token)),
        None if token.is_null() || token.is_undefined() => set_token(None),
        None => web_sys::console::error_1(&"NewsReader.setReaderToken takes a string, or null to sign out".into()),
    });
    let api = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&api, &"setReaderToken".into(), set.as_ref());
    let _ = js_sys::Reflect::set(&window(), &"NewsReader".into(), &api);
    set.forget(); // as long as the page
}
