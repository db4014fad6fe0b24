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
