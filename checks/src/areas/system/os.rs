//! `system.os`: which operating system this is. Always `pass`; the facts are for specialists.

use std::time::Duration;

use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Kind, Status};

const OK: MessageSpec = message(Status::Pass, "system-os-ok").with_args(&["system"]);

pub static CHECK: CheckDef = CheckDef {
    id: "system.os",
    area: Area::System,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(2),
    messages: &[OK],
    run,
};

/// What the system says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub os: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub long_version: Option<String>,
    pub kernel: Option<String>,
    pub arch: String,
    pub host_name: Option<String>,
    pub cpu_count: usize,
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let read = context
            .facts()
            .ask(Duration::from_secs(1), |platform| {
                let info = platform.os_info();
                Facts {
                    os: info.os,
                    name: info.name,
                    version: info.version,
                    long_version: info.long_version,
                    kernel: info.kernel,
                    arch: info.arch,
                    host_name: info.host_name,
                    cpu_count: platform.cpu_count(),
                }
            })
            .await;
        vec![evaluate(&read.unwrap_or_else(|_| Facts {
            os: std::env::consts::OS.to_owned(),
            arch: std::env::consts::ARCH.to_owned(),
            ..Facts::default()
        }))]
    })
}

/// Always a pass: this check records what the system is.
pub fn evaluate(facts: &Facts) -> Outcome {
    let display = facts
        .long_version
        .clone()
        .or_else(|| facts.name.clone())
        .unwrap_or_else(|| facts.os.clone());
    let mut outcome = Outcome::of(&OK)
        .arg("system", display)
        .evidence(Evidence::plain("os", facts.os.as_str()))
        .evidence(Evidence::plain("arch", facts.arch.as_str()))
        .evidence(Evidence::plain("cpu_count", facts.cpu_count as u64));
    for (key, value) in [
        ("name", &facts.name),
        ("version", &facts.version),
        ("long_version", &facts.long_version),
        ("kernel", &facts.kernel),
    ] {
        if let Some(value) = value {
            outcome = outcome.evidence(Evidence::plain(key, value.as_str()));
        }
    }
    if let Some(host) = &facts.host_name {
        outcome = outcome.evidence(Evidence::sensitive("host_name", Kind::Host, host.as_str()));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_name_is_sensitive_and_the_rest_is_not() {
        let facts = Facts {
            os: "linux".into(),
            name: Some("Debian GNU/Linux".into()),
            long_version: Some("Linux 12 Debian GNU/Linux".into()),
            host_name: Some("alice-laptop".into()),
            arch: "x86_64".into(),
            cpu_count: 2,
            ..Facts::default()
        };
        let outcome = evaluate(&facts);
        assert_eq!(outcome.status, Status::Pass);
        for evidence in &outcome.evidence {
            assert_eq!(
                evidence.sensitive,
                evidence.key == "host_name",
                "{evidence:?}"
            );
        }
        assert!(outcome.evidence.iter().any(|e| e.key == "host_name"));
    }

    #[test]
    fn missing_facts_still_pass() {
        let outcome = evaluate(&Facts {
            os: "plan9".into(),
            ..Facts::default()
        });
        assert_eq!(outcome.status, Status::Pass);
        assert!(outcome.evidence.iter().all(|e| e.key != "host_name"));
    }
}
