//! `printer.service`: is the print service running and answering?

use std::time::Duration;

use super::{PrintError, Source};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "printer-service-ok");
const DOWN: MessageSpec = message(Status::Fail, "printer-service-down");
const SILENT: MessageSpec = message(Status::Fail, "printer-service-silent").with_args(&["seconds"]);
const GARBLED: MessageSpec = message(Status::Fail, "printer-service-garbled");
const NOT_INSTALLED: MessageSpec = message(Status::NotApplicable, "printer-service-not-installed");
/// No print service and no printer ever set up: nothing to check in a full run.
const NEVER_SET_UP: MessageSpec = message(Status::NotApplicable, "printer-service-no-printer");
/// The same, when the user asked about printing: the answer to "I can't print".
const NO_PRINTER: MessageSpec = message(Status::Fail, "printer-service-no-printer");
const UNSUPPORTED: MessageSpec = message(Status::NotApplicable, "printer-service-unsupported");

pub static CHECK: CheckDef = CheckDef {
    id: "printer.service",
    area: Area::Printer,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[
        OK,
        DOWN,
        SILENT,
        GARBLED,
        NOT_INSTALLED,
        NEVER_SET_UP,
        NO_PRINTER,
        UNSUPPORTED,
    ],
    run,
};

/// What asking the print service showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub support: Result<(), String>,
    pub server: String,
    pub source: Source,
    /// A print system is installed here (or one was configured explicitly).
    pub installed: bool,
    /// Whether a printer was ever set up on the local print server, and the file that says so.
    pub ever_set_up: (bool, String),
    /// The user asked about printing (not a full run).
    pub asked_for: bool,
    /// Number of queues and the time the answer took.
    pub answer: Result<(usize, Duration), PrintError>,
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let print = match context.facts().print().await {
            Ok(print) => print,
            Err(error) => {
                return vec![
                    Outcome::of(&GARBLED).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
        };
        vec![evaluate(&Facts {
            support: print.support.clone(),
            server: print.server.to_string(),
            source: print.source,
            installed: print.installed,
            ever_set_up: print.ever_set_up.clone(),
            asked_for: context.asked_for(Area::Printer),
            answer: print
                .queues
                .clone()
                .map(|(queues, elapsed)| (queues.len(), elapsed)),
        })]
    })
}

pub fn evaluate(facts: &Facts) -> Outcome {
    if let Err(reason) = &facts.support {
        return Outcome::of(&UNSUPPORTED).evidence(Evidence::plain("reason", reason.as_str()));
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
        // Nothing listens on the default local server, and no printer was ever set up there:
        // not a problem in a full run, the answer itself when the user asked about printing.
        Err(PrintError::NotListening(_)) if !facts.source.explicit() && !facts.ever_set_up.0 => {
            let spec = if facts.asked_for {
                &NO_PRINTER
            } else if facts.installed {
                &NEVER_SET_UP
            } else {
                &NOT_INSTALLED
            };
            base(spec)
                .evidence(Evidence::plain("print_system_installed", facts.installed))
                .evidence(Evidence::plain("printer_ever_set_up", false))
                .evidence(Evidence::plain(
                    "printer_ever_set_up_from",
                    format!("no printer list at {}", facts.ever_set_up.1),
                ))
        }
        Err(PrintError::NotListening(_)) if !facts.installed => base(&NOT_INSTALLED),
        Err(error @ PrintError::NotListening(_)) => {
            let mut outcome = base(&DOWN).evidence(Evidence::plain("error", error.to_string()));
            if !facts.source.explicit() {
                outcome = outcome
                    .evidence(Evidence::plain("printer_ever_set_up", true))
                    .evidence(Evidence::plain(
                        "printer_ever_set_up_from",
                        format!("printer list at {}", facts.ever_set_up.1),
                    ));
            }
            outcome
        }
        Err(error @ PrintError::Timeout(limit)) => base(&SILENT)
            .arg("seconds", limit.as_secs_f64())
            .evidence(Evidence::plain("error", error.to_string())),
        Err(error) => base(&GARBLED).evidence(Evidence::plain("error", error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(installed: bool, answer: Result<(usize, Duration), PrintError>) -> Facts {
        Facts {
            support: Ok(()),
            server: "/run/cups/cups.sock".into(),
            source: Source::LocalSocket,
            installed,
            ever_set_up: (true, "/etc/cups/printers.conf".into()),
            asked_for: false,
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
            evaluate(&facts(false, Err(PrintError::NotListening("x".into())))).status,
            Status::NotApplicable
        );
        assert_eq!(
            evaluate(&facts(true, Err(PrintError::NotListening("x".into())))).message,
            "printer-service-down"
        );
        assert_eq!(
            evaluate(&facts(
                true,
                Err(PrintError::Timeout(Duration::from_secs(1)))
            ))
            .message,
            "printer-service-silent"
        );
        assert_eq!(
            evaluate(&facts(true, Err(PrintError::Malformed("x".into())))).message,
            "printer-service-garbled"
        );
        // No printer ever set up: nothing to check in a full run; the answer when asked.
        let never = Facts {
            ever_set_up: (false, "/etc/cups/printers.conf".into()),
            ..facts(true, Err(PrintError::NotListening("x".into())))
        };
        assert_eq!(evaluate(&never).status, Status::NotApplicable);
        assert_eq!(evaluate(&never).message, "printer-service-no-printer");
        let asked = Facts {
            asked_for: true,
            ..never.clone()
        };
        assert_eq!(evaluate(&asked).status, Status::Fail);
        // A server named explicitly is never "not applicable".
        let named = Facts {
            source: Source::Profile,
            ..never.clone()
        };
        assert_eq!(evaluate(&named).message, "printer-service-down");
        let unsupported = Facts {
            support: Err("no".to_owned()),
            ..facts(true, Ok((0, Duration::ZERO)))
        };
        assert_eq!(evaluate(&unsupported).status, Status::NotApplicable);
    }
}
