//! Wire types of the native JSON contract. They serialise with serde (the reference server
//! writes them); reading them is `decode.rs`, which holds the tolerance rules.

use serde::Serialize;

/// `GET /site`: the publication itself, shown in the header, tip box and footer.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Site {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tip: Option<Tip>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<Footer>,
    /// Sections, in the order the home page shows them as tabs (none: no tabs).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
}

/// The news-tip box (想爆料?) under the article.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Tip {
    pub title: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Footer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copyright: Option<String>,
    /// ICP filing and licence lines, one per entry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub icp: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hotline: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Image {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The same picture in other widths, for `srcset`: the browser picks what the screen needs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<ImageSource>,
}

/// One width of an image.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImageSource {
    pub url: String,
    /// In CSS pixels of the file itself (the `w` of `srcset`).
    pub width: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Channel {
    pub id: String,
    pub name: String,
}

/// Where an article comes from (来源). Backends send either `{name, url?}` or a bare name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An article as listed: home page, related news, previous/next.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Image>,
    /// Set when the item lives on another site: the app links out instead of routing in-app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// `GET /articles/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    /// 原标题: the headline the story first ran under elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editor: Option<String>,
    /// RFC 3339, shown in the article's own offset.
    pub published_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<Image>,
    /// Untrusted HTML: only ever rendered through the sanitizer.
    pub body_html: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// `None` means "not embedded": the app then asks `/articles/{id}/related`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Vec<Summary>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment_count: Option<u64>,
    pub comments_open: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Summary>,
}

/// A page of a paged list: `GET /articles`, later the comments.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl<T> Page<T> {
    /// Number of pages, never less than one so "page 1 of 1" reads right for an empty list.
    pub fn page_count(&self) -> u32 {
        if self.per_page == 0 {
            return 1;
        }
        let pages = self.total.div_ceil(u64::from(self.per_page)).max(1);
        u32::try_from(pages).unwrap_or(u32::MAX)
    }

    pub fn has_next(&self) -> bool {
        self.page < self.page_count()
    }
}

/// `GET /articles/{id}/related`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ItemList<T> {
    pub items: Vec<T>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_accepts_numeric_ids_nulls_and_unknown_fields() {
        let json = r#"{
            "id": 42, "title": "标题", "published_at": "2022-04-11T16:43:04+08:00",
            "body_html": "<p>正文</p>", "author": "", "editor": null, "tags": null,
            "source": "威海新闻网", "channel": {"id": 7, "name": "本地"},
            "related": [{"id": 9, "title": "另一篇"}], "comments_open": null,
            "view_count": 1234, "extra": {"nested": true}
        }"#;
        let a: Article = crate::decode::from_str(json).expect("valid article");
        assert_eq!(a.id, "42");
        assert_eq!(a.author, None, "blank author reads as absent");
        assert!(a.tags.is_empty());
        assert_eq!(a.source, Some(Source { name: "威海新闻网".into(), url: None }));
        assert_eq!(a.channel.map(|c| c.id), Some("7".into()));
        assert_eq!(a.related.map(|r| r[0].id.clone()), Some("9".into()));
        assert!(a.comments_open, "comments are open unless the backend says otherwise");
    }

    #[test]
    fn article_source_object_with_url() {
        let json = r#"{"id":"a","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":"",
            "source":{"name":"海滨日报","url":"https://example.org"},"comments_open":false}"#;
        let a: Article = crate::decode::from_str(json).expect("valid article");
        assert_eq!(a.source.and_then(|s| s.url), Some("https://example.org".into()));
        assert!(!a.comments_open);
    }

    #[test]
    fn article_missing_required_fields_or_wrong_types_are_errors() {
        for bad in [
            r#"{"id":"1","published_at":"2022-01-01T00:00:00Z","body_html":""}"#,
            r#"{"id":"1","title":"t","body_html":""}"#,
            r#"{"id":"1","title":"t","published_at":"2022-01-01T00:00:00Z"}"#,
            r#"{"id":"1","title":["t"],"published_at":"2022-01-01T00:00:00Z","body_html":""}"#,
            r#"{"id":true,"title":"t","published_at":"2022-01-01T00:00:00Z","body_html":""}"#,
            r#"{"id":"1","title":"t","published_at":"x","body_html":"","related":"nope"}"#,
            r#"[]"#,
            r#"not json"#,
        ] {
            assert!(crate::decode::from_str::<Article>(bad).is_err(), "should reject {bad}");
        }
    }

    #[test]
    fn page_counts() {
        let page = |total, per_page, page| Page::<Summary> { items: vec![], page, per_page, total };
        assert_eq!(page(0, 10, 1).page_count(), 1);
        assert_eq!(page(10, 10, 1).page_count(), 1);
        assert_eq!(page(11, 10, 1).page_count(), 2);
        assert!(page(11, 10, 1).has_next());
        assert!(!page(11, 10, 2).has_next());
        assert_eq!(page(5, 0, 1).page_count(), 1, "per_page 0 must not divide by zero");
    }

    #[test]
    fn site_footer_tolerates_missing_parts() {
        let s: Site = crate::decode::from_str(r#"{"name":"海滨新闻网","footer":{"icp":["鲁ICP备00000000号"]}}"#)
            .expect("valid site");
        let footer = s.footer.expect("footer");
        assert_eq!(footer.icp.len(), 1);
        assert!(footer.links.is_empty());
        assert!(s.tip.is_none());
    }
}
