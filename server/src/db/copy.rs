//! `news-server copy-store`: everything one comment store holds, written into a new one, e.g.
//! a site's SQLite file into the PostgreSQL its servers will share. Ids are kept (links to a
//! comment, the audit log's references and bans stay true), and PostgreSQL's id sequences are
//! moved past them. Rate-limit events are not copied: they matter for a minute.

use super::{Db, DbError, Dialect};

/// Every table, parents before the tables that reference them, with its columns and the order
/// rows are read in (by id, so a reply comes after the comment it answers).
const TABLES: &[(&str, &str, &str)] = &[
    ("users", "name, role, password_hash, created_at", "name"),
    (
        "comments",
        "id, article_id, parent_id, author, content, created_at, likes, region, status, client_id, held_reason,
         status_before_delete, pin_rank, reports_overruled, author_network, author_sub, author_avatar, published_seq",
        "id",
    ),
    ("comment_likes", "comment_id, reader_id, network", "comment_id, reader_id"),
    ("comment_reports", "comment_id, reader_id, reason, network, created_at", "comment_id, reader_id"),
    ("api_tokens", "id, user_name, token_hash, created_at, revoked_at", "id"),
    ("audit_log", "id, at, actor, action, comment_id, status_before, status_after, detail", "id"),
    ("bans", "id, client_id, network, sub, created_at, expires_at, lifted_at, actor", "id"),
    ("sensitive_words", "id, word", "id"),
    ("console_sessions", "id, token_hash, user_name, csrf_token, created_at, expires_at, revoked_at", "id"),
    ("article_sequences", "article_id, last_seq", "article_id"),
];

/// The tables whose rows mean the store is in use: copying into one of those would mix two
/// sites' comments, or clash on ids.
const MUST_BE_EMPTY: &[&str] = &["comments", "users", "api_tokens", "bans", "sensitive_words", "audit_log"];

/// Copies `from` into `to` in one transaction on `to`: all of it or, on any error, nothing.
/// Returns how many rows each table gave.
pub fn copy_store(from: &Db, to: &Db) -> Result<Vec<(&'static str, usize)>, DbError> {
    to.transaction(|dst| {
        for table in MUST_BE_EMPTY {
            if dst.exists(&format!("SELECT 1 FROM {table} LIMIT 1"), &[])? {
                return Err(DbError(format!("the store to copy into already holds {table}: give a new one")));
            }
        }
        let mut copied = Vec::new();
        for (table, columns, order) in TABLES {
            let rows = from.with(|src| src.query(&format!("SELECT {columns} FROM {table} ORDER BY {order}"), &[]))?;
            let placeholders = (1..=columns.split(',').count()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
            let insert = format!("INSERT INTO {table} ({columns}) VALUES ({placeholders})");
            for row in &rows {
                dst.execute(&insert, &row.0)?;
            }
            copied.push((*table, rows.len()));
        }
        if dst.dialect() == Dialect::Postgres {
            // Identity columns given explicit values do not advance their sequence by themselves.
            for (table, columns, _) in TABLES {
                if columns.starts_with("id,") {
                    dst.query(
                        &format!(
                            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table} HAVING MAX(id) IS NOT NULL"
                        ),
                        &[],
                    )?;
                }
            }
        }
        Ok(copied)
    })
}
