//! `network.gateway_reachable`: does the router answer?
//!
//! A ping first, and TCP connections to common router ports at the same time (a refusal
//! also proves the router is there). Many routers ignore both: when the internet works
//! (`network.internet` ran before this), a silent router is fine.

use std::net::IpAddr;
use std::time::Duration;

use super::{Reach, gateway::gateways, reach, read_links};
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
const UNREADABLE: MessageSpec = message(Status::Error, "network-gateway-reachable-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "network.gateway_reachable",
    area: Area::Network,
    depends_on: &["network.gateway"],
    after: &["network.internet"],
    timeout: Duration::from_secs(3),
    messages: &[OK, SILENT_BUT_ONLINE, NOBODY, SILENT, UNREADABLE],
    run,
};

/// Ports routers commonly listen on: DNS, web administration.
const ROUTER_PORTS: &[u16] = &[53, 80, 443];

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let only = context.profile.network.interfaces.clone();
        let limit = context.limit(Duration::from_millis(
            context.profile.network.probe_timeout_ms,
        ));
        let links = match read_links(&context).await {
            Ok(links) => links,
            Err(error) => {
                return vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))];
            }
        };
        let Some((_, gateway)) = gateways(&links, &only).first().cloned() else {
            return vec![
                Outcome::of(&UNREADABLE)
                    .evidence(Evidence::plain("error", "the default gateway disappeared")),
            ];
        };
        let result = reach(gateway, ROUTER_PORTS, limit).await;
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
        vec![evaluate(gateway, &result, neighbour, internet)]
    })
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
