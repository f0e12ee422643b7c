//! `system.uptime`: has the computer been awake for a long time without a restart?
//!
//! Counts awake time only: a laptop that sleeps every night is not "on for 40 days".

use std::time::Duration;

use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::platform::{OsError, OsErrorKind};

const OK: MessageSpec = message(Status::Pass, "system-uptime-ok").with_args(&["days", "hours"]);
const LONG: MessageSpec = message(Status::Warn, "system-uptime-long").with_args(&["days"]);
const UNSUPPORTED: MessageSpec = message(Status::NotApplicable, "system-uptime-unsupported");
const UNREADABLE: MessageSpec = message(Status::Error, "system-uptime-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "system.uptime",
    area: Area::System,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(2),
    messages: &[OK, LONG, UNSUPPORTED, UNREADABLE],
    run,
};

const DAY: u64 = 24 * 60 * 60;

/// What the system says about its running time.
#[derive(Debug)]
pub struct Facts {
    /// Time running, not counting suspend.
    pub awake: Result<Duration, OsError>,
    /// Time since boot, counting suspend, where known.
    pub since_boot: Option<Duration>,
}

fn run(context: Context) -> CheckFuture {
    let warn_days = context.profile.system.uptime_warn_days;
    Box::pin(async move {
        let read = context
            .facts()
            .ask(Duration::from_secs(1), |platform| {
                let boot = platform.boot_time().unwrap_or(0);
                Facts {
                    awake: platform.awake_time(),
                    since_boot: (boot > 0).then(|| Duration::from_secs(boot)),
                }
            })
            .await;
        match read {
            Ok(facts) => vec![evaluate(&facts, warn_days)],
            Err(error) => {
                vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string()))]
            }
        }
    })
}

/// Warns once awake time reaches `warn_days` full days.
pub fn evaluate(facts: &Facts, warn_days: u64) -> Outcome {
    let awake = match &facts.awake {
        Ok(awake) => *awake,
        Err(error) if error.kind == OsErrorKind::Unsupported => {
            return Outcome::of(&UNSUPPORTED)
                .evidence(Evidence::plain("reason", error.to_string()));
        }
        Err(error) => {
            return Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string()));
        }
    };
    let days = awake.as_secs() / DAY;
    let spec = if days >= warn_days { &LONG } else { &OK };
    let mut outcome = Outcome::of(spec)
        .arg("days", days)
        .arg("hours", awake.as_secs() / 3600)
        .evidence(Evidence::plain("awake_seconds", awake.as_secs()))
        .evidence(Evidence::plain("warn_after_days", warn_days));
    if let Some(boot) = facts.since_boot {
        outcome = outcome.evidence(Evidence::plain("since_boot_seconds", boot.as_secs()));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(awake_days: f64) -> Facts {
        Facts {
            awake: Ok(Duration::from_secs_f64(awake_days * DAY as f64)),
            since_boot: Some(Duration::from_secs_f64(awake_days * 2.0 * DAY as f64)),
        }
    }

    #[test]
    fn short_awake_time_passes() {
        assert_eq!(evaluate(&facts(0.0), 30).status, Status::Pass);
        assert_eq!(evaluate(&facts(29.9), 30).status, Status::Pass);
    }

    #[test]
    fn long_awake_time_warns_from_the_threshold_on() {
        assert_eq!(evaluate(&facts(30.0), 30).status, Status::Warn);
        assert_eq!(evaluate(&facts(400.0), 30).message, "system-uptime-long");
        assert_eq!(evaluate(&facts(2.0), 1).status, Status::Warn);
    }

    #[test]
    fn suspend_does_not_count() {
        // Boot 60 days ago, but awake for 10: no warning.
        let facts = Facts {
            awake: Ok(Duration::from_secs(10 * DAY)),
            since_boot: Some(Duration::from_secs(60 * DAY)),
        };
        let outcome = evaluate(&facts, 30);
        assert_eq!(outcome.status, Status::Pass);
        assert!(
            outcome
                .evidence
                .iter()
                .any(|e| e.key == "since_boot_seconds")
        );
    }

    #[test]
    fn unsupported_platform_is_not_applicable() {
        let facts = Facts {
            awake: Err(OsError::unsupported("nope")),
            since_boot: None,
        };
        assert_eq!(evaluate(&facts, 30).status, Status::NotApplicable);
    }

    #[test]
    fn os_error_is_an_error() {
        let facts = Facts {
            awake: Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied).into()),
            since_boot: None,
        };
        assert_eq!(evaluate(&facts, 30).status, Status::Error);
    }

    #[test]
    #[cfg(any(target_os = "linux", target_os = "windows"))]
    fn this_machine_reads_its_awake_time() {
        let awake = crate::platform::native().awake_time();
        assert!(awake.is_ok(), "{awake:?}");
    }
}
