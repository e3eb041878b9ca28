//! What several test files share: a temp directory of their own for a database or content, and
//! a router served on a free port.
// Each test file includes this module and uses part of it.
#![allow(dead_code)]

pub mod html;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// A temp directory, empty at the start and removed when the test ends, pass or fail.
pub struct TempDir(PathBuf);

impl TempDir {
    /// `news-<suite>-test-<pid>-<name>` under the system's temp folder: tests that run at once
    /// (and test files run side by side) never share one.
    pub fn new(suite: &str, name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("news-{suite}-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The SQLite file a test's server uses.
    pub fn db(&self) -> PathBuf {
        self.0.join("server.db")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
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
