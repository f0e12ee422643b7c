//! `disk.space`: how full is each real filesystem?
//!
//! "Used" is computed as `df` does: `used / (used + available)`, where used = total - free.
//! A filesystem warns only when it is low in *both* percentage and bytes, so a small boot
//! partition or a huge disk with plenty left in bytes is not an alarm.

use std::time::Duration;

use super::{Filesystem, human_size, place, private_path, with_size};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::platform::{CacheFolder, FsUsage, TrashEntry};
use crate::profile::Disk;
use crate::repair::{RepairDef, RepairError, RepairFuture, RepairInput};
use crate::text::Args;

const OK: MessageSpec =
    message(Status::Pass, "disk-space-ok").with_args(&["free", "place", "total"]);
const LOW: MessageSpec =
    message(Status::Warn, "disk-space-low").with_args(&["free", "place", "total"]);
const FULL: MessageSpec =
    message(Status::Fail, "disk-space-full").with_args(&["free", "place", "total"]);
const UNREADABLE: MessageSpec =
    message(Status::Error, "disk-space-unreadable").with_args(&["place"]);
const UNLISTED: MessageSpec = message(Status::Error, "disk-space-unlisted");
const NONE: MessageSpec = message(Status::NotApplicable, "disk-space-none");

pub static CHECK: CheckDef = CheckDef {
    id: "disk.space",
    area: Area::Disk,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[OK, LOW, FULL, UNREADABLE, UNLISTED, NONE],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let thresholds = context.profile.disk.clone();
        match context.facts().disks().await {
            Ok(disks) if with_size(&disks).is_empty() => vec![Outcome::of(&NONE)],
            Ok(disks) => {
                let outcomes: Vec<(bool, Outcome)> = with_size(&disks)
                    .iter()
                    .map(|fs| {
                        (
                            fs.holds_home,
                            evaluate(fs, &thresholds, disks.home.as_deref()),
                        )
                    })
                    .collect();
                // The user's trash and caches are looked at only when the disk holding the
                // home folder is low.
                let low_home = |(home, o): &(bool, Outcome)| {
                    *home && matches!(o.status, Status::Warn | Status::Fail)
                };
                if !outcomes.iter().any(low_home) {
                    return outcomes.into_iter().map(|(_, o)| o).collect();
                }
                let limit = context.limit(Duration::from_secs(2));
                let found = context
                    .facts()
                    .ask(limit, |platform| {
                        (platform.trash(), platform.caches(), platform.os_info().os)
                    })
                    .await;
                let (trash, caches, os) = match found {
                    Ok((trash, caches, os)) => (trash.unwrap_or_default(), caches, os),
                    Err(_) => (Vec::new(), Vec::new(), String::new()),
                };
                outcomes
                    .into_iter()
                    .map(|(home, outcome)| {
                        if low_home(&(home, outcome.clone())) {
                            offer_cleanup(outcome, &trash, &caches, bin_name(&os))
                        } else {
                            outcome
                        }
                    })
                    .collect()
            }
            // The disks could not be listed: a fact that could not be read is an error.
            Err(error) => {
                vec![super::unlisted(&error, &NONE, &UNLISTED)]
            }
        }
    })
}

/// Empties the user's trash: the entries counted when they agreed, nothing trashed since.
pub static EMPTY_TRASH: RepairDef = RepairDef {
    id: "disk.empty_trash",
    checks: &["disk.space"],
    undoable: false,
    needs_admin: false,
    destructive: true,
    hands_over: false,
    args: &["bin", "count", "size"],
    timeout: Duration::from_secs(60),
    apply: empty_trash,
};

/// Empties the cache folders that are safe to delete: thumbnails and tagged caches.
pub static CLEAR_CACHES: RepairDef = RepairDef {
    id: "disk.clear_caches",
    checks: &["disk.space"],
    undoable: false,
    needs_admin: false,
    destructive: true,
    hands_over: false,
    args: &["count", "size"],
    timeout: Duration::from_secs(60),
    apply: clear_caches,
};

fn empty_trash(input: RepairInput) -> RepairFuture {
    Box::pin(async move {
        let names = input.targets.clone();
        let freed = input
            .facts
            .ask(input.limit, move |platform| platform.empty_trash(&names))
            .await
            .map_err(|e| RepairError::Failed(e.to_string()))?
            .map_err(RepairError::from)?;
        Ok(format!(
            "deleted {} trash entries, {} freed; {} left alone",
            freed.entries,
            human_size(freed.bytes),
            freed.skipped.len()
        ))
    })
}

fn clear_caches(input: RepairInput) -> RepairFuture {
    Box::pin(async move {
        let paths = input.targets.clone();
        let freed = input
            .facts
            .ask(input.limit, move |platform| platform.clear_caches(&paths))
            .await
            .map_err(|e| RepairError::Failed(e.to_string()))?
            .map_err(RepairError::from)?;
        Ok(format!(
            "emptied {} cache folders, {} freed; {} left alone",
            freed.entries,
            human_size(freed.bytes),
            freed.skipped.len()
        ))
    })
}

/// What the user calls their trash on this operating system (`os_info`'s `os`), for the
/// texts' `bin` argument: `recycle_bin` on Windows, `trash` elsewhere.
pub fn bin_name(os: &str) -> &'static str {
    if os == "windows" {
        "recycle_bin"
    } else {
        "trash"
    }
}

/// Offers to empty the trash and the safe caches, each with its size, on the low disk that
/// holds the home folder. `bin` is what the user calls their trash ([`bin_name`]).
pub fn offer_cleanup(
    mut outcome: Outcome,
    trash: &[TrashEntry],
    caches: &[CacheFolder],
    bin: &'static str,
) -> Outcome {
    let trash_bytes: u64 = trash.iter().map(|e| e.bytes).sum();
    let cache_bytes: u64 = caches.iter().map(|c| c.bytes).sum();
    outcome = outcome
        .evidence(Evidence::plain("trash_entries", trash.len() as u64))
        .evidence(Evidence::plain("trash_bytes", trash_bytes))
        .evidence(Evidence::plain("safe_cache_folders", caches.len() as u64))
        .evidence(Evidence::plain("safe_cache_bytes", cache_bytes));
    if trash_bytes > 0 {
        outcome = outcome.offer(
            EMPTY_TRASH.id,
            Args::new()
                .with("bin", bin)
                .with("size", human_size(trash_bytes))
                .with("count", trash.len() as u64),
            trash.iter().map(|e| e.name.clone()).collect(),
        );
    }
    if cache_bytes > 0 {
        outcome = outcome.offer(
            CLEAR_CACHES.id,
            Args::new()
                .with("size", human_size(cache_bytes))
                .with("count", caches.len() as u64),
            caches.iter().map(|c| c.path.clone()).collect(),
        );
    }
    outcome
}

/// Percent of the space ordinary users can use that is still free, as `df` shows it.
pub fn free_percent(usage: &FsUsage) -> Option<f64> {
    let used = usage.total_bytes.saturating_sub(usage.free_bytes);
    let usable = used.saturating_add(usage.available_bytes);
    // Display and comparison only; exactness beyond 2^53 bytes does not matter.
    #[allow(clippy::cast_precision_loss)]
    (usable > 0).then(|| usage.available_bytes as f64 * 100.0 / usable as f64)
}

/// Judges one filesystem against the profile's thresholds.
pub fn evaluate(fs: &Filesystem, thresholds: &Disk, home: Option<&str>) -> Outcome {
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
            .evidence(Evidence::plain("device", fs.mount.source.as_str()))
            .evidence(Evidence::plain("removable", fs.mount.removable))
            .evidence(Evidence::plain("holds_home", fs.holds_home))
            .evidence(super::role_evidence(fs))
    };
    let usage = match &fs.usage {
        Ok(usage) => *usage,
        Err(error) => return base(&UNREADABLE).evidence(Evidence::plain("error", error.as_str())),
    };
    let Some(free_pct) = free_percent(&usage) else {
        return base(&UNREADABLE).evidence(Evidence::plain(
            "error",
            "the filesystem reports no usable space",
        ));
    };
    let available = usage.available_bytes;
    let spec = if free_pct < thresholds.fail_free_percent && available < thresholds.fail_free_bytes
    {
        &FULL
    } else if free_pct < thresholds.warn_free_percent && available < thresholds.warn_free_bytes {
        &LOW
    } else {
        &OK
    };
    let rounded = (free_pct * 10.0).round() / 10.0;
    base(spec)
        .arg("free", human_size(available))
        .arg("total", human_size(usage.total_bytes))
        .arg("free_percent", rounded)
        .evidence(Evidence::plain("total_bytes", usage.total_bytes))
        .evidence(Evidence::plain(
            "used_bytes",
            usage.total_bytes.saturating_sub(usage.free_bytes),
        ))
        .evidence(Evidence::plain("available_bytes", available))
        .evidence(Evidence::plain("free_percent", rounded))
}

#[cfg(test)]
mod tests {
    use super::super::Role;
    use super::*;
    use crate::platform::Mount;

    const GB: u64 = 1_000_000_000;

    fn fs(total: u64, free: u64, available: u64) -> Filesystem {
        Filesystem {
            mount: Mount {
                mount_point: "/data".into(),
                fs_type: "ext4".into(),
                source: "/dev/sdb1".into(),
                block_device: true,
                ..Mount::default()
            },
            role: Role::Other,
            is_system: false,
            holds_home: false,
            usage: Ok(FsUsage {
                total_bytes: total,
                free_bytes: free,
                available_bytes: available,
                ..FsUsage::default()
            }),
        }
    }

    fn status(total: u64, free: u64, available: u64) -> Status {
        evaluate(&fs(total, free, available), &Disk::default(), None).status
    }

    #[test]
    fn both_conditions_are_needed() {
        // 2 TB with 60 GB left: 3% free, but plenty of bytes.
        assert_eq!(status(2000 * GB, 60 * GB, 60 * GB), Status::Pass);
        // A 500 MB boot partition, 90% empty.
        assert_eq!(status(GB / 2, 450_000_000, 450_000_000), Status::Pass);
        // 256 GB with 15 GB left: 5.9% free and under 20 GB.
        assert_eq!(status(256 * GB, 15 * GB, 15 * GB), Status::Warn);
        // 256 GB with 0.5 GB left.
        assert_eq!(status(256 * GB, GB / 2, GB / 2), Status::Fail);
        // A small disk 99% full: 1% and a few hundred KB.
        assert_eq!(status(64_000_000, 640_000, 640_000), Status::Fail);
    }

    #[test]
    fn reserved_blocks_count_as_used_like_df() {
        // 100 GB, 10 GB free of which 5 GB reserved for root: df shows 95% used.
        let pct = free_percent(&FsUsage {
            total_bytes: 100 * GB,
            free_bytes: 10 * GB,
            available_bytes: 5 * GB,
            ..FsUsage::default()
        });
        assert!((pct.unwrap_or_default() - 5.263).abs() < 0.01, "{pct:?}");
    }

    #[test]
    fn degenerate_filesystems_never_panic() {
        assert_eq!(status(0, 0, 0), Status::Error);
        assert_eq!(status(u64::MAX, u64::MAX, u64::MAX), Status::Pass);
        assert_eq!(status(u64::MAX, 0, 0), Status::Fail);
        // Inconsistent counts (free above total) still give an answer.
        assert_eq!(status(10, 20, 5), Status::Pass);
    }

    #[test]
    fn unreadable_filesystem_is_an_error_with_the_reason() {
        let mut broken = fs(1, 1, 1);
        broken.usage = Err("did not answer within 1.5s".into());
        let outcome = evaluate(&broken, &Disk::default(), None);
        assert_eq!(outcome.status, Status::Error);
        assert!(outcome.evidence.iter().any(|e| e.key == "error"));
    }

    #[test]
    fn the_subject_is_the_mount_point() {
        assert_eq!(
            evaluate(&fs(GB, GB, GB), &Disk::default(), None)
                .subject
                .as_deref(),
            Some("/data")
        );
    }
}
