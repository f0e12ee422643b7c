//! Repairs against real components: a private cupsd with CUPS' own default policy and a
//! simulated IPP Everywhere printer. Each repair is made by the command line with `--fix
//! --yes`, and the re-check it triggers must show the new state.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

use checkup_tests::printers::PrintLab;
use checkup_tests::report::{evidence, evidence_texts, findings, parse, status};
use checkup_tests::{checkup, checkup_bin, fresh_data_home, schema_errors};
use serde_json::Value;

/// Runs the printer checks with `args` added; returns the exit code and the report.
fn run(lab: &PrintLab, args: &[&str]) -> (Option<i32>, Value, String) {
    let output = checkup()
        .args(["run", "--only", "printer", "--format", "json", "--profile"])
        .arg(lab.profile(""))
        .args(args)
        .output()
        .unwrap();
    checked(&output)
}

fn checked(output: &Output) -> (Option<i32>, Value, String) {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = parse(output);
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
    (output.status.code(), report, stderr)
}

/// The repairs a finding offers, as `id:subject`.
fn offered(report: &Value, id: &str, subject: &str) -> Vec<String> {
    findings(report, id, Some(subject))
        .iter()
        .flat_map(|f| f["repairs_offered"].as_array().cloned().unwrap_or_default())
        .map(|o| {
            format!(
                "{}:{}",
                o["id"].as_str().unwrap(),
                o["subject"].as_str().unwrap()
            )
        })
        .collect()
}

/// The repairs the run made, as `id:subject=result`.
fn done(report: &Value) -> Vec<String> {
    report["repairs_done"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            format!(
                "{}:{}={}",
                d["id"].as_str().unwrap(),
                d["subject"].as_str().unwrap_or(""),
                d["result"].as_str().unwrap()
            )
        })
        .collect()
}

/// The job numbers a queue finding lists.
fn job_ids(finding: &Value) -> Vec<String> {
    evidence(finding, "job_ids")
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap().to_owned())
        .collect()
}

/// The jobs the scheduler has not finished, as `lpstat -o` lists them: `queue-id owner`.
fn unfinished_jobs(lab: &PrintLab) -> Vec<String> {
    String::from_utf8_lossy(&lab.cups("lpstat", &["-o"]).stdout)
        .lines()
        .map(|line| {
            line.split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The queue's state as the scheduler itself says it (`lpstat -p`).
fn lpstat(lab: &PrintLab, queue: &str) -> String {
    String::from_utf8_lossy(&lab.cups("lpstat", &["-p", queue]).stdout).into_owned()
}

#[test]
fn a_paused_printer_is_resumed_and_the_recheck_shows_it_ready() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.restrict();
    lab.must("cupsdisable", &["Office"]);

    // Without --fix the repair is only offered, and nothing changes.
    let (code, report, _) = run(&lab, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(status(&report, "printer.state", "Office"), "fail");
    assert_eq!(
        offered(&report, "printer.state", "Office"),
        ["printer.resume:Office"]
    );
    assert!(report.get("repairs_done").is_none());
    assert!(
        lpstat(&lab, "Office").contains("disabled"),
        "{}",
        lpstat(&lab, "Office")
    );

    let data_home = fresh_data_home();
    let output = checkup()
        .args(["run", "--only", "printer", "--format", "json", "--profile"])
        .arg(lab.profile(""))
        .args(["--fix", "--yes", "printer.resume:Office"])
        .env("XDG_DATA_HOME", &data_home)
        .output()
        .unwrap();
    let (code, report, stderr) = checked(&output);
    assert_eq!(code, Some(0), "{stderr}\n{report:#}");
    assert_eq!(done(&report), ["printer.resume:Office=fixed"], "{stderr}");
    assert_eq!(status(&report, "printer.state", "Office"), "pass");
    assert!(report["root_causes"].as_array().unwrap().is_empty());
    assert!(offered(&report, "printer.state", "Office").is_empty());
    let at = report["repairs_done"][0]["at"].as_str().unwrap();
    assert!(at.ends_with('Z') && at.len() == 20, "{at}");
    // The scheduler agrees: the queue takes work again.
    assert!(
        !lpstat(&lab, "Office").contains("disabled"),
        "{}",
        lpstat(&lab, "Office")
    );
    // The history keeps the run as it stands after the repair: its report, and facts whose
    // latest answers are the re-check's (what a later run compares with).
    let file = data_home.join("checkup").join(checks::HISTORY_FILE);
    let stored = checks::History::open_to_read(&file)
        .unwrap()
        .run(None)
        .unwrap();
    assert_eq!(stored.report.repairs_done.len(), 1);
    let calls = stored.facts.unwrap().calls;
    let answers: Vec<usize> = calls
        .iter()
        .enumerate()
        .filter(|(_, c)| c.call.ends_with(" queues"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(answers.len(), 2, "the run's answer, then the re-check's");
    let changed: Vec<String> = checks::diff_facts(&calls[..answers[1]], &calls)
        .into_iter()
        .map(|c| {
            format!(
                "{} {}: {} -> {}",
                c.fact,
                c.subject.unwrap_or_default(),
                c.before,
                c.after
            )
        })
        .collect();
    assert!(
        changed
            .iter()
            .any(|c| c.starts_with("printer.state Office:") && !c.ends_with("paused")),
        "{changed:?}"
    );
}

#[test]
fn a_printer_refusing_documents_accepts_them_again() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.restrict();
    lab.must("cupsreject", &["Office"]);
    let saved = tempfile::tempdir().unwrap();
    let archive = saved.path().join("report.zip");
    let archive_arg = archive.display().to_string();
    let (code, report, stderr) = run(
        &lab,
        &[
            "--fix",
            "--yes",
            "printer.accept_jobs",
            "--report",
            &archive_arg,
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(done(&report), ["printer.accept_jobs:Office=fixed"]);
    // The support report tells the specialist what was already tried, and verifies.
    checkup_tests::report::assert_verifies(&archive);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    let mut summary = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("summary.txt").unwrap(), &mut summary).unwrap();
    assert!(
        summary.contains("What Checkup fixed or tried:\n  printer.accept_jobs (Office): fixed ("),
        "{summary}"
    );
    let saved_report: Value = {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("report.json").unwrap(), &mut text).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    assert_eq!(done(&saved_report), ["printer.accept_jobs:Office=fixed"]);
    assert_eq!(status(&report, "printer.state", "Office"), "pass");
    let accepting =
        String::from_utf8_lossy(&lab.cups("lpstat", &["-a", "Office"]).stdout).into_owned();
    assert!(!accepting.contains("not accepting"), "{accepting}");
}

#[test]
fn a_user_without_print_admin_rights_is_not_offered_resume_and_is_told_why() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.restrict();
    lab.must("cupsdisable", &["Office"]);
    let profile = lab.profile("");
    let as_nobody = |extra: &[&str]| {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(checkup_bin())
            .args(["run", "--only", "printer", "--format", "json", "--profile"])
            .arg(&profile)
            .args(extra)
            .env("XDG_DATA_HOME", fresh_data_home())
            .env("CUPS_SERVERROOT", lab.dir())
            .output()
            .unwrap()
    };
    let (code, report, stderr) = checked(&as_nobody(&[]));
    assert_eq!(code, Some(1), "{stderr}");
    let state = findings(&report, "printer.state", Some("Office"))[0].clone();
    assert_eq!(state["status"], "fail");
    assert!(state.get("repairs_offered").is_none(), "{state:#}");
    assert_eq!(
        evidence_texts(&state, "repair_unavailable"),
        ["printer.resume"]
    );
    let reason = evidence_texts(&state, "repair_unavailable_reason").join(" ");
    // Read from the lab's own configuration: its administrators are the group root.
    assert_eq!(
        reason,
        "this account is not in the print server's administrator groups (root)"
    );
    let fixes: Vec<&str> = state["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(
        fixes.iter().any(|f| f
            .starts_with("Your support team can do this for you: Resume the printer \"Office\"")),
        "{fixes:?}"
    );
    // Asked by name anyway, the repair is refused as not offered, and nothing changes.
    let (code, report, stderr) = checked(&as_nobody(&["--fix", "--yes", "printer.resume"]));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(report.get("repairs_done").is_none(), "{report:#}");
    assert!(lpstat(&lab, "Office").contains("disabled"));
}

#[test]
fn the_users_own_held_job_is_cancelled_and_another_users_is_not_offered() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.restrict();
    // Held jobs wait until released: one of this user's (root), one of someone else's.
    lab.print_with("Office", "mine.pdf", &["-H", "hold"]);
    // Another user that exists: this cupsd (2.4.2) ends itself when a policy's @OWNER
    // names a user the system does not know.
    lab.print_with("Office", "theirs.pdf", &["-H", "hold", "-U", "daemon"]);
    assert_eq!(unfinished_jobs(&lab).len(), 2);

    let (code, report, _) = run(&lab, &[]);
    let queue = findings(&report, "printer.queue", Some("Office"))[0].clone();
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(queue["message_id"], "printer-queue-held");
    let jobs = job_ids(&queue);
    assert_eq!(jobs.len(), 2, "{queue:#}");
    assert_eq!(
        offered(&report, "printer.queue", "Office"),
        ["printer.release_job:Office", "printer.cancel_job:Office"]
    );
    // The offer covers one document: this user's.
    let cancel = &queue["repairs_offered"][1];
    assert!(
        cancel["title"]
            .as_str()
            .unwrap()
            .starts_with("Cancel your waiting document"),
        "{cancel:#}"
    );

    let (_, report, stderr) = run(&lab, &["--fix", "--yes", "printer.cancel_job:Office"]);
    assert_eq!(
        done(&report),
        ["printer.cancel_job:Office=no_change"],
        "{stderr}"
    );
    // Only the other user's job is left (as the scheduler itself answers the re-check):
    // still held, and never offered.
    let queue = findings(&report, "printer.queue", Some("Office"))[0].clone();
    assert_eq!(queue["message_id"], "printer-queue-held");
    assert_eq!(job_ids(&queue), [jobs[1].clone()], "{queue:#}");
    assert_eq!(
        unfinished_jobs(&lab),
        [format!("Office-{} daemon", jobs[1])]
    );
    assert!(queue.get("repairs_offered").is_none(), "{queue:#}");
}

#[test]
fn the_users_own_held_job_is_released_and_prints() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.restrict();
    lab.print_with("Office", "mine.pdf", &["-H", "hold"]);
    let (_, report, stderr) = run(&lab, &["--fix", "--yes", "printer.release_job"]);
    assert_eq!(
        done(&report),
        ["printer.release_job:Office=fixed"],
        "{stderr}"
    );
    let queue = findings(&report, "printer.queue", Some("Office"))[0].clone();
    assert_ne!(queue["message_id"], "printer-queue-held", "{queue:#}");
}

#[test]
fn fix_without_a_terminal_needs_the_repairs_named() {
    let lab = PrintLab::start();
    let output = checkup()
        .args(["run", "--only", "printer", "--fix", "--profile"])
        .arg(lab.profile(""))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--yes"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = checkup()
        .args(["run", "--fix", "--yes", "printer.unknown"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("printer.resume"));
}

/// On a terminal (a pseudo-terminal from `script`), `--fix` asks for each repair: no leaves
/// everything as it was and says so; yes makes it and shows the finding before and now.
#[test]
fn on_a_terminal_fix_asks_for_each_repair() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.restrict();
    lab.must("cupsdisable", &["Office"]);
    let profile = lab.profile("");
    let on_terminal = |answer: &str| {
        let command = format!(
            "'{}' run --only printer --fix --profile '{}'",
            checkup_bin().display(),
            profile.display()
        );
        let mut child = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .env("XDG_DATA_HOME", fresh_data_home())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), answer.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).replace('\r', ""),
        )
    };
    let (code, said) = on_terminal("n\n");
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains(
            "Resume the printer \"Office\"? Checkup asks the print service to resume \"Office\"."
        ),
        "{said}"
    );
    assert!(said.contains("[y/N]"), "{said}");
    assert!(
        said.contains("Left as it is: Resume the printer \"Office\"."),
        "{said}"
    );
    assert!(
        said.contains("printer.resume (Office): you chose to leave it"),
        "{said}"
    );
    assert!(lpstat(&lab, "Office").contains("disabled"));

    let (code, said) = on_terminal("y\n");
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("Done: Resume the printer \"Office\". The problem is gone."),
        "{said}"
    );
    assert!(
        said.contains("Before: ✗ Printer status (Office): The printer \"Office\" is paused."),
        "{said}"
    );
    assert!(
        said.contains("Now: ✓ Printer status (Office): The printer \"Office\" is ready."),
        "{said}"
    );
    assert!(!lpstat(&lab, "Office").contains("disabled"));
}

/// The prediction can be wrong: configured so that `nobody` looks like an administrator (a
/// `cups-files.conf` naming its group), the repair is offered, the scheduler refuses it, and
/// the result is `not_permitted` with the plain fallback, and nothing changed.
#[test]
fn a_refusal_despite_the_prediction_is_not_permitted_and_changes_nothing() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.restrict();
    lab.must("cupsdisable", &["Office"]);
    let profile = lab.profile("");
    let mistaken = tempfile::tempdir().unwrap();
    std::fs::write(
        mistaken.path().join("cups-files.conf"),
        "SystemGroup nogroup\n",
    )
    .unwrap();
    let _ = Command::new("chmod")
        .args(["755"])
        .arg(mistaken.path())
        .status();
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(checkup_bin())
        .args(["run", "--only", "printer", "--format", "json", "--profile"])
        .arg(&profile)
        .args(["--fix", "--yes", "printer.resume"])
        .env("XDG_DATA_HOME", fresh_data_home())
        .env("CUPS_SERVERROOT", mistaken.path())
        .output()
        .unwrap();
    let (code, report, stderr) = checked(&output);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        done(&report),
        ["printer.resume:Office=not_permitted"],
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "Your account may not do this: Resume the printer \"Office\". Your support team can do it for you."
        ),
        "{stderr}"
    );
    let detail = report["repairs_done"][0]["detail"].as_str().unwrap();
    assert_eq!(detail, "the print server answered HTTP 403");
    assert_eq!(status(&report, "printer.state", "Office"), "fail");
    assert!(lpstat(&lab, "Office").contains("disabled"));
}
