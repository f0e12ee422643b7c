//! Platforms Checkup does not support yet: every fact is `Unsupported`.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

pub fn awake_time() -> io::Result<Duration> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "not supported on this platform",
    ))
}

pub fn system_profile_path() -> Option<PathBuf> {
    None
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

/// The name of the user running Checkup, from the environment.
pub fn user_name() -> Option<String> {
    std::env::var("USER").ok().filter(|name| !name.is_empty())
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

pub fn trash_dir(_home: &Path) -> Option<PathBuf> {
    None
}

const UNSUPPORTED_PRINTING: &str = "printing is not checked on this platform yet";

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

pub fn link_facts(_name: &str) -> super::LinkFacts {
    super::LinkFacts::default()
}

pub fn wifi_radio_blocked() -> Option<bool> {
    None
}

pub fn wifi_link(_name: &str) -> Option<super::WifiLink> {
    None
}

pub fn neighbour(_ip: std::net::IpAddr) -> Option<(String, Option<String>)> {
    None
}

pub fn resolver_settings() -> io::Result<super::ResolverSettings> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "the resolver settings are not read on this system",
    ))
}

pub fn hosts_path() -> PathBuf {
    PathBuf::from("/etc/hosts")
}

pub fn desktop_proxy() -> Vec<super::ProxySetting> {
    Vec::new()
}
