//! Shapes from the field (`../shared/notes/field.md`), rebuilt in the namespace lab so their
//! false alarms stay fixed: a network that drops ping beyond the router, intercepts outgoing
//! TCP and name lookups and filters names; a client with only a unique-local IPv6 address;
//! and a computer where no printer was ever set up.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use checkup_tests::net::{
    BUILTIN_NAMES, INTERNET_HOST, INTERNET_HOST_V6, Lab, NAMES, ODD_DNS_IP, WEB_IP,
};
use checkup_tests::report::{causes, checked, evidence, findings, one, summary};
use serde_json::Value;

fn run(lab: &Lab, only: &str, network_extra: &str, dns_extra: &str) -> Value {
    let profile = lab.profile(network_extra, dns_extra);
    checked(&lab.checkup(only, &profile, false))
}

fn fixes(finding: &Value) -> String {
    finding["fixes"].to_string()
}

#[test]
fn ping_dropped_beyond_the_router_is_not_data_loss() {
    let lab = Lab::new();
    // The router answers, and forwards TCP; every ping beyond it is dropped.
    lab.sh("ip netns exec $G iptables -A FORWARD -p icmp -j DROP");
    let report = run(&lab, "network", "", "");
    let all = summary(&report);
    assert_eq!(one(&report, "network.internet")["status"], "pass", "{all}");
    let latency = one(&report, "network.latency");
    assert_ne!(latency["status"], "fail", "{all}");
    assert_eq!(latency["status"], "pass", "{latency:#}");
    assert_eq!(evidence(latency, "method"), "tcp", "{latency:#}");
    assert!(
        evidence(latency, "method_reason")
            .as_str()
            .unwrap()
            .contains("filtered"),
        "{latency:#}"
    );
    assert_eq!(evidence(latency, "loss_percent"), 0.0, "{latency:#}");
    assert_eq!(report["root_causes"], serde_json::json!([]), "{all}");
}

#[test]
fn a_restricted_company_network_raises_no_false_alarm() {
    let mut lab = Lab::new();
    // Only a unique-local IPv6 address, and IPv6 dropped beyond the router.
    lab.add_ipv6_unique_local();
    lab.sh("ip netns exec $G iptables -A FORWARD -p icmp -j DROP
        ip netns exec $G ip6tables -A FORWARD -j DROP");
    // A middlebox accepts every TCP connection to the internet side at once.
    lab.intercept_tcp();
    let hosts = format!("internet_hosts = [\"{INTERNET_HOST}\", \"{INTERNET_HOST_V6}\"]");
    let report = run(
        &lab,
        "network.gateway_reachable,network.internet,network.latency",
        &hosts,
        "",
    );
    let all = summary(&report);
    let internet = one(&report, "network.internet");
    assert_eq!(internet["status"], "pass", "{all}");
    // The public IPv6 host is not probed at all from a unique-local address.
    assert_eq!(
        evidence(internet, "skipped_no_address_of_that_family"),
        &serde_json::json!([INTERNET_HOST_V6]),
        "{internet:#}"
    );
    let latency = one(&report, "network.latency");
    assert_eq!(latency["status"], "pass", "{latency:#}");
    assert_eq!(evidence(latency, "method"), "tcp", "{latency:#}");
    assert_eq!(
        evidence(latency, "targets"),
        &serde_json::json!([INTERNET_HOST]),
        "no loss figure from the silent IPv6 host: {latency:#}"
    );
    assert_eq!(evidence(latency, "loss_percent"), 0.0, "{latency:#}");
    assert!(
        evidence(latency, "rtt_ms")
            .as_array()
            .unwrap()
            .iter()
            .all(|rtt| rtt != "lost"),
        "{latency:#}"
    );
    assert_eq!(report["root_causes"], serde_json::json!([]), "{all}");
}

#[test]
fn a_name_the_network_filters_is_blocked_not_misspelled() {
    let mut lab = Lab::new();
    // The filtering name server knows every lab name except www.site.test: NXDOMAIN for it.
    let known: Vec<(&str, &str)> = NAMES
        .iter()
        .copied()
        .filter(|(name, _)| *name != "www.site.test")
        .collect();
    lab.serve_odd_dns_with("normal", 0, &known);
    lab.set_resolv_conf(&format!("nameserver {ODD_DNS_IP}\n"));
    let report = run(&lab, "dns.resolution", "", "");
    let blocked = &findings(&report, "dns.resolution", Some("www.site.test"))[0];
    assert_eq!(blocked["status"], "fail", "{}", summary(&report));
    assert_eq!(
        blocked["message_id"], "dns-resolution-blocked",
        "{blocked:#}"
    );
    assert!(
        blocked["summary"]
            .as_str()
            .unwrap()
            .contains("blocks or filters"),
        "{blocked:#}"
    );
    assert!(!fixes(blocked).contains("spelling"), "{blocked:#}");
    assert_eq!(
        findings(&report, "dns.resolution", Some("secure.test"))[0]["status"],
        "pass"
    );
}

#[test]
fn a_sinkhole_answer_is_blocked_when_the_reference_finds_the_name() {
    let mut lab = Lab::new();
    let mut zone: Vec<(&str, &str)> = NAMES
        .iter()
        .copied()
        .filter(|(name, _)| *name != "www.site.test")
        .collect();
    zone.push(("www.site.test", "0.0.0.0"));
    lab.serve_odd_dns_with("normal", 0, &zone);
    lab.set_resolv_conf(&format!("nameserver {ODD_DNS_IP}\n"));
    let report = run(&lab, "dns.resolution,dns.hijack", "", "");
    let blocked = &findings(&report, "dns.resolution", Some("www.site.test"))[0];
    assert_eq!(
        blocked["message_id"], "dns-resolution-blocked",
        "{blocked:#}"
    );
    assert!(evidence(blocked, "a").as_str().unwrap().contains("0.0.0.0"));
    assert!(!fixes(blocked).contains("spelling"), "{blocked:#}");
    // A filter is not a server that makes up answers for every name.
    assert_eq!(one(&report, "dns.hijack")["status"], "pass");
}

#[test]
fn when_the_reference_is_intercepted_too_the_network_blocks_name_lookups() {
    let mut lab = Lab::new();
    // The field's name server: NXDOMAIN for every public name, the built-in ones included;
    // and lookups sent to the reference server are caught and answered by it too.
    lab.serve_odd_dns_with("normal", 0, &[]);
    lab.set_resolv_conf(&format!("nameserver {ODD_DNS_IP}\n"));
    lab.intercept_reference_dns();
    let names = format!(
        "names = [{}]",
        BUILTIN_NAMES
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let report = run(&lab, "dns", "", &names);
    let all = summary(&report);
    for name in BUILTIN_NAMES {
        let finding = &findings(&report, "dns.resolution", Some(name))[0];
        assert_eq!(finding["message_id"], "dns-resolution-blocked", "{all}");
        assert!(
            finding["summary"]
                .as_str()
                .unwrap()
                .contains("blocks name lookups"),
            "{finding:#}"
        );
        assert!(!fixes(finding).contains("spelling"), "{finding:#}");
        assert!(
            evidence(finding, "reference_untrusted")
                .to_string()
                .contains("198.51.100.53"),
            "{finding:#}"
        );
    }
    assert_eq!(causes(&report)[0], "dns.resolution", "{all}");
}

#[test]
fn spelling_advice_only_for_a_typed_name_a_trusted_reference_denies_too() {
    let lab = Lab::new();
    let profile = lab.profile("", "");
    let output = lab
        .command(
            &checkup_tests::checkup_bin(),
            "dns.resolution",
            &profile,
            false,
        )
        .args(["--url", "https://wwww.site.test/"])
        .output()
        .unwrap();
    let report = checked(&output);
    let typed = &findings(&report, "dns.resolution", Some("wwww.site.test"))[0];
    assert_eq!(typed["message_id"], "dns-resolution-nxdomain", "{typed:#}");
    assert!(
        typed["fixes"][0].as_str().unwrap().contains("spelling"),
        "{typed:#}"
    );
    // The reference server also denies it, and it knows the built-in names: trusted.
    assert!(
        evidence(typed, "reference_untrusted").is_null(),
        "{typed:#}"
    );
}

/// A CUPS configuration folder, with a printer list when a printer was set up.
fn cups_root(with_printer: bool) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    if with_printer {
        std::fs::write(root.path().join("printers.conf"), "").unwrap();
    }
    root
}

/// A full run (or `only`) in the lab, with no local print service running.
fn without_print_service(lab: &Lab, only: &str, profile: &Path, root: &Path) -> Value {
    let output = lab
        .command_in(&checkup_tests::checkup_bin(), only, profile, false, true)
        .env("CUPS_SERVERROOT", root)
        .output()
        .unwrap();
    checked(&output)
}

#[test]
fn a_full_run_leads_with_names_not_with_the_print_service() {
    let mut lab = Lab::new();
    // The name server is silent, and the print service is stopped where printers are set up.
    lab.serve_odd_dns("drop", 0);
    lab.set_resolv_conf(&format!("nameserver {ODD_DNS_IP}\n"));
    let root = cups_root(true);
    let profile = lab.profile("", "");
    let report = without_print_service(&lab, "", &profile, root.path());
    let all = summary(&report);
    let causes = causes(&report);
    assert!(causes[0].starts_with("dns."), "{causes:?}\n{all}");
    assert!(
        causes.contains(&"printer.service".to_owned()),
        "{causes:?}\n{all}"
    );
    let service = one(&report, "printer.service");
    assert_eq!(service["message_id"], "printer-service-down", "{service:#}");
    assert_eq!(evidence(service, "printer_ever_set_up"), true);
    // Every root cause of the first impact class comes before the print service.
    let first_printer = causes
        .iter()
        .position(|c| c.starts_with("printer."))
        .unwrap();
    assert!(
        causes[..first_printer]
            .iter()
            .all(|c| c.starts_with("dns.") || c.starts_with("network.")),
        "{causes:?}"
    );
}

#[test]
fn no_printer_ever_set_up_is_no_problem_unless_printing_was_asked_about() {
    let lab = Lab::new();
    let root = cups_root(false);
    let profile = lab.profile("", "");
    let report = without_print_service(&lab, "", &profile, root.path());
    let all = summary(&report);
    for finding in findings(&report, "printer.service", None)
        .into_iter()
        .chain(
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["area"] == "printer"),
        )
    {
        assert!(
            !matches!(finding["status"].as_str(), Some("fail" | "error")),
            "{all}"
        );
    }
    let service = one(&report, "printer.service");
    assert_eq!(service["status"], "not_applicable", "{service:#}");
    assert!(
        evidence(service, "printer_ever_set_up_from")
            .as_str()
            .unwrap()
            .contains("printers.conf"),
        "{service:#}"
    );
    assert!(!causes(&report).iter().any(|c| c.starts_with("printer.")));

    // "I can't print": the same computer gets the plain answer.
    let report = without_print_service(&lab, "printer", &profile, root.path());
    let service = one(&report, "printer.service");
    assert_eq!(service["status"], "fail", "{service:#}");
    assert_eq!(service["summary"], "No printer is set up on this computer.");
    assert_eq!(causes(&report), ["printer.service"]);
}

#[test]
fn a_refusal_is_a_server_problem_not_a_block() {
    // The reference server knows the built-in names; the gateway's refuses names outside its
    // zone. Only "no such name" and sinkhole answers count as blocking.
    let lab = Lab::new();
    let report = run(
        &lab,
        "dns.resolution",
        "",
        &format!("names = [\"{}\"]", BUILTIN_NAMES[0]),
    );
    let finding = &findings(&report, "dns.resolution", Some(BUILTIN_NAMES[0]))[0];
    // The gateway's dnsmasq refuses names outside its zone: a server problem, not a block.
    assert_eq!(
        finding["message_id"], "dns-resolution-refused",
        "{finding:#}"
    );
    assert!(
        evidence(finding, "reference")
            .as_str()
            .unwrap()
            .contains(WEB_IP),
        "{finding:#}"
    );
}
