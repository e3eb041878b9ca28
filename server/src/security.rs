//! Who may write, and who is asking: the origin and content-type rules for POST and DELETE,
//! the allowed origins they are checked against, and the client address behind trusted proxies.
//!
//! A browser attaches a reader's network position (and, one day, cookies) to any request a page
//! makes, so a write must prove it comes from the app: a JSON content type (which another site
//! cannot send without a CORS preflight this server never grants) and an `Origin` or
//! `Sec-Fetch-Site` that says the page is ours or one we allow. Requests with neither header
//! do not come from a browser page (curl, scripts) and gain nothing from a reader's browser.

use crate::{error, AppState};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use ipnet::IpNet;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};

/// How the server decides who may write and how its pages may be framed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecuritySettings {
    /// Origins besides the server's own whose pages may post comments and likes
    /// (`https://news.example.com`), normalised by [`parse_origin`].
    pub allow_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`10.0.0.0/8`, `127.0.0.1`).
    pub trusted_proxies: Vec<IpNet>,
    /// Who may frame the app's pages (`frame-ancestors`): `'self'`, `'none'` or origins, from
    /// [`parse_frame_ancestor`]. Empty means `'self'`. embed.html may also be framed by the
    /// allowed origins.
    pub frame_ancestors: Vec<String>,
    /// Other origins the app's pages fetch from (`connect-src`): the backends named by the
    /// config.json the server serves beside the app (see [`backend_origins`]).
    pub connect_sources: Vec<String>,
    /// Host names whose players article pages may frame (`frame-src`): the `embed_hosts` of
    /// that config.json. A player loads only when a reader asks for it (docs/api.md, body_html).
    pub frame_hosts: Vec<String>,
}

/// A setting that cannot be used as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingError {
    /// Not `http(s)://host[:port]`.
    Origin(String),
    /// Not an address or a CIDR range.
    Proxy(String),
    /// Not `'self'`, `'none'` or an origin.
    FrameAncestor(String),
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingError::Origin(raw) => write!(f, "origin {raw:?} is not of the form https://host[:port]"),
            SettingError::FrameAncestor(raw) => {
                write!(f, "frame ancestor {raw:?} is not 'self', 'none' or https://host[:port]")
            }
            SettingError::Proxy(raw) => write!(f, "proxy {raw:?} is not an address or a CIDR range like 10.0.0.0/8"),
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

/// `'self'` or `'none'` (quotes optional), or an origin as for `--allow-origin`.
pub fn parse_frame_ancestor(raw: &str) -> Result<String, SettingError> {
    match raw.trim().trim_matches('\'') {
        "self" => Ok("'self'".into()),
        "none" => Ok("'none'".into()),
        other => parse_origin(other).map_err(|_| SettingError::FrameAncestor(raw.to_string())),
    }
}

/// `10.0.0.0/8`, `fd00::/8`, or a single address (`127.0.0.1` = `127.0.0.1/32`).
pub fn parse_proxy(raw: &str) -> Result<IpNet, SettingError> {
    let raw = raw.trim();
    raw.parse::<IpNet>()
        .or_else(|_| raw.parse::<IpAddr>().map(IpNet::from))
        .map(|net| net.trunc())
        .map_err(|_| SettingError::Proxy(raw.to_string()))
}

/// The rules and what they have refused so far.
#[derive(Debug)]
pub struct Security {
    allow_origins: Vec<String>,
    trusted_proxies: Vec<IpNet>,
    frame_ancestors: String,
    embed_frame_ancestors: String,
    connect_src: String,
    frame_src: String,
    cross_site_refused: AtomicU64,
}

impl Security {
    pub fn new(settings: SecuritySettings) -> Self {
        let frame_ancestors =
            if settings.frame_ancestors.is_empty() { "'self'".to_string() } else { settings.frame_ancestors.join(" ") };
        // The embed page exists to be framed by the sites that embed it.
        let embed_frame_ancestors = std::iter::once("'self'")
            .chain(settings.allow_origins.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        let connect_src = std::iter::once("'self'")
            .chain(settings.connect_sources.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        // Any port, and the page's own scheme (or https on an http page), as a host-source reads.
        let frame_src = std::iter::once("'self'".to_string())
            .chain(settings.frame_hosts.iter().map(|host| format!("{host}:*")))
            .collect::<Vec<_>>()
            .join(" ");
        Security {
            frame_ancestors,
            embed_frame_ancestors,
            connect_src,
            frame_src,
            allow_origins: settings.allow_origins,
            trusted_proxies: settings.trusted_proxies,
            cross_site_refused: AtomicU64::new(0),
        }
    }

    /// `connect-src` of the app's pages: the server itself and the backends config.json names.
    pub fn connect_src(&self) -> &str {
        &self.connect_src
    }

    /// `frame-src` of the app's pages: the server itself and the players' hosts config.json lists.
    pub fn frame_src(&self) -> &str {
        &self.frame_src
    }

    /// `frame-ancestors` of the app's pages.
    pub fn frame_ancestors(&self) -> &str {
        &self.frame_ancestors
    }

    /// `frame-ancestors` of embed.html: the server's own pages and the allowed origins.
    pub fn embed_frame_ancestors(&self) -> &str {
        &self.embed_frame_ancestors
    }

    fn trusted(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&ip))
    }

    /// The address of the client behind the proxies: the connection's peer, unless that is a
    /// trusted proxy; then the rightmost `X-Forwarded-For` entry that is not one, since every
    /// entry left of the first untrusted one could have been written by the client itself. When
    /// an entry cannot be read, the last trusted hop is the best that is known.
    pub fn client_addr(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let mut client = peer?.to_canonical();
        if !self.trusted(client) {
            return Some(client);
        }
        let hops: Vec<Option<IpAddr>> = headers
            .get_all(X_FORWARDED_FOR)
            .iter()
            .flat_map(|value| match value.to_str() {
                Ok(text) => text.split(',').map(parse_hop).collect::<Vec<_>>(),
                Err(_) => vec![None],
            })
            .collect();
        for hop in hops.into_iter().rev() {
            let Some(hop) = hop else { break };
            client = hop;
            if !self.trusted(hop) {
                break;
            }
        }
        Some(client)
    }

    /// Cross-site writes refused since start-up.
    pub fn cross_site_refused(&self) -> u64 {
        self.cross_site_refused.load(Ordering::Relaxed)
    }

    /// Whether a write with these headers may go on. The origin is checked first so that every
    /// cross-site attempt is counted, whatever its content type.
    pub fn check_write(&self, headers: &HeaderMap) -> Result<(), WriteRefusal> {
        self.check_origin(headers)?;
        if !is_json(headers) {
            return Err(WriteRefusal::NotJson);
        }
        Ok(())
    }

    /// The origin half of [`Security::check_write`], for the console's form posts, which are not
    /// JSON (a form cannot send it) and carry a CSRF token instead.
    pub fn check_origin(&self, headers: &HeaderMap) -> Result<(), WriteRefusal> {
        if !self.same_or_allowed_origin(headers) {
            let refused = self.cross_site_refused.fetch_add(1, Ordering::Relaxed) + 1;
            // Powers of two: the first attempts are all seen, a flood does not flood the log.
            if refused.is_power_of_two() {
                let origin = headers.get(ORIGIN).and_then(|v| v.to_str().ok()).unwrap_or("-");
                eprintln!("news-server: refused a cross-site write from origin {origin:?} ({refused} so far)");
            }
            return Err(WriteRefusal::CrossSite);
        }
        Ok(())
    }

    /// Whether the request reached the server over https. The server itself speaks plain HTTP,
    /// so only a trusted proxy's `X-Forwarded-Proto` can say so: a client could send the header
    /// itself, and believing it would only ever make cookies stricter, but a proxy that is not
    /// configured as trusted is not listened to for anything.
    pub fn is_https(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> bool {
        let Some(peer) = peer.map(|ip| ip.to_canonical()) else { return false };
        if !self.trusted(peer) {
            return false;
        }
        // The last value is the one the proxy next to us wrote.
        headers
            .get_all(X_FORWARDED_PROTO)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
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
                same || self.allow_origins.contains(&origin)
            }
            // Without `Origin` there is nothing to match the allowed list against.
            (None, Some(site)) => matches!(site, "same-origin" | "none"),
            (None, None) => true,
        }
    }
}

const X_FORWARDED_FOR: &str = "x-forwarded-for";
const X_FORWARDED_PROTO: &str = "x-forwarded-proto";

/// One `X-Forwarded-For` entry: `203.0.113.7`, `2001:db8::1`, or with a port as some proxies
/// write it (`203.0.113.7:4711`, `[2001:db8::1]:4711`).
fn parse_hop(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim();
    raw.parse::<IpAddr>()
        .or_else(|_| raw.parse::<SocketAddr>().map(|s| s.ip()))
        .or_else(|_| raw.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>())
        .ok()
        .map(|ip| ip.to_canonical())
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

/// The client's address as [`Security::client_addr`] finds it; `None` when the server was not
/// started with connect info (tests that call the router directly).
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(app.security.client_addr(peer(parts), &parts.headers)))
    }
}

/// The connection's peer address, when the server was started with connect info.
pub(crate) fn peer(parts: &Parts) -> Option<IpAddr> {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
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
        let security = Security::new(SecuritySettings {
            allow_origins: vec!["https://friend.example".into()],
            ..Default::default()
        });
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

    #[test]
    fn https_is_believed_from_a_trusted_proxy_only() {
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        let proxies = vec![parse_proxy("10.0.0.0/8").expect("net")];
        let s = Security::new(SecuritySettings { trusted_proxies: proxies, ..Default::default() });
        let https = headers(&[("x-forwarded-proto", "https")]);
        assert!(s.is_https(ip("10.0.0.2"), &https));
        assert!(s.is_https(ip("10.0.0.2"), &headers(&[("x-forwarded-proto", "http, HTTPS")])), "the last hop's");
        assert!(!s.is_https(ip("10.0.0.2"), &headers(&[("x-forwarded-proto", "https, http")])));
        assert!(!s.is_https(ip("203.0.113.9"), &https), "not a trusted proxy");
        assert!(!s.is_https(ip("10.0.0.2"), &HeaderMap::new()));
        assert!(!s.is_https(None, &https));
    }

    #[test]
    fn frame_ancestors_parse() {
        assert_eq!(parse_frame_ancestor("'self'"), Ok("'self'".into()));
        assert_eq!(parse_frame_ancestor("none"), Ok("'none'".into()));
        assert_eq!(parse_frame_ancestor("https://Host.example/"), Ok("https://host.example".into()));
        for bad in ["*", "'unsafe-inline'", "https://a; script-src *", ""] {
            assert!(parse_frame_ancestor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn proxies_parse() {
        assert_eq!(parse_proxy("10.1.2.3/8").map(|n| n.to_string()), Ok("10.0.0.0/8".into()));
        assert_eq!(parse_proxy(" 127.0.0.1 ").map(|n| n.to_string()), Ok("127.0.0.1/32".into()));
        assert_eq!(parse_proxy("fd00::/8").map(|n| n.to_string()), Ok("fd00::/8".into()));
        for bad in ["", "10.0.0.0/33", "localhost", "10.0.0"] {
            assert!(parse_proxy(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_hop() {
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        let none = Security::new(SecuritySettings::default());
        let xff = |value: &'static str| headers(&[("x-forwarded-for", value)]);
        assert_eq!(none.client_addr(ip("10.0.0.2"), &xff("203.0.113.9")), ip("10.0.0.2"), "no proxy trusted");

        let proxies = vec![parse_proxy("10.0.0.0/8").expect("net"), parse_proxy("::1").expect("net")];
        let s = Security::new(SecuritySettings { trusted_proxies: proxies, ..Default::default() });
        assert_eq!(s.client_addr(ip("10.0.0.2"), &xff("203.0.113.9")), ip("203.0.113.9"));
        assert_eq!(
            s.client_addr(ip("10.0.0.2"), &xff("1.2.3.4, 203.0.113.9, 10.9.9.9")),
            ip("203.0.113.9"),
            "spoofed left part ignored"
        );
        assert_eq!(
            s.client_addr(ip("198.51.100.1"), &xff("203.0.113.9")),
            ip("198.51.100.1"),
            "untrusted peer: header ignored"
        );
        assert_eq!(s.client_addr(ip("10.0.0.2"), &HeaderMap::new()), ip("10.0.0.2"), "no header: the proxy itself");
        assert_eq!(
            s.client_addr(ip("10.0.0.2"), &xff("10.1.1.1, 10.2.2.2")),
            ip("10.1.1.1"),
            "all trusted: the leftmost"
        );
        assert_eq!(s.client_addr(ip("10.0.0.2"), &xff("203.0.113.9, junk, 10.3.3.3")), ip("10.3.3.3"), "stops at junk");
        assert_eq!(s.client_addr(ip("::1"), &xff("[2001:db8::7]:443")), ip("2001:db8::7"));
        assert_eq!(s.client_addr(ip("::ffff:10.0.0.2"), &xff("203.0.113.9:8080")), ip("203.0.113.9"), "mapped peer");
        let two = headers(&[("x-forwarded-for", "203.0.113.9"), ("x-forwarded-for", "198.51.100.4")]);
        assert_eq!(s.client_addr(ip("10.0.0.2"), &two), ip("198.51.100.4"), "headers read as one list");
        assert_eq!(s.client_addr(None, &xff("203.0.113.9")), None);
    }
}

/// The origins of the backends a config.json names (`api_base`, `comments.api_base`, `feed_url`,
/// absolute endpoint templates), as CSP sources: the app's pages must be allowed to fetch from
/// them, and from nothing else. Relative addresses are the server's own (`'self'`).
pub fn backend_origins(config_json: &str) -> Vec<String> {
    let (config, _) = news_model::Config::from_json(config_json);
    let named = [Some(config.api_base.as_str()), config.comments.api_base.as_deref(), config.feed_url.as_deref()];
    let templates = config.endpoints.iter().map(|(_, template)| Some(template.as_str()));
    let mut origins: Vec<String> = named.into_iter().chain(templates).flatten().filter_map(origin_source).collect();
    origins.sort();
    origins.dedup();
    origins
}

/// `https://api.example/x` -> `https://api.example`; `//api.example/x` -> `api.example` (a host
/// source: the page's own scheme). `None` for relative addresses and anything that would not be
/// a clean source (a template variable or a space in the host).
fn origin_source(url: &str) -> Option<String> {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => {
            (Some(scheme.to_ascii_lowercase()), rest)
        }
        Some(_) => return None,
        None => (None, url.strip_prefix("//")?),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let clean =
        !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !clean {
        return None;
    }
    Some(match scheme {
        Some(scheme) => format!("{scheme}://{}", host.to_ascii_lowercase()),
        None => host.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod backend_origin_tests {
    use super::backend_origins;

    #[test]
    fn listed_players_become_frame_sources() {
        use super::{Security, SecuritySettings};
        let none = Security::new(SecuritySettings::default());
        assert_eq!(none.frame_src(), "'self'");
        let hosts = vec!["player.example".to_string(), "v.example.cn".to_string()];
        let listed = Security::new(SecuritySettings { frame_hosts: hosts, ..Default::default() });
        assert_eq!(listed.frame_src(), "'self' player.example:* v.example.cn:*");
    }

    #[test]
    fn the_backends_config_json_names_become_connect_sources() {
        let config = r#"{"api_base":"https://API.example/v1/","comments":{"api_base":"//comments.example:8443/api"},
            "feed_url":"/feed.json","endpoints":{"article":"https://cdn.example/{id}.json","site":"/site.json",
            "related":"https://{id}.evil/x","like":"javascript://x"}}"#;
        assert_eq!(backend_origins(config), ["comments.example:8443", "https://api.example", "https://cdn.example"]);
        assert!(backend_origins(r#"{"api_base":"/api"}"#).is_empty());
        assert!(backend_origins("not json").is_empty());
    }
}
