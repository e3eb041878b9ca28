//! One comment as DOM: author (avatar or initial), 回复 @name, relative time, IP 属地, the text
//! (plain, line breaks kept), 赞 and 回复.
//!
//! Built without the view macro on purpose: a long discussion has thousands of comments, and
//! a clone of one prepared element filled in with `textContent` costs a fraction of building
//! each node (and passing each tag and class name) one by one. Comment text only ever reaches
//! the page as text. The list's buttons are handled by one listener on the list (`on_click`).

use super::{CommentsContext, ReplyTarget};
use crate::api::backend::set_like;
use crate::i18n::Strings;
use leptos::prelude::GetValue;
use leptos::task::spawn_local_scoped;
use news_model::comments::{Comment, CommentStatus};
use news_model::datetime::{display_datetime, Timestamp};
use news_model::sanitize_policy::safe_url;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

/// Comments are cloned from these prototypes (a list item holding an `article.comment`); what
/// differs per comment is filled in.
pub struct CommentTemplate {
    document: Document,
    /// `li.comment-thread`: a thread's first comment.
    thread: Element,
    /// `li`: a reply, in its thread's `ol.comment-replies`.
    reply: Element,
    strings: &'static Strings,
    likes: bool,
}

/// The element a lookup expected in our own prototype was not there.
fn missing() -> JsValue {
    JsValue::from_str("comment template: missing element")
}

/// A new `<tag class=…>`, with its text when given.
pub(super) fn element(document: &Document, tag: &str, class: &str, text: Option<&str>) -> Result<Element, JsValue> {
    let el = document.create_element(tag)?;
    el.set_class_name(class);
    if text.is_some() {
        el.set_text_content(text);
    }
    Ok(el)
}

impl CommentTemplate {
    /// `likes`: the backend has 赞; `open`: the article takes replies (回复).
    pub fn new(document: Document, strings: &'static Strings, likes: bool, open: bool) -> Result<Self, JsValue> {
        let d = &document;
        let prototype = element(d, "article", "comment", None)?;
        let initial = element(d, "span", "comment-avatar comment-initial", None)?;
        initial.set_attribute("aria-hidden", "true")?;
        let main = element(d, "div", "comment-main", None)?;
        let meta = element(d, "p", "comment-meta", None)?;
        let (author, time) = (element(d, "span", "comment-author", None)?, d.create_element("time")?);
        // Most comments say where from: removed from those that do not.
        let region = element(d, "span", "comment-region", None)?;
        meta.append_with_node_3(&author, &time, &region)?;
        let content = element(d, "p", "comment-content", None)?;
        main.append_with_node_2(&meta, &content)?;
        if likes || open {
            let actions = element(d, "p", "comment-actions", None)?;
            if likes {
                let like = element(d, "button", "comment-like", Some(strings.like))?;
                like.set_attribute("type", "button")?;
                like.set_attribute("aria-pressed", "false")?;
                like.append_with_str_1(" ")?;
                let count = element(d, "span", "like-count", None)?;
                like.append_child(&count)?;
                actions.append_child(&like)?;
            }
            if open {
                let reply = element(d, "button", "comment-reply", Some(strings.reply))?;
                reply.set_attribute("type", "button")?;
                actions.append_child(&reply)?;
            }
            main.append_child(&actions)?;
        }
        prototype.append_with_node_2(&initial, &main)?;
        let thread = element(d, "li", "comment-thread", None)?;
        let reply = d.create_element("li")?;
        reply.append_child(&prototype.clone_node_with_deep(true)?)?;
        thread.append_child(&prototype)?;
        Ok(CommentTemplate { document, thread, reply, strings, likes })
    }

    /// The list item of a comment: a thread's first comment, or with `reply` a reply; `to` names
    /// whom a reply answers (回复 @name), `liked` whether this reader liked it. The comment itself
    /// is the item's first child.
    pub fn build(&self, comment: &Comment, to: Option<&str>, liked: bool, reply: bool) -> Result<Element, JsValue> {
        let (d, strings) = (&self.document, self.strings);
        let prototype = if reply { &self.reply } else { &self.thread };
        let item: Element = prototype.clone_node_with_deep(true)?.unchecked_into();
        let el = item.first_element_child().ok_or_else(missing)?;
        el.set_id(&format!("comment-{}", comment.id));
        let avatar = el.first_element_child().ok_or_else(missing)?;
        let main = avatar.next_element_sibling().ok_or_else(missing)?;
        match comment.author.avatar.as_deref().and_then(|url| safe_url(url, false)) {
            Some(src) => {
                let img = element(d, "img", "comment-avatar", None)?;
                for (name, value) in
                    [("src", src.as_str()), ("alt", ""), ("width", "40"), ("height", "40"), ("loading", "lazy")]
                {
                    img.set_attribute(name, value)?;
                }
                avatar.replace_with_with_node_1(&img)?;
            }
            None => avatar.set_text_content(comment.author.name.chars().next().map(String::from).as_deref()),
        }

        let meta = main.first_element_child().ok_or_else(missing)?;
        let author = meta.first_element_child().ok_or_else(missing)?;
        author.set_text_content(Some(&comment.author.name));
        let time = author.next_element_sibling().ok_or_else(missing)?;
        let absolute = display_datetime(&comment.created_at, strings.locale);
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let shown_time =
            Timestamp::parse(&comment.created_at).and_then(|t| strings.relative_time(t.unix_seconds(), now));
        time.set_attribute("datetime", &comment.created_at)?;
        time.set_attribute("title", &absolute)?;
        time.set_text_content(Some(shown_time.as_deref().unwrap_or(&absolute)));
        if let Some(name) = to {
            let reply_to = element(d, "span", "comment-reply-to", Some(&strings.reply_to(name)))?;
            time.before_with_node_1(&reply_to)?;
        }
        let region = time.next_element_sibling().ok_or_else(missing)?;
        match &comment.region {
            Some(from) => region.set_text_content(Some(&format!("{}{from}", strings.region))),
            None => region.remove(),
        }

        let content = meta.next_element_sibling().ok_or_else(missing)?;
        content.set_text_content(Some(&comment.content));
        let actions = content.next_element_sibling();
        if comment.status == CommentStatus::Pending {
            // Awaiting review: labelled, and nothing to like or answer yet.
            el.set_class_name("comment pending");
            let label = element(d, "span", "comment-pending", Some(strings.pending_review))?;
            meta.append_child(&label)?;
            if let Some(actions) = actions {
                actions.remove();
            }
        } else if let Some(like) = actions.filter(|_| self.likes).and_then(|a| a.first_element_child()) {
            if liked {
                show_like(&like, strings, liked, comment.likes);
            } else if let Some(count) = like.last_element_child() {
                // The prototype's button is already 赞, not pressed: only the count differs.
                count.set_text_content(Some(&comment.likes.to_string()));
            }
        }
        Ok(item)
    }
}

/// The like button as `liked` with `count`.
fn show_like(button: &Element, strings: &Strings, liked: bool, count: u64) {
    let _ = button.set_attribute("aria-pressed", if liked { "true" } else { "false" });
    if let Some(label) = button.first_child() {
        label.set_node_value(Some(if liked { strings.liked } else { strings.like }));
    }
    if let Some(number) = button.last_element_child() {
        number.set_text_content(Some(&count.to_string()));
    }
}

/// Clicks anywhere in the list: 赞 and 回复 of whichever comment they belong to.
pub fn on_click(ctx: CommentsContext, ev: &web_sys::MouseEvent) {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let Some(button) = target.closest("button").ok().flatten() else { return };
    let Some(comment) = button.closest("article.comment").ok().flatten() else { return };
    let id = comment.id();
    let Some(id) = id.strip_prefix("comment-") else { return };
    if button.matches(".comment-like").unwrap_or(false) {
        toggle_like(ctx, button, id.to_string());
    } else if button.matches(".comment-reply").unwrap_or(false) {
        let name = comment.query_selector(".comment-author").ok().flatten().and_then(|a| a.text_content());
        ctx.start_writing(Some(ReplyTarget { id: id.to_string(), name: name.unwrap_or_default() }));
    }
}

/// 赞: toggles at once and tells the server; rolls back (and says so) if the server refuses.
fn toggle_like(ctx: CommentsContext, button: Element, comment_id: String) {
    const BUSY: &str = "data-busy";
    if button.has_attribute(BUSY) {
        return;
    }
    let strings = ctx.strings;
    let want = button.get_attribute("aria-pressed").as_deref() != Some("true");
    let before: u64 =
        button.last_element_child().and_then(|n| n.text_content()).and_then(|t| t.parse().ok()).unwrap_or(0);
    show_like(&button, strings, want, if want { before + 1 } else { before.saturating_sub(1) });
    let _ = button.set_attribute(BUSY, "");
    if let Some(old) = button.next_element_sibling().filter(|e| e.matches(".like-error").unwrap_or(false)) {
        old.remove();
    }
    let config = ctx.config.get_value();
    spawn_local_scoped(async move {
        match set_like(&config, &comment_id, &crate::storage::reader_id(), want).await {
            Ok(likes) => {
                show_like(&button, strings, want, likes);
                ctx.remember_like(&comment_id, want);
            }
            Err(_) => {
                show_like(&button, strings, !want, before);
                if let Some(document) = button.owner_document() {
                    if let Ok(error) = element(&document, "span", "like-error", Some(strings.like_failed)) {
                        let _ = error.set_attribute("role", "alert");
                        let _ = button.after_with_node_1(&error);
                    }
                }
            }
        }
        let _ = button.remove_attribute(BUSY);
    });
}
