//! What the commands tell the user while they work: a spinner on long
//! builds (only on a terminal), stage timings with `--verbose`, nothing but
//! errors with `--quiet`.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How chatty to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// A summary line per command.
    Normal,
    /// Every stage with its timing.
    Verbose,
}

/// Reports progress of a command.
pub struct Reporter {
    verbosity: Verbosity,
    spinner: Option<ProgressBar>,
    started: Instant,
}

impl Reporter {
    /// A reporter; shows a spinner only when stderr is a terminal.
    pub fn new(verbosity: Verbosity) -> Reporter {
        let spinner = (verbosity != Verbosity::Quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("valid template"));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Reporter { verbosity, spinner, started: Instant::now() }
    }

    /// A reporter that prints nothing (for rebuilds driven by other code).
    pub fn silent() -> Reporter {
        Reporter { verbosity: Verbosity::Quiet, spinner: None, started: Instant::now() }
    }

    /// Starts a stage; call [`Stage::done`] when it ends.
    pub fn stage(&self, name: &'static str) -> Stage<'_> {
        if let Some(s) = &self.spinner {
            s.set_message(format!("{name}…"));
        }
        Stage { reporter: self, name, started: Instant::now() }
    }

    /// Prints a line unless quiet (above the spinner, if any).
    pub fn info(&self, line: &str) {
        self.say(|| println!("{line}"));
    }

    /// Prints a warning on stderr unless quiet.
    pub fn warn(&self, line: &str) {
        self.say(|| eprintln!("warning: {line}"));
    }

    /// Runs `print` unless quiet, with the spinner (if any) out of the way.
    fn say(&self, print: impl FnOnce()) {
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        match &self.spinner {
            Some(s) => s.suspend(print),
            None => print(),
        }
    }

    /// Time since the reporter was made.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Removes the spinner.
    pub fn finish(&self) {
        if let Some(s) = &self.spinner {
            s.finish_and_clear();
        }
    }
}

/// A running stage of a command.
pub struct Stage<'a> {
    reporter: &'a Reporter,
    name: &'static str,
    started: Instant,
}

impl Stage<'_> {
    /// Ends the stage; with `--verbose`, prints what it did and its time.
    pub fn done(self, what: impl FnOnce() -> String) {
        if self.reporter.verbosity == Verbosity::Verbose {
            let ms = self.started.elapsed().as_secs_f64() * 1000.0;
            let peak = peak_memory_mb().map(|mb| format!(" (peak memory so far {mb} MB)")).unwrap_or_default();
            self.reporter.info(&format!("{:>8}: {} in {ms:.1} ms{peak}", self.name, what()));
        }
    }
}

/// The process's peak resident memory in MB, where the system tells it
/// (Linux: `VmHWM` in /proc/self/status).
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
