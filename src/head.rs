//! The document's `<title>` and the tags in `<head>` that search engines and share previews read,
//! written directly (standalone pages only: embedded, the host's head is not ours). Why our own:
//! leptos_meta cost 8.1 KB of the gzipped first load (340.0 -> 331.9 KB when this replaced it).
//! Each set of tags lives as long as the view that added it and follows its data.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::Element;

/// Keeps `document.title` at `text` while the calling view lives; tracked, so it follows data
/// that lands later (the site's name).
pub fn use_title(text: impl Fn() -> String + 'static) {
    Effect::new(move || document().set_title(&text()));
}

/// One element for `<head>`: a tag with its attributes, and text content for a script.
pub struct HeadTag {
    pub tag: &'static str,
    pub attributes: Vec<(&'static str, String)>,
    pub text: Option<String>,
}

impl HeadTag {
    pub fn meta(key: &'static str, name: &'static str, content: String) -> Self {
        HeadTag { tag: "meta", attributes: vec![(key, name.to_string()), ("content", content)], text: None }
    }
}

/// Adds the tags `build` gives to `<head>`, and replaces them when what `build` reads changes;
/// removes them when the calling view goes away.
pub fn use_head_tags(build: impl Fn() -> Vec<HeadTag> + 'static) {
    Effect::new(move || {
        let Some(head) = document().head() else { return };
        let added: Vec<Element> = build().into_iter().filter_map(|tag| add(&head, tag)).collect();
        let added = SendWrapper::new(added);
        on_cleanup(move || added.iter().for_each(Element::remove));
    });
}

fn add(head: &web_sys::HtmlHeadElement, tag: HeadTag) -> Option<Element> {
    let element = document().create_element(tag.tag).ok()?;
    for (name, value) in &tag.attributes {
        element.set_attribute(name, value).ok()?;
    }
    // Text through the DOM: no markup in the data can end a script element early.
    element.set_text_content(tag.text.as_deref());
    head.append_child(&element).ok()?;
    Some(element)
}
