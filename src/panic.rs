//! A panic in wasm kills the whole app. We log it and replace the dead page with a message and
//! a reload link, built from plain DOM calls because the reactive system may be gone.

use wasm_bindgen::JsCast;

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_notice();
    }));
}

fn show_crash_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    if document.get_element_by_id("news-crash").is_some() {
        return;
    }
    let Ok(notice) = document.create_element("div") else { return };
    notice.set_id("news-crash");
    let _ = notice.set_attribute("role", "alert");
    let _ = notice.set_attribute("class", "news-app crash-notice");
    let message = document.create_element("p");
    let link = document.create_element("a");
    if let (Ok(message), Ok(link)) = (message, link) {
        message.set_text_content(Some("页面出错了，请刷新重试。 Something went wrong; please reload."));
        link.set_text_content(Some("刷新页面 Reload"));
        let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        let _ = link.set_attribute("href", &href);
        let _ = notice.append_child(&message);
        let _ = notice.append_child(&link);
    }
    let _ = body.insert_before(notice.unchecked_ref(), body.first_child().as_ref());
}
