//! Players from other sites in the article body (视频新闻 from Bilibili, Tencent Video…). Only
//! hosts config.json lists in `embed_hosts` get one: the sanitizer turns such an `<iframe>` into
//! an empty placeholder, `<div class="embed" data-src data-host>`. Here it gets its site named
//! and a button, and only the reader's click lets that site in: a sandboxed iframe in the
//! placeholder's box (the same size, so nothing below moves). Until then the other site sees
//! nothing of the reader. The server's `embed_placeholder` writes the same placeholder.

use crate::i18n::Strings;
use news_model::sanitize_policy::embed_player;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What the player may do: run its own scripts with its own storage and go full screen; no
/// pop-ups, forms, downloads or navigating the reader's page. (Only a player on the page's own
/// origin could lift this, and no site lists itself.)
const SANDBOX: &str = "allow-scripts allow-same-origin allow-presentation";

/// Fills in every placeholder of a rendered body: the note naming its site, the load button.
pub fn fill_placeholders(body: &Element, strings: &Strings) {
    let (Ok(placeholders), Some(document)) = (body.query_selector_all("div.embed"), body.owner_document()) else {
        return;
    };
    for i in 0..placeholders.length() {
        let Some(placeholder) = placeholders.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let host = placeholder.get_attribute("data-host").unwrap_or_default();
        let (Ok(note), Ok(button)) = (document.create_element("p"), document.create_element("button")) else {
            continue;
        };
        let _ = note.set_attribute("class", "embed-host");
        note.set_text_content(Some(&format!("{}{host}", strings.embed_from)));
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("class", "embed-load");
        // As on a filled-in page, where it is hidden until scripts run.
        let _ = button.set_attribute("data-needs-js", "");
        button.set_text_content(Some(strings.embed_load));
        let _ = placeholder.append_with_node_2(&note, &button);
    }
}

/// Puts the player in place of the placeholder whose button was clicked, if a load button was
/// (`false` otherwise). Its address is checked against `embed_hosts` once more: only the
/// sanitizer makes placeholders, but nothing else may ever turn into a frame.
pub fn load_clicked_player(ev: &web_sys::MouseEvent, strings: &Strings, embed_hosts: &[String]) -> bool {
    let placeholder = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest("button.embed-load").ok().flatten())
        .and_then(|button| button.closest("div.embed").ok().flatten());
    let Some(placeholder) = placeholder else { return false };
    let src = placeholder.get_attribute("data-src").unwrap_or_default();
    let (Some(player), Some(document)) = (embed_player(&src, embed_hosts), placeholder.owner_document()) else {
        return true;
    };
    let Ok(frame) = document.create_element("iframe") else { return true };
    let title = format!("{}{}", strings.embed_from, player.host);
    // The sandbox first, the address last: nothing loads before the frame is in the page anyway.
    for (name, value) in [
        ("title", title.as_str()),
        ("sandbox", SANDBOX),
        ("allow", "fullscreen"),
        ("referrerpolicy", "strict-origin-when-cross-origin"),
        ("loading", "lazy"),
        ("src", player.src.as_str()),
    ] {
        let _ = frame.set_attribute(name, value);
    }
    placeholder.replace_children_with_node_1(&frame);
    // The button the reader was on is gone: the player takes the focus.
    let _ = frame.unchecked_ref::<HtmlElement>().focus();
    true
}
