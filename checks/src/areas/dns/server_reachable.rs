//! `dns.server_reachable`: per configured server, does it answer a query at all? Any answer
//! counts, REFUSED included (a VPN's split-DNS server refuses names it does not serve).

use std::net::SocketAddr;
use std::time::Duration;

use hickory_resolver::proto::rr::RecordType;

use super::{Direct, effective_servers, query, read_settings, server_text};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec =
    message(Status::Pass, "dns-server-reachable-ok").with_args(&["ms", "server"]);
const SILENT: MessageSpec =
    message(Status::Fail, "dns-server-reachable-silent").with_args(&["server"]);
const CLOSED: MessageSpec =
    message(Status::Fail, "dns-server-reachable-closed").with_args(&["server"]);
const UNREACHABLE: MessageSpec =
    message(Status::Fail, "dns-server-reachable-unreachable").with_args(&["server"]);
const GARBLED: MessageSpec =
    message(Status::Fail, "dns-server-reachable-garbled").with_args(&["server"]);
const OTHERS_ANSWER: MessageSpec =
    message(Status::Warn, "dns-server-reachable-others-answer").with_args(&["server"]);
const UNREADABLE: MessageSpec = message(Status::Error, "dns-server-reachable-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "dns.server_reachable",
    area: Area::Dns,
    depends_on: &["dns.servers"],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[
        OK,
        SILENT,
        CLOSED,
        UNREACHABLE,
        GARBLED,
        OTHERS_ANSWER,
        UNREADABLE,
    ],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let dns = &context.profile.dns;
        let limit = context.limit(Duration::from_millis(dns.query_timeout_ms));
        let settings = match read_settings(&context).await {
            Ok(settings) => settings,
            Err(error) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
        };
        let name = dns
            .names
            .first()
            .cloned()
            .unwrap_or_else(|| dns.hijack_domain.clone());
        let servers = effective_servers(&settings);
        let queries = servers.iter().map(|server| {
            let name = name.clone();
            async move {
                let host = server.ip().to_string();
                // A TCP connection at the same time: a refusal says nothing listens, even when
                // the system rate-limits the ICMP "port unreachable" that UDP relies on.
                let (direct, tcp) = tokio::join!(
                    query(*server, &name, RecordType::A, limit),
                    crate::probe::tcp(&host, server.port(), limit),
                );
                let direct = match (direct, tcp) {
                    (Direct::Silent, crate::probe::Tcp::Refused(_)) => Direct::Closed,
                    (direct, _) => direct,
                };
                (*server, direct)
            }
        });
        evaluate(&futures_util::future::join_all(queries).await)
    })
}

pub fn evaluate(results: &[(SocketAddr, Direct)]) -> Vec<Outcome> {
    let any_answered = results
        .iter()
        .any(|(_, d)| matches!(d, Direct::Answered { .. }));
    results
        .iter()
        .map(|(server, direct)| {
            let subject = server_text(*server);
            let mut outcome = match direct {
                Direct::Answered { code, elapsed } => Outcome::of(&OK)
                    .arg("ms", elapsed.as_millis() as u64)
                    .evidence(Evidence::plain("response", code.code()))
                    .evidence(Evidence::plain("elapsed_ms", elapsed.as_millis() as u64)),
                _ if any_answered => Outcome::of(&OTHERS_ANSWER),
                Direct::Silent => Outcome::of(&SILENT),
                Direct::Closed => Outcome::of(&CLOSED),
                Direct::Unreachable(_) => Outcome::of(&UNREACHABLE),
                Direct::Garbled(_) => Outcome::of(&GARBLED),
            };
            let problem = match direct {
                Direct::Answered { .. } => None,
                Direct::Silent => Some("no answer in time".to_owned()),
                Direct::Closed => Some("port closed (ICMP port unreachable)".to_owned()),
                Direct::Unreachable(why) => Some(format!("unreachable: {why}")),
                Direct::Garbled(why) => Some(format!("garbled: {why}")),
            };
            if let Some(problem) = problem {
                outcome = outcome.evidence(Evidence::plain("problem", problem));
            }
            outcome.subject(subject.clone()).arg("server", subject)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::dns::Lookup;

    fn addr(last: u8) -> SocketAddr {
        SocketAddr::from(([10, 0, 0, last], 53))
    }

    #[test]
    fn any_answer_counts_and_a_silent_server_warns_when_another_answers() {
        let answered = Direct::Answered {
            code: Lookup::Refused,
            elapsed: Duration::from_millis(3),
        };
        let outcomes = evaluate(&[(addr(1), answered), (addr(2), Direct::Silent)]);
        assert_eq!(outcomes[0].status, Status::Pass);
        assert_eq!(outcomes[1].status, Status::Warn);
        assert_eq!(outcomes[1].subject.as_deref(), Some("10.0.0.2"));
    }

    #[test]
    fn silent_and_closed_servers_fail_when_none_answers() {
        let outcomes = evaluate(&[(addr(1), Direct::Silent), (addr(2), Direct::Closed)]);
        assert_eq!(outcomes[0].message, "dns-server-reachable-silent");
        assert_eq!(outcomes[1].message, "dns-server-reachable-closed");
    }
}
