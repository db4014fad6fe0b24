//! A test harness for the controllers, in the manner of upstream's `syncHandler` tests
//! (`daemon_controller_test.go`: a fake cluster, one sync, then the pods and the status) and
//! quinn's `Pair`: build a cluster, run it to idle, then assert on pods and status as plain
//! values. Behaviour is checked here in the core's own terms, before any of it is kubectl text.

use crate::manifest::parse_stream;
use crate::objects::{DaemonSetStatus, Pod, Taint};
use crate::sim::{NodeShape, Simulation};

pub(crate) struct Cluster {
    pub sim: Simulation,
}

/// One daemon pod as a test sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PodSummary {
    pub node: String,
    /// The `controller-revision-hash` label.
    pub hash: String,
    pub phase: String,
    pub ready: bool,
    pub terminating: bool,
}

impl Cluster {
    /// `n` Ready nodes `n0`, `n1`, … with `sim node add`'s default shape.
    pub fn with_nodes(n: usize) -> Cluster {
        let mut sim = Simulation::new(1);
        for i in 0..n {
            sim.add_node(&format!("n{i}"), &NodeShape::default()).expect("node");
        }
        Cluster { sim }
    }

    /// Adds a node with these labels and taints (`key=value:Effect`).
    pub fn node(&mut self, name: &str, labels: &[(&str, &str)], taints: &[&str]) -> &mut Self {
        let mut shape = NodeShape::default();
        for (k, v) in labels {
            shape.labels.insert(k.to_string(), v.to_string());
        }
        shape.taints = taints.iter().map(|t| taint(t)).collect();
        self.sim.add_node(name, &shape).expect("node");
        self
    }

    /// Applies YAML and settles; panics on any refusal (a test that wants one calls `try_apply`).
    pub fn apply(&mut self, yaml: &str) -> &mut Self {
        let results = self.try_apply(yaml);
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        self
    }

    pub fn try_apply(&mut self, yaml: &str) -> Vec<Result<crate::sim::Applied, crate::sim::ApiError>> {
        self.sim.apply(parse_stream(yaml).expect("the test's YAML parses"), "default", false)
    }

    /// Lets `ms` of simulated time pass (timers fire in order; every instant settles).
    pub fn advance(&mut self, ms: u64) -> &mut Self {
        self.sim.advance(ms);
        self
    }

    pub fn status(&self, name: &str) -> DaemonSetStatus {
        self.sim
            .world
            .store
            .daemonsets()
            .values()
            .find(|d| d.meta.name == name)
            .map(|d| d.status.clone())
            .unwrap_or_else(|| panic!("no DaemonSet {name}"))
    }

    /// The DaemonSet's pods, in node order then name order.
    pub fn pods_of(&self, name: &str) -> Vec<PodSummary> {
        // A mistyped name must fail the test, not make every assertion about it vacuous.
        let uid = self.sim.world.store.daemonsets().values().find(|d| d.meta.name == name).map(|d| d.meta.uid.clone());
        assert!(uid.is_some(), "no DaemonSet {name}");
        let mut pods: Vec<&Pod> = self
            .sim
            .world
            .store
            .pods()
            .values()
            .filter(|p| p.meta.controller_ref().map(|r| Some(&r.uid)) == Some(uid.as_ref()))
            .collect();
        crate::order::sort_by_key(&mut pods, |p| (p.target_node().map(str::to_string), p.meta.name.clone()));
        pods.iter()
            .map(|p| PodSummary {
                node: p.target_node().unwrap_or_default().to_string(),
                hash: p.meta.labels.get(crate::daemon::HASH_LABEL).cloned().unwrap_or_default(),
                phase: p.status.phase.to_string(),
                ready: p.is_ready(),
                terminating: p.is_terminating(),
            })
            .collect()
    }

    /// The nodes that run a pod of the DaemonSet (terminating ones included), in order.
    pub fn nodes_of(&self, name: &str) -> Vec<String> {
        let mut nodes: Vec<String> = self.pods_of(name).into_iter().map(|p| p.node).collect();
        nodes.dedup();
        nodes
    }

    /// Events' reasons, oldest first, for objects named `object`.
    pub fn reasons_for(&self, object: &str) -> Vec<String> {
        self.sim
            .world
            .store
            .events()
            .iter()
            .filter(|e| e.involved.name == object)
            .map(|e| e.kind.reason.to_string())
            .collect()
    }
}

/// `key=value:Effect` or `key:Effect`.
pub(crate) fn taint(text: &str) -> Taint {
    let (kv, effect) = text.split_once(':').expect("key[=value]:Effect");
    let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
    Taint { key: key.into(), value: value.into(), effect: effect.into(), time_added_ms: None }
}

/// A DaemonSet `name` (label `app: name`) with extra lines for `spec.template.spec` and for
/// `spec`, each already indented for its place.
pub(crate) fn daemonset(name: &str, image: &str, spec_lines: &str, pod_spec_lines: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {name}
spec:
  selector:
    matchLabels:
      app: {name}
{spec_lines}  template:
    metadata:
      labels:
        app: {name}
    spec:
{pod_spec_lines}      containers:
      - name: c
        image: {image}
"
    )
}
