use crate::i18n::use_strings;
use crate::paths::{use_embedded, use_paths};
use leptos::prelude::*;
use news_model::datetime::display_datetime;
use news_model::sanitize_policy::safe_url;
use news_model::{Channel, Source};

/// 首页 › channel, as the seed's 全部 line.
#[component]
pub fn Breadcrumb(channel: Option<Channel>) -> impl IntoView {
    let strings = use_strings();
    view! {
        <nav class="breadcrumb" aria-label=strings.breadcrumb>
            {use_embedded().is_none().then(|| view! { <a href=use_paths().home()>{strings.home}</a> })}
            {channel.map(|c| view! { <span class="crumb-sep" aria-hidden="true">"›"</span><span class="crumb">{c.name}</span> })}
        </nav>
    }
}

/// 来源 / 作者 / 责任编辑 / time. Empty author hides its label, as the seed's empty 作者 should.
#[component]
pub fn ArticleMeta(
    source: Option<Source>,
    author: Option<String>,
    editor: Option<String>,
    /// RFC 3339, shown in its own offset.
    published_at: String,
) -> impl IntoView {
    let strings = use_strings();
    let shown_time = display_datetime(&published_at, strings.locale);
    view! {
        <p class="article-meta">
            {source.map(|source| view! {
                <span class="meta-item meta-source"><span class="label">{strings.source}</span><SourceName source/></span>
            })}
            {author.map(|author| view! {
                <span class="meta-item meta-author"><span class="label">{strings.author}</span>{author}</span>
            })}
            {editor.map(|editor| view! {
                <span class="meta-item meta-editor"><span class="label">{strings.editor}</span>{editor}</span>
            })}
            <span class="meta-item meta-time">
                <span class="visually-hidden">{strings.published}</span>
                <time datetime=published_at>{shown_time}</time>
            </span>
        </p>
    }
}

#[component]
fn SourceName(source: Source) -> impl IntoView {
    match source.url.as_deref().and_then(|url| safe_url(url, false)) {
        Some(href) => view! { <a href=href rel="noopener noreferrer">{source.name}</a> }.into_any(),
        None => source.name.into_any(),
    }
}
