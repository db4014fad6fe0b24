//! Node health: `sim node fail` and `recover` (a kubelet that stops and resumes posting
//! status), `sim node condition`, and the node lifecycle controller
//! (`pkg/controller/nodelifecycle/node_lifecycle_controller.go`): after
//! `--node-monitor-grace-period` without a heartbeat it marks the node's conditions Unknown,
//! taints it unreachable (NoSchedule and NoExecute), and marks its pods not ready.

use crate::objects::*;
use crate::sim::{ApiError, ClientError, NOT_READY_TAINT, Simulation, Timer, UNREACHABLE_TAINT};
use crate::store::Key;
use crate::world::World;

impl Simulation {
    /// `sim node fail`: the kubelet stops posting status; the node lifecycle controller notices
    /// after the grace period.
    pub fn fail_node(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        let now = self.world.now;
        let grace = self.world.config.node_monitor_grace_ms;
        let node = self.node_mut(name)?;
        if node.kubelet_down {
            return Ok(());
        }
        node.kubelet_down = true;
        self.world.schedule(now + grace, Timer::NodeMonitor { node: name.to_string(), since: now });
        Ok(())
    }

    /// `sim node recover`: the kubelet posts Ready again; unreachable taints are lifted.
    pub fn recover_node(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        let now = self.world.now;
        let node = self.node_mut(name)?;
        if !node.kubelet_down && node.ready_status() == Some("True") {
            return Ok(());
        }
        node.kubelet_down = false;
        kubelet_conditions(node, now);
        let taints: Vec<Taint> =
            node.taints.iter().filter(|t| t.key != UNREACHABLE_TAINT && t.key != NOT_READY_TAINT).cloned().collect();
        node.set_taints(taints);
        let node_ref = crate::world::node_ref(node);
        self.world.record(
            node_ref,
            "Normal",
            "NodeReady",
            format!("Node {name} status is now: NodeReady"),
            "kubelet",
            Some(name.into()),
        );
        // The kubelet resumes: running pods report ready again, terminating pods finish.
        let pods: Vec<Key> = self.world.store.pod_keys_on_node(name);
        for k in pods {
            let Some(p) = self.world.store.pods().get(&k) else { continue };
            let uid = p.meta.uid.clone();
            if p.meta.deletion_ms.is_some() {
                self.world.schedule(now + self.world.config.pod_stop_ms, Timer::Terminated { pod: k.clone(), uid });
            } else if p.status.phase == "Running" {
                self.world.store.update_pod(&k, |p| {
                    p.status.ready = Some(Condition::new(true, now));
                    p.status.containers_ready = Some(Condition::new(true, now));
                });
                crate::kubelet::after_ready(&mut self.world, &k);
            } else if !p.is_terminal() {
                self.world.schedule(now, Timer::Kubelet { pod: k.clone(), uid });
            }
            self.world.pod_changed(&k);
        }
        self.world.node_changed(name);
        self.settle();
        Ok(())
    }

    /// `sim node condition NAME TYPE=True|False`.
    pub fn set_node_condition(&mut self, name: &str, kind: &str, on: bool) -> Result<(), ApiError> {
        self.finish();
        let now = self.world.now;
        let (taint_key, reason_on, reason_off, msg_on, msg_off) = match kind {
            "DiskPressure" => (
                "node.kubernetes.io/disk-pressure",
                "KubeletHasDiskPressure",
                "KubeletHasNoDiskPressure",
                "kubelet has disk pressure",
                "kubelet has no disk pressure",
            ),
            "MemoryPressure" => (
                "node.kubernetes.io/memory-pressure",
                "KubeletHasInsufficientMemory",
                "KubeletHasSufficientMemory",
                "kubelet has insufficient memory available",
                "kubelet has sufficient memory available",
            ),
            "PIDPressure" => (
                "node.kubernetes.io/pid-pressure",
                "KubeletHasInsufficientPID",
                "KubeletHasSufficientPID",
                "kubelet has insufficient PID available",
                "kubelet has sufficient PID available",
            ),
            "NetworkUnavailable" => (
                "node.kubernetes.io/network-unavailable",
                "NoRouteCreated",
                "RouteCreated",
                "Node created without a route",
                "RouteController created a route",
            ),
            _ => {
                return Err(ApiError::Client(ClientError::UnknownNodeCondition(kind.to_string())));
            }
        };
        let node = self.node_mut(name)?;
        node.set_condition(
            kind,
            if on { "True" } else { "False" },
            if on { reason_on } else { reason_off },
            if on { msg_on } else { msg_off },
            now,
        );
        node.set_no_schedule_taint(taint_key, on, now);
        self.world.node_changed(name);
        self.settle();
        Ok(())
    }
}

/// The node lifecycle controller: it keeps nothing between its timers.
#[derive(Clone, Default)]
pub(crate) struct NodeLifecycle;

impl NodeLifecycle {
    /// `monitorNodeHealth` for one node whose kubelet went silent `--node-monitor-grace-period`
    /// ago: its conditions go Unknown, it is tainted unreachable, and its pods are marked not
    /// ready (`MarkPodsNotReady`).
    pub(crate) fn monitor(&mut self, w: &mut World, name: &str) {
        let now = w.now;
        let Some(node) = w.store.node_mut(name) else { return };
        if !node.kubelet_down || node.ready_status() == Some("Unknown") {
            return;
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
        let mut taints: Vec<Taint> =
            node.taints.iter().filter(|t| t.key != NOT_READY_TAINT && t.key != UNREACHABLE_TAINT).cloned().collect();
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
        let node_ref = crate::world::node_ref(node);
        w.record(
            node_ref,
            "Normal",
            "NodeNotReady",
            format!("Node {name} status is now: NodeNotReady"),
            "node-controller",
            None,
        );
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
