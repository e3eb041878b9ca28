//! 网友评论: the comment section under an article. The section owns the list state (threads,
//! sort, paging, count) and shares it through `CommentsContext` with the items (reply, like)
//! and the form (which adds what the reader posted). The list itself is plain DOM built by
//! `item` (see there why); the rest of the section is ordinary views.

mod form;
pub mod item;
mod live;

use crate::api::backend::fetch_comments;
use crate::components::status::ErrorNotice;
use crate::i18n::{use_strings, Strings};
use crate::storage;
pub use form::show_poster;
use form::CommentForm;
use item::Batch;
pub use item::CommentTemplate;
use live::Live;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use news_model::comments::{build_threads, Comment, CommentSort, CommentStatus, Thread};
use news_model::{ApiError, Config};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

#[wasm_bindgen(module = "/src/components/comments/dom.js")]
extern "C" {
    /// Fires `news-reader:token-expired` on the embed element `inside` belongs to (see dom.js).
    #[wasm_bindgen(js_name = askForFreshToken)]
    pub fn ask_for_fresh_token(inside: &Element);
}

/// Threads built before the first paint: more than a phone screen holds.
const FIRST_SCREEN_THREADS: usize = 10;
/// Threads built per animation frame after that: a few milliseconds of work each.
const THREADS_PER_FRAME: usize = 50;

/// A thread on the page: who is in it (to place a reply and to drop a comment listed twice) and
/// its list item.
struct ShownThread {
    root_id: String,
    /// Each reply's id and author: a reply to a reply says 回复 @author.
    replies: Vec<(String, String)>,
    item: Element,
}

impl ShownThread {
    fn contains(&self, comment_id: &str) -> bool {
        self.root_id == comment_id || self.replies.iter().any(|(id, _)| id == comment_id)
    }
}

/// The list's state that is not in signals: the threads on the page and the comments that
/// arrived live to join them. One stored value: each kind costs the wasm its own code.
#[derive(Default)]
struct Listed {
    threads: Vec<ShownThread>,
    /// Comments published while the reader is here (in 最新).
    live: Live,
}

/// Whether the comment `id` is in `threads` (a thread's or a reply).
fn shows(threads: &[ShownThread], id: &str) -> bool {
    threads.iter().any(|t| t.contains(id))
}

/// Whom the form answers: a comment's id and its author's name.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplyTarget {
    pub id: String,
    pub name: String,
}

#[derive(Clone)]
enum ListStatus {
    Loading,
    Ready,
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct CommentsContext {
    article_id: StoredValue<String>,
    listed: StoredValue<Listed, LocalStorage>,
    /// How many threads are on the page (the list is plain DOM: this is what views react to).
    shown: RwSignal<usize>,
    template: StoredValue<CommentTemplate, LocalStorage>,
    strings: &'static Strings,
    count: RwSignal<u64>,
    sort: RwSignal<CommentSort>,
    page: RwSignal<u32>,
    /// Where the next page starts, when the backend pages by cursor (then it is the only way
    /// on: a page number would show again comments posted meanwhile).
    cursor: StoredValue<Option<String>>,
    has_more: RwSignal<bool>,
    status: RwSignal<ListStatus>,
    /// Bumped on every new listing (sort change): answers for an older one are dropped.
    generation: StoredValue<u32>,
    owner: StoredValue<Owner>,
    pub reply_to: RwSignal<Option<ReplyTarget>>,
    /// The comments this reader liked, read from storage once.
    liked: StoredValue<Vec<String>>,
    /// What the form last achieved (posted / pending review), announced above it.
    pub notice: RwSignal<Option<&'static str>>,
    /// The server said writes need a reader the portal vouches for (`login_required`): without a
    /// token the form offers the portal's login page instead of a nickname.
    pub login_required: RwSignal<bool>,
    /// Whether the article takes comments: when not, no form and no 回复.
    pub open: bool,
    /// Read once for the section: a 赞 of any comment needs it.
    pub config: StoredValue<Config>,
    /// The section element: lookups start here, not at `document`, so they also work inside an
    /// embedding shadow root (and with several sections on one page).
    section: NodeRef<leptos::html::Section>,
    list: NodeRef<leptos::html::Ol>,
}

impl CommentsContext {
    /// The state of one article's section.
    fn new(article_id: String, count: u64, open: bool) -> Self {
        let config = use_context::<Config>().unwrap_or_default();
        let strings = use_strings();
        let template = CommentTemplate::new(document(), strings, config.has_likes(), open, config.has_reports());
        CommentsContext {
            config: StoredValue::new(config),
            article_id: StoredValue::new(article_id),
            listed: StoredValue::new_local(Listed::default()),
            shown: RwSignal::new(0),
            template: StoredValue::new_local(template),
            strings,
            count: RwSignal::new(count),
            sort: RwSignal::new(CommentSort::Newest),
            page: RwSignal::new(0),
            cursor: StoredValue::new(None),
            has_more: RwSignal::new(false),
            status: RwSignal::new(ListStatus::Loading),
            generation: StoredValue::new(0),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            reply_to: RwSignal::new(None),
            liked: StoredValue::new(storage::liked_ids()),
            notice: RwSignal::new(None),
            login_required: RwSignal::new(false),
            open,
            section: NodeRef::new(),
            list: NodeRef::new(),
        }
    }

    /// An element of this section by CSS selector.
    pub fn find(&self, selector: &str) -> Option<web_sys::HtmlElement> {
        let found = self.section.get_untracked()?.query_selector(selector).ok().flatten()?;
        found.dyn_into::<web_sys::HtmlElement>().ok()
    }

    pub fn article_id(&self) -> String {
        self.article_id.get_value()
    }

    /// Whether the comment `id` is on the page (a thread's or a reply). `Listed` is only ever
    /// borrowed for writing, also here: each kind of borrow costs the wasm its own code.
    fn is_shown(&self, id: &str) -> bool {
        self.listed.try_update_value(|listed| shows(&listed.threads, id)).unwrap_or(false)
    }

    /// Starts over with `sort` from the first page.
    fn show_sorted(self, sort: CommentSort) {
        self.generation.update_value(|g| *g += 1);
        self.listed.update_value(|listed| {
            listed.threads.clear();
            listed.live.stop();
        });
        live::show_count(self);
        self.sort.set(sort);
        self.shown.set(0);
        if let Some(list) = self.list.get_untracked() {
            list.set_text_content(None);
        }
        self.page.set(0);
        self.cursor.set_value(None);
        self.load_next();
    }

    /// Loads the next page and appends it. Runs under the section's owner, so leaving the
    /// article aborts the request.
    fn load_next(self) {
        let config = self.config.get_value();
        let generation = self.generation.get_value();
        let (page, sort, article_id) = (self.page.get_untracked() + 1, self.sort.get_untracked(), self.article_id());
        let cursor = self.cursor.get_value();
        self.status.set(ListStatus::Loading);
        self.owner.get_value().with(|| {
            spawn_local_scoped(async move {
                let result = fetch_comments(&config, &article_id, page, cursor.as_deref(), sort).await;
                if self.generation.try_get_value() != Some(generation) {
                    return;
                }
                match result {
                    Ok(mut listing) => {
                        // Asked by cursor, only a next cursor says more follow.
                        let more = if cursor.is_some() { listing.next_cursor.is_some() } else { listing.has_more() };
                        self.cursor.set_value(listing.next_cursor.take());
                        let count = listing.count;
                        let threads = build_threads(listing.items);
                        // A comment the reader just posted may come round again on a later page.
                        let fresh: Vec<Thread> = threads.into_iter().filter(|t| !self.is_shown(&t.root.id)).collect();
                        if page == 1 {
                            self.forget_approved(&fresh);
                        }
                        self.reveal(fresh, FIRST_SCREEN_THREADS, generation);
                        if page == 1 {
                            self.show_own_pending();
                        }
                        self.page.set(page);
                        self.has_more.set(more);
                        self.count.set(count);
                        self.status.set(ListStatus::Ready);
                        if page == 1 && sort == CommentSort::Newest {
                            live::start(self);
                        }
                    }
                    Err(error) => {
                        let _ = self.status.try_set(ListStatus::Failed(error));
                    }
                }
            })
        });
    }

    /// Appends `threads` a few at a time: `now` of them at once, the rest a chunk per animation
    /// frame, so a page of hundreds of threads shows its first screen at once instead of after
    /// building them all. A new listing (another sort) stops what is left of an older one.
    fn reveal(self, mut threads: Vec<Thread>, now: usize, generation: u32) {
        let rest = threads.split_off(now.min(threads.len()));
        self.append(threads);
        if rest.is_empty() {
            return;
        }
        request_animation_frame(move || {
            if self.generation.try_get_value() == Some(generation) {
                self.reveal(rest, THREADS_PER_FRAME, generation);
            }
        });
    }

    /// Shows a comment the server accepted. A pending one is also kept in this browser, since
    /// the server lists it to nobody until it is approved.
    pub fn add_posted(&self, comment: Comment) {
        match comment.status {
            // Unless its event came first: then it was counted on arrival.
            CommentStatus::Published if self.listed.try_update_value(|l| l.live.withdraw(&comment.id)) == Some(true) => {
                live::show_count(*self);
            }
            CommentStatus::Published => self.count.update(|n| *n += 1),
            CommentStatus::Pending => {
                let article_id = self.article_id();
                let mut pending = storage::pending_comments(&article_id);
                pending.push(comment.clone());
                storage::save_pending_comments(&article_id, &pending);
            }
        }
        self.place(comment);
    }

    /// Adds `thread`'s comments to `batch`; what the page will know of it, less its item.
    fn push_thread(&self, batch: &mut Batch, thread: &Thread) -> (String, Vec<(String, String)>) {
        batch.push(&thread.root, None, self.is_liked(&thread.root.id), false);
        let replies = thread.replies.iter().map(|reply| {
            let comment = &reply.comment;
            batch.push(comment, reply.to.as_deref(), self.is_liked(&comment.id), true);
            (comment.id.clone(), comment.author.name.clone())
        });
        (thread.root.id.clone(), replies.collect())
    }

    /// Builds `threads` (in one batch): their items, or nothing (logged) if they could not be.
    fn build_threads(&self, threads: &[Thread]) -> Vec<ShownThread> {
        let built = self.template.with_value(|template| {
            let mut batch = template.batch();
            let shown: Vec<_> = threads.iter().map(|thread| self.push_thread(&mut batch, thread)).collect();
            let items = template.build(batch, None)?;
            if items.len() != shown.len() {
                return Err(JsValue::from_str("comment threads and their items differ in number"));
            }
            let zipped = shown.into_iter().zip(items);
            Ok(zipped.map(|((root_id, replies), item)| ShownThread { root_id, replies, item }).collect())
        });
        built.unwrap_or_else(|e: JsValue| {
            web_sys::console::error_2(&"comments could not be shown".into(), &e);
            Vec::new()
        })
    }

    /// Adds `comment` to `thread`'s replies (回复 @`to` when it answers a reply).
    fn add_reply(&self, thread: &mut ShownThread, comment: &Comment, to: Option<&str>) -> Result<(), JsValue> {
        self.template.with_value(|template| {
            let mut batch = template.batch();
            batch.push(comment, to, self.is_liked(&comment.id), true);
            template.build(batch, Some(&thread.item))
        })?;
        thread.replies.push((comment.id.clone(), comment.author.name.clone()));
        Ok(())
    }

    /// Adds `threads` at the end of the list, in one insertion.
    fn append(&self, threads: Vec<Thread>) {
        let Some(list) = self.list.get_untracked() else { return };
        let shown = self.build_threads(&threads);
        let chunk = document().create_document_fragment();
        for thread in &shown {
            let _ = chunk.append_child(&thread.item);
        }
        let _ = list.append_child(&chunk);
        self.shown.update(|n| *n += shown.len());
        self.listed.update_value(|l| l.threads.extend(shown));
    }

    /// A reply goes under its thread, anything else on top as a new thread.
    fn place(&self, comment: Comment) {
        // The reader may have left the article while the post was on its way.
        let Some(list) = self.list.get_untracked() else { return };
        let placed = self.listed.try_update_value(|Listed { threads, .. }| {
            let parent = comment.parent_id.as_deref();
            let home = parent.and_then(|p| threads.iter_mut().find(|t| t.contains(p)));
            match home {
                Some(thread) => {
                    let to = parent
                        .filter(|p| *p != thread.root_id)
                        .and_then(|p| thread.replies.iter().find(|(id, _)| id == p).map(|(_, name)| name.clone()));
                    self.add_reply(thread, &comment, to.as_deref()).map(|()| false)
                }
                None => {
                    let thread = Thread { root: comment.clone(), replies: vec![] };
                    let Some(built) = self.build_threads(std::slice::from_ref(&thread)).pop() else {
                        return Ok(false);
                    };
                    list.prepend_with_node_1(&built.item)?;
                    threads.insert(0, built);
                    Ok(true)
                }
            }
        });
        match placed {
            Some(Ok(true)) => self.shown.update(|n| *n += 1),
            Some(Err(e)) => web_sys::console::error_2(&"a posted comment could not be shown".into(), &e),
            _ => {}
        }
    }

    /// Forgets the reader's pending comments that the first page (`listed`, whether shown yet or
    /// not) now contains: they were approved.
    fn forget_approved(&self, listed: &[Thread]) {
        let article_id = self.article_id();
        let stored = storage::pending_comments(&article_id);
        let waiting: Vec<Comment> =
            stored.iter().filter(|c| !listed.iter().any(|t| t.contains(&c.id))).cloned().collect();
        if waiting.len() != stored.len() {
            storage::save_pending_comments(&article_id, &waiting);
        }
    }

    /// The reader's own comments still awaiting review, above the first page.
    fn show_own_pending(&self) {
        for comment in storage::pending_comments(&self.article_id()) {
            self.place(comment);
        }
    }

    /// What a refused post, like or report means beyond its own message: that the server takes
    /// only signed-in readers, or that the host should hand over a fresh token.
    pub fn after_refusal(&self, error: &ApiError) {
        match error {
            ApiError::LoginRequired => {
                let _ = self.login_required.try_set(true);
            }
            ApiError::BadReaderToken => {
                if let Some(section) = self.section.get_untracked() {
                    ask_for_fresh_token(&section);
                }
            }
            _ => {}
        }
    }

    pub fn is_liked(&self, comment_id: &str) -> bool {
        self.liked.with_value(|ids| ids.iter().any(|id| id == comment_id))
    }

    pub fn remember_like(&self, comment_id: &str, liked: bool) {
        self.liked.update_value(|ids| {
            ids.retain(|id| id != comment_id);
            if liked {
                ids.push(comment_id.to_string());
            }
            storage::save_liked(ids);
        });
    }

    /// 我来说两句 and 回复: open the form (for a reply, `target`) and put the cursor in it.
    pub fn start_writing(&self, target: Option<ReplyTarget>) {
        self.reply_to.set(target);
        self.notice.set(None);
        form::focus_content(*self);
    }
}

/// The section. `open: false` (the article's `comments_open`) shows the comments without a form.
#[component]
pub fn CommentsSection(article_id: String, open: bool, count: Option<u64>) -> impl IntoView {
    let strings = use_strings();
    let enabled = use_context::<Config>().is_none_or(|c| c.has_comments());
    if !enabled {
        return None;
    }
    let ctx = CommentsContext::new(article_id, count.unwrap_or(0), open);
    provide_context(ctx);
    ctx.load_next();

    Some(view! {
        <section id="comments" class="comments" tabindex="-1" aria-labelledby="comments-title" node_ref=ctx.section>
            <div class="comments-head">
                <h2 id="comments-title" class="section-title">{move || strings.comments_heading(ctx.count.get())}</h2>
                {open.then(|| view! {
                    <button type="button" class="write-comment" on:click=move |_| ctx.start_writing(None)>
                        {strings.write_comment}
                    </button>
                })}
            </div>
            <p class="comments-disclaimer">{strings.comments_disclaimer}</p>
            {if open { view! { <CommentForm/> }.into_any() } else {
                view! { <p class="comments-status">{strings.comments_closed}</p> }.into_any()
            }}
            <SortTabs/>
            <CommentList/>
        </section>
    })
}

#[component]
fn SortTabs() -> impl IntoView {
    let ctx = expect_context::<CommentsContext>();
    let strings = use_strings();
    view! {
        <div class="comment-sort" role="group" aria-label=strings.sort_label>
            {CommentSort::ALL.into_iter().map(|sort| view! {
                <button
                    type="button"
                    aria-pressed=move || (ctx.sort.get() == sort).to_string()
                    on:click=move |_| if ctx.sort.get_untracked() != sort { ctx.show_sorted(sort) }
                >
                    {strings.sort_name(sort)}
                </button>
            }).collect_view()}
        </div>
    }
}

#[component]
fn CommentList() -> impl IntoView {
    let ctx = expect_context::<CommentsContext>();
    let strings = use_strings();
    let empty = move || matches!(ctx.status.get(), ListStatus::Ready) && ctx.shown.get() == 0;
    view! {
        // Filled by `CommentsContext` (append, place); its buttons are handled here, for all.
        <ol class="comment-list" node_ref=ctx.list on:click=move |ev| item::on_click(ctx, &ev)></ol>
        {move || empty().then(|| {
            view! { <p class="empty">{if ctx.open { strings.no_comments } else { strings.no_comments_closed }}</p> }
        })}
        {move || match ctx.status.get() {
            ListStatus::Loading => Some(view! {
                <p class="comments-loading" role="status">{strings.loading_more}</p>
            }.into_any()),
            ListStatus::Failed(error) => Some(view! {
                <ErrorNotice error on_retry=move || ctx.load_next()/>
            }.into_any()),
            ListStatus::Ready => ctx.has_more.get().then(|| view! {
                <button type="button" class="load-more" on:click=move |_| ctx.load_next()>{strings.load_more}</button>
            }.into_any()),
        }}
    }
}
