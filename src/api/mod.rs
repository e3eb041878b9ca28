//! The HTTP client: one generic fetch with a timeout, a size limit, abort on cleanup and
//! statuses mapped to `ApiError`. Adapters (one per backend shape) build on it and return the
//! shared model; nothing above this module sees a raw response. Pages call the functions in
//! `backend`, which pick the adapter the config names.

pub mod backend;
pub mod cache;
pub mod early;
mod jsonfeed;
mod native;
mod wordpress;

use gloo_net::http::Request;
use leptos::prelude::on_cleanup;
use news_model::{ApiError, Decode};
use send_wrapper::SendWrapper;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Larger bodies are refused: no article needs more, and a phone should not parse a flood.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// GET `url` and decode its JSON body as `T`.
pub async fn fetch_json<T: Decode>(url: &str, timeout_ms: u32) -> Result<T, ApiError> {
    decode(&fetch_text(url, timeout_ms).await?)
}

/// Sends `body` (JSON) with `method` and decodes the JSON answer as `T`.
pub async fn send_json<T: Decode>(method: Method, url: &str, body: String, timeout_ms: u32) -> Result<T, ApiError> {
    decode(&request(method, url, Some(body), timeout_ms).await?.body)
}

pub fn decode<T: Decode>(text: &str) -> Result<T, ApiError> {
    news_model::decode::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Builds a JSON object body from string fields (`None` becomes `null`). JSON.stringify does
/// the escaping, so no serializer is compiled into the wasm.
pub fn json_body(fields: &[(&str, Option<&str>)]) -> String {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        let value = value.map_or(JsValue::NULL, JsValue::from_str);
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &value);
    }
    js_sys::JSON::stringify(&object).map(String::from).unwrap_or_default()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

/// GET `url` as text.
pub async fn fetch_text(url: &str, timeout_ms: u32) -> Result<String, ApiError> {
    Ok(request(Method::Get, url, None, timeout_ms).await?.body)
}

/// GET `url`, keeping the total count header (`X-WP-Total`) some backends page with.
pub async fn fetch_counted(url: &str, timeout_ms: u32) -> Result<Reply, ApiError> {
    request(Method::Get, url, None, timeout_ms).await
}

/// A successful answer: its body, and the total from an `X-WP-Total` header if there was one.
pub struct Reply {
    pub body: String,
    pub total: Option<u64>,
}

/// One request. It is aborted when the reactive owner that started it is cleaned up (the
/// reader navigated away) or when `timeout_ms` passes.
pub async fn request(method: Method, url: &str, body: Option<String>, timeout_ms: u32) -> Result<Reply, ApiError> {
    if method == Method::Get {
        if let Some((status, body)) = early::take(url, timeout_ms).await {
            return checked(status, body, None);
        }
    }
    let controller = web_sys::AbortController::new().map_err(|_| ApiError::Network)?;
    let signal = controller.signal();
    let timed_out = Rc::new(Cell::new(false));
    let timer = Timer::start(timeout_ms, {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        move || {
            timed_out.set(true);
            controller.abort();
        }
    });
    let on_leave = SendWrapper::new(controller);
    on_cleanup(move || on_leave.abort());

    let result = send(method, url, body, &signal).await;
    drop(timer);
    match result {
        Err(_) if timed_out.get() => Err(ApiError::Timeout),
        other => other,
    }
}

async fn send(
    method: Method,
    url: &str,
    body: Option<String>,
    signal: &web_sys::AbortSignal,
) -> Result<Reply, ApiError> {
    // Built by hand: gloo-net's builder appends a stray `&` to URLs that have a query string.
    let init = web_sys::RequestInit::new();
    init.set_method(match method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Delete => "DELETE",
    });
    init.set_signal(Some(signal));
    if let Some(body) = body {
        let headers = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
        headers.set("Content-Type", "application/json").map_err(|_| ApiError::Network)?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&body));
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| ApiError::Network)?;
    let sent = Request::from(request).send().await;
    let response = sent.map_err(|_| if is_offline() { ApiError::Offline } else { ApiError::Network })?;
    let declared = response.headers().get("content-length").and_then(|len| len.trim().parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_BODY_BYTES) {
        return Err(ApiError::TooLarge { limit_bytes: MAX_BODY_BYTES });
    }
    let total = response.headers().get("x-wp-total").and_then(|n| n.trim().parse::<u64>().ok());
    let body = response.text().await.map_err(|_| ApiError::Network)?;
    checked(response.status(), body, total)
}

/// An answer as the app takes it: a 2xx body within the size limit, else the error it means.
fn checked(status: u16, body: String, total: Option<u64>) -> Result<Reply, ApiError> {
    if !(200..300).contains(&status) {
        return Err(ApiError::from_status(status, &body));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::TooLarge { limit_bytes: MAX_BODY_BYTES });
    }
    Ok(Reply { body, total })
}

/// `navigator.onLine` is false: the browser knows it has no network (true can still mean none).
fn is_offline() -> bool {
    let navigator = web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"navigator".into()).ok());
    let online = navigator.and_then(|n| js_sys::Reflect::get(&n, &"onLine".into()).ok());
    online.is_some_and(|online| online == JsValue::FALSE)
}

/// A one-shot `setTimeout`, cleared when dropped.
struct Timer {
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn start(ms: u32, fire: impl FnMut() + 'static) -> Option<Timer> {
        let callback = Closure::<dyn FnMut()>::new(fire);
        let window = web_sys::window()?;
        let handle = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                i32::try_from(ms).unwrap_or(i32::MAX),
            )
            .ok()?;
        Some(Timer { handle, _callback: callback })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}
