//! `dns.latency`: how long lookups take when no cache has the answer (a random label under
//! each tested name, three at once, through the system's resolver).

use std::time::Duration;

use hickory_resolver::proto::rr::RecordType;

use super::{configured_resolver, lookup, random_label};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "dns-latency-ok").with_args(&["ms"]);
const SLOW: MessageSpec = message(Status::Warn, "dns-latency-slow").with_args(&["ms", "seconds"]);
const VERY_SLOW: MessageSpec =
    message(Status::Fail, "dns-latency-very-slow").with_args(&["seconds"]);
const NONE: MessageSpec = message(Status::NotApplicable, "dns-latency-none");
const UNREADABLE: MessageSpec = message(Status::Error, "dns-latency-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "dns.latency",
    area: Area::Dns,
    depends_on: &["dns.resolution"],
    after: &[],
    timeout: Duration::from_secs(4),
    messages: &[OK, SLOW, VERY_SLOW, NONE, UNREADABLE],
    run,
};

const LOOKUPS: usize = 3;

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let dns = context.profile.dns.clone();
        if dns.names.is_empty() {
            return vec![Outcome::of(&NONE)];
        }
        let limit = context.limit(Duration::from_millis(dns.query_timeout_ms));
        let (_, resolver) = match configured_resolver(&context, limit).await {
            Ok(found) => found,
            Err(error) => {
                return vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))];
            }
        };
        let lookups = (0..LOOKUPS).map(|n| {
            let name = format!(
                "{}.{}",
                random_label(),
                dns.names[n % dns.names.len()].trim_end_matches('.')
            );
            let resolver = &resolver;
            async move {
                let (result, elapsed) = lookup(resolver, &name, RecordType::A).await;
                // A lookup that got no answer took at least the whole time limit.
                if result.answered() {
                    elapsed
                } else {
                    elapsed.max(limit)
                }
            }
        });
        let times = futures_util::future::join_all(lookups).await;
        vec![evaluate(&times, dns.latency_warn_ms, dns.latency_fail_ms)]
    })
}

pub fn evaluate(times: &[Duration], warn_ms: u64, fail_ms: u64) -> Outcome {
    let mut sorted = times.to_vec();
    sorted.sort();
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or_default();
    let ms = median.as_millis() as u64;
    let spec = if ms > fail_ms {
        &VERY_SLOW
    } else if ms > warn_ms {
        &SLOW
    } else {
        &OK
    };
    Outcome::of(spec)
        .arg("ms", ms)
        .arg("seconds", format!("{:.1}", median.as_secs_f64()))
        .evidence(Evidence::plain("median_ms", ms))
        .evidence(Evidence::plain("mean_ms", mean_ms(times)))
        .evidence(Evidence::plain(
            "lookup_ms",
            times
                .iter()
                .map(|t| t.as_millis().to_string())
                .collect::<Vec<_>>(),
        ))
        .evidence(Evidence::plain("warn_after_ms", warn_ms))
        .evidence(Evidence::plain("fail_after_ms", fail_ms))
}

/// The mean, as ChromeOS judges it; the median decides here, so that one lookup a cold
/// cache slowed does not decide alone.
fn mean_ms(times: &[Duration]) -> u64 {
    let total: u128 = times.iter().map(Duration::as_millis).sum();
    u64::try_from(total / times.len().max(1) as u128).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::dns::Lookup;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|v| Duration::from_millis(*v)).collect()
    }

    #[test]
    fn thresholds_apply_to_the_median() {
        assert_eq!(
            evaluate(&ms(&[20, 30, 900]), 400, 1000).status,
            Status::Pass
        );
        assert_eq!(
            evaluate(&ms(&[500, 450, 10]), 400, 1000).status,
            Status::Warn
        );
        assert_eq!(
            evaluate(&ms(&[1200, 1500, 1100]), 400, 1000).status,
            Status::Fail
        );
        // The defaults: ChromeOS' 400 ms, and 700 ms for a failure.
        let dns = crate::profile::Profile::default().dns;
        let judged =
            |values: &[u64]| evaluate(&ms(values), dns.latency_warn_ms, dns.latency_fail_ms);
        assert_eq!(judged(&[350, 390, 380]).status, Status::Pass);
        assert_eq!(judged(&[450, 600, 500]).status, Status::Warn);
        assert_eq!(judged(&[750, 800, 720]).status, Status::Fail);
        assert!(format!("{:?}", judged(&[300, 600, 900]).evidence).contains("600"));
    }

    #[test]
    fn an_unanswered_lookup_is_not_an_answer() {
        assert!(!Lookup::Timeout.answered());
        assert!(Lookup::NxDomain.answered());
    }
}
