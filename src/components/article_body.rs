use crate::i18n::use_strings;
use crate::sanitize;
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
    });
    view! { <div class="article-body" node_ref=container></div> }
}
