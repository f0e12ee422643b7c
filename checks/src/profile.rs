//! The profile: what an organization tunes (targets, thresholds, contacts), as TOML.
//!
//! Every key is optional; `Profile::default()` is the embedded default and equals the
//! committed `profile.example.toml` (a test keeps them in step). Errors name the file, line,
//! column and key, with a suggestion for a misspelt key, and never panic.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};

/// The committed example profile; its values are the embedded defaults.
pub const EXAMPLE_PROFILE: &str = include_str!("../profile.example.toml");

/// The environment variable naming a profile file (second in the lookup order).
pub const PROFILE_ENV: &str = "CHECKUP_PROFILE";

/// The file name looked for beside the executable (third in the lookup order).
pub const PROFILE_BESIDE_EXE: &str = "checkup.toml";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    pub organization: Organization,
    pub network: Network,
    pub dns: Dns,
    pub printer: Printer,
    pub disk: Disk,
    pub system: System,
    pub report: ReportSettings,
    pub run: Run,
    pub history: History,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Organization {
    pub name: String,
    pub support_contact: String,
    pub ticket_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Network {
    pub internet_hosts: Vec<IpAddr>,
    pub connectivity_url: String,
    pub https_urls: Vec<String>,
    pub intranet_urls: Vec<String>,
    pub interfaces: Vec<String>,
    pub probe_timeout_ms: u64,
    pub latency_probes: u32,
    pub latency_probe_timeout_ms: u64,
    pub latency_warn_ms: u64,
    pub latency_fail_ms: u64,
    pub jitter_warn_ms: u64,
    pub loss_warn_percent: f64,
    pub loss_fail_percent: f64,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            internet_hosts: vec![
                IpAddr::from([1, 1, 1, 1]),
                IpAddr::from([8, 8, 8, 8]),
                IpAddr::from([0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1111]),
            ],
            connectivity_url: "http://connectivitycheck.gstatic.com/generate_204".to_owned(),
            https_urls: vec!["https://www.google.com/generate_204".to_owned()],
            intranet_urls: Vec::new(),
            interfaces: Vec::new(),
            probe_timeout_ms: 700,
            latency_probes: 20,
            latency_probe_timeout_ms: 1500,
            latency_warn_ms: 200,
            latency_fail_ms: 1000,
            jitter_warn_ms: 50,
            loss_warn_percent: 10.0,
            loss_fail_percent: 50.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Dns {
    pub names: Vec<String>,
    /// IP addresses, optionally with a port (`10.0.0.1:5353`, `[fd00::1]:5353`).
    pub reference_servers: Vec<String>,
    pub hijack_domain: String,
    pub query_timeout_ms: u64,
    pub latency_warn_ms: u64,
    pub latency_fail_ms: u64,
    /// Names the user typed for this run ("a website won't load", `--url`): not a profile
    /// key, never read from or written to a file.
    #[serde(skip)]
    pub from_user: Vec<String>,
}

impl Default for Dns {
    fn default() -> Self {
        Dns {
            names: vec!["www.google.com".to_owned(), "www.microsoft.com".to_owned()],
            reference_servers: vec!["1.1.1.1".to_owned(), "9.9.9.9".to_owned()],
            hijack_domain: "example.com".to_owned(),
            query_timeout_ms: 1000,
            latency_warn_ms: 400,
            // ChromeOS calls above 500 ms "significantly" slow; 700 ms leaves room for a
            // busy resolver's jitter over only three lookups.
            latency_fail_ms: 700,
            from_user: Vec::new(),
        }
    }
}

impl Dns {
    /// The reference servers as socket addresses (port 53 unless given). Validated at load time.
    pub fn reference_server_addrs(&self) -> Vec<SocketAddr> {
        self.reference_servers
            .iter()
            .filter_map(|text| parse_server(text))
            .collect()
    }
}

/// Parses `10.0.0.1`, `fd00::1`, `10.0.0.1:5353` or `[fd00::1]:5353`.
pub fn parse_server(text: &str) -> Option<SocketAddr> {
    text.parse::<IpAddr>()
        .map(|ip| SocketAddr::new(ip, 53))
        .or_else(|_| text.parse::<SocketAddr>())
        .ok()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Printer {
    pub cups_server: String,
    pub stuck_job_seconds: u64,
    pub request_timeout_ms: u64,
}

impl Default for Printer {
    fn default() -> Self {
        Printer {
            cups_server: String::new(),
            stuck_job_seconds: 300,
            request_timeout_ms: 1000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Disk {
    pub paths: Vec<String>,
    pub ignore_paths: Vec<String>,
    pub warn_free_percent: f64,
    pub warn_free_bytes: u64,
    pub fail_free_percent: f64,
    pub fail_free_bytes: u64,
    pub usage_scan_ms: u64,
}

impl Default for Disk {
    fn default() -> Self {
        Disk {
            paths: Vec::new(),
            ignore_paths: Vec::new(),
            warn_free_percent: 10.0,
            warn_free_bytes: 20_000_000_000,
            fail_free_percent: 5.0,
            fail_free_bytes: 1_000_000_000,
            usage_scan_ms: 2000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct System {
    pub uptime_warn_days: u64,
    pub clock_warn_seconds: u64,
    pub clock_fail_seconds: u64,
}

impl Default for System {
    fn default() -> Self {
        System {
            uptime_warn_days: 30,
            clock_warn_seconds: 120,
            clock_fail_seconds: 300,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportSettings {
    pub allow_unredacted: bool,
    pub sensitive_terms: Vec<String>,
    /// Log excerpts behind findings (`log_line` evidence and `logs/<area>.log`).
    pub include_logs: bool,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            allow_unredacted: true,
            sensitive_terms: Vec::new(),
            include_logs: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Run {
    pub deadline_ms: u64,
}

impl Default for Run {
    fn default() -> Self {
        Run {
            deadline_ms: 10_000,
        }
    }
}

/// The local run history (`[history]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct History {
    /// Keep every run on this machine, to tell what changed since a check last passed.
    pub enabled: bool,
    /// At most this many runs (1 to 200).
    pub keep_runs: u32,
    /// At most this many days (1 to 90).
    pub keep_days: u32,
}

impl Default for History {
    fn default() -> Self {
        History {
            enabled: true,
            keep_runs: 200,
            keep_days: 90,
        }
    }
}

/// Where the profile in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileSource {
    /// `--profile FILE`.
    Argument(PathBuf),
    /// The `CHECKUP_PROFILE` environment variable.
    Environment(PathBuf),
    /// `checkup.toml` beside the executable.
    BesideExecutable(PathBuf),
    /// The system configuration directory.
    System(PathBuf),
    /// No file: the embedded default.
    Embedded,
}

impl ProfileSource {
    pub fn path(&self) -> Option<&Path> {
        match self {
            ProfileSource::Argument(path)
            | ProfileSource::Environment(path)
            | ProfileSource::BesideExecutable(path)
            | ProfileSource::System(path) => Some(path),
            ProfileSource::Embedded => None,
        }
    }
}

/// Why a profile could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot read the profile {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Box<InvalidProfile>),
}

/// A profile that was read but is wrong, located precisely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidProfile {
    /// The file as given, or `<embedded>`.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// The dotted key, e.g. `network.probe_timeout_ms`, when the problem is about one key.
    pub key: Option<String>,
    pub problem: String,
    pub suggestion: Option<String>,
}

impl std::fmt::Display for InvalidProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        f.write_str(&self.problem)?;
        if let Some(suggestion) = &self.suggestion {
            write!(f, " ({suggestion})")?;
        }
        Ok(())
    }
}

/// The timing keys whose values the checks size their probes from, with the range each may
/// take (inclusive, in ms). A value outside the range cannot fit in the time its checks are
/// given: it is clamped to the range, with a warning, so profiles written before the limits
/// existed keep working. README publishes this table.
pub const TIMING_RANGES: &[(&str, u64, u64)] = &[
    ("network.probe_timeout_ms", 1, 2000),
    ("network.latency_probe_timeout_ms", 1, 3000),
    ("dns.query_timeout_ms", 1, 2500),
    ("printer.request_timeout_ms", 1, 2500),
    ("disk.usage_scan_ms", 1, 8000),
    ("run.deadline_ms", 3000, 600_000),
];

/// A value the profile asked for that was changed to fit, located like an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileWarning {
    pub file: String,
    pub line: usize,
    pub key: String,
    pub requested: u64,
    pub effective: u64,
}

impl std::fmt::Display for ProfileWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: key `{}`: {} ms does not fit in the time its checks are given; using {} ms",
            self.file, self.line, self.key, self.requested, self.effective
        )
    }
}

/// Finds and loads the profile, following the contract's lookup order. A timing value that
/// had to be clamped is logged once as a warning (on stderr and in the run's log).
pub fn load(explicit: Option<&Path>) -> Result<(Profile, ProfileSource), ProfileError> {
    let source = locate(explicit);
    match source.path() {
        None => Ok((Profile::default(), source)),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Read {
                path: path.to_owned(),
                source,
            })?;
            let (profile, warnings) = parse_checked(&text, &path.display().to_string())?;
            for warning in warnings {
                tracing::warn!("{warning}");
            }
            Ok((profile, source))
        }
    }
}

/// The first profile source in the lookup order that applies. An explicit path or the
/// environment variable is used even when the file is missing, so a typo is reported, not ignored.
pub fn locate(explicit: Option<&Path>) -> ProfileSource {
    if let Some(path) = explicit {
        return ProfileSource::Argument(path.to_owned());
    }
    if let Some(path) = std::env::var_os(PROFILE_ENV).filter(|value| !value.is_empty()) {
        return ProfileSource::Environment(PathBuf::from(path));
    }
    if let Some(path) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(PROFILE_BESIDE_EXE)))
        .filter(|path| path.is_file())
    {
        return ProfileSource::BesideExecutable(path);
    }
    if let Some(path) = crate::platform::native()
        .system_profile_path()
        .filter(|path| path.is_file())
    {
        return ProfileSource::System(path);
    }
    ProfileSource::Embedded
}

/// Parses and validates profile text. `file` names it in errors. Timing values outside their
/// range are clamped silently; [`parse_checked`] says which.
pub fn parse(text: &str, file: &str) -> Result<Profile, ProfileError> {
    parse_checked(text, file).map(|(profile, _)| profile)
}

/// Parses and validates profile text, and lists the timing values that were clamped to fit.
pub fn parse_checked(
    text: &str,
    file: &str,
) -> Result<(Profile, Vec<ProfileWarning>), ProfileError> {
    let locate_span = |span: Range<usize>, key: Option<String>, problem: String, suggestion| {
        let (line, column) = line_column(text, span.start);
        ProfileError::Invalid(Box::new(InvalidProfile {
            file: file.to_owned(),
            line,
            column,
            key,
            problem,
            suggestion,
        }))
    };

    let document = DeTable::parse(text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        locate_span(span, None, first_line(error.message()), None)
    })?;
    check_keys(document.get_ref()).map_err(|unknown| {
        locate_span(
            unknown.span,
            Some(unknown.key),
            unknown.problem,
            unknown.suggestion,
        )
    })?;

    let profile: Profile = toml::from_str(text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        let key = key_at(document.get_ref(), &span);
        locate_span(span, key, first_line(error.message()), None)
    })?;

    if let Err(bad) = validate(&profile) {
        let span = span_of(document.get_ref(), &bad.key).unwrap_or(0..0);
        return Err(locate_span(
            span,
            Some(bad.key),
            bad.problem,
            bad.suggestion,
        ));
    }
    let mut profile = profile;
    let warnings = clamp_timings(&mut profile)
        .into_iter()
        .map(|(key, requested, effective)| {
            let span = span_of(document.get_ref(), key).unwrap_or(0..0);
            ProfileWarning {
                file: file.to_owned(),
                line: line_column(text, span.start).0,
                key: key.to_owned(),
                requested,
                effective,
            }
        })
        .collect();
    Ok((profile, warnings))
}

/// The value of a timing key, to read and to clamp.
fn timing_value<'a>(profile: &'a mut Profile, key: &str) -> Option<&'a mut u64> {
    Some(match key {
        "network.probe_timeout_ms" => &mut profile.network.probe_timeout_ms,
        "network.latency_probe_timeout_ms" => &mut profile.network.latency_probe_timeout_ms,
        "dns.query_timeout_ms" => &mut profile.dns.query_timeout_ms,
        "printer.request_timeout_ms" => &mut profile.printer.request_timeout_ms,
        "disk.usage_scan_ms" => &mut profile.disk.usage_scan_ms,
        "run.deadline_ms" => &mut profile.run.deadline_ms,
        _ => return None,
    })
}

/// Clamps every timing key into its range; returns (key, requested, effective) per change.
fn clamp_timings(profile: &mut Profile) -> Vec<(&'static str, u64, u64)> {
    let mut changed = Vec::new();
    for &(key, low, high) in TIMING_RANGES {
        if let Some(value) = timing_value(profile, key) {
            let requested = *value;
            *value = requested.clamp(low, high);
            if *value != requested {
                changed.push((key, requested, *value));
            }
        }
    }
    changed
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

struct KeyProblem {
    key: String,
    span: Range<usize>,
    problem: String,
    suggestion: Option<String>,
}

/// Every known key, by section, derived from the default profile so the list can never drift.
fn known_keys() -> BTreeMap<String, Vec<String>> {
    let mut sections = BTreeMap::new();
    if let Ok(toml::Value::Table(table)) = toml::Value::try_from(Profile::default()) {
        for (section, value) in table {
            if let toml::Value::Table(keys) = value {
                sections.insert(section, keys.keys().cloned().collect());
            }
        }
    }
    sections
}

fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    candidates
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 3.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn check_keys(document: &DeTable<'_>) -> Result<(), KeyProblem> {
    let known = known_keys();
    for (section, value) in document {
        let section_name = section.get_ref().as_ref();
        let Some(section_keys) = known.get(section_name) else {
            let suggestion = closest(section_name, known.keys())
                .map(|s| format!("did you mean `[{s}]`?"))
                .or_else(|| {
                    known
                        .iter()
                        .find(|(_, keys)| keys.iter().any(|k| k == section_name))
                        .map(|(s, _)| format!("`{section_name}` belongs in the `[{s}]` section"))
                });
            return Err(KeyProblem {
                key: section_name.to_owned(),
                span: section.span(),
                problem: "unknown section".to_owned(),
                suggestion: suggestion.or_else(|| Some(sections_hint(&known))),
            });
        };
        let DeValue::Table(entries) = value.get_ref() else {
            return Err(KeyProblem {
                key: section_name.to_owned(),
                span: value.span(),
                problem: "expected a section (a table such as `[network]`)".to_owned(),
                suggestion: None,
            });
        };
        for (key, _) in entries {
            let key_name = key.get_ref().as_ref();
            if section_keys.iter().any(|k| k == key_name) {
                continue;
            }
            let suggestion = closest(key_name, section_keys.iter())
                .map(|k| format!("did you mean `{k}`?"))
                .or_else(|| {
                    known
                        .iter()
                        .find(|(_, keys)| keys.iter().any(|k| k == key_name))
                        .map(|(s, _)| format!("`{key_name}` belongs in the `[{s}]` section"))
                })
                .or_else(|| Some(format!("known keys: {}", section_keys.join(", "))));
            return Err(KeyProblem {
                key: format!("{section_name}.{key_name}"),
                span: key.span(),
                problem: "unknown key".to_owned(),
                suggestion,
            });
        }
    }
    Ok(())
}

fn sections_hint(known: &BTreeMap<String, Vec<String>>) -> String {
    let names: Vec<String> = known.keys().map(|s| format!("[{s}]")).collect();
    format!("known sections: {}", names.join(", "))
}

/// The dotted key whose value contains the span, for errors from the typed pass.
fn key_at(document: &DeTable<'_>, span: &Range<usize>) -> Option<String> {
    let contains = |outer: Range<usize>| {
        outer.start <= span.start && span.start < outer.end.max(outer.start + 1)
    };
    for (section, value) in document {
        if let DeValue::Table(entries) = value.get_ref() {
            for (key, value) in entries {
                if contains(value.span()) || contains(key.span()) {
                    return Some(format!("{}.{}", section.get_ref(), key.get_ref()));
                }
            }
        }
        if contains(value.span()) || contains(section.span()) {
            return Some(section.get_ref().to_string());
        }
    }
    None
}

/// The span of a dotted key's value.
fn span_of(document: &DeTable<'_>, dotted: &str) -> Option<Range<usize>> {
    let (section, key) = dotted.split_once('.')?;
    let (_, value) = document.iter().find(|(s, _)| s.get_ref() == section)?;
    let DeValue::Table(entries) = value.get_ref() else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v.span())
}

struct BadValue {
    key: String,
    problem: String,
    suggestion: Option<String>,
}

fn bad(key: &str, problem: impl Into<String>) -> BadValue {
    BadValue {
        key: key.to_owned(),
        problem: problem.into(),
        suggestion: None,
    }
}

fn positive(key: &str, value: u64) -> Result<(), BadValue> {
    if value == 0 {
        return Err(bad(key, "must be greater than 0"));
    }
    Ok(())
}

fn between(key: &str, value: u32, low: u32, high: u32) -> Result<(), BadValue> {
    if !(low..=high).contains(&value) {
        return Err(bad(
            key,
            format!("must be from {low} to {high}, not {value}"),
        ));
    }
    Ok(())
}

fn percent(key: &str, value: f64) -> Result<(), BadValue> {
    if !(0.0..=100.0).contains(&value) {
        return Err(bad(
            key,
            format!("must be a percentage from 0 to 100, not {value}"),
        ));
    }
    Ok(())
}

fn not_above(low_key: &str, low: f64, high_key: &str, high: f64) -> Result<(), BadValue> {
    if low > high {
        return Err(BadValue {
            key: low_key.to_owned(),
            problem: format!("must not be above `{high_key}` ({high})"),
            suggestion: None,
        });
    }
    Ok(())
}

fn http_url(key: &str, text: &str, schemes: &[&str]) -> Result<(), BadValue> {
    match url::Url::parse(text) {
        Ok(parsed) if schemes.contains(&parsed.scheme()) && parsed.host().is_some() => Ok(()),
        Ok(_) => Err(BadValue {
            key: key.to_owned(),
            problem: format!("`{text}` is not a {} address", schemes.join(" or ")),
            suggestion: Some(format!("write it as {}://host/path", schemes[0])),
        }),
        Err(error) => Err(BadValue {
            key: key.to_owned(),
            problem: format!("`{text}` is not a valid address: {error}"),
            suggestion: Some(format!("write it as {}://host/path", schemes[0])),
        }),
    }
}

fn host_name(key: &str, text: &str) -> Result<(), BadValue> {
    let valid = !text.is_empty()
        && text.len() <= 253
        && text.trim_end_matches('.').split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    if valid {
        Ok(())
    } else {
        Err(bad(key, format!("`{text}` is not a valid host name")))
    }
}

// Lossless for every value a profile can sensibly hold.
#[allow(clippy::cast_precision_loss)]
fn as_f64(value: u64) -> f64 {
    value as f64
}

fn validate(profile: &Profile) -> Result<(), BadValue> {
    let network = &profile.network;
    if !network.connectivity_url.is_empty() {
        http_url(
            "network.connectivity_url",
            &network.connectivity_url,
            &["http", "https"],
        )?;
    }
    for url in &network.https_urls {
        http_url("network.https_urls", url, &["https"])?;
    }
    for url in &network.intranet_urls {
        http_url("network.intranet_urls", url, &["https", "http"])?;
    }
    if !profile.organization.ticket_url.is_empty() {
        http_url(
            "organization.ticket_url",
            &profile.organization.ticket_url,
            &["https", "http"],
        )?;
    }
    between("history.keep_runs", profile.history.keep_runs, 1, 200)?;
    between("history.keep_days", profile.history.keep_days, 1, 90)?;
    positive("network.probe_timeout_ms", network.probe_timeout_ms)?;
    positive("network.latency_probes", u64::from(network.latency_probes))?;
    if network.latency_probes > 1000 {
        return Err(bad("network.latency_probes", "must be at most 1000"));
    }
    positive(
        "network.latency_probe_timeout_ms",
        network.latency_probe_timeout_ms,
    )?;
    positive("network.latency_warn_ms", network.latency_warn_ms)?;
    positive("network.latency_fail_ms", network.latency_fail_ms)?;
    not_above(
        "network.latency_warn_ms",
        as_f64(network.latency_warn_ms),
        "network.latency_fail_ms",
        as_f64(network.latency_fail_ms),
    )?;
    percent("network.loss_warn_percent", network.loss_warn_percent)?;
    percent("network.loss_fail_percent", network.loss_fail_percent)?;
    not_above(
        "network.loss_warn_percent",
        network.loss_warn_percent,
        "network.loss_fail_percent",
        network.loss_fail_percent,
    )?;

    let dns = &profile.dns;
    for name in &dns.names {
        host_name("dns.names", name)?;
    }
    for server in &dns.reference_servers {
        if parse_server(server).is_none() {
            return Err(BadValue {
                key: "dns.reference_servers".to_owned(),
                problem: format!("`{server}` is not an IP address"),
                suggestion: Some(
                    "write an address such as \"9.9.9.9\" or \"10.0.0.1:5353\"".to_owned(),
                ),
            });
        }
    }
    host_name("dns.hijack_domain", &dns.hijack_domain)?;
    positive("dns.query_timeout_ms", dns.query_timeout_ms)?;
    positive("dns.latency_warn_ms", dns.latency_warn_ms)?;
    not_above(
        "dns.latency_warn_ms",
        as_f64(dns.latency_warn_ms),
        "dns.latency_fail_ms",
        as_f64(dns.latency_fail_ms),
    )?;

    positive(
        "printer.stuck_job_seconds",
        profile.printer.stuck_job_seconds,
    )?;
    positive(
        "printer.request_timeout_ms",
        profile.printer.request_timeout_ms,
    )?;

    let disk = &profile.disk;
    percent("disk.warn_free_percent", disk.warn_free_percent)?;
    percent("disk.fail_free_percent", disk.fail_free_percent)?;
    not_above(
        "disk.fail_free_percent",
        disk.fail_free_percent,
        "disk.warn_free_percent",
        disk.warn_free_percent,
    )?;
    not_above(
        "disk.fail_free_bytes",
        as_f64(disk.fail_free_bytes),
        "disk.warn_free_bytes",
        as_f64(disk.warn_free_bytes),
    )?;
    positive("disk.usage_scan_ms", disk.usage_scan_ms)?;

    let system = &profile.system;
    positive("system.uptime_warn_days", system.uptime_warn_days)?;
    positive("system.clock_warn_seconds", system.clock_warn_seconds)?;
    not_above(
        "system.clock_warn_seconds",
        as_f64(system.clock_warn_seconds),
        "system.clock_fail_seconds",
        as_f64(system.clock_fail_seconds),
    )?;

    positive("run.deadline_ms", profile.run.deadline_ms)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn invalid(text: &str) -> InvalidProfile {
        match parse(text, "p.toml") {
            Err(ProfileError::Invalid(invalid)) => *invalid,
            other => panic!("expected an invalid profile, got {other:?}"),
        }
    }

    #[test]
    fn example_profile_is_the_default() {
        assert_eq!(
            parse(EXAMPLE_PROFILE, "example").unwrap(),
            Profile::default()
        );
    }

    #[test]
    fn example_profile_names_every_key() {
        let document = DeTable::parse(EXAMPLE_PROFILE).unwrap();
        for (section, keys) in known_keys() {
            for key in keys {
                assert!(
                    span_of(document.get_ref(), &format!("{section}.{key}")).is_some(),
                    "profile.example.toml lacks {section}.{key}"
                );
            }
        }
    }

    #[test]
    fn empty_profile_is_the_default() {
        assert_eq!(parse("", "p.toml").unwrap(), Profile::default());
    }

    #[test]
    fn partial_profile_keeps_other_defaults() {
        let profile = parse("[network]\nprobe_timeout_ms = 300\n", "p.toml").unwrap();
        assert_eq!(profile.network.probe_timeout_ms, 300);
        assert_eq!(profile.network.latency_probes, 20);
        assert_eq!(profile.dns, Dns::default());
    }

    #[test]
    fn misspelt_key_is_located_with_a_suggestion() {
        let error = invalid("[network]\n\nprobe_timout_ms = 300\n");
        assert_eq!(error.file, "p.toml");
        assert_eq!((error.line, error.column), (3, 1));
        assert_eq!(error.key.as_deref(), Some("network.probe_timout_ms"));
        assert_eq!(
            error.suggestion.as_deref(),
            Some("did you mean `probe_timeout_ms`?")
        );
    }

    #[test]
    fn key_in_the_wrong_section_says_where_it_belongs() {
        let error = invalid("[dns]\nprobe_timeout_ms = 300\n");
        assert_eq!(error.key.as_deref(), Some("dns.probe_timeout_ms"));
        assert_eq!(
            error.suggestion.as_deref(),
            Some("`probe_timeout_ms` belongs in the `[network]` section")
        );
    }

    #[test]
    fn unknown_section_is_reported() {
        let error = invalid("[netwrk]\nprobe_timeout_ms = 300\n");
        assert_eq!(error.key.as_deref(), Some("netwrk"));
        assert_eq!(error.line, 1);
        assert_eq!(
            error.suggestion.as_deref(),
            Some("did you mean `[network]`?")
        );
    }

    #[test]
    fn wrong_type_names_the_key() {
        let error = invalid("[system]\nuptime_warn_days = \"thirty\"\n");
        assert_eq!(error.key.as_deref(), Some("system.uptime_warn_days"));
        assert_eq!((error.line, error.column), (2, 20));
        assert!(error.problem.contains("invalid type"), "{}", error.problem);
    }

    #[test]
    fn bad_ip_address_names_the_key() {
        let error = invalid("[network]\ninternet_hosts = [\"1.1.1.1\", \"one.one\"]\n");
        assert_eq!(error.key.as_deref(), Some("network.internet_hosts"));
        assert_eq!(error.line, 2);
    }

    #[test]
    fn out_of_range_values_are_located() {
        let error = invalid("[disk]\nwarn_free_percent = 150\n");
        assert_eq!(error.key.as_deref(), Some("disk.warn_free_percent"));
        assert_eq!((error.line, error.column), (2, 21));
        let error = invalid("[run]\ndeadline_ms = 0\n");
        assert_eq!(error.key.as_deref(), Some("run.deadline_ms"));
        let error = invalid("[network]\nlatency_warn_ms = 2000\nlatency_fail_ms = 1000\n");
        assert_eq!(error.key.as_deref(), Some("network.latency_warn_ms"));
        let error = invalid("[network]\nhttps_urls = [\"ftp://example.com/\"]\n");
        assert_eq!(error.key.as_deref(), Some("network.https_urls"));
        let error = invalid("[system]\nuptime_warn_days = -1\n");
        assert_eq!(error.key.as_deref(), Some("system.uptime_warn_days"));
    }

    #[test]
    fn syntax_errors_are_located() {
        let error = invalid("[network]\nprobe_timeout_ms = \n");
        assert_eq!(error.line, 2);
        let error = invalid("[network\n");
        assert_eq!(error.line, 1);
    }

    #[test]
    fn hostile_input_never_panics() {
        for text in [
            "\u{0}",
            "a = 1\n[a]\n",
            "[[network]]\n",
            "network = 5\n",
            "[network]\nprobe_timeout_ms = 99999999999999999999999\n",
            "[network]\n\"\u{202e}\" = 1\n",
            "[disk]\nwarn_free_percent = nan\n",
            "[dns]\nnames = [\"a..b\"]\n",
            &"[".repeat(10_000),
        ] {
            assert!(parse(text, "p.toml").is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn servers_take_an_optional_port() {
        assert_eq!(
            parse_server("10.0.0.1"),
            Some("10.0.0.1:53".parse().unwrap())
        );
        assert_eq!(
            parse_server("fd00::1"),
            Some("[fd00::1]:53".parse().unwrap())
        );
        assert_eq!(
            parse_server("10.0.0.1:5353"),
            Some("10.0.0.1:5353".parse().unwrap())
        );
        assert_eq!(parse_server("dns.example"), None);
    }

    #[test]
    fn timing_values_beyond_their_range_are_clamped_with_a_located_warning() {
        let text = "[printer]\ncups_server = \"/tmp/x.sock\"\nrequest_timeout_ms = 20000\n\n[run]\ndeadline_ms = 10\n";
        let (profile, warnings) = parse_checked(text, "p.toml").unwrap();
        assert_eq!(profile.printer.request_timeout_ms, 2500);
        assert_eq!(profile.run.deadline_ms, 3000);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert_eq!(warnings[0].key, "printer.request_timeout_ms");
        assert_eq!((warnings[0].line, warnings[0].requested), (3, 20000));
        let line = warnings[0].to_string();
        assert!(
            line.starts_with("p.toml:3: key `printer.request_timeout_ms`"),
            "{line}"
        );
        assert!(line.contains("using 2500 ms"), "{line}");
        // The defaults fit.
        assert!(parse_checked("", "p.toml").unwrap().1.is_empty());
    }

    #[test]
    fn every_timing_key_is_known_and_its_default_in_range() {
        let mut profile = Profile::default();
        for &(key, low, high) in TIMING_RANGES {
            let value = *timing_value(&mut profile, key).unwrap();
            assert!((low..=high).contains(&value), "{key} = {value}");
        }
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé d", 7), (2, 4));
        assert_eq!(line_column("", 5), (1, 1));
    }
}
