//! Every input the fuzzer ever found a problem with, replayed through its target: each must
//! now return (accepted or refused) without a panic.

use dsplay_fuzz::TARGETS;

/// (target, input). Add a finding here once it is fixed.
const CASES: &[(&str, &str)] = &[
    // yaml, seed 20261202: two containers whose memory requests each saturate at i64::MAX
    // milli-units; their sum overflowed (PodScheduling, the scheduler's fit, describe node).
    (
        "yaml",
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: huge\nspec:\n  selector:\n    matchLabels: {app: huge}\n  template:\n    metadata:\n      labels: {app: huge}\n    spec:\n      containers:\n      - name: a\n        image: busybox\n        resources:\n          requests: {memory: 999999999932Mi, cpu: 9999999999999}\n          limits: {memory: 999999999932Mi, cpu: 9999999999999}\n      - name: b\n        image: busybox\n        resources:\n          requests: {memory: 999999999932Mi, cpu: 9999999999999}\n          limits: {memory: 999999999932Mi, cpu: 9999999999999}\n",
    ),
];

#[test]
fn past_findings_no_longer_fail() {
    for (target, input) in CASES {
        let t = TARGETS.iter().find(|t| t.name == *target).unwrap_or_else(|| panic!("no target {target}"));
        let _ = (t.run)(input);
    }
}

#[test]
fn every_target_takes_empty_and_odd_input() {
    for t in TARGETS {
        for input in ["", "\0", "\u{feff}", "\u{1b}[31m", "::::", "- - -", "{[", "#s1:", "<<EOF\n"] {
            let _ = (t.run)(input);
        }
    }
}

#[test]
fn the_console_target_runs_commands() {
    // A seed must reach the commands: two nodes and a label, all accepted.
    assert!(dsplay_fuzz::console("sim node add n1 n2\nkubectl label nodes n1 a=b\nkubectl get nodes\n"));
    assert!(!dsplay_fuzz::console("sim node add n1\nkubectl frobnicate\n"));
}
