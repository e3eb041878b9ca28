//! `news-server [--host H] [--port N] [--content DIR] [--dist DIR [--base PATH]] [--db PATH]
//! [--no-seed] [--moderate] [--rate-limit N] [--ip-db PATH]`

use news_server::{
    parse_frame_ancestor, parse_origin, parse_proxy, AppState, BasePath, CommentSettings, CommentStore, IpRegionDb,
    SecuritySettings,
};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

const USAGE: &str = "usage: news-server [--host H] [--port N] [--content DIR] [--dist DIR [--base PATH]]
                   [--db PATH] [--no-seed] [--moderate] [--rate-limit N] [--allow-origin O]…
  --host H        address to bind (default 127.0.0.1)
  --port N        port to bind (default 3000, or $PORT)
  --content DIR   content directory (default: the crate's content/)
  --dist DIR      serve a built single-page app from DIR at /
  --base PATH     serve that app under PATH instead, e.g. /news (build it with
                  `trunk build --public-url /news/`); the API stays at /api
  --db PATH       SQLite file for comments, created if missing (default: $NEWS_DB, else
                  target/news-comments-<port>.db when ./target exists, else
                  news-comments-<port>.db: one file per port, so servers on different
                  ports never share one); `:memory:` keeps comments only while running
  --no-seed       do not write the demo comments into a new database
  --moderate      hold new comments as pending: not listed or counted
  --rate-limit N  new comments per client address per minute (default 5; 0: no limit)
  --like-rate-limit N  likes and unlikes per client address, and per reader id, per minute
                  (default 30; 0: no limit)
  --likes-per-address N  readers whose likes one address may give one comment (default 10;
                  0: no bound)
  --allow-origin O  another origin (https://host[:port]) whose pages may post comments and
                  likes; repeatable. The server's own origin is always allowed
  --trusted-proxy CIDR  a reverse proxy (range) whose X-Forwarded-For is believed; repeatable.
                  Without it X-Forwarded-For is ignored
  --frame-ancestors A  who may frame the app's pages: 'self' (default), 'none' or an origin;
                  repeatable. embed.html may be framed by 'self' and the --allow-origin origins
  --ip-db PATH    ip2region xdb file (IPv4) that new comments take their IP 属地 from
                  (default: $NEWS_IP_DB); without one comments carry no region";

#[derive(Debug, PartialEq)]
struct Options {
    host: String,
    port: u16,
    content: PathBuf,
    dist: Option<PathBuf>,
    base: BasePath,
    /// `None`: chosen from the port once it is bound (see `default_db`).
    db: Option<PathBuf>,
    seed: bool,
    comments: CommentSettings,
    security: SecuritySettings,
}

/// The environment variables the server reads.
#[derive(Debug, Default)]
struct Env {
    port: Option<String>,
    db: Option<String>,
    ip_db: Option<String>,
}

/// Hand-rolled to keep the dependency list short; accepts `--flag value` and `--flag=value`.
/// `Ok(None)` means help was asked for.
fn parse_args(args: impl IntoIterator<Item = String>, env: Env) -> Result<Option<Options>, String> {
    let mut host = "127.0.0.1".to_string();
    let mut port = env.port;
    let mut content = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/content"));
    let mut dist = None;
    let mut base = BasePath::root();
    let mut db = env.db.filter(|d| !d.trim().is_empty()).map(PathBuf::from);
    let mut ip_db = env.ip_db.filter(|d| !d.trim().is_empty()).map(PathBuf::from);
    let mut seed = true;
    let mut comments = CommentSettings::default();
    let mut security = SecuritySettings::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.to_string())),
            _ => (arg, None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        if matches!(flag.as_str(), "--no-seed" | "--moderate") {
            if inline.is_some() {
                return Err(format!("{flag} takes no value"));
            }
            match flag.as_str() {
                "--no-seed" => seed = false,
                _ => comments.moderate = true,
            }
            continue;
        }
        let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--host" => host = value()?,
            "--port" => port = Some(value()?),
            "--content" => content = PathBuf::from(value()?),
            "--dist" => dist = Some(PathBuf::from(value()?)),
            "--base" => base = BasePath::parse(&value()?)?,
            "--db" => db = Some(PathBuf::from(value()?)),
            "--ip-db" => ip_db = Some(PathBuf::from(value()?)),
            "--frame-ancestors" => {
                security.frame_ancestors.push(parse_frame_ancestor(&value()?).map_err(|e| e.to_string())?)
            }
            "--trusted-proxy" => security.trusted_proxies.push(parse_proxy(&value()?).map_err(|e| e.to_string())?),
            "--allow-origin" => security.allow_origins.push(parse_origin(&value()?).map_err(|e| e.to_string())?),
            "--rate-limit" => {
                let raw = value()?;
                comments.rate_limit =
                    raw.trim().parse().map_err(|_| format!("rate limit {raw:?} is not a whole number of posts"))?;
            }
            "--like-rate-limit" => {
                let raw = value()?;
                comments.like_rate_limit =
                    raw.trim().parse().map_err(|_| format!("like rate limit {raw:?} is not a whole number"))?;
            }
            "--likes-per-address" => {
                let raw = value()?;
                comments.likes_per_address =
                    raw.trim().parse().map_err(|_| format!("likes per address {raw:?} is not a whole number"))?;
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    // Loaded once, here: a missing or damaged file stops the server before it takes comments.
    comments.ip_db = ip_db.map(|path| IpRegionDb::open(&path).map(Arc::new)).transpose().map_err(|e| e.to_string())?;
    let port = match port {
        None => 3000,
        Some(p) => p.trim().parse().map_err(|_| format!("port {p:?} is not a number from 0 to 65535"))?,
    };
    if !base.is_root() && dist.is_none() {
        return Err("--base needs --dist: it says where the app is served".into());
    }
    Ok(Some(Options { host, port, content, dist, base, db, seed, comments, security }))
}

/// One database per port, so the servers the tests start side by side never share a file;
/// under `target/` when run from the repository, where build output (and .gitignore) already is.
fn default_db(port: u16, cwd: &Path) -> PathBuf {
    let name = format!("news-comments-{port}.db");
    if cwd.join("target").is_dir() {
        PathBuf::from("target").join(name)
    } else {
        PathBuf::from(name)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let env = Env {
        port: std::env::var("PORT").ok(),
        db: std::env::var("NEWS_DB").ok(),
        ip_db: std::env::var("NEWS_IP_DB").ok(),
    };
    let options = match parse_args(std::env::args().skip(1), env) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("news-server: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("news-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<(), String> {
    let store = news_server::load_content(&options.content)?;
    if let Some(dist) = &options.dist {
        // Checked now: without index.html every app route would 404 and look like a server bug.
        if !dist.join("index.html").is_file() {
            return Err(format!("{}: no index.html (build the app first)", dist.display()));
        }
    }
    let serves_app = options.dist.is_some();

    let listener = tokio::net::TcpListener::bind((options.host.as_str(), options.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.host, options.port))?;
    // The real port matters when asked for port 0 (tests); brackets keep IPv6 URLs valid.
    let port = listener.local_addr().map_or(options.port, |a| a.port());

    let db = options.db.unwrap_or_else(|| default_db(port, Path::new(".")));
    let comments = CommentStore::open(&db, options.seed.then_some(&store))?;
    println!("comments are stored in {}", db.display());
    let state = AppState::new(Arc::new(store), Arc::new(comments), options.comments).with_security(options.security);
    let app = news_server::router_at(state, options.dist, &options.base);

    let host = if options.host.contains(':') { format!("[{}]", options.host) } else { options.host };
    println!("news-server listening on http://{host}:{port}");
    if serves_app {
        println!("the app is at http://{host}:{port}{}", options.base.home());
    }
    // Scripts and tests wait for this line; stdout is block-buffered when piped.
    let _ = std::io::stdout().flush();

    // Connect info gives the comment endpoints the client address (rate limit, IP 属地).
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))
}

/// Ctrl-C, or SIGTERM from a process manager / container runtime.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env_port: Option<&str>) -> Result<Option<Options>, String> {
        parse_args(args.iter().map(|s| s.to_string()), Env { port: env_port.map(String::from), ..Env::default() })
    }

    #[test]
    fn defaults_and_flags() {
        let o = parse(&[], None).unwrap().unwrap();
        assert_eq!((o.host.as_str(), o.port, o.dist), ("127.0.0.1", 3000, None));
        assert!(o.content.ends_with("content"));

        let o =
            parse(&["--port", "8080", "--host=0.0.0.0", "--content", "c", "--dist", "d"], Some("9")).unwrap().unwrap();
        assert_eq!(
            o,
            Options {
                host: "0.0.0.0".into(),
                port: 8080,
                content: "c".into(),
                dist: Some("d".into()),
                base: BasePath::root(),
                db: None,
                seed: true,
                comments: CommentSettings { moderate: false, rate_limit: 5, ..CommentSettings::default() },
                security: SecuritySettings::default(),
            }
        );
        assert_eq!(parse(&[], Some("4000")).unwrap().unwrap().port, 4000, "PORT env is used without --port");
    }

    #[test]
    fn comment_flags_and_db_path() {
        let o = parse(&["--db", "x.db", "--no-seed", "--moderate", "--rate-limit=0"], None).unwrap().unwrap();
        assert_eq!(o.db, Some(PathBuf::from("x.db")));
        assert!(!o.seed);
        assert_eq!(o.comments, CommentSettings { moderate: true, rate_limit: 0, ..CommentSettings::default() });
        assert_eq!(parse(&["--rate-limit", "50"], None).unwrap().unwrap().comments.rate_limit, 50);
        for bad in [&["--rate-limit", "-1"][..], &["--rate-limit", "lots"], &["--rate-limit"], &["--moderate=yes"]] {
            assert!(parse(bad, None).is_err(), "{bad:?}");
        }

        let env = |db: &str| Env { db: Some(db.into()), ..Env::default() };
        assert_eq!(parse_args(Vec::new(), env("/tmp/c.db")).unwrap().unwrap().db, Some("/tmp/c.db".into()));
        assert_eq!(parse_args(Vec::new(), env(" ")).unwrap().unwrap().db, None, "blank NEWS_DB is unset");
        let flag_wins = parse_args(["--db".to_string(), "f.db".to_string()], env("e.db")).unwrap().unwrap();
        assert_eq!(flag_wins.db, Some("f.db".into()));

        let dir = std::env::temp_dir().join(format!("news-server-main-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("target")).unwrap();
        assert_eq!(default_db(4173, &dir), PathBuf::from("target/news-comments-4173.db"));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(default_db(4174, Path::new("/nonexistent")), PathBuf::from("news-comments-4174.db"));
    }

    #[test]
    fn bad_flags_are_errors() {
        assert!(parse(&["--port", "x"], None).is_err());
        assert!(parse(&["--port", "70000"], None).is_err());
        assert!(parse(&["--port"], None).is_err());
        assert!(parse(&["--verbose"], None).is_err());
        assert_eq!(parse(&["--help"], None), Ok(None));
    }

    #[test]
    fn ip_db_is_loaded_at_start() {
        let missing = parse(&["--ip-db", "/nonexistent/ip2region.xdb"], None).unwrap_err();
        assert!(missing.contains("/nonexistent/ip2region.xdb"), "{missing}");
        let env = Env { ip_db: Some("/nonexistent/env.xdb".into()), ..Env::default() };
        assert!(parse_args(Vec::new(), env).unwrap_err().contains("env.xdb"), "NEWS_IP_DB is read");
        let blank = Env { ip_db: Some(" ".into()), ..Env::default() };
        assert_eq!(parse_args(Vec::new(), blank).unwrap().unwrap().comments.ip_db, None, "blank NEWS_IP_DB is unset");
        assert!(parse(&["--ip-db"], None).is_err());
    }

    #[test]
    fn base_path() {
        let o = parse(&["--dist", "d", "--base", "/news"], None).unwrap().unwrap();
        assert_eq!(o.base.as_str(), "/news");
        assert_eq!(parse(&["--dist", "d", "--base=/news/"], None).unwrap().unwrap().base.as_str(), "/news");
        assert_eq!(parse(&["--dist", "d", "--base", "/"], None).unwrap().unwrap().base, BasePath::root());
        assert!(parse(&["--base", "/news"], None).is_err(), "a base without an app to serve");
        for bad in ["news", "/news/../x", "/a//b", "/{id}", "/*x", "/api", "/api/v2", "/new s"] {
            assert!(parse(&["--dist", "d", "--base", bad], None).is_err(), "{bad}");
        }
    }
}
