//! Platforms Checkup does not support yet: every fact is `Unsupported`.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

pub fn awake_time() -> io::Result<Duration> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "not supported on this platform",
    ))
}

pub fn system_profile_path() -> Option<PathBuf> {
    None
}
