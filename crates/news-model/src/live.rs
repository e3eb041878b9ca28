//! Live comments: the comments that arrived while the reader has the article open, held until
//! the reader asks to see them (N 条新评论), so nothing moves under the text being read.
//!
//! The same comment can reach the page twice: a reader's own post comes back as an event (before
//! or after the post's answer), and a stream resumed after a cut may repeat what the page already
//! has. `Arrivals` keeps each comment once and says which ones are new to the heading's count.

use crate::comments::{Comment, CommentStatus};

/// What became of an arriving comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// On the page, waiting already, or not for readers (pending): nothing changes.
    Known,
    /// New: counted, and waiting to be shown.
    Waiting,
    /// New and counted, but a reply into a thread the page does not show: it comes with its
    /// thread when the reader pages on to it, so it does not wait here.
    Elsewhere,
}

/// The comments that arrived and are not shown yet, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Arrivals {
    waiting: Vec<Comment>,
    /// Replies counted as `Elsewhere`: a repeat of one is not counted again.
    elsewhere: Vec<String>,
}

impl Arrivals {
    /// Takes a comment from the stream; `shown` tells whether a comment id is on the page.
    pub fn offer(&mut self, comment: Comment, shown: impl Fn(&str) -> bool) -> Arrival {
        let known = |id: &str| shown(id) || self.is_waiting(id) || self.elsewhere.iter().any(|e| e == id);
        if comment.status != CommentStatus::Published || known(&comment.id) {
            return Arrival::Known;
        }
        match comment.parent_id.as_deref() {
            Some(parent) if !shown(parent) && !self.is_waiting(parent) => {
                self.elsewhere.push(comment.id);
                Arrival::Elsewhere
            }
            _ => {
                self.waiting.push(comment);
                Arrival::Waiting
            }
        }
    }

    /// How many wait: the number on the button.
    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }

    /// Takes back a waiting comment that the page shows by other means (the reader's own post,
    /// answered after its event). `true`: it was waiting, so it has been counted already.
    pub fn withdraw(&mut self, id: &str) -> bool {
        let before = self.waiting.len();
        self.waiting.retain(|c| c.id != id);
        self.waiting.len() != before
    }

    /// Everything waiting, oldest first (placed in this order, each new thread on top, the newest
    /// ends up first, and a reply comes after the comment it answers).
    pub fn take(&mut self) -> Vec<Comment> {
        std::mem::take(&mut self.waiting)
    }

    fn is_waiting(&self, id: &str) -> bool {
        self.waiting.iter().any(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::CommentAuthor;

    fn comment(id: &str, parent: Option<&str>) -> Comment {
        Comment {
            id: id.into(),
            parent_id: parent.map(str::to_string),
            author: CommentAuthor { name: "读者".into(), avatar: None, verified: false },
            content: format!("第{id}条"),
            created_at: "2026-12-02T10:00:00+08:00".into(),
            likes: 0,
            region: None,
            status: CommentStatus::Published,
            pinned: false,
            replies: vec![],
        }
    }

    fn ids(comments: &[Comment]) -> Vec<&str> {
        comments.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn each_new_comment_waits_once_and_what_the_page_shows_is_not_news() {
        let on_page = |id: &str| id == "1";
        let mut arrivals = Arrivals::default();
        assert_eq!(arrivals.offer(comment("1", None), on_page), Arrival::Known, "already shown");
        assert_eq!(arrivals.offer(comment("2", None), on_page), Arrival::Waiting);
        assert_eq!(arrivals.offer(comment("2", None), on_page), Arrival::Known, "a repeat after a reconnection");
        assert_eq!(arrivals.offer(comment("3", None), on_page), Arrival::Waiting);
        let mut pending = comment("4", None);
        pending.status = CommentStatus::Pending;
        assert_eq!(arrivals.offer(pending, on_page), Arrival::Known, "not for readers");
        assert_eq!(arrivals.len(), 2);
        assert_eq!(ids(&arrivals.take()), ["2", "3"], "oldest first");
        assert!(arrivals.is_empty());
    }

    #[test]
    fn replies_wait_when_their_thread_is_shown_or_waiting() {
        let on_page = |id: &str| id == "1";
        let mut arrivals = Arrivals::default();
        assert_eq!(arrivals.offer(comment("5", Some("1")), on_page), Arrival::Waiting, "its thread is shown");
        assert_eq!(arrivals.offer(comment("6", None), on_page), Arrival::Waiting);
        assert_eq!(arrivals.offer(comment("7", Some("6")), on_page), Arrival::Waiting, "its thread waits too");
        assert_eq!(arrivals.offer(comment("8", Some("99")), on_page), Arrival::Elsewhere, "a thread not loaded");
        assert_eq!(arrivals.offer(comment("8", Some("99")), on_page), Arrival::Known, "counted once");
        assert_eq!(ids(&arrivals.take()), ["5", "6", "7"]);
    }

    #[test]
    fn the_readers_own_post_is_counted_once_whichever_comes_first() {
        let mut arrivals = Arrivals::default();
        // The event first: it waits (counted); the post's answer then takes it back.
        assert_eq!(arrivals.offer(comment("9", None), |_| false), Arrival::Waiting);
        assert!(arrivals.withdraw("9"), "counted already: the answer must not count it again");
        assert!(arrivals.is_empty());
        assert!(!arrivals.withdraw("9"));
        // The answer first: the page shows it, and the event is nothing new.
        assert_eq!(arrivals.offer(comment("10", None), |id| id == "10"), Arrival::Known);
        assert!(!arrivals.withdraw("10"), "never waited: the answer counts it");
    }
}
