//! Headers every answer carries: `nosniff` and a referrer policy everywhere, a CSP on the app's
//! pages (with the hashes of their inline scripts) and on the JSON API, and `no-store` on the
//! answers to writes.

use crate::security::Security;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// App pages are a few KB; anything bigger than this is not one of them.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// The API answers JSON and media (media set their own, stricter sandbox): nothing in them
/// should run, load or be framed if a reader opens one directly.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The moderation console (console/): its own script and stylesheet and nothing else, forms
/// that post only to itself, and never framed (no clickjacking an editor into an action).
const CONSOLE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                           connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub async fn apply(State(security): State<Arc<Security>>, request: Request, next: Next) -> Response {
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;

    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/html"));
    let console = path == "/admin" || path.starts_with("/admin/");
    if console {
        let headers = response.headers_mut();
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONSOLE_CSP));
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    } else if is_html {
        response = with_page_csp(response, &security, path.ends_with("/embed.html")).await;
    } else if path.starts_with("/api/") && !response.headers().contains_key(CONTENT_SECURITY_POLICY) {
        response.headers_mut().insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(API_CSP));
    }
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    // Admin answers and console pages carry comments awaiting review and who acted on them:
    // for the token's holder or the session's only, never for a cache.
    if writes || console || path.starts_with("/api/admin/") {
        // A comment or like answer is one reader's, at one moment: no cache should keep it.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Reads the page and names each of its inline scripts by hash, so exactly those run: Trunk's
/// loader and the boot script, whatever the build put in them, and nothing injected.
async fn with_page_csp(response: Response, security: &Security, embed: bool) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let ancestors = if embed { security.embed_frame_ancestors() } else { security.frame_ancestors() };
    let policy = page_csp(&inline_scripts(&html), security.connect_src(), security.frame_src(), ancestors);
    match HeaderValue::from_str(&policy) {
        Ok(value) => {
            parts.headers.insert(CONTENT_SECURITY_POLICY, value);
            Response::from_parts(parts, Body::from(bytes))
        }
        // Only reachable if a setting let a line break through; never serve a page without one.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The policy for the app's pages.
/// - `'wasm-unsafe-eval'` compiles the app's WebAssembly and allows no JavaScript `eval`.
/// - Styles come from the app's own stylesheets; `style-src-attr 'unsafe-inline'` is for
///   `style="…"` attributes only (`<body style="margin:0">`, and the size the image stand-ins
///   are given while they load), which cannot run script. `<style>` elements stay blocked.
/// - Articles may show images and video from other sites over https.
/// - Requests go to the server and the backends its config.json names (`connect_src`).
/// - Frames: the server's own pages, and the players of the hosts config.json lists (`frame_src`).
pub fn page_csp(scripts: &[&str], connect_src: &str, frame_src: &str, frame_ancestors: &str) -> String {
    let hashes: String = scripts
        .iter()
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data: https:; media-src 'self' https:; \
         connect-src {connect_src}; frame-src {frame_src}; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}

/// The text of each `<script>` without `src`, byte for byte as the browser hashes it. Data
/// blocks (`type="application/json"`, `type="application/ld+json"`: the embedded first view and
/// JSON-LD of a filled-in page) are never run, so they get no hash.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    // ASCII lowercasing keeps every byte offset, so positions found in `lower` cut `html`.
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut at = 0;
    while let Some(found) = lower.get(at..).and_then(|rest| rest.find("<script")) {
        let open = at + found;
        let Some(tag_len) = lower.get(open..).and_then(|rest| rest.find('>')) else { break };
        let body_start = open + tag_len + 1;
        let Some(body_len) = lower.get(body_start..).and_then(|rest| rest.find("</script")) else { break };
        let tag = lower.get(open..body_start).unwrap_or_default();
        let has_src = [" src=", "\tsrc=", "\nsrc="].iter().any(|attr| tag.contains(attr));
        if !has_src && !is_data_block(tag) {
            if let Some(body) = html.get(body_start..body_start + body_len) {
                scripts.push(body);
            }
        }
        at = body_start + body_len;
    }
    scripts
}

/// Whether a lower-cased `<script …>` tag declares JSON data rather than script.
fn is_data_block(tag: &str) -> bool {
    let Some(at) = [" type=", "\ttype=", "\ntype="].iter().find_map(|attr| tag.find(attr).map(|i| i + attr.len()))
    else {
        return false;
    };
    let value = tag[at..].trim_start_matches(['"', '\'']);
    let end = value.find(['"', '\'', ' ', '>', '\t', '\n']).unwrap_or(value.len());
    matches!(value[..end].trim(), "application/json" | "application/ld+json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = "<head><SCRIPT type=\"module\">import a from '/a.js';</script>\n\
                    <script src=\"/x.js\"></script><script>\nboot();\n</Script></head>";
        assert_eq!(inline_scripts(html), vec!["import a from '/a.js';", "\nboot();\n"]);
        assert!(inline_scripts("<script>unclosed").is_empty());
        let data =
            "<script type=\"application/json\" id=\"x\">{}</script><script type='application/ld+json'>{}</script>\
                    <script type=\"module\">run()</script>";
        assert_eq!(inline_scripts(data), vec!["run()"], "data blocks are not hashed");
    }

    #[test]
    fn hashes_are_the_browsers() {
        // sha256("alert(1)") in base64, as a CSP names it.
        let policy = page_csp(&["alert(1)"], "'self'", "'self' player.example:*", "'self'");
        assert!(policy.contains("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"), "{policy}");
        assert!(policy.ends_with("frame-ancestors 'self'"));
        let directive = |name: &str| policy.split("; ").find(|d| d.starts_with(name)).unwrap_or_default().to_string();
        assert!(!directive("script-src ").contains("unsafe-inline"), "{policy}");
        assert_eq!(directive("style-src "), "style-src 'self'", "no <style> elements");
        assert_eq!(directive("frame-src "), "frame-src 'self' player.example:*", "the listed players only");
    }
}
