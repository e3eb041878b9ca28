//! 我来说两句: nickname (remembered) and comment (with a live counter), posted with the draft's
//! `client_id`. The draft is saved as it is typed and cleared only once the server accepted
//! it, so a failed post, a reload or a crash loses nothing, and a retry is never stored twice.
//!
//! A reader the host page vouches for (`reader_token`) posts under their portal name and
//! picture instead of a nickname. When the server takes only such readers, the form offers the
//! portal's login page (config.json's `login_url`); when it refuses the token, the host is asked
//! for a fresh one and the post goes again, with the same `client_id`, once it arrives.

use super::{CommentsContext, ReplyTarget};
use crate::api::backend::post_comment;
use crate::i18n::use_strings;
use crate::reader_token;
use crate::storage::{self, Draft};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use news_model::comments::{validate_comment, CommentProblem, CommentStatus, NewComment, MAX_CONTENT_CHARS};
use news_model::{ApiError, Config};
use wasm_bindgen::prelude::wasm_bindgen;

const CONTENT_ID: &str = "comment-content";
const NAME_ID: &str = "comment-name";

/// Puts the cursor in the comment box (after 我来说两句 or 回复), once the form for the new
/// reply target is on screen.
pub fn focus_content(ctx: CommentsContext) {
    request_animation_frame(move || {
        if let Some(el) = ctx.find(&format!("#{CONTENT_ID}")) {
            let _ = el.focus();
            el.scroll_into_view_with_bool(false);
        }
    });
}

#[derive(Clone)]
enum FormError {
    Invalid(CommentProblem),
    NotPosted(ApiError),
    /// The server refused this reader token (`bad_reader_token`): the host was asked for a fresh
    /// one, and the post goes again once it comes.
    TokenRefused(String),
}

#[wasm_bindgen(module = "/src/components/comments/dom.js")]
extern "C" {
    /// Shows who posts in `form` (see dom.js): the reader `token` names, a nickname, or (with
    /// `must_log_in`) nobody until they log in (`log_in`, a link to `login_url`); `signed_in`
    /// stands in for a name the token does not give.
    #[wasm_bindgen(js_name = showPoster)]
    pub fn show_poster(
        form: &web_sys::Element,
        token: Option<&str>,
        must_log_in: bool,
        login_url: Option<&str>,
        signed_in: &str,
        log_in: &str,
    );
}

/// The form for the current reply target: a new target gets a fresh form with its own draft.
#[component]
pub fn CommentForm() -> impl IntoView {
    let ctx = expect_context::<CommentsContext>();
    let name = RwSignal::new(storage::nickname());
    view! {
        <div id="comment-form" class="comment-form-wrap">
            {move || ctx.notice.get().map(|text| view! { <p class="comment-notice" role="status">{text}</p> })}
            {move || view! { <DraftForm target=ctx.reply_to.get() name/> }}
        </div>
    }
}

#[component]
fn DraftForm(target: Option<ReplyTarget>, name: RwSignal<String>) -> impl IntoView {
    let strings = use_strings();
    let ctx = expect_context::<CommentsContext>();
    let config = StoredValue::new(expect_context::<Config>());
    let article_id = ctx.article_id();
    let parent_id = target.as_ref().map(|t| t.id.clone());
    let draft = RwSignal::new(storage::load_draft(&article_id, parent_id.as_deref()));
    let posting = RwSignal::new(false);
    let error = RwSignal::new(None::<FormError>);
    let keys = StoredValue::new((article_id, parent_id));

    let on_content = move |ev: web_sys::Event| {
        let content = event_target_value(&ev);
        draft.update(|d| d.content = content);
        keys.with_value(|(article, parent)| {
            draft.with_untracked(|d| storage::save_draft(article, parent.as_deref(), d))
        });
        if matches!(error.get_untracked(), Some(FormError::Invalid(p)) if !p.is_about_name()) {
            error.set(None);
        }
    };

    // A callback, not a closure: one copy of it in the wasm for its three callers (发表, 重试 and a
    // fresh token), where a closure is copied into each.
    let submit = Callback::new(move |()| {
        if posting.get_untracked() {
            return; // a double click posts once
        }
        let token = reader_token::current();
        if token.is_none() && ctx.login_required.get_untracked() {
            return; // the form offers the login page instead
        }
        let Draft { client_id, content } = draft.get_untracked();
        // Signed in, the server takes the name from the token (and refuses the post if it cannot):
        // only the text is checked here, the name being a stand-in.
        let author = if token.is_some() { strings.signed_in.to_string() } else { name.get_untracked() };
        let (author, content) = match validate_comment(&author, &content) {
            Ok(valid) => valid,
            Err(problem) => {
                error.set(Some(FormError::Invalid(problem)));
                let field = if problem.is_about_name() { NAME_ID } else { CONTENT_ID };
                if let Some(el) = ctx.find(&format!("#{field}")) {
                    let _ = el.focus();
                }
                return;
            }
        };
        let (article_id, parent_id) = keys.get_value();
        let comment = NewComment { author, content, parent_id: parent_id.clone(), client_id };
        posting.set(true);
        error.set(None);
        let config = config.get_value();
        spawn_local_scoped(async move {
            let posted = post_comment(&config, &article_id, &comment, token.as_deref()).await;
            posting.set(false);
            match posted {
                Ok(stored) => {
                    storage::clear_draft(&article_id, parent_id.as_deref());
                    if token.is_none() {
                        storage::set_nickname(&comment.author);
                    }
                    draft.set(Draft { client_id: storage::random_id(), content: String::new() });
                    let pending = stored.status == CommentStatus::Pending;
                    ctx.notice.set(Some(if pending { strings.posted_pending } else { strings.posted }));
                    ctx.add_posted(stored);
                    ctx.reply_to.set(None);
                }
                Err(e) => {
                    error.set(match (&e, token) {
                        (ApiError::BadReaderToken, Some(token)) => Some(FormError::TokenRefused(token)),
                        // Not posted for want of a login: the form says so in the reader's place.
                        (ApiError::LoginRequired, _) => None,
                        (e, _) => Some(FormError::NotPosted(e.clone())),
                    });
                    // After the error is set: the host may answer with a fresh token at once.
                    ctx.after_refusal(&e);
                }
            }
        });
    });

    // Follows the reader's login: who the form shows as posting, and, when the host answered a
    // refused token with a fresh one, the same post again.
    Effect::new(move |_| {
        let token = reader_token::token().get();
        let must_log_in = token.is_none() && ctx.login_required.get();
        if let Some(form) = ctx.find(".comment-form") {
            config.with_value(|config| {
                let login_url = config.login_url.as_deref();
                show_poster(
                    &form,
                    token.as_deref(),
                    must_log_in,
                    login_url,
                    strings.signed_in,
                    strings.login_to_comment,
                );
            });
        }
        let refused = error.with_untracked(|e| match e {
            Some(FormError::TokenRefused(refused)) => token.as_ref().is_some_and(|fresh| fresh != refused),
            _ => false,
        });
        if refused {
            submit.run(());
        }
    });

    let length = move || draft.with(|d| d.content.chars().count());
    let counter_class = move || if length() > MAX_CONTENT_CHARS { "comment-counter over" } else { "comment-counter" };
    let invalid = move |about_name: bool| {
        move || matches!(error.get(), Some(FormError::Invalid(p)) if p.is_about_name() == about_name).to_string()
    };
    let field_error = move |about_name: bool| {
        move || match error.get() {
            Some(FormError::Invalid(p)) if p.is_about_name() == about_name => Some(strings.comment_problem(p)),
            _ => None,
        }
    };

    view! {
        <form class="comment-form" novalidate on:submit=move |ev| { ev.prevent_default(); submit.run(()); }>
            {target.map(|t| view! {
                <p class="comment-replying">
                    <span>{strings.reply_to(&t.name)}</span>
                    <button type="button" class="cancel-reply" on:click=move |_| ctx.reply_to.set(None)>{strings.cancel_reply}</button>
                </p>
            })}
            // Shown or hidden by `show_poster`, as is 发表.
            <div class="field comment-name-field">
                <label for=NAME_ID>{strings.nickname}</label>
                <input id=NAME_ID type="text" autocomplete="nickname" aria-invalid=invalid(true)
                    aria-describedby="comment-name-error"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <p id="comment-name-error" class="field-error" role="alert">{field_error(true)}</p>
            </div>
            <div class="field">
                <label for=CONTENT_ID>{strings.comment_content}</label>
                <textarea id=CONTENT_ID rows="4" aria-invalid=invalid(false)
                    aria-describedby="comment-content-counter comment-content-error"
                    prop:value=move || draft.with(|d| d.content.clone()) on:input=on_content></textarea>
                <p id="comment-content-counter" class=counter_class>
                    {move || format!("{}/{MAX_CONTENT_CHARS}", length())}
                </p>
                <p id="comment-content-error" class="field-error" role="alert">{field_error(false)}</p>
            </div>
            {move || {
                let why = match error.get()? {
                    FormError::NotPosted(e) => strings.api_error(&e),
                    FormError::TokenRefused(_) => strings.api_error(&ApiError::BadReaderToken),
                    FormError::Invalid(_) => return None,
                };
                Some(view! {
                    <div class="comment-post-error" role="alert">
                        <p>{strings.post_failed}{why}</p>
                        <button type="button" class="retry" on:click=move |_| submit.run(())>{strings.retry}</button>
                    </div>
                })
            }}
            <button type="submit" class="submit-comment" disabled=move || posting.get()
                aria-busy=move || posting.get().to_string()>
                {move || if posting.get() { strings.submitting } else { strings.submit_comment }}
            </button>
        </form>
    }
}
