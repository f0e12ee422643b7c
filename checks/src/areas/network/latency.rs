//! `network.latency`: delay, jitter and loss over a series of probes to the internet hosts.
//!
//! Pings where this user may; otherwise TCP connections to the port each host first answered
//! on. Each probe has its own time limit, longer than the fail threshold, so a slow satellite
//! link reads as slow, not as lost. Probes start a few milliseconds apart and overlap.

use std::net::IpAddr;
use std::time::Duration;

use super::internet::{PORTS, targets};
use super::ping::{Icmp, Pinger};
use super::{Answer, reach};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::probe::{self, Tcp};
use crate::profile::Network;

const OK: MessageSpec = message(Status::Pass, "network-latency-ok");
const SLOW: MessageSpec = message(Status::Warn, "network-latency-slow");
const JITTER: MessageSpec = message(Status::Warn, "network-latency-jitter");
const LOSSY: MessageSpec = message(Status::Warn, "network-latency-loss");
const VERY_SLOW: MessageSpec = message(Status::Fail, "network-latency-very-slow");
const VERY_LOSSY: MessageSpec = message(Status::Fail, "network-latency-heavy-loss");
const NO_TARGETS: MessageSpec = message(Status::NotApplicable, "network-latency-no-targets");

pub static CHECK: CheckDef = CheckDef {
    id: "network.latency",
    area: Area::Network,
    depends_on: &["network.internet"],
    after: &[],
    timeout: Duration::from_secs(6),
    messages: &[OK, SLOW, JITTER, LOSSY, VERY_SLOW, VERY_LOSSY, NO_TARGETS],
    run,
};

/// Time between probe starts.
const SPACING: Duration = Duration::from_millis(5);

/// How one host is probed.
#[derive(Debug, Clone, Copy)]
enum Method {
    Icmp,
    Tcp(u16),
}

/// What the series showed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// In send order; None = lost.
    pub samples: Vec<Option<Duration>>,
    pub method: String,
    pub targets: Vec<String>,
}

impl Series {
    pub fn loss_percent(&self) -> f64 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let lost = self.samples.iter().filter(|s| s.is_none()).count();
        lost as f64 * 100.0 / self.samples.len() as f64
    }

    pub fn median(&self) -> Option<Duration> {
        let mut answered: Vec<Duration> = self.samples.iter().flatten().copied().collect();
        answered.sort();
        answered
            .get(answered.len() / 2)
            .copied()
            .filter(|_| !answered.is_empty())
    }

    /// Mean difference between consecutive answered probes.
    pub fn jitter(&self) -> Duration {
        let answered: Vec<Duration> = self.samples.iter().flatten().copied().collect();
        if answered.len() < 2 {
            return Duration::ZERO;
        }
        let total: Duration = answered.windows(2).map(|w| w[0].abs_diff(w[1])).sum();
        total / (answered.len() as u32 - 1)
    }
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let network = context.profile.network.clone();
        let (hosts, _) = targets(&network.internet_hosts, &network.interfaces).await;
        if hosts.is_empty() {
            return vec![Outcome::of(&NO_TARGETS)];
        }
        let series = measure(&hosts, &network).await;
        vec![evaluate(&series, &network)]
    })
}

async fn measure(hosts: &[IpAddr], network: &Network) -> Series {
    let quick = Duration::from_millis(network.probe_timeout_ms);
    let limit = Duration::from_millis(network.latency_probe_timeout_ms);
    let v4 = Pinger::open(false).ok();
    let v6 = Pinger::open(true).ok();
    // Find how each host answers; hosts that answer nothing still count, as lost probes.
    let methods = futures_util::future::join_all(hosts.iter().map(|ip| async {
        let has_pinger = if ip.is_ipv4() {
            v4.is_some()
        } else {
            v6.is_some()
        };
        if has_pinger {
            (*ip, Method::Icmp)
        } else {
            let port = match reach(*ip, PORTS, quick).await.answer {
                Some(Answer::TcpOpen(port, _) | Answer::TcpRefused(port, _)) => port,
                _ => PORTS[0],
            };
            (*ip, Method::Tcp(port))
        }
    }))
    .await;
    let count = usize::try_from(network.latency_probes.max(1)).unwrap_or(20);
    let probes = (0..count).map(|n| {
        let (ip, method) = methods[n % methods.len()];
        let (v4, v6) = (&v4, &v6);
        async move {
            tokio::time::sleep(SPACING * n as u32).await;
            match method {
                Method::Icmp => {
                    let pinger = if ip.is_ipv4() {
                        v4.as_ref()
                    } else {
                        v6.as_ref()
                    };
                    match pinger {
                        Some(p) => match p.ping(ip, n as u16, limit).await {
                            Icmp::Reply(rtt) => Some(rtt),
                            _ => None,
                        },
                        None => None,
                    }
                }
                Method::Tcp(port) => match probe::tcp(&ip.to_string(), port, limit).await {
                    Tcp::Open(rtt) | Tcp::Refused(rtt) => Some(rtt),
                    _ => None,
                },
            }
        }
    });
    let samples = futures_util::future::join_all(probes).await;
    let method = if methods.iter().all(|(_, m)| matches!(m, Method::Icmp)) {
        "ping".to_owned()
    } else {
        "TCP connect (ping not permitted for this user)".to_owned()
    };
    Series {
        samples,
        method,
        targets: methods.iter().map(|(ip, _)| ip.to_string()).collect(),
    }
}

pub fn evaluate(series: &Series, network: &Network) -> Outcome {
    let loss = series.loss_percent();
    let median = series.median();
    let median_ms = median.map_or(0, |m| m.as_millis() as u64);
    let jitter_ms = series.jitter().as_millis() as u64;
    let spec = if loss >= network.loss_fail_percent || median.is_none() {
        &VERY_LOSSY
    } else if median_ms >= network.latency_fail_ms {
        &VERY_SLOW
    } else if loss >= network.loss_warn_percent {
        &LOSSY
    } else if median_ms >= network.latency_warn_ms {
        &SLOW
    } else if jitter_ms >= network.jitter_warn_ms {
        &JITTER
    } else {
        &OK
    };
    let loss_rounded = loss.round() as u64;
    let mut outcome = Outcome::of(spec)
        .arg("ms", median_ms)
        .arg("jitter", jitter_ms)
        .arg("loss", loss_rounded)
        .evidence(Evidence::plain("method", series.method.clone()))
        .evidence(Evidence::plain("targets", series.targets.clone()))
        .evidence(Evidence::plain("probes", series.samples.len() as u64))
        .evidence(Evidence::plain("loss_percent", loss))
        .evidence(Evidence::plain("jitter_ms", jitter_ms))
        .evidence(Evidence::plain(
            "rtt_ms",
            series
                .samples
                .iter()
                .map(|s| {
                    s.map_or("lost".to_owned(), |d| {
                        format!("{:.1}", d.as_secs_f64() * 1000.0)
                    })
                })
                .collect::<Vec<_>>(),
        ));
    if median.is_some() {
        outcome = outcome.evidence(Evidence::plain("median_ms", median_ms));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(ms: &[Option<u64>]) -> Series {
        Series {
            samples: ms.iter().map(|m| m.map(Duration::from_millis)).collect(),
            ..Series::default()
        }
    }

    fn network() -> Network {
        crate::profile::Profile::default().network
    }

    #[test]
    fn a_fast_steady_line_passes() {
        let s = series(&[Some(20), Some(22), Some(21), Some(20)]);
        assert_eq!(evaluate(&s, &network()).status, Status::Pass);
        assert_eq!(s.median(), Some(Duration::from_millis(21)));
    }

    #[test]
    fn slow_lossy_and_jittery_lines_are_told_apart() {
        let n = network();
        assert_eq!(
            evaluate(&series(&[Some(300); 10]), &n).message,
            "network-latency-slow"
        );
        assert_eq!(
            evaluate(&series(&[Some(1500); 10]), &n).message,
            "network-latency-very-slow"
        );
        let mut lossy = vec![Some(20); 8];
        lossy.extend([None, None]);
        assert_eq!(
            evaluate(&series(&lossy), &n).message,
            "network-latency-loss"
        );
        let mut heavy = vec![Some(20); 5];
        heavy.extend([None; 5]);
        assert_eq!(
            evaluate(&series(&heavy), &n).message,
            "network-latency-heavy-loss"
        );
        assert_eq!(evaluate(&series(&[None; 4]), &n).status, Status::Fail);
        let jittery = series(&[Some(10), Some(150), Some(10), Some(150)]);
        assert_eq!(evaluate(&jittery, &n).message, "network-latency-jitter");
    }
}
