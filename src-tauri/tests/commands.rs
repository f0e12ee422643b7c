//! The app's commands through Tauri's mock runtime: no display needed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use checkup_app::AppState;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{WebviewUrl, WebviewWindow, WebviewWindowBuilder};

fn window() -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = checkup_app::builder(mock_builder(), AppState::default())
        .build(mock_context(noop_assets()))
        .unwrap();
    // On Linux the app's own pages are served from tauri://localhost.
    let window = WebviewWindowBuilder::new(
        &app,
        "main",
        WebviewUrl::External("tauri://localhost".parse().unwrap()),
    )
    .build()
    .unwrap();
    (app, window)
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|response| response.deserialize::<Value>().unwrap())
}

#[test]
fn app_info_gives_the_catalog_texts_and_symptoms() {
    let (_app, window) = window();
    let info = invoke(&window, "app_info", json!({})).unwrap();
    assert_eq!(info["texts"]["ui-check-all"], "Check my computer");
    assert_eq!(info["texts"]["status-fail"], "Problem");
    let symptoms: Vec<&str> = info["symptoms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(symptoms, ["online", "website", "print", "slow"]);
    assert_eq!(info["symptoms"][2]["areas"], json!(["printer"]));
}

#[test]
fn a_run_streams_progress_and_returns_the_report_with_a_headline() {
    let (_app, window) = window();
    let view = invoke(
        &window,
        "start_run",
        json!({"areas": ["system.os"], "url": null, "onProgress": "__CHANNEL__:7"}),
    )
    .unwrap();
    assert_eq!(view["report"]["schema"], "checkup.report.v1");
    assert_eq!(view["report"]["findings"][0]["id"], "system.os");
    assert_eq!(view["headline"], "Everything we checked works.");
    // The run is kept for the report.
    let preview = invoke(&window, "preview_report", json!({})).unwrap();
    assert_eq!(preview["reference"], view["report"]["reference"]);
    assert!(
        preview["default_name"]
            .as_str()
            .unwrap()
            .starts_with("checkup-CK-")
    );
    assert!(
        preview["summary"]
            .as_str()
            .unwrap()
            .starts_with("Reference code: CK-")
    );
}

#[test]
fn errors_reach_the_ui_as_code_and_message() {
    let (_app, window) = window();
    let error = invoke(&window, "preview_report", json!({})).unwrap_err();
    assert_eq!(error["code"], "no-report");
    assert!(!error["message"].as_str().unwrap().is_empty());
    let error = invoke(
        &window,
        "start_run",
        json!({"areas": ["netwrk"], "url": null, "onProgress": "__CHANNEL__:8"}),
    )
    .unwrap_err();
    assert_eq!(error["code"], "selection");
    assert!(
        error["message"].as_str().unwrap().contains("network"),
        "{error}"
    );
    let error = invoke(
        &window,
        "start_run",
        json!({"areas": [], "url": "ftp://x", "onProgress": "__CHANNEL__:9"}),
    )
    .unwrap_err();
    assert_eq!(error["code"], "url");
}

#[test]
fn save_with_a_path_writes_a_verified_archive_without_a_dialog() {
    let (_app, window) = window();
    invoke(
        &window,
        "start_run",
        json!({"areas": ["system.os"], "url": null, "onProgress": "__CHANNEL__:10"}),
    )
    .unwrap();
    let dir = tempfile_dir();
    let target = dir.join("report.zip");
    let saved = invoke(&window, "save_report", json!({"path": target})).unwrap();
    assert_eq!(saved, json!(target));
    assert!(checks::verify_archive(&target).is_ok());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn cancelling_with_nothing_running_is_harmless() {
    let (_app, window) = window();
    assert!(invoke(&window, "cancel_run", json!({})).is_ok());
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "checkup-app-test-{}-{}",
        std::process::id(),
        std::thread::current()
            .name()
            .unwrap_or("t")
            .replace("::", "-")
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
