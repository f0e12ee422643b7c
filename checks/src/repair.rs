//! Repairs: what Checkup may fix, with the user's consent, then check again.
//!
//! A repair is declared like a check, beside the check that offers it: a stable id, whether
//! it can be undone, needs administrator rights or deletes something, a time limit, its
//! catalog texts (`repair-<id>`: the title, `.action` saying exactly what will happen) and a
//! function that acts through the platform. A check offers a repair on an outcome when the
//! facts show it would help and the user may make it; otherwise it withholds it with the
//! reason, and the finding says the support team can do it.
//!
//! [`make`] acts on one offer of a run, only one the engine made in that run, then runs the
//! offering check and its dependents again on fresh facts, replaces their findings,
//! recomputes the root causes and records the result in `repairs_done`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio_util::sync::CancellationToken;

use crate::facts::Facts;
use crate::model::{Finding, RepairDone, RepairOffer, RepairResult, Report};
use crate::platform::recorded::Recorder;
use crate::profile::Profile;
use crate::registry::Plan;
use crate::runner::{FactSource, Progress, RunOptions};

/// The future a repair's `apply` returns: what was done, for specialists.
pub type RepairFuture = Pin<Box<dyn Future<Output = Result<String, RepairError>> + Send>>;

/// A repair, as declared beside the check that offers it.
pub struct RepairDef {
    /// `area.name`, stable: scripts and specialists rely on it (`--fix --yes printer.resume`).
    pub id: &'static str,
    /// The checks that may offer it; the one whose finding offered it is checked again
    /// afterwards, with its dependents.
    pub checks: &'static [&'static str],
    /// Whether the user can undo it themselves.
    pub undoable: bool,
    /// Whether it needs administrator rights on the system it acts on. Such a repair is
    /// offered only where the user is predicted to have them.
    pub needs_admin: bool,
    /// Whether it deletes something (documents, files): confirmed in a native dialog.
    pub destructive: bool,
    /// Whether it hands over to the user (a browser at a sign-in page): nothing is checked
    /// again right away, the result is `no_change`, and the front ends say its `.done` text.
    pub hands_over: bool,
    /// The arguments its texts use.
    pub args: &'static [&'static str],
    /// The longest the action may take.
    pub timeout: Duration,
    pub apply: fn(RepairInput) -> RepairFuture,
}

impl std::fmt::Debug for RepairDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RepairDef")
            .field("id", &self.id)
            .field("checks", &self.checks)
            .finish_non_exhaustive()
    }
}

impl RepairDef {
    /// The catalog message of its title (value) and action (`.action`).
    pub fn message_id(&self) -> String {
        format!("repair-{}", self.id.replace(['.', '_'], "-"))
    }
}

/// What a repair acts with.
#[derive(Debug, Clone)]
pub struct RepairInput {
    /// Fresh facts of this machine.
    pub facts: Arc<Facts>,
    /// The run's profile.
    pub profile: Arc<Profile>,
    /// The subject the offer was made for.
    pub subject: Option<String>,
    /// What the user agreed to, as counted when it was offered.
    pub targets: Vec<String>,
    /// The action's time limit.
    pub limit: Duration,
}

/// Why a repair did not act.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepairError {
    /// The system refused: this user may not.
    #[error("{0}")]
    NotPermitted(String),
    #[error("{0}")]
    Failed(String),
}

/// The system's refusal is `NotPermitted`; anything else went wrong.
impl From<crate::platform::OsError> for RepairError {
    fn from(error: crate::platform::OsError) -> Self {
        match error.kind {
            crate::platform::OsErrorKind::PermissionDenied => {
                RepairError::NotPermitted(error.message)
            }
            _ => RepairError::Failed(error.message),
        }
    }
}

/// Why a repair was not even tried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepairRefused {
    #[error("`{0}` is not a repair Checkup knows")]
    Unknown(String),
    #[error("this run did not offer `{id}`{}", subject.as_ref().map(|s| format!(" for {s}")).unwrap_or_default())]
    NotOffered { id: String, subject: Option<String> },
}

use crate::registry::REPAIRS;

/// The repair with this id.
pub fn find(id: &str) -> Option<&'static RepairDef> {
    REPAIRS.iter().copied().find(|r| r.id == id)
}

/// Every offer of a report, with the finding that made it, in root-cause order first (what
/// blocks the most), then report order.
pub fn offers(report: &Report) -> Vec<(&Finding, &RepairOffer)> {
    let mut found: Vec<(&Finding, &RepairOffer)> = report
        .root_cause_findings()
        .chain(report.findings.iter())
        .flat_map(|f| f.repairs_offered.iter().map(move |o| (f, o)))
        .collect();
    let mut seen = std::collections::HashSet::new();
    found.retain(|(_, o)| seen.insert((o.id.clone(), o.subject.clone())));
    found
}

/// Records that the user said no to an offer.
pub fn decline(report: &mut Report, id: &str, subject: Option<&str>) {
    tracing::info!(repair = id, subject, "repair declined");
    report.repairs_done.push(RepairDone {
        id: id.to_owned(),
        subject: subject.map(str::to_owned),
        at: now(),
        result: RepairResult::Declined,
        detail: "the user declined".to_owned(),
    });
}

/// What a repair did: its record, and the findings of its check before and after.
#[derive(Debug, Clone)]
pub struct Repaired {
    pub done: RepairDone,
    pub before: Vec<Finding>,
    pub after: Vec<Finding>,
    /// What to tell the user instead of the usual result sentence (a repair that hands
    /// over, such as opening a sign-in page), rendered.
    pub said: Option<String>,
}

/// Makes one repair the run offered, then checks again: the offering check and its
/// dependents run on fresh facts, their findings replace the old ones, the root causes are
/// recomputed, and the result is added to `repairs_done`. With `recorder` (the run's own),
/// the re-check's answers are kept after the run's, so the history stores the state after
/// the repair.
#[allow(clippy::too_many_arguments)]
pub async fn make(
    plan: &Plan,
    report: &mut Report,
    profile: Arc<Profile>,
    id: &str,
    subject: Option<&str>,
    cancel: CancellationToken,
    recorder: Option<Arc<Recorder>>,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Repaired, RepairRefused> {
    let def = find(id).ok_or_else(|| RepairRefused::Unknown(id.to_owned()))?;
    let (check, offer) = report
        .findings
        .iter()
        .flat_map(|f| f.repairs_offered.iter().map(move |o| (f.id.clone(), o)))
        .find(|(_, o)| o.id == id && o.subject.as_deref() == subject)
        .map(|(check, o)| (check, o.clone()))
        .ok_or_else(|| RepairRefused::NotOffered {
            id: id.to_owned(),
            subject: subject.map(str::to_owned),
        })?;
    let before: Vec<Finding> = report
        .findings
        .iter()
        .filter(|f| f.id == check && f.subject.as_deref() == subject)
        .cloned()
        .collect();
    tracing::info!(repair = id, subject, "repair started");
    let input = RepairInput {
        facts: Facts::new(crate::platform::native(), Arc::clone(&profile)),
        profile: Arc::clone(&profile),
        subject: offer.subject.clone(),
        targets: offer.targets.clone(),
        limit: def.timeout,
    };
    let acted = tokio::select! {
        () = cancel.cancelled() => Err(RepairError::Failed("cancelled before it finished".to_owned())),
        acted = tokio::time::timeout(def.timeout, (def.apply)(input)) => match acted {
            Ok(acted) => acted,
            Err(_) => Err(RepairError::Failed(format!(
                "no answer within {} s",
                def.timeout.as_secs()
            ))),
        },
    };
    let (result, detail, after) = match acted {
        // Handed over to the user: checking again now would only show what they are about
        // to fix.
        Ok(detail) if def.hands_over => (RepairResult::NoChange, detail, before.clone()),
        Ok(detail) => {
            let after = recheck(plan, report, &profile, &check, cancel, recorder, progress).await;
            let after: Vec<Finding> = after
                .into_iter()
                .filter(|f| f.subject.as_deref() == subject)
                .collect();
            // Fixed when the problem it was offered for is gone; a different problem that
            // the re-check found stands on its own.
            let still = after.iter().any(|f| {
                before
                    .iter()
                    .any(|b| b.message_id == f.message_id && b.status == f.status)
                    && f.status != crate::model::Status::Pass
            });
            let result = if still {
                RepairResult::NoChange
            } else {
                RepairResult::Fixed
            };
            (result, detail, after)
        }
        Err(RepairError::NotPermitted(detail)) => {
            (RepairResult::NotPermitted, detail, before.clone())
        }
        Err(RepairError::Failed(detail)) => (RepairResult::Failed, detail, before.clone()),
    };
    tracing::info!(repair = id, subject, result = result.as_str(), %detail, "repair finished");
    let done = RepairDone {
        id: id.to_owned(),
        subject: subject.map(str::to_owned),
        at: now(),
        result,
        detail,
    };
    report.repairs_done.push(done.clone());
    let said = (def.hands_over && done.result == RepairResult::NoChange)
        .then(|| {
            crate::text::catalog().attribute(&def.message_id(), "done", &crate::text::Args::new())
        })
        .flatten();
    Ok(Repaired {
        done,
        before,
        after,
        said,
    })
}

/// Runs `check` and its dependents again on fresh facts and puts their findings in the
/// report in place of the old ones; returns the new findings of `check`.
async fn recheck(
    plan: &Plan,
    report: &mut Report,
    profile: &Arc<Profile>,
    check: &str,
    cancel: CancellationToken,
    recorder: Option<Arc<Recorder>>,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Vec<Finding> {
    let again = plan.recheck(check);
    let mut options = RunOptions::from_profile(profile);
    options.cancel = cancel;
    options.source = recorder.map_or(FactSource::Native, FactSource::Record);
    let result = crate::runner::run(&again, Arc::clone(profile), options, progress).await;
    let mut fresh = result.findings;
    // A problem that is still there keeps what changed before it (from the history).
    for finding in &mut fresh {
        if finding.status != crate::model::Status::Pass
            && let Some(old) = report
                .findings
                .iter()
                .find(|f| f.id == finding.id && f.subject == finding.subject)
        {
            finding.changes = old.changes.clone();
        }
    }
    let mut findings = Vec::with_capacity(report.findings.len());
    for planned in plan.checks() {
        if again.get(planned.id).is_some() {
            findings.extend(fresh.iter().filter(|f| f.id == planned.id).cloned());
        } else {
            findings.extend(
                report
                    .findings
                    .iter()
                    .filter(|f| f.id == planned.id)
                    .cloned(),
            );
        }
    }
    // Findings of checks the plan does not know (a report read back) are kept as they were.
    findings.extend(
        report
            .findings
            .iter()
            .filter(|f| plan.get(&f.id).is_none())
            .cloned(),
    );
    report.findings = findings;
    report.root_causes = crate::report::root_causes(plan, &report.findings);
    fresh.retain(|f| f.id == check);
    fresh
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::{OsError, OsErrorKind};

    /// A system that says no gives `not_permitted` (the support team can do it); any other
    /// failure stays `failed`, each with the system's words.
    #[test]
    fn the_systems_refusal_is_not_permitted() {
        let refused = OsError::new(OsErrorKind::PermissionDenied, "no write access");
        assert_eq!(
            RepairError::from(refused),
            RepairError::NotPermitted("no write access".into())
        );
        let broken = OsError::new(OsErrorKind::Other, "the service stopped");
        assert_eq!(
            RepairError::from(broken),
            RepairError::Failed("the service stopped".into())
        );
    }
}
