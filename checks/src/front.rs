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

/// The interface texts that take arguments, and the arguments their callers give: these
/// are rendered by the engine ([`render_ui_text`]), never by a front end.
pub const UI_TEXT_ARGS: &[(&str, &[&str])] = &[
    ("ui-contact", &["contact"]),
    ("ui-progress", &["done", "total"]),
    ("ui-saved", &["path"]),
    ("ui-error", &["message"]),
    ("ui-opened-report", &["reference"]),
    ("ui-since-worked", &["when"]),
    ("ui-last-ok", &["when"]),
    ("ui-last-problems", &["when", "count"]),
    ("ui-forgotten", &["count"]),
    ("ui-history-not-saved", &["reason"]),
    ("ui-history-moved-aside", &["reason", "path"]),
];

fn interface_text(id: &str) -> bool {
    ["ui-", "status-", "area-", "redaction-kind-"]
        .iter()
        .any(|p| id.starts_with(p))
}

/// Every catalog text a front end shows outside findings (labels, buttons, statuses, areas)
/// that takes no argument, by id: the app asks for these instead of holding text of its own.
/// Texts with arguments come from [`render_ui_text`].
pub fn interface_texts() -> std::collections::BTreeMap<String, String> {
    catalog()
        .ids()
        .iter()
        .filter(|id| interface_text(id) && catalog().variables(id).is_empty())
        .map(|id| (id.clone(), catalog().text(id, &Args::new())))
        .collect()
}

/// Renders an interface text with its arguments: exactly the ones [`UI_TEXT_ARGS`] declares
/// for it, or an error that says which is missing or unexpected.
pub fn render_ui_text(id: &str, args: &[(&str, crate::text::Arg)]) -> Result<String, String> {
    let Some((_, declared)) = UI_TEXT_ARGS.iter().find(|(known, _)| *known == id) else {
        return Err(format!(
            "{id} is not an interface text that takes arguments"
        ));
    };
    let mut given = Args::new();
    for (name, value) in args {
        let Some(name) = declared.iter().find(|d| *d == name) else {
            return Err(format!("{id} does not take the argument {name}"));
        };
        given = given.with(name, value.clone());
    }
    catalog().render_exactly(id, &given)
}

/// This run's own log, kept in memory and capped, for the report archive. Clone it into a
/// `tracing` writer; read it with [`LogBuffer::text`].
#[derive(Debug, Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }

    /// Forgets what was logged so far: a new run starts its own log.
    pub fn clear(&self) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
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
