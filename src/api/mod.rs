//! The HTTP client: one generic fetch with a timeout, a size limit, abort on cleanup and
//! statuses mapped to `ApiError`. Adapters (one per backend shape) build on it and return the
//! shared model; nothing above this module sees a raw response.

pub mod native;

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
    let text = fetch_text(url, timeout_ms).await?;
    news_model::decode::from_str(&text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// GET `url` as text. The request is aborted when the reactive owner that started it is cleaned
/// up (the reader navigated away) or when `timeout_ms` passes.
pub async fn fetch_text(url: &str, timeout_ms: u32) -> Result<String, ApiError> {
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

    let result = send(url, &signal).await;
    drop(timer);
    match result {
        Err(_) if timed_out.get() => Err(ApiError::Timeout),
        other => other,
    }
}

async fn send(url: &str, signal: &web_sys::AbortSignal) -> Result<String, ApiError> {
    let response = Request::get(url).abort_signal(Some(signal)).send().await.map_err(|_| ApiError::Network)?;
    let declared = response.headers().get("content-length").and_then(|len| len.trim().parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_BODY_BYTES) {
        return Err(ApiError::TooLarge { limit_bytes: MAX_BODY_BYTES });
    }
    let body = response.text().await.map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(ApiError::from_status(response.status(), &body));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::TooLarge { limit_bytes: MAX_BODY_BYTES });
    }
    Ok(body)
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
