//! The fuzz targets: each takes arbitrary bytes and must neither panic nor hang (more than
//! 1 s) nor grow without bound, whatever it is given. `cargo xtask fuzz` drives them
//! (`main.rs`: a mutation fuzzer on stable Rust, since cargo-fuzz needs nightly), and
//! `tests/regressions.rs` replays every input that ever failed.

use dsplay_console::Console;

/// The longest input a target is given: the apiserver's request limit is far larger, but
/// bigger inputs only slow the search without reaching new code.
pub const MAX_LEN: usize = 16 * 1024;

pub struct Target {
    pub name: &'static str,
    pub run: fn(&str) -> bool,
}

/// (name, function). A target returns whether the input was accepted (the fuzzer keeps
/// accepted inputs to mutate further: valid inputs reach deeper code).
pub const TARGETS: &[Target] = &[
    Target { name: "yaml", run: yaml },
    Target { name: "console", run: console },
    Target { name: "apply", run: apply },
    Target { name: "script", run: script },
    Target { name: "share-link", run: share_link },
    Target { name: "quantity", run: quantity },
    Target { name: "duration", run: duration },
];

/// The manifest reader, then apply (decoding checks, validation, the controllers' first
/// sync) on an empty cluster with two nodes.
pub fn yaml(text: &str) -> bool {
    let Ok(docs) = dsplay_core::manifest::parse_stream(text) else { return false };
    let mut sim = dsplay_core::Simulation::new(1);
    for n in ["n1", "n2"] {
        let _ = sim.add_node(n, &dsplay_core::sim::NodeShape::default());
    }
    let ok = sim.apply(docs, "default", false).iter().all(Result::is_ok);
    sim.advance(1_000);
    ok
}

/// Console lines (words, quotes, flags, every command) on a fresh console, one line at a
/// time, as typed; heredocs are the `script` and `yaml` targets' part.
pub fn console(text: &str) -> bool {
    let mut console = Console::new();
    let mut ok = true;
    for line in text.lines().take(64) {
        ok &= console.run_line(line).exit_code == 0;
    }
    ok
}

/// `kubectl apply -f -` with the input as its heredoc: the console's side of a manifest
/// (kubectl's error wording, line and column for the editor, the apply output).
pub fn apply(text: &str) -> bool {
    let mut console = Console::new();
    let _ = console.run_line("sim node add n1 n2");
    let script = format!("kubectl apply -f - <<EOF\n{}\nEOF\n", text.replace("\nEOF", "\nEOF_"));
    matches!(console.run_text(&script), Ok(results) if results.iter().all(|(_, o)| o.exit_code == 0))
}

/// The script reader alone (commands and heredocs).
pub fn script(text: &str) -> bool {
    dsplay_console::script::parse_script(text).is_ok()
}

/// Share links (`#s1:`, `#p:`) and the saved-session envelope.
pub fn share_link(text: &str) -> bool {
    let link = dsplay_app::share::decode_fragment(text).is_ok();
    let stored = dsplay_app::share::decode_stored(text).is_ok();
    link || stored
}

/// Quantities (`500m`, `1.5Gi`, `1e3`), read and written back in canonical form.
pub fn quantity(text: &str) -> bool {
    use dsplay_core::quantity::{canonical, parse_milli};
    let milli = parse_milli(text);
    let _ = canonical(text, false);
    // Writing a resource again never changes what the scheduler counts for it.
    // (Past i64 milli-units Go's own writing loses the value: `1000E` is written `1`.)
    if let (Ok(m), Some(c)) = (&milli, canonical(text, true))
        && m.unsigned_abs() < i64::MAX as u64
    {
        assert_eq!(parse_milli(&c).as_ref(), Ok(m), "{text:?} written as {c:?}");
    }
    // What the scheduler reads, the apiserver's decoding accepts.
    if milli.is_ok() {
        assert_eq!(dsplay_core::quantity::parse_error(text.trim()), None, "{text:?}");
    }
    milli.is_ok()
}

/// Durations (`1h30m`, `500ms`), and times (`2024-01-02T03:04:05Z`) on the same text.
pub fn duration(text: &str) -> bool {
    // Go's time.Parse (RFC 3339, with and without six fractional digits) on the same text.
    let _ = dsplay_core::gotime::parse_error(text, false);
    let _ = dsplay_core::gotime::parse_error(text, true);
    dsplay_core::time::parse_duration_ms(text).is_some()
}
