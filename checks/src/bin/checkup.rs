//! `checkup`: the command line. Parsing, printing and exit codes; every decision is in the
//! `checks` library.
//!
//! Exit codes: 0 no finding is `fail` or `error`; 1 one is; 2 usage, profile or report
//! errors; 130 interrupted (after printing what finished).

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use checks::{Area, Args, Finding, LogBuffer, Progress, Report, Status, catalog};

const EXIT_OK: u8 = 0;
const EXIT_PROBLEM: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug, Parser)]
#[command(
    name = "checkup",
    version,
    about = "Finds out why your network, printer or disk doesn't work, and says what to try.",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the checks and show what was found.
    Run(RunArgs),
    /// List every check.
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Work with saved support reports.
    Report {
        #[command(subcommand)]
        action: ReportAction,
    },
    /// The runs kept on this computer: list them, show one, compare two, or delete them all.
    History(HistoryArgs),
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct HistoryArgs {
    #[command(subcommand)]
    action: Option<HistoryAction>,
    /// Delete every stored run (asks first on a terminal; elsewhere needs --yes).
    #[arg(long)]
    clear: bool,
    /// With --clear: do not ask.
    #[arg(long, requires = "clear")]
    yes: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Subcommand)]
enum HistoryAction {
    /// Print one stored run, as `checkup run` printed it.
    Show {
        /// The run's reference code (CK-XXXX-XXXX).
        reference: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Show the technical details behind every finding.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Compare two stored runs: what changed in the results and in the facts.
    Diff {
        /// The earlier run.
        reference: String,
        /// The later run (default: the latest).
        other: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
enum ReportAction {
    /// Print a report's summary and the list of its files.
    Show { path: PathBuf },
    /// Check that a report is intact and valid.
    Verify { path: PathBuf },
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Only these areas or check ids (comma-separated); their dependencies run too.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    only: Vec<String>,
    /// The profile to use instead of the usual lookup.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// A website that won't load: checked over HTTPS, and its name resolved.
    #[arg(long = "url", value_name = "URL")]
    urls: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Redact what is printed on standard output, as a saved report is.
    #[arg(long)]
    redact: bool,
    /// Save a support report archive to this file or directory.
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
    /// Do not redact the report archive or the recorded facts (unless the profile forbids it).
    #[arg(long, conflicts_with = "redact")]
    no_redact: bool,
    /// Replace an existing report or facts file.
    #[arg(long)]
    force: bool,
    /// Also write the facts this run gathered, and what every probe showed, to this JSON
    /// file (redacted unless --no-redact), so the run can be replayed elsewhere.
    #[arg(long, value_name = "FILE", conflicts_with = "replay_facts")]
    record_facts: Option<PathBuf>,
    /// Run the checks on facts recorded with --record-facts instead of on this machine,
    /// with the profile and selection they were recorded with.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["only", "profile", "urls"])]
    replay_facts: Option<PathBuf>,
    /// Write nothing: print the report's summary and its files as they would be saved.
    #[arg(long, requires = "report")]
    dry_run: bool,
    /// Show the technical details behind every finding.
    #[arg(long, short)]
    verbose: bool,
    /// Keep nothing of this run in the local history.
    #[arg(long)]
    no_history: bool,
    /// Offer to fix what Checkup can fix safely: asks yes or no for each repair, then checks
    /// again. Without a terminal, or with --format json, name the repairs with --yes.
    #[arg(long, conflicts_with = "replay_facts")]
    fix: bool,
    /// With --fix: make these repairs without asking. ID applies to every subject that
    /// offers it; ID:SUBJECT picks one (printer.resume:Office).
    #[arg(
        long,
        requires = "fix",
        value_delimiter = ',',
        value_name = "ID[:SUBJECT]"
    )]
    yes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let log = init_logging();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Run(args) => run(args, &log),
        Command::List { format } => list(format),
        Command::Report {
            action: ReportAction::Show { path },
        } => show(&path),
        Command::Report {
            action: ReportAction::Verify { path },
        } => verify(&path),
        Command::History(args) => history(args),
    };
    ExitCode::from(code)
}

fn init_logging() -> LogBuffer {
    use tracing_subscriber::prelude::*;
    let filter = tracing_subscriber::EnvFilter::try_from_env("CHECKUP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let buffer = LogBuffer::default();
    let kept = tracing_subscriber::filter::Targets::new()
        .with_target("checks", tracing::Level::DEBUG)
        .with_target("checkup", tracing::Level::DEBUG);
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false)
                .with_filter(filter),
        )
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(buffer.clone())
                .with_ansi(false)
                .with_filter(kept),
        )
        .init();
    // A check that panics is reported as an `error` finding; log the panic instead of
    // letting the default hook scribble over the progress display.
    std::panic::set_hook(Box::new(|info| {
        tracing::error!("panic: {info}");
    }));
    buffer
}

fn usage_error(message: impl std::fmt::Display) -> u8 {
    eprintln!("checkup: {message}");
    EXIT_USAGE
}

fn run(args: RunArgs, log: &LogBuffer) -> u8 {
    if (args.no_redact || args.force) && args.report.is_none() && args.record_facts.is_none() {
        return usage_error("--no-redact and --force go with --report or --record-facts");
    }
    let chosen = match chosen_repairs(&args) {
        Ok(chosen) => chosen,
        Err(message) => return usage_error(message),
    };
    let replayed = match &args.replay_facts {
        Some(path) => match read_fact_set(path) {
            Ok(set) => Some(Arc::new(set)),
            Err(error) => return usage_error(error),
        },
        None => None,
    };
    let (mut profile, plan) = match &replayed {
        Some(set) => match checks::replay_setup(set) {
            Ok((plan, profile)) => (profile, plan),
            Err(error) => return usage_error(error),
        },
        None => {
            let (profile, source) = match checks::load_profile(args.profile.as_deref()) {
                Ok(loaded) => loaded,
                Err(error) => return usage_error(error),
            };
            tracing::info!(profile = ?source, "profile loaded");
            let plan = match checks::plan(&args.only) {
                Ok(plan) => plan,
                Err(error) => return usage_error(error),
            };
            (profile, plan)
        }
    };
    if args.no_redact && !profile.report.allow_unredacted {
        return usage_error(
            "--no-redact is not allowed by this organization's profile (report.allow_unredacted = false)",
        );
    }
    for url in &args.urls {
        if let Err(message) = checks::add_url(&mut profile, url) {
            return usage_error(message);
        }
    }
    if let Some(path) = &args.record_facts
        && !args.force
        && path.exists()
    {
        return usage_error(format!(
            "{} already exists; choose another name, or use --force to replace it",
            path.display()
        ));
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return usage_error(format!("cannot start: {error}")),
    };
    let profile = Arc::new(profile);
    let mut options = checks::RunOptions::from_profile(&profile);
    // A replay is another machine's run: it is never kept in this one's history.
    let keep_history = profile.history.enabled && !args.no_history && replayed.is_none();
    let recorder = (args.record_facts.is_some() || keep_history).then(checks::Recorder::new);
    if let Some(recorder) = &recorder {
        options.source = checks::FactSource::Record(Arc::clone(recorder));
    }
    let answers = replayed.as_deref().map(checks::Replay::new);
    if let Some(answers) = &answers {
        options.source = checks::FactSource::Replay(Arc::clone(answers));
    }
    let show_progress = args.format == Format::Text && std::io::stderr().is_terminal();
    let display = ProgressDisplay::new(show_progress);
    let cancel = options.cancel.clone();
    let result = runtime.block_on(async {
        // Ctrl-C cancels the run. The handler is installed (polled once) before any check
        // starts, so even an early Ctrl-C prints what finished and exits with 130.
        let (installed, ready) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            let mut signal = std::pin::pin!(tokio::signal::ctrl_c());
            let first =
                std::future::poll_fn(|cx| std::task::Poll::Ready(signal.as_mut().poll(cx))).await;
            let _ = installed.send(());
            let pressed = match first {
                std::task::Poll::Ready(result) => result.is_ok(),
                std::task::Poll::Pending => signal.await.is_ok(),
            };
            if pressed {
                cancel.cancel();
            }
        });
        let _ = ready.await;
        checks::run(&plan, Arc::clone(&profile), options, &|event| {
            display.update(&event)
        })
        .await
    });
    display.finish();
    if let Some(answers) = &answers {
        for question in answers.unanswered() {
            tracing::warn!("the recorded facts hold no answer to: {question}");
        }
    }
    let interrupted = !result.complete;
    // The names to hide are those of the machine the facts came from (this one, or the
    // recorded one); asked through the run's platform, so a recording keeps them too.
    let secrets = checks::Secrets::of(&*result.platform, &profile.report.sensitive_terms);
    let started_at = result.started_at;
    let mut report = checks::build_report(&plan, result);
    // Repairs, with consent, each followed by a fresh check; before the history keeps the run.
    if args.fix && !interrupted {
        let cancel = cancel_on_interrupt(&runtime);
        runtime.block_on(fix(
            &plan,
            &mut report,
            &profile,
            &chosen,
            &cancel,
            recorder.clone(),
        ));
    }
    // The runtime may still hold a check's detached work; do not wait for it.
    runtime.shutdown_background();

    // The run's recorded facts, made once: for the history and for --record-facts.
    let recorded = recorder
        .as_ref()
        .map(|recorder| checks::fact_set(recorder, &profile, &args.only, started_at));

    // The local history: what changed since each check last passed, then this run kept.
    if keep_history {
        let facts = recorded.as_ref().and_then(|set| set.as_ref().ok());
        let remembered = checks::remember(&mut report, facts, &profile.history, None);
        tell_history(&remembered);
    }

    // Everything that leaves the process goes through the one redaction pipeline, and a
    // report or set of facts that cannot be redacted cleanly is not written at all.
    if let (Some(recorded), Some(path)) = (recorded, &args.record_facts) {
        let set = match recorded {
            Ok(set) => set,
            Err(error) => return usage_error(error),
        };
        let set = if args.no_redact {
            set
        } else {
            match checks::redact_facts(&set) {
                Ok((redacted, _)) => redacted,
                Err(error) => return usage_error(error),
            }
        };
        match checks::write_fact_set(&set, path, args.force) {
            Ok(path) => eprintln!(
                "{}",
                catalog().text(
                    "facts-saved",
                    &Args::new().with("path", path.display().to_string())
                )
            ),
            Err(error) => return usage_error(error),
        }
    }
    let support = match &args.report {
        Some(_) => {
            match checks::SupportReport::new(&report, &log.text(), !args.no_redact, &secrets) {
                Ok(support) => Some(support),
                Err(error) => return usage_error(error),
            }
        }
        None => None,
    };
    // What stdout shows: redacted on request, with the archive's tokens when there is one.
    let shown = match (&support, args.redact) {
        (Some(support), true) if !args.no_redact => support.report().clone(),
        (_, true) => match checks::Redactor::new(&secrets).report(&report) {
            Ok(redacted) => redacted,
            Err(error) => return usage_error(error),
        },
        (_, false) => report.clone(),
    };
    let printed = match (&support, args.dry_run) {
        (Some(support), true) => print_dry_run(support, args.format),
        _ => match args.format {
            Format::Json => print_json(&shown),
            Format::Text => print_text(&shown, args.verbose, !args.fix),
        },
    };
    if let Err(error) = printed
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        return usage_error(format!("cannot print the results: {error}"));
    }
    if let (Some(support), Some(target), false) = (&support, &args.report, args.dry_run) {
        match support.write(target, args.force) {
            Ok(path) => eprintln!(
                "{}",
                catalog().text(
                    "report-saved",
                    &Args::new().with("path", path.display().to_string())
                )
            ),
            Err(error) => return usage_error(error),
        }
    }
    if interrupted {
        EXIT_INTERRUPTED
    } else if report.has_problem() {
        EXIT_PROBLEM
    } else {
        EXIT_OK
    }
}

/// Repairs named on the command line: an id, and the one subject it is for, if named.
type Chosen = Vec<(String, Option<String>)>;

/// Which repairs to make without asking (`--yes`), or `None` to ask on the terminal.
fn chosen_repairs(args: &RunArgs) -> Result<Option<Chosen>, String> {
    if !args.fix {
        return Ok(None);
    }
    if args.yes.is_empty() {
        if args.format == Format::Json || !std::io::stdin().is_terminal() {
            return Err(
                "--fix cannot ask here (no terminal, or --format json): name the repairs with --yes ID[,ID]"
                    .to_owned(),
            );
        }
        return Ok(None);
    }
    let mut chosen = Vec::new();
    for item in &args.yes {
        let item = item.trim();
        let (id, subject) = match item.split_once(':') {
            Some((id, subject)) => (id, Some(subject.to_owned())),
            None => (item, None),
        };
        if checks::find_repair(id).is_none() {
            let known: Vec<&str> = checks::REPAIRS.iter().map(|r| r.id).collect();
            return Err(format!(
                "`{id}` is not a repair Checkup knows; the repairs are: {}",
                known.join(", ")
            ));
        }
        chosen.push((id.to_owned(), subject));
    }
    Ok(Some(chosen))
}

/// A token cancelled by Ctrl-C while repairs are made.
fn cancel_on_interrupt(runtime: &tokio::runtime::Runtime) -> checks::CancellationToken {
    let cancel = checks::CancellationToken::new();
    let token = cancel.clone();
    runtime.spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            token.cancel();
        }
    });
    cancel
}

/// Offers each repair the run found, most important first; makes those the user agrees to
/// (or named with --yes), each followed by a fresh check, and says how each one went.
async fn fix(
    plan: &checks::Plan,
    report: &mut Report,
    profile: &Arc<checks::Profile>,
    chosen: &Option<Chosen>,
    cancel: &checks::CancellationToken,
    recorder: Option<Arc<checks::Recorder>>,
) {
    let offers: Vec<checks::RepairOffer> = checks::repair_offers(report)
        .into_iter()
        .map(|(_, offer)| offer.clone())
        .collect();
    for offer in offers {
        if cancel.is_cancelled() {
            break;
        }
        // An earlier repair's check may have settled this one already.
        let still = report
            .findings
            .iter()
            .flat_map(|f| &f.repairs_offered)
            .any(|o| o.id == offer.id && o.subject == offer.subject);
        if !still {
            continue;
        }
        let title = Args::new().with("title", offer.title.as_str());
        let agreed = match chosen {
            Some(chosen) => chosen.iter().any(|(id, subject)| {
                *id == offer.id
                    && subject
                        .as_ref()
                        .is_none_or(|s| Some(s) == offer.subject.as_ref())
            }),
            None => {
                let agreed = ask(&catalog().text(
                    "cli-fix-question",
                    &title.clone().with("action", offer.action.as_str()),
                ));
                if !agreed {
                    checks::decline_repair(report, &offer.id, offer.subject.as_deref());
                    eprintln!("{}", catalog().text("cli-repair-declined", &title));
                }
                agreed
            }
        };
        if !agreed {
            continue;
        }
        let made = checks::make_repair(
            plan,
            report,
            Arc::clone(profile),
            &offer.id,
            offer.subject.as_deref(),
            cancel.clone(),
            recorder.clone(),
            &|_| {},
        )
        .await;
        let repaired = match made {
            Ok(repaired) => repaired,
            Err(error) => {
                eprintln!("checkup: {error}");
                continue;
            }
        };
        let said = match (&repaired.said, repaired.done.result) {
            (Some(said), _) => said.clone(),
            (None, result) => said_of(result, &title, &repaired.done.detail),
        };
        eprintln!("{said}");
        // Before and after, when the repair was checked again.
        if repaired.after != repaired.before {
            let shown = [
                ("cli-repair-before", &repaired.before),
                ("cli-repair-now", &repaired.after),
            ];
            for (label, findings) in shown {
                for finding in findings {
                    eprintln!(
                        "  {} {} {}: {}",
                        catalog().text(label, &Args::new()),
                        checks::status_symbol(finding.status),
                        heading(finding),
                        finding.summary
                    );
                }
            }
        }
    }
}

/// How a repair ended, in a plain sentence.
fn said_of(result: checks::RepairResult, title: &Args, detail: &str) -> String {
    match result {
        checks::RepairResult::Fixed => catalog().text("cli-repair-fixed", title),
        checks::RepairResult::NoChange => catalog().text("cli-repair-no-change", title),
        checks::RepairResult::NotPermitted => catalog().text("cli-repair-not-permitted", title),
        checks::RepairResult::Failed | checks::RepairResult::Declined => {
            catalog().text("cli-repair-failed", &title.clone().with("detail", detail))
        }
    }
}

/// Asks a yes-or-no question on the terminal; anything but yes is no.
fn ask(question: &str) -> bool {
    eprint!("{question} ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")
}

/// Says on stderr what the user should know about the history: a damaged file moved aside,
/// or a run that could not be kept.
fn tell_history(remembered: &checks::Remembered) {
    for notice in &remembered.notices {
        let checks::HistoryNotice::MovedAside { damaged, reason } = notice;
        eprintln!(
            "{}",
            catalog().text(
                "history-moved-aside",
                &Args::new()
                    .with("reason", reason.as_str())
                    .with("path", damaged.display().to_string())
            )
        );
    }
    if let Some(problem) = &remembered.problem {
        eprintln!(
            "{}",
            catalog().text(
                "history-saved-nowhere",
                &Args::new().with("reason", problem.as_str())
            )
        );
    }
}

/// A recorded set of facts, read with a clear error.
fn read_fact_set(path: &std::path::Path) -> Result<checks::FactSet, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    checks::FactSet::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Live progress on stderr, only when it is a terminal.
struct ProgressDisplay {
    bar: ProgressBar,
    running: Mutex<BTreeMap<&'static str, String>>,
}

impl ProgressDisplay {
    fn new(visible: bool) -> Self {
        let bar = if visible {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        if let Ok(style) = ProgressStyle::with_template("{spinner} {pos}/{len} {wide_msg}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        ProgressDisplay {
            bar,
            running: Mutex::new(BTreeMap::new()),
        }
    }

    fn update(&self, event: &Progress) {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        match event {
            Progress::Planned { checks } => {
                self.bar.set_length(checks.len() as u64);
                for check in checks {
                    running.insert(check.id, check.title.clone());
                }
            }
            Progress::Started { .. } | Progress::Done { .. } => {}
            Progress::Finished { id, .. } => {
                running.remove(id);
                self.bar.inc(1);
            }
        }
        let waiting: Vec<&str> = running.values().map(String::as_str).take(3).collect();
        self.bar.set_message(waiting.join(", "));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// `--dry-run`: the summary exactly as it would be saved, and the archive's files.
fn print_dry_run(support: &checks::SupportReport, format: Format) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let files: Vec<(String, u64)> = support.listing();
    match format {
        Format::Json => {
            let preview = serde_json::json!({
                "summary": support.summary(),
                "files": files
                    .iter()
                    .map(|(path, size)| serde_json::json!({"path": path, "size": size}))
                    .collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut out, &preview).map_err(std::io::Error::from)?;
            writeln!(out)
        }
        Format::Text => {
            writeln!(out, "{}", support.summary().trim_end())?;
            writeln!(out)?;
            writeln!(out, "{}", catalog().text("cli-dry-run-files", &Args::new()))?;
            for (path, size) in files {
                writeln!(out, "  {path:<20} {size:>9} bytes")?;
            }
            Ok(())
        }
    }
}

fn print_json(report: &Report) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, report).map_err(std::io::Error::from)?;
    writeln!(out)
}

fn heading(finding: &Finding) -> String {
    match &finding.subject {
        Some(subject) => format!("{} ({subject})", finding.title),
        None => finding.title.clone(),
    }
}

fn print_text(report: &Report, verbose: bool, fix_hint: bool) -> std::io::Result<()> {
    let text = |id: &str| catalog().text(id, &Args::new());
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Checkup · {}\n",
        catalog().text(
            "cli-reference",
            &Args::new().with("reference", report.reference.as_str())
        )
    )?;
    if !report.complete {
        writeln!(out, "{}\n", text("cli-interrupted"))?;
    }

    let causes: Vec<&Finding> = report.root_cause_findings().collect();
    let warnings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Warn)
        .collect();
    let headline = checks::headline(report);
    writeln!(out, "{headline}\n")?;
    let repairs = checks::repairs_done_lines(report, false);
    if !repairs.is_empty() {
        writeln!(out, "{}", text("cli-repairs-made"))?;
        for line in repairs {
            writeln!(out, "  {line}")?;
        }
        writeln!(out)?;
    }

    for (n, finding) in causes.iter().enumerate() {
        let label = if n == 0 {
            text("cli-most-likely")
        } else {
            text("cli-also")
        };
        writeln!(out, "{label}: {}", heading(finding))?;
        print_detail(&mut out, finding, verbose)?;
    }
    let offers = checks::repair_offers(report);
    if !offers.is_empty() {
        writeln!(out, "{}", text("cli-fixable"))?;
        for (_, offer) in &offers {
            writeln!(out, "  - {} [{}]", offer.title, offer.id)?;
        }
        if fix_hint {
            writeln!(out, "{}", text("cli-fix-hint"))?;
        }
        writeln!(out)?;
    }
    for finding in &warnings {
        writeln!(
            out,
            "{} {}: {}",
            checks::status_symbol(finding.status),
            checks::status_label(finding.status),
            heading(finding)
        )?;
        print_detail(&mut out, finding, verbose)?;
    }

    writeln!(out, "{}", text("cli-all-results"))?;
    for area in Area::ALL {
        let findings: Vec<&Finding> = report.findings.iter().filter(|f| f.area == area).collect();
        if findings.is_empty() {
            continue;
        }
        writeln!(out, "\n  {}", text(&format!("area-{}", area.as_str())))?;
        for finding in findings {
            let mut line = format!(
                "    {} {:<15} {}: {}",
                checks::status_symbol(finding.status),
                checks::status_label(finding.status),
                heading(finding),
                finding.summary
            );
            if let Some(blocker) = &finding.blocked_by {
                line.push_str(&format!(
                    " [{}]",
                    catalog().text("cli-blocked-by", &Args::new().with("id", blocker.as_str()))
                ));
            }
            writeln!(out, "{line}")?;
            if verbose {
                print_evidence(&mut out, finding, "        ")?;
            }
        }
    }
    writeln!(out)?;
    Ok(())
}

fn print_detail(out: &mut impl Write, finding: &Finding, verbose: bool) -> std::io::Result<()> {
    writeln!(out, "  {}", finding.summary)?;
    if !finding.explanation.is_empty() {
        writeln!(out, "  {}", finding.explanation)?;
    }
    print_changes(out, finding, "  ")?;
    if !finding.fixes.is_empty() {
        writeln!(
            out,
            "  {}:",
            catalog().text("cli-what-to-try", &Args::new())
        )?;
        for (n, fix) in finding.fixes.iter().enumerate() {
            writeln!(out, "    {}. {fix}", n + 1)?;
        }
    }
    if verbose {
        print_evidence(out, finding, "  ")?;
    }
    writeln!(out)
}

/// "Since it last worked (Tuesday 09:12):" and each change.
fn print_changes(out: &mut impl Write, finding: &Finding, indent: &str) -> std::io::Result<()> {
    let Some(first) = finding.changes.first() else {
        return Ok(());
    };
    writeln!(
        out,
        "{indent}{}",
        catalog().text(
            "history-since",
            &Args::new().with("when", checks::history_when(&first.since))
        )
    )?;
    for change in &finding.changes {
        writeln!(out, "{indent}  - {}", change.text)?;
    }
    Ok(())
}

fn print_evidence(out: &mut impl Write, finding: &Finding, indent: &str) -> std::io::Result<()> {
    if finding.evidence.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{indent}{}:",
        catalog().text("cli-evidence", &Args::new())
    )?;
    for evidence in &finding.evidence {
        writeln!(out, "{indent}  {} = {}", evidence.key, evidence.value)?;
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct ListedCheck {
    id: &'static str,
    area: Area,
    title: String,
    depends_on: &'static [&'static str],
    after: &'static [&'static str],
    timeout_ms: u64,
}

fn list(format: Format) -> u8 {
    let listed: Vec<ListedCheck> = checks::REGISTRY
        .iter()
        .map(|check| ListedCheck {
            id: check.id,
            area: check.area,
            title: check.title(),
            depends_on: check.depends_on,
            after: check.after,
            timeout_ms: u64::try_from(check.timeout.as_millis()).unwrap_or(u64::MAX),
        })
        .collect();
    let mut out = std::io::stdout().lock();
    let printed = match format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &listed)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        Format::Text => listed.iter().try_for_each(|check| {
            let mut line = format!("{:<28} {}", check.id, check.title);
            if !check.depends_on.is_empty() {
                line.push_str(&format!("  (after {})", check.depends_on.join(", ")));
            }
            writeln!(out, "{line}")
        }),
    };
    match printed {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            usage_error(format!("cannot print the list: {error}"))
        }
        _ => EXIT_OK,
    }
}

fn archive_problem(problem: &checks::ArchiveProblem) -> u8 {
    eprintln!("checkup: {problem}");
    match problem {
        checks::ArchiveProblem::Unreadable { .. } => EXIT_USAGE,
        checks::ArchiveProblem::Invalid { .. } => EXIT_PROBLEM,
    }
}

/// `checkup report show`: the summary and the list of files.
fn show(path: &std::path::Path) -> u8 {
    let archive = match checks::read_archive(path) {
        Ok(archive) => archive,
        Err(problem) => return archive_problem(&problem),
    };
    let mut out = std::io::stdout().lock();
    let summary = archive
        .file("summary.txt")
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let mut printed = writeln!(out, "{}", summary.trim_end());
    for (name, bytes) in &archive.files {
        printed = printed.and_then(|()| writeln!(out, "  {name:<20} {:>9} bytes", bytes.len()));
    }
    match printed {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => usage_error(error),
        _ => EXIT_OK,
    }
}

/// `checkup report verify`: 0 intact, 1 tampered or invalid, 2 unreadable.
fn verify(path: &std::path::Path) -> u8 {
    match checks::verify_archive(path) {
        Ok((manifest, report)) => {
            println!(
                "{}: intact. Reference {}, {} files, {}.",
                path.display(),
                report.reference,
                manifest.files.len() + 1,
                if manifest.redacted {
                    "redacted"
                } else {
                    "not redacted"
                }
            );
            EXIT_OK
        }
        Err(problem) => archive_problem(&problem),
    }
}

/// `checkup history`: list, show, compare or clear the runs kept on this computer.
fn history(args: HistoryArgs) -> u8 {
    let Some(path) = checks::history_path() else {
        return usage_error("this computer has no folder for application data");
    };
    if args.clear {
        return clear_history(&path, args.yes);
    }
    let history = match checks::History::open_to_read(&path) {
        Ok(history) => Some(history),
        Err(checks::HistoryError::Missing { .. }) => None,
        Err(error) => return usage_error(error),
    };
    let printed = match (args.action, history) {
        (None, history) => {
            let runs = match history.map(|h| h.runs()).transpose() {
                Ok(runs) => runs.unwrap_or_default(),
                Err(error) => return usage_error(error),
            };
            print_runs(&runs, args.format)
        }
        (Some(_), None) => {
            return usage_error(catalog().text("history-empty", &Args::new()));
        }
        (
            Some(HistoryAction::Show {
                reference,
                format,
                verbose,
            }),
            Some(history),
        ) => match history.run(Some(&reference)) {
            Ok(run) => match format {
                Format::Json => print_json(&run.report),
                Format::Text => print_text(&run.report, verbose, false),
            },
            Err(error) => return usage_error(error),
        },
        (
            Some(HistoryAction::Diff {
                reference,
                other,
                format,
            }),
            Some(history),
        ) => {
            let runs = history
                .run(Some(&reference))
                .and_then(|a| history.run(other.as_deref()).map(|b| (a, b)));
            let (a, b) = match runs {
                Ok(runs) => runs,
                Err(error) => return usage_error(error),
            };
            // The earlier run first, whichever order they were named in.
            let (a, b) = if (a.started_at, a.id) <= (b.started_at, b.id) {
                (a, b)
            } else {
                (b, a)
            };
            print_diff(&checks::diff_runs(&a, &b), format)
        }
    };
    match printed {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            usage_error(format!("cannot print the history: {error}"))
        }
        _ => EXIT_OK,
    }
}

fn clear_history(path: &std::path::Path, yes: bool) -> u8 {
    if !path.exists() {
        println!("{}", catalog().text("history-empty", &Args::new()));
        return EXIT_OK;
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            return usage_error("--clear asks first; without a terminal, add --yes");
        }
        eprint!(
            "Delete every run kept on this computer ({})? [y/N] ",
            path.display()
        );
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_err()
            || !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")
        {
            eprintln!("{}", catalog().text("history-clear-kept", &Args::new()));
            return EXIT_OK;
        }
    }
    match checks::History::open(path) {
        Ok((mut history, _)) => match history.clear() {
            Ok(count) => {
                println!(
                    "{}",
                    catalog().text("history-cleared", &Args::new().with("count", count as f64))
                );
                EXIT_OK
            }
            Err(error) => usage_error(error),
        },
        Err(error) => usage_error(error),
    }
}

fn print_runs(runs: &[checks::RunSummary], format: Format) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, runs).map_err(std::io::Error::from)?;
            writeln!(out)
        }
        Format::Text => {
            if runs.is_empty() {
                return writeln!(out, "{}", catalog().text("history-empty", &Args::new()));
            }
            for run in runs {
                writeln!(
                    out,
                    "{:<28} {}  {}",
                    checks::history_when(&run.generated_at),
                    run.reference,
                    verdict_words(run)
                )?;
            }
            Ok(())
        }
    }
}

fn verdict_words(run: &checks::RunSummary) -> String {
    let count = |n: usize| Args::new().with("count", n as f64);
    let mut words = match run.verdict.as_str() {
        "ok" => catalog().text("history-verdict-ok", &Args::new()),
        "interrupted" => catalog().text("history-verdict-interrupted", &Args::new()),
        _ => catalog().text("history-verdict-problems", &count(run.problems)),
    };
    if run.warnings > 0 {
        words.push_str(", ");
        words.push_str(&catalog().text("history-verdict-warnings", &count(run.warnings)));
    }
    words
}

fn print_diff(diff: &checks::RunDiff, format: Format) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut out, diff).map_err(std::io::Error::from)?;
        return writeln!(out);
    }
    writeln!(
        out,
        "{} ({}) → {} ({})\n",
        diff.before.reference,
        checks::history_when(&diff.before.generated_at),
        diff.after.reference,
        checks::history_when(&diff.after.generated_at)
    )?;
    if diff.findings.is_empty() && diff.facts.is_empty() {
        return writeln!(
            out,
            "{}",
            catalog().text("history-no-differences", &Args::new())
        );
    }
    let status = |s: Option<Status>| s.map_or("-", Status::as_str);
    for change in &diff.findings {
        let subject = change
            .subject
            .as_ref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}{subject}: {} → {}",
            change.id,
            status(change.before),
            status(change.after)
        )?;
    }
    if !diff.facts.is_empty() {
        writeln!(out)?;
        for change in &diff.facts {
            writeln!(out, "  - {}", change.text)?;
        }
    }
    Ok(())
}
