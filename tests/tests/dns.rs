//! The DNS checks against a real dnsmasq on the lab's gateway, a reference dnsmasq on its
//! "internet", and a misbehaving name server (silent, SERVFAIL, REFUSED, made-up answers,
//! slow), all in network namespaces.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use checkup_tests::net::{GATEWAY_IP, Lab, ODD_DNS_IP};
use checkup_tests::report::{evidence, findings, parse, summary};
use checkup_tests::schema_errors;
use serde_json::Value;

fn run(lab: &Lab, dns_extra: &str) -> Value {
    let profile = lab.profile("", dns_extra);
    let output = lab.checkup("dns", &profile, false);
    let report = parse(&output);
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
    report
}

fn one<'a>(report: &'a Value, id: &str, subject: Option<&str>) -> &'a Value {
    let found = findings(report, id, subject);
    assert_eq!(found.len(), 1, "{id} {subject:?}: {}", summary(report));
    found[0]
}

fn message<'a>(report: &'a Value, id: &str, subject: Option<&str>) -> &'a str {
    one(report, id, subject)["message_id"].as_str().unwrap()
}

fn first_cause(report: &Value) -> (String, Value) {
    let cause = &report["root_causes"][0];
    (
        cause["id"].as_str().unwrap_or("(none)").to_owned(),
        cause["subject"].clone(),
    )
}

fn use_odd_server(lab: &mut Lab, mode: &str, delay_ms: u64) {
    lab.serve_odd_dns(mode, delay_ms);
    lab.set_resolv_conf(&format!("nameserver {ODD_DNS_IP}\n"));
}

#[test]
fn healthy_names_resolve_honestly_and_fast() {
    let lab = Lab::new();
    let report = run(&lab, "");
    let all = summary(&report);
    assert_eq!(
        message(&report, "dns.servers", None),
        "dns-servers-ok",
        "{all}"
    );
    assert_eq!(
        one(&report, "dns.server_reachable", Some(GATEWAY_IP))["status"],
        "pass",
        "{all}"
    );
    for name in ["www.site.test", "secure.test"] {
        let finding = one(&report, "dns.resolution", Some(name));
        assert_eq!(finding["status"], "pass", "{all}");
        assert!(
            evidence(finding, "a")
                .as_str()
                .unwrap()
                .contains("198.51.100.1")
        );
    }
    assert_eq!(
        message(&report, "dns.latency", None),
        "dns-latency-ok",
        "{all}"
    );
    assert_eq!(
        message(&report, "dns.hijack", None),
        "dns-hijack-ok",
        "{all}"
    );
    assert_eq!(
        message(&report, "dns.hosts_file", None),
        "dns-hosts-file-ok",
        "{all}"
    );
    assert_eq!(report["root_causes"], serde_json::json!([]));
}

#[test]
fn no_server_configured_is_the_root_cause() {
    let lab = Lab::new();
    lab.set_resolv_conf("# nothing here\nnameserver 0.0.0.0\n");
    let report = run(&lab, "");
    assert_eq!(
        message(&report, "dns.servers", None),
        "dns-servers-none",
        "{}",
        summary(&report)
    );
    assert_eq!(first_cause(&report).0, "dns.servers");
    assert_eq!(one(&report, "dns.resolution", None)["status"], "skipped");
    assert_eq!(
        one(&report, "dns.resolution", None)["blocked_by"],
        "dns.servers"
    );
}

#[test]
fn a_server_that_drops_queries_ranks_ahead_of_the_names_that_fail() {
    let mut lab = Lab::new();
    use_odd_server(&mut lab, "drop", 0);
    let report = run(&lab, "");
    let all = summary(&report);
    assert_eq!(
        message(&report, "dns.server_reachable", Some(ODD_DNS_IP)),
        "dns-server-reachable-silent",
        "{all}"
    );
    let resolution = one(&report, "dns.resolution", Some("www.site.test"));
    assert_eq!(resolution["message_id"], "dns-resolution-timeout", "{all}");
    // The reference server answers: the summary blames the configured server.
    assert!(
        resolution["explanation"]
            .as_str()
            .unwrap()
            .contains("configured name server is the problem"),
        "{resolution:#}"
    );
    assert!(
        resolution["summary"].as_str().unwrap().contains("waited"),
        "{resolution:#}"
    );
    let (id, subject) = first_cause(&report);
    assert_eq!(
        (id.as_str(), subject.as_str()),
        ("dns.server_reachable", Some(ODD_DNS_IP))
    );
    assert_eq!(one(&report, "dns.latency", None)["status"], "skipped");
}

#[test]
fn nothing_listening_is_told_apart_from_silence() {
    let lab = Lab::new();
    // The gateway owns this address, but no name server runs there.
    lab.set_resolv_conf(&format!("nameserver {ODD_DNS_IP}\n"));
    let report = run(&lab, "");
    assert_eq!(
        message(&report, "dns.server_reachable", Some(ODD_DNS_IP)),
        "dns-server-reachable-closed",
        "{}",
        summary(&report)
    );
    assert_eq!(first_cause(&report).0, "dns.server_reachable");
}

#[test]
fn servfail_and_refused_get_their_own_explanations() {
    for (mode, expected) in [
        ("servfail", "dns-resolution-servfail"),
        ("refused", "dns-resolution-refused"),
    ] {
        let mut lab = Lab::new();
        use_odd_server(&mut lab, mode, 0);
        let report = run(&lab, "");
        let all = summary(&report);
        // Any answer counts as the server being there.
        assert_eq!(
            message(&report, "dns.server_reachable", Some(ODD_DNS_IP)),
            "dns-server-reachable-ok",
            "{all}"
        );
        assert_eq!(
            message(&report, "dns.resolution", Some("www.site.test")),
            expected,
            "{all}"
        );
        assert_eq!(first_cause(&report).0, "dns.resolution", "{all}");
    }
}

#[test]
fn one_missing_name_fails_alone() {
    let lab = Lab::new();
    let report = run(&lab, "names = [\"www.site.test\", \"gone.test\"]");
    let all = summary(&report);
    assert_eq!(
        message(&report, "dns.resolution", Some("gone.test")),
        "dns-resolution-nxdomain",
        "{all}"
    );
    assert_eq!(
        one(&report, "dns.resolution", Some("www.site.test"))["status"],
        "pass",
        "{all}"
    );
    let (id, subject) = first_cause(&report);
    assert_eq!(
        (id.as_str(), subject.as_str()),
        ("dns.resolution", Some("gone.test"))
    );
}

#[test]
fn a_server_that_answers_every_name_is_caught() {
    let mut lab = Lab::new();
    use_odd_server(&mut lab, "all=198.51.100.99", 0);
    let report = run(&lab, "");
    let all = summary(&report);
    assert_eq!(
        message(&report, "dns.hijack", None),
        "dns-hijack-found",
        "{all}"
    );
    assert!(
        evidence(one(&report, "dns.hijack", None), "made_up_name")
            .as_str()
            .unwrap()
            .contains("198.51.100.99")
    );
    assert_eq!(first_cause(&report).0, "dns.hijack");
}

#[test]
fn a_slow_server_is_slow_not_broken() {
    let mut lab = Lab::new();
    use_odd_server(&mut lab, "normal", 600);
    let report = run(&lab, "");
    let all = summary(&report);
    assert_eq!(
        one(&report, "dns.resolution", Some("www.site.test"))["status"],
        "pass",
        "{all}"
    );
    let latency = one(&report, "dns.latency", None);
    assert_eq!(latency["message_id"], "dns-latency-slow", "{all}");
    assert!(
        evidence(latency, "median_ms").as_u64().unwrap() >= 600,
        "{latency:#}"
    );
}

#[test]
fn a_hosts_entry_overriding_a_tested_name_is_named_by_line() {
    let lab = Lab::new();
    lab.set_hosts("127.0.0.1 localhost\n# old test server\n10.9.9.9 secure.test\n");
    let report = run(&lab, "");
    let finding = one(&report, "dns.hosts_file", None);
    assert_eq!(
        finding["message_id"], "dns-hosts-file-override",
        "{finding:#}"
    );
    assert_eq!(finding["status"], "warn");
    assert!(
        finding["explanation"].as_str().unwrap().contains("Line 3"),
        "{finding:#}"
    );
    // A name from the organization's profile is sensitive, and so is the line naming it.
    // Keys are fixed: the line number is a value.
    assert_eq!(evidence(finding, "override_line"), 3);
    let name = finding["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "override_name")
        .unwrap();
    assert_eq!(name["value"], "secure.test");
    assert_eq!(name["sensitive"], true);
    assert_eq!(name["kind"], "host");
    let entry = finding["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "override_entry")
        .unwrap();
    assert_eq!(entry["value"], "10.9.9.9 secure.test");
    assert_eq!(entry["sensitive"], true);
}
