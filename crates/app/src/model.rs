//! The app's state as Yew sees it: the session (behind a `RefCell`, since the console is not
//! `Clone`) plus plain snapshots of what the page shows. Snapshots reuse the previous `Rc`s
//! for parts that did not change, so memoised components skip re-rendering them.

use std::cell::RefCell;
use std::rc::Rc;

use dsplay_console::view::{ClusterTotals, DaemonSetView, Explanation, NodeView, PodView};
use yew::Reducible;

use crate::presets;
use crate::script::{self, Diagnostic};
use crate::session::{LogEntry, Session};

/// Largest manifest or console line accepted: cheap insurance for a main-thread parser.
const MAX_INPUT_BYTES: usize = 1 << 20;

/// A message for the banner under the toolbar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice { text: text.into(), error: false }
    }
    pub fn error(text: impl Into<String>) -> Notice {
        Notice { text: text.into(), error: true }
    }
}

/// A session ready to be shown, and how it came to be.
pub struct Loaded {
    pub session: Session,
    /// The preset it was opened from, for the preset menu.
    pub preset: Option<&'static str>,
    pub notice: Option<Notice>,
}

pub enum Action {
    /// Console lines: typed in the console or produced by a button.
    Run(Vec<String>),
    /// The editor's text, applied with `kubectl apply -f -`.
    Apply(String),
    /// A Play tick; ignored once paused (a tick may already be queued).
    Tick(u64),
    /// Step: advance regardless of Play.
    Advance(u64),
    SetPlaying(bool),
    SetSpeed(u32),
    Select(Option<String>),
    Load(Box<Loaded>),
    Notify(Option<Notice>),
}

#[derive(Clone)]
pub struct Model {
    /// Shared with event listeners (autosave on page hide) that need the live session.
    pub session: Rc<RefCell<Session>>,
    pub nodes: Rc<Vec<Rc<NodeView>>>,
    pub unbound: Rc<Vec<PodView>>,
    pub daemonsets: Rc<Vec<DaemonSetView>>,
    /// Counts over the whole cluster, whatever the grid renders.
    pub totals: ClusterTotals,
    /// DaemonSet names, for "no pod of X here" on tiles.
    pub ds_names: Rc<Vec<String>>,
    pub now_ms: u64,
    pub now: String,
    pub log: Rc<Vec<Rc<LogEntry>>>,
    pub selected: Option<String>,
    pub explanations: Rc<Vec<Explanation>>,
    pub playing: bool,
    /// Play speed in tenths (5 = 0.5×, 200 = 20×), an integer so it compares exactly.
    pub speed_tenths: u32,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub notice: Option<Notice>,
    /// What the editor shows; replaced (and `editor_version` bumped) when a scenario loads.
    pub editor_doc: Rc<str>,
    pub editor_version: u32,
    pub preset: Option<&'static str>,
    /// Bumped when the script or the time position worth saving changed: drives autosave.
    pub save_version: u64,
}

impl Model {
    pub fn new(loaded: Loaded) -> Model {
        let mut model = Model {
            session: Rc::new(RefCell::new(Session::default())),
            nodes: Rc::default(),
            unbound: Rc::default(),
            daemonsets: Rc::default(),
            totals: ClusterTotals::default(),
            ds_names: Rc::default(),
            now_ms: 0,
            now: String::new(),
            log: Rc::default(),
            selected: None,
            explanations: Rc::default(),
            playing: false,
            speed_tenths: 10,
            diagnostics: Rc::default(),
            notice: None,
            editor_doc: Rc::from(""),
            editor_version: 0,
            preset: None,
            save_version: 0,
        };
        model.load(loaded);
        model
    }

    fn load(&mut self, loaded: Loaded) {
        let doc =
            script::last_heredoc_body(loaded.session.script()).unwrap_or_else(|| presets::EXAMPLE_MANIFEST.to_string());
        self.selected = None;
        self.playing = false;
        let mut session = loaded.session;
        self.refresh(&mut session);
        // Only a re-entrant load could find the session borrowed; then the old one stays.
        if let Ok(mut current) = self.session.try_borrow_mut() {
            *current = session;
        }
        self.editor_doc = Rc::from(doc);
        self.editor_version += 1;
        self.preset = loaded.preset;
        self.notice = loaded.notice;
        self.diagnostics = Rc::default();
        self.save_version += 1;
    }

    /// Brings the snapshots up to date with the session. The session's view cache rebuilds
    /// only what changed and keeps the `Rc`s of the rest, so an idle tick costs next to nothing
    /// and memoised components skip unchanged parts.
    fn refresh(&mut self, session: &mut Session) {
        let changes = session.refresh_view();
        let view = session.view();
        if changes.nodes || self.nodes.len() != view.nodes().len() {
            self.nodes = Rc::clone(view.nodes());
        }
        if changes.unbound {
            self.unbound = Rc::clone(view.unbound_pods());
        }
        if changes.daemonsets || !Rc::ptr_eq(&self.daemonsets, view.daemonsets()) {
            self.daemonsets = Rc::clone(view.daemonsets());
            let names: Vec<String> = self.daemonsets.iter().map(|d| d.name.clone()).collect();
            if *self.ds_names != names {
                self.ds_names = Rc::new(names);
            }
        }
        self.totals = view.totals();
        self.now_ms = view.now_ms();
        if self.now != view.now() {
            self.now = view.now().to_string();
        }
        let log_changed = match (self.log.last(), session.log().last()) {
            (Some(a), Some(b)) => a.id != b.id || self.log.len() != session.log().len(),
            (None, None) => false,
            _ => true,
        };
        if log_changed {
            self.log = Rc::new(session.log().to_vec());
        }
        if let Some(name) = &self.selected
            && self.nodes.binary_search_by(|n| n.name.as_str().cmp(name)).is_err()
        {
            self.selected = None;
        }
        let explanations = match &self.selected {
            Some(name) => session.explain(name),
            None => Vec::new(),
        };
        if *self.explanations != explanations {
            self.explanations = Rc::new(explanations);
        }
    }

    /// Single-line commands run so far, oldest first, for the console's Up arrow.
    pub fn history(&self) -> Vec<String> {
        self.log.iter().filter(|e| !e.replay).map(|e| e.input.clone()).collect()
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        if let Action::Load(loaded) = action {
            next.load(*loaded);
            return Rc::new(next);
        }
        // A re-entrant dispatch (an event fired while the session is being changed) is
        // dropped rather than allowed to panic on the borrow.
        let Ok(mut session) = self.session.try_borrow_mut() else {
            return self;
        };
        match action {
            Action::Run(lines) => {
                for line in lines {
                    let line = line.trim();
                    if line.len() > MAX_INPUT_BYTES {
                        next.notice = Some(Notice::error("That line is too long (over 1 MiB)."));
                    } else if !line.is_empty() {
                        session.run_line(line);
                    }
                }
                next.save_version += 1;
            }
            Action::Apply(text) => {
                if text.len() > MAX_INPUT_BYTES {
                    next.diagnostics = Rc::new(vec![Diagnostic {
                        line: None,
                        column: None,
                        message: "The manifest is larger than 1 MiB.".to_string(),
                    }]);
                } else {
                    let output = session.run(&script::apply_command(&text));
                    let stderr: String = output
                        .chunks
                        .iter()
                        .filter(|(s, _)| *s == dsplay_console::Stream::Stderr)
                        .map(|(_, t)| t.as_str())
                        .collect();
                    // The console knows where each manifest error is (also for validation and decode
                    // errors, whose kubectl wording has no position); else read the text.
                    let positioned: Vec<Diagnostic> = session
                        .last_diagnostics()
                        .iter()
                        .map(|d| Diagnostic { line: Some(d.line), column: Some(d.column), message: d.message.clone() })
                        .collect();
                    next.diagnostics = Rc::new(if output.exit_code == 0 {
                        Vec::new()
                    } else if positioned.is_empty() {
                        script::diagnostics(&stderr)
                    } else {
                        positioned
                    });
                    next.save_version += 1;
                }
            }
            Action::Tick(ms) => {
                if next.playing {
                    session.advance(ms);
                }
            }
            Action::Advance(ms) => {
                session.advance(ms);
                next.save_version += 1;
            }
            Action::SetPlaying(playing) => {
                next.playing = playing;
                if !playing {
                    next.save_version += 1;
                }
            }
            Action::SetSpeed(tenths) => next.speed_tenths = tenths.clamp(1, 1000),
            Action::Select(node) => next.selected = node,
            Action::Notify(notice) => next.notice = notice,
            Action::Load(_) => {}
        }
        next.refresh(&mut session);
        drop(session);
        Rc::new(next)
    }
}
