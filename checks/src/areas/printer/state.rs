//! `printer.state`: per queue, is it ready? Stopped or paused, accepting jobs, and what the
//! printer reports (out of paper, jam, toner, cover open, offline …) in plain words. Severity
//! follows the reason's suffix: `-report` is information, `-warning` warns, else an error.

use std::time::Duration;

use super::{Queue, Severity, base_reason, queues, severity};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const READY: MessageSpec = message(Status::Pass, "printer-state-ready").with_args(&["printer"]);
const PRINTING: MessageSpec =
    message(Status::Pass, "printer-state-printing").with_args(&["printer"]);
const REJECTING: MessageSpec =
    message(Status::Fail, "printer-state-rejecting").with_args(&["printer"]);
const UNREADABLE: MessageSpec = message(Status::Error, "printer-state-unreadable");
const NONE: MessageSpec = message(Status::NotApplicable, "printer-state-none");

/// Known reasons, most important first, and their message.
const REASONS: &[(&[&str], &str)] = &[
    (&["paused"], "printer-state-paused"),
    (
        &["offline", "shutdown", "timed-out"],
        "printer-state-offline",
    ),
    (&["media-jam", "jam"], "printer-state-media-jam"),
    (
        &["cover-open", "door-open", "interlock-open"],
        "printer-state-cover-open",
    ),
    (
        &["media-empty", "media-needed"],
        "printer-state-media-empty",
    ),
    (
        &["toner-empty", "marker-supply-empty", "marker-waste-full"],
        "printer-state-supply-empty",
    ),
    (
        &["cups-missing-filter", "cups-insecure-filter"],
        "printer-state-missing-driver",
    ),
    (&["connecting-to-device"], "printer-state-connecting"),
    (&["media-low"], "printer-state-media-low"),
    (
        &["toner-low", "marker-supply-low", "marker-waste-almost-full"],
        "printer-state-supply-low",
    ),
];
const OTHER: &str = "printer-state-other";

/// Each reason message, as a failure and as a warning.
const MESSAGES: &[MessageSpec] = &[
    READY,
    PRINTING,
    REJECTING,
    UNREADABLE,
    NONE,
    message(Status::Fail, "printer-state-paused").with_args(&["printer"]),
    message(Status::Warn, "printer-state-paused").with_args(&["printer"]),
    message(Status::Fail, "printer-state-offline").with_args(&["printer"]),
    message(Status::Warn, "printer-state-offline").with_args(&["printer"]),
    message(Status::Fail, "printer-state-media-jam").with_args(&["printer"]),
    message(Status::Warn, "printer-state-media-jam").with_args(&["printer"]),
    message(Status::Fail, "printer-state-cover-open").with_args(&["printer"]),
    message(Status::Warn, "printer-state-cover-open").with_args(&["printer"]),
    message(Status::Fail, "printer-state-media-empty").with_args(&["printer"]),
    message(Status::Warn, "printer-state-media-empty").with_args(&["printer"]),
    message(Status::Fail, "printer-state-supply-empty").with_args(&["printer"]),
    message(Status::Warn, "printer-state-supply-empty").with_args(&["printer"]),
    message(Status::Fail, "printer-state-missing-driver").with_args(&["printer"]),
    message(Status::Warn, "printer-state-missing-driver").with_args(&["printer"]),
    message(Status::Fail, "printer-state-connecting").with_args(&["printer"]),
    message(Status::Warn, "printer-state-connecting").with_args(&["printer"]),
    message(Status::Fail, "printer-state-media-low").with_args(&["printer"]),
    message(Status::Warn, "printer-state-media-low").with_args(&["printer"]),
    message(Status::Fail, "printer-state-supply-low").with_args(&["printer"]),
    message(Status::Warn, "printer-state-supply-low").with_args(&["printer"]),
    message(Status::Fail, OTHER).with_args(&["printer", "reason"]),
    message(Status::Warn, OTHER).with_args(&["printer", "reason"]),
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
        match queues(&context).await {
            Ok(queues) if queues.is_empty() => vec![Outcome::of(&NONE)],
            Ok(queues) => queues.iter().map(evaluate).collect(),
            Err(error) => {
                vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string()))]
            }
        }
    })
}

/// The message for a reason keyword, and its rank (lower is more important).
fn known(reason: &str) -> (usize, &'static str) {
    let base = base_reason(reason);
    REASONS
        .iter()
        .enumerate()
        .find(|(_, (keywords, _))| keywords.contains(&base))
        .map_or((REASONS.len(), OTHER), |(rank, (_, id))| (rank, *id))
}

pub fn evaluate(queue: &Queue) -> Outcome {
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
    // The most serious reason leads: errors before warnings, then the table's order.
    let worst = queue
        .reasons
        .iter()
        .filter(|r| severity(r) != Severity::Report)
        .min_by_key(|r| (std::cmp::Reverse(severity(r)), known(r).0));
    if let Some(reason) = worst {
        let status = if severity(reason) == Severity::Error {
            Status::Fail
        } else {
            Status::Warn
        };
        let (_, id) = known(reason);
        return base(status, id)
            .arg("reason", reason.as_str())
            .arg("message", queue.message.clone().unwrap_or_default());
    }
    if queue.state == Some(5) {
        return base(Status::Fail, "printer-state-paused");
    }
    if queue.accepting == Some(false) {
        return base(REJECTING.status, REJECTING.id);
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

    #[test]
    fn healthy_states() {
        assert_eq!(judged(3, &[], true), (Status::Pass, "printer-state-ready"));
        assert_eq!(
            judged(4, &[], true),
            (Status::Pass, "printer-state-printing")
        );
        assert_eq!(
            judged(3, &["media-low-report"], true),
            (Status::Pass, "printer-state-ready")
        );
    }

    #[test]
    fn reasons_map_to_plain_messages_with_suffix_severity() {
        assert_eq!(
            judged(5, &["paused"], true),
            (Status::Fail, "printer-state-paused")
        );
        assert_eq!(
            judged(3, &["media-empty-error"], true),
            (Status::Fail, "printer-state-media-empty")
        );
        assert_eq!(
            judged(3, &["media-empty-warning"], true),
            (Status::Warn, "printer-state-media-empty")
        );
        assert_eq!(
            judged(3, &["media-low-warning"], true),
            (Status::Warn, "printer-state-media-low")
        );
        assert_eq!(
            judged(3, &["media-jam"], true),
            (Status::Fail, "printer-state-media-jam")
        );
        assert_eq!(
            judged(3, &["toner-low-warning"], true),
            (Status::Warn, "printer-state-supply-low")
        );
        assert_eq!(
            judged(3, &["marker-supply-empty-error"], true),
            (Status::Fail, "printer-state-supply-empty")
        );
        assert_eq!(
            judged(3, &["door-open"], true),
            (Status::Fail, "printer-state-cover-open")
        );
        assert_eq!(
            judged(3, &["offline-report", "offline"], true),
            (Status::Fail, "printer-state-offline")
        );
        assert_eq!(
            judged(4, &["connecting-to-device"], true),
            (Status::Fail, "printer-state-connecting")
        );
        assert_eq!(
            judged(3, &["cups-missing-filter-warning"], true),
            (Status::Warn, "printer-state-missing-driver")
        );
    }

    #[test]
    fn the_most_serious_reason_leads() {
        assert_eq!(
            judged(3, &["toner-low-warning", "media-jam-error"], true),
            (Status::Fail, "printer-state-media-jam")
        );
        assert_eq!(
            judged(5, &["media-empty", "paused"], true),
            (Status::Fail, "printer-state-paused")
        );
    }

    #[test]
    fn rejecting_and_stopped_without_reasons() {
        assert_eq!(
            judged(3, &[], false),
            (Status::Fail, "printer-state-rejecting")
        );
        assert_eq!(judged(5, &[], true), (Status::Fail, "printer-state-paused"));
    }

    #[test]
    fn unknown_reasons_still_appear_with_the_printers_message() {
        let outcome = evaluate(&queue(
            3,
            &["spool-area-full-warning", "x-vendor-thing"],
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
    fn hostile_values_never_panic() {
        let huge = "x".repeat(100_000);
        for q in [
            Queue::default(),
            Queue {
                name: huge.clone(),
                state: Some(i32::MIN),
                reasons: vec![huge.clone(), String::new(), "-warning".into()],
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
        }
    }
}
