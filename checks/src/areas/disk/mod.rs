//! Disks: space, inodes, read-only surprises, health, and what uses the space.
//!
//! The space, inode and read-only checks judge the same list of real filesystems: backed by a
//! block device, not a pseudo filesystem or a read-only image, one entry per device (bind
//! mounts and btrfs subvolumes count once, under the shortest mount point), plus the
//! profile's `disk.paths`, minus its `disk.ignore_paths`.

pub mod health;
pub mod inodes;
pub mod readonly;
pub mod space;
pub mod usage;

use std::collections::BTreeMap;

use crate::platform::{FsUsage, Mount};
use crate::text::{Args, catalog};

/// Filesystem types that are never judged: pseudo and virtual filesystems, and images that
/// are full and read-only by design (squashfs snaps and AppImages, ISO images, EROFS).
const EXCLUDED_TYPES: &[&str] = &[
    "autofs",
    "binfmt_misc",
    "bpf",
    "cgroup",
    "cgroup2",
    "configfs",
    "cramfs",
    "debugfs",
    "devpts",
    "devtmpfs",
    "efivarfs",
    "erofs",
    "fusectl",
    "hugetlbfs",
    "iso9660",
    "mqueue",
    "nsfs",
    "overlay",
    "proc",
    "pstore",
    "ramfs",
    "romfs",
    "securityfs",
    "squashfs",
    "sysfs",
    "tmpfs",
    "tracefs",
    "udf",
];

/// What a filesystem is to the user, for plain summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The system runs from it.
    System,
    /// The user's personal files are on it.
    Home,
    Removable,
    Other,
}

/// A filesystem to judge, with its counts (or why they could not be read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filesystem {
    pub mount: Mount,
    pub role: Role,
    /// The system runs from it.
    pub is_system: bool,
    /// True when the user's home folder is on this filesystem.
    pub holds_home: bool,
    pub usage: Result<FsUsage, String>,
}

/// True when `path` is the mount point or lies below it.
/// The finding when the list of disks could not be read: `not_applicable` (`expected`, with
/// the reason) when this OS does not list them or this user may not; otherwise an error.
pub fn unlisted(
    error: &crate::facts::FactError,
    expected: &'static crate::check::MessageSpec,
    unlisted: &'static crate::check::MessageSpec,
) -> crate::check::Outcome {
    if error.is_expected() {
        crate::check::Outcome::of(expected)
            .evidence(crate::model::Evidence::plain("reason", error.to_string()))
    } else {
        crate::check::Outcome::of(unlisted)
            .evidence(crate::model::Evidence::plain("error", error.to_string()))
    }
}

pub fn is_under(path: &str, mount_point: &str) -> bool {
    let trimmed = mount_point.trim_end_matches(['/', '\\']);
    if trimmed.is_empty() {
        return path.starts_with('/');
    }
    path == mount_point
        || path == trimmed
        || path
            .strip_prefix(trimmed)
            .is_some_and(|rest| rest.starts_with(['/', '\\']))
}

/// The mount a path lives on: the one with the longest matching mount point.
pub fn containing<'a>(mounts: &'a [Mount], path: &str) -> Option<&'a Mount> {
    mounts
        .iter()
        .filter(|m| is_under(path, &m.mount_point))
        .max_by_key(|m| m.mount_point.len())
}

fn judged_type(mount: &Mount) -> bool {
    mount.block_device && !EXCLUDED_TYPES.contains(&mount.fs_type.as_str())
}

/// Chooses the filesystems to judge. Pure: unit-tested on fixtures.
pub fn select(mounts: &[Mount], extra_paths: &[String], ignore_paths: &[String]) -> Vec<Mount> {
    let ignored = |m: &Mount| {
        ignore_paths
            .iter()
            .any(|ignore| is_under(&m.mount_point, ignore))
    };
    // One entry per device, under its shortest mount point.
    let mut by_source: BTreeMap<&str, &Mount> = BTreeMap::new();
    for mount in mounts.iter().filter(|m| judged_type(m)) {
        let entry = by_source.entry(mount.source.as_str()).or_insert(mount);
        if (mount.mount_point.len(), &mount.mount_point)
            < (entry.mount_point.len(), &entry.mount_point)
        {
            *entry = mount;
        }
    }
    let mut chosen: Vec<Mount> = by_source
        .into_values()
        .filter(|m| !ignored(m))
        .cloned()
        .collect();
    for path in extra_paths {
        if let Some(mount) = containing(mounts, path)
            && !ignored(mount)
            && !chosen
                .iter()
                .any(|c| c.source == mount.source || c.mount_point == mount.mount_point)
        {
            chosen.push(mount.clone());
        }
    }
    chosen.sort_by(|a, b| a.mount_point.cmp(&b.mount_point));
    chosen
}

/// True for the filesystem the system runs from: `/`, or the system drive (`C:`).
pub fn is_system(mount: &Mount, system_drive: Option<&str>) -> bool {
    mount.mount_point == "/"
        || system_drive.is_some_and(|d| d.eq_ignore_ascii_case(&mount.mount_point))
}

/// The contract's `role` evidence of a disk finding: `system`, `home`, `system,home` or
/// `other`. The root-cause ranking reads it for the impact class.
pub fn role_evidence(fs: &Filesystem) -> crate::model::Evidence {
    let role = match (fs.is_system, fs.holds_home) {
        (true, true) => "system,home",
        (true, false) => "system",
        (false, true) => "home",
        (false, false) => "other",
    };
    crate::model::Evidence::plain("role", role)
}

/// What a filesystem is to the user.
pub fn role_of(mount: &Mount, holds_home: bool, system_drive: Option<&str>) -> Role {
    if is_system(mount, system_drive) {
        Role::System
    } else if holds_home {
        Role::Home
    } else if mount.removable {
        Role::Removable
    } else {
        Role::Other
    }
}

/// True when the home folder is on this mount's filesystem.
pub fn holds_home(mounts: &[Mount], mount: &Mount, home: Option<&str>) -> bool {
    home.and_then(|home| containing(mounts, home))
        .is_some_and(|m| m.source == mount.source)
}

/// The filesystems the space and inode checks judge: those whose size could be read as more
/// than nothing, or whose reading failed (an empty placeholder or a pseudo device has size 0).
pub fn with_size(disks: &crate::facts::DiskFacts) -> Vec<Filesystem> {
    disks
        .filesystems
        .iter()
        .map(|d| d.filesystem.clone())
        .filter(|fs| !matches!(fs.usage, Ok(u) if u.total_bytes == 0))
        .collect()
}

/// The filesystem in plain words, for the middle of a sentence: "the disk your system runs from".
pub fn place(role: Role, mount_point: &str) -> String {
    let id = match role {
        Role::System => "disk-place-system",
        Role::Home => "disk-place-home",
        Role::Removable => "disk-place-removable",
        Role::Other => "disk-place-other",
    };
    catalog().text(id, &Args::new().with("mount", mount_point))
}

/// A size in the units people know (decimal, as disks are sold): "2.1 GB", "512 MB".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["bytes", "KB", "MB", "GB", "TB", "PB"];
    // Display only: rounding is the point.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// Mount points under personal folders can carry a user name: they are private paths.
pub fn private_path(path: &str, home: Option<&str>) -> Option<crate::model::Kind> {
    let personal = ["/home", "/media", "/run/media", "/Users", "/mnt"]
        .iter()
        .any(|p| is_under(path, p))
        || home.is_some_and(|home| is_under(path, home));
    personal.then_some(crate::model::Kind::Path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mount(point: &str, fs_type: &str, source: &str) -> Mount {
        Mount {
            mount_point: point.into(),
            fs_type: fs_type.into(),
            source: source.into(),
            block_device: source.starts_with("/dev/"),
            ..Mount::default()
        }
    }

    #[test]
    fn only_real_filesystems_once_per_device() {
        let mounts = vec![
            mount("/", "ext4", "/dev/sda2"),
            mount("/proc", "proc", "proc"),
            mount("/run", "tmpfs", "tmpfs"),
            mount("/snap/core/1", "squashfs", "/dev/loop3"),
            mount("/var/lib/docker/overlay2/x", "overlay", "overlay"),
            mount("/home", "btrfs", "/dev/sda3"),
            mount("/home/.snapshots", "btrfs", "/dev/sda3"),
            mount("/srv/bind", "ext4", "/dev/sda2"),
            mount("/boot/efi", "vfat", "/dev/sda1"),
            mount("/media/cd", "iso9660", "/dev/sr0"),
            mount("/net", "nfs4", "server:/export"),
        ];
        let chosen: Vec<String> = select(&mounts, &[], &[])
            .into_iter()
            .map(|m| m.mount_point)
            .collect();
        assert_eq!(chosen, ["/", "/boot/efi", "/home"]);
    }

    #[test]
    fn extra_paths_add_and_ignore_paths_remove() {
        let mounts = vec![
            mount("/", "ext4", "/dev/sda2"),
            mount("/data", "xfs", "/dev/sdb1"),
            mount("/net", "nfs4", "server:/export"),
        ];
        let chosen = select(
            &mounts,
            &["/net/projects".into(), "/data/x".into()],
            &["/data".into()],
        );
        let points: Vec<&str> = chosen.iter().map(|m| m.mount_point.as_str()).collect();
        assert_eq!(points, ["/", "/net"]);
    }

    #[test]
    fn paths_are_matched_on_whole_components() {
        assert!(is_under("/home/alice", "/home"));
        assert!(is_under("/home", "/home"));
        assert!(!is_under("/homework", "/home"));
        assert!(is_under("/anything", "/"));
        assert!(is_under("C:\\Users\\a", "C:\\"));
        let mounts = vec![
            mount("/", "ext4", "/dev/a"),
            mount("/home", "ext4", "/dev/b"),
        ];
        assert_eq!(
            containing(&mounts, "/home/alice/x").map(|m| m.source.as_str()),
            Some("/dev/b")
        );
        assert_eq!(
            containing(&mounts, "/homework").map(|m| m.source.as_str()),
            Some("/dev/a")
        );
    }

    #[test]
    fn sizes_read_like_people_say_them() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(2_100_000_000), "2.1 GB");
        assert_eq!(human_size(256_000_000_000), "256 GB");
        assert_eq!(human_size(u64::MAX), "18447 PB");
    }
}
