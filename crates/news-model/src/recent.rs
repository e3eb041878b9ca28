//! A small most-recently-used map: the app keeps the last few articles and lists it showed, so
//! back and forward (and a second visit) render at once, while memory stays bounded however
//! long the reader browses.

/// At most `capacity` entries; reading or writing one makes it the newest, and a write beyond
/// the capacity forgets the oldest. Linear scans: capacities are a dozen or two.
#[derive(Debug)]
pub struct Recent<V> {
    /// Newest last.
    entries: Vec<(String, V)>,
    capacity: usize,
}

impl<V: Clone> Recent<V> {
    pub const fn new(capacity: usize) -> Self {
        Recent { entries: Vec::new(), capacity }
    }

    /// The value under `key`, now the newest.
    pub fn get(&mut self, key: &str) -> Option<V> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        let entry = self.entries.remove(at);
        let value = entry.1.clone();
        self.entries.push(entry);
        Some(value)
    }

    /// Stores `value` under `key` as the newest, forgetting the oldest beyond the capacity.
    pub fn put(&mut self, key: String, value: V) {
        self.remove(&key);
        self.entries.push((key, value));
        let excess = self.entries.len().saturating_sub(self.capacity);
        self.entries.drain(..excess);
    }

    pub fn remove(&mut self, key: &str) {
        self.entries.retain(|(k, _)| k != key);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Recent;

    #[test]
    fn keeps_the_most_recently_used() {
        let mut recent = Recent::new(2);
        recent.put("a".into(), 1);
        recent.put("b".into(), 2);
        assert_eq!(recent.get("a"), Some(1), "reading a makes it the newest");
        recent.put("c".into(), 3);
        assert_eq!(recent.get("b"), None, "b was the oldest");
        assert_eq!((recent.get("a"), recent.get("c")), (Some(1), Some(3)));
        assert_eq!(recent.len(), 2);
    }

    #[test]
    fn a_rewrite_replaces_and_refreshes() {
        let mut recent = Recent::new(2);
        recent.put("a".into(), 1);
        recent.put("b".into(), 2);
        recent.put("a".into(), 10);
        recent.put("c".into(), 3);
        assert_eq!((recent.get("a"), recent.get("b"), recent.len()), (Some(10), None, 2));
        recent.remove("a");
        assert_eq!((recent.get("a"), recent.len()), (None, 1));
    }

    #[test]
    fn never_grows_past_its_capacity() {
        let mut recent = Recent::new(3);
        for i in 0..1000 {
            recent.put(format!("k{}", i % 7), i);
            assert!(recent.len() <= 3);
        }
        let mut empty = Recent::new(0);
        empty.put("x".into(), 1);
        assert!(empty.is_empty());
    }
}
