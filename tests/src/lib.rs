//! Helpers shared by Checkup's integration and end-to-end tests.
//!
//! The tests drive the real `checkup` binary. `cargo test --workspace` builds it (the engine
//! package's own tests need it); set `CHECKUP_BIN` to test another build.

// Test helpers: failing loudly with a clear message is their job.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

/// The workspace root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The `checkup` binary under test.
pub fn checkup_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(path) = std::env::var_os("CHECKUP_BIN") {
            return PathBuf::from(path);
        }
        // Build it, so a test run never drives a stale binary. Cargo is not holding the
        // build lock while tests run.
        build_checkup(&[]);
        let path = assert_cmd::cargo::cargo_bin("checkup");
        assert!(
            path.is_file(),
            "{} is missing: build it first with `cargo build -p checkup-checks`, \
             or run the whole suite with `cargo test --workspace`",
            path.display()
        );
        path
    })
    .clone()
}

/// Builds the `checkup` binary with any `extra` cargo arguments (`--release`, `--target`,
/// more packages or binaries); a failed build fails the test that asked for it.
pub fn build_checkup(extra: &[&str]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "-p",
            "checkup-checks",
            "--bin",
            "checkup",
        ])
        .args(extra)
        .current_dir(repo_root())
        .status();
    assert!(
        status.as_ref().is_ok_and(std::process::ExitStatus::success),
        "building checkup {} failed: {status:?}",
        extra.join(" ")
    );
}

/// The release `checkup` binary for the benchmarks, built first with any `extra` cargo
/// arguments (more packages or binaries). `CHECKUP_BIN` names another build instead, to
/// compare two versions on the same machine.
pub fn release_checkup_bin(extra: &[&str]) -> PathBuf {
    let root = repo_root();
    build_checkup(&[&["--release"], extra].concat());
    std::env::var_os("CHECKUP_BIN").map_or_else(|| root.join("target/release/checkup"), Into::into)
}

/// A fresh, empty data folder (`XDG_DATA_HOME`) for one `checkup` process, under the
/// build's own `target/tmp`: no test writes its history into a real home folder, and no
/// test's runs show up in another's `changes`. Folders left by earlier test processes that
/// have ended are removed on the first call. Writable by the unprivileged user some tests
/// run as.
pub fn fresh_data_home() -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static CLEANED: OnceLock<()> = OnceLock::new();
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let root = repo_root().join("target/tmp/data-homes");
    CLEANED.get_or_init(|| {
        // Folders of processes that have ended go; so does one under this process's own
        // number, left by an earlier process that had it: nothing of this one exists yet.
        let own = std::process::id();
        for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let alive = name.parse::<u32>().is_ok_and(|pid| {
                pid != own && std::path::Path::new(&format!("/proc/{pid}")).exists()
            });
            if !alive {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    });
    let mine = root.join(std::process::id().to_string());
    let dir = mine.join(COUNT.fetch_add(1, Ordering::Relaxed).to_string());
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    for path in [&root, &mine, &dir] {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o1777));
    }
    dir
}

/// A command running `checkup` with a clean environment: no profile from the environment,
/// no log noise, a fresh data folder.
pub fn checkup() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(checkup_bin());
    command
        .env("XDG_DATA_HOME", fresh_data_home())
        .env_remove("CHECKUP_PROFILE")
        .env_remove("CHECKUP_LOG")
        .timeout(std::time::Duration::from_secs(60));
    command
}

/// Ends a process this test started: SIGTERM by PID, then SIGKILL if it lingers.
pub fn stop(child: &mut std::process::Child) {
    let _ = std::process::Command::new("kill")
        .arg(child.id().to_string())
        .output();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while std::time::Instant::now() < deadline {
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The committed JSON Schema of `checkup.report.v1`.
pub fn report_schema() -> serde_json::Value {
    let path = repo_root().join("checks/schema/checkup.report.v1.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()))
}

/// Validation errors of a document against the committed schema; empty when valid.
pub fn schema_errors(document: &serde_json::Value) -> Vec<String> {
    let schema = report_schema();
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|error| panic!("the committed schema is not a valid schema: {error}"));
    validator
        .iter_errors(document)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

/// Real filesystems for the disk tests: images made by the real `mkfs` tools, loop-mounted
/// inside a private mount namespace that lives exactly as long as one `checkup` process, so
/// mounts and loop devices vanish with it even when a test fails.
pub mod disks {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    /// A folder of images and mount points, removed on drop.
    #[derive(Debug)]
    pub struct Lab {
        dir: tempfile::TempDir,
        setup: Vec<String>,
    }

    /// Fails the test with a clear message when a fixture command fails.
    pub fn sh(script: &str) {
        let output = Command::new("sh").args(["-ec", script]).output().unwrap();
        assert!(
            output.status.success(),
            "fixture command failed: {script}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn quote(path: &Path) -> String {
        format!("'{}'", path.display().to_string().replace('\'', "'\\''"))
    }

    impl Lab {
        /// Needs root for `unshare --mount` and loop devices, as on the project's machines.
        pub fn new() -> Lab {
            assert!(
                nix_is_root(),
                "the disk tests mount real filesystems and need root (run them with sudo)"
            );
            let dir = tempfile::tempdir().unwrap();
            // Readable by the unprivileged user of the no-privilege tests.
            sh(&format!("chmod 755 {}", quote(dir.path())));
            Lab {
                dir,
                setup: Vec::new(),
            }
        }

        pub fn path(&self, name: &str) -> PathBuf {
            self.dir.path().join(name)
        }

        /// Makes an image with `mkfs` (`mkfs.ext4 -q -F`, `mkfs.btrfs -q -f` …) and mounts it at
        /// `mnt-<name>` when `checkup` runs. Returns the mount point.
        pub fn filesystem(&mut self, name: &str, size: &str, mkfs: &str) -> PathBuf {
            let mount_point = self.path(&format!("mnt-{name}"));
            self.filesystem_at(name, size, mkfs, &mount_point)
        }

        /// Like [`Lab::filesystem`], mounted at a folder of the caller's choosing.
        pub fn filesystem_at(
            &mut self,
            name: &str,
            size: &str,
            mkfs: &str,
            mount_point: &Path,
        ) -> PathBuf {
            let image = self.path(&format!("{name}.img"));
            let mount_point = mount_point.to_owned();
            std::fs::create_dir_all(&mount_point).unwrap();
            sh(&format!(
                "truncate -s {size} {img} && {mkfs} {img} >/dev/null 2>&1",
                img = quote(&image)
            ));
            self.setup.push(format!(
                "mount -o loop {} {}",
                quote(&image),
                quote(&mount_point)
            ));
            mount_point
        }

        /// A squashfs image of a small folder, mounted at `mnt-<name>`.
        pub fn squashfs(&mut self, name: &str) -> PathBuf {
            let source = self.path(&format!("{name}-content"));
            std::fs::create_dir_all(&source).unwrap();
            std::fs::write(source.join("file"), vec![1u8; 100_000]).unwrap();
            let image = self.path(&format!("{name}.img"));
            let mount_point = self.path(&format!("mnt-{name}"));
            std::fs::create_dir_all(&mount_point).unwrap();
            sh(&format!(
                "mksquashfs {} {} -quiet -noappend >/dev/null",
                quote(&source),
                quote(&image)
            ));
            self.setup.push(format!(
                "mount -t squashfs -o loop {} {}",
                quote(&image),
                quote(&mount_point)
            ));
            mount_point
        }

        /// A shell step run after the mounts, inside the namespace (fill a disk, remount …).
        pub fn then(&mut self, step: &str) {
            self.setup.push(step.to_owned());
        }

        /// Fills the filesystem at `mount_point` to about 99%.
        pub fn fill(&mut self, mount_point: &Path) {
            let m = quote(mount_point);
            self.then(&format!(
                "avail=$(df --output=avail -B1 {m} | tail -1); fallocate -l $((avail * 99 / 100)) {m}/filler"
            ));
        }

        /// Runs `checkup ARGS` in the namespace with a private host name as well (a UTS
        /// namespace), so the test can set a canary host name.
        pub fn run_in_uts(&self, args: &[&str], envs: &[(&str, &str)]) -> Output {
            self.command(args, envs, false, true, None)
        }

        /// Like [`Lab::run_in_uts`], in a process namespace of its own too: the run sees only
        /// the processes the lab's steps started.
        pub fn run_isolated(&self, args: &[&str], envs: &[(&str, &str)]) -> Output {
            self.command_in(args, envs, false, true, true, None)
        }

        /// Runs `checkup ARGS`, then `after` in the same namespace, printing `exit=N` first.
        pub fn run_then(&self, args: &[&str], after: &str) -> Output {
            self.command(args, &[], false, false, Some(after))
        }

        /// Like [`Lab::run_then`], with environment variables for `checkup`.
        pub fn run_with_then(&self, args: &[&str], envs: &[(&str, &str)], after: &str) -> Output {
            self.command(args, envs, false, false, Some(after))
        }

        /// Runs `checkup ARGS` in the namespace, optionally as the unprivileged `nobody`.
        pub fn run(&self, args: &[&str], envs: &[(&str, &str)], unprivileged: bool) -> Output {
            self.command(args, envs, unprivileged, false, None)
        }

        fn command(
            &self,
            args: &[&str],
            envs: &[(&str, &str)],
            unprivileged: bool,
            uts: bool,
            after: Option<&str>,
        ) -> Output {
            self.command_in(args, envs, unprivileged, uts, false, after)
        }

        fn command_in(
            &self,
            args: &[&str],
            envs: &[(&str, &str)],
            unprivileged: bool,
            uts: bool,
            pid: bool,
            after: Option<&str>,
        ) -> Output {
            let mut script = self.setup.join("\n");
            let runner = if unprivileged {
                "setpriv --reuid=65534 --regid=65534 --clear-groups "
            } else {
                ""
            };
            match after {
                None => script.push_str(&format!("\nexec {runner}\"$0\" \"$@\"")),
                Some(after) => script.push_str(&format!(
                    "\nset +e\n{runner}\"$0\" \"$@\"\necho exit=$?\n{after}"
                )),
            }
            let mut namespaces = vec!["60", "unshare", "--mount", "--propagation", "private"];
            if uts {
                namespaces.push("--uts");
            }
            if pid {
                namespaces.extend(["--pid", "--fork", "--mount-proc"]);
            }
            let mut command = Command::new("timeout");
            command
                .args(&namespaces)
                .args(["sh", "-ec", &script])
                .arg(crate::checkup_bin())
                .args(args)
                .env("XDG_DATA_HOME", crate::fresh_data_home())
                .env_remove("CHECKUP_PROFILE")
                .env_remove("CHECKUP_LOG");
            for (key, value) in envs {
                command.env(key, value);
            }
            command.output().unwrap()
        }
    }

    impl Default for Lab {
        fn default() -> Self {
            Lab::new()
        }
    }

    fn nix_is_root() -> bool {
        Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
    }
}

/// Network namespaces with real servers, for the network and DNS tests.
pub mod net;

/// Reading reports in tests.
pub mod report {
    use serde_json::Value;

    /// Parses stdout as a report, failing with what was printed.
    pub fn parse(output: &std::process::Output) -> Value {
        serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
            panic!(
                "stdout is not JSON ({error}):\n{}\nstderr:\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        })
    }

    /// The findings of a check, optionally for one subject.
    pub fn findings<'a>(report: &'a Value, id: &str, subject: Option<&str>) -> Vec<&'a Value> {
        report["findings"]
            .as_array()
            .map(|all| {
                all.iter()
                    .filter(|f| f["id"] == id && subject.is_none_or(|s| f["subject"] == s))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The status of the one finding of a check for a subject.
    pub fn status(report: &Value, id: &str, subject: &str) -> String {
        let found = findings(report, id, Some(subject));
        assert_eq!(
            found.len(),
            1,
            "{id} for {subject}: {found:#?}\nall: {:#}",
            report["findings"]
        );
        found[0]["status"].as_str().unwrap_or_default().to_owned()
    }

    /// `checkup report verify` says the archive at `path` is intact and valid (exit 0).
    pub fn assert_verifies(path: &std::path::Path) {
        let verify = crate::checkup()
            .args(["report", "verify"])
            .arg(path)
            .output()
            .unwrap();
        assert_eq!(
            verify.status.code(),
            Some(0),
            "{}{}",
            String::from_utf8_lossy(&verify.stdout),
            String::from_utf8_lossy(&verify.stderr)
        );
    }

    /// An evidence value of a finding.
    pub fn evidence<'a>(finding: &'a Value, key: &str) -> &'a Value {
        finding["evidence"]
            .as_array()
            .and_then(|all| all.iter().find(|e| e["key"] == key))
            .map_or(&Value::Null, |e| &e["value"])
    }

    /// Every text value of a repeated evidence key (`log_line`), in order.
    pub fn evidence_texts(finding: &Value, key: &str) -> Vec<String> {
        finding["evidence"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["key"] == key)
            .filter_map(|e| e["value"].as_str().map(str::to_owned))
            .collect()
    }

    /// Parses a run's report and checks it against the schema, and its exit code against
    /// its findings (1 exactly when one is `fail` or `error`).
    pub fn checked(output: &std::process::Output) -> Value {
        let report = parse(output);
        let errors = crate::schema_errors(&report);
        assert!(errors.is_empty(), "{errors:?}");
        let problem = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["status"] == "fail" || f["status"] == "error");
        assert_eq!(
            output.status.code(),
            Some(i32::from(problem)),
            "exit code\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        report
    }

    /// The one finding of a check (no subject, or the only one).
    pub fn one<'a>(report: &'a Value, id: &str) -> &'a Value {
        let found = findings(report, id, None);
        assert_eq!(found.len(), 1, "{id}: {found:#?}");
        found[0]
    }

    /// Every finding on a line, for failure messages.
    pub fn summary(report: &Value) -> String {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {} {} {}: {}",
                    f["id"], f["subject"], f["status"], f["message_id"], f["summary"]
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The ids of the root causes, in order.
    pub fn causes(report: &Value) -> Vec<String> {
        report["root_causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// A private print system for the printer tests: a D-Bus system bus of its own, a `cupsd`
/// listening only on a socket in a temporary folder, and `ippeveprinter` simulated printers
/// on loopback. Every process is ended by PID when the lab is dropped, even on failure.
pub mod printers {
    use crate::stop;
    use std::net::TcpListener;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Output, Stdio};
    use std::time::{Duration, Instant};

    /// CUPS' default policy, as Debian ships it, for the operations Checkup uses.
    const RESTRICTED_POLICY: &str = "DefaultAuthType Basic
<Policy default>
  JobPrivateAccess default
  JobPrivateValues default
  <Limit Create-Job Print-Job Print-URI Validate-Job>
    Order deny,allow
  </Limit>
  <Limit Send-Document Send-URI Hold-Job Release-Job Restart-Job Purge-Jobs Set-Job-Attributes Cancel-My-Jobs Close-Job CUPS-Move-Job CUPS-Get-Document>
    Require user @OWNER @SYSTEM
    Order deny,allow
  </Limit>
  <Limit CUPS-Add-Modify-Printer CUPS-Delete-Printer CUPS-Add-Modify-Class CUPS-Delete-Class CUPS-Set-Default CUPS-Get-Devices>
    AuthType Default
    Require user @SYSTEM
    Order deny,allow
  </Limit>
  <Limit Pause-Printer Resume-Printer Enable-Printer Disable-Printer Pause-Printer-After-Current-Job Hold-New-Jobs Release-Held-New-Jobs Deactivate-Printer Activate-Printer Restart-Printer Shutdown-Printer Startup-Printer Promote-Job Schedule-Job-After Cancel-Jobs CUPS-Accept-Jobs CUPS-Reject-Jobs>
    AuthType Default
    Require user @SYSTEM
    Order deny,allow
  </Limit>
  <Limit Cancel-Job CUPS-Authenticate-Job>
    Require user @OWNER @SYSTEM
    Order deny,allow
  </Limit>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
";

    /// The scheduler's configuration: its socket in the lab's folder, and `policy`.
    fn cupsd_conf(root: &str, policy: &str) -> String {
        format!(
            "Listen {root}/cups.sock\nBrowsing No\nLogLevel warn\nAccessLogLevel all\nDirtyCleanInterval 0\n\
             <Location />\n  Order allow,deny\n  Allow all\n</Location>\n{policy}"
        )
    }

    fn start_cupsd(root: &Path) -> Child {
        Command::new("cupsd")
            .args(["-f", "-c"])
            .arg(root.join("cupsd.conf"))
            .arg("-s")
            .arg(root.join("cups-files.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cupsd starts (package cups-daemon)")
    }

    #[derive(Debug)]
    pub struct PrintLab {
        dir: tempfile::TempDir,
        dbus: Option<Child>,
        cupsd: Option<Child>,
        printers: Vec<(String, Child, u16)>,
    }

    fn free_port() -> u16 {
        TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap()
    }

    fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !ready() {
            assert!(
                Instant::now() < deadline,
                "{what} did not become ready within 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    impl PrintLab {
        /// Starts D-Bus and cupsd, and waits until the scheduler answers. Anyone may do
        /// anything on this scheduler.
        pub fn start() -> PrintLab {
            PrintLab::start_with(
                "DefaultAuthType None\n<Policy default>\n  <Limit All>\n    Order allow,deny\n    Allow all\n  </Limit>\n</Policy>\n",
            )
        }

        /// Restarts the scheduler under CUPS' own default policy, keeping its queues:
        /// managing printers (pause, resume, accept, reject) is then for its administrators
        /// (`SystemGroup root`, known over the socket by their peer credentials, never by a
        /// password), and a job is its owner's. Add the printers first (adding one needs an
        /// administrator), then change their state: root still may, by its peer credentials.
        /// The lab's folder is opened to every user, so `nobody` can reach the socket.
        pub fn restrict(&mut self) {
            if let Some(mut child) = self.cupsd.take() {
                stop(&mut child);
            }
            let r = self.dir.path().display().to_string();
            std::fs::write(self.path("cupsd.conf"), cupsd_conf(&r, RESTRICTED_POLICY)).unwrap();
            let _ = std::fs::remove_file(self.socket());
            self.cupsd = Some(start_cupsd(self.dir.path()));
            wait_until("cupsd", || self.cups("lpstat", &["-r"]).status.success());
            let _ = Command::new("chmod").args(["755"]).arg(self.dir()).status();
        }

        fn start_with(policy: &str) -> PrintLab {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            for sub in ["spool", "cache", "state", "tmp", "log", "ppd"] {
                std::fs::create_dir_all(root.join(sub)).unwrap();
            }
            let r = root.display();
            std::fs::write(root.join("cupsd.conf"), cupsd_conf(&r.to_string(), policy)).unwrap();
            std::fs::write(
                root.join("cups-files.conf"),
                format!(
                    "ServerRoot {r}\nRequestRoot {r}/spool\nCacheDir {r}/cache\nStateDir {r}/state\nTempDir {r}/tmp\n\
                     AccessLog {r}/log/access_log\nErrorLog {r}/log/error_log\nPageLog {r}/log/page_log\n\
                     User lp\nGroup lp\nSystemGroup root\nSandboxing Relaxed\n"
                ),
            )
            .unwrap();
            std::fs::write(
                root.join("dbus.conf"),
                format!(
                    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \
                     \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\
                     <busconfig><type>system</type><listen>unix:path={r}/dbus.sock</listen><auth>EXTERNAL</auth>\
                     <policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/><allow receive_sender=\"*\"/>\
                     <allow eavesdrop=\"true\"/><allow own=\"*\"/><allow user=\"*\"/></policy></busconfig>"
                ),
            )
            .unwrap();
            let dbus = Command::new("dbus-daemon")
                .arg(format!("--config-file={r}/dbus.conf"))
                .args(["--nofork", "--nopidfile"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("dbus-daemon starts (package dbus)");
            let cupsd = start_cupsd(root);
            let lab = PrintLab {
                dir,
                dbus: Some(dbus),
                cupsd: Some(cupsd),
                printers: Vec::new(),
            };
            wait_until("the D-Bus system bus", || lab.path("dbus.sock").exists());
            wait_until("cupsd", || lab.cups("lpstat", &["-r"]).status.success());
            lab
        }

        pub fn path(&self, name: &str) -> PathBuf {
            self.dir.path().join(name)
        }

        /// The scheduler's socket, for the profile's `printer.cups_server`.
        pub fn socket(&self) -> PathBuf {
            self.path("cups.sock")
        }

        /// A profile pointing at this lab, plus extra TOML for `[printer]`.
        pub fn profile(&self, printer_extra: &str) -> PathBuf {
            let path = self.path("profile.toml");
            std::fs::write(
                &path,
                format!(
                    "[printer]\ncups_server = \"{}\"\n{printer_extra}\n",
                    self.socket().display()
                ),
            )
            .unwrap();
            path
        }

        /// Runs a CUPS command-line tool against this lab's scheduler.
        pub fn cups(&self, tool: &str, args: &[&str]) -> Output {
            Command::new(tool)
                .args(args)
                .env("CUPS_SERVER", self.socket())
                .output()
                .unwrap()
        }

        /// Like [`PrintLab::cups`], failing the test when the tool fails. A scheduler that
        /// says it is busy (`service-unavailable`, seen right after a restart under load) is
        /// asked again, for up to 20 s.
        pub fn must(&self, tool: &str, args: &[&str]) {
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let output = self.cups(tool, args);
                let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
                if output.status.success() {
                    return;
                }
                assert!(
                    stderr.contains("service-unavailable") && Instant::now() < deadline,
                    "{tool} {args:?}: {stderr}"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }

        /// Starts a simulated IPP Everywhere printer and adds a queue for it. The printer
        /// takes two seconds per document, so a run can see it printing.
        pub fn add_printer(&mut self, queue: &str) -> u16 {
            let port = free_port();
            let work = self.path("print-takes-two-seconds.sh");
            std::fs::write(&work, "#!/bin/sh\nsleep 2\n").unwrap();
            std::fs::set_permissions(&work, std::os::unix::fs::PermissionsExt::from_mode(0o755))
                .unwrap();
            let child = Command::new("ippeveprinter")
                .args([
                    "-n",
                    "localhost",
                    "-p",
                    &port.to_string(),
                    "-r",
                    "off",
                    "-c",
                ])
                .arg(&work)
                .arg(queue)
                .env(
                    "DBUS_SYSTEM_BUS_ADDRESS",
                    format!("unix:path={}", self.path("dbus.sock").display()),
                )
                .current_dir(self.dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("ippeveprinter starts (package cups-ipp-utils)");
            self.printers.push((queue.to_owned(), child, port));
            wait_until("ippeveprinter", || {
                std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
            });
            self.must(
                "lpadmin",
                &[
                    "-p",
                    queue,
                    "-E",
                    "-v",
                    &format!("ipp://localhost:{port}/ipp/print"),
                    "-m",
                    "everywhere",
                ],
            );
            self.settle(queue);
            port
        }

        /// Waits until the scheduler has made the queue's IPP Everywhere description, which it
        /// does after `lpadmin` returns: finishing, it marks the queue available, which would
        /// undo a pause made before.
        fn settle(&self, queue: &str) {
            wait_until("the queue's description", || {
                self.path(&format!("cache/{queue}.data")).exists()
            });
            self.must("lpstat", &["-r"]);
        }

        /// Adds another queue for a simulated printer already running on `port`.
        pub fn add_queue(&self, queue: &str, port: u16) {
            self.must(
                "lpadmin",
                &[
                    "-p",
                    queue,
                    "-E",
                    "-v",
                    &format!("ipp://localhost:{port}/ipp/print"),
                    "-m",
                    "everywhere",
                ],
            );
            self.settle(queue);
        }

        /// Ends a simulated printer, as if it were switched off.
        pub fn switch_off(&mut self, queue: &str) {
            if let Some(position) = self.printers.iter().position(|(q, _, _)| q == queue) {
                let (_, mut child, _) = self.printers.remove(position);
                stop(&mut child);
            }
        }

        /// Stops the scheduler.
        pub fn stop_cupsd(&mut self) {
            if let Some(mut child) = self.cupsd.take() {
                stop(&mut child);
            }
        }

        /// Prints a one-page PWG raster document to a queue, as a raw job: the test
        /// machines have no print filters (no cups-filters), so CUPS could not convert a
        /// text document, and the simulated printer accepts only what it can recognise
        /// (a PWG raster stream starts with `RaS2` and a header naming `PwgRaster`).
        pub fn print(&self, queue: &str, title: &str) {
            self.print_with(queue, title, &[]);
        }

        /// Like [`PrintLab::print`], with more `lp` options: `-H hold` holds the job, `-U
        /// NAME` sends it as another user.
        pub fn print_with(&self, queue: &str, title: &str, options: &[&str]) {
            let file = self.path("document.pwg");
            let mut page = b"RaS2PwgRaster".to_vec();
            page.resize(4 + 1796, 0);
            std::fs::write(&file, page).unwrap();
            let file = file.display().to_string();
            let mut args = vec!["-d", queue, "-o", "raw", "-t", title];
            args.extend_from_slice(options);
            args.push(&file);
            self.must("lp", &args);
        }

        pub fn dir(&self) -> &Path {
            self.dir.path()
        }
    }

    impl Drop for PrintLab {
        fn drop(&mut self) {
            for (_, child, _) in &mut self.printers {
                stop(child);
            }
            if let Some(child) = &mut self.cupsd {
                stop(child);
            }
            if let Some(child) = &mut self.dbus {
                stop(child);
            }
        }
    }
}

/// The real desktop app under Xvfb, driven through `tauri-driver` and WebKitWebDriver with a
/// small WebDriver client. Every process is ended by PID when the session is dropped.
pub mod app {
    use crate::stop;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use serde_json::{Value, json};

    const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

    /// The app binary, built on demand like the CLI.
    pub fn app_bin() -> PathBuf {
        if let Some(path) = std::env::var_os("CHECKUP_APP_BIN") {
            return PathBuf::from(path);
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                "checkup-app",
                "--bin",
                "checkup-app",
                "--features",
                "test-hooks",
            ])
            .current_dir(crate::repo_root())
            .status();
        assert!(
            status.as_ref().is_ok_and(std::process::ExitStatus::success),
            "building the app failed: {status:?}"
        );
        crate::repo_root().join("target/debug/checkup-app")
    }

    /// An error with every cause behind it, for a failure message.
    fn error_chain(error: &dyn std::error::Error) -> String {
        let mut text = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }

    /// A child process ended when dropped, even when the test panics half-way through setup.
    #[derive(Debug)]
    struct Owned(Child);

    impl Drop for Owned {
        fn drop(&mut self) {
            if self.0.try_wait().ok().flatten().is_none() {
                stop(&mut self.0);
            }
        }
    }

    /// A process known only by the PID it wrote to a file; ended when dropped.
    #[derive(Debug)]
    struct PidFile(PathBuf);

    impl Drop for PidFile {
        fn drop(&mut self) {
            if let Ok(pid) = std::fs::read_to_string(&self.0) {
                let _ = Command::new("kill").arg(pid.trim()).output();
            }
        }
    }

    /// One app at a time: WebKit sessions are heavy, and the machines have two cores.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

    /// A running app with a WebDriver session.
    #[derive(Debug)]
    pub struct Session {
        http: reqwest::blocking::Client,
        url: String,
        id: String,
        // Dropped in this order after `drop` has ended the driver and what it launched.
        _socat: PidFile,
        driver: Owned,
        _bus: Owned,
        _xvfb: Owned,
        _turn: std::sync::MutexGuard<'static, ()>,
        pub home: tempfile::TempDir,
        pub launched: Instant,
    }

    impl Session {
        /// Starts Xvfb and tauri-driver, then the app with this profile.
        pub fn start(profile: &Path) -> Session {
            let turn = ONE_AT_A_TIME
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let bin = app_bin();
            let home = tempfile::tempdir().unwrap();
            let display = (0..50)
                .map(|n| 70 + n)
                .find(|n| {
                    !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                        && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                })
                .unwrap();
            let xvfb = Command::new("Xvfb")
                .args([
                    format!(":{display}"),
                    "-screen".into(),
                    "0".into(),
                    "1280x900x24".into(),
                    "-nolisten".into(),
                    "tcp".into(),
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map(Owned)
                .expect("Xvfb starts (package xvfb)");
            let socket = format!("/tmp/.X11-unix/X{display}");
            let deadline = Instant::now() + Duration::from_secs(10);
            while !Path::new(&socket).exists() {
                assert!(Instant::now() < deadline, "Xvfb did not start");
                std::thread::sleep(Duration::from_millis(20));
            }
            // A session bus of our own, for the app's single-instance lock.
            let bus_socket = home.path().join("session-bus.sock");
            let bus = Command::new("dbus-daemon")
                .args(["--session", "--nofork", "--nopidfile"])
                .arg(format!("--address=unix:path={}", bus_socket.display()))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map(Owned)
                .expect("dbus-daemon starts (package dbus)");
            // The app's single-instance lock quietly goes without a bus that is not there yet.
            let deadline = Instant::now() + Duration::from_secs(10);
            while std::os::unix::net::UnixStream::connect(&bus_socket).is_err() {
                assert!(Instant::now() < deadline, "dbus-daemon did not start");
                std::thread::sleep(Duration::from_millis(20));
            }
            // tauri-driver and the app run in a network namespace with only loopback, so no
            // check can reach beyond the tests' own servers; the WebDriver port is bridged
            // out through a unix socket in the test's folder. The namespace is private, so
            // fixed ports cannot collide (two ports picked by the kernel could be equal).
            let port = 4444;
            let native = 4445;
            let driver_log = home.path().join("driver.log");
            let webdriver_socket = home.path().join("webdriver.sock");
            let socat_pid = home.path().join("socat.pid");
            let script = format!(
                "ip link set lo up\n\
                 socat UNIX-LISTEN:'{sock}',fork TCP:127.0.0.1:{port} &\n\
                 echo $! > '{pid}'\n\
                 exec tauri-driver --port {port} --native-port {native}",
                sock = webdriver_socket.display(),
                pid = socat_pid.display()
            );
            let driver = Command::new("unshare")
                .args(["--net", "sh", "-ec", &script])
                .env("DISPLAY", format!(":{display}"))
                .env(
                    "DBUS_SESSION_BUS_ADDRESS",
                    format!("unix:path={}", bus_socket.display()),
                )
                .env("HOME", home.path())
                .env("XDG_CONFIG_HOME", home.path().join(".config"))
                .env("XDG_DATA_HOME", home.path().join(".local/share"))
                .env("CHECKUP_PROFILE", profile)
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&driver_log).unwrap())
                .spawn()
                .map(Owned)
                .expect(
                    "tauri-driver starts (cargo install tauri-driver; packages socat, iproute2)",
                );
            // What the driver, WebKitWebDriver and the app printed, for a failure message.
            let driver_said = |driver: &Owned| {
                let log = std::fs::read_to_string(&driver_log).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(40).collect();
                let exited = std::fs::read_to_string(format!("/proc/{}/stat", driver.0.id()))
                    .map_or(true, |stat| stat.contains(") Z "));
                let below: Vec<String> = descendants(driver.0.id())
                    .into_iter()
                    .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).ok())
                    .map(|name| name.trim().to_owned())
                    .collect();
                format!(
                    "tauri-driver {} with [{}] below it; its output ends:\n{}",
                    if exited { "has exited" } else { "is running" },
                    below.join(", "),
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                )
            };
            let socat = PidFile(socat_pid.clone());
            let http = reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(60))
                .no_proxy()
                .unix_socket(webdriver_socket.clone())
                .build()
                .unwrap();
            let url = "http://localhost".to_owned();
            let deadline = Instant::now() + Duration::from_secs(20);
            while std::os::unix::net::UnixStream::connect(&webdriver_socket).is_err() {
                assert!(
                    Instant::now() < deadline,
                    "tauri-driver did not start: {}",
                    driver_said(&driver)
                );
                std::thread::sleep(Duration::from_millis(50));
            }
            let launched = Instant::now();
            let capabilities = json!({"capabilities": {"alwaysMatch": {"browserName": "wry", "tauri:options": {"application": bin}}}});
            // tauri-driver listens before the WebDriver behind it is ready, and may drop the
            // first requests: retry until a session starts or the deadline passes.
            let deadline = Instant::now() + Duration::from_secs(60);
            let response: Value = loop {
                let attempt = http
                    .post(format!("{url}/session"))
                    .json(&capabilities)
                    .send()
                    .and_then(reqwest::blocking::Response::json);
                match attempt {
                    Ok(response) => break response,
                    Err(error) => {
                        assert!(
                            Instant::now() < deadline,
                            "no WebDriver session: {}\n{}",
                            error_chain(&error),
                            driver_said(&driver)
                        );
                        std::thread::sleep(Duration::from_millis(200));
                    }
                }
            };
            let id = response["value"]["sessionId"]
                .as_str()
                .unwrap_or_else(|| panic!("no session: {response}"))
                .to_owned();
            Session {
                http,
                url,
                id,
                _socat: socat,
                driver,
                _bus: bus,
                _xvfb: xvfb,
                _turn: turn,
                home,
                launched,
            }
        }

        fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
            let url = format!("{}/session/{}{path}", self.url, self.id);
            let mut request = self.http.request(method, url);
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response: Value = request.send().unwrap().json().unwrap();
            if let Some(error) = response["value"].get("error") {
                panic!("WebDriver {path}: {error} {}", response["value"]["message"]);
            }
            response["value"].clone()
        }

        /// Runs JavaScript in the page and returns its value.
        pub fn script(&self, script: &str) -> Value {
            self.call(
                reqwest::Method::POST,
                "/execute/sync",
                Some(json!({"script": script, "args": []})),
            )
        }

        /// Waits (up to `seconds`) until the script returns something truthy, and returns it.
        pub fn wait_for(&self, what: &str, seconds: u64, script: &str) -> Value {
            let deadline = Instant::now() + Duration::from_secs(seconds);
            loop {
                let value = self.script(script);
                if !(value.is_null() || value == false || value == "" || value == 0) {
                    return value;
                }
                assert!(
                    Instant::now() < deadline,
                    "{what} did not happen within {seconds} s"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }

        fn element(&self, css: &str) -> String {
            let found = self.call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            );
            found[ELEMENT]
                .as_str()
                .unwrap_or_else(|| panic!("no element {css}: {found}"))
                .to_owned()
        }

        pub fn click(&self, css: &str) {
            let id = self.element(css);
            self.call(
                reqwest::Method::POST,
                &format!("/element/{id}/click"),
                Some(json!({})),
            );
        }

        pub fn text(&self, css: &str) -> String {
            let id = self.element(css);
            self.call(reqwest::Method::GET, &format!("/element/{id}/text"), None)
                .as_str()
                .unwrap_or("")
                .to_owned()
        }

        /// Presses keys (WebDriver key codes such as "\u{E004}" for Tab, "\u{E007}" for Enter).
        pub fn keys(&self, keys: &[&str]) {
            let actions: Vec<Value> = keys
                .iter()
                .flat_map(|k| {
                    [
                        json!({"type": "keyDown", "value": k}),
                        json!({"type": "keyUp", "value": k}),
                    ]
                })
                .collect();
            self.call(
                reqwest::Method::POST,
                "/actions",
                Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
            );
        }

        /// The proportional memory (PSS, KiB) of the app and its WebKit processes: every
        /// process below tauri-driver except the WebDriver itself.
        pub fn memory_pss_kib(&self) -> u64 {
            let name_of = |pid: u32| {
                std::fs::read_to_string(format!("/proc/{pid}/comm"))
                    .unwrap_or_default()
                    .trim()
                    .to_owned()
            };
            descendants(self.driver.0.id())
                .into_iter()
                .filter(|&pid| {
                    !["WebKitWebDriver", "WebKitWebDrive"].contains(&name_of(pid).as_str())
                })
                .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok())
                .filter_map(|rollup| {
                    rollup.lines().find_map(|l| {
                        l.strip_prefix("Pss:")?
                            .trim()
                            .trim_end_matches("kB")
                            .trim()
                            .parse::<u64>()
                            .ok()
                    })
                })
                .sum()
        }

        /// Waits until the page has painted its latest changes (two animation frames).
        pub fn settle(&self) {
            let script = "const done = arguments[arguments.length - 1]; \
                          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true), 50)));";
            self.call(
                reqwest::Method::POST,
                "/execute/async",
                Some(json!({"script": script, "args": []})),
            );
        }

        /// Saves a full-window screenshot as a test artifact under `target/screenshots/`.
        pub fn screenshot(&self, name: &str) -> PathBuf {
            self.settle();
            let encoded = self.call(reqwest::Method::GET, "/screenshot", None);
            let bytes = decode_base64(encoded.as_str().unwrap_or(""));
            let dir = crate::repo_root().join("target/screenshots");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{name}.png"));
            std::fs::write(&path, bytes).unwrap();
            path
        }
    }

    /// Every process below `root`, by PID.
    fn descendants(root: u32) -> Vec<u32> {
        let parent_of = |pid: u32| -> Option<u32> {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            stat.rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        };
        let pids: Vec<u32> = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse().ok())
            .collect();
        pids.into_iter()
            .filter(|&pid| {
                let mut current = pid;
                for _ in 0..16 {
                    match parent_of(current) {
                        Some(parent) if parent == root => return true,
                        Some(parent) if parent > 1 => current = parent,
                        _ => return false,
                    }
                }
                false
            })
            .collect()
    }

    impl Drop for Session {
        fn drop(&mut self) {
            let _ = self
                .http
                .delete(format!("{}/session/{}", self.url, self.id))
                .send();
            // Everything the driver launched ends by PID with it; the socket bridge, the bus
            // and the display end as the fields drop.
            let below = descendants(self.driver.0.id());
            stop(&mut self.driver.0);
            for pid in below {
                let _ = Command::new("kill").arg(pid.to_string()).output();
            }
        }
    }

    fn decode_base64(text: &str) -> Vec<u8> {
        let value = |c: u8| match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        };
        let digits: Vec<u8> = text.bytes().filter_map(value).collect();
        digits
            .chunks(4)
            .flat_map(|chunk| {
                let n = chunk.iter().fold(0u32, |acc, d| (acc << 6) | u32::from(*d))
                    << (6 * (4 - chunk.len()));
                let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
                bytes.into_iter().take(chunk.len().saturating_sub(1))
            })
            .collect()
    }
}
