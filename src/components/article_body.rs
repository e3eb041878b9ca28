use crate::i18n::use_strings;
use crate::sanitize;
use crate::scroll;
use leptos::html::Div;
use leptos::prelude::*;

/// The article body: untrusted `body_html`, rendered only through the sanitizer.
#[component]
pub fn ArticleBody(html: String) -> impl IntoView {
    let strings = use_strings();
    let container = NodeRef::<Div>::new();
    container.on_load(move |div| {
        if let Err(e) = sanitize::render_into(&html, &div) {
            web_sys::console::error_2(&"article body could not be rendered".into(), &e);
            div.set_text_content(Some(strings.body_unavailable));
        }
        // The body is the last part of the article page to land (and the tallest): only now can
        // a back/forward navigation return to where the reader was.
        scroll::content_ready();
    });
    view! { <div class="article-body" node_ref=container></div> }
}
