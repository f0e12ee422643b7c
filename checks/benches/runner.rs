//! Runner overhead: planning and running 50 trivial checks (half independent, half in
//! dependency chains), rendering their texts, and building the report. Aim: well under 5 ms.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use checks::{Area, CheckDef, MessageSpec, Outcome, Plan, Profile, RunOptions, Status, message};
use criterion::{Criterion, criterion_group, criterion_main};

const PASS: MessageSpec = message(Status::Pass, "system-bench-pass");

fn trivial(_: checks::Context) -> checks::CheckFuture {
    Box::pin(async { vec![Outcome::of(&PASS)] })
}

fn fifty_checks() -> Vec<&'static CheckDef> {
    let mut all: Vec<&'static CheckDef> = Vec::new();
    for i in 0..50 {
        let id: &'static str = Box::leak(format!("system.bench_{i:02}").into_boxed_str());
        // Odd checks depend on the one before: 25 chains of two.
        let depends_on: &'static [&'static str] = if i % 2 == 1 {
            Box::leak(vec![all[i - 1].id].into_boxed_slice())
        } else {
            &[]
        };
        all.push(Box::leak(Box::new(CheckDef {
            id,
            area: Area::System,
            depends_on,
            after: &[],
            timeout: Duration::from_secs(5),
            messages: &[PASS],
            run: trivial,
        })));
    }
    all
}

fn runner_overhead(c: &mut Criterion) {
    let all = fifty_checks();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let profile = Arc::new(Profile::default());
    c.bench_function("plan, run and report 50 trivial checks", |b| {
        b.iter(|| {
            let plan = Plan::new(&all, &[]).unwrap();
            let result = runtime.block_on(checks::run(
                &plan,
                Arc::clone(&profile),
                RunOptions::from_profile(&profile),
                &|event| {
                    black_box(event);
                },
            ));
            assert_eq!(result.findings.len(), 50);
            black_box(checks::build_report(&plan, result))
        });
    });
}

criterion_group!(benches, runner_overhead);
criterion_main!(benches);
