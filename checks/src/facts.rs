//! The facts of one run, gathered once: the interface list, the resolver and proxy
//! settings, the mounts with their usage and configured state, the print system with its
//! queues and jobs, and the process list.
//!
//! Each fact is gathered at most once per run, in its own task under its own limit, the
//! first time a check asks for it; every check that needs it awaits the same result, errors
//! included, so the checks of one run never see different worlds. A check that overruns its
//! own timeout does not cancel the gathering for the others, and whatever is still running
//! when the run ends is ended. Live measurements (probes, latency series, swap sampling) are
//! not facts: each check makes its own.

use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::AbortHandle;

use crate::areas::disk::{self, Filesystem};
use crate::detached;
use crate::platform::{
    Job, Link, Mount, OsError, OsErrorKind, Platform, PrintError, PrintSystem, PrintSystemInfo,
    ProcessInfo, ProxySetting, Queue, ResolverSettings, Server, Source,
};
use crate::profile::Profile;

/// Why a fact could not be read: the checks that need it report an `error` with this
/// reason, so the root-cause ranking sees it (or `not_applicable` when this OS has no such
/// fact).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.message)]
pub struct FactError(pub OsError);

impl FactError {
    fn other(message: impl Into<String>) -> Self {
        FactError(OsError::new(OsErrorKind::Other, message))
    }

    pub fn kind(&self) -> OsErrorKind {
        self.0.kind
    }

    /// Not an error of this machine: the fact does not exist on this OS, or this user may not
    /// read it. Checks report these as `not_applicable`, so a healthy machine never leads
    /// with a permission or platform gap.
    pub fn is_expected(&self) -> bool {
        matches!(
            self.kind(),
            OsErrorKind::Unsupported | OsErrorKind::PermissionDenied
        )
    }
}

impl From<OsError> for FactError {
    fn from(error: OsError) -> Self {
        FactError(error)
    }
}

/// One fact: gathered by the first check that asks, shared by all.
struct Fact<T> {
    cell: OnceLock<watch::Receiver<Option<Result<T, FactError>>>>,
}

impl<T> Default for Fact<T> {
    fn default() -> Self {
        Fact {
            cell: OnceLock::new(),
        }
    }
}

impl<T: Clone + Send + Sync + 'static> Fact<T> {
    /// The fact, started by `gather` in a task of its own if nobody asked before.
    fn get<F, G>(
        &self,
        tasks: &Mutex<Vec<AbortHandle>>,
        gather: G,
    ) -> impl Future<Output = Result<T, FactError>> + use<T, F, G>
    where
        F: Future<Output = Result<T, FactError>> + Send + 'static,
        G: FnOnce() -> F,
    {
        let receiver = self
            .cell
            .get_or_init(|| {
                let (sender, receiver) = watch::channel(None);
                let gathering = gather();
                let task = tokio::spawn(async move {
                    let _ = sender.send(Some(gathering.await));
                });
                tasks
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(task.abort_handle());
                receiver
            })
            .clone();
        async move {
            let mut receiver = receiver;
            match receiver.wait_for(Option::is_some).await {
                Ok(value) => value
                    .clone()
                    .unwrap_or_else(|| Err(FactError::other("the fact was not gathered"))),
                Err(_) => Err(FactError::other(
                    "the run ended before the fact was gathered",
                )),
            }
        }
    }
}

/// Runs a blocking platform call on a detached thread within `limit`.
async fn blocking<T: Send + 'static>(
    limit: Duration,
    call: impl FnOnce() -> Result<T, OsError> + Send + 'static,
) -> Result<T, FactError> {
    match detached::run(limit, call).await {
        Ok(result) => result.map_err(FactError::from),
        Err(timed_out) => Err(FactError(OsError::new(
            OsErrorKind::TimedOut,
            timed_out.to_string(),
        ))),
    }
}

/// Proxy settings as a browser here would use them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProxyFacts {
    /// The environment first, then the desktop.
    pub settings: Vec<ProxySetting>,
    /// Hosts that bypass the proxy (`no_proxy`).
    pub no_proxy: Option<String>,
}

/// The disks: every mount, and the filesystems Checkup judges with their counts and state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiskFacts {
    pub mounts: Vec<Mount>,
    /// The judged filesystems (see `areas::disk::select`), each with its usage, role,
    /// configured read-only state, whether it is sealed by design, and its physical disks.
    pub filesystems: Vec<DiskFilesystem>,
    /// The user's home folder.
    pub home: Option<String>,
}

/// One judged filesystem, as read once for every disk check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskFilesystem {
    pub filesystem: Filesystem,
    /// What the filesystem table asks for it: `Some(true)` read-only.
    pub configured_read_only: Option<bool>,
    /// Read-only by design (an ostree system volume).
    pub sealed: bool,
    /// The physical disks under it.
    pub physical_disks: Vec<String>,
    /// The filesystem's own error record, read for a read-only filesystem.
    pub errors: Option<crate::platform::FsErrors>,
    /// When the system started (Unix seconds), read when there is an error record.
    pub booted_at: Option<u64>,
}

/// The print system, as found and first asked.
#[derive(Debug, Clone)]
pub struct PrintFacts {
    /// Whether printing is checked here at all, and why not.
    pub support: Result<(), String>,
    pub server: Server,
    pub source: Source,
    pub info: PrintSystemInfo,
    /// A print system is installed here (or one was named explicitly).
    pub installed: bool,
    /// Whether a printer was ever set up on the local print server, and the signal used.
    pub ever_set_up: (bool, String),
    /// The queues, and how long the answer took.
    pub queues: Result<(Vec<Queue>, Duration), PrintError>,
    /// The user's own default printer.
    pub user_default: Option<String>,
    system: Arc<dyn PrintSystem>,
}

impl PrintFacts {
    /// Whether this user may manage queues on the print system, as predicted.
    pub fn rights(&self) -> crate::platform::PrintRights {
        self.system.rights()
    }

    /// Asks the print system to change something, with this user's own rights.
    pub async fn act(
        &self,
        action: &crate::platform::PrintAction,
        limit: Duration,
    ) -> Result<(), PrintError> {
        self.system.act(action, limit).await
    }
}

/// How long each fact may take to gather.
const LINKS_LIMIT: Duration = Duration::from_millis(1500);
const RESOLVER_LIMIT: Duration = Duration::from_secs(1);
const PROXY_LIMIT: Duration = Duration::from_secs(2);
const STAT_LIMIT: Duration = Duration::from_millis(1500);
const PROCESSES_LIMIT: Duration = Duration::from_secs(2);

/// The environment variables that set a proxy, and the scheme each is for.
const PROXY_VARS: &[(&str, &str)] = &[
    ("https_proxy", "https"),
    ("HTTPS_PROXY", "https"),
    ("http_proxy", "http"),
    ("HTTP_PROXY", "http"),
    ("all_proxy", "all"),
    ("ALL_PROXY", "all"),
];

/// The facts of one run.
pub struct Facts {
    platform: Arc<dyn Platform>,
    profile: Arc<Profile>,
    tasks: Mutex<Vec<AbortHandle>>,
    links: Fact<Vec<Link>>,
    resolver: Fact<ResolverSettings>,
    proxy: Fact<ProxyFacts>,
    disks: Fact<DiskFacts>,
    print: Fact<PrintFacts>,
    jobs: Fact<Result<Vec<Job>, PrintError>>,
    default_queue: Fact<Result<Option<String>, PrintError>>,
    processes: Fact<Vec<ProcessInfo>>,
}

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Facts")
            .field("platform", &self.platform)
            .finish_non_exhaustive()
    }
}

impl Facts {
    pub fn new(platform: Arc<dyn Platform>, profile: Arc<Profile>) -> Arc<Facts> {
        Arc::new(Facts {
            platform,
            profile,
            tasks: Mutex::new(Vec::new()),
            links: Fact::default(),
            resolver: Fact::default(),
            proxy: Fact::default(),
            disks: Fact::default(),
            print: Fact::default(),
            jobs: Fact::default(),
            default_queue: Fact::default(),
            processes: Fact::default(),
        })
    }

    /// The platform the facts come from, for the questions that are not shared.
    pub fn platform(&self) -> &Arc<dyn Platform> {
        &self.platform
    }

    /// Ends every gathering still running: the run is over.
    pub fn end(&self) {
        for task in self
            .tasks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain(..)
        {
            task.abort();
        }
    }

    /// Every network interface.
    pub fn links(&self) -> impl Future<Output = Result<Vec<Link>, FactError>> + use<> {
        let platform = Arc::clone(&self.platform);
        self.links.get(&self.tasks, move || {
            blocking(LINKS_LIMIT, move || platform.interfaces())
        })
    }

    /// The resolver configuration.
    pub fn resolver(&self) -> impl Future<Output = Result<ResolverSettings, FactError>> + use<> {
        let platform = Arc::clone(&self.platform);
        self.resolver.get(&self.tasks, move || {
            blocking(RESOLVER_LIMIT, move || platform.resolver_settings())
        })
    }

    /// Proxy settings: the environment first, then the desktop's.
    pub fn proxy(&self) -> impl Future<Output = Result<ProxyFacts, FactError>> + use<> {
        let platform = Arc::clone(&self.platform);
        self.proxy.get(&self.tasks, move || {
            blocking(PROXY_LIMIT, move || {
                let mut settings: Vec<ProxySetting> = PROXY_VARS
                    .iter()
                    .filter_map(|(var, scheme)| {
                        let value = platform.env(var)?.trim().to_owned();
                        (!value.is_empty()).then(|| ProxySetting {
                            source: "environment".to_owned(),
                            scheme: (*scheme).to_owned(),
                            value,
                        })
                    })
                    .collect();
                settings.dedup_by(|a, b| a.value == b.value && a.scheme == b.scheme);
                let (bypass, desktop): (Vec<ProxySetting>, Vec<ProxySetting>) = platform
                    .desktop_proxy()
                    .into_iter()
                    .partition(|s| s.scheme == "bypass");
                settings.extend(desktop);
                // The environment's list first; else the desktop's own (Windows' bypass list).
                let no_proxy = ["no_proxy", "NO_PROXY"]
                    .iter()
                    .find_map(|v| platform.env(v).filter(|v| !v.trim().is_empty()))
                    .or_else(|| bypass.into_iter().next().map(|s| s.value));
                Ok(ProxyFacts { settings, no_proxy })
            })
        })
    }

    /// The mounts, and the judged filesystems with their usage, role and configured state.
    pub fn disks(&self) -> impl Future<Output = Result<DiskFacts, FactError>> + use<> {
        let platform = Arc::clone(&self.platform);
        let profile = Arc::clone(&self.profile);
        self.disks
            .get(&self.tasks, move || gather_disks(platform, profile))
    }

    /// The print system: where it is, how it was found, and its queues.
    pub fn print(&self) -> impl Future<Output = Result<PrintFacts, FactError>> + use<> {
        let platform = Arc::clone(&self.platform);
        let profile = Arc::clone(&self.profile);
        self.print
            .get(&self.tasks, move || gather_print(platform, profile))
    }

    /// The print system's own log since `since`, where this user may read it.
    pub async fn print_log(
        &self,
        since: u64,
        limit: Duration,
    ) -> Result<Vec<crate::platform::LogLine>, String> {
        let print = self.print().await.map_err(|e| e.to_string())?;
        print
            .system
            .log_lines(since, limit)
            .await
            .map_err(|error| match error {
                PrintError::Http(401 | 403) => {
                    "the print service's log is readable only by administrators here".to_owned()
                }
                other => format!("the print service's log could not be read ({other})"),
            })
    }

    /// The print system's jobs, asked once.
    pub fn print_jobs(
        &self,
    ) -> impl Future<Output = Result<Result<Vec<Job>, PrintError>, FactError>> + use<> {
        let print = self.print();
        let limit = self.print_limit();
        self.jobs.get(&self.tasks, move || async move {
            let print = print.await?;
            Ok(print.system.jobs(limit).await)
        })
    }

    /// The print system's own default queue, asked once.
    pub fn print_default(
        &self,
    ) -> impl Future<Output = Result<Result<Option<String>, PrintError>, FactError>> + use<> {
        let print = self.print();
        let limit = self.print_limit();
        self.default_queue.get(&self.tasks, move || async move {
            let print = print.await?;
            Ok(print.system.default_queue(limit).await)
        })
    }

    fn print_limit(&self) -> Duration {
        Duration::from_millis(self.profile.printer.request_timeout_ms)
    }

    /// Every process, with the memory it uses.
    pub fn processes(&self) -> impl Future<Output = Result<Vec<ProcessInfo>, FactError>> + use<> {
        let platform = Arc::clone(&self.platform);
        self.processes.get(&self.tasks, move || {
            blocking(PROCESSES_LIMIT, move || platform.processes())
        })
    }

    /// A blocking platform call within `limit`, for questions only one check asks.
    pub async fn ask<T: Send + 'static>(
        &self,
        limit: Duration,
        call: impl FnOnce(&dyn Platform) -> T + Send + 'static,
    ) -> Result<T, FactError> {
        let platform = Arc::clone(&self.platform);
        blocking(limit, move || Ok(call(&*platform))).await
    }
}

async fn gather_disks(
    platform: Arc<dyn Platform>,
    profile: Arc<Profile>,
) -> Result<DiskFacts, FactError> {
    let lister = Arc::clone(&platform);
    let (mounts, home, fstab, system_drive) = blocking(STAT_LIMIT, move || {
        Ok((
            lister.mounts()?,
            lister
                .home_dir()
                .map(|home| home.to_string_lossy().into_owned()),
            lister.fstab(),
            lister.system_drive(),
        ))
    })
    .await?;
    let selected = disk::select(&mounts, &profile.disk.paths, &profile.disk.ignore_paths);
    let reads = selected.into_iter().map(|mount| {
        let platform = Arc::clone(&platform);
        async move {
            let point = mount.mount_point.clone();
            let source = mount.source.clone();
            let reader = Arc::clone(&platform);
            let usage = match detached::run(STAT_LIMIT, move || reader.fs_usage(&point)).await {
                Ok(Ok(usage)) => Ok(usage),
                Ok(Err(error)) => Err(error.message),
                Err(timeout) => Err(timeout.to_string()),
            };
            let point = mount.mount_point.clone();
            let read_only = mount.read_only();
            let (sealed, physical_disks, errors, booted_at) =
                detached::run(STAT_LIMIT, move || {
                    let sealed = platform.sealed_by_design(&point);
                    let physical_disks = platform.physical_disks(&source);
                    // Only a read-only filesystem's record can explain anything.
                    let errors = if read_only {
                        platform.fs_errors(&source)
                    } else {
                        None
                    };
                    let booted_at = errors
                        .as_ref()
                        .filter(|e| e.count > 0)
                        .and_then(|_| platform.booted_at());
                    (sealed, physical_disks, errors, booted_at)
                })
                .await
                .unwrap_or_default();
            (mount, usage, sealed, physical_disks, errors, booted_at)
        }
    });
    let read = futures_util::future::join_all(reads).await;
    let filesystems = read
        .into_iter()
        .map(
            |(mount, usage, sealed, physical_disks, errors, booted_at)| {
                let holds_home = disk::holds_home(&mounts, &mount, home.as_deref());
                let configured_read_only = fstab.as_deref().and_then(|text| {
                    crate::platform::formats::parse_fstab_read_only(text, &mount.mount_point)
                });
                DiskFilesystem {
                    filesystem: Filesystem {
                        role: disk::role_of(&mount, holds_home, system_drive.as_deref()),
                        is_system: disk::is_system(&mount, system_drive.as_deref()),
                        holds_home,
                        mount,
                        usage,
                    },
                    configured_read_only,
                    sealed,
                    physical_disks,
                    errors,
                    booted_at,
                }
            },
        )
        .collect();
    Ok(DiskFacts {
        mounts,
        filesystems,
        home,
    })
}

async fn gather_print(
    platform: Arc<dyn Platform>,
    profile: Arc<Profile>,
) -> Result<PrintFacts, FactError> {
    let finder = Arc::clone(&platform);
    let configured = profile.printer.cups_server.clone();
    let (support, (server, source), installed, ever_set_up, user_default) =
        blocking(STAT_LIMIT, move || {
            let located = locate(&configured, &*finder);
            Ok((
                finder.print_support(),
                located.clone(),
                located.1.explicit() || finder.print_system_installed(),
                finder.printer_ever_set_up(),
                finder.user_default_printer(),
            ))
        })
        .await?;
    let system = platform.print_system(&server);
    let limit = Duration::from_millis(profile.printer.request_timeout_ms);
    let queues = match &support {
        Ok(()) => system.queues(limit).await,
        Err(_) => Err(PrintError::Other("not supported".to_owned())),
    };
    Ok(PrintFacts {
        support,
        info: system.info(),
        server,
        source,
        installed,
        ever_set_up,
        queues,
        user_default,
        system,
    })
}

/// Finds the print server: the profile, then the system's own print spooler (Windows), then
/// `CUPS_SERVER`, then the print system's client configuration, then the local socket, then
/// `http://localhost:631`.
pub fn locate(configured: &str, platform: &dyn Platform) -> (Server, Source) {
    use crate::platform::ipp::parse_server;
    if !configured.trim().is_empty() {
        return (parse_server(configured), Source::Profile);
    }
    if platform.print_spooler() {
        return (Server::Spooler, Source::Spooler);
    }
    if let Some(env) = platform.env("CUPS_SERVER").filter(|v| !v.trim().is_empty()) {
        return (parse_server(&env), Source::Environment);
    }
    if let Some(named) = platform.configured_print_server() {
        return (parse_server(&named), Source::ClientConfiguration);
    }
    if let Some(socket) = platform.local_print_socket() {
        return (Server::Socket(socket), Source::LocalSocket);
    }
    (
        Server::Http("http://localhost:631/".to_owned()),
        Source::Localhost,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::platform::recorded::{Call, FACTS_SCHEMA, FactSet, Recorded};

    fn counted(
        calls: &Arc<AtomicUsize>,
        wait: Duration,
        answer: Result<u32, FactError>,
    ) -> impl FnOnce() -> std::pin::Pin<Box<dyn Future<Output = Result<u32, FactError>> + Send>>
    {
        let calls = Arc::clone(calls);
        move || {
            calls.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                tokio::time::sleep(wait).await;
                answer
            })
        }
    }

    #[tokio::test]
    async fn a_fact_is_gathered_once_and_every_asker_gets_the_same_answer() {
        let fact: Fact<u32> = Fact::default();
        let tasks = Mutex::new(Vec::new());
        let calls = Arc::new(AtomicUsize::new(0));
        let waiting: Vec<_> = (0..5)
            .map(|_| fact.get(&tasks, counted(&calls, Duration::from_millis(50), Ok(7))))
            .collect();
        for answer in futures_util::future::join_all(waiting).await {
            assert_eq!(answer, Ok(7));
        }
        assert_eq!(
            fact.get(&tasks, counted(&calls, Duration::ZERO, Ok(8)))
                .await,
            Ok(7)
        );
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn an_error_is_shared_too() {
        let fact: Fact<u32> = Fact::default();
        let tasks = Mutex::new(Vec::new());
        let calls = Arc::new(AtomicUsize::new(0));
        let failed = Err(FactError(OsError::new(OsErrorKind::TimedOut, "no answer")));
        let first = fact.get(&tasks, counted(&calls, Duration::ZERO, failed.clone()));
        let second = fact.get(&tasks, counted(&calls, Duration::ZERO, Ok(1)));
        assert_eq!(first.await, failed);
        assert_eq!(second.await, failed);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn an_asker_that_gives_up_does_not_cancel_the_gathering_for_the_others() {
        let fact: Fact<u32> = Fact::default();
        let tasks = Mutex::new(Vec::new());
        let calls = Arc::new(AtomicUsize::new(0));
        // The first check's own timeout ends its wait long before the fact is ready.
        let impatient = tokio::time::timeout(
            Duration::from_millis(10),
            fact.get(&tasks, counted(&calls, Duration::from_millis(150), Ok(3))),
        )
        .await;
        assert!(impatient.is_err());
        let patient = fact
            .get(&tasks, counted(&calls, Duration::ZERO, Ok(4)))
            .await;
        assert_eq!(patient, Ok(3));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn the_end_of_the_run_ends_what_is_still_gathering() {
        let facts = Facts::new(
            Arc::new(Recorded::new(&FactSet {
                schema: FACTS_SCHEMA.into(),
                recorded_at: String::new(),
                os: "linux".into(),
                profile: String::new(),
                selection: vec![],
                description: String::new(),
                user_names: vec![],
                calls: vec![],
            })),
            Arc::new(Profile::default()),
        );
        let calls = Arc::new(AtomicUsize::new(0));
        let waiting = facts.processes.get(&facts.tasks, {
            let calls = Arc::clone(&calls);
            move || {
                calls.fetch_add(1, Ordering::SeqCst);
                std::future::pending::<Result<Vec<ProcessInfo>, FactError>>()
            }
        });
        facts.end();
        let answer = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("an ended gathering answers at once");
        assert!(
            answer.unwrap_err().to_string().contains("run ended"),
            "a gathering ended with the run is an error"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn the_platform_is_asked_once_however_many_checks_ask() {
        // Two different answers recorded: a second question would see the second one.
        let link = |name: &str| Link {
            name: name.into(),
            ..Link::default()
        };
        let answer = |name: &str| Call {
            call: "interfaces".into(),
            value: serde_json::to_value(Ok::<_, OsError>(vec![link(name)])).unwrap(),
        };
        let set = FactSet {
            schema: FACTS_SCHEMA.into(),
            recorded_at: String::new(),
            os: "linux".into(),
            profile: String::new(),
            selection: vec![],
            description: String::new(),
            user_names: vec![],
            calls: vec![answer("first"), answer("second")],
        };
        let facts = Facts::new(Arc::new(Recorded::new(&set)), Arc::new(Profile::default()));
        let answers = futures_util::future::join_all((0..4).map(|_| facts.links())).await;
        for links in answers {
            assert_eq!(links.unwrap()[0].name, "first");
        }
        assert_eq!(facts.links().await.unwrap()[0].name, "first");
    }
}
