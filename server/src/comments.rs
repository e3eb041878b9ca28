//! The comment store: SQLite behind one mutex. Every method is blocking; handlers call them
//! through `spawn_blocking` so the async runtime keeps serving while SQLite waits on the disk.
//!
//! Times are stored as Unix seconds (UTC) and shown in the demo site's zone, UTC+8.

use crate::content::Store;
use crate::seed::SEED;
use news_model::comments::{Comment, CommentAuthor, CommentPage, CommentSort, CommentStatus};
use news_model::datetime::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// `PRAGMA user_version` of the layout below; bump it and add a step to `migrate` to change it.
const SCHEMA_VERSION: i64 = 9;

const SCHEMA_V1: &str = "
CREATE TABLE comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  TEXT NOT NULL,
    parent_id   INTEGER REFERENCES comments(id),
    author      TEXT NOT NULL,
    content     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    likes       INTEGER NOT NULL DEFAULT 0 CHECK (likes >= 0),
    region      TEXT,
    status      TEXT NOT NULL CHECK (status IN ('published', 'pending')),
    -- NULL for seeded comments; UNIQUE makes a retried post impossible to store twice.
    client_id   TEXT,
    UNIQUE (article_id, client_id)
);
CREATE INDEX comments_by_article ON comments (article_id, status, parent_id);
CREATE INDEX comments_by_parent ON comments (parent_id);
-- One row per (comment, reader): what makes liking idempotent. Seeded likes have no rows.
CREATE TABLE comment_likes (
    comment_id  INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    reader_id   TEXT NOT NULL,
    PRIMARY KEY (comment_id, reader_id)
) WITHOUT ROWID;
";

/// Each like remembers the network it came from (an IPv4 address or an IPv6 /64, as text), so
/// one address cannot like a comment under any number of made-up reader ids. Likes from before
/// version 2 have none and count for no network.
const SCHEMA_V2: &str = "
ALTER TABLE comment_likes ADD COLUMN network TEXT;
CREATE INDEX comment_likes_by_network ON comment_likes (comment_id, network);
";

/// Editor and admin accounts for the moderation console, managed with `news-server user`
/// (see users.rs). In the comments' database so that one file holds all the server's state.
/// `password_hash` is an Argon2id PHC string, never the password.
const SCHEMA_V3: &str = "
CREATE TABLE users (
    name           TEXT NOT NULL UNIQUE,
    role           TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    password_hash  TEXT NOT NULL,
    created_at     INTEGER NOT NULL
);
";

/// Why a comment was stored as pending, for the editor who reviews it: `word:<the word>` when
/// it holds a sensitive word (words.rs), `moderation` when the server holds every comment.
/// NULL for a published comment and for those held before version 4. Never read into the API's
/// answers: the reader is told only that the comment awaits review.
const SCHEMA_V4: &str = "
ALTER TABLE comments ADD COLUMN held_reason TEXT;
";

/// The admin API (admin.rs): editors reject, mark as spam, delete and restore comments, so
/// `status` gains `rejected`, `spam` and `deleted`; a deletion is soft and remembers the status
/// it ended in `status_before_delete`, for restore. SQLite cannot change a CHECK in place, so
/// the table is rebuilt (with foreign keys off: `setup` turns them on only after migrating, so
/// dropping the old table neither cascades to the likes nor trips their references). Bearer
/// tokens keep only their SHA-256 (tokens.rs); the audit log has one row per moderation action.
const SCHEMA_V5: &str = "
CREATE TABLE comments_v5 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  TEXT NOT NULL,
    parent_id   INTEGER REFERENCES comments(id),
    author      TEXT NOT NULL,
    content     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    likes       INTEGER NOT NULL DEFAULT 0 CHECK (likes >= 0),
    region      TEXT,
    status      TEXT NOT NULL CHECK (status IN ('published', 'pending', 'rejected', 'spam', 'deleted')),
    client_id   TEXT,
    held_reason TEXT,
    status_before_delete TEXT CHECK (status_before_delete IN ('published', 'pending', 'rejected', 'spam')),
    UNIQUE (article_id, client_id)
);
INSERT INTO comments_v5 (id, article_id, parent_id, author, content, created_at, likes, region, status, client_id,
                         held_reason)
    SELECT id, article_id, parent_id, author, content, created_at, likes, region, status, client_id, held_reason
    FROM comments;
DROP TABLE comments;
ALTER TABLE comments_v5 RENAME TO comments;
CREATE INDEX comments_by_article ON comments (article_id, status, parent_id);
CREATE INDEX comments_by_parent ON comments (parent_id);
CREATE INDEX comments_by_status ON comments (status, created_at);
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name   TEXT NOT NULL,
    token_hash  BLOB NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             INTEGER NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    comment_id     INTEGER NOT NULL,
    status_before  TEXT NOT NULL,
    status_after   TEXT NOT NULL
);
";

/// Pins, bans, the shared word list and readers' reports, in one step:
/// - `pin_rank`: set when an editor pins a top-level comment (NULL: not pinned), one more than
///   any before, so pinned comments head their article's list in every sort, the most recently
///   pinned first, in an order that two pins in the same second cannot tie (admin.rs).
/// - `reports_overruled`: an editor approved the comment after reports hid it, so reports no
///   longer hide it (reports.rs). `comment_reports` has one row per (comment, reader), which is
///   what keeps a repeated report from counting twice, with the reader's network: the threshold
///   counts networks, not made-up reader ids.
/// - `bans`: a reader id, a network (as rate_limit::network_key writes it), or both, until
///   `expires_at` unless lifted earlier (bans.rs).
/// - `sensitive_words`: the list editors manage through the admin API, shared by every server
///   on this database (word_store.rs); ids only grow, so (largest id, count) changes with every
///   write and tells a server that its compiled copy is stale.
/// - `audit_log` also records actions that concern no comment (bans, the word list): its
///   `comment_id` becomes optional and `detail` says what was done. Rebuilt, as SQLite cannot
///   drop a NOT NULL in place; nothing references it.
const SCHEMA_V6: &str = "
ALTER TABLE comments ADD COLUMN pin_rank INTEGER;
ALTER TABLE comments ADD COLUMN reports_overruled INTEGER NOT NULL DEFAULT 0;
CREATE TABLE comment_reports (
    comment_id  INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    reader_id   TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'illegal', 'other')),
    network     TEXT,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (comment_id, reader_id)
) WITHOUT ROWID;
CREATE TABLE bans (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id   TEXT,
    network     TEXT,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    lifted_at   INTEGER,
    actor       TEXT NOT NULL,
    CHECK (client_id IS NOT NULL OR network IS NOT NULL)
);
CREATE INDEX bans_by_expiry ON bans (expires_at);
CREATE TABLE sensitive_words (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    word  TEXT NOT NULL
);
CREATE TABLE audit_log_v6 (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             INTEGER NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    comment_id     INTEGER,
    status_before  TEXT NOT NULL,
    status_after   TEXT NOT NULL,
    detail         TEXT
);
INSERT INTO audit_log_v6 (id, at, actor, action, comment_id, status_before, status_after)
    SELECT id, at, actor, action, comment_id, status_before, status_after FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_v6 RENAME TO audit_log;
";

/// Sessions of the moderation console (console/session.rs): the cookie holds a random token,
/// the table only its SHA-256, so a copy of the database opens no session. Each session has
/// its own CSRF token, an absolute expiry, and is revoked (not deleted) at logout, so an old
/// cookie stays refused even if presented again. The account's role is read from `users` on
/// every request, so a removed account or a changed role takes effect at once.
const SCHEMA_V7: &str = "
CREATE TABLE console_sessions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash  BLOB NOT NULL UNIQUE,
    user_name   TEXT NOT NULL,
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX console_sessions_by_user ON console_sessions (user_name);
";

/// The poster's network (as rate_limit::network_key writes it: the IPv4 address, or the first
/// address of the IPv6 /64), so an editor can ban the author of a comment from the console by
/// the same key a ban is checked with. NULL for seeded comments, those posted before version 8
/// and those whose address was unknown. Never in a public answer.
const SCHEMA_V8: &str = "
ALTER TABLE comments ADD COLUMN author_network TEXT;
";

/// Readers the embedding portal vouches for (reader_token.rs):
/// - `author_sub`: the portal's user id of a verified comment's author, NULL for anonymous
///   ones. Never in a public answer, which says only `verified`; editors see it and can ban it.
/// - `author_avatar`: the https URL the portal's token gave, NULL without one.
/// - `bans.sub`: a ban can name a portal user id. The bans table is rebuilt because SQLite
///   cannot change its CHECK (a ban names someone) in place; nothing references it.
///
/// Likes and reports of a verified reader are stored under `sso:<sub>` as their reader id,
/// which no reader id the app makes can equal, so they count once per portal user.
const SCHEMA_V9: &str = "
ALTER TABLE comments ADD COLUMN author_sub TEXT;
ALTER TABLE comments ADD COLUMN author_avatar TEXT;
CREATE INDEX comments_by_sub ON comments (author_sub) WHERE author_sub IS NOT NULL;
CREATE TABLE bans_v9 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id   TEXT,
    network     TEXT,
    sub         TEXT,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    lifted_at   INTEGER,
    actor       TEXT NOT NULL,
    CHECK (client_id IS NOT NULL OR network IS NOT NULL OR sub IS NOT NULL)
);
INSERT INTO bans_v9 (id, client_id, network, created_at, expires_at, lifted_at, actor)
    SELECT id, client_id, network, created_at, expires_at, lifted_at, actor FROM bans;
DROP TABLE bans;
ALTER TABLE bans_v9 RENAME TO bans;
CREATE INDEX bans_by_expiry ON bans (expires_at);
";

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

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Db(e.to_string())
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

pub struct CommentStore {
    conn: Mutex<Connection>,
}

impl fmt::Debug for CommentStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CommentStore")
    }
}

impl CommentStore {
    /// Opens (creating and migrating) the database at `path`; `:memory:` keeps it in memory.
    /// When the database is new and `seed` is given, the demo comments of its articles are
    /// written in the same transaction as the schema, so a seed never runs twice or half.
    pub fn open(path: &Path, seed: Option<&Store>) -> std::result::Result<Self, String> {
        let fail = |e: rusqlite::Error| format!("{}: {e}", path.display());
        let conn = if path == Path::new(":memory:") {
            Connection::open_in_memory().map_err(fail)?
        } else {
            Connection::open(path).map_err(fail)?
        };
        Self::setup(conn, seed).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn open_in_memory(seed: Option<&Store>) -> std::result::Result<Self, String> {
        Self::open(Path::new(":memory:"), seed)
    }

    fn setup(mut conn: Connection, seed: Option<&Store>) -> Result<Self> {
        // Another server starting on the same file waits instead of failing with SQLITE_BUSY.
        conn.busy_timeout(Duration::from_secs(5))?;
        // WAL: readers never block the writer; an in-memory database answers "memory", fine.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // With WAL, NORMAL survives a crash of the server (not of the machine); enough for a demo.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Off while migrating (see SCHEMA_V5), explicitly: the bundled SQLite defaults to on,
        // and dropping the old comments table would then delete every like with it.
        conn.pragma_update(None, "foreign_keys", false)?;

        // IMMEDIATE: two servers starting at once cannot both see version 0 and both seed.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Db(format!(
                "schema version {version} is newer than this server's {SCHEMA_VERSION}"
            )));
        }
        if version < 1 {
            tx.execute_batch(SCHEMA_V1)?;
            if let Some(content) = seed {
                seed_demo(&tx, content)?;
            }
        }
        if version < 2 {
            tx.execute_batch(SCHEMA_V2)?;
        }
        if version < 3 {
            tx.execute_batch(SCHEMA_V3)?;
        }
        if version < 4 {
            tx.execute_batch(SCHEMA_V4)?;
        }
        if version < 5 {
            tx.execute_batch(SCHEMA_V5)?;
            // The rebuild ran with foreign keys off: prove it kept every reference intact.
            let broken = tx.prepare("PRAGMA foreign_key_check")?.query([])?.next()?.is_some();
            if broken {
                return Err(StoreError::Db("a comment or like lost its parent while migrating to version 5".into()));
            }
        }
        if version < 6 {
            tx.execute_batch(SCHEMA_V6)?;
        }
        if version < 7 {
            tx.execute_batch(SCHEMA_V7)?;
        }
        if version < 8 {
            tx.execute_batch(SCHEMA_V8)?;
        }
        if version < 9 {
            tx.execute_batch(SCHEMA_V9)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        // After the migration, which must run with them off (see SCHEMA_V5); the pragma is a
        // no-op inside a transaction.
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(CommentStore { conn: Mutex::new(conn) })
    }

    /// A panic while holding the lock cannot leave a half-done write (the transaction rolls
    /// back when dropped), so a poisoned lock is still safe to use.
    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Published comments of an article, replies included.
    pub fn count(&self, article: &str) -> Result<u64> {
        let n: i64 = self.conn().query_row(
            "SELECT COUNT(*) FROM comments WHERE article_id = ?1 AND status = 'published'",
            [article],
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }

    /// One page of published top-level comments, each with all its published replies nested.
    /// Pinned comments come first whatever the sort, the most recently pinned first; the order is
    /// total (ids break every tie), so pages never repeat or skip a comment.
    /// `page` and `per_page` are at least 1 (checked by the handler).
    pub fn list(&self, article: &str, sort: CommentSort, page: u32, per_page: u32) -> Result<CommentPage> {
        // Fixed strings chosen by the enum, never text from the request.
        let order = match sort {
            CommentSort::Newest => "created_at DESC, id DESC",
            CommentSort::Oldest => "created_at ASC, id ASC",
            CommentSort::Hot => "likes DESC, created_at DESC, id DESC",
        };
        let offset = i64::from(page - 1) * i64::from(per_page);
        let conn = self.conn();
        let (total, count): (i64, i64) = conn.query_row(
            "SELECT COUNT(*) FILTER (WHERE parent_id IS NULL), COUNT(*)
             FROM comments WHERE article_id = ?1 AND status = 'published'",
            [article],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let roots: Vec<Comment> = conn
            .prepare(&format!(
                "SELECT {COLUMNS}, pin_rank IS NOT NULL FROM comments
                 WHERE article_id = ?1 AND parent_id IS NULL AND status = 'published'
                 ORDER BY pin_rank IS NULL, pin_rank DESC, {order} LIMIT ?2 OFFSET ?3"
            ))?
            .query_map(params![article, per_page, offset], |row| {
                Ok(Comment { pinned: row.get(10)?, ..comment_from_row(row)? })
            })?
            .collect::<rusqlite::Result<_>>()?;

        // Every published descendant of this page's roots, oldest first, in one query.
        let root_ids = serde_json::to_string(&roots.iter().map(|c| &c.id).collect::<Vec<_>>())
            .map_err(|e| StoreError::Db(e.to_string()))?;
        let replies: Vec<Comment> = conn
            .prepare(&format!(
                "WITH RECURSIVE thread(id) AS (
                     SELECT c.id FROM comments c
                     WHERE c.parent_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))
                       AND c.status = 'published'
                     UNION
                     SELECT c.id FROM comments c JOIN thread t ON c.parent_id = t.id
                     WHERE c.status = 'published'
                 )
                 SELECT {COLUMNS} FROM comments WHERE id IN thread ORDER BY created_at, id"
            ))?
            .query_map([root_ids], comment_from_row)?
            .collect::<rusqlite::Result<_>>()?;

        let items = nest(roots, replies);
        Ok(CommentPage { items, page, per_page, total: total as u64, count: count as u64 })
    }

    /// The comment stored for this article under `client_id`, if any (published or pending).
    pub fn find_by_client(&self, article: &str, client_id: &str) -> Result<Option<Comment>> {
        find_by_client(&self.conn(), article, client_id)
    }

    /// Stores a comment, unless one with the same client id exists for the article: then that
    /// one is returned untouched. Checked and written in one transaction, so concurrent retries
    /// store exactly one.
    pub fn insert(&self, article: &str, draft: &Draft, now_unix: i64) -> Result<Posted> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(comment) = find_by_client(&tx, article, &draft.client_id)? {
            return Ok(Posted { comment, created: false });
        }
        let parent = match &draft.parent_id {
            None => None,
            Some(raw) => Some(published_parent(&tx, article, raw)?.ok_or(StoreError::UnknownParent)?),
        };
        tx.execute(
            "INSERT INTO comments (article_id, parent_id, author, content, created_at, region, status, client_id,
                                   held_reason, author_network, author_sub, author_avatar)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                article,
                parent,
                draft.author,
                draft.content,
                now_unix,
                draft.region,
                status_text(draft.status),
                draft.client_id,
                draft.held_reason,
                draft.network,
                draft.sub,
                draft.avatar
            ],
        )?;
        let id = tx.last_insert_rowid();
        let comment = tx.query_row(&format!("SELECT {COLUMNS} FROM comments WHERE id = ?1"), [id], comment_from_row)?;
        tx.commit()?;
        Ok(Posted { comment, created: true })
    }

    /// Likes (`like`) or unlikes a published comment for one reader; repeating either changes
    /// nothing. A new like from `network` is refused when that network already has
    /// `max_per_network` readers' likes on the comment (0: no bound).
    pub fn set_like(&self, comment_id: &str, reader: &str, like: bool, network: &Network) -> Result<LikeOutcome> {
        let Ok(id) = comment_id.parse::<i64>() else { return Ok(LikeOutcome::NoComment) };
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists = tx
            .query_row("SELECT 1 FROM comments WHERE id = ?1 AND status = 'published'", [id], |_| Ok(()))
            .optional()?
            .is_some();
        if !exists {
            return Ok(LikeOutcome::NoComment);
        }
        let changed = if like {
            let already = tx
                .query_row(
                    "SELECT 1 FROM comment_likes WHERE comment_id = ?1 AND reader_id = ?2",
                    params![id, reader],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if !already && network.max_likes > 0 {
                let from_network: i64 = tx.query_row(
                    "SELECT COUNT(*) FROM comment_likes WHERE comment_id = ?1 AND network IS ?2",
                    params![id, network.key],
                    |r| r.get(0),
                )?;
                if from_network >= i64::from(network.max_likes) {
                    return Ok(LikeOutcome::NetworkFull);
                }
            }
            !already
                && tx.execute(
                    "INSERT INTO comment_likes (comment_id, reader_id, network) VALUES (?1, ?2, ?3)",
                    params![id, reader, network.key],
                )? == 1
        } else {
            tx.execute("DELETE FROM comment_likes WHERE comment_id = ?1 AND reader_id = ?2", params![id, reader])? == 1
        };
        // Only a row actually added or removed moves the count: that is the idempotency.
        if changed {
            let delta = if like { "likes + 1" } else { "MAX(likes - 1, 0)" };
            tx.execute(&format!("UPDATE comments SET likes = {delta} WHERE id = ?1"), [id])?;
        }
        let likes: i64 = tx.query_row("SELECT likes FROM comments WHERE id = ?1", [id], |r| r.get(0))?;
        tx.commit()?;
        Ok(LikeOutcome::Count(likes.max(0) as u64))
    }
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

fn find_by_client(conn: &Connection, article: &str, client_id: &str) -> Result<Option<Comment>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM comments WHERE article_id = ?1 AND client_id = ?2"),
            [article, client_id],
            comment_from_row,
        )
        .optional()?)
}

/// The row id of `raw` if it is a published comment of `article`. Pending comments are not
/// visible to others, so they cannot be answered either.
fn published_parent(tx: &Transaction<'_>, article: &str, raw: &str) -> Result<Option<i64>> {
    let Ok(id) = raw.trim().parse::<i64>() else { return Ok(None) };
    Ok(tx
        .query_row(
            "SELECT id FROM comments WHERE id = ?1 AND article_id = ?2 AND status = 'published'",
            params![id, article],
            |r| r.get(0),
        )
        .optional()?)
}

fn status_text(status: CommentStatus) -> &'static str {
    match status {
        CommentStatus::Published => "published",
        CommentStatus::Pending => "pending",
    }
}

fn comment_from_row(row: &Row<'_>) -> rusqlite::Result<Comment> {
    let status: String = row.get(7)?;
    Ok(Comment {
        id: row.get::<_, i64>(0)?.to_string(),
        parent_id: row.get::<_, Option<i64>>(1)?.map(|p| p.to_string()),
        author: CommentAuthor { name: row.get(2)?, avatar: row.get(9)?, verified: row.get(8)? },
        content: row.get(3)?,
        created_at: format_utc8(row.get(4)?),
        likes: row.get::<_, i64>(5)?.max(0) as u64,
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
fn seed_demo(tx: &Transaction<'_>, content: &Store) -> Result<()> {
    let published: HashMap<&str, i64> = content
        .articles()
        .filter_map(|a| Timestamp::parse(&a.published_at).map(|t| (a.id.as_str(), t.unix_seconds())))
        .collect();
    let mut insert = tx.prepare(
        "INSERT INTO comments (article_id, parent_id, author, content, created_at, likes, region, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'published')",
    )?;
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
            insert.execute(params![article, parent_id, author, text, at, likes, region])?;
            ids.insert(key, tx.last_insert_rowid());
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
    use news_model::comments::validate_comment;

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
        let page = store.list("a", CommentSort::Newest, 1, 20).expect("list");
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
        let store = CommentStore::setup(conn, None).expect("migrates");
        let network = |key: &str| Network { key: Some(key.into()), max_likes: 1 };
        assert_eq!(store.set_like("1", "old-reader", true, &network("n")).expect("like"), LikeOutcome::Count(1));
        assert_eq!(store.set_like("1", "new", true, &network("n")).expect("like"), LikeOutcome::Count(2));
        assert_eq!(store.set_like("1", "newer", true, &network("n")).expect("like"), LikeOutcome::NetworkFull);
        let version: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
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
        let store = CommentStore::setup(conn, None).expect("migrates");
        let version: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        let page = store.list("a", CommentSort::Newest, 1, 20).expect("list");
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
        let store = CommentStore::setup(conn, None).expect("migrates");
        let version: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        let page = store.list("a", CommentSort::Newest, 1, 20).expect("list");
        assert_eq!(page.items.len(), 1, "the old pending comment stays pending");
        assert_eq!((page.items[0].content.as_str(), page.items[0].likes), ("旧评论", 2));
        let users: i64 = store.conn().query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0)).expect("users");
        assert_eq!(users, 1);
        let old: Option<String> =
            store.conn().query_row("SELECT held_reason FROM comments WHERE id = 2", [], |r| r.get(0)).expect("row");
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
        let reason: Option<String> =
            store.conn().query_row("SELECT held_reason FROM comments WHERE id = ?1", [&id], |r| r.get(0)).expect("row");
        assert_eq!(reason.as_deref(), Some("word:金融诈骗"));
        let network: Option<String> = store
            .conn()
            .query_row("SELECT author_network FROM comments WHERE id = ?1", [&id], |r| r.get(0))
            .expect("row");
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
        let store = CommentStore::setup(conn, None).expect("migrates");
        let conn = store.conn();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        let fk: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("fk");
        assert!(fk, "foreign keys are on again after the migration");
        let rows: Vec<(i64, Option<i64>, String, Option<String>)> = conn
            .prepare("SELECT id, parent_id, status, held_reason FROM comments ORDER BY id")
            .expect("select")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(
            rows,
            vec![(1, None, "published".into(), None), (2, Some(1), "pending".into(), Some("word:诈骗".into()))]
        );
        let likes: i64 = conn.query_row("SELECT COUNT(*) FROM comment_likes", [], |r| r.get(0)).expect("likes");
        assert_eq!(likes, 1, "the rebuild did not cascade to the likes");
        conn.execute("UPDATE comments SET status = 'deleted', status_before_delete = 'pending' WHERE id = 2", [])
            .expect("the new statuses are allowed");
        assert!(conn.execute("UPDATE comments SET status = 'gone' WHERE id = 2", []).is_err(), "still checked");
        conn.execute("INSERT INTO api_tokens (user_name, token_hash, created_at) VALUES ('ann', x'00', 1)", [])
            .expect("tokens table");
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, comment_id, status_before, status_after)
             VALUES (1, 'ann', 'delete', 2, 'pending', 'deleted')",
            [],
        )
        .expect("audit table");
        let next: i64 = {
            conn.execute(
                "INSERT INTO comments (article_id, author, content, created_at, status) VALUES ('a', '丙', '新', 3, 'published')",
                [],
            )
            .expect("insert");
            conn.last_insert_rowid()
        };
        assert_eq!(next, 3, "ids keep counting after the rebuild");
        drop(conn);
        let page = store.list("a", CommentSort::Newest, 1, 20).expect("list");
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
        let store = CommentStore::setup(conn, None).expect("migrates");
        let conn = store.conn();
        let old: (i64, Option<i64>, Option<String>) = conn
            .query_row("SELECT id, comment_id, detail FROM audit_log", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("the old row");
        assert_eq!(old, (1, Some(1), None));
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, status_before, status_after, detail)
             VALUES (2, 'ann', 'words', '0 words', '1 words', 'x')",
            [],
        )
        .expect("a row without a comment");
        assert_eq!(conn.last_insert_rowid(), 2, "ids keep counting");
        let pinned: Option<i64> = conn.query_row("SELECT pin_rank FROM comments", [], |r| r.get(0)).expect("pin");
        assert_eq!(pinned, None);
        conn.execute("INSERT INTO comment_reports VALUES (1, 'r', 'spam', NULL, 3)", []).expect("reports table");
        assert!(conn.execute("INSERT INTO comment_reports VALUES (1, 's', 'boring', NULL, 3)", []).is_err());
        assert!(
            conn.execute("INSERT INTO bans (created_at, expires_at, actor) VALUES (1, 2, 'ann')", []).is_err(),
            "a ban names someone"
        );
        conn.execute("INSERT INTO sensitive_words (word) VALUES ('诈骗')", []).expect("words table");
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
        let store = CommentStore::setup(conn, None).expect("migrates");
        let old: (i64, Option<String>, Option<String>) = store
            .conn()
            .query_row("SELECT id, client_id, sub FROM bans", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("the old ban");
        assert_eq!(old, (1, Some("r1".into()), None));
        store
            .conn()
            .execute("INSERT INTO bans (sub, created_at, expires_at, actor) VALUES ('u-1', 1, 9999, 'ann')", [])
            .expect("a ban by sub alone");
        assert!(
            store.conn().execute("INSERT INTO bans (created_at, expires_at, actor) VALUES (1, 2, 'ann')", []).is_err(),
            "a ban still names someone"
        );
        let page = store.list("a", CommentSort::Newest, 1, 20).expect("list");
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
