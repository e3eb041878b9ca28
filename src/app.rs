//! The root: config, locale, site data and paths as context; header, routes, footer.

use crate::api::backend::fetch_site;
use crate::components::layout::{SiteFooter, SiteHeader, SkipLinks};
use crate::components::reading_tools::ReaderPrefs;
use crate::load::Load;
use crate::pages::{ArticlePage, HomePage, NotFound};
use crate::paths::BasePath;
use crate::router::{provide_location, Route};
use leptos::prelude::*;
use news_model::{Config, Site};

/// The site's own data (`GET /site`), loaded once and shared by header, tip box and footer.
#[derive(Clone, Copy)]
pub struct SiteData(pub Load<Site>);

/// Call while the component is created, not inside a closure: closures run later (a document
/// title's, after in-app navigation) may run where the context is out of reach.
pub fn use_site() -> SiteReader {
    SiteReader(use_context::<SiteData>())
}

/// The site data a component captured, readable from its closures.
#[derive(Clone, Copy)]
pub struct SiteReader(Option<SiteData>);

impl SiteReader {
    /// Reads part of the site once loaded; `None` while loading or when it failed (the chrome
    /// then stays minimal). Tracked, so a view reading it in a closure updates when it lands.
    pub fn read<R>(&self, read: impl FnOnce(&Site) -> Option<R>) -> Option<R> {
        self.0?.0.with(|state| match state {
            Some(Ok(site)) => read(site),
            _ => None,
        })
    }
}

#[component]
pub fn App(config: Config) -> impl IntoView {
    let base = BasePath::from_document();
    provide_context(base.clone());
    let site = Load::new({
        let config = config.clone();
        move || {
            let config = config.clone();
            async move { fetch_site(&config).await }
        }
    });
    provide_context(SiteData(site));
    let prefs = ReaderPrefs::remembered(ReaderPrefs::chosen_locale(config.locale));
    provide_context(config);
    provide_context(prefs);
    // The document's language follows the reader's, for screen readers, fonts and line breaking;
    // and a language the reader chose is told to the server, for the pages it fills in
    // (storage::share_locale). A reader who never chose gets no cookie.
    let home = base.home();
    Effect::new(move || {
        let tag = prefs.locale().tag();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", tag);
        }
        if !crate::storage::locale().is_empty() {
            crate::storage::share_locale(tag, &home);
        }
    });

    let location = provide_location(base);
    // Re-rendered when the kind of page changes; a page follows its own part of the address.
    let route = Memo::new(move |_| match location.route() {
        Route::Article(_) => Route::Article(String::new()),
        other => other,
    });

    view! {
        <div class=prefs.root_class("")>
            {move || {
                // Strings are read once, when a component is created, so a change of language
                // re-creates the page under the new one (the site data is kept).
                provide_context(prefs.locale());
                view! {
                    <SkipLinks/>
                    <SiteHeader/>
                    <main id="main" class="page" tabindex="-1">
                        {move || match route.get() {
                            Route::Home => view! { <HomePage/> }.into_any(),
                            Route::Article(_) => view! { <ArticlePage/> }.into_any(),
                            Route::NotFound => view! { <NotFound/> }.into_any(),
                        }}
                    </main>
                    <SiteFooter/>
                }
            }}
        </div>
    }
}
