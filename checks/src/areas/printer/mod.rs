//! Printers, answered through the print system itself (CUPS over IPP).
//!
//! One IPP client serves every printer check. Answers are turned into plain structs
//! ([`Queue`], [`Job`]) right away, so the checks' logic never sees the wire format and is
//! unit-tested on fixtures, hostile values included.

pub mod default;
pub mod installed;
pub mod queue;
pub mod reachable;
pub mod service;
pub mod state;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ipp::attribute::IppAttributes;
use ipp::model::{DelimiterTag, IppVersion, Operation};
use ipp::parser::IppParser;
use ipp::reader::IppReader;
use ipp::request::IppRequestResponse;
use ipp::value::IppValue;

use crate::check::Context;
use crate::platform;
use crate::profile::Profile;

/// Answers larger than this are refused: no print server needs more for our questions.
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
/// Text values are cut to this length before they go anywhere.
const MAX_TEXT: usize = 1024;

/// Where the print server is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Server {
    Socket(PathBuf),
    Http(String),
}

impl std::fmt::Display for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Server::Socket(path) => write!(f, "{}", path.display()),
            Server::Http(url) => f.write_str(url),
        }
    }
}

/// How the server was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Profile,
    Environment,
    ClientConfiguration,
    LocalSocket,
    Localhost,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Profile => "profile printer.cups_server",
            Source::Environment => "CUPS_SERVER",
            Source::ClientConfiguration => "client.conf ServerName",
            Source::LocalSocket => "local socket",
            Source::Localhost => "localhost:631",
        }
    }

    /// True when a print server was named explicitly rather than found by default.
    pub fn explicit(self) -> bool {
        matches!(
            self,
            Source::Profile | Source::Environment | Source::ClientConfiguration
        )
    }
}

/// Parses `printer.cups_server` or `CUPS_SERVER`: a socket path, `host`, `host:port` or a URL.
pub fn parse_server(text: &str) -> Server {
    let text = text.trim();
    if text.starts_with('/') {
        return Server::Socket(PathBuf::from(text));
    }
    if let Some(rest) = text
        .strip_prefix("ipp://")
        .or_else(|| text.strip_prefix("http://"))
    {
        let authority = rest.split('/').next().unwrap_or(rest);
        return Server::Http(format!("http://{}/", with_port(authority)));
    }
    if let Some(rest) = text
        .strip_prefix("ipps://")
        .or_else(|| text.strip_prefix("https://"))
    {
        let authority = rest.split('/').next().unwrap_or(rest);
        return Server::Http(format!("https://{}/", with_port(authority)));
    }
    Server::Http(format!("http://{}/", with_port(text)))
}

fn with_port(authority: &str) -> String {
    let has_port = authority.rsplit_once(':').is_some_and(|(host, port)| {
        !port.is_empty()
            && port.chars().all(|c| c.is_ascii_digit())
            && (!host.contains(':') || host.ends_with(']'))
    });
    if has_port {
        authority.to_owned()
    } else {
        format!("{authority}:631")
    }
}

/// Finds the print server: the profile, then `CUPS_SERVER`, then the CUPS client
/// configuration, then the local socket, then `http://localhost:631`.
pub fn locate(profile: &Profile) -> (Server, Source) {
    if !profile.printer.cups_server.trim().is_empty() {
        return (parse_server(&profile.printer.cups_server), Source::Profile);
    }
    if let Some(env) = std::env::var("CUPS_SERVER")
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        return (parse_server(&env), Source::Environment);
    }
    if let Some(named) = platform::configured_print_server() {
        return (parse_server(&named), Source::ClientConfiguration);
    }
    if let Some(socket) = platform::cups_sockets().into_iter().find(|p| p.exists()) {
        return (Server::Socket(socket), Source::LocalSocket);
    }
    (
        Server::Http("http://localhost:631/".to_owned()),
        Source::Localhost,
    )
}

/// Why the print server gave no usable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IppError {
    #[error("nothing is listening at {0}")]
    NotListening(String),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("the server answered HTTP {0}")]
    Http(u16),
    #[error("the answer could not be read: {0}")]
    Malformed(String),
    #[error("the answer is larger than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge,
    #[error("{0}")]
    Other(String),
}

/// A printer queue, as the print server describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queue {
    pub name: String,
    /// 3 idle, 4 processing, 5 stopped.
    pub state: Option<i32>,
    pub reasons: Vec<String>,
    pub message: Option<String>,
    pub accepting: Option<bool>,
    pub device_uri: Option<String>,
}

/// A print job.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Job {
    pub id: i32,
    /// The queue it was sent to.
    pub queue: Option<String>,
    /// 3 pending, 4 held, 5 processing, 6 stopped, 7 canceled, 8 aborted, 9 completed.
    pub state: Option<i32>,
    /// The document's name: sensitive.
    pub name: Option<String>,
    /// Seconds since the Unix epoch.
    pub created: Option<i64>,
    pub completed: Option<i64>,
}

/// Talks IPP to one print server.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    url: String,
    pub server: Server,
    timeout: Duration,
}

impl Client {
    pub fn new(server: Server, timeout: Duration) -> Result<Client, IppError> {
        let builder = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none());
        let (builder, url) = match &server {
            Server::Socket(path) => (
                platform::http_over_unix_socket(builder, path)
                    .map_err(|e| IppError::Other(e.to_string()))?,
                "http://localhost/".to_owned(),
            ),
            Server::Http(url) => (builder, url.clone()),
        };
        let http = builder
            .build()
            .map_err(|e| IppError::Other(e.to_string()))?;
        Ok(Client {
            http,
            url,
            server,
            timeout,
        })
    }

    /// Sends one request; returns the answer and how long it took.
    pub async fn send(
        &self,
        request: IppRequestResponse,
    ) -> Result<(IppRequestResponse, Duration), IppError> {
        if let Server::Socket(path) = &self.server
            && !Path::new(path).exists()
        {
            return Err(IppError::NotListening(self.server.to_string()));
        }
        let started = Instant::now();
        let response = self
            .http
            .post(&self.url)
            .header("Content-Type", "application/ipp")
            .body(request.to_bytes().to_vec())
            .send()
            .await
            .map_err(|e| self.classify(&e))?;
        if !response.status().is_success() {
            return Err(IppError::Http(response.status().as_u16()));
        }
        let mut response = response;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(&e))? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(IppError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        let parsed = IppParser::new(IppReader::new(Cursor::new(body)))
            .parse()
            .map_err(|e| IppError::Malformed(e.to_string()))?;
        Ok((parsed, started.elapsed()))
    }

    fn classify(&self, error: &reqwest::Error) -> IppError {
        if error.is_timeout() {
            IppError::Timeout(self.timeout)
        } else if error.is_connect() {
            IppError::NotListening(self.server.to_string())
        } else {
            IppError::Other(error.to_string())
        }
    }

    /// Every queue (CUPS-Get-Printers), and how long the server took.
    pub async fn queues(&self) -> Result<(Vec<Queue>, Duration), IppError> {
        let request = request(
            Operation::CupsGetPrinters,
            &[
                "printer-name",
                "printer-state",
                "printer-state-reasons",
                "printer-state-message",
                "printer-is-accepting-jobs",
                "device-uri",
            ],
            &[],
        )?;
        let (response, elapsed) = self.send(request).await?;
        Ok((queues_from(response.attributes()), elapsed))
    }

    /// The server's default queue (CUPS-Get-Default), if one is set.
    pub async fn default_queue(&self) -> Result<Option<String>, IppError> {
        let request = request(Operation::CupsGetDefault, &["printer-name"], &[])?;
        let (response, _) = self.send(request).await?;
        Ok(queues_from(response.attributes())
            .into_iter()
            .next()
            .map(|q| q.name)
            .filter(|n| !n.is_empty()))
    }

    /// Every job the server still knows (Get-Jobs, which-jobs=all).
    pub async fn jobs(&self) -> Result<Vec<Job>, IppError> {
        let which = IppValue::Keyword(
            "all"
                .try_into()
                .map_err(|e: ipp::parser::IppParseError| IppError::Other(e.to_string()))?,
        );
        let uri = IppValue::Uri(
            "ipp://localhost/"
                .try_into()
                .map_err(|e: ipp::parser::IppParseError| IppError::Other(e.to_string()))?,
        );
        let request = request(
            Operation::GetJobs,
            &[
                "job-id",
                "job-state",
                "job-name",
                "job-printer-uri",
                "time-at-creation",
                "time-at-completed",
            ],
            &[
                ("printer-uri", uri),
                ("which-jobs", which),
                ("limit", IppValue::Integer(1000)),
            ],
        )?;
        let (response, _) = self.send(request).await?;
        Ok(jobs_from(response.attributes()))
    }
}

fn request(
    operation: Operation,
    requested: &[&str],
    extra: &[(&str, IppValue)],
) -> Result<IppRequestResponse, IppError> {
    let bad = |e: ipp::parser::IppParseError| IppError::Other(e.to_string());
    let mut request = IppRequestResponse::new(IppVersion::v2_0(), operation, None).map_err(bad)?;
    let attributes = request.attributes_mut();
    for (name, value) in extra {
        attributes.add(
            DelimiterTag::OperationAttributes,
            ipp::attribute::IppAttribute::with_name(*name, value.clone()).map_err(bad)?,
        );
    }
    // Who asks: the print server shows a user the names of their own jobs, and lets them
    // manage them.
    if let Some(user) = platform::user_name() {
        attributes.add(
            DelimiterTag::OperationAttributes,
            ipp::attribute::IppAttribute::with_name(
                "requesting-user-name",
                IppValue::NameWithoutLanguage(user.try_into().map_err(bad)?),
            )
            .map_err(bad)?,
        );
    }
    let keywords = requested
        .iter()
        .map(|name| (*name).try_into().map(IppValue::Keyword))
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad)?;
    attributes.add(
        DelimiterTag::OperationAttributes,
        ipp::attribute::IppAttribute::with_name("requested-attributes", IppValue::Array(keywords))
            .map_err(bad)?,
    );
    Ok(request)
}

/// A text value, cut to a sane length.
fn text(value: &IppValue) -> String {
    let text = match value {
        IppValue::Array(items) => items.first().map(ToString::to_string).unwrap_or_default(),
        other => other.to_string(),
    };
    text.chars().take(MAX_TEXT).collect()
}

fn texts(value: &IppValue) -> Vec<String> {
    match value {
        IppValue::Array(items) => items
            .iter()
            .take(64)
            .map(|v| v.to_string().chars().take(MAX_TEXT).collect())
            .collect(),
        other => vec![text(other)],
    }
}

fn integer(value: &IppValue) -> Option<i32> {
    match value {
        IppValue::Integer(n) | IppValue::Enum(n) => Some(*n),
        IppValue::Array(items) => items.first().and_then(integer),
        _ => None,
    }
}

/// Queues from the printer groups of an answer. Odd or missing values never panic.
pub fn queues_from(attributes: &IppAttributes) -> Vec<Queue> {
    attributes
        .groups_of(DelimiterTag::PrinterAttributes)
        .take(10_000)
        .map(|group| {
            let get = |name: &str| group.get(name).map(ipp::attribute::IppAttribute::value);
            Queue {
                name: get("printer-name").map(text).unwrap_or_default(),
                state: get("printer-state").and_then(integer),
                reasons: get("printer-state-reasons")
                    .map(texts)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|r| !r.is_empty() && r != "none")
                    .collect(),
                message: get("printer-state-message")
                    .map(text)
                    .filter(|m| !m.is_empty()),
                accepting: get("printer-is-accepting-jobs").and_then(|v| match v {
                    IppValue::Boolean(b) => Some(*b),
                    _ => None,
                }),
                device_uri: get("device-uri").map(text).filter(|u| !u.is_empty()),
            }
        })
        .collect()
}

/// Jobs from the job groups of an answer.
pub fn jobs_from(attributes: &IppAttributes) -> Vec<Job> {
    attributes
        .groups_of(DelimiterTag::JobAttributes)
        .take(10_000)
        .map(|group| {
            let get = |name: &str| group.get(name).map(ipp::attribute::IppAttribute::value);
            Job {
                id: get("job-id").and_then(integer).unwrap_or(0),
                queue: get("job-printer-uri")
                    .map(text)
                    .and_then(|uri| uri.rsplit('/').next().map(str::to_owned))
                    .filter(|q| !q.is_empty()),
                state: get("job-state").and_then(integer),
                name: get("job-name").map(text).filter(|n| !n.is_empty()),
                created: get("time-at-creation")
                    .and_then(integer)
                    .map(i64::from)
                    .filter(|t| *t > 0),
                completed: get("time-at-completed")
                    .and_then(integer)
                    .map(i64::from)
                    .filter(|t| *t > 0),
            }
        })
        .collect()
}

/// How serious a `printer-state-reasons` keyword is, from its suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Report,
    Warning,
    Error,
}

pub fn severity(reason: &str) -> Severity {
    if reason.ends_with("-report") {
        Severity::Report
    } else if reason.ends_with("-warning") {
        Severity::Warning
    } else {
        Severity::Error
    }
}

/// The reason without its severity suffix: `media-empty-warning` → `media-empty`.
pub fn base_reason(reason: &str) -> &str {
    reason
        .strip_suffix("-report")
        .or_else(|| reason.strip_suffix("-warning"))
        .or_else(|| reason.strip_suffix("-error"))
        .unwrap_or(reason)
}

/// A client for the located server whose requests each fit in the check's deadline when
/// `steps` of them are made one after the other.
pub fn client(context: &Context, steps: u32) -> Result<Client, IppError> {
    let (server, _) = locate(&context.profile);
    let wanted = Duration::from_millis(context.profile.printer.request_timeout_ms);
    Client::new(server, context.step_limit(wanted, steps))
}

/// Asks the server for its queues, for checks that need them; `steps` counts this request
/// and the ones the check makes after it.
pub async fn queues(context: &Context, steps: u32) -> Result<(Client, Vec<Queue>), IppError> {
    let client = client(context, steps)?;
    let (queues, _) = client.queues().await?;
    Ok((client, queues))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_are_parsed_from_every_spelling() {
        assert_eq!(
            parse_server("/run/cups/cups.sock"),
            Server::Socket("/run/cups/cups.sock".into())
        );
        assert_eq!(
            parse_server("printhost"),
            Server::Http("http://printhost:631/".into())
        );
        assert_eq!(
            parse_server("printhost:8631"),
            Server::Http("http://printhost:8631/".into())
        );
        assert_eq!(
            parse_server("ipp://printhost/printers/x"),
            Server::Http("http://printhost:631/".into())
        );
        assert_eq!(
            parse_server("http://127.0.0.1:9999"),
            Server::Http("http://127.0.0.1:9999/".into())
        );
        assert_eq!(
            parse_server("[fd00::1]"),
            Server::Http("http://[fd00::1]:631/".into())
        );
        assert_eq!(
            parse_server("[fd00::1]:632"),
            Server::Http("http://[fd00::1]:632/".into())
        );
    }

    #[test]
    fn severity_follows_the_suffix() {
        assert_eq!(severity("media-low-report"), Severity::Report);
        assert_eq!(severity("toner-low-warning"), Severity::Warning);
        assert_eq!(severity("media-jam-error"), Severity::Error);
        assert_eq!(severity("paused"), Severity::Error);
        assert_eq!(base_reason("media-empty-warning"), "media-empty");
        assert_eq!(base_reason("offline-report"), "offline");
    }
}
