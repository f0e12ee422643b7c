//! The local run history: real SQLite files written by the real `checkup` and by several
//! processes at once, real runs in the network lab, and damaged, read-only and newer files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use checkup_tests::net::{GATEWAY_IP, Lab, ODD_DNS_IP};
use checkup_tests::report::{findings, parse, summary};
use checkup_tests::{checkup, fresh_data_home, repo_root, schema_errors};
use serde_json::Value;

fn history_file(data_home: &Path) -> PathBuf {
    data_home.join("checkup").join(checks::HISTORY_FILE)
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A quick run of the real `checkup` that keeps its history in `data_home`.
fn quick_run(data_home: &Path, extra: &[&str]) -> Output {
    checkup()
        .env("XDG_DATA_HOME", data_home)
        .args(["run", "--only", "system.cpu", "--format", "json"])
        .args(extra)
        .output()
        .unwrap()
}

/// `checkup ARGS` (the history commands) with the history in `data_home`.
fn history_cli(data_home: &Path, args: &[&str]) -> Output {
    checkup()
        .env("XDG_DATA_HOME", data_home)
        .args(args)
        .output()
        .unwrap()
}

/// `checkup run --only dns` in the lab, keeping its history in `data_home`.
fn lab_run(lab: &Lab, profile: &Path, data_home: &Path) -> Output {
    lab.command(&checkup_tests::checkup_bin(), "dns", profile, false)
        .env("XDG_DATA_HOME", data_home)
        .output()
        .unwrap()
}

/// A quick run in a private mount namespace, after `script` (run by `sh -e`) has set up the
/// mounts; the namespace ends with the run.
fn run_in_private_mounts(data_home: &Path, script: &str) -> Output {
    Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-ec"])
        .arg(format!("{script}\nexec \"$@\""))
        .arg("sh")
        .arg(checkup_tests::checkup_bin())
        .args(["run", "--only", "system.cpu", "--format", "json"])
        .env("XDG_DATA_HOME", data_home)
        .env_remove("CHECKUP_PROFILE")
        .env_remove("CHECKUP_LOG")
        .output()
        .unwrap()
}

fn stored_runs(data_home: &Path) -> usize {
    checks::History::open_to_read(&history_file(data_home))
        .unwrap()
        .len()
        .unwrap()
}

fn fact_set(name: &str) -> PathBuf {
    repo_root().join("checks/tests/facts").join(name)
}

/// Stores `count` runs of a recorded set with the fixture writer, as a separate process.
fn write_runs(db: &Path, facts: &Path, count: usize) -> std::process::Child {
    Command::new(checkup_tests::net::fixture_bin())
        .arg("history")
        .arg(db)
        .arg(facts)
        .arg(count.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait_ok(child: std::process::Child) {
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
}

#[test]
fn a_changed_name_server_is_named_on_the_failing_lookup_with_the_time_it_last_worked() {
    let mut lab = Lab::new();
    let data_home = fresh_data_home();
    let profile = lab.profile("", "");
    let first = parse(&lab_run(&lab, &profile, &data_home));
    let name = Some("www.site.test");
    assert_eq!(
        findings(&first, "dns.resolution", name)[0]["status"],
        "pass",
        "{}",
        summary(&first)
    );

    // The network now hands out another name server, one that fails every lookup.
    lab.serve_odd_dns("servfail", 0);
    lab.set_resolv_conf(&format!("nameserver {ODD_DNS_IP}\n"));
    let output = lab_run(&lab, &profile, &data_home);
    let second = parse(&output);
    assert!(
        schema_errors(&second).is_empty(),
        "{:?}",
        schema_errors(&second)
    );
    let failing = findings(&second, "dns.resolution", name)[0];
    assert_eq!(failing["status"], "fail", "{}", summary(&second));
    let changes = failing["changes"]
        .as_array()
        .expect("changes on the failing lookup");
    let servers: Vec<&Value> = changes
        .iter()
        .filter(|c| c["fact"] == "dns.servers")
        .collect();
    assert_eq!(servers.len(), 1, "{changes:?}");
    assert_eq!(servers[0]["before"], GATEWAY_IP);
    assert_eq!(servers[0]["after"], ODD_DNS_IP);
    assert_eq!(
        servers[0]["since"], first["generated_at"],
        "the time of the run where it worked"
    );
    let text = servers[0]["text"].as_str().unwrap();
    assert!(
        text.contains(GATEWAY_IP) && text.contains(ODD_DNS_IP) && !text.contains('{'),
        "{text}"
    );
    // Only what changed: the search domains and hosts file stayed the same.
    assert!(
        changes.iter().all(|c| c["fact"] == "dns.servers"),
        "{changes:?}"
    );

    // The text output says it too, with "Since it last worked": here from the stored run,
    // which keeps the changes as they were shown.
    let text = history_cli(
        &data_home,
        &["history", "show", second["reference"].as_str().unwrap()],
    );
    assert_eq!(text.status.code(), Some(0), "{}", stderr_of(&text));
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(shown.contains("Since it last worked ("), "{shown}");
    assert!(
        shown.contains(&format!(
            "Your name server changed from {GATEWAY_IP} to {ODD_DNS_IP}."
        )),
        "{shown}"
    );
    // A third run, on the same broken server.
    let third = lab_run(&lab, &profile, &data_home);
    assert_eq!(third.status.code(), Some(1), "{}", stderr_of(&third));

    // The history commands see the three runs and what changed between the first two.
    let list = history_cli(&data_home, &["history", "--format", "json"]);
    let runs: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 3, "{runs}");
    assert_eq!(runs[2]["reference"], first["reference"]);
    assert_eq!(runs[2]["verdict"], "ok");
    assert_eq!(runs[1]["verdict"], "problem");
    let diff = history_cli(
        &data_home,
        &[
            "history",
            "diff",
            first["reference"].as_str().unwrap(),
            second["reference"].as_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(diff.status.code(), Some(0), "{}", stderr_of(&diff));
    let diff: Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert!(
        diff["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "dns.resolution" && f["before"] == "pass" && f["after"] == "fail"),
        "{diff}"
    );
    assert!(
        diff["facts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["fact"] == "dns.servers"),
        "{diff}"
    );
    let shown = history_cli(
        &data_home,
        &["history", "show", first["reference"].as_str().unwrap()],
    );
    assert_eq!(shown.status.code(), Some(0), "{}", stderr_of(&shown));
    assert!(String::from_utf8_lossy(&shown.stdout).contains(first["reference"].as_str().unwrap()));
}

#[test]
fn the_file_is_the_users_alone_and_no_history_keeps_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let data_home = fresh_data_home();
    let output = quick_run(&data_home, &["--no-history"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(
        !data_home.join("checkup").exists(),
        "--no-history wrote something"
    );

    let off = data_home.join("off.toml");
    std::fs::write(&off, "[history]\nenabled = false\n").unwrap();
    let output = quick_run(&data_home, &["--profile", off.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(
        !data_home.join("checkup").exists(),
        "history.enabled = false wrote something"
    );

    let output = quick_run(&data_home, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(output.stderr.is_empty(), "{}", stderr_of(&output));
    let file = history_file(&data_home);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
    let dir_mode = std::fs::metadata(file.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700, "{dir_mode:o}");
    assert_eq!(stored_runs(&data_home), 1);
    // The stored run is the report as printed.
    let printed = parse(&output);
    let history = checks::History::open_to_read(&file).unwrap();
    let stored = history.run(None).unwrap();
    assert_eq!(stored.report.reference, printed["reference"]);
    assert!(stored.facts.is_some(), "the run's facts are kept");
    assert!(
        stored
            .facts
            .unwrap()
            .calls
            .iter()
            .all(|c| !c.call.starts_with("env ")),
        "environment variables are never kept"
    );
}

#[test]
fn four_processes_writing_at_once_keep_every_run_intact() {
    let data_home = fresh_data_home();
    let db = history_file(&data_home);
    let facts = fact_set("lab-network-healthy.json");
    let writers: Vec<_> = (0..4).map(|_| write_runs(&db, &facts, 50)).collect();
    for writer in writers {
        wait_ok(writer);
    }
    let history = checks::History::open_to_read(&db).unwrap();
    assert_eq!(history.len().unwrap(), 200);
    assert_eq!(history.integrity().unwrap(), "ok");
    let references: std::collections::BTreeSet<String> = history
        .runs()
        .unwrap()
        .into_iter()
        .map(|r| r.reference)
        .collect();
    assert_eq!(references.len(), 200, "every run under its own reference");
}

#[test]
fn after_250_runs_200_remain() {
    let data_home = fresh_data_home();
    let db = history_file(&data_home);
    wait_ok(write_runs(&db, &fact_set("lab-printer-paused.json"), 250));
    let history = checks::History::open_to_read(&db).unwrap();
    assert_eq!(history.len().unwrap(), 200);
    assert_eq!(history.integrity().unwrap(), "ok");
}

#[test]
fn a_damaged_file_is_moved_aside_and_the_run_completes() {
    // Garbage, and a real history cut off in the middle.
    let garbage: Vec<u8> = (0..20_000_u32)
        .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let truncated = {
        let data_home = fresh_data_home();
        let db = history_file(&data_home);
        wait_ok(write_runs(&db, &fact_set("lab-network-healthy.json"), 30));
        let bytes = std::fs::read(&db).unwrap();
        assert!(!Path::new(&format!("{}-wal", db.display())).exists());
        bytes[..bytes.len() / 2].to_vec()
    };
    // A real history whose pages after the first two were overwritten: the header is
    // intact, the damage shows only when a page is read.
    let scrambled = {
        let data_home = fresh_data_home();
        let db = history_file(&data_home);
        wait_ok(write_runs(&db, &fact_set("lab-network-healthy.json"), 30));
        let mut bytes = std::fs::read(&db).unwrap();
        let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
        for start in (2 * page..bytes.len()).step_by(page) {
            for (n, byte) in bytes[start..start + 200].iter_mut().enumerate() {
                *byte = (n as u8).wrapping_mul(37).wrapping_add(11);
            }
        }
        bytes
    };
    for (what, bytes) in [
        ("garbage", garbage),
        ("truncated", truncated),
        ("scrambled inside", scrambled),
    ] {
        let data_home = fresh_data_home();
        let db = history_file(&data_home);
        std::fs::create_dir_all(db.parent().unwrap()).unwrap();
        std::fs::write(&db, &bytes).unwrap();
        let output = quick_run(&data_home, &[]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{what}: {}",
            stderr_of(&output)
        );
        let said = stderr_of(&output);
        assert!(
            said.contains("Your history file was damaged"),
            "{what}: {said}"
        );
        assert!(!said.contains("panicked"), "{what}: {said}");
        let aside: Vec<PathBuf> = std::fs::read_dir(db.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".damaged-"))
            .collect();
        assert_eq!(aside.len(), 1, "{what}: {aside:?}");
        assert_eq!(
            std::fs::read(&aside[0]).unwrap(),
            bytes,
            "{what}: the old file is kept as it was"
        );
        assert!(
            said.contains(&aside[0].display().to_string()),
            "{what}: {said}"
        );
        assert_eq!(
            stored_runs(&data_home),
            1,
            "{what}: a new history holds this run"
        );
    }
}

#[test]
fn a_read_only_folder_or_a_newer_file_is_left_untouched() {
    // A read-only bind mount: even root cannot write there.
    let data_home = fresh_data_home();
    let output = quick_run(&data_home, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let folder = data_home.join("checkup");
    let db = history_file(&data_home);
    let before = std::fs::read(&db).unwrap();
    let output = run_in_private_mounts(
        &data_home,
        &format!(
            "mount --bind {dir} {dir}\nmount -o remount,bind,ro {dir}",
            dir = folder.display()
        ),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(!parse(&output)["findings"].as_array().unwrap().is_empty());
    let said = stderr_of(&output);
    assert!(said.contains("History was not saved:"), "{said}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is untouched");
    assert_eq!(stored_runs(&data_home), 1);

    // A file from a newer version: reported, never written to.
    let newer = fresh_data_home();
    let output = quick_run(&newer, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let db = history_file(&newer);
    let status = Command::new("sqlite3")
        .arg(&db)
        .arg("PRAGMA user_version = 99")
        .status();
    if !status.is_ok_and(|s| s.success()) {
        // Without the sqlite3 tool: set the header's user version field directly.
        let mut bytes = std::fs::read(&db).unwrap();
        bytes[60..64].copy_from_slice(&99_u32.to_be_bytes());
        std::fs::write(&db, bytes).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let output = quick_run(&newer, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let said = stderr_of(&output);
    assert!(
        said.contains("History was not saved:") && said.contains("newer version of Checkup"),
        "{said}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "a newer file is not written to"
    );
    let listed = history_cli(&newer, &["history"]);
    assert_eq!(listed.status.code(), Some(2));
    assert!(
        stderr_of(&listed).contains("newer version"),
        "{}",
        stderr_of(&listed)
    );
}

#[test]
fn clearing_asks_first_and_then_deletes_everything() {
    let data_home = fresh_data_home();
    let mut references = Vec::new();
    for _ in 0..2 {
        let output = quick_run(&data_home, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
        references.push(parse(&output)["reference"].as_str().unwrap().to_owned());
    }
    // Not a terminal: nothing is deleted without --yes.
    let refused = history_cli(&data_home, &["history", "--clear"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr_of(&refused).contains("--yes"),
        "{}",
        stderr_of(&refused)
    );
    assert_eq!(stored_runs(&data_home), 2);
    // Enough runs that the file's pages split and merge, as they do over weeks of use: a
    // page rebuilt then must not keep an old copy of a run in its unused space.
    wait_ok(write_runs(
        &history_file(&data_home),
        &fact_set("lab-network-healthy.json"),
        30,
    ));
    references = checks::History::open_to_read(&history_file(&data_home))
        .unwrap()
        .runs()
        .unwrap()
        .into_iter()
        .map(|run| run.reference)
        .collect();
    assert_eq!(references.len(), 32);
    let cleared = history_cli(&data_home, &["history", "--clear", "--yes"]);
    assert_eq!(cleared.status.code(), Some(0), "{}", stderr_of(&cleared));
    assert!(String::from_utf8_lossy(&cleared.stdout).contains("32 runs"));
    assert_eq!(stored_runs(&data_home), 0);
    // Nothing of the runs stays readable in the file or its write-ahead log.
    let folder = data_home.join("checkup");
    for entry in std::fs::read_dir(&folder).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for reference in &references {
            assert!(
                !text.contains(reference.as_str()),
                "{reference} is still in {}",
                folder.display()
            );
        }
        assert!(
            !text.contains("system.cpu"),
            "a finding is still in {}",
            folder.display()
        );
    }
    let listed = history_cli(&data_home, &["history"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("No runs are stored yet."));
    let unknown = history_cli(&data_home, &["history", "show", "CK-AAAA-AAAA"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr_of(&unknown).contains("CK-AAAA-AAAA"));
}

/// A replay of a recorded set as a report, started at `at`.
fn replayed(set: &checks::FactSet, at: &str) -> checks::Report {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let replayed = runtime.block_on(checks::replay(set)).unwrap();
    let mut report = checks::build_report(&replayed.plan, replayed.result);
    report.generated_at = at.to_owned();
    report
}

/// The recorded set with every `fs_usage` answer of `mount_point` showing `available` bytes.
fn with_space(set: &checks::FactSet, mount_point: &str, available: u64) -> checks::FactSet {
    let mut set = set.clone();
    for call in &mut set.calls {
        if call.call == format!("fs_usage {mount_point}")
            && let Some(usage) = call.value.get_mut("Ok")
        {
            usage["available_bytes"] = available.into();
            usage["free_bytes"] = available.into();
        }
    }
    set
}

#[test]
fn falling_free_space_is_projected_and_rising_or_noisy_space_is_not() {
    let set =
        checks::FactSet::parse(&std::fs::read_to_string(fact_set("lab-disk-full.json")).unwrap())
            .unwrap();
    let report = replayed(&set, "2026-11-01T09:00:00Z");
    let space = report
        .findings
        .iter()
        .find(|f| f.id == "disk.space" && f.status != checks::Status::Pass)
        .expect("the recorded set has a nearly full disk");
    let mount_point = space.subject.clone().unwrap();
    let total = set
        .calls
        .iter()
        .find(|c| c.call == format!("fs_usage {mount_point}"))
        .and_then(|c| c.value["Ok"]["total_bytes"].as_u64())
        .unwrap();
    let days = [
        "2026-11-01T09:00:00Z",
        "2026-11-02T09:00:00Z",
        "2026-11-03T09:00:00Z",
    ];
    let at_now = "2026-11-04T09:00:00Z";
    let step = total / 20;
    let cases: [(&str, [u64; 4], Option<u64>); 3] = [
        // 5 % of the disk a day, with 5 % left: full in a day.
        ("falling", [step * 4, step * 3, step * 2, step], Some(1)),
        ("rising", [step, step * 2, step * 3, step / 2], None),
        ("noisy", [step * 3, step, step * 3, step], None),
    ];
    for (what, points, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(checks::HISTORY_FILE);
        let (mut history, _) = checks::History::open(&db).unwrap();
        for (at, available) in days.iter().zip(points) {
            let stored = with_space(&set, &mount_point, available);
            let mut report = replayed(&stored, at);
            history.annotate(&mut report, &stored.calls).unwrap();
            history
                .store(
                    &report,
                    Some(&stored),
                    checks::HistoryKeep {
                        runs: 200,
                        days: 90,
                    },
                    std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_764_000_000),
                )
                .unwrap();
        }
        let now = with_space(&set, &mount_point, points[3]);
        let mut report = replayed(&now, at_now);
        history.annotate(&mut report, &now.calls).unwrap();
        let finding = report
            .findings
            .iter()
            .find(|f| f.id == "disk.space" && f.subject.as_deref() == Some(&mount_point))
            .unwrap();
        let projected = finding
            .evidence
            .iter()
            .find(|e| e.key == "full_in_days")
            .map(|e| e.value.to_string().parse::<u64>().unwrap());
        assert_eq!(projected, expected, "{what}: {}", finding.summary);
        if expected.is_some() {
            assert!(
                finding
                    .summary
                    .ends_with("At this rate it is full by tomorrow."),
                "{}",
                finding.summary
            );
        } else {
            assert!(
                !finding.summary.contains("At this rate"),
                "{what}: {}",
                finding.summary
            );
        }
    }
}

#[test]
fn an_old_wifi_name_in_the_history_never_reaches_a_redacted_report() {
    let canary = "CanaryNet-7731";
    let set = checks::FactSet::parse(
        &std::fs::read_to_string(fact_set("lab-network-healthy.json")).unwrap(),
    )
    .unwrap();
    // The same machine on another Wi-Fi network: the stored run saw the canary.
    let with_wifi = |ssid: &str| {
        let mut set = set.clone();
        set.calls.retain(|c| !c.call.starts_with("wifi_link "));
        set.calls.push(checks::RecordedCall {
            call: "wifi_link wlan0".to_owned(),
            value: serde_json::json!({"ssid": ssid, "signal_percent": 70, "signal_dbm": -60, "security": "WPA2", "source": "lab"}),
        });
        set
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut history, _) = checks::History::open(&dir.path().join(checks::HISTORY_FILE)).unwrap();
    let old = with_wifi(canary);
    let passed = replayed(&old, "2026-11-30T09:00:00Z");
    assert!(
        passed
            .findings
            .iter()
            .any(|f| f.id == "network.internet" && f.status == checks::Status::Pass)
    );
    history
        .store(
            &passed,
            Some(&old),
            checks::HistoryKeep::default(),
            std::time::SystemTime::now(),
        )
        .unwrap();

    let new = with_wifi("Office Guest");
    let mut report = replayed(&new, "2026-12-01T09:00:00Z");
    // This run the internet check failed.
    let internet = report
        .findings
        .iter_mut()
        .find(|f| f.id == "network.internet")
        .unwrap();
    internet.status = checks::Status::Fail;
    history.annotate(&mut report, &new.calls).unwrap();
    let internet = report
        .findings
        .iter()
        .find(|f| f.id == "network.internet")
        .unwrap();
    let wifi = internet
        .changes
        .iter()
        .find(|c| c.fact == "network.wifi")
        .expect("the Wi-Fi change");
    assert_eq!(
        wifi.before, canary,
        "unredacted, the change names the old network"
    );

    let secrets = checks::Secrets::of_this_machine(&[]);
    let support = checks::SupportReport::new(&report, "", true, &secrets).unwrap();
    let archive = dir.path().join("report.zip");
    support.write(&archive, false).unwrap();
    let bytes = std::fs::read(&archive).unwrap();
    let files = checks::read_archive(&archive).unwrap();
    for (name, content) in &files.files {
        let text = String::from_utf8_lossy(content);
        assert!(
            !text.contains(canary) && !text.contains("Office Guest"),
            "{name} holds a Wi-Fi name"
        );
    }
    assert!(!String::from_utf8_lossy(&bytes).contains(canary));
    // The page a specialist opens says what changed, redacted.
    let page = String::from_utf8_lossy(files.file("report.html").unwrap()).into_owned();
    assert!(
        page.contains("Since it last worked (2026-11-30T09:00:00Z):"),
        "{page}"
    );
    assert!(
        page.contains("data-fact=\"network.wifi\">Your Wi-Fi network changed from wifi-"),
        "{page}"
    );
    let redacted: Value = serde_json::from_slice(files.file("report.json").unwrap()).unwrap();
    let changes = &redacted["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "network.internet")
        .unwrap()["changes"];
    assert!(
        changes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["fact"] == "network.wifi"
                && c["before"].as_str().unwrap().starts_with("wifi-")),
        "{changes}"
    );
    assert!(
        schema_errors(&redacted).is_empty(),
        "{:?}",
        schema_errors(&redacted)
    );
    // The control: unredacted, it is there.
    let plain = checks::SupportReport::new(&report, "", false, &secrets).unwrap();
    assert!(
        serde_json::to_string(plain.report())
            .unwrap()
            .contains(canary)
    );
}

#[test]
fn a_full_disk_keeps_the_run_and_says_history_was_not_saved() {
    // The data folder is a small tmpfs, filled up before the run, in a private mount
    // namespace that ends with the run.
    let data_home = fresh_data_home();
    let output = run_in_private_mounts(
        &data_home,
        "mount -t tmpfs -o size=256k none \"$XDG_DATA_HOME\"
        dd if=/dev/zero of=\"$XDG_DATA_HOME/fill\" bs=4k 2>/dev/null || true",
    );
    let said = stderr_of(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(!parse(&output)["findings"].as_array().unwrap().is_empty());
    assert!(
        said.contains("History was not saved:") && said.contains("full"),
        "{said}"
    );
    assert!(
        !said.contains("damaged"),
        "a full disk is not damage: {said}"
    );
}
