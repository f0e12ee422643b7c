//! `system.clock`: how far is this computer's clock from the time web servers send (the
//! `Date` of their HTTP answers)? Sign-ins and secure websites break when it is off.

use std::time::{Duration, SystemTime};

use crate::areas::network::http::private_url;
use crate::areas::network::http::{self, HttpAnswer, HttpFailure, Route};
use crate::check::{CheckDef, CheckFuture, Context, MessageSpec, Outcome, message};
use crate::model::{Area, Evidence, Status};

const OK: MessageSpec = message(Status::Pass, "system-clock-ok").with_args(&["seconds"]);
const OFF: MessageSpec =
    message(Status::Warn, "system-clock-off").with_args(&["direction", "minutes"]);
const WRONG: MessageSpec =
    message(Status::Fail, "system-clock-wrong").with_args(&["direction", "minutes"]);
const UNCHECKED: MessageSpec = message(Status::Warn, "system-clock-unchecked");

pub static CHECK: CheckDef = CheckDef {
    id: "system.clock",
    area: Area::System,
    depends_on: &["network.internet"],
    after: &[],
    timeout: Duration::from_secs(5),
    messages: &[OK, OFF, WRONG, UNCHECKED],
    run,
};

fn run(context: Context) -> CheckFuture {
    Box::pin(async move {
        let network = &context.profile.network;
        let limit = context.limit(crate::areas::network::https::request_limit(
            network.probe_timeout_ms,
        ));
        let mut sources = vec![(network.connectivity_url.clone(), Route::default())];
        if let Some(url) = network.https_urls.first() {
            let route = crate::areas::network::proxy::route(&context).await;
            sources.push((url.clone(), route));
        }
        let answers =
            futures_util::future::join_all(sources.iter().map(|(url, route)| async move {
                (url.clone(), http::get(url, limit, route).await)
            }))
            .await;
        let system = &context.profile.system;
        vec![evaluate(
            &answers,
            system.clock_warn_seconds,
            system.clock_fail_seconds,
        )]
    })
}

/// Server time minus local time, in seconds, from one answer's `Date`.
pub fn offset(answer: &HttpAnswer) -> Option<f64> {
    let date = httpdate::parse_http_date(answer.date.as_deref()?).ok()?;
    let seconds = |t: SystemTime| -> f64 {
        match t.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => d.as_secs_f64(),
            Err(e) => -e.duration().as_secs_f64(),
        }
    };
    // `Date` has whole seconds: compare with the middle of that second.
    Some(seconds(date) + 0.5 - seconds(answer.midpoint))
}

pub fn evaluate(
    answers: &[(String, Result<HttpAnswer, HttpFailure>)],
    warn_seconds: u64,
    fail_seconds: u64,
) -> Outcome {
    let mut evidence = Vec::new();
    let mut measured = None;
    for (url, result) in answers {
        match result {
            Ok(answer) => {
                let date = answer
                    .date
                    .clone()
                    .unwrap_or_else(|| "no Date header".to_owned());
                evidence.push(Evidence::typed(
                    "date_source",
                    private_url(url),
                    url.clone(),
                ));
                evidence.push(Evidence::plain("date", date));
                if measured.is_none() {
                    measured = offset(answer);
                }
            }
            Err(failure) => {
                evidence.push(Evidence::typed(
                    "date_source",
                    private_url(url),
                    url.clone(),
                ));
                evidence.push(Evidence::plain("date", failure.detail()));
            }
        }
    }
    let Some(offset) = measured else {
        let mut outcome = Outcome::of(&UNCHECKED);
        outcome.evidence = evidence;
        return outcome;
    };
    let off = offset.abs();
    let spec = if off > fail_seconds as f64 {
        &WRONG
    } else if off > warn_seconds as f64 {
        &OFF
    } else {
        &OK
    };
    // Server ahead of us: our clock is behind.
    let direction = if offset > 0.0 { "behind" } else { "ahead" };
    let mut outcome = Outcome::of(spec)
        .arg("direction", direction)
        .arg("minutes", (off / 60.0).round() as u64)
        .arg("seconds", off.round() as u64);
    evidence.push(Evidence::plain(
        "offset_seconds",
        (offset * 10.0).round() / 10.0,
    ));
    evidence.push(Evidence::plain("warn_after_seconds", warn_seconds));
    evidence.push(Evidence::plain("fail_after_seconds", fail_seconds));
    outcome.evidence = evidence;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(skew_seconds: i64) -> Result<HttpAnswer, HttpFailure> {
        let now = SystemTime::now();
        let server = if skew_seconds >= 0 {
            now + Duration::from_secs(skew_seconds.unsigned_abs())
        } else {
            now - Duration::from_secs(skew_seconds.unsigned_abs())
        };
        Ok(HttpAnswer {
            status: 204,
            location: None,
            body_bytes: 0,
            date: Some(httpdate::fmt_http_date(server)),
            elapsed: Duration::from_millis(5),
            midpoint: now,
        })
    }

    fn judge(skew: i64) -> Outcome {
        evaluate(&[("u".to_owned(), answer(skew))], 120, 300)
    }

    #[test]
    fn thresholds_follow_the_profile() {
        assert_eq!(judge(0).status, Status::Pass);
        assert_eq!(judge(-100).status, Status::Pass);
        assert_eq!(judge(200).status, Status::Warn);
        assert_eq!(judge(-600).status, Status::Fail);
        assert!(format!("{:?}", judge(-600).args).contains("ahead"));
        assert!(format!("{:?}", judge(600).args).contains("behind"));
    }

    #[test]
    fn no_date_cannot_be_checked() {
        let failed = evaluate(
            &[(
                "u".into(),
                Err(HttpFailure::TimedOut(Duration::from_secs(1))),
            )],
            120,
            300,
        );
        assert_eq!(failed.message, "system-clock-unchecked");
        let mut no_date = answer(0);
        if let Ok(a) = no_date.as_mut() {
            a.date = None;
        }
        assert_eq!(
            evaluate(&[("u".into(), no_date)], 120, 300).status,
            Status::Warn
        );
    }
}
