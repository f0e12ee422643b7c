//! `printer.default`: is a default printer set, and does it exist? Only with two or more
//! printers does a missing default matter.

use std::time::Duration;

use super::Queue;
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "printer-default-ok").with_args(&["printer"]);
const ONLY_ONE: MessageSpec = message(Status::Pass, "printer-default-only-one");
const NONE: MessageSpec = message(Status::Warn, "printer-default-none");
const GONE: MessageSpec = message(Status::Warn, "printer-default-gone").with_args(&["printer"]);
const UNREADABLE: MessageSpec = message(Status::Error, "printer-default-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "printer.default",
    area: Area::Printer,
    depends_on: &["printer.installed"],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[OK, ONLY_ONE, NONE, GONE, UNREADABLE],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let unreadable = |error: String| {
            vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))]
        };
        let print = match context.facts().print().await {
            Ok(print) => print,
            Err(error) => return unreadable(error.to_string()),
        };
        let queues = match &print.queues {
            Ok((queues, _)) => queues.clone(),
            Err(error) => return unreadable(error.to_string()),
        };
        let server_default = match context.facts().print_default().await {
            Ok(Ok(default)) => default,
            Ok(Err(error)) => return unreadable(error.to_string()),
            Err(error) => return unreadable(error.to_string()),
        };
        vec![evaluate(
            &queues,
            server_default.as_deref(),
            print.user_default.as_deref(),
        )]
    })
}

/// The user's own default wins over the system's.
pub fn evaluate(
    queues: &[Queue],
    server_default: Option<&str>,
    user_default: Option<&str>,
) -> Outcome {
    let chosen = user_default.or(server_default);
    let outcome = |spec: &MessageSpec| {
        let mut outcome =
            Outcome::of(spec).evidence(Evidence::plain("queues", queues.len() as u64));
        if let Some(name) = server_default {
            outcome = outcome.evidence(Evidence::plain("system_default", name));
        }
        if let Some(name) = user_default {
            outcome = outcome.evidence(Evidence::plain("user_default", name));
        }
        if let Some(name) = chosen {
            outcome = outcome.arg("printer", name);
        }
        outcome
    };
    match chosen {
        Some(name) if queues.iter().any(|q| q.name == name) => outcome(&OK),
        _ if queues.len() < 2 => outcome(&ONLY_ONE),
        Some(_) => outcome(&GONE),
        None => outcome(&NONE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queues(names: &[&str]) -> Vec<Queue> {
        names
            .iter()
            .map(|n| Queue {
                name: (*n).into(),
                ..Queue::default()
            })
            .collect()
    }

    #[test]
    fn a_missing_default_matters_only_with_a_choice() {
        assert_eq!(
            evaluate(&queues(&["a"]), None, None).message,
            "printer-default-only-one"
        );
        assert_eq!(
            evaluate(&queues(&["a", "b"]), None, None).message,
            "printer-default-none"
        );
        assert_eq!(
            evaluate(&queues(&["a", "b"]), Some("b"), None).message,
            "printer-default-ok"
        );
        assert_eq!(
            evaluate(&queues(&["a", "b"]), Some("gone"), None).message,
            "printer-default-gone"
        );
        // The user's own choice wins.
        assert_eq!(
            evaluate(&queues(&["a", "b"]), Some("a"), Some("gone")).message,
            "printer-default-gone"
        );
        assert_eq!(
            evaluate(&queues(&["a", "b"]), None, Some("b")).message,
            "printer-default-ok"
        );
    }
}
