//! The cluster view: one tile per node with its state, taints, labels and pod chips, made for
//! 5,000 nodes.
//!
//! - Tiles are memoised on `Rc` identity, so a tick that changes one node re-renders one tile.
//! - Nodes can be filtered (kubectl's `-l` syntax, and a state) and grouped by a label key;
//!   groups collapse and show their counts.
//! - Up to [`FULL_RENDER_LIMIT`] tiles are all rendered in a flowing grid. Beyond that the grid is
//!   virtual: tiles have a fixed height, and only the rows in view (plus a few) are in the DOM.
//!   The DOM contract (`data-node`, `data-pod`, ...) holds for every rendered tile, and the
//!   section's `data-cluster` attributes give totals for the whole cluster whatever is rendered.
//! - A mini-map draws one cell per node on a canvas (one `putImageData`); a click scrolls to
//!   that node and selects it.

use crate::session::PagePreview;
use std::collections::BTreeSet;
use std::rc::Rc;

use dsplay_console::view::{ClusterTotals, NodeView, PodView};
use dsplay_core::labels::Selector;
use gloo::events::EventListener;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlElement, ImageData};
use yew::prelude::*;

/// Render every tile up to this many (after filtering); above it, only the rows in view.
pub const FULL_RENDER_LIMIT: usize = 200;
/// Virtual mode: a row of fixed-height tiles, gap included (see `.tiles.virtual` in style.css).
const ROW_PX: f64 = 150.0;
/// A group's header row.
const HEADER_PX: f64 = 40.0;
/// Narrowest tile in virtual mode; the column count follows the viewport's width.
const TILE_MIN_PX: f64 = 200.0;
const GAP_PX: f64 = 8.0;
/// Rows rendered above and below the viewport, so fast scrolling shows no gaps.
const OVERSCAN_PX: f64 = 2.0 * ROW_PX;
/// The default grouping, when any node has it.
pub const DEFAULT_GROUP_KEY: &str = "topology.kubernetes.io/zone";
/// Pods without a node listed under the grid; more are counted, not drawn (a new DaemonSet
/// on 5,000 nodes has 5,000 of them until the scheduler catches up).
const UNBOUND_SHOWN: usize = 100;
/// The mini-map is drawn from this many nodes on.
const MINIMAP_FROM: usize = 100;
const MINIMAP_CELL_PX: usize = 4;

#[derive(Properties, PartialEq)]
pub struct GridProps {
    pub nodes: Rc<Vec<Rc<NodeView>>>,
    pub unbound: Rc<Vec<PodView>>,
    pub ds_names: Rc<Vec<String>>,
    pub totals: ClusterTotals,
    pub selected: Option<String>,
    /// What Apply of the editor's text would do on each node, while it is not applied.
    #[prop_or_default]
    pub preview: Option<Rc<PagePreview>>,
    pub on_select: Callback<String>,
}

/// The state filter next to the label filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateFilter {
    All,
    NotReady,
    Cordoned,
    PendingPod,
    MissingPod,
    Rolling,
}

impl StateFilter {
    pub const ALL: [StateFilter; 6] = [
        StateFilter::All,
        StateFilter::NotReady,
        StateFilter::Cordoned,
        StateFilter::PendingPod,
        StateFilter::MissingPod,
        StateFilter::Rolling,
    ];

    pub fn id(self) -> &'static str {
        match self {
            StateFilter::All => "all",
            StateFilter::NotReady => "notready",
            StateFilter::Cordoned => "cordoned",
            StateFilter::PendingPod => "pending",
            StateFilter::MissingPod => "missing",
            StateFilter::Rolling => "rolling",
        }
    }

    fn title(self) -> &'static str {
        match self {
            StateFilter::All => "All nodes",
            StateFilter::NotReady => "NotReady",
            StateFilter::Cordoned => "Cordoned",
            StateFilter::PendingPod => "With a Pending pod",
            StateFilter::MissingPod => "Missing a DaemonSet's pod",
            StateFilter::Rolling => "Rolling",
        }
    }

    fn from_id(id: &str) -> StateFilter {
        StateFilter::ALL.into_iter().find(|s| s.id() == id).unwrap_or(StateFilter::All)
    }

    pub fn matches(self, node: &NodeView) -> bool {
        match self {
            StateFilter::All => true,
            StateFilter::NotReady => !node.ready,
            StateFilter::Cordoned => node.unschedulable,
            StateFilter::PendingPod => node.pods.iter().any(|p| p.phase == "Pending"),
            StateFilter::MissingPod => !node.missing.is_empty(),
            StateFilter::Rolling => node.pods.iter().any(|p| p.daemonset.is_some() && (!p.up_to_date || p.terminating)),
        }
    }
}

/// One group of nodes with the same value of the grouping key (or every node, ungrouped).
pub struct Group {
    /// `key=value`, `no key`, or empty when not grouping.
    pub title: String,
    pub nodes: Vec<Rc<NodeView>>,
    pub pods: usize,
    pub pods_ready: usize,
    pub not_ready: usize,
}

/// Filters and groups nodes (name order within a group; groups by value, "no key" last).
pub fn arrange(nodes: &[Rc<NodeView>], selector: &Selector, state: StateFilter, key: &str) -> Vec<Group> {
    let mut keyed: Vec<(Option<&str>, &Rc<NodeView>)> = nodes
        .iter()
        .filter(|node| state.matches(node) && (selector.is_empty() || selector.matches_with(|k| node.label(k))))
        .map(|node| (if key.is_empty() { Some("") } else { node.label(key) }, node))
        .collect();
    // Stable: name order stays within a group.
    dsplay_core::order::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
    let mut out: Vec<Group> = keyed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|chunk| (chunk[0].0, chunk.iter().map(|(_, n)| Rc::clone(n)).collect::<Vec<_>>()))
        .map(|(value, nodes)| {
            let pods = nodes.iter().map(|n| n.pods.len()).sum();
            let pods_ready = nodes.iter().flat_map(|n| &n.pods).filter(|p| p.ready).count();
            let not_ready = nodes.iter().filter(|n| !n.ready).count();
            let title = match value {
                _ if key.is_empty() => String::new(),
                Some(v) => format!("{key}={v}"),
                None => format!("no {key}"),
            };
            Group { title, nodes, pods, pods_ready, not_ready }
        })
        .collect();
    // None sorts first; nodes without the key read better last.
    if out.first().is_some_and(|g| g.title.starts_with("no ")) {
        out.rotate_left(1);
    }
    out
}

/// A memo dependency compared by pointer: comparing 5,000 node views by value on every
/// render would cost more than the memo saves.
#[derive(Clone)]
struct ById<T>(Rc<T>);

impl<T> PartialEq for ById<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One line of the virtual layout.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Item {
    Header { group: usize },
    Row { group: usize, first: usize },
}

/// The virtual layout: items with their top offsets, and the total height.
struct Layout {
    items: Vec<(f64, Item)>,
    height: f64,
}

fn layout(groups: &[Group], collapsed: &BTreeSet<String>, columns: usize, headers: bool) -> Layout {
    let mut items = Vec::new();
    let mut y = 0.0;
    for (g, group) in groups.iter().enumerate() {
        if headers {
            items.push((y, Item::Header { group: g }));
            y += HEADER_PX;
            if collapsed.contains(&group.title) {
                continue;
            }
        }
        for first in (0..group.nodes.len()).step_by(columns.max(1)) {
            items.push((y, Item::Row { group: g, first }));
            y += ROW_PX;
        }
    }
    Layout { items, height: y }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The grid's own state (one reducer: each hook instantiation costs wasm).
#[derive(Clone, PartialEq, Default)]
struct GridUi {
    filter_text: String,
    state: Option<StateFilter>,
    /// None until the user picks: then the default key applies when any node has it.
    chosen_key: Option<String>,
    collapsed: BTreeSet<String>,
    /// The viewport's scroll offset, quantised to half a row.
    scroll_top: i64,
    viewport_size: (i32, i32),
    /// Bumped when the group picker gets focus, to list label keys added since.
    keys_epoch: u32,
    /// The node the mini-map last went to.
    target: Option<String>,
}

enum GridAction {
    Filter(String),
    State(StateFilter),
    Group(String),
    Toggle(String),
    Open(String),
    Scroll(i64),
    Size(i32, i32),
    RefreshKeys,
    Target(String),
}

impl Reducible for GridUi {
    type Action = GridAction;

    fn reduce(self: Rc<Self>, action: GridAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            GridAction::Filter(text) => next.filter_text = text,
            GridAction::State(state) => next.state = Some(state),
            GridAction::Group(key) => next.chosen_key = Some(key),
            GridAction::Toggle(title) => {
                if !next.collapsed.remove(&title) {
                    next.collapsed.insert(title);
                }
            }
            GridAction::Open(title) => {
                next.collapsed.remove(&title);
            }
            GridAction::Scroll(top) => next.scroll_top = top,
            GridAction::Size(w, h) => next.viewport_size = (w, h),
            GridAction::RefreshKeys => next.keys_epoch = next.keys_epoch.wrapping_add(1),
            GridAction::Target(name) => next.target = Some(name),
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

#[function_component]
pub fn ClusterGrid(props: &GridProps) -> Html {
    let ui = use_reducer_eq(GridUi::default);
    let send = ui.dispatcher();
    let send_cb: Callback<GridAction> = {
        let send = send.clone();
        Callback::from(move |action| send.dispatch(action))
    };
    let state = ui.state.unwrap_or(StateFilter::All);
    let viewport = use_node_ref();
    let minimap = use_node_ref();

    let nodes = Rc::clone(&props.nodes);
    let label_keys = {
        let nodes = Rc::clone(&nodes);
        // Label keys change rarely; recomputed when nodes come or go, or the picker gets focus.
        use_memo((nodes.len(), ui.keys_epoch), move |_| {
            // 5,000 nodes carry 30,000 labels over a dozen keys: set them apart, then sort those.
            let unique: dsplay_core::fasthash::FastSet<&str> =
                nodes.iter().flat_map(|n| n.labels.iter().map(|(k, _)| k.as_str())).collect();
            let mut keys: Vec<String> = unique.into_iter().map(str::to_string).collect();
            dsplay_core::order::sort(&mut keys);
            keys
        })
    };
    let group_key: String = match &ui.chosen_key {
        Some(key) => key.clone(),
        None if label_keys.iter().any(|k| k == DEFAULT_GROUP_KEY) => DEFAULT_GROUP_KEY.to_string(),
        None => String::new(),
    };
    let selector = use_memo(ui.filter_text.clone(), |text| Selector::parse(text));
    let groups = {
        let selector = selector.clone();
        use_memo(
            (ById(Rc::clone(&nodes)), (*selector).clone().ok(), state, group_key.clone()),
            move |(nodes, _, state, key)| {
                let empty = Selector::default();
                let selector = selector.as_ref().as_ref().unwrap_or(&empty);
                arrange(&nodes.0, selector, *state, key)
            },
        )
    };
    let shown: usize = groups.iter().map(|g| g.nodes.len()).sum();
    let virtual_mode = shown > FULL_RENDER_LIMIT;
    let headers = !group_key.is_empty();

    // The viewport's size on resize; scroll offsets come from onscroll.
    {
        let (viewport, send) = (viewport.clone(), send.clone());
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| {
                if let Some(el) = viewport.cast::<Element>() {
                    send.dispatch(GridAction::Size(el.client_width(), el.client_height()));
                }
            });
            move || drop(listener)
        });
    }
    let (width, height) = ui.viewport_size;
    let width = if width > 0 { f64::from(width) } else { 1000.0 };
    let height = if height > 0 { f64::from(height) } else { 640.0 };
    let columns = columns_for(width);
    let collapsed = &ui.collapsed;
    let layout = layout(&groups, collapsed, columns, headers);
    // Measure the viewport on resize, and after a render that may have moved its edges: a
    // switch to or from the virtual grid, a scrollbar that came or went. Not after every
    // render: reading `clientWidth` right after a render forces a layout in the middle of the
    // frame (a quarter of a Play frame's time at 5,000 nodes).
    {
        let (viewport, send) = (viewport.clone(), send.clone());
        use_effect_with((virtual_mode, shown == 0, layout.height > height), move |_| {
            if let Some(el) = viewport.cast::<Element>() {
                send.dispatch(GridAction::Size(el.client_width(), el.client_height()));
            }
        });
    }

    let on_select = props.on_select.clone();
    let tile = |node: &Rc<NodeView>| {
        html! {
            <NodeTile
                key={node.name.clone()}
                node={Rc::clone(node)}
                ds_names={Rc::clone(&props.ds_names)}
                selected={props.selected.as_deref() == Some(node.name.as_str())}
                preview={props.preview.as_ref().map(|p| p.on(&node.name).map_or("none", |c| c.word()))}
                on_select={on_select.clone()}
            />
        }
    };
    let toggle = |title: String| send_cb.reform(move |_: MouseEvent| GridAction::Toggle(title.clone()));
    let header = |group: &Group| {
        let open = !collapsed.contains(&group.title);
        html! {
            <div class="group-head" data-group={group.title.clone()}>
                <button type="button" class="quiet" aria-expanded={open.to_string()} onclick={toggle(group.title.clone())}
                    title={group.title.clone()}>
                    <span aria-hidden="true">{ if open { "▾ " } else { "▸ " } }</span>
                    <span class="group-title">{ &group.title }</span>
                </button>
                <span class="muted group-counts">
                    { format!("{} node{} · {}/{} pods ready", group.nodes.len(), plural(group.nodes.len()), group.pods_ready, group.pods) }
                    if group.not_ready > 0 { { format!(" · {} NotReady", group.not_ready) } }
                </span>
            </div>
        }
    };

    let body = if virtual_mode {
        let top = ui.scroll_top as f64 - OVERSCAN_PX;
        let bottom = ui.scroll_top as f64 + height + OVERSCAN_PX;
        let start = layout.items.partition_point(|(y, item)| {
            y + match item {
                Item::Header { .. } => HEADER_PX,
                Item::Row { .. } => ROW_PX,
            } < top
        });
        let end = layout.items.partition_point(|(y, _)| *y < bottom);
        let onscroll = {
            let send = send.clone();
            Callback::from(move |e: Event| {
                if let Some(el) = e.target_dyn_into::<Element>() {
                    send.dispatch(GridAction::Scroll(quantise(el.scroll_top())));
                }
            })
        };
        let columns_style = format!("display: grid; grid-template-columns: repeat({columns}, minmax(0, 1fr));");
        html! {
            // The layout styles the windowing depends on are inline, not left to the stylesheet.
            <div class="tiles-viewport" ref={viewport.clone()} {onscroll} tabindex="0"
                style="height: min(70vh, 900px); overflow-y: auto; overflow-anchor: none; position: relative;"
                aria-label={format!("Nodes, {shown} in a scrolling grid")}>
                <div class="tiles-canvas" style={format!("position: relative; height: {}px;", layout.height as i64)}>
                    { for layout.items[start..end.max(start)].iter().map(|(y, item)| match *item {
                        Item::Header { group } => html! {
                            <div key={format!("h{group}")} class="virtual-row" style={format!("position: absolute; left: 0; right: 0; top: {}px;", *y as i64)}>
                                { header(&groups[group]) }
                            </div>
                        },
                        Item::Row { group, first } => {
                            let nodes = &groups[group].nodes;
                            let last = (first + columns).min(nodes.len());
                            html! {
                                <ul key={format!("r{group}-{first}")} class="tiles virtual virtual-row"
                                    style={format!("position: absolute; left: 0; right: 0; top: {}px; {columns_style}", *y as i64)}>
                                    { for nodes[first..last].iter().map(tile) }
                                </ul>
                            }
                        }
                    }) }
                </div>
            </div>
        }
    } else {
        html! {
            <div class="tiles-flow" ref={viewport.clone()}>
                { for groups.iter().map(|group| html! {
                    <>
                        if headers { { header(group) } }
                        if !headers || !collapsed.contains(&group.title) {
                            <ul class="tiles">{ for group.nodes.iter().map(tile) }</ul>
                        }
                    </>
                }) }
            </div>
        }
    };

    // The mini-map, in display order (filtered, grouped; collapsed groups included).
    let order: Rc<Vec<Rc<NodeView>>> =
        use_memo(ById(groups.clone()), |groups| groups.0.iter().flat_map(|g| g.nodes.iter().cloned()).collect());
    {
        let (minimap, order) = (minimap.clone(), Rc::clone(&order));
        let shown_map = props.nodes.len() >= MINIMAP_FROM;
        use_effect_with((ById(order), shown_map), move |(order, _)| draw_minimap(&minimap, &order.0));
    }
    let on_minimap = {
        let (order, on_select, viewport, collapsed, send) =
            (Rc::clone(&order), props.on_select.clone(), viewport.clone(), collapsed.clone(), send.clone());
        let groups = groups.clone();
        let (headers, columns) = (headers, columns);
        Callback::from(move |e: MouseEvent| {
            let (cols, rows) = minimap_size(order.len());
            // From the click's client position: right whatever the canvas's CSS size.
            let Some(canvas) = e.target_dyn_into::<HtmlCanvasElement>() else { return };
            let rect = canvas.get_bounding_client_rect();
            if rect.width() <= 0.0 || rect.height() <= 0.0 {
                return;
            }
            let fx = (f64::from(e.client_x()) - rect.left()) / rect.width();
            let fy = (f64::from(e.client_y()) - rect.top()) / rect.height();
            let x = ((fx * cols as f64) as usize).min(cols - 1);
            let y = ((fy * rows as f64) as usize).min(rows - 1);
            let Some(node) = order.get(y * cols + x) else { return };
            let name = node.name.clone();
            // Open its group, scroll it into view, and select it.
            if let Some(group) = groups.iter().find(|g| g.nodes.iter().any(|n| n.name == name))
                && collapsed.contains(&group.title)
            {
                send.dispatch(GridAction::Open(group.title.clone()));
            }
            if let Some(top) = scroll_to(&viewport, &groups, &collapsed, &name, columns, headers, virtual_mode) {
                send.dispatch(GridAction::Scroll(top));
            }
            send.dispatch(GridAction::Target(name.clone()));
            on_select.emit(name);
        })
    };
    // Selecting a node can change the page's layout (its panel appears, a scrollbar comes), and
    // with it the column count: keep the node the mini-map went to in view when that happens.
    {
        let (viewport, groups, collapsed, send) = (viewport.clone(), groups.clone(), collapsed.clone(), send.clone());
        use_effect_with((ui.target.clone(), columns), move |(target, columns)| {
            if let Some(name) = target
                && let Some(top) = scroll_to(&viewport, &groups, &collapsed, name, *columns, headers, virtual_mode)
            {
                send.dispatch(GridAction::Scroll(top));
            }
        });
    }

    let filter_error = selector.as_ref().as_ref().err().cloned();
    let on_filter = send_cb
        .reform(|e: InputEvent| GridAction::Filter(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()));
    let on_state = send_cb.reform(|e: Event| {
        GridAction::State(StateFilter::from_id(&e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    });
    let on_group =
        send_cb.reform(|e: Event| GridAction::Group(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()));
    let on_group_focus = send_cb.reform(|_: FocusEvent| GridAction::RefreshKeys);
    let totals = props.totals;
    let filtered = shown != props.nodes.len();

    html! {
        <section class="cluster" aria-label="Cluster" data-cluster=""
            data-nodes={totals.nodes.to_string()}
            data-pods={totals.pods.to_string()}
            data-pods-ready={totals.pods_ready.to_string()}>
            <div class="cluster-head">
                <h2>{ format!("Nodes ({})", props.nodes.len()) }</h2>
                <span class="muted cluster-totals">
                    { format!("{}/{} pods ready", totals.pods_ready, totals.pods) }
                    if filtered { { format!(" · {shown} shown") } }
                </span>
            </div>
            if !props.nodes.is_empty() {
                <div class="cluster-tools">
                    <input type="search" class="node-filter" aria-label="Filter nodes"
                        placeholder="Filter: zone=a,!gpu" value={ui.filter_text.clone()} oninput={on_filter}
                        aria-invalid={filter_error.is_some().to_string()} spellcheck="false" autocomplete="off" />
                    <select aria-label="Filter by state" onchange={on_state}>
                        { for StateFilter::ALL.iter().map(|s| html! {
                            <option value={s.id()} selected={*s == state}>{ s.title() }</option>
                        }) }
                    </select>
                    <select aria-label="Group by" onchange={on_group} onfocus={on_group_focus}>
                        <option value="" selected={group_key.is_empty()}>{ "No grouping" }</option>
                        { for label_keys.iter().map(|k| html! {
                            <option value={k.clone()} selected={*k == group_key}>{ k }</option>
                        }) }
                    </select>
                </div>
                if let Some(error) = filter_error {
                    <p class="filter-error" role="status">{ format!("Not a label selector: {error}") }</p>
                }
            }
            if props.nodes.len() >= MINIMAP_FROM {
                <canvas class="minimap" ref={minimap} onclick={on_minimap} role="img"
                    aria-label={format!("Mini-map of {shown} nodes; click a cell to go to that node")}></canvas>
            }
            if props.nodes.is_empty() {
                <p class="muted">{ "No nodes yet: add one above, or pick a preset." }</p>
            } else if shown == 0 {
                <p class="muted">{ "No node matches the filter." }</p>
            }
            { body }
            if !props.unbound.is_empty() {
                <h3>{ "Pods not bound to a node" }</h3>
                <ul class="pods unbound">
                    { for props.unbound.iter().take(UNBOUND_SHOWN).map(pod_chip) }
                </ul>
                if props.unbound.len() > UNBOUND_SHOWN {
                    <p class="muted">{ format!("… and {} more; `kubectl get pods -o wide` lists them all", props.unbound.len() - UNBOUND_SHOWN) }</p>
                }
            }
        </section>
    }
}

/// Columns and rows of the mini-map for `n` nodes: about twice as wide as high.
fn minimap_size(n: usize) -> (usize, usize) {
    let cols = ((n as f64 * 2.0).sqrt().ceil() as usize).clamp(1, 120);
    (cols, n.div_ceil(cols).max(1))
}

/// One colour per node state, the same in both themes (the map has its own background).
fn minimap_colour(node: &NodeView) -> [u8; 3] {
    if !node.ready {
        [0xd9, 0x2d, 0x20]
    } else if node.unschedulable {
        [0x8a, 0x93, 0xa0]
    } else if node.pods.iter().any(|p| p.phase == "Pending") || !node.missing.is_empty() {
        [0xe0, 0x9b, 0x1a]
    } else if node.pods.iter().any(|p| p.daemonset.is_some() && (!p.up_to_date || p.terminating)) {
        [0x3b, 0x7d, 0xe0]
    } else if node.pods.iter().all(|p| p.ready) {
        [0x2f, 0xa3, 0x4f]
    } else {
        [0x9f, 0xd6, 0xae]
    }
}

fn draw_minimap(canvas: &NodeRef, order: &[Rc<NodeView>]) {
    let Some(canvas) = canvas.cast::<HtmlCanvasElement>() else { return };
    let (cols, rows) = minimap_size(order.len());
    let (w, h) = (cols * MINIMAP_CELL_PX, rows * MINIMAP_CELL_PX);
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let Ok(Some(ctx)) = canvas.get_context("2d") else { return };
    let Ok(ctx) = ctx.dyn_into::<CanvasRenderingContext2d>() else { return };
    let mut pixels = vec![0_u8; w * h * 4];
    for (i, node) in order.iter().enumerate() {
        let [r, g, b] = minimap_colour(node);
        let (cx, cy) = (i % cols * MINIMAP_CELL_PX, i / cols * MINIMAP_CELL_PX);
        // A one-pixel gap right and below each cell keeps cells apart.
        for y in cy..cy + MINIMAP_CELL_PX - 1 {
            for x in cx..cx + MINIMAP_CELL_PX - 1 {
                let p = (y * w + x) * 4;
                pixels[p..p + 4].copy_from_slice(&[r, g, b, 0xff]);
            }
        }
    }
    if let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), w as u32, h as u32) {
        let _ = ctx.put_image_data(&image, 0.0, 0.0);
    }
}

/// Columns of a virtual grid `width` pixels wide.
fn columns_for(width: f64) -> usize {
    (((width + GAP_PX) / (TILE_MIN_PX + GAP_PX)).floor() as usize).max(1)
}

/// A scroll offset quantised to half a row: the window of rows moves only when it matters.
fn quantise(scroll_top: i32) -> i64 {
    let half = (ROW_PX / 2.0) as i64;
    i64::from(scroll_top) / half * half
}

/// Scrolls the grid so that `name`'s tile is in view; returns the new (quantised) offset of a
/// virtual grid.
fn scroll_to(
    viewport: &NodeRef,
    groups: &[Group],
    collapsed: &BTreeSet<String>,
    name: &str,
    columns: usize,
    headers: bool,
    virtual_mode: bool,
) -> Option<i64> {
    let el = viewport.cast::<HtmlElement>()?;
    if !virtual_mode {
        let selector = format!("[data-node=\"{}\"]", name.replace('\\', "\\\\").replace('"', "\\\""));
        if let Ok(Some(tile)) = el.query_selector(&selector) {
            tile.scroll_into_view();
        }
        return None;
    }
    // The column count of this moment (a scrollbar may have come or gone since the render).
    let columns = if el.client_width() > 0 { columns_for(f64::from(el.client_width())) } else { columns };
    let mut open = collapsed.clone();
    if let Some(g) = groups.iter().find(|g| g.nodes.iter().any(|n| n.name == name)) {
        open.remove(&g.title);
    }
    let layout = layout(groups, &open, columns, headers);
    let target = layout.items.iter().find(|(_, item)| match *item {
        Item::Row { group, first } => {
            groups[group].nodes[first..(first + columns).min(groups[group].nodes.len())].iter().any(|n| n.name == name)
        }
        Item::Header { .. } => false,
    });
    if let Some((y, _)) = target {
        el.set_scroll_top(*y as i32);
        // Move the window of rendered rows now rather than at the next scroll event (which the
        // browser fires at its next frame, and not at all if the offset did not change).
        return Some(quantise(el.scroll_top()));
    }
    None
}

#[derive(Properties)]
pub struct TileProps {
    pub node: Rc<NodeView>,
    pub ds_names: Rc<Vec<String>>,
    pub selected: bool,
    /// `data-preview`: gain, lose, replace, pending or none, while a preview shows.
    pub preview: Option<&'static str>,
    pub on_select: Callback<String>,
}

impl PartialEq for TileProps {
    fn eq(&self, other: &Self) -> bool {
        // Pointer equality first: the model reuses the Rc of an unchanged node.
        (Rc::ptr_eq(&self.node, &other.node) || self.node == other.node)
            && (Rc::ptr_eq(&self.ds_names, &other.ds_names) || self.ds_names == other.ds_names)
            && self.selected == other.selected
            && self.preview == other.preview
            && self.on_select == other.on_select
    }
}

#[function_component]
pub fn NodeTile(props: &TileProps) -> Html {
    let node = &props.node;
    let onclick = {
        let name = node.name.clone();
        props.on_select.reform(move |_: MouseEvent| name.clone())
    };
    let status: Vec<&str> = node.status.split(',').filter(|s| !s.is_empty()).collect();
    let class = classes!(
        "tile",
        if node.ready { "node-ready" } else { "node-notready" },
        node.unschedulable.then_some("node-cordoned"),
        props.selected.then_some("selected"),
    );
    let missing: Vec<&String> =
        props.ds_names.iter().filter(|ds| !node.pods.iter().any(|p| p.daemonset.as_ref() == Some(*ds))).collect();
    html! {
        <li {class} data-node={node.name.clone()} data-preview={props.preview} {onclick}>
            <div class="tile-head">
                <button type="button" class="node-name" aria-pressed={props.selected.to_string()}
                    title="Show actions and why each DaemonSet does or does not run here">
                    { &node.name }
                </button>
                <span class="states">
                    { for status.iter().map(|s| html! {
                        <span class={classes!("badge", format!("state-{}", s.to_ascii_lowercase()))}>{ *s }</span>
                    }) }
                    { for node.pressure.iter().map(|p| html! { <span class="badge state-pressure">{ p }</span> }) }
                </span>
            </div>
            if !node.taints.is_empty() {
                <ul class="taints" aria-label="Taints">
                    { for node.taints.iter().map(|t| html! { <li class="badge taint">{ t }</li> }) }
                </ul>
            }
            if !node.labels.is_empty() {
                <details class="labels">
                    <summary>{ format!("{} label{}", node.labels.len(), plural(node.labels.len())) }</summary>
                    <ul>
                        { for node.labels.iter().map(|(k, v)| html! { <li class="badge label">{ format!("{k}={v}") }</li> }) }
                    </ul>
                </details>
            }
            <ul class="pods" aria-label="Pods">
                { for node.pods.iter().map(pod_chip) }
                { for missing.iter().map(|ds| html! {
                    <li key={format!("none-{ds}")} class="chip none">{ format!("no {ds} pod") }</li>
                }) }
            </ul>
        </li>
    }
}

/// A pod as a chip. Readiness is a filled or hollow dot, an old revision is a dashed,
/// striped chip marked "old": shape and pattern as well as colour.
pub fn pod_chip(pod: &PodView) -> Html {
    let class = classes!(
        "chip",
        format!("phase-{}", pod.phase.to_ascii_lowercase()),
        if pod.ready { "ready" } else { "unready" },
        if pod.up_to_date { "rev-new" } else { "rev-old" },
        pod.terminating.then_some("terminating"),
    );
    let label = pod.daemonset.clone().unwrap_or_else(|| pod.name.clone());
    let readiness = if pod.ready { "ready" } else { "not ready" };
    let revision = if pod.up_to_date { "current revision" } else { "old revision" };
    let title = format!("{} · {} · {readiness} · {revision} {}", pod.name, pod.status, pod.revision);
    html! {
        <li key={pod.name.clone()} {class} {title}
            data-pod={pod.name.clone()}
            data-phase={pod.phase.clone()}
            data-status={pod.status.clone()}
            data-ready={pod.ready.to_string()}
            data-revision={pod.revision.clone()}>
            <span class="dot" aria-hidden="true">{ if pod.ready { "●" } else { "○" } }</span>
            <span class="chip-name">{ label }</span>
            if !pod.up_to_date {
                <span class="chip-old" aria-hidden="true">{ "old" }</span>
            }
            if pod.status != pod.phase {
                <span class="chip-status" aria-hidden="true">{ &pod.status }</span>
            }
            <span class="sr-only">{ format!(": {}, {readiness}, {revision}", pod.status) }</span>
        </li>
    }
}
