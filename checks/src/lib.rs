//! Checkup's engine: every check, the runner, the profile and the report.
//!
//! The command line (`checkup`) and the desktop app are thin front ends over this crate:
//!
//! ```no_run
//! # async fn example() -> Result<(), checks::PlanError> {
//! use std::sync::Arc;
//! let profile = Arc::new(checks::Profile::default());
//! let plan = checks::plan(&[])?;
//! let options = checks::RunOptions::from_profile(&profile);
//! let result = checks::run(&plan, profile, options, &|event| println!("{event:?}")).await;
//! let report = checks::build_report(&plan, result);
//! println!("{}", report.reference);
//! # Ok(()) }
//! ```

mod areas;
mod check;
mod detached;
mod facts;
mod front;
mod history;
mod logs;
mod model;
mod platform;
mod probe;
mod profile;
mod record;
mod registry;
mod repair;
mod report;
mod runner;
mod text;

pub use check::{CheckDef, CheckFuture, Context, MessageSpec, Offer, Outcome, Withheld, message};
pub use facts::{FactError, Facts};
pub use front::{
    LogBuffer, Symptom, UI_TEXT_ARGS, add_url, interface_texts, render_ui_text, symptoms,
};
pub use history::{
    FactChange, HISTORY_FILE, History, HistoryError, Keep as HistoryKeep,
    MAX_DAYS as HISTORY_MAX_DAYS, MAX_RUNS as HISTORY_MAX_RUNS, Notice as HistoryNotice,
    Remembered, RunDiff, RunSummary, Snapshot, StatusChange, StoredRun,
    default_path as history_path, diff_facts, diff_runs, fact_text, remember, rfc3339,
    update as update_history, when as history_when,
};
pub use model::{
    AppInfo, Area, Change, Evidence, EvidenceValue, Finding, PlatformInfo, Private, REPORT_SCHEMA,
    RepairDone, RepairOffer, RepairResult, Report, RootCause, Status,
};
/// Pure parsers of the operating systems' files and commands, public for fuzzing and for
/// other front ends.
pub use platform::formats::{
    ResolvConf, from_gnome as proxy_from_gnome, from_kioslaverc as proxy_from_kioslaverc,
    journal_args, parse_arp, parse_client_conf, parse_cups_error_log, parse_fstab_read_only,
    parse_gsettings_value, parse_journal_json, parse_kmsg_record, parse_lpoptions_default,
    parse_mountinfo, parse_nm_permissions, parse_nm_radio, parse_nmcli, parse_pressure,
    parse_proc_wireless, parse_resolv_conf, parse_system_groups as parse_cups_system_groups,
};
pub use platform::recorded::{
    Call as RecordedCall, FACTS_SCHEMA, FactSet, FactSetError, Recorded, Recorder, Replay,
};
pub use platform::{
    Link, LinkKind, LogLine, LogSource, MAX_LOG_LINE_CHARS, OsError, Platform, ProxySetting,
    WifiLink, native as native_platform,
};
pub use profile::{
    EXAMPLE_PROFILE, InvalidProfile, PROFILE_ENV, Profile, ProfileError, ProfileSource,
    ProfileWarning, TIMING_RANGES, load as load_profile, parse as parse_profile,
    parse_checked as parse_profile_checked,
};
pub use record::{ReplayError, Replayed, fact_set, replay, replay_setup, write_fact_set};
pub use registry::{Plan, PlanError, REGISTRY, REPAIRS, plan, validate as validate_checks};
pub use repair::{
    RepairDef, RepairError, RepairFuture, RepairInput, RepairRefused, Repaired,
    decline as decline_repair, find as find_repair, make as make_repair, offers as repair_offers,
};
pub use report::redact::{
    Kind as RedactionKind, RedactionError, Redactor, Replacement, Secrets, host_names_of,
    is_public_v4, redact_facts,
};
pub use report::{
    ArchiveProblem, MAX_LOG_BYTES, Manifest, REPORT_STYLE, SupportReport, WriteError,
    build as build_report, default_file_name, format_reference, headline, html as render_html,
    json as render_json, read_archive, reference_code, repairs_done_lines, root_causes,
    status_label, status_symbol, summary_text, verify_archive,
};
pub use runner::{
    FactSource, PlannedCheck, Progress, RunOptions, RunResult, messages as runner_messages, run,
};
pub use text::{Arg, Args, Catalog, ENGINE_TEXT_ARGS, catalog};
pub use tokio_util::sync::CancellationToken;

/// The JSON Schema of the `checkup.report.v1` document, as committed in `schema/`.
pub fn report_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default()
}
