//! The commands the UI calls. Each converts types and delegates to the `checks` engine.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;

use crate::error::ApiError;

/// What the app keeps between commands.
#[derive(Debug, Default)]
pub struct AppState {
    pub log: checks::LogBuffer,
    cancel: Mutex<Option<checks::CancellationToken>>,
    last: Mutex<Option<LastRun>>,
    /// Where the run history is kept; `None`: the user's data folder.
    history: Option<PathBuf>,
}

impl AppState {
    /// An app state keeping its run history in `path` instead of the user's data folder.
    pub fn with_history(path: PathBuf) -> AppState {
        AppState {
            history: Some(path),
            ..AppState::default()
        }
    }

    fn history_path(&self) -> Option<PathBuf> {
        self.history.clone().or_else(checks::history_path)
    }
}

/// The last run: its report, the profile it ran with and its own log, so the support report
/// is built exactly as the run was, whatever changed since.
#[derive(Debug, Clone)]
struct LastRun {
    report: checks::Report,
    profile: Arc<checks::Profile>,
    log: String,
    /// The run's plan: repairs check again within it.
    plan: checks::Plan,
    /// What the run read (for the history), with what the repairs' re-checks read after it,
    /// and how to make its fact set again.
    recorder: Option<Arc<checks::Recorder>>,
    areas: Vec<String>,
    started_at: std::time::SystemTime,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn profile() -> Result<checks::Profile, ApiError> {
    checks::load_profile(None)
        .map(|(profile, _)| profile)
        .map_err(|e| ApiError::new("profile", e))
}

#[derive(Debug, Serialize)]
pub struct AppInfo {
    organization: String,
    /// The support contact line, rendered ("Your support team: …"), or empty.
    support_contact: String,
    texts: std::collections::BTreeMap<String, String>,
    symptoms: Vec<checks::Symptom>,
}

#[tauri::command]
pub fn app_info() -> Result<AppInfo, ApiError> {
    let profile = profile()?;
    let contact = profile.organization.support_contact;
    Ok(AppInfo {
        organization: profile.organization.name,
        support_contact: if contact.is_empty() {
            contact
        } else {
            checks::render_ui_text("ui-contact", &[("contact", contact.as_str().into())])
                .map_err(|e| ApiError::new("text", e))?
        },
        texts: checks::interface_texts(),
        symptoms: checks::symptoms(),
    })
}

/// A user-interface text with arguments, rendered by the engine's catalog (plural rules
/// included). Only the texts the engine declares with arguments are rendered here.
#[tauri::command]
pub fn render_text(
    id: String,
    args: std::collections::BTreeMap<String, serde_json::Value>,
) -> Result<String, ApiError> {
    let args: Vec<(String, checks::Arg)> = args
        .into_iter()
        .map(|(name, value)| {
            let arg = match value {
                serde_json::Value::Number(n) => checks::Arg::Number(n.as_f64().unwrap_or(0.0)),
                serde_json::Value::String(s) => checks::Arg::Text(s),
                other => checks::Arg::Text(other.to_string()),
            };
            (name, arg)
        })
        .collect();
    let borrowed: Vec<(&str, checks::Arg)> =
        args.iter().map(|(n, a)| (n.as_str(), a.clone())).collect();
    checks::render_ui_text(&id, &borrowed).map_err(|e| ApiError::new("text", e))
}

/// A report with its one-sentence headline, as the results screen shows it.
#[derive(Debug, Serialize)]
pub struct ReportView {
    headline: String,
    report: checks::Report,
    /// "Since it last worked (Tuesday 09:12):", by each change's `since`.
    since: std::collections::BTreeMap<String, String>,
    /// What the user should know about the history (not saved, a damaged file moved aside).
    history_notes: Vec<String>,
}

impl From<checks::Report> for ReportView {
    fn from(report: checks::Report) -> Self {
        let since = report
            .findings
            .iter()
            .flat_map(|f| &f.changes)
            .map(|change| {
                let label = checks::render_ui_text(
                    "ui-since-worked",
                    &[("when", checks::history_when(&change.since).into())],
                )
                .unwrap_or_default();
                (change.since.clone(), label)
            })
            .collect();
        ReportView {
            headline: checks::headline(&report),
            report,
            since,
            history_notes: Vec::new(),
        }
    }
}

/// The history's notes for the user, rendered.
fn history_notes(remembered: &checks::Remembered) -> Vec<String> {
    let mut notes = Vec::new();
    for notice in &remembered.notices {
        let checks::HistoryNotice::MovedAside { damaged, reason } = notice;
        notes.push(
            checks::render_ui_text(
                "ui-history-moved-aside",
                &[
                    ("reason", reason.as_str().into()),
                    ("path", damaged.display().to_string().into()),
                ],
            )
            .unwrap_or_default(),
        );
    }
    if let Some(problem) = &remembered.problem {
        notes.push(
            checks::render_ui_text(
                "ui-history-not-saved",
                &[("reason", problem.as_str().into())],
            )
            .unwrap_or_default(),
        );
    }
    notes
}

#[tauri::command]
pub async fn start_run(
    areas: Vec<String>,
    url: Option<String>,
    on_progress: Channel<checks::Progress>,
    state: State<'_, AppState>,
) -> Result<ReportView, ApiError> {
    let mut profile = profile()?;
    if let Some(url) = url.filter(|u| !u.trim().is_empty()) {
        checks::add_url(&mut profile, &url).map_err(|e| ApiError::new("url", e))?;
    }
    let plan = checks::plan(&areas).map_err(|e| ApiError::new("selection", e))?;
    let profile = Arc::new(profile);
    let mut options = checks::RunOptions::from_profile(&profile);
    // The run's facts are recorded for the history, to tell what changed next time.
    let recorder = profile.history.enabled.then(checks::Recorder::new);
    if let Some(recorder) = &recorder {
        options.source = checks::FactSource::Record(Arc::clone(recorder));
    }
    *lock(&state.cancel) = Some(options.cancel.clone());
    // Each run gets its own log.
    state.log.clear();
    let result = checks::run(&plan, Arc::clone(&profile), options, &|event| {
        let _ = on_progress.send(event);
    })
    .await;
    let started_at = result.started_at;
    let mut report = checks::build_report(&plan, result);
    let notes = match &recorder {
        Some(recorder) => {
            let facts = checks::fact_set(recorder, &profile, &areas, started_at).ok();
            let remembered = checks::remember(
                &mut report,
                facts.as_ref(),
                &profile.history,
                state.history_path().as_deref(),
            );
            history_notes(&remembered)
        }
        None => Vec::new(),
    };
    *lock(&state.last) = Some(LastRun {
        report: report.clone(),
        profile,
        log: state.log.text(),
        plan,
        recorder,
        areas,
        started_at,
    });
    let mut view = ReportView::from(report);
    view.history_notes = notes;
    Ok(view)
}

/// The last stored run, for the start screen: "Last checked Tuesday 09:12: everything
/// worked." Nothing when there is no history (or it cannot be read).
#[tauri::command]
pub fn last_result(state: State<'_, AppState>) -> Option<String> {
    let path = state.history_path()?;
    let history = checks::History::open_to_read(&path).ok()?;
    let last = history.runs().ok()?.into_iter().next()?;
    let when = checks::history_when(&last.generated_at);
    let text = match last.verdict.as_str() {
        "ok" => checks::render_ui_text("ui-last-ok", &[("when", when.into())]),
        _ => checks::render_ui_text(
            "ui-last-problems",
            &[
                ("when", when.into()),
                ("count", checks::Arg::Number(last.problems as f64)),
            ],
        ),
    };
    text.ok()
}

/// Deletes every stored run, after the user confirmed in a native dialog. Returns the
/// sentence to show, or nothing when the user kept the history.
#[cfg(not(feature = "test-hooks"))]
#[tauri::command]
pub async fn forget_history<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>, ApiError> {
    forget(&app, None, &state)
}

/// The test build's forget: the end-to-end tests answer the question instead of the native
/// dialog. Compiled only with the `test-hooks` feature, which release builds never enable.
#[cfg(feature = "test-hooks")]
#[tauri::command]
pub async fn forget_history<R: Runtime>(
    app: AppHandle<R>,
    confirmed: Option<bool>,
    state: State<'_, AppState>,
) -> Result<Option<String>, ApiError> {
    forget(&app, confirmed, &state)
}

fn forget<R: Runtime>(
    app: &AppHandle<R>,
    confirmed: Option<bool>,
    state: &AppState,
) -> Result<Option<String>, ApiError> {
    use tauri_plugin_dialog::{MessageDialogButtons, MessageDialogKind};
    let text = |id: &str| checks::catalog().text(id, &checks::Args::new());
    let path = state.history_path().ok_or_else(|| {
        ApiError::new(
            "history",
            "This computer has no folder for application data.",
        )
    })?;
    let confirmed = confirmed.unwrap_or_else(|| {
        app.dialog()
            .message(text("ui-forget-question"))
            .title(text("ui-forget-history"))
            .kind(MessageDialogKind::Warning)
            .buttons(MessageDialogButtons::OkCancelCustom(
                text("ui-forget-yes"),
                text("ui-forget-no"),
            ))
            .blocking_show()
    });
    if !confirmed {
        return Ok(None);
    }
    let count = if path.exists() {
        let (mut history, _) =
            checks::History::open(&path).map_err(|e| ApiError::new("history", e))?;
        history.clear().map_err(|e| ApiError::new("history", e))?
    } else {
        0
    };
    checks::render_ui_text(
        "ui-forgotten",
        &[("count", checks::Arg::Number(count as f64))],
    )
    .map(Some)
    .map_err(|e| ApiError::new("text", e))
}

/// How a repair went: the re-checked results, and the sentence that says so.
#[derive(Debug, Serialize)]
pub struct RepairView {
    view: ReportView,
    result: checks::RepairResult,
    message: String,
}

/// Makes one repair the last run offered (its id and subject, nothing else), after the user
/// agreed in the page; one that deletes something is confirmed again in a native dialog.
/// Then the check and its dependents run again, and the results come back. Refused with
/// `agreed` false, the repair is recorded as declined.
#[cfg(not(feature = "test-hooks"))]
#[tauri::command]
pub async fn make_repair<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    subject: Option<String>,
    agreed: bool,
    on_progress: Channel<checks::Progress>,
    state: State<'_, AppState>,
) -> Result<RepairView, ApiError> {
    repair(&app, id, subject, agreed, None, on_progress, &state).await
}

/// The test build's repair: the end-to-end tests answer the native dialog's question.
/// Compiled only with the `test-hooks` feature, which release builds never enable.
#[cfg(feature = "test-hooks")]
#[tauri::command]
pub async fn make_repair<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    subject: Option<String>,
    agreed: bool,
    confirmed: Option<bool>,
    on_progress: Channel<checks::Progress>,
    state: State<'_, AppState>,
) -> Result<RepairView, ApiError> {
    repair(&app, id, subject, agreed, confirmed, on_progress, &state).await
}

async fn repair<R: Runtime>(
    app: &AppHandle<R>,
    id: String,
    subject: Option<String>,
    agreed: bool,
    confirmed: Option<bool>,
    on_progress: Channel<checks::Progress>,
    state: &AppState,
) -> Result<RepairView, ApiError> {
    use tauri_plugin_dialog::{MessageDialogButtons, MessageDialogKind};
    let mut last = lock(&state.last)
        .clone()
        .ok_or_else(|| ApiError::new("no-report", "Run a check first."))?;
    // Only an offer of this run: an id and a subject the engine gave, never a path or URL.
    let offer = checks::repair_offers(&last.report)
        .into_iter()
        .map(|(_, offer)| offer.clone())
        .find(|o| o.id == id && o.subject == subject)
        .ok_or_else(|| {
            ApiError::new(
                "not-offered",
                checks::RepairRefused::NotOffered {
                    id: id.clone(),
                    subject: subject.clone(),
                },
            )
        })?;
    let definition = checks::find_repair(&id)
        .ok_or_else(|| ApiError::new("not-offered", checks::RepairRefused::Unknown(id.clone())))?;
    let text = |id: &str| checks::catalog().text(id, &checks::Args::new());
    let agreed = agreed
        && (!definition.destructive
            || confirmed.unwrap_or_else(|| {
                app.dialog()
                    .message(offer.action.clone())
                    .title(offer.title.clone())
                    .kind(MessageDialogKind::Warning)
                    .buttons(MessageDialogButtons::OkCancelCustom(
                        text("ui-fix-yes"),
                        text("ui-fix-no"),
                    ))
                    .blocking_show()
            }));
    let title = checks::Args::new().with("title", offer.title.as_str());
    let (result, message) = if agreed {
        let cancel = checks::CancellationToken::new();
        *lock(&state.cancel) = Some(cancel.clone());
        let repaired = checks::make_repair(
            &last.plan,
            &mut last.report,
            Arc::clone(&last.profile),
            &id,
            subject.as_deref(),
            cancel,
            last.recorder.clone(),
            &|event| {
                let _ = on_progress.send(event);
            },
        )
        .await
        .map_err(|e| ApiError::new("not-offered", e))?;
        let message = match repaired.done.result {
            checks::RepairResult::Fixed => "cli-repair-fixed",
            checks::RepairResult::NoChange => "cli-repair-no-change",
            checks::RepairResult::NotPermitted => "cli-repair-not-permitted",
            checks::RepairResult::Failed | checks::RepairResult::Declined => "cli-repair-failed",
        };
        let args = title.with("detail", repaired.done.detail.as_str());
        let said = repaired
            .said
            .unwrap_or_else(|| checks::catalog().text(message, &args));
        (repaired.done.result, said)
    } else {
        checks::decline_repair(&mut last.report, &id, subject.as_deref());
        (
            checks::RepairResult::Declined,
            checks::catalog().text("cli-repair-declined", &title),
        )
    };
    // The history keeps the run as it now stands: what was tried, and the new results.
    let mut notes = Vec::new();
    let facts = last.recorder.as_ref().and_then(|recorder| {
        checks::fact_set(recorder, &last.profile, &last.areas, last.started_at).ok()
    });
    if last.profile.history.enabled
        && let Some(path) = state.history_path()
        && let Err(error) = checks::update_history(&last.report, facts.as_ref(), &path)
    {
        notes.push(
            checks::render_ui_text(
                "ui-history-not-saved",
                &[("reason", error.to_string().into())],
            )
            .unwrap_or_default(),
        );
    }
    let mut view = ReportView::from(last.report.clone());
    view.history_notes = notes;
    // The support report's log holds the repair too.
    last.log = state.log.text();
    *lock(&state.last) = Some(last);
    Ok(RepairView {
        view,
        result,
        message,
    })
}

#[tauri::command]
pub fn cancel_run(state: State<'_, AppState>) {
    if let Some(cancel) = lock(&state.cancel).take() {
        cancel.cancel();
    }
}

/// The support report of the last run, built and redacted with the profile and log of that
/// run. Always redacted: the app never shares anything unredacted.
fn support_report(state: &AppState) -> Result<checks::SupportReport, ApiError> {
    let last = lock(&state.last)
        .clone()
        .ok_or_else(|| ApiError::new("no-report", "Run a check first."))?;
    let secrets = checks::Secrets::of_this_machine(&last.profile.report.sensitive_terms);
    checks::SupportReport::new(&last.report, &last.log, true, &secrets)
        .map_err(|e| ApiError::new("redaction", e))
}

#[derive(Debug, Serialize)]
pub struct Preview {
    reference: String,
    /// `summary.txt` exactly as it will be saved.
    summary: String,
    /// `report.html` exactly as it will be saved, for a sandboxed, script-free preview.
    html: String,
    hidden: Vec<(checks::RedactionKind, usize)>,
    replacements: Vec<checks::Replacement>,
    default_name: String,
}

#[tauri::command]
pub fn preview_report(state: State<'_, AppState>) -> Result<Preview, ApiError> {
    let support = support_report(&state)?;
    let reference = support.report().reference.clone();
    Ok(Preview {
        default_name: checks::default_file_name(&reference),
        summary: support.summary(),
        html: support
            .file("report.html")
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default(),
        hidden: support
            .manifest()
            .redaction
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect(),
        replacements: support.replacements().to_vec(),
        reference,
    })
}

/// What saving did: where the report went and the sentence that says so.
#[derive(Debug, Serialize)]
pub struct Saved {
    path: PathBuf,
    message: String,
}

/// Saves the report where the user picks in the native save dialog: the only place a
/// production build writes to. Returns nothing when the user cancelled the dialog.
#[cfg(not(feature = "test-hooks"))]
#[tauri::command]
pub async fn save_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Saved>, ApiError> {
    save(app, None, &state)
}

/// The test build's save: the end-to-end tests name the file instead of using the native
/// dialog. Compiled only with the `test-hooks` feature, which release builds never enable.
#[cfg(feature = "test-hooks")]
#[tauri::command]
pub async fn save_report<R: Runtime>(
    app: AppHandle<R>,
    path: Option<PathBuf>,
    state: State<'_, AppState>,
) -> Result<Option<Saved>, ApiError> {
    save(app, path, &state)
}

fn save<R: Runtime>(
    app: AppHandle<R>,
    path: Option<PathBuf>,
    state: &AppState,
) -> Result<Option<Saved>, ApiError> {
    let support = support_report(state)?;
    let target = match path {
        Some(path) => path,
        None => {
            let folder = app
                .path()
                .document_dir()
                .or_else(|_| app.path().desktop_dir())
                .ok();
            let mut dialog = app
                .dialog()
                .file()
                .set_file_name(checks::default_file_name(&support.report().reference));
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            let Some(picked) = dialog.blocking_save_file() else {
                return Ok(None);
            };
            picked.into_path().map_err(|e| ApiError::new("path", e))?
        }
    };
    // The dialog already asked about replacing a file that exists.
    let path = support
        .write(&target, true)
        .map_err(|e| ApiError::new("save", e))?;
    let message =
        checks::render_ui_text("ui-saved", &[("path", path.display().to_string().into())])
            .map_err(|e| ApiError::new("text", e))?;
    Ok(Some(Saved { path, message }))
}

#[tauri::command]
pub fn copy_summary<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), ApiError> {
    let summary = support_report(&state)?.summary();
    app.clipboard()
        .write_text(summary)
        .map_err(|e| ApiError::new("clipboard", e))
}

/// Opens a report someone sent, verified first.
#[tauri::command]
pub async fn open_report<R: Runtime>(app: AppHandle<R>) -> Result<Option<ReportView>, ApiError> {
    let Some(picked) = app
        .dialog()
        .file()
        .add_filter("Checkup report", &["zip"])
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = picked.into_path().map_err(|e| ApiError::new("path", e))?;
    let (_, report) =
        checks::verify_archive(&path).map_err(|e| ApiError::new("invalid-report", e))?;
    Ok(Some(report.into()))
}
