//! The server's settings, from four places in this order of precedence: a flag on the command
//! line, then its environment variable, then the TOML file named by `--config`, then the
//! built-in default. Each setting is taken whole from the first place that has it; a repeatable
//! option given on the command line replaces the file's list rather than adding to it, so what
//! is running can be read off one place.
//!
//! `serve` is the default sub-command. `user` (the console's accounts) reads the database
//! settings the same way, see [`DbArgs`]; the ones to come (tokens, prerendering, copying the
//! store) are meant to read these same settings.
//!
//! Adding an option: a field in [`ServeArgs`] (its flag, environment variable and TOML key at
//! once), a line in [`ServeArgs::or`] and one where [`ServeArgs::settle`] gives its default.

use crate::reader_token::{ReaderTokens, SsoSecret};
use crate::users::Role;
use crate::words::WordList;
use crate::{
    parse_frame_ancestor, parse_origin, parse_proxy, BasePath, CommentSettings, IpDbError, IpRegionDb, SecuritySettings,
};
use clap::{Args, Parser, Subcommand};
use ipnet::IpNet;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The command line: a sub-command, or `serve`'s options alone for `serve`.
#[derive(Parser, Debug)]
#[command(
    name = "news-server",
    version,
    about = "Reference backend for the news reader: the JSON API, the demo media and optionally the built app",
    // `news-server --port 1 serve` is refused rather than guessed at.
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

// Parsed once at start: the size of the rarer variants does not matter, and clap's derive reads
// the fields of an unboxed `ServeArgs` directly.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API, the media and optionally the app (what runs when no sub-command is given)
    Serve(ServeArgs),
    /// Manage the accounts the moderation console will log in with
    User(UserArgs),
    /// Manage the bearer tokens of the admin API (docs/moderation.md)
    Token(TokenArgs),
    /// Write the filled-in pages, sitemap, robots.txt and feeds of the content to a folder
    /// (docs/prerender.md)
    Prerender(PrerenderArgs),
    /// Copy the comment store `serve` would open (its --db) into a new one, e.g. a SQLite file
    /// into PostgreSQL (docs/deployment.md)
    CopyStore(CopyStoreArgs),
}

/// `news-server copy-store [--db FROM] --to TO`.
#[derive(Args, Debug)]
pub struct CopyStoreArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The store to fill: a postgres:// URL (or a SQLite file); it must hold no comments,
    /// accounts or tokens yet. Given by NEWS_COPY_TO it stays out of the process list
    #[arg(long, env = "NEWS_COPY_TO", value_name = "DB")]
    pub to: String,
}

/// `news-server prerender --dist DIST --out DIR`.
#[derive(Args, Debug, Clone, PartialEq)]
pub struct PrerenderArgs {
    /// The built app whose index.html (and config.json) the pages are made from
    #[arg(long, value_name = "DIR")]
    pub dist: PathBuf,
    /// Where the pages go (created if missing); files that did not change are not rewritten
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Content directory [default: the demo content shipped with the server]
    #[arg(long, env = "NEWS_CONTENT", value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// The origin the pages are published at, for canonical URLs, the sitemap and the feeds
    /// [default: http://localhost:3000]
    #[arg(long, env = "NEWS_PUBLIC_ORIGIN", value_name = "ORIGIN", value_parser = parse_origin)]
    pub public_origin: Option<String>,
    /// The path the app is published under, as for `serve --base` [default: /]
    #[arg(long, env = "NEWS_BASE", value_name = "PATH", value_parser = BasePath::parse)]
    pub base: Option<BasePath>,
}

/// `news-server token [--db PATH] <add|list|revoke>`, on the database `user` works on.
#[derive(Args, Debug)]
pub struct TokenArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Subcommand, Debug, Clone, PartialEq)]
pub enum TokenCommand {
    /// Create a token acting for USER with USER's role; it is printed once, on the last line
    Add {
        /// An account from `news-server user add`
        user: String,
    },
    /// List the tokens: id, user, when created and when revoked (never the token itself)
    List,
    /// Revoke a token for good
    Revoke { id: i64 },
}

/// `news-server user [--db PATH] <add|list|remove>`.
#[derive(Args, Debug)]
pub struct UserArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Subcommand, Debug, Clone, PartialEq)]
pub enum UserCommand {
    /// Add an account; its password is read from the terminal or stdin, never the command line
    ///
    /// The password is asked for twice, unseen, at a terminal, or read from the first line of
    /// stdin when stdin is not a terminal (`printf '%s\n' "$PASSWORD" | news-server user add
    /// ann`). It needs at least 10 characters.
    Add {
        /// 1 to 32 letters, digits, '_', '-' or '.'
        name: String,
        /// What the account may do in the console
        #[arg(long, value_enum, default_value_t = Role::Editor)]
        role: Role,
        /// When NAME exists already, give it the new password and role instead of refusing
        #[arg(long)]
        replace_password: bool,
    },
    /// List the accounts: name, role and when each was created, one a line
    List,
    /// Remove an account
    Remove { name: String },
}

/// The settings that say which database `user` works on: `serve`'s `--config`, `--port` and
/// `--db`, with the same environment variables and file keys, merged by the same
/// [`ServeArgs::or`] and defaulted by the same [`default_db`], so `user` always finds the
/// database `serve` would open.
///
/// Declared again rather than shared by flattening one group into both: [`ServeArgs`] is also
/// the file's shape, checked with `deny_unknown_fields`, which serde's `flatten` does not
/// support. And not all of `serve`'s settings: `user add --help` would list rate limits and
/// origins, and a setting `user` does not use (an unreadable `--ip-db`) could stop it. The
/// test `user_reads_the_database_settings_like_serve` keeps the flags and variables in step.
#[derive(Args, Debug, Default, Clone, PartialEq)]
pub struct DbArgs {
    /// TOML file with the server's settings; `user` reads its `db` and `port`
    #[arg(long, env = "NEWS_CONFIG", value_name = "PATH", global = true)]
    pub config: Option<PathBuf>,

    /// The port `serve` binds, which names the default database [default: 3000]
    #[arg(long, env = "PORT", value_name = "N", value_parser = parse_port, global = true)]
    pub port: Option<u16>,

    /// The server's comment store: a SQLite file, created if missing, or a postgres:// URL
    /// [default: as for `serve`: target/news-comments-<port>.db when ./target exists, else
    /// news-comments-<port>.db]
    #[arg(long, env = "NEWS_DB", value_name = "DB", global = true)]
    pub db: Option<PathBuf>,
}

impl DbArgs {
    /// The database file, decided as `serve` decides it (main.rs) for a port given up front.
    pub fn resolve(self, cwd: &Path) -> Result<PathBuf, SettingsError> {
        let args = ServeArgs { config: self.config, port: self.port, db: self.db, ..ServeArgs::default() };
        let file = args.file()?;
        let merged = args.or(file);
        let db = merged.db.filter(|db| !db.as_os_str().to_string_lossy().trim().is_empty());
        match (db, merged.port.unwrap_or(DEFAULT_PORT)) {
            (Some(db), _) => Ok(db),
            // `serve` names this database after the port it is given, which is not known yet.
            (None, 0) => Err(SettingsError::Conflict(
                "with port 0 the server's database is named after the port it gets: give --db",
            )),
            (None, port) => Ok(default_db(port, cwd)),
        }
    }
}

/// `serve`'s settings as given on the command line, in the environment or in the file: each
/// `None` (or absent) where that place does not set it. The TOML keys are the field names.
#[derive(Args, Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeArgs {
    /// TOML file with any of the settings below, keys named like the flags with `_` for `-`
    /// (`rate_limit = 0`, `allow_origin = ["https://a.example"]`). A flag beats its environment
    /// variable, which beats the file, which beats the default; unknown keys are an error
    #[arg(long, env = "NEWS_CONFIG", value_name = "PATH")]
    #[serde(skip)]
    pub config: Option<PathBuf>,

    /// Address to bind [default: 127.0.0.1]
    #[arg(long, env = "NEWS_HOST", value_name = "ADDR")]
    pub host: Option<String>,

    /// Port to bind; 0 picks a free one [default: 3000]
    #[arg(long, env = "PORT", value_name = "N", value_parser = parse_port)]
    pub port: Option<u16>,

    /// Content directory [default: the demo content shipped with the server]
    #[arg(long, env = "NEWS_CONTENT", value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// Serve a built single-page app from DIR at / (or under --base) [default: no app]
    #[arg(long, env = "NEWS_DIST", value_name = "DIR")]
    pub dist: Option<PathBuf>,

    /// Serve the app under PATH instead of /, e.g. /news (build it with `trunk build
    /// --public-url /news/`); needs --dist; the API stays at /api [default: /]
    #[arg(long, env = "NEWS_BASE", value_name = "PATH", value_parser = BasePath::parse)]
    #[serde(default, deserialize_with = "de_base")]
    pub base: Option<BasePath>,

    /// The origin the site is published at (https://news.example): canonical URLs, Open Graph,
    /// the sitemap and the feeds are made absolute with it [default: http://HOST:PORT]
    #[arg(long, env = "NEWS_PUBLIC_ORIGIN", value_name = "ORIGIN", value_parser = parse_origin)]
    #[serde(default, deserialize_with = "de_origin")]
    pub public_origin: Option<String>,

    /// With --dist, answer article, home and channel pages with index.html filled in (head tags,
    /// the readable page, the article's data), unknown articles with 404; false serves the
    /// plain shell for every app route; the app takes a filled-in page over in place
    /// (docs/prerender.md) [default: true]
    #[arg(long, env = "NEWS_FILL_PAGES", value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true")]
    pub fill_pages: Option<bool>,

    /// Comment store: a SQLite file, created if missing (`:memory:` keeps comments only while
    /// running), or PostgreSQL as postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, shared by any
    /// number of servers (a URL with a password is better given by NEWS_DB or the settings file
    /// than on the command line) [default: target/news-comments-<port>.db when ./target exists,
    /// else news-comments-<port>.db: one file per port, so servers on different ports never
    /// share one]
    #[arg(long, env = "NEWS_DB", value_name = "DB")]
    pub db: Option<PathBuf>,

    /// Do not write the demo comments into a new database [default: false]
    #[arg(long, env = "NEWS_NO_SEED", value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true")]
    pub no_seed: Option<bool>,

    /// Hold new comments as pending: not listed or counted until approved [default: false]
    #[arg(long, env = "NEWS_MODERATE", value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true")]
    pub moderate: Option<bool>,

    /// New comments per client address per minute; 0: no limit [default: 5]
    #[arg(long, env = "NEWS_RATE_LIMIT", value_name = "N",
          value_parser = |raw: &str| whole(raw, "rate limit", "a whole number of posts"))]
    pub rate_limit: Option<u32>,

    /// Likes and unlikes per client address, and per reader id, per minute; 0: no limit
    /// [default: 30]
    #[arg(long, env = "NEWS_LIKE_RATE_LIMIT", value_name = "N",
          value_parser = |raw: &str| whole(raw, "like rate limit", "a whole number"))]
    pub like_rate_limit: Option<u32>,

    /// Readers whose likes one address may give one comment; 0: no bound [default: 10]
    #[arg(long, env = "NEWS_LIKES_PER_ADDRESS", value_name = "N",
          value_parser = |raw: &str| whole(raw, "likes per address", "a whole number"))]
    pub likes_per_address: Option<u32>,

    /// Reports from this many client addresses hide a published comment until an editor
    /// decides; 0: reports never hide a comment [default: 3]
    #[arg(long, env = "NEWS_REPORT_THRESHOLD", value_name = "N",
          value_parser = |raw: &str| whole(raw, "report threshold", "a whole number"))]
    pub report_threshold: Option<u32>,

    /// Live comment streams one client address may keep open at once (a reader's open pages);
    /// more are answered 429; 0: no bound [default: 16]
    #[arg(long, env = "NEWS_LIVE_STREAMS_PER_ADDRESS", value_name = "N",
          value_parser = |raw: &str| whole(raw, "live streams per address", "a whole number"))]
    pub live_streams_per_address: Option<u32>,

    /// Another origin (https://host[:port]) whose pages may post comments and likes and frame
    /// embed.html; repeatable, or comma-separated. The server's own origin is always allowed
    /// [default: none]
    #[arg(long, env = "NEWS_ALLOW_ORIGIN", value_name = "ORIGIN", value_delimiter = ',', value_parser = parse_origin)]
    #[serde(default, deserialize_with = "de_origins")]
    pub allow_origin: Option<Vec<String>>,

    /// A reverse proxy (address or CIDR range) whose X-Forwarded-For is believed; repeatable, or
    /// comma-separated [default: none: X-Forwarded-For is ignored]
    #[arg(long, env = "NEWS_TRUSTED_PROXY", value_name = "CIDR", value_delimiter = ',', value_parser = parse_proxy)]
    #[serde(default, deserialize_with = "de_proxies")]
    pub trusted_proxy: Option<Vec<IpNet>>,

    /// Who may frame the app's pages: 'self', 'none' or an origin; repeatable, or
    /// comma-separated. embed.html may also be framed by the --allow-origin origins
    /// [default: 'self']
    #[arg(long, env = "NEWS_FRAME_ANCESTORS", value_name = "SOURCE", value_delimiter = ',',
          value_parser = parse_frame_ancestor)]
    #[serde(default, deserialize_with = "de_frame_ancestors")]
    pub frame_ancestors: Option<Vec<String>>,

    /// ip2region xdb file (IPv4) that new comments take their IP 属地 from; loaded at start, and
    /// a file that cannot be read stops the server [default: none: comments carry no region]
    #[arg(long, env = "NEWS_IP_DB", value_name = "PATH")]
    pub ip_db: Option<PathBuf>,

    /// Sensitive words, one a line (blank lines and lines starting with # skipped): a comment
    /// whose name or text holds one is held for review. Loaded at start, and a file that cannot
    /// be read stops the server [default: none]
    #[arg(long, env = "NEWS_WORDS_FILE", value_name = "PATH")]
    pub words_file: Option<PathBuf>,

    /// File holding the secret the embedding portal signs reader tokens with (docs/sso.md): its
    /// bytes, trailing whitespace trimmed, at least 32. Give it twice (or comma-separated)
    /// while moving to a new secret: tokens signed with either are taken. Read at start; a
    /// file that cannot be read stops the server [default: none: reader tokens are refused]
    #[arg(long, env = "NEWS_SSO_SECRET_FILE", value_name = "PATH", value_delimiter = ',')]
    pub sso_secret_file: Option<Vec<PathBuf>>,

    /// Refuse posts, likes and reports that carry no valid reader token (401 login_required);
    /// needs --sso-secret-file [default: false]
    #[arg(long, env = "NEWS_REQUIRE_LOGIN", value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true")]
    pub require_login: Option<bool>,
}

/// What `serve` runs with: every setting decided.
#[derive(Clone, Debug, PartialEq)]
pub struct ServeSettings {
    pub host: String,
    pub port: u16,
    pub content: PathBuf,
    pub dist: Option<PathBuf>,
    pub base: BasePath,
    /// `None`: `http://HOST:PORT`, decided once the port is bound.
    pub public_origin: Option<String>,
    pub fill_pages: bool,
    /// `None`: chosen from the port once it is bound, see [`default_db`].
    pub db: Option<PathBuf>,
    pub seed: bool,
    pub comments: CommentSettings,
    pub security: SecuritySettings,
}

/// What the command line asks the server to do.
// Made once at start and matched once: boxing the settings would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Invocation {
    Serve(ServeSettings),
    /// An account command on the database `serve` would use.
    User {
        db: PathBuf,
        command: UserCommand,
    },
    /// A token command on the database `serve` would use.
    Token {
        db: PathBuf,
        command: TokenCommand,
    },
    /// Pages written to files.
    Prerender(PrerenderArgs),
    /// One comment store copied into another.
    CopyStore { from: PathBuf, to: String },
}

/// Why the settings cannot be used. Every kind is the caller's to fix, hence exit code 2.
#[derive(Debug)]
pub enum SettingsError {
    /// Clap's: an unknown flag, a bad value, a missing one; also `--help` and `--version`, which
    /// clap reports the same way so that they can be printed (to stdout, with exit code 0).
    Usage(clap::Error),
    /// The `--config` file cannot be read.
    Read { path: PathBuf, error: std::io::Error },
    /// The `--config` file is not TOML, or has a key that is unknown or of the wrong type.
    File { path: PathBuf, error: Box<FileError> },
    /// Settings that are each fine but do not go together.
    Conflict(&'static str),
    /// The `--ip-db` file cannot be read as an ip2region database.
    IpDb(IpDbError),
    /// The `--words-file` file cannot be read, or its words cannot be compiled.
    Words { path: PathBuf, error: String },
    /// An `--sso-secret-file` cannot be read, or holds too short a secret.
    SsoSecret { path: PathBuf, error: String },
}

impl SettingsError {
    pub fn exit_code(&self) -> i32 {
        match self {
            SettingsError::Usage(e) => e.exit_code(),
            _ => 2,
        }
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsError::Usage(e) => write!(f, "{e}"),
            SettingsError::Read { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            SettingsError::File { path, error } => write!(f, "{}: {error}", path.display()),
            SettingsError::Conflict(message) => f.write_str(message),
            SettingsError::IpDb(error) => write!(f, "{error}"),
            SettingsError::Words { path, error } => write!(f, "sensitive words file {}: {error}", path.display()),
            SettingsError::SsoSecret { path, error } => write!(f, "sso secret file {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for SettingsError {}

/// Reads the command line (program name first, as in `std::env::args_os`), the environment and
/// the `--config` file.
pub fn from_args<I, T>(args: I) -> Result<Invocation, SettingsError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = Cli::try_parse_from(args).map_err(SettingsError::Usage)?;
    let serve = match cli.command {
        Some(Command::Serve(serve)) => serve,
        Some(Command::User(user)) => {
            return Ok(Invocation::User { db: user.db.resolve(Path::new("."))?, command: user.command })
        }
        Some(Command::Token(token)) => {
            return Ok(Invocation::Token { db: token.db.resolve(Path::new("."))?, command: token.command })
        }
        Some(Command::Prerender(args)) => return Ok(Invocation::Prerender(args)),
        Some(Command::CopyStore(args)) => {
            return Ok(Invocation::CopyStore { from: args.db.resolve(Path::new("."))?, to: args.to })
        }
        None => cli.serve,
    };
    serve.resolve().map(Invocation::Serve)
}

/// What is wrong with a settings file, and in which key.
#[derive(Debug)]
pub struct FileError {
    /// The top-level key the error is in; `None` for TOML that does not parse at all.
    pub key: Option<String>,
    pub error: toml::de::Error,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(key) => write!(f, "in `{key}`: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

impl std::error::Error for FileError {}

/// A settings file's text, checked key by key.
pub fn parse_file(text: &str) -> Result<ServeArgs, FileError> {
    toml::from_str(text).map_err(|error| FileError { key: error.span().and_then(|at| key_at(text, at.start)), error })
}

/// The top-level key whose entry spans `at`. toml quotes the line an error is on, which need
/// not be the key's (the third line of a list), and keeps the key path to itself.
fn key_at(text: &str, at: usize) -> Option<String> {
    let table = toml::de::DeTable::parse(text).ok()?;
    let table = table.get_ref();
    table
        .iter()
        .find(|(key, value)| key.span().start <= at && at < value.span().end)
        .map(|(key, _)| key.get_ref().to_string())
}

impl ServeArgs {
    /// These settings (command line and environment) over those of the `--config` file, over
    /// the defaults.
    pub fn resolve(self) -> Result<ServeSettings, SettingsError> {
        let file = self.file()?;
        self.or(file).settle()
    }

    /// The settings of the `--config` file; none without one.
    fn file(&self) -> Result<ServeArgs, SettingsError> {
        match &self.config {
            None => Ok(ServeArgs::default()),
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|error| SettingsError::Read { path: path.clone(), error })?;
                parse_file(&text).map_err(|error| SettingsError::File { path: path.clone(), error: Box::new(error) })
            }
        }
    }

    /// Each setting from `self` where it has one, else from `lower`. A struct literal, so that
    /// a new field cannot be forgotten here.
    pub fn or(self, lower: ServeArgs) -> ServeArgs {
        ServeArgs {
            config: self.config.or(lower.config),
            host: self.host.or(lower.host),
            port: self.port.or(lower.port),
            content: self.content.or(lower.content),
            dist: self.dist.or(lower.dist),
            base: self.base.or(lower.base),
            public_origin: self.public_origin.or(lower.public_origin),
            fill_pages: self.fill_pages.or(lower.fill_pages),
            // A blank NEWS_DB (`NEWS_DB= news-server`) means "not set", not a file named "".
            db: self.db.filter(|db| !db.as_os_str().to_string_lossy().trim().is_empty()).or(lower.db),
            no_seed: self.no_seed.or(lower.no_seed),
            moderate: self.moderate.or(lower.moderate),
            rate_limit: self.rate_limit.or(lower.rate_limit),
            like_rate_limit: self.like_rate_limit.or(lower.like_rate_limit),
            likes_per_address: self.likes_per_address.or(lower.likes_per_address),
            report_threshold: self.report_threshold.or(lower.report_threshold),
            live_streams_per_address: self.live_streams_per_address.or(lower.live_streams_per_address),
            allow_origin: self.allow_origin.or(lower.allow_origin),
            trusted_proxy: self.trusted_proxy.or(lower.trusted_proxy),
            frame_ancestors: self.frame_ancestors.or(lower.frame_ancestors),
            // Blank means unset, as for NEWS_DB.
            ip_db: self.ip_db.filter(|path| !path.as_os_str().to_string_lossy().trim().is_empty()).or(lower.ip_db),
            words_file: self
                .words_file
                .filter(|path| !path.as_os_str().to_string_lossy().trim().is_empty())
                .or(lower.words_file),
            sso_secret_file: self.sso_secret_file.or(lower.sso_secret_file),
            require_login: self.require_login.or(lower.require_login),
        }
    }

    /// The defaults for what is still unset, and the checks that span settings.
    pub fn settle(self) -> Result<ServeSettings, SettingsError> {
        let base = self.base.unwrap_or_default();
        if !base.is_root() && self.dist.is_none() {
            return Err(SettingsError::Conflict("--base needs --dist: it says where the app is served"));
        }
        let comments = CommentSettings::default();
        // Loaded once, here: a missing or damaged file stops the server before it takes comments.
        let ip_db = match self.ip_db.as_deref().filter(|path| !path.as_os_str().to_string_lossy().trim().is_empty()) {
            Some(path) => Some(Arc::new(IpRegionDb::open(path).map_err(SettingsError::IpDb)?)),
            None => None,
        };
        // Likewise: a server meant to hold sensitive words must not start without its list.
        let words =
            match self.words_file.as_deref().filter(|path| !path.as_os_str().to_string_lossy().trim().is_empty()) {
                Some(path) => Some(Arc::new(load_words(path)?)),
                None => None,
            };
        // Likewise: a server meant to take the portal's readers must not start without its secret.
        let secret_files: Vec<PathBuf> = self
            .sso_secret_file
            .unwrap_or_default()
            .into_iter()
            .filter(|path| !path.as_os_str().to_string_lossy().trim().is_empty())
            .collect();
        if secret_files.len() > 2 {
            return Err(SettingsError::Conflict(
                "at most two --sso-secret-file: the portal's secret and, while it moves to a new one, the old one",
            ));
        }
        let secrets = secret_files
            .iter()
            .map(|path| SsoSecret::read(path).map_err(|error| SettingsError::SsoSecret { path: path.clone(), error }))
            .collect::<Result<Vec<_>, _>>()?;
        let require_login = self.require_login.unwrap_or(false);
        if require_login && secrets.is_empty() {
            return Err(SettingsError::Conflict(
                "--require-login needs --sso-secret-file: without a secret no reader could log in",
            ));
        }
        Ok(ServeSettings {
            host: self.host.unwrap_or_else(|| "127.0.0.1".into()),
            port: self.port.unwrap_or(DEFAULT_PORT),
            content: self.content.unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))),
            dist: self.dist,
            base,
            public_origin: self.public_origin,
            fill_pages: self.fill_pages.unwrap_or(true),
            db: self.db.filter(|db| !db.as_os_str().to_string_lossy().trim().is_empty()),
            seed: !self.no_seed.unwrap_or(false),
            comments: CommentSettings {
                moderate: self.moderate.unwrap_or(comments.moderate),
                rate_limit: self.rate_limit.unwrap_or(comments.rate_limit),
                like_rate_limit: self.like_rate_limit.unwrap_or(comments.like_rate_limit),
                likes_per_address: self.likes_per_address.unwrap_or(comments.likes_per_address),
                ip_db,
                words,
                report_threshold: self.report_threshold.unwrap_or(comments.report_threshold),
                live_streams_per_address: self
                    .live_streams_per_address
                    .unwrap_or(comments.live_streams_per_address),
                reader_tokens: ReaderTokens { secrets, require_login },
            },
            security: SecuritySettings {
                allow_origins: self.allow_origin.unwrap_or_default(),
                trusted_proxies: self.trusted_proxy.unwrap_or_default(),
                frame_ancestors: self.frame_ancestors.unwrap_or_default(),
                // Not settings: read from the config.json served beside the app (main.rs).
                connect_sources: Vec::new(),
                frame_hosts: Vec::new(),
            },
        })
    }
}

/// The `--words-file` list.
fn load_words(path: &Path) -> Result<WordList, SettingsError> {
    let fail = |error: String| SettingsError::Words { path: path.to_path_buf(), error };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    WordList::parse(&text).map_err(|e| fail(e.to_string()))
}

/// `--port`'s default, which also names the default database.
const DEFAULT_PORT: u16 = 3000;

/// One database per port, so the servers the tests start side by side never share a file;
/// under `target/` when run from the repository, where build output (and .gitignore) already is.
pub fn default_db(port: u16, cwd: &Path) -> PathBuf {
    let name = format!("news-comments-{port}.db");
    if cwd.join("target").is_dir() {
        PathBuf::from("target").join(name)
    } else {
        PathBuf::from(name)
    }
}

// ---- values: the same checks for the command line, the environment and the file ----

/// Trimmed, because `PORT` often comes from a shell or a unit file with stray spaces.
fn parse_port(raw: &str) -> Result<u16, String> {
    raw.trim().parse().map_err(|_| format!("port {raw:?} is not a number from 0 to 65535"))
}

fn whole(raw: &str, what: &str, expected: &str) -> Result<u32, String> {
    raw.trim().parse().map_err(|_| format!("{what} {raw:?} is not {expected}"))
}

fn de_base<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BasePath>, D::Error> {
    BasePath::parse(&String::deserialize(d)?).map(Some).map_err(D::Error::custom)
}

fn de_list<'de, D, T, E>(d: D, parse: fn(&str) -> Result<T, E>) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    E: fmt::Display,
{
    let raw = Vec::<String>::deserialize(d)?;
    raw.iter().map(|one| parse(one)).collect::<Result<Vec<T>, E>>().map(Some).map_err(D::Error::custom)
}

fn de_origins<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    de_list(d, parse_origin)
}

fn de_origin<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let raw = String::deserialize(d)?;
    parse_origin(&raw).map(Some).map_err(D::Error::custom)
}

fn de_proxies<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<IpNet>>, D::Error> {
    de_list(d, parse_proxy)
}

fn de_frame_ancestors<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    de_list(d, parse_frame_ancestor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The TOML key of each option: its long flag with `_` for `-`, as the file documents.
    fn keys() -> Vec<String> {
        let cmd = Cli::command();
        let mut keys: Vec<String> = cmd
            .get_arguments()
            .filter_map(|arg| arg.get_long())
            .filter(|long| !matches!(*long, "config" | "help" | "version"))
            .map(|long| long.replace('-', "_"))
            .collect();
        keys.sort();
        keys
    }

    fn file_error(text: &str) -> FileError {
        match parse_file(text) {
            Ok(args) => panic!("{text:?} was accepted as {args:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn a_file_with_every_key() {
        let text = r#"
            host = "0.0.0.0"
            port = 8080
            content = "c"
            dist = "d"
            base = "/news/"
            public_origin = "https://News.example/"
            fill_pages = false
            db = "x.db"
            no_seed = true
            moderate = true
            rate_limit = 0
            like_rate_limit = 7
            likes_per_address = 3
            report_threshold = 0
            live_streams_per_address = 2
            allow_origin = ["https://A.example/", "http://b.example:8080"]
            trusted_proxy = ["10.1.2.3/8", "127.0.0.1"]
            frame_ancestors = ["none"]
            ip_db = "regions.xdb"
            words_file = "words.txt"
            sso_secret_file = []
            require_login = false
        "#;
        let table: toml::Table = toml::from_str(text).unwrap();
        let mut written: Vec<String> = table.keys().cloned().collect();
        written.sort();
        assert_eq!(written, keys(), "this test should set every key");

        let args = parse_file(text).unwrap();
        assert_eq!(args.ip_db.as_deref(), Some(Path::new("regions.xdb")));
        // Settling opens the file, which is not there: that is the next test's.
        assert_eq!(args.words_file.as_deref(), Some(Path::new("words.txt")));
        let settings = ServeArgs { ip_db: None, words_file: None, ..args }.settle().unwrap();
        assert_eq!(
            settings,
            ServeSettings {
                host: "0.0.0.0".into(),
                port: 8080,
                content: "c".into(),
                dist: Some("d".into()),
                base: BasePath::parse("/news").unwrap(),
                public_origin: Some("https://news.example".into()),
                fill_pages: false,
                db: Some("x.db".into()),
                seed: false,
                comments: CommentSettings {
                    moderate: true,
                    rate_limit: 0,
                    like_rate_limit: 7,
                    likes_per_address: 3,
                    ip_db: None,
                    words: None,
                    report_threshold: 0,
                    reader_tokens: ReaderTokens::default(),
                    live_streams_per_address: 2,
                },
                security: SecuritySettings {
                    allow_origins: vec!["https://a.example".into(), "http://b.example:8080".into()],
                    trusted_proxies: vec!["10.0.0.0/8".parse().unwrap(), "127.0.0.1/32".parse().unwrap()],
                    frame_ancestors: vec!["'none'".into()],
                    connect_sources: vec![],
                    frame_hosts: vec![],
                },
            }
        );
    }

    #[test]
    fn an_ip_database_that_cannot_be_read_stops_the_server() {
        let missing = ServeArgs { ip_db: Some("/nonexistent/regions.xdb".into()), ..ServeArgs::default() };
        match missing.settle() {
            Err(error @ SettingsError::IpDb(_)) => {
                assert!(error.to_string().contains("/nonexistent/regions.xdb"), "{error}")
            }
            other => panic!("a missing IP database was accepted: {other:?}"),
        }
        let blank = ServeArgs { ip_db: Some(" ".into()), ..ServeArgs::default() };
        assert_eq!(blank.settle().unwrap().comments.ip_db, None, "a blank ip_db is unset");
    }

    #[test]
    fn the_words_file_is_loaded_and_an_unreadable_one_stops_the_server() {
        let dir = std::env::temp_dir().join(format!("news-server-words-settings-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("words.txt");
        std::fs::write(&path, "# 敏感词\n金融诈骗\n\nfraud\n").unwrap();
        let config = dir.join("server.toml");
        std::fs::write(&config, format!("words_file = {:?}\n", path.to_string_lossy())).unwrap();
        let settings = ServeArgs { config: Some(config), ..ServeArgs::default() }.resolve().unwrap();
        let words = settings.comments.words.expect("the list is loaded");
        assert_eq!(*words, WordList::new(["金融诈骗", "fraud"]).unwrap());
        assert_eq!(words.find("金 融 诈 骗").map(|hit| hit.word), Some("金融诈骗".to_string()));

        let missing = ServeArgs { words_file: Some(dir.join("missing.txt")), ..ServeArgs::default() };
        match missing.settle() {
            Err(error @ SettingsError::Words { .. }) => {
                assert!(error.to_string().contains("missing.txt"), "{error}");
                assert_eq!(error.exit_code(), 2);
            }
            other => panic!("a missing words file was accepted: {other:?}"),
        }
        // Not UTF-8: refused too rather than read as no words.
        std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        let garbled = ServeArgs { words_file: Some(path), ..ServeArgs::default() };
        assert!(matches!(garbled.settle(), Err(SettingsError::Words { .. })), "a garbled words file was accepted");
        let blank = ServeArgs { words_file: Some(" ".into()), ..ServeArgs::default() };
        assert_eq!(blank.settle().unwrap().comments.words, None, "a blank words_file is unset");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let settings = parse_file("").unwrap().settle().unwrap();
        assert_eq!(settings, ServeArgs::default().settle().unwrap());
        assert_eq!((settings.host.as_str(), settings.port, settings.seed), ("127.0.0.1", 3000, true));
        assert!(settings.content.ends_with("content"));
        assert_eq!(settings.comments, CommentSettings::default());
        assert_eq!(settings.security, SecuritySettings::default());
    }

    #[test]
    fn unknown_keys_are_refused_by_name() {
        for (text, key) in
            [("prot = 3000", "prot"), ("port = 1\nrate-limit = 0", "rate-limit"), ("config = \"a.toml\"", "config")]
        {
            let e = file_error(text);
            assert_eq!(e.key.as_deref(), Some(key), "{text}: {e}");
            assert!(e.to_string().contains(&format!("unknown field `{key}`")), "{text}: {e}");
        }
    }

    #[test]
    fn wrong_types_are_refused_by_name() {
        for (text, key) in [
            ("port = \"3000\"", "port"),
            ("port = 70000", "port"),
            ("host = \"::1\"\nmoderate = \"yes\"", "moderate"),
            ("rate_limit = -1", "rate_limit"),
            ("allow_origin = \"https://a.example\"", "allow_origin"),
            ("host = 1", "host"),
            // The bad element is on a line of its own: only the key found by position names it.
            ("trusted_proxy = [\n  \"10.0.0.0/8\",\n  8,\n]\nport = 1", "trusted_proxy"),
        ] {
            let e = file_error(text);
            assert_eq!(e.key.as_deref(), Some(key), "{text}: {e}");
            assert!(e.to_string().starts_with(&format!("in `{key}`: ")), "{text}: {e}");
        }
        let e = file_error("port = ");
        assert_eq!(e.key, None, "not TOML at all: {e}");
    }

    #[test]
    fn file_values_are_checked_like_flags() {
        for (text, says) in [
            ("base = \"news\"", "must start with /"),
            ("base = \"/api\"", "would hide the API"),
            ("trusted_proxy = [\"10.0.0.0/33\"]", "not an address or a CIDR range"),
            ("allow_origin = [\"ftp://a.example\"]", "not of the form https://host[:port]"),
            ("frame_ancestors = [\"everyone\"]", "not 'self', 'none'"),
        ] {
            let message = file_error(text).to_string();
            assert!(message.contains(says), "{text}: {message}");
        }
        let no_app = parse_file("base = \"/news\"").unwrap().settle();
        assert!(matches!(no_app, Err(SettingsError::Conflict(m)) if m.contains("--base needs --dist")), "{no_app:?}");
    }

    #[test]
    fn the_example_file_is_valid_and_complete() {
        let text = include_str!("../news-server.example.toml");
        let table: toml::Table = toml::from_str(text).unwrap();
        let mut written: Vec<String> = table.keys().cloned().collect();
        written.sort();
        assert_eq!(written, keys(), "the example shows every setting");
        let settings = parse_file(text).unwrap().settle().unwrap();
        assert_eq!(settings.comments, CommentSettings::default(), "the example's limits are the defaults");
        assert_eq!(settings.port, 3000);
    }

    #[test]
    fn the_command_line_layer_wins_field_by_field() {
        let flags =
            ServeArgs { port: Some(1), allow_origin: Some(vec![]), moderate: Some(false), ..ServeArgs::default() };
        let file =
            parse_file("port = 2\nhost = \"::1\"\nallow_origin = [\"https://a.example\"]\nmoderate = true").unwrap();
        let merged = flags.or(file).settle().unwrap();
        assert_eq!((merged.port, merged.host.as_str()), (1, "::1"));
        assert_eq!(merged.security.allow_origins, Vec::<String>::new(), "a list given replaces the file's");
        assert!(!merged.comments.moderate, "false on the command line beats true in the file");

        let blank = ServeArgs { db: Some(" ".into()), ..ServeArgs::default() };
        let file = ServeArgs { db: Some("f.db".into()), ..ServeArgs::default() };
        assert_eq!(blank.clone().or(file).settle().unwrap().db, Some("f.db".into()), "a blank db is unset");
        assert_eq!(blank.settle().unwrap().db, None);
    }

    #[test]
    fn user_reads_the_database_settings_like_serve() {
        let cli = Cli::command();
        let user = cli.find_subcommand("user").expect("a user sub-command");
        for long in ["config", "port", "db"] {
            let find = |cmd: &clap::Command| {
                cmd.get_arguments()
                    .find(|arg| arg.get_long() == Some(long))
                    .map(|arg| arg.get_env().map(|e| e.to_owned()))
            };
            let serve_env = find(&cli).expect("serve has it");
            assert!(serve_env.is_some(), "--{long} has an environment variable");
            assert_eq!(find(user), Some(serve_env), "--{long} of user and of serve");
        }

        let dir = std::env::temp_dir().join(format!("news-server-user-settings-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("server.toml");
        std::fs::write(&config, "port = 4321\nrate_limit = 0\n").unwrap();
        let from_file = DbArgs { config: Some(config.clone()), ..DbArgs::default() };
        assert_eq!(from_file.clone().resolve(&dir).unwrap(), PathBuf::from("news-comments-4321.db"));
        let flag = DbArgs { port: Some(7), ..from_file.clone() };
        assert_eq!(flag.resolve(&dir).unwrap(), PathBuf::from("news-comments-7.db"), "a flag beats the file");
        std::fs::write(&config, "db = \"accounts.db\"\nport = 0\n").unwrap();
        assert_eq!(from_file.clone().resolve(&dir).unwrap(), PathBuf::from("accounts.db"));
        let blank = DbArgs { db: Some(" ".into()), ..from_file };
        assert_eq!(blank.resolve(&dir).unwrap(), PathBuf::from("accounts.db"), "a blank NEWS_DB is unset");
        let port_0 = DbArgs { port: Some(0), ..DbArgs::default() }.resolve(&dir);
        assert!(matches!(port_0, Err(SettingsError::Conflict(m)) if m.contains("give --db")), "{port_0:?}");
        assert_eq!(DbArgs::default().resolve(&dir).unwrap(), PathBuf::from("news-comments-3000.db"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn default_db_follows_the_port() {
        let dir = std::env::temp_dir().join(format!("news-server-settings-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("target")).unwrap();
        assert_eq!(default_db(4173, &dir), PathBuf::from("target/news-comments-4173.db"));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(default_db(4174, Path::new("/nonexistent")), PathBuf::from("news-comments-4174.db"));
    }
}
