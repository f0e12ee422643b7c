//! HTTP probes: one request, bounded in time, with no redirects followed, and failures sorted
//! into the causes a user can act on (a name that does not resolve, a firewall, a clock that
//! is off, something that intercepts secure connections).

use std::error::Error as _;
use std::time::{Duration, Instant};

use crate::model::Evidence;

/// The answer a server gave.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HttpAnswer {
    pub status: u16,
    pub location: Option<String>,
    pub body_bytes: usize,
    /// The `Date` header, as sent.
    pub date: Option<String>,
    pub elapsed: Duration,
    /// The local time halfway through the request, for comparing with `date`.
    pub midpoint: std::time::SystemTime,
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HttpFailure {
    /// The host name did not resolve.
    Name(String),
    Refused(String),
    TimedOut(Duration),
    Unreachable(String),
    CertificateExpired(String),
    CertificateNotYetValid(String),
    /// Signed by nobody this computer trusts: something intercepts secure connections.
    UnknownIssuer(String),
    /// The certificate is for another name.
    WrongName(String),
    /// Another certificate or TLS problem.
    Tls(String),
    /// The proxy refused the connection or failed.
    Proxy(String),
    /// The proxy wants a user name and password (HTTP 407).
    ProxyAuth(String),
    Other(String),
}

impl HttpFailure {
    /// A short code for evidence and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            HttpFailure::Name(_) => "name-not-found",
            HttpFailure::Refused(_) => "connection-refused",
            HttpFailure::TimedOut(_) => "timeout",
            HttpFailure::Unreachable(_) => "unreachable",
            HttpFailure::CertificateExpired(_) => "certificate-expired",
            HttpFailure::CertificateNotYetValid(_) => "certificate-not-yet-valid",
            HttpFailure::UnknownIssuer(_) => "certificate-unknown-issuer",
            HttpFailure::WrongName(_) => "certificate-wrong-name",
            HttpFailure::Tls(_) => "tls",
            HttpFailure::Proxy(_) => "proxy",
            HttpFailure::ProxyAuth(_) => "proxy-authentication-required",
            HttpFailure::Other(_) => "other",
        }
    }

    pub fn detail(&self) -> String {
        match self {
            HttpFailure::TimedOut(after) => format!("no answer within {} ms", after.as_millis()),
            HttpFailure::Name(d)
            | HttpFailure::Refused(d)
            | HttpFailure::Unreachable(d)
            | HttpFailure::CertificateExpired(d)
            | HttpFailure::CertificateNotYetValid(d)
            | HttpFailure::UnknownIssuer(d)
            | HttpFailure::WrongName(d)
            | HttpFailure::Tls(d)
            | HttpFailure::Proxy(d)
            | HttpFailure::ProxyAuth(d)
            | HttpFailure::Other(d) => d.clone(),
        }
    }

    pub fn evidence(&self) -> [Evidence; 2] {
        [
            Evidence::plain("error", self.code()),
            Evidence::plain("error_detail", self.detail()),
        ]
    }
}

/// How a probe goes out.
#[derive(Debug, Clone, Default)]
pub struct Route {
    /// A proxy URL for this request, as a browser would use it.
    pub proxy: Option<String>,
    /// Hosts that bypass the proxy (`no_proxy`).
    pub no_proxy: Option<String>,
}

/// Builds a probe client: no redirects, no cookies, no system proxy unless given.
fn client(limit: Duration, route: &Route) -> Result<reqwest::Client, HttpFailure> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(limit)
        .connect_timeout(limit)
        .user_agent(concat!("Checkup/", env!("CARGO_PKG_VERSION")))
        .no_proxy();
    if let Some(proxy) = &route.proxy {
        let mut proxy = reqwest::Proxy::all(proxy.as_str())
            .map_err(|e| HttpFailure::Proxy(format!("the proxy setting is not usable: {e}")))?;
        if let Some(list) = &route.no_proxy {
            proxy = proxy.no_proxy(reqwest::NoProxy::from_string(list));
        }
        builder = builder.proxy(proxy);
    }
    builder
        .build()
        .map_err(|e| HttpFailure::Other(format!("could not set up the request: {e}")))
}

/// At most this much of a body is read: a sign-in page is recognised by its size, not read.
const BODY_CAP: usize = 64 * 1024;

/// GETs `url` once within `limit`.
pub async fn get(url: &str, limit: Duration, route: &Route) -> Result<HttpAnswer, HttpFailure> {
    let via = route.proxy.as_deref().unwrap_or("direct");
    crate::probe::probe(
        format!("http {url} via {via}"),
        live_get(url, limit, route),
        || Err(HttpFailure::TimedOut(limit)),
    )
    .await
}

async fn live_get(url: &str, limit: Duration, route: &Route) -> Result<HttpAnswer, HttpFailure> {
    let client = client(limit, route)?;
    let started = Instant::now();
    let wall = std::time::SystemTime::now();
    let work = async {
        let mut response = client
            .get(url)
            .send()
            .await
            .map_err(|e| classify(&e, limit))?;
        let elapsed = started.elapsed();
        let status = response.status().as_u16();
        let header = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let location = header(reqwest::header::LOCATION);
        let date = header(reqwest::header::DATE);
        let mut body_bytes = 0;
        while body_bytes < BODY_CAP {
            match response.chunk().await {
                Ok(Some(chunk)) => body_bytes += chunk.len(),
                _ => break,
            }
        }
        Ok(HttpAnswer {
            status,
            location,
            body_bytes,
            date,
            elapsed,
            midpoint: wall + elapsed / 2,
        })
    };
    match tokio::time::timeout(limit, work).await {
        Ok(result) => result,
        Err(_) => Err(HttpFailure::TimedOut(limit)),
    }
}

/// Sorts a request error into a cause, looking through its chain of sources.
pub fn classify(error: &reqwest::Error, limit: Duration) -> HttpFailure {
    let mut chain = String::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = error.source();
    let mut tls: Option<&rustls::Error> = None;
    let mut io_kind: Option<std::io::ErrorKind> = None;
    while let Some(current) = source {
        if !chain.is_empty() {
            chain.push_str(": ");
        }
        chain.push_str(&current.to_string());
        if let Some(found) = current.downcast_ref::<rustls::Error>() {
            tls = Some(found);
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            io_kind.get_or_insert(io.kind());
            if let Some(inner) = io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) {
                tls = Some(inner);
            }
        }
        source = current.source();
    }
    let detail = if chain.is_empty() {
        error.to_string()
    } else {
        chain.clone()
    };
    if let Some(tls) = tls {
        use rustls::CertificateError as C;
        return match tls {
            rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => {
                HttpFailure::CertificateExpired(detail)
            }
            rustls::Error::InvalidCertificate(C::NotValidYet | C::NotValidYetContext { .. }) => {
                HttpFailure::CertificateNotYetValid(detail)
            }
            rustls::Error::InvalidCertificate(C::UnknownIssuer) => {
                HttpFailure::UnknownIssuer(detail)
            }
            rustls::Error::InvalidCertificate(
                C::NotValidForName | C::NotValidForNameContext { .. },
            ) => HttpFailure::WrongName(detail),
            // The platform verifier may wrap webpki's verdict; its text still names it.
            _ => by_text(detail),
        };
    }
    if chain.contains("invalid peer certificate") {
        return by_text(detail);
    }
    let lower = detail.to_ascii_lowercase();
    if error.is_timeout() || io_kind == Some(std::io::ErrorKind::TimedOut) {
        HttpFailure::TimedOut(limit)
    } else if lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("no address associated")
    {
        HttpFailure::Name(detail)
    } else if lower.contains("proxy authentication required")
        || lower.contains("proxy authorization required")
        || lower.contains("407")
    {
        HttpFailure::ProxyAuth(detail)
    } else if lower.contains("proxy") || lower.contains("tunnel") {
        HttpFailure::Proxy(detail)
    } else if io_kind == Some(std::io::ErrorKind::ConnectionRefused) {
        HttpFailure::Refused(detail)
    } else if matches!(
        io_kind,
        Some(std::io::ErrorKind::HostUnreachable | std::io::ErrorKind::NetworkUnreachable)
    ) {
        HttpFailure::Unreachable(detail)
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        HttpFailure::Tls(detail)
    } else {
        HttpFailure::Other(detail)
    }
}

/// Sorts a certificate error by its wording, when its type is wrapped away.
fn by_text(detail: String) -> HttpFailure {
    let lower = detail.to_ascii_lowercase();
    if lower.contains("expired") {
        HttpFailure::CertificateExpired(detail)
    } else if lower.contains("not valid yet") || lower.contains("not yet valid") {
        HttpFailure::CertificateNotYetValid(detail)
    } else if lower.contains("unknown issuer") || lower.contains("unknownissuer") {
        HttpFailure::UnknownIssuer(detail)
    } else if lower.contains("not valid for name") || lower.contains("notvalidforname") {
        HttpFailure::WrongName(detail)
    } else {
        HttpFailure::Tls(detail)
    }
}

/// The host of a URL, for evidence and DNS.
/// A web address is private unless it is one of Checkup's own defaults: a profile's or the
/// user's sites say which company this is or what the user visits.
pub fn private_url(url: &str) -> Option<crate::model::Kind> {
    let defaults = crate::profile::Profile::default().network;
    let default = defaults.connectivity_url == url || defaults.https_urls.iter().any(|u| u == url);
    (!default).then_some(crate::model::Kind::Url)
}

/// The host of a private address is a private host name.
pub fn private_host(url: &str) -> Option<crate::model::Kind> {
    private_url(url).map(|_| crate::model::Kind::Host)
}

pub fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()?
        .host_str()
        .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_owned())
}
