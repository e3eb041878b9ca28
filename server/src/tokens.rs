//! Bearer tokens for the admin API (admin.rs): each acts for one account, with that account's
//! role. `news-server token` manages them (main.rs). Only the SHA-256 of a token is stored, so
//! a copy of the database does not hand out working tokens.
//!
//! A presented token is hashed and looked up by its hash. That lookup is not constant-time, and
//! need not be: what its timing could reveal is how much of a stored *hash* a guess's hash
//! matches, and with 256 bits from the OS's random generator behind every token, knowing part
//! of a hash does not help to find a token that produces it.

use crate::comments::{CommentStore, StoreError};
use crate::users::Role;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use crate::db::args;
use sha2::{Digest, Sha256};
use std::fmt;

/// Random bytes per token: 256 bits, as many as the hash keeps.
pub const TOKEN_BYTES: usize = 32;

/// A token as listed: never the token, nor its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: i64,
    pub user: String,
    /// Unix seconds.
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// Who a valid token acts for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub role: Role,
}

#[derive(Debug)]
pub enum TokenError {
    /// No account of this name: a token must act for someone.
    NoUser(String),
    NotFound(i64),
    AlreadyRevoked(i64),
    /// The OS's random generator failed.
    Random(String),
    Db(String),
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::NoUser(name) => write!(f, "there is no user {name:?} (add it with `news-server user add`)"),
            TokenError::NotFound(id) => write!(f, "there is no token {id}"),
            TokenError::AlreadyRevoked(id) => write!(f, "token {id} is revoked already"),
            TokenError::Random(e) => write!(f, "cannot get random bytes from the system: {e}"),
            TokenError::Db(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for TokenError {}

impl From<crate::db::DbError> for TokenError {
    fn from(e: crate::db::DbError) -> Self {
        TokenError::Db(e.0)
    }
}

impl From<StoreError> for TokenError {
    fn from(e: StoreError) -> Self {
        TokenError::Db(e.to_string())
    }
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Creates a token for `user`; returns its id and the token, which is not stored and cannot be
/// shown again.
pub fn add_token(store: &CommentStore, user: &str, now_unix: i64) -> Result<(i64, String), TokenError> {
    let mut bytes = [0u8; TOKEN_BYTES];
    OsRng.try_fill_bytes(&mut bytes).map_err(|e| TokenError::Random(e.to_string()))?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    store.db().transaction(|sql| {
        if !sql.exists("SELECT 1 FROM users WHERE name = $1", args![user])? {
            return Err(TokenError::NoUser(user.to_string()));
        }
        let id = sql
            .query_one(
                "INSERT INTO api_tokens (user_name, token_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
                args![user, token_hash(&token), now_unix],
            )?
            .get::<i64>(0)?;
        Ok((id, token))
    })
}

/// Every token, oldest first.
pub fn list_tokens(store: &CommentStore) -> Result<Vec<TokenInfo>, TokenError> {
    let rows =
        store.db().with(|sql| sql.query("SELECT id, user_name, created_at, revoked_at FROM api_tokens ORDER BY id", &[]))?;
    rows.iter()
        .map(|row| {
            Ok(TokenInfo { id: row.get(0)?, user: row.get(1)?, created_at: row.get(2)?, revoked_at: row.get(3)? })
        })
        .collect()
}

/// Revokes a token for good; the row stays, so the list shows who had one and until when.
pub fn revoke_token(store: &CommentStore, id: i64, now_unix: i64) -> Result<(), TokenError> {
    store.db().transaction(|sql| {
        let changed = sql
            .execute("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", args![id, now_unix])?;
        if changed == 1 {
            return Ok(());
        }
        let exists = sql.exists("SELECT 1 FROM api_tokens WHERE id = $1", args![id])?;
        Err(if exists { TokenError::AlreadyRevoked(id) } else { TokenError::NotFound(id) })
    })
}

/// The account a presented token acts for: `None` when the token is unknown, revoked, or its
/// account has been removed (the join finds no user).
pub fn authenticate(store: &CommentStore, token: &str) -> Result<Option<Actor>, TokenError> {
    let row = store.db().with(|sql| {
        sql.query_opt(
            "SELECT u.name, u.role FROM api_tokens t JOIN users u ON u.name = t.user_name
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
            args![token_hash(token)],
        )
    })?;
    match row {
        None => Ok(None),
        Some(row) => {
            let role = Role::from_db(&row.get::<String>(1)?).map_err(|e| TokenError::Db(e.to_string()))?;
            Ok(Some(Actor { name: row.get(0)?, role }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::add_user;

    #[test]
    fn tokens_act_for_their_user_until_revoked_or_removed() {
        let store = CommentStore::open_in_memory(None).expect("memory db");
        assert!(matches!(add_token(&store, "ann", 1), Err(TokenError::NoUser(_))));
        add_user(&store, "ann", Role::Admin, "0123456789", false, 1).expect("user");
        let (id, token) = add_token(&store, "ann", 2).expect("token");
        let (_, other) = add_token(&store, "ann", 2).expect("token");
        assert_eq!(token.len(), 43, "32 bytes in unpadded base64url: {token}");
        assert_ne!(token, other);
        assert_eq!(authenticate(&store, &token).expect("auth"), Some(Actor { name: "ann".into(), role: Role::Admin }));
        assert_eq!(authenticate(&store, &token[1..]).expect("auth"), None);

        let stored: Vec<u8> = store
            .db()
            .with(|sql| sql.query_one("SELECT token_hash FROM api_tokens WHERE id = $1", args![id])?.get(0))
            .expect("row");
        assert_eq!(stored, Sha256::digest(token.as_bytes()).to_vec(), "only the hash is stored");

        revoke_token(&store, id, 3).expect("revoked");
        assert!(matches!(revoke_token(&store, id, 4), Err(TokenError::AlreadyRevoked(_))));
        assert!(matches!(revoke_token(&store, 99, 4), Err(TokenError::NotFound(99))));
        assert_eq!(authenticate(&store, &token).expect("auth"), None);
        assert_eq!(list_tokens(&store).expect("list")[0].revoked_at, Some(3));

        crate::users::remove_user(&store, "ann").expect("removed");
        assert_eq!(authenticate(&store, &other).expect("auth"), None, "a removed user's token stops working");
    }
}
