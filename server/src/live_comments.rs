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

use crate::comment_api::{blocking, known_article};
use crate::comments::Published;
use crate::{article_not_found, AppState};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
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

pub(crate) async fn events(
    State(app): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    params: Result<Query<EventParams>, QueryRejection>,
) -> Response {
    let Some(article) = known_article(&app, id) else { return article_not_found() };
    let asked = headers.get("last-event-id").and_then(|v| v.to_str().ok()).map(str::to_string);
    let asked = asked.or_else(|| params.ok().and_then(|Query(p)| p.last_event_id));
    let resume = asked.and_then(|text| text.trim().parse::<i64>().ok()).filter(|n| *n >= 0);
    // Subscribed before the number is read: news between the two is not lost.
    let news = app.comments.subscribe();
    let after = match resume {
        Some(after) => after,
        None => {
            let a = article.clone();
            match blocking(&app.comments, move |store| store.last_published(&a)).await {
                Ok(after) => after,
                Err(e) => return crate::comment_api::internal(e),
            }
        }
    };
    let feed = Feed {
        app: app.clone(),
        article: Arc::from(article.as_str()),
        after,
        news,
        closing: app.live_closing.subscribe(),
        queue: VecDeque::from([Event::default().event("ready").id(after.to_string()).retry(RETRY).data("{}")]),
        // A resumed stream looks at once for what it missed.
        look_now: resume.is_some(),
    };
    let stream = futures_util::stream::unfold(feed, Feed::next);
    let mut response = Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // nginx would otherwise hold the events back in its buffer.
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

struct Feed {
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
