//! Platforms Checkup does not support yet: every fact says so.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::{
    FsUsage, HealthReading, HomeUsage, Link, Mount, Neighbour, OsError, Platform, Pressure,
    PrintSystem, ProxySetting, ResolverSettings, Server, WifiLink, common,
};

/// A platform Checkup does not support yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Other;

fn unsupported(what: &str) -> OsError {
    OsError::unsupported(format!("{what} is not read on this platform yet"))
}

impl Platform for Other {
    fn awake_time(&self) -> Result<Duration, OsError> {
        Err(unsupported("awake time"))
    }
    fn pressure(&self, _resource: &str) -> Result<Pressure, OsError> {
        Err(unsupported("pressure"))
    }
    fn swap_activity(&self) -> Result<u64, OsError> {
        Err(unsupported("paging activity"))
    }
    fn home_dir(&self) -> Option<PathBuf> {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    }
    fn user_name(&self) -> Option<String> {
        std::env::var("USER").ok().filter(|n| !n.is_empty())
    }
    fn system_profile_path(&self) -> Option<PathBuf> {
        None
    }
    fn interfaces(&self) -> Result<Vec<Link>, OsError> {
        common::interfaces(|_| super::LinkFacts::default())
    }
    fn wifi_radio_blocked(&self) -> Option<bool> {
        None
    }
    fn wifi_link(&self, _interface: &str) -> Option<WifiLink> {
        None
    }
    fn neighbour(&self, _ip: IpAddr) -> Option<Neighbour> {
        None
    }
    fn resolver_settings(&self) -> Result<ResolverSettings, OsError> {
        Err(unsupported("the name server settings"))
    }
    fn hosts_file(&self) -> (String, Result<String, OsError>) {
        (String::new(), Err(unsupported("the hosts file")))
    }
    fn desktop_proxy(&self) -> Vec<ProxySetting> {
        Vec::new()
    }
    fn mounts(&self) -> Result<Vec<Mount>, OsError> {
        Err(unsupported("the list of disks"))
    }
    fn fs_usage(&self, _mount_point: &str) -> Result<FsUsage, OsError> {
        Err(unsupported("disk space"))
    }
    fn fstab(&self) -> Option<String> {
        None
    }
    fn sealed_by_design(&self, _mount_point: &str) -> bool {
        false
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
    fn disk_health(&self, _device: &str, _limit: Duration) -> HealthReading {
        HealthReading::Unsupported("disk health is not read on this platform yet".to_owned())
    }
    fn home_usage(&self, home: &Path, _budget: Duration) -> HomeUsage {
        HomeUsage {
            home: home.to_owned(),
            ..HomeUsage::default()
        }
    }
    fn print_support(&self) -> Result<(), String> {
        Err("printing is not checked on this platform yet".to_owned())
    }
    fn print_system_installed(&self) -> bool {
        false
    }
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
