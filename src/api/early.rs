//! Answers that index.html's inline script fetched before the app started (config.json, and on
//! an article page the article and its related list): the app's first request for the same URL
//! takes the answer (status and body) instead of asking the network again. Each answer is used
//! once; a request that got no answer at all, or a URL the script did not fetch, goes to the
//! network as usual.

use crate::paths::BasePath;
use crate::router::{path_below, Route};
use js_sys::{Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The status and body the page already fetched for `url`, taken out of the page's store.
/// Waited for at most `timeout_ms`, like any request; after that the network is asked instead.
pub async fn take(url: &str, timeout_ms: u32) -> Option<(u16, String)> {
    let early = Reflect::get(&window(), &"__newsEarly".into()).ok().filter(JsValue::is_object)?;
    let key = JsValue::from_str(url);
    let promise = Reflect::get(&early, &key).ok()?.dyn_into::<Promise>().ok()?;
    let _ = Reflect::delete_property(early.unchecked_ref::<js_sys::Object>(), &key);
    let timeout = Promise::new(&mut |resolve, _| {
        let ms = i32::try_from(timeout_ms).unwrap_or(i32::MAX);
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let first = Promise::race(&js_sys::Array::of2(&promise, &timeout));
    let answer = JsFuture::from(first).await.ok().filter(JsValue::is_object)?;
    let status = Reflect::get(&answer, &"status".into()).ok()?.as_f64()?;
    let body = Reflect::get(&answer, &"body".into()).ok()?.as_string()?;
    Some((u16::try_from(status as u32).ok()?, body))
}

/// The id of the article the script painted a preview of (`#boot article`), from the address.
pub fn previewed_article(base: &BasePath) -> Option<String> {
    document().query_selector("#boot article").ok().flatten()?;
    let path = window().location().pathname().ok()?;
    match Route::of(&path_below(base, &path)) {
        Route::Article(id) => Some(id),
        _ => None,
    }
}
