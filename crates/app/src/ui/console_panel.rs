//! The console: every command run in this session with its output (as text nodes, never
//! HTML), and an input that runs any console line, with Up/Down history.

use std::cell::Cell;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::{Action, Model};
use crate::session::LogEntry;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub log: Rc<Vec<Rc<LogEntry>>>,
    pub history: Rc<Vec<String>>,
    pub dispatch: UseReducerDispatcher<Model>,
}

#[function_component]
pub fn ConsolePanel(props: &ConsoleProps) -> Html {
    let input = use_node_ref();
    // Position while browsing history with Up/Down; None = the line being typed.
    let cursor: Rc<Cell<Option<usize>>> = use_memo((), |_| Cell::new(None));

    let onsubmit = {
        let (input, dispatch, cursor) = (input.clone(), props.dispatch.clone(), cursor.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let line = el.value();
                if !line.trim().is_empty() {
                    dispatch.dispatch(Action::Run(vec![line]));
                    el.set_value("");
                    cursor.set(None);
                }
            }
        })
    };
    let onkeydown = {
        let (history, cursor) = (props.history.clone(), cursor.clone());
        Callback::from(move |e: KeyboardEvent| {
            let next = match (e.key().as_str(), cursor.get()) {
                ("ArrowUp", None) if !history.is_empty() => Some(history.len() - 1),
                ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                ("ArrowDown", Some(i)) if i + 1 < history.len() => Some(i + 1),
                ("ArrowDown", Some(_)) => None,
                _ => return,
            };
            e.prevent_default();
            cursor.set(next);
            let el: HtmlInputElement = e.target_unchecked_into();
            el.set_value(next.and_then(|i| history.get(i)).map_or("", String::as_str));
        })
    };

    html! {
        <section class="panel console" aria-label="Console panel">
            <h2>{ "Console" }</h2>
            // column-reverse keeps the scroll position pinned to the newest output.
            <div class="console-scroll" tabindex="0" aria-label="Console output">
                <ol class="console-log" aria-live="polite">
                    { for props.log.iter().map(|entry| html! {
                        <LogLine key={entry.id} entry={Rc::clone(entry)} />
                    }) }
                </ol>
            </div>
            <form class="console-input" {onsubmit}>
                <span class="prompt" aria-hidden="true">{ "$" }</span>
                <input ref={input} type="text" aria-label="Console" placeholder="kubectl get pods -o wide"
                    autocomplete="off" autocapitalize="off" spellcheck="false" {onkeydown} />
                <button type="submit">{ "Run" }</button>
            </form>
        </section>
    }
}

#[derive(Properties)]
struct LogLineProps {
    entry: Rc<LogEntry>,
}

impl PartialEq for LogLineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.entry, &other.entry)
    }
}

#[function_component]
fn LogLine(props: &LogLineProps) -> Html {
    let entry = &props.entry;
    let class = classes!("log-entry", entry.failed.then_some("failed"), entry.replay.then_some("replay"));
    html! {
        <li {class}>
            <pre>
                <span class="log-input">{ if entry.replay { String::new() } else { "$ ".to_string() } }{ &entry.input }</span>
                { "\n" }
                { for entry.chunks.iter().map(|(stderr, text)| html! {
                    <span class={if *stderr { "stderr" } else { "stdout" }}>{ text }</span>
                }) }
            </pre>
        </li>
    }
}
