//! The `checkup` command line, driven as a user or a script would: exit codes, JSON against
//! the committed schema, profile errors, `list`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;

use checkup_tests::{checkup, schema_errors};
use serde_json::Value;

fn profile_file(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn healthy_run_exits_0_with_json_that_validates() {
    // A threshold no machine reaches, so the outcome does not depend on this machine's uptime.
    let profile = profile_file("[system]\nuptime_warn_days = 100000\n");
    let output = checkup()
        .args([
            "run",
            "--only",
            "system.os,system.uptime",
            "--format",
            "json",
            "--profile",
        ])
        .arg(profile.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let report = json_of(&output);
    assert_eq!(schema_errors(&report), Vec::<String>::new());
    assert_eq!(report["schema"], "checkup.report.v1");
    assert_eq!(report["complete"], true);
    assert_eq!(report["root_causes"], Value::Array(vec![]));
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["system.os", "system.uptime"]);
    for finding in report["findings"].as_array().unwrap() {
        assert_eq!(finding["status"], "pass", "{finding}");
        assert!(!finding["summary"].as_str().unwrap().is_empty());
    }
    // JSON mode prints nothing but the report.
    assert!(output.stderr.is_empty(), "{}", stderr_of(&output));
}

#[test]
fn schema_rejects_what_the_contract_forbids() {
    let output = checkup()
        .args(["run", "--only", "system.os", "--format", "json"])
        .output()
        .unwrap();
    let report = json_of(&output);
    assert!(schema_errors(&report).is_empty());
    let mut bad_status = report.clone();
    bad_status["findings"][0]["status"] = Value::from("ok");
    assert!(!schema_errors(&bad_status).is_empty());
    let mut bad_reference = report.clone();
    bad_reference["reference"] = Value::from("CK-0O1I-LLLL");
    assert!(!schema_errors(&bad_reference).is_empty());
    // Additive fields stay compatible (the contract's "Additive fields"): readers and the
    // schema accept unknown fields on the report and on findings.
    let mut extra = report.clone();
    extra["surprise"] = Value::from(1);
    extra["findings"][0]["later_field"] = Value::from("x");
    assert!(
        schema_errors(&extra).is_empty(),
        "{:?}",
        schema_errors(&extra)
    );
    let mut missing = report;
    missing.as_object_mut().unwrap().remove("root_causes");
    assert!(!schema_errors(&missing).is_empty());
}

#[test]
fn warning_alone_exits_0_and_is_shown_with_its_fix() {
    // Every machine has been awake for at least a second, not for 100000 days.
    let profile = profile_file("[system]\nuptime_warn_days = 1\n");
    let output = checkup()
        .args(["run", "--only", "system.uptime", "--profile"])
        .arg(profile.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Reference code: CK-"), "{text}");
    assert!(text.contains("This computer"), "{text}");
    assert!(text.contains("Time since last restart"), "{text}");
}

#[test]
fn verbose_text_shows_evidence() {
    let output = checkup()
        .args(["run", "--only", "system.os", "--verbose"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Technical details"), "{text}");
    assert!(text.contains("arch = "), "{text}");
    let quiet = checkup()
        .args(["run", "--only", "system.os"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("arch = "));
}

#[test]
fn misspelt_profile_key_exits_2_naming_file_line_and_key() {
    let profile =
        profile_file("[network]\nprobe_timeout_ms = 500\n\n[system]\nuptime_warn_dayz = 3\n");
    let output = checkup()
        .args(["run", "--profile"])
        .arg(profile.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains(&format!("{}:5:1", profile.path().display())),
        "{stderr}"
    );
    assert!(stderr.contains("system.uptime_warn_dayz"), "{stderr}");
    assert!(
        stderr.contains("did you mean `uptime_warn_days`?"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn wrong_type_and_bad_value_exit_2_naming_the_key() {
    for (text, key, line) in [
        (
            "[dns]\nquery_timeout_ms = \"fast\"\n",
            "dns.query_timeout_ms",
            2,
        ),
        (
            "[disk]\n\nwarn_free_percent = 101\n",
            "disk.warn_free_percent",
            3,
        ),
        (
            "[network]\ninternet_hosts = [\"not-an-ip\"]\n",
            "network.internet_hosts",
            2,
        ),
    ] {
        let profile = profile_file(text);
        let output = checkup()
            .args(["run", "--profile"])
            .arg(profile.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{text}");
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains(&format!("{}:{line}:", profile.path().display())),
            "{stderr}"
        );
        assert!(stderr.contains(key), "{stderr}");
    }
}

#[test]
fn profile_lookup_prefers_the_argument_over_the_environment() {
    let bad = profile_file("[run]\ndeadline_ms = \"soon\"\n");
    let good = profile_file("[system]\nuptime_warn_days = 100000\n");
    let from_env = checkup()
        .env("CHECKUP_PROFILE", bad.path())
        .args(["run", "--only", "system.os"])
        .output()
        .unwrap();
    assert_eq!(from_env.status.code(), Some(2));
    assert!(stderr_of(&from_env).contains(&bad.path().display().to_string()));
    let from_arg = checkup()
        .env("CHECKUP_PROFILE", bad.path())
        .args(["run", "--only", "system.os", "--profile"])
        .arg(good.path())
        .output()
        .unwrap();
    assert_eq!(from_arg.status.code(), Some(0), "{}", stderr_of(&from_arg));
}

#[test]
fn missing_or_unreadable_profile_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.toml");
    let output = checkup()
        .args(["run", "--profile"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("cannot read the profile"),
        "{}",
        stderr_of(&output)
    );
    let output = checkup()
        .args(["run", "--profile"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let binary = profile_file("\u{0}\u{1}garbage[[[");
    let output = checkup()
        .args(["run", "--profile"])
        .arg(binary.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!stderr_of(&output).contains("panicked"));
}

#[test]
fn usage_errors_exit_2() {
    let output = checkup()
        .args(["run", "--only", "netwrok"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("did you mean `network`?"),
        "{}",
        stderr_of(&output)
    );
    let output = checkup().args(["run", "--no-such-flag"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = checkup()
        .args(["run", "--url", "ftp://example.test/"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = checkup()
        .args(["run", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = checkup().output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn list_prints_every_check_in_registry_order() {
    let output = checkup()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let listed = json_of(&output);
    let listed = listed.as_array().unwrap();
    let ids: Vec<&str> = listed.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let registry: Vec<&str> = checks::REGISTRY.iter().map(|c| c.id).collect();
    assert_eq!(ids, registry);
    for check in listed {
        let keys: Vec<&str> = check
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 6, "{check}");
        for key in ["id", "area", "title", "depends_on", "after", "timeout_ms"] {
            assert!(check.get(key).is_some(), "{key} in {check}");
        }
        assert!(check["timeout_ms"].as_u64().unwrap() > 0);
        assert!(
            check["id"]
                .as_str()
                .unwrap()
                .starts_with(check["area"].as_str().unwrap())
        );
    }
    let text = checkup().arg("list").output().unwrap();
    assert_eq!(text.status.code(), Some(0));
    let text = String::from_utf8_lossy(&text.stdout);
    for id in registry {
        assert!(text.contains(id), "{id} missing from {text}");
    }
}

#[test]
fn report_flags_need_a_report() {
    for args in [&["run", "--force"][..], &["run", "--no-redact"][..]] {
        let output = checkup().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr_of(&output).contains("--report"),
            "{args:?}: {}",
            stderr_of(&output)
        );
    }
}

#[test]
fn url_flag_accepts_a_bare_host_name() {
    let output = checkup()
        .args([
            "run",
            "--only",
            "system.os",
            "--url",
            "intranet.example.test",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
}

#[test]
fn ctrl_c_prints_what_finished_and_exits_130() {
    // A print server socket that accepts and never answers keeps the printer check running.
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("silent.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let (accepted, seen) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept() {
            held.push(stream);
            let _ = accepted.send(());
        }
    });
    let profile = profile_file(&format!(
        "[printer]\ncups_server = \"{}\"\nrequest_timeout_ms = 20000\n",
        socket.display()
    ));
    let child = std::process::Command::new(checkup_tests::checkup_bin())
        .args(["run", "--only", "system.os,printer.service", "--profile"])
        .arg(profile.path())
        .env_remove("CHECKUP_PROFILE")
        .env("XDG_DATA_HOME", checkup_tests::fresh_data_home())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the printer check is waiting on the silent server.
    seen.recv_timeout(std::time::Duration::from_secs(20))
        .expect("the printer check never connected");
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("stopped before every check finished"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Operating system"),
        "what finished is printed: {stdout}"
    );
    assert!(
        !stdout.contains("Print service"),
        "the interrupted check is not reported as a result: {stdout}"
    );
}

#[test]
fn a_dry_run_writes_nothing_and_shows_what_would_be_saved() {
    let profile = profile_file("[system]\nuptime_warn_days = 100000\n");
    let dir = tempfile::tempdir().unwrap();
    let output = checkup()
        .args(["run", "--only", "system.os,system.uptime", "--profile"])
        .arg(profile.path())
        .arg("--report")
        .arg(dir.path())
        .arg("--dry-run")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a file was written"
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("Reference code: CK-"), "{text}");
    assert!(text.contains("Nothing was saved"), "{text}");
    for file in [
        "report.json",
        "report.html",
        "summary.txt",
        "logs/checkup.log",
        "manifest.json",
    ] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(file) && l.ends_with("bytes")),
            "{file} is not listed: {text}"
        );
    }
    // The summary shown is the redacted one: this machine's name is not in it.
    if let Ok(host) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
        let names = checks::host_names_of(host.trim());
        for name in names
            .iter()
            .filter(|n| n.len() >= 3 && n.contains(['-', '.']))
        {
            assert!(!text.contains(name.as_str()), "{name} in {text}");
        }
    }
    // Without --report, --dry-run is refused.
    let refused = checkup()
        .args(["run", "--only", "system.os", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn damaged_or_foreign_recorded_facts_exit_2_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 4] = [
        (
            "truncated.json",
            "{\"schema\": \"checkup.facts.v1\", \"calls\": [",
            "could not be read",
        ),
        (
            "report.json",
            "{\"schema\": \"checkup.report.v1\", \"recorded_at\": \"\", \"os\": \"linux\", \"profile\": \"\", \"calls\": []}",
            "checkup.facts.v1",
        ),
        (
            "profile.json",
            "{\"schema\": \"checkup.facts.v1\", \"recorded_at\": \"\", \"os\": \"linux\", \"profile\": \"[disk]\\nwarn_free_percnt = 3\\n\", \"calls\": []}",
            "warn_free_percnt",
        ),
        (
            "selection.json",
            "{\"schema\": \"checkup.facts.v1\", \"recorded_at\": \"\", \"os\": \"linux\", \"profile\": \"\", \"selection\": [\"nonsense\"], \"calls\": []}",
            "nonsense",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = checkup()
            .args(["run", "--replay-facts"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{name}: {}",
            stderr_of(&output)
        );
        assert!(
            stderr_of(&output).contains(expected),
            "{name}: {}",
            stderr_of(&output)
        );
        assert!(!stderr_of(&output).contains("panic"), "{name}");
    }
    // A replay takes its selection and profile from the set, never from the command line.
    let output = checkup()
        .args(["run", "--only", "disk", "--replay-facts", "x.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn an_empty_recorded_set_replays_without_reading_this_machine() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.json");
    std::fs::write(
        &path,
        "{\"schema\": \"checkup.facts.v1\", \"recorded_at\": \"\", \"os\": \"windows\", \"profile\": \"\", \"selection\": [\"disk\"], \"calls\": []}",
    )
    .unwrap();
    let output = checkup()
        .args(["run", "--format", "json", "--replay-facts"])
        .arg(&path)
        .output()
        .unwrap();
    let report = json_of(&output);
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
    // Nothing was recorded: no disk check judges anything, none passes on what this machine
    // would have shown, and each says why.
    for finding in report["findings"].as_array().unwrap() {
        assert_eq!(finding["status"], "not_applicable", "{finding:#}");
        assert!(
            finding["evidence"].to_string().contains("not recorded"),
            "{finding:#}"
        );
    }
    assert!(
        stderr_of(&output).contains("no answer to: mounts"),
        "{}",
        stderr_of(&output)
    );
}
