//! Property-based fuzzing of the pure model: nothing panics on any input, the sanitizer policy
//! stays inside its allow-list, and the encoders, parsers and thread builder keep their promises.
//!
//! Case counts are fixed (not read from `PROPTEST_CASES`) and failures are not persisted, so a
//! run writes nothing into the repository. A failure prints the shrunk input; to replay one, put
//! it in a unit test next to the code.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use news_model::adapters::html::{decode_entities, escape, html_to_text, text_to_html};
use news_model::adapters::jsonfeed::Feed;
use news_model::adapters::normalize_date;
use news_model::adapters::wordpress as wp;
use news_model::comments::{build_threads, Comment, CommentAuthor, CommentPage, CommentStatus, LikeCount, NewComment};
use news_model::config::percent_encode;
use news_model::datetime::{display_date, display_datetime, Timestamp};
use news_model::decode::{from_str, Decode};
use news_model::error::backend_message;
use news_model::sanitize_policy::{attr_value, embed_player, is_external, safe_url, tag_rule, TagRule, ID_PREFIX};
use news_model::{ApiError, Article, Channel, Config, Endpoint, Image, ItemList, Locale, Page, Site, Source, Summary};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde::Serialize;
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};
use std::fmt::Debug;
use std::time::{Duration, Instant};

/// A fixed number of cases, no regression files.
fn cases(n: u32) -> ProptestConfig {
    ProptestConfig { cases: n, failure_persistence: None, max_shrink_iters: 4096, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// Leaves: strings, numbers, dates, HTML and URLs in the shapes backends send (and break).

/// Every field name the decoders, adapters and config reader look at, so random objects hit them.
const FIELD_NAMES: &str =
    "id title name logo home_url tip footer text url copyright icp address hotline links alt caption \
     width height summary source published_at thumbnail original_title subtitle channel author editor \
     updated_at cover body_html byline tags related comment_count comments_open prev next items page \
     per_page total count parent_id content created_at likes region status replies avatar client_id \
     version home_page_url feed_url icon next_url external_url content_html content_text image \
     banner_image date_published date_modified authors rendered excerpt date date_gmt modified \
     modified_gmt link comment_status _embedded wp:featuredmedia wp:term media_details sizes medium \
     source_url alt_text taxonomy author_avatar_urls 48 author_name parent error message code api_base \
     adapter locale comments enabled page_size request_timeout_ms endpoints site articles article \
     post_comment like home site_icon_url";

/// Any text, newlines and control characters included.
fn any_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "(?s).{0,24}",
        2 => "[ -~]{0,16}",
        1 => Just(String::new()),
        1 => select(&[" ", "\t\n", "\u{3000}", "0", "-1", "true", "null", "中文", "pending", "open", "closed"][..])
            .prop_map(String::from),
    ]
    .boxed()
}

fn field_name() -> BoxedStrategy<String> {
    let names: Vec<&'static str> = FIELD_NAMES.split_whitespace().collect();
    prop_oneof![4 => select(names).prop_map(String::from), 1 => "(?s).{0,8}"].boxed()
}

// The calendar facts the timestamp properties compare with come from chrono, not from rules
// written again here: a copy of src/datetime.rs's arithmetic would share its mistakes.

fn date(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day))
}

fn is_leap(year: i32) -> bool {
    date(year, 2, 29).is_some()
}

fn days_in_month(year: i32, month: u8) -> u8 {
    (28..=31).rev().find(|&day| date(year, month, day).is_some()).expect("every month has 28 days")
}

/// Valid date-time components: (year, month, day, hour, minute, second).
type Civil = (i32, u8, u8, u8, u8, u8);

fn civil(max_second: u8) -> impl Strategy<Value = Civil> {
    let year = prop_oneof![
        8 => 1..=9999i32,
        1 => select(&[1, 4, 100, 400, 1600, 1900, 1969, 1970, 2000, 2038, 2100, 2400, 9999][..]),
    ];
    (year, 1..=12u8, 1..=31u8, 0..24u8, 0..60u8, 0..=max_second)
        .prop_map(|(y, mo, d, h, mi, s)| (y, mo, (d - 1) % days_in_month(y, mo) + 1, h, mi, s))
}

/// Seconds since 1970 of a wall clock read in `offset_minutes`. A leap second (:60) is the
/// second after :59, as the app counts it; chrono has no :60 of its own to compare with.
fn naive_unix((y, mo, d, h, mi, s): Civil, offset_minutes: i16) -> i64 {
    let utc = date(y, mo, d)
        .and_then(|day| day.and_hms_opt(u32::from(h), u32::from(mi), u32::from(s.min(59))))
        .expect("a valid civil time")
        .and_utc()
        .timestamp();
    utc + i64::from(s == 60) - i64::from(offset_minutes) * 60
}

fn wall_clock((y, mo, d, h, mi, s): Civil) -> String {
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
}

fn offset_text(minutes: i16) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

/// Dates as backends write them: RFC 3339, WordPress's offset-less local times, drafts' zero
/// date, bare dates, and near misses.
fn date_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (civil(60), -840..=840i16).prop_map(|(c, o)| format!("{}{}", wall_clock(c), offset_text(o))),
        2 => civil(59).prop_map(wall_clock),
        1 => civil(59).prop_map(|c| format!("{}Z", wall_clock(c))),
        1 => civil(59).prop_map(|c| wall_clock(c)[..10].to_string()),
        1 => Just("0000-00-00T00:00:00".to_string()),
        2 => "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,3})?([Zz]|[+-][0-9+-]{2}:[0-9+-]{2})?",
        1 => "[0-9T:+\\-Zz. ]{0,26}",
        1 => any_text(),
    ]
    .boxed()
}

const HTML_BITS: &[&str] = &[
    "<p>",
    "</p>",
    "<br>",
    "<BR/>",
    "<br />",
    "<div>",
    "</div>",
    "</li>",
    "</h1>",
    "</tr>",
    "<b>",
    "</b>",
    "<script>",
    "</script>",
    "</script",
    "<style>",
    "</STYLE>",
    "<!--",
    "-->",
    "<!-->",
    "<!doctype html>",
    "<?xml",
    "<",
    ">",
    "</",
    "< ",
    "<a href=\"x\">",
    "</a>",
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&nbsp;",
    "&hellip;",
    "&#",
    "&#x",
    "&#X",
    "&#8217;",
    "&#x2019;",
    "&#0;",
    "&#xD800;",
    "&#99999999999999999999;",
    "&#38",
    "&foo;",
    "&",
    ";",
    "a",
    "中文",
    "é",
    " ",
    "  ",
    "\n",
    "\t",
    "\r\n",
    "[…]",
    "[...]",
    "x",
    "\u{1}",
    "\u{A0}",
];

fn html_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::collection::vec(prop_oneof![4 => select(HTML_BITS).prop_map(String::from), 1 => any_text()], 0..12)
            .prop_map(|bits| bits.concat()),
        1 => any_text(),
    ]
    .boxed()
}

const URL_JUNK: &[&str] = &["", "", "", " ", "\t", "\n", "\u{0}", "\u{1}", "\u{7f}", " \u{1f}", "\u{A0}", "\u{3000}"];
const SCHEMES: &[&str] = &[
    "javascript",
    "JaVaScRiPt",
    "java\tscript",
    "java\nscript",
    "java script",
    "javascript\u{0}",
    "data",
    "DATA",
    "vbscript",
    "http",
    "HTTP",
    "https",
    "mailto",
    "MailTo",
    "file",
    "blob",
    "ftp",
    "x-y.z+w",
    "",
    "1abc",
    "a b",
    "#",
    "/",
    "?",
    "//",
];
const URL_SEPARATORS: &[&str] = &[":", ":", "&colon;", "/", "//", "", ":/", "\t:", " :"];

/// URLs, safe and hostile, with the usual disguises around their scheme.
fn url_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => (select(URL_JUNK), select(SCHEMES), select(URL_SEPARATORS), select(URL_JUNK), "[ -~]{0,12}")
            .prop_map(|(a, scheme, sep, b, rest)| format!("{a}{scheme}{sep}{b}{rest}")),
        1 => "#[A-Za-z0-9_\\- ]{0,10}",
        1 => any_text(),
    ]
    .boxed()
}

fn number() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => (0..5u64).prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => select(&[4_294_967_295u64, 4_294_967_296, u64::MAX][..]).prop_map(Value::from),
        1 => any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
    ]
    .boxed()
}

fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => number(),
        3 => any_text().prop_map(Value::String),
        1 => date_text().prop_map(Value::String),
        1 => html_text().prop_map(Value::String),
        1 => url_text().prop_map(Value::String),
    ]
    .boxed()
}

/// Arbitrary JSON, nested a few levels, with objects keyed mostly by real field names.
fn any_json() -> BoxedStrategy<Value> {
    leaf()
        .prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((field_name(), inner), 0..6)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Shaped JSON: the real documents' skeletons with each field right, missing, null or random, so
// decoding gets past the first field and into the nested ones.

#[derive(Clone, Copy)]
enum S {
    Text,
    Date,
    Html,
    Url,
    Id,
    Uint,
    Bool,
    Obj(&'static [(&'static str, S)]),
    List(&'static S),
    /// Either shape.
    Or(&'static S, &'static S),
    /// A fixed value.
    Lit(&'static str),
}

use S::*;

static IMAGE: S = Obj(&[("url", Url), ("alt", Text), ("caption", Text), ("width", Uint), ("height", Uint)]);
static SUMMARY: S = Obj(&[
    ("id", Id),
    ("title", Text),
    ("summary", Text),
    ("source", Text),
    ("published_at", Date),
    ("thumbnail", Or(&IMAGE, &IMAGE)),
    ("url", Url),
]);
static CHANNEL: S = Obj(&[("id", Id), ("name", Text)]);
static SOURCE: S = Or(&Text, &Obj(&[("name", Text), ("url", Url)]));
static TEXTS: S = List(&Text);
static ARTICLE: S = Obj(&[
    ("id", Id),
    ("title", Text),
    ("original_title", Text),
    ("subtitle", Text),
    ("channel", Or(&CHANNEL, &CHANNEL)),
    ("source", Or(&SOURCE, &SOURCE)),
    ("author", Text),
    ("editor", Text),
    ("published_at", Date),
    ("updated_at", Date),
    ("summary", Text),
    ("cover", Or(&IMAGE, &IMAGE)),
    ("body_html", Html),
    ("byline", Text),
    ("tags", Or(&TEXTS, &TEXTS)),
    ("related", List(&SUMMARY)),
    ("comment_count", Uint),
    ("comments_open", Bool),
    ("prev", Or(&SUMMARY, &SUMMARY)),
    ("next", Or(&SUMMARY, &SUMMARY)),
]);
static LINK: S = Obj(&[("text", Text), ("url", Url)]);
static SITE: S = Obj(&[
    ("name", Text),
    ("logo", Url),
    ("home_url", Url),
    ("tip", Obj(&[("title", Text), ("text", Text), ("url", Url)])),
    (
        "footer",
        Obj(&[("copyright", Text), ("icp", List(&Text)), ("address", Text), ("hotline", Text), ("links", List(&LINK))]),
    ),
]);
static SUMMARY_PAGE: S = Obj(&[("items", List(&SUMMARY)), ("page", Uint), ("per_page", Uint), ("total", Uint)]);
static SUMMARY_LIST: S = Obj(&[("items", List(&SUMMARY))]);
static SUMMARIES: S = List(&SUMMARY);
static AUTHOR: S = Or(&Text, &Obj(&[("name", Text), ("avatar", Url)]));
static COMMENT: S = Obj(&[
    ("id", Id),
    ("parent_id", Id),
    ("author", Or(&AUTHOR, &AUTHOR)),
    ("content", Text),
    ("created_at", Date),
    ("likes", Uint),
    ("region", Text),
    ("status", Or(&Lit("pending"), &Lit("published"))),
    ("replies", List(&COMMENT)),
]);
static COMMENT_PAGE: S =
    Obj(&[("items", List(&COMMENT)), ("page", Uint), ("per_page", Uint), ("total", Uint), ("count", Uint)]);
static NEW_COMMENT: S = Obj(&[("author", Text), ("content", Text), ("parent_id", Id), ("client_id", Text)]);
static NAMED: S = Obj(&[("name", Text)]);
static FEED_ITEM: S = Obj(&[
    ("id", Id),
    ("url", Url),
    ("external_url", Url),
    ("title", Or(&Text, &Html)),
    ("content_html", Html),
    ("content_text", Text),
    ("summary", Or(&Text, &Html)),
    ("image", Url),
    ("banner_image", Url),
    ("date_published", Date),
    ("date_modified", Date),
    ("authors", List(&NAMED)),
    ("author", Or(&NAMED, &NAMED)),
    ("tags", List(&TAG)),
]);
/// Few distinct tags, so items share them and `related` has work to do.
static TAG: S = Or(&Lit("本地"), &Or(&Lit("体育"), &Text));
static FEED: S = Obj(&[
    ("version", Lit("https://jsonfeed.org/version/1.1")),
    ("title", Or(&Text, &Html)),
    ("home_page_url", Url),
    ("icon", Url),
    ("next_url", Url),
    ("items", List(&FEED_ITEM)),
]);
static RENDERED: S = Or(&Obj(&[("rendered", Html)]), &Html);
static WP_MEDIA: S = Obj(&[
    ("source_url", Url),
    ("alt_text", Text),
    ("caption", Or(&RENDERED, &RENDERED)),
    (
        "media_details",
        Obj(&[
            ("width", Uint),
            ("height", Uint),
            ("sizes", Obj(&[("medium", Obj(&[("source_url", Url), ("width", Uint), ("height", Uint)]))])),
        ]),
    ),
]);
static WP_TERM: S =
    Obj(&[("taxonomy", Or(&Lit("category"), &Or(&Lit("post_tag"), &Text))), ("id", Id), ("name", Html)]);
static WP_TERMS: S = List(&WP_TERM);
static WP_POST: S = Obj(&[
    ("id", Id),
    ("date", Date),
    ("date_gmt", Date),
    ("modified", Date),
    ("modified_gmt", Date),
    ("link", Url),
    ("comment_status", Or(&Lit("open"), &Or(&Lit("closed"), &Text))),
    ("title", Or(&RENDERED, &RENDERED)),
    ("excerpt", Or(&RENDERED, &RENDERED)),
    ("content", Or(&RENDERED, &RENDERED)),
    (
        "_embedded",
        Obj(&[("author", List(&NAMED)), ("wp:featuredmedia", List(&WP_MEDIA)), ("wp:term", List(&WP_TERMS))]),
    ),
]);
static WP_COMMENT: S = Obj(&[
    ("id", Id),
    ("parent", Or(&Lit("0"), &Id)),
    ("author_name", Or(&Text, &Html)),
    ("author_avatar_urls", Obj(&[("24", Url), ("48", Url), ("96", Url)])),
    ("date", Date),
    ("date_gmt", Date),
    ("content", Or(&RENDERED, &RENDERED)),
    ("status", Or(&Lit("approved"), &Or(&Lit("hold"), &Lit("unapproved")))),
]);
static WP_INDEX: S = Obj(&[("name", Or(&Text, &Html)), ("home", Url), ("url", Url), ("site_icon_url", Url)]);
static ENDPOINTS: S = Obj(&[
    ("site", Text),
    ("articles", Text),
    ("article", Or(&Lit("/news/{id}.json"), &Text)),
    ("related", Text),
    ("comments", Or(&Lit("https://c.example/{id}?p={page}&s={sort}"), &Text)),
    ("post_comment", Text),
    ("like", Text),
]);
static CONFIG_JSON: S = Obj(&[
    ("api_base", Or(&Url, &Lit("/"))),
    ("adapter", Or(&Lit("native"), &Or(&Lit("jsonfeed"), &Or(&Lit("wordpress"), &Text)))),
    ("feed_url", Url),
    ("endpoints", Or(&ENDPOINTS, &ENDPOINTS)),
    ("locale", Or(&Lit("zh-CN"), &Or(&Lit("en_US"), &Text))),
    ("comments", Obj(&[("enabled", Bool), ("page_size", Uint), ("api_base", Url)])),
    ("request_timeout_ms", Or(&Uint, &Lit("2500"))),
]);

/// A value of shape `s`, `depth` levels of nesting at most. How much of it is wrong (fields
/// missing, `null` or of any type at all) is drawn per document: often nothing, so decoding gets
/// all the way down, sometimes a little, sometimes a lot.
fn shaped(s: &'static S, depth: u32) -> BoxedStrategy<Value> {
    select(&[0u32, 0, 1, 4][..]).prop_flat_map(move |noise| shaped_with(s, depth, noise)).boxed()
}

fn shaped_with(s: &'static S, depth: u32, noise: u32) -> BoxedStrategy<Value> {
    let right = shaped_right(s, depth, noise);
    if noise == 0 {
        return right;
    }
    prop_oneof![40 => right, noise => Just(Value::Null), noise => any_json()].boxed()
}

fn shaped_right(s: &'static S, depth: u32, noise: u32) -> BoxedStrategy<Value> {
    match s {
        Text => any_text().prop_map(Value::String).boxed(),
        Date => date_text().prop_map(Value::String).boxed(),
        Html => html_text().prop_map(Value::String).boxed(),
        Url => url_text().prop_map(Value::String).boxed(),
        Id => prop_oneof![
            3 => "[0-9]{1,3}".prop_map(Value::String),
            2 => (0..1000u64).prop_map(Value::from),
            1 => any::<i64>().prop_map(Value::from),
            1 => any_text().prop_map(Value::String),
        ]
        .boxed(),
        Uint if noise == 0 => {
            prop_oneof![4 => 0..30u64, 1 => any::<u32>().prop_map(u64::from)].prop_map(Value::from).boxed()
        }
        Uint => prop_oneof![12 => (0..30u64).prop_map(Value::from), noise => number()].boxed(),
        Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Lit(text) => Just(Value::from(*text)).boxed(),
        Or(a, b) => prop_oneof![shaped_right(a, depth, noise), shaped_right(b, depth, noise)].boxed(),
        List(_) if depth == 0 => Just(Value::Array(Vec::new())).boxed(),
        List(item) => prop::collection::vec(shaped_with(item, depth - 1, noise), 0..5).prop_map(Value::Array).boxed(),
        Obj(fields) => {
            let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
                .iter()
                .map(|(name, shape)| {
                    let name = name.to_string();
                    // Objects go on past `depth` (only lists nest without end).
                    let value = shaped_with(shape, depth.saturating_sub(1), noise).prop_map(Some);
                    let value =
                        if noise == 0 { value.boxed() } else { prop_oneof![12 => value, noise => Just(None)].boxed() };
                    value.prop_map(move |v| v.map(|v| (name.clone(), v))).boxed()
                })
                .collect();
            let extra = prop::collection::vec((field_name(), any_json()), 0..2);
            (fields, extra)
                .prop_map(|(fields, extra)| {
                    let mut map: Map<String, Value> = extra.into_iter().collect();
                    map.extend(fields.into_iter().flatten());
                    Value::Object(map)
                })
                .boxed()
        }
    }
}

/// JSON text: broken, random, or a shaped document (whole or cut short).
fn json_text(s: &'static S) -> BoxedStrategy<String> {
    prop_oneof![
        1 => "(?s).{0,48}",
        1 => "[\\[\\]{}\",:0-9a-z\\\\ .eE+\\-]{0,48}",
        4 => shaped(s, 4).prop_map(|v| v.to_string()),
        2 => (shaped(s, 4), any::<Index>()).prop_map(|(v, cut)| {
            let text = v.to_string();
            let mut at = cut.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text[..at].to_string()
        }),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// 1. Nothing panics, and what decodes survives a trip through the server's serialisation.

/// Decodes `text` as `T`; what decodes must read back the same after serialising.
fn decodes_cleanly<T: Decode + Serialize + PartialEq + Debug>(text: &str) {
    if let Ok(t) = from_str::<T>(text) {
        let again = serde_json::to_string(&t).expect("model types serialise");
        assert_eq!(from_str::<T>(&again).as_ref(), Ok(&t), "re-decoding {again}");
    }
}

proptest! {
    #![proptest_config(cases(384))]

    #[test]
    fn article_decoding_never_panics(text in json_text(&ARTICLE)) {
        decodes_cleanly::<Article>(&text);
    }

    #[test]
    fn summary_page_and_list_decoding_never_panic(
        page in json_text(&SUMMARY_PAGE),
        list in json_text(&SUMMARY_LIST),
        one in json_text(&SUMMARY),
        many in json_text(&SUMMARIES),
    ) {
        decodes_cleanly::<Page<Summary>>(&page);
        decodes_cleanly::<ItemList<Summary>>(&list);
        decodes_cleanly::<Summary>(&one);
        decodes_cleanly::<Vec<Summary>>(&many);
    }

    #[test]
    fn site_decoding_never_panics(text in json_text(&SITE)) {
        decodes_cleanly::<Site>(&text);
    }

    #[test]
    fn comment_decoding_never_panics(page in json_text(&COMMENT_PAGE), one in json_text(&COMMENT)) {
        decodes_cleanly::<CommentPage>(&page);
        decodes_cleanly::<Comment>(&one);
        if let Ok(page) = from_str::<CommentPage>(&page) {
            let _ = page.has_more();
            let _ = build_threads(page.items);
        }
    }

    #[test]
    fn anything_else_decodes_without_panicking(value in any_json(), other in json_text(&NEW_COMMENT)) {
        let text = value.to_string();
        for text in [text.as_str(), other.as_str()] {
            decodes_cleanly::<Article>(text);
            decodes_cleanly::<Site>(text);
            decodes_cleanly::<Summary>(text);
            decodes_cleanly::<Page<Summary>>(text);
            decodes_cleanly::<ItemList<Summary>>(text);
            decodes_cleanly::<CommentPage>(text);
            decodes_cleanly::<Comment>(text);
            decodes_cleanly::<NewComment>(text);
            decodes_cleanly::<LikeCount>(text);
            decodes_cleanly::<Image>(text);
            decodes_cleanly::<Channel>(text);
            decodes_cleanly::<Source>(text);
            decodes_cleanly::<CommentAuthor>(text);
            let _ = from_str::<Feed>(text);
        }
    }
}

// The adapters' documents are the biggest: fewer cases of them (and of the error bodies).
proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn wordpress_mapping_never_panics(
        post in shaped(&WP_POST, 5),
        posts in prop::collection::vec(shaped(&WP_POST, 5), 0..3),
        comment in shaped(&WP_COMMENT, 4),
        comments in prop::collection::vec(shaped(&WP_COMMENT, 4), 0..3),
        index in shaped(&WP_INDEX, 3),
        anything in any_json(),
        page in any::<u32>(),
        per_page in any::<u32>(),
        total in any::<Option<u64>>(),
    ) {
        for v in [&post, &comment, &index, &anything] {
            if let Ok(article) = wp::post_to_article(v) {
                prop_assert!(!article.title.contains('\n'), "title is one line: {:?}", article.title);
                prop_assert!(article.related.is_none());
            }
            if let Ok(summary) = wp::post_to_summary(v) {
                prop_assert!(!summary.title.contains('\n'));
                prop_assert!(summary.summary.iter().all(|s| !s.contains('\n') && !s.trim().is_empty()));
            }
            if let Ok(c) = wp::comment_from_wp(v) {
                prop_assert_ne!(c.parent_id.as_deref(), Some("0"), "parent 0 is top level");
                prop_assert!(c.replies.is_empty() && c.likes == 0);
            }
            let _ = wp::site_from_index(v);
        }
        let list = Value::Array(posts);
        for v in [&list, &anything] {
            if let Ok(p) = wp::posts_page(v, page, per_page, total) {
                prop_assert_eq!(p.total, total.unwrap_or(p.items.len() as u64));
                prop_assert_eq!((p.page, p.per_page), (page, per_page));
            }
        }
        let list = Value::Array(comments);
        for v in [&list, &anything] {
            if let Ok(p) = wp::comments_page(v, page, per_page, total) {
                prop_assert_eq!(p.count, p.total);
                let _ = p.has_more();
                let _ = build_threads(p.items);
            }
        }
    }

    #[test]
    fn wordpress_dates_never_panic(local in date_text(), gmt in prop::option::of(date_text())) {
        let _ = wp::local_rfc3339(&local, gmt.as_deref());
        let once = normalize_date(&local);
        prop_assert_eq!(normalize_date(&once), once.clone(), "normalize_date is idempotent");
        let _ = wp::new_comment_fields(&local, &local, &local, gmt.as_deref());
    }

    #[test]
    fn feeds_page_article_and_extend_never_panic(
        first in json_text(&FEED),
        second in shaped(&FEED, 4),
        page in prop_oneof![0..4u32, any::<u32>()],
        per_page in prop_oneof![0..4u32, any::<u32>()],
        id in prop_oneof![any_text(), "[0-9]{1,3}"],
    ) {
        let Ok(mut feed) = from_str::<Feed>(&first) else { return Ok(()) };
        let _ = feed.site();
        let p = feed.page(page, per_page);
        prop_assert!(p.items.len() <= per_page as usize);
        prop_assert_eq!(p.total, feed.items.len() as u64);
        prop_assert!(p.page >= 1);
        prop_assert_eq!(feed.summaries().len(), feed.items.len());
        let ids: Vec<String> = feed.items.iter().map(|item| item.id.clone()).collect();
        for wanted in ids.iter().chain([&id]) {
            match feed.article(wanted) {
                Some(article) => {
                    prop_assert_eq!(&article.id, wanted);
                    let related = article.related.unwrap_or_default();
                    prop_assert!(related.len() <= 6);
                    prop_assert!(related.iter().all(|r| &r.id != wanted), "an article is not related to itself");
                }
                None => prop_assert!(!ids.contains(wanted)),
            }
        }
        if let Ok(next) = Feed::decode(second.clone()) {
            let next_url = next.next_url.clone();
            let before: HashSet<String> = ids.iter().cloned().collect();
            let fresh: HashSet<String> =
                next.items.iter().map(|i| i.id.clone()).filter(|id| !before.contains(id)).collect();
            feed.extend(next);
            prop_assert_eq!(feed.items.len(), ids.len() + fresh.len(), "new ids are appended once each");
            prop_assert_eq!(&feed.items[..ids.len()].iter().map(|i| i.id.clone()).collect::<Vec<_>>(), &ids);
            prop_assert_eq!(feed.next_url, next_url);
        }
    }

    #[test]
    fn api_errors_never_panic(status in any::<u16>(), body in prop_oneof![
        json_text(&ARTICLE),
        (any_text(), any_json()).prop_map(|(m, code)| serde_json::json!({"error": {"code": code, "message": m}}).to_string()),
        any_json().prop_map(|e| serde_json::json!({"error": e}).to_string()),
    ]) {
        let message = backend_message(&body);
        if let Some(m) = &message {
            prop_assert!(!m.is_empty() && m.trim() == m && m.chars().count() <= 200, "{m:?}");
        }
        let error = ApiError::from_status(status, &body);
        if status == 404 {
            prop_assert_eq!(error, ApiError::NotFound);
        } else {
            prop_assert_eq!(&error, &ApiError::Http { status, message });
            let prefix = format!("HTTP {status}");
            prop_assert!(error.to_string().starts_with(&prefix));
        }
    }

    #[test]
    fn wrapped_backend_messages_are_trimmed_and_bounded(message in any_text(), long in 150..400usize) {
        let body = serde_json::json!({"error": {"message": message.repeat(long / message.len().max(1))}}).to_string();
        let expected = message.repeat(long / message.len().max(1));
        let expected = expected.trim();
        let expected = (!expected.is_empty()).then(|| expected.chars().take(200).collect::<String>());
        prop_assert_eq!(backend_message(&body), expected);
    }
}

// ---- config ----

const ATTRIBUTE_NAMES: &[&str] = &[
    "api-base",
    "adapter",
    "locale",
    "feed-url",
    "request-timeout-ms",
    "comments-enabled",
    "comments-page-size",
    "comments-api-base",
    "endpoint-site",
    "endpoint-articles",
    "endpoint-article",
    "endpoint-related",
    "endpoint-comments",
    "endpoint-post-comment",
    "endpoint-like",
    "endpoint-",
    "view",
    "article-id",
    "",
];

fn attribute() -> BoxedStrategy<(String, String)> {
    let name = prop_oneof![4 => select(ATTRIBUTE_NAMES).prop_map(String::from), 1 => any_text()];
    let value = prop_oneof![
        2 => any_text(),
        1 => (0..200_000u64).prop_map(|n| n.to_string()),
        1 => select(&["true", "false", "", " 50 ", "jsonfeed", "wordpress", "en", "/", "/a/{id}"][..]).prop_map(String::from),
        1 => url_text(),
    ];
    (name, value).boxed()
}

proptest! {
    #![proptest_config(cases(384))]

    #[test]
    fn config_reading_never_panics_and_keeps_its_bounds(
        text in json_text(&CONFIG_JSON),
        attributes in prop::collection::vec(attribute(), 0..6),
        vars in prop::collection::vec(any_text(), 4),
    ) {
        let (plain, _) = Config::from_json(&text);
        prop_assert_eq!(&plain, &Config::from_json_with(&text, &[]).0);
        let (config, warnings) = Config::from_json_with(&text, &attributes);
        prop_assert!(warnings.iter().all(|w| !w.is_empty()));
        prop_assert!((100..=120_000).contains(&config.request_timeout_ms));
        prop_assert!((1..=100).contains(&config.comments.page_size));
        prop_assert!(!config.api_base.ends_with('/'), "{:?}", config.api_base);
        prop_assert!(config.comments.api_base.iter().all(|b| !b.ends_with('/')));
        prop_assert!(config.feed_url.iter().all(|u| !u.is_empty() && u.trim() == u));
        prop_assert!(config.endpoints.iter().all(|(_, t)| !t.is_empty() && t.trim() == t));

        // The last attribute of a name wins when its value is valid.
        let last = |name: &str| attributes.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.trim());
        if let Some(ms) = last("request-timeout-ms").and_then(|v| v.parse::<u32>().ok()) {
            if (100..=120_000).contains(&ms) {
                prop_assert_eq!(config.request_timeout_ms, ms);
            }
        }
        if let Some(n) = last("comments-page-size").and_then(|v| v.parse::<u32>().ok()) {
            if (1..=100).contains(&n) {
                prop_assert_eq!(config.comments.page_size, n);
            }
        }
        if let Some(locale) = last("locale").and_then(Locale::parse) {
            prop_assert_eq!(config.locale, locale);
        }

        let named: Vec<(&str, &str)> =
            ["id", "page", "per_page", "sort"].into_iter().zip(vars.iter().map(String::as_str)).collect();
        for endpoint in Endpoint::ALL {
            let url = config.endpoint_url(endpoint, &named);
            let _ = config.endpoint_url(endpoint, &[]);
            if !config.endpoints.iter().any(|(e, _)| *e == endpoint) && endpoint == Endpoint::Article {
                prop_assert_eq!(url, format!("{}/articles/{}", config.api_base, percent_encode(&vars[0])));
            }
        }
        let _ = (config.has_comments(), config.has_likes(), config.api_url(&vars[0]));
    }
}

// ---------------------------------------------------------------------------------------------
// 2. The sanitizer's policy stays inside its allow-list.

/// Every tag the policy may keep, under the names it may keep them as.
const KEPT_TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "sub",
    "sup",
    "small",
    "mark",
    "abbr",
    "cite",
    "q",
    "code",
    "pre",
    "time",
    "span",
    "div",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "colgroup",
    "col",
    "video",
    "audio",
    "source",
    "track",
    "picture",
];
/// Every attribute the policy may let through.
const KEPT_ATTRS: &[&str] = &[
    "title",
    "lang",
    "dir",
    "id",
    "href",
    "cite",
    "src",
    "alt",
    "width",
    "height",
    "colspan",
    "rowspan",
    "scope",
    "start",
    "reversed",
    "datetime",
    "srcset",
    "sizes",
    "poster",
    "loop",
    "muted",
    "playsinline",
    "default",
    "type",
    "media",
    "srclang",
    "label",
    "kind",
];
/// The elements a `src` may load into.
const SRC_TAGS: &[&str] = &["img", "video", "audio", "source", "track"];
const SOME_TAGS: &[&str] = &[
    "a",
    "img",
    "p",
    "h1",
    "td",
    "th",
    "ol",
    "blockquote",
    "q",
    "del",
    "ins",
    "time",
    "script",
    "style",
    "iframe",
    "svg",
    "math",
    "form",
    "input",
    "video",
    "audio",
    "source",
    "track",
    "picture",
    "font",
    "A",
    "IMG",
    "Script",
    "x-a",
    "",
];
const SOME_ATTRS: &[&str] = &[
    "href",
    "src",
    "srcset",
    "style",
    "onclick",
    "onerror",
    "onload",
    "on",
    "id",
    "title",
    "lang",
    "dir",
    "cite",
    "alt",
    "width",
    "height",
    "colspan",
    "rowspan",
    "scope",
    "start",
    "reversed",
    "datetime",
    "name",
    "class",
    "target",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "autoplay",
    "controls",
    "muted",
    "kind",
    "srcdoc",
    "sandbox",
    "HREF",
    "data-x",
    "",
];

fn tag() -> BoxedStrategy<String> {
    prop_oneof![3 => select(SOME_TAGS).prop_map(String::from), 2 => select(KEPT_TAGS).prop_map(String::from), 1 => any_text()]
        .boxed()
}

fn attr() -> BoxedStrategy<String> {
    prop_oneof![4 => select(SOME_ATTRS).prop_map(String::from), 1 => "on[a-z]{0,8}", 1 => any_text()].boxed()
}

/// Mostly the pairs the policy has rules for, so values get judged; else anything.
fn tag_and_attr() -> BoxedStrategy<(String, String)> {
    const PAIRS: &[(&str, &str)] = &[
        ("a", "href"),
        ("a", "href"),
        ("a", "href"),
        ("img", "src"),
        ("img", "src"),
        ("p", "src"),
        ("a", "src"),
        ("img", "srcset"),
        ("img", "srcset"),
        ("p", "srcset"),
        ("blockquote", "cite"),
        ("q", "cite"),
        ("img", "alt"),
        ("img", "width"),
        ("td", "colspan"),
        ("th", "scope"),
        ("ol", "start"),
        ("h2", "id"),
        ("h2", "id"),
        ("p", "dir"),
        ("p", "style"),
        ("a", "onclick"),
        ("img", "onerror"),
        ("time", "datetime"),
        ("p", "title"),
        ("video", "src"),
        ("video", "poster"),
        ("video", "autoplay"),
        ("audio", "src"),
        ("source", "src"),
        ("source", "srcset"),
        ("track", "src"),
        ("track", "kind"),
    ];
    prop_oneof![
        3 => select(PAIRS).prop_map(|(t, a)| (t.to_string(), a.to_string())),
        2 => (tag(), attr()),
    ]
    .boxed()
}

/// Addresses built from the pieces that make a host look listed when it is not.
fn player_src() -> BoxedStrategy<String> {
    let scheme = select(
        &[
            "https://",
            "http://",
            "//",
            "HTTPS://",
            " https:\t//",
            "https:/",
            "https:",
            "javascript://",
            "https:\\\\",
            "",
        ][..],
    );
    let host = select(
        &[
            "player.example",
            "PLAYER.example",
            "evil.example",
            "player.example.evil.example",
            "player.example@evil.example",
            "evil.example@player.example",
            "evil.example\\@player.example",
            "player%2eexample",
            "player.example:8080",
            "player.example:",
            "[::1]",
            "",
        ][..],
    );
    let rest = "[/?#\\\\@:a-z0-9%\t.]{0,12}";
    prop_oneof![4 => (scheme, host, rest).prop_map(|(s, h, r)| format!("{s}{h}{r}")), 1 => url_text(), 1 => any_text()]
        .boxed()
}

/// The scheme a browser would see, judged strictly: ASCII whitespace and controls removed
/// everywhere, lower-cased, and read as a scheme when it looks like one.
fn scheme_of(value: &str) -> Option<String> {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let colon = squeezed.find(':')?;
    let scheme = &squeezed[..colon];
    let looks_like_one = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    looks_like_one.then(|| scheme.to_string())
}

fn url_is_safe(value: &str, allow_mailto: bool) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "data:", "vbscript:"].iter().any(|bad| squeezed.starts_with(bad)) {
        return false;
    }
    match scheme_of(value).as_deref() {
        None | Some("http" | "https") => true,
        Some("mailto") => allow_mailto,
        Some(_) => false,
    }
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn tags_are_kept_only_from_the_allow_list(name in tag()) {
        if let TagRule::Keep(kept) = tag_rule(&name) {
            prop_assert!(KEPT_TAGS.contains(&kept), "{name:?} kept as {kept:?}");
            prop_assert!(kept == name || (name == "h1" && kept == "h2"));
        }
    }

    #[test]
    fn attributes_stay_inside_the_policy((tag, attr) in tag_and_attr(), value in prop_oneof![3 => url_text(), 1 => any_text(), 1 => "[0-9 ]{1,6}", 1 => "[A-Za-z0-9_-]{1,10}"]) {
        let Some(out) = attr_value(&tag, &attr, &value) else { return Ok(()) };
        prop_assert!(KEPT_ATTRS.contains(&attr.as_str()), "{attr:?} let through on <{tag}>");
        prop_assert!(!attr.starts_with("on"));
        prop_assert!(attr != "src" || SRC_TAGS.contains(&tag.as_str()), "src on <{tag}>");
        prop_assert!(attr != "autoplay", "autoplay on <{tag}>");
        match attr.as_str() {
            "href" => {
                prop_assert!(url_is_safe(&value, true), "href {value:?} let through as {out:?}");
                prop_assert!(url_is_safe(&out, true));
                if let Some(fragment) = out.strip_prefix('#') {
                    prop_assert!(fragment.is_empty() || (fragment.starts_with(ID_PREFIX) && is_token(fragment)), "{out:?}");
                }
            }
            "src" | "cite" | "poster" => {
                prop_assert!(url_is_safe(&value, false), "{attr} {value:?} let through as {out:?}");
                prop_assert!(url_is_safe(&out, false));
            }
            "srcset" => {
                prop_assert!(tag == "img" || tag == "source", "srcset on <{tag}>");
                for candidate in out.split(", ") {
                    let url = candidate.split(' ').next().unwrap_or_default();
                    prop_assert!(url_is_safe(url, false), "srcset {:?} let {:?} through", value, url);
                }
                prop_assert_eq!(attr_value(&tag, &attr, &out), Some(out.clone()), "idempotent");
            }
            "id" => prop_assert!(out.starts_with(ID_PREFIX) && is_token(&out), "id {out:?}"),
            "width" | "height" | "colspan" | "rowspan" => {
                prop_assert!(out.parse::<u32>().is_ok_and(|n| (1..=10_000).contains(&n)), "{attr}={out:?}");
            }
            "dir" => prop_assert!(["ltr", "rtl", "auto"].contains(&out.to_ascii_lowercase().as_str())),
            _ => {}
        }
    }

    /// A player is only ever on a listed host, as the browser would read its address, and its
    /// rebuilt address is judged the same again.
    #[test]
    fn players_come_only_from_listed_hosts(src in player_src()) {
        let hosts = vec!["player.example".to_string()];
        let Some(player) = embed_player(&src, &hosts) else { return Ok(()) };
        prop_assert_eq!(player.host.as_str(), "player.example");
        let after_scheme = ["https://", "http://", "//"].iter().find_map(|p| player.src.strip_prefix(p));
        let authority_and_rest = after_scheme.unwrap_or_default();
        let rest = authority_and_rest.strip_prefix("player.example").unwrap_or("!");
        let rest = rest.strip_prefix(':').map_or(rest, |r| r.trim_start_matches(|c: char| c.is_ascii_digit()));
        prop_assert!(rest.is_empty() || rest.starts_with(['/', '?', '#']), "{:?} from {:?}", player.src, src);
        prop_assert!(!player.src.contains(['\\', '\t', '\n', '\r']), "{:?}", player.src);
        prop_assert_eq!(embed_player(&player.src, &hosts), Some(player.clone()));
    }

    #[test]
    fn hostile_urls_never_pass(value in url_text()) {
        for (tag, attr, mailto) in [
            ("a", "href", true), ("img", "src", false), ("blockquote", "cite", false), ("q", "cite", false),
            ("video", "src", false), ("video", "poster", false), ("audio", "src", false), ("source", "src", false),
            ("track", "src", false),
        ] {
            let out = attr_value(tag, attr, &value);
            if !url_is_safe(&value, mailto) {
                prop_assert_eq!(out, None, "<{} {}={:?}>", tag, attr, value);
            }
        }
        for mailto in [false, true] {
            if !url_is_safe(&value, mailto) {
                prop_assert_eq!(safe_url(&value, mailto), None, "{:?}", value);
            }
        }
    }

    #[test]
    fn safe_url_is_idempotent(value in prop_oneof![url_text(), any_text()], mailto in any::<bool>()) {
        if let Some(once) = safe_url(&value, mailto) {
            prop_assert_eq!(safe_url(&once, mailto), Some(once.clone()));
            prop_assert!(url_is_safe(&once, mailto), "{value:?} -> {once:?}");
        }
    }

    #[test]
    fn is_external_never_panics(url in prop_oneof![url_text(), any_text()], own in prop_oneof![url_text(), Just("https://news.example".to_string())], path in "[a-z0-9?#][a-z0-9/?#]{0,8}") {
        let _ = is_external(&url, &own);
        let own_origin = "https://news.example";
        prop_assert!(!is_external(own_origin, "https://news.example/"));
        let own_link = format!("{own_origin}/{path}");
        prop_assert!(!is_external(&own_link, own_origin), "{own_link}");
        let local_path = format!("/{path}");
        prop_assert!(!is_external(&local_path, own_origin), "{local_path}");
        // Two leading slashes, either way round, are another host to the browser's URL parser.
        for other_host in [format!("//{path}"), format!("/\\{path}"), format!("\\\\{path}"), format!("/\t/{path}")] {
            prop_assert!(is_external(&other_host, own_origin), "{other_host:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 3. html.rs

/// Text as `text_to_html` wants it: paragraphs of lines of words, nothing it would trim.
fn paragraphs() -> BoxedStrategy<String> {
    let word = prop_oneof![
        "[a-zA-Z0-9]{1,6}",
        "[&<>\"';#]{1,3}",
        select(&["&amp;", "&lt;p&gt;", "&#38;", "中文", "é", "<p>", "<br>", "</p>", "<!--", "[…]"][..])
            .prop_map(String::from),
    ];
    let line = prop::collection::vec(word, 1..5).prop_map(|w| w.join(" "));
    let paragraph = prop::collection::vec(line, 1..4).prop_map(|l| l.join("\n"));
    prop::collection::vec(paragraph, 0..4).prop_map(|p| p.join("\n\n")).boxed()
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn html_functions_never_panic(s in prop_oneof![html_text(), any_text()]) {
        let text = html_to_text(&s);
        prop_assert!(text.split('\n').all(|line| line.trim() == line), "lines are trimmed: {text:?}");
        prop_assert!(!text.contains("\n\n\n"), "at most one blank line: {text:?}");
        let _ = decode_entities(&s);
        let html = text_to_html(&s);
        prop_assert!(!html.replace("<p>", "").replace("</p>", "").replace("<br>", "").contains('<'), "only its own tags: {html:?}");
        let _ = escape(&s);
    }

    #[test]
    fn html_to_text_is_idempotent_on_plain_text(s in "(?s)[^<&]{0,40}") {
        let once = html_to_text(&s);
        prop_assert_eq!(html_to_text(&once), once.clone());
    }

    #[test]
    fn escaped_text_decodes_back(s in prop_oneof![any_text(), html_text()]) {
        let escaped = escape(&s);
        prop_assert!(!escaped.contains(['<', '>', '"']));
        prop_assert_eq!(decode_entities(&escaped), s);
    }

    #[test]
    fn text_to_html_reads_back_as_the_same_text(s in paragraphs()) {
        prop_assert_eq!(html_to_text(&text_to_html(&s)), s);
    }
}

// ---------------------------------------------------------------------------------------------
// 4. build_threads

/// A comment with an id from `ids` (few ids: parents and duplicates collide, cycles and
/// self-references happen) and maybe a few nested replies.
fn comment(ids: &'static [&'static str]) -> BoxedStrategy<Comment> {
    let parent = prop_oneof![2 => Just(None), 3 => select(ids).prop_map(|p| Some(p.to_string())), 1 => Just(Some("404".to_string()))];
    let created = prop_oneof![3 => date_text(), 1 => (0..60u32).prop_map(|m| format!("2026-11-20T10:{m:02}:00+08:00"))];
    let flat = (select(ids), parent, any_text(), created, any::<bool>()).prop_map(
        |(id, parent_id, name, created_at, pending)| Comment {
            id: id.to_string(),
            parent_id,
            author: CommentAuthor { name, avatar: None, verified: false },
            content: format!("内容{id}"),
            created_at,
            likes: 0,
            region: None,
            status: if pending { CommentStatus::Pending } else { CommentStatus::Published },
            pinned: false,
            replies: Vec::new(),
        },
    );
    flat.prop_recursive(3, 12, 3, |inner| {
        (inner.clone(), prop::collection::vec(inner, 0..3)).prop_map(|(mut c, replies)| {
            c.replies = replies;
            c
        })
    })
    .boxed()
}

const FEW_IDS: &[&str] = &["1", "2", "3", "4", "5", "6"];
const MANY_IDS: &[&str] = &[
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
    "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37", "38", "39",
    "40", "41", "42", "43", "44", "45", "46", "47", "48", "49", "50", "", " ", "中",
];

/// Input comments in the order `build_threads` meets them: each, then its replies.
fn preorder(items: &[Comment], out: &mut Vec<Comment>) {
    for c in items {
        out.push(c.clone());
        preorder(&c.replies, out);
    }
}

/// Each comment's parent: its `parent_id`, else the comment it is nested in.
fn parents(items: &[Comment], nested_in: Option<&str>, out: &mut Vec<(String, Option<String>)>) {
    for c in items {
        out.push((c.id.clone(), c.parent_id.clone().or(nested_in.map(String::from))));
        parents(&c.replies, Some(&c.id), out);
    }
}

fn comment_lists() -> BoxedStrategy<Vec<Comment>> {
    prop_oneof![prop::collection::vec(comment(FEW_IDS), 0..30), prop::collection::vec(comment(MANY_IDS), 0..60),]
        .prop_filter("about 200 comments at most", |items| {
            let mut all = Vec::new();
            preorder(items, &mut all);
            all.len() <= 200
        })
        .boxed()
}

proptest! {
    #![proptest_config(cases(384))]

    #[test]
    fn threads_show_every_comment_once(items in comment_lists()) {
        let mut all = Vec::new();
        preorder(&items, &mut all);
        let mut first: HashMap<&str, &Comment> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for c in &all {
            if !first.contains_key(c.id.as_str()) {
                first.insert(&c.id, c);
                order.push(&c.id);
            }
        }

        let started = Instant::now();
        let threads = build_threads(items.clone());
        prop_assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());

        let mut seen: HashMap<String, usize> = HashMap::new();
        for thread in &threads {
            *seen.entry(thread.root.id.clone()).or_default() += 1;
            for reply in &thread.replies {
                prop_assert_ne!(&reply.comment.id, &thread.root.id, "a thread's replies never include its root");
                *seen.entry(reply.comment.id.clone()).or_default() += 1;
                prop_assert!(reply.comment.replies.is_empty());
            }
            prop_assert!(thread.root.replies.is_empty());
            let keys: Vec<Option<i64>> =
                thread.replies.iter().map(|r| Timestamp::parse(&r.comment.created_at).map(|t| t.unix_seconds())).collect();
            prop_assert!(keys.windows(2).all(|w| w[0] <= w[1]), "replies oldest first: {keys:?}");
        }
        for id in &order {
            prop_assert_eq!(seen.get(*id).copied(), Some(1), "comment {:?} shown once", id);
        }
        prop_assert_eq!(seen.len(), order.len(), "no comment made up");

        // What is shown is the first copy of each id.
        for comment in threads.iter().flat_map(|t| std::iter::once(&t.root).chain(t.replies.iter().map(|r| &r.comment))) {
            let original = first[comment.id.as_str()];
            prop_assert_eq!((&comment.author, &comment.created_at, comment.status), (&original.author, &original.created_at, original.status));
            if original.parent_id.is_some() {
                prop_assert_eq!(&comment.parent_id, &original.parent_id);
            }
        }
        // Each comment sits under the root its parents lead to; a cycle's root is its first comment.
        let mut links = Vec::new();
        parents(&items, None, &mut links);
        let mut parent_id: HashMap<&str, Option<&str>> = HashMap::new();
        for (id, parent) in &links {
            parent_id.entry(id).or_insert(parent.as_deref());
        }
        let position = |id: &str| order.iter().position(|o| *o == id);
        let parent_of = |id: &str| parent_id[id].filter(|p| first.contains_key(p));
        let root_of = |id: &str| -> String {
            let mut path = vec![id.to_string()];
            let mut current = id.to_string();
            while let Some(parent) = parent_of(&current) {
                if let Some(at) = path.iter().position(|p| p == parent) {
                    return path[at..].iter().min_by_key(|p| position(p)).map_or(parent, |p| p.as_str()).to_string();
                }
                path.push(parent.to_string());
                current = parent.to_string();
            }
            current
        };
        for thread in &threads {
            let root = thread.root.id.as_str();
            prop_assert_eq!(root_of(root), root, "{:?} is no thread's root", root);
            for reply in &thread.replies {
                let id = reply.comment.id.as_str();
                prop_assert_eq!(root_of(id), root, "{:?} in the wrong thread", id);
                let parent = parent_of(id).filter(|p| *p != root);
                prop_assert_eq!(reply.to.as_deref(), parent.map(|p| first[p].author.name.as_str()), "回复 @ of {:?}", id);
            }
        }
        // Threads keep the order in which their roots first appear.
        let root_positions: Vec<usize> =
            threads.iter().map(|t| order.iter().position(|id| *id == t.root.id).unwrap_or(usize::MAX)).collect();
        prop_assert!(root_positions.windows(2).all(|w| w[0] < w[1]), "{root_positions:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 5. percent_encode

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn percent_encoding_is_unreserved_and_reversible(s in prop_oneof![any_text(), url_text(), "(?s).{0,64}"]) {
        let encoded = percent_encode(&s);
        let b = encoded.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                prop_assert!(b.len() >= i + 3 && b[i + 1..i + 3].iter().all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c)), "{encoded}");
                i += 3;
            } else {
                prop_assert!(b[i].is_ascii_alphanumeric() || b"-._~".contains(&b[i]), "{encoded}");
                i += 1;
            }
        }
        prop_assert_eq!(percent_decode(&encoded), Some(s.into_bytes()));
    }
}

// ---------------------------------------------------------------------------------------------
// 6. Timestamps

/// A time zone offset within ±14 h, in minutes.
fn offset() -> impl Strategy<Value = i16> {
    prop_oneof![Just(0i16), -840..=840i16, select(&[-720i16, -330, 330, 345, 480, 540, 840][..])]
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn rfc3339_round_trips(
        c in civil(60),
        offset in offset(),
        separator in select(&["T", "t", " "][..]),
        fraction in prop_oneof![Just(String::new()), "\\.[0-9]{1,9}"],
        zulu in prop_oneof![Just("Z"), Just("z"), Just("+00:00"), Just("-00:00")],
        pad in select(&["", " ", "\t\n"][..]),
    ) {
        let (y, mo, d, h, mi, s) = c;
        let zone = if offset == 0 { zulu.to_string() } else { offset_text(offset) };
        let text = format!("{pad}{}{separator}{}{fraction}{zone}{pad}", &wall_clock(c)[..10], &wall_clock(c)[11..]);
        let t = Timestamp::parse(&text);
        prop_assert_eq!(
            t,
            Some(Timestamp { year: y, month: mo, day: d, hour: h, minute: mi, second: s, offset_minutes: offset }),
            "{:?}", text
        );
        prop_assert_eq!(display_datetime(&text, Locale::ZhCn), format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"));
        prop_assert_eq!(display_date(&text, Locale::ZhCn), format!("{y:04}-{mo:02}-{d:02}"));
        prop_assert!(display_date(&text, Locale::En).ends_with(&format!(" {y}")), "English dates end with the year");
        let t = t.expect("parsed");
        prop_assert_eq!(t.unix_seconds(), naive_unix(c, offset));
        let utc = Timestamp { offset_minutes: 0, ..t };
        prop_assert_eq!(t.unix_seconds(), utc.unix_seconds() - i64::from(offset) * 60, "the offset moves the instant");
    }

    #[test]
    fn unix_seconds_follow_the_calendar(a in civil(59), b in civil(59), offset in offset()) {
        let parse = |c: Civil| Timestamp::parse(&format!("{}{}", wall_clock(c), offset_text(offset))).expect("valid");
        let (ta, tb) = (parse(a), parse(b));
        prop_assert_eq!(a.cmp(&b), ta.unix_seconds().cmp(&tb.unix_seconds()), "{:?} vs {:?}", a, b);
        // One second later is one second later, across minutes, days, months and years.
        let next = ta.unix_seconds() + 1;
        let (y, mo, d, h, mi, s) = a;
        let later = match (s, mi, h) {
            (59, 59, 23) if d == days_in_month(y, mo) && mo == 12 => (y + 1, 1, 1, 0, 0, 0),
            (59, 59, 23) if d == days_in_month(y, mo) => (y, mo + 1, 1, 0, 0, 0),
            (59, 59, 23) => (y, mo, d + 1, 0, 0, 0),
            (59, 59, _) => (y, mo, d, h + 1, 0, 0),
            (59, _, _) => (y, mo, d, h, mi + 1, 0),
            _ => (y, mo, d, h, mi, s + 1),
        };
        if later.0 <= 9999 {
            prop_assert_eq!(parse(later).unix_seconds(), next);
        }
    }

    #[test]
    fn impossible_dates_and_times_are_refused(c in civil(59), offset in offset(), field in 0..6usize, bad in any::<u8>()) {
        let (y, mo, d, h, mi, s) = c;
        let bad_day = days_in_month(y, mo) + 1 + if bad % 2 == 0 { 0 } else { bad % (99 - days_in_month(y, mo)) };
        let (mo, d, h, mi, s) = match field {
            0 => (if bad % 2 == 0 { 0 } else { 13 + bad % 87 }, d, h, mi, s),
            1 => (mo, bad_day, h, mi, s),
            2 => (mo, 0, h, mi, s),
            3 => (mo, d, 24 + bad % 76, mi, s),
            4 => (mo, d, h, 60 + bad % 40, s),
            _ => (mo, d, h, mi, 61 + bad % 39),
        };
        let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{}", offset_text(offset));
        prop_assert_eq!(Timestamp::parse(&text), None, "{}", text);
        prop_assert_eq!(display_datetime(&text, Locale::ZhCn), text.clone(), "shown raw");
    }

    #[test]
    fn february_29_only_in_leap_years(year in prop_oneof![1..=9999i32, (1..=99i32).prop_map(|c| c * 100)]) {
        let text = format!("{year:04}-02-29T12:00:00+08:00");
        prop_assert_eq!(Timestamp::parse(&text).is_some(), is_leap(year), "{}", text);
        if is_leap(year) {
            let next = Timestamp::parse(&format!("{year:04}-03-01T12:00:00+08:00")).expect("valid");
            prop_assert_eq!(next.unix_seconds() - Timestamp::parse(&text).expect("valid").unix_seconds(), 86_400);
        }
    }

    #[test]
    fn timestamp_parse_never_panics_and_is_valid(s in prop_oneof![date_text(), any_text(), "(?s).{18,30}"]) {
        if let Some(t) = Timestamp::parse(&s) {
            prop_assert!((1..=12).contains(&t.month) && t.day >= 1 && t.day <= days_in_month(t.year, t.month), "{t:?}");
            prop_assert!(t.hour < 24 && t.minute < 60 && t.second <= 60, "{t:?}");
            prop_assert!(t.offset_minutes.abs() < 24 * 60, "{t:?}");
            let again = format!("{}{}", wall_clock((t.year, t.month, t.day, t.hour, t.minute, t.second)), offset_text(t.offset_minutes));
            prop_assert_eq!(Timestamp::parse(&again), Some(t));
            let _ = t.unix_seconds();
        }
        let _ = (display_datetime(&s, Locale::En), display_date(&s, Locale::En));
    }

    #[test]
    fn wordpress_offsets_come_from_the_gmt_difference(
        local in civil(59),
        offset in -840..=840i16,
        fraction in prop_oneof![Just(""), Just(".5")],
        skew in prop_oneof![Just(0i64), -29..=29i64],
    ) {
        // The instant: the local wall clock read in `offset`. WordPress sends its UTC wall clock,
        // give or take a few seconds, which the whole-minute offset rounds away.
        let gmt_seconds = naive_unix(local, offset);
        let Some(gmt_text) = civil_of(gmt_seconds + skew) else { return Ok(()) };
        let out = wp::local_rfc3339(&format!("{}{fraction}", wall_clock(local)), Some(&gmt_text));
        prop_assert_eq!(&out, &format!("{}{}", wall_clock(local), offset_text(offset)));
        prop_assert_eq!(Timestamp::parse(&out).map(|t| t.unix_seconds()), Some(gmt_seconds));
    }
}

/// The UTC wall clock of a Unix time, for years 1 to 9999.
fn civil_of(unix: i64) -> Option<String> {
    let utc = DateTime::<Utc>::from_timestamp(unix, 0)?;
    let (date, time) = (utc.date_naive(), utc.time());
    (1..=9999).contains(&date.year()).then(|| {
        let (y, mo, d) = (date.year(), date.month(), date.day());
        format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}", time.hour(), time.minute(), time.second())
    })
}
