//! The cluster view: one tile per node with its state, taints, labels and pod chips.
//! Tiles are memoised on `Rc` identity first, so a tick that changes one node re-renders one
//! tile, which keeps a 500-node cluster fluid.

use std::rc::Rc;

use dsplay_console::view::{NodeView, PodView};
use yew::prelude::*;

use crate::model::{Action, Model};

#[derive(Properties, PartialEq)]
pub struct GridProps {
    pub nodes: Rc<Vec<Rc<NodeView>>>,
    pub unbound: Rc<Vec<PodView>>,
    pub ds_names: Rc<Vec<String>>,
    pub selected: Option<String>,
    pub dispatch: UseReducerDispatcher<Model>,
}

#[function_component]
pub fn ClusterGrid(props: &GridProps) -> Html {
    let on_select = {
        let dispatch = props.dispatch.clone();
        use_callback((), move |name: String, _| dispatch.dispatch(Action::Select(Some(name))))
    };
    html! {
        <section class="cluster" aria-label="Cluster">
            <h2>{ format!("Nodes ({})", props.nodes.len()) }</h2>
            if props.nodes.is_empty() {
                <p class="muted">{ "No nodes yet: add one above, or pick a preset." }</p>
            }
            <ul class="tiles">
                { for props.nodes.iter().map(|node| html! {
                    <NodeTile
                        key={node.name.clone()}
                        node={Rc::clone(node)}
                        ds_names={Rc::clone(&props.ds_names)}
                        selected={props.selected.as_deref() == Some(node.name.as_str())}
                        on_select={on_select.clone()}
                    />
                }) }
            </ul>
            if !props.unbound.is_empty() {
                <h3>{ "Pods not bound to a node" }</h3>
                <ul class="pods unbound">
                    { for props.unbound.iter().map(pod_chip) }
                </ul>
            }
        </section>
    }
}

#[derive(Properties)]
pub struct TileProps {
    pub node: Rc<NodeView>,
    pub ds_names: Rc<Vec<String>>,
    pub selected: bool,
    pub on_select: Callback<String>,
}

impl PartialEq for TileProps {
    fn eq(&self, other: &Self) -> bool {
        // Pointer equality first: the model reuses the Rc of an unchanged node.
        (Rc::ptr_eq(&self.node, &other.node) || self.node == other.node)
            && (Rc::ptr_eq(&self.ds_names, &other.ds_names) || self.ds_names == other.ds_names)
            && self.selected == other.selected
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
        <li {class} data-node={node.name.clone()} {onclick}>
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
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
