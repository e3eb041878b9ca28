use crate::components::summary::SummaryItem;
use crate::i18n::use_strings;
use leptos::prelude::*;
use news_model::Summary;

/// 相关新闻: the article's related stories (embedded, or fetched with the article).
#[component]
pub fn RelatedNews(items: Vec<Summary>) -> impl IntoView {
    let strings = use_strings();
    let empty = items.is_empty().then_some(strings.no_related);
    view! {
        <section class="related" aria-labelledby="related-title">
            <h2 id="related-title" class="section-title">{strings.related_news}</h2>
            {empty.map(|text| view! { <p class="empty">{text}</p> })}
            <ul class="summary-list">
                {items.into_iter().map(|summary| view! { <SummaryItem summary/> }).collect_view()}
            </ul>
        </section>
    }
}
