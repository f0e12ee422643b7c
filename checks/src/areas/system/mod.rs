//! Facts about the computer itself: what it is, how long it has run, memory and processor.

pub mod clock;
pub mod cpu;
pub mod memory;
pub mod os;
pub mod uptime;
