//! CUPS' own configuration files, where the CUPS client library reads them (Linux and macOS).
//!
//! `CUPS_SERVERROOT` moves the configuration folder for every CUPS client, as it does for
//! `lpstat`; Checkup follows it, so a private print server is read like the system's.

use std::path::{Path, PathBuf};

/// CUPS' configuration folder: `CUPS_SERVERROOT`, else `/etc/cups`.
pub fn server_root() -> PathBuf {
    std::env::var_os("CUPS_SERVERROOT")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("/etc/cups"), PathBuf::from)
}

/// The `ServerName` of a `client.conf`: the last one wins, as in the CUPS library.
pub fn parse_client_conf(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (key, value) = line.split_once(char::is_whitespace)?;
            key.eq_ignore_ascii_case("ServerName")
                .then(|| value.trim().to_owned())
                .filter(|v| !v.is_empty())
        })
        .next_back()
}

/// The print server named in the user's or the system's client configuration
/// (`~/.cups/client.conf`, then `client.conf` in the configuration folder).
pub fn client_server(home: Option<&Path>) -> Option<String> {
    let user = home.map(|h| h.join(".cups/client.conf"));
    user.into_iter()
        .chain([server_root().join("client.conf")])
        .find_map(|path| parse_client_conf(&std::fs::read_to_string(path).ok()?))
}

/// Whether a printer was ever set up on the local print server: its printer list file
/// exists, readable or not (CUPS keeps it readable by the administrator only). Returns the
/// file that was looked at, for evidence.
pub fn printer_ever_set_up() -> (bool, PathBuf) {
    let list = server_root().join("printers.conf");
    (std::fs::symlink_metadata(&list).is_ok(), list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_server_name_wins_and_comments_are_skipped() {
        let text = "# ServerName commented\nServerName  print.corp.example:631\nEncryption Never\nservername /run/cups/other.sock\n";
        assert_eq!(
            parse_client_conf(text).as_deref(),
            Some("/run/cups/other.sock")
        );
        assert_eq!(
            parse_client_conf("ServerName\nEncryption IfRequested\n"),
            None
        );
        assert_eq!(parse_client_conf(""), None);
    }
}
