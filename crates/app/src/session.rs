//! One playground session: the console that owns the simulation, the script that replays the
//! session exactly (every recorded command, plus the simulated time that passed between them),
//! and the console log shown on the page. No DOM here; the Yew model wraps it.

use std::rc::Rc;

use dsplay_console::view::Explanation;
use dsplay_console::{Console, Output, ScriptCommand, ScriptError, Stream};
use dsplay_core::preview::Change;
use dsplay_core::view_build::{ViewCache, ViewChanges};

use crate::script::{self, Diagnostic};

/// What Apply of the editor's text would do, as the page shows it.
#[derive(Debug, PartialEq, Eq)]
pub struct PagePreview {
    /// The most significant change per node, by node name; a node that is not here would not
    /// change. (A sorted list rather than a map: one more map type costs the wasm a kilobyte.)
    pub by_node: Vec<(String, Change)>,
    /// "Apply would create 3 pods, delete 1, replace 4; 1 would stay Pending".
    pub summary: String,
}

/// How a preview ended.
#[derive(Debug, PartialEq, Eq)]
pub enum PreviewOutcome {
    Ready(PagePreview),
    /// The manifest's errors, as Apply would report them: shown instead of a preview.
    Invalid(Vec<Diagnostic>),
    /// The cluster changed while the fork settled (Play ran): its answer is not this cluster's.
    Stale,
}

impl PagePreview {
    /// What Apply would do on `node`.
    pub fn on(&self, node: &str) -> Option<Change> {
        let i = self.by_node.binary_search_by(|(n, _)| n.as_str().cmp(node)).ok()?;
        Some(self.by_node[i].1)
    }
}

/// A preview under way: the editor's text applied to a console on a fork of the cluster,
/// whose settle runs in slices like the live simulation's work (`Session::preview_work`).
struct PreviewRun {
    fork: Console,
    /// The live cluster's last change when it was forked.
    basis: u64,
}

/// The console panel shows at most this many entries; the script keeps everything.
const MAX_LOG_ENTRIES: usize = 300;

/// One command and what it printed, as the console panel shows it.
#[derive(Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// Stable key for the rendered list.
    pub id: u64,
    /// The command as typed (a heredoc's first line only), or a note for a replayed script.
    pub input: String,
    /// Output pieces; `true` marks stderr.
    pub chunks: Vec<(bool, String)>,
    pub failed: bool,
    /// A replayed script rather than one command: not offered by the Up arrow.
    pub replay: bool,
}

pub struct Session {
    console: Console,
    script: String,
    /// Simulated time when the last line was recorded; time past it is not in the script yet.
    recorded_ms: u64,
    log: Vec<Rc<LogEntry>>,
    next_id: u64,
    /// What the page shows, brought up to date incrementally by `refresh_view`.
    view: ViewCache,
    preview: Option<PreviewRun>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            console: Console::new(),
            script: String::new(),
            recorded_ms: 0,
            log: Vec::new(),
            next_id: 0,
            view: ViewCache::default(),
            preview: None,
        }
    }
}

impl Session {
    /// A fresh session that has run `script` (a preset, a shared link, a saved session).
    pub fn replay(script: &str, title: &str) -> Result<Session, ScriptError> {
        let mut session = Session::default();
        let (transcript, failed) = session.console.transcript(script)?;
        session.script = script.to_string();
        if !session.script.is_empty() && !session.script.ends_with('\n') {
            session.script.push('\n');
        }
        session.recorded_ms = session.console.simulation().elapsed_ms();
        let commands = session.script.lines().filter(|l| !l.trim().is_empty()).count();
        session.push_log(LogEntry {
            id: 0,
            input: format!("# {title} ({commands} lines replayed)"),
            chunks: vec![(false, transcript)],
            failed,
            replay: true,
        });
        Ok(session)
    }

    /// A copy of this session (compare mode's variant B): the same cluster, script and clock,
    /// going on separately. The cluster is forked (objects shared until written); the console
    /// log starts empty.
    pub fn fork(&self) -> Session {
        let mut console = self.console.fork();
        console.simulation_mut().resync_daemonsets();
        Session { console, script: self.script.clone(), recorded_ms: self.recorded_ms, ..Session::default() }
    }

    /// Runs and records one console line.
    pub fn run_line(&mut self, line: &str) -> Output {
        self.run(&script::command_of_line(line))
    }

    /// Runs and records one command (with heredoc lines, if any).
    pub fn run(&mut self, command: &ScriptCommand) -> Output {
        self.record_elapsed_time();
        let output = self.console.run(command);
        self.script.push_str(&script::command_source(command));
        // A `sim advance` may still be under way (stepwise): its time is in the script already.
        self.recorded_ms = self.console.simulation().elapsed_ms_when_idle();
        self.push_log(LogEntry {
            id: 0,
            input: command.first_line.clone(),
            chunks: output.chunks.iter().map(|(stream, text)| (*stream == Stream::Stderr, text.clone())).collect(),
            failed: output.exit_code != 0,
            replay: false,
        });
        output
    }

    /// Advances the simulated clock (Play, Step); recorded lazily by the next command.
    pub fn advance(&mut self, ms: u64) {
        self.console.advance_ms(ms);
    }

    /// The page's mode: commands and `advance` return at once and leave their work to
    /// `work`, so that the page never waits for the simulation (see `Simulation::set_stepwise`).
    pub fn set_stepwise(&mut self, on: bool) {
        self.console.simulation_mut().set_stepwise(on);
    }

    /// Whether the last command or advance still has work to do.
    pub fn busy(&self) -> bool {
        self.console.simulation().busy()
    }

    /// Runs the simulation's pending steps until they are done or `out_of_time` says stop
    /// (asked after every step: one takes from 20 µs to 40 ms). Returns whether work is left.
    pub fn work(&mut self, mut out_of_time: impl FnMut() -> bool) -> bool {
        let sim = self.console.simulation_mut();
        while sim.step() {
            if out_of_time() {
                return sim.busy();
            }
        }
        false
    }

    /// The number of the live cluster's last change: a preview holds while it does.
    pub fn live_stamp(&self) -> u64 {
        self.console.simulation().store().stamps().any
    }

    /// Starts a preview of Apply with `text` on a fork of the cluster as it is now (its work
    /// must be done). The apply itself runs at once, so an invalid manifest is answered at
    /// once, with Apply's own errors; the fork's settle is left to `preview_work`.
    pub fn start_preview(&mut self, text: &str) -> Option<PreviewOutcome> {
        self.preview = None;
        let mut fork = self.console.fork();
        let output = fork.run(&script::apply_command(text));
        if output.exit_code != 0 {
            return Some(PreviewOutcome::Invalid(script::apply_diagnostics(&output, fork.last_diagnostics())));
        }
        self.preview = Some(PreviewRun { fork, basis: self.live_stamp() });
        None
    }

    pub fn cancel_preview(&mut self) {
        self.preview = None;
    }

    /// Runs the preview's settle until it is done (then compares the fork with the live
    /// cluster) or `out_of_time` says stop. `None` while work is left or no preview runs.
    pub fn preview_work(&mut self, mut out_of_time: impl FnMut() -> bool) -> Option<PreviewOutcome> {
        let run = self.preview.as_mut()?;
        let sim = run.fork.simulation_mut();
        while sim.step() {
            if out_of_time() && sim.busy() {
                return None;
            }
        }
        let run = self.preview.take()?;
        if run.basis != self.live_stamp() {
            return Some(PreviewOutcome::Stale);
        }
        let changes = dsplay_core::preview::diff(self.console.simulation(), run.fork.simulation());
        let mut by_node: Vec<(String, Change)> =
            dsplay_core::preview::per_node(&changes).into_iter().map(|(n, c)| (n.to_string(), c)).collect();
        dsplay_core::order::sort_by(&mut by_node, |a, b| a.0.cmp(&b.0));
        Some(PreviewOutcome::Ready(PagePreview { by_node, summary: dsplay_core::preview::summary(&changes) }))
    }

    /// Puts time that passed since the last recorded line into the script as `sim advance`,
    /// so the script replays to the same moment.
    fn record_elapsed_time(&mut self) {
        let now = self.console.simulation().elapsed_ms_when_idle();
        if now > self.recorded_ms {
            let line = script::advance_line(now - self.recorded_ms);
            self.script.push_str(&line);
            self.script.push('\n');
            self.recorded_ms = now;
            self.push_log(LogEntry { id: 0, input: line, chunks: Vec::new(), failed: false, replay: false });
        }
    }

    /// The recorded script: what has been run, up to the last command.
    pub fn script(&self) -> &str {
        &self.script
    }

    /// The script that reproduces the session as it is now, time position included.
    pub fn script_with_time(&self) -> String {
        let now = self.console.simulation().elapsed_ms_when_idle();
        let mut script = self.script.clone();
        if now > self.recorded_ms {
            script.push_str(&script::advance_line(now - self.recorded_ms));
            script.push('\n');
        }
        script
    }

    pub fn log(&self) -> &[Rc<LogEntry>] {
        &self.log
    }

    pub fn simulation(&self) -> &dsplay_core::Simulation {
        self.console.simulation()
    }

    pub fn now_ms(&self) -> u64 {
        self.console.simulation().elapsed_ms()
    }

    /// Positions of the manifest errors of the last command (see `Console::last_diagnostics`).
    pub fn last_diagnostics(&self) -> &[dsplay_console::Diagnostic] {
        self.console.last_diagnostics()
    }

    /// Brings the view up to date with the simulation; cheap when little changed.
    pub fn refresh_view(&mut self) -> ViewChanges {
        self.console.simulation().refresh_view(&mut self.view)
    }

    /// The view as of the last `refresh_view`.
    pub fn view(&self) -> &ViewCache {
        &self.view
    }

    pub fn explain(&self, node: &str) -> Vec<Explanation> {
        self.console.simulation().explain(node)
    }

    fn push_log(&mut self, mut entry: LogEntry) {
        entry.id = self.next_id;
        self.next_id += 1;
        if self.log.len() >= MAX_LOG_ENTRIES {
            self.log.drain(..self.log.len() + 1 - MAX_LOG_ENTRIES);
        }
        self.log.push(Rc::new(entry));
    }
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_recorded_in_the_script() {
        let mut s = Session::default();
        s.run_line("sim node add n1");
        s.run(&script::apply_command("kind: DaemonSet\n"));
        assert_eq!(s.script(), "sim node add n1\nkubectl apply -f - <<EOF\nkind: DaemonSet\nEOF\n");
        assert_eq!(s.log().len(), 2);
        assert_eq!(s.log()[1].input, "kubectl apply -f - <<EOF");
    }

    #[test]
    fn elapsed_time_is_recorded_before_the_next_command() {
        let mut s = Session::default();
        s.run_line("sim node add n1");
        s.advance(1000);
        s.advance(500);
        assert_eq!(s.script_with_time(), "sim node add n1\nsim advance 1500ms\n");
        assert_eq!(s.script(), "sim node add n1\n");
        s.run_line("kubectl cordon n1");
        assert_eq!(s.script(), "sim node add n1\nsim advance 1500ms\nkubectl cordon n1\n");
        assert_eq!(s.script_with_time(), s.script());
    }

    #[test]
    fn replay_keeps_the_script_and_logs_one_entry() {
        let s = Session::replay("sim node add n1", "Preset").unwrap();
        assert_eq!(s.script(), "sim node add n1\n");
        assert_eq!(s.log().len(), 1);
        assert!(s.log()[0].replay);
        assert!(s.log()[0].input.starts_with("# Preset"));
    }

    #[test]
    fn log_is_capped_but_script_is_not() {
        let mut s = Session::default();
        for i in 0..MAX_LOG_ENTRIES + 5 {
            s.run_line(&format!("kubectl get nodes # {i}"));
        }
        assert_eq!(s.log().len(), MAX_LOG_ENTRIES);
        assert_eq!(s.log()[0].id, 5);
        assert_eq!(s.script().lines().count(), MAX_LOG_ENTRIES + 5);
    }
}
