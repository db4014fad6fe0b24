//! The console language: `kubectl …` and `sim …` lines over one simulation, with kubectl's
//! output formats. The native runner `dsplay` and the browser app both use this crate unchanged.

pub mod bench;
pub mod compare;
mod describe;
mod drain;
pub mod duration;
mod errors;
pub mod export;
pub mod fields;
mod flags;
mod get;
pub mod json_out;
mod jsonpath;
mod kubectl;
pub mod plan;
mod resources;
pub mod script;
mod simcmd;
pub mod tabwriter;
mod waits;
pub mod words;
pub mod yaml_out;

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

    pub fn stdout(&self) -> String {
        self.chunks.iter().filter(|c| c.0 == Stream::Stdout).map(|(_, s)| s.as_str()).collect()
    }

    pub fn stderr(&self) -> String {
        self.chunks.iter().filter(|c| c.0 == Stream::Stderr).map(|(_, s)| s.as_str()).collect()
    }
}

/// Output under construction.
#[derive(Default)]
pub(crate) struct Out {
    output: Output,
}

impl Out {
    fn push(&mut self, stream: Stream, s: &str) {
        if s.is_empty() {
            return;
        }
        // Whatever a command echoes, no raw control character reaches a terminal (or the page):
        // an ESC in an argument would otherwise colour or rewrite the user's screen.
        let escaped = crate::words::escape_terminal_controls(s);
        let s = escaped.as_ref();
        match self.output.chunks.last_mut() {
            Some((last, text)) if *last == stream => text.push_str(s),
            _ => self.output.chunks.push((stream, s.to_string())),
        }
    }

    /// Standard output.
    pub fn out(&mut self, s: &str) {
        self.push(Stream::Stdout, s);
    }

    /// An error on standard error; the command fails with status 1.
    pub fn err(&mut self, s: &str) {
        self.push(Stream::Stderr, s);
        self.output.exit_code = 1;
    }

    /// A notice on standard error that is not a failure (`No resources found ...`, warnings).
    pub fn note(&mut self, s: &str) {
        self.push(Stream::Stderr, s);
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

/// Where a manifest error is, for editors: 1-based line and column in the applied text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// `STDIN` for heredocs, else the file name.
    pub source: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Reads `-f FILE` arguments; the native runner reads the file system, the browser has none.
pub type FileReader = Box<dyn Fn(&str) -> Result<String, String>>;

/// A simulated cluster driven by console lines.
pub struct Console {
    pub(crate) sim: Simulation,
    pub(crate) files: Option<FileReader>,
    pub(crate) diagnostics: Vec<Diagnostic>,
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
        Console { sim: Simulation::new(seed), files: None, diagnostics: Vec::new() }
    }

    /// A console on a copy of this one's cluster, for a what-if (the page's preview): what it
    /// runs leaves this one alone. Forking shares the objects (see `Store`), so it costs the
    /// indexes, not the objects. It reads no files.
    pub fn fork(&self) -> Console {
        Console { sim: self.sim.clone(), files: None, diagnostics: Vec::new() }
    }

    /// Lets `kubectl apply -f FILE` read files from the file system, relative paths from
    /// `base`, with kubectl's wording for a missing file. `dsplay` (base: the working
    /// directory) and the golden tests (base: the repository root) read through this one
    /// reader. The page never calls it, so the bundle leaves it out.
    pub fn read_files_from(&mut self, base: std::path::PathBuf) {
        self.files = Some(Box::new(move |f: &str| {
            std::fs::read_to_string(base.join(f)).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => {
                    format!("error: the path {:?} does not exist", dsplay_core::validate::GoStr(f))
                }
                _ => format!("error: reading {:?}: {e}", dsplay_core::validate::GoStr(f)),
            })
        }));
    }

    pub fn simulation(&self) -> &Simulation {
        &self.sim
    }

    pub fn simulation_mut(&mut self) -> &mut Simulation {
        &mut self.sim
    }

    /// Positions of the manifest errors of the last command (an apply), for editors.
    pub fn last_diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Runs one command (with its heredoc lines, if any).
    pub fn run(&mut self, command: &ScriptCommand) -> Output {
        self.diagnostics.clear();
        let mut out = Out::default();
        kubectl::dispatch(self, command, &mut out);
        out.output
    }

    /// Runs a single console line typed by a user.
    pub fn run_line(&mut self, line: &str) -> Output {
        self.run(&ScriptCommand { line: 1, first_line: line.to_string(), heredoc_lines: vec![] })
    }

    /// Runs console text that may hold several commands and heredocs (what a user pastes).
    pub fn run_text(&mut self, text: &str) -> Result<Vec<(ScriptCommand, Output)>, ScriptError> {
        let commands = script::parse_script(text)?;
        Ok(commands
            .into_iter()
            .map(|c| {
                let o = self.run(&c);
                (c, o)
            })
            .collect())
    }

    /// Runs a whole script and returns the transcript (`dsplay run --transcript` format) and
    /// whether any command failed.
    pub fn transcript(&mut self, script: &str) -> Result<(String, bool), ScriptError> {
        self.transcript_with(script, |_| {})
    }

    /// `transcript`, calling `after` after each command (a test runs the simulation's steps
    /// there, as the page does).
    pub fn transcript_with(
        &mut self,
        script: &str,
        mut after: impl FnMut(&mut Console),
    ) -> Result<(String, bool), ScriptError> {
        let commands = script::parse_script(script)?;
        let mut text = String::new();
        let mut failed = false;
        for c in commands {
            let output = self.run(&c);
            text.push_str(&transcript_entry(&c, &output));
            failed |= output.exit_code != 0;
            after(self);
        }
        Ok((text, failed))
    }

    /// Advances simulated time (the UI's clock), as `sim advance` does.
    pub fn advance_ms(&mut self, ms: u64) {
        crate::waits::advance(self, ms);
    }
}

/// One command in the transcript format: `$ ` + first line, heredoc lines verbatim, the
/// output, and `# exit status N` after a failure.
pub fn transcript_entry(command: &ScriptCommand, output: &Output) -> String {
    let mut text = format!("$ {}\n", crate::words::escape_control(&command.first_line));
    for l in &command.heredoc_lines {
        text.push_str(&crate::words::escape_control(l));
        text.push('\n');
    }
    let body = output.text();
    text.push_str(&body);
    if !body.is_empty() && !body.ends_with('\n') {
        text.push('\n');
    }
    if output.exit_code != 0 {
        text.push_str(&format!("# exit status {}\n", output.exit_code));
    }
    text
}
