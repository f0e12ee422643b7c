//! From the cable to the web: links, addresses, the router, the internet, a sign-in page,
//! secure sites, company sites, delay, the proxy and Wi-Fi.
//!
//! This module holds what several checks share: the interface list, ICMP and TCP probes
//! that stop at the first answer, and HTTP probes whose errors are sorted into plain causes.

pub mod address;
pub mod captive_portal;
pub mod gateway;
pub mod gateway_reachable;
pub mod http;
pub mod https;
pub mod interface;
pub mod internet;
pub mod intranet;
pub mod latency;
pub mod ping;
pub mod proxy;
pub mod repairs;
pub mod web_ports;
pub mod wifi;

use std::net::IpAddr;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use crate::model::Evidence;
use crate::platform::LinkKind;
use crate::probe::{self, Tcp};

pub use crate::platform::Link;

/// Every interface, from the run's facts.
pub async fn read_links(context: &crate::check::Context) -> Result<Vec<Link>, String> {
    context
        .facts()
        .links()
        .await
        .map_err(|error| error.to_string())
}

/// The interfaces to judge: those named in the profile; else the ones carrying the default
/// route (a VPN tunnel aside); else every one that is not loopback, a bridge or its port, or
/// a tunnel.
pub fn judged<'a>(links: &'a [Link], only: &[String]) -> Vec<&'a Link> {
    if !only.is_empty() {
        return links.iter().filter(|l| only.contains(&l.name)).collect();
    }
    let default: Vec<&Link> = links
        .iter()
        .filter(|l| l.default_route && !l.kind().is_vpn() && l.kind() != LinkKind::Loopback)
        .collect();
    if !default.is_empty() {
        return default;
    }
    links
        .iter()
        .filter(|l| {
            !matches!(
                l.kind(),
                LinkKind::Loopback
                    | LinkKind::Bridge
                    | LinkKind::BridgePort
                    | LinkKind::Tun
                    | LinkKind::Tap
                    | LinkKind::WireGuard
            )
        })
        .collect()
}

/// Connected VPN tunnels, by name.
pub fn vpns(links: &[Link]) -> Vec<String> {
    links
        .iter()
        .filter(|l| l.kind().is_vpn() && l.up)
        .map(|l| l.name.clone())
        .collect()
}

/// An address that identifies the user on the internet (not private, local or special).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_documentation()
                || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1]))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xffc0) == 0xfe80
                || (first & 0xfe00) == 0xfc00
                || first == 0x2001 && v6.segments()[1] == 0xdb8)
        }
    }
}

/// Evidence for an address list: sensitive when any address is public.
pub fn address_evidence(key: &'static str, addresses: Vec<String>, ips: &[IpAddr]) -> Evidence {
    let public = ips.iter().any(|ip| is_public(*ip));
    Evidence::typed(
        key,
        public.then_some(crate::model::Kind::PublicIp),
        addresses,
    )
}

/// How a host first answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Icmp(Duration),
    /// Something listens on this port.
    TcpOpen(u16, Duration),
    /// The host refused the port: it is there.
    TcpRefused(u16, Duration),
}

impl Answer {
    pub fn rtt(&self) -> Duration {
        match self {
            Answer::Icmp(d) | Answer::TcpOpen(_, d) | Answer::TcpRefused(_, d) => *d,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Answer::Icmp(d) => format!("ping reply in {} ms", d.as_millis()),
            Answer::TcpOpen(port, d) => format!("TCP {port} open in {} ms", d.as_millis()),
            Answer::TcpRefused(port, d) => {
                format!("TCP {port} refused in {} ms", d.as_millis())
            }
        }
    }
}

/// Everything one host's probes showed.
#[derive(Debug, Clone, PartialEq)]
pub struct Reach {
    pub answer: Option<Answer>,
    /// Why nothing answered, probe by probe (empty when something did).
    pub misses: Vec<String>,
    /// ICMP could not be used here (no permission for ordinary users).
    pub icmp_not_permitted: bool,
}

/// Pings `ip` and connects to `ports` at the same time; returns at the first answer, or when
/// every probe has given up (each within `limit`).
pub async fn reach(ip: IpAddr, ports: &[u16], limit: Duration) -> Reach {
    enum Probe {
        Icmp(ping::Icmp),
        Tcp(u16, Tcp),
    }
    let mut probes: FuturesUnordered<std::pin::Pin<Box<dyn Future<Output = Probe> + Send>>> =
        FuturesUnordered::new();
    probes.push(Box::pin(
        async move { Probe::Icmp(ping::once(ip, limit).await) },
    ));
    for &port in ports {
        probes.push(Box::pin(async move {
            Probe::Tcp(port, probe::tcp(&ip.to_string(), port, limit).await)
        }));
    }
    let mut reach = Reach {
        answer: None,
        misses: Vec::new(),
        icmp_not_permitted: false,
    };
    while let Some(result) = probes.next().await {
        let answer = match result {
            Probe::Icmp(ping::Icmp::Reply(rtt)) => Some(Answer::Icmp(rtt)),
            Probe::Icmp(ping::Icmp::NotPermitted) => {
                reach.icmp_not_permitted = true;
                reach
                    .misses
                    .push("ping: not permitted for this user".to_owned());
                None
            }
            Probe::Icmp(other) => {
                reach.misses.push(format!("ping: {}", other.describe()));
                None
            }
            Probe::Tcp(port, Tcp::Open(rtt)) => Some(Answer::TcpOpen(port, rtt)),
            Probe::Tcp(port, Tcp::Refused(rtt)) => Some(Answer::TcpRefused(port, rtt)),
            Probe::Tcp(port, Tcp::TimedOut(after)) => {
                reach.misses.push(format!(
                    "TCP {port}: no answer within {} ms",
                    after.as_millis()
                ));
                None
            }
            Probe::Tcp(port, Tcp::Unreachable(why) | Tcp::NoSuchName(why)) => {
                reach.misses.push(format!("TCP {port}: {why}"));
                None
            }
        };
        if answer.is_some() {
            reach.answer = answer;
            reach.misses.clear();
            break;
        }
    }
    reach
}
