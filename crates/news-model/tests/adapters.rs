//! The JSON Feed and WordPress adapters against fixtures in the real shapes of those APIs.

use news_model::adapters::html::{decode_entities, escape, html_to_text, text_to_html};
use news_model::adapters::jsonfeed::Feed;
use news_model::adapters::normalize_date;
use news_model::adapters::wordpress as wp;
use news_model::comments::{build_threads, CommentStatus};
use news_model::decode::{from_str, Decode};
use news_model::{Channel, Image, ImageSource, Source};
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json_fixture(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).expect("fixture is JSON")
}

fn feed(name: &str) -> Feed {
    from_str(&fixture(name)).expect("fixture decodes")
}

fn ids<'a>(items: impl IntoIterator<Item = &'a news_model::Summary>) -> Vec<&'a str> {
    items.into_iter().map(|s| s.id.as_str()).collect()
}

// ---- html ----

#[test]
fn entities_numeric_and_named() {
    assert_eq!(decode_entities("&#8220;开业&#8221; &#x2019;&#X2019;"), "“开业” ’’");
    assert_eq!(
        decode_entities("&#0; &#xD800; &#x110000; &#99999999999999999999;"),
        "\u{FFFD} \u{FFFD} \u{FFFD} \u{FFFD}"
    );
    assert_eq!(decode_entities("&#38 and &#x26"), "& and &", "numeric without `;`");
    assert_eq!(decode_entities("&#; &#x; &#xZ;"), "&#; &#x; &#xZ;", "no digits: kept");
    assert_eq!(decode_entities("&foo; &amp;amp; a & b &"), "&foo; &amp; a & b &");
    assert_eq!(decode_entities("&amp &AMP; &verylongname;"), "&amp &AMP; &verylongname;", "names need `;`, case");
    assert_eq!(
        decode_entities("&lt;&gt;&quot;&apos;&nbsp;&hellip;&mdash;&ndash;&lsquo;&rsquo;&ldquo;&rdquo;"),
        "<>\"'\u{A0}…—–‘’“”"
    );
    assert_eq!(decode_entities("&laquo;&raquo;&middot;&bull;&copy;&reg;&trade;&deg;&times;"), "«»·•©®™°×");
    assert_eq!(decode_entities("&eacute;&egrave;&agrave;&ccedil;&uuml;&ouml;&auml;&szlig;"), "éèàçüöäß");
    assert_eq!(decode_entities("Caf&eacute; &#8211; &#8220;开业&#8221;"), "Café – “开业”");
    assert_eq!(decode_entities("中文&"), "中文&");
    assert_eq!(decode_entities(""), "");
}

#[test]
fn html_to_text_strips_tags_and_keeps_breaks() {
    assert_eq!(html_to_text("<p>a <b>bold <i>nested</i></b>  text</p>"), "a bold nested text");
    assert_eq!(html_to_text("<p>一<br>二<BR/>三<br />四</p>\n<p>五</p>\n\n\n<p>六</p>"), "一\n二\n三\n四\n\n五\n\n六");
    assert_eq!(html_to_text("<div>a</div><div>b</div><ul><li>c</li><li>d</li></ul>"), "a\nb\nc\nd");
    assert_eq!(
        html_to_text("x<script type=\"text/javascript\">if (a < b) { alert('<p>') }</script>y<STYLE>p{}</STYLE>z"),
        "xyz"
    );
    assert_eq!(html_to_text("a<script>never closed"), "a");
    assert_eq!(html_to_text("a<!-- wp:paragraph <p>hidden</p> -->b"), "ab");
    assert_eq!(html_to_text("&lt;b&gt; is text, 1 < 2, a<3"), "<b> is text, 1 < 2, a<3", "entities are not tags");
    assert_eq!(html_to_text("<p>\n  line one\n  continues\t\there </p>"), "line one continues here");
    assert_eq!(html_to_text("<br><br><p></p>text<br><br><br><br>more<br><br>"), "text\n\nmore");
    assert_eq!(html_to_text("a <unclosed"), "a");
    assert_eq!(html_to_text("<h2>标题</h2>正文"), "标题\n正文");
    assert_eq!(html_to_text(""), "");
}

#[test]
fn text_to_html_escapes_and_wraps_paragraphs() {
    assert_eq!(
        text_to_html("a & b <c> \"d\"\nline 2\n\n\n  \npara 2\r\nline"),
        "<p>a &amp; b &lt;c&gt; &quot;d&quot;<br>line 2</p><p>para 2<br>line</p>"
    );
    assert_eq!(text_to_html("\n\n"), "");
    assert_eq!(text_to_html("一行"), "<p>一行</p>");
    assert_eq!(escape("<a href=\"x\">&</a>'"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'");
    assert_eq!(html_to_text(&text_to_html("1 < 2 & 3\n4")), "1 < 2 & 3\n4", "round trip");
}

// ---- dates ----

#[test]
fn dates_are_normalized() {
    assert_eq!(normalize_date("2026-11-20T18:00:00+08:00"), "2026-11-20T18:00:00+08:00");
    assert_eq!(normalize_date(" 2026-11-20T10:00:00Z "), "2026-11-20T10:00:00Z");
    assert_eq!(normalize_date("2026-11-20T10:00:00"), "2026-11-20T10:00:00Z");
    assert_eq!(normalize_date("2026-11-20T10:00:00.250"), "2026-11-20T10:00:00.250Z");
    assert_eq!(normalize_date("2026-11-20 10:00:00"), "2026-11-20 10:00:00Z");
    assert_eq!(normalize_date("2026-11-20"), "2026-11-20T00:00:00Z");
    assert_eq!(normalize_date("2026-02-30"), "2026-02-30", "impossible date kept raw");
    assert_eq!(normalize_date(" 昨天 "), "昨天");
    assert_eq!(normalize_date("Fri, 20 Nov 2026 10:00:00 +0800"), "Fri, 20 Nov 2026 10:00:00 +0800");
}

#[test]
fn wordpress_local_dates_get_the_site_offset() {
    assert_eq!(wp::local_rfc3339("2026-11-20T18:00:00", Some("2026-11-20T10:00:00")), "2026-11-20T18:00:00+08:00");
    assert_eq!(wp::local_rfc3339("2026-11-20T05:00:00", Some("2026-11-20T10:00:00")), "2026-11-20T05:00:00-05:00");
    assert_eq!(wp::local_rfc3339("2026-11-20T23:30:00", Some("2026-11-21T03:00:00")), "2026-11-20T23:30:00-03:30");
    assert_eq!(wp::local_rfc3339("2026-11-20T15:45:00", Some("2026-11-20T10:00:00")), "2026-11-20T15:45:00+05:45");
    assert_eq!(wp::local_rfc3339("2026-01-01T04:00:00", Some("2025-12-31T20:00:00")), "2026-01-01T04:00:00+08:00");
    assert_eq!(wp::local_rfc3339("2026-11-20T10:00:00", Some("2026-11-20T10:00:00")), "2026-11-20T10:00:00+00:00");
    assert_eq!(wp::local_rfc3339("2026-11-20T18:00:00", Some("2026-11-20T10:00:00Z")), "2026-11-20T18:00:00+08:00");
    assert_eq!(wp::local_rfc3339("2026-11-20T18:00:29", Some("2026-11-20T10:00:00")), "2026-11-20T18:00:29+08:00");
    // No usable GMT: the local time reads as UTC.
    assert_eq!(wp::local_rfc3339("2026-11-20T18:00:00", None), "2026-11-20T18:00:00Z");
    assert_eq!(wp::local_rfc3339("2026-11-20T18:00:00", Some("0000-00-00T00:00:00")), "2026-11-20T18:00:00Z");
    assert_eq!(wp::local_rfc3339("2026-11-20T18:00:00", Some("garbage")), "2026-11-20T18:00:00Z");
    assert_eq!(wp::local_rfc3339("2026-11-22T18:00:00", Some("2026-11-20T10:00:00")), "2026-11-22T18:00:00Z", "> 14 h");
    assert_eq!(
        wp::local_rfc3339("2026-11-20T18:00:00+08:00", Some("2026-11-20T10:00:00")),
        "2026-11-20T18:00:00+08:00"
    );
    assert_eq!(wp::local_rfc3339("soon", Some("2026-11-20T10:00:00")), "soon");
}

// ---- JSON Feed ----

#[test]
fn json_feed_1_1_decodes() {
    let feed = feed("jsonfeed-1.1.json");
    assert_eq!(feed.title, "海滨晚报 – 本地新闻", "entities in the title decoded");
    assert_eq!(feed.home_page_url.as_deref(), Some("https://www.haibin.example/"));
    assert_eq!(feed.icon.as_deref(), Some("https://www.haibin.example/static/icon-512.png"));
    assert_eq!(feed.next_url.as_deref(), Some("https://www.haibin.example/feed-2.json"));
    assert_eq!(feed.items.len(), 5);

    let first = &feed.items[0];
    assert_eq!(first.id, "https://www.haibin.example/news/2051");
    assert_eq!(first.title, "滨海大道“潮汐车道”下周一启用 & 早高峰通行时间有望缩短");
    assert_eq!(first.authors, ["李明", "王芳"]);
    assert_eq!(first.tags, ["交通", "民生"]);
    assert_eq!(first.date_published.as_deref(), Some("2026-11-20T18:00:00+08:00"));
    assert_eq!(first.banner_image.as_deref(), Some("https://www.haibin.example/uploads/2026/11/tide-lane-wide.jpg"));

    let numeric = &feed.items[1];
    assert_eq!(numeric.id, "2050", "numeric id");
    assert_eq!(numeric.title, "海滨市第三人民医院新院区今日开诊。", "untitled: first line of content_text");
    assert!(numeric.authors.is_empty(), "an author without a name is skipped");
    assert_eq!(numeric.content_html, None);

    let third = &feed.items[2];
    assert_eq!(third.external_url.as_deref(), Some("https://culture.haibin.example/exhibit/77"));
    assert_eq!(third.summary, None);

    let blank = &feed.items[3];
    assert_eq!((blank.title.as_str(), blank.content_html.as_deref()), ("", None), "nothing to name it by");
}

#[test]
fn json_feed_1_0_author_and_untitled_items() {
    let feed = feed("jsonfeed-1.0.json");
    assert_eq!(feed.title, "东港区融媒体中心");
    assert_eq!(feed.items[0].id, "901");
    assert_eq!(feed.items[0].title, "东港区启动冬季供暖…");
    assert_eq!(feed.items[0].authors, ["赵磊"], "1.0 `author.name`");
    assert!(feed.items[1].authors.is_empty());
    assert_eq!(feed.items[1].title, "早市搬迁", "first line of the HTML's text");
    assert_eq!(feed.next_url, None);

    let summaries = feed.summaries();
    let long = summaries[1].summary.as_deref().expect("summary from content");
    assert!(long.starts_with("早市搬迁 东港早市将于本月底"), "{long}");
    assert_eq!(long.chars().count(), 121, "120 characters and an ellipsis");
    assert!(long.ends_with('…'));
}

#[test]
fn json_feed_untitled_item_titles_are_cut_to_60_characters() {
    let text = "长".repeat(80);
    let feed: Feed =
        from_str(&format!(r#"{{"title":"t","items":[{{"id":1,"content_text":"\n{text}\n第二行"}}]}}"#)).expect("valid");
    assert_eq!(feed.items[0].title, format!("{}…", "长".repeat(60)));
    let feed: Feed =
        from_str(r#"{"title":"t","items":[{"id":1,"summary":" 摘要先用 ","content_text":"正文"}]}"#).expect("valid");
    assert_eq!(feed.items[0].title, "摘要先用");
    assert_eq!(feed.items[0].summary.as_deref(), Some("摘要先用"));
}

#[test]
fn json_feed_with_no_items_and_no_title() {
    let feed = feed("jsonfeed-empty.json");
    assert_eq!(feed.title, "quiet.example", "named after its home page's host");
    assert!(feed.items.is_empty());
    assert!(feed.summaries().is_empty());
    let page = feed.page(1, 10);
    assert_eq!((page.items.len(), page.total, page.page_count()), (0, 0, 1));
    assert_eq!(feed.article("1"), None);
    assert_eq!(feed.site().name, "quiet.example");
}

#[test]
fn json_feed_items_that_cannot_be_read_are_skipped_and_named() {
    let skipped = |text: &str| -> (Vec<String>, Vec<String>) {
        let feed = from_str::<Feed>(text).expect("the feed reads, less its bad items");
        (feed.items.into_iter().map(|i| i.id).collect(), feed.skipped.iter().map(ToString::to_string).collect())
    };
    // An item without an id takes its URL; one with neither is skipped, the rest kept.
    assert_eq!(
        skipped(r#"{"title":"t","items":[{"id":"a"},{"title":"no id"},{"url":"https://x.example/3"},{"id":"d"}]}"#),
        (vec!["a".into(), "https://x.example/3".into(), "d".into()], vec!["items[1].id: missing".into()])
    );
    assert_eq!(
        skipped(
            r#"{"title":"t","items":[{"id":1.5},{"id":"b","tags":["x",3]},{"id":"c","content_html":{}},7,{"id":"e"}]}"#
        ),
        (
            vec!["e".into()],
            vec![
                "items[0].id: expected a string or integer id".into(),
                "items[1].tags[1]: expected a string".into(),
                "items[2].content_html: expected a string".into(),
                "items[3]: expected an object".into(),
            ]
        )
    );
    // The feed itself stays strict.
    assert_eq!(from_str::<Feed>(r#"{"title":"t"}"#).expect_err("no items").to_string(), "items: missing or not a list");
    assert_eq!(from_str::<Feed>(r#"{"title":"t","items":{}}"#).expect_err("not a list").path, "items");
    assert_eq!(from_str::<Feed>("[]").expect_err("not an object").to_string(), "expected an object");
    assert_eq!(Feed::decode(json!({"items": [7]})).map(|f| (f.items.len(), f.skipped.len())), Ok((0, 1)));
}

#[test]
fn json_feed_site_and_summaries() {
    let feed = feed("jsonfeed-1.1.json");
    let site = feed.site();
    assert_eq!(site.name, "海滨晚报 – 本地新闻");
    assert_eq!(site.logo.as_deref(), Some("https://www.haibin.example/static/icon-512.png"));
    assert_eq!(site.home_url.as_deref(), Some("https://www.haibin.example/"));
    assert!(site.tip.is_none() && site.footer.is_none());

    let list = feed.summaries();
    assert_eq!(ids(&list), ["https://www.haibin.example/news/2051", "2050", "2049", "2048", "2047"], "feed order");
    let first = &list[0];
    assert_eq!(first.summary.as_deref(), Some("滨海大道东段潮汐车道下周一启用，早高峰中间两条车道改为进城方向。"));
    assert_eq!(first.source.as_deref(), Some("海滨晚报 – 本地新闻"));
    assert_eq!(first.published_at.as_deref(), Some("2026-11-20T18:00:00+08:00"));
    assert_eq!(
        first.thumbnail,
        Some(Image {
            url: "https://www.haibin.example/uploads/2026/11/tide-lane.jpg".into(),
            alt: None,
            caption: None,
            width: None,
            height: None,
            sources: vec![],
        }),
        "image before banner_image"
    );
    assert_eq!(first.url, None, "read in-app");
    assert_eq!(
        list[1].summary.as_deref(),
        Some("海滨市第三人民医院新院区今日开诊。 首批开放内科、外科、儿科等十二个科室。 市民可通过“健康海滨”公众号预约挂号，现场也保留了人工窗口。")
    );
    assert_eq!(list[1].published_at.as_deref(), Some("2026-11-19T09:30:00Z"), "no offset: UTC");
    assert_eq!(
        list[1].thumbnail.as_ref().map(|i| i.url.as_str()),
        Some("https://www.haibin.example/uploads/2026/11/hospital.jpg")
    );
    assert_eq!(
        list[2].summary.as_deref(),
        Some("展览共展出 老照片两百余幅，记录了 上世纪渔村的生活。 展期：至明年二月 地点：市博物馆二楼"),
        "text of the HTML, script dropped"
    );
    assert_eq!(list[2].published_at.as_deref(), Some("2026-11-18T00:00:00Z"));
    assert_eq!(list[2].thumbnail, None);
    assert_eq!(list[3].summary, None, "empty content, no summary");
    assert_eq!(list[3].published_at.as_deref(), Some("2026-11-17T08:00:00.250Z"), "date_modified stands in");
}

#[test]
fn json_feed_pages() {
    let feed = feed("jsonfeed-1.1.json");
    let page = feed.page(1, 2);
    assert_eq!(
        (ids(&page.items), page.page, page.per_page, page.total),
        (vec!["https://www.haibin.example/news/2051", "2050"], 1, 2, 5)
    );
    assert_eq!(ids(&feed.page(2, 2).items), ["2049", "2048"]);
    assert_eq!(ids(&feed.page(3, 2).items), ["2047"]);
    assert!(!feed.page(3, 2).has_next());
    assert!(feed.page(2, 2).has_next());
    assert!(feed.page(4, 2).items.is_empty());
    assert_eq!(feed.page(0, 2).page, 1, "page 0 reads as 1");
    assert_eq!(feed.page(0, 2).items, feed.page(1, 2).items);
    assert!(feed.page(1, 0).items.is_empty());
    assert!(feed.page(u32::MAX, u32::MAX).items.is_empty(), "no overflow");
    assert_eq!(feed.page(1, 100).items, feed.summaries());
}

#[test]
fn json_feed_article_maps_every_field() {
    let feed = feed("jsonfeed-1.1.json");
    let a = feed.article("https://www.haibin.example/news/2051").expect("first item");
    assert_eq!(a.title, "滨海大道“潮汐车道”下周一启用 & 早高峰通行时间有望缩短");
    assert!(a.body_html.starts_with("<p>记者从市交通运输局获悉"));
    assert_eq!(a.author.as_deref(), Some("李明、王芳"));
    assert_eq!(
        a.source,
        Some(Source {
            name: "海滨晚报 – 本地新闻".into(), url: Some("https://www.haibin.example/news/2051".into())
        })
    );
    assert_eq!(a.published_at, "2026-11-20T18:00:00+08:00");
    assert_eq!(a.updated_at.as_deref(), Some("2026-11-20T19:12:40+08:00"));
    assert_eq!(a.summary.as_deref(), Some("滨海大道东段潮汐车道下周一启用，早高峰中间两条车道改为进城方向。"));
    assert_eq!(a.cover.map(|c| c.url), Some("https://www.haibin.example/uploads/2026/11/tide-lane.jpg".into()));
    assert_eq!(a.tags, ["交通", "民生"]);
    assert!(!a.comments_open);
    assert_eq!(a.comment_count, None);
    assert_eq!((a.channel, a.original_title, a.subtitle, a.editor, a.byline), (None, None, None, None, None));
    assert_eq!(a.next, None, "the newest item has no newer neighbour");
    assert_eq!(a.prev.map(|p| p.id), Some("2050".into()), "prev is the older item");

    let text_only = feed.article("2050").expect("numeric id as string");
    assert_eq!(
        text_only.body_html,
        "<p>海滨市第三人民医院新院区今日开诊。<br>首批开放内科、外科、儿科等十二个科室。</p><p>市民可通过“健康海滨”公众号预约挂号，现场也保留了人工窗口。</p>"
    );
    assert_eq!(text_only.author, None);
    assert_eq!(text_only.published_at, "2026-11-19T09:30:00Z");
    assert_eq!(text_only.updated_at, None);
    assert_eq!(text_only.summary, None, "an article's summary is only the item's own");
    assert_eq!(text_only.cover.map(|c| c.url), Some("https://www.haibin.example/uploads/2026/11/hospital.jpg".into()));
    assert_eq!(text_only.next.map(|n| n.id), Some("https://www.haibin.example/news/2051".into()));
    assert_eq!(text_only.prev.map(|p| p.id), Some("2049".into()));

    let empty = feed.article("2048").expect("empty item");
    assert_eq!(empty.body_html, "");
    assert_eq!(empty.published_at, "2026-11-17T08:00:00.250Z", "date_modified stands in");
    assert_eq!(empty.updated_at.as_deref(), Some("2026-11-17T08:00:00.250Z"));
    assert_eq!(empty.source.and_then(|s| s.url), Some("https://www.haibin.example/".into()), "home page without url");

    let last = feed.article("2047").expect("last item");
    assert_eq!(last.prev, None);
    assert_eq!(last.next.map(|n| n.id), Some("2048".into()));
    assert_eq!(feed.article("nope"), None);

    let mut undated = feed.clone();
    undated.items[3].date_modified = None;
    assert_eq!(undated.article("2048").map(|a| a.published_at), Some(String::new()));
}

#[test]
fn json_feed_related_by_tag_newest_first_else_newest() {
    let mut feed = feed("jsonfeed-1.1.json");
    let related = |feed: &Feed, id: &str| feed.article(id).and_then(|a| a.related).expect("related is embedded");
    // 2051 has 交通 and 民生: 2050 (交通, 民生) and 2047 (民生) share one; 2049 (文化) does not.
    assert_eq!(ids(&related(&feed, "https://www.haibin.example/news/2051")), ["2050", "2047"]);
    // 2049's 文化 is shared by none: the newest others, undated last.
    assert_eq!(ids(&related(&feed, "2049")), ["https://www.haibin.example/news/2051", "2050", "2048", "2047"]);
    // At most six.
    for n in 0..10 {
        let mut item = feed.items[4].clone();
        item.id = format!("extra-{n}");
        item.date_published = Some(format!("2026-10-{:02}T08:00:00+08:00", n + 1));
        feed.items.push(item);
    }
    let many = related(&feed, "2047");
    assert_eq!(many.len(), 6);
    assert_eq!(many[0].id, "https://www.haibin.example/news/2051", "newest first across time zones");
    assert!(many.iter().all(|s| s.id != "2047"), "never itself");
    let single: Feed = from_str(r#"{"title":"t","items":[{"id":"only","title":"x"}]}"#).expect("valid");
    assert_eq!(single.article("only").and_then(|a| a.related), Some(vec![]), "embedded and empty");
}

#[test]
fn json_feed_extend_appends_new_items_only() {
    let mut feed = feed("jsonfeed-1.1.json");
    let next = self::feed("jsonfeed-1.1-page2.json");
    feed.extend(next);
    assert_eq!(feed.items.len(), 6);
    assert_eq!(feed.items[4].title, "海滨马拉松报名人数创新高", "the first copy stays");
    assert_eq!(feed.items[5].id, "2046");
    assert_eq!(feed.next_url, None, "the next page's next_url is taken");
    assert_eq!(feed.article("2047").and_then(|a| a.prev).map(|p| p.id), Some("2046".into()));
    assert_eq!(feed.page(2, 5).total, 6);
}

// ---- WordPress ----

#[test]
fn wordpress_site_from_index() {
    let site = wp::site_from_index(&json_fixture("wp-index.json")).expect("index");
    assert_eq!(site.name, "海滨新闻网 & 晚报");
    assert_eq!(site.home_url.as_deref(), Some("https://www.haibin.example"), "`home` before `url`");
    assert_eq!(
        site.logo.as_deref(),
        Some("https://cms.haibin.example/wp-content/uploads/2026/01/cropped-icon-512.png")
    );
    let minimal = wp::site_from_index(&json_fixture("wp-index-minimal.json")).expect("minimal index");
    assert_eq!(minimal.name, "small-town.example", "blank name: the host");
    assert_eq!(minimal.home_url.as_deref(), Some("https://small-town.example"));
    assert_eq!(minimal.logo, None);
    assert_eq!(wp::site_from_index(&json!({"url": "x"})).expect_err("no name").to_string(), "name: missing");
    assert_eq!(wp::site_from_index(&json!([])).expect_err("not an object").to_string(), "expected an object");
}

#[test]
fn wordpress_post_to_article_maps_every_field() {
    let posts = json_fixture("wp-posts.json");
    let a = wp::post_to_article(&posts[0]).expect("post");
    assert_eq!(a.id, "3187");
    assert_eq!(a.title, "Café – “开业”：老城区口袋公园旁的咖啡馆 & 周末市集…");
    assert!(a.body_html.contains("<figure class=\"wp-block-image\">"), "body HTML kept as is");
    assert_eq!(
        a.summary.as_deref(),
        Some("位于老城区口袋公园旁的一家社区咖啡馆今天开业，店主是返乡青年林晓。周末，咖啡馆门前还将举办小型市集…")
    );
    assert_eq!(a.published_at, "2026-11-20T18:00:00+08:00");
    assert_eq!(a.updated_at.as_deref(), Some("2026-11-20T19:12:40+08:00"));
    assert_eq!(a.author.as_deref(), Some("周’记者"));
    assert_eq!(
        a.cover,
        Some(Image {
            url: "https://cms.haibin.example/wp-content/uploads/2026/11/cafe.jpg".into(),
            alt: Some("老城区社区咖啡馆门前".into()),
            caption: Some("咖啡馆开业当天，市民在门前排队 （周记者 摄）".into()),
            width: Some(2048),
            height: Some(1365),
            sources: cafe_sizes(),
        })
    );
    assert_eq!(a.channel, Some(Channel { id: "7".into(), name: "本地 & 民生".into() }));
    assert_eq!(a.tags, ["咖啡馆", "周末市集"]);
    assert_eq!(
        a.source,
        Some(Source {
            name: "www.haibin.example".into(),
            url: Some("https://www.haibin.example/2026/11/20/old-town-cafe-opens/".into())
        })
    );
    assert!(a.comments_open);
    assert_eq!((a.related, a.prev, a.next, a.comment_count), (None, None, None, None));

    let bare = wp::post_to_article(&posts[1]).expect("no media, no terms");
    assert_eq!((bare.cover, bare.channel), (None, None));
    assert!(bare.tags.is_empty());
    assert!(!bare.comments_open, "comment_status closed");
    assert_eq!(bare.author.as_deref(), Some("编辑部"));
    assert_eq!(bare.summary.as_deref(), Some("自12月1日起，海滨至东岛的轮渡末班时间提前至17:30。"));

    let odd = wp::post_to_article(&posts[2]).expect("untitled, broken embeds");
    let excerpt = odd.summary.as_deref().unwrap_or_default();
    assert!(excerpt.chars().count() > 60 && excerpt.starts_with("今晨海滨市出现今冬首场大雾"));
    assert_eq!(odd.title, format!("{}…", excerpt.chars().take(60).collect::<String>()), "untitled: the excerpt, cut");
    assert_eq!(odd.author, None, "embedded author is an error object");
    assert_eq!(odd.cover, None, "embedded media is an error object");
    assert_eq!(odd.channel.map(|c| c.name), Some("未分类".into()));
    assert_eq!(odd.published_at, "2026-11-19T08:00:00Z", "date_gmt of zeros: local read as UTC");
    assert_eq!(odd.updated_at.as_deref(), Some("2026-11-19T08:10:00Z"));
    assert_eq!(odd.body_html, "");
    assert!(odd.comments_open, "comment_status absent: open");
    assert_eq!(odd.source.map(|s| s.name), Some("www.haibin.example".into()));
}

#[test]
fn wordpress_post_to_summary() {
    let posts = json_fixture("wp-posts.json");
    let s = wp::post_to_summary(&posts[0]).expect("post");
    assert_eq!(s.id, "3187");
    assert_eq!(s.title, "Café – “开业”：老城区口袋公园旁的咖啡馆 & 周末市集…");
    assert!(s.summary.as_deref().is_some_and(|t| t.ends_with("小型市集…")), "[…] marker stripped");
    assert_eq!(s.published_at.as_deref(), Some("2026-11-20T18:00:00+08:00"));
    assert_eq!(
        s.thumbnail,
        Some(Image {
            url: "https://cms.haibin.example/wp-content/uploads/2026/11/cafe-300x200.jpg".into(),
            alt: Some("老城区社区咖啡馆门前".into()),
            caption: None,
            width: Some(300),
            height: Some(200),
            sources: cafe_sizes(),
        }),
        "the medium size"
    );
    assert_eq!((s.source, s.url), (None, None));
    assert_eq!(wp::post_to_summary(&posts[1]).expect("bare").thumbnail, None);

    // No medium size (a small upload): the full image with its own dimensions.
    let mut small = posts[0].clone();
    small["_embedded"]["wp:featuredmedia"][0]["media_details"]["sizes"] = json!({});
    let thumb = wp::post_to_summary(&small).expect("post").thumbnail.expect("full size");
    assert_eq!(
        (thumb.url.as_str(), thumb.width),
        ("https://cms.haibin.example/wp-content/uploads/2026/11/cafe.jpg", Some(2048))
    );
    small["_embedded"]["wp:featuredmedia"][0]["media_details"] = json!([]);
    small["_embedded"]["wp:featuredmedia"][0]["alt_text"] = json!("");
    let thumb = wp::post_to_summary(&small).expect("post").thumbnail.expect("no details");
    assert_eq!((thumb.width, thumb.height, thumb.alt), (None, None, None));

    let minimal = json!({"id": 1, "title": {"rendered": "A &amp; B"}});
    let s = wp::post_to_summary(&minimal).expect("without _embed or dates");
    assert_eq!((s.title.as_str(), s.summary, s.published_at, s.thumbnail), ("A & B", None, None, None));
    let a = wp::post_to_article(&minimal).expect("article without content");
    assert_eq!((a.body_html.as_str(), a.published_at.as_str(), a.source), ("", "", None));
    let excerpt = json!({"id": 2, "title": {"rendered": "t"}, "excerpt": {"rendered": "<p>Text [...]</p>"}});
    assert_eq!(wp::post_to_summary(&excerpt).expect("valid").summary.as_deref(), Some("Text"));
}

#[test]
fn wordpress_post_errors_name_their_path() {
    let err = wp::post_to_summary(&json!({"title": {"rendered": "t"}})).expect_err("no id");
    assert_eq!(err.to_string(), "id: missing");
    let err = wp::post_to_summary(&json!({"id": 1})).expect_err("no title");
    assert_eq!(err.to_string(), "title: missing");
    let err = wp::post_to_article(&json!({"id": 1, "title": {"rendered": "t"}, "content": {"rendered": 5}}))
        .expect_err("content type");
    assert_eq!(err.to_string(), "content.rendered: expected a string");
    let err = wp::post_to_article(&json!({"id": 1, "title": 7})).expect_err("title type");
    assert_eq!(err.path, "title");
    let err = wp::post_to_article(&json!({"id": 1, "title": "flat", "comment_status": false})).expect_err("status");
    assert_eq!(err.path, "comment_status");
    let mut posts = json_fixture("wp-posts.json");
    posts[2]["title"] = json!({"rendered": ["x"]});
    let err = wp::posts_page(&posts, 1, 10, None).expect_err("bad title in the list");
    assert_eq!(err.to_string(), "[2].title.rendered: expected a string");
    posts[1]["title"]["rendered"] = json!(null);
    assert_eq!(wp::posts_page(&posts, 1, 10, None).expect_err("null title").to_string(), "[1].title: missing");
    assert_eq!(
        wp::posts_page(&json!({"code": "rest_post_invalid_page_number"}), 9, 10, None)
            .expect_err("not a list")
            .to_string(),
        "expected a list"
    );
}

#[test]
fn wordpress_posts_page() {
    let posts = json_fixture("wp-posts.json");
    let page = wp::posts_page(&posts, 2, 3, Some(41)).expect("page");
    assert_eq!((ids(&page.items), page.page, page.per_page, page.total), (vec!["3187", "3186", "3185"], 2, 3, 41));
    assert_eq!(page.page_count(), 14);
    assert_eq!(wp::posts_page(&posts, 1, 10, None).expect("page").total, 3, "no X-WP-Total: the length");
    assert_eq!(wp::posts_page(&json!([]), 1, 10, Some(0)).expect("empty").items, vec![]);
}

#[test]
fn wordpress_comments() {
    let list = json_fixture("wp-comments.json");
    let first = wp::comment_from_wp(&list[0]).expect("comment");
    assert_eq!(first.id, "501");
    assert_eq!(first.parent_id, None, "parent 0");
    assert_eq!(first.author.name, "老街坊");
    assert_eq!(first.author.avatar.as_deref(), Some("https://secure.gravatar.com/avatar/1?s=48&d=mm&r=g"));
    assert_eq!(first.content, "终于有地方坐坐了！\n周末一定去看看。\n\n希望市集能常办。");
    assert_eq!(first.created_at, "2026-11-20T19:30:00+08:00");
    assert_eq!((first.likes, first.region.as_deref(), first.status), (0, None, CommentStatus::Published));
    assert!(first.replies.is_empty());

    let reply = wp::comment_from_wp(&list[1]).expect("reply");
    assert_eq!(reply.parent_id.as_deref(), Some("501"));
    assert_eq!(reply.author.name, "Tom & Jerry");
    assert_eq!(reply.author.avatar.as_deref(), Some("https://secure.gravatar.com/avatar/2?s=24"), "no 48: any size");
    assert_eq!(reply.content, "同感 <3 拿铁…不错");

    let string_ids = wp::comment_from_wp(&list[2]).expect("string ids");
    assert_eq!((string_ids.id.as_str(), string_ids.parent_id), ("503", None));
    assert_eq!(string_ids.author.avatar, None, "avatars off");
    assert_eq!(string_ids.created_at, "2026-11-21T08:15:00+08:00");

    let held = wp::comment_from_wp(&json_fixture("wp-comment-held.json")).expect("held");
    assert_eq!(held.status, CommentStatus::Pending);
    assert_eq!(held.parent_id.as_deref(), Some("501"));
    assert_eq!(held.content, "第一次留言…");
    let mut unapproved = json_fixture("wp-comment-held.json");
    unapproved["status"] = json!("unapproved");
    assert_eq!(wp::comment_from_wp(&unapproved).map(|c| c.status), Ok(CommentStatus::Pending));

    let page = wp::comments_page(&list, 1, 20, Some(3)).expect("page");
    assert_eq!((page.items.len(), page.page, page.per_page, page.total, page.count), (3, 1, 20, 3, 3));
    assert!(!page.has_more());
    let page = wp::comments_page(&list, 1, 2, None).expect("page");
    assert_eq!((page.total, page.count), (3, 3));
    let threads = build_threads(page.items);
    assert_eq!(threads.len(), 2, "the reply nests under its parent");
    assert_eq!(threads[0].replies[0].comment.id, "502");

    let err = wp::comments_page(&json!([{"id": 1}, {"content": {"rendered": ""}}]), 1, 20, None).expect_err("no id");
    assert_eq!(err.to_string(), "[1].id: missing");
    let err = wp::comment_from_wp(&json!({"id": 1, "content": 3})).expect_err("content type");
    assert_eq!(err.path, "content");
}

#[test]
fn wordpress_new_comment_fields() {
    let fields = wp::new_comment_fields("3187", "小王", "1 < 2 & \"好\"\n第二行", None);
    assert_eq!(
        fields,
        vec![
            ("post", Some("3187".to_string())),
            ("author_name", Some("小王".to_string())),
            ("content", Some("1 &lt; 2 &amp; &quot;好&quot;\n第二行".to_string())),
            ("parent", Some("0".to_string())),
        ]
    );
    let reply = wp::new_comment_fields("3187", "a", "b", Some("501"));
    assert_eq!(reply[3], ("parent", Some("501".to_string())));
}

/// Every size WordPress made of the fixture's featured image, narrowest first.
fn cafe_sizes() -> Vec<ImageSource> {
    [("cafe-150x150.jpg", 150), ("cafe-300x200.jpg", 300), ("cafe.jpg", 2048)]
        .into_iter()
        .map(|(file, width)| ImageSource {
            url: format!("https://cms.haibin.example/wp-content/uploads/2026/11/{file}"),
            width,
        })
        .collect()
}
