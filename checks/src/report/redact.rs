//! Redaction: what identifies the user, the machine or the organization is replaced by a
//! consistent token (`user-1`, `host-2`, `mac-1`, `public-ip-1` …) before anything leaves
//! the process: the support archive, `--redact` output and the app's copied summary all go
//! through [`Redactor::report`] and [`Redactor::scrub`].
//!
//! The pipeline, fail-closed:
//! 1. **learn** every private value first: the values typed sensitive where they were created
//!    (subjects, message arguments, evidence), the hosts, user names and query values inside
//!    any address they contain, and the hosts of every address anywhere in the report;
//! 2. **replace** sensitive evidence whole (typed slots), then scrub every string of the
//!    report through one generic walk, so a new field cannot be missed; ids and enums (`id`,
//!    `area`, `status`, `message_id`, `blocked_by`, `schema`, `kind`) carry no user data and
//!    are never touched, and neither are keys;
//! 3. the scrub finds e-mail addresses, MAC addresses, public IP addresses, host names in
//!    addresses, home folders, and the learned values, in any letter case, as whole words;
//!    a learned value that is also an ordinary word or a common name (a user called `disk`,
//!    a machine called `debian`) is replaced only where it was typed, and as a whole path
//!    component or host label, never inside sentences;
//! 4. if anything cannot be redacted cleanly, the caller gets an error and writes nothing.
//!
//! The same value always becomes the same token within one redactor, so one report's files
//! agree with each other. The mapping stays in memory: it never enters the archive.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;
use std::sync::OnceLock;

use regex::{Captures, Regex};
use serde::Serialize;

pub use crate::model::Kind;
use crate::model::{Change, EvidenceValue, Report};
use crate::platform::recorded::{FactSet, Recorded};

/// One replacement, for the preview the user sees before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    pub kind: Kind,
    pub original: String,
    pub token: String,
}

/// What identifies this user and machine, known before any text is seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    pub user_names: Vec<String>,
    /// Host names and domain names.
    pub host_names: Vec<String>,
    /// The profile's `report.sensitive_terms`.
    pub terms: Vec<String>,
}

impl Secrets {
    /// The user and host names of this machine, and the profile's sensitive terms.
    pub fn of_this_machine(terms: &[String]) -> Secrets {
        Secrets::of(&*crate::platform::native(), terms)
    }

    /// The user and host names a platform (this machine, or a recorded one) shows, and the
    /// profile's sensitive terms.
    pub fn of(platform: &dyn crate::platform::Platform, terms: &[String]) -> Secrets {
        let mut user_names: Vec<String> = ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .filter_map(|var| platform.env(var))
            .chain(platform.user_name())
            .collect();
        if let Some(home) = platform.home_dir()
            && let Some(name) = home.file_name().and_then(|n| n.to_str())
        {
            user_names.push(name.to_owned());
        }
        let host_names = platform
            .os_info()
            .host_name
            .map(|host| host_names_of(&host))
            .unwrap_or_default();
        Secrets {
            user_names,
            host_names,
            terms: terms.to_vec(),
        }
    }
}

/// Domains too general to identify anyone: learning them would redact ordinary words
/// ("local socket").
const GENERAL_DOMAINS: &[&str] = &[
    "local",
    "lan",
    "home",
    "localdomain",
    "internal",
    "home.arpa",
    "localhost",
    "intranet",
    "corp",
];

/// The names to learn from a machine's host name: "alice-laptop.corp.example" gives the
/// host, the whole name and the domain; a domain is learned only when it is specific (more
/// than one label, and not a general one such as `local` or `home.arpa`).
pub fn host_names_of(host: &str) -> Vec<String> {
    let host = host.trim().trim_end_matches('.');
    let mut names = Vec::new();
    match host.split_once('.') {
        Some((short, domain)) => {
            names.push(short.to_owned());
            let general = GENERAL_DOMAINS
                .iter()
                .any(|g| g.eq_ignore_ascii_case(domain));
            if domain.contains('.') && !general {
                names.push(domain.to_owned());
                names.push(host.to_owned());
            }
        }
        None => names.push(host.to_owned()),
    }
    names.retain(|n| !n.is_empty());
    names
}

/// Folders every system has: never private, whatever path they are part of.
const SYSTEM_FOLDERS: &[&str] = &[
    "",
    "home",
    "Users",
    "mnt",
    "media",
    "run",
    "tmp",
    "var",
    "usr",
    "opt",
    "srv",
    "root",
    "etc",
    "lib",
    "dev",
    "proc",
    "sys",
    "Volumes",
    "C:",
    "D:",
    "Documents",
    "Downloads",
    "Desktop",
    "Pictures",
    "Videos",
    "Music",
    ".cache",
    ".local",
    "share",
    "Trash",
];

/// Why a report could not be redacted. Nothing may leave the process then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the report could not be made private, so nothing was written: {0}")]
pub struct RedactionError(pub String);

/// Where a learned value is replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// A distinctive value: everywhere, as a whole word.
    Anywhere,
    /// An ordinary word or common name: only where it was typed, and as a whole path
    /// component or host label.
    Bounded,
}

/// Words that are ordinary in Checkup's own output: every word of the catalogs, the
/// report's field names and enum spellings, and common machine and account names. A learned
/// value that is one of them is never replaced inside sentences.
fn ordinary_words() -> &'static std::collections::HashSet<String> {
    static WORDS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = std::collections::HashSet::new();
        let mut add = |text: &str| {
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                if !word.is_empty() {
                    words.insert(word.to_lowercase());
                }
            }
        };
        for source in crate::text::catalog_sources() {
            add(source);
        }
        if let Ok(schema) = serde_json::to_string(&crate::report_schema()) {
            add(&schema);
        }
        for word in COMMON_NAMES {
            add(word);
        }
        words
    })
}

/// Names machines and accounts are often given that are also ordinary words in reports.
const COMMON_NAMES: &[&str] = &[
    "debian",
    "ubuntu",
    "fedora",
    "arch",
    "mint",
    "kali",
    "raspberrypi",
    "pi",
    "linux",
    "windows",
    "mac",
    "macbook",
    "imac",
    "laptop",
    "desktop",
    "pc",
    "computer",
    "server",
    "workstation",
    "printer",
    "router",
    "android",
    "iphone",
    "ipad",
    "office",
    "home",
    "admin",
    "user",
    "guest",
    "test",
    "dev",
    "work",
    "student",
    "owner",
    "family",
    "kiosk",
    "station",
    "root",
    "system",
    "status",
    "area",
    "disk",
    "network",
    "local",
    "socket",
];

fn scope_of(value: &str) -> Scope {
    let single_word = value.chars().all(char::is_alphanumeric);
    let short_number = value.chars().all(|c| c.is_ascii_digit()) && value.len() < 6;
    if short_number || (single_word && ordinary_words().contains(&value.to_lowercase())) {
        Scope::Bounded
    } else {
        Scope::Anywhere
    }
}

/// JSON fields that are ids or enums: they carry no user data and are never scrubbed.
const NEVER_SCRUBBED: &[&str] = &[
    "id",
    "fact",
    "since",
    "at",
    "result",
    "area",
    "status",
    "message_id",
    "blocked_by",
    "schema",
    "kind",
    "reference",
    "sensitive",
];

/// Common words that are never treated as a secret, so a user called "root" does not turn
/// every "root" into a token.
const NEVER_SECRET: &[&str] = &[
    "root",
    "user",
    "admin",
    "localhost",
    "home",
    "users",
    "public",
    "shared",
    "default",
];

/// Shortest literal searched for anywhere; shorter ones would redact half of every sentence.
const MIN_LITERAL: usize = 3;

/// MAC addresses anywhere in a string that is not an address itself.
#[allow(clippy::expect_used)] // A constant pattern: a typo fails every test at once.
static MAC_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[0-9a-f]{2}(?:[:\-][0-9a-f]{2}){5}").expect("a constant pattern compiles")
});

fn regexes() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(Patterns::new)
}

struct Patterns {
    /// Every pattern below in one: a single scan finds them all, leftmost first.
    any: Regex,
    url: Regex,
    mac: Regex,
    ipv4: Regex,
    home: Regex,
}

impl Patterns {
    #[allow(clippy::expect_used)] // Constant patterns: a typo fails every test at once.
    fn new() -> Self {
        let re = |pattern: &str| {
            Regex::new(&format!("(?i){pattern}")).expect("a constant pattern compiles")
        };
        let url = r#"\b[a-z][a-z0-9+.\-]{1,15}://(?:([^\s/?#@"'<>]+)@)?(\[[0-9a-f:.%a-z]+\]|[^\s/?#:"'<>\[\]]+)"#;
        let email = r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}";
        // Public and MAC-derived IPv6 addresses start with a hex group ("::1" need not match).
        let ipv6 = r"[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}";
        let mac = r"[0-9a-f]{2}(?:[:\-][0-9a-f]{2}){5}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}|[0-9a-f]{12}";
        let ipv4 = r"(?:\d{1,3}\.){3}\d{1,3}";
        let home = r#"(/home/|/var/home/|/Users/|[a-z]:\\Users\\|[a-z]:/Users/)([^/\\\s"'<>:]+)"#;
        Patterns {
            any: re(&[url, email, ipv6, mac, ipv4, home]
                .map(|p| format!("(?:{p})"))
                .join("|")),
            url: re(&format!("^(?:{url})$")),
            mac: re(&format!("^(?:{mac})$")),
            ipv4: re(&format!("^(?:{ipv4})$")),
            home: re(&format!("^(?:{home})$")),
        }
    }
}

/// An IPv4 address that identifies a place on the internet.
pub fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    let cgnat = a == 100 && (64..128).contains(&b);
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || cgnat)
}

/// A global unicast IPv6 address (2000::/3).
pub fn is_public_v6(ip: Ipv6Addr) -> bool {
    (ip.segments()[0] & 0xe000) == 0x2000
}

/// The MAC address inside an EUI-64 interface identifier (`…ff:fe…`), if there is one.
fn eui64_mac(ip: Ipv6Addr) -> Option<String> {
    let o = ip.octets();
    (o[11] == 0xff && o[12] == 0xfe).then(|| {
        format!(
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            o[8] ^ 0x02,
            o[9],
            o[10],
            o[13],
            o[14],
            o[15]
        )
    })
}

/// A MAC address in one spelling: lower case, colon-separated.
fn normalize_mac(text: &str) -> String {
    let hex: String = text
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_ascii_lowercase();
    hex.as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

/// Replaces what identifies people and machines, consistently.
#[derive(Debug, Default)]
pub struct Redactor {
    tokens: HashMap<(Kind, String), String>,
    counters: HashMap<Kind, usize>,
    replacements: Vec<Replacement>,
    /// Known literal values, their kinds and where they are replaced.
    literals: Vec<(String, Kind, Scope)>,
    literal_pattern: Option<Regex>,
    /// Tokens that keep the type of what they replace (documentation addresses, locally
    /// administered MACs, `host-1.invalid`), so redacted recorded facts still replay.
    typed: bool,
    /// Public names that are Checkup's own defaults: never learned, never replaced.
    public_hosts: Vec<String>,
    /// Public addresses that are Checkup's own defaults (public resolvers), kept in typed mode.
    public_addresses: Vec<std::net::IpAddr>,
    /// Typed tokens already present in the text (a lab network on `192.0.2.0/24`): never
    /// handed out, so a replacement cannot collide with a real value.
    reserved: std::collections::HashSet<String>,
}

impl Redactor {
    /// A redactor that knows this user's and machine's names.
    pub fn new(secrets: &Secrets) -> Redactor {
        let mut redactor = Redactor::default();
        for name in &secrets.user_names {
            redactor.learn(Kind::User, name);
        }
        for name in &secrets.host_names {
            redactor.learn(Kind::Host, name);
        }
        for term in &secrets.terms {
            redactor.learn(Kind::Term, term);
        }
        redactor
    }

    /// A redactor for recorded facts: its tokens keep the type of what they replace, and
    /// Checkup's own public defaults are kept, so a redacted set replays to the same verdicts.
    pub fn for_facts(secrets: &Secrets) -> Redactor {
        let mut redactor = Redactor::new(secrets);
        redactor.typed = true;
        let defaults = crate::profile::Profile::default();
        redactor.public_hosts = defaults
            .dns
            .names
            .iter()
            .cloned()
            .chain(
                std::iter::once(defaults.network.connectivity_url.clone())
                    .chain(defaults.network.https_urls.iter().cloned())
                    .filter_map(|url| url::Url::parse(&url).ok()?.host_str().map(str::to_owned)),
            )
            .collect();
        redactor.public_addresses = defaults
            .network
            .internet_hosts
            .iter()
            .copied()
            .chain(
                defaults
                    .dns
                    .reference_servers
                    .iter()
                    .filter_map(|a| a.parse().ok()),
            )
            .collect();
        redactor
    }

    /// Reserves every typed token already in `text`, so none is handed out again.
    fn reserve_typed_tokens_in(&mut self, text: &str) {
        static TYPED: LazyLock<Option<Regex>> = LazyLock::new(|| {
            Regex::new(
                r"(?i)\b(?:(?:192\.0\.2|198\.51\.100)\.\d{1,3}|2001:db8::[0-9a-f]{1,4}|02:00:00:00:[0-9a-f]{2}:[0-9a-f]{2}|host-\d+\.invalid)\b",
            )
            .ok()
        });
        if let Some(pattern) = TYPED.as_ref() {
            for found in pattern.find_iter(text) {
                self.reserved.insert(found.as_str().to_ascii_lowercase());
            }
        }
    }

    /// Adds a literal to search for from now on: everywhere as a whole word when it is
    /// distinctive; only as a whole path component or host label when it is an ordinary
    /// word or a common name.
    pub fn learn(&mut self, kind: Kind, value: &str) {
        let value = value.trim();
        if self
            .public_hosts
            .iter()
            .any(|p| p.eq_ignore_ascii_case(value))
        {
            return;
        }
        if value.chars().count() < MIN_LITERAL
            || NEVER_SECRET.iter().any(|w| w.eq_ignore_ascii_case(value))
            || self
                .literals
                .iter()
                .any(|(v, _, _)| v.eq_ignore_ascii_case(value))
            || value.split('.').any(is_token)
        {
            return;
        }
        self.literals
            .push((value.to_owned(), kind, scope_of(value)));
        self.literal_pattern = None;
    }

    /// Learns a private value and what can be found inside it: the host, user name,
    /// password and query values of an address; the parts of a list; a name without the
    /// size or port shown beside it.
    pub fn learn_private(&mut self, kind: Kind, value: &str) {
        let value = value.trim();
        // A path is learned by its components, so it stays a path where it shows up
        // ("/home/user-1/path-2"); the system's own folders are not private.
        if kind == Kind::Path && value.contains(['/', '\\']) {
            for component in value.split(['/', '\\']) {
                let component = component.split(" (").next().unwrap_or(component);
                if !SYSTEM_FOLDERS
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(component))
                    && !component.starts_with(".tmp")
                {
                    self.learn(Kind::Path, component);
                }
            }
            return;
        }
        self.learn(kind, value);
        if value.contains("://") {
            self.learn_url(value);
        }
        for part in value.split(", ").filter(|p| *p != value) {
            self.learn_private(kind, part);
        }
        // "Videos (3 GB)", "firefox: 2.1 GB", "proxy.corp.example:3128".
        if let Some((name, _)) = value
            .rsplit_once(" (")
            .filter(|(_, rest)| rest.ends_with(')'))
        {
            self.learn_private(kind, name);
        }
        if let Some((name, _)) = value.split_once(": ") {
            self.learn_private(kind, name);
        }
        if kind == Kind::Host
            && let Some((name, port)) = value.rsplit_once(':')
            && port.chars().all(|c| c.is_ascii_digit())
            && !name.contains(':')
        {
            self.learn(Kind::Host, name);
        }
    }

    /// Learns the parts of an address that identify someone: the host (unless it is an
    /// address, which the patterns judge), the user name and password, and query values.
    pub fn learn_url(&mut self, text: &str) {
        let end = text
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>'))
            .unwrap_or(text.len());
        let start = text.find("://").map_or(0, |at| {
            text[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
                .map_or(0, |i| i + 1)
        });
        let Ok(url) = url::Url::parse(&text[start..end.max(start)]) else {
            return;
        };
        if let Some(url::Host::Domain(host)) = url.host()
            && !host.eq_ignore_ascii_case("localhost")
            && !self
                .public_hosts
                .iter()
                .any(|p| p.eq_ignore_ascii_case(host))
        {
            self.learn(Kind::Host, host);
        }
        if !url.username().is_empty() {
            self.learn(Kind::User, url.username());
        }
        if let Some(password) = url.password() {
            self.learn(Kind::Other, password);
        }
        for (key, value) in url.query_pairs() {
            let key = key.to_ascii_lowercase();
            let kind = if ["serial", "sn", "uuid", "serialnumber"].contains(&key.as_str()) {
                Kind::Serial
            } else {
                Kind::Other
            };
            self.learn(kind, &value);
        }
    }

    /// The token for a value, the same every time.
    pub fn token(&mut self, kind: Kind, value: &str) -> String {
        let key = match kind {
            Kind::Mac => normalize_mac(value),
            _ => value.to_lowercase(),
        };
        if let Some(token) = self.tokens.get(&(kind, key.clone())) {
            return token.clone();
        }
        let token = loop {
            let counter = self.counters.entry(kind).or_default();
            *counter += 1;
            let counter = *counter;
            let token = match (self.typed, kind) {
                (true, Kind::Host | Kind::Url) => format!("host-{counter}.invalid"),
                (true, Kind::Mac) => format!(
                    "02:00:00:00:{:02x}:{:02x}",
                    (counter >> 8) & 0xff,
                    counter & 0xff
                ),
                (true, Kind::PublicIp) if value.contains(':') => format!("2001:db8::{counter:x}"),
                // 192.0.2.0/24 holds 254 hosts; past that, the next documentation network.
                (true, Kind::PublicIp) if counter < 255 => format!("192.0.2.{counter}"),
                (true, Kind::PublicIp) => {
                    format!("198.51.100.{}", (counter - 254).clamp(1, 254))
                }
                _ => format!("{}-{counter}", kind.prefix()),
            };
            if !self.reserved.contains(&token) {
                break token;
            }
        };
        self.tokens.insert((kind, key), token.clone());
        self.replacements.push(Replacement {
            kind,
            original: value.to_owned(),
            token: token.clone(),
        });
        token
    }

    /// Every replacement made so far, first seen first: the exact preview of what is hidden.
    pub fn replacements(&self) -> &[Replacement] {
        &self.replacements
    }

    /// How many distinct values of each kind were replaced (never the values).
    pub fn counts(&self) -> BTreeMap<Kind, usize> {
        let mut counts = BTreeMap::new();
        for replacement in &self.replacements {
            *counts.entry(replacement.kind).or_default() += 1;
        }
        counts
    }

    /// Learns every private value of a report before anything is replaced: what each
    /// finding typed as private, its sensitive evidence, and the hosts, user names and query
    /// values of every address anywhere in it.
    pub fn learn_report(&mut self, report: &Report) {
        for finding in &report.findings {
            for private in &finding.private {
                self.learn_private(private.kind, &private.value);
            }
            for evidence in &finding.evidence {
                if let Some(kind) = evidence.private_kind() {
                    for item in evidence_items(&evidence.value) {
                        self.learn_private(kind, &item);
                    }
                }
            }
            for change in &finding.changes {
                if let Some(kind) = change.private_kind() {
                    for item in Change::items(&change.before).chain(Change::items(&change.after)) {
                        self.learn_private(kind, item);
                    }
                }
            }
        }
        let mut strings = Vec::new();
        if let Ok(value) = serde_json::to_value(report) {
            collect_strings(&value, &mut strings);
        }
        for text in strings {
            self.learn_urls_in(&text);
        }
    }

    /// Learns the parts of every address in a text.
    pub fn learn_urls_in(&mut self, text: &str) {
        let mut rest = text;
        while let Some(at) = rest.find("://") {
            let begin = rest[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
                .map_or(0, |i| i + 1);
            self.learn_url(&rest[begin..]);
            rest = &rest[at + 3..];
        }
    }

    /// Redacts a whole report, fail-closed: learns every private value, replaces sensitive
    /// evidence and typed subjects whole, then scrubs every string through a generic walk of
    /// the document. Ids and enums are never touched, so the result is always a valid
    /// document; if it is not, this is an error and nothing may be written.
    pub fn report(&mut self, report: &Report) -> Result<Report, RedactionError> {
        self.learn_report(report);
        // Typed slots first: sensitive evidence and private subjects are replaced whole.
        let mut typed = report.clone();
        let mut subjects: Vec<(String, String)> = Vec::new();
        for finding in &mut typed.findings {
            for evidence in &mut finding.evidence {
                let Some(kind) = evidence.private_kind() else {
                    continue;
                };
                evidence.kind = Some(kind);
                evidence.value = match &evidence.value {
                    EvidenceValue::List(items) => EvidenceValue::List(
                        items.iter().map(|item| self.whole(kind, item)).collect(),
                    ),
                    other => EvidenceValue::Text(self.whole(kind, &other.to_string())),
                };
            }
            for change in &mut finding.changes {
                if let Some(kind) = change.private_kind() {
                    change.before = self.whole_items(kind, &change.before);
                    change.after = self.whole_items(kind, &change.after);
                }
            }
            if let Some(subject) = finding.subject.clone()
                && let Some(private) = finding.private.iter().find(|p| p.value == subject)
            {
                let token = self.whole(private.kind, &subject);
                subjects.push((subject, token.clone()));
                finding.subject = Some(token.clone());
                for offer in &mut finding.repairs_offered {
                    offer.subject = Some(token.clone());
                }
            }
        }
        // A repair made names its finding's subject: the same token.
        for done in &mut typed.repairs_done {
            if let Some(subject) = &done.subject
                && let Some((_, token)) = subjects.iter().find(|(s, _)| s == subject)
            {
                done.subject = Some(token.clone());
            }
        }
        // A root cause names its finding's subject: the same token.
        for cause in &mut typed.root_causes {
            if let Some(subject) = &cause.subject
                && let Some((_, token)) = subjects.iter().find(|(s, _)| s == subject)
            {
                cause.subject = Some(token.clone());
            }
        }
        let mut document = serde_json::to_value(&typed)
            .map_err(|e| RedactionError(format!("the report could not be read ({e})")))?;
        self.walk(&mut document, None);
        serde_json::from_value(document).map_err(|e| {
            RedactionError(format!("the redacted report is not a valid document ({e})"))
        })
    }

    /// A change's display value, each of its comma-separated items replaced whole.
    fn whole_items(&mut self, kind: Kind, value: &str) -> String {
        Change::items(value)
            .map(|item| self.whole(kind, item))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A typed value replaced whole by its token.
    fn whole(&mut self, kind: Kind, value: &str) -> String {
        if value.split('.').any(is_token) || value.trim().is_empty() {
            return value.to_owned();
        }
        self.token(kind, value)
    }

    /// Scrubs every string of a JSON document in place, except ids, enums and values already
    /// replaced whole (sensitive evidence), and never keys.
    fn walk(&mut self, value: &mut serde_json::Value, field: Option<&str>) {
        use serde_json::Value;
        match value {
            Value::String(text) => {
                if !field.is_some_and(|f| NEVER_SCRUBBED.contains(&f)) {
                    *text = self.scrub(text);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.walk(item, field);
                }
            }
            Value::Object(map) => {
                // Sensitive evidence is already a token: never scrub it again.
                let sensitive = map.get("sensitive") == Some(&Value::Bool(true));
                for (key, item) in map.iter_mut() {
                    if sensitive && key == "value" {
                        continue;
                    }
                    self.walk(item, Some(key.as_str()));
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// Scrubs free text: one scan for addresses, URLs and home folders, then one for the
    /// known names.
    pub fn scrub(&mut self, text: &str) -> String {
        // The learned values first, longest first: a typed path or address is replaced whole
        // before the patterns could take it apart.
        let text = self.literals_in(text);
        let patterns = regexes();
        let text = replace_found(&patterns.any, &text, |found, before, next, then| {
            self.classify(found, before, next, then)
        })
        .into_owned();
        // A pattern's replacement can expose a learned value it was glued to.
        self.literals_in(&text)
    }

    /// Decides what one match of the combined pattern is, and its replacement if any.
    fn classify(
        &mut self,
        found: &str,
        before: Option<char>,
        next: Option<char>,
        then: Option<char>,
    ) -> Option<String> {
        let patterns = regexes();
        if found.contains("://") {
            let caps = patterns.url.captures(found)?;
            return Some(self.url(&caps));
        }
        if found.contains('@') {
            return Some(self.token(Kind::Email, found));
        }
        if let Some(caps) = patterns.home.captures(found) {
            let name = &caps[2];
            if is_token(name) || NEVER_SECRET.iter().any(|w| w.eq_ignore_ascii_case(name)) {
                return None;
            }
            return Some(format!("{}{}", &caps[1], self.token(Kind::User, name)));
        }
        if found.contains(':') {
            if let Ok(ip) = found.parse::<Ipv6Addr>() {
                return self.ipv6(ip);
            }
            // Not an address: any MAC inside is still replaced (too much is safe).
            let inner = replace_found(&MAC_ANYWHERE, found, |m, b, n, t| {
                standalone(&[], &[])(b, n, t).then(|| self.mac(m)).flatten()
            });
            return matches!(inner, Cow::Owned(_)).then(|| inner.into_owned());
        }
        if patterns.ipv4.is_match(found) {
            // An address glued to more dotted numbers is a version; a port (`:53`) is fine.
            return standalone(&['.'], &['.'])(before, next, then)
                .then(|| self.ipv4(found))
                .flatten();
        }
        if patterns.mac.is_match(found) {
            // Twelve bare hex digits after a dash end a UUID (`…-0da0fafabe2a`), not a MAC.
            let bare = !found.contains([':', '-', '.']);
            let joins: &'static [char] = if bare { &['-'] } else { &[] };
            return standalone(joins, joins)(before, next, then)
                .then(|| self.mac(found))
                .flatten();
        }
        None
    }

    fn url(&mut self, caps: &Captures) -> String {
        let whole = &caps[0];
        let host = &caps[2];
        let mut out = whole.to_owned();
        if let Some(userinfo) = caps.get(1) {
            let token = self.token(Kind::User, userinfo.as_str());
            out = out.replacen(userinfo.as_str(), &token, 1);
        }
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let v6 = bare
            .split('%')
            .next()
            .and_then(|h| h.parse::<Ipv6Addr>().ok());
        let ip_token = match (bare.parse::<Ipv4Addr>(), v6) {
            (Ok(v4), _) => Some(self.ipv4(&v4.to_string())),
            (_, Some(v6)) => Some(self.ipv6(v6)),
            _ => None,
        };
        if let Some(token) = ip_token {
            if let Some(token) = token
                && let Some(at) = out.rfind(bare)
            {
                out.replace_range(at..at + bare.len(), &token);
            }
        } else if !host.split('.').any(is_token)
            && !host.eq_ignore_ascii_case("localhost")
            && !self
                .public_hosts
                .iter()
                .any(|p| p.eq_ignore_ascii_case(host))
        {
            let token = self.token(Kind::Host, host);
            if let Some(at) = out.rfind(host) {
                out.replace_range(at..at + host.len(), &token);
            }
        }
        out
    }

    fn ipv6(&mut self, ip: Ipv6Addr) -> Option<String> {
        // A documentation address is a token of typed redaction; a default is no secret.
        if self.typed
            && ((ip.segments()[0] == 0x2001 && ip.segments()[1] == 0xdb8)
                || self.public_addresses.contains(&std::net::IpAddr::V6(ip)))
        {
            return None;
        }
        if let Some(v4) = ip.to_ipv4_mapped() {
            return is_public_v4(v4).then(|| self.token(Kind::PublicIp, &v4.to_string()));
        }
        if is_public_v6(ip) {
            return Some(self.token(Kind::PublicIp, &ip.to_string()));
        }
        let mac = eui64_mac(ip)?;
        let s = ip.segments();
        if self.typed {
            // Still an address: the interface identifier of the locally administered MAC.
            if mac.starts_with("02:00:00:00") {
                return None;
            }
            let token = self.token(Kind::Mac, &mac);
            let m: Vec<u16> = token
                .split(':')
                .filter_map(|h| u16::from_str_radix(h, 16).ok())
                .collect();
            let [m0, m1, m2, m3, m4, m5] = m[..] else {
                return Some(token);
            };
            let address = Ipv6Addr::new(
                s[0],
                s[1],
                s[2],
                s[3],
                ((m0 ^ 0x02) << 8) | m1,
                (m2 << 8) | 0xff,
                0xfe00 | m3,
                (m4 << 8) | m5,
            );
            return Some(address.to_string());
        }
        let token = self.token(Kind::Mac, &mac);
        Some(format!(
            "{:x}:{:x}:{:x}:{:x}:{token}",
            s[0], s[1], s[2], s[3]
        ))
    }

    fn mac(&mut self, text: &str) -> Option<String> {
        // Twelve bare hex digits that are all digits are a number, not an address.
        if !text.contains([':', '-', '.']) && text.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if self.typed && normalize_mac(text).starts_with("02:00:00:00") {
            return None;
        }
        Some(self.token(Kind::Mac, text))
    }

    fn ipv4(&mut self, text: &str) -> Option<String> {
        let ip = text.parse::<Ipv4Addr>().ok()?;
        if self.typed
            && (ip.octets()[..3] == [192, 0, 2]
                || ip.octets()[..3] == [198, 51, 100]
                || self.public_addresses.contains(&std::net::IpAddr::V4(ip)))
        {
            return None;
        }
        is_public_v4(ip).then(|| self.token(Kind::PublicIp, &ip.to_string()))
    }

    fn literals_in(&mut self, text: &str) -> String {
        if self.literals.is_empty() {
            return text.to_owned();
        }
        if self.literal_pattern.is_none() {
            let mut sorted: Vec<&(String, Kind, Scope)> = self.literals.iter().collect();
            sorted.sort_by_key(|(value, _, _)| std::cmp::Reverse(value.len()));
            let alternatives: Vec<String> =
                sorted.iter().map(|(v, _, _)| regex::escape(v)).collect();
            self.literal_pattern = Regex::new(&format!("(?i){}", alternatives.join("|"))).ok();
        }
        let Some(pattern) = self.literal_pattern.clone() else {
            return text.to_owned();
        };
        let mut out: Option<String> = None;
        let mut last = 0;
        for found in pattern.find_iter(text) {
            let (start, end) = (found.start(), found.end());
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            // Only whole words: "alice" in "/home/alice/", not in "malice".
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let Some((kind, scope)) = self
                .literals
                .iter()
                .find(|(v, _, _)| v.eq_ignore_ascii_case(found.as_str()))
                .map(|(_, k, s)| (*k, *s))
            else {
                continue;
            };
            // An ordinary word is a name only as a path component (a user or a folder) or a
            // host label (a machine); other kinds of it are replaced only where typed.
            if scope == Scope::Bounded {
                let (path, label) = path_or_host_part(text, start, end);
                let named = match kind {
                    Kind::User | Kind::Path => path,
                    Kind::Host => label,
                    _ => false,
                };
                if !named {
                    continue;
                }
            }
            let token = self.token(kind, found.as_str());
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[last..start]);
            out.push_str(&token);
            last = end;
        }
        match out {
            None => text.to_owned(),
            Some(mut out) => {
                out.push_str(&text[last..]);
                out
            }
        }
    }

    /// True when redaction would change nothing more in this text: every value learned so
    /// far is gone from it.
    pub fn is_clean(&mut self, text: &str) -> bool {
        self.scrub(text) == text
    }

    /// True when a redacted report would not change if redacted again, field by field.
    pub fn is_clean_report(&mut self, report: &Report) -> bool {
        let Ok(mut document) = serde_json::to_value(report) else {
            return false;
        };
        let before = document.clone();
        self.walk(&mut document, None);
        document == before
    }
}

/// The answer inside a recorded `Result` (`{"Ok": …}`), or the value itself.
fn answer_of(value: &serde_json::Value) -> &serde_json::Value {
    value.get("Ok").unwrap_or(value)
}

/// Every string at `field` in the objects of an answer (or of its list).
fn strings_at<'v>(value: &'v serde_json::Value, field: &str) -> Vec<&'v str> {
    let value = answer_of(value);
    let items: Vec<&serde_json::Value> = match value {
        serde_json::Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .filter_map(|item| item.get(field)?.as_str())
        .collect()
}

/// Replaces every string at `field` in the objects of an answer (or of its list).
fn replace_at(value: &mut serde_json::Value, field: &str, mut replace: impl FnMut(&str) -> String) {
    let value = match value {
        serde_json::Value::Object(map) if map.contains_key("Ok") => map.get_mut("Ok"),
        other => Some(other),
    };
    let Some(value) = value else { return };
    let items: Vec<&mut serde_json::Value> = match value {
        serde_json::Value::Array(items) => items.iter_mut().collect(),
        other => vec![other],
    };
    for item in items {
        if let Some(slot) = item.get_mut(field)
            && let Some(text) = slot.as_str()
        {
            *slot = serde_json::Value::String(replace(text));
        }
    }
}

/// Mount points that hold someone's files, not the system's.
fn personal_mount_point(mount_point: &str) -> bool {
    [
        "/home/",
        "/media/",
        "/run/media/",
        "/mnt/",
        "/Users/",
        "/Volumes/",
    ]
    .iter()
    .any(|prefix| mount_point.starts_with(prefix))
}

/// Redacts a recorded set of facts through the same fail-closed pipeline as a report, with
/// tokens that keep the type of what they replace (`192.0.2.x`, `2001:db8::x`,
/// `02:00:00:00:x:x`, `host-1.invalid`), so the redacted set still replays: a value becomes
/// the same token in every answer, in every question's key and in the profile.
///
/// Learned first: the user's and machine's names the set shows, the profile's sensitive
/// terms, Wi-Fi names, search domains, personal mount points and folders, document names,
/// disk serial numbers, and the parts of every address. Typed slots (process, document and
/// Wi-Fi names, serial numbers) are replaced whole; every other string, every question and
/// the profile are scrubbed. The result must be a valid set that redaction leaves unchanged.
pub fn redact_facts(set: &FactSet) -> Result<(FactSet, Vec<Replacement>), RedactionError> {
    let profile = crate::profile::parse(&set.profile, "the recorded profile")
        .map_err(|e| RedactionError(format!("the recorded profile could not be read ({e})")))?;
    let secrets = Secrets::of(&Recorded::new(set), &profile.report.sensitive_terms);
    let mut r = Redactor::for_facts(&secrets);
    let whole_text = serde_json::to_string(set)
        .map_err(|e| RedactionError(format!("the recorded facts could not be read ({e})")))?;
    r.reserve_typed_tokens_in(&whole_text);

    // 1. Learn.
    for call in &set.calls {
        let question = call.call.split(' ').next().unwrap_or_default();
        match question {
            "wifi_link" => {
                for ssid in strings_at(&call.value, "ssid") {
                    r.learn(Kind::Wifi, ssid);
                }
            }
            "resolver_settings" => {
                if let Some(search) = answer_of(&call.value)
                    .get("search")
                    .and_then(|s| s.as_array())
                {
                    for domain in search.iter().filter_map(|d| d.as_str()) {
                        for name in host_names_of(&format!("x.{domain}")).into_iter().skip(1) {
                            r.learn(Kind::Host, &name);
                        }
                    }
                }
            }
            "mounts" => {
                for mount_point in strings_at(&call.value, "mount_point") {
                    if personal_mount_point(mount_point) {
                        r.learn_private(Kind::Path, mount_point);
                    }
                }
            }
            "home_usage" => {
                for list in ["largest_folders", "largest_files"] {
                    let paths = call.value.get(list).and_then(|l| l.as_array());
                    for pair in paths.into_iter().flatten() {
                        if let Some(path) = pair.get(0).and_then(|p| p.as_str()) {
                            r.learn_private(Kind::Path, path);
                        }
                    }
                }
            }
            "disk_health" => {
                if let Some(serial) = call
                    .value
                    .get("json")
                    .and_then(|j| j.get("serial_number"))
                    .and_then(|s| s.as_str())
                {
                    r.learn(Kind::Serial, serial);
                }
            }
            "print" if call.call.ends_with(" jobs") => {
                for name in strings_at(&call.value, "name") {
                    r.learn_private(Kind::Document, name);
                }
                for owner in strings_at(&call.value, "owner") {
                    r.learn(Kind::User, owner);
                }
            }
            _ => {}
        }
        r.learn_urls_in(&call.call);
        let mut strings = Vec::new();
        collect_strings(&call.value, &mut strings);
        for text in strings {
            r.learn_urls_in(&text);
        }
    }
    r.learn_urls_in(&set.profile);
    let defaults = crate::profile::Profile::default();
    for name in &profile.dns.names {
        if !defaults.dns.names.contains(name) {
            r.learn(Kind::Host, name);
        }
    }

    // 2. Replace typed slots whole, then scrub everything else.
    let mut out = set.clone();
    for call in &mut out.calls {
        let question = call.call.split(' ').next().unwrap_or_default();
        match question {
            "processes" | "busy_processes" => {
                replace_at(&mut call.value, "name", |name| r.whole(Kind::Other, name));
            }
            "wifi_link" => replace_at(&mut call.value, "ssid", |ssid| r.whole(Kind::Wifi, ssid)),
            "os_info" => replace_at(&mut call.value, "host_name", |host| {
                r.whole(Kind::Host, host)
            }),
            "print" if call.call.ends_with(" jobs") => {
                replace_at(&mut call.value, "name", |name| {
                    r.whole(Kind::Document, name)
                });
                // Who sent each job: learned as a user name above, so it becomes the same
                // token as the user's own name, and a replay still tells the user's own
                // jobs from others'.
                replace_at(&mut call.value, "owner", |owner| r.scrub(owner));
            }
            "disk_health" => {
                if let Some(json) = call.value.get_mut("json").and_then(|j| j.as_object_mut()) {
                    // Identifiers of the disk itself: not needed to judge its health.
                    for key in ["wwn", "logical_unit_id"] {
                        json.remove(key);
                    }
                }
                if let Some(json) = call.value.get_mut("json") {
                    replace_at(json, "serial_number", |s| r.whole(Kind::Serial, s));
                }
            }
            _ => {}
        }
        call.call = r.scrub(&call.call);
        r.walk(&mut call.value, None);
    }
    out.profile = r.scrub(&set.profile);
    out.description = r.scrub(&set.description);
    for item in &mut out.selection {
        *item = r.scrub(item);
    }

    // 3. Fail closed: a valid set, with a valid profile, that redaction leaves unchanged.
    crate::profile::parse(&out.profile, "the redacted profile").map_err(|e| {
        RedactionError(format!("the redacted profile is not a valid profile ({e})"))
    })?;
    let mut again = out.clone();
    for call in &mut again.calls {
        call.call = r.scrub(&call.call);
        r.walk(&mut call.value, None);
    }
    again.profile = r.scrub(&again.profile);
    if again != out {
        return Err(RedactionError(
            "the recorded facts could not be redacted cleanly".to_owned(),
        ));
    }
    let replacements = r.replacements().to_vec();
    Ok((out, replacements))
}

/// Whether `text[start..end]` is a whole component of a path (`/home/disk/x`), and whether
/// it is a whole label of a host name (`debian.local`): the only places an ordinary word is
/// a name.
fn path_or_host_part(text: &str, start: usize, end: usize) -> (bool, bool) {
    let is_space =
        |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '(' | ')' | ',');
    let token_start = text[..start].rfind(is_space).map_or(0, |i| i + 1);
    let token_end = text[end..].find(is_space).map_or(text.len(), |i| end + i);
    let token = &text[token_start..token_end];
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let separator = |c: Option<char>| c.is_some_and(|c| c == '/' || c == '\\');
    let path = (token.starts_with(['/', '~']) || token.get(1..3) == Some(":\\"))
        && separator(before)
        && (after.is_none() || separator(after) || after.is_some_and(is_space));
    // A host name: labels of letters, digits and hyphens joined by dots, the word one of them.
    let host_shaped = token.contains('.')
        && token.trim_end_matches(['.', ':']).split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    let label = (before == Some('.') || after == Some('.'))
        && host_shaped
        && text[end..]
            .strip_prefix('.')
            .is_none_or(|rest| rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
        && !(before == Some('.') && after.is_none_or(is_space) && text[..start].ends_with(". "));
    (path, label)
}

/// The items of an evidence value, as text.
fn evidence_items(value: &EvidenceValue) -> Vec<String> {
    match value {
        EvidenceValue::List(items) => items.clone(),
        other => vec![other.to_string()],
    }
}

/// Every string in a JSON document, keys aside.
fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match value {
        Value::String(text) => out.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| collect_strings(i, out)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// A boundary rule for [`replace_found`]: the match may not be glued to letters or digits
/// (an underscore, a slash or a space all separate), nor to a `joins_before` character
/// before it, nor through a `joins_after` character to a hex digit after it.
fn standalone(
    joins_before: &'static [char],
    joins_after: &'static [char],
) -> impl Fn(Option<char>, Option<char>, Option<char>) -> bool {
    move |before, next, then| {
        let glued_before = before.is_some_and(|c| c.is_alphanumeric() || joins_before.contains(&c));
        let glued_after = next.is_some_and(|next| {
            next.is_alphanumeric()
                || (joins_after.contains(&next) && then.is_some_and(|c| c.is_ascii_hexdigit()))
        });
        !glued_before && !glued_after
    }
}

/// Replaces each match for which `replace` (given the match and the characters around it)
/// returns a replacement. Text is copied only when something is replaced.
fn replace_found<'t>(
    pattern: &Regex,
    text: &'t str,
    mut replace: impl FnMut(&str, Option<char>, Option<char>, Option<char>) -> Option<String>,
) -> Cow<'t, str> {
    let mut out: Option<String> = None;
    let mut last = 0;
    for found in pattern.find_iter(text) {
        let before = text[..found.start()].chars().next_back();
        let mut after = text[found.end()..].chars();
        let Some(replacement) = replace(found.as_str(), before, after.next(), after.next()) else {
            continue;
        };
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[last..found.start()]);
        out.push_str(&replacement);
        last = found.end();
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[last..]);
            Cow::Owned(out)
        }
    }
}

/// True for a value that is already a token (`user-1`), so it is never replaced again.
pub fn is_token(text: &str) -> bool {
    Kind::ALL.iter().any(|kind| {
        text.strip_prefix(kind.prefix())
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        Redactor::new(&Secrets {
            user_names: vec!["alice".into()],
            host_names: vec!["alice-laptop".into(), "corp.example".into()],
            terms: vec!["Project Nightingale".into()],
        })
    }

    #[test]
    fn known_names_are_replaced_in_any_case_and_consistently() {
        let mut r = redactor();
        let text = r.scrub("ALICE logged in on Alice-Laptop.corp.example as alice.");
        assert_eq!(text, "user-1 logged in on host-1.host-2 as user-1.");
        assert!(!r.scrub("malice and palace").contains("user-"));
    }

    #[test]
    fn macs_in_every_spelling_get_one_token() {
        let mut r = redactor();
        let text = r.scrub("aa:bb:cc:dd:ee:0f AA-BB-CC-DD-EE-0F aabb.ccdd.ee0f aabbccddee0f");
        assert_eq!(text, "mac-1 mac-1 mac-1 mac-1");
    }

    #[test]
    fn public_addresses_go_private_ones_stay() {
        let mut r = redactor();
        assert_eq!(
            r.scrub("dns:9.9.9.9:53 v1.2.3.4.5 x_9.9.9.9_y"),
            "dns:public-ip-1:53 v1.2.3.4.5 x_public-ip-1_y"
        );
        let mut r = redactor();
        let text = r.scrub("gw 192.168.1.1 dns 10.0.0.53 lo 127.0.0.1 ll 169.254.3.4 cg 100.64.0.1 pub 8.8.8.8 doc 203.0.113.9");
        assert_eq!(
            text,
            "gw 192.168.1.1 dns 10.0.0.53 lo 127.0.0.1 ll 169.254.3.4 cg 100.64.0.1 pub public-ip-1 doc public-ip-2"
        );
        let text = r.scrub("v6 2606:4700:4700::1111 ula fd00::1 ll fe80::1 lo ::1");
        assert_eq!(text, "v6 public-ip-3 ula fd00::1 ll fe80::1 lo ::1");
    }

    #[test]
    fn mac_derived_ipv6_identifiers_are_replaced() {
        let mut r = redactor();
        // fe80::a8bb:ccff:fedd:ee0f is built from the MAC aa:bb:cc:dd:ee:0f.
        let text = r.scrub("link fe80::a8bb:ccff:fedd:ee0f and mac aa:bb:cc:dd:ee:0f");
        assert_eq!(text, "link fe80:0:0:0:mac-1 and mac mac-1");
    }

    #[test]
    fn url_hosts_and_emails_are_replaced() {
        let mut r = redactor();
        let text = r.scrub("GET https://intranet.corp.example/path?q=1 ipp://bob@printer.local:631/ipp/print http://10.0.0.1/x mail bob@example.org");
        // Tokens are numbered in the order values are first met; a known domain is replaced
        // wherever it is, hosts in addresses whole.
        assert_eq!(
            text,
            "GET https://intranet.host-1/path?q=1 ipp://user-1@host-2:631/ipp/print http://10.0.0.1/x mail email-1"
        );
    }

    #[test]
    fn home_folders_lose_the_user_name() {
        let mut r = redactor();
        assert_eq!(
            r.scrub("/home/bob/Videos and C:\\Users\\Carol\\x"),
            "/home/user-1/Videos and C:\\Users\\user-2\\x"
        );
        assert_eq!(
            r.scrub("/home/alice/x and alice"),
            "/home/user-3/x and user-3"
        );
    }

    #[test]
    fn terms_from_the_profile_are_replaced() {
        let mut r = redactor();
        assert_eq!(r.scrub("about project nightingale."), "about term-1.");
    }

    #[test]
    fn counts_and_preview_name_each_value_once() {
        let mut r = redactor();
        r.scrub("alice alice 8.8.8.8 8.8.8.8 aa:bb:cc:dd:ee:ff");
        let counts = r.counts();
        assert_eq!(counts.get(&Kind::User), Some(&1));
        assert_eq!(counts.get(&Kind::PublicIp), Some(&1));
        assert_eq!(counts.get(&Kind::Mac), Some(&1));
        assert_eq!(r.replacements().len(), 3);
        assert!(
            r.replacements()
                .iter()
                .any(|rep| rep.original == "alice" && rep.token == "user-1")
        );
    }

    #[test]
    fn evidence_key_kinds() {
        assert_eq!(Kind::of_evidence_key("ssid"), Kind::Wifi);
        assert_eq!(Kind::of_evidence_key("bssid"), Kind::Wifi);
        assert_eq!(Kind::of_evidence_key("mac_address"), Kind::Mac);
        assert_eq!(Kind::of_evidence_key("serial_number"), Kind::Serial);
        assert_eq!(Kind::of_evidence_key("host_name"), Kind::Host);
        assert_eq!(Kind::of_evidence_key("public_address"), Kind::PublicIp);
        assert_eq!(Kind::of_evidence_key("largest_files"), Kind::Path);
        assert_eq!(Kind::of_evidence_key("document_names"), Kind::Document);
    }

    #[test]
    fn tokens_are_never_redacted_again() {
        let mut r = redactor();
        let once = r.scrub("alice at 8.8.8.8");
        assert_eq!(r.scrub(&once), once);
    }
    use crate::model::{
        AppInfo, Area, Evidence, Finding, PlatformInfo, Private, RootCause, Status,
    };

    fn finding(id: &str, area: Area, subject: Option<&str>, summary: &str) -> Finding {
        Finding {
            id: id.into(),
            area,
            subject: subject.map(str::to_owned),
            status: Status::Fail,
            message_id: "x".into(),
            title: "Title".into(),
            summary: summary.into(),
            explanation: String::new(),
            fixes: vec![],
            evidence: vec![],
            blocked_by: None,
            duration_ms: 1,
            changes: Vec::new(),
            repairs_offered: Vec::new(),
            private: vec![],
        }
    }

    fn report(findings: Vec<Finding>) -> Report {
        let root_causes = findings
            .iter()
            .map(|f| RootCause {
                id: f.id.clone(),
                subject: f.subject.clone(),
            })
            .collect();
        Report {
            schema: crate::model::REPORT_SCHEMA.into(),
            reference: "CK-7F3K-9Q2M".into(),
            generated_at: "2026-12-01T10:00:00Z".into(),
            duration_ms: 1,
            complete: true,
            app: AppInfo {
                name: "Checkup".into(),
                version: "0.1.0".into(),
            },
            platform: PlatformInfo {
                os: "linux".into(),
                os_version: "Debian GNU/Linux 12 (bookworm)".into(),
                kernel: "6.1.0".into(),
                arch: "x86_64".into(),
            },
            findings,
            root_causes,
            repairs_done: Vec::new(),
        }
    }

    #[test]
    fn repairs_name_their_findings_private_subject_by_the_same_token() {
        let folder = "/home/canary-ann/Projects";
        let mut space = finding(
            "disk.usage",
            Area::Disk,
            Some(folder),
            "The folder /home/canary-ann/Projects is large.",
        );
        space.private = vec![Private {
            kind: Kind::Path,
            value: folder.into(),
        }];
        space.repairs_offered = vec![crate::model::RepairOffer {
            id: "disk.empty_trash".into(),
            subject: Some(folder.into()),
            title: "Empty the trash".into(),
            action: format!("Checkup empties the trash of {folder}."),
            targets: vec![],
        }];
        let mut whole = report(vec![space]);
        whole.repairs_done = vec![crate::model::RepairDone {
            id: "disk.empty_trash".into(),
            subject: Some(folder.into()),
            at: "2026-12-02T10:00:00Z".into(),
            result: crate::model::RepairResult::Fixed,
            detail: format!("emptied {folder}/.Trash"),
        }];
        let mut r = Redactor::new(&Secrets::default());
        let redacted = r.report(&whole).unwrap();
        let text = serde_json::to_string(&redacted).unwrap();
        assert!(!text.contains("canary"), "{text}");
        let token = redacted.findings[0].subject.clone();
        assert!(token.is_some());
        assert_eq!(redacted.findings[0].repairs_offered[0].subject, token);
        assert_eq!(redacted.repairs_done[0].subject, token);
        assert_eq!(redacted.repairs_done[0].at, "2026-12-02T10:00:00Z");
        assert_eq!(redacted.repairs_done[0].id, "disk.empty_trash");
    }

    #[test]
    fn a_private_root_cause_keeps_its_meaning_and_leaks_nowhere() {
        let url = "https://canary-intranet.corp.example/wiki";
        let mut site = finding(
            "network.intranet",
            Area::Network,
            Some(url),
            "The company site canary-intranet.corp.example cannot be reached.",
        );
        site.private = vec![
            Private {
                kind: Kind::Url,
                value: url.into(),
            },
            Private {
                kind: Kind::Host,
                value: "canary-intranet.corp.example".into(),
            },
        ];
        site.evidence = vec![Evidence::plain("host", "canary-intranet.corp.example")];
        let mut r = Redactor::new(&Secrets::default());
        let redacted = r.report(&report(vec![site])).unwrap();
        let text = serde_json::to_string(&redacted).unwrap();
        assert!(!text.contains("canary"), "{text}");
        // The root cause names the same token as its finding, so texts still lead with it.
        assert_eq!(
            redacted.root_causes[0].subject,
            redacted.findings[0].subject
        );
        assert_eq!(redacted.findings[0].subject.as_deref(), Some("site-1"));
        assert_eq!(redacted.root_cause_findings().count(), 1);
        assert_eq!(
            redacted.findings[0].summary,
            "The company site host-1 cannot be reached."
        );
    }

    #[test]
    fn a_url_host_is_learned_and_replaced_bare_elsewhere() {
        let mut printer = finding(
            "printer.reachable",
            Area::Printer,
            Some("Office"),
            "The printer does not answer.",
        );
        printer.evidence = vec![
            Evidence::plain(
                "device_uri",
                "ipp://canary-printhost.corp.example:631/ipp/print?serial=CANARYSERIAL42",
            ),
            Evidence::plain("host", "canary-printhost.corp.example"),
            Evidence::plain("note", "serial CANARYSERIAL42 seen"),
        ];
        let mut r = Redactor::new(&Secrets::default());
        let text = serde_json::to_string(&r.report(&report(vec![printer])).unwrap()).unwrap();
        assert!(!text.contains("canary-printhost"), "{text}");
        assert!(!text.contains("CANARYSERIAL42"), "{text}");
        // Keys carry no data and are kept.
        assert!(text.contains("\"device_uri\""));
    }

    #[test]
    fn a_user_named_like_a_json_key_still_gets_a_valid_report() {
        let secrets = Secrets {
            user_names: vec!["disk".into(), "status".into()],
            host_names: vec![],
            terms: vec![],
        };
        let mut usage = finding(
            "disk.space",
            Area::Disk,
            Some("/"),
            "The disk your system runs from is full (status: bad).",
        );
        usage.evidence = vec![Evidence::plain("scanned", "/home/disk/Videos")];
        let mut r = Redactor::new(&secrets);
        let redacted = r.report(&report(vec![usage])).unwrap();
        assert_eq!(redacted.findings[0].area, Area::Disk);
        assert_eq!(
            redacted.findings[0].summary,
            "The disk your system runs from is full (status: bad)."
        );
        assert_eq!(
            redacted.findings[0].evidence[0].value,
            EvidenceValue::Text("/home/user-1/Videos".into())
        );
        let text = crate::report::render::json(&redacted);
        assert!(text.contains("\"area\": \"disk\""), "{text}");
    }

    #[test]
    fn a_machine_named_debian_in_the_local_domain_leaves_words_alone() {
        assert_eq!(host_names_of("debian.local"), vec!["debian"]);
        assert_eq!(host_names_of("box.home.arpa"), vec!["box"]);
        assert_eq!(
            host_names_of("alice-laptop.corp.example"),
            vec!["alice-laptop", "corp.example", "alice-laptop.corp.example"]
        );
        let mut r = Redactor::new(&Secrets {
            user_names: vec![],
            host_names: host_names_of("debian.local"),
            terms: vec![],
        });
        let text = "found through local socket on Debian GNU/Linux 12; debian package";
        assert_eq!(r.scrub(text), text);
        // As a host label it is the machine's name.
        assert_eq!(
            r.scrub("ping debian.local failed"),
            "ping host-1.local failed"
        );
    }

    #[test]
    fn common_words_are_replaced_only_where_they_are_names() {
        let mut r = Redactor::new(&Secrets {
            user_names: vec!["printer".into()],
            host_names: vec![],
            terms: vec![],
        });
        assert_eq!(
            r.scrub("The printer in /home/printer/x is fine."),
            "The printer in /home/user-1/x is fine."
        );
        assert_eq!(r.scrub("GNU/printer stays"), "GNU/printer stays");
    }

    fn fact_set(calls: Vec<(&str, serde_json::Value)>, profile: &str) -> FactSet {
        FactSet {
            schema: crate::platform::recorded::FACTS_SCHEMA.into(),
            recorded_at: String::new(),
            os: "linux".into(),
            profile: profile.into(),
            selection: vec![],
            description: String::new(),
            user_names: vec![],
            calls: calls
                .into_iter()
                .map(|(call, value)| crate::platform::recorded::Call {
                    call: call.into(),
                    value,
                })
                .collect(),
        }
    }

    #[test]
    fn redacted_facts_keep_the_type_of_what_they_replace() {
        use serde_json::json;
        let set = fact_set(
            vec![
                (
                    "os_info",
                    json!({"os": "linux", "arch": "x86_64", "host_name": "alice-pc.corp.example"}),
                ),
                ("user_name", json!("alice")),
                ("home_dir", json!("/home/alice")),
                (
                    "interfaces",
                    json!({"Ok": [{"name": "wlan0", "mac": "a4:5e:60:d1:22:9b",
                        "ipv4": [["192.0.2.1", 24], ["203.0.113.9", 32]],
                        "ipv6": [["fe80::a65e:60ff:fed1:229b", 64], ["2a00:1450:4001:80b::200e", 64]],
                        "gateways": ["192.0.2.1"]}]}),
                ),
                (
                    "wifi_link wlan0",
                    json!({"ssid": "Alice Home 5G", "source": "nmcli"}),
                ),
                (
                    "probe network.internet tcp 203.0.113.9:443",
                    json!({"open": {"secs": 0, "nanos": 1}}),
                ),
                (
                    "probe network.internet tcp 1.1.1.1:443",
                    json!({"open": {"secs": 0, "nanos": 1}}),
                ),
                (
                    "processes",
                    json!({"Ok": [{"name": "thesis-editor", "amount": 1.0}]}),
                ),
                ("fs_usage /home/alice", json!({"Ok": {"total_bytes": 1}})),
                (
                    "print /run/cups/cups.sock jobs",
                    json!({"Ok": [
                        {"id": 1, "owner": "alice", "name": "cv.pdf"},
                        {"id": 2, "owner": "bobby-tables", "name": "x.pdf"}
                    ]}),
                ),
            ],
            "[dns]\nnames = [\"intranet.corp.example\", \"www.google.com\"]\n",
        );
        let (redacted, replacements) = redact_facts(&set).unwrap();
        let text = serde_json::to_string(&redacted).unwrap();
        for private in [
            "alice",
            "corp.example",
            "a4:5e:60",
            "203.0.113.9",
            "2a00:1450",
            "Alice Home",
            "thesis-editor",
            "fed1:229b",
            "bobby-tables",
            "cv.pdf",
        ] {
            assert!(!text.contains(private), "{private} survived: {text}");
        }
        // A job's owner gets the same token as the user's own name.
        let jobs = &redacted.calls[9].value["Ok"];
        assert_eq!(jobs[0]["owner"], redacted.calls[1].value);
        assert_ne!(jobs[1]["owner"], redacted.calls[1].value);
        // Types kept: a documentation address that was not in the set already, a locally
        // administered MAC and the EUI-64 address made from it, a name under `.invalid`.
        let interfaces = &redacted.calls[3].value["Ok"][0];
        assert_eq!(
            interfaces["ipv4"][0][0], "192.0.2.1",
            "a private-range value stays"
        );
        let public: std::net::Ipv4Addr =
            interfaces["ipv4"][1][0].as_str().unwrap().parse().unwrap();
        assert_eq!(public.octets()[..3], [192, 0, 2]);
        assert_ne!(
            public,
            std::net::Ipv4Addr::new(192, 0, 2, 1),
            "no collision"
        );
        let mac = interfaces["mac"].as_str().unwrap();
        assert!(mac.starts_with("02:00:00:00:"), "{mac}");
        let eui: std::net::Ipv6Addr = interfaces["ipv6"][0][0].as_str().unwrap().parse().unwrap();
        assert_eq!(eui64_mac(eui).as_deref(), Some(mac));
        let v6: std::net::Ipv6Addr = interfaces["ipv6"][1][0].as_str().unwrap().parse().unwrap();
        assert_eq!(v6.segments()[..2], [0x2001, 0xdb8]);
        let host = redacted.calls[0].value["host_name"].as_str().unwrap();
        assert!(host.ends_with(".invalid"), "{host}");
        // The same value is the same token in a question and in the profile; defaults stay.
        assert!(redacted.calls[5].call.contains(&public.to_string()));
        assert_eq!(
            redacted.calls[6].call,
            "probe network.internet tcp 1.1.1.1:443"
        );
        assert_eq!(redacted.calls[8].call, "fs_usage /home/user-1");
        let profile = crate::profile::parse(&redacted.profile, "p").unwrap();
        assert!(profile.dns.names[0].ends_with(".invalid"));
        assert_eq!(profile.dns.names[1], "www.google.com");
        assert!(!replacements.is_empty());
        // Redacting again changes nothing.
        assert_eq!(redact_facts(&redacted).unwrap().0, redacted);
    }

    #[test]
    fn a_set_whose_profile_cannot_be_read_is_not_redacted_at_all() {
        let set = fact_set(vec![], "[dns\nnames = 3");
        assert!(redact_facts(&set).is_err());
    }
}
