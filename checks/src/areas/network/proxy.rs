//! `network.proxy`: is a proxy configured, and does it answer?
//!
//! Sources: the environment (`https_proxy` and friends) and the desktop's settings (GNOME,
//! KDE). A proxy auto-configuration (PAC) address is noted and fetched, not evaluated.

use std::time::Duration;

use super::http::{self, Route};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Kind, Status};
use crate::platform::ProxySetting;
use crate::probe::{self, Tcp};

const NONE: MessageSpec = message(Status::Pass, "network-proxy-none");
const OK: MessageSpec = message(Status::Pass, "network-proxy-ok").with_args(&["proxy"]);
const PAC: MessageSpec = message(Status::Pass, "network-proxy-pac").with_args(&["proxy"]);
const PAC_UNREACHABLE: MessageSpec =
    message(Status::Warn, "network-proxy-pac-unreachable").with_args(&["proxy"]);
const DEAD: MessageSpec = message(Status::Fail, "network-proxy-dead").with_args(&["proxy"]);
const UNREADABLE: MessageSpec = message(Status::Error, "network-proxy-unreadable");

pub static CHECK: CheckDef = CheckDef {
    id: "network.proxy",
    area: Area::Network,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(4),
    messages: &[NONE, OK, PAC, PAC_UNREACHABLE, DEAD, UNREADABLE],
    run,
};

/// How a browser here would send an HTTPS request: through the first HTTPS (or HTTP, or
/// all-protocol) proxy, honouring `no_proxy`.
pub fn route_for(settings: &[ProxySetting], no_proxy: Option<String>) -> Route {
    let pick = ["https", "all", "http"].iter().find_map(|scheme| {
        settings
            .iter()
            .find(|s| s.scheme == *scheme)
            .map(|s| with_scheme(&s.value))
    });
    Route {
        proxy: pick,
        no_proxy,
    }
}

/// The route for HTTPS probes, from the run's proxy settings. An unreadable desktop setting
/// leaves the route direct.
pub async fn route(context: &Context) -> Route {
    match context.facts().proxy().await {
        Ok(proxy) => route_for(&proxy.settings, proxy.no_proxy),
        Err(_) => Route::default(),
    }
}

fn with_scheme(value: &str) -> String {
    if value.contains("://") {
        value.to_owned()
    } else {
        format!("http://{value}")
    }
}

/// A proxy address without credentials, and whether it had any.
pub fn without_credentials(value: &str) -> (String, bool) {
    match url::Url::parse(&with_scheme(value)) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            (url.to_string(), true)
        }
        Ok(url) => (url.to_string(), false),
        Err(_) => (value.to_owned(), false),
    }
}

/// Host and port of a proxy setting.
pub fn host_port(value: &str) -> Option<(String, u16)> {
    let url = url::Url::parse(&with_scheme(value)).ok()?;
    let host = url
        .host_str()?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(8080);
    Some((host, port))
}

/// What probing the configured proxies showed.
#[derive(Debug, Clone, PartialEq)]
pub enum Probe {
    /// A proxy with its TCP result.
    Proxy(ProxySetting, Tcp),
    /// A PAC address with whether it could be fetched.
    Pac(ProxySetting, Result<u16, String>),
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let settings = match context.facts().proxy().await {
            Ok(proxy) => proxy.settings,
            Err(error) => {
                return vec![
                    Outcome::of(&UNREADABLE).evidence(Evidence::plain("error", error.to_string())),
                ];
            }
        };
        // PAC files get twice the probe time; both must fit in what is left.
        let limit =
            context.limit(Duration::from_millis(context.profile.network.probe_timeout_ms) * 2) / 2;
        let probes = settings.iter().cloned().map(|setting| async move {
            if setting.scheme == "pac" {
                let fetched = http::get(&setting.value, limit * 2, &Route::default())
                    .await
                    .map(|a| a.status)
                    .map_err(|e| e.detail());
                Probe::Pac(setting, fetched)
            } else {
                let tcp = match host_port(&setting.value) {
                    Some((host, port)) => probe::tcp(&host, port, limit).await,
                    None => Tcp::NoSuchName("the proxy setting has no host".to_owned()),
                };
                Probe::Proxy(setting, tcp)
            }
        });
        vec![evaluate(&futures_util::future::join_all(probes).await)]
    })
}

pub fn evaluate(probes: &[Probe]) -> Outcome {
    if probes.is_empty() {
        return Outcome::of(&NONE);
    }
    let mut evidence = Vec::new();
    let mut proxies = 0;
    let mut answering = 0;
    let mut pac_ok: Option<bool> = None;
    let mut shown = Vec::new();
    for probe in probes {
        let (setting, result) = match probe {
            Probe::Proxy(setting, tcp) => {
                proxies += 1;
                let ok = matches!(tcp, Tcp::Open(_));
                answering += usize::from(ok);
                (setting, format!("{tcp:?}"))
            }
            Probe::Pac(setting, fetched) => {
                let ok = matches!(fetched, Ok(status) if (200..300).contains(status));
                pac_ok = Some(pac_ok.unwrap_or(false) || ok);
                (
                    setting,
                    match fetched {
                        Ok(status) => format!("HTTP {status}"),
                        Err(why) => why.clone(),
                    },
                )
            }
        };
        // Per setting, in order: the proxy, where it was set, what it answered. A proxy's
        // address names the organization's network: it is private.
        let (value, credentials) = without_credentials(&setting.value);
        shown.push(value.clone());
        evidence.push(Evidence::sensitive("proxy", Kind::Host, value));
        evidence.push(Evidence::plain(
            "proxy_source",
            format!("{} {}", setting.source, setting.scheme),
        ));
        evidence.push(Evidence::plain("proxy_result", result));
        if credentials {
            evidence.push(Evidence::plain("proxy_credentials", "present, not shown"));
        }
    }
    let spec = if proxies > 0 && answering == 0 {
        &DEAD
    } else if proxies > 0 {
        &OK
    } else if pac_ok == Some(true) {
        &PAC
    } else {
        &PAC_UNREACHABLE
    };
    let mut outcome = Outcome::of(spec).private_arg("proxy", Kind::Host, shown.join(", "));
    outcome.evidence = evidence;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(scheme: &'static str, value: &str) -> ProxySetting {
        ProxySetting {
            source: "environment".to_owned(),
            scheme: scheme.to_owned(),
            value: value.to_owned(),
        }
    }

    #[test]
    fn no_proxy_passes() {
        assert_eq!(evaluate(&[]).message, "network-proxy-none");
    }

    #[test]
    fn a_dead_proxy_fails_and_a_live_one_passes() {
        let dead = Probe::Proxy(setting("https", "proxy:3128"), Tcp::Refused(Duration::ZERO));
        assert_eq!(evaluate(std::slice::from_ref(&dead)).status, Status::Fail);
        let live = Probe::Proxy(setting("http", "proxy:3128"), Tcp::Open(Duration::ZERO));
        assert_eq!(evaluate(&[dead, live]).status, Status::Pass);
    }

    #[test]
    fn an_unreachable_pac_warns() {
        let pac = Probe::Pac(
            setting("pac", "http://wpad/wpad.dat"),
            Err("timeout".into()),
        );
        assert_eq!(evaluate(&[pac]).status, Status::Warn);
    }

    #[test]
    fn credentials_never_reach_the_evidence() {
        let probe = Probe::Proxy(
            setting("https", "http://user:secret@proxy:3128"),
            Tcp::Open(Duration::ZERO),
        );
        let outcome = evaluate(&[probe]);
        let text = format!("{:?}", outcome.evidence);
        assert!(!text.contains("secret") && !text.contains("user"), "{text}");
    }

    #[test]
    fn the_route_prefers_the_https_proxy() {
        let route = route_for(&[setting("http", "a:1"), setting("https", "b:2")], None);
        assert_eq!(route.proxy.as_deref(), Some("http://b:2"));
    }
}
