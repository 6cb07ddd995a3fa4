//! Progress of long builds on standard error: a bar with counts when a person watches a
//! terminal, a few plain lines (`render 1200/10000 pages`) when the output goes to a log,
//! so CI logs stay short and readable. Small sites print nothing extra.
//!
//! Counting is one atomic add per item; the bar redraws at most a few times a second
//! (indicatif's rate limit), so progress costs nothing measurable.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Steps with fewer items than this print no progress in plain-line mode.
pub const PLAIN_MIN_ITEMS: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Off,
    Bar,
    Lines,
}

/// Where progress goes; cheap to clone, shared by every thread of a step.
#[derive(Clone)]
pub struct Progress {
    mode: Mode,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Progress({:?})", self.mode)
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress::none()
    }
}

impl Progress {
    /// No progress output (library use, tests, `--format json`).
    pub fn none() -> Self {
        Progress { mode: Mode::Off }
    }

    /// A bar when standard error is a terminal, plain lines otherwise.
    pub fn stderr() -> Self {
        if std::io::stderr().is_terminal() {
            Progress { mode: Mode::Bar }
        } else {
            Progress { mode: Mode::Lines }
        }
    }

    /// Plain lines regardless of the terminal (for tests of the log format).
    pub fn lines() -> Self {
        Progress { mode: Mode::Lines }
    }

    /// Start a counted step: `verb` and `unit` make `render 1200/10000 pages`.
    pub fn step(&self, verb: &'static str, total: usize, unit: &'static str) -> Step {
        let bar = match self.mode {
            Mode::Bar if total > 0 => {
                let bar = indicatif::ProgressBar::with_draw_target(
                    Some(total as u64),
                    indicatif::ProgressDrawTarget::stderr(),
                );
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "{prefix:>8} [{bar:32}] {pos}/{len} {msg} ({elapsed})",
                ) {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar.set_prefix(verb);
                bar.set_message(unit);
                Some(bar)
            }
            _ => None,
        };
        Step {
            inner: Arc::new(StepInner {
                mode: self.mode,
                verb,
                unit,
                total,
                done: AtomicUsize::new(0),
                printed_tenths: AtomicUsize::new(0),
                bar,
            }),
        }
    }

    /// A step without counts (e.g. packing the search index): a spinner at a terminal,
    /// one line in a log when the site is large enough to make it slow.
    pub fn phase(&self, what: &str, items: usize) -> Phase {
        match self.mode {
            Mode::Bar => {
                let bar = indicatif::ProgressBar::new_spinner();
                bar.set_message(what.to_string());
                bar.enable_steady_tick(std::time::Duration::from_millis(120));
                Phase { bar: Some(bar) }
            }
            Mode::Lines if items >= PLAIN_MIN_ITEMS => {
                eprintln!("{what}");
                Phase { bar: None }
            }
            _ => Phase { bar: None },
        }
    }
}

struct StepInner {
    mode: Mode,
    verb: &'static str,
    unit: &'static str,
    total: usize,
    done: AtomicUsize,
    printed_tenths: AtomicUsize,
    bar: Option<indicatif::ProgressBar>,
}

/// One counted step; `inc` may be called from many threads.
#[derive(Clone)]
pub struct Step {
    inner: Arc<StepInner>,
}

impl Step {
    pub fn inc(&self, n: usize) {
        let s = &self.inner;
        let done = s.done.fetch_add(n, Ordering::Relaxed) + n;
        match s.mode {
            Mode::Bar => {
                if let Some(bar) = &s.bar {
                    bar.inc(n as u64);
                }
            }
            Mode::Lines if s.total >= PLAIN_MIN_ITEMS => {
                // One line per tenth, each printed once even when threads race.
                let tenths = done * 10 / s.total;
                let mut printed = s.printed_tenths.load(Ordering::Relaxed);
                while tenths > printed && tenths < 10 {
                    match s.printed_tenths.compare_exchange(
                        printed,
                        tenths,
                        Ordering::Relaxed,
                        Ordering::Relaxed,
                    ) {
                        Ok(_) => {
                            eprintln!("{} {done}/{} {}", s.verb, s.total, s.unit);
                            break;
                        }
                        Err(now) => printed = now,
                    }
                }
            }
            _ => {}
        }
    }

    /// End the step: the bar disappears; a log gets the final count.
    pub fn finish(self) {
        let s = &self.inner;
        if let Some(bar) = &s.bar {
            bar.finish_and_clear();
        }
        if s.mode == Mode::Lines && s.total >= PLAIN_MIN_ITEMS {
            eprintln!(
                "{} {}/{} {}",
                s.verb,
                s.done.load(Ordering::Relaxed),
                s.total,
                s.unit
            );
        }
    }
}

/// A step without counts; ends when dropped.
pub struct Phase {
    bar: Option<indicatif::ProgressBar>,
}

impl Drop for Phase {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
