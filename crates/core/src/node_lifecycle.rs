//! Node health: `sim node fail` and `recover` (a kubelet that stops and resumes posting
//! status), `sim node condition`, and the node lifecycle controller
//! (`pkg/controller/nodelifecycle/node_lifecycle_controller.go`): after
//! `--node-monitor-grace-period` without a heartbeat it marks the node's conditions Unknown,
//! taints it unreachable (NoSchedule and NoExecute), and marks its pods not ready.

use crate::objects::*;
use crate::store::Key;
use crate::world::World;

const NODE_NOT_READY: EventKind = EventKind::normal("NodeNotReady", "node-controller");

/// The node lifecycle controller: it keeps nothing between its timers.
#[derive(Clone, Default)]
pub(crate) struct NodeLifecycle;

impl NodeLifecycle {
    /// `monitorNodeHealth` for one node whose kubelet went silent `--node-monitor-grace-period`
    /// ago: its conditions go Unknown, it is tainted unreachable, and its pods are marked not
    /// ready (`MarkPodsNotReady`).
    pub(crate) fn monitor(&mut self, w: &mut World, name: &str) {
        let now = w.now;
        let went_unknown = w.store.update_node_unversioned(name, |node| {
            if !node.kubelet_down || node.ready_status() == Some("Unknown") {
                return None;
            }
            for kind in ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] {
                if let Some(c) = node.conditions.iter_mut().find(|c| c.kind == kind) {
                    if c.status != "Unknown" {
                        c.last_transition_ms = now;
                    }
                    c.status = "Unknown".into();
                    c.reason = "NodeStatusUnknown".into();
                    c.message = "Kubelet stopped posting node status.".into();
                }
            }
            let mut taints: Vec<Taint> = node
                .taints
                .iter()
                .filter(|t| t.key != NOT_READY_TAINT && t.key != UNREACHABLE_TAINT)
                .cloned()
                .collect();
            taints.push(Taint {
                key: UNREACHABLE_TAINT.into(),
                value: String::new(),
                effect: "NoSchedule".into(),
                time_added_ms: Some(now),
            });
            taints.push(Taint {
                key: UNREACHABLE_TAINT.into(),
                value: String::new(),
                effect: "NoExecute".into(),
                time_added_ms: Some(now),
            });
            node.set_taints(taints);
            Some(crate::world::node_ref(node))
        });
        let Some(Some(node_ref)) = went_unknown else { return };
        w.record(node_ref, &NODE_NOT_READY, format!("Node {name} status is now: NodeNotReady"), None);
        // MarkPodsNotReady: pods on the node lose their Ready condition.
        let pods: Vec<Key> = w.store.pod_keys_on_node(name);
        for k in pods {
            w.store.update_pod(&k, |p| {
                if p.is_ready() {
                    p.status.ready = Some(Condition::new(false, now));
                }
            });
            w.pod_changed(&k);
        }
        w.node_changed(name);
    }
}

/// The conditions a healthy kubelet posts.
pub(crate) fn kubelet_conditions(node: &mut Node, now: i64) {
    node.set_condition(
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
        now,
    );
    node.set_condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now);
    node.set_condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now);
    node.set_condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now);
}

#[cfg(test)]
mod tests {
    use crate::harness::{Cluster, daemonset};
    use crate::sim::UNREACHABLE_TAINT;

    #[test]
    fn a_silent_kubelet_makes_its_node_unknown_after_the_grace_period_and_daemon_pods_stay() {
        let mut c = Cluster::with_nodes(2);
        c.apply(&daemonset("agent", "a:1", "", "")).advance(5_000);
        c.sim.fail_node("n1").expect("fail");
        c.advance(39_000);
        let node = |c: &Cluster| c.sim.world.store.nodes().get("n1").expect("n1").clone();
        assert_eq!(node(&c).ready_status(), Some("True"), "within --node-monitor-grace-period");
        c.advance(1_000);
        assert_eq!(node(&c).ready_status(), Some("Unknown"));
        let taints: Vec<(String, String)> = node(&c).taints.iter().map(|t| (t.key.clone(), t.effect.clone())).collect();
        assert_eq!(
            taints,
            [
                (UNREACHABLE_TAINT.to_string(), "NoSchedule".to_string()),
                (UNREACHABLE_TAINT.to_string(), "NoExecute".to_string())
            ]
        );
        assert_eq!(c.reasons_for("n1").last().map(String::as_str), Some("NodeNotReady"));
        // MarkPodsNotReady; a daemon pod tolerates unreachable:NoExecute forever, so it stays.
        c.advance(600_000);
        let pods = c.pods_of("agent");
        assert_eq!(pods.len(), 2);
        assert!(!pods[1].ready && !pods[1].terminating, "{pods:?}");
        assert_eq!(c.status("agent").number_ready, 1);
        c.sim.recover_node("n1").expect("recover");
        c.advance(5_000);
        assert_eq!(node(&c).ready_status(), Some("True"));
        assert!(node(&c).taints.is_empty());
        assert_eq!(c.status("agent").number_ready, 2);
    }
}
