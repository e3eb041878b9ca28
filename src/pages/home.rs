//! `/`: the latest articles, paged with `?page=N`.

use crate::api::backend::fetch_articles;
use crate::components::status::{ListSkeleton, Loaded};
use crate::components::summary::SummaryItem;
use crate::i18n::use_strings;
use crate::load::Load;
use crate::paths::use_paths;
use crate::scroll;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use news_model::{Config, Page, Summary};

const PER_PAGE: u32 = 8;

#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query.read().get("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1)
    });
    let strings = use_strings();
    let site = crate::app::use_site();
    let title = move || site.read(|s| Some(s.name.clone())).unwrap_or_else(|| strings.latest_news.to_string());
    view! {
        <Title text=title/>
        <section class="home">
            <h1 class="home-title">{strings.latest_news}</h1>
            // One list per page number: a new page starts a fresh request and the old one is aborted.
            {move || view! { <ArticleList page=page.get()/> }}
        </section>
    }
}

#[component]
fn ArticleList(page: u32) -> impl IntoView {
    let config = expect_context::<Config>();
    let articles = Load::new(move || {
        let config = config.clone();
        async move { fetch_articles(&config, page, PER_PAGE).await }
    });
    view! {
        <Loaded load=articles skeleton=ListSkeleton render={|list: Page<Summary>| view! { <ListPage list/> }}/>
    }
}

#[component]
fn ListPage(list: Page<Summary>) -> impl IntoView {
    let strings = use_strings();
    let paths = use_paths();
    Effect::new(scroll::content_ready);
    let pages = list.page_count();
    let prev = (list.page > 1).then(|| paths.home_page(list.page - 1));
    let next = list.has_next().then(|| paths.home_page(list.page + 1));
    let empty = list.items.is_empty().then_some(strings.no_articles);
    view! {
        <ul class="summary-list">
            {list.items.into_iter().map(|summary| view! { <SummaryItem summary/> }).collect_view()}
        </ul>
        {empty.map(|text| view! { <p class="empty">{text}</p> })}
        <nav class="pager" aria-label=strings.pagination>
            {prev.map(|href| view! { <a href=href rel="prev">{strings.prev_page}</a> })}
            <span class="pager-status">{strings.page_of(list.page, pages)}</span>
            {next.map(|href| view! { <a href=href rel="next">{strings.next_page}</a> })}
        </nav>
    }
}
