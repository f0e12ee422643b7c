//! Recording a run's facts (`checkup run --record-facts`) and replaying a recorded set
//! (`checkup run --replay-facts`, the replay tests): the set carries the profile and the
//! selection it ran with, so a replay asks exactly the questions the recording answered.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::platform::recorded::{FACTS_SCHEMA, FactSet, Recorder, Replay};
use crate::profile::Profile;
use crate::registry::Plan;
use crate::report::{WriteError, write_atomically};
use crate::runner::{FactSource, RunOptions, RunResult};

/// Why a recorded set cannot be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("{0}")]
    Set(#[from] crate::platform::recorded::FactSetError),
    #[error("the recorded profile is not valid: {0}")]
    Profile(String),
    #[error("the recorded selection is not valid: {0}")]
    Selection(String),
}

/// The set a recorded run produced: its answers, with the profile and selection it ran with.
pub fn fact_set(
    recorder: &Recorder,
    profile: &Profile,
    selection: &[String],
    started_at: SystemTime,
) -> Result<FactSet, String> {
    let text = toml::to_string(profile)
        .map_err(|e| format!("the profile could not be written down ({e})"))?;
    Ok(FactSet {
        schema: FACTS_SCHEMA.to_owned(),
        recorded_at: humantime::format_rfc3339_seconds(started_at).to_string(),
        os: std::env::consts::OS.to_owned(),
        profile: text,
        selection: selection.to_vec(),
        description: String::new(),
        user_names: profile.dns.from_user.clone(),
        calls: recorder.calls(),
    })
}

/// The plan and profile a recorded set ran with.
pub fn replay_setup(set: &FactSet) -> Result<(Plan, Profile), ReplayError> {
    let mut profile = crate::profile::parse(&set.profile, "the recorded profile")
        .map_err(|e| ReplayError::Profile(e.to_string()))?;
    profile.dns.from_user = set.user_names.clone();
    let plan =
        crate::registry::plan(&set.selection).map_err(|e| ReplayError::Selection(e.to_string()))?;
    Ok((plan, profile))
}

/// What a replay produced.
#[derive(Debug)]
pub struct Replayed {
    pub plan: Plan,
    pub result: RunResult,
    /// Questions the set held no answer to, first asked first.
    pub unanswered: Vec<String>,
}

/// Runs every planned check on a recorded set: nothing is read from this machine and no
/// probe is sent.
pub async fn replay(set: &FactSet) -> Result<Replayed, ReplayError> {
    let (plan, profile) = replay_setup(set)?;
    let profile = Arc::new(profile);
    let mut options = RunOptions::from_profile(&profile);
    let answers = Replay::new(set);
    options.source = FactSource::Replay(Arc::clone(&answers));
    let result = crate::runner::run(&plan, profile, options, &|_| {}).await;
    Ok(Replayed {
        plan,
        result,
        unanswered: answers.unanswered(),
    })
}

/// Writes a set as pretty JSON, atomically (see [`write_atomically`]). An existing file is
/// replaced only with `force`.
pub fn write_fact_set(set: &FactSet, path: &Path, force: bool) -> Result<PathBuf, WriteError> {
    let mut text = serde_json::to_string_pretty(set).map_err(|e| WriteError::Write {
        path: path.to_owned(),
        source: std::io::Error::other(e),
    })?;
    text.push('\n');
    write_atomically(path, ".json.part", force, |file| {
        std::io::Write::write_all(file, text.as_bytes())
    })
}
