//! Redaction: what identifies the user, the machine or the organization is replaced by a
//! consistent token (`user-1`, `host-2`, `mac-1`, `public-ip-1` …) before anything leaves
//! the machine.
//!
//! Two passes, so a mistake in one is caught by the other:
//! - **structural**: evidence marked sensitive is replaced whole, and its value becomes a
//!   literal that is searched for everywhere else;
//! - **textual**: every string (summaries, subjects, evidence, logs, rendered files) is
//!   scrubbed for e-mail addresses, MAC addresses, public IP addresses, host names in URLs,
//!   home folders, and the known names of this user and machine, in any letter case.
//!
//! The same value always becomes the same token within one redactor, so one report's files
//! agree with each other. The mapping stays in memory: it never enters the archive.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;
use std::sync::OnceLock;

use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};

use crate::model::{EvidenceValue, Finding, Report};

/// What kind of value was replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// User names, including the one in home folder paths.
    User,
    /// Host and domain names, including those in URLs and device URIs.
    Host,
    Mac,
    Serial,
    /// Wi-Fi network names and access point addresses (SSID, BSSID).
    Wifi,
    Email,
    PublicIp,
    /// Names of printed documents.
    Document,
    /// The profile's `report.sensitive_terms`.
    Term,
    /// Paths marked sensitive (home folders, personal mount points).
    Path,
    /// Any other value marked sensitive.
    Other,
}

impl Kind {
    /// The token prefix: `user` → `user-1`.
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Host => "host",
            Kind::Mac => "mac",
            Kind::Serial => "serial",
            Kind::Wifi => "wifi",
            Kind::Email => "email",
            Kind::PublicIp => "public-ip",
            Kind::Document => "document",
            Kind::Term => "term",
            Kind::Path => "path",
            Kind::Other => "sensitive",
        }
    }

    /// Every kind, in a stable order.
    pub const ALL: [Kind; 11] = [
        Kind::User,
        Kind::Host,
        Kind::Mac,
        Kind::Serial,
        Kind::Wifi,
        Kind::Email,
        Kind::PublicIp,
        Kind::Document,
        Kind::Term,
        Kind::Path,
        Kind::Other,
    ];

    /// The kind of a sensitive evidence value, from the words of its key.
    pub fn of_evidence_key(key: &str) -> Kind {
        let key = key.to_ascii_lowercase();
        let words: Vec<&str> = key.split(['_', '-', '.']).collect();
        let has = |candidates: &[&str]| candidates.iter().any(|c| words.contains(c));
        if has(&["ssid", "bssid", "wifi"]) {
            Kind::Wifi
        } else if has(&["mac"]) {
            Kind::Mac
        } else if has(&["serial"]) {
            Kind::Serial
        } else if has(&["email", "mail"]) {
            Kind::Email
        } else if has(&["document", "documents", "job", "jobs"]) {
            Kind::Document
        } else if has(&["user", "username", "users"]) {
            Kind::User
        } else if has(&["host", "hostname", "domain", "hosts"]) {
            Kind::Host
        } else if has(&["ip", "ipv4", "ipv6", "address", "addresses", "addr"]) {
            Kind::PublicIp
        } else if has(&[
            "path", "paths", "home", "mount", "folder", "folders", "file", "files", "dir",
        ]) {
            Kind::Path
        } else {
            Kind::Other
        }
    }
}

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
        let mut user_names: Vec<String> = ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .collect();
        if let Some(home) = crate::platform::home_dir()
            && let Some(name) = home.file_name().and_then(|n| n.to_str())
        {
            user_names.push(name.to_owned());
        }
        let mut host_names = Vec::new();
        if let Ok(host) = sysinfo::System::host_name() {
            // "alice-laptop.corp.example" → the host, the domain, and the whole name.
            if let Some((short, domain)) = host.split_once('.') {
                host_names.push(short.to_owned());
                host_names.push(domain.to_owned());
            }
            host_names.push(host);
        }
        Secrets {
            user_names,
            host_names,
            terms: terms.to_vec(),
        }
    }
}

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
    /// Known literal values and their kinds, searched for in every text.
    literals: Vec<(String, Kind)>,
    literal_pattern: Option<Regex>,
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

    /// Adds a literal to search for everywhere from now on.
    pub fn learn(&mut self, kind: Kind, value: &str) {
        let value = value.trim();
        if value.chars().count() < MIN_LITERAL
            || NEVER_SECRET.iter().any(|w| w.eq_ignore_ascii_case(value))
            || self
                .literals
                .iter()
                .any(|(v, _)| v.eq_ignore_ascii_case(value))
            || is_token(value)
        {
            return;
        }
        self.literals.push((value.to_owned(), kind));
        self.literal_pattern = None;
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
        let counter = self.counters.entry(kind).or_default();
        *counter += 1;
        let token = format!("{}-{counter}", kind.prefix());
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

    /// Redacts a whole report: sensitive evidence first, then every string.
    pub fn report(&mut self, report: &Report) -> Report {
        let mut redacted = report.clone();
        // Structural pass over every finding first, so values marked sensitive anywhere are
        // known before any text is scrubbed.
        for finding in &mut redacted.findings {
            for evidence in finding.evidence.iter_mut().filter(|e| e.sensitive) {
                let kind = Kind::of_evidence_key(&evidence.key);
                evidence.value = match &evidence.value {
                    EvidenceValue::List(items) => EvidenceValue::List(
                        items
                            .iter()
                            .map(|item| {
                                self.learn(kind, item);
                                self.token(kind, item)
                            })
                            .collect(),
                    ),
                    other => {
                        let text = other.to_string();
                        self.learn(kind, &text);
                        EvidenceValue::Text(self.token(kind, &text))
                    }
                };
            }
        }
        for finding in &mut redacted.findings {
            self.finding_text(finding);
        }
        let platform = &mut redacted.platform;
        platform.os_version = self.scrub(&platform.os_version);
        platform.kernel = self.scrub(&platform.kernel);
        redacted
    }

    fn finding_text(&mut self, finding: &mut Finding) {
        finding.subject = finding.subject.as_deref().map(|s| self.scrub(s));
        finding.summary = self.scrub(&finding.summary);
        finding.explanation = self.scrub(&finding.explanation);
        finding.fixes = finding.fixes.iter().map(|f| self.scrub(f)).collect();
        for evidence in finding.evidence.iter_mut().filter(|e| !e.sensitive) {
            evidence.value = match &evidence.value {
                EvidenceValue::Text(text) => EvidenceValue::Text(self.scrub(text)),
                EvidenceValue::List(items) => {
                    EvidenceValue::List(items.iter().map(|i| self.scrub(i)).collect())
                }
                other => other.clone(),
            };
        }
    }

    /// Scrubs free text: one scan for addresses, URLs and home folders, then one for the
    /// known names.
    pub fn scrub(&mut self, text: &str) -> String {
        let patterns = regexes();
        let text = replace_found(&patterns.any, text, |found, before, next, then| {
            self.classify(found, before, next, then)
        });
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
            return standalone(&[], &[])(before, next, then)
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
            (Ok(v4), _) => {
                Some(is_public_v4(v4).then(|| self.token(Kind::PublicIp, &v4.to_string())))
            }
            (_, Some(v6)) => Some(self.ipv6(v6)),
            _ => None,
        };
        if let Some(token) = ip_token {
            if let Some(token) = token
                && let Some(at) = out.rfind(bare)
            {
                out.replace_range(at..at + bare.len(), &token);
            }
        } else if !is_token(host) && !host.eq_ignore_ascii_case("localhost") {
            let token = self.token(Kind::Host, host);
            if let Some(at) = out.rfind(host) {
                out.replace_range(at..at + host.len(), &token);
            }
        }
        out
    }

    fn ipv6(&mut self, ip: Ipv6Addr) -> Option<String> {
        if let Some(v4) = ip.to_ipv4_mapped() {
            return is_public_v4(v4).then(|| self.token(Kind::PublicIp, &v4.to_string()));
        }
        if is_public_v6(ip) {
            return Some(self.token(Kind::PublicIp, &ip.to_string()));
        }
        let mac = eui64_mac(ip)?;
        let s = ip.segments();
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
        Some(self.token(Kind::Mac, text))
    }

    fn ipv4(&mut self, text: &str) -> Option<String> {
        let ip = text.parse::<Ipv4Addr>().ok()?;
        is_public_v4(ip).then(|| self.token(Kind::PublicIp, &ip.to_string()))
    }

    fn literals_in(&mut self, text: &str) -> String {
        if self.literals.is_empty() {
            return text.to_owned();
        }
        if self.literal_pattern.is_none() {
            let mut sorted: Vec<&(String, Kind)> = self.literals.iter().collect();
            sorted.sort_by_key(|(value, _)| std::cmp::Reverse(value.len()));
            let alternatives: Vec<String> = sorted.iter().map(|(v, _)| regex::escape(v)).collect();
            self.literal_pattern = Regex::new(&format!("(?i){}", alternatives.join("|"))).ok();
        }
        let Some(pattern) = self.literal_pattern.clone() else {
            return text.to_owned();
        };
        // Only whole words: "alice" in "/home/alice/", not in "malice".
        let whole_word = |before: Option<char>, after: Option<char>, _: Option<char>| {
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        };
        replace_found(&pattern, text, |found, before, next, then| {
            if !whole_word(before, next, then) {
                return None;
            }
            let kind = self
                .literals
                .iter()
                .find(|(v, _)| v.eq_ignore_ascii_case(found))
                .map_or(Kind::Other, |(_, k)| *k);
            Some(self.token(kind, found))
        })
        .into_owned()
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
        // Tokens are numbered in the order values are first met.
        assert_eq!(
            text,
            "GET https://host-1/path?q=1 ipp://user-1@host-2:631/ipp/print http://10.0.0.1/x mail email-1"
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
}
