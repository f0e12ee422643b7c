//! `disk.readonly`: is a normally writable filesystem unexpectedly read-only? Systems often
//! switch a filesystem to read-only after disk errors; nobody else checks for it.

use std::time::Duration;

use super::{place, private_path};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::platform::Mount;

const WRITABLE: MessageSpec = message(Status::Pass, "disk-readonly-ok").with_args(&["place"]);
const BY_DESIGN: MessageSpec =
    message(Status::Pass, "disk-readonly-by-design").with_args(&["place"]);
const UNEXPECTED: MessageSpec =
    message(Status::Warn, "disk-readonly-unexpected").with_args(&["place"]);
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
    messages: &[WRITABLE, BY_DESIGN, UNEXPECTED, UNLISTED, NONE],
    run,
};

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
                    })
                })
                .collect(),
            Err(error) => {
                vec![super::unlisted(&error, &NONE, &UNLISTED)]
            }
        }
    })
}

pub fn evaluate(facts: &Facts) -> Outcome {
    let point = facts.mount.mount_point.as_str();
    let spec = if !facts.mount.read_only() {
        &WRITABLE
    } else if facts.sealed
        || facts.configured_read_only == Some(true)
        || !NORMALLY_WRITABLE.contains(&facts.mount.fs_type.as_str())
    {
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
    outcome
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
        }
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
