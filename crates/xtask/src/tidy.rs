//! ARCHITECTURE.md's invariants, checked mechanically where a text search can (rust-analyzer's
//! `tidy.rs` is the model): each rule names the crates it holds for and the words that would
//! break it. Comment lines are skipped, so a rule may be explained where it applies.

use std::fs;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `file:line: text` for each non-comment line of the crates' sources that has a forbidden word.
fn violations(crates: &[&str], words: &[&str], allowed_files: &[&str]) -> Vec<String> {
    let root = workspace();
    let mut found = Vec::new();
    for krate in crates {
        let src = root.join("crates").join(krate).join("src");
        let files = rust_files(&src);
        assert!(!files.is_empty(), "no sources under {}", src.display());
        for file in files {
            let rel = file.strip_prefix(&root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
            if allowed_files.iter().any(|a| rel.ends_with(a)) {
                continue;
            }
            let text = fs::read_to_string(&file).unwrap_or_default();
            for (i, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                if let Some(w) = words.iter().find(|w| code.contains(*w)) {
                    found.push(format!("{rel}:{}: `{w}` in: {}", i + 1, code));
                }
            }
        }
    }
    found
}

#[test]
fn only_the_app_touches_the_dom() {
    let words = ["web_sys", "js_sys", "wasm_bindgen", "yew::", "gloo"];
    let v = violations(&["core", "console", "cli"], &words, &[]);
    assert!(v.is_empty(), "DOM and JS bindings outside crates/app:\n{}", v.join("\n"));
}

#[test]
fn the_core_reads_no_clock_does_no_io_and_spawns_nothing() {
    let words = [
        "std::time",
        "Instant::",
        "SystemTime",
        "std::fs",
        "std::io",
        "std::net",
        "std::thread",
        "std::env",
        "std::process",
        "println!",
        "eprintln!",
        "dbg!",
    ];
    let v = violations(&["core"], &words, &[]);
    assert!(v.is_empty(), "the core must stay pure:\n{}", v.join("\n"));
}

#[test]
fn the_core_hashes_with_one_fixed_hasher() {
    // std's RandomState differs from run to run: a map of it iterated by mistake would make
    // output differ between runs. Maps come from `fasthash` (a fixed hasher) or are ordered.
    let words = ["HashMap", "HashSet", "RandomState"];
    let v = violations(&["core"], &words, &["crates/core/src/fasthash.rs"]);
    assert!(v.is_empty(), "use fasthash::FastMap/FastSet or an ordered map:\n{}", v.join("\n"));
}

#[test]
fn the_console_words_the_apiserver_in_one_module() {
    // `Error from server (…)` is written by console/src/errors.rs alone, so each apiserver
    // refusal has one wording.
    let v = violations(&["console", "app"], &["Error from server"], &["crates/console/src/errors.rs"]);
    assert!(v.is_empty(), "apiserver errors worded outside console/src/errors.rs:\n{}", v.join("\n"));
}

#[test]
fn the_console_moves_the_clock_in_one_module() {
    // Which commands let simulated time pass has one answer: console/src/waits.rs. (Tests
    // and benchmarks move it through `Console::advance_ms`, which goes there too.)
    let words = ["sim.advance(", ".advance_to(", "sim.step("];
    let v = violations(&["console"], &words, &["crates/console/src/waits.rs"]);
    assert!(v.is_empty(), "the clock moves outside waits.rs:\n{}", v.join("\n"));
}

#[test]
fn only_the_console_formats_kubectl_text() {
    // The core returns typed errors (`ApiError`, `ClientError`); `console/src/errors.rs` words
    // them. A string that starts like kubectl's `error: …` in the core is wording in the wrong room.
    let words = ["Error from server", "\"error: ", "\"error validating", "error: unable to"];
    let mut v = violations(&["core"], &words, &[]);
    // The page words its own embed protocol's errors (`error: dsplay:run: …`), never kubectl's.
    v.extend(violations(&["app"], &["Error from server", "error: unable to"], &[]));
    assert!(v.is_empty(), "kubectl's wording belongs to crates/console:\n{}", v.join("\n"));
}

#[test]
fn the_page_sorts_through_one_routine() {
    // std's sorts are instantiated per element type, about 3 KB of wasm each; the page's
    // crates sort through `dsplay_core::order` (see its comment) to stay in the size budget.
    let words = [".sort(", ".sort_by(", ".sort_by_key(", ".sort_unstable"];
    let v = violations(&["core", "console", "app"], &words, &["crates/core/src/order.rs"]);
    assert!(v.is_empty(), "use dsplay_core::order::{{sort, sort_by, sort_by_key}}:\n{}", v.join("\n"));
}

#[test]
fn the_page_builds_json_with_its_own_macro() {
    // serde_json's `json!` unwraps `to_value`, which keeps serde_json's error Debug and
    // message tables in the bundle (3.7 KB of gzip when first measured, 1.3 KB when one use
    // brought them back): the page's crates use the core's `json!`
    // (json_macro.rs) outside their tests.
    let mut v = Vec::new();
    for krate in ["core", "console", "app"] {
        for file in rust_files(&workspace().join("crates").join(krate).join("src")) {
            let text = fs::read_to_string(&file).unwrap_or_default();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (i, line) in code.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
                let imported = line.split("use serde_json::{").nth(1).and_then(|r| r.split('}').next());
                if line.contains("serde_json::json")
                    || imported.is_some_and(|names| names.split(',').any(|n| n.trim() == "json"))
                {
                    v.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(v.is_empty(), "use the core's json! (crate::json / dsplay_core::json):\n{}", v.join("\n"));
}

#[test]
fn the_page_folds_case_in_ascii() {
    // `str::to_lowercase` and `to_uppercase` bring Unicode's case tables, 15 KB of the gzipped
    // wasm; kubectl's names and messages are ASCII.
    let words = [".to_lowercase(", ".to_uppercase("];
    let v = violations(&["core", "console", "app"], &words, &[]);
    assert!(v.is_empty(), "use to_ascii_lowercase / to_ascii_uppercase:\n{}", v.join("\n"));
}

#[test]
fn the_rules_see_a_violation() {
    // A rule that cannot fail is a defect: this file itself has the words in code lines.
    let v = violations(&["xtask"], &["web_sys"], &["crates/xtask/src/main.rs"]);
    assert!(!v.is_empty(), "the scanner should find the words in its own rule table");
}

/// The modules of a crate's `src/` (top level; `lib` left out: every module names the crate
/// root for its shared types) and, for each, the sibling modules its code names through
/// `crate::…` paths (test modules and comments left out).
fn module_graph(krate: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let src = workspace().join("crates").join(krate).join("src");
    let mut modules = std::collections::BTreeMap::new();
    let Ok(entries) = fs::read_dir(&src) else { return modules };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|m| m != "lib" && m != "main")
        .collect();
    for m in &names {
        let text = fs::read_to_string(src.join(format!("{m}.rs"))).unwrap_or_default();
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
        let mut refs = std::collections::BTreeSet::new();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                // `crate::a::…`, or every name of `crate::{a, b::c}`.
                let group = match rest.strip_prefix('{') {
                    Some(g) => g.split('}').next().unwrap_or_default(),
                    None => rest,
                };
                for part in group.split(',') {
                    let word: String =
                        part.trim().chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                    if &word != m && names.contains(&word) {
                        refs.insert(word);
                    }
                }
            }
        }
        modules.insert(m.clone(), refs);
    }
    modules
}

/// The modules of `graph` that lie on an import cycle.
fn on_cycles(graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>) -> Vec<String> {
    // A module is on a cycle when it can reach itself.
    graph
        .keys()
        .filter(|start| {
            let mut seen = std::collections::BTreeSet::new();
            let mut stack: Vec<&String> = graph[*start].iter().collect();
            while let Some(m) = stack.pop() {
                if m == *start {
                    return true;
                }
                if seen.insert(m) {
                    stack.extend(graph.get(m).into_iter().flatten());
                }
            }
            false
        })
        .cloned()
        .collect()
}

#[test]
fn the_console_has_no_import_cycle() {
    // kubectl ↔ describe ↔ simcmd once went in circles; each module now depends one way.
    let cycles = on_cycles(&module_graph("console"));
    assert!(cycles.is_empty(), "console modules on an import cycle: {cycles:?}");
}

#[test]
fn the_core_has_no_import_cycle() {
    // Controllers work against `World` and hold nothing of `Simulation`, and the shared
    // vocabulary (errors, timers, taints) lives below them: the modules form a ladder. A
    // cycle here once tied sim, daemon, kubelet, scheduler and priority together.
    let cycles = on_cycles(&module_graph("core"));
    assert!(cycles.is_empty(), "core modules on an import cycle: {cycles:?}");
}

#[test]
fn the_cycle_finder_sees_a_cycle() {
    let graph: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = [
        ("a".to_string(), ["b".to_string()].into()),
        ("b".to_string(), ["a".to_string()].into()),
        ("c".to_string(), ["a".to_string()].into()),
    ]
    .into();
    assert_eq!(on_cycles(&graph), ["a", "b"]);
    assert!(!module_graph("console").is_empty() && module_graph("console").values().any(|r| !r.is_empty()));
}
