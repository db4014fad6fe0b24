//! The same scenario gives the same bytes natively and in the browser: this test runs under
//! `cargo test` and under `wasm-pack test --headless --chrome`, against one digest.

use dsplay_core::Simulation;
use dsplay_core::manifest::parse_stream;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const NODES: &str = "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Node, metadata: {name: a, labels: {zone: x}}}\n- {apiVersion: v1, kind: Node, metadata: {name: b}, spec: {taints: [{key: gpu, effect: NoSchedule}]}}\n- {apiVersion: v1, kind: Node, metadata: {name: c}}\n";

const DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 50%}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: agent, image: agent:1, resources: {requests: {cpu: 100m}}}]\n";

fn digest(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Runs a small scenario (placement, a rollout, a node failure) and renders its state.
fn scenario() -> String {
    // What the page's `fields.js` installs (native builds compile it in).
    dsplay_core::schema::install(include_str!("../schema/fields.txt"));
    let mut sim = Simulation::new(42);
    let mut out = String::new();
    for text in [NODES, DS] {
        for r in sim.apply(parse_stream(text).expect("parses"), "default", false) {
            out.push_str(&format!("{r:?}\n"));
        }
    }
    sim.advance(5_000);
    let ok = sim.set_image("default", "agent", &[("agent".into(), "agent:2".into())]);
    out.push_str(&format!("{ok:?}\n"));
    for step in 0..6 {
        sim.advance(1_000);
        if step == 2 {
            sim.fail_node("c").expect("node c");
        }
        out.push_str(&serde_json::to_string(&sim.view()).expect("view serializes"));
        out.push('\n');
    }
    sim.advance(60_000);
    out.push_str(&serde_json::to_string(&sim.view()).expect("view serializes"));
    for ds in sim.store().daemonsets().values() {
        out.push_str(&serde_json::to_string(&ds.to_json()).expect("json"));
    }
    for pod in sim.store().pods().values() {
        out.push_str(&serde_json::to_string(&pod.to_json()).expect("json"));
    }
    out
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_same_scenario_gives_the_same_bytes_on_every_platform() {
    let text = scenario();
    assert_eq!(text, scenario(), "two runs differ");
    // Update only on purpose, after checking the behaviour change natively.
    assert_eq!(digest(&text), EXPECTED, "digest changed ({} bytes)", text.len());
}

// Changed with the PodReadyToStartContainers condition in the pod status.
const EXPECTED: u64 = 14_847_848_063_151_454_699;
