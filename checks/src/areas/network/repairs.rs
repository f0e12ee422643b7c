//! Network repairs: switch Wi-Fi on when it is off in software, and connect again when the
//! address was self-assigned or the connection has no router. Offered only when the network
//! service's own answer for this session is `yes` (NetworkManager's `GetPermissions`, the
//! WLAN service's security settings on Windows): where it would ask for an administrator's
//! password, the support team is named instead.

use std::time::Duration;

use crate::check::{Context, Outcome};
use crate::platform::{LinkKind, NetworkManagerAccess};
use crate::repair::{RepairDef, RepairError, RepairFuture, RepairInput};
use crate::text::Args;

/// Switches the Wi-Fi radio on (NetworkManager's `enable-disable-wifi`).
pub static WIFI_ON: RepairDef = RepairDef {
    id: "network.wifi_on",
    checks: &["network.interface"],
    undoable: true,
    needs_admin: false,
    destructive: false,
    hands_over: false,
    args: &[],
    timeout: Duration::from_secs(20),
    apply: wifi_on,
};

/// Connects an interface again, which asks the network for a new address
/// (NetworkManager's `network-control`).
pub static RECONNECT: RepairDef = RepairDef {
    id: "network.reconnect",
    checks: &["network.address", "network.gateway"],
    undoable: true,
    needs_admin: false,
    destructive: false,
    hands_over: false,
    args: &["interface"],
    timeout: Duration::from_secs(30),
    apply: reconnect,
};

fn wifi_on(input: RepairInput) -> RepairFuture {
    Box::pin(async move {
        let limit = input.limit.saturating_sub(Duration::from_secs(1));
        input
            .facts
            .ask(input.limit, move |platform| platform.wifi_on(limit))
            .await
            .map_err(|e| RepairError::Failed(e.to_string()))?
            .map_err(RepairError::from)?;
        // The radio takes a moment to find networks: give the re-check a chance to see a
        // connection, up to a few seconds, without holding anything.
        wait_for_link(&input, Duration::from_secs(8)).await;
        Ok("the network service switched Wi-Fi on".to_owned())
    })
}

fn reconnect(input: RepairInput) -> RepairFuture {
    Box::pin(async move {
        let interface = input
            .targets
            .first()
            .cloned()
            .filter(|name| crate::platform::plain_interface(name))
            .ok_or_else(|| RepairError::Failed("no interface was named".to_owned()))?;
        let limit = input.limit.saturating_sub(Duration::from_secs(1));
        let asked = interface.clone();
        input
            .facts
            .ask(input.limit, move |platform| {
                platform.reconnect(&asked, limit)
            })
            .await
            .map_err(|e| RepairError::Failed(e.to_string()))?
            .map_err(RepairError::from)?;
        Ok(format!("the network service connected {interface} again"))
    })
}

/// Polls this machine's interfaces (a fresh read each time) until one has a link, or `most`.
async fn wait_for_link(input: &RepairInput, most: Duration) {
    let deadline = tokio::time::Instant::now() + most;
    while tokio::time::Instant::now() < deadline {
        let linked = input
            .facts
            .ask(Duration::from_secs(2), |platform| platform.interfaces())
            .await
            .ok()
            .and_then(Result::ok)
            .is_some_and(|links| {
                links
                    .iter()
                    .any(|l| l.has_link() && l.kind() != LinkKind::Loopback)
            });
        if linked {
            return;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// NetworkManager's answers for this session, asked once the check knows it needs them.
pub async fn access(context: &Context) -> Option<NetworkManagerAccess> {
    context
        .facts()
        .ask(context.limit(Duration::from_secs(3)), |platform| {
            platform.network_manager()
        })
        .await
        .ok()
        .flatten()
}

/// Why the network service's answer for a permission keeps the repair from being offered.
fn refused(access: &NetworkManagerAccess, permission: &str, what: &str) -> Option<String> {
    let service = &access.service;
    match access.answer(permission) {
        Some("yes") => None,
        Some("auth") => Some(format!(
            "{service} asks for an administrator's password to {what} from this session"
        )),
        Some(other) => Some(format!(
            "{service} does not let this session {what} (its answer: {other})"
        )),
        None => Some(format!(
            "{service} gave no answer on whether this session may {what}"
        )),
    }
}

/// Offers to switch Wi-Fi on: only when the radio is off in software and on in hardware
/// (a hardware switch or key is the user's to press), and NetworkManager says `yes`.
pub fn offer_wifi_on(outcome: Outcome, access: Option<&NetworkManagerAccess>) -> Outcome {
    let Some(access) = access else {
        return outcome;
    };
    if access.wifi_software != Some(false) || access.wifi_hardware != Some(true) {
        return outcome;
    }
    match refused(access, "enable-disable-wifi", "switch Wi-Fi on") {
        None => outcome.offer(WIFI_ON.id, Args::new(), Vec::new()),
        Some(reason) => outcome.withhold(WIFI_ON.id, Args::new(), reason),
    }
}

/// Offers to connect `interface` again, where NetworkManager says `yes` to network control.
pub fn offer_reconnect(
    outcome: Outcome,
    interface: &str,
    access: Option<&NetworkManagerAccess>,
) -> Outcome {
    let Some(access) = access else {
        return outcome;
    };
    if !crate::platform::plain_interface(interface) {
        return outcome;
    }
    let args = Args::new().with("interface", interface);
    match refused(access, "network-control", "connect again") {
        None => outcome.offer(RECONNECT.id, args, vec![interface.to_owned()]),
        Some(reason) => outcome.withhold(RECONNECT.id, args, reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::message;
    use crate::model::Status;

    /// NetworkManager's answers as `nmcli` printed them on a desktop session, and on a
    /// session polkit asks a password of.
    fn access(wifi: &str, control: &str, hardware: bool, software: bool) -> NetworkManagerAccess {
        let text = format!(
            "org.freedesktop.NetworkManager.enable-disable-wifi:{wifi}\n\
             org.freedesktop.NetworkManager.network-control:{control}\n"
        );
        NetworkManagerAccess {
            service: "NetworkManager".to_owned(),
            permissions: crate::platform::formats::parse_nm_permissions(&text),
            wifi_hardware: Some(hardware),
            wifi_software: Some(software),
        }
    }

    fn off() -> Outcome {
        Outcome::of(&message(Status::Fail, "network-interface-wifi-off"))
    }

    #[test]
    fn wifi_on_is_offered_only_off_in_software_and_with_a_yes() {
        let offered = offer_wifi_on(off(), Some(&access("yes", "yes", true, false)));
        assert_eq!(offered.offers.len(), 1);
        assert_eq!(offered.offers[0].repair, "network.wifi_on");
        // A password would be asked: the support team is named, with the reason.
        let asked = offer_wifi_on(off(), Some(&access("auth", "yes", true, false)));
        assert!(asked.offers.is_empty());
        assert_eq!(asked.withheld.len(), 1);
        assert!(
            asked.withheld[0]
                .reason
                .contains("administrator's password")
        );
        let no = offer_wifi_on(off(), Some(&access("no", "yes", true, false)));
        assert!(no.offers.is_empty() && no.withheld[0].reason.contains("its answer: no"));
        // Switched off by its hardware switch or key: the user's to press, not offered.
        let hardware = offer_wifi_on(off(), Some(&access("yes", "yes", false, false)));
        assert!(hardware.offers.is_empty() && hardware.withheld.is_empty());
        // On in software already, or no NetworkManager: nothing.
        assert!(
            offer_wifi_on(off(), Some(&access("yes", "yes", true, true)))
                .offers
                .is_empty()
        );
        assert!(offer_wifi_on(off(), None).offers.is_empty());
    }

    #[test]
    fn reconnect_names_its_interface_and_needs_network_control() {
        let failed = || Outcome::of(&message(Status::Fail, "network-address-self-assigned"));
        let offered = offer_reconnect(failed(), "wlp2s0", Some(&access("no", "yes", true, true)));
        assert_eq!(offered.offers[0].repair, "network.reconnect");
        assert_eq!(offered.offers[0].targets, ["wlp2s0"]);
        let asked = offer_reconnect(failed(), "wlp2s0", Some(&access("yes", "auth", true, true)));
        assert!(asked.offers.is_empty() && asked.withheld.len() == 1);
        // Never a name that could read as an option.
        let odd = offer_reconnect(failed(), "--help", Some(&access("yes", "yes", true, true)));
        assert!(odd.offers.is_empty() && odd.withheld.is_empty());
    }
}
