//! The only door from untrusted article HTML to the page. The browser parses the HTML into an
//! inert document (`DOMParser`: no scripts run, nothing loads); we then build fresh nodes in the
//! live page for what the allow-list in `news_model::sanitize_policy` accepts. Nothing is ever
//! re-serialised to a string, so parser-differential (mutation XSS) tricks have nothing to bite.

use news_model::sanitize_policy::{attr_value, embed_player, is_external, tag_rule, TagRule, MEDIA_ADDED};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, DomParser, Element, Node, SupportedType};

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";
/// Bodies whose sanitized nodes are kept, newest last: going back to an article, or to it again,
/// clones them (one native call) instead of parsing and rebuilding node by node from wasm.
const KEPT_BODIES: usize = 8;

thread_local! {
    /// (the HTML as received, the players' hosts it was read with, its sanitized nodes never
    /// attached to the page).
    static KEPT: std::cell::RefCell<Vec<(String, Vec<String>, web_sys::DocumentFragment)>> = const { std::cell::RefCell::new(Vec::new()) };
}
/// Deeper nesting is flattened to its text: no article needs it, and recursion must stay bounded.
const MAX_DEPTH: usize = 48;

/// Replaces the children of `target` with the sanitized rendering of `html`, where an
/// `<iframe>` from one of `embed_hosts` is a placeholder, `<div class="embed" data-src
/// data-host>`, for `components/media.rs` to fill in.
pub fn render_into(html: &str, target: &Element, embed_hosts: &[String]) -> Result<(), JsValue> {
    let kept = KEPT.with_borrow(|kept| {
        kept.iter().find(|(source, hosts, _)| source == html && hosts == embed_hosts).map(|(_, _, nodes)| nodes.clone())
    });
    let clean = match kept {
        Some(nodes) => nodes,
        None => {
            let nodes = sanitized(html, target, embed_hosts)?;
            KEPT.with_borrow_mut(|kept| {
                if kept.len() >= KEPT_BODIES {
                    kept.remove(0);
                }
                kept.push((html.to_string(), embed_hosts.to_vec(), nodes.clone()));
            });
            nodes
        }
    };
    // A copy: the kept nodes themselves never enter the page, so nothing done to the page's copy
    // (images marked broken, made zoomable) comes back with them.
    target.replace_children_with_node_1(&clean.clone_node_with_deep(true)?);
    Ok(())
}

fn sanitized(html: &str, target: &Element, embed_hosts: &[String]) -> Result<web_sys::DocumentFragment, JsValue> {
    let document = target.owner_document().ok_or_else(|| JsValue::from_str("no document"))?;
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let parsed = DomParser::new()?.parse_from_string(html, SupportedType::TextHtml)?;
    let fragment = document.create_document_fragment();
    if let Some(body) = parsed.body() {
        let cleaner = Cleaner { document, origin, embed_hosts };
        cleaner.copy_children(&body, &fragment, 0)?;
    }
    Ok(fragment)
}

struct Cleaner<'a> {
    document: Document,
    origin: String,
    embed_hosts: &'a [String],
}

impl Cleaner<'_> {
    fn copy_children(&self, from: &Node, to: &Node, depth: usize) -> Result<(), JsValue> {
        let mut child = from.first_child();
        while let Some(node) = child {
            self.copy_node(&node, to, depth)?;
            child = node.next_sibling();
        }
        Ok(())
    }

    fn copy_node(&self, node: &Node, to: &Node, depth: usize) -> Result<(), JsValue> {
        match node.node_type() {
            Node::TEXT_NODE => {
                let text = self.document.create_text_node(&node.text_content().unwrap_or_default());
                to.append_child(&text)?;
            }
            Node::ELEMENT_NODE => {
                let Some(element) = node.dyn_ref::<Element>() else { return Ok(()) };
                // SVG and MathML (and anything namespaced) are dropped whole.
                if element.namespace_uri().as_deref() != Some(HTML_NAMESPACE) {
                    return Ok(());
                }
                let rule = tag_rule(&element.local_name());
                if depth >= MAX_DEPTH && rule != TagRule::Drop {
                    let text = self.document.create_text_node(&node.text_content().unwrap_or_default());
                    to.append_child(&text)?;
                    return Ok(());
                }
                match rule {
                    TagRule::Drop => {}
                    TagRule::Embed => {
                        let src = element.get_attribute("src").unwrap_or_default();
                        if let Some(player) = embed_player(&src, self.embed_hosts) {
                            let placeholder = self.document.create_element("div")?;
                            placeholder.set_attribute("class", "embed")?;
                            placeholder.set_attribute("data-src", &player.src)?;
                            placeholder.set_attribute("data-host", &player.host)?;
                            to.append_child(&placeholder)?;
                        }
                    }
                    TagRule::Unwrap => self.copy_children(node, to, depth + 1)?,
                    TagRule::Keep(tag) => {
                        if let Some(clean) = self.clean_element(element, tag)? {
                            self.copy_children(node, &clean, depth + 1)?;
                            to.append_child(&clean)?;
                        }
                    }
                }
            }
            // Comments, processing instructions, CDATA: never copied.
            _ => {}
        }
        Ok(())
    }

    /// A fresh element with only the allowed attributes, or `None` when it would be useless
    /// (an image without a safe source).
    fn clean_element(&self, source: &Element, tag: &str) -> Result<Option<Element>, JsValue> {
        let clean = self.document.create_element(tag)?;
        let names = source.get_attribute_names();
        for name in names.iter().filter_map(|n| n.as_string()) {
            let value = source.get_attribute(&name).unwrap_or_default();
            if let Some(value) = attr_value(tag, &name, &value) {
                clean.set_attribute(&name, &value)?;
            }
        }
        match tag {
            "a" if clean.get_attribute("href").is_some_and(|href| is_external(&href, &self.origin)) => {
                clean.set_attribute("rel", "noopener noreferrer")?;
            }
            "img" => {
                if !clean.has_attribute("src") {
                    return Ok(None);
                }
                if !clean.has_attribute("alt") {
                    clean.set_attribute("alt", "")?;
                }
                clean.set_attribute("loading", "lazy")?;
                clean.set_attribute("decoding", "async")?;
            }
            "video" | "audio" => {
                for (name, value) in MEDIA_ADDED {
                    clean.set_attribute(name, value)?;
                }
            }
            _ => {}
        }
        Ok(Some(clean))
    }
}
