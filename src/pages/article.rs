//! `/articles/{id}`: everything the seed page shows, from one `Article`.

use crate::api::cache::{fetch_article, ready_article};
use crate::components::article_body::ArticleBody;
use crate::components::article_head::use_article_head;
use crate::components::article_meta::{ArticleMeta, Breadcrumb};
use crate::components::comments::CommentsSection;
use crate::components::later::AfterFirstPaint;
use crate::components::lead::AroundBody;
use crate::components::reading_tools::ReadingTools;
use crate::components::related::RelatedNews;
use crate::components::share::ShareBar;
use crate::components::status::{ArticleSkeleton, Loaded};
use crate::components::summary::PrevNext;
use crate::components::tip_box::TipBox;
use crate::i18n::use_strings;
use crate::load::Load;
use crate::paths::use_embedded;
use crate::router::{use_location, Route};
use leptos::prelude::*;
use news_model::{Article, Config};

#[component]
pub fn ArticlePage() -> impl IntoView {
    let location = use_location();
    let id = Memo::new(move |_| match location.map(|l| l.route()) {
        Some(Route::Article(id)) => id,
        _ => String::new(),
    });
    // A fresh loader per id: its request is aborted if the reader moves on before it answers.
    move || view! { <ArticleLoader id=id.get()/> }
}

/// Loads and shows one article (also the embedded article view).
#[component]
pub fn ArticleLoader(id: String) -> impl IntoView {
    let config = expect_context::<Config>();
    let article = Load::unless_ready(ready_article(&config, &id), move || {
        let config = config.clone();
        let id = id.clone();
        async move { fetch_article(&config, &id).await }
    });
    view! {
        <Loaded load=article skeleton=ArticleSkeleton render={|article: Article| view! { <ArticleView article/> }}/>
    }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let strings = use_strings();
    // Embedded, the host's <title> and <meta> are not ours to change.
    if use_embedded().is_none() {
        use_article_head(&article);
    }
    let cover = news_model::lead::cover_to_show(article.cover.as_ref(), &article.body_html).cloned();
    let Article {
        id,
        title,
        original_title,
        subtitle,
        channel,
        source,
        author,
        editor,
        published_at,
        updated_at,
        body_html,
        byline,
        tags,
        related,
        comment_count,
        comments_open,
        prev,
        next,
        ..
    } = article;

    // What follows the body is off screen on a first paint: it comes a frame later, like the
    // tip box, related news and comments below the article.
    let (share_id, share_title) = (id.clone(), title.clone());
    view! {
        <article class="article" aria-labelledby="article-title">
            <Breadcrumb channel/>
            <header class="article-header">
                <h1 id="article-title" class="article-title">{title.clone()}</h1>
                {subtitle.map(|s| view! { <p class="article-subtitle">{s}</p> })}
                <ArticleMeta source author editor published_at=published_at.clone()/>
                <ReadingTools/>
                {original_title.map(|t| view! {
                    <p class="original-title"><span class="label">{strings.original_title}</span>{t}</p>
                })}
            </header>
            <ArticleBody html=body_html around=AroundBody { cover, byline, tags, published_at, updated_at }/>
            <AfterFirstPaint>
                <ShareBar article_id=share_id.clone() title=share_title.clone()/>
                <PrevNext prev=prev.clone() next=next.clone()/>
            </AfterFirstPaint>
        </article>
        <AfterFirstPaint>
            <TipBox/>
            <RelatedNews items=related.clone().unwrap_or_default()/>
            <CommentsSection article_id=id.clone() open=comments_open count=comment_count/>
        </AfterFirstPaint>
    }
}
