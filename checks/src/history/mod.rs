//! The local run history: every run kept in an SQLite database in the user's own data
//! folder, so a finding can say what changed since its check last passed.
//!
//! The history never leaves the machine as is: it holds the full, unredacted report and the
//! run's recorded facts (without environment variables), readable by the user alone. It
//! keeps at most [`MAX_RUNS`] runs, [`MAX_DAYS`] days and [`MAX_BYTES`] bytes, whichever is
//! smallest, and fewer when the profile says so.
//!
//! Robustness: WAL mode and a busy timeout let the app and the command line write at once,
//! one transaction per run. A damaged file is moved aside and a new one started; a file from
//! a newer version is never written to; a run whose history cannot be saved still completes.

mod changes;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};
use serde::Serialize;

use crate::model::{Report, Status};
use crate::platform::recorded::{Call, FactSet};

pub use changes::{FactChange, Snapshot, diff_facts, fact_text};

/// The file's name inside the history folder.
pub const HISTORY_FILE: &str = "history.sqlite3";
/// The most runs kept, whatever the profile says.
pub const MAX_RUNS: u32 = 200;
/// The most days kept, whatever the profile says.
pub const MAX_DAYS: u32 = 90;
/// The most bytes of reports and facts kept.
pub const MAX_BYTES: i64 = 50 * 1024 * 1024;

/// The schema version this build writes; each entry of [`MIGRATIONS`] raises it by one.
const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The migrations, in order: `MIGRATIONS[n]` brings version `n` to `n + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: runs with their report and facts (last: pruning reads the sizes without them);
    // findings and disk points for quick lookups.
    "CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        generated_at TEXT NOT NULL,
        verdict TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        report TEXT NOT NULL,
        facts TEXT
    );
    CREATE INDEX runs_by_time ON runs (started_at);
    CREATE INDEX runs_by_reference ON runs (reference);
    CREATE TABLE findings (
        run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        check_id TEXT NOT NULL,
        subject TEXT,
        status TEXT NOT NULL
    );
    CREATE INDEX findings_by_check ON findings (check_id, status);
    CREATE INDEX findings_by_run ON findings (run);
    CREATE TABLE disk_points (
        run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        mount_point TEXT NOT NULL,
        available INTEGER NOT NULL,
        total INTEGER NOT NULL
    );
    CREATE INDEX disk_points_by_mount ON disk_points (mount_point);",
];

/// How long a writer waits for another one (the app and the command line at once).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The settings a run's history follows (the profile's `[history]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keep {
    pub runs: u32,
    pub days: u32,
}

impl Keep {
    /// The profile's limits, never above the built-in ones.
    pub fn of(settings: &crate::profile::History) -> Keep {
        Keep {
            runs: settings.keep_runs.clamp(1, MAX_RUNS),
            days: settings.keep_days.clamp(1, MAX_DAYS),
        }
    }
}

impl Default for Keep {
    fn default() -> Self {
        Keep {
            runs: MAX_RUNS,
            days: MAX_DAYS,
        }
    }
}

/// Why the history could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The folder or file cannot be created or written (read-only, full, not permitted).
    #[error("{} cannot be written: {reason}", path.display())]
    Unwritable { path: PathBuf, reason: String },
    /// The file was written by a newer version of Checkup: it is left as it is.
    #[error(
        "{} was written by a newer version of Checkup (history version {found}, this one knows {SCHEMA_VERSION}); it was left as it is",
        path.display()
    )]
    Newer { path: PathBuf, found: i64 },
    /// There is no history yet.
    #[error("there is no history yet ({} does not exist)", path.display())]
    Missing { path: PathBuf },
    /// The file is damaged and could not be moved aside.
    #[error("{} is damaged: {reason}", path.display())]
    Damaged { path: PathBuf, reason: String },
    /// Any other database error.
    #[error("the history in {} could not be used: {reason}", path.display())]
    Database { path: PathBuf, reason: String },
    /// No stored run has this reference.
    #[error("no stored run has the reference {0}")]
    UnknownRun(String),
}

/// Something the user should know about the history, beside the run's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A damaged file was moved aside and a new one started.
    MovedAside { damaged: PathBuf, reason: String },
}

/// The user's history folder: the OS's local data folder (XDG data home on Linux, local
/// application data on Windows, Application Support on macOS), then `checkup`.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_local_dir().map(|dir| dir.join("checkup").join(HISTORY_FILE))
}

/// A run's time for people, in local time: "Tuesday 09:12" within the last week, else
/// "3 November 2026 09:12". Text that is not a time is shown as it is.
pub fn when(rfc3339: &str) -> String {
    use chrono::{DateTime, Local};
    let Ok(time) = DateTime::parse_from_rfc3339(rfc3339) else {
        return rfc3339.to_owned();
    };
    let local = time.with_timezone(&Local);
    let age = Local::now().signed_duration_since(local);
    if age >= chrono::Duration::zero() && age < chrono::Duration::days(6) {
        local.format("%A %H:%M").to_string()
    } else {
        local.format("%-d %B %Y %H:%M").to_string()
    }
}

/// A time as RFC 3339 in UTC, to the second, as reports write `generated_at`.
pub fn rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

/// One stored run, as `checkup history` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    pub reference: String,
    /// When the run started, RFC 3339 in UTC.
    pub generated_at: String,
    /// `ok`, `problem` or `interrupted`.
    pub verdict: String,
    /// How many findings were `fail` or `error`, and `warn`.
    pub problems: usize,
    pub warnings: usize,
}

/// One stored run in full.
#[derive(Debug, Clone)]
pub struct StoredRun {
    pub id: i64,
    pub started_at: u64,
    pub report: Report,
    pub facts: Option<FactSet>,
}

/// The verdict of a run, as stored.
fn verdict(report: &Report) -> &'static str {
    if !report.complete {
        "interrupted"
    } else if report.has_problem() {
        "problem"
    } else {
        "ok"
    }
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// When a report's run started, from its `generated_at`.
fn started_at(report: &Report) -> u64 {
    humantime::parse_rfc3339(&report.generated_at)
        .map(unix_seconds)
        .unwrap_or(0)
}

fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

fn is_unwritable(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(
            ErrorCode::ReadOnly
                | ErrorCode::CannotOpen
                | ErrorCode::DiskFull
                | ErrorCode::PermissionDenied
                | ErrorCode::SystemIoFailure
        )
    )
}

/// The local history of runs.
#[derive(Debug)]
pub struct History {
    connection: Connection,
    path: PathBuf,
}

impl History {
    /// Opens the history at `path` to read and write, creating it (readable by the user
    /// alone) if needed. A damaged file is moved aside and a new one started: the notice
    /// says where it went.
    pub fn open(path: &Path) -> Result<(History, Vec<Notice>), HistoryError> {
        let mut notices = Vec::new();
        match Self::open_once(path) {
            Ok(history) => Ok((history, notices)),
            Err(Opening::Damaged(reason)) => {
                let damaged = move_aside(path).map_err(|e| HistoryError::Damaged {
                    path: path.to_owned(),
                    reason: format!("{reason}; it could not be moved aside ({e})"),
                })?;
                tracing::info!(
                    "the history was damaged ({reason}); moved to {}",
                    damaged.display()
                );
                notices.push(Notice::MovedAside { damaged, reason });
                match Self::open_once(path) {
                    Ok(history) => Ok((history, notices)),
                    Err(Opening::Failed(error)) => Err(error),
                    Err(Opening::Damaged(reason)) => Err(HistoryError::Damaged {
                        path: path.to_owned(),
                        reason,
                    }),
                }
            }
            Err(Opening::Failed(error)) => Err(error),
        }
    }

    /// Opens an existing history to read only: nothing is created, moved or migrated.
    pub fn open_to_read(path: &Path) -> Result<History, HistoryError> {
        if !path.exists() {
            return Err(HistoryError::Missing {
                path: path.to_owned(),
            });
        }
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| database(path, &e))?;
        let _ = connection.busy_timeout(BUSY_TIMEOUT);
        let history = History {
            connection,
            path: path.to_owned(),
        };
        let version = history.version().map_err(|e| database(path, &e))?;
        if version > SCHEMA_VERSION {
            return Err(HistoryError::Newer {
                path: path.to_owned(),
                found: version,
            });
        }
        if version < SCHEMA_VERSION {
            // An empty file, or one from before a migration: nothing this build can read.
            return Err(HistoryError::Missing {
                path: path.to_owned(),
            });
        }
        Ok(history)
    }

    fn open_once(path: &Path) -> Result<History, Opening> {
        let unwritable = |reason: String| {
            Opening::Failed(HistoryError::Unwritable {
                path: path.to_owned(),
                reason,
            })
        };
        if let Some(dir) = path.parent() {
            create_private_dir(dir).map_err(|e| unwritable(e.to_string()))?;
        }
        if let Some(reason) = damage_visible_on_disk(path) {
            return Err(Opening::Damaged(reason));
        }
        create_private_file(path).map_err(|e| unwritable(e.to_string()))?;
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, &e))?;
        let history = History {
            connection,
            path: path.to_owned(),
        };
        history.prepare().map_err(|e| classify(path, &e))?;
        let version = history.version().map_err(|e| classify(path, &e))?;
        if version > SCHEMA_VERSION {
            return Err(Opening::Failed(HistoryError::Newer {
                path: path.to_owned(),
                found: version,
            }));
        }
        if version < SCHEMA_VERSION {
            history.migrate().map_err(|e| match e {
                Migration::Sql(e) => classify(path, &e),
                Migration::Newer(found) => Opening::Failed(HistoryError::Newer {
                    path: path.to_owned(),
                    found,
                }),
            })?;
        }
        Ok(history)
    }

    /// Connection settings: WAL, a busy timeout, foreign keys (pruning cascades), secure
    /// delete (a pruned run, or the old copy of a page SQLite rebuilds as the file grows, is
    /// overwritten, not left in unused space), and incremental vacuum for a new file, so
    /// pruned runs give their space back.
    fn prepare(&self) -> rusqlite::Result<()> {
        self.connection.busy_timeout(BUSY_TIMEOUT)?;
        self.connection.pragma_update(None, "foreign_keys", true)?;
        self.connection.pragma_update(None, "secure_delete", true)?;
        let pages: i64 = self
            .connection
            .query_row("PRAGMA page_count", [], |row| row.get(0))?;
        if pages == 0 {
            self.connection
                .pragma_update(None, "auto_vacuum", "INCREMENTAL")?;
        }
        let mode: String = self
            .connection
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::debug!("history journal mode is {mode}");
        }
        self.connection
            .pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    fn version(&self) -> rusqlite::Result<i64> {
        self.connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
    }

    /// Brings the schema up to date, in one transaction; another process may have done it
    /// meanwhile.
    fn migrate(&self) -> Result<(), Migration> {
        let transaction = rusqlite::Transaction::new_unchecked(
            &self.connection,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let version: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Migration::Newer(version));
        }
        let from = usize::try_from(version).unwrap_or(0);
        for migration in MIGRATIONS.iter().skip(from) {
            transaction.execute_batch(migration)?;
        }
        transaction.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        transaction.commit()?;
        Ok(())
    }

    /// Where the history is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Keeps one run, its facts without environment variables, and prunes to `keep`, in
    /// one transaction.
    pub fn store(
        &mut self,
        report: &Report,
        facts: Option<&FactSet>,
        keep: Keep,
        now: SystemTime,
    ) -> Result<(), HistoryError> {
        let path = self.path.clone();
        self.store_inner(report, facts, keep, now)
            .map_err(|e| match classify(&path, &e) {
                Opening::Failed(error) => error,
                Opening::Damaged(reason) => HistoryError::Damaged { path, reason },
            })
    }

    fn store_inner(
        &mut self,
        report: &Report,
        facts: Option<&FactSet>,
        keep: Keep,
        now: SystemTime,
    ) -> rusqlite::Result<()> {
        let report_text = serde_json::to_string(report)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let facts = facts.map(kept_facts);
        let facts_text = match &facts {
            Some(set) => Some(
                serde_json::to_string(set)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
            ),
            None => None,
        };
        let bytes = report_text.len() + facts_text.as_ref().map_or(0, String::len);
        let points = facts
            .as_ref()
            .map(|set| changes::disk_points(&set.calls))
            .unwrap_or_default();
        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        transaction.execute(
            "INSERT INTO runs (reference, started_at, generated_at, verdict, bytes, report, facts)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                report.reference,
                i64::try_from(started_at(report)).unwrap_or(i64::MAX),
                report.generated_at,
                verdict(report),
                i64::try_from(bytes).unwrap_or(i64::MAX),
                report_text,
                facts_text,
            ],
        )?;
        let run = transaction.last_insert_rowid();
        {
            let mut insert = transaction.prepare_cached(
                "INSERT INTO findings (run, check_id, subject, status) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for finding in &report.findings {
                insert.execute(params![
                    run,
                    finding.id,
                    finding.subject,
                    finding.status.as_str()
                ])?;
            }
            let mut insert = transaction.prepare_cached(
                "INSERT INTO disk_points (run, mount_point, available, total) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (mount_point, available, total) in &points {
                insert.execute(params![
                    run,
                    mount_point,
                    i64::try_from(*available).unwrap_or(i64::MAX),
                    i64::try_from(*total).unwrap_or(i64::MAX)
                ])?;
            }
        }
        prune(&transaction, keep, now)?;
        transaction.commit()?;
        // Give pruned pages back to the file system; not worth failing a run over.
        let _ = incremental_vacuum(&self.connection, 256);
        Ok(())
    }

    /// The stored runs, newest first.
    pub fn runs(&self) -> Result<Vec<RunSummary>, HistoryError> {
        let read = || -> rusqlite::Result<Vec<RunSummary>> {
            let mut statement = self.connection.prepare(
                "SELECT r.reference, r.generated_at, r.verdict,
                    (SELECT COUNT(*) FROM findings f WHERE f.run = r.id AND f.status IN ('fail', 'error')),
                    (SELECT COUNT(*) FROM findings f WHERE f.run = r.id AND f.status = 'warn')
                 FROM runs r ORDER BY r.started_at DESC, r.id DESC",
            )?;
            let rows = statement.query_map([], |row| {
                Ok(RunSummary {
                    reference: row.get(0)?,
                    generated_at: row.get(1)?,
                    verdict: row.get(2)?,
                    problems: usize::try_from(row.get::<_, i64>(3)?).unwrap_or(0),
                    warnings: usize::try_from(row.get::<_, i64>(4)?).unwrap_or(0),
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| database(&self.path, &e))
    }

    /// How many runs are stored.
    pub fn len(&self) -> Result<usize, HistoryError> {
        self.connection
            .query_row("SELECT COUNT(*) FROM runs", [], |row| row.get::<_, i64>(0))
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|e| database(&self.path, &e))
    }

    /// True when no run is stored.
    pub fn is_empty(&self) -> Result<bool, HistoryError> {
        self.len().map(|n| n == 0)
    }

    /// The run with this reference (the newest, should two share it); `None`: the latest.
    pub fn run(&self, reference: Option<&str>) -> Result<StoredRun, HistoryError> {
        let found = match reference {
            Some(reference) => self.run_where("reference = ?1", params![reference.trim()]),
            None => self.run_where("1 = 1", params![]),
        };
        found
            .map_err(|e| database(&self.path, &e))?
            .ok_or_else(|| HistoryError::UnknownRun(reference.unwrap_or("(latest)").to_owned()))
    }

    fn run_by_id(&self, id: i64) -> rusqlite::Result<Option<StoredRun>> {
        self.run_where("id = ?1", params![id])
    }

    fn run_where(
        &self,
        condition: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> rusqlite::Result<Option<StoredRun>> {
        let sql = format!(
            "SELECT id, started_at, report, facts FROM runs WHERE {condition}
             ORDER BY started_at DESC, id DESC LIMIT 1"
        );
        let row = self
            .connection
            .query_row(&sql, params, |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })
            .optional()?;
        let Some((id, started, report, facts)) = row else {
            return Ok(None);
        };
        let report: Report = serde_json::from_str(&report).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
        })?;
        let facts = facts.and_then(|text| FactSet::parse(&text).ok());
        Ok(Some(StoredRun {
            id,
            started_at: u64::try_from(started).unwrap_or(0),
            report,
            facts,
        }))
    }

    /// The id and start of the latest run where this check passed for this subject; when
    /// the subject never passed (the subject itself changed), the latest run where every
    /// finding of the check passed.
    fn last_good(&self, check: &str, subject: Option<&str>) -> rusqlite::Result<Option<i64>> {
        let same = self
            .connection
            .prepare_cached(
                "SELECT r.id FROM runs r JOIN findings f ON f.run = r.id
                 WHERE f.check_id = ?1 AND f.subject IS ?2 AND f.status = 'pass'
                 ORDER BY r.started_at DESC, r.id DESC LIMIT 1",
            )?
            .query_row(params![check, subject], |row| row.get(0))
            .optional()?;
        if same.is_some() || subject.is_none() {
            return Ok(same);
        }
        self.connection
            .prepare_cached(
                "SELECT r.id FROM runs r
                 WHERE EXISTS (SELECT 1 FROM findings f WHERE f.run = r.id AND f.check_id = ?1)
                   AND NOT EXISTS (SELECT 1 FROM findings f
                                   WHERE f.run = r.id AND f.check_id = ?1 AND f.status <> 'pass')
                 ORDER BY r.started_at DESC, r.id DESC LIMIT 1",
            )?
            .query_row(params![check], |row| row.get(0))
            .optional()
    }

    /// The stored free-space points of a mount point since `since`, oldest first:
    /// (start of the run, available bytes, total bytes).
    fn disk_points(&self, mount_point: &str, since: u64) -> rusqlite::Result<Vec<(u64, u64, u64)>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT r.started_at, p.available, p.total FROM disk_points p JOIN runs r ON r.id = p.run
             WHERE p.mount_point = ?1 AND r.started_at >= ?2 ORDER BY r.started_at, r.id",
        )?;
        let rows = statement.query_map(
            params![mount_point, i64::try_from(since).unwrap_or(0)],
            |row| {
                Ok((
                    u64::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
                    u64::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                    u64::try_from(row.get::<_, i64>(2)?).unwrap_or(0),
                ))
            },
        )?;
        rows.collect()
    }

    /// Replaces a stored run's report with a later state of the same run (after repairs and
    /// their re-checks), and its facts when given (the run's, then the re-checks'). Nothing
    /// happens when the run is not stored.
    pub fn update(
        &mut self,
        report: &Report,
        facts: Option<&FactSet>,
    ) -> Result<bool, HistoryError> {
        let path = self.path.clone();
        self.update_inner(report, facts)
            .map_err(|e| match classify(&path, &e) {
                Opening::Failed(error) => error,
                Opening::Damaged(reason) => HistoryError::Damaged { path, reason },
            })
    }

    fn update_inner(&mut self, report: &Report, facts: Option<&FactSet>) -> rusqlite::Result<bool> {
        let report_text = serde_json::to_string(report)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let facts = facts.map(kept_facts);
        let facts_text = match &facts {
            Some(set) => Some(
                serde_json::to_string(set)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
            ),
            None => None,
        };
        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let run: Option<i64> = transaction
            .query_row(
                "SELECT id FROM runs WHERE reference = ?1",
                params![report.reference],
                |row| row.get(0),
            )
            .optional()?;
        let Some(run) = run else {
            return Ok(false);
        };
        if let (Some(set), Some(text)) = (&facts, &facts_text) {
            transaction.execute(
                "UPDATE runs SET facts = ?1 WHERE id = ?2",
                params![text, run],
            )?;
            transaction.execute("DELETE FROM disk_points WHERE run = ?1", params![run])?;
            let mut insert = transaction.prepare_cached(
                "INSERT INTO disk_points (run, mount_point, available, total) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (mount_point, available, total) in changes::disk_points(&set.calls) {
                insert.execute(params![
                    run,
                    mount_point,
                    i64::try_from(available).unwrap_or(i64::MAX),
                    i64::try_from(total).unwrap_or(i64::MAX)
                ])?;
            }
        }
        transaction.execute(
            "UPDATE runs SET report = ?1, verdict = ?2,
                 bytes = ?3 + COALESCE(length(facts), 0) WHERE id = ?4",
            params![
                report_text,
                verdict(report),
                i64::try_from(report_text.len()).unwrap_or(i64::MAX),
                run
            ],
        )?;
        transaction.execute("DELETE FROM findings WHERE run = ?1", params![run])?;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT INTO findings (run, check_id, subject, status) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for finding in &report.findings {
                insert.execute(params![
                    run,
                    finding.id,
                    finding.subject,
                    finding.status.as_str()
                ])?;
            }
        }
        transaction.commit()?;
        Ok(true)
    }

    /// Adds to each finding that is not `pass` what changed since its check last passed, and
    /// to each `disk.space` finding its projection, from this run's facts.
    pub fn annotate(&self, report: &mut Report, calls: &[Call]) -> Result<(), HistoryError> {
        changes::annotate(self, report, calls).map_err(|e| match classify(&self.path, &e) {
            Opening::Failed(error) => error,
            Opening::Damaged(reason) => HistoryError::Damaged {
                path: self.path.clone(),
                reason,
            },
        })
    }

    /// Deletes every stored run, overwriting what they held (secure delete), then rebuilds
    /// the file (`VACUUM`), so nothing of them stays readable in the file, in space an older
    /// version left unused, or in its write-ahead log.
    pub fn clear(&mut self) -> Result<usize, HistoryError> {
        let path = self.path.clone();
        let mut clear = || -> rusqlite::Result<usize> {
            self.connection.pragma_update(None, "secure_delete", true)?;
            let transaction = self
                .connection
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let n = transaction.execute("DELETE FROM runs", [])?;
            transaction.commit()?;
            self.connection.execute_batch("VACUUM")?;
            // A checkpoint that could not finish (another process reading) says so in its
            // first column: the history is then not yet wiped, which is an error here.
            let busy: i64 =
                self.connection
                    .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
            if busy != 0 {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some("another program is reading the history; try again".to_owned()),
                ));
            }
            Ok(n)
        };
        clear().map_err(|e| match classify(&path, &e) {
            Opening::Failed(error) => error,
            Opening::Damaged(reason) => HistoryError::Damaged { path, reason },
        })
    }

    /// `PRAGMA integrity_check`: `ok`, or what is wrong.
    pub fn integrity(&self) -> Result<String, HistoryError> {
        self.connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .map_err(|e| database(&self.path, &e))
    }
}

/// Gives up to `pages` free pages back to the file system. SQLite frees one page per step of
/// this statement, so it is stepped to its end.
fn incremental_vacuum(connection: &Connection, pages: u32) -> rusqlite::Result<()> {
    let mut statement = connection.prepare(&format!("PRAGMA incremental_vacuum({pages})"))?;
    let mut rows = statement.query([])?;
    while rows.next()?.is_some() {}
    Ok(())
}

/// The facts kept with a run: everything the run asked, except environment variables.
fn kept_facts(set: &FactSet) -> FactSet {
    let mut kept = set.clone();
    kept.calls.retain(|call| !call.call.starts_with("env "));
    kept
}

/// Drops runs beyond the limits: older than `keep.days`, beyond the newest `keep.runs`, and
/// the oldest while the whole is above [`MAX_BYTES`]. The newest run is always kept.
fn prune(
    transaction: &rusqlite::Transaction<'_>,
    keep: Keep,
    now: SystemTime,
) -> rusqlite::Result<()> {
    let newest: Option<i64> = transaction
        .query_row(
            "SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .optional()?;
    let Some(newest) = newest else {
        return Ok(());
    };
    let cutoff = unix_seconds(now).saturating_sub(u64::from(keep.days) * 86_400);
    transaction.execute(
        "DELETE FROM runs WHERE started_at < ?1 AND id <> ?2",
        params![i64::try_from(cutoff).unwrap_or(0), newest],
    )?;
    transaction.execute(
        "DELETE FROM runs WHERE id IN (
            SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT -1 OFFSET ?1)",
        params![keep.runs],
    )?;
    transaction.execute(
        "DELETE FROM runs WHERE id <> ?2 AND id IN (
            SELECT id FROM (
                SELECT id, SUM(bytes) OVER (ORDER BY started_at DESC, id DESC) AS total FROM runs)
            WHERE total > ?1)",
        params![MAX_BYTES, newest],
    )?;
    Ok(())
}

enum Opening {
    Damaged(String),
    Failed(HistoryError),
}

enum Migration {
    Sql(rusqlite::Error),
    Newer(i64),
}

impl From<rusqlite::Error> for Migration {
    fn from(error: rusqlite::Error) -> Self {
        Migration::Sql(error)
    }
}

fn database(path: &Path, error: &rusqlite::Error) -> HistoryError {
    HistoryError::Database {
        path: path.to_owned(),
        reason: error.to_string(),
    }
}

fn classify(path: &Path, error: &rusqlite::Error) -> Opening {
    if is_damage(error) {
        Opening::Damaged(error.to_string())
    } else if is_unwritable(error) {
        Opening::Failed(HistoryError::Unwritable {
            path: path.to_owned(),
            reason: error.to_string(),
        })
    } else {
        Opening::Failed(database(path, error))
    }
}

/// Damage that shows without opening the file: not an SQLite file at all, or shorter than
/// its own header says (cut off), while no write-ahead log holds the missing pages.
fn damage_visible_on_disk(path: &Path) -> Option<String> {
    use std::io::Read;
    let length = std::fs::metadata(path).ok()?.len();
    if length == 0 {
        return None;
    }
    let mut header = [0_u8; 100];
    let mut file = std::fs::File::open(path).ok()?;
    let read = file.read(&mut header).ok()?;
    if read < 100 || &header[..16] != b"SQLite format 3\0" {
        return Some("it is not a history file".to_owned());
    }
    let page_size = match u32::from(u16::from_be_bytes([header[16], header[17]])) {
        1 => 65_536,
        size => size,
    };
    let pages = u32::from_be_bytes([header[28], header[29], header[30], header[31]]);
    let wal = wal_path(path);
    let wal_holds_pages = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    let expected = u64::from(pages) * u64::from(page_size);
    (!wal_holds_pages && pages > 0 && length < expected)
        .then(|| format!("it is cut off: {length} of {expected} bytes"))
}

fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Moves a damaged file (and its write-ahead files) aside, next to it, with the time in
/// its name; returns where it went.
fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = unix_seconds(SystemTime::now());
    let mut target = path.as_os_str().to_owned();
    target.push(format!(".damaged-{stamp}"));
    let mut target = PathBuf::from(target);
    let mut n = 1;
    while target.exists() {
        let mut next = path.as_os_str().to_owned();
        next.push(format!(".damaged-{stamp}-{n}"));
        target = PathBuf::from(next);
        n += 1;
    }
    std::fs::rename(path, &target)?;
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            let mut moved = target.as_os_str().to_owned();
            moved.push(suffix);
            let _ = std::fs::rename(&side, PathBuf::from(moved));
        }
    }
    Ok(target)
}

/// Creates the history folder, readable by the user alone where it is new.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Creates the file readable and writable by the user alone (SQLite gives its side files
/// the same mode), or makes an existing one so.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata()?.permissions().mode() & 0o777;
        if mode != 0o600 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    drop(file);
    Ok(())
}

/// What keeping a run in the history gave.
#[derive(Debug, Default)]
pub struct Remembered {
    /// Where the history is, when it was used.
    pub path: Option<PathBuf>,
    /// Whether the run was stored.
    pub saved: bool,
    /// Why it was not, in words for the user.
    pub problem: Option<String>,
    /// Damage found and moved aside on the way.
    pub notices: Vec<Notice>,
}

/// Replaces a stored run with its later state (after repairs), and its facts when given.
/// `Ok(false)` when the run was never stored (history off, or not saved).
pub fn update(report: &Report, facts: Option<&FactSet>, path: &Path) -> Result<bool, HistoryError> {
    if !path.exists() {
        return Ok(false);
    }
    let (mut history, _) = History::open(path)?;
    history.update(report, facts)
}

/// Keeps a run: adds what changed since each check last passed (and disk projections) to
/// `report`, then stores the report and its facts. Never fails the run: what went wrong is
/// in the answer.
pub fn remember(
    report: &mut Report,
    facts: Option<&FactSet>,
    settings: &crate::profile::History,
    path: Option<&Path>,
) -> Remembered {
    let mut remembered = Remembered::default();
    let Some(path) = path.map(Path::to_owned).or_else(default_path) else {
        remembered.problem = Some("this computer has no folder for application data".to_owned());
        return remembered;
    };
    remembered.path = Some(path.clone());
    let (mut history, notices) = match History::open(&path) {
        Ok(opened) => opened,
        Err(error) => {
            remembered.problem = Some(error.to_string());
            return remembered;
        }
    };
    remembered.notices = notices;
    let calls = facts.map(|set| set.calls.as_slice()).unwrap_or_default();
    let keep = Keep::of(settings);
    let outcome = match keep_run(&mut history, report, facts, calls, keep) {
        // Damage found only inside the file: moved aside, and the run kept in a new one.
        Err(HistoryError::Damaged { reason, .. }) => {
            drop(history);
            match move_aside(&path) {
                Ok(damaged) => {
                    remembered
                        .notices
                        .push(Notice::MovedAside { damaged, reason });
                    History::open(&path)
                        .and_then(|(mut fresh, _)| keep_run(&mut fresh, report, facts, calls, keep))
                }
                Err(error) => Err(HistoryError::Damaged {
                    path: path.clone(),
                    reason: format!("{reason}; it could not be moved aside ({error})"),
                }),
            }
        }
        other => other,
    };
    match outcome {
        Ok(()) => remembered.saved = true,
        Err(error) => remembered.problem = Some(error.to_string()),
    }
    remembered
}

/// Adds the changes to `report`, then stores it. Changes that cannot be read never keep a
/// run from being stored; damage found on the way is returned.
fn keep_run(
    history: &mut History,
    report: &mut Report,
    facts: Option<&FactSet>,
    calls: &[Call],
    keep: Keep,
) -> Result<(), HistoryError> {
    match history.annotate(report, calls) {
        Err(error @ HistoryError::Damaged { .. }) => return Err(error),
        Err(error) => tracing::info!("changes since the last good run could not be read: {error}"),
        Ok(()) => {}
    }
    history.store(report, facts, keep, SystemTime::now())
}

/// A finding whose status differs between two runs (`None`: the run had no such finding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub id: String,
    pub subject: Option<String>,
    pub before: Option<Status>,
    pub after: Option<Status>,
}

/// How two stored runs differ: findings whose status changed, and facts that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunDiff {
    pub before: RunSummary,
    pub after: RunSummary,
    pub findings: Vec<StatusChange>,
    pub facts: Vec<FactChange>,
}

fn summary_of(report: &Report) -> RunSummary {
    RunSummary {
        reference: report.reference.clone(),
        generated_at: report.generated_at.clone(),
        verdict: verdict(report).to_owned(),
        problems: report
            .findings
            .iter()
            .filter(|f| f.status.is_problem())
            .count(),
        warnings: report
            .findings
            .iter()
            .filter(|f| f.status == Status::Warn)
            .count(),
    }
}

/// Compares two stored runs, `before` the older one.
pub fn diff_runs(before: &StoredRun, after: &StoredRun) -> RunDiff {
    let key = |f: &crate::model::Finding| (f.id.clone(), f.subject.clone());
    let old: std::collections::BTreeMap<_, Status> = before
        .report
        .findings
        .iter()
        .map(|f| (key(f), f.status))
        .collect();
    let new: std::collections::BTreeMap<_, Status> = after
        .report
        .findings
        .iter()
        .map(|f| (key(f), f.status))
        .collect();
    let mut findings = Vec::new();
    // In the later run's (registry) order, then what only the earlier run had.
    for finding in &after.report.findings {
        let was = old.get(&key(finding)).copied();
        if was != Some(finding.status) {
            findings.push(StatusChange {
                id: finding.id.clone(),
                subject: finding.subject.clone(),
                before: was,
                after: Some(finding.status),
            });
        }
    }
    for finding in &before.report.findings {
        if !new.contains_key(&key(finding)) {
            findings.push(StatusChange {
                id: finding.id.clone(),
                subject: finding.subject.clone(),
                before: Some(finding.status),
                after: None,
            });
        }
    }
    let facts = match (&before.facts, &after.facts) {
        (Some(a), Some(b)) => diff_facts(&a.calls, &b.calls),
        _ => Vec::new(),
    };
    RunDiff {
        before: summary_of(&before.report),
        after: summary_of(&after.report),
        findings,
        facts,
    }
}
