//! `network.gateway`: is there a route to a router (a default gateway)?

use std::net::IpAddr;
use std::time::Duration;

use super::{Link, judged, read_links};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "network-gateway-ok").with_args(&["gateway"]);
const NONE: MessageSpec = message(Status::Fail, "network-gateway-none");
const UNREADABLE: MessageSpec = message(Status::Error, "network-gateway-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "network.gateway",
    area: Area::Network,
    depends_on: &["network.address"],
    after: &[],
    timeout: Duration::from_secs(2),
    messages: &[OK, NONE, UNREADABLE],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let only = context.profile.network.interfaces.clone();
        match read_links(&context).await {
            Ok(links) => {
                let outcome = evaluate(&links, &only);
                if outcome.message != NONE.id {
                    return vec![outcome];
                }
                let Some(interface) = judged(&links, &only)
                    .into_iter()
                    .find(|l| l.has_link())
                    .map(|l| l.name.clone())
                else {
                    return vec![outcome];
                };
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

/// The default gateways of the judged, connected interfaces, IPv4 first.
pub fn gateways(links: &[Link], only: &[String]) -> Vec<(String, IpAddr)> {
    let mut found: Vec<(String, IpAddr)> = judged(links, only)
        .into_iter()
        .filter(|l| l.has_link())
        .flat_map(|l| l.gateways.iter().map(|g| (l.name.clone(), *g)))
        .collect();
    found.sort_by_key(|(_, ip)| ip.is_ipv6());
    found
}

pub fn evaluate(links: &[Link], only: &[String]) -> Outcome {
    let found = gateways(links, only);
    match found.first() {
        Some((interface, gateway)) => Outcome::of(&OK)
            .arg("gateway", gateway.to_string())
            .evidence(Evidence::plain(
                "gateways",
                found
                    .iter()
                    .map(|(i, g)| format!("{g} via {i}"))
                    .collect::<Vec<_>>(),
            ))
            .arg("interface", interface.clone()),
        None => Outcome::of(&NONE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::network::interface::tests::link;
    use crate::platform::LinkKind;

    #[test]
    fn a_default_gateway_passes_and_none_fails() {
        let mut eth = link("eth0", LinkKind::Ethernet, true, true);
        assert_eq!(
            evaluate(std::slice::from_ref(&eth), &[]).status,
            Status::Fail
        );
        eth.gateways = vec![
            "fe80::1".parse().unwrap_or(IpAddr::from([0; 4])),
            IpAddr::from([10, 0, 0, 1]),
        ];
        let outcome = evaluate(&[eth], &[]);
        assert_eq!(outcome.status, Status::Pass);
        assert!(
            format!("{:?}", outcome.args).contains("10.0.0.1"),
            "IPv4 first"
        );
    }
}
