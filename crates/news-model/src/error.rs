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
    /// Any other non-2xx status, with the backend's own message when it sent one.
    Http { status: u16, message: Option<String> },
    /// The body was not the JSON shape the contract promises.
    Decode(String),
}

impl ApiError {
    /// Builds the error for a non-2xx response, picking up `{"error":{"message":…}}` when present.
    pub fn from_status(status: u16, body: &str) -> Self {
        if status == 404 {
            return ApiError::NotFound;
        }
        ApiError::Http { status, message: backend_message(body) }
    }
}

/// The backend's `{"error":{"code","message"}}` message, if the body carries one. Trimmed and
/// bounded: it is shown to readers and came from the network.
pub fn backend_message(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let message = value.get("error")?.get("message")?.as_str()?.trim();
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
    fn backend_message_is_bounded() {
        let long = format!(r#"{{"error":{{"message":"{}"}}}}"#, "长".repeat(1000));
        assert_eq!(backend_message(&long).map(|m| m.chars().count()), Some(200));
    }
}
