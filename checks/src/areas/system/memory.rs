//! `system.memory`: is the computer short of memory ("my computer is slow")? Available
//! memory, swapping and memory pressure (Linux PSI), naming the biggest memory users.

use std::time::Duration;

use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::platform::Pressure;

const OK: MessageSpec =
    message(Status::Pass, "system-memory-ok").with_args(&["available", "total"]);
const SHORT: MessageSpec =
    message(Status::Warn, "system-memory-short").with_args(&["available", "top", "total"]);
const UNREADABLE: MessageSpec = message(Status::Error, "system-memory-unreadable");

/// Stalled on memory for this share of the last minute: high pressure.
const PRESSURE_WARN_PERCENT: f64 = 10.0;
/// Pages swapped per second (4 KiB pages: about 4 MB/s) that count as swapping hard.
const SWAP_WARN_PAGES_PER_SECOND: f64 = 1000.0;
/// Available memory below this share of the total is short whatever else is seen.
const AVAILABLE_WARN_PERCENT: f64 = 5.0;
/// How long swapping is watched, where the kernel keeps no pressure averages (PSI). With
/// PSI, its averages already include stalls on swapping, and nothing is sampled.
const SWAP_SAMPLE: Duration = Duration::from_millis(300);

pub static CHECK: CheckDef = CheckDef {
    id: "system.memory",
    area: Area::System,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[OK, SHORT, UNREADABLE],
    run,
};

/// Log lines that can explain it: programs the kernel stopped for lack of memory, since the
/// system started.
pub const LOGS: &[crate::logs::Excerpt] = &[crate::logs::Excerpt {
    source: crate::platform::LogSource::Kernel,
    units: &[],
    // Windows' resource exhaustion detector: "… diagnosed a low virtual memory condition".
    patterns: &[
        "out of memory",
        "oom-kill",
        "killed process",
        "low virtual memory",
    ],
    about: crate::logs::About::Anything,
    window: crate::logs::Window::SinceBoot,
}];

/// A process and how much of the resource it uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Heavy {
    pub name: String,
    pub amount: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub total_bytes: u64,
    pub available_bytes: u64,
    pub swap_total_bytes: u64,
    pub swap_used_bytes: u64,
    pub pressure: Option<Pressure>,
    pub swap_pages_per_second: Option<f64>,
    /// Largest first, in bytes.
    pub top: Vec<Heavy>,
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let facts = context.facts();
        let (memory, pressure, processes) = tokio::join!(
            facts.ask(Duration::from_secs(1), |p| p.memory()),
            facts.ask(Duration::from_secs(1), |p| p.pressure("memory")),
            facts.processes(),
        );
        let memory = match memory {
            Ok(Ok(memory)) => memory,
            Ok(Err(error)) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.message)),
                ];
            }
            Err(error) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
        };
        let pressure = pressure.ok().and_then(Result::ok);
        // Without the kernel's pressure averages, swapping is watched for a moment.
        let swap_pages_per_second = if pressure.is_none() {
            let before = facts
                .ask(Duration::from_secs(1), |p| p.swap_activity())
                .await
                .ok()
                .and_then(Result::ok);
            if before.is_some() {
                tokio::time::sleep(SWAP_SAMPLE).await;
            }
            let after = match before {
                Some(_) => facts
                    .ask(Duration::from_secs(1), |p| p.swap_activity())
                    .await
                    .ok()
                    .and_then(Result::ok),
                None => None,
            };
            // Display and comparison only.
            #[allow(clippy::cast_precision_loss)]
            before.zip(after).map(|(before, after)| {
                after.saturating_sub(before) as f64 / SWAP_SAMPLE.as_secs_f64()
            })
        } else {
            None
        };
        let processes = match processes {
            Ok(processes) => processes,
            Err(error) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
        };
        // Display only: sizes far below 2^64.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let top = top_processes(processes.into_iter().map(|p| (p.name, p.amount as u64)));
        vec![evaluate(&Facts {
            total_bytes: memory.total_bytes,
            available_bytes: memory.available_bytes,
            swap_total_bytes: memory.swap_total_bytes,
            swap_used_bytes: memory.swap_used_bytes,
            pressure,
            swap_pages_per_second,
            top,
        })]
    })
}

/// The five largest, with the memory of same-named processes (a browser's many) added up.
pub fn top_processes(processes: impl Iterator<Item = (String, u64)>) -> Vec<Heavy> {
    let mut by_name: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for (name, bytes) in processes {
        let entry = by_name.entry(name).or_default();
        *entry = entry.saturating_add(bytes);
    }
    let mut top: Vec<(String, u64)> = by_name.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(5);
    // Display only.
    #[allow(clippy::cast_precision_loss)]
    top.into_iter()
        .map(|(name, bytes)| Heavy {
            name,
            amount: bytes as f64,
        })
        .collect()
}

pub fn evaluate(facts: &Facts) -> Outcome {
    if facts.total_bytes == 0 {
        return Outcome::of(&UNREADABLE)
            .evidence(Evidence::plain("error", "the system reports no memory"));
    }
    // Display and comparison only.
    #[allow(clippy::cast_precision_loss)]
    let available_pct =
        facts.available_bytes.min(facts.total_bytes) as f64 * 100.0 / facts.total_bytes as f64;
    let pressured = facts
        .pressure
        .is_some_and(|p| p.some_avg60 >= PRESSURE_WARN_PERCENT);
    let swapping = facts
        .swap_pages_per_second
        .is_some_and(|r| r >= SWAP_WARN_PAGES_PER_SECOND);
    let short = pressured || swapping || available_pct < AVAILABLE_WARN_PERCENT;
    let top_names: Vec<String> = facts.top.iter().map(|h| h.name.clone()).collect();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let top_listed: Vec<String> = facts
        .top
        .iter()
        .map(|h| {
            format!(
                "{}: {}",
                h.name,
                super::super::disk::human_size(h.amount as u64)
            )
        })
        .collect();
    let mut outcome = Outcome::of(if short { &SHORT } else { &OK })
        .arg(
            "available",
            super::super::disk::human_size(facts.available_bytes),
        )
        .arg("total", super::super::disk::human_size(facts.total_bytes))
        // Process names can name what the user does or works on.
        .private_arg(
            "top",
            crate::model::Kind::Other,
            top_names
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        )
        .evidence(Evidence::plain("total_bytes", facts.total_bytes))
        .evidence(Evidence::plain("available_bytes", facts.available_bytes))
        .evidence(Evidence::plain(
            "available_percent",
            (available_pct * 10.0).round() / 10.0,
        ))
        .evidence(Evidence::plain("swap_total_bytes", facts.swap_total_bytes))
        .evidence(Evidence::plain("swap_used_bytes", facts.swap_used_bytes))
        .evidence(Evidence::sensitive(
            "top_processes",
            crate::model::Kind::Other,
            top_listed,
        ));
    if let Some(pressure) = facts.pressure {
        outcome = outcome
            .evidence(Evidence::plain("pressure_some_avg10", pressure.some_avg10))
            .evidence(Evidence::plain("pressure_some_avg60", pressure.some_avg60));
        if let Some(full) = pressure.full_avg60 {
            outcome = outcome.evidence(Evidence::plain("pressure_full_avg60", full));
        }
    }
    if let Some(rate) = facts.swap_pages_per_second {
        outcome = outcome.evidence(Evidence::plain("swap_pages_per_second", rate));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    const GB: u64 = 1_000_000_000;

    fn facts(available: u64) -> Facts {
        Facts {
            total_bytes: 16 * GB,
            available_bytes: available,
            ..Facts::default()
        }
    }

    #[test]
    fn plenty_of_memory_passes() {
        assert_eq!(evaluate(&facts(8 * GB)).status, Status::Pass);
    }

    #[test]
    fn pressure_swapping_or_nearly_nothing_left_warns() {
        let mut pressured = facts(8 * GB);
        pressured.pressure = Some(Pressure {
            some_avg10: 30.0,
            some_avg60: 25.0,
            full_avg60: Some(5.0),
        });
        assert_eq!(evaluate(&pressured).status, Status::Warn);
        let mut swapping = facts(8 * GB);
        swapping.swap_pages_per_second = Some(5000.0);
        assert_eq!(evaluate(&swapping).status, Status::Warn);
        assert_eq!(evaluate(&facts(GB / 2)).status, Status::Warn);
    }

    #[test]
    fn zero_memory_is_an_error_not_a_panic() {
        assert_eq!(evaluate(&Facts::default()).status, Status::Error);
        assert_eq!(
            evaluate(&Facts {
                total_bytes: 1,
                available_bytes: u64::MAX,
                ..Facts::default()
            })
            .status,
            Status::Pass
        );
    }

    #[test]
    fn same_named_processes_are_added_up() {
        let top = top_processes(
            [
                ("firefox".to_owned(), 3),
                ("firefox".to_owned(), 4),
                ("editor".to_owned(), 5),
                ("a".to_owned(), 1),
            ]
            .into_iter(),
        );
        let names: Vec<&str> = top.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["firefox", "editor", "a"]);
        assert_eq!(top[0].amount, 7.0);
    }
}
