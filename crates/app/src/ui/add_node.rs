//! The Add node form: one `sim node add` line per node, several at once.

use std::rc::Rc;

use dsplay_console::view::NodeView;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::{Action, Model};
use crate::script;

#[derive(Properties, PartialEq)]
pub struct AddNodeProps {
    pub nodes: Rc<Vec<Rc<NodeView>>>,
    pub dispatch: UseReducerDispatcher<Model>,
}

#[function_component]
pub fn AddNodeForm(props: &AddNodeProps) -> Html {
    let names = use_node_ref();
    let count = use_node_ref();
    let labels = use_node_ref();
    let taints = use_node_ref();
    let onsubmit = {
        let (names, count, labels, taints) = (names.clone(), count.clone(), labels.clone(), taints.clone());
        let nodes = Rc::clone(&props.nodes);
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|el| el.value()).unwrap_or_default();
            // An empty or odd count means one node; the cap keeps a typo from adding a million.
            let n = value(&count).trim().parse::<usize>().unwrap_or(1).clamp(1, 1000);
            let existing: Vec<&str> = nodes.iter().map(|n| n.name.as_str()).collect();
            let lines = script::node_add_lines(&value(&names), n, &existing, &value(&labels), &value(&taints));
            dispatch.dispatch(Action::Run(lines));
            if let Some(el) = names.cast::<HtmlInputElement>() {
                el.set_value("");
            }
        })
    };
    html! {
        <form class="add-node" {onsubmit} aria-label="Add nodes">
            <label>
                <span>{ "Names" }</span>
                <input ref={names} type="text" placeholder="auto (node-N)" autocomplete="off" spellcheck="false" />
            </label>
            <label class="narrow">
                <span>{ "Count" }</span>
                <input ref={count} type="number" min="1" max="1000" value="1" />
            </label>
            <label>
                <span>{ "Labels" }</span>
                <input ref={labels} type="text" placeholder="ssd=true zone=a" autocomplete="off" spellcheck="false" />
            </label>
            <label>
                <span>{ "Taints" }</span>
                <input ref={taints} type="text" placeholder="gpu=yes:NoSchedule" autocomplete="off" spellcheck="false" />
            </label>
            <button type="submit" class="primary">{ "Add node" }</button>
        </form>
    }
}
