//! What a check declares and what it hands back to the runner.
//!
//! A check is a small declared unit: a stable id, its area, the checks it depends on, the
//! checks it must run after, a timeout, the catalog messages it may use, and a function that
//! gathers facts and evaluates them. Gathering (I/O) and evaluating (pure) are kept apart in
//! each check's module so the logic is unit-tested on fixtures.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::facts::Facts;
use crate::model::{Area, Evidence, Finding, Kind, Status};
use crate::platform::Platform;
use crate::profile::Profile;
use crate::text::{Arg, Args};

/// The future a check's `run` returns.
pub type CheckFuture = Pin<Box<dyn Future<Output = Vec<Outcome>> + Send + 'static>>;

/// A catalog message a check may produce, the status it goes with, and the arguments its
/// texts need (besides `title`, which the runner gives every message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageSpec {
    pub status: Status,
    /// A Fluent message id: value = summary, `.explanation`, `.fix-1` …
    pub id: &'static str,
    /// Every variable the message's texts use. The conformance test holds this to the
    /// catalog, and the runner holds each outcome to it.
    pub args: &'static [&'static str],
}

/// Shorthand for a [`MessageSpec`] in a `static`.
pub const fn message(status: Status, id: &'static str) -> MessageSpec {
    MessageSpec {
        status,
        id,
        args: &[],
    }
}

impl MessageSpec {
    /// The same message, with the arguments its texts use.
    pub const fn with_args(self, args: &'static [&'static str]) -> MessageSpec {
        MessageSpec { args, ..self }
    }
}

/// A check, as declared in the registry.
pub struct CheckDef {
    /// `area.name`, stable: scripts and reports rely on it.
    pub id: &'static str,
    pub area: Area,
    /// If a finding of one of these is `fail` or `error` (or the check was skipped), this check is skipped.
    pub depends_on: &'static [&'static str],
    /// This check runs after these (when they are planned) and may read their findings, but is never skipped because of them.
    pub after: &'static [&'static str],
    /// The longest this check may take before it becomes an `error` finding.
    pub timeout: Duration,
    /// Every message the check may produce.
    pub messages: &'static [MessageSpec],
    /// Gathers facts and evaluates them.
    pub run: fn(Context) -> CheckFuture,
}

impl std::fmt::Debug for CheckDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckDef")
            .field("id", &self.id)
            .field("area", &self.area)
            .field("depends_on", &self.depends_on)
            .field("after", &self.after)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl CheckDef {
    /// The catalog id of the check's title: `system.uptime` → `system-uptime-title`,
    /// `dns.hosts_file` → `dns-hosts-file-title`.
    pub fn title_id(&self) -> String {
        format!("{}-title", self.message_prefix())
    }

    /// The prefix of every catalog message of this check: the id with `.` and `_` as `-`.
    pub fn message_prefix(&self) -> String {
        self.id.replace(['.', '_'], "-")
    }

    /// The check's title in the user's language.
    pub fn title(&self) -> String {
        crate::text::catalog().text(&self.title_id(), &Args::new())
    }

    /// True when the check declared this message with this status. A message may be
    /// declared under several statuses (a printer reason that warns or fails by its suffix).
    pub fn declares(&self, status: Status, id: &str) -> bool {
        self.spec(status, id).is_some()
    }

    /// The declaration of this message with this status.
    pub fn spec(&self, status: Status, id: &str) -> Option<&MessageSpec> {
        self.messages
            .iter()
            .find(|spec| spec.id == id && spec.status == status)
    }
}

/// Time kept back from a check's deadline for evaluating and reporting after its probes.
const EVALUATION_MARGIN: Duration = Duration::from_millis(150);

/// The shortest limit a probe is given, even when the deadline is nearly spent: it then fails
/// as "no answer" rather than not being tried at all.
const SHORTEST_PROBE: Duration = Duration::from_millis(20);

/// What a check gets to work with.
#[derive(Debug, Clone)]
pub struct Context {
    pub profile: Arc<Profile>,
    /// The run's facts, gathered once and shared by every check.
    facts: Arc<Facts>,
    earlier: Arc<HashMap<&'static str, Vec<Finding>>>,
    /// When this check must have finished: its own timeout or the run's deadline, whichever
    /// comes first.
    deadline: tokio::time::Instant,
    /// The areas the user asked for by name (`--only printer`, "I can't print"); empty for a
    /// full run.
    asked_for: Arc<Vec<Area>>,
}

impl Context {
    pub fn new(
        profile: Arc<Profile>,
        facts: Arc<Facts>,
        earlier: Arc<HashMap<&'static str, Vec<Finding>>>,
    ) -> Self {
        Context {
            profile,
            facts,
            earlier,
            deadline: tokio::time::Instant::now() + Duration::from_secs(3600),
            asked_for: Arc::new(Vec::new()),
        }
    }

    /// The same context with the check's deadline.
    pub fn with_deadline(mut self, deadline: tokio::time::Instant) -> Self {
        self.deadline = deadline;
        self
    }

    /// The same context, knowing which areas the user asked for by name.
    pub fn with_asked_for(mut self, areas: Arc<Vec<Area>>) -> Self {
        self.asked_for = areas;
        self
    }

    /// The run's facts.
    pub fn facts(&self) -> &Arc<Facts> {
        &self.facts
    }

    /// The platform, for questions only this check asks (a blocking call: use
    /// [`Facts::ask`] to bound it).
    pub fn platform(&self) -> &Arc<dyn Platform> {
        self.facts.platform()
    }

    /// When this check must have finished.
    pub fn deadline(&self) -> tokio::time::Instant {
        self.deadline
    }

    /// Time left before this check's deadline.
    pub fn remaining(&self) -> Duration {
        self.deadline
            .saturating_duration_since(tokio::time::Instant::now())
    }

    /// The limit for a probe that would like `wanted`: never more than what is left before
    /// the deadline (less a margin to evaluate and report), so a silent server gives a plain
    /// "no answer" finding instead of a check that did not finish.
    pub fn limit(&self, wanted: Duration) -> Duration {
        wanted
            .min(self.remaining().saturating_sub(EVALUATION_MARGIN))
            .max(SHORTEST_PROBE)
    }

    /// The limit for each of `steps` probes made one after the other, each wanting `wanted`.
    pub fn step_limit(&self, wanted: Duration, steps: u32) -> Duration {
        let share = self.remaining().saturating_sub(EVALUATION_MARGIN) / steps.max(1);
        wanted.min(share).max(SHORTEST_PROBE)
    }

    /// True when the user asked for this area by name (not a full run): a symptom-dependent
    /// check may then judge differently (see the contract's "Symptom-dependent verdicts").
    pub fn asked_for(&self, area: Area) -> bool {
        self.asked_for.contains(&area)
    }

    /// The findings of a check that finished before this one started: every `depends_on` and
    /// planned `after` check is guaranteed to be there. Empty for a check that was not planned.
    pub fn findings_of(&self, id: &str) -> &[Finding] {
        self.earlier.get(id).map_or(&[], Vec::as_slice)
    }
}

/// One result of a check, before its texts are rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: Status,
    pub subject: Option<String>,
    /// The subject's kind when it identifies the user, the machine or the organization.
    pub subject_kind: Option<Kind>,
    /// A message the check declared in [`CheckDef::messages`].
    pub message: &'static str,
    pub args: Args,
    pub evidence: Vec<Evidence>,
    /// Repairs offered for this outcome's subject.
    pub offers: Vec<Offer>,
    /// Repairs that would help but that this user may not make, and why.
    pub withheld: Vec<Withheld>,
}

/// A repair an outcome offers, before its texts are rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// The repair's id, declared in [`crate::repair::REPAIRS`] for this check.
    pub repair: &'static str,
    /// The arguments of its title and action texts.
    pub args: Args,
    /// What it acts on, as counted now (job numbers, folder entries).
    pub targets: Vec<String>,
}

/// A repair that would help but is not offered: the user lacks the rights. The finding then
/// says the support team can do it, and the reason goes in evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Withheld {
    pub repair: &'static str,
    /// The arguments of its title, which the finding's steps name.
    pub args: Args,
    pub reason: String,
}

impl Outcome {
    pub fn new(status: Status, message: &'static str) -> Self {
        Outcome {
            status,
            subject: None,
            subject_kind: None,
            message,
            args: Args::new(),
            evidence: Vec::new(),
            offers: Vec::new(),
            withheld: Vec::new(),
        }
    }

    /// Offers a repair for this outcome's subject.
    pub fn offer(mut self, repair: &'static str, args: Args, targets: Vec<String>) -> Self {
        self.offers.push(Offer {
            repair,
            args,
            targets,
        });
        self
    }

    /// Names a repair this user may not make, and why.
    pub fn withhold(mut self, repair: &'static str, args: Args, reason: impl Into<String>) -> Self {
        self.withheld.push(Withheld {
            repair,
            args,
            reason: reason.into(),
        });
        self
    }

    /// An outcome for a declared message, taking its status from the declaration.
    pub fn of(spec: &MessageSpec) -> Self {
        Outcome::new(spec.status, spec.id)
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// A subject that identifies the user, the machine or the organization (a company site,
    /// a folder in the home directory): typed here, redacted everywhere it goes.
    pub fn private_subject(mut self, kind: Kind, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self.subject_kind = Some(kind);
        self
    }

    /// A subject, private of `kind` when `private` is given.
    pub fn typed_subject(self, private: Option<Kind>, subject: impl Into<String>) -> Self {
        match private {
            Some(kind) => self.private_subject(kind, subject),
            None => self.subject(subject),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args = self.args.with(name, value);
        self
    }

    /// A text argument that identifies the user, the machine or the organization.
    pub fn private_arg(mut self, name: &'static str, kind: Kind, value: impl Into<String>) -> Self {
        self.args = self.args.with(name, Arg::private(kind, value));
        self
    }

    /// A text argument, private of `kind` when `private` is given.
    pub fn typed_arg(
        self,
        name: &'static str,
        private: Option<Kind>,
        value: impl Into<String>,
    ) -> Self {
        match private {
            Some(kind) => self.private_arg(name, kind, value),
            None => self.arg(name, value.into()),
        }
    }

    /// Every private value this outcome carries: its subject, arguments and evidence.
    pub fn private_values(&self) -> Vec<crate::model::Private> {
        let mut values: Vec<crate::model::Private> = self
            .args
            .private()
            .chain(self.offers.iter().flat_map(|offer| offer.args.private()))
            .collect();
        if let (Some(kind), Some(subject)) = (self.subject_kind, &self.subject) {
            values.push(crate::model::Private {
                kind,
                value: subject.clone(),
            });
        }
        for evidence in &self.evidence {
            if let Some(kind) = evidence.private_kind() {
                let items = match &evidence.value {
                    crate::model::EvidenceValue::List(items) => items.clone(),
                    other => vec![other.to_string()],
                };
                values.extend(
                    items
                        .into_iter()
                        .map(|value| crate::model::Private { kind, value }),
                );
            }
        }
        values
    }

    pub fn evidence(mut self, evidence: Evidence) -> Self {
        self.evidence.push(evidence);
        self
    }
}
