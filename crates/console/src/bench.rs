//! The work `dsplay bench` and the browser benchmark both measure, so the native and the wasm
//! figures are for the same work: a DaemonSet that tolerates every taint, applied and advanced
//! 1 s at a time until it is available on every node.

use crate::Console;

/// A tolerate-everything DaemonSet named `NAME`, as a console command with its heredoc.
pub const DAEMONSET: &str = "kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: NAME
spec:
  selector:
    matchLabels:
      app: NAME
  template:
    metadata:
      labels:
        app: NAME
    spec:
      tolerations:
      - operator: Exists
      containers:
      - name: agent
        image: registry.k8s.io/NAME:1.0
        resources:
          requests:
            cpu: 10m
            memory: 20Mi
EOF
";

/// Runs console text; returns a message for every command that failed.
pub fn run(console: &mut Console, text: &str) -> Vec<String> {
    match console.run_text(text) {
        Ok(results) => results
            .into_iter()
            .filter(|(_, o)| o.exit_code != 0)
            .map(|(c, o)| format!("`{}` failed:\n{}", c.first_line, o.text()))
            .collect(),
        Err(e) => vec![e.to_string()],
    }
}

/// Applies DaemonSet `name` and advances 1 s at a time until it is available everywhere (at
/// most 10 simulated minutes). Returns the simulated seconds it took, and any failures.
pub fn converge(console: &mut Console, name: &str) -> (u64, Vec<String>) {
    let failures = run(console, &DAEMONSET.replace("NAME", name));
    let mut simulated = 0;
    loop {
        let done = console.simulation().store().daemonsets().values().find(|d| d.meta.name == name).is_some_and(|d| {
            d.status.desired_number_scheduled > 0 && d.status.number_available == d.status.desired_number_scheduled
        });
        if done || simulated > 600_000 {
            return (simulated / 1000, failures);
        }
        console.advance_ms(1000);
        simulated += 1000;
    }
}
