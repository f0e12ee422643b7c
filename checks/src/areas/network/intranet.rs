//! `network.intranet`: are the company's own sites (`network.intranet_urls`) reachable, for
//! example only over the VPN?

use std::time::Duration;

use super::http::{HttpAnswer, HttpFailure, Route};
use super::https::{load_all, load_evidence, request_limit};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "network-intranet-ok").with_args(&["site"]);
const SERVER_ERROR: MessageSpec =
    message(Status::Warn, "network-intranet-server-error").with_args(&["site"]);
const NO_NAME: MessageSpec =
    message(Status::Fail, "network-intranet-no-name").with_args(&["site", "vpn"]);
const UNREACHABLE: MessageSpec =
    message(Status::Fail, "network-intranet-unreachable").with_args(&["site", "vpn"]);
const CERTIFICATE: MessageSpec =
    message(Status::Fail, "network-intranet-certificate").with_args(&["site"]);
const NONE: MessageSpec = message(Status::NotApplicable, "network-intranet-none");
const UNREADABLE: MessageSpec = message(Status::Error, "network-intranet-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "network.intranet",
    area: Area::Network,
    depends_on: &["network.gateway"],
    after: &[],
    timeout: Duration::from_secs(5),
    messages: &[
        OK,
        SERVER_ERROR,
        NO_NAME,
        UNREACHABLE,
        CERTIFICATE,
        NONE,
        UNREADABLE,
    ],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let network = &context.profile.network;
        if network.intranet_urls.is_empty() {
            return vec![Outcome::of(&NONE)];
        }
        let (results, route) = load_all(
            &context,
            &network.intranet_urls,
            context.limit(request_limit(network.probe_timeout_ms)),
        )
        .await;
        let vpn = match super::read_links(&context).await {
            Ok(links) => super::vpns(&links),
            Err(error) => {
                return vec![Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error))];
            }
        };
        results
            .iter()
            .map(|(url, result)| evaluate(url, result, &route, !vpn.is_empty()))
            .collect()
    })
}

pub fn evaluate(
    url: &str,
    result: &Result<HttpAnswer, HttpFailure>,
    route: &Route,
    vpn_up: bool,
) -> Outcome {
    let host = super::http::host_of(url).unwrap_or_else(|| url.to_owned());
    let spec = match result {
        Ok(answer) if answer.status >= 500 => &SERVER_ERROR,
        Ok(_) => &OK,
        Err(HttpFailure::Name(_)) => &NO_NAME,
        Err(
            HttpFailure::CertificateExpired(_)
            | HttpFailure::CertificateNotYetValid(_)
            | HttpFailure::UnknownIssuer(_)
            | HttpFailure::WrongName(_)
            | HttpFailure::Tls(_),
        ) => &CERTIFICATE,
        Err(_) => &UNREACHABLE,
    };
    // Company sites are always private.
    let mut outcome = Outcome::of(spec)
        .private_subject(crate::model::Kind::Url, url)
        .private_arg("site", crate::model::Kind::Host, host)
        .arg("vpn", if vpn_up { "on" } else { "off" });
    outcome.evidence = load_evidence(url, result, route);
    for evidence in outcome.evidence.iter_mut().filter(|e| e.key == "url") {
        *evidence = crate::model::Evidence::sensitive(
            "url",
            crate::model::Kind::Url,
            evidence.value.clone(),
        );
    }
    outcome
        .evidence
        .push(crate::model::Evidence::plain("vpn_connected", vpn_up));
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_company_site_fails() {
        let outcome = evaluate(
            "https://intra.corp/",
            &Err(HttpFailure::TimedOut(Duration::from_secs(1))),
            &Route::default(),
            false,
        );
        assert_eq!(outcome.message, "network-intranet-unreachable");
        let outcome = evaluate(
            "https://intra.corp/",
            &Err(HttpFailure::Name("x".into())),
            &Route::default(),
            true,
        );
        assert_eq!(outcome.message, "network-intranet-no-name");
    }
}
