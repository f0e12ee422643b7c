//! The print system boundary, and its first implementation: CUPS, spoken to over IPP.
//!
//! The printer checks talk to a [`PrintSystem`]: plain queues and jobs, and what it is and
//! where it was found. One IPP client serves every question; answers become plain structs
//! ([`Queue`], [`Job`]) right away, so the checks never see the wire format, and odd or
//! hostile values never panic. Windows' print spooler is the second implementation.

use std::future::Future;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::{Duration, Instant};

use ipp::attribute::IppAttributes;
use ipp::model::{DelimiterTag, IppVersion, Operation};
use ipp::parser::IppParser;
use ipp::reader::IppReader;
use ipp::request::IppRequestResponse;
use ipp::value::IppValue;
use serde::{Deserialize, Serialize};

/// An answer of a print system, some time from now.
pub type PrintFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, PrintError>> + Send + 'a>>;

/// What a print system is and where it was found, for evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintSystemInfo {
    /// `cups`, `windows-spooler`, `recorded` …
    pub kind: String,
    /// Where it answers: a socket path, a URL, the local spooler.
    pub server: String,
}

/// A print system: the printer checks' one way to ask about queues and jobs. Every question
/// takes its time limit.
pub trait PrintSystem: Send + Sync + std::fmt::Debug {
    fn info(&self) -> PrintSystemInfo;
    /// Every queue, and how long the answer took.
    fn queues(&self, limit: Duration) -> PrintFuture<'_, (Vec<Queue>, Duration)>;
    /// Every job it still knows.
    fn jobs(&self, limit: Duration) -> PrintFuture<'_, Vec<Job>>;
    /// Its own default queue, if one is set.
    fn default_queue(&self, limit: Duration) -> PrintFuture<'_, Option<String>>;
    /// Whether this user may pause, resume, accept or reject on this print system: a
    /// prediction (print systems cannot be asked in advance), with the reason when not.
    fn rights(&self) -> PrintRights {
        PrintRights::denied("Checkup cannot manage printers on this print system")
    }
    /// Changes something, as this user, with their own rights only.
    fn act(&self, action: &PrintAction, limit: Duration) -> PrintFuture<'_, ()> {
        let _ = (action, limit);
        Box::pin(async {
            Err(PrintError::Other(
                "Checkup cannot change anything on this print system".to_owned(),
            ))
        })
    }
    /// Its own error log's warnings and errors written since `since` (Unix seconds), where
    /// this user may read it.
    fn log_lines(&self, since: u64, limit: Duration) -> PrintFuture<'_, Vec<super::LogLine>> {
        let _ = (since, limit);
        Box::pin(async {
            Err(PrintError::Other(
                "this print system keeps no log Checkup reads".to_owned(),
            ))
        })
    }
}

/// What a repair asks a print system to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintAction {
    /// Resume a paused queue (IPP Resume-Printer).
    Resume(String),
    /// Let a queue take jobs again (CUPS-Accept-Jobs).
    AcceptJobs(String),
    /// Cancel one of the user's own jobs (Cancel-Job).
    CancelJob(i32),
    /// Release one of the user's own held jobs (Release-Job).
    ReleaseJob(i32),
}

impl PrintAction {
    /// True for what a print system keeps for its administrators (queues, not own jobs).
    pub fn needs_admin(&self) -> bool {
        matches!(self, PrintAction::Resume(_) | PrintAction::AcceptJobs(_))
    }
}

/// Whether this user may manage queues on a print system, as predicted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintRights {
    pub admin: bool,
    /// Why not (or on what the prediction rests), for evidence; never a user or group of
    /// the user's own beyond the print system's administrator groups.
    pub reason: String,
}

impl PrintRights {
    pub fn denied(reason: impl Into<String>) -> PrintRights {
        PrintRights {
            admin: false,
            reason: reason.into(),
        }
    }
}

/// How a CUPS server decides who may manage its queues: its administrator groups
/// (`SystemGroup`), and the groups of the user who asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CupsAdmin {
    /// The server's administrator groups, and whether they were read from its
    /// configuration (`cups-files.conf`) or are CUPS' usual ones.
    pub system_groups: Vec<String>,
    pub groups_read: bool,
    /// The names of the groups this process belongs to.
    pub user_groups: Vec<String>,
}

/// Predicts whether a user may resume or accept on a CUPS server. Only the local server's
/// socket lets CUPS know the user without a password (peer credentials): a server reached
/// over the network asks administrators for a password, which Checkup never asks for.
pub fn predict_cups_rights(server: &Server, admin: &CupsAdmin) -> PrintRights {
    if !matches!(server, Server::Socket(_)) {
        return PrintRights::denied(
            "the print server is reached over the network, where managing printers needs an administrator's password",
        );
    }
    let groups = admin.system_groups.join(", ");
    let whose = if admin.groups_read {
        "the print server's administrator groups"
    } else {
        "the print server's usual administrator groups"
    };
    if admin
        .user_groups
        .iter()
        .any(|g| admin.system_groups.contains(g))
    {
        PrintRights {
            admin: true,
            reason: format!("this account is in {whose} ({groups})"),
        }
    } else {
        PrintRights::denied(format!("this account is not in {whose} ({groups})"))
    }
}

/// CUPS at one server, asked as one user.
#[derive(Debug, Clone)]
pub struct Cups {
    pub server: Server,
    pub user: Option<String>,
    /// Who manages its queues, when known (read on this machine for its own server).
    pub admin: Option<CupsAdmin>,
}

impl PrintSystem for Cups {
    fn info(&self) -> PrintSystemInfo {
        PrintSystemInfo {
            kind: "cups".to_owned(),
            server: self.server.to_string(),
        }
    }

    fn queues(&self, limit: Duration) -> PrintFuture<'_, (Vec<Queue>, Duration)> {
        Box::pin(async move {
            Client::new(self.server.clone(), limit, self.user.clone())?
                .queues()
                .await
        })
    }

    fn jobs(&self, limit: Duration) -> PrintFuture<'_, Vec<Job>> {
        Box::pin(async move {
            Client::new(self.server.clone(), limit, self.user.clone())?
                .jobs()
                .await
        })
    }

    fn default_queue(&self, limit: Duration) -> PrintFuture<'_, Option<String>> {
        Box::pin(async move {
            Client::new(self.server.clone(), limit, self.user.clone())?
                .default_queue()
                .await
        })
    }

    fn rights(&self) -> PrintRights {
        match &self.admin {
            Some(admin) => predict_cups_rights(&self.server, admin),
            None => PrintRights::denied("who may manage this print server is not known here"),
        }
    }

    fn act(&self, action: &PrintAction, limit: Duration) -> PrintFuture<'_, ()> {
        let action = action.clone();
        Box::pin(async move {
            Client::new(self.server.clone(), limit, self.user.clone())?
                .act(&action)
                .await
        })
    }

    /// CUPS serves its `error_log` at `/admin/log/error_log` to those its policy lets read
    /// it (administrators, by default).
    fn log_lines(&self, since: u64, limit: Duration) -> PrintFuture<'_, Vec<super::LogLine>> {
        Box::pin(async move {
            let text = Client::new(self.server.clone(), limit, self.user.clone())?
                .error_log()
                .await?;
            Ok(super::formats::parse_cups_error_log(&text)
                .into_iter()
                .filter(|line| line.time.is_none_or(|t| t >= since))
                .collect())
        })
    }
}

#[cfg(unix)]
fn unix_socket(
    builder: reqwest::ClientBuilder,
    path: &Path,
) -> Result<reqwest::ClientBuilder, PrintError> {
    Ok(builder.unix_socket(path))
}

#[cfg(not(unix))]
fn unix_socket(
    _builder: reqwest::ClientBuilder,
    _path: &Path,
) -> Result<reqwest::ClientBuilder, PrintError> {
    Err(PrintError::Other(
        "unix sockets are not used on this platform".to_owned(),
    ))
}

/// Answers larger than this are refused: no print server needs more for our questions.
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
/// Text values are cut to this length before they go anywhere.
const MAX_TEXT: usize = 1024;

/// Where the print server is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Server {
    Socket(PathBuf),
    Http(String),
    /// The system's own print spooler (Windows), asked through its API.
    Spooler,
}

impl std::fmt::Display for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Server::Socket(path) => write!(f, "{}", path.display()),
            Server::Http(url) => f.write_str(url),
            Server::Spooler => f.write_str("print spooler"),
        }
    }
}

/// How the server was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Profile,
    Environment,
    ClientConfiguration,
    LocalSocket,
    Localhost,
    /// The system's own print spooler.
    Spooler,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Profile => "profile printer.cups_server",
            Source::Environment => "CUPS_SERVER",
            Source::ClientConfiguration => "client.conf ServerName",
            Source::LocalSocket => "local socket",
            Source::Localhost => "localhost:631",
            Source::Spooler => "the system's print spooler",
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

/// Why the print server gave no usable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintError {
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
    /// The print system refused: this user may not do that.
    #[error("not permitted: {0}")]
    NotPermitted(String),
    #[error("{0}")]
    Other(String),
}

/// A printer queue, as the print system describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// When the print system started sending it to the printer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing: Option<i64>,
    /// Who sent it, where the print system shows it (a user's own jobs, at least).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// Talks IPP to one print server.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    url: String,
    pub server: Server,
    timeout: Duration,
    /// Who asks: CUPS shows a user the names of their own jobs.
    user: Option<String>,
}

impl Client {
    pub fn new(
        server: Server,
        timeout: Duration,
        user: Option<String>,
    ) -> Result<Client, PrintError> {
        let builder = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none());
        let (builder, url) = match &server {
            Server::Socket(path) => (unix_socket(builder, path)?, "http://localhost/".to_owned()),
            Server::Http(url) => (builder, url.clone()),
            Server::Spooler => {
                return Err(PrintError::Other(
                    "the print spooler is not spoken to over IPP".to_owned(),
                ));
            }
        };
        let http = builder
            .build()
            .map_err(|e| PrintError::Other(e.to_string()))?;
        Ok(Client {
            http,
            url,
            server,
            timeout,
            user,
        })
    }

    /// Sends one request; returns the answer and how long it took.
    pub async fn send(
        &self,
        request: IppRequestResponse,
    ) -> Result<(IppRequestResponse, Duration), PrintError> {
        self.send_as(request, false).await
    }

    /// Sends one request; over the local socket with `identified`, the user is named with
    /// peer credentials (the kernel vouches for who is connected: no password).
    async fn send_as(
        &self,
        request: IppRequestResponse,
        identified: bool,
    ) -> Result<(IppRequestResponse, Duration), PrintError> {
        if let Server::Socket(path) = &self.server
            && !Path::new(path).exists()
        {
            return Err(PrintError::NotListening(self.server.to_string()));
        }
        let started = Instant::now();
        let mut post = self
            .http
            .post(&self.url)
            .header("Content-Type", "application/ipp");
        if identified
            && matches!(self.server, Server::Socket(_))
            && let Some(user) = &self.user
            && user.chars().all(|c| c.is_ascii_graphic())
        {
            post = post.header("Authorization", format!("PeerCred {user}"));
        }
        let response = post
            .body(request.to_bytes().to_vec())
            .send()
            .await
            .map_err(|e| self.classify(&e))?;
        match response.status().as_u16() {
            401 | 403 => {
                return Err(PrintError::NotPermitted(format!(
                    "the print server answered HTTP {}",
                    response.status().as_u16()
                )));
            }
            _ if !response.status().is_success() => {
                return Err(PrintError::Http(response.status().as_u16()));
            }
            _ => {}
        }
        let mut response = response;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(&e))? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(PrintError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        let parsed = IppParser::new(IppReader::new(Cursor::new(body)))
            .parse()
            .map_err(|e| PrintError::Malformed(e.to_string()))?;
        Ok((parsed, started.elapsed()))
    }

    /// The scheduler's error log over HTTP, its newest `MAX_LOG_READ_BYTES` at most.
    pub async fn error_log(&self) -> Result<Vec<u8>, PrintError> {
        if let Server::Socket(path) = &self.server
            && !Path::new(path).exists()
        {
            return Err(PrintError::NotListening(self.server.to_string()));
        }
        let url = format!("{}/admin/log/error_log", self.url.trim_end_matches('/'));
        let work = async {
            let mut response = self
                .http
                .get(&url)
                .send()
                .await
                .map_err(|e| self.classify(&e))?;
            if !response.status().is_success() {
                return Err(PrintError::Http(response.status().as_u16()));
            }
            let cap = super::MAX_LOG_READ_BYTES;
            let mut body: Vec<u8> = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(&e))? {
                body.extend_from_slice(&chunk);
                // Keep the newest part: drop the oldest whole lines past the cap.
                if body.len() > cap {
                    let cut = body.len() - cap;
                    let at = body[cut..]
                        .iter()
                        .position(|b| *b == b'\n')
                        .map_or(cut, |p| cut + p + 1);
                    body.drain(..at);
                }
            }
            Ok(body)
        };
        match tokio::time::timeout(self.timeout, work).await {
            Ok(result) => result,
            Err(_) => Err(PrintError::Timeout(self.timeout)),
        }
    }

    fn classify(&self, error: &reqwest::Error) -> PrintError {
        if error.is_timeout() {
            PrintError::Timeout(self.timeout)
        } else if error.is_connect() {
            PrintError::NotListening(self.server.to_string())
        } else {
            PrintError::Other(error.to_string())
        }
    }

    /// Every queue (CUPS-Get-Printers), and how long the server took.
    pub async fn queues(&self) -> Result<(Vec<Queue>, Duration), PrintError> {
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
            self.user.as_deref(),
        )?;
        let (response, elapsed) = self.send(request).await?;
        Ok((queues_from(response.attributes()), elapsed))
    }

    /// The server's default queue (CUPS-Get-Default), if one is set.
    pub async fn default_queue(&self) -> Result<Option<String>, PrintError> {
        let request = request(
            Operation::CupsGetDefault,
            &["printer-name"],
            &[],
            self.user.as_deref(),
        )?;
        let (response, _) = self.send(request).await?;
        Ok(queues_from(response.attributes())
            .into_iter()
            .next()
            .map(|q| q.name)
            .filter(|n| !n.is_empty()))
    }

    /// Every job the server still knows (Get-Jobs, which-jobs=all).
    pub async fn jobs(&self) -> Result<Vec<Job>, PrintError> {
        let which = IppValue::Keyword(
            "all"
                .try_into()
                .map_err(|e: ipp::parser::IppParseError| PrintError::Other(e.to_string()))?,
        );
        let uri = IppValue::Uri(
            "ipp://localhost/"
                .try_into()
                .map_err(|e: ipp::parser::IppParseError| PrintError::Other(e.to_string()))?,
        );
        let request = request(
            Operation::GetJobs,
            &[
                "job-id",
                "job-state",
                "job-name",
                "job-printer-uri",
                "job-originating-user-name",
                "time-at-creation",
                "time-at-processing",
                "time-at-completed",
            ],
            &[
                ("printer-uri", uri),
                ("which-jobs", which),
                ("limit", IppValue::Integer(1000)),
            ],
            self.user.as_deref(),
        )?;
        let (response, _) = self.send(request).await?;
        Ok(jobs_from(response.attributes()))
    }
}

impl Client {
    /// Asks the server to do one thing, as this user; a refusal is `NotPermitted`.
    pub async fn act(&self, action: &PrintAction) -> Result<(), PrintError> {
        let bad = |e: ipp::parser::IppParseError| PrintError::Other(e.to_string());
        let uri = |text: String| -> Result<IppValue, PrintError> {
            Ok(IppValue::Uri(text.try_into().map_err(bad)?))
        };
        let (operation, target) = match action {
            PrintAction::Resume(queue) => (Operation::ResumePrinter, printer_uri(queue)),
            PrintAction::AcceptJobs(queue) => (Operation::CupsAcceptJobs, printer_uri(queue)),
            PrintAction::CancelJob(id) => (Operation::CancelJob, job_uri(*id)),
            PrintAction::ReleaseJob(id) => (Operation::ReleaseJob, job_uri(*id)),
        };
        let name = if matches!(action, PrintAction::Resume(_) | PrintAction::AcceptJobs(_)) {
            "printer-uri"
        } else {
            "job-uri"
        };
        let request = request(
            operation,
            &[],
            &[(name, uri(target)?)],
            self.user.as_deref(),
        )?;
        let (response, _) = self.send_as(request, action.needs_admin()).await?;
        let status = response.header().status_code();
        use ipp::model::StatusCode;
        match status {
            status if status.is_success() => Ok(()),
            StatusCode::ClientErrorForbidden
            | StatusCode::ClientErrorNotAuthenticated
            | StatusCode::ClientErrorNotAuthorized => Err(PrintError::NotPermitted(format!(
                "the print server refused: {status}"
            ))),
            other => Err(PrintError::Other(format!(
                "the print server answered: {other}"
            ))),
        }
    }
}

/// The IPP address of a queue on the server asked.
fn printer_uri(queue: &str) -> String {
    let encoded: String = queue
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("ipp://localhost/printers/{encoded}")
}

/// The IPP address of a job on the server asked.
fn job_uri(id: i32) -> String {
    format!("ipp://localhost/jobs/{id}")
}

fn request(
    operation: Operation,
    requested: &[&str],
    extra: &[(&str, IppValue)],
    user: Option<&str>,
) -> Result<IppRequestResponse, PrintError> {
    let bad = |e: ipp::parser::IppParseError| PrintError::Other(e.to_string());
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
    if let Some(user) = user {
        attributes.add(
            DelimiterTag::OperationAttributes,
            ipp::attribute::IppAttribute::with_name(
                "requesting-user-name",
                IppValue::NameWithoutLanguage(user.to_owned().try_into().map_err(bad)?),
            )
            .map_err(bad)?,
        );
    }
    if requested.is_empty() {
        return Ok(request);
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
                processing: get("time-at-processing")
                    .and_then(integer)
                    .map(i64::from)
                    .filter(|t| *t > 0),
                owner: get("job-originating-user-name")
                    .map(text)
                    .filter(|n| !n.is_empty()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rights_are_predicted_from_the_groups_over_the_local_socket_only() {
        let admin = |user: &[&str], read: bool| CupsAdmin {
            system_groups: vec!["lpadmin".into(), "root".into()],
            groups_read: read,
            user_groups: user.iter().map(|g| (*g).to_owned()).collect(),
        };
        let socket = Server::Socket("/run/cups/cups.sock".into());
        let member = predict_cups_rights(&socket, &admin(&["ann", "lpadmin"], true));
        assert!(member.admin);
        let other = predict_cups_rights(&socket, &admin(&["nogroup"], true));
        assert!(!other.admin);
        assert_eq!(
            other.reason,
            "this account is not in the print server's administrator groups (lpadmin, root)"
        );
        let guessed = predict_cups_rights(&socket, &admin(&["nogroup"], false));
        assert!(guessed.reason.contains("usual administrator groups"));
        // A server over the network would ask for a password: never predicted.
        let remote = Server::Http("http://printhost:631/".into());
        assert!(!predict_cups_rights(&remote, &admin(&["lpadmin"], true)).admin);
    }

    #[test]
    fn queue_and_job_addresses_are_encoded() {
        assert_eq!(printer_uri("Office_2"), "ipp://localhost/printers/Office_2");
        assert_eq!(printer_uri("a b/c"), "ipp://localhost/printers/a%20b%2Fc");
        assert_eq!(job_uri(42), "ipp://localhost/jobs/42");
        assert!(PrintAction::Resume("x".into()).needs_admin());
        assert!(!PrintAction::CancelJob(1).needs_admin());
    }

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
}
