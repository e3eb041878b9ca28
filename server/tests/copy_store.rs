//! `news-server copy-store`: a SQLite store copied into the test's store (PostgreSQL with
//! NEWS_TEST_POSTGRES, else another SQLite file) reads the same, and goes on from there.

mod support;

use news_model::comments::CommentSort;
use news_server::tokens::{add_token, authenticate};
use news_server::users::{add_user, list_users, Role};
use news_server::{load_content, router, AppState, CommentSettings, CommentStore, PageAt};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use support::TempDir;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

fn copy(from: &Path, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_news-server"))
        .args(["copy-store", "--db"])
        .arg(from)
        .args(["--to", to])
        .env_clear()
        .output()
        .expect("news-server runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_store_copied_reads_the_same_and_takes_new_comments_after_it() {
    let source_dir = TempDir::new("copy-store", "source");
    let source_file = source_dir.path().join("old.db");
    let content = Arc::new(load_content(Path::new(DEMO)).expect("demo content"));
    let source = CommentStore::open(&news_server::db::DbLocation::Sqlite(source_file.clone()), Some(&content))
        .expect("a seeded SQLite store");
    add_user(&source, "ann", Role::Admin, "0123456789", false, 1).expect("user");
    let (_, token) = add_token(&source, "ann", 2).expect("token");
    let articles: Vec<String> = content.articles().map(|a| a.id.clone()).collect();
    let page = |store: &CommentStore, article: &str| {
        store.list(article, CommentSort::Hot, &PageAt::Number(1), 100).expect("a page")
    };
    let before: Vec<_> = articles.iter().map(|a| page(&source, a)).collect();
    assert!(before.iter().map(|p| p.count).sum::<u64>() > 20, "the seed wrote comments and replies");
    drop(source);

    let target_dir = TempDir::new("copy-store", "target");
    let out = copy(&source_file, &target_dir.db());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(report.contains("comments\t") && report.contains("copied "), "{report}");

    let target = target_dir.store();
    let after: Vec<_> = articles.iter().map(|a| page(&target, a)).collect();
    assert_eq!(after, before, "every thread, reply, like count and order as it was");
    assert_eq!(list_users(&target).expect("users").len(), 1);
    assert_eq!(authenticate(&target, &token).expect("auth").map(|a| a.name), Some("ann".to_string()), "tokens still work");

    // A comment posted after the copy gets an id after every copied one.
    let largest: i64 = after.iter().flat_map(|p| p.items.iter()).filter_map(|c| c.id.parse().ok()).max().expect("ids");
    let settings = CommentSettings { rate_limit: 0, ..CommentSettings::default() };
    let served = support::serve(router(AppState::new(Arc::clone(&content), Arc::new(target), settings), None)).await;
    let posted: Value = reqwest::Client::new()
        .post(format!("http://{}/api/articles/{}/comments", served.addr, articles[0]))
        .header("Content-Type", "application/json")
        .body(json!({"author": "新读者", "content": "搬家以后的第一条", "client_id": "after-copy"}).to_string())
        .send()
        .await
        .expect("posted")
        .json()
        .await
        .expect("a comment");
    let id: i64 = posted["id"].as_str().and_then(|id| id.parse().ok()).expect("an id");
    assert!(id > largest, "{id} after {largest}");

    // Copying again would mix two stores: refused, and nothing changes.
    let again = copy(&source_file, &target_dir.db());
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds comments"), "{}", String::from_utf8_lossy(&again.stderr));
}

#[test]
fn a_missing_source_is_refused_without_creating_one() {
    let dir = TempDir::new("copy-store", "missing");
    let missing = dir.path().join("nothing-here.db");
    let out = copy(&missing, &dir.db());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such store"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!missing.exists());
}
