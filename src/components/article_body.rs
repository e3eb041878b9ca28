use crate::components::images::{clicked_image, make_zoomable, show_as_broken, GalleryImage, Lightbox};
use crate::components::lead::{place_around, AroundBody};
use crate::components::media::{fill_placeholders, load_clicked_player};
use crate::i18n::use_strings;
use crate::sanitize;
use crate::scroll;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The article body: untrusted `body_html`, rendered only through the sanitizer. Its images
/// open enlarged on click and give way to their alt text when they fail to load; players of
/// the sites config.json lists load when the reader asks. Around it, what the story has of
/// `around` (the lead picture, byline, 标签, 更新于: `lead.rs`).
#[component]
pub fn ArticleBody(html: String, around: AroundBody) -> impl IntoView {
    let strings = use_strings();
    let embed_hosts = StoredValue::new(use_context::<news_model::Config>().map(|c| c.embed_hosts).unwrap_or_default());
    let container = NodeRef::<Div>::new();
    let gallery = StoredValue::new(Vec::<GalleryImage>::new());
    let open = RwSignal::new(None::<usize>);
    // `error` does not bubble: one capturing listener on the body sees every image's.
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| show_as_broken(&ev, true));
    let listener = send_wrapper::SendWrapper::new(on_error);
    container.on_load(move |div| {
        let callback: &js_sys::Function = listener.as_ref().unchecked_ref();
        let _ = div.add_event_listener_with_callback_and_bool("error", callback, true);
        let cover = place_around(&div, &around, strings);
        if let Some(figure) = &cover {
            // The cover's picture fails like a body image: its alt text in its box.
            let _ = figure.add_event_listener_with_callback_and_bool("error", callback, true);
        }
        if let Err(e) = embed_hosts.with_value(|hosts| sanitize::render_into(&html, &div, hosts)) {
            web_sys::console::error_2(&"article body could not be rendered".into(), &e);
            div.set_text_content(Some(strings.body_unavailable));
        }
        fill_placeholders(&div, strings);
        gallery.set_value(make_zoomable(&div, strings));
        // The body is the last part of the article page to land (and the tallest): only now can
        // a back/forward navigation return to where the reader was.
        scroll::content_ready();
        // Detached, the body's images may still fail: unhook before the closure goes.
        let div = send_wrapper::SendWrapper::new((div, cover));
        on_cleanup(move || {
            let callback: &js_sys::Function = listener.as_ref().unchecked_ref();
            let (div, cover) = &*div;
            let _ = div.remove_event_listener_with_callback_and_bool("error", callback, true);
            if let Some(figure) = cover {
                let _ = figure.remove_event_listener_with_callback_and_bool("error", callback, true);
            }
            drop(listener);
        });
    });
    let click = move |ev: web_sys::MouseEvent| {
        if embed_hosts.with_value(|hosts| load_clicked_player(&ev, strings, hosts)) {
            return;
        }
        if let Some(i) = clicked_image(&ev) {
            open.set(Some(i));
        }
    };
    view! {
        <div class="article-body" node_ref=container on:click=click></div>
        <Lightbox images=gallery open/>
    }
}
