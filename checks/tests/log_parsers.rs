//! The log parsers on hostile input: any bytes at all never panic, every line stays within
//! the line cap, and nothing that is not a control-free character comes out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use checks::{MAX_LOG_LINE_CHARS, parse_cups_error_log, parse_journal_json, parse_kmsg_record};
use proptest::prelude::*;

fn clean(text: &str) -> bool {
    text.chars().count() <= MAX_LOG_LINE_CHARS + 1 && !text.chars().any(char::is_control)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_are_safe(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        for line in parse_journal_json(&bytes)
            .into_iter()
            .chain(parse_cups_error_log(&bytes))
            .chain(parse_kmsg_record(&bytes, Some(u64::MAX)))
        {
            prop_assert!(clean(&line.text), "{:?}", line.text);
        }
    }

    #[test]
    fn journal_messages_of_any_bytes_come_out_clean(
        message in proptest::collection::vec(any::<u8>(), 0..2000),
        time in any::<u64>(),
    ) {
        let entry = serde_json::json!({
            "__REALTIME_TIMESTAMP": time.to_string(),
            "_SYSTEMD_UNIT": "NetworkManager.service",
            "MESSAGE": message,
        });
        let lines = parse_journal_json(entry.to_string().as_bytes());
        prop_assert_eq!(lines.len(), 1);
        prop_assert!(clean(&lines[0].text));
        prop_assert_eq!(lines[0].time, Some(time / 1_000_000));
    }

    #[test]
    fn cups_lines_of_any_text_come_out_clean(text in "\\PC{0,3000}", level in "[EWCAXDI]") {
        let log = format!("{level} [01/Dec/2026:19:57:04 +0000] {text}\n");
        for line in parse_cups_error_log(log.as_bytes()) {
            prop_assert!(clean(&line.text));
            prop_assert_eq!(line.time, Some(1_796_155_024));
        }
    }
}

#[test]
fn a_flood_of_lines_is_read_in_one_pass() {
    let mut log = Vec::new();
    for n in 0..200_000 {
        log.extend_from_slice(
            format!("E [01/Dec/2026:19:57:04 +0000] [Job {n}] failed\n").as_bytes(),
        );
    }
    log.extend_from_slice(&[0xff; 1_000_000]);
    assert_eq!(parse_cups_error_log(&log).len(), 200_000);
}
