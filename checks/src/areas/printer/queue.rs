//! `printer.queue`: per queue, jobs stuck for longer than `printer.stuck_job_seconds`, held
//! jobs, and jobs that stopped or were aborted in the last 24 hours. Document names are
//! sensitive evidence.

use std::time::Duration;

use super::{Job, jobs_of, queues, run_clock};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::repair::{RepairDef, RepairError, RepairFuture, RepairInput};
use crate::text::Args;

const EMPTY: MessageSpec = message(Status::Pass, "printer-queue-empty").with_args(&["printer"]);
const MOVING: MessageSpec =
    message(Status::Pass, "printer-queue-moving").with_args(&["count", "printer"]);
const STUCK: MessageSpec =
    message(Status::Fail, "printer-queue-stuck").with_args(&["count", "minutes", "printer"]);
const HELD: MessageSpec =
    message(Status::Warn, "printer-queue-held").with_args(&["count", "printer"]);
const FAILED: MessageSpec =
    message(Status::Warn, "printer-queue-failed").with_args(&["count", "printer"]);
const UNREADABLE: MessageSpec = message(Status::Error, "printer-queue-unreadable");
const NONE: MessageSpec = message(Status::NotApplicable, "printer-queue-none");

const DAY: i64 = 24 * 60 * 60;

pub static CHECK: CheckDef = CheckDef {
    id: "printer.queue",
    area: Area::Printer,
    depends_on: &["printer.installed"],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[EMPTY, MOVING, STUCK, HELD, FAILED, UNREADABLE, NONE],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let stuck_after =
            i64::try_from(context.profile.printer.stuck_job_seconds).unwrap_or(i64::MAX);
        let queues = match queues(&context).await {
            Ok(found) => found,
            Err(error) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
        };
        let jobs = match context.facts().print_jobs().await {
            Ok(Ok(jobs)) => jobs,
            Ok(Err(error)) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
            Err(error) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
        };
        if queues.is_empty() {
            return vec![Outcome::of(&NONE)];
        }
        let now = run_clock(&context);
        let outcomes: Vec<Outcome> = queues
            .iter()
            .map(|queue| evaluate(&queue.name, &jobs_of(&jobs, &queue.name), now, stuck_after))
            .collect();
        // Only the user's own jobs are offered: who they are is asked only when it matters.
        let waiting = |o: &Outcome| o.message == STUCK.id || o.message == HELD.id;
        if !outcomes.iter().any(waiting) {
            return outcomes;
        }
        let user = context.platform().user_name();
        outcomes
            .into_iter()
            .zip(&queues)
            .map(|(outcome, queue)| match &user {
                Some(user) if waiting(&outcome) => offer_own(
                    outcome,
                    &jobs_of(&jobs, &queue.name),
                    now,
                    stuck_after,
                    user,
                ),
                _ => outcome,
            })
            .collect()
    })
}

/// Cancels the user's own stuck or held jobs on a queue, those counted when they agreed.
pub static CANCEL_JOB: RepairDef = RepairDef {
    id: "printer.cancel_job",
    checks: &["printer.queue"],
    undoable: false,
    needs_admin: false,
    destructive: true,
    hands_over: false,
    args: &["count", "printer"],
    timeout: Duration::from_secs(10),
    apply: cancel_jobs,
};

/// Releases the user's own held jobs on a queue, so they print.
pub static RELEASE_JOB: RepairDef = RepairDef {
    id: "printer.release_job",
    checks: &["printer.queue"],
    undoable: false,
    needs_admin: false,
    destructive: false,
    hands_over: false,
    args: &["count", "printer"],
    timeout: Duration::from_secs(10),
    apply: release_jobs,
};

fn cancel_jobs(input: RepairInput) -> RepairFuture {
    Box::pin(async move { each_job(&input, super::PrintAction::CancelJob, "canceled").await })
}

fn release_jobs(input: RepairInput) -> RepairFuture {
    Box::pin(async move { each_job(&input, super::PrintAction::ReleaseJob, "released").await })
}

/// Acts on every job the user agreed to; stops at the first refusal.
async fn each_job(
    input: &RepairInput,
    action: fn(i32) -> super::PrintAction,
    done: &str,
) -> Result<String, RepairError> {
    let ids: Vec<i32> = input
        .targets
        .iter()
        .filter_map(|t| t.parse().ok())
        .collect();
    if ids.is_empty() {
        return Err(RepairError::Failed("no job was named".to_owned()));
    }
    for id in &ids {
        super::act(input, action(*id)).await?;
    }
    let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
    Ok(format!("the print service {done} job {}", list.join(", ")))
}

/// Offers to cancel the user's own stuck or held jobs, and to release their held ones.
/// Jobs of other users are never offered.
pub fn offer_own(
    mut outcome: Outcome,
    jobs: &[&Job],
    now: i64,
    stuck_after: i64,
    user: &str,
) -> Outcome {
    let printer = outcome.subject.clone().unwrap_or_default();
    let own = |j: &&&Job| j.owner.as_deref() == Some(user);
    let age = |job: &Job| job.created.map_or(0, |c| now.saturating_sub(c).max(0));
    let stuck: Vec<i32> = jobs
        .iter()
        .filter(own)
        .filter(|j| matches!(j.state, Some(3 | 5)) && age(j) > stuck_after)
        .map(|j| j.id)
        .collect();
    let held: Vec<i32> = jobs
        .iter()
        .filter(own)
        .filter(|j| j.state == Some(4))
        .map(|j| j.id)
        .collect();
    let offer = |outcome: Outcome, repair: &RepairDef, ids: &[i32]| {
        outcome.offer(
            repair.id,
            Args::new()
                .with("printer", printer.as_str())
                .with("count", ids.len() as u64),
            ids.iter().map(ToString::to_string).collect(),
        )
    };
    if !held.is_empty() {
        outcome = offer(outcome, &RELEASE_JOB, &held);
    }
    let cancel: Vec<i32> = stuck.iter().chain(&held).copied().collect();
    if !cancel.is_empty() {
        outcome = offer(outcome, &CANCEL_JOB, &cancel);
    }
    outcome
}

/// Judges one queue's jobs at time `now` (Unix seconds).
pub fn evaluate(queue: &str, jobs: &[&Job], now: i64, stuck_after: i64) -> Outcome {
    let age = |job: &Job| {
        job.created
            .map_or(0, |created| now.saturating_sub(created).max(0))
    };
    let waiting: Vec<&Job> = jobs
        .iter()
        .copied()
        .filter(|j| matches!(j.state, Some(3 | 5)))
        .collect();
    let stuck: Vec<&Job> = waiting
        .iter()
        .copied()
        .filter(|j| age(j) > stuck_after)
        .collect();
    let held: Vec<&Job> = jobs
        .iter()
        .copied()
        .filter(|j| j.state == Some(4))
        .collect();
    let failed: Vec<&Job> = jobs
        .iter()
        .copied()
        .filter(|j| matches!(j.state, Some(6 | 8)))
        .filter(|j| now.saturating_sub(j.completed.or(j.created).unwrap_or(0)) <= DAY)
        .collect();
    let (spec, shown) = if !stuck.is_empty() {
        (&STUCK, &stuck)
    } else if !held.is_empty() {
        (&HELD, &held)
    } else if !failed.is_empty() {
        (&FAILED, &failed)
    } else if !waiting.is_empty() {
        (&MOVING, &waiting)
    } else {
        (&EMPTY, &waiting)
    };
    let oldest = shown.iter().map(|j| age(j)).max().unwrap_or(0);
    let document_names: Vec<String> = shown.iter().filter_map(|j| j.name.clone()).collect();
    let mut outcome = Outcome::of(spec)
        .subject(queue)
        .arg("printer", queue)
        .arg("count", shown.len() as u64)
        .arg("minutes", u64::try_from(oldest / 60).unwrap_or(0))
        .evidence(Evidence::plain("waiting_jobs", waiting.len() as u64))
        .evidence(Evidence::plain("stuck_jobs", stuck.len() as u64))
        .evidence(Evidence::plain("held_jobs", held.len() as u64))
        .evidence(Evidence::plain("failed_jobs_last_day", failed.len() as u64))
        .evidence(Evidence::plain(
            "oldest_age_seconds",
            u64::try_from(oldest).unwrap_or(0),
        ))
        .evidence(Evidence::plain(
            "job_ids",
            shown.iter().map(|j| j.id.to_string()).collect::<Vec<_>>(),
        ));
    if !document_names.is_empty() {
        outcome = outcome.evidence(Evidence::sensitive(
            "document_names",
            crate::model::Kind::Document,
            document_names,
        ));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn job(state: i32, age: i64) -> Job {
        Job {
            id: 7,
            queue: Some("Office".into()),
            state: Some(state),
            name: Some("salary.pdf".into()),
            created: Some(NOW - age),
            completed: None,
            processing: None,
            owner: Some("ann".into()),
        }
    }

    fn judged(jobs: &[Job]) -> (Status, &'static str) {
        let refs: Vec<&Job> = jobs.iter().collect();
        let outcome = evaluate("Office", &refs, NOW, 300);
        (outcome.status, outcome.message)
    }

    #[test]
    fn outcomes() {
        assert_eq!(judged(&[]), (Status::Pass, "printer-queue-empty"));
        assert_eq!(
            judged(&[job(3, 10)]),
            (Status::Pass, "printer-queue-moving")
        );
        assert_eq!(
            judged(&[job(5, 301)]),
            (Status::Fail, "printer-queue-stuck")
        );
        assert_eq!(judged(&[job(4, 10)]), (Status::Warn, "printer-queue-held"));
        assert_eq!(
            judged(&[job(8, 3600)]),
            (Status::Warn, "printer-queue-failed")
        );
        // Older history is ignored, and so are finished jobs.
        assert_eq!(
            judged(&[job(8, 2 * DAY), job(9, 10), job(7, 10)]),
            (Status::Pass, "printer-queue-empty")
        );
    }

    #[test]
    fn only_the_users_own_stuck_or_held_jobs_are_offered() {
        let mut mine_stuck = job(5, 1000);
        mine_stuck.id = 1;
        let mut mine_held = job(4, 10);
        mine_held.id = 2;
        let mut theirs = job(5, 1000);
        theirs.id = 3;
        theirs.owner = Some("bob".into());
        let mut hidden = job(4, 10);
        hidden.id = 4;
        hidden.owner = None;
        let jobs = [mine_stuck, mine_held, theirs, hidden];
        let refs: Vec<&Job> = jobs.iter().collect();
        let outcome = offer_own(evaluate("Office", &refs, NOW, 300), &refs, NOW, 300, "ann");
        let offers: Vec<(&str, Vec<String>)> = outcome
            .offers
            .iter()
            .map(|o| (o.repair, o.targets.clone()))
            .collect();
        assert_eq!(
            offers,
            [
                ("printer.release_job", vec!["2".to_owned()]),
                ("printer.cancel_job", vec!["1".to_owned(), "2".to_owned()]),
            ]
        );
        // Someone else's jobs only: nothing is offered.
        let outcome = offer_own(
            evaluate("Office", &refs, NOW, 300),
            &refs,
            NOW,
            300,
            "carol",
        );
        assert!(outcome.offers.is_empty());
    }

    #[test]
    fn document_names_are_sensitive() {
        let jobs = [job(5, 1000)];
        let refs: Vec<&Job> = jobs.iter().collect();
        let outcome = evaluate("Office", &refs, NOW, 300);
        let names = outcome.evidence.iter().find(|e| e.key == "document_names");
        assert!(names.is_some_and(|e| e.sensitive));
    }

    #[test]
    fn odd_times_never_panic() {
        let odd = [
            Job {
                created: Some(i64::MIN),
                completed: Some(i64::MAX),
                state: Some(6),
                ..Job::default()
            },
            Job::default(),
        ];
        let refs: Vec<&Job> = odd.iter().collect();
        let _ = evaluate("x", &refs, i64::MAX, i64::MAX);
        let _ = evaluate("x", &refs, i64::MIN, 0);
    }
}
