//! Readers' reports (举报): `POST /api/comments/{id}/report` with a reader id and one of a few
//! reasons. A reader reports a comment once: a repeat answers as the first did and counts for
//! nothing. When reports from `--report-threshold` different client networks have come in, a
//! published comment is hidden (pending, `held_reason` `reports`) until an editor decides.
//!
//! Networks, not reader ids, are counted towards the threshold, as for the likes' bound: reader
//! ids are the client's choice, so one person could otherwise hide any comment alone.
//!
//! A reader the portal vouches for (reader_token.rs) is one reader whatever reader id they
//! send: their report is stored under `sso:<sub>`.
//!
//! An editor who approves a comment that reports hid has overruled them (admin.rs sets
//! `reports_overruled`): later reports are recorded and shown to editors, but no longer hide
//! it, so a group cannot keep taking down a comment an editor has judged fine.

use crate::comment_api::{
    bad_client_id, blocking, body_text, comment_not_found, internal, valid_client_id, within, Refusal,
};
use crate::comments::{CommentStore, StoreError};
use crate::db::args;
use crate::rate_limit::{address_key, network_key};
use crate::reader_token::Vouched;
use crate::security::{ClientAddr, WriteAllowed};
use crate::{error, AppState};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use news_model::decode::Fields;
use serde_json::Value;
use std::sync::Arc;

/// The `held_reason` of a comment hidden by reports.
pub const HELD_REASON: &str = "reports";

/// The contract's reasons, shared with the app's 举报 menu.
pub use news_model::comments::ReportReason as Reason;

/// What [`report`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reported {
    /// Recorded; `hidden` when this report took the comment to the threshold.
    New { hidden: bool },
    /// This reader had reported the comment already: nothing changed.
    Repeated,
    /// No published comment has this id.
    NoComment,
}

/// Records a report and, at the threshold (0: never), hides the comment; one transaction, so
/// concurrent reports are counted exactly once each and the comment is hidden once.
pub fn report(
    store: &CommentStore,
    comment_id: &str,
    reader: &str,
    reason: Reason,
    network: Option<&str>,
    threshold: u32,
    now_unix: i64,
) -> Result<Reported, StoreError> {
    let Ok(id) = comment_id.trim().parse::<i64>() else { return Ok(Reported::NoComment) };
    store.db().transaction(|sql| {
        // Locked on PostgreSQL until commit: reports of one comment from several servers take
        // turns, so the comment is hidden exactly once, by the report that reached the threshold.
        let lock = sql.dialect().for_update();
        let overruled = sql.query_opt(
            &format!("SELECT reports_overruled FROM comments WHERE id = $1 AND status = 'published'{lock}"),
            args![id],
        )?;
        let Some(overruled) = overruled else { return Ok(Reported::NoComment) };
        let overruled: bool = overruled.get(0)?;
        let added = sql.execute(
            "INSERT INTO comment_reports (comment_id, reader_id, reason, network, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            args![id, reader, reason.as_str(), network, now_unix],
        )?;
        if added == 0 {
            return Ok(Reported::Repeated);
        }
        let mut hidden = false;
        if threshold > 0 && !overruled {
            // An unknown network ('') counts as one, like the likes' bound does.
            let networks = sql
                .query_one(
                    "SELECT COUNT(DISTINCT COALESCE(network, '')) FROM comment_reports WHERE comment_id = $1",
                    args![id],
                )?
                .get::<i64>(0)?;
            if networks >= i64::from(threshold) {
                sql.execute(
                    "UPDATE comments SET status = 'pending', held_reason = $2 WHERE id = $1",
                    args![id, HELD_REASON],
                )?;
                let detail = format!("{networks} networks reported it");
                let row = crate::admin::AuditRow {
                    actor: "reports",
                    action: "hide",
                    comment_id: Some(id),
                    before: "published",
                    after: "pending",
                    detail: Some(&detail),
                };
                crate::admin::log(sql, now_unix, &row)?;
                hidden = true;
            }
        }
        Ok(Reported::New { hidden })
    })
}

/// `{"client_id": "…", "reason": "spam"}`.
fn report_body(text: &str) -> Result<(String, Reason), Refusal> {
    let bad = |detail: String| Refusal(StatusCode::BAD_REQUEST, "bad_request", format!("请求内容无效（{detail}）"));
    let value: Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let mut fields = Fields::of(value).map_err(|e| bad(e.to_string()))?;
    let reader = fields.string("client_id").map_err(|_| bad_client_id())?;
    if !valid_client_id(&reader) {
        return Err(bad_client_id());
    }
    let reason = fields.string("reason").ok().and_then(|r| Reason::parse(&r)).ok_or_else(|| {
        Refusal(StatusCode::UNPROCESSABLE_ENTITY, "bad_reason", "请选择举报理由：spam、abuse、illegal 或 other".into())
    })?;
    Ok((reader, reason))
}

/// `POST /api/comments/{id}/report`: `204` for a new report and for a repeated one alike, so
/// the reader (or a script) cannot tell whether a report counted, nor what it did.
pub(crate) async fn post(
    _: WriteAllowed,
    Vouched(vouched): Vouched,
    State(app): State<AppState>,
    ClientAddr(addr): ClientAddr,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(Path(comment)) = id else { return comment_not_found() };
    let text = match body_text(body) {
        Ok(text) => text,
        Err(refusal) => return refusal.into_response(),
    };
    let (reader, reason) = match report_body(&text) {
        // A reader the portal vouches for reports once, whichever reader id they send.
        Ok((reader, reason)) => (vouched.map_or(reader, |r| r.key()), reason),
        Err(refusal) => return refusal.into_response(),
    };
    match within(&app, vec![(Arc::clone(&app.report_limiter), address_key(addr))]).await {
        Ok(true) => {}
        Ok(false) => return error(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "举报太频繁，请稍后再试"),
        Err(e) => return internal(e),
    }
    let network = addr.map(|ip| network_key(ip).to_string());
    let threshold = app.report_threshold;
    let now = crate::now_unix();
    let done = blocking(&app.comments, move |store| {
        report(store, &comment, &reader, reason, network.as_deref(), threshold, now)
    })
    .await;
    match done {
        Ok(Reported::New { .. } | Reported::Repeated) => StatusCode::NO_CONTENT.into_response(),
        Ok(Reported::NoComment) => comment_not_found(),
        Err(e) => internal(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::Draft;
    use news_model::comments::CommentStatus;

    fn published(store: &CommentStore) -> String {
        let draft = Draft {
            author: "甲".into(),
            content: "评论".into(),
            parent_id: None,
            client_id: "c".into(),
            region: None,
            status: CommentStatus::Published,
            held_reason: None,
            network: None,
            sub: None,
            avatar: None,
        };
        store.insert("a", &draft, 1).expect("insert").comment.id
    }

    #[test]
    fn networks_count_once_and_readers_once() {
        let store = CommentStore::open_in_memory(None).expect("memory db");
        let id = published(&store);
        let at = |reader: &str, network: &str| report(&store, &id, reader, Reason::Spam, Some(network), 2, 5);
        assert_eq!(at("r1", "n1").expect("report"), Reported::New { hidden: false });
        assert_eq!(at("r1", "n2").expect("report"), Reported::Repeated, "one report per reader");
        assert_eq!(at("r2", "n1").expect("report"), Reported::New { hidden: false }, "same network");
        assert_eq!(at("r3", "n2").expect("report"), Reported::New { hidden: true });
        assert_eq!(at("r4", "n3").expect("report"), Reported::NoComment, "hidden: no longer reportable");
        let row = store
            .db()
            .with(|sql| sql.query_one("SELECT status, held_reason FROM comments WHERE id = $1", args![id.parse::<i64>().unwrap_or(0)]))
            .expect("row");
        let (status, reason): (String, Option<String>) = (row.get(0).expect("status"), row.get(1).expect("reason"));
        assert_eq!((status.as_str(), reason.as_deref()), ("pending", Some(HELD_REASON)));
        assert_eq!(report(&store, "x", "r", Reason::Other, None, 2, 5).expect("report"), Reported::NoComment);
    }

    #[test]
    fn a_threshold_of_zero_never_hides() {
        let store = CommentStore::open_in_memory(None).expect("memory db");
        let id = published(&store);
        for n in 0..10 {
            let reader = format!("r{n}");
            let network = format!("n{n}");
            let done = report(&store, &id, &reader, Reason::Abuse, Some(&network), 0, 5).expect("report");
            assert_eq!(done, Reported::New { hidden: false });
        }
    }

    #[test]
    fn bodies() {
        assert_eq!(report_body(r#"{"client_id":"r1","reason":"illegal"}"#).ok(), Some(("r1".into(), Reason::Illegal)));
        for (text, code) in [
            (r#"{"client_id":"r1","reason":"boring"}"#, "bad_reason"),
            (r#"{"client_id":"r1"}"#, "bad_reason"),
            (r#"{"reason":"spam"}"#, "bad_client_id"),
            (r#"{"client_id":"a b","reason":"spam"}"#, "bad_client_id"),
            ("[]", "bad_request"),
            ("{", "bad_request"),
        ] {
            assert_eq!(report_body(text).err().map(|r| r.1), Some(code), "{text}");
        }
    }
}
