//! The runner on small declared checks: dependencies, `after`, timeouts, panics, the deadline,
//! cancellation, concurrency and the progress stream.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use checks::{
    Area, CheckDef, Finding, MessageSpec, Outcome, Plan, PlanError, Profile, Progress, RunOptions,
    RunResult, Status, message,
};

const PASS: MessageSpec = message(Status::Pass, "test-pass");
const FAIL: MessageSpec = message(Status::Fail, "test-fail");
const MESSAGES: &[MessageSpec] = &[PASS, FAIL];
const SECOND: Duration = Duration::from_secs(1);

const fn check(
    id: &'static str,
    depends_on: &'static [&'static str],
    run: fn(checks::Context) -> checks::CheckFuture,
) -> CheckDef {
    CheckDef {
        id,
        area: Area::System,
        depends_on,
        after: &[],
        timeout: Duration::from_secs(5),
        messages: MESSAGES,
        run,
    }
}

fn passes(_: checks::Context) -> checks::CheckFuture {
    Box::pin(async { vec![Outcome::of(&PASS)] })
}

fn fails(_: checks::Context) -> checks::CheckFuture {
    Box::pin(async { vec![Outcome::of(&FAIL)] })
}

fn hangs(_: checks::Context) -> checks::CheckFuture {
    Box::pin(async {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        vec![Outcome::of(&PASS)]
    })
}

async fn run_with(
    all: &[&'static CheckDef],
    selection: &[&str],
    options: RunOptions,
) -> (RunResult, Vec<Progress>) {
    let selection: Vec<String> = selection.iter().map(|s| (*s).to_owned()).collect();
    let plan = Plan::new(all, &selection).unwrap();
    let events = Mutex::new(Vec::new());
    let result = checks::run(&plan, Arc::new(Profile::default()), options, &|event| {
        events.lock().unwrap().push(event);
    })
    .await;
    (result, events.into_inner().unwrap())
}

fn options(deadline: Duration) -> RunOptions {
    RunOptions {
        deadline,
        cancel: checks::CancellationToken::new(),
        source: checks::FactSource::Native,
    }
}

fn only<'a>(result: &'a RunResult, id: &str) -> &'a Finding {
    let found: Vec<&Finding> = result.findings.iter().filter(|f| f.id == id).collect();
    assert_eq!(found.len(), 1, "{id}: {found:#?}");
    found[0]
}

#[tokio::test]
async fn failed_dependency_skips_its_dependents_transitively() {
    static A: CheckDef = check("system.a", &[], fails);
    static B: CheckDef = check("system.b", &["system.a"], passes);
    static C: CheckDef = check("system.c", &["system.b"], passes);
    static D: CheckDef = check("system.d", &[], passes);
    let (result, _) = run_with(&[&A, &B, &C, &D], &[], options(10 * SECOND)).await;
    assert_eq!(only(&result, "system.a").status, Status::Fail);
    for id in ["system.b", "system.c"] {
        let finding = only(&result, id);
        assert_eq!(finding.status, Status::Skipped, "{id}");
        assert_eq!(finding.blocked_by.as_deref(), Some("system.a"), "{id}");
        assert_eq!(finding.subject, None);
        assert_eq!(finding.message_id, checks::runner_messages::SKIPPED);
        assert!(!finding.summary.is_empty());
    }
    assert_eq!(only(&result, "system.d").status, Status::Pass);
    let plan = Plan::new(&[&A, &B, &C, &D], &[]).unwrap();
    let causes = checks::root_causes(&plan, &result.findings);
    assert_eq!(causes.len(), 1);
    assert_eq!(causes[0].id, "system.a");
}

#[tokio::test]
async fn a_check_that_overruns_its_timeout_is_an_error_and_the_run_goes_on() {
    static SLOW: CheckDef = CheckDef {
        timeout: Duration::from_millis(100),
        ..check("system.slow", &[], hangs)
    };
    static AFTER_SLOW: CheckDef = check("system.after_slow", &["system.slow"], passes);
    static OTHER: CheckDef = check("system.other", &[], passes);
    let (result, _) = run_with(&[&SLOW, &AFTER_SLOW, &OTHER], &[], options(30 * SECOND)).await;
    let slow = only(&result, "system.slow");
    assert_eq!(slow.status, Status::Error);
    assert_eq!(slow.message_id, checks::runner_messages::TIMEOUT);
    assert!(slow.summary.contains("0.1 s"), "{}", slow.summary);
    assert!(!slow.fixes.is_empty());
    assert_eq!(
        only(&result, "system.after_slow").blocked_by.as_deref(),
        Some("system.slow")
    );
    assert_eq!(only(&result, "system.other").status, Status::Pass);
    assert!(result.complete);
}

#[tokio::test]
async fn a_panicking_check_is_an_error_and_the_run_goes_on() {
    fn panics(_: checks::Context) -> checks::CheckFuture {
        Box::pin(async { panic!("boom in a check") })
    }
    static BAD: CheckDef = check("system.bad", &[], panics);
    static NEEDS_BAD: CheckDef = check("system.needs_bad", &["system.bad"], passes);
    static GOOD: CheckDef = check("system.good", &[], passes);
    let (result, _) = run_with(&[&BAD, &NEEDS_BAD, &GOOD], &[], options(10 * SECOND)).await;
    let bad = only(&result, "system.bad");
    assert_eq!(bad.status, Status::Error);
    assert_eq!(bad.message_id, checks::runner_messages::PANICKED);
    assert!(
        bad.evidence
            .iter()
            .any(|e| e.value.to_string() == "boom in a check"),
        "{bad:?}"
    );
    assert_eq!(only(&result, "system.needs_bad").status, Status::Skipped);
    assert_eq!(only(&result, "system.good").status, Status::Pass);
}

#[tokio::test]
async fn the_deadline_ends_the_run_with_errors_for_what_did_not_finish() {
    static FOREVER: CheckDef = CheckDef {
        timeout: Duration::from_secs(3600),
        ..check("system.forever", &[], hangs)
    };
    static WAITS: CheckDef = check("system.waits", &["system.forever"], passes);
    static QUICK: CheckDef = check("system.quick", &[], passes);
    let (result, events) = run_with(
        &[&FOREVER, &WAITS, &QUICK],
        &[],
        options(Duration::from_millis(200)),
    )
    .await;
    let forever = only(&result, "system.forever");
    assert_eq!(forever.status, Status::Error);
    assert_eq!(forever.message_id, checks::runner_messages::DEADLINE);
    let waits = only(&result, "system.waits");
    assert_eq!(waits.status, Status::Error);
    assert_eq!(waits.message_id, checks::runner_messages::NOT_STARTED);
    assert_eq!(only(&result, "system.quick").status, Status::Pass);
    assert!(result.complete, "a deadline still reports every check");
    let finished = events
        .iter()
        .filter(|e| matches!(e, Progress::Finished { .. }))
        .count();
    assert_eq!(finished, 3);
}

#[tokio::test]
async fn independent_checks_overlap() {
    static RUNNING: AtomicUsize = AtomicUsize::new(0);
    static ARRIVED: AtomicUsize = AtomicUsize::new(0);
    static MOST: AtomicUsize = AtomicUsize::new(0);
    // Each waits (up to 5 s) until the other has arrived: a sequential runner never has both in.
    fn meets_the_other(_: checks::Context) -> checks::CheckFuture {
        Box::pin(async {
            let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
            MOST.fetch_max(now, Ordering::SeqCst);
            ARRIVED.fetch_add(1, Ordering::SeqCst);
            let give_up = tokio::time::Instant::now() + Duration::from_secs(5);
            while ARRIVED.load(Ordering::SeqCst) < 2 && tokio::time::Instant::now() < give_up {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            RUNNING.fetch_sub(1, Ordering::SeqCst);
            vec![Outcome::of(&PASS)]
        })
    }
    static ONE: CheckDef = check("system.one", &[], meets_the_other);
    static TWO: CheckDef = check("system.two", &[], meets_the_other);
    let (result, _) = run_with(&[&ONE, &TWO], &[], options(30 * SECOND)).await;
    assert_eq!(result.findings.len(), 2);
    assert_eq!(
        MOST.load(Ordering::SeqCst),
        2,
        "the two checks never ran at the same time"
    );
}

#[tokio::test]
async fn after_orders_without_skipping_and_shares_findings() {
    fn reads_first(context: checks::Context) -> checks::CheckFuture {
        let saw = context.findings_of("system.first").len();
        Box::pin(async move {
            vec![if saw == 1 {
                Outcome::of(&PASS)
            } else {
                Outcome::of(&FAIL)
            }]
        })
    }
    static FIRST: CheckDef = check("system.first", &[], fails);
    static SECOND_CHECK: CheckDef = CheckDef {
        after: &["system.first"],
        ..check("system.second", &[], reads_first)
    };
    // Listed before its `after` target: order must come from the graph, not the list.
    let (result, _) = run_with(&[&SECOND_CHECK, &FIRST], &[], options(10 * SECOND)).await;
    assert_eq!(only(&result, "system.first").status, Status::Fail);
    assert_eq!(
        only(&result, "system.second").status,
        Status::Pass,
        "ran without the earlier finding"
    );
    // `after` does not pull a check into the plan.
    let (result, _) = run_with(
        &[&SECOND_CHECK, &FIRST],
        &["system.second"],
        options(10 * SECOND),
    )
    .await;
    assert_eq!(result.findings.len(), 1);
    assert_eq!(only(&result, "system.second").status, Status::Fail);
}

#[tokio::test]
async fn cancelling_stops_at_once_and_drops_running_checks() {
    static DROPPED: AtomicBool = AtomicBool::new(false);
    struct Flag;
    impl Drop for Flag {
        fn drop(&mut self) {
            DROPPED.store(true, Ordering::SeqCst);
        }
    }
    fn hangs_with_flag(_: checks::Context) -> checks::CheckFuture {
        Box::pin(async {
            let _flag = Flag;
            tokio::time::sleep(Duration::from_secs(3600)).await;
            vec![Outcome::of(&PASS)]
        })
    }
    static HANG: CheckDef = CheckDef {
        timeout: Duration::from_secs(3600),
        ..check("system.hang", &[], hangs_with_flag)
    };
    static QUICK: CheckDef = check("system.quick", &[], passes);
    let plan = Plan::new(&[&HANG, &QUICK], &[]).unwrap();
    let options = options(Duration::from_secs(3600));
    let cancel = options.cancel.clone();
    let events = Mutex::new(Vec::new());
    let result = checks::run(&plan, Arc::new(Profile::default()), options, &|event| {
        if matches!(
            &event,
            Progress::Finished {
                id: "system.quick",
                ..
            }
        ) {
            cancel.cancel();
        }
        events.lock().unwrap().push(event);
    })
    .await;
    assert!(!result.complete);
    assert_eq!(result.findings.len(), 1, "{:#?}", result.findings);
    assert_eq!(result.findings[0].id, "system.quick");
    assert!(matches!(
        events.lock().unwrap().last(),
        Some(Progress::Done { complete: false })
    ));
    let give_up = std::time::Instant::now() + Duration::from_secs(5);
    while !DROPPED.load(Ordering::SeqCst) && std::time::Instant::now() < give_up {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        DROPPED.load(Ordering::SeqCst),
        "the cancelled check kept running"
    );
}

#[tokio::test]
async fn progress_announces_the_plan_then_each_check_once_then_done() {
    static A: CheckDef = check("system.a", &[], fails);
    static B: CheckDef = check("system.b", &["system.a"], passes);
    static C: CheckDef = check("system.c", &[], passes);
    let (_, events) = run_with(&[&A, &B, &C], &[], options(10 * SECOND)).await;
    let Some(Progress::Planned { checks }) = events.first() else {
        panic!("first event: {:?}", events.first())
    };
    let planned: Vec<&str> = checks.iter().map(|c| c.id).collect();
    assert_eq!(planned, ["system.a", "system.b", "system.c"]);
    assert!(matches!(
        events.last(),
        Some(Progress::Done { complete: true })
    ));
    for id in planned {
        let finished = events
            .iter()
            .filter(|e| matches!(e, Progress::Finished { id: done, .. } if *done == id))
            .count();
        assert_eq!(finished, 1, "{id}");
        let started = events
            .iter()
            .position(|e| matches!(e, Progress::Started { id: s } if *s == id));
        let ended = events
            .iter()
            .position(|e| matches!(e, Progress::Finished { id: s, .. } if *s == id));
        if let Some(started) = started {
            assert!(started < ended.unwrap(), "{id} finished before it started");
        }
    }
    // A skipped check never starts.
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Progress::Started { id: "system.b" }))
    );
}

#[tokio::test]
async fn findings_follow_plan_order_then_subject() {
    fn three_subjects(_: checks::Context) -> checks::CheckFuture {
        Box::pin(async {
            ["c", "a", "b"]
                .into_iter()
                .map(|s| Outcome::of(&PASS).subject(s))
                .collect()
        })
    }
    static MANY: CheckDef = check("system.many", &[], three_subjects);
    static FIRST: CheckDef = check("system.first", &[], passes);
    let (result, _) = run_with(&[&FIRST, &MANY], &[], options(10 * SECOND)).await;
    let order: Vec<(String, Option<String>)> = result
        .findings
        .iter()
        .map(|f| (f.id.clone(), f.subject.clone()))
        .collect();
    assert_eq!(
        order,
        [
            ("system.first".to_owned(), None),
            ("system.many".to_owned(), Some("a".to_owned())),
            ("system.many".to_owned(), Some("b".to_owned())),
            ("system.many".to_owned(), Some("c".to_owned())),
        ]
    );
}

#[tokio::test]
async fn undeclared_messages_and_empty_results_are_internal_errors() {
    fn undeclared(_: checks::Context) -> checks::CheckFuture {
        Box::pin(async { vec![Outcome::new(Status::Pass, "not-declared")] })
    }
    fn wrong_status(_: checks::Context) -> checks::CheckFuture {
        Box::pin(async { vec![Outcome::new(Status::Warn, "test-pass")] })
    }
    fn nothing(_: checks::Context) -> checks::CheckFuture {
        Box::pin(async { Vec::new() })
    }
    static A: CheckDef = check("system.a", &[], undeclared);
    static B: CheckDef = check("system.b", &[], wrong_status);
    static C: CheckDef = check("system.c", &[], nothing);
    let (result, _) = run_with(&[&A, &B, &C], &[], options(10 * SECOND)).await;
    for id in ["system.a", "system.b", "system.c"] {
        let finding = only(&result, id);
        assert_eq!(finding.status, Status::Error, "{id}");
        assert_eq!(
            finding.message_id,
            checks::runner_messages::INTERNAL,
            "{id}"
        );
    }
}

#[test]
fn selection_pulls_in_transitive_dependencies_only() {
    static A: CheckDef = check("system.a", &[], passes);
    static B: CheckDef = check("system.b", &["system.a"], passes);
    static C: CheckDef = check("system.c", &["system.b"], passes);
    static D: CheckDef = check("system.d", &[], passes);
    let all: &[&'static CheckDef] = &[&A, &B, &C, &D];
    let plan = Plan::new(all, &["system.c".to_owned()]).unwrap();
    let ids: Vec<&str> = plan.checks().iter().map(|c| c.id).collect();
    assert_eq!(ids, ["system.a", "system.b", "system.c"]);
    assert_eq!(plan.depth("system.c"), 2);
    assert_eq!(Plan::new(all, &["system".to_owned()]).unwrap().len(), 4);
    assert!(matches!(
        Plan::new(all, &["system.e".to_owned()]),
        Err(PlanError::UnknownSelection { suggestion: Some(s), .. }) if s == "system.a" || s == "system.c" || s == "system.d"
    ));
}

#[test]
fn invalid_check_lists_are_refused() {
    static A: CheckDef = check("system.a", &["system.b"], passes);
    static B: CheckDef = check("system.b", &["system.a"], passes);
    static A2: CheckDef = check("system.a", &[], passes);
    static WRONG_AREA: CheckDef = CheckDef {
        area: Area::Disk,
        ..check("system.x", &[], passes)
    };
    static UPPER: CheckDef = check("system.Bad", &[], passes);
    static DANGLING: CheckDef = check("system.d", &["system.nowhere"], passes);
    static AFTER_CYCLE: CheckDef = CheckDef {
        after: &["system.e"],
        ..check("system.e", &[], passes)
    };
    assert!(matches!(
        checks::validate_checks(&[&A, &B]),
        Err(PlanError::Cycle(_))
    ));
    assert_eq!(
        checks::validate_checks(&[&A2, &A2]),
        Err(PlanError::DuplicateId("system.a"))
    );
    assert_eq!(
        checks::validate_checks(&[&WRONG_AREA]),
        Err(PlanError::MalformedId("system.x"))
    );
    assert_eq!(
        checks::validate_checks(&[&UPPER]),
        Err(PlanError::MalformedId("system.Bad"))
    );
    assert!(matches!(
        checks::validate_checks(&[&DANGLING]),
        Err(PlanError::UnknownDependency { .. })
    ));
    assert!(matches!(
        checks::validate_checks(&[&AFTER_CYCLE]),
        Err(PlanError::Cycle("system.e"))
    ));
}

#[tokio::test]
async fn root_causes_are_ordered_by_depth_then_rank_then_subject() {
    fn fails_twice(_: checks::Context) -> checks::CheckFuture {
        Box::pin(async {
            vec![
                Outcome::of(&FAIL).subject("zeta"),
                Outcome::of(&FAIL).subject("alpha"),
            ]
        })
    }
    static ROOT: CheckDef = check("system.root", &[], passes);
    static DEEP: CheckDef = check("system.deep", &["system.root"], fails);
    static LATE: CheckDef = check("system.late", &[], fails);
    static EARLY: CheckDef = check("system.early", &[], fails_twice);
    let all: &[&'static CheckDef] = &[&ROOT, &DEEP, &EARLY, &LATE];
    let (result, _) = run_with(all, &[], options(10 * SECOND)).await;
    let plan = Plan::new(all, &[]).unwrap();
    let causes: Vec<(String, Option<String>)> = checks::root_causes(&plan, &result.findings)
        .into_iter()
        .map(|c| (c.id, c.subject))
        .collect();
    assert_eq!(
        causes,
        [
            ("system.early".to_owned(), Some("alpha".to_owned())),
            ("system.early".to_owned(), Some("zeta".to_owned())),
            ("system.late".to_owned(), None),
            ("system.deep".to_owned(), None),
        ]
    );
}

#[tokio::test]
async fn nothing_to_check_propagates_as_not_applicable() {
    const NONE: MessageSpec = message(Status::NotApplicable, "test-none");
    fn absent(_: checks::Context) -> checks::CheckFuture {
        Box::pin(async { vec![Outcome::of(&NONE)] })
    }
    static ABSENT: CheckDef = CheckDef {
        messages: &[PASS, FAIL, NONE],
        ..check("system.absent", &[], absent)
    };
    static NEEDS: CheckDef = check("system.needs", &["system.absent"], fails);
    static THEN: CheckDef = check("system.then", &["system.needs"], fails);
    let (result, events) = run_with(&[&ABSENT, &NEEDS, &THEN], &[], options(10 * SECOND)).await;
    for id in ["system.needs", "system.then"] {
        let finding = only(&result, id);
        assert_eq!(finding.status, Status::NotApplicable, "{id}");
        assert_eq!(finding.message_id, checks::runner_messages::NOT_APPLICABLE);
        assert_eq!(finding.blocked_by, None);
    }
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Progress::Started { id: "system.needs" }))
    );
}

fn problem(id: &str, area: Area, subject: Option<&str>, role: Option<&str>) -> Finding {
    Finding {
        id: id.to_owned(),
        area,
        subject: subject.map(str::to_owned),
        status: Status::Fail,
        message_id: "test-fail".to_owned(),
        title: String::new(),
        summary: String::new(),
        explanation: String::new(),
        fixes: Vec::new(),
        evidence: role
            .map(|role| vec![checks::Evidence::plain("role", role)])
            .unwrap_or_default(),
        blocked_by: None,
        duration_ms: 0,
        changes: Vec::new(),
        repairs_offered: Vec::new(),
        private: Vec::new(),
    }
}

#[test]
fn root_causes_lead_with_what_blocks_the_most() {
    // The field's machine: no print service (depth 0), names do not resolve (depth 3), and
    // two disks, only one of them holding the home folder.
    let findings = vec![
        problem("printer.service", Area::Printer, None, None),
        problem("dns.resolution", Area::Dns, Some("www.google.com"), None),
        problem("disk.space", Area::Disk, Some("/data"), Some("other")),
        problem("disk.readonly", Area::Disk, Some("/home"), Some("home")),
        problem("disk.inodes", Area::Disk, Some("/"), Some("system,home")),
    ];
    let plan = checks::plan(&[]).unwrap();
    let causes: Vec<(String, Option<String>)> = checks::root_causes(&plan, &findings)
        .into_iter()
        .map(|c| (c.id, c.subject))
        .collect();
    let order: Vec<&str> = causes.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        order,
        [
            "dns.resolution",
            "disk.inodes",
            "disk.readonly",
            "printer.service",
            "disk.space"
        ]
    );
}

#[tokio::test]
async fn a_check_knows_its_deadline_and_what_the_user_asked_for() {
    static SEEN: Mutex<Vec<(Duration, bool, bool)>> = Mutex::new(Vec::new());
    fn looks(context: checks::Context) -> checks::CheckFuture {
        SEEN.lock().unwrap().push((
            context.remaining(),
            context.asked_for(Area::System),
            context.asked_for(Area::Printer),
        ));
        // A probe that wants an hour gets what is left, less a margin.
        let limit = context.limit(Duration::from_secs(3600));
        assert!(limit < Duration::from_secs(5), "{limit:?}");
        Box::pin(async { vec![Outcome::of(&PASS)] })
    }
    static LOOKS: CheckDef = check("system.looks", &[], looks);
    run_with(&[&LOOKS], &[], options(2 * SECOND)).await;
    run_with(&[&LOOKS], &["system"], options(10 * SECOND)).await;
    let seen = SEEN.lock().unwrap().clone();
    // The run's deadline (2 s) comes before the check's own timeout (5 s).
    assert!(seen[0].0 <= 2 * SECOND && seen[0].0 > SECOND, "{seen:?}");
    assert!(!seen[0].1 && !seen[0].2, "a full run asks for no area");
    assert!(
        seen[1].0 <= 5 * SECOND && seen[1].0 > 4 * SECOND,
        "{seen:?}"
    );
    assert!(seen[1].1 && !seen[1].2, "{seen:?}");
}
