//! macOS.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// Not read on macOS yet: the awake clock (mach_absolute_time) needs a binding we do not carry.
pub fn awake_time() -> io::Result<Duration> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "awake time is not read on macOS yet",
    ))
}

/// The system-wide profile: fourth in the lookup order.
pub fn system_profile_path() -> Option<PathBuf> {
    Some(PathBuf::from(
        "/Library/Application Support/Checkup/profile.toml",
    ))
}
