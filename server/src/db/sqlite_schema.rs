//! The SQLite schema, one step per version: `PRAGMA user_version` says which steps a file has
//! had, and `SqliteDb::open` runs the rest. A step is never edited once released: a change is a
//! new step (and the same change in `postgres_schema.rs`, which starts at version 10).

pub(crate) const SCHEMA_V1: &str = "
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
pub(crate) const SCHEMA_V2: &str = "
ALTER TABLE comment_likes ADD COLUMN network TEXT;
CREATE INDEX comment_likes_by_network ON comment_likes (comment_id, network);
";

/// Editor and admin accounts for the moderation console, managed with `news-server user`
/// (see users.rs). In the comments' database so that one file holds all the server's state.
/// `password_hash` is an Argon2id PHC string, never the password.
pub(crate) const SCHEMA_V3: &str = "
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
pub(crate) const SCHEMA_V4: &str = "
ALTER TABLE comments ADD COLUMN held_reason TEXT;
";

/// The admin API (admin.rs): editors reject, mark as spam, delete and restore comments, so
/// `status` gains `rejected`, `spam` and `deleted`; a deletion is soft and remembers the status
/// it ended in `status_before_delete`, for restore. SQLite cannot change a CHECK in place, so
/// the table is rebuilt (with foreign keys off: `setup` turns them on only after migrating, so
/// dropping the old table neither cascades to the likes nor trips their references). Bearer
/// tokens keep only their SHA-256 (tokens.rs); the audit log has one row per moderation action.
pub(crate) const SCHEMA_V5: &str = "
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
pub(crate) const SCHEMA_V6: &str = "
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
pub(crate) const SCHEMA_V7: &str = "
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
pub(crate) const SCHEMA_V8: &str = "
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
pub(crate) const SCHEMA_V9: &str = "
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


/// Shared rate limits, keyset paging and live comments (the same step as PostgreSQL's version
/// 10):
/// - `rate_events`: one row per counted event (a post, a like, a report) by a client key within
///   the last minute, so every server on this database counts the same events (rate_limit.rs).
/// - An index per order a comment page is read in (最新/最早 by time, 最热 by likes), holding
///   only what a page lists: published, unpinned top-level comments, and one of the pinned ones
///   by rank. A page after a cursor is then a seek in an index whatever its depth, and no page
///   is sorted when it is read (comments.rs).
/// - `published_seq`: the order in which an article's comments became visible (posted
///   published, or approved later), from `article_sequences`, whose row for the article is
///   locked until commit by the transaction that takes the next number: numbers are committed
///   in the order they were taken, so a reader who has seen number N has seen every one before
///   it, and resumes the live stream after N without missing or repeating one (live_comments.rs).
///   NULL for comments published before version 10 and for those never published.
pub(crate) const SCHEMA_V10: &str = "
ALTER TABLE comments ADD COLUMN published_seq INTEGER;
CREATE INDEX comments_by_published_seq ON comments (article_id, published_seq) WHERE published_seq IS NOT NULL;
CREATE TABLE article_sequences (
    article_id  TEXT PRIMARY KEY,
    last_seq    INTEGER NOT NULL
);
CREATE TABLE rate_events (
    scope   TEXT NOT NULL,
    key     TEXT NOT NULL,
    at_ms   INTEGER NOT NULL
);
CREATE INDEX rate_events_by_key ON rate_events (scope, key, at_ms);
CREATE INDEX rate_events_by_time ON rate_events (at_ms);
CREATE INDEX comments_roots_by_time ON comments (article_id, created_at, id)
    WHERE parent_id IS NULL AND status = 'published' AND pin_rank IS NULL;
CREATE INDEX comments_roots_by_likes ON comments (article_id, likes, created_at, id)
    WHERE parent_id IS NULL AND status = 'published' AND pin_rank IS NULL;
CREATE INDEX comments_roots_pinned ON comments (article_id, pin_rank)
    WHERE parent_id IS NULL AND status = 'published' AND pin_rank IS NOT NULL;
";
