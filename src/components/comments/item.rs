//! One comment: author (avatar or initial), 回复 @name, relative time, IP 属地, the text (plain,
//! line breaks kept), 赞 and 回复.

use super::{CommentsContext, ReplyTarget};
use crate::api::backend::set_like;
use crate::i18n::use_strings;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use news_model::comments::{Comment, CommentStatus};
use news_model::datetime::{display_datetime, Timestamp};
use news_model::sanitize_policy::safe_url;

#[component]
pub fn CommentItem(comment: Comment, to: Option<String>) -> impl IntoView {
    let strings = use_strings();
    let ctx = expect_context::<CommentsContext>();
    let pending = comment.status == CommentStatus::Pending;
    let absolute = display_datetime(&comment.created_at, strings.locale);
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let shown_time = Timestamp::parse(&comment.created_at)
        .and_then(|t| strings.relative_time(t.unix_seconds(), now))
        .unwrap_or_else(|| absolute.clone());
    let avatar = comment.author.avatar.as_deref().and_then(|url| safe_url(url, false));
    let initial: String = comment.author.name.chars().next().map(String::from).unwrap_or_default();
    let target = ReplyTarget { id: comment.id.clone(), name: comment.author.name.clone() };

    view! {
        <article class="comment" class:pending=pending id=format!("comment-{}", comment.id)>
            {match avatar {
                Some(src) => view! { <img class="comment-avatar" src=src alt="" width="40" height="40" loading="lazy"/> }.into_any(),
                None => view! { <span class="comment-avatar comment-initial" aria-hidden="true">{initial}</span> }.into_any(),
            }}
            <div class="comment-main">
                <p class="comment-meta">
                    <span class="comment-author">{comment.author.name.clone()}</span>
                    {to.map(|name| view! { <span class="comment-reply-to">{strings.reply_to(&name)}</span> })}
                    <time datetime=comment.created_at.clone() title=absolute>{shown_time}</time>
                    {comment.region.clone().map(|region| view! { <span class="comment-region">{strings.region}{region}</span> })}
                    {pending.then(|| view! { <span class="comment-pending">{strings.pending_review}</span> })}
                </p>
                <p class="comment-content">{comment.content.clone()}</p>
                {(!pending).then(|| view! {
                    <p class="comment-actions">
                        {ctx.likes.then(|| view! {
                            <LikeButton comment_id=comment.id.clone() likes=comment.likes/>
                        })}
                        {ctx.open.then(|| view! {
                            <button type="button" class="comment-reply" on:click=move |_| ctx.start_writing(Some(target.clone()))>
                                {strings.reply}
                            </button>
                        })}
                    </p>
                })}
            </div>
        </article>
    }
}

/// 赞: toggles at once and tells the server; rolls back (and says so) if the server refuses.
#[component]
fn LikeButton(comment_id: String, likes: u64) -> impl IntoView {
    let strings = use_strings();
    let ctx = expect_context::<CommentsContext>();
    let liked = RwSignal::new(ctx.is_liked(&comment_id));
    let count = RwSignal::new(likes);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let id = StoredValue::new(comment_id);

    let toggle = move |_| {
        if busy.get_untracked() {
            return;
        }
        let want = !liked.get_untracked();
        let before = count.get_untracked();
        liked.set(want);
        count.set(if want { before + 1 } else { before.saturating_sub(1) });
        busy.set(true);
        failed.set(false);
        let config = ctx.config.get_value();
        let comment_id = id.get_value();
        spawn_local_scoped(async move {
            match set_like(&config, &comment_id, &crate::storage::reader_id(), want).await {
                Ok(likes) => {
                    count.set(likes);
                    ctx.remember_like(&comment_id, want);
                }
                Err(_) => {
                    liked.set(!want);
                    count.set(before);
                    failed.set(true);
                }
            }
            busy.set(false);
        });
    };

    view! {
        <button type="button" class="comment-like" aria-pressed=move || liked.get().to_string() on:click=toggle>
            {move || if liked.get() { strings.liked } else { strings.like }}
            " "
            <span class="like-count">{move || count.get()}</span>
        </button>
        {move || failed.get().then(|| view! { <span class="like-error" role="alert">{strings.like_failed}</span> })}
    }
}
