//! `disk.readonly`: is a normally writable filesystem unexpectedly read-only? Systems often
//! switch a filesystem to read-only after disk errors; nobody else checks for it.

use std::time::Duration;

use super::{holds_home, place, private_path, role_evidence, role_of_mount, select};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::detached;
use crate::model::{Area, Evidence, Status};
use crate::platform::{self, Mount};

const WRITABLE: MessageSpec = message(Status::Pass, "disk-readonly-ok").with_args(&["place"]);
const BY_DESIGN: MessageSpec =
    message(Status::Pass, "disk-readonly-by-design").with_args(&["place"]);
const UNEXPECTED: MessageSpec =
    message(Status::Warn, "disk-readonly-unexpected").with_args(&["place"]);
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
    messages: &[WRITABLE, BY_DESIGN, UNEXPECTED, NONE],
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
    /// The user's home folder is on this filesystem.
    pub holds_home: bool,
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let profile = context.profile;
        let gathered = detached::run(Duration::from_millis(1500), move || {
            let mounts = platform::mounts()?;
            let home = platform::home_dir().map(|h| h.to_string_lossy().into_owned());
            Ok::<_, std::io::Error>(
                select(&mounts, &profile.disk.paths, &profile.disk.ignore_paths)
                    .into_iter()
                    .map(|mount| Facts {
                        place: place(
                            role_of_mount(&mounts, &mount, home.as_deref()),
                            &mount.mount_point,
                        ),
                        configured_read_only: platform::configured_read_only(&mount.mount_point),
                        sealed: platform::sealed_by_design(&mount.mount_point),
                        holds_home: holds_home(&mounts, &mount, home.as_deref()),
                        mount,
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .await;
        match gathered {
            Ok(Ok(facts)) if !facts.is_empty() => facts.iter().map(evaluate).collect(),
            Ok(Ok(_)) => vec![Outcome::of(&NONE)],
            Ok(Err(error)) => {
                vec![Outcome::of(&NONE).evidence(Evidence::plain("reason", error.to_string()))]
            }
            Err(timeout) => {
                vec![Outcome::of(&NONE).evidence(Evidence::plain("reason", timeout.to_string()))]
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
        .typed_subject(private_path(point), point)
        .typed_arg("place", private_path(point), facts.place.as_str())
        .evidence(Evidence::typed("mount_point", private_path(point), point))
        .evidence(Evidence::plain("fs_type", facts.mount.fs_type.as_str()))
        .evidence(Evidence::plain("device", facts.mount.source.as_str()))
        .evidence(Evidence::plain("options", facts.mount.options.join(",")))
        .evidence(Evidence::plain("read_only", facts.mount.read_only()))
        .evidence(role_evidence(&facts.mount, facts.holds_home));
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
            holds_home: false,
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
