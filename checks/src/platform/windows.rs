//! Windows: the facts the engine reads today (volumes through sysinfo, interfaces through
//! netdev, the resolver through hickory's reading of the system settings); what it does not
//! read yet says so.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::{
    FsUsage, HealthReading, HomeUsage, Link, LinkFacts, Mount, Neighbour, OsError, OsErrorKind,
    Platform, Pressure, PrintSystem, ProxySetting, ResolverSettings, Server, WifiLink, common,
};

/// Windows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Windows;

const UNSUPPORTED_PRINTING: &str =
    "printers on Windows are managed by the print spooler, which Checkup does not read yet";

fn disks() -> Result<sysinfo::Disks, OsError> {
    sysinfo::Disks::new_with_refreshed_list()
        .map_err(|error| OsError::new(OsErrorKind::Other, error.to_string()))
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

/// How a file counts on disk here: its length; volumes are not told apart.
const FILE_FACTS: common::FileFacts = common::FileFacts {
    allocated_size: std::fs::Metadata::len,
    device_of: |_| None,
};

impl Platform for Windows {
    /// Not counting time asleep or hibernating.
    #[allow(unsafe_code)]
    fn awake_time(&self) -> Result<Duration, OsError> {
        let mut hundred_ns: u64 = 0;
        // SAFETY: QueryUnbiasedInterruptTime writes one u64 through a valid, exclusive pointer.
        let ok = unsafe {
            windows_sys::Win32::System::WindowsProgramming::QueryUnbiasedInterruptTime(
                &mut hundred_ns,
            )
        };
        if ok == 0 {
            return Err(std::io::Error::last_os_error().into());
        }
        Ok(Duration::from_nanos(hundred_ns.saturating_mul(100)))
    }

    fn pressure(&self, _resource: &str) -> Result<Pressure, OsError> {
        Err(OsError::unsupported(
            "Windows has no pressure stall information",
        ))
    }

    fn swap_activity(&self) -> Result<u64, OsError> {
        Err(OsError::unsupported(
            "paging activity is not read on Windows yet",
        ))
    }

    fn home_dir(&self) -> Option<PathBuf> {
        std::env::var_os("USERPROFILE")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    }

    fn user_name(&self) -> Option<String> {
        std::env::var("USERNAME").ok().filter(|n| !n.is_empty())
    }

    fn system_profile_path(&self) -> Option<PathBuf> {
        std::env::var_os("ProgramData")
            .map(|dir| PathBuf::from(dir).join("Checkup").join("profile.toml"))
    }

    /// The interface list's own type and state: Windows tells them itself.
    fn interfaces(&self) -> Result<Vec<Link>, OsError> {
        common::interfaces(|_| LinkFacts::default())
    }

    fn wifi_radio_blocked(&self) -> Option<bool> {
        None
    }

    /// Not read on Windows yet (it needs the WLAN API).
    fn wifi_link(&self, _interface: &str) -> Option<WifiLink> {
        None
    }

    /// Not read on Windows yet.
    fn neighbour(&self, _ip: IpAddr) -> Option<Neighbour> {
        None
    }

    /// Through hickory's reading of the system settings.
    fn resolver_settings(&self) -> Result<ResolverSettings, OsError> {
        common::system_resolver_settings()
    }

    /// Under the system root.
    fn hosts_file(&self) -> (String, Result<String, OsError>) {
        let root = std::env::var_os("SystemRoot")
            .map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
        let path = root.join(r"System32\drivers\etc\hosts");
        (
            path.display().to_string(),
            std::fs::read_to_string(&path).map_err(OsError::from),
        )
    }

    /// Not read on Windows yet (Internet Settings); environment variables still are.
    fn desktop_proxy(&self) -> Vec<ProxySetting> {
        Vec::new()
    }

    /// Every volume with a drive letter or mount folder.
    fn mounts(&self) -> Result<Vec<Mount>, OsError> {
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

    /// Windows volumes have no inode counts.
    fn fs_usage(&self, mount_point: &str) -> Result<FsUsage, OsError> {
        let disks = disks()?;
        let disk = disks
            .iter()
            .find(|disk| {
                trim_separator(&disk.mount_point().display().to_string())
                    == trim_separator(mount_point)
            })
            .ok_or_else(|| OsError::new(OsErrorKind::NotFound, "no such volume"))?;
        Ok(FsUsage {
            total_bytes: disk.total_space(),
            free_bytes: disk.available_space(),
            available_bytes: disk.available_space(),
            total_inodes: 0,
            free_inodes: 0,
        })
    }

    /// Windows has no fstab: a read-only volume was never asked to be writable by
    /// configuration.
    fn fstab(&self) -> Option<String> {
        None
    }

    fn sealed_by_design(&self, _mount_point: &str) -> bool {
        false
    }

    /// Not mapped on Windows yet.
    fn physical_disks(&self, _source: &str) -> Vec<String> {
        Vec::new()
    }

    fn removable(&self, _source: &str) -> bool {
        false
    }

    fn system_drive(&self) -> Option<String> {
        std::env::var("SystemDrive").ok()
    }

    fn disk_health(&self, _device: &str, _limit: Duration) -> HealthReading {
        HealthReading::Unsupported("disk health is not read on Windows yet".to_owned())
    }

    /// The Recycle Bin lives outside the user's folder; it is not measured yet.
    fn home_usage(&self, home: &Path, budget: Duration) -> HomeUsage {
        common::home_usage(home, budget, None, &FILE_FACTS)
    }

    fn print_support(&self) -> Result<(), String> {
        Err(UNSUPPORTED_PRINTING.to_owned())
    }

    fn print_system_installed(&self) -> bool {
        false
    }

    /// Unknown here: no printer list file is kept where Checkup reads it.
    fn printer_ever_set_up(&self) -> (bool, String) {
        (true, String::new())
    }

    fn configured_print_server(&self) -> Option<String> {
        None
    }

    fn local_print_socket(&self) -> Option<PathBuf> {
        None
    }

    fn user_default_printer(&self) -> Option<String> {
        None
    }

    fn print_system(&self, server: &Server) -> Arc<dyn PrintSystem> {
        Arc::new(super::ipp::Cups {
            server: server.clone(),
            user: self.user_name(),
            admin: None,
        })
    }
}
