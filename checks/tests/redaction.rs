//! Property tests of the redactor: embedded addresses never leak, redaction is deterministic,
//! and private addresses survive.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::Ipv4Addr;

use checks::{Redactor, Secrets};
use proptest::prelude::*;

fn redactor() -> Redactor {
    Redactor::new(&Secrets {
        user_names: vec!["canaryuser".into()],
        host_names: vec!["canaryhost".into()],
        terms: vec![],
    })
}

/// Filler text that cannot glue itself onto an embedded value.
fn filler() -> impl Strategy<Value = String> {
    "[g-zG-Z ,.!?]{0,30}"
}

fn separator() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        " ", ", ", " (", ") ", "\n", "\t", "; ", " \"", "\" ", " <", "> ", " '", "_", "/",
        " addr:", "=", " x_",
    ])
    .prop_map(str::to_owned)
}

fn public_v4() -> impl Strategy<Value = Ipv4Addr> {
    any::<[u8; 4]>()
        .prop_map(Ipv4Addr::from)
        .prop_filter("public", |ip| checks::is_public_v4(*ip))
}

fn private_v4() -> impl Strategy<Value = Ipv4Addr> {
    prop_oneof![
        any::<[u8; 3]>().prop_map(|[b, c, d]| Ipv4Addr::new(10, b, c, d)),
        any::<[u8; 2]>().prop_map(|[c, d]| Ipv4Addr::new(192, 168, c, d)),
        (16u8..32, any::<[u8; 2]>()).prop_map(|(b, [c, d])| Ipv4Addr::new(172, b, c, d)),
        any::<[u8; 3]>().prop_map(|[b, c, d]| Ipv4Addr::new(127, b, c, d)),
    ]
}

/// A MAC address written with a random separator and letter case. Twelve bare digits with no
/// letter are indistinguishable from a number (a byte count, a timestamp) and are treated as
/// one, so the bare form always carries a hex letter here.
fn mac() -> impl Strategy<Value = (String, String)> {
    (
        any::<[u8; 6]>(),
        prop::sample::select(vec![":", "-", ".", ""]),
        any::<bool>(),
    )
        .prop_map(|(mut bytes, sep, upper)| {
            if sep.is_empty()
                && bytes
                    .iter()
                    .all(|b| format!("{b:02x}").chars().all(|c| c.is_ascii_digit()))
            {
                bytes[0] = 0xab;
            }
            let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let text = match sep {
                "." => format!(
                    "{}{}.{}{}.{}{}",
                    hex[0], hex[1], hex[2], hex[3], hex[4], hex[5]
                ),
                sep => hex.join(sep),
            };
            let text = if upper { text.to_uppercase() } else { text };
            (text, hex.join(""))
        })
}

fn email() -> impl Strategy<Value = String> {
    ("[a-z][a-z0-9.]{0,10}[a-z0-9]", "[a-z]{2,10}", "[a-z]{2,5}")
        .prop_map(|(user, domain, tld)| format!("{user}@{domain}.{tld}"))
}

fn hex_only(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_lowercase()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn embedded_addresses_never_leak(
        before in filler(), after in filler(), middle in filler(),
        s1 in separator(), s2 in separator(), s3 in separator(), s4 in separator(),
        ip in public_v4(), (mac_text, mac_hex) in mac(), mail in email(), name_upper in any::<bool>(),
    ) {
        let user = if name_upper { "CanaryUser" } else { "canaryuser" };
        let text = format!("{before}{s1}{ip}{s2}{middle}{s3}{mac_text}{s4}{mail} /home/{user}/x {after} canaryhost {ip}:53");
        let out = redactor().scrub(&text);
        let lower = out.to_lowercase();
        prop_assert!(!out.contains(&ip.to_string()), "{ip} leaked: {out}");
        prop_assert!(!hex_only(&lower).contains(&mac_hex), "{mac_text} leaked: {out}");
        prop_assert!(!lower.contains(&mail), "{mail} leaked: {out}");
        prop_assert!(!lower.contains("canaryuser"), "user leaked: {out}");
        prop_assert!(!lower.contains("canaryhost"), "host leaked: {out}");
    }

    #[test]
    fn redaction_is_deterministic(text in "[ -~]{0,200}", ip in public_v4(), (mac_text, _) in mac()) {
        let input = format!("{text} {ip} {mac_text} {text}");
        let first = redactor().scrub(&input);
        let second = redactor().scrub(&input);
        prop_assert_eq!(&first, &second);
        // And within one redactor, the same value always gets the same token.
        let mut one = redactor();
        let a = one.scrub(&format!("{ip}"));
        let b = one.scrub(&format!("{ip}"));
        prop_assert_eq!(a, b);
    }

    #[test]
    fn private_addresses_survive(before in filler(), after in filler(), s1 in separator(), s2 in separator(), ip in private_v4()) {
        let text = format!("{before}{s1}{ip}{s2}{after}");
        let out = redactor().scrub(&text);
        prop_assert!(out.contains(&ip.to_string()), "{ip} was removed: {out}");
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = redactor().scrub(&text);
    }
}

/// A private value that is distinctive, so finding it anywhere in the output is a leak.
fn canary() -> impl Strategy<Value = String> {
    "[a-z]{3,8}".prop_map(|tail| format!("cnry{tail}"))
}

/// A finding whose subject, summary, arguments and evidence carry private values typed as
/// such, with ordinary words around them, some of them the names of the user.
fn finding_with(
    id: &str,
    area: checks::Area,
    private: &[(checks::RedactionKind, String)],
    words: &str,
) -> checks::Finding {
    let (kind, value) = private[0].clone();
    let mut finding = checks::Finding {
        id: id.to_owned(),
        area,
        subject: Some(value.clone()),
        status: checks::Status::Fail,
        message_id: format!("{}-x", id.replace(['.', '_'], "-")),
        title: "Title".to_owned(),
        summary: format!("{words} {value} and {}.", private[private.len() - 1].1),
        explanation: format!("See https://{value}.corp.example/path?serial={value}x"),
        fixes: vec![format!("Ask about {} {words}.", private[0].1)],
        evidence: vec![
            checks::Evidence::sensitive("thing", kind, value.clone()),
            checks::Evidence::plain("detail", format!("{words}: {}", private[0].1)),
        ],
        blocked_by: None,
        duration_ms: 1,
        changes: Vec::new(),
        repairs_offered: Vec::new(),
        private: Vec::new(),
    };
    finding.private = private
        .iter()
        .map(|(kind, value)| checks::Private {
            kind: *kind,
            value: value.clone(),
        })
        .collect();
    finding
}

fn kind() -> impl Strategy<Value = checks::RedactionKind> {
    prop::sample::select(vec![
        checks::RedactionKind::Host,
        checks::RedactionKind::Path,
        checks::RedactionKind::Document,
        checks::RedactionKind::Other,
        checks::RedactionKind::Url,
        checks::RedactionKind::Wifi,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The whole pipeline over arbitrary reports: either a report where no private value
    /// survives anywhere (any file, any field, root causes included), or an error. Never a
    /// report that leaks, and never a panic.
    #[test]
    fn the_pipeline_never_emits_a_learned_value_and_never_fails_open(
        values in prop::collection::vec((kind(), canary()), 1..4),
        more in prop::collection::vec((kind(), canary()), 1..3),
        user in prop::sample::select(vec!["disk", "status", "area", "cnryuser", "local"]),
        words in "[a-z ]{0,20}",
        area in prop::sample::select(checks::Area::ALL.to_vec()),
    ) {
        let secrets = Secrets {
            user_names: vec![user.to_owned()],
            host_names: checks::host_names_of(&format!("{user}.local")),
            terms: vec![],
        };
        let mut findings = vec![
            finding_with("disk.space", area, &values, &words),
            finding_with("network.intranet", checks::Area::Network, &more, &words),
        ];
        findings[0].evidence.push(checks::Evidence::plain("home", format!("/home/{user}/Videos")));
        let report = checks::Report {
            schema: checks::REPORT_SCHEMA.to_owned(),
            reference: "CK-7F3K-9Q2M".to_owned(),
            generated_at: "2026-12-01T10:00:00Z".to_owned(),
            duration_ms: 1,
            complete: true,
            app: checks::AppInfo { name: "Checkup".to_owned(), version: "0.1.0".to_owned() },
            platform: checks::PlatformInfo {
                os: "linux".to_owned(),
                os_version: "Debian GNU/Linux 12".to_owned(),
                kernel: "6.1".to_owned(),
                arch: "x86_64".to_owned(),
            },
            root_causes: findings
                .iter()
                .map(|f| checks::RootCause { id: f.id.clone(), subject: f.subject.clone() })
                .collect(),
            findings,
            repairs_done: Vec::new(),
        };
        let log = format!("log: {} /home/{user}/x", values[0].1);
        match checks::SupportReport::new(&report, &log, true, &secrets) {
            Err(_) => {}
            Ok(support) => {
                let mut all = String::new();
                for name in ["report.json", "report.html", "summary.txt", "logs/checkup.log"] {
                    all.push_str(&String::from_utf8_lossy(support.file(name).unwrap_or_default()));
                }
                let lower = all.to_lowercase();
                for (_, value) in values.iter().chain(&more) {
                    prop_assert!(!lower.contains(value.as_str()), "{value} leaked:\n{all}");
                }
                prop_assert!(!lower.contains("cnryuser"), "the user leaked:\n{all}");
                // Ids and enums are intact, and the document is valid.
                let json: checks::Report =
                    serde_json::from_slice(support.file("report.json").unwrap_or_default()).unwrap();
                prop_assert_eq!(json.findings[0].area, area);
                prop_assert_eq!(&json.root_causes[0].subject, &json.findings[0].subject);
            }
        }
    }
}

#[test]
fn a_uuid_in_a_kernel_line_is_not_a_mac_and_scrubbing_is_stable() {
    let mut r = redactor();
    let line = "EXT4-fs (loop0): mounted filesystem e1f673fd-e2c2-4ad0-8d89-0da0fafabe2a r/w";
    let once = r.scrub(line);
    assert_eq!(once, line);
    assert_eq!(r.scrub(&once), once);
    // A bare MAC on its own is still one.
    let mac = r.scrub("adapter 0da0fafabe2a up");
    assert!(!mac.contains("0da0fafabe2a"), "{mac}");
    assert_eq!(r.scrub(&mac), mac);
}
