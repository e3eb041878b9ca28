//! SQLite: one file; transactions on one connection behind a mutex, single statements (most of
//! them reads: comment pages) on a few more, so readers do not queue behind each other or
//! behind a writer (WAL lets them read while it writes). Write transactions are
//! `BEGIN IMMEDIATE`, so two of them (from two processes on one file, too) run one after the
//! other instead of failing half-way.

use super::sqlite_schema::*;
use super::{DbError, Dialect, OnCreate, Row, Sql, Value, SCHEMA_VERSION};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql, TransactionBehavior};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

pub struct SqliteDb {
    conn: Mutex<Connection>,
    /// Connections for [`SqliteDb::with`]; none for an in-memory database, which lives in one
    /// connection only.
    readers: Vec<Mutex<Connection>>,
    next_reader: std::sync::atomic::AtomicUsize,
}

/// Connections for single statements, beside the one for transactions.
const READERS: usize = 4;

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        DbError(e.to_string())
    }
}

impl SqliteDb {
    pub fn open(path: &Path, on_create: OnCreate<'_>) -> Result<SqliteDb, DbError> {
        let fail = |e: rusqlite::Error| DbError(format!("{}: {e}", path.display()));
        let conn = if path == Path::new(":memory:") {
            Connection::open_in_memory().map_err(fail)?
        } else {
            Connection::open(path).map_err(fail)?
        };
        let mut db =
            SqliteDb::from_connection(conn, on_create).map_err(|e| DbError(format!("{}: {e}", path.display())))?;
        if path != Path::new(":memory:") {
            for _ in 0..READERS {
                let reader = Connection::open(path).map_err(fail)?;
                reader.busy_timeout(Duration::from_secs(5))?;
                reader.pragma_update(None, "synchronous", "FULL")?;
                reader.pragma_update(None, "foreign_keys", true)?;
                db.readers.push(Mutex::new(reader));
            }
        }
        Ok(db)
    }

    /// Migrates an open connection: also how the tests hand in a database of an old version.
    pub(crate) fn from_connection(mut conn: Connection, on_create: OnCreate<'_>) -> Result<SqliteDb, DbError> {
        // Another server starting on the same file waits instead of failing with SQLITE_BUSY.
        conn.busy_timeout(Duration::from_secs(5))?;
        // WAL: readers never block the writer; an in-memory database answers "memory", fine.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // FULL: a comment whose post was answered 2xx survives a crash of the machine too, not
        // only of the server (with WAL, NORMAL may lose the last transactions on power loss).
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Off while migrating (see SCHEMA_V5), explicitly: the bundled SQLite defaults to on,
        // and dropping the old comments table would then delete every like with it.
        conn.pragma_update(None, "foreign_keys", false)?;

        // IMMEDIATE: two servers starting at once cannot both see version 0 and both seed.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(DbError(format!("schema version {version} is newer than this server's {SCHEMA_VERSION}")));
        }
        let steps = [
            SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6, SCHEMA_V7, SCHEMA_V8, SCHEMA_V9,
            SCHEMA_V10,
        ];
        for (step, sql) in (1..).zip(steps) {
            if version < step {
                tx.execute_batch(sql)?;
            }
            if step == 5 && version < 5 {
                // The rebuild ran with foreign keys off: prove it kept every reference intact.
                let broken = tx.prepare("PRAGMA foreign_key_check")?.query([])?.next()?.is_some();
                if broken {
                    return Err(DbError("a comment or like lost its parent while migrating to version 5".into()));
                }
            }
        }
        if version < 1 {
            on_create(&mut SqliteSql(&tx))?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        // After the migration, which must run with them off (see SCHEMA_V5); the pragma is a
        // no-op inside a transaction.
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(SqliteDb { conn: Mutex::new(conn), readers: Vec::new(), next_reader: Default::default() })
    }

    /// A panic while holding the lock cannot leave a half-done write (the transaction rolls
    /// back when dropped), so a poisoned lock is still safe to use.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) fn with<T, E: From<DbError>>(&self, work: impl FnOnce(&mut dyn Sql) -> Result<T, E>) -> Result<T, E> {
        if self.readers.is_empty() {
            return work(&mut SqliteSql(&self.lock()));
        }
        // A free one if there is one, else wait for the next in turn.
        let free = self.readers.iter().find_map(|reader| reader.try_lock().ok());
        let conn = match free {
            Some(conn) => conn,
            None => {
                let turn = self.next_reader.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % self.readers.len();
                let reader = &self.readers[turn];
                reader.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
            }
        };
        work(&mut SqliteSql(&conn))
    }

    pub(super) fn transaction<T, E: From<DbError>>(
        &self,
        work: impl FnOnce(&mut dyn Sql) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(DbError::from)?;
        let result = work(&mut SqliteSql(&tx))?;
        tx.commit().map_err(DbError::from)?;
        Ok(result)
    }
}

/// A connection or transaction (a `Transaction` derefs to its `Connection`).
struct SqliteSql<'c>(&'c Connection);

impl Sql for SqliteSql<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, DbError> {
        let mut statement = self.0.prepare_cached(&numbered(sql))?;
        let columns = statement.column_count();
        let mut rows = statement.query(rusqlite::params_from_iter(args))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let values = (0..columns).map(|i| row.get_ref(i).map(value_of)).collect::<Result<_, _>>()?;
            out.push(Row(values));
        }
        Ok(out)
    }

    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64, DbError> {
        let changed = self.0.prepare_cached(&numbered(sql))?.execute(rusqlite::params_from_iter(args))?;
        Ok(changed as u64)
    }
}

/// `$1` → `?1`: SQLite reads `$1` as a *named* parameter, numbered by first appearance, which
/// would bind the wrong values to a statement that names `$2` before `$1`.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

fn value_of(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        // No column of ours is REAL; kept readable rather than an error.
        ValueRef::Real(f) => Value::Text(f.to_string()),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    }
}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*b))),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_for_sqlite() {
        assert_eq!(numbered("SELECT $2, $1 WHERE x = $10"), "SELECT ?2, ?1 WHERE x = ?10");
        assert_eq!(numbered("SELECT '$', price$ FROM t"), "SELECT '$', price$ FROM t");
    }

    #[test]
    fn statements_naming_their_parameters_out_of_order_bind_the_right_values() {
        let db = SqliteDb::open(Path::new(":memory:"), &mut |_| Ok(())).expect("open");
        let row = db
            .with(|sql| sql.query_one("SELECT $2, $1", &[Value::Int(1), Value::Text("二".into())]))
            .expect("query");
        assert_eq!(row, Row(vec![Value::Text("二".into()), Value::Int(1)]));
    }

    #[test]
    fn a_failed_transaction_leaves_nothing() {
        let db = SqliteDb::open(Path::new(":memory:"), &mut |_| Ok(())).expect("open");
        let failed: Result<(), DbError> = db.transaction(|sql| {
            sql.execute("INSERT INTO sensitive_words (word) VALUES ($1)", &[Value::from("甲")])?;
            Err(DbError("stop".into()))
        });
        assert!(failed.is_err());
        let count = db.with(|sql| sql.query_one("SELECT COUNT(*) FROM sensitive_words", &[])?.get::<i64>(0));
        assert_eq!(count, Ok(0));
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let conn = Connection::open_in_memory().expect("memory");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).expect("version");
        let refused = SqliteDb::from_connection(conn, &mut |_| Ok(())).err();
        assert_eq!(
            refused.map(|e| e.0),
            Some(format!("schema version {} is newer than this server's {SCHEMA_VERSION}", SCHEMA_VERSION + 1))
        );
    }
}
