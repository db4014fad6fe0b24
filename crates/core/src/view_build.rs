//! Builds the renderer's [`ClusterView`] and the "why, or why not" explanations from the store.
//!
//! A renderer keeps a [`ViewCache`] and calls [`Simulation::refresh_view`] after every change:
//! the store's change journal ([`crate::store::Stamps`]) says what moved, so an idle tick costs
//! a few integer compares, a pod that changes rebuilds its node's tile data only, and a
//! DaemonSet's status change rebuilds the DaemonSet panel data only. Every node is rebuilt only
//! when what a pod chip shows of its DaemonSet changes (a new revision, a DaemonSet created or
//! deleted), which is once per Apply, not once per tick.

use std::rc::Rc;

use crate::daemon::{HASH_LABEL, is_pod_updated};
use crate::objects::{DaemonSet, Node, Pod, UpdateStrategy};
use crate::placement::{explain, node_should_run_daemon_pod};
use crate::sim::Simulation;
use crate::store::Stamps;
use crate::view::*;

/// The DaemonSet panel lists this many recent events; `DaemonSetView::event_count` has them all.
pub const EVENTS_IN_VIEW: usize = 12;

/// What a pod chip shows of its controlling DaemonSet.
#[derive(Clone, PartialEq)]
struct Owner {
    name: String,
    current_hash: String,
    template_generation: i64,
}

/// DaemonSets by uid, sorted by uid (a few entries: a sorted Vec beats a map in code size).
type Owners = Vec<(String, Owner)>;

fn owner<'a>(owners: &'a Owners, uid: &str) -> Option<&'a Owner> {
    owners.binary_search_by(|(u, _)| u.as_str().cmp(uid)).ok().map(|i| &owners[i].1)
}

/// A cluster view kept up to date incrementally (see the module comment).
#[derive(Default)]
pub struct ViewCache {
    /// The journal as of the last refresh; `None` before the first.
    seen: Option<Stamps>,
    /// Per DaemonSet uid (sorted by uid), what pod chips show of it.
    owners: Owners,
    /// Sorted by name, each with the node's stamp when it was built.
    nodes: Vec<(u64, Rc<NodeView>)>,
    node_list: Rc<Vec<Rc<NodeView>>>,
    daemonsets: Rc<Vec<DaemonSetView>>,
    unbound: Rc<Vec<PodView>>,
    totals: ClusterTotals,
    now_ms: u64,
    now: String,
}

/// What one refresh changed, so a renderer can skip comparing what did not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ViewChanges {
    pub nodes: bool,
    pub daemonsets: bool,
    pub unbound: bool,
}

impl ViewChanges {
    pub fn any(self) -> bool {
        self.nodes || self.daemonsets || self.unbound
    }
}

impl ViewCache {
    /// Nodes by name; the `Rc` of an unchanged node is kept from refresh to refresh.
    pub fn nodes(&self) -> &Rc<Vec<Rc<NodeView>>> {
        &self.node_list
    }
    pub fn daemonsets(&self) -> &Rc<Vec<DaemonSetView>> {
        &self.daemonsets
    }
    pub fn unbound_pods(&self) -> &Rc<Vec<PodView>> {
        &self.unbound
    }
    /// Counts over the whole cluster, whatever a renderer shows.
    pub fn totals(&self) -> ClusterTotals {
        self.totals
    }
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }
    /// The simulated wall clock, RFC 3339.
    pub fn now(&self) -> &str {
        &self.now
    }

    /// The whole view as plain data.
    pub fn to_view(&self) -> ClusterView {
        ClusterView {
            now_ms: self.now_ms,
            now: self.now.clone(),
            nodes: self.node_list.iter().map(|n| NodeView::clone(n)).collect(),
            daemonsets: self.daemonsets.to_vec(),
            unbound_pods: self.unbound.to_vec(),
            totals: self.totals,
        }
    }
}

fn pod_view(owners: &Owners, pod: &Pod) -> PodView {
    let owner = pod.meta.controller_ref().and_then(|r| owner(owners, &r.uid));
    PodView {
        name: pod.meta.name.clone(),
        namespace: pod.meta.namespace.clone(),
        daemonset: owner.map(|o| o.name.clone()),
        phase: pod.status.phase.to_string(),
        status: pod.status_text(),
        ready: pod.is_ready(),
        revision: pod.meta.labels.get(HASH_LABEL).cloned().unwrap_or_default(),
        up_to_date: owner.is_some_and(|o| is_pod_updated(pod, &o.current_hash, o.template_generation)),
        terminating: pod.is_terminating(),
        node: pod.target_node().unwrap_or_default().to_string(),
    }
}

fn node_view(sim: &Simulation, owners: &Owners, n: &Node) -> NodeView {
    let pods: Vec<PodView> = sim.world.store.pods_on_node(&n.meta.name).map(|p| pod_view(owners, p)).collect();
    let mut missing: Vec<String> = owners
        .iter()
        .filter(|(uid, o)| {
            sim.daemons.should_run_cached(uid, &n.meta.name)
                && !pods.iter().any(|p| p.daemonset.as_ref() == Some(&o.name))
        })
        .map(|(_, o)| o.name.clone())
        .collect();
    crate::order::sort(&mut missing);
    NodeView {
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
        pods,
        missing,
    }
}

fn current_hash(sim: &Simulation, ds: &DaemonSet) -> String {
    sim.revisions_of(&ds.meta.namespace, &ds.meta.name)
        .last()
        .and_then(|r| r.meta.labels.get(HASH_LABEL).cloned())
        .unwrap_or_default()
}

impl Simulation {
    /// The whole cluster view, built from scratch.
    pub fn view(&self) -> ClusterView {
        let mut cache = ViewCache::default();
        self.refresh_view(&mut cache);
        cache.to_view()
    }

    /// Brings `cache` up to date with the store, rebuilding only what changed.
    pub fn refresh_view(&self, cache: &mut ViewCache) -> ViewChanges {
        let stamps = self.world.store.stamps();
        cache.now_ms = self.elapsed_ms();
        cache.now = crate::time::rfc3339(self.world.now);
        let mut changes = ViewChanges::default();
        if cache.seen.as_ref().is_some_and(|seen| seen.any == stamps.any) {
            return changes;
        }
        let first = cache.seen.is_none();
        let seen = cache.seen.take().unwrap_or_default();

        let mut every_node = first || seen.node_set != stamps.node_set;
        if first || seen.daemonsets != stamps.daemonsets || seen.events != stamps.events {
            if first || seen.daemonsets != stamps.daemonsets {
                let mut owners: Owners = self
                    .world
                    .store
                    .daemonsets()
                    .values()
                    .map(|ds| {
                        let owner = Owner {
                            name: ds.meta.name.clone(),
                            current_hash: current_hash(self, ds),
                            template_generation: ds.template_generation,
                        };
                        (ds.meta.uid.clone(), owner)
                    })
                    .collect();
                crate::order::sort_by(&mut owners, |a, b| a.0.cmp(&b.0));
                if owners != cache.owners {
                    cache.owners = owners;
                    every_node = true;
                }
            }
            let daemonsets = self.daemonset_views();
            if *cache.daemonsets != daemonsets {
                cache.daemonsets = Rc::new(daemonsets);
                changes.daemonsets = true;
            }
        }

        if every_node {
            // Both lists are sorted by name: walk the old one alongside to reuse equal views.
            let mut old = cache.nodes.iter().map(|(_, n)| n).peekable();
            let nodes: Vec<(u64, Rc<NodeView>)> = self
                .world
                .store
                .nodes()
                .with_view_stamps()
                .map(|(stamp, n)| {
                    let view = node_view(self, &cache.owners, n);
                    while old.next_if(|o| o.name < n.meta.name).is_some() {}
                    let view = match old.peek() {
                        Some(o) if ***o == view => Rc::clone(o),
                        _ => Rc::new(view),
                    };
                    (stamp, view)
                })
                .collect();
            changes.nodes = nodes.len() != cache.nodes.len()
                || nodes.iter().zip(&cache.nodes).any(|((_, a), (_, b))| !Rc::ptr_eq(a, b));
            cache.nodes = nodes;
        } else {
            // No node came or went, so both lists hold the same names in the same order: walk
            // them together (a lookup by name per node was most of an idle Play frame's refresh).
            for ((stamp, view), (now, n)) in cache.nodes.iter_mut().zip(self.world.store.nodes().with_view_stamps()) {
                debug_assert_eq!(view.name, n.meta.name);
                if now == *stamp {
                    continue;
                }
                *stamp = now;
                {
                    let fresh = node_view(self, &cache.owners, n);
                    if **view != fresh {
                        *view = Rc::new(fresh);
                        changes.nodes = true;
                    }
                }
            }
        }
        if changes.nodes {
            cache.node_list = Rc::new(cache.nodes.iter().map(|(_, n)| Rc::clone(n)).collect());
        }

        if first || every_node || seen.unbound != stamps.unbound {
            let unbound: Vec<PodView> = self.world.store.unbound_pods().map(|p| pod_view(&cache.owners, p)).collect();
            if *cache.unbound != unbound {
                cache.unbound = Rc::new(unbound);
                changes.unbound = true;
            }
        }

        if changes.nodes || changes.unbound || first {
            let mut totals = ClusterTotals { nodes: cache.nodes.len(), ..ClusterTotals::default() };
            for pod in cache.nodes.iter().flat_map(|(_, n)| &n.pods).chain(cache.unbound.iter()) {
                totals.pods += 1;
                totals.pods_ready += usize::from(pod.ready);
            }
            cache.totals = totals;
        }
        cache.seen = Some(stamps.clone());
        changes
    }

    fn daemonset_views(&self) -> Vec<DaemonSetView> {
        self.world
            .store
            .daemonsets()
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
                let (event_count, recent) =
                    self.world.recorder.recent_events(&self.world.store, &ds.meta.uid, EVENTS_IN_VIEW);
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
                    event_count,
                    events: recent
                        .map(|e| EventView {
                            event_type: e.kind.event_type,
                            reason: e.kind.reason,
                            message: e.message.to_string(),
                            count: e.count,
                            last_ms: (e.last_ms - crate::time::SIM_EPOCH_MS).max(0) as u64,
                        })
                        .collect(),
                    timeline: self.timeline(&ds.meta.uid).cloned().unwrap_or_default(),
                    rolling_out: st.updated_number_scheduled < st.desired_number_scheduled
                        || st.number_available < st.desired_number_scheduled
                        || st.observed_generation < ds.meta.generation,
                    deleting: ds.meta.deletion_ms.is_some(),
                }
            })
            .collect()
    }

    /// The pods being preempted on `node` for `pod`, when it is nominated there: "default/web
    /// (priority 0)" and so on.
    fn preemption_victims(&self, pod: &Pod, node: &str) -> Option<String> {
        if pod.status.nominated_node.as_deref() != Some(node) {
            return None;
        }
        let victims: Vec<String> = self
            .world
            .store
            .pods_on_node(node)
            .filter(|v| v.is_terminating_by_preemption() && v.sched.priority < pod.sched.priority)
            .map(|v| format!("{}/{} (priority {})", v.meta.namespace, v.meta.name, v.sched.priority))
            .collect();
        (!victims.is_empty()).then(|| victims.join(", "))
    }

    pub fn explain(&self, node: &str) -> Vec<Explanation> {
        let Some(n) = self.world.store.nodes().get(node) else { return Vec::new() };
        self.world
            .store
            .daemonsets()
            .values()
            .map(|ds| {
                let p = node_should_run_daemon_pod(n, &ds.sched, &ds.daemon_tolerations);
                let pending_reason = self
                    .world
                    .store
                    .pods_targeting(node)
                    .find(|pod| {
                        pod.meta.controller_ref().is_some_and(|r| r.uid == ds.meta.uid) && pod.node_name().is_none()
                    })
                    .and_then(|pod| {
                        let why = pod.status.scheduled.as_ref().filter(|s| !s.status)?.message.clone();
                        Some(match self.preemption_victims(pod, node) {
                            Some(victims) => {
                                format!("{why} Preempting {victims} to make room: the pod is nominated to this node.")
                            }
                            None => why,
                        })
                    });
                Explanation {
                    daemonset: ds.meta.name.clone(),
                    namespace: ds.meta.namespace.clone(),
                    should_run: p.should_run,
                    should_continue_running: p.should_continue_running,
                    reasons: explain(n, &ds.sched, &ds.daemon_tolerations),
                    pending_reason,
                }
            })
            .collect()
    }
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse_stream;
    use crate::sim::NodeShape;

    const DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: agent, image: agent:1}]\n";

    fn cluster(nodes: usize) -> Simulation {
        let mut sim = Simulation::new(1);
        for i in 0..nodes {
            sim.add_node(&format!("n{i}"), &NodeShape::default()).unwrap();
        }
        for r in sim.apply(parse_stream(DS).unwrap(), "default", false) {
            r.unwrap();
        }
        sim.advance(10_000);
        sim
    }

    #[test]
    fn the_why_panel_names_the_victims_of_a_preemption_under_way() {
        let mut sim = Simulation::new(1);
        sim.add_node("n1", &NodeShape { cpu: "1".into(), ..NodeShape::default() }).unwrap();
        let web = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx:1, resources: {requests: {cpu: 800m}}}]\n";
        for r in sim.apply(parse_stream(web).unwrap(), "default", false) {
            r.unwrap();
        }
        sim.advance(5_000);
        let critical = DS
            .replace("containers:", "priorityClassName: system-node-critical\n      containers:")
            .replace("image: agent:1}", "image: agent:1, resources: {requests: {cpu: 500m}}}");
        for r in sim.apply(parse_stream(&critical).unwrap(), "kube-system", false) {
            r.unwrap();
        }
        let pending = sim.explain("n1").pop().unwrap().pending_reason.unwrap();
        assert_eq!(
            pending,
            "0/1 nodes are available: 1 Insufficient cpu. Preempting default/web (priority 0) to make room: the pod is nominated to this node."
        );
        sim.advance(10_000);
        let agent = sim.explain("n1").pop().unwrap();
        assert!(agent.should_run && agent.pending_reason.is_none(), "{agent:?}");
        assert!(sim.world.store.pods().keys().all(|k| k.1 != "web"), "the victim is gone");
    }

    #[test]
    fn an_idle_tick_changes_nothing_and_keeps_every_rc() {
        let mut sim = cluster(5);
        let mut cache = ViewCache::default();
        assert!(sim.refresh_view(&mut cache).any(), "the first refresh builds everything");
        let before = Rc::clone(cache.nodes());
        sim.advance(1_000);
        assert_eq!(sim.refresh_view(&mut cache), ViewChanges::default());
        assert!(Rc::ptr_eq(&before, cache.nodes()));
        assert_eq!(cache.totals(), ClusterTotals { nodes: 5, pods: 5, pods_ready: 5 });
    }

    #[test]
    fn one_node_change_rebuilds_that_node_only() {
        let mut sim = cluster(5);
        let mut cache = ViewCache::default();
        sim.refresh_view(&mut cache);
        let before: Vec<Rc<NodeView>> = cache.nodes().to_vec();
        sim.fail_pod("default", &before[2].pods[0].name).unwrap();
        let changes = sim.refresh_view(&mut cache);
        assert!(changes.nodes);
        let same: Vec<bool> = before.iter().zip(cache.nodes().iter()).map(|(a, b)| Rc::ptr_eq(a, b)).collect();
        assert_eq!(same, [true, true, false, true, true]);
        assert_eq!(cache.to_view(), sim.view());
    }

    #[test]
    fn the_panel_carries_recent_events_and_the_full_count() {
        let sim = cluster(30);
        let ds = &sim.view().daemonsets[0];
        assert_eq!(ds.events.len(), EVENTS_IN_VIEW);
        assert!(ds.event_count > EVENTS_IN_VIEW, "{} events", ds.event_count);
        assert_eq!(ds.events.last().unwrap().reason, "SuccessfulCreate");
    }
}
