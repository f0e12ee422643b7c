//! Parsers of the operating systems' own file and command formats: pure functions over text,
//! used by the platform code that reads them and public for fuzzing. Nothing here touches
//! the machine.

use super::{Mount, Pressure, ProxySetting, WifiLink};

/// `nameserver` and `search` lines of a resolv.conf (comments, options and junk ignored).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResolvConf {
    pub servers: Vec<String>,
    pub search: Vec<String>,
}

pub fn parse_resolv_conf(text: &str) -> ResolvConf {
    let mut parsed = ResolvConf::default();
    for line in text.lines() {
        let line = line.split(['#', ';']).next().unwrap_or("").trim();
        let mut words = line.split_whitespace();
        match words.next() {
            Some("nameserver") => parsed.servers.push(words.next().unwrap_or("").to_owned()),
            // The last `search` or `domain` line wins, as in glibc.
            Some("search" | "domain") => parsed.search = words.map(str::to_owned).collect(),
            _ => {}
        }
    }
    parsed
}

/// `/proc/net/wireless`: link quality (of 70) as a percentage, and the level in dBm.
pub fn parse_proc_wireless(text: &str, name: &str) -> Option<(u8, Option<i32>)> {
    text.lines().skip(2).find_map(|line| {
        let (iface, rest) = line.trim().split_once(':')?;
        if iface.trim() != name {
            return None;
        }
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let quality: f64 = fields.get(1)?.trim_end_matches('.').parse().ok()?;
        let level = fields
            .get(2)
            .and_then(|l| l.trim_end_matches('.').parse::<f64>().ok())
            .filter(|l| *l < 0.0)
            .map(|l| l as i32);
        let percent = (quality * 100.0 / 70.0).clamp(0.0, 100.0) as u8;
        Some((percent, level))
    })
}

/// `nmcli -t -f PERMISSION,VALUE general permissions`: NetworkManager's answer to
/// `GetPermissions` for this session, each permission with `yes`, `no` or `auth`.
pub fn parse_nm_permissions(text: &str) -> Vec<(String, String)> {
    text.lines()
        .take(256)
        .filter_map(|line| {
            let fields = split_terse(line);
            match fields.as_slice() {
                [permission, value]
                    if permission.starts_with("org.freedesktop.NetworkManager.") =>
                {
                    Some((permission.clone(), value.trim().to_ascii_lowercase()))
                }
                _ => None,
            }
        })
        .collect()
}

/// `nmcli -t -f WIFI-HW,WIFI radio`: whether the Wi-Fi radio is switched on by hardware and
/// in software.
pub fn parse_nm_radio(text: &str) -> Option<(bool, bool)> {
    let line = text.lines().next()?;
    let fields = split_terse(line);
    let on = |value: &str| match value.trim() {
        "enabled" => Some(true),
        "disabled" | "missing" => Some(false),
        _ => None,
    };
    match fields.as_slice() {
        [hardware, software] => Some((on(hardware)?, on(software)?)),
        _ => None,
    }
}

/// `nmcli -t -f IN-USE,SSID,SECURITY,SIGNAL device wifi list`: the network in use.
pub fn parse_nmcli(text: &str) -> Option<WifiLink> {
    text.lines().find_map(|line| {
        let fields = split_terse(line);
        if fields.first().map(String::as_str) != Some("*") || fields.len() < 4 {
            return None;
        }
        Some(WifiLink {
            ssid: Some(fields[1].clone()).filter(|s| !s.is_empty()),
            security: Some(fields[2].clone()),
            signal_percent: fields[3].parse().ok(),
            signal_dbm: None,
            source: "nmcli".to_owned(),
        })
    })
}

/// nmcli's terse format separates fields with `:` and escapes `:` and `\` inside them.
fn split_terse(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' => fields.push(String::new()),
            other => {
                if let Some(field) = fields.last_mut() {
                    field.push(other);
                }
            }
        }
    }
    fields
}

/// GNOME's settings: `mode` is `none`, `manual` or `auto`.
pub fn from_gnome(
    mode: &str,
    autoconfig_url: Option<String>,
    lookup: impl Fn(&str) -> Option<(String, String)>,
) -> Vec<ProxySetting> {
    match mode {
        "manual" => [("https", "https"), ("http", "http"), ("socks", "socks")]
            .iter()
            .filter_map(|(schema, scheme)| {
                let (host, port) = lookup(schema)?;
                let port = port.trim().parse::<u16>().ok().filter(|p| *p != 0)?;
                (!host.is_empty()).then(|| ProxySetting {
                    source: "gnome".to_owned(),
                    scheme: (*scheme).to_owned(),
                    value: if *scheme == "socks" {
                        format!("socks5://{host}:{port}")
                    } else {
                        format!("http://{host}:{port}")
                    },
                })
            })
            .collect(),
        "auto" => autoconfig_url
            .filter(|u| !u.is_empty())
            .map(|value| ProxySetting {
                source: "gnome".to_owned(),
                scheme: "pac".to_owned(),
                value,
            })
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// KDE's `kioslaverc`: `ProxyType` 1 = manual, 2 = PAC address.
pub fn from_kioslaverc(text: &str) -> Vec<ProxySetting> {
    let mut in_section = false;
    let mut kind = 0;
    let mut values: Vec<(&str, String)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_section = line == "[Proxy Settings]";
            continue;
        }
        let Some((key, value)) = line.split_once('=').filter(|_| in_section) else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "ProxyType" => kind = value.parse().unwrap_or(0),
            "httpsProxy" => values.push(("https", value.to_owned())),
            "httpProxy" => values.push(("http", value.to_owned())),
            "socksProxy" => values.push(("socks", value.to_owned())),
            "Proxy Config Script" => values.push(("pac", value.to_owned())),
            _ => {}
        }
    }
    values
        .into_iter()
        .filter(|(scheme, value)| {
            !value.is_empty()
                && if kind == 2 {
                    *scheme == "pac"
                } else {
                    kind == 1 && *scheme != "pac"
                }
        })
        .map(|(scheme, value)| ProxySetting {
            source: "kde".to_owned(),
            scheme: scheme.to_owned(),
            // KDE writes `http://host port`.
            value: match value.rsplit_once(' ') {
                Some((host, port)) if port.parse::<u16>().is_ok() => format!("{host}:{port}"),
                _ => value,
            },
        })
        .collect()
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

/// What an fstab asks for a mount point: `Some(true)` read-only, `Some(false)` writable,
/// `None` when it is not listed.
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

/// The `SystemGroup` names of a `cups-files.conf` (all lines, each may list several).
pub fn parse_system_groups(text: &str) -> Vec<String> {
    let mut groups = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let mut words = line.split_whitespace();
        if words
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("SystemGroup"))
        {
            groups.extend(words.take(64).map(str::to_owned));
        }
    }
    groups
}

/// The `ServerName` of a `client.conf`: the last one wins, as in the CUPS library.
pub fn parse_client_conf(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (key, value) = line.split_once(char::is_whitespace)?;
            key.eq_ignore_ascii_case("ServerName")
                .then(|| value.trim().to_owned())
                .filter(|v| !v.is_empty())
        })
        .next_back()
}

/// The kernel's neighbour (ARP) table, `/proc/net/arp`: the entry for an IPv4 address, as
/// `complete` with its hardware address, or `incomplete` when nobody answered.
pub fn parse_arp(text: &str, ip: &str) -> Option<(String, Option<String>)> {
    text.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.first() != Some(&ip) || fields.len() < 4 {
            return None;
        }
        let complete = fields[2] != "0x0";
        let state = if complete { "complete" } else { "incomplete" };
        Some((state.to_owned(), complete.then(|| fields[3].to_owned())))
    })
}

/// The user's default printer in a CUPS `lpoptions` file: the last `Default` line.
pub fn parse_lpoptions_default(text: &str) -> Option<String> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("Default "))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(|name| name.split('/').next().unwrap_or(name).to_owned())
        .next_back()
}

/// A GVariant string value as `gsettings get` prints it, without its quotes.
pub fn parse_gsettings_value(text: &str) -> String {
    text.trim().trim_matches('\'').to_owned()
}

/// The Windows spooler's `PRINTER_INFO_2.Status` bits (winspool.h `PRINTER_STATUS_*`) as
/// IPP `printer-state-reasons` keywords, so one table judges printers on every system.
/// Bits that only say the spooler is busy (printing, warming up, power save) give nothing.
/// A log line made safe to show: control characters and invalid UTF-8 replaced, cut to
/// [`MAX_LOG_LINE_CHARS`](crate::platform::MAX_LOG_LINE_CHARS) characters.
pub fn clean_log_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let max = crate::platform::MAX_LOG_LINE_CHARS;
    let mut clean: String = text
        .trim_end()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max + 1)
        .collect();
    if clean.chars().count() > max {
        clean = clean.chars().take(max).collect();
        clean.push('…');
    }
    clean
}

/// One record of `/dev/kmsg`: `PRIORITY,SEQUENCE,MICROSECONDS,FLAGS[,…];MESSAGE`, followed
/// by continuation lines (` KEY=VALUE`), which are left out. `booted_at` turns the time
/// since boot into Unix seconds.
pub fn parse_kmsg_record(
    record: &[u8],
    booted_at: Option<u64>,
) -> Option<crate::platform::LogLine> {
    let first = record.split(|b| *b == b'\n').next()?;
    let split = first.iter().position(|b| *b == b';')?;
    let (head, message) = (&first[..split], &first[split + 1..]);
    let head = std::str::from_utf8(head).ok()?;
    let micros: u64 = head.split(',').nth(2)?.parse().ok()?;
    Some(crate::platform::LogLine {
        time: booted_at.map(|boot| boot.saturating_add(micros / 1_000_000)),
        origin: "kernel".to_owned(),
        text: clean_log_text(message),
    })
}

/// `journalctl`'s arguments for one read of every line written since `since` by `units`
/// (services, or program names when they have no `.`), newest `MAX_LOG_LINES` at most, as
/// JSON; from `files` instead of the system journal when given.
pub fn journal_args(since: u64, units: &[String], files: &[String]) -> Vec<String> {
    let mut args = vec![
        "--output=json".to_owned(),
        "--no-pager".to_owned(),
        "--quiet".to_owned(),
        format!("--since=@{since}"),
        format!("--lines={}", crate::platform::MAX_LOG_LINES),
    ];
    for file in files {
        args.push(format!("--file={file}"));
    }
    for (n, unit) in units.iter().enumerate() {
        if n > 0 {
            args.push("+".to_owned());
        }
        if unit.contains('.') {
            args.push(format!("_SYSTEMD_UNIT={unit}"));
        } else {
            args.push(format!("SYSLOG_IDENTIFIER={unit}"));
        }
    }
    args
}

/// `journalctl --output=json`: one JSON object per line. A message may be a string or, when
/// it is not valid UTF-8, an array of bytes. Lines that are not JSON are skipped.
pub fn parse_journal_json(output: &[u8]) -> Vec<crate::platform::LogLine> {
    output
        .split(|b| *b == b'\n')
        .filter(|line| !line.is_empty())
        .filter_map(|line| serde_json::from_slice::<serde_json::Value>(line).ok())
        .filter_map(|entry| {
            let text = match entry.get("MESSAGE")? {
                serde_json::Value::String(text) => clean_log_text(text.as_bytes()),
                serde_json::Value::Array(bytes) => {
                    let bytes: Vec<u8> = bytes
                        .iter()
                        .filter_map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                        .collect();
                    clean_log_text(&bytes)
                }
                _ => return None,
            };
            let field = |name: &str| entry.get(name).and_then(|v| v.as_str()).map(str::to_owned);
            let time = field("__REALTIME_TIMESTAMP")
                .and_then(|t| t.parse::<u64>().ok())
                .map(|micros| micros / 1_000_000);
            let origin = field("_SYSTEMD_UNIT")
                .or_else(|| field("SYSLOG_IDENTIFIER"))
                .or_else(|| {
                    (field("_TRANSPORT").as_deref() == Some("kernel")).then(|| "kernel".to_owned())
                })
                .unwrap_or_else(|| "journal".to_owned());
            Some(crate::platform::LogLine { time, origin, text })
        })
        .collect()
}

/// CUPS' `error_log`: `L [DD/Mon/YYYY:HH:MM:SS +ZZZZ] message`. Only errors, warnings and
/// worse are kept (levels `E`, `W`, `C`, `A`, `X`); debug and information lines are not.
pub fn parse_cups_error_log(text: &[u8]) -> Vec<crate::platform::LogLine> {
    text.split(|b| *b == b'\n')
        .filter_map(|line| {
            let level = *line.first()?;
            if !matches!(level, b'E' | b'W' | b'C' | b'A' | b'X') || line.get(1) != Some(&b' ') {
                return None;
            }
            let open = line.iter().position(|b| *b == b'[')?;
            let close = line.iter().position(|b| *b == b']')?;
            let stamp = std::str::from_utf8(line.get(open + 1..close)?).ok()?;
            Some(crate::platform::LogLine {
                time: parse_cups_time(stamp),
                origin: "cupsd".to_owned(),
                text: clean_log_text(
                    mask_cups_private(&String::from_utf8_lossy(
                        line.get(close + 1..)?.trim_ascii_start(),
                    ))
                    .as_bytes(),
                ),
            })
        })
        .collect()
}

/// A CUPS line names people and documents nothing else has learned (other users' jobs): a
/// quoted value after a user or document attribute is replaced by its kind.
pub fn mask_cups_private(text: &str) -> String {
    const USER: &[&str] = &[
        "job-originating-user-name",
        "requesting-user-name",
        "username",
        "user",
        "owner",
        "by",
    ];
    const DOCUMENT: &[&str] = &["job-name", "document-name", "title", "document"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let Some(close) = rest[open + 1..].find('"').map(|c| open + 1 + c) else {
            break;
        };
        let before = rest[..open]
            .trim_end_matches([' ', '=', ':'])
            .to_lowercase();
        let kind = if USER.iter().any(|k| before.ends_with(k)) {
            Some("[user]")
        } else if DOCUMENT.iter().any(|k| before.ends_with(k)) {
            Some("[document]")
        } else {
            None
        };
        out.push_str(&rest[..=open]);
        match kind {
            Some(kind) => out.push_str(kind),
            None => out.push_str(&rest[open + 1..close]),
        }
        out.push('"');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Unix seconds of a civil date and time at a UTC offset (seconds east), for the proleptic
/// Gregorian calendar; None when a field is out of range.
fn unix_time(date: (i64, i64, i64), clock: (i64, i64, i64), offset: i64) -> Option<u64> {
    let (year, month, day) = date;
    let (hour, minute, second) = clock;
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || !(0..=23).contains(&hour)
        || !(0..=59).contains(&minute)
        || !(0..=60).contains(&second)
    {
        return None;
    }
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + hour * 3600 + minute * 60 + second - offset).ok()
}

/// `log show`'s arguments on macOS: NDJSON, the whole span back to `since` in minutes, the
/// kernel's messages for the kernel log, and only messages holding one of the query's words.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
pub fn log_show_args(query: &crate::platform::LogQuery, now: u64) -> Vec<String> {
    let minutes = now.saturating_sub(query.since).div_ceil(60).max(1);
    let quote = |w: &str| w.replace(['"', '\\'], "");
    let mut predicate: Vec<String> = Vec::new();
    if query.source == crate::platform::LogSource::Kernel {
        predicate.push("process == \"kernel\"".to_owned());
    }
    if !query.words.is_empty() {
        let words: Vec<String> = query
            .words
            .iter()
            .map(|w| format!("eventMessage CONTAINS[c] \"{}\"", quote(w)))
            .collect();
        predicate.push(format!("({})", words.join(" OR ")));
    }
    let mut args = vec![
        "show".to_owned(),
        "--style".to_owned(),
        "ndjson".to_owned(),
        "--last".to_owned(),
        format!("{minutes}m"),
    ];
    if !predicate.is_empty() {
        args.push("--predicate".to_owned());
        args.push(predicate.join(" AND "));
    }
    args
}

/// `log show --style ndjson`: one JSON object per line with `timestamp`
/// (`2026-12-01 10:00:00.123456+0000`), `eventMessage` and `processImagePath`.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
pub fn parse_log_show_ndjson(output: &[u8]) -> Vec<crate::platform::LogLine> {
    output
        .split(|b| *b == b'\n')
        .filter_map(|line| serde_json::from_slice::<serde_json::Value>(line).ok())
        .filter_map(|entry| {
            let text = entry.get("eventMessage")?.as_str()?;
            let process = entry
                .get("processImagePath")
                .and_then(|p| p.as_str())
                .and_then(|p| p.rsplit('/').next())
                .filter(|p| !p.is_empty())
                .unwrap_or("system");
            let time = entry
                .get("timestamp")
                .and_then(|t| t.as_str())
                .and_then(parse_log_show_time);
            Some(crate::platform::LogLine {
                time,
                origin: process.to_owned(),
                text: clean_log_text(text.as_bytes()),
            })
        })
        .collect()
}

/// `2026-12-01 10:00:00.123456+0000` as Unix seconds.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
fn parse_log_show_time(stamp: &str) -> Option<u64> {
    let (date, rest) = stamp.split_once(' ')?;
    let mut ymd = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (ymd.next()??, ymd.next()??, ymd.next()??);
    let zone_at = rest.rfind(['+', '-'])?;
    let (clock, zone) = rest.split_at(zone_at);
    let mut hms = clock.split(':');
    let hour = hms.next()?.parse().ok()?;
    let minute = hms.next()?.parse().ok()?;
    let second: i64 = hms.next()?.split('.').next()?.parse().ok()?;
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits = zone.trim_start_matches(['+', '-']);
    let offset =
        digits.get(..2)?.parse::<i64>().ok()? * 3600 + digits.get(2..4)?.parse::<i64>().ok()? * 60;
    unix_time((year, month, day), (hour, minute, second), sign * offset)
}

/// `01/Dec/2026:19:57:04 +0000` as Unix seconds.
pub fn parse_cups_time(stamp: &str) -> Option<u64> {
    let (date, zone) = stamp.split_once(' ')?;
    let mut parts = date.splitn(4, [':', '/']);
    let day: i64 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let year: i64 = parts.next()?.parse().ok()?;
    let clock: Vec<i64> = parts
        .next()?
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<i64>>>()?;
    let [hour, minute, second] = clock[..] else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = i64::try_from(MONTHS.iter().position(|m| *m == month)? + 1).ok()?;
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits = zone.trim_start_matches(['+', '-']);
    let offset =
        digits.get(..2)?.parse::<i64>().ok()? * 3600 + digits.get(2..4)?.parse::<i64>().ok()? * 60;
    unix_time((year, month, day), (hour, minute, second), sign * offset)
}

/// ext4's error record under `/sys/fs/ext4/<device>/` (`errors_count`, `first_error_time`,
/// `last_error_func` …), through `read(file)`. None when the directory has no record at all
/// (not ext4, or an older kernel).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub fn parse_ext4_errors(
    dir: &str,
    read: impl Fn(&str) -> Option<String>,
) -> Option<crate::platform::FsErrors> {
    let number = |file: &str| read(file).and_then(|v| v.parse::<u64>().ok());
    let time = |file: &str| number(file).filter(|t| *t > 0);
    let text = |file: &str| {
        read(file)
            .filter(|v| !v.is_empty())
            .map(|v| v.chars().take(64).collect())
    };
    let count = number("errors_count")?;
    Some(crate::platform::FsErrors {
        source: format!("ext4 {dir}"),
        count,
        first_time: time("first_error_time"),
        last_time: time("last_error_time"),
        first_function: text("first_error_func"),
        last_function: text("last_error_func"),
        last_inode: number("last_error_ino"),
        last_block: number("last_error_block"),
        detail: None,
    })
}

/// btrfs' `error_stats` of each device of one filesystem (`read_errs 3` per line), summed;
/// None when no device has any.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub fn parse_btrfs_error_stats(dir: &str, devices: &[String]) -> Option<crate::platform::FsErrors> {
    let mut totals: Vec<(String, u64)> = Vec::new();
    for text in devices {
        for line in text.lines() {
            let mut parts = line.split_whitespace();
            let (Some(key), Some(value)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Ok(value) = value.parse::<u64>() else {
                continue;
            };
            match totals.iter_mut().find(|(k, _)| k == key) {
                Some((_, total)) => *total = total.saturating_add(value),
                None => totals.push((key.chars().take(32).collect(), value)),
            }
        }
    }
    if totals.is_empty() {
        return None;
    }
    Some(crate::platform::FsErrors {
        source: format!("btrfs {dir}"),
        count: totals
            .iter()
            .fold(0u64, |sum, (_, v)| sum.saturating_add(*v)),
        detail: Some(
            totals
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ..crate::platform::FsErrors::default()
    })
}

// The Windows spooler's reader is the Windows parity work's; until it lands, only tests call it.
#[cfg_attr(not(test), allow(dead_code))]
pub fn spooler_status_reasons(status: u32) -> Vec<String> {
    const BITS: &[(u32, &str)] = &[
        (0x0000_0001, "paused"),
        (0x0000_0002, "other"),
        (0x0000_0008, "media-jam"),
        (0x0000_0010, "media-empty"),
        (0x0000_0020, "media-needed"),
        (0x0000_0040, "other"),
        (0x0000_0080, "offline"),
        (0x0000_0800, "output-area-full"),
        (0x0000_1000, "offline"),
        (0x0002_0000, "toner-low"),
        (0x0004_0000, "toner-empty"),
        (0x0008_0000, "other"),
        (0x0010_0000, "other"),
        (0x0020_0000, "spool-area-full"),
        (0x0040_0000, "door-open"),
        (0x0080_0000, "offline"),
        (0x0200_0000, "offline"),
        // A driver that needs updating cannot prepare documents: the missing-driver case.
        (0x0400_0000, "cups-missing-filter"),
    ];
    let mut reasons: Vec<String> = Vec::new();
    for (bit, keyword) in BITS {
        if status & bit != 0 && !reasons.iter().any(|r| r == keyword) {
            reasons.push((*keyword).to_owned());
        }
    }
    reasons
}

/// The spooler's status as an IPP `printer-state`: 5 stopped (paused), 4 processing, 3 idle.
#[cfg_attr(not(test), allow(dead_code))]
pub fn spooler_state(status: u32) -> i32 {
    const PAUSED: u32 = 0x0000_0001;
    const BUSY: u32 = 0x0000_0200 | 0x0000_0400 | 0x0000_4000 | 0x0000_0100;
    if status & PAUSED != 0 {
        5
    } else if status & BUSY != 0 {
        4
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_manager_permissions_and_radio_are_read_from_nmcli() {
        // As `nmcli -t -f PERMISSION,VALUE general permissions` prints them (NetworkManager
        // 1.42, an active desktop session).
        let text = "org.freedesktop.NetworkManager.checkpoint-rollback:auth\n\
                    org.freedesktop.NetworkManager.enable-disable-network:yes\n\
                    org.freedesktop.NetworkManager.enable-disable-wifi:yes\n\
                    org.freedesktop.NetworkManager.network-control:yes\n\
                    org.freedesktop.NetworkManager.settings.modify.system:auth\n\
                    junk\nother.permission:yes\n";
        let permissions = parse_nm_permissions(text);
        assert_eq!(permissions.len(), 5);
        assert!(permissions.contains(&(
            "org.freedesktop.NetworkManager.enable-disable-wifi".to_owned(),
            "yes".to_owned()
        )));
        assert!(permissions.contains(&(
            "org.freedesktop.NetworkManager.settings.modify.system".to_owned(),
            "auth".to_owned()
        )));
        assert!(parse_nm_permissions("").is_empty());
        assert_eq!(parse_nm_radio("enabled:disabled\n"), Some((true, false)));
        assert_eq!(parse_nm_radio("disabled:enabled"), Some((false, true)));
        assert_eq!(parse_nm_radio("missing:enabled"), Some((false, true)));
        assert_eq!(parse_nm_radio("odd:enabled"), None);
        assert_eq!(parse_nm_radio(""), None);
    }

    #[test]
    fn system_groups_are_read_from_every_line() {
        let text = "# comment\nSystemGroup lpadmin sys\n  systemgroup wheel\nUser lp\nSystemGroupAuthKey x\n";
        assert_eq!(parse_system_groups(text), ["lpadmin", "sys", "wheel"]);
        assert!(parse_system_groups("").is_empty());
    }

    use crate::platform::LogLine;

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

    #[test]
    fn the_last_server_name_wins_and_comments_are_skipped() {
        let text = "# ServerName commented\nServerName  print.corp.example:631\nEncryption Never\nservername /run/cups/other.sock\n";
        assert_eq!(
            parse_client_conf(text).as_deref(),
            Some("/run/cups/other.sock")
        );
        assert_eq!(
            parse_client_conf("ServerName\nEncryption IfRequested\n"),
            None
        );
        assert_eq!(parse_client_conf(""), None);
    }

    #[test]
    fn arp_lpoptions_and_gsettings() {
        let arp = "IP address       HW type     Flags       HW address            Mask     Device\n10.0.0.1         0x1         0x2         aa:bb:cc:dd:ee:ff     *        eth0\n10.0.0.9         0x1         0x0         00:00:00:00:00:00     *        eth0\n";
        assert_eq!(
            parse_arp(arp, "10.0.0.1"),
            Some(("complete".into(), Some("aa:bb:cc:dd:ee:ff".into())))
        );
        assert_eq!(
            parse_arp(arp, "10.0.0.9"),
            Some(("incomplete".into(), None))
        );
        assert_eq!(parse_arp(arp, "10.0.0.2"), None);
        assert_eq!(
            parse_lpoptions_default("Dest x\nDefault Office/duplex sides=two\n").as_deref(),
            Some("Office")
        );
        assert_eq!(parse_gsettings_value("'manual'\n"), "manual");
    }
    #[test]
    fn resolv_conf_lines_are_read_like_glibc() {
        let text = "# generated\nnameserver 10.0.0.1\nnameserver   fd00::1 # comment\nnameserver\noptions edns0\ndomain a.example\nsearch corp.example lab.example\nnameserver 0.0.0.0\n";
        let parsed = parse_resolv_conf(text);
        assert_eq!(parsed.servers, vec!["10.0.0.1", "fd00::1", "", "0.0.0.0"]);
        assert_eq!(parsed.search, vec!["corp.example", "lab.example"]);
    }

    #[test]
    fn desktop_settings_are_read() {
        let gnome = from_gnome("manual", None, |schema| {
            (schema == "https").then(|| ("proxy.corp".to_owned(), "3128".to_owned()))
        });
        assert_eq!(
            gnome,
            vec![ProxySetting {
                source: "gnome".into(),
                scheme: "https".into(),
                value: "http://proxy.corp:3128".into()
            }]
        );
        assert!(from_gnome("none", None, |_| None).is_empty());
        assert_eq!(
            from_gnome("auto", Some("http://wpad/p.pac".into()), |_| None)[0].scheme,
            "pac"
        );
        let kde = from_kioslaverc(
            "[Proxy Settings]\nProxyType=1\nhttpsProxy=http://proxy.corp 3128\n[Other]\nhttpProxy=x\n",
        );
        assert_eq!(kde.len(), 1);
        assert_eq!(kde[0].value, "http://proxy.corp:3128");
        assert!(
            from_kioslaverc("[Proxy Settings]\nProxyType=0\nhttpsProxy=http://p 1\n").is_empty()
        );
    }

    #[test]
    fn spooler_status_bits_become_ipp_reasons() {
        assert!(spooler_status_reasons(0).is_empty());
        // Printing, warming up and power save are not problems.
        assert!(spooler_status_reasons(0x0000_0400 | 0x0001_0000 | 0x0100_0000).is_empty());
        assert_eq!(spooler_status_reasons(0x0000_0001), ["paused"]);
        assert_eq!(
            spooler_status_reasons(0x0000_0008 | 0x0002_0000),
            ["media-jam", "toner-low"]
        );
        // Offline, not available and server offline name one reason once.
        assert_eq!(
            spooler_status_reasons(0x0000_0080 | 0x0000_1000 | 0x0200_0000),
            ["offline"]
        );
        assert_eq!(spooler_status_reasons(0x0040_0000), ["door-open"]);
        assert_eq!(spooler_status_reasons(0x0000_0800), ["output-area-full"]);
        assert_eq!(spooler_state(0x0000_0001 | 0x0000_0400), 5);
        assert_eq!(spooler_state(0x0000_0400), 4);
        assert_eq!(spooler_state(0x0000_0080), 3);
        assert_eq!(spooler_status_reasons(u32::MAX).len(), 12);
    }

    #[test]
    fn the_ext4_error_record_is_read() {
        let files: std::collections::HashMap<&str, &str> = [
            ("errors_count", "1"),
            ("first_error_time", "1796156103"),
            ("last_error_time", "1796156103"),
            ("first_error_func", "trigger_test_error"),
            ("last_error_func", "ext4_lookup"),
            ("last_error_ino", "12"),
            ("last_error_block", "0"),
        ]
        .into_iter()
        .collect();
        let record = parse_ext4_errors("/sys/fs/ext4/loop0", |f| {
            files.get(f).map(|v| (*v).to_owned())
        });
        let record = record.unwrap_or_default();
        assert_eq!(record.count, 1);
        assert_eq!(record.last_time, Some(1_796_156_103));
        assert_eq!(record.first_function.as_deref(), Some("trigger_test_error"));
        assert_eq!(record.last_inode, Some(12));
        // A clean filesystem: a count of 0 and zero times.
        let clean = parse_ext4_errors("d", |f| {
            (f == "errors_count" || f.ends_with("_time")).then(|| "0".to_owned())
        });
        assert_eq!(clean.map(|r| (r.count, r.last_time)), Some((0, None)));
        assert_eq!(parse_ext4_errors("d", |_| None), None);
        assert_eq!(parse_ext4_errors("d", |_| Some("garbage".to_owned())), None);
    }

    #[test]
    fn kernel_records_are_read_and_continuations_left_out() {
        let record = b"3,1234,13875678674,-;EXT4-fs error (device loop0): trigger_test_error:129: comm sh: test\n SUBSYSTEM=block\n";
        let line = parse_kmsg_record(record, Some(1_000_000)).unwrap_or(LogLine {
            time: None,
            origin: String::new(),
            text: String::new(),
        });
        assert_eq!(line.time, Some(1_013_875));
        assert_eq!(line.origin, "kernel");
        assert!(line.text.starts_with("EXT4-fs error (device loop0)"));
        assert_eq!(parse_kmsg_record(b"garbage", None), None);
        assert_eq!(parse_kmsg_record(b"6,1,x,-;text", None), None);
    }

    #[test]
    fn journal_json_lines_are_read_binary_messages_too() {
        let output = concat!(
            r#"{"__REALTIME_TIMESTAMP":"1796156103000000","_SYSTEMD_UNIT":"NetworkManager.service","MESSAGE":"dhcp4 (eth0): request timed out"}"#,
            "\n",
            r#"{"__REALTIME_TIMESTAMP":"1796156104000000","SYSLOG_IDENTIFIER":"wpa_supplicant","MESSAGE":[104,105,255,10]}"#,
            "\nnot json\n",
            r#"{"_TRANSPORT":"kernel","MESSAGE":"e1000e: eth0 NIC Link is Down"}"#,
            "\n"
        );
        let lines = parse_journal_json(output.as_bytes());
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].time, Some(1_796_156_103));
        assert_eq!(lines[0].origin, "NetworkManager.service");
        assert_eq!(lines[1].text, "hi\u{fffd}");
        assert_eq!(lines[2].origin, "kernel");
        assert_eq!(
            journal_args(
                5,
                &["NetworkManager.service".into(), "dhclient".into()],
                &[]
            ),
            [
                "--output=json",
                "--no-pager",
                "--quiet",
                "--since=@5",
                "--lines=5000",
                "_SYSTEMD_UNIT=NetworkManager.service",
                "+",
                "SYSLOG_IDENTIFIER=dhclient"
            ]
        );
    }

    #[test]
    fn cups_error_log_lines_and_times_are_read() {
        let text = b"D [01/Dec/2026:19:57:04 +0000] [Job 1] debug\nE [01/Dec/2026:19:57:04 +0000] [Job 1] The printer is not responding.\nW [01/Dec/2026:20:57:04 +0100] warn\nE broken\n\xff\xfe\n";
        let lines = parse_cups_error_log(text);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "[Job 1] The printer is not responding.");
        assert_eq!(lines[0].time, Some(1_796_155_024));
        assert_eq!(lines[1].time, Some(1_796_155_024));
        assert_eq!(parse_cups_time("01/Jan/1970:00:00:00 +0000"), Some(0));
        assert_eq!(
            parse_cups_time("29/Feb/2024:12:00:00 +0000"),
            Some(1_709_208_000)
        );
        assert_eq!(parse_cups_time("99/Foo/2024:12:00:00 +0000"), None);
    }

    #[test]
    fn hostile_log_text_is_cleaned_and_cut() {
        let huge = vec![b'x'; 100_000];
        assert_eq!(
            clean_log_text(&huge).chars().count(),
            crate::platform::MAX_LOG_LINE_CHARS + 1
        );
        assert_eq!(clean_log_text(b"a\x1b[31mb\x00c"), "a [31mb c");
        let _ = parse_journal_json(&huge);
        let _ = parse_cups_error_log(&huge);
        let _ = parse_kmsg_record(&huge, Some(u64::MAX));
    }

    #[test]
    fn cups_lines_name_no_user_and_no_document() {
        assert_eq!(
            mask_cups_private(r#"[Job 7] Queued on "Office" by "bob"."#),
            r#"[Job 7] Queued on "Office" by "[user]"."#
        );
        assert_eq!(
            mask_cups_private(r#"job-name="Salaries 2026.pdf" user: "alice" printer "Office""#),
            r#"job-name="[document]" user: "[user]" printer "Office""#
        );
        assert_eq!(
            mask_cups_private(r#"unterminated "quote by"#),
            r#"unterminated "quote by"#
        );
        assert_eq!(mask_cups_private(""), "");
    }

    #[test]
    fn macos_log_show_is_asked_and_read() {
        let query = crate::platform::LogQuery {
            source: crate::platform::LogSource::Kernel,
            since: 1_000,
            units: vec![],
            words: vec!["i/o error".into(), "say \"hi\"".into()],
            about: vec!["disk2".into()],
        };
        assert_eq!(
            log_show_args(&query, 4_601),
            [
                "show",
                "--style",
                "ndjson",
                "--last",
                "61m",
                "--predicate",
                r#"process == "kernel" AND (eventMessage CONTAINS[c] "i/o error" OR eventMessage CONTAINS[c] "say hi")"#
            ]
        );
        let output = concat!(
            r#"{"timestamp":"2026-12-01 19:57:04.123456+0000","eventMessage":"disk2: I/O error","processImagePath":"/kernel","messageType":"Error"}"#,
            "\n",
            r#"{"timestamp":"2026-12-01 20:57:04.000000+0100","eventMessage":"x","processImagePath":""}"#,
            "\n{\"count\":2,\"finished\":1}\nnot json\n"
        );
        let lines = parse_log_show_ndjson(output.as_bytes());
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].time, Some(1_796_155_024));
        assert_eq!(lines[0].origin, "kernel");
        assert_eq!(lines[1].time, Some(1_796_155_024));
        assert_eq!(lines[1].origin, "system");
        assert_eq!(parse_log_show_time("2026-13-01 00:00:00+0000"), None);
    }

    #[test]
    fn btrfs_device_statistics_are_summed() {
        let one = "write_errs 0\nread_errs 3\nflush_errs 0\ncorruption_errs 1\ngeneration_errs 0\n";
        let two = "write_errs 1\nread_errs 0\ngarbage\ncorruption_errs x\n";
        let record = parse_btrfs_error_stats("/sys/fs/btrfs/f", &[one.into(), two.into()])
            .unwrap_or_default();
        assert_eq!(record.count, 5);
        assert_eq!(
            record.detail.as_deref(),
            Some("write_errs 1, read_errs 3, flush_errs 0, corruption_errs 1, generation_errs 0")
        );
        assert_eq!(record.last_time, None);
        assert_eq!(parse_btrfs_error_stats("d", &[]), None);
        assert_eq!(parse_btrfs_error_stats("d", &["nothing here".into()]), None);
    }
}
