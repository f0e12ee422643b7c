//! Facts about the computer itself.

pub mod os;
pub mod uptime;
