use crate::i18n::use_strings;
use leptos::prelude::*;
use news_model::Config;

/// The 网友评论 region. The comment list and form plug in here; until then it shows the
/// heading, the disclaimer and whether comments are open.
#[component]
pub fn CommentsRegion(open: bool) -> impl IntoView {
    let strings = use_strings();
    let enabled = use_context::<Config>().is_none_or(|c| c.comments.enabled);
    (enabled).then(|| {
        view! {
            <section id="comments" class="comments" aria-labelledby="comments-title">
                <h2 id="comments-title" class="section-title">{strings.comments}</h2>
                <p class="comments-disclaimer">{strings.comments_disclaimer}</p>
                <p class="comments-status">{if open { strings.comments_coming } else { strings.comments_closed }}</p>
            </section>
        }
    })
}
