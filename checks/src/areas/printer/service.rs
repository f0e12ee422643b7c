//! `printer.service`: is the print service running and answering?

use std::time::Duration;

use super::{Client, IppError, Source, locate};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::platform;

const OK: MessageSpec = message(Status::Pass, "printer-service-ok");
const DOWN: MessageSpec = message(Status::Fail, "printer-service-down");
const SILENT: MessageSpec = message(Status::Fail, "printer-service-silent");
const GARBLED: MessageSpec = message(Status::Fail, "printer-service-garbled");
const NOT_INSTALLED: MessageSpec = message(Status::NotApplicable, "printer-service-not-installed");
const UNSUPPORTED: MessageSpec = message(Status::NotApplicable, "printer-service-unsupported");

pub static CHECK: CheckDef = CheckDef {
    id: "printer.service",
    area: Area::Printer,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[OK, DOWN, SILENT, GARBLED, NOT_INSTALLED, UNSUPPORTED],
    run,
};

/// What asking the print service showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub support: Result<(), &'static str>,
    pub server: String,
    pub source: Source,
    /// A print system is installed here (or one was configured explicitly).
    pub installed: bool,
    /// Number of queues and the time the answer took.
    pub answer: Result<(usize, Duration), IppError>,
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let support = platform::print_system_support();
        let (server, source) = locate(&context.profile);
        let installed = matches!(source, Source::Profile | Source::Environment)
            || platform::print_system_installed();
        let answer = match support {
            Err(_) => Err(IppError::Other("not supported".to_owned())),
            Ok(()) => match Client::new(
                server.clone(),
                Duration::from_millis(context.profile.printer.request_timeout_ms),
            ) {
                Ok(client) => client
                    .queues()
                    .await
                    .map(|(queues, elapsed)| (queues.len(), elapsed)),
                Err(error) => Err(error),
            },
        };
        vec![evaluate(&Facts {
            support,
            server: server.to_string(),
            source,
            installed,
            answer,
        })]
    })
}

pub fn evaluate(facts: &Facts) -> Outcome {
    if let Err(reason) = facts.support {
        return Outcome::of(&UNSUPPORTED).evidence(Evidence::plain("reason", reason));
    }
    let base = |spec: &MessageSpec| {
        Outcome::of(spec)
            .evidence(Evidence::plain("server", facts.server.as_str()))
            .evidence(Evidence::plain("found_through", facts.source.as_str()))
    };
    match &facts.answer {
        Ok((queues, elapsed)) => base(&OK)
            .evidence(Evidence::plain("queues", *queues as u64))
            .evidence(Evidence::plain(
                "response_ms",
                u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            )),
        Err(IppError::NotListening(_)) if !facts.installed => base(&NOT_INSTALLED),
        Err(error @ IppError::NotListening(_)) => {
            base(&DOWN).evidence(Evidence::plain("error", error.to_string()))
        }
        Err(error @ IppError::Timeout(limit)) => base(&SILENT)
            .arg("seconds", limit.as_secs_f64())
            .evidence(Evidence::plain("error", error.to_string())),
        Err(error) => base(&GARBLED).evidence(Evidence::plain("error", error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(installed: bool, answer: Result<(usize, Duration), IppError>) -> Facts {
        Facts {
            support: Ok(()),
            server: "/run/cups/cups.sock".into(),
            source: Source::LocalSocket,
            installed,
            answer,
        }
    }

    #[test]
    fn outcomes() {
        assert_eq!(
            evaluate(&facts(true, Ok((2, Duration::from_millis(3))))).status,
            Status::Pass
        );
        assert_eq!(
            evaluate(&facts(false, Err(IppError::NotListening("x".into())))).status,
            Status::NotApplicable
        );
        assert_eq!(
            evaluate(&facts(true, Err(IppError::NotListening("x".into())))).message,
            "printer-service-down"
        );
        assert_eq!(
            evaluate(&facts(true, Err(IppError::Timeout(Duration::from_secs(1))))).message,
            "printer-service-silent"
        );
        assert_eq!(
            evaluate(&facts(true, Err(IppError::Malformed("x".into())))).message,
            "printer-service-garbled"
        );
        let unsupported = Facts {
            support: Err("no"),
            ..facts(true, Ok((0, Duration::ZERO)))
        };
        assert_eq!(evaluate(&unsupported).status, Status::NotApplicable);
    }
}
