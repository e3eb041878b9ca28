//! Comments: the wire types, the rules both sides enforce on a new comment, building the
//! two-level threads readers see (from nested or flat replies alike), and relative times.

use crate::datetime::Timestamp;
use crate::decode::{Decode, DecodeError, Fields};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// Longest nickname and comment, in characters (not bytes: Chinese text).
pub const MAX_NAME_CHARS: usize = 30;
pub const MAX_CONTENT_CHARS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommentAuthor {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// 认证: the embedding site vouched for this author. Optional on the wire, sent only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub verified: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    #[default]
    Published,
    /// Held for review: shown only to its author, from the POST's answer.
    Pending,
}

/// One comment. `content` is plain text, never HTML.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comment {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    pub author: CommentAuthor,
    pub content: String,
    /// RFC 3339.
    pub created_at: String,
    pub likes: u64,
    /// IP 属地, e.g. 山东.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub status: CommentStatus,
    /// 置顶: an editor pinned it to the top of its article's list. Optional on the wire.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Comment>,
}

/// `GET /articles/{id}/comments`: a page of top-level comments (with their replies), newest,
/// oldest or hottest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommentPage {
    pub items: Vec<Comment>,
    pub page: u32,
    pub per_page: u32,
    /// Top-level comments in all pages: what paging counts.
    pub total: u64,
    /// All published comments, replies included: the number in the heading. Defaults to `total`.
    pub count: u64,
    /// Where the next page starts (`?cursor=`), absent on the last page and from backends that
    /// page only by number. Opaque: sent back as it came.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl CommentPage {
    pub fn has_more(&self) -> bool {
        self.next_cursor.is_some() || u64::from(self.page) * u64::from(self.per_page) < self.total
    }
}

/// `POST /articles/{id}/comments`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewComment {
    pub author: String,
    pub content: String,
    pub parent_id: Option<String>,
    /// Fresh per draft: a retried post carries the same id and is stored once.
    pub client_id: String,
}

/// `POST /comments/{id}/like` and `DELETE /comments/{id}/like` answer with the new count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LikeCount {
    pub likes: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentSort {
    Newest,
    Oldest,
    Hot,
}

impl CommentSort {
    pub const ALL: [CommentSort; 3] = [CommentSort::Newest, CommentSort::Oldest, CommentSort::Hot];

    pub fn as_str(self) -> &'static str {
        match self {
            CommentSort::Newest => "newest",
            CommentSort::Oldest => "oldest",
            CommentSort::Hot => "hot",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        CommentSort::ALL.into_iter().find(|sort| sort.as_str() == s)
    }
}

/// Why a reader reports a comment (举报): a short fixed list, so editors can sort them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportReason {
    /// 垃圾广告
    Spam,
    /// 辱骂攻击
    Abuse,
    /// 违法违规
    Illegal,
    /// 其他
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 4] =
        [ReportReason::Spam, ReportReason::Abuse, ReportReason::Illegal, ReportReason::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Spam => "spam",
            ReportReason::Abuse => "abuse",
            ReportReason::Illegal => "illegal",
            ReportReason::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<ReportReason> {
        ReportReason::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// What is wrong with a comment before it is sent (the app) or stored (the server).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentProblem {
    NameMissing,
    NameTooLong,
    ContentMissing,
    ContentTooLong,
    /// Control characters other than line breaks and tabs.
    ControlCharacters,
    /// Bidi controls or invisible characters in the nickname (see [`hidden_character`]).
    NameHiddenCharacters,
    /// Bidi controls or invisible characters in the comment.
    ContentHiddenCharacters,
}

impl CommentProblem {
    /// A stable code for error bodies (`{"error":{"code":…}}`).
    pub fn code(self) -> &'static str {
        match self {
            CommentProblem::NameMissing => "name_missing",
            CommentProblem::NameTooLong => "name_too_long",
            CommentProblem::ContentMissing => "content_missing",
            CommentProblem::ContentTooLong => "content_too_long",
            CommentProblem::ControlCharacters => "control_characters",
            CommentProblem::NameHiddenCharacters => "name_hidden_characters",
            CommentProblem::ContentHiddenCharacters => "content_hidden_characters",
        }
    }

    /// Whether the problem is with the nickname (else with the content): the form marks that field.
    pub fn is_about_name(self) -> bool {
        matches!(self, CommentProblem::NameMissing | CommentProblem::NameTooLong | CommentProblem::NameHiddenCharacters)
    }
}

/// Checks a nickname and a comment as they will be stored (trimmed); returns them trimmed.
pub fn validate_comment(name: &str, content: &str) -> Result<(String, String), CommentProblem> {
    let name = name.trim();
    let content = content.trim();
    let has_control = |s: &str| s.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r');
    if name.is_empty() {
        return Err(CommentProblem::NameMissing);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(CommentProblem::NameTooLong);
    }
    if content.is_empty() {
        return Err(CommentProblem::ContentMissing);
    }
    if content.chars().count() > MAX_CONTENT_CHARS {
        return Err(CommentProblem::ContentTooLong);
    }
    if has_control(name) || name.contains(['\n', '\r', '\t']) || has_control(content) {
        return Err(CommentProblem::ControlCharacters);
    }
    if hidden_character(name).is_some() {
        return Err(CommentProblem::NameHiddenCharacters);
    }
    if hidden_character(content).is_some() {
        return Err(CommentProblem::ContentHiddenCharacters);
    }
    Ok((name.to_string(), content.to_string()))
}

/// The first character of `text` that changes how the text around it reads without being seen
/// itself: bidi controls (a U+202E turns `甲 · 3分钟前` around, and makes `gnp.exe` look like
/// `exe.png`) and zero-width or blank-looking characters (they make a nickname that looks like
/// another one, or an empty one).
///
/// Refused rather than stripped: stripping would store something else than what the reader
/// typed and reviewed, and silently; a refusal says what is wrong, and honest text never needs
/// these characters. The one exception is U+200D ZERO WIDTH JOINER between two emoji, where it
/// builds one picture out of several (👨‍👩‍👧, ❤️‍🔥, 🧑🏽‍💻): there it is visible as that picture. Elsewhere
/// (its other use is in some South and South-East Asian scripts, not in the Chinese and English
/// the site is written in) it is refused like the other joiners.
pub fn hidden_character(text: &str) -> Option<char> {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().find_map(|(i, &c)| {
        let hidden = match c {
            '\u{200D}' => {
                let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
                let after = chars.get(i + 1).copied();
                !(before.is_some_and(|b| is_emoji(b) || b == '\u{FE0F}') && after.is_some_and(is_emoji))
            }
            // Bidi embeddings, overrides, isolates and marks.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => true,
            // Zero-width space and non-joiner, word joiner and invisible operators, BOM.
            '\u{200B}' | '\u{200C}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' => true,
            // Soft hyphen, combining grapheme joiner, Mongolian vowel separator, Khmer inherent
            // vowels and the Hangul fillers: all render as nothing (or as a blank) on their own.
            '\u{00AD}' | '\u{034F}' | '\u{180E}' | '\u{17B4}' | '\u{17B5}' | '\u{115F}' | '\u{1160}' | '\u{3164}'
            | '\u{FFA0}' => true,
            _ => false,
        };
        hidden.then_some(c)
    })
}

/// Pictographs that take part in emoji ZWJ sequences, skin tones included (they sit between a
/// person and the joiner). A block test, not the Unicode emoji property: wide enough for every
/// sequence in use, and nothing in these blocks is invisible.
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{2194}'..='\u{21AA}')
}

/// A top-level comment and its replies, flattened to the one reply level readers see.
#[derive(Clone, Debug, PartialEq)]
pub struct Thread {
    pub root: Comment,
    pub replies: Vec<Reply>,
}

impl Thread {
    /// Whether `comment_id` is the thread's root or one of its replies.
    pub fn contains(&self, comment_id: &str) -> bool {
        self.root.id == comment_id || self.replies.iter().any(|r| r.comment.id == comment_id)
    }
}

/// A reply shown under its thread; `to` names whom it answers when that is not the thread's
/// root (回复 @name).
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub comment: Comment,
    pub to: Option<String>,
}

/// Builds threads from comments whose replies arrive nested (`replies`), flat (`parent_id`
/// pointing at another item), or mixed. Order of top-level comments is kept as sent (the server
/// sorted them); replies read oldest first. A reply whose parent is not in the list becomes a
/// thread of its own rather than disappearing.
pub fn build_threads(items: Vec<Comment>) -> Vec<Thread> {
    // Flatten everything (first copy of an id wins), remembering each comment's parent.
    let mut flat: Vec<Comment> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let mut stack: Vec<(Comment, Option<String>)> = items.into_iter().rev().map(|c| (c, None)).collect();
    while let Some((mut comment, nested_parent)) = stack.pop() {
        if comment.parent_id.is_none() {
            comment.parent_id = nested_parent;
        }
        let replies = std::mem::take(&mut comment.replies);
        stack.extend(replies.into_iter().rev().map(|r| (r, Some(comment.id.clone()))));
        if !position.contains_key(&comment.id) {
            position.insert(comment.id.clone(), flat.len());
            flat.push(comment);
        }
    }

    let parent_of = |index: usize| flat[index].parent_id.as_deref().and_then(|id| position.get(id).copied());
    // Follow parents up to the thread's root. A cycle (bad data) gets one root: its smallest index.
    let root_of = |index: usize| -> usize {
        let mut path = vec![index];
        let mut current = index;
        while let Some(parent) = parent_of(current) {
            if let Some(seen) = path.iter().position(|&p| p == parent) {
                return path[seen..].iter().copied().min().unwrap_or(parent);
            }
            path.push(parent);
            current = parent;
        }
        current
    };

    let roots: Vec<usize> = (0..flat.len()).map(root_of).collect();
    // 回复 @name for each reply that answers another reply, worked out while `flat` is whole.
    let to: Vec<Option<String>> = (0..flat.len())
        .map(|index| {
            let parent = parent_of(index).filter(|&parent| parent != roots[index])?;
            Some(flat[parent].author.name.clone())
        })
        .collect();
    // Each comment moves into its thread once: a long discussion is not copied again.
    let mut thread_of_root: HashMap<usize, usize> = HashMap::new();
    let mut threads: Vec<Thread> = Vec::new();
    let mut replies: Vec<(usize, Reply)> = Vec::new();
    for ((index, comment), to) in flat.into_iter().enumerate().zip(to) {
        let root = roots[index];
        if root == index {
            thread_of_root.insert(index, threads.len());
            threads.push(Thread { root: comment, replies: Vec::new() });
        } else {
            replies.push((root, Reply { comment, to }));
        }
    }
    for (root, reply) in replies {
        if let Some(thread) = thread_of_root.get(&root).and_then(|&t| threads.get_mut(t)) {
            thread.replies.push(reply);
        }
    }
    for thread in &mut threads {
        crate::sort_by_key_stable(&mut thread.replies, |r| {
            Timestamp::parse(&r.comment.created_at).map(|t| t.unix_seconds())
        });
    }
    threads
}

/// How old a comment is, in the unit a reader is told (刚刚, 5分钟前, 3小时前, 2天前).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Age {
    JustNow,
    Minutes(i64),
    Hours(i64),
    Days(i64),
}

/// The age to show, or `None` for a week or more (or a future time beyond clock skew): those
/// read better as an absolute date.
pub fn age(created_unix: i64, now_unix: i64) -> Option<Age> {
    match now_unix - created_unix {
        a if a < -300 => None,
        a if a < 60 => Some(Age::JustNow),
        a if a < 3_600 => Some(Age::Minutes(a / 60)),
        a if a < 86_400 => Some(Age::Hours(a / 3_600)),
        a if a < 7 * 86_400 => Some(Age::Days(a / 86_400)),
        _ => None,
    }
}

impl Decode for CommentAuthor {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        // Some backends send the author as a bare name.
        if let Value::String(name) = value {
            return Ok(CommentAuthor { name, avatar: None, verified: false });
        }
        let mut f = Fields::of(value)?;
        // Optional fields are lenient (see `Comment`): of the wrong type, they are dropped.
        Ok(CommentAuthor {
            name: f.string("name")?,
            avatar: f.text("avatar").ok().flatten(),
            verified: f.bool_or("verified", false).unwrap_or(false),
        })
    }
}

impl Decode for Comment {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value)?;
        // Required fields are strict; an optional one of the wrong type is dropped (read as
        // absent) rather than failing the whole page of comments. `replies` is one such field:
        // a list that cannot be read is dropped whole.
        let status = match f.text("status").ok().flatten().as_deref() {
            Some("pending") => CommentStatus::Pending,
            _ => CommentStatus::Published,
        };
        Ok(Comment {
            id: f.id("id")?,
            parent_id: f.optional_id("parent_id").ok().flatten(),
            author: f.object("author")?.ok_or_else(|| DecodeError::missing("author"))?,
            content: f.string("content")?,
            created_at: f.string("created_at")?,
            likes: f.uint("likes").ok().flatten().unwrap_or(0),
            region: f.text("region").ok().flatten(),
            status,
            pinned: f.bool_or("pinned", false).unwrap_or(false),
            replies: f.list("replies").unwrap_or_default(),
        })
    }
}

impl Decode for CommentPage {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value)?;
        let total = f.required_uint("total")?;
        Ok(CommentPage {
            items: f.required_list("items")?,
            page: f.required_u32("page")?,
            per_page: f.required_u32("per_page")?,
            total,
            count: f.uint("count").ok().flatten().unwrap_or(total),
            next_cursor: f.text("next_cursor").ok().flatten(),
        })
    }
}

impl Decode for LikeCount {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        Ok(LikeCount { likes: Fields::of(value)?.required_uint("likes")? })
    }
}

impl Decode for NewComment {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value)?;
        Ok(NewComment {
            author: f.string("author")?,
            content: f.string("content")?,
            parent_id: f.optional_id("parent_id").ok().flatten(),
            client_id: f.string("client_id")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::from_str;

    #[test]
    fn optional_fields_of_the_wrong_type_are_dropped_not_the_page() {
        let page: CommentPage = from_str(
            r#"{"items":[{"id":1,"author":{"name":"甲","avatar":{"url":"x"}},"content":"c","created_at":"t",
                "likes":"many","region":7,"parent_id":{},"status":3,"pinned":"yes",
                "replies":[{"id":2,"author":"乙","content":"r","created_at":"t"},{"id":3,"content":"no author"}]}],
              "page":1,"per_page":20,"total":1,"count":"x"}"#,
        )
        .expect("the page reads");
        let c = &page.items[0];
        assert_eq!(
            (c.author.avatar.as_deref(), c.likes, c.region.as_deref(), c.parent_id.as_deref()),
            (None, 0, None, None)
        );
        assert_eq!((c.status, c.pinned, page.count), (CommentStatus::Published, false, 1));
        assert!(c.replies.is_empty(), "replies that cannot all be read are dropped as one field");
        // Required fields stay strict.
        let err = from_str::<CommentPage>(
            r#"{"items":[{"id":1,"author":"甲","created_at":"t"}],"page":1,"per_page":20,"total":1}"#,
        )
        .expect_err("no content");
        assert_eq!(err.to_string(), "items[0].content: missing");
    }

    fn c(id: &str, parent: Option<&str>, name: &str, minute: u32) -> Comment {
        Comment {
            id: id.into(),
            parent_id: parent.map(Into::into),
            author: CommentAuthor { name: name.into(), avatar: None, verified: false },
            content: format!("内容{id}"),
            created_at: format!("2026-11-20T10:{minute:02}:00+08:00"),
            likes: 0,
            region: None,
            status: CommentStatus::Published,
            pinned: false,
            replies: vec![],
        }
    }

    /// (root id, [(reply id, 回复 @name)]) per thread.
    type Shape = Vec<(String, Vec<(String, Option<String>)>)>;

    fn shape(threads: &[Thread]) -> Shape {
        threads
            .iter()
            .map(|t| (t.root.id.clone(), t.replies.iter().map(|r| (r.comment.id.clone(), r.to.clone())).collect()))
            .collect()
    }

    #[test]
    fn nested_and_flat_replies_build_the_same_threads() {
        // 1 <- 2 <- 3 (a reply to a reply), 1 <- 4; 5 alone. Sent newest thread first.
        let mut two = c("2", None, "乙", 2);
        two.replies = vec![c("3", None, "丙", 3)];
        let mut one = c("1", None, "甲", 1);
        one.replies = vec![c("4", None, "丁", 4), two];
        let nested = vec![c("5", None, "戊", 5), one];
        let flat = vec![
            c("5", None, "戊", 5),
            c("1", None, "甲", 1),
            c("3", Some("2"), "丙", 3),
            c("2", Some("1"), "乙", 2),
            c("4", Some("1"), "丁", 4),
        ];
        let expected = vec![
            ("5".to_string(), vec![]),
            (
                "1".to_string(),
                vec![("2".to_string(), None), ("3".to_string(), Some("乙".to_string())), ("4".to_string(), None)],
            ),
        ];
        assert_eq!(shape(&build_threads(nested)), expected);
        let threads = build_threads(flat);
        assert_eq!(shape(&threads), expected);
        assert!(threads[1].contains("1") && threads[1].contains("3"), "root and a reply's reply");
        assert!(!threads[1].contains("5") && !threads[0].contains("1"));
    }

    #[test]
    fn orphans_cycles_and_duplicates_do_not_lose_or_hang() {
        let threads =
            build_threads(vec![c("1", Some("404"), "甲", 1), c("2", Some("3"), "乙", 2), c("3", Some("2"), "丙", 3)]);
        let ids: Vec<String> = threads
            .iter()
            .flat_map(|t| std::iter::once(t.root.id.clone()).chain(t.replies.iter().map(|r| r.comment.id.clone())))
            .collect();
        assert!(ids.contains(&"1".to_string()), "orphan kept as its own thread");
        assert_eq!(ids.len(), 3, "every comment shown exactly once: {ids:?}");
        assert_eq!(build_threads(vec![c("1", None, "甲", 1), c("1", None, "甲", 1)]).len(), 1);
        assert!(build_threads(vec![]).is_empty());
    }

    #[test]
    fn validation_trims_and_bounds_by_characters() {
        assert_eq!(validate_comment("  小王 ", "  好文章\n赞 "), Ok(("小王".into(), "好文章\n赞".into())));
        assert_eq!(validate_comment(" ", "x"), Err(CommentProblem::NameMissing));
        assert_eq!(validate_comment("名".repeat(31).as_str(), "x"), Err(CommentProblem::NameTooLong));
        assert!(validate_comment("名".repeat(30).as_str(), "x").is_ok());
        assert_eq!(validate_comment("a", " \n "), Err(CommentProblem::ContentMissing));
        assert_eq!(validate_comment("a", &"字".repeat(1001)), Err(CommentProblem::ContentTooLong));
        assert!(validate_comment("a", &"字".repeat(1000)).is_ok());
        assert_eq!(validate_comment("a", "bell\u{7}"), Err(CommentProblem::ControlCharacters));
        assert_eq!(validate_comment("a\nb", "x"), Err(CommentProblem::ControlCharacters));
    }

    #[test]
    fn bidi_controls_and_invisible_characters_are_refused() {
        for hidden in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{200B}', '\u{200C}',
            '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}', '\u{3164}',
        ] {
            let text = format!("小{hidden}王");
            assert_eq!(validate_comment(&text, "好"), Err(CommentProblem::NameHiddenCharacters), "{:X}", hidden as u32);
            assert_eq!(
                validate_comment("小王", &text),
                Err(CommentProblem::ContentHiddenCharacters),
                "{:X}",
                hidden as u32
            );
            assert_eq!(hidden_character(&text), Some(hidden));
        }
        // Trimming does not remove them: U+200B is not whitespace, a name of only it is refused.
        assert_eq!(validate_comment("\u{200B}", "好"), Err(CommentProblem::NameHiddenCharacters));
        assert!(CommentProblem::NameHiddenCharacters.is_about_name());
        assert!(!CommentProblem::ContentHiddenCharacters.is_about_name());

        // ZWJ inside emoji sequences is part of the picture.
        for emoji in ["👨\u{200D}👩\u{200D}👧", "❤\u{FE0F}\u{200D}🔥", "🧑🏽\u{200D}💻", "🏳\u{FE0F}\u{200D}🌈"]
        {
            assert_eq!(hidden_character(emoji), None, "{emoji}");
            assert!(validate_comment(emoji, emoji).is_ok(), "{emoji}");
        }
        for loose in ["👨\u{200D}", "\u{200D}👩", "a\u{200D}b", "👨\u{200D}a", "👨\u{200D}\u{200D}👩"] {
            assert_eq!(hidden_character(loose), Some('\u{200D}'), "{loose:?}");
        }
        assert_eq!(hidden_character("نص عربي and 中文 👍🏻"), None, "right-to-left text itself is fine");
    }

    #[test]
    fn ages() {
        let now = 1_000_000;
        assert_eq!(age(now - 10, now), Some(Age::JustNow));
        assert_eq!(age(now + 100, now), Some(Age::JustNow), "small clock skew");
        assert_eq!(age(now - 5 * 60, now), Some(Age::Minutes(5)));
        assert_eq!(age(now - 3 * 3600 - 59, now), Some(Age::Hours(3)));
        assert_eq!(age(now - 2 * 86_400, now), Some(Age::Days(2)));
        assert_eq!(age(now - 8 * 86_400, now), None);
        assert_eq!(age(now + 3600, now), None);
    }

    #[test]
    fn verified_authors_round_trip_and_others_carry_nothing() {
        let verified: CommentAuthor = from_str(r#"{"name":"甲","verified":true}"#).expect("verified");
        assert!(verified.verified);
        assert_eq!(serde_json::to_value(&verified).expect("json"), serde_json::json!({"name":"甲","verified":true}));
        let plain: CommentAuthor = from_str(r#"{"name":"乙"}"#).expect("plain");
        assert!(!plain.verified);
        assert_eq!(serde_json::to_value(&plain).expect("json"), serde_json::json!({"name":"乙"}));
    }

    #[test]
    fn comment_page_decodes_with_tolerance() {
        let page: CommentPage = from_str(
            r#"{"items":[{"id":7,"author":"网友","content":"<b>不是HTML</b>","created_at":"2026-11-20T10:00:00+08:00",
                "replies":[{"id":8,"parent_id":7,"author":{"name":"乙","avatar":""},"content":"同意","created_at":"2026-11-20T10:01:00+08:00","likes":3,"region":"山东","status":"pending"}]}],
               "page":1,"per_page":20,"total":1}"#,
        )
        .expect("valid page");
        assert_eq!(page.count, 1, "count defaults to total");
        let first = &page.items[0];
        assert_eq!((first.id.as_str(), first.author.name.as_str(), first.likes), ("7", "网友", 0));
        assert_eq!(first.content, "<b>不是HTML</b>", "content is kept as text");
        let reply = &first.replies[0];
        assert_eq!(
            (reply.parent_id.as_deref(), reply.status, reply.region.as_deref()),
            (Some("7"), CommentStatus::Pending, Some("山东"))
        );
        assert_eq!(reply.author.avatar, None);
        assert!(!page.has_more());
        assert!(from_str::<Comment>(r#"{"id":1,"content":"x","created_at":"t"}"#).is_err(), "author required");
    }

    #[test]
    fn sort_round_trips() {
        for sort in CommentSort::ALL {
            assert_eq!(CommentSort::parse(sort.as_str()), Some(sort));
        }
        assert_eq!(CommentSort::parse("random"), None);
    }
}
