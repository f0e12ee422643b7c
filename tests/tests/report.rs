//! The support report through the real `checkup`: canaries planted everywhere never reach the
//! archive; `verify` catches tampering; hostile archives are refused cleanly; writing never
//! leaves a half-written file or overwrites without `--force`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};

use checkup_tests::disks::{Lab, sh};
use checkup_tests::report::parse;
use checkup_tests::{checkup, schema_errors};

const MAC: &str = "aa-bb-cc-dd-ee-0f";
const MAC_VARIANTS: [&str; 5] = [
    "aa:bb:cc:dd:ee:0f",
    "aa-bb-cc-dd-ee-0f",
    "aabbccddee0f",
    "aabb.ccdd.ee0f",
    "aa:bb:cc:dd:ee:f",
];
const EMAIL: &str = "canary.mail@example.org";
const PUBLIC_IP: &str = "198.51.100.77";
const HOST: &str = "canaryhost7";
const USER: &str = "canaryuser";

fn files_of(zip: &Path) -> Vec<(String, Vec<u8>)> {
    checks::read_archive(zip).unwrap().files
}

fn assert_no_canary(name: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes).to_lowercase();
    for canary in [EMAIL, PUBLIC_IP, HOST, USER]
        .iter()
        .chain(MAC_VARIANTS.iter())
    {
        assert!(
            !text.contains(&canary.to_lowercase()),
            "{canary} leaked into {name}:\n{text}"
        );
    }
}

/// A lab whose host name, user name, home folder and mount points carry canaries.
fn canary_lab() -> (Lab, PathBuf, String) {
    let mut lab = Lab::new();
    // Mount points named with a MAC, an e-mail address and a public IP: they show up in
    // subjects, summaries and evidence as free text.
    let odd = lab.filesystem(
        &format!("{MAC}_{EMAIL}_{PUBLIC_IP}"),
        "64M",
        "mkfs.ext4 -q -F",
    );
    let upper = lab.filesystem("AA:BB:CC:DD:EE:0F", "64M", "mkfs.ext4 -q -F");
    let _ = (odd, upper);
    let home = lab.path(&format!("home/{USER}"));
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    std::fs::write(home.join("Documents/notes.txt"), vec![b'x'; 10_000]).unwrap();
    lab.then(&format!("hostname {HOST}"));
    // Every disk counts as low, so the home folder is scanned and its path is logged.
    let profile = lab.path("profile.toml");
    std::fs::write(
        &profile,
        "[disk]\nwarn_free_percent = 100\nwarn_free_bytes = 9000000000000000000\n",
    )
    .unwrap();
    let out = lab.path("out");
    std::fs::create_dir_all(&out).unwrap();
    (lab, out, profile.display().to_string())
}

#[test]
fn no_canary_reaches_any_file_of_the_archive() {
    let (lab, out, profile) = canary_lab();
    let home = lab.path(&format!("home/{USER}")).display().to_string();
    let output = lab.run_in_uts(
        &[
            "run",
            "--only",
            "disk,system.os,system.memory,system.cpu,system.uptime",
            "--profile",
            &profile,
            "--report",
            &out.display().to_string(),
        ],
        &[("HOME", &home), ("USER", USER), ("LOGNAME", USER)],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.code().is_some_and(|c| c <= 1), "{stderr}");
    let zip = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "zip"));
    let zip = zip.unwrap_or_else(|| panic!("no archive written: {stderr}"));
    let name = zip.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("checkup-CK-") && name.len() == "checkup-CK-XXXX-XXXX.zip".len(),
        "{name}"
    );

    // The canaries really were there to be found: the unredacted report has them.
    let files = files_of(&zip);
    assert_eq!(files.len(), 5);
    for (name, bytes) in &files {
        assert_no_canary(name, bytes);
    }
    // The raw archive too (names, comments), not only the unpacked files.
    assert_no_canary("the zip file", &std::fs::read(&zip).unwrap());

    let manifest: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|(n, _)| n == "manifest.json").unwrap().1)
            .unwrap();
    assert_eq!(manifest["redacted"], true);
    for kind in ["user", "host", "mac", "email", "public_ip"] {
        assert!(
            manifest["redaction"][kind].as_u64().unwrap_or(0) >= 1,
            "{kind}: {manifest:#}"
        );
    }
    let log = String::from_utf8_lossy(
        &files
            .iter()
            .find(|(n, _)| n == "logs/checkup.log")
            .unwrap()
            .1,
    )
    .into_owned();
    assert!(
        log.contains("scanning the home folder"),
        "the home path was never logged: {log}"
    );
    checkup_tests::report::assert_verifies(&zip);
}

#[test]
fn unredacted_run_shows_the_canaries_so_the_test_above_means_something() {
    let (lab, out, profile) = canary_lab();
    let home = lab.path(&format!("home/{USER}")).display().to_string();
    let output = lab.run_in_uts(
        &[
            "run",
            "--only",
            "disk,system.os,system.memory,system.cpu,system.uptime",
            "--profile",
            &profile,
            "--report",
            &out.display().to_string(),
            "--no-redact",
            "--format",
            "json",
        ],
        &[("HOME", &home), ("USER", USER)],
    );
    let stdout = String::from_utf8_lossy(&output.stdout).to_lowercase();
    for canary in [HOST, USER, EMAIL, PUBLIC_IP, MAC] {
        assert!(
            stdout.contains(canary),
            "{canary} never appeared, so its redaction is untested"
        );
    }
    let zip = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let manifest = files_of(&zip)
        .into_iter()
        .find(|(n, _)| n == "manifest.json")
        .unwrap()
        .1;
    let manifest: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    assert_eq!(manifest["redacted"], false);
    assert_eq!(manifest["redaction"], serde_json::Value::Null);
}

#[test]
fn redacted_json_on_stdout_has_no_canary_and_validates() {
    let (lab, _out, profile) = canary_lab();
    let home = lab.path(&format!("home/{USER}")).display().to_string();
    let output = lab.run_in_uts(
        &[
            "run",
            "--only",
            "disk,system.os,system.memory,system.cpu,system.uptime",
            "--profile",
            &profile,
            "--format",
            "json",
            "--redact",
        ],
        &[("HOME", &home), ("USER", USER)],
    );
    assert_no_canary("stdout", &output.stdout);
    let report = parse(&output);
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
}

fn write_report(dir: &Path, extra: &[&str]) -> PathBuf {
    let output = checkup()
        .args(["run", "--only", "system.os", "--report"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .unwrap()
}

#[test]
fn html_is_self_contained_and_summary_is_short() {
    let dir = tempfile::tempdir().unwrap();
    let zip = write_report(dir.path(), &[]);
    let files = files_of(&zip);
    let html = String::from_utf8_lossy(&files.iter().find(|(n, _)| n == "report.html").unwrap().1)
        .to_lowercase();
    assert!(!html.contains("<script"), "{html}");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    assert!(html.contains("<!doctype html>") && html.contains("operating system"));
    let summary = &files.iter().find(|(n, _)| n == "summary.txt").unwrap().1;
    assert!(summary.len() <= 2048);
    assert!(String::from_utf8_lossy(summary).starts_with("Reference code: CK-"));
    let report: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|(n, _)| n == "report.json").unwrap().1).unwrap();
    assert!(schema_errors(&report).is_empty());
    let show = checkup()
        .args(["report", "show"])
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(show.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&show.stdout);
    assert!(
        shown.starts_with("Reference code: CK-") && shown.contains("manifest.json"),
        "{shown}"
    );
}

/// Rewrites an archive with some files changed, keeping the rest as they were.
fn rewrite(from: &Path, to: &Path, change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for (name, bytes) in files_of(from) {
        if let Some(bytes) = change(&name, bytes) {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(&bytes).unwrap();
        }
    }
    zip.finish().unwrap();
}

fn verify_code(path: &Path) -> (Option<i32>, String) {
    let output = checkup()
        .args(["report", "verify"])
        .arg(path)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn verify_catches_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let zip = write_report(dir.path(), &[]);
    assert_eq!(verify_code(&zip).0, Some(0));
    let tampered = dir.path().join("t.zip");

    rewrite(&zip, &tampered, |name, mut bytes| {
        if name == "summary.txt" {
            bytes.extend_from_slice(b"all fine, really");
        }
        Some(bytes)
    });
    let (code, stderr) = verify_code(&tampered);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("summary.txt"), "{stderr}");

    rewrite(&zip, &tampered, |name, bytes| {
        (name != "report.html").then_some(bytes)
    });
    assert_eq!(verify_code(&tampered).0, Some(1));

    // A schema violation, with the manifest's hash fixed up to match: still invalid.
    rewrite(&zip, &tampered, |name, bytes| {
        let text = String::from_utf8(bytes).unwrap();
        Some(if name == "report.json" {
            text.replace("\"pass\"", "\"fine\"").into_bytes()
        } else {
            text.into_bytes()
        })
    });
    let files = files_of(&tampered);
    let report = files
        .iter()
        .find(|(n, _)| n == "report.json")
        .unwrap()
        .1
        .clone();
    let digest = sha256_hex(&report);
    let fixed = dir.path().join("fixed.zip");
    rewrite(&tampered, &fixed, |name, bytes| {
        if name != "manifest.json" {
            return Some(bytes);
        }
        let mut manifest: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        for file in manifest["files"].as_array_mut().unwrap() {
            if file["path"] == "report.json" {
                file["sha256"] = digest.clone().into();
                file["size"] = report.len().into();
            }
        }
        Some(serde_json::to_vec(&manifest).unwrap())
    });
    let (code, stderr) = verify_code(&fixed);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("checkup.report.v1"), "{stderr}");

    // A redaction summary that understates what was hidden.
    rewrite(&zip, &tampered, |name, bytes| {
        if name != "manifest.json" {
            return Some(bytes);
        }
        let mut manifest: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        manifest["redaction"]["host"] = 7.into();
        Some(serde_json::to_vec(&manifest).unwrap())
    });
    let (code, stderr) = verify_code(&tampered);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("redaction summary"), "{stderr}");
}

fn sha256_hex(bytes: &[u8]) -> String {
    let output = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(bytes)?;
            child.wait_with_output()
        })
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn unreadable_archives_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let zip = write_report(dir.path(), &[]);
    let bytes = std::fs::read(&zip).unwrap();
    let truncated = dir.path().join("truncated.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(verify_code(&truncated).0, Some(2));
    let not_zip = dir.path().join("not.zip");
    std::fs::write(&not_zip, b"hello, I am not an archive").unwrap();
    assert_eq!(verify_code(&not_zip).0, Some(2));
    assert_eq!(verify_code(&dir.path().join("missing.zip")).0, Some(2));
    let usage = checkup().args(["report", "verify"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
}

fn hostile(dir: &Path, name: &str, entries: &[(&str, Vec<u8>)]) -> PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (entry, bytes) in entries {
        zip.start_file(*entry, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    path
}

/// Two entries both named `summary.txt`: ZIP writers refuse that, so the second name is
/// patched in the raw bytes.
fn duplicate_names(dir: &Path) -> PathBuf {
    let path = hostile(
        dir,
        "duplicate.zip",
        &[
            ("summary.txt", b"a".to_vec()),
            ("summary.tx_", b"b".to_vec()),
        ],
    );
    let mut out = std::fs::read(&path).unwrap();
    let needle = b"summary.tx_";
    let mut i = 0;
    while i + needle.len() <= out.len() {
        if &out[i..i + needle.len()] == needle {
            out[i + needle.len() - 1] = b't';
        }
        i += 1;
    }
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn hostile_archives_are_refused_without_harm() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        hostile(
            dir.path(),
            "traversal.zip",
            &[("../../escaped.txt", b"x".to_vec())],
        ),
        hostile(
            dir.path(),
            "absolute.zip",
            &[("/tmp/escaped.txt", b"x".to_vec())],
        ),
        // 200 MB of zeros that compress to a few hundred KB.
        hostile(
            dir.path(),
            "bomb.zip",
            &[("report.json", vec![0u8; 200 * 1024 * 1024])],
        ),
        hostile(
            dir.path(),
            "deep.zip",
            &[
                ("report.json", "[".repeat(100_000).into_bytes()),
                ("manifest.json", b"{}".to_vec()),
            ],
        ),
        hostile(
            dir.path(),
            "garbage-json.zip",
            &[
                ("report.json", vec![0xff; 1000]),
                ("manifest.json", b"\"x\"".to_vec()),
            ],
        ),
        duplicate_names(dir.path()),
        hostile(dir.path(), "empty.zip", &[]),
    ];
    for case in &cases {
        for command in ["verify", "show"] {
            let started = std::time::Instant::now();
            let output = checkup()
                .args(["report", command])
                .arg(case)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            let code = output.status.code();
            let name = case.file_name().unwrap().to_string_lossy();
            // `show` only displays what is there; a damaged but harmless archive still shows.
            let expected_ok = command == "show"
                && ["empty.zip", "deep.zip", "garbage-json.zip", "duplicate.zip"]
                    .contains(&name.as_ref());
            if expected_ok {
                assert_eq!(code, Some(0), "{command} {name}: {stderr}");
            } else {
                assert_eq!(code, Some(1), "{command} {name}: {stderr}");
                assert!(
                    stderr.contains("not an intact Checkup report"),
                    "{command} {name}: {stderr}"
                );
            }
            assert!(!stderr.contains("panicked"), "{stderr}");
            assert!(
                started.elapsed().as_secs() < 20,
                "{command} {name} took {:?}",
                started.elapsed()
            );
        }
    }
    assert!(!dir.path().parent().unwrap().join("escaped.txt").exists());
    assert!(!Path::new("/tmp/escaped.txt").exists());
}

#[test]
fn existing_report_is_kept_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("mine.zip");
    std::fs::write(&target, b"my precious file").unwrap();
    let output = checkup()
        .args(["run", "--only", "system.os", "--report"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--force"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"my precious file");
    let output = checkup()
        .args(["run", "--only", "system.os", "--force", "--report"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(verify_code(&target).0, Some(0));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "a temporary file was left behind"
    );
}

#[test]
fn profile_can_forbid_unredacted_reports() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(&profile, "[report]\nallow_unredacted = false\n").unwrap();
    let output = checkup()
        .args(["run", "--only", "system.os", "--no-redact", "--report"])
        .arg(dir.path())
        .arg("--profile")
        .arg(&profile)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("allow_unredacted"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn read_only_or_full_folder_fails_clearly_and_leaves_nothing() {
    let mut lab = Lab::new();
    let ro = lab.filesystem("ro", "16M", "mkfs.ext4 -q -F");
    lab.then(&format!("mount -o remount,ro '{}'", ro.display()));
    let output = lab.run(
        &[
            "run",
            "--only",
            "system.os",
            "--report",
            &ro.display().to_string(),
        ],
        &[],
        false,
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot write to") && stderr.contains("Read-only"),
        "{stderr}"
    );

    let mut lab = Lab::new();
    let full = lab.filesystem("full", "16M", "mkfs.ext4 -q -F -m 0");
    let target = full.join("reports");
    lab.then(&format!(
        "mkdir '{t}'; dd if=/dev/zero of='{f}/filler' bs=1k 2>/dev/null || true; sync",
        t = target.display(),
        f = full.display()
    ));
    // After checkup exits, list what it left in the folder (still inside the namespace).
    let output = lab.run_then(
        &[
            "run",
            "--only",
            "system.os",
            "--report",
            &target.display().to_string(),
        ],
        &format!("ls -A '{}'", target.display()),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot write the report") || stderr.contains("cannot write to"),
        "{stderr}"
    );
    assert!(stdout.contains("exit=2"), "{stdout}");
    assert!(
        !stdout.contains(".zip"),
        "a partial file was left behind: {stdout}"
    );
    let _ = sh;
}
