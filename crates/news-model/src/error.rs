//! Everything that can go wrong between the app and a backend, as a value the UI can explain.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer (DNS, CORS, connection refused).
    Network,
    /// The browser says it has no network at all: the reader can do something about that.
    Offline,
    /// No complete answer within the configured time.
    Timeout,
    /// The body was larger than the app accepts.
    TooLarge { limit_bytes: usize },
    /// 404: the thing asked for does not exist.
    NotFound,
    /// 401 `login_required`: the backend takes writes only from readers their portal vouches
    /// for (docs/sso.md), and none was named.
    LoginRequired,
    /// 401 `bad_reader_token`: the reader token sent was refused, most often because it expired;
    /// the host page can hand the app a fresh one.
    BadReaderToken,
    /// Any other non-2xx status, with the backend's own message when it sent one.
    Http { status: u16, message: Option<String> },
    /// The body was not the JSON shape the contract promises.
    Decode(String),
}

impl ApiError {
    /// Builds the error for a non-2xx response from its `{"error":{"code","message"}}` when
    /// present: the code tells the reader-token refusals apart, the message is kept for others.
    pub fn from_status(status: u16, body: &str) -> Self {
        let value = serde_json::from_str::<serde_json::Value>(body).ok();
        let field = |key: &str| value.as_ref().and_then(|v| error_field(v, key));
        match (status, field("code")) {
            (404, _) => ApiError::NotFound,
            (401, Some("login_required")) => ApiError::LoginRequired,
            (401, Some("bad_reader_token")) => ApiError::BadReaderToken,
            _ => ApiError::Http { status, message: field("message").and_then(shown_message) },
        }
    }
}

/// The backend's `{"error":{"code","message"}}` message, if the body carries one.
pub fn backend_message(body: &str) -> Option<String> {
    shown_message(error_field(&serde_json::from_str(body).ok()?, "message")?)
}

/// A string field of an error body's `error` object.
fn error_field<'a>(value: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    value.get("error")?.get(key)?.as_str()
}

/// A backend's message as readers see it: trimmed and bounded, since it came from the network.
fn shown_message(message: &str) -> Option<String> {
    let message = message.trim();
    (!message.is_empty()).then(|| message.chars().take(200).collect())
}

impl fmt::Display for ApiError {
    /// Developer-facing text for the console; readers get the localised text from the app's i18n.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network => write!(f, "network error"),
            ApiError::Offline => write!(f, "offline"),
            ApiError::Timeout => write!(f, "request timed out"),
            ApiError::TooLarge { limit_bytes } => write!(f, "response larger than {limit_bytes} bytes"),
            ApiError::NotFound => write!(f, "not found (404)"),
            ApiError::LoginRequired => write!(f, "login required (401)"),
            ApiError::BadReaderToken => write!(f, "reader token refused (401)"),
            ApiError::Http { status, message } => {
                write!(f, "HTTP {status}")?;
                message.as_ref().map_or(Ok(()), |m| write!(f, ": {m}"))
            }
            ApiError::Decode(detail) => write!(f, "unexpected response: {detail}"),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_mapping_reads_backend_message() {
        assert_eq!(ApiError::from_status(404, ""), ApiError::NotFound);
        assert_eq!(
            ApiError::from_status(503, r#"{"error":{"code":"maintenance","message":" 系统维护中 "}}"#),
            ApiError::Http { status: 503, message: Some("系统维护中".into()) }
        );
        assert_eq!(ApiError::from_status(500, "<html>oops</html>"), ApiError::Http { status: 500, message: None });
        assert_eq!(
            ApiError::from_status(500, r#"{"error":{"message":42}}"#),
            ApiError::Http { status: 500, message: None }
        );
    }

    #[test]
    fn the_two_reader_token_refusals_are_told_apart_by_their_code() {
        let body = |code: &str| format!(r#"{{"error":{{"code":"{code}","message":"请先登录"}}}}"#);
        assert_eq!(ApiError::from_status(401, &body("login_required")), ApiError::LoginRequired);
        assert_eq!(ApiError::from_status(401, &body("bad_reader_token")), ApiError::BadReaderToken);
        // The code decides, and only on a 401: the same code elsewhere, or another 401, is an error like any.
        assert_eq!(
            ApiError::from_status(403, &body("login_required")),
            ApiError::Http { status: 403, message: Some("请先登录".into()) }
        );
        assert_eq!(
            ApiError::from_status(401, &body("other")),
            ApiError::Http { status: 401, message: Some("请先登录".into()) }
        );
        assert_eq!(ApiError::from_status(401, "Unauthorized"), ApiError::Http { status: 401, message: None });
    }

    #[test]
    fn backend_message_is_bounded() {
        let long = format!(r#"{{"error":{{"message":"{}"}}}}"#, "长".repeat(1000));
        assert_eq!(backend_message(&long).map(|m| m.chars().count()), Some(200));
    }
}
