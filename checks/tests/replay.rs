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
        for offer in &finding.repairs_offered {
            writeln!(out, "  can fix: {} ({})", offer.id, offer.title).unwrap();
        }
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

/// A disk failing its own health assessment carries the kernel's read errors for it and its
/// partition's ext4 error record, from the recorded set alone.
#[test]
fn a_failing_disk_carries_its_kernel_lines_and_its_filesystems_error_record() {
    let (_, set) = sets()
        .into_iter()
        .find(|(name, _)| name == "linux-disk-failing")
        .unwrap();
    let replayed = replay(&set);
    assert_eq!(replayed.unanswered, Vec::<String>::new());
    let report = checks::build_report(&replayed.plan, replayed.result.clone());
    let health = report
        .findings
        .iter()
        .find(|f| f.id == "disk.health")
        .unwrap();
    let values = |key: &str| -> Vec<String> {
        health
            .evidence
            .iter()
            .filter(|e| e.key == key)
            .map(|e| e.value.to_string())
            .collect()
    };
    assert_eq!(values("fs_errors_count"), ["3"]);
    assert!(values("fs_last_error")[0].contains("in ext4_lookup, inode 131090"));
    // The disk's and its partition's lines; the ATA port's line does not name the disk.
    let lines = values("log_line");
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("kernel: blk_update_request: I/O error, dev sda,"));
    assert!(lines[1].contains("on dev sda2,"), "{lines:?}");
}
