use crate::api::cache::prefetch_article;
use crate::i18n::use_strings;
use crate::paths::{use_embedded, use_paths, Embedded};
use leptos::prelude::*;
use news_model::config::percent_encode;
use news_model::datetime::display_date;
use news_model::sanitize_policy::{image_srcset, safe_url};
use news_model::{Config, Image, Summary};

/// Summaries are cut like the seed's lists: a line or two, then `...[详细]`.
const SUMMARY_CHARS: usize = 72;

/// One story in a list (home, related news): title, cut summary with a `[详细]` link, source,
/// date and an optional thumbnail. Stories elsewhere (`url`) link out; ours route in-app.
#[component]
pub fn SummaryItem(summary: Summary) -> impl IntoView {
    let strings = use_strings();
    let date = summary.published_at.as_deref().map(|raw| display_date(raw, strings.locale));
    let details_label = strings.details_label(&summary.title, summary.source.as_deref(), date.as_deref());
    let target = StoryLink::new(&summary);
    let cut = summary.summary.map(|text| news_model::clip(text.trim(), SUMMARY_CHARS, "..."));

    view! {
        <li class="summary-item">
            {summary.thumbnail.map(|image| view! { <Thumbnail image/> })}
            <div class="summary-text">
                <h3 class="summary-title">{target.render(summary.title, None)}</h3>
                <p class="summary-body">
                    {cut}
                    {target.render(strings.details.to_string(), Some(details_label))}
                </p>
                <p class="summary-meta">
                    {summary.source.map(|s| view! { <span class="summary-source">{s}</span> })}
                    {date.map(|d| view! { <time class="summary-date" datetime=summary.published_at.unwrap_or_default()>{d}</time> })}
                </p>
            </div>
        </li>
    }
}

/// Whether a story opens in this app (so it can be fetched ahead), not on another site or a
/// host's own page.
pub fn opens_in_app(summary: &Summary) -> bool {
    summary.url.is_none() && use_embedded().is_none_or(|e| e.link_template.is_none())
}

/// A list thumbnail in its fixed box; the browser picks a width from `sources`. One that fails
/// to load leaves its box, empty (no broken-image icon, no jump in the list).
#[component]
fn Thumbnail(image: Image) -> impl IntoView {
    let src = safe_url(&image.url, false)?;
    let srcset = image_srcset(&image.sources);
    Some(view! {
        <img
            class="summary-thumb"
            src=src
            srcset=srcset
            sizes="120px"
            alt=image.alt.unwrap_or_default()
            width=image.width
            height=image.height
            loading="lazy"
            decoding="async"
            on:error=|ev| crate::components::images::show_as_broken(&ev, false)
        />
    })
}

/// 上一篇 / 下一篇 under the article, when the backend names them.
#[component]
pub fn PrevNext(prev: Option<Summary>, next: Option<Summary>) -> impl IntoView {
    let strings = use_strings();
    let item = move |label: &'static str, class: &'static str, story: Option<Summary>| {
        story.map(|story| {
            let link = StoryLink::new(&story);
            view! { <p class=class><span class="label">{label}</span>{link.render(story.title, None)}</p> }
        })
    };
    (prev.is_some() || next.is_some()).then(|| {
        view! {
            <nav class="prev-next" aria-label=strings.prev_next>
                {item(strings.prev_article, "prev-article", prev)}
                {item(strings.next_article, "next-article", next)}
            </nav>
        }
    })
}

/// Where a story's links go: in-app (router, no reload; or a host's page when embedded with a
/// link template), in place (embedded without one), or out to another site.
#[derive(Clone)]
enum StoryLink {
    /// An article of this app, fetched ahead when the reader points at or focuses the link.
    Article {
        href: String,
        id: String,
        config: Config,
    },
    /// A host page's URL (embedded with a link template).
    HostPage(String),
    /// A host page's URL, from the iframe: opens in the host's window.
    HostFromFrame(String),
    InPlace {
        id: String,
        open: Callback<String>,
    },
    External(String),
    Nowhere,
}

impl StoryLink {
    fn new(summary: &Summary) -> Self {
        if let Some(url) = summary.url.as_deref() {
            return safe_url(url, false).map_or(StoryLink::Nowhere, StoryLink::External);
        }
        match use_embedded() {
            None => StoryLink::Article {
                href: use_paths().article(&summary.id),
                id: summary.id.clone(),
                config: use_context::<Config>().unwrap_or_default(),
            },
            Some(Embedded { link_template: Some(template), in_frame, .. }) => {
                let href = template.replace("{id}", &percent_encode(&summary.id));
                let link = if in_frame { StoryLink::HostFromFrame } else { StoryLink::HostPage };
                safe_url(&href, false).map_or(StoryLink::Nowhere, link)
            }
            Some(Embedded { open_article, .. }) => StoryLink::InPlace { id: summary.id.clone(), open: open_article },
        }
    }

    fn render(&self, text: String, label: Option<String>) -> AnyView {
        match self.clone() {
            StoryLink::Article { href, id, config } => {
                let ahead = move || prefetch_article(&config, &id);
                let (on_point, on_touch, on_focus) = (ahead.clone(), ahead.clone(), ahead);
                view! {
                    <a href=href aria-label=label on:pointerenter=move |_| on_point() on:touchstart=move |_| on_touch()
                        on:focus=move |_| on_focus()>{text}</a>
                }
                .into_any()
            }
            StoryLink::HostPage(href) => view! { <a href=href aria-label=label>{text}</a> }.into_any(),
            StoryLink::HostFromFrame(href) => {
                view! { <a href=href target="_top" aria-label=label>{text}</a> }.into_any()
            }
            StoryLink::InPlace { id, open } => {
                // A real link for keyboard and screen readers; the host's URL is left alone.
                let href = format!("#news-article-{}", percent_encode(&id));
                let click = move |ev: web_sys::MouseEvent| {
                    ev.prevent_default();
                    open.run(id.clone());
                };
                view! { <a href=href aria-label=label on:click=click>{text}</a> }.into_any()
            }
            StoryLink::External(href) => {
                view! { <a href=href rel="noopener noreferrer" aria-label=label>{text}</a> }.into_any()
            }
            StoryLink::Nowhere => text.into_any(),
        }
    }
}
