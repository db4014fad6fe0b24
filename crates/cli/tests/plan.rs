//! `dsplay plan` against the corpus: every manifest on every small node list, and the nodes it
//! says would gain a running pod are exactly the nodes where Apply then binds one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's copy of the corpus (tests/corpus).
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

fn dsplay(args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsplay"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("dsplay runs");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("written");
    let out = child.wait_with_output().expect("dsplay ends");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(corpus().join(dir))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|x| x == "yaml") && !p.to_string_lossy().contains("5000"));
    v.sort();
    v
}

#[test]
fn plan_gains_exactly_where_apply_binds_pods() {
    let (nodes, manifests) = (files("nodes"), files("manifests"));
    assert!(!nodes.is_empty() && !manifests.is_empty(), "no corpus at {}", corpus().display());
    let mut checked = 0;
    for n in &nodes {
        for m in &manifests {
            let (n_path, m_path) = (n.to_string_lossy().to_string(), m.to_string_lossy().to_string());
            // Exit status 1 when some object is refused (an old API version), as kubectl apply.
            let (code, plan, err) = dsplay(&["plan", "--nodes", &n_path, &m_path], "");
            assert!(code == 0 || (code == 1 && !err.is_empty()), "{n_path} {m_path}: {err}");
            let predicted: BTreeSet<(String, String)> = plan
                .lines()
                .skip(1)
                .filter_map(|l| {
                    let cols: Vec<&str> = l.split_whitespace().collect();
                    (cols.len() >= 3 && cols[2] == "gain").then(|| (cols[0].to_string(), cols[1].to_string()))
                })
                .collect();
            let script = format!("kubectl apply -f {n_path}\nkubectl apply -f {m_path}\nkubectl get pods -A -o wide\n");
            let (_, out, _) = dsplay(&["run", "-"], &script);
            let bound: BTreeSet<(String, String)> = out
                .lines()
                .filter(|l| l.split_whitespace().nth(1).is_some())
                .skip_while(|l| !l.starts_with("NAMESPACE"))
                .skip(1)
                .filter_map(|l| {
                    let cols: Vec<&str> = l.split_whitespace().collect();
                    // NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE …: daemon pods are
                    // named after their DaemonSet plus five characters.
                    let node = cols.get(7)?;
                    let ds = cols.get(1)?.rsplit_once('-')?.0;
                    (*node != "<none>").then(|| (node.to_string(), ds.to_string()))
                })
                .collect();
            assert_eq!(predicted, bound, "{n_path} {m_path}\n{plan}\n{out}");
            checked += 1;
        }
    }
    assert!(checked > 10);
}

#[test]
fn plan_marks_pending_and_fails_on_it_when_asked() {
    let nodes = "apiVersion: v1\nkind: Node\nmetadata:\n  name: small\nstatus:\n  allocatable:\n    cpu: \"1\"\n    memory: 1Gi\n    pods: \"10\"\n";
    let dir = std::env::temp_dir().join(format!("dsplay-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (n, m) = (dir.join("nodes.yaml"), dir.join("big.yaml"));
    std::fs::write(&n, nodes).expect("written");
    std::fs::write(
        &m,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: big\nspec:\n  selector:\n    matchLabels:\n      app: big\n  template:\n    metadata:\n      labels:\n        app: big\n    spec:\n      containers:\n      - name: c\n        image: busybox\n        resources:\n          requests:\n            cpu: \"2\"\n",
    )
    .expect("written");
    let (n, m) = (n.to_string_lossy().to_string(), m.to_string_lossy().to_string());
    let (code, out, err) = dsplay(&["plan", "--nodes", &n, &m], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "NODE    DAEMONSET   CHANGE    REASON\nsmall   big         pending   Insufficient cpu\nApply would create 1 pod; 1 would stay Pending\n"
    );
    let (code, _, _) = dsplay(&["plan", "--fail-on-pending", "--nodes", &n, &m], "");
    assert_eq!(code, 1);
    let (code, _, err) = dsplay(&["plan", "--nodes", &n], "");
    assert_eq!(code, 2, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A stream is read as `kubectl apply -f` reads it: the documents before a bad one are
/// planned, the bad one's error counts lines from its own start, and other files still count.
#[test]
fn plan_reads_each_file_document_by_document() {
    let dir = std::env::temp_dir().join(format!("dsplay-plan-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (n, m, other) = (dir.join("nodes.yaml"), dir.join("stream.yaml"), dir.join("other.yaml"));
    std::fs::write(&n, "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n").expect("written");
    let ds = |name: &str| {
        format!(
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: c\n        image: busybox\n"
        )
    };
    std::fs::write(&m, format!("{}---\nkind: DaemonSet\n  bad: [\n---\n{}", ds("first"), ds("lost"))).expect("written");
    // Validation refuses the document without apiVersion, which ends this file's reading.
    std::fs::write(
        &other,
        format!("{}---\nkind: DaemonSet\nmetadata:\n  name: versionless\n---\n{}", ds("second"), ds("never")),
    )
    .expect("written");
    let path = |p: &std::path::Path| p.to_string_lossy().to_string();
    let (code, out, err) = dsplay(&["plan", "--nodes", &path(&n), &path(&m), &path(&other)], "");
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        err,
        format!(
            "error: error parsing {}: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context\nerror: error validating {:?}: error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n",
            path(&m),
            path(&other)
        )
    );
    assert_eq!(
        out,
        "NODE   DAEMONSET   CHANGE   REASON\nn1     first       gain     <none>\nn1     second      gain     <none>\nApply would create 2 pods\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
