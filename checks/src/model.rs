//! The one result model shared by the command line, the desktop app and the report.
//!
//! Its JSON form is the public `checkup.report.v1` contract: field names and enum spellings
//! here must never change silently. `schema/checkup.report.v1.json` is generated from these
//! types and a test fails when the two drift apart.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema identifier written into every report.
pub const REPORT_SCHEMA: &str = "checkup.report.v1";

/// What a check concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The check looked and found no problem.
    Pass,
    /// Worth knowing, not the cause of an outage; also "could not check" for a reason another check owns.
    Warn,
    /// The check saw the very problem it exists to detect.
    Fail,
    /// A dependency failed or errored; `blocked_by` names it.
    Skipped,
    /// Nothing to check here.
    NotApplicable,
    /// The check itself broke (timeout, panic, unexpected OS error).
    Error,
}

impl Status {
    /// `fail` and `error` block dependents and make a run exit with code 1.
    pub fn is_problem(self) -> bool {
        matches!(self, Status::Fail | Status::Error)
    }

    /// The spelling used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skipped => "skipped",
            Status::NotApplicable => "not_applicable",
            Status::Error => "error",
        }
    }

    /// Every status, in a stable order.
    pub const ALL: [Status; 6] = [
        Status::Pass,
        Status::Warn,
        Status::Fail,
        Status::Skipped,
        Status::NotApplicable,
        Status::Error,
    ];
}

/// The part of the machine a check looks at.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    System,
    Network,
    Dns,
    Printer,
    Disk,
}

impl Area {
    /// Every area, in display order.
    pub const ALL: [Area; 5] = [
        Area::Network,
        Area::Dns,
        Area::Printer,
        Area::Disk,
        Area::System,
    ];

    /// The archive file holding this area's log excerpts.
    pub fn log_file(self) -> &'static str {
        match self {
            Area::System => "logs/system.log",
            Area::Network => "logs/network.log",
            Area::Dns => "logs/dns.log",
            Area::Printer => "logs/printer.log",
            Area::Disk => "logs/disk.log",
        }
    }

    /// The spelling used in ids, JSON and `--only`.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::System => "system",
            Area::Network => "network",
            Area::Dns => "dns",
            Area::Printer => "printer",
            Area::Disk => "disk",
        }
    }

    /// Parses the spelling of [`Area::as_str`].
    pub fn parse(text: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|area| area.as_str() == text)
    }
}

/// What kind of private value something is: chosen where the value is created (typed
/// sensitivity), and the kind of token it becomes when a report is redacted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// User names, including the one in home folder paths.
    User,
    /// Host and domain names, including those in URLs and device URIs.
    Host,
    /// A whole web address or device URI: replaced whole in typed places, its host and
    /// query values learned as literals.
    Url,
    Mac,
    Serial,
    /// Wi-Fi network names and access point addresses (SSID, BSSID).
    Wifi,
    Email,
    PublicIp,
    /// Names of printed documents.
    Document,
    /// The profile's `report.sensitive_terms`.
    Term,
    /// Paths marked sensitive (home folders, personal mount points).
    Path,
    /// Any other value marked sensitive (free text, process names).
    Other,
}

impl Kind {
    /// The token prefix: `user` → `user-1`.
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Host => "host",
            Kind::Url => "site",
            Kind::Mac => "mac",
            Kind::Serial => "serial",
            Kind::Wifi => "wifi",
            Kind::Email => "email",
            Kind::PublicIp => "public-ip",
            Kind::Document => "document",
            Kind::Term => "term",
            Kind::Path => "path",
            Kind::Other => "sensitive",
        }
    }

    /// Every kind, in a stable order.
    pub const ALL: [Kind; 12] = [
        Kind::User,
        Kind::Host,
        Kind::Url,
        Kind::Mac,
        Kind::Serial,
        Kind::Wifi,
        Kind::Email,
        Kind::PublicIp,
        Kind::Document,
        Kind::Term,
        Kind::Path,
        Kind::Other,
    ];

    /// The kind of a sensitive evidence value, from the words of its key.
    pub fn of_evidence_key(key: &str) -> Kind {
        let key = key.to_ascii_lowercase();
        let words: Vec<&str> = key.split(['_', '-', '.']).collect();
        let has = |candidates: &[&str]| candidates.iter().any(|c| words.contains(c));
        if has(&["ssid", "bssid", "wifi"]) {
            Kind::Wifi
        } else if has(&["mac"]) {
            Kind::Mac
        } else if has(&["serial"]) {
            Kind::Serial
        } else if has(&["email", "mail"]) {
            Kind::Email
        } else if has(&["document", "documents", "job", "jobs"]) {
            Kind::Document
        } else if has(&["user", "username", "users"]) {
            Kind::User
        } else if has(&["host", "hostname", "domain", "hosts"]) {
            Kind::Host
        } else if has(&["ip", "ipv4", "ipv6", "address", "addresses", "addr"]) {
            Kind::PublicIp
        } else if has(&[
            "path", "paths", "home", "mount", "folder", "folders", "file", "files", "dir",
        ]) {
            Kind::Path
        } else {
            Kind::Other
        }
    }
}

/// A value of technical evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum EvidenceValue {
    Bool(bool),
    Integer(i64),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl From<bool> for EvidenceValue {
    fn from(value: bool) -> Self {
        EvidenceValue::Bool(value)
    }
}
impl From<i64> for EvidenceValue {
    fn from(value: i64) -> Self {
        EvidenceValue::Integer(value)
    }
}
impl From<u64> for EvidenceValue {
    fn from(value: u64) -> Self {
        i64::try_from(value)
            .map(EvidenceValue::Integer)
            .unwrap_or_else(|_| EvidenceValue::Text(value.to_string()))
    }
}
impl From<u32> for EvidenceValue {
    fn from(value: u32) -> Self {
        EvidenceValue::Integer(i64::from(value))
    }
}
impl From<f64> for EvidenceValue {
    fn from(value: f64) -> Self {
        EvidenceValue::Number(value)
    }
}
impl From<String> for EvidenceValue {
    fn from(value: String) -> Self {
        EvidenceValue::Text(value)
    }
}
impl From<&str> for EvidenceValue {
    fn from(value: &str) -> Self {
        EvidenceValue::Text(value.to_owned())
    }
}
impl From<Vec<String>> for EvidenceValue {
    fn from(value: Vec<String>) -> Self {
        EvidenceValue::List(value)
    }
}

impl std::fmt::Display for EvidenceValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EvidenceValue::Bool(value) => write!(f, "{value}"),
            EvidenceValue::Integer(value) => write!(f, "{value}"),
            EvidenceValue::Number(value) => write!(f, "{value}"),
            EvidenceValue::Text(value) => f.write_str(value),
            EvidenceValue::List(values) => f.write_str(&values.join(", ")),
        }
    }
}

/// One technical fact behind a finding, for specialists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// A fixed, machine-readable key in `snake_case`: it never carries data (the data is in
    /// the value or in the finding's subject). A key may repeat.
    pub key: String,
    pub value: EvidenceValue,
    /// True when the value identifies the user, the machine or the organization; reports redact it.
    pub sensitive: bool,
    /// For a sensitive value: what kind of private value it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
}

impl Evidence {
    /// A fact that identifies nobody. The key is a fixed name, never built from data.
    pub fn plain(key: &'static str, value: impl Into<EvidenceValue>) -> Self {
        Evidence {
            key: key.to_owned(),
            value: value.into(),
            sensitive: false,
            kind: None,
        }
    }

    /// A fact that identifies the user, the machine or the organization, typed where it is
    /// created: a report replaces it whole with a token of its kind.
    pub fn sensitive(key: &'static str, kind: Kind, value: impl Into<EvidenceValue>) -> Self {
        Evidence {
            key: key.to_owned(),
            value: value.into(),
            sensitive: true,
            kind: Some(kind),
        }
    }

    /// Plain, or sensitive of `kind` when `private`.
    pub fn typed(
        key: &'static str,
        private: Option<Kind>,
        value: impl Into<EvidenceValue>,
    ) -> Self {
        match private {
            Some(kind) => Evidence::sensitive(key, kind, value),
            None => Evidence::plain(key, value),
        }
    }

    /// The kind of a sensitive value: its typed kind, or, for a report read back from a file
    /// written before kinds were typed, one guessed from its key.
    pub fn private_kind(&self) -> Option<Kind> {
        self.sensitive.then(|| {
            self.kind
                .unwrap_or_else(|| Kind::of_evidence_key(&self.key))
        })
    }
}

/// A private value a finding's texts were made from (its subject, its message's arguments,
/// its sensitive evidence): learned first by redaction, so it is replaced wherever it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Private {
    pub kind: Kind,
    pub value: String,
}

/// What one check found about one subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// The check's stable id, `area.name`.
    pub id: String,
    pub area: Area,
    /// Which printer, mount point, server or name this finding is about, if the check has several.
    pub subject: Option<String>,
    pub status: Status,
    /// The catalog message this finding was rendered from; stable, for programs that localize.
    pub message_id: String,
    /// The check's title, in plain words.
    pub title: String,
    /// One plain sentence: what happened.
    pub summary: String,
    /// What it means for the user.
    pub explanation: String,
    /// What to try, most likely first.
    pub fixes: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// For `skipped`: the id of the failed or errored check that made this one skip.
    pub blocked_by: Option<String>,
    pub duration_ms: u64,
    /// What changed since this check last passed on this machine, from the local history.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// The repairs Checkup can make for this finding's subject, with the user's consent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repairs_offered: Vec<RepairOffer>,
    /// The private values this finding's texts were made from, typed where they were
    /// created. Kept in memory for redaction; never written out.
    #[serde(skip)]
    #[schemars(skip)]
    pub private: Vec<Private>,
}

/// One difference between this run's facts and those of the last run where the check passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// A fixed key naming the fact, e.g. `dns.servers`; never data.
    pub fact: String,
    /// The fact as it was, for people; redacted in a report like evidence.
    pub before: String,
    /// The fact now.
    pub after: String,
    /// When the last run where this check passed started, RFC 3339 in UTC.
    pub since: String,
    /// The change in one plain sentence.
    pub text: String,
}

impl Change {
    /// The items of a `before` or `after` value: a list of several is shown comma-separated.
    pub fn items(value: &str) -> impl Iterator<Item = &str> {
        value
            .split(", ")
            .map(str::trim)
            .filter(|item| !item.is_empty())
    }

    /// What kind of private value `before` and `after` are, by the fact they describe.
    pub fn private_kind(&self) -> Option<Kind> {
        match self.fact.as_str() {
            "network.wifi" => Some(Kind::Wifi),
            "dns.search" | "dns.hosts" => Some(Kind::Host),
            "printer.device" | "dns.proxy" => Some(Kind::Url),
            _ => None,
        }
    }
}

/// A repair a finding offers: which one, and for which subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RepairOffer {
    /// The repair's stable id, e.g. `printer.resume`.
    pub id: String,
    /// The finding's subject it acts on (a printer, a folder), if the check has several.
    pub subject: Option<String>,
    /// What it is, in a few plain words ("Resume the printer").
    pub title: String,
    /// Exactly what will happen, in one or two plain sentences, for the confirmation.
    pub action: String,
    /// What the repair acts on, as counted when it was offered (job numbers, folder
    /// entries): consent covers these and nothing added since. Kept in memory only.
    #[serde(skip)]
    #[schemars(skip)]
    pub targets: Vec<String>,
}

/// How a repair ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RepairResult {
    /// Done, and the re-check no longer shows the problem it was offered for.
    Fixed,
    /// Done, but the re-check still shows the problem.
    NoChange,
    /// It could not be done.
    Failed,
    /// The system refused it: the user lacks the rights.
    NotPermitted,
    /// The user said no.
    Declined,
}

impl RepairResult {
    /// The spelling used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RepairResult::Fixed => "fixed",
            RepairResult::NoChange => "no_change",
            RepairResult::Failed => "failed",
            RepairResult::NotPermitted => "not_permitted",
            RepairResult::Declined => "declined",
        }
    }
}

/// A repair that was offered and answered during the run: what the specialist sees was
/// already tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RepairDone {
    pub id: String,
    pub subject: Option<String>,
    /// When it was answered, RFC 3339 in UTC.
    pub at: String,
    pub result: RepairResult,
    /// What happened, for specialists: the system's answer or error.
    pub detail: String,
}

/// A finding that explains the others: `fail` or `error` with no failed dependency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RootCause {
    pub id: String,
    pub subject: Option<String>,
}

/// The program that wrote the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
}

/// The machine the report describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlatformInfo {
    /// `linux`, `windows`, `macos`, …
    pub os: String,
    /// The distribution or product and its version, e.g. `Debian GNU/Linux 12`.
    pub os_version: String,
    pub kernel: String,
    /// `x86_64`, `aarch64`, …
    pub arch: String,
}

/// A whole run: the `checkup.report.v1` document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "checkup.report.v1")]
pub struct Report {
    /// Always `checkup.report.v1`.
    #[schemars(regex(pattern = r"^checkup\.report\.v1$"))]
    pub schema: String,
    /// A short code to read over the phone, e.g. `CK-7F3K-9Q2M`.
    #[schemars(regex(
        pattern = r"^CK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$"
    ))]
    pub reference: String,
    /// When the run started, RFC 3339 in UTC.
    pub generated_at: String,
    pub duration_ms: u64,
    /// False when the run was interrupted before every planned check finished.
    pub complete: bool,
    pub app: AppInfo,
    pub platform: PlatformInfo,
    /// In registry order, then by subject.
    pub findings: Vec<Finding>,
    /// What blocks the most first: by impact class (1. reaching anything at all: the network
    /// checks up to `network.internet` and `network.captive_portal`, plus `dns.servers`,
    /// `dns.server_reachable` and `dns.resolution`; 2. `disk.space`, `disk.inodes` or
    /// `disk.readonly` on the filesystem holding the system or the home folder, by the
    /// finding's `role` evidence; 3. everything else), then by depth in the dependency graph,
    /// then registry rank, then subject.
    pub root_causes: Vec<RootCause>,
    /// The repairs answered during this run, in the order they were made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repairs_done: Vec<RepairDone>,
}

impl Report {
    /// The findings that are root causes, in root-cause order.
    pub fn root_cause_findings(&self) -> impl Iterator<Item = &Finding> {
        self.root_causes.iter().filter_map(|cause| {
            self.findings
                .iter()
                .find(|f| f.id == cause.id && f.subject == cause.subject)
        })
    }

    /// True when some finding is `fail` or `error`.
    pub fn has_problem(&self) -> bool {
        self.findings.iter().any(|f| f.status.is_problem())
    }
}
