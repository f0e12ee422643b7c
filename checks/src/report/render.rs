//! Renderings of a report. Every sentence comes from the catalog; these functions only lay
//! it out. The HTML is self-contained: no scripts, no external resources, prints well.

use std::fmt::Write as _;

use crate::model::{Area, Finding, Report, Status};
use crate::text::{Args, catalog};

fn text(id: &str) -> String {
    catalog().text(id, &Args::new())
}

/// The status as a word the user reads next to its symbol: "OK", "Problem" …
pub fn status_label(status: Status) -> String {
    text(&format!("status-{}", status.as_str().replace('_', "-")))
}

/// A symbol for a status, always shown with its word, never alone.
pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Pass => "✓",
        Status::Warn => "!",
        Status::Fail => "✗",
        Status::Skipped => "–",
        Status::NotApplicable => "·",
        Status::Error => "?",
    }
}

/// One sentence for the whole run: "Everything we checked works." or "We found 2 problems."
pub fn headline(report: &Report) -> String {
    let problems = report
        .findings
        .iter()
        .filter(|f| f.status.is_problem())
        .count() as u64;
    let warnings = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Warn)
        .count() as u64;
    if problems > 0 {
        catalog().text(
            "cli-headline-problems",
            &Args::new().with("count", problems),
        )
    } else if warnings > 0 {
        catalog().text(
            "cli-headline-warnings",
            &Args::new().with("count", warnings),
        )
    } else {
        text("cli-headline-ok")
    }
}

fn heading(finding: &Finding) -> String {
    match &finding.subject {
        Some(subject) => format!("{} ({subject})", finding.title),
        None => finding.title.clone(),
    }
}

/// The `checkup.report.v1` document.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

/// What was repaired or tried during the run, one line each: `printer.resume (Office):
/// fixed`, with the time in `at` for readers in other time zones when `with_time`.
pub fn repairs_done_lines(report: &Report, with_time: bool) -> Vec<String> {
    report
        .repairs_done
        .iter()
        .map(|done| {
            let what = match &done.subject {
                Some(subject) => format!("{} ({subject})", done.id),
                None => done.id.clone(),
            };
            let result = text(&format!(
                "repair-result-{}",
                done.result.as_str().replace('_', "-")
            ));
            if with_time {
                format!("{what}: {result} ({})", done.at)
            } else {
                format!("{what}: {result}")
            }
        })
        .collect()
}

/// A plain-text summary to paste into a ticket or chat: the reference code first, at most
/// `max_bytes` bytes.
pub fn summary_text(report: &Report, max_bytes: usize) -> String {
    let mut lines = vec![
        catalog().text(
            "cli-reference",
            &Args::new().with("reference", report.reference.as_str()),
        ),
        format!(
            "{} · {} · Checkup {}",
            report.generated_at, report.platform.os_version, report.app.version
        ),
        headline(report),
        String::new(),
    ];
    let repairs = repairs_done_lines(report, true);
    if !repairs.is_empty() {
        lines.push(text("cli-repairs-made"));
        lines.extend(repairs.into_iter().map(|line| format!("  {line}")));
        lines.push(String::new());
    }
    for (n, finding) in report.root_cause_findings().enumerate() {
        let label = if n == 0 {
            text("cli-most-likely")
        } else {
            text("cli-also")
        };
        lines.push(format!("{label}: {}", heading(finding)));
        lines.push(format!("  {}", finding.summary));
        changes_text(&mut lines, finding);
        for (step, fix) in finding.fixes.iter().enumerate() {
            lines.push(format!("  {}. {fix}", step + 1));
        }
    }
    for finding in report.findings.iter().filter(|f| f.status == Status::Warn) {
        lines.push(format!(
            "{} {}: {}",
            status_symbol(finding.status),
            status_label(finding.status),
            heading(finding)
        ));
        lines.push(format!("  {}", finding.summary));
        changes_text(&mut lines, finding);
    }
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter_map(|status| {
            let n = report
                .findings
                .iter()
                .filter(|f| f.status == *status)
                .count();
            (n > 0).then(|| format!("{n} {}", status_label(*status)))
        })
        .collect();
    lines.push(String::new());
    lines.push(counts.join(", "));

    let mut out = String::new();
    for line in lines {
        if out.len() + line.len() + 1 > max_bytes.saturating_sub(4) {
            out.push_str("…\n");
            break;
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The one style block of `report.html`. The app allows exactly this block (by its hash) in
/// its own content security policy, so its preview of the page looks as it will.
pub const STYLE: &str = "
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #5b5b5b; --line: #d0d0d0;
  --pass: #1a7f37; --warn: #9a6700; --fail: #c62828; --other: #57606a; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8e8; --bg: #16181c; --muted: #a8a8a8; --line: #3a3d42;
  --pass: #56d364; --warn: #e3b341; --fail: #ff7b72; --other: #9da5ae; } }
body { font: 1rem/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--fg);
  background: var(--bg); max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.3rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; } .meta { color: var(--muted); }
.reference { font-size: 1.4rem; letter-spacing: .08em; font-family: ui-monospace, monospace; }
article { border: 1px solid var(--line); border-left-width: .4rem; border-radius: .3rem; padding: .6rem 1rem; margin: .6rem 0;
  break-inside: avoid; }
article.pass { border-left-color: var(--pass); } article.warn { border-left-color: var(--warn); }
article.fail, article.error { border-left-color: var(--fail); }
article.skipped, article.not_applicable { border-left-color: var(--other); }
.status { font-weight: 600; } .status.pass { color: var(--pass); } .status.warn { color: var(--warn); }
.status.fail, .status.error { color: var(--fail); } .status.skipped, .status.not_applicable { color: var(--other); }
h4 { margin: .5rem 0 .25rem; font-size: 1rem; }
p { margin: .25rem 0; } table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .15rem .6rem .15rem 0; border-bottom: 1px solid var(--line); }
th { font-weight: 500; color: var(--muted); width: 30%; } td { font-family: ui-monospace, monospace; word-break: break-all; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; } }
";

/// "Since it last worked (time):" and what changed, from the local history. The time is
/// the exact RFC 3339 one: a report is read on other machines, in other time zones.
fn since_label(finding: &Finding) -> Option<String> {
    let first = finding.changes.first()?;
    Some(catalog().text(
        "history-since",
        &Args::new().with("when", first.since.as_str()),
    ))
}

fn changes_text(lines: &mut Vec<String>, finding: &Finding) {
    if let Some(label) = since_label(finding) {
        lines.push(format!("  {label}"));
        for change in &finding.changes {
            lines.push(format!("    - {}", change.text));
        }
    }
}

fn finding_html(out: &mut String, finding: &Finding, with_fixes: bool) {
    let status = finding.status.as_str();
    let _ = write!(
        out,
        "<article class=\"{status}\"><h3><span class=\"status {status}\">{} {}</span> {}</h3><p>{}</p>",
        status_symbol(finding.status),
        escape(&status_label(finding.status)),
        escape(&heading(finding)),
        escape(&finding.summary)
    );
    if !finding.explanation.is_empty() && finding.status != Status::Pass {
        let _ = write!(out, "<p>{}</p>", escape(&finding.explanation));
    }
    if let Some(label) = since_label(finding) {
        let _ = write!(out, "<h4>{}</h4><ul>", escape(&label));
        for change in &finding.changes {
            let _ = write!(
                out,
                "<li data-fact=\"{}\">{}</li>",
                escape(&change.fact),
                escape(&change.text)
            );
        }
        out.push_str("</ul>");
    }
    if with_fixes && !finding.fixes.is_empty() {
        let _ = write!(out, "<h4>{}</h4><ol>", escape(&text("cli-what-to-try")));
        for fix in &finding.fixes {
            let _ = write!(out, "<li>{}</li>", escape(fix));
        }
        out.push_str("</ol>");
    }
    let mut rows: Vec<(String, String)> = vec![
        ("id".to_owned(), finding.id.clone()),
        ("status".to_owned(), status.to_owned()),
        ("duration_ms".to_owned(), finding.duration_ms.to_string()),
    ];
    if let Some(blocked_by) = &finding.blocked_by {
        rows.push(("blocked_by".to_owned(), blocked_by.clone()));
    }
    rows.extend(
        finding
            .evidence
            .iter()
            .map(|e| (e.key.clone(), e.value.to_string())),
    );
    let _ = write!(
        out,
        "<table><caption hidden>{}</caption>",
        escape(&text("cli-evidence"))
    );
    for (key, value) in rows {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(&key),
            escape(&value)
        );
    }
    out.push_str("</table></article>");
}

/// A self-contained HTML page: root causes and their fix steps first, then every finding
/// with its evidence.
pub fn html(report: &Report) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let title = catalog().text(
        "report-title",
        &Args::new().with("reference", report.reference.as_str()),
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>",
        catalog().locale(),
        escape(&title)
    );
    let _ = write!(
        out,
        "<header><h1>{}</h1><p class=\"reference\">{}</p><p class=\"meta\">{} · {} · Checkup {}</p></header><main>",
        escape(&text("report-heading")),
        escape(&catalog().text(
            "cli-reference",
            &Args::new().with("reference", report.reference.as_str())
        )),
        escape(&report.generated_at),
        escape(&report.platform.os_version),
        escape(&report.app.version)
    );
    let _ = write!(out, "<h2>{}</h2>", escape(&headline(report)));
    if !report.complete {
        let _ = write!(out, "<p>{}</p>", escape(&text("cli-interrupted")));
    }
    let repairs = repairs_done_lines(report, true);
    if !repairs.is_empty() {
        let _ = write!(
            out,
            "<section class=\"repairs\"><h3>{}</h3><ul>",
            escape(&text("cli-repairs-made"))
        );
        for line in repairs {
            let _ = write!(out, "<li>{}</li>", escape(&line));
        }
        out.push_str("</ul></section>");
    }
    for finding in report.root_cause_findings() {
        finding_html(&mut out, finding, true);
    }
    for finding in report.findings.iter().filter(|f| f.status == Status::Warn) {
        finding_html(&mut out, finding, true);
    }
    let _ = write!(out, "<h2>{}</h2>", escape(&text("cli-all-results")));
    for area in Area::ALL {
        let findings: Vec<&Finding> = report.findings.iter().filter(|f| f.area == area).collect();
        if findings.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<section><h3>{}</h3>",
            escape(&text(&format!("area-{}", area.as_str())))
        );
        for finding in findings {
            finding_html(&mut out, finding, false);
        }
        out.push_str("</section>");
    }
    out.push_str("</main></body></html>\n");
    out
}
