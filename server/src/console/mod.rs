//! The moderation console at `/admin`: server-rendered pages for editors and admins.
//!
//! Server-rendered, not part of the reader app: none of its code is in the reader's first load
//! (or any of the reader's loads), it works without WebAssembly, and every page is plain HTML
//! forms that post and redirect (Post/Redirect/Get), so a reload never repeats an action (the one
//! exception is a new API token's page, see [`add_token`]). One
//! small script (console.js, same origin, allowed by the console's CSP as `'self'`) adds what
//! forms cannot: new pending comments appearing without a reload, and "select all".
//!
//! Writes are guarded three times over: the session cookie is `SameSite=Strict` (another site's
//! page cannot make the browser send it), every POST must come from the console's own origin
//! (the same `Origin` check as the API's writes), and every POST carries the session's CSRF
//! token in a hidden field. Actions go through admin.rs's [`apply`], the code path the JSON API
//! uses, with the status the editor saw as the expected one: an action on a comment another
//! editor has handled meanwhile is refused with a message, never applied twice.

// The helpers below refuse with the page to answer; a Response is large, but there is one per
// request, and boxing it would only add noise.
#![allow(clippy::result_large_err)]

mod pages;
mod session;
mod throttle;

pub use throttle::LoginThrottle;

use crate::admin::{apply, audit_page, list_comments, ActError, Filter, Permission, Status};
use crate::bans::{self, Lifted};
use crate::comment_api::blocking;
use crate::comments::StoreError;
use crate::security::peer;
use crate::tokens::{self, TokenError};
use crate::users::{self, Role};
use crate::word_store::{self, WordProblem};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use pages::{ActForm, Esc, Frame, Lang};
use session::Session;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::Arc;

const PER_PAGE: u32 = 50;
/// A bulk action takes at most this many comments (a page holds [`PER_PAGE`]).
const MAX_ITEMS: usize = 100;
/// The word list's form: [`word_store::MAX_WORDS`] words of [`word_store::MAX_WORD_CHARS`]
/// characters, each up to 9 bytes percent-encoded, with their line breaks.
const WORDS_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The console's routes, to be merged into the app at the root.
pub(crate) fn routes(state: AppState) -> Router {
    Router::new()
        .route("/admin", get(queue))
        .route("/admin/", get(queue))
        .route("/admin/login", get(login_page).post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/act", post(act))
        .route("/admin/rows", get(rows))
        .route("/admin/audit", get(audit))
        .route("/admin/accounts", get(accounts))
        .route("/admin/tokens/add", post(add_token))
        .route("/admin/tokens/revoke", post(revoke_token))
        .route("/admin/bans", get(bans_page).post(ban))
        .route("/admin/bans/lift", post(lift_ban))
        // A whole word list fits: up to 5,000 words of 50 characters, percent-encoded.
        .route(
            "/admin/words",
            get(words_page).post(save_words).layer(axum::extract::DefaultBodyLimit::max(WORDS_BODY_BYTES)),
        )
        .route("/admin/console.js", get(script))
        .route("/admin/console.css", get(stylesheet))
        // Anything else under /admin is the console's 404, not the reader app's page.
        .route("/admin/{*rest}", any(not_found))
        .layer(axum::extract::DefaultBodyLimit::max(crate::comment_api::MAX_BODY_BYTES))
        .with_state(state)
}

// ---- the request as the console sees it ----

/// A query string or a form body, as name/value pairs in order (a name may repeat).
struct Fields(Vec<(String, String)>);

impl Fields {
    fn parse(raw: &[u8]) -> Fields {
        Fields(form_urlencoded::parse(raw).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// What every console handler needs: the language, the session if there is one, whether the
/// request came over https (for the cookies' `Secure`), the client's address and the query.
struct Console {
    lang: Lang,
    /// Set when `?lang=` chose the language: the answer then stores the choice in a cookie.
    chose_lang: bool,
    session: Option<Session>,
    secure: bool,
    addr: Option<IpAddr>,
    query: Fields,
    headers: HeaderMap,
    path: String,
}

impl FromRequestParts<AppState> for Console {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let query = Fields::parse(parts.uri.query().unwrap_or_default().as_bytes());
        let chosen = query.get("lang").and_then(Lang::parse);
        let lang = chosen
            .or_else(|| session::cookie_values(&parts.headers, session::LANG_COOKIE).find_map(Lang::parse))
            .unwrap_or_default();
        let peer = peer(parts);
        let tokens: Vec<String> =
            session::cookie_values(&parts.headers, session::SESSION_COOKIE).map(String::from).collect();
        let now = app.now();
        let found = blocking(&app.comments, move |store| {
            for token in tokens {
                if let Some(found) = session::find(store, &token, now)? {
                    return Ok(Some(found));
                }
            }
            Ok(None)
        })
        .await;
        let session = found.map_err(|e| internal(lang, &e))?;
        Ok(Console {
            lang,
            chose_lang: chosen.is_some(),
            session,
            secure: app.security.is_https(peer, &parts.headers),
            addr: app.security.client_addr(peer, &parts.headers),
            query,
            headers: parts.headers.clone(),
            path: parts.uri.path().to_string(),
        })
    }
}

impl Console {
    /// The frame for a page of the signed-in account (or of no one).
    fn frame<'a>(&'a self, title: &'a str) -> Frame<'a> {
        // The same page and query in the other language.
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.query.0.iter().filter(|(k, _)| k != "lang") {
            query.append_pair(k, v);
        }
        query.append_pair("lang", self.lang.other().tag());
        // A refusal answers a POST whose address has no page to show: switch on the queue.
        let path = match self.path.as_str() {
            "/admin/act" | "/admin/logout" => "/admin",
            "/admin/tokens/revoke" | "/admin/tokens/add" => "/admin/accounts",
            "/admin/bans/lift" => "/admin/bans",
            path => path,
        };
        Frame {
            lang: self.lang,
            title,
            user: self.session.as_ref().map(|s| (s.user.as_str(), s.role == Role::Admin, s.csrf.as_str())),
            other_lang_href: format!("{path}?{}", query.finish()),
        }
    }

    /// An HTML page, with the language cookie when `?lang=` chose the language.
    fn page(&self, status: StatusCode, title: &str, body: &str) -> Response {
        let html = pages::page(&self.frame(title), body);
        let mut response = (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
        if self.chose_lang {
            // A year: a preference, not a credential.
            let cookie = session::set_cookie(session::LANG_COOKIE, self.lang.tag(), 365 * 86_400, self.secure);
            add_cookie(&mut response, &cookie);
        }
        response
    }

    /// A refusal: the message on a page of its own, with a way back.
    fn refuse(&self, status: StatusCode, message: &str) -> Response {
        let body = format!(
            "{}<p><a href=\"/admin\">{}</a></p>",
            pages::notice("error", message),
            self.lang.pick("返回评论队列", "Back to the queue")
        );
        self.page(status, self.lang.pick("请求被拒绝", "Refused"), &body)
    }

    /// The origin check every console POST passes first (see the module doc).
    fn same_origin(&self, app: &AppState) -> Result<(), Response> {
        app.security.check_origin(&self.headers).map_err(|_| {
            self.refuse(
                StatusCode::FORBIDDEN,
                self.lang.pick("不接受来自其他网站的请求。", "Requests from other sites are not accepted."),
            )
        })
    }

    /// What every state-changing form needs: sent from this site, with the session's CSRF
    /// token, by an account allowed to do it. The form and the session, or the refusal.
    fn allowed_form(
        &self,
        app: &AppState,
        body: Result<Bytes, BytesRejection>,
        permission: Permission,
    ) -> Result<(Fields, Session), Response> {
        self.same_origin(app)?;
        let form = form_body(body);
        let session = self.checked_session(&form)?.clone();
        self.require(&session, permission)?;
        Ok((form, session))
    }

    /// The session, and that its CSRF token is the one the form sent.
    fn checked_session(&self, form: &Fields) -> Result<&Session, Response> {
        let Some(session) = &self.session else { return Err(see_other("/admin/login?expired=1")) };
        if !session::same_token(form.get("csrf").unwrap_or_default(), &session.csrf) {
            return Err(self.refuse(
                StatusCode::FORBIDDEN,
                self.lang.pick(
                    "请求缺少有效的安全令牌，未执行任何操作。请刷新页面后重试。",
                    "The request had no valid security token; nothing was done. Reload the page and try again.",
                ),
            ));
        }
        Ok(session)
    }

    fn require(&self, session: &Session, permission: Permission) -> Result<(), Response> {
        if permission.allows(session.role) {
            Ok(())
        } else {
            Err(self.refuse(
                StatusCode::FORBIDDEN,
                self.lang.pick("此账号无权执行该操作。", "This account may not do that."),
            ))
        }
    }
}

fn add_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

fn internal(lang: Lang, e: &StoreError) -> Response {
    eprintln!("news-server: console: {e}");
    let message = lang.pick("服务器内部错误", "Internal server error");
    (StatusCode::INTERNAL_SERVER_ERROR, [(CONTENT_TYPE, "text/plain; charset=utf-8")], message).into_response()
}

fn form_body(body: Result<Bytes, BytesRejection>) -> Fields {
    // An unreadable body is an empty form: it then has no CSRF token and is refused as such.
    Fields::parse(&body.unwrap_or_default())
}

// ---- the queue ----

/// The queue's view: which comments, which page. Read from the query, and written back into
/// the links and forms of the page so that an action returns to the same view.
#[derive(Clone, Debug, Default)]
struct View {
    status: Option<Status>,
    article: String,
    author: String,
    region: String,
    text: String,
    page: u32,
}

impl View {
    fn from(fields: &Fields) -> View {
        let text = |name| fields.get(name).map(str::trim).unwrap_or_default().chars().take(100).collect::<String>();
        View {
            // Pending unless another status was asked for: the queue is what awaits review.
            status: Some(fields.get("status").and_then(Status::parse).unwrap_or(Status::Pending)),
            article: text("article"),
            author: text("author"),
            region: text("region"),
            text: text("q"),
            page: fields.get("page").and_then(|p| p.parse().ok()).filter(|&p| p >= 1).unwrap_or(1),
        }
    }

    fn filter(&self) -> Filter {
        let some = |t: &str| (!t.is_empty()).then(|| t.to_string());
        Filter {
            status: self.status,
            article: some(&self.article),
            author: some(&self.author),
            region: some(&self.region),
            text: some(&self.text),
            after_id: None,
        }
    }

    /// The view as a query string (without `?`), on page `page`.
    fn query(&self, page: u32) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(status) = self.status {
            query.append_pair("status", status.as_str());
        }
        for (name, value) in [("article", &self.article), ("author", &self.author), ("region", &self.region)] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        if !self.text.is_empty() {
            query.append_pair("q", &self.text);
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        query.finish()
    }
}

async fn queue(cx: Console, State(app): State<AppState>) -> Response {
    let Some(session) = &cx.session else { return see_other("/admin/login") };
    if let Err(refused) = cx.require(session, Permission::Moderate) {
        return refused;
    }
    let lang = cx.lang;
    let view = View::from(&cx.query);
    let filter = view.filter();
    let page = view.page;
    let found = blocking(&app.comments, move |store| list_comments(store, &filter, page, PER_PAGE)).await;
    let found = match found {
        Ok(found) => found,
        Err(e) => return internal(lang, &e),
    };
    let back = view.query(view.page);
    let form = ActForm { csrf: &session.csrf, back: &back };
    let rows = render_rows(&app, lang, found.items, &form);

    let mut body = String::new();
    let _ = write!(body, "<h1>{}</h1>", lang.pick("评论队列", "Comment queue"));
    body.push_str(&outcome_notices(lang, &cx.query));
    let articles = app.content.articles().map(|a| (a.id.as_str(), a.title.as_str())).collect();
    body.push_str(&pages::filter_form(
        lang,
        &pages::FilterForm {
            status: view.status,
            article: &view.article,
            author: &view.author,
            region: &view.region,
            text: &view.text,
            articles,
        },
    ));
    let _ = write!(
        body,
        "<p class=\"count\">{}</p>",
        match lang {
            Lang::Zh => format!("共 {} 条", found.total),
            Lang::En => format!("{} in all", found.total),
        }
    );
    body.push_str(&pages::bulk_form(lang, view.status, &form));
    // New comments arrive as pending and newest first: the first page of the pending queue is
    // where they appear, so only that view polls.
    let newest = rows.1.map(|id| id.to_string()).unwrap_or_else(|| "0".into());
    let poll_url = format!("/admin/rows?{back}");
    let polls = view.status == Some(Status::Pending) && view.page == 1;
    body.push_str(&pages::queue_table(lang, &rows.0, rows.0.is_empty(), polls.then_some((&poll_url, &newest))));
    let pages = u32::try_from(found.total.div_ceil(u64::from(PER_PAGE))).unwrap_or(u32::MAX);
    body.push_str(&pages::pager(lang, view.page, pages, |p| format!("/admin?{}", view.query(p))));
    cx.page(StatusCode::OK, lang.pick("评论队列", "Comment queue"), &body)
}

/// The rows' HTML, and the greatest comment id among them.
fn render_rows(
    app: &AppState,
    lang: Lang,
    mut items: Vec<crate::admin::AdminComment>,
    form: &ActForm<'_>,
) -> (String, Option<i64>) {
    let titles: HashMap<&str, &str> = app.content.articles().map(|a| (a.id.as_str(), a.title.as_str())).collect();
    let mut html = String::new();
    let mut newest = None;
    for item in &mut items {
        item.article_title = titles.get(item.article_id.as_str()).map(|t| t.to_string());
        let id = item.id.parse::<i64>().ok();
        newest = newest.max(id);
        let (author_mark, content_mark) = word_marks(app, item);
        html.push_str(&pages::row(lang, &pages::Row { comment: item, author_mark, content_mark }, form));
    }
    (html, newest)
}

/// Where the sensitive word that held a comment is, in its author's name or its text. The
/// post handler searched the name first, then the text, with the server's word list; the same
/// search finds the same place, across inserted spaces and full-width letters. When the list
/// has changed since, a plain search for the word is the best left.
fn word_marks(
    app: &AppState,
    comment: &crate::admin::AdminComment,
) -> (Option<std::ops::Range<usize>>, Option<std::ops::Range<usize>>) {
    let Some(word) = comment.held_reason.as_deref().and_then(|r| r.strip_prefix("word:")) else {
        return (None, None);
    };
    let words = app.words.current(&app.comments).ok();
    let find = |text: &str| {
        let listed = words.as_ref().and_then(|words| words.find(text)).filter(|hit| hit.word == word);
        listed.map(|hit| hit.span).or_else(|| text.find(word).map(|at| at..at + word.len()))
    };
    match find(&comment.author.name) {
        Some(span) => (Some(span), None),
        None => (None, find(&comment.content)),
    }
}

/// The notices an action's redirect asks for: only numbers and known statuses are read from
/// the query, so nothing in it can be shown as text.
fn outcome_notices(lang: Lang, query: &Fields) -> String {
    let ids = |name: &str| -> Vec<i64> {
        query.get(name).unwrap_or_default().split(',').filter_map(|id| id.parse().ok()).take(MAX_ITEMS).collect()
    };
    let list = |ids: &[i64]| ids.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join(lang.pick("、", ", "));
    let mut out = String::new();
    if let Some(done) = query.get("done").and_then(|n| n.parse::<u32>().ok()).filter(|&n| n > 0) {
        let text = match lang {
            Lang::Zh => format!("已处理 {done} 条评论。"),
            Lang::En => format!("Done: {done} comment(s)."),
        };
        out.push_str(&pages::notice("ok", &text));
    }
    let stale: Vec<(i64, Status)> = query
        .get("stale")
        .unwrap_or_default()
        .split(',')
        .filter_map(|pair| {
            let (id, status) = pair.split_once(':')?;
            Some((id.parse().ok()?, Status::parse(status)?))
        })
        .take(MAX_ITEMS)
        .collect();
    if !stale.is_empty() {
        let each = stale
            .iter()
            .map(|(id, status)| match lang {
                Lang::Zh => format!("#{id}（现为{}）", pages::status_label(lang, status.as_str())),
                Lang::En => format!("#{id} (now {})", pages::status_label(lang, status.as_str())),
            })
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "));
        let text = match lang {
            Lang::Zh => format!("评论 {each}已被他人处理，操作未执行。请看过它的最新状态再决定。"),
            Lang::En => format!(
                "Comment {each} was handled by someone else meanwhile; nothing was done. \
                 Look at its current state before deciding."
            ),
        };
        out.push_str(&pages::notice("conflict", &text));
    }
    let same = ids("same");
    if !same.is_empty() {
        let text = match lang {
            Lang::Zh => format!("评论 {} 不适用该操作（状态不会改变），未执行。", list(&same)),
            Lang::En => format!("That action does not apply to comment {}; nothing was done.", list(&same)),
        };
        out.push_str(&pages::notice("conflict", &text));
    }
    let gone = ids("gone");
    if !gone.is_empty() {
        let text = match lang {
            Lang::Zh => format!("评论 {} 不存在。", list(&gone)),
            Lang::En => format!("Comment {} does not exist.", list(&gone)),
        };
        out.push_str(&pages::notice("conflict", &text));
    }
    if query.get("none").is_some() {
        out.push_str(&pages::notice("conflict", lang.pick("请先选择评论。", "Select comments first.")));
    }
    out.push_str(&ban_notices(lang, query));
    out
}

/// What a ban form's redirect asks to show: `banned=<id>` or `ban_error=<code>`.
fn ban_notices(lang: Lang, query: &Fields) -> String {
    let mut out = String::new();
    if let Some(id) = query.get("banned").and_then(|id| id.parse::<i64>().ok()) {
        let text = match lang {
            Lang::Zh => format!("已封禁（#{id}）：此后来自该读者 ID、地址或门户用户 ID 的评论都将进入审核。"),
            Lang::En => {
                format!(
                    "Banned (#{id}): comments from that reader id, address or portal user id are now held for review."
                )
            }
        };
        out.push_str(&pages::notice("ok", &text));
    }
    let problem = match query.get("ban_error") {
        None => None,
        Some("missing_target") => {
            Some(lang.pick("请填写读者 ID、地址或门户用户 ID。", "Give a reader id, an address or a portal user id."))
        }
        Some("bad_client_id") => Some(lang.pick("读者 ID 无效。", "That reader id is not valid.")),
        Some("bad_address") => Some(lang.pick("地址不是有效的 IP 地址。", "That address is not an IP address.")),
        Some("bad_sub") => Some(lang.pick("门户用户 ID 无效。", "That portal user id is not valid.")),
        Some(_) => Some(lang.pick("请选择封禁时长。", "Choose how long the ban lasts.")),
    };
    if let Some(problem) = problem {
        let text = match lang {
            Lang::Zh => format!("未封禁：{problem}"),
            Lang::En => format!("Nobody was banned: {problem}"),
        };
        out.push_str(&pages::notice("error", &text));
    }
    out
}

/// New rows for the polling script: comments of the view newer than `after`, as `<tr>`s.
async fn rows(cx: Console, State(app): State<AppState>) -> Response {
    let Some(session) = &cx.session else {
        // The script stops polling and asks to log in again; no redirect to a login page it
        // would have to make sense of.
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !Permission::Moderate.allows(session.role) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let lang = cx.lang;
    let view = View::from(&cx.query);
    let mut filter = view.filter();
    filter.after_id = Some(cx.query.get("after").and_then(|a| a.parse().ok()).unwrap_or(0));
    let found = blocking(&app.comments, move |store| list_comments(store, &filter, 1, PER_PAGE)).await;
    let found = match found {
        Ok(found) => found,
        Err(e) => return internal(lang, &e),
    };
    let back = view.query(1);
    let (html, _) = render_rows(&app, lang, found.items, &ActForm { csrf: &session.csrf, back: &back });
    (StatusCode::OK, [(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

// ---- actions ----

/// One comment of an action: its id and the status the editor saw it in.
fn parse_item(raw: &str) -> Option<(i64, Status)> {
    let (id, status) = raw.split_once(':')?;
    Some((id.parse().ok()?, Status::parse(status)?))
}

async fn act(cx: Console, State(app): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    let (form, session) = match cx.allowed_form(&app, body, Permission::Moderate) {
        Ok(allowed) => allowed,
        Err(refused) => return refused,
    };
    let lang = cx.lang;
    let Some(action) = form.get("action").and_then(crate::admin::Action::parse) else {
        return cx.refuse(StatusCode::BAD_REQUEST, lang.pick("未知的操作。", "Unknown action."));
    };
    let items: Option<Vec<(i64, Status)>> = form.all("item").map(parse_item).collect();
    let Some(items) = items.filter(|items| items.len() <= MAX_ITEMS) else {
        return cx.refuse(StatusCode::BAD_REQUEST, lang.pick("所选评论无效。", "Invalid selection."));
    };
    let back = View::from(&Fields::parse(form.get("back").unwrap_or_default().as_bytes())).query(1);
    if items.is_empty() {
        return see_other(&format!("/admin?{back}&none=1"));
    }
    let now = app.now();
    let actor = session.user.clone();
    // Each comment in its own transaction: in a bulk action, one that another editor handled
    // meanwhile is refused alone, and the rest are applied.
    let outcomes = blocking(&app.comments, move |store| {
        Ok(items
            .into_iter()
            .map(|(id, expected)| (id, expected, apply(store, id, action, Some(expected), &actor, now)))
            .collect::<Vec<_>>())
    })
    .await;
    let outcomes = match outcomes {
        Ok(outcomes) => outcomes,
        Err(e) => return internal(lang, &e),
    };
    let (mut done, mut stale, mut same, mut gone) = (0u32, Vec::new(), Vec::new(), Vec::new());
    for (id, expected, outcome) in outcomes {
        match outcome {
            Ok(_) => done += 1,
            // Pinning a reply or a pinned comment: like an action that would change nothing, it
            // does not apply.
            Err(ActError::NotTopLevel | ActError::Pinned(_)) => same.push(id.to_string()),
            Err(ActError::Status(current)) if current == expected.as_str() => same.push(id.to_string()),
            Err(ActError::Status(current)) => stale.push(format!("{id}:{current}")),
            Err(ActError::NotFound) => gone.push(id.to_string()),
            Err(ActError::Db(e)) => return internal(lang, &e),
        }
    }
    let mut location = format!("/admin?{back}&done={done}");
    for (name, list) in [("stale", stale), ("same", same), ("gone", gone)] {
        if !list.is_empty() {
            let _ = write!(location, "&{name}={}", list.join(","));
        }
    }
    see_other(&location)
}

// ---- bans ----

/// Bans the reader id and/or address of a ban form (a queue row's, or the ban page's), through
/// bans.rs as `POST /api/admin/bans` does, audit row included; then back where the form was.
async fn ban(cx: Console, State(app): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    let (form, session) = match cx.allowed_form(&app, body, Permission::Moderate) {
        Ok(allowed) => allowed,
        Err(refused) => return refused,
    };
    // From a queue row: back to that view; from the ban page: back there.
    let back = |outcome: String| match form.get("back") {
        Some(back) => format!("/admin?{}&{outcome}", View::from(&Fields::parse(back.as_bytes())).query(1)),
        None => format!("/admin/bans?{outcome}"),
    };
    let given = |name| form.get(name).map(str::trim).filter(|v| !v.is_empty());
    let minutes = form.get("minutes").and_then(|m| m.trim().parse::<i64>().ok());
    let new = match bans::new_ban(given("client_id"), given("address"), given("sub"), minutes) {
        Ok(new) => new,
        Err(problem) => return see_other(&back(format!("ban_error={}", problem.code()))),
    };
    let now = app.now();
    match blocking(&app.comments, move |store| bans::add_ban(store, &new, &session.user, now)).await {
        Ok(ban) => see_other(&back(format!("banned={}", ban.id))),
        Err(e) => internal(cx.lang, &e),
    }
}

async fn lift_ban(cx: Console, State(app): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    let (form, session) = match cx.allowed_form(&app, body, Permission::Moderate) {
        Ok(allowed) => allowed,
        Err(refused) => return refused,
    };
    let Some(id) = form.get("id").and_then(|id| id.parse::<i64>().ok()) else {
        return cx.refuse(StatusCode::BAD_REQUEST, cx.lang.pick("封禁不存在。", "No such ban."));
    };
    let now = app.now();
    match blocking(&app.comments, move |store| bans::lift_ban(store, id, &session.user, now)).await {
        Ok(Lifted::Done(_)) => see_other(&format!("/admin/bans?lifted={id}")),
        // Lifted by someone else, expired meanwhile, or unknown: there is nothing to lift.
        Ok(Lifted::NotActive | Lifted::NotFound) => see_other(&format!("/admin/bans?lift_gone={id}")),
        Err(e) => internal(cx.lang, &e),
    }
}

/// The bans in force, each with a button to lift it, and a form for a new one.
async fn bans_page(cx: Console, State(app): State<AppState>) -> Response {
    let Some(session) = &cx.session else { return see_other("/admin/login") };
    if let Err(refused) = cx.require(session, Permission::Moderate) {
        return refused;
    }
    let lang = cx.lang;
    let now = app.now();
    let found = match blocking(&app.comments, move |store| bans::active_bans(store, now)).await {
        Ok(found) => found,
        Err(e) => return internal(lang, &e),
    };
    let title = lang.pick("封禁", "Bans");
    let mut body = format!("<h1>{title}</h1>");
    if let Some(id) = cx.query.get("lifted").and_then(|id| id.parse::<i64>().ok()) {
        let text = match lang {
            Lang::Zh => format!("封禁 #{id} 已解除。"),
            Lang::En => format!("Ban #{id} was lifted."),
        };
        body.push_str(&pages::notice("ok", &text));
    }
    if let Some(id) = cx.query.get("lift_gone").and_then(|id| id.parse::<i64>().ok()) {
        let text = match lang {
            Lang::Zh => format!("封禁 #{id} 已解除或已过期，无需操作。"),
            Lang::En => format!("Ban #{id} was already lifted or has expired; nothing was done."),
        };
        body.push_str(&pages::notice("conflict", &text));
    }
    body.push_str(&ban_notices(lang, &cx.query));
    let _ = write!(
        body,
        "<p>{}</p><h2>{}</h2><form method=\"post\" action=\"/admin/bans\" class=\"ban-new\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">{}</form><h2>{}</h2>\
         <table class=\"bans\"><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>\
         <th>{}</th><th></th></tr></thead><tbody>",
        lang.pick(
            "封禁期间，来自该读者 ID、地址（IPv4 地址，或 IPv6 的 /64 网段）或门户用户 ID 的评论会进入审核，作者只会看到“审核中”。",
            "While a ban is in force, comments from its reader id, address (an IPv4 address, or an IPv6 /64) or \
             portal user id are held for review; their authors see only that they await review."
        ),
        lang.pick("新封禁", "New ban"),
        Esc(&session.csrf),
        pages::ban_fields(lang, "", "", ""),
        lang.pick("生效中的封禁", "Bans in force"),
        lang.pick("读者 ID", "Reader id"),
        lang.pick("地址", "Address"),
        lang.pick("门户用户 ID", "Portal user id"),
        lang.pick("封禁于", "Since"),
        lang.pick("到期", "Until"),
        lang.pick("操作人", "By"),
    );
    for ban in &found {
        let _ = write!(
            body,
            "<tr data-ban=\"{id}\"><td>{id}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>\
             <form method=\"post\" action=\"/admin/bans/lift\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <input type=\"hidden\" name=\"id\" value=\"{id}\"><button>{}</button></form></td></tr>",
            Esc(ban.client_id.as_deref().unwrap_or("-")),
            Esc(ban.address.as_deref().unwrap_or("-")),
            Esc(ban.sub.as_deref().unwrap_or("-")),
            Esc(&pages::short_time(&ban.created_at)),
            Esc(&pages::short_time(&ban.expires_at)),
            Esc(&ban.actor),
            Esc(&session.csrf),
            lang.pick("解除", "Lift"),
            id = ban.id,
        );
    }
    if found.is_empty() {
        let _ = write!(
            body,
            "<tr class=\"empty\"><td colspan=\"8\">{}</td></tr>",
            lang.pick("没有生效中的封禁", "No bans in force")
        );
    }
    body.push_str("</tbody></table>");
    cx.page(StatusCode::OK, title, &body)
}

// ---- the sensitive words (admins) ----

/// The word list's page: the stored words, one a line, in a form that replaces them all.
fn words_body(cx: &Console, csrf: &str, text: &str, problem: Option<&str>) -> String {
    let lang = cx.lang;
    let mut body = format!("<h1>{}</h1>", lang.pick("敏感词", "Sensitive words"));
    if let Some(problem) = problem {
        body.push_str(&pages::notice("error", problem));
    }
    if let Some(count) = cx.query.get("saved").and_then(|n| n.parse::<usize>().ok()).filter(|_| problem.is_none()) {
        let text = match lang {
            Lang::Zh => format!("已保存，共 {count} 个词。从下一条评论起生效。"),
            Lang::En => format!("Saved: {count} word(s), used from the next comment on."),
        };
        body.push_str(&pages::notice("ok", &text));
    }
    let _ = write!(
        body,
        "<p>{}</p><form method=\"post\" action=\"/admin/words\" class=\"words\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\"><label for=\"words\">{}</label>\
         <textarea id=\"words\" name=\"words\" rows=\"16\" cols=\"40\" spellcheck=\"false\">{}</textarea>\
         <button>{}</button></form>",
        lang.pick(
            "含有这些词的评论（昵称或内容，也包括插入空格、全角字母等写法）会进入审核，并在队列中标出。",
            "Comments with one of these words (in the name or the text, also written with inserted spaces or \
             full-width letters) are held for review, with the word marked in the queue."
        ),
        Esc(csrf),
        lang.pick(
            "每行一个词（最多 5000 个，每个不超过 50 个字；空行会被忽略）",
            "One word a line (at most 5,000, each at most 50 characters; blank lines are ignored)"
        ),
        // A textarea's first newline is dropped by the parser: one more keeps a first blank line.
        Esc(&format!("\n{text}")),
        lang.pick("保存词表", "Save the list"),
    );
    body
}

async fn words_page(cx: Console, State(app): State<AppState>) -> Response {
    let Some(session) = &cx.session else { return see_other("/admin/login") };
    if let Err(refused) = cx.require(session, Permission::Administer) {
        return refused;
    }
    let words = match blocking(&app.comments, word_store::stored_words).await {
        Ok(words) => words,
        Err(e) => return internal(cx.lang, &e),
    };
    let mut text = words.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    let body = words_body(&cx, &session.csrf, &text, None);
    cx.page(StatusCode::OK, cx.lang.pick("敏感词", "Sensitive words"), &body)
}

/// Why a list is refused, by line number (blank lines count, as the editor sees them).
fn word_problem(lang: Lang, problem: &WordProblem, lines: &[usize]) -> String {
    let line = |i: &usize| lines.get(*i).copied().unwrap_or(*i) + 1;
    let (max_words, max_chars) = (word_store::MAX_WORDS, word_store::MAX_WORD_CHARS);
    let text = match (lang, problem) {
        (Lang::Zh, WordProblem::TooMany(n)) => format!("词表最多 {max_words} 个词，这里有 {n} 个"),
        (Lang::En, WordProblem::TooMany(n)) => format!("the list may have at most {max_words} words; this one has {n}"),
        (Lang::Zh, WordProblem::TooLong(i)) => format!("第 {} 行的词超过 {max_chars} 个字", line(i)),
        (Lang::En, WordProblem::TooLong(i)) => {
            format!("the word on line {} is longer than {max_chars} characters", line(i))
        }
        (Lang::Zh, WordProblem::Empty(i)) => format!("第 {} 行没有文字或数字，会匹配所有评论", line(i)),
        (Lang::En, WordProblem::Empty(i)) => {
            format!("line {} has no letter or digit, so it would match every comment", line(i))
        }
    };
    match lang {
        Lang::Zh => format!("词表未保存：{text}。"),
        Lang::En => format!("The list was not saved: {text}."),
    }
}

/// Replaces the list through word_store.rs, as `PUT /api/admin/words` does: checked first
/// (nothing is stored when a word is refused), audit row included.
async fn save_words(cx: Console, State(app): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    if let Err(refused) = cx.same_origin(&app) {
        return refused;
    }
    if let Err(rejection) = &body {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            let message = cx.lang.pick("词表过大，未保存。", "The list is too large; it was not saved.");
            return cx.refuse(StatusCode::PAYLOAD_TOO_LARGE, message);
        }
    }
    let (form, session) = match cx.allowed_form(&app, body, Permission::Administer) {
        Ok(allowed) => allowed,
        Err(refused) => return refused,
    };
    let text = form.get("words").unwrap_or_default().to_string();
    // Blank lines are spacing, not words; the others keep their line numbers for the messages.
    let (lines, raw): (Vec<usize>, Vec<String>) = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (i, line.to_string()))
        .unzip();
    let words = match word_store::check_words(&raw) {
        Ok(words) => words,
        Err(problem) => {
            let message = word_problem(cx.lang, &problem, &lines);
            let body = words_body(&cx, &session.csrf, &text, Some(&message));
            return cx.page(StatusCode::UNPROCESSABLE_ENTITY, cx.lang.pick("敏感词", "Sensitive words"), &body);
        }
    };
    let now = app.now();
    let saved =
        blocking(&app.comments, move |store| word_store::replace_words(store, &words, &session.user, now)).await;
    match saved {
        Ok((_, after)) => see_other(&format!("/admin/words?saved={after}")),
        Err(e) => internal(cx.lang, &e),
    }
}

// ---- the audit log ----

async fn audit(cx: Console, State(app): State<AppState>) -> Response {
    let Some(session) = &cx.session else { return see_other("/admin/login") };
    if let Err(refused) = cx.require(session, Permission::Moderate) {
        return refused;
    }
    let lang = cx.lang;
    let page = cx.query.get("page").and_then(|p| p.parse().ok()).filter(|&p: &u32| p >= 1).unwrap_or(1);
    let found = match blocking(&app.comments, move |store| audit_page(store, page, PER_PAGE)).await {
        Ok(found) => found,
        Err(e) => return internal(lang, &e),
    };
    let mut body = format!("<h1>{}</h1>", lang.pick("审计日志", "Audit log"));
    body.push_str(&pages::audit_table(lang, &found.items));
    let pages = u32::try_from(found.total.div_ceil(u64::from(PER_PAGE))).unwrap_or(u32::MAX);
    body.push_str(&pages::pager(lang, page, pages, |p| format!("/admin/audit?page={p}")));
    cx.page(StatusCode::OK, lang.pick("审计日志", "Audit log"), &body)
}

// ---- accounts (admins) ----

async fn accounts(cx: Console, State(app): State<AppState>) -> Response {
    let Some(session) = &cx.session else { return see_other("/admin/login") };
    if let Err(refused) = cx.require(session, Permission::Administer) {
        return refused;
    }
    let lang = cx.lang;
    let found = blocking(&app.comments, |store| {
        let users = users::list_users(store).map_err(|e| StoreError::Db(e.to_string()))?;
        let tokens = tokens::list_tokens(store).map_err(|e| StoreError::Db(e.to_string()))?;
        Ok((users, tokens))
    })
    .await;
    let (users, tokens) = match found {
        Ok(found) => found,
        Err(e) => return internal(lang, &e),
    };
    let mut body = format!(
        "<h1>{}</h1>{}<h2>{}</h2><p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("账号与令牌", "Accounts and tokens"),
        match cx.query.get("revoked").and_then(|id| id.parse::<i64>().ok()) {
            Some(id) => pages::notice(
                "ok",
                &match lang {
                    Lang::Zh => format!("令牌 #{id} 已撤销，不能再使用。"),
                    Lang::En => format!("Token #{id} was revoked; it no longer works."),
                }
            ),
            None => String::new(),
        },
        lang.pick("账号", "Accounts"),
        lang.pick(
            "账号用 news-server user add / remove 在服务器上管理。",
            "Accounts are managed on the server with news-server user add / remove."
        ),
        lang.pick("用户名", "Name"),
        lang.pick("角色", "Role"),
        lang.pick("创建于", "Created"),
    );
    for user in &users {
        let role = match user.role {
            Role::Editor => lang.pick("编辑", "Editor"),
            Role::Admin => lang.pick("管理员", "Admin"),
        };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{role}</td><td>{}</td></tr>",
            Esc(&user.name),
            Esc(&users::format_utc(user.created_at))
        );
    }
    let _ = write!(
        body,
        "</tbody></table><h2>{}</h2><p>{}</p>",
        lang.pick("API 令牌", "API tokens"),
        lang.pick(
            "令牌以其账号的身份调用 /api/admin/（Authorization: Bearer …）。服务器只保存令牌的哈希值。",
            "A token calls /api/admin/ as its account (Authorization: Bearer …). The server keeps only its hash."
        ),
    );
    // A new token: shown once, on the page the form's answer is (never in an address).
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/admin/tokens/add\" class=\"token-new\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\"><label>{} <select name=\"user\">",
        Esc(&session.csrf),
        lang.pick("为账号", "For the account"),
    );
    for user in &users {
        let _ = write!(body, "<option>{}</option>", Esc(&user.name));
    }
    let _ = write!(
        body,
        "</select></label> <button>{}</button></form><table class=\"tokens\"><thead><tr><th>#</th><th>{}</th>\
         <th>{}</th><th>{}</th><th></th></tr></thead><tbody>",
        lang.pick("创建 API 令牌", "Create an API token"),
        lang.pick("账号", "Account"),
        lang.pick("创建于", "Created"),
        lang.pick("撤销于", "Revoked"),
    );
    for token in &tokens {
        let revoked = token.revoked_at.map(users::format_utc);
        let _ = write!(
            body,
            "<tr data-token=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>",
            token.id,
            token.id,
            Esc(&token.user),
            Esc(&users::format_utc(token.created_at)),
            Esc(revoked.as_deref().unwrap_or("-"))
        );
        if revoked.is_none() {
            let _ = write!(
                body,
                "<form method=\"post\" action=\"/admin/tokens/revoke\"><input type=\"hidden\" name=\"csrf\" \
                 value=\"{}\"><input type=\"hidden\" name=\"id\" value=\"{}\"><button>{}</button></form>",
                Esc(&session.csrf),
                token.id,
                lang.pick("撤销", "Revoke")
            );
        }
        body.push_str("</td></tr>");
    }
    body.push_str("</tbody></table>");
    cx.page(StatusCode::OK, lang.pick("账号与令牌", "Accounts and tokens"), &body)
}

async fn revoke_token(cx: Console, State(app): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    let (form, _session) = match cx.allowed_form(&app, body, Permission::Administer) {
        Ok(allowed) => allowed,
        Err(refused) => return refused,
    };
    let Some(id) = form.get("id").and_then(|id| id.parse::<i64>().ok()) else {
        return cx.refuse(StatusCode::BAD_REQUEST, cx.lang.pick("令牌无效。", "No such token."));
    };
    let now = app.now();
    let revoked = blocking(&app.comments, move |store| {
        // Already revoked or gone: what was asked for is true, so the page just shows the list.
        Ok(tokens::revoke_token(store, id, now).is_ok())
    })
    .await;
    match revoked {
        Ok(_) => see_other(&format!("/admin/accounts?revoked={id}")),
        Err(e) => internal(cx.lang, &e),
    }
}

/// Creates a token through tokens.rs, as `news-server token add` does, and answers with it.
/// Not Post/Redirect/Get, on purpose: only the token's hash is stored, so the page this POST
/// answers is the one place it can ever be shown, and it must not travel in an address.
/// Reloading it asks the browser to post again, which makes another token, not this one.
async fn add_token(cx: Console, State(app): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    let (form, _session) = match cx.allowed_form(&app, body, Permission::Administer) {
        Ok(allowed) => allowed,
        Err(refused) => return refused,
    };
    let lang = cx.lang;
    let user = form.get("user").unwrap_or_default().trim().to_string();
    let now = app.now();
    let for_user = user.clone();
    let made = blocking(&app.comments, move |store| Ok(tokens::add_token(store, &for_user, now))).await;
    let (id, token) = match made {
        Ok(Ok(made)) => made,
        Ok(Err(TokenError::NoUser(_))) => {
            return cx
                .refuse(StatusCode::UNPROCESSABLE_ENTITY, lang.pick("没有这个账号。", "There is no such account."));
        }
        Ok(Err(e)) => return internal(lang, &StoreError::Db(e.to_string())),
        Err(e) => return internal(lang, &e),
    };
    let title = lang.pick("新的 API 令牌", "New API token");
    let body = format!(
        "<h1>{title}</h1>{}<p><label for=\"new-token\">{}</label></p>\
         <p><input id=\"new-token\" class=\"token\" readonly value=\"{}\" size=\"50\"></p>\
         <p>{}</p><p><a href=\"/admin/accounts\">{}</a></p>",
        pages::notice(
            "ok",
            &match lang {
                Lang::Zh => format!(
                    "已为账号 {user} 创建令牌 #{id}。请现在复制并妥善保存：离开此页后它不会再显示，服务器也无法找回。"
                ),
                Lang::En => format!(
                    "Token #{id} was made for the account {user}. Copy it now and keep it safe: it will not be \
                     shown again, and the server cannot recover it."
                ),
            }
        ),
        lang.pick("令牌", "Token"),
        Esc(&token),
        lang.pick(
            "使用方式：请求头 Authorization: Bearer 加上令牌。不再需要时在账号与令牌页撤销。",
            "Use it as Authorization: Bearer followed by the token. Revoke it on the accounts page when it is no \
             longer needed."
        ),
        lang.pick("返回账号与令牌", "Back to accounts and tokens"),
    );
    cx.page(StatusCode::OK, title, &body)
}

// ---- logging in and out ----

async fn login_page(cx: Console) -> Response {
    if cx.session.is_some() {
        return see_other("/admin");
    }
    let lang = cx.lang;
    // The form's CSRF token lives in a cookie until there is a session; one already set is
    // kept, so two open login tabs both work.
    let existing = session::cookie_values(&cx.headers, session::LOGIN_COOKIE)
        .find(|t| t.len() == 43 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .map(String::from);
    let token = match existing.map_or_else(session::random_token, Ok) {
        Ok(token) => token,
        Err(e) => return internal(lang, &e),
    };
    let message =
        cx.query.get("expired").map(|_| lang.pick("登录已失效，请重新登录。", "Your session ended; log in again."));
    let body = pages::login_form(lang, &token, "", message);
    let mut response = cx.page(StatusCode::OK, lang.pick("登录", "Log in"), &body);
    let cookie = session::set_cookie(session::LOGIN_COOKIE, &token, session::LOGIN_FORM_SECONDS, cx.secure);
    add_cookie(&mut response, &cookie);
    response
}

async fn login(cx: Console, State(app): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    if let Err(refused) = cx.same_origin(&app) {
        return refused;
    }
    let lang = cx.lang;
    let form = form_body(body);
    let presented = form.get("csrf").unwrap_or_default();
    let csrf_ok = session::cookie_values(&cx.headers, session::LOGIN_COOKIE).any(|t| session::same_token(presented, t));
    if !csrf_ok {
        return cx.refuse(
            StatusCode::FORBIDDEN,
            lang.pick(
                "登录表单已失效或缺少安全令牌，请重新打开登录页。",
                "The login form expired or had no security token; open the login page again.",
            ),
        );
    }
    let name = form.get("user").unwrap_or_default().trim().to_string();
    let password = form.get("password").unwrap_or_default().to_string();
    let again = |status, message: &str| {
        let body = pages::login_form(lang, presented, &name, Some(message));
        cx.page(status, lang.pick("登录", "Log in"), &body)
    };
    let now = app.now();
    if let Some(wait) = app.login_throttle.locked_for(&name, cx.addr, now) {
        let minutes = (wait + 59) / 60;
        let message = match lang {
            Lang::Zh => format!("登录失败次数过多，请 {minutes} 分钟后再试。"),
            Lang::En => format!("Too many failed logins; try again in {minutes} minute(s)."),
        };
        return again(StatusCode::TOO_MANY_REQUESTS, &message);
    }
    let (user, store) = (name.clone(), Arc::clone(&app.comments));
    // Argon2 is slow on purpose: off the async workers.
    let verified = tokio::task::spawn_blocking(move || users::verify_password(&store, &user, &password)).await;
    let role = match verified {
        Ok(Ok(role)) => role,
        Ok(Err(e)) => return internal(lang, &StoreError::Db(e.to_string())),
        Err(e) => return internal(lang, &StoreError::Db(e.to_string())),
    };
    if role.is_none() {
        app.login_throttle.failed(&name, cx.addr, now);
        // The same answer for an unknown name and a wrong password.
        return again(StatusCode::UNAUTHORIZED, lang.pick("用户名或密码错误。", "Wrong user name or password."));
    }
    app.login_throttle.succeeded(&name);
    let user = name.clone();
    let token = match blocking(&app.comments, move |store| session::open(store, &user, now)).await {
        Ok(token) => token,
        Err(e) => return internal(lang, &e),
    };
    let mut response = see_other("/admin");
    let cookie = session::set_cookie(session::SESSION_COOKIE, &token, session::SESSION_SECONDS, cx.secure);
    add_cookie(&mut response, &cookie);
    add_cookie(&mut response, &session::set_cookie(session::LOGIN_COOKIE, "", 0, cx.secure));
    response
}

async fn logout(cx: Console, State(app): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    if let Err(refused) = cx.same_origin(&app) {
        return refused;
    }
    let form = form_body(body);
    let id = match cx.checked_session(&form) {
        Ok(session) => session.id,
        Err(refused) => return refused,
    };
    let now = app.now();
    if let Err(e) = blocking(&app.comments, move |store| session::revoke(store, id, now)).await {
        return internal(cx.lang, &e);
    }
    let mut response = see_other("/admin/login");
    add_cookie(&mut response, &session::set_cookie(session::SESSION_COOKIE, "", 0, cx.secure));
    response
}

// ---- files ----

async fn script() -> Response {
    (StatusCode::OK, [(CONTENT_TYPE, "text/javascript; charset=utf-8")], include_str!("console.js")).into_response()
}

async fn stylesheet() -> Response {
    (StatusCode::OK, [(CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("console.css")).into_response()
}

async fn not_found(cx: Console) -> Response {
    cx.refuse(StatusCode::NOT_FOUND, cx.lang.pick("页面不存在。", "No such page."))
}
