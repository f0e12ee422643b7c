//! The one way Checkup runs another program (nmcli, gsettings, smartctl, journalctl): with a
//! deadline, after which the program is killed; with its output capped while it is read, not
//! after; and never with Checkup's standard input. Nothing else starts processes.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What a program printed, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProgramOutput {
    /// The exit code; None when it was ended by a signal.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    /// The output went past the cap: the program was stopped and the rest left out.
    pub truncated: bool,
}

impl ProgramOutput {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// Why a program gave no output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgramError {
    #[error("{0} is not installed")]
    NotFound(String),
    #[error("{program} did not finish within {limit:?}, so it was stopped")]
    TimedOut { program: String, limit: Duration },
    #[error("{program} could not be run: {reason}")]
    Failed { program: String, reason: String },
}

/// Runs `program` with `args`, waits at most `limit` for it to finish, and reads at most
/// `cap` bytes of its standard output. Blocking: call it on a detached thread.
pub fn run(
    program: &str,
    args: &[&str],
    limit: Duration,
    cap: usize,
) -> Result<ProgramOutput, ProgramError> {
    let failed = |reason: String| ProgramError::Failed {
        program: program.to_owned(),
        reason,
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => ProgramError::NotFound(program.to_owned()),
            _ => failed(error.to_string()),
        })?;
    tracing::debug!(program, ?args, "running a program");
    let deadline = Instant::now() + limit;
    let stdout = child.stdout.take();
    let (sender, receiver) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("checkup-program".to_owned())
        .spawn(move || {
            let mut output = Vec::new();
            if let Some(stdout) = stdout {
                // One byte past the cap tells that there was more.
                let limit = u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1);
                let _ = stdout.take(limit).read_to_end(&mut output);
            }
            let _ = sender.send(output);
        });
    if let Err(error) = spawned {
        stop(&mut child);
        return Err(failed(error.to_string()));
    }
    let timed_out = || ProgramError::TimedOut {
        program: program.to_owned(),
        limit,
    };
    let Ok(mut stdout) = receiver.recv_timeout(deadline.saturating_duration_since(Instant::now()))
    else {
        stop(&mut child);
        return Err(timed_out());
    };
    let truncated = stdout.len() > cap;
    if truncated {
        stdout.truncate(cap);
        stop(&mut child);
    }
    // Its output is closed: it is ending. Give it what is left of the deadline.
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return Ok(ProgramOutput {
                    code: status.code(),
                    stdout,
                    truncated,
                });
            }
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Ok(None) => {
                stop(&mut child);
                return Err(timed_out());
            }
            Err(error) => {
                stop(&mut child);
                return Err(failed(error.to_string()));
            }
        }
    }
}

/// Ends a program we started, by its own handle, and reaps it.
fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Starts a program that hands something over to the desktop (an opener that starts the
/// default browser), with nothing read from it. It gets `limit` to say whether it worked; if
/// it is still busy then, it is on its way, and it is left running (ending it could end
/// what it started).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub fn hand_over(program: &str, args: &[&str], limit: Duration) -> Result<(), ProgramError> {
    let failed = |reason: String| ProgramError::Failed {
        program: program.to_owned(),
        reason,
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => ProgramError::NotFound(program.to_owned()),
            _ => failed(error.to_string()),
        })?;
    tracing::info!(program, ?args, "handing over to a program");
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(failed(format!("it ended with {status}"))),
            Ok(None) if Instant::now() >= deadline => return Ok(()),
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(error) => return Err(failed(error.to_string())),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A shell line, through the system's own shell.
    fn shell(line: &str, limit: Duration, cap: usize) -> Result<ProgramOutput, ProgramError> {
        if cfg!(windows) {
            run("cmd", &["/c", line], limit, cap)
        } else {
            run("sh", &["-c", line], limit, cap)
        }
    }

    #[test]
    fn output_is_read_and_the_exit_code_kept() {
        let line = if cfg!(windows) {
            "echo hello& exit 3"
        } else {
            "echo hello; exit 3"
        };
        let output = shell(line, Duration::from_secs(5), 1024).unwrap();
        assert_eq!(output.text().trim_end_matches(['\r', '\n']), "hello");
        assert_eq!(output.code, Some(3));
        assert!(!output.truncated);
    }

    #[test]
    fn a_program_that_hangs_is_stopped_at_the_deadline() {
        let started = std::time::Instant::now();
        // A loop that never ends, without output.
        let line = if cfg!(windows) {
            "for /l %i in (1,0,2) do @rem"
        } else {
            "sleep 30"
        };
        let result = shell(line, Duration::from_millis(200), 1024);
        assert!(
            matches!(result, Err(ProgramError::TimedOut { .. })),
            "{result:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn output_is_capped_while_it_is_read() {
        let line = if cfg!(windows) {
            "for /l %i in (1,0,2) do @echo y"
        } else {
            "yes"
        };
        let output = shell(line, Duration::from_secs(5), 1000).unwrap();
        assert_eq!(output.stdout.len(), 1000);
        assert!(output.truncated);
    }

    #[test]
    fn a_missing_program_is_named() {
        assert_eq!(
            run("checkup-no-such-program", &[], Duration::from_secs(1), 10),
            Err(ProgramError::NotFound("checkup-no-such-program".into()))
        );
    }

    #[test]
    fn standard_input_is_never_inherited() {
        // `cat` (`more` on Windows) with no input file reads standard input: null ends it at
        // once.
        let line = if cfg!(windows) { "more" } else { "cat" };
        let output = shell(line, Duration::from_secs(5), 10).unwrap();
        assert!(output.stdout.is_empty());
        assert!(output.success());
    }
}
