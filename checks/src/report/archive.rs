//! The report archive: one ZIP with `report.json`, `report.html`, `summary.txt`,
//! `logs/checkup.log` and `manifest.json` (sizes, SHA-256 hashes, redaction counts).
//!
//! Writing is atomic: a temporary file in the target folder, renamed into place, never over
//! an existing file unless asked. Reading is defensive: names, sizes, ratios and entry
//! counts are capped, so a damaged or hostile archive gives a clear error, never a panic.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::redact::{Kind, RedactionError, Redactor, Replacement, Secrets};
use super::render;
use crate::model::{AppInfo, REPORT_SCHEMA, Report};

/// The files of an archive, in the order they are written.
pub const ARCHIVE_FILES: [&str; 5] = [
    "report.json",
    "report.html",
    "summary.txt",
    "logs/checkup.log",
    "manifest.json",
];

/// The manifest's own schema identifier.
pub const MANIFEST_SCHEMA: &str = "checkup.manifest.v1";

/// The log is capped at this size; the rest is left out with a note.
pub const MAX_LOG_BYTES: usize = 256 * 1024;
/// The summary is short enough to paste into a ticket.
pub const MAX_SUMMARY_BYTES: usize = 2048;

/// Limits for reading an archive someone sent.
const MAX_ARCHIVE_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ENTRY_BYTES: u64 = 32 * 1024 * 1024;
const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ENTRIES: usize = 16;
const MAX_RATIO: u64 = 200;

/// One file listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// `manifest.json`: what the archive holds, and what redaction replaced (counts only).
/// Readers ignore fields they do not know, so later versions can add some.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    pub tool: AppInfo,
    pub created_at: String,
    pub reference: String,
    pub redacted: bool,
    pub files: Vec<ManifestFile>,
    /// How many distinct values of each kind were replaced; `null` when not redacted.
    pub redaction: Option<BTreeMap<Kind, usize>>,
}

/// Why an archive could not be written. Nothing is left behind in any case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} already exists; choose another name, or use --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("cannot write to {}: {source}", dir.display())]
    Folder {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the report {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What is wrong with an archive someone sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveProblem {
    /// It cannot be read at all: missing, not a ZIP, truncated.
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    /// It was read, but it is not an intact Checkup report.
    #[error("{path} is not an intact Checkup report: {}", problems.join("; "))]
    Invalid { path: String, problems: Vec<String> },
}

/// `checkup-<reference>.zip`.
pub fn default_file_name(reference: &str) -> String {
    format!("checkup-{reference}.zip")
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut out, byte| {
            use std::fmt::Write as _;
            let _ = write!(out, "{byte:02x}");
            out
        })
}

fn cap_log(log: &str) -> String {
    if log.len() <= MAX_LOG_BYTES {
        return log.to_owned();
    }
    let mut end = MAX_LOG_BYTES;
    while !log.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n… {} more bytes left out\n",
        &log[..end],
        log.len() - end
    )
}

/// A report made ready to share: redacted (unless asked not to), rendered, hashed.
#[derive(Debug, Clone)]
pub struct SupportReport {
    report: Report,
    files: Vec<(&'static str, Vec<u8>)>,
    manifest: Manifest,
    replacements: Vec<Replacement>,
}

impl SupportReport {
    /// Prepares a report with this run's log. With `redact`, everything identifying is
    /// replaced: `secrets` and the profile's terms go in through `secrets`. Fail-closed: if
    /// anything cannot be redacted cleanly, there is no report to write.
    pub fn new(
        report: &Report,
        log: &str,
        redact: bool,
        secrets: &Secrets,
    ) -> Result<SupportReport, RedactionError> {
        let log = cap_log(log);
        let mut redactor = redact.then(|| Redactor::new(secrets));
        let shared = match redactor.as_mut() {
            Some(redactor) => {
                // The log can name addresses the findings never did.
                redactor.learn_urls_in(&log);
                redactor.report(report)?
            }
            None => report.clone(),
        };
        let mut texts = vec![
            ("report.json", render::json(&shared)),
            ("report.html", render::html(&shared)),
            (
                "summary.txt",
                render::summary_text(&shared, MAX_SUMMARY_BYTES),
            ),
            ("logs/checkup.log", log),
        ];
        // The system log lines behind findings, per area, as the report carries them.
        texts.extend(crate::logs::excerpts_by_area(&shared.findings));
        if let Some(redactor) = redactor.as_mut() {
            // report.json was scrubbed field by field (ids and enums untouched); it must come
            // out of a second pass unchanged, or nothing is written.
            if !redactor.is_clean_report(&shared) {
                return Err(RedactionError(
                    "report.json still holds a private value after redaction".to_owned(),
                ));
            }
            // The final scrub over every other byte that goes into the archive, then the same
            // proof. Never the unscrubbed text.
            for (name, text) in texts.iter_mut().filter(|(name, _)| *name != "report.json") {
                *text = redactor.scrub(text);
                if !redactor.is_clean(text) {
                    return Err(RedactionError(format!(
                        "{name} still holds a private value after redaction"
                    )));
                }
            }
        }
        let files: Vec<(&'static str, Vec<u8>)> = texts
            .into_iter()
            .map(|(n, t)| (n, t.into_bytes()))
            .collect();
        let manifest = Manifest {
            schema: MANIFEST_SCHEMA.to_owned(),
            tool: shared.app.clone(),
            created_at: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            reference: shared.reference.clone(),
            redacted: redactor.is_some(),
            files: files
                .iter()
                .map(|(path, bytes)| ManifestFile {
                    path: (*path).to_owned(),
                    size: bytes.len() as u64,
                    sha256: sha256_hex(bytes),
                })
                .collect(),
            // What the files hold, token by token: exactly what `verify` counts.
            redaction: redactor.as_ref().map(|_| {
                let mut found: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
                for (_, bytes) in &files {
                    tokens_in(&String::from_utf8_lossy(bytes), &mut found);
                }
                found
                    .into_iter()
                    .map(|(kind, tokens)| (kind, tokens.len()))
                    .collect()
            }),
        };
        Ok(SupportReport {
            report: shared,
            replacements: redactor
                .map(|r| r.replacements().to_vec())
                .unwrap_or_default(),
            files,
            manifest,
        })
    }

    /// The report as it will be shared (redacted when asked).
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Exactly what was replaced, by kind, in the order first met: the preview to show before saving.
    pub fn replacements(&self) -> &[Replacement] {
        &self.replacements
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The contents of one file of the archive.
    pub fn file(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| b.as_slice())
    }

    /// Every file of the archive with its size, in archive order, the manifest included.
    pub fn listing(&self) -> Vec<(String, u64)> {
        let manifest = serde_json::to_vec_pretty(&self.manifest).map_or(0, |m| m.len() as u64);
        self.files
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), bytes.len() as u64))
            .chain([("manifest.json".to_owned(), manifest)])
            .collect()
    }

    /// The plain-text summary, for the clipboard.
    pub fn summary(&self) -> String {
        self.file("summary.txt")
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }

    /// The archive as bytes.
    pub fn to_zip(&self) -> std::io::Result<Vec<u8>> {
        let mut buffer = std::io::Cursor::new(Vec::new());
        self.write_zip(&mut buffer)?;
        Ok(buffer.into_inner())
    }

    fn write_zip<W: Write + Seek>(&self, out: W) -> std::io::Result<()> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(0o644);
        let mut zip = zip::ZipWriter::new(out);
        let manifest = serde_json::to_vec_pretty(&self.manifest).map_err(std::io::Error::other)?;
        for (name, bytes) in self
            .files
            .iter()
            .map(|(n, b)| (*n, b.as_slice()))
            .chain([("manifest.json", manifest.as_slice())])
        {
            zip.start_file(name, options)
                .map_err(std::io::Error::other)?;
            zip.write_all(bytes)?;
        }
        zip.finish().map_err(std::io::Error::other)?;
        Ok(())
    }

    /// Writes the archive to `target` (a file, or a folder for the default name), atomically:
    /// into a temporary file beside it, then renamed. An existing file is replaced only with
    /// `force`. Returns the path written.
    pub fn write(&self, target: &Path, force: bool) -> Result<PathBuf, WriteError> {
        let path = if target.is_dir() {
            target.join(default_file_name(&self.report.reference))
        } else {
            target.to_owned()
        };
        write_atomically(&path, ".zip.part", force, |file| {
            let mut out = std::io::BufWriter::new(file);
            self.write_zip(&mut out)?;
            out.flush()
        })
    }
}

/// Writes a file atomically: `write` fills a temporary file beside `path` (named with
/// `suffix`), which is synced and then renamed into place, so a failed save leaves no half
/// file. An existing file is replaced only with `force`. Returns the path written.
pub fn write_atomically(
    path: &Path,
    suffix: &str,
    force: bool,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<PathBuf, WriteError> {
    let path = path.to_owned();
    if !force && path.exists() {
        return Err(WriteError::Exists(path));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned();
    let mut temp = tempfile::Builder::new()
        .prefix(".checkup-")
        .suffix(suffix)
        .tempfile_in(&dir)
        .map_err(|source| WriteError::Folder {
            dir: dir.clone(),
            source,
        })?;
    let write_error = |source| WriteError::Write {
        path: path.clone(),
        source,
    };
    write(temp.as_file_mut()).map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    let persisted = if force {
        temp.persist(&path).map_err(|e| e.error)
    } else {
        temp.persist_noclobber(&path).map_err(|e| e.error)
    };
    match persisted {
        Ok(_) => Ok(path),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(WriteError::Exists(path))
        }
        Err(source) => Err(WriteError::Write { path, source }),
    }
}

/// An archive read back with every limit enforced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadArchive {
    /// Name and contents, in archive order.
    pub files: Vec<(String, Vec<u8>)>,
}

impl ReadArchive {
    pub fn file(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
    }
}

/// A further log under `logs/` (log excerpts per area): a plain name, no folders, no tricks.
/// `verify` accepts it when the manifest lists it.
pub fn extra_log(name: &str) -> bool {
    name.strip_prefix("logs/").is_some_and(|file| {
        !file.is_empty()
            && file.len() <= 64
            && !file.starts_with('.')
            && file
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    })
}

/// Reads an archive safely: only the known file names (and plain names under `logs/`),
/// within size, ratio and count limits.
pub fn read_archive(path: &Path) -> Result<ReadArchive, ArchiveProblem> {
    let shown = path.display().to_string();
    let unreadable = |reason: String| ArchiveProblem::Unreadable {
        path: shown.clone(),
        reason,
    };
    let invalid = |problem: String| ArchiveProblem::Invalid {
        path: shown.clone(),
        problems: vec![problem],
    };
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let size = file
        .metadata()
        .map_err(|e| unreadable(e.to_string()))?
        .len();
    if size > MAX_ARCHIVE_BYTES {
        return Err(invalid(format!(
            "it is {size} bytes, far larger than any Checkup report"
        )));
    }
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| unreadable(format!("not a readable ZIP archive ({e})")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(invalid(format!(
            "it holds {} files; a Checkup report holds {}",
            zip.len(),
            ARCHIVE_FILES.len()
        )));
    }
    let mut files = Vec::new();
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let mut entry = zip
            .by_index(index)
            .map_err(|e| invalid(format!("entry {index} cannot be read ({e})")))?;
        let name = entry
            .name()
            .map_err(|e| invalid(format!("entry {index} has an unreadable name ({e})")))?
            .into_owned();
        if !ARCHIVE_FILES.contains(&name.as_str()) && !extra_log(&name) {
            let shown_name: String = name.chars().take(120).collect();
            return Err(invalid(format!("unexpected file {shown_name:?}")));
        }
        if files.iter().any(|(n, _)| *n == name) {
            return Err(invalid(format!("{name} appears twice")));
        }
        let declared = entry.size();
        let compressed = entry.compressed_size().max(1);
        if declared > MAX_ENTRY_BYTES
            || (declared > 1024 * 1024 && declared / compressed > MAX_RATIO)
        {
            return Err(invalid(format!(
                "{name} would unpack to {declared} bytes from {compressed}: refused"
            )));
        }
        let mut bytes = Vec::new();
        // The declared size can lie: never read more than the cap, whatever the header says.
        entry
            .by_ref()
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| invalid(format!("{name} is damaged ({e})")))?;
        if bytes.len() as u64 > MAX_ENTRY_BYTES {
            return Err(invalid(format!(
                "{name} unpacks to more than {MAX_ENTRY_BYTES} bytes: refused"
            )));
        }
        total += bytes.len() as u64;
        if total > MAX_TOTAL_BYTES {
            return Err(invalid(format!(
                "the files unpack to more than {MAX_TOTAL_BYTES} bytes: refused"
            )));
        }
        files.push((name, bytes));
    }
    Ok(ReadArchive { files })
}

/// Counts the distinct tokens of each kind in a text (`user-1`, `public-ip-3` …).
fn tokens_in(text: &str, found: &mut BTreeMap<Kind, BTreeSet<String>>) {
    for kind in Kind::ALL {
        let prefix = format!("{}-", kind.prefix());
        let mut rest = text;
        while let Some(at) = rest.find(&prefix) {
            let before_ok = at == 0
                || !rest[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            let digits: String = rest[at + prefix.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let after = rest[at + prefix.len() + digits.len()..].chars().next();
            if before_ok && !digits.is_empty() && !after.is_some_and(char::is_alphanumeric) {
                found.entry(kind).or_default().insert(digits.clone());
            }
            rest = &rest[at + prefix.len()..];
        }
    }
}

/// Verifies an archive: every file listed with the right size and hash, nothing else in it,
/// `report.json` a valid `checkup.report.v1` document, the HTML free of scripts, and the
/// redaction summary in line with the tokens in the files.
pub fn verify_archive(path: &Path) -> Result<(Manifest, Report), ArchiveProblem> {
    let archive = read_archive(path)?;
    let shown = path.display().to_string();
    let mut problems = Vec::new();
    let manifest: Option<Manifest> = match archive.file("manifest.json") {
        None => {
            problems.push("manifest.json is missing".to_owned());
            None
        }
        Some(bytes) => match serde_json::from_slice::<Manifest>(bytes) {
            Ok(manifest) if manifest.schema == MANIFEST_SCHEMA => Some(manifest),
            Ok(manifest) => {
                problems.push(format!(
                    "manifest.json has the unknown schema {:?}",
                    manifest.schema
                ));
                None
            }
            Err(error) => {
                problems.push(format!("manifest.json is not valid ({error})"));
                None
            }
        },
    };
    if let Some(manifest) = &manifest {
        for name in ARCHIVE_FILES.iter().filter(|n| **n != "manifest.json") {
            if !manifest.files.iter().any(|f| f.path == *name) {
                problems.push(format!("the manifest does not list {name}"));
            }
        }
        for listed in &manifest.files {
            match archive.file(&listed.path) {
                None => problems.push(format!("{} is listed but missing", listed.path)),
                Some(bytes) if bytes.len() as u64 != listed.size => {
                    problems.push(format!(
                        "{} is {} bytes, the manifest says {}",
                        listed.path,
                        bytes.len(),
                        listed.size
                    ));
                }
                Some(bytes) if sha256_hex(bytes) != listed.sha256 => {
                    problems.push(format!(
                        "{} does not match its SHA-256 in the manifest",
                        listed.path
                    ));
                }
                Some(_) => {}
            }
        }
        for (name, _) in &archive.files {
            if name != "manifest.json" && !manifest.files.iter().any(|f| f.path == *name) {
                problems.push(format!("{name} is not listed in the manifest"));
            }
        }
    }
    let report = match archive
        .file("report.json")
        .map(serde_json::from_slice::<Report>)
    {
        None => {
            problems.push("report.json is missing".to_owned());
            None
        }
        Some(Err(error)) => {
            problems.push(format!(
                "report.json is not a valid {REPORT_SCHEMA} document ({error})"
            ));
            None
        }
        Some(Ok(report)) => {
            if report.schema != REPORT_SCHEMA {
                problems.push(format!(
                    "report.json has the schema {:?}, not {REPORT_SCHEMA}",
                    report.schema
                ));
            }
            let code_ok = report.reference.len() == 12
                && report.reference.starts_with("CK-")
                && report.reference.as_bytes().get(7) == Some(&b'-')
                && report.reference[3..7]
                    .bytes()
                    .chain(report.reference[8..].bytes())
                    .all(|b| super::REFERENCE_ALPHABET.contains(&b));
            if !code_ok {
                problems.push(format!(
                    "report.json has a malformed reference code {:?}",
                    report.reference
                ));
            }
            if let Some(manifest) = &manifest
                && manifest.reference != report.reference
            {
                problems
                    .push("the manifest and report.json name different reference codes".to_owned());
            }
            Some(report)
        }
    };
    if let Some(html) = archive.file("report.html") {
        let html = String::from_utf8_lossy(html).to_ascii_lowercase();
        if html.contains("<script") || html.contains("src=\"http") || html.contains("href=\"http") {
            problems.push("report.html loads scripts or outside resources".to_owned());
        }
    }
    if let Some(manifest) = &manifest
        && manifest.redacted
    {
        let mut found: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
        for (name, bytes) in archive.files.iter().filter(|(n, _)| n != "manifest.json") {
            let _ = name;
            tokens_in(&String::from_utf8_lossy(bytes), &mut found);
        }
        let counted = manifest.redaction.clone().unwrap_or_default();
        for kind in Kind::ALL {
            let in_files = found.get(&kind).map_or(0, BTreeSet::len);
            let claimed = counted.get(&kind).copied().unwrap_or(0);
            if in_files != claimed {
                problems.push(format!(
                    "the redaction summary says {claimed} {} value(s) were replaced, the files show {in_files}",
                    kind.prefix()
                ));
            }
        }
    }
    match (problems.is_empty(), manifest, report) {
        (true, Some(manifest), Some(report)) => Ok((manifest, report)),
        _ => Err(ArchiveProblem::Invalid {
            path: shown,
            problems,
        }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::model::{AppInfo, Area, Evidence, Finding, PlatformInfo, Status};

    fn report() -> Report {
        Report {
            schema: REPORT_SCHEMA.into(),
            reference: "CK-7F3K-9Q2M".into(),
            generated_at: "2026-11-22T10:00:00Z".into(),
            duration_ms: 12,
            complete: true,
            app: AppInfo {
                name: "Checkup".into(),
                version: "0.1.0".into(),
            },
            platform: PlatformInfo {
                os: "linux".into(),
                os_version: "Debian 12".into(),
                kernel: "6.1".into(),
                arch: "x86_64".into(),
            },
            findings: vec![Finding {
                id: "system.os".into(),
                area: Area::System,
                subject: None,
                status: Status::Pass,
                message_id: "system-os-ok".into(),
                title: "Operating system".into(),
                summary: "Your computer alice-laptop runs Debian.".into(),
                explanation: String::new(),
                fixes: vec![],
                evidence: vec![
                    Evidence::sensitive("host_name", Kind::Host, "alice-laptop"),
                    Evidence::sensitive("ssid", Kind::Wifi, "Alice Home WiFi"),
                    Evidence::plain("note", "contact alice@example.org from 8.8.4.4"),
                ],
                blocked_by: None,
                duration_ms: 1,
                changes: Vec::new(),
                repairs_offered: Vec::new(),
                private: vec![],
            }],
            root_causes: vec![],
            repairs_done: Vec::new(),
        }
    }

    fn secrets() -> Secrets {
        Secrets {
            user_names: vec!["alice".into()],
            host_names: vec!["alice-laptop".into()],
            terms: vec![],
        }
    }

    #[test]
    fn redacted_archive_round_trips_and_verifies() {
        let support = SupportReport::new(
            &report(),
            "scanning /home/alice for alice-laptop",
            true,
            &secrets(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = support.write(dir.path(), false).unwrap();
        assert_eq!(path.file_name().unwrap(), "checkup-CK-7F3K-9Q2M.zip");
        let (manifest, shared) = verify_archive(&path).unwrap();
        assert!(manifest.redacted);
        assert_eq!(shared.reference, "CK-7F3K-9Q2M");
        let archive = read_archive(&path).unwrap();
        for (name, bytes) in &archive.files {
            let text = String::from_utf8_lossy(bytes).to_lowercase();
            for canary in ["alice", "8.8.4.4", "home wifi"] {
                assert!(!text.contains(canary), "{canary} in {name}: {text}");
            }
        }
        let counts = manifest.redaction.unwrap();
        assert_eq!(counts.get(&Kind::Wifi), Some(&1));
        assert_eq!(counts.get(&Kind::Email), Some(&1));
        assert_eq!(counts.get(&Kind::PublicIp), Some(&1));
        assert!(
            support
                .replacements()
                .iter()
                .any(|r| r.original == "Alice Home WiFi" && r.token == "wifi-1")
        );
    }

    #[test]
    fn existing_files_are_kept_unless_forced() {
        let support = SupportReport::new(&report(), "", true, &secrets()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("r.zip");
        std::fs::write(&target, b"precious").unwrap();
        assert!(matches!(
            support.write(&target, false),
            Err(WriteError::Exists(_))
        ));
        assert_eq!(std::fs::read(&target).unwrap(), b"precious");
        support.write(&target, true).unwrap();
        assert!(verify_archive(&target).is_ok());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name() != "r.zip")
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn readers_accept_unknown_fields_and_listed_logs() {
        let support = SupportReport::new(&report(), "log", true, &secrets()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut files: Vec<(String, Vec<u8>)> =
            read_archive(&support.write(dir.path(), false).unwrap())
                .unwrap()
                .files;
        // A later version adds a field to the report and to a finding, and a log excerpt.
        let report = files.iter_mut().find(|(n, _)| n == "report.json").unwrap();
        let mut json: serde_json::Value = serde_json::from_slice(&report.1).unwrap();
        json["later_field"] = serde_json::json!({"x": 1});
        json["findings"][0]["repairs_offered"] = serde_json::json!([]);
        report.1 = serde_json::to_vec_pretty(&json).unwrap();
        files.push((
            "logs/disk.log".into(),
            b"09:14 kernel: EXT4-fs error\n".to_vec(),
        ));
        let manifest = files
            .iter()
            .position(|(n, _)| n == "manifest.json")
            .unwrap();
        let mut listed: serde_json::Value = serde_json::from_slice(&files[manifest].1).unwrap();
        listed["later_field"] = serde_json::json!(true);
        let entries: Vec<serde_json::Value> = files
            .iter()
            .filter(|(n, _)| n != "manifest.json")
            .map(|(n, b)| serde_json::json!({"path": n, "size": b.len(), "sha256": sha256_hex(b)}))
            .collect();
        listed["files"] = serde_json::Value::Array(entries);
        files[manifest].1 = serde_json::to_vec_pretty(&listed).unwrap();
        let path = dir.path().join("later.zip");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        for (n, b) in &files {
            zip.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(b).unwrap();
        }
        zip.finish().unwrap();
        let (_, read) = verify_archive(&path).unwrap();
        assert_eq!(read.reference, "CK-7F3K-9Q2M");
        // An unlisted log is still refused, and so is a path that climbs out.
        assert!(!extra_log("logs/../x"));
        assert!(!extra_log("logs/a/b"));
        assert!(extra_log("logs/disk.log"));
    }

    #[test]
    fn tampering_is_caught() {
        let support = SupportReport::new(&report(), "log", true, &secrets()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut files: Vec<(String, Vec<u8>)> =
            read_archive(&support.write(dir.path(), false).unwrap())
                .unwrap()
                .files;
        let rewrite = |files: &[(String, Vec<u8>)], name: &str| {
            let path = dir.path().join(name);
            let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
            for (n, b) in files {
                zip.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
                    .unwrap();
                zip.write_all(b).unwrap();
            }
            zip.finish().unwrap();
            path
        };
        let summary = files.iter_mut().find(|(n, _)| n == "summary.txt").unwrap();
        summary.1.extend_from_slice(b"tampered");
        let problem = verify_archive(&rewrite(&files, "a.zip")).unwrap_err();
        assert!(problem.to_string().contains("summary.txt"), "{problem}");
    }
}
