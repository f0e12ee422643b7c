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
pub mod service;
pub mod state;

use crate::check::Context;
pub use crate::platform::{Job, PrintError, Queue, Source};

/// How serious a `printer-state-reasons` keyword is, from its suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Report,
    Warning,
    Error,
}

pub fn severity(reason: &str) -> Severity {
    if reason.ends_with("-report") {
        Severity::Report
    } else if reason.ends_with("-warning") {
        Severity::Warning
    } else {
        Severity::Error
    }
}

/// The reason without its severity suffix: `media-empty-warning` → `media-empty`.
pub fn base_reason(reason: &str) -> &str {
    reason
        .strip_suffix("-report")
        .or_else(|| reason.strip_suffix("-warning"))
        .or_else(|| reason.strip_suffix("-error"))
        .unwrap_or(reason)
}

/// The print system's queues, from the run's facts.
pub async fn queues(context: &Context) -> Result<Vec<Queue>, PrintError> {
    match context.facts().print().await {
        Ok(print) => print.queues.map(|(queues, _)| queues),
        Err(error) => Err(PrintError::Other(error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_follows_the_suffix() {
        assert_eq!(severity("media-low-report"), Severity::Report);
        assert_eq!(severity("toner-low-warning"), Severity::Warning);
        assert_eq!(severity("media-jam-error"), Severity::Error);
        assert_eq!(severity("paused"), Severity::Error);
        assert_eq!(base_reason("media-empty-warning"), "media-empty");
        assert_eq!(base_reason("offline-report"), "offline");
    }
}
