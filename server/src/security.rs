//! Who may write, and who is asking: the origin and content-type rules for POST and DELETE,
//! and the allowed origins they are checked against.
//!
//! A browser attaches a reader's network position (and, one day, cookies) to any request a page
//! makes, so a write must prove it comes from the app: a JSON content type (which another site
//! cannot send without a CORS preflight this server never grants) and an `Origin` or
//! `Sec-Fetch-Site` that says the page is ours or one we allow. Requests with neither header
//! do not come from a browser page (curl, scripts) and gain nothing from a reader's browser.

use crate::{error, AppState};
use axum::extract::FromRequestParts;
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// How the server decides who may write and how its pages may be framed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecuritySettings {
    /// Origins besides the server's own whose pages may post comments and likes
    /// (`https://news.example.com`), normalised by [`parse_origin`].
    pub allow_origins: Vec<String>,
}

/// A setting that cannot be used as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingError {
    /// Not `http(s)://host[:port]`.
    Origin(String),
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingError::Origin(raw) => write!(f, "origin {raw:?} is not of the form https://host[:port]"),
        }
    }
}

impl std::error::Error for SettingError {}

/// `https://Host:8443/` -> `https://host:8443`: what browsers send in `Origin`, so the
/// comparison is a plain string match. Paths, queries, user info and spaces are refused: an
/// origin has none, and a typo should fail at start-up, not silently match nothing.
pub fn parse_origin(raw: &str) -> Result<String, SettingError> {
    let bad = || SettingError::Origin(raw.to_string());
    let lower = raw.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, authority) = lower.split_once("://").ok_or_else(bad)?;
    let authority_ok = !authority.is_empty()
        && authority.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if !matches!(scheme, "http" | "https") || !authority_ok {
        return Err(bad());
    }
    Ok(lower)
}

/// The rules and what they have refused so far.
#[derive(Debug)]
pub struct Security {
    allow_origins: Vec<String>,
    cross_site_refused: AtomicU64,
}

impl Security {
    pub fn new(settings: SecuritySettings) -> Self {
        Security { allow_origins: settings.allow_origins, cross_site_refused: AtomicU64::new(0) }
    }

    /// Cross-site writes refused since start-up.
    pub fn cross_site_refused(&self) -> u64 {
        self.cross_site_refused.load(Ordering::Relaxed)
    }

    /// Whether a write with these headers may go on. The origin is checked first so that every
    /// cross-site attempt is counted, whatever its content type.
    pub fn check_write(&self, headers: &HeaderMap) -> Result<(), WriteRefusal> {
        if !self.same_or_allowed_origin(headers) {
            let refused = self.cross_site_refused.fetch_add(1, Ordering::Relaxed) + 1;
            // Powers of two: the first attempts are all seen, a flood does not flood the log.
            if refused.is_power_of_two() {
                let origin = headers.get(ORIGIN).and_then(|v| v.to_str().ok()).unwrap_or("-");
                eprintln!("news-server: refused a cross-site write from origin {origin:?} ({refused} so far)");
            }
            return Err(WriteRefusal::CrossSite);
        }
        if !is_json(headers) {
            return Err(WriteRefusal::NotJson);
        }
        Ok(())
    }

    fn same_or_allowed_origin(&self, headers: &HeaderMap) -> bool {
        let text = |name| headers.get(name).map(|v: &axum::http::HeaderValue| v.to_str().unwrap_or_default());
        match (text(ORIGIN), text(axum::http::HeaderName::from_static("sec-fetch-site"))) {
            // `null` (sandboxed frames, file: pages) and unreadable values match nothing.
            (Some(origin), _) => {
                let origin = origin.trim().to_ascii_lowercase();
                let host = text(HOST).map(|h| h.trim().to_ascii_lowercase());
                let same = origin
                    .split_once("://")
                    .is_some_and(|(_, authority)| host.as_deref() == Some(authority) && !authority.is_empty());
                same || self.allow_origins.iter().any(|allowed| *allowed == origin)
            }
            // Without `Origin` there is nothing to match the allowed list against.
            (None, Some(site)) => matches!(site, "same-origin" | "none"),
            (None, None) => true,
        }
    }
}

/// `application/json`, with or without parameters. A missing type is not JSON: that is what a
/// `Blob` or `text/plain` body from another site's page looks like, sent without a preflight.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// Why a write was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteRefusal {
    CrossSite,
    NotJson,
}

impl WriteRefusal {
    pub fn into_response(self) -> Response {
        match self {
            WriteRefusal::CrossSite => error(StatusCode::FORBIDDEN, "cross_site", "不接受来自其他网站的请求"),
            WriteRefusal::NotJson => {
                error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "请求格式应为 JSON")
            }
        }
    }
}

/// Put first in a write handler's arguments: the request is refused before its body is read.
pub struct WriteAllowed;

impl FromRequestParts<AppState> for WriteAllowed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        app.security.check_write(&parts.headers).map(|()| WriteAllowed).map_err(WriteRefusal::into_response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn origins_are_normalised_or_refused() {
        assert_eq!(parse_origin("https://News.Example.com/"), Ok("https://news.example.com".into()));
        assert_eq!(parse_origin("http://127.0.0.1:4173"), Ok("http://127.0.0.1:4173".into()));
        for bad in ["news.example.com", "ftp://x", "https://", "https://a/b", "https://u@a", "https://a b", "*"] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn writes_need_json_and_a_friendly_origin() {
        let security = Security::new(SecuritySettings { allow_origins: vec!["https://friend.example".into()] });
        let json = ("content-type", "application/json; charset=utf-8");
        let host = ("host", "news.example:8080");
        let ok = |pairs: &[(&'static str, &'static str)]| security.check_write(&headers(pairs));
        assert_eq!(ok(&[json]), Ok(()), "no Origin, no Sec-Fetch-Site: not a browser page");
        assert_eq!(ok(&[json, host, ("origin", "http://news.example:8080")]), Ok(()), "same origin");
        assert_eq!(ok(&[json, host, ("origin", "https://friend.example")]), Ok(()), "allowed");
        assert_eq!(ok(&[json, ("sec-fetch-site", "same-origin")]), Ok(()));
        assert_eq!(ok(&[("content-type", "text/plain")]), Err(WriteRefusal::NotJson));
        assert_eq!(ok(&[]), Err(WriteRefusal::NotJson), "no content type is not JSON");
        assert_eq!(security.cross_site_refused(), 0);
        for cross in [
            &[json, host, ("origin", "https://evil.example")][..],
            &[json, host, ("origin", "null")],
            &[json, host, ("origin", "http://news.example:8081")],
            &[json, ("sec-fetch-site", "cross-site")],
            &[json, ("sec-fetch-site", "same-site")],
            &[("content-type", "text/plain"), ("origin", "https://evil.example")],
        ] {
            assert_eq!(ok(cross), Err(WriteRefusal::CrossSite), "{cross:?}");
        }
        assert_eq!(security.cross_site_refused(), 6);
    }
}
