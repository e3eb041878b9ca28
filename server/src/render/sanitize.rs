//! The article body, sanitized on the server: `body_html` is parsed by html5ever exactly as the
//! app's `DOMParser` parses it (a whole document, scripting off, so `<noscript>` holds markup),
//! and the `<body>` is walked with the allow-list in `news_model::sanitize_policy`, the one the
//! app's `src/sanitize.rs` applies to the browser's parse. Rules mirrored from the app:
//! - only HTML-namespace elements (SVG, MathML dropped whole); `tag_rule` keeps (maybe renamed),
//!   unwraps or drops each;
//! - attributes through `attr_value` for the kept tag name; external links get
//!   `rel="noopener noreferrer"`; an `<img>` without a safe `src` is dropped, and one kept gets
//!   `alt=""` when it has none, `loading="lazy"` and `decoding="async"`; a `<video>` or
//!   `<audio>` gets `MEDIA_ADDED` (controls, preload="metadata");
//! - an `<iframe>` whose `src` is a player of a listed host (`embed_player`) becomes its
//!   click-to-load placeholder, `<div class="embed" data-src data-host>` (filled in with the
//!   words of `embed_placeholder`, as the app's `components/media.rs` fills it); any other is dropped;
//! - below 48 levels an element becomes its text;
//! - comments and processing instructions are never copied.
//!
//! The result is written straight out as markup: element and attribute names come from the
//! policy's fixed list, and every text and attribute value is escaped, so nothing from the input
//! is ever copied as markup.

use super::Strings;
use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{ns, ParseOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use news_model::sanitize_policy::{attr_value, embed_player, is_external, tag_rule, TagRule, MEDIA_ADDED};

/// The app's `MAX_DEPTH`.
const MAX_DEPTH: usize = 48;

/// Elements that have no end tag.
const VOID: [&str; 6] = ["br", "hr", "img", "col", "source", "track"];

/// The players an article page shows (config.json's `embed_hosts`), and the words of their
/// placeholders.
#[derive(Clone, Copy)]
pub struct Embeds<'a> {
    pub hosts: &'a [String],
    pub strings: &'a Strings,
}

/// The allow-listed markup of `html`, as the app would build it on a page at `origin`
/// (`https://news.example`: links elsewhere are external), with no players (feeds, and pages
/// of a site that lists no `embed_hosts`).
pub fn sanitize_html(html: &str, origin: &str) -> String {
    sanitize_body(html, origin, None)
}

/// [`sanitize_html`], with the players of `embeds` as their placeholders.
pub fn sanitize_body(html: &str, origin: &str, embeds: Option<Embeds>) -> String {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts { scripting_enabled: false, ..Default::default() },
        ..Default::default()
    };
    let dom = html5ever::parse_document(RcDom::default(), opts).one(html);
    let mut out = String::with_capacity(html.len());
    if let Some(body) = find_body(&dom.document) {
        let cleaner = Cleaner { origin, embeds };
        cleaner.copy_children(&body, &mut out, 0);
    }
    out
}

/// `<html>`'s `<body>`, as `document.body` finds it.
fn find_body(document: &Handle) -> Option<Handle> {
    let html = document.children.borrow().iter().find(|n| is_html_element(n, "html")).cloned()?;
    let body = html.children.borrow().iter().find(|n| is_html_element(n, "body")).cloned();
    body
}

fn is_html_element(node: &Handle, local: &str) -> bool {
    matches!(&node.data, NodeData::Element { name, .. } if name.ns == ns!(html) && &*name.local == local)
}

struct Cleaner<'a> {
    origin: &'a str,
    embeds: Option<Embeds<'a>>,
}

impl Cleaner<'_> {
    fn copy_children(&self, from: &Handle, out: &mut String, depth: usize) {
        for child in from.children.borrow().iter() {
            self.copy_node(child, out, depth);
        }
    }

    fn copy_node(&self, node: &Handle, out: &mut String, depth: usize) {
        match &node.data {
            NodeData::Text { contents } => escape_text(&contents.borrow(), out),
            NodeData::Element { name, attrs, .. } => {
                if name.ns != ns!(html) {
                    return;
                }
                let rule = tag_rule(&name.local);
                if depth >= MAX_DEPTH && rule != TagRule::Drop {
                    escape_text(&text_content(node), out);
                    return;
                }
                match rule {
                    TagRule::Drop => {}
                    TagRule::Embed => {
                        let Some(embeds) = self.embeds else { return };
                        let src = attrs
                            .borrow()
                            .iter()
                            .find(|a| a.name.ns == ns!() && &*a.name.local == "src")
                            .map(|a| a.value.to_string());
                        if let Some(player) = src.and_then(|src| embed_player(&src, embeds.hosts)) {
                            out.push_str(&embed_placeholder(&player.src, &player.host, embeds.strings));
                        }
                    }
                    TagRule::Unwrap => self.copy_children(node, out, depth + 1),
                    TagRule::Keep(tag) => {
                        let attrs: Vec<(String, String)> = attrs
                            .borrow()
                            .iter()
                            // Namespaced attributes (xlink:href) have no plain name to allow.
                            .filter(|a| a.name.ns == ns!() && a.name.prefix.is_none())
                            .map(|a| (a.name.local.to_string(), a.value.to_string()))
                            .collect();
                        let Some(clean) = self.clean_attributes(tag, &attrs) else { return };
                        out.push('<');
                        out.push_str(tag);
                        for (name, value) in &clean {
                            out.push(' ');
                            out.push_str(name);
                            out.push_str("=\"");
                            escape_attr(value, out);
                            out.push('"');
                        }
                        out.push('>');
                        if VOID.contains(&tag) {
                            return;
                        }
                        self.copy_children(node, out, depth + 1);
                        out.push_str("</");
                        out.push_str(tag);
                        out.push('>');
                    }
                }
            }
            // Comments, doctypes, processing instructions: never copied.
            _ => {}
        }
    }

    /// The attributes the clean element gets, in the source's order then the added ones, or
    /// `None` when the element would be useless (an image without a safe source).
    fn clean_attributes(&self, tag: &str, source: &[(String, String)]) -> Option<Vec<(String, String)>> {
        let mut clean: Vec<(String, String)> = Vec::new();
        for (name, value) in source {
            if let Some(value) = attr_value(tag, name, value) {
                // setAttribute on a name already set replaces the value in place.
                match clean.iter_mut().find(|(n, _)| n == name) {
                    Some(existing) => existing.1 = value,
                    None => clean.push((name.clone(), value)),
                }
            }
        }
        let get =
            |clean: &[(String, String)], name: &str| clean.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        match tag {
            "a" if get(&clean, "href").is_some_and(|href| is_external(&href, self.origin)) => {
                clean.push(("rel".into(), "noopener noreferrer".into()));
            }
            "img" => {
                get(&clean, "src")?;
                if get(&clean, "alt").is_none() {
                    clean.push(("alt".into(), String::new()));
                }
                clean.push(("loading".into(), "lazy".into()));
                clean.push(("decoding".into(), "async".into()));
            }
            "video" | "audio" => clean.extend(MEDIA_ADDED.iter().map(|(n, v)| (n.to_string(), v.to_string()))),
            _ => {}
        }
        Some(clean)
    }
}

/// The placeholder of a player: the host named, and a button (shown once scripts run) that has
/// the app put the sandboxed iframe in its place. The app's `components/media.rs` builds the same.
pub fn embed_placeholder(src: &str, host: &str, strings: &Strings) -> String {
    let mut out = String::from("<div class=\"embed\" data-src=\"");
    escape_attr(src, &mut out);
    out.push_str("\" data-host=\"");
    escape_attr(host, &mut out);
    out.push_str("\"><p class=\"embed-host\">");
    escape_text(strings.embed_from, &mut out);
    escape_text(host, &mut out);
    out.push_str("</p><button type=\"button\" class=\"embed-load\" data-needs-js=\"\">");
    escape_text(strings.embed_load, &mut out);
    out.push_str("</button></div>");
    out
}

/// `node.textContent`: the text of every descendant, in order (iterative: any depth).
fn text_content(node: &Handle) -> String {
    let mut text = String::new();
    let mut stack: Vec<Handle> = node.children.borrow().iter().rev().cloned().collect();
    while let Some(next) = stack.pop() {
        if let NodeData::Text { contents } = &next.data {
            text.push_str(&contents.borrow());
        }
        stack.extend(next.children.borrow().iter().rev().cloned());
    }
    text
}

/// Text content, escaped for any place in the body.
pub fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

/// An attribute value, for a double-quoted attribute.
pub fn escape_attr(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://news.example";

    #[test]
    fn keeps_markup_and_drops_code() {
        assert_eq!(sanitize_html("<p>a<script>x()</script><b>b</b></p>", ORIGIN), "<p>a<b>b</b></p>");
        assert_eq!(sanitize_html("<h1 id=top>T</h1>", ORIGIN), "<h2 id=\"article-top\">T</h2>");
        assert_eq!(sanitize_html("<font color=red>x</font>", ORIGIN), "x");
        assert_eq!(
            sanitize_html("<img src=/a.png onerror=x()>", ORIGIN),
            "<img src=\"/a.png\" alt=\"\" loading=\"lazy\" decoding=\"async\">"
        );
        assert_eq!(sanitize_html("<img src=javascript:x()>", ORIGIN), "");
    }

    #[test]
    fn deep_nesting_becomes_text() {
        let html = format!("{}x<script>y</script>{}", "<div>".repeat(60), "</div>".repeat(60));
        let clean = sanitize_html(&html, ORIGIN);
        assert_eq!(clean.matches("<div>").count(), MAX_DEPTH);
        assert!(clean.contains("<div>xy</div>"), "{clean}");
    }
}
