//! Loading and failure states shared by every page: skeletons while waiting, an alert with a
//! retry when a request failed.

use crate::i18n::use_strings;
use crate::load::Load;
use crate::paths::{use_embedded, use_paths};
use leptos::prelude::*;
use news_model::ApiError;

/// Renders `render(value)` once `load` has finished, `skeleton` until then, and the error
/// with a 重试 button when it failed.
#[component]
pub fn Loaded<T, V, R, S, SV>(load: Load<T>, skeleton: S, render: R) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
    R: Fn(T) -> V + Send + Sync + 'static,
    S: Fn() -> SV + Send + Sync + 'static,
    SV: IntoView + 'static,
{
    move || match load.get() {
        None => skeleton().into_any(),
        Some(Ok(value)) => render(value).into_any(),
        Some(Err(error)) => view! { <ErrorNotice error on_retry=move || load.retry()/> }.into_any(),
    }
}

#[component]
pub fn ErrorNotice(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let strings = use_strings();
    web_sys::console::warn_1(&format!("request failed: {error}").into());
    view! {
        <div class="error-notice" role="alert">
            <p class="error-title">{strings.error_title}</p>
            <p class="error-message">{strings.api_error(&error)}</p>
            <p class="error-actions">
                <button type="button" class="retry" on:click=move |_| on_retry.run(())>{strings.retry}</button>
                {use_embedded().is_none().then(|| view! {
                    <a class="error-home" href=use_paths().home()>{strings.back_home}</a>
                })}
            </p>
        </div>
    }
}

#[component]
pub fn ArticleSkeleton() -> impl IntoView {
    let strings = use_strings();
    view! {
        <div class="skeleton article-skeleton" aria-busy="true" role="status">
            <span class="visually-hidden">{strings.loading}</span>
            <div class="bone bone-title"></div>
            <div class="bone bone-meta"></div>
            {(0..6).map(|_| view! { <div class="bone bone-line"></div> }).collect_view()}
            <div class="bone bone-line short"></div>
        </div>
    }
}

#[component]
pub fn ListSkeleton() -> impl IntoView {
    let strings = use_strings();
    view! {
        <div class="skeleton list-skeleton" aria-busy="true" role="status">
            <span class="visually-hidden">{strings.loading}</span>
            {(0..5).map(|_| view! {
                <div class="bone-item"><div class="bone bone-heading"></div><div class="bone bone-line"></div><div class="bone bone-line short"></div></div>
            }).collect_view()}
        </div>
    }
}
