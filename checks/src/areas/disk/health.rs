//! `disk.health`: SMART health where it can be read without privileges (`smartctl --json`).
//! Otherwise `not_applicable`, with the reason. "Back up now" only on a failing verdict or
//! pending sectors.

use std::time::Duration;

use serde_json::Value;

use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Kind, Status};
use crate::platform::{DiskStatus, HealthReading};

const OK: MessageSpec = message(Status::Pass, "disk-health-ok").with_args(&["disk"]);
const PENDING: MessageSpec =
    message(Status::Warn, "disk-health-pending").with_args(&["disk", "pending"]);
const FAILING: MessageSpec = message(Status::Fail, "disk-health-failing").with_args(&["disk"]);
const UNREADABLE: MessageSpec =
    message(Status::NotApplicable, "disk-health-unreadable").with_args(&["disk"]);
const NO_TOOL: MessageSpec = message(Status::NotApplicable, "disk-health-no-tool");
const UNLISTED: MessageSpec = message(Status::Error, "disk-health-unlisted");
const NO_DISKS: MessageSpec = message(Status::NotApplicable, "disk-health-no-disks");

/// The longest one `smartctl` call may take.
const SMARTCTL_LIMIT: Duration = Duration::from_millis(2500);

pub static CHECK: CheckDef = CheckDef {
    id: "disk.health",
    area: Area::Disk,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(4),
    messages: &[
        OK, PENDING, FAILING, UNREADABLE, NO_TOOL, NO_DISKS, UNLISTED,
    ],
    run,
};

/// Log lines that can explain it: the kernel's I/O errors for that disk, since the system
/// started.
pub const LOGS: &[crate::logs::Excerpt] = &[crate::logs::Excerpt {
    source: crate::platform::LogSource::Kernel,
    units: &[],
    patterns: &[
        "i/o error",
        "medium error",
        "uncorrectable",
        "failed command",
        "reset",
        "timeout",
        // Windows' disk driver, in the System event log, naming the disk by its number.
        "bad block",
        "was retried",
        "paging operation",
        "controller error",
    ],
    about: crate::logs::About::Device,
    window: crate::logs::Window::SinceBoot,
}];

/// What reading one disk's health gave.
#[derive(Debug)]
pub enum Reading {
    /// `smartctl` is not installed.
    NoTool,
    /// It ran; its JSON (possibly describing why it could not read the disk).
    Json(Value),
    /// It could not be run or did not answer in time.
    Failed(String),
    /// The system's own verdict (Windows).
    Status(DiskStatus),
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let disks = match context.facts().disks().await {
            Ok(disks) => disks,
            Err(error) => {
                return vec![super::unlisted(&error, &NO_DISKS, &UNLISTED)];
            }
        };
        let mut devices: Vec<String> = disks
            .filesystems
            .iter()
            .flat_map(|d| d.physical_disks.iter().cloned())
            .collect();
        devices.sort();
        devices.dedup();
        if devices.is_empty() {
            return vec![Outcome::of(&NO_DISKS)];
        }
        let limit = context.limit(SMARTCTL_LIMIT);
        let readings = futures_util::future::join_all(devices.iter().map(|device| {
            let device = device.clone();
            context
                .facts()
                .ask(limit + Duration::from_millis(100), move |platform| {
                    platform.disk_health(&device, limit)
                })
        }))
        .await;
        let readings: Vec<Reading> = readings
            .into_iter()
            .map(|reading| match reading {
                Ok(HealthReading::NoTool) => Reading::NoTool,
                Ok(HealthReading::Json(json)) => Reading::Json(json),
                Ok(HealthReading::Status(status)) => Reading::Status(status),
                Ok(HealthReading::Failed(why) | HealthReading::Unsupported(why)) => {
                    Reading::Failed(why)
                }
                Err(timeout) => Reading::Failed(timeout.to_string()),
            })
            .collect();
        if readings.iter().all(|r| matches!(r, Reading::NoTool)) {
            return vec![Outcome::of(&NO_TOOL)];
        }
        let mut outcomes: Vec<Outcome> = devices
            .iter()
            .zip(&readings)
            .map(|(disk, reading)| evaluate(disk, reading))
            .collect();
        // A disk in doubt: its filesystems' own error records, readable by every user.
        for (disk, outcome) in devices.iter().zip(outcomes.iter_mut()) {
            if !matches!(outcome.status, Status::Warn | Status::Fail | Status::Error) {
                continue;
            }
            let sources: Vec<String> = disks
                .filesystems
                .iter()
                .filter(|f| f.physical_disks.contains(disk))
                .map(|f| f.filesystem.mount.source.clone())
                .collect();
            let records = context
                .facts()
                .ask(Duration::from_millis(500), move |platform| {
                    sources
                        .iter()
                        .filter_map(|source| platform.fs_errors(source))
                        .filter(|record| record.count > 0)
                        .collect::<Vec<_>>()
                })
                .await
                .unwrap_or_default();
            for record in &records {
                outcome
                    .evidence
                    .extend(super::readonly::error_record(record));
            }
        }
        outcomes
    })
}

fn text_at<'a>(json: &'a Value, pointer: &str) -> Option<&'a str> {
    json.pointer(pointer).and_then(Value::as_str)
}

/// The raw value of an ATA SMART attribute by id.
fn ata_attribute(json: &Value, id: u64) -> Option<u64> {
    json.pointer("/ata_smart_attributes/table")?
        .as_array()?
        .iter()
        .find(|a| a.get("id").and_then(Value::as_u64) == Some(id))?
        .pointer("/raw/value")?
        .as_u64()
}

/// Judges one disk from `smartctl`'s JSON. Pure: tested on recorded outputs.
pub fn evaluate(disk: &str, reading: &Reading) -> Outcome {
    let base = |spec: &MessageSpec| Outcome::of(spec).subject(disk).arg("disk", disk);
    let json = match reading {
        Reading::NoTool => return base(&NO_TOOL),
        Reading::Failed(reason) => {
            return base(&UNREADABLE).evidence(Evidence::plain("reason", reason.as_str()));
        }
        Reading::Json(json) => json,
        Reading::Status(status) => return evaluate_status(disk, status),
    };
    let mut evidence = Vec::new();
    for (key, pointer) in [("model", "/model_name"), ("firmware", "/firmware_version")] {
        if let Some(value) = text_at(json, pointer) {
            evidence.push(Evidence::plain(key, value));
        }
    }
    if let Some(serial) = text_at(json, "/serial_number") {
        evidence.push(Evidence::sensitive("serial_number", Kind::Serial, serial));
    }
    for (key, pointer) in [
        ("temperature_celsius", "/temperature/current"),
        ("power_on_hours", "/power_on_time/hours"),
        (
            "nvme_critical_warning",
            "/nvme_smart_health_information_log/critical_warning",
        ),
        (
            "nvme_media_errors",
            "/nvme_smart_health_information_log/media_errors",
        ),
        (
            "nvme_percentage_used",
            "/nvme_smart_health_information_log/percentage_used",
        ),
    ] {
        if let Some(value) = json.pointer(pointer).and_then(Value::as_u64) {
            evidence.push(Evidence::plain(key, value));
        }
    }
    let reallocated = ata_attribute(json, 5);
    let pending = ata_attribute(json, 197);
    if let Some(value) = reallocated {
        evidence.push(Evidence::plain("reallocated_sectors", value));
    }
    if let Some(value) = pending {
        evidence.push(Evidence::plain("pending_sectors", value));
    }
    let with_evidence =
        |outcome: Outcome| evidence.iter().cloned().fold(outcome, Outcome::evidence);

    let passed = json
        .pointer("/smart_status/passed")
        .and_then(Value::as_bool);
    let critical = json
        .pointer("/nvme_smart_health_information_log/critical_warning")
        .and_then(Value::as_u64)
        .is_some_and(|w| w != 0);
    match passed {
        None => {
            let reasons: Vec<String> = json
                .pointer("/smartctl/messages")
                .and_then(Value::as_array)
                .map(|messages| {
                    messages
                        .iter()
                        .filter_map(|m| m.get("string").and_then(Value::as_str))
                        .map(|s| s.chars().take(300).collect())
                        .take(5)
                        .collect()
                })
                .unwrap_or_default();
            let reason = if reasons.is_empty() {
                "no health verdict in smartctl's answer".to_owned()
            } else {
                reasons.join("; ")
            };
            with_evidence(base(&UNREADABLE)).evidence(Evidence::plain("reason", reason))
        }
        Some(false) => with_evidence(base(&FAILING)),
        Some(true) if critical => with_evidence(base(&FAILING)),
        Some(true) if pending.is_some_and(|p| p > 0) => {
            with_evidence(base(&PENDING)).arg("pending", pending.unwrap_or(0))
        }
        Some(true) => with_evidence(base(&OK)),
    }
}

/// Judges one disk from the system's own verdict: a disk that warns (Windows says this of a
/// disk predicting its failure or degraded) or is unhealthy is failing, as smartctl's failed
/// verdict is.
fn evaluate_status(disk: &str, status: &DiskStatus) -> Outcome {
    let mut outcome = match status.health.as_str() {
        "healthy" => Outcome::of(&OK),
        "warning" | "unhealthy" => Outcome::of(&FAILING),
        _ => Outcome::of(&UNREADABLE).evidence(Evidence::plain(
            "reason",
            format!("{} gives no verdict for this disk", status.source),
        )),
    }
    .subject(disk)
    .arg("disk", disk)
    .evidence(Evidence::plain("health_status", status.health.as_str()))
    .evidence(Evidence::plain(
        "operational_status",
        status.operational.clone(),
    ))
    .evidence(Evidence::plain("health_source", status.source.as_str()));
    if let Some(model) = &status.model {
        outcome = outcome.evidence(Evidence::plain("model", model.as_str()));
    }
    if let Some(media) = &status.media {
        outcome = outcome.evidence(Evidence::plain("media", media.as_str()));
    }
    if let Some(number) = status.number {
        outcome = outcome.evidence(Evidence::plain("disk_number", u64::from(number)));
    }
    if let Some(serial) = &status.serial {
        outcome = outcome.evidence(Evidence::sensitive(
            "serial_number",
            Kind::Serial,
            serial.as_str(),
        ));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_systems_own_verdict_decides_and_a_warning_means_back_up() {
        let status = |health: &str, operational: &[&str]| {
            Reading::Status(DiskStatus {
                model: Some("ACME NVMe 1TB".into()),
                serial: Some("0025_3882_1A0B".into()),
                media: Some("SSD".into()),
                health: health.into(),
                operational: operational.iter().map(|s| (*s).to_owned()).collect(),
                source: "MSFT_PhysicalDisk".into(),
                number: Some(0),
            })
        };
        let healthy = evaluate("C:", &status("healthy", &["OK"]));
        assert_eq!(
            (healthy.status, healthy.message),
            (Status::Pass, "disk-health-ok")
        );
        // The disk's number lets its events in the System log be found.
        let number = healthy.evidence.iter().find(|e| e.key == "disk_number");
        assert_eq!(number.map(|e| e.value.to_string()).as_deref(), Some("0"));
        let serial = healthy.evidence.iter().find(|e| e.key == "serial_number");
        assert!(serial.is_some_and(|e| e.sensitive));
        let warning = evaluate("C:", &status("warning", &["Predictive Failure"]));
        assert_eq!(
            (warning.status, warning.message),
            (Status::Fail, "disk-health-failing")
        );
        assert_eq!(
            evaluate("C:", &status("unhealthy", &["Error"])).status,
            Status::Fail
        );
        assert_eq!(
            evaluate("C:", &status("unknown", &[])).message,
            "disk-health-unreadable"
        );
    }

    fn json(text: &str) -> Reading {
        Reading::Json(serde_json::from_str(text).unwrap_or(Value::Null))
    }

    #[test]
    fn healthy_ata_disk_passes_and_its_serial_is_sensitive() {
        let reading = json(
            r#"{"model_name":"ACME 1TB","serial_number":"S3X9NX0M","smart_status":{"passed":true},
            "temperature":{"current":35},"power_on_time":{"hours":1200},
            "ata_smart_attributes":{"table":[{"id":5,"raw":{"value":0}},{"id":197,"raw":{"value":0}}]}}"#,
        );
        let outcome = evaluate("/dev/sda", &reading);
        assert_eq!(outcome.status, Status::Pass);
        assert_eq!(outcome.subject.as_deref(), Some("/dev/sda"));
        let serial = outcome.evidence.iter().find(|e| e.key == "serial_number");
        assert!(serial.is_some_and(|e| e.sensitive));
        assert!(outcome.evidence.iter().any(|e| e.key == "pending_sectors"));
    }

    #[test]
    fn failing_verdict_fails() {
        let reading = json(r#"{"smart_status":{"passed":false}}"#);
        assert_eq!(evaluate("/dev/sda", &reading).status, Status::Fail);
    }

    #[test]
    fn pending_sectors_warn() {
        let reading = json(
            r#"{"smart_status":{"passed":true},"ata_smart_attributes":{"table":[{"id":197,"raw":{"value":8}}]}}"#,
        );
        let outcome = evaluate("/dev/sda", &reading);
        assert_eq!(outcome.status, Status::Warn);
        assert_eq!(outcome.message, "disk-health-pending");
    }

    #[test]
    fn nvme_critical_warning_fails() {
        let reading = json(
            r#"{"smart_status":{"passed":true},"nvme_smart_health_information_log":{"critical_warning":4,"media_errors":0,"percentage_used":3}}"#,
        );
        assert_eq!(evaluate("/dev/nvme0n1", &reading).status, Status::Fail);
    }

    #[test]
    fn unreadable_devices_say_why() {
        // What smartctl answers for a virtual disk it cannot identify.
        let reading = json(
            r#"{"smartctl":{"exit_status":1,"messages":[{"string":"/dev/vda: Unable to detect device type","severity":"error"}]}}"#,
        );
        let outcome = evaluate("/dev/vda", &reading);
        assert_eq!(outcome.status, Status::NotApplicable);
        let reason = outcome
            .evidence
            .iter()
            .find(|e| e.key == "reason")
            .map(|e| e.value.to_string());
        assert_eq!(
            reason.as_deref(),
            Some("/dev/vda: Unable to detect device type")
        );
        assert_eq!(
            evaluate("/dev/vda", &Reading::Failed("timeout".into())).status,
            Status::NotApplicable
        );
        assert_eq!(
            evaluate("/dev/vda", &Reading::NoTool).status,
            Status::NotApplicable
        );
    }

    #[test]
    fn hostile_output_never_panics() {
        for text in [
            "null",
            "[]",
            r#"{"smart_status":{"passed":"yes"}}"#,
            r#"{"ata_smart_attributes":{"table":"x"},"smart_status":{"passed":true}}"#,
            r#"{"ata_smart_attributes":{"table":[{"id":197,"raw":{"value":-1}}]},"smart_status":{"passed":true}}"#,
            r#"{"smartctl":{"messages":[{"string":5},{}]}}"#,
        ] {
            let _ = evaluate("/dev/x", &json(text));
        }
        let long = format!(
            r#"{{"smartctl":{{"messages":[{{"string":"{}"}}]}}}}"#,
            "x".repeat(100_000)
        );
        let outcome = evaluate("/dev/x", &json(&long));
        assert!(
            outcome
                .evidence
                .iter()
                .all(|e| e.value.to_string().len() <= 300)
        );
    }
}
