//! `printer.installed`: is at least one printer set up?

use std::time::Duration;

use super::{IppError, Queue, queues};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "printer-installed-ok");
const NONE: MessageSpec = message(Status::Warn, "printer-installed-none");
const UNREADABLE: MessageSpec = message(Status::Error, "printer-installed-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "printer.installed",
    area: Area::Printer,
    depends_on: &["printer.service"],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[OK, NONE, UNREADABLE],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move { vec![evaluate(&queues(&context.profile).await.map(|(_, q)| q))] })
}

pub fn evaluate(queues: &Result<Vec<Queue>, IppError>) -> Outcome {
    match queues {
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
