//! Reading tools on the article page: text size 小/中/大 and a light/dark switch (both
//! remembered in this browser; the theme follows the system until chosen) and, on the
//! standalone page, a thin reading-progress bar. The reader's language lives here too.

use crate::i18n::use_strings;
use crate::paths::use_embedded;
use crate::storage;
use leptos::prelude::*;
use news_model::Locale;

/// The reader's choices for this app instance; the root element's class follows them.
#[derive(Clone, Copy)]
pub struct ReaderPrefs {
    text_size: RwSignal<&'static str>,
    /// `"light"`, `"dark"`, or `""` to follow the system.
    theme: RwSignal<&'static str>,
    locale: RwSignal<Locale>,
}

impl ReaderPrefs {
    /// Read from storage once, when the app (or an embedded instance) starts, in `locale`.
    pub fn remembered(locale: Locale) -> Self {
        let size = storage::text_size();
        let theme = storage::theme();
        ReaderPrefs {
            text_size: RwSignal::new(SIZES.into_iter().find(|s| *s == size).unwrap_or("m")),
            theme: RwSignal::new(["light", "dark"].into_iter().find(|t| *t == theme).unwrap_or("")),
            locale: RwSignal::new(locale),
        }
    }

    /// The standalone page's language: the reader's remembered choice, else the configured one.
    /// (Embedded, the host's page decides, through `data-locale`.)
    pub fn chosen_locale(configured: Locale) -> Locale {
        Locale::parse(&storage::locale()).unwrap_or(configured)
    }

    /// The language in force; tracked.
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// Switches language and remembers it.
    pub fn set_locale(self, locale: Locale) {
        storage::set_locale(locale.tag());
        self.locale.set(locale);
    }

    /// `news-app text-m theme-dark` and so on, for the root element.
    pub fn root_class(self, extra: &'static str) -> impl Fn() -> String + Send + Sync + 'static {
        move || match self.theme.get() {
            "" => format!("news-app text-{}{extra}", self.text_size.get()),
            theme => format!("news-app text-{} theme-{theme}{extra}", self.text_size.get()),
        }
    }

    /// Whether the page shows dark now: the reader's choice, else the system's.
    fn is_dark(self) -> bool {
        match self.theme.get() {
            "dark" => true,
            "light" => false,
            _ => system_prefers_dark(),
        }
    }
}

fn system_prefers_dark() -> bool {
    window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|query| query.matches())
}

/// Small, medium (the default) and large, as stored and as used in the root class.
const SIZES: [&str; 3] = ["s", "m", "l"];

fn size_label(strings: &'static crate::i18n::Strings, size: &str) -> &'static str {
    match size {
        "s" => strings.text_small,
        "l" => strings.text_large,
        _ => strings.text_medium,
    }
}

#[component]
pub fn ReadingTools() -> impl IntoView {
    let strings = use_strings();
    let prefs = use_context::<ReaderPrefs>();
    let buttons = prefs.map(|prefs| {
        let size = prefs.text_size;
        SIZES
            .into_iter()
            .map(|key| {
                let choose = move |_| {
                    size.set(key);
                    storage::set_text_size(key);
                };
                view! {
                    <button type="button" aria-pressed=move || (size.get() == key).to_string() on:click=choose>
                        {size_label(strings, key)}
                    </button>
                }
            })
            .collect_view()
    });
    let theme = prefs.map(|prefs| {
        let flip = move |_| {
            let next = if prefs.is_dark() { "light" } else { "dark" };
            prefs.theme.set(next);
            storage::set_theme(next);
        };
        view! {
            <button type="button" class="theme-switch" aria-pressed=move || prefs.is_dark().to_string() on:click=flip>
                {strings.dark_theme}
            </button>
        }
    });
    view! {
        <div class="reading-tools">
            <div class="text-size" role="group" aria-label=strings.text_size>
                <span class="label" aria-hidden="true">{strings.text_size}</span>
                {buttons}
            </div>
            {theme}
        </div>
        {use_embedded().is_none().then(|| view! { <ReadingProgress/> })}
    }
}

/// How far through the page the reader is, as a bar along the top. Decorative (the scrollbar
/// says the same), so hidden from assistive technology. The bar is moved directly on scroll.
#[component]
fn ReadingProgress() -> impl IntoView {
    let bar = NodeRef::<leptos::html::Div>::new();
    let handle = window_event_listener(leptos::ev::scroll, move |_| {
        let Some(bar) = bar.get_untracked() else { return };
        let window = window();
        let scrolled = window.scroll_y().unwrap_or(0.0);
        let viewport = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
        let total = document().document_element().map(|e| f64::from(e.scroll_height())).unwrap_or(0.0);
        let progress = (scrolled / (total - viewport).max(1.0)).clamp(0.0, 1.0);
        // In thousandths, formatted as integers: formatting an f64 pulls 9 KB of code into the wasm.
        let permille = (progress * 1000.0).round() as u32;
        let scale = format!("scaleX({}.{:03})", permille / 1000, permille % 1000);
        let _ = web_sys::HtmlElement::style(&bar).set_property("transform", &scale);
    });
    on_cleanup(move || handle.remove());
    view! {
        <div class="reading-progress" aria-hidden="true">
            <div class="reading-progress-bar" node_ref=bar></div>
        </div>
    }
}
