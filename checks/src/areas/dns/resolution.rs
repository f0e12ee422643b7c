//! `dns.resolution`: per name in `dns.names`, does the system's resolver find it? A, AAAA and
//! queries to the reference servers run at the same time.
//!
//! A name the configured server denies (NXDOMAIN) or points at a sinkhole (`0.0.0.0`, `::`,
//! `127.0.0.1`) while a reference server finds it is blocked or filtered by the network, not
//! misspelled. The built-in names are known to exist: a reference server that denies one is
//! intercepted too, and is not trusted for any name in the run. Spelling advice needs a
//! trusted reference that also said "no such name", and is never given for the
//! organization's own names.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hickory_resolver::proto::rr::RecordType;

use super::{Direct, Lookup, configured_resolver, lookup, query, valid_server};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Kind, Status};
use crate::profile::Dns;

const OK: MessageSpec = message(Status::Pass, "dns-resolution-ok").with_args(&["ms", "name"]);
const BLOCKED: MessageSpec =
    message(Status::Fail, "dns-resolution-blocked").with_args(&["answer", "how", "name", "origin"]);
const NXDOMAIN: MessageSpec =
    message(Status::Fail, "dns-resolution-nxdomain").with_args(&["name", "origin", "reference"]);
const SERVFAIL: MessageSpec =
    message(Status::Fail, "dns-resolution-servfail").with_args(&["name", "reference"]);
const REFUSED: MessageSpec =
    message(Status::Fail, "dns-resolution-refused").with_args(&["name", "reference"]);
const TIMEOUT: MessageSpec =
    message(Status::Fail, "dns-resolution-timeout").with_args(&["name", "reference", "seconds"]);
const NO_ADDRESS: MessageSpec =
    message(Status::Fail, "dns-resolution-no-address").with_args(&["name"]);
const FAILED: MessageSpec = message(Status::Fail, "dns-resolution-failed").with_args(&["name"]);
const NONE: MessageSpec = message(Status::NotApplicable, "dns-resolution-none");
const UNREADABLE: MessageSpec = message(Status::Error, "dns-resolution-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "dns.resolution",
    area: Area::Dns,
    depends_on: &["dns.servers"],
    after: &[],
    timeout: Duration::from_secs(4),
    messages: &[
        OK, BLOCKED, NXDOMAIN, SERVFAIL, REFUSED, TIMEOUT, NO_ADDRESS, FAILED, NONE, UNREADABLE,
    ],
    run,
};

/// Where a name came from, which decides what a "no such name" can mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Checkup's own defaults: names known to exist.
    Builtin,
    /// The organization's profile: often found only on the company network.
    Profile,
    /// Typed by the user for this run: may be misspelled.
    User,
}

impl Origin {
    pub fn of(name: &str, dns: &Dns) -> Origin {
        let same = |n: &String| {
            n.trim_end_matches('.')
                .eq_ignore_ascii_case(name.trim_end_matches('.'))
        };
        if builtin_names().iter().any(same) {
            Origin::Builtin
        } else if dns.from_user.iter().any(same) {
            Origin::User
        } else {
            Origin::Profile
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Origin::Builtin => "builtin",
            Origin::Profile => "profile",
            Origin::User => "user",
        }
    }
}

/// The names in Checkup's built-in defaults: known to exist.
pub fn builtin_names() -> Vec<String> {
    crate::profile::Profile::default().dns.names
}

/// What the system's resolver and the reference said about one name.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub name: String,
    pub origin: Origin,
    pub a: Lookup,
    pub aaaa: Lookup,
    /// How long the user waited for the slower of A and AAAA.
    pub waited: Duration,
    /// The reference answer that counts for this name: a trusted server's, when one answered.
    pub reference: Option<(SocketAddr, Direct)>,
    /// Reference servers that denied a built-in name in this run: intercepted, not trusted.
    pub untrusted: Vec<SocketAddr>,
    pub servers: Vec<SocketAddr>,
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let dns = context.profile.dns.clone();
        if dns.names.is_empty() {
            return vec![Outcome::of(&NONE)];
        }
        let limit = context.limit(Duration::from_millis(dns.query_timeout_ms));
        let (servers, resolver) = match configured_resolver(&context, limit).await {
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
        // The references are also asked one built-in name, so an intercepted reference is
        // known even when the profile tests only its own names.
        let mut asked: Vec<String> = dns.names.clone();
        if let Some(probe) = builtin_names().into_iter().next()
            && !asked.iter().any(|n| n.eq_ignore_ascii_case(&probe))
        {
            asked.push(probe);
        }
        let reference_answers = async {
            futures_util::future::join_all(asked.iter().flat_map(|name| {
                references.iter().map(move |server| async move {
                    (
                        *server,
                        name.clone(),
                        query(*server, name, RecordType::A, limit).await,
                    )
                })
            }))
            .await
        };
        let lookups = futures_util::future::join_all(dns.names.iter().map(|name| {
            let resolver = &resolver;
            async move {
                let ((a, waited_a), (aaaa, waited_aaaa)) = tokio::join!(
                    lookup(resolver, name, RecordType::A),
                    lookup(resolver, name, RecordType::AAAA),
                );
                (name.clone(), a, aaaa, waited_a.max(waited_aaaa))
            }
        }));
        let (looked_up, reference_answers) = tokio::join!(lookups, reference_answers);
        let untrusted = untrusted_references(&reference_answers);
        looked_up
            .into_iter()
            .map(|(name, a, aaaa, waited)| {
                let reference = reference_for(&name, &reference_answers, &untrusted);
                evaluate(&Resolved {
                    origin: Origin::of(&name, &dns),
                    name,
                    a,
                    aaaa,
                    waited,
                    reference,
                    untrusted: untrusted.clone(),
                    servers: servers.clone(),
                })
            })
            .collect()
    })
}

/// An address a filter answers with instead of the real one.
pub fn is_sinkhole(ip: &IpAddr) -> bool {
    ip.is_unspecified() || ip.is_loopback()
}

fn denies(direct: &Direct) -> bool {
    match direct {
        Direct::Answered {
            code: Lookup::NxDomain,
            ..
        } => true,
        Direct::Answered {
            code: Lookup::Found(found),
            ..
        } => found.iter().all(is_sinkhole),
        _ => false,
    }
}

/// Reference servers that denied a built-in name (said it does not exist, or pointed it at a
/// sinkhole): their answers are not trusted for any name in this run.
pub fn untrusted_references(answers: &[(SocketAddr, String, Direct)]) -> Vec<SocketAddr> {
    let builtin = builtin_names();
    let mut untrusted: Vec<SocketAddr> = answers
        .iter()
        .filter(|(_, name, direct)| {
            builtin.iter().any(|b| b.eq_ignore_ascii_case(name)) && denies(direct)
        })
        .map(|(server, _, _)| *server)
        .collect();
    untrusted.sort();
    untrusted.dedup();
    untrusted
}

/// The reference answer for a name: a trusted server that found it, else a trusted server
/// that answered, else the first answer of any.
pub fn reference_for(
    name: &str,
    answers: &[(SocketAddr, String, Direct)],
    untrusted: &[SocketAddr],
) -> Option<(SocketAddr, Direct)> {
    let for_name: Vec<&(SocketAddr, String, Direct)> =
        answers.iter().filter(|(_, n, _)| n == name).collect();
    let trusted = |s: &SocketAddr| !untrusted.contains(s);
    let found = |d: &Direct| matches!(d, Direct::Answered { code: Lookup::Found(f), .. } if !f.iter().all(is_sinkhole));
    for_name
        .iter()
        .find(|(s, _, d)| trusted(s) && found(d))
        .or_else(|| {
            for_name
                .iter()
                .find(|(s, _, d)| trusted(s) && matches!(d, Direct::Answered { .. }))
        })
        .or_else(|| for_name.iter().find(|(s, _, _)| trusted(s)))
        .or_else(|| for_name.first())
        .map(|(server, _, direct)| (*server, direct.clone()))
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

/// What the reference said, as the texts' `$reference` selector spells it.
fn reference_word(resolved: &Resolved) -> &'static str {
    match &resolved.reference {
        Some((server, _)) if resolved.untrusted.contains(server) => "untrusted",
        Some((
            _,
            Direct::Answered {
                code: Lookup::Found(found),
                ..
            },
        )) if !found.iter().all(is_sinkhole) => "answers",
        Some((
            _,
            Direct::Answered {
                code: Lookup::Found(_),
                ..
            },
        )) => "sinkhole",
        Some((
            _,
            Direct::Answered {
                code: Lookup::NxDomain,
                ..
            },
        )) => "nxdomain",
        Some((_, Direct::Answered { .. })) => "fails",
        Some(_) => "silent",
        None => "none",
    }
}

pub fn evaluate(resolved: &Resolved) -> Outcome {
    let mut addresses: Vec<IpAddr> = Vec::new();
    for found in [&resolved.a, &resolved.aaaa] {
        if let Lookup::Found(list) = found {
            addresses.extend(list.iter().copied());
        }
    }
    let reference = reference_word(resolved);
    // What the block looked like, and how it is known.
    let mut blocked: Option<(&str, &str)> = None;
    let spec = if !addresses.is_empty() {
        // A sinkhole counts as a block only when a reference answered something else.
        let sinkholed = addresses.iter().all(is_sinkhole);
        if sinkholed && matches!(reference, "answers" | "nxdomain" | "fails" | "untrusted") {
            let how = match reference {
                "answers" => "filtered",
                "untrusted" => "intercepted",
                _ => "known",
            };
            blocked = Some(("sinkhole", how));
            &BLOCKED
        } else {
            &OK
        }
    } else {
        match worst(&resolved.a, &resolved.aaaa) {
            Lookup::NxDomain if reference == "answers" => {
                blocked = Some(("nxdomain", "filtered"));
                &BLOCKED
            }
            Lookup::NxDomain if resolved.origin == Origin::Builtin => {
                let how = if reference == "untrusted" {
                    "intercepted"
                } else {
                    "known"
                };
                blocked = Some(("nxdomain", how));
                &BLOCKED
            }
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
    let waited_ms = resolved.waited.as_millis() as u64;
    let private = (resolved.origin != Origin::Builtin).then_some(Kind::Host);
    let name_evidence = Evidence::typed("host_name", private, resolved.name.clone());
    let (answer, how) = blocked.unwrap_or(("", ""));
    let mut outcome = Outcome::of(spec)
        .typed_subject(private, resolved.name.clone())
        .typed_arg("name", private, resolved.name.clone())
        .arg("ms", waited_ms)
        .arg("seconds", format!("{:.1}", resolved.waited.as_secs_f64()))
        .arg("reference", reference)
        .arg("origin", resolved.origin.as_str())
        .arg("answer", answer)
        .arg("how", how)
        .evidence(name_evidence)
        .evidence(Evidence::plain("name_origin", resolved.origin.as_str()))
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
    if !how.is_empty() {
        outcome = outcome.evidence(Evidence::plain("blocked", format!("{answer}, {how}")));
    }
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
    if !resolved.untrusted.is_empty() {
        outcome = outcome.evidence(Evidence::plain(
            "reference_untrusted",
            resolved
                .untrusted
                .iter()
                .map(|s| format!("{}: denied a well-known name", super::server_text(*s)))
                .collect::<Vec<_>>(),
        ));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFERENCE: ([u8; 4], u16) = ([9, 9, 9, 9], 53);

    fn resolved(a: Lookup, aaaa: Lookup, reference: Option<Direct>) -> Resolved {
        Resolved {
            name: "www.example.com".into(),
            origin: Origin::User,
            a,
            aaaa,
            waited: Duration::from_millis(1000),
            reference: reference.map(|d| (SocketAddr::from(REFERENCE), d)),
            untrusted: Vec::new(),
            servers: vec![SocketAddr::from(([10, 0, 0, 1], 53))],
        }
    }

    fn answered(code: Lookup) -> Direct {
        Direct::Answered {
            code,
            elapsed: Duration::from_millis(9),
        }
    }

    fn found(ip: [u8; 4]) -> Lookup {
        Lookup::Found(vec![ip.into()])
    }

    fn arg(outcome: &Outcome, name: &str) -> String {
        match outcome.args.get(name) {
            Some(crate::text::Arg::Text(text)) => text.clone(),
            other => format!("{other:?}"),
        }
    }

    fn fixes(outcome: &Outcome) -> Vec<String> {
        crate::text::catalog().fixes(outcome.message, &outcome.args)
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
        let outcome = evaluate(&resolved(
            Lookup::Timeout,
            Lookup::Timeout,
            Some(answered(found([1, 2, 3, 4]))),
        ));
        assert_eq!(arg(&outcome, "reference"), "answers");
        assert!(outcome.evidence.iter().any(|e| e.key == "reference"));
    }

    #[test]
    fn a_name_the_reference_finds_but_the_server_denies_is_blocked_not_misspelled() {
        for origin in [Origin::User, Origin::Profile, Origin::Builtin] {
            let mut r = resolved(
                Lookup::NxDomain,
                Lookup::NxDomain,
                Some(answered(found([1, 2, 3, 4]))),
            );
            r.origin = origin;
            let outcome = evaluate(&r);
            assert_eq!(outcome.message, "dns-resolution-blocked", "{origin:?}");
            assert_eq!(arg(&outcome, "how"), "filtered");
            let steps = fixes(&outcome).join(" ");
            assert!(!steps.contains("spelling"), "{steps}");
        }
    }

    #[test]
    fn a_sinkhole_answer_is_blocked_only_when_the_reference_disagrees() {
        for sink in [[0, 0, 0, 0], [127, 0, 0, 1]] {
            let outcome = evaluate(&resolved(
                found(sink),
                Lookup::NoAddress,
                Some(answered(found([1, 2, 3, 4]))),
            ));
            assert_eq!(outcome.message, "dns-resolution-blocked");
            assert_eq!(arg(&outcome, "answer"), "sinkhole");
        }
        let unspecified6 = Lookup::Found(vec!["::".parse().unwrap_or([0u8; 4].into())]);
        assert_eq!(
            evaluate(&resolved(
                Lookup::NoAddress,
                unspecified6,
                Some(answered(found([1, 2, 3, 4])))
            ))
            .message,
            "dns-resolution-blocked"
        );
        // The reference says the same: a name that really points there.
        assert_eq!(
            evaluate(&resolved(
                found([127, 0, 0, 1]),
                Lookup::NoAddress,
                Some(answered(found([127, 0, 0, 1])))
            ))
            .status,
            Status::Pass
        );
        // No reference answer: no evidence of a block.
        assert_eq!(
            evaluate(&resolved(found([0, 0, 0, 0]), Lookup::NoAddress, None)).status,
            Status::Pass
        );
    }

    #[test]
    fn a_built_in_name_that_does_not_exist_is_filtering_never_spelling() {
        let mut r = resolved(Lookup::NxDomain, Lookup::NxDomain, None);
        r.name = "www.google.com".into();
        r.origin = Origin::Builtin;
        let outcome = evaluate(&r);
        assert_eq!(outcome.message, "dns-resolution-blocked");
        assert_eq!(arg(&outcome, "how"), "known");
        assert!(!fixes(&outcome).join(" ").contains("spelling"));
    }

    #[test]
    fn an_intercepted_reference_is_not_trusted_and_the_network_is_named() {
        let reference = SocketAddr::from(REFERENCE);
        let answers = vec![
            (
                reference,
                "www.google.com".to_owned(),
                answered(Lookup::NxDomain),
            ),
            (
                reference,
                "typo.example".to_owned(),
                answered(Lookup::NxDomain),
            ),
        ];
        let untrusted = untrusted_references(&answers);
        assert_eq!(untrusted, vec![reference]);
        let mut builtin = resolved(Lookup::NxDomain, Lookup::NxDomain, None);
        builtin.name = "www.google.com".into();
        builtin.origin = Origin::Builtin;
        builtin.reference = reference_for("www.google.com", &answers, &untrusted);
        builtin.untrusted = untrusted.clone();
        let outcome = evaluate(&builtin);
        assert_eq!(outcome.message, "dns-resolution-blocked");
        assert_eq!(arg(&outcome, "how"), "intercepted");
        let summary = crate::text::catalog().text(outcome.message, &outcome.args);
        assert!(summary.contains("blocks name lookups"), "{summary}");

        // A name the user typed gets no spelling advice from an untrusted "no such name".
        let mut typed = resolved(Lookup::NxDomain, Lookup::NxDomain, None);
        typed.name = "typo.example".into();
        typed.reference = reference_for("typo.example", &answers, &untrusted);
        typed.untrusted = untrusted;
        let outcome = evaluate(&typed);
        assert_eq!(outcome.message, "dns-resolution-nxdomain");
        assert_eq!(arg(&outcome, "reference"), "untrusted");
        assert!(!fixes(&outcome).join(" ").contains("spelling"));
    }

    #[test]
    fn spelling_advice_needs_a_trusted_no_such_name_for_a_typed_name() {
        let typed = evaluate(&resolved(
            Lookup::NxDomain,
            Lookup::NxDomain,
            Some(answered(Lookup::NxDomain)),
        ));
        assert!(fixes(&typed)[0].contains("spelling"), "{:?}", fixes(&typed));
        // A timeout is no evidence.
        let silent = evaluate(&resolved(
            Lookup::NxDomain,
            Lookup::NxDomain,
            Some(Direct::Silent),
        ));
        assert!(!fixes(&silent).join(" ").contains("spelling"));
        // The organization's own names point to the VPN instead.
        let mut company = resolved(
            Lookup::NxDomain,
            Lookup::NxDomain,
            Some(answered(Lookup::NxDomain)),
        );
        company.origin = Origin::Profile;
        let steps = fixes(&evaluate(&company)).join(" ");
        assert!(
            !steps.contains("spelling") && steps.contains("VPN"),
            "{steps}"
        );
    }

    #[test]
    fn organization_names_are_sensitive() {
        let mut r = resolved(Lookup::Timeout, Lookup::Timeout, None);
        r.name = "intranet.corp.example".into();
        r.origin = Origin::Profile;
        assert!(
            evaluate(&r)
                .evidence
                .iter()
                .any(|e| e.key == "host_name" && e.sensitive)
        );
        r.name = "www.google.com".into();
        r.origin = Origin::Builtin;
        assert!(
            evaluate(&r)
                .evidence
                .iter()
                .any(|e| e.key == "host_name" && !e.sensitive)
        );
    }

    #[test]
    fn origins_follow_the_defaults_the_profile_and_the_user() {
        let mut dns = Dns::default();
        dns.names.push("intranet.corp.example".into());
        dns.names.push("shop.example".into());
        dns.from_user.push("shop.example".into());
        assert_eq!(Origin::of("www.google.com", &dns), Origin::Builtin);
        assert_eq!(Origin::of("intranet.corp.example", &dns), Origin::Profile);
        assert_eq!(Origin::of("shop.example", &dns), Origin::User);
    }
}
