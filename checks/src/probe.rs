//! Live probes (TCP here; ICMP, DNS and HTTP in their areas' modules), and how their
//! outcomes are recorded and replayed.
//!
//! Every probe goes through [`probe`] with a key naming its target and method. The runner
//! sets the run's [`Mode`] around each check's task: live, live and recorded (for
//! `--record-facts`), or replayed from a recorded set, where the probe is not sent at all.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::platform::recorded::{Recorder, Replay};

/// How a run's probes go out.
#[derive(Debug, Clone, Default)]
pub enum Mode {
    #[default]
    Live,
    /// Live, and every outcome kept.
    Recording(Arc<Recorder>),
    /// From a recorded set; nothing is sent.
    Replay(Arc<Replay>),
}

tokio::task_local! {
    /// The run's mode, and the check whose task this is: probes are kept per check, so a
    /// replay gives each check its own answers whatever order the checks ran in.
    static MODE: (Mode, &'static str);
}

/// Runs `future` (a check's task) with the run's probe mode.
pub async fn scope<F: Future>(mode: Mode, check: &'static str, future: F) -> F::Output {
    MODE.scope((mode, check), future).await
}

fn current() -> (Mode, &'static str) {
    MODE.try_with(Clone::clone).unwrap_or((Mode::Live, ""))
}

/// One probe: `live` sends it, unless the run replays a recorded set, where the recorded
/// outcome for `key` is used (or `unanswered` when the set has none).
pub async fn probe<T, F>(key: String, live: F, unanswered: impl FnOnce() -> T) -> T
where
    T: Serialize + DeserializeOwned,
    F: Future<Output = T>,
{
    let (mode, check) = current();
    let key = format!("probe {check} {key}");
    match mode {
        Mode::Live => live.await,
        Mode::Recording(recorder) => {
            // A probe that loses a race (ICMP against TCP) is dropped before it ends: that is
            // kept too, so the replay lets the same probe lose.
            let mut cancelled = KeepIfCancelled {
                recorder: Arc::clone(&recorder),
                key: Some(format!("{key} {CANCELLED}")),
            };
            let outcome = live.await;
            cancelled.key = None;
            recorder.keep(key, &outcome);
            outcome
        }
        Mode::Replay(replay) => match replay.take(&key) {
            Some(outcome) => outcome,
            None if replay.holds(&format!("{key} {CANCELLED}")) => {
                std::future::pending::<()>().await;
                unanswered()
            }
            None => {
                replay.missed(&key);
                unanswered()
            }
        },
    }
}

/// The suffix of the question a probe that was dropped before it ended is kept under.
const CANCELLED: &str = "(cancelled)";

/// Keeps `key` as cancelled when dropped with it still set.
struct KeepIfCancelled {
    recorder: Arc<Recorder>,
    key: Option<String>,
}

impl Drop for KeepIfCancelled {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            self.recorder.keep(key, &serde_json::Value::Null);
        }
    }
}

/// The same as [`probe`] for a question answered at once (opening a socket).
pub fn probe_now<T>(key: String, live: impl FnOnce() -> T, unanswered: impl FnOnce() -> T) -> T
where
    T: Serialize + DeserializeOwned,
{
    let (mode, check) = current();
    let key = format!("probe {check} {key}");
    match mode {
        Mode::Live => live(),
        Mode::Recording(recorder) => {
            let outcome = live();
            recorder.keep(key, &outcome);
            outcome
        }
        Mode::Replay(replay) => replay.answer(&key).unwrap_or_else(unanswered),
    }
}

/// What one TCP connection attempt showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tcp {
    /// Connected: something listens there.
    Open(Duration),
    /// Refused: the host is there, nothing listens on that port.
    Refused(Duration),
    /// No answer in time: a firewall, a device that is off, or nobody at that address.
    TimedOut(Duration),
    /// The network said the host cannot be reached.
    Unreachable(String),
    /// The name did not resolve.
    NoSuchName(String),
}

/// Connects to `host:port`, resolving the name first; the whole attempt takes at most `limit`.
pub async fn tcp(host: &str, port: u16, limit: Duration) -> Tcp {
    probe(
        format!("tcp {host}:{port}"),
        live_tcp(host, port, limit),
        || Tcp::TimedOut(limit),
    )
    .await
}

async fn live_tcp(host: &str, port: u16, limit: Duration) -> Tcp {
    let started = Instant::now();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => match tokio::time::timeout(limit, tokio::net::lookup_host((bare, port))).await {
            Ok(Ok(found)) => found.collect(),
            Ok(Err(error)) => return Tcp::NoSuchName(error.to_string()),
            Err(_) => return Tcp::NoSuchName(format!("no answer within {limit:?}")),
        },
    };
    let Some(addr) = addrs.first().copied() else {
        return Tcp::NoSuchName("the name has no address".to_owned());
    };
    let left = limit.saturating_sub(started.elapsed());
    match tokio::time::timeout(left, tokio::net::TcpStream::connect(addr)).await {
        Ok(Ok(_)) => Tcp::Open(started.elapsed()),
        Ok(Err(error)) if error.kind() == std::io::ErrorKind::ConnectionRefused => {
            Tcp::Refused(started.elapsed())
        }
        Ok(Err(error)) => Tcp::Unreachable(error.to_string()),
        Err(_) => Tcp::TimedOut(limit),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn open_and_refused_ports_are_told_apart() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        assert!(matches!(
            tcp("127.0.0.1", port, Duration::from_secs(2)).await,
            Tcp::Open(_)
        ));
        // A port bound but not listening refuses, and stays this test's: a port freed by
        // dropping the listener could be taken at once by a test running beside this one.
        let held = tokio::net::TcpSocket::new_v4().unwrap();
        held.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let closed = held.local_addr().unwrap().port();
        assert!(matches!(
            tcp("127.0.0.1", closed, Duration::from_secs(2)).await,
            Tcp::Refused(_)
        ));
        drop(listener);
    }
}
