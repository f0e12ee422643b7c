//! ICMP echo. On Unix through surge-ping: an unprivileged datagram socket where the system
//! allows it (`net.ipv4.ping_group_range`), a raw one for administrators, and a plain "not
//! permitted" otherwise, so callers fall back to TCP. On Windows through the system's ICMP
//! service (`IcmpSendEcho2`), which every user may use, where raw sockets need an
//! administrator.

#[cfg(not(windows))]
use std::io;
use std::net::IpAddr;
#[cfg(not(windows))]
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

#[cfg(not(windows))]
use surge_ping::{Client, Config, ICMP, IcmpPacket, PingIdentifier, PingSequence, SurgeError};

/// What one echo request showed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Icmp {
    Reply(Duration),
    /// No reply within the time limit.
    NoReply,
    /// A router answered that the host cannot be reached.
    Unreachable(String),
    /// This user may not send ICMP here.
    NotPermitted,
    /// The socket failed for another reason.
    Failed(String),
}

impl Icmp {
    pub fn describe(&self) -> String {
        match self {
            Icmp::Reply(rtt) => format!("reply in {} ms", rtt.as_millis()),
            Icmp::NoReply => "no reply".to_owned(),
            Icmp::Unreachable(why) => format!("unreachable ({why})"),
            Icmp::NotPermitted => "not permitted for this user".to_owned(),
            Icmp::Failed(why) => why.clone(),
        }
    }
}

#[cfg(not(windows))]
static IDENT: AtomicU16 = AtomicU16::new(0x4355);

/// A socket for one address family, reused for a series of pings. When a run replays a
/// recorded set, there is no socket: the recorded replies answer. Windows' ICMP service needs
/// no socket.
pub struct Pinger {
    #[cfg(not(windows))]
    client: Option<Client>,
}

impl std::fmt::Debug for Pinger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pinger").finish_non_exhaustive()
    }
}

impl Pinger {
    /// Nothing to open on Windows: its ICMP service is asked per echo.
    #[cfg(windows)]
    pub fn open(v6: bool) -> Result<Pinger, Icmp> {
        let family = if v6 { "v6" } else { "v4" };
        crate::probe::probe_now(
            format!("icmp open {family}"),
            || Ok(()),
            || Err(Icmp::NotPermitted),
        )
        .map(|()| Pinger {})
    }

    /// Opens the socket; `Err(Icmp::NotPermitted)` when this user may not.
    #[cfg(not(windows))]
    pub fn open(v6: bool) -> Result<Pinger, Icmp> {
        let family = if v6 { "v6" } else { "v4" };
        let mut client = None;
        let opened = crate::probe::probe_now(
            format!("icmp open {family}"),
            || {
                let kind = if v6 { ICMP::V6 } else { ICMP::V4 };
                match Client::new(&Config::builder().kind(kind).build()) {
                    Ok(opened) => {
                        client = Some(opened);
                        Ok(())
                    }
                    Err(error) if error.kind() == io::ErrorKind::PermissionDenied => {
                        Err(Icmp::NotPermitted)
                    }
                    Err(error) => Err(classify_io(&error)),
                }
            },
            || Err(Icmp::NotPermitted),
        );
        opened.map(|()| Pinger { client })
    }

    /// One echo request with its own identifier.
    pub async fn ping(&self, ip: IpAddr, sequence: u16, limit: Duration) -> Icmp {
        crate::probe::probe(
            format!("icmp {ip} #{sequence}"),
            self.live_ping(ip, sequence, limit),
            || Icmp::NoReply,
        )
        .await
    }

    #[cfg(windows)]
    async fn live_ping(&self, ip: IpAddr, _sequence: u16, limit: Duration) -> Icmp {
        use crate::platform::windows_map::Echo;
        // The call waits at most `limit` itself; the thread is a guard beyond it.
        let echo = crate::detached::run(limit + Duration::from_secs(1), move || {
            crate::platform::icmp_echo(ip, limit)
        })
        .await;
        match echo {
            Ok(Echo::Reply(rtt)) => Icmp::Reply(rtt),
            Ok(Echo::NoReply) | Err(_) => Icmp::NoReply,
            Ok(Echo::Unreachable(why)) => Icmp::Unreachable(why),
            Ok(Echo::Failed(why)) => Icmp::Failed(why),
        }
    }

    #[cfg(not(windows))]
    async fn live_ping(&self, ip: IpAddr, sequence: u16, limit: Duration) -> Icmp {
        let Some(client) = &self.client else {
            return Icmp::NoReply;
        };
        let ident = PingIdentifier(IDENT.fetch_add(1, Ordering::Relaxed));
        let mut pinger = client.pinger(ip, ident).await;
        pinger.timeout(limit);
        match pinger.ping(PingSequence(sequence), &[0u8; 16]).await {
            // With a raw socket an error report (destination unreachable) also comes back
            // as a packet: only an echo reply counts.
            Ok((packet, rtt)) => match echo_reply(&packet) {
                true => Icmp::Reply(rtt),
                false => Icmp::Unreachable("the network reported it unreachable".to_owned()),
            },
            Err(SurgeError::Timeout { .. }) => Icmp::NoReply,
            Err(SurgeError::IOError(error)) => classify_io(&error),
            Err(other) => Icmp::Failed(other.to_string()),
        }
    }
}

#[cfg(not(windows))]
fn echo_reply(packet: &IcmpPacket) -> bool {
    match packet {
        IcmpPacket::V4(p) => p.get_icmp_type().0 == 0,
        IcmpPacket::V6(p) => p.get_icmpv6_type().0 == 129,
    }
}

#[cfg(not(windows))]
fn classify_io(error: &io::Error) -> Icmp {
    match error.kind() {
        io::ErrorKind::PermissionDenied => Icmp::NotPermitted,
        io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
            Icmp::Unreachable(error.to_string())
        }
        _ => Icmp::Failed(error.to_string()),
    }
}

/// One ping to `ip`, waiting at most `limit`.
pub async fn once(ip: IpAddr, limit: Duration) -> Icmp {
    numbered(ip, 0, limit).await
}

/// One ping to `ip` with its own sequence number, so a second ping to the same address in
/// one check is its own probe.
pub async fn numbered(ip: IpAddr, sequence: u16, limit: Duration) -> Icmp {
    match Pinger::open(ip.is_ipv6()) {
        Ok(pinger) => pinger.ping(ip, sequence, limit).await,
        Err(why) => why,
    }
}

#[cfg(all(test, windows))]
mod tests {
    use super::*;

    /// Windows' ICMP service answers for this machine's own loopback address, without
    /// privilege, and a reply is read as one.
    #[tokio::test]
    async fn the_icmp_service_echoes_loopback() {
        let answer = once(IpAddr::from([127, 0, 0, 1]), Duration::from_secs(2)).await;
        assert!(matches!(answer, Icmp::Reply(_)), "{answer:?}");
    }
}
