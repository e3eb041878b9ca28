use crate::i18n::use_strings;
use crate::paths::use_paths;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let strings = use_strings();
    crate::head::use_title(move || strings.not_found_title.to_string());
    view! {
        <section class="not-found">
            <h1>{strings.not_found_title}</h1>
            <p>{strings.not_found_text}</p>
            <p><a href=use_paths().home()>{strings.back_home}</a></p>
        </section>
    }
}
