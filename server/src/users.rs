//! Accounts for the moderation console: a name, a role and an Argon2id hash of the password,
//! kept in the `users` table of the comment store's database. `news-server user` manages them
//! (main.rs); the console will log in through [`verify_password`].

use crate::comments::{civil_from_days, CommentStore, StoreError};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use crate::db::args;
use std::fmt;

/// Shorter passwords are refused: the console will be reachable from the network.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Names are shown in the console and in logs; a short, plain alphabet keeps them readable.
pub const MAX_NAME_CHARS: usize = 32;

/// What an account may do in the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Role {
    /// Moderates comments
    #[default]
    Editor,
    /// Moderates comments and manages accounts
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub(crate) fn from_db(text: &str) -> Result<Role, UserError> {
        match text {
            "editor" => Ok(Role::Editor),
            "admin" => Ok(Role::Admin),
            // The table's CHECK makes this unreachable short of a hand-edited database.
            other => Err(UserError::Db(format!("unknown role {other:?} in the users table"))),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An account as listed: never its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub role: Role,
    /// Unix seconds.
    pub created_at: i64,
}

/// Why an account operation was refused. Each message says what to change.
#[derive(Debug)]
pub enum UserError {
    BadName(String),
    EmptyPassword,
    ShortPassword,
    /// The two passwords typed at the terminal differ.
    Mismatch,
    Exists(String),
    NotFound(String),
    /// Reading the password from the terminal or stdin failed.
    Input(String),
    Hash(String),
    Db(String),
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserError::BadName(name) => write!(
                f,
                "user name {name:?} is not allowed: use 1 to {MAX_NAME_CHARS} letters, digits, '_', '-' or '.'"
            ),
            UserError::EmptyPassword => f.write_str("the password is empty"),
            UserError::ShortPassword => {
                write!(f, "the password is too short: use at least {MIN_PASSWORD_CHARS} characters")
            }
            UserError::Mismatch => f.write_str("the two passwords differ; nothing was changed"),
            UserError::Exists(name) => {
                write!(f, "user {name:?} exists already (add --replace-password to set a new password and role)")
            }
            UserError::NotFound(name) => write!(f, "there is no user {name:?}"),
            UserError::Input(e) => write!(f, "cannot read the password: {e}"),
            UserError::Hash(e) => write!(f, "cannot hash the password: {e}"),
            UserError::Db(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for UserError {}

impl From<crate::db::DbError> for UserError {
    fn from(e: crate::db::DbError) -> Self {
        UserError::Db(e.0)
    }
}

impl From<StoreError> for UserError {
    fn from(e: StoreError) -> Self {
        UserError::Db(e.to_string())
    }
}

/// 1–32 ASCII letters, digits, `_`, `-` or `.`: ASCII only, so that no two names look alike.
pub fn check_name(name: &str) -> Result<(), UserError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || !name.chars().all(allowed) {
        return Err(UserError::BadName(name.to_string()));
    }
    Ok(())
}

/// Counted in characters, not bytes, so that a non-ASCII password is not favoured.
pub fn check_password(password: &str) -> Result<(), UserError> {
    if password.is_empty() {
        return Err(UserError::EmptyPassword);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(UserError::ShortPassword);
    }
    Ok(())
}

/// An Argon2id PHC string (`$argon2id$v=19$m=…`) with the crate's default parameters and a
/// fresh random salt: the parameters travel with the hash, so raising them later still
/// verifies the old ones.
pub fn hash_password(password: &str) -> Result<String, UserError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| UserError::Hash(e.to_string()))
}

/// Whether `password` matches the PHC string `stored`. The comparison is the crate's, which
/// is constant-time.
fn password_matches(stored: &str, password: &str) -> Result<bool, UserError> {
    let parsed = PasswordHash::new(stored).map_err(|e| UserError::Hash(format!("stored hash: {e}")))?;
    match Argon2::default().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::Password) => Ok(false),
        Err(e) => Err(UserError::Hash(e.to_string())),
    }
}

/// Adds an account; with `replace`, an existing one gets the new password and role (and keeps
/// its creation time). Returns whether an account was replaced.
pub fn add_user(
    store: &CommentStore,
    name: &str,
    role: Role,
    password: &str,
    replace: bool,
    now_unix: i64,
) -> Result<bool, UserError> {
    check_name(name)?;
    check_password(password)?;
    // Hashed before taking the lock: Argon2 takes a while on purpose.
    let hash = hash_password(password)?;
    store.db().transaction(|sql| {
        let exists = sql.exists("SELECT 1 FROM users WHERE name = $1", args![name])?;
        match (exists, replace) {
            (true, false) => Err(UserError::Exists(name.to_string())),
            (true, true) => {
                sql.execute(
                    "UPDATE users SET role = $2, password_hash = $3 WHERE name = $1",
                    args![name, role.as_str(), &hash],
                )?;
                // A new password ends the console sessions opened with the old one: replacing it
                // is what an operator does when the old one leaked.
                sql.execute(
                    "UPDATE console_sessions SET revoked_at = $2 WHERE user_name = $1 AND revoked_at IS NULL",
                    args![name, now_unix],
                )?;
                Ok(true)
            }
            (false, _) => {
                // The UNIQUE constraint still guards a race with another `user add`: it fails
                // instead of storing the name twice.
                sql.execute(
                    "INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4)",
                    args![name, role.as_str(), &hash, now_unix],
                )?;
                Ok(false)
            }
        }
    })
}

/// Every account, by name.
pub fn list_users(store: &CommentStore) -> Result<Vec<User>, UserError> {
    let rows = store.db().with(|sql| sql.query("SELECT name, role, created_at FROM users ORDER BY name", &[]))?;
    rows.iter()
        .map(|row| Ok(User { name: row.get(0)?, role: Role::from_db(&row.get::<String>(1)?)?, created_at: row.get(2)? }))
        .collect()
}

/// Removes an account and revokes its API tokens and console sessions, so that an account
/// added again under the same name does not inherit them.
pub fn remove_user(store: &CommentStore, name: &str) -> Result<(), UserError> {
    let now = crate::now_unix();
    store.db().transaction(|sql| {
        let removed = sql.execute("DELETE FROM users WHERE name = $1", args![name])?;
        if removed == 0 {
            return Err(UserError::NotFound(name.to_string()));
        }
        sql.execute(
            "UPDATE api_tokens SET revoked_at = $2 WHERE user_name = $1 AND revoked_at IS NULL",
            args![name, now],
        )?;
        sql.execute(
            "UPDATE console_sessions SET revoked_at = $2 WHERE user_name = $1 AND revoked_at IS NULL",
            args![name, now],
        )?;
        Ok(())
    })
}

/// The role of `name` when `password` is its password; `None` for a wrong password and for an
/// unknown name alike, so the console cannot tell which was wrong.
pub fn verify_password(store: &CommentStore, name: &str, password: &str) -> Result<Option<Role>, UserError> {
    let row = store.db().with(|sql| sql.query_opt("SELECT role, password_hash FROM users WHERE name = $1", args![name]))?;
    let Some((role, stored)) = row.map(|r| Ok::<_, UserError>((r.get::<String>(0)?, r.get::<String>(1)?))).transpose()? else {
        // Checked against a stand-in hash all the same, so that an unknown name takes as long
        // as a wrong password: the time of an answer must not tell which names exist.
        if let Some(dummy) = stand_in_hash() {
            let _ = password_matches(dummy, password);
        }
        return Ok(None);
    };
    if password_matches(&stored, password)? {
        Role::from_db(&role).map(Some)
    } else {
        Ok(None)
    }
}

/// A hash of a random password, made once, with the parameters every stored hash has.
fn stand_in_hash() -> Option<&'static str> {
    static HASH: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let mut bytes = [0u8; 16];
        argon2::password_hash::rand_core::RngCore::try_fill_bytes(&mut OsRng, &mut bytes).ok()?;
        hash_password(&format!("{bytes:?}")).ok()
    })
    .as_deref()
}

/// Unix seconds as `2026-12-02 05:33:16 UTC`: accounts are an operator's business, and the
/// operator's logs are in UTC.
pub fn format_utc(unix: i64) -> String {
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC", secs / 3600, secs % 3600 / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> CommentStore {
        CommentStore::open_in_memory(None).expect("memory db")
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let store = store();
        add_user(&store, "ann", Role::Admin, "correct horse", false, 1).expect("added");
        assert_eq!(verify_password(&store, "ann", "correct horse").expect("verify"), Some(Role::Admin));
        assert_eq!(verify_password(&store, "ann", "correct horsE").expect("verify"), None);
        assert_eq!(verify_password(&store, "bob", "correct horse").expect("verify"), None, "unknown name");

        let stored: String =
            store.db().with(|sql| sql.query_one("SELECT password_hash FROM users", &[])?.get(0)).expect("stored hash");
        assert!(stored.starts_with("$argon2id$v=19$"), "{stored}");
        assert!(!stored.contains("correct horse"), "{stored}");
        // A fresh salt each time: the same password never hashes alike.
        assert_ne!(hash_password("correct horse").expect("hash"), hash_password("correct horse").expect("hash"));
    }

    #[test]
    fn names_and_passwords_are_checked() {
        for good in ["a", "Ann_B-2.x", &"n".repeat(32)] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in ["", "ann b", "ann/b", "änn", &"n".repeat(33)] {
            assert!(matches!(check_name(bad), Err(UserError::BadName(_))), "{bad}");
        }
        assert!(matches!(check_password(""), Err(UserError::EmptyPassword)));
        assert!(matches!(check_password("123456789"), Err(UserError::ShortPassword)));
        assert!(check_password("1234567890").is_ok());
    }

    #[test]
    fn times_are_shown_in_utc() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(1_795_000_000), "2026-11-18 11:06:40 UTC");
    }
}
