//! What the article page shows around the body, decided once for the app and the server so both
//! draw the same page: the lead picture (`cover`) unless the body already opens with it, and
//! 更新于 when the story was edited after it was published.

use crate::adapters::html::decode_entities;
use crate::datetime::Timestamp;
use crate::Image;

/// `updated_at`, when it is a later instant than `published_at` (both RFC 3339 as the app reads
/// them; a time that does not parse is never called an edit).
pub fn edited_at<'a>(published_at: &str, updated_at: Option<&'a str>) -> Option<&'a str> {
    let updated = updated_at?;
    let later = Timestamp::parse(updated)?.unix_seconds() > Timestamp::parse(published_at)?.unix_seconds();
    later.then_some(updated)
}

/// The cover to show above the body: `None` when there is none, or when the body's first
/// content is a picture of the same file (a WordPress featured image is often also the post's
/// first image), so the reader does not see it twice.
pub fn cover_to_show<'a>(cover: Option<&'a Image>, body_html: &str) -> Option<&'a Image> {
    let cover = cover?;
    let opening = opening_picture(body_html);
    let ours = std::iter::once(&cover.url).chain(cover.sources.iter().map(|s| &s.url)).map(|u| same_file(u));
    let shown_twice = ours.into_iter().any(|url| !url.is_empty() && opening.iter().any(|o| same_file(o) == url));
    (!shown_twice).then_some(cover)
}

/// The URLs (`src`, every `srcset` candidate, a `<picture>`'s `<source srcset>`) of the picture
/// the body opens with: the first image, when nothing but tags, blank text and comments comes
/// before it. Empty when the body opens with anything else. Not a parser, nor a security
/// check: a display rule, read the same way by the app and the server.
fn opening_picture(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = html;
    loop {
        let text_end = rest.find('<').unwrap_or(rest.len());
        let blank = decode_entities(&rest[..text_end]).chars().all(|c| c.is_whitespace());
        if !blank || text_end == rest.len() {
            return Vec::new();
        }
        rest = &rest[text_end..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(tag_end) = rest.find('>') else { return Vec::new() };
        let tag = &rest[1..tag_end];
        rest = &rest[tag_end + 1..];
        // The end of a wrapper, or of an empty one (`<p>&nbsp;</p>`).
        if tag.starts_with('/') {
            continue;
        }
        let name_end = tag.find(|c: char| c.is_ascii_whitespace() || c == '/').unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        let attributes = &tag[name_end..];
        match name.as_str() {
            "img" => {
                urls.extend(attribute(attributes, "src"));
                urls.extend(attribute(attributes, "srcset").iter().flat_map(|s| srcset_urls(s)));
                return urls;
            }
            "source" => urls.extend(attribute(attributes, "srcset").iter().flat_map(|s| srcset_urls(s))),
            // Wrappers a picture comes in.
            "p" | "div" | "figure" | "a" | "picture" | "span" | "center" | "br" => {}
            _ => return Vec::new(),
        }
    }
}

/// The value of attribute `name` in a tag's attribute text (`src="a.jpg" alt=x`), entities
/// decoded; quoted with `"` or `'`, or bare.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_end = rest.find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let value = match rest.strip_prefix('=') {
            Some(after) => {
                let after = after.trim_start();
                let (value, remaining) = match after.chars().next() {
                    Some(quote @ ('"' | '\'')) => {
                        let inner = &after[1..];
                        let end = inner.find(quote).unwrap_or(inner.len());
                        (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                    }
                    _ => after.split_at(after.find(|c: char| c.is_ascii_whitespace()).unwrap_or(after.len())),
                };
                rest = remaining;
                value
            }
            None => "",
        };
        if key == name {
            return Some(decode_entities(value));
        }
    }
}

fn srcset_urls(srcset: &str) -> Vec<String> {
    srcset.split(',').filter_map(|candidate| candidate.split_ascii_whitespace().next().map(String::from)).collect()
}

/// A URL reduced to what names the file: no scheme, host or fragment (the same picture comes
/// from a CDN, or as `/uploads/a.jpg` in one place and absolute in the other), lower-cased, and
/// without WordPress's size suffix (`photo-1024x683.jpg` is a size of `photo.jpg`).
fn same_file(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    let url = url.split('#').next().unwrap_or_default();
    let after_scheme = url.strip_prefix("https:").or_else(|| url.strip_prefix("http:")).unwrap_or(url);
    let path = match after_scheme.strip_prefix("//") {
        Some(host_and_path) => host_and_path.find('/').map_or("/", |i| &host_and_path[i..]),
        None => after_scheme,
    };
    let (file, query) = path.split_once('?').map_or((path, None), |(f, q)| (f, Some(q)));
    let file = match file.rsplit_once('.') {
        Some((stem, extension)) if !extension.contains('/') => format!("{}.{extension}", without_size(stem)),
        _ => file.to_string(),
    };
    match query {
        Some(query) => format!("{file}?{query}"),
        None => file,
    }
}

/// `photo-1024x683` -> `photo`.
fn without_size(stem: &str) -> &str {
    let Some((base, size)) = stem.rsplit_once('-') else { return stem };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match size.split_once('x') {
        Some((w, h)) if digits(w) && digits(h) => base,
        _ => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ImageSource;

    fn image(url: &str, sources: &[&str]) -> Image {
        Image {
            url: url.into(),
            alt: None,
            caption: None,
            width: None,
            height: None,
            sources: sources.iter().map(|u| ImageSource { url: u.to_string(), width: 300 }).collect(),
        }
    }

    #[test]
    fn an_edit_is_a_later_instant() {
        let published = "2026-11-27T09:18:36+08:00";
        assert_eq!(edited_at(published, Some("2026-11-27T15:02:10+08:00")), Some("2026-11-27T15:02:10+08:00"));
        // The same instant in another offset, an earlier one, none, one that does not parse.
        assert_eq!(edited_at(published, Some("2026-11-27T01:18:36Z")), None);
        assert_eq!(edited_at(published, Some("2026-11-27T09:00:00+08:00")), None);
        assert_eq!(edited_at(published, None), None);
        assert_eq!(edited_at(published, Some("昨天")), None);
        assert_eq!(edited_at("不详", Some("2026-11-27T15:02:10+08:00")), None);
    }

    #[test]
    fn the_cover_shows_unless_the_body_opens_with_it() {
        let cover = image("/api/media/canteen.svg", &[]);
        let shown = |body: &str| cover_to_show(Some(&cover), body).is_some();
        assert!(shown("<p>正文</p><figure><img src=\"/api/media/canteen.svg\"></figure>"), "not at the start");
        assert!(shown("<figure><img src=\"/api/media/kitchen.svg\"></figure>"), "another picture");
        assert!(shown(""));
        assert!(shown("<h2>小标题</h2><img src=\"/api/media/canteen.svg\">"));
        assert!(!shown(
            "<figure><img src=\"/api/media/canteen.svg\" alt=\"食堂\"><figcaption>图</figcaption></figure><p>正文</p>"
        ));
        assert!(!shown("\n<!-- lead --><p>&nbsp;</p><p><a href=\"/x\"><img alt=x src='https://news.example/api/media/Canteen.svg#a'></a></p>"));
        assert!(!shown("<div><img src=//cdn.example/api/media/canteen.svg></div>"), "the same path on a CDN");
        assert_eq!(cover_to_show(None, "<img src=/a.jpg>"), None);
    }

    #[test]
    fn a_size_or_a_source_of_the_same_file_counts() {
        let wordpress = image(
            "https://wp.example/wp-content/uploads/2026/11/tide-lane.jpg",
            &["https://wp.example/wp-content/uploads/2026/11/tide-lane-300x200.jpg"],
        );
        let body = "<figure class=\"wp-block-image\"><img src=\"https://wp.example/wp-content/uploads/2026/11/tide-lane-1024x683.jpg\" \
                    srcset=\"https://wp.example/wp-content/uploads/2026/11/tide-lane-300x200.jpg 300w\"></figure>";
        assert_eq!(cover_to_show(Some(&wordpress), body), None);
        let picture = "<picture><source srcset=\"/m/lead.avif 1x, /m/lead@2x.avif 2x\" type=image/avif><img src=/m/other.jpg></picture>";
        assert_eq!(cover_to_show(Some(&image("/m/lead@2x.avif", &[])), picture), None);
        // Another query is another file; a dimension that is not one is part of the name.
        assert!(cover_to_show(Some(&image("/img?id=1", &[])), "<img src=\"/img?id=2\">").is_some());
        assert!(cover_to_show(Some(&image("/m/a-1x.jpg", &[])), "<img src=\"/m/a.jpg\">").is_some());
    }
}
