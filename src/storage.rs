//! What the app keeps in the reader's browser (localStorage): their nickname, the comment they
//! are typing (per article and per reply target), the comments they liked, and an anonymous
//! reader id for likes; and one cookie, their language, for the server. Storage can be missing
//! or full (private mode): then nothing is kept and nothing breaks.

use news_model::comments::Comment;
use wasm_bindgen::JsValue;

const PREFIX: &str = "news-reader.";
/// Bound on remembered pending comments per article.
const MAX_PENDING: usize = 20;
/// Bound on remembered likes, oldest forgotten first.
const MAX_LIKES: usize = 500;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(&format!("{PREFIX}{key}")).ok().flatten()
}

fn set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&format!("{PREFIX}{key}"), value);
    }
}

fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&format!("{PREFIX}{key}"));
    }
}

/// A random id, 32 hex digits (128 bits), for idempotency keys and the reader id. From the
/// browser's cryptographic generator: `Math.random` is predictable from a few outputs, and a
/// guessed id lets a page replay another reader's post or like under their name.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.get_random_values_with_u8_array(&mut bytes));
    if !filled.is_some_and(|r| r.is_ok()) {
        // Every browser the app runs in has Web Crypto; this keeps ids unique where one does not.
        bytes.iter_mut().for_each(|b| *b = (js_sys::Math::random() * 256.0) as u8);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn nickname() -> String {
    get("nickname").unwrap_or_default()
}

pub fn set_nickname(name: &str) {
    set("nickname", name);
}

/// The chosen text size (`s`, `m`, `l`), or empty when never chosen.
pub fn text_size() -> String {
    get("text-size").unwrap_or_default()
}

pub fn set_text_size(size: &str) {
    set("text-size", size);
}

/// The chosen theme (`light`, `dark`), or empty to follow the system.
pub fn theme() -> String {
    get("theme").unwrap_or_default()
}

pub fn set_theme(theme: &str) {
    set("theme", theme);
}

/// The chosen language tag (`zh-CN`, `en`), or empty when never chosen.
pub fn locale() -> String {
    get("locale").unwrap_or_default()
}

pub fn set_locale(tag: &str) {
    set("locale", tag);
}

/// The reader's language (`tag`) also as a cookie on the app's pages (`path`, e.g. `/news/`):
/// the server fills its pages in in that language (docs/prerender.md), so a reader who chose
/// the other one does not see the page's labels change when the app takes it over. The
/// standalone page only: an embedded app never writes the host's cookies.
pub fn share_locale(tag: &str, path: &str) {
    // A path that would end the cookie's attributes early is not one Trunk writes.
    if path.bytes().any(|b| matches!(b, b';' | b',' | b' ') || b.is_ascii_control()) {
        return;
    }
    let cookie = format!("news-reader-locale={tag}; Path={path}; Max-Age=31536000; SameSite=Lax");
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ = js_sys::Reflect::set(&document, &JsValue::from_str("cookie"), &JsValue::from_str(&cookie));
    }
}

/// This browser's anonymous reader id, created on first use.
pub fn reader_id() -> String {
    get("reader").unwrap_or_else(|| {
        let id = random_id();
        set("reader", &id);
        id
    })
}

/// A comment being written: its text and the `client_id` it will be posted with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub client_id: String,
    pub content: String,
}

fn draft_key(article_id: &str, parent_id: Option<&str>) -> String {
    format!("draft.{article_id}.{}", parent_id.unwrap_or("-"))
}

/// The saved draft for this article and reply target, or a fresh empty one.
pub fn load_draft(article_id: &str, parent_id: Option<&str>) -> Draft {
    get(&draft_key(article_id, parent_id))
        .and_then(|saved| saved.split_once('\n').map(|(id, text)| Draft { client_id: id.into(), content: text.into() }))
        .unwrap_or_else(|| Draft { client_id: random_id(), content: String::new() })
}

/// Saved on every keystroke; an emptied draft is forgotten.
pub fn save_draft(article_id: &str, parent_id: Option<&str>, draft: &Draft) {
    let key = draft_key(article_id, parent_id);
    if draft.content.is_empty() {
        remove(&key);
    } else {
        set(&key, &format!("{}\n{}", draft.client_id, draft.content));
    }
}

/// Only once the server has accepted the comment.
pub fn clear_draft(article_id: &str, parent_id: Option<&str>) {
    remove(&draft_key(article_id, parent_id));
}

/// The reader's own comments awaiting review on this article (the server lists them to no one).
pub fn pending_comments(article_id: &str) -> Vec<Comment> {
    get(&format!("pending.{article_id}"))
        .and_then(|text| news_model::decode::from_str::<Vec<Comment>>(&text).ok())
        .unwrap_or_default()
}

/// Keeps at most the newest few; an empty list is forgotten.
pub fn save_pending_comments(article_id: &str, comments: &[Comment]) {
    let key = format!("pending.{article_id}");
    if comments.is_empty() {
        return remove(&key);
    }
    let list = js_sys::Array::new();
    for comment in comments.iter().rev().take(MAX_PENDING).rev() {
        list.push(&pending_json(comment));
    }
    if let Ok(text) = js_sys::JSON::stringify(&list) {
        set(&key, &String::from(text));
    }
}

/// The fields a pending comment needs to be shown again, as a JS object for JSON.stringify.
fn pending_json(comment: &Comment) -> JsValue {
    let object = js_sys::Object::new();
    let author = js_sys::Object::new();
    let put = |target: &js_sys::Object, key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), &value);
    };
    put(&author, "name", JsValue::from_str(&comment.author.name));
    put(&object, "id", JsValue::from_str(&comment.id));
    put(&object, "parent_id", comment.parent_id.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    put(&object, "author", author.into());
    put(&object, "content", JsValue::from_str(&comment.content));
    put(&object, "created_at", JsValue::from_str(&comment.created_at));
    put(&object, "status", JsValue::from_str("pending"));
    object.into()
}

/// The comments this reader liked: read once per comment section, kept in step by it.
pub fn liked_ids() -> Vec<String> {
    get("liked").map(|s| s.lines().map(str::to_string).collect()).unwrap_or_default()
}

pub fn save_liked(ids: &[String]) {
    let skip = ids.len().saturating_sub(MAX_LIKES);
    set("liked", &ids[skip..].join("\n"));
}
