//! The comment store: the comments, their likes and the moderation state, in SQLite or
//! PostgreSQL (db/). Every method is blocking; handlers call them through `spawn_blocking` so the
//! async runtime keeps serving while the database works.
//!
//! Times are stored as Unix seconds (UTC) and shown in the demo site's zone, UTC+8.

use crate::content::Store;
use crate::db::{args, Db, DbError, DbLocation, Row, Sql};
use crate::seed::SEED;
use news_model::comments::{Comment, CommentAuthor, CommentPage, CommentSort, CommentStatus};
use news_model::datetime::Timestamp;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

const COLUMNS: &str =
    "id, parent_id, author, content, created_at, likes, region, status, author_sub IS NOT NULL, author_avatar";

/// Replies nested deeper than this are attached at this depth (their `parent_id` still names
/// the real parent), so a long reply chain cannot overflow the stack when serialised.
const MAX_NESTING: usize = 32;

/// The demo site's offset: China Standard Time has no daylight saving.
const OFFSET_SECONDS: i64 = 8 * 3600;

#[derive(Debug)]
pub enum StoreError {
    /// `parent_id` names no published comment of this article.
    UnknownParent,
    Db(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::UnknownParent => f.write_str("unknown parent comment"),
            StoreError::Db(e) => write!(f, "database: {e}"),
        }
    }
}

impl From<DbError> for StoreError {
    fn from(e: DbError) -> Self {
        StoreError::Db(e.0)
    }
}

type Result<T> = std::result::Result<T, StoreError>;

/// A comment to store, already validated and trimmed by the handler.
#[derive(Clone, Debug)]
pub struct Draft {
    pub author: String,
    pub content: String,
    pub parent_id: Option<String>,
    pub client_id: String,
    pub region: Option<String>,
    pub status: CommentStatus,
    /// Why it is held (see `SCHEMA_V4`); `None` when published.
    pub held_reason: Option<String>,
    /// The poster's network (see `SCHEMA_V8`); `None` when unknown.
    pub network: Option<String>,
    /// The portal's user id when the portal vouched for the author (see `SCHEMA_V9`).
    pub sub: Option<String>,
    /// The avatar the portal's token gave.
    pub avatar: Option<String>,
}

/// What `insert` did: `created` is false when the client id was already stored (a retry).
#[derive(Debug)]
pub struct Posted {
    pub comment: Comment,
    pub created: bool,
}

/// Which page of an article's comments to read: by number (OFFSET, kept for backends' clients
/// that know only `page`), or the one after a cursor a previous page gave (a seek in an index,
/// as cheap at page 500 as at page 1, and never showing a comment twice while others are posted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageAt {
    Number(u32),
    After(Cursor),
}

/// Where a page ended: the last top-level comment's place in its order, and how many came
/// before the next one (which gives the next page its number). Opaque to clients: they send
/// back what `next_cursor` said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    shown: u64,
    last: Place,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Place {
    /// A pinned comment: pinned ones come first, by rank, whatever the sort.
    Pinned { rank: i64 },
    /// An unpinned comment, in the order of `sort`.
    Sorted { sort: CommentSort, likes: i64, created_at: i64, id: i64 },
}

impl Cursor {
    /// `p.<shown>.<rank>` or `<n|o|h>.<shown>.<likes>.<created_at>.<id>`.
    pub fn encode(&self) -> String {
        match &self.last {
            Place::Pinned { rank } => format!("p.{}.{rank}", self.shown),
            Place::Sorted { sort, likes, created_at, id } => {
                format!("{}.{}.{likes}.{created_at}.{id}", sort_letter(*sort), self.shown)
            }
        }
    }

    /// The cursor a page of `sort` gave, or `None` when it is not one (made up, or from
    /// another sort, whose places mean something else).
    pub fn decode(text: &str, sort: CommentSort) -> Option<Cursor> {
        let mut parts = text.split('.');
        let kind = parts.next()?;
        let shown = parts.next()?.parse().ok()?;
        let mut number = || parts.next().and_then(|p| p.parse::<i64>().ok());
        let last = if kind == "p" {
            Place::Pinned { rank: number()? }
        } else if kind == sort_letter(sort) {
            Place::Sorted { sort, likes: number()?, created_at: number()?, id: number()? }
        } else {
            return None;
        };
        parts.next().is_none().then_some(Cursor { shown, last })
    }
}

fn sort_letter(sort: CommentSort) -> &'static str {
    match sort {
        CommentSort::Newest => "n",
        CommentSort::Oldest => "o",
        CommentSort::Hot => "h",
    }
}

pub struct CommentStore {
    db: Db,
    /// Articles that have newly published comments, as they commit: from this server at once,
    /// from others on the same database as this one learns of them (see `watch_others`).
    published: tokio::sync::broadcast::Sender<Published>,
}

/// News for live streams: an article has newly published comments (`None`: maybe any article,
/// when another server's were noticed without knowing which).
pub type Published = Option<Arc<str>>;

impl fmt::Debug for CommentStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CommentStore({:?})", self.db)
    }
}

impl CommentStore {
    /// Opens (creating and migrating) the store at `location`. When the database is new and
    /// `seed` is given, the demo comments of its articles are written in the same transaction
    /// as the schema, so a seed never runs twice or half.
    pub fn open(location: &DbLocation, seed: Option<&Store>) -> std::result::Result<Self, String> {
        let mut on_create = |sql: &mut dyn Sql| match seed {
            Some(content) => seed_demo(sql, content),
            None => Ok(()),
        };
        let db = Db::open(location, &mut on_create).map_err(|e| e.0)?;
        let (published, _) = tokio::sync::broadcast::channel(256);
        let store = CommentStore { db, published };
        if let Db::Postgres(pg) = &store.db {
            // Other servers on this database say so with NOTIFY; this one listens.
            let sender = store.published.clone();
            pg.listen(NOTIFY_CHANNEL, move |article| {
                let news = (!article.is_empty()).then(|| Arc::from(article));
                let _ = sender.send(news);
            });
        }
        Ok(store)
    }

    /// A SQLite store that lives as long as the process.
    pub fn open_in_memory(seed: Option<&Store>) -> std::result::Result<Self, String> {
        Self::open(&DbLocation::Sqlite(Path::new(":memory:").to_path_buf()), seed)
    }

    /// A store on a database opened elsewhere (the tests' old SQLite versions).
    #[cfg(test)]
    pub(crate) fn from_db(db: Db) -> Self {
        CommentStore { db, published: tokio::sync::broadcast::channel(16).0 }
    }

    /// News of newly published comments (see [`Published`]).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Published> {
        self.published.subscribe()
    }

    /// Tells this server's live streams that `article` has newly published comments; called
    /// once the transaction that published them has committed.
    pub(crate) fn announce(&self, article: &str) {
        let _ = self.published.send(Some(Arc::from(article)));
    }

    /// On SQLite, other processes on the same file cannot notify this one: once a second, a
    /// look at the sum of every article's last number tells whether any published something
    /// (a number only grows). Blocking; runs until the store is dropped. Nothing to do on
    /// PostgreSQL, whose servers NOTIFY each other.
    pub fn watch_others(store: std::sync::Weak<CommentStore>) {
        let mut last = None;
        while let Some(store) = store.upgrade() {
            if !matches!(store.db, Db::Sqlite(_)) {
                return;
            }
            let sum = store.db.with(|sql| {
                sql.query_one("SELECT COALESCE(SUM(last_seq), 0) FROM article_sequences", &[])?.get::<i64>(0)
            });
            if let Ok(sum) = sum {
                if last.is_some_and(|last| last != sum) {
                    let _ = store.published.send(None);
                }
                last = Some(sum);
            }
            drop(store);
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }

    /// The last number given to a published comment of `article` (0: none yet).
    pub fn last_published(&self, article: &str) -> Result<i64> {
        self.db.with(|sql| {
            let row = sql.query_opt("SELECT last_seq FROM article_sequences WHERE article_id = $1", args![article])?;
            Ok(row.map(|r| r.get::<i64>(0)).transpose()?.unwrap_or(0))
        })
    }

    /// Published comments of `article` numbered after `after`, in the order they became
    /// visible, at most `limit`, each with its number.
    pub fn published_after(&self, article: &str, after: i64, limit: u32) -> Result<Vec<(i64, Comment)>> {
        self.db.with(|sql| {
            let rows = sql.query(
                &format!(
                    "SELECT {COLUMNS}, published_seq FROM comments
                     WHERE article_id = $1 AND status = 'published' AND published_seq > $2
                     ORDER BY published_seq LIMIT $3"
                ),
                args![article, after, limit],
            )?;
            rows.iter().map(|row| Ok((row.get::<i64>(10)?, comment_from_row(row)?))).collect()
        })
    }

    /// The database, for the modules that keep the rest of the server's state beside the
    /// comments (accounts, bans, words, reports, sessions).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Published comments of an article, replies included.
    pub fn count(&self, article: &str) -> Result<u64> {
        self.db.with(|sql| {
            let row = sql.query_one(
                "SELECT COUNT(*) FROM comments WHERE article_id = $1 AND status = 'published'",
                args![article],
            )?;
            Ok(row.get::<i64>(0)?.max(0) as u64)
        })
    }

    /// One page of published top-level comments, each with all its published replies nested.
    /// Pinned comments come first whatever the sort, the most recently pinned first; the order is
    /// total (ids break every tie), so pages never repeat or skip a comment.
    /// `per_page` is at least 1 and a page number at least 1 (checked by the handler).
    pub fn list(&self, article: &str, sort: CommentSort, at: &PageAt, per_page: u32) -> Result<CommentPage> {
        self.db.with(|sql| {
            let counts = sql.query_one(
                "SELECT COUNT(*) FILTER (WHERE parent_id IS NULL), COUNT(*)
                 FROM comments WHERE article_id = $1 AND status = 'published'",
                args![article],
            )?;
            let (total, count) = (counts.get::<i64>(0)?.max(0) as u64, counts.get::<i64>(1)?.max(0) as u64);
            let (page, shown_before, mut roots) = match at {
                PageAt::Number(page) => {
                    let offset = u64::from(page.saturating_sub(1)) * u64::from(per_page);
                    (*page, offset, roots_at_offset(sql, article, sort, offset, per_page)?)
                }
                PageAt::After(cursor) => {
                    let page = u32::try_from(cursor.shown / u64::from(per_page) + 1).unwrap_or(u32::MAX);
                    (page, cursor.shown, roots_after(sql, article, sort, &cursor.last, per_page)?)
                }
            };
            // One more than a page was read: whether it came says whether another page follows.
            let more = roots.len() > per_page as usize;
            roots.truncate(per_page as usize);
            let next_cursor = match roots.last() {
                Some(last) if more => {
                    Some(Cursor { shown: shown_before + roots.len() as u64, last: last.place.clone() }.encode())
                }
                _ => None,
            };
            let roots: Vec<Comment> = roots.into_iter().map(|r| r.comment).collect();
            let replies = replies_of(sql, &roots)?;
            Ok(CommentPage { items: nest(roots, replies), page, per_page, total, count, next_cursor })
        })
    }

    /// The comment stored for this article under `client_id`, if any (published or pending).
    pub fn find_by_client(&self, article: &str, client_id: &str) -> Result<Option<Comment>> {
        self.db.with(|sql| find_by_client(sql, article, client_id))
    }

    /// Stores a comment, unless one with the same client id exists for the article: then that
    /// one is returned untouched. The unique (article, client id) pair decides, in the
    /// database: two tries of one post reaching two servers at once store exactly one.
    pub fn insert(&self, article: &str, draft: &Draft, now_unix: i64) -> Result<Posted> {
        let posted = self.insert_in(article, draft, now_unix)?;
        if posted.created && draft.status == CommentStatus::Published {
            self.announce(article);
        }
        Ok(posted)
    }

    fn insert_in(&self, article: &str, draft: &Draft, now_unix: i64) -> Result<Posted> {
        self.db.transaction(|sql| {
            if let Some(comment) = find_by_client(sql, article, &draft.client_id)? {
                return Ok(Posted { comment, created: false });
            }
            let parent = match &draft.parent_id {
                None => None,
                Some(raw) => Some(published_parent(sql, article, raw)?.ok_or(StoreError::UnknownParent)?),
            };
            let seq = match draft.status {
                CommentStatus::Published => Some(next_published(sql, article)?),
                CommentStatus::Pending => None,
            };
            let inserted = sql.query_opt(
                &format!(
                    "INSERT INTO comments (article_id, parent_id, author, content, created_at, region, status,
                                           client_id, held_reason, author_network, author_sub, author_avatar,
                                           published_seq)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                     ON CONFLICT (article_id, client_id) DO NOTHING
                     RETURNING {COLUMNS}"
                ),
                args![
                    article,
                    parent,
                    &draft.author,
                    &draft.content,
                    now_unix,
                    &draft.region,
                    status_text(draft.status),
                    &draft.client_id,
                    &draft.held_reason,
                    &draft.network,
                    &draft.sub,
                    &draft.avatar,
                    seq
                ],
            )?;
            match inserted {
                Some(row) => Ok(Posted { comment: comment_from_row(&row)?, created: true }),
                // Another server stored this client id between our look and our insert.
                None => find_by_client(sql, article, &draft.client_id)?
                    .map(|comment| Posted { comment, created: false })
                    .ok_or_else(|| StoreError::Db("a conflicting comment vanished".into())),
            }
        })
    }

    /// Likes (`like`) or unlikes a published comment for one reader; repeating either changes
    /// nothing. A new like from `network` is refused when that network already has
    /// `max_per_network` readers' likes on the comment (0: no bound).
    pub fn set_like(&self, comment_id: &str, reader: &str, like: bool, network: &Network) -> Result<LikeOutcome> {
        let Ok(id) = comment_id.parse::<i64>() else { return Ok(LikeOutcome::NoComment) };
        self.db.transaction(|sql| {
            // Locked on PostgreSQL until commit: likes of one comment from several servers take
            // turns, so the per-network bound and the count stay exact.
            let lock = sql.dialect().for_update();
            if !sql.exists(&format!("SELECT 1 FROM comments WHERE id = $1 AND status = 'published'{lock}"), args![id])? {
                return Ok(LikeOutcome::NoComment);
            }
            let changed = if like {
                let already =
                    sql.exists("SELECT 1 FROM comment_likes WHERE comment_id = $1 AND reader_id = $2", args![id, reader])?;
                if !already && network.max_likes > 0 {
                    let from_network = sql
                        .query_one(
                            "SELECT COUNT(*) FROM comment_likes WHERE comment_id = $1 AND network IS NOT DISTINCT FROM $2",
                            args![id, &network.key],
                        )?
                        .get::<i64>(0)?;
                    if from_network >= i64::from(network.max_likes) {
                        return Ok(LikeOutcome::NetworkFull);
                    }
                }
                !already
                    && sql.execute(
                        "INSERT INTO comment_likes (comment_id, reader_id, network) VALUES ($1, $2, $3)
                         ON CONFLICT DO NOTHING",
                        args![id, reader, &network.key],
                    )? == 1
            } else {
                sql.execute("DELETE FROM comment_likes WHERE comment_id = $1 AND reader_id = $2", args![id, reader])? == 1
            };
            // Only a row actually added or removed moves the count: that is the idempotency.
            if changed {
                let delta = if like { "likes + 1" } else { "CASE WHEN likes > 0 THEN likes - 1 ELSE 0 END" };
                sql.execute(&format!("UPDATE comments SET likes = {delta} WHERE id = $1"), args![id])?;
            }
            let likes = sql.query_one("SELECT likes FROM comments WHERE id = $1", args![id])?.get::<i64>(0)?;
            Ok(LikeOutcome::Count(likes.max(0) as u64))
        })
    }
}

/// The PostgreSQL channel on which servers tell each other which article has newly published
/// comments (the payload is its id).
const NOTIFY_CHANNEL: &str = "news_comments";

/// The next number of `article`'s published comments (see `SCHEMA_V10`): its row in
/// `article_sequences` stays locked until the calling transaction commits, so numbers commit in
/// order. On PostgreSQL the other servers are told at that commit.
pub(crate) fn next_published(sql: &mut dyn Sql, article: &str) -> Result<i64> {
    let seq = sql
        .query_one(
            "INSERT INTO article_sequences (article_id, last_seq) VALUES ($1, 1)
             ON CONFLICT (article_id) DO UPDATE SET last_seq = article_sequences.last_seq + 1
             RETURNING last_seq",
            args![article],
        )?
        .get::<i64>(0)?;
    if sql.dialect() == crate::db::Dialect::Postgres {
        sql.query("SELECT pg_notify($1, $2)", args![NOTIFY_CHANNEL, article])?;
    }
    Ok(seq)
}

/// Where a like comes from and how many readers' likes per comment that place may give.
#[derive(Clone, Debug)]
pub struct Network {
    /// The client's network as text (see `rate_limit::network_key`); `None` when unknown,
    /// which is then one network of its own.
    pub key: Option<String>,
    pub max_likes: u32,
}

/// What `set_like` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LikeOutcome {
    /// The comment's count after the change (or after nothing changed).
    Count(u64),
    /// No published comment has this id.
    NoComment,
    /// The reader's network has given this comment as many likes as it may.
    NetworkFull,
}

/// A top-level comment read for a page, with its place in the order (for the next cursor).
struct Root {
    comment: Comment,
    place: Place,
}

/// The columns of a top-level comment: the comment's, then its pin rank and likes (raw).
const ROOT_COLUMNS: &str = "pin_rank";

fn root_from_row(row: &Row, sort: CommentSort) -> Result<Root> {
    let mut comment = comment_from_row(row)?;
    let rank: Option<i64> = row.get(10)?;
    comment.pinned = rank.is_some();
    let place = match rank {
        Some(rank) => Place::Pinned { rank },
        None => Place::Sorted {
            sort,
            likes: row.get(5)?,
            created_at: row.get(4)?,
            id: row.get(0)?,
        },
    };
    Ok(Root { comment, place })
}

/// Fixed strings chosen by the enum, never text from the request.
fn order_of(sort: CommentSort) -> &'static str {
    match sort {
        CommentSort::Newest => "created_at DESC, id DESC",
        CommentSort::Oldest => "created_at ASC, id ASC",
        CommentSort::Hot => "likes DESC, created_at DESC, id DESC",
    }
}

const ROOTS_OF: &str = "FROM comments WHERE article_id = $1 AND parent_id IS NULL AND status = 'published'";

/// A page by number, plus one: pinned first, then the sort. The pinned ones (a few) are read
/// whole; the rest is read from its index, skipping what earlier pages showed, never sorted.
fn roots_at_offset(sql: &mut dyn Sql, article: &str, sort: CommentSort, offset: u64, per_page: u32) -> Result<Vec<Root>> {
    let wanted = u64::from(per_page) + 1;
    let pinned = pinned_roots(sql, article, sort, None, i64::MAX)?;
    let pinned_count = pinned.len() as u64;
    let mut roots: Vec<Root> = pinned.into_iter().skip(offset as usize).take(wanted as usize).collect();
    let left = wanted - roots.len() as u64;
    if left > 0 {
        let skip = offset.saturating_sub(pinned_count);
        let order = order_of(sort);
        let rows = sql.query(
            &format!("SELECT {COLUMNS}, {ROOT_COLUMNS} {ROOTS_OF} AND pin_rank IS NULL ORDER BY {order} LIMIT $2 OFFSET $3"),
            args![article, i64::try_from(left).unwrap_or(i64::MAX), i64::try_from(skip).unwrap_or(i64::MAX)],
        )?;
        for row in &rows {
            roots.push(root_from_row(row, sort)?);
        }
    }
    Ok(roots)
}

/// Pinned top-level comments, the most recently pinned first: those ranked below `below` (all
/// with `None`), at most `limit`.
fn pinned_roots(sql: &mut dyn Sql, article: &str, sort: CommentSort, below: Option<i64>, limit: i64) -> Result<Vec<Root>> {
    let rows = sql.query(
        &format!(
            "SELECT {COLUMNS}, {ROOT_COLUMNS} {ROOTS_OF} AND pin_rank IS NOT NULL AND pin_rank < $2
             ORDER BY pin_rank DESC LIMIT $3"
        ),
        args![article, below.unwrap_or(i64::MAX), limit],
    )?;
    rows.iter().map(|row| root_from_row(row, sort)).collect()
}

/// The page after `last`, plus one: the rest of the pinned comments (if `last` was one), then
/// the unpinned ones after it, each read by a seek in its own index.
fn roots_after(sql: &mut dyn Sql, article: &str, sort: CommentSort, last: &Place, per_page: u32) -> Result<Vec<Root>> {
    let wanted = i64::from(per_page) + 1;
    let mut roots = Vec::new();
    if let Place::Pinned { rank } = last {
        roots = pinned_roots(sql, article, sort, Some(*rank), wanted)?;
    }
    let left = wanted - roots.len() as i64;
    if left > 0 {
        let order = order_of(sort);
        let rows = match last {
            Place::Pinned { .. } => sql.query(
                &format!("SELECT {COLUMNS}, {ROOT_COLUMNS} {ROOTS_OF} AND pin_rank IS NULL ORDER BY {order} LIMIT $2"),
                args![article, left],
            )?,
            Place::Sorted { likes, created_at, id, .. } => {
                let after = match sort {
                    CommentSort::Newest => "(created_at, id) < ($3, $4)",
                    CommentSort::Oldest => "(created_at, id) > ($3, $4)",
                    CommentSort::Hot => "(likes, created_at, id) < ($5, $3, $4)",
                };
                let mut values = args![article, left, *created_at, *id].to_vec();
                if sort == CommentSort::Hot {
                    values.push(crate::db::Value::Int(*likes));
                }
                sql.query(
                    &format!(
                        "SELECT {COLUMNS}, {ROOT_COLUMNS} {ROOTS_OF} AND pin_rank IS NULL AND {after}
                         ORDER BY {order} LIMIT $2"
                    ),
                    &values,
                )?
            }
        };
        for row in &rows {
            roots.push(root_from_row(row, sort)?);
        }
    }
    Ok(roots)
}

/// Every published descendant of `roots`, oldest first, in one query.
fn replies_of(sql: &mut dyn Sql, roots: &[Comment]) -> Result<Vec<Comment>> {
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<crate::db::Value> =
        roots.iter().filter_map(|c| c.id.parse::<i64>().ok()).map(crate::db::Value::Int).collect();
    let placeholders = (1..=ids.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
    let rows = sql.query(
        &format!(
            "WITH RECURSIVE thread(id) AS (
                 SELECT c.id FROM comments c WHERE c.parent_id IN ({placeholders}) AND c.status = 'published'
                 UNION
                 SELECT c.id FROM comments c JOIN thread t ON c.parent_id = t.id WHERE c.status = 'published'
             )
             SELECT {COLUMNS} FROM comments WHERE id IN (SELECT id FROM thread) ORDER BY created_at, id"
        ),
        &ids,
    )?;
    rows.iter().map(comment_from_row).collect()
}

fn find_by_client(sql: &mut dyn Sql, article: &str, client_id: &str) -> Result<Option<Comment>> {
    sql.query_opt(
        &format!("SELECT {COLUMNS} FROM comments WHERE article_id = $1 AND client_id = $2"),
        args![article, client_id],
    )?
    .map(|row| comment_from_row(&row))
    .transpose()
}

/// The row id of `raw` if it is a published comment of `article`. Pending comments are not
/// visible to others, so they cannot be answered either.
fn published_parent(sql: &mut dyn Sql, article: &str, raw: &str) -> Result<Option<i64>> {
    let Ok(id) = raw.trim().parse::<i64>() else { return Ok(None) };
    let row = sql.query_opt(
        "SELECT id FROM comments WHERE id = $1 AND article_id = $2 AND status = 'published'",
        args![id, article],
    )?;
    Ok(row.map(|r| r.get(0)).transpose()?)
}

fn status_text(status: CommentStatus) -> &'static str {
    match status {
        CommentStatus::Published => "published",
        CommentStatus::Pending => "pending",
    }
}

pub(crate) fn comment_from_row(row: &Row) -> Result<Comment> {
    let status: String = row.get(7)?;
    Ok(Comment {
        id: row.get::<i64>(0)?.to_string(),
        parent_id: row.get::<Option<i64>>(1)?.map(|p| p.to_string()),
        author: CommentAuthor { name: row.get(2)?, avatar: row.get(9)?, verified: row.get(8)? },
        content: row.get(3)?,
        created_at: format_utc8(row.get(4)?),
        likes: row.get::<i64>(5)?.max(0) as u64,
        region: row.get(6)?,
        // Rejected, spam and deleted comments look pending to their author (the only reader who
        // can get one back, by posting again with its client id): never "published".
        status: if status == "published" { CommentStatus::Published } else { CommentStatus::Pending },
        pinned: false,
        replies: Vec::new(),
    })
}

/// Hangs each reply under its parent, oldest first. `replies` are all descendants of `roots`,
/// oldest first, so children are collected before their parent is assembled.
fn nest(roots: Vec<Comment>, replies: Vec<Comment>) -> Vec<Comment> {
    let mut children: HashMap<String, Vec<Comment>> = HashMap::new();
    for reply in replies {
        let parent = reply.parent_id.clone().unwrap_or_default();
        children.entry(parent).or_default().push(reply);
    }
    roots.into_iter().map(|root| attach(root, &mut children, 0)).collect()
}

fn attach(mut comment: Comment, children: &mut HashMap<String, Vec<Comment>>, depth: usize) -> Comment {
    let mine = children.remove(&comment.id).unwrap_or_default();
    if depth + 1 >= MAX_NESTING {
        // Too deep: the rest of the chain goes flat at this level, oldest first.
        let mut flat = Vec::new();
        let mut queue = mine;
        while let Some(mut reply) = queue.pop() {
            queue.extend(children.remove(&reply.id).unwrap_or_default());
            reply.replies.clear();
            flat.push(reply);
        }
        flat.sort_by(|a, b| {
            (a.created_at.as_str(), a.id.parse::<i64>().ok()).cmp(&(b.created_at.as_str(), b.id.parse::<i64>().ok()))
        });
        comment.replies = flat;
    } else {
        comment.replies = mine.into_iter().map(|reply| attach(reply, children, depth + 1)).collect();
    }
    comment
}

/// Writes the demo comments of every seeded article the content has, spread after its
/// publication time.
fn seed_demo(sql: &mut dyn Sql, content: &Store) -> std::result::Result<(), DbError> {
    let published: HashMap<&str, i64> = content
        .articles()
        .filter_map(|a| Timestamp::parse(&a.published_at).map(|t| (a.id.as_str(), t.unix_seconds())))
        .collect();
    for (article, rows) in SEED {
        let Some(&start) = published.get(article) else { continue };
        // Oldest first, so ids grow with time and parents get theirs before their replies.
        let mut rows = rows.to_vec();
        rows.sort_by_key(|&(key, _, _, _, minutes, _, _)| (minutes, key));
        let mut ids: HashMap<u16, i64> = HashMap::new();
        for (key, parent, author, region, minutes, likes, text) in rows {
            let parent_id = if parent == 0 { None } else { ids.get(&parent).copied() };
            let region = (!region.is_empty()).then_some(region);
            let at = start + i64::from(minutes) * 60;
            let id = sql
                .query_one(
                    "INSERT INTO comments (article_id, parent_id, author, content, created_at, likes, region, status)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'published') RETURNING id",
                    args![*article, parent_id, author, text, at, i64::from(likes), region],
                )?
                .get::<i64>(0)?;
            ids.insert(key, id);
        }
    }
    Ok(())
}

/// Unix seconds as RFC 3339 in UTC+8, e.g. `2026-11-27T09:18:36+08:00`.
pub fn format_utc8(unix: i64) -> String {
    let local = unix + OFFSET_SECONDS;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+08:00", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::sqlite_schema::*;
    use crate::db::{SqliteDb, Value, SCHEMA_VERSION};
    use news_model::comments::validate_comment;
    use rusqlite::Connection;

    /// A store on a SQLite database the test wrote in an old version's layout.
    fn migrated(conn: Connection) -> CommentStore {
        CommentStore::from_db(Db::Sqlite(SqliteDb::from_connection(conn, &mut |_| Ok(())).expect("migrates")))
    }

    /// The first column of the first row, for checks of what is stored.
    fn one<T: crate::db::FromValue>(store: &CommentStore, sql: &str, args: &[Value]) -> T {
        store.db().with(|db| db.query_one(sql, args)?.get(0)).expect(sql)
    }

    fn run(store: &CommentStore, sql: &str) -> std::result::Result<u64, DbError> {
        store.db().with(|db| db.execute(sql, &[]))
    }

    #[test]
    fn utc8_times_round_trip() {
        for text in [
            "1970-01-01T08:00:00+08:00",
            "2026-11-27T09:18:36+08:00",
            "2024-02-29T23:59:59+08:00",
            "2000-03-01T00:00:00+08:00",
            "1969-12-31T07:59:59+08:00",
        ] {
            let unix = Timestamp::parse(text).map(|t| t.unix_seconds()).unwrap_or(i64::MIN);
            assert_eq!(format_utc8(unix), text);
        }
        assert_eq!(format_utc8(0), "1970-01-01T08:00:00+08:00");
    }

    #[test]
    fn seed_rows_are_valid_comments_with_earlier_parents() {
        for (article, rows) in SEED {
            let mut seen: HashMap<u16, u32> = HashMap::new();
            for &(key, parent, author, _, minutes, _, text) in *rows {
                assert!(validate_comment(author, text).is_ok(), "{article}/{key}");
                assert!(!seen.contains_key(&key), "{article}/{key} twice");
                if parent != 0 {
                    let parent_minutes = seen.get(&parent).copied();
                    assert!(parent_minutes.is_some_and(|m| m < minutes), "{article}/{key}: parent {parent} not before");
                }
                seen.insert(key, minutes);
            }
        }
    }

    #[test]
    fn deep_chains_are_capped_not_lost() {
        let store = CommentStore::open_in_memory(None).expect("memory db");
        let mut parent = None;
        for i in 0..(MAX_NESTING + 10) {
            let draft = Draft {
                author: "甲".into(),
                content: format!("第{i}层"),
                parent_id: parent.clone(),
                client_id: format!("c{i}"),
                region: None,
                status: CommentStatus::Published,
                held_reason: None,
                network: None,
                sub: None,
                avatar: None,
            };
            parent = Some(store.insert("a", &draft, 1_000 + i as i64).expect("insert").comment.id);
        }
        let page = store.list("a", CommentSort::Newest, &PageAt::Number(1), 20).expect("list");
        assert_eq!((page.total, page.count), (1, MAX_NESTING as u64 + 10));
        let mut depth = 0;
        let mut node = &page.items[0];
        let mut seen = 1;
        while let Some(child) = node.replies.first() {
            seen += node.replies.len();
            depth += 1;
            node = child;
        }
        assert_eq!(depth, MAX_NESTING, "nested at most MAX_NESTING levels");
        assert_eq!(seen, MAX_NESTING + 10, "every reply is still in the page");
    }

    #[test]
    fn a_version_1_database_keeps_its_likes_and_gains_networks() {
        let conn = Connection::open_in_memory().expect("memory db");
        conn.execute_batch(SCHEMA_V1).expect("v1");
        conn.execute_batch(
            "INSERT INTO comments (article_id, author, content, created_at, likes, status)
                 VALUES ('a', '甲', '旧评论', 1, 1, 'published');
             INSERT INTO comment_likes (comment_id, reader_id) VALUES (1, 'old-reader');
             PRAGMA user_version = 1;",
        )
        .expect("v1 rows");
        let store = migrated(conn);
        let network = |key: &str| Network { key: Some(key.into()), max_likes: 1 };
        assert_eq!(store.set_like("1", "old-reader", true, &network("n")).expect("like"), LikeOutcome::Count(1));
        assert_eq!(store.set_like("1", "new", true, &network("n")).expect("like"), LikeOutcome::Count(2));
        assert_eq!(store.set_like("1", "newer", true, &network("n")).expect("like"), LikeOutcome::NetworkFull);
        let version: i64 = one(&store, "PRAGMA user_version", &[]);
        assert_eq!(version, SCHEMA_VERSION);
    }

    /// A database as the server wrote it before accounts (version 2): its comments and likes
    /// stay, and it gains the users table.
    #[test]
    fn a_version_2_database_keeps_its_comments_and_likes_and_gains_users() {
        let conn = Connection::open_in_memory().expect("memory db");
        conn.execute_batch(SCHEMA_V1).expect("v1");
        conn.execute_batch(SCHEMA_V2).expect("v2");
        conn.execute_batch(
            "INSERT INTO comments (article_id, author, content, created_at, likes, status)
                 VALUES ('a', '甲', '旧评论', 1, 2, 'published');
             INSERT INTO comment_likes (comment_id, reader_id, network) VALUES (1, 'r1', 'n'), (1, 'r2', 'n');
             PRAGMA user_version = 2;",
        )
        .expect("v2 rows");
        let store = migrated(conn);
        let version: i64 = one(&store, "PRAGMA user_version", &[]);
        assert_eq!(version, SCHEMA_VERSION);
        let page = store.list("a", CommentSort::Newest, &PageAt::Number(1), 20).expect("list");
        assert_eq!(page.items.len(), 1);
        assert_eq!((page.items[0].content.as_str(), page.items[0].likes), ("旧评论", 2));
        // The old likes still count against their network and their readers.
        let network = Network { key: Some("n".into()), max_likes: 3 };
        assert_eq!(store.set_like("1", "r1", true, &network).expect("like"), LikeOutcome::Count(2));
        assert_eq!(store.set_like("1", "r3", true, &network).expect("like"), LikeOutcome::Count(3));
        assert_eq!(store.set_like("1", "r4", true, &network).expect("like"), LikeOutcome::NetworkFull);
        crate::users::add_user(&store, "ann", crate::users::Role::Editor, "0123456789", false, 5).expect("users table");
    }

    /// A database as the server wrote it before sensitive words (version 3): its comments,
    /// likes and accounts stay, old pending comments have no reason, and new ones keep theirs.
    #[test]
    fn a_version_3_database_keeps_everything_and_gains_held_reasons() {
        let conn = Connection::open_in_memory().expect("memory db");
        conn.execute_batch(SCHEMA_V1).expect("v1");
        conn.execute_batch(SCHEMA_V2).expect("v2");
        conn.execute_batch(SCHEMA_V3).expect("v3");
        conn.execute_batch(
            "INSERT INTO comments (article_id, author, content, created_at, likes, status)
                 VALUES ('a', '甲', '旧评论', 1, 2, 'published'), ('a', '乙', '旧的待审', 2, 0, 'pending');
             INSERT INTO comment_likes (comment_id, reader_id, network) VALUES (1, 'r1', 'n'), (1, 'r2', 'n');
             INSERT INTO users (name, role, password_hash, created_at) VALUES ('ann', 'editor', 'h', 1);
             PRAGMA user_version = 3;",
        )
        .expect("v3 rows");
        let store = migrated(conn);
        let version: i64 = one(&store, "PRAGMA user_version", &[]);
        assert_eq!(version, SCHEMA_VERSION);
        let page = store.list("a", CommentSort::Newest, &PageAt::Number(1), 20).expect("list");
        assert_eq!(page.items.len(), 1, "the old pending comment stays pending");
        assert_eq!((page.items[0].content.as_str(), page.items[0].likes), ("旧评论", 2));
        let users: i64 = one(&store, "SELECT COUNT(*) FROM users", &[]);
        assert_eq!(users, 1);
        let old: Option<String> = one(&store, "SELECT held_reason FROM comments WHERE id = 2", &[]);
        assert_eq!(old, None);

        let draft = Draft {
            author: "丙".into(),
            content: "金融诈骗".into(),
            parent_id: None,
            client_id: "c".into(),
            region: None,
            status: CommentStatus::Pending,
            held_reason: Some("word:金融诈骗".into()),
            network: Some("203.0.113.9".into()),
            sub: None,
            avatar: None,
        };
        let id = store.insert("a", &draft, 3).expect("insert").comment.id;
        let id = Value::Int(id.parse().expect("numeric id"));
        let reason: Option<String> = one(&store, "SELECT held_reason FROM comments WHERE id = $1", &[id.clone()]);
        assert_eq!(reason.as_deref(), Some("word:金融诈骗"));
        let network: Option<String> = one(&store, "SELECT author_network FROM comments WHERE id = $1", &[id]);
        assert_eq!(network.as_deref(), Some("203.0.113.9"), "version 8 keeps the poster's network");
    }

    /// A database as the server wrote it before the admin API (version 4): comments, likes,
    /// replies, accounts and held reasons stay; the new statuses and tables work.
    #[test]
    fn a_version_4_database_keeps_everything_and_gains_new_statuses() {
        let conn = Connection::open_in_memory().expect("memory db");
        for step in [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4] {
            conn.execute_batch(step).expect("old schema");
        }
        conn.execute_batch(
            "INSERT INTO comments (article_id, author, content, created_at, likes, status, client_id)
                 VALUES ('a', '甲', '旧评论', 1, 1, 'published', 'c1');
             INSERT INTO comments (article_id, parent_id, author, content, created_at, status, held_reason)
                 VALUES ('a', 1, '乙', '旧的待审', 2, 'pending', 'word:诈骗');
             INSERT INTO comment_likes (comment_id, reader_id, network) VALUES (1, 'r1', 'n');
             INSERT INTO users (name, role, password_hash, created_at) VALUES ('ann', 'editor', 'h', 1);
             PRAGMA user_version = 4;",
        )
        .expect("v4 rows");
        conn.pragma_update(None, "foreign_keys", true).expect("as a fresh connection has them");
        let store = migrated(conn);
        let version: i64 = one(&store, "PRAGMA user_version", &[]);
        assert_eq!(version, SCHEMA_VERSION);
        let fk: bool = one(&store, "PRAGMA foreign_keys", &[]);
        assert!(fk, "foreign keys are on again after the migration");
        let rows = store
            .db()
            .with(|sql| sql.query("SELECT id, parent_id, status, held_reason FROM comments ORDER BY id", &[]))
            .expect("rows");
        let rows: Vec<(i64, Option<i64>, String, Option<String>)> = rows
            .iter()
            .map(|r| (r.get(0).expect("id"), r.get(1).expect("parent"), r.get(2).expect("status"), r.get(3).expect("reason")))
            .collect();
        assert_eq!(
            rows,
            vec![(1, None, "published".into(), None), (2, Some(1), "pending".into(), Some("word:诈骗".into()))]
        );
        let likes: i64 = one(&store, "SELECT COUNT(*) FROM comment_likes", &[]);
        assert_eq!(likes, 1, "the rebuild did not cascade to the likes");
        run(&store, "UPDATE comments SET status = 'deleted', status_before_delete = 'pending' WHERE id = 2")
            .expect("the new statuses are allowed");
        assert!(run(&store, "UPDATE comments SET status = 'gone' WHERE id = 2").is_err(), "still checked");
        run(&store, "INSERT INTO api_tokens (user_name, token_hash, created_at) VALUES ('ann', x'00', 1)")
            .expect("tokens table");
        run(
            &store,
            "INSERT INTO audit_log (at, actor, action, comment_id, status_before, status_after)
             VALUES (1, 'ann', 'delete', 2, 'pending', 'deleted')",
        )
        .expect("audit table");
        let next: i64 = one(
            &store,
            "INSERT INTO comments (article_id, author, content, created_at, status) VALUES ('a', '丙', '新', 3, 'published')
             RETURNING id",
            &[],
        );
        assert_eq!(next, 3, "ids keep counting after the rebuild");
        let page = store.list("a", CommentSort::Newest, &PageAt::Number(1), 20).expect("list");
        assert_eq!((page.total, page.count), (2, 2), "deleted and pending comments are not counted");
    }

    /// A database as the server wrote it before pins, bans, reports and the stored word list
    /// (version 5): its audit rows keep their comment, and rows without one can be written.
    #[test]
    fn a_version_5_database_keeps_its_audit_log_and_gains_pins_bans_reports_and_words() {
        let conn = Connection::open_in_memory().expect("memory db");
        for step in [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5] {
            conn.execute_batch(step).expect("old schema");
        }
        conn.execute_batch(
            "INSERT INTO comments (article_id, author, content, created_at, status) VALUES ('a', '甲', '旧', 1, 'published');
             INSERT INTO audit_log (at, actor, action, comment_id, status_before, status_after)
                 VALUES (1, 'ann', 'approve', 1, 'pending', 'published');
             PRAGMA user_version = 5;",
        )
        .expect("v5 rows");
        let store = migrated(conn);
        let old = store.db().with(|sql| sql.query_one("SELECT id, comment_id, detail FROM audit_log", &[])).expect("row");
        assert_eq!(old, crate::db::Row(vec![Value::Int(1), Value::Int(1), Value::Null]));
        let id: i64 = one(
            &store,
            "INSERT INTO audit_log (at, actor, action, status_before, status_after, detail)
             VALUES (2, 'ann', 'words', '0 words', '1 words', 'x') RETURNING id",
            &[],
        );
        assert_eq!(id, 2, "a row without a comment; ids keep counting");
        let pinned: Option<i64> = one(&store, "SELECT pin_rank FROM comments", &[]);
        assert_eq!(pinned, None);
        run(&store, "INSERT INTO comment_reports VALUES (1, 'r', 'spam', NULL, 3)").expect("reports table");
        assert!(run(&store, "INSERT INTO comment_reports VALUES (1, 's', 'boring', NULL, 3)").is_err());
        assert!(
            run(&store, "INSERT INTO bans (created_at, expires_at, actor) VALUES (1, 2, 'ann')").is_err(),
            "a ban names someone"
        );
        run(&store, "INSERT INTO sensitive_words (word) VALUES ('诈骗')").expect("words table");
    }

    /// A database as the server wrote it before reader tokens (version 8): its bans keep their
    /// ids and targets, a ban can name a portal user, and comments gain a sub and an avatar.
    #[test]
    fn a_version_8_database_keeps_its_bans_and_gains_portal_users() {
        let conn = Connection::open_in_memory().expect("memory db");
        for step in [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6, SCHEMA_V7, SCHEMA_V8] {
            conn.execute_batch(step).expect("old schema");
        }
        conn.execute_batch(
            "INSERT INTO comments (article_id, author, content, created_at, status) VALUES ('a', '甲', '旧', 1, 'published');
             INSERT INTO bans (client_id, network, created_at, expires_at, actor) VALUES ('r1', NULL, 1, 9999, 'ann');
             PRAGMA user_version = 8;",
        )
        .expect("v8 rows");
        let store = migrated(conn);
        let old = store.db().with(|sql| sql.query_one("SELECT id, client_id, sub FROM bans", &[])).expect("the old ban");
        assert_eq!(old, crate::db::Row(vec![Value::Int(1), Value::Text("r1".into()), Value::Null]));
        run(&store, "INSERT INTO bans (sub, created_at, expires_at, actor) VALUES ('u-1', 1, 9999, 'ann')")
            .expect("a ban by sub alone");
        assert!(
            run(&store, "INSERT INTO bans (created_at, expires_at, actor) VALUES (1, 2, 'ann')").is_err(),
            "a ban still names someone"
        );
        let page = store.list("a", CommentSort::Newest, &PageAt::Number(1), 20).expect("list");
        assert_eq!(page.items[0].author, CommentAuthor { name: "甲".into(), avatar: None, verified: false });
        let draft = Draft {
            author: "门户用户".into(),
            content: "认证".into(),
            parent_id: None,
            client_id: "c".into(),
            region: None,
            status: CommentStatus::Published,
            held_reason: None,
            network: None,
            sub: Some("u-1".into()),
            avatar: Some("https://portal.example/a.png".into()),
        };
        let posted = store.insert("a", &draft, 2).expect("insert").comment;
        let expected = CommentAuthor {
            name: "门户用户".into(),
            avatar: Some("https://portal.example/a.png".into()),
            verified: true,
        };
        assert_eq!(posted.author, expected);
    }
}
