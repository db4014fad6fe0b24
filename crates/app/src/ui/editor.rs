//! The manifest editor: a `<textarea>` at first paint (and in test pages), upgraded to the
//! CodeMirror bundle (`window.dsEditor`) once it has loaded, keeping the text. Errors are
//! listed under it with line and column, and marked in CodeMirror's gutter.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::browser;
use crate::script::Diagnostic;

#[wasm_bindgen]
extern "C" {
    // `catch` turns any exception from the bundle (or its absence) into an Err.
    #[wasm_bindgen(catch, js_namespace = dsEditor, js_name = create)]
    fn ds_create(
        parent: &web_sys::Element,
        doc: &str,
        on_change: &JsValue,
        on_apply: &JsValue,
        label: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = dsEditor, js_name = setDoc)]
    fn ds_set_doc(view: &JsValue, text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = dsEditor, js_name = getDoc)]
    fn ds_get_doc(view: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = dsEditor, js_name = setDiagnostics)]
    fn ds_set_diagnostics(view: &JsValue, diagnostics: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = dsEditor, js_name = focus)]
    fn ds_focus(view: &JsValue) -> Result<(), JsValue>;
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text to show: at mount, and whenever `doc_version` changes.
    pub doc: Rc<str>,
    pub doc_version: u32,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The diagnostics are an Apply's (announced at once), not a preview's (shown quietly
    /// while typing).
    #[prop_or(true)]
    pub diagnostics_alert: bool,
    /// What Apply of the text would do, in words, while it is not applied.
    #[prop_or_default]
    pub preview: Option<String>,
    pub on_apply: Callback<String>,
    /// Every edit, with the whole text (the full page saves it as the session's draft).
    #[prop_or_default]
    pub on_change: Callback<String>,
    /// Upgrade to CodeMirror when `window.dsEditor` appears.
    pub upgrade: bool,
    /// The editor's accessible name and heading ("Manifest A" and "Manifest B" in compare mode).
    #[prop_or(AttrValue::Static("Manifest"))]
    pub label: AttrValue,
}

#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    // The current text, shared with the closures CodeMirror calls.
    let text = use_mut_ref(|| props.doc.to_string());
    // Re-renders the textarea after a change of `text` from outside it.
    let textarea_value = use_state(|| props.doc.to_string());
    let ready = use_state(|| props.upgrade && browser::has_ds_editor());
    let view: Rc<RefCell<Option<JsValue>>> = use_mut_ref(|| None);
    let view_version = use_state(|| 0u32);
    let cm_failed = use_state(|| false);
    let host = use_node_ref();
    let textarea = use_node_ref();

    // Wait for the bundle if it has not arrived yet.
    {
        let ready = ready.clone();
        use_effect_with(props.upgrade, move |upgrade| {
            if *upgrade && !*ready && browser::has_ds_editor() {
                ready.set(true);
            }
            let listener = (*upgrade && !*ready).then(|| {
                let window = gloo::utils::window();
                EventListener::new(&window, "dseditor-ready", move |_| ready.set(true))
            });
            move || drop(listener)
        });
    }

    // Create the CodeMirror view once it can be.
    {
        let label = props.label.clone();
        let (text, view, view_version, host, on_apply, on_change, cm_failed) = (
            text.clone(),
            view.clone(),
            view_version.clone(),
            host.clone(),
            props.on_apply.clone(),
            props.on_change.clone(),
            cm_failed.clone(),
        );
        use_effect_with(*ready, move |ready| {
            let missing = view.borrow().is_none();
            if let (true, true, Some(parent)) = (*ready, missing, host.cast::<web_sys::Element>()) {
                match create_view(&parent, &text, &view, on_apply, on_change, &label) {
                    Ok(created) => {
                        *view.borrow_mut() = Some(created);
                        view_version.set(*view_version + 1);
                    }
                    Err(_) => {
                        gloo::console::warn!("The code editor failed to start; using the plain text area.");
                        cm_failed.set(true);
                    }
                }
            }
        });
    }

    // A new scenario replaces the text. Only a new version does: `doc` also follows what was
    // typed and applied (so that an editor mounted anew, as compare mode does, shows it), and
    // taking that over could undo keys typed since.
    {
        let (text, textarea_value, view, doc) = (text.clone(), textarea_value.clone(), view.clone(), props.doc.clone());
        use_effect_with(props.doc_version, move |_| {
            if *text.borrow() != *doc {
                *text.borrow_mut() = doc.to_string();
                textarea_value.set(doc.to_string());
                if let Some(v) = view.borrow().as_ref() {
                    let _ = ds_set_doc(v, &doc);
                }
            }
        });
    }

    // Errors to CodeMirror's gutter (the list below shows them in both modes).
    {
        let view = view.clone();
        use_effect_with((props.diagnostics.clone(), *view_version), move |(diagnostics, _)| {
            if let Some(v) = view.borrow().as_ref() {
                let positioned: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.line.is_some()).collect();
                if let Ok(list) = serde_wasm_bindgen::to_value(&positioned) {
                    let _ = ds_set_diagnostics(v, &list);
                }
            }
        });
    }

    let upgraded = *ready && !*cm_failed;
    let apply = {
        let (text, on_apply, view) = (text.clone(), props.on_apply.clone(), view.clone());
        Callback::from(move |_: MouseEvent| {
            let doc = view
                .borrow()
                .as_ref()
                .and_then(|v| ds_get_doc(v).ok())
                .and_then(|d| d.as_string())
                .unwrap_or_else(|| text.borrow().clone());
            on_apply.emit(doc);
        })
    };
    let oninput = {
        let (text, textarea_value, on_change) = (text.clone(), textarea_value.clone(), props.on_change.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            *text.borrow_mut() = value.clone();
            on_change.emit(value.clone());
            textarea_value.set(value);
        })
    };
    let onkeydown = {
        let (text, on_apply) = (text.clone(), props.on_apply.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                let doc = text.borrow().clone();
                on_apply.emit(doc);
            }
        })
    };
    let goto = {
        let (textarea, view, text) = (textarea.clone(), view.clone(), text.clone());
        move |line: usize, column: usize| {
            if let Some(v) = view.borrow().as_ref() {
                let _ = ds_focus(v);
            } else if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                let offset = utf16_offset(&text.borrow(), line, column);
                let _ = el.focus();
                let _ = el.set_selection_range(offset, offset);
            }
        }
    };

    html! {
        <section class="panel editor" aria-label={format!("{} editor", props.label)}>
            <h2>{ props.label.clone() }</h2>
            if upgraded {
                <div class="cm-host" ref={host}></div>
            } else {
                <textarea ref={textarea} aria-label={props.label.clone()} spellcheck="false" autocomplete="off"
                    value={(*textarea_value).clone()} {oninput} {onkeydown} rows="16" />
            }
            <div class="editor-actions">
                <button type="button" class="primary" onclick={apply}>{ "Apply" }</button>
                <span class="hint">{ "Ctrl/⌘ + Enter applies. Esc then Tab leaves the editor." }</span>
            </div>
            <p class="preview-summary" role="status" aria-label="Preview" hidden={props.preview.is_none()}>
                { props.preview.clone().unwrap_or_default() }
            </p>
            if !props.diagnostics.is_empty() {
                <ul class="diagnostics" role={if props.diagnostics_alert { "alert" } else { "list" }}>
                    { for props.diagnostics.iter().map(|d| {
                        let place = match (d.line, d.column) {
                            (Some(l), Some(c)) => format!("Line {l}, column {c}:"),
                            (Some(l), None) => format!("Line {l}:"),
                            _ => String::new(),
                        };
                        let onclick = {
                            let goto = goto.clone();
                            let (line, column) = (d.line.unwrap_or(1), d.column.unwrap_or(1));
                            move |_| goto(line, column)
                        };
                        html! {
                            <li>
                                if d.line.is_some() {
                                    <button type="button" class="link" {onclick}>{ place }</button>
                                    { " " }
                                }
                                <span>{ &d.message }</span>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}

/// Calls `dsEditor.create` with closures that keep `text` current and apply on Ctrl/Cmd+Enter.
fn create_view(
    parent: &web_sys::Element,
    text: &Rc<RefCell<String>>,
    view: &Rc<RefCell<Option<JsValue>>>,
    on_apply: Callback<String>,
    on_change: Callback<String>,
    label: &str,
) -> Result<JsValue, JsValue> {
    let on_change = {
        let text = text.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |doc: JsValue| {
            if let (Some(doc), Ok(mut text)) = (doc.as_string(), text.try_borrow_mut()) {
                on_change.emit(doc.clone());
                *text = doc;
            }
        })
    };
    let apply = {
        let (text, view) = (text.clone(), view.clone());
        Closure::<dyn FnMut()>::new(move || {
            let doc = view
                .try_borrow()
                .ok()
                .and_then(|v| v.as_ref().and_then(|v| ds_get_doc(v).ok()))
                .and_then(|d| d.as_string())
                .or_else(|| text.try_borrow().ok().map(|t| t.clone()))
                .unwrap_or_default();
            on_apply.emit(doc);
        })
    };
    let doc = text.borrow().clone();
    // into_js_value hands the closures to the JS garbage collector: CodeMirror may call them
    // as long as the view exists, even after this component is gone.
    ds_create(parent, &doc, &on_change.into_js_value(), &apply.into_js_value(), label)
}

/// The textarea selection offset (UTF-16 units) of a 1-based line and column.
fn utf16_offset(text: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            offset += l.chars().take(column.saturating_sub(1)).map(char::len_utf16).sum::<usize>();
            break;
        }
        offset += l.encode_utf16().count() + 1;
    }
    u32::try_from(offset).unwrap_or(u32::MAX)
}
