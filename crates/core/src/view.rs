//! A plain-data picture of the cluster for renderers (the Yew app, tests).
//! Built from the store on demand; renderers never reach into simulation state.

use serde::Serialize;

/// Everything a cluster view needs, in a stable order (nodes by name, pods by name).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClusterView {
    /// Simulated time since the simulation started, in milliseconds.
    pub now_ms: u64,
    /// The simulated wall clock, RFC 3339 (`2024-11-30T00:00:05Z`).
    pub now: String,
    pub nodes: Vec<NodeView>,
    pub daemonsets: Vec<DaemonSetView>,
    /// Daemon pods not bound to any node (Pending for the scheduler, or target node gone).
    pub unbound_pods: Vec<PodView>,
    pub totals: ClusterTotals,
}

/// Counts over the whole cluster (shown whatever part of it a renderer draws).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClusterTotals {
    pub nodes: usize,
    /// Pods on the nodes shown plus pods bound to no node.
    pub pods: usize,
    pub pods_ready: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NodeView {
    pub name: String,
    /// `kubectl get nodes` STATUS: `Ready`, `NotReady`, `Unknown`, with `,SchedulingDisabled`.
    pub status: String,
    pub ready: bool,
    pub unschedulable: bool,
    /// Sorted by key.
    pub labels: Vec<(String, String)>,
    /// Rendered as kubectl does: `key=value:Effect` or `key:Effect`.
    pub taints: Vec<String>,
    /// Conditions other than Ready that are True (`DiskPressure`, ...).
    pub pressure: Vec<String>,
    pub pods: Vec<PodView>,
    /// DaemonSets whose controller says should run here but that have no pod here, by name.
    pub missing: Vec<String>,
}

impl NodeView {
    /// A label's value (labels are sorted by key).
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| self.labels[i].1.as_str())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PodView {
    pub name: String,
    pub namespace: String,
    /// Name of the controlling DaemonSet, if any.
    pub daemonset: Option<String>,
    /// `status.phase`: Pending, Running, Succeeded, Failed.
    pub phase: String,
    /// The STATUS column of `kubectl get pods` (ContainerCreating, Terminating, ...).
    pub status: String,
    pub ready: bool,
    /// The `controller-revision-hash` label (empty when absent).
    pub revision: String,
    /// Whether the pod runs the controlling DaemonSet's current template.
    pub up_to_date: bool,
    pub terminating: bool,
    /// Node the pod is bound to, or the node its affinity targets while unbound.
    pub node: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DaemonSetView {
    pub name: String,
    pub namespace: String,
    pub desired: i64,
    pub current: i64,
    pub ready: i64,
    pub up_to_date: i64,
    pub available: i64,
    pub misscheduled: i64,
    pub unavailable: i64,
    pub generation: i64,
    pub observed_generation: i64,
    /// `RollingUpdate` or `OnDelete`.
    pub update_strategy: String,
    pub current_revision_hash: String,
    /// Oldest first.
    pub revisions: Vec<RevisionView>,
    /// The most recent events (at most `view_build::EVENTS_IN_VIEW`), newest last, as
    /// `kubectl describe` lists them.
    pub events: Vec<EventView>,
    /// How many events the DaemonSet has in all.
    pub event_count: usize,
    /// True while a template change has not reached every desired node.
    pub rolling_out: bool,
    /// Being deleted (foreground or orphan cascade in progress).
    pub deleting: bool,
    /// Its status counters over time, for the rollout timeline chart (shared with the core).
    #[serde(skip)]
    pub timeline: crate::timeline::Timeline,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RevisionView {
    pub name: String,
    pub revision: i64,
    pub hash: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EventView {
    /// `Normal` or `Warning`.
    pub event_type: &'static str,
    pub reason: &'static str,
    pub message: String,
    pub count: i64,
    pub last_ms: u64,
}

/// Why a DaemonSet does or does not run on a node ("why, or why not").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub daemonset: String,
    pub namespace: String,
    pub should_run: bool,
    pub should_continue_running: bool,
    /// One sentence per deciding rule, in the order the controller checks them.
    pub reasons: Vec<String>,
    /// Why the daemon pod on this node is Pending, if it is (FailedScheduling message).
    pub pending_reason: Option<String>,
}
