//! Windows.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// How long the system has been running, not counting time asleep or hibernating.
#[allow(unsafe_code)]
pub fn awake_time() -> io::Result<Duration> {
    let mut hundred_ns: u64 = 0;
    // SAFETY: QueryUnbiasedInterruptTime writes one u64 through a valid, exclusive pointer.
    let ok = unsafe {
        windows_sys::Win32::System::WindowsProgramming::QueryUnbiasedInterruptTime(&mut hundred_ns)
    };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(Duration::from_nanos(hundred_ns.saturating_mul(100)))
}

/// The system-wide profile: fourth in the lookup order.
pub fn system_profile_path() -> Option<PathBuf> {
    std::env::var_os("ProgramData")
        .map(|dir| PathBuf::from(dir).join("Checkup").join("profile.toml"))
}

use std::path::Path;

use super::{FsUsage, Mount, Pressure};

fn disks() -> io::Result<sysinfo::Disks> {
    sysinfo::Disks::new_with_refreshed_list().map_err(|error| io::Error::other(error.to_string()))
}

/// `C:\\` → `C:`: mount points are shown without a trailing separator.
fn trim_separator(point: &str) -> String {
    let trimmed = point.trim_end_matches(['\\', '/']);
    if trimmed.is_empty() {
        point.to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Every volume with a drive letter or mount folder.
pub fn mounts() -> io::Result<Vec<Mount>> {
    Ok(disks()?
        .iter()
        .map(|disk| Mount {
            mount_point: trim_separator(&disk.mount_point().display().to_string()),
            fs_type: disk.file_system().to_string_lossy().into_owned(),
            source: disk.name().to_string_lossy().into_owned(),
            options: if disk.is_read_only() {
                vec!["ro".to_owned()]
            } else {
                Vec::new()
            },
            block_device: true,
            removable: disk.is_removable(),
        })
        .collect())
}

/// Not mapped on Windows yet: disk health is read through the platform's own tools later.
pub fn physical_disks(_source: &str) -> Vec<String> {
    Vec::new()
}

/// Space of a volume. Windows volumes have no inode counts.
pub fn fs_usage(path: &Path) -> io::Result<FsUsage> {
    let disks = disks()?;
    let disk = disks
        .iter()
        .find(|disk| {
            trim_separator(&disk.mount_point().display().to_string())
                == trim_separator(&path.display().to_string())
        })
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such volume"))?;
    Ok(FsUsage {
        total_bytes: disk.total_space(),
        free_bytes: disk.available_space(),
        available_bytes: disk.available_space(),
        total_inodes: 0,
        free_inodes: 0,
    })
}

/// Windows has no fstab: a read-only volume was never asked to be writable by configuration.
pub fn configured_read_only(_mount_point: &str) -> Option<bool> {
    None
}

pub fn sealed_by_design(_mount_point: &str) -> bool {
    false
}

/// The name of the user running Checkup, from the environment.
pub fn user_name() -> Option<String> {
    std::env::var("USERNAME")
        .ok()
        .filter(|name| !name.is_empty())
}

pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("USERPROFILE")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

pub fn allocated_size(metadata: &std::fs::Metadata) -> u64 {
    metadata.len()
}

pub fn device_of(_metadata: &std::fs::Metadata) -> Option<u64> {
    None
}

pub fn pressure(_resource: &str) -> io::Result<Pressure> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "Windows has no pressure stall information",
    ))
}

pub fn swap_activity() -> io::Result<u64> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "paging activity is not read on Windows yet",
    ))
}

/// The Recycle Bin lives outside the user's folder; it is not measured yet.
pub fn trash_dir(_home: &Path) -> Option<PathBuf> {
    None
}

const UNSUPPORTED_PRINTING: &str =
    "printers on Windows are managed by the print spooler, which Checkup does not read yet";

pub fn cups_sockets() -> Vec<PathBuf> {
    Vec::new()
}

pub fn print_system_installed() -> bool {
    false
}

/// Why printing is not checked here yet.
pub fn print_system_support() -> Result<(), &'static str> {
    Err(UNSUPPORTED_PRINTING)
}

pub fn http_over_unix_socket(
    _builder: reqwest::ClientBuilder,
    _path: &Path,
) -> io::Result<reqwest::ClientBuilder> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "unix sockets are not used on this platform",
    ))
}

/// No CUPS client configuration here.
pub fn configured_print_server() -> Option<String> {
    None
}

/// Unknown here: no printer list file is kept where Checkup reads it.
pub fn printer_ever_set_up() -> (bool, PathBuf) {
    (true, PathBuf::new())
}

pub fn user_default_printer() -> Option<String> {
    None
}

/// Windows lists interface kinds itself; the interface list's type and state are used.
pub fn link_facts(_name: &str) -> super::LinkFacts {
    super::LinkFacts::default()
}

/// Not read on Windows yet.
pub fn wifi_radio_blocked() -> Option<bool> {
    None
}

/// Not read on Windows yet (it needs the WLAN API).
pub fn wifi_link(_name: &str) -> Option<super::WifiLink> {
    None
}

/// Not read on Windows yet.
pub fn neighbour(_ip: std::net::IpAddr) -> Option<(String, Option<String>)> {
    None
}

/// The system's resolver settings, through hickory's reading of them.
pub fn resolver_settings() -> io::Result<super::ResolverSettings> {
    let (config, _) = hickory_resolver::system_conf::read_system_conf()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let mut servers: Vec<String> = config
        .name_servers()
        .iter()
        .map(|s| s.ip.to_string())
        .collect();
    servers.dedup();
    Ok(super::ResolverSettings {
        source: "system settings".to_owned(),
        servers,
        search: config.search().iter().map(|n| n.to_string()).collect(),
        upstream: Vec::new(),
    })
}

/// The hosts file, under the system root.
pub fn hosts_path() -> PathBuf {
    let root =
        std::env::var_os("SystemRoot").map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
    root.join(r"System32\drivers\etc\hosts")
}

/// Not read on Windows yet (Internet Settings in the registry); environment variables still are.
pub fn desktop_proxy() -> Vec<super::ProxySetting> {
    Vec::new()
}
