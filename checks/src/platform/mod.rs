//! Operating-system facts behind one trait, [`Platform`]: one implementation per OS in its own
//! file (`linux.rs`, `windows.rs`, `macos.rs`, `other.rs`), chosen at compile time by
//! [`native`], and a recorded-facts implementation (`recorded.rs`) that answers from a JSON
//! file, for tests and for replaying what a user's machine showed.
//!
//! Everything Checkup reads from the machine goes through here: interfaces, routes and
//! neighbours, resolver and proxy settings, the hosts file, mounts and their usage, disk
//! health, memory, processes, the print system, clocks, and the programs it runs (through
//! [`program::run`], the one helper that starts processes). The formats these are read in
//! are parsed by pure functions in [`formats`]. Nothing here imports from the checks'
//! areas: they build on these facts.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
mod cleanup;
mod common;
pub mod formats;
pub mod ipp;
pub mod program;
pub mod recorded;

#[cfg(any(target_os = "linux", target_os = "macos"))]
mod unix;

#[cfg(target_os = "linux")]
mod linux;
// The macOS and fallback implementations are also compiled (and linted) in Linux test builds,
// so a change to the trait cannot leave them behind unnoticed.
#[cfg(any(target_os = "macos", all(test, target_os = "linux")))]
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
mod macos;
#[cfg(any(
    not(any(target_os = "linux", target_os = "windows", target_os = "macos")),
    all(test, target_os = "linux")
))]
#[cfg_attr(target_os = "linux", allow(dead_code))]
mod other;
#[cfg(target_os = "windows")]
mod windows;
#[cfg(target_os = "windows")]
pub use windows::icmp_echo;
#[cfg(all(target_os = "windows", test))]
pub use windows::under_wine;
#[cfg_attr(not(target_os = "windows"), allow(dead_code))]
pub mod windows_map;

pub use ipp::{
    Job, PrintAction, PrintError, PrintRights, PrintSystem, PrintSystemInfo, Queue, Server, Source,
};

/// This machine's platform.
pub fn native() -> Arc<dyn Platform> {
    #[cfg(target_os = "linux")]
    let platform = linux::Linux;
    #[cfg(target_os = "windows")]
    let platform = windows::Windows;
    #[cfg(target_os = "macos")]
    let platform = macos::Macos;
    #[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
    let platform = other::Other;
    Arc::new(platform)
}

/// Why the OS did not give a fact: plain data, so it can be recorded and replayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct OsError {
    pub kind: OsErrorKind,
    pub message: String,
}

/// The kinds of [`OsError`] the checks tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OsErrorKind {
    NotFound,
    PermissionDenied,
    TimedOut,
    /// This OS has no such fact.
    Unsupported,
    Other,
}

impl OsError {
    pub fn new(kind: OsErrorKind, message: impl Into<String>) -> Self {
        OsError {
            kind,
            message: message.into(),
        }
    }

    pub fn unsupported(message: impl Into<String>) -> Self {
        OsError::new(OsErrorKind::Unsupported, message)
    }
}

impl From<std::io::Error> for OsError {
    fn from(error: std::io::Error) -> Self {
        let kind = match error.kind() {
            std::io::ErrorKind::NotFound => OsErrorKind::NotFound,
            std::io::ErrorKind::PermissionDenied => OsErrorKind::PermissionDenied,
            std::io::ErrorKind::TimedOut => OsErrorKind::TimedOut,
            std::io::ErrorKind::Unsupported => OsErrorKind::Unsupported,
            _ => OsErrorKind::Other,
        };
        OsError::new(kind, error.to_string())
    }
}

/// Every fact Checkup reads from the operating system. Calls may block (a dead network mount,
/// a slow program): the fact layer runs them on detached threads under a deadline.
pub trait Platform: Send + Sync + std::fmt::Debug {
    // The system.
    /// What the system says about itself.
    fn os_info(&self) -> OsInfo {
        common::os_info()
    }
    /// How long the system has been running, not counting time asleep.
    fn awake_time(&self) -> Result<Duration, OsError>;
    /// Seconds since boot, sleep included.
    fn boot_time(&self) -> Result<u64, OsError> {
        common::boot_time()
    }
    /// The wall clock.
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
    /// When the system started, in Unix seconds: the clock less the time since boot.
    fn booted_at(&self) -> Option<u64> {
        let now = self
            .now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        let up = self.boot_time().ok().filter(|up| *up > 0)?;
        Some(now.saturating_sub(up))
    }
    /// Memory and swap.
    fn memory(&self) -> Result<MemoryInfo, OsError> {
        common::memory()
    }
    /// Pressure stall information for `memory` or `cpu`.
    fn pressure(&self, resource: &str) -> Result<Pressure, OsError>;
    /// Pages swapped in and out since boot.
    fn swap_activity(&self) -> Result<u64, OsError>;
    /// The load average over one, five and fifteen minutes.
    fn load_average(&self) -> Option<(f64, f64, f64)> {
        common::load_average()
    }
    /// Every process with the memory it uses (names only, never command lines).
    fn processes(&self) -> Result<Vec<ProcessInfo>, OsError> {
        common::processes()
    }
    /// The processes busy on the processor over `window`, in percent of one core. Blocks for
    /// the window.
    fn busy_processes(&self, window: Duration) -> Result<Vec<ProcessInfo>, OsError> {
        common::busy_processes(window)
    }
    /// The number of processors.
    fn cpu_count(&self) -> usize {
        std::thread::available_parallelism().map_or(1, usize::from)
    }
    /// How busy all processors were over `window`, in percent of all of them. Blocks for the
    /// window. Read where the system keeps neither pressure nor a load average (Windows).
    fn cpu_busy(&self, window: Duration) -> Result<f64, OsError> {
        let _ = window;
        Err(OsError::unsupported(
            "processor time is not sampled on this system",
        ))
    }
    /// An environment variable of this process, for the settings programs take from it.
    fn env(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
    /// The user's home folder.
    fn home_dir(&self) -> Option<PathBuf>;
    /// The name of the user running Checkup.
    fn user_name(&self) -> Option<String>;
    /// The system-wide profile: fourth in the profile lookup order.
    fn system_profile_path(&self) -> Option<PathBuf>;

    // The network.
    /// Every interface, with its addresses, gateways and link facts.
    fn interfaces(&self) -> Result<Vec<Link>, OsError>;
    /// True when a Wi-Fi radio exists and every one is blocked; None without Wi-Fi.
    fn wifi_radio_blocked(&self) -> Option<bool>;
    /// Signal and security of a Wi-Fi interface's connection.
    fn wifi_link(&self, interface: &str) -> Option<WifiLink>;
    /// The neighbour table's entry for an address.
    fn neighbour(&self, ip: IpAddr) -> Option<Neighbour>;
    /// The resolver configuration.
    fn resolver_settings(&self) -> Result<ResolverSettings, OsError>;
    /// The hosts file: where it is, and its text.
    fn hosts_file(&self) -> (String, Result<String, OsError>);
    /// Proxy settings of the desktop (GNOME, KDE, Windows' Internet settings).
    fn desktop_proxy(&self) -> Vec<ProxySetting>;

    // Disks.
    /// Every mounted filesystem.
    fn mounts(&self) -> Result<Vec<Mount>, OsError>;
    /// Space and inode counts of the filesystem mounted at `mount_point`.
    fn fs_usage(&self, mount_point: &str) -> Result<FsUsage, OsError>;
    /// The filesystem table (fstab), where the OS has one.
    fn fstab(&self) -> Option<String>;
    /// True for volumes that are read-only by design (an ostree system).
    fn sealed_by_design(&self, mount_point: &str) -> bool;
    /// The physical disks under a filesystem source.
    fn physical_disks(&self, source: &str) -> Vec<String>;
    /// True for removable media.
    fn removable(&self, source: &str) -> bool;
    /// The drive the system runs from, where the OS names one (`C:`).
    fn system_drive(&self) -> Option<String>;
    /// A disk's health, from SMART, within `limit`.
    fn disk_health(&self, device: &str, limit: Duration) -> HealthReading;
    /// The filesystem's own record of errors on `source` (ext4 keeps one every user can
    /// read), where the filesystem keeps one.
    fn fs_errors(&self, _source: &str) -> Option<FsErrors> {
        None
    }
    /// What uses the space in the home folder, walked for at most `budget`.
    fn home_usage(&self, home: &std::path::Path, budget: Duration) -> HomeUsage;
    /// NetworkManager, as this session sees it: what it lets the session do, and the Wi-Fi
    /// radio's state. `None` where it does not run.
    fn network_manager(&self) -> Option<NetworkManagerAccess> {
        None
    }
    /// Asks the network service to switch Wi-Fi on, with the session's own rights.
    fn wifi_on(&self, limit: Duration) -> Result<(), OsError> {
        let _ = limit;
        Err(OsError::unsupported(
            "Checkup cannot switch Wi-Fi on here yet",
        ))
    }
    /// Asks the network service to connect an interface again (and so ask for a new
    /// address), with the session's own rights.
    fn reconnect(&self, interface: &str, limit: Duration) -> Result<(), OsError> {
        let _ = (interface, limit);
        Err(OsError::unsupported("Checkup cannot reconnect here yet"))
    }
    /// Opens a web address in the user's default browser. Only `http` and `https` addresses
    /// without a user name or password are ever handed to the opener.
    fn open_url(&self, url: &str, limit: Duration) -> Result<(), OsError> {
        let _ = (url, limit);
        Err(OsError::unsupported(
            "Checkup cannot open a browser here yet",
        ))
    }
    /// Everything in the user's trash, with what each entry takes on disk.
    fn trash(&self) -> Result<Vec<TrashEntry>, OsError> {
        Err(OsError::unsupported(
            "Checkup does not empty the trash here yet",
        ))
    }
    /// The user's cache folders that are safe to empty.
    fn caches(&self) -> Vec<CacheFolder> {
        Vec::new()
    }
    /// Deletes these trash entries (as counted when the user agreed), and nothing else.
    fn empty_trash(&self, names: &[String]) -> Result<Freed, OsError> {
        let _ = names;
        Err(OsError::unsupported(
            "Checkup does not empty the trash here yet",
        ))
    }
    /// Empties these cache folders, each only if it is still one [`Platform::caches`] lists.
    fn clear_caches(&self, paths: &[String]) -> Result<Freed, OsError> {
        let _ = paths;
        Err(OsError::unsupported(
            "Checkup does not clear caches here yet",
        ))
    }

    // Printing.
    /// Whether printing is checked here at all, and why not.
    fn print_support(&self) -> Result<(), String>;
    /// True when a print system is installed, answering or not.
    fn print_system_installed(&self) -> bool;
    /// Whether a printer was ever set up on the local print server, and the signal used.
    fn printer_ever_set_up(&self) -> (bool, String);
    /// The print server named in the print system's client configuration.
    fn configured_print_server(&self) -> Option<String>;
    /// The local print server's socket, when one exists.
    fn local_print_socket(&self) -> Option<PathBuf>;
    /// True where the system's own print spooler serves the local printers (Windows): it is
    /// asked unless the profile names a print server.
    fn print_spooler(&self) -> bool {
        false
    }
    /// The user's own default printer.
    fn user_default_printer(&self) -> Option<String>;
    /// The print system at `server`, for the checks' questions.
    fn print_system(&self, server: &Server) -> Arc<dyn PrintSystem>;

    // Logs.
    /// The lines of one of the system's own logs that `query` asks for, oldest first, read
    /// within `limit` and capped in lines and bytes. `Err` says in one line why the log could
    /// not be read (not readable by this user). A log this system does not keep has no
    /// lines.
    fn log_lines(&self, query: &LogQuery, limit: Duration) -> Result<Vec<LogLine>, String> {
        let _ = (query, limit);
        Ok(Vec::new())
    }
    /// What this system calls the log that stands for `source`, for messages about it.
    fn log_name(&self, source: LogSource) -> &'static str {
        source.name()
    }

    // Programs.
    /// Runs a program through the one helper that starts processes: with a deadline, its
    /// output capped while it is read, never with Checkup's standard input.
    fn run_program(
        &self,
        program: &str,
        args: &[&str],
        limit: Duration,
        cap: usize,
    ) -> Result<program::ProgramOutput, program::ProgramError> {
        program::run(program, args, limit, cap)
    }
}

/// What the system says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsInfo {
    /// `linux`, `windows`, `macos` …
    pub os: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub long_version: Option<String>,
    pub kernel: Option<String>,
    pub arch: String,
    pub host_name: Option<String>,
}

/// Memory and swap, in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryInfo {
    pub total_bytes: u64,
    pub available_bytes: u64,
    pub swap_total_bytes: u64,
    pub swap_used_bytes: u64,
}

/// A process: its name and how much of a resource it uses (bytes of memory, or percent of a
/// core).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessInfo {
    pub name: String,
    pub amount: f64,
}

/// The neighbour table's entry for an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbour {
    /// `complete`, or `incomplete` when nobody answered for the address.
    pub state: String,
    pub mac: Option<String>,
}

/// One of the system's own logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogSource {
    /// The kernel's ring buffer (`/dev/kmsg`).
    Kernel,
    /// The system journal (`journalctl`).
    Journal,
    /// The print system's own error log.
    Print,
}

impl LogSource {
    pub fn name(self) -> &'static str {
        match self {
            LogSource::Kernel => "kernel log",
            LogSource::Journal => "system journal",
            LogSource::Print => "print service's log",
        }
    }
}

/// What to read of one log: one read serves every finding that needs that log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogQuery {
    pub source: LogSource,
    /// Lines written since then (Unix seconds).
    pub since: u64,
    /// The journal's services (`NetworkManager.service`) or program names; none is all.
    pub units: Vec<String>,
    /// A line must hold one of these (lower case); none is any line.
    pub words: Vec<String>,
    /// And one of these (lower case): what the findings are about; none is anything.
    pub about: Vec<String>,
}

impl LogQuery {
    /// Whether a line answers the query: written since its time (or of unknown time), and
    /// holding its words (its origin aside).
    pub fn wants(&self, line: &LogLine) -> bool {
        if line.time.is_some_and(|t| t < self.since) {
            return false;
        }
        let lower = line.text.to_lowercase();
        (self.words.is_empty() || self.words.iter().any(|w| lower.contains(w.as_str())))
            && (self.about.is_empty() || self.about.iter().any(|w| lower.contains(w.as_str())))
    }
}

/// At most this many lines come back from one read of one log.
pub const MAX_LOG_LINES: usize = 5000;
/// At most this many bytes of one log are read.
pub const MAX_LOG_READ_BYTES: usize = 4 * 1024 * 1024;
/// A longer line is cut to this many characters.
pub const MAX_LOG_LINE_CHARS: usize = 400;

/// One line of a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    /// Unix seconds, where the log says.
    pub time: Option<u64>,
    /// Who wrote it: `kernel`, a service (`NetworkManager.service`), a program name.
    pub origin: String,
    pub text: String,
}

/// A filesystem's own record of its errors. It persists until the filesystem is repaired,
/// so an old error on a healthy disk is evidence, never a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FsErrors {
    /// Where it was read: `ext4 /sys/fs/ext4/sda2`.
    pub source: String,
    /// Errors recorded since the filesystem was made or last repaired.
    pub count: u64,
    /// Unix seconds.
    pub first_time: Option<u64>,
    pub last_time: Option<u64>,
    /// The kernel function that recorded the first and the last error.
    pub first_function: Option<String>,
    pub last_function: Option<String>,
    pub last_inode: Option<u64>,
    pub last_block: Option<u64>,
    /// Per-kind counts where the filesystem keeps them (btrfs: `read_errs 3, …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// What reading a disk's health gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthReading {
    /// No tool to read it is installed (smartctl).
    NoTool,
    /// The tool's JSON (possibly saying why it could not read the disk).
    Json(serde_json::Value),
    /// It could not be run, or did not answer in time.
    Failed(String),
    /// This OS has no way to read it here.
    Unsupported(String),
    /// The system's own verdict on the physical disk (Windows' storage management API).
    Status(DiskStatus),
}

/// A physical disk's health as the system itself judges it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DiskStatus {
    pub model: Option<String>,
    pub serial: Option<String>,
    /// `SSD`, `HDD` …
    pub media: Option<String>,
    /// `healthy`, `warning`, `unhealthy` or `unknown`.
    pub health: String,
    /// The disk's operational states (`OK`, `Predictive Failure`, `Degraded` …).
    pub operational: Vec<String>,
    /// Where it was read (`MSFT_PhysicalDisk`).
    pub source: String,
    /// The disk's number, as the system's events name it (`\Device\Harddisk0`, "Disk 0").
    #[serde(default)]
    pub number: Option<u32>,
}

/// What the network service lets this session do, in NetworkManager's terms (its
/// `GetPermissions` answer), and the Wi-Fi radio's state. Windows answers the same questions
/// from the WLAN service's security settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkManagerAccess {
    /// The service that answered, as reasons name it (`NetworkManager`, `Windows`).
    #[serde(default = "network_manager_name")]
    pub service: String,
    /// Each permission with `yes`, `no` or `auth` (an administrator's password).
    pub permissions: Vec<(String, String)>,
    /// The radio is switched on by its hardware switch or key.
    pub wifi_hardware: Option<bool>,
    /// The radio is switched on in software.
    pub wifi_software: Option<bool>,
}

/// The service recorded facts of NetworkManager name, from before the field existed.
fn network_manager_name() -> String {
    "NetworkManager".to_owned()
}

impl NetworkManagerAccess {
    /// NetworkManager's answer for one permission (`enable-disable-wifi`,
    /// `network-control`): `yes`, `no` or `auth`.
    pub fn answer(&self, permission: &str) -> Option<&str> {
        let full = format!("org.freedesktop.NetworkManager.{permission}");
        self.permissions
            .iter()
            .find(|(name, _)| *name == full)
            .map(|(_, value)| value.as_str())
    }
}

/// A network interface name that may be handed to a program: letters, digits and `._-:@`,
/// never starting with `-`.
pub fn plain_interface(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':' | '@'))
}

/// The address a browser may be sent to: `http` or `https`, with a host and without a user
/// name or password; anything else is refused with the reason.
pub fn browsable(url: &str) -> Result<url::Url, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("not a web address ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "only http and https addresses are opened, not {}",
            parsed.scheme()
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("an address with a user name or password is never opened".to_owned());
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("the address names no host".to_owned());
    }
    Ok(parsed)
}

/// One entry of the trash, as counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrashEntry {
    pub name: String,
    /// What it takes on disk, links not followed.
    pub bytes: u64,
}

/// A cache folder that is safe to empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheFolder {
    pub path: String,
    pub bytes: u64,
}

/// What a clean-up removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Freed {
    /// Trash entries or cache folders emptied.
    pub entries: u64,
    pub bytes: u64,
    /// Names or folders left alone: gone since, or not what they were.
    pub skipped: Vec<String>,
}

/// What a walk of the home folder found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeUsage {
    pub home: PathBuf,
    pub total: u64,
    pub trash: u64,
    pub cache: u64,
    pub downloads: u64,
    /// Largest first: the folders directly in the home folder, with everything inside them.
    pub largest_folders: Vec<(PathBuf, u64)>,
    /// Largest first, anywhere in the home folder.
    pub largest_files: Vec<(PathBuf, u64)>,
    pub files_seen: u64,
    /// The time budget ran out before the whole tree was seen.
    pub cut_short: bool,
}

/// One network interface with what the checks need to know about it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Link {
    pub name: String,
    pub kind: Option<LinkKind>,
    /// Switched on (administratively up).
    pub up: bool,
    /// Cable plugged in or Wi-Fi associated; None when the OS does not say.
    pub carrier: Option<bool>,
    /// The OS's operational state (`up`, `down`, `lowerlayerdown` …).
    pub state: String,
    /// Carries the default route.
    pub default_route: bool,
    pub mac: Option<String>,
    pub ipv4: Vec<(Ipv4Addr, u8)>,
    pub ipv6: Vec<(Ipv6Addr, u8)>,
    pub gateways: Vec<IpAddr>,
}

impl Link {
    pub fn kind(&self) -> LinkKind {
        self.kind.unwrap_or(LinkKind::Other)
    }

    /// Switched on and connected (cable or Wi-Fi association).
    pub fn has_link(&self) -> bool {
        self.up
            && self
                .carrier
                .unwrap_or(self.state == "up" || self.state == "unknown")
    }

    pub fn addresses(&self) -> Vec<IpAddr> {
        self.ipv4
            .iter()
            .map(|(ip, _)| IpAddr::V4(*ip))
            .chain(self.ipv6.iter().map(|(ip, _)| IpAddr::V6(*ip)))
            .collect()
    }

    /// Addresses with their prefix, as `10.0.0.2/24`.
    pub fn address_texts(&self) -> Vec<String> {
        self.ipv4
            .iter()
            .map(|(ip, p)| format!("{ip}/{p}"))
            .chain(self.ipv6.iter().map(|(ip, p)| format!("{ip}/{p}")))
            .collect()
    }
}

/// A mounted filesystem, as the OS lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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
    /// True when mounted read-only, or switched to read-only by the kernel.
    pub fn read_only(&self) -> bool {
        self.options.iter().any(|o| o == "ro") || self.forced_read_only()
    }

    /// True when the kernel switched the filesystem to read-only after an error while the
    /// mount options still say `rw` (ext4's `emergency_ro` on Linux 6.x).
    pub fn forced_read_only(&self) -> bool {
        self.options.iter().any(|o| o == "emergency_ro")
    }
}

/// Space and inode counts of a filesystem, as `statvfs` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Pressure {
    pub some_avg10: f64,
    pub some_avg60: f64,
    pub full_avg60: Option<f64>,
}

/// What kind of network link an interface is, where the OS says more than its hardware type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LinkFacts {
    /// None when the OS does not say (the hardware type then decides).
    pub kind: Option<LinkKind>,
    /// Cable plugged in or Wi-Fi associated; None when unknown.
    pub carrier: Option<bool>,
}

/// Signal and security of a Wi-Fi connection, as far as the OS tells an ordinary user.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxySetting {
    /// `environment`, `gnome`, `kde`, `windows` …
    pub source: String,
    /// `http`, `https`, `socks`, `pac`, `all`.
    pub scheme: String,
    /// A URL or `host:port`.
    pub value: String,
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The macOS and fallback implementations compile here and answer every question
    /// without panicking, even where their programs and files do not exist.
    #[test]
    fn only_plain_web_addresses_may_reach_a_browser() {
        assert!(browsable("http://connectivity.example/generate_204").is_ok());
        assert!(browsable("https://portal.example/login?x=1").is_ok());
        for refused in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ftp://example/x",
            "http://user:secret@portal.example/",
            "http://user@portal.example/",
            "not a url",
            "",
        ] {
            assert!(browsable(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn every_implementation_answers_on_a_machine_it_was_not_built_for() {
        let platforms: Vec<Arc<dyn Platform>> = vec![
            Arc::new(linux::Linux),
            Arc::new(macos::Macos),
            Arc::new(other::Other),
        ];
        for platform in platforms {
            let info = platform.os_info();
            assert!(!info.arch.is_empty(), "{platform:?}: {info:?}");
            let _ = platform.interfaces();
            let _ = platform.resolver_settings();
            let _ = platform.mounts();
            let _ = platform.memory();
            let _ = platform.desktop_proxy();
            let _ = platform.print_support();
            let _ = platform.system_drive();
            let _ = platform.user_default_printer();
        }
    }
}
