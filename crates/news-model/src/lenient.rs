//! Deserialisers that accept the small variations real backends send.

use serde::{Deserialize, Deserializer};

/// Ids are strings in the contract, but many backends send numbers: accept both.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Int(i64),
        Uint(u64),
    }
    Ok(match Id::deserialize(d)? {
        Id::Text(s) => s,
        Id::Int(n) => n.to_string(),
        Id::Uint(n) => n.to_string(),
    })
}

/// `null` where a list is expected reads as an empty list.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Empty or blank optional strings read as absent, so views need only one "missing" check.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|s| !s.trim().is_empty()))
}
