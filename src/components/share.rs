//! Share the article: copy its link (with a visible confirmation), the system share sheet where
//! the browser has one (Web Share API), and a QR code of the link to scan with WeChat or a phone
//! camera, drawn here as SVG (no image service learns what is being read).

use crate::i18n::use_strings;
use crate::paths::{use_embedded, Embedded};
use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use news_model::config::percent_encode;
use news_model::qr::QrCode;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Quiet zone around the code, in modules: the standard asks for four.
const QUIET: usize = 4;

#[component]
pub fn ShareBar(article_id: String, title: String) -> impl IntoView {
    let strings = use_strings();
    let url = share_url(&article_id)?;
    let copied = RwSignal::new(None::<bool>);
    let show_qr = RwSignal::new(false);
    let copy = {
        let url = url.clone();
        move |_| {
            let url = url.clone();
            leptos::task::spawn_local(async move { copied.set(Some(copy_text(&url).await)) });
        }
    };
    let system_share = has_web_share().then(|| {
        let (url, title) = (url.clone(), title.clone());
        let share = move |_| {
            let (url, title) = (url.clone(), title.clone());
            // Cancelling the share sheet rejects the promise: nothing to tell the reader.
            leptos::task::spawn_local(async move { drop(web_share(&title, &url).await) });
        };
        view! { <button type="button" on:click=share>{strings.share_via}</button> }
    });
    let hand_copy = url.clone();
    Some(view! {
        <div class="share-bar" role="group" aria-label=strings.share>
            <span class="label" aria-hidden="true">{strings.share}</span>
            <button type="button" on:click=copy>{strings.copy_link}</button>
            {system_share}
            <button type="button" aria-expanded=move || show_qr.get().to_string() aria-controls="share-qr"
                on:click=move |_| show_qr.update(|shown| *shown = !*shown)>
                {strings.qr_code}
            </button>
            <p class="share-status" role="status">
                {move || match copied.get() {
                    Some(true) => Some(strings.link_copied.into_any()),
                    Some(false) => Some(view! {
                        {strings.copy_failed}
                        <input class="share-url" readonly value=hand_copy.clone() aria-label=strings.copy_link
                            on:focus=|ev| select_all(&ev)/>
                    }.into_any()),
                    None => None,
                }}
            </p>
            <div id="share-qr" class="share-qr" hidden=move || !show_qr.get()>
                {move || show_qr.get().then(|| view! { <QrImage text=url.clone()/> })}
                <p>{strings.qr_hint}</p>
            </div>
        </div>
    })
}

/// The link as an SVG QR code (drawn only when asked for).
#[component]
fn QrImage(text: String) -> impl IntoView {
    let strings = use_strings();
    let code = QrCode::encode(text.as_bytes())?;
    let side = code.size() + 2 * QUIET;
    Some(view! {
        <svg class="qr-code" role="img" aria-label=strings.qr_label viewBox=format!("0 0 {side} {side}")
            shape-rendering="crispEdges">
            <rect width=side height=side fill="#fff"/>
            <path d=code.svg_path(QUIET) fill="#000"/>
        </svg>
    })
}

/// What to share: the page's own address standalone (without a fragment); embedded, the
/// host's page for the story (`data-link-template`), else the host page itself. In an iframe
/// without a template the frame's own address means nothing to a reader: no share bar.
fn share_url(article_id: &str) -> Option<String> {
    let location = window().location();
    match use_embedded() {
        None => {
            let href = location.href().ok()?;
            Some(href.split('#').next().unwrap_or_default().to_string())
        }
        Some(Embedded { link_template: Some(template), .. }) => {
            let href = template.replace("{id}", &percent_encode(article_id));
            web_sys::Url::new_with_base(&href, &location.href().ok()?).ok().map(|u| u.href())
        }
        Some(Embedded { in_frame: true, .. }) => None,
        Some(_) => location.href().ok(),
    }
}

fn navigator() -> JsValue {
    Reflect::get(&window(), &"navigator".into()).unwrap_or(JsValue::UNDEFINED)
}

fn navigator_method(name: &str) -> Option<Function> {
    Reflect::get(&navigator(), &name.into()).ok()?.dyn_into::<Function>().ok()
}

fn has_web_share() -> bool {
    navigator_method("share").is_some()
}

async fn web_share(title: &str, url: &str) -> Result<JsValue, JsValue> {
    let data = Object::new();
    Reflect::set(&data, &"title".into(), &title.into())?;
    Reflect::set(&data, &"url".into(), &url.into())?;
    let share = navigator_method("share").ok_or(JsValue::NULL)?;
    let promise: Promise = share.call1(&navigator(), &data)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// `navigator.clipboard.writeText`; false where there is no clipboard (plain http, old
/// browsers) or the browser refused.
async fn copy_text(text: &str) -> bool {
    let write = Reflect::get(&navigator(), &"clipboard".into()).ok().filter(|c| c.is_object()).and_then(|clipboard| {
        let write: Function = Reflect::get(&clipboard, &"writeText".into()).ok()?.dyn_into().ok()?;
        write.call1(&clipboard, &text.into()).ok()?.dyn_into::<Promise>().ok()
    });
    match write {
        Some(promise) => JsFuture::from(promise).await.is_ok(),
        None => false,
    }
}

fn select_all(ev: &web_sys::FocusEvent) {
    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        input.select();
    }
}
