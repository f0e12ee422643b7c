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
pub mod wifi;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use crate::model::Evidence;
use crate::platform::LinkKind;
use crate::probe::{self, Tcp};

/// One network interface with what the checks need to know about it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Link {
    pub name: String,
    pub kind: Option<LinkKind>,
    /// Switched on (administratively up).
    pub up: bool,
    /// Cable plugged in or Wi-Fi associated; None when the OS does not say.
    pub carrier: Option<bool>,
    /// The OS's operational state (`up`, `down`, `lowerlayerdown` …).
    pub state: String,
    /// Carries the default route.
    pub default_route: bool,
    pub mac: Option<String>,
    pub ipv4: Vec<(Ipv4Addr, u8)>,
    pub ipv6: Vec<(Ipv6Addr, u8)>,
    pub gateways: Vec<IpAddr>,
}

impl Link {
    pub fn kind(&self) -> LinkKind {
        self.kind.unwrap_or(LinkKind::Other)
    }

    /// Switched on and connected (cable or Wi-Fi association).
    pub fn has_link(&self) -> bool {
        self.up
            && self
                .carrier
                .unwrap_or(self.state == "up" || self.state == "unknown")
    }

    pub fn addresses(&self) -> Vec<IpAddr> {
        self.ipv4
            .iter()
            .map(|(ip, _)| IpAddr::V4(*ip))
            .chain(self.ipv6.iter().map(|(ip, _)| IpAddr::V6(*ip)))
            .collect()
    }

    /// Addresses with their prefix, as `10.0.0.2/24`.
    pub fn address_texts(&self) -> Vec<String> {
        self.ipv4
            .iter()
            .map(|(ip, p)| format!("{ip}/{p}"))
            .chain(self.ipv6.iter().map(|(ip, p)| format!("{ip}/{p}")))
            .collect()
    }
}

/// Every interface with its facts, read on a detached thread within 1.5 s, so a stuck OS
/// call cannot hold a check past its own timeout.
pub async fn read_links() -> Result<Vec<Link>, String> {
    match crate::detached::run(Duration::from_millis(1500), gather_links).await {
        Ok(result) => result,
        Err(timed_out) => Err(timed_out.to_string()),
    }
}

/// Reads every interface (netdev) with the OS's extra link facts.
pub fn gather_links() -> Result<Vec<Link>, String> {
    let interfaces = netdev::get_interfaces();
    if interfaces.is_empty() {
        // An OS that lists nothing at all is unusual enough to say so.
        return Err("the system listed no network interfaces".to_owned());
    }
    Ok(interfaces
        .into_iter()
        .map(|interface| {
            let facts = crate::platform::link_facts(&interface.name);
            let kind = facts.kind.unwrap_or_else(|| kind_of(&interface));
            let state = interface.oper_state().as_str().to_owned();
            let carrier = facts.carrier.or(match interface.oper_state() {
                netdev::interface::state::OperState::Up => Some(true),
                netdev::interface::state::OperState::LowerLayerDown
                | netdev::interface::state::OperState::Dormant => Some(false),
                _ => None,
            });
            let gateways = interface
                .gateway
                .as_ref()
                .map(|g| {
                    g.ipv4
                        .iter()
                        .map(|ip| IpAddr::V4(*ip))
                        .chain(g.ipv6.iter().map(|ip| IpAddr::V6(*ip)))
                        .collect()
                })
                .unwrap_or_default();
            Link {
                kind: Some(kind),
                up: interface.is_up(),
                carrier: if interface.is_up() {
                    carrier
                } else {
                    Some(false)
                },
                state,
                default_route: interface.default,
                mac: interface
                    .mac_addr
                    .map(|m| m.to_string())
                    .filter(|m| m != "00:00:00:00:00:00"),
                ipv4: interface
                    .ipv4
                    .iter()
                    .map(|n| (n.addr(), n.prefix_len()))
                    .collect(),
                ipv6: interface
                    .ipv6
                    .iter()
                    .map(|n| (n.addr(), n.prefix_len()))
                    .collect(),
                gateways,
                name: interface.name,
            }
        })
        .collect())
}

fn kind_of(interface: &netdev::Interface) -> LinkKind {
    use netdev::interface::types::InterfaceType as T;
    match interface.if_type {
        T::Loopback => LinkKind::Loopback,
        T::Wireless80211 => LinkKind::Wifi,
        T::Bridge => LinkKind::Bridge,
        T::Tunnel | T::Ppp => LinkKind::Tun,
        T::Ethernet | T::GigabitEthernet | T::FastEthernetT | T::FastEthernetFx => {
            LinkKind::Ethernet
        }
        _ => LinkKind::Other,
    }
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
