//! The sensitive-word list in the database (`sensitive_words`, see `SCHEMA_V6`), so that the
//! admin API can change it and every server on the same database matches with the same list.
//!
//! Each server keeps the list compiled (words.rs) and checks before each use whether the table
//! changed: ids only grow, so (largest id, row count) differs after every write, and reading it
//! is one indexed query. A list replaced through one server is used by all at their next comment.
//!
//! `--words-file` still works: its words are added to the stored list when the server starts
//! (those already stored, in any spelling that matches the same, are skipped). Removing one of
//! them through the API lasts until the next start with that file.

use crate::admin::{internal, AuditRow, Authorized, Permission};
use crate::comment_api::blocking;
use crate::comments::{CommentStore, StoreError};
use crate::security::WriteAllowed;
use crate::words::{pattern, WordList};
use crate::{error, json, now_unix, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use crate::db::{args, Sql};
use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

/// Bounds on what the API stores: enough for a real list, small enough that compiling it on
/// every change stays quick and a mistaken upload cannot fill the disk.
pub const MAX_WORDS: usize = 5_000;
pub const MAX_WORD_CHARS: usize = 50;
/// A full list as JSON: 5,000 words of 50 characters, each up to 6 bytes when escaped, fits.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Why a list sent to the API is refused; nothing is stored then.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordProblem {
    TooMany(usize),
    /// The word at this index (0-based) is longer than [`MAX_WORD_CHARS`].
    TooLong(usize),
    /// The word at this index has no letter or digit, so it would match every comment.
    Empty(usize),
}

impl fmt::Display for WordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WordProblem::TooMany(n) => write!(f, "词表最多 {MAX_WORDS} 个词，收到 {n} 个"),
            WordProblem::TooLong(i) => write!(f, "第 {} 个词超过 {MAX_WORD_CHARS} 个字", i + 1),
            WordProblem::Empty(i) => write!(f, "第 {} 个词没有文字或数字", i + 1),
        }
    }
}

/// The words to store: trimmed, each checked, repeats (same pattern) dropped after the first.
pub fn check_words(raw: &[String]) -> Result<Vec<String>, WordProblem> {
    if raw.len() > MAX_WORDS {
        return Err(WordProblem::TooMany(raw.len()));
    }
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    for (i, word) in raw.iter().enumerate() {
        let word = word.trim();
        if word.chars().count() > MAX_WORD_CHARS {
            return Err(WordProblem::TooLong(i));
        }
        let pattern = pattern(word);
        if pattern.is_empty() {
            return Err(WordProblem::Empty(i));
        }
        if seen.insert(pattern) {
            kept.push(word.to_string());
        }
    }
    Ok(kept)
}

/// The stored words, in the order they were given.
pub fn stored_words(store: &CommentStore) -> Result<Vec<String>, StoreError> {
    store.db().with(read_words)
}

fn read_words(sql: &mut dyn Sql) -> Result<Vec<String>, StoreError> {
    sql.query("SELECT word FROM sensitive_words ORDER BY id", &[])?.iter().map(|r| Ok(r.get(0)?)).collect()
}

/// Writers of the list take turns across servers (two starting with one words file at once
/// would otherwise both add it).
fn take_turn(sql: &mut dyn Sql) -> Result<(), StoreError> {
    if let Some(lock) = sql.dialect().lock_statement() {
        sql.query(lock, args!["sensitive_words"])?;
    }
    Ok(())
}

/// Adds the words not stored yet (by pattern), after the stored ones; returns how many.
pub fn add_words<'a>(store: &CommentStore, words: impl IntoIterator<Item = &'a str>) -> Result<usize, StoreError> {
    store.db().transaction(|sql| {
        take_turn(sql)?;
        let mut known: HashSet<String> = read_words(sql)?.iter().map(|w| pattern(w)).collect();
        let mut added = 0;
        for word in words {
            let word = word.trim();
            let p = pattern(word);
            if !p.is_empty() && known.insert(p) {
                sql.execute("INSERT INTO sensitive_words (word) VALUES ($1)", args![word])?;
                added += 1;
            }
        }
        Ok(added)
    })
}

/// Replaces the list with `words` (already checked by [`check_words`]) and logs the change;
/// returns the number of words before and after.
pub fn replace_words(
    store: &CommentStore,
    words: &[String],
    actor: &str,
    now_unix: i64,
) -> Result<(usize, usize), StoreError> {
    store.db().transaction(|sql| {
        take_turn(sql)?;
        let before = read_words(sql)?;
        sql.execute("DELETE FROM sensitive_words", &[])?;
        for word in words {
            sql.execute("INSERT INTO sensitive_words (word) VALUES ($1)", args![word])?;
        }
        let added = words.iter().filter(|w| !before.contains(w)).count();
        let removed = before.iter().filter(|w| !words.contains(w)).count();
        let (before_count, after_count) = (format!("{} words", before.len()), format!("{} words", words.len()));
        let detail = format!("{added} added, {removed} removed");
        let row = AuditRow {
            actor,
            action: "words",
            comment_id: None,
            before: &before_count,
            after: &after_count,
            detail: Some(&detail),
        };
        crate::admin::log(sql, now_unix, &row)?;
        Ok((before.len(), words.len()))
    })
}

/// (largest id, count): changes with every write to the table, see the module doc.
type Stamp = (i64, i64);

fn stamp(sql: &mut dyn Sql) -> Result<Stamp, StoreError> {
    let row = sql.query_one("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM sensitive_words", &[])?;
    Ok((row.get(0)?, row.get(1)?))
}

/// The compiled list one server matches comments with, kept in step with the table.
pub struct SharedWords {
    /// The `--words-file` list until it has been added to the table (normally at start; again
    /// on the next use if the database failed then).
    seed: Mutex<Option<Arc<WordList>>>,
    compiled: Mutex<Option<(Stamp, Arc<WordList>)>>,
}

impl fmt::Debug for SharedWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedWords")
    }
}

/// Both mutexes only ever hold whole values, so a poisoned one is still consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SharedWords {
    /// Adds the file's words (`seed`) to the table now; a failure is logged and retried on use.
    pub fn new(store: &CommentStore, seed: Option<Arc<WordList>>) -> Self {
        let shared = SharedWords { seed: Mutex::new(seed), compiled: Mutex::new(None) };
        if let Err(e) = shared.add_seed(store) {
            eprintln!("news-server: adding the words file to the stored list: {e} (tried again on use)");
        }
        shared
    }

    fn add_seed(&self, store: &CommentStore) -> Result<(), StoreError> {
        let mut seed = lock(&self.seed);
        if let Some(list) = seed.as_ref() {
            add_words(store, list.words())?;
            *seed = None;
        }
        Ok(())
    }

    /// The list as the table holds it now, compiled again only when the table changed.
    pub fn current(&self, store: &CommentStore) -> Result<Arc<WordList>, StoreError> {
        self.add_seed(store)?;
        let mut compiled = lock(&self.compiled);
        let now = store.db().with(stamp)?;
        if let Some((at, list)) = compiled.as_ref() {
            if *at == now {
                return Ok(Arc::clone(list));
            }
        }
        let words = stored_words(store)?;
        let list =
            Arc::new(WordList::new(words.iter().map(String::as_str)).map_err(|e| StoreError::Db(e.to_string()))?);
        *compiled = Some((now, Arc::clone(&list)));
        Ok(list)
    }
}

// ---- handlers: GET and PUT /api/admin/words, admins only ----

/// `GET /api/admin/words`: the stored list, a JSON array of strings.
pub(crate) async fn get(auth: Authorized, State(app): State<AppState>) -> Response {
    if let Err(refused) = auth.require(Permission::Administer) {
        return refused;
    }
    match blocking(&app.comments, stored_words).await {
        Ok(words) => json(StatusCode::OK, &words),
        Err(e) => internal(&e.to_string()),
    }
}

/// `PUT /api/admin/words` with the whole list as a JSON array of strings; answers the list as
/// stored (trimmed, repeats dropped). Matching uses it from the next comment on.
pub(crate) async fn put(
    _write: WriteAllowed,
    auth: Authorized,
    State(app): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let actor = match auth.require(Permission::Administer) {
        Ok(actor) => actor.name.clone(),
        Err(refused) => return refused,
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "词表过大");
        }
        Err(_) => return error(StatusCode::BAD_REQUEST, "bad_request", "请求内容无法读取"),
    };
    let Ok(raw) = serde_json::from_slice::<Vec<String>>(&body) else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "请求内容应为字符串组成的 JSON 数组");
    };
    let words = match check_words(&raw) {
        Ok(words) => words,
        Err(problem) => return error(StatusCode::UNPROCESSABLE_ENTITY, "bad_words", &problem.to_string()),
    };
    let now = now_unix();
    let stored = blocking(&app.comments, move |store| {
        replace_words(store, &words, &actor, now)?;
        stored_words(store)
    })
    .await;
    match stored {
        Ok(words) => json(StatusCode::OK, &words),
        Err(e) => internal(&e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_checked_before_storing() {
        let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            check_words(&words(&[" 诈骗 ", "ＦＲＡＵＤ", "fraud", "f r a u d"])),
            Ok(words(&["诈骗", "ＦＲＡＵＤ"]))
        );
        assert_eq!(check_words(&words(&["a", "!!"])), Err(WordProblem::Empty(1)));
        assert_eq!(check_words(&words(&["  "])), Err(WordProblem::Empty(0)));
        assert_eq!(check_words(&words(&[&"长".repeat(MAX_WORD_CHARS + 1)])), Err(WordProblem::TooLong(0)));
        assert!(check_words(&words(&[&"长".repeat(MAX_WORD_CHARS)])).is_ok());
        let many: Vec<String> = (0..=MAX_WORDS).map(|i| format!("w{i}")).collect();
        assert_eq!(check_words(&many), Err(WordProblem::TooMany(MAX_WORDS + 1)));
    }

    #[test]
    fn the_file_seeds_the_table_and_changes_are_seen_at_once() {
        let store = CommentStore::open_in_memory(None).expect("memory db");
        add_words(&store, ["旧词"]).expect("stored");
        let file = Arc::new(WordList::new(["诈骗", "旧 词", "scam"]).expect("list"));
        let shared = SharedWords::new(&store, Some(file));
        assert_eq!(stored_words(&store).expect("words"), ["旧词", "诈骗", "scam"], "added once, after");
        let first = shared.current(&store).expect("list");
        assert!(first.find("s c a m").is_some());
        assert!(Arc::ptr_eq(&first, &shared.current(&store).expect("list")), "not compiled again");

        let (before, after) = replace_words(&store, &["新词".to_string()], "ann", 5).expect("replaced");
        assert_eq!((before, after), (3, 1));
        let now = shared.current(&store).expect("list");
        assert!(now.find("scam").is_none() && now.find("新 词").is_some());
        // Emptied: an empty table still has its own stamp, distinct from the previous one.
        replace_words(&store, &[], "ann", 6).expect("emptied");
        assert!(shared.current(&store).expect("list").is_empty());
    }
}
