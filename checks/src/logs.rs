//! The system's own logs as evidence: the few lines that explain a finding, attached to it.
//!
//! A check declares which lines can explain it ([`Excerpt`]: the log, the services, the
//! words, what the line must be about, how far back). After every check has finished, the
//! runner reads each log the unsuccessful findings need, once, within [`READ_LIMIT`], and
//! attaches the matching lines as `log_line` evidence ("time origin: line"), at most
//! [`MAX_LINES`] and [`MAX_BYTES`] per finding. A healthy run reads no log at all. A log
//! this user may not read is one `log_unreadable` line, and nothing else changes.
//!
//! Log lines carry values nothing else has learned; the report's redaction scrubs every
//! line (addresses, host names, user names), like all free text.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use crate::facts::Facts;
use crate::model::{Evidence, EvidenceValue, Finding, Status};
use crate::platform::{LogLine, LogQuery, LogSource, Platform};

/// At most this many lines per finding, the newest kept.
pub const MAX_LINES: usize = 20;
/// At most this many bytes of lines per finding.
pub const MAX_BYTES: usize = 4096;
/// Each log is read within this time, all of them at once.
pub const READ_LIMIT: Duration = Duration::from_millis(800);

/// How far back a line may explain a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    SinceBoot,
    Hours(u64),
}

/// What a line must be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// Any line of the log that matches.
    Anything,
    /// The finding's subject (an interface, a queue).
    Subject,
    /// The finding's device, by its kernel name (`loop0` for `/dev/loop0`) or its drive
    /// letter (`C:`, as Windows' events name volumes): the `device` evidence, else the subject;
    /// and the disk under it by number (`disk_number` evidence), as Windows' disk events name
    /// it (`\Device\Harddisk0`, "Disk 0").
    Device,
    /// The finding's queue, or one of its jobs (`[Job 12]`, from `job_ids` evidence).
    QueueAndJobs,
}

/// Which lines of which log can explain a check's finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Excerpt {
    pub source: LogSource,
    /// Journal only: the services (`NetworkManager.service`) or program names; none is all.
    pub units: &'static [&'static str],
    /// A line must hold one of these (case does not matter); none is any line.
    pub patterns: &'static [&'static str],
    pub about: About,
    pub window: Window,
}

/// Every check's excerpts, declared beside the check.
pub const EXCERPTS: &[(&str, &[Excerpt])] = &[
    ("network.interface", crate::areas::network::interface::LOGS),
    ("network.address", crate::areas::network::address::LOGS),
    ("network.wifi", crate::areas::network::wifi::LOGS),
    ("dns.servers", crate::areas::dns::LOGS),
    ("dns.server_reachable", crate::areas::dns::LOGS),
    ("dns.resolution", crate::areas::dns::LOGS),
    ("dns.latency", crate::areas::dns::LOGS),
    ("printer.state", crate::areas::printer::LOGS),
    ("printer.queue", crate::areas::printer::LOGS),
    ("disk.readonly", crate::areas::disk::readonly::LOGS),
    ("disk.health", crate::areas::disk::health::LOGS),
    ("system.memory", crate::areas::system::memory::LOGS),
];

fn excerpts_of(id: &str) -> &'static [Excerpt] {
    EXCERPTS
        .iter()
        .find(|(check, _)| *check == id)
        .map_or(&[], |(_, excerpts)| excerpts)
}

/// Whether a finding gets excerpts: it did not pass, and was not skipped.
fn wants_logs(finding: &Finding) -> bool {
    matches!(finding.status, Status::Fail | Status::Warn | Status::Error)
        && !excerpts_of(&finding.id).is_empty()
}

/// What one read of one log gave.
pub type Read = Result<Vec<LogLine>, String>;

/// Reads the logs the findings need, once each, and attaches their lines.
pub async fn attach(findings: &mut [Finding], facts: &Facts, platform: &Arc<dyn Platform>) {
    if !findings.iter().any(wants_logs) {
        return;
    }
    let platform = Arc::clone(platform);
    let clock = Arc::clone(&platform);
    let Ok((now, booted_at)) = crate::detached::run(READ_LIMIT, move || {
        let now = clock
            .now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        (now, clock.booted_at())
    })
    .await
    else {
        return;
    };
    // Per log, one query: the earliest time, every service, every word and every subject
    // any finding asks for (none at all when one excerpt takes any line).
    let mut queries: BTreeMap<LogSource, (LogQuery, bool, bool)> = BTreeMap::new();
    for finding in findings.iter().filter(|f| wants_logs(f)) {
        for excerpt in excerpts_of(&finding.id) {
            let since = since(excerpt.window, now, booted_at);
            let (query, any_word, anything) = queries.entry(excerpt.source).or_insert((
                LogQuery {
                    source: excerpt.source,
                    since,
                    units: Vec::new(),
                    words: Vec::new(),
                    about: Vec::new(),
                },
                false,
                false,
            ));
            query.since = query.since.min(since);
            query
                .units
                .extend(excerpt.units.iter().map(|u| (*u).to_owned()));
            *any_word |= excerpt.patterns.is_empty();
            query
                .words
                .extend(excerpt.patterns.iter().map(|p| p.to_lowercase()));
            match about(finding, excerpt.about) {
                None => *anything = true,
                Some(words) => query.about.extend(words),
            }
        }
    }
    let reads = queries
        .into_values()
        .map(|(mut query, any_word, anything)| {
            let platform = Arc::clone(&platform);
            for list in [&mut query.units, &mut query.words, &mut query.about] {
                list.sort();
                list.dedup();
            }
            if any_word {
                query.words.clear();
            }
            if anything {
                query.about.clear();
            }
            async move {
                let source = query.source;
                let name = platform.log_name(source);
                let read: Read = match source {
                    LogSource::Print => facts.print_log(query.since, READ_LIMIT).await,
                    _ => crate::detached::run(READ_LIMIT + Duration::from_millis(200), move || {
                        platform.log_lines(&query, READ_LIMIT)
                    })
                    .await
                    .unwrap_or_else(|timeout| Err(format!("the {name} {timeout}"))),
                };
                (source, read)
            }
        });
    let read: BTreeMap<LogSource, Read> = futures_util::future::join_all(reads)
        .await
        .into_iter()
        .collect();
    for finding in findings.iter_mut().filter(|f| wants_logs(f)) {
        let evidence = excerpt_evidence(finding, &read, now, booted_at);
        finding.evidence.extend(evidence);
    }
}

fn since(window: Window, now: u64, booted_at: Option<u64>) -> u64 {
    match window {
        // Without a boot time, the last day.
        Window::SinceBoot => booted_at.unwrap_or(now.saturating_sub(24 * 3600)),
        Window::Hours(hours) => now.saturating_sub(hours * 3600),
    }
}

/// The words a line must hold to be about this finding, lower case; None for any line.
fn about(finding: &Finding, about: About) -> Option<Vec<String>> {
    let text = |value: &EvidenceValue| match value {
        EvidenceValue::Text(text) => vec![text.clone()],
        EvidenceValue::List(items) => items.clone(),
        other => vec![other.to_string()],
    };
    let values = |key: &str| -> Vec<String> {
        finding
            .evidence
            .iter()
            .filter(|e| e.key == key)
            .flat_map(|e| text(&e.value))
            .collect()
    };
    let words: Vec<String> = match about {
        About::Anything => return None,
        About::Subject => finding.subject.iter().cloned().collect(),
        About::Device => values("device")
            .into_iter()
            .chain(finding.subject.clone())
            .filter_map(|d| device_word(&d))
            .take(1)
            .chain(
                values("disk_number")
                    .into_iter()
                    .flat_map(|n| [format!("harddisk{n}"), format!("disk {n}")]),
            )
            .collect(),
        About::QueueAndJobs => finding
            .subject
            .iter()
            .cloned()
            .chain(
                values("job_ids")
                    .into_iter()
                    .map(|id| format!("[Job {id}]")),
            )
            .collect(),
    };
    Some(
        words
            .into_iter()
            .filter(|w| !w.trim().is_empty())
            .map(|w| w.to_lowercase())
            .collect(),
    )
}

/// How log lines name a device: `/dev/loop0` as `loop0`, a drive letter (`C:`) as itself.
fn device_word(device: &str) -> Option<String> {
    let letter = device.len() == 2
        && device.ends_with(':')
        && device.starts_with(|c: char| c.is_ascii_alphabetic());
    if letter {
        Some(device.to_owned())
    } else {
        device
            .strip_prefix("/dev/")
            .and_then(|rest| rest.rsplit('/').next())
            .map(str::to_owned)
    }
}

/// Whether `word` stands alone in `line`, or names a partition of that disk: `sda` is in
/// "dev sda," and "dev sda2" but not in "sdab"; `nvme0n1` is in "nvme0n1p2" but not in
/// "nvme0n12"; `loop0` is not in "loop01".
fn mentions(line: &str, word: &str) -> bool {
    let edge = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
    line.match_indices(word).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let rest = &line[at + word.len()..];
        // A partition: digits after a name ending in a letter, `p` and digits otherwise.
        let partition = if word.ends_with(|c: char| c.is_ascii_digit()) {
            rest.strip_prefix('p')
                .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        } else {
            Some(rest).filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        };
        let after = match partition {
            Some(digits) => digits.trim_start_matches(|c: char| c.is_ascii_digit()),
            None => rest,
        };
        edge(before) && edge(after.chars().next())
    })
}

/// The evidence one finding gets from what was read.
pub fn excerpt_evidence(
    finding: &Finding,
    read: &BTreeMap<LogSource, Read>,
    now: u64,
    booted_at: Option<u64>,
) -> Vec<Evidence> {
    let mut evidence = Vec::new();
    let mut lines: Vec<&LogLine> = Vec::new();
    for excerpt in excerpts_of(&finding.id) {
        let Some(result) = read.get(&excerpt.source) else {
            continue;
        };
        let found = match result {
            Ok(found) => found,
            Err(why) => {
                let line = Evidence::plain("log_unreadable", why.as_str());
                if !evidence.contains(&line) {
                    evidence.push(line);
                }
                continue;
            }
        };
        let since = since(excerpt.window, now, booted_at);
        let words = about(finding, excerpt.about);
        if words.as_ref().is_some_and(Vec::is_empty) {
            continue;
        }
        for line in found {
            let lower = line.text.to_lowercase();
            let origin = line.origin.to_lowercase();
            let in_time = line.time.is_none_or(|t| t >= since);
            let from_unit = excerpt.source != LogSource::Journal
                || excerpt.units.is_empty()
                || excerpt
                    .units
                    .iter()
                    .any(|u| origin == u.to_lowercase() || origin.starts_with(&u.to_lowercase()));
            let said = excerpt.patterns.is_empty()
                || excerpt
                    .patterns
                    .iter()
                    .any(|p| lower.contains(&p.to_lowercase()));
            let about_it = words
                .as_ref()
                .is_none_or(|words| words.iter().any(|w| mentions(&lower, w)));
            if in_time && from_unit && said && about_it && !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    lines.sort_by_key(|line| line.time);
    // The newest lines, within both caps.
    let mut kept: Vec<String> = Vec::new();
    let mut bytes = 0;
    for line in lines.iter().rev() {
        let text = format!("{} {}: {}", when(line.time), line.origin, line.text);
        if kept.len() == MAX_LINES || bytes + text.len() > MAX_BYTES {
            break;
        }
        bytes += text.len();
        kept.push(text);
    }
    kept.reverse();
    evidence.extend(
        kept.into_iter()
            .map(|line| Evidence::plain("log_line", line)),
    );
    evidence
}

fn when(time: Option<u64>) -> String {
    time.map_or("(time unknown)".to_owned(), |t| {
        humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(t)).to_string()
    })
}

/// The log excerpts of a report, per area, for the archive's `logs/<area>.log`.
pub fn excerpts_by_area(findings: &[Finding]) -> BTreeMap<&'static str, String> {
    let mut files: BTreeMap<&'static str, String> = BTreeMap::new();
    for finding in findings {
        let lines: Vec<String> = finding
            .evidence
            .iter()
            .filter(|e| e.key == "log_line" || e.key == "log_unreadable")
            .map(|e| match &e.value {
                EvidenceValue::Text(text) if e.key == "log_unreadable" => {
                    format!("(not read: {text})")
                }
                other => other.to_string(),
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        let file = files.entry(finding.area.log_file()).or_default();
        file.push_str(&format!(
            "## {}{}\n",
            finding.id,
            finding
                .subject
                .as_ref()
                .map_or(String::new(), |s| format!(" [{s}]"))
        ));
        for line in lines {
            file.push_str(&line);
            file.push('\n');
        }
        file.push('\n');
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Area;

    fn finding(
        id: &str,
        status: Status,
        subject: Option<&str>,
        evidence: Vec<Evidence>,
    ) -> Finding {
        Finding {
            id: id.to_owned(),
            area: Area::Disk,
            subject: subject.map(str::to_owned),
            status,
            message_id: String::new(),
            title: String::new(),
            summary: String::new(),
            explanation: String::new(),
            fixes: Vec::new(),
            evidence,
            blocked_by: None,
            duration_ms: 0,
            changes: Vec::new(),
            repairs_offered: Vec::new(),
            private: Vec::new(),
        }
    }

    fn kernel(time: u64, text: &str) -> LogLine {
        LogLine {
            time: Some(time),
            origin: "kernel".to_owned(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_finding_gets_only_the_lines_about_its_device_since_boot() {
        let readonly = finding(
            "disk.readonly",
            Status::Fail,
            Some("/mnt/data"),
            vec![Evidence::plain("device", "/dev/loop0")],
        );
        let lines = vec![
            kernel(900, "EXT4-fs error (device loop0): before this boot"),
            kernel(
                1_100,
                "EXT4-fs error (device loop0): ext4_lookup:1805: inode #2",
            ),
            kernel(1_101, "EXT4-fs error (device loop01): another disk"),
            kernel(1_102, "EXT4-fs (loop0): Remounting filesystem read-only"),
            kernel(1_103, "usb 1-1: new device"),
        ];
        let read = BTreeMap::from([(LogSource::Kernel, Ok(lines))]);
        let evidence = excerpt_evidence(&readonly, &read, 2_000, Some(1_000));
        let texts: Vec<String> = evidence.iter().map(|e| e.value.to_string()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(
            texts[0].ends_with("kernel: EXT4-fs error (device loop0): ext4_lookup:1805: inode #2")
        );
        assert!(texts[1].contains("Remounting filesystem read-only"));
        assert!(evidence.iter().all(|e| e.key == "log_line"));
    }

    fn event(time: u64, provider: &str, text: &str) -> LogLine {
        LogLine {
            time: Some(time),
            origin: provider.to_owned(),
            text: text.to_owned(),
        }
    }

    /// Windows' System event log, as the Windows platform reads it for the kernel log and
    /// the journal alike: each finding gets its own providers' and volume's events.
    #[test]
    fn windows_events_explain_the_same_findings() {
        let system = vec![
            event(
                1_100,
                "Microsoft-Windows-Ntfs",
                "Volume C: (\\Device\\HarddiskVolume3) needs to be taken offline to perform a Full Chkdsk.",
            ),
            event(
                1_101,
                "Microsoft-Windows-Ntfs",
                "Volume D: (\\Device\\HarddiskVolume5) needs to be taken offline to perform a Full Chkdsk.",
            ),
            event(
                1_102,
                "Microsoft-Windows-DNS-Client",
                "Name resolution for the name example.invalid timed out after none of the configured DNS servers responded.",
            ),
            event(
                1_103,
                "Microsoft-Windows-Dhcp-Client",
                "Your computer was not assigned an address from the network (by the DHCP Server) for the Network Card with network address 0x00155D010203.",
            ),
            event(
                1_104,
                "Tcpip",
                "The system detected an address conflict for IP address 192.0.2.7 with the system having network hardware address 00-15-5D-01-02-04.",
            ),
            event(
                1_105,
                "Microsoft-Windows-Resource-Exhaustion-Detector",
                "Windows successfully diagnosed a low virtual memory condition.",
            ),
            event(
                1_106,
                "Service Control Manager",
                "The Print Spooler service terminated unexpectedly; it timed out.",
            ),
        ];
        let read = BTreeMap::from([
            (LogSource::Kernel, Ok(system.clone())),
            (LogSource::Journal, Ok(system)),
        ]);
        let lines = |finding: &Finding| -> Vec<String> {
            excerpt_evidence(finding, &read, 2_000, Some(1_000))
                .iter()
                .map(|e| e.value.to_string())
                .collect()
        };
        let readonly = finding(
            "disk.readonly",
            Status::Fail,
            Some("C:\\"),
            vec![Evidence::plain("device", "C:")],
        );
        let found = lines(&readonly);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("Microsoft-Windows-Ntfs: Volume C:"),
            "{found:?}"
        );
        let dns = lines(&finding("dns.resolution", Status::Fail, None, vec![]));
        assert_eq!(dns.len(), 1, "{dns:?}");
        assert!(dns[0].contains("DNS-Client: Name resolution"), "{dns:?}");
        let address = lines(&finding(
            "network.address",
            Status::Fail,
            Some("Ethernet"),
            vec![],
        ));
        assert_eq!(address.len(), 2, "{address:?}");
        assert!(address[0].contains("Dhcp-Client") && address[1].contains("address conflict"));
        let memory = lines(&finding("system.memory", Status::Warn, None, vec![]));
        assert_eq!(memory.len(), 1, "{memory:?}");
        assert!(memory[0].contains("low virtual memory"));
    }

    /// Windows' disk driver names the disk by number, not by drive letter: a failing disk's
    /// finding gets its own disk's events, not another's.
    #[test]
    fn windows_disk_events_are_found_by_the_disks_number() {
        let system = vec![
            event(
                1_100,
                "disk",
                "The device, \\Device\\Harddisk0\\DR0, has a bad block.",
            ),
            event(
                1_101,
                "disk",
                "The IO operation at logical block address 0x1a2b for Disk 0 (PDO name: \\Device\\00000034) was retried.",
            ),
            event(
                1_102,
                "disk",
                "The device, \\Device\\Harddisk10\\DR10, has a bad block.",
            ),
            event(
                1_103,
                "disk",
                "The IO operation at logical block address 0x1 for Disk 1 (PDO name: \\Device\\00000035) was retried.",
            ),
        ];
        let read = BTreeMap::from([(LogSource::Kernel, Ok(system))]);
        let health = finding(
            "disk.health",
            Status::Fail,
            Some("C:"),
            vec![Evidence::plain("disk_number", 0u64)],
        );
        let found: Vec<String> = excerpt_evidence(&health, &read, 2_000, Some(1_000))
            .iter()
            .map(|e| e.value.to_string())
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("Harddisk0\\DR0, has a bad block"),
            "{found:?}"
        );
        assert!(found[1].contains("Disk 0 (PDO"), "{found:?}");
    }

    #[test]
    fn lines_are_capped_by_count_and_bytes_keeping_the_newest() {
        let memory = finding("system.memory", Status::Warn, None, vec![]);
        let flood: Vec<LogLine> = (0..10_000)
            .map(|n| {
                kernel(
                    1_000 + n,
                    &format!("Out of memory: Killed process {n} ({})", "x".repeat(300)),
                )
            })
            .collect();
        let read = BTreeMap::from([(LogSource::Kernel, Ok(flood))]);
        let evidence = excerpt_evidence(&memory, &read, 20_000, Some(1));
        assert!(!evidence.is_empty() && evidence.len() <= MAX_LINES);
        let bytes: usize = evidence.iter().map(|e| e.value.to_string().len()).sum();
        assert!(bytes <= MAX_BYTES, "{bytes}");
        assert!(
            evidence
                .last()
                .is_some_and(|e| e.value.to_string().contains("process 9999"))
        );
    }

    #[test]
    fn an_unreadable_log_is_one_line_and_a_passing_finding_reads_nothing() {
        let readonly = finding(
            "disk.readonly",
            Status::Fail,
            Some("/mnt/data"),
            vec![Evidence::plain("device", "/dev/loop0")],
        );
        let read = BTreeMap::from([(
            LogSource::Kernel,
            Err("the kernel log is readable only by administrators here".to_owned()),
        )]);
        let evidence = excerpt_evidence(&readonly, &read, 2_000, Some(1_000));
        assert_eq!(
            evidence,
            [Evidence::plain(
                "log_unreadable",
                "the kernel log is readable only by administrators here"
            )]
        );
        assert!(!wants_logs(&finding(
            "disk.readonly",
            Status::Pass,
            None,
            vec![]
        )));
        assert!(!wants_logs(&finding(
            "disk.readonly",
            Status::Skipped,
            None,
            vec![]
        )));
        assert!(!wants_logs(&finding(
            "system.os",
            Status::Fail,
            None,
            vec![]
        )));
    }

    #[test]
    fn journal_lines_come_only_from_the_declared_services() {
        let address = finding("network.address", Status::Fail, None, vec![]);
        let line = |origin: &str, text: &str| LogLine {
            time: Some(1_500),
            origin: origin.to_owned(),
            text: text.to_owned(),
        };
        let read = BTreeMap::from([(
            LogSource::Journal,
            Ok(vec![
                line("NetworkManager.service", "dhcp4 (eth0): request timed out"),
                line("sshd.service", "dhcp in a user name"),
                line("dhclient", "DHCPDISCOVER on eth0 to 255.255.255.255"),
            ]),
        )]);
        let evidence = excerpt_evidence(&address, &read, 2_000, Some(1_000));
        let texts: Vec<String> = evidence.iter().map(|e| e.value.to_string()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts.iter().all(|t| !t.contains("sshd")));
    }

    #[test]
    fn print_lines_are_about_the_queue_or_its_jobs() {
        let queue = finding(
            "printer.queue",
            Status::Fail,
            Some("Office"),
            vec![Evidence::plain("job_ids", vec!["12".to_owned()])],
        );
        let line = |text: &str| LogLine {
            time: Some(1_500),
            origin: "cupsd".to_owned(),
            text: text.to_owned(),
        };
        let read = BTreeMap::from([(
            LogSource::Print,
            Ok(vec![
                line("[Job 12] The printer is not responding."),
                line("[Job 120] Another job."),
                line("Printer \"Office\" is now offline."),
                line("Printer \"Upstairs\" is now offline."),
            ]),
        )]);
        let evidence = excerpt_evidence(&queue, &read, 2_000, Some(1_000));
        let texts: Vec<String> = evidence.iter().map(|e| e.value.to_string()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
    }

    #[test]
    fn a_query_keeps_lines_with_a_word_about_a_subject() {
        let query = LogQuery {
            source: LogSource::Kernel,
            since: 100,
            units: vec![],
            words: vec!["ext4-fs".into()],
            about: vec!["loop0".into()],
        };
        assert!(query.wants(&kernel(100, "EXT4-fs error (device loop0): x")));
        assert!(!query.wants(&kernel(99, "EXT4-fs error (device loop0): x")));
        assert!(!query.wants(&kernel(100, "EXT4-fs error (device sda2): x")));
        assert!(!query.wants(&kernel(100, "loop0: detected capacity change")));
        let any = LogQuery {
            words: vec![],
            about: vec![],
            ..query
        };
        assert!(any.wants(&kernel(100, "anything at all")));
    }

    #[test]
    fn every_declared_check_exists() {
        for (id, excerpts) in EXCERPTS {
            assert!(
                crate::registry::REGISTRY.iter().any(|c| c.id == *id),
                "{id}"
            );
            assert!(!excerpts.is_empty(), "{id}");
        }
    }

    #[test]
    fn excerpts_are_grouped_per_area_for_the_archive() {
        let mut readonly = finding("disk.readonly", Status::Fail, Some("/mnt/data"), vec![]);
        readonly.evidence.push(Evidence::plain(
            "log_line",
            "2026-12-01T10:00:00Z kernel: EXT4-fs error",
        ));
        let files = excerpts_by_area(&[readonly]);
        assert_eq!(
            files.get("logs/disk.log").map(String::as_str),
            Some("## disk.readonly [/mnt/data]\n2026-12-01T10:00:00Z kernel: EXT4-fs error\n\n")
        );
    }
}
