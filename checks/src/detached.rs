//! Blocking calls that can hang (statvfs on a dead mount, a huge directory walk) run on a
//! detached thread under a deadline. tokio waits for `spawn_blocking` tasks at shutdown, so a
//! hung call there would hang the exit; a detached thread is simply left behind.

use std::time::Duration;

/// The call did not return in time; its thread is left to finish on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("did not answer within {0:?}")]
pub struct TimedOut(pub Duration);

/// Runs `work` on its own thread and waits at most `limit` for it.
pub async fn run<T, F>(limit: Duration, work: F) -> Result<T, TimedOut>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("checkup-detached".to_owned())
        .spawn(move || {
            // The receiver may be gone after a timeout; nothing to do then.
            let _ = sender.send(work());
        });
    if spawned.is_err() {
        return Err(TimedOut(Duration::ZERO));
    }
    match tokio::time::timeout(limit, receiver).await {
        Ok(Ok(value)) => Ok(value),
        _ => Err(TimedOut(limit)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn returns_the_value_in_time() {
        assert_eq!(run(Duration::from_secs(5), || 42).await, Ok(42));
    }

    #[tokio::test]
    async fn gives_up_on_a_hung_call_without_waiting_for_it() {
        let started = std::time::Instant::now();
        let result = run(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(30))
        })
        .await;
        assert_eq!(result, Err(TimedOut(Duration::from_millis(50))));
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}
