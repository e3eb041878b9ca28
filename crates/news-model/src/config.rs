//! Runtime configuration, read from `config.json` beside `index.html` so a built app can be
//! pointed at another backend without rebuilding. Every key is optional; a key with a value of
//! the wrong type falls back to its default and is reported, the rest still apply.

use crate::sanitize_policy::safe_url;
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
    /// The contract in docs/api.md (paths adjustable with `endpoints`).
    #[default]
    Native,
    /// A JSON Feed 1.0/1.1 document at `feed_url`.
    JsonFeed,
    /// The WordPress REST API, with `api_base` at the site's `/wp-json`.
    WordPress,
}

impl Adapter {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "native" => Some(Adapter::Native),
            "jsonfeed" => Some(Adapter::JsonFeed),
            "wordpress" => Some(Adapter::WordPress),
            _ => None,
        }
    }
}

/// The native contract's paths, relative to `api_base` (or absolute URLs), with `{id}`, `{page}`,
/// `{per_page}`, `{sort}` and `{channel}` filled in. Backends whose paths differ (or a folder of static JSON
/// files) override any of them in config.json's `endpoints`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Site,
    Articles,
    /// The list of one channel (a home-page tab).
    ChannelArticles,
    Article,
    Related,
    Comments,
    PostComment,
    Like,
    /// 举报: a reader reports a comment.
    Report,
    /// Live comments: an article's newly published comments as server-sent events.
    CommentEvents,
}

impl Endpoint {
    pub const ALL: [Endpoint; 10] = [
        Endpoint::Site,
        Endpoint::Articles,
        Endpoint::ChannelArticles,
        Endpoint::Article,
        Endpoint::Related,
        Endpoint::Comments,
        Endpoint::PostComment,
        Endpoint::Like,
        Endpoint::Report,
        Endpoint::CommentEvents,
    ];

    /// The key in config.json's `endpoints`.
    pub fn key(self) -> &'static str {
        match self {
            Endpoint::Site => "site",
            Endpoint::Articles => "articles",
            Endpoint::ChannelArticles => "channel_articles",
            Endpoint::Article => "article",
            Endpoint::Related => "related",
            Endpoint::Comments => "comments",
            Endpoint::PostComment => "post_comment",
            Endpoint::Like => "like",
            Endpoint::Report => "report",
            Endpoint::CommentEvents => "comment_events",
        }
    }

    pub fn default_template(self) -> &'static str {
        match self {
            Endpoint::Site => "/site",
            Endpoint::Articles => "/articles?page={page}&per_page={per_page}",
            Endpoint::ChannelArticles => "/articles?channel={channel}&page={page}&per_page={per_page}",
            Endpoint::Article => "/articles/{id}",
            Endpoint::Related => "/articles/{id}/related",
            Endpoint::Comments => "/articles/{id}/comments?page={page}&per_page={per_page}&sort={sort}",
            Endpoint::PostComment => "/articles/{id}/comments",
            Endpoint::Like => "/comments/{id}/like",
            Endpoint::Report => "/comments/{id}/report",
            Endpoint::CommentEvents => "/articles/{id}/comments/events",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentsConfig {
    pub enabled: bool,
    pub page_size: u32,
    /// Where the comment endpoints of the native contract live when not at `api_base`: how a
    /// JSON Feed site gets comments.
    pub api_base: Option<String>,
}

impl Default for CommentsConfig {
    fn default() -> Self {
        CommentsConfig { enabled: true, page_size: 20, api_base: None }
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
    /// For `adapter: "jsonfeed"`: the feed's URL (absolute, or relative to the page).
    pub feed_url: Option<String>,
    /// Custom templates for the native contract's paths, by `Endpoint::key`.
    pub endpoints: Vec<(Endpoint, String)>,
    /// When not empty, the only origins (`https://news.example`, or `self`: where the app's files
    /// are) an embedded instance's own settings (`data-api-base` and the like) may point at;
    /// config.json itself is trusted.
    pub allowed_api_origins: Vec<String>,
    /// The host's page for a story (`https://portal.example/news/{id}.html`), for embed.html and
    /// for embedded instances without their own `data-link-template`.
    pub link_template: Option<String>,
    /// Host names (`player.bilibili.com`) whose players an article body may show: each such
    /// `<iframe>` becomes a placeholder that loads it, sandboxed, when the reader clicks. Empty:
    /// every iframe is dropped. Exact names, lower-cased: no wildcards, no ports.
    pub embed_hosts: Vec<String>,
    /// The portal's login page for readers (`https://portal.example/login?next={return}`), shown
    /// when the comment server takes only readers the portal vouches for; `{return}` becomes the
    /// page's address, percent-encoded (by the form). Only `http(s):` or relative: percent-encoded,
    /// the address cannot change the scheme. From config.json only, like `link_template`: a page
    /// embedding the app must not send readers to a login page of its choosing.
    pub login_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            api_base: "/api".into(),
            adapter: Adapter::Native,
            locale: Locale::ZhCn,
            comments: CommentsConfig::default(),
            request_timeout_ms: 10_000,
            feed_url: None,
            endpoints: Vec::new(),
            allowed_api_origins: Vec::new(),
            link_template: None,
            embed_hosts: Vec::new(),
            login_url: None,
        }
    }
}

impl Config {
    /// Reads config.json text. Returns the config and warnings to log: broken JSON or odd values
    /// never stop the app, they fall back to defaults.
    pub fn from_json(text: &str) -> (Config, Vec<String>) {
        Config::from_json_with(text, &[])
    }

    /// Reads config.json text with settings given in attribute form on top (an embedding
    /// element's `data-api-base="…"` is `("api-base", "…")`): those win over the file.
    pub fn from_json_with(text: &str, attributes: &[(String, String)]) -> (Config, Vec<String>) {
        let mut warnings = Vec::new();
        let mut root = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                warnings.push("config.json is not a JSON object; using defaults".to_string());
                Map::new()
            }
            Err(e) => {
                warnings.push(format!("config.json is not valid JSON ({e}); using defaults"));
                Map::new()
            }
        };
        for (name, value) in attributes {
            apply_attribute(&mut root, name, value);
        }
        let (config, more) = Config::from_map(&root);
        warnings.extend(more);
        (config, warnings)
    }

    fn from_map(root: &Map<String, Value>) -> (Config, Vec<String>) {
        let mut config = Config::default();
        let mut warnings = Vec::new();
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
            match v.as_str().and_then(Adapter::parse) {
                Some(adapter) => config.adapter = adapter,
                None => warn("adapter", "\"native\", \"jsonfeed\" or \"wordpress\""),
            }
        }
        if let Some(v) = root.get("feed_url") {
            match v.as_str().map(str::trim).filter(|url| !url.is_empty()) {
                Some(url) => config.feed_url = Some(url.to_string()),
                None => warn("feed_url", "a URL"),
            }
        }
        if let Some(v) = root.get("endpoints") {
            match v.as_object() {
                Some(map) => {
                    for endpoint in Endpoint::ALL {
                        match map.get(endpoint.key()).map(|t| t.as_str().map(str::trim)) {
                            Some(Some(template)) if !template.is_empty() => {
                                config.endpoints.push((endpoint, template.to_string()))
                            }
                            Some(_) => warn(&format!("endpoints.{}", endpoint.key()), "a path template"),
                            None => {}
                        }
                    }
                }
                None => warn("endpoints", "an object of path templates"),
            }
        }
        if let Some(v) = root.get("allowed_api_origins") {
            let origins: Option<Vec<String>> = v.as_array().and_then(|list| {
                list.iter().map(|o| o.as_str().map(|o| o.trim().trim_end_matches('/').to_ascii_lowercase())).collect()
            });
            match origins {
                Some(origins) => config.allowed_api_origins = origins,
                None => warn("allowed_api_origins", "a list of origins (\"https://news.example\")"),
            }
        }
        if let Some(v) = root.get("link_template") {
            match v.as_str().map(str::trim).filter(|t| !t.is_empty()) {
                Some(template) => config.link_template = Some(template.to_string()),
                None => warn("link_template", "a URL template with {id}"),
            }
        }
        if let Some(v) = root.get("embed_hosts") {
            let hosts: Option<Vec<String>> = v.as_array().and_then(|list| {
                list.iter()
                    .map(|h| h.as_str().map(|h| h.trim().to_ascii_lowercase()).filter(|h| is_host_name(h)))
                    .collect()
            });
            match hosts {
                Some(hosts) => config.embed_hosts = hosts,
                None => warn("embed_hosts", "a list of host names (\"player.example.com\")"),
            }
        }
        if let Some(v) = root.get("login_url") {
            match v.as_str().map(str::trim).filter(|url| !url.is_empty()).and_then(|url| safe_url(url, false)) {
                Some(url) => config.login_url = Some(url),
                None => warn("login_url", "an http(s) URL, {return} standing for the page's address"),
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
        // Read by index.html (the offline copy), not by the app: checked here so that a mistyped
        // value is reported like any other key's (the page keeps the default, on).
        if root.get("offline").is_some_and(|v| !v.is_boolean()) {
            warn("offline", "true or false");
        }
        (config, warnings)
    }

    /// Joins the API base and a path (`/articles/7`).
    pub fn api_url(&self, path: &str) -> String {
        format!("{}{}", self.api_base, path)
    }

    /// The URL of a native endpoint: its template (custom or default) with `vars` filled in,
    /// each value percent-encoded, under `api_base` (comment endpoints under `comments.api_base`
    /// when set) unless the template is an absolute URL.
    pub fn endpoint_url(&self, endpoint: Endpoint, vars: &[(&str, &str)]) -> String {
        let template = self
            .endpoints
            .iter()
            .find(|(e, _)| *e == endpoint)
            .map_or(endpoint.default_template(), |(_, t)| t.as_str());
        let mut url = template.to_string();
        for (name, value) in vars {
            url = url.replace(&format!("{{{name}}}"), &percent_encode(value));
        }
        if is_absolute(&url) {
            return url;
        }
        let comments = matches!(
            endpoint,
            Endpoint::Comments | Endpoint::PostComment | Endpoint::Like | Endpoint::Report | Endpoint::CommentEvents
        );
        let base = match &self.comments.api_base {
            Some(base) if comments => base,
            _ => &self.api_base,
        };
        format!("{base}{url}")
    }

    /// The names of the settings among `attributes` (an embedding element's) that point the app
    /// at a backend outside `allowed_api_origins`: `api-base`, `comments-api-base`, `feed-url`
    /// and absolute `endpoint-*` templates. `origin_of` gives a URL's origin as the browser
    /// resolves it from the page (`None`: not a URL, refused too); `own_origin` is what `self`
    /// in the list stands for. Empty when no list is set.
    pub fn refused_backend_settings(
        &self,
        attributes: &[(String, String)],
        origin_of: impl Fn(&str) -> Option<String>,
        own_origin: &str,
    ) -> Vec<String> {
        if self.allowed_api_origins.is_empty() {
            return Vec::new();
        }
        let names_backend = |name: &str, value: &str| match name {
            "api-base" | "comments-api-base" | "feed-url" => true,
            _ => name.starts_with("endpoint-") && is_absolute(value.trim()),
        };
        let allowed = |value: &str| {
            let listed = |origin: &str, entry: &String| match entry.as_str() {
                "self" => origin.eq_ignore_ascii_case(own_origin),
                entry => origin.eq_ignore_ascii_case(entry),
            };
            origin_of(value.trim()).is_some_and(|origin| self.allowed_api_origins.iter().any(|o| listed(&origin, o)))
        };
        attributes
            .iter()
            .filter(|(name, value)| names_backend(name, value) && !allowed(value))
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Whether this backend has comments at all: a JSON Feed has none of its own.
    pub fn has_comments(&self) -> bool {
        self.comments.enabled && (self.adapter != Adapter::JsonFeed || self.comments.api_base.is_some())
    }

    /// Whether readers can like comments (WordPress has no likes).
    pub fn has_likes(&self) -> bool {
        self.adapter != Adapter::WordPress
    }

    /// Whether the app listens for new comments: the native contract's comments (WordPress has no
    /// such stream). A backend without the endpoint answers the first request 404, and then the
    /// app asks no more.
    pub fn has_live_comments(&self) -> bool {
        self.has_comments() && self.adapter != Adapter::WordPress
    }

    /// Whether readers can report comments (举报): the native contract's comments, where the
    /// backend may answer 404 for it (then the reader is told it did not go through).
    pub fn has_reports(&self) -> bool {
        self.adapter != Adapter::WordPress
    }
}

/// A bare host name: letters, digits, `.` and `-` (no scheme, port or path).
fn is_host_name(host: &str) -> bool {
    !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// A URL with its own origin, not a path under `api_base`.
fn is_absolute(url: &str) -> bool {
    ["http://", "https://", "//"].iter().any(|p| url.starts_with(p))
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so an id is one path
/// segment or one query value whatever it contains.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Puts one attribute-form setting (`comments-page-size` = `"50"`) where config.json has it
/// (`comments.page_size` = `50`). Names that are not settings (`view`, `article-id`) are left out.
fn apply_attribute(root: &mut Map<String, Value>, name: &str, value: &str) {
    let number = || value.trim().parse::<u64>().map_or_else(|_| Value::from(value), Value::from);
    let boolean = || match value.trim() {
        "true" | "" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::from(value),
    };
    let (section, key, value) = match name {
        "api-base" | "adapter" | "locale" | "feed-url" => (None, name.replace('-', "_"), Value::from(value)),
        "request-timeout-ms" => (None, name.replace('-', "_"), number()),
        "comments-enabled" => (Some("comments"), "enabled".into(), boolean()),
        "comments-page-size" => (Some("comments"), "page_size".into(), number()),
        "comments-api-base" => (Some("comments"), "api_base".into(), Value::from(value)),
        _ => match name.strip_prefix("endpoint-") {
            Some(endpoint) => (Some("endpoints"), endpoint.replace('-', "_"), Value::from(value)),
            None => return,
        },
    };
    match section {
        None => {
            root.insert(key, value);
        }
        Some(section) => {
            let entry = root.entry(section).or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            if let Value::Object(map) = entry {
                map.insert(key, value);
            }
        }
    }
}

fn read_comments(map: &Map<String, Value>, comments: &mut CommentsConfig, warn: &mut impl FnMut(&str, &str)) {
    if let Some(v) = map.get("api_base") {
        match v.as_str().map(str::trim).filter(|base| !base.is_empty()) {
            Some(base) => comments.api_base = Some(base.trim_end_matches('/').to_string()),
            None => warn("comments.api_base", "a non-empty string"),
        }
    }
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
                "comments":{"enabled":false,"page_size":50},"request_timeout_ms":2500,"theme":"x","offline":false}"#,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(c.api_base, "https://news.example/api");
        assert_eq!(c.api_url("/site"), "https://news.example/api/site");
        assert_eq!(c.locale, Locale::En);
        assert_eq!(c.comments, CommentsConfig { enabled: false, page_size: 50, api_base: None });
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
            r#"{"api_base":"","adapter":"graphql","locale":"fr","comments":{"page_size":0,"enabled":"yes"},"request_timeout_ms":-1,"offline":"no"}"#,
        );
        assert_eq!(c, Config::default());
        assert_eq!(warnings.len(), 7, "{warnings:?}");
    }

    #[test]
    fn embed_hosts_are_bare_host_names_set_only_in_the_file() {
        let (c, warnings) = Config::from_json(r#"{"embed_hosts":[" Player.Example ","v.example.cn"]}"#);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(c.embed_hosts, ["player.example", "v.example.cn"]);
        assert!(Config::default().embed_hosts.is_empty(), "no players unless listed");
        for odd in [r#""player.example""#, r#"["https://player.example"]"#, r#"["*.example"]"#, r#"[""]"#, "[1]"] {
            let (c, warnings) = Config::from_json(&format!(r#"{{"embed_hosts":{odd}}}"#));
            assert!(c.embed_hosts.is_empty(), "{odd}");
            assert_eq!(warnings.len(), 1, "{odd}");
        }
        // An embedding element cannot add hosts: no attribute names the setting.
        let attributes = [("embed-hosts".to_string(), "evil.example".to_string())];
        assert!(Config::from_json_with("{}", &attributes).0.embed_hosts.is_empty());
    }

    /// The attack: a page embeds the portal's embed.js with `data-api-base` naming the attacker's
    /// server, so the portal's widget shows the attacker's story (and sends comments there).
    #[test]
    fn embedded_settings_may_only_name_allowed_origins() {
        let (c, warnings) = Config::from_json(r#"{"allowed_api_origins":["https://News.example/", "self"]}"#);
        assert!(warnings.is_empty(), "{warnings:?}");
        let origin_of = |url: &str| match url.find("://") {
            Some(i) => Some(url[..i + 3 + url[i + 3..].find('/').unwrap_or(url.len() - i - 3)].to_string()),
            None if url.starts_with('/') => Some("https://portal.example".to_string()),
            None => None,
        };
        let attributes: Vec<(String, String)> = [
            ("api-base", "https://evil.example/api"),
            ("comments-api-base", "https://news.example/api"),
            ("feed-url", "/feed.json"),
            ("endpoint-article", "https://evil.example/{id}.json"),
            ("endpoint-site", "/site.json"),
            ("locale", "en"),
            ("view", "comments"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let own = "https://cdn.example";
        assert_eq!(
            c.refused_backend_settings(&attributes, origin_of, own),
            ["api-base", "feed-url", "endpoint-article"]
        );
        let from_portal = c.refused_backend_settings(&attributes, origin_of, "https://portal.example");
        assert_eq!(from_portal, ["api-base", "endpoint-article"], "`self` is where the app's files are");
        let open = Config::default();
        assert!(open.refused_backend_settings(&attributes, origin_of, own).is_empty(), "no list: anything goes");
    }

    #[test]
    fn embedded_settings_cannot_widen_the_list_or_set_the_link_template() {
        let attributes = [
            ("allowed-api-origins".to_string(), "https://evil.example".to_string()),
            ("link_template".to_string(), "https://evil.example/{id}".to_string()),
        ];
        let (c, _) = Config::from_json_with(r#"{"allowed_api_origins":["https://news.example"]}"#, &attributes);
        assert_eq!(c.allowed_api_origins, ["https://news.example"]);
        assert_eq!(c.link_template, None);
        let (c, warnings) = Config::from_json(r#"{"allowed_api_origins":"https://news.example","link_template":""}"#);
        assert_eq!((c.allowed_api_origins.len(), c.link_template), (0, None));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn the_login_page_comes_from_config_json_only() {
        let (c, warnings) =
            Config::from_json(r#"{"login_url":" https://portal.example/login?next={return}&from=news "}"#);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(c.login_url.as_deref(), Some("https://portal.example/login?next={return}&from=news"));
        let (relative, _) = Config::from_json(r#"{"login_url":"/login"}"#);
        assert_eq!(relative.login_url.as_deref(), Some("/login"));
        assert_eq!(Config::default().login_url, None);
        let attributes = [("login-url".to_string(), "https://evil.example/{return}".to_string())];
        assert_eq!(Config::from_json_with("{}", &attributes).0.login_url, None, "an embedding page cannot set it");
    }

    #[test]
    fn a_login_url_of_another_scheme_is_refused() {
        let empty = r#""""#;
        for bad in
            [r#""javascript:alert(1)//{return}""#, r#""java\tscript:alert(1)""#, r#""data:text/html,x""#, empty, "7"]
        {
            let (c, warnings) = Config::from_json(&format!(r#"{{"login_url":{bad}}}"#));
            assert_eq!((c.login_url, warnings.len()), (None, 1), "{bad}");
        }
    }

    #[test]
    fn adapters_feed_url_and_endpoint_templates() {
        let (c, warnings) = Config::from_json(
            r#"{"adapter":"jsonfeed","feed_url":" https://news.example/feed.json ",
                "comments":{"api_base":"https://comments.example/api/"},
                "endpoints":{"article":"/news/{id}.json","articles":"https://cdn.example/list-{page}.json","site":7}}"#,
        );
        assert_eq!(warnings.len(), 1, "the bad `site` template is reported: {warnings:?}");
        assert_eq!(c.adapter, Adapter::JsonFeed);
        assert_eq!(c.feed_url.as_deref(), Some("https://news.example/feed.json"));
        assert_eq!(c.endpoint_url(Endpoint::Article, &[("id", "a b/c")]), "/api/news/a%20b%2Fc.json");
        assert_eq!(
            c.endpoint_url(Endpoint::Articles, &[("page", "2"), ("per_page", "8")]),
            "https://cdn.example/list-2.json"
        );
        assert_eq!(c.endpoint_url(Endpoint::Site, &[]), "/api/site", "default template");
        assert_eq!(
            c.endpoint_url(Endpoint::Comments, &[("id", "9"), ("page", "1"), ("per_page", "20"), ("sort", "hot")]),
            "https://comments.example/api/articles/9/comments?page=1&per_page=20&sort=hot"
        );
        assert!(c.has_comments(), "a feed with a comments API has comments");
        assert!(!Config::from_json(r#"{"adapter":"jsonfeed"}"#).0.has_comments());
        assert!(!Config::from_json(r#"{"adapter":"wordpress"}"#).0.has_likes());
        assert_eq!(Config::from_json(r#"{"adapter":"rss"}"#).1.len(), 1);
    }

    #[test]
    fn attributes_win_over_the_file() {
        let attrs: Vec<(String, String)> = [
            ("api-base", "https://cdn.example/news/api"),
            ("locale", "en"),
            ("comments-page-size", "50"),
            ("comments-enabled", "false"),
            ("request-timeout-ms", "2500"),
            ("endpoint-post-comment", "/c/{id}"),
            ("view", "comments"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (c, warnings) =
            Config::from_json_with(r#"{"api_base":"/api","comments":{"api_base":"/c"},"locale":"zh-CN"}"#, &attrs);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(c.api_base, "https://cdn.example/news/api");
        assert_eq!(c.locale, Locale::En);
        assert_eq!(c.comments, CommentsConfig { enabled: false, page_size: 50, api_base: Some("/c".into()) });
        assert_eq!(c.request_timeout_ms, 2500);
        assert_eq!(c.endpoint_url(Endpoint::PostComment, &[("id", "7")]), "/c/c/7");
        let (c, warnings) = Config::from_json_with("not json", &[("comments-page-size".into(), "lots".into())]);
        assert_eq!(c.comments.page_size, 20);
        assert_eq!(warnings.len(), 2, "broken file and bad attribute both reported: {warnings:?}");
    }

    #[test]
    fn live_comments_address_and_who_listens() {
        let (c, warnings) = Config::from_json(r#"{"comments":{"api_base":"https://comments.example/api"}}"#);
        assert!(warnings.is_empty(), "{warnings:?}");
        let url = c.endpoint_url(Endpoint::CommentEvents, &[("id", "a/1")]);
        assert_eq!(url, "https://comments.example/api/articles/a%2F1/comments/events", "under comments.api_base");
        let (c, warnings) = Config::from_json(r#"{"endpoints":{"comment_events":"/live/{id}"}}"#);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(c.endpoint_url(Endpoint::CommentEvents, &[("id", "9")]), "/api/live/9");
        assert!(c.has_live_comments());
        for off in [r#"{"adapter":"wordpress"}"#, r#"{"comments":{"enabled":false}}"#, r#"{"adapter":"jsonfeed"}"#] {
            assert!(!Config::from_json(off).0.has_live_comments(), "{off}");
        }
        let (feed, _) = Config::from_json(r#"{"adapter":"jsonfeed","comments":{"api_base":"/c"}}"#);
        assert!(feed.has_live_comments(), "a feed with a native comments API");
    }

    #[test]
    fn percent_encoding_keeps_unreserved_only() {
        assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(percent_encode("中 /?#&"), "%E4%B8%AD%20%2F%3F%23%26");
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
