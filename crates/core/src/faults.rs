//! The playground's own faults and knobs, beside kubectl's writes: a kubelet that stops and
//! resumes posting status (`sim node fail`, `recover`), node conditions (`sim node
//! condition`), a container that exits with an error (`sim pod fail`), and images that are
//! missing or slow to pull (`sim image break`, `slow`). Each changes the world as the real
//! component would, then lets the controllers react.

use crate::errors::{ApiError, ClientError};
use crate::node_lifecycle::kubelet_conditions;
use crate::objects::*;
use crate::sim::Simulation;
use crate::store::Key;
use crate::world::Timer;

const NODE_READY: EventKind = EventKind::normal("NodeReady", "kubelet");

impl Simulation {
    /// `sim node fail`: the kubelet stops posting status; the node lifecycle controller notices
    /// after the grace period.
    pub fn fail_node(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        let now = self.world.now;
        let grace = self.world.config.node_monitor_grace_ms;
        let was_down =
            self.world.store.update_node_unversioned(name, |node| std::mem::replace(&mut node.kubelet_down, true));
        if was_down.ok_or_else(|| Self::node_not_found(name))? {
            return Ok(());
        }
        self.world.schedule(now + grace, Timer::NodeMonitor { node: name.to_string(), since: now });
        Ok(())
    }

    /// `sim node recover`: the kubelet posts Ready again; unreachable taints are lifted.
    pub fn recover_node(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        let now = self.world.now;
        let recovered = self.world.store.update_node_unversioned(name, |node| {
            if !node.kubelet_down && node.ready_status() == Some("True") {
                return None;
            }
            node.kubelet_down = false;
            kubelet_conditions(node, now);
            let taints: Vec<Taint> = node
                .taints
                .iter()
                .filter(|t| t.key != UNREACHABLE_TAINT && t.key != NOT_READY_TAINT)
                .cloned()
                .collect();
            node.set_taints(taints);
            Some(crate::world::node_ref(node))
        });
        let Some(node_ref) = recovered.ok_or_else(|| Self::node_not_found(name))? else {
            return Ok(());
        };
        self.world.record(node_ref, &NODE_READY, format!("Node {name} status is now: NodeReady"), Some(name.into()));
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
                self.world.schedule(now, Timer::Kubelet { pod: k.clone(), uid, slot: usize::MAX });
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
        let set = self.world.store.update_node_unversioned(name, |node| {
            node.set_condition(
                kind,
                if on { "True" } else { "False" },
                if on { reason_on } else { reason_off },
                if on { msg_on } else { msg_off },
                now,
            );
            node.set_no_schedule_taint(taint_key, on, now);
        });
        set.ok_or_else(|| Self::node_not_found(name))?;
        self.world.node_changed(name);
        self.settle();
        Ok(())
    }

    /// `sim pod fail`: the container exits with an error; the pod goes Failed.
    pub fn fail_pod(&mut self, namespace: &str, name: &str) -> Result<(), ApiError> {
        self.finish();
        let key = (namespace.to_string(), name.to_string());
        let now = self.world.now;
        let Some(pod) = self.world.store.pods().get(&key) else {
            return Err(ApiError::NotFound { resource: "pods".into(), name: name.into() });
        };
        if pod.is_terminal() {
            return Ok(());
        }
        self.world.store.update_pod(&key, |p| {
            let started = match p.status.container_states.first() {
                Some(ContainerState::Running { started_ms }) => *started_ms,
                _ => now,
            };
            p.status.phase = "Failed";
            p.status.container_states = p
                .sched
                .containers
                .iter()
                .map(|_| ContainerState::Terminated {
                    reason: "Error".into(),
                    exit_code: 1,
                    started_ms: started,
                    finished_ms: now,
                })
                .collect();
            if p.status.ready.is_some() {
                p.status.ready = Some(Condition::new(false, now));
                p.status.containers_ready = Some(Condition::new(false, now));
            }
        });
        self.world.pod_changed(&key);
        self.settle();
        Ok(())
    }

    pub fn break_image(&mut self, image: &str, broken: bool) {
        self.finish();
        // Pods in back-off retry their pull at the next back-off tick, as a kubelet would.
        self.kubelet.set_image_broken(image, broken);
    }

    pub fn slow_image(&mut self, image: &str, ms: i64) {
        self.finish();
        self.kubelet.set_image_pull_ms(image, ms);
    }

    pub fn image_is_broken(&self, image: &str) -> bool {
        self.kubelet.image_is_broken(image)
    }
}
