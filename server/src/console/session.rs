//! Console sessions and the cookies that carry them.
//!
//! A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie; the database
//! keeps its SHA-256 (`console_sessions`, see comments.rs), its own CSRF token and an absolute
//! expiry. Logging out revokes the row, so the cookie is refused from then on even if a copy of
//! it was kept.
//!
//! The lookup by hash is not constant-time, for the reason tokens.rs gives for API tokens.

use crate::comments::{CommentStore, StoreError};
use crate::users::Role;
use argon2::password_hash::rand_core::{OsRng, RngCore};
pub(crate) use crate::cookie_values;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use crate::db::args;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The session cookie.
pub(crate) const SESSION_COOKIE: &str = "news_admin";
/// The login form's CSRF cookie, before there is a session to keep the token in.
pub(crate) const LOGIN_COOKIE: &str = "news_admin_login";
/// The console's language (`zh-CN` or `en`, the tags the reader app stores for its switch).
pub(crate) const LANG_COOKIE: &str = "news_admin_lang";
/// Every console cookie is scoped to the console: the reader's pages and the API never see them.
pub(crate) const COOKIE_PATH: &str = "/admin";
/// Sessions end 12 hours after login, whatever happens in between: a working day, and a
/// forgotten session on a shared computer does not last into the next one.
pub(crate) const SESSION_SECONDS: i64 = 12 * 3600;
/// The login form may sit open this long.
pub(crate) const LOGIN_FORM_SECONDS: i64 = 3600;

/// A session that is valid now.
#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub(crate) id: i64,
    pub(crate) user: String,
    pub(crate) role: Role,
    pub(crate) csrf: String,
}

/// 32 bytes from the OS's generator, base64url without padding (43 characters).
pub(crate) fn random_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    OsRng.try_fill_bytes(&mut bytes).map_err(|e| StoreError::Db(format!("no random bytes from the system: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether a presented token is one we handed out: 43 base64url characters. Anything else is
/// refused before it reaches the database.
fn well_formed(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Constant-time, so the time a comparison takes says nothing about how much of a guessed CSRF
/// token was right.
pub(crate) fn same_token(presented: &str, expected: &str) -> bool {
    !expected.is_empty() && bool::from(presented.as_bytes().ct_eq(expected.as_bytes()))
}

/// Opens a session for `user`; returns the token for the cookie (not stored anywhere).
pub(crate) fn open(store: &CommentStore, user: &str, now: i64) -> Result<String, StoreError> {
    let token = random_token()?;
    let csrf = random_token()?;
    store.db().with(|sql| {
        // Rows that ended over a day ago serve no one; pruning at login keeps the table small.
        sql.execute("DELETE FROM console_sessions WHERE expires_at < $1 OR revoked_at < $1", args![now - 24 * 3600])?;
        sql.execute(
            "INSERT INTO console_sessions (token_hash, user_name, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
            args![token_hash(&token), user, &csrf, now, now + SESSION_SECONDS],
        )
    })?;
    Ok(token)
}

/// The session a token opens now: `None` when unknown, revoked, expired, or its account is gone.
pub(crate) fn find(store: &CommentStore, token: &str, now: i64) -> Result<Option<Session>, StoreError> {
    if !well_formed(token) {
        return Ok(None);
    }
    let row = store.db().with(|sql| {
        sql.query_opt(
            "SELECT s.id, u.name, u.role, s.csrf_token FROM console_sessions s JOIN users u ON u.name = s.user_name
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
            args![token_hash(token), now],
        )
    })?;
    let Some(row) = row else { return Ok(None) };
    let role = Role::from_db(&row.get::<String>(2)?).map_err(|e| StoreError::Db(e.to_string()))?;
    Ok(Some(Session { id: row.get(0)?, user: row.get(1)?, role, csrf: row.get(3)? }))
}

/// Ends a session for good.
pub(crate) fn revoke(store: &CommentStore, id: i64, now: i64) -> Result<(), StoreError> {
    store.db().with(|sql| {
        sql.execute("UPDATE console_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", args![id, now])
    })?;
    Ok(())
}

/// A `Set-Cookie` value for a console cookie. `max_age` 0 deletes it.
pub(crate) fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path={COOKIE_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::add_user;

    #[test]
    fn sessions_open_expire_and_are_revoked() {
        let store = CommentStore::open_in_memory(None).expect("memory db");
        add_user(&store, "ann", Role::Editor, "0123456789", false, 1).expect("user");
        let token = open(&store, "ann", 1_000).expect("open");
        assert!(well_formed(&token), "{token}");
        let session = find(&store, &token, 1_001).expect("find").expect("a session");
        assert_eq!((session.user.as_str(), session.role), ("ann", Role::Editor));
        assert_eq!(session.csrf.len(), 43);
        assert!(find(&store, &token, 1_000 + SESSION_SECONDS).expect("find").is_none(), "expired");
        assert!(find(&store, "x", 1_001).expect("find").is_none());
        revoke(&store, session.id, 1_002).expect("revoke");
        assert!(find(&store, &token, 1_003).expect("find").is_none(), "revoked");

        let stored: Vec<u8> =
            store.db().with(|sql| sql.query_one("SELECT token_hash FROM console_sessions", &[])?.get(0)).expect("row");
        assert_eq!(stored, token_hash(&token), "only the hash is stored");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abd", "abc"));
        assert!(!same_token("ab", "abc"));
        assert!(!same_token("", ""), "an empty expected token matches nothing");
    }

    #[test]
    fn cookies_are_read_by_name() {
        use axum::http::{header::COOKIE, HeaderMap};
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, "a=1; news_admin=tok; b=2".parse().expect("header"));
        headers.append(COOKIE, "news_admin=other".parse().expect("header"));
        assert_eq!(cookie_values(&headers, SESSION_COOKIE).collect::<Vec<_>>(), ["tok", "other"]);
        assert_eq!(set_cookie("n", "v", 5, true), "n=v; Path=/admin; Max-Age=5; HttpOnly; SameSite=Strict; Secure");
    }
}
