//! The comment endpoints: request parsing and checks here, SQL in `comments.rs`.

use crate::bans;
use crate::comments::{CommentStore, Cursor, Draft, LikeOutcome, Network, PageAt, StoreError};
use crate::rate_limit::{address_key, network_key, now_ms, Limit};
use crate::reader_token::{Reader, Vouched};
use crate::security::{ClientAddr, WriteAllowed};
use crate::{article_not_found, error, json, positive, AppState};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use news_model::comments::{validate_comment, CommentProblem, CommentSort, CommentStatus, LikeCount, NewComment};
use news_model::decode::{Decode, Fields};
use serde::Deserialize;
use serde_json::Value;
use std::net::IpAddr;
use std::sync::Arc;

/// Request bodies are a nickname, up to 1000 characters and an id: 16 KB is plenty.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
const DEFAULT_PER_PAGE: u32 = 20;
const MAX_PER_PAGE: u32 = 100;
const MAX_CLIENT_ID_CHARS: usize = 64;

// ---- listing ----

#[derive(Deserialize)]
pub(crate) struct CommentParams {
    page: Option<String>,
    per_page: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
}

pub(crate) async fn list(
    State(app): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    params: Result<Query<CommentParams>, QueryRejection>,
) -> Response {
    let Some(article) = known_article(&app, id) else { return article_not_found() };
    let Ok(Query(params)) = params else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "查询参数无效");
    };
    let sort = match params.sort.as_deref().map(CommentSort::parse) {
        None => CommentSort::Newest,
        Some(Some(sort)) => sort,
        Some(None) => return error(StatusCode::BAD_REQUEST, "bad_request", "sort 只能是 newest、oldest 或 hot"),
    };
    let page = positive("page", params.page.as_deref(), 1);
    let per_page = positive("per_page", params.per_page.as_deref(), DEFAULT_PER_PAGE);
    let (page, per_page) = match (page, per_page) {
        (Ok(page), Ok(per_page)) => (page, per_page.min(MAX_PER_PAGE)),
        (Err(message), _) | (_, Err(message)) => return error(StatusCode::BAD_REQUEST, "bad_request", &message),
    };
    // A cursor, when given, says where the page starts; `page` is then not read.
    let at = match params.cursor.as_deref() {
        None => PageAt::Number(page),
        Some(text) => match Cursor::decode(text, sort) {
            Some(cursor) => PageAt::After(cursor),
            None => return error(StatusCode::BAD_REQUEST, "bad_request", "cursor 无效：请使用上一页给出的 next_cursor"),
        },
    };
    match blocking(&app.comments, move |store| store.list(&article, sort, &at, per_page)).await {
        Ok(page) => json(StatusCode::OK, &page),
        Err(e) => internal(e),
    }
}

// ---- posting ----

pub(crate) async fn post(
    _: WriteAllowed,
    Vouched(reader): Vouched,
    State(app): State<AppState>,
    ClientAddr(addr): ClientAddr,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(article) = known_article(&app, id) else { return article_not_found() };
    if app.content.comments_open(&article) == Some(false) {
        return error(StatusCode::FORBIDDEN, "closed", "本文已关闭评论");
    }
    let text = match body_text(body) {
        Ok(text) => text,
        Err(refusal) => return refusal.into_response(),
    };
    let new = match new_comment(&text) {
        Ok(new) => new,
        Err(refusal) => return refusal.into_response(),
    };
    // A reader the portal vouches for posts under the portal's name (checked by the same rules
    // when the token was); the nickname typed into the form is ignored.
    let name = reader.as_ref().map_or(new.author.as_str(), |r| r.name.as_str());
    let (author, content) = match validate_comment(name, &new.content) {
        Ok(valid) => valid,
        Err(problem) => return error(StatusCode::UNPROCESSABLE_ENTITY, problem.code(), problem_message(problem)),
    };
    if !valid_client_id(&new.client_id) {
        return bad_client_id().into_response();
    }

    // A retry of a stored post is answered with it before the rate limit: retries are free.
    let (a, c) = (article.clone(), new.client_id.clone());
    match blocking(&app.comments, move |store| store.find_by_client(&a, &c)).await {
        Ok(Some(stored)) => return json(StatusCode::OK, &stored),
        Ok(None) => {}
        Err(e) => return internal(e),
    }
    match within(&app, vec![(Arc::clone(&app.limiter), address_key(addr))]).await {
        Ok(true) => {}
        Ok(false) => return error(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "评论太频繁，请稍后再试"),
        Err(e) => return internal(e),
    }

    // A ban, or a sensitive word in the name or the text, holds the comment for an editor,
    // whatever the moderation setting; the reason is stored for the editor and never sent to
    // the reader, who is told only that the comment awaits review.
    let network = addr.map(|ip| network_key(ip).to_string());
    let (words, client_id, checked) = (Arc::clone(&app.words), new.client_id.clone(), network.clone());
    let sub = reader.as_ref().map(|r| r.sub.clone());
    let now = crate::now_unix();
    let checks = blocking(&app.comments, move |store| {
        let banned =
            store.db().with(|sql| bans::is_banned(sql, &client_id, checked.as_deref(), sub.as_deref(), now))?;
        Ok((banned, words.current(store)?))
    })
    .await;
    let (banned, words) = match checks {
        Ok(checks) => checks,
        Err(e) => return internal(e),
    };
    let word = words.find(&author).or_else(|| words.find(&content));
    let held_reason = match word {
        _ if banned => Some(bans::HELD_REASON.to_string()),
        Some(hit) => Some(format!("word:{}", hit.word)),
        None if app.moderate => Some("moderation".to_string()),
        None => None,
    };
    let draft = Draft {
        author,
        content,
        parent_id: new.parent_id,
        client_id: new.client_id,
        region: addr.and_then(|ip| app.regions.as_ref()?.region(ip)),
        status: if held_reason.is_some() { CommentStatus::Pending } else { CommentStatus::Published },
        held_reason,
        // Kept so that an editor can ban the author from the console by the key bans use.
        network,
        avatar: reader.as_ref().and_then(|r| r.avatar.clone()),
        sub: reader.map(|r| r.sub),
    };
    match blocking(&app.comments, move |store| store.insert(&article, &draft, now)).await {
        Ok(posted) => json(if posted.created { StatusCode::CREATED } else { StatusCode::OK }, &posted.comment),
        Err(StoreError::UnknownParent) => {
            error(StatusCode::UNPROCESSABLE_ENTITY, "unknown_parent", "回复的评论不存在或已被删除")
        }
        Err(e) => internal(e),
    }
}

/// Decodes the body with the contract's decoder. A missing nickname or text is answered like an
/// empty one (422 with its code, a message for the form), a bad client id like an invalid one.
fn new_comment(text: &str) -> Result<NewComment, Refusal> {
    let mut value: Value = serde_json::from_str(text).map_err(|e| bad_body(&e.to_string()))?;
    if let Value::Object(map) = &mut value {
        for key in ["author", "content"] {
            if map.get(key).is_none_or(Value::is_null) {
                map.insert(key.into(), Value::String(String::new()));
            }
        }
    }
    NewComment::decode(value)
        .map_err(|e| if e.path == "client_id" { bad_client_id() } else { bad_body(&e.to_string()) })
}

fn problem_message(problem: CommentProblem) -> &'static str {
    match problem {
        CommentProblem::NameMissing => "请输入昵称",
        CommentProblem::NameTooLong => "昵称不能超过30个字",
        CommentProblem::ContentMissing => "请输入评论内容",
        CommentProblem::ContentTooLong => "评论不能超过1000字",
        CommentProblem::ControlCharacters => "评论含有不允许的字符",
        CommentProblem::NameHiddenCharacters => "昵称不能含有不可见字符或文字方向控制符",
        CommentProblem::ContentHiddenCharacters => "评论不能含有不可见字符或文字方向控制符",
    }
}

// ---- likes ----

pub(crate) async fn like(
    _: WriteAllowed,
    Vouched(vouched): Vouched,
    State(app): State<AppState>,
    ClientAddr(addr): ClientAddr,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    set_like(app, addr, vouched, id, body, true).await
}

pub(crate) async fn unlike(
    _: WriteAllowed,
    Vouched(vouched): Vouched,
    State(app): State<AppState>,
    ClientAddr(addr): ClientAddr,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    set_like(app, addr, vouched, id, body, false).await
}

async fn set_like(
    app: AppState,
    addr: Option<IpAddr>,
    vouched: Option<Reader>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
    like: bool,
) -> Response {
    let Ok(Path(comment)) = id else { return comment_not_found() };
    let text = match body_text(body) {
        Ok(text) => text,
        Err(refusal) => return refusal.into_response(),
    };
    let reader = match reader_id(&text) {
        // A reader the portal vouches for likes once, whichever browser (reader id) they use.
        Ok(reader) => vouched.map_or(reader, |r| r.key()),
        Err(refusal) => return refusal.into_response(),
    };
    // Both limits count every like and unlike, so neither made-up reader ids nor one id from
    // many addresses can run up a count quickly.
    let limits =
        vec![(Arc::clone(&app.like_limiter), address_key(addr)), (Arc::clone(&app.reader_limiter), reader.clone())];
    match within(&app, limits).await {
        Ok(true) => {}
        Ok(false) => return error(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "点赞太频繁，请稍后再试"),
        Err(e) => return internal(e),
    }
    let network = Network { key: addr.map(|ip| network_key(ip).to_string()), max_likes: app.likes_per_address };
    match blocking(&app.comments, move |store| store.set_like(&comment, &reader, like, &network)).await {
        Ok(LikeOutcome::Count(likes)) => json(StatusCode::OK, &LikeCount { likes }),
        Ok(LikeOutcome::NoComment) => comment_not_found(),
        Ok(LikeOutcome::NetworkFull) => {
            error(StatusCode::TOO_MANY_REQUESTS, "too_many_likes", "此网络对这条评论的点赞已达上限")
        }
        Err(e) => internal(e),
    }
}

/// `{"client_id": "…"}`, decoded with the contract's tolerance rules like every other body.
fn reader_id(text: &str) -> Result<String, Refusal> {
    let value: Value = serde_json::from_str(text).map_err(|e| bad_body(&e.to_string()))?;
    let mut fields = Fields::of(value).map_err(|e| bad_body(&e.to_string()))?;
    let id = fields.string("client_id").map_err(|_| bad_client_id())?;
    if valid_client_id(&id) {
        Ok(id)
    } else {
        Err(bad_client_id())
    }
}

// ---- shared pieces ----

/// The article id from the path, if the content has that article.
pub(crate) fn known_article(app: &AppState, id: Result<Path<String>, PathRejection>) -> Option<String> {
    let Path(id) = id.ok()?;
    app.content.comments_open(&id).map(|_| id)
}

/// The body as UTF-8 text; its content type was checked by [`WriteAllowed`].
pub(crate) fn body_text(body: Result<Bytes, BytesRejection>) -> Result<String, Refusal> {
    let bytes = match body {
        Ok(bytes) => bytes,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(Refusal(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "提交的内容过长".into()));
        }
        Err(_) => return Err(bad_body("unreadable body")),
    };
    String::from_utf8(bytes.to_vec()).map_err(|_| bad_body("not UTF-8"))
}

/// Malformed or mistyped JSON: the reader's message stays generic, the detail is for developers.
fn bad_body(detail: &str) -> Refusal {
    Refusal(StatusCode::BAD_REQUEST, "bad_request", format!("请求内容无效（{detail}）"))
}

pub(crate) fn bad_client_id() -> Refusal {
    Refusal(StatusCode::UNPROCESSABLE_ENTITY, "bad_client_id", "客户端标识无效，请刷新页面后重试".into())
}

/// A refused request as (status, code, message): small to pass around in `Result`s, turned
/// into the error body only when answered.
pub(crate) struct Refusal(pub StatusCode, pub &'static str, pub String);

impl Refusal {
    pub(crate) fn into_response(self) -> Response {
        error(self.0, self.1, &self.2)
    }
}

pub(crate) fn comment_not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "评论不存在")
}

pub(crate) fn internal(e: StoreError) -> Response {
    eprintln!("news-server: comments: {e}");
    error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "服务器内部错误")
}

/// 1 to 64 of `A-Z a-z 0-9 _ -`: room for a UUID, nothing that needs escaping anywhere.
pub fn valid_client_id(id: &str) -> bool {
    (1..=MAX_CLIENT_ID_CHARS).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Counts the request against each limit in turn (in the store, shared by every server); false
/// at the first it exceeds, whose later limits then count nothing.
pub(crate) async fn within(app: &AppState, limits: Vec<(Arc<Limit>, String)>) -> Result<bool, StoreError> {
    let now = now_ms();
    blocking(&app.comments, move |store| {
        for (limit, key) in &limits {
            if !limit.allow(store, key, now)? {
                return Ok(false);
            }
        }
        Ok(true)
    })
    .await
}

/// Runs store work on the blocking pool: SQLite calls block on the disk and on the mutex.
pub(crate) async fn blocking<T, F>(store: &Arc<CommentStore>, work: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce(&CommentStore) -> Result<T, StoreError> + Send + 'static,
{
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || work(&store))
        .await
        .unwrap_or_else(|e| Err(StoreError::Db(format!("store task failed: {e}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids() {
        assert!(valid_client_id("a") && valid_client_id(&"x".repeat(64)));
        assert!(valid_client_id("3f2b8c1e-9d4a-4c6b-8e7f-0a1b2c3d4e5f") && valid_client_id("A_b-9"));
        for bad in ["", " ", "a b", "中文", "a/b", "a.b", &"x".repeat(65)] {
            assert!(!valid_client_id(bad), "{bad:?}");
        }
    }
}
