//! The HTTP client: one generic fetch with a timeout, a size limit, abort on cleanup and
//! statuses mapped to `ApiError`. Adapters (one per backend shape) build on it and return the
//! shared model; nothing above this module sees a raw response. Pages call the functions in
//! `backend`, which pick the adapter the config names. Answers the page fetched before the app
//! started come in through one seam, `take_early_answers_from`, set by the boot module.

pub mod backend;
pub mod cache;
mod jsonfeed;
pub mod live;
mod native;
mod wordpress;

use leptos::prelude::on_cleanup;
use news_model::{ApiError, Decode};
use send_wrapper::SendWrapper;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Larger bodies are refused: no article needs more, and a phone should not parse a flood.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// GET `url` and decode its JSON body as `T`.
pub async fn fetch_json<T: Decode>(url: &str, timeout_ms: u32) -> Result<T, ApiError> {
    decode(&fetch_text(url, timeout_ms).await?)
}

/// Sends `body` (JSON) with `method`, and the reader's token when the host vouches for them, and
/// decodes the JSON answer as `T`.
pub async fn send_json<T: Decode>(
    method: Method,
    url: &str,
    body: String,
    reader_token: Option<&str>,
    timeout_ms: u32,
) -> Result<T, ApiError> {
    decode(&request(method, url, Some(Write { body, reader_token }), timeout_ms).await?.body)
}

/// What a POST or DELETE sends: a JSON body, and as `X-Reader-Token` the token of a reader the
/// host page vouches for (docs/sso.md).
pub struct Write<'a> {
    pub body: String,
    pub reader_token: Option<&'a str>,
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

/// What became of a GET the page made before the app started, for a URL the app now asks for.
pub enum EarlyAnswer {
    /// The page did not ask for this URL (or its request failed outright): ask the network.
    NotAsked,
    /// The answer, status and body.
    Answered(u16, String),
    /// Asked, but no answer within the request's timeout counted from when the page asked: the
    /// reader has waited that long already, so it is a timeout, not a reason to ask again.
    TimedOut,
}

/// Where early answers come from: given a URL and the timeout, what became of that request.
pub type EarlyAnswers = fn(String, u32) -> Pin<Box<dyn Future<Output = EarlyAnswer>>>;

thread_local! {
    static EARLY_ANSWERS: Cell<Option<EarlyAnswers>> = const { Cell::new(None) };
}

/// The seam through which the boot module hands over what the page fetched before the app
/// started: the first GET of each such URL takes its answer instead of asking again.
pub fn take_early_answers_from(source: EarlyAnswers) {
    EARLY_ANSWERS.set(Some(source));
}

/// One request. It is aborted when the reactive owner that started it is cleaned up (the
/// reader navigated away) or when `timeout_ms` passes.
pub async fn request(method: Method, url: &str, body: Option<Write<'_>>, timeout_ms: u32) -> Result<Reply, ApiError> {
    if let (Method::Get, Some(early)) = (method, EARLY_ANSWERS.get()) {
        match early(url.to_string(), timeout_ms).await {
            EarlyAnswer::Answered(status, body) => return checked(status, body, None),
            EarlyAnswer::TimedOut => return Err(ApiError::Timeout),
            EarlyAnswer::NotAsked => {}
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
    body: Option<Write<'_>>,
    signal: &web_sys::AbortSignal,
) -> Result<Reply, ApiError> {
    // The platform's fetch through web-sys: gloo-net's wrapper cost the wasm 2.4 KB gzip for
    // the same calls (and its builder appended a stray `&` to URLs with a query string).
    let init = web_sys::RequestInit::new();
    init.set_method(match method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Delete => "DELETE",
    });
    init.set_signal(Some(signal));
    if let Some(Write { body, reader_token }) = body {
        let headers = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
        headers.set("Content-Type", "application/json").map_err(|_| ApiError::Network)?;
        if let Some(token) = reader_token {
            // A token no header can carry (a line break, non-ASCII) is as good as a refused one:
            // the host is asked for a fresh token either way.
            headers.set("X-Reader-Token", token).map_err(|_| ApiError::BadReaderToken)?;
        }
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&body));
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| ApiError::Network)?;
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let sent = JsFuture::from(window.fetch_with_request(&request)).await;
    let response: web_sys::Response =
        sent.and_then(JsCast::dyn_into).map_err(|_| if is_offline() { ApiError::Offline } else { ApiError::Network })?;
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let declared = header("content-length").and_then(|len| len.trim().parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_BODY_BYTES) {
        return Err(ApiError::TooLarge { limit_bytes: MAX_BODY_BYTES });
    }
    let total = header("x-wp-total").and_then(|n| n.trim().parse::<u64>().ok());
    let text = response.text().map_err(|_| ApiError::Network)?;
    let body = JsFuture::from(text).await.ok().and_then(|body| body.as_string()).ok_or(ApiError::Network)?;
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
