//! `dns.resolution`: per name in `dns.names`, does the system's resolver find it? A, AAAA and
//! a query to a reference server run at the same time; when the system fails and the
//! reference answers, the configured server is the problem.

use std::net::SocketAddr;
use std::time::Duration;

use hickory_resolver::proto::rr::RecordType;

use super::{Direct, Lookup, configured_resolver, lookup, name_is_sensitive, query, valid_server};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "dns-resolution-ok");
const NXDOMAIN: MessageSpec = message(Status::Fail, "dns-resolution-nxdomain");
const SERVFAIL: MessageSpec = message(Status::Fail, "dns-resolution-servfail");
const REFUSED: MessageSpec = message(Status::Fail, "dns-resolution-refused");
const TIMEOUT: MessageSpec = message(Status::Fail, "dns-resolution-timeout");
const NO_ADDRESS: MessageSpec = message(Status::Fail, "dns-resolution-no-address");
const FAILED: MessageSpec = message(Status::Fail, "dns-resolution-failed");
const NONE: MessageSpec = message(Status::NotApplicable, "dns-resolution-none");
const UNREADABLE: MessageSpec = message(Status::Error, "dns-resolution-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "dns.resolution",
    area: Area::Dns,
    depends_on: &["dns.servers"],
    after: &[],
    timeout: Duration::from_secs(4),
    messages: &[
        OK, NXDOMAIN, SERVFAIL, REFUSED, TIMEOUT, NO_ADDRESS, FAILED, NONE, UNREADABLE,
    ],
    run,
};

/// What the system's resolver and the reference said about one name.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub name: String,
    pub a: Lookup,
    pub aaaa: Lookup,
    /// How long the user waited for the slower of A and AAAA.
    pub waited: Duration,
    /// The first reference server's answer, when one was asked.
    pub reference: Option<(SocketAddr, Direct)>,
    pub servers: Vec<SocketAddr>,
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let dns = context.profile.dns.clone();
        if dns.names.is_empty() {
            return vec![Outcome::of(&NONE)];
        }
        let limit = Duration::from_millis(dns.query_timeout_ms);
        let (servers, resolver) = match configured_resolver(limit).await {
            Ok(found) => found,
            Err(error) => {
                return vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))];
            }
        };
        let references: Vec<SocketAddr> = dns
            .reference_servers
            .iter()
            .filter_map(|s| valid_server(s))
            .collect();
        let lookups = dns.names.iter().map(|name| {
            let (resolver, references, servers) = (&resolver, &references, &servers);
            async move {
                let ((a, waited_a), (aaaa, waited_aaaa), reference) = tokio::join!(
                    lookup(resolver, name, RecordType::A),
                    lookup(resolver, name, RecordType::AAAA),
                    reference_answer(references, name, limit),
                );
                Resolved {
                    name: name.clone(),
                    a,
                    aaaa,
                    waited: waited_a.max(waited_aaaa),
                    reference,
                    servers: servers.clone(),
                }
            }
        });
        futures_util::future::join_all(lookups)
            .await
            .iter()
            .map(evaluate)
            .collect()
    })
}

/// Asks every reference server at once; the first to answer with an address, else the first.
async fn reference_answer(
    references: &[SocketAddr],
    name: &str,
    limit: Duration,
) -> Option<(SocketAddr, Direct)> {
    let answers =
        futures_util::future::join_all(references.iter().map(|server| async move {
            (*server, query(*server, name, RecordType::A, limit).await)
        }))
        .await;
    let found = answers.iter().position(|(_, d)| {
        matches!(
            d,
            Direct::Answered {
                code: Lookup::Found(_),
                ..
            }
        )
    });
    match found {
        Some(index) => answers.into_iter().nth(index),
        None => answers.into_iter().next(),
    }
}

/// The one result that explains a failure best: a name that does not exist, then a server
/// error, then silence.
fn worst(a: &Lookup, aaaa: &Lookup) -> Lookup {
    let rank = |l: &Lookup| match l {
        Lookup::NxDomain => 0,
        Lookup::ServFail | Lookup::Refused | Lookup::OtherCode(_) => 1,
        Lookup::Timeout => 2,
        Lookup::NoConnection(_) | Lookup::Failed(_) => 3,
        Lookup::NoAddress | Lookup::Found(_) => 4,
    };
    if rank(aaaa) < rank(a) {
        aaaa.clone()
    } else {
        a.clone()
    }
}

pub fn evaluate(resolved: &Resolved) -> Outcome {
    let mut addresses: Vec<String> = Vec::new();
    for found in [&resolved.a, &resolved.aaaa] {
        if let Lookup::Found(list) = found {
            addresses.extend(list.iter().map(ToString::to_string));
        }
    }
    let spec = if !addresses.is_empty() {
        &OK
    } else {
        match worst(&resolved.a, &resolved.aaaa) {
            Lookup::NxDomain => &NXDOMAIN,
            Lookup::ServFail => &SERVFAIL,
            Lookup::Refused => &REFUSED,
            Lookup::Timeout => &TIMEOUT,
            Lookup::NoAddress => &NO_ADDRESS,
            Lookup::OtherCode(_)
            | Lookup::NoConnection(_)
            | Lookup::Failed(_)
            | Lookup::Found(_) => &FAILED,
        }
    };
    let reference = match &resolved.reference {
        Some((
            _,
            Direct::Answered {
                code: Lookup::Found(_),
                ..
            },
        )) => "answers",
        Some((
            _,
            Direct::Answered {
                code: Lookup::NxDomain,
                ..
            },
        )) => "nxdomain",
        Some(_) => "fails",
        None => "none",
    };
    let waited_ms = resolved.waited.as_millis() as u64;
    let name_evidence = if name_is_sensitive(&resolved.name) {
        Evidence::sensitive("host_name", resolved.name.clone())
    } else {
        Evidence::plain("host_name", resolved.name.clone())
    };
    let mut outcome = Outcome::of(spec)
        .subject(resolved.name.clone())
        .arg("name", resolved.name.clone())
        .arg("ms", waited_ms)
        .arg("seconds", format!("{:.1}", resolved.waited.as_secs_f64()))
        .arg("reference", reference)
        .evidence(name_evidence)
        .evidence(Evidence::plain(
            "servers",
            resolved
                .servers
                .iter()
                .map(|s| super::server_text(*s))
                .collect::<Vec<_>>(),
        ))
        .evidence(Evidence::plain("a", resolved.a.code()))
        .evidence(Evidence::plain("aaaa", resolved.aaaa.code()))
        .evidence(Evidence::plain("waited_ms", waited_ms));
    if let Some((server, direct)) = &resolved.reference {
        let said = match direct {
            Direct::Answered { code, elapsed } => {
                format!("{} in {} ms", code.code(), elapsed.as_millis())
            }
            Direct::Silent => "no answer".to_owned(),
            Direct::Closed => "port closed".to_owned(),
            Direct::Unreachable(why) | Direct::Garbled(why) => why.clone(),
        };
        outcome = outcome.evidence(Evidence::plain(
            "reference",
            format!("{}: {said}", super::server_text(*server)),
        ));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(a: Lookup, aaaa: Lookup, reference: Option<Direct>) -> Resolved {
        Resolved {
            name: "www.example.com".into(),
            a,
            aaaa,
            waited: Duration::from_millis(1000),
            reference: reference.map(|d| (SocketAddr::from(([9, 9, 9, 9], 53)), d)),
            servers: vec![SocketAddr::from(([10, 0, 0, 1], 53))],
        }
    }

    #[test]
    fn an_address_of_either_family_passes() {
        let ip = "2001:db8::1".parse().map(|ip| vec![ip]).unwrap_or_default();
        assert_eq!(
            evaluate(&resolved(Lookup::NoAddress, Lookup::Found(ip), None)).status,
            Status::Pass
        );
    }

    #[test]
    fn each_failure_has_its_own_message() {
        let cases = [
            (Lookup::NxDomain, "dns-resolution-nxdomain"),
            (Lookup::ServFail, "dns-resolution-servfail"),
            (Lookup::Refused, "dns-resolution-refused"),
            (Lookup::Timeout, "dns-resolution-timeout"),
            (Lookup::NoAddress, "dns-resolution-no-address"),
        ];
        for (lookup, message) in cases {
            let outcome = evaluate(&resolved(lookup.clone(), lookup, None));
            assert_eq!(outcome.message, message);
            assert_eq!(outcome.subject.as_deref(), Some("www.example.com"));
        }
    }

    #[test]
    fn a_working_reference_blames_the_configured_server() {
        let answered = Direct::Answered {
            code: Lookup::Found(vec![[1, 2, 3, 4].into()]),
            elapsed: Duration::from_millis(9),
        };
        let outcome = evaluate(&resolved(Lookup::Timeout, Lookup::Timeout, Some(answered)));
        assert!(format!("{:?}", outcome.args).contains("answers"));
        assert!(outcome.evidence.iter().any(|e| e.key == "reference"));
    }

    #[test]
    fn organization_names_are_sensitive() {
        let mut r = resolved(Lookup::Timeout, Lookup::Timeout, None);
        r.name = "intranet.corp.example".into();
        assert!(
            evaluate(&r)
                .evidence
                .iter()
                .any(|e| e.key == "host_name" && e.sensitive)
        );
        r.name = "www.google.com".into();
        assert!(
            evaluate(&r)
                .evidence
                .iter()
                .any(|e| e.key == "host_name" && !e.sensitive)
        );
    }
}
