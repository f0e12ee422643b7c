//! What the command line and the desktop app share beyond the report: the symptoms a user
//! can start from, this run's log for the report, and the user-interface texts.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;

use crate::profile::Profile;
use crate::text::{Args, catalog};

/// A symptom the user can start from, and the areas it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Symptom {
    pub id: &'static str,
    pub areas: &'static [&'static str],
    /// Whether the symptom asks for a web address ("a website won't load").
    pub takes_url: bool,
    pub label: String,
}

/// The symptoms the app offers, in the order shown.
pub fn symptoms() -> Vec<Symptom> {
    const SYMPTOMS: &[(&str, &[&str], bool)] = &[
        ("online", &["network", "dns"], false),
        ("website", &["network", "dns"], true),
        ("print", &["printer"], false),
        ("slow", &["disk", "system"], false),
    ];
    SYMPTOMS
        .iter()
        .map(|(id, areas, takes_url)| Symptom {
            id,
            areas,
            takes_url: *takes_url,
            label: catalog().text(&format!("ui-symptom-{id}"), &Args::new()),
        })
        .collect()
}

/// Every catalog text a front end shows outside findings (labels, buttons, statuses, areas),
/// by id: the app asks for these instead of holding text of its own.
pub fn interface_texts() -> std::collections::BTreeMap<String, String> {
    catalog()
        .ids()
        .iter()
        .filter(|id| {
            ["ui-", "status-", "area-", "redaction-kind-"]
                .iter()
                .any(|p| id.starts_with(p))
        })
        .map(|id| (id.clone(), catalog().text(id, &Args::new())))
        .collect()
}

/// This run's own log, kept in memory and capped, for the report archive. Clone it into a
/// `tracing` writer; read it with [`LogBuffer::text`].
#[derive(Debug, Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut buffer = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        // Keep a little more than the archive keeps, so it can say how much was left out.
        let room = (crate::report::MAX_LOG_BYTES + 1024).saturating_sub(buffer.len());
        buffer.extend_from_slice(&bytes[..bytes.len().min(room)]);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogBuffer {
    type Writer = LogBuffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// "A website won't load" (`--url`): check this site over HTTPS and resolve its name, for this run only.
pub fn add_url(profile: &mut Profile, text: &str) -> Result<(), String> {
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    let url = url::Url::parse(&with_scheme)
        .map_err(|error| format!("--url {text}: not a web address ({error})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "--url {text}: only http and https addresses can be checked"
        ));
    }
    let host = match url.host() {
        Some(url::Host::Domain(domain)) => Some(domain.to_owned()),
        Some(_) => None,
        None => return Err(format!("--url {text}: the address has no host name")),
    };
    profile.network.https_urls.push(url.to_string());
    if let Some(host) = host
        && !profile.dns.names.contains(&host)
    {
        profile.dns.from_user.push(host.clone());
        profile.dns.names.push(host);
    }
    Ok(())
}
