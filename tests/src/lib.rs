//! Helpers shared by Checkup's integration and end-to-end tests.
//!
//! The tests drive the real `checkup` binary. `cargo test --workspace` builds it (the engine
//! package's own tests need it); set `CHECKUP_BIN` to test another build.

// Test helpers: failing loudly with a clear message is their job.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

/// The workspace root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The `checkup` binary under test.
pub fn checkup_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(path) = std::env::var_os("CHECKUP_BIN") {
            return PathBuf::from(path);
        }
        let path = assert_cmd::cargo::cargo_bin("checkup");
        assert!(
            path.is_file(),
            "{} is missing: build it first with `cargo build -p checkup-checks`, \
             or run the whole suite with `cargo test --workspace`",
            path.display()
        );
        path
    })
    .clone()
}

/// A command running `checkup` with a clean environment: no profile from the environment,
/// no log noise.
pub fn checkup() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(checkup_bin());
    command
        .env_remove("CHECKUP_PROFILE")
        .env_remove("CHECKUP_LOG")
        .timeout(std::time::Duration::from_secs(60));
    command
}

/// The committed JSON Schema of `checkup.report.v1`.
pub fn report_schema() -> serde_json::Value {
    let path = repo_root().join("checks/schema/checkup.report.v1.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()))
}

/// Validation errors of a document against the committed schema; empty when valid.
pub fn schema_errors(document: &serde_json::Value) -> Vec<String> {
    let schema = report_schema();
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|error| panic!("the committed schema is not a valid schema: {error}"));
    validator
        .iter_errors(document)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}
