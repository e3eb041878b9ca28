//! Pins, bans, the stored word list and readers' reports, over real HTTP against in-process
//! servers on a temp SQLite file. The servers trust 127.0.0.1 as a proxy, so each request can
//! say which client address it comes from (X-Forwarded-For), as behind a real proxy.

use news_model::comments::CommentPage;
use news_model::decode::Decode;
use news_server::tokens::add_token;
use news_server::users::{add_user, Role};
use news_server::{load_content, parse_proxy, router, AppState, CommentSettings, SecuritySettings};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod support;
use support::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");
const POSTS: &str = "/api/articles/1001/comments";

struct Server {
    addr: SocketAddr,
    _served: support::Served,
}

/// Tokens of an editor and an admin on one database.
struct Tokens {
    editor: String,
    admin: String,
}

fn accounts(dir: &TempDir) -> Tokens {
    let store = dir.store();
    add_user(&store, "ann", Role::Editor, "0123456789", false, 1).expect("editor");
    add_user(&store, "root", Role::Admin, "0123456789", false, 1).expect("admin");
    let (_, editor) = add_token(&store, "ann", 1).expect("token");
    let (_, admin) = add_token(&store, "root", 1).expect("token");
    Tokens { editor, admin }
}

/// A server on the test's database: comments are published unless something holds them.
async fn start(dir: &TempDir, settings: CommentSettings) -> Server {
    let content = Arc::new(load_content(Path::new(FIXTURES)).expect("content"));
    let store = dir.store();
    let security =
        SecuritySettings { trusted_proxies: vec![parse_proxy("127.0.0.1").expect("proxy")], ..Default::default() };
    let settings = CommentSettings { rate_limit: 0, like_rate_limit: 0, ..settings };
    let app = router(AppState::new(content, Arc::new(store), settings).with_security(security), None);
    let served = support::serve(app).await;
    let addr = served.addr;
    Server { addr, _served: served }
}

struct Answer {
    status: u16,
    text: String,
    body: Value,
}

/// One request; `from` is the client address the proxy reports, `token` the bearer token.
async fn send(
    server: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    from: &str,
    body: Option<&str>,
) -> Answer {
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nX-Forwarded-For: {from}\r\n",
        server.addr
    );
    if let Some(token) = token {
        request.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if method != "GET" {
        request.push_str("Content-Type: application/json\r\n");
    }
    let body = body.unwrap_or("");
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.expect("read");
    let (head, text) = raw.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status line");
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(text).expect("JSON body") };
    Answer { status, text: text.to_string(), body }
}

const READER: &str = "198.51.100.1";

async fn admin_get(server: &Server, token: &str, path: &str) -> Answer {
    send(server, "GET", path, Some(token), READER, None).await
}

async fn act(server: &Server, token: &str, id: &str, action: &str, body: Option<Value>) -> Answer {
    let body = body.map(|b| b.to_string());
    let path = format!("/api/admin/comments/{id}/{action}");
    send(server, "POST", &path, Some(token), READER, body.as_deref()).await
}

/// Posts as a reader from `from`; returns the answer (201 or 200 expected by the caller).
async fn post_from(server: &Server, from: &str, content: &str, client_id: &str, parent: Option<&str>) -> Answer {
    let body = json!({"author": "读者", "content": content, "parent_id": parent, "client_id": client_id}).to_string();
    send(server, "POST", POSTS, None, from, Some(&body)).await
}

async fn post(server: &Server, content: &str, client_id: &str) -> String {
    let answer = post_from(server, READER, content, client_id, None).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    answer.body["id"].as_str().expect("id").to_string()
}

/// The ids of the public list's top-level comments, in order.
async fn listed(server: &Server, query: &str) -> Vec<String> {
    let answer = send(server, "GET", &format!("{POSTS}?{query}"), None, READER, None).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["items"].as_array().expect("items").iter().map(|c| c["id"].as_str().expect("id").to_string()).collect()
}

/// The stored held reason of a comment.
fn held_reason(dir: &TempDir, id: &str) -> Option<String> {
    let rows = dir.sql("SELECT held_reason FROM comments WHERE id = $1", &[support::id(id)]);
    rows.first().expect("row").get(0).expect("a reason or NULL")
}

async fn audit_rows(server: &Server, token: &str) -> Vec<(String, Option<String>, String, String)> {
    let audit = admin_get(server, token, "/api/admin/audit?per_page=100").await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| {
            let text = |key: &str| r[key].as_str().unwrap_or_default().to_string();
            (text("action"), r["comment_id"].as_str().map(str::to_string), text("status_before"), text("status_after"))
        })
        .collect()
}

// ---- pins ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pinned_comments_head_the_list_in_every_sort_and_paging_stays_whole() {
    let dir = TempDir::new("moderation", "pins");
    let tokens = accounts(&dir);
    let server = start(&dir, CommentSettings::default()).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(post(&server, &format!("第{n}条"), &format!("c{n}")).await);
    }
    let reply = post_from(&server, READER, "回复", "c-reply", Some(&ids[0])).await;
    let reply = reply.body["id"].as_str().expect("id").to_string();
    // Likes make `hot` an order of its own: ids[3] is the hottest, then ids[1].
    for (id, readers) in [(&ids[3], 3), (&ids[1], 1)] {
        for r in 0..readers {
            let like = send(
                &server,
                "POST",
                &format!("/api/comments/{id}/like"),
                None,
                READER,
                Some(&json!({"client_id": format!("liker{r}")}).to_string()),
            )
            .await;
            assert_eq!(like.status, 200, "{}", like.text);
        }
    }
    let sorts = ["sort=newest", "sort=oldest", "sort=hot"];
    let mut before = Vec::new();
    for sort in sorts {
        before.push(listed(&server, &format!("{sort}&per_page=50")).await);
    }
    assert_eq!(before[0], [&ids[4], &ids[3], &ids[2], &ids[1], &ids[0]].map(String::as_str));
    assert_eq!(before[2][..2], [ids[3].clone(), ids[1].clone()], "hot differs from newest");

    // ids[0] is the oldest and least liked: last in newest and hot. Pin it, then ids[2].
    let pinned = act(&server, &tokens.editor, &ids[0], "pin", Some(json!({"expected_status": "published"}))).await;
    assert_eq!((pinned.status, pinned.body["pinned"].as_bool()), (200, Some(true)), "{}", pinned.text);
    assert_eq!(act(&server, &tokens.editor, &ids[2], "pin", None).await.status, 200);
    for (sort, unpinned) in sorts.iter().zip(&before) {
        let mut expected = vec![ids[2].clone(), ids[0].clone()];
        expected.extend(unpinned.iter().filter(|id| **id != ids[0] && **id != ids[2]).cloned());
        assert_eq!(listed(&server, &format!("{sort}&per_page=50")).await, expected, "{sort}: the latest pin first");
        let mut paged = Vec::new();
        for page in 1..=3 {
            paged.extend(listed(&server, &format!("{sort}&per_page=2&page={page}")).await);
        }
        assert_eq!(paged, expected, "{sort}: pages of 2 give each comment once, in the same order");
    }

    // Only pinned top-level comments say so; the app's decoder still reads the page.
    let page = send(&server, "GET", &format!("{POSTS}?per_page=50"), None, READER, None).await;
    let flags: Vec<Option<bool>> =
        page.body["items"].as_array().expect("items").iter().map(|c| c["pinned"].as_bool()).collect();
    assert_eq!(flags, [Some(true), Some(true), None, None, None]);
    assert!(!page.body["items"][1]["replies"][0].as_object().expect("the reply").contains_key("pinned"));
    let decoded = CommentPage::decode(page.body.clone()).expect("the contract's decoder reads it");
    assert_eq!(decoded.items.len(), 5);

    // The rules of the other actions: 409 on a wrong expectation or no change, 422 for a reply.
    let wrong = act(&server, &tokens.editor, &ids[1], "pin", Some(json!({"expected_status": "pending"}))).await;
    assert_eq!((wrong.status, wrong.body["error"]["code"].as_str()), (409, Some("conflict")));
    assert_eq!(act(&server, &tokens.editor, &ids[0], "pin", None).await.status, 409, "pinned already");
    assert_eq!(act(&server, &tokens.editor, &ids[1], "unpin", None).await.status, 409, "not pinned");
    let on_reply = act(&server, &tokens.editor, &reply, "pin", None).await;
    assert_eq!((on_reply.status, on_reply.body["error"]["code"].as_str()), (422, Some("not_top_level")));

    let unpinned = act(&server, &tokens.editor, &ids[0], "unpin", Some(json!({"expected_status": "published"}))).await;
    assert_eq!((unpinned.status, unpinned.body["pinned"].as_bool()), (200, Some(false)));
    assert_eq!(act(&server, &tokens.editor, &ids[2], "unpin", None).await.status, 200);
    for (sort, unpinned) in sorts.iter().zip(&before) {
        assert_eq!(&listed(&server, &format!("{sort}&per_page=50")).await, unpinned, "{sort}: back to normal");
    }
    let rows = audit_rows(&server, &tokens.editor).await;
    let row = |action: &str, id: &String, before: &str, after: &str| {
        (action.to_string(), Some(id.clone()), before.to_string(), after.to_string())
    };
    assert_eq!(
        rows,
        vec![
            row("unpin", &ids[2], "pinned", "unpinned"),
            row("unpin", &ids[0], "pinned", "unpinned"),
            row("pin", &ids[2], "unpinned", "pinned"),
            row("pin", &ids[0], "unpinned", "pinned"),
        ],
        "one row per change, none for the refused ones"
    );
}

// ---- bans ----

async fn ban(server: &Server, token: &str, body: Value) -> Answer {
    send(server, "POST", "/api/admin/bans", Some(token), READER, Some(&body.to_string())).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_banned_reader_id_or_address_is_held_without_being_told() {
    let dir = TempDir::new("moderation", "bans");
    let tokens = accounts(&dir);
    let server = start(&dir, CommentSettings::default()).await;

    let by_id = ban(&server, &tokens.editor, json!({"client_id": "stable-id", "minutes": 60})).await;
    assert_eq!(by_id.status, 201, "{}", by_id.text);
    assert_eq!((by_id.body["client_id"].as_str(), by_id.body["address"].as_str()), (Some("stable-id"), None));
    let by_address = ban(&server, &tokens.editor, json!({"address": "203.0.113.7", "minutes": 60})).await;
    assert_eq!((by_address.status, by_address.body["address"].as_str()), (201, Some("203.0.113.7")));
    let v6 = ban(&server, &tokens.editor, json!({"address": "2001:db8:1:2::99", "minutes": 1})).await;
    assert_eq!((v6.status, v6.body["address"].as_str()), (201, Some("2001:db8:1:2::")), "its /64");

    for (from, client_id) in [(READER, "stable-id"), ("203.0.113.7", "fresh-1"), ("2001:db8:1:2:aaaa::1", "fresh-2")] {
        let held = post_from(&server, from, "一条评论", client_id, None).await;
        assert_eq!((held.status, held.body["status"].as_str()), (201, Some("pending")), "{from} {client_id}");
        assert!(!held.text.contains("ban") && !held.text.contains("封"), "the reader is not told: {}", held.text);
        let id = held.body["id"].as_str().expect("id");
        assert_eq!(held_reason(&dir, id).as_deref(), Some("banned"));
    }
    let free = post_from(&server, "203.0.113.8", "别人的评论", "fresh-3", None).await;
    assert_eq!(free.body["status"], "published", "the next address is not banned");

    // The editor's list: active bans, newest first.
    let list = admin_get(&server, &tokens.editor, "/api/admin/bans").await;
    let ids: Vec<i64> =
        list.body["items"].as_array().expect("items").iter().map(|b| b["id"].as_i64().expect("id")).collect();
    let ban_id = |answer: &Answer| answer.body["id"].as_i64().expect("id");
    assert_eq!(ids, vec![ban_id(&v6), ban_id(&by_address), ban_id(&by_id)]);

    // Lifted early: the address may publish again; a second lift is a conflict.
    let lift_path = format!("/api/admin/bans/{}", ban_id(&by_address));
    let lifted = send(&server, "DELETE", &lift_path, Some(&tokens.editor), READER, None).await;
    assert_eq!(lifted.status, 200, "{}", lifted.text);
    assert!(lifted.body["lifted_at"].is_string());
    assert_eq!(send(&server, "DELETE", &lift_path, Some(&tokens.editor), READER, None).await.status, 409);
    assert_eq!(send(&server, "DELETE", "/api/admin/bans/999", Some(&tokens.editor), READER, None).await.status, 404);
    let again = post_from(&server, "203.0.113.7", "解封之后", "fresh-4", None).await;
    assert_eq!(again.body["status"], "published");

    // Expired: as if its hour had passed.
    dir.sql("UPDATE bans SET expires_at = created_at WHERE client_id = 'stable-id'", &[]);
    let later = post_from(&server, READER, "过期之后", "stable-id-2", None).await;
    assert_eq!(later.body["status"], "published");
    let list = admin_get(&server, &tokens.editor, "/api/admin/bans").await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1), "only the IPv6 ban is still in force");
    let expired_path = format!("/api/admin/bans/{}", ban_id(&by_id));
    assert_eq!(send(&server, "DELETE", &expired_path, Some(&tokens.editor), READER, None).await.status, 409);

    let actions: Vec<String> = audit_rows(&server, &tokens.editor).await.into_iter().map(|r| r.0).collect();
    assert_eq!(actions, ["unban", "ban", "ban", "ban"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ban_requests_are_checked() {
    let dir = TempDir::new("moderation", "ban-checks");
    let tokens = accounts(&dir);
    let server = start(&dir, CommentSettings::default()).await;
    for (body, status, code) in [
        (json!({"minutes": 5}), 422, "missing_target"),
        (json!({"client_id": "r"}), 422, "bad_minutes"),
        (json!({"client_id": "r", "minutes": 0}), 422, "bad_minutes"),
        (json!({"client_id": "r", "minutes": 525_601}), 422, "bad_minutes"),
        (json!({"client_id": "no spaces", "minutes": 5}), 422, "bad_client_id"),
        (json!({"address": "localhost", "minutes": 5}), 422, "bad_address"),
        (json!({"client_id": "r", "minutes": "5"}), 400, "bad_request"),
        (json!({"client_id": "r", "minutes": 5, "forever": true}), 400, "bad_request"),
    ] {
        let answer = ban(&server, &tokens.editor, body.clone()).await;
        assert_eq!((answer.status, answer.body["error"]["code"].as_str()), (status, Some(code)), "{body}");
    }
    let unauthorized =
        send(&server, "POST", "/api/admin/bans", None, READER, Some(r#"{"client_id":"r","minutes":5}"#)).await;
    assert_eq!(unauthorized.status, 401);
    assert_eq!(send(&server, "GET", "/api/admin/bans", None, READER, None).await.status, 401);
    let list = admin_get(&server, &tokens.admin, "/api/admin/bans").await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(0), "nothing was banned");
}

// ---- words ----

async fn put_words(server: &Server, token: Option<&str>, words: &Value) -> Answer {
    send(server, "PUT", "/api/admin/words", token, READER, Some(&words.to_string())).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_admins_read_and_replace_the_word_list() {
    let dir = TempDir::new("moderation", "words-auth");
    let tokens = accounts(&dir);
    let file = news_server::WordList::new(["金融诈骗"]).expect("list");
    let server = start(&dir, CommentSettings { words: Some(Arc::new(file)), ..CommentSettings::default() }).await;

    let read = admin_get(&server, &tokens.admin, "/api/admin/words").await;
    assert_eq!((read.status, read.body.clone()), (200, json!(["金融诈骗"])), "the file's words are stored at start");
    let editor = admin_get(&server, &tokens.editor, "/api/admin/words").await;
    assert_eq!((editor.status, editor.body["error"]["code"].as_str()), (403, Some("forbidden")));
    assert_eq!(put_words(&server, Some(&tokens.editor), &json!(["x"])).await.status, 403);
    assert_eq!(send(&server, "GET", "/api/admin/words", None, READER, None).await.status, 401);
    assert_eq!(put_words(&server, None, &json!(["x"])).await.status, 401);
    assert_eq!(put_words(&server, Some("not-a-token"), &json!(["x"])).await.status, 401);

    for (body, status, code) in [
        (json!(["好词", "!!"]), 422, "bad_words"),
        (json!(["  "]), 422, "bad_words"),
        (json!(["长".repeat(51)]), 422, "bad_words"),
        (json!((0..5001).map(|i| format!("w{i}")).collect::<Vec<_>>()), 422, "bad_words"),
        (json!({"words": ["x"]}), 400, "bad_request"),
        (json!(["x", 5]), 400, "bad_request"),
    ] {
        let answer = put_words(&server, Some(&tokens.admin), &body).await;
        assert_eq!((answer.status, answer.body["error"]["code"].as_str()), (status, Some(code)), "{}", answer.text);
    }
    assert_eq!(admin_get(&server, &tokens.admin, "/api/admin/words").await.body, json!(["金融诈骗"]), "unchanged");

    dir.sql("UPDATE api_tokens SET revoked_at = 2 WHERE user_name = 'root'", &[]);
    assert_eq!(admin_get(&server, &tokens.admin, "/api/admin/words").await.status, 401, "a revoked token");
    assert_eq!(put_words(&server, Some(&tokens.admin), &json!(["x"])).await.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_word_list_holds_comments_at_once_on_every_server() {
    let dir = TempDir::new("moderation", "words");
    let tokens = accounts(&dir);
    let file = news_server::WordList::new(["金融诈骗"]).expect("list");
    let one = start(&dir, CommentSettings { words: Some(Arc::new(file)), ..CommentSettings::default() }).await;
    let other = start(&dir, CommentSettings::default()).await;

    let held = post_from(&other, READER, "金 融 诈 骗", "w1", None).await;
    assert_eq!(held.body["status"], "pending", "the other server matches with the stored list");

    let put = put_words(&one, Some(&tokens.admin), &json!([" 刷单 ", "ＳＣＡＭ", "scam", "金融诈骗"])).await;
    assert_eq!(
        (put.status, put.body.clone()),
        (200, json!(["刷单", "ＳＣＡＭ", "金融诈骗"])),
        "trimmed, repeats dropped"
    );
    for (server, content, client_id) in [(&one, "在线刷-单", "w2"), (&other, "s.c.a.m", "w3")] {
        let answer = post_from(server, READER, content, client_id, None).await;
        assert_eq!(answer.body["status"], "pending", "{content}");
        let id = answer.body["id"].as_str().expect("id");
        assert!(held_reason(&dir, id).is_some_and(|r| r.starts_with("word:")), "{content}");
    }

    assert_eq!(put_words(&one, Some(&tokens.admin), &json!(["刷单"])).await.status, 200);
    let freed = post_from(&other, READER, "金融诈骗", "w4", None).await;
    assert_eq!(freed.body["status"], "published", "a removed word no longer holds");
    let rows = audit_rows(&one, &tokens.admin).await;
    assert_eq!(
        rows,
        vec![
            ("words".to_string(), None, "3 words".to_string(), "1 words".to_string()),
            ("words".to_string(), None, "1 words".to_string(), "3 words".to_string()),
        ]
    );
}

// ---- reports ----

async fn report(server: &Server, id: &str, from: &str, reader: &str, reason: &str) -> Answer {
    let body = json!({"client_id": reader, "reason": reason}).to_string();
    send(server, "POST", &format!("/api/comments/{id}/report"), None, from, Some(&body)).await
}

/// The admin list's entry for a comment of this status.
async fn admin_entry(server: &Server, token: &str, status: &str, id: &str) -> Value {
    let list = admin_get(server, token, &format!("/api/admin/comments?status={status}&per_page=100")).await;
    let items = list.body["items"].as_array().expect("items");
    items.iter().find(|c| c["id"] == id).cloned().unwrap_or(Value::Null)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_count_once_per_reader_and_hide_at_the_threshold_until_approved() {
    let dir = TempDir::new("moderation", "reports");
    let tokens = accounts(&dir);
    let server = start(&dir, CommentSettings { report_threshold: 2, ..CommentSettings::default() }).await;
    let id = post(&server, "有争议的评论", "c1").await;

    let first = report(&server, &id, "203.0.113.1", "reader-1", "spam").await;
    assert_eq!((first.status, first.text.as_str()), (204, ""));
    assert_eq!(report(&server, &id, "203.0.113.1", "reader-1", "spam").await.status, 204, "a retry answers the same");
    assert_eq!(report(&server, &id, "203.0.113.1", "reader-1", "abuse").await.status, 204);
    // Another reader id from the same address: recorded, but the same network.
    assert_eq!(report(&server, &id, "203.0.113.1", "reader-2", "abuse").await.status, 204);
    let entry = admin_entry(&server, &tokens.editor, "published", &id).await;
    assert_eq!((entry["reports"].as_u64(), entry["report_reasons"].clone()), (Some(2), json!({"spam": 1, "abuse": 1})));
    assert_eq!(listed(&server, "per_page=50").await, std::slice::from_ref(&id), "one network is not enough");

    assert_eq!(report(&server, &id, "203.0.113.2", "reader-3", "illegal").await.status, 204);
    assert!(listed(&server, "per_page=50").await.is_empty(), "two networks hide it");
    assert_eq!(held_reason(&dir, &id).as_deref(), Some("reports"));
    let entry = admin_entry(&server, &tokens.editor, "pending", &id).await;
    assert_eq!((entry["held_reason"].as_str(), entry["reports"].as_u64()), (Some("reports"), Some(3)));
    assert_eq!(report(&server, &id, "203.0.113.3", "reader-4", "spam").await.status, 404, "hidden: not reportable");

    let approved = act(&server, &tokens.editor, &id, "approve", Some(json!({"expected_status": "pending"}))).await;
    assert_eq!(approved.status, 200, "{}", approved.text);
    for n in 5..9 {
        let answer = report(&server, &id, &format!("203.0.113.{n}"), &format!("reader-{n}"), "other").await;
        assert_eq!(answer.status, 204);
    }
    assert_eq!(listed(&server, "per_page=50").await, std::slice::from_ref(&id), "an editor's approval stands");
    assert_eq!(admin_entry(&server, &tokens.editor, "published", &id).await["reports"], 7, "still counted");

    let rows = audit_rows(&server, &tokens.editor).await;
    assert_eq!(rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["approve", "hide"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_requests_are_checked() {
    let dir = TempDir::new("moderation", "report-checks");
    accounts(&dir);
    let server = start(&dir, CommentSettings { report_threshold: 1, ..CommentSettings::default() }).await;
    let id = post(&server, "评论", "c1").await;
    let path = format!("/api/comments/{id}/report");
    for (body, status, code) in [
        (r#"{"client_id":"r1","reason":"boring"}"#, 422, "bad_reason"),
        (r#"{"client_id":"r1"}"#, 422, "bad_reason"),
        (r#"{"reason":"spam"}"#, 422, "bad_client_id"),
        ("not json", 400, "bad_request"),
    ] {
        let answer = send(&server, "POST", &path, None, READER, Some(body)).await;
        assert_eq!((answer.status, answer.body["error"]["code"].as_str()), (status, Some(code)), "{body}");
    }
    assert_eq!(report(&server, "999999", READER, "r1", "spam").await.status, 404);
    assert_eq!(listed(&server, "").await, std::slice::from_ref(&id), "nothing refused was counted");

    // No threshold: reports are kept for editors but never hide anything.
    let never = TempDir::new("moderation", "report-never");
    accounts(&never);
    let off = start(&never, CommentSettings { report_threshold: 0, ..CommentSettings::default() }).await;
    let kept = post(&off, "评论", "c1").await;
    for n in 1..6 {
        assert_eq!(report(&off, &kept, &format!("203.0.113.{n}"), &format!("r{n}"), "abuse").await.status, 204);
    }
    assert_eq!(listed(&off, "").await, [kept]);
}
