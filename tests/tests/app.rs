//! The real desktop app, end to end: under Xvfb, through tauri-driver and WebKitWebDriver, with
//! a test profile that points only at the tests' own servers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use checkup_tests::app::Session;
use checkup_tests::printers::PrintLab;

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

fn ready(session: &Session) {
    session.wait_for(
        "the start screen",
        30,
        "return document.body.dataset.ready === 'true'",
    );
}

fn results(session: &Session) -> String {
    session.wait_for("the results", 30, "return !document.getElementById('screen-results').hidden && document.getElementById('headline').textContent");
    no_raw_template(session);
    session.text("#headline")
}

/// No screen ever shows a raw template such as `{$done}` or `{ $path }`: every text with
/// arguments is rendered by the engine.
fn no_raw_template(session: &Session) {
    let text = session.script("return document.body.innerText + ' ' + document.title");
    let text = text.as_str().unwrap();
    assert!(
        !text.contains("{$") && !text.contains("{ $"),
        "a raw template reached the screen: {text}"
    );
}

#[test]
fn check_my_computer_shows_a_headline_and_every_area() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    let profile = lab.profile("");
    let session = Session::start(&profile);
    ready(&session);
    session.settle();
    let painted = session.launched.elapsed();
    session.screenshot("start");
    let clicked = Instant::now();
    session.click("#check-all");
    let headline = results(&session);
    let to_results = clicked.elapsed();
    session.settle();
    eprintln!(
        "launch to painted start screen: {painted:?}; Check my computer to results: {to_results:?}; \
         app and WebKit memory (PSS): {} MiB",
        session.memory_pss_kib() / 1024
    );
    assert!(!headline.is_empty());
    // The running screen's progress line was rendered by the engine: "N of N checks done."
    let progress = session.script("return document.getElementById('progress-text').textContent");
    let progress = progress.as_str().unwrap();
    assert!(
        progress.ends_with("checks done.") && !progress.contains('{'),
        "{progress}"
    );
    let areas =
        session.script("return [...document.querySelectorAll('#areas details.area')].length");
    assert!(areas.as_u64().unwrap() >= 3, "{areas}");
    let findings =
        session.script("return document.querySelectorAll('#areas article.finding').length");
    assert!(findings.as_u64().unwrap() >= 10, "{findings}");
    session.screenshot("results");
}

#[test]
fn i_cant_print_leads_with_the_paused_queue_and_its_fix() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.must("cupsdisable", &["Office"]);
    let profile = lab.profile("");
    let session = Session::start(&profile);
    ready(&session);
    session.click("button[data-symptom='print']");
    let headline = results(&session);
    assert!(headline.contains("\"Office\" is paused"), "{headline}");
    let steps = session.text("#lead ol.fixes");
    assert!(steps.contains("Resume"), "{steps}");
    session.screenshot("print-paused");
}

#[test]
fn fix_it_resumes_the_paused_printer_after_a_confirmation_and_shows_it_ready() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.must("cupsdisable", &["Office"]);
    let profile = lab.profile("");
    let session = Session::start(&profile);
    ready(&session);
    session.click("button[data-symptom='print']");
    let headline = results(&session);
    assert!(headline.contains("\"Office\" is paused"), "{headline}");
    // Offered once, on the card with the steps.
    let offers = session.script(
        "return [...document.querySelectorAll('.repair[data-repair]')].map((r) => r.dataset.repair)",
    );
    assert_eq!(offers, serde_json::json!(["printer.resume"]));
    // Saying no changes nothing, is said plainly, and the offer stays.
    session.click("#lead .repair button.repair-start");
    session.click("#lead .repair button.repair-no");
    let said = session.wait_for(
        "the answer to no",
        30,
        "const r = document.getElementById('repair-result'); \
         return !r.hidden && [r.dataset.result, r.textContent]",
    );
    assert_eq!(
        said,
        serde_json::json!(["declined", "Left as it is: Resume the printer \"Office\"."])
    );
    let listed =
        String::from_utf8_lossy(&lab.cups("lpstat", &["-p", "Office"]).stdout).into_owned();
    assert!(listed.contains("disabled"), "{listed}");
    session.click("#lead .repair button.repair-start");
    // The confirmation says exactly what will happen, and takes the focus.
    let question = session.wait_for(
        "the confirmation",
        10,
        "const q = document.querySelector('#lead .repair .repair-action'); \
         return q && document.activeElement === q && q.textContent",
    );
    assert!(
        question
            .as_str()
            .unwrap()
            .starts_with("Checkup asks the print service to resume \"Office\"."),
        "{question}"
    );
    session.screenshot("fix-it-confirmation");
    // By keyboard: the next stop is "Yes, do it".
    session.keys(&[TAB, ENTER]);
    let said = session.wait_for(
        "the repair's result",
        30,
        "const r = document.getElementById('repair-result'); \
         return !r.hidden && document.activeElement === r && [r.dataset.result, r.textContent]",
    );
    assert_eq!(
        said,
        serde_json::json!([
            "fixed",
            "Done: Resume the printer \"Office\". The problem is gone."
        ])
    );
    no_raw_template(&session);
    // The re-checked results: the printer is ready, and nothing is left to fix.
    let state = session.script(
        "return document.querySelector(\"article.finding[data-check='printer.state']\").className",
    );
    assert!(state.as_str().unwrap().contains("pass"), "{state}");
    assert_eq!(
        session.script("return document.querySelectorAll('.repair').length"),
        serde_json::json!(0)
    );
    let listed =
        String::from_utf8_lossy(&lab.cups("lpstat", &["-p", "Office"]).stdout).into_owned();
    assert!(!listed.contains("disabled"), "{listed}");
    session.screenshot("fix-it-done");
    // The support report says what was tried, and its log has the repair.
    let preview = session
        .script("return window.__TAURI__.core.invoke('preview_report').then((p) => p.summary)");
    assert!(
        preview.as_str().unwrap().contains(
            "What Checkup fixed or tried:\n  printer.resume (Office): you chose to leave it"
        ),
        "{preview}"
    );
    let target = session.home.path().join("repaired.zip");
    session.script(&format!(
        "return window.__TAURI__.core.invoke('save_report', {{ path: {:?} }})",
        target.display().to_string()
    ));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&target).unwrap()).unwrap();
    let mut log = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("logs/checkup.log").unwrap(), &mut log)
        .unwrap();
    assert!(log.contains("repair finished"), "{log}");
    // The history keeps the run as it now stands, with what was tried.
    let db = session
        .home
        .path()
        .join(".local/share/checkup")
        .join(checks::HISTORY_FILE);
    let stored = checks::History::open_to_read(&db)
        .unwrap()
        .run(None)
        .unwrap();
    let tried: Vec<(&str, checks::RepairResult)> = stored
        .report
        .repairs_done
        .iter()
        .map(|d| (d.id.as_str(), d.result))
        .collect();
    assert_eq!(
        tried,
        [
            ("printer.resume", checks::RepairResult::Declined),
            ("printer.resume", checks::RepairResult::Fixed)
        ]
    );
}

#[test]
fn a_repair_that_deletes_something_is_confirmed_again_in_the_native_dialog() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.print_with("Office", "held.pdf", &["-H", "hold"]);
    let profile = lab.profile("");
    let session = Session::start(&profile);
    ready(&session);
    session.click("button[data-symptom='print']");
    results(&session);
    // Offered on the queue's card, as a repair that deletes something.
    let offered = session.script(
        "return [...document.querySelectorAll(\"article.finding[data-check='printer.queue'] .repair\")].map((r) => r.dataset.repair)",
    );
    assert_eq!(
        offered,
        serde_json::json!(["printer.release_job", "printer.cancel_job"])
    );
    // The native dialog (answered by the test build's hook): no deletes nothing.
    let repair = |confirmed: bool| {
        session.script(&format!(
            "return window.checkupTestHooks.repair('printer.cancel_job', 'Office', {confirmed})"
        ))
    };
    let said = repair(false);
    assert_eq!(
        said,
        serde_json::json!([
            "declined",
            "Left as it is: Cancel your waiting document on \"Office\"."
        ])
    );
    let queued = String::from_utf8_lossy(&lab.cups("lpstat", &["-o"]).stdout).into_owned();
    assert_eq!(queued.lines().count(), 1, "{queued}");
    // Yes: the document is cancelled and the queue checked again.
    let said = repair(true);
    assert_eq!(said[0], "fixed", "{said}");
    let queued = String::from_utf8_lossy(&lab.cups("lpstat", &["-o"]).stdout).into_owned();
    assert!(queued.trim().is_empty(), "{queued}");
}

/// The root causes of the report saved from the app, as check ids in order, each once.
fn saved_root_cause_checks(session: &Session) -> Vec<String> {
    let target = session.home.path().join("causes.zip");
    session.click("#report");
    session.wait_for(
        "the report preview",
        30,
        "return !document.getElementById('screen-report').hidden && document.getElementById('report-reference').textContent",
    );
    session.script(&format!(
        "window.checkupTestHooks.save({:?}); return true",
        target.display().to_string()
    ));
    session.wait_for(
        "the saved message",
        30,
        "return document.getElementById('report-status').textContent",
    );
    let file = std::fs::File::open(&target).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let report: serde_json::Value =
        serde_json::from_reader(archive.by_name("report.json").unwrap()).unwrap();
    let mut ids: Vec<String> = Vec::new();
    for cause in report["root_causes"].as_array().unwrap() {
        let id = cause["id"].as_str().unwrap().to_owned();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

#[test]
fn every_root_cause_check_gets_its_own_card_in_order() {
    let mut lab = PrintLab::start();
    lab.add_printer("Office");
    lab.add_printer("Upstairs");
    lab.must("cupsdisable", &["Office"]);
    lab.must("cupsdisable", &["Upstairs"]);
    let profile = lab.profile("");
    let session = Session::start(&profile);
    ready(&session);
    session.click("#check-all");
    results(&session);
    let cards: Vec<String> = session
        .script("return [...document.querySelectorAll('#lead article.cause')].map(a => a.dataset.check)")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    // Two paused printers are one check: one card, listing both.
    let paused = session.text("#lead article.cause[data-check='printer.state']");
    assert!(
        paused.contains("Office") && paused.contains("Upstairs"),
        "{paused}"
    );
    session.screenshot("causes");
    let causes = saved_root_cause_checks(&session);
    assert!(causes.len() >= 2, "{causes:?}");
    assert!(causes.contains(&"printer.state".to_owned()), "{causes:?}");
    assert_eq!(cards, causes);
}

#[test]
fn report_preview_lists_what_is_hidden_and_saves_a_verified_archive() {
    let lab = PrintLab::start();
    let profile = lab.profile("");
    let session = Session::start(&profile);
    ready(&session);
    session.click("#check-all");
    results(&session);
    session.click("#report");
    session.wait_for("the report preview", 30, "return !document.getElementById('screen-report').hidden && document.getElementById('report-reference').textContent");
    let reference = session.text("#report-reference");
    assert!(
        reference.starts_with("CK-") && reference.len() == 12,
        "{reference}"
    );
    let hidden = session.text("#hidden-kinds");
    assert!(
        hidden.contains("Computer and network names"),
        "the host name should be listed as hidden: {hidden}"
    );
    no_raw_template(&session);
    // The preview shows the summary exactly as it will be saved: redacted.
    session.click("#preview summary");
    let summary = session.text("#preview-summary");
    assert!(
        summary.starts_with(&format!("Reference code: {reference}")),
        "{summary}"
    );
    assert!(
        session
            .script("return document.getElementById('preview-html').getAttribute('sandbox') === ''")
            .as_bool()
            .unwrap(),
        "the page preview must run with scripts off"
    );
    session.screenshot("report");
    let target = session.home.path().join(format!("checkup-{reference}.zip"));
    session.script(&format!(
        "window.checkupTestHooks.save({:?}); return true",
        target.display().to_string()
    ));
    session.wait_for(
        "the saved message",
        30,
        "return document.getElementById('report-status').textContent",
    );
    assert!(target.exists(), "{}", session.text("#report-status"));
    let status = session.text("#report-status");
    assert!(status.starts_with("The report was saved to "), "{status}");
    no_raw_template(&session);
    // What the preview showed is exactly what was saved.
    let saved = checks::read_archive(&target).unwrap();
    let saved_summary = String::from_utf8_lossy(saved.file("summary.txt").unwrap()).into_owned();
    assert_eq!(summary.trim(), saved_summary.trim());
    checkup_tests::report::assert_verifies(&target);
}

#[test]
fn keyboard_alone_reaches_and_runs_check_my_computer() {
    let lab = PrintLab::start();
    let profile = lab.profile("");
    let session = Session::start(&profile);
    ready(&session);
    // Start from the top of the page, then Tab to the first control and press Enter.
    session.script("document.activeElement.blur(); document.body.focus(); return true");
    session.keys(&[TAB]);
    let focused = session.script("return document.activeElement.id");
    assert_eq!(focused, "check-all");
    session.keys(&[ENTER]);
    results(&session);
    let focused = session.script("return document.activeElement.id");
    assert_eq!(focused, "headline", "focus should move to the results");
}

#[test]
fn cancel_during_a_run_leaves_the_app_usable() {
    let lab = PrintLab::start();
    // A print server socket that accepts and never answers keeps the printer checks busy
    // until cancelled (a unix socket reaches into the app's network namespace).
    let socket = lab.path("silent.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let held = std::thread::spawn(move || {
        let mut streams = Vec::new();
        while let Ok((stream, _)) = listener.accept() {
            streams.push(stream);
            if streams.len() > 20 {
                break;
            }
        }
    });
    let profile = lab.path("slow.toml");
    std::fs::write(
        &profile,
        format!("[printer]\ncups_server = \"{}\"\nrequest_timeout_ms = 20000\n[run]\ndeadline_ms = 60000\n", socket.display()),
    )
    .unwrap();
    let session = Session::start(&profile);
    ready(&session);
    session.click("button[data-symptom='print']");
    session.wait_for(
        "a running check",
        30,
        "return document.querySelector('#planned .state.running')",
    );
    // A silent print service holds the first check for the request's time limit (2.5 s at
    // most): cancel at once.
    session.click("#cancel");
    let headline = results(&session);
    assert!(!headline.is_empty());
    assert_eq!(
        session.script("return document.getElementById('cancelled').hidden"),
        false
    );
    // Still usable: back to the start, and a new check runs to the end.
    session.click("#home");
    session.wait_for(
        "the start screen",
        10,
        "return !document.getElementById('screen-start').hidden",
    );
    session.click("button[data-symptom='slow']");
    results(&session);
    drop(session);
    drop(held);
}

/// The local history in the app: a failing card says what changed since its check last
/// passed, the start screen offers the last result, and "Forget my history" deletes it.
#[test]
fn the_app_shows_what_changed_offers_the_last_result_and_forgets_on_request() {
    let lab = PrintLab::start();
    let profile = lab.profile("");
    let session = Session::start(&profile);
    ready(&session);
    assert_eq!(
        session.script("return document.getElementById('last-result').hidden"),
        true
    );
    // A run from yesterday, recorded in the lab, where the network worked over "c0". The app
    // runs where only loopback exists, so its network checks fail now.
    let facts = checkup_tests::repo_root().join("checks/tests/facts/lab-network-healthy.json");
    let set = checks::FactSet::parse(&std::fs::read_to_string(facts).unwrap()).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let replayed = runtime.block_on(checks::replay(&set)).unwrap();
    let mut worked = checks::build_report(&replayed.plan, replayed.result);
    let yesterday = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    worked.generated_at = checks::rfc3339(yesterday);
    let db = session
        .home
        .path()
        .join(".local/share/checkup")
        .join(checks::HISTORY_FILE);
    let (mut history, _) = checks::History::open(&db).unwrap();
    history
        .store(
            &worked,
            Some(&set),
            checks::HistoryKeep::default(),
            std::time::SystemTime::now(),
        )
        .unwrap();
    drop(history);

    session.click("button[data-symptom='online']");
    results(&session);
    let change = session.wait_for(
        "a card saying what changed",
        10,
        "const li = document.querySelector(\"article.finding .changes li[data-fact='network.connections']\"); \
         return li && [li.closest('.changes').querySelector('p').textContent, li.textContent]",
    );
    let (label, text) = (change[0].as_str().unwrap(), change[1].as_str().unwrap());
    assert!(
        label.starts_with("Since it last worked (") && label.ends_with("):"),
        "{label}"
    );
    assert!(
        text.starts_with("Your network connections changed from "),
        "{text}"
    );
    no_raw_template(&session);
    session.screenshot("history-changes");

    session.click("#home");
    let last = session.wait_for(
        "the last result on the start screen",
        10,
        "const p = document.getElementById('last-result'); return !p.hidden && p.textContent",
    );
    assert!(
        last.as_str().unwrap().starts_with("Last checked "),
        "{last}"
    );
    session.script("window.checkupTestHooks.forget(true); return true");
    let status = session.wait_for(
        "the history forgotten",
        10,
        "return document.getElementById('settings-status').textContent",
    );
    assert_eq!(status, "Your history was deleted (2 results).");
    assert_eq!(
        session.script("return document.getElementById('last-result').hidden"),
        true
    );
    let history = checks::History::open_to_read(&db).unwrap();
    assert_eq!(history.len().unwrap(), 0);
}
