//! `disk.inodes`: is a filesystem out of room for new files (inodes), even with space left?

use std::time::Duration;

use super::{Filesystem, place, private_path, with_size};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "disk-inodes-ok").with_args(&["place"]);
const LOW: MessageSpec =
    message(Status::Warn, "disk-inodes-low").with_args(&["free_percent", "place"]);
const FULL: MessageSpec = message(Status::Fail, "disk-inodes-full").with_args(&["place"]);
const NOT_COUNTED: MessageSpec =
    message(Status::NotApplicable, "disk-inodes-not-counted").with_args(&["place"]);
const UNREADABLE: MessageSpec =
    message(Status::Error, "disk-inodes-unreadable").with_args(&["place"]);
const UNLISTED: MessageSpec = message(Status::Error, "disk-inodes-unlisted");
const NONE: MessageSpec = message(Status::NotApplicable, "disk-inodes-none");

/// Below these percentages of free inodes: warn, fail.
const WARN_FREE_PERCENT: f64 = 5.0;
const FAIL_FREE_PERCENT: f64 = 1.0;

pub static CHECK: CheckDef = CheckDef {
    id: "disk.inodes",
    area: Area::Disk,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[OK, LOW, FULL, NOT_COUNTED, UNREADABLE, UNLISTED, NONE],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        match context.facts().disks().await {
            Ok(disks) if with_size(&disks).is_empty() => vec![Outcome::of(&NONE)],
            Ok(disks) => with_size(&disks)
                .iter()
                .map(|fs| evaluate(fs, disks.home.as_deref()))
                .collect(),
            Err(error) => {
                vec![super::unlisted(&error, &NONE, &UNLISTED)]
            }
        }
    })
}

pub fn evaluate(fs: &Filesystem, home: Option<&str>) -> Outcome {
    let point = fs.mount.mount_point.as_str();
    let base = |spec: &MessageSpec| {
        Outcome::of(spec)
            .typed_subject(private_path(point, home), point)
            .typed_arg("place", private_path(point, home), place(fs.role, point))
            .evidence(Evidence::typed(
                "mount_point",
                private_path(point, home),
                point,
            ))
            .evidence(Evidence::plain("fs_type", fs.mount.fs_type.as_str()))
            .evidence(super::role_evidence(fs))
    };
    let usage = match &fs.usage {
        Ok(usage) => *usage,
        Err(error) => return base(&UNREADABLE).evidence(Evidence::plain("error", error.as_str())),
    };
    if usage.total_inodes == 0 {
        return base(&NOT_COUNTED);
    }
    let free = usage.free_inodes.min(usage.total_inodes);
    // Comparison and display only.
    #[allow(clippy::cast_precision_loss)]
    let free_pct = free as f64 * 100.0 / usage.total_inodes as f64;
    let spec = if free_pct < FAIL_FREE_PERCENT {
        &FULL
    } else if free_pct < WARN_FREE_PERCENT {
        &LOW
    } else {
        &OK
    };
    let rounded = (free_pct * 10.0).round() / 10.0;
    base(spec)
        .arg("free_percent", rounded)
        .arg("free", free)
        .evidence(Evidence::plain("total_inodes", usage.total_inodes))
        .evidence(Evidence::plain("free_inodes", free))
        .evidence(Evidence::plain("free_percent", rounded))
}

#[cfg(test)]
mod tests {
    use super::super::Role;
    use super::*;
    use crate::platform::{FsUsage, Mount};

    fn status(total: u64, free: u64) -> Status {
        let fs = Filesystem {
            mount: Mount {
                mount_point: "/".into(),
                fs_type: "ext4".into(),
                ..Mount::default()
            },
            role: Role::System,
            is_system: true,
            holds_home: true,
            usage: Ok(FsUsage {
                total_bytes: 1,
                total_inodes: total,
                free_inodes: free,
                ..FsUsage::default()
            }),
        };
        evaluate(&fs, None).status
    }

    #[test]
    fn thresholds() {
        assert_eq!(status(1000, 500), Status::Pass);
        assert_eq!(status(1000, 50), Status::Pass);
        assert_eq!(status(1000, 49), Status::Warn);
        assert_eq!(status(1000, 9), Status::Fail);
        assert_eq!(status(64, 0), Status::Fail);
    }

    #[test]
    fn filesystems_without_inode_counts_do_not_apply() {
        assert_eq!(status(0, 0), Status::NotApplicable);
    }

    #[test]
    fn odd_counts_never_panic() {
        assert_eq!(status(u64::MAX, u64::MAX), Status::Pass);
        assert_eq!(status(10, 20), Status::Pass);
        assert_eq!(status(u64::MAX, 0), Status::Fail);
    }
}
