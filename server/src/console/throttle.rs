//! Failed console logins, counted per account and per client address: past the limit within
//! the window, that key is locked until its oldest failure leaves the window, and a locked
//! login is refused before the password is even checked (so guessing on gains nothing, not
//! even the answer "wrong password").
//!
//! In memory rather than in the database: a failed login then costs no disk write an attacker
//! could make the server do at will, and the reference server is one process. A restart
//! forgets the counts, which an attacker cannot cause from outside.
//!
//! Per account, so that guessing one editor's password from many addresses is slow; per
//! address, so that one address cannot try one password on every account. The address limit
//! is higher: an office of editors behind one NAT shares it.

use crate::rate_limit::network_key;
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

/// Failures of one account within the window that lock it.
pub const ACCOUNT_FAILURES: u32 = 5;
/// Failures from one address (an IPv4 address or an IPv6 /64) within the window that lock it.
pub const ADDRESS_FAILURES: u32 = 20;
/// Seconds.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// Above this many tracked keys, those with no failure in the window are dropped.
const MAX_TRACKED: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    /// Lower-cased: names are ASCII, and `Ann` and `ann` must not be two budgets.
    Account(String),
    /// `None` when the address is unknown: all such logins share one budget.
    Address(Option<IpAddr>),
}

pub struct LoginThrottle {
    account_failures: u32,
    address_failures: u32,
    failures: Mutex<HashMap<Key, VecDeque<i64>>>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle::new(ACCOUNT_FAILURES, ADDRESS_FAILURES)
    }
}

impl LoginThrottle {
    pub fn new(account_failures: u32, address_failures: u32) -> Self {
        LoginThrottle { account_failures, address_failures, failures: Mutex::new(HashMap::new()) }
    }

    fn keys(account: &str, addr: Option<IpAddr>) -> [(Key, u32); 2] {
        [(Key::Account(account.to_ascii_lowercase()), 0), (Key::Address(addr.map(network_key)), 1)]
    }

    fn limit(&self, which: u32) -> u32 {
        if which == 0 {
            self.account_failures
        } else {
            self.address_failures
        }
    }

    /// Seconds until a login for `account` from `addr` may be tried again; `None`: now.
    pub fn locked_for(&self, account: &str, addr: Option<IpAddr>, now: i64) -> Option<i64> {
        // Consistent after every statement, so a poisoned lock is still usable.
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut wait: Option<i64> = None;
        for (key, which) in Self::keys(account, addr) {
            let Some(times) = failures.get_mut(&key) else { continue };
            while times.front().is_some_and(|&t| t + WINDOW_SECONDS <= now) {
                times.pop_front();
            }
            let limit = self.limit(which) as usize;
            if limit > 0 && times.len() >= limit {
                // Free again when enough of the failures have left the window.
                let unlock = times.get(times.len() - limit).map_or(now, |&t| t + WINDOW_SECONDS);
                wait = Some(wait.unwrap_or(0).max(unlock - now).max(1));
            }
        }
        wait
    }

    pub fn failed(&self, account: &str, addr: Option<IpAddr>, now: i64) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() > MAX_TRACKED {
            failures.retain(|_, times| times.back().is_some_and(|&t| t + WINDOW_SECONDS > now));
        }
        for (key, _) in Self::keys(account, addr) {
            failures.entry(key).or_default().push_back(now);
        }
    }

    /// A correct password clears the account's failures (its owner is back), not the
    /// address's: an address that guessed at other accounts stays counted.
    pub fn succeeded(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&Key::Account(account.to_ascii_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_and_addresses_lock_separately_and_unlock_with_time() {
        let throttle = LoginThrottle::new(3, 5);
        let a = Some(IpAddr::from([203, 0, 113, 7]));
        let b = Some(IpAddr::from([198, 51, 100, 1]));
        for t in 0..3 {
            assert_eq!(throttle.locked_for("ann", a, t), None);
            throttle.failed("ann", a, t);
        }
        assert_eq!(throttle.locked_for("ANN", b, 10), Some(WINDOW_SECONDS - 10), "the account, from anywhere");
        assert_eq!(throttle.locked_for("bob", a, 10), None, "the address has 3 of 5");
        assert_eq!(throttle.locked_for("ann", b, WINDOW_SECONDS), None, "the first failure left the window");

        throttle.failed("bob", a, 20);
        throttle.failed("cid", a, 21);
        assert!(throttle.locked_for("dan", a, 22).is_some(), "5 failures from one address");
        assert_eq!(throttle.locked_for("dan", b, 22), None);

        throttle.succeeded("ann");
        assert!(throttle.locked_for("ann", a, 22).is_some(), "the address stays counted");
        assert_eq!(throttle.locked_for("ann", b, 22), None, "the account is cleared");
    }
}
