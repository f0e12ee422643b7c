//! Full-run benchmark: wall time of a healthy "Check my computer" with a support report
//! (`checkup run --report DIR`), in the network lab with a private print server, beside
//! `sos report -o networking,cups,filesys,date,host` on the same machine. Run as root:
//! `cargo run --release -p checkup-tests --example full-bench` (needs Debian's `sosreport`;
//! without it only Checkup is timed). `CHECKUP_BIN=<path>` times another build.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use checkup_tests::net::{Lab, WEB_IP};
use checkup_tests::printers::PrintLab;

fn median_and_max(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() - 1])
}

/// The wall times of `runs` full runs, and the slowest checks of the last one.
fn time_checkup(
    lab: &Lab,
    bin: &Path,
    profile: &Path,
    reports: &Path,
    runs: usize,
) -> (Vec<f64>, Vec<(u64, String)>) {
    let mut slowest = Vec::new();
    let times = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let output = lab
                .command(bin, "", profile, false)
                .arg("--report")
                .arg(reports)
                .output()
                .unwrap();
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            let report: serde_json::Value = serde_json::from_slice(&output.stdout)
                .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
            assert_eq!(
                report["root_causes"],
                serde_json::json!([]),
                "the benchmark times a healthy run: {:#}",
                report["findings"]
            );
            slowest = report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    (
                        f["duration_ms"].as_u64().unwrap_or(0),
                        format!("{} {}", f["id"], f["subject"]),
                    )
                })
                .collect();
            elapsed
        })
        .collect();
    slowest.sort_by(|a, b| b.cmp(a));
    slowest.truncate(5);
    (times, slowest)
}

fn time_sos(lab: &Lab, runs: usize) -> Option<Vec<f64>> {
    let found = Command::new("sos").arg("--help").output();
    if found.is_err() {
        eprintln!("sos is not installed (Debian package sosreport): only Checkup was timed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    Some(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                let output = Command::new("ip")
                    .args(["netns", "exec", &lab.client])
                    .args([
                        "sos",
                        "report",
                        "--batch",
                        "--quiet",
                        "-o",
                        "networking,cups,filesys,date,host",
                        "--tmp-dir",
                    ])
                    .arg(dir.path())
                    .output()
                    .unwrap();
                let elapsed = started.elapsed().as_secs_f64() * 1000.0;
                assert!(
                    output.status.success(),
                    "{}",
                    String::from_utf8_lossy(&output.stderr)
                );
                elapsed
            })
            .collect(),
    )
}

fn main() {
    let bin =
        checkup_tests::release_checkup_bin(&["-p", "checkup-tests", "--bin", "checkup-fixture"]);
    let lab = Lab::new();
    let mut printers = PrintLab::start();
    printers.add_printer("Office");
    // The queue's device answers inside the lab, where the run happens.
    printers.must(
        "lpadmin",
        &[
            "-p",
            "Office",
            "-v",
            &format!("ipp://{WEB_IP}:80/ipp/print"),
        ],
    );
    let profile = lab.profile("", "");
    let mut text = std::fs::read_to_string(&profile).unwrap();
    text.push_str(&format!(
        "\n[printer]\ncups_server = \"{}\"\n",
        printers.socket().display()
    ));
    std::fs::write(&profile, text).unwrap();
    let reports = tempfile::tempdir().unwrap();

    let runs = 10;
    let (times, slowest) = time_checkup(&lab, &bin, &profile, reports.path(), runs);
    let (checkup, checkup_max) = median_and_max(times);
    println!("checkup run --report (full, healthy): median {checkup:.0} ms (max {checkup_max:.0})");
    println!("slowest checks of the last run (ms): {slowest:?}");
    if let Some(sos) = time_sos(&lab, 5) {
        let (sos, sos_max) = median_and_max(sos);
        println!(
            "sos report -o networking,cups,filesys,date,host: median {sos:.0} ms (max {sos_max:.0})"
        );
        println!("ratio: checkup is {:.1} times faster", sos / checkup);
    }
}
