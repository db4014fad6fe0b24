//! The selected node: actions (each one a console line) and "why, or why not" per DaemonSet.

use std::rc::Rc;

use dsplay_console::view::{Explanation, NodeView};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::script;

/// A function, not a component (see `controls.rs`): its forms' inputs are read when they are
/// submitted, and the page scrolls it into view (`scroll_into_view`).
pub struct NodePanelProps {
    pub node: Rc<NodeView>,
    pub explanations: Rc<Vec<Explanation>>,
    pub has_daemonsets: bool,
    /// Runs console lines.
    pub on_run: Callback<Vec<String>>,
    /// Closes the panel (selects no node).
    pub on_close: Callback<()>,
}

/// On a narrow screen the panel sits below the tiles: brings it into view when a tile is
/// picked, but leaves the page alone when it is already visible.
pub fn scroll_into_view() {
    let Some(el) = gloo::utils::document().query_selector(".node-panel").ok().flatten() else { return };
    let rect = el.get_bounding_client_rect();
    let height = gloo::utils::window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    if rect.top() > height || rect.bottom() < 0.0 {
        el.scroll_into_view_with_bool(true);
    }
}

/// The input of the form a submit event came from.
fn submitted_input(e: &SubmitEvent) -> Option<HtmlInputElement> {
    let form: web_sys::Element = e.target_unchecked_into();
    // The form's one input: an HtmlInputElement by the markup.
    Some(form.query_selector("input").ok().flatten()?.unchecked_into())
}

pub fn node_panel(props: &NodePanelProps) -> Html {
    let node = &props.node;
    let name = node.name.clone();
    let run = {
        let on_run = props.on_run.clone();
        move |line: String| on_run.emit(vec![line])
    };

    let on_label = {
        let (run, name, labels) = (run.clone(), name.clone(), node.labels.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = submitted_input(&e)
                && let Some(line) = script::label_line(&name, &el.value(), &labels)
            {
                run(line);
                el.set_value("");
            }
        })
    };
    let on_taint = {
        let (run, name) = (run.clone(), name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = submitted_input(&e)
                && let Some(line) = script::taint_line(&name, &el.value())
            {
                run(line);
                el.set_value("");
            }
        })
    };
    let line_button = |text: String, line: String, class: &'static str| {
        let run = run.clone();
        html! {
            <button type="button" {class} onclick={move |_| run(line.clone())}>{ text }</button>
        }
    };
    // The ✕ buttons need a spoken name of their own.
    let remove_button = |what: String, line: String| {
        let run = run.clone();
        html! {
            <button type="button" class="quiet remove" aria-label={format!("Remove {what}")} title={line.clone()}
                onclick={move |_| run(line.clone())}>{ "✕" }</button>
        }
    };
    let close = props.on_close.reform(|_: MouseEvent| ());

    html! {
        <section class="panel node-panel" aria-label={format!("Node {name}")}>
            <div class="panel-head">
                <h2>{ "Node " }<code>{ &name }</code></h2>
                <button type="button" class="quiet" onclick={close} aria-label="Close node panel">{ "✕" }</button>
            </div>
            <p class="muted">{ &node.status }</p>
            <div class="actions">
                { if node.unschedulable {
                    line_button("Uncordon".into(), format!("kubectl uncordon {name}"), "")
                } else {
                    line_button("Cordon".into(), format!("kubectl cordon {name}"), "")
                } }
                { if node.ready {
                    line_button("Fail node".into(), format!("sim node fail {name}"), "")
                } else {
                    line_button("Recover node".into(), format!("sim node recover {name}"), "")
                } }
                // Evicts what kubectl can (bare pods too); daemon pods stay, as on a real node.
                { line_button("Drain".into(), format!("kubectl drain {name} --ignore-daemonsets --force"), "") }
                { line_button("Remove node".into(), format!("sim node remove {name}"), "danger") }
            </div>
            <form class="inline-form" onsubmit={on_label}>
                <input type="text" aria-label="Label" placeholder="key=value or key-"
                    autocomplete="off" spellcheck="false" />
                <button type="submit">{ "Label" }</button>
            </form>
            if !node.labels.is_empty() {
                <ul class="removable">
                    { for node.labels.iter().map(|(k, v)| html! {
                        <li class="badge label">
                            { format!("{k}={v}") }
                            { remove_button(format!("label {k}"), format!("kubectl label nodes {name} {k}-")) }
                        </li>
                    }) }
                </ul>
            }
            <form class="inline-form" onsubmit={on_taint}>
                <input type="text" aria-label="Taint" placeholder="key=value:NoSchedule or key:NoSchedule-"
                    autocomplete="off" spellcheck="false" />
                <button type="submit">{ "Taint" }</button>
            </form>
            if !node.taints.is_empty() {
                <ul class="removable">
                    { for node.taints.iter().map(|t| html! {
                        <li class="badge taint">
                            { t }
                            { remove_button(format!("taint {t}"), format!("kubectl taint nodes {name} {}", script::untaint_word(t))) }
                        </li>
                    }) }
                </ul>
            }
            <h3>{ "Why, or why not" }</h3>
            { why_list(&props.explanations, props.has_daemonsets) }
        </section>
    }
}

/// For each DaemonSet, why it does or does not run on the node (a function: see `controls.rs`).
fn why_list(explanations: &[Explanation], has_daemonsets: bool) -> Html {
    if explanations.is_empty() {
        let text = if has_daemonsets {
            "No verdict is available for this node yet."
        } else {
            "No DaemonSets yet: apply one from the editor."
        };
        return html! { <p class="muted">{ text }</p> };
    }
    html! {
        <ul class="why">
            { for explanations.iter().map(|e| {
                let verdict = match (e.should_run, e.should_continue_running) {
                    (true, _) => "runs here",
                    (false, true) => "would not be placed here, but an existing pod may keep running",
                    (false, false) => "does not run here",
                };
                html! {
                    <li key={format!("{}/{}", e.namespace, e.daemonset)}
                        class={if e.should_run { "why-yes" } else { "why-no" }}>
                        <span class="verdict" aria-hidden="true">{ if e.should_run { "✓" } else { "✗" } }</span>
                        <strong>{ &e.daemonset }</strong>{ format!(" {verdict}") }
                        if !e.reasons.is_empty() {
                            <ul>{ for e.reasons.iter().map(|r| html! { <li>{ r }</li> }) }</ul>
                        }
                        if let Some(pending) = &e.pending_reason {
                            <p class="pending">{ format!("Pending: {pending}") }</p>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}
