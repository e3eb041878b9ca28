//! Decoding of the contract from JSON, by hand over `serde_json::Value` rather than with
//! `#[derive(Deserialize)]`: the derived visitors cost the browser app about 20 KB of gzipped
//! wasm, while this walk reuses the one generic JSON parser the app already has. It takes the
//! parsed value and moves its strings into the result instead of copying them: a page of 2,000
//! comments is about 10,000 strings, each copied (and the original freed) otherwise.
//!
//! The tolerance rules live here, once, for app and server alike: unknown fields are ignored;
//! optional fields may be missing or `null`; blank optional strings read as absent; ids may be
//! numbers; a missing required field or a value of the wrong type is an error naming its path.

use crate::model::*;
use serde_json::{Map, Value};
use std::fmt;

/// Why a JSON document does not match the contract, e.g. `related[2].title: expected a string`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Where in the document, `""` for the document itself.
    pub path: String,
    pub message: String,
}

impl DecodeError {
    /// A required field that is absent.
    pub fn missing(key: &str) -> Self {
        DecodeError::new(key, "missing")
    }

    pub(crate) fn new(path: &str, message: &str) -> Self {
        DecodeError { path: path.to_string(), message: message.to_string() }
    }

    /// The same error seen from the object that holds `key`.
    pub(crate) fn under(mut self, key: &str) -> Self {
        self.path = match self.path.as_str() {
            "" => key.to_string(),
            p if p.starts_with('[') => format!("{key}{p}"),
            p => format!("{key}.{p}"),
        };
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.as_str() {
            "" => f.write_str(&self.message),
            path => write!(f, "{path}: {}", self.message),
        }
    }
}

impl std::error::Error for DecodeError {}

type Result<T> = std::result::Result<T, DecodeError>;

/// A type that can be read from the contract's JSON.
pub trait Decode: Sized {
    fn decode(value: Value) -> Result<Self>;
}

/// Parses `text` and decodes it as `T`.
pub fn from_str<T: Decode>(text: &str) -> Result<T> {
    let value: Value = serde_json::from_str(text).map_err(|e| DecodeError::new("", &format!("invalid JSON: {e}")))?;
    T::decode(value)
}

/// The fields of a JSON object being read. Each field is taken out when read (so it is read
/// once), which lets its strings move into the result.
pub struct Fields(Map<String, Value>);

impl Fields {
    pub fn of(value: Value) -> Result<Self> {
        match value {
            Value::Object(map) => Ok(Fields(map)),
            _ => Err(DecodeError::new("", "expected an object")),
        }
    }

    /// The value at `key`, treating `null` as missing. Taken out by leaving `null` in its place
    /// rather than removed: removing from the map links a B-tree rebalancing that cost the app
    /// about 4 KB of gzipped wasm.
    fn get(&mut self, key: &str) -> Option<Value> {
        self.0.get_mut(key).map(Value::take).filter(|v| !v.is_null())
    }

    pub fn string(&mut self, key: &str) -> Result<String> {
        match self.get(key) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(DecodeError::new(key, "expected a string")),
            None => Err(DecodeError::new(key, "missing")),
        }
    }

    /// An optional string; blank reads as absent so views need one "missing" check.
    pub fn text(&mut self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(DecodeError::new(key, "expected a string")),
            None => Ok(None),
        }
    }

    /// Ids are strings in the contract, but many backends send integers: accept both.
    pub fn id(&mut self, key: &str) -> Result<String> {
        id_of(key, self.get(key))?.ok_or_else(|| DecodeError::new(key, "missing"))
    }

    /// An optional id (string or integer); missing, `null` or blank read as `None`.
    pub fn optional_id(&mut self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            other => id_of(key, other),
        }
    }

    pub fn uint(&mut self, key: &str) -> Result<Option<u64>> {
        match self.get(key) {
            Some(v) => v.as_u64().map(Some).ok_or_else(|| DecodeError::new(key, "expected a non-negative integer")),
            None => Ok(None),
        }
    }

    pub fn required_uint(&mut self, key: &str) -> Result<u64> {
        self.uint(key)?.ok_or_else(|| DecodeError::new(key, "missing"))
    }

    pub fn bool_or(&mut self, key: &str, default: bool) -> Result<bool> {
        match self.get(key) {
            Some(Value::Bool(b)) => Ok(b),
            Some(_) => Err(DecodeError::new(key, "expected true or false")),
            None => Ok(default),
        }
    }

    pub fn object<T: Decode>(&mut self, key: &str) -> Result<Option<T>> {
        self.get(key).map(|v| T::decode(v).map_err(|e| e.under(key))).transpose()
    }

    /// A list; missing or `null` reads as `None`, so "not sent" and "empty" stay distinct.
    pub fn optional_list<T: Decode>(&mut self, key: &str) -> Result<Option<Vec<T>>> {
        match self.get(key) {
            Some(v) => Vec::<T>::decode(v).map(Some).map_err(|e| e.under(key)),
            None => Ok(None),
        }
    }

    pub fn list<T: Decode>(&mut self, key: &str) -> Result<Vec<T>> {
        Ok(self.optional_list(key)?.unwrap_or_default())
    }

    pub fn required_list<T: Decode>(&mut self, key: &str) -> Result<Vec<T>> {
        self.optional_list(key)?.ok_or_else(|| DecodeError::new(key, "missing"))
    }

    /// A required list whose unreadable items are left out rather than failing it: the items
    /// read, and why each other one was not (its path names it, `items[3].url: …`).
    pub fn list_skipping<T: Decode>(&mut self, key: &str) -> Result<(Vec<T>, Vec<DecodeError>)> {
        let Some(Value::Array(items)) = self.get(key) else {
            return Err(DecodeError::new(key, "missing or not a list"));
        };
        let (mut read, mut skipped) = (Vec::with_capacity(items.len()), Vec::new());
        for (i, item) in items.into_iter().enumerate() {
            match T::decode(item) {
                Ok(item) => read.push(item),
                Err(e) => skipped.push(e.under(&format!("[{i}]")).under(key)),
            }
        }
        Ok((read, skipped))
    }

    /// A count that must fit in `u32` (page numbers and sizes).
    pub fn required_u32(&mut self, key: &str) -> Result<u32> {
        u32::try_from(self.required_uint(key)?).map_err(|_| DecodeError::new(key, "out of range"))
    }
}

/// An id (string or integer) at `key`, `None` when absent.
fn id_of(key: &str, value: Option<Value>) -> Result<Option<String>> {
    match value {
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
        Some(_) => Err(DecodeError::new(key, "expected a string or integer id")),
        None => Ok(None),
    }
}

/// Raw JSON, for callers that inspect a document themselves.
impl Decode for Value {
    fn decode(value: Value) -> Result<Self> {
        Ok(value)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: Value) -> Result<Self> {
        list_of(value, T::decode)
    }
}

/// Maps each element of a JSON list; an error names the element (`[3].title: …`).
pub(crate) fn list_of<T>(value: Value, map: impl Fn(Value) -> Result<T>) -> Result<Vec<T>> {
    match value {
        Value::Array(items) => {
            // A plain loop: collecting the moved items costs a specialised copy per type.
            let mut list = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                list.push(map(item).map_err(|e| e.under(&format!("[{i}]")))?);
            }
            Ok(list)
        }
        _ => Err(DecodeError::new("", "expected a list")),
    }
}

impl Decode for String {
    fn decode(value: Value) -> Result<Self> {
        match value {
            Value::String(s) => Ok(s),
            _ => Err(DecodeError::new("", "expected a string")),
        }
    }
}

impl Decode for Site {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        Ok(Site {
            name: f.string("name")?,
            logo: f.text("logo")?,
            home_url: f.text("home_url")?,
            tip: f.object("tip")?,
            footer: f.object("footer")?,
            channels: f.list("channels")?,
        })
    }
}

impl Decode for Tip {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        Ok(Tip { title: f.string("title")?, text: f.string("text")?, url: f.text("url")? })
    }
}

impl Decode for Footer {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        Ok(Footer {
            copyright: f.text("copyright")?,
            icp: f.list("icp")?,
            address: f.text("address")?,
            hotline: f.text("hotline")?,
            links: f.list("links")?,
        })
    }
}

impl Decode for Link {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        Ok(Link { text: f.string("text")?, url: f.string("url")? })
    }
}

impl Decode for Image {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        let dimension = |n: Option<u64>| n.and_then(|n| u32::try_from(n).ok());
        Ok(Image {
            url: f.string("url")?,
            alt: f.text("alt")?,
            caption: f.text("caption")?,
            width: dimension(f.uint("width")?),
            height: dimension(f.uint("height")?),
            sources: f.list("sources")?,
        })
    }
}

impl Decode for ImageSource {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        let width = u32::try_from(f.required_uint("width")?).map_err(|_| DecodeError::new("width", "out of range"))?;
        Ok(ImageSource { url: f.string("url")?, width })
    }
}

impl Decode for Channel {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        Ok(Channel { id: f.id("id")?, name: f.string("name")? })
    }
}

/// Backends send the source (来源) either as `{name, url?}` or as a bare name.
impl Decode for Source {
    fn decode(value: Value) -> Result<Self> {
        if let Value::String(name) = value {
            return Ok(Source { name, url: None });
        }
        let mut f = Fields::of(value)?;
        Ok(Source { name: f.string("name")?, url: f.text("url")? })
    }
}

impl Decode for Summary {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        Ok(Summary {
            id: f.id("id")?,
            title: f.string("title")?,
            summary: f.text("summary")?,
            source: f.text("source")?,
            published_at: f.text("published_at")?,
            thumbnail: f.object("thumbnail")?,
            url: f.text("url")?,
        })
    }
}

impl Decode for Article {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        Ok(Article {
            id: f.id("id")?,
            title: f.string("title")?,
            original_title: f.text("original_title")?,
            subtitle: f.text("subtitle")?,
            channel: f.object("channel")?,
            source: f.object("source")?,
            author: f.text("author")?,
            editor: f.text("editor")?,
            published_at: f.string("published_at")?,
            updated_at: f.text("updated_at")?,
            summary: f.text("summary")?,
            cover: f.object("cover")?,
            body_html: f.string("body_html")?,
            byline: f.text("byline")?,
            tags: f.list("tags")?,
            related: f.optional_list("related")?,
            comment_count: f.uint("comment_count")?,
            comments_open: f.bool_or("comments_open", true)?,
            prev: f.object("prev")?,
            next: f.object("next")?,
        })
    }
}

impl<T: Decode> Decode for Page<T> {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        Ok(Page {
            items: f.required_list("items")?,
            page: f.required_u32("page")?,
            per_page: f.required_u32("per_page")?,
            total: f.required_uint("total")?,
        })
    }
}

impl<T: Decode> Decode for ItemList<T> {
    fn decode(value: Value) -> Result<Self> {
        let mut f = Fields::of(value)?;
        Ok(ItemList { items: f.required_list("items")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path() {
        let err = from_str::<Article>(
            r#"{"id":1,"title":"t","published_at":"2022-01-01T00:00:00Z","body_html":"","related":[{"id":1,"title":"a"},{"id":2,"title":5}]}"#,
        )
        .expect_err("title of the second related item is a number");
        assert_eq!(err.to_string(), "related[1].title: expected a string");
        let err = from_str::<Article>(r#"{"id":1,"published_at":"x","body_html":""}"#).expect_err("no title");
        assert_eq!(err.to_string(), "title: missing");
        let err = from_str::<Site>(r#"{"name":"n","footer":{"links":[{"text":"a"}]}}"#).expect_err("link without url");
        assert_eq!(err.to_string(), "footer.links[0].url: missing");
        assert_eq!(from_str::<Site>("[]").expect_err("not an object").to_string(), "expected an object");
        assert!(from_str::<Site>("{").expect_err("broken").to_string().starts_with("invalid JSON"));
    }

    #[test]
    fn related_distinguishes_missing_from_empty() {
        let base = r#""id":"1","title":"t","published_at":"2022-01-01T00:00:00Z","body_html":"""#;
        let missing: Article = from_str(&format!("{{{base}}}")).expect("valid");
        let null: Article = from_str(&format!("{{{base},\"related\":null}}")).expect("valid");
        let empty: Article = from_str(&format!("{{{base},\"related\":[]}}")).expect("valid");
        assert_eq!(missing.related, None);
        assert_eq!(null.related, None);
        assert_eq!(empty.related, Some(vec![]));
    }

    #[test]
    fn page_requires_its_counts() {
        let page: Page<Summary> =
            from_str(r#"{"items":[{"id":3,"title":"a"}],"page":1,"per_page":10,"total":1}"#).expect("valid");
        assert_eq!(page.items[0].id, "3");
        for bad in [
            r#"{"items":[],"page":1,"per_page":10}"#,
            r#"{"page":1,"per_page":10,"total":0}"#,
            r#"{"items":[],"page":-1,"per_page":10,"total":0}"#,
            r#"{"items":[],"page":1,"per_page":10,"total":"3"}"#,
            r#"{"items":[],"page":99999999999,"per_page":10,"total":0}"#,
        ] {
            assert!(from_str::<Page<Summary>>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn image_dimensions_and_ids() {
        let err = from_str::<Image>(r#"{"url":"/a.svg","height":1e3}"#).expect_err("1e3 is not an integer");
        assert_eq!(err.path, "height");
        let image: Image = from_str(r#"{"url":"/a.svg","width":800,"height":450,"alt":" "}"#).expect("valid");
        assert_eq!((image.width, image.height, image.alt), (Some(800), Some(450), None));
        assert!(from_str::<Channel>(r#"{"id":1.5,"name":"x"}"#).is_err(), "fractional ids are refused");
        assert_eq!(from_str::<Channel>(r#"{"id":-7,"name":"x"}"#).map(|c| c.id), Ok("-7".into()));
    }
}
