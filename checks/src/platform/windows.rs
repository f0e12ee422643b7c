//! Windows.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// How long the system has been running, not counting time asleep or hibernating.
#[allow(unsafe_code)]
pub fn awake_time() -> io::Result<Duration> {
    let mut hundred_ns: u64 = 0;
    // SAFETY: QueryUnbiasedInterruptTime writes one u64 through a valid, exclusive pointer.
    let ok = unsafe {
        windows_sys::Win32::System::WindowsProgramming::QueryUnbiasedInterruptTime(&mut hundred_ns)
    };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(Duration::from_nanos(hundred_ns.saturating_mul(100)))
}

/// The system-wide profile: fourth in the lookup order.
pub fn system_profile_path() -> Option<PathBuf> {
    std::env::var_os("ProgramData")
        .map(|dir| PathBuf::from(dir).join("Checkup").join("profile.toml"))
}
