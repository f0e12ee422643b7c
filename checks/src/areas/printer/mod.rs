//! Printers, answered through the print system itself (CUPS over IPP today, the Windows
//! spooler next), behind the platform's `PrintSystem` boundary.
//!
//! The queues and jobs are facts of the run: asked once, shared by every printer check.
//! Answers are plain structs ([`Queue`], [`Job`]), so the checks' logic never sees the wire
//! format and is unit-tested on fixtures, hostile values included.

pub mod default;
pub mod installed;
pub mod queue;
pub mod reachable;
pub mod reasons;
pub mod service;
pub mod state;

use crate::check::Context;
pub use crate::platform::{Job, PrintAction, PrintError, Queue, Source};
use crate::repair::{RepairError, RepairInput};

/// Log lines that can explain a printer or queue problem: the print service's own errors
/// and warnings about that queue or its jobs, in the last day.
pub const LOGS: &[crate::logs::Excerpt] = &[crate::logs::Excerpt {
    source: crate::platform::LogSource::Print,
    units: &[],
    patterns: &[],
    about: crate::logs::About::QueueAndJobs,
    window: crate::logs::Window::Hours(24),
}];

/// The run's clock in Unix seconds: a replayed run judges ages as the recorded one did.
pub fn run_clock(context: &Context) -> i64 {
    context
        .platform()
        .now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// The jobs sent to `queue`.
pub fn jobs_of<'a>(jobs: &'a [Job], queue: &str) -> Vec<&'a Job> {
    jobs.iter()
        .filter(|j| j.queue.as_deref() == Some(queue))
        .collect()
}

/// The print system's queues, from the run's facts.
pub async fn queues(context: &Context) -> Result<Vec<Queue>, PrintError> {
    match context.facts().print().await {
        Ok(print) => print.queues.map(|(queues, _)| queues),
        Err(error) => Err(PrintError::Other(error.to_string())),
    }
}

/// Asks the print system to do one thing for a repair, with the user's own rights.
pub async fn act(input: &RepairInput, action: PrintAction) -> Result<(), RepairError> {
    let print = input
        .facts
        .print()
        .await
        .map_err(|e| RepairError::Failed(e.to_string()))?;
    print
        .act(&action, input.limit)
        .await
        .map_err(|error| match error {
            PrintError::NotPermitted(detail) => RepairError::NotPermitted(detail),
            other => RepairError::Failed(other.to_string()),
        })
}

/// The queue a repair acts on: the subject it was offered for.
pub fn queue_of(input: &RepairInput) -> Result<String, RepairError> {
    input
        .subject
        .clone()
        .filter(|q| !q.is_empty())
        .ok_or_else(|| RepairError::Failed("no printer was named".to_owned()))
}
