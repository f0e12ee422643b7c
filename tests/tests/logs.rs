//! The system journal read the way Checkup reads it, with the real `journalctl`, on journal
//! files the test writes with `systemd-journal-remote` from export-format streams (journald
//! does not run in the test sandbox, so the system journal itself is never read here).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn now_micros() -> u64 {
    u64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_micros(),
    )
    .unwrap()
}

/// One entry of the journal export format; binary values use the length-prefixed form.
fn entry(out: &mut Vec<u8>, micros: u64, fields: &[(&str, &[u8])]) {
    out.extend_from_slice(
        format!(
            "__REALTIME_TIMESTAMP={micros}\n__MONOTONIC_TIMESTAMP={micros}\n_BOOT_ID=0123456789abcdef0123456789abcdef\n"
        )
        .as_bytes(),
    );
    for (key, value) in fields {
        if value.iter().any(|b| *b == b'\n' || *b >= 0x80) {
            out.extend_from_slice(key.as_bytes());
            out.push(b'\n');
            out.extend_from_slice(&(value.len() as u64).to_le_bytes());
            out.extend_from_slice(value);
            out.push(b'\n');
        } else {
            out.extend_from_slice(format!("{key}=").as_bytes());
            out.extend_from_slice(value);
            out.push(b'\n');
        }
    }
    out.push(b'\n');
}

fn journal_remote() -> PathBuf {
    [
        "/lib/systemd/systemd-journal-remote",
        "/usr/lib/systemd/systemd-journal-remote",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .expect("systemd-journal-remote is installed (package systemd-journal-remote)")
}

/// Writes `stream` (export format) into a journal file under `dir`.
fn journal_file(dir: &Path, stream: &[u8]) -> PathBuf {
    let export = dir.join("stream.export");
    std::fs::File::create(&export)
        .unwrap()
        .write_all(stream)
        .unwrap();
    let file = dir.join("test.journal");
    let output = Command::new(journal_remote())
        .arg(format!("--output={}", file.display()))
        .arg(&export)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    file
}

/// Runs `journalctl` with exactly Checkup's arguments, on `file`.
fn read(file: &Path, since: u64, units: &[&str]) -> (Vec<checks::LogLine>, std::time::Duration) {
    let units: Vec<String> = units.iter().map(|u| (*u).to_owned()).collect();
    let args = checks::journal_args(since, &units, &[file.display().to_string()]);
    let started = Instant::now();
    let output = Command::new("journalctl").args(&args).output().unwrap();
    let took = started.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (checks::parse_journal_json(&output.stdout), took)
}

#[test]
fn the_journal_is_read_for_the_asked_services_since_the_asked_time() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_micros();
    let mut stream = Vec::new();
    entry(
        &mut stream,
        now - 7_200_000_000,
        &[
            ("_SYSTEMD_UNIT", b"NetworkManager.service"),
            ("MESSAGE", b"dhcp4 (eth0): two hours ago"),
        ],
    );
    entry(
        &mut stream,
        now - 10_000_000,
        &[
            ("_SYSTEMD_UNIT", b"NetworkManager.service"),
            ("MESSAGE", b"dhcp4 (eth0): request timed out"),
        ],
    );
    entry(
        &mut stream,
        now - 5_000_000,
        &[
            ("SYSLOG_IDENTIFIER", b"wpa_supplicant"),
            (
                "MESSAGE",
                b"wlan0: authentication with 02:00:00:00:00:01 timed out \xff\xfe",
            ),
        ],
    );
    entry(
        &mut stream,
        now - 1_000_000,
        &[
            ("_SYSTEMD_UNIT", b"sshd.service"),
            ("MESSAGE", b"Accepted publickey for someone"),
        ],
    );
    let file = journal_file(dir.path(), &stream);
    let since = now / 1_000_000 - 3600;
    let (lines, _) = read(&file, since, &["NetworkManager.service", "wpa_supplicant"]);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "dhcp4 (eth0): request timed out",
            "wlan0: authentication with 02:00:00:00:00:01 timed out \u{fffd}\u{fffd}"
        ]
    );
    assert_eq!(lines[0].origin, "NetworkManager.service");
    assert_eq!(lines[1].origin, "wpa_supplicant");
    assert_eq!(lines[0].time, Some((now - 10_000_000) / 1_000_000));
}

#[test]
fn huge_lines_and_floods_stay_within_the_caps() {
    let dir = tempfile::tempdir().unwrap();
    let now = now_micros();
    let mut stream = Vec::new();
    let huge = vec![b'x'; 200_000];
    entry(
        &mut stream,
        now - 20_000_000,
        &[
            ("_SYSTEMD_UNIT", b"systemd-resolved.service"),
            ("MESSAGE", &huge),
        ],
    );
    for n in 0..20_000u64 {
        entry(
            &mut stream,
            now - 10_000_000 + n,
            &[
                ("_SYSTEMD_UNIT", b"systemd-resolved.service"),
                (
                    "MESSAGE",
                    format!(
                        "Using degraded feature set UDP for DNS server 10.0.0.{}",
                        n % 250
                    )
                    .as_bytes(),
                ),
            ],
        );
    }
    let file = journal_file(dir.path(), &stream);
    let (lines, _) = read(&file, now / 1_000_000 - 3600, &["systemd-resolved.service"]);
    // journalctl's own `--lines` cap: the newest lines only (journalctl leaves a field over
    // 4 KiB out of its JSON, so the huge line costs nothing).
    assert!((4900..=5000).contains(&lines.len()), "{}", lines.len());
    assert!(lines.last().unwrap().text.contains("10.0.0."));
    assert!(
        lines
            .iter()
            .all(|l| l.text.chars().count() <= checks::MAX_LOG_LINE_CHARS + 1)
    );
}
