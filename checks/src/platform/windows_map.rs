//! What Windows' own structures mean, as plain facts: printer and job status bits from the
//! print spooler, Wi-Fi connection attributes from the WLAN API, proxy configurations from
//! WinHTTP, volume flags, and processor times.
//!
//! These functions take the documented values as plain data and give the same facts the
//! other platforms produce, so the checks and their messages stay one. They carry no `cfg`:
//! their tests run in every test suite, on values written from the structures' documentation,
//! while only the calls that read the values sit behind `cfg(windows)` in `windows.rs`.

use super::{
    DiskStatus, Job, LogLine, Mount, Neighbour, NetworkManagerAccess, ProxySetting, Queue, WifiLink,
};

/// Printer status bits (`PRINTER_INFO_2W.Status`, winspool.h).
// Every documented value, used or not, so the table reads like the header.
#[allow(dead_code)]
pub mod printer_status {
    pub const PAUSED: u32 = 0x0000_0001;
    pub const ERROR: u32 = 0x0000_0002;
    pub const PENDING_DELETION: u32 = 0x0000_0004;
    pub const PAPER_JAM: u32 = 0x0000_0008;
    pub const PAPER_OUT: u32 = 0x0000_0010;
    pub const MANUAL_FEED: u32 = 0x0000_0020;
    pub const PAPER_PROBLEM: u32 = 0x0000_0040;
    pub const OFFLINE: u32 = 0x0000_0080;
    pub const IO_ACTIVE: u32 = 0x0000_0100;
    pub const BUSY: u32 = 0x0000_0200;
    pub const PRINTING: u32 = 0x0000_0400;
    pub const OUTPUT_BIN_FULL: u32 = 0x0000_0800;
    pub const NOT_AVAILABLE: u32 = 0x0000_1000;
    pub const WAITING: u32 = 0x0000_2000;
    pub const PROCESSING: u32 = 0x0000_4000;
    pub const INITIALIZING: u32 = 0x0000_8000;
    pub const WARMING_UP: u32 = 0x0001_0000;
    pub const TONER_LOW: u32 = 0x0002_0000;
    pub const NO_TONER: u32 = 0x0004_0000;
    pub const PAGE_PUNT: u32 = 0x0008_0000;
    pub const USER_INTERVENTION: u32 = 0x0010_0000;
    pub const OUT_OF_MEMORY: u32 = 0x0020_0000;
    pub const DOOR_OPEN: u32 = 0x0040_0000;
    pub const SERVER_UNKNOWN: u32 = 0x0080_0000;
    pub const POWER_SAVE: u32 = 0x0100_0000;
    pub const SERVER_OFFLINE: u32 = 0x0200_0000;
    pub const DRIVER_UPDATE_NEEDED: u32 = 0x0400_0000;
}

/// `PRINTER_ATTRIBUTE_WORK_OFFLINE`: the user chose "Use printer offline".
pub const PRINTER_ATTRIBUTE_WORK_OFFLINE: u32 = 0x0000_0400;

/// Job status bits (`JOB_INFO_1W.Status`, winspool.h).
// Every documented value, used or not, so the table reads like the header.
#[allow(dead_code)]
pub mod job_status {
    pub const PAUSED: u32 = 0x0000_0001;
    pub const ERROR: u32 = 0x0000_0002;
    pub const DELETING: u32 = 0x0000_0004;
    pub const SPOOLING: u32 = 0x0000_0008;
    pub const PRINTING: u32 = 0x0000_0010;
    pub const OFFLINE: u32 = 0x0000_0020;
    pub const PAPEROUT: u32 = 0x0000_0040;
    pub const PRINTED: u32 = 0x0000_0080;
    pub const DELETED: u32 = 0x0000_0100;
    pub const BLOCKED_DEVQ: u32 = 0x0000_0200;
    pub const USER_INTERVENTION: u32 = 0x0000_0400;
    pub const RESTART: u32 = 0x0000_0800;
    pub const COMPLETE: u32 = 0x0000_1000;
    pub const RETAINED: u32 = 0x0000_2000;
}

/// One printer as `EnumPrintersW` level 2 lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpoolerPrinter {
    pub name: String,
    pub port: String,
    pub status: u32,
    pub attributes: u32,
    /// `cJobs`: documents in its queue.
    pub jobs: u32,
    /// The settings of its standard TCP/IP port, when it prints through one.
    pub tcp_port: Option<TcpPort>,
}

/// A standard TCP/IP port's settings, as its port monitor keeps them in the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TcpPort {
    /// `HostName`, else `IPAddress`: where the printer is.
    pub host_name: Option<String>,
    pub ip_address: Option<String>,
    /// `Protocol`: 1 raw, 2 LPR.
    pub protocol: Option<u32>,
    /// `PortNumber`: the raw port (9100 unless changed).
    pub port_number: Option<u32>,
}

/// The device URI of a standard TCP/IP port: raw printing goes to its port number
/// (`socket://host:port`), LPR to port 515 (`lpd://host`). None when it names no plain host.
pub fn tcp_port_uri(port: &TcpPort) -> Option<String> {
    let host = [&port.host_name, &port.ip_address]
        .into_iter()
        .flatten()
        .map(|h| h.trim())
        .find(|h| !h.is_empty())?;
    let plain = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'));
    if !plain {
        return None;
    }
    let host = if host.parse::<std::net::Ipv6Addr>().is_ok() {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    Some(match (port.protocol, port.port_number) {
        (Some(2), _) => format!("lpd://{host}"),
        (_, Some(number)) if number != 0 && number != 9100 => format!("socket://{host}:{number}"),
        _ => format!("socket://{host}"),
    })
}

/// The printer status bits as the IPP `printer-state-reasons` keywords CUPS uses for the
/// same conditions, so the printer checks judge both alike. Several bits can mean one
/// keyword; each keyword is given once, in the order of the bits.
pub fn printer_reasons(status: u32, attributes: u32) -> Vec<String> {
    use printer_status as s;
    const TABLE: &[(u32, &str)] = &[
        (s::PAUSED, "paused"),
        (s::PENDING_DELETION, "deactivated"),
        (s::OFFLINE, "offline-report"),
        (s::NOT_AVAILABLE, "offline-report"),
        (s::SERVER_OFFLINE, "offline-report"),
        (s::PAPER_JAM, "media-jam-error"),
        (s::DOOR_OPEN, "door-open-error"),
        (s::PAPER_OUT, "media-empty-error"),
        (s::MANUAL_FEED, "media-needed-error"),
        (s::PAPER_PROBLEM, "input-media-tray-feed-error"),
        (s::NO_TONER, "toner-empty-error"),
        (s::OUTPUT_BIN_FULL, "output-area-full-error"),
        (s::USER_INTERVENTION, "other-error"),
        (s::OUT_OF_MEMORY, "other-error"),
        (s::ERROR, "other-error"),
        (s::SERVER_UNKNOWN, "other-warning"),
        (s::PAGE_PUNT, "other-warning"),
        (s::DRIVER_UPDATE_NEEDED, "other-warning"),
        (s::TONER_LOW, "toner-low-report"),
    ];
    let mut reasons: Vec<String> = Vec::new();
    let mut add = |keyword: &str| {
        if !reasons.iter().any(|r| r == keyword) {
            reasons.push(keyword.to_owned());
        }
    };
    if attributes & PRINTER_ATTRIBUTE_WORK_OFFLINE != 0 {
        add("offline-report");
    }
    for (bit, keyword) in TABLE {
        if status & bit != 0 {
            add(keyword);
        }
    }
    // A specific reason says more than the plain error bit.
    if reasons.len() > 1 && status & s::ERROR != 0 {
        let specific = reasons
            .iter()
            .any(|r| r.ends_with("-error") && r != "other-error");
        if specific {
            reasons.retain(|r| r != "other-error");
        }
    }
    reasons
}

/// A spooler printer as a queue: IPP's state (3 idle, 4 processing, 5 stopped) and reasons,
/// and its port as a device address. A printer with documents in its queue is processing
/// them, as IPP says, even while an error holds them up.
pub fn queue_of(printer: &SpoolerPrinter) -> Queue {
    use printer_status as s;
    let state = if printer.status & s::PAUSED != 0 {
        5
    } else if printer.status
        & (s::PRINTING | s::PROCESSING | s::BUSY | s::IO_ACTIVE | s::WARMING_UP | s::INITIALIZING)
        != 0
        || printer.jobs > 0
    {
        4
    } else {
        3
    };
    Queue {
        name: printer.name.clone(),
        state: Some(state),
        reasons: printer_reasons(printer.status, printer.attributes),
        message: None,
        // The spooler has no "reject jobs"; a printer being deleted takes none.
        accepting: Some(printer.status & s::PENDING_DELETION == 0),
        device_uri: printer
            .tcp_port
            .as_ref()
            .and_then(tcp_port_uri)
            .or_else(|| port_device_uri(&printer.port)),
    }
}

/// The address behind a printer's port, as a device URI the reachability check reads:
/// standard TCP/IP ports (`IP_10.0.0.9`, or named by the address itself) print raw to port
/// 9100; IPP and web ports are their URL; USB, parallel, WSD, file and Wine's CUPS ports keep
/// their name under a scheme without a host.
pub fn port_device_uri(port: &str) -> Option<String> {
    let port = port.trim().trim_end_matches(',');
    if port.is_empty() {
        return None;
    }
    let lower = port.to_ascii_lowercase();
    if ["http://", "https://", "ipp://", "ipps://"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return Some(port.to_owned());
    }
    let host = port
        .strip_prefix("IP_")
        .or_else(|| port.strip_prefix("ip_"))
        .unwrap_or(port);
    let is_ip = host.parse::<std::net::IpAddr>().is_ok();
    let host_like = host.contains('.')
        && !host.ends_with(':')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    if is_ip || host_like {
        return Some(format!("socket://{host}"));
    }
    let scheme = if lower.starts_with("usb") {
        "usb"
    } else if lower.starts_with("lpt") || lower.starts_with("com") {
        "parallel"
    } else if lower.starts_with("wsd") {
        "wsd"
    } else if lower.starts_with("cups:") {
        "cups"
    } else {
        "port"
    };
    Some(format!("{scheme}:{port}"))
}

/// A job as `EnumJobsW` level 1 lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpoolerJob {
    pub id: u32,
    pub printer: String,
    pub document: String,
    pub user: String,
    pub status: u32,
    /// `Submitted`, in UTC: year, month, day, hour, minute, second.
    pub submitted: Option<(u16, u16, u16, u16, u16, u16)>,
}

/// The job status bits as IPP's job states: 3 pending, 4 held, 5 processing, 6 stopped,
/// 7 canceled, 9 completed. A job being deleted is still in the queue: it counts as
/// processing, so one stuck there is found stuck.
pub fn job_state(status: u32) -> i32 {
    use job_status as j;
    if status & j::DELETED != 0 {
        7
    } else if status & (j::PRINTED | j::COMPLETE | j::RETAINED) != 0 {
        9
    } else if status
        & (j::ERROR | j::OFFLINE | j::PAPEROUT | j::BLOCKED_DEVQ | j::USER_INTERVENTION)
        != 0
    {
        6
    } else if status & j::PAUSED != 0 {
        4
    } else if status & (j::PRINTING | j::DELETING) != 0 {
        5
    } else {
        3
    }
}

/// A spooler job as a print job.
pub fn job_of(job: &SpoolerJob) -> Job {
    Job {
        id: i32::try_from(job.id).unwrap_or(i32::MAX),
        queue: Some(job.printer.clone()).filter(|p| !p.is_empty()),
        state: Some(job_state(job.status)),
        name: Some(job.document.clone()).filter(|d| !d.is_empty()),
        created: job
            .submitted
            .and_then(|(y, mo, d, h, mi, s)| unix_seconds(y, mo, d, h, mi, s)),
        completed: None,
        processing: None,
        owner: Some(job.user.clone()).filter(|u| !u.is_empty()),
    }
}

/// A UTC `SYSTEMTIME` as Unix seconds; None for a date that does not exist.
pub fn unix_seconds(year: u16, month: u16, day: u16, hour: u16, min: u16, sec: u16) -> Option<i64> {
    let date = chrono::NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))?;
    let time = date.and_hms_opt(u32::from(hour), u32::from(min), u32::from(sec))?;
    Some(time.and_utc().timestamp())
}

/// WLAN authentication algorithms (`DOT11_AUTH_ALGORITHM`, wlantypes.h).
// Every documented value, used or not, so the table reads like the header.
#[allow(dead_code)]
pub mod dot11_auth {
    pub const OPEN: u32 = 1;
    pub const SHARED_KEY: u32 = 2;
    pub const WPA: u32 = 3;
    pub const WPA_PSK: u32 = 4;
    pub const WPA_NONE: u32 = 5;
    pub const RSNA: u32 = 6;
    pub const RSNA_PSK: u32 = 7;
    pub const WPA3: u32 = 8;
    pub const WPA3_SAE: u32 = 9;
    pub const OWE: u32 = 10;
    pub const WPA3_ENT: u32 = 11;
}

/// WLAN ciphers (`DOT11_CIPHER_ALGORITHM`, wlantypes.h).
// Every documented value, used or not, so the table reads like the header.
#[allow(dead_code)]
pub mod dot11_cipher {
    pub const NONE: u32 = 0x00;
    pub const WEP40: u32 = 0x01;
    pub const TKIP: u32 = 0x02;
    pub const CCMP: u32 = 0x04;
    pub const WEP104: u32 = 0x05;
    pub const GCMP: u32 = 0x08;
    pub const GCMP_256: u32 = 0x09;
    pub const CCMP_256: u32 = 0x0a;
    pub const WEP: u32 = 0x101;
}

/// The current connection of a Wi-Fi interface (`WLAN_CONNECTION_ATTRIBUTES`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WlanConnection {
    /// `wlanConnectionState`: 1 connected.
    pub state: u32,
    pub ssid: Vec<u8>,
    /// `wlanSignalQuality`, 0 to 100.
    pub signal_quality: u32,
    /// From `WLAN_INTF_OPCODE_RSSI`, where the driver gives it.
    pub rssi: Option<i32>,
    /// `dot11PhyType`: 4 802.11a, 5 b, 6 g, 7 n, 8 ac, 9 ad, 10 ax, 11 be.
    pub phy_type: u32,
    pub security_enabled: bool,
    pub one_x_enabled: bool,
    pub auth: u32,
    pub cipher: u32,
}

/// The connection's security in the words the Wi-Fi check reads (`WPA2 802.1X`, `WEP`,
/// `` for an open network).
pub fn wlan_security(connection: &WlanConnection) -> String {
    use dot11_auth as a;
    use dot11_cipher as c;
    if !connection.security_enabled {
        return String::new();
    }
    let enterprise = if connection.one_x_enabled {
        " 802.1X"
    } else {
        ""
    };
    let name = match connection.auth {
        a::OPEN | a::SHARED_KEY if matches!(connection.cipher, c::WEP | c::WEP40 | c::WEP104) => {
            "WEP"
        }
        a::OPEN => return String::new(),
        a::SHARED_KEY => "WEP",
        a::WPA | a::WPA_PSK | a::WPA_NONE => "WPA1",
        a::RSNA | a::RSNA_PSK => "WPA2",
        a::WPA3 | a::WPA3_SAE | a::WPA3_ENT => "WPA3",
        a::OWE => "OWE",
        _ => return format!("auth {} cipher {}", connection.auth, connection.cipher),
    };
    format!("{name}{enterprise}")
}

/// The 802.11 standard a PHY type names.
pub fn phy_name(phy_type: u32) -> Option<&'static str> {
    Some(match phy_type {
        4 => "802.11a",
        5 => "802.11b",
        6 => "802.11g",
        7 => "802.11n",
        8 => "802.11ac",
        9 => "802.11ad",
        10 => "802.11ax",
        11 => "802.11be",
        _ => return None,
    })
}

/// A Wi-Fi connection as the Wi-Fi check reads it; None when not connected.
pub fn wifi_link(connection: &WlanConnection) -> Option<WifiLink> {
    if connection.state != 1 {
        return None;
    }
    let ssid = String::from_utf8_lossy(&connection.ssid).into_owned();
    let source = match phy_name(connection.phy_type) {
        Some(phy) => format!("WLAN API ({phy})"),
        None => "WLAN API".to_owned(),
    };
    Some(WifiLink {
        ssid: Some(ssid).filter(|s| !s.is_empty()),
        signal_percent: Some(u8::try_from(connection.signal_quality.min(100)).unwrap_or(100)),
        // Drivers without a reading give 0.
        signal_dbm: connection.rssi.filter(|r| *r < 0),
        security: Some(wlan_security(connection)),
        source,
    })
}

/// The radio's two switches (`WLAN_PHY_RADIO_STATE`): software and hardware, each on or off.
/// True when every radio has one of them off.
pub fn radio_blocked(radios: &[(bool, bool)]) -> Option<bool> {
    if radios.is_empty() {
        return None;
    }
    Some(
        radios
            .iter()
            .all(|(software, hardware)| !software || !hardware),
    )
}

/// `WLAN_WRITE_ACCESS` (wlanapi.h): read, execute, write data, delete and change the
/// permissions of a WLAN object. `WLAN_READ_ACCESS` and `WLAN_EXECUTE_ACCESS` lack it.
pub const WLAN_WRITE_ACCESS: u32 = 0x0007_0023;

/// What Windows lets this session do, in the network repairs' terms.
/// - Switching Wi-Fi on is changing an interface property: `WlanGetSecuritySettings` on
///   `wlan_secure_interface_properties` says whether this user has write access (`granted`,
///   None when it could not be asked).
/// - Connecting again asks the network for a new address, which Windows lets only
///   administrators do (`ipconfig /renew` asks for elevation): a password, in those terms.
///
/// `radios` are the software and hardware switches of every Wi-Fi radio, none without Wi-Fi.
pub fn wlan_access(radios: &[(bool, bool)], granted: Option<u32>) -> NetworkManagerAccess {
    let permission = |name: &str, answer: &str| {
        (
            format!("org.freedesktop.NetworkManager.{name}"),
            answer.to_owned(),
        )
    };
    let mut permissions = vec![permission("network-control", "auth")];
    if let Some(mask) = granted {
        let answer = if mask & WLAN_WRITE_ACCESS == WLAN_WRITE_ACCESS {
            "yes"
        } else {
            "no"
        };
        permissions.push(permission("enable-disable-wifi", answer));
    }
    let any = |on: fn(&(bool, bool)) -> bool| (!radios.is_empty()).then(|| radios.iter().any(on));
    NetworkManagerAccess {
        service: "Windows".to_owned(),
        permissions,
        wifi_hardware: any(|(_, hardware)| *hardware),
        wifi_software: any(|(software, _)| *software),
    }
}

/// The current user's Internet settings (`WINHTTP_CURRENT_USER_IE_PROXY_CONFIG`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IeProxy {
    pub auto_detect: bool,
    pub auto_config_url: Option<String>,
    pub proxy: Option<String>,
    pub bypass: Option<String>,
}

/// The machine's WinHTTP setting (`WINHTTP_PROXY_INFO`): 3 names a proxy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WinHttpProxy {
    pub access_type: u32,
    pub proxy: Option<String>,
    pub bypass: Option<String>,
}

/// `WINHTTP_ACCESS_TYPE_NAMED_PROXY`.
pub const WINHTTP_ACCESS_TYPE_NAMED_PROXY: u32 = 3;

/// A proxy list as Windows writes it: `host:port` for every protocol, or
/// `http=host:port;https=host:port;socks=host:port`, with `;` or spaces between.
fn proxy_list(source: &str, list: &str) -> Vec<ProxySetting> {
    list.split([';', ' '])
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .filter_map(|entry| {
            let (scheme, value) = match entry.split_once('=') {
                Some((scheme, value)) => (scheme.trim().to_ascii_lowercase(), value.trim()),
                None => ("all".to_owned(), entry),
            };
            let scheme = match scheme.as_str() {
                "http" | "https" | "all" => scheme,
                "socks" | "socks4" | "socks5" => "socks".to_owned(),
                // FTP and other schemes are not what Checkup's probes use.
                _ => return None,
            };
            (!value.is_empty()).then(|| ProxySetting {
                source: source.to_owned(),
                scheme,
                value: value.to_owned(),
            })
        })
        .collect()
}

/// The bypass list (`*.corp;10.*;<local>`) in `no_proxy`'s words (`.corp,10.*`);
/// `<local>` (names without a dot) has no such word and is left out.
pub fn bypass_list(list: &str) -> Option<String> {
    let entries: Vec<String> = list
        .split([';', ' ', ','])
        .map(str::trim)
        .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("<local>"))
        .map(|e| e.strip_prefix('*').unwrap_or(e).to_owned())
        .collect();
    (!entries.is_empty()).then(|| entries.join(","))
}

/// Both Windows proxy settings as the settings Linux's desktops give: the user's Internet
/// settings (`windows`, with a PAC address under `pac`; automatic detection alone names no
/// address and is left out) and the machine's WinHTTP proxy (`winhttp`).
pub fn proxy_settings(ie: Option<&IeProxy>, winhttp: Option<&WinHttpProxy>) -> Vec<ProxySetting> {
    let mut settings = Vec::new();
    if let Some(ie) = ie {
        if let Some(url) = ie.auto_config_url.as_deref().map(str::trim)
            && !url.is_empty()
        {
            settings.push(ProxySetting {
                source: "windows".to_owned(),
                scheme: "pac".to_owned(),
                value: url.to_owned(),
            });
        }
        if let Some(list) = &ie.proxy {
            settings.extend(proxy_list("windows", list));
        }
    }
    if let Some(winhttp) = winhttp
        && winhttp.access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY
        && let Some(list) = &winhttp.proxy
    {
        settings.extend(proxy_list("winhttp", list));
    }
    settings
}

/// Drive types (`GetDriveTypeW`).
// Every documented value, used or not, so the table reads like the header.
#[allow(dead_code)]
pub mod drive_type {
    pub const UNKNOWN: u32 = 0;
    pub const NO_ROOT_DIR: u32 = 1;
    pub const REMOVABLE: u32 = 2;
    pub const FIXED: u32 = 3;
    pub const REMOTE: u32 = 4;
    pub const CDROM: u32 = 5;
    pub const RAMDISK: u32 = 6;
}

/// `FILE_READ_ONLY_VOLUME`, among `GetVolumeInformationW`'s flags.
pub const FILE_READ_ONLY_VOLUME: u32 = 0x0008_0000;

/// One drive letter as Windows describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Volume {
    /// `C:\`.
    pub root: String,
    pub drive_type: u32,
    /// `NTFS`, `FAT32`, `exFAT`, `ReFS`; empty when the volume could not be asked.
    pub fs_name: String,
    pub flags: u32,
    /// For a network drive: the share it maps (`\\server\share`).
    pub remote: Option<String>,
}

/// A drive letter as a mount: `C:`, its filesystem, read-only from its flags. Disks and
/// removable media are judged; network drives, like network filesystems elsewhere, only
/// when a profile path lives on them; CD and DVD drives and letters without a root never.
pub fn mount_of(volume: &Volume) -> Option<Mount> {
    use drive_type as t;
    let point = volume.root.trim_end_matches(['\\', '/']);
    if point.is_empty() {
        return None;
    }
    let (block_device, fs_type) = match volume.drive_type {
        t::FIXED | t::REMOVABLE | t::RAMDISK => (true, volume.fs_name.clone()),
        t::REMOTE => (false, "network".to_owned()),
        t::CDROM => (false, "cdrom".to_owned()),
        _ => return None,
    };
    Some(Mount {
        mount_point: point.to_owned(),
        fs_type: if fs_type.is_empty() {
            "unknown".to_owned()
        } else {
            fs_type
        },
        source: volume.remote.clone().unwrap_or_else(|| point.to_owned()),
        options: if volume.flags & FILE_READ_ONLY_VOLUME != 0 {
            vec!["ro".to_owned()]
        } else {
            vec!["rw".to_owned()]
        },
        block_device,
        removable: volume.drive_type == t::REMOVABLE,
    })
}

/// A neighbour table entry (`MIB_IPNET_ROW2`): its `NL_NEIGHBOR_STATE` (0 unreachable,
/// 1 incomplete, 2 probe, 3 delay, 4 stale, 5 reachable, 6 permanent) and hardware address.
/// Only a known address counts as answered, as on Linux.
pub fn neighbour_of(state: i32, mac: &[u8]) -> Neighbour {
    let known = matches!(state, 2..=6) && !mac.is_empty() && mac.iter().any(|b| *b != 0);
    if known {
        Neighbour {
            state: "complete".to_owned(),
            mac: Some(
                mac.iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<Vec<_>>()
                    .join(":"),
            ),
        }
    } else {
        Neighbour {
            state: "incomplete".to_owned(),
            mac: None,
        }
    }
}

/// `MSFT_PhysicalDisk.HealthStatus` (0 healthy, 1 warning, 2 unhealthy, 5 unknown), as a
/// number or as the name PowerShell gives it.
fn disk_health_of(value: &serde_json::Value) -> String {
    let named = match value {
        serde_json::Value::Number(n) => match n.as_u64() {
            Some(0) => "healthy",
            Some(1) => "warning",
            Some(2) => "unhealthy",
            _ => "unknown",
        },
        serde_json::Value::String(text) => match text.to_ascii_lowercase().as_str() {
            "healthy" => "healthy",
            "warning" => "warning",
            "unhealthy" => "unhealthy",
            _ => "unknown",
        },
        _ => "unknown",
    };
    named.to_owned()
}

/// `MSFT_PhysicalDisk.OperationalStatus` values (numbers or names) as names.
fn operational_of(value: &serde_json::Value) -> Vec<String> {
    const NAMES: &[(u64, &str)] = &[
        (0, "Unknown"),
        (1, "Other"),
        (2, "OK"),
        (3, "Degraded"),
        (4, "Stressed"),
        (5, "Predictive Failure"),
        (6, "Error"),
        (7, "Non-Recoverable Error"),
        (8, "Starting"),
        (9, "Stopping"),
        (10, "Stopped"),
        (11, "In Service"),
        (12, "No Contact"),
        (13, "Lost Communication"),
        (14, "Aborted"),
        (15, "Dormant"),
        (16, "Supporting Entity in Error"),
        (17, "Completed"),
        (0xD010, "Not Usable"),
        (0xD011, "Transient Error"),
    ];
    let one = |v: &serde_json::Value| match v {
        serde_json::Value::Number(n) => n.as_u64().map(|n| {
            NAMES
                .iter()
                .find(|(code, _)| *code == n)
                .map_or_else(|| format!("status {n}"), |(_, name)| (*name).to_owned())
        }),
        serde_json::Value::String(text) => Some(text.clone()),
        _ => None,
    };
    match value {
        serde_json::Value::Array(values) => values.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

/// What PowerShell's `Get-PhysicalDisk … | ConvertTo-Json` printed for one disk (an object, or
/// an array holding it), as the disk's status; `Err` says why there is none.
pub fn physical_disk_status(json: &str) -> Result<DiskStatus, String> {
    let value: serde_json::Value = serde_json::from_str(json.trim())
        .map_err(|_| "Windows listed no physical disk for this drive".to_owned())?;
    let disk = match &value {
        serde_json::Value::Array(disks) => disks.first(),
        serde_json::Value::Object(_) => Some(&value),
        _ => None,
    }
    .ok_or_else(|| "Windows listed no physical disk for this drive".to_owned())?;
    let text = |key: &str| {
        disk.get(key)
            .and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.trim().to_owned()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
    };
    let media = disk.get("MediaType").and_then(|v| match v {
        serde_json::Value::Number(n) => match n.as_u64() {
            Some(3) => Some("HDD".to_owned()),
            Some(4) => Some("SSD".to_owned()),
            Some(5) => Some("SCM".to_owned()),
            _ => None,
        },
        serde_json::Value::String(s) if !s.eq_ignore_ascii_case("unspecified") => Some(s.clone()),
        _ => None,
    });
    Ok(DiskStatus {
        model: text("FriendlyName"),
        serial: text("SerialNumber"),
        media,
        health: disk
            .get("HealthStatus")
            .map_or_else(|| "unknown".to_owned(), disk_health_of),
        operational: disk
            .get("OperationalStatus")
            .map(operational_of)
            .unwrap_or_default(),
        source: "MSFT_PhysicalDisk".to_owned(),
        number: text("DeviceId").and_then(|id| id.parse().ok()),
    })
}

/// An attribute's value in an XML start tag: `Name='x'` or `Name="x"`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{name}="))? + name.len() + 1;
    let quote = tag[start..]
        .chars()
        .next()
        .filter(|q| matches!(q, '\'' | '"'))?;
    let value = &tag[start + 1..];
    Some(&value[..value.find(quote)?])
}

/// The first element `<name …>` of `xml`: its start tag and its text (empty for `<name/>`).
fn element<'a>(xml: &'a str, name: &str) -> Option<(&'a str, &'a str)> {
    let open = format!("<{name}");
    let mut from = 0;
    loop {
        let at = from + xml[from..].find(&open)?;
        let rest = &xml[at + open.len()..];
        // `<Data` must not match `<DataItem`.
        if rest.starts_with([' ', '>', '/', '\t', '\n', '\r']) {
            let end = rest.find('>')?;
            let tag = &rest[..end];
            if tag.ends_with('/') {
                return Some((tag, ""));
            }
            let body = &rest[end + 1..];
            let close = body.find(&format!("</{name}>"))?;
            return Some((tag, &body[..close]));
        }
        from = at + open.len();
    }
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The name of the provider that wrote an event.
pub fn event_provider(xml: &str) -> Option<String> {
    element(xml, "Provider")
        .and_then(|(tag, _)| attribute(tag, "Name"))
        .map(unescape)
}

/// One event as `EvtRender` gives it in XML, with the message its publisher formats (when it
/// could): time, provider, and the message (or the event's number and data). Only warnings,
/// errors and critical events (levels 1 to 3) make a line.
pub fn event_line(xml: &str, message: Option<&str>) -> Option<LogLine> {
    let provider = event_provider(xml)?;
    let level: u32 = element(xml, "Level")
        .and_then(|(_, text)| text.trim().parse().ok())
        .unwrap_or(0);
    if !(1..=3).contains(&level) {
        return None;
    }
    let time = element(xml, "TimeCreated")
        .and_then(|(tag, _)| attribute(tag, "SystemTime"))
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .and_then(|t| u64::try_from(t.timestamp()).ok());
    let id = element(xml, "EventID").map_or(String::new(), |(_, text)| text.trim().to_owned());
    let text = match message.map(str::trim).filter(|m| !m.is_empty()) {
        Some(message) => message.split_whitespace().collect::<Vec<_>>().join(" "),
        None => {
            let mut data = Vec::new();
            let mut rest = xml;
            while let Some((tag, text)) = element(rest, "Data") {
                let value = unescape(text.trim());
                match attribute(tag, "Name") {
                    Some(name) if !value.is_empty() => data.push(format!("{name}: {value}")),
                    _ if !value.is_empty() => data.push(value),
                    _ => {}
                }
                let Some(next) = rest.find("<Data").map(|at| at + 5) else {
                    break;
                };
                rest = &rest[next..];
            }
            if data.is_empty() {
                format!("event {id}")
            } else {
                format!("event {id}: {}", data.join(", "))
            }
        }
    };
    Some(LogLine {
        time,
        origin: provider,
        text,
    })
}

/// The Event Log query for warnings, errors and critical events written since `since`
/// (Unix seconds), as seen at `now`.
pub fn event_query(since: u64, now: u64) -> String {
    let window_ms = now.saturating_sub(since).saturating_mul(1000).max(1000);
    format!(
        "*[System[(Level=1 or Level=2 or Level=3) and TimeCreated[timediff(@SystemTime) <= {window_ms}]]]"
    )
}

/// What one echo through the system's ICMP service (`IcmpSendEcho2`, `Icmp6SendEcho2`) showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Echo {
    Reply(std::time::Duration),
    NoReply,
    /// A router answered that the address cannot be reached, or the system had no route.
    Unreachable(String),
    Failed(String),
}

/// A reply's status (`IP_STATUS`, ipexport.h) and round-trip time in milliseconds, as an echo.
pub fn echo_of(status: u32, round_trip_ms: u32) -> Echo {
    let why = |text: &str| text.to_owned();
    match status {
        0 => Echo::Reply(std::time::Duration::from_millis(u64::from(round_trip_ms))),
        11010 => Echo::NoReply,
        11002 => Echo::Unreachable(why("the network is unreachable")),
        11003 => Echo::Unreachable(why("the host is unreachable")),
        11040 => Echo::Unreachable(why("the destination is unreachable")),
        11012 => Echo::Unreachable(why("there is no route to it")),
        11013 | 11041 => Echo::Unreachable(why("its time to live ran out on the way")),
        other => Echo::Failed(format!("the ICMP service answered with status {other}")),
    }
}

/// Processor times from `GetSystemTimes`, in 100-nanosecond units. Kernel time includes
/// idle time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CpuTimes {
    pub idle: u64,
    pub kernel: u64,
    pub user: u64,
}

/// How busy the processors were between two readings, in percent of all of them.
pub fn cpu_busy_percent(before: CpuTimes, after: CpuTimes) -> Option<f64> {
    let idle = after.idle.checked_sub(before.idle)?;
    let total = after
        .kernel
        .checked_sub(before.kernel)?
        .checked_add(after.user.checked_sub(before.user)?)?;
    if total == 0 || idle > total {
        return None;
    }
    // Percentages of counts far below 2^52.
    #[allow(clippy::cast_precision_loss)]
    let busy = (total - idle) as f64 * 100.0 / total as f64;
    Some((busy * 10.0).round() / 10.0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn printer(status: u32, attributes: u32, port: &str) -> SpoolerPrinter {
        SpoolerPrinter {
            name: "Office".to_owned(),
            port: port.to_owned(),
            status,
            attributes,
            jobs: 0,
            tcp_port: None,
        }
    }

    #[test]
    fn printer_status_bits_become_the_reasons_cups_gives() {
        use printer_status as s;
        let idle = queue_of(&printer(0, 0, "IP_10.0.0.9"));
        assert_eq!(idle.state, Some(3));
        assert!(idle.reasons.is_empty());
        assert_eq!(idle.accepting, Some(true));
        assert_eq!(idle.device_uri.as_deref(), Some("socket://10.0.0.9"));

        let paused = queue_of(&printer(s::PAUSED, 0, "USB001"));
        assert_eq!(
            (paused.state, paused.reasons.clone()),
            (Some(5), vec!["paused".to_owned()])
        );

        let offline = queue_of(&printer(0, PRINTER_ATTRIBUTE_WORK_OFFLINE, "USB001"));
        assert_eq!(offline.reasons, ["offline-report"]);
        assert_eq!(
            printer_reasons(
                s::OFFLINE | s::NOT_AVAILABLE,
                PRINTER_ATTRIBUTE_WORK_OFFLINE
            ),
            ["offline-report"]
        );
        // The error bit goes with a specific one: the specific one says it.
        assert_eq!(
            printer_reasons(s::ERROR | s::PAPER_JAM, 0),
            ["media-jam-error"]
        );
        assert_eq!(printer_reasons(s::ERROR, 0), ["other-error"]);
        assert_eq!(printer_reasons(s::PAPER_OUT, 0), ["media-empty-error"]);
        assert_eq!(printer_reasons(s::DOOR_OPEN, 0), ["door-open-error"]);
        assert_eq!(printer_reasons(s::TONER_LOW, 0), ["toner-low-report"]);
        assert_eq!(printer_reasons(s::NO_TONER, 0), ["toner-empty-error"]);
        assert_eq!(
            printer_reasons(s::OUTPUT_BIN_FULL, 0),
            ["output-area-full-error"]
        );
        assert_eq!(
            printer_reasons(s::PAUSED | s::TONER_LOW | s::POWER_SAVE | s::WAITING, 0),
            ["paused", "toner-low-report"]
        );
        let printing = queue_of(&printer(s::PRINTING, 0, "USB001"));
        assert_eq!(printing.state, Some(4));
        // Documents held up by a jam: processing, with the jam as the reason.
        let mut jammed = printer(s::ERROR | s::PAPER_JAM, 0, "USB001");
        jammed.jobs = 2;
        let jammed = queue_of(&jammed);
        assert_eq!(
            (jammed.state, jammed.reasons),
            (Some(4), vec!["media-jam-error".to_owned()])
        );
        let leaving = queue_of(&printer(s::PENDING_DELETION, 0, "USB001"));
        assert_eq!(leaving.accepting, Some(false));
        assert_eq!(leaving.reasons, ["deactivated"]);
        // Every bit maps without a panic, all together too.
        assert!(!printer_reasons(u32::MAX, u32::MAX).is_empty());
    }

    #[test]
    fn ports_give_addresses_where_they_have_one() {
        let t = |p: &str| port_device_uri(p);
        assert_eq!(
            t("IP_192.168.1.20").as_deref(),
            Some("socket://192.168.1.20")
        );
        assert_eq!(t("192.168.1.20").as_deref(), Some("socket://192.168.1.20"));
        assert_eq!(
            t("printer.office.example").as_deref(),
            Some("socket://printer.office.example")
        );
        assert_eq!(
            t("http://10.0.0.9:631/ipp/print").as_deref(),
            Some("http://10.0.0.9:631/ipp/print")
        );
        assert_eq!(t("USB001").as_deref(), Some("usb:USB001"));
        assert_eq!(t("LPT1:").as_deref(), Some("parallel:LPT1:"));
        assert_eq!(
            t("WSD-3f1c2a6e-0000-4c3b-9a1e-1234567890ab").as_deref(),
            Some("wsd:WSD-3f1c2a6e-0000-4c3b-9a1e-1234567890ab")
        );
        assert_eq!(t("CUPS:Office").as_deref(), Some("cups:CUPS:Office"));
        assert_eq!(t("PORTPROMPT:").as_deref(), Some("port:PORTPROMPT:"));
        assert_eq!(t("nul:").as_deref(), Some("port:nul:"));
        assert_eq!(t("  "), None);
    }

    /// A standard TCP/IP port's settings win over its name: a port the user named is still
    /// found, and an LPR port or a changed raw port is probed where the printer listens.
    #[test]
    fn tcp_port_settings_give_the_printers_address_and_protocol() {
        let port = |host: Option<&str>, ip: Option<&str>, protocol: u32, number: u32| TcpPort {
            host_name: host.map(str::to_owned),
            ip_address: ip.map(str::to_owned),
            protocol: Some(protocol),
            port_number: Some(number),
        };
        let uri = |p: &TcpPort| tcp_port_uri(p);
        assert_eq!(
            uri(&port(None, Some("10.0.0.9"), 1, 9100)).as_deref(),
            Some("socket://10.0.0.9")
        );
        assert_eq!(
            uri(&port(
                Some("printer-2.office.example"),
                Some("10.0.0.9"),
                1,
                9101
            ))
            .as_deref(),
            Some("socket://printer-2.office.example:9101")
        );
        assert_eq!(
            uri(&port(Some(" "), Some("10.0.0.9"), 2, 515)).as_deref(),
            Some("lpd://10.0.0.9")
        );
        assert_eq!(
            uri(&port(None, Some("fd00::9"), 1, 9100)).as_deref(),
            Some("socket://[fd00::9]")
        );
        assert_eq!(uri(&port(Some("bad host/x"), None, 1, 9100)), None);
        assert_eq!(uri(&TcpPort::default()), None);
        // The settings decide for a port named anything, and the name stays the fallback.
        let mut named = printer(0, 0, "Front desk");
        assert_eq!(
            queue_of(&named).device_uri.as_deref(),
            Some("port:Front desk")
        );
        named.tcp_port = Some(port(None, Some("10.0.0.7"), 2, 515));
        assert_eq!(
            queue_of(&named).device_uri.as_deref(),
            Some("lpd://10.0.0.7")
        );
    }

    #[test]
    fn job_status_bits_become_ipp_job_states() {
        use job_status as j;
        assert_eq!(job_state(0), 3);
        assert_eq!(job_state(j::SPOOLING), 3);
        assert_eq!(job_state(j::PAUSED), 4);
        assert_eq!(job_state(j::PRINTING), 5);
        assert_eq!(job_state(j::DELETING), 5);
        assert_eq!(job_state(j::ERROR | j::PRINTING), 6);
        assert_eq!(job_state(j::BLOCKED_DEVQ), 6);
        assert_eq!(job_state(j::PAPEROUT | j::PAUSED), 6);
        assert_eq!(job_state(j::OFFLINE), 6);
        assert_eq!(job_state(j::DELETED | j::DELETING), 7);
        assert_eq!(job_state(j::PRINTED), 9);
        assert_eq!(job_state(j::COMPLETE | j::RETAINED), 9);

        let job = job_of(&SpoolerJob {
            id: 12,
            printer: "Office".to_owned(),
            document: "Budget.xlsx".to_owned(),
            user: "alex".to_owned(),
            status: j::ERROR,
            submitted: Some((2026, 12, 1, 9, 30, 0)),
        });
        assert_eq!(job.id, 12);
        assert_eq!(job.state, Some(6));
        assert_eq!(job.created, Some(1_796_117_400));
        assert_eq!(job.owner.as_deref(), Some("alex"));
        // A date that does not exist, or a huge id, never panics.
        let odd = job_of(&SpoolerJob {
            id: u32::MAX,
            submitted: Some((2026, 13, 40, 25, 61, 61)),
            ..SpoolerJob::default()
        });
        assert_eq!((odd.id, odd.created, odd.queue), (i32::MAX, None, None));
    }

    #[test]
    fn wlan_connections_read_like_the_other_platforms() {
        use dot11_auth as a;
        use dot11_cipher as c;
        let connection = |auth, cipher, security_enabled, one_x_enabled| WlanConnection {
            state: 1,
            ssid: b"Home".to_vec(),
            signal_quality: 78,
            rssi: Some(-61),
            phy_type: 10,
            security_enabled,
            one_x_enabled,
            auth,
            cipher,
        };
        let link = wifi_link(&connection(a::RSNA_PSK, c::CCMP, true, false));
        let link = link.as_ref();
        assert_eq!(link.and_then(|l| l.ssid.as_deref()), Some("Home"));
        assert_eq!(link.and_then(|l| l.signal_percent), Some(78));
        assert_eq!(link.and_then(|l| l.signal_dbm), Some(-61));
        assert_eq!(link.and_then(|l| l.security.as_deref()), Some("WPA2"));
        assert_eq!(link.map(|l| l.source.as_str()), Some("WLAN API (802.11ax)"));

        let s = |c: WlanConnection| wlan_security(&c);
        assert_eq!(s(connection(a::OPEN, c::NONE, false, false)), "");
        assert_eq!(s(connection(a::OPEN, c::WEP40, true, false)), "WEP");
        assert_eq!(s(connection(a::SHARED_KEY, c::WEP104, true, false)), "WEP");
        assert_eq!(s(connection(a::OPEN, c::WEP, true, true)), "WEP 802.1X");
        assert_eq!(s(connection(a::WPA_PSK, c::TKIP, true, false)), "WPA1");
        assert_eq!(s(connection(a::RSNA, c::CCMP, true, true)), "WPA2 802.1X");
        assert_eq!(s(connection(a::WPA3_SAE, c::GCMP_256, true, false)), "WPA3");
        assert_eq!(s(connection(a::OWE, c::CCMP_256, true, false)), "OWE");
        assert_eq!(s(connection(99, c::GCMP, true, false)), "auth 99 cipher 8");

        let mut not_connected = connection(a::RSNA_PSK, c::CCMP, true, false);
        not_connected.state = 4;
        assert_eq!(wifi_link(&not_connected), None);
        let mut no_rssi = connection(a::RSNA_PSK, c::CCMP, true, false);
        no_rssi.rssi = Some(0);
        no_rssi.signal_quality = 250;
        let no_rssi = wifi_link(&no_rssi);
        assert_eq!(no_rssi.as_ref().and_then(|l| l.signal_dbm), None);
        assert_eq!(no_rssi.and_then(|l| l.signal_percent), Some(100));

        assert_eq!(radio_blocked(&[]), None);
        assert_eq!(radio_blocked(&[(true, true)]), Some(false));
        assert_eq!(radio_blocked(&[(false, true)]), Some(true));
        assert_eq!(radio_blocked(&[(true, false)]), Some(true));
        assert_eq!(radio_blocked(&[(false, true), (true, true)]), Some(false));
    }

    /// Write access to the interface properties lets the radio be switched on; read or
    /// execute access does not. Connecting again needs an administrator on Windows.
    #[test]
    fn wlan_security_settings_say_who_may_switch_wifi_on() {
        const READ: u32 = 0x0002_0001;
        const EXECUTE: u32 = 0x0002_0021;
        let off = [(false, true)];
        let writer = wlan_access(&off, Some(WLAN_WRITE_ACCESS));
        assert_eq!(writer.service, "Windows");
        assert_eq!(writer.answer("enable-disable-wifi"), Some("yes"));
        assert_eq!(writer.answer("network-control"), Some("auth"));
        assert_eq!(
            (writer.wifi_software, writer.wifi_hardware),
            (Some(false), Some(true))
        );
        for mask in [READ, EXECUTE] {
            let reader = wlan_access(&off, Some(mask));
            assert_eq!(
                reader.answer("enable-disable-wifi"),
                Some("no"),
                "{mask:#x}"
            );
        }
        // Not asked: no answer, so the repair is withheld with that reason.
        assert_eq!(wlan_access(&off, None).answer("enable-disable-wifi"), None);
        // Two radios, one on: Wi-Fi is on. No radio: no Wi-Fi state at all.
        let two = wlan_access(&[(false, true), (true, true)], Some(WLAN_WRITE_ACCESS));
        assert_eq!(two.wifi_software, Some(true));
        let none = wlan_access(&[], Some(WLAN_WRITE_ACCESS));
        assert_eq!((none.wifi_software, none.wifi_hardware), (None, None));
    }

    #[test]
    fn proxy_configurations_become_settings() {
        let manual = IeProxy {
            auto_detect: false,
            auto_config_url: None,
            proxy: Some("proxy.corp.example:8080".to_owned()),
            bypass: Some("*.corp.example;10.*;<local>".to_owned()),
        };
        let settings = proxy_settings(Some(&manual), None);
        assert_eq!(settings.len(), 1);
        assert_eq!(
            (
                settings[0].source.as_str(),
                settings[0].scheme.as_str(),
                settings[0].value.as_str()
            ),
            ("windows", "all", "proxy.corp.example:8080")
        );
        assert_eq!(
            bypass_list("*.corp.example;10.*;<local>").as_deref(),
            Some(".corp.example,10.*")
        );
        assert_eq!(bypass_list("<local>"), None);

        let per_scheme = IeProxy {
            proxy: Some("http=p1:3128;https=p2:3129;ftp=p3:21;socks=p4:1080".to_owned()),
            ..IeProxy::default()
        };
        let schemes: Vec<(String, String)> = proxy_settings(Some(&per_scheme), None)
            .into_iter()
            .map(|s| (s.scheme, s.value))
            .collect();
        assert_eq!(
            schemes,
            [
                ("http".to_owned(), "p1:3128".to_owned()),
                ("https".to_owned(), "p2:3129".to_owned()),
                ("socks".to_owned(), "p4:1080".to_owned())
            ]
        );

        let pac = IeProxy {
            auto_detect: true,
            auto_config_url: Some("http://wpad.corp.example/proxy.pac".to_owned()),
            ..IeProxy::default()
        };
        let settings = proxy_settings(Some(&pac), None);
        assert_eq!(settings.len(), 1);
        assert_eq!(settings[0].scheme, "pac");

        // Automatic detection alone names no address.
        let detect = IeProxy {
            auto_detect: true,
            ..IeProxy::default()
        };
        assert!(proxy_settings(Some(&detect), None).is_empty());

        let machine = WinHttpProxy {
            access_type: WINHTTP_ACCESS_TYPE_NAMED_PROXY,
            proxy: Some("10.0.0.3:8080".to_owned()),
            bypass: None,
        };
        let settings = proxy_settings(None, Some(&machine));
        assert_eq!(settings.len(), 1);
        assert_eq!(settings[0].source, "winhttp");
        let direct = WinHttpProxy {
            access_type: 1,
            proxy: Some("ignored:1".to_owned()),
            bypass: None,
        };
        assert!(proxy_settings(None, Some(&direct)).is_empty());
    }

    #[test]
    fn volume_flags_give_mounts() {
        use drive_type as t;
        let volume = |root: &str, drive_type, fs: &str, flags| Volume {
            root: root.to_owned(),
            drive_type,
            fs_name: fs.to_owned(),
            flags,
            remote: None,
        };
        let c = mount_of(&volume("C:\\", t::FIXED, "NTFS", 0x0002_0000));
        assert_eq!(
            c,
            Some(Mount {
                mount_point: "C:".to_owned(),
                fs_type: "NTFS".to_owned(),
                source: "C:".to_owned(),
                options: vec!["rw".to_owned()],
                block_device: true,
                removable: false,
            })
        );
        let stick = mount_of(&volume(
            "E:\\",
            t::REMOVABLE,
            "FAT32",
            FILE_READ_ONLY_VOLUME,
        ));
        assert!(
            stick
                .as_ref()
                .is_some_and(|m| m.read_only() && m.removable && m.block_device)
        );
        let mut share = volume("Z:\\", t::REMOTE, "NTFS", 0);
        share.remote = Some("\\\\server\\share".to_owned());
        let share = mount_of(&share);
        assert!(
            share
                .as_ref()
                .is_some_and(|m| !m.block_device && m.source == "\\\\server\\share")
        );
        assert!(
            mount_of(&volume("D:\\", t::CDROM, "CDFS", FILE_READ_ONLY_VOLUME))
                .is_some_and(|m| !m.block_device)
        );
        assert_eq!(mount_of(&volume("Q:\\", t::NO_ROOT_DIR, "", 0)), None);
        assert_eq!(mount_of(&volume("\\", t::FIXED, "NTFS", 0)), None);
        assert_eq!(
            mount_of(&volume("F:\\", t::FIXED, "", 0)).map(|m| m.fs_type),
            Some("unknown".to_owned())
        );
    }

    /// Events as `EvtRender` writes them (the `Event` schema), with and without a formatted
    /// message.
    #[test]
    fn events_become_log_lines() {
        let disk = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>\
            <Provider Name='disk'/><EventID Qualifiers='49156'>7</EventID><Version>0</Version>\
            <Level>2</Level><Task>0</Task><TimeCreated SystemTime='2026-12-01T09:30:00.1234567Z'/>\
            <Channel>System</Channel></System><EventData><Data>\\Device\\Harddisk0\\DR0</Data>\
            <Binary>0000</Binary></EventData></Event>";
        let line = event_line(disk, None).unwrap();
        assert_eq!(line.time, Some(1_796_117_400));
        assert_eq!(line.origin, "disk");
        assert_eq!(line.text, "event 7: \\Device\\Harddisk0\\DR0");
        let formatted = event_line(
            disk,
            Some("The device, \\Device\\Harddisk0\\DR0,\r\n has a bad block."),
        )
        .unwrap();
        assert_eq!(
            formatted.text,
            "The device, \\Device\\Harddisk0\\DR0, has a bad block."
        );

        let print = r#"<Event><System><Provider Name="Microsoft-Windows-PrintService" Guid="{747ef6fd-e535-4d16-b510-42c90f6873a1}"/><EventID>372</EventID><Level>2</Level><TimeCreated SystemTime="2026-12-01T09:30:05Z"/></System><UserData><DocumentPrintError><JobId>7</JobId></DocumentPrintError></UserData><EventData><Data Name="Param1">Budget &amp; plan</Data><Data Name="Param2"></Data><Data Name="Param3">Office Laser</Data></EventData></Event>"#;
        let line = event_line(print, None).unwrap();
        assert_eq!(line.origin, "Microsoft-Windows-PrintService");
        assert_eq!(line.time, Some(1_796_117_405));
        assert_eq!(
            line.text,
            "event 372: Param1: Budget & plan, Param3: Office Laser"
        );

        // Information (4) and verbose (5) events are not lines; nor is something unreadable.
        let info = disk.replace("<Level>2</Level>", "<Level>4</Level>");
        assert_eq!(event_line(&info, None), None);
        assert_eq!(event_line("<Event><System></System>", None), None);
        assert_eq!(event_line("", None), None);
        let odd = disk.replace("2026-12-01T09:30:00.1234567Z", "yesterday");
        assert_eq!(event_line(&odd, None).unwrap().time, None);

        assert_eq!(
            event_query(1_000, 4_600),
            "*[System[(Level=1 or Level=2 or Level=3) and TimeCreated[timediff(@SystemTime) <= 3600000]]]"
        );
    }

    /// `Get-PhysicalDisk` output as Windows PowerShell 5.1 writes it (enums as numbers) and as
    /// PowerShell 7 may (names), for one disk and for a list.
    #[test]
    fn physical_disk_status_reads_numbers_and_names() {
        let numbers = r#"{"FriendlyName":"ACME NVMe 1TB","SerialNumber":"0025_3882_1A0B.","MediaType":4,"HealthStatus":1,"OperationalStatus":[5,2],"DeviceId":"1"}"#;
        let status = physical_disk_status(numbers).unwrap();
        assert_eq!(status.number, Some(1));
        assert_eq!(status.health, "warning");
        assert_eq!(status.operational, ["Predictive Failure", "OK"]);
        assert_eq!(status.media.as_deref(), Some("SSD"));
        assert_eq!(status.model.as_deref(), Some("ACME NVMe 1TB"));
        let names = r#"[{"FriendlyName":"Msft Virtual Disk","MediaType":"Unspecified","HealthStatus":"Healthy","OperationalStatus":"OK"}]"#;
        let status = physical_disk_status(names).unwrap();
        assert_eq!((status.health.as_str(), status.media), ("healthy", None));
        assert_eq!(status.number, None);
        assert_eq!(status.operational, ["OK"]);
        assert_eq!(
            physical_disk_status(r#"{"HealthStatus":2}"#)
                .unwrap()
                .health,
            "unhealthy"
        );
        assert_eq!(
            physical_disk_status(r#"{"HealthStatus":5}"#)
                .unwrap()
                .health,
            "unknown"
        );
        assert_eq!(physical_disk_status(r#"{}"#).unwrap().health, "unknown");
        // No disk (an empty answer), or something else entirely.
        assert!(physical_disk_status("").is_err());
        assert!(physical_disk_status("[]").is_err());
        assert!(physical_disk_status("Get-PhysicalDisk : Access denied").is_err());
    }

    #[test]
    fn neighbour_states_read_like_linux_ones() {
        let mac = [0x02, 0, 0, 0, 0, 0x01];
        assert_eq!(
            neighbour_of(5, &mac),
            Neighbour {
                state: "complete".to_owned(),
                mac: Some("02:00:00:00:00:01".to_owned())
            }
        );
        assert_eq!(neighbour_of(4, &mac).state, "complete");
        assert_eq!(neighbour_of(1, &mac).state, "incomplete");
        assert_eq!(neighbour_of(0, &mac).mac, None);
        assert_eq!(neighbour_of(5, &[0; 6]).state, "incomplete");
        assert_eq!(neighbour_of(5, &[]).state, "incomplete");
    }

    #[test]
    fn echo_statuses_read_like_the_ping_results() {
        use std::time::Duration;
        assert_eq!(echo_of(0, 12), Echo::Reply(Duration::from_millis(12)));
        assert_eq!(echo_of(11010, 0), Echo::NoReply);
        assert!(matches!(echo_of(11003, 0), Echo::Unreachable(_)));
        assert!(matches!(echo_of(11002, 0), Echo::Unreachable(_)));
        assert!(matches!(echo_of(11040, 0), Echo::Unreachable(_)));
        assert_eq!(
            echo_of(11050, 0),
            Echo::Failed("the ICMP service answered with status 11050".to_owned())
        );
    }

    #[test]
    fn processor_times_give_the_busy_share() {
        let before = CpuTimes {
            idle: 1_000,
            kernel: 1_500,
            user: 500,
        };
        // 1000 units passed in all (800 kernel incl. idle, 200 user), 700 of them idle.
        let after = CpuTimes {
            idle: 1_700,
            kernel: 2_300,
            user: 700,
        };
        assert_eq!(cpu_busy_percent(before, after), Some(30.0));
        assert_eq!(cpu_busy_percent(before, before), None);
        assert_eq!(cpu_busy_percent(after, before), None);
    }
}
