//! Embed mode: the app as a guest in someone else's page. `embed.js` (written at build time,
//! stable name) loads the app and calls `mount_all`: every `<div data-news-app …>` gets its own
//! instance inside its own shadow root, with our stylesheets inside the root, and is unmounted
//! when the host removes it. Embedded, the app never touches the host's URL, history, title or
//! head, and registers no global listeners but one, while live comments are on (a
//! `visibilitychange` on the document, removed with them). `embed.html` is the same app in an
//! iframe.

use crate::api::backend::fetch_site;
use crate::api::cache::fetch_article;
use crate::app::SiteData;
use crate::components::comments::CommentsSection;
use crate::components::reading_tools::ReaderPrefs;
use crate::components::related::RelatedNews;
use crate::components::status::{ListSkeleton, Loaded};
use crate::load::Load;
use crate::pages::ArticleLoader;
use crate::paths::Embedded;
use leptos::mount::{mount_to, UnmountHandle};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use news_model::{Article, Config};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedView {
    Article,
    Comments,
    Related,
}

impl EmbedView {
    pub fn parse(name: &str) -> EmbedView {
        match name {
            "comments" => EmbedView::Comments,
            "related" => EmbedView::Related,
            _ => EmbedView::Article,
        }
    }
}

/// What one embedded instance shows, from its element's attributes (or the iframe's query).
pub struct EmbedSettings {
    pub view: EmbedView,
    pub article_id: String,
    pub link_template: Option<String>,
    /// `data-reader-token`: the reader the host page vouches for (see `reader_token`).
    pub reader_token: Option<String>,
    /// Everything else, in attribute form (`api-base`, `comments-page-size`…), for the config.
    pub config: Vec<(String, String)>,
}

impl EmbedSettings {
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut settings = EmbedSettings {
            view: EmbedView::Article,
            article_id: String::new(),
            link_template: None,
            reader_token: None,
            config: vec![],
        };
        for (name, value) in pairs {
            match name.as_str() {
                "view" => settings.view = EmbedView::parse(value.trim()),
                "article-id" | "article" => settings.article_id = value.trim().to_string(),
                "link-template" => settings.link_template = Some(value).filter(|t| !t.trim().is_empty()),
                "reader-token" => settings.reader_token = Some(value),
                _ => settings.config.push((name, value)),
            }
        }
        settings
    }
}

/// The instance's config: config.json's `text` (from `base`, the folder the app was loaded from)
/// with the instance's settings on top; settings that point at a backend outside config.json's
/// `allowed_api_origins` are dropped, with a console error naming them.
pub fn embed_config(text: Option<&str>, base: &str, settings: &EmbedSettings) -> Config {
    let config = crate::boot::config::read(text, &settings.config);
    let own_origin = web_sys::Url::new(base).map(|url| url.origin()).unwrap_or_default();
    let refused = config.refused_backend_settings(&settings.config, origin_of, &own_origin);
    if refused.is_empty() {
        return config;
    }
    web_sys::console::error_1(
        &format!("news reader: data-{} refused: not in config.json's allowed_api_origins", refused.join(", data-"))
            .into(),
    );
    let allowed: Vec<_> = settings.config.iter().filter(|(name, _)| !refused.contains(name)).cloned().collect();
    crate::boot::config::read(text, &allowed)
}

/// A URL's origin as the browser resolves it from this page.
fn origin_of(url: &str) -> Option<String> {
    let base = document().base_uri().ok()??;
    Some(web_sys::Url::new_with_base(url, &base).ok()?.origin())
}

/// One instance: its own contexts, so several on a page never share state.
#[component]
pub fn EmbedApp(
    config: Config,
    view: EmbedView,
    article_id: String,
    link_template: Option<String>,
    #[prop(optional)] in_frame: bool,
) -> impl IntoView {
    let locale = config.locale;
    provide_context(locale);
    if view == EmbedView::Article {
        let config = config.clone();
        provide_context(SiteData(Load::new(move || {
            let config = config.clone();
            async move { fetch_site(&config).await }
        })));
    }
    provide_context(config);
    let shown = RwSignal::new((view, article_id));
    let root = NodeRef::<leptos::html::Div>::new();
    let open_article = Callback::new(move |id: String| {
        shown.set((EmbedView::Article, id));
        if let Some(root) = root.get_untracked() {
            root.scroll_into_view();
        }
    });
    provide_context(Embedded { link_template, open_article, in_frame });
    let prefs = ReaderPrefs::remembered(locale);
    provide_context(prefs);

    view! {
        <div class=prefs.root_class(" news-embed") lang=locale.tag() node_ref=root>
            {move || {
                let (view, id) = shown.get();
                match view {
                    EmbedView::Article => view! { <ArticleLoader id/> }.into_any(),
                    EmbedView::Comments => view! { <CommentsSection article_id=id open=true count=None/> }.into_any(),
                    EmbedView::Related => view! { <RelatedOf id/> }.into_any(),
                }
            }}
        </div>
    }
}

/// The related news of an article, on their own (a host's sidebar).
#[component]
fn RelatedOf(id: String) -> impl IntoView {
    let config = expect_context::<Config>();
    let article = Load::new(move || {
        let (config, id) = (config.clone(), id.clone());
        async move { fetch_article(&config, &id).await }
    });
    let render = |article: Article| view! { <RelatedNews items=article.related.unwrap_or_default()/> };
    view! { <Loaded load=article skeleton=ListSkeleton render/> }
}

thread_local! {
    /// Mounted instances with their host elements; dropping a handle unmounts the instance.
    static MOUNTED: RefCell<Vec<(web_sys::Element, UnmountHandle<AnyViewState>)>> = const { RefCell::new(Vec::new()) };
}

/// Mounts every `[data-news-app]` element once config.json is in, and whenever the host adds
/// one; unmounts those the host removes. `base` is the URL of the folder holding embed.js;
/// `stylesheets` are the app's CSS files in it.
pub fn mount_all(base: String, stylesheets: Vec<String>) {
    wasm_bindgen_futures::spawn_local(async move {
        // Asked for once, however many instances the page has or adds later.
        let text = crate::boot::config::fetch(&base).await;
        watch_elements(base, stylesheets, text);
    });
}

fn watch_elements(base: String, stylesheets: Vec<String>, text: Option<String>) {
    let scan = move || {
        MOUNTED.with_borrow_mut(|mounted| mounted.retain(|(element, _)| element.is_connected()));
        let Ok(found) = document().query_selector_all("[data-news-app]:not([data-news-app-mounted])") else { return };
        for i in 0..found.length() {
            if let Some(element) = found.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
                mount_one(element, &base, &stylesheets, text.as_deref());
            }
        }
    };
    scan();
    // The one observer embed mode keeps: it is how we notice elements come and go.
    let observer_callback = Closure::<dyn FnMut()>::new(scan);
    if let Ok(observer) = web_sys::MutationObserver::new(observer_callback.as_ref().unchecked_ref()) {
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        if let Some(root) = document().document_element() {
            let _ = observer.observe_with_options(&root, &options);
        }
    }
    observer_callback.forget();
}

fn mount_one(element: web_sys::HtmlElement, base: &str, stylesheets: &[String], text: Option<&str>) {
    let _ = element.set_attribute("data-news-app-mounted", "");
    let names = element.get_attribute_names();
    let pairs = names.iter().filter_map(|n| n.as_string()).filter_map(|name| {
        let value = element.get_attribute(&name)?;
        Some((name.strip_prefix("data-")?.to_string(), value))
    });
    let settings = EmbedSettings::from_pairs(pairs.collect::<Vec<_>>());
    let config = embed_config(text, base, &settings);
    let Some(container) = shadow_container(&element, base, stylesheets) else { return };
    let EmbedSettings { view, article_id, link_template, reader_token, .. } = settings;
    if reader_token.is_some() {
        crate::reader_token::set_token(reader_token);
    }
    let link_template = link_template.or_else(|| config.link_template.clone());
    let handle = mount_to(container, move || view! { <EmbedApp config view article_id link_template/> }.into_any());
    MOUNTED.with_borrow_mut(|mounted| mounted.push((element.into(), handle)));
}

/// A fresh container in the element's shadow root, after our stylesheets.
fn shadow_container(
    element: &web_sys::HtmlElement,
    base: &str,
    stylesheets: &[String],
) -> Option<web_sys::HtmlElement> {
    let root = match element.shadow_root() {
        Some(root) => root,
        None => element.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).ok()?,
    };
    root.set_inner_html(""); // only ever our own earlier instance: nothing from a backend
    for sheet in stylesheets {
        let link = document().create_element("link").ok()?;
        link.set_attribute("rel", "stylesheet").ok()?;
        link.set_attribute("href", &format!("{base}{sheet}")).ok()?;
        root.append_child(&link).ok()?;
    }
    let container = document().create_element("div").ok()?;
    root.append_child(&container).ok()?;
    container.dyn_into().ok()
}

/// What embed.html takes from its own address: what to show, never where from. Anyone can link
/// to the portal's embed.html; a backend or link template from the query would show their story
/// under the portal's name (the backend comes from config.json).
const FRAME_QUERY_KEYS: [&str; 4] = ["view", "article", "locale", "frame"];

/// `embed.html`: one instance filling an iframe, set up from the query string, telling the
/// parent page its height so the frame fits its content.
pub fn mount_frame() {
    let search = window().location().search().unwrap_or_default();
    let pairs: Vec<(String, String)> = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .map(|params| {
            let entries = js_sys::try_iter(&params).ok().flatten();
            entries
                .into_iter()
                .flatten()
                .filter_map(|entry| {
                    let pair: js_sys::Array = entry.ok()?.dyn_into().ok()?;
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .filter(|(key, _)| FRAME_QUERY_KEYS.contains(&key.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let frame = pairs.iter().find(|(k, _)| k == "frame").map(|(_, v)| v.clone());
    let settings = EmbedSettings::from_pairs(pairs);
    wasm_bindgen_futures::spawn_local(async move {
        // config.json beside embed.html: the document's own folder. The query names no backend.
        let config = crate::boot::config::load("", &settings.config).await;
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        let EmbedSettings { view, article_id, .. } = settings;
        let link_template = config.link_template.clone();
        leptos::mount::mount_to_body(move || view! { <EmbedApp config view article_id link_template in_frame=true/> });
        report_height(frame);
    });
}

/// Posts `{type: "news-reader:height", height, frame}` to the parent whenever the page's height
/// changes (see public/frame-host.js).
fn report_height(frame: Option<String>) {
    let post = move || {
        let Some(body) = document().body() else { return };
        let height = body.scroll_height();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"news-reader:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        if let Some(frame) = &frame {
            let _ = js_sys::Reflect::set(&message, &"frame".into(), &frame.into());
        }
        if let Ok(Some(parent)) = window().parent() {
            let _ = parent.post_message(&message, "*");
        }
    };
    let callback = Closure::<dyn FnMut()>::new(post);
    if let (Ok(observer), Some(body)) =
        (web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()), document().body())
    {
        observer.observe(&body);
    }
    callback.forget(); // lives as long as the frame's page
}
