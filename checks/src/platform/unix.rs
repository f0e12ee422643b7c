//! What Linux and macOS read the same way: statvfs, the home folder and the user, files'
//! sizes and devices, `resolv.conf` and the hosts file, and CUPS' own configuration files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::formats::parse_system_groups;
use super::formats::{parse_client_conf, parse_lpoptions_default, parse_resolv_conf};
use super::ipp::{Cups, CupsAdmin, PrintSystem, Server};
use super::{FsUsage, HealthReading, OsError, ResolverSettings, program};
use std::time::Duration;

/// Space and inode counts. Blocking: call it on a detached thread under a deadline.
// fsblkcnt_t and friends are 32 bits wide on some targets.
#[allow(clippy::useless_conversion)]
pub fn fs_usage(path: &Path) -> Result<FsUsage, OsError> {
    let stats = nix::sys::statvfs::statvfs(path).map_err(std::io::Error::from)?;
    let unit = u64::from(stats.fragment_size()).max(1);
    Ok(FsUsage {
        total_bytes: u64::from(stats.blocks()).saturating_mul(unit),
        free_bytes: u64::from(stats.blocks_free()).saturating_mul(unit),
        available_bytes: u64::from(stats.blocks_available()).saturating_mul(unit),
        total_inodes: u64::from(stats.files()),
        free_inodes: u64::from(stats.files_available()),
    })
}

/// The name of the user running Checkup: from the account database, else the environment.
pub fn user_name() -> Option<String> {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|user| user.name)
        .or_else(|| std::env::var("USER").ok())
        .filter(|name| !name.is_empty())
}

/// The user's home folder.
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// How a file counts on disk here, for the walk of the home folder: allocated blocks (so
/// sparse files count for what they use), and its device (to stay on one filesystem).
pub const FILE_FACTS: super::common::FileFacts = super::common::FileFacts {
    allocated_size: |metadata| {
        use std::os::unix::fs::MetadataExt;
        metadata.blocks().saturating_mul(512)
    },
    device_of: |metadata| {
        use std::os::unix::fs::MetadataExt;
        Some(metadata.dev())
    },
};

/// The user's cache folder: `XDG_CACHE_HOME`, else `~/.cache`.
pub fn cache_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| home_dir().map(|home| home.join(".cache")))
}

/// The freedesktop trash folder.
pub fn trash_dir(home: &Path) -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map_or_else(|| home.join(".local/share"), PathBuf::from);
    Some(data.join("Trash"))
}

const STUB_RESOLVERS: &[&str] = &["127.0.0.53", "127.0.0.54"];

/// `/etc/resolv.conf`, and behind systemd-resolved's stub the upstream servers it uses.
pub fn resolver_settings() -> Result<ResolverSettings, OsError> {
    let path = "/etc/resolv.conf";
    let text = std::fs::read_to_string(path)?;
    let parsed = parse_resolv_conf(&text);
    let mut settings = ResolverSettings {
        source: path.to_owned(),
        servers: parsed.servers,
        search: parsed.search,
        upstream: Vec::new(),
    };
    if settings
        .servers
        .iter()
        .any(|s| STUB_RESOLVERS.contains(&s.as_str()))
        && let Ok(text) = std::fs::read_to_string("/run/systemd/resolve/resolv.conf")
    {
        settings.upstream = parse_resolv_conf(&text)
            .servers
            .into_iter()
            .filter(|s| !STUB_RESOLVERS.contains(&s.as_str()))
            .collect();
    }
    Ok(settings)
}

/// The hosts file.
pub fn hosts_file() -> (String, Result<String, OsError>) {
    let path = "/etc/hosts";
    (
        path.to_owned(),
        std::fs::read_to_string(path).map_err(OsError::from),
    )
}

/// CUPS' configuration folder: `CUPS_SERVERROOT`, else `/etc/cups`.
pub fn server_root() -> PathBuf {
    std::env::var_os("CUPS_SERVERROOT")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("/etc/cups"), PathBuf::from)
}

/// The print server named in the user's or the system's client configuration
/// (`~/.cups/client.conf`, then `client.conf` in the configuration folder).
pub fn configured_print_server() -> Option<String> {
    let home = home_dir();
    let user = home.map(|h| h.join(".cups/client.conf"));
    user.into_iter()
        .chain([server_root().join("client.conf")])
        .find_map(|path| parse_client_conf(&std::fs::read_to_string(path).ok()?))
}

/// Whether a printer was ever set up on the local print server: its printer list file
/// exists, readable or not (CUPS keeps it readable by the administrator only). Returns the
/// file that was looked at, for evidence.
pub fn printer_ever_set_up() -> (bool, String) {
    let list = server_root().join("printers.conf");
    (
        std::fs::symlink_metadata(&list).is_ok(),
        list.display().to_string(),
    )
}

/// Where the local CUPS scheduler listens, when it does: the first of `candidates` that exists.
pub fn local_print_socket(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// True when a print system (CUPS) is installed here, answering or not.
pub fn print_system_installed() -> bool {
    ["/etc/cups", "/usr/sbin/cupsd", "/usr/lib/cups"]
        .iter()
        .any(|p| Path::new(p).exists())
}

/// The user's own default printer: `LPDEST`, `PRINTER`, then `~/.cups/lpoptions`.
pub fn user_default_printer() -> Option<String> {
    for var in ["LPDEST", "PRINTER"] {
        if let Some(value) = std::env::var(var).ok().filter(|v| !v.is_empty()) {
            return Some(value);
        }
    }
    let text = std::fs::read_to_string(home_dir()?.join(".cups/lpoptions")).ok()?;
    parse_lpoptions_default(&text)
}

/// CUPS at `server`, asked as this user.
pub fn print_system(server: &Server) -> Arc<dyn PrintSystem> {
    Arc::new(Cups {
        server: server.clone(),
        user: user_name(),
        admin: Some(cups_admin()),
    })
}

/// CUPS' own default administrator groups, used when its configuration cannot be read.
pub const CUPS_DEFAULT_SYSTEM_GROUPS: &[&str] = &["lpadmin", "sys", "root", "wheel"];

/// Who manages the local CUPS: its `SystemGroup`s (CUPS' usual ones when its configuration
/// is not readable), and the names of this process's groups.
pub fn cups_admin() -> CupsAdmin {
    let configured = std::fs::read_to_string(server_root().join("cups-files.conf"))
        .ok()
        .map(|text| parse_system_groups(&text))
        .filter(|groups| !groups.is_empty());
    let groups_read = configured.is_some();
    let system_groups = configured.unwrap_or_else(|| {
        CUPS_DEFAULT_SYSTEM_GROUPS
            .iter()
            .map(|g| (*g).to_owned())
            .collect()
    });
    let mut gids = nix::unistd::getgroups().unwrap_or_default();
    gids.extend([nix::unistd::getgid(), nix::unistd::getegid()]);
    gids.sort_unstable_by_key(|g| g.as_raw());
    gids.dedup();
    let user_groups = gids
        .into_iter()
        .filter_map(|gid| nix::unistd::Group::from_gid(gid).ok().flatten())
        .map(|group| group.name)
        .collect();
    CupsAdmin {
        system_groups,
        groups_read,
        user_groups,
    }
}

/// At most this much of smartctl's output is read.
const SMARTCTL_OUTPUT_CAP: usize = 1 << 20;

/// Runs `smartctl --json` on one disk, bounded in time and output.
pub fn smartctl(device: &str, limit: Duration) -> HealthReading {
    match program::run(
        "smartctl",
        &["--json=c", "--info", "--health", "--attributes", device],
        limit,
        SMARTCTL_OUTPUT_CAP,
    ) {
        Ok(output) => match serde_json::from_slice(&output.stdout) {
            Ok(json) => HealthReading::Json(json),
            Err(error) => HealthReading::Failed(format!("unreadable smartctl output: {error}")),
        },
        Err(program::ProgramError::NotFound(_)) => HealthReading::NoTool,
        Err(error) => HealthReading::Failed(error.to_string()),
    }
}
