//! `dns.servers`: is at least one valid name server configured? Behind systemd-resolved's
//! local stub (127.0.0.53) the real upstream servers are reported too.

use std::time::Duration;

use super::{configured_servers, read_settings, server_text, valid_server};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::facts::FactError;
use crate::model::{Area, Evidence, Status};
use crate::platform::OsErrorKind;
use crate::platform::ResolverSettings;

const OK: MessageSpec = message(Status::Pass, "dns-servers-ok").with_args(&["count", "servers"]);
const NONE: MessageSpec = message(Status::Fail, "dns-servers-none");
const UNSUPPORTED: MessageSpec = message(Status::NotApplicable, "dns-servers-unsupported");
const UNREADABLE: MessageSpec = message(Status::Error, "dns-servers-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "dns.servers",
    area: Area::Dns,
    depends_on: &["network.address"],
    after: &[],
    timeout: Duration::from_secs(2),
    messages: &[OK, NONE, UNSUPPORTED, UNREADABLE],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move { vec![evaluate(&read_settings(&context).await)] })
}

pub fn evaluate(settings: &Result<ResolverSettings, FactError>) -> Outcome {
    let settings = match settings {
        Ok(settings) => settings,
        Err(error) if error.kind() == OsErrorKind::Unsupported => {
            return Outcome::of(&UNSUPPORTED)
                .evidence(Evidence::plain("reason", error.to_string()));
        }
        Err(error) if error.kind() == OsErrorKind::NotFound => {
            return Outcome::of(&NONE).evidence(Evidence::plain("error", error.to_string()));
        }
        Err(error) => {
            return Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string()));
        }
    };
    let valid: Vec<String> = configured_servers(settings)
        .into_iter()
        .map(server_text)
        .collect();
    let ignored: Vec<String> = settings
        .servers
        .iter()
        .filter(|s| valid_server(s).is_none())
        .map(|s| {
            if s.is_empty() {
                "(empty)".to_owned()
            } else {
                s.clone()
            }
        })
        .collect();
    let mut outcome = if valid.is_empty() {
        Outcome::of(&NONE)
    } else {
        Outcome::of(&OK)
            .arg("count", valid.len() as u64)
            .arg("servers", valid.join(", "))
    };
    outcome = outcome
        .evidence(Evidence::plain("source", settings.source.clone()))
        .evidence(Evidence::plain("servers", valid));
    if !ignored.is_empty() {
        outcome = outcome.evidence(Evidence::plain("ignored_entries", ignored));
    }
    if !settings.upstream.is_empty() {
        outcome = outcome.evidence(Evidence::plain(
            "upstream_servers",
            settings.upstream.clone(),
        ));
    }
    if !settings.search.is_empty() {
        outcome = outcome.evidence(Evidence::sensitive(
            "search_domains",
            crate::model::Kind::Host,
            settings.search.clone(),
        ));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(servers: &[&str]) -> Result<ResolverSettings, FactError> {
        Ok(ResolverSettings {
            source: "/etc/resolv.conf".into(),
            servers: servers.iter().map(|s| (*s).to_owned()).collect(),
            ..ResolverSettings::default()
        })
    }

    #[test]
    fn one_valid_server_passes() {
        assert_eq!(
            evaluate(&settings(&["0.0.0.0", "10.0.0.1"])).status,
            Status::Pass
        );
    }

    #[test]
    fn only_empty_or_unspecified_servers_fail() {
        let outcome = evaluate(&settings(&["", "0.0.0.0", "::"]));
        assert_eq!(outcome.status, Status::Fail);
        assert!(outcome.evidence.iter().any(|e| e.key == "ignored_entries"));
        assert_eq!(evaluate(&settings(&[])).status, Status::Fail);
        let missing = Err(FactError(
            std::io::Error::from(std::io::ErrorKind::NotFound).into(),
        ));
        assert_eq!(evaluate(&missing).status, Status::Fail);
        let unsupported = Err(FactError(
            std::io::Error::from(std::io::ErrorKind::Unsupported).into(),
        ));
        assert_eq!(evaluate(&unsupported).status, Status::NotApplicable);
    }
}
