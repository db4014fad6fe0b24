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
    // What the page's `fields.js` and `presets/seed.js` hand the app before it starts.
    dsplay_core::schema::install(include_str!("../../core/schema/fields.txt"));
    for (name, text) in
        [("dsplaySeed", include_str!("../presets/seed.sh")), ("dsplayExample", include_str!("../presets/example.yaml"))]
    {
        js_sys::Reflect::set(&gloo::utils::window(), &name.into(), &text.into()).unwrap();
    }
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    settle().await;
    root
}

fn with_script(script: &str) -> AppProps {
    AppProps { initial_script: Some(script.to_string()), load_editor: false, embed: None }
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
    // The browser deflates the script asynchronously (CompressionStream).
    for _ in 0..20 {
        settle().await;
        if gloo::utils::window().location().hash().unwrap().starts_with("#s1:") {
            break;
        }
    }

    let hash = gloo::utils::window().location().hash().unwrap();
    assert!(hash.starts_with("#s1:"), "hash: {hash}");
    let decoded = dsplay_app::decode_fragment(&hash).await.unwrap();
    assert_eq!(decoded, format!("{script}sim advance 2000ms\n"));

    // A fresh page load with that fragment (props without a script read the link, which the
    // browser inflates, asynchronously).
    let second = mount(AppProps { initial_script: None, load_editor: false, embed: None }).await;
    let log = || one::<Element>(&second, ".console-log").text_content().unwrap_or_default();
    assert!(wait_for(|| log().contains("Shared link")).await, "log: {}", log());
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
    let root = mount(AppProps { initial_script: None, load_editor: false, embed: None }).await;
    let notice = || root.query_selector(".notice").ok().flatten().and_then(|n| n.text_content()).unwrap_or_default();
    assert!(wait_for(|| notice().contains("could not be opened")).await, "notice: {}", notice());
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
async fn the_why_panel_names_the_pods_a_critical_daemon_pod_preempts() {
    const WEB: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: 800m\n";
    const AGENT: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: node-agent\n  namespace: kube-system\nspec:\n  selector:\n    matchLabels: {app: node-agent}\n  template:\n    metadata:\n      labels: {app: node-agent}\n    spec:\n      priorityClassName: system-node-critical\n      containers:\n      - name: agent\n        image: agent:1\n        resources:\n          requests:\n            cpu: 500m\n";
    // (Named node-agent: the timeline test finds its chart's words by id in the shared page.)
    let script = format!("sim node add n1 --cpu 1\n{}sim advance 5s\n{}", apply_script(WEB), apply_script(AGENT));
    let root = mount(with_script(&script)).await;
    let name_button: HtmlElement = one(&root, "[data-node=\"n1\"] button.node-name");
    name_button.click();
    settle().await;
    let why = one::<Element>(&root, ".why").text_content().unwrap();
    assert!(why.contains("Insufficient cpu. Preempting default/web (priority 0) to make room"), "why: {why}");
    step(&root, 5).await;
    let pods: Vec<String> = pods_on(&root, "n1").iter().filter_map(|p| p.get_attribute("data-pod")).collect();
    assert!(pods.len() == 1 && pods[0].starts_with("node-agent-"), "pods on n1: {pods:?}");
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
async fn an_unquoted_yaml_1_1_bool_is_refused_and_the_editor_hints_at_quoting_it() {
    let root = mount(with_script("")).await;
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    enabled: yes\nspec:\n  containers:\n  - name: c\n    image: busybox\n";
    apply_from_editor(&root, manifest).await;
    let list = one::<Element>(&root, ".diagnostics").text_content().unwrap();
    assert!(list.contains("Line 6, column 14:"), "diagnostics: {list}");
    assert!(list.ends_with("of type string (hint: quote it: \"yes\")"), "diagnostics: {list}");
    // The console keeps kubectl's words, without the hint.
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(
        log.contains("cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string"),
        "log: {log}"
    );
    assert!(!log.contains("hint"), "log: {log}");
}

#[wasm_bindgen_test]
async fn a_misspelt_field_fails_strict_decoding_and_the_editor_points_at_it() {
    let root = mount(with_script("")).await;
    let manifest =
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    imagee: busybox\n";
    apply_from_editor(&root, manifest).await;
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(
        log.contains(
            "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].imagee\""
        ),
        "log: {log}"
    );
    let list = one::<Element>(&root, ".diagnostics").text_content().unwrap();
    assert!(list.contains("Line 8, column "), "diagnostics: {list}");
    assert!(all(&root, "[data-pod]").is_empty(), "nothing was created");
}

#[wasm_bindgen_test]
async fn five_hundred_node_preset_renders_and_steps() {
    let script = include_str!("../presets/nodes-500.sh");
    let started = js_sys::Date::now();
    let root = mount(with_script(script)).await;
    let loaded_ms = js_sys::Date::now() - started - 60.0;
    // Above 200 nodes the grid renders only the rows in view; the totals count every node.
    let cluster = one::<Element>(&root, "[data-cluster]");
    assert_eq!(cluster.get_attribute("data-nodes").as_deref(), Some("500"));
    let rendered = node_names(&root).len();
    assert!(rendered > 0 && rendered < 500, "{rendered} tiles rendered");

    let started = js_sys::Date::now();
    button(&root, "Step").click();
    // Yields once, so a render scheduled by the click is included.
    yew::platform::time::sleep(Duration::ZERO).await;
    let step_ms = js_sys::Date::now() - started;
    settle().await;
    // Figures only (timing belongs to `cargo xtask bench --browser`, not to assertions).
    console_log!("500 nodes (debug build): load + first render {loaded_ms:.0} ms, one Step {step_ms:.0} ms");
    assert_eq!(all(&root, "[data-node=\"node-010\"] [data-pod]").len(), 2, "node-exporter and nginx on an ssd node");
}

fn storage() -> web_sys::Storage {
    gloo::utils::window().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn autosaved_session_is_restored_on_reload() {
    let script = "sim node add restored-1\nsim node add restored-2\n";
    storage()
        .set_item(
            "dsplay:v1:session",
            &share::encode_stored(&share::Saved { script: script.to_string(), ..Default::default() }),
        )
        .unwrap();
    let root = mount(AppProps { initial_script: None, load_editor: false, embed: None }).await;
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(log.contains("Restored session"), "log: {log}");
    assert_eq!(node_names(&root), ["restored-1", "restored-2"]);

    // Every command is saved straight away.
    button(&root, "Add node").click();
    settle().await;
    let saved = storage().get_item("dsplay:v1:session").unwrap().unwrap();
    assert_eq!(share::decode_stored(&saved).unwrap().script, format!("{script}sim node add node-3\n"));
}

#[wasm_bindgen_test]
async fn corrupt_saved_session_is_set_aside_and_the_walkthrough_opens() {
    storage().set_item("dsplay:v1:session", "{\"v\":1,\"sum\":\"0\",\"script\":\"x\"}").unwrap();
    let root = mount(AppProps { initial_script: None, load_editor: false, embed: None }).await;
    let notice = one::<Element>(&root, ".notice").text_content().unwrap();
    assert!(notice.contains("could not be restored"), "notice: {notice}");
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(log.contains("Walkthrough"), "log: {log}");
    let quarantined = storage().get_item("dsplay:v1:quarantine").unwrap();
    assert_eq!(quarantined.as_deref(), Some("{\"v\":1,\"sum\":\"0\",\"script\":\"x\"}"));
}

/// Nodes in two zones (a: 4 nodes, b: 2), one cordoned, and a DaemonSet on all of them.
fn zoned_cluster() -> String {
    let mut script = String::new();
    for (name, zone) in [("a1", "a"), ("a2", "a"), ("a3", "a"), ("a4", "a"), ("b1", "b"), ("b2", "b")] {
        script.push_str(&format!("sim node add {name} --label topology.kubernetes.io/zone={zone}\n"));
    }
    script.push_str("kubectl cordon b2\n");
    script.push_str(&apply_script(AGENT));
    script.push_str("sim advance 5s\n");
    script
}

fn select_value(root: &Element, label: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = one(root, &format!("select[aria-label=\"{label}\"]"));
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

fn group_titles(root: &Element) -> Vec<String> {
    all(root, "[data-group]").iter().filter_map(|e| e.get_attribute("data-group")).collect()
}

#[wasm_bindgen_test]
async fn nodes_are_grouped_by_zone_by_default_and_groups_collapse() {
    let root = mount(with_script(&zoned_cluster())).await;
    let picker: web_sys::HtmlSelectElement = one(&root, "select[aria-label=\"Group by\"]");
    assert_eq!(picker.value(), "topology.kubernetes.io/zone");
    assert_eq!(group_titles(&root), ["topology.kubernetes.io/zone=a", "topology.kubernetes.io/zone=b"]);
    let head = one::<Element>(&root, "[data-group=\"topology.kubernetes.io/zone=a\"]");
    assert!(head.text_content().unwrap().contains("4 nodes · 4/4 pods ready"), "{:?}", head.text_content());

    // Collapsing a group hides its tiles and keeps its header; expanding brings them back.
    one::<HtmlElement>(&head, "button").click();
    settle().await;
    assert_eq!(node_names(&root), ["b1", "b2"]);
    assert_eq!(one::<Element>(&head, "button").get_attribute("aria-expanded").as_deref(), Some("false"));
    one::<HtmlElement>(&root, "[data-group=\"topology.kubernetes.io/zone=a\"] button").click();
    settle().await;
    assert_eq!(node_names(&root).len(), 6);

    // Any label key can be chosen; "No grouping" removes the headers.
    select_value(&root, "Group by", "kubernetes.io/hostname");
    settle().await;
    assert_eq!(group_titles(&root).len(), 6);
    select_value(&root, "Group by", "");
    settle().await;
    assert!(group_titles(&root).is_empty());
    assert_eq!(node_names(&root), ["a1", "a2", "a3", "a4", "b1", "b2"]);
}

#[wasm_bindgen_test]
async fn nodes_filter_by_label_selector_and_by_state() {
    let root = mount(with_script(&zoned_cluster())).await;
    let filter: Element = one(&root, "input[aria-label=\"Filter nodes\"]");
    type_into(&filter, "topology.kubernetes.io/zone=b");
    settle().await;
    assert_eq!(node_names(&root), ["b1", "b2"]);
    type_into(&filter, "topology.kubernetes.io/zone notin (b),kubernetes.io/hostname!=a1");
    settle().await;
    assert_eq!(node_names(&root), ["a2", "a3", "a4"]);

    // Not a selector: said so, and nothing is filtered out.
    type_into(&filter, "zone in (a");
    settle().await;
    let error = one::<Element>(&root, ".filter-error").text_content().unwrap();
    assert!(error.starts_with("Not a label selector"), "{error}");
    assert_eq!(node_names(&root).len(), 6);

    type_into(&filter, "");
    select_value(&root, "Filter by state", "cordoned");
    settle().await;
    assert_eq!(node_names(&root), ["b2"]);
    // The totals stay those of the whole cluster.
    let cluster = one::<Element>(&root, "[data-cluster]");
    assert_eq!(cluster.get_attribute("data-nodes").as_deref(), Some("6"));
    select_value(&root, "Filter by state", "all");
    settle().await;
    assert_eq!(node_names(&root).len(), 6);
}

#[wasm_bindgen_test]
async fn cluster_totals_cover_every_node_and_pod_when_only_some_tiles_render() {
    let script = format!("sim node add big --count 300\n{}sim advance 5s\n", apply_script(AGENT));
    let root = mount(with_script(&script)).await;
    let cluster = one::<Element>(&root, "[data-cluster]");
    let attr = |name: &str| cluster.get_attribute(name).unwrap_or_default();
    assert_eq!(
        (attr("data-nodes"), attr("data-pods"), attr("data-pods-ready")),
        ("300".into(), "300".into(), "300".into())
    );
    let rendered = node_names(&root).len();
    assert!(rendered > 0 && rendered < 300, "{rendered} tiles rendered");
    // Every rendered tile keeps the DOM contract.
    for tile in all(&root, "[data-node]") {
        assert_eq!(all(&tile, "[data-pod][data-ready=\"true\"]").len(), 1);
    }
    // The mini-map has one cell per node; a click on the last one brings that node into view.
    let map: web_sys::HtmlCanvasElement = one(&root, "canvas.minimap");
    assert!(map.width() > 0 && map.height() > 0);
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x(map.get_bounding_client_rect().right() as i32 - 2);
    init.set_client_y(map.get_bounding_client_rect().bottom() as i32 - 2);
    map.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap()).unwrap();
    settle().await;
    settle().await;
    let names = node_names(&root);
    assert!(names.iter().any(|n| n == "big99"), "big99 (last by name) not rendered: {names:?}");
}

/// A big change is worked out in slices: the click returns before the pods exist, the page
/// takes commands meanwhile, and a command given then runs once the work before it is done,
/// seeing the cluster it left (as in a script).
#[wasm_bindgen_test]
async fn a_big_apply_runs_in_slices_and_a_command_given_meanwhile_waits_for_it() {
    let root = mount(with_script("sim node add big --count 2000\n")).await;
    // 2,000 tiles' first render can outlast `mount`'s wait; the editor is set up after it.
    for _ in 0..5 {
        settle().await;
    }
    let cluster = one::<Element>(&root, "[data-cluster]");
    let pods = || cluster.get_attribute("data-pods").unwrap_or_default();
    type_into(&one::<Element>(&root, "textarea[aria-label=\"Manifest\"]"), AGENT);
    settle().await;
    button(&root, "Apply").click();
    let input: HtmlInputElement = one(&root, "input[aria-label=\"Console\"]");
    input.set_value("kubectl get ds agent");
    one::<HtmlFormElement>(&root, "form.console-input").request_submit().unwrap();
    assert_ne!(pods(), "2000", "the Apply click returned with every pod already made");
    for _ in 0..200 {
        if pods() == "2000"
            && one::<Element>(&root, ".console-log").text_content().unwrap().contains("$ kubectl get ds")
        {
            break;
        }
        settle().await;
    }
    assert_eq!(pods(), "2000");
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    let words: Vec<&str> = log.split_whitespace().collect();
    assert!(
        words.windows(3).any(|w| w == ["agent", "2000", "2000"]),
        "`kubectl get ds` did not see the finished sync (DESIRED and CURRENT 2000): {log}"
    );
}

#[wasm_bindgen_test]
async fn many_nodes_arrive_in_slices_and_their_long_output_folds_until_asked() {
    let root = mount(with_script("")).await;
    let cluster = one::<Element>(&root, "[data-cluster]");
    let nodes = || cluster.get_attribute("data-nodes").unwrap_or_default();
    let input: HtmlInputElement = one(&root, "input[aria-label=\"Console\"]");
    input.set_value("sim node add big --count 2500");
    one::<HtmlFormElement>(&root, "form.console-input").request_submit().unwrap();
    assert_ne!(nodes(), "2500", "the command returned with every node already added");
    for _ in 0..200 {
        if nodes() == "2500" {
            break;
        }
        settle().await;
    }
    assert_eq!(nodes(), "2500");
    let log = || one::<Element>(&root, ".console-log").text_content().unwrap();
    // 2,500 lines: the first and last 500 show, 1,500 wait behind a button.
    let folded = log();
    assert!(folded.contains("node/big500 created\n") && folded.contains("node/big2001 created\n"), "{folded}");
    assert!(!folded.contains("node/big1000 created"), "the middle of a long output is folded");
    button(&root, "Show 1,500 more lines").click();
    settle().await;
    let whole = log();
    assert!(whole.contains("node/big500 created\nnode/big501 created\n"), "unfolded in order");
    assert!(whole.contains("node/big1000 created\n") && whole.contains("node/big2500 created\n"));
    assert!(all(&root, ".console-log button").is_empty(), "the fold's button goes once it is used");
}

/// Posts `message` to this window, as a host page posts to its embed (a top-level page is its
/// own parent), and returns the replies that come back within `wait`.
async fn ask(message: serde_json::Value, wait: u64) -> Vec<serde_json::Value> {
    use serde::Serialize;
    let window = gloo::utils::window();
    let replies: std::rc::Rc<std::cell::RefCell<Vec<serde_json::Value>>> = Default::default();
    let sink = replies.clone();
    let id = message["id"].clone();
    let listener = gloo::events::EventListener::new(&window, "message", move |e| {
        let e = e.dyn_ref::<web_sys::MessageEvent>().unwrap();
        let data: serde_json::Value = serde_wasm_bindgen::from_value(e.data()).unwrap_or_default();
        if data["id"] == id && (data.get("timeMs").is_some() || data["type"] == "dsplay:result") {
            sink.borrow_mut().push(data);
        }
    });
    let value = message.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap();
    window.post_message(&value, "*").unwrap();
    yew::platform::time::sleep(Duration::from_millis(wait)).await;
    drop(listener);
    replies.take()
}

#[wasm_bindgen_test]
async fn an_embed_shows_compact_chrome_answers_its_host_and_never_touches_storage() {
    let storage = gloo::utils::window().local_storage().unwrap().unwrap();
    storage.set_item("dsplay:v1:session", "the visitor's own session").unwrap();
    let params = web_sys::UrlSearchParams::new_with_str("?embed&panels=console&theme=dark").unwrap();
    let options = dsplay_app::embed::from_params(|key| params.get(key)).unwrap();
    let root = mount(AppProps { initial_script: None, load_editor: false, embed: Some(options) }).await;
    // Compact chrome: tiles, DaemonSets and time; the console because panels asked for it.
    assert!(root.query_selector("select[aria-label=Preset]").unwrap().is_none());
    assert!(all(&root, "button").iter().all(|b| b.text_content().unwrap_or_default().trim() != "Copy link"));
    assert!(root.query_selector("textarea[aria-label=\"Manifest\"], .cm-host").unwrap().is_none());
    assert!(root.query_selector("input[aria-label=\"Console\"]").unwrap().is_some(), "the console is shown");
    button(&root, "Step");
    let link: web_sys::HtmlAnchorElement = all(&root, "a")
        .into_iter()
        .find(|a| a.text_content().unwrap_or_default().trim() == "Open in playground")
        .expect("an Open in playground link")
        .dyn_into()
        .unwrap();
    assert!(!link.href().contains("embed"), "{}", link.href());
    assert_eq!(
        gloo::utils::document().document_element().unwrap().get_attribute("data-theme").as_deref(),
        Some("dark")
    );
    // An empty cluster: no preset, no link, and not the visitor's session.
    assert!(node_names(&root).is_empty());

    let run =
        serde_json::json!({"type": "dsplay:run", "id": 1, "line": format!("sim node add n1\n{}", apply_script(AGENT))});
    let replies = ask(run, 400).await;
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!(replies[0]["exitCode"], 0);
    assert_eq!(replies[0]["stdout"], "node/n1 created\ndaemonset.apps/agent created\n");
    assert_eq!(node_names(&root), vec!["n1".to_string()]);
    step(&root, 5).await;
    let state = ask(serde_json::json!({"type": "dsplay:state", "id": "s"}), 300).await;
    assert_eq!(state.len(), 1, "{state:?}");
    assert_eq!(state[0]["type"], "dsplay:state");
    assert_eq!(state[0]["nodes"][0]["name"], "n1");
    assert_eq!(state[0]["nodes"][0]["pods"][0]["daemonset"], "agent");
    assert_eq!(state[0]["daemonsets"][0]["available"], 1);
    assert_eq!(state[0]["timeMs"], 5000);
    // Malformed: answered with exit code 2 and a reason; nothing ran.
    let bad = ask(serde_json::json!({"type": "dsplay:run", "id": 2, "line": 42}), 200).await;
    assert_eq!(bad[0]["exitCode"], 2);
    assert!(bad[0]["stderr"].as_str().unwrap().contains("line must be a string"));
    let unparsable =
        ask(serde_json::json!({"type": "dsplay:run", "id": 3, "line": "kubectl apply -f - <<EOF"}), 200).await;
    assert_eq!(unparsable[0]["exitCode"], 2);
    assert_eq!(node_names(&root), vec!["n1".to_string()]);
    assert_eq!(storage.get_item("dsplay:v1:session").unwrap().as_deref(), Some("the visitor's own session"));
    gloo::utils::document().document_element().unwrap().remove_attribute("data-theme").unwrap();
}

#[wasm_bindgen_test]
async fn a_tour_steps_forward_and_back_with_its_narration() {
    let script = "sim node add base\n#! step One node\n#! say The preamble's node is here.\n#! step Two more\n#! say Nodes join.\nsim node add t1\nsim node add t2\n";
    let root = mount(with_script(script)).await;
    let tour: Element = one(&root, "section[aria-label=Tour]");
    let text = || tour.text_content().unwrap();
    assert!(
        text().contains("Step 1 of 2") && text().contains("One node") && text().contains("preamble's node"),
        "{}",
        text()
    );
    assert_eq!(node_names(&root), ["base"]);
    assert!(button(&root, "Previous step").has_attribute("disabled"));
    button(&root, "Next step").click();
    settle().await;
    assert!(text().contains("Step 2 of 2") && text().contains("Nodes join."), "{}", text());
    assert_eq!(node_names(&root), ["base", "t1", "t2"]);
    assert!(button(&root, "Next step").has_attribute("disabled"));
    button(&root, "Previous step").click();
    settle().await;
    let tour: Element = one(&root, "section[aria-label=Tour]");
    assert!(tour.text_content().unwrap().contains("Step 1 of 2"));
    assert_eq!(node_names(&root), ["base"]);
}

#[wasm_bindgen_test]
async fn an_unapplied_draft_survives_twenty_reloads() {
    storage()
        .set_item(
            "dsplay:v1:session",
            &share::encode_stored(&share::Saved { script: "sim node add d1\n".to_string(), ..Default::default() }),
        )
        .unwrap();
    let root = mount(AppProps { initial_script: None, load_editor: false, embed: None }).await;
    let draft = format!("{AGENT}# edited, not applied: ✓\n");
    type_into(&one::<Element>(&root, "textarea[aria-label=\"Manifest\"]"), &draft);
    yew::platform::time::sleep(Duration::from_millis(700)).await;
    let saved = storage().get_item("dsplay:v1:session").unwrap().unwrap();
    let restored = share::decode_stored(&saved).unwrap();
    assert_eq!((restored.script.as_str(), restored.draft.as_deref()), ("sim node add d1\n", Some(draft.as_str())));
    for reload in 0..20 {
        let root = mount(AppProps { initial_script: None, load_editor: false, embed: None }).await;
        let editor: HtmlTextAreaElement = one(&root, "textarea[aria-label=\"Manifest\"]");
        assert_eq!(editor.value(), draft, "reload {reload}");
        assert_eq!(node_names(&root), ["d1"], "reload {reload}");
    }
    // Applied, it is no longer a draft: the script holds it.
    let root = mount(AppProps { initial_script: None, load_editor: false, embed: None }).await;
    button(&root, "Apply").click();
    settle().await;
    let saved = storage().get_item("dsplay:v1:session").unwrap().unwrap();
    let share::Saved { script, draft: saved_draft, .. } = share::decode_stored(&saved).unwrap();
    assert_eq!(saved_draft, None);
    assert!(script.ends_with(&format!("{draft}EOF\n")), "{script}");
}

#[wasm_bindgen_test]
async fn export_offers_two_files_and_a_pasted_node_table_creates_its_nodes() {
    let root = mount(with_script("")).await;
    let table = "NAME   STATUS                     ROLES    AGE   VERSION   LABELS\n\
                 w1     Ready                      <none>   3d    v1.30.6   pool=general,zone=a\n\
                 w2     Ready,SchedulingDisabled   <none>   3d    v1.30.6   pool=general\n\
                 w3     NotReady                   <none>   3d    v1.30.6   <none>\n";
    apply_from_editor(&root, table).await;
    let tile = |n: &str| one::<Element>(&root, &format!("[data-node=\"{n}\"]"));
    let has = |n: &str, class: &str| tile(n).get_attribute("class").unwrap_or_default().split(' ').any(|c| c == class);
    assert_eq!(node_names(&root), ["w1", "w2", "w3"]);
    for _ in 0..40 {
        if has("w3", "node-notready") {
            break;
        }
        settle().await;
    }
    assert!(has("w3", "node-notready"), "w3 reads NotReady");
    assert!(has("w1", "node-ready"));
    assert!(has("w2", "node-cordoned"));
    assert!(tile("w1").text_content().unwrap().contains("zone=a"));
    apply_from_editor(&root, AGENT).await;
    button(&root, "Export").click();
    settle().await;
    let href = |name: &str| -> String {
        let a = all(&root, "a").into_iter().find(|a| a.get_attribute("download").as_deref() == Some(name)).expect(name);
        a.get_attribute("href").unwrap()
    };
    let manifests = fetch_text(&href("manifests.yaml")).await;
    assert!(
        manifests.contains("kind: DaemonSet") && manifests.contains("name: agent") && !manifests.contains("status:"),
        "{manifests}"
    );
    let script = fetch_text(&href("scenario.sh")).await;
    assert!(
        script.starts_with("#!/usr/bin/env bash\n") && script.contains("# sim node add w1 --label pool=general"),
        "{script}"
    );
    // After a change the files offered would be out of date: they are withdrawn.
    let old = href("scenario.sh");
    button(&root, "Step").click();
    settle().await;
    assert!(all(&root, "a[download]").is_empty());
    assert!(wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(&old)).await.is_err(), "revoked");
}

/// The text a URL (a `blob:` download) holds.
async fn fetch_text(url: &str) -> String {
    let response = wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(url)).await.unwrap();
    let text = response.dyn_into::<web_sys::Response>().unwrap().text().unwrap();
    wasm_bindgen_futures::JsFuture::from(text).await.unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
async fn a_tour_and_its_step_survive_a_reload() {
    storage().remove_item("dsplay:v1:session").unwrap();
    let root = mount(AppProps { initial_script: None, load_editor: false, embed: None }).await;
    let tour_text = |root: &Element| one::<Element>(root, "section[aria-label=Tour]").text_content().unwrap();
    assert!(tour_text(&root).contains("Step 1 of 6"), "{}", tour_text(&root));
    button(&root, "Next step").click();
    settle().await;
    assert!(tour_text(&root).contains("Step 2 of 6"));
    let pods_before = all(&root, "[data-pod]").len();
    let again = mount(AppProps { initial_script: None, load_editor: false, embed: None }).await;
    assert!(
        tour_text(&again).contains("Step 2 of 6") && tour_text(&again).contains("fluentd on every node"),
        "{}",
        tour_text(&again)
    );
    assert_eq!(all(&again, "[data-pod]").len(), pods_before);
    button(&again, "Next step").click();
    settle().await;
    assert!(tour_text(&again).contains("Step 3 of 6"));
}

/// Waits (up to 3 s) until `ready` holds.
async fn wait_for(mut ready: impl FnMut() -> bool) -> bool {
    for _ in 0..150 {
        if ready() {
            return true;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    ready()
}

fn previews(root: &Element) -> Vec<(String, String)> {
    all(root, "[data-node]")
        .iter()
        .filter_map(|e| Some((e.get_attribute("data-node")?, e.get_attribute("data-preview")?)))
        .collect()
}

fn preview_summary(root: &Element) -> Option<String> {
    let el: HtmlElement = one(root, "[role=\"status\"][aria-label=\"Preview\"]");
    (!el.hidden()).then(|| el.text_content().unwrap_or_default().trim().to_string())
}

fn expect(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[wasm_bindgen_test]
async fn the_preview_shows_what_apply_would_do_and_apply_then_does_exactly_that() {
    let root = mount(with_script(THREE_NODES)).await;
    let editor = || one::<Element>(&root, "textarea[aria-label=\"Manifest\"]");
    assert!(previews(&root).is_empty(), "no preview before an edit");

    // A new DaemonSet: gain where its selector matches.
    type_into(&editor(), FAST_STORAGE);
    let want = expect(&[("a", "gain"), ("b", "gain"), ("c", "none")]);
    assert!(wait_for(|| previews(&root) == want).await, "{:?}", previews(&root));
    assert_eq!(preview_summary(&root).as_deref(), Some("Apply would create 2 pods"));
    assert!(pods_on(&root, "a").is_empty(), "the live cluster is untouched");

    // Apply creates exactly there, and the preview goes.
    button(&root, "Apply").click();
    assert!(wait_for(|| previews(&root).is_empty()).await);
    assert_eq!(preview_summary(&root), None);
    step(&root, 2).await;
    let placed: Vec<usize> = ["a", "b", "c"].iter().map(|n| pods_on(&root, n).len()).collect();
    assert_eq!(placed, vec![1, 1, 0]);

    // A new image: replace on the nodes that run it.
    type_into(&editor(), &FAST_STORAGE.replace("nginx:1.27", "nginx:1.28"));
    let want = expect(&[("a", "replace"), ("b", "replace"), ("c", "none")]);
    assert!(wait_for(|| previews(&root) == want).await, "{:?}", previews(&root));
    assert_eq!(preview_summary(&root).as_deref(), Some("Apply would replace 2 pods"));

    // Back to the applied text: no preview.
    type_into(&editor(), FAST_STORAGE);
    assert!(wait_for(|| previews(&root).is_empty()).await, "{:?}", previews(&root));

    // A request no node can meet: pending everywhere it would run.
    let huge = FAST_STORAGE.replace(
        "          image: nginx:1.27\n",
        "          image: nginx:1.27\n          resources:\n            requests:\n              cpu: \"500\"\n",
    );
    type_into(&editor(), &huge);
    let want = expect(&[("a", "pending"), ("b", "pending"), ("c", "none")]);
    assert!(wait_for(|| previews(&root) == want).await, "{:?}", previews(&root));
    assert_eq!(preview_summary(&root).as_deref(), Some("Apply would replace 2 pods; 2 would stay Pending"));

    // An invalid manifest shows its errors, not a preview; fixing it brings the preview back.
    type_into(&editor(), &FAST_STORAGE.replace("app: fast-storage\n  template", "app: other\n  template"));
    assert!(wait_for(|| previews(&root).is_empty() && !all(&root, ".diagnostics li").is_empty()).await);
    assert_eq!(preview_summary(&root), None);
    let error = one::<Element>(&root, ".diagnostics").text_content().unwrap_or_default();
    assert!(
        error.contains("`selector` does not match template `labels`") || error.contains("field is immutable"),
        "{error}"
    );
    type_into(&editor(), &FAST_STORAGE.replace("nginx:1.27", "nginx:1.28"));
    assert!(wait_for(|| !previews(&root).is_empty() && all(&root, ".diagnostics li").is_empty()).await);
}

#[wasm_bindgen_test]
async fn the_rollout_timeline_draws_the_counters_and_marks_starts_and_completions() {
    let root = mount(with_script(&format!("{THREE_NODES}{}", apply_script(AGENT)))).await;
    let chart: Element = one(&root, "svg[role=\"img\"][aria-label=\"Rollout timeline\"]");
    let series: Vec<String> =
        all(&chart, "path[data-series]").iter().filter_map(|p| p.get_attribute("data-series")).collect();
    assert_eq!(series, vec!["desired", "updated", "available", "unavailable"]);
    let marks = |root: &Element| -> Vec<String> {
        all(root, "svg[aria-label=\"Rollout timeline\"] [data-mark]")
            .iter()
            .filter_map(|m| m.get_attribute("data-mark"))
            .collect()
    };
    assert_eq!(marks(&root), vec!["started"]);
    step(&root, 3).await;
    assert_eq!(marks(&root), vec!["started", "completed"]);

    // A new image rolls out again; the words for screen readers say so.
    let input: HtmlInputElement = one(&root, "input[aria-label=\"Console\"]");
    for line in ["kubectl set image ds/agent agent=busybox:1.37", "sim advance 1m"] {
        input.set_value(line);
        one::<HtmlFormElement>(&root, "form.console-input").request_submit().unwrap();
        settle().await;
    }
    assert_eq!(marks(&root), vec!["started", "completed", "started", "completed"]);
    let described = chart.get_attribute("aria-describedby").unwrap();
    let words = gloo::utils::document().get_element_by_id(&described).unwrap().text_content().unwrap();
    assert!(words.starts_with("agent at "), "{words}");
    assert!(words.contains("3 desired, 3 updated, 3 available, 0 unavailable"), "{words}");
}

#[wasm_bindgen_test]
async fn compare_mode_runs_two_manifests_on_one_cluster_and_one_clock() {
    let root = mount(with_script(THREE_NODES)).await;
    // Applied from the editor: both variants' editors start with that text.
    apply_from_editor(&root, AGENT).await;
    step(&root, 5).await;
    button(&root, "Compare").click();
    settle().await;
    let variant = |v: &str| one::<Element>(&root, &format!("[data-variant=\"{v}\"]"));
    let (a, b) = (variant("a"), variant("b"));
    for v in [&a, &b] {
        assert_eq!(node_names(v), vec!["a", "b", "c"], "{}", v.outer_html().chars().take(600).collect::<String>());
        assert_eq!(all(v, "[data-cluster]").len(), 1);
        assert_eq!(all(v, "[data-pod]").len(), 3);
    }
    let manifest_a: HtmlTextAreaElement = one(&a, "textarea[aria-label=\"Manifest A\"]");
    let manifest_b: HtmlTextAreaElement = one(&b, "textarea[aria-label=\"Manifest B\"]");
    assert_eq!(manifest_a.value(), AGENT, "A keeps what was applied");
    assert_eq!(manifest_b.value(), manifest_a.value(), "B starts as a copy of A");

    // B gets a new image; A does not.
    type_into(&manifest_b, &AGENT.replace("busybox:1.36", "busybox:1.37"));
    settle().await;
    button(&b, "Apply").click();
    settle().await;
    let revisions = |v: &Element| -> Vec<String> {
        all(v, "[data-pod]").iter().filter_map(|p| p.get_attribute("data-revision")).collect()
    };
    let before_a = revisions(&variant("a"));
    // One clock: Step moves both.
    step(&root, 10).await;
    let (a, b) = (variant("a"), variant("b"));
    assert_eq!(revisions(&a), before_a, "A keeps its pods");
    assert!(revisions(&b).iter().all(|r| !before_a.contains(r)), "B rolled every pod: {:?}", revisions(&b));

    // A console line runs on both.
    let input: HtmlInputElement = one(&root, "input[aria-label=\"Console\"]");
    input.set_value("sim node add d");
    one::<HtmlFormElement>(&root, "form.console-input").request_submit().unwrap();
    settle().await;
    assert_eq!(node_names(&variant("a")), vec!["a", "b", "c", "d"]);
    assert_eq!(node_names(&variant("b")), vec!["a", "b", "c", "d"]);

    // One chart overlays both.
    assert_eq!(all(&root, "svg[aria-label=\"Rollout timeline\"]").len(), 1);
    assert_eq!(all(&root, "svg[aria-label=\"Rollout timeline\"] path[data-chart-variant=\"b\"]").len(), 4);

    // Leaving keeps variant A.
    button(&root, "Compare").click();
    settle().await;
    assert!(all(&root, "[data-variant]").is_empty());
    assert_eq!(all(&root, "[data-cluster]").len(), 1);
    assert_eq!(node_names(&root), vec!["a", "b", "c", "d"]);
    let kept: Vec<String> = revisions(&root).into_iter().take(3).collect();
    assert_eq!(kept, before_a);
}

#[wasm_bindgen_test]
async fn drain_in_the_node_panel_evicts_the_bare_pod_and_leaves_the_daemon_pod() {
    let bare = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  nodeName: a\n  containers:\n  - name: web\n    image: nginx:1.27\n";
    let script = format!("{THREE_NODES}{}{}sim advance 10s\n", apply_script(AGENT), apply_script(bare));
    let root = mount(with_script(&script)).await;
    assert_eq!(pods_on(&root, "a").len(), 2);
    one::<HtmlElement>(&root, "[data-node=\"a\"] button.node-name").click();
    settle().await;
    button(&root, "Drain").click();
    settle().await;
    let log = one::<Element>(&root, ".console-log").text_content().unwrap();
    assert!(log.contains("$ kubectl drain a --ignore-daemonsets --force"), "log: {log}");
    assert!(log.contains("pod/web evicted") && log.contains("node/a drained"), "log: {log}");
    let left: Vec<String> = pods_on(&root, "a").iter().filter_map(|p| p.get_attribute("data-pod")).collect();
    assert_eq!(left.len(), 1);
    assert!(left[0].starts_with("agent-"), "{left:?}");
    assert!(one::<Element>(&root, "[data-node=\"a\"]").class_name().contains("node-cordoned"));
}
