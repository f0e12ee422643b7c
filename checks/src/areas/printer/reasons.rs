//! What a `printer-state-reasons` keyword means, judged by meaning and not only by suffix.
//!
//! RFC 8011 (§5.4.12) says a keyword's suffix gives its severity: `-report` informs,
//! `-warning` warns, `-error` or none is an error. CUPS uses the suffixes differently:
//! - its backends report a disconnected printer as `offline-report` (backend/runloop.c);
//! - its SNMP supply code reports `door-open-report`, `media-jam-warning`,
//!   `media-empty-warning` and `toner-empty-warning` (backend/snmp-supplies.c);
//! - its own keywords carry no suffix and are informational, and the scheduler filters them
//!   from remote printers (scheduler/printers.c, backend/ipp.c):
//!   `cups-waiting-for-job-completed`, `cups-remote-*`, `hold-new-jobs`, `cups-ipp-missing-*`,
//!   `cups-ipp-conformance-failure-report`;
//! - `connecting-to-device` is set briefly at every job's start (backend/ipp.c).
//!
//! So each keyword is looked up in one table by what it means. The registered name is
//! matched first: PWG 5100.9 and PWG 5107.3 register names that end in `-error`
//! (`input-media-tray-feed-error`), which is part of the name, not a suffix. Only keywords
//! the table does not know fall back to the RFC's suffix rule.

/// How much a keyword matters to someone who wants to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Nothing to act on: the print system's bookkeeping, or a printer's note.
    Info,
    /// Worth knowing: printing still works (low paper, low toner).
    Low,
    /// Printing stops until someone acts (offline, jam, out of paper, door open).
    Blocking,
}

/// What a keyword means: its class, the catalog message that explains it, and its rank
/// among reasons of the same class (lower leads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meaning {
    pub class: Class,
    pub message: &'static str,
    pub rank: usize,
}

pub const OTHER: &str = "printer-state-other";
pub const CONNECTING: &str = "connecting-to-device";

/// The table, most important first. A name ending in `*` matches every keyword it starts.
/// Sources: the IANA IPP registry's `printer-state-reasons` (RFC 8011, PWG 5100.9,
/// PWG 5107.3) and the keywords CUPS emits (files named in the module documentation).
const TABLE: &[(Class, &str, &[&str])] = &[
    (Class::Blocking, "printer-state-paused", &["paused"]),
    (
        Class::Blocking,
        "printer-state-offline",
        &["offline", "shutdown", "timed-out", "deactivated"],
    ),
    (
        Class::Blocking,
        "printer-state-media-jam",
        &[
            "media-jam",
            "jam",
            "media-path-jam",
            "media-path-input-jam",
            "media-path-output-jam",
            "output-media-tray-jam",
        ],
    ),
    (
        Class::Blocking,
        "printer-state-cover-open",
        &["cover-open", "door-open", "interlock-open"],
    ),
    (
        Class::Blocking,
        "printer-state-media-empty",
        &[
            "media-empty",
            "media-needed",
            "media-path-input-empty",
            "media-path-input-request",
            "input-manual-input-request",
        ],
    ),
    (
        Class::Blocking,
        "printer-state-supply-empty",
        &[
            "toner-empty",
            "marker-supply-empty",
            "marker-ink-empty",
            "marker-toner-empty",
            "developer-empty",
            "marker-developer-empty",
            "marker-print-ribbon-empty",
        ],
    ),
    (
        Class::Blocking,
        "printer-state-supply-missing",
        &[
            "marker-supply-missing",
            "marker-ink-missing",
            "marker-toner-missing",
            "marker-toner-cartridge-missing",
            "marker-print-ribbon-missing",
        ],
    ),
    (
        Class::Blocking,
        "printer-state-waste-full",
        &[
            "marker-waste-full",
            "marker-waste-ink-receptacle-full",
            "marker-waste-toner-receptacle-full",
        ],
    ),
    (
        Class::Blocking,
        "printer-state-output-full",
        &[
            "output-area-full",
            "media-path-output-full",
            "media-path-media-tray-full",
        ],
    ),
    (
        Class::Blocking,
        "printer-state-tray-missing",
        &[
            "input-tray-missing",
            "output-tray-missing",
            "media-path-media-tray-missing",
        ],
    ),
    (
        Class::Blocking,
        "printer-state-feed",
        &[
            "input-media-tray-feed-error",
            "media-path-input-feed-error",
            "media-path-output-feed-error",
            "output-media-tray-feed-error",
            "input-media-tray-failure",
            "input-tray-elevation-failure",
            "input-tray-position-failure",
        ],
    ),
    (
        Class::Blocking,
        "printer-state-spool-full",
        &["spool-area-full"],
    ),
    (
        Class::Blocking,
        "printer-state-missing-driver",
        &["cups-missing-filter"],
    ),
    (
        Class::Blocking,
        "printer-state-insecure-filter",
        &["cups-insecure-filter"],
    ),
    (
        Class::Blocking,
        "printer-state-certificate",
        &["cups-pki-*"],
    ),
    (Class::Blocking, "printer-state-connecting", &[CONNECTING]),
    (Class::Low, "printer-state-media-low", &["media-low"]),
    (
        Class::Low,
        "printer-state-supply-low",
        &[
            "toner-low",
            "marker-supply-low",
            "marker-supply-almost-empty",
            "marker-ink-almost-empty",
            "marker-toner-almost-empty",
            "developer-low",
            "marker-developer-almost-empty",
            "marker-print-ribbon-almost-empty",
        ],
    ),
    (
        Class::Low,
        "printer-state-waste-almost-full",
        &[
            "marker-waste-almost-full",
            "marker-waste-ink-receptacle-almost-full",
            "marker-waste-toner-receptacle-almost-full",
        ],
    ),
    (
        Class::Low,
        "printer-state-output-almost-full",
        &[
            "output-area-almost-full",
            "media-path-media-tray-almost-full",
        ],
    ),
    (
        Class::Info,
        OTHER,
        &[
            "none",
            "cups-waiting-for-job-completed",
            "cups-remote-*",
            "hold-new-jobs",
            "cups-ipp-missing-*",
            "cups-ipp-conformance-failure",
            "identify-printer-requested",
            "moving-to-paused",
            "marker-adjusting-print-quality",
            "printer-restarted",
        ],
    ),
];

/// Every catalog message the table can give.
#[cfg(test)]
pub fn messages() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(_, message, _)| *message)
}

fn matches(pattern: &str, keyword: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => keyword.starts_with(prefix),
        None => pattern == keyword,
    }
}

fn lookup(keyword: &str) -> Option<Meaning> {
    TABLE
        .iter()
        .enumerate()
        .find(|(_, (_, _, names))| names.iter().any(|n| matches(n, keyword)))
        .map(|(rank, (class, message, _))| Meaning {
            class: *class,
            message,
            rank,
        })
}

/// The keyword without its severity suffix: `media-empty-warning` → `media-empty`.
pub fn base(keyword: &str) -> &str {
    keyword
        .strip_suffix("-report")
        .or_else(|| keyword.strip_suffix("-warning"))
        .or_else(|| keyword.strip_suffix("-error"))
        .unwrap_or(keyword)
}

/// What `keyword` means: the registered name first, then the name without its suffix, then
/// the RFC's suffix rule for keywords nobody registered (a vendor's own).
pub fn meaning(keyword: &str) -> Meaning {
    if let Some(found) = lookup(keyword).or_else(|| lookup(base(keyword))) {
        return found;
    }
    let class = if keyword.trim().is_empty()
        || keyword.ends_with("-report")
        || keyword.starts_with("cups-")
    {
        // CUPS' own keywords without a suffix inform; so does any `-report`.
        Class::Info
    } else if keyword.ends_with("-warning") {
        Class::Low
    } else {
        Class::Blocking
    };
    Meaning {
        class,
        message: OTHER,
        rank: TABLE.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(keyword: &str) -> Class {
        meaning(keyword).class
    }

    #[test]
    fn cups_reports_a_disconnected_printer_as_offline_report() {
        // backend/runloop.c: `STATE: +offline-report` when the device stops answering.
        assert_eq!(class("offline-report"), Class::Blocking);
        assert_eq!(meaning("offline-report").message, "printer-state-offline");
    }

    #[test]
    fn snmp_supply_keywords_block_by_meaning_whatever_their_suffix() {
        // backend/snmp-supplies.c: the printer MIB's alerts, with these suffixes.
        for (keyword, message) in [
            ("door-open-report", "printer-state-cover-open"),
            ("media-jam-warning", "printer-state-media-jam"),
            ("media-empty-warning", "printer-state-media-empty"),
            ("toner-empty-warning", "printer-state-supply-empty"),
            ("marker-waste-full-warning", "printer-state-waste-full"),
        ] {
            assert_eq!(meaning(keyword).class, Class::Blocking, "{keyword}");
            assert_eq!(meaning(keyword).message, message, "{keyword}");
        }
        // Low supplies stay worth knowing, even as a `-report`.
        assert_eq!(class("toner-low-report"), Class::Low);
        assert_eq!(class("marker-supply-low-warning"), Class::Low);
        assert_eq!(class("media-low-report"), Class::Low);
    }

    #[test]
    fn cups_bookkeeping_keywords_are_informational() {
        // scheduler/printers.c and backend/ipp.c; CUPS filters these from remote printers.
        for keyword in [
            "none",
            "none-report",
            "cups-waiting-for-job-completed",
            "cups-remote-pending",
            "cups-remote-processing-stopped",
            "hold-new-jobs",
            "cups-ipp-missing-send-document",
            "cups-ipp-missing-job-history",
            "cups-ipp-conformance-failure-report",
            "cups-something-new",
            "x-vendor-note-report",
        ] {
            assert_eq!(class(keyword), Class::Info, "{keyword}");
        }
    }

    #[test]
    fn registered_names_ending_in_error_are_names_not_suffixes() {
        // PWG 5100.9 / 5107.3 registrations.
        assert_eq!(
            meaning("input-media-tray-feed-error").message,
            "printer-state-feed"
        );
        assert_eq!(
            meaning("input-media-tray-feed-error-warning").message,
            "printer-state-feed"
        );
        assert_eq!(
            meaning("media-path-output-feed-error-report").message,
            "printer-state-feed"
        );
        // Without the table, the suffix rule would have stripped `-error` and missed it.
        assert_eq!(lookup(base("input-media-tray-feed-error")), None);
    }

    #[test]
    fn the_missing_words_have_their_own_texts() {
        for (keyword, message) in [
            ("output-area-full", "printer-state-output-full"),
            (
                "output-area-almost-full-warning",
                "printer-state-output-almost-full",
            ),
            ("input-tray-missing-error", "printer-state-tray-missing"),
            (
                "marker-toner-cartridge-missing",
                "printer-state-supply-missing",
            ),
            ("marker-ink-missing-error", "printer-state-supply-missing"),
            ("marker-waste-full", "printer-state-waste-full"),
            (
                "marker-waste-almost-full-warning",
                "printer-state-waste-almost-full",
            ),
            ("spool-area-full", "printer-state-spool-full"),
            (
                "cups-insecure-filter-warning",
                "printer-state-insecure-filter",
            ),
            (
                "cups-missing-filter-warning",
                "printer-state-missing-driver",
            ),
            ("cups-pki-invalid", "printer-state-certificate"),
            ("cups-pki-changed", "printer-state-certificate"),
            ("cups-pki-expired", "printer-state-certificate"),
            ("cups-pki-unknown", "printer-state-certificate"),
        ] {
            assert_eq!(meaning(keyword).message, message, "{keyword}");
        }
        assert_eq!(class("output-area-almost-full"), Class::Low);
        assert_eq!(class("cups-pki-changed"), Class::Blocking);
    }

    #[test]
    fn unknown_keywords_follow_the_suffix_rule() {
        assert_eq!(class("x-vendor-thing"), Class::Blocking);
        assert_eq!(class("x-vendor-thing-error"), Class::Blocking);
        assert_eq!(class("x-vendor-thing-warning"), Class::Low);
        assert_eq!(class("x-vendor-thing-report"), Class::Info);
        assert_eq!(meaning("x-vendor-thing").message, OTHER);
        assert_eq!(class(""), Class::Info);
    }
}
