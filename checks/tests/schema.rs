//! The committed JSON Schema of `checkup.report.v1` matches the code, and means what it says.
//! Regenerate it with `CHECKUP_UPDATE_SCHEMA=1 cargo test -p checkup-checks --test schema`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/checkup.report.v1.json")
}

#[test]
fn committed_schema_matches_the_code() {
    let generated = serde_json::to_string_pretty(&checks::report_schema()).unwrap() + "\n";
    if std::env::var_os("CHECKUP_UPDATE_SCHEMA").is_some() {
        std::fs::write(committed_path(), &generated).unwrap();
    }
    let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/checkup.report.v1.json is out of date with the Report type: \
         if the change is intended (and compatible with v1), regenerate it with \
         CHECKUP_UPDATE_SCHEMA=1 cargo test -p checkup-checks --test schema"
    );
}

#[test]
fn schema_names_the_contract() {
    let schema = checks::report_schema();
    assert_eq!(schema["title"], "checkup.report.v1");
    let statuses = serde_json::to_string(&schema).unwrap();
    for status in checks::Status::ALL {
        assert!(
            statuses.contains(&format!("\"{}\"", status.as_str())),
            "{status:?}"
        );
    }
}
