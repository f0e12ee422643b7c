//! Every recorded set under `tests/facts/` is replayed through every check it was recorded
//! with, and the verdicts are compared with a committed snapshot (`tests/snapshots/`): a
//! change in what Checkup concludes from the same facts shows up in review.
//!
//! The sets come from the namespace lab (`tests/tests/replay.rs` records them, redacted) and
//! from the Windows and macOS APIs' documented structures (written by hand). A set replays
//! with the profile and selection it was recorded with; nothing is read from this machine and
//! no probe is sent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write;
use std::path::PathBuf;

fn sets() -> Vec<(String, checks::FactSet)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/facts");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let set =
                checks::FactSet::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, set)
        })
        .collect()
}

/// The verdicts of one replay, one line per finding, then the root causes in order.
fn verdicts(set: &checks::FactSet, replayed: &checks::Replayed) -> String {
    let report = checks::build_report(&replayed.plan, replayed.result.clone());
    let mut out = String::new();
    writeln!(out, "{}", set.description).unwrap();
    writeln!(out, "os: {}, selection: {:?}", set.os, set.selection).unwrap();
    for finding in &report.findings {
        // What a person reads is well formed: no gap before a full stop, no doubled space.
        for text in [&finding.summary, &finding.explanation] {
            assert!(
                !text.contains(" .") && !text.contains("  "),
                "{}: {text:?}",
                finding.id
            );
        }
        writeln!(
            out,
            "{} [{}] {} {}: {}",
            finding.id,
            finding.subject.as_deref().unwrap_or("-"),
            serde_json::to_value(finding.status)
                .unwrap()
                .as_str()
                .unwrap(),
            finding.message_id,
            finding.summary,
        )
        .unwrap();
    }
    let causes: Vec<String> = report
        .root_causes
        .iter()
        .map(|c| match &c.subject {
            Some(subject) => format!("{} [{subject}]", c.id),
            None => c.id.clone(),
        })
        .collect();
    writeln!(out, "root causes: {}", causes.join(", ")).unwrap();
    writeln!(out, "unanswered: {:?}", replayed.unanswered).unwrap();
    out
}

fn replay(set: &checks::FactSet) -> checks::Replayed {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(checks::replay(set)).unwrap()
}

#[test]
fn every_recorded_set_replays_to_its_committed_verdicts() {
    let sets = sets();
    assert!(
        sets.len() >= 12,
        "expected the lab's and the hand-written sets, found {}",
        sets.len()
    );
    for (name, set) in &sets {
        let replayed = replay(set);
        assert!(
            replayed.result.complete,
            "{name}: the replay did not finish"
        );
        insta::assert_snapshot!(name.as_str(), verdicts(set, &replayed));
    }
}

#[test]
fn a_replay_gives_the_same_verdicts_every_time() {
    for (name, set) in sets() {
        let first = verdicts(&set, &replay(&set));
        let second = verdicts(&set, &replay(&set));
        assert_eq!(first, second, "{name}");
    }
}

#[test]
fn sets_recorded_in_the_lab_answer_every_question_and_are_redacted() {
    for (name, set) in sets() {
        if !name.starts_with("lab-") {
            continue;
        }
        let replayed = replay(&set);
        assert_eq!(replayed.unanswered, Vec::<String>::new(), "{name}");
        // Redacting a committed set again changes nothing: it was redacted when recorded.
        let (again, replacements) = checks::redact_facts(&set).unwrap();
        assert_eq!(again, set, "{name}: {replacements:#?}");
    }
}
