//! The allow-list behind the article-body sanitizer. The app walks the browser's inert parse of
//! `body_html` and asks these functions what may cross into the live page; anything not named
//! here is refused. Kept pure so the policy is tested on the host; the DOM walk is tested in a
//! real browser.

/// What to do with an element found in untrusted HTML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagRule {
    /// Rebuild it, under this (possibly different) tag name.
    Keep(&'static str),
    /// Drop the element but keep its children (presentational wrappers like `<font>`).
    Unwrap,
    /// Drop the element and everything inside it.
    Drop,
    /// An `<iframe>`: a player from a host in config.json's `embed_hosts` ([`embed_player`])
    /// becomes a placeholder that loads it, sandboxed, on a click; any other is dropped.
    Embed,
}

/// Ordinary article markup. `h1` becomes `h2`: the page already has its one `h1`, the title.
pub fn tag_rule(tag: &str) -> TagRule {
    use TagRule::*;
    match tag {
        "h1" => Keep("h2"),
        "p" => Keep("p"),
        "br" => Keep("br"),
        "hr" => Keep("hr"),
        "h2" => Keep("h2"),
        "h3" => Keep("h3"),
        "h4" => Keep("h4"),
        "h5" => Keep("h5"),
        "h6" => Keep("h6"),
        "strong" => Keep("strong"),
        "b" => Keep("b"),
        "em" => Keep("em"),
        "i" => Keep("i"),
        "u" => Keep("u"),
        "s" => Keep("s"),
        "del" => Keep("del"),
        "ins" => Keep("ins"),
        "sub" => Keep("sub"),
        "sup" => Keep("sup"),
        "small" => Keep("small"),
        "mark" => Keep("mark"),
        "abbr" => Keep("abbr"),
        "cite" => Keep("cite"),
        "q" => Keep("q"),
        "code" => Keep("code"),
        "pre" => Keep("pre"),
        "time" => Keep("time"),
        "span" => Keep("span"),
        "div" => Keep("div"),
        "blockquote" => Keep("blockquote"),
        "ul" => Keep("ul"),
        "ol" => Keep("ol"),
        "li" => Keep("li"),
        "dl" => Keep("dl"),
        "dt" => Keep("dt"),
        "dd" => Keep("dd"),
        "a" => Keep("a"),
        "img" => Keep("img"),
        "figure" => Keep("figure"),
        "figcaption" => Keep("figcaption"),
        "table" => Keep("table"),
        "caption" => Keep("caption"),
        "thead" => Keep("thead"),
        "tbody" => Keep("tbody"),
        "tfoot" => Keep("tfoot"),
        "tr" => Keep("tr"),
        "th" => Keep("th"),
        "td" => Keep("td"),
        "colgroup" => Keep("colgroup"),
        "col" => Keep("col"),
        // 视频新闻: players with controls and checked sources (see `attr_value`), never autoplaying.
        "video" => Keep("video"),
        "audio" => Keep("audio"),
        "source" => Keep("source"),
        "track" => Keep("track"),
        "picture" => Keep("picture"),
        "iframe" => Embed,
        // Content that is code, chrome, or parsed differently by different parsers: gone whole.
        "script" | "style" | "template" | "noscript" | "noembed" | "noframes" | "frame" | "frameset" | "object"
        | "embed" | "applet" | "param" | "form" | "input" | "button" | "select" | "option" | "optgroup"
        | "textarea" | "datalist" | "output" | "base" | "meta" | "link" | "title" | "head" | "svg" | "math" | "xmp"
        | "plaintext" | "listing" | "dialog" | "portal" | "canvas" | "map" | "area" | "slot" | "marquee" => Drop,
        // Anything else (font, center, section, article, custom elements…) only wraps text.
        _ => Unwrap,
    }
}

/// Prefix for ids from article HTML, so `id="location"` or `name="cookie"` style DOM clobbering
/// cannot shadow the app's own globals or elements.
pub const ID_PREFIX: &str = "article-";

/// The value an attribute may carry into the page, or `None` to drop it. Attribute names arrive
/// lower-cased by the HTML parser; values arrive with character references already decoded.
pub fn attr_value(tag: &str, attr: &str, value: &str) -> Option<String> {
    match (tag, attr) {
        (_, "title" | "lang") => Some(value.to_string()),
        (_, "dir") => matches!(value.to_ascii_lowercase().as_str(), "ltr" | "rtl" | "auto").then(|| value.to_string()),
        (_, "id") => safe_token(value).map(|id| format!("{ID_PREFIX}{id}")),
        ("a", "href") => safe_url(value, true).map(prefix_fragment),
        ("blockquote" | "q" | "del" | "ins", "cite") => safe_url(value, false),
        ("img", "src") => safe_url(value, false),
        ("img", "srcset") => safe_srcset(value),
        // Media conditions and lengths only: nothing in `sizes` is fetched or run.
        ("img", "sizes") => Some(value.to_string()),
        ("img", "alt") => Some(value.to_string()),
        ("img" | "video" | "source", "width" | "height") => dimension(value),
        // Media: the same scheme checks as images. `controls` and `preload` are the sanitizer's
        // own (`MEDIA_ADDED`); `autoplay` is never kept, so nothing plays, with sound or not,
        // before the reader asks.
        ("video" | "audio" | "source" | "track", "src") | ("video", "poster") => safe_url(value, false),
        ("video" | "audio", "loop" | "muted") | ("video", "playsinline") | ("track", "default") => Some(String::new()),
        ("source", "srcset") => safe_srcset(value),
        // A MIME type, media conditions, a language, a label: text nothing loads or runs.
        ("source", "type" | "media" | "sizes") | ("track", "srclang" | "label") => Some(value.to_string()),
        ("track", "kind") => matches!(value, "subtitles" | "captions" | "descriptions" | "chapters" | "metadata")
            .then(|| value.to_string()),
        ("td" | "th", "colspan" | "rowspan") => dimension(value),
        ("th", "scope") => matches!(value, "row" | "col" | "rowgroup" | "colgroup").then(|| value.to_string()),
        ("ol", "start") => value.trim().parse::<i32>().ok().map(|n| n.to_string()),
        ("ol", "reversed") => Some(String::new()),
        ("time", "datetime") => Some(value.to_string()),
        _ => None,
    }
}

/// The attributes a kept `<video>` or `<audio>` always gets, after its own: the browser's
/// controls (a reader starts, stops and mutes it) and no download of the file before then.
pub const MEDIA_ADDED: [(&str, &str); 2] = [("controls", ""), ("preload", "metadata")];

/// A player a body may show: an `<iframe>` whose `src` is on a listed host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedPlayer {
    /// What the iframe loads once the reader asks: rebuilt from the parts judged here.
    pub src: String,
    /// Named on the placeholder, so the reader knows which site a click lets in.
    pub host: String,
}

/// The player an `<iframe src>` names, when its host is one of `hosts` (exact names, in any
/// case; config.json's `embed_hosts`). Only `http:`, `https:` and protocol-relative (`//host/…`)
/// URLs, read the way the browser's URL parser reads them (spaces and control characters around
/// them and tabs and newlines inside dropped, `\` taken for `/`); a host with user info
/// (`evil@`), percent-escapes or anything but letters, digits, `.` and `-` is refused rather than
/// guessed at. `src` is rebuilt from the parts so checked: what loads is what was judged.
pub fn embed_player(src: &str, hosts: &[String]) -> Option<EmbedPlayer> {
    let read: String = src
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let lower = read.to_ascii_lowercase();
    let scheme =
        ["https:", "http:", ""].into_iter().find(|s| lower.strip_prefix(s).is_some_and(|r| r.starts_with("//")))?;
    let rest = &read[scheme.len() + 2..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
    let host = host.to_ascii_lowercase();
    let host_ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    let port_ok = port.bytes().all(|b| b.is_ascii_digit()) && (port.is_empty() != authority.contains(':'));
    let listed = hosts.iter().any(|h| h.eq_ignore_ascii_case(&host));
    (host_ok && port_ok && listed)
        .then(|| EmbedPlayer { src: format!("{scheme}//{}{path}", authority.to_ascii_lowercase()), host })
}

/// A URL that may be followed or loaded: `http:`, `https:`, relative, and (for links only)
/// `mailto:`. Schemes are judged the way browsers read them: ASCII whitespace and control
/// characters are stripped first, so `java\tscript:` or `\x01javascript:` are caught.
pub fn safe_url(value: &str, allow_mailto: bool) -> Option<String> {
    let url = value.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    let squeezed: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
    let scheme_end = squeezed.find([':', '/', '?', '#']);
    let scheme = match scheme_end {
        Some(i) if squeezed[i..].starts_with(':') => squeezed[..i].to_ascii_lowercase(),
        _ => return Some(url.to_string()), // relative: no scheme at all
    };
    let allowed = scheme == "http" || scheme == "https" || (allow_mailto && scheme == "mailto");
    allowed.then(|| url.to_string())
}

/// A `srcset` whose every candidate is a safe URL with a `123w` or `1.5x` descriptor (or none),
/// rebuilt from those parts; `None` when no candidate survives. A URL holding a comma is cut
/// there by the split, which leaves only harmless relative fragments.
pub fn safe_srcset(value: &str) -> Option<String> {
    let candidates: Vec<String> = value
        .split(',')
        .filter_map(|candidate| {
            let mut parts = candidate.split_ascii_whitespace();
            // A URL that is nothing once control characters are stripped is no candidate.
            let url = safe_url(parts.next()?, false).filter(|url| !url.is_empty())?;
            match (parts.next(), parts.next()) {
                (None, _) => Some(url),
                (Some(descriptor), None) if is_descriptor(descriptor) => Some(format!("{url} {descriptor}")),
                _ => None,
            }
        })
        .collect();
    (!candidates.is_empty()).then(|| candidates.join(", "))
}

/// The `srcset` of an image's `sources` (`a-300.jpg 300w, a-800.jpg 800w`): only safe URLs,
/// and none with whitespace or a comma, which would read as the next candidate.
pub fn image_srcset(sources: &[crate::ImageSource]) -> Option<String> {
    let candidates: Vec<String> = sources
        .iter()
        .filter(|s| s.width > 0 && !s.url.contains(|c: char| c == ',' || c.is_whitespace()))
        .filter_map(|s| safe_url(&s.url, false).map(|url| format!("{url} {}w", s.width)))
        .collect();
    (!candidates.is_empty()).then(|| candidates.join(", "))
}

/// `640w`, `2x`, `1.5x`.
fn is_descriptor(d: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(width) = d.strip_suffix('w') {
        return digits(width);
    }
    let Some(density) = d.strip_suffix('x') else { return false };
    match density.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(density),
    }
}

/// True for links that leave `own_origin` (`https://news.example`); these get
/// `rel="noopener noreferrer"`. Read as the browser's URL parser reads a link on an http(s)
/// page: spaces and control characters around it dropped, tabs and newlines inside it dropped
/// (`ht\ttps:`), and `\` taken for `/`, so `/\evil.example` and `\\evil.example` are the
/// protocol-relative `//evil.example`. When unsure (`https:evil.example`), it is external: the
/// `rel` costs an internal link nothing.
pub fn is_external(url: &str, own_origin: &str) -> bool {
    let read: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c.to_ascii_lowercase() })
        .collect();
    let after_scheme = read.strip_prefix("https:").or_else(|| read.strip_prefix("http:"));
    if after_scheme.is_none() && !read.starts_with("//") {
        return false; // a path, a fragment, or another scheme (mailto:)
    }
    let own = own_origin.trim_end_matches('/').to_ascii_lowercase();
    let same = read.strip_prefix(own.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
    !same
}

fn prefix_fragment(url: String) -> String {
    match url.strip_prefix('#') {
        Some(fragment) => match safe_token(fragment) {
            Some(id) => format!("#{ID_PREFIX}{id}"),
            None => "#".into(),
        },
        None => url,
    }
}

fn safe_token(value: &str) -> Option<&str> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(value)
}

fn dimension(value: &str) -> Option<String> {
    value.trim().parse::<u32>().ok().filter(|n| (1..=10_000).contains(n)).map(|n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_chrome_are_dropped_whole() {
        for tag in [
            "script", "style", "svg", "math", "form", "noscript", "textarea", "template", "base", "meta", "object",
            "embed", "frame", "canvas",
        ] {
            assert_eq!(tag_rule(tag), TagRule::Drop, "{tag}");
        }
        assert_eq!(tag_rule("iframe"), TagRule::Embed, "a player from a listed host, or nothing");
        assert_eq!(tag_rule("font"), TagRule::Unwrap);
        assert_eq!(tag_rule("my-widget"), TagRule::Unwrap);
        assert_eq!(tag_rule("h1"), TagRule::Keep("h2"), "one h1 per page: the title");
        assert_eq!(tag_rule("table"), TagRule::Keep("table"));
    }

    #[test]
    fn dangerous_urls_are_refused_however_written() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "javascript\u{0}:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:image/svg+xml;base64,PHN2Zz4=",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "blob:https://x/y",
        ] {
            assert_eq!(safe_url(bad, true), None, "{bad:?}");
        }
        assert_eq!(safe_url("mailto:desk@example.org", false), None, "mailto only for links");
    }

    #[test]
    fn ordinary_urls_pass() {
        for good in [
            "https://example.org/a?b#c",
            "HTTP://x",
            "/articles/2",
            "img/a.png",
            "?page=2",
            "#top",
            "//cdn.example/x.png",
        ] {
            assert_eq!(safe_url(good, false).as_deref(), Some(good));
        }
        assert_eq!(safe_url("mailto:desk@example.org", true).as_deref(), Some("mailto:desk@example.org"));
        assert_eq!(safe_url("  /x  ", false).as_deref(), Some("/x"));
        assert_eq!(safe_url("foo/bar:baz", false).as_deref(), Some("foo/bar:baz"), "colon after a slash is a path");
    }

    #[test]
    fn attributes_are_allow_listed() {
        assert_eq!(attr_value("a", "href", "javascript:alert(1)"), None);
        assert_eq!(attr_value("a", "onclick", "alert(1)"), None);
        assert_eq!(attr_value("img", "onerror", "alert(1)"), None);
        assert_eq!(attr_value("p", "style", "background:url(javascript:alert(1))"), None);
        assert_eq!(attr_value("p", "class", "x"), None);
        assert_eq!(attr_value("img", "srcset", "javascript:alert(1) 1x"), None);
        assert_eq!(attr_value("a", "target", "_top"), None);
        assert_eq!(attr_value("form", "action", "/"), None);
        assert_eq!(attr_value("img", "src", "data:image/png;base64,AAAA"), None);
        assert_eq!(attr_value("img", "width", "640").as_deref(), Some("640"));
        assert_eq!(attr_value("img", "width", "100%"), None);
        assert_eq!(attr_value("td", "colspan", "2").as_deref(), Some("2"));
        assert_eq!(attr_value("p", "dir", "rtl").as_deref(), Some("rtl"));
    }

    #[test]
    fn media_keep_their_checked_sources_and_never_autoplay() {
        for tag in ["video", "audio", "source", "track", "picture"] {
            assert_eq!(tag_rule(tag), TagRule::Keep(tag));
        }
        for (tag, attr) in
            [("video", "src"), ("video", "poster"), ("audio", "src"), ("source", "src"), ("track", "src")]
        {
            assert_eq!(attr_value(tag, attr, "/media/tide.webm").as_deref(), Some("/media/tide.webm"), "{tag}[{attr}]");
            for bad in ["javascript:alert(1)", " java\tscript:alert(1)", "data:video/webm;base64,AAAA", "blob:x"] {
                assert_eq!(attr_value(tag, attr, bad), None, "{tag}[{attr}={bad:?}]");
            }
        }
        assert_eq!(attr_value("source", "srcset", "javascript:alert(1) 1x, /a.avif 2x").as_deref(), Some("/a.avif 2x"));
        assert_eq!(attr_value("source", "srcset", "javascript:alert(1)"), None);
        for (tag, attr) in
            [("video", "autoplay"), ("audio", "autoplay"), ("video", "onplay"), ("video", "controlslist")]
        {
            assert_eq!(attr_value(tag, attr, ""), None, "{tag}[{attr}]");
        }
        // `controls` and `preload` are the sanitizer's own, whatever the body says.
        assert_eq!(attr_value("video", "controls", ""), None);
        assert_eq!(attr_value("video", "preload", "auto"), None);
        assert_eq!(attr_value("video", "muted", "x").as_deref(), Some(""));
        assert_eq!(attr_value("video", "width", "640").as_deref(), Some("640"));
        assert_eq!(attr_value("track", "kind", "captions").as_deref(), Some("captions"));
        assert_eq!(attr_value("track", "kind", "x"), None);
        assert_eq!(attr_value("source", "type", "video/webm").as_deref(), Some("video/webm"));
        assert_eq!(attr_value("picture", "src", "/a.jpg"), None);
    }

    #[test]
    fn only_players_from_listed_hosts_are_embedded() {
        let hosts = vec!["player.example".to_string(), "v.example.cn".to_string()];
        let player = |src: &str| embed_player(src, &hosts);
        let listed = |src: &str, rebuilt: &str, host: &str| {
            assert_eq!(player(src), Some(EmbedPlayer { src: rebuilt.into(), host: host.into() }), "{src:?}");
        };
        listed("https://player.example/v/1?t=3#x", "https://player.example/v/1?t=3#x", "player.example");
        listed("//player.example/v/1", "//player.example/v/1", "player.example");
        listed(" HTTP://Player.Example:8080/v/1 ", "http://player.example:8080/v/1", "player.example");
        listed("https://v.example.cn", "https://v.example.cn", "v.example.cn");
        listed("https://v.example.cn\\v?id=1", "https://v.example.cn/v?id=1", "v.example.cn");
        listed("ht\ttps://player.example/v", "https://player.example/v", "player.example");
        for refused in [
            "https://evil.example/v/1",
            "https://player.example.evil.example/",
            "https://evil.example/player.example",
            "https://player.example@evil.example/",
            "https://evil.example\\@player.example/",
            "https://evil.example%2F@player.example/",
            "https://player%2Eexample/",
            "https://player.example:/",
            "https://player.example:80x/",
            "https:player.example/v",
            "/v/1",
            "player.example/v/1",
            "javascript://player.example/%0aalert(1)",
            "data://player.example/",
            "",
        ] {
            assert_eq!(player(refused), None, "{refused:?}");
        }
        assert_eq!(embed_player("https://player.example/v", &[]), None, "none listed, none embedded");
    }

    #[test]
    fn srcset_candidates_are_checked_one_by_one() {
        assert_eq!(
            safe_srcset(" a-300.jpg 300w,\n https://cdn.example/a-800.jpg 800w ").as_deref(),
            Some("a-300.jpg 300w, https://cdn.example/a-800.jpg 800w")
        );
        assert_eq!(
            safe_srcset("a.jpg, a@2x.jpg 2x, a@1.5.jpg 1.5x").as_deref(),
            Some("a.jpg, a@2x.jpg 2x, a@1.5.jpg 1.5x")
        );
        // Unsafe schemes and odd descriptors drop their candidate only.
        assert_eq!(safe_srcset("javascript:alert(1) 1x, ok.jpg 2x").as_deref(), Some("ok.jpg 2x"));
        assert_eq!(safe_srcset("a.jpg 10q, b.jpg 1x 2x, c.jpg w, d.jpg .5x").as_deref(), None);
        // The comma of a data: URL splits it; what is left is a harmless relative name.
        assert_eq!(safe_srcset("data:image/png;base64,AAAA 1x").as_deref(), Some("AAAA 1x"));
        assert_eq!(safe_srcset("data:image/png 1x"), None);
        assert_eq!(safe_srcset(" , "), None);
        assert_eq!(safe_srcset("\u{7f}, \u{1} 2x"), None, "nothing left after control characters");
    }

    #[test]
    fn image_sources_make_a_srcset_of_safe_urls() {
        use crate::ImageSource;
        let source = |url: &str, width| ImageSource { url: url.into(), width };
        assert_eq!(
            image_srcset(&[source("a-300.jpg", 300), source("https://cdn.example/a.jpg", 1200)]).as_deref(),
            Some("a-300.jpg 300w, https://cdn.example/a.jpg 1200w")
        );
        let hostile =
            [source("javascript:alert(1)", 300), source("a,b.jpg", 400), source("a b.jpg", 500), source("z.jpg", 0)];
        assert_eq!(image_srcset(&hostile), None);
        assert_eq!(image_srcset(&[]), None);
        // What it builds, the body sanitizer would keep as it is.
        let built = image_srcset(&[source("a.jpg", 1), source("b.jpg", 2)]).unwrap_or_default();
        assert_eq!(safe_srcset(&built).as_deref(), Some(built.as_str()));
    }

    #[test]
    fn ids_cannot_clobber() {
        assert_eq!(attr_value("h2", "id", "location").as_deref(), Some("article-location"));
        assert_eq!(attr_value("h2", "id", "a b"), None);
        assert_eq!(attr_value("a", "name", "cookie"), None);
        assert_eq!(attr_value("a", "href", "#part-2").as_deref(), Some("#article-part-2"));
    }

    #[test]
    fn external_links_are_recognised() {
        let own = "https://news.example";
        assert!(is_external("https://other.example/x", own));
        assert!(is_external("//other.example/x", own));
        assert!(is_external("https://news.example.evil.test/", own));
        assert!(!is_external("https://news.example/articles/2", own));
        assert!(!is_external("/articles/2", own));
        assert!(!is_external("mailto:a@b", own));
    }

    /// The attack: links in a backend's HTML that a naive check takes for internal paths, but
    /// the browser's URL parser sends to another site, with `window.opener` and the referrer.
    #[test]
    fn links_the_url_parser_reads_as_other_sites_are_external() {
        let own = "https://news.example";
        for url in [
            "/\\evil.example/x",
            "\\\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "ht\ttps://evil.example/",
            "h\nttp://evil.example/",
            " \u{1}https://evil.example",
            "HTTPS://EVIL.example",
            "https:evil.example",
            "https://news.example@evil.example/",
            "https://news.example.evil.example/",
        ] {
            assert!(is_external(url, own), "{url:?}");
        }
        for url in [
            "/articles/2",
            "articles/2",
            "#top",
            "?page=2",
            "https://news.example",
            "https://NEWS.example/a\\b",
            "ht\ttps://news.example/x",
        ] {
            assert!(!is_external(url, own), "{url:?}");
        }
    }
}
