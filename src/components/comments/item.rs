//! Comments as DOM: author (avatar or initial), 回复 @name, relative time, IP 属地, the text
//! (plain, line breaks kept), 赞 and 回复.
//!
//! Built without the view macro on purpose: a long discussion has thousands of comments. Here
//! each comment's fields are worked out (dates, labels, a checked avatar URL) and written into a
//! `Batch`; `dom.js` then clones one prepared element per comment and fills it in with
//! `textContent`, a whole chunk of comments in one call. Comment text only ever reaches the page
//! as text. The list's buttons are handled by one listener on the list (`on_click`).

use super::{CommentsContext, ReplyTarget};
use crate::api::backend::set_like;
use crate::i18n::Strings;
use leptos::prelude::GetValue;
use leptos::task::spawn_local_scoped;
use news_model::comments::{Comment, CommentStatus};
use news_model::datetime::{display_datetime, Timestamp};
use news_model::sanitize_policy::safe_url;
use std::fmt::Write;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

#[wasm_bindgen(module = "/src/components/comments/dom.js")]
extern "C" {
    #[wasm_bindgen(js_name = commentTemplate)]
    fn comment_template(document: &Document, labels: Vec<String>, likes: bool, open: bool) -> JsValue;
    #[wasm_bindgen(js_name = buildComments, catch)]
    fn build_comments(
        template: &JsValue,
        text: &str,
        table: &[u32],
        parent: Option<&Element>,
    ) -> Result<Vec<Element>, JsValue>;
}

// A comment's flags in a batch's table (dom.js reads the same values).
const REPLY: u32 = 1;
const AVATAR_IMAGE: u32 = 2;
const REPLY_TO: u32 = 4;
const REGION: u32 = 8;
const PENDING: u32 = 16;
const LIKED: u32 = 32;

/// The prototypes comments are cloned from (made by `dom.js`), and what fills them in.
pub struct CommentTemplate {
    prototypes: JsValue,
    strings: &'static Strings,
}

/// A new `<tag class=…>`, with its text when given.
fn element(document: &Document, tag: &str, class: &str, text: Option<&str>) -> Result<Element, JsValue> {
    let el = document.create_element(tag)?;
    el.set_class_name(class);
    if text.is_some() {
        el.set_text_content(text);
    }
    Ok(el)
}

impl CommentTemplate {
    /// `likes`: the backend has 赞; `open`: the article takes replies (回复).
    pub fn new(document: Document, strings: &'static Strings, likes: bool, open: bool) -> Self {
        let labels = [strings.like, strings.liked, strings.reply, strings.pending_review].map(String::from);
        let prototypes = comment_template(&document, labels.into(), likes, open);
        CommentTemplate { prototypes, strings }
    }

    /// An empty batch of comments to build.
    pub fn batch(&self) -> Batch {
        let now = (js_sys::Date::now() / 1000.0) as i64;
        Batch { strings: self.strings, now, text: String::new(), table: Vec::new() }
    }

    /// Builds the batch's comments: the list items of its threads, in order. Its replies go into
    /// the thread before them, or into `parent` (a thread's item) when they come first. The
    /// comment itself is each item's first child.
    pub fn build(&self, batch: Batch, parent: Option<&Element>) -> Result<Vec<Element>, JsValue> {
        build_comments(&self.prototypes, &batch.text, &batch.table, parent)
    }
}

/// Comments to build in one go: all their fields as one string, and per comment a row of the
/// table, its flags and then each field's length in UTF-16 units (how JS counts). One string
/// for a chunk of comments instead of a dozen per comment: passing a string from wasm to JS has
/// a cost of its own, whatever its length.
pub struct Batch {
    strings: &'static Strings,
    /// For relative times (5分钟前), once for the batch.
    now: i64,
    text: String,
    table: Vec<u32>,
}

impl Batch {
    /// Adds a comment: a thread's first comment, or with `reply` a reply; `to` names whom a reply
    /// answers (回复 @name), `liked` whether this reader liked it.
    pub fn push(&mut self, comment: &Comment, to: Option<&str>, liked: bool, reply: bool) {
        let strings = self.strings;
        let avatar = comment.author.avatar.as_deref().and_then(|url| safe_url(url, false));
        let absolute = display_datetime(&comment.created_at, strings.locale);
        let shown =
            Timestamp::parse(&comment.created_at).and_then(|t| strings.relative_time(t.unix_seconds(), self.now));
        let pending = comment.status == CommentStatus::Pending;
        let flags = [
            (reply, REPLY),
            (avatar.is_some(), AVATAR_IMAGE),
            (to.is_some(), REPLY_TO),
            (comment.region.is_some(), REGION),
            (pending, PENDING),
            (liked, LIKED),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .fold(0, |all, (_, flag)| all | flag);
        self.table.push(flags);
        self.field(&[&comment.id]);
        let mut initial = [0; 4];
        let initial = comment.author.name.chars().next().map_or("", |c| c.encode_utf8(&mut initial));
        self.field(&[avatar.as_deref().unwrap_or(initial)]);
        self.field(&[&comment.author.name]);
        self.field(&[&comment.created_at]);
        self.field(&[&absolute]);
        self.field(&[shown.as_deref().unwrap_or(&absolute)]);
        self.field(&[&to.map(|name| strings.reply_to(name)).unwrap_or_default()]);
        self.field(&comment.region.as_deref().map_or([""; 2], |from| [strings.region, from]));
        self.field(&[&comment.content]);
        let start = self.text.len();
        let _ = write!(self.text, "{}", comment.likes);
        self.end_field(start);
    }

    /// Appends a field made of `parts`, written straight into the batch's text: a long
    /// discussion makes no string per field.
    fn field(&mut self, parts: &[&str]) {
        let start = self.text.len();
        for part in parts {
            self.text.push_str(part);
        }
        self.end_field(start);
    }

    /// Ends the field that began at byte `start` of the text: notes its length.
    fn end_field(&mut self, start: usize) {
        let value = self.text.get(start..).unwrap_or_default();
        let units = if value.is_ascii() { value.len() } else { value.encode_utf16().count() };
        self.table.push(units as u32);
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
