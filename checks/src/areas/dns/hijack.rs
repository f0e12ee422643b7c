//! `dns.hijack`: do made-up names under `dns.hijack_domain` come back with an address? Then
//! the server rewrites answers (some providers send mistyped names to advertising pages).

use std::time::Duration;

use hickory_resolver::proto::rr::RecordType;

use super::{Lookup, configured_resolver, lookup, random_label};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "dns-hijack-ok");
const HIJACKED: MessageSpec = message(Status::Fail, "dns-hijack-found");
const UNCHECKED: MessageSpec = message(Status::Warn, "dns-hijack-unchecked");
const UNREADABLE: MessageSpec = message(Status::Error, "dns-hijack-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "dns.hijack",
    area: Area::Dns,
    depends_on: &["dns.servers"],
    after: &[],
    timeout: Duration::from_secs(4),
    messages: &[OK, HIJACKED, UNCHECKED, UNREADABLE],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let dns = context.profile.dns.clone();
        let limit = context.limit(Duration::from_millis(dns.query_timeout_ms));
        let (_, resolver) = match configured_resolver(&context, limit).await {
            Ok(found) => found,
            Err(error) => {
                return vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))];
            }
        };
        let domain = dns.hijack_domain.trim_end_matches('.').to_owned();
        let names: Vec<String> = (0..2)
            .map(|_| format!("{}.{domain}", random_label()))
            .collect();
        let lookups = names.iter().map(|name| {
            let resolver = &resolver;
            async move { (name.clone(), lookup(resolver, name, RecordType::A).await.0) }
        });
        vec![evaluate(&futures_util::future::join_all(lookups).await)]
    })
}

pub fn evaluate(results: &[(String, Lookup)]) -> Outcome {
    let evidence: Vec<Evidence> = results
        .iter()
        .map(|(name, result)| Evidence::plain("made_up_name", format!("{name}: {}", result.code())))
        .collect();
    let hijacked = results.iter().any(|(_, r)| matches!(r, Lookup::Found(_)));
    let clean = !results.is_empty()
        && results
            .iter()
            .all(|(_, r)| matches!(r, Lookup::NxDomain | Lookup::NoAddress));
    let spec = if hijacked {
        &HIJACKED
    } else if clean {
        &OK
    } else {
        &UNCHECKED
    };
    let mut outcome = Outcome::of(spec);
    outcome.evidence = evidence;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_names_must_not_resolve() {
        let nx = ("a.example.com".to_owned(), Lookup::NxDomain);
        assert_eq!(evaluate(std::slice::from_ref(&nx)).status, Status::Pass);
        let found = (
            "b.example.com".to_owned(),
            Lookup::Found(vec![[10, 9, 9, 9].into()]),
        );
        assert_eq!(evaluate(&[nx.clone(), found]).status, Status::Fail);
        let silent = ("c.example.com".to_owned(), Lookup::Timeout);
        assert_eq!(evaluate(&[nx, silent]).status, Status::Warn);
        assert_eq!(evaluate(&[]).status, Status::Warn);
    }
}
