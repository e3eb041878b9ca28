//! Live comments (docs/api.md, "Live comments"): an article's newly published comments as
//! server-sent events. `live.js` keeps the connection (see there); this side builds the address
//! and decodes what arrives. When to listen, and what to do with a comment, is the comment
//! section's business.

use news_model::comments::Comment;
use news_model::{Config, Endpoint};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen(module = "/src/api/live.js")]
extern "C" {
    #[wasm_bindgen(js_name = watchComments)]
    fn watch_comments(url: &str, on_comment: &JsValue) -> js_sys::Function;
}

/// One article's stream of new comments, open until dropped.
pub struct CommentWatch {
    stop: js_sys::Function,
}

impl CommentWatch {
    /// Watches `article_id`'s comments from now on: each one that arrives reaches `on_comment`,
    /// decoded by the contract's rules (`None`: its data is not a Comment).
    pub fn start(config: &Config, article_id: &str, on_comment: impl Fn(Option<Comment>) + 'static) -> Self {
        let url = config.endpoint_url(Endpoint::CommentEvents, &[("id", article_id)]);
        // Handed the `comment` event itself: a closure of this type is in the wasm already (each
        // type costs its own glue).
        let decoded = move |event: web_sys::Event| {
            let data = js_sys::Reflect::get(&event, &"data".into()).ok().and_then(|d| d.as_string());
            on_comment(data.and_then(|data| news_model::decode::from_str(&data).ok()));
        };
        // Owned by JS: an event queued as the stream closes may still call it.
        let on_comment = Closure::<dyn Fn(web_sys::Event)>::new(decoded).into_js_value();
        CommentWatch { stop: watch_comments(&url, &on_comment) }
    }
}

impl Drop for CommentWatch {
    fn drop(&mut self) {
        let _ = self.stop.call0(&JsValue::NULL);
    }
}
