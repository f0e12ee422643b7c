//! Linux.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use nix::time::{ClockId, clock_gettime};

/// How long the system has been running, not counting time asleep (CLOCK_MONOTONIC stops
/// during suspend, unlike CLOCK_BOOTTIME and /proc/uptime).
pub fn awake_time() -> io::Result<Duration> {
    let now = clock_gettime(ClockId::CLOCK_MONOTONIC).map_err(io::Error::from)?;
    Ok(Duration::from(now))
}

/// The system-wide profile: fourth in the lookup order.
pub fn system_profile_path() -> Option<PathBuf> {
    Some(PathBuf::from("/etc/checkup/profile.toml"))
}
