//! Operating-system facts behind one set of function names, one file per OS, chosen by `cfg`.
//!
//! Every file exports the same functions with the same signatures. Shared types carry no
//! `cfg` fields; an unsupported platform answers `io::ErrorKind::Unsupported`, which checks
//! turn into `not_applicable` with a reason.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
pub use linux::*;

#[cfg(target_os = "windows")]
mod windows;
#[cfg(target_os = "windows")]
pub use windows::*;

#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
pub use macos::*;

#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
mod other;
#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
pub use other::*;
