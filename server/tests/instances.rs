//! Several server processes on one store, as a portal runs them behind a load balancer: what
//! one instance did holds on the other (one comment per client id, exact like counts, shared
//! rate limits), and a post that was answered 2xx survives `kill -9`. On SQLite the two
//! processes share one file; with NEWS_TEST_POSTGRES, one PostgreSQL schema (support/).

mod support;

use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use support::TempDir;

const ARTICLE: &str = "1001";

/// A `news-server` process on the test's store, stopped (killed) when dropped.
struct Instance {
    child: Child,
    base: String,
}

impl Instance {
    /// Starts one on a free port with `flags` and waits for its "listening" line.
    fn start(dir: &TempDir, flags: &[&str]) -> Instance {
        let mut child = Command::new(env!("CARGO_BIN_EXE_news-server"))
            .args(["--port", "0", "--db", &dir.db(), "--no-seed", "--trusted-proxy", "127.0.0.1"])
            .args(flags)
            .env_clear()
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("news-server starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = lines.next().expect("a line before the server ends").expect("stdout is text");
            if let Some(url) = line.strip_prefix("news-server listening on ") {
                break url.trim().to_string();
            }
        };
        // The rest of its output is not needed, but must be read so the server never blocks.
        std::thread::spawn(move || lines.for_each(drop));
        Instance { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api{path}", self.base)
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A distinct client address for reader `n` (the instances trust the loopback proxy).
fn address(n: usize) -> String {
    format!("10.{}.{}.{}", n / 65_536 % 256, n / 256 % 256, n % 256)
}

async fn post(client: &reqwest::Client, at: &Instance, from: &str, body: &Value) -> reqwest::Result<reqwest::Response> {
    client
        .post(at.url(&format!("/articles/{ARTICLE}/comments")))
        .header("Content-Type", "application/json")
        .header("X-Forwarded-For", from)
        .body(body.to_string())
        .send()
        .await
}

async fn get_json(client: &reqwest::Client, url: String) -> Value {
    client.get(url).send().await.expect("an answer").json().await.expect("JSON")
}

/// Every published top-level comment of the article, walked with cursors.
async fn all_comments(client: &reqwest::Client, at: &Instance) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = at.url(&format!("/articles/{ARTICLE}/comments?per_page=100&sort=oldest"));
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = get_json(client, url).await;
        items.extend(page["items"].as_array().expect("items").iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return items,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_store_each_retried_post_once_count_likes_exactly_and_share_limits() {
    let dir = TempDir::new("instances", "two");
    let (a, b) = (Arc::new(Instance::start(&dir, &[])), Arc::new(Instance::start(&dir, &[])));
    let client = reqwest::Client::new();

    // 200 posters, each sending its post to one instance and the same post (same client id) to
    // the other at the same moment, as a retry after a lost answer would.
    let mut posters = Vec::new();
    for n in 0..200 {
        let (a, b, client) = (Arc::clone(&a), Arc::clone(&b), client.clone());
        posters.push(tokio::spawn(async move {
            let body = json!({"author": "读者", "content": format!("第{n}位读者的评论"), "client_id": format!("poster-{n}")});
            let (first, second) = if n % 2 == 0 { (&a, &b) } else { (&b, &a) };
            let from = address(n);
            let (one, two) = tokio::join!(post(&client, first, &from, &body), post(&client, second, &from, &body));
            let mut ids = Vec::new();
            for answer in [one, two] {
                let answer = answer.expect("the instance answers");
                let status = answer.status().as_u16();
                assert!(status == 201 || status == 200, "poster {n}: {status}");
                let comment: Value = answer.json().await.expect("a comment");
                ids.push(comment["id"].as_str().expect("id").to_string());
            }
            assert_eq!(ids[0], ids[1], "poster {n}: both tries answer with the one stored comment");
            ids.remove(0)
        }));
    }
    let mut acknowledged = HashSet::new();
    for poster in posters {
        acknowledged.insert(poster.await.expect("poster"));
    }
    assert_eq!(acknowledged.len(), 200);
    let stored = all_comments(&client, &a).await;
    let contents: Vec<&str> = stored.iter().map(|c| c["content"].as_str().expect("content")).collect();
    let distinct: HashSet<&str> = contents.iter().copied().collect();
    assert_eq!((contents.len(), distinct.len()), (200, 200), "0 lost, 0 duplicates");
    let ids: HashSet<String> = stored.iter().map(|c| c["id"].as_str().expect("id").to_string()).collect();
    assert_eq!(ids, acknowledged);

    // 1,000 readers like one comment, each from an address of its own, spread over both.
    let liked = stored[0]["id"].as_str().expect("id").to_string();
    let mut likers = Vec::new();
    for n in 0..1000 {
        let at = if n % 2 == 0 { Arc::clone(&a) } else { Arc::clone(&b) };
        let (client, liked) = (client.clone(), liked.clone());
        likers.push(tokio::spawn(async move {
            let answer = client
                .post(at.url(&format!("/comments/{liked}/like")))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", address(10_000 + n))
                .body(json!({"client_id": format!("reader-{n}")}).to_string())
                .send()
                .await
                .expect("the instance answers");
            assert_eq!(answer.status().as_u16(), 200, "like {n}");
        }));
    }
    for liker in likers {
        liker.await.expect("liker");
    }
    let first_page = get_json(&client, b.url(&format!("/articles/{ARTICLE}/comments?sort=hot&per_page=1"))).await;
    assert_eq!((first_page["items"][0]["id"].as_str(), first_page["items"][0]["likes"].as_u64()), (Some(liked.as_str()), Some(1000)));

    // The posting limit (5 a minute per address) counts posts to either instance.
    let from = address(99_999);
    let mut statuses = HashMap::new();
    for n in 0..6 {
        let at = if n < 5 { &a } else { &b };
        let body = json!({"author": "快手", "content": format!("连发第{n}条"), "client_id": format!("fast-{n}")});
        let status = post(&client, at, &from, &body).await.expect("answer").status().as_u16();
        *statuses.entry(status).or_insert(0) += 1;
    }
    assert_eq!(statuses, HashMap::from([(201, 5), (429, 1)]), "the sixth, on the other instance, is refused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_post_answered_2xx_survives_kill_9() {
    let dir = TempDir::new("instances", "crash");
    let mut victim = Instance::start(&dir, &["--rate-limit", "0"]);
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().expect("client");
    let url = victim.url(&format!("/articles/{ARTICLE}/comments"));

    // Posters keep posting until the instance dies under them.
    let mut posters = Vec::new();
    for poster in 0..20 {
        let (client, url) = (client.clone(), url.clone());
        posters.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for n in 0.. {
                let body = json!({"author": "读者", "content": format!("{poster}号读者的第{n}条"), "client_id": format!("crash-{poster}-{n}")});
                let sent = client.post(&url).header("Content-Type", "application/json").body(body.to_string()).send().await;
                match sent {
                    Ok(answer) if answer.status().is_success() => {
                        let comment: Value = match answer.json().await {
                            Ok(comment) => comment,
                            Err(_) => break,
                        };
                        acknowledged.push(comment["id"].as_str().expect("id").to_string());
                    }
                    // Refused or cut off: the instance is gone.
                    _ => break,
                }
            }
            acknowledged
        }));
    }
    // Kill it mid-burst, once it has acknowledged a fair number of posts.
    loop {
        let page = get_json(&client, victim.url(&format!("/articles/{ARTICLE}/comments?per_page=1"))).await;
        if page["total"].as_u64().unwrap_or(0) >= 100 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    victim.kill();
    let mut acknowledged = HashSet::new();
    for poster in posters {
        acknowledged.extend(poster.await.expect("poster"));
    }
    assert!(acknowledged.len() >= 100, "the burst was under way: {}", acknowledged.len());

    let restarted = Instance::start(&dir, &[]);
    let stored: HashSet<String> =
        all_comments(&client, &restarted).await.iter().map(|c| c["id"].as_str().expect("id").to_string()).collect();
    let lost: Vec<&String> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "{} acknowledged posts lost: {lost:?}", lost.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_comment_posted_on_one_instance_reaches_readers_of_the_other_within_2_seconds() {
    let dir = TempDir::new("instances", "live");
    let (a, b) = (Instance::start(&dir, &[]), Instance::start(&dir, &[]));
    let client = reqwest::Client::new();
    let mut stream = support::EventStream::open(&b.url(&format!("/articles/{ARTICLE}/comments/events")), None).await;
    let within = std::time::Duration::from_secs(2);
    assert_eq!(stream.next_within(within).await.map(|e| e.event), Some("ready".to_string()));
    for n in 0..3 {
        let body = json!({"author": "读者", "content": format!("从另一台发来的第{n}条"), "client_id": format!("live-{n}")});
        let posted: Value = post(&client, &a, &address(n), &body).await.expect("posted").json().await.expect("JSON");
        let event = stream.next_within(within).await.expect("the other instance's reader hears of it in time");
        let comment: Value = serde_json::from_str(&event.data).expect("a Comment");
        assert_eq!(comment["id"], posted["id"]);
    }
}
