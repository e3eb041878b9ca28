//! Sliding-window limits on how often one client does something (posts, likes), in memory: a
//! restart forgets them, which is fine for a flood guard.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Above this many tracked keys, idle ones are dropped so the map cannot grow without end.
const MAX_TRACKED: usize = 10_000;

/// At most `per_minute` events per key in any 60 seconds (0: no limit).
pub struct RateLimiter<K> {
    per_minute: u32,
    recent: Mutex<HashMap<K, VecDeque<Instant>>>,
}

impl<K: Hash + Eq> RateLimiter<K> {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter { per_minute, recent: Mutex::new(HashMap::new()) }
    }

    /// Counts an event by `who` and says whether it is within the limit.
    pub fn allow(&self, who: K) -> bool {
        self.allow_at(who, Instant::now())
    }

    pub(crate) fn allow_at(&self, who: K, now: Instant) -> bool {
        if self.per_minute == 0 {
            return true;
        }
        let fresh = |t: &Instant| now.saturating_duration_since(*t) < WINDOW;
        // The map is consistent after every statement, so a poisoned lock is still usable.
        let mut recent = self.recent.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if recent.len() > MAX_TRACKED {
            recent.retain(|_, times| times.back().is_some_and(fresh));
        }
        let times = recent.entry(who).or_default();
        while times.front().is_some_and(|t| !fresh(t)) {
            times.pop_front();
        }
        if times.len() >= self.per_minute as usize {
            return false;
        }
        times.push_back(now);
        true
    }
}

/// The unit one client is counted as: an IPv4 address, or an IPv6 /64, since IPv6 clients
/// usually hold a whole /64 and could otherwise rotate through it.
pub fn network_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        v4 => v4,
    }
}

/// Rate limits by client network; `None` (no address known) is one client.
pub struct AddressLimiter(RateLimiter<Option<IpAddr>>);

impl AddressLimiter {
    pub fn new(per_minute: u32) -> Self {
        AddressLimiter(RateLimiter::new(per_minute))
    }

    pub fn allow(&self, who: Option<IpAddr>) -> bool {
        self.0.allow(who.map(network_key))
    }

    #[cfg(test)]
    fn allow_at(&self, who: Option<IpAddr>, now: Instant) -> bool {
        self.0.allow_at(who.map(network_key), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_window_slides() {
        let limiter = AddressLimiter::new(2);
        let start = Instant::now();
        let a = Some(IpAddr::from([203, 0, 113, 7]));
        let b = Some(IpAddr::from([198, 51, 100, 1]));
        assert!(limiter.allow_at(a, start));
        assert!(limiter.allow_at(a, start + Duration::from_secs(10)));
        assert!(!limiter.allow_at(a, start + Duration::from_secs(20)));
        assert!(limiter.allow_at(b, start + Duration::from_secs(20)), "per client");
        assert!(limiter.allow_at(a, start + Duration::from_secs(61)), "the first post left the window");
        assert!(!limiter.allow_at(a, start + Duration::from_secs(62)));
        let v6 = |last: u16| Some(IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 0, 0, 0, last)));
        assert!(limiter.allow_at(v6(1), start) && limiter.allow_at(v6(2), start));
        assert!(!limiter.allow_at(v6(3), start), "one /64 is one client");
        let off = AddressLimiter::new(0);
        assert!((0..100).all(|_| off.allow_at(a, start)));
    }

    #[test]
    fn keys_of_any_kind() {
        let limiter: RateLimiter<String> = RateLimiter::new(1);
        let now = Instant::now();
        assert!(limiter.allow_at("reader-a".into(), now));
        assert!(!limiter.allow_at("reader-a".into(), now));
        assert!(limiter.allow_at("reader-b".into(), now));
    }
}
