//! Private by construction: canaries planted in every area, through the real `checkup` and
//! its archive. Each redacted run must hold no canary in any file, in `--redact` output or in
//! the raw zip; the same run unredacted holds it (the positive control), so the canary really
//! was there to leak.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

use checkup_tests::disks;
use checkup_tests::net::Lab;
use checkup_tests::printers::PrintLab;
use checkup_tests::report::parse;

/// Every byte of an archive, its files unpacked, as lower-case text.
fn archive_text(zip: &Path) -> String {
    let mut text = String::new();
    for (name, bytes) in checks::read_archive(zip).unwrap().files {
        text.push_str(&format!("== {name}\n"));
        text.push_str(&String::from_utf8_lossy(&bytes));
    }
    text.push_str(&String::from_utf8_lossy(&std::fs::read(zip).unwrap()));
    text.to_lowercase()
}

/// The archive written into `dir`.
fn archive_in(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .unwrap_or_else(|| panic!("no archive in {}", dir.display()))
}

/// Checks a redacted archive and its unredacted twin: the canaries are absent from the first
/// and present in the second; the redacted one verifies.
fn assert_private(redacted: &Path, unredacted: &Path, canaries: &[&str]) {
    let hidden = archive_text(redacted);
    let open = archive_text(unredacted);
    for canary in canaries {
        let canary = canary.to_lowercase();
        assert!(
            open.contains(&canary),
            "positive control: {canary} never reached the unredacted report"
        );
        assert!(!hidden.contains(&canary), "{canary} leaked:\n{hidden}");
    }
    checkup_tests::report::assert_verifies(redacted);
}

/// Runs `checkup` in the network lab twice, redacted and not, each with a report, plus once
/// with `--redact --format json`; returns the two archives and the redacted stdout.
fn lab_runs(lab: &Lab, only: &str, profile: &Path, extra: &[&str]) -> (PathBuf, PathBuf, Output) {
    let bin = checkup_tests::checkup_bin();
    let mut archives = Vec::new();
    for unredacted in [false, true] {
        let dir = lab.dir.path().join(format!("out-{only}-{unredacted}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut command = lab.command(&bin, only, profile, false);
        command.args(extra).arg("--report").arg(&dir);
        if unredacted {
            command.arg("--no-redact");
        }
        let output = command.output().unwrap();
        assert!(
            output.status.code().is_some_and(|c| c <= 1),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        archives.push(archive_in(&dir));
    }
    let stdout = lab
        .command(&bin, only, profile, false)
        .args(extra)
        .arg("--redact")
        .output()
        .unwrap();
    (archives.remove(0), archives.remove(0), stdout)
}

fn assert_stdout_private(output: &Output, canaries: &[&str]) {
    let report = parse(output);
    let text = report.to_string().to_lowercase();
    for canary in canaries {
        assert!(
            !text.contains(&canary.to_lowercase()),
            "{canary} leaked on stdout"
        );
    }
    // Each root cause names its finding's subject, token and all.
    for cause in report["root_causes"].as_array().unwrap() {
        let found = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == cause["id"] && f["subject"] == cause["subject"]);
        assert!(found, "{cause} names no finding:\n{report:#}");
    }
}

#[test]
fn a_private_company_site_that_is_the_root_cause_never_leaves_the_machine() {
    let lab = Lab::new();
    let site = "canary-intranet.corp.example";
    let profile = lab.profile(&format!("intranet_urls = [\"https://{site}/wiki\"]"), "");
    let (redacted, open, stdout) = lab_runs(&lab, "network.intranet", &profile, &[]);
    assert_private(&redacted, &open, &[site]);
    assert_stdout_private(&stdout, &[site]);
    // The summary and the page still lead with the cause, by its token.
    let files = checks::read_archive(&redacted).unwrap();
    let summary = String::from_utf8_lossy(files.file("summary.txt").unwrap()).into_owned();
    assert!(summary.contains("Most likely cause"), "{summary}");
    assert!(summary.contains("site-1"), "{summary}");
    let html = String::from_utf8_lossy(files.file("report.html").unwrap()).into_owned();
    assert!(html.contains("site-1"), "{html}");
}

#[test]
fn a_profile_name_and_a_hosts_file_line_never_leave_the_machine() {
    let lab = Lab::new();
    let name = "canary-dnsname.corp.example";
    let listed = "canary-hostsline.corp.example";
    lab.set_hosts(&format!("127.0.0.1 localhost\n10.9.9.9 {listed}\n"));
    let profile = lab.profile("", &format!("names = [\"{name}\", \"{listed}\"]"));
    let (redacted, open, stdout) = lab_runs(&lab, "dns.resolution,dns.hosts_file", &profile, &[]);
    assert_private(&redacted, &open, &[name, listed]);
    assert_stdout_private(&stdout, &[name, listed]);
}

#[test]
fn a_printer_address_its_serial_and_a_document_name_never_leave_the_machine() {
    let net = Lab::new();
    let mut printers = PrintLab::start();
    // A queue whose device names a host and a serial number, and a printer that is gone
    // with a job of a private name waiting.
    printers.add_printer("Office");
    let uri = "ipp://canary-printhost.corp.example:631/ipp/print?serial=CANARYSERIAL42";
    printers.must("lpadmin", &["-p", "Office", "-v", uri]);
    printers.add_printer("Upstairs");
    printers.switch_off("Upstairs");
    printers.print("Upstairs", "canary-salaries-2026.pdf");
    let profile = net.profile("", "");
    let mut text = std::fs::read_to_string(&profile).unwrap();
    text.push_str(&format!(
        "\n[printer]\ncups_server = \"{}\"\nstuck_job_seconds = 1\n",
        printers.socket().display()
    ));
    std::fs::write(&profile, text).unwrap();
    // The job counts as stuck once it is older than a second: poll until it does.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let output = net
            .command(
                &checkup_tests::checkup_bin(),
                "printer.queue",
                &profile,
                false,
            )
            .output()
            .unwrap();
        let report = parse(&output);
        let stuck = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["subject"] == "Upstairs" && f["status"] == "fail");
        if stuck {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the job never counted as stuck: {report:#}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // The queue's device name resolves only inside the lab, where the run happens.
    let (redacted, open, stdout) = lab_runs(&net, "printer", &profile, &[]);
    let canaries = ["canary-printhost", "canaryserial42", "canary-salaries-2026"];
    assert_private(&redacted, &open, &canaries);
    assert_stdout_private(&stdout, &canaries);
}

/// A disk lab where every disk counts as low, so the home folder is scanned.
fn low_disk_lab(user: &str, folder: &str) -> (disks::Lab, PathBuf, PathBuf) {
    let lab = disks::Lab::new();
    let home = lab.path(&format!("home/{user}"));
    std::fs::create_dir_all(home.join(folder)).unwrap();
    std::fs::write(home.join(folder).join("big.bin"), vec![b'x'; 3_000_000]).unwrap();
    let profile = lab.path("profile.toml");
    std::fs::write(
        &profile,
        "[disk]\nwarn_free_percent = 100\nwarn_free_bytes = 9000000000000000000\n",
    )
    .unwrap();
    (lab, home, profile)
}

fn disk_runs(
    lab: &disks::Lab,
    only: &str,
    profile: &Path,
    envs: &[(&str, &str)],
    pid_namespace: bool,
) -> (PathBuf, PathBuf) {
    let mut archives = Vec::new();
    for unredacted in [false, true] {
        let dir = lab.path(&format!("out-{unredacted}"));
        std::fs::create_dir_all(&dir).unwrap();
        let dir_text = dir.display().to_string();
        let profile_text = profile.display().to_string();
        let mut args = vec![
            "run",
            "--only",
            only,
            "--profile",
            &profile_text,
            "--report",
            &dir_text,
        ];
        if unredacted {
            args.push("--no-redact");
        }
        let output = if pid_namespace {
            lab.run_isolated(&args, envs)
        } else {
            lab.run_in_uts(&args, envs)
        };
        assert!(
            output.status.code().is_some_and(|c| c <= 1),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        archives.push(archive_in(&dir));
    }
    (archives.remove(0), archives.remove(0))
}

#[test]
fn the_largest_home_folder_never_leaves_the_machine() {
    let folder = "canary-folder-77";
    let (lab, home, profile) = low_disk_lab("someone", folder);
    let home_text = home.display().to_string();
    let (redacted, open) = disk_runs(
        &lab,
        "disk.space,disk.usage",
        &profile,
        &[("HOME", &home_text), ("USER", "someone")],
        false,
    );
    assert_private(&redacted, &open, &[folder]);
    // Named in the unredacted summary as the top space user: it was the summary that leaked.
    let files = checks::read_archive(&open).unwrap();
    let report = String::from_utf8_lossy(files.file("report.json").unwrap()).into_owned();
    assert!(report.contains(&format!("\"{folder}")), "{report}");
}

#[test]
fn a_process_name_in_the_memory_check_never_leaves_the_machine() {
    let (mut lab, _, profile) = low_disk_lab("someone", "x");
    // Alone in a process namespace with the run, the canary is one of the biggest users.
    let canary = lab.path("canary-proc-31");
    std::fs::copy("/bin/sleep", &canary).unwrap();
    lab.then(&format!("'{}' 60 &", canary.display()));
    let (redacted, open) = disk_runs(&lab, "system.memory", &profile, &[], true);
    assert_private(&redacted, &open, &["canary-proc-31"]);
}

#[test]
fn a_user_named_like_a_json_key_still_gets_a_valid_report() {
    for user in ["disk", "status"] {
        let (mut lab, home, profile) = low_disk_lab(user, "Videos");
        lab.then("hostname checkup-test-box");
        // A full disk mounted in the home folder: a root cause whose subject is private.
        let vault = home.join("canary-vault");
        lab.filesystem_at("vault", "16M", "mkfs.ext4 -q -F", &vault);
        lab.fill(&vault);
        let home_text = home.display().to_string();
        let (redacted, _) = disk_runs(
            &lab,
            "disk.space,disk.usage,system.os",
            &profile,
            &[("HOME", &home_text), ("USER", user), ("LOGNAME", user)],
            false,
        );
        let files = checks::read_archive(&redacted).unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(files.file("report.json").unwrap()).unwrap();
        assert!(checkup_tests::schema_errors(&json).is_empty());
        let text = json.to_string();
        assert!(text.contains("\"area\":\"disk\""), "{user}: {text}");
        // The home folder is named in the run's log: with the user's name replaced there.
        let all = archive_text(&redacted);
        assert!(all.contains("/home/user-1"), "{user}: {all}");
        assert!(!all.contains(&format!("/home/{user}")), "{user}: {all}");
        assert!(!all.contains("canary-vault"), "{user}: {all}");
        let causes = json["root_causes"].as_array().unwrap();
        assert!(
            causes.iter().any(|c| c["id"] == "disk.space"),
            "{user}: {json:#}"
        );
        assert!(
            json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["status"].is_string()),
            "{user}"
        );
        let verify = checkup_tests::checkup()
            .args(["report", "verify"])
            .arg(&redacted)
            .output()
            .unwrap();
        assert_eq!(verify.status.code(), Some(0), "{user}");
    }
}

#[test]
fn a_machine_named_debian_in_the_local_domain_keeps_ordinary_words() {
    let (mut lab, home, profile) = low_disk_lab("someone", "x");
    lab.then("hostname debian.local");
    let home_text = home.display().to_string();
    let (redacted, open) = disk_runs(
        &lab,
        "system.os,system.uptime",
        &profile,
        &[("HOME", &home_text), ("USER", "someone")],
        false,
    );
    let read = |zip: &Path| -> serde_json::Value {
        let files = checks::read_archive(zip).unwrap();
        serde_json::from_slice(files.file("report.json").unwrap()).unwrap()
    };
    let (hidden, shown) = (read(&redacted), read(&open));
    // The machine's name is hidden where it is a name…
    let host = |report: &serde_json::Value| -> String {
        report["findings"][0]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["key"] == "host_name")
            .map(|e| e["value"].as_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(host(&shown), "debian.local");
    assert_eq!(host(&hidden), "host-1");
    // …and the words around it, the OS version among them, are untouched.
    assert_eq!(hidden["platform"], shown["platform"]);
    assert_eq!(
        hidden["findings"][0]["summary"],
        shown["findings"][0]["summary"]
    );
    let summary = String::from_utf8_lossy(
        checks::read_archive(&redacted)
            .unwrap()
            .file("summary.txt")
            .unwrap(),
    )
    .into_owned();
    assert!(summary.contains("Debian"), "{summary}");
}

#[test]
fn recorded_facts_hide_every_canary_and_still_replay() {
    let folder = "canary-folder-88";
    let (mut lab, home, profile) = low_disk_lab("canary-user-5", folder);
    lab.then("hostname canary-host-9.corp.example");
    let process = lab.path("canary-proc-32");
    std::fs::copy("/bin/sleep", &process).unwrap();
    lab.then(&format!("'{}' 60 &", process.display()));
    let home_text = home.display().to_string();
    let profile_text = profile.display().to_string();
    let canaries = [
        folder,
        "canary-user-5",
        "canary-host-9",
        "corp.example",
        "canary-proc-32",
    ];
    let mut texts = Vec::new();
    for unredacted in [false, true] {
        let facts = lab.path(&format!("facts-{unredacted}.json"));
        let facts_text = facts.display().to_string();
        let mut args = vec![
            "run",
            "--only",
            "disk.space,disk.usage,system.memory",
            "--profile",
            &profile_text,
            "--record-facts",
            &facts_text,
        ];
        if unredacted {
            args.push("--no-redact");
        }
        let output = lab.run_isolated(&args, &[("HOME", &home_text), ("USER", "canary-user-5")]);
        assert!(
            output.status.code().is_some_and(|c| c <= 1),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        texts.push((facts.clone(), std::fs::read_to_string(&facts).unwrap()));
    }
    let (redacted_path, hidden) = &texts[0];
    let (open_path, open) = &texts[1];
    for canary in canaries {
        assert!(
            open.contains(canary),
            "positive control: {canary} was never recorded"
        );
        assert!(!hidden.contains(canary), "{canary} leaked:\n{hidden}");
    }
    // The redacted set replays to the verdicts of the one recorded unredacted.
    let verdicts = |path: &Path| -> Vec<String> {
        let output = checkup_tests::checkup()
            .args(["run", "--format", "json", "--replay-facts"])
            .arg(path)
            .output()
            .unwrap();
        let report = parse(&output);
        let mut all: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {} {}", f["id"], f["status"], f["message_id"]))
            .collect();
        all.sort();
        all
    };
    assert_eq!(verdicts(redacted_path), verdicts(open_path));
    // An existing file is not replaced without --force.
    let again = lab.run_isolated(
        &[
            "run",
            "--only",
            "system.memory",
            "--record-facts",
            &redacted_path.display().to_string(),
        ],
        &[],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(&std::fs::read_to_string(redacted_path).unwrap(), hidden);
}
