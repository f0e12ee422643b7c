//! The service that turns website names into addresses (DNS): which servers are configured,
//! whether they answer, whether names resolve and how fast, whether answers are made up, and
//! whether the hosts file overrides a name.
//!
//! Two ways in: the system's resolver, built with hickory-resolver from the platform's
//! configuration (no cache, no retries, the hosts file left to `dns.hosts_file`), and one
//! query sent straight to one server, to tell which server is at fault.

pub mod hijack;
pub mod hosts_file;
pub mod latency;
pub mod resolution;
pub mod server_reachable;
pub mod servers;

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::time::{Duration, Instant};

use hickory_resolver::config::{NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::{Message, Query, ResponseCode};
use hickory_resolver::proto::rr::{Name, RecordType};
use hickory_resolver::{Resolver, TokioResolver};

use crate::platform::ResolverSettings;

/// Log lines that can explain a name problem: the system resolver's warnings, in the last
/// hour.
pub const LOGS: &[crate::logs::Excerpt] = &[crate::logs::Excerpt {
    source: crate::platform::LogSource::Journal,
    // Windows' DNS client writes to the System event log ("Name resolution for the name …
    // timed out after none of the configured DNS servers responded").
    units: &[
        "systemd-resolved.service",
        "dnsmasq.service",
        "Microsoft-Windows-DNS-Client",
    ],
    patterns: &[
        "using degraded feature set",
        "timed out",
        "failed",
        "refused",
        "servfail",
        "dnssec",
        "no route",
        "switching to",
    ],
    about: crate::logs::About::Anything,
    window: crate::logs::Window::Hours(1),
}];

/// A usable server address from a configured entry: not empty, `0.0.0.0` or `::`.
pub fn valid_server(entry: &str) -> Option<SocketAddr> {
    let entry = entry.trim();
    if let Ok(addr) = SocketAddr::from_str(entry) {
        return (!addr.ip().is_unspecified()).then_some(addr);
    }
    // An IPv6 scope (`fe80::1%eth0`) is dropped: the route decides.
    let ip = IpAddr::from_str(entry.split('%').next().unwrap_or("")).ok()?;
    (!ip.is_unspecified()).then_some(SocketAddr::new(ip, 53))
}

/// A server as a subject: `10.0.0.1`, `fd00::1`, and the port only when it is not 53.
pub fn server_text(addr: SocketAddr) -> String {
    if addr.port() == 53 {
        addr.ip().to_string()
    } else {
        addr.to_string()
    }
}

/// The servers that really get the queries: the upstream servers behind a local stub
/// resolver when known, else the configured ones.
pub fn effective_servers(settings: &ResolverSettings) -> Vec<SocketAddr> {
    let upstream: Vec<SocketAddr> = settings
        .upstream
        .iter()
        .filter_map(|s| valid_server(s))
        .collect();
    if !upstream.is_empty() {
        return upstream;
    }
    let mut servers: Vec<SocketAddr> = settings
        .servers
        .iter()
        .filter_map(|s| valid_server(s))
        .collect();
    servers.dedup();
    servers
}

/// The configured servers (what the system's resolver asks), deduplicated.
pub fn configured_servers(settings: &ResolverSettings) -> Vec<SocketAddr> {
    let mut servers: Vec<SocketAddr> = settings
        .servers
        .iter()
        .filter_map(|s| valid_server(s))
        .collect();
    servers.dedup();
    servers
}

/// The resolver settings, from the run's facts.
pub async fn read_settings(
    context: &crate::check::Context,
) -> Result<ResolverSettings, crate::facts::FactError> {
    context.facts().resolver().await
}

/// The configured servers and a resolver that asks them, each query once within `limit`.
/// The error is the reason the settings could not be read or used.
pub async fn configured_resolver(
    context: &crate::check::Context,
    limit: Duration,
) -> Result<(Vec<SocketAddr>, TokioResolver), String> {
    let settings = read_settings(context)
        .await
        .map_err(|error| error.to_string())?;
    let servers = configured_servers(&settings);
    let resolver = system_resolver(&servers, &settings.search, limit)?;
    Ok((servers, resolver))
}

/// A random label, so no cache anywhere can have the answer.
/// Kept as a probe outcome, so a replayed run asks the names the recorded run asked.
pub fn random_label() -> String {
    crate::probe::probe_now("random label".to_owned(), fresh_label, || {
        "checkup-replayed".to_owned()
    })
}

fn fresh_label() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    // Sixteen hex digits: never mistaken for a MAC address (twelve) by redaction.
    format!("checkup-{:016x}", hasher.finish())
}

/// A name as an absolute DNS name, so no search domain is tried (one query per lookup).
pub fn absolute(name: &str) -> String {
    let name = name.trim();
    if name.ends_with('.') || !name.contains('.') {
        name.to_owned()
    } else {
        format!("{name}.")
    }
}

/// The system's resolver: the configured servers and search domains, one attempt each
/// within `timeout`, no cache, no hosts file.
pub fn system_resolver(
    servers: &[SocketAddr],
    search: &[String],
    timeout: Duration,
) -> Result<TokioResolver, String> {
    let name_servers = servers
        .iter()
        .map(|server| {
            let mut config = NameServerConfig::udp(server.ip());
            for connection in &mut config.connections {
                connection.port = server.port();
            }
            config
        })
        .collect();
    let search = search
        .iter()
        .filter_map(|s| Name::from_str(s).ok())
        .collect();
    let config = ResolverConfig::from_parts(None, search, name_servers);
    let mut options = ResolverOpts::default();
    // `attempts` counts retries: 0 sends each query once.
    options.attempts = 0;
    options.timeout = timeout;
    options.cache_size = 0;
    options.use_hosts_file = ResolveHosts::Never;
    options.num_concurrent_reqs = servers.len().clamp(1, 4);
    options.try_tcp_on_error = false;
    Resolver::builder_with_config(config, TokioRuntimeProvider::default())
        .with_options(options)
        .build()
        .map_err(|e| e.to_string())
}

/// What a lookup came back with.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lookup {
    Found(Vec<IpAddr>),
    /// The name exists but has no address of this type.
    NoAddress,
    NxDomain,
    ServFail,
    Refused,
    OtherCode(String),
    Timeout,
    /// No server could be reached at all (no route, no socket).
    NoConnection(String),
    Failed(String),
}

impl Lookup {
    /// A short code for evidence.
    pub fn code(&self) -> String {
        match self {
            Lookup::Found(addrs) => format!(
                "answer: {}",
                addrs
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Lookup::NoAddress => "NOERROR, no address".to_owned(),
            Lookup::NxDomain => "NXDOMAIN".to_owned(),
            Lookup::ServFail => "SERVFAIL".to_owned(),
            Lookup::Refused => "REFUSED".to_owned(),
            Lookup::OtherCode(code) => code.clone(),
            Lookup::Timeout => "timeout".to_owned(),
            Lookup::NoConnection(why) => format!("no connection: {why}"),
            Lookup::Failed(why) => format!("failed: {why}"),
        }
    }

    /// A server answered (any response code).
    pub fn answered(&self) -> bool {
        !matches!(
            self,
            Lookup::Timeout | Lookup::NoConnection(_) | Lookup::Failed(_)
        )
    }
}

/// Looks up one record type through a resolver and sorts the outcome.
pub async fn lookup(
    resolver: &TokioResolver,
    name: &str,
    record_type: RecordType,
) -> (Lookup, Duration) {
    crate::probe::probe(
        format!("lookup {name} {record_type}"),
        live_lookup(resolver, name, record_type),
        || (Lookup::Timeout, Duration::ZERO),
    )
    .await
}

async fn live_lookup(
    resolver: &TokioResolver,
    name: &str,
    record_type: RecordType,
) -> (Lookup, Duration) {
    let started = Instant::now();
    let result = resolver.lookup(absolute(name), record_type).await;
    let elapsed = started.elapsed();
    let sorted = match result {
        Ok(found) => {
            let addresses: Vec<IpAddr> = found
                .answers()
                .iter()
                .filter_map(|r| r.data.ip_addr())
                .collect();
            if addresses.is_empty() {
                Lookup::NoAddress
            } else {
                Lookup::Found(addresses)
            }
        }
        Err(error) => classify(&error),
    };
    (sorted, elapsed)
}

fn classify(error: &NetError) -> Lookup {
    match error {
        NetError::Dns(DnsError::NoRecordsFound(no))
            if no.response_code == ResponseCode::NXDomain =>
        {
            Lookup::NxDomain
        }
        NetError::Dns(DnsError::NoRecordsFound(no)) => match no.response_code {
            ResponseCode::NoError => Lookup::NoAddress,
            other => code_lookup(other),
        },
        NetError::Dns(DnsError::ResponseCode(code)) => code_lookup(*code),
        NetError::Timeout => Lookup::Timeout,
        NetError::NoConnections => Lookup::NoConnection("no server could be reached".to_owned()),
        NetError::Io(io) => match io.kind() {
            std::io::ErrorKind::TimedOut => Lookup::Timeout,
            _ => Lookup::NoConnection(io.to_string()),
        },
        other => {
            let text = other.to_string();
            if text.contains("timed out") {
                Lookup::Timeout
            } else {
                Lookup::Failed(text)
            }
        }
    }
}

fn code_lookup(code: ResponseCode) -> Lookup {
    match code {
        ResponseCode::NXDomain => Lookup::NxDomain,
        ResponseCode::ServFail => Lookup::ServFail,
        ResponseCode::Refused => Lookup::Refused,
        ResponseCode::NoError => Lookup::NoAddress,
        other => Lookup::OtherCode(other.to_string()),
    }
}

/// What one query sent straight to one server showed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direct {
    /// A DNS answer, with its response code.
    Answered { code: Lookup, elapsed: Duration },
    /// Nothing came back in time.
    Silent,
    /// The computer at that address said nothing listens on the DNS port.
    Closed,
    /// The network could not reach it.
    Unreachable(String),
    /// Something answered, but not with DNS.
    Garbled(String),
}

/// Sends one query for `name` straight to `server` over UDP and waits at most `limit`.
pub async fn query(
    server: SocketAddr,
    name: &str,
    record_type: RecordType,
    limit: Duration,
) -> Direct {
    let live = async move {
        match tokio::time::timeout(limit, query_inner(server, name, record_type)).await {
            Ok(result) => result,
            Err(_) => Direct::Silent,
        }
    };
    crate::probe::probe(format!("dns {server} {name} {record_type}"), live, || {
        Direct::Silent
    })
    .await
}

async fn query_inner(server: SocketAddr, name: &str, record_type: RecordType) -> Direct {
    let started = Instant::now();
    let bind: SocketAddr = if server.is_ipv4() {
        ([0, 0, 0, 0], 0).into()
    } else {
        (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let socket = match tokio::net::UdpSocket::bind(bind).await {
        Ok(socket) => socket,
        Err(error) => return Direct::Unreachable(error.to_string()),
    };
    if let Err(error) = socket.connect(server).await {
        return Direct::Unreachable(error.to_string());
    }
    let Ok(query_name) = Name::from_str(&absolute(name)) else {
        return Direct::Garbled(format!("`{name}` is not a valid name"));
    };
    let id = (RandomState::new().build_hasher().finish() & 0xffff) as u16;
    let mut message = Message::query();
    message.metadata.id = id;
    message.metadata.recursion_desired = true;
    message.add_query(Query::query(query_name, record_type));
    let bytes = match message.to_vec() {
        Ok(bytes) => bytes,
        Err(error) => return Direct::Garbled(error.to_string()),
    };
    let io_failure = |error: std::io::Error| {
        if error.kind() == std::io::ErrorKind::ConnectionRefused {
            Direct::Closed
        } else {
            Direct::Unreachable(error.to_string())
        }
    };
    if let Err(error) = socket.send(&bytes).await {
        return io_failure(error);
    }
    let mut buffer = vec![0u8; 4096];
    loop {
        let received = match socket.recv(&mut buffer).await {
            Ok(n) => n,
            Err(error) => return io_failure(error),
        };
        let reply = match Message::from_vec(&buffer[..received]) {
            Ok(reply) => reply,
            Err(error) => {
                return Direct::Garbled(format!("not a DNS answer ({received} bytes): {error}"));
            }
        };
        // A stray or spoofed datagram: keep waiting for ours.
        if reply.metadata.id != id {
            continue;
        }
        let code = reply.metadata.response_code;
        let addresses: Vec<IpAddr> = reply
            .answers
            .iter()
            .filter_map(|r| r.data.ip_addr())
            .collect();
        let code = if !addresses.is_empty() {
            Lookup::Found(addresses)
        } else {
            code_lookup(code)
        };
        return Direct::Answered {
            code,
            elapsed: started.elapsed(),
        };
    }
}

/// Names that came from an organization's profile or from the user rather than Checkup's
/// defaults say which company this is or what the user visits: they are private host names.
pub fn private_name(name: &str) -> Option<crate::model::Kind> {
    let builtin = crate::profile::Profile::default()
        .dns
        .names
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name.trim_end_matches('.')));
    (!builtin).then_some(crate::model::Kind::Host)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_unspecified_servers_are_ignored() {
        assert_eq!(valid_server(""), None);
        assert_eq!(valid_server("0.0.0.0"), None);
        assert_eq!(valid_server("::"), None);
        assert_eq!(valid_server("not-an-ip"), None);
        assert_eq!(
            valid_server("10.0.0.1"),
            Some(SocketAddr::from(([10, 0, 0, 1], 53)))
        );
        assert!(valid_server("fe80::1%eth0").is_some());
        assert_eq!(
            valid_server("10.0.0.1:5353").map(server_text).as_deref(),
            Some("10.0.0.1:5353")
        );
        assert_eq!(
            valid_server("fd00::1").map(server_text).as_deref(),
            Some("fd00::1")
        );
    }

    #[test]
    fn upstream_servers_replace_the_local_stub() {
        let settings = ResolverSettings {
            servers: vec!["127.0.0.53".into()],
            upstream: vec!["192.168.1.1".into()],
            ..ResolverSettings::default()
        };
        assert_eq!(
            effective_servers(&settings),
            vec![SocketAddr::from(([192, 168, 1, 1], 53))]
        );
        assert_eq!(
            configured_servers(&settings),
            vec![SocketAddr::from(([127, 0, 0, 53], 53))]
        );
    }

    #[test]
    fn names_become_absolute_and_labels_random() {
        assert_eq!(absolute("www.example.com"), "www.example.com.");
        assert_eq!(absolute("intranet"), "intranet");
        assert_ne!(random_label(), random_label());
    }

    #[tokio::test]
    async fn a_closed_port_and_a_garbled_answer_are_told_apart() {
        #[cfg(windows)]
        if crate::platform::under_wine() {
            // Windows reports UDP sent to a closed port (WSAECONNRESET); Wine reports nothing,
            // so the closed port cannot be told from a silent one here.
            eprintln!("skipped under Wine: it does not report UDP sent to a closed port");
            return;
        }
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let addr = socket.local_addr().unwrap();
        drop(socket);
        assert_eq!(
            query(addr, "a.test", RecordType::A, Duration::from_secs(1)).await,
            Direct::Closed
        );

        let server = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = server.local_addr().unwrap();
        tokio::spawn(async move {
            let mut buf = [0u8; 512];
            if let Ok((_, from)) = server.recv_from(&mut buf).await {
                let _ = server.send_to(b"HTTP/1.1 400 Bad Request\r\n", from).await;
            }
        });
        assert!(matches!(
            query(addr, "a.test", RecordType::A, Duration::from_secs(1)).await,
            Direct::Garbled(_)
        ));
    }
}
