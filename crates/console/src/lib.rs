//! The console language: `kubectl …` and `sim …` lines over one simulation, with kubectl's
//! output formats. The native runner `dsplay` and the browser app both use this crate unchanged.

use dsplay_core::Simulation;
pub use dsplay_core::view;

/// Where a piece of output went: kubectl writes tables to stdout and errors to stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// What one command printed, in the order it was written, and its exit status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub exit_code: i32,
}

impl Output {
    /// Stdout and stderr interleaved as written, the way a terminal shows them.
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, s)| s.as_str()).collect()
    }
}

/// One command of a script: its source lines (a heredoc's body and terminator included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptCommand {
    /// 1-based line number of the command's first line in the script.
    pub line: usize,
    /// The first line as written.
    pub first_line: String,
    /// Heredoc body lines and the terminator line, verbatim (empty without a heredoc).
    pub heredoc_lines: Vec<String>,
}

/// A script that cannot be run at all (exit status 2 in `dsplay`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A simulated cluster driven by console lines.
pub struct Console {
    sim: Simulation,
}

impl Default for Console {
    fn default() -> Self {
        Self::new()
    }
}

impl Console {
    /// The default seed for generated names, so the same script gives the same bytes.
    pub const DEFAULT_SEED: u64 = 1;

    pub fn new() -> Self {
        Self::with_seed(Self::DEFAULT_SEED)
    }

    pub fn with_seed(seed: u64) -> Self {
        Console { sim: Simulation::new(seed) }
    }

    pub fn simulation(&self) -> &Simulation {
        &self.sim
    }

    /// Runs one command (with its heredoc lines, if any).
    pub fn run(&mut self, command: &ScriptCommand) -> Output {
        let _ = command;
        Output::default()
    }

    /// Runs a single console line typed by a user (`kubectl apply -f - <<EOF` needs `run_text`).
    pub fn run_line(&mut self, line: &str) -> Output {
        self.run(&ScriptCommand { line: 1, first_line: line.to_string(), heredoc_lines: vec![] })
    }

    /// Runs a whole script and returns the transcript (`dsplay run --transcript` format) and
    /// whether any command failed.
    pub fn transcript(&mut self, script: &str) -> Result<(String, bool), ScriptError> {
        let _ = script;
        Ok((String::new(), false))
    }

    /// Advances simulated time (the UI's clock), as `sim advance` does.
    pub fn advance_ms(&mut self, ms: u64) {
        self.sim.advance(ms);
    }
}
