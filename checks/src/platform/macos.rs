//! macOS.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// Not read on macOS yet: the awake clock (mach_absolute_time) needs a binding we do not carry.
pub fn awake_time() -> io::Result<Duration> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "awake time is not read on macOS yet",
    ))
}

/// The system-wide profile: fourth in the lookup order.
pub fn system_profile_path() -> Option<PathBuf> {
    Some(PathBuf::from(
        "/Library/Application Support/Checkup/profile.toml",
    ))
}

use std::path::Path;

use super::{FsUsage, Mount, Pressure};

fn unsupported<T>(what: &str) -> io::Result<T> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        format!("{what} is not read on this platform yet"),
    ))
}

pub fn mounts() -> io::Result<Vec<Mount>> {
    unsupported("the list of disks")
}

pub fn physical_disks(_source: &str) -> Vec<String> {
    Vec::new()
}

pub fn fs_usage(_path: &Path) -> io::Result<FsUsage> {
    unsupported("disk space")
}

pub fn configured_read_only(_mount_point: &str) -> Option<bool> {
    None
}

pub fn sealed_by_design(_mount_point: &str) -> bool {
    false
}

/// The name of the user running Checkup: from the account database, else the environment.
pub fn user_name() -> Option<String> {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|user| user.name)
        .or_else(|| std::env::var("USER").ok())
        .filter(|name| !name.is_empty())
}

pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
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
    unsupported("pressure stall information")
}

pub fn swap_activity() -> io::Result<u64> {
    unsupported("paging activity")
}

pub fn trash_dir(home: &Path) -> Option<PathBuf> {
    Some(home.join(".Trash"))
}

const CUPS_SOCKETS: &[&str] = &["/private/var/run/cupsd", "/var/run/cupsd"];

/// Where the local CUPS scheduler listens, most likely first.
pub fn cups_sockets() -> Vec<PathBuf> {
    CUPS_SOCKETS.iter().map(PathBuf::from).collect()
}

/// True when a print system (CUPS) is installed here, answering or not.
pub fn print_system_installed() -> bool {
    ["/etc/cups", "/usr/sbin/cupsd", "/usr/lib/cups"]
        .iter()
        .any(|p| Path::new(p).exists())
}

pub use super::cups::printer_ever_set_up;

/// The print server named in the CUPS client configuration, if any.
pub fn configured_print_server() -> Option<String> {
    super::cups::client_server(home_dir().as_deref())
}

/// Printing is checked through CUPS here.
pub fn print_system_support() -> Result<(), &'static str> {
    Ok(())
}

/// An HTTP client builder that sends every request over this unix socket.
pub fn http_over_unix_socket(
    builder: reqwest::ClientBuilder,
    path: &Path,
) -> io::Result<reqwest::ClientBuilder> {
    Ok(builder.unix_socket(path))
}

/// The user's own default printer: `LPDEST`, `PRINTER`, then `~/.cups/lpoptions`.
pub fn user_default_printer() -> Option<String> {
    for var in ["LPDEST", "PRINTER"] {
        if let Some(value) = std::env::var(var).ok().filter(|v| !v.is_empty()) {
            return Some(value);
        }
    }
    let text = std::fs::read_to_string(home_dir()?.join(".cups/lpoptions")).ok()?;
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("Default "))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(|name| name.split('/').next().unwrap_or(name).to_owned())
        .next_back()
}

/// macOS lists interface kinds itself; the interface list's type and state are used.
pub fn link_facts(_name: &str) -> super::LinkFacts {
    super::LinkFacts::default()
}

/// Not read on macOS yet.
pub fn wifi_radio_blocked() -> Option<bool> {
    None
}

/// Not read on macOS yet (it needs CoreWLAN).
pub fn wifi_link(_name: &str) -> Option<super::WifiLink> {
    None
}

/// Not read on macOS yet.
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

/// The hosts file.
pub fn hosts_path() -> PathBuf {
    PathBuf::from("/etc/hosts")
}

/// Not read on macOS yet (System Configuration); environment variables still are.
pub fn desktop_proxy() -> Vec<super::ProxySetting> {
    Vec::new()
}
