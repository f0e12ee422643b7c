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

/// Renders a message's value and every attribute with sample values for `args` (and the
/// runner's `title`), and returns the texts.
fn render_all(id: &str, args: &[&str]) -> Vec<String> {
    let catalog = catalog();
    let mut given = checks::Args::new().with("title", "Title");
    for name in args {
        // Numbers and words both select a variant; every variable gets one.
        let name: &'static str = Box::leak((*name).to_owned().into_boxed_str());
        given = given.with(name, 2u64);
    }
    let mut texts = vec![catalog.text(id, &given)];
    for n in 1..10 {
        if let Some(fix) = catalog.attribute(id, &format!("fix-{n}"), &given) {
            texts.push(fix);
        }
    }
    if let Some(explanation) = catalog.attribute(id, "explanation", &given) {
        texts.push(explanation);
    }
    texts
}

/// Every catalog message, with the arguments its callers declare: the checks' message
/// declarations, the runner's, the app's interface texts and the engine's own. A variable the
/// text uses that is not declared, or a declared one it never uses, fails; no rendered text
/// keeps a raw `{ $x }`. `title` is the runner's context for every finding message.
#[test]
fn every_message_uses_exactly_the_arguments_its_callers_declare() {
    let catalog = catalog();
    let mut declared: Vec<(String, Vec<&str>)> = Vec::new();
    for check in REGISTRY {
        for spec in check.messages {
            declared.push((spec.id.to_owned(), spec.args.to_vec()));
        }
    }
    for repair in checks::REPAIRS {
        declared.push((repair.message_id(), repair.args.to_vec()));
    }
    for (id, args) in checks::runner_messages::ARGS
        .iter()
        .chain(checks::UI_TEXT_ARGS)
        .chain(checks::ENGINE_TEXT_ARGS)
    {
        declared.push(((*id).to_owned(), args.to_vec()));
    }
    for (id, args) in &declared {
        let used = catalog.variables(id);
        let args: std::collections::BTreeSet<String> =
            args.iter().map(|a| (*a).to_owned()).collect();
        let missing: Vec<&String> = used
            .iter()
            .filter(|v| *v != "title" && !args.contains(*v))
            .collect();
        let unused: Vec<&String> = args.iter().filter(|a| !used.contains(*a)).collect();
        assert!(missing.is_empty(), "{id} uses undeclared {missing:?}");
        assert!(unused.is_empty(), "{id} never uses declared {unused:?}");
        let list: Vec<&str> = args.iter().map(String::as_str).collect();
        for text in render_all(id, &list) {
            assert!(
                !text.contains("{$") && !text.contains("{ $"),
                "{id}: {text}"
            );
            assert!(!text.contains('{'), "{id} left a placeable: {text}");
        }
    }
    // Every message of the catalog is declared by someone (titles name checks).
    for id in catalog.ids() {
        let titled = id.ends_with("-title");
        let plain_ui = ["ui-", "status-", "area-", "redaction-kind-"]
            .iter()
            .any(|p| id.starts_with(p))
            && catalog.variables(id).is_empty();
        assert!(
            titled || plain_ui || declared.iter().any(|(d, _)| d == id),
            "{id} is in the catalog but no caller declares it"
        );
    }
}

/// Every repair: a unique, well-formed id in the area of the check that offers it, a check
/// that exists, a title and an action in the catalog, and a bounded action.
#[test]
fn every_repair_is_declared_beside_a_real_check_with_its_texts() {
    let catalog = catalog();
    let mut seen = std::collections::HashSet::new();
    for repair in checks::REPAIRS {
        assert!(seen.insert(repair.id), "{} appears twice", repair.id);
        assert!(!repair.checks.is_empty(), "{}", repair.id);
        let (area, name) = repair.id.split_once('.').expect("area.name");
        for id in repair.checks {
            let check = REGISTRY
                .iter()
                .find(|c| c.id == *id)
                .unwrap_or_else(|| panic!("{} names {id}, which is not a check", repair.id));
            assert_eq!(area, check.area.as_str(), "{}", repair.id);
        }
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{}",
            repair.id
        );
        let message = repair.message_id();
        assert!(catalog.has_message(&message), "{message}");
        assert!(catalog.has_attribute(&message, "action"), "{message}");
        assert!(
            repair.timeout > std::time::Duration::ZERO
                && repair.timeout <= std::time::Duration::from_secs(60),
            "{}",
            repair.id
        );
        // A repair that deletes something cannot also claim to be undoable.
        assert!(!(repair.destructive && repair.undoable), "{}", repair.id);
    }
}
