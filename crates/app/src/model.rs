//! The app's state as Yew sees it: the session (behind a `RefCell`, since the console is not
//! `Clone`) plus plain snapshots of what the page shows. Snapshots reuse the previous `Rc`s
//! for parts that did not change, so memoised components skip re-rendering them.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use dsplay_console::view::{ClusterTotals, DaemonSetView, Explanation, NodeView, PodView};
use yew::Reducible;

use crate::embed::RunResult;
use crate::script::{self, Diagnostic};
use crate::session::{LogEntry, PagePreview, PreviewOutcome, Session};
use crate::tour::TourAt;

/// Largest manifest or console line accepted: cheap insurance for a main-thread parser.
const MAX_INPUT_BYTES: usize = 1 << 20;

/// How long one slice of simulation work may hold the main thread. With the longest single
/// step (a sync's walk over 5,000 nodes, ~40 ms in wasm) typing never waits 100 ms.
const WORK_SLICE_MS: f64 = 25.0;
/// A Play tick works at most this long before the frame is drawn; the rest follows in slices.
const TICK_SLICE_MS: f64 = 8.0;
/// While work goes on, the view is brought up to date at most this often: each refresh of a
/// 5,000-node view costs about as much as a slice of work.
const BUSY_REFRESH_MS: f64 = 200.0;

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
    /// The tour the scenario is, and how many of its steps the session has run.
    pub tour: Option<TourAt>,
    /// The editor's unapplied text, restored with a saved session.
    pub draft: Option<String>,
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
    /// A slice of the simulation's pending work (the app dispatches it while `busy`), or of
    /// the preview's.
    Work,
    /// The editor's text, a moment after typing stopped: previewed when it is not applied.
    Draft(String),
    /// Compare mode on (variant B forks the session, its manifest a copy of A's) or off
    /// (variant A stays).
    Compare(bool),
    /// Variant B's editor text, applied to variant B only.
    ApplyB(String),
    /// The DaemonSet whose rollout timeline the panel draws.
    ChartOf(String),
    /// Commands to run in order, typed in the page or sent by the page that embeds this one
    /// (`dsplay:run`, answered through `reply` with their joined output); `so_far` holds what
    /// the ones already run printed when the rest waited for their work.
    Commands {
        commands: Vec<dsplay_console::ScriptCommand>,
        so_far: RunResult,
        reply: Option<(String, Reply)>,
    },
    /// `dsplay:state` from the embedding page, answered from the view once it is up to date.
    StateRequest {
        id: String,
        reply: Reply,
    },
    /// "Next step" of a tour: runs the next step's commands.
    TourNext,
    /// "Previous step": replays the tour up to the step before.
    TourPrevious,
}

/// Sends the answer (JSON text) to an embedding page's request. Requests wait their turn
/// behind earlier commands' work, like a command typed in the console, so they see the
/// cluster that work left.
pub type Reply = Box<dyn FnOnce(String)>;

/// What the page shows of one simulated cluster. Parts that did not change keep their `Rc`s,
/// so memoised components skip them.
#[derive(Clone, Default)]
pub struct Cluster {
    pub nodes: Rc<Vec<Rc<NodeView>>>,
    pub unbound: Rc<Vec<PodView>>,
    pub daemonsets: Rc<Vec<DaemonSetView>>,
    /// Counts over the whole cluster, whatever the grid renders.
    pub totals: ClusterTotals,
    /// DaemonSet names, for "no pod of X here" on tiles.
    pub ds_names: Rc<Vec<String>>,
}

impl Cluster {
    /// Brings the snapshot up to date with `session`'s view (itself brought up to date).
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
    }
}

/// Compare mode's second variant: a fork of the session when compare mode began, which every
/// console line, node action and move of the clock also reaches, and which has its own
/// manifest ("Manifest B"). Its session is borrowed only inside `reduce`, which Yew does not
/// nest, so every borrow of it holds: a borrow that could fail and be skipped would let the
/// two variants drift apart without a word.
#[derive(Clone)]
pub struct VariantB {
    pub session: Rc<RefCell<Session>>,
    pub cluster: Cluster,
    pub editor_doc: Rc<str>,
    pub diagnostics: Rc<Vec<Diagnostic>>,
}

#[derive(Clone)]
pub struct Model {
    /// Shared with event listeners (autosave on page hide, export, copy link) and effects that
    /// need the live session. The reducer borrows it mutably only inside `reduce`; a listener
    /// or an effect runs between two tasks of the page's one thread, never inside `reduce`,
    /// and the reducer dispatches no DOM event. So their borrows hold, and they borrow
    /// outright: a borrow that could fail and be skipped would drop a save or an export
    /// without a word, where a failure would be a bug for the crash report.
    pub session: Rc<RefCell<Session>>,
    pub cluster: Cluster,
    /// Compare mode: the second variant (the session above is variant A).
    pub compare: Option<VariantB>,
    /// The DaemonSet whose rollout timeline is drawn, when chosen (else the first).
    pub charted: Option<String>,
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
    /// What the editor shows: replaced (and `editor_version` bumped) when a scenario loads,
    /// and the text of the last Apply (what an editor mounted anew shows, with the draft).
    pub editor_doc: Rc<str>,
    pub editor_version: u32,
    pub preset: Option<&'static str>,
    /// The scenario's tour, if it is one, and the steps run so far (1 when it opens).
    pub tour: Option<TourAt>,
    /// `tour`, shared with the autosave listeners.
    pub saved_tour: Rc<RefCell<Option<TourAt>>>,
    /// The editor's text as the user left it (kept without a render on every key; see
    /// `Editor::on_change`), saved with the session when it is not what the editor would show.
    pub draft: Rc<RefCell<Option<String>>>,
    /// Bumped when the script or the time position worth saving changed: drives autosave.
    pub save_version: u64,
    /// The simulation has work left from the last command (it runs in slices between
    /// frames, so the page never waits for it), or commands are queued behind that work.
    pub busy: bool,
    /// `busy` as of the last action, shared with the app's work pump, which runs a slice
    /// after another while it holds without a render in between (see `App`).
    pub work_left: Rc<Cell<bool>>,
    /// When the view was last brought up to date (`performance.now()`).
    refreshed_at: f64,
    /// Commands given while busy, run in order once the work before them is done: each
    /// command sees the cluster its predecessors left, as in a script.
    queued: Rc<RefCell<Vec<Action>>>,
    /// Set by an embed once it has said `dsplay:ready`: every change is then announced to the
    /// page around it (`dsplay:change`; while Play runs, once per simulated second).
    pub announce: Rc<Cell<bool>>,
    /// `dsplay:state` requests to answer after this action's refresh.
    pending_states: Rc<RefCell<Vec<(String, Reply)>>>,
    /// The editor's text as last reported (`Action::Draft`), while it may differ from the
    /// applied manifest.
    pub draft_text: Option<Rc<str>>,
    /// What Apply of `draft_text` would do, node by node; `None` when there is nothing to
    /// preview (no draft, the applied text, an invalid manifest).
    pub preview: Option<Rc<PagePreview>>,
    /// A preview is being worked out (in slices, behind the simulation's own work).
    pub previewing: bool,
    /// The draft and the live cluster's change number the preview (shown or under way) is
    /// of: while both hold, it is current.
    preview_basis: Option<(Rc<str>, u64)>,
    /// The diagnostics shown come from a preview, not from an Apply (they are not an alert).
    pub diagnostics_previewed: bool,
}

impl Model {
    pub fn new(loaded: Loaded) -> Model {
        let mut model = Model {
            session: Rc::new(RefCell::new(Session::default())),
            cluster: Cluster::default(),
            compare: None,
            charted: None,
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
            tour: None,
            saved_tour: Rc::default(),
            draft: Rc::default(),
            save_version: 0,
            busy: false,
            work_left: Rc::default(),
            refreshed_at: 0.0,
            queued: Rc::default(),
            pending_states: Rc::default(),
            announce: Rc::default(),
            draft_text: None,
            preview: None,
            previewing: false,
            preview_basis: None,
            diagnostics_previewed: false,
        };
        model.load(loaded);
        model
    }

    fn load(&mut self, loaded: Loaded) {
        let doc = loaded.draft.clone().unwrap_or_else(|| script::editor_text(loaded.session.script()));
        *self.draft.borrow_mut() = loaded.draft.clone();
        self.draft_text = loaded.draft.map(Rc::from);
        // A new scenario ends compare mode: variant B was the old one's.
        self.compare = None;
        self.preview = None;
        self.preview_basis = None;
        self.selected = None;
        self.playing = false;
        let mut session = loaded.session;
        session.set_stepwise(true);
        // Requests of an embedding page that were waiting are answered, not dropped: the
        // page awaits them.
        for action in self.queued.take() {
            if let Action::Commands { reply: Some((id, reply)), .. } | Action::StateRequest { id, reply } = action {
                reply(crate::embed::malformed_reply(&id, "error: the scenario was replaced before this request ran\n"));
            }
        }
        self.busy = false;
        self.work_left.set(false);
        self.refresh(&mut session);
        // A load runs before `reduce` borrows the session, and Yew does not nest `reduce`.
        *self.session.borrow_mut() = session;
        self.editor_doc = Rc::from(doc);
        self.editor_version += 1;
        self.preset = loaded.preset;
        self.tour = loaded.tour;
        *self.saved_tour.borrow_mut() = self.tour.clone();
        self.notice = loaded.notice;
        self.diagnostics = Rc::default();
        self.save_version += 1;
        let shared = Rc::clone(&self.session);
        let mut session = shared.borrow_mut();
        session.cancel_preview();
        self.previewing = false;
        self.update_preview(&mut session);
        drop(session);
        // A draft restored with the session is previewed at once: the pump must see that work.
        self.work_left.set(self.busy || self.previewing);
    }

    /// Starts a preview of the draft when it is not current (the draft or the cluster
    /// changed) and the cluster is still: while work is left or Play runs, the preview shown
    /// waits. The applied manifest itself, or a pasted node table, has none.
    fn update_preview(&mut self, session: &mut Session) {
        let Some(text) = self.draft_text.clone() else {
            if self.preview.is_some() || self.previewing {
                self.clear_preview(session);
            }
            return;
        };
        if self.busy || session.busy() || self.playing {
            return;
        }
        let stamp = session.live_stamp();
        if self.preview_basis.as_ref().is_some_and(|(t, s)| Rc::ptr_eq(t, &text) && *s == stamp) {
            return;
        }
        self.preview_basis = Some((Rc::clone(&text), stamp));
        if text.len() > MAX_INPUT_BYTES
            || script::node_table_lines(&text).is_some()
            || text.trim_end() == script::editor_text(session.script()).trim_end()
        {
            self.clear_preview(session);
            return;
        }
        self.previewing = false;
        match session.start_preview(&text) {
            Some(outcome) => self.preview_ended(outcome),
            None => self.previewing = true,
        }
    }

    fn clear_preview(&mut self, session: &mut Session) {
        session.cancel_preview();
        self.previewing = false;
        self.preview = None;
        if self.diagnostics_previewed {
            self.diagnostics = Rc::default();
            self.diagnostics_previewed = false;
        }
    }

    fn preview_ended(&mut self, outcome: PreviewOutcome) {
        self.previewing = false;
        match outcome {
            PreviewOutcome::Ready(preview) => {
                if self.diagnostics_previewed || !self.diagnostics.is_empty() {
                    self.diagnostics = Rc::default();
                }
                self.diagnostics_previewed = false;
                if self.preview.as_deref() != Some(&preview) {
                    self.preview = Some(Rc::new(preview));
                }
            }
            PreviewOutcome::Invalid(errors) => {
                self.preview = None;
                self.diagnostics = Rc::new(errors);
                self.diagnostics_previewed = true;
            }
            // Asked again once the cluster is still.
            PreviewOutcome::Stale => self.preview_basis = None,
        }
    }

    /// Brings the console's snapshot up to date with the session.
    fn refresh_log(&mut self, session: &Session) {
        let log_changed = match (self.log.last(), session.log().last()) {
            (Some(a), Some(b)) => a.id != b.id || self.log.len() != session.log().len(),
            (None, None) => false,
            _ => true,
        };
        if log_changed {
            self.log = Rc::new(session.log().to_vec());
        }
    }

    /// Brings the snapshots up to date with the session. The session's view cache rebuilds
    /// only what changed and keeps the `Rc`s of the rest, so an idle tick costs next to nothing
    /// and memoised components skip unchanged parts.
    fn refresh(&mut self, session: &mut Session) {
        self.cluster.refresh(session);
        if let Some(b) = &mut self.compare {
            b.cluster.refresh(&mut b.session.borrow_mut());
        }
        let view = session.view();
        self.now_ms = view.now_ms();
        if self.now != view.now() {
            self.now = view.now().to_string();
        }
        self.refresh_log(session);
        if let Some(name) = &self.selected
            && self.cluster.nodes.binary_search_by(|n| n.name.as_str().cmp(name)).is_err()
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

    /// Runs the simulation's pending work for one slice, then queued commands while time
    /// is left. Returns whether it ran a queued command.
    fn work(&mut self, session: &mut Session, slice_ms: f64) -> bool {
        let mut performed = false;
        let deadline = crate::browser::now_ms() + slice_ms;
        loop {
            if session.work(|| crate::browser::now_ms() >= deadline) || crate::browser::now_ms() >= deadline {
                return performed;
            }
            // Variant B's share of the same changes.
            if let Some(b) = &self.compare
                && (b.session.borrow_mut().work(|| crate::browser::now_ms() >= deadline)
                    || crate::browser::now_ms() >= deadline)
            {
                return performed;
            }
            let action = {
                let mut queued = self.queued.borrow_mut();
                if queued.is_empty() {
                    drop(queued);
                    // The cluster's own work and the commands come first; then the preview's.
                    if self.previewing
                        && let Some(outcome) = session.preview_work(|| crate::browser::now_ms() >= deadline)
                    {
                        self.preview_ended(outcome);
                    }
                    return performed;
                }
                queued.remove(0)
            };
            // A state request is answered from this slice's refresh, before later commands.
            let answers = matches!(action, Action::StateRequest { .. });
            self.perform(session, action);
            performed = true;
            if answers {
                return performed;
            }
        }
    }

    fn perform(&mut self, session: &mut Session, action: Action) {
        let next = self;
        match action {
            Action::Run(lines) => {
                let mut commands = Vec::new();
                for line in lines {
                    let line = line.trim();
                    if line.len() > MAX_INPUT_BYTES {
                        next.notice = Some(Notice::error("That line is too long (over 1 MiB)."));
                    } else if !line.is_empty() {
                        commands.push(script::command_of_line(line));
                    }
                }
                next.perform(session, Action::Commands { commands, so_far: RunResult::default(), reply: None });
            }
            Action::Apply(text) => {
                if text.len() > MAX_INPUT_BYTES {
                    next.diagnostics = Rc::new(apply_text(session, &text));
                } else if let Some(import) = script::node_table_lines(&text) {
                    // A pasted `kubectl get nodes --show-labels` table: its nodes, as console
                    // lines (recorded, so the session replays).
                    *next.draft.borrow_mut() = None;
                    match import {
                        Ok(lines) => {
                            next.diagnostics = Rc::default();
                            next.perform(session, Action::Run(lines));
                        }
                        Err(message) => {
                            next.diagnostics = Rc::new(vec![Diagnostic { line: None, column: None, message }]);
                        }
                    }
                } else {
                    // Applied, the text is the script's last manifest: no longer a draft.
                    *next.draft.borrow_mut() = None;
                    next.draft_text = None;
                    next.clear_preview(session);
                    next.diagnostics = Rc::new(apply_text(session, &text));
                    // What an editor mounted from now on shows (compare mode mounts them anew).
                    next.editor_doc = Rc::from(text.as_str());
                    next.diagnostics_previewed = false;
                    next.save_version += 1;
                }
            }
            Action::Tick(ms) => {
                if next.playing {
                    session.advance(ms);
                    next.on_variant_b(|b| b.advance(ms));
                }
            }
            Action::Advance(ms) => {
                session.advance(ms);
                next.on_variant_b(|b| b.advance(ms));
                next.save_version += 1;
            }
            Action::Compare(on) => {
                next.compare = match (on, next.compare.take()) {
                    (true, Some(b)) => Some(b),
                    (true, None) => {
                        let mut fork = session.fork();
                        let mut cluster = Cluster::default();
                        cluster.refresh(&mut fork);
                        let doc = next.draft_text.clone().unwrap_or_else(|| Rc::clone(&next.editor_doc));
                        Some(VariantB {
                            session: Rc::new(RefCell::new(fork)),
                            cluster,
                            editor_doc: doc,
                            diagnostics: Rc::default(),
                        })
                    }
                    (false, _) => None,
                };
            }
            Action::ApplyB(text) => {
                if let Some(b) = &mut next.compare {
                    b.diagnostics = Rc::new(apply_text(&mut b.session.borrow_mut(), &text));
                    b.editor_doc = Rc::from(text);
                }
            }
            Action::SetPlaying(playing) => {
                next.playing = playing;
                if !playing {
                    next.save_version += 1;
                }
            }
            Action::SetSpeed(tenths) => next.speed_tenths = tenths.clamp(1, 1000),
            Action::Select(node) => next.selected = node,
            Action::ChartOf(name) => next.charted = Some(name),
            Action::Draft(text) => {
                if next.draft_text.as_deref() != Some(text.as_str()) {
                    next.draft_text = Some(Rc::from(text));
                }
            }
            Action::Notify(notice) => next.notice = notice,
            Action::Commands { commands, mut so_far, reply } => {
                next.save_version += 1;
                let mut commands = commands.into_iter();
                while let Some(command) = commands.next() {
                    let output = session.run(&command);
                    next.on_variant_b(|b| {
                        drop(b.run(&command));
                        // One clock: a command that waits (`rollout status`, `drain`) waits as
                        // long as its own variant needs; the other catches up.
                        let (a_ms, b_ms) =
                            (session.simulation().elapsed_ms_when_idle(), b.simulation().elapsed_ms_when_idle());
                        if a_ms > b_ms {
                            b.advance(a_ms - b_ms);
                        } else if b_ms > a_ms {
                            session.advance(b_ms - a_ms);
                        }
                    });
                    if reply.is_some() {
                        so_far.add(&output);
                    }
                    if next.working(session) && commands.len() > 0 {
                        // The next command runs once this one's work is done, as in a script.
                        let rest = Action::Commands { commands: commands.collect(), so_far, reply };
                        next.queued.borrow_mut().insert(0, rest);
                        return;
                    }
                }
                if let Some((id, reply)) = reply {
                    reply(so_far.reply(&id));
                }
            }
            Action::StateRequest { id, reply } => next.pending_states.borrow_mut().push((id, reply)),
            Action::TourNext => {
                let Some((tour, done)) = next.tour.clone() else { return };
                let Some(step) = tour.steps.get(done) else { return };
                // The tour parsed as a whole, so each step's lines do too.
                let commands = dsplay_console::script::parse_script(&step.script).unwrap_or_default();
                next.tour = Some((tour, done + 1));
                *next.saved_tour.borrow_mut() = next.tour.clone();
                next.perform(session, Action::Commands { commands, so_far: RunResult::default(), reply: None });
            }
            // A Load is done before the session is borrowed, and "Previous step" becomes one.
            Action::Load(_) | Action::Work | Action::TourPrevious => {}
        }
    }

    /// Runs `f` on compare mode's variant B, if there is one.
    fn on_variant_b(&self, f: impl FnOnce(&mut Session)) {
        if let Some(b) = &self.compare {
            f(&mut b.session.borrow_mut());
        }
    }

    /// Whether the simulation (either variant's, in compare mode) has work left.
    fn working(&self, session: &Session) -> bool {
        session.busy() || self.compare.as_ref().is_some_and(|b| b.session.borrow().busy())
    }

    /// Whether `other` shows and works out the same preview.
    fn same_preview(&self, other: &Model) -> bool {
        let basis = match (&self.preview_basis, &other.preview_basis) {
            (Some((a, x)), Some((b, y))) => Rc::ptr_eq(a, b) && x == y,
            (None, None) => true,
            _ => false,
        };
        basis && self.previewing == other.previewing && self.preview == other.preview
    }

    /// What `dsplay:change` follows: a change recorded, work begun or ended, time moved.
    fn change_key(&self) -> (u64, bool, u64) {
        (self.save_version, self.busy, if self.playing { self.now_ms / 1000 } else { self.now_ms })
    }

    /// The model after an action, announced to an embedding page if it changed.
    fn announced(&self, next: Model) -> Rc<Model> {
        if next.announce.get() && next.change_key() != self.change_key() {
            crate::browser::post_to_parent(&crate::embed::change_message(next.now_ms), None);
        }
        Rc::new(next)
    }

    /// Single-line commands run so far, oldest first, for the console's Up arrow.
    pub fn history(&self) -> Vec<String> {
        self.log.iter().filter(|e| !e.replay).map(|e| e.input.clone()).collect()
    }
}

/// Applies the editor's text to `session` (refused above 1 MiB); the errors, where the editor
/// shows them.
fn apply_text(session: &mut Session, text: &str) -> Vec<Diagnostic> {
    if text.len() > MAX_INPUT_BYTES {
        return vec![Diagnostic {
            line: None,
            column: None,
            message: "The manifest is larger than 1 MiB.".to_string(),
        }];
    }
    let output = session.run(&script::apply_command(text));
    script::apply_diagnostics(&output, session.last_diagnostics())
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let action = match action {
            Action::TourPrevious => match crate::startup::tour_back(self.tour.as_ref(), self.preset) {
                Some(loaded) => Action::Load(Box::new(loaded)),
                None => return self,
            },
            action => action,
        };
        if let Action::Load(loaded) = action {
            next.load(*loaded);
            return self.announced(next);
        }
        // A re-entrant dispatch (an event fired while the session is being changed; Yew's own
        // dispatcher does not nest, so only a handler holding the session could) waits in the
        // queue, as a command given while busy does, and runs with the next slice of work; a
        // Play tick too, so that its simulated time is not lost. Only the pump's slices are
        // not kept: the next ones come by themselves. (No handler does hold it: app.rs's
        // listeners borrow it and let go before they dispatch. A load above relies on that
        // and borrows it outright.)
        let Ok(mut session) = self.session.try_borrow_mut() else {
            if !matches!(action, Action::Work) {
                self.queued.borrow_mut().push(action);
                self.work_left.set(true);
            }
            return self;
        };
        let mut working = false;
        // A command, an Apply or an advance ran in this task.
        let mut changed = false;
        // Play ticks leave the preview as it is (it is asked again on pause).
        let ticking = matches!(action, Action::Tick(_));
        match action {
            Action::Work => working = !next.work(&mut session, WORK_SLICE_MS),
            // Play waits while the last change is still being worked out; the slices show it.
            Action::Tick(_) if next.busy => {
                drop(session);
                return self;
            }
            Action::Run(_)
            | Action::Apply(_)
            | Action::ApplyB(_)
            | Action::Compare(_)
            | Action::Advance(_)
            | Action::Commands { .. }
            | Action::StateRequest { .. }
            | Action::TourNext
                if next.busy =>
            {
                next.queued.borrow_mut().push(action);
                drop(session);
                return self;
            }
            action => {
                changed = matches!(
                    action,
                    Action::Run(_)
                        | Action::Apply(_)
                        | Action::ApplyB(_)
                        | Action::Advance(_)
                        | Action::Commands { .. }
                        | Action::TourNext
                );
                let slice = if matches!(action, Action::Tick(_)) { TICK_SLICE_MS } else { WORK_SLICE_MS };
                let started = crate::browser::now_ms();
                next.perform(&mut session, action);
                // Small work is done at once, in this task, in what is left of the slice after
                // the change itself (`sim node add --count 5000` takes most of one); the rest
                // follows in slices.
                let left = slice - (crate::browser::now_ms() - started);
                if next.working(&session) && left > 0.0 {
                    next.work(&mut session, left);
                }
            }
        }
        next.busy = next.working(&session) || !next.queued.borrow().is_empty();
        if !ticking {
            next.update_preview(&mut session);
        }
        next.work_left.set(next.busy || next.previewing);
        let now = crate::browser::now_ms();
        // A state request is answered from a view brought up to date now.
        let answering = !next.pending_states.borrow().is_empty();
        if working && next.busy && !answering && now - next.refreshed_at < BUSY_REFRESH_MS {
            // A slice of work and nothing to show yet: no render either.
            drop(session);
            return self;
        }
        if working && !self.busy && !next.busy && !answering && next.previewing && next.same_preview(&self) {
            // A slice of the preview's settle that did not end it: nothing to show.
            drop(session);
            return self;
        }
        if changed && next.busy && !answering {
            // A change whose work goes on: its console line shows now, the cluster when the
            // work is done or in 200 ms. A cluster caught half way (500 of 5,000 nodes, in
            // the flowing grid) cost a render that the next slice threw away.
            next.refresh_log(&session);
            next.refreshed_at = now;
            drop(session);
            return self.announced(next);
        }
        next.refresh(&mut session);
        next.refreshed_at = now;
        let pending = next.pending_states.take();
        for (id, reply) in pending {
            reply(crate::embed::state_reply(&id, session.view()));
        }
        drop(session);
        self.announced(next)
    }
}
