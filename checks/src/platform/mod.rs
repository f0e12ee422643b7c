//! Operating-system facts behind one set of function names, one file per OS, chosen by `cfg`.
//!
//! Every file exports the same functions with the same signatures. Shared types carry no
//! `cfg` fields; an unsupported platform answers `io::ErrorKind::Unsupported`, which checks
//! turn into `not_applicable` with a reason.

#[cfg(any(target_os = "linux", target_os = "macos"))]
mod cups;

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

/// What kind of network link an interface is, where the OS says more than its hardware type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Ethernet,
    Wifi,
    Loopback,
    Bridge,
    /// A member of a bridge: its traffic is carried by the bridge.
    BridgePort,
    Tun,
    Tap,
    WireGuard,
    /// Another virtual link (veth, dummy, VLAN …).
    Virtual,
    Other,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Ethernet => "ethernet",
            LinkKind::Wifi => "wifi",
            LinkKind::Loopback => "loopback",
            LinkKind::Bridge => "bridge",
            LinkKind::BridgePort => "bridge-port",
            LinkKind::Tun => "tun",
            LinkKind::Tap => "tap",
            LinkKind::WireGuard => "wireguard",
            LinkKind::Virtual => "virtual",
            LinkKind::Other => "other",
        }
    }

    /// Tunnels that a VPN uses.
    pub fn is_vpn(self) -> bool {
        matches!(self, LinkKind::Tun | LinkKind::Tap | LinkKind::WireGuard)
    }
}

/// Link facts the OS knows beyond the interface list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinkFacts {
    /// None when the OS does not say (the hardware type then decides).
    pub kind: Option<LinkKind>,
    /// Cable plugged in or Wi-Fi associated; None when unknown.
    pub carrier: Option<bool>,
}

/// Signal and security of a Wi-Fi connection, as far as the OS tells an ordinary user.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WifiLink {
    pub ssid: Option<String>,
    /// 0 to 100.
    pub signal_percent: Option<u8>,
    pub signal_dbm: Option<i32>,
    /// As the OS names it: `WPA2`, `WPA3`, `WEP`, `` (open) …
    pub security: Option<String>,
    /// Where the facts came from.
    pub source: String,
}

/// The resolver configuration as the platform keeps it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResolverSettings {
    /// Where it was read (`/etc/resolv.conf`, `system settings`).
    pub source: String,
    /// Every configured entry as written, valid or not.
    pub servers: Vec<String>,
    pub search: Vec<String>,
    /// The real upstream servers behind a local stub resolver (systemd-resolved), where known.
    pub upstream: Vec<String>,
}

/// One proxy setting found in the desktop's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxySetting {
    /// `gnome`, `kde`, `windows` …
    pub source: &'static str,
    /// `http`, `https`, `socks`, `pac`.
    pub scheme: &'static str,
    /// A URL or `host:port`.
    pub value: String,
}
