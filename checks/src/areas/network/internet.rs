//! `network.internet`: can this computer reach the internet by address (no names involved)?
//! Every host in `network.internet_hosts` is pinged and connected to (443, 53, 80) at once.

use std::net::IpAddr;
use std::time::Duration;

use super::{Reach, address::usable, judged, reach, read_links};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec =
    message(Status::Pass, "network-internet-ok").with_args(&["ms", "reached", "total"]);
const NONE: MessageSpec = message(Status::Fail, "network-internet-none").with_args(&["total"]);
const NO_TARGETS: MessageSpec = message(Status::NotApplicable, "network-internet-no-targets");
const UNREADABLE: MessageSpec = message(Status::Error, "network-internet-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "network.internet",
    area: Area::Network,
    depends_on: &["network.gateway"],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[OK, NONE, NO_TARGETS, UNREADABLE],
    run,
};

/// HTTPS, DNS, HTTP: one of them is open on any public server worth probing.
pub const PORTS: &[u16] = &[443, 53, 80];

/// The hosts this computer has an address to reach from: an IPv4 host needs a usable IPv4
/// address; a public IPv6 host needs a global IPv6 address, since a unique-local
/// (`fd00::/8`) or link-local one cannot reach it. The second list is the hosts left out.
pub async fn targets(
    context: &Context,
    hosts: &[IpAddr],
    only: &[String],
) -> Result<(Vec<IpAddr>, Vec<IpAddr>), String> {
    let only = only.to_vec();
    let links = read_links(context).await?;
    let addresses: Vec<IpAddr> = judged(&links, &only)
        .iter()
        .filter(|l| l.has_link())
        .flat_map(|l| l.addresses())
        .filter(|ip| usable(*ip))
        .collect();
    Ok(eligible(hosts, &addresses))
}

/// The pure part of [`targets`].
pub fn eligible(hosts: &[IpAddr], addresses: &[IpAddr]) -> (Vec<IpAddr>, Vec<IpAddr>) {
    let has_v4 = addresses.iter().any(IpAddr::is_ipv4) || addresses.is_empty();
    hosts.iter().partition(|host| match host {
        IpAddr::V4(_) => has_v4,
        IpAddr::V6(target) => addresses.iter().any(|local| match local {
            IpAddr::V6(local) => {
                !unique_local(*target) && global_v6(*local)
                    || unique_local(*target) && (unique_local(*local) || global_v6(*local))
            }
            IpAddr::V4(_) => false,
        }),
    })
}

/// `fc00::/7`: addresses private to a site.
fn unique_local(ip: std::net::Ipv6Addr) -> bool {
    (ip.segments()[0] & 0xfe00) == 0xfc00
}

/// An address that can reach the IPv6 internet: not unique-local, link-local, loopback or
/// unspecified.
fn global_v6(ip: std::net::Ipv6Addr) -> bool {
    !(unique_local(ip)
        || (ip.segments()[0] & 0xffc0) == 0xfe80
        || ip.is_loopback()
        || ip.is_unspecified())
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let network = &context.profile.network;
        let limit = context.limit(Duration::from_millis(network.probe_timeout_ms));
        let (hosts, skipped) = match targets(&context, &network.internet_hosts, &network.interfaces)
            .await
        {
            Ok(found) => found,
            Err(error) => {
                return vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))];
            }
        };
        let probes = hosts
            .iter()
            .map(|ip| async move { (*ip, reach(*ip, PORTS, limit).await) });
        let results = futures_util::future::join_all(probes).await;
        vec![evaluate(&results, &skipped)]
    })
}

pub fn evaluate(results: &[(IpAddr, Reach)], skipped: &[IpAddr]) -> Outcome {
    if results.is_empty() {
        return Outcome::of(&NO_TARGETS).evidence(Evidence::plain(
            "skipped",
            skipped.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ));
    }
    let mut evidence = Vec::new();
    let mut reached = 0;
    let mut best: Option<std::time::Duration> = None;
    for (ip, result) in results {
        match &result.answer {
            Some(answer) => {
                reached += 1;
                best = Some(best.map_or(answer.rtt(), |b| b.min(answer.rtt())));
                evidence.push(Evidence::plain(
                    "host",
                    format!("{ip}: {}", answer.describe()),
                ));
            }
            None => evidence.push(Evidence::plain(
                "host",
                format!("{ip}: {}", result.misses.join("; ")),
            )),
        }
    }
    if !skipped.is_empty() {
        evidence.push(Evidence::plain(
            "skipped_no_address_of_that_family",
            skipped.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ));
    }
    if results.iter().any(|(_, r)| r.icmp_not_permitted) {
        evidence.push(Evidence::plain(
            "icmp",
            "not permitted for this user; TCP used",
        ));
    }
    let mut outcome = match best {
        Some(best) => Outcome::of(&OK)
            .arg("reached", reached as u64)
            .arg("total", results.len() as u64)
            .arg("ms", best.as_millis() as u64),
        None => Outcome::of(&NONE).arg("total", results.len() as u64),
    };
    outcome.evidence = evidence;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::network::Answer;

    #[test]
    fn one_answering_host_is_enough() {
        let ok = Reach {
            answer: Some(Answer::Icmp(Duration::from_millis(12))),
            misses: vec![],
            icmp_not_permitted: false,
        };
        let silent = Reach {
            answer: None,
            misses: vec!["ping: no reply".into()],
            icmp_not_permitted: false,
        };
        let a = IpAddr::from([1, 1, 1, 1]);
        let b = IpAddr::from([8, 8, 8, 8]);
        assert_eq!(
            evaluate(&[(a, ok), (b, silent.clone())], &[]).status,
            Status::Pass
        );
        assert_eq!(evaluate(&[(b, silent)], &[]).status, Status::Fail);
        assert_eq!(evaluate(&[], &[a]).status, Status::NotApplicable);
    }

    #[test]
    fn a_unique_local_ipv6_address_does_not_reach_public_ipv6_hosts() {
        let v4: IpAddr = [1, 1, 1, 1].into();
        let public: IpAddr = "2606:4700:4700::1111".parse().unwrap_or(v4);
        let site: IpAddr = "fd78::2".parse().unwrap_or(v4);
        let hosts = [v4, public, site];
        let ula: IpAddr = "fd00::5".parse().unwrap_or(v4);
        let global: IpAddr = "2001:db8:77::2".parse().unwrap_or(v4);
        let private4: IpAddr = [10, 0, 0, 2].into();
        assert_eq!(
            eligible(&hosts, &[private4, ula]),
            (vec![v4, site], vec![public])
        );
        assert_eq!(
            eligible(&hosts, &[private4, global]).0,
            vec![v4, public, site]
        );
        assert_eq!(eligible(&hosts, &[private4]).0, vec![v4]);
    }
}
