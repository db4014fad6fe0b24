//! Golden console transcripts: every `tests/transcripts/*.sh` runs on a fresh cluster and its
//! transcript must equal the `.out` file beside it, byte for byte. `UPDATE_GOLDEN=1 cargo test`
//! rewrites the `.out` files when behaviour changes on purpose (review the diff).

use dsplay_console::Console;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

/// A console that reads `-f` files as `dsplay run` does from the repository root.
fn console() -> Console {
    let mut console = Console::new();
    console.read_files_from(repo_root());
    console
}

/// Runs a script with `-f` paths relative to the repository root, as `dsplay run` from there.
fn transcript_of(script: &str) -> (String, bool) {
    console().transcript(script).expect("script parses")
}

/// The same, run as the page runs it: the simulation stepwise, and each command's work done
/// in steps after the command returns, before the next one runs.
fn stepwise_transcript_of(text: &str) -> String {
    let mut console = console();
    console.simulation_mut().set_stepwise(true);
    let run = console.transcript_with(text, |console| while console.simulation_mut().step() {});
    run.expect("script parses").0
}

#[test]
fn transcripts_match_their_golden_files() {
    check_dir("tests/transcripts", true);
}

/// 5,000-node scenarios: compared once (no second run for determinism; they take seconds).
#[test]
fn scale_transcripts_match_their_golden_files() {
    check_dir("tests/scale", false);
}

fn check_dir(rel: &str, twice: bool) {
    let dir = repo_root().join(rel);
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/transcripts")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty(), "no transcripts found in {}", dir.display());
    let mut failures = Vec::new();
    for script in &scripts {
        let text = std::fs::read_to_string(script).expect("script");
        let (got, _) = transcript_of(&text);
        let golden = script.with_extension("out");
        if update {
            std::fs::write(&golden, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(got.lines().count().min(want.lines().count()));
            failures.push(format!(
                "{}: first difference at line {}\n  got:  {:?}\n  want: {:?}",
                script.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
                line + 1,
                got.lines().nth(line).unwrap_or("<end>"),
                want.lines().nth(line).unwrap_or("<end>")
            ));
        }
        // Determinism: the same script gives the same bytes, also when the page runs the
        // simulation's work in steps between commands.
        if twice {
            assert_eq!(stepwise_transcript_of(&text), got, "{} differs when run stepwise", script.display());
        }
    }
    assert!(
        failures.is_empty(),
        "{} transcript(s) differ (UPDATE_GOLDEN=1 to accept):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
