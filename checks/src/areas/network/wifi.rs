//! `network.wifi`: per Wi-Fi interface, how strong is the signal and how is it secured?
//! Read without privileges: `/proc/net/wireless` and NetworkManager's `nmcli`.

use std::time::Duration;

use super::{Link, read_links};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Kind, Status};
use crate::platform::{LinkKind, WifiLink};

const OK: MessageSpec = message(Status::Pass, "network-wifi-ok").with_args(&["signal"]);
const OK_SECURITY_UNKNOWN: MessageSpec =
    message(Status::Pass, "network-wifi-ok-security-unknown").with_args(&["signal"]);
const WEAK: MessageSpec = message(Status::Warn, "network-wifi-weak").with_args(&["signal"]);
const OPEN: MessageSpec = message(Status::Warn, "network-wifi-open");
const WEP: MessageSpec = message(Status::Warn, "network-wifi-wep");
const IDLE: MessageSpec = message(Status::NotApplicable, "network-wifi-idle");
const UNKNOWN: MessageSpec = message(Status::NotApplicable, "network-wifi-unknown");
const NONE: MessageSpec = message(Status::NotApplicable, "network-wifi-none");
const UNREADABLE: MessageSpec = message(Status::Error, "network-wifi-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "network.wifi",
    area: Area::Network,
    depends_on: &["network.interface"],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[
        OK,
        OK_SECURITY_UNKNOWN,
        WEAK,
        OPEN,
        WEP,
        IDLE,
        UNKNOWN,
        NONE,
        UNREADABLE,
    ],
    run,
};

/// Log lines that can explain it: association and authentication failures, in the last
/// hour.
pub const LOGS: &[crate::logs::Excerpt] = &[crate::logs::Excerpt {
    source: crate::platform::LogSource::Journal,
    units: &[
        "wpa_supplicant.service",
        "NetworkManager.service",
        "iwd.service",
    ],
    patterns: &[
        "auth",
        "assoc",
        "deauth",
        "disconnect",
        "timed out",
        "4-way handshake",
    ],
    about: crate::logs::About::Subject,
    window: crate::logs::Window::Hours(1),
}];

/// Below this signal (percent) calls and video break up.
pub const WEAK_PERCENT: u8 = 30;

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let only = context.profile.network.interfaces.clone();
        let links = match read_links(&context).await {
            Ok(links) => links,
            Err(error) => {
                return vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))];
            }
        };
        let wifi: Vec<Link> = links
            .into_iter()
            .filter(|l| l.kind() == LinkKind::Wifi && (only.is_empty() || only.contains(&l.name)))
            .collect();
        if wifi.is_empty() {
            return vec![Outcome::of(&NONE)];
        }
        let context = &context;
        let reads = wifi.into_iter().map(|link| async move {
            let name = link.name.clone();
            let facts = if link.has_link() {
                context
                    .facts()
                    .ask(Duration::from_secs(2), move |platform| {
                        platform.wifi_link(&name)
                    })
                    .await
                    .ok()
                    .flatten()
            } else {
                None
            };
            evaluate(&link, facts.as_ref())
        });
        futures_util::future::join_all(reads).await
    })
}

/// How a Wi-Fi network is secured, as far as the system says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Security {
    /// No encryption at all.
    Open,
    /// WEP, with or without 802.1X: breakable in minutes.
    Wep,
    /// WPA, WPA2, WPA3, OWE or 802.1X (enterprise), as named.
    Secured(String),
    /// The system did not say: neither secured nor open.
    Unknown,
}

/// Reads the system's security text (NetworkManager's `SECURITY` column and the like).
pub fn security_of(raw: Option<&str>) -> Security {
    let Some(raw) = raw.map(str::trim) else {
        return Security::Unknown;
    };
    if raw.is_empty() || raw == "--" {
        return Security::Open;
    }
    let upper = raw.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| w.starts_with("WEP")) {
        Security::Wep
    } else if words.iter().any(|w| {
        w.starts_with("WPA") || w.starts_with("RSN") || ["SAE", "OWE", "802.1X", "EAP"].contains(w)
    }) {
        Security::Secured(raw.to_owned())
    } else {
        Security::Unknown
    }
}

pub fn evaluate(link: &Link, facts: Option<&WifiLink>) -> Outcome {
    let subject = link.name.clone();
    if !link.has_link() {
        return Outcome::of(&IDLE).subject(subject);
    }
    let Some(facts) = facts else {
        return Outcome::of(&UNKNOWN).subject(subject);
    };
    let security = security_of(facts.security.as_deref());
    let weak = facts.signal_percent.is_some_and(|s| s < WEAK_PERCENT);
    let spec = if weak {
        &WEAK
    } else if security == Security::Wep {
        &WEP
    } else if security == Security::Open {
        &OPEN
    } else if facts.signal_percent.is_none() {
        &UNKNOWN
    } else if security == Security::Unknown {
        &OK_SECURITY_UNKNOWN
    } else {
        &OK
    };
    let mut outcome = Outcome::of(spec)
        .subject(subject)
        .arg("signal", facts.signal_percent.map_or(0, u64::from))
        .evidence(Evidence::plain("source", facts.source.clone()));
    if let Some(signal) = facts.signal_percent {
        outcome = outcome.evidence(Evidence::plain("signal_percent", u64::from(signal)));
    }
    if let Some(dbm) = facts.signal_dbm {
        outcome = outcome.evidence(Evidence::plain("signal_dbm", i64::from(dbm)));
    }
    outcome = outcome.evidence(Evidence::plain(
        "security",
        match &security {
            Security::Open => "none (open)".to_owned(),
            Security::Wep => format!("WEP ({})", facts.security.as_deref().unwrap_or("").trim()),
            Security::Secured(named) => named.clone(),
            Security::Unknown => match facts.security.as_deref().map(str::trim) {
                Some(said) => format!("unknown ({said})"),
                None => "unknown (not reported)".to_owned(),
            },
        },
    ));
    if let Some(ssid) = &facts.ssid {
        outcome = outcome.evidence(Evidence::sensitive("ssid", Kind::Wifi, ssid.clone()));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::network::interface::tests::link;

    fn facts(signal: u8, security: &str) -> WifiLink {
        WifiLink {
            ssid: Some("Home".into()),
            signal_percent: Some(signal),
            signal_dbm: None,
            security: Some(security.into()),
            source: "test".into(),
        }
    }

    #[test]
    fn signal_and_security_are_judged() {
        let wlan = link("wlan0", LinkKind::Wifi, true, true);
        assert_eq!(
            evaluate(&wlan, Some(&facts(80, "WPA2"))).status,
            Status::Pass
        );
        assert_eq!(
            evaluate(&wlan, Some(&facts(20, "WPA2"))).message,
            "network-wifi-weak"
        );
        assert_eq!(
            evaluate(&wlan, Some(&facts(80, ""))).message,
            "network-wifi-open"
        );
        assert_eq!(
            evaluate(&wlan, Some(&facts(80, "WEP"))).message,
            "network-wifi-wep"
        );
        assert_eq!(evaluate(&wlan, None).status, Status::NotApplicable);
        let idle = link("wlan0", LinkKind::Wifi, true, false);
        assert_eq!(
            evaluate(&idle, Some(&facts(80, "WPA2"))).message,
            "network-wifi-idle"
        );
    }

    #[test]
    fn security_is_read_and_unknown_is_its_own_answer() {
        assert_eq!(security_of(None), Security::Unknown);
        assert_eq!(security_of(Some("")), Security::Open);
        assert_eq!(security_of(Some("--")), Security::Open);
        assert_eq!(security_of(Some("WEP")), Security::Wep);
        // WEP with 802.1X (dynamic WEP) is still WEP.
        assert_eq!(security_of(Some("WEP 802.1X")), Security::Wep);
        assert_eq!(security_of(Some("802.1X WEP")), Security::Wep);
        for secured in [
            "WPA2",
            "WPA1 WPA2",
            "WPA3",
            "SAE",
            "OWE",
            "802.1X",
            "WPA2 802.1X",
        ] {
            assert_eq!(
                security_of(Some(secured)),
                Security::Secured(secured.to_owned()),
                "{secured}"
            );
        }
        assert_eq!(security_of(Some("something new")), Security::Unknown);
        let wlan = link("wlan0", LinkKind::Wifi, true, true);
        let mut unknown = facts(80, "");
        unknown.security = None;
        let outcome = evaluate(&wlan, Some(&unknown));
        assert_eq!(
            (outcome.status, outcome.message),
            (Status::Pass, "network-wifi-ok-security-unknown")
        );
        assert!(format!("{:?}", outcome.evidence).contains("unknown (not reported)"));
        assert_eq!(
            evaluate(&wlan, Some(&facts(80, "WEP 802.1X"))).message,
            "network-wifi-wep"
        );
        // A signal nobody reported is not "good (0%)".
        let mut no_signal = facts(80, "WPA2");
        no_signal.signal_percent = None;
        assert_eq!(
            evaluate(&wlan, Some(&no_signal)).message,
            "network-wifi-unknown"
        );
        no_signal.security = Some(String::new());
        assert_eq!(
            evaluate(&wlan, Some(&no_signal)).message,
            "network-wifi-open"
        );
    }

    #[test]
    fn the_ssid_is_sensitive() {
        let wlan = link("wlan0", LinkKind::Wifi, true, true);
        let outcome = evaluate(&wlan, Some(&facts(80, "WPA2")));
        assert!(
            outcome
                .evidence
                .iter()
                .any(|e| e.key == "ssid" && e.sensitive)
        );
    }

    #[test]
    fn proc_wireless_and_nmcli_are_parsed() {
        use crate::platform::formats::{parse_nmcli, parse_proc_wireless};
        let proc = "Inter-| sta-|   Quality        |\n face | tus | link level noise |\n wlan0: 0000   35.  -70.  -256        0      0      0      0     25        0\n";
        assert_eq!(parse_proc_wireless(proc, "wlan0"), Some((50, Some(-70))));
        assert_eq!(parse_proc_wireless(proc, "wlan1"), None);
        let nmcli = " :Other:WPA2:40\n*:Caf\\:e:WPA1 WPA2:78\n";
        let active = parse_nmcli(nmcli).unwrap_or_default();
        assert_eq!(active.ssid.as_deref(), Some("Caf:e"));
        assert_eq!(active.signal_percent, Some(78));
        assert_eq!(parse_nmcli("garbage"), None);
    }
}
