//! The built index.html filled in for one page, and the markup of each page. The markup mirrors
//! the app's components element for element and class for class (src/pages/*.rs,
//! src/components/*.rs), so that the app can take the page over in place; what only works with
//! JavaScript (reading tools, share bar, comments, zoom buttons, the language switch) is left
//! to the app.

use super::{attr, script_safe_json, text, ArticleData, Renderer, Strings};
use news_model::datetime::{display_date, display_datetime};
use news_model::sanitize_policy::{image_srcset, safe_url};
use news_model::{Article, Footer, Image, Page, Site, Summary};

/// The id of the embedded first-view data (docs/prerender.md).
pub const FIRST_VIEW_ID: &str = "news-first-view";
/// How many stories a home page lists: the app's `PER_PAGE`.
pub const HOME_PER_PAGE: u32 = 8;
/// The app's `SUMMARY_CHARS`.
const SUMMARY_CHARS: usize = 72;
/// The app's `COVER_SIZES`: the cover fills the article column (style/app.css: 760 pixels less
/// 16 of padding each side), or the screen less that padding.
const COVER_SIZES: &str = "(max-width: 760px) calc(100vw - 32px), 728px";

/// The built index.html, and where in it a page is filled in: `<html lang>`, `<title>`, the end
/// of `<head>`, the loading page (`<div id="boot">`, replaced by the page) and the `<noscript>`
/// note after it (dropped: the page reads without JavaScript).
#[derive(Clone)]
pub struct Shell {
    html: String,
    /// What filled pages start from (the shell without the app's preload hints, see
    /// `without_preloads`) and its landmarks; `None` when the shell has no place for a page.
    fillable: Option<(String, Spots)>,
}

#[derive(Clone, Copy, Debug)]
struct Spots {
    /// Where ` lang="…"` goes or what it replaces (inside the `<html` tag).
    lang: (usize, usize),
    /// The text of `<title>`, or the end of `<head>` when there is none.
    title: Option<(usize, usize)>,
    head_end: usize,
    boot: (usize, usize),
    noscript: Option<(usize, usize)>,
}

impl Shell {
    pub fn new(html: String) -> Self {
        let base = without_preloads(&html);
        let fillable = Spots::find(&base).map(|spots| (base, spots));
        Shell { html, fillable }
    }

    /// The shell as built.
    pub fn plain(&self) -> &str {
        &self.html
    }

    /// Whether pages can be filled in: the shell has a `<head>` and a `<div id="boot">`.
    pub fn fillable(&self) -> bool {
        self.fillable.is_some()
    }

    /// The shell with `lang`, `title`, extra `head` tags and the page (of `page_kind`, for the
    /// app route `route`) in place of the loading one; the plain shell when it has no place for
    /// them.
    pub fn fill(&self, lang: &str, title: &str, head: &str, page_kind: &str, route: &str, body: &str) -> String {
        let Some((base, spots)) = &self.fillable else { return self.html.clone() };
        let mut out = base.clone();
        // Back to front, so that each range is still where it was found.
        if let Some((start, end)) = spots.noscript {
            out.replace_range(start..end, "");
        }
        let boot =
            format!("<div id=\"boot\" class=\"news-app text-m\" data-prerendered=\"{}\">{body}</div>", attr(page_kind));
        out.replace_range(spots.boot.0..spots.boot.1, &boot);
        let title_tag = format!("<title>{}</title>", text(title));
        match spots.title {
            Some((start, end)) => {
                out.insert_str(spots.head_end, head);
                out.replace_range(start..end, &text(title));
            }
            None => out.insert_str(spots.head_end, &format!("{title_tag}{head}")),
        }
        // The kind and the route on `<html>` too: the boot script runs in `<head>`, before
        // `#boot` is parsed, and must know at once that this address's article is on the page
        // (no request for it, no preview). A copy of the page kept for another address (the
        // offline copy keeps one page for every route) is then told apart.
        out.replace_range(
            spots.lang.0..spots.lang.1,
            &format!(
                " lang=\"{}\" data-prerendered=\"{}\" data-route=\"{}\"",
                attr(lang),
                attr(page_kind),
                attr(route)
            ),
        );
        out
    }
}

/// The shell without its `<link rel="preload">` and `<link rel="modulepreload">` tags (Trunk's,
/// for the app's wasm and JS). On a filled page the reader is waiting for the article, its
/// cover and the stylesheet, not for the app: fetched at once, the 270 KB of wasm competed with
/// them for the network and, compiled as it arrives, for the processor, and the page painted
/// 1.07 to 1.2 times later than the same page with nothing to run. Without the hints the module
/// script still asks for the app's JS as the page is parsed, and the JS for the wasm.
fn without_preloads(html: &str) -> String {
    // ASCII lowercasing keeps byte offsets.
    let lower = html.to_ascii_lowercase();
    let head_end = lower.find("</head>").unwrap_or(0);
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(start) = lower.get(at..head_end).and_then(|head| head.find("<link")).map(|i| i + at) {
        let Some(end) = lower.get(start..).and_then(|tag| tag.find('>')).map(|i| start + i + 1) else { break };
        let tag = &lower[start..end];
        if tag.contains("rel=\"preload\"") || tag.contains("rel=\"modulepreload\"") {
            out.push_str(&html[copied..start]);
            // The line it stood on goes with it.
            copied = if html[end..].starts_with('\n') { end + 1 } else { end };
        }
        at = end;
    }
    out.push_str(&html[copied..]);
    out
}

impl Spots {
    /// Positions in our own built index.html (not content): its few landmarks found by name.
    fn find(html: &str) -> Option<Spots> {
        // ASCII lowercasing keeps byte offsets.
        let lower = html.to_ascii_lowercase();
        let find_from = |from: usize, needle: &str| lower.get(from..)?.find(needle).map(|i| i + from);
        let head_end = find_from(0, "</head>")?;
        let html_tag = find_from(0, "<html").filter(|&i| i < head_end)?;
        let html_tag_end = find_from(html_tag, ">")?;
        let lang = match find_from(html_tag, " lang=\"").filter(|&i| i < html_tag_end) {
            Some(start) => (start, find_from(start + 7, "\"")? + 1),
            None => (html_tag + 5, html_tag + 5),
        };
        let title = match (find_from(0, "<title>"), find_from(0, "</title>")) {
            (Some(open), Some(close)) if open < close && close < head_end => Some((open + 7, close)),
            _ => None,
        };
        let boot_start = find_from(head_end, "<div id=\"boot\"")?;
        let mut depth = 1;
        let mut at = find_from(boot_start, ">")? + 1;
        let boot_end = loop {
            let open = find_from(at, "<div");
            let close = find_from(at, "</div")?;
            match open {
                Some(open) if open < close => {
                    depth += 1;
                    at = open + 4;
                }
                _ => {
                    depth -= 1;
                    at = find_from(close, ">")? + 1;
                    if depth == 0 {
                        break at;
                    }
                }
            }
        };
        let noscript = find_from(boot_end, "<noscript").and_then(|start| {
            let close = find_from(start, "</noscript>")?;
            Some((start, close + "</noscript>".len()))
        });
        Some(Spots { lang, title, head_end, boot: (boot_start, boot_end), noscript })
    }
}

/// Marks the head tags written here: once the app runs, it writes its own and the boot script
/// removes these (src/boot/early.js), so a JavaScript reader never gets two of each. Readers
/// without JavaScript (crawlers, share-card fetchers) keep them.
const SERVER_HEAD: &str = "data-server-head";

/// One `<meta>`.
fn meta(key: &str, name: &str, content: &str) -> String {
    format!("<meta {key}=\"{name}\" content=\"{}\" {SERVER_HEAD}>", attr(content))
}

/// `<link rel="canonical">`.
fn canonical_link(href: &str) -> String {
    format!("<link rel=\"canonical\" href=\"{}\" {SERVER_HEAD}>", attr(href))
}

/// A `<script type="application/ld+json">` with `value` in it, made safe for a script's text.
fn json_ld(value: &serde_json::Value) -> String {
    format!(
        "<script type=\"application/ld+json\" {SERVER_HEAD}>{}</script>",
        script_safe_json(&serde_json::to_string(value).unwrap_or_default())
    )
}

impl Renderer {
    fn strings(&self) -> &'static Strings {
        Strings::of(self.config.locale)
    }

    /// An article's page: head tags, the readable article, and its data for the app.
    pub fn article_page(&self, site: &Site, data: &ArticleData) -> String {
        let article = &data.article;
        let path = self.article_path(&article.id);
        let canonical = self.absolute(&path);
        let title =
            if site.name.is_empty() { article.title.clone() } else { format!("{} - {}", article.title, site.name) };
        let head = self.article_head(site, article, &canonical, &path);
        let body = self.chrome(site, &self.article_main(data));
        let route = format!("/articles/{}", news_model::config::percent_encode(&article.id));
        self.shell.fill(self.config.locale.tag(), &title, &head, "article", &route, &body)
    }

    /// The tags the app's `use_article_head` writes, plus the image's size and alt text and a
    /// `BreadcrumbList`.
    fn article_head(&self, site: &Site, article: &Article, canonical: &str, path: &str) -> String {
        let description = article.summary.clone().unwrap_or_else(|| article.title.clone());
        let cover = article.cover.as_ref();
        let image = cover.and_then(|c| self.absolute_url(&c.url, path));
        let card = if image.is_some() { "summary_large_image" } else { "summary" };
        let mut head = vec![
            meta("name", "description", &description),
            canonical_link(canonical),
            meta("property", "og:type", "article"),
            meta("property", "og:title", &article.title),
            meta("property", "og:description", &description),
            meta("property", "og:url", canonical),
            meta("property", "og:site_name", &site.name),
            meta("property", "article:published_time", &article.published_at),
            meta("name", "twitter:card", card),
            meta("name", "twitter:title", &article.title),
            meta("name", "twitter:description", &description),
        ];
        if let (Some(src), Some(cover)) = (&image, cover) {
            head.push(meta("property", "og:image", src));
            if let (Some(width), Some(height)) = (cover.width, cover.height) {
                head.push(meta("property", "og:image:width", &width.to_string()));
                head.push(meta("property", "og:image:height", &height.to_string()));
            }
            if let Some(alt) = cover.alt.as_deref().filter(|a| !a.is_empty()) {
                head.push(meta("property", "og:image:alt", alt));
                head.push(meta("name", "twitter:image:alt", alt));
            }
            head.push(meta("name", "twitter:image", src));
        }
        head.push(json_ld(&self.news_article(site, article, canonical, image.as_deref())));
        head.push(json_ld(&self.breadcrumbs(article, canonical)));
        head.concat()
    }

    /// schema.org `NewsArticle`, with the fields the app's `news_article_json` writes.
    fn news_article(&self, site: &Site, article: &Article, canonical: &str, image: Option<&str>) -> serde_json::Value {
        let mut object = serde_json::Map::new();
        let mut put = |key: &str, value: serde_json::Value| {
            object.insert(key.to_string(), value);
        };
        put("@context", "https://schema.org".into());
        put("@type", "NewsArticle".into());
        put("headline", article.title.clone().into());
        if let Some(original) = &article.original_title {
            put("alternativeHeadline", original.clone().into());
        }
        put("datePublished", article.published_at.clone().into());
        put("dateModified", article.updated_at.clone().unwrap_or_else(|| article.published_at.clone()).into());
        put("mainEntityOfPage", canonical.into());
        if let Some(summary) = &article.summary {
            put("description", summary.clone().into());
        }
        if let Some(image) = image {
            put("image", serde_json::json!([image]));
        }
        if let Some(author) = &article.author {
            put("author", serde_json::json!([{"@type": "Person", "name": author}]));
        }
        if !site.name.is_empty() {
            put("publisher", serde_json::json!({"@type": "Organization", "name": site.name}));
        }
        serde_json::Value::Object(object)
    }

    /// 首页 › channel › the article, as schema.org `BreadcrumbList`.
    fn breadcrumbs(&self, article: &Article, canonical: &str) -> serde_json::Value {
        let mut items = vec![(self.strings().home.to_string(), self.absolute(&self.base.home()))];
        if let Some(channel) = &article.channel {
            items.push((channel.name.clone(), self.absolute(&self.home_path(Some(&channel.id), 1))));
        }
        items.push((article.title.clone(), canonical.to_string()));
        let list: Vec<serde_json::Value> = items
            .into_iter()
            .enumerate()
            .map(|(i, (name, item))| {
                serde_json::json!({"@type": "ListItem", "position": i + 1, "name": name, "item": item})
            })
            .collect();
        serde_json::json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": list})
    }

    /// The app's `ArticleView` without what needs JavaScript, then 相关新闻, then the data.
    fn article_main(&self, data: &ArticleData) -> String {
        let s = self.strings();
        let a = &data.article;
        let mut out = String::from("<article class=\"article\" aria-labelledby=\"article-title\">");
        // Breadcrumb.
        out.push_str(&format!(
            "<nav class=\"breadcrumb\" aria-label=\"{}\"><a href=\"{}\">{}</a>",
            attr(s.breadcrumb),
            attr(&self.base.home()),
            text(s.home)
        ));
        if let Some(channel) = &a.channel {
            out.push_str(&format!(
                "<span class=\"crumb-sep\" aria-hidden=\"true\">›</span><span class=\"crumb\">{}</span>",
                text(&channel.name)
            ));
        }
        out.push_str("</nav>");
        // Header.
        out.push_str(&format!(
            "<header class=\"article-header\"><h1 id=\"article-title\" class=\"article-title\">{}</h1>",
            text(&a.title)
        ));
        if let Some(subtitle) = &a.subtitle {
            out.push_str(&format!("<p class=\"article-subtitle\">{}</p>", text(subtitle)));
        }
        out.push_str(&self.meta_line(a));
        out.push_str(&reading_tools(s));
        if let Some(original) = &a.original_title {
            out.push_str(&format!(
                "<p class=\"original-title\"><span class=\"label\">{}</span>{}</p>",
                text(s.original_title),
                text(original)
            ));
        }
        out.push_str("</header>");
        if let Some(cover) = news_model::lead::cover_to_show(a.cover.as_ref(), &a.body_html) {
            out.push_str(&cover_figure(cover));
        }
        // Body, sanitized on the server.
        out.push_str("<div class=\"article-body\">");
        let embeds = super::sanitize::Embeds { hosts: &self.config.embed_hosts, strings: s };
        out.push_str(&super::sanitize::sanitize_body(&a.body_html, &self.origin, Some(embeds)));
        out.push_str("</div>");
        if let Some(byline) = &a.byline {
            out.push_str(&format!("<p class=\"byline\">{}</p>", text(byline)));
        }
        out.push_str(&tag_line(&a.tags, s));
        if a.prev.is_some() || a.next.is_some() {
            out.push_str(&format!("<nav class=\"prev-next\" aria-label=\"{}\">", attr(s.prev_next)));
            for (label, class, story) in
                [(s.prev_article, "prev-article", &a.prev), (s.next_article, "next-article", &a.next)]
            {
                if let Some(story) = story {
                    out.push_str(&format!(
                        "<p class=\"{class}\"><span class=\"label\">{}</span>{}</p>",
                        text(label),
                        self.story_link(story, &story.title, None)
                    ));
                }
            }
            out.push_str("</nav>");
        }
        out.push_str("</article>");
        // 相关新闻.
        out.push_str(&format!(
            "<section class=\"related\" aria-labelledby=\"related-title\"><h2 id=\"related-title\" \
             class=\"section-title\">{}</h2>",
            text(s.related_news)
        ));
        if data.related.is_empty() {
            out.push_str(&format!("<p class=\"empty\">{}</p>", text(s.no_related)));
        }
        out.push_str("<ul class=\"summary-list\">");
        for summary in &data.related {
            out.push_str(&self.summary_item(summary));
        }
        out.push_str("</ul></section>");
        out.push_str(&first_view(data));
        out
    }

    /// 来源 / 作者 / 责任编辑 / time: the app's `ArticleMeta`; then 更新于, the app's `updated_time` (lead.rs).
    fn meta_line(&self, a: &Article) -> String {
        let s = self.strings();
        let mut out = String::from("<p class=\"article-meta\">");
        if let Some(source) = &a.source {
            let name = match source.url.as_deref().and_then(|url| safe_url(url, false)) {
                Some(href) => {
                    format!("<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", attr(&href), text(&source.name))
                }
                None => text(&source.name),
            };
            out.push_str(&format!(
                "<span class=\"meta-item meta-source\"><span class=\"label\">{}</span>{name}</span>",
                text(s.source)
            ));
        }
        for (value, class, label) in [(&a.author, "meta-author", s.author), (&a.editor, "meta-editor", s.editor)] {
            if let Some(value) = value {
                out.push_str(&format!(
                    "<span class=\"meta-item {class}\"><span class=\"label\">{}</span>{}</span>",
                    text(label),
                    text(value)
                ));
            }
        }
        out.push_str(&format!(
            "<span class=\"meta-item meta-time\"><span class=\"visually-hidden\">{}</span><time datetime=\"{}\">{}</time></span>",
            text(s.published),
            attr(&a.published_at),
            text(&display_datetime(&a.published_at, s.locale))
        ));
        if let Some(updated) = news_model::lead::edited_at(&a.published_at, a.updated_at.as_deref()) {
            out.push_str(&format!(
                "<span class=\"meta-item meta-updated\"><span class=\"label\">{}</span><time datetime=\"{}\">{}</time></span>",
                text(s.updated),
                attr(updated),
                text(&display_datetime(updated, s.locale))
            ));
        }
        out.push_str("</p>");
        out
    }

    /// A story's link as the app's `StoryLink` (not embedded): in-app for ours, out with
    /// `rel="noopener noreferrer"` for another site's, plain text for an unsafe URL.
    fn story_link(&self, story: &Summary, content: &str, label: Option<&str>) -> String {
        let label = label.map(|l| format!(" aria-label=\"{}\"", attr(l))).unwrap_or_default();
        match story.url.as_deref() {
            Some(url) => match safe_url(url, false) {
                Some(href) => {
                    format!("<a href=\"{}\" rel=\"noopener noreferrer\"{label}>{}</a>", attr(&href), text(content))
                }
                None => text(content),
            },
            None => format!("<a href=\"{}\"{label}>{}</a>", attr(&self.article_path(&story.id)), text(content)),
        }
    }

    /// One story in a list: the app's `SummaryItem`.
    fn summary_item(&self, summary: &Summary) -> String {
        let s = self.strings();
        let date = summary.published_at.as_deref().map(|raw| display_date(raw, s.locale));
        let label = s.details_label(&summary.title, summary.source.as_deref(), date.as_deref());
        let mut out = String::from("<li class=\"summary-item\">");
        if let Some(image) = &summary.thumbnail {
            out.push_str(&thumbnail(image));
        }
        out.push_str(&format!(
            "<div class=\"summary-text\"><h3 class=\"summary-title\">{}</h3><p class=\"summary-body\">",
            self.story_link(summary, &summary.title, None)
        ));
        if let Some(cut) = &summary.summary {
            out.push_str(&text(&news_model::clip(cut.trim(), SUMMARY_CHARS, "...")));
        }
        out.push_str(&self.story_link(summary, s.details, Some(&label)));
        out.push_str("</p><p class=\"summary-meta\">");
        if let Some(source) = &summary.source {
            out.push_str(&format!("<span class=\"summary-source\">{}</span>", text(source)));
        }
        if let Some(date) = &date {
            out.push_str(&format!(
                "<time class=\"summary-date\" datetime=\"{}\">{}</time>",
                attr(summary.published_at.as_deref().unwrap_or_default()),
                text(date)
            ));
        }
        out.push_str("</p></div></li>");
        out
    }

    /// Skip link, site header, the page in `<main>`, footer: the app's `App` around a page.
    fn chrome(&self, site: &Site, main: &str) -> String {
        let s = self.strings();
        let mut out = format!(
            "<div class=\"skip-links\"><a class=\"skip-link\" href=\"#main\">{}</a></div>\
             <header class=\"site-header\"><div class=\"site-header-inner\"><a href=\"{}\" class=\"site-name\">",
            text(s.skip_to_content),
            attr(&self.base.home())
        );
        if let Some(logo) = site.logo.as_deref().and_then(|url| safe_url(url, false)) {
            out.push_str(&format!(
                "<img class=\"site-logo\" src=\"{}\" alt=\"\" width=\"32\" height=\"32\">",
                attr(&logo)
            ));
        }
        out.push_str(&format!("<span>{}</span></a></div></header>", text(&site.name)));
        out.push_str("<main id=\"main\" class=\"page\" tabindex=\"-1\">");
        out.push_str(main);
        out.push_str("</main>");
        if let Some(footer) = &site.footer {
            out.push_str(&footer_markup(footer, s));
        }
        out
    }

    /// The home list (all channels or one, at a page): the app's `HomePage`.
    pub fn home_page(&self, site: &Site, channel: Option<&str>, list: &Page<Summary>) -> String {
        let s = self.strings();
        let channel_name = channel.and_then(|id| site.channels.iter().find(|c| c.id == id)).map(|c| c.name.as_str());
        let heading = if site.name.is_empty() { s.latest_news.to_string() } else { site.name.clone() };
        let title = match channel_name {
            Some(name) => format!("{name} - {heading}"),
            None => heading.clone(),
        };
        let path = self.home_path(channel, list.page);
        let canonical = self.absolute(&path);
        let description = match channel_name {
            Some(name) => format!("{heading} {name} {}", s.latest_news),
            None => format!("{heading} {}", s.latest_news),
        };
        let mut head = vec![
            meta("name", "description", &description),
            canonical_link(&canonical),
            meta("property", "og:type", "website"),
            meta("property", "og:title", &title),
            meta("property", "og:description", &description),
            meta("property", "og:url", &canonical),
            meta("property", "og:site_name", &site.name),
            meta("name", "twitter:card", "summary"),
            meta("name", "twitter:title", &title),
            meta("name", "twitter:description", &description),
        ];
        if let Some(logo) = site.logo.as_deref().and_then(|l| self.absolute_url(l, &path)) {
            head.push(meta("property", "og:image", &logo));
        }
        let mut main = format!("<section class=\"home\"><h1 class=\"home-title\">{}</h1>", text(s.latest_news));
        if !site.channels.is_empty() {
            main.push_str(&format!("<nav class=\"channel-tabs\" aria-label=\"{}\"><ul>", attr(s.channels)));
            let tabs = std::iter::once((None, s.all_channels.to_string()))
                .chain(site.channels.iter().map(|c| (Some(c.id.as_str()), c.name.clone())));
            for (id, name) in tabs {
                let current = if id == channel { " aria-current=\"page\"" } else { "" };
                main.push_str(&format!(
                    "<li><a href=\"{}\"{current}>{}</a></li>",
                    attr(&self.home_path(id, 1)),
                    text(&name)
                ));
            }
            main.push_str("</ul></nav>");
        }
        main.push_str("<ul class=\"summary-list\">");
        for summary in &list.items {
            main.push_str(&self.summary_item(summary));
        }
        main.push_str("</ul>");
        if list.items.is_empty() {
            main.push_str(&format!("<p class=\"empty\">{}</p>", text(s.no_articles)));
        }
        main.push_str(&format!("<nav class=\"pager\" aria-label=\"{}\">", attr(s.pagination)));
        if list.page > 1 {
            main.push_str(&format!(
                "<a href=\"{}\" rel=\"prev\">{}</a>",
                attr(&self.home_path(channel, list.page - 1)),
                text(s.prev_page)
            ));
        }
        main.push_str(&format!(
            "<span class=\"pager-status\">{}</span>",
            text(&s.page_of(list.page, list.page_count()))
        ));
        if list.has_next() {
            main.push_str(&format!(
                "<a href=\"{}\" rel=\"next\">{}</a>",
                attr(&self.home_path(channel, list.page + 1)),
                text(s.next_page)
            ));
        }
        main.push_str("</nav></section>");
        let body = self.chrome(site, &main);
        self.shell.fill(self.config.locale.tag(), &title, &head.concat(), "home", "/", &body)
    }

    /// The app's `NotFound` page, for an answer with status 404.
    pub fn not_found_page(&self, site: &Site) -> String {
        let s = self.strings();
        let main = format!(
            "<section class=\"not-found\"><h1>{}</h1><p>{}</p><p><a href=\"{}\">{}</a></p></section>",
            text(s.not_found_title),
            text(s.not_found_text),
            attr(&self.base.home()),
            text(s.back_home)
        );
        let head = meta("name", "robots", "noindex");
        let body = self.chrome(site, &main);
        self.shell.fill(self.config.locale.tag(), s.not_found_title, &head, "not-found", "", &body)
    }
}

/// A list thumbnail: the app's `Thumbnail`; nothing for an unsafe URL.
fn thumbnail(image: &Image) -> String {
    image_tag(image, " class=\"summary-thumb\"", "120px", " loading=\"lazy\" decoding=\"async\"").unwrap_or_default()
}

/// The lead picture above the body: the app's `cover_figure` (src/components/lead.rs); nothing
/// for an unsafe URL.
fn cover_figure(image: &Image) -> String {
    let Some(img) = image_tag(image, "", COVER_SIZES, " fetchpriority=\"high\" decoding=\"async\"") else {
        return String::new();
    };
    let caption = image.caption.as_deref().map(|c| format!("<figcaption>{}</figcaption>", text(c))).unwrap_or_default();
    format!("<figure class=\"article-cover\">{img}{caption}</figure>")
}

/// A content image's `<img>`: `class` (written as is), its checked `src`, the `srcset` of its
/// sources with `sizes`, its alt text and size, then `tail`; `None` for an unsafe URL.
fn image_tag(image: &Image, class: &str, sizes: &str, tail: &str) -> Option<String> {
    let src = safe_url(&image.url, false)?;
    let mut out = format!("<img{class} src=\"{}\"", attr(&src));
    if let Some(srcset) = image_srcset(&image.sources) {
        out.push_str(&format!(" srcset=\"{}\"", attr(&srcset)));
    }
    out.push_str(&format!(" sizes=\"{sizes}\" alt=\"{}\"", attr(image.alt.as_deref().unwrap_or_default())));
    if let Some(width) = image.width {
        out.push_str(&format!(" width=\"{width}\""));
    }
    if let Some(height) = image.height {
        out.push_str(&format!(" height=\"{height}\""));
    }
    out.push_str(tail);
    out.push('>');
    Some(out)
}

/// 标签 under the article: the app's `tag_line` (src/components/lead.rs); nothing when there are none.
fn tag_line(tags: &[String], s: &Strings) -> String {
    let tags: Vec<&str> = tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect();
    if tags.is_empty() {
        return String::new();
    }
    let mut out = format!("<p class=\"article-tags\"><span class=\"label\">{}</span>", text(s.tags));
    for tag in tags {
        out.push_str(&format!("<span class=\"tag\">{}</span>", text(tag)));
    }
    out.push_str("</p>");
    out
}

/// The app's `FooterContent`.
fn footer_markup(footer: &Footer, s: &Strings) -> String {
    let mut out = String::from("<footer class=\"site-footer\">");
    let links: Vec<(String, &str)> =
        footer.links.iter().filter_map(|l| safe_url(&l.url, true).map(|href| (href, l.text.as_str()))).collect();
    if !links.is_empty() {
        out.push_str(&format!("<nav class=\"footer-links\" aria-label=\"{}\">", attr(s.footer_links)));
        for (href, label) in links {
            out.push_str(&format!("<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", attr(&href), text(label)));
        }
        out.push_str("</nav>");
    }
    if let Some(c) = &footer.copyright {
        out.push_str(&format!("<p class=\"copyright\">{}</p>", text(c)));
    }
    for line in &footer.icp {
        out.push_str(&format!("<p class=\"icp\">{}</p>", text(line)));
    }
    if let Some(a) = &footer.address {
        out.push_str(&format!("<p class=\"address\">{}</p>", text(a)));
    }
    if let Some(h) = &footer.hotline {
        out.push_str(&format!("<p class=\"hotline\">{}</p>", text(h)));
    }
    out.push_str("</footer>");
    out
}

/// The app's `ReadingTools` as it first renders them (medium text, the light theme), so its
/// article starts where this one does. They work only with JavaScript: `data-needs-js` hides
/// them until the boot script has marked the document (`<html data-js>`, style/app.css), so a
/// reader without it gets no dead buttons and no gap.
fn reading_tools(s: &Strings) -> String {
    let mut out = format!(
        "<div class=\"reading-tools\" data-needs-js><div class=\"text-size\" role=\"group\" aria-label=\"{}\">\
         <span class=\"label\" aria-hidden=\"true\">{}</span>",
        attr(s.text_size),
        text(s.text_size)
    );
    for (i, size) in [s.text_small, s.text_medium, s.text_large].iter().enumerate() {
        out.push_str(&format!("<button type=\"button\" aria-pressed=\"{}\">{}</button>", i == 1, text(size)));
    }
    out.push_str(&format!(
        "</div><button type=\"button\" class=\"theme-switch\" aria-pressed=\"false\">{}</button></div>",
        text(s.dark_theme)
    ));
    out
}

/// `<script type="application/json" id="news-first-view">`: the answers the app would ask for
/// first, keyed by the URLs it would ask them at (docs/prerender.md). The article's and the
/// related list's JSON are put in as the API's bytes, then the whole is made safe for a
/// script's text.
pub fn first_view(data: &ArticleData) -> String {
    let route = format!("/articles/{}", news_model::config::percent_encode(&data.article.id));
    let url = |url: &str| if url.is_empty() { serde_json::Value::Null } else { url.into() };
    let json = format!(
        "{{\"route\":{},\"article_url\":{},\"related_url\":{},\"article\":{},\"related\":{}}}",
        serde_json::Value::from(route),
        url(&data.article_url),
        url(&data.related_url),
        data.article_json,
        if data.related_json.is_empty() { "null" } else { &data.related_json }
    );
    format!("<script type=\"application/json\" id=\"{FIRST_VIEW_ID}\">{}</script>", script_safe_json(&json))
}
