//! Linux.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use nix::time::{ClockId, clock_gettime};

/// How long the system has been running, not counting time asleep (CLOCK_MONOTONIC stops
/// during suspend, unlike CLOCK_BOOTTIME and /proc/uptime).
pub fn awake_time() -> io::Result<Duration> {
    let now = clock_gettime(ClockId::CLOCK_MONOTONIC).map_err(io::Error::from)?;
    Ok(Duration::from(now))
}

/// The system-wide profile: fourth in the lookup order.
pub fn system_profile_path() -> Option<PathBuf> {
    Some(PathBuf::from("/etc/checkup/profile.toml"))
}

use std::path::Path;

use super::{FsUsage, Mount, Pressure};

/// Every mounted filesystem, from `/proc/self/mountinfo`.
pub fn mounts() -> io::Result<Vec<Mount>> {
    let text = std::fs::read_to_string("/proc/self/mountinfo")?;
    let mut mounts = parse_mountinfo(&text);
    for mount in &mut mounts {
        mount.removable = removable(&mount.source);
    }
    Ok(mounts)
}

/// Parses `/proc/self/mountinfo`; lines it cannot read are left out.
pub fn parse_mountinfo(text: &str) -> Vec<Mount> {
    text.lines().filter_map(parse_mountinfo_line).collect()
}

fn parse_mountinfo_line(line: &str) -> Option<Mount> {
    // id parent major:minor root mount_point options [optional…] - fs_type source super_options
    let (left, right) = line.split_once(" - ")?;
    let left: Vec<&str> = left.split(' ').collect();
    let mount_point = unescape_octal(left.get(4)?);
    let mut options: Vec<String> = left.get(5)?.split(',').map(str::to_owned).collect();
    let mut right = right.split(' ');
    let fs_type = right.next()?.to_owned();
    let source = unescape_octal(right.next()?);
    options.extend(
        right
            .next()
            .unwrap_or("")
            .split(',')
            .filter(|o| !o.is_empty() && *o != "rw")
            .map(str::to_owned),
    );
    Some(Mount {
        block_device: source.starts_with("/dev/"),
        mount_point,
        fs_type,
        source,
        options,
        removable: false,
    })
}

/// mountinfo writes space, tab, newline and backslash as `\040`, `\011`, `\012`, `\134`.
fn unescape_octal(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && let Some(code) = text
                .get(i + 1..i + 4)
                .and_then(|d| u8::from_str_radix(d, 8).ok())
        {
            out.push(code);
            i += 4;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
pub fn physical_disks(source: &str) -> Vec<String> {
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

/// Space and inode counts. Blocking: call it on a detached thread under a deadline.
// fsblkcnt_t and friends are 32 bits wide on some targets.
#[allow(clippy::useless_conversion)]
pub fn fs_usage(path: &Path) -> io::Result<FsUsage> {
    let stats = nix::sys::statvfs::statvfs(path).map_err(io::Error::from)?;
    let unit = u64::from(stats.fragment_size()).max(1);
    Ok(FsUsage {
        total_bytes: u64::from(stats.blocks()).saturating_mul(unit),
        free_bytes: u64::from(stats.blocks_free()).saturating_mul(unit),
        available_bytes: u64::from(stats.blocks_available()).saturating_mul(unit),
        total_inodes: u64::from(stats.files()),
        free_inodes: u64::from(stats.files_available()),
    })
}

/// What `/etc/fstab` asks for this mount point: `Some(true)` read-only, `Some(false)` writable,
/// `None` when it is not listed (or fstab cannot be read).
pub fn configured_read_only(mount_point: &str) -> Option<bool> {
    let text = std::fs::read_to_string("/etc/fstab").ok()?;
    parse_fstab_read_only(&text, mount_point)
}

/// The pure part of [`configured_read_only`].
pub fn parse_fstab_read_only(text: &str, mount_point: &str) -> Option<bool> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let point = unescape_octal(fields.get(1)?);
            let point = if point.len() > 1 {
                point.trim_end_matches('/').to_owned()
            } else {
                point
            };
            (point == mount_point).then(|| {
                fields
                    .get(3)
                    .is_some_and(|o| o.split(',').any(|o| o == "ro"))
            })
        })
        .next_back()
}

/// True for volumes that are read-only by design: an ostree-managed system.
pub fn sealed_by_design(mount_point: &str) -> bool {
    Path::new("/run/ostree-booted").exists() && matches!(mount_point, "/" | "/usr" | "/sysroot")
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

/// The user's home folder.
pub fn home_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(std::path::PathBuf::from)
}

/// The space a file takes on disk (allocated blocks, so sparse files count for what they use).
pub fn allocated_size(metadata: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    metadata.blocks().saturating_mul(512)
}

/// The device a file is on, to keep a scan on one filesystem.
pub fn device_of(metadata: &std::fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(metadata.dev())
}

/// Pressure stall information for `memory` or `cpu`.
pub fn pressure(resource: &str) -> io::Result<Pressure> {
    let text = std::fs::read_to_string(format!("/proc/pressure/{resource}"))?;
    parse_pressure(&text)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "unreadable pressure file"))
}

/// Parses a `/proc/pressure/*` file.
pub fn parse_pressure(text: &str) -> Option<Pressure> {
    let field = |line: &str, name: &str| -> Option<f64> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
    };
    let some = text.lines().find(|l| l.starts_with("some "))?;
    let full = text.lines().find(|l| l.starts_with("full "));
    Some(Pressure {
        some_avg10: field(some, "avg10")?,
        some_avg60: field(some, "avg60")?,
        full_avg60: full.and_then(|l| field(l, "avg60")),
    })
}

/// Pages swapped in and out since boot, from `/proc/vmstat`.
pub fn swap_activity() -> io::Result<u64> {
    let text = std::fs::read_to_string("/proc/vmstat")?;
    let count = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    Ok(count("pswpin ").saturating_add(count("pswpout ")))
}

/// The freedesktop trash folder.
pub fn trash_dir(home: &Path) -> Option<std::path::PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map_or_else(|| home.join(".local/share"), std::path::PathBuf::from);
    Some(data.join("Trash"))
}

const CUPS_SOCKETS: &[&str] = &["/run/cups/cups.sock", "/var/run/cups/cups.sock"];

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

/// Link kind and carrier from sysfs (`/sys/class/net/NAME`).
pub fn link_facts(name: &str) -> super::LinkFacts {
    use super::LinkKind;
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
    super::LinkFacts {
        kind: Some(kind),
        carrier,
    }
}

/// True when a Wi-Fi radio exists and every one is blocked (airplane mode, a switch).
pub fn wifi_radio_blocked() -> Option<bool> {
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

/// Signal from `/proc/net/wireless`, security and name from NetworkManager's `nmcli` when
/// present. Blocking (runs a program): call it on a detached thread.
pub fn wifi_link(name: &str) -> Option<super::WifiLink> {
    let mut link = super::WifiLink::default();
    if let Ok(text) = std::fs::read_to_string("/proc/net/wireless")
        && let Some((quality, level)) =
            crate::areas::network::wifi::parse_proc_wireless(&text, name)
    {
        link.signal_percent = Some(quality);
        link.signal_dbm = level;
        link.source = "/proc/net/wireless".to_owned();
    }
    let output = std::process::Command::new("nmcli")
        .args([
            "-t",
            "-f",
            "IN-USE,SSID,SECURITY,SIGNAL",
            "device",
            "wifi",
            "list",
            "ifname",
            name,
            "--rescan",
            "no",
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    if let Ok(output) = output
        && output.status.success()
        && let Some(active) =
            crate::areas::network::wifi::parse_nmcli(&String::from_utf8_lossy(&output.stdout))
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

/// The neighbour (ARP) table's entry for an IPv4 address: `complete` with the hardware
/// address, or `incomplete` when it did not answer.
pub fn neighbour(ip: std::net::IpAddr) -> Option<(String, Option<String>)> {
    let text = std::fs::read_to_string("/proc/net/arp").ok()?;
    let wanted = ip.to_string();
    text.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.first() != Some(&wanted.as_str()) || fields.len() < 4 {
            return None;
        }
        let complete = fields[2] != "0x0";
        let state = if complete { "complete" } else { "incomplete" };
        Some((state.to_owned(), complete.then(|| fields[3].to_owned())))
    })
}

const STUB_RESOLVERS: &[&str] = &["127.0.0.53", "127.0.0.54"];

/// `/etc/resolv.conf`, and behind systemd-resolved's stub the upstream servers it uses.
pub fn resolver_settings() -> io::Result<super::ResolverSettings> {
    let path = "/etc/resolv.conf";
    let text = std::fs::read_to_string(path)?;
    let parsed = crate::areas::dns::parse_resolv_conf(&text);
    let mut settings = super::ResolverSettings {
        source: path.to_owned(),
        servers: parsed.servers,
        search: parsed.search,
        upstream: Vec::new(),
    };
    if settings
        .servers
        .iter()
        .any(|s| STUB_RESOLVERS.contains(&s.as_str()))
        && let Ok(text) = std::fs::read_to_string("/run/systemd/resolve/resolv.conf")
    {
        settings.upstream = crate::areas::dns::parse_resolv_conf(&text)
            .servers
            .into_iter()
            .filter(|s| !STUB_RESOLVERS.contains(&s.as_str()))
            .collect();
    }
    Ok(settings)
}

/// The hosts file.
pub fn hosts_path() -> PathBuf {
    PathBuf::from("/etc/hosts")
}

/// Proxy settings of the desktop: GNOME (gsettings) and KDE (kioslaverc). Blocking (runs a
/// program): call it on a detached thread.
pub fn desktop_proxy() -> Vec<super::ProxySetting> {
    let mut found = Vec::new();
    // One value from GNOME's settings, with GVariant's string quotes removed.
    let gsettings = |schema: &str, key: &str| -> Option<String> {
        let output = std::process::Command::new("gsettings")
            .args(["get", schema, key])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        output.status.success().then(|| {
            String::from_utf8_lossy(&output.stdout)
                .trim()
                .trim_matches('\'')
                .to_owned()
        })
    };
    if let Some(mode) = gsettings("org.gnome.system.proxy", "mode") {
        found.extend(crate::areas::network::proxy::from_gnome(
            &mode,
            gsettings("org.gnome.system.proxy", "autoconfig-url"),
            |scheme| {
                let schema = format!("org.gnome.system.proxy.{scheme}");
                Some((gsettings(&schema, "host")?, gsettings(&schema, "port")?))
            },
        ));
    }
    if let Some(config) = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| home_dir().map(|h| h.join(".config")))
        && let Ok(text) = std::fs::read_to_string(config.join("kioslaverc"))
    {
        found.extend(crate::areas::network::proxy::from_kioslaverc(&text));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mountinfo_lines_are_parsed_with_escapes_and_options() {
        let text = "\
36 35 98:0 /mnt1 /mnt/my\\040disk rw,noatime master:1 - ext3 /dev/root rw,errors=continue
37 35 0:21 / /proc rw,relatime - proc proc rw
38 35 7:3 / /snap/core/1 ro,nodev shared:5 - squashfs /dev/loop3 ro
broken line
";
        let mounts = parse_mountinfo(text);
        assert_eq!(mounts.len(), 3);
        assert_eq!(mounts[0].mount_point, "/mnt/my disk");
        assert_eq!(mounts[0].fs_type, "ext3");
        assert_eq!(mounts[0].source, "/dev/root");
        assert!(mounts[0].block_device);
        assert!(!mounts[0].read_only());
        assert!(mounts[0].options.contains(&"errors=continue".to_owned()));
        assert!(!mounts[1].block_device);
        assert!(mounts[2].read_only());
    }

    #[test]
    fn fstab_read_only_is_found_by_mount_point() {
        let fstab = "# comment\nUUID=1 / ext4 errors=remount-ro 0 1\n/dev/sdb1 /data ext4 ro,noatime 0 2\n/dev/sdc1 /my\\040stuff/ xfs defaults 0 0\n";
        assert_eq!(parse_fstab_read_only(fstab, "/"), Some(false));
        assert_eq!(parse_fstab_read_only(fstab, "/data"), Some(true));
        assert_eq!(parse_fstab_read_only(fstab, "/my stuff"), Some(false));
        assert_eq!(parse_fstab_read_only(fstab, "/other"), None);
    }

    #[test]
    fn pressure_files_are_parsed() {
        let text = "some avg10=1.50 avg60=20.25 avg300=3.00 total=123\nfull avg10=0.00 avg60=4.50 avg300=0.00 total=9\n";
        let pressure = parse_pressure(text).unwrap_or_default();
        assert_eq!(pressure.some_avg10, 1.5);
        assert_eq!(pressure.some_avg60, 20.25);
        assert_eq!(pressure.full_avg60, Some(4.5));
        assert_eq!(parse_pressure("garbage"), None);
        assert_eq!(parse_pressure("some avg10=x avg60=1"), None);
    }
}
