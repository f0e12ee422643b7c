//! Checkup's Windows build, run under Wine against real components: the print lab's cupsd
//! (Wine's print spooler shows CUPS queues), proxy settings seeded into Wine's registry, and a
//! drive letter on a small tmpfs. What Wine does not give (printer status bits, jobs, Wi-Fi
//! connections, read-only volumes) is tested on the documented values in
//! `checks/src/platform/windows_map.rs`; `../shared/notes/windows.md` says what Wine gives.
//!
//! One Wine prefix serves every test (`target/wine-prefix`, made by `tests/wine/prefix.sh`
//! once), and one test at a time uses it: each starts a fresh wineserver, so the environment
//! it sets (`CUPS_SERVER`) is the one Wine's spooler reads. No test here sends traffic beyond
//! loopback: network checks that probe run only in the namespace lab.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use checkup_tests::report::{self, evidence, findings};
use checkup_tests::{build_checkup, printers::PrintLab, repo_root};

const WINE: &str = "/usr/lib/wine/wine64";
const WINESERVER: &str = "/usr/lib/wine/wineserver";
const TARGET: &str = "x86_64-pc-windows-gnu";

/// The Windows build and the prefix it runs in.
#[derive(Debug)]
struct Wine {
    prefix: PathBuf,
    exe: PathBuf,
}

/// The prefix and the Windows `checkup.exe`, made once; None (with the reason printed) where
/// the Windows target cannot be installed, as the CI's compile check allows.
fn wine() -> Option<&'static Wine> {
    static WINE_SETUP: OnceLock<Option<Wine>> = OnceLock::new();
    WINE_SETUP
        .get_or_init(|| {
            let installed = Command::new("rustup")
                .args(["target", "list", "--installed"])
                .output()
                .map(|o| {
                    String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .any(|l| l == TARGET)
                })
                .unwrap_or(false);
            if !installed {
                eprintln!("skipped: the {TARGET} target is not installed here");
                return None;
            }
            assert!(
                Path::new(WINE).exists(),
                "Wine is missing: install the wine64 package (.ci/dev setup does)"
            );
            build_checkup(&["--target", TARGET]);
            let prefix = repo_root().join("target/wine-prefix");
            let shim = prefix.join("drive_c/windows/system32/bcryptprimitives.dll");
            if !shim.exists() {
                let status = Command::new(repo_root().join("tests/wine/prefix.sh"))
                    .arg(&prefix)
                    .status()
                    .unwrap();
                assert!(status.success(), "making the Wine prefix failed");
            }
            Some(Wine {
                prefix,
                exe: repo_root().join(format!("target/{TARGET}/debug/checkup.exe")),
            })
        })
        .as_ref()
}

/// One test at a time uses the prefix.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Wine {
    fn env(&self, command: &mut Command) {
        command
            .env("WINEPREFIX", &self.prefix)
            .env("WINEARCH", "win64")
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env_remove("DISPLAY")
            .env_remove("CUPS_SERVER");
    }

    /// Ends this prefix's wineserver, so the next program starts a fresh one with its own
    /// environment.
    fn restart(&self) {
        let mut command = Command::new(WINESERVER);
        self.env(&mut command);
        let _ = command.arg("-k").stderr(Stdio::null()).status();
        let mut command = Command::new(WINESERVER);
        self.env(&mut command);
        let _ = command.arg("-w").status();
    }

    fn program(&self, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Output {
        let mut command = Command::new(WINE);
        self.env(&mut command);
        command
            .arg(program)
            .args(args)
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// A shell line that runs `checkup.exe run` on `only` with a profile, then ends the
    /// wineserver it started (in whatever namespace the line runs in) and exits as checkup did.
    fn run_line(&self, only: &str, profile: &Path) -> String {
        let profile = format!("Z:{}", profile.display()).replace('/', "\\");
        format!(
            "{WINE} {exe} run --only {only} --profile '{profile}' --no-history --format json; \
             code=$?; {WINESERVER} -k 2>/dev/null; {WINESERVER} -w; exit $code",
            exe = self.exe.display(),
        )
    }

    /// Runs the Windows `checkup.exe` without history.
    fn checkup(&self, args: &[&str], envs: &[(&str, &str)]) -> Output {
        let exe = self.exe.display().to_string();
        let mut all = args.to_vec();
        if args.first() == Some(&"run") {
            all.push("--no-history");
        }
        self.program(&exe, &all, envs)
    }
}

#[test]
fn the_windows_build_lists_its_checks_and_runs_the_system_checks() {
    let Some(wine) = wine() else { return };
    let _one = one_at_a_time();
    wine.restart();

    let listed = wine.checkup(&["list", "--format", "json"], &[]);
    assert_eq!(listed.status.code(), Some(0), "{listed:?}");
    let checks: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let ids: Vec<&str> = checks
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"system.cpu") && ids.contains(&"printer.state"),
        "{ids:?}"
    );

    // The system checks, and the interface list (read only: it sends nothing).
    let output = wine.checkup(
        &[
            "run",
            "--only",
            "system.os,system.memory,system.cpu,system.uptime,network.interface",
            "--format",
            "json",
        ],
        &[],
    );
    let report = report::checked(&output);
    assert_eq!(report["platform"]["os"], "windows", "{report:#}");
    // No load average and no pressure on Windows: a sample of processor time gives the
    // verdict. Under Wine it reads this busy machine's own load, so only that it gives one
    // is asserted.
    let cpu = report::one(&report, "system.cpu");
    assert_ne!(cpu["status"], "error", "{cpu:#}");
    assert!(evidence(cpu, "busy_percent").is_number(), "{cpu:#}");
    // Connections go by their friendly name, never their GUID.
    let interface = report::one(&report, "network.interface");
    let name = evidence(interface, "interface")
        .as_str()
        .unwrap_or_default();
    assert!(!name.is_empty() && !name.starts_with('{'), "{interface:#}");
}

/// A directory mounted as a small tmpfs in a private mount namespace, with a drive letter
/// linked to it; the wineserver starts inside the namespace, so it sees the mount.
#[test]
fn a_drive_letter_on_a_small_disk_is_judged_full_and_not_full() {
    let Some(wine) = wine() else { return };
    let _one = one_at_a_time();
    wine.restart();
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("disk");
    std::fs::create_dir_all(&mount).unwrap();
    let letter = wine.prefix.join("dosdevices/q:");
    let _ = std::fs::remove_file(&letter);
    std::os::unix::fs::symlink(&mount, &letter).unwrap();
    let profile = dir.path().join("profile.toml");
    std::fs::write(&profile, "[disk]\npaths = [\"Q:\\\\\"]\n").unwrap();
    let run = |fill: &str| {
        let script = format!(
            "mount -t tmpfs -o size=16m checkup-wine {m} && {fill} {line}",
            m = mount.display(),
            line = wine.run_line("disk.space", &profile),
        );
        let mut command = Command::new("unshare");
        wine.env(&mut command);
        command
            .args(["-m", "--propagation", "private", "sh", "-c", &script])
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let roomy = run("");
    // Filled until the disk refuses more.
    let full = run(&format!(
        "dd if=/dev/zero of={}/big bs=64k 2>/dev/null;",
        mount.display()
    ));
    let _ = std::fs::remove_file(&letter);
    let roomy = report::checked(&roomy);
    assert_eq!(
        report::status(&roomy, "disk.space", "Q:"),
        "pass",
        "{roomy:#}"
    );
    let q = &findings(&roomy, "disk.space", Some("Q:"))[0];
    let total = evidence(q, "total_bytes").as_u64().unwrap();
    assert!(
        (15 << 20..=17 << 20).contains(&total),
        "the tmpfs's own size: {q:#}"
    );
    let full = report::checked(&full);
    assert_eq!(
        report::status(&full, "disk.space", "Q:"),
        "fail",
        "{full:#}"
    );
}

/// Windows' binary Internet settings (`Connections\DefaultConnectionSettings`): WinHTTP reads
/// the user's proxy from it. Version, counter, flags (2 manual proxy, 4 PAC address), then
/// the proxy, bypass list and PAC address, each after its length.
fn connection_settings(flags: u32, proxy: &str, bypass: &str, pac: &str) -> String {
    let mut bytes = Vec::new();
    for word in [0x46u32, 1, flags] {
        bytes.extend_from_slice(&word.to_le_bytes());
    }
    for text in [proxy, bypass, pac] {
        bytes.extend_from_slice(&u32::try_from(text.len()).unwrap().to_le_bytes());
        bytes.extend_from_slice(text.as_bytes());
    }
    bytes.extend_from_slice(&[0; 32]);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_users_proxy_comes_from_the_windows_settings() {
    let Some(wine) = wine() else { return };
    let _one = one_at_a_time();
    wine.restart();
    // A proxy that answers (a listener on loopback), and bypass entries.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let key = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings\Connections";
    let seed = |data: &str| {
        let added = wine.program(
            "reg",
            &[
                "add",
                key,
                "/v",
                "DefaultConnectionSettings",
                "/t",
                "REG_BINARY",
                "/d",
                data,
                "/f",
            ],
            &[],
        );
        assert!(added.status.success(), "{added:?}");
    };
    seed(&connection_settings(
        2,
        &format!("127.0.0.1:{port}"),
        "*.corp.example;<local>",
        "",
    ));
    let output = wine.checkup(&["run", "--only", "network.proxy", "--format", "json"], &[]);
    let found = report::checked(&output);
    let proxy = report::one(&found, "network.proxy");
    assert_eq!(proxy["status"], "pass", "{proxy:#}");
    let shown = proxy.to_string();
    assert!(
        shown.contains(&format!("127.0.0.1:{port}")) && shown.contains("windows"),
        "{proxy:#}"
    );

    // A proxy nobody answers on: found, and named as the problem.
    drop(listener);
    wine.restart();
    let output = wine.checkup(&["run", "--only", "network.proxy", "--format", "json"], &[]);
    let found = report::checked(&output);
    let proxy = report::one(&found, "network.proxy");
    assert_eq!(proxy["status"], "fail", "{proxy:#}");

    // Back to a direct connection, for the tests after this one.
    seed(&connection_settings(1, "", "", ""));
}

/// Wine's spooler lists the CUPS queues of the server `CUPS_SERVER` names, re-read at each
/// process start. It reports no status bits and no jobs (always 0), so paused, jammed and
/// offline printers and stuck documents are tested on the documented values instead
/// (`windows_map.rs`).
#[test]
fn printers_come_from_the_spooler_with_their_names_and_the_default() {
    let Some(wine) = wine() else { return };
    let _one = one_at_a_time();
    let mut lab = PrintLab::start();
    let socket = lab.socket().display().to_string();
    let env = [("CUPS_SERVER", socket.as_str())];

    // No printers yet.
    wine.restart();
    let output = wine.checkup(&["run", "--only", "printer", "--format", "json"], &env);
    let empty = report::checked(&output);
    assert_eq!(
        report::one(&empty, "printer.service")["status"],
        "pass",
        "{empty:#}"
    );
    assert_eq!(
        evidence(report::one(&empty, "printer.service"), "server"),
        "print spooler"
    );
    let none = report::one(&empty, "printer.installed");
    assert_ne!(none["status"], "pass", "{none:#}");

    lab.add_printer("Office_Laser");
    lab.add_printer("Front_Desk");
    lab.must("lpadmin", &["-p", "Front_Desk", "-L", "Reception"]);
    lab.must("lpadmin", &["-d", "Front_Desk"]);
    wine.restart();
    let output = wine.checkup(&["run", "--only", "printer", "--format", "json"], &env);
    let found = report::checked(&output);
    assert_eq!(
        report::one(&found, "printer.installed")["status"],
        "pass",
        "{found:#}"
    );
    for queue in ["Office_Laser", "Front_Desk"] {
        let state = findings(&found, "printer.state", Some(queue));
        assert_eq!(state.len(), 1, "{queue}: {found:#}");
        assert_eq!(state[0]["status"], "pass", "{queue}: {found:#}");
    }
    let default = report::one(&found, "printer.default");
    assert_eq!(default["status"], "pass", "{default:#}");
    assert!(default.to_string().contains("Front_Desk"), "{default:#}");

    // A stopped print server: Wine's spooler then lists no printers at all, so Checkup can
    // only say that none are set up (on Windows the spooler itself would be stopped).
    lab.stop_cupsd();
    wine.restart();
    let output = wine.checkup(&["run", "--only", "printer", "--format", "json"], &env);
    let down = report::checked(&output);
    assert_ne!(
        report::one(&down, "printer.installed")["status"],
        "pass",
        "{down:#}"
    );
    assert!(
        findings(&down, "printer.state", None)
            .iter()
            .all(|f| f["status"] != "pass")
    );
    wine.restart();
}

/// The namespace lab (a client, its router with a name server, an "internet" host): the
/// Windows build's network and DNS checks, from inside the client namespace, with a prefix of
/// its own, since the wineserver (and Wine's view of the network) must start in there.
#[test]
fn network_and_dns_checks_in_the_namespace_lab() {
    use checkup_tests::net::Lab;
    let Some(wine) = wine() else { return };
    let _one = one_at_a_time();
    let lab = Lab::new();
    let profile = lab.profile("", "");
    let prefix = lab.dir.path().join("wine-prefix");
    let copied = Command::new("cp")
        .arg("-a")
        .arg(&wine.prefix)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(copied.success());
    let script = wine.run_line("network,dns", &profile);
    let mut command = Command::new("timeout");
    wine.env(&mut command);
    let output = command
        .args([
            "120",
            "ip",
            "netns",
            "exec",
            &lab.client,
            "sh",
            "-c",
            &script,
        ])
        .env("WINEPREFIX", &prefix)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&prefix);
    let found = report::checked(&output);
    let all = report::summary(&found);
    for id in [
        "network.interface",
        "network.address",
        "network.gateway",
        "network.gateway_reachable",
        "network.internet",
        "network.captive_portal",
        "dns.servers",
        "dns.server_reachable",
        "dns.resolution",
    ] {
        let judged = findings(&found, id, None);
        assert!(!judged.is_empty(), "{id}\n{all}");
        for finding in judged {
            assert_eq!(finding["status"], "pass", "{id}\n{all}");
        }
    }
    // Wine lists no Wi-Fi interface (`WlanEnumInterfaces` gives none): no Wi-Fi to judge.
    let wifi = report::one(&found, "network.wifi");
    assert_eq!(wifi["status"], "not_applicable", "{wifi:#}");
    // The lab's own link, by the name the system gives it.
    let interface = report::one(&found, "network.interface");
    assert_eq!(evidence(interface, "interface"), "c0", "{interface:#}");
}
