//! `printer.reachable`: per queue, can the device in its device URI be reached? Network
//! schemes get a TCP connection to the host and the scheme's port; USB, DNS-SD and other
//! schemes without a host are `not_applicable`.

use std::time::Duration;

use super::{Queue, queues};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::probe::{self, Tcp};

const OK: MessageSpec = message(Status::Pass, "printer-reachable-ok").with_args(&["printer"]);
const REFUSED: MessageSpec =
    message(Status::Fail, "printer-reachable-refused").with_args(&["printer"]);
const SILENT: MessageSpec =
    message(Status::Fail, "printer-reachable-silent").with_args(&["printer"]);
const NO_NAME: MessageSpec =
    message(Status::Fail, "printer-reachable-no-name").with_args(&["printer"]);
const LOCAL: MessageSpec =
    message(Status::NotApplicable, "printer-reachable-local").with_args(&["printer"]);
const UNREADABLE: MessageSpec = message(Status::Error, "printer-reachable-unreadable");
const NONE: MessageSpec = message(Status::NotApplicable, "printer-reachable-none");

pub static CHECK: CheckDef = CheckDef {
    id: "printer.reachable",
    area: Area::Printer,
    depends_on: &["printer.installed"],
    after: &[],
    timeout: Duration::from_secs(3),
    messages: &[OK, REFUSED, SILENT, NO_NAME, LOCAL, UNREADABLE, NONE],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let queues = match queues(&context).await {
            Ok(queues) => queues,
            Err(error) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
        };
        if queues.is_empty() {
            return vec![Outcome::of(&NONE)];
        }
        let wanted = Duration::from_millis(context.profile.printer.request_timeout_ms.min(2000));
        let limit = context.limit(wanted);
        let probes = queues.iter().map(|queue| async move {
            let target = queue.device_uri.as_deref().and_then(network_target);
            let result = match &target {
                Some((host, port)) => Some(probe::tcp(host, *port, limit).await),
                None => None,
            };
            evaluate(queue, target.as_ref(), result.as_ref())
        });
        futures_util::future::join_all(probes).await
    })
}

/// The host and port a device URI points at, for network schemes.
pub fn network_target(uri: &str) -> Option<(String, u16)> {
    let (scheme, rest) = uri.split_once("://")?;
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "ipp" | "ipps" => 631,
        "http" => 80,
        "https" => 443,
        "socket" => 9100,
        "lpd" => 515,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && (!host.contains(':') || host.ends_with(']')) => {
            (host, port.parse().ok()?)
        }
        _ => (authority, default_port),
    };
    (!host.is_empty()).then(|| (host.to_owned(), port))
}

pub fn evaluate(queue: &Queue, target: Option<&(String, u16)>, result: Option<&Tcp>) -> Outcome {
    let base = |spec: &MessageSpec| {
        let mut outcome = Outcome::of(spec)
            .subject(queue.name.as_str())
            .arg("printer", queue.name.as_str());
        if let Some(uri) = &queue.device_uri {
            outcome = outcome.evidence(Evidence::plain("device_uri", uri.as_str()));
        }
        if let Some((host, port)) = target {
            outcome = outcome
                .evidence(Evidence::plain("host", host.as_str()))
                .evidence(Evidence::plain("port", u64::from(*port)));
        }
        outcome
    };
    let ms = |d: &Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    match result {
        None => base(&LOCAL),
        Some(Tcp::Open(rtt)) => base(&OK).evidence(Evidence::plain("connect_ms", ms(rtt))),
        Some(Tcp::Refused(rtt)) => base(&REFUSED).evidence(Evidence::plain("connect_ms", ms(rtt))),
        Some(Tcp::TimedOut(limit)) => base(&SILENT).evidence(Evidence::plain(
            "error",
            format!("no answer within {limit:?}"),
        )),
        Some(Tcp::Unreachable(error)) => {
            base(&SILENT).evidence(Evidence::plain("error", error.as_str()))
        }
        Some(Tcp::NoSuchName(error)) => {
            base(&NO_NAME).evidence(Evidence::plain("error", error.as_str()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_uris_give_host_and_port() {
        let t = |u: &str| network_target(u);
        assert_eq!(
            t("ipp://printer.local/ipp/print"),
            Some(("printer.local".into(), 631))
        );
        assert_eq!(
            t("ipp://localhost:8631/ipp/print"),
            Some(("localhost".into(), 8631))
        );
        assert_eq!(t("socket://10.0.0.9"), Some(("10.0.0.9".into(), 9100)));
        assert_eq!(t("lpd://user@host/queue"), Some(("host".into(), 515)));
        assert_eq!(
            t("https://[fd00::9]:8443/x"),
            Some(("[fd00::9]".into(), 8443))
        );
        assert_eq!(t("usb://HP/LaserJet?serial=123"), None);
        assert_eq!(t("dnssd://Office._ipp._tcp.local/"), None);
        assert_eq!(t("ipp://host:notaport/"), None);
        assert_eq!(t("garbage"), None);
    }

    #[test]
    fn outcomes() {
        let queue = Queue {
            name: "Office".into(),
            device_uri: Some("socket://10.0.0.9".into()),
            ..Queue::default()
        };
        let target = ("10.0.0.9".to_owned(), 9100);
        let judged = |r: Option<&Tcp>| evaluate(&queue, Some(&target), r).message;
        assert_eq!(
            judged(Some(&Tcp::Open(Duration::from_millis(2)))),
            "printer-reachable-ok"
        );
        assert_eq!(
            judged(Some(&Tcp::Refused(Duration::ZERO))),
            "printer-reachable-refused"
        );
        assert_eq!(
            judged(Some(&Tcp::TimedOut(Duration::from_secs(1)))),
            "printer-reachable-silent"
        );
        assert_eq!(
            judged(Some(&Tcp::NoSuchName("x".into()))),
            "printer-reachable-no-name"
        );
        assert_eq!(evaluate(&queue, None, None).status, Status::NotApplicable);
    }
}
