//! Fact readers several operating systems share: the interface list (netdev), memory and
//! processes (sysinfo), the walk of the home folder, and SMART through smartctl. Each OS's
//! file calls these with what is particular to it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{
    HomeUsage, Link, LinkFacts, LinkKind, MemoryInfo, OsError, OsErrorKind, OsInfo, ProcessInfo,
    ResolverSettings,
};

/// Every interface (netdev) with the OS's extra link facts (`link_facts` by name).
pub fn interfaces(link_facts: impl Fn(&str) -> LinkFacts) -> Result<Vec<Link>, OsError> {
    let interfaces = netdev::get_interfaces();
    if interfaces.is_empty() {
        // An OS that lists nothing at all is unusual enough to say so.
        return Err(OsError::new(
            OsErrorKind::Other,
            "the system listed no network interfaces",
        ));
    }
    Ok(interfaces
        .into_iter()
        .map(|interface| {
            let facts = link_facts(&interface.name);
            let kind = facts.kind.unwrap_or_else(|| kind_of(&interface));
            let state = interface.oper_state().as_str().to_owned();
            let carrier = facts.carrier.or(match interface.oper_state() {
                netdev::interface::state::OperState::Up => Some(true),
                netdev::interface::state::OperState::LowerLayerDown
                | netdev::interface::state::OperState::Dormant => Some(false),
                _ => None,
            });
            let gateways = interface
                .gateway
                .as_ref()
                .map(|g| {
                    g.ipv4
                        .iter()
                        .map(|ip| IpAddr::V4(*ip))
                        .chain(g.ipv6.iter().map(|ip| IpAddr::V6(*ip)))
                        .collect()
                })
                .unwrap_or_default();
            Link {
                kind: Some(kind),
                up: interface.is_up(),
                carrier: if interface.is_up() {
                    carrier
                } else {
                    Some(false)
                },
                state,
                default_route: interface.default,
                mac: interface
                    .mac_addr
                    .map(|m| m.to_string())
                    .filter(|m| m != "00:00:00:00:00:00"),
                ipv4: interface
                    .ipv4
                    .iter()
                    .map(|n| (n.addr(), n.prefix_len()))
                    .collect(),
                ipv6: interface
                    .ipv6
                    .iter()
                    .map(|n| (n.addr(), n.prefix_len()))
                    .collect(),
                gateways,
                // Windows names an adapter by its GUID; people know it by its friendly name
                // ("Ethernet", "Wi-Fi").
                #[cfg(windows)]
                name: interface
                    .friendly_name
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or(interface.name),
                #[cfg(not(windows))]
                name: interface.name,
            }
        })
        .collect())
}

fn kind_of(interface: &netdev::Interface) -> LinkKind {
    use netdev::interface::types::InterfaceType as T;
    match interface.if_type {
        T::Loopback => LinkKind::Loopback,
        T::Wireless80211 => LinkKind::Wifi,
        T::Bridge => LinkKind::Bridge,
        T::Tunnel | T::Ppp => LinkKind::Tun,
        T::Ethernet | T::GigabitEthernet | T::FastEthernetT | T::FastEthernetFx => {
            LinkKind::Ethernet
        }
        _ => LinkKind::Other,
    }
}

/// What the system says about itself (sysinfo).
pub fn os_info() -> OsInfo {
    OsInfo {
        os: std::env::consts::OS.to_owned(),
        name: sysinfo::System::name().ok(),
        version: sysinfo::System::os_version().ok(),
        long_version: sysinfo::System::long_os_version().ok(),
        kernel: sysinfo::System::kernel_version().ok(),
        arch: std::env::consts::ARCH.to_owned(),
        host_name: sysinfo::System::host_name().ok(),
    }
}

/// Seconds since boot (sysinfo).
pub fn boot_time() -> Result<u64, OsError> {
    sysinfo::System::uptime().map_err(|e| OsError::new(OsErrorKind::Other, e.to_string()))
}

/// The load average (sysinfo), where the OS keeps one.
pub fn load_average() -> Option<(f64, f64, f64)> {
    sysinfo::System::load_average()
        .ok()
        .map(|l| (l.one, l.five, l.fifteen))
}

/// Memory and swap (sysinfo).
pub fn memory() -> Result<MemoryInfo, OsError> {
    let mut system =
        sysinfo::System::new().map_err(|e| OsError::new(OsErrorKind::Other, e.to_string()))?;
    system.refresh_memory();
    Ok(MemoryInfo {
        total_bytes: system.total_memory(),
        available_bytes: system.available_memory(),
        swap_total_bytes: system.total_swap(),
        swap_used_bytes: system.used_swap(),
    })
}

/// Every process's name and memory (sysinfo); never command lines.
pub fn processes() -> Result<Vec<ProcessInfo>, OsError> {
    use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System};
    let mut system = System::new().map_err(|e| OsError::new(OsErrorKind::Other, e.to_string()))?;
    system.refresh_processes_specifics(
        ProcessesToUpdate::All,
        true,
        ProcessRefreshKind::nothing().with_memory(),
    );
    // Display only: precision loss beyond 2^53 bytes does not matter.
    #[allow(clippy::cast_precision_loss)]
    Ok(system
        .processes()
        .values()
        .map(|p| ProcessInfo {
            name: p.name().to_string_lossy().into_owned(),
            amount: p.memory() as f64,
        })
        .collect())
}

/// The processes busy on the processor between two readings `window` apart (sysinfo), in
/// percent of one core.
pub fn busy_processes(window: Duration) -> Result<Vec<ProcessInfo>, OsError> {
    use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System};
    let mut system = System::new().map_err(|e| OsError::new(OsErrorKind::Other, e.to_string()))?;
    let kind = ProcessRefreshKind::nothing().with_cpu();
    system.refresh_processes_specifics(ProcessesToUpdate::All, true, kind);
    std::thread::sleep(window.max(sysinfo::MINIMUM_CPU_UPDATE_INTERVAL));
    system.refresh_processes_specifics(ProcessesToUpdate::All, true, kind);
    Ok(system
        .processes()
        .values()
        .map(|p| ProcessInfo {
            name: p.name().to_string_lossy().into_owned(),
            amount: f64::from(p.cpu_usage()),
        })
        .filter(|p| p.amount > 0.0)
        .collect())
}

/// How a filesystem counts a file's size and its device, for the walk of the home folder.
#[derive(Debug, Clone, Copy)]
pub struct FileFacts {
    pub allocated_size: fn(&std::fs::Metadata) -> u64,
    pub device_of: fn(&std::fs::Metadata) -> Option<u64>,
}

/// How many of the largest folders and files are named.
const TOP: usize = 5;

/// Walks the home folder for at most `budget`, staying on its filesystem and never following
/// links.
pub fn home_usage(
    home: &Path,
    budget: Duration,
    trash: Option<PathBuf>,
    files_of: &FileFacts,
) -> HomeUsage {
    let deadline = Instant::now() + budget;
    let cache = home.join(".cache");
    let downloads = home.join("Downloads");
    let device = std::fs::symlink_metadata(home)
        .ok()
        .and_then(|m| (files_of.device_of)(&m));

    #[derive(Clone, Copy, PartialEq)]
    enum Bucket {
        None,
        Trash,
        Cache,
        Downloads,
    }
    let mut usage = HomeUsage {
        home: home.to_owned(),
        ..HomeUsage::default()
    };
    let mut folders: Vec<(PathBuf, u64)> = Vec::new();
    let mut files: BinaryHeap<Reverse<(u64, PathBuf)>> = BinaryHeap::new();
    // (directory, index of its top-level folder, bucket)
    let mut stack: Vec<(PathBuf, Option<usize>, Bucket)> =
        vec![(home.to_owned(), None, Bucket::None)];
    'walk: while let Some((dir, top, bucket)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if Instant::now() >= deadline {
                usage.cut_short = true;
                break 'walk;
            }
            let path = entry.path();
            let Ok(metadata) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if metadata.is_dir() {
                if device.is_some() && (files_of.device_of)(&metadata) != device {
                    continue;
                }
                let top = top.or_else(|| {
                    folders.push((path.clone(), 0));
                    Some(folders.len() - 1)
                });
                let bucket = if bucket != Bucket::None {
                    bucket
                } else if trash.as_deref() == Some(path.as_path()) {
                    Bucket::Trash
                } else if path == cache {
                    Bucket::Cache
                } else if path == downloads {
                    Bucket::Downloads
                } else {
                    Bucket::None
                };
                stack.push((path, top, bucket));
            } else if metadata.is_file() {
                let size = (files_of.allocated_size)(&metadata);
                usage.files_seen += 1;
                usage.total = usage.total.saturating_add(size);
                if let Some(top) = top
                    && let Some(folder) = folders.get_mut(top)
                {
                    folder.1 = folder.1.saturating_add(size);
                }
                match bucket {
                    Bucket::Trash => usage.trash = usage.trash.saturating_add(size),
                    Bucket::Cache => usage.cache = usage.cache.saturating_add(size),
                    Bucket::Downloads => usage.downloads = usage.downloads.saturating_add(size),
                    Bucket::None => {}
                }
                files.push(Reverse((size, path)));
                if files.len() > TOP {
                    files.pop();
                }
            }
        }
    }
    folders.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    folders.truncate(TOP);
    usage.largest_folders = folders;
    let mut largest: Vec<(PathBuf, u64)> = files
        .into_iter()
        .map(|Reverse((size, path))| (path, size))
        .collect();
    largest.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    usage.largest_files = largest;
    usage
}

/// The resolver configuration as hickory reads the system settings (Windows' adapters,
/// macOS' System Configuration).
#[cfg_attr(target_os = "linux", allow(dead_code))]
pub fn system_resolver_settings() -> Result<ResolverSettings, OsError> {
    let (config, _) = hickory_resolver::system_conf::read_system_conf()
        .map_err(|e| OsError::new(OsErrorKind::Other, e.to_string()))?;
    let mut servers: Vec<String> = config
        .name_servers()
        .iter()
        .map(|s| s.ip.to_string())
        .collect();
    servers.dedup();
    Ok(ResolverSettings {
        source: "system settings".to_owned(),
        servers,
        search: config.search().iter().map(|n| n.to_string()).collect(),
        upstream: Vec::new(),
    })
}
