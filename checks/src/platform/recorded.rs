//! Recorded facts: what a platform answered (and what every live probe showed), written as
//! one JSON file by `checkup run --record-facts`, and a [`Platform`] that answers from such a
//! file. Replaying a set runs every check on exactly what that machine showed: the tests use
//! sets recorded in the lab and written from the OS documentation, and a specialist can
//! replay what a user's machine showed.
//!
//! Each answer is kept under the question asked (`mounts`, `fs_usage /home`, `probe tcp
//! 10.0.0.1:53`); a question asked twice keeps both answers, in order.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::ipp::{Job, PrintAction, PrintError, PrintFuture, PrintRights, PrintSystemInfo, Queue};
use super::program::{ProgramError, ProgramOutput};
use super::{
    CacheFolder, FsErrors, FsUsage, HealthReading, HomeUsage, Link, LogLine, LogQuery, MemoryInfo,
    Mount, Neighbour, NetworkManagerAccess, OsError, OsInfo, Platform, Pressure, PrintSystem,
    ProcessInfo, ProxySetting, ResolverSettings, Server, TrashEntry, WifiLink,
};

/// The identifier of a recorded set's format.
pub const FACTS_SCHEMA: &str = "checkup.facts.v1";

/// One answer, by the question asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub call: String,
    pub value: serde_json::Value,
}

/// A set of recorded facts: one run's answers, with the profile it ran with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactSet {
    /// Always [`FACTS_SCHEMA`].
    pub schema: String,
    /// RFC 3339.
    pub recorded_at: String,
    /// `linux`, `windows`, `macos` …
    pub os: String,
    /// The profile the run used, as TOML: its targets are part of what was asked.
    pub profile: String,
    /// What the run was asked to check (`--only`), empty for everything.
    #[serde(default)]
    pub selection: Vec<String>,
    /// Where it came from, for people: "lab: ping dropped beyond the router".
    #[serde(default)]
    pub description: String,
    /// Names the user typed for this run (`--url`): not part of the profile file.
    #[serde(default)]
    pub user_names: Vec<String>,
    pub calls: Vec<Call>,
}

/// Why a recorded set cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FactSetError {
    #[error("the recorded facts could not be read: {0}")]
    Unreadable(String),
    #[error("the file holds {0:?}, not {FACTS_SCHEMA}")]
    Schema(String),
}

impl FactSet {
    /// Reads a set from its JSON text.
    pub fn parse(text: &str) -> Result<FactSet, FactSetError> {
        let set: FactSet =
            serde_json::from_str(text).map_err(|e| FactSetError::Unreadable(e.to_string()))?;
        if set.schema != FACTS_SCHEMA {
            return Err(FactSetError::Schema(set.schema));
        }
        Ok(set)
    }
}

/// Collects answers as a run asks its questions.
#[derive(Debug, Default)]
pub struct Recorder {
    calls: Mutex<Vec<Call>>,
}

impl Recorder {
    pub fn new() -> Arc<Recorder> {
        Arc::new(Recorder::default())
    }

    /// Keeps one answer.
    pub fn keep<T: Serialize>(&self, call: String, value: &T) {
        let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Call { call, value });
    }

    /// Every answer kept so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Answers from a recorded set: each question gets its recorded answers in order, and the
/// last one again when asked more often than recorded.
#[derive(Debug)]
pub struct Replay {
    answers: Mutex<HashMap<String, VecDeque<serde_json::Value>>>,
    last: Mutex<HashMap<String, serde_json::Value>>,
    /// Questions the set holds no answer to, first asked first: a set recorded before a
    /// check learned to ask something, or a hand-written one that left it out.
    unanswered: Mutex<Vec<String>>,
}

impl Replay {
    pub fn new(set: &FactSet) -> Arc<Replay> {
        let mut answers: HashMap<String, VecDeque<serde_json::Value>> = HashMap::new();
        for call in &set.calls {
            answers
                .entry(call.call.clone())
                .or_default()
                .push_back(call.value.clone());
        }
        Arc::new(Replay {
            answers: Mutex::new(answers),
            last: Mutex::new(HashMap::new()),
            unanswered: Mutex::new(Vec::new()),
        })
    }

    /// The questions asked that the set holds no answer to (or none of the right shape).
    pub fn unanswered(&self) -> Vec<String> {
        self.unanswered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The recorded answer to a question, if there is one of the right shape; a question
    /// without one is remembered as unanswered.
    pub fn answer<T: DeserializeOwned>(&self, call: &str) -> Option<T> {
        let answer = self.take(call);
        if answer.is_none() {
            self.missed(call);
        }
        answer
    }

    /// The recorded answer to a question, without remembering a miss.
    pub fn take<T: DeserializeOwned>(&self, call: &str) -> Option<T> {
        // One critical section: a question asked twice at once must not find the queue
        // emptied by the other and the last answer not yet kept.
        let mut answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        let next = answers.get_mut(call).and_then(VecDeque::pop_front);
        let value = {
            let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
            match next {
                Some(value) => {
                    last.insert(call.to_owned(), value.clone());
                    Some(value)
                }
                None => last.get(call).cloned(),
            }
        };
        drop(answers);
        value.and_then(|value| serde_json::from_value(value).ok())
    }

    /// Whether the set holds any answer to a question.
    pub fn holds(&self, call: &str) -> bool {
        self.answers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(call)
    }

    /// Remembers a question the set holds no answer to.
    pub fn missed(&self, call: &str) {
        let mut unanswered = self
            .unanswered
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !unanswered.iter().any(|c| c == call) {
            unanswered.push(call.to_owned());
        }
    }
}

fn not_recorded(what: &str) -> OsError {
    OsError::unsupported(format!("{what} was not recorded"))
}

/// A platform whose every answer is kept in a [`Recorder`].
#[derive(Debug)]
pub struct Recording {
    pub inner: Arc<dyn Platform>,
    pub recorder: Arc<Recorder>,
}

impl Recording {
    fn keep<T: Serialize>(&self, call: impl Into<String>, value: T) -> T {
        self.recorder.keep(call.into(), &value);
        value
    }
}

/// A platform that answers from a recorded set.
#[derive(Debug)]
pub struct Recorded {
    pub replay: Arc<Replay>,
}

impl Recorded {
    pub fn new(set: &FactSet) -> Recorded {
        Recorded {
            replay: Replay::new(set),
        }
    }

    /// A platform answering from `replay`, which probes share.
    pub fn from_replay(replay: Arc<Replay>) -> Recorded {
        Recorded { replay }
    }

    fn answer<T: DeserializeOwned>(&self, call: impl AsRef<str>) -> Option<T> {
        self.replay.answer(call.as_ref())
    }
}

/// Implements [`Platform`] for [`Recording`] (asking the inner platform and keeping the
/// answer) and [`Recorded`] (answering from the set, or with a default when the set does
/// not hold the answer), for every method with the same question key.
macro_rules! recorded_platform {
    ($(fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $out:ty = $key:expr, $default:expr;)*) => {
        impl Platform for Recording {
            $(fn $name(&self $(, $arg: $ty)*) -> $out {
                let key: String = $key;
                let value = self.inner.$name($($arg),*);
                self.keep(key, value)
            })*

            fn run_program(
                &self,
                program: &str,
                args: &[&str],
                limit: Duration,
                cap: usize,
            ) -> Result<ProgramOutput, ProgramError> {
                let value = self.inner.run_program(program, args, limit, cap);
                self.keep(format!("run {program} {}", args.join(" ")), value)
            }

            fn print_system(&self, server: &Server) -> Arc<dyn PrintSystem> {
                let key = format!("print {server}");
                let inner = self.inner.print_system(server);
                self.keep(format!("{key} info"), inner.info());
                Arc::new(RecordingPrint {
                    inner,
                    recorder: Arc::clone(&self.recorder),
                    key,
                })
            }
        }

        impl Platform for Recorded {
            $(fn $name(&self $(, $arg: $ty)*) -> $out {
                let key: String = $key;
                $(let _ = &$arg;)*
                self.answer(&key).unwrap_or_else(|| $default)
            })*

            fn run_program(
                &self,
                program: &str,
                args: &[&str],
                _limit: Duration,
                _cap: usize,
            ) -> Result<ProgramOutput, ProgramError> {
                self.answer(format!("run {program} {}", args.join(" ")))
                    .unwrap_or_else(|| Err(ProgramError::NotFound(program.to_owned())))
            }

            fn print_system(&self, server: &Server) -> Arc<dyn PrintSystem> {
                let key = format!("print {server}");
                Arc::new(RecordedPrint {
                    info: self.answer(format!("{key} info")).unwrap_or_else(|| PrintSystemInfo {
                        kind: "recorded".to_owned(),
                        server: server.to_string(),
                    }),
                    replay: Arc::clone(&self.replay),
                    key,
                })
            }
        }
    };
}

recorded_platform! {
    fn os_info(&self) -> OsInfo = "os_info".into(), OsInfo::default();
    fn awake_time(&self) -> Result<Duration, OsError> = "awake_time".into(), Err(not_recorded("awake time"));
    fn boot_time(&self) -> Result<u64, OsError> = "boot_time".into(), Err(not_recorded("boot time"));
    fn now(&self) -> SystemTime = "now".into(), SystemTime::UNIX_EPOCH;
    fn memory(&self) -> Result<MemoryInfo, OsError> = "memory".into(), Err(not_recorded("memory"));
    fn pressure(&self, resource: &str) -> Result<Pressure, OsError> = format!("pressure {resource}"), Err(not_recorded("pressure"));
    fn swap_activity(&self) -> Result<u64, OsError> = "swap_activity".into(), Err(not_recorded("paging activity"));
    fn load_average(&self) -> Option<(f64, f64, f64)> = "load_average".into(), None;
    fn processes(&self) -> Result<Vec<ProcessInfo>, OsError> = "processes".into(), Err(not_recorded("processes"));
    fn busy_processes(&self, window: Duration) -> Result<Vec<ProcessInfo>, OsError> = "busy_processes".into(), Ok(Vec::new());
    fn cpu_count(&self) -> usize = "cpu_count".into(), 1;
    fn cpu_busy(&self, window: Duration) -> Result<f64, OsError> = "cpu_busy".into(), Err(not_recorded("processor time"));
    fn env(&self, name: &str) -> Option<String> = format!("env {name}"), None;
    fn home_dir(&self) -> Option<PathBuf> = "home_dir".into(), None;
    fn user_name(&self) -> Option<String> = "user_name".into(), None;
    fn system_profile_path(&self) -> Option<PathBuf> = "system_profile_path".into(), None;
    fn interfaces(&self) -> Result<Vec<Link>, OsError> = "interfaces".into(), Err(not_recorded("the interface list"));
    fn wifi_radio_blocked(&self) -> Option<bool> = "wifi_radio_blocked".into(), None;
    fn wifi_link(&self, interface: &str) -> Option<WifiLink> = format!("wifi_link {interface}"), None;
    fn neighbour(&self, ip: IpAddr) -> Option<Neighbour> = format!("neighbour {ip}"), None;
    fn resolver_settings(&self) -> Result<ResolverSettings, OsError> = "resolver_settings".into(), Err(not_recorded("the name server settings"));
    fn hosts_file(&self) -> (String, Result<String, OsError>) = "hosts_file".into(), (String::new(), Err(not_recorded("the hosts file")));
    fn desktop_proxy(&self) -> Vec<ProxySetting> = "desktop_proxy".into(), Vec::new();
    fn mounts(&self) -> Result<Vec<Mount>, OsError> = "mounts".into(), Err(not_recorded("the list of disks"));
    fn fs_usage(&self, mount_point: &str) -> Result<FsUsage, OsError> = format!("fs_usage {mount_point}"), Err(not_recorded("disk space"));
    fn fstab(&self) -> Option<String> = "fstab".into(), None;
    fn sealed_by_design(&self, mount_point: &str) -> bool = format!("sealed_by_design {mount_point}"), false;
    fn physical_disks(&self, source: &str) -> Vec<String> = format!("physical_disks {source}"), Vec::new();
    fn removable(&self, source: &str) -> bool = format!("removable {source}"), false;
    fn system_drive(&self) -> Option<String> = "system_drive".into(), None;
    fn disk_health(&self, device: &str, limit: Duration) -> HealthReading = format!("disk_health {device}"), HealthReading::Unsupported("not recorded".to_owned());
    fn fs_errors(&self, source: &str) -> Option<FsErrors> = format!("fs_errors {source}"), None;
    fn log_lines(&self, query: &LogQuery, limit: Duration) -> Result<Vec<LogLine>, String> = format!("log_lines {}", serde_json::to_string(query).unwrap_or_default()), Err(format!("the {} was not recorded", query.source.name()));
    fn home_usage(&self, home: &Path, budget: Duration) -> HomeUsage = format!("home_usage {}", home.display()), HomeUsage { home: home.to_owned(), ..HomeUsage::default() };
    fn trash(&self) -> Result<Vec<TrashEntry>, OsError> = "trash".into(), Err(not_recorded("the trash"));
    fn caches(&self) -> Vec<CacheFolder> = "caches".into(), Vec::new();
    fn network_manager(&self) -> Option<NetworkManagerAccess> = "network_manager".into(), None;
    fn print_support(&self) -> Result<(), String> = "print_support".into(), Err("printing was not recorded".to_owned());
    fn print_system_installed(&self) -> bool = "print_system_installed".into(), false;
    fn printer_ever_set_up(&self) -> (bool, String) = "printer_ever_set_up".into(), (true, String::new());
    fn configured_print_server(&self) -> Option<String> = "configured_print_server".into(), None;
    fn local_print_socket(&self) -> Option<PathBuf> = "local_print_socket".into(), None;
    fn print_spooler(&self) -> bool = "print_spooler".into(), false;
    fn user_default_printer(&self) -> Option<String> = "user_default_printer".into(), None;
}

/// A print system whose every answer is kept.
#[derive(Debug)]
struct RecordingPrint {
    inner: Arc<dyn PrintSystem>,
    recorder: Arc<Recorder>,
    key: String,
}

impl PrintSystem for RecordingPrint {
    fn info(&self) -> PrintSystemInfo {
        self.inner.info()
    }

    fn queues(&self, limit: Duration) -> PrintFuture<'_, (Vec<Queue>, Duration)> {
        Box::pin(async move {
            let answer = self.inner.queues(limit).await;
            self.recorder.keep(format!("{} queues", self.key), &answer);
            answer
        })
    }

    fn jobs(&self, limit: Duration) -> PrintFuture<'_, Vec<Job>> {
        Box::pin(async move {
            let answer = self.inner.jobs(limit).await;
            self.recorder.keep(format!("{} jobs", self.key), &answer);
            answer
        })
    }

    fn default_queue(&self, limit: Duration) -> PrintFuture<'_, Option<String>> {
        Box::pin(async move {
            let answer = self.inner.default_queue(limit).await;
            self.recorder.keep(format!("{} default", self.key), &answer);
            answer
        })
    }

    fn rights(&self) -> PrintRights {
        let answer = self.inner.rights();
        self.recorder.keep(format!("{} rights", self.key), &answer);
        answer
    }

    /// Changes are never recorded: a replay must not repeat them.
    fn act(&self, action: &PrintAction, limit: Duration) -> PrintFuture<'_, ()> {
        self.inner.act(action, limit)
    }

    fn log_lines(&self, since: u64, limit: Duration) -> PrintFuture<'_, Vec<LogLine>> {
        Box::pin(async move {
            let answer = self.inner.log_lines(since, limit).await;
            self.recorder
                .keep(format!("{} log since {since}", self.key), &answer);
            answer
        })
    }
}

/// A print system that answers from a recorded set.
#[derive(Debug)]
struct RecordedPrint {
    info: PrintSystemInfo,
    replay: Arc<Replay>,
    key: String,
}

impl RecordedPrint {
    fn answer<T: DeserializeOwned>(&self, what: &str) -> Result<T, PrintError> {
        self.replay
            .answer::<Result<T, PrintError>>(&format!("{} {what}", self.key))
            .unwrap_or_else(|| Err(PrintError::NotListening(self.info.server.clone())))
    }
}

impl PrintSystem for RecordedPrint {
    fn info(&self) -> PrintSystemInfo {
        self.info.clone()
    }

    fn queues(&self, _limit: Duration) -> PrintFuture<'_, (Vec<Queue>, Duration)> {
        Box::pin(async move { self.answer("queues") })
    }

    fn jobs(&self, _limit: Duration) -> PrintFuture<'_, Vec<Job>> {
        Box::pin(async move { self.answer("jobs") })
    }

    fn default_queue(&self, _limit: Duration) -> PrintFuture<'_, Option<String>> {
        Box::pin(async move { self.answer("default") })
    }

    fn log_lines(&self, since: u64, _limit: Duration) -> PrintFuture<'_, Vec<LogLine>> {
        Box::pin(async move { self.answer(&format!("log since {since}")) })
    }

    fn rights(&self) -> PrintRights {
        self.replay
            .answer(&format!("{} rights", self.key))
            .unwrap_or_else(|| PrintRights::denied("who may manage printers was not recorded"))
    }

    fn act(&self, _action: &PrintAction, _limit: Duration) -> PrintFuture<'_, ()> {
        Box::pin(async {
            Err(PrintError::Other(
                "a recorded run cannot change anything".to_owned(),
            ))
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn answers_replay_in_order_and_the_last_one_repeats() {
        let recorder = Recorder::new();
        recorder.keep("env HOME".into(), &Some("/home/a"));
        recorder.keep("fs_usage /".into(), &Ok::<u64, OsError>(1));
        recorder.keep("fs_usage /".into(), &Ok::<u64, OsError>(2));
        let set = FactSet {
            schema: FACTS_SCHEMA.into(),
            recorded_at: String::new(),
            os: "linux".into(),
            profile: String::new(),
            selection: vec![],
            description: String::new(),
            user_names: vec![],
            calls: recorder.calls(),
        };
        let text = serde_json::to_string(&set).unwrap();
        let replay = Replay::new(&FactSet::parse(&text).unwrap());
        assert_eq!(
            replay.answer::<Option<String>>("env HOME"),
            Some(Some("/home/a".into()))
        );
        let read = |replay: &Replay| replay.answer::<Result<u64, OsError>>("fs_usage /");
        assert_eq!(read(&replay), Some(Ok(1)));
        assert_eq!(read(&replay), Some(Ok(2)));
        assert_eq!(read(&replay), Some(Ok(2)));
        assert_eq!(replay.answer::<u64>("never asked"), None);
        assert!(matches!(
            FactSet::parse(
                "{\"schema\": \"other\", \"recorded_at\": \"\", \"os\": \"\", \"profile\": \"\", \"calls\": []}"
            ),
            Err(FactSetError::Schema(_))
        ));
        assert!(FactSet::parse("not json").is_err());
    }
}
