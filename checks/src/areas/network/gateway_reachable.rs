//! `network.gateway_reachable`: does the router answer, and how fast?
//!
//! A ping first, and TCP connections to common router ports at the same time (a refusal
//! also proves the router is there). Many routers ignore both: when the internet works
//! (`network.internet` ran before this), a silent router is fine.
//!
//! As ChromeOS judges it, a router whose ping takes more than 1.5 s has a problem, even
//! while the internet works. When TCP answered before the ping, one more ping measures the
//! round trip. Every connected network's router is probed; the default route's decides
//! whether the router answers, and any of them can be the slow one.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use super::{Answer, Reach, gateway::gateways, ping, reach, read_links};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec =
    message(Status::Pass, "network-gateway-reachable-ok").with_args(&["gateway", "ms"]);
const SILENT_BUT_ONLINE: MessageSpec =
    message(Status::Pass, "network-gateway-reachable-silent-online");
const NOBODY: MessageSpec =
    message(Status::Fail, "network-gateway-reachable-nobody").with_args(&["gateway"]);
const SILENT: MessageSpec =
    message(Status::Fail, "network-gateway-reachable-silent").with_args(&["gateway"]);
const SLOW: MessageSpec =
    message(Status::Warn, "network-gateway-reachable-slow").with_args(&["gateway", "ms"]);
const UNREADABLE: MessageSpec = message(Status::Error, "network-gateway-reachable-unreadable");

/// ChromeOS' threshold: a router whose ping takes longer has a problem.
pub const SLOW_MS: u64 = 1500;

/// How long a ping may take to be measured at all: past the threshold, with room.
const PING_WINDOW: Duration = Duration::from_millis(2500);

pub static CHECK: CheckDef = CheckDef {
    id: "network.gateway_reachable",
    area: Area::Network,
    depends_on: &["network.gateway"],
    after: &["network.internet"],
    timeout: Duration::from_secs(4),
    messages: &[OK, SILENT_BUT_ONLINE, NOBODY, SILENT, SLOW, UNREADABLE],
    run,
};

/// Ports routers commonly listen on: DNS, web administration.
const ROUTER_PORTS: &[u16] = &[53, 80, 443];

/// The routers to probe: the judged interfaces' (the default route's first), then those of
/// every other connected network, as ChromeOS judges non-default networks too. A VPN's
/// far end is not a router here, and a link-local IPv6 router needs its interface to be
/// addressed, so neither is probed.
pub fn routers(links: &[super::Link], only: &[String]) -> Vec<(String, IpAddr)> {
    let link_local =
        |ip: &IpAddr| matches!(ip, IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80);
    let others = links
        .iter()
        .filter(|l| only.is_empty() || only.contains(&l.name))
        .filter(|l| l.has_link() && !l.kind().is_vpn())
        .flat_map(|l| l.gateways.iter().map(|g| (l.name.clone(), *g)));
    let mut found: Vec<(String, IpAddr)> = Vec::new();
    for (interface, ip) in gateways(links, only).into_iter().chain(others) {
        if !link_local(&ip) && !found.iter().any(|(_, seen)| *seen == ip) {
            found.push((interface, ip));
        }
    }
    found
}

/// What probing one router showed.
#[derive(Debug, Clone)]
pub struct Probed {
    pub gateway: IpAddr,
    pub interface: String,
    pub reach: Reach,
    /// The ping's round trip, when a ping was answered within the window.
    pub ping: Option<Duration>,
}

/// Probes a router: the first answer of ping and TCP, then, when TCP won the race, one more
/// ping within `window` to measure the round trip.
async fn probe(gateway: IpAddr, interface: String, limit: Duration, window: Duration) -> Probed {
    let started = Instant::now();
    let reach = reach(gateway, ROUTER_PORTS, limit).await;
    let ping = match &reach.answer {
        Some(Answer::Icmp(rtt)) => Some(*rtt),
        Some(Answer::TcpOpen(..) | Answer::TcpRefused(..)) if !reach.icmp_not_permitted => {
            match ping::numbered(gateway, 1, window.saturating_sub(started.elapsed())).await {
                ping::Icmp::Reply(rtt) => Some(rtt),
                _ => None,
            }
        }
        _ => None,
    };
    Probed {
        gateway,
        interface,
        reach,
        ping,
    }
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let only = context.profile.network.interfaces.clone();
        let limit = context.limit(Duration::from_millis(
            context.profile.network.probe_timeout_ms,
        ));
        let window = context.limit(PING_WINDOW);
        let links = match read_links(&context).await {
            Ok(links) => links,
            Err(error) => {
                return vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))];
            }
        };
        let found = routers(&links, &only);
        let Some((_, gateway)) = found.first().cloned() else {
            return vec![
                Outcome::of(&UNREADABLE)
                    .evidence(Evidence::plain("error", "the default gateway disappeared")),
            ];
        };
        let probes = found
            .into_iter()
            .map(|(interface, ip)| probe(ip, interface, limit, window));
        let probed = futures_util::future::join_all(probes).await;
        let neighbour = context
            .facts()
            .ask(Duration::from_millis(500), move |platform| {
                platform
                    .neighbour(gateway)
                    .map(|entry| (entry.state, entry.mac))
            })
            .await
            .ok()
            .flatten();
        let internet = context
            .findings_of("network.internet")
            .iter()
            .any(|f| f.status == Status::Pass);
        vec![evaluate_all(&probed, neighbour, internet)]
    })
}

/// Judges every router: the first (the default route's) decides whether the router
/// answers; the slowest answering ping above [`SLOW_MS`] warns.
pub fn evaluate_all(
    probed: &[Probed],
    neighbour: Option<(String, Option<String>)>,
    internet_works: bool,
) -> Outcome {
    let Some(first) = probed.first() else {
        return Outcome::of(&UNREADABLE)
            .evidence(Evidence::plain("error", "the default gateway disappeared"));
    };
    let mut outcome = evaluate(first.gateway, &first.reach, neighbour, internet_works);
    for other in &probed[1..] {
        outcome = outcome.evidence(Evidence::plain(
            "other_gateway",
            format!(
                "{} via {}: {}",
                other.gateway,
                other.interface,
                match (&other.reach.answer, other.ping) {
                    (_, Some(rtt)) => format!("ping reply in {} ms", rtt.as_millis()),
                    (Some(answer), None) => answer.describe(),
                    (None, None) => "no answer".to_owned(),
                }
            ),
        ));
    }
    for each in probed {
        if let Some(rtt) = each.ping {
            outcome = outcome.evidence(Evidence::plain(
                "ping_ms",
                format!("{}: {}", each.gateway, rtt.as_millis()),
            ));
        }
    }
    let slowest = probed
        .iter()
        .filter_map(|p| p.ping.map(|rtt| (p.gateway, rtt)))
        .max_by_key(|(_, rtt)| *rtt);
    if outcome.status == Status::Pass
        && let Some((gateway, rtt)) = slowest
        && rtt.as_millis() > u128::from(SLOW_MS)
    {
        let mut slow = Outcome::of(&SLOW)
            .arg("gateway", gateway.to_string())
            .arg("ms", rtt.as_millis() as u64);
        slow.evidence = outcome.evidence;
        slow.evidence
            .push(Evidence::plain("slow_after_ms", SLOW_MS));
        return slow;
    }
    outcome
}

pub fn evaluate(
    gateway: IpAddr,
    result: &Reach,
    neighbour: Option<(String, Option<String>)>,
    internet_works: bool,
) -> Outcome {
    let mut evidence = vec![Evidence::plain("gateway", gateway.to_string())];
    if let Some(answer) = &result.answer {
        evidence.push(Evidence::plain("answer", answer.describe()));
        evidence.push(Evidence::plain("rtt_ms", answer.rtt().as_millis() as u64));
    } else {
        evidence.push(Evidence::plain("probes", result.misses.clone()));
    }
    if result.icmp_not_permitted {
        evidence.push(Evidence::plain(
            "icmp",
            "not permitted for this user; TCP used",
        ));
    }
    let nobody = match &neighbour {
        Some((state, mac)) => {
            evidence.push(Evidence::plain("neighbour_state", state.clone()));
            if let Some(mac) = mac {
                evidence.push(Evidence::sensitive(
                    "gateway_mac",
                    crate::model::Kind::Mac,
                    mac.clone(),
                ));
            }
            state == "incomplete"
        }
        None => result
            .misses
            .iter()
            .any(|m| m.contains("unreachable") || m.contains("No route")),
    };
    let spec = if result.answer.is_some() {
        &OK
    } else if internet_works {
        &SILENT_BUT_ONLINE
    } else if nobody {
        &NOBODY
    } else {
        &SILENT
    };
    let mut outcome = Outcome::of(spec).arg("gateway", gateway.to_string());
    if let Some(answer) = &result.answer {
        outcome = outcome.arg("ms", answer.rtt().as_millis() as u64);
    }
    outcome.evidence = evidence;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::network::Answer;

    fn silent() -> Reach {
        Reach {
            answer: None,
            misses: vec!["ping: no reply".into()],
            icmp_not_permitted: false,
        }
    }

    #[test]
    fn an_answering_router_passes() {
        let answered = Reach {
            answer: Some(Answer::TcpRefused(80, Duration::from_millis(1))),
            misses: vec![],
            icmp_not_permitted: true,
        };
        assert_eq!(
            evaluate(IpAddr::from([10, 0, 0, 1]), &answered, None, false).message,
            "network-gateway-reachable-ok"
        );
    }

    fn probed(ip: [u8; 4], answer: Option<Answer>, ping_ms: Option<u64>) -> Probed {
        Probed {
            gateway: IpAddr::from(ip),
            interface: "eth0".into(),
            reach: Reach {
                misses: if answer.is_some() {
                    vec![]
                } else {
                    vec!["ping: no reply".into()]
                },
                answer,
                icmp_not_permitted: false,
            },
            ping: ping_ms.map(Duration::from_millis),
        }
    }

    #[test]
    fn routers_of_other_networks_come_after_the_default_one() {
        use crate::areas::network::interface::tests::link;
        use crate::platform::LinkKind;
        let mut wired = link("eth0", LinkKind::Ethernet, true, true);
        wired.default_route = true;
        wired.gateways = vec![
            IpAddr::from([10, 0, 0, 1]),
            "fe80::1".parse().unwrap_or(IpAddr::from([0; 4])),
        ];
        let mut wifi = link("wlan0", LinkKind::Wifi, true, true);
        wifi.default_route = false;
        wifi.gateways = vec![IpAddr::from([192, 168, 8, 1])];
        let mut unplugged = link("eth1", LinkKind::Ethernet, true, false);
        unplugged.gateways = vec![IpAddr::from([172, 16, 0, 1])];
        let found = routers(&[wifi, wired, unplugged], &[]);
        assert_eq!(
            found,
            [
                ("eth0".to_owned(), IpAddr::from([10, 0, 0, 1])),
                ("wlan0".to_owned(), IpAddr::from([192, 168, 8, 1])),
            ]
        );
    }

    #[test]
    fn a_router_slower_than_chromeos_threshold_warns_even_with_internet() {
        let tcp = Some(Answer::TcpOpen(53, Duration::from_millis(2)));
        let slow = evaluate_all(
            &[probed([10, 0, 0, 1], tcp.clone(), Some(1600))],
            None,
            true,
        );
        assert_eq!(
            (slow.status, slow.message),
            (Status::Warn, "network-gateway-reachable-slow")
        );
        assert_eq!(slow.args.get("ms"), Some(&crate::text::Arg::from(1600u64)));
        let fine = evaluate_all(
            &[probed([10, 0, 0, 1], tcp.clone(), Some(1400))],
            None,
            true,
        );
        assert_eq!(fine.message, "network-gateway-reachable-ok");
        // Not judged without a ping answer.
        let unmeasured = evaluate_all(&[probed([10, 0, 0, 1], tcp.clone(), None)], None, true);
        assert_eq!(unmeasured.message, "network-gateway-reachable-ok");
    }

    #[test]
    fn every_router_is_probed_and_any_can_be_the_slow_one() {
        let ping = |ms| Some(Answer::Icmp(Duration::from_millis(ms)));
        let all = [
            probed([10, 0, 0, 1], ping(3), Some(3)),
            probed([192, 168, 8, 1], ping(1700), Some(1700)),
        ];
        let outcome = evaluate_all(&all, None, true);
        assert_eq!(outcome.message, "network-gateway-reachable-slow");
        assert_eq!(
            outcome.args.get("gateway"),
            Some(&crate::text::Arg::from("192.168.8.1"))
        );
        let text = format!("{:?}", outcome.evidence);
        assert!(
            text.contains("192.168.8.1 via eth0: ping reply in 1700 ms"),
            "{text}"
        );
        // The default route's router decides whether the router answers at all.
        let silent = [
            probed([10, 0, 0, 1], None, None),
            probed([192, 168, 8, 1], ping(3), Some(3)),
        ];
        assert_eq!(
            evaluate_all(&silent, None, false).message,
            "network-gateway-reachable-silent"
        );
    }

    #[test]
    fn a_silent_router_with_working_internet_passes() {
        let outcome = evaluate(IpAddr::from([10, 0, 0, 1]), &silent(), None, true);
        assert_eq!(outcome.status, Status::Pass);
        assert_eq!(outcome.message, "network-gateway-reachable-silent-online");
    }

    #[test]
    fn a_silent_router_without_internet_fails_and_an_empty_address_is_named() {
        let gw = IpAddr::from([10, 0, 0, 1]);
        assert_eq!(
            evaluate(
                gw,
                &silent(),
                Some(("complete".into(), Some("aa".into()))),
                false
            )
            .message,
            "network-gateway-reachable-silent"
        );
        assert_eq!(
            evaluate(gw, &silent(), Some(("incomplete".into(), None)), false).message,
            "network-gateway-reachable-nobody"
        );
    }
}
