//! `/`: the latest articles, paged with `?page=N`, with a tab per channel (`?channel=ID`) when
//! the backend lists channels.

use crate::api::backend::ListQuery;
use crate::api::cache::{fetch_articles, ready_articles};
use crate::components::status::{ListSkeleton, Loaded};
use crate::components::summary::SummaryItem;
use crate::i18n::use_strings;
use crate::load::Load;
use crate::paths::use_paths;
use crate::router::use_location;
use crate::scroll;
use leptos::prelude::*;
use news_model::{Config, Page, Summary};

const PER_PAGE: u32 = 8;

/// The list an address asks for (`?channel=ID&page=N`), given its query parameters. Also read
/// by the boot module, which has it in memory before mounting over a filled-in home page.
pub fn list_asked(query: impl Fn(&str) -> Option<String>) -> ListQuery {
    let page = query("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1);
    ListQuery { channel: query("channel").filter(|c| !c.is_empty()), page, per_page: PER_PAGE }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let location = use_location();
    let list = Memo::new(move |_| {
        let query = list_asked(|key| location.and_then(|l| l.query(key)));
        (query.channel, query.page)
    });
    let strings = use_strings();
    let site = crate::app::use_site();
    crate::head::use_title(move || {
        site.read(|s| Some(s.name.clone())).unwrap_or_else(|| strings.latest_news.to_string())
    });
    view! {
        <section class="home">
            <h1 class="home-title">{strings.latest_news}</h1>
            <ChannelTabs current=Signal::derive(move || list.get().0)/>
            // One list per channel and page: a new one starts a fresh request, the old one is aborted.
            {move || {
                let (channel, page) = list.get();
                view! { <ArticleList channel page/> }
            }}
        </section>
    }
}

/// 全部 and one link per channel, the current one marked. Links, not ARIA tabs: each is a
/// page of its own, with its own URL to share and to come back to.
#[component]
fn ChannelTabs(current: Signal<Option<String>>) -> impl IntoView {
    let strings = use_strings();
    let paths = use_paths();
    let site = crate::app::use_site();
    move || {
        let channels = site.read(|s| (!s.channels.is_empty()).then(|| s.channels.clone()))?;
        let tab = |id: Option<String>, name: String| {
            let href = paths.home_page(id.as_deref(), 1);
            let here = move || (current.get() == id).then_some("page");
            view! { <li><a href=href aria-current=here>{name}</a></li> }
        };
        let all = tab(None, strings.all_channels.to_string());
        let tabs = channels.into_iter().map(|c| tab(Some(c.id), c.name)).collect_view();
        Some(view! {
            <nav class="channel-tabs" aria-label=strings.channels>
                <ul>{all}{tabs}</ul>
            </nav>
        })
    }
}

#[component]
fn ArticleList(channel: Option<String>, page: u32) -> impl IntoView {
    let config = expect_context::<Config>();
    let query = ListQuery { channel: channel.clone(), page, per_page: PER_PAGE };
    let articles = Load::unless_ready(ready_articles(&config, &query), move || {
        let (config, query) = (config.clone(), query.clone());
        async move { fetch_articles(&config, &query).await }
    });
    let render = move |list: Page<Summary>| view! { <ListPage list channel=channel.clone()/> };
    view! { <Loaded load=articles skeleton=ListSkeleton render/> }
}

#[component]
fn ListPage(list: Page<Summary>, channel: Option<String>) -> impl IntoView {
    let strings = use_strings();
    let paths = use_paths();
    Effect::new(scroll::content_ready);
    let pages = list.page_count();
    let prev = (list.page > 1).then(|| paths.home_page(channel.as_deref(), list.page - 1));
    let next = list.has_next().then(|| paths.home_page(channel.as_deref(), list.page + 1));
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
