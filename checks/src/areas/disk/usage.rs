//! `disk.usage`: when the disk holding the home folder is low on space, what in the home
//! folder uses it? The trash, caches, Downloads, the largest folders and files. The scan has
//! a time budget and says when it was cut short. Paths are sensitive evidence.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{human_size, with_size};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Kind, Status};

const FOUND: MessageSpec = message(Status::Warn, "disk-usage-found").with_args(&[
    "bin",
    "cache",
    "cut_short",
    "downloads",
    "has_cache",
    "has_downloads",
    "has_top",
    "has_trash",
    "top",
    "top_size",
    "total",
    "trash",
]);
const NOT_NEEDED: MessageSpec = message(Status::NotApplicable, "disk-usage-not-needed");
const UNLISTED: MessageSpec = message(Status::Error, "disk-usage-unlisted");
const NO_HOME: MessageSpec = message(Status::NotApplicable, "disk-usage-no-home");

/// The check's own timeout; the scan budget is kept below it.
const TIMEOUT: Duration = Duration::from_secs(10);
const BUDGET_CAP: Duration = Duration::from_secs(8);

pub static CHECK: CheckDef = CheckDef {
    id: "disk.usage",
    area: Area::Disk,
    depends_on: &[],
    after: &["disk.space"],
    timeout: TIMEOUT,
    messages: &[FOUND, NOT_NEEDED, NO_HOME, UNLISTED],
    run,
};

/// What a scan of the home folder found.
pub type Usage = crate::platform::HomeUsage;

fn run(context: Context) -> CheckFuture {
    // The walk stops itself at the budget; a second is kept for a hung directory read.
    let budget = context
        .limit(Duration::from_millis(context.profile.disk.usage_scan_ms).min(BUDGET_CAP))
        .min(context.remaining().saturating_sub(Duration::from_secs(1)));
    Box::pin(async move {
        // Only when the disk holding the home folder is low: read from the mount fact, with
        // the space check's own thresholds.
        let disks = match context.facts().disks().await {
            Ok(disks) => disks,
            Err(error) => {
                return vec![super::unlisted(&error, &NO_HOME, &UNLISTED)];
            }
        };
        let needed = with_size(&disks).iter().any(|fs| {
            fs.holds_home
                && matches!(
                    super::space::evaluate(fs, &context.profile.disk, disks.home.as_deref()).status,
                    Status::Warn | Status::Fail
                )
        });
        if !needed {
            return vec![Outcome::of(&NOT_NEEDED)];
        }
        let Some(home) = disks.home.clone().map(PathBuf::from) else {
            return vec![Outcome::of(&NO_HOME)];
        };
        tracing::debug!(home = %home.display(), budget_ms = budget.as_millis() as u64, "scanning the home folder");
        let scanned = context
            .facts()
            .ask(budget + Duration::from_secs(1), move |platform| {
                (platform.home_usage(&home, budget), platform.os_info().os)
            })
            .await;
        match scanned {
            Ok((usage, os)) => vec![evaluate(&usage, super::space::bin_name(&os))],
            Err(timeout) => {
                vec![Outcome::of(&NO_HOME).evidence(Evidence::plain("reason", timeout.to_string()))]
            }
        }
    })
}

/// A path under the home folder, shown from there. Compared as text, so a set recorded on
/// another system (`C:\\Users\\…` replayed here) reads the same as on its own.
fn relative(home: &Path, path: &Path) -> String {
    let (home, shown) = (home.display().to_string(), path.display().to_string());
    match shown.strip_prefix(home.trim_end_matches(['/', '\\'])) {
        Some(rest) if rest.starts_with(['/', '\\']) => {
            rest.trim_start_matches(['/', '\\']).to_owned()
        }
        _ => shown,
    }
}

/// Turns a scan into plain advice, largest savings first. `bin` is what the user calls
/// their trash ([`super::space::bin_name`]).
pub fn evaluate(usage: &Usage, bin: &'static str) -> Outcome {
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let (top_name, top_size) = usage
        .largest_folders
        .first()
        .map_or((String::new(), 0), |(path, size)| {
            (relative(&usage.home, path), *size)
        });
    let mut outcome = Outcome::of(&FOUND)
        .arg("total", human_size(usage.total))
        .arg("trash", human_size(usage.trash))
        .arg("bin", bin)
        .arg("has_trash", yes_no(usage.trash > 0))
        .arg("downloads", human_size(usage.downloads))
        .arg("has_downloads", yes_no(usage.downloads > 0))
        .arg("cache", human_size(usage.cache))
        .arg("has_cache", yes_no(usage.cache > 0))
        .private_arg("top", Kind::Path, top_name)
        .arg("top_size", human_size(top_size))
        .arg("has_top", yes_no(top_size > 0))
        .arg("cut_short", yes_no(usage.cut_short))
        .evidence(Evidence::sensitive(
            "home",
            Kind::Path,
            usage.home.display().to_string(),
        ))
        .evidence(Evidence::plain("total_bytes", usage.total))
        .evidence(Evidence::plain("trash_bytes", usage.trash))
        .evidence(Evidence::plain("cache_bytes", usage.cache))
        .evidence(Evidence::plain("downloads_bytes", usage.downloads))
        .evidence(Evidence::plain("files_seen", usage.files_seen))
        .evidence(Evidence::plain("cut_short", usage.cut_short));
    let listed = |items: &[(PathBuf, u64)]| -> Vec<String> {
        items
            .iter()
            .map(|(path, size)| format!("{} ({})", relative(&usage.home, path), human_size(*size)))
            .collect()
    };
    outcome = outcome
        .evidence(Evidence::sensitive(
            "largest_folders",
            Kind::Path,
            listed(&usage.largest_folders),
        ))
        .evidence(Evidence::sensitive(
            "largest_files",
            Kind::Path,
            listed(&usage.largest_files),
        ));
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_names_sizes_and_marks_paths_sensitive() {
        let usage = Usage {
            home: "/home/alice".into(),
            total: 50_000_000_000,
            trash: 3_200_000_000,
            largest_folders: vec![("/home/alice/Videos".into(), 30_000_000_000)],
            largest_files: vec![("/home/alice/Videos/trip.mp4".into(), 9_000_000_000)],
            files_seen: 1000,
            ..Usage::default()
        };
        let outcome = evaluate(&usage, "trash");
        assert_eq!(outcome.status, Status::Warn);
        for key in ["home", "largest_folders", "largest_files"] {
            assert!(
                outcome.evidence.iter().any(|e| e.key == key && e.sensitive),
                "{key}"
            );
        }
        let folders = outcome
            .evidence
            .iter()
            .find(|e| e.key == "largest_folders")
            .map(|e| e.value.to_string());
        assert_eq!(folders.as_deref(), Some("Videos (30 GB)"));
        assert_eq!(
            outcome.args.get("trash"),
            Some(&crate::text::Arg::from("3.2 GB"))
        );
    }

    /// Windows calls it the Recycle Bin: the advice and the repair say so there, and
    /// "trash" elsewhere.
    #[test]
    fn the_trash_is_called_what_the_system_calls_it() {
        use crate::areas::disk::space::{EMPTY_TRASH, bin_name, offer_cleanup};
        let catalog = crate::text::catalog();
        let usage = Usage {
            trash: 3_200_000_000,
            ..Usage::default()
        };
        let entries = [crate::platform::TrashEntry {
            name: "$RAB12CD.docx".into(),
            bytes: 3_200_000_000,
        }];
        for (os, advice, title, action) in [
            (
                "windows",
                "Empty the Recycle Bin: it holds 3.2 GB.",
                "Empty the Recycle Bin (3.2 GB)",
                "in your Recycle Bin for good",
            ),
            (
                "linux",
                "Empty the trash: it holds 3.2 GB.",
                "Empty the trash (3.2 GB)",
                "in your trash for good",
            ),
        ] {
            let outcome = evaluate(&usage, bin_name(os));
            let fixes = catalog.fixes("disk-usage-found", &outcome.args);
            assert!(fixes.iter().any(|f| f == advice), "{os}: {fixes:?}");
            let offered = offer_cleanup(Outcome::of(&FOUND), &entries, &[], bin_name(os));
            let args = &offered.offers[0].args;
            let id = EMPTY_TRASH.message_id();
            assert_eq!(catalog.text(&id, args), title, "{os}");
            let said = catalog.attribute(&id, "action", args).unwrap_or_default();
            assert!(said.contains(action), "{os}: {said}");
        }
    }

    #[test]
    fn empty_home_gives_zeroes_not_a_panic() {
        let outcome = evaluate(&Usage::default(), "trash");
        assert_eq!(outcome.status, Status::Warn);
    }

    #[test]
    fn scan_ranks_planted_files_and_buckets() {
        let dir = std::env::temp_dir().join(format!("checkup-usage-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let write = |rel: &str, size: usize| {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap_or(&dir)).ok();
            std::fs::write(&path, vec![7u8; size]).ok();
        };
        write("Downloads/a.iso", 300_000);
        write(".cache/x/blob", 200_000);
        write("Videos/big.mp4", 500_000);
        write("Videos/small.mp4", 10_000);
        write("notes.txt", 100);
        let usage = crate::platform::native().home_usage(&dir, Duration::from_secs(5));
        std::fs::remove_dir_all(&dir).ok();
        assert!(!usage.cut_short);
        assert_eq!(usage.files_seen, 5);
        assert!(
            usage.downloads >= 300_000 && usage.downloads < 400_000,
            "{usage:?}"
        );
        assert!(usage.cache >= 200_000 && usage.cache < 300_000, "{usage:?}");
        let names: Vec<String> = usage
            .largest_files
            .iter()
            .map(|(p, _)| relative(&dir, p))
            .collect();
        // Shown with the system's own separator.
        let shown = |rel: &str| rel.replace('/', std::path::MAIN_SEPARATOR_STR);
        assert_eq!(
            names[..3],
            [
                shown("Videos/big.mp4"),
                shown("Downloads/a.iso"),
                shown(".cache/x/blob")
            ]
        );
        let folders: Vec<String> = usage
            .largest_folders
            .iter()
            .map(|(p, _)| relative(&dir, p))
            .collect();
        assert_eq!(folders[..3], ["Videos", "Downloads", ".cache"]);
    }
}
