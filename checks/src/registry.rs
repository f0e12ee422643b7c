//! The one static list of checks, and planning a selection into a dependency graph.
//!
//! Registry order is the contract's order: findings are listed in it and root causes of equal
//! depth are ranked by it.

use std::collections::{HashMap, HashSet};

use crate::areas;
use crate::check::CheckDef;
use crate::model::Area;

/// Every check Checkup has, in contract order.
pub static REGISTRY: &[&CheckDef] = &[
    &areas::system::os::CHECK,
    &areas::network::interface::CHECK,
    &areas::network::address::CHECK,
    &areas::network::gateway::CHECK,
    &areas::network::gateway_reachable::CHECK,
    &areas::network::captive_portal::CHECK,
    &areas::network::internet::CHECK,
    &areas::dns::servers::CHECK,
    &areas::dns::server_reachable::CHECK,
    &areas::dns::resolution::CHECK,
    &areas::network::proxy::CHECK,
    &areas::system::clock::CHECK,
    &areas::network::https::CHECK,
    &areas::network::intranet::CHECK,
    &areas::network::latency::CHECK,
    &areas::dns::latency::CHECK,
    &areas::dns::hijack::CHECK,
    &areas::dns::hosts_file::CHECK,
    &areas::network::wifi::CHECK,
    &areas::printer::service::CHECK,
    &areas::printer::installed::CHECK,
    &areas::printer::state::CHECK,
    &areas::printer::queue::CHECK,
    &areas::printer::reachable::CHECK,
    &areas::printer::default::CHECK,
    &areas::disk::space::CHECK,
    &areas::disk::inodes::CHECK,
    &areas::disk::readonly::CHECK,
    &areas::disk::health::CHECK,
    &areas::disk::usage::CHECK,
    &areas::system::memory::CHECK,
    &areas::system::cpu::CHECK,
    &areas::system::uptime::CHECK,
];

/// Every repair Checkup can make, in the registry order of the checks that offer them.
pub static REPAIRS: &[&crate::repair::RepairDef] = &[
    &areas::network::repairs::WIFI_ON,
    &areas::network::repairs::RECONNECT,
    &areas::network::captive_portal::OPEN_SIGN_IN,
    &areas::printer::state::RESUME,
    &areas::printer::state::ACCEPT_JOBS,
    &areas::printer::queue::CANCEL_JOB,
    &areas::printer::queue::RELEASE_JOB,
    &areas::disk::space::EMPTY_TRASH,
    &areas::disk::space::CLEAR_CACHES,
];

/// Why a list of checks or a selection cannot be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("`{item}` is neither an area nor a check id{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownSelection {
        item: String,
        suggestion: Option<String>,
    },
    #[error("check id `{0}` appears more than once")]
    DuplicateId(&'static str),
    #[error("check id `{0}` is not of the form `area.name` with its own area")]
    MalformedId(&'static str),
    #[error("check `{check}` names `{missing}`, which is not a check")]
    UnknownDependency {
        check: &'static str,
        missing: &'static str,
    },
    #[error("checks form a cycle through `{0}`")]
    Cycle(&'static str),
}

/// The checks of one run, closed under `depends_on`, in the order of the list they came from.
#[derive(Debug, Clone)]
pub struct Plan {
    checks: Vec<&'static CheckDef>,
    /// Number of transitive `depends_on` ancestors, by id.
    ancestors: HashMap<&'static str, usize>,
    /// The areas the selection named, directly or through one of their check ids.
    asked_for: Vec<Area>,
}

/// Plans a selection (areas or ids; empty = everything) over the registry.
pub fn plan(selection: &[String]) -> Result<Plan, PlanError> {
    Plan::new(REGISTRY, selection)
}

impl Plan {
    /// Plans a selection over any list of checks. The list is validated first: unique,
    /// well-formed ids, known dependencies and no cycles, so a run can never deadlock.
    pub fn new(all: &[&'static CheckDef], selection: &[String]) -> Result<Plan, PlanError> {
        validate(all)?;
        let by_id: HashMap<&str, &'static CheckDef> = all.iter().map(|c| (c.id, *c)).collect();

        let mut wanted: HashSet<&'static str> = HashSet::new();
        let mut asked_for: Vec<Area> = Vec::new();
        if selection.is_empty() {
            wanted.extend(all.iter().map(|c| c.id));
        }
        for item in selection {
            let item = item.trim();
            if let Some(area) = Area::parse(item) {
                wanted.extend(all.iter().filter(|c| c.area == area).map(|c| c.id));
                asked_for.push(area);
            } else if let Some(check) = by_id.get(item) {
                wanted.insert(check.id);
                asked_for.push(check.area);
            } else {
                let candidates = Area::ALL
                    .iter()
                    .map(|a| a.as_str())
                    .chain(all.iter().map(|c| c.id));
                let suggestion = candidates
                    .map(|c| (strsim::damerau_levenshtein(item, c), c))
                    .filter(|(distance, _)| *distance <= 3)
                    .min_by_key(|(distance, _)| *distance)
                    .map(|(_, c)| c.to_owned());
                return Err(PlanError::UnknownSelection {
                    item: item.to_owned(),
                    suggestion,
                });
            }
        }
        // Pull in transitive dependencies.
        let mut stack: Vec<&'static str> = wanted.iter().copied().collect();
        while let Some(id) = stack.pop() {
            if let Some(check) = by_id.get(id) {
                for dep in check.depends_on {
                    if wanted.insert(dep) {
                        stack.push(dep);
                    }
                }
            }
        }
        let checks: Vec<&'static CheckDef> = all
            .iter()
            .copied()
            .filter(|c| wanted.contains(c.id))
            .collect();
        let ancestors = checks
            .iter()
            .map(|c| (c.id, count_ancestors(c, &by_id)))
            .collect();
        asked_for.sort();
        asked_for.dedup();
        Ok(Plan {
            checks,
            ancestors,
            asked_for,
        })
    }

    /// The areas the user asked for by name; empty for a full run.
    pub fn asked_for(&self) -> &[Area] {
        &self.asked_for
    }

    /// The planned checks, in list order.
    pub fn checks(&self) -> &[&'static CheckDef] {
        &self.checks
    }

    pub fn get(&self, id: &str) -> Option<&'static CheckDef> {
        self.checks.iter().copied().find(|c| c.id == id)
    }

    /// Position in the list: the contract's rank.
    pub fn rank(&self, id: &str) -> usize {
        self.checks
            .iter()
            .position(|c| c.id == id)
            .unwrap_or(usize::MAX)
    }

    /// How many checks this one transitively depends on.
    pub fn depth(&self, id: &str) -> usize {
        self.ancestors.get(id).copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.checks.is_empty()
    }

    /// The part of this plan to run again after a repair for `id`: that check, every planned
    /// check that depends on it or runs after it (transitively), and what those depend on,
    /// as the user asked for them (symptom-dependent verdicts stay the same).
    pub fn recheck(&self, id: &str) -> Plan {
        let mut again: HashSet<&'static str> = self
            .checks
            .iter()
            .filter(|c| c.id == id)
            .map(|c| c.id)
            .collect();
        loop {
            let more: Vec<&'static str> = self
                .checks
                .iter()
                .filter(|c| !again.contains(c.id))
                .filter(|c| {
                    c.depends_on
                        .iter()
                        .chain(c.after)
                        .any(|d| again.contains(d))
                })
                .map(|c| c.id)
                .collect();
            if more.is_empty() {
                break;
            }
            again.extend(more);
        }
        let mut stack: Vec<&'static str> = again.iter().copied().collect();
        while let Some(id) = stack.pop() {
            if let Some(check) = self.get(id) {
                for dep in check.depends_on {
                    if self.get(dep).is_some() && again.insert(dep) {
                        stack.push(dep);
                    }
                }
            }
        }
        Plan {
            checks: self
                .checks
                .iter()
                .copied()
                .filter(|c| again.contains(c.id))
                .collect(),
            ancestors: self
                .ancestors
                .iter()
                .filter(|(id, _)| again.contains(*id))
                .map(|(id, n)| (*id, *n))
                .collect(),
            asked_for: self.asked_for.clone(),
        }
    }

    pub fn len(&self) -> usize {
        self.checks.len()
    }
}

fn count_ancestors(check: &CheckDef, by_id: &HashMap<&str, &'static CheckDef>) -> usize {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut stack: Vec<&str> = check.depends_on.to_vec();
    while let Some(id) = stack.pop() {
        if seen.insert(id)
            && let Some(dep) = by_id.get(id)
        {
            stack.extend(dep.depends_on.iter().copied());
        }
    }
    seen.len()
}

fn well_formed(check: &CheckDef) -> bool {
    let Some((area, name)) = check.id.split_once('.') else {
        return false;
    };
    area == check.area.as_str()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks a list of checks for unique, well-formed ids, known references and no cycles
/// (over `depends_on` and `after` together, since both order the run).
pub fn validate(all: &[&'static CheckDef]) -> Result<(), PlanError> {
    let mut ids: HashSet<&str> = HashSet::new();
    for check in all {
        if !well_formed(check) {
            return Err(PlanError::MalformedId(check.id));
        }
        if !ids.insert(check.id) {
            return Err(PlanError::DuplicateId(check.id));
        }
    }
    for check in all {
        for dep in check.depends_on.iter().chain(check.after) {
            if !ids.contains(dep) {
                return Err(PlanError::UnknownDependency {
                    check: check.id,
                    missing: dep,
                });
            }
        }
    }
    // Kahn's algorithm: whatever cannot be ordered sits on a cycle.
    let mut pending: HashMap<&str, usize> = all
        .iter()
        .map(|c| (c.id, c.depends_on.len() + c.after.len()))
        .collect();
    let mut ready: Vec<&str> = pending
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(id, _)| *id)
        .collect();
    while let Some(done) = ready.pop() {
        for check in all {
            let edges = check
                .depends_on
                .iter()
                .chain(check.after)
                .filter(|d| **d == done)
                .count();
            if edges > 0
                && let Some(n) = pending.get_mut(check.id)
            {
                *n -= edges;
                if *n == 0 {
                    ready.push(check.id);
                }
            }
        }
        pending.remove(done);
    }
    match all.iter().find(|c| pending.contains_key(c.id)) {
        Some(check) => Err(PlanError::Cycle(check.id)),
        None => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_recheck_runs_the_check_its_dependents_and_what_they_need() {
        let full = plan(&["printer".to_owned()]).unwrap();
        let again = full.recheck("printer.installed");
        let ids: Vec<&str> = again.checks().iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            [
                "printer.service",
                "printer.installed",
                "printer.state",
                "printer.queue",
                "printer.reachable",
                "printer.default",
            ]
        );
        let again = full.recheck("printer.state");
        let ids: Vec<&str> = again.checks().iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            ["printer.service", "printer.installed", "printer.state"]
        );
        // The user's symptom stays: a printer-area run stays one.
        assert_eq!(again.asked_for(), full.asked_for());
        // `after` counts as a dependent: disk.usage runs after disk.space.
        let full = plan(&[]).unwrap();
        let ids: Vec<&str> = full
            .recheck("disk.space")
            .checks()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, ["disk.space", "disk.usage"]);
    }
}
