//! `network.https`: does each URL in `network.https_urls` load over HTTPS, through the
//! configured proxy as a browser would? Failures are sorted into plain causes. When a site
//! goes unanswered on a direct route, ports 80 and 443 are tried on the profile's hosts: a
//! network that blocks secure connections (port 443) while plain ones work is named.

use std::time::Duration;

use super::http::{self, HttpAnswer, HttpFailure, Route};
use super::web_ports::{self, PortResult, Verdict};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "network-https-ok").with_args(&["ms", "site"]);
const SERVER_ERROR: MessageSpec =
    message(Status::Warn, "network-https-server-error").with_args(&["site", "status"]);
const NO_NAME: MessageSpec = message(Status::Fail, "network-https-no-name").with_args(&["site"]);
const TIMEOUT: MessageSpec = message(Status::Fail, "network-https-timeout").with_args(&["site"]);
const REFUSED: MessageSpec = message(Status::Fail, "network-https-refused").with_args(&["site"]);
const CLOCK: MessageSpec = message(Status::Fail, "network-https-clock").with_args(&["site"]);
const INTERCEPTED: MessageSpec =
    message(Status::Fail, "network-https-intercepted").with_args(&["site"]);
const CERTIFICATE: MessageSpec =
    message(Status::Fail, "network-https-certificate").with_args(&["site"]);
const PROXY: MessageSpec = message(Status::Fail, "network-https-proxy").with_args(&["site"]);
const PROXY_AUTH: MessageSpec =
    message(Status::Fail, "network-https-proxy-auth").with_args(&["site"]);
const PORT_BLOCKED: MessageSpec =
    message(Status::Fail, "network-https-port-blocked").with_args(&["site"]);
const OTHER: MessageSpec = message(Status::Fail, "network-https-other").with_args(&["site"]);
const NONE: MessageSpec = message(Status::NotApplicable, "network-https-none");

pub static CHECK: CheckDef = CheckDef {
    id: "network.https",
    area: Area::Network,
    depends_on: &["network.internet"],
    after: &[],
    timeout: Duration::from_secs(5),
    messages: &[
        OK,
        SERVER_ERROR,
        NO_NAME,
        TIMEOUT,
        REFUSED,
        CLOCK,
        INTERCEPTED,
        CERTIFICATE,
        PROXY,
        PROXY_AUTH,
        PORT_BLOCKED,
        OTHER,
        NONE,
    ],
    run,
};

/// Time for one page: name lookup, TCP, TLS and one exchange.
pub fn request_limit(probe_timeout_ms: u64) -> Duration {
    Duration::from_millis(probe_timeout_ms.saturating_mul(4).clamp(1000, 4000))
}

/// Loads every URL at once through the browser's route.
pub async fn load_all(
    context: &Context,
    urls: &[String],
    limit: Duration,
) -> (Vec<(String, Result<HttpAnswer, HttpFailure>)>, Route) {
    let route = super::proxy::route(context).await;
    let loads = urls.iter().map(|url| {
        let route = route.clone();
        async move { (url.clone(), http::get(url, limit, &route).await) }
    });
    (futures_util::future::join_all(loads).await, route)
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let network = &context.profile.network;
        if network.https_urls.is_empty() {
            return vec![Outcome::of(&NONE)];
        }
        let (results, route) = load_all(
            &context,
            &network.https_urls,
            context.limit(request_limit(network.probe_timeout_ms)),
        )
        .await;
        let unanswered = results
            .iter()
            .any(|(_, r)| matches!(r, Err(f) if web_ports::unanswered(f)));
        let ports = if unanswered && route.proxy.is_none() {
            let mut urls: Vec<&str> = network.https_urls.iter().map(String::as_str).collect();
            urls.push(network.connectivity_url.as_str());
            let limit = context.limit(Duration::from_millis(network.probe_timeout_ms));
            Some(web_ports::probe(&web_ports::hosts(&urls), limit).await)
        } else {
            None
        };
        results
            .iter()
            .map(|(url, result)| evaluate_with_ports(url, result, &route, ports.as_ref()))
            .collect()
    })
}

/// Judges one page load; `ports` are what trying ports 80 and 443 showed when a page went
/// unanswered.
pub fn evaluate_with_ports(
    url: &str,
    result: &Result<HttpAnswer, HttpFailure>,
    route: &Route,
    ports: Option<&[PortResult; 2]>,
) -> Outcome {
    let mut outcome = evaluate(url, result, route);
    let Some([http, https]) = ports else {
        return outcome;
    };
    if !matches!(result, Err(f) if web_ports::unanswered(f)) {
        return outcome;
    }
    let plain_works = http.tried > http.failed;
    if https.verdict() == Verdict::Blocked && plain_works {
        let mut blocked = Outcome::of(&PORT_BLOCKED);
        blocked.subject = outcome.subject.take();
        blocked.args = std::mem::take(&mut outcome.args);
        blocked.evidence = std::mem::take(&mut outcome.evidence);
        blocked
            .evidence
            .push(Evidence::plain("firewall", "port 443 blocked"));
        outcome = blocked;
    } else if https.verdict() == Verdict::Possibly {
        outcome = outcome.evidence(Evidence::plain("firewall", "port 443 possibly blocked"));
    }
    outcome.evidence(http.evidence()).evidence(https.evidence())
}

/// The message for a failure, shared with `network.intranet`.
pub fn failure_spec(failure: &HttpFailure) -> &'static MessageSpec {
    match failure {
        HttpFailure::Name(_) => &NO_NAME,
        HttpFailure::TimedOut(_) | HttpFailure::Unreachable(_) => &TIMEOUT,
        HttpFailure::Refused(_) => &REFUSED,
        HttpFailure::CertificateExpired(_) | HttpFailure::CertificateNotYetValid(_) => &CLOCK,
        HttpFailure::UnknownIssuer(_) => &INTERCEPTED,
        HttpFailure::WrongName(_) | HttpFailure::Tls(_) => &CERTIFICATE,
        HttpFailure::Proxy(_) => &PROXY,
        HttpFailure::ProxyAuth(_) => &PROXY_AUTH,
        HttpFailure::Other(_) => &OTHER,
    }
}

/// Evidence common to every page load.
pub fn load_evidence(
    url: &str,
    result: &Result<HttpAnswer, HttpFailure>,
    route: &Route,
) -> Vec<Evidence> {
    let mut evidence = vec![Evidence::typed(
        "url",
        http::private_url(url),
        url.to_owned(),
    )];
    evidence.push(Evidence::plain(
        "route",
        match &route.proxy {
            Some(proxy) => format!("proxy {}", super::proxy::without_credentials(proxy).0),
            None => "direct".to_owned(),
        },
    ));
    match result {
        Ok(answer) => {
            evidence.push(Evidence::plain("http_status", u64::from(answer.status)));
            evidence.push(Evidence::plain(
                "elapsed_ms",
                answer.elapsed.as_millis() as u64,
            ));
        }
        Err(failure) => evidence.extend(failure.evidence()),
    }
    evidence
}

pub fn evaluate(url: &str, result: &Result<HttpAnswer, HttpFailure>, route: &Route) -> Outcome {
    let host = http::host_of(url).unwrap_or_else(|| url.to_owned());
    let spec = match result {
        // Through a proxy, a 407 is the proxy's answer, not the site's.
        Ok(answer) if answer.status == 407 && route.proxy.is_some() => &PROXY_AUTH,
        Ok(answer) if answer.status >= 500 => &SERVER_ERROR,
        Ok(_) => &OK,
        Err(failure) => failure_spec(failure),
    };
    let mut outcome = Outcome::of(spec)
        .typed_subject(http::private_url(url), url)
        .typed_arg("site", http::private_host(url), host);
    if let Ok(answer) = result {
        outcome = outcome
            .arg("status", u64::from(answer.status))
            .arg("ms", answer.elapsed.as_millis() as u64);
    }
    outcome.evidence = load_evidence(url, result, route);
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_get_their_own_messages() {
        let route = Route::default();
        let cases = [
            (
                HttpFailure::CertificateExpired("x".into()),
                "network-https-clock",
            ),
            (
                HttpFailure::UnknownIssuer("x".into()),
                "network-https-intercepted",
            ),
            (
                HttpFailure::TimedOut(Duration::from_secs(1)),
                "network-https-timeout",
            ),
            (HttpFailure::Name("x".into()), "network-https-no-name"),
        ];
        for (failure, message) in cases {
            let outcome = evaluate("https://a.example/", &Err(failure), &route);
            assert_eq!(outcome.message, message);
            assert_eq!(outcome.status, Status::Fail);
            assert_eq!(outcome.subject.as_deref(), Some("https://a.example/"));
        }
    }

    #[test]
    fn secure_web_blocked_while_plain_works_is_named() {
        let route = Route::default();
        let silent = Err(HttpFailure::TimedOut(Duration::from_secs(1)));
        let port = |port, tried, failed| PortResult {
            port,
            tried,
            failed,
        };
        let blocked = evaluate_with_ports(
            "https://a.example/",
            &silent,
            &route,
            Some(&[port(80, 2, 0), port(443, 2, 2)]),
        );
        assert_eq!(
            (blocked.status, blocked.message),
            (Status::Fail, "network-https-port-blocked")
        );
        assert_eq!(blocked.subject.as_deref(), Some("https://a.example/"));
        // One site down while port 443 works elsewhere stays that site's problem.
        let one_site = evaluate_with_ports(
            "https://a.example/",
            &silent,
            &route,
            Some(&[port(80, 2, 0), port(443, 2, 1)]),
        );
        assert_eq!(one_site.message, "network-https-timeout");
        assert!(format!("{:?}", one_site.evidence).contains("possibly blocked"));
        // A certificate problem is never a port problem.
        let tls = evaluate_with_ports(
            "https://a.example/",
            &Err(HttpFailure::UnknownIssuer("x".into())),
            &route,
            Some(&[port(80, 2, 0), port(443, 2, 2)]),
        );
        assert_eq!(tls.message, "network-https-intercepted");
    }

    #[test]
    fn a_proxy_that_wants_a_password_has_its_own_text() {
        let through = Route {
            proxy: Some("http://proxy.example:3128".into()),
            no_proxy: None,
        };
        let failed = evaluate(
            "https://a.example/",
            &Err(HttpFailure::ProxyAuth("407".into())),
            &through,
        );
        assert_eq!(failed.message, "network-https-proxy-auth");
        let answer = HttpAnswer {
            status: 407,
            location: None,
            body_bytes: 0,
            date: None,
            elapsed: Duration::from_millis(4),
            midpoint: std::time::SystemTime::now(),
        };
        assert_eq!(
            evaluate("https://a.example/", &Ok(answer), &through).message,
            "network-https-proxy-auth"
        );
    }

    #[test]
    fn a_loaded_page_passes() {
        let answer = HttpAnswer {
            status: 200,
            location: None,
            body_bytes: 10,
            date: None,
            elapsed: Duration::from_millis(40),
            midpoint: std::time::SystemTime::now(),
        };
        assert_eq!(
            evaluate("https://a.example/", &Ok(answer), &Route::default()).status,
            Status::Pass
        );
    }
}
