//! `network.address`: did the connection get a usable address? Only a 169.254.x.x one means
//! the router's automatic addressing (DHCP) did not answer.

use std::net::IpAddr;
use std::time::Duration;

use super::{Link, address_evidence, judged, read_links};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec =
    message(Status::Pass, "network-address-ok").with_args(&["address", "interface"]);
const SELF_ASSIGNED: MessageSpec = message(Status::Fail, "network-address-self-assigned");
const NONE: MessageSpec = message(Status::Fail, "network-address-none");
const UNREADABLE: MessageSpec = message(Status::Error, "network-address-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "network.address",
    area: Area::Network,
    depends_on: &["network.interface"],
    after: &[],
    timeout: Duration::from_secs(2),
    messages: &[OK, SELF_ASSIGNED, NONE, UNREADABLE],
    run,
};

/// Log lines that can explain it: the DHCP client's, in the last hour.
pub const LOGS: &[crate::logs::Excerpt] = &[crate::logs::Excerpt {
    source: crate::platform::LogSource::Journal,
    units: &[
        "NetworkManager.service",
        "systemd-networkd.service",
        "dhclient",
        "dhcpcd",
        // Windows, in the System event log: the DHCP clients, and TCP/IP's address
        // conflicts.
        "Microsoft-Windows-Dhcp-Client",
        "Microsoft-Windows-Dhcpv6-Client",
        "Tcpip",
    ],
    patterns: &["dhcp", "address conflict"],
    about: crate::logs::About::Anything,
    window: crate::logs::Window::Hours(1),
}];

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let only = context.profile.network.interfaces.clone();
        match read_links(&context).await {
            Ok(links) => {
                let outcome = evaluate(&links, &only);
                if outcome.message != SELF_ASSIGNED.id {
                    return vec![outcome];
                }
                // The interface that got the self-assigned address.
                let interface = judged(&links, &only)
                    .into_iter()
                    .find(|l| {
                        l.has_link()
                            && l.addresses()
                                .iter()
                                .any(|ip| matches!(ip, IpAddr::V4(v4) if v4.is_link_local()))
                    })
                    .map(|l| l.name.clone())
                    .unwrap_or_default();
                let access = super::repairs::access(&context).await;
                vec![super::repairs::offer_reconnect(
                    outcome,
                    &interface,
                    access.as_ref(),
                )]
            }
            Err(error) => vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))],
        }
    })
}

/// An address that can reach beyond this link: not loopback, not self-assigned (169.254/16,
/// fe80::/10).
pub fn usable(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => !(v4.is_link_local() || v4.is_loopback() || v4.is_unspecified()),
        IpAddr::V6(v6) => {
            !(v6.is_loopback() || v6.is_unspecified() || (v6.segments()[0] & 0xffc0) == 0xfe80)
        }
    }
}

pub fn evaluate(links: &[Link], only: &[String]) -> Outcome {
    let connected: Vec<&Link> = judged(links, only)
        .into_iter()
        .filter(|l| l.has_link())
        .collect();
    let mut evidence = Vec::new();
    let mut good = Vec::new();
    let mut self_assigned = false;
    for link in &connected {
        let ips = link.addresses();
        // Per interface, in order: its name, then its addresses.
        evidence.push(Evidence::plain("interface", link.name.clone()));
        evidence.push(address_evidence("addresses", link.address_texts(), &ips));
        good.extend(ips.iter().copied().filter(|ip| usable(*ip)));
        self_assigned |= ips
            .iter()
            .any(|ip| matches!(ip, IpAddr::V4(v4) if v4.is_link_local()));
    }
    let interface = connected
        .first()
        .map(|l| l.name.clone())
        .unwrap_or_default();
    let mut outcome = if let Some(first) = good.iter().find(|ip| ip.is_ipv4()).or(good.first()) {
        let shown = if super::is_public(*first) {
            "public".to_owned()
        } else {
            first.to_string()
        };
        Outcome::of(&OK).arg("address", shown)
    } else if self_assigned {
        Outcome::of(&SELF_ASSIGNED)
    } else {
        Outcome::of(&NONE)
    };
    outcome = outcome.arg("interface", interface);
    outcome.evidence = evidence;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::network::interface::tests::link;
    use crate::platform::LinkKind;

    fn with(v4: &[&str], v6: &[&str]) -> Vec<Link> {
        let mut eth = link("eth0", LinkKind::Ethernet, true, true);
        eth.ipv4 = v4
            .iter()
            .filter_map(|a| a.parse().ok())
            .map(|a| (a, 24))
            .collect();
        eth.ipv6 = v6
            .iter()
            .filter_map(|a| a.parse().ok())
            .map(|a| (a, 64))
            .collect();
        vec![eth]
    }

    #[test]
    fn a_private_address_passes() {
        assert_eq!(
            evaluate(&with(&["192.168.1.20"], &[]), &[]).status,
            Status::Pass
        );
        assert_eq!(
            evaluate(&with(&[], &["2001:db8::5"]), &[]).status,
            Status::Pass
        );
    }

    #[test]
    fn only_a_self_assigned_address_fails() {
        let outcome = evaluate(&with(&["169.254.3.4"], &["fe80::1"]), &[]);
        assert_eq!(outcome.message, "network-address-self-assigned");
    }

    #[test]
    fn no_address_fails() {
        assert_eq!(
            evaluate(&with(&[], &["fe80::1"]), &[]).message,
            "network-address-none"
        );
    }

    #[test]
    fn public_addresses_are_sensitive_and_not_in_the_summary() {
        let outcome = evaluate(&with(&["8.8.4.4"], &[]), &[]);
        let addresses: Vec<_> = outcome
            .evidence
            .iter()
            .filter(|e| e.key == "addresses")
            .collect();
        assert!(!addresses.is_empty());
        assert!(addresses.iter().all(|e| e.sensitive));
        assert!(!format!("{:?}", outcome.args).contains("8.8.4.4"));
    }
}
