//! Bans: for a while, comments from a reader id, a client network or a portal user (the `sub`
//! of a reader token, reader_token.rs) are held for review
//! (`held_reason` `banned`) instead of published. The author is told only that the comment
//! awaits review, as for every hold: a ban that announced itself would just send the author to
//! another id or network.
//!
//! An address ban covers the unit the rate limits count (rate_limit::network_key: the IPv4
//! address, or the IPv6 /64), found the same way (the `--trusted-proxy` rule, security.rs).
//! Editors ban (moderation); each ban and each early lift is in the audit log.

use crate::admin::{internal, log, AuditRow, Authorized, Permission};
use crate::comment_api::{blocking, valid_client_id};
use crate::comments::{format_utc8, CommentStore, StoreError};
use crate::rate_limit::network_key;
use crate::reader_token::MAX_SUB_CHARS;
use crate::security::WriteAllowed;
use crate::{error, json, now_unix, AppState};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use crate::db::{args, Row, Sql};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The `held_reason` of a comment held because its author is banned.
pub const HELD_REASON: &str = "banned";

/// A year: longer than any temporary measure needs; a reader id or an address rarely stays
/// with one person that long anyway.
pub const MAX_MINUTES: i64 = 365 * 24 * 60;

/// A ban as the API shows it.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct Ban {
    pub id: i64,
    pub client_id: Option<String>,
    /// The banned network: an IPv4 address, or the first address of an IPv6 /64.
    pub address: Option<String>,
    /// The banned portal user id (a reader token's `sub`).
    pub sub: Option<String>,
    pub created_at: String,
    pub expires_at: String,
    /// Set when lifted before it expired.
    pub lifted_at: Option<String>,
    pub actor: String,
}

const BAN_COLUMNS: &str = "id, client_id, network, created_at, expires_at, lifted_at, actor, sub";

fn ban_row(row: &Row) -> Result<Ban, StoreError> {
    Ok(Ban {
        id: row.get(0)?,
        client_id: row.get(1)?,
        address: row.get(2)?,
        created_at: format_utc8(row.get(3)?),
        expires_at: format_utc8(row.get(4)?),
        lifted_at: row.get::<Option<i64>>(5)?.map(format_utc8),
        actor: row.get(6)?,
        sub: row.get(7)?,
    })
}

/// What to ban, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBan {
    pub client_id: Option<String>,
    /// As [`network_key`] writes it.
    pub network: Option<String>,
    pub sub: Option<String>,
    pub minutes: i64,
}

/// Why a ban request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BanProblem {
    NoTarget,
    BadClientId,
    BadAddress,
    BadSub,
    BadMinutes,
}

impl BanProblem {
    pub fn code(&self) -> &'static str {
        match self {
            BanProblem::NoTarget => "missing_target",
            BanProblem::BadClientId => "bad_client_id",
            BanProblem::BadAddress => "bad_address",
            BanProblem::BadSub => "bad_sub",
            BanProblem::BadMinutes => "bad_minutes",
        }
    }

    fn message(&self) -> String {
        match self {
            BanProblem::NoTarget => "需要 client_id、address 或 sub（可以同时给出）".into(),
            BanProblem::BadClientId => "client_id 无效".into(),
            BanProblem::BadAddress => "address 不是 IP 地址".into(),
            BanProblem::BadSub => format!("sub 应为 1 到 {MAX_SUB_CHARS} 个字符的门户用户 ID"),
            BanProblem::BadMinutes => format!("minutes 应为 1 到 {MAX_MINUTES} 的整数"),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BanBody {
    client_id: Option<String>,
    address: Option<String>,
    sub: Option<String>,
    minutes: Option<i64>,
}

fn check(body: BanBody) -> Result<NewBan, BanProblem> {
    new_ban(body.client_id.as_deref(), body.address.as_deref(), body.sub.as_deref(), body.minutes)
}

/// Checks what to ban, as the API and the console's ban form give it: a reader id, an address
/// (an IPv6 one bans its /64), a portal user id, or several, for `minutes` (1 to
/// [`MAX_MINUTES`]).
pub fn new_ban(
    client_id: Option<&str>,
    address: Option<&str>,
    sub: Option<&str>,
    minutes: Option<i64>,
) -> Result<NewBan, BanProblem> {
    let minutes = minutes.filter(|m| (1..=MAX_MINUTES).contains(m)).ok_or(BanProblem::BadMinutes)?;
    let client_id = match client_id {
        Some(id) if valid_client_id(id) => Some(id.to_string()),
        Some(_) => return Err(BanProblem::BadClientId),
        None => None,
    };
    let network = match address {
        Some(raw) => {
            let ip = raw.trim().parse::<IpAddr>().map_err(|_| BanProblem::BadAddress)?;
            Some(network_key(ip).to_string())
        }
        None => None,
    };
    // As a token carries it: a ban must name the sub exactly, spaces included.
    let sub = match sub {
        Some(sub)
            if !sub.trim().is_empty() && sub.chars().count() <= MAX_SUB_CHARS && !sub.chars().any(char::is_control) =>
        {
            Some(sub.to_string())
        }
        Some(_) => return Err(BanProblem::BadSub),
        None => None,
    };
    if client_id.is_none() && network.is_none() && sub.is_none() {
        return Err(BanProblem::NoTarget);
    }
    Ok(NewBan { client_id, network, sub, minutes })
}

/// Stores a ban and its audit row.
pub fn add_ban(store: &CommentStore, ban: &NewBan, actor: &str, now_unix: i64) -> Result<Ban, StoreError> {
    store.db().transaction(|sql| {
        let stored = ban_row(&sql.query_one(
            &format!(
                "INSERT INTO bans (client_id, network, sub, created_at, expires_at, actor)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING {BAN_COLUMNS}"
            ),
            args![&ban.client_id, &ban.network, &ban.sub, now_unix, now_unix + ban.minutes * 60, actor],
        )?)?;
        let detail = format!(
            "ban {}: client_id {}, address {}, sub {}, {} minutes",
            stored.id,
            ban.client_id.as_deref().unwrap_or("-"),
            ban.network.as_deref().unwrap_or("-"),
            ban.sub.as_deref().unwrap_or("-"),
            ban.minutes
        );
        let row =
            AuditRow { actor, action: "ban", comment_id: None, before: "none", after: "banned", detail: Some(&detail) };
        log(sql, now_unix, &row)?;
        Ok(stored)
    })
}

/// Bans in force now, newest first.
pub fn active_bans(store: &CommentStore, now_unix: i64) -> Result<Vec<Ban>, StoreError> {
    store.db().with(|sql| {
        sql.query(
            &format!("SELECT {BAN_COLUMNS} FROM bans WHERE lifted_at IS NULL AND expires_at > $1 ORDER BY id DESC"),
            args![now_unix],
        )?
        .iter()
        .map(ban_row)
        .collect()
    })
}

/// What [`lift_ban`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lifted {
    Done(Ban),
    NotFound,
    /// Lifted already, or expired: nothing to lift.
    NotActive,
}

pub fn lift_ban(store: &CommentStore, id: i64, actor: &str, now_unix: i64) -> Result<Lifted, StoreError> {
    store.db().transaction(|sql| {
        let lock = sql.dialect().for_update();
        let found = sql.query_opt(&format!("SELECT lifted_at, expires_at FROM bans WHERE id = $1{lock}"), args![id])?;
        let Some(found) = found else { return Ok(Lifted::NotFound) };
        let (lifted, expires): (Option<i64>, i64) = (found.get(0)?, found.get(1)?);
        if lifted.is_some() || expires <= now_unix {
            return Ok(Lifted::NotActive);
        }
        let ban = ban_row(&sql.query_one(
            &format!("UPDATE bans SET lifted_at = $2 WHERE id = $1 RETURNING {BAN_COLUMNS}"),
            args![id, now_unix],
        )?)?;
        let detail = format!("ban {id}");
        let row =
            AuditRow { actor, action: "unban", comment_id: None, before: "banned", after: "lifted", detail: Some(&detail) };
        log(sql, now_unix, &row)?;
        Ok(Lifted::Done(ban))
    })
}

/// Whether a ban in force covers this reader id, this network or this portal user.
pub fn is_banned(
    sql: &mut dyn Sql,
    client_id: &str,
    network: Option<&str>,
    sub: Option<&str>,
    now_unix: i64,
) -> Result<bool, StoreError> {
    Ok(sql.exists(
        "SELECT 1 FROM bans WHERE lifted_at IS NULL AND expires_at > $1
           AND (client_id = $2 OR network = $3 OR sub = $4) LIMIT 1",
        args![now_unix, client_id, network, sub],
    )?)
}

// ---- handlers ----

/// `POST /api/admin/bans` with `{"client_id"?, "address"?, "sub"?, "minutes"}`: `201` with the ban.
pub(crate) async fn create(
    _write: WriteAllowed,
    auth: Authorized,
    State(app): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let actor = match auth.require(Permission::Moderate) {
        Ok(actor) => actor.name.clone(),
        Err(refused) => return refused,
    };
    let Ok(body) = body else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "请求内容无法读取");
    };
    let Ok(body) = serde_json::from_slice::<BanBody>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "请求内容应为 {\"client_id\", \"address\", \"sub\", \"minutes\"} 形式的 JSON 对象",
        );
    };
    let ban = match check(body) {
        Ok(ban) => ban,
        Err(problem) => return error(StatusCode::UNPROCESSABLE_ENTITY, problem.code(), &problem.message()),
    };
    let now = now_unix();
    match blocking(&app.comments, move |store| add_ban(store, &ban, &actor, now)).await {
        Ok(ban) => json(StatusCode::CREATED, &ban),
        Err(e) => internal(&e.to_string()),
    }
}

#[derive(Serialize)]
struct BanList {
    items: Vec<Ban>,
}

/// `GET /api/admin/bans`: the bans in force, newest first.
pub(crate) async fn list(auth: Authorized, State(app): State<AppState>) -> Response {
    if let Err(refused) = auth.require(Permission::Moderate) {
        return refused;
    }
    let now = now_unix();
    match blocking(&app.comments, move |store| active_bans(store, now)).await {
        Ok(items) => json(StatusCode::OK, &BanList { items }),
        Err(e) => internal(&e.to_string()),
    }
}

/// `DELETE /api/admin/bans/{id}`: lifts a ban early; `200` with it, `409` when it is not in
/// force any more.
pub(crate) async fn lift(
    _write: WriteAllowed,
    auth: Authorized,
    State(app): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let actor = match auth.require(Permission::Moderate) {
        Ok(actor) => actor.name.clone(),
        Err(refused) => return refused,
    };
    let not_found = || error(StatusCode::NOT_FOUND, "not_found", "封禁不存在");
    let Some(id) = id.ok().and_then(|Path(id)| id.parse::<i64>().ok()) else { return not_found() };
    let now = now_unix();
    match blocking(&app.comments, move |store| lift_ban(store, id, &actor, now)).await {
        Ok(Lifted::Done(ban)) => json(StatusCode::OK, &ban),
        Ok(Lifted::NotFound) => not_found(),
        Ok(Lifted::NotActive) => error(StatusCode::CONFLICT, "conflict", "封禁已解除或已过期"),
        Err(e) => internal(&e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(client_id: Option<&str>, address: Option<&str>, minutes: Option<i64>) -> BanBody {
        BanBody { client_id: client_id.map(Into::into), address: address.map(Into::into), sub: None, minutes }
    }

    #[test]
    fn requests_are_checked() {
        assert_eq!(check(body(None, None, Some(5))), Err(BanProblem::NoTarget));
        assert_eq!(check(body(Some("r"), None, None)), Err(BanProblem::BadMinutes));
        assert_eq!(check(body(Some("r"), None, Some(0))), Err(BanProblem::BadMinutes));
        assert_eq!(check(body(Some("r"), None, Some(MAX_MINUTES + 1))), Err(BanProblem::BadMinutes));
        assert_eq!(check(body(Some("a b"), None, Some(5))), Err(BanProblem::BadClientId));
        assert_eq!(check(body(None, Some("example.com"), Some(5))), Err(BanProblem::BadAddress));
        let v6 = check(body(None, Some(" 2001:db8:1:2:3:4:5:6 "), Some(MAX_MINUTES))).expect("valid");
        assert_eq!(v6.network.as_deref(), Some("2001:db8:1:2::"), "an IPv6 address bans its /64");
        let both = check(body(Some("r-1"), Some("::ffff:203.0.113.9"), Some(1))).expect("valid");
        assert_eq!((both.client_id.as_deref(), both.network.as_deref()), (Some("r-1"), Some("203.0.113.9")));
    }

    #[test]
    fn bans_hold_until_they_expire_or_are_lifted() {
        let store = CommentStore::open_in_memory(None).expect("memory db");
        let ban = NewBan { client_id: Some("r1".into()), network: None, sub: None, minutes: 10 };
        let stored = add_ban(&store, &ban, "ann", 1_000).expect("banned");
        let banned = |client: &str, network: Option<&str>, at: i64| {
            store.db().with(|sql| is_banned(sql, client, network, None, at)).expect("query")
        };
        assert!(banned("r1", None, 1_000) && banned("r1", Some("203.0.113.9"), 1_599));
        assert!(!banned("r1", None, 1_600), "expired after 10 minutes");
        assert!(!banned("r2", Some("203.0.113.9"), 1_000));
        assert_eq!(active_bans(&store, 1_000).expect("list"), vec![stored.clone()]);
        assert_eq!(active_bans(&store, 1_600).expect("list"), vec![]);

        let net = NewBan { client_id: None, network: Some("203.0.113.9".into()), sub: None, minutes: 10 };
        let by_network = add_ban(&store, &net, "ann", 1_000).expect("banned");
        assert!(banned("anyone", Some("203.0.113.9"), 1_001));
        assert!(matches!(lift_ban(&store, by_network.id, "ann", 1_002), Ok(Lifted::Done(_))));
        assert!(!banned("anyone", Some("203.0.113.9"), 1_003));
        assert_eq!(lift_ban(&store, by_network.id, "ann", 1_004).expect("lift"), Lifted::NotActive);
        assert_eq!(lift_ban(&store, stored.id, "ann", 1_600).expect("lift"), Lifted::NotActive, "expired");
        assert_eq!(lift_ban(&store, 99, "ann", 1_000).expect("lift"), Lifted::NotFound);
    }

    #[test]
    fn a_ban_can_name_a_portal_user() {
        assert_eq!(new_ban(None, None, Some(" "), Some(5)), Err(BanProblem::BadSub));
        assert_eq!(new_ban(None, None, Some("a\nb"), Some(5)), Err(BanProblem::BadSub));
        assert_eq!(new_ban(None, None, Some(&"x".repeat(MAX_SUB_CHARS + 1)), Some(5)), Err(BanProblem::BadSub));
        let ban = new_ban(None, None, Some("u-42"), Some(10)).expect("valid");
        let store = CommentStore::open_in_memory(None).expect("memory db");
        let stored = add_ban(&store, &ban, "ann", 1_000).expect("banned");
        assert_eq!(
            (stored.sub.as_deref(), stored.client_id.as_deref(), stored.address.as_deref()),
            (Some("u-42"), None, None)
        );
        let banned = |sub: Option<&str>| store.db().with(|sql| is_banned(sql, "any-reader", None, sub, 1_001)).expect("query");
        assert!(banned(Some("u-42")));
        assert!(!banned(Some("u-43")) && !banned(None), "only that portal user");
    }
}
