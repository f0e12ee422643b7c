//! `dns.hosts_file`: does the hosts file override any name Checkup tests? Such an entry wins
//! over every DNS server, so a stale one sends a site to an old or wrong address.

use std::time::Duration;

use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};
use crate::profile::Profile;

const OK: MessageSpec = message(Status::Pass, "dns-hosts-file-ok");
const OVERRIDE: MessageSpec =
    message(Status::Warn, "dns-hosts-file-override").with_args(&["count", "file", "line", "name"]);
const MISSING: MessageSpec = message(Status::Pass, "dns-hosts-file-missing");
const UNREADABLE: MessageSpec =
    message(Status::Error, "dns-hosts-file-unreadable").with_args(&["file"]);

pub static CHECK: CheckDef = CheckDef {
    id: "dns.hosts_file",
    area: Area::Dns,
    depends_on: &[],
    after: &[],
    timeout: Duration::from_secs(2),
    messages: &[OK, OVERRIDE, MISSING, UNREADABLE],
    run,
};

/// An entry that names a tested name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub line: usize,
    pub text: String,
    pub name: String,
}

/// Every name Checkup looks up: `dns.names` and the hosts of the profile's URLs.
pub fn tested_names(profile: &Profile) -> Vec<String> {
    let network = &profile.network;
    let urls = network
        .https_urls
        .iter()
        .chain(&network.intranet_urls)
        .chain(std::iter::once(&network.connectivity_url));
    let mut names: Vec<String> = profile
        .dns
        .names
        .iter()
        .cloned()
        .chain(urls.filter_map(|u| crate::areas::network::http::host_of(u)))
        .filter(|n| n.parse::<std::net::IpAddr>().is_err())
        .map(|n| n.trim_end_matches('.').to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Entries of a hosts file naming one of `names` (comments ignored, any letter case).
pub fn overrides(text: &str, names: &[String]) -> Vec<Entry> {
    let mut found = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("");
        let mut words = line.split_whitespace();
        if words.next().is_none() {
            continue;
        }
        for word in words {
            let word = word.trim_end_matches('.').to_ascii_lowercase();
            if names.contains(&word) {
                found.push(Entry {
                    line: index + 1,
                    text: raw.trim().to_owned(),
                    name: word,
                });
            }
        }
    }
    found
}

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let (path, text) = context
            .facts()
            .ask(Duration::from_secs(1), |platform| platform.hosts_file())
            .await
            .unwrap_or_else(|timeout| (String::new(), Err(timeout.0)));
        vec![evaluate(
            std::path::Path::new(&path),
            &text,
            &tested_names(&context.profile),
        )]
    })
}

pub fn evaluate(
    path: &std::path::Path,
    text: &Result<String, crate::platform::OsError>,
    names: &[String],
) -> Outcome {
    let file = Evidence::plain("file", path.display().to_string());
    let text = match text {
        Ok(text) => text,
        Err(error) if error.kind == crate::platform::OsErrorKind::NotFound => {
            return Outcome::of(&MISSING).evidence(file);
        }
        Err(error) => {
            return Outcome::of(&UNREADABLE)
                .arg("file", path.display().to_string())
                .evidence(file)
                .evidence(Evidence::plain("error", error.to_string()));
        }
    };
    let found = overrides(text, names);
    let mut outcome = match found.first() {
        Some(first) => Outcome::of(&OVERRIDE)
            .typed_arg("name", super::private_name(&first.name), first.name.clone())
            .arg("line", first.line as u64)
            .arg("file", path.display().to_string())
            .arg("count", found.len() as u64),
        None => Outcome::of(&OK),
    };
    outcome = outcome
        .evidence(file)
        .evidence(Evidence::plain("names_checked", names.len() as u64));
    // Per entry, in order: its line number, the name it fixes and the line itself.
    for entry in &found {
        let private = super::private_name(&entry.name);
        outcome = outcome
            .evidence(Evidence::plain("override_line", entry.line as u64))
            .evidence(Evidence::typed(
                "override_name",
                private,
                entry.name.clone(),
            ))
            .evidence(Evidence::typed(
                "override_entry",
                private,
                entry.text.clone(),
            ));
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_for_a_tested_name_warns_with_its_line() {
        let text =
            "127.0.0.1 localhost\n# 10.0.0.9 www.example.com\n10.1.2.3\tWWW.Example.com. alias\n";
        let names = vec!["www.example.com".to_owned()];
        let outcome = evaluate(
            std::path::Path::new("/etc/hosts"),
            &Ok(text.to_owned()),
            &names,
        );
        assert_eq!(outcome.status, Status::Warn);
        assert!(
            format!("{:?}", outcome.args).contains("Int(3)")
                || format!("{:?}", outcome.args).contains('3')
        );
        assert_eq!(overrides(text, &names).len(), 1);
    }

    #[test]
    fn no_entry_or_no_file_passes_and_an_unreadable_file_errors() {
        let names = vec!["www.example.com".to_owned()];
        let path = std::path::Path::new("/etc/hosts");
        assert_eq!(
            evaluate(path, &Ok("127.0.0.1 localhost\n".into()), &names).status,
            Status::Pass
        );
        assert_eq!(
            evaluate(
                path,
                &Err(std::io::Error::from(std::io::ErrorKind::NotFound).into()),
                &names
            )
            .status,
            Status::Pass
        );
        assert_eq!(
            evaluate(
                path,
                &Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied).into()),
                &names
            )
            .status,
            Status::Error
        );
    }

    #[test]
    fn tested_names_include_the_profile_urls() {
        let names = tested_names(&Profile::default());
        assert!(names.contains(&"connectivitycheck.gstatic.com".to_owned()));
        assert!(names.contains(&"www.google.com".to_owned()));
    }
}
