//! The server's sanitizer against the app's policy: a table of cases whose expected output is
//! what the app's DOM walk (src/sanitize.rs) builds from the same input under the same
//! allow-list (news_model::sanitize_policy), and the XSS corpus the browser test runs, checked
//! with the same rules on the re-parsed output.

mod support;

use news_model::sanitize_policy::{attr_value, tag_rule, TagRule, MEDIA_ADDED};
use news_server::render::sanitize::{sanitize_body, sanitize_html, Embeds};
use news_model::labels::ZH_CN;
use support::html::Doc;

const ORIGIN: &str = "https://news.example";
const CORPUS: &str = include_str!("../../tests/xss-corpus.json");
/// Bodies with media and players, and the markup the app builds from them (tests/browser.rs
/// checks the app against the same table).
const MEDIA_CASES: &str = include_str!("../../tests/media-cases.json");

/// (input, what the app's sanitizer keeps, serialised).
const CASES: &[(&str, &str)] = &[
    ("<p>a<script>x()</script>b</p>", "<p>ab</p>"),
    ("<h1 id=\"top\">T</h1>", "<h2 id=\"article-top\">T</h2>"),
    ("<font color=red>x</font><center>y</center>", "xy"),
    ("<img src=\"/a.png\" onerror=\"x()\">", "<img src=\"/a.png\" alt=\"\" loading=\"lazy\" decoding=\"async\">"),
    ("<img src=\"javascript:x()\" alt=\"a\">", ""),
    ("<img alt=\"no source\">", ""),
    ("<a href=\"javascript:x()\">l</a>", "<a>l</a>"),
    ("<a href=\" &#14; javascript:x()\">l</a>", "<a>l</a>"),
    ("<a href=\"java&#x09;script:x()\">l</a>", "<a>l</a>"),
    (
        "<a href=\"https://other.example/x\" target=\"_blank\">o</a>",
        "<a href=\"https://other.example/x\" rel=\"noopener noreferrer\">o</a>",
    ),
    ("<a href=\"/\\evil.example\">e</a>", "<a href=\"/\\evil.example\" rel=\"noopener noreferrer\">e</a>"),
    ("<a href=\"https://news.example/articles/2\">i</a>", "<a href=\"https://news.example/articles/2\">i</a>"),
    ("<a href=\"/articles/2\" name=\"cookie\">i</a>", "<a href=\"/articles/2\">i</a>"),
    ("<a href=\"#part-1\">j</a>", "<a href=\"#article-part-1\">j</a>"),
    ("<a href=\"mailto:desk@example.org\">m</a>", "<a href=\"mailto:desk@example.org\">m</a>"),
    ("<svg><script>x()</script><a href=\"/y\">s</a></svg>t", "t"),
    ("<math><mi>x</mi></math>t", "t"),
    // Before <body>, a scripting-off parser (DOMParser's, html5ever's here) ends the <noscript>
    // at the <p>, which lands in the body with its title as text.
    (
        "<noscript><p title=\"</noscript><img src=x onerror=y()>\"></p></noscript>",
        "<p title=\"&lt;/noscript&gt;&lt;img src=x onerror=y()&gt;\"></p>",
    ),
    ("<p>x</p><noscript><p>y</p><img src=\"/a.png\"></noscript>", "<p>x</p>"),
    ("<template><img src=x onerror=y()></template>", ""),
    ("<style>p{}</style><textarea><b>t</b></textarea><iframe src=\"/\"></iframe>", ""),
    (
        "<p style=\"color:red\" class=\"c\" dir=\"rtl\" lang=\"en\" title=\"t\" onclick=\"x()\">x</p>",
        "<p dir=\"rtl\" lang=\"en\" title=\"t\">x</p>",
    ),
    ("<p dir=\"sideways\" id=\"a b\">x</p>", "<p>x</p>"),
    ("<ol start=\" 3 \" reversed><li>a</li></ol>", "<ol start=\"3\" reversed=\"\"><li>a</li></ol>"),
    (
        "<table><tr><th scope=\"col\">h</th><th scope=\"x\">g</th><td colspan=\"2\" onclick=\"x\">c</td></tr></table>",
        "<table><tbody><tr><th scope=\"col\">h</th><th>g</th><td colspan=\"2\">c</td></tr></tbody></table>",
    ),
    (
        "<img src=\"a.jpg\" srcset=\"javascript:x() 1x, b.jpg 2x\" width=\"100%\" height=\"50\" alt=\"图\">",
        "<img src=\"a.jpg\" srcset=\"b.jpg 2x\" height=\"50\" alt=\"图\" loading=\"lazy\" decoding=\"async\">",
    ),
    (
        "<figure><img src=\"/api/media/a.svg\" alt=\"图\" width=\"800\" height=\"450\"><figcaption>图说</figcaption></figure>",
        "<figure><img src=\"/api/media/a.svg\" alt=\"图\" width=\"800\" height=\"450\" loading=\"lazy\" decoding=\"async\"><figcaption>图说</figcaption></figure>",
    ),
    ("<blockquote cite=\"javascript:x()\"><p>q</p></blockquote>", "<blockquote><p>q</p></blockquote>"),
    ("<q cite=\"https://example.org/\">q</q>", "<q cite=\"https://example.org/\">q</q>"),
    ("<time datetime=\"2026-01-01\">d</time>", "<time datetime=\"2026-01-01\">d</time>"),
    ("<!-- c --><p>x</p>", "<p>x</p>"),
    ("<meta http-equiv=\"refresh\" content=\"0;url=/\"><p>x</p>", "<p>x</p>"),
    ("<details open ontoggle=\"x()\"><summary>s</summary>d</details>", "sd"),
    ("<p>a &amp; &lt;b&gt; \u{a0}</p>", "<p>a &amp; &lt;b&gt; &nbsp;</p>"),
    ("<p>一<br>二<hr>三</p>", "<p>一<br>二</p><hr>三<p></p>"),
    ("<custom-widget><b>w</b></custom-widget>", "<b>w</b>"),
];

#[test]
fn the_table_of_cases_matches_the_apps_policy() {
    for (input, expected) in CASES {
        assert_eq!(sanitize_html(input, ORIGIN), *expected, "{input}");
    }
}

/// The browser test's `assert_clean`, on the re-parsed output.
fn assert_clean(clean: &str, vector: &str) {
    let doc = Doc::parse(clean);
    let forbidden = [
        "script", "style", "iframe", "object", "embed", "form", "input", "button", "textarea", "select", "svg", "math",
        "base", "meta", "link", "template", "noscript", "details", "marquee", "xmp", "frame", "canvas",
    ];
    for element in doc.elements.iter().filter(|e| e.ancestors.iter().any(|a| a.starts_with("body"))) {
        assert!(!forbidden.contains(&element.tag.as_str()), "{} survived: {vector} -> {clean}", element.tag);
        assert!(matches!(tag_rule(&element.tag), TagRule::Keep(t) if t == element.tag), "{}: {vector}", element.tag);
        if matches!(element.tag.as_str(), "video" | "audio") {
            // A player the reader starts: its controls, never autoplay.
            assert_eq!(element.attr("controls"), Some(""), "{} without controls: {vector}", element.tag);
            assert_eq!(element.attr("autoplay"), None, "autoplay survived: {vector}");
        }
        for (name, value) in &element.attrs {
            assert!(!name.starts_with("on"), "event handler `{name}` survived: {vector}");
            assert!(
                !matches!(
                    name.as_str(),
                    "style" | "srcdoc" | "action" | "formaction" | "xlink:href" | "name" | "target"
                ),
                "`{name}` survived: {vector}"
            );
            let squeezed: String = value
                .to_ascii_lowercase()
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                .collect();
            // Each candidate of a srcset is a URL of its own.
            let urls: Vec<&str> = match name.as_str() {
                "srcset" => squeezed.split(',').collect(),
                _ => vec![squeezed.as_str()],
            };
            for scheme in ["javascript:", "data:", "vbscript:"] {
                assert!(!urls.iter().any(|u| u.starts_with(scheme)), "{scheme} URL survived in `{name}`: {vector}");
            }
            if name == "id" {
                assert!(value.starts_with("article-"), "unprefixed id survived: {vector}");
            }
            // Every attribute is one the policy gives, or one the sanitizer adds.
            // Ids and fragments carry the policy's prefix, once.
            let unprefixed = match (name.as_str(), value.strip_prefix("#")) {
                ("id", _) => value.strip_prefix("article-").map(str::to_string),
                ("href", Some(fragment)) => fragment.strip_prefix("article-").map(|f| format!("#{f}")),
                _ => None,
            };
            let given = unprefixed.as_deref().unwrap_or(value);
            let added = matches!(
                (element.tag.as_str(), name.as_str(), value.as_str()),
                ("a", "rel", "noopener noreferrer")
                    | ("img", "loading", "lazy")
                    | ("img", "decoding", "async")
                    | ("img", "alt", "")
            ) || (matches!(element.tag.as_str(), "video" | "audio")
                && MEDIA_ADDED.contains(&(name.as_str(), value.as_str())));
            assert!(
                added || attr_value(&element.tag, name, given).as_deref() == Some(value.as_str()),
                "{}[{name}={value:?}] is not the policy's: {vector}",
                element.tag
            );
        }
    }
}

/// The output sanitized again, the prefix the second pass adds to ids taken off.
fn second_pass(clean: &str) -> String {
    sanitize_html(clean, ORIGIN).replace("article-article-", "article-")
}

#[test]
fn the_xss_corpus_is_neutralised_and_stable() {
    let corpus: serde_json::Value = serde_json::from_str(CORPUS).expect("corpus is JSON");
    let vectors = corpus["vectors"].as_array().expect("vectors");
    assert!(vectors.len() >= 40);
    for vector in vectors {
        let vector = vector.as_str().expect("string vector");
        let clean = sanitize_html(vector, ORIGIN);
        assert_clean(&clean, vector);
        // What a browser re-reads from the output is what was kept: a second pass keeps it all.
        assert_eq!(second_pass(&clean), clean, "not stable: {vector}");
    }
}

#[test]
fn every_case_output_is_also_clean_and_stable() {
    for (input, _) in CASES {
        let clean = sanitize_html(input, ORIGIN);
        assert_clean(&clean, input);
        assert_eq!(second_pass(&clean), clean, "not stable: {input}");
    }
}

fn media_cases() -> (Vec<String>, Vec<(String, String)>) {
    let table: serde_json::Value = serde_json::from_str(MEDIA_CASES).expect("media cases are JSON");
    let hosts = serde_json::from_value(table["embed_hosts"].clone()).expect("hosts");
    (hosts, serde_json::from_value(table["cases"].clone()).expect("[html, markup] pairs"))
}

#[test]
fn media_and_players_are_built_as_the_app_builds_them() {
    let (hosts, cases) = media_cases();
    assert!(cases.len() >= 5);
    let embeds = Embeds { hosts: &hosts, strings: &ZH_CN };
    for (html, markup) in &cases {
        assert_eq!(sanitize_body(html, ORIGIN, Some(embeds)), *markup, "{html}");
        // Without listed hosts (and in feeds), a player is dropped like any iframe.
        assert!(!sanitize_html(html, ORIGIN).contains("embed"), "{html}");
    }
}

/// The corpus with a player host listed: a vector naming it (with `srcdoc`, its own `sandbox`,
/// handlers) becomes the placeholder and nothing else; the rest stays as clean as without.
#[test]
fn the_xss_corpus_with_a_listed_player_host() {
    let (hosts, _) = media_cases();
    let embeds = Embeds { hosts: &hosts, strings: &ZH_CN };
    let corpus: serde_json::Value = serde_json::from_str(CORPUS).expect("corpus is JSON");
    let mut placeholders = 0;
    for vector in corpus["vectors"].as_array().expect("vectors").iter().filter_map(|v| v.as_str()) {
        let clean = sanitize_body(vector, ORIGIN, Some(embeds));
        let without = sanitize_html(vector, ORIGIN);
        if clean != without {
            let doc = Doc::parse(&clean);
            let embed = doc.elements.iter().find(|e| e.has_class("embed")).expect("a placeholder");
            assert_eq!(embed.attr("data-host"), Some("player.example"), "{vector}");
            assert!(embed.attr("data-src").is_some_and(|src| src.starts_with("https://player.example/")), "{vector}");
            assert!(!clean.contains("iframe") && !clean.contains("srcdoc") && !clean.contains("sandbox"), "{clean}");
            assert_eq!(clean.matches("<div").count(), 1, "{clean}");
            placeholders += 1;
        }
    }
    assert_eq!(placeholders, 1, "the corpus has one player of the listed host");
}

#[test]
fn deep_nesting_is_bounded_and_keeps_text() {
    let html = format!("{}深处<script>x</script>{}", "<div>".repeat(5000), "</div>".repeat(5000));
    let clean = sanitize_html(&html, ORIGIN);
    assert_eq!(clean.matches("<div>").count(), 48, "the app's depth");
    assert!(clean.contains("深处x"), "the flattened level keeps its text, as textContent does");
    assert!(!clean.contains("<script"));
}
