//! The admin API under `/api/admin/`, for portals' own CMSs (docs/moderation.md): list
//! comments by status, approve, reject, mark as spam, delete, restore, pin and unpin them, and
//! read the audit log. Bans (bans.rs) and the word list (word_store.rs) have their handlers
//! beside their storage. Every request carries `Authorization: Bearer <token>` (tokens.rs);
//! each action and its audit row are written in one transaction.

use crate::comment_api::blocking;
use crate::comments::{format_utc8, CommentStore, StoreError};
use crate::security::WriteAllowed;
use crate::tokens::{self, Actor};
use crate::users::Role;
use crate::{error, json, positive, AppState};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use crate::db::{args, Dialect, Row, Sql, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

const DEFAULT_PER_PAGE: u32 = 20;
const MAX_PER_PAGE: u32 = 100;

/// A comment's status as the store keeps it. The public API knows only the first two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Published,
    Pending,
    Rejected,
    Spam,
    Deleted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Published => "published",
            Status::Pending => "pending",
            Status::Rejected => "rejected",
            Status::Spam => "spam",
            Status::Deleted => "deleted",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [Status::Published, Status::Pending, Status::Rejected, Status::Spam, Status::Deleted]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// What an editor can do to a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Approve,
    Reject,
    Spam,
    Delete,
    Restore,
    /// Head the article's list in every sort (top-level comments only).
    Pin,
    Unpin,
}

impl Action {
    pub(crate) fn parse(text: &str) -> Option<Action> {
        Some(match text {
            "approve" => Action::Approve,
            "reject" => Action::Reject,
            "spam" => Action::Spam,
            "delete" => Action::Delete,
            "restore" => Action::Restore,
            "pin" => Action::Pin,
            "unpin" => Action::Unpin,
            _ => return None,
        })
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Spam => "spam",
            Action::Delete => "delete",
            Action::Restore => "restore",
            Action::Pin => "pin",
            Action::Unpin => "unpin",
        }
    }
}

/// What an endpoint needs of the account (a token's or a console session's): editors moderate
/// (comments, bans), admins also run the site (the word list, accounts and tokens).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Permission {
    Moderate,
    Administer,
}

impl Permission {
    pub(crate) fn allows(self, role: Role) -> bool {
        match self {
            Permission::Moderate => matches!(role, Role::Editor | Role::Admin),
            Permission::Administer => matches!(role, Role::Admin),
        }
    }
}

/// The account behind the request's bearer token; put before any other extractor that reads
/// the request, so a request without a valid token learns nothing else.
pub(crate) struct Authorized(Actor);

impl Authorized {
    // The refusal is the answer itself, built once per refused request: boxing it would only
    // move the allocation, and handlers return it as it is.
    #[allow(clippy::result_large_err)]
    pub(crate) fn require(&self, permission: Permission) -> Result<&Actor, Response> {
        if permission.allows(self.0.role) {
            Ok(&self.0)
        } else {
            Err(error(StatusCode::FORBIDDEN, "forbidden", "此账号无权执行该操作"))
        }
    }
}

impl FromRequestParts<AppState> for Authorized {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_string())
            .filter(|token| !token.is_empty());
        let Some(token) = token else { return Err(unauthorized()) };
        let store = Arc::clone(&app.comments);
        match tokio::task::spawn_blocking(move || tokens::authenticate(&store, &token)).await {
            Ok(Ok(Some(actor))) => Ok(Authorized(actor)),
            Ok(Ok(None)) => Err(unauthorized()),
            Ok(Err(e)) => Err(internal(&e.to_string())),
            Err(e) => Err(internal(&e.to_string())),
        }
    }
}

fn unauthorized() -> Response {
    let mut response = error(StatusCode::UNAUTHORIZED, "unauthorized", "缺少有效的访问令牌");
    response.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

pub(crate) fn internal(detail: &str) -> Response {
    eprintln!("news-server: admin: {detail}");
    error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "服务器内部错误")
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "评论或操作不存在")
}

/// A comment as editors see it.
#[derive(Serialize, Debug)]
pub(crate) struct AdminComment {
    pub(crate) id: String,
    pub(crate) article_id: String,
    /// `None` when the article is no longer in the content.
    pub(crate) article_title: Option<String>,
    pub(crate) parent_id: Option<String>,
    /// Whom a reply answers; `None` for a comment that is not a reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reply_to: Option<ReplyTo>,
    pub(crate) author: Author,
    pub(crate) content: String,
    pub(crate) created_at: String,
    pub(crate) region: Option<String>,
    pub(crate) status: String,
    pub(crate) held_reason: Option<String>,
    pub(crate) likes: u64,
    pub(crate) pinned: bool,
    /// Readers' reports (reports.rs), all of them, also those made before an approval.
    pub(crate) reports: u64,
    /// How many of them gave each reason; reasons nobody gave are left out.
    pub(crate) report_reasons: BTreeMap<String, u64>,
    /// The portal's user id when the portal vouched for the author (reader_token.rs); `None`
    /// for anonymous comments. Editors only: the public API says just `verified`.
    pub(crate) author_sub: Option<String>,
    /// The reader id the comment was posted with (`None` for seeded comments). For the console's
    /// ban form; not in the API's answers, whose contract does not have it.
    #[serde(skip)]
    pub(crate) client_id: Option<String>,
    /// The poster's network as bans key it (comments.rs `SCHEMA_V8`); as `client_id`.
    #[serde(skip)]
    pub(crate) network: Option<String>,
}

#[derive(Serialize, Debug)]
pub(crate) struct Author {
    pub(crate) name: String,
}

/// The comment a reply answers, as far as an editor needs it to judge the reply.
#[derive(Serialize, Debug)]
pub(crate) struct ReplyTo {
    pub(crate) author: String,
    /// The start of its text (at most 60 characters, cut in SQL).
    pub(crate) excerpt: String,
    pub(crate) status: String,
}

/// What an editor sees of a comment: read from `comments c` left-joined with its parent `p`,
/// selected by the WHERE clause that follows.
fn admin_select(dialect: Dialect) -> String {
    let reasons = dialect.group_concat("reason");
    format!(
        "SELECT c.id, c.article_id, c.parent_id, c.author, c.content, c.created_at, c.region, c.status,
             c.held_reason, c.likes, c.pin_rank IS NOT NULL,
             (SELECT {reasons} FROM comment_reports r WHERE r.comment_id = c.id),
             p.author, substr(p.content, 1, 60), p.status, c.client_id, c.author_network, c.author_sub
         FROM comments c LEFT JOIN comments p ON p.id = c.parent_id"
    )
}

/// One comment as an editor sees it.
fn admin_comment(sql: &mut dyn Sql, id: i64) -> Result<AdminComment, StoreError> {
    let select = admin_select(sql.dialect());
    admin_row(&sql.query_one(&format!("{select} WHERE c.id = $1"), args![id])?)
}

fn admin_row(row: &Row) -> Result<AdminComment, StoreError> {
    let mut report_reasons = BTreeMap::new();
    let reasons: Option<String> = row.get(11)?;
    for reason in reasons.iter().flat_map(|all| all.split(',')) {
        *report_reasons.entry(reason.to_string()).or_insert(0) += 1;
    }
    let reply_to = match (row.get::<Option<String>>(12)?, row.get::<Option<String>>(13)?) {
        (Some(author), Some(excerpt)) => Some(ReplyTo { author, excerpt, status: row.get(14)? }),
        _ => None,
    };
    Ok(AdminComment {
        pinned: row.get(10)?,
        reports: report_reasons.values().sum(),
        report_reasons,
        id: row.get::<i64>(0)?.to_string(),
        article_id: row.get(1)?,
        article_title: None,
        parent_id: row.get::<Option<i64>>(2)?.map(|p| p.to_string()),
        reply_to,
        author: Author { name: row.get(3)? },
        content: row.get(4)?,
        created_at: format_utc8(row.get(5)?),
        region: row.get(6)?,
        status: row.get(7)?,
        held_reason: row.get(8)?,
        likes: row.get::<i64>(9)?.max(0) as u64,
        client_id: row.get(15)?,
        network: row.get(16)?,
        author_sub: row.get(17)?,
    })
}

#[derive(Serialize)]
pub(crate) struct PageOf<T> {
    pub(crate) items: Vec<T>,
    pub(crate) page: u32,
    pub(crate) per_page: u32,
    pub(crate) total: u64,
}

#[derive(Serialize, Debug)]
pub(crate) struct AuditEntry {
    pub(crate) id: i64,
    pub(crate) at: String,
    pub(crate) actor: String,
    pub(crate) action: String,
    /// `None` for actions on no comment: bans and the word list.
    pub(crate) comment_id: Option<String>,
    /// The state before and after: a status, `pinned`/`unpinned`, a ban's, a word count.
    pub(crate) status_before: String,
    pub(crate) status_after: String,
    pub(crate) detail: Option<String>,
}

/// One row of the audit log, as the actions write it.
pub(crate) struct AuditRow<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub comment_id: Option<i64>,
    pub before: &'a str,
    pub after: &'a str,
    pub detail: Option<&'a str>,
}

/// Adds `row` to the audit log; called inside the transaction of the change it records.
pub(crate) fn log(sql: &mut dyn Sql, now_unix: i64, row: &AuditRow<'_>) -> Result<(), crate::db::DbError> {
    sql.execute(
        "INSERT INTO audit_log (at, actor, action, comment_id, status_before, status_after, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        args![now_unix, row.actor, row.action, row.comment_id, row.before, row.after, row.detail],
    )?;
    Ok(())
}

/// Which comments a listing shows. Text filters match anywhere in the field (ASCII letters in
/// any case); empty ones are not applied.
#[derive(Clone, Debug, Default)]
pub(crate) struct Filter {
    pub(crate) status: Option<Status>,
    pub(crate) article: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) text: Option<String>,
    /// Only comments with a greater id: what a console polling for new ones has not seen.
    pub(crate) after_id: Option<i64>,
}

impl Filter {
    /// The WHERE clause and its values. The clause is built from fixed strings only; every
    /// value from the request is a bound parameter.
    fn clause(&self, dialect: Dialect) -> (String, Vec<Value>) {
        let mut conditions = vec!["1 = 1".to_string()];
        let mut values: Vec<Value> = Vec::new();
        let mut bind = |condition: &str, value: Value| {
            values.push(value);
            conditions.push(condition.replace('?', &format!("${}", values.len())));
        };
        if let Some(status) = self.status {
            bind("c.status = ?", Value::Text(status.as_str().into()));
        }
        let given = |text: &Option<String>| text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(String::from);
        if let Some(article) = given(&self.article) {
            bind("c.article_id = ?", Value::Text(article));
        }
        if let Some(author) = given(&self.author) {
            bind(&dialect.contains("c.author", "?"), Value::Text(author));
        }
        if let Some(region) = given(&self.region) {
            bind(&dialect.contains("coalesce(c.region, '')", "?"), Value::Text(region));
        }
        if let Some(text) = given(&self.text) {
            bind(&dialect.contains("c.content", "?"), Value::Text(text));
        }
        if let Some(after) = self.after_id {
            bind("c.id > ?", Value::Int(after));
        }
        (conditions.join(" AND "), values)
    }
}

/// Why an action was not applied.
#[derive(Debug)]
pub(crate) enum ActError {
    NotFound,
    /// The comment's status (given) is not the expected one, or the action would not change it.
    Status(String),
    /// Pin on a pinned comment (`true`), or unpin on one that is not (`false`).
    Pinned(bool),
    /// Only top-level comments can be pinned: a reply is shown in its thread.
    NotTopLevel,
    Db(StoreError),
}

fn status_conflict(current: &str) -> ActError {
    ActError::Status(current.to_string())
}

impl From<crate::db::DbError> for ActError {
    fn from(e: crate::db::DbError) -> Self {
        ActError::Db(e.into())
    }
}

impl From<StoreError> for ActError {
    fn from(e: StoreError) -> Self {
        ActError::Db(e)
    }
}

/// One page of the comments `filter` selects, newest first. `page` and `per_page` are at least 1.
pub(crate) fn list_comments(
    store: &CommentStore,
    filter: &Filter,
    page: u32,
    per_page: u32,
) -> Result<PageOf<AdminComment>, StoreError> {
    store.db().with(|sql| {
        let (clause, mut values) = filter.clause(sql.dialect());
        let total = sql.query_one(&format!("SELECT COUNT(*) FROM comments c WHERE {clause}"), &values)?.get::<i64>(0)?;
        let offset = i64::from(page - 1) * i64::from(per_page);
        let (limit_at, offset_at) = (values.len() + 1, values.len() + 2);
        values.push(Value::from(per_page));
        values.push(Value::Int(offset));
        let select = admin_select(sql.dialect());
        let items = sql
            .query(
                &format!("{select} WHERE {clause} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit_at} OFFSET ${offset_at}"),
                &values,
            )?
            .iter()
            .map(admin_row)
            .collect::<Result<_, _>>()?;
        Ok(PageOf { items, page, per_page, total: total.max(0) as u64 })
    })
}

/// Checks and changes the status (or the pin) in one transaction, with its audit row (SQLite's
/// IMMEDIATE transactions take turns; on PostgreSQL the comment's row is locked):
/// of two editors acting at once, the second sees the first's result (and gets a conflict when
/// it said what it expected), never the status both started from. The one code path for every
/// action, whether it comes from the JSON API or the console.
pub(crate) fn apply(
    store: &CommentStore,
    id: i64,
    action: Action,
    expected: Option<Status>,
    actor: &str,
    now_unix: i64,
) -> Result<AdminComment, ActError> {
    let comment = store.db().transaction(|sql| apply_in(sql, id, action, expected, actor, now_unix))?;
    // Approved (or restored) into view: readers with the article open see it arrive.
    if matches!(action, Action::Approve | Action::Restore) && comment.status == Status::Published.as_str() {
        store.announce(&comment.article_id);
    }
    Ok(comment)
}

fn apply_in(
    sql: &mut dyn Sql,
    id: i64,
    action: Action,
    expected: Option<Status>,
    actor: &str,
    now_unix: i64,
) -> Result<AdminComment, ActError> {
    // Locked on PostgreSQL until commit, as SQLite's IMMEDIATE transaction locks the file.
    let lock = sql.dialect().for_update();
    let found = sql.query_opt(
        &format!(
            "SELECT status, status_before_delete, held_reason, parent_id IS NULL, pin_rank IS NOT NULL, article_id
             FROM comments WHERE id = $1{lock}"
        ),
        args![id],
    )?;
    let Some(found) = found else {
        return Err(ActError::NotFound);
    };
    let current: String = found.get(0)?;
    let before_delete: Option<String> = found.get(1)?;
    let held_reason: Option<String> = found.get(2)?;
    let (top_level, pinned): (bool, bool) = (found.get(3)?, found.get(4)?);
    let article: String = found.get(5)?;
    if expected.is_some_and(|expected| expected.as_str() != current) {
        return Err(status_conflict(&current));
    }
    if let Action::Pin | Action::Unpin = action {
        let pin = action == Action::Pin;
        if pin && !top_level {
            return Err(ActError::NotTopLevel);
        }
        if pin == pinned {
            return Err(ActError::Pinned(pinned));
        }
        if pin {
            // Pins from several servers take turns, so no two comments share a rank.
            if let Some(lock) = sql.dialect().lock_statement() {
                sql.query(lock, args!["pin_rank"])?;
            }
        }
        let rank = if pin { "(SELECT COALESCE(MAX(pin_rank), 0) + 1 FROM comments)" } else { "NULL" };
        sql.execute(&format!("UPDATE comments SET pin_rank = {rank} WHERE id = $1"), args![id])?;
        let (before, after) = if pin { ("unpinned", "pinned") } else { ("pinned", "unpinned") };
        let row = AuditRow { actor, action: action.as_str(), comment_id: Some(id), before, after, detail: None };
        log(sql, now_unix, &row)?;
        return Ok(admin_comment(sql, id)?);
    }
    let target = match action {
        Action::Approve => Status::Published.as_str().to_string(),
        Action::Reject => Status::Rejected.as_str().to_string(),
        Action::Spam => Status::Spam.as_str().to_string(),
        Action::Delete => Status::Deleted.as_str().to_string(),
        // Only a deleted comment can be restored. One deleted before statuses were remembered
        // cannot exist (deletion came with the column), but pending is the safe guess: hidden.
        Action::Restore if current == Status::Deleted.as_str() => {
            before_delete.unwrap_or_else(|| Status::Pending.as_str().to_string())
        }
        Action::Restore | Action::Pin | Action::Unpin => return Err(status_conflict(&current)),
    };
    // Nothing would change: a conflict rather than an empty audit row, so that a repeated
    // action is visible as one.
    if target == current {
        return Err(status_conflict(&current));
    }
    let remember = (action == Action::Delete).then_some(current.as_str());
    // Coming into view takes the article's next number, so live streams show it as new.
    let published = if target == Status::Published.as_str() {
        Some(crate::comments::next_published(sql, &article)?)
    } else {
        None
    };
    sql.execute(
        "UPDATE comments SET status = $2, status_before_delete = $3, published_seq = COALESCE($4, published_seq)
         WHERE id = $1",
        args![id, &target, remember, published],
    )?;
    // An editor who approves what readers' reports hid has overruled them: the reports stay
    // listed, but no longer hide the comment (reports.rs).
    if action == Action::Approve && held_reason.as_deref() == Some(crate::reports::HELD_REASON) {
        sql.execute("UPDATE comments SET reports_overruled = 1 WHERE id = $1", args![id])?;
    }
    let row = AuditRow {
        actor,
        action: action.as_str(),
        comment_id: Some(id),
        before: &current,
        after: &target,
        detail: None,
    };
    log(sql, now_unix, &row)?;
    Ok(admin_comment(sql, id)?)
}

pub(crate) fn audit_page(store: &CommentStore, page: u32, per_page: u32) -> Result<PageOf<AuditEntry>, StoreError> {
    store.db().with(|sql| {
        let total = sql.query_one("SELECT COUNT(*) FROM audit_log", &[])?.get::<i64>(0)?;
        let offset = i64::from(page - 1) * i64::from(per_page);
        let items = sql
            .query(
                "SELECT id, at, actor, action, comment_id, status_before, status_after, detail FROM audit_log
                 ORDER BY id DESC LIMIT $1 OFFSET $2",
                args![per_page, offset],
            )?
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: format_utc8(r.get(1)?),
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    comment_id: r.get::<Option<i64>>(4)?.map(|id| id.to_string()),
                    status_before: r.get(5)?,
                    status_after: r.get(6)?,
                    detail: r.get(7)?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(PageOf { items, page, per_page, total: total.max(0) as u64 })
    })
}

// ---- handlers ----

#[derive(Deserialize)]
pub(crate) struct ListParams {
    status: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

// As for `Authorized::require`: the error is the answer.
#[allow(clippy::result_large_err)]
fn paging(params: &ListParams) -> Result<(u32, u32), Response> {
    let page = positive("page", params.page.as_deref(), 1);
    let per_page = positive("per_page", params.per_page.as_deref(), DEFAULT_PER_PAGE);
    match (page, per_page) {
        (Ok(page), Ok(per_page)) => Ok((page, per_page.min(MAX_PER_PAGE))),
        (Err(message), _) | (_, Err(message)) => Err(error(StatusCode::BAD_REQUEST, "bad_request", &message)),
    }
}

pub(crate) async fn list(
    auth: Authorized,
    State(app): State<AppState>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Response {
    if let Err(refused) = auth.require(Permission::Moderate) {
        return refused;
    }
    let Ok(Query(params)) = params else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "查询参数无效");
    };
    let (page, per_page) = match paging(&params) {
        Ok(paging) => paging,
        Err(refused) => return refused,
    };
    let Some(status) = Status::parse(params.status.as_deref().unwrap_or("pending")) else {
        return error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "status 应为 pending、published、rejected、spam 或 deleted",
        );
    };
    let filter = Filter { status: Some(status), ..Filter::default() };
    match blocking(&app.comments, move |store| list_comments(store, &filter, page, per_page)).await {
        Ok(mut found) => {
            let titles: HashMap<&str, &str> =
                app.content.articles().map(|a| (a.id.as_str(), a.title.as_str())).collect();
            for item in &mut found.items {
                item.article_title = titles.get(item.article_id.as_str()).map(|t| t.to_string());
            }
            json(StatusCode::OK, &found)
        }
        Err(e) => internal(&e.to_string()),
    }
}

#[derive(Deserialize)]
struct ActBody {
    expected_status: Option<String>,
}

/// The body is optional; when sent it is JSON, with `Content-Type: application/json` like every
/// other write (checked by [`WriteAllowed`], also for an empty body: one rule for all writes).
pub(crate) async fn act(
    _write: WriteAllowed,
    auth: Authorized,
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let actor = match auth.require(Permission::Moderate) {
        Ok(actor) => actor.name.clone(),
        Err(refused) => return refused,
    };
    let Ok(Path((id, action))) = path else { return not_found() };
    let (Ok(id), Some(action)) = (id.parse::<i64>(), Action::parse(&action)) else { return not_found() };
    let Ok(body) = body else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "请求内容无法读取");
    };
    let expected = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        match serde_json::from_slice::<ActBody>(&body) {
            Ok(ActBody { expected_status: None }) => None,
            Ok(ActBody { expected_status: Some(text) }) => match Status::parse(&text) {
                Some(status) => Some(status),
                None => return error(StatusCode::BAD_REQUEST, "bad_request", "expected_status 不是已知的状态"),
            },
            Err(_) => return error(StatusCode::BAD_REQUEST, "bad_request", "请求内容不是有效的 JSON 对象"),
        }
    };
    let now = app.now();
    let store = Arc::clone(&app.comments);
    let done = tokio::task::spawn_blocking(move || apply(&store, id, action, expected, &actor, now))
        .await
        .unwrap_or_else(|e| Err(ActError::Db(StoreError::Db(format!("store task failed: {e}")))));
    match done {
        Ok(mut comment) => {
            comment.article_title =
                app.content.articles().find(|a| a.id == comment.article_id).map(|a| a.title.clone());
            json(StatusCode::OK, &comment)
        }
        Err(ActError::NotFound) => not_found(),
        Err(ActError::Status(current)) => {
            error(StatusCode::CONFLICT, "conflict", &format!("评论当前状态为 {current}，操作未执行"))
        }
        Err(ActError::Pinned(pinned)) => {
            error(StatusCode::CONFLICT, "conflict", if pinned { "评论已置顶" } else { "评论未置顶" })
        }
        Err(ActError::NotTopLevel) => {
            error(StatusCode::UNPROCESSABLE_ENTITY, "not_top_level", "只能置顶一级评论，回复随所在的讨论显示")
        }
        Err(ActError::Db(e)) => internal(&e.to_string()),
    }
}

#[derive(Deserialize)]
pub(crate) struct AuditParams {
    page: Option<String>,
    per_page: Option<String>,
}

pub(crate) async fn audit(
    auth: Authorized,
    State(app): State<AppState>,
    params: Result<Query<AuditParams>, QueryRejection>,
) -> Response {
    if let Err(refused) = auth.require(Permission::Moderate) {
        return refused;
    }
    let Ok(Query(params)) = params else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "查询参数无效");
    };
    let paging = paging(&ListParams { status: None, page: params.page, per_page: params.per_page });
    let (page, per_page) = match paging {
        Ok(paging) => paging,
        Err(refused) => return refused,
    };
    match blocking(&app.comments, move |store| audit_page(store, page, per_page)).await {
        Ok(found) => json(StatusCode::OK, &found),
        Err(e) => internal(&e.to_string()),
    }
}
