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
            .current_dir(repo_root())
            .status();
        assert!(
            status.as_ref().is_ok_and(std::process::ExitStatus::success),
            "building checkup failed: {status:?}"
        );
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

/// A command running `checkup` with a clean environment: no profile from the environment,
/// no log noise.
pub fn checkup() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(checkup_bin());
    command
        .env_remove("CHECKUP_PROFILE")
        .env_remove("CHECKUP_LOG")
        .timeout(std::time::Duration::from_secs(60));
    command
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
            let image = self.path(&format!("{name}.img"));
            let mount_point = self.path(&format!("mnt-{name}"));
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

        /// Runs `checkup ARGS`, then `after` in the same namespace, printing `exit=N` first.
        pub fn run_then(&self, args: &[&str], after: &str) -> Output {
            self.command(args, &[], false, false, Some(after))
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
            let mut command = Command::new("timeout");
            command
                .args(&namespaces)
                .args(["sh", "-ec", &script])
                .arg(crate::checkup_bin())
                .args(args)
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

    /// An evidence value of a finding.
    pub fn evidence<'a>(finding: &'a Value, key: &str) -> &'a Value {
        finding["evidence"]
            .as_array()
            .and_then(|all| all.iter().find(|e| e["key"] == key))
            .map_or(&Value::Null, |e| &e["value"])
    }
}
