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
    last: Mutex<Option<checks::Report>>,
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
    support_contact: String,
    texts: std::collections::BTreeMap<String, String>,
    symptoms: Vec<checks::Symptom>,
}

#[tauri::command]
pub fn app_info() -> Result<AppInfo, ApiError> {
    let profile = profile()?;
    Ok(AppInfo {
        organization: profile.organization.name,
        support_contact: profile.organization.support_contact,
        texts: checks::interface_texts(),
        symptoms: checks::symptoms(),
    })
}

/// A report with its one-sentence headline, as the results screen shows it.
#[derive(Debug, Serialize)]
pub struct ReportView {
    headline: String,
    report: checks::Report,
}

impl From<checks::Report> for ReportView {
    fn from(report: checks::Report) -> Self {
        ReportView {
            headline: checks::headline(&report),
            report,
        }
    }
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
    let options = checks::RunOptions::from_profile(&profile);
    *lock(&state.cancel) = Some(options.cancel.clone());
    let result = checks::run(&plan, profile, options, &|event| {
        let _ = on_progress.send(event);
    })
    .await;
    let report = checks::build_report(&plan, result);
    *lock(&state.last) = Some(report.clone());
    Ok(report.into())
}

#[tauri::command]
pub fn cancel_run(state: State<'_, AppState>) {
    if let Some(cancel) = lock(&state.cancel).take() {
        cancel.cancel();
    }
}

fn support_report(state: &AppState) -> Result<checks::SupportReport, ApiError> {
    let report = lock(&state.last)
        .clone()
        .ok_or_else(|| ApiError::new("no-report", "Run a check first."))?;
    let secrets = checks::Secrets::of_this_machine(&profile()?.report.sensitive_terms);
    Ok(checks::SupportReport::new(
        &report,
        &state.log.text(),
        true,
        &secrets,
    ))
}

#[derive(Debug, Serialize)]
pub struct Preview {
    reference: String,
    summary: String,
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

/// Saves the report. With `path` (the documented test hook and "save again"), no dialog is
/// shown; otherwise the user picks the place. Returns where it was saved, or nothing when the
/// user cancelled the dialog.
#[tauri::command]
pub async fn save_report<R: Runtime>(
    app: AppHandle<R>,
    path: Option<PathBuf>,
    state: State<'_, AppState>,
) -> Result<Option<PathBuf>, ApiError> {
    let support = support_report(&state)?;
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
    support
        .write(&target, true)
        .map(Some)
        .map_err(|e| ApiError::new("save", e))
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
