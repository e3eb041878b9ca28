//! The app's three routes, as a rule on the path below the app's base. The same rule has a
//! JavaScript copy in the boot script (src/boot/early.js), which asks for the article before the
//! app has started; tests/boot-rules.json holds the cases both copies are checked against.

/// What a path shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Article(String),
    NotFound,
}

impl Route {
    /// `/` is the home page, `/articles/{id}` (one percent-encoded segment, a trailing `/`
    /// allowed) an article. An id that does not decode as UTF-8, or decodes to a dot segment
    /// (`.`, `..`), is not found: a URL parser would fold it into its neighbours (`%2E%2E` is
    /// `..` to every browser), so no request can name it.
    pub fn of(path: &str) -> Route {
        let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
        if path == "/" || path.is_empty() {
            return Route::Home;
        }
        let segment = path.strip_prefix("/articles/").filter(|id| !id.is_empty() && !id.contains('/'));
        match segment.and_then(percent_decode) {
            Some(id) if id != "." && id != ".." => Route::Article(id),
            _ => Route::NotFound,
        }
    }
}

/// Decodes `%XX` escapes as `decodeURIComponent` does: `None` for a broken escape or bytes that
/// are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let high = hex_digit(*bytes.get(i + 1)?)?;
            let low = hex_digit(*bytes.get(i + 2)?)?;
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// The part of an address's path below the base (`/news/articles/7` under `/news` is
/// `/articles/7`), `/` at least. `base` has no trailing slash (`""` at the site root).
pub fn path_below(base: &str, path: &str) -> String {
    let below = path.strip_prefix(base).unwrap_or(path);
    if below.is_empty() {
        "/".to_string()
    } else {
        below.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_of_paths() {
        assert_eq!(Route::of("/"), Route::Home);
        assert_eq!(Route::of(""), Route::Home);
        assert_eq!(Route::of("/articles/1001"), Route::Article("1001".into()));
        assert_eq!(Route::of("/articles/1001/"), Route::Article("1001".into()));
        assert_eq!(Route::of("/articles/%E6%96%B0%E9%97%BB"), Route::Article("新闻".into()));
        assert_eq!(Route::of("/articles/"), Route::NotFound);
        assert_eq!(Route::of("/articles/1/comments"), Route::NotFound);
        assert_eq!(Route::of("/articles/%E0%A4%A"), Route::NotFound, "broken percent-encoding");
        assert_eq!(Route::of("/nope"), Route::NotFound);
    }

    #[test]
    fn decoding_follows_decode_uri_component() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("%E4%B8%AD").as_deref(), Some("中"));
        assert_eq!(percent_decode("%E4%B8"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%+1"), None);
        assert_eq!(percent_decode("+"), Some("+".into()));
    }
}
