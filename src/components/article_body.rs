use crate::components::images::{clicked_image, make_zoomable, show_as_broken, GalleryImage, Lightbox};
use crate::i18n::use_strings;
use crate::sanitize;
use crate::scroll;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The article body: untrusted `body_html`, rendered only through the sanitizer. Its images
/// open enlarged on click and give way to their alt text when they fail to load.
#[component]
pub fn ArticleBody(html: String) -> impl IntoView {
    let strings = use_strings();
    let container = NodeRef::<Div>::new();
    let gallery = StoredValue::new(Vec::<GalleryImage>::new());
    let open = RwSignal::new(None::<usize>);
    // `error` does not bubble: one capturing listener on the body sees every image's.
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| show_as_broken(&ev, true));
    let listener = send_wrapper::SendWrapper::new(on_error);
    container.on_load(move |div| {
        let callback: &js_sys::Function = listener.as_ref().unchecked_ref();
        let _ = div.add_event_listener_with_callback_and_bool("error", callback, true);
        if let Err(e) = sanitize::render_into(&html, &div) {
            web_sys::console::error_2(&"article body could not be rendered".into(), &e);
            div.set_text_content(Some(strings.body_unavailable));
        }
        gallery.set_value(make_zoomable(&div, strings));
        // The body is the last part of the article page to land (and the tallest): only now can
        // a back/forward navigation return to where the reader was.
        scroll::content_ready();
        // Detached, the body's images may still fail: unhook before the closure goes.
        let div = send_wrapper::SendWrapper::new(div);
        on_cleanup(move || {
            let callback: &js_sys::Function = listener.as_ref().unchecked_ref();
            let _ = div.remove_event_listener_with_callback_and_bool("error", callback, true);
            drop(listener);
        });
    });
    let zoom = move |ev: web_sys::MouseEvent| {
        if let Some(i) = clicked_image(&ev) {
            open.set(Some(i));
        }
    };
    view! {
        <div class="article-body" node_ref=container on:click=zoom></div>
        <Lightbox images=gallery open/>
    }
}
