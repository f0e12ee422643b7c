//! `system.cpu`: is the processor busy all the time ("my computer is slow")? Sustained CPU
//! pressure (Linux PSI) or load per core, naming the busiest processes. Where the system has
//! neither (Windows), how busy all processors were over a short sample decides.

use std::time::Duration;

use super::memory::Heavy;
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::platform::Pressure;

const OK: MessageSpec = message(Status::Pass, "system-cpu-ok");
const BUSY: MessageSpec = message(Status::Warn, "system-cpu-busy").with_args(&["top"]);
const UNREADABLE: MessageSpec = message(Status::Error, "system-cpu-unreadable");

/// Work waited for the processor this share of the last minute: busy.
const PRESSURE_WARN_PERCENT: f64 = 40.0;
/// Without PSI: five-minute load per core at or above this is busy.
const LOAD_WARN_PER_CORE: f64 = 2.0;
/// Without PSI or load (Windows): all processors busy this share of the sample is busy.
const BUSY_WARN_PERCENT: f64 = 90.0;
/// How long processor time is sampled where neither PSI nor load exists.
const BUSY_WINDOW: Duration = Duration::from_secs(1);

pub static CHECK: CheckDef = CheckDef {
    id: "system.cpu",
    area: Area::System,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[OK, BUSY, UNREADABLE],
    run,
};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub cores: usize,
    /// One, five and fifteen minutes.
    pub load: Option<(f64, f64, f64)>,
    pub pressure: Option<Pressure>,
    /// Busiest first, in percent of one core.
    pub top: Vec<Heavy>,
    /// All processors' busy share over [`BUSY_WINDOW`], read only without pressure or load.
    pub busy_percent: Option<f64>,
}

/// How long the busiest processes are watched, when the processor is busy.
const BUSY_SAMPLE: Duration = Duration::from_millis(200);

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let read = context
            .facts()
            .ask(Duration::from_secs(1), |platform| Facts {
                cores: platform.cpu_count(),
                load: platform.load_average(),
                pressure: platform.pressure("cpu").ok(),
                top: Vec::new(),
                busy_percent: None,
            })
            .await;
        let read = match read {
            Ok(facts) if facts.load.is_none() && facts.pressure.is_none() => {
                context
                    .facts()
                    .ask(BUSY_WINDOW + Duration::from_secs(1), move |platform| {
                        Facts {
                            busy_percent: platform.cpu_busy(BUSY_WINDOW).ok(),
                            ..facts
                        }
                    })
                    .await
            }
            other => other,
        };
        let mut facts = match read {
            Ok(facts) => facts,
            Err(error) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
        };
        // The busiest processes explain a busy processor; measuring them takes two readings
        // a moment apart, so it is done only when the processor is busy (or its state
        // unknown).
        if evaluate(&facts).status != Status::Pass {
            let busy = context
                .facts()
                .ask(BUSY_SAMPLE + Duration::from_secs(1), |platform| {
                    platform.busy_processes(BUSY_SAMPLE)
                })
                .await;
            if let Ok(Ok(busy)) = busy {
                let mut top: Vec<Heavy> = busy
                    .into_iter()
                    .map(|p| Heavy {
                        name: p.name,
                        amount: p.amount,
                    })
                    .collect();
                top.sort_by(|a, b| {
                    b.amount
                        .total_cmp(&a.amount)
                        .then_with(|| a.name.cmp(&b.name))
                });
                top.truncate(5);
                facts.top = top;
            }
        }
        vec![evaluate(&facts)]
    })
}

pub fn evaluate(facts: &Facts) -> Outcome {
    let cores = facts.cores.max(1);
    // Display and comparison only.
    #[allow(clippy::cast_precision_loss)]
    let per_core = facts.load.map(|(_, five, _)| five / cores as f64);
    let busy = match (facts.pressure, per_core) {
        (Some(pressure), _) => pressure.some_avg60 >= PRESSURE_WARN_PERCENT,
        (None, Some(per_core)) => per_core >= LOAD_WARN_PER_CORE,
        (None, None) => facts.busy_percent.is_some_and(|b| b >= BUSY_WARN_PERCENT),
    };
    if facts.pressure.is_none() && facts.load.is_none() && facts.busy_percent.is_none() {
        return Outcome::of(&UNREADABLE).evidence(Evidence::plain(
            "error",
            "neither pressure, load nor processor time is readable",
        ));
    }
    let top_names: Vec<String> = facts.top.iter().take(3).map(|h| h.name.clone()).collect();
    let mut outcome = Outcome::of(if busy { &BUSY } else { &OK })
        // Process names can name what the user does or works on.
        .private_arg("top", crate::model::Kind::Other, top_names.join(", "))
        .evidence(Evidence::plain("cores", cores as u64))
        .evidence(Evidence::sensitive(
            "top_processes",
            crate::model::Kind::Other,
            facts
                .top
                .iter()
                .map(|h| format!("{}: {:.0}%", h.name, h.amount))
                .collect::<Vec<_>>(),
        ));
    if let Some((one, five, fifteen)) = facts.load {
        outcome = outcome.evidence(Evidence::plain(
            "load_average",
            format!("{one:.2} {five:.2} {fifteen:.2}"),
        ));
    }
    if let Some(per_core) = per_core {
        outcome = outcome.evidence(Evidence::plain(
            "load_per_core_5min",
            (per_core * 100.0).round() / 100.0,
        ));
    }
    if let Some(busy) = facts.busy_percent {
        outcome = outcome
            .evidence(Evidence::plain("busy_percent", busy))
            .evidence(Evidence::plain(
                "busy_sample_ms",
                u64::try_from(BUSY_WINDOW.as_millis()).unwrap_or(u64::MAX),
            ));
    }
    if let Some(pressure) = facts.pressure {
        outcome = outcome
            .evidence(Evidence::plain("pressure_some_avg10", pressure.some_avg10))
            .evidence(Evidence::plain("pressure_some_avg60", pressure.some_avg60));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pressure_decides_when_present() {
        let calm = Facts {
            cores: 4,
            load: Some((9.0, 9.0, 9.0)),
            pressure: Some(Pressure::default()),
            top: vec![],
            busy_percent: None,
        };
        assert_eq!(evaluate(&calm).status, Status::Pass);
        let busy = Facts {
            pressure: Some(Pressure {
                some_avg10: 90.0,
                some_avg60: 80.0,
                full_avg60: None,
            }),
            ..calm
        };
        assert_eq!(evaluate(&busy).status, Status::Warn);
    }

    #[test]
    fn load_per_core_decides_without_pressure() {
        let busy = Facts {
            cores: 2,
            load: Some((5.0, 4.5, 3.0)),
            pressure: None,
            top: vec![],
            busy_percent: None,
        };
        assert_eq!(evaluate(&busy).status, Status::Warn);
        let calm = Facts {
            cores: 8,
            load: Some((5.0, 4.5, 3.0)),
            pressure: None,
            top: vec![],
            busy_percent: None,
        };
        assert_eq!(evaluate(&calm).status, Status::Pass);
    }

    #[test]
    fn nothing_readable_is_an_error_and_zero_cores_never_divides_by_zero() {
        assert_eq!(evaluate(&Facts::default()).status, Status::Error);
        let odd = Facts {
            cores: 0,
            load: Some((f64::NAN, f64::INFINITY, 0.0)),
            pressure: None,
            top: vec![],
            busy_percent: None,
        };
        let _ = evaluate(&odd);
    }

    /// Windows has neither pressure nor load: a short sample of processor time decides, so an
    /// idle machine passes instead of failing to read.
    #[test]
    fn processor_time_decides_without_pressure_or_load() {
        let idle = Facts {
            cores: 4,
            busy_percent: Some(3.5),
            ..Facts::default()
        };
        let outcome = evaluate(&idle);
        assert_eq!(outcome.status, Status::Pass);
        let busy = Facts {
            busy_percent: Some(97.0),
            ..idle.clone()
        };
        assert_eq!(evaluate(&busy).status, Status::Warn);
        let edge = Facts {
            busy_percent: Some(f64::NAN),
            ..idle
        };
        assert_eq!(evaluate(&edge).status, Status::Pass);
    }
}
