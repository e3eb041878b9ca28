//! Comments as DOM: author (avatar or initial, 认证 when the portal vouches for them), 回复
//! @name, relative time, IP 属地, the text (plain, line breaks kept), 赞 and 回复.
//!
//! Built without the view macro on purpose: a long discussion has thousands of comments. Here
//! each comment's fields are worked out (dates, labels, a checked avatar URL) and written into a
//! `Batch`; `dom.js` then clones one prepared element per comment and fills it in with
//! `textContent`, a whole chunk of comments in one call. Comment text only ever reaches the page
//! as text. The list's buttons are handled by one listener on the list (`on_click`).

use super::{CommentsContext, ReplyTarget};
use crate::api::backend::{act_on_comment, CommentAction};
use crate::i18n::Strings;
use leptos::prelude::{GetValue, WithValue};
use leptos::task::spawn_local_scoped;
use news_model::comments::{Comment, CommentStatus, ReportReason};
use news_model::datetime::{display_datetime, Timestamp};
use news_model::sanitize_policy::safe_url;
use news_model::ApiError;
use std::fmt::Write;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

#[wasm_bindgen(module = "/src/components/comments/dom.js")]
extern "C" {
    #[wasm_bindgen(js_name = commentTemplate)]
    fn comment_template(
        document: &Document,
        labels: Vec<String>,
        likes: bool,
        open: bool,
        reports: bool,
        reasons: Vec<String>,
    ) -> JsValue;
    #[wasm_bindgen(js_name = toggleReportMenu)]
    fn toggle_report_menu(template: &JsValue, button: &Element);
    #[wasm_bindgen(js_name = buildComments, catch)]
    fn build_comments(
        template: &JsValue,
        text: &str,
        table: &[u32],
        parent: Option<&Element>,
    ) -> Result<Vec<Element>, JsValue>;
    /// N 条新评论 before `list` (live.rs); a press calls `on_show`.
    #[wasm_bindgen(js_name = newCommentsButton)]
    pub(super) fn new_comments_button(list: &Element, on_show: &JsValue) -> web_sys::HtmlElement;
}

// A comment's flags in a batch's table (dom.js reads the same values).
const REPLY: u32 = 1;
const AVATAR_IMAGE: u32 = 2;
const REPLY_TO: u32 = 4;
const REGION: u32 = 8;
const PENDING: u32 = 16;
const LIKED: u32 = 32;
const PINNED: u32 = 64;
const VERIFIED: u32 = 128;

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
    /// `likes`: the backend has 赞; `open`: the article takes replies (回复); `reports`: readers
    /// can report comments (举报).
    pub fn new(document: Document, strings: &'static Strings, likes: bool, open: bool, reports: bool) -> Self {
        let labels = [
            strings.like,
            strings.liked,
            strings.reply,
            strings.pending_review,
            strings.report,
            strings.pinned,
            strings.report_menu,
            strings.report_cancel,
            strings.verified,
        ];
        let reasons = ReportReason::ALL.iter().zip(strings.report_reasons).flat_map(|(r, label)| [r.as_str(), label]);
        let prototypes = comment_template(
            &document,
            labels.map(String::from).into(),
            likes,
            open,
            reports,
            reasons.map(String::from).collect(),
        );
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
            (comment.pinned, PINNED),
            (comment.author.verified, VERIFIED),
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
    } else if button.matches(".comment-report:not([aria-disabled]), .report-cancel").unwrap_or(false) {
        ctx.template.with_value(|template| toggle_report_menu(&template.prototypes, &button));
    } else if let Some(reason) = button.get_attribute("data-reason") {
        report(ctx, button, id.to_string(), &reason);
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
    act(
        ctx,
        comment_id.clone(),
        CommentAction::Like(want),
        Box::new(move |result| {
            match result {
                Ok(likes) => {
                    show_like(&button, strings, want, likes.unwrap_or(before));
                    ctx.remember_like(&comment_id, want);
                }
                Err(_) => {
                    show_like(&button, strings, !want, before);
                    if let Ok(error) = note(&button, "like-error", strings.like_failed, "alert") {
                        let _ = button.after_with_node_1(&error);
                    }
                }
            }
            let _ = button.remove_attribute(BUSY);
        }),
    );
}

/// 举报 for `reason` (a button of the menu): the menu waits for the answer, then gives way to a
/// thank-you and a 已举报 that does nothing more; on failure it stays, with the reason to retry.
fn report(ctx: CommentsContext, button: Element, comment_id: String, reason: &str) {
    let (Some(menu), Some(reason)) = (button.parent_element(), ReportReason::parse(reason)) else { return };
    if menu.has_attribute("aria-busy") {
        return;
    }
    let _ = menu.set_attribute("aria-busy", "true");
    if let Some(old) = menu.query_selector(".report-error").ok().flatten() {
        old.remove();
    }
    let strings = ctx.strings;
    act(
        ctx,
        comment_id,
        CommentAction::Report(reason),
        Box::new(move |result| {
            let _ = menu.remove_attribute("aria-busy");
            if result.is_err() {
                if let Ok(error) = note(&menu, "report-error", strings.report_failed, "alert") {
                    let _ = menu.append_with_node_1(&error);
                }
                return;
            }
            let comment = menu.closest("article.comment").ok().flatten();
            if let Some(reported) = comment.and_then(|c| c.query_selector(".comment-report").ok().flatten()) {
                reported.set_text_content(Some(strings.reported));
                let _ = reported.set_attribute("aria-disabled", "true");
                let _ = reported.set_attribute("aria-expanded", "false");
            }
            if let Ok(done) = note(&menu, "report-done", strings.report_done, "status") {
                let _ = menu.replace_with_with_node_1(&done);
            }
        }),
    );
}

/// Sends `action` for the comment and hands the answer to `done`. One future for likes and
/// reports alike (`done` is boxed): each kind of future is its own copy in the wasm.
fn act(
    ctx: CommentsContext,
    comment_id: String,
    action: CommentAction,
    done: Box<dyn FnOnce(Result<Option<u64>, ApiError>)>,
) {
    let config = ctx.config.get_value();
    let token = crate::reader_token::current();
    spawn_local_scoped(async move {
        let result = act_on_comment(&config, &comment_id, &crate::storage::reader_id(), token.as_deref(), action).await;
        if let Err(refusal) = &result {
            ctx.after_refusal(refusal);
        }
        done(result);
    });
}

/// A `<span class=…>` of text for assistive technology to announce (`role`), made in the
/// document of `near`.
fn note(near: &Element, class: &str, text: &str, role: &str) -> Result<Element, JsValue> {
    let document = near.owner_document().ok_or_else(|| JsValue::from_str("detached"))?;
    let note = element(&document, "span", class, Some(text))?;
    note.set_attribute("role", role)?;
    Ok(note)
}
