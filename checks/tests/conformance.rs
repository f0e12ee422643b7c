//! Conformance of the registry with the contract and the catalog: unique, well-formed ids, no
//! cycles, the contract's order and dependencies, and complete texts for every message.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use checks::{Area, REGISTRY, Status, catalog};

/// The contract's table (`notes/contract.md`): id, depends_on, after, in registry and rank order.
const CONTRACT: &[(&str, &[&str], &[&str])] = &[
    ("system.os", &[], &[]),
    ("network.interface", &[], &[]),
    ("network.address", &["network.interface"], &[]),
    ("network.gateway", &["network.address"], &[]),
    (
        "network.gateway_reachable",
        &["network.gateway"],
        &["network.internet"],
    ),
    ("network.captive_portal", &["network.gateway"], &[]),
    ("network.internet", &["network.gateway"], &[]),
    ("dns.servers", &["network.address"], &[]),
    ("dns.server_reachable", &["dns.servers"], &[]),
    ("dns.resolution", &["dns.servers"], &[]),
    ("network.proxy", &[], &[]),
    ("system.clock", &["network.internet"], &[]),
    ("network.https", &["network.internet"], &[]),
    ("network.intranet", &["network.gateway"], &[]),
    ("network.latency", &["network.internet"], &[]),
    ("dns.latency", &["dns.resolution"], &[]),
    ("dns.hijack", &["dns.servers"], &[]),
    ("dns.hosts_file", &[], &[]),
    ("network.wifi", &["network.interface"], &[]),
    ("printer.service", &[], &[]),
    ("printer.installed", &["printer.service"], &[]),
    ("printer.state", &["printer.installed"], &[]),
    ("printer.queue", &["printer.installed"], &[]),
    ("printer.reachable", &["printer.installed"], &[]),
    ("printer.default", &["printer.installed"], &[]),
    ("disk.space", &[], &[]),
    ("disk.inodes", &[], &[]),
    ("disk.readonly", &[], &[]),
    ("disk.health", &[], &[]),
    ("disk.usage", &[], &["disk.space"]),
    ("system.memory", &[], &[]),
    ("system.cpu", &[], &[]),
    ("system.uptime", &[], &[]),
];

#[test]
fn registry_is_valid() {
    checks::validate_checks(REGISTRY).unwrap();
}

#[test]
fn registry_follows_the_contract_order_and_graph() {
    let mut last = None;
    for check in REGISTRY {
        let position = CONTRACT
            .iter()
            .position(|(id, _, _)| *id == check.id)
            .unwrap_or_else(|| panic!("{} is not in the contract", check.id));
        if let Some(last) = last {
            assert!(position > last, "{} is out of contract order", check.id);
        }
        last = Some(position);
        let (_, depends_on, after) = CONTRACT[position];
        assert_eq!(check.depends_on, depends_on, "{} depends_on", check.id);
        assert_eq!(check.after, after, "{} after", check.id);
    }
}

#[test]
fn every_check_is_bounded_by_a_timeout() {
    for check in REGISTRY {
        assert!(
            !check.timeout.is_zero() && check.timeout.as_secs() <= 10,
            "{}: {:?}",
            check.id,
            check.timeout
        );
    }
}

#[test]
fn catalog_has_no_syntax_errors_or_duplicates() {
    assert!(
        catalog().problems().is_empty(),
        "{:#?}",
        catalog().problems()
    );
}

#[test]
fn every_check_has_a_title_and_complete_texts() {
    let catalog = catalog();
    for check in REGISTRY {
        assert!(
            catalog.has_message(&check.title_id()),
            "{}: no title {}",
            check.id,
            check.title_id()
        );
        assert!(
            !check.messages.is_empty(),
            "{} declares no message",
            check.id
        );
        let mut pairs: Vec<(&str, &str)> = check
            .messages
            .iter()
            .map(|m| (m.id, m.status.as_str()))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        assert_eq!(
            pairs.len(),
            check.messages.len(),
            "{} declares a message twice",
            check.id
        );
        for spec in check.messages {
            let prefix = format!("{}-", check.message_prefix());
            assert!(
                spec.id.starts_with(&prefix),
                "{}: {} should start with {prefix}",
                check.id,
                spec.id
            );
            assert!(
                catalog.has_message(spec.id),
                "{}: no summary for {}",
                check.id,
                spec.id
            );
            assert!(
                catalog.has_attribute(spec.id, "explanation"),
                "{}: no .explanation for {}",
                check.id,
                spec.id
            );
            if matches!(spec.status, Status::Warn | Status::Fail | Status::Error) {
                assert!(
                    catalog.has_attribute(spec.id, "fix-1"),
                    "{}: no .fix-1 for {}",
                    check.id,
                    spec.id
                );
            }
        }
    }
}

#[test]
fn runner_and_front_end_texts_exist() {
    let catalog = catalog();
    for id in checks::runner_messages::ALL {
        assert!(catalog.has_message(id), "{id}");
        assert!(catalog.has_attribute(id, "explanation"), "{id}");
    }
    for status in Status::ALL {
        let id = format!("status-{}", status.as_str().replace('_', "-"));
        assert!(catalog.has_message(&id), "{id}");
    }
    for area in Area::ALL {
        let id = format!("area-{}", area.as_str());
        assert!(catalog.has_message(&id), "{id}");
    }
}

#[test]
fn texts_are_plain_sentences() {
    // Every summary ends like a sentence.
    let catalog = catalog();
    for check in REGISTRY {
        for spec in check.messages {
            let args = checks::Args::new()
                .with("title", "Title")
                .with("days", 3u64)
                .with("hours", 5u64)
                .with("system", "Linux");
            let summary = catalog.text(spec.id, &args);
            assert!(summary.ends_with('.'), "{}: {summary:?}", spec.id);
        }
    }
}
