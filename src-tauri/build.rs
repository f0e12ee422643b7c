//! Generates the permissions for Checkup's own commands, so the capability can grant exactly
//! those and nothing else.

const COMMANDS: &[&str] = &[
    "app_info",
    "start_run",
    "cancel_run",
    "preview_report",
    "save_report",
    "render_text",
    "copy_summary",
    "open_report",
    "last_result",
    "forget_history",
    "make_repair",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}
