//! The support report: building it (redaction, JSON, HTML, text, ZIP) for a full run, the
//! redaction throughput over a 10 MB log, and the archive's size.
//! Aims: under 50 ms, over 50 MB/s, under 100 KB.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::sync::Arc;

use checks::{Profile, Redactor, RunOptions, Secrets, SupportReport};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn secrets() -> Secrets {
    Secrets {
        user_names: vec!["alice".into()],
        host_names: vec!["alice-laptop".into(), "corp.example".into()],
        terms: vec!["Nightingale".into()],
    }
}

/// A log of about `bytes` bytes in the shape of a real one, with addresses to find.
fn log(bytes: usize) -> String {
    let lines = [
        "2026-11-22T10:00:00.123456Z DEBUG checks::runner: finished check=\"disk.space\" subject=\"/\" status=\"pass\" duration_ms=3",
        "2026-11-22T10:00:00.223456Z  INFO checks::network: probe 8.8.8.8 answered in 12 ms via 192.168.1.1 on eth0 aa:bb:cc:dd:ee:0f",
        "2026-11-22T10:00:00.323456Z DEBUG checks::disk: scanning the home folder home=/home/alice budget_ms=2000",
        "2026-11-22T10:00:00.423456Z  WARN checks::http: https://intranet.corp.example/status timed out after 700 ms; contact alice@example.org",
        "2026-11-22T10:00:00.523456Z DEBUG checks::dns: 2606:4700:4700::1111 answered NOERROR for www.example.com in 21 ms",
    ];
    let mut out = String::with_capacity(bytes + 200);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(lines[i % lines.len()]);
        out.push('\n');
        i += 1;
    }
    out
}

fn report_benches(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let profile = Arc::new(Profile::default());
    // Only checks that stay on this machine: a benchmark never probes the network.
    let selection: Vec<String> = [
        "disk",
        "system.os",
        "system.memory",
        "system.cpu",
        "system.uptime",
    ]
    .map(str::to_owned)
    .to_vec();
    let plan = checks::plan(&selection).unwrap();
    let run = runtime.block_on(checks::run(
        &plan,
        Arc::clone(&profile),
        RunOptions::from_profile(&profile),
        &|_| {},
    ));
    let report = checks::build_report(&plan, run);
    let run_log = log(20_000);

    let support = SupportReport::new(&report, &run_log, true, &secrets()).unwrap();
    let size = support.to_zip().unwrap().len();
    println!(
        "archive size for a full run ({} findings): {size} bytes",
        report.findings.len()
    );

    c.bench_function(
        "build the report archive (redact, JSON, HTML, text, ZIP)",
        |b| {
            b.iter(|| {
                let support =
                    SupportReport::new(black_box(&report), black_box(&run_log), true, &secrets())
                        .unwrap();
                black_box(support.to_zip().unwrap())
            });
        },
    );

    let big = log(10 * 1024 * 1024);
    let mut group = c.benchmark_group("redaction");
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.sample_size(10);
    group.bench_function("scrub a 10 MB log", |b| {
        b.iter(|| black_box(Redactor::new(&secrets()).scrub(black_box(&big))));
    });
    group.finish();
}

criterion_group!(benches, report_benches);
criterion_main!(benches);
