//! Operating-system facts behind one set of function names, one file per OS, chosen by `cfg`.
//!
//! Every file exports the same functions with the same signatures. Shared types carry no
//! `cfg` fields; an unsupported platform answers `io::ErrorKind::Unsupported`, which checks
//! turn into `not_applicable` with a reason.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
pub use linux::*;

#[cfg(target_os = "windows")]
mod windows;
#[cfg(target_os = "windows")]
pub use windows::*;

#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
pub use macos::*;

#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
mod other;
#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
pub use other::*;

/// A mounted filesystem, as the OS lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mount {
    /// The mount point as the OS shows it, without a trailing slash (except the root).
    pub mount_point: String,
    pub fs_type: String,
    /// The device or source: `/dev/sda2`, `/dev/loop3`, `C:`, `server:/export`.
    pub source: String,
    /// Mount options, per mount and per filesystem together (`ro`, `rw`, `noatime` …).
    pub options: Vec<String>,
    /// True when the source is a block device (a disk, a partition, a loop image).
    pub block_device: bool,
    /// True for USB sticks, SD cards and other removable media, where known.
    pub removable: bool,
}

impl Mount {
    /// True when mounted read-only.
    pub fn read_only(&self) -> bool {
        self.options.iter().any(|o| o == "ro")
    }
}

/// Space and inode counts of a filesystem, as `statvfs` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FsUsage {
    pub total_bytes: u64,
    /// Free, including the part reserved for the administrator.
    pub free_bytes: u64,
    /// Free for ordinary users.
    pub available_bytes: u64,
    /// 0 when the filesystem does not count inodes (vfat, exFAT, btrfs).
    pub total_inodes: u64,
    pub free_inodes: u64,
}

/// Memory pressure and CPU pressure, as Linux PSI reports them (percent of time stalled).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pressure {
    pub some_avg10: f64,
    pub some_avg60: f64,
    pub full_avg60: Option<f64>,
}
