//! The Rust side of the boot script (early.js, inlined into index.html): the answers it fetched
//! before the app started (config.json, and from a native backend the site data and on an
//! article page the article and its related list) are handed to the API client, which takes
//! each once instead of asking the network again; and the preview of the article it painted is
//! waited for before mounting.

use crate::api::EarlyAnswer;
use crate::paths::BasePath;
use crate::router::{path_below, Route};
use js_sys::{Promise, Reflect};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The page's store of early answers, when the boot script made one.
fn store() -> Option<JsValue> {
    Reflect::get(&window(), &"__newsEarly".into()).ok().filter(JsValue::is_object)
}

/// What `promise` resolves to; `None` when it rejects or takes over `timeout_ms`.
async fn within(promise: Promise, timeout_ms: u32) -> Option<JsValue> {
    let timed_out: JsValue = js_sys::Object::new().into();
    let timeout = Promise::new(&mut |resolve, _| {
        let ms = i32::try_from(timeout_ms).unwrap_or(i32::MAX);
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_1(&resolve, ms, &timed_out);
    });
    let first = JsFuture::from(Promise::race(&js_sys::Array::of2(&promise, &timeout))).await.ok()?;
    (!js_sys::Object::is(&first, &timed_out)).then_some(first)
}

/// For `api::take_early_answers_from`: what became of the page's request for `url`, taken out
/// of the page's store (each answer is used once). Waited for no longer than `timeout_ms` from
/// when the page asked, so a request that never answers is announced after one timeout, not two.
pub fn take(url: String, timeout_ms: u32) -> Pin<Box<dyn Future<Output = EarlyAnswer>>> {
    Box::pin(async move { take_answer(&url, timeout_ms).await.unwrap_or(EarlyAnswer::NotAsked) })
}

async fn take_answer(url: &str, timeout_ms: u32) -> Option<EarlyAnswer> {
    let early = store()?;
    let key = JsValue::from_str(url);
    let promise = Reflect::get(&early, &key).ok()?.dyn_into::<Promise>().ok()?;
    let _ = Reflect::delete_property(early.unchecked_ref::<js_sys::Object>(), &key);
    let started = Reflect::get(&early, &"started".into()).and_then(|started| Reflect::get(&started, &key));
    let waited = started.ok().and_then(|t| t.as_f64()).map_or(0.0, |t| (js_sys::Date::now() - t).max(0.0));
    let left = (f64::from(timeout_ms) - waited).max(0.0) as u32;
    let Some(answer) = within(promise, left).await else {
        return Some(EarlyAnswer::TimedOut);
    };
    // null: the request failed outright (no network, refused); the app's own request says why.
    if !answer.is_object() {
        return None;
    }
    let status = Reflect::get(&answer, &"status".into()).ok()?.as_f64()?;
    let body = Reflect::get(&answer, &"body".into()).ok()?.as_string()?;
    Some(EarlyAnswer::Answered(u16::try_from(status as u32).ok()?, body))
}

/// Waits, at most `timeout_ms`, until the script knows whether it paints a preview of the
/// article, and when it does, until the browser has shown it: mounting is one long task that
/// replaces the preview, which must not wait behind it. False when there is no preview.
pub async fn preview_painted(timeout_ms: u32) -> bool {
    let Some(promise) = store().and_then(|early| Reflect::get(&early, &"preview".into()).ok()) else {
        return false;
    };
    let Ok(promise) = promise.dyn_into::<Promise>() else { return false };
    within(promise, timeout_ms).await.is_some_and(|painted| painted.is_truthy())
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
