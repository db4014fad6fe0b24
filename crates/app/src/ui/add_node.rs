//! The Add node form: one `sim node add` line per node, several at once.

use std::rc::Rc;

use dsplay_console::view::NodeView;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::script;

/// A function, not a component (see `controls.rs`): the inputs are read from the form when
/// it is submitted.
pub struct AddNodeProps {
    pub nodes: Rc<Vec<Rc<NodeView>>>,
    /// Runs console lines.
    pub on_run: Callback<Vec<String>>,
}

pub fn add_node_form(props: &AddNodeProps) -> Html {
    let onsubmit = {
        let nodes = Rc::clone(&props.nodes);
        let on_run = props.on_run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form: web_sys::Element = e.target_unchecked_into();
            let input = |name: &str| {
                form.query_selector(&format!("input[name={name}]"))
                    .ok()
                    .flatten()
                    .map(|el| el.unchecked_into::<HtmlInputElement>())
            };
            let value = |name: &str| input(name).map(|el| el.value()).unwrap_or_default();
            // An empty or odd count means one node; the cap keeps a typo from adding a million.
            let n = value("count").trim().parse::<usize>().unwrap_or(1).clamp(1, 1000);
            let existing: Vec<&str> = nodes.iter().map(|n| n.name.as_str()).collect();
            let lines = script::node_add_lines(&value("names"), n, &existing, &value("labels"), &value("taints"));
            on_run.emit(lines);
            if let Some(el) = input("names") {
                el.set_value("");
            }
        })
    };
    html! {
        <form class="add-node" {onsubmit} aria-label="Add nodes">
            <label>
                <span>{ "Names" }</span>
                <input name="names" type="text" placeholder="auto (node-N)" autocomplete="off" spellcheck="false" />
            </label>
            <label class="narrow">
                <span>{ "Count" }</span>
                <input name="count" type="number" min="1" max="1000" value="1" />
            </label>
            <label>
                <span>{ "Labels" }</span>
                <input name="labels" type="text" placeholder="ssd=true zone=a" autocomplete="off" spellcheck="false" />
            </label>
            <label>
                <span>{ "Taints" }</span>
                <input name="taints" type="text" placeholder="gpu=yes:NoSchedule" autocomplete="off" spellcheck="false" />
            </label>
            <button type="submit" class="primary">{ "Add node" }</button>
        </form>
    }
}
