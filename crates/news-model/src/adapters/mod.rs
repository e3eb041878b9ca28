//! Mapping other backends' JSON onto the contract's types, purely (the app does the fetching):
//! [JSON Feed](jsonfeed) 1.0/1.1 and the [WordPress REST API](wordpress). Titles and excerpts
//! become plain text here; article bodies stay HTML for the app's sanitizer.

pub mod html;
pub mod jsonfeed;
pub mod wordpress;

use crate::datetime::Timestamp;

/// Makes a backend's date RFC 3339 where it can: kept (trimmed) when it already is; a date-time
/// without offset (`2026-11-20T10:00:00`, fractions too) is read as UTC; a bare date
/// (`2026-11-20`) as its midnight UTC; anything else is returned trimmed, for the app to show raw.
pub fn normalize_date(s: &str) -> String {
    let s = s.trim();
    if Timestamp::parse(s).is_some() {
        return s.to_string();
    }
    let candidate = if s.len() == 10 { format!("{s}T00:00:00Z") } else { format!("{s}Z") };
    match Timestamp::parse(&candidate) {
        Some(_) => candidate,
        None => s.to_string(),
    }
}

/// The host of an absolute URL (`https://news.example:8080/a` -> `news.example:8080`).
pub(crate) fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("//")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    (!host.is_empty()).then_some(host)
}

/// Whitespace runs (line breaks included) as single spaces, trimmed: a title or list excerpt.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, with `…` added when something was cut.
pub(crate) fn clip(s: &str, max: usize) -> String {
    crate::clip(s, max, "…")
}

/// `Some` unless blank.
pub(crate) fn non_blank(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(host("https://u:p@news.example:8080/a?b"), Some("news.example:8080"));
        assert_eq!(host("https://news.example"), Some("news.example"));
        assert_eq!(host("/relative"), None);
        assert_eq!(clip("一二三四", 3), "一二三…");
        assert_eq!(clip("一二三", 3), "一二三");
        assert_eq!(one_line(" a \n\n b\tc "), "a b c");
    }
}
