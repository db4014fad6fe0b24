//! `dsplay compare`: two rollout strategies on the same cluster, one table in simulated time.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/compare")
}

fn dsplay(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dsplay")).args(args).output().expect("dsplay runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

#[test]
fn one_at_a_time_against_surge_row_by_row_until_both_settle() {
    let (a, b) = (fixtures().join("one-at-a-time.sh"), fixtures().join("surge.sh"));
    let (code, out, err) = dsplay(&["compare", &a.to_string_lossy(), &b.to_string_lossy()]);
    assert_eq!((code, err.as_str()), (0, ""));
    let expected = std::fs::read_to_string(fixtures().join("expected.out")).expect("expected.out");
    assert_eq!(out, expected);

    // Every 5s: the grid thins, the changes stay.
    let (_, out, _) = dsplay(&["compare", &a.to_string_lossy(), &b.to_string_lossy(), "--every", "5s"]);
    let times: Vec<&str> = out.lines().skip(1).filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(times, ["0s", "2s", "5s", "10s", "12s", "14s", "15s", "16s", "18s", "20s", "22s", "24s", "25s", "26s"]);
}

#[test]
fn bad_arguments_and_failing_scripts_say_so() {
    let a = fixtures().join("one-at-a-time.sh");
    let a = a.to_string_lossy();
    let (code, _, err) = dsplay(&["compare", &a]);
    assert_eq!(code, 2);
    assert!(err.starts_with("usage: dsplay"), "{err}");
    let (code, _, err) = dsplay(&["compare", &a, &a, "--every", "soon\u{1b}"]);
    assert_eq!(
        (code, err.as_str()),
        (2, "dsplay compare: --every needs a duration such as 1s or 500ms, not \"soon\\x1b\"\n")
    );
    let (code, _, err) = dsplay(&["compare", &a, "/nonexistent/b.sh"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("dsplay: cannot read /nonexistent/b.sh"), "{err}");

    let dir = std::env::temp_dir().join(format!("dsplay-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.sh");
    std::fs::write(&bad, "sim node add n1\nkubectl cordon n2\n").expect("written");
    let (code, out, err) = dsplay(&["compare", &a, &bad.to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(out.starts_with("TIME "), "{out}");
    assert!(err.contains("bad.sh: line 2: Error from server (NotFound): nodes \"n2\" not found"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
