//! `news-server [serve] [options]`, `news-server user <add|list|remove>` and
//! `news-server token <add|list|revoke>`: see
//! `news-server --help`, and `settings.rs` for where each setting can come from.

use news_server::settings::{self, default_db, Invocation, ServeSettings, SettingsError, TokenCommand, UserCommand};
use news_server::tokens;
use news_server::users::{self, UserError};
use news_server::db::DbLocation;
use news_server::{AppState, CommentStore};
use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Not `#[tokio::main]`: the commands other than `serve` use the store from this thread, which
/// must not be inside an async runtime (the PostgreSQL store waits on a runtime of its own).
fn main() -> ExitCode {
    let settings = match settings::from_args(std::env::args_os()) {
        Ok(Invocation::Serve(settings)) => settings,
        Ok(Invocation::User { db, command }) => {
            return match user(&db, command) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("news-server: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Ok(Invocation::Token { db, command }) => {
            return match token(&db, command) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("news-server: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Ok(Invocation::CopyStore { from, to }) => {
            return match copy_store(&from, &to) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("news-server: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Ok(Invocation::Prerender(args)) => {
            return match prerender(args) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("news-server: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Err(SettingsError::Usage(e)) => {
            // Clap prints help and version to stdout, errors with the usage line to stderr.
            let _ = e.print();
            return exit_code(e.exit_code());
        }
        Err(e) => {
            eprintln!("news-server: {e}");
            return exit_code(e.exit_code());
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("news-server: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("news-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `news-server user …` on the database `serve` would open. A database it creates gets no demo
/// comments: accounts are for a real deployment, whose comments are its readers'.
fn user(db: &Path, command: UserCommand) -> Result<(), String> {
    let store = || CommentStore::open(&location(db), None);
    match command {
        UserCommand::Add { name, role, replace_password } => {
            // Checked before the password is asked for, so a typo costs no typing.
            users::check_name(&name).map_err(|e| e.to_string())?;
            let password = read_password().map_err(|e| e.to_string())?;
            let replaced =
                users::add_user(&store()?, &name, role, &password, replace_password, news_server::now_unix())
                    .map_err(|e| e.to_string())?;
            let done = if replaced { "replaced the password and role of" } else { "added" };
            println!("{done} {role} {name} in {}", location(db));
        }
        UserCommand::List => {
            for user in users::list_users(&store()?).map_err(|e| e.to_string())? {
                println!("{}\t{}\t{}", user.name, user.role, users::format_utc(user.created_at));
            }
        }
        UserCommand::Remove { name } => {
            users::remove_user(&store()?, &name).map_err(|e| e.to_string())?;
            println!("removed {name} from {}", location(db));
        }
    }
    Ok(())
}

/// `news-server token …` on the database `serve` would open.
fn token(db: &Path, command: TokenCommand) -> Result<(), String> {
    let store = CommentStore::open(&location(db), None)?;
    match command {
        TokenCommand::Add { user } => {
            let (id, token) = tokens::add_token(&store, &user, news_server::now_unix()).map_err(|e| e.to_string())?;
            println!("token {id} for {user} in {} (shown only now: keep it secret):", location(db));
            // Alone on the last line, so that scripts can take it with `tail -n 1`.
            println!("{token}");
        }
        TokenCommand::List => {
            for token in tokens::list_tokens(&store).map_err(|e| e.to_string())? {
                let revoked = token.revoked_at.map_or_else(|| "-".to_string(), users::format_utc);
                println!("{}\t{}\t{}\t{revoked}", token.id, token.user, users::format_utc(token.created_at));
            }
        }
        TokenCommand::Revoke { id } => {
            tokens::revoke_token(&store, id, news_server::now_unix()).map_err(|e| e.to_string())?;
            println!("revoked token {id} in {}", location(db));
        }
    }
    Ok(())
}

/// From the terminal, unseen and typed twice, when there is one; else the first line of stdin,
/// so that scripts can pipe it in. Never from the command line, where `ps` and the shell's
/// history would show it.
fn read_password() -> Result<String, UserError> {
    let input = |e: std::io::Error| UserError::Input(e.to_string());
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(input)?;
        // Refused before the second prompt: no point typing a bad password twice.
        users::check_password(&first)?;
        let second = rpassword::prompt_password("Password again: ").map_err(input)?;
        if first != second {
            return Err(UserError::Mismatch);
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(input)?;
    // Only the line ending goes: spaces may be part of the password.
    let line = line.strip_suffix('\n').unwrap_or(&line);
    Ok(line.strip_suffix('\r').unwrap_or(line).to_string())
}

/// `news-server copy-store --to …`: the store `serve` would open, copied into a new one.
fn copy_store(from: &Path, to: &str) -> Result<(), String> {
    let (from, to) = (location(from), DbLocation::parse(to));
    if let DbLocation::Sqlite(path) = &from {
        // Opening a missing file would create an empty store and copy nothing.
        if !path.is_file() {
            return Err(format!("{}: no such store to copy", path.display()));
        }
    }
    let source = CommentStore::open(&from, None)?;
    let target = CommentStore::open(&to, None)?;
    let copied = news_server::db::copy_store(source.db(), target.db()).map_err(|e| format!("{to}: {e}"))?;
    for (table, rows) in copied {
        println!("{table}\t{rows}");
    }
    println!("copied {from} into {to}");
    Ok(())
}

/// `news-server prerender …`: the demo (or `--content`) pages written to `--out`.
fn prerender(args: settings::PrerenderArgs) -> Result<(), String> {
    use news_server::render::{prerender::prerender, Renderer};
    let content = args.content.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let store = news_server::load_content(&content)?;
    let origin = args.public_origin.unwrap_or_else(|| news_server::DEFAULT_PUBLIC_ORIGIN.to_string());
    let renderer = Renderer::from_dist(&args.dist, &origin, args.base.unwrap_or_default())?;
    let report = prerender(&store, &renderer, &args.out, news_server::now_unix())?;
    for path in &report.written {
        println!("wrote {path}");
    }
    for path in &report.removed {
        println!("removed {path}");
    }
    println!(
        "{} written, {} unchanged, {} removed in {}",
        report.written.len(),
        report.unchanged,
        report.removed.len(),
        args.out.display()
    );
    Ok(())
}

/// `--db` as given: a PostgreSQL URL or a SQLite file.
fn location(db: &Path) -> DbLocation {
    DbLocation::parse(&db.to_string_lossy())
}

fn exit_code(code: i32) -> ExitCode {
    u8::try_from(code).map_or(ExitCode::FAILURE, ExitCode::from)
}

async fn run(settings: ServeSettings) -> Result<(), String> {
    let store = news_server::load_content(&settings.content)?;
    if let Some(dist) = &settings.dist {
        // Checked now: without index.html every app route would 404 and look like a server bug.
        if !dist.join("index.html").is_file() {
            return Err(format!("{}: no index.html (build the app first)", dist.display()));
        }
    }
    let serves_app = settings.dist.is_some();

    let listener = tokio::net::TcpListener::bind((settings.host.as_str(), settings.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", settings.host, settings.port))?;
    // The real port matters when asked for port 0 (tests); brackets keep IPv6 URLs valid.
    let port = listener.local_addr().map_or(settings.port, |a| a.port());

    let db = settings.db.unwrap_or_else(|| default_db(port, Path::new(".")));
    let db = location(&db);
    // Opened on a blocking thread: opening PostgreSQL waits on the store's own runtime.
    let store = Arc::new(store);
    let seed = settings.seed.then(|| Arc::clone(&store));
    let comments = {
        let db = db.clone();
        tokio::task::spawn_blocking(move || CommentStore::open(&db, seed.as_deref()))
            .await
            .map_err(|e| format!("opening the comment store: {e}"))??
    };
    println!("comments are stored in {db}");
    let mut security = settings.security;
    // The app's pages may fetch from the backends the config.json served beside them names.
    if let Some(config) = settings.dist.as_ref().and_then(|dist| std::fs::read_to_string(dist.join("config.json")).ok())
    {
        security.connect_sources = news_server::backend_origins(&config);
        // And frame the players of the sites it lists, once a reader asks for one.
        security.frame_hosts = news_model::Config::from_json(&config).0.embed_hosts;
    }
    let host = if settings.host.contains(':') { format!("[{}]", settings.host) } else { settings.host.clone() };
    let origin = settings.public_origin.clone().unwrap_or_else(|| format!("http://{host}:{port}"));
    let state = AppState::new(store, Arc::new(comments), settings.comments)
        .with_security(security)
        .with_public_origin(&origin)
        .with_fill_pages(settings.fill_pages);
    let closing = state.clone();
    let app = news_server::router_at(state, settings.dist, &settings.base);

    println!("news-server listening on http://{host}:{port}");
    if serves_app {
        println!("the app is at http://{host}:{port}{}", settings.base.home());
    }
    // Scripts and tests wait for this line; stdout is block-buffered when piped.
    let _ = std::io::stdout().flush();

    // Connect info gives the comment endpoints the client address (rate limit, IP 属地).
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            closing.close_live_streams();
        })
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
