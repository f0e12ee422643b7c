//! One folder per area: each check gathers facts, then evaluates them purely.

pub mod disk;
pub mod dns;
pub mod network;
pub mod printer;
pub mod system;
