//! Building the `checkup.report.v1` document from a run, once: root causes, reference code,
//! platform facts.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::model::{
    AppInfo, EvidenceValue, Finding, PlatformInfo, REPORT_SCHEMA, Report, RootCause,
};
use crate::registry::Plan;
use crate::runner::RunResult;

/// The characters of a reference code: no 0/O, 1/I/L, which are misread over the phone.
pub const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Builds the report of a finished (or interrupted) run.
pub fn build(plan: &Plan, run: RunResult) -> Report {
    let root_causes = root_causes(plan, &run.findings);
    Report {
        schema: REPORT_SCHEMA.to_owned(),
        reference: reference_code(),
        generated_at: humantime::format_rfc3339_seconds(run.started_at).to_string(),
        duration_ms: u64::try_from(run.duration.as_millis()).unwrap_or(u64::MAX),
        complete: run.complete,
        app: app_info(),
        platform: platform_info(&*run.platform),
        findings: run.findings,
        root_causes,
        repairs_done: Vec::new(),
    }
}

/// This program's name and version.
pub fn app_info() -> AppInfo {
    AppInfo {
        name: "Checkup".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }
}

/// The operating system the run's facts came from.
pub fn platform_info(platform: &dyn crate::platform::Platform) -> PlatformInfo {
    let info = platform.os_info();
    let unknown = || "unknown".to_owned();
    PlatformInfo {
        os: if info.os.is_empty() {
            unknown()
        } else {
            info.os
        },
        os_version: info.long_version.unwrap_or_else(unknown),
        kernel: info.kernel.unwrap_or_else(unknown),
        arch: if info.arch.is_empty() {
            unknown()
        } else {
            info.arch
        },
    }
}

/// Checks whose failure keeps the user from reaching anything at all: the first impact class.
const REACHING_ANYTHING: &[&str] = &[
    "network.interface",
    "network.address",
    "network.gateway",
    "network.gateway_reachable",
    "network.internet",
    "network.captive_portal",
    "dns.servers",
    "dns.server_reachable",
    "dns.resolution",
];

/// Checks whose failure, on the filesystem holding the system or the home folder, keeps the
/// user from saving: the second impact class.
const SAVING: &[&str] = &["disk.space", "disk.inodes", "disk.readonly"];

/// The contract's impact class of a root cause: 0 reaching anything at all, 1 the system's or
/// the home folder's filesystem cannot save, 2 everything else. Disk findings say which
/// filesystem they are about through their `role` evidence, and only that is read.
pub fn impact_class(finding: &Finding) -> u8 {
    if REACHING_ANYTHING.contains(&finding.id.as_str()) {
        return 0;
    }
    let holds_system_or_home = finding.evidence.iter().any(|e| {
        e.key == "role"
            && matches!(&e.value, EvidenceValue::Text(role)
                if role.split(',').any(|r| r == "system" || r == "home"))
    });
    if SAVING.contains(&finding.id.as_str()) && holds_system_or_home {
        1
    } else {
        2
    }
}

/// Root causes: `fail` or `error` findings none of whose dependencies has a `fail` or `error`
/// finding, ordered by impact class (what blocks the most first), then depth (fewer
/// ancestors first), then registry rank, then subject.
pub fn root_causes(plan: &Plan, findings: &[Finding]) -> Vec<RootCause> {
    let problem = |id: &str| findings.iter().any(|f| f.id == id && f.status.is_problem());
    let mut causes: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.status.is_problem())
        .filter(|f| {
            plan.get(&f.id)
                .is_none_or(|check| !check.depends_on.iter().any(|dep| problem(dep)))
        })
        .collect();
    causes.sort_by(|a, b| {
        (
            impact_class(a),
            plan.depth(&a.id),
            plan.rank(&a.id),
            &a.subject,
        )
            .cmp(&(
                impact_class(b),
                plan.depth(&b.id),
                plan.rank(&b.id),
                &b.subject,
            ))
    });
    causes
        .into_iter()
        .map(|f| RootCause {
            id: f.id.clone(),
            subject: f.subject.clone(),
        })
        .collect()
}

/// A fresh reference code such as `CK-7F3K-9Q2M`: 40 bits of randomness, easy to read aloud.
pub fn reference_code() -> String {
    // RandomState is seeded from the OS's random source; mixing in the time makes each call differ.
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.write_u32(std::process::id());
    format_reference(hasher.finish())
}

/// Formats 40 bits of a number as a reference code.
pub fn format_reference(mut bits: u64) -> String {
    let base = REFERENCE_ALPHABET.len() as u64;
    let mut chars = Vec::with_capacity(8);
    for _ in 0..8 {
        let digit = usize::try_from(bits % base).unwrap_or(0);
        chars.push(char::from(REFERENCE_ALPHABET[digit]));
        bits /= base;
    }
    let text: String = chars.into_iter().collect();
    format!("CK-{}-{}", &text[..4], &text[4..])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reference_codes_use_only_unambiguous_characters() {
        for _ in 0..200 {
            let code = reference_code();
            assert_eq!(code.len(), 12, "{code}");
            assert!(code.starts_with("CK-"), "{code}");
            assert_eq!(&code[7..8], "-");
            for c in code[3..7].chars().chain(code[8..].chars()) {
                assert!(REFERENCE_ALPHABET.contains(&(c as u8)), "{code}");
            }
        }
    }

    #[test]
    fn reference_codes_differ() {
        let codes: std::collections::HashSet<String> = (0..100).map(|_| reference_code()).collect();
        assert_eq!(codes.len(), 100);
    }

    #[test]
    fn format_reference_is_stable() {
        assert_eq!(format_reference(0), "CK-2222-2222");
        assert_eq!(format_reference(30), "CK-Z222-2222");
    }
}
