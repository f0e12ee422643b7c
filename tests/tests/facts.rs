//! Facts gathered once, recorded and replayed, against the real lab.
//!
//! - Each scenario runs `checkup` live with `--record-facts`; replaying the recorded set gives
//!   exactly the live verdicts, and so does the set after redaction (whose tokens keep their
//!   type). With `CHECKUP_WRITE_FACTS=DIR`, the redacted sets are written to DIR: that is how
//!   `checks/tests/facts/lab-*.json`, replayed by the snapshot suite, were made.
//! - One `--only printer` run with 10 queues asks the private cupsd for its printer list once
//!   (counted in cupsd's access log), and one full run reads the desktop proxy settings once
//!   (counted from the processes it starts, traced with strace).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use checkup_tests::net::{Lab, NAMES, ODD_DNS_IP};
use checkup_tests::printers::PrintLab;
use checkup_tests::report::{causes, evidence, parse};
use checkup_tests::{checkup, disks, schema_errors};
use serde_json::Value;

/// The verdicts of a report: `id [subject] status message_id`, in report order.
fn verdicts(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} [{}] {} {}",
                f["id"].as_str().unwrap(),
                f["subject"].as_str().unwrap_or("-"),
                f["status"].as_str().unwrap(),
                f["message_id"].as_str().unwrap()
            )
        })
        .collect()
}

/// The verdicts without subjects, sorted: what a redacted replay must give (its subjects are
/// tokens).
fn verdicts_without_subjects(report: &Value) -> Vec<String> {
    let mut all: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f["id"].as_str().unwrap(),
                f["status"].as_str().unwrap(),
                f["message_id"].as_str().unwrap()
            )
        })
        .collect();
    all.sort();
    all
}

fn replay(path: &Path) -> Value {
    let output = checkup()
        .args(["run", "--format", "json", "--replay-facts"])
        .arg(path)
        .output()
        .unwrap();
    let report = parse(&output);
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
    report
}

/// Checks a live run against the replays of its recorded set, unredacted and redacted, and
/// keeps the redacted set when asked to. `private` are texts of the recording that redaction
/// must remove (the positive control that it did something).
fn replays_like_live(name: &str, description: &str, live: &Output, raw: &Path, private: &[&str]) {
    let live_report = parse(live);
    assert!(
        raw.exists(),
        "{name}: no facts were recorded\n{}",
        String::from_utf8_lossy(&live.stderr)
    );
    let text = std::fs::read_to_string(raw).unwrap();
    for value in private {
        assert!(text.contains(value), "{name}: the recording lacks {value}");
    }

    // The set exactly as recorded replays to the live verdicts, subjects and order included.
    let replayed = replay(raw);
    assert_eq!(verdicts(&replayed), verdicts(&live_report), "{name}");
    assert_eq!(causes(&replayed), causes(&live_report), "{name}");

    // Redacted: every private value gone, types kept, the same verdicts.
    let set = checks::FactSet::parse(&text).unwrap();
    let (mut redacted, replacements) = checks::redact_facts(&set).unwrap();
    redacted.description = description.to_owned();
    let redacted_text = serde_json::to_string_pretty(&redacted).unwrap() + "\n";
    for value in private {
        assert!(
            !redacted_text.contains(value),
            "{name}: {value} survived redaction: {replacements:#?}"
        );
    }
    let redacted_path = raw.with_extension("redacted.json");
    std::fs::write(&redacted_path, &redacted_text).unwrap();
    let replayed = replay(&redacted_path);
    assert_eq!(
        verdicts_without_subjects(&replayed),
        verdicts_without_subjects(&live_report),
        "{name}: {replacements:#?}"
    );
    assert_eq!(causes(&replayed), causes(&live_report), "{name}");

    if let Some(dir) = std::env::var_os("CHECKUP_WRITE_FACTS") {
        let target = PathBuf::from(dir).join(format!("lab-{name}.json"));
        std::fs::write(&target, &redacted_text).unwrap();
    }
}

/// Runs `checkup` in the network lab's client with the facts recorded, unredacted.
fn record_in_lab(lab: &Lab, only: &str, dns_extra: &str, raw: &Path) -> Output {
    let profile = lab.profile("", dns_extra);
    lab.command(&checkup_tests::checkup_bin(), only, &profile, false)
        .arg("--record-facts")
        .arg(raw)
        .arg("--no-redact")
        .output()
        .unwrap()
}

#[test]
fn a_healthy_network_replays_to_its_live_verdicts() {
    let lab = Lab::new();
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("facts.json");
    let live = record_in_lab(&lab, "network,dns", "", &raw);
    replays_like_live(
        "network-healthy",
        "lab: a healthy network, names resolved by the router",
        &live,
        &raw,
        &["www.site.test", "secure.test"],
    );
}

#[test]
fn ping_dropped_beyond_the_router_replays_to_its_live_verdicts() {
    let lab = Lab::new();
    lab.sh("ip netns exec $G iptables -A FORWARD -p icmp -j DROP");
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("facts.json");
    let live = record_in_lab(&lab, "network", "", &raw);
    replays_like_live(
        "network-ping-dropped",
        "lab: the router answers, every ping beyond it is dropped (field shape)",
        &live,
        &raw,
        &["secure.test"],
    );
}

#[test]
fn no_way_out_replays_to_its_live_verdicts() {
    let lab = Lab::new();
    // The router answers, but forwards nothing: no internet.
    lab.sh("ip netns exec $G iptables -A FORWARD -j DROP");
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("facts.json");
    let live = record_in_lab(&lab, "network,dns", "", &raw);
    replays_like_live(
        "network-no-internet",
        "lab: the router answers and forwards nothing",
        &live,
        &raw,
        &["www.site.test"],
    );
}

#[test]
fn a_sinkholed_name_replays_to_its_live_verdicts() {
    let mut lab = Lab::new();
    let mut zone: Vec<(&str, &str)> = NAMES
        .iter()
        .copied()
        .filter(|(name, _)| *name != "www.site.test")
        .collect();
    zone.push(("www.site.test", "0.0.0.0"));
    lab.serve_odd_dns_with("normal", 0, &zone);
    lab.set_resolv_conf(&format!(
        "nameserver {ODD_DNS_IP}\nsearch corp.example.net\n"
    ));
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("facts.json");
    let live = record_in_lab(&lab, "dns", "", &raw);
    replays_like_live(
        "dns-sinkhole",
        "lab: the network's name server answers 0.0.0.0 for a name the reference resolves",
        &live,
        &raw,
        &["www.site.test", "corp.example.net"],
    );
}

fn record_printer(lab: &PrintLab, raw: &Path) -> Output {
    let profile = lab.profile("stuck_job_seconds = 1");
    checkup()
        .args(["run", "--only", "printer", "--format", "json", "--profile"])
        .arg(&profile)
        .arg("--record-facts")
        .arg(raw)
        .arg("--no-redact")
        .output()
        .unwrap()
}

#[test]
fn a_paused_printer_replays_to_its_live_verdicts() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.must("cupsdisable", &["Office"]);
    lab.print("Office", "Quarterly salaries.pdf");
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("facts.json");
    let live = record_printer(&lab, &raw);
    replays_like_live(
        "printer-paused",
        "lab: a private cupsd whose only queue is paused with a document waiting",
        &live,
        &raw,
        &["Quarterly salaries.pdf"],
    );
}

#[test]
fn a_printer_switched_off_replays_to_its_live_verdicts() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.add_printer("Upstairs");
    lab.switch_off("Upstairs");
    lab.print("Upstairs", "Holiday photos");
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("facts.json");
    // The job waits until CUPS has tried the switched-off printer and given up for now.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let live = loop {
        let _ = std::fs::remove_file(&raw);
        let live = record_printer(&lab, &raw);
        let report = parse(&live);
        // Stuck for a clear margin over the one-second limit: a replay answers the clock
        // in the order the checks ask it, which may differ from the recording by a moment.
        let stuck = report["findings"].as_array().unwrap().iter().any(|f| {
            f["id"] == "printer.queue"
                && f["status"] != "pass"
                && evidence(f, "oldest_age_seconds").as_u64().unwrap_or(0) >= 3
        });
        if stuck || std::time::Instant::now() > deadline {
            break live;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    replays_like_live(
        "printer-switched-off",
        "lab: two queues, one printer switched off with a document waiting",
        &live,
        &raw,
        &["Holiday photos"],
    );
}

#[test]
fn a_full_disk_replays_to_its_live_verdicts() {
    let mut lab = disks::Lab::new();
    let full = lab.filesystem("full", "64M", "mkfs.ext4 -q -F");
    lab.fill(&full);
    let home = lab.path("home");
    std::fs::create_dir_all(home.join("Videos")).unwrap();
    std::fs::write(home.join("Videos/holiday.mp4"), vec![7u8; 300_000]).unwrap();
    let raw = lab.path("facts.json");
    let args = [
        "run",
        "--only",
        "disk",
        "--format",
        "json",
        "--record-facts",
        raw.to_str().unwrap(),
        "--no-redact",
    ];
    let live = lab.run(&args, &[("HOME", home.to_str().unwrap())], false);
    replays_like_live(
        "disk-full",
        "lab: a loop-mounted ext4 filesystem filled to 99%",
        &live,
        &raw,
        &[],
    );
}

#[test]
fn a_read_only_disk_replays_to_its_live_verdicts() {
    let mut lab = disks::Lab::new();
    let stuck = lab.filesystem("stuck", "64M", "mkfs.ext4 -q -F");
    lab.then(&format!("mount -o remount,ro '{}'", stuck.display()));
    let raw = lab.path("facts.json");
    let args = [
        "run",
        "--only",
        "disk",
        "--format",
        "json",
        "--record-facts",
        raw.to_str().unwrap(),
        "--no-redact",
    ];
    let live = lab.run(&args, &[("HOME", lab.path("").to_str().unwrap())], false);
    replays_like_live(
        "disk-read-only",
        "lab: a loop-mounted ext4 filesystem remounted read-only although configured writable",
        &live,
        &raw,
        &[],
    );
}

#[test]
fn a_disk_protected_after_an_error_replays_to_its_live_verdicts() {
    let mut lab = disks::Lab::new();
    let hurt = lab.filesystem("hurt", "64M", "mkfs.ext4 -q -F");
    let m = hurt.display();
    lab.then(&format!(
        "mount -o remount,errors=remount-ro '{m}'
        dev=$(basename \"$(readlink -f \"$(findmnt -no SOURCE '{m}')\")\")
        echo checkup-lab > /sys/fs/ext4/$dev/trigger_fs_error"
    ));
    let raw = lab.path("facts.json");
    let args = [
        "run",
        "--only",
        "disk.readonly",
        "--format",
        "json",
        "--record-facts",
        raw.to_str().unwrap(),
        "--no-redact",
    ];
    let live = lab.run(&args, &[("HOME", lab.path("").to_str().unwrap())], false);
    replays_like_live(
        "disk-protected-after-error",
        "lab: a loop-mounted ext4 filesystem with errors=remount-ro after a real filesystem error (emergency_ro)",
        &live,
        &raw,
        &[],
    );
}

/// How many CUPS-Get-Printers requests cupsd's access log holds.
fn printer_list_requests(lab: &PrintLab) -> usize {
    std::fs::read_to_string(lab.path("log/access_log"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("CUPS-Get-Printers"))
        .count()
}

#[test]
fn one_printer_run_with_ten_queues_asks_for_the_printer_list_once() {
    let mut lab = PrintLab::start();
    let port = lab.add_printer("Queue0");
    for n in 1..10 {
        lab.add_queue(&format!("Queue{n}"), port);
    }
    let log = lab.path("log/access_log");
    let before = printer_list_requests(&lab);
    let requests_before = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .count();
    let profile = lab.profile("");
    let output = checkup()
        .args(["run", "--only", "printer", "--format", "json", "--profile"])
        .arg(&profile)
        .output()
        .unwrap();
    let report = parse(&output);
    let queues = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "printer.state")
        .count();
    assert_eq!(queues, 10, "{:#}", report["findings"]);
    // cupsd writes its access log as it answers; the run has ended, so the lines are there.
    let requests: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .skip(requests_before)
        .map(str::to_owned)
        .collect();
    assert_eq!(
        printer_list_requests(&lab) - before,
        1,
        "one printer list per run:\n{}",
        requests.join("\n")
    );
    eprintln!(
        "requests to cupsd in one --only printer run with 10 queues: {}",
        requests.len()
    );
}

/// An `strace -f` log with each call on one line: under load, a call interrupted by another
/// process's is split into `… <unfinished ...>` and `<... execve resumed>…`, which are joined
/// back here (by process id).
fn whole_calls(trace: &str) -> String {
    let mut pending: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut whole = Vec::new();
    for line in trace.lines() {
        let pid = line.split_whitespace().next().unwrap_or("");
        if let Some(start) = line.strip_suffix(" <unfinished ...>") {
            pending.insert(pid, start);
        } else if let Some((_, rest)) = line.split_once(" resumed>") {
            let start = pending.remove(pid).unwrap_or("");
            whole.push(format!("{start}{rest}"));
        } else {
            whole.push(line.to_owned());
        }
    }
    whole.extend(pending.values().map(|start| (*start).to_owned()));
    whole.join("\n")
}

#[test]
fn split_strace_calls_are_joined() {
    let trace = "101 execve(\"/usr/bin/gsettings\", [\"gsettings\", \"get\"], 0x1 /* 5 vars */ <unfinished ...>\n\
                 102 execve(\"/usr/sbin/smartctl\", [\"smartctl\"], 0x2 /* 5 vars */) = 0\n\
                 101 <... execve resumed>) = 0\n";
    assert_eq!(
        whole_calls(trace),
        "102 execve(\"/usr/sbin/smartctl\", [\"smartctl\"], 0x2 /* 5 vars */) = 0\n\
         101 execve(\"/usr/bin/gsettings\", [\"gsettings\", \"get\"], 0x1 /* 5 vars */) = 0"
    );
}

#[test]
fn one_full_run_reads_the_desktop_proxy_settings_once() {
    let lab = Lab::new();
    let profile = lab.profile("", "");
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    let bin = checkup_tests::checkup_bin().display().to_string();
    let inner = lab.command(&checkup_tests::checkup_bin(), "", &profile, false);
    let mut command = Command::new("strace");
    command
        .args(["-f", "-qq", "-e", "trace=execve", "-o"])
        .arg(&trace)
        .arg(inner.get_program())
        .args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let output = command.output().unwrap();
    let report = parse(&output);
    assert!(report["findings"].as_array().is_some_and(|f| f.len() > 20));
    let trace = whole_calls(&std::fs::read_to_string(&trace).unwrap());
    assert!(trace.contains(&format!("execve(\"{bin}\"")), "{trace}");
    // Programs that started (the exec succeeded), after checkup itself.
    let started: Vec<&str> = trace
        .lines()
        .filter(|l| l.contains("execve(") && l.trim_end().ends_with("= 0"))
        .skip_while(|l| l.split('"').nth(1) != Some(bin.as_str()))
        .skip(1)
        .collect();
    let proxy_reads = started
        .iter()
        .filter(|l| l.contains("\"org.gnome.system.proxy\", \"mode\""))
        .count();
    let gsettings = started.iter().filter(|l| l.contains("gsettings")).count();
    if gsettings > 0 {
        assert_eq!(proxy_reads, 1, "{}", started.join("\n"));
    } else {
        // No gsettings on this machine: the proxy settings come from the environment and
        // KDE's file only, read once by the same fact.
        assert!(
            !trace.contains("org.gnome.system.proxy"),
            "{}",
            started.join("\n")
        );
    }
    eprintln!(
        "processes started by one full run: {} ({})",
        started.len(),
        started
            .iter()
            .filter_map(|l| l.split('"').nth(1))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
