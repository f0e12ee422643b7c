//! macOS: CUPS and the Unix files it shares with Linux. There is no macOS SDK on the
//! project's machines, so this file is also compiled (and linted, and smoke-tested) in Linux
//! test builds, which keeps it in step with the trait; the recorded macOS facts under
//! `tests/facts/` exercise the checks on what it answers.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::{
    FsUsage, HealthReading, HomeUsage, Link, LinkFacts, LogLine, LogQuery, LogSource,
    MAX_LOG_LINES, MAX_LOG_READ_BYTES, Mount, Neighbour, OsError, Platform, Pressure, PrintSystem,
    ProxySetting, ResolverSettings, Server, WifiLink, common, unix,
};

/// macOS.
#[derive(Debug, Clone, Copy, Default)]
pub struct Macos;

/// How a file counts on disk here: allocated blocks; volumes are not told apart.
const FILE_FACTS: common::FileFacts = common::FileFacts {
    allocated_size: unix::FILE_FACTS.allocated_size,
    device_of: |_| None,
};

impl Platform for Macos {
    /// Not read on macOS yet: the awake clock (mach_absolute_time) needs a binding we do not
    /// carry.
    fn awake_time(&self) -> Result<Duration, OsError> {
        Err(OsError::unsupported("awake time is not read on macOS yet"))
    }

    fn pressure(&self, _resource: &str) -> Result<Pressure, OsError> {
        Err(OsError::unsupported(
            "macOS has no pressure stall information",
        ))
    }

    fn swap_activity(&self) -> Result<u64, OsError> {
        Err(OsError::unsupported(
            "paging activity is not read on macOS yet",
        ))
    }

    fn home_dir(&self) -> Option<PathBuf> {
        unix::home_dir()
    }

    fn user_name(&self) -> Option<String> {
        unix::user_name()
    }

    fn system_profile_path(&self) -> Option<PathBuf> {
        Some(PathBuf::from(
            "/Library/Application Support/Checkup/profile.toml",
        ))
    }

    /// The interface list's own type and state.
    fn interfaces(&self) -> Result<Vec<Link>, OsError> {
        common::interfaces(|_| LinkFacts::default())
    }

    fn wifi_radio_blocked(&self) -> Option<bool> {
        None
    }

    /// Not read on macOS yet (it needs CoreWLAN).
    fn wifi_link(&self, _interface: &str) -> Option<WifiLink> {
        None
    }

    fn neighbour(&self, _ip: IpAddr) -> Option<Neighbour> {
        None
    }

    /// Through hickory's reading of the system settings.
    fn resolver_settings(&self) -> Result<ResolverSettings, OsError> {
        common::system_resolver_settings()
    }

    fn hosts_file(&self) -> (String, Result<String, OsError>) {
        unix::hosts_file()
    }

    /// Not read on macOS yet (System Configuration); environment variables still are.
    fn desktop_proxy(&self) -> Vec<ProxySetting> {
        Vec::new()
    }

    fn mounts(&self) -> Result<Vec<Mount>, OsError> {
        Err(OsError::unsupported(
            "the list of disks is not read on macOS yet",
        ))
    }

    fn fs_usage(&self, mount_point: &str) -> Result<FsUsage, OsError> {
        unix::fs_usage(Path::new(mount_point))
    }

    fn fstab(&self) -> Option<String> {
        None
    }

    fn sealed_by_design(&self, mount_point: &str) -> bool {
        // The sealed system volume.
        mount_point == "/"
    }

    fn physical_disks(&self, _source: &str) -> Vec<String> {
        Vec::new()
    }

    fn removable(&self, _source: &str) -> bool {
        false
    }

    fn system_drive(&self) -> Option<String> {
        None
    }

    fn disk_health(&self, device: &str, limit: Duration) -> HealthReading {
        unix::smartctl(device, limit)
    }

    fn home_usage(&self, home: &Path, budget: Duration) -> HomeUsage {
        common::home_usage(home, budget, Some(home.join(".Trash")), &FILE_FACTS)
    }

    /// The unified log through `log show`: the kernel's messages for the kernel log, every
    /// process's for the system log (macOS has no journal units). CUPS keeps its own log.
    fn log_lines(&self, query: &LogQuery, limit: Duration) -> Result<Vec<LogLine>, String> {
        if query.source == LogSource::Print {
            return Ok(Vec::new());
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let args = super::formats::log_show_args(query, now);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = super::program::run("log", &args, limit, MAX_LOG_READ_BYTES)
            .map_err(|error| format!("the system log could not be read ({error})"))?;
        if !output.success() && output.stdout.is_empty() {
            return Err("the system log could not be read here".to_owned());
        }
        let mut lines: Vec<LogLine> = super::formats::parse_log_show_ndjson(&output.stdout)
            .into_iter()
            .filter(|line| query.wants(line))
            .collect();
        let excess = lines.len().saturating_sub(MAX_LOG_LINES);
        lines.drain(..excess);
        Ok(lines)
    }

    fn print_support(&self) -> Result<(), String> {
        Ok(())
    }

    fn print_system_installed(&self) -> bool {
        unix::print_system_installed()
    }

    fn printer_ever_set_up(&self) -> (bool, String) {
        unix::printer_ever_set_up()
    }

    fn configured_print_server(&self) -> Option<String> {
        unix::configured_print_server()
    }

    fn local_print_socket(&self) -> Option<PathBuf> {
        unix::local_print_socket(&["/private/var/run/cupsd", "/var/run/cupsd"])
    }

    fn user_default_printer(&self) -> Option<String> {
        unix::user_default_printer()
    }

    fn print_system(&self, server: &Server) -> Arc<dyn PrintSystem> {
        unix::print_system(server)
    }
}
