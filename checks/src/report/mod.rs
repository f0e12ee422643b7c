//! The support report: built once from a run, redacted as it is built, rendered to JSON,
//! HTML and text, and archived as one ZIP with a manifest of hashes.

mod archive;
mod build;
pub mod redact;
mod render;

pub use archive::{
    ArchiveProblem, MAX_LOG_BYTES, Manifest, SupportReport, WriteError, default_file_name,
    read_archive, verify_archive, write_atomically,
};
pub use build::{REFERENCE_ALPHABET, build, format_reference, reference_code, root_causes};
pub use render::{
    STYLE as REPORT_STYLE, headline, html, json, repairs_done_lines, status_label, status_symbol,
    summary_text,
};
