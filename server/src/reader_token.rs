//! Readers vouched for by the embedding portal (docs/sso.md). The portal's backend signs a
//! short-lived token, `PAYLOAD.SIG`: PAYLOAD the base64url (no padding) of a JSON object
//! `{"sub", "name", "avatar"?, "exp"}`, SIG the base64url (no padding) of
//! HMAC-SHA256(secret, PAYLOAD). The app sends it as `X-Reader-Token` with posts, likes and
//! reports; a valid one makes the comment's author the portal's user (认证), and likes and
//! reports count once per portal user.
//!
//! The secret is shared by the portal and this server only (`--sso-secret-file`); a second one
//! is accepted while the portal moves to a new secret. A token that is present but not valid
//! (or sent to a server without a secret) is refused, never taken as anonymous: a reader whose
//! login broke should learn it, not post under a typed nickname believing they are verified.

use crate::{error, AppState};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use news_model::comments::{hidden_character, validate_comment};
use serde_json::Value;
use sha2::Sha256;
use std::fmt;
use std::path::Path;

/// The request header that carries the token.
pub const HEADER: &str = "x-reader-token";

/// Clock skew allowed between the portal and this server, both ways, in seconds.
pub const SKEW_SECONDS: i64 = 60;

/// The longest a token may live: one whose `exp` is further ahead than this (plus the skew) is
/// refused, so that a leaked long-lived token cannot be minted by a careless portal.
pub const MAX_LIFETIME_SECONDS: i64 = 24 * 3600;

/// The fewest bytes a secret may have (`openssl rand -hex 32` gives 64).
pub const MIN_SECRET_BYTES: usize = 32;

/// Longest token read, in bytes: a name, a URL and an id fit many times over.
const MAX_TOKEN_BYTES: usize = 4096;
/// Longest portal user id, in characters.
pub const MAX_SUB_CHARS: usize = 128;
/// Longest avatar URL, in bytes.
const MAX_AVATAR_BYTES: usize = 2048;

type HmacSha256 = Hmac<Sha256>;

/// A shared secret. Its bytes are never printed, not even in debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct SsoSecret(Vec<u8>);

impl fmt::Debug for SsoSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SsoSecret({} bytes)", self.0.len())
    }
}

impl SsoSecret {
    /// The secret from its bytes, trailing whitespace (a file's newline) trimmed.
    pub fn new(bytes: &[u8]) -> Result<SsoSecret, String> {
        let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
        let bytes = &bytes[..end];
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(format!(
                "the secret has {} bytes, it needs at least {MIN_SECRET_BYTES} (`openssl rand -hex 32` makes one)",
                bytes.len()
            ));
        }
        Ok(SsoSecret(bytes.to_vec()))
    }

    /// The secret in the file at `path`.
    pub fn read(path: &Path) -> Result<SsoSecret, String> {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        SsoSecret::new(&bytes)
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC takes a key of any length: this cannot fail.
        HmacSha256::new_from_slice(&self.0).expect("HMAC accepts any key length")
    }

    /// A token for `payload` (a JSON object's text), as a portal makes one.
    pub fn sign(&self, payload: &str) -> String {
        let payload = URL_SAFE_NO_PAD.encode(payload);
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        format!("{payload}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    }

    /// Whether `sig` is this secret's HMAC of `payload`. `verify_slice` compares in constant
    /// time, so the answer's timing tells nothing about how many bytes of a forgery were right.
    fn verifies(&self, payload: &[u8], sig: &[u8]) -> bool {
        let mut mac = self.mac();
        mac.update(payload);
        mac.verify_slice(sig).is_ok()
    }
}

/// A reader the portal vouches for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reader {
    /// The portal's user id: stored with the reader's comments, likes and reports, never shown
    /// to readers.
    pub sub: String,
    /// The display name, trimmed, checked by the nickname rules.
    pub name: String,
    /// An https URL.
    pub avatar: Option<String>,
}

impl Reader {
    /// The key likes and reports are stored under for this reader: the `:` cannot occur in a
    /// reader id the app makes (comment_api::valid_client_id), so the two never meet.
    pub fn key(&self) -> String {
        format!("sso:{}", self.sub)
    }
}

/// Why a token is refused. Each is answered `401 bad_reader_token`; the detail is for the
/// portal's developers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// The server has no secret: it cannot check any token.
    NoSecret,
    /// Not `PAYLOAD.SIG` in base64url, or too long.
    Malformed,
    /// No configured secret signed it.
    BadSignature,
    /// Signed, but not a JSON object with the fields.
    BadPayload,
    Expired,
    /// `exp` is more than a day (and the skew) ahead.
    TooLong,
    BadSub,
    BadName,
    BadAvatar,
}

impl TokenError {
    pub fn detail(self) -> &'static str {
        match self {
            TokenError::NoSecret => "this server takes no reader tokens",
            TokenError::Malformed => "not PAYLOAD.SIG in base64url",
            TokenError::BadSignature => "bad signature",
            TokenError::BadPayload => "the payload is not a JSON object with sub, name and exp",
            TokenError::Expired => "expired",
            TokenError::TooLong => "exp is more than a day ahead",
            TokenError::BadSub => "bad sub",
            TokenError::BadName => "name breaks the nickname rules",
            TokenError::BadAvatar => "avatar is not an https URL",
        }
    }
}

/// Checks a token against the secrets (the current one and, during a rotation, the old one) at
/// `now` (Unix seconds): signature first, then expiry, then the fields.
pub fn verify(token: &str, secrets: &[SsoSecret], now: i64) -> Result<Reader, TokenError> {
    if secrets.is_empty() {
        return Err(TokenError::NoSecret);
    }
    let token = token.trim();
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::Malformed);
    }
    let Some((payload, sig)) = token.split_once('.') else { return Err(TokenError::Malformed) };
    if payload.is_empty() || sig.is_empty() || sig.contains('.') {
        return Err(TokenError::Malformed);
    }
    let sig = URL_SAFE_NO_PAD.decode(sig).map_err(|_| TokenError::Malformed)?;
    // Every secret is tried, so the time taken does not say which one signed it.
    let signed = secrets.iter().fold(false, |ok, secret| secret.verifies(payload.as_bytes(), &sig) | ok);
    if !signed {
        return Err(TokenError::BadSignature);
    }
    let json = URL_SAFE_NO_PAD.decode(payload).map_err(|_| TokenError::BadPayload)?;
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(&json) else {
        return Err(TokenError::BadPayload);
    };
    let exp = fields.get("exp").and_then(Value::as_i64).ok_or(TokenError::BadPayload)?;
    if exp.saturating_add(SKEW_SECONDS) < now {
        return Err(TokenError::Expired);
    }
    if exp > now.saturating_add(MAX_LIFETIME_SECONDS + SKEW_SECONDS) {
        return Err(TokenError::TooLong);
    }
    let sub = match fields.get("sub") {
        Some(Value::String(sub)) => sub,
        Some(_) => return Err(TokenError::BadSub),
        None => return Err(TokenError::BadPayload),
    };
    if sub.trim().is_empty()
        || sub.chars().count() > MAX_SUB_CHARS
        || sub.chars().any(char::is_control)
        || hidden_character(sub).is_some()
    {
        return Err(TokenError::BadSub);
    }
    let name = match fields.get("name") {
        Some(Value::String(name)) => name,
        Some(_) => return Err(TokenError::BadName),
        None => return Err(TokenError::BadPayload),
    };
    // The nickname rules are the comment's: checked with a stand-in text.
    let (name, _) = validate_comment(name, "-").map_err(|_| TokenError::BadName)?;
    let avatar = match fields.get("avatar") {
        None | Some(Value::Null) => None,
        Some(Value::String(url)) if url.is_empty() => None,
        Some(Value::String(url)) if https_url(url) => Some(url.clone()),
        Some(_) => return Err(TokenError::BadAvatar),
    };
    Ok(Reader { sub: sub.clone(), name, avatar })
}

/// `https://host…`, nothing that would need escaping or could break out of an attribute.
fn https_url(url: &str) -> bool {
    let Some(rest) = url.get(..8).filter(|scheme| scheme.eq_ignore_ascii_case("https://")).map(|_| &url[8..]) else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    url.len() <= MAX_AVATAR_BYTES
        && !host.is_empty()
        && !host.contains('@')
        && url.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'))
}

/// How the server takes reader tokens: the secrets (none: every token is refused) and whether
/// writes need one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReaderTokens {
    pub secrets: Vec<SsoSecret>,
    /// `--require-login`: posts, likes and reports without a valid token are refused.
    pub require_login: bool,
}

/// The reader behind a write's `X-Reader-Token`: `Some` for a valid token, `None` for no token
/// where none is required. Put after [`crate::security::WriteAllowed`] in a handler's arguments.
pub(crate) struct Vouched(pub Option<Reader>);

impl FromRequestParts<AppState> for Vouched {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let mut values = parts.headers.get_all(HEADER).iter();
        let refused = |e: TokenError| {
            error(
                StatusCode::UNAUTHORIZED,
                "bad_reader_token",
                &format!("登录状态无效或已过期，请重新登录后再试（{}）", e.detail()),
            )
        };
        match (values.next(), values.next()) {
            (None, _) if app.reader_tokens.require_login => {
                Err(error(StatusCode::UNAUTHORIZED, "login_required", "请先登录"))
            }
            (None, _) => Ok(Vouched(None)),
            // Two tokens: which one would count is anybody's guess, so neither does.
            (Some(_), Some(_)) => Err(refused(TokenError::Malformed)),
            (Some(value), None) => {
                let token = value.to_str().map_err(|_| refused(TokenError::Malformed))?;
                verify(token, &app.reader_tokens.secrets, app.now()).map(|r| Vouched(Some(r))).map_err(refused)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn secret(fill: u8) -> SsoSecret {
        SsoSecret::new(&[fill; 32]).expect("32 bytes")
    }

    fn payload(exp: i64) -> String {
        format!(r#"{{"sub":"u-42","name":" 海边的风 ","avatar":"https://portal.example/a/42.png","exp":{exp}}}"#)
    }

    fn reader() -> Reader {
        Reader {
            sub: "u-42".into(), name: "海边的风".into(), avatar: Some("https://portal.example/a/42.png".into())
        }
    }

    #[test]
    fn a_signed_token_names_the_reader() {
        let token = secret(1).sign(&payload(NOW + 600));
        assert_eq!(verify(&token, &[secret(1)], NOW), Ok(reader()));
        assert_eq!(reader().key(), "sso:u-42");
        assert!(!crate::comment_api::valid_client_id(&reader().key()), "never a reader id the app makes");
    }

    #[test]
    fn secrets_are_long_enough_and_trimmed() {
        assert!(SsoSecret::new(&[b'a'; 31]).is_err());
        assert!(SsoSecret::new(b"0123456789abcdef0123456789abcde \n").is_err(), "31 bytes once trimmed");
        let with_newline = SsoSecret::new(b"0123456789abcdef0123456789abcdef\n").expect("32 bytes");
        assert_eq!(with_newline, SsoSecret::new(b"0123456789abcdef0123456789abcdef").expect("32 bytes"));
        assert_eq!(format!("{with_newline:?}"), "SsoSecret(32 bytes)", "never printed");
    }

    #[test]
    fn no_secret_refuses_every_token() {
        let token = secret(1).sign(&payload(NOW + 600));
        assert_eq!(verify(&token, &[], NOW), Err(TokenError::NoSecret));
    }

    #[test]
    fn forged_signatures_are_refused() {
        let token = secret(2).sign(&payload(NOW + 600));
        assert_eq!(verify(&token, &[secret(1)], NOW), Err(TokenError::BadSignature), "another secret");

        // A wrong signature of the right length: only a comparison of the whole MAC catches it
        // (verify_slice, constant-time).
        let good = secret(1).sign(&payload(NOW + 600));
        let (body, sig) = good.split_once('.').expect("two parts");
        let mut bytes = URL_SAFE_NO_PAD.decode(sig).expect("base64url");
        assert_eq!(bytes.len(), 32);
        *bytes.last_mut().expect("a byte") ^= 1;
        let flipped = format!("{body}.{}", URL_SAFE_NO_PAD.encode(&bytes));
        assert_eq!(verify(&flipped, &[secret(1)], NOW), Err(TokenError::BadSignature));
        let zeros = format!("{body}.{}", URL_SAFE_NO_PAD.encode([0u8; 32]));
        assert_eq!(verify(&zeros, &[secret(1)], NOW), Err(TokenError::BadSignature));
        // A prefix of the right MAC is not the MAC.
        let short = format!("{body}.{}", URL_SAFE_NO_PAD.encode(&bytes[..16]));
        assert_eq!(verify(&short, &[secret(1)], NOW), Err(TokenError::BadSignature));
    }

    #[test]
    fn a_tampered_payload_is_refused() {
        let good = secret(1).sign(&payload(NOW + 600));
        let (_, sig) = good.split_once('.').expect("two parts");
        let other = URL_SAFE_NO_PAD.encode(payload(NOW + 600).replace("u-42", "u-1"));
        assert_eq!(verify(&format!("{other}.{sig}"), &[secret(1)], NOW), Err(TokenError::BadSignature));
    }

    #[test]
    fn expiry_allows_a_minute_of_skew_and_a_day_at_most() {
        let at = |exp: i64| verify(&secret(1).sign(&payload(exp)), &[secret(1)], NOW);
        assert!(at(NOW - SKEW_SECONDS).is_ok(), "within the skew");
        assert_eq!(at(NOW - SKEW_SECONDS - 1), Err(TokenError::Expired));
        assert_eq!(at(NOW - 3600), Err(TokenError::Expired));
        assert!(at(NOW + MAX_LIFETIME_SECONDS + SKEW_SECONDS).is_ok(), "a day and the skew");
        assert_eq!(at(NOW + MAX_LIFETIME_SECONDS + SKEW_SECONDS + 1), Err(TokenError::TooLong));
        assert_eq!(at(i64::MAX), Err(TokenError::TooLong));
    }

    #[test]
    fn rotation_accepts_the_old_secret_while_configured() {
        let old = secret(1).sign(&payload(NOW + 600));
        let new = secret(3).sign(&payload(NOW + 600));
        let both = [secret(3), secret(1)];
        assert_eq!(verify(&old, &both, NOW), Ok(reader()));
        assert_eq!(verify(&new, &both, NOW), Ok(reader()));
        assert_eq!(verify(&old, &[secret(3)], NOW), Err(TokenError::BadSignature), "once the old one is gone");
    }

    #[test]
    fn missing_and_bad_fields_are_refused() {
        let check = |json: &str| verify(&secret(1).sign(json), &[secret(1)], NOW);
        let exp = NOW + 600;
        for (json, problem) in [
            (format!(r#"{{"name":"甲","exp":{exp}}}"#), TokenError::BadPayload),
            (r#"{"sub":"u","name":"甲"}"#.to_string(), TokenError::BadPayload),
            (format!(r#"{{"sub":"u","exp":{exp}}}"#), TokenError::BadPayload),
            (format!(r#"{{"sub":"u","name":"甲","exp":"{exp}"}}"#), TokenError::BadPayload),
            (format!(r#"{{"sub":"u","name":"甲","exp":{exp}.5}}"#), TokenError::BadPayload),
            (format!(r#"[{{"sub":"u","name":"甲","exp":{exp}}}]"#), TokenError::BadPayload),
            ("not json".to_string(), TokenError::BadPayload),
            (format!(r#"{{"sub":42,"name":"甲","exp":{exp}}}"#), TokenError::BadSub),
            (format!(r#"{{"sub":" ","name":"甲","exp":{exp}}}"#), TokenError::BadSub),
            (format!(r#"{{"sub":"a\u0000b","name":"甲","exp":{exp}}}"#), TokenError::BadSub),
            (format!(r#"{{"sub":"{}","name":"甲","exp":{exp}}}"#, "x".repeat(MAX_SUB_CHARS + 1)), TokenError::BadSub),
            (format!(r#"{{"sub":"u","name":"","exp":{exp}}}"#), TokenError::BadName),
            (format!(r#"{{"sub":"u","name":"{}","exp":{exp}}}"#, "长".repeat(31)), TokenError::BadName),
            (format!(r#"{{"sub":"u","name":"甲\u202e乙","exp":{exp}}}"#), TokenError::BadName),
            (format!(r#"{{"sub":"u","name":"甲\n乙","exp":{exp}}}"#), TokenError::BadName),
            (format!(r#"{{"sub":"u","name":7,"exp":{exp}}}"#), TokenError::BadName),
            (
                format!(r#"{{"sub":"u","name":"甲","avatar":"http://a.example/x.png","exp":{exp}}}"#),
                TokenError::BadAvatar,
            ),
            (format!(r#"{{"sub":"u","name":"甲","avatar":"javascript:alert(1)","exp":{exp}}}"#), TokenError::BadAvatar),
            (format!(r#"{{"sub":"u","name":"甲","avatar":"https://","exp":{exp}}}"#), TokenError::BadAvatar),
            (
                format!(r#"{{"sub":"u","name":"甲","avatar":"https://a.example/\"x","exp":{exp}}}"#),
                TokenError::BadAvatar,
            ),
            (format!(r#"{{"sub":"u","name":"甲","avatar":{{}},"exp":{exp}}}"#), TokenError::BadAvatar),
        ] {
            assert_eq!(check(&json), Err(problem), "{json}");
        }
        let plain = check(&format!(r#"{{"sub":"u","name":"甲","avatar":null,"exp":{exp},"iat":{NOW}}}"#));
        assert_eq!(plain, Ok(Reader { sub: "u".into(), name: "甲".into(), avatar: None }), "avatar optional");
    }

    #[test]
    fn malformed_tokens_are_refused() {
        let good = secret(1).sign(&payload(NOW + 600));
        let (body, sig) = good.split_once('.').expect("two parts");
        for token in [
            String::new(),
            "abc".into(),
            body.to_string(),
            format!("{body}."),
            format!(".{sig}"),
            format!("{body}.{sig}.{sig}"),
            format!("{body}.{sig}="),
            format!("{body}.+{sig}"),
            format!("{body}.{}", "A".repeat(MAX_TOKEN_BYTES)),
        ] {
            assert_eq!(verify(&token, &[secret(1)], NOW), Err(TokenError::Malformed), "{token}");
        }
        // Padding on the payload: the signature is over the text sent, so it fails there.
        let padded = format!("{body}=");
        let mut mac = secret(1).mac();
        mac.update(padded.as_bytes());
        let resigned = format!("{padded}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()));
        assert_eq!(verify(&resigned, &[secret(1)], NOW), Err(TokenError::BadPayload));
    }
}
