//! What the browser benchmark (`cargo xtask bench --browser`, web/bench/browser-bench.mjs)
//! reads from `window`: the wasm linear memory, for the heap figure, and the wasm core's time
//! for the same converge `dsplay bench` measures natively, so the two can be compared.

use crate::browser::now_ms;
use dsplay_console::{Console, bench};
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;

/// Milliseconds for a new DaemonSet to converge on `nodes` fresh nodes (NaN outside 1..=5000).
fn converge_ms(nodes: u32) -> f64 {
    if !(1..=5000).contains(&nodes) {
        return f64::NAN;
    }
    let mut console = Console::new();
    bench::run(&mut console, &format!("sim node add node- --count {nodes} --label pool=general"));
    let start = now_ms();
    let _ = bench::converge(&mut console, "ds-0");
    now_ms() - start
}

/// Sets `window.dsplayWasmMemory` and `window.dsplayBenchConverge(nodes)`.
pub fn expose() {
    let window = gloo::utils::window();
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("dsplayWasmMemory"), &wasm_bindgen::memory());
    let converge = Closure::<dyn Fn(u32) -> f64>::new(converge_ms);
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("dsplayBenchConverge"), converge.as_ref());
    // Lives as long as the page.
    converge.forget();
}
