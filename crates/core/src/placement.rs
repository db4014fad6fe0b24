//! Which nodes should run a daemon pod. Mirrors `NodeShouldRunDaemonPod` in
//! pkg/controller/daemon/daemon_controller.go, the node-affinity matcher of
//! component-helpers/scheduling/corev1/nodeaffinity, and `AddOrUpdateDaemonPodTolerations`.

use crate::labels::Labels;
use crate::objects::{Node, NodeSelectorRequirement, NodeSelectorTerm, PodScheduling, Taint, Toleration};

/// The controller's verdict for one node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub should_run: bool,
    pub should_continue_running: bool,
}

/// The automatic tolerations every daemon pod gets, in upstream order (daemonset_util.go).
pub fn daemon_pod_tolerations(host_network: bool) -> Vec<Toleration> {
    let t = |key: &str, effect: &str| Toleration {
        key: key.into(),
        operator: "Exists".into(),
        value: String::new(),
        effect: effect.into(),
        toleration_seconds: None,
    };
    let mut out = vec![
        t("node.kubernetes.io/not-ready", "NoExecute"),
        t("node.kubernetes.io/unreachable", "NoExecute"),
        t("node.kubernetes.io/disk-pressure", "NoSchedule"),
        t("node.kubernetes.io/memory-pressure", "NoSchedule"),
        t("node.kubernetes.io/pid-pressure", "NoSchedule"),
        t("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];
    if host_network {
        out.push(t("node.kubernetes.io/network-unavailable", "NoSchedule"));
    }
    out
}

/// Template tolerations plus the automatic ones, skipping exact duplicates (`AddOrUpdateTolerationInPod`).
pub fn with_daemon_tolerations(template: &[Toleration], host_network: bool) -> Vec<Toleration> {
    let mut out = template.to_vec();
    for t in daemon_pod_tolerations(host_network) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// `NodeSelectorRequirementsAsSelector` semantics for one label requirement.
fn label_requirement_matches(r: &NodeSelectorRequirement, labels: &Labels) -> bool {
    let value = labels.get(&r.key);
    match r.operator.as_str() {
        "In" => value.is_some_and(|v| r.values.contains(v)),
        "NotIn" => value.is_none_or(|v| !r.values.contains(v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" | "Lt" => {
            let (Some(v), [bound]) = (value, r.values.as_slice()) else { return false };
            let (Ok(v), Ok(bound)) = (v.parse::<i64>(), bound.parse::<i64>()) else { return false };
            if r.operator == "Gt" { v > bound } else { v < bound }
        }
        _ => false,
    }
}

fn field_requirement_matches(r: &NodeSelectorRequirement, node_name: &str) -> bool {
    if r.key != "metadata.name" || r.values.len() != 1 {
        return false;
    }
    match r.operator.as_str() {
        "In" => r.values[0] == node_name,
        "NotIn" => r.values[0] != node_name,
        _ => false,
    }
}

/// A term matches when all its expressions and fields match; an empty term matches nothing.
pub fn term_matches(term: &NodeSelectorTerm, labels: &Labels, node_name: &str) -> bool {
    if term.match_expressions.is_empty() && term.match_fields.is_empty() {
        return false;
    }
    term.match_expressions.iter().all(|r| label_requirement_matches(r, labels))
        && term.match_fields.iter().all(|r| field_requirement_matches(r, node_name))
}

/// nodeSelector and required node affinity (`GetRequiredNodeAffinity(pod).Match(node)`).
pub fn matches_node_selector_and_affinity(sched: &PodScheduling, node: &Node) -> bool {
    let labels = &node.meta.labels;
    if !sched.node_selector.iter().all(|(k, v)| labels.get(k) == Some(v)) {
        return false;
    }
    match &sched.required_terms {
        None => true,
        Some(terms) => terms.iter().any(|t| term_matches(t, labels, &node.meta.name)),
    }
}

/// The first NoSchedule/NoExecute taint none of the tolerations tolerate, preferring NoExecute
/// (a NoExecute taint decides `should_continue_running`).
pub fn untolerated_taint<'a>(taints: &'a [Taint], tolerations: &[Toleration]) -> (Option<&'a Taint>, bool) {
    let mut first = None;
    let mut no_execute = false;
    for taint in taints {
        if taint.effect != "NoSchedule" && taint.effect != "NoExecute" {
            continue;
        }
        if tolerations.iter().any(|t| t.tolerates(taint)) {
            continue;
        }
        if taint.effect == "NoExecute" && !no_execute {
            no_execute = true;
            first = Some(taint);
        }
        if first.is_none() {
            first = Some(taint);
        }
    }
    (first, no_execute)
}

/// `NodeShouldRunDaemonPod`: `tolerations` must already include the automatic ones.
pub fn node_should_run_daemon_pod(node: &Node, sched: &PodScheduling, tolerations: &[Toleration]) -> Placement {
    if let Some(name) = &sched.node_name
        && name != &node.meta.name
    {
        return Placement { should_run: false, should_continue_running: false };
    }
    if !matches_node_selector_and_affinity(sched, node) {
        return Placement { should_run: false, should_continue_running: false };
    }
    let (taint, no_execute) = untolerated_taint(&node.taints, tolerations);
    if taint.is_some() {
        return Placement { should_run: false, should_continue_running: !no_execute };
    }
    Placement { should_run: true, should_continue_running: true }
}

/// Sentences saying which rule decided, for the "why, or why not" panel.
pub fn explain(node: &Node, sched: &PodScheduling, tolerations: &[Toleration]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(name) = &sched.node_name {
        if name != &node.meta.name {
            out.push(format!("The pod template sets nodeName: {name}, so only that node can run it."));
            return out;
        }
        out.push(format!("The pod template sets nodeName: {name}."));
    }
    let labels = &node.meta.labels;
    for (k, v) in &sched.node_selector {
        match labels.get(k) {
            Some(have) if have == v => out.push(format!("nodeSelector {k}={v} matches the node's label.")),
            Some(have) => out.push(format!("nodeSelector {k}={v} does not match: the node has {k}={have}.")),
            None => out.push(format!("nodeSelector {k}={v} does not match: the node has no label {k}.")),
        }
    }
    if let Some(terms) = &sched.required_terms {
        match terms.iter().position(|t| term_matches(t, labels, &node.meta.name)) {
            Some(i) => out.push(format!("Required node affinity: term {} matches.", i + 1)),
            None => {
                let mut why = Vec::new();
                for (i, t) in terms.iter().enumerate() {
                    let failing: Vec<String> = t
                        .match_expressions
                        .iter()
                        .filter(|r| !label_requirement_matches(r, labels))
                        .map(|r| format!("{} {} [{}]", r.key, r.operator, r.values.join(",")))
                        .chain(
                            t.match_fields
                                .iter()
                                .filter(|r| !field_requirement_matches(r, &node.meta.name))
                                .map(|r| format!("{} {} [{}]", r.key, r.operator, r.values.join(","))),
                        )
                        .collect();
                    if failing.is_empty() {
                        why.push(format!("term {} is empty and matches nothing", i + 1));
                    } else {
                        why.push(format!("term {} fails on {}", i + 1, failing.join(", ")));
                    }
                }
                out.push(format!("Required node affinity does not match: {}.", why.join("; ")));
            }
        }
    }
    let (taint, no_execute) = untolerated_taint(&node.taints, tolerations);
    let automatic = daemon_pod_tolerations(true);
    for t in &node.taints {
        if t.effect == "PreferNoSchedule" {
            out.push(format!("Taint {} only affects scheduler scoring; the controller ignores it.", t.to_text()));
            continue;
        }
        if let Some(tol) = tolerations.iter().find(|tol| tol.tolerates(t)) {
            let how = if automatic.contains(tol) {
                "the automatic DaemonSet toleration"
            } else {
                "the template's toleration"
            };
            out.push(format!("Taint {} is tolerated by {} {}.", t.to_text(), how, tol.to_text()));
        }
    }
    if let Some(t) = taint {
        if no_execute {
            out.push(format!(
                "Taint {} is not tolerated (NoExecute): no pod here, and a running one is deleted.",
                t.to_text()
            ));
        } else {
            out.push(format!(
                "Taint {} is not tolerated (NoSchedule): no new pod here; a running one is kept.",
                t.to_text()
            ));
        }
    }
    if out.is_empty() {
        out.push("No nodeSelector, affinity or untolerated taint excludes this node.".to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::{Meta, Node};
    use serde_json::{Map, json};

    fn node(name: &str, labels: &[(&str, &str)], taints: &[(&str, &str, &str)]) -> Node {
        let mut n = Node {
            meta: Meta {
                name: name.into(),
                labels: labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                ..Meta::default()
            },
            spec: Map::new(),
            status: Map::new(),
            conditions: vec![],
            taints: vec![],
            unschedulable: false,
            allocatable: Default::default(),
            internal_ip: None,
            kubelet_down: false,
            index: 0,
            next_ip: 0,
            #[cfg(target_arch = "wasm32")]
            view_stamp: 0,
            pods_bound: 0,
        };
        n.set_taints(taints.iter().map(|(k, v, e)| Taint::new(k, v, e)).collect());
        n
    }

    fn sched(spec: serde_json::Value) -> (PodScheduling, Vec<Toleration>) {
        let s = PodScheduling::from_pod_spec(&spec);
        let t = with_daemon_tolerations(&s.tolerations, s.host_network);
        (s, t)
    }

    fn verdict(n: &Node, spec: serde_json::Value) -> (bool, bool) {
        let (s, t) = sched(spec);
        let p = node_should_run_daemon_pod(n, &s, &t);
        (p.should_run, p.should_continue_running)
    }

    #[test]
    fn node_should_run_daemon_pod_table() {
        let plain = node("n1", &[("zone", "a"), ("gen", "5")], &[]);
        let table: Vec<(&str, Node, serde_json::Value, (bool, bool))> = vec![
            ("no constraints", plain.clone(), json!({}), (true, true)),
            ("matching nodeSelector", plain.clone(), json!({"nodeSelector": {"zone": "a"}}), (true, true)),
            ("mismatching nodeSelector", plain.clone(), json!({"nodeSelector": {"zone": "b"}}), (false, false)),
            ("nodeName elsewhere", plain.clone(), json!({"nodeName": "n2"}), (false, false)),
            ("nodeName here", plain.clone(), json!({"nodeName": "n1"}), (true, true)),
            (
                "untolerated NoSchedule keeps running pods",
                node("n1", &[], &[("gpu", "true", "NoSchedule")]),
                json!({}),
                (false, true),
            ),
            (
                "untolerated NoExecute evicts",
                node("n1", &[], &[("gpu", "true", "NoExecute")]),
                json!({}),
                (false, false),
            ),
            (
                "PreferNoSchedule is ignored",
                node("n1", &[], &[("gpu", "true", "PreferNoSchedule")]),
                json!({}),
                (true, true),
            ),
            (
                "Equal toleration",
                node("n1", &[], &[("gpu", "true", "NoSchedule")]),
                json!({"tolerations": [{"key": "gpu", "operator": "Equal", "value": "true", "effect": "NoSchedule"}]}),
                (true, true),
            ),
            (
                "Equal toleration with other value",
                node("n1", &[], &[("gpu", "true", "NoSchedule")]),
                json!({"tolerations": [{"key": "gpu", "value": "false"}]}),
                (false, true),
            ),
            (
                "Exists with empty key tolerates all",
                node("n1", &[], &[("a", "", "NoExecute"), ("b", "x", "NoSchedule")]),
                json!({"tolerations": [{"operator": "Exists"}]}),
                (true, true),
            ),
            (
                "tolerationSeconds counts as tolerated",
                node("n1", &[], &[("a", "", "NoExecute")]),
                json!({"tolerations": [{"key": "a", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 30}]}),
                (true, true),
            ),
            (
                "cordoned node is tolerated automatically",
                node("n1", &[], &[("node.kubernetes.io/unschedulable", "", "NoSchedule")]),
                json!({}),
                (true, true),
            ),
            (
                "unreachable node: NoSchedule blocks new pods",
                node(
                    "n1",
                    &[],
                    &[
                        ("node.kubernetes.io/unreachable", "", "NoSchedule"),
                        ("node.kubernetes.io/unreachable", "", "NoExecute"),
                    ],
                ),
                json!({}),
                (false, true),
            ),
            (
                "network-unavailable needs hostNetwork",
                node("n1", &[], &[("node.kubernetes.io/network-unavailable", "", "NoSchedule")]),
                json!({}),
                (false, true),
            ),
            (
                "network-unavailable with hostNetwork",
                node("n1", &[], &[("node.kubernetes.io/network-unavailable", "", "NoSchedule")]),
                json!({"hostNetwork": true}),
                (true, true),
            ),
        ];
        for (name, n, spec, want) in table {
            assert_eq!(verdict(&n, spec), want, "{name}");
        }
    }

    #[test]
    fn node_affinity_operators_match_like_upstream() {
        let n = node("n1", &[("zone", "a"), ("gen", "5"), ("empty", "")], &[]);
        let aff = |exprs: serde_json::Value| json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": exprs}]}}}});
        let table = [
            (json!([{"key": "zone", "operator": "In", "values": ["a", "b"]}]), true),
            (json!([{"key": "zone", "operator": "NotIn", "values": ["a"]}]), false),
            (json!([{"key": "missing", "operator": "NotIn", "values": ["a"]}]), true),
            (json!([{"key": "empty", "operator": "Exists"}]), true),
            (json!([{"key": "zone", "operator": "DoesNotExist"}]), false),
            (json!([{"key": "gen", "operator": "Gt", "values": ["4"]}]), true),
            (json!([{"key": "gen", "operator": "Lt", "values": ["5"]}]), false),
            (json!([{"key": "zone", "operator": "Gt", "values": ["1"]}]), false),
            (json!([{"key": "missing", "operator": "Lt", "values": ["9"]}]), false),
            (json!([]), false),
        ];
        for (exprs, want) in table {
            assert_eq!(verdict(&n, aff(exprs.clone())).0, want, "{exprs}");
        }
        let ored = json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["x"]}]},
            {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n1"]}]}]}}}});
        assert!(verdict(&n, ored).0);
        let two_values = json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n1", "n2"]}]}]}}}});
        assert!(!verdict(&n, two_values).0);
    }

    #[test]
    fn automatic_tolerations_follow_upstream_order() {
        let keys: Vec<String> = daemon_pod_tolerations(false).iter().map(|t| t.to_text()).collect();
        assert_eq!(keys[0], "node.kubernetes.io/not-ready:NoExecute op=Exists");
        assert_eq!(keys.len(), 6);
        assert_eq!(daemon_pod_tolerations(true).len(), 7);
    }
}
