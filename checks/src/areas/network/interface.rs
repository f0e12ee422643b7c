//! `network.interface`: is a real network connection switched on and connected (cable
//! plugged in, Wi-Fi joined)?

use std::time::Duration;

use super::{Link, address_evidence, judged, read_links, vpns};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::platform::LinkKind;

const OK: MessageSpec =
    message(Status::Pass, "network-interface-ok").with_args(&["interface", "kind"]);
const NO_LINK: MessageSpec =
    message(Status::Fail, "network-interface-no-link").with_args(&["interface", "kind"]);
const DOWN: MessageSpec = message(Status::Fail, "network-interface-down").with_args(&["interface"]);
const WIFI_OFF: MessageSpec = message(Status::Fail, "network-interface-wifi-off");
const NONE: MessageSpec = message(Status::Fail, "network-interface-none");
const UNREADABLE: MessageSpec = message(Status::Error, "network-interface-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "network.interface",
    area: Area::Network,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(2),
    messages: &[OK, NO_LINK, DOWN, WIFI_OFF, NONE, UNREADABLE],
    run,
};

/// Log lines that can explain it: links going down and up, from the kernel and the
/// network services, in the last hour.
pub const LOGS: &[crate::logs::Excerpt] = &[
    crate::logs::Excerpt {
        source: crate::platform::LogSource::Kernel,
        units: &[],
        patterns: &[
            "link is down",
            "link is up",
            "carrier",
            "link becomes ready",
            // Windows network drivers, in the System event log.
            "link is disconnected",
        ],
        about: crate::logs::About::Anything,
        window: crate::logs::Window::Hours(1),
    },
    crate::logs::Excerpt {
        source: crate::platform::LogSource::Journal,
        units: &["NetworkManager.service", "systemd-networkd.service"],
        patterns: &["link", "carrier", "disconnected", "unavailable"],
        about: crate::logs::About::Anything,
        window: crate::logs::Window::Hours(1),
    },
];

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let only = context.profile.network.interfaces.clone();
        let (links, radio_blocked) = tokio::join!(
            read_links(&context),
            context
                .facts()
                .ask(Duration::from_millis(1500), |p| p.wifi_radio_blocked())
        );
        match links {
            Ok(links) => {
                let outcome = evaluate(&links, &only, radio_blocked.ok().flatten());
                if outcome.message != WIFI_OFF.id {
                    return vec![outcome];
                }
                let access = super::repairs::access(&context).await;
                vec![super::repairs::offer_wifi_on(outcome, access.as_ref())]
            }
            Err(error) => {
                vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))]
            }
        }
    })
}

/// Evidence describing one interface.
pub fn describe(link: &Link) -> Vec<Evidence> {
    let mut evidence = vec![
        Evidence::plain("interface", link.name.clone()),
        Evidence::plain("interface_type", link.kind().as_str()),
        Evidence::plain(
            "interface_state",
            format!(
                "{}, {}, {}",
                if link.up { "on" } else { "off" },
                match link.carrier {
                    Some(true) => "connected",
                    Some(false) => "not connected",
                    None => "connection unknown",
                },
                link.state
            ),
        ),
    ];
    if let Some(mac) = &link.mac {
        evidence.push(Evidence::sensitive(
            "interface_mac",
            crate::model::Kind::Mac,
            mac.clone(),
        ));
    }
    if !link.ipv4.is_empty() || !link.ipv6.is_empty() {
        evidence.push(address_evidence(
            "interface_addresses",
            link.address_texts(),
            &link.addresses(),
        ));
    }
    evidence
}

pub fn evaluate(links: &[Link], only: &[String], radio_blocked: Option<bool>) -> Outcome {
    let candidates = judged(links, only);
    let mut evidence: Vec<Evidence> = candidates.iter().flat_map(|l| describe(l)).collect();
    if !only.is_empty() {
        evidence.push(Evidence::plain("profile_interfaces", only.to_vec()));
    }
    let vpn = vpns(links);
    if !vpn.is_empty() {
        evidence.push(Evidence::plain("vpn", vpn));
    }
    if let Some(blocked) = radio_blocked {
        evidence.push(Evidence::plain("wifi_radio_blocked", blocked));
    }
    let connected = candidates.iter().find(|l| l.has_link());
    let mut outcome = if let Some(link) = connected {
        Outcome::of(&OK)
            .arg("interface", link.name.clone())
            .arg("kind", kind_arg(link.kind()))
    } else if radio_blocked == Some(true)
        && !candidates
            .iter()
            .any(|l| l.kind() == LinkKind::Ethernet && l.up)
    {
        Outcome::of(&WIFI_OFF)
    } else if let Some(link) = candidates.iter().find(|l| l.up) {
        Outcome::of(&NO_LINK)
            .arg("interface", link.name.clone())
            .arg("kind", kind_arg(link.kind()))
    } else if let Some(link) = candidates.first() {
        Outcome::of(&DOWN)
            .arg("interface", link.name.clone())
            .arg("kind", kind_arg(link.kind()))
    } else {
        Outcome::of(&NONE)
    };
    outcome.evidence = evidence;
    outcome
}

/// `wifi` or `cable` for the catalog's selectors.
pub fn kind_arg(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Wifi => "wifi",
        LinkKind::Ethernet => "cable",
        _ => "other",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn link(name: &str, kind: LinkKind, up: bool, carrier: bool) -> Link {
        Link {
            name: name.to_owned(),
            kind: Some(kind),
            up,
            carrier: Some(carrier),
            state: if up && carrier { "up" } else { "down" }.to_owned(),
            ..Link::default()
        }
    }

    #[test]
    fn a_connected_interface_passes() {
        let links = [
            link("lo", LinkKind::Loopback, true, true),
            link("eth0", LinkKind::Ethernet, true, true),
        ];
        assert_eq!(evaluate(&links, &[], None).message, "network-interface-ok");
    }

    #[test]
    fn loopback_bridges_and_tunnels_do_not_count() {
        let links = [
            link("lo", LinkKind::Loopback, true, true),
            link("docker0", LinkKind::Bridge, true, true),
            link("tun0", LinkKind::Tun, true, true),
            link("eth0", LinkKind::Ethernet, true, false),
        ];
        let outcome = evaluate(&links, &[], None);
        assert_eq!(outcome.message, "network-interface-no-link");
        assert!(outcome.evidence.iter().any(|e| e.key == "vpn"));
    }

    #[test]
    fn switched_off_missing_and_airplane_mode_are_told_apart() {
        let off = [link("eth0", LinkKind::Ethernet, false, false)];
        assert_eq!(evaluate(&off, &[], None).message, "network-interface-down");
        assert_eq!(evaluate(&[], &[], None).message, "network-interface-none");
        let wifi = [link("wlan0", LinkKind::Wifi, false, false)];
        assert_eq!(
            evaluate(&wifi, &[], Some(true)).message,
            "network-interface-wifi-off"
        );
    }

    #[test]
    fn the_profile_narrows_the_interfaces() {
        let links = [
            link("eth0", LinkKind::Ethernet, true, true),
            link("eth1", LinkKind::Ethernet, true, false),
        ];
        assert_eq!(
            evaluate(&links, &["eth1".to_owned()], None).status,
            Status::Fail
        );
        assert_eq!(
            evaluate(&links, &["eth9".to_owned()], None).message,
            "network-interface-none"
        );
    }

    #[test]
    fn the_default_route_interface_is_the_one_judged() {
        let mut eth = link("eth0", LinkKind::Ethernet, true, true);
        eth.default_route = true;
        let links = [eth, link("eth1", LinkKind::Ethernet, false, false)];
        assert_eq!(evaluate(&links, &[], None).status, Status::Pass);
    }

    #[test]
    fn mac_addresses_are_sensitive() {
        let mut eth = link("eth0", LinkKind::Ethernet, true, true);
        eth.mac = Some("aa:bb:cc:dd:ee:ff".to_owned());
        let outcome = evaluate(&[eth], &[], None);
        assert!(outcome.evidence.iter().any(|e| e.key == "interface_mac"
            && e.sensitive
            && e.kind == Some(crate::model::Kind::Mac)));
    }
}
