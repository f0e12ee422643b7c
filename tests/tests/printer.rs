//! The printer checks against a real private cupsd with simulated IPP Everywhere printers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use checkup_tests::checkup;
use checkup_tests::printers::PrintLab;
use checkup_tests::report::{evidence, evidence_texts, findings, parse, status};
use checkup_tests::schema_errors;
use serde_json::Value;

fn run(lab: &PrintLab, extra: &str) -> (Option<i32>, Value) {
    let profile = lab.profile(extra);
    let output = checkup()
        .args(["run", "--only", "printer", "--format", "json", "--profile"])
        .arg(&profile)
        .output()
        .unwrap();
    let report = parse(&output);
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
    (output.status.code(), report)
}

fn first_cause(report: &Value) -> (String, Value) {
    let cause = &report["root_causes"][0];
    (
        cause["id"].as_str().unwrap_or("").to_owned(),
        cause["subject"].clone(),
    )
}

#[test]
fn healthy_queue_passes() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    let (code, report) = run(&lab, "");
    assert_eq!(code, Some(0), "{:#}", report["findings"]);
    for id in ["printer.service", "printer.installed", "printer.default"] {
        assert_eq!(findings(&report, id, None)[0]["status"], "pass", "{id}");
    }
    for id in ["printer.state", "printer.queue", "printer.reachable"] {
        assert_eq!(status(&report, id, "Office"), "pass", "{id}");
    }
    let state = findings(&report, "printer.state", Some("Office"))[0];
    assert_eq!(evidence(state, "accepting_jobs"), true);
    let reachable = findings(&report, "printer.reachable", Some("Office"))[0];
    assert!(
        evidence(reachable, "device_uri")
            .as_str()
            .unwrap()
            .starts_with("ipp://localhost:")
    );
}

#[test]
fn no_queues_when_asked_about_printing_says_how_to_add_one() {
    let lab = PrintLab::start();
    let (code, report) = run(&lab, "");
    assert_eq!(code, Some(1));
    let installed = findings(&report, "printer.installed", None)[0];
    assert_eq!(installed["status"], "fail");
    assert_eq!(
        installed["summary"],
        "No printer is set up on this computer."
    );
    assert!(
        installed["fixes"].to_string().contains("Add printer"),
        "{installed}"
    );
    for id in ["printer.state", "printer.queue", "printer.reachable"] {
        let found = findings(&report, id, None)[0];
        assert_eq!(found["status"], "skipped", "{id}");
        assert_eq!(found["blocked_by"], "printer.installed", "{id}");
    }
    assert_eq!(report["root_causes"][0]["id"], "printer.installed");
}

#[test]
fn two_printers_without_a_default_warn() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.add_printer("Upstairs");
    let (_, report) = run(&lab, "");
    assert_eq!(
        findings(&report, "printer.default", None)[0]["message_id"],
        "printer-default-none"
    );
    lab.must("lpadmin", &["-d", "Upstairs"]);
    let (code, report) = run(&lab, "");
    assert_eq!(code, Some(0));
    let default = findings(&report, "printer.default", None)[0];
    assert_eq!(default["status"], "pass");
    assert!(default["summary"].as_str().unwrap().contains("Upstairs"));
}

#[test]
fn paused_queue_is_the_root_cause_with_resume_steps() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    // A freshly set-up IPP Everywhere queue can be enabled again by the scheduler while it
    // finishes setting up; repeat the pause until it holds.
    let deadline = Instant::now() + Duration::from_secs(20);
    let (code, report) = loop {
        lab.must("cupsdisable", &["Office"]);
        let (code, report) = run(&lab, "");
        if code == Some(1) {
            break (code, report);
        }
        assert!(
            Instant::now() < deadline,
            "never seen as paused: {:#}",
            report["findings"]
        );
    };
    assert_eq!(code, Some(1));
    assert_eq!(
        first_cause(&report),
        ("printer.state".to_owned(), Value::from("Office"))
    );
    let state = findings(&report, "printer.state", Some("Office"))[0];
    assert_eq!(state["message_id"], "printer-state-paused");
    assert!(
        state["fixes"][0].as_str().unwrap().contains("Resume"),
        "{state}"
    );
    assert!(evidence(state, "reasons").to_string().contains("paused"));
}

#[test]
fn queue_rejecting_jobs_fails() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    // A freshly set-up IPP Everywhere queue can be switched back to accepting by the
    // scheduler while it finishes setting up; repeat the reject until it holds.
    let deadline = Instant::now() + Duration::from_secs(20);
    let report = loop {
        lab.must("cupsreject", &["Office"]);
        let (code, report) = run(&lab, "");
        if code == Some(1) {
            break report;
        }
        assert!(
            Instant::now() < deadline,
            "never seen as rejecting: {:#}",
            report["findings"]
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    let state = findings(&report, "printer.state", Some("Office"))[0];
    assert_eq!(state["message_id"], "printer-state-rejecting");
    assert_eq!(evidence(state, "accepting_jobs"), false);
}

#[test]
fn printer_gone_with_a_job_queued_shows_a_stuck_job_and_no_connection() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.switch_off("Office");
    lab.print("Office", "quarterly-salaries.pdf");
    // The job is stuck once it is older than the profile's limit of one second.
    let deadline = Instant::now() + Duration::from_secs(20);
    let report = loop {
        let (code, report) = run(&lab, "stuck_job_seconds = 1");
        if status(&report, "printer.queue", "Office") == "fail" {
            assert_eq!(code, Some(1));
            break report;
        }
        assert!(
            Instant::now() < deadline,
            "the job never counted as stuck: {:#}",
            report["findings"]
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    let queue = findings(&report, "printer.queue", Some("Office"))[0];
    assert_eq!(queue["message_id"], "printer-queue-stuck");
    assert_eq!(evidence(queue, "stuck_jobs"), 1);
    // The document's name is shown to its owner, and marked private: a report never has it.
    let names = queue["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "document_names")
        .unwrap();
    assert_eq!(
        names["value"],
        serde_json::json!(["quarterly-salaries.pdf"])
    );
    assert_eq!(names["sensitive"], true);
    assert_eq!(names["kind"], "document");
    assert_eq!(status(&report, "printer.reachable", "Office"), "fail");
}

#[test]
fn stopped_print_service_fails_and_skips_the_rest() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.stop_cupsd();
    let (code, report) = run(&lab, "");
    assert_eq!(code, Some(1));
    assert_eq!(
        first_cause(&report),
        ("printer.service".to_owned(), Value::Null)
    );
    assert_eq!(
        findings(&report, "printer.service", None)[0]["message_id"],
        "printer-service-down"
    );
    for id in [
        "printer.installed",
        "printer.state",
        "printer.queue",
        "printer.reachable",
        "printer.default",
    ] {
        let found = findings(&report, id, None);
        assert_eq!(found.len(), 1, "{id}");
        assert_eq!(found[0]["status"], "skipped", "{id}");
        assert_eq!(found[0]["blocked_by"], "printer.service", "{id}");
    }
}

/// A server that accepts connections and never answers.
fn silent_server() -> (std::net::SocketAddr, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(false).unwrap();
    let handle = std::thread::spawn(move || {
        let mut held = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        listener.set_nonblocking(true).unwrap();
        while Instant::now() < deadline && held.len() < 50 {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    let mut buffer = [0u8; 1024];
                    stream
                        .set_read_timeout(Some(Duration::from_millis(50)))
                        .ok();
                    let _ = stream.read(&mut buffer);
                    held.push(stream);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    });
    (addr, handle)
}

#[test]
fn server_that_never_answers_fails_within_the_request_timeout() {
    let (addr, _server) = silent_server();
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        format!("[printer]\ncups_server = \"http://{addr}\"\nrequest_timeout_ms = 500\n"),
    )
    .unwrap();
    let output = checkup()
        .args(["run", "--only", "printer", "--format", "json", "--profile"])
        .arg(&profile)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report = parse(&output);
    let service = findings(&report, "printer.service", None)[0];
    assert_eq!(service["message_id"], "printer-service-silent", "{service}");
    // Bounded by the request timeout, not by the check's own time limit.
    assert!(service["duration_ms"].as_u64().unwrap() < 2500, "{service}");
}

#[test]
fn a_request_timeout_beyond_the_checks_limit_is_clamped_and_a_silent_server_still_answers_plainly()
{
    let (addr, _server) = silent_server();
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    // Profiles deployed before the limits existed used 20 s.
    std::fs::write(
        &profile,
        format!("[printer]\ncups_server = \"http://{addr}\"\nrequest_timeout_ms = 20000\n"),
    )
    .unwrap();
    let output = checkup()
        .args(["run", "--only", "printer", "--format", "json", "--profile"])
        .arg(&profile)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("printer.request_timeout_ms"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains(&format!("{}:3:", profile.display()))
            && warnings[0].contains("20000")
            && warnings[0].contains("using 2500 ms"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let report = parse(&output);
    let service = findings(&report, "printer.service", None)[0];
    assert_eq!(service["message_id"], "printer-service-silent", "{service}");
    for finding in report["findings"].as_array().unwrap() {
        assert!(
            !finding["message_id"]
                .as_str()
                .unwrap()
                .starts_with("runner-timeout"),
            "{finding:#}"
        );
        assert_ne!(finding["message_id"], "runner-deadline", "{finding:#}");
    }
}

#[test]
fn checks_work_for_an_ordinary_user() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    let profile = lab.profile("");
    // The lab's folder must be readable for the user `nobody`.
    let _ = std::process::Command::new("chmod")
        .args(["755"])
        .arg(lab.dir())
        .status();
    let output = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(checkup_tests::checkup_bin())
        .args(["run", "--only", "printer", "--format", "json", "--profile"])
        .arg(&profile)
        .env("XDG_DATA_HOME", checkup_tests::fresh_data_home())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = parse(&output);
    assert_eq!(status(&report, "printer.state", "Office"), "pass");
}

/// Every finding of `report` that failed or errored, as `id [subject] message_id`.
fn failures(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail" || f["status"] == "error")
        .map(|f| {
            format!(
                "{} [{}] {}",
                f["id"].as_str().unwrap_or(""),
                f["subject"],
                f["message_id"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// The reasons the scheduler reported for `queue` in a run, as the report carries them.
fn reasons(report: &Value, queue: &str) -> String {
    findings(report, "printer.state", Some(queue))
        .first()
        .map(|f| evidence(f, "reasons").to_string())
        .unwrap_or_default()
}

/// Jobs of the lab's scheduler that have not finished.
fn unfinished(lab: &PrintLab) -> usize {
    let output = lab.cups("lpstat", &["-o"]);
    String::from_utf8_lossy(&output.stdout).lines().count()
}

#[test]
fn a_healthy_queue_printing_never_shows_a_failure() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    for n in 1..=3 {
        lab.print("Office", &format!("letter-{n}.txt"));
    }
    // Poll through the whole of the three jobs, as a user who opens Checkup while waiting.
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut polls = 0;
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut printing = 0;
    loop {
        let busy = unfinished(&lab);
        let (_, report) = run(&lab, "");
        polls += 1;
        *seen.entry(reasons(&report, "Office")).or_default() += 1;
        let state = findings(&report, "printer.state", Some("Office"))[0];
        if state["message_id"] == "printer-state-printing" {
            printing += 1;
        }
        assert_eq!(state["status"], "pass", "poll {polls}: {state:#}");
        assert!(
            failures(&report).is_empty(),
            "poll {polls}: {:?}",
            failures(&report)
        );
        if busy == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the jobs never finished: {seen:?}"
        );
    }
    // Recorded in the test's output, past the test harness' capture: what the scheduler
    // reports while printing.
    let _ = writeln!(
        std::io::stderr(),
        "printer-state-reasons over {polls} polls ({printing} while printing), polls per set: {seen:?}"
    );
    assert!(polls >= 2, "the jobs finished before a run could see them");
}

#[test]
fn a_device_that_refuses_connections_with_a_job_waiting_is_the_cannot_reach_case() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    // The printer goes away: its port now refuses connections.
    lab.switch_off("Office");
    lab.print("Office", "report.txt");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    // Several runs while the scheduler keeps trying, each judged alike.
    for poll in 0..4 {
        let (code, report) = run(&lab, "");
        seen.push(reasons(&report, "Office"));
        assert_eq!(code, Some(1));
        let reachable = findings(&report, "printer.reachable", Some("Office"))[0];
        assert_eq!(
            reachable["message_id"], "printer-reachable-refused",
            "{reachable:#}"
        );
        assert_eq!(
            first_cause(&report),
            ("printer.reachable".to_owned(), Value::from("Office"))
        );
        // No other failure: not "a problem (other)", not a stuck job (the job is young).
        for failure in failures(&report) {
            assert!(
                failure.starts_with("printer.reachable ")
                    || failure.ends_with(" printer-state-connecting"),
                "poll {poll}: {failure}"
            );
        }
        assert_ne!(status(&report, "printer.queue", "Office"), "fail");
        assert!(Instant::now() < deadline);
    }
    let _ = writeln!(
        std::io::stderr(),
        "printer-state-reasons while the device refuses: {seen:?}"
    );
}

#[test]
fn a_stuck_job_carries_the_print_services_own_lines() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.switch_off("Office");
    lab.print("Office", "minutes.pdf");
    // The job is stuck once older than a second, and cupsd has logged its retries by then.
    let deadline = Instant::now() + Duration::from_secs(30);
    let (queue, report) = loop {
        let (_, report) = run(&lab, "stuck_job_seconds = 1");
        let queue = findings(&report, "printer.queue", Some("Office"))[0].clone();
        let lines = evidence_texts(&queue, "log_line");
        if queue["status"] == "fail" && !lines.is_empty() {
            break (queue, report);
        }
        assert!(
            Instant::now() < deadline,
            "no log lines on the stuck job: {queue:#}"
        );
    };
    let job = evidence(&queue, "job_ids")[0].as_str().unwrap().to_owned();
    let lines = evidence_texts(&queue, "log_line");
    // Only cupsd's own lines about this queue or its job, at most 20, the job's among them.
    let tag = format!("[Job {job}]");
    assert!(lines.len() <= 20, "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|l| l.contains(" cupsd: ") && (l.contains(&tag) || l.contains("Office"))),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains(&tag)), "{lines:?}");
    // A passing finding reads no log.
    let default = findings(&report, "printer.default", None)[0];
    assert!(
        default["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["key"] != "log_line" && e["key"] != "log_unreadable")
    );
}

#[test]
fn a_profile_that_forbids_logs_gets_none() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.switch_off("Office");
    lab.print("Office", "minutes.pdf");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let profile = lab.profile("stuck_job_seconds = 1\n[report]\ninclude_logs = false");
        let output = checkup()
            .args(["run", "--only", "printer", "--format", "json", "--profile"])
            .arg(&profile)
            .output()
            .unwrap();
        let report = parse(&output);
        if status(&report, "printer.queue", "Office") == "fail" {
            assert!(!report.to_string().contains("log_line"), "{report:#}");
            break;
        }
        assert!(Instant::now() < deadline, "the job never counted as stuck");
    }
}
