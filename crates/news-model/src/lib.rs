//! The news reader's JSON contract (see `docs/api.md`) as serde types, plus the pure logic that
//! both the browser app and the reference server rely on: tolerant decoding, runtime config,
//! date formatting and the HTML sanitizer's allow-list policy. Everything here runs on the host,
//! so it is tested with plain `cargo test`.

pub mod adapters;
pub mod comments;
pub mod config;
pub mod datetime;
pub mod decode;
pub mod live;
pub mod error;
pub mod labels;
pub mod lead;
pub mod model;
pub mod qr;
pub mod recent;
pub mod route;
pub mod sanitize_policy;

pub use config::{Adapter, CommentsConfig, Config, Endpoint, Locale};
pub use decode::{Decode, DecodeError};
pub use error::ApiError;
pub use model::*;
/// At most `max` characters (not bytes: Chinese text), with `ellipsis` added when something was
/// cut: list summaries (`...[详细]`), titles made from text.
pub fn clip(s: &str, max: usize, ellipsis: &str) -> String {
    match s.char_indices().nth(max) {
        Some((end, _)) => format!("{}{ellipsis}", s[..end].trim_end()),
        None => s.to_string(),
    }
}

/// Sorts `items` by `key`, equal keys keeping their order, each key computed once. An insertion
/// sort: the lists sorted here are short (an image's sizes, a feed's items, one thread's
/// replies), and the standard library's stable sort (driftsort) costs the app's first load
/// about 4 KB of gzipped wasm.
pub fn sort_by_key_stable<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let mut keyed: Vec<(K, T)> = items.drain(..).map(|item| (key(&item), item)).collect();
    for i in 1..keyed.len() {
        let mut j = i;
        while j > 0 && keyed[j - 1].0 > keyed[j].0 {
            keyed.swap(j - 1, j);
            j -= 1;
        }
    }
    items.extend(keyed.into_iter().map(|(_, item)| item));
}

/// Raw JSON, for adapters that map a backend's own shapes.
pub use serde_json::Value as JsonValue;

#[cfg(test)]
mod tests {
    #[test]
    fn sorting_keeps_the_order_of_equal_keys() {
        let mut items = vec![(3, "c"), (1, "a"), (2, "b1"), (1, "a2"), (2, "b2"), (0, "z")];
        crate::sort_by_key_stable(&mut items, |(key, _)| *key);
        assert_eq!(items, [(0, "z"), (1, "a"), (1, "a2"), (2, "b1"), (2, "b2"), (3, "c")]);
        let mut none: Vec<u8> = Vec::new();
        crate::sort_by_key_stable(&mut none, |n| *n);
        assert!(none.is_empty());
        // Descending, as the JSON Feed adapter sorts related items, newest first.
        let mut times = vec![Some(5), None, Some(9), Some(5)];
        crate::sort_by_key_stable(&mut times, |t| std::cmp::Reverse(*t));
        assert_eq!(times, [Some(9), Some(5), Some(5), None]);
    }
}
