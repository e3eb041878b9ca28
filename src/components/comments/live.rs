//! Live comments in the section: while the reader has the article open, sorted 最新, comments
//! published meanwhile are announced by a quiet "N 条新评论" button at the top of the list and
//! shown when it is pressed: new threads on top, replies in their thread. Nothing moves before,
//! and the heading counts them at once.
//!
//! Only in 最新: in 最早 and 最热 a new comment does not belong at the top, and a reader who
//! switches back gets a first page that has it. Listening starts with the first page (the
//! stream opens once it has been painted) and ends with the listing (another sort) or the
//! article; the connection itself (hidden tabs, retries, a backend without the endpoint) is
//! `api::live`'s.

use super::{shows, CommentsContext, Listed};
use crate::api::live::CommentWatch;
use leptos::prelude::*;
use news_model::comments::Comment;
use news_model::live::{Arrival, Arrivals};
use super::item::new_comments_button;
use wasm_bindgen::closure::Closure;
use web_sys::HtmlElement;

/// The section's stream and what it brought.
#[derive(Default)]
pub struct Live {
    watch: Option<CommentWatch>,
    arrivals: Arrivals,
    /// "N 条新评论", made when listening first starts.
    button: Option<HtmlElement>,
}

impl Live {
    /// Stops listening and drops what waits: the listing starts over (another sort).
    pub fn stop(&mut self) {
        self.watch = None;
        self.arrivals = Arrivals::default();
    }

    /// Takes back a waiting comment the page now shows by other means (the reader's own post,
    /// whose event came before the post's answer). `true`: it has been counted already.
    pub fn withdraw(&mut self, id: &str) -> bool {
        self.arrivals.withdraw(id)
    }
}

/// Starts listening (the stream opens after the next paint, see `api::live`).
pub fn start(ctx: CommentsContext) {
    // Cloned rather than borrowed: the rest of the section does so, and each way of reading a
    // stored value costs the wasm its own code.
    let config = ctx.config.get_value();
    if !config.has_live_comments() {
        return;
    }
    let article_id = ctx.article_id();
    ctx.listed.update_value(|Listed { live, .. }| {
        if live.button.is_none() {
            let on_show = Closure::<dyn FnMut()>::new(move || show_waiting(ctx)).into_js_value();
            live.button = ctx.list.get_untracked().map(|list| new_comments_button(&list, &on_show));
        }
        if live.watch.is_none() {
            live.watch = Some(CommentWatch::start(&config, &article_id, move |c| arrive(ctx, c)));
        }
    });
}

/// A comment from the stream: counted at once if new, shown when the reader asks. One that
/// cannot be read is skipped.
fn arrive(ctx: CommentsContext, comment: Option<Comment>) {
    let Some(comment) = comment else { return };
    let arrival = ctx.listed.try_update_value(|Listed { threads, live }| live.arrivals.offer(comment, |id| shows(threads, id)));
    if matches!(arrival, Some(Arrival::Waiting | Arrival::Elsewhere)) {
        ctx.count.update(|n| *n += 1);
        show_count(ctx);
    }
}

/// The button says how many wait, or hides when none do.
pub fn show_count(ctx: CommentsContext) {
    ctx.listed.update_value(|Listed { live, .. }| {
        if let Some(button) = &live.button {
            let waiting = live.arrivals.len();
            button.set_text_content(Some(&ctx.strings.new_comments(waiting)));
            button.set_hidden(waiting == 0);
        }
    });
}

/// The button: places what waits, each new thread on top (so the newest ends first), each reply
/// in its thread. (`dom.js` then moves the focus to the top of the list.)
fn show_waiting(ctx: CommentsContext) {
    let arrived = ctx.listed.try_update_value(|l| l.live.arrivals.take()).unwrap_or_default();
    show_count(ctx);
    for comment in arrived {
        // The page may have got it meanwhile (a page loaded, the reader's own post).
        if !ctx.is_shown(&comment.id) {
            ctx.place(comment);
        }
    }
}
