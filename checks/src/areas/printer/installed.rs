//! `printer.installed`: is at least one printer set up?

use std::time::Duration;

use super::{PrintError, Queue, queues};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "printer-installed-ok").with_args(&["count"]);
/// No queue: nothing to check in a full run.
const NONE: MessageSpec = message(Status::NotApplicable, "printer-installed-none");
/// No queue when the user asked about printing: the answer itself.
const NONE_ASKED: MessageSpec = message(Status::Fail, "printer-installed-none");
const UNREADABLE: MessageSpec = message(Status::Error, "printer-installed-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "printer.installed",
    area: Area::Printer,
    depends_on: &["printer.service"],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[OK, NONE, NONE_ASKED, UNREADABLE],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        // A server named explicitly is expected to have printers, as when the user asks.
        let judged = context.asked_for(Area::Printer)
            || context
                .facts()
                .print()
                .await
                .is_ok_and(|p| p.source.explicit());
        vec![evaluate(&queues(&context).await, judged)]
    })
}

/// `judged`: the user asked about printing, or the print server was named explicitly (see the
/// contract's symptom-dependent verdicts); otherwise no printer is nothing to check.
pub fn evaluate(queues: &Result<Vec<Queue>, PrintError>, judged: bool) -> Outcome {
    match queues {
        Ok(queues) if queues.is_empty() && judged => Outcome::of(&NONE_ASKED),
        Ok(queues) if queues.is_empty() => Outcome::of(&NONE),
        Ok(queues) => Outcome::of(&OK)
            .arg("count", queues.len() as u64)
            .evidence(Evidence::plain(
                "queues",
                queues.iter().map(|q| q.name.clone()).collect::<Vec<_>>(),
            )),
        Err(error) => {
            Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string()))
        }
    }
}
