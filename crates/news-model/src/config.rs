//! Runtime configuration, read from `config.json` beside `index.html` so a built app can be
//! pointed at another backend without rebuilding. Every key is optional; a key with a value of
//! the wrong type falls back to its default and is reported, the rest still apply.

use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    /// Accepts BCP 47 tags loosely: `zh`, `zh-CN`, `zh_Hans` read as Chinese, `en*` as English.
    pub fn parse(tag: &str) -> Option<Self> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag == "zh" || tag.starts_with("zh-") || tag.starts_with("zh_") {
            Some(Locale::ZhCn)
        } else if tag == "en" || tag.starts_with("en-") || tag.starts_with("en_") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// The value for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
}

/// Which backend shape the API client speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Adapter {
    /// The contract in docs/api.md.
    #[default]
    Native,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentsConfig {
    pub enabled: bool,
    pub page_size: u32,
}

impl Default for CommentsConfig {
    fn default() -> Self {
        CommentsConfig { enabled: true, page_size: 20 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Prefix of every API path, absolute (`https://news.example/api`) or root-relative (`/api`).
    pub api_base: String,
    pub adapter: Adapter,
    pub locale: Locale,
    pub comments: CommentsConfig,
    /// How long a request may take before the reader is offered a retry.
    pub request_timeout_ms: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            api_base: "/api".into(),
            adapter: Adapter::Native,
            locale: Locale::ZhCn,
            comments: CommentsConfig::default(),
            request_timeout_ms: 10_000,
        }
    }
}

impl Config {
    /// Reads config.json text. Returns the config and warnings to log: broken JSON or odd values
    /// never stop the app, they fall back to defaults.
    pub fn from_json(text: &str) -> (Config, Vec<String>) {
        let mut config = Config::default();
        let mut warnings = Vec::new();
        let root = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                warnings.push("config.json is not a JSON object; using defaults".to_string());
                return (config, warnings);
            }
            Err(e) => {
                warnings.push(format!("config.json is not valid JSON ({e}); using defaults"));
                return (config, warnings);
            }
        };
        let mut warn = |key: &str, expected: &str| {
            warnings.push(format!("config.json: `{key}` should be {expected}; using the default"));
        };

        if let Some(v) = root.get("api_base") {
            match v.as_str().map(str::trim) {
                Some(base) if !base.is_empty() => config.api_base = base.trim_end_matches('/').to_string(),
                _ => warn("api_base", "a non-empty string"),
            }
        }
        if let Some(v) = root.get("adapter") {
            match v.as_str() {
                Some("native") => config.adapter = Adapter::Native,
                _ => warn("adapter", "\"native\""),
            }
        }
        if let Some(v) = root.get("locale") {
            match v.as_str().and_then(Locale::parse) {
                Some(locale) => config.locale = locale,
                None => warn("locale", "\"zh-CN\" or \"en\""),
            }
        }
        if let Some(v) = root.get("comments") {
            match v.as_object() {
                Some(comments) => read_comments(comments, &mut config.comments, &mut warn),
                None => warn("comments", "an object"),
            }
        }
        if let Some(v) = root.get("request_timeout_ms") {
            match v.as_u64().filter(|ms| (100..=120_000).contains(ms)) {
                Some(ms) => config.request_timeout_ms = ms as u32,
                None => warn("request_timeout_ms", "a number of milliseconds between 100 and 120000"),
            }
        }
        (config, warnings)
    }

    /// Joins the API base and a contract path (`/articles/7`).
    pub fn api_url(&self, path: &str) -> String {
        format!("{}{}", self.api_base, path)
    }
}

fn read_comments(map: &Map<String, Value>, comments: &mut CommentsConfig, warn: &mut impl FnMut(&str, &str)) {
    if let Some(v) = map.get("enabled") {
        match v.as_bool() {
            Some(enabled) => comments.enabled = enabled,
            None => warn("comments.enabled", "true or false"),
        }
    }
    if let Some(v) = map.get("page_size") {
        match v.as_u64().filter(|n| (1..=100).contains(n)) {
            Some(n) => comments.page_size = n as u32,
            None => warn("comments.page_size", "a number from 1 to 100"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_gives_defaults_without_warnings() {
        assert_eq!(Config::from_json("{}"), (Config::default(), vec![]));
    }

    #[test]
    fn all_keys_read_and_unknown_keys_ignored() {
        let (c, warnings) = Config::from_json(
            r#"{"api_base":"https://news.example/api/","adapter":"native","locale":"en-GB",
                "comments":{"enabled":false,"page_size":50},"request_timeout_ms":2500,"theme":"x"}"#,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(c.api_base, "https://news.example/api");
        assert_eq!(c.api_url("/site"), "https://news.example/api/site");
        assert_eq!(c.locale, Locale::En);
        assert_eq!(c.comments, CommentsConfig { enabled: false, page_size: 50 });
        assert_eq!(c.request_timeout_ms, 2500);
    }

    #[test]
    fn broken_or_odd_config_falls_back_and_warns() {
        for text in ["", "{", "[1,2]", "null"] {
            let (c, warnings) = Config::from_json(text);
            assert_eq!(c, Config::default());
            assert_eq!(warnings.len(), 1, "{text}");
        }
        let (c, warnings) = Config::from_json(
            r#"{"api_base":"","adapter":"graphql","locale":"fr","comments":{"page_size":0,"enabled":"yes"},"request_timeout_ms":-1}"#,
        );
        assert_eq!(c, Config::default());
        assert_eq!(warnings.len(), 6, "{warnings:?}");
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::parse("zh"), Some(Locale::ZhCn));
        assert_eq!(Locale::parse("ZH-cn"), Some(Locale::ZhCn));
        assert_eq!(Locale::parse("en_US"), Some(Locale::En));
        assert_eq!(Locale::parse("eng"), None);
        assert_eq!(Locale::En.tag(), "en");
    }
}
