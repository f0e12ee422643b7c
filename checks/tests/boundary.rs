//! The platform boundary, checked: every OS fact is read behind the `Platform` trait in
//! `src/platform/`, every program is started by its one helper, and the platform code builds
//! on nothing from the checks' areas.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// Every Rust source under `dir`, with its code before any `#[cfg(test)]` module and without
/// comment lines.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let code: String = text
                .lines()
                .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
                .filter(|l| !l.trim_start().starts_with("//"))
                .map(|l| format!("{l}\n"))
                .collect();
            out.push((path, code));
        }
    }
    out
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn offenders(files: &[(PathBuf, String)], patterns: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, code) in files {
        for pattern in patterns {
            if code.contains(pattern) {
                found.push(format!("{}: {pattern}", path.display()));
            }
        }
    }
    found
}

#[test]
fn the_platform_builds_on_nothing_from_the_areas() {
    let platform = sources(&src().join("platform"));
    assert!(platform.len() >= 8, "{}", platform.len());
    let found = offenders(
        &platform,
        &["crate::areas", "super::super::areas", "areas::"],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn only_the_platform_reads_the_operating_system() {
    // The checks, the fact cache, the runner and the probes.
    let mut engine = sources(&src().join("areas"));
    for file in [
        "facts.rs",
        "runner.rs",
        "check.rs",
        "probe.rs",
        "registry.rs",
        "model.rs",
    ] {
        let path = src().join(file);
        let code = std::fs::read_to_string(&path).unwrap();
        let code = code
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .to_owned();
        engine.push((path, code));
    }
    let found = offenders(
        &engine,
        &[
            "std::fs::",
            "std::process::Command",
            "Command::new",
            "tokio::process",
            "netdev::",
            "sysinfo::",
            "nix::",
            "libc::",
            "windows_sys::",
            "system_conf",
            "std::env::var",
            "\"/proc/",
            "\"/sys/",
            "\"/etc/",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn only_the_program_helper_starts_programs() {
    let all = sources(&src());
    let found: Vec<String> = offenders(
        &all,
        &["Command::new", "std::process::Command", "tokio::process"],
    )
    .into_iter()
    .filter(|f| !f.replace('\\', "/").contains("platform/program.rs"))
    .collect();
    assert!(found.is_empty(), "{found:#?}");
}
