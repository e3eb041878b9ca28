//! Browser tests: the sanitizer on the real DOM and components mounted in headless Chromium.
//! Run with `scripts/test` (or `cargo test --target wasm32-unknown-unknown -p news-reader --test browser`).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use news_model::comments::{Comment, CommentAuthor, CommentStatus};
use news_model::{ApiError, Article, Config, Image, ImageSource, Locale, Source, Summary};
use news_reader::components::article_body::ArticleBody;
use news_reader::components::article_meta::ArticleMeta;
use news_reader::components::comments::CommentTemplate;
use news_reader::components::lead::{place_around, AroundBody, COVER_SIZES};
use news_reader::components::media::fill_placeholders;
use news_reader::components::status::ErrorNotice;
use news_reader::components::summary::SummaryItem;
use news_reader::i18n::Strings;
use news_reader::sanitize::render_into;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const CORPUS: &str = include_str!("xss-corpus.json");
/// Bodies with media and players, and the markup the server builds from them too
/// (server/tests/sanitize.rs checks it against the same table).
const MEDIA_CASES: &str = include_str!("media-cases.json");

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

fn fresh_container() -> Element {
    let container = document().create_element("div").expect("div");
    document().body().expect("body").append_child(&container).expect("attached");
    container
}

fn sanitize(html: &str) -> Element {
    sanitize_with_players(html, &[])
}

fn sanitize_with_players(html: &str, embed_hosts: &[String]) -> Element {
    let container = fresh_container();
    render_into(html, &container, embed_hosts).expect("sanitizer runs");
    container
}

/// Waits for the event loop, so any handler or load that slipped through would have run.
async fn settle(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().expect("window").set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn xss_flag() -> JsValue {
    js_sys::Reflect::get(&web_sys::window().expect("window"), &"__xss".into()).unwrap_or(JsValue::UNDEFINED)
}

fn assert_clean(container: &Element, vector: &str) {
    let forbidden = "script,style,iframe,frame,object,embed,form,input,button,textarea,select,svg,math,base,meta,link,template,noscript,details,marquee,xmp,canvas,body";
    let found = container.query_selector_all(forbidden).expect("selector").length();
    assert_eq!(found, 0, "forbidden element survived: {vector}");
    // A player the reader starts: its controls, never autoplay.
    let uncontrolled = container.query_selector_all(":is(video, audio):not([controls]), [autoplay]").expect("selector");
    assert_eq!(uncontrolled.length(), 0, "media without controls or with autoplay: {vector}");
    let all = container.query_selector_all("*").expect("selector");
    for i in 0..all.length() {
        let Some(node) = all.item(i) else { continue };
        let element: Element = wasm_bindgen::JsCast::unchecked_into(node);
        for name in element.get_attribute_names().iter().filter_map(|n| n.as_string()) {
            assert!(!name.starts_with("on"), "event handler `{name}` survived: {vector}");
            assert!(
                !matches!(
                    name.as_str(),
                    "style"
                        | "srcdoc"
                        | "sandbox"
                        | "allow"
                        | "action"
                        | "formaction"
                        | "xlink:href"
                        | "name"
                        | "target"
                ),
                "`{name}` survived: {vector}"
            );
            let value = element.get_attribute(&name).unwrap_or_default().to_ascii_lowercase();
            let squeezed: String =
                value.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
            // Each candidate of a srcset is a URL of its own.
            let urls: Vec<&str> = if name == "srcset" { squeezed.split(',').collect() } else { vec![&squeezed] };
            for scheme in ["javascript:", "data:", "vbscript:"] {
                assert!(!urls.iter().any(|u| u.starts_with(scheme)), "{scheme} URL survived in `{name}`: {vector}");
            }
            if name == "id" {
                assert!(value.starts_with("article-"), "unprefixed id survived: {vector}");
            }
        }
    }
}

#[wasm_bindgen_test]
async fn xss_corpus_is_neutralised_in_a_real_dom() {
    let corpus: serde_json::Value = serde_json::from_str(CORPUS).expect("corpus is JSON");
    let vectors = corpus["vectors"].as_array().expect("vectors");
    assert!(vectors.len() >= 40);
    let mut containers = Vec::new();
    for vector in vectors {
        let vector = vector.as_str().expect("string vector");
        let container = sanitize(vector);
        assert_clean(&container, vector);
        containers.push(container);
    }
    settle(300).await;
    assert!(xss_flag().is_undefined(), "a vector ran or clobbered window.__xss: {:?}", xss_flag());
    assert!(web_sys::window().expect("window").location().href().is_ok(), "location not clobbered");
    for container in containers {
        container.remove();
    }
}

#[wasm_bindgen_test]
fn article_markup_survives_with_safe_attributes() {
    let html = r##"<h1>大标题</h1><h2 id="part-1">小标题</h2><p>第一段<strong>加粗</strong><br>换行</p>
        <figure><img src="/api/media/a.svg" alt="图" width="800" height="450"><figcaption>图说</figcaption></figure>
        <blockquote><p>引用</p></blockquote><ul><li>一</li></ul><ol start="3"><li>三</li></ol>
        <table><caption>表</caption><thead><tr><th scope="col">列</th></tr></thead><tbody><tr><td colspan="2">格</td></tr></tbody></table>
        <p><a href="https://other.example/x">外链</a> <a href="/articles/2">内链</a> <a href="#part-1">跳转</a> <a href="mailto:desk@example.org">邮件</a></p>
        <font color="red">包裹文字</font>"##;
    let c = sanitize(html);
    let q = |sel: &str| c.query_selector(sel).expect("selector");
    assert!(q("h1").is_none(), "the page's one h1 is the title");
    assert_eq!(c.query_selector_all("h2").expect("h2").length(), 2);
    assert_eq!(q("h2#article-part-1").and_then(|e| e.text_content()).as_deref(), Some("小标题"));
    let img = q("figure img").expect("image kept");
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(img.get_attribute("width").as_deref(), Some("800"));
    assert_eq!(img.get_attribute("height").as_deref(), Some("450"));
    assert_eq!(q("figcaption").and_then(|e| e.text_content()).as_deref(), Some("图说"));
    assert!(q("blockquote p").is_some() && q("ul li").is_some());
    assert_eq!(q("ol").and_then(|e| e.get_attribute("start")).as_deref(), Some("3"));
    assert_eq!(q("th").and_then(|e| e.get_attribute("scope")).as_deref(), Some("col"));
    assert_eq!(q("td").and_then(|e| e.get_attribute("colspan")).as_deref(), Some("2"));
    let external = q("a[href='https://other.example/x']").expect("external link kept");
    assert_eq!(external.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
    assert_eq!(q("a[href='/articles/2']").and_then(|e| e.get_attribute("rel")), None);
    assert!(q("a[href='#article-part-1']").is_some(), "fragment links follow the id prefix");
    assert!(q("a[href^='mailto:']").is_some());
    assert!(q("font").is_none());
    assert!(c.text_content().unwrap_or_default().contains("包裹文字"), "unwrapped text stays");
    c.remove();
}

#[wasm_bindgen_test]
fn deep_nesting_is_bounded_and_keeps_text() {
    let html = format!("{}深处{}", "<div>".repeat(5000), "</div>".repeat(5000));
    let c = sanitize(&html);
    assert!(c.text_content().unwrap_or_default().contains("深处"));
    c.remove();
}

fn mount(
    view: impl FnOnce() -> AnyView + Send + 'static,
) -> (Element, leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>) {
    let container = fresh_container();
    let el: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(container.clone());
    let handle = leptos::mount::mount_to(el, move || {
        provide_context(Locale::ZhCn);
        view().into_any()
    });
    (container, handle)
}

fn sample_article() -> Article {
    news_model::decode::from_str(
        r#"{"id":"7","title":"标题","published_at":"2022-04-11T16:43:04+08:00","body_html":"<p>x</p>",
            "source":{"name":"青澜日报","url":"https://example.org/daily"},"author":"","editor":"王敏"}"#,
    )
    .expect("article")
}

#[wasm_bindgen_test]
async fn article_meta_shows_source_time_and_hides_empty_author() {
    let (c, _handle) = mount(|| {
        let Article { source, author, editor, published_at, .. } = sample_article();
        view! { <ArticleMeta source author editor published_at/> }.into_any()
    });
    tick().await;
    let text = c.text_content().unwrap_or_default();
    assert!(text.contains("来源：青澜日报"), "{text}");
    assert!(text.contains("2022-04-11 16:43:04"), "time in the article's own offset: {text}");
    assert!(text.contains("责任编辑：王敏"), "{text}");
    assert!(!text.contains("作者"), "empty author hides its label: {text}");
    let link = c.query_selector(".meta-source a").expect("selector").expect("source linked");
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://example.org/daily"));
    c.remove();
}

#[wasm_bindgen_test]
async fn summary_item_details_link_names_its_story() {
    let summary = Summary {
        id: "12".into(),
        title: "新公交线路开通".into(),
        summary: Some("长".repeat(100)),
        source: Some("青澜发布".into()),
        published_at: Some("2026-11-20T08:00:00+08:00".into()),
        thumbnail: None,
        url: None,
    };
    let (c, _handle) = mount(move || view! { <ul><SummaryItem summary/></ul> }.into_any());
    tick().await;
    let details = c.query_selector(".summary-body a").expect("selector").expect("details link");
    assert_eq!(details.text_content().as_deref(), Some("[详细]"));
    let label = details.get_attribute("aria-label").unwrap_or_default();
    for part in ["新公交线路开通", "青澜发布", "2026-11-20"] {
        assert!(label.contains(part), "{label}");
    }
    assert_eq!(details.get_attribute("href").as_deref(), Some("/articles/12"));
    assert!(c.text_content().unwrap_or_default().contains("..."), "long summary is cut");
    assert!(c.query_selector("img").expect("selector").is_none(), "no thumbnail, no img");
    c.remove();
}

#[wasm_bindgen_test]
async fn summary_item_refuses_hostile_links_and_images() {
    let summary = Summary {
        id: "1".into(),
        title: "外站".into(),
        summary: None,
        source: None,
        published_at: None,
        thumbnail: Some(news_model::Image {
            url: "javascript:alert(1)".into(),
            alt: None,
            caption: None,
            width: None,
            height: None,
            sources: vec![],
        }),
        url: Some("javascript:alert(1)".into()),
    };
    let (c, _handle) = mount(move || view! { <ul><SummaryItem summary/></ul> }.into_any());
    tick().await;
    assert!(c.query_selector("a").expect("selector").is_none(), "no link for an unsafe url");
    assert!(c.query_selector("img").expect("selector").is_none(), "no image for an unsafe url");
    assert!(c.text_content().unwrap_or_default().contains("外站"));
    c.remove();
}

#[wasm_bindgen_test]
async fn error_notice_is_an_alert_with_a_working_retry() {
    let retries = RwSignal::new(0);
    let (c, _handle) = mount(move || {
        let error = ApiError::Http { status: 503, message: Some("系统维护中".into()) };
        view! { <ErrorNotice error on_retry=move || retries.update(|n| *n += 1)/> }.into_any()
    });
    tick().await;
    let alert = c.query_selector("[role=alert]").expect("selector").expect("alert");
    assert!(alert.text_content().unwrap_or_default().contains("系统维护中"));
    let button: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(c.query_selector("button").expect("selector").expect("retry button"));
    assert_eq!(button.text_content().as_deref(), Some("重试"));
    button.click();
    assert_eq!(retries.get_untracked(), 1);
    c.remove();
}

#[wasm_bindgen_test]
fn source_accepts_both_shapes() {
    let a: Article = sample_article();
    assert_eq!(a.source, Some(Source { name: "青澜日报".into(), url: Some("https://example.org/daily".into()) }));
}

fn sample_comment(status: CommentStatus) -> Comment {
    Comment {
        id: "c1".into(),
        parent_id: None,
        author: CommentAuthor {
            name: "海边的风".into(), avatar: Some("javascript:alert(1)".into()), verified: false
        },
        content: "<b>不是粗体</b><script>window.__xss=1</script>\n第二行".into(),
        created_at: "2020-01-02T03:04:05+08:00".into(),
        likes: 4,
        region: Some("山东".into()),
        status,
        pinned: false,
        replies: vec![],
    }
}

/// The comment as the list shows it (likes and replies on), in a fresh container on the page.
fn comment_element(comment: &Comment, to: Option<&str>, liked: bool) -> Element {
    let strings = news_reader::i18n::Strings::for_locale(Locale::ZhCn);
    let template = CommentTemplate::new(document(), strings, true, true, true);
    let mut batch = template.batch();
    batch.push(comment, to, liked, false);
    let container = fresh_container();
    for item in template.build(batch, None).expect("comment") {
        container.append_child(&item).expect("append");
    }
    container
}

#[wasm_bindgen_test]
async fn comment_content_is_text_with_line_breaks_and_no_markup() {
    let c = comment_element(&sample_comment(CommentStatus::Published), Some("小王"), false);
    let content = c.query_selector(".comment-content").expect("selector").expect("content");
    assert_eq!(content.text_content().as_deref(), Some("<b>不是粗体</b><script>window.__xss=1</script>\n第二行"));
    assert_eq!(content.children().length(), 0, "no element was made from the comment text");
    let text = c.text_content().unwrap_or_default();
    assert!(text.contains("回复 @小王"), "{text}");
    assert!(text.contains("IP属地：山东"), "{text}");
    assert!(text.contains("2020-01-02 03:04:05"), "old comments show the absolute time: {text}");
    assert!(c.query_selector("img").expect("selector").is_none(), "unsafe avatar URL: initial instead");
    assert_eq!(
        c.query_selector(".comment-initial").expect("selector").and_then(|e| e.text_content()).as_deref(),
        Some("海")
    );
    let like = c.query_selector(".comment-like").expect("selector").expect("like button");
    assert_eq!(like.get_attribute("aria-pressed").as_deref(), Some("false"));
    assert_eq!(like.text_content().as_deref(), Some("赞 4"));
    assert_eq!(c.query_selector("article.comment").expect("selector").map(|a| a.id()).as_deref(), Some("comment-c1"));
    settle(50).await;
    assert!(xss_flag().is_undefined());
    c.remove();
}

#[wasm_bindgen_test]
async fn pending_comment_is_labelled_and_cannot_be_liked() {
    let c = comment_element(&sample_comment(CommentStatus::Pending), None, false);
    assert!(c.text_content().unwrap_or_default().contains("审核中"));
    assert!(c.query_selector(".comment-like").expect("selector").is_none());
    assert!(c.query_selector(".comment-reply").expect("selector").is_none());
    assert!(c.query_selector("article.comment.pending").expect("selector").is_some());
    c.remove();
}

#[wasm_bindgen_test]
fn a_pinned_comment_says_so_and_every_published_comment_can_be_reported() {
    let pinned = Comment { pinned: true, ..sample_comment(CommentStatus::Published) };
    let c = comment_element(&pinned, None, false);
    let meta = c.query_selector(".comment-meta").expect("selector").expect("meta");
    let first = meta.first_element_child().expect("a first item");
    assert_eq!((first.class_name().as_str(), first.text_content().as_deref()), ("comment-pinned", Some("置顶")));
    let report = c.query_selector(".comment-report").expect("selector").expect("a report button");
    assert_eq!(
        (report.text_content().as_deref(), report.get_attribute("aria-expanded").as_deref()),
        (Some("举报"), Some("false"))
    );
    let plain = comment_element(&sample_comment(CommentStatus::Published), None, false);
    assert!(plain.query_selector(".comment-pinned").expect("selector").is_none(), "not pinned: no label");
    let pending = comment_element(&sample_comment(CommentStatus::Pending), None, false);
    assert!(pending.query_selector(".comment-report").expect("selector").is_none(), "nothing to report while pending");
    for element in [c, plain, pending] {
        element.remove();
    }
}

#[wasm_bindgen_test]
fn each_comment_is_filled_in_on_its_own_copy() {
    let mut other = sample_comment(CommentStatus::Published);
    other.id = "c2".into();
    other.author =
        CommentAuthor { name: "Lee".into(), avatar: Some("https://example.org/a.png".into()), verified: false };
    other.content = "第二条".into();
    other.region = None;
    let first = comment_element(&sample_comment(CommentStatus::Published), None, false);
    let second = comment_element(&other, None, true);
    let text = |c: &Element, sel: &str| c.query_selector(sel).expect("selector").and_then(|e| e.text_content());
    assert_eq!(text(&first, ".comment-author").as_deref(), Some("海边的风"));
    assert_eq!(text(&second, ".comment-author").as_deref(), Some("Lee"));
    assert_eq!(text(&second, ".comment-content").as_deref(), Some("第二条"));
    assert!(second.query_selector(".comment-region, .comment-reply-to").expect("selector").is_none());
    let avatar = second.query_selector("img.comment-avatar").expect("selector").expect("a safe avatar is shown");
    assert_eq!(avatar.get_attribute("src").as_deref(), Some("https://example.org/a.png"));
    assert_eq!(text(&second, ".comment-like").as_deref(), Some("已赞 4"));
    let like = second.query_selector(".comment-like").expect("selector").expect("like");
    assert_eq!(like.get_attribute("aria-pressed").as_deref(), Some("true"));
    first.remove();
    second.remove();
}

#[wasm_bindgen_test]
fn a_batch_nests_replies_and_keeps_every_field_in_its_place() {
    let strings = news_reader::i18n::Strings::for_locale(Locale::ZhCn);
    let template = CommentTemplate::new(document(), strings, true, true, true);
    let comment = |id: &str, name: &str, content: &str, avatar: Option<&str>| Comment {
        id: id.into(),
        author: CommentAuthor { name: name.into(), avatar: avatar.map(String::from), verified: false },
        content: content.into(),
        region: None,
        ..sample_comment(CommentStatus::Published)
    };
    // Fields that count differently in UTF-8 and UTF-16 (a BOM, an emoji, CJK), and one that
    // pretends to be the next field: each must stay in its own place.
    let first = comment("t1", "😀小王", "\u{feff}开头是BOM 😀", Some("https://example.org/1.png"));
    let reply = comment("r1", "\u{0}李", "https://example.org/evil.png", None);
    let second = comment("t2", "Zoë", "第二个话题", Some("javascript:alert(1)"));
    let mut batch = template.batch();
    batch.push(&first, None, false, false);
    batch.push(&reply, None, false, true);
    batch.push(&second, Some("😀小王"), true, false);
    let items = template.build(batch, None).expect("built");
    assert_eq!(items.len(), 2, "one item per thread");
    let container = fresh_container();
    for item in &items {
        container.append_child(item).expect("append");
    }
    let text = |sel: &str| container.query_selector(sel).expect("selector").and_then(|e| e.text_content());
    assert_eq!(text("#comment-t1 .comment-author").as_deref(), Some("😀小王"));
    assert_eq!(text("#comment-t1 .comment-content").as_deref(), Some("\u{feff}开头是BOM 😀"));
    let img = container.query_selector("#comment-t1 img.comment-avatar").expect("selector").expect("avatar");
    assert_eq!(img.get_attribute("src").as_deref(), Some("https://example.org/1.png"));
    assert_eq!(
        text("li.comment-thread > ol.comment-replies > li > #comment-r1 .comment-author").as_deref(),
        Some("\u{0}李")
    );
    assert_eq!(text("#comment-r1 .comment-content").as_deref(), Some("https://example.org/evil.png"));
    assert_eq!(text("#comment-r1 .comment-initial").as_deref(), Some("\u{0}"));
    assert_eq!(container.query_selector_all("img").expect("selector").length(), 1, "only the safe avatar is an image");
    assert_eq!(text("#comment-t2 .comment-reply-to").as_deref(), Some("回复 @😀小王"));
    assert_eq!(text("#comment-t2 .comment-like").as_deref(), Some("已赞 4"));
    assert!(container.query_selector("#comment-t2 .comment-region").expect("selector").is_none());

    // A reply posted later goes into its thread's existing replies list.
    let mut later = template.batch();
    later.push(&comment("r2", "后来的", "补充一句", None), None, false, true);
    assert!(template.build(later, items.first()).expect("built").is_empty(), "a reply makes no new thread");
    assert_eq!(container.query_selector_all("#comment-t1 ~ ol.comment-replies > li").expect("selector").length(), 2);
    container.remove();
}

#[wasm_bindgen_test]
fn relative_times_read_naturally_in_both_locales() {
    use news_reader::i18n::Strings;
    let now = 1_000_000;
    let zh = Strings::for_locale(Locale::ZhCn);
    let en = Strings::for_locale(Locale::En);
    assert_eq!(zh.relative_time(now - 5, now).as_deref(), Some("刚刚"));
    assert_eq!(zh.relative_time(now - 300, now).as_deref(), Some("5分钟前"));
    assert_eq!(en.relative_time(now - 60, now).as_deref(), Some("1 minute ago"));
    assert_eq!(en.relative_time(now - 7200, now).as_deref(), Some("2 hours ago"));
    assert_eq!(en.relative_time(now - 30 * 86_400, now), None, "old: shown as a date");
}

/// The attack: ids made from `Math.random` can be predicted from a few of them, and a page that
/// predicts a reader's id can replay posts and likes as that reader. With `Math.random` pinned,
/// ids must still differ.
#[wasm_bindgen_test]
fn random_ids_do_not_come_from_math_random() {
    let math = js_sys::Reflect::get(&js_sys::global(), &"Math".into()).unwrap();
    let original = js_sys::Reflect::get(&math, &"random".into()).unwrap();
    let pinned = js_sys::Function::new_no_args("return 0.5");
    js_sys::Reflect::set(&math, &"random".into(), &pinned).unwrap();
    let ids: Vec<String> = (0..8).map(|_| news_reader::storage::random_id()).collect();
    js_sys::Reflect::set(&math, &"random".into(), &original).unwrap();
    assert!(ids.iter().all(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())), "{ids:?}");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
}

/// A body rendered again (back, or the same article again) comes from the kept sanitized nodes:
/// the same clean result, and nothing the page did to the first copy comes back with it.
#[wasm_bindgen_test]
fn a_body_rendered_again_is_the_same_clean_copy() {
    let html = r#"<p id="x" onclick="alert(1)">正文<img src="https://img.example/a.jpg" onerror="alert(2)"></p><script>alert(3)</script>"#;
    let first = sanitize(html);
    let expected = first.inner_html();
    assert!(
        !expected.contains("onclick") && !expected.contains("onerror") && !expected.contains("script"),
        "{expected}"
    );
    first.query_selector("img").unwrap().unwrap().set_attribute("data-broken", "").unwrap();
    let second = sanitize(html);
    assert_eq!(second.inner_html(), expected);
    assert_ne!(first.first_child(), second.first_child(), "two copies, not one node moved");
    assert!(first.query_selector("img[data-broken]").unwrap().is_some(), "the first copy stays on its page");
}

fn media_cases() -> (Vec<String>, Vec<(String, String)>) {
    let table: serde_json::Value = serde_json::from_str(MEDIA_CASES).expect("media cases are JSON");
    let hosts = serde_json::from_value(table["embed_hosts"].clone()).expect("hosts");
    (hosts, serde_json::from_value(table["cases"].clone()).expect("[html, markup] pairs"))
}

/// The markup the server writes into a filled-in page: the app builds the same, so taking the
/// page over moves nothing.
#[wasm_bindgen_test]
fn media_and_players_are_built_as_the_server_builds_them() {
    let (hosts, cases) = media_cases();
    for (html, markup) in cases {
        let c = sanitize_with_players(&html, &hosts);
        fill_placeholders(&c, Strings::for_locale(Locale::ZhCn));
        assert_eq!(c.inner_html(), markup, "{html}");
        c.remove();
        // Without listed hosts, a player is dropped like any iframe.
        let plain = sanitize(&html);
        assert!(plain.query_selector(".embed").expect("selector").is_none(), "{html}");
        plain.remove();
    }
}

/// The corpus with a player host listed: the vector naming it becomes its placeholder and
/// nothing of its own (`srcdoc`, `sandbox`, handlers) comes along.
#[wasm_bindgen_test]
async fn xss_corpus_with_a_listed_player_host() {
    let (hosts, _) = media_cases();
    let corpus: serde_json::Value = serde_json::from_str(CORPUS).expect("corpus is JSON");
    let mut placeholders = 0;
    for vector in corpus["vectors"].as_array().expect("vectors").iter().filter_map(|v| v.as_str()) {
        let c = sanitize_with_players(vector, &hosts);
        assert_clean(&c, vector);
        placeholders += c.query_selector_all("div.embed[data-host='player.example']").expect("selector").length();
        c.remove();
    }
    assert_eq!(placeholders, 1, "the corpus has one player of the listed host");
    settle(300).await;
    assert!(xss_flag().is_undefined(), "a vector ran: {:?}", xss_flag());
}

fn element(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).expect("selector").unwrap_or_else(|| panic!("no {selector}"))
}

/// Nothing of the other site before the click; then its player, sandboxed, in the same box.
#[wasm_bindgen_test]
async fn a_player_loads_sandboxed_only_when_the_reader_asks() {
    let (c, _handle) = mount(|| {
        provide_context(Config { embed_hosts: vec!["player.example".into()], ..Config::default() });
        let html = r#"<p>前</p><iframe src="https://player.example/v/9" sandbox="allow-top-navigation allow-popups" allow="camera"></iframe>"#;
        view! { <ArticleBody html=html.to_string() around=AroundBody::default()/> }.into_any()
    });
    tick().await;
    let placeholder = element(&c, ".article-body div.embed");
    assert!(c.query_selector("iframe").expect("selector").is_none(), "no frame before the click");
    assert_eq!(element(&placeholder, ".embed-host").text_content().as_deref(), Some("视频来自 player.example"));
    let button: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(element(&placeholder, "button.embed-load"));
    assert_eq!(button.text_content().as_deref(), Some("点击加载播放器"));
    button.click();
    let frame = element(&placeholder, "iframe");
    for (name, value) in [
        ("src", "https://player.example/v/9"),
        ("sandbox", "allow-scripts allow-same-origin allow-presentation"),
        ("allow", "fullscreen"),
        ("referrerpolicy", "strict-origin-when-cross-origin"),
        ("loading", "lazy"),
        ("title", "视频来自 player.example"),
    ] {
        assert_eq!(frame.get_attribute(name).as_deref(), Some(value), "{name}");
    }
    assert!(placeholder.query_selector("button").expect("selector").is_none(), "the button gave way");
    assert!(placeholder.class_list().contains("embed"), "the player is in the placeholder's box (its size: app.css)");
    assert_eq!(document().active_element().as_ref(), Some(&frame), "the player has the focus");
    c.remove();
}

fn cover(url: &str, caption: Option<&str>) -> Image {
    Image {
        url: url.into(),
        alt: Some("渡口的清晨".into()),
        caption: caption.map(String::from),
        width: Some(1200),
        height: Some(675),
        sources: vec![ImageSource { url: "/m/ferry-480.jpg".into(), width: 480 }],
    }
}

/// An article as the page has it when the body lands: the header's meta line, the body.
fn article_shell() -> (Element, Element) {
    let article = fresh_container();
    article.set_inner_html(r#"<header><p class="article-meta"><span class="meta-item meta-time">t</span></p></header><div class="article-body"><p>正文</p></div>"#);
    let body = element(&article, ".article-body");
    (article, body)
}

/// The order of the article's children, by tag and class.
fn outline(article: &Element) -> Vec<String> {
    let children = article.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .map(|c| format!("{}.{}", c.local_name(), c.get_attribute("class").unwrap_or_default()))
        .collect()
}

#[wasm_bindgen_test]
fn the_cover_byline_tags_and_a_later_edit_go_around_the_body() {
    let (article, body) = article_shell();
    let around = AroundBody {
        cover: Some(cover("/m/ferry.jpg", Some("渡轮靠岸（示意图）"))),
        byline: Some("（本报记者 林澄）".into()),
        tags: vec!["渡口".into(), " ".into(), "<b>早班</b>".into()],
        published_at: "2022-04-11T16:43:04+08:00".into(),
        updated_at: Some("2022-04-12T08:00:00+08:00".into()),
    };
    let figure = place_around(&body, &around, Strings::for_locale(Locale::ZhCn)).expect("a cover");
    assert_eq!(
        outline(&article),
        ["header.", "figure.article-cover", "div.article-body", "p.byline", "p.article-tags"]
    );
    assert_eq!(figure.get_attribute("class").as_deref(), Some("article-cover"));
    let img = element(&article, "figure.article-cover > img");
    for (name, value) in [
        ("src", "/m/ferry.jpg"),
        ("srcset", "/m/ferry-480.jpg 480w"),
        ("sizes", COVER_SIZES),
        ("alt", "渡口的清晨"),
        ("width", "1200"),
        ("height", "675"),
        ("fetchpriority", "high"),
    ] {
        assert_eq!(img.get_attribute(name).as_deref(), Some(value), "{name}");
    }
    assert_eq!(img.get_attribute("loading"), None, "the top of the page is not loaded lazily");
    assert_eq!(element(&article, "figcaption").text_content().as_deref(), Some("渡轮靠岸（示意图）"));
    assert_eq!(element(&article, ".byline").text_content().as_deref(), Some("（本报记者 林澄）"));
    assert_eq!(element(&article, ".article-tags > .label").text_content().as_deref(), Some("标签："));
    let tags = article.query_selector_all(".article-tags .tag").expect("selector");
    assert_eq!(tags.length(), 2, "a blank tag is none");
    assert_eq!(tags.item(1).and_then(|t| t.text_content()).as_deref(), Some("<b>早班</b>"), "text, not markup");
    assert!(article.query_selector("b").expect("selector").is_none());
    let updated = element(&article, ".article-meta > .meta-updated");
    assert_eq!(updated.text_content().as_deref(), Some("更新于 2022-04-12 08:00:00"));
    assert_eq!(element(&updated, "time").get_attribute("datetime").as_deref(), Some("2022-04-12T08:00:00+08:00"));
    article.remove();
}

#[wasm_bindgen_test]
fn a_story_without_them_gets_nothing_around_its_body() {
    let (article, body) = article_shell();
    let around = AroundBody {
        cover: Some(cover("javascript:alert(1)", None)),
        byline: None,
        tags: vec![" ".into()],
        published_at: "2022-04-11T16:43:04+08:00".into(),
        // The same instant written in UTC is no edit.
        updated_at: Some("2022-04-11T08:43:04Z".into()),
    };
    assert!(place_around(&body, &around, Strings::for_locale(Locale::ZhCn)).is_none(), "no cover for an unsafe URL");
    assert_eq!(outline(&article), ["header.", "div.article-body"]);
    assert!(article.query_selector(".meta-updated, img").expect("selector").is_none());
    article.remove();
}

#[wasm_bindgen_test]
fn a_verified_author_carries_the_mark_right_after_the_name_and_no_one_else_does() {
    let mut vouched = sample_comment(CommentStatus::Published);
    vouched.author.verified = true;
    let c = comment_element(&vouched, Some("小王"), false);
    let meta = c.query_selector(".comment-meta").expect("selector").expect("meta");
    let first = meta.first_element_child().expect("the author");
    let mark = first.next_element_sibling().expect("something after the author");
    assert_eq!((first.class_name().as_str(), first.text_content().as_deref()), ("comment-author", Some("海边的风")));
    assert_eq!((mark.class_name().as_str(), mark.text_content().as_deref()), ("comment-verified", Some("认证")));
    let time = c.query_selector("time").expect("selector").expect("the time");
    assert_eq!(time.get_attribute("datetime").as_deref(), Some("2020-01-02T03:04:05+08:00"), "the time kept its place");
    let reply_to = mark.next_element_sibling().expect("回复 @ after the mark");
    assert_eq!(reply_to.text_content().as_deref(), Some("回复 @小王"));
    let plain = comment_element(&sample_comment(CommentStatus::Published), None, false);
    assert!(plain.query_selector(".comment-verified").expect("selector").is_none(), "anonymous: no mark");
    c.remove();
    plain.remove();
}

/// The page's `NewsReader` object, as a host's script sees it.
fn host_api() -> JsValue {
    js_sys::Reflect::get(&web_sys::window().expect("window"), &"NewsReader".into()).expect("NewsReader")
}

/// Calls `NewsReader.setReaderToken(value)` as a host's script would.
fn host_sets_token(value: &JsValue) {
    let set = js_sys::Reflect::get(&host_api(), &"setReaderToken".into()).expect("setReaderToken");
    let set: js_sys::Function = set.dyn_into().expect("a function");
    set.call1(&host_api(), value).expect("setReaderToken runs");
}

#[wasm_bindgen_test]
fn the_host_signs_its_reader_in_and_out_through_news_reader_set_reader_token() {
    use news_reader::reader_token::{current, install_host_api};
    install_host_api();
    host_sets_token(&"header.sig".into());
    assert_eq!(current().as_deref(), Some("header.sig"));
    host_sets_token(&JsValue::from(42));
    assert_eq!(current().as_deref(), Some("header.sig"), "not a string: refused, the reader stays signed in");
    host_sets_token(&"".into());
    assert_eq!(current(), None, "an empty token signs out");
    host_sets_token(&JsValue::NULL);
    assert_eq!(current(), None, "null signs out");
    host_sets_token(&"payload.sig".into());
    host_sets_token(&JsValue::UNDEFINED);
    assert_eq!(current(), None, "so does undefined");
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage");
    host_sets_token(&"kept-in-memory.sig".into());
    for i in 0..storage.length().expect("length") {
        let key = storage.key(i).expect("key").unwrap_or_default();
        let value = storage.get_item(&key).expect("item").unwrap_or_default();
        assert!(!value.contains("kept-in-memory"), "the token reached localStorage under {key}");
    }
    host_sets_token(&JsValue::NULL);
}

#[wasm_bindgen_test]
fn a_refused_token_is_announced_on_the_embed_element_and_bubbles_up() {
    use news_reader::components::comments::ask_for_fresh_token;
    const TOKEN_EXPIRED_EVENT: &str = "news-reader:token-expired";
    let outer = fresh_container();
    let host = document().create_element("div").expect("div");
    outer.append_child(&host).expect("append");
    let shadow = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).expect("shadow root");
    let inside = document().create_element("section").expect("section");
    shadow.append_child(&inside).expect("append");

    // Each listener notes where it heard the event and what the event's target was.
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::<(&str, bool)>::new()));
    let record = |node: &Element, name: &'static str| {
        let (seen, host) = (seen.clone(), JsValue::from(host.clone()));
        let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            seen.borrow_mut().push((name, event.target().map(JsValue::from) == Some(host.clone())));
        });
        node.add_event_listener_with_callback(TOKEN_EXPIRED_EVENT, listener.as_ref().unchecked_ref()).expect("listen");
        listener.forget();
    };
    record(&host, "embed element");
    record(&outer, "its parent");
    ask_for_fresh_token(&inside);
    assert_eq!(*seen.borrow(), [("embed element", true), ("its parent", true)], "on the embed element, bubbling");
    outer.remove();
}

/// A form as the comment section renders it, as far as `show_poster` reads it.
fn poster_form() -> Element {
    let container = fresh_container();
    container.set_inner_html(
        r#"<form class="comment-form"><div class="field comment-name-field"><input id="comment-name"></div>
           <textarea id="comment-content"></textarea><button type="submit" class="submit-comment">发表</button></form>"#,
    );
    container.query_selector("form").expect("selector").expect("form")
}

/// `PAYLOAD.SIG` with this JSON as the payload (base64url, no padding) and a signature nobody checks here.
fn unsigned_token(claims: &str) -> String {
    let base64 = web_sys::window().expect("window").btoa(&utf8_as_latin1(claims)).expect("btoa");
    format!("{}.c2ln", base64.trim_end_matches('=').replace('+', "-").replace('/', "_"))
}

/// The string whose UTF-16 units are `text`'s UTF-8 bytes: what `btoa` encodes byte by byte.
fn utf8_as_latin1(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

#[wasm_bindgen_test]
fn the_form_shows_the_reader_a_token_names_and_reads_no_more_into_a_bad_one() {
    use news_reader::components::comments::show_poster;
    let text = |form: &Element, selector: &str| {
        form.query_selector(selector).expect("selector").and_then(|e| e.text_content())
    };
    let picture = |form: &Element| {
        form.query_selector(".comment-reader img").expect("selector").expect("picture").get_attribute("src")
    };

    let form = poster_form();
    let token = unsigned_token(r#"{"sub":"8812","name":" 海边的风 ","avatar":"https://portal.example/a.png","exp":1}"#);
    show_poster(&form, Some(&token), false, None, "已登录", "登录后发表评论");
    assert_eq!(form.get_attribute("data-poster").as_deref(), Some("reader"));
    assert_eq!(text(&form, ".comment-reader .comment-author").as_deref(), Some("海边的风"));
    assert_eq!(picture(&form).as_deref(), Some("https://portal.example/a.png"));
    let card = form.query_selector(".comment-reader").expect("selector").expect("card");
    assert_eq!(card.next_element_sibling().map(|e| e.class_name()).as_deref(), Some("field comment-name-field"));

    // Another token on the same form: the same card, the picture gone with a scheme other than https.
    let plain = unsigned_token(r#"{"name":"小王","avatar":"http://portal.example/a.png"}"#);
    show_poster(&form, Some(&plain), false, None, "已登录", "登录后发表评论");
    assert_eq!(form.query_selector_all(".comment-reader").expect("selector").length(), 1);
    assert_eq!((text(&form, ".comment-author").as_deref(), picture(&form)), (Some("小王"), None));
    for bad in [
        "no-dot-at-all",
        "%%%.sig",
        &unsigned_token("not json"),
        &unsigned_token("null"),
        &unsigned_token(r#"{"name":42}"#),
    ] {
        show_poster(&form, Some(bad), false, None, "已登录", "登录后发表评论");
        assert_eq!((text(&form, ".comment-author").as_deref(), picture(&form)), (Some("已登录"), None), "{bad}");
    }

    // Signed out where the server wants a login: the link comes back to this page.
    show_poster(&form, None, true, Some("https://portal.example/login?next={return}"), "已登录", "登录后发表评论");
    assert_eq!(form.get_attribute("data-poster").as_deref(), Some("login"));
    let link = form.query_selector(".comment-login a").expect("selector").expect("link");
    let here = web_sys::window().expect("window").location().href().expect("href");
    let expected = format!("https://portal.example/login?next={}", String::from(js_sys::encode_uri_component(&here)));
    assert_eq!((link.text_content().as_deref(), link.get_attribute("href")), (Some("登录后发表评论"), Some(expected)));
    assert_eq!(
        link.parent_element().and_then(|p| p.next_element_sibling()).map(|e| e.class_name()).as_deref(),
        Some("submit-comment")
    );
    show_poster(&form, None, true, None, "已登录", "登录后发表评论");
    assert_eq!(link.get_attribute("href"), None, "no login page in config.json: text, not a link");
    show_poster(&form, None, false, None, "已登录", "登录后发表评论");
    assert_eq!(form.get_attribute("data-poster").as_deref(), Some(""), "a nickname again");
    form.remove();
}
