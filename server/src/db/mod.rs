//! One storage interface over two databases: SQLite, one file beside the server (the default,
//! nothing to install), and PostgreSQL, shared by several server instances.
//!
//! The modules above this one write their SQL once, in the part both databases speak:
//! parameters are `$1`, `$2`… (rewritten to SQLite's `?1`, `?2`…), `INSERT … ON CONFLICT DO
//! NOTHING` and `RETURNING` instead of `INSERT OR IGNORE` and `last_insert_rowid()`,
//! `COALESCE`, `IS NOT DISTINCT FROM`, row values. The few places where the two differ ask
//! [`Dialect`] for their fragment. Every integer column is 64-bit on both.
//!
//! All of it is blocking: the handlers call the store through `spawn_blocking`
//! (comment_api::blocking), and the PostgreSQL side runs its async driver on a runtime of its
//! own (see `postgres.rs`), so the same code also serves the command line and plain tests.

mod copy;
mod postgres;
mod postgres_schema;
mod sqlite;
pub(crate) mod sqlite_schema;

use std::fmt;
use std::path::PathBuf;

pub use copy::copy_store;
pub use postgres::PostgresDb;
pub use sqlite::SqliteDb;

/// Where the comment store lives, from `--db`: a `postgres://` (or `postgresql://`) URL, or
/// a path to a SQLite file (`:memory:` for one that lives as long as the process).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbLocation {
    Sqlite(PathBuf),
    /// A libpq-style URL; shown only without its password (see `Display`).
    Postgres(String),
}

impl DbLocation {
    pub fn parse(text: &str) -> DbLocation {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            DbLocation::Postgres(text.to_string())
        } else {
            DbLocation::Sqlite(PathBuf::from(text))
        }
    }
}

/// For logs and messages: a PostgreSQL URL loses its password, which must not reach a log.
impl fmt::Display for DbLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbLocation::Sqlite(path) => write!(f, "{}", path.display()),
            DbLocation::Postgres(url) => f.write_str(&postgres::without_password(url)),
        }
    }
}

/// A database error, as text: callers report it and answer 500; none branches on its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbError(pub String);

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DbError {}

/// A parameter or a column value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
    /// PostgreSQL's boolean results (`x IS NOT NULL`); SQLite answers those as 0 or 1.
    Bool(bool),
}

macro_rules! value_from {
    ($($t:ty => $variant:ident $(as $conv:ty)?),* $(,)?) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Value {
                Value::$variant(v $(as $conv)?)
            }
        }
    )*};
}

value_from!(i64 => Int, i32 => Int as i64, u32 => Int as i64, bool => Bool, String => Text, Vec<u8> => Bytes);

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}

impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Value {
        Value::Bytes(v.to_vec())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Value {
        v.as_deref().map_or(Value::Null, Value::from)
    }
}

/// `args![a, b]`: the parameters `$1`, `$2` of a statement, each converted into a [`Value`].
macro_rules! args {
    ($($v:expr),* $(,)?) => { &[$($crate::db::Value::from($v)),*][..] };
}
pub(crate) use args;

/// A column's value read as a Rust type; a NULL or a value of another type is an error
/// unless the type is an `Option`.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Option<i64> {
        match value {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            _ => None,
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Option<String> {
        match value {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Option<Vec<u8>> {
        match value {
            Value::Bytes(b) => Some(b.clone()),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Option<T>> {
        match value {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One row of a result.
#[derive(Clone, Debug, PartialEq)]
pub struct Row(pub(crate) Vec<Value>);

impl Row {
    /// Column `index` as `T`: an error (never a panic) when it is missing or of another type.
    pub fn get<T: FromValue>(&self, index: usize) -> Result<T, DbError> {
        let value = self.0.get(index).ok_or_else(|| DbError(format!("no column {index}")))?;
        T::from_value(value).ok_or_else(|| {
            DbError(format!("column {index}: {value:?} is not a {}", std::any::type_name::<T>()))
        })
    }
}

/// Which database a statement goes to, for the fragments the two write differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The values of `expr` in a group, joined by commas.
    pub fn group_concat(self, expr: &str) -> String {
        match self {
            Dialect::Sqlite => format!("group_concat({expr})"),
            Dialect::Postgres => format!("string_agg({expr}, ',')"),
        }
    }

    /// Whether `haystack` contains `needle` ignoring case, as a plain substring: a `%` or `_`
    /// in the needle is just a character (LIKE would make it a wildcard).
    pub fn contains(self, haystack: &str, needle: &str) -> String {
        match self {
            Dialect::Sqlite => format!("instr(lower({haystack}), lower({needle})) > 0"),
            Dialect::Postgres => format!("strpos(lower({haystack}), lower({needle})) > 0"),
        }
    }

    /// Appended to a SELECT inside a transaction that is about to change what it read: on
    /// PostgreSQL it locks the rows until commit, so two instances cannot both act on the same
    /// state; SQLite's write transactions already exclude each other (`BEGIN IMMEDIATE`).
    pub fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }

    /// A statement that makes the transaction wait for any other holding the lock named by its
    /// `$1` (text), until commit: for work that must take turns across servers but has no row
    /// to lock. `None` on SQLite, whose write transactions already take turns.
    pub fn lock_statement(self) -> Option<&'static str> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some("SELECT pg_advisory_xact_lock(hashtext($1))"),
        }
    }
}

/// A connection or a transaction on either database.
pub trait Sql {
    fn dialect(&self) -> Dialect;

    /// Runs a statement and returns every row it gives.
    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, DbError>;

    /// Runs a statement and returns how many rows it changed.
    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64, DbError>;

    /// The first row, if any.
    fn query_opt(&mut self, sql: &str, args: &[Value]) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, args)?.into_iter().next())
    }

    /// The first row; none is an error.
    fn query_one(&mut self, sql: &str, args: &[Value]) -> Result<Row, DbError> {
        self.query_opt(sql, args)?.ok_or_else(|| DbError("the query returned no row".into()))
    }

    /// Whether the statement gives at least one row.
    fn exists(&mut self, sql: &str, args: &[Value]) -> Result<bool, DbError> {
        Ok(self.query_opt(sql, args)?.is_some())
    }
}

/// The database behind the comment store.
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PostgresDb),
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Db::Sqlite(_) => "Db::Sqlite",
            Db::Postgres(_) => "Db::Postgres",
        })
    }
}

/// What a migration is asked to do once the schema is current, in the same transaction: fill
/// a database that was just created (the demo comments). It runs at most once per database.
pub type OnCreate<'a> = &'a mut dyn FnMut(&mut dyn Sql) -> Result<(), DbError>;

impl Db {
    /// Opens the database and brings its schema to this server's version, refusing one that is
    /// newer than the server knows.
    pub fn open(location: &DbLocation, on_create: OnCreate<'_>) -> Result<Db, DbError> {
        match location {
            DbLocation::Sqlite(path) => SqliteDb::open(path, on_create).map(Db::Sqlite),
            DbLocation::Postgres(url) => PostgresDb::open(url, on_create).map(Db::Postgres),
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs `work` on a connection, each statement committed on its own.
    pub fn with<T, E: From<DbError>>(&self, work: impl FnOnce(&mut dyn Sql) -> Result<T, E>) -> Result<T, E> {
        match self {
            Db::Sqlite(db) => db.with(work),
            Db::Postgres(db) => db.with(work),
        }
    }

    /// Runs `work` in one transaction: committed when it returns `Ok`, rolled back when it
    /// returns `Err` (or panics).
    pub fn transaction<T, E: From<DbError>>(
        &self,
        work: impl FnOnce(&mut dyn Sql) -> Result<T, E>,
    ) -> Result<T, E> {
        match self {
            Db::Sqlite(db) => db.transaction(work),
            Db::Postgres(db) => db.transaction(work),
        }
    }
}

/// This server's schema version on both databases; each database's module has the steps.
pub const SCHEMA_VERSION: i64 = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        assert_eq!(DbLocation::parse("comments.db"), DbLocation::Sqlite(PathBuf::from("comments.db")));
        assert_eq!(
            DbLocation::parse("postgresql://u@h/db"),
            DbLocation::Postgres("postgresql://u@h/db".into())
        );
        let secret = DbLocation::parse("postgres://news:hunter2@db.internal:5432/news?sslmode=disable");
        assert_eq!(secret.to_string(), "postgres://news:***@db.internal:5432/news?sslmode=disable");
    }

    #[test]
    fn rows_read_typed_values_and_refuse_others() {
        let row = Row(vec![Value::Int(7), Value::Null, Value::Text("甲".into()), Value::Bool(true)]);
        assert_eq!(row.get::<i64>(0), Ok(7));
        assert_eq!(row.get::<Option<i64>>(1), Ok(None));
        assert_eq!(row.get::<String>(2), Ok("甲".to_string()));
        assert_eq!(row.get::<bool>(3), Ok(true));
        assert_eq!(row.get::<bool>(0), Ok(true));
        assert!(row.get::<i64>(1).is_err(), "NULL is not an integer");
        assert!(row.get::<String>(0).is_err());
        assert!(row.get::<i64>(9).is_err(), "no such column");
    }
}
