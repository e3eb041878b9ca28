//! The store as a server opens it, on whichever database the suite runs on (support/).

mod support;

use news_server::db::{Db, SCHEMA_VERSION};
use news_server::CommentStore;
use support::TempDir;

#[test]
fn a_store_a_newer_server_migrated_is_refused() {
    let dir = TempDir::new("store", "newer");
    let store = dir.store();
    let newer = SCHEMA_VERSION + 1;
    match store.db() {
        Db::Sqlite(_) => dir.sql(&format!("PRAGMA user_version = {newer}"), &[]),
        Db::Postgres(_) => dir.sql(&format!("UPDATE schema_version SET version = {newer}"), &[]),
    };
    drop(store);
    let refused = CommentStore::open(&dir.location(), None).err().unwrap_or_default();
    assert!(refused.contains(&format!("schema version {newer} is newer than this server's {SCHEMA_VERSION}")), "{refused}");
}

#[test]
fn opening_twice_migrates_once_and_keeps_what_is_stored() {
    let dir = TempDir::new("store", "twice");
    dir.sql("INSERT INTO sensitive_words (word) VALUES ('甲')", &[]);
    let reopened = dir.store();
    let words = reopened.db().with(|sql| sql.query("SELECT word FROM sensitive_words", &[])).expect("words");
    assert_eq!(words.len(), 1);
}
