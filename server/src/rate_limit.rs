//! Sliding-window limits on how often one client does something (posts, likes, reports),
//! counted in the comment store: every server on one database counts the same events, so a
//! limit hit on one holds on all of them, and a restart forgets nothing within the window.

use crate::comments::{CommentStore, StoreError};
use crate::db::args;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::atomic::{AtomicU64, Ordering};

const WINDOW_MS: i64 = 60_000;
/// Every this many counted events, the events of every key that left the window are deleted
/// (each check already deletes its own key's), so the table holds about one minute of events.
const PRUNE_EVERY: u64 = 256;

/// At most `per_minute` events per key in any 60 seconds (0: no limit), in one `scope` (what is
/// counted: posts, likes…).
#[derive(Debug)]
pub struct Limit {
    scope: &'static str,
    per_minute: u32,
    /// Events this server counted, for pruning.
    counted: AtomicU64,
}

impl Limit {
    pub const fn new(scope: &'static str, per_minute: u32) -> Self {
        Limit { scope, per_minute, counted: AtomicU64::new(0) }
    }

    /// Counts an event by `key` at `now_ms` (Unix milliseconds) and says whether it is within
    /// the limit; a refused event is not counted. Checked and counted in one transaction that
    /// servers take in turns per key, so two servers cannot both let the last event through.
    pub fn allow(&self, store: &CommentStore, key: &str, now_ms: i64) -> Result<bool, StoreError> {
        if self.per_minute == 0 {
            return Ok(true);
        }
        let scope = self.scope;
        store.db().transaction(|sql| {
            if let Some(lock) = sql.dialect().lock_statement() {
                sql.query(lock, args![format!("rate:{scope}:{key}")])?;
            }
            sql.execute(
                "DELETE FROM rate_events WHERE scope = $1 AND key = $2 AND at_ms <= $3",
                args![scope, key, now_ms - WINDOW_MS],
            )?;
            let recent = sql
                .query_one("SELECT COUNT(*) FROM rate_events WHERE scope = $1 AND key = $2", args![scope, key])?
                .get::<i64>(0)?;
            if recent >= i64::from(self.per_minute) {
                return Ok(false);
            }
            sql.execute("INSERT INTO rate_events (scope, key, at_ms) VALUES ($1, $2, $3)", args![scope, key, now_ms])?;
            if self.counted.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
                sql.execute("DELETE FROM rate_events WHERE at_ms <= $1", args![now_ms - WINDOW_MS])?;
            }
            Ok(true)
        })
    }
}

/// The client an address limit counts: its network (see [`network_key`]), `unknown` when the
/// address is not known, which makes all such clients one.
pub fn address_key(addr: Option<IpAddr>) -> String {
    addr.map_or_else(|| "unknown".to_string(), |ip| network_key(ip).to_string())
}

/// Unix milliseconds now, the time the limits count in.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
}

/// The unit one client is counted as: an IPv4 address, or an IPv6 /64, since IPv6 clients
/// usually hold a whole /64 and could otherwise rotate through it.
pub fn network_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_slides_per_client_and_network() {
        let store = CommentStore::open_in_memory(None).expect("memory db");
        let limit = Limit::new("posts", 2);
        let at = |who: Option<IpAddr>, ms: i64| limit.allow(&store, &address_key(who), ms).expect("counted");
        let a = Some(IpAddr::from([203, 0, 113, 7]));
        let b = Some(IpAddr::from([198, 51, 100, 1]));
        assert!(at(a, 0));
        assert!(at(a, 10_000));
        assert!(!at(a, 20_000));
        assert!(at(b, 20_000), "per client");
        assert!(at(a, 61_000), "the first event left the window");
        assert!(!at(a, 62_000), "the refused one at 20 s was not counted, the one at 10 s still is");
        let v6 = |last: u16| Some(IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 0, 0, 0, last)));
        assert!(at(v6(1), 0) && at(v6(2), 0));
        assert!(!at(v6(3), 0), "one /64 is one client");
        assert!(at(None, 0) && at(None, 0) && !at(None, 0), "unknown addresses are one client");
        let off = Limit::new("posts", 0);
        assert!((0..100).all(|_| off.allow(&store, "x", 0).expect("counted")));
    }

    #[test]
    fn scopes_count_apart() {
        let store = CommentStore::open_in_memory(None).expect("memory db");
        let (posts, likes) = (Limit::new("posts", 1), Limit::new("likes", 1));
        assert!(posts.allow(&store, "reader-a", 0).expect("counted"));
        assert!(!posts.allow(&store, "reader-a", 1).expect("counted"));
        assert!(likes.allow(&store, "reader-a", 1).expect("counted"), "another scope");
        assert!(posts.allow(&store, "reader-b", 1).expect("counted"), "another key");
    }

    #[test]
    fn old_events_of_quiet_keys_are_pruned() {
        let store = CommentStore::open_in_memory(None).expect("memory db");
        let limit = Limit::new("posts", 1);
        for key in 0..(2 * PRUNE_EVERY) {
            limit.allow(&store, &key.to_string(), 0).expect("counted");
        }
        for key in 0..PRUNE_EVERY {
            limit.allow(&store, &format!("later-{key}"), WINDOW_MS + 1).expect("counted");
        }
        let stored = store
            .db()
            .with(|sql| sql.query_one("SELECT COUNT(*) FROM rate_events WHERE at_ms = 0", &[])?.get::<i64>(0))
            .expect("count");
        assert_eq!(stored, 0, "no event older than the window is kept once a prune ran");
    }
}
