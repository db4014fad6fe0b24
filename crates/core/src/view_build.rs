//! Builds the renderer's [`ClusterView`] and the "why, or why not" explanations from the store.

use crate::daemon::{HASH_LABEL, is_pod_updated};
use crate::objects::{Pod, UpdateStrategy};
use crate::placement::{explain, node_should_run_daemon_pod, with_daemon_tolerations};
use crate::sim::Simulation;
use crate::view::*;

fn pod_view(sim: &Simulation, pod: &Pod) -> PodView {
    let owner = pod.meta.controller_ref().and_then(|r| sim.store.daemonset_by_uid(&r.uid));
    let up_to_date = owner.is_some_and(|ds| {
        let hash = current_hash(sim, ds);
        is_pod_updated(pod, &hash, ds.template_generation)
    });
    PodView {
        name: pod.meta.name.clone(),
        namespace: pod.meta.namespace.clone(),
        daemonset: owner.map(|d| d.meta.name.clone()),
        phase: pod.status.phase.clone(),
        status: pod.status_text(),
        ready: pod.is_ready(),
        revision: pod.meta.labels.get(HASH_LABEL).cloned().unwrap_or_default(),
        up_to_date,
        terminating: pod.is_terminating(),
        node: pod.target_node().unwrap_or_default().to_string(),
    }
}

fn current_hash(sim: &Simulation, ds: &crate::objects::DaemonSet) -> String {
    sim.revisions_of(&ds.meta.namespace, &ds.meta.name)
        .last()
        .and_then(|r| r.meta.labels.get(HASH_LABEL).cloned())
        .unwrap_or_default()
}

impl Simulation {
    pub fn view(&self) -> ClusterView {
        let mut nodes: Vec<NodeView> = self
            .store
            .nodes
            .values()
            .map(|n| NodeView {
                name: n.meta.name.clone(),
                status: n.status_text(),
                ready: n.ready_status() == Some("True"),
                unschedulable: n.unschedulable,
                labels: n.meta.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                taints: n.taints.iter().map(|t| t.to_text()).collect(),
                pressure: n
                    .conditions
                    .iter()
                    .filter(|c| c.kind != "Ready" && c.status == "True")
                    .map(|c| c.kind.clone())
                    .collect(),
                pods: self.store.pods_on_node(&n.meta.name).map(|p| pod_view(self, p)).collect(),
            })
            .collect();
        nodes.sort_by(|a, b| a.name.cmp(&b.name));
        let unbound_pods =
            self.store.pods.values().filter(|p| p.node_name().is_none()).map(|p| pod_view(self, p)).collect();
        let daemonsets = self
            .store
            .daemonsets
            .values()
            .map(|ds| {
                let revisions: Vec<RevisionView> = self
                    .revisions_of(&ds.meta.namespace, &ds.meta.name)
                    .iter()
                    .map(|r| RevisionView {
                        name: r.meta.name.clone(),
                        revision: r.revision,
                        hash: r.meta.labels.get(HASH_LABEL).cloned().unwrap_or_default(),
                    })
                    .collect();
                let st = &ds.status;
                DaemonSetView {
                    name: ds.meta.name.clone(),
                    namespace: ds.meta.namespace.clone(),
                    desired: st.desired_number_scheduled,
                    current: st.current_number_scheduled,
                    ready: st.number_ready,
                    up_to_date: st.updated_number_scheduled,
                    available: st.number_available,
                    misscheduled: st.number_misscheduled,
                    unavailable: st.number_unavailable,
                    generation: ds.meta.generation,
                    observed_generation: st.observed_generation,
                    update_strategy: match ds.strategy {
                        UpdateStrategy::OnDelete => "OnDelete".into(),
                        UpdateStrategy::RollingUpdate { .. } => "RollingUpdate".into(),
                    },
                    current_revision_hash: revisions.last().map(|r| r.hash.clone()).unwrap_or_default(),
                    revisions,
                    events: self
                        .store
                        .events
                        .iter()
                        .filter(|e| e.involved.uid == ds.meta.uid)
                        .map(|e| EventView {
                            event_type: e.event_type.clone(),
                            reason: e.reason.clone(),
                            message: e.message.clone(),
                            count: e.count,
                            last_ms: (e.last_ms - crate::time::SIM_EPOCH_MS).max(0) as u64,
                        })
                        .collect(),
                    rolling_out: st.updated_number_scheduled < st.desired_number_scheduled
                        || st.number_available < st.desired_number_scheduled
                        || st.observed_generation < ds.meta.generation,
                    deleting: ds.meta.deletion_ms.is_some(),
                }
            })
            .collect();
        ClusterView { now_ms: self.elapsed_ms(), now: crate::time::rfc3339(self.now), nodes, daemonsets, unbound_pods }
    }

    pub fn explain(&self, node: &str) -> Vec<Explanation> {
        let Some(n) = self.store.nodes.get(node) else { return Vec::new() };
        self.store
            .daemonsets
            .values()
            .map(|ds| {
                let tolerations = with_daemon_tolerations(&ds.sched.tolerations, ds.sched.host_network);
                let p = node_should_run_daemon_pod(n, &ds.sched, &tolerations);
                let pending_reason = self
                    .store
                    .pods_owned_by(&ds.meta.uid)
                    .find(|pod| pod.target_node() == Some(node) && pod.node_name().is_none())
                    .and_then(|pod| pod.status.scheduled.as_ref().filter(|s| !s.0).map(|s| s.2.clone()));
                Explanation {
                    daemonset: ds.meta.name.clone(),
                    namespace: ds.meta.namespace.clone(),
                    should_run: p.should_run,
                    should_continue_running: p.should_continue_running,
                    reasons: explain(n, &ds.sched, &tolerations),
                    pending_reason,
                }
            })
            .collect()
    }
}
