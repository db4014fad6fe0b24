//! Browser tests: mount the real app in headless Chromium, click and type like a person, and
//! assert through the DOM contract (`data-node`, `data-pod`, accessible names).
#![cfg(target_arch = "wasm32")]
// A panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use dsplay_app::{App, AppProps, share};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const THREE_NODES: &str = "sim node add a --label ssd=true\nsim node add b --label ssd=true\nsim node add c\n";

const AGENT: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
        - name: agent
          image: busybox:1.36
";

const FAST_STORAGE: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fast-storage
spec:
  selector:
    matchLabels:
      app: fast-storage
  template:
    metadata:
      labels:
        app: fast-storage
    spec:
      nodeSelector:
        ssd: \"true\"
      containers:
        - name: nginx
          image: nginx:1.27
";

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(60)).await;
}

/// Mounts a fresh app in its own root, so tests sharing the page do not see each other.
async fn mount(props: AppProps) -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    settle().await;
    root
}

fn with_script(script: &str) -> AppProps {
    AppProps { initial_script: Some(script.to_string()), load_editor: false }
}

fn apply_script(manifest: &str) -> String {
    format!("kubectl apply -f - <<EOF\n{manifest}EOF\n")
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

fn one<T: JsCast>(root: &Element, selector: &str) -> T {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matches {selector}")).dyn_into().unwrap()
}

/// The button whose accessible name (text or aria-label) is `name`.
fn button(root: &Element, name: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| {
            b.get_attribute("aria-label").as_deref() == Some(name)
                || b.text_content().unwrap_or_default().trim() == name
        })
        .unwrap_or_else(|| panic!("no button named {name}"))
        .dyn_into()
        .unwrap()
}

fn type_into(el: &Element, value: &str) {
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

fn pods_on(root: &Element, node: &str) -> Vec<Element> {
    all(root, &format!("[data-node=\"{node}\"] [data-pod]"))
}

fn node_names(root: &Element) -> Vec<String> {
    all(root, "[data-node]").iter().filter_map(|e| e.get_attribute("data-node")).collect()
}

async fn step(root: &Element, times: usize) {
    for _ in 0..times {
        button(root, "Step").click();
        settle().await;
    }
}

async fn apply_from_editor(root: &Element, manifest: &str) {
    type_into(&one::<Element>(root, "textarea[aria-label=\"Manifest\"]"), manifest);
    settle().await;
    button(root, "Apply").click();
    settle().await;
}

#[wasm_bindgen_test]
async fn console_runs_a_line_records_it_and_recalls_it_with_up_arrow() {
    let root = mount(with_script("")).await;
    let input: HtmlInputElement = one(&root, "input[aria-label=\"Console\"]");
    input.set_value("kubectl get nodes");
    one::<HtmlFormElement>(&root, "form.console-input").request_submit().unwrap();
    settle().await;

    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(log.contains("$ kubectl get nodes"), "log: {log}");
    assert_eq!(input.value(), "", "the input is cleared after running");

    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowUp");
    init.set_bubbles(true);
    let up = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&up).unwrap();
    settle().await;
    assert_eq!(input.value(), "kubectl get nodes");
}

#[wasm_bindgen_test]
async fn play_toggles_its_accessible_name_and_controls_are_named() {
    let root = mount(with_script("")).await;
    for name in ["Add node", "Apply", "Step", "Copy link"] {
        button(&root, name);
    }
    button(&root, "Play").click();
    settle().await;
    button(&root, "Pause").click();
    settle().await;
    button(&root, "Play");
    assert!(root.query_selector("textarea[aria-label=\"Manifest\"]").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn copy_link_puts_the_session_in_the_fragment_and_opening_it_replays_it() {
    let script = format!("{THREE_NODES}{}sim advance 5s\n", apply_script(AGENT));
    let first = mount(with_script(&script)).await;
    step(&first, 2).await; // time that passed outside the console is part of the link
    button(&first, "Copy link").click();
    settle().await;

    let hash = gloo::utils::window().location().hash().unwrap();
    assert!(hash.starts_with("#s1:"), "hash: {hash}");
    let decoded = share::decode_fragment(&hash).unwrap();
    assert_eq!(decoded, format!("{script}sim advance 2000ms\n"));

    // A fresh page load with that fragment (props without a script read the link).
    let second = mount(AppProps { initial_script: None, load_editor: false }).await;
    let log = one::<Element>(&second, ".console-log").text_content().unwrap();
    assert!(log.contains("Shared link"), "log: {log}");
    assert_eq!(node_names(&second), node_names(&first));
    let pods = |root: &Element| -> Vec<String> {
        all(root, "[data-pod]").iter().filter_map(|p| p.get_attribute("data-pod")).collect()
    };
    assert_eq!(pods(&second), pods(&first));
    let fragment = gloo::utils::window().location().hash().unwrap();
    assert_eq!(fragment, "", "the link is consumed so that a reload restores the autosave");
}

#[wasm_bindgen_test]
async fn damaged_link_shows_a_message_and_opens_the_walkthrough() {
    let history = gloo::utils::window().history().unwrap();
    history.replace_state_with_url(&JsValue::NULL, "", Some("#s1:AAAAAAAAAAAAAAAA")).unwrap();
    let root = mount(AppProps { initial_script: None, load_editor: false }).await;
    let notice = one::<Element>(&root, ".notice").text_content().unwrap();
    assert!(notice.contains("could not be opened"), "notice: {notice}");
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(log.contains("Walkthrough"), "log: {log}");
}

#[wasm_bindgen_test]
async fn add_node_adds_a_tile_that_gets_the_daemon_pod() {
    let root = mount(with_script(&format!("sim node add node-1\n{}sim advance 10s\n", apply_script(AGENT)))).await;
    button(&root, "Add node").click();
    settle().await;
    assert_eq!(node_names(&root), ["node-1", "node-2"]);
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(log.contains("$ sim node add node-2"), "log: {log}");
    step(&root, 5).await;
    let pods = pods_on(&root, "node-2");
    assert_eq!(pods.len(), 1, "one agent pod on the new node");
    let pod = &pods[0];
    for attribute in ["data-phase", "data-ready", "data-revision"] {
        assert!(pod.has_attribute(attribute), "{attribute}");
    }
}

#[wasm_bindgen_test]
async fn applying_a_daemonset_places_one_pod_per_eligible_node() {
    let root = mount(with_script(THREE_NODES)).await;
    apply_from_editor(&root, FAST_STORAGE).await;
    assert!(root.query_selector(".diagnostics").unwrap().is_none(), "the manifest applies cleanly");
    step(&root, 10).await;
    assert_eq!(pods_on(&root, "a").len(), 1);
    assert_eq!(pods_on(&root, "b").len(), 1);
    assert_eq!(pods_on(&root, "c").len(), 0, "c has no ssd label");
    let pod = &pods_on(&root, "a")[0];
    assert_eq!(pod.get_attribute("data-phase").as_deref(), Some("Running"));
    assert_eq!(pod.get_attribute("data-ready").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn labelling_a_node_brings_the_pod() {
    let root = mount(with_script(&format!("{THREE_NODES}{}sim advance 10s\n", apply_script(FAST_STORAGE)))).await;
    assert!(pods_on(&root, "c").is_empty());
    let name_button: HtmlElement = one(&root, "[data-node=\"c\"] button.node-name");
    name_button.click();
    settle().await;
    let why = one::<Element>(&root, ".why").text_content().unwrap();
    assert!(why.contains("fast-storage does not run here"), "why: {why}");
    type_into(&one::<Element>(&root, "input[aria-label=\"Label\"]"), "ssd=true");
    button(&root, "Label").click();
    settle().await;
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(log.contains("$ kubectl label nodes c ssd=true"), "log: {log}");
    step(&root, 5).await;
    assert_eq!(pods_on(&root, "c").len(), 1);
    let why = one::<Element>(&root, ".why").text_content().unwrap();
    assert!(why.contains("fast-storage runs here"), "why: {why}");
}

#[wasm_bindgen_test]
async fn yaml_error_is_listed_with_its_line() {
    let root = mount(with_script("")).await;
    let broken = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: broken\nspec:\n  minReadySeconds: soon\n";
    apply_from_editor(&root, broken).await;
    let list = one::<Element>(&root, ".diagnostics").text_content().unwrap();
    assert!(list.contains("Line 6"), "diagnostics: {list}");
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(log.contains("$ kubectl apply -f - <<EOF"), "log: {log}");
}

#[wasm_bindgen_test]
async fn five_hundred_node_preset_renders_and_steps() {
    let script = dsplay_app::presets::find("nodes-500").unwrap().script;
    let started = js_sys::Date::now();
    let root = mount(with_script(script)).await;
    let loaded_ms = js_sys::Date::now() - started - 60.0;
    assert_eq!(node_names(&root).len(), 500);

    let started = js_sys::Date::now();
    button(&root, "Step").click();
    // Yields once, so a render scheduled by the click is included.
    yew::platform::time::sleep(Duration::ZERO).await;
    let step_ms = js_sys::Date::now() - started;
    settle().await;
    console_log!("500 nodes (debug build): load + first render {loaded_ms:.0} ms, one Step {step_ms:.0} ms");
    // Generous bounds for an unoptimised build on a slow machine; the figures are printed.
    assert!(step_ms < 2_000.0, "a Step took {step_ms} ms");
    assert_eq!(all(&root, "[data-node=\"node-010\"] [data-pod]").len(), 2, "node-exporter and nginx on an ssd node");
}

fn storage() -> web_sys::Storage {
    gloo::utils::window().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn autosaved_session_is_restored_on_reload() {
    let script = "sim node add restored-1\nsim node add restored-2\n";
    storage().set_item("dsplay:v1:session", &share::encode_stored(script)).unwrap();
    let root = mount(AppProps { initial_script: None, load_editor: false }).await;
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(log.contains("Restored session"), "log: {log}");
    assert_eq!(node_names(&root), ["restored-1", "restored-2"]);

    // Every command is saved straight away.
    button(&root, "Add node").click();
    settle().await;
    let saved = storage().get_item("dsplay:v1:session").unwrap().unwrap();
    assert_eq!(share::decode_stored(&saved).unwrap(), format!("{script}sim node add node-3\n"));
}

#[wasm_bindgen_test]
async fn corrupt_saved_session_is_set_aside_and_the_walkthrough_opens() {
    storage().set_item("dsplay:v1:session", "{\"v\":1,\"sum\":\"0\",\"script\":\"x\"}").unwrap();
    let root = mount(AppProps { initial_script: None, load_editor: false }).await;
    let notice = one::<Element>(&root, ".notice").text_content().unwrap();
    assert!(notice.contains("could not be restored"), "notice: {notice}");
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(log.contains("Walkthrough"), "log: {log}");
    let quarantined = storage().get_item("dsplay:v1:quarantine").unwrap();
    assert_eq!(quarantined.as_deref(), Some("{\"v\":1,\"sum\":\"0\",\"script\":\"x\"}"));
}
