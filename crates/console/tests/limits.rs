//! Input limits answer with the apiserver's and kubectl's words and change nothing.

use dsplay_console::{Console, ScriptCommand};

fn apply(console: &mut Console, body: &str) -> dsplay_console::Output {
    let mut lines: Vec<String> = body.lines().map(str::to_string).collect();
    lines.push("EOF".into());
    console.run(&ScriptCommand { line: 1, first_line: "kubectl apply -f - <<EOF".into(), heredoc_lines: lines })
}

#[test]
fn an_object_over_three_mebibytes_is_refused_with_the_apiservers_words() {
    let mut console = Console::new();
    let big = "x".repeat(3 * 1024 * 1024 + 10);
    let out = apply(
        &mut console,
        &format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: {big}\n"),
    );
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr().contains("Request entity too large: limit is 3145728"), "{}", out.stderr());
    let get = console.run_line("kubectl get configmaps");
    assert_eq!(get.stderr(), "No resources found in default namespace.\n");
}

#[test]
fn deeply_nested_and_aliased_input_is_refused_quickly() {
    let mut console = Console::new();
    let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let start = std::time::Instant::now();
    let out = apply(&mut console, &deep);
    // Either our depth budget or the scanner's own flow-level limit, whichever is met first.
    let err = out.stderr();
    assert!(err.contains("nesting deeper than 64 levels") || err.contains("recursion limit exceeded"), "{err}");
    let block = (0..200).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>();
    let out = apply(&mut console, &block);
    assert!(out.stderr().contains("nesting deeper than 64 levels"), "{}", out.stderr());
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let out = apply(&mut console, &bomb);
    assert!(out.stderr().contains("excessive aliasing"), "{}", out.stderr());
    // Generous: the point is "no hang", not a timing figure.
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn garbage_lines_never_panic_and_never_fail_silently() {
    let mut console = Console::new();
    for line in [
        "kubectl",
        "kubectl get",
        "kubectl get -o",
        "kubectl label",
        "kubectl taint nodes",
        "sim",
        "sim node",
        "sim node add",
        "sim advance",
        "kubectl rollout",
        "kubectl rollout status",
        "kubectl set",
        "kubectl delete",
        "\"",
        "'",
        "kubectl get pods -l 'a in (b'",
        "kubectl get pods -l =",
        "sim node add x --count 0",
        "kubectl apply -f -",
        "kubectl describe",
        "kubectl create namespace",
        "kubectl create namespace Bad_Name",
    ] {
        let out = console.run_line(line);
        assert!(out.exit_code != 0 && !out.stderr().is_empty(), "{line:?} should fail with a message: {out:?}");
    }
    assert_eq!(console.run_line("   ").exit_code, 0);
}

#[test]
fn the_editor_hints_at_quoting_a_yaml_1_1_bool_or_number_and_the_console_stays_kubectls() {
    let table = [
        ("  labels:\n    enabled: yes\n", 6, 14, "yes"),
        ("  labels: {enabled: on, tier: web}\n", 5, 21, "on"),
        ("  labels:\n    version: 1.0 # a number\n", 6, 14, "1.0"),
        // Columns count characters, not bytes.
        ("  labels: {note: \"日本\", flag: yes}\n", 5, 30, "yes"),
    ];
    for (labels, line, column, token) in table {
        let mut console = Console::new();
        let body = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{labels}spec:\n  containers:\n  - name: c\n    image: busybox\n"
        );
        let out = apply(&mut console, &body);
        assert_eq!(out.exit_code, 1);
        let text = out.text();
        assert!(text.ends_with("of type string\n"), "the console keeps kubectl's words: {text}");
        let d = &console.last_diagnostics()[0];
        assert_eq!((d.line, d.column), (line, column), "{labels}");
        assert!(d.message.ends_with(&format!(" (hint: quote it: \"{token}\")")), "{}", d.message);
    }
    // A type error a quote would not fix gets no hint.
    let mut console = Console::new();
    let out = apply(&mut console, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: [a]\n");
    assert_eq!(out.exit_code, 1);
    assert!(!console.last_diagnostics()[0].message.contains("hint"));
}
