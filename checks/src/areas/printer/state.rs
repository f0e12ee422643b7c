//! `printer.state`: per queue, is it ready? Stopped or paused, accepting jobs, and what the
//! printer reports (out of paper, jam, toner, cover open, offline …) in plain words.
//!
//! Each `printer-state-reasons` keyword is judged by what it means ([`super::reasons`]), and
//! together with the printer's state: a reason that blocks printing fails while the printer
//! is stopped or has work, and warns while it is idle (nothing waits yet). CUPS' bookkeeping
//! keywords never raise an alarm. `connecting-to-device` is set at every job's start; only
//! when it has lasted longer than this check's window while a job waits is it the "cannot
//! reach the printer" case.

use std::time::Duration;

use super::reasons::{self, CONNECTING, Class, Meaning};
use super::{Job, Queue, jobs_of, queues, run_clock};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::repair::{RepairDef, RepairFuture, RepairInput};
use crate::text::Args;

const READY: MessageSpec = message(Status::Pass, "printer-state-ready").with_args(&["printer"]);
const PRINTING: MessageSpec =
    message(Status::Pass, "printer-state-printing").with_args(&["printer"]);
const REJECTING: MessageSpec =
    message(Status::Fail, "printer-state-rejecting").with_args(&["printer"]);
const STOPPED: MessageSpec = message(Status::Fail, "printer-state-stopped").with_args(&["printer"]);
const UNREADABLE: MessageSpec = message(Status::Error, "printer-state-unreadable");
const NONE: MessageSpec = message(Status::NotApplicable, "printer-state-none");

/// Every message: the fixed ones, then each reason's as a failure and as a warning.
macro_rules! messages {
    ($($id:literal),* $(,)?) => {
        &[
            READY,
            PRINTING,
            REJECTING,
            STOPPED,
            UNREADABLE,
            NONE,
            $(
                message(Status::Fail, $id).with_args(&["printer"]),
                message(Status::Warn, $id).with_args(&["printer"]),
            )*
            message(Status::Fail, reasons::OTHER).with_args(&["printer", "reason"]),
            message(Status::Warn, reasons::OTHER).with_args(&["printer", "reason"]),
        ]
    };
}

const MESSAGES: &[MessageSpec] = messages![
    "printer-state-paused",
    "printer-state-offline",
    "printer-state-media-jam",
    "printer-state-cover-open",
    "printer-state-media-empty",
    "printer-state-supply-empty",
    "printer-state-supply-missing",
    "printer-state-waste-full",
    "printer-state-output-full",
    "printer-state-tray-missing",
    "printer-state-feed",
    "printer-state-spool-full",
    "printer-state-missing-driver",
    "printer-state-insecure-filter",
    "printer-state-certificate",
    "printer-state-connecting",
    "printer-state-media-low",
    "printer-state-supply-low",
    "printer-state-waste-almost-full",
    "printer-state-output-almost-full",
];

pub static CHECK: CheckDef = CheckDef {
    id: "printer.state",
    area: Area::Printer,
    depends_on: &["printer.installed"],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: MESSAGES,
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let queues = match queues(&context).await {
            Ok(queues) if queues.is_empty() => return vec![Outcome::of(&NONE)],
            Ok(queues) => queues,
            Err(error) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
        };
        // Jobs matter only to judge how long a connection attempt has lasted.
        let connecting = queues
            .iter()
            .any(|q| q.reasons.iter().any(|r| reasons::base(r) == CONNECTING));
        let jobs = if connecting {
            match context.facts().print_jobs().await {
                Ok(Ok(jobs)) => jobs,
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let now = run_clock(&context);
        let judged: Vec<(Outcome, Vec<&'static RepairDef>)> = queues
            .iter()
            .map(|queue| {
                let outcome = evaluate_with_jobs(queue, &jobs_of(&jobs, &queue.name), now);
                let repairs = repairs_for(queue, &outcome);
                (outcome, repairs)
            })
            .collect();
        // Who may resume or accept is asked only when some queue needs it.
        let rights = if judged.iter().any(|(_, repairs)| !repairs.is_empty()) {
            match context.facts().print().await {
                Ok(print) => Some(print.rights()),
                Err(_) => None,
            }
        } else {
            None
        };
        judged
            .into_iter()
            .map(|(outcome, repairs)| match &rights {
                Some(rights) => offer_or_withhold(outcome, &repairs, rights),
                None => outcome,
            })
            .collect()
    })
}

/// Resumes a paused or stopped queue (IPP Resume-Printer).
pub static RESUME: RepairDef = RepairDef {
    id: "printer.resume",
    checks: &["printer.state"],
    undoable: true,
    needs_admin: true,
    destructive: false,
    hands_over: false,
    args: &["printer"],
    timeout: Duration::from_secs(10),
    apply: resume,
};

/// Lets a queue take documents again (CUPS-Accept-Jobs).
pub static ACCEPT_JOBS: RepairDef = RepairDef {
    id: "printer.accept_jobs",
    checks: &["printer.state"],
    undoable: true,
    needs_admin: true,
    destructive: false,
    hands_over: false,
    args: &["printer"],
    timeout: Duration::from_secs(10),
    apply: accept_jobs,
};

fn resume(input: RepairInput) -> RepairFuture {
    Box::pin(async move {
        let queue = super::queue_of(&input)?;
        super::act(&input, super::PrintAction::Resume(queue)).await?;
        Ok("the print service resumed the queue".to_owned())
    })
}

fn accept_jobs(input: RepairInput) -> RepairFuture {
    Box::pin(async move {
        let queue = super::queue_of(&input)?;
        super::act(&input, super::PrintAction::AcceptJobs(queue)).await?;
        Ok("the print service accepts documents for the queue again".to_owned())
    })
}

/// The repairs that would help a queue judged as `outcome`: resume one that is paused or
/// stopped, accept documents on one that refuses them.
pub fn repairs_for(queue: &Queue, outcome: &Outcome) -> Vec<&'static RepairDef> {
    let mut repairs = Vec::new();
    if !outcome.status.is_problem() {
        return repairs;
    }
    if queue.state == Some(5) || queue.reasons.iter().any(|r| reasons::base(r) == "paused") {
        repairs.push(&RESUME);
    }
    if queue.accepting == Some(false) {
        repairs.push(&ACCEPT_JOBS);
    }
    repairs
}

/// Offers each repair where the user is predicted to have the rights; otherwise names it
/// as one the support team can make, with the reason in evidence.
pub fn offer_or_withhold(
    mut outcome: Outcome,
    repairs: &[&'static RepairDef],
    rights: &crate::platform::PrintRights,
) -> Outcome {
    let printer = outcome.subject.clone().unwrap_or_default();
    for repair in repairs {
        let args = Args::new().with("printer", printer.as_str());
        outcome = if rights.admin || !repair.needs_admin {
            outcome.offer(repair.id, args, vec![printer.clone()])
        } else {
            outcome.withhold(repair.id, args, rights.reason.as_str())
        };
    }
    outcome
}

/// How long `connecting-to-device` may last while a job waits before the printer counts
/// as unreachable: this check's own window.
pub fn connecting_window() -> Duration {
    CHECK.timeout
}

/// Judges a queue from its state and reasons alone.
#[cfg(test)]
pub fn evaluate(queue: &Queue) -> Outcome {
    evaluate_with_jobs(queue, &[], 0)
}

/// Judges a queue; `jobs` are its own, `now` is the run's clock (Unix seconds).
pub fn evaluate_with_jobs(queue: &Queue, jobs: &[&Job], now: i64) -> Outcome {
    let name = queue.name.as_str();
    let base = |status: Status, id: &'static str| {
        let mut outcome = Outcome::new(status, id)
            .subject(name)
            .arg("printer", name)
            .evidence(Evidence::plain(
                "printer_state",
                queue.state.map_or("unknown".to_owned(), state_name),
            ))
            .evidence(Evidence::plain("reasons", queue.reasons.clone()));
        if let Some(accepting) = queue.accepting {
            outcome = outcome.evidence(Evidence::plain("accepting_jobs", accepting));
        }
        if let Some(message) = &queue.message {
            outcome = outcome.evidence(Evidence::plain("printer_message", message.as_str()));
        }
        outcome
    };
    // How long the oldest waiting job has waited for the device, when it is being connected.
    let connecting_for = jobs
        .iter()
        .filter(|j| matches!(j.state, Some(3 | 5)))
        .filter_map(|j| j.processing.or(j.created))
        .map(|since| now.saturating_sub(since).max(0))
        .max();
    let judged: Vec<(&String, Meaning)> = queue
        .reasons
        .iter()
        .map(|reason| {
            let mut meaning = reasons::meaning(reason);
            if reasons::base(reason) == CONNECTING {
                let window = i64::try_from(connecting_window().as_secs()).unwrap_or(i64::MAX);
                if connecting_for.is_none_or(|waited| waited <= window) {
                    meaning.class = Class::Info;
                }
            }
            (reason, meaning)
        })
        .collect();
    let worst = |class: Class| {
        judged
            .iter()
            .filter(|(_, m)| m.class == class)
            .min_by_key(|(_, m)| m.rank)
    };
    let named = |outcome: Outcome, reason: &str| {
        outcome
            .arg("reason", reason)
            .arg("message", queue.message.clone().unwrap_or_default())
    };
    if let Some((reason, meaning)) = worst(Class::Blocking) {
        // Nothing waits on an idle printer yet: worth knowing before the next print. A pause
        // is someone's decision that stops every print, whatever the state says.
        let status = if queue.state == Some(3) && reasons::base(reason) != "paused" {
            Status::Warn
        } else {
            Status::Fail
        };
        let mut outcome = named(base(status, meaning.message), reason);
        if reasons::base(reason) == CONNECTING
            && let Some(waited) = connecting_for
        {
            outcome = outcome.evidence(Evidence::plain(
                "connecting_seconds",
                u64::try_from(waited).unwrap_or(0),
            ));
        }
        return outcome;
    }
    if queue.state == Some(5) {
        return base(STOPPED.status, STOPPED.id);
    }
    if queue.accepting == Some(false) {
        return base(REJECTING.status, REJECTING.id);
    }
    if let Some((reason, meaning)) = worst(Class::Low) {
        return named(base(Status::Warn, meaning.message), reason);
    }
    if queue.state == Some(4) {
        return base(PRINTING.status, PRINTING.id);
    }
    base(READY.status, READY.id)
}

fn state_name(state: i32) -> String {
    match state {
        3 => "idle".to_owned(),
        4 => "processing".to_owned(),
        5 => "stopped".to_owned(),
        other => format!("unknown ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Windows spooler's status bits, mapped as `windows_map` maps them, read exactly like
    /// the CUPS reasons for the same conditions: same messages, same verdicts.
    #[test]
    fn windows_status_bits_are_judged_like_cups_reasons() {
        use crate::platform::windows_map::{
            PRINTER_ATTRIBUTE_WORK_OFFLINE, SpoolerPrinter, printer_status as s, queue_of,
        };
        let judged = |status: u32, attributes: u32| {
            let outcome = evaluate(&queue_of(&SpoolerPrinter {
                name: "Office".into(),
                port: "IP_10.0.0.9".into(),
                status,
                attributes,
                jobs: 1,
                tcp_port: None,
            }));
            (outcome.status, outcome.message)
        };
        let fail = Status::Fail;
        for (bits, attributes, expected) in [
            (0, 0, (Status::Pass, "printer-state-printing")),
            (s::PAUSED, 0, (fail, "printer-state-paused")),
            (s::OFFLINE, 0, (fail, "printer-state-offline")),
            (
                0,
                PRINTER_ATTRIBUTE_WORK_OFFLINE,
                (fail, "printer-state-offline"),
            ),
            (
                s::ERROR | s::PAPER_JAM,
                0,
                (fail, "printer-state-media-jam"),
            ),
            (s::DOOR_OPEN, 0, (fail, "printer-state-cover-open")),
            (s::PAPER_OUT, 0, (fail, "printer-state-media-empty")),
            (s::MANUAL_FEED, 0, (fail, "printer-state-media-empty")),
            (s::PAPER_PROBLEM, 0, (fail, "printer-state-feed")),
            (s::NO_TONER, 0, (fail, "printer-state-supply-empty")),
            (s::OUTPUT_BIN_FULL, 0, (fail, "printer-state-output-full")),
            (s::TONER_LOW, 0, (Status::Warn, "printer-state-supply-low")),
        ] {
            assert_eq!(
                judged(bits, attributes),
                expected,
                "{bits:#x} {attributes:#x}"
            );
        }
    }

    fn queue(state: i32, reasons: &[&str], accepting: bool) -> Queue {
        Queue {
            name: "Office".into(),
            state: Some(state),
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
            message: Some("Tray 2 is empty".into()),
            accepting: Some(accepting),
            device_uri: None,
        }
    }

    fn judged(state: i32, reasons: &[&str], accepting: bool) -> (Status, &'static str) {
        let outcome = evaluate(&queue(state, reasons, accepting));
        (outcome.status, outcome.message)
    }

    const IDLE: i32 = 3;
    const PROCESSING: i32 = 4;
    const STOPPED: i32 = 5;

    fn with_repairs(queue: &Queue, admin: bool) -> Outcome {
        let outcome = evaluate(queue);
        let repairs = repairs_for(queue, &outcome);
        let rights = crate::platform::PrintRights {
            admin,
            reason: "this account is not in the print server's administrator groups (lpadmin)"
                .into(),
        };
        offer_or_withhold(outcome, &repairs, &rights)
    }

    #[test]
    fn a_paused_or_refusing_printer_offers_its_repair_to_administrators() {
        let paused = with_repairs(&queue(STOPPED, &["paused"], true), true);
        assert_eq!(paused.offers.len(), 1);
        assert_eq!(paused.offers[0].repair, "printer.resume");
        assert_eq!(paused.offers[0].targets, ["Office"]);
        let refusing = with_repairs(&queue(IDLE, &[], false), true);
        assert_eq!(refusing.offers[0].repair, "printer.accept_jobs");
        let both = with_repairs(&queue(STOPPED, &["paused"], false), true);
        let ids: Vec<&str> = both.offers.iter().map(|o| o.repair).collect();
        assert_eq!(ids, ["printer.resume", "printer.accept_jobs"]);
        // Healthy or merely low on supplies: nothing to repair.
        assert!(
            with_repairs(&queue(IDLE, &[], true), true)
                .offers
                .is_empty()
        );
        assert!(
            with_repairs(&queue(IDLE, &["toner-low-warning"], true), true)
                .offers
                .is_empty()
        );
    }

    #[test]
    fn without_the_rights_the_repair_is_withheld_with_the_reason() {
        let paused = with_repairs(&queue(STOPPED, &["paused"], true), false);
        assert!(paused.offers.is_empty());
        assert_eq!(paused.withheld.len(), 1);
        assert_eq!(paused.withheld[0].repair, "printer.resume");
        assert!(paused.withheld[0].reason.contains("administrator groups"));
    }

    #[test]
    fn healthy_states() {
        assert_eq!(
            judged(IDLE, &[], true),
            (Status::Pass, "printer-state-ready")
        );
        assert_eq!(
            judged(IDLE, &["none"], true),
            (Status::Pass, "printer-state-ready")
        );
        assert_eq!(
            judged(PROCESSING, &[], true),
            (Status::Pass, "printer-state-printing")
        );
    }

    /// Keyword sets as a real cupsd reports them while printing normally
    /// (scheduler/printers.c, backend/ipp.c): never an alarm.
    #[test]
    fn normal_printing_never_raises_an_alarm() {
        for reasons in [
            &["cups-waiting-for-job-completed"][..],
            &["connecting-to-device"],
            &["cups-remote-pending", "cups-remote-processing"],
            &["hold-new-jobs"],
            &[
                "cups-ipp-missing-send-document",
                "cups-ipp-conformance-failure-report",
            ],
            &["none-report"],
        ] {
            assert_eq!(
                judged(PROCESSING, reasons, true),
                (Status::Pass, "printer-state-printing"),
                "{reasons:?}"
            );
        }
    }

    #[test]
    fn blocking_reasons_fail_with_work_and_warn_when_idle() {
        // backend/runloop.c: an unplugged printer.
        assert_eq!(
            judged(PROCESSING, &["offline-report"], true),
            (Status::Fail, "printer-state-offline")
        );
        assert_eq!(
            judged(IDLE, &["offline-report"], true),
            (Status::Warn, "printer-state-offline")
        );
        // backend/snmp-supplies.c: a jam as a `-warning` still stops printing.
        assert_eq!(
            judged(STOPPED, &["media-jam-warning"], true),
            (Status::Fail, "printer-state-media-jam")
        );
        assert_eq!(
            judged(IDLE, &["door-open-report"], true),
            (Status::Warn, "printer-state-cover-open")
        );
        assert_eq!(
            judged(PROCESSING, &["media-empty-error"], true),
            (Status::Fail, "printer-state-media-empty")
        );
        assert_eq!(
            judged(PROCESSING, &["toner-empty-warning"], true),
            (Status::Fail, "printer-state-supply-empty")
        );
        let outcome = evaluate(&queue(IDLE, &["output-area-full-warning"], true));
        assert_eq!(
            outcome.args.get("reason"),
            Some(&crate::text::Arg::from("output-area-full-warning"))
        );
    }

    #[test]
    fn low_supplies_warn_and_reports_of_them_too() {
        assert_eq!(
            judged(IDLE, &["toner-low-report"], true),
            (Status::Warn, "printer-state-supply-low")
        );
        assert_eq!(
            judged(PROCESSING, &["media-low-warning"], true),
            (Status::Warn, "printer-state-media-low")
        );
        assert_eq!(
            judged(IDLE, &["marker-waste-almost-full-warning"], true),
            (Status::Warn, "printer-state-waste-almost-full")
        );
    }

    #[test]
    fn the_most_serious_reason_leads() {
        assert_eq!(
            judged(PROCESSING, &["toner-low-warning", "media-jam-error"], true),
            (Status::Fail, "printer-state-media-jam")
        );
        assert_eq!(
            judged(STOPPED, &["media-empty", "paused"], true),
            (Status::Fail, "printer-state-paused")
        );
        assert_eq!(
            judged(
                STOPPED,
                &["cups-waiting-for-job-completed", "offline-report"],
                true
            ),
            (Status::Fail, "printer-state-offline")
        );
    }

    #[test]
    fn stopped_or_rejecting_without_a_blocking_reason() {
        assert_eq!(
            judged(IDLE, &[], false),
            (Status::Fail, "printer-state-rejecting")
        );
        assert_eq!(
            judged(STOPPED, &[], true),
            (Status::Fail, "printer-state-stopped")
        );
        assert_eq!(
            judged(
                STOPPED,
                &["cups-waiting-for-job-completed", "toner-low-report"],
                true
            ),
            (Status::Fail, "printer-state-stopped")
        );
        assert_eq!(
            judged(STOPPED, &["paused"], true),
            (Status::Fail, "printer-state-paused")
        );
    }

    #[test]
    fn connecting_counts_only_when_it_outlasts_the_window_while_a_job_waits() {
        let office = queue(PROCESSING, &["connecting-to-device"], true);
        let job = |state: i32, processing: i64| Job {
            id: 1,
            queue: Some("Office".into()),
            state: Some(state),
            created: Some(processing - 1),
            processing: Some(processing),
            ..Job::default()
        };
        let now = 1_000_000;
        let fresh = job(5, now - 1);
        let long = job(5, now - 60);
        let done = job(9, now - 60);
        assert_eq!(
            evaluate_with_jobs(&office, &[&fresh], now).message,
            "printer-state-printing"
        );
        assert_eq!(
            evaluate_with_jobs(&office, &[&done], now).message,
            "printer-state-printing"
        );
        let outcome = evaluate_with_jobs(&office, &[&long], now);
        assert_eq!(
            (outcome.status, outcome.message),
            (Status::Fail, "printer-state-connecting")
        );
        assert!(
            outcome
                .evidence
                .iter()
                .any(|e| e.key == "connecting_seconds")
        );
    }

    #[test]
    fn unknown_reasons_still_appear_with_the_printers_message() {
        let outcome = evaluate(&queue(
            PROCESSING,
            &["x-vendor-note-warning", "x-vendor-thing"],
            true,
        ));
        assert_eq!(
            (outcome.status, outcome.message),
            (Status::Fail, "printer-state-other")
        );
        assert!(outcome.evidence.iter().any(|e| e.key == "printer_message"));
        assert_eq!(
            outcome.args.get("reason"),
            Some(&crate::text::Arg::from("x-vendor-thing"))
        );
    }

    #[test]
    fn every_message_the_table_names_is_declared() {
        for id in reasons::messages() {
            for status in [Status::Fail, Status::Warn] {
                assert!(
                    MESSAGES.iter().any(|m| m.status == status && m.id == id),
                    "{id} as {status:?}"
                );
            }
        }
    }

    #[test]
    fn hostile_values_never_panic() {
        let huge = "x".repeat(100_000);
        for q in [
            Queue::default(),
            Queue {
                name: huge.clone(),
                state: Some(i32::MIN),
                reasons: vec![
                    huge.clone(),
                    String::new(),
                    "-warning".into(),
                    "connecting-to-device".into(),
                ],
                ..Queue::default()
            },
            Queue {
                state: Some(99),
                accepting: None,
                message: Some(huge),
                ..Queue::default()
            },
        ] {
            let _ = evaluate(&q);
            let job = Job {
                state: Some(5),
                processing: Some(i64::MIN),
                ..Job::default()
            };
            let _ = evaluate_with_jobs(&q, &[&job], i64::MAX);
        }
    }
}
