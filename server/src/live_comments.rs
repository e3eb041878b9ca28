//! `GET /articles/{id}/comments/events`: newly published comments as server-sent events, so a
//! reader with the article open learns of them within moments (docs/api.md, "Live comments").
//!
//! Each event is one comment that became visible (posted published, or approved later), its
//! `data` the Comment as JSON and its `id` the comment's number among the article's published
//! ones (comments.rs `next_published`). A reader who reconnects with `Last-Event-ID` (or
//! `?last_event_id=`) gets what came after that number: nothing missed, nothing twice. A new
//! stream starts with a `ready` event whose id is the number reached so far.
//!
//! A stream wakes when its article has news: from this server at once, from others on the same
//! database through the store (PostgreSQL NOTIFY, or a once-a-second look at a SQLite file);
//! and every few seconds regardless, in case news was lost on the way.
//!
//! Each open stream holds a connection and a look at the store every few seconds, so one client
//! address may keep only so many open at once (`--live-streams-per-address`); more are refused
//! with 429, and the app then simply does without live comments on that page.

use crate::comment_api::{blocking, known_article};
use crate::comments::Published;
use crate::security::ClientAddr;
use crate::{article_not_found, AppState};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

/// How often a stream looks for news it was not told of.
const LOOK_EVERY: Duration = Duration::from_secs(10);
/// Comments read per look; more are read at once after these are sent.
const BATCH: u32 = 100;
/// What the browser waits before reconnecting a dropped stream.
const RETRY: Duration = Duration::from_secs(3);

#[derive(Deserialize)]
pub(crate) struct EventParams {
    last_event_id: Option<String>,
}

/// The streams open per client address (IPv6: per /64), bounded by `--live-streams-per-address`.
pub(crate) struct OpenStreams {
    /// 0: no bound.
    per_address: u32,
    open: Mutex<HashMap<IpAddr, u32>>,
}

impl OpenStreams {
    pub(crate) fn new(per_address: u32) -> Self {
        OpenStreams { per_address, open: Mutex::new(HashMap::new()) }
    }

    /// A place for one more stream from `addr`, held until the slot is dropped (the stream
    /// ends); `None` when the address has its share open. Without a known address (a server
    /// not told the peer's) streams are not counted.
    fn take(self: &Arc<Self>, addr: Option<IpAddr>) -> Option<StreamSlot> {
        // An IPv6 client holds a whole /64: counted as one, as for the rate limits.
        let Some(addr) = addr.filter(|_| self.per_address > 0).map(crate::rate_limit::network_key) else {
            return Some(StreamSlot { streams: Arc::clone(self), addr: None });
        };
        // A poisoned lock still holds whole counts: each change is a single statement.
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(addr).or_insert(0);
        if *count >= self.per_address {
            return None;
        }
        *count += 1;
        Some(StreamSlot { streams: Arc::clone(self), addr: Some(addr) })
    }
}

/// One open stream's place in [`OpenStreams`].
struct StreamSlot {
    streams: Arc<OpenStreams>,
    addr: Option<IpAddr>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let Some(addr) = self.addr else { return };
        let mut open = self.streams.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&addr) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&addr);
            }
        }
    }
}

pub(crate) async fn events(
    State(app): State<AppState>,
    ClientAddr(addr): ClientAddr,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    params: Result<Query<EventParams>, QueryRejection>,
) -> Response {
    let Some(article) = known_article(&app, id) else { return article_not_found() };
    let Some(slot) = app.live_streams.take(addr) else {
        return crate::error(StatusCode::TOO_MANY_REQUESTS, "too_many_streams", "打开的页面太多，新评论提醒已暂停");
    };
    let asked = headers.get("last-event-id").and_then(|v| v.to_str().ok()).map(str::to_string);
    let asked = asked.or_else(|| params.ok().and_then(|Query(p)| p.last_event_id));
    let resume = asked.and_then(|text| text.trim().parse::<i64>().ok()).filter(|n| *n >= 0);
    // Subscribed before the number is read: news between the two is not lost.
    let news = app.comments.subscribe();
    let a = article.clone();
    let reached = match blocking(&app.comments, move |store| store.last_published(&a)).await {
        Ok(reached) => reached,
        Err(e) => return crate::comment_api::internal(e),
    };
    // An id beyond what the article has reached (made up, or from before a restore) would hold
    // back every comment up to it: the stream then starts from now.
    let after = resume.filter(|n| *n <= reached).unwrap_or(reached);
    let feed = Feed {
        _slot: slot,
        app: app.clone(),
        article: Arc::from(article.as_str()),
        after,
        news,
        closing: app.live_closing.subscribe(),
        queue: VecDeque::from([Event::default().event("ready").id(after.to_string()).retry(RETRY).data("{}")]),
        // A resumed stream looks at once for what it missed.
        look_now: after < reached,
    };
    let stream = futures_util::stream::unfold(feed, Feed::next);
    let mut response = Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // nginx would otherwise hold the events back in its buffer.
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

struct Feed {
    /// Given back when the stream ends (the reader leaves, the connection drops).
    _slot: StreamSlot,
    app: AppState,
    article: Arc<str>,
    /// The number of the last comment sent (or the start).
    after: i64,
    news: broadcast::Receiver<Published>,
    closing: watch::Receiver<bool>,
    queue: VecDeque<Event>,
    look_now: bool,
}

impl Feed {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Feed)> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some((Ok(event), self));
            }
            if !self.look_now {
                tokio::select! {
                    news = self.news.recv() => match news {
                        Ok(Some(article)) if article != self.article => continue,
                        Ok(_) | Err(RecvError::Lagged(_)) => {}
                        Err(RecvError::Closed) => return None,
                    },
                    () = tokio::time::sleep(LOOK_EVERY) => {}
                    _ = self.closing.changed() => return None,
                }
            }
            let (article, after) = (Arc::clone(&self.article), self.after);
            let found = blocking(&self.app.comments, move |store| store.published_after(&article, after, BATCH)).await;
            // A failed look ends the stream: the browser reconnects after RETRY and resumes.
            let found = found.ok()?;
            self.look_now = found.len() == BATCH as usize;
            for (number, comment) in found {
                self.after = number;
                let event = Event::default().event("comment").id(number.to_string());
                match event.json_data(&comment) {
                    Ok(event) => self.queue.push_back(event),
                    Err(e) => eprintln!("news-server: live comment {}: {e}", comment.id),
                }
            }
        }
    }
}
