//! `disk.readonly`: is a normally writable filesystem unexpectedly read-only? Systems often
//! switch a filesystem to read-only after disk errors; nobody else checks for it.
//!
//! The verdict comes only from the mount and filesystem options: `ro`, and ext4's
//! `emergency_ro`, which Linux 6.x sets when it protects a filesystem after an error while
//! the mount options still say `rw` (and `statvfs` does not say read-only either). A
//! read-only state the kernel forced is a failure: `emergency_ro`, or `ro` with an error
//! recorded since the system started. The filesystem's own error record is evidence only:
//! it lasts until the next repair, so an old error on a writable disk is never flagged.

use std::time::Duration;

use super::{place, private_path};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::platform::{FsErrors, Mount};

const WRITABLE: MessageSpec = message(Status::Pass, "disk-readonly-ok").with_args(&["place"]);
const BY_DESIGN: MessageSpec =
    message(Status::Pass, "disk-readonly-by-design").with_args(&["place"]);
const UNEXPECTED: MessageSpec =
    message(Status::Warn, "disk-readonly-unexpected").with_args(&["place"]);
const FORCED: MessageSpec = message(Status::Fail, "disk-readonly-forced").with_args(&["place"]);
const UNLISTED: MessageSpec = message(Status::Error, "disk-readonly-unlisted");
const NONE: MessageSpec = message(Status::NotApplicable, "disk-readonly-none");

/// Filesystem types that are normally mounted writable.
const NORMALLY_WRITABLE: &[&str] = &[
    "ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "ntfs", "ntfs3", "fuseblk", "NTFS", "ReFS",
    "apfs", "jfs", "zfs",
];

pub static CHECK: CheckDef = CheckDef {
    id: "disk.readonly",
    area: Area::Disk,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[WRITABLE, BY_DESIGN, UNEXPECTED, FORCED, UNLISTED, NONE],
    run,
};

/// Log lines that can explain it: the kernel's filesystem errors and read-only remounts for
/// that device, since the system started.
pub const LOGS: &[crate::logs::Excerpt] = &[crate::logs::Excerpt {
    source: crate::platform::LogSource::Kernel,
    units: &[],
    patterns: &[
        "ext4-fs error",
        "ext4-fs warning",
        "ext3-fs error",
        "btrfs error",
        "btrfs critical",
        "corruption",
        "shutting down filesystem",
        "i/o error",
        "read-only",
        "aborting journal",
        // NTFS, in Windows' System event log (it names the volume by its drive letter).
        "needs to be taken offline",
        "failed to flush data",
    ],
    about: crate::logs::About::Device,
    window: crate::logs::Window::SinceBoot,
}];

/// What is known about one filesystem's read-only state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub mount: Mount,
    pub place: String,
    /// What the configuration (fstab) asks for: `Some(true)` read-only.
    pub configured_read_only: Option<bool>,
    /// Read-only by design (an ostree system volume).
    pub sealed: bool,
    /// The system runs from it.
    pub is_system: bool,
    /// The user's home folder is on this filesystem.
    pub holds_home: bool,
    /// The user's home folder.
    pub home: Option<String>,
    /// The filesystem's own error record.
    pub errors: Option<FsErrors>,
    /// When the system started (Unix seconds).
    pub booted_at: Option<u64>,
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        match context.facts().disks().await {
            Ok(disks) if disks.filesystems.is_empty() => vec![Outcome::of(&NONE)],
            Ok(disks) => disks
                .filesystems
                .iter()
                .map(|disk| {
                    let fs = &disk.filesystem;
                    evaluate(&Facts {
                        place: place(fs.role, &fs.mount.mount_point),
                        configured_read_only: disk.configured_read_only,
                        sealed: disk.sealed,
                        is_system: fs.is_system,
                        holds_home: fs.holds_home,
                        home: disks.home.clone(),
                        mount: fs.mount.clone(),
                        errors: disk.errors.clone(),
                        booted_at: disk.booted_at,
                    })
                })
                .collect(),
            Err(error) => {
                vec![super::unlisted(&error, &NONE, &UNLISTED)]
            }
        }
    })
}

/// True when the filesystem recorded an error since the system started.
fn error_since_boot(facts: &Facts) -> bool {
    match (&facts.errors, facts.booted_at) {
        (Some(errors), Some(booted_at)) => {
            errors.count > 0 && errors.last_time.is_some_and(|t| t >= booted_at)
        }
        _ => false,
    }
}

pub fn evaluate(facts: &Facts) -> Outcome {
    let point = facts.mount.mount_point.as_str();
    let by_design = facts.sealed
        || facts.configured_read_only == Some(true)
        || !NORMALLY_WRITABLE.contains(&facts.mount.fs_type.as_str());
    let spec = if !facts.mount.read_only() {
        &WRITABLE
    } else if facts.mount.forced_read_only() || !by_design && error_since_boot(facts) {
        &FORCED
    } else if by_design {
        &BY_DESIGN
    } else {
        &UNEXPECTED
    };
    let mut outcome = Outcome::of(spec)
        .typed_subject(private_path(point, facts.home.as_deref()), point)
        .typed_arg(
            "place",
            private_path(point, facts.home.as_deref()),
            facts.place.as_str(),
        )
        .evidence(Evidence::typed(
            "mount_point",
            private_path(point, facts.home.as_deref()),
            point,
        ))
        .evidence(Evidence::plain("fs_type", facts.mount.fs_type.as_str()))
        .evidence(Evidence::plain("device", facts.mount.source.as_str()))
        .evidence(Evidence::plain("options", facts.mount.options.join(",")))
        .evidence(Evidence::plain("read_only", facts.mount.read_only()))
        .evidence(Evidence::plain(
            "role",
            match (facts.is_system, facts.holds_home) {
                (true, true) => "system,home",
                (true, false) => "system",
                (false, true) => "home",
                (false, false) => "other",
            },
        ));
    if let Some(configured) = facts.configured_read_only {
        outcome = outcome.evidence(Evidence::plain("configured_read_only", configured));
    }
    if facts.sealed {
        outcome = outcome.evidence(Evidence::plain("sealed_system_volume", true));
    }
    if facts.mount.forced_read_only() {
        outcome = outcome.evidence(Evidence::plain("emergency_read_only", true));
    }
    if let Some(errors) = &facts.errors {
        outcome.evidence.extend(error_record(errors));
    }
    outcome
}

/// The filesystem's error record as evidence: count, first and last error with the kernel
/// function that recorded it.
pub fn error_record(errors: &FsErrors) -> Vec<Evidence> {
    let when = |time: Option<u64>| {
        time.map_or("unknown time".to_owned(), |t| {
            humantime::format_rfc3339_seconds(
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(t),
            )
            .to_string()
        })
    };
    let mut evidence = vec![
        Evidence::plain("fs_errors_source", errors.source.as_str()),
        Evidence::plain("fs_errors_count", errors.count),
    ];
    if let Some(detail) = &errors.detail {
        evidence.push(Evidence::plain("fs_errors_detail", detail.as_str()));
    }
    // A record that keeps no times (btrfs) has counts only.
    if errors.first_time.is_none() && errors.last_time.is_none() && errors.first_function.is_none()
    {
        return evidence;
    }
    if errors.count > 0 {
        evidence.push(Evidence::plain(
            "fs_first_error",
            format!(
                "{} in {}",
                when(errors.first_time),
                errors
                    .first_function
                    .as_deref()
                    .unwrap_or("unknown function")
            ),
        ));
        let mut last = format!(
            "{} in {}",
            when(errors.last_time),
            errors
                .last_function
                .as_deref()
                .unwrap_or("unknown function")
        );
        if let Some(inode) = errors.last_inode.filter(|i| *i > 0) {
            last.push_str(&format!(", inode {inode}"));
        }
        if let Some(block) = errors.last_block.filter(|b| *b > 0) {
            last.push_str(&format!(", block {block}"));
        }
        evidence.push(Evidence::plain("fs_last_error", last));
    }
    evidence
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(fs_type: &str, options: &[&str], configured: Option<bool>, sealed: bool) -> Facts {
        Facts {
            mount: Mount {
                mount_point: "/data".into(),
                fs_type: fs_type.into(),
                source: "/dev/sdb1".into(),
                options: options.iter().map(|o| (*o).to_owned()).collect(),
                block_device: true,
                removable: false,
            },
            place: "the disk at /data".into(),
            configured_read_only: configured,
            sealed,
            is_system: false,
            holds_home: false,
            home: None,
            errors: None,
            booted_at: None,
        }
    }

    fn record(count: u64, last: u64) -> FsErrors {
        FsErrors {
            source: "ext4 /sys/fs/ext4/sdb1".into(),
            count,
            first_time: Some(last),
            last_time: Some(last),
            first_function: Some("ext4_lookup".into()),
            last_function: Some("ext4_lookup".into()),
            last_inode: Some(12),
            last_block: None,
            detail: None,
        }
    }

    #[test]
    fn a_disk_the_kernel_protected_after_an_error_fails() {
        // Linux 6.x: the mount says rw, the filesystem says emergency_ro.
        let mut emergency = facts(
            "ext4",
            &["rw", "relatime", "errors=remount-ro", "emergency_ro"],
            None,
            false,
        );
        emergency.errors = Some(record(1, 2_000));
        emergency.booted_at = Some(1_000);
        let outcome = evaluate(&emergency);
        assert_eq!(
            (outcome.status, outcome.message),
            (Status::Fail, "disk-readonly-forced")
        );
        let text = format!("{:?}", outcome.evidence);
        assert!(
            text.contains("fs_errors_count") && text.contains("ext4_lookup, inode 12"),
            "{text}"
        );
        // Read-only with an error recorded since the system started: forced too.
        let mut remounted = facts("ext4", &["ro", "relatime"], None, false);
        remounted.errors = Some(record(3, 2_000));
        remounted.booted_at = Some(1_000);
        assert_eq!(evaluate(&remounted).message, "disk-readonly-forced");
        // An error from before this boot does not explain today's read-only state.
        remounted.booted_at = Some(3_000);
        assert_eq!(evaluate(&remounted).message, "disk-readonly-unexpected");
        // A read-only disk without any error stays a warning.
        remounted.errors = Some(record(0, 0));
        assert_eq!(evaluate(&remounted).status, Status::Warn);
    }

    #[test]
    fn an_old_error_on_a_writable_disk_is_never_flagged() {
        let mut writable = facts("ext4", &["rw"], None, false);
        writable.errors = Some(record(5, 2_000));
        writable.booted_at = Some(1_000);
        assert_eq!(evaluate(&writable).status, Status::Pass);
    }

    #[test]
    fn writable_passes() {
        assert_eq!(
            evaluate(&facts("ext4", &["rw", "relatime"], None, false)).message,
            "disk-readonly-ok"
        );
    }

    #[test]
    fn unexpected_read_only_warns() {
        assert_eq!(
            evaluate(&facts("ext4", &["ro", "relatime"], None, false)).status,
            Status::Warn
        );
        assert_eq!(
            evaluate(&facts("xfs", &["ro"], Some(false), false)).status,
            Status::Warn
        );
    }

    #[test]
    fn read_only_by_configuration_or_design_passes() {
        assert_eq!(
            evaluate(&facts("ext4", &["ro"], Some(true), false)).message,
            "disk-readonly-by-design"
        );
        assert_eq!(
            evaluate(&facts("btrfs", &["ro"], None, true)).message,
            "disk-readonly-by-design"
        );
        assert_eq!(
            evaluate(&facts("vfat", &["ro"], None, false)).message,
            "disk-readonly-by-design"
        );
    }
}
