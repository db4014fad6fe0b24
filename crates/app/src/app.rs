//! The root component: builds the model, runs the clock while playing, autosaves, follows
//! shared links, loads the editor bundle after first paint, and lays out the panels.

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::render::{AnimationFrame, request_animation_frame};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::embed::{self, EmbedOptions, Request};
use crate::model::{Action, Loaded, Model, Notice, Reply};
use crate::presets::Preset;
use crate::session::Session;
use crate::ui::add_node::{AddNodeProps, add_node_form};
use crate::ui::console_panel::{ConsoleProps, console_panel};
use crate::ui::controls::{ControlsProps, STEP_MS, controls};
use crate::ui::daemonsets::{DaemonSetPanelProps, daemonset_panel};
use crate::ui::editor::Editor;
use crate::ui::node_panel::{NodePanelProps, node_panel};
use crate::ui::tiles::ClusterGrid;
use crate::ui::tour::{TourPanelProps, tour_panel};
use crate::{browser, presets, share, startup};

/// How long after the last key the editor's text is previewed.
const DRAFT_PREVIEW_MS: u32 = 60;

/// A frame that comes this late (a hidden tab, a debugger) advances this much wall time at most.
const MAX_FRAME_MS: f64 = 100.0;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Start from this script (`Some("")` = an empty cluster) instead of a shared link, the
    /// autosaved session or the walkthrough. Such an app (tests, embeds) neither reads nor
    /// writes localStorage.
    #[prop_or_default]
    pub initial_script: Option<String>,
    /// Load the CodeMirror bundle (`editor.js`) after first paint; test pages have none.
    #[prop_or(true)]
    pub load_editor: bool,
    /// Embedded in another page (`index.html?embed`): compact chrome, the message API, no
    /// storage (see `embed.rs`).
    #[prop_or_default]
    pub embed: Option<EmbedOptions>,
}

/// What `yew::Renderer::<App>::new()` mounts: the full page (link, autosave, editor bundle).
impl Default for AppProps {
    fn default() -> Self {
        AppProps { initial_script: None, load_editor: true, embed: None }
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let persist = props.initial_script.is_none() && props.embed.is_none();
    let embedded = props.embed.is_some();
    // What opens once mounted: an embed's preset that is not compiled in (fetched), or a link
    // (inflated by the browser).
    let deferred = use_mut_ref(|| None::<startup::Deferred>);
    let model = {
        let (initial, embed, deferred) = (props.initial_script.clone(), props.embed.clone(), deferred.clone());
        use_reducer(move || {
            Model::new(match (initial, embed) {
                (Some(script), _) => startup::open_script(&script, "Initial script").unwrap_or_else(|e| Loaded {
                    session: Session::default(),
                    tour: None,
                    draft: None,
                    preset: None,
                    notice: Some(Notice::error(format!("The initial script could not run: {e}"))),
                }),
                (None, Some(options)) => {
                    let (loaded, later) = startup::embedded(&options);
                    *deferred.borrow_mut() = later;
                    loaded
                }
                (None, None) => {
                    let (loaded, later) = startup::initial();
                    *deferred.borrow_mut() = later;
                    loaded
                }
            })
        })
    };
    let dispatch = model.dispatcher();
    // An embed: its theme, speed and preset, then the message API of the page around it, and
    // `dsplay:ready` once the scenario is there (after its preset arrived, if fetched); from
    // then on the model announces every change.
    {
        let (dispatch, embed, announce) = (dispatch.clone(), props.embed.clone(), Rc::clone(&model.announce));
        use_effect_with((), move |_| {
            if embed.is_none()
                && let Some(later) = deferred.borrow_mut().take()
            {
                open_deferred(dispatch.clone(), later, || ());
            }
            let listener = embed.map(|options| {
                browser::set_theme(options.theme.attribute());
                if let Some(tenths) = options.speed_tenths {
                    dispatch.dispatch(Action::SetSpeed(tenths));
                }
                let ready = move || {
                    announce.set(true);
                    browser::post_to_parent(r#"{"type":"dsplay:ready"}"#, None);
                };
                match deferred.borrow_mut().take() {
                    Some(later) => open_deferred(dispatch.clone(), later, ready),
                    None => ready(),
                }
                listen_to_host(dispatch)
            });
            move || drop(listener)
        });
    }
    // The embed's "Open in playground" link carries the scenario as it is now, as a share
    // link (`#s1:`, deflated by the browser, so made asynchronously; the latest wins).
    let open_href = use_state_eq(|| if embedded { browser::page_url(None) } else { String::new() });
    {
        let (session, open_href, latest) = (model.session.clone(), open_href.clone(), use_mut_ref(|| 0u64));
        use_effect_with((model.save_version, model.playing), move |_| {
            if embedded {
                // An effect runs after the reducer let go of the session (see `Model::session`).
                let script = session.borrow().script_with_time();
                let ticket = {
                    let mut latest = latest.borrow_mut();
                    *latest += 1;
                    *latest
                };
                wasm_bindgen_futures::spawn_local(async move {
                    let fragment = browser::encode_fragment(&script).await.ok();
                    if *latest.borrow() == ticket {
                        open_href.set(browser::page_url(fragment.as_deref()));
                    }
                });
            }
        });
    }

    // Play: every animation frame advances the clock by the wall time since the last frame
    // times the speed. Each frame's simulation work is then the work of that slice of time, not
    // of a fixed 100 ms tick's worth, which keeps a frame short during a 5,000-node rollout.
    {
        let dispatch = dispatch.clone();
        use_effect_with((model.playing, model.speed_tenths), move |(playing, tenths)| {
            let frames = playing.then(|| play_frames(dispatch, *tenths));
            // The pending frame's closure holds the handle: take it out to cancel and free it.
            move || {
                if let Some(frames) = frames
                    && let Ok(mut slot) = frames.try_borrow_mut()
                {
                    slot.take();
                }
            }
        });
    }

    // The simulation's work runs in slices (`Action::Work`), each its own task, so typing and
    // clicks are taken between slices. A slice with nothing to show yet renders nothing.
    {
        let dispatch = dispatch.clone();
        let work_left = Rc::clone(&model.work_left);
        use_effect_with(model.busy || model.previewing, move |busy| {
            let pump = busy.then(|| pump_work(dispatch, work_left));
            move || {
                if let Some(pump) = pump
                    && let Ok(mut slot) = pump.try_borrow_mut()
                {
                    slot.take();
                }
            }
        });
    }

    // Autosave whenever the script (or a paused time position) changed.
    let autosave = {
        let failed = use_mut_ref(|| false);
        Autosave {
            session: model.session.clone(),
            draft: model.draft.clone(),
            tour: model.saved_tour.clone(),
            dispatch: dispatch.clone(),
            failed,
        }
    };
    {
        let autosave = autosave.clone();
        use_effect_with(model.save_version, move |_| {
            if persist {
                autosave.save();
                // A link in the address bar no longer describes the session once it changes.
                if startup::is_link(&browser::fragment()) {
                    let _ = browser::set_fragment(None);
                }
            }
        });
    }

    // Save on leaving too (time may have passed while playing), and follow pasted links.
    {
        let (autosave, dispatch) = (autosave.clone(), dispatch.clone());
        use_effect_with((), move |_| {
            let listeners = persist.then(|| {
                let window = gloo::utils::window();
                let on_hide = {
                    let autosave = autosave.clone();
                    EventListener::new(&window, "pagehide", move |_| autosave.save())
                };
                let on_hidden = EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                    if gloo::utils::document().hidden() {
                        autosave.save();
                    }
                });
                let on_hash = EventListener::new(&window, "hashchange", move |_| {
                    let fragment = browser::fragment();
                    if startup::is_link(&fragment) {
                        open_deferred(dispatch.clone(), startup::consume_link(&fragment), || ());
                    }
                });
                [on_hide, on_hidden, on_hash]
            });
            move || drop(listeners)
        });
    }

    // The editor bundle: requested only after the first paint.
    use_effect_with(props.load_editor, |load| {
        let timeout = (*load && !browser::has_ds_editor()).then(|| {
            Timeout::new(0, || {
                if let Err(e) = browser::load_editor_script() {
                    gloo::console::warn!(format!("Could not load the code editor: {e}"));
                }
            })
        });
        move || drop(timeout)
    });

    // The editor's text is saved as a draft half a second after typing stops, so that a
    // reload, a crash or a closed tab keeps it.
    // It is previewed a moment after typing stops (`Action::Draft`): soon enough that the
    // preview shows within 300 ms of the last key at 5,000 nodes, late enough that a burst
    // of keys forks the cluster once.
    let on_change = {
        let (autosave, pending, previewing) =
            (autosave.clone(), use_mut_ref(|| None::<Timeout>), use_mut_ref(|| None::<Timeout>));
        let dispatch = dispatch.clone();
        use_callback((), move |text: String, _| {
            let draft = {
                let (dispatch, text) = (dispatch.clone(), text.clone());
                Timeout::new(DRAFT_PREVIEW_MS, move || dispatch.dispatch(Action::Draft(text)))
            };
            if let Ok(mut slot) = previewing.try_borrow_mut() {
                *slot = Some(draft);
            }
            // Embeds and test pages keep nothing.
            if persist {
                *autosave.draft.borrow_mut() = Some(text);
                let autosave = autosave.clone();
                *pending.borrow_mut() = Some(Timeout::new(500, move || autosave.save()));
            }
        })
    };
    let on_apply = {
        let dispatch = dispatch.clone();
        use_callback((), move |text: String, _| dispatch.dispatch(Action::Apply(text)))
    };
    let on_apply_b = {
        let dispatch = dispatch.clone();
        use_callback((), move |text: String, _| dispatch.dispatch(Action::ApplyB(text)))
    };
    let on_preset = {
        let dispatch = dispatch.clone();
        use_callback((), move |id: String, _| {
            if let Some(preset) = presets::find(&id) {
                load_preset(dispatch.clone(), preset, || ());
            }
        })
    };
    let on_select = {
        let dispatch = dispatch.clone();
        use_callback((), move |name: String, _| dispatch.dispatch(Action::Select(Some(name))))
    };
    // The typed callbacks the panels get: each sends one kind of action, so a panel knows
    // only what it may ask for.
    let on_run = send(&dispatch, Action::Run);
    let on_copy_link = {
        let (session, dispatch) = (model.session.clone(), dispatch.clone());
        use_callback((), move |_: (), _| copy_link(&session, &dispatch))
    };
    // Export: the scenario's manifests and a bash script for a real cluster, as two downloads
    // made when asked (what `dsplay export --manifests|--kubectl` prints).
    // Blob URLs: a data: URL of a big scenario passes Chromium's 2 MB URL limit.
    let exports = use_state(|| None::<Rc<(String, String)>>);
    let on_export = {
        let (session, exports) = (model.session.clone(), exports.clone());
        move |_: MouseEvent| {
            if let Some(files) = &*exports {
                browser::revoke_object_urls(&[&files.0, &files.1]);
                return exports.set(None);
            }
            // A listener never runs while the reducer holds the session (see `Model::session`).
            let session = session.borrow();
            let manifests = dsplay_console::export::manifests(session.simulation());
            let script =
                dsplay_console::export::kubectl_script(&session.script_with_time(), dsplay_console::Console::new())
                    .unwrap_or_default();
            exports.set(Some(Rc::new((
                browser::object_url("application/yaml", &manifests),
                browser::object_url("text/x-shellscript", &script),
            ))));
        }
    };
    // Files made before a change no longer describe the session.
    {
        let exports = exports.clone();
        use_effect_with(model.save_version, move |_| {
            if let Some(files) = &*exports {
                browser::revoke_object_urls(&[&files.0, &files.1]);
                exports.set(None);
            }
        });
    }
    let dismiss = {
        let dispatch = dispatch.clone();
        move |_| dispatch.dispatch(Action::Notify(None))
    };

    // The node panel comes into view when another node is picked.
    use_effect_with(model.selected.clone(), |selected| {
        if selected.is_some() {
            crate::ui::node_panel::scroll_into_view();
        }
    });
    let selected = model.selected.as_ref().and_then(|name| {
        model
            .cluster
            .nodes
            .binary_search_by(|n| n.name.as_str().cmp(name))
            .ok()
            .map(|i| Rc::clone(&model.cluster.nodes[i]))
    });
    let history = use_memo(model.log.clone(), |_| model.history());
    // The console's place in its history (Up/Down).
    let console_cursor = use_memo((), |_| std::cell::Cell::new(None::<usize>));

    let (show_editor, show_console) = match &props.embed {
        Some(options) => (options.editor, options.console),
        None => (true, true),
    };
    let comparing = model.compare.is_some();
    let grid = |cluster: &crate::model::Cluster, preview| {
        html! {
            <ClusterGrid
                nodes={Rc::clone(&cluster.nodes)}
                unbound={Rc::clone(&cluster.unbound)}
                ds_names={Rc::clone(&cluster.ds_names)}
                totals={cluster.totals}
                selected={model.selected.clone()}
                {preview}
                on_select={on_select.clone()}
            />
        }
    };
    // One editor per variant: A's (with its draft's preview) and, in compare mode, B's.
    let editor = |label: &'static str, b: Option<&crate::model::VariantB>| {
        let (doc, diagnostics, on_apply, on_change, preview, alert) = match b {
            Some(b) => {
                (Rc::clone(&b.editor_doc), Rc::clone(&b.diagnostics), on_apply_b.clone(), Callback::noop(), None, true)
            }
            None => (
                model.draft_text.clone().unwrap_or_else(|| Rc::clone(&model.editor_doc)),
                Rc::clone(&model.diagnostics),
                on_apply.clone(),
                on_change.clone(),
                model.preview.as_ref().map(|p| p.summary.clone()),
                !model.diagnostics_previewed,
            ),
        };
        html! {
            <Editor {doc} doc_version={model.editor_version} {diagnostics} diagnostics_alert={alert} {preview}
                {on_apply} {on_change} upgrade={props.load_editor} {label} />
        }
    };
    let on_chart = {
        let dispatch = dispatch.clone();
        Callback::from(move |name: String| dispatch.dispatch(Action::ChartOf(name)))
    };
    let ds_panel = |cluster: &crate::model::Cluster, overlay: Option<&crate::model::Cluster>, chart: bool| {
        daemonset_panel(&DaemonSetPanelProps {
            daemonsets: &cluster.daemonsets,
            now_ms: model.now_ms,
            overlay: overlay.map(|b| b.daemonsets.as_slice()),
            chart,
            charted: model.charted.as_deref(),
            on_chart: on_chart.clone(),
        })
    };
    // (The chart, the costly part of them, keeps its markup while nothing it shows changed:
    // see `rollout_chart`.)
    let panels = match &model.compare {
        Some(b) => (ds_panel(&model.cluster, Some(&b.cluster), true), ds_panel(&b.cluster, None, false)),
        None => (ds_panel(&model.cluster, None, true), Html::default()),
    };
    let on_compare = {
        let dispatch = dispatch.clone();
        move |_: MouseEvent| dispatch.dispatch(Action::Compare(!comparing))
    };
    html! {
        <div class={classes!("app", embedded.then_some("embed"))}>
            <header class="topbar">
                if !embedded {
                    <h1>{ "DaemonSet Playground" }</h1>
                }
                { controls(&ControlsProps {
                    embedded,
                    playing: model.playing,
                    speed_tenths: model.speed_tenths,
                    now: model.now.clone(),
                    now_ms: model.now_ms,
                    preset: model.preset,
                    on_play: send(&dispatch, Action::SetPlaying),
                    on_step: send(&dispatch, |()| Action::Advance(STEP_MS)),
                    on_speed: send(&dispatch, Action::SetSpeed),
                    on_preset,
                    on_copy_link,
                }) }
                if !embedded {
                    <button type="button" aria-expanded={exports.is_some().to_string()} onclick={on_export}>{ "Export" }</button>
                    <button type="button" aria-pressed={comparing.to_string()} onclick={on_compare}>{ "Compare" }</button>
                }
                if let Some(files) = &*exports {
                    <div class="export-files" role="group" aria-label="Export files">
                        <a download="manifests.yaml" href={files.0.clone()}>{ "manifests.yaml" }</a>
                        <a download="scenario.sh" href={files.1.clone()}>{ "scenario.sh" }</a>
                    </div>
                }
                if embedded {
                    <a class="open-full" href={(*open_href).clone()} target="_blank" rel="noopener">
                        { "Open in playground" }
                    </a>
                }
            </header>
            if let Some(notice) = &model.notice {
                <div class={classes!("notice", notice.error.then_some("error"))}
                    role={if notice.error { "alert" } else { "status" }}>
                    <span>{ &notice.text }</span>
                    <button type="button" class="quiet" onclick={dismiss} aria-label="Dismiss message">{ "✕" }</button>
                </div>
            }
            <main class={classes!("layout", comparing.then_some("comparing"))}>
                <div class="main-column">
                    if !embedded {
                        { add_node_form(&AddNodeProps { nodes: Rc::clone(&model.cluster.nodes), on_run: on_run.clone() }) }
                    }
                    if let Some(b) = &model.compare {
                        <div class="compare">
                            <section class="variant" data-variant="a" aria-label="Variant A">
                                <h2 class="variant-title">{ "A" }</h2>
                                { grid(&model.cluster, model.preview.clone()) }
                                { editor("Manifest A", None) }
                                { panels.0.clone() }
                            </section>
                            <section class="variant" data-variant="b" aria-label="Variant B">
                                <h2 class="variant-title">{ "B" }</h2>
                                { grid(&b.cluster, None) }
                                { editor("Manifest B", Some(b)) }
                                { panels.1.clone() }
                            </section>
                        </div>
                    } else {
                        { grid(&model.cluster, model.preview.clone()) }
                    }
                    if show_console {
                        { console_panel(&ConsoleProps {
                            log: Rc::clone(&model.log),
                            history,
                            on_run: on_run.clone(),
                            cursor: Rc::clone(&console_cursor),
                        }) }
                    }
                </div>
                <div class="side-column">
                    if let Some((tour, done)) = &model.tour {
                        { tour_panel(&TourPanelProps {
                            tour: Rc::clone(tour),
                            done: *done,
                            on_previous: send(&dispatch, |()| Action::TourPrevious),
                            on_next: send(&dispatch, |()| Action::TourNext),
                        }) }
                    }
                    if let Some(node) = selected {
                        { node_panel(&NodePanelProps {
                            node,
                            explanations: Rc::clone(&model.explanations),
                            has_daemonsets: !model.cluster.ds_names.is_empty(),
                            on_run: on_run.clone(),
                            on_close: send(&dispatch, |()| Action::Select(None)),
                        }) }
                    }
                    if !comparing {
                        if show_editor {
                            { editor("Manifest", None) }
                        }
                        { panels.0.clone() }
                    }
                </div>
            </main>
        </div>
    }
}

/// A callback that sends the action `make` builds from its argument.
fn send<T: 'static>(dispatch: &UseReducerDispatcher<Model>, make: impl Fn(T) -> Action + 'static) -> Callback<T> {
    let dispatch = dispatch.clone();
    Callback::from(move |value| dispatch.dispatch(make(value)))
}

/// Opens what could not be opened before the page was mounted (`done` runs once it is there
/// or has failed).
fn open_deferred(dispatch: UseReducerDispatcher<Model>, later: startup::Deferred, done: impl FnOnce() + 'static) {
    match later {
        startup::Deferred::Preset(preset) => load_preset(dispatch, preset, done),
        startup::Deferred::Link { fragment, embed } => wasm_bindgen_futures::spawn_local(async move {
            let decoded = browser::decode_fragment(&fragment).await;
            let loaded = match embed {
                Some(problems) => startup::embedded_from_decoded(decoded, problems),
                None => startup::from_decoded(decoded),
            };
            dispatch.dispatch(Action::Load(Box::new(loaded)));
            done();
        }),
    }
}

/// Opens a preset: at once when compiled in, else fetched (`done` runs when it is there or
/// has failed).
fn load_preset(dispatch: UseReducerDispatcher<Model>, preset: &'static Preset, done: impl FnOnce() + 'static) {
    if preset.bundled_script().is_some() {
        dispatch.dispatch(Action::Load(Box::new(startup::open_preset(preset))));
        return done();
    }
    dispatch.dispatch(Action::Notify(Some(Notice::info(format!("Loading “{}”…", preset.title)))));
    wasm_bindgen_futures::spawn_local(async move {
        match browser::fetch_text(&preset.path()).await {
            Ok(script) => dispatch.dispatch(Action::Load(Box::new(startup::open_preset_script(preset, &script)))),
            Err(e) => dispatch.dispatch(Action::Notify(Some(Notice::error(format!(
                "The preset “{}” could not be loaded: {e}.",
                preset.title
            ))))),
        }
        done();
    });
}

/// The message API of an embed: requests from the parent window only, each answered to the
/// origin that sent it. Nothing a message holds can make this throw.
fn listen_to_host(dispatch: UseReducerDispatcher<Model>) -> EventListener {
    EventListener::new(&gloo::utils::window(), "message", move |event| {
        let Some(event) = wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(event) else { return };
        if !browser::from_parent(event) {
            return;
        }

        let origin = event.origin();
        let reply: Reply = Box::new(move |message| browser::post_to_parent(&message, Some(&origin)));
        match embed::parse_request(browser::read_message(event)) {
            Request::Run { id, commands } => {
                dispatch.dispatch(Action::Commands { commands, so_far: Default::default(), reply: Some((id, reply)) })
            }
            Request::State { id } => dispatch.dispatch(Action::StateRequest { id, reply }),
            Request::Malformed { id, reason } => reply(embed::malformed_reply(&id, &reason)),
            Request::Ignore => {}
        }
    })
}

/// Requests animation frames until dropped; each one dispatches a Play tick.
fn play_frames(dispatch: UseReducerDispatcher<Model>, tenths: u32) -> Rc<std::cell::RefCell<Option<AnimationFrame>>> {
    let handle: Rc<std::cell::RefCell<Option<AnimationFrame>>> = Rc::default();
    // (last frame's timestamp, simulated milliseconds not yet advanced, in tenths of a ms)
    let state = Rc::new(std::cell::Cell::new((None::<f64>, 0_u64)));
    fn schedule(
        handle: Rc<std::cell::RefCell<Option<AnimationFrame>>>,
        state: Rc<std::cell::Cell<(Option<f64>, u64)>>,
        dispatch: UseReducerDispatcher<Model>,
        tenths: u32,
    ) {
        let next = Rc::clone(&handle);
        let frame = request_animation_frame(move |now| {
            let (last, carry) = state.get();
            let wall = last.map_or(0.0, |last| (now - last).clamp(0.0, MAX_FRAME_MS));
            // Tenths of a simulated millisecond: speed is in tenths, so this stays exact.
            let total = carry + (wall * f64::from(tenths)) as u64;
            state.set((Some(now), total % 10));
            if total >= 10 {
                dispatch.dispatch(Action::Tick(total / 10));
            }
            schedule(next, state, dispatch, tenths);
        });
        // Dropping the previous frame's handle is fine: it has fired.
        if let Ok(mut slot) = handle.try_borrow_mut() {
            *slot = Some(frame);
        }
    }
    schedule(Rc::clone(&handle), state, dispatch, tenths);
    handle
}

/// Dispatches `Action::Work` from one task after another while `work_left` holds; dropping
/// the pending timeout (taken out of the returned slot) stops it.
fn pump_work(
    dispatch: UseReducerDispatcher<Model>,
    work_left: Rc<std::cell::Cell<bool>>,
) -> Rc<std::cell::RefCell<Option<Timeout>>> {
    fn arm(
        handle: Rc<std::cell::RefCell<Option<Timeout>>>,
        dispatch: UseReducerDispatcher<Model>,
        work_left: Rc<std::cell::Cell<bool>>,
    ) {
        let next = Rc::clone(&handle);
        let timeout = Timeout::new(0, move || {
            if work_left.get() {
                dispatch.dispatch(Action::Work);
                arm(next, dispatch, work_left);
            }
        });
        if let Ok(mut slot) = handle.try_borrow_mut() {
            *slot = Some(timeout);
        }
    }
    let handle: Rc<std::cell::RefCell<Option<Timeout>>> = Rc::default();
    arm(Rc::clone(&handle), dispatch, work_left);
    handle
}

/// What the full page saves, shared with the listeners that save it.
#[derive(Clone)]
struct Autosave {
    session: Rc<std::cell::RefCell<Session>>,
    draft: Rc<std::cell::RefCell<Option<String>>>,
    tour: Rc<std::cell::RefCell<Option<crate::tour::TourAt>>>,
    dispatch: UseReducerDispatcher<Model>,
    /// A failure is reported once, until a save works again.
    failed: Rc<std::cell::RefCell<bool>>,
}

impl Autosave {
    /// Writes the session, with the editor's draft if it is not what the editor would show
    /// anyway, to localStorage; reports a failure (storage full, blocked) once.
    fn save(&self) {
        // Saved from an effect, a page-hide listener or a timer: never inside the reducer
        // (see `Model::session`).
        let session = self.session.borrow();
        let script = session.script_with_time();
        let shown = crate::script::editor_text(session.script());
        drop(session);
        let draft = self.draft.borrow().clone().filter(|d| *d != shown);
        let tour = self.tour.borrow().as_ref().map(|(t, step)| (t.source.clone(), *step));
        let saved = share::Saved { script, draft, tour };
        match browser::storage_set(browser::SESSION_KEY, &share::encode_stored(&saved)) {
            Ok(()) => *self.failed.borrow_mut() = false,
            Err(e) => {
                if !std::mem::replace(&mut *self.failed.borrow_mut(), true) {
                    self.dispatch.dispatch(Action::Notify(Some(Notice::error(format!(
                        "Not saved in this browser ({e}); the session still works, and Copy link keeps it."
                    )))));
                }
            }
        }
    }
}

/// Puts the scenario in the URL fragment and tries to copy the whole link.
fn copy_link(session: &std::cell::RefCell<Session>, dispatch: &UseReducerDispatcher<Model>) {
    // A listener never runs while the reducer holds the session (see `Model::session`).
    let script = session.borrow().script_with_time();
    let dispatch = dispatch.clone();
    let notify = move |notice| dispatch.dispatch(Action::Notify(Some(notice)));
    wasm_bindgen_futures::spawn_local(async move {
        let fragment = match browser::encode_fragment(&script).await {
            Ok(f) => f,
            Err(e) => return notify(Notice::error(format!("No link can hold this session: {e}."))),
        };
        if let Err(e) = browser::set_fragment(Some(&fragment)) {
            return notify(Notice::error(format!("Could not set the link: {e}.")));
        }
        let url = browser::href();
        let warning = if url.len() > share::LONG_LINK_CHARS {
            format!(" It is {} characters long; some mail and chat apps cut links that long.", url.len())
        } else {
            String::new()
        };
        notify(match browser::copy_text(&url).await {
            Ok(()) => Notice::info(format!("Link copied: opening it replays this session.{warning}")),
            Err(e) => {
                Notice::info(format!("The link is in the address bar (copying to the clipboard failed: {e}).{warning}"))
            }
        });
    });
}
