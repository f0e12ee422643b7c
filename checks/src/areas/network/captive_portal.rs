//! `network.captive_portal`: does the connectivity URL give its expected empty 204 answer?
//! A redirect or a page instead means a sign-in page (hotel or guest Wi-Fi). When nothing
//! answers, ports 80 and 443 are tried on the profile's hosts: a network that blocks plain
//! web connections (port 80) while secure ones work is named as such, unless a proxy is set
//! up, behind which direct connections are blocked by design.

use std::time::Duration;

use super::http::{self, HttpAnswer, HttpFailure, Route};
use super::web_ports::{self, PortResult, Verdict};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Kind, Status};
use crate::repair::{RepairDef, RepairError, RepairFuture, RepairInput};
use crate::text::Args;

const OK: MessageSpec = message(Status::Pass, "network-captive-portal-ok");
const PORTAL: MessageSpec =
    message(Status::Fail, "network-captive-portal-found").with_args(&["portal"]);
const ODD: MessageSpec =
    message(Status::Warn, "network-captive-portal-unexpected").with_args(&["status"]);
const UNCHECKED: MessageSpec = message(Status::Warn, "network-captive-portal-unchecked");
const PORT_80_BLOCKED: MessageSpec =
    message(Status::Warn, "network-captive-portal-port-80-blocked");

pub static CHECK: CheckDef = CheckDef {
    id: "network.captive_portal",
    area: Area::Network,
    depends_on: &["network.gateway"],
    after: &[],
    timeout: Duration::from_secs(4),
    messages: &[OK, PORTAL, ODD, UNCHECKED, PORT_80_BLOCKED],
    run,
};

/// Time for the connectivity request: a TCP connect plus one small HTTP exchange.
pub fn request_limit(probe_timeout_ms: u64) -> Duration {
    Duration::from_millis(probe_timeout_ms.saturating_mul(3).clamp(500, 3000))
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let network = &context.profile.network;
        let url = network.connectivity_url.clone();
        let result = http::get(
            &url,
            context.limit(request_limit(network.probe_timeout_ms)),
            &Route::default(),
        )
        .await;
        // Behind a proxy, direct web connections are blocked by design: not a finding.
        let unanswered = matches!(&result, Err(failure) if web_ports::unanswered(failure));
        let ports = if unanswered && super::proxy::route(&context).await.proxy.is_none() {
            let mut urls = vec![url.as_str()];
            urls.extend(network.https_urls.iter().map(String::as_str));
            let limit = context.limit(Duration::from_millis(network.probe_timeout_ms));
            Some(web_ports::probe(&web_ports::hosts(&urls), limit).await)
        } else {
            None
        };
        let outcome = evaluate_with_ports(&url, &result, ports.as_ref());
        vec![offer_sign_in(outcome, &url)]
    })
}

/// Opens the sign-in page: the browser is sent to the profile's connectivity address, never
/// to one the network supplied, and the network's redirect takes it to its page.
pub static OPEN_SIGN_IN: RepairDef = RepairDef {
    id: "network.open_sign_in",
    checks: &["network.captive_portal"],
    undoable: true,
    needs_admin: false,
    destructive: false,
    hands_over: true,
    args: &[],
    timeout: Duration::from_secs(10),
    apply: open_sign_in,
};

fn open_sign_in(input: RepairInput) -> RepairFuture {
    Box::pin(async move {
        let url = input.profile.network.connectivity_url.clone();
        crate::platform::browsable(&url).map_err(RepairError::Failed)?;
        let limit = input.limit.saturating_sub(Duration::from_secs(1));
        let opened = url.clone();
        input
            .facts
            .ask(input.limit, move |platform| {
                platform.open_url(&opened, limit)
            })
            .await
            .map_err(|e| RepairError::Failed(e.to_string()))?
            .map_err(|e| RepairError::Failed(e.to_string()))?;
        Ok("opened the connectivity address in the default browser".to_owned())
    })
}

/// Offers to open the sign-in page when one was found and the connectivity address may be
/// opened in a browser.
pub fn offer_sign_in(outcome: Outcome, url: &str) -> Outcome {
    if outcome.message == PORTAL.id && crate::platform::browsable(url).is_ok() {
        outcome.offer(OPEN_SIGN_IN.id, Args::new(), Vec::new())
    } else {
        outcome
    }
}

/// Judges the connectivity answer; `ports` are what trying ports 80 and 443 showed after
/// it went unanswered.
pub fn evaluate_with_ports(
    url: &str,
    result: &Result<HttpAnswer, HttpFailure>,
    ports: Option<&[PortResult; 2]>,
) -> Outcome {
    let mut outcome = evaluate(url, result);
    if let Some([http, https]) = ports {
        let secure_works = https.tried > https.failed;
        if http.verdict() == Verdict::Blocked && secure_works {
            let mut blocked = Outcome::of(&PORT_80_BLOCKED);
            blocked.evidence = outcome.evidence;
            blocked
                .evidence
                .push(Evidence::plain("firewall", "port 80 blocked"));
            outcome = blocked;
        } else if http.verdict() == Verdict::Possibly {
            outcome = outcome.evidence(Evidence::plain("firewall", "port 80 possibly blocked"));
        }
        outcome = outcome.evidence(http.evidence()).evidence(https.evidence());
    }
    outcome
}

pub fn evaluate(url: &str, result: &Result<HttpAnswer, HttpFailure>) -> Outcome {
    let mut outcome = match result {
        Ok(answer) => {
            let spec = match answer.status {
                204 if answer.body_bytes == 0 => &OK,
                200..=399 => &PORTAL,
                _ => &ODD,
            };
            let mut outcome = Outcome::of(spec)
                .arg("status", u64::from(answer.status))
                .arg("portal", "none")
                .evidence(Evidence::plain("http_status", u64::from(answer.status)))
                .evidence(Evidence::plain("body_bytes", answer.body_bytes as u64))
                .evidence(Evidence::plain(
                    "elapsed_ms",
                    answer.elapsed.as_millis() as u64,
                ));
            // Where a sign-in page sends the user can name the place (a hotel, an office).
            if let Some(location) = &answer.location {
                outcome = outcome.evidence(Evidence::sensitive(
                    "redirect_to",
                    Kind::Url,
                    location.clone(),
                ));
                if let Some(host) = http::host_of(location) {
                    outcome = outcome.private_arg("portal", Kind::Host, host);
                }
            }
            outcome
        }
        Err(failure) => {
            let mut outcome = Outcome::of(&UNCHECKED);
            outcome.evidence.extend(failure.evidence());
            outcome
        }
    };
    outcome
        .evidence
        .insert(0, Evidence::plain("url", url.to_owned()));
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: usize, location: Option<&str>) -> Result<HttpAnswer, HttpFailure> {
        Ok(HttpAnswer {
            status,
            location: location.map(str::to_owned),
            body_bytes: body,
            date: None,
            elapsed: Duration::from_millis(5),
            midpoint: std::time::SystemTime::now(),
        })
    }

    #[test]
    fn an_empty_204_passes() {
        assert_eq!(evaluate("u", &answer(204, 0, None)).status, Status::Pass);
    }

    #[test]
    fn a_redirect_or_a_page_is_a_sign_in_page() {
        let redirect = evaluate("u", &answer(302, 0, Some("http://login.hotel.example/")));
        assert_eq!(redirect.status, Status::Fail);
        assert!(format!("{:?}", redirect.args).contains("login.hotel.example"));
        assert_eq!(evaluate("u", &answer(200, 1500, None)).status, Status::Fail);
    }

    #[test]
    fn plain_web_blocked_while_secure_works_is_named() {
        let silent = Err(HttpFailure::TimedOut(Duration::from_secs(1)));
        let port = |port, tried, failed| PortResult {
            port,
            tried,
            failed,
        };
        let blocked = evaluate_with_ports("u", &silent, Some(&[port(80, 2, 2), port(443, 2, 0)]));
        assert_eq!(
            (blocked.status, blocked.message),
            (Status::Warn, "network-captive-portal-port-80-blocked")
        );
        assert!(format!("{:?}", blocked.evidence).contains("0 of 2 hosts answered (blocked)"));
        // Everything blocked is not a port-80 problem: the internet check owns it.
        let down = evaluate_with_ports("u", &silent, Some(&[port(80, 2, 2), port(443, 2, 2)]));
        assert_eq!(down.message, "network-captive-portal-unchecked");
        let partly = evaluate_with_ports("u", &silent, Some(&[port(80, 4, 2), port(443, 4, 0)]));
        assert_eq!(partly.message, "network-captive-portal-unchecked");
        assert!(format!("{:?}", partly.evidence).contains("possibly blocked"));
    }

    #[test]
    fn no_answer_is_not_a_portal() {
        let outcome = evaluate("u", &Err(HttpFailure::TimedOut(Duration::from_secs(1))));
        assert_eq!(outcome.status, Status::Warn);
        assert_eq!(evaluate("u", &answer(503, 10, None)).status, Status::Warn);
    }
}
