//! `dsplay export` on every golden transcript: the kubectl script is bash that `bash -n`
//! accepts, and the manifests apply to a fresh cluster as they are.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

fn dsplay(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsplay"))
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dsplay runs");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.unwrap_or_default().as_bytes()).expect("stdin written");
    drop(input);
    let out = child.wait_with_output().expect("dsplay ends");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

#[test]
fn every_transcript_exports_bash_and_manifests_that_apply() {
    let dir = repo_root().join("tests/transcripts");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("transcripts")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    scripts.sort();
    assert!(scripts.len() > 20);
    for script in scripts {
        let path = script.to_string_lossy().to_string();
        let (code, bash, err) = dsplay(&["export", "--kubectl", &path], None);
        assert_eq!(code, 0, "{path}: {err}");
        let mut check = Command::new("bash")
            .arg("-n")
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bash is on this machine kind");
        {
            use std::io::Write;
            check.stdin.take().expect("stdin").write_all(bash.as_bytes()).expect("written");
        }
        let checked = check.wait_with_output().expect("bash ends");
        assert!(checked.status.success(), "{path}: bash -n: {}", String::from_utf8_lossy(&checked.stderr));

        let (code, yaml, err) = dsplay(&["export", "--manifests", &path], None);
        assert_eq!(code, 0, "{path}: {err}");
        if yaml.is_empty() {
            continue;
        }
        let apply = format!("kubectl apply -f - <<'END_OF_EXPORT'\n{yaml}END_OF_EXPORT\n");
        let (code, out, err) = dsplay(&["run", "-"], Some(&apply));
        assert_eq!(code, 0, "{path}: the exported manifests do not apply:\n{out}{err}\n{yaml}");
    }
}

#[test]
fn export_refuses_bad_arguments_and_input() {
    let (code, _, err) = dsplay(&["export"], None);
    assert_eq!(code, 2);
    assert!(err.starts_with("usage: dsplay run"), "{err}");
    let (code, _, err) = dsplay(&["export", "--yaml", "x.sh"], None);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = dsplay(&["export", "--kubectl", "no/such/file.sh"], None);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read no/such/file.sh"), "{err}");
    let (code, _, err) = dsplay(&["export", "--kubectl", "-"], Some("kubectl apply -f - <<EOF\nkind: X\n"));
    assert_eq!(code, 2);
    assert!(err.contains("unterminated heredoc"), "{err}");
}
