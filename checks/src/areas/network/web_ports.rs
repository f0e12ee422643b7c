//! Is one web port blocked? ChromeOS tests HTTP (port 80) and HTTPS (port 443) separately,
//! over several hosts: all failing is a firewall, more than a fifth failing a possible one.
//!
//! Checkup asks only when a web request has already failed without an answer, and uses the
//! hosts it was given anyway: the connectivity URL's and the profile's `https_urls`. A
//! name that does not resolve says nothing about a port (the DNS checks own it), so such a
//! host is left out of the count.

use std::time::Duration;

use super::http::{self, HttpFailure};
use crate::model::Evidence;
use crate::probe::{self, Tcp};

/// Above this share of hosts failing, a port is possibly blocked (ChromeOS' 20 %).
const POSSIBLE_PERCENT: usize = 20;

/// What connecting to one port on every host showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortResult {
    pub port: u16,
    /// Hosts whose name resolved and were tried.
    pub tried: usize,
    /// Of those, hosts that refused, did not answer or were unreachable on this port.
    pub failed: usize,
}

/// A port's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Open,
    /// Some hosts failed: more than a fifth, fewer than all.
    Possibly,
    Blocked,
    /// No host could be tried.
    Unknown,
}

impl PortResult {
    pub fn verdict(&self) -> Verdict {
        if self.tried == 0 {
            Verdict::Unknown
        } else if self.failed == self.tried {
            Verdict::Blocked
        } else if self.failed * 100 > self.tried * POSSIBLE_PERCENT {
            Verdict::Possibly
        } else {
            Verdict::Open
        }
    }

    pub fn evidence(&self) -> Evidence {
        let key = if self.port == 80 {
            "port_80"
        } else {
            "port_443"
        };
        Evidence::plain(
            key,
            format!(
                "{} of {} hosts answered{}",
                self.tried - self.failed,
                self.tried,
                match self.verdict() {
                    Verdict::Blocked => " (blocked)",
                    Verdict::Possibly => " (possibly blocked)",
                    Verdict::Open | Verdict::Unknown => "",
                }
            ),
        )
    }
}

/// Whether a failed request says nothing answered: the case a port block explains.
pub fn unanswered(failure: &HttpFailure) -> bool {
    matches!(
        failure,
        HttpFailure::TimedOut(_) | HttpFailure::Refused(_) | HttpFailure::Unreachable(_)
    )
}

/// The hosts to try: each URL's host once, in order.
pub fn hosts(urls: &[&str]) -> Vec<String> {
    let mut hosts: Vec<String> = Vec::new();
    for url in urls {
        if let Some(host) = http::host_of(url)
            && !hosts.contains(&host)
        {
            hosts.push(host);
        }
    }
    hosts
}

/// Connects to ports 80 and 443 of every host at once, each within `limit`.
pub async fn probe(hosts: &[String], limit: Duration) -> [PortResult; 2] {
    let tries = hosts.iter().flat_map(|host| {
        [80u16, 443].map(|port| async move { (port, probe::tcp(host, port, limit).await) })
    });
    let results = futures_util::future::join_all(tries).await;
    judge(&results)
}

/// The pure part of [`probe`].
pub fn judge(results: &[(u16, Tcp)]) -> [PortResult; 2] {
    [80u16, 443].map(|port| {
        let mine: Vec<&Tcp> = results
            .iter()
            .filter(|(p, _)| *p == port)
            .map(|(_, tcp)| tcp)
            .filter(|tcp| !matches!(tcp, Tcp::NoSuchName(_)))
            .collect();
        PortResult {
            port,
            tried: mine.len(),
            failed: mine.iter().filter(|t| !matches!(t, Tcp::Open(_))).count(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open() -> Tcp {
        Tcp::Open(Duration::from_millis(3))
    }

    fn silent() -> Tcp {
        Tcp::TimedOut(Duration::from_millis(700))
    }

    #[test]
    fn all_failing_is_blocked_over_a_fifth_possibly() {
        let [http, https] = judge(&[(80, silent()), (80, silent()), (443, open()), (443, open())]);
        assert_eq!(http.verdict(), Verdict::Blocked);
        assert_eq!(https.verdict(), Verdict::Open);
        let [http, _] = judge(&[(80, silent()), (80, open()), (80, open()), (80, open())]);
        assert_eq!(http.verdict(), Verdict::Possibly);
        let five: Vec<(u16, Tcp)> = (0..5)
            .map(|n| (80, if n == 0 { silent() } else { open() }))
            .collect();
        assert_eq!(judge(&five)[0].verdict(), Verdict::Open, "exactly 20 %");
        assert_eq!(
            judge(&[(80, Tcp::Refused(Duration::ZERO))])[0].verdict(),
            Verdict::Blocked
        );
    }

    #[test]
    fn names_that_do_not_resolve_are_not_counted() {
        let [http, https] = judge(&[(80, Tcp::NoSuchName("x".into())), (443, open())]);
        assert_eq!(http.verdict(), Verdict::Unknown);
        assert_eq!(https.verdict(), Verdict::Open);
        assert_eq!(
            https.evidence(),
            Evidence::plain("port_443", "1 of 1 hosts answered")
        );
    }

    #[test]
    fn hosts_come_once_each() {
        assert_eq!(
            hosts(&[
                "http://a.example/generate_204",
                "https://a.example/",
                "https://b.example:8443/x",
                "not a url"
            ]),
            ["a.example", "b.example"]
        );
    }
}
