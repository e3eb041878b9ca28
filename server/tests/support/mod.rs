//! What several test files share: a temp directory of their own for a database or content, the
//! comment store a test runs on, and a router served on a free port.
//!
//! One set of tests, two stores: by default every store is a SQLite file in the test's temp
//! directory; with `NEWS_TEST_POSTGRES` set to a PostgreSQL server's URL (scripts/test starts a
//! throwaway one), each test gets a schema of its own on that server instead, dropped when the
//! test ends.
// Each test file includes this module and uses part of it.
#![allow(dead_code)]

pub mod html;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use news_server::db::{DbLocation, Row, Value};
use news_server::CommentStore;
use sha2::Sha256;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A temp directory, empty at the start and removed when the test ends, pass or fail, with the
/// comment store of the test (see the module doc).
pub struct TempDir {
    path: PathBuf,
    /// `--db` for the test's server: the SQLite file, or the PostgreSQL URL of its schema.
    db: String,
    /// The schema to drop at the end, on PostgreSQL.
    schema: Option<Schema>,
    /// A store on the same database, opened on the first [`TempDir::sql`].
    inspector: OnceLock<CommentStore>,
}

/// The PostgreSQL server the suite runs on, if any.
pub fn postgres_url() -> Option<String> {
    std::env::var("NEWS_TEST_POSTGRES").ok().filter(|url| !url.trim().is_empty())
}

struct Schema {
    server: String,
    name: String,
}

/// Runs one statement on `server` from a thread of its own, so that it works from inside a
/// test's runtime as well as outside one.
fn admin_statement(server: &str, statement: String) {
    let server = server.to_string();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(&server, tokio_postgres::NoTls).await.expect("connect");
            let driver = tokio::spawn(connection);
            client.batch_execute(&statement).await.expect(&statement);
            drop(client);
            let _ = driver.await;
        });
    })
    .join()
    .expect("the admin statement's thread");
}

impl TempDir {
    /// `news-<suite>-test-<pid>-<name>` under the system's temp folder: tests that run at once
    /// (and test files run side by side) never share one.
    pub fn new(suite: &str, name: &str) -> Self {
        Self::on(suite, name, postgres_url())
    }

    /// As [`TempDir::new`], on the PostgreSQL server `postgres` names, or SQLite for `None`.
    pub fn on(suite: &str, name: &str, postgres: Option<String>) -> Self {
        let path = std::env::temp_dir().join(format!("news-{suite}-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        let (db, schema) = match postgres {
            None => (path.join("server.db").to_string_lossy().into_owned(), None),
            Some(server) => {
                // Unquoted identifiers are lower case; at most 63 bytes.
                let raw = format!("t{}_{suite}_{name}", std::process::id()).to_lowercase();
                let name: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).take(63).collect();
                admin_statement(&server, format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"));
                let separator = if server.contains('?') { '&' } else { '?' };
                let db = format!("{server}{separator}options=-c%20search_path%3D{name}");
                (db, Some(Schema { server, name }))
            }
        };
        TempDir { path, db, schema, inspector: OnceLock::new() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The test's store as `--db` names it: a SQLite file, or a PostgreSQL URL.
    pub fn db(&self) -> String {
        self.db.clone()
    }

    pub fn location(&self) -> DbLocation {
        DbLocation::parse(&self.db)
    }

    /// Opens (creating) the test's store.
    pub fn store(&self) -> CommentStore {
        CommentStore::open(&self.location(), None).expect("the test's store")
    }

    /// Runs a statement on the test's store, for checks of what a server stored and for
    /// setting up states the API cannot reach.
    pub fn sql(&self, statement: &str, args: &[Value]) -> Vec<Row> {
        let store = self.inspector.get_or_init(|| self.store());
        store.db().with(|sql| sql.query(statement, args)).unwrap_or_else(|e| panic!("{statement}: {e}"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // The inspector's connections go before the schema they use.
        drop(self.inspector.take());
        if let Some(schema) = &self.schema {
            admin_statement(&schema.server, format!("DROP SCHEMA IF EXISTS {} CASCADE", schema.name));
        }
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A comment id as a statement's parameter.
pub fn id(id: &str) -> Value {
    Value::Int(id.parse().expect("a numeric comment id"))
}

/// A router served on a free loopback port, each request with its connection's address (as a
/// real server sees it), stopped when dropped.
pub struct Served {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

pub async fn serve(app: axum::Router) -> Served {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await;
    });
    Served { addr, task }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A store of its own for a test that needs no file to look into: in memory on SQLite; on
/// PostgreSQL, a new schema that lives as long as the suite's throwaway server.
pub fn fresh_store() -> CommentStore {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    match postgres_url() {
        None => CommentStore::open_in_memory(None).expect("memory store"),
        Some(server) => {
            let name = format!("m{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
            admin_statement(&server, format!("CREATE SCHEMA {name}"));
            let separator = if server.contains('?') { '&' } else { '?' };
            let url = format!("{server}{separator}options=-c%20search_path%3D{name}");
            CommentStore::open(&DbLocation::parse(&url), None).expect("a store on a new schema")
        }
    }
}

/// One server-sent event as a test reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerEvent {
    pub event: String,
    pub id: Option<String>,
    pub data: String,
}

/// A `text/event-stream` answer read event by event.
pub struct EventStream {
    response: reqwest::Response,
    /// Bytes, not text: a chunk may end inside a character.
    buffer: Vec<u8>,
}

impl EventStream {
    /// Opens `url`, with `Last-Event-ID` when given, and checks it is an event stream.
    pub async fn open(url: &str, last_event_id: Option<&str>) -> EventStream {
        let mut request = reqwest::Client::new().get(url);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.expect("the stream opens");
        assert_eq!(response.status().as_u16(), 200);
        let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        assert!(kind.starts_with("text/event-stream"), "{kind}");
        EventStream { response, buffer: Vec::new() }
    }

    /// The next event (keep-alive comments skipped), or `None` if none comes within `wait`.
    pub async fn next_within(&mut self, wait: std::time::Duration) -> Option<ServerEvent> {
        tokio::time::timeout(wait, self.next()).await.ok().flatten()
    }

    async fn next(&mut self) -> Option<ServerEvent> {
        loop {
            if let Some(end) = self.buffer.windows(2).position(|w| w == b"\n\n") {
                let bytes: Vec<u8> = self.buffer.drain(..end + 2).collect();
                let block = String::from_utf8(bytes).expect("events are UTF-8");
                let mut event = ServerEvent { event: "message".into(), id: None, data: String::new() };
                let mut any = false;
                for line in block.lines() {
                    let (field, value) = line.split_once(':').map_or((line, ""), |(f, v)| (f, v.strip_prefix(' ').unwrap_or(v)));
                    match field {
                        "event" => (event.event, any) = (value.to_string(), true),
                        "id" => (event.id, any) = (Some(value.to_string()), true),
                        "data" => (event.data, any) = (value.to_string(), true),
                        _ => {}
                    }
                }
                if any {
                    return Some(event);
                }
                continue;
            }
            let chunk = self.response.chunk().await.ok().flatten()?;
            self.buffer.extend_from_slice(&chunk);
        }
    }
}

/// A reader token, `PAYLOAD.SIG`, as docs/sso.md tells a portal to make it: written out here
/// rather than taken from the server, so that the format is checked, not just agreed with itself.
pub fn sign_reader_token(secret: &str, payload: &serde_json::Value) -> String {
    let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(payload.as_bytes());
    format!("{payload}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}
