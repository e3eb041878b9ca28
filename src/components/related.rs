use crate::api::native::fetch_related;
use crate::components::status::{ListSkeleton, Loaded};
use crate::components::summary::SummaryItem;
use crate::i18n::use_strings;
use leptos::prelude::*;
use news_model::{Config, Summary};

/// 相关新闻. Uses the article's embedded list, or asks `/articles/{id}/related` when it had none.
#[component]
pub fn RelatedNews(article_id: String, embedded: Option<Vec<Summary>>) -> impl IntoView {
    let strings = use_strings();
    let list = match embedded {
        Some(items) => view! { <RelatedItems items/> }.into_any(),
        None => {
            let config = expect_context::<Config>();
            let related = LocalResource::new(move || {
                let config = config.clone();
                let id = article_id.clone();
                async move { fetch_related(&config, &id).await }
            });
            view! { <Loaded resource=related skeleton=ListSkeleton render={|items| view! { <RelatedItems items/> }}/> }.into_any()
        }
    };
    view! {
        <section class="related" aria-labelledby="related-title">
            <h2 id="related-title" class="section-title">{strings.related_news}</h2>
            {list}
        </section>
    }
}

#[component]
fn RelatedItems(items: Vec<Summary>) -> impl IntoView {
    let strings = use_strings();
    if items.is_empty() {
        return view! { <p class="empty">{strings.no_related}</p> }.into_any();
    }
    view! {
        <ul class="summary-list">
            {items.into_iter().map(|summary| view! { <SummaryItem summary/> }).collect_view()}
        </ul>
    }
    .into_any()
}
