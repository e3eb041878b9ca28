//! PostgreSQL through tokio-postgres with a deadpool pool, for several server instances on one
//! database. The store above is blocking (see `mod.rs`), so this side owns a small runtime of
//! its own and waits on it: called from `spawn_blocking` by the handlers, from plain threads by
//! the command line and the tests. Statements are prepared once per connection (cached).

use super::postgres_schema::POSTGRES_V10;
use super::{DbError, Dialect, OnCreate, Row, Sql, Value, SCHEMA_VERSION};
use deadpool_postgres::{ClientWrapper, Manager, ManagerConfig, Pool, RecyclingMethod, Transaction};
use std::error::Error;
use tokio::runtime::Runtime;
use tokio_postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use tokio_postgres::NoTls;

/// Connections per server instance: ten instances stay well under PostgreSQL's default limit
/// of 100 connections.
const POOL_SIZE: usize = 8;

pub struct PostgresDb {
    /// `None` only while dropping (see `Drop`).
    runtime: Option<Runtime>,
    pool: Pool,
    /// For the listening connection, which stays out of the pool.
    config: tokio_postgres::Config,
}

impl From<tokio_postgres::Error> for DbError {
    fn from(e: tokio_postgres::Error) -> DbError {
        match e.as_db_error() {
            Some(db) => DbError(format!("{} ({})", db.message(), db.code().code())),
            None => DbError(e.to_string()),
        }
    }
}

impl PostgresDb {
    pub fn open(url: &str, on_create: OnCreate<'_>) -> Result<PostgresDb, DbError> {
        let shown = without_password(url);
        let fail = |e: String| DbError(format!("{shown}: {e}"));
        let config: tokio_postgres::Config = url.parse().map_err(|e: tokio_postgres::Error| fail(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("news-postgres")
            .enable_all()
            .build()
            .map_err(|e| fail(e.to_string()))?;
        let manager =
            Manager::from_config(config.clone(), NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager).max_size(POOL_SIZE).build().map_err(|e| fail(e.to_string()))?;
        let db = PostgresDb { runtime: Some(runtime), pool, config };
        db.migrate(on_create).map_err(|e| fail(e.0))?;
        Ok(db)
    }

    fn runtime(&self) -> &Runtime {
        // Set from `open` until `drop`: no method can run in between.
        self.runtime.as_ref().unwrap_or_else(|| unreachable!("the runtime lives as long as the store"))
    }

    fn client(&self) -> Result<deadpool_postgres::Object, DbError> {
        wait(self.runtime(), self.pool.get())?.map_err(|e| DbError(format!("no database connection: {e}")))
    }

    /// One transaction, under an advisory lock on the schema's name: instances starting at once
    /// take turns, so only the first creates the tables (and seeds them).
    fn migrate(&self, on_create: OnCreate<'_>) -> Result<(), DbError> {
        self.transaction(|sql| {
            sql.query("SELECT pg_advisory_xact_lock(hashtext(current_schema()))", &[])?;
            sql.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)", &[])?;
            let version = match sql.query_opt("SELECT version FROM schema_version", &[])? {
                Some(row) => row.get::<i64>(0)?,
                None => {
                    sql.execute("INSERT INTO schema_version (version) VALUES (0)", &[])?;
                    0
                }
            };
            if version > SCHEMA_VERSION {
                return Err(DbError(format!(
                    "schema version {version} is newer than this server's {SCHEMA_VERSION}"
                )));
            }
            if version < 10 {
                for statement in POSTGRES_V10.split(';').filter(|s| !s.trim().is_empty()) {
                    sql.execute(statement, &[])?;
                }
                on_create(sql)?;
            }
            sql.execute("UPDATE schema_version SET version = $1", &[Value::Int(SCHEMA_VERSION)])?;
            Ok(())
        })
    }

    /// Calls `on_notice` with the payload of every NOTIFY on `channel`, from a connection of its
    /// own, until the store is dropped. A lost connection is opened again (after 0.25 s, then
    /// up to 30 s between tries); `on_notice("")` then says that notices may have been missed.
    pub fn listen(&self, channel: &'static str, on_notice: impl Fn(&str) + Send + Sync + 'static) {
        let config = self.config.clone();
        let on_notice = std::sync::Arc::new(on_notice);
        self.runtime().spawn(async move {
            let mut pause = std::time::Duration::from_millis(250);
            let mut reconnecting = false;
            loop {
                match config.connect(NoTls).await {
                    Ok((client, mut connection)) => {
                        let notices = std::sync::Arc::clone(&on_notice);
                        // The connection does the talking: LISTEN is only sent while it is polled.
                        let messages = tokio::spawn(async move {
                            use futures_util::StreamExt;
                            let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
                            while let Some(Ok(message)) = messages.next().await {
                                if let tokio_postgres::AsyncMessage::Notification(notice) = message {
                                    notices(notice.payload());
                                }
                            }
                        });
                        match client.batch_execute(&format!("LISTEN {channel}")).await {
                            Ok(()) => {
                                pause = std::time::Duration::from_millis(250);
                                if reconnecting {
                                    on_notice("");
                                }
                                let _ = messages.await;
                            }
                            Err(e) => {
                                eprintln!("news-server: listening for new comments: {}", DbError::from(e));
                                messages.abort();
                            }
                        }
                    }
                    Err(e) => eprintln!("news-server: listening for new comments: {}", DbError::from(e)),
                }
                reconnecting = true;
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(std::time::Duration::from_secs(30));
            }
        });
    }

    pub(super) fn with<T, E: From<DbError>>(&self, work: impl FnOnce(&mut dyn Sql) -> Result<T, E>) -> Result<T, E> {
        let client = self.client()?;
        work(&mut PostgresSql { runtime: self.runtime(), client: Client::Plain(&client) })
    }

    pub(super) fn transaction<T, E: From<DbError>>(
        &self,
        work: impl FnOnce(&mut dyn Sql) -> Result<T, E>,
    ) -> Result<T, E> {
        let runtime = self.runtime();
        let mut client = self.client()?;
        let tx = wait(runtime, client.transaction())?.map_err(DbError::from)?;
        match work(&mut PostgresSql { runtime, client: Client::Transaction(&tx) }) {
            Ok(value) => {
                wait(runtime, tx.commit())?.map_err(DbError::from)?;
                Ok(value)
            }
            Err(e) => {
                // A failed rollback drops the connection, which rolls back as well.
                let _ = wait(runtime, tx.rollback());
                Err(e)
            }
        }
    }
}

/// Runs `future` on the store's runtime and waits for it. From an async task of a
/// multi-threaded runtime, the task's worker first hands its other tasks to another thread
/// (`block_in_place`); from a blocking or a plain thread it just waits. Never called from a
/// single-threaded runtime's task (the handlers go through `spawn_blocking`).
fn wait<F: std::future::Future>(runtime: &Runtime, future: F) -> Result<F::Output, DbError> {
    Ok(tokio::task::block_in_place(|| runtime.block_on(future)))
}

/// A runtime cannot be dropped inside another's async context (a test's, or the server's when
/// its state goes): shut it down without waiting instead.
impl Drop for PostgresDb {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

enum Client<'c> {
    Plain(&'c ClientWrapper),
    Transaction(&'c Transaction<'c>),
}

struct PostgresSql<'c> {
    runtime: &'c Runtime,
    client: Client<'c>,
}

impl PostgresSql<'_> {
    fn run(&self, sql: &str, args: &[Value]) -> Result<Vec<tokio_postgres::Row>, DbError> {
        let params: Vec<Arg<'_>> = args.iter().map(Arg).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        wait(self.runtime, async {
            Ok(match &self.client {
                Client::Plain(c) => {
                    let statement = c.prepare_cached(sql).await?;
                    c.query(&statement, &refs).await?
                }
                Client::Transaction(t) => {
                    let statement = t.prepare_cached(sql).await?;
                    t.query(&statement, &refs).await?
                }
            })
        })?
    }
}

impl Sql for PostgresSql<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, DbError> {
        self.run(sql, args)?.iter().map(row_of).collect()
    }

    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64, DbError> {
        let params: Vec<Arg<'_>> = args.iter().map(Arg).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        Ok(wait(self.runtime, async {
            match &self.client {
                Client::Plain(c) => {
                    let statement = c.prepare_cached(sql).await?;
                    c.execute(&statement, &refs).await
                }
                Client::Transaction(t) => {
                    let statement = t.prepare_cached(sql).await?;
                    t.execute(&statement, &refs).await
                }
            }
        })??)
    }
}

fn row_of(row: &tokio_postgres::Row) -> Result<Row, DbError> {
    let column = |i: usize| -> Result<Value, tokio_postgres::Error> {
        let ty = row.columns().get(i).map(|c| c.type_().clone()).unwrap_or(Type::UNKNOWN);
        Ok(match ty {
            Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
            Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|v| Value::Int(v.into())),
            Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|v| Value::Int(v.into())),
            Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(Value::Bool),
            Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Bytes),
            // What pg_advisory_xact_lock returns.
            Type::VOID => None,
            _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
        }
        .unwrap_or(Value::Null))
    };
    (0..row.len()).map(column).collect::<Result<_, _>>().map(Row).map_err(DbError::from)
}

/// A parameter, sent as the type the statement expects: PostgreSQL does not convert an
/// integer sent as BIGINT into an INTEGER parameter by itself.
#[derive(Debug)]
struct Arg<'v>(&'v Value);

impl ToSql for Arg<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match (self.0, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Int(i), &Type::INT8) => i.to_sql(ty, out),
            (Value::Int(i), &Type::INT4) => i32::try_from(*i)?.to_sql(ty, out),
            (Value::Int(i), &Type::INT2) => i16::try_from(*i)?.to_sql(ty, out),
            (Value::Int(i), &Type::BOOL) => (*i != 0).to_sql(ty, out),
            (Value::Bool(b), &Type::BOOL) => b.to_sql(ty, out),
            (Value::Bool(b), &Type::INT8) => i64::from(*b).to_sql(ty, out),
            (Value::Text(s), &Type::TEXT | &Type::VARCHAR | &Type::BPCHAR | &Type::NAME | &Type::UNKNOWN) => {
                s.as_str().to_sql(ty, out)
            }
            (Value::Bytes(b), &Type::BYTEA) => b.as_slice().to_sql(ty, out),
            (value, ty) => Err(format!("cannot send {value:?} as {ty}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// The URL for messages and logs: its password replaced by `***`.
pub(super) fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => format!("{userinfo}@{host}"),
        },
        None => authority.to_string(),
    };
    // A password may also come as a query parameter.
    let tail = match tail.split_once("password=") {
        Some((before, after)) => {
            let end = after.find('&').unwrap_or(after.len());
            format!("{before}password=***{}", after.get(end..).unwrap_or(""))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}
