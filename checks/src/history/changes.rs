//! What changed since a check last passed: the facts that matter to each check, read from
//! two runs' recorded facts and compared, and the disk-space trend.
//!
//! Compared facts, per check (the README's "History" section lists them too):
//! - `network.*`: connected interfaces, addresses (IPv4, and IPv6 by /64 prefix so
//!   temporary addresses never count), routers, Wi-Fi network, proxy;
//! - `dns.*`: name servers (the real ones behind a local stub where known), search domains,
//!   hosts-file entries, proxy;
//! - `printer.*`: the queue's state and reasons and its device address (for the finding's
//!   queue), the default printer;
//! - `disk.space`, `disk.inodes`: space available to the user, when it moved by at least
//!   [`SPACE_CHANGE_PERCENT`] of the disk;
//! - `system.*`: a restart since (boot time moved by more than [`BOOT_SLACK_SECONDS`]), and
//!   for `system.clock` the measured clock offset.
//!
//! Never reported: uptime, lease times, temporary IPv6 addresses, free space moving by less
//! than a few percent.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::History;
use crate::areas::disk::human_size;
use crate::model::{Change, Evidence, EvidenceValue, Finding, Report, Status};
use crate::platform::ipp::{PrintError, Queue};
use crate::platform::recorded::Call;
use crate::platform::{FsUsage, Link, LinkKind, OsError, ProxySetting, ResolverSettings, WifiLink};
use crate::text::{Args, catalog};

/// Free space is a change only when it moved by at least this share of the disk.
pub const SPACE_CHANGE_PERCENT: f64 = 5.0;
/// A boot time that moved by more than this is a restart (uptime is read a little late).
pub const BOOT_SLACK_SECONDS: u64 = 120;
/// The days of stored points a disk projection looks at.
const TREND_DAYS: u64 = 30;
/// The most days ahead a projection is worth telling.
const MAX_PROJECTION_DAYS: f64 = 365.0;

/// One fact as a run saw it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    /// A set of items, shown comma-separated.
    List(Vec<String>),
    /// Space available to the user, and the disk's size.
    Space { available: u64, total: u64 },
    /// When the computer started, seconds since the Unix epoch.
    Boot(u64),
    /// The measured clock offset, in seconds.
    Offset(f64),
}

/// The facts of one run that changes are judged on, by fact key and subject.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    facts: BTreeMap<(&'static str, Option<String>), Value>,
}

/// A difference between two runs' facts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactChange {
    pub fact: String,
    pub subject: Option<String>,
    pub before: String,
    pub after: String,
    pub text: String,
}

/// The first recorded answer to a question, if it has the expected shape.
fn first<T: DeserializeOwned>(calls: &[Call], question: &str) -> Option<T> {
    calls
        .iter()
        .find(|call| call.call == question)
        .and_then(|call| serde_json::from_value(call.value.clone()).ok())
}

fn sorted(items: impl IntoIterator<Item = String>) -> Vec<String> {
    items
        .into_iter()
        .filter(|item| !item.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// An IPv6 address as its /64 network: temporary and privacy addresses rotate inside it.
fn ipv6_network(ip: std::net::Ipv6Addr) -> Option<String> {
    let segments = ip.segments();
    if ip.is_loopback() || (segments[0] & 0xffc0) == 0xfe80 {
        return None;
    }
    let network = std::net::Ipv6Addr::new(
        segments[0],
        segments[1],
        segments[2],
        segments[3],
        0,
        0,
        0,
        0,
    );
    Some(format!("{network}/64"))
}

/// Each question's latest answer, in the order the questions were first asked: a run whose
/// repairs were checked again holds the re-check's answers after the first ones, and the
/// state after the repairs is what the run stands for.
fn latest(calls: &[Call]) -> Vec<Call> {
    let mut last: std::collections::HashMap<&str, &Call> = std::collections::HashMap::new();
    for call in calls {
        last.insert(call.call.as_str(), call);
    }
    let mut seen = BTreeSet::new();
    calls
        .iter()
        .filter(|call| seen.insert(call.call.as_str()))
        .filter_map(|call| last.get(call.call.as_str()).map(|c| (*c).clone()))
        .collect()
}

impl Snapshot {
    /// The facts that matter, from a run's recorded answers (each question's latest).
    pub fn of(calls: &[Call]) -> Snapshot {
        let calls = &latest(calls)[..];
        let mut facts = BTreeMap::new();
        if let Some(Ok(links)) = first::<Result<Vec<Link>, OsError>>(calls, "interfaces") {
            let connected: Vec<&Link> = links
                .iter()
                .filter(|l| l.kind() != LinkKind::Loopback && l.has_link())
                .collect();
            facts.insert(
                ("network.connections", None),
                Value::List(sorted(connected.iter().map(|l| l.name.clone()))),
            );
            let addresses = connected.iter().flat_map(|l| {
                l.ipv4
                    .iter()
                    .filter(|(ip, _)| !ip.is_loopback() && !ip.is_link_local())
                    .map(|(ip, prefix)| format!("{ip}/{prefix}"))
                    .chain(l.ipv6.iter().filter_map(|(ip, _)| ipv6_network(*ip)))
                    .collect::<Vec<_>>()
            });
            facts.insert(("network.addresses", None), Value::List(sorted(addresses)));
            let routed: Vec<&&Link> = connected.iter().filter(|l| l.default_route).collect();
            let routers = if routed.is_empty() {
                connected.iter().collect()
            } else {
                routed
            };
            facts.insert(
                ("network.router", None),
                Value::List(sorted(routers.iter().flat_map(|l| {
                    l.gateways
                        .iter()
                        .filter(|ip| !matches!(ip, IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80))
                        .map(IpAddr::to_string)
                        .collect::<Vec<_>>()
                }))),
            );
        }
        let wifi: Vec<String> = calls
            .iter()
            .filter(|call| call.call.starts_with("wifi_link "))
            .filter_map(|call| serde_json::from_value::<Option<WifiLink>>(call.value.clone()).ok())
            .flatten()
            .filter_map(|link| link.ssid)
            .collect();
        if calls.iter().any(|call| call.call.starts_with("wifi_link ")) {
            facts.insert(("network.wifi", None), Value::List(sorted(wifi)));
        }
        if let Some(Ok(settings)) =
            first::<Result<ResolverSettings, OsError>>(calls, "resolver_settings")
        {
            let servers = if settings.upstream.is_empty() {
                settings.servers
            } else {
                settings.upstream
            };
            facts.insert(("dns.servers", None), Value::List(sorted(servers)));
            facts.insert(("dns.search", None), Value::List(sorted(settings.search)));
        }
        if let Some((_, Ok(text))) = first::<(String, Result<String, OsError>)>(calls, "hosts_file")
        {
            let entries = text.lines().filter_map(|line| {
                let line = line.split('#').next().unwrap_or_default();
                let words: Vec<&str> = line.split_whitespace().collect();
                (words.len() >= 2).then(|| words.join(" "))
            });
            facts.insert(("dns.hosts", None), Value::List(sorted(entries)));
        }
        if let Some(proxies) = first::<Vec<ProxySetting>>(calls, "desktop_proxy") {
            facts.insert(
                ("dns.proxy", None),
                Value::List(sorted(
                    proxies
                        .into_iter()
                        .map(|p| format!("{} {}", p.scheme, p.value)),
                )),
            );
        }
        let mut default_printer = first::<Option<String>>(calls, "user_default_printer").flatten();
        for call in calls.iter().filter(|c| c.call.starts_with("print ")) {
            if call.call.ends_with(" queues") {
                let Ok(Ok((queues, _))) = serde_json::from_value::<
                    Result<(Vec<Queue>, Duration), PrintError>,
                >(call.value.clone()) else {
                    continue;
                };
                for queue in queues {
                    let subject = Some(queue.name.clone());
                    facts
                        .entry(("printer.state", subject.clone()))
                        .or_insert_with(|| Value::List(queue_state(&queue)));
                    if let Some(uri) = queue.device_uri.filter(|u| !u.is_empty()) {
                        facts
                            .entry(("printer.device", subject))
                            .or_insert_with(|| Value::List(vec![uri]));
                    }
                }
            } else if call.call.ends_with(" default") && default_printer.is_none() {
                default_printer = serde_json::from_value::<Result<Option<String>, PrintError>>(
                    call.value.clone(),
                )
                .ok()
                .and_then(Result::ok)
                .flatten();
            }
        }
        if calls
            .iter()
            .any(|c| c.call.starts_with("print ") || c.call == "user_default_printer")
        {
            facts.insert(
                ("printer.default", None),
                Value::List(default_printer.into_iter().collect()),
            );
        }
        for (mount_point, available, total) in disk_points(calls) {
            facts.insert(
                ("disk.free", Some(mount_point)),
                Value::Space { available, total },
            );
        }
        if let Some(Ok(boot)) = first::<Result<u64, OsError>>(calls, "boot_time") {
            facts.insert(("system.boot", None), Value::Boot(boot));
        }
        Snapshot { facts }
    }

    /// This snapshot with the clock offset a `system.clock` finding measured.
    fn with_offset(mut self, finding: Option<&Finding>) -> Snapshot {
        if let Some(offset) = finding.and_then(clock_offset) {
            self.facts
                .insert(("system.clock_offset", None), Value::Offset(offset));
        }
        self
    }
}

fn clock_offset(finding: &Finding) -> Option<f64> {
    finding
        .evidence
        .iter()
        .find(|e| e.key == "offset_seconds")
        .and_then(|e| match e.value {
            EvidenceValue::Integer(n) => Some(n as f64),
            EvidenceValue::Number(n) => Some(n),
            _ => None,
        })
}

/// A queue's state word and reasons, for comparing.
fn queue_state(queue: &Queue) -> Vec<String> {
    let state = match queue.state {
        Some(3) => "idle",
        Some(4) => "printing",
        Some(5) => "stopped",
        _ => "unknown",
    };
    let mut items = vec![state.to_owned()];
    if queue.accepting == Some(false) {
        items.push("not-accepting-jobs".to_owned());
    }
    items.extend(
        queue
            .reasons
            .iter()
            .filter(|r| r.as_str() != "none")
            .cloned()
            .collect::<BTreeSet<_>>(),
    );
    items
}

/// The space available on each mount point a run measured: (mount point, available, total).
pub(crate) fn disk_points(calls: &[Call]) -> Vec<(String, u64, u64)> {
    let mut seen = BTreeSet::new();
    latest(calls)
        .iter()
        .filter_map(|call| {
            let mount_point = call.call.strip_prefix("fs_usage ")?;
            if !seen.insert(mount_point.to_owned()) {
                return None;
            }
            let usage = serde_json::from_value::<Result<FsUsage, OsError>>(call.value.clone())
                .ok()?
                .ok()?;
            (usage.total_bytes > 0).then(|| {
                (
                    mount_point.to_owned(),
                    usage.available_bytes,
                    usage.total_bytes,
                )
            })
        })
        .collect()
}

/// The facts each check is judged against: (fact, scoped to the finding's subject).
fn compared(check: &str) -> &'static [(&'static str, bool)] {
    match check.split('.').next().unwrap_or_default() {
        "network" => &[
            ("network.connections", false),
            ("network.addresses", false),
            ("network.router", false),
            ("network.wifi", false),
            ("dns.proxy", false),
        ],
        "dns" => &[
            ("dns.servers", false),
            ("dns.search", false),
            ("dns.hosts", false),
            ("dns.proxy", false),
        ],
        "printer" => &[
            ("printer.state", true),
            ("printer.device", true),
            ("printer.default", false),
        ],
        "disk" if matches!(check, "disk.space" | "disk.inodes") => &[("disk.free", true)],
        "system" if check == "system.clock" => {
            &[("system.boot", false), ("system.clock_offset", false)]
        }
        "system" => &[("system.boot", false)],
        _ => &[],
    }
}

/// Whether a fact moved enough to tell.
fn differs(before: &Value, after: &Value) -> bool {
    match (before, after) {
        (Value::List(a), Value::List(b)) => a != b,
        (
            Value::Space { available: a, .. },
            Value::Space {
                available: b,
                total,
            },
        ) => {
            *total > 0 && (a.abs_diff(*b) as f64) * 100.0 / (*total as f64) >= SPACE_CHANGE_PERCENT
        }
        (Value::Boot(a), Value::Boot(b)) => a.abs_diff(*b) > BOOT_SLACK_SECONDS,
        (Value::Offset(a), Value::Offset(b)) => (a - b).abs() >= 1.0,
        _ => false,
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::List(items) if items.is_empty() => catalog().text("history-nothing", &Args::new()),
        Value::List(items) => items.join(", "),
        Value::Space { available, .. } => human_size(*available),
        Value::Boot(at) => super::rfc3339(std::time::UNIX_EPOCH + Duration::from_secs(*at)),
        Value::Offset(seconds) => format!("{seconds:.0} s"),
    }
}

/// The plain sentence for a change of `fact`.
pub fn fact_text(fact: &str, before: &str, after: &str) -> String {
    let id = format!("history-change-{}", fact.replace(['.', '_'], "-"));
    catalog().text(
        &id,
        &Args::new().with("before", before).with("after", after),
    )
}

/// The facts a finding is judged against, and its subject.
type Wanted<'a> = (&'a [(&'static str, bool)], Option<&'a str>);

/// The facts that differ between two snapshots, for the given facts (all when `None`).
fn differences(before: &Snapshot, after: &Snapshot, wanted: Option<Wanted<'_>>) -> Vec<FactChange> {
    let mut found = Vec::new();
    for ((fact, subject), new) in &after.facts {
        if let Some((facts, finding_subject)) = wanted {
            let Some((_, scoped)) = facts.iter().find(|(f, _)| f == fact) else {
                continue;
            };
            if *scoped && subject.as_deref() != finding_subject {
                continue;
            }
        }
        let Some(old) = before.facts.get(&(*fact, subject.clone())) else {
            continue;
        };
        if differs(old, new) {
            let (b, a) = (shown(old), shown(new));
            found.push(FactChange {
                fact: (*fact).to_owned(),
                subject: subject.clone(),
                text: fact_text(fact, &b, &a),
                before: b,
                after: a,
            });
        }
    }
    // The facts' own order of importance for the check, then as found.
    if let Some((facts, _)) = wanted {
        found.sort_by_key(|c| {
            facts
                .iter()
                .position(|(f, _)| *f == c.fact)
                .unwrap_or(usize::MAX)
        });
    }
    found
}

/// Every fact that differs between two runs' facts (`checkup history diff`).
pub fn diff_facts(before: &[Call], after: &[Call]) -> Vec<FactChange> {
    differences(&Snapshot::of(before), &Snapshot::of(after), None)
}

/// The days until a disk is full at the rate its recent points fell: only for a steady
/// decline (at least three points over at least a day, each lower than the one before
/// within a small tolerance, close to a straight line). `points` are (seconds, available
/// bytes), oldest first; `total` is the disk's size.
pub(crate) fn projection(points: &[(u64, u64)], total: u64) -> Option<f64> {
    let tolerance = total / 200;
    // The latest unbroken decline.
    let mut start = points.len().checked_sub(1)?;
    while start > 0 && points[start].1 <= points[start - 1].1.saturating_add(tolerance) {
        start -= 1;
    }
    let run = &points[start..];
    let (first, last) = (run.first()?, run.last()?);
    if run.len() < 3 || last.0.saturating_sub(first.0) < 86_400 || last.1 >= first.1 {
        return None;
    }
    let n = run.len() as f64;
    let xs: Vec<f64> = run
        .iter()
        .map(|(t, _)| (t - first.0) as f64 / 86_400.0)
        .collect();
    let ys: Vec<f64> = run.iter().map(|(_, v)| *v as f64).collect();
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_y = ys.iter().sum::<f64>() / n;
    let sxy: f64 = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (x - mean_x) * (y - mean_y))
        .sum();
    let sxx: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    let syy: f64 = ys.iter().map(|y| (y - mean_y).powi(2)).sum();
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let fit = sxy * sxy / (sxx * syy);
    if slope >= 0.0 || fit < 0.9 {
        return None;
    }
    let days = last.1 as f64 / -slope;
    (days > 0.0 && days <= MAX_PROJECTION_DAYS).then_some(days)
}

/// A stored run's facts, as annotation needs them.
struct Good {
    since: String,
    snapshot: Snapshot,
}

/// A stored run's facts, if it kept them.
fn good_run(history: &History, run: i64) -> rusqlite::Result<Option<Good>> {
    Ok(history.run_by_id(run)?.and_then(|stored| {
        let clock = stored
            .report
            .findings
            .iter()
            .find(|f| f.id == "system.clock");
        let snapshot = Snapshot::of(&stored.facts.as_ref()?.calls).with_offset(clock);
        Some(Good {
            since: stored.report.generated_at.clone(),
            snapshot,
        })
    }))
}

/// See [`History::annotate`].
pub(super) fn annotate(
    history: &History,
    report: &mut Report,
    calls: &[Call],
) -> rusqlite::Result<()> {
    if calls.is_empty() {
        return Ok(());
    }
    let clock_now = report
        .findings
        .iter()
        .find(|f| f.id == "system.clock")
        .cloned();
    let now = Snapshot::of(calls).with_offset(clock_now.as_ref());
    let started = super::started_at(report);
    let mut runs: HashMap<i64, Option<Good>> = HashMap::new();
    for finding in &mut report.findings {
        if matches!(finding.status, Status::Warn | Status::Fail | Status::Error) {
            let facts = compared(&finding.id);
            if !facts.is_empty()
                && let Some(run) = history.last_good(&finding.id, finding.subject.as_deref())?
            {
                if let std::collections::hash_map::Entry::Vacant(entry) = runs.entry(run) {
                    entry.insert(good_run(history, run)?);
                }
                if let Some(Some(good)) = runs.get(&run) {
                    let found = differences(
                        &good.snapshot,
                        &now,
                        Some((facts, finding.subject.as_deref())),
                    );
                    add_changes(finding, found, &good.since);
                }
            }
        }
        if finding.id == "disk.space"
            && let Some(mount_point) = finding.subject.clone()
            && let Some(Value::Space { available, total }) =
                now.facts.get(&("disk.free", Some(mount_point.clone())))
        {
            let since = started.saturating_sub(TREND_DAYS * 86_400);
            let mut points: Vec<(u64, u64)> = history
                .disk_points(&mount_point, since)?
                .into_iter()
                .filter(|(t, _, size)| *t < started && size == total)
                .map(|(t, available, _)| (t, available))
                .collect();
            points.push((started, *available));
            if let Some(days) = projection(&points, *total) {
                let days = days.ceil().max(1.0) as u64;
                let sentence = catalog().text(
                    "history-disk-full-in",
                    &Args::new().with("days", days as f64),
                );
                finding.summary = format!("{} {sentence}", finding.summary);
                finding.evidence.push(Evidence::plain("full_in_days", days));
            }
        }
    }
    Ok(())
}

/// Adds the changes to a finding. Their private values need no more: redaction learns
/// them from the changes themselves, by [`Change::private_kind`].
fn add_changes(finding: &mut Finding, found: Vec<FactChange>, since: &str) {
    for change in found {
        let change = Change {
            fact: change.fact,
            before: change.before,
            after: change.after,
            since: since.to_owned(),
            text: change.text,
        };
        finding.changes.push(change);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const DAY: u64 = 86_400;
    const GB: u64 = 1_000_000_000;

    #[test]
    fn a_steady_decline_projects_when_the_disk_is_full() {
        let points = [
            (0, 31 * GB),
            (DAY, 21 * GB),
            (2 * DAY, 11 * GB),
            (3 * DAY, GB),
        ];
        let days = projection(&points, 100 * GB).unwrap();
        assert!((days - 0.1).abs() < 0.01, "{days}");
        let slow = [(0, 60 * GB), (DAY, 58 * GB), (2 * DAY, 56 * GB)];
        assert!((projection(&slow, 100 * GB).unwrap() - 28.0).abs() < 0.01);
    }

    #[test]
    fn rising_noisy_short_or_few_points_project_nothing() {
        let total = 100 * GB;
        let rising = [(0, 10 * GB), (DAY, 20 * GB), (2 * DAY, 30 * GB)];
        assert_eq!(projection(&rising, total), None);
        let noisy = [
            (0, 30 * GB),
            (DAY, 20 * GB),
            (2 * DAY, 28 * GB),
            (3 * DAY, 18 * GB),
        ];
        assert_eq!(projection(&noisy, total), None);
        let within_hours = [(0, 30 * GB), (3600, 20 * GB), (7200, 10 * GB)];
        assert_eq!(projection(&within_hours, total), None);
        let two = [(0, 30 * GB), (2 * DAY, 10 * GB)];
        assert_eq!(projection(&two, total), None);
        let flat = [(0, 30 * GB), (DAY, 30 * GB), (2 * DAY, 30 * GB)];
        assert_eq!(projection(&flat, total), None);
        // A drop after a long flat stretch is not a line.
        let step = [
            (0, 50 * GB),
            (DAY, 50 * GB),
            (2 * DAY, 50 * GB),
            (3 * DAY, 10 * GB),
        ];
        assert_eq!(projection(&step, total), None);
    }

    #[test]
    fn only_the_latest_unbroken_decline_counts() {
        let total = 100 * GB;
        let points = [
            (0, 5 * GB),
            (DAY, 60 * GB),
            (2 * DAY, 50 * GB),
            (3 * DAY, 40 * GB),
        ];
        assert!((projection(&points, total).unwrap() - 4.0).abs() < 0.01);
    }

    fn call(name: &str, value: serde_json::Value) -> Call {
        Call {
            call: name.to_owned(),
            value,
        }
    }

    #[test]
    fn only_changes_that_matter_are_found() {
        let before = vec![
            call(
                "resolver_settings",
                serde_json::json!({"Ok": {"source": "/etc/resolv.conf", "servers": ["192.168.1.1"], "search": [], "upstream": []}}),
            ),
            call(
                "fs_usage /",
                serde_json::json!({"Ok": {"total_bytes": 100 * GB, "free_bytes": 31 * GB, "available_bytes": 31 * GB, "total_inodes": 0, "free_inodes": 0}}),
            ),
            call("boot_time", serde_json::json!({"Ok": 1_000_000})),
            call(
                "interfaces",
                serde_json::json!({"Ok": [{"name": "eth0", "kind": "ethernet", "up": true, "carrier": true, "state": "up", "default_route": true, "mac": null, "ipv4": [["192.168.1.20", 24]], "ipv6": [["2001:db8:1:2:aaaa:bbbb:cccc:dddd", 64]], "gateways": ["192.168.1.1"]}]}),
            ),
        ];
        let after = vec![
            call(
                "resolver_settings",
                serde_json::json!({"Ok": {"source": "/etc/resolv.conf", "servers": ["10.8.0.53"], "search": [], "upstream": []}}),
            ),
            // 3 GB less of 100 GB: within the few percent that move every day.
            call(
                "fs_usage /",
                serde_json::json!({"Ok": {"total_bytes": 100 * GB, "free_bytes": 28 * GB, "available_bytes": 28 * GB, "total_inodes": 0, "free_inodes": 0}}),
            ),
            // Read 40 s later: the same boot.
            call("boot_time", serde_json::json!({"Ok": 1_000_040})),
            // A new temporary IPv6 address in the same network.
            call(
                "interfaces",
                serde_json::json!({"Ok": [{"name": "eth0", "kind": "ethernet", "up": true, "carrier": true, "state": "up", "default_route": true, "mac": null, "ipv4": [["192.168.1.20", 24]], "ipv6": [["2001:db8:1:2:1111:2222:3333:4444", 64]], "gateways": ["192.168.1.1"]}]}),
            ),
        ];
        let found = diff_facts(&before, &after);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].fact, "dns.servers");
        assert_eq!(found[0].before, "192.168.1.1");
        assert_eq!(found[0].after, "10.8.0.53");
        assert!(
            found[0].text.contains("192.168.1.1") && found[0].text.contains("10.8.0.53"),
            "{}",
            found[0].text
        );
        assert!(!found[0].text.contains('{'), "{}", found[0].text);
    }

    #[test]
    fn every_compared_fact_has_a_sentence() {
        for check in crate::registry::REGISTRY {
            for (fact, _) in compared(check.id) {
                let id = format!("history-change-{}", fact.replace(['.', '_'], "-"));
                let text = catalog()
                    .render_exactly(&id, &Args::new().with("before", "a").with("after", "b"));
                assert!(text.is_ok(), "{id}: {text:?}");
            }
        }
    }
}
