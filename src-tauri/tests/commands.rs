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

/// A history file of this test's own, in the build's temporary folder: no test writes into
/// the real data folder or sees another's runs.
fn history_path() -> std::path::PathBuf {
    let name = std::thread::current()
        .name()
        .unwrap_or("t")
        .replace("::", "-");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("app-history")
        .join(format!("{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join(checks::HISTORY_FILE)
}

fn window() -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    window_with(history_path())
}

fn window_with(
    history: std::path::PathBuf,
) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = checkup_app::builder(mock_builder(), AppState::with_history(history))
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
fn only_a_repair_the_run_offered_is_made_and_nothing_else_is_accepted() {
    let (_app, window) = window();
    let repair = |id: &str, subject: Value, agreed: bool| {
        invoke(
            &window,
            "make_repair",
            json!({"id": id, "subject": subject, "agreed": agreed, "onProgress": "__CHANNEL__:11"}),
        )
    };
    // Before any run, nothing can be repaired.
    let error = repair("printer.resume", json!("Office"), true).unwrap_err();
    assert_eq!(error["code"], "no-report");
    invoke(
        &window,
        "start_run",
        json!({"areas": ["system.os"], "url": null, "onProgress": "__CHANNEL__:10"}),
    )
    .unwrap();
    // A known repair this run did not offer, an unknown one, and a path or address in
    // place of an id or subject: all refused the same way, and nothing is recorded.
    for (id, subject) in [
        ("printer.resume", json!("Office")),
        ("printer.resume", json!("/etc/passwd")),
        ("disk.delete_everything", Value::Null),
        ("https://example.invalid/", Value::Null),
    ] {
        let error = repair(id, subject.clone(), true).unwrap_err();
        assert_eq!(error["code"], "not-offered", "{id} {subject}");
        let error = repair(id, subject.clone(), false).unwrap_err();
        assert_eq!(error["code"], "not-offered", "{id} {subject}");
    }
    let preview = invoke(&window, "preview_report", json!({})).unwrap();
    assert!(
        !preview["summary"]
            .as_str()
            .unwrap()
            .contains("What Checkup fixed or tried")
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
fn texts_with_arguments_are_rendered_by_the_engine_and_never_raw() {
    let (_app, window) = window();
    let info = invoke(&window, "app_info", json!({})).unwrap();
    for (id, text) in info["texts"].as_object().unwrap() {
        let text = text.as_str().unwrap();
        assert!(
            !text.contains("{$") && !text.contains("{ $"),
            "{id}: {text}"
        );
    }
    let progress = invoke(
        &window,
        "render_text",
        json!({"id": "ui-progress", "args": {"done": 3, "total": 12}}),
    )
    .unwrap();
    assert_eq!(progress, "3 of 12 checks done.");
    let missing = invoke(
        &window,
        "render_text",
        json!({"id": "ui-progress", "args": {"done": 3}}),
    )
    .unwrap_err();
    assert_eq!(missing["code"], "text");
    let unknown = invoke(
        &window,
        "render_text",
        json!({"id": "ui-saved", "args": {"file": "x"}}),
    )
    .unwrap_err();
    assert_eq!(unknown["code"], "text");
}

#[test]
fn the_preview_is_the_redacted_summary_and_page_as_they_will_be_saved() {
    let (_app, window) = window();
    invoke(
        &window,
        "start_run",
        json!({"areas": ["system.os"], "url": null, "onProgress": "__CHANNEL__:11"}),
    )
    .unwrap();
    let preview = invoke(&window, "preview_report", json!({})).unwrap();
    let html = preview["html"].as_str().unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(!html.to_ascii_lowercase().contains("<script"));
    assert!(html.contains(preview["reference"].as_str().unwrap()));
    assert!(
        preview["summary"]
            .as_str()
            .unwrap()
            .starts_with("Reference code: CK-")
    );
}

/// Only the test build's save takes a path (the `test-hooks` feature); a production build
/// saves only where the native dialog says.
#[cfg(feature = "test-hooks")]
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
    assert_eq!(saved["path"], json!(target));
    assert!(
        saved["message"]
            .as_str()
            .unwrap()
            .starts_with("The report was saved to "),
        "{saved}"
    );
    assert!(checks::verify_archive(&target).is_ok());
    std::fs::remove_dir_all(&dir).ok();
}

/// Runs are kept: the start screen's line names the last one, and "Forget my history"
/// deletes them only when the user says yes.
#[cfg(feature = "test-hooks")]
#[test]
fn the_last_result_is_offered_and_the_history_forgotten_on_request() {
    let path = history_path();
    let (_app, window) = window_with(path.clone());
    assert_eq!(
        invoke(&window, "last_result", json!({})).unwrap(),
        Value::Null
    );
    for channel in [11, 12] {
        let view = invoke(
            &window,
            "start_run",
            json!({"areas": ["system.os"], "url": null, "onProgress": format!("__CHANNEL__:{channel}")}),
        )
        .unwrap();
        assert_eq!(view["history_notes"], json!([]), "{view}");
    }
    assert_eq!(
        checks::History::open_to_read(&path).unwrap().len().unwrap(),
        2
    );
    let last = invoke(&window, "last_result", json!({})).unwrap();
    let last = last.as_str().unwrap();
    assert!(
        last.starts_with("Last checked ") && last.ends_with(": everything worked."),
        "{last}"
    );
    let kept = invoke(&window, "forget_history", json!({"confirmed": false})).unwrap();
    assert_eq!(kept, Value::Null);
    assert_eq!(
        checks::History::open_to_read(&path).unwrap().len().unwrap(),
        2
    );
    let done = invoke(&window, "forget_history", json!({"confirmed": true})).unwrap();
    assert_eq!(done, "Your history was deleted (2 results).");
    assert_eq!(
        invoke(&window, "last_result", json!({})).unwrap(),
        Value::Null
    );
    assert_eq!(
        checks::History::open_to_read(&path).unwrap().len().unwrap(),
        0
    );
}

#[test]
fn cancelling_with_nothing_running_is_harmless() {
    let (_app, window) = window();
    assert!(invoke(&window, "cancel_run", json!({})).is_ok());
}

#[cfg(feature = "test-hooks")]
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

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn the_content_security_policy_allows_exactly_the_report_page_style_for_the_preview() {
    use sha2::Digest;
    assert_eq!(base64(b"abc"), "YWJj");
    assert_eq!(base64(b"ab"), "YWI=");
    let hash = format!(
        "'sha256-{}'",
        base64(&sha2::Sha256::digest(checks::REPORT_STYLE.as_bytes()))
    );
    let config: Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    let csp = config["app"]["security"]["csp"].as_str().unwrap();
    let style = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("style-src"))
        .unwrap();
    assert_eq!(style, format!("style-src 'self' {hash}"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-src 'none'") || csp.contains("default-src 'self'"));
}
