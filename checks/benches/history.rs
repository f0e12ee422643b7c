//! The local history: what keeping a run costs a run with 200 runs already stored, on real
//! SQLite files. Measured: opening the file, computing what changed since each non-passing
//! check last passed (three failing checks with a stored good run each), the disk
//! projection, storing the run with its facts and pruning to 200. Aim: under 20 ms.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use checks::{FactSet, History, HistoryKeep, Report, Status};
use criterion::{Criterion, criterion_group, criterion_main};

fn recorded(name: &str) -> FactSet {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/facts")
        .join(name);
    FactSet::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn replayed(set: &FactSet) -> Report {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let replayed = runtime.block_on(checks::replay(set)).unwrap();
    checks::build_report(&replayed.plan, replayed.result)
}

fn history_benches(c: &mut Criterion) {
    let set = recorded("lab-network-healthy.json");
    let good = replayed(&set);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(checks::HISTORY_FILE);
    {
        let (mut history, _) = History::open(&path).unwrap();
        for _ in 0..200 {
            let mut report = good.clone();
            report.reference = checks::reference_code();
            history
                .store(
                    &report,
                    Some(&set),
                    HistoryKeep::default(),
                    std::time::SystemTime::now(),
                )
                .unwrap();
        }
    }
    // This run: three name checks that passed before now fail, with another name server.
    let mut now = set.clone();
    for call in &mut now.calls {
        if call.call == "resolver_settings"
            && let Some(settings) = call.value.get_mut("Ok")
        {
            settings["servers"] = serde_json::json!(["10.8.0.53"]);
        }
    }
    let mut failing = replayed(&now);
    let mut failed = 0;
    for finding in &mut failing.findings {
        if failed < 3 && finding.status == Status::Pass && finding.id.starts_with("dns.") {
            finding.status = Status::Fail;
            failed += 1;
        }
    }
    let settings = checks::Profile::default().history;
    let file_size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "history with 200 stored runs: {} KB on disk; one run's facts {} KB",
        file_size / 1024,
        serde_json::to_string(&set).unwrap().len() / 1024
    );
    let mut group = c.benchmark_group("history");
    // Every measured run starts from the same 200 good runs (the copy is not measured).
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let live = work.join(checks::HISTORY_FILE);
    group.bench_function("keep a run (200 stored, 3 failing checks)", |b| {
        b.iter_batched(
            || {
                std::fs::copy(&path, &live).unwrap();
                let mut report = failing.clone();
                report.reference = checks::reference_code();
                report
            },
            |mut report| {
                let remembered = checks::remember(&mut report, Some(&now), &settings, Some(&live));
                assert!(remembered.saved, "{:?}", remembered.problem);
                assert!(report.findings.iter().any(|f| !f.changes.is_empty()));
                black_box(report)
            },
            criterion::BatchSize::PerIteration,
        );
    });
    group.finish();
    let history = History::open_to_read(&live).unwrap();
    assert_eq!(history.len().unwrap(), 200);
    let changes: usize = history
        .run(None)
        .unwrap()
        .report
        .findings
        .iter()
        .map(|f| f.changes.len())
        .sum();
    eprintln!("changes found on the failing checks: {changes}");
}

criterion_group!(benches, history_benches);
criterion_main!(benches);
