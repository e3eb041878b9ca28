//! Data for a view. A `Load` starts one request when created, exposes its state as a signal
//! (`None` while running), and can start it again for a retry. The request runs under the
//! view's reactive owner, so `api::fetch_text` aborts it when the view goes away.
//!
//! Why not `LocalResource`: each data type behind an async-derived signal cost about 5 KB of
//! gzipped wasm, and we do not need its Suspense integration; this is a signal and a task.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use news_model::ApiError;
use std::future::Future;
use std::rc::Rc;

pub struct Load<T: 'static> {
    state: RwSignal<Option<Result<T, ApiError>>, LocalStorage>,
    start: StoredValue<Rc<dyn Fn()>, LocalStorage>,
}

impl<T: 'static> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Load<T> {}

impl<T: 'static> Load<T> {
    /// Starts `request` now, and again on every `retry`.
    pub fn new<Fut>(request: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        Self::unless_ready(None, request)
    }

    /// Starts with `ready` when there is one (a cached value: the view renders at once, with no
    /// skeleton in between), else like `new`. A retry always asks.
    pub fn unless_ready<Fut>(ready: Option<T>, request: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let has_value = ready.is_some();
        let state = RwSignal::new_local(ready.map(Ok));
        let owner = Owner::current().unwrap_or_default();
        let start: Rc<dyn Fn()> = Rc::new(move || {
            state.set(None);
            let request = request();
            // A retry is started from an event handler: run it under the view's owner all the same.
            owner.with(|| {
                spawn_local_scoped(async move {
                    let result = request.await;
                    // The view may be gone by now; then there is nobody to tell.
                    state.try_set(Some(result));
                })
            });
        });
        if !has_value {
            start();
        }
        Load { state, start: StoredValue::new_local(start) }
    }

    /// Shows the skeleton again and repeats the request.
    pub fn retry(&self) {
        if let Some(start) = self.start.try_get_value() {
            start();
        }
    }
}

impl<T: 'static> Load<T> {
    /// Reads the outcome in place (`None` while the request runs). Tracked.
    pub fn with<R>(&self, read: impl FnOnce(&Option<Result<T, ApiError>>) -> R) -> R {
        self.state.with(read)
    }
}

impl<T: Clone + 'static> Load<T> {
    /// The outcome, or `None` while the request runs. Tracked: views re-render when it lands.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.state.get()
    }
}
