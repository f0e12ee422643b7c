//! Checkup's desktop shell: plugins, state and commands. Every decision is in `checks`.

mod commands;
mod error;

pub use commands::AppState;
pub use error::ApiError;

/// Adds the app's plugins, state and commands to a builder: the real one in `run`, the mock
/// runtime's in tests.
pub fn builder<R: tauri::Runtime>(base: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    let base = base
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init());
    #[cfg(feature = "test-hooks")]
    let base = base.plugin(test_hooks());
    base.manage(state).invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::render_text,
        commands::start_run,
        commands::cancel_run,
        commands::preview_report,
        commands::save_report,
        commands::copy_summary,
        commands::open_report,
        commands::last_result,
        commands::forget_history,
        commands::make_repair,
    ])
}

/// The end-to-end tests' hook, in test builds only: `window.checkupTestHooks.save(path)`
/// presses the real Save button, with the file named instead of picked in the dialog.
#[cfg(feature = "test-hooks")]
fn test_hooks<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("checkup-test-hooks")
        .js_init_script(include_str!("test-hooks.js").to_owned())
        .build()
}

/// Runs the app: one instance at a time, window size and place remembered.
pub fn run() {
    let state = AppState::default();
    init_logging(&state.log);
    let app = builder(tauri::Builder::default(), state)
        .plugin(tauri_plugin_single_instance::init(|app, _, _| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .run(tauri::generate_context!());
    if let Err(error) = app {
        eprintln!("Checkup could not start: {error}");
        std::process::exit(1);
    }
}

fn init_logging(log: &checks::LogBuffer) {
    use tracing_subscriber::prelude::*;
    let kept = tracing_subscriber::filter::Targets::new()
        .with_target("checks", tracing::Level::DEBUG)
        .with_target("checkup_app", tracing::Level::DEBUG);
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(log.clone())
                .with_ansi(false)
                .with_filter(kept),
        )
        .try_init();
}
