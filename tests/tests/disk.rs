//! The disk checks against real loop-mounted filesystems (ext4, btrfs, squashfs), each run in
//! a private mount namespace that disappears with the `checkup` process.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;

use checkup_tests::disks::Lab;
use checkup_tests::report::{evidence, evidence_texts, findings, parse, status};
use checkup_tests::schema_errors;

const EXT4: &str = "mkfs.ext4 -q -F";

fn text(path: &std::path::Path) -> String {
    path.display().to_string()
}

fn profile(lab: &Lab, body: &str) -> String {
    let path = lab.path("profile.toml");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    text(&path)
}

#[test]
fn healthy_ext4_small_ext4_and_btrfs_pass() {
    let mut lab = Lab::new();
    let big = text(&lab.filesystem("big", "256M", EXT4));
    let small = text(&lab.filesystem("small", "64M", EXT4));
    let btrfs = text(&lab.filesystem("btrfs", "160M", "mkfs.btrfs -q -f"));
    let output = lab.run(&["run", "--only", "disk", "--format", "json"], &[], false);
    let report = parse(&output);
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
    for mount in [&big, &small, &btrfs] {
        assert_eq!(status(&report, "disk.space", mount), "pass", "{mount}");
        assert_eq!(status(&report, "disk.readonly", mount), "pass", "{mount}");
    }
    assert_eq!(status(&report, "disk.inodes", &big), "pass");
    assert_eq!(status(&report, "disk.inodes", &small), "pass");
    // btrfs reports no inode counts: nothing to judge, never a failure.
    assert_eq!(status(&report, "disk.inodes", &btrfs), "not_applicable");
    let space = findings(&report, "disk.space", Some(&small))[0];
    assert_eq!(evidence(space, "fs_type"), "ext4");
    assert!(
        evidence(space, "device")
            .as_str()
            .unwrap()
            .starts_with("/dev/loop")
    );
    assert!(
        space["summary"].as_str().unwrap().contains("free of"),
        "{space}"
    );
    // Loop images have no health report of their own: no disk.health finding names them.
    assert!(
        findings(&report, "disk.health", None)
            .iter()
            .all(|f| !f["subject"].as_str().unwrap_or("").starts_with("/dev/loop"))
    );
}

#[test]
fn full_filesystem_fails_as_the_root_cause_and_exits_1() {
    let mut lab = Lab::new();
    let full = lab.filesystem("full", "64M", EXT4);
    lab.fill(&full);
    let full = text(&full);
    let output = lab.run(&["run", "--only", "disk", "--format", "json"], &[], false);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = parse(&output);
    assert!(schema_errors(&report).is_empty());
    assert_eq!(status(&report, "disk.space", &full), "fail");
    let finding = findings(&report, "disk.space", Some(&full))[0];
    assert!(
        evidence(finding, "free_percent").as_f64().unwrap() < 5.0,
        "{finding}"
    );
    assert!(!finding["fixes"].as_array().unwrap().is_empty());
    assert!(
        report["root_causes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "disk.space" && c["subject"] == full.as_str()),
        "{:#}",
        report["root_causes"]
    );
    // Space is gone, but room for new files is not.
    assert_eq!(status(&report, "disk.inodes", &full), "pass");
}

#[test]
fn text_output_leads_with_the_full_disk_and_its_fixes() {
    let mut lab = Lab::new();
    let full = lab.filesystem("full", "64M", EXT4);
    lab.fill(&full);
    let output = lab.run(&["run", "--only", "disk.space"], &[], false);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let cause = stdout
        .find("Most likely cause")
        .unwrap_or_else(|| panic!("{stdout}"));
    let all = stdout.find("All results").unwrap();
    assert!(cause < all, "{stdout}");
    assert!(stdout[cause..all].contains(&text(&full)), "{stdout}");
    assert!(stdout[cause..all].contains("Empty the trash"), "{stdout}");
}

#[test]
fn inode_exhaustion_fails_while_space_remains() {
    let mut lab = Lab::new();
    let tiny = lab.filesystem("inodes", "64M", "mkfs.ext4 -q -F -N 64");
    lab.then(&format!(
        "i=0; while touch '{}'/f$i 2>/dev/null; do i=$((i+1)); done",
        tiny.display()
    ));
    let tiny = text(&tiny);
    let output = lab.run(&["run", "--only", "disk", "--format", "json"], &[], false);
    assert_eq!(output.status.code(), Some(1));
    let report = parse(&output);
    assert_eq!(status(&report, "disk.inodes", &tiny), "fail");
    assert_eq!(status(&report, "disk.space", &tiny), "pass");
    let finding = findings(&report, "disk.inodes", Some(&tiny))[0];
    assert_eq!(evidence(finding, "free_inodes"), 0);
    assert!(
        finding["explanation"]
            .as_str()
            .unwrap()
            .contains("small files"),
        "{finding}"
    );
}

#[test]
fn read_only_remount_warns() {
    let mut lab = Lab::new();
    let disk = lab.filesystem("ro", "64M", EXT4);
    lab.then(&format!("mount -o remount,ro '{}'", disk.display()));
    let disk = text(&disk);
    let output = lab.run(
        &["run", "--only", "disk.readonly", "--format", "json"],
        &[],
        false,
    );
    assert_eq!(output.status.code(), Some(0));
    let report = parse(&output);
    assert_eq!(status(&report, "disk.readonly", &disk), "warn");
    let finding = findings(&report, "disk.readonly", Some(&disk))[0];
    assert_eq!(evidence(finding, "read_only"), true);
    assert_eq!(finding["message_id"], "disk-readonly-unexpected");
}

/// The real kernel path: ext4 mounted with `errors=remount-ro` records a filesystem error
/// (written to its `trigger_fs_error` file, as a failing disk would make it) and protects
/// itself. Linux 6.x marks that `emergency_ro` while the mount options still say `rw`.
fn protected_after_an_error(lab: &mut Lab) -> String {
    let disk = lab.filesystem("hurt", "64M", EXT4);
    let m = text(&disk);
    lab.then(&format!(
        "mount -o remount,errors=remount-ro '{m}'
        dev=$(basename \"$(readlink -f \"$(findmnt -no SOURCE '{m}')\")\")
        echo checkup-lab > /sys/fs/ext4/$dev/trigger_fs_error
        ! touch '{m}/after-the-error' 2>/dev/null"
    ));
    m
}

#[test]
fn a_disk_the_kernel_switched_to_read_only_after_an_error_fails() {
    let mut lab = Lab::new();
    let disk = protected_after_an_error(&mut lab);
    for unprivileged in [false, true] {
        let output = lab.run(
            &["run", "--only", "disk.readonly", "--format", "json"],
            &[],
            unprivileged,
        );
        assert_eq!(
            output.status.code(),
            Some(1),
            "as nobody: {unprivileged}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report = parse(&output);
        let finding = findings(&report, "disk.readonly", Some(&disk))[0];
        assert_eq!(finding["message_id"], "disk-readonly-forced", "{finding:#}");
        assert_eq!(finding["status"], "fail");
        assert_eq!(evidence(finding, "emergency_read_only"), true);
        // The filesystem's own record, readable by every user.
        // The error, and the refused write after it.
        assert!(
            evidence(finding, "fs_errors_count").as_u64().unwrap() >= 1,
            "{finding:#}"
        );
        assert!(
            evidence(finding, "fs_first_error")
                .as_str()
                .unwrap()
                .ends_with(" in trigger_test_error"),
            "{finding:#}"
        );
        assert_eq!(report["root_causes"][0]["id"], "disk.readonly");
        // The kernel's own lines, where this user may read the kernel log.
        let device = evidence(finding, "device")
            .as_str()
            .unwrap()
            .trim_start_matches("/dev/")
            .to_owned();
        let lines = evidence_texts(finding, "log_line");
        if unprivileged && kernel_log_closed() {
            assert!(lines.is_empty(), "{lines:?}");
            assert_eq!(
                evidence(finding, "log_unreadable"),
                "the kernel log is readable only by administrators here"
            );
        } else {
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(&format!("kernel: EXT4-fs error (device {device})"))),
                "{lines:?}"
            );
            assert!(lines.len() <= 20, "{lines:?}");
        }
    }
}

/// `kernel.dmesg_restrict`: the kernel log closed to ordinary users.
fn kernel_log_closed() -> bool {
    std::fs::read_to_string("/proc/sys/kernel/dmesg_restrict").is_ok_and(|v| v.trim() == "1")
}

#[test]
fn the_kernels_lines_reach_the_report_archive_under_logs_redacted() {
    let mut lab = Lab::new();
    let disk = protected_after_an_error(&mut lab);
    // A kernel line about that device naming this machine and a MAC address, as a driver's
    // might: it must never leave in a redacted archive.
    lab.then("hostname canary-host-7.corp.example");
    lab.then(&format!(
        "dev=$(basename \"$(readlink -f \"$(findmnt -no SOURCE '{disk}')\")\")
        echo \"EXT4-fs error (device $dev): seen by canary-host-7.corp.example from 02:42:ac:11:00:07\" > /dev/kmsg"
    ));
    let mut logs = Vec::new();
    for redacted in [true, false] {
        let archive = lab.path(&format!("report-{redacted}.zip"));
        let mut args = vec![
            "run",
            "--only",
            "disk.readonly",
            "--report",
            archive.to_str().unwrap(),
        ];
        if !redacted {
            args.push("--no-redact");
        }
        let output = lab.run_in_uts(&args, &[]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let files = checks::read_archive(&archive).unwrap().files;
        let log = files
            .iter()
            .find(|(name, _)| name == "logs/disk.log")
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .unwrap_or_else(|| {
                panic!(
                    "no logs/disk.log in {:?}",
                    files.iter().map(|f| &f.0).collect::<Vec<_>>()
                )
            });
        assert!(log.starts_with("## disk.readonly ["), "{log}");
        assert!(log.contains("kernel: EXT4-fs error (device loop"), "{log}");
        // The archive verifies with the extra file listed.
        checkup_tests::report::assert_verifies(&archive);
        logs.push(log);
    }
    let (hidden, open) = (&logs[0], &logs[1]);
    for canary in ["canary-host-7", "corp.example", "02:42:ac:11:00:07"] {
        assert!(open.contains(canary), "the control lacks {canary}: {open}");
        assert!(!hidden.contains(canary), "{canary} leaked: {hidden}");
    }
}

#[test]
fn a_read_only_btrfs_shows_its_device_statistics() {
    let mut lab = Lab::new();
    let disk = lab.filesystem("bro", "160M", "mkfs.btrfs -q -f");
    lab.then(&format!("mount -o remount,ro '{}'", disk.display()));
    let disk = text(&disk);
    let output = lab.run(
        &["run", "--only", "disk.readonly", "--format", "json"],
        &[],
        true,
    );
    let report = parse(&output);
    let finding = findings(&report, "disk.readonly", Some(&disk))[0];
    // Read-only with no error recorded: a warning, with btrfs' own counts as evidence.
    assert_eq!(
        finding["message_id"], "disk-readonly-unexpected",
        "{finding:#}"
    );
    assert!(
        evidence(finding, "fs_errors_source")
            .as_str()
            .unwrap()
            .starts_with("btrfs /sys/fs/btrfs/"),
        "{finding:#}"
    );
    assert_eq!(evidence(finding, "fs_errors_count"), 0);
    assert!(
        evidence(finding, "fs_errors_detail")
            .as_str()
            .unwrap()
            .contains("read_errs 0"),
        "{finding:#}"
    );
}

#[test]
fn squashfs_image_is_never_judged() {
    let mut lab = Lab::new();
    let image = text(&lab.squashfs("snap"));
    let output = lab.run(&["run", "--only", "disk", "--format", "json"], &[], false);
    let report = parse(&output);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["subject"] != image.as_str()),
        "a squashfs image was judged: {:#}",
        report["findings"]
    );
    // It is mounted and 100% full, so a check that looked at it would have complained.
    assert_eq!(output.status.code(), Some(0), "{:#}", report["findings"]);
}

#[test]
fn ignored_paths_get_no_finding() {
    let mut lab = Lab::new();
    let full = lab.filesystem("ignored", "64M", EXT4);
    lab.fill(&full);
    let full = text(&full);
    let profile = profile(&lab, &format!("[disk]\nignore_paths = [\"{full}\"]\n"));
    let output = lab.run(
        &[
            "run",
            "--only",
            "disk",
            "--format",
            "json",
            "--profile",
            &profile,
        ],
        &[],
        false,
    );
    let report = parse(&output);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["subject"] != full.as_str())
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn full_disk_is_found_without_privileges() {
    let mut lab = Lab::new();
    let full = lab.filesystem("full", "64M", EXT4);
    lab.fill(&full);
    let full = text(&full);
    let output = lab.run(
        &["run", "--only", "disk", "--format", "json"],
        &[("HOME", "/nonexistent")],
        true,
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = parse(&output);
    assert_eq!(status(&report, "disk.space", &full), "fail");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["status"] != "error"),
        "{:#}",
        report["findings"]
    );
}

#[test]
fn usage_scan_ranks_planted_files_on_a_full_home_disk() {
    let mut lab = Lab::new();
    let home_disk = lab.filesystem("home", "128M", EXT4);
    let home = home_disk.join("alice");
    let q = |rel: &str| format!("'{}'", home.join(rel).display());
    lab.then(&format!(
        "mkdir -p {v} {d} {c} {t}\n\
         fallocate -l 20M {big}\nfallocate -l 12M {iso}\nfallocate -l 6M {blob}\nfallocate -l 3M {small}\n\
         avail=$(df --output=avail -B1 '{m}' | tail -1); fallocate -l $((avail * 99 / 100)) {trash}",
        v = q("Videos"),
        d = q("Downloads"),
        c = q(".cache/app"),
        t = q(".local/share/Trash/files"),
        big = q("Videos/big.mp4"),
        iso = q("Downloads/disk.iso"),
        blob = q(".cache/app/blob"),
        small = q("Videos/small.mp4"),
        m = home_disk.display(),
        trash = q(".local/share/Trash/files/old-backup.tar"),
    ));
    let home_text = text(&home);
    let output = lab.run(
        &["run", "--only", "disk.space,disk.usage", "--format", "json"],
        &[("HOME", &home_text), ("XDG_DATA_HOME", "")],
        false,
    );
    let report = parse(&output);
    assert_eq!(status(&report, "disk.space", &text(&home_disk)), "fail");
    let usage = findings(&report, "disk.usage", None);
    assert_eq!(usage.len(), 1);
    let usage = usage[0];
    assert_eq!(usage["status"], "warn", "{usage}");
    let files: Vec<&str> = evidence(usage, "largest_files")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let names: Vec<&str> = files
        .iter()
        .map(|f| f.split(" (").next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            ".local/share/Trash/files/old-backup.tar",
            "Videos/big.mp4",
            "Downloads/disk.iso",
            ".cache/app/blob",
            "Videos/small.mp4"
        ]
    );
    let folders: Vec<&str> = evidence(usage, "largest_folders")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(folders[0].starts_with(".local ("), "{folders:?}");
    assert!(folders[1].starts_with("Videos ("), "{folders:?}");
    assert!(evidence(usage, "trash_bytes").as_u64().unwrap() > 50_000_000);
    assert_eq!(evidence(usage, "cut_short"), false);
    let fixes: Vec<&str> = usage["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(fixes[0].starts_with("Empty the trash"), "{fixes:?}");
    assert!(fixes.iter().any(|f| f.contains("Downloads")), "{fixes:?}");
    // Paths are sensitive evidence.
    let sensitive = |key: &str| {
        usage["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["key"] == key)
            .unwrap()["sensitive"]
            == true
    };
    assert!(sensitive("largest_files") && sensitive("largest_folders") && sensitive("home"));
}

#[test]
fn usage_scan_of_a_huge_tree_stops_at_its_budget() {
    let lab = Lab::new();
    let home = lab.path("home");
    for dir in 0..100 {
        let path = home.join(format!("d{dir:03}"));
        std::fs::create_dir_all(&path).unwrap();
        for file in 0..500 {
            std::fs::File::create(path.join(format!("f{file:03}"))).unwrap();
        }
    }
    // Every disk counts as low on space, so the home folder is scanned; 20 ms is far too
    // little for 50,000 files.
    let profile = profile(
        &lab,
        "[disk]\nwarn_free_percent = 100\nwarn_free_bytes = 9000000000000000000\nusage_scan_ms = 20\n",
    );
    let home_text = text(&home);
    let output = lab.run(
        &[
            "run",
            "--only",
            "disk.space,disk.usage",
            "--format",
            "json",
            "--profile",
            &profile,
        ],
        &[("HOME", &home_text)],
        false,
    );
    let report = parse(&output);
    let usage = findings(&report, "disk.usage", None)[0];
    assert_eq!(usage["status"], "warn", "{usage}");
    assert_eq!(evidence(usage, "cut_short"), true, "{usage}");
    assert!(
        evidence(usage, "files_seen").as_u64().unwrap() < 50_000,
        "{usage}"
    );
    assert!(
        usage["explanation"].as_str().unwrap().contains("stopped"),
        "{usage}"
    );
}

/// A home folder on a small disk, filled until the disk is low, mostly by the trash: the
/// repair is offered with the trash's exact size, empties it, and the re-check shows the
/// space back. A link in the trash that points outside it goes as a link; its target and
/// everything outside the trash and the safe caches stay.
#[test]
fn emptying_the_trash_and_safe_caches_frees_a_full_home_disk() {
    let mut lab = Lab::new();
    let home_disk = lab.filesystem("home", "128M", EXT4);
    let home = home_disk.join("alice");
    let q = |rel: &str| format!("'{}'", home.join(rel).display());
    let expected = lab.path("expected-trash-bytes");
    // The image keeps its files between runs: it is set up once.
    lab.then(&format!(
        "[ -e '{m}/set-up' ] && exit_setup=1 || exit_setup=0\n\
         if [ $exit_setup = 0 ]; then\n\
         mkdir -p {docs} {files} {info} {thumbs} {tagged} {untagged}\n\
         echo precious > {keep}\n\
         ln -s {keep} {link}\n\
         fallocate -l 30M {old}\nmkdir -p {photos}\nfallocate -l 8M {photo}\n\
         printf '[Trash Info]\\nPath=/x\\n' > {info_old}\n\
         fallocate -l 3M {thumb}\n\
         printf 'Signature: 8a477f597d28d172789f06886806bc55\\n' > {tag}\nfallocate -l 5M {blob}\n\
         fallocate -l 2M {mail}\n\
         avail=$(df --output=avail -B1 '{m}' | tail -1); fallocate -l $((avail * 99 / 100)) {filler}\n\
         find {files} -type f -printf '%b\\n' | awk '{{s += $1 * 512}} END {{print s}}' > '{expected}'\n\
         touch '{m}/set-up'\nfi",
        docs = q("Documents"),
        files = q(".local/share/Trash/files"),
        info = q(".local/share/Trash/info"),
        thumbs = q(".cache/thumbnails/large"),
        tagged = q(".cache/builds"),
        untagged = q(".cache/mail"),
        keep = q("Documents/keep.txt"),
        link = q(".local/share/Trash/files/keep-link"),
        old = q(".local/share/Trash/files/old.tar"),
        photos = q(".local/share/Trash/files/photos"),
        photo = q(".local/share/Trash/files/photos/a.jpg"),
        info_old = q(".local/share/Trash/info/old.tar.trashinfo"),
        thumb = q(".cache/thumbnails/large/t.png"),
        tag = q(".cache/builds/CACHEDIR.TAG"),
        blob = q(".cache/builds/blob"),
        mail = q(".cache/mail/index"),
        m = home_disk.display(),
        filler = q(".local/share/Trash/files/backup.img"),
        expected = expected.display(),
    ));
    let home_text = text(&home);
    let env: &[(&str, &str)] = &[
        ("HOME", &home_text),
        ("XDG_DATA_HOME", ""),
        ("XDG_CACHE_HOME", ""),
    ];

    // Offered, with the trash's size as the disk counts it.
    let output = lab.run(
        &["run", "--only", "disk.space,disk.usage", "--format", "json"],
        env,
        false,
    );
    let report = parse(&output);
    let space = findings(&report, "disk.space", Some(&text(&home_disk)))[0].clone();
    assert_eq!(space["status"], "fail", "{space:#}");
    let counted: u64 = std::fs::read_to_string(&expected)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(counted > 80_000_000, "{counted}");
    assert_eq!(evidence(&space, "trash_bytes").as_u64(), Some(counted));
    assert_eq!(evidence(&space, "trash_entries").as_u64(), Some(4));
    assert_eq!(evidence(&space, "safe_cache_folders").as_u64(), Some(2));
    let offers: Vec<String> = space["repairs_offered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                o["id"].as_str().unwrap(),
                o["title"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(offers.len(), 2, "{offers:?}");
    assert!(
        offers[0].starts_with("disk.empty_trash Empty the trash ("),
        "{offers:?}"
    );
    assert!(
        offers[1].starts_with("disk.clear_caches Clear caches"),
        "{offers:?}"
    );

    // Made: the trash is empty, the link went as a link, the tagged cache kept its tag.
    let after = lab.path("after");
    let output = lab.run_with_then(
        &[
            "run",
            "--only",
            "disk.space,disk.usage",
            "--format",
            "json",
            "--fix",
            "--yes",
            "disk.empty_trash,disk.clear_caches",
        ],
        env,
        &format!(
            "{{ ls -A {files}; echo --; cat {keep}; ls -A {tagged} {untagged} {thumbs}; }} > '{after}' 2>&1",
            files = q(".local/share/Trash/files"),
            keep = q("Documents/keep.txt"),
            tagged = q(".cache/builds"),
            untagged = q(".cache/mail"),
            thumbs = q(".cache/thumbnails"),
            after = after.display(),
        ),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let (json, exit) = stdout
        .rsplit_once("exit=")
        .unwrap_or_else(|| panic!("{stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    let report: serde_json::Value = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    assert!(
        schema_errors(&report).is_empty(),
        "{:?}",
        schema_errors(&report)
    );
    assert_eq!(
        exit.trim(),
        "0",
        "{}\n{:#}\n{}",
        String::from_utf8_lossy(&output.stderr),
        report["repairs_done"],
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["status"] != "pass")
            .map(|f| format!("{} {} {}", f["id"], f["subject"], f["message_id"]))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let tried: Vec<String> = report["repairs_done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}={}",
                d["id"].as_str().unwrap(),
                d["result"].as_str().unwrap()
            )
        })
        .collect();
    // The trash alone frees the disk; the caches' repair then finds nothing left to fix.
    assert_eq!(
        tried,
        ["disk.empty_trash=fixed"],
        "{:#}",
        report["repairs_done"]
    );
    assert_eq!(status(&report, "disk.space", &text(&home_disk)), "pass");
    let listed = std::fs::read_to_string(&after).unwrap();
    assert_eq!(
        listed,
        format!(
            "--\nprecious\n{}:\nCACHEDIR.TAG\nblob\n\n{}:\nindex\n\n{}:\nlarge\n",
            home.join(".cache/builds").display(),
            home.join(".cache/mail").display(),
            home.join(".cache/thumbnails").display()
        ),
        "{listed}"
    );
}
