//! Runs a plan: concurrently along the dependency graph, each check under its timeout, the
//! whole run under a deadline, cancellable, with one progress stream for every front end.
//!
//! Checks run as tokio tasks. A check that panics becomes an `error` finding; one that
//! overruns its timeout is aborted and becomes an `error` finding; the run goes on either way.
//! Checks must not block a runtime thread: blocking calls that can hang run on a detached
//! thread under a deadline, since tokio waits for `spawn_blocking` tasks at shutdown.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use serde::Serialize;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::check::{CheckDef, Context, Outcome};
use crate::facts::Facts;
use crate::model::{Area, Evidence, Finding, RepairOffer, Status};
use crate::platform::recorded::{Recorded, Recorder, Recording, Replay};
use crate::platform::{self, Platform};
use crate::probe;
use crate::profile::Profile;
use crate::registry::Plan;
use crate::text::{Args, catalog};

/// Messages the runner itself produces, for every check.
pub mod messages {
    /// `skipped`: a dependency failed or errored.
    pub const SKIPPED: &str = "runner-skipped";
    /// `error`: the check overran its own timeout.
    pub const TIMEOUT: &str = "runner-timeout";
    /// `error`: the check panicked.
    pub const PANICKED: &str = "runner-panicked";
    /// `error`: the run's deadline passed while the check was running.
    pub const DEADLINE: &str = "runner-deadline";
    /// `error`: the run's deadline passed before the check could start.
    pub const NOT_STARTED: &str = "runner-not-started";
    /// `error`: the check produced a message it did not declare, or nothing at all.
    pub const INTERNAL: &str = "runner-internal";
    /// `not_applicable`: a dependency found nothing to check here (no print system, say).
    pub const NOT_APPLICABLE: &str = "runner-not-applicable";

    /// The arguments each runner message's texts use, besides `title`, which the runner
    /// gives every message.
    pub const ARGS: &[(&str, &[&str])] = &[
        (SKIPPED, &["blocker"]),
        (TIMEOUT, &["seconds"]),
        (PANICKED, &[]),
        (DEADLINE, &["seconds"]),
        (NOT_STARTED, &["seconds"]),
        (INTERNAL, &[]),
        (NOT_APPLICABLE, &["blocker"]),
    ];

    /// All of them, for the catalog conformance test.
    pub const ALL: &[&str] = &[
        SKIPPED,
        TIMEOUT,
        PANICKED,
        DEADLINE,
        NOT_STARTED,
        INTERNAL,
        NOT_APPLICABLE,
    ];
}

/// A check as announced at the start of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedCheck {
    pub id: &'static str,
    pub area: Area,
    pub title: String,
    pub depends_on: &'static [&'static str],
}

/// One event of the progress stream. Every planned check gets exactly one `Finished`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Progress {
    Planned {
        checks: Vec<PlannedCheck>,
    },
    Started {
        id: &'static str,
    },
    Finished {
        id: &'static str,
        findings: Vec<Finding>,
    },
    /// `complete` is false when the run was cancelled.
    Done {
        complete: bool,
    },
}

/// Where a run's facts come from.
#[derive(Debug, Clone, Default)]
pub enum FactSource {
    /// This machine.
    #[default]
    Native,
    /// This machine, with every answer kept in the recorder (`--record-facts`).
    Record(Arc<Recorder>),
    /// A recorded set's answers: nothing is read from this machine and no probe is sent.
    Replay(Arc<Replay>),
}

/// How a run is bounded and stopped, and where its facts come from.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The whole run ends by then; unfinished checks become `error` findings.
    pub deadline: Duration,
    /// Cancelling ends the run at once with what finished.
    pub cancel: CancellationToken,
    pub source: FactSource,
}

impl RunOptions {
    pub fn from_profile(profile: &Profile) -> Self {
        RunOptions {
            deadline: Duration::from_millis(profile.run.deadline_ms),
            cancel: CancellationToken::new(),
            source: FactSource::Native,
        }
    }
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// In plan order, then by subject.
    pub findings: Vec<Finding>,
    /// False when the run was cancelled before every check finished.
    pub complete: bool,
    pub started_at: SystemTime,
    pub duration: Duration,
    /// The platform the facts came from (this machine, or a recorded set).
    pub platform: Arc<dyn Platform>,
}

/// Aborts the task when dropped, so a cancelled or timed-out run leaves nothing behind.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

enum Ended {
    Ran(Vec<Outcome>),
    TimedOut,
    Panicked(String),
}

/// Runs the plan. Progress is reported through `progress` as it happens.
pub async fn run(
    plan: &Plan,
    profile: Arc<Profile>,
    options: RunOptions,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> RunResult {
    let start = Instant::now();
    let deadline = tokio::time::Instant::now() + options.deadline;
    let (platform, mode): (Arc<dyn Platform>, probe::Mode) = match &options.source {
        FactSource::Native => (platform::native(), probe::Mode::Live),
        FactSource::Record(recorder) => (
            Arc::new(Recording {
                inner: platform::native(),
                recorder: Arc::clone(recorder),
            }),
            probe::Mode::Recording(Arc::clone(recorder)),
        ),
        FactSource::Replay(replay) => (
            Arc::new(Recorded::from_replay(Arc::clone(replay))),
            probe::Mode::Replay(Arc::clone(replay)),
        ),
    };
    // The run's start on its platform's clock: a replay starts when the recording did.
    let started_at = platform.now();
    let facts = Facts::new(Arc::clone(&platform), Arc::clone(&profile));
    let checks = plan.checks();
    let asked_for = Arc::new(plan.asked_for().to_vec());
    let index: HashMap<&str, usize> = checks.iter().enumerate().map(|(i, c)| (c.id, i)).collect();

    // waits_on[i]: the planned checks i must wait for; dependents[j]: who waits on j.
    let waits_on: Vec<Vec<usize>> = checks
        .iter()
        .map(|c| {
            let mut deps: Vec<usize> = c
                .depends_on
                .iter()
                .chain(c.after)
                .filter_map(|d| index.get(d).copied())
                .collect();
            deps.sort_unstable();
            deps.dedup();
            deps
        })
        .collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); checks.len()];
    for (i, deps) in waits_on.iter().enumerate() {
        for &j in deps {
            dependents[j].push(i);
        }
    }
    let mut remaining: Vec<usize> = waits_on.iter().map(Vec::len).collect();
    let mut results: Vec<Option<Vec<Finding>>> = vec![None; checks.len()];
    let mut started: Vec<bool> = vec![false; checks.len()];
    let mut ready: Vec<usize> = (0..checks.len()).filter(|&i| remaining[i] == 0).collect();
    let mut running = FuturesUnordered::new();

    tracing::info!(
        checks = checks.len(),
        deadline_ms = options.deadline.as_millis() as u64,
        "run started"
    );
    progress(Progress::Planned {
        checks: checks
            .iter()
            .map(|c| PlannedCheck {
                id: c.id,
                area: c.area,
                title: c.title(),
                depends_on: c.depends_on,
            })
            .collect(),
    });

    let mut complete = true;
    loop {
        // Start (or skip) everything that is ready; skipping can make more ready.
        while let Some(i) = ready.pop() {
            let check = checks[i];
            started[i] = true;
            // A failed dependency skips it; a dependency with nothing to check makes it not apply.
            let settled = blocker(check, &index, &results)
                .map(|blocker| skipped(check, &blocker, checks))
                .or_else(|| {
                    nothing_to_check(check, &index, &results)
                        .map(|absent| not_applicable(check, absent, checks))
                });
            if let Some(finding) = settled {
                finish(
                    i,
                    vec![finding],
                    &mut results,
                    &dependents,
                    &mut remaining,
                    &mut ready,
                    checks,
                    progress,
                );
                continue;
            }
            let earlier: HashMap<&'static str, Vec<Finding>> = checks
                .iter()
                .zip(&results)
                .filter_map(|(c, r)| r.as_ref().map(|f| (c.id, f.clone())))
                .collect();
            let check_deadline = (tokio::time::Instant::now() + check.timeout).min(deadline);
            let context = Context::new(Arc::clone(&profile), Arc::clone(&facts), Arc::new(earlier))
                .with_deadline(check_deadline)
                .with_asked_for(Arc::clone(&asked_for));
            progress(Progress::Started { id: check.id });
            running.push(run_one(i, check, context, mode.clone()));
        }
        if running.is_empty() {
            break;
        }
        tokio::select! {
            biased;
            () = options.cancel.cancelled() => {
                complete = false;
                break;
            }
            () = tokio::time::sleep_until(deadline) => {
                let seconds = options.deadline.as_secs_f64();
                for i in 0..checks.len() {
                    if results[i].is_none() {
                        let message = if started[i] { messages::DEADLINE } else { messages::NOT_STARTED };
                        let finding = runner_finding(checks[i], Status::Error, message, Args::new().with("seconds", round_seconds(seconds)), start.elapsed());
                        results[i] = Some(vec![finding.clone()]);
                        progress(Progress::Finished { id: checks[i].id, findings: vec![finding] });
                    }
                }
                break;
            }
            Some((i, ended, elapsed)) = running.next() => {
                let findings = render(checks[i], ended, elapsed);
                finish(i, findings, &mut results, &dependents, &mut remaining, &mut ready, checks, progress);
            }
        }
    }
    drop(running);
    let mut findings: Vec<Finding> = results.into_iter().flatten().flatten().collect();
    // The lines of the system's logs that explain what did not pass; none for a healthy run.
    if complete && profile.report.include_logs {
        crate::logs::attach(&mut findings, &facts, &platform).await;
    }
    facts.end();
    tracing::info!(
        complete,
        duration_ms = start.elapsed().as_millis() as u64,
        "run ended"
    );
    progress(Progress::Done { complete });

    RunResult {
        findings,
        complete,
        started_at,
        duration: start.elapsed(),
        platform,
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    i: usize,
    mut findings: Vec<Finding>,
    results: &mut [Option<Vec<Finding>>],
    dependents: &[Vec<usize>],
    remaining: &mut [usize],
    ready: &mut Vec<usize>,
    checks: &[&'static CheckDef],
    progress: &(dyn Fn(Progress) + Send + Sync),
) {
    findings.sort_by(|a, b| a.subject.cmp(&b.subject));
    for finding in &findings {
        tracing::debug!(
            check = finding.id,
            subject = finding.subject.as_deref().unwrap_or(""),
            status = finding.status.as_str(),
            duration_ms = finding.duration_ms,
            "finished"
        );
    }
    progress(Progress::Finished {
        id: checks[i].id,
        findings: findings.clone(),
    });
    results[i] = Some(findings);
    for &d in &dependents[i] {
        remaining[d] -= 1;
        if remaining[d] == 0 {
            ready.push(d);
        }
    }
}

/// The failed or errored check that blocks this one: a dependency with a `fail` or `error`
/// finding, or the blocker of a dependency that was itself skipped.
fn blocker(
    check: &CheckDef,
    index: &HashMap<&str, usize>,
    results: &[Option<Vec<Finding>>],
) -> Option<String> {
    check.depends_on.iter().find_map(|dep| {
        let findings = results.get(*index.get(dep)?)?.as_ref()?;
        if findings.iter().any(|f| f.status.is_problem()) {
            return Some((*dep).to_owned());
        }
        findings
            .iter()
            .find(|f| f.status == Status::Skipped)
            .map(|f| f.blocked_by.clone().unwrap_or_else(|| (*dep).to_owned()))
    })
}

/// A dependency whose every finding is `not_applicable`: there is nothing here for this
/// check to look at either.
fn nothing_to_check(
    check: &CheckDef,
    index: &HashMap<&str, usize>,
    results: &[Option<Vec<Finding>>],
) -> Option<&'static str> {
    check.depends_on.iter().copied().find(|dep| {
        index
            .get(dep)
            .and_then(|&i| results.get(i))
            .and_then(Option::as_ref)
            .is_some_and(|findings| {
                !findings.is_empty() && findings.iter().all(|f| f.status == Status::NotApplicable)
            })
    })
}

fn not_applicable(check: &CheckDef, absent: &str, checks: &[&'static CheckDef]) -> Finding {
    let title = checks
        .iter()
        .find(|c| c.id == absent)
        .map_or_else(|| absent.to_owned(), |c| c.title());
    runner_finding(
        check,
        Status::NotApplicable,
        messages::NOT_APPLICABLE,
        Args::new().with("blocker", title),
        Duration::ZERO,
    )
}

fn skipped(check: &CheckDef, blocker: &str, checks: &[&'static CheckDef]) -> Finding {
    let blocker_title = checks
        .iter()
        .find(|c| c.id == blocker)
        .map_or_else(|| blocker.to_owned(), |c| c.title());
    let mut finding = runner_finding(
        check,
        Status::Skipped,
        messages::SKIPPED,
        Args::new().with("blocker", blocker_title),
        Duration::ZERO,
    );
    finding.blocked_by = Some(blocker.to_owned());
    finding
}

async fn run_one(
    i: usize,
    check: &'static CheckDef,
    context: Context,
    mode: probe::Mode,
) -> (usize, Ended, Duration) {
    let start = Instant::now();
    let mut task = AbortOnDrop(tokio::spawn(probe::scope(
        mode,
        check.id,
        (check.run)(context),
    )));
    let ended = match tokio::time::timeout(check.timeout, &mut task.0).await {
        Ok(Ok(outcomes)) => Ended::Ran(outcomes),
        Ok(Err(error)) => Ended::Panicked(panic_message(error)),
        Err(_) => Ended::TimedOut,
    };
    (i, ended, start.elapsed())
}

fn panic_message(error: tokio::task::JoinError) -> String {
    match error.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned()),
        Err(error) => error.to_string(),
    }
}

fn round_seconds(seconds: f64) -> f64 {
    (seconds * 10.0).round() / 10.0
}

fn render(check: &CheckDef, ended: Ended, elapsed: Duration) -> Vec<Finding> {
    match ended {
        Ended::Ran(outcomes) if outcomes.is_empty() => {
            vec![internal(check, "the check returned no finding", elapsed)]
        }
        Ended::Ran(outcomes) => outcomes
            .into_iter()
            .map(
                |outcome| match check.spec(outcome.status, outcome.message) {
                    // Every argument the message's texts use must be given: a missing one
                    // would reach the screen as a raw `{ $x }`.
                    Some(spec) => {
                        match spec.args.iter().find(|arg| outcome.args.get(arg).is_none()) {
                            // Evidence keys are fixed snake_case names that never carry data.
                            None if outcome.evidence.iter().any(|e| !snake_case(&e.key)) => {
                                internal(
                                    check,
                                    "an evidence key is not a fixed snake_case name",
                                    elapsed,
                                )
                            }
                            None if let Some(problem) = repair_problem(check, &outcome) => {
                                internal(check, &problem, elapsed)
                            }
                            None => finding(check, outcome, elapsed),
                            Some(missing) => internal(
                                check,
                                &format!(
                                    "message {} lacks its argument {missing}",
                                    outcome.message
                                ),
                                elapsed,
                            ),
                        }
                    }
                    None => internal(
                        check,
                        &format!(
                            "undeclared message {} with status {}",
                            outcome.message,
                            outcome.status.as_str()
                        ),
                        elapsed,
                    ),
                },
            )
            .collect(),
        Ended::TimedOut => vec![runner_finding(
            check,
            Status::Error,
            messages::TIMEOUT,
            Args::new().with("seconds", round_seconds(check.timeout.as_secs_f64())),
            elapsed,
        )],
        Ended::Panicked(message) => {
            tracing::error!(check = check.id, %message, "check panicked");
            let mut finding = runner_finding(
                check,
                Status::Error,
                messages::PANICKED,
                Args::new(),
                elapsed,
            );
            finding.evidence.push(Evidence::plain("panic", message));
            vec![finding]
        }
    }
}

/// Why an outcome's repairs break their declarations: a repair this check does not offer,
/// or one missing an argument its texts use.
fn repair_problem(check: &CheckDef, outcome: &Outcome) -> Option<String> {
    let named = outcome
        .offers
        .iter()
        .map(|o| (o.repair, Some(&o.args)))
        .chain(outcome.withheld.iter().map(|w| (w.repair, Some(&w.args))));
    for (id, args) in named {
        let Some(repair) = crate::repair::find(id).filter(|r| r.checks.contains(&check.id)) else {
            return Some(format!("repair {id} is not declared for this check"));
        };
        if let Some(args) = args
            && let Some(missing) = repair.args.iter().find(|a| args.get(a).is_none())
        {
            return Some(format!("repair {id} lacks its argument {missing}"));
        }
    }
    None
}

/// A fixed key: lower-case letters, digits and underscores, starting with a letter.
fn snake_case(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn internal(check: &CheckDef, detail: &str, elapsed: Duration) -> Finding {
    tracing::error!(check = check.id, detail, "check broke its declaration");
    let mut finding = runner_finding(
        check,
        Status::Error,
        messages::INTERNAL,
        Args::new(),
        elapsed,
    );
    finding.evidence.push(Evidence::plain("detail", detail));
    finding
}

fn runner_finding(
    check: &CheckDef,
    status: Status,
    message: &'static str,
    args: Args,
    elapsed: Duration,
) -> Finding {
    finding(
        check,
        Outcome {
            status,
            subject: None,
            subject_kind: None,
            message,
            args,
            evidence: Vec::new(),
            offers: Vec::new(),
            withheld: Vec::new(),
        },
        elapsed,
    )
}

/// Renders an outcome's texts from the catalog.
fn finding(check: &CheckDef, outcome: Outcome, elapsed: Duration) -> Finding {
    let catalog = catalog();
    let private = outcome.private_values();
    let args = outcome.args.with("title", check.title());
    let mut fixes = catalog.fixes(outcome.message, &args);
    let mut evidence = outcome.evidence;
    let repairs_offered = outcome
        .offers
        .into_iter()
        .filter_map(|offer| {
            let repair = crate::repair::find(offer.repair)?;
            let message = repair.message_id();
            Some(RepairOffer {
                id: repair.id.to_owned(),
                subject: outcome.subject.clone(),
                title: catalog.text(&message, &offer.args),
                action: catalog
                    .attribute(&message, "action", &offer.args)
                    .unwrap_or_default(),
                targets: offer.targets,
            })
        })
        .collect();
    for withheld in outcome.withheld {
        if let Some(repair) = crate::repair::find(withheld.repair) {
            let title = catalog.text(&repair.message_id(), &withheld.args);
            fixes.push(catalog.text("repair-needs-support", &Args::new().with("repair", title)));
            evidence.push(Evidence::plain("repair_unavailable", repair.id));
            evidence.push(Evidence::plain(
                "repair_unavailable_reason",
                withheld.reason,
            ));
        }
    }
    Finding {
        id: check.id.to_owned(),
        area: check.area,
        subject: outcome.subject,
        status: outcome.status,
        message_id: outcome.message.to_owned(),
        title: check.title(),
        summary: catalog.text(outcome.message, &args),
        explanation: catalog
            .attribute(outcome.message, "explanation", &args)
            .unwrap_or_default(),
        fixes,
        evidence,
        blocked_by: None,
        duration_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        changes: Vec::new(),
        repairs_offered,
        private,
    }
}
