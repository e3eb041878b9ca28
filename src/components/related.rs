use crate::api::cache::prefetch_article;
use crate::components::summary::{opens_in_app, SummaryItem};
use crate::i18n::use_strings;
use leptos::html::Section;
use leptos::prelude::*;
use news_model::{Config, Summary};
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// 相关新闻: the article's related stories (embedded, or fetched with the article).
#[component]
pub fn RelatedNews(items: Vec<Summary>) -> impl IntoView {
    let strings = use_strings();
    let empty = items.is_empty().then_some(strings.no_related);
    let section = NodeRef::<Section>::new();
    if let Some(first) = items.iter().find(|s| opens_in_app(s)) {
        prefetch_when_seen(section, first.id.clone());
    }
    view! {
        <section class="related" aria-labelledby="related-title" node_ref=section>
            <h2 id="related-title" class="section-title">{strings.related_news}</h2>
            {empty.map(|text| view! { <p class="empty">{text}</p> })}
            <ul class="summary-list">
                {items.into_iter().map(|summary| view! { <SummaryItem summary/> }).collect_view()}
            </ul>
        </section>
    }
}

/// On a phone nobody hovers: when the list comes near the screen, its first story is fetched
/// ahead (once; the cache's single prefetch slot bounds it).
fn prefetch_when_seen(section: NodeRef<Section>, id: String) {
    let config = use_context::<Config>().unwrap_or_default();
    let seen = Closure::<dyn Fn(js_sys::Array, IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: IntersectionObserver| {
            let near = entries.iter().any(|e| e.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
            if near {
                observer.disconnect();
                prefetch_article(&config, &id);
            }
        },
    );
    let options = IntersectionObserverInit::new();
    options.set_root_margin("200px");
    let Ok(observer) = IntersectionObserver::new_with_options(seen.as_ref().unchecked_ref(), &options) else { return };
    let observer = SendWrapper::new(observer);
    let watching = observer.clone();
    section.on_load(move |el| watching.observe(&el));
    let seen = SendWrapper::new(seen);
    on_cleanup(move || {
        observer.disconnect();
        drop(seen);
    });
}
