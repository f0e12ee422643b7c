//! One folder per area: each check gathers facts, then evaluates them purely.

pub mod disk;
pub mod printer;
pub mod system;
