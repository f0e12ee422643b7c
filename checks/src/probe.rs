//! The one way checks open TCP connections: bounded in time, classified plainly.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// What one TCP connection attempt showed.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        drop(listener);
        assert!(matches!(
            tcp("127.0.0.1", port, Duration::from_secs(2)).await,
            Tcp::Refused(_)
        ));
    }
}
