//! `network.latency`: delay, jitter and loss over a series of probes to the internet hosts.
//!
//! Pings where this user may and the network lets them through; otherwise TCP connections to
//! the port each host first answered on. Many networks drop ping beyond the router while TCP
//! works: silence to ping is then filtering, not loss, and the series is measured over TCP.
//! Loss only counts for a method that got replies in this run, and only for the hosts that
//! answered it. Each probe has its own time limit, longer than the fail threshold, so a slow
//! satellite link reads as slow, not as lost. Probes start a few milliseconds apart and overlap.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::internet::{PORTS, targets};
use super::ping::{Icmp, Pinger};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::probe::{self, Tcp};
use crate::profile::Network;

const OK: MessageSpec = message(Status::Pass, "network-latency-ok").with_args(&["ms"]);
const SLOW: MessageSpec = message(Status::Warn, "network-latency-slow").with_args(&["ms"]);
const JITTER: MessageSpec = message(Status::Warn, "network-latency-jitter").with_args(&["jitter"]);
const LOSSY: MessageSpec = message(Status::Warn, "network-latency-loss").with_args(&["loss"]);
const UNMEASURED: MessageSpec = message(Status::Warn, "network-latency-unmeasured");
const VERY_SLOW: MessageSpec =
    message(Status::Fail, "network-latency-very-slow").with_args(&["ms"]);
const VERY_LOSSY: MessageSpec =
    message(Status::Fail, "network-latency-heavy-loss").with_args(&["loss"]);
const NO_TARGETS: MessageSpec = message(Status::NotApplicable, "network-latency-no-targets");
const UNREADABLE: MessageSpec = message(Status::Error, "network-latency-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "network.latency",
    area: Area::Network,
    depends_on: &["network.internet"],
    after: &[],
    timeout: Duration::from_secs(6),
    messages: &[
        OK, SLOW, JITTER, LOSSY, UNMEASURED, VERY_SLOW, VERY_LOSSY, NO_TARGETS, UNREADABLE,
    ],
    run,
};

/// Time between probe starts.
const SPACING: Duration = Duration::from_millis(5);

/// A TCP connection that took longer than this lost its first SYN and waited for the
/// kernel's retry (the initial retransmission timeout is 1 s): it counts as lost, not slow.
const SYN_RETRY: Duration = Duration::from_millis(1000);

/// Ping is judged filtered when TCP has answered and no echo reply came in this long, nor in
/// four times the slowest TCP answer: replies travel the same path as TCP's.
const PING_SILENCE: Duration = Duration::from_millis(300);

/// How the series was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    #[default]
    Ping,
    Tcp,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Ping => "ping",
            Method::Tcp => "tcp",
        }
    }
}

/// What the series showed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// In send order, for the hosts that answered this method; None = lost.
    pub samples: Vec<Option<Duration>>,
    pub method: Method,
    /// Why this method was used, when it is not plain ping.
    pub reason: Option<&'static str>,
    /// The hosts the series measured.
    pub targets: Vec<String>,
    /// Hosts left out of the figures: they gave no reply to the method used (a silent
    /// host's probes would only read as loss).
    pub left_out: Vec<String>,
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

/// What measuring came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Measured {
    Series(Series),
    /// Nothing answered any method: `network.internet` owns that verdict.
    Nothing {
        targets: Vec<String>,
        /// Why ping could not be used, if it could not.
        ping: Option<&'static str>,
    },
}

const REASON_NOT_PERMITTED: &str = "ping is not permitted for this user";
const REASON_FILTERED: &str =
    "ping gets no reply on this network (filtered); TCP reaches the hosts";

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let network = context.profile.network.clone();
        let (hosts, _) = match targets(&context, &network.internet_hosts, &network.interfaces).await
        {
            Ok(found) => found,
            Err(error) => {
                return vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))];
            }
        };
        if hosts.is_empty() {
            return vec![Outcome::of(&NO_TARGETS)];
        }
        let measured = measure(&hosts, &network, &context).await;
        vec![evaluate(&measured, &network)]
    })
}

/// One ping of the series: its number, its host, and the answer.
type PingResult = (usize, IpAddr, Option<Duration>);

/// How each host first answered TCP: the port and the time, if it did.
type TcpAnswers = Vec<(IpAddr, Option<(u16, Duration)>)>;

async fn measure(hosts: &[IpAddr], network: &Network, context: &Context) -> Measured {
    let started = Instant::now();
    let quick = context.limit(Duration::from_millis(network.probe_timeout_ms));
    let limit = context.limit(Duration::from_millis(network.latency_probe_timeout_ms));
    let count = usize::try_from(network.latency_probes.max(1)).unwrap_or(20);
    let v4 = Pinger::open(false).ok();
    let v6 = Pinger::open(true).ok();
    let pinger = |ip: &IpAddr| {
        if ip.is_ipv4() {
            v4.as_ref()
        } else {
            v6.as_ref()
        }
    };
    let pingable: Vec<IpAddr> = hosts
        .iter()
        .copied()
        .filter(|ip| pinger(ip).is_some())
        .collect();

    // The ping series starts at once; TCP finds, meanwhile, how each host answers TCP.
    let mut pings: FuturesUnordered<_> = (0..if pingable.is_empty() { 0 } else { count })
        .map(|n| {
            let ip = pingable[n % pingable.len()];
            let pinger = pinger(&ip);
            async move {
                tokio::time::sleep(SPACING * n as u32).await;
                let rtt = match pinger {
                    Some(p) => match p.ping(ip, n as u16, limit).await {
                        Icmp::Reply(rtt) => Some(rtt),
                        _ => None,
                    },
                    None => None,
                };
                (n, ip, rtt) as PingResult
            }
        })
        .collect();
    let discovery = futures_util::future::join_all(
        hosts
            .iter()
            .map(|ip| async move { (*ip, first_tcp_answer(*ip, quick).await) }),
    );
    let mut discovery = std::pin::pin!(discovery);
    let mut tcp: Option<TcpAnswers> = None;
    let mut ping_results: Vec<PingResult> = Vec::new();
    let mut ping_answered = false;

    // Until ping answers, or TCP has answered and ping stayed silent long after it.
    loop {
        if ping_answered {
            break;
        }
        let silence = tcp.as_ref().and_then(|found| {
            let slowest = found
                .iter()
                .filter_map(|(_, a)| a.map(|(_, rtt)| rtt))
                .max()?;
            Some(PING_SILENCE.max(slowest * 4))
        });
        let give_up = silence.map(|s| tokio::time::Instant::from_std(started + s));
        tokio::select! {
            Some(result) = pings.next(), if !pings.is_empty() => {
                ping_answered = result.2.is_some();
                ping_results.push(result);
            }
            found = &mut discovery, if tcp.is_none() => tcp = Some(found),
            () = sleep_until(give_up), if give_up.is_some() => break,
            else => break,
        }
    }
    if ping_answered {
        while let Some(result) = pings.next().await {
            ping_results.push(result);
        }
        return Measured::Series(ping_series(&ping_results, hosts, &pingable));
    }
    drop(pings);
    let tcp = match tcp {
        Some(found) => found,
        None => discovery.await,
    };
    let answering: Vec<(IpAddr, u16)> = tcp
        .iter()
        .filter_map(|(ip, answer)| answer.map(|(port, _)| (*ip, port)))
        .collect();
    let ping_reason = if pingable.len() < hosts.len() {
        Some(REASON_NOT_PERMITTED)
    } else {
        None
    };
    if answering.is_empty() {
        return Measured::Nothing {
            targets: hosts.iter().map(ToString::to_string).collect(),
            ping: ping_reason,
        };
    }
    let tcp_limit = context.limit(limit.min(SYN_RETRY));
    let probes = (0..count).map(|n| {
        let (ip, port) = answering[n % answering.len()];
        async move {
            tokio::time::sleep(SPACING * n as u32).await;
            match probe::tcp(&ip.to_string(), port, tcp_limit).await {
                Tcp::Open(rtt) | Tcp::Refused(rtt) if rtt < SYN_RETRY => Some(rtt),
                _ => None,
            }
        }
    });
    let samples = futures_util::future::join_all(probes).await;
    Measured::Series(Series {
        samples,
        method: Method::Tcp,
        reason: Some(ping_reason.unwrap_or(REASON_FILTERED)),
        targets: answering.iter().map(|(ip, _)| ip.to_string()).collect(),
        left_out: hosts
            .iter()
            .filter(|ip| !answering.iter().any(|(a, _)| a == *ip))
            .map(ToString::to_string)
            .collect(),
    })
}

async fn sleep_until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The port and time of the first TCP answer (open or refused) from a host, if any.
async fn first_tcp_answer(ip: IpAddr, limit: Duration) -> Option<(u16, Duration)> {
    let mut attempts: FuturesUnordered<_> = PORTS
        .iter()
        .map(|&port| async move { (port, probe::tcp(&ip.to_string(), port, limit).await) })
        .collect();
    while let Some((port, result)) = attempts.next().await {
        if let Tcp::Open(rtt) | Tcp::Refused(rtt) = result {
            return Some((port, rtt));
        }
    }
    None
}

/// The ping series, without the hosts that never answered a ping: their silence is
/// filtering, not loss.
pub fn ping_series(results: &[PingResult], hosts: &[IpAddr], pinged: &[IpAddr]) -> Series {
    let mut results = results.to_vec();
    results.sort_by_key(|(n, _, _)| *n);
    let answering: Vec<IpAddr> = pinged
        .iter()
        .copied()
        .filter(|ip| {
            results
                .iter()
                .any(|(_, host, rtt)| host == ip && rtt.is_some())
        })
        .collect();
    Series {
        samples: results
            .iter()
            .filter(|(_, host, _)| answering.contains(host))
            .map(|(_, _, rtt)| *rtt)
            .collect(),
        method: Method::Ping,
        reason: None,
        targets: answering.iter().map(ToString::to_string).collect(),
        left_out: hosts
            .iter()
            .filter(|ip| !answering.contains(ip))
            .map(ToString::to_string)
            .collect(),
    }
}

pub fn evaluate(measured: &Measured, network: &Network) -> Outcome {
    let series = match measured {
        Measured::Series(series) => series,
        Measured::Nothing { targets, ping } => {
            let mut outcome = Outcome::of(&UNMEASURED)
                .evidence(Evidence::plain("targets", targets.clone()))
                .evidence(Evidence::plain(
                    "method",
                    "none: no host answered ping or TCP",
                ));
            if let Some(reason) = ping {
                outcome = outcome.evidence(Evidence::plain("method_reason", *reason));
            }
            return outcome;
        }
    };
    let loss = series.loss_percent();
    let median = series.median();
    let median_ms = median.map_or(0, |m| m.as_millis() as u64);
    let jitter_ms = series.jitter().as_millis() as u64;
    let spec = if median.is_none() {
        // Only hosts that answered are in the series, so this needs them all to go silent.
        &VERY_LOSSY
    } else if loss >= network.loss_fail_percent {
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
        .evidence(Evidence::plain("method", series.method.as_str()))
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
    if let Some(reason) = series.reason {
        outcome = outcome.evidence(Evidence::plain("method_reason", reason));
    }
    if !series.left_out.is_empty() {
        outcome = outcome.evidence(Evidence::plain("left_out", series.left_out.clone()));
    }
    if median.is_some() {
        outcome = outcome.evidence(Evidence::plain("median_ms", median_ms));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(ms: &[Option<u64>]) -> Measured {
        Measured::Series(Series {
            samples: ms.iter().map(|m| m.map(Duration::from_millis)).collect(),
            ..Series::default()
        })
    }

    fn network() -> Network {
        crate::profile::Profile::default().network
    }

    #[test]
    fn a_fast_steady_line_passes() {
        let s = series(&[Some(20), Some(22), Some(21), Some(20)]);
        assert_eq!(evaluate(&s, &network()).status, Status::Pass);
        let Measured::Series(s) = s else {
            unreachable!()
        };
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

    #[test]
    fn nothing_answering_is_could_not_measure_not_loss() {
        let nothing = Measured::Nothing {
            targets: vec!["192.0.2.1".into()],
            ping: None,
        };
        let outcome = evaluate(&nothing, &network());
        assert_eq!(outcome.status, Status::Warn);
        assert_eq!(outcome.message, "network-latency-unmeasured");
        assert!(outcome.evidence.iter().all(|e| e.key != "loss_percent"));
    }

    #[test]
    fn hosts_that_never_answered_a_ping_are_left_out_of_the_loss() {
        let a: IpAddr = [192, 0, 2, 1].into();
        let b: IpAddr = [192, 0, 2, 2].into();
        let v6: IpAddr = "2001:db8::1".parse().unwrap_or(a);
        let rtt = Some(Duration::from_millis(10));
        // Probes alternate over three hosts; the IPv6 one never answers.
        let results: Vec<PingResult> = (0..9)
            .map(|n| {
                let host = [a, b, v6][n % 3];
                (n, host, if host == v6 { None } else { rtt })
            })
            .collect();
        let series = ping_series(&results, &[a, b, v6], &[a, b, v6]);
        assert_eq!(series.loss_percent(), 0.0);
        assert_eq!(series.samples.len(), 6);
        assert_eq!(series.left_out, vec![v6.to_string()]);
        let outcome = evaluate(&Measured::Series(series), &network());
        assert_eq!(outcome.status, Status::Pass);
        // A host that answered once and then went quiet is real loss.
        let mut lossy = results.clone();
        for result in lossy.iter_mut().filter(|r| r.1 == b).skip(1) {
            result.2 = None;
        }
        assert!(ping_series(&lossy, &[a, b, v6], &[a, b, v6]).loss_percent() > 30.0);
    }
}
