//! Printer benchmark: wall time of `checkup run --only printer` against a private cupsd with
//! 10 queues. Run as root: `cargo run --release -p checkup-tests --example printer-bench`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::time::Instant;

use checkup_tests::printers::PrintLab;

fn main() {
    let bin = checkup_tests::release_checkup_bin(&[]);

    let mut lab = PrintLab::start();
    let port = lab.add_printer("Queue01");
    for n in 2..=10 {
        lab.add_queue(&format!("Queue{n:02}"), port);
    }
    let profile = lab.profile("");
    let runs = 20;
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let output = Command::new(&bin)
                .args(["run", "--only", "printer", "--format", "json", "--profile"])
                .arg(&profile)
                .output()
                .unwrap();
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            let states = report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["id"] == "printer.state")
                .count();
            assert_eq!(states, 10, "expected 10 queues");
            elapsed
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "checkup run --only printer, 10 queues: median {:.1} ms (min {:.1}, max {:.1}, {runs} runs)",
        times[runs / 2],
        times[0],
        times[runs - 1]
    );
}
