//! The settings as the binary reads them: command line, environment and `--config` file.
//!
//! Clap reads the process environment itself, so every test here takes `ENV`, sets exactly the
//! variables it names and clears the others: tests run in parallel threads, and a `PORT` set
//! by the shell that runs them must not change what they see. Nothing else in this test binary
//! touches the environment.

use clap::CommandFactory;
use news_server::settings::{from_args, Cli, Invocation, ServeSettings, SettingsError};
use news_server::{BasePath, CommentSettings, SecuritySettings};
use std::path::PathBuf;
use std::sync::Mutex;

static ENV: Mutex<()> = Mutex::new(());

/// Every variable the command line reads, from clap's own definition.
fn env_names() -> Vec<String> {
    let cmd = Cli::command();
    cmd.get_arguments().filter_map(|arg| arg.get_env()).map(|name| name.to_string_lossy().into_owned()).collect()
}

fn parse_with(args: &[&str], env: &[(&str, &str)]) -> Result<ServeSettings, SettingsError> {
    let _guard = ENV.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let names = env_names();
    for name in &names {
        std::env::remove_var(name);
    }
    for (name, value) in env {
        assert!(names.iter().any(|n| n == name), "{name} is not read by the server");
        std::env::set_var(name, value);
    }
    let result = from_args(std::iter::once("news-server").chain(args.iter().copied()));
    for (name, _) in env {
        std::env::remove_var(name);
    }
    match result {
        Ok(Invocation::Serve(settings)) => Ok(settings),
        Ok(other) => panic!("{args:?} is not serve: {other:?}"),
        Err(e) => Err(e),
    }
}

fn parse(args: &[&str]) -> Result<ServeSettings, SettingsError> {
    parse_with(args, &[])
}

fn message(result: Result<ServeSettings, SettingsError>) -> String {
    match result {
        Ok(settings) => panic!("accepted: {settings:?}"),
        Err(e) => e.to_string(),
    }
}

/// A config file of its own for each test, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        let path = std::env::temp_dir().join(format!("news-server-{}-{name}.toml", std::process::id()));
        std::fs::write(&path, text).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn defaults_and_flags() {
    let o = parse(&[]).unwrap();
    assert_eq!((o.host.as_str(), o.port, o.dist), ("127.0.0.1", 3000, None));
    assert!(o.content.ends_with("content"));

    let o =
        parse_with(&["--port", "8080", "--host=0.0.0.0", "--content", "c", "--dist", "d"], &[("PORT", "9")]).unwrap();
    assert_eq!(
        o,
        ServeSettings {
            host: "0.0.0.0".into(),
            port: 8080,
            content: "c".into(),
            dist: Some("d".into()),
            base: BasePath::root(),
            public_origin: None,
            fill_pages: true,
            db: None,
            seed: true,
            comments: CommentSettings { moderate: false, rate_limit: 5, ..CommentSettings::default() },
            security: SecuritySettings::default(),
        }
    );
    assert_eq!(parse_with(&[], &[("PORT", "4000")]).unwrap().port, 4000, "PORT env is used without --port");
    assert_eq!(parse_with(&[], &[("PORT", " 4000 ")]).unwrap().port, 4000, "spaces around PORT are ignored");
}

#[test]
fn comment_flags_and_db_path() {
    let o = parse(&["--db", "x.db", "--no-seed", "--moderate", "--rate-limit=0"]).unwrap();
    assert_eq!(o.db, Some(PathBuf::from("x.db")));
    assert!(!o.seed);
    assert_eq!(o.comments, CommentSettings { moderate: true, rate_limit: 0, ..CommentSettings::default() });
    assert_eq!(parse(&["--rate-limit", "50"]).unwrap().comments.rate_limit, 50);
    let likes = parse(&["--like-rate-limit", "0", "--likes-per-address=2"]).unwrap().comments;
    assert_eq!((likes.like_rate_limit, likes.likes_per_address), (0, 2));
    for bad in [
        &["--rate-limit", "-1"][..],
        &["--rate-limit", "lots"],
        &["--rate-limit"],
        &["--moderate=yes"],
        &["--like-rate-limit", "x"],
        &["--likes-per-address", "-3"],
    ] {
        assert!(matches!(parse(bad), Err(SettingsError::Usage(_))), "{bad:?}");
    }
    assert!(message(parse(&["--rate-limit", "lots"])).contains("rate limit \"lots\" is not a whole number of posts"));

    assert_eq!(parse_with(&[], &[("NEWS_DB", "/tmp/c.db")]).unwrap().db, Some("/tmp/c.db".into()));
    assert_eq!(parse_with(&[], &[("NEWS_DB", " ")]).unwrap().db, None, "blank NEWS_DB is unset");
    assert_eq!(parse_with(&["--db", "f.db"], &[("NEWS_DB", "e.db")]).unwrap().db, Some("f.db".into()));
}

#[test]
fn bad_flags_are_errors() {
    assert!(message(parse(&["--port", "x"])).contains("port \"x\" is not a number from 0 to 65535"));
    assert!(parse(&["--port", "70000"]).is_err());
    assert!(parse(&["--port"]).is_err());
    assert!(parse_with(&[], &[("PORT", "x")]).is_err(), "a bad PORT is an error, not the default");
    assert!(message(parse(&["--verbose"])).contains("--verbose"));
    assert!(message(parse(&["--trusted-proxy", "10.0.0.0/33"])).contains("not an address or a CIDR range"));
    assert!(message(parse(&["--allow-origin", "a.example"])).contains("https://host[:port]"));
    assert!(message(parse(&["--frame-ancestors", "all"])).contains("'self', 'none'"));
    assert!(parse(&["--port", "1", "serve"]).is_err(), "options before the sub-command are not guessed at");
    for asked in [&["--help"][..], &["serve", "--help"], &["--version"]] {
        match parse(asked) {
            Err(e @ SettingsError::Usage(_)) => assert_eq!(e.exit_code(), 0, "{asked:?}"),
            other => panic!("{asked:?}: {other:?}"),
        }
    }
    let usage = parse(&["--port", "x"]).unwrap_err();
    assert_eq!(usage.exit_code(), 2);
}

#[test]
fn base_path() {
    let o = parse(&["--dist", "d", "--base", "/news"]).unwrap();
    assert_eq!(o.base.as_str(), "/news");
    assert_eq!(parse(&["--dist", "d", "--base=/news/"]).unwrap().base.as_str(), "/news");
    assert_eq!(parse(&["--dist", "d", "--base", "/"]).unwrap().base, BasePath::root());
    let no_app = parse(&["--base", "/news"]).unwrap_err();
    assert!(no_app.to_string().contains("--base needs --dist"), "a base without an app to serve: {no_app}");
    assert_eq!(no_app.exit_code(), 2);
    for bad in ["news", "/news/../x", "/a//b", "/{id}", "/*x", "/api", "/api/v2", "/new s"] {
        assert!(matches!(parse(&["--dist", "d", "--base", bad]), Err(SettingsError::Usage(_))), "{bad}");
    }
    assert!(message(parse(&["--dist", "d", "--base", "news"])).contains("must start with /"));
}

#[test]
fn repeatable_options() {
    let o = parse(&[
        "--allow-origin",
        "https://A.example/",
        "--allow-origin=http://b.example:8080",
        "--trusted-proxy",
        "10.0.0.0/8",
        "--trusted-proxy",
        "::1",
        "--frame-ancestors",
        "'none'",
    ])
    .unwrap();
    assert_eq!(o.security.allow_origins, ["https://a.example", "http://b.example:8080"]);
    assert_eq!(o.security.trusted_proxies, ["10.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()]);
    assert_eq!(o.security.frame_ancestors, ["'none'"]);
    let env = parse_with(&[], &[("NEWS_TRUSTED_PROXY", "10.0.0.0/8,127.0.0.1")]).unwrap();
    assert_eq!(env.security.trusted_proxies.len(), 2, "a list in one variable is comma-separated");
}

#[test]
fn precedence_flag_then_env_then_file_then_default() {
    let file = TempFile::new(
        "precedence",
        "port = 1111\ndb = \"file.db\"\nhost = \"::1\"\nallow_origin = [\"https://file.example\"]\nmoderate = true\n",
    );
    let config = file.path();

    // The file over the defaults.
    let o = parse(&["--config", config]).unwrap();
    assert_eq!(
        (o.port, o.db.clone(), o.host.as_str(), o.comments.moderate),
        (1111, Some("file.db".into()), "::1", true)
    );
    assert_eq!(o.security.allow_origins, ["https://file.example"]);
    assert_eq!(o.comments.rate_limit, 5, "what the file leaves out keeps its default");

    // The environment over the file.
    let env = [
        ("PORT", "2222"),
        ("NEWS_DB", "env.db"),
        ("NEWS_ALLOW_ORIGIN", "https://env.example"),
        ("NEWS_MODERATE", "false"),
    ];
    let o = parse_with(&["--config", config], &env).unwrap();
    assert_eq!(
        (o.port, o.db.clone(), o.host.as_str(), o.comments.moderate),
        (2222, Some("env.db".into()), "::1", false)
    );
    assert_eq!(o.security.allow_origins, ["https://env.example"]);

    // Flags over the environment.
    let flags =
        ["--config", config, "--port=3333", "--db", "flag.db", "--allow-origin", "https://flag.example", "--moderate"];
    let o = parse_with(&flags, &env).unwrap();
    assert_eq!((o.port, o.db.clone(), o.comments.moderate), (3333, Some("flag.db".into()), true));
    assert_eq!(o.security.allow_origins, ["https://flag.example"]);
    assert!(!parse_with(&["--config", config, "--moderate=false"], &[]).unwrap().comments.moderate);

    // The file can be named in the environment too.
    assert_eq!(parse_with(&[], &[("NEWS_CONFIG", config)]).unwrap().port, 1111);
}

#[test]
fn serve_explicit_and_implicit_are_the_same() {
    let file = TempFile::new("serve", "like_rate_limit = 9\ntrusted_proxy = [\"10.0.0.1\"]\n");
    let options =
        ["--port", "4173", "--db", "x.db", "--dist", "dist", "--rate-limit", "0", "--moderate", "--base", "/news"];
    let implicit = parse(&[&["--config", file.path()][..], &options[..]].concat()).unwrap();
    let explicit = parse(&[&["serve", "--config", file.path()][..], &options[..]].concat()).unwrap();
    assert_eq!(implicit, explicit);
    assert_eq!((implicit.port, implicit.base.as_str(), implicit.comments.like_rate_limit), (4173, "/news", 9));
    assert_eq!(parse(&["serve"]).unwrap(), parse(&[]).unwrap());
}

#[test]
fn file_errors_name_the_file_and_the_key() {
    let typo = TempFile::new("typo", "port = 3000\nrate_limt = 0\n");
    let e = parse(&["--config", typo.path()]).unwrap_err();
    assert!(matches!(e, SettingsError::File { .. }), "{e:?}");
    let text = e.to_string();
    assert!(text.contains(typo.path()) && text.contains("rate_limt"), "{text}");
    assert_eq!(e.exit_code(), 2);

    let wrong = TempFile::new("wrong", "moderate = \"yes\"\n");
    assert!(message(parse(&["--config", wrong.path()])).contains("moderate"));

    let missing = std::env::temp_dir().join("news-server-no-such-settings.toml");
    let e = parse(&["--config", missing.to_str().unwrap()]).unwrap_err();
    assert!(matches!(e, SettingsError::Read { .. }) && e.to_string().contains("no-such-settings"), "{e}");
}
