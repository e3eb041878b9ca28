//! The comment store under load: `scripts/bench-store` runs this (release build) beside a
//! throwaway PostgreSQL and prints, for SQLite and PostgreSQL with one and two server
//! processes: posts per second from 50 concurrent posters, comment-list latency (p50/p99),
//! page 1 and page 500 of an article with 100,000 comments (by page number and by cursor),
//! and the delay from a post to its live notice on the other server. Figures, not a test.

#[path = "../tests/support/mod.rs"]
mod support;

use news_server::db::{DbLocation, Value};
use news_server::CommentStore;
use serde_json::{json, Value as Json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{EventStream, TempDir};

const BUSY: &str = "1001";
const HUGE: &str = "1002";
const HUGE_COUNT: i64 = 100_000;
const POSTERS: usize = 50;
const POSTING_FOR: Duration = Duration::from_secs(10);

struct Instance {
    child: Child,
    base: String,
}

impl Instance {
    fn start(server: &str, db: &str) -> Instance {
        let mut child = Command::new(server)
            .args(["--port", "0", "--db", db, "--no-seed", "--rate-limit", "0", "--like-rate-limit", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("news-server starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let base = loop {
            let line = lines.next().expect("a line").expect("text");
            if let Some(url) = line.strip_prefix("news-server listening on ") {
                break format!("{}/api", url.trim());
            }
        };
        std::thread::spawn(move || lines.for_each(drop));
        Instance { child, base }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}

fn median_ms(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    percentile(&samples, 0.5)
}

/// 100,000 published top-level comments on one article, written straight into the store.
fn fill(db: &str) {
    let store = CommentStore::open(&DbLocation::parse(db), None).expect("store");
    store
        .db()
        .transaction(|sql| {
            for n in 0..HUGE_COUNT {
                sql.execute(
                    "INSERT INTO comments (article_id, author, content, created_at, likes, status)
                     VALUES ($1, '读者', $2, $3, $4, 'published')",
                    &[Value::from(HUGE), Value::Text(format!("第{n}条")), Value::Int(1_700_000_000 + n), Value::Int(n % 97)],
                )?;
            }
            Ok::<_, news_server::db::DbError>(())
        })
        .expect("filled");
}

async fn timed_get(client: &reqwest::Client, url: &str) -> (Duration, Json) {
    let start = Instant::now();
    let body: Json = client.get(url).send().await.expect("answer").json().await.expect("JSON");
    (start.elapsed(), body)
}

async fn run(store: &str, dir: &TempDir, server: &str, instances: usize) {
    let db = dir.db();
    let servers: Vec<Arc<Instance>> = (0..instances).map(|_| Arc::new(Instance::start(server, &db))).collect();
    let client = reqwest::Client::new();

    // Posts per second: 50 posters, each posting as fast as it is answered, for 10 s.
    let posted = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + POSTING_FOR;
    let mut posters = Vec::new();
    for poster in 0..POSTERS {
        let (client, posted) = (client.clone(), Arc::clone(&posted));
        let at = Arc::clone(&servers[poster % instances]);
        posters.push(tokio::spawn(async move {
            let mut n = 0;
            while Instant::now() < deadline {
                let body = json!({"author": "读者", "content": format!("{poster}-{n}"), "client_id": format!("b{instances}-{poster}-{n}")});
                let answer = client
                    .post(format!("{}/articles/{BUSY}/comments", at.base))
                    .header("Content-Type", "application/json")
                    .body(body.to_string())
                    .send()
                    .await;
                if answer.is_ok_and(|a| a.status().as_u16() == 201) {
                    posted.fetch_add(1, Ordering::Relaxed);
                }
                n += 1;
            }
        }));
    }
    for poster in posters {
        let _ = poster.await;
    }
    let per_second = posted.load(Ordering::Relaxed) as f64 / POSTING_FOR.as_secs_f64();

    // List latency: page 1 of the busy article, 10 readers at a time, 1,000 requests.
    let mut latencies = Vec::new();
    for round in 0..100 {
        let mut readers = Vec::new();
        for reader in 0..10 {
            let client = client.clone();
            let url = format!("{}/articles/{BUSY}/comments?per_page=20", servers[(round + reader) % instances].base);
            readers.push(tokio::spawn(async move { timed_get(&client, &url).await.0 }));
        }
        for reader in readers {
            latencies.extend(reader.await.ok());
        }
    }
    latencies.sort();

    // Page 1 and page 500 of 100,000 comments: by number, and by the cursor page 499 gave.
    let base = &servers[0].base;
    let huge = format!("{base}/articles/{HUGE}/comments?per_page=20&sort=newest");
    let (_, before) = timed_get(&client, &format!("{huge}&page=499")).await;
    let cursor = before["next_cursor"].as_str().expect("page 499 has a next cursor").to_string();
    let mut first = Vec::new();
    let mut by_number = Vec::new();
    let mut by_cursor = Vec::new();
    for _ in 0..20 {
        first.push(timed_get(&client, &format!("{huge}&page=1")).await.0);
        by_number.push(timed_get(&client, &format!("{huge}&page=500")).await.0);
        by_cursor.push(timed_get(&client, &format!("{huge}&cursor={cursor}")).await.0);
    }

    // Post to live notice: a reader on the last server, posts on the first.
    let listener = &servers[instances - 1];
    let mut stream = EventStream::open(&format!("{}/articles/{BUSY}/comments/events", listener.base), None).await;
    stream.next_within(Duration::from_secs(5)).await.expect("ready");
    let mut delays = Vec::new();
    for n in 0..20 {
        let start = Instant::now();
        let body = json!({"author": "读者", "content": format!("实时{n}"), "client_id": format!("live{instances}-{n}")});
        client
            .post(format!("{}/articles/{BUSY}/comments", servers[0].base))
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("posted");
        loop {
            let event = stream.next_within(Duration::from_secs(5)).await.expect("a live notice");
            if event.data.contains(&format!("实时{n}")) {
                break;
            }
        }
        delays.push(start.elapsed());
    }
    delays.sort();

    println!(
        "| {store} | {instances} | {per_second:.0} | {:.1} / {:.1} | {:.1} | {:.1} | {:.1} | {:.0} / {:.0} |",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        median_ms(first),
        median_ms(by_number),
        median_ms(by_cursor),
        percentile(&delays, 0.5),
        percentile(&delays, 0.99),
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let server = std::env::args().nth(1).unwrap_or_else(|| "target/release/news-server".into());
    println!("| store | servers | posts/s (50 posters) | list p50 / p99 ms | page 1 ms | page 500 by number ms | page 500 by cursor ms | post to live notice p50 / p99 ms |");
    println!("|---|---|---|---|---|---|---|---|");
    let postgres = support::postgres_url();
    let stores: Vec<(&str, bool)> = if postgres.is_some() { vec![("SQLite", false), ("PostgreSQL", true)] } else { vec![("SQLite", false)] };
    for (name, on_postgres) in stores {
        for instances in [1, 2] {
            let dir = TempDir::on("bench", &format!("{name}{instances}"), postgres.clone().filter(|_| on_postgres));
            let started = Instant::now();
            fill(&dir.db());
            eprintln!("{name}: 100,000 comments written in {:.1} s", started.elapsed().as_secs_f64());
            run(name, &dir, &server, instances).await;
        }
    }
}
