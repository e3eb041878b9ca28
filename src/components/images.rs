//! Pictures in the article: each body image opens an enlarged view (a modal `<dialog>`: Esc,
//! focus trap and focus return come with the element) with its caption and ←/→ between images;
//! an image that fails to load gives way to its alt text in the same box.

use crate::i18n::{use_strings, Strings};
use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlImageElement};

/// One picture of the article body, as the enlarged view shows it.
#[derive(Clone, Debug, Default)]
pub struct GalleryImage {
    pub src: String,
    pub srcset: Option<String>,
    pub alt: String,
    pub caption: Option<String>,
}

/// Wraps every image of a rendered (already sanitized) body, except those inside links, in a
/// button that opens image `i` of the returned gallery, in document order. Attribute values are
/// copied from the sanitized elements, so nothing here is new untrusted input.
pub fn make_zoomable(body: &Element, strings: &Strings) -> Vec<GalleryImage> {
    let mut gallery = Vec::new();
    let Ok(images) = body.query_selector_all("img") else { return gallery };
    let Some(document) = body.owner_document() else { return gallery };
    for i in 0..images.length() {
        let Some(img) = images.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        // A picture that is a link stays a link: a button inside it would be invalid and ambiguous.
        if img.closest("a").ok().flatten().is_some() {
            continue;
        }
        let alt = img.get_attribute("alt").unwrap_or_default();
        let caption = img
            .closest("figure")
            .ok()
            .flatten()
            .and_then(|figure| figure.query_selector("figcaption").ok().flatten())
            .and_then(|c| c.text_content())
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        // An image's `<picture>` goes into the button whole: its sources work only around it.
        let picture = img.parent_element().filter(|p| p.local_name() == "picture");
        let zoomed = picture.unwrap_or_else(|| img.clone());
        let (Some(parent), Ok(button)) = (zoomed.parent_node(), document.create_element("button")) else { continue };
        let name = strings.view_image_of(&alt);
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("class", "zoom");
        let _ = button.set_attribute("aria-label", &name);
        let _ = button.set_attribute("data-index", &gallery.len().to_string());
        let _ = parent.replace_child(&button, &zoomed);
        let _ = button.append_child(&zoomed);
        gallery.push(GalleryImage {
            src: img.get_attribute("src").unwrap_or_default(),
            srcset: img.get_attribute("srcset"),
            alt,
            caption,
        });
    }
    gallery
}

/// The gallery index a click inside the body asks for, if it was on a zoom button.
pub fn clicked_image(ev: &web_sys::MouseEvent) -> Option<usize> {
    let target = ev.target()?.dyn_into::<Element>().ok()?;
    let button = target.closest("button.zoom").ok()??;
    button.get_attribute("data-index")?.parse().ok()
}

/// Replaces an image that failed to load (`error` event) with its alt text in a box of the
/// same size, so nothing below it moves and the reader still learns what was there. The box is
/// the image's CSS one, and with `sized_by_attributes` (body images) its width and height.
pub fn show_as_broken(ev: &web_sys::Event, sized_by_attributes: bool) {
    let Some(img) = ev.target().and_then(|t| t.dyn_into::<HtmlImageElement>().ok()) else { return };
    let Some(document) = img.owner_document() else { return };
    let Ok(stand_in) = document.create_element("span") else { return };
    let alt = img.alt();
    let class = img.get_attribute("class").map_or("image-broken".to_string(), |c| format!("{c} image-broken"));
    let _ = stand_in.set_attribute("class", &class);
    if alt.is_empty() {
        let _ = stand_in.set_attribute("aria-hidden", "true");
    } else {
        let _ = stand_in.set_attribute("role", "img");
        let _ = stand_in.set_attribute("aria-label", &alt);
        stand_in.set_text_content(Some(&alt));
    }
    // Keep the box the width and height attributes gave the image (integers: no float formatting).
    let size = sized_by_attributes.then(|| img.get_attribute("width").zip(img.get_attribute("height"))).flatten();
    if let Some((w, h)) = size {
        if let (Ok(w), Ok(h)) = (w.parse::<u32>(), h.parse::<u32>()) {
            let _ = stand_in.set_attribute("style", &format!("width:{w}px;aspect-ratio:{w}/{h}"));
        }
    }
    let _ = img.replace_with_with_node_1(&stand_in);
}

/// The enlarged view of `images[open]`; closed while `open` is `None`.
#[component]
pub fn Lightbox(images: StoredValue<Vec<GalleryImage>>, open: RwSignal<Option<usize>>) -> impl IntoView {
    let strings = use_strings();
    let dialog = NodeRef::<Dialog>::new();
    let count = move || images.with_value(Vec::len);
    let step = move |by: isize| {
        let n = count() as isize;
        open.update(|i| *i = i.map(|i| (i as isize + by).rem_euclid(n.max(1)) as usize));
    };
    Effect::new(move || {
        let Some(dialog) = dialog.get() else { return };
        match open.get() {
            Some(_) if !dialog.open() => {
                let _ = dialog.show_modal();
            }
            None if dialog.open() => dialog.close(),
            _ => {}
        }
    });
    let keys = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "ArrowLeft" => step(-1),
        "ArrowRight" => step(1),
        _ => {}
    };
    // A click on the backdrop lands on the dialog itself; inside, on its content.
    let backdrop = move |ev: web_sys::MouseEvent| {
        let on_dialog = ev
            .target()
            .zip(dialog.get_untracked())
            .is_some_and(|(t, d)| AsRef::<web_sys::EventTarget>::as_ref(&d) == &t);
        if on_dialog {
            open.set(None);
        }
    };
    let shown = move || open.get().and_then(|i| images.with_value(|all| all.get(i).cloned().map(|img| (i, img))));
    view! {
        <dialog class="lightbox" node_ref=dialog aria-label=strings.view_image
            on:close=move |_| open.set(None) on:keydown=keys on:click=backdrop>
            {move || shown().map(|(i, image)| {
                let several = count() > 1;
                view! {
                    <figure class="lightbox-figure">
                        <img src=image.src srcset=image.srcset alt=image.alt/>
                        <figcaption>
                            {image.caption}
                            {several.then(|| view! { <span class="lightbox-count">{strings.image_of(i + 1, count())}</span> })}
                        </figcaption>
                    </figure>
                    {several.then(|| view! {
                        <button type="button" class="lightbox-prev" on:click=move |_| step(-1)>{strings.prev_image}</button>
                        <button type="button" class="lightbox-next" on:click=move |_| step(1)>{strings.next_image}</button>
                    })}
                }
            })}
            <button type="button" class="lightbox-close" on:click=move |_| open.set(None)>{strings.close}</button>
        </dialog>
    }
}
