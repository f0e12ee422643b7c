//! Linux: `/proc`, `/sys`, `/etc`, netdev, sysinfo, and NetworkManager's and GNOME's tools.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use nix::time::{ClockId, clock_gettime};

use super::formats::{
    from_gnome, from_kioslaverc, parse_arp, parse_gsettings_value, parse_mountinfo, parse_nmcli,
    parse_pressure, parse_proc_wireless,
};
use super::{
    CacheFolder, Freed, FsErrors, FsUsage, HealthReading, HomeUsage, Link, LinkFacts, LinkKind,
    LogLine, LogQuery, LogSource, MAX_LOG_LINES, MAX_LOG_READ_BYTES, Mount, Neighbour,
    NetworkManagerAccess, OsError, OsErrorKind, Platform, Pressure, PrintSystem, ProxySetting,
    ResolverSettings, Server, TrashEntry, WifiLink, cleanup, common, program, unix,
};

/// Linux.
#[derive(Debug, Clone, Copy, Default)]
pub struct Linux;

/// How long a helper program (nmcli, gsettings) may take, and how much it may print.
const PROGRAM_LIMIT: Duration = Duration::from_secs(2);
const PROGRAM_OUTPUT_CAP: usize = 64 * 1024;

impl Platform for Linux {
    /// Not counting time asleep: CLOCK_MONOTONIC stops during suspend, unlike
    /// CLOCK_BOOTTIME and /proc/uptime.
    fn awake_time(&self) -> Result<Duration, OsError> {
        let now = clock_gettime(ClockId::CLOCK_MONOTONIC).map_err(std::io::Error::from)?;
        Ok(Duration::from(now))
    }

    fn pressure(&self, resource: &str) -> Result<Pressure, OsError> {
        let text = std::fs::read_to_string(format!("/proc/pressure/{resource}"))?;
        parse_pressure(&text)
            .ok_or_else(|| OsError::new(OsErrorKind::Other, "unreadable pressure file"))
    }

    /// From `/proc/vmstat`.
    fn swap_activity(&self) -> Result<u64, OsError> {
        let text = std::fs::read_to_string("/proc/vmstat")?;
        let count = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        Ok(count("pswpin ").saturating_add(count("pswpout ")))
    }

    fn home_dir(&self) -> Option<PathBuf> {
        unix::home_dir()
    }

    fn user_name(&self) -> Option<String> {
        unix::user_name()
    }

    fn system_profile_path(&self) -> Option<PathBuf> {
        Some(PathBuf::from("/etc/checkup/profile.toml"))
    }

    fn interfaces(&self) -> Result<Vec<Link>, OsError> {
        common::interfaces(link_facts)
    }

    /// True when a Wi-Fi radio exists and every one is blocked (airplane mode, a switch).
    fn wifi_radio_blocked(&self) -> Option<bool> {
        wifi_radio_blocked()
    }

    /// Signal from `/proc/net/wireless`, security and name from NetworkManager's `nmcli`.
    fn wifi_link(&self, interface: &str) -> Option<WifiLink> {
        let mut link = WifiLink::default();
        if let Ok(text) = std::fs::read_to_string("/proc/net/wireless")
            && let Some((quality, level)) = parse_proc_wireless(&text, interface)
        {
            link.signal_percent = Some(quality);
            link.signal_dbm = level;
            link.source = "/proc/net/wireless".to_owned();
        }
        let args = [
            "-t",
            "-f",
            "IN-USE,SSID,SECURITY,SIGNAL",
            "device",
            "wifi",
            "list",
            "ifname",
            interface,
            "--rescan",
            "no",
        ];
        if let Ok(output) = program::run("nmcli", &args, PROGRAM_LIMIT, PROGRAM_OUTPUT_CAP)
            && output.success()
            && let Some(active) = parse_nmcli(&output.text())
        {
            link.ssid = active.ssid;
            link.security = active.security;
            link.signal_percent = link.signal_percent.or(active.signal_percent);
            link.source = if link.source.is_empty() {
                "nmcli".to_owned()
            } else {
                format!("{}, nmcli", link.source)
            };
        }
        (!link.source.is_empty()).then_some(link)
    }

    /// The neighbour (ARP) table, `/proc/net/arp`.
    fn neighbour(&self, ip: IpAddr) -> Option<Neighbour> {
        let text = std::fs::read_to_string("/proc/net/arp").ok()?;
        parse_arp(&text, &ip.to_string()).map(|(state, mac)| Neighbour { state, mac })
    }

    fn resolver_settings(&self) -> Result<ResolverSettings, OsError> {
        unix::resolver_settings()
    }

    fn hosts_file(&self) -> (String, Result<String, OsError>) {
        unix::hosts_file()
    }

    /// GNOME (gsettings) and KDE (kioslaverc).
    fn desktop_proxy(&self) -> Vec<ProxySetting> {
        let mut found = Vec::new();
        let gsettings = |schema: &str, key: &str| -> Option<String> {
            let output = program::run(
                "gsettings",
                &["get", schema, key],
                PROGRAM_LIMIT,
                PROGRAM_OUTPUT_CAP,
            )
            .ok()?;
            output
                .success()
                .then(|| parse_gsettings_value(&output.text()))
        };
        if let Some(mode) = gsettings("org.gnome.system.proxy", "mode") {
            // The automatic-configuration address matters only in automatic mode.
            let autoconfig = (mode == "auto")
                .then(|| gsettings("org.gnome.system.proxy", "autoconfig-url"))
                .flatten();
            found.extend(from_gnome(&mode, autoconfig, |scheme| {
                let schema = format!("org.gnome.system.proxy.{scheme}");
                Some((gsettings(&schema, "host")?, gsettings(&schema, "port")?))
            }));
        }
        if let Some(config) = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| unix::home_dir().map(|h| h.join(".config")))
            && let Ok(text) = std::fs::read_to_string(config.join("kioslaverc"))
        {
            found.extend(from_kioslaverc(&text));
        }
        found
    }

    /// From `/proc/self/mountinfo`.
    fn mounts(&self) -> Result<Vec<Mount>, OsError> {
        let text = std::fs::read_to_string("/proc/self/mountinfo")?;
        let mut mounts = parse_mountinfo(&text);
        for mount in &mut mounts {
            mount.removable = removable(&mount.source);
        }
        Ok(mounts)
    }

    fn fs_usage(&self, mount_point: &str) -> Result<FsUsage, OsError> {
        unix::fs_usage(Path::new(mount_point))
    }

    fn fstab(&self) -> Option<String> {
        std::fs::read_to_string("/etc/fstab").ok()
    }

    /// An ostree-managed system's volumes.
    fn sealed_by_design(&self, mount_point: &str) -> bool {
        Path::new("/run/ostree-booted").exists() && matches!(mount_point, "/" | "/usr" | "/sysroot")
    }

    fn physical_disks(&self, source: &str) -> Vec<String> {
        physical_disks(source)
    }

    fn removable(&self, source: &str) -> bool {
        removable(source)
    }

    fn system_drive(&self) -> Option<String> {
        None
    }

    fn disk_health(&self, device: &str, limit: Duration) -> HealthReading {
        unix::smartctl(device, limit)
    }

    fn fs_errors(&self, source: &str) -> Option<FsErrors> {
        let name = kernel_name(source)?;
        let dir = format!("/sys/fs/ext4/{name}");
        let read = |file: &str| {
            std::fs::read_to_string(format!("{dir}/{file}"))
                .ok()
                .map(|text| text.trim().to_owned())
        };
        super::formats::parse_ext4_errors(&dir, read).or_else(|| btrfs_errors(&name))
    }

    fn log_lines(&self, query: &LogQuery, limit: Duration) -> Result<Vec<LogLine>, String> {
        match query.source {
            LogSource::Kernel => kernel_log(query, limit, self.booted_at()),
            LogSource::Journal => journal(query, limit),
            LogSource::Print => Ok(Vec::new()),
        }
    }

    fn home_usage(&self, home: &Path, budget: Duration) -> HomeUsage {
        common::home_usage(home, budget, unix::trash_dir(home), &unix::FILE_FACTS)
    }

    fn network_manager(&self) -> Option<NetworkManagerAccess> {
        let terse = |args: &[&str]| {
            program::run("nmcli", args, Duration::from_secs(2), 64 * 1024)
                .ok()
                .filter(|output| output.code == Some(0))
                .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        };
        let permissions = terse(&["-t", "-f", "PERMISSION,VALUE", "general", "permissions"])?;
        let radio = terse(&["-t", "-f", "WIFI-HW,WIFI", "radio"])
            .and_then(|text| super::formats::parse_nm_radio(&text));
        Some(NetworkManagerAccess {
            service: "NetworkManager".to_owned(),
            permissions: super::formats::parse_nm_permissions(&permissions),
            wifi_hardware: radio.map(|(hardware, _)| hardware),
            wifi_software: radio.map(|(_, software)| software),
        })
    }

    fn wifi_on(&self, limit: Duration) -> Result<(), OsError> {
        nmcli(&["radio", "wifi", "on"], limit)
    }

    fn reconnect(&self, interface: &str, limit: Duration) -> Result<(), OsError> {
        if !super::plain_interface(interface) {
            return Err(OsError::new(
                OsErrorKind::Other,
                format!("{interface:?} is not an interface name"),
            ));
        }
        // Waits for the connection to come up (a new address), within the limit.
        let wait = limit
            .saturating_sub(Duration::from_secs(2))
            .as_secs()
            .max(1)
            .to_string();
        nmcli(&["--wait", &wait, "device", "connect", interface], limit)
    }

    fn open_url(&self, url: &str, limit: Duration) -> Result<(), OsError> {
        // The desktop's opener (`xdg-open`, found in `PATH`) starts the default browser.
        let url = super::browsable(url).map_err(|e| OsError::new(OsErrorKind::Other, e))?;
        program::hand_over("xdg-open", &[url.as_str()], limit).map_err(|error| match error {
            program::ProgramError::NotFound(_) => OsError::new(
                OsErrorKind::NotFound,
                "no opener (xdg-open) is installed to start a browser",
            ),
            other => OsError::new(OsErrorKind::Other, other.to_string()),
        })
    }

    fn trash(&self) -> Result<Vec<TrashEntry>, OsError> {
        cleanup::trash_listing(
            &own_trash()?,
            cleanup::Layout::Freedesktop,
            &unix::FILE_FACTS,
        )
    }

    fn caches(&self) -> Vec<CacheFolder> {
        unix::cache_dir()
            .map(|cache| {
                cleanup::cache_folders(&cache, cleanup::Caches::Freedesktop, &unix::FILE_FACTS)
            })
            .unwrap_or_default()
    }

    fn empty_trash(&self, names: &[String]) -> Result<Freed, OsError> {
        cleanup::empty_trash(
            &own_trash()?,
            cleanup::Layout::Freedesktop,
            names,
            &unix::FILE_FACTS,
        )
    }

    fn clear_caches(&self, paths: &[String]) -> Result<Freed, OsError> {
        let cache = unix::cache_dir()
            .ok_or_else(|| OsError::unsupported("this user has no home folder"))?;
        cleanup::clear_caches(
            &cache,
            cleanup::Caches::Freedesktop,
            paths,
            &unix::FILE_FACTS,
        )
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
        unix::local_print_socket(&["/run/cups/cups.sock", "/var/run/cups/cups.sock"])
    }

    fn user_default_printer(&self) -> Option<String> {
        unix::user_default_printer()
    }

    fn print_system(&self, server: &Server) -> Arc<dyn PrintSystem> {
        unix::print_system(server)
    }
}

/// The block device's kernel name (`sda2`) for `/dev/sda2`, following symlinks such as
/// `/dev/mapper/root` or `/dev/disk/by-uuid/…`.
fn kernel_name(source: &str) -> Option<String> {
    let resolved = std::fs::canonicalize(source).ok()?;
    resolved.file_name()?.to_str().map(str::to_owned)
}

/// Whether the device (or the disk a partition is on) is removable media.
fn removable(source: &str) -> bool {
    let Some(name) = (source.starts_with("/dev/"))
        .then(|| kernel_name(source))
        .flatten()
    else {
        return false;
    };
    let disk = base_disk(&name).unwrap_or(name);
    std::fs::read_to_string(format!("/sys/class/block/{disk}/removable"))
        .is_ok_and(|flag| flag.trim() == "1")
}

/// The whole disk a partition belongs to (`sda2` → `sda`, `nvme0n1p1` → `nvme0n1`).
fn base_disk(name: &str) -> Option<String> {
    let path = std::fs::canonicalize(format!("/sys/class/block/{name}")).ok()?;
    if path.join("partition").exists() {
        return path.parent()?.file_name()?.to_str().map(str::to_owned);
    }
    Some(name.to_owned())
}

/// The physical disks under a filesystem source, as `/dev/…` paths: partitions map to their
/// disk, device-mapper volumes to the disks below them; loop, RAM and zram devices have none.
fn physical_disks(source: &str) -> Vec<String> {
    let Some(name) = kernel_name(source) else {
        return Vec::new();
    };
    let mut disks = Vec::new();
    collect_disks(&name, &mut disks, 0);
    disks.sort();
    disks.dedup();
    disks
}

fn collect_disks(name: &str, disks: &mut Vec<String>, depth: usize) {
    if depth > 8
        || ["loop", "ram", "zram", "nbd"]
            .iter()
            .any(|p| name.starts_with(p))
    {
        return;
    }
    let slaves = format!("/sys/class/block/{name}/slaves");
    let below: Vec<String> = std::fs::read_dir(&slaves)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    if below.is_empty() {
        if let Some(disk) = base_disk(name) {
            disks.push(format!("/dev/{disk}"));
        }
    } else {
        for slave in below {
            collect_disks(&slave, disks, depth + 1);
        }
    }
}

/// Link kind and carrier from sysfs (`/sys/class/net/NAME`).
fn link_facts(name: &str) -> LinkFacts {
    let dir = Path::new("/sys/class/net").join(name);
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).ok();
    let uevent = read("uevent").unwrap_or_default();
    let devtype = uevent
        .lines()
        .find_map(|l| l.strip_prefix("DEVTYPE="))
        .unwrap_or("");
    let arp_type = read("type").and_then(|t| t.trim().parse::<u32>().ok());
    let kind = if name == "lo" || arp_type == Some(772) {
        LinkKind::Loopback
    } else if dir.join("wireless").exists() || dir.join("phy80211").exists() || devtype == "wlan" {
        LinkKind::Wifi
    } else if dir.join("bridge").exists() || devtype == "bridge" {
        LinkKind::Bridge
    } else if dir.join("brport").exists() {
        LinkKind::BridgePort
    } else if devtype == "wireguard" {
        LinkKind::WireGuard
    } else if let Some(flags) = read("tun_flags") {
        // IFF_TAP = 0x0002.
        let tap = u32::from_str_radix(flags.trim().trim_start_matches("0x"), 16)
            .is_ok_and(|f| f & 0x2 != 0);
        if tap { LinkKind::Tap } else { LinkKind::Tun }
    } else if arp_type == Some(65534) {
        LinkKind::Tun
    } else if !dir.join("device").exists() {
        LinkKind::Virtual
    } else if arp_type == Some(1) {
        LinkKind::Ethernet
    } else {
        LinkKind::Other
    };
    // `carrier` can only be read while the interface is up.
    let carrier = read("carrier").and_then(|c| match c.trim() {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    });
    LinkFacts {
        kind: Some(kind),
        carrier,
    }
}

/// True when a Wi-Fi radio exists and every one is blocked (airplane mode, a switch).
fn wifi_radio_blocked() -> Option<bool> {
    let entries = std::fs::read_dir("/sys/class/rfkill").ok()?;
    let mut any = false;
    let mut all_blocked = true;
    for entry in entries.flatten() {
        let path = entry.path();
        let kind = std::fs::read_to_string(path.join("type")).unwrap_or_default();
        if kind.trim() != "wlan" {
            continue;
        }
        any = true;
        let on =
            |file: &str| std::fs::read_to_string(path.join(file)).is_ok_and(|v| v.trim() == "1");
        if !(on("soft") || on("hard")) {
            all_blocked = false;
        }
    }
    any.then_some(all_blocked)
}

/// Keeps the newest `MAX_LOG_LINES` lines the query wants.
fn keep(lines: &mut std::collections::VecDeque<LogLine>, line: LogLine, query: &LogQuery) {
    if query.wants(&line) {
        if lines.len() == MAX_LOG_LINES {
            lines.pop_front();
        }
        lines.push_back(line);
    }
}

/// The kernel's ring buffer, read from `/dev/kmsg` without waiting for new records. Closed
/// to ordinary users where `kernel.dmesg_restrict` is set.
fn kernel_log(
    query: &LogQuery,
    limit: Duration,
    boot: Option<u64>,
) -> Result<Vec<LogLine>, String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::fcntl::OFlag::O_NONBLOCK.bits())
        .open("/dev/kmsg")
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "the kernel log is readable only by administrators here".to_owned()
            }
            _ => format!("the kernel log could not be read ({error})"),
        })?;
    let started = std::time::Instant::now();
    let mut record = vec![0u8; 16 * 1024];
    let mut lines = std::collections::VecDeque::new();
    let mut bytes = 0usize;
    while started.elapsed() < limit && bytes < MAX_LOG_READ_BYTES {
        match file.read(&mut record) {
            Ok(0) => break,
            Ok(n) => {
                bytes += n;
                if let Some(line) = super::formats::parse_kmsg_record(&record[..n], boot) {
                    keep(&mut lines, line, query);
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => break,
            // Records overwritten while reading: the next read goes on with the oldest left.
            Err(error) if error.raw_os_error() == Some(nix::errno::Errno::EPIPE as i32) => {}
            Err(error) => return Err(format!("the kernel log could not be read ({error})")),
        }
    }
    Ok(lines.into())
}

/// Asks NetworkManager to do something through `nmcli`, with the session's own rights
/// (polkit decides; nothing is elevated).
fn nmcli(args: &[&str], limit: Duration) -> Result<(), OsError> {
    match program::run("nmcli", args, limit, 64 * 1024) {
        Ok(output) if output.code == Some(0) => Ok(()),
        Ok(output) => Err(OsError::new(
            OsErrorKind::Other,
            format!(
                "NetworkManager did not do it (nmcli {} ended with {:?})",
                args.join(" "),
                output.code
            ),
        )),
        Err(program::ProgramError::NotFound(_)) => Err(OsError::new(
            OsErrorKind::NotFound,
            "NetworkManager's nmcli is not installed",
        )),
        Err(error) => Err(OsError::new(OsErrorKind::Other, error.to_string())),
    }
}

/// The user's own trash folder.
fn own_trash() -> Result<PathBuf, OsError> {
    unix::home_dir()
        .and_then(|home| unix::trash_dir(&home))
        .ok_or_else(|| OsError::unsupported("this user has no home folder"))
}

/// Whether this user may read the whole system journal: an administrator, or a member of
/// the groups journald opens it to.
fn journal_readable() -> bool {
    if nix::unistd::geteuid().is_root() {
        return true;
    }
    let mine: Vec<nix::unistd::Gid> = nix::unistd::getgroups()
        .unwrap_or_default()
        .into_iter()
        .chain([nix::unistd::getegid()])
        .collect();
    ["systemd-journal", "adm", "wheel"].iter().any(|name| {
        nix::unistd::Group::from_name(name)
            .ok()
            .flatten()
            .is_some_and(|group| mine.contains(&group.gid))
    })
}

/// The system journal through `journalctl`, in one call for every unit asked about.
fn journal(query: &LogQuery, limit: Duration) -> Result<Vec<LogLine>, String> {
    if !journal_readable() {
        return Err("the system journal is readable only by administrators here".to_owned());
    }
    let args = super::formats::journal_args(query.since, &query.units, &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output =
        program::run("journalctl", &args, limit, MAX_LOG_READ_BYTES).map_err(
            |error| match error {
                program::ProgramError::NotFound(_) => {
                    "there is no system journal here (journalctl is not installed)".to_owned()
                }
                other => format!("the system journal could not be read ({other})"),
            },
        )?;
    if !output.success() && output.stdout.is_empty() {
        return Err("the system journal could not be read here".to_owned());
    }
    let mut lines = std::collections::VecDeque::new();
    for line in super::formats::parse_journal_json(&output.stdout) {
        keep(&mut lines, line, query);
    }
    Ok(lines.into())
}

/// btrfs' device statistics for the filesystem `name` (a kernel device name) belongs to:
/// `/sys/fs/btrfs/<fsid>/devinfo/<devid>/error_stats`, summed over its devices.
fn btrfs_errors(name: &str) -> Option<FsErrors> {
    let filesystems = std::fs::read_dir("/sys/fs/btrfs").ok()?;
    let fs = filesystems
        .flatten()
        .map(|entry| entry.path())
        .find(|fs| fs.join("devices").join(name).exists())?;
    let stats: Vec<String> = std::fs::read_dir(fs.join("devinfo"))
        .ok()?
        .flatten()
        .filter_map(|dev| std::fs::read_to_string(dev.path().join("error_stats")).ok())
        .collect();
    super::formats::parse_btrfs_error_stats(&fs.display().to_string(), &stats)
}
