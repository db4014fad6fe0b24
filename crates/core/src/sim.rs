//! The simulation, in the shape of kube-controller-manager running its controllers against one
//! apiserver: the shared `World` (store, simulated clock and timer queue, event recorder, work
//! queues), one value per controller, and the loop (`step`, `settle`, `advance`) that hands
//! the world to each controller in turn. Work is event-driven: a write calls the informers'
//! event handlers (`World::node_changed`, `pod_changed`, `pod_removed`), which fill the work
//! queues; timers wake the kubelet, the node lifecycle controller and pod GC; and `settle`
//! runs controllers until nothing is left to do. An idle `advance` touches nothing.
//!
//! Upstream's files and ours:
//!
//! | upstream | here |
//! |---|---|
//! | the apiserver's registries, admission, defaulting, validation | `apiserver.rs`, `validate.rs`, `typecheck.rs`, `priority.rs` |
//! | `pkg/controller/daemon/daemon_controller.go`, `update.go` | `daemon.rs` (`DaemonController`) |
//! | `pkg/controller/daemon/util/daemonset_util.go`, `pkg/scheduler/framework/plugins/*` (placement) | `placement.rs` |
//! | `pkg/scheduler` (filters, `defaultpreemption`) | `scheduler.rs` (`Scheduler`) |
//! | `pkg/kubelet` (pod workers, image pulls, status) | `kubelet.rs` (`Kubelet`) |
//! | `pkg/controller/nodelifecycle` | `node_lifecycle.rs` (`NodeLifecycle`) |
//! | `pkg/controller/podgc` | `pod_gc.rs` (`PodGc`) |
//! | `client-go/tools/cache` (informers' handlers), `util/workqueue`, `pkg/scheduler/backend/queue` | `world.rs` (`World`, `Queues`) |
//! | `client-go/tools/record` (events, folding, spam filter) | `events.rs` |

use crate::objects::*;
use crate::store::{Key, Store};
use crate::time::SIM_EPOCH_MS;
use crate::world::{Timer, World};

pub use crate::errors::{ApiError, ClientError};
pub use crate::objects::{NOT_READY_TAINT, UNREACHABLE_TAINT, UNSCHEDULABLE_TAINT};
pub use crate::world::Config;

/// How dependents go when their owner is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cascade {
    Background,
    Foreground,
    Orphan,
}

/// What `sim node add` makes: a Ready node with these labels, taints and allocatable resources.
#[derive(Clone, Debug)]
pub struct NodeShape {
    pub labels: crate::labels::Labels,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    pub cpu: String,
    pub memory: String,
    pub pods: i64,
}

impl Default for NodeShape {
    fn default() -> Self {
        NodeShape {
            labels: Default::default(),
            taints: Vec::new(),
            unschedulable: false,
            cpu: "4".into(),
            memory: "16Gi".into(),
            pods: 110,
        }
    }
}

/// What an apply did to one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// `daemonset.apps`, `node`, `pod`, `configmap`, ...
    pub kind_ref: String,
    pub name: String,
    /// `created`, `configured` or `unchanged`.
    pub action: &'static str,
    /// The apiserver's warnings (`unknown field "spec.foo"` under `--validate=warn`).
    pub warnings: Vec<String>,
}

/// Resource names as kubectl prints them, by kind.
pub fn resource_of(kind: &str, api_version: &str) -> (String, String) {
    let group = api_version.split_once('/').map(|(g, _)| g).unwrap_or("");
    let lower = kind.to_ascii_lowercase();
    let plural = if lower.ends_with('s') {
        format!("{lower}es")
    } else if lower.ends_with('y') && !lower.ends_with("ey") {
        format!("{}ies", &lower[..lower.len() - 1])
    } else {
        format!("{lower}s")
    };
    if group.is_empty() { (lower, plural) } else { (format!("{lower}.{group}"), format!("{plural}.{group}")) }
}

/// The namespaces every cluster starts with.
pub const BUILT_IN_NAMESPACES: [&str; 4] = ["default", "kube-node-lease", "kube-public", "kube-system"];

/// Kinds that live outside namespaces.
pub fn cluster_scoped(kind: &str) -> bool {
    matches!(
        kind,
        "Node"
            | "Namespace"
            | "ClusterRole"
            | "ClusterRoleBinding"
            | "CustomResourceDefinition"
            | "PriorityClass"
            | "StorageClass"
            | "PersistentVolume"
            | "APIService"
            | "ValidatingWebhookConfiguration"
            | "MutatingWebhookConfiguration"
            | "CSIDriver"
            | "RuntimeClass"
            | "IngressClass"
            | "PodSecurityPolicy"
    )
}

/// A simulated cluster: the shared world (store, clock, timers, recorder), the controllers
/// that work against it, and the loop (`step`) that hands the world to each in turn.
pub struct Simulation {
    /// Written only by the apiserver's operations and the controllers (the console and the
    /// page read the store through `store()`).
    pub(crate) world: World,
    /// The DaemonSet controller's caches and back-off (daemon.rs); its queue is in `World`.
    pub(crate) daemons: crate::daemon::DaemonController,
    /// The default scheduler (scheduler.rs); its queue is in `World`.
    pub(crate) scheduler: crate::scheduler::Scheduler,
    /// What the kubelets' image pulls meet (kubelet.rs).
    pub(crate) kubelet: crate::kubelet::Kubelet,
    pub(crate) node_lifecycle: crate::node_lifecycle::NodeLifecycle,
    pub(crate) pod_gc: crate::pod_gc::PodGc,
    pub(crate) next_node_index: u32,
    /// Changes and `advance` leave their consequences to `step` (see `set_stepwise`).
    pub(crate) stepwise: bool,
    /// Where an `advance` is heading while some of its timers have not run.
    advance_to: Option<i64>,
    /// The timers due at the current instant are being fired; no controller runs in between.
    firing: bool,
    /// Controller steps since time last moved: bounded, so a bug cannot hang the caller.
    settle_steps: u32,
    /// Nodes `add_nodes` left to `step` (the next last), their shape, and whether a refused
    /// name's resourceVersion follows them.
    pub(crate) pending_nodes: Option<PendingNodes>,
}

/// The nodes of a stepwise `add_nodes` still to add (the next last), their shape, and whether
/// a name the apiserver refused as taken follows them (it takes a resourceVersion too).
#[derive(Clone, Debug)]
pub(crate) struct PendingNodes {
    pub(crate) names: Vec<String>,
    pub(crate) shape: NodeShape,
    pub(crate) refused_name_follows: bool,
}

/// A fork (the page's preview, compare mode, `dsplay plan`) shares the store's objects (see
/// `Store`; its events are copied, their texts shared) and leaves out the DaemonSet controller's caches (see `DaemonController`).
impl Clone for Simulation {
    fn clone(&self) -> Self {
        let mut world = self.world.clone();
        world.queues.forget_marks();
        Simulation {
            world,
            daemons: self.daemons.clone(),
            scheduler: self.scheduler.clone(),
            kubelet: self.kubelet.clone(),
            node_lifecycle: self.node_lifecycle.clone(),
            pod_gc: self.pod_gc.clone(),
            next_node_index: self.next_node_index,
            stepwise: self.stepwise,
            advance_to: self.advance_to,
            firing: self.firing,
            settle_steps: self.settle_steps,
            pending_nodes: self.pending_nodes.clone(),
        }
    }
}

/// Controller steps allowed between two moves of the clock.
const SETTLE_LIMIT: u32 = 1_000_000;

impl Simulation {
    pub fn new(seed: u64) -> Self {
        let mut sim = Simulation {
            world: World::new(seed, SIM_EPOCH_MS),
            daemons: Default::default(),
            scheduler: Default::default(),
            kubelet: Default::default(),
            node_lifecycle: Default::default(),
            pod_gc: Default::default(),
            next_node_index: 0,
            stepwise: false,
            advance_to: None,
            firing: false,
            settle_steps: 0,
            pending_nodes: None,
        };
        for class in crate::priority::system_classes(SIM_EPOCH_MS) {
            sim.world.store.put_builtin(class);
        }
        for ns in BUILT_IN_NAMESPACES {
            sim.world.store.put_namespace(ns.to_string(), SIM_EPOCH_MS);
        }
        sim
    }

    /// Work counter for benchmarks and tests: DaemonSet placements evaluated so far.
    pub fn placement_evaluations(&self) -> u64 {
        self.daemons.placement_evaluations()
    }

    /// The cluster's objects, to read.
    pub fn store(&self) -> &Store {
        &self.world.store
    }

    /// Simulated wall clock, epoch milliseconds.
    pub fn now(&self) -> i64 {
        self.world.now
    }

    /// Has every DaemonSet synced again: a fork kept for itself (compare mode) rebuilds the
    /// controller's caches it left out, which the view's missing-pod states read.
    pub fn resync_daemonsets(&mut self) {
        let keys: Vec<Key> = self.world.store.daemonsets().keys().cloned().collect();
        self.world.queues.daemonsets.extend(keys);
        self.settle();
    }

    /// Every DaemonSet's status counters over time, by uid.
    pub fn timelines(&self) -> impl Iterator<Item = (&String, &crate::timeline::Timeline)> {
        self.world.timelines.iter().map(|(uid, t)| (uid, t))
    }

    /// A DaemonSet's status counters over time, by its uid (see timeline.rs).
    pub fn timeline(&self, uid: &str) -> Option<&crate::timeline::Timeline> {
        self.world.timelines.iter().find(|(u, _)| u == uid).map(|(_, t)| t)
    }

    /// Milliseconds since the simulation started.
    pub fn elapsed_ms(&self) -> u64 {
        (self.world.now - SIM_EPOCH_MS) as u64
    }

    /// `elapsed_ms` once the pending steps are done (an `advance` under way has reached its end).
    pub fn elapsed_ms_when_idle(&self) -> u64 {
        (self.advance_to.unwrap_or(self.world.now) - SIM_EPOCH_MS) as u64
    }

    /// Advances the clock by `ms`, running every timer that falls due, in order, and the
    /// controllers after each instant's timers.
    pub fn advance(&mut self, ms: u64) {
        self.finish();
        self.advance_to = Some(self.world.now.saturating_add(ms as i64));
        self.settle();
    }

    /// When the next timer falls due, if any (lets a UI skip idle stretches).
    pub fn next_timer_at(&self) -> Option<i64> {
        self.world.timers.next_at()
    }

    /// For an owner that must never block (the page): changes and `advance` then return at
    /// once and leave their work to [`Simulation::step`], which the owner runs in slices
    /// between frames. Every public change first finishes what the last one left, so the work
    /// is done in the same order, and every output byte is the same, either way.
    pub fn set_stepwise(&mut self, on: bool) {
        self.stepwise = on;
        if !on {
            self.finish();
        }
    }

    /// Whether work is left for [`Simulation::step`].
    pub fn busy(&self) -> bool {
        self.daemons.syncing()
            || (self.firing && self.next_timer_at().is_some_and(|at| at <= self.world.now))
            || (self.settle_steps < SETTLE_LIMIT
                && !(self.world.queues.scheduling.active.is_empty() && self.world.queues.daemonsets.is_empty()))
            || self.pending_nodes.is_some()
            || self.advance_to.is_some()
    }

    /// Does the next unit of work: one pod created or deleted by a sync, one timer, one
    /// scheduling attempt, one DaemonSet sync, one node of `add_nodes`, or one move of the
    /// clock. Returns whether there was any. The order is `advance`'s: the controllers run
    /// until nothing is dirty before the clock moves (a node of `add_nodes` waits for them
    /// too), and not while the timers of one instant fire.
    pub fn step(&mut self) -> bool {
        if self.daemons.syncing() {
            self.daemons.continue_sync(&mut self.world);
            return true;
        }
        if self.firing {
            if let Some(timer) = self.world.timers.pop_due(self.world.now) {
                self.fire(timer);
                return true;
            }
            self.firing = false;
        }
        if self.settle_steps < SETTLE_LIMIT {
            if let Some((key, slot)) = self.world.queues.scheduling.active.pop_first() {
                self.settle_steps += 1;
                self.scheduler.schedule_pod(&mut self.world, key, slot);
                return true;
            }
            if let Some(key) = self.world.queues.daemonsets.pop_first() {
                self.settle_steps += 1;
                self.daemons.sync_daemonset(&mut self.world, &key);
                return true;
            }
        }
        if let Some(PendingNodes { names, shape, refused_name_follows }) = &mut self.pending_nodes {
            // The next node of `add_nodes`, once the last one's consequences are settled.
            match names.pop() {
                Some(name) => {
                    let shape = shape.clone();
                    if names.is_empty() && !*refused_name_follows {
                        self.pending_nodes = None;
                    }
                    // As `finish` between two nodes of a settled `add_nodes` does.
                    self.settle_steps = 0;
                    self.create_checked_node(&name, &shape);
                }
                None => {
                    self.pending_nodes = None;
                    self.world.store.skip_resource_version();
                }
            }
            return true;
        }
        let Some(target) = self.advance_to else { return false };
        self.settle_steps = 0;
        match self.next_timer_at() {
            Some(at) if at <= target => {
                self.world.now = at.max(self.world.now);
                self.firing = true;
            }
            _ => {
                self.world.now = target;
                self.advance_to = None;
                self.world.recorder.expire(&mut self.world.store, self.world.now);
            }
        }
        true
    }

    /// Runs every step left, whatever the mode.
    pub fn finish(&mut self) {
        while self.step() {}
        self.settle_steps = 0;
    }

    /// Runs controllers until nothing is dirty, unless the owner runs the steps itself.
    pub fn settle(&mut self) {
        if !self.stepwise {
            self.finish();
        }
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Kubelet { pod, uid, slot } => self.kubelet.step(&mut self.world, &pod, &uid, slot),
            Timer::Terminated { pod, uid } => self.kubelet.terminated(&mut self.world, &pod, &uid),
            Timer::NodeMonitor { node, .. } => self.node_lifecycle.monitor(&mut self.world, &node),
            Timer::PodGc { node } => self.pod_gc.run(&mut self.world, &node),
            Timer::Requeue { ds } => self.daemons.requeue(&mut self.world, ds),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse_stream;

    const DAEMONSET: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: busybox:1.36
";

    fn cluster(nodes: usize, stepwise: bool) -> Simulation {
        let mut sim = Simulation::new(1);
        for i in 0..nodes {
            sim.add_node(&format!("n{i}"), &NodeShape::default()).expect("node");
        }
        sim.set_stepwise(stepwise);
        sim
    }

    /// What a test compares: every pod with its phase and resourceVersion, and the status.
    fn state(sim: &Simulation) -> Vec<String> {
        let mut out: Vec<String> = sim
            .world
            .store
            .pods()
            .values()
            .map(|p| format!("{} {:?} {} {}", p.meta.name, p.node_name(), p.status.phase, p.meta.resource_version))
            .collect();
        out.extend(sim.world.store.daemonsets().values().map(|d| format!("{:?}", d.status)));
        out.push(format!("{} {}", sim.now(), sim.world.store.events().len()));
        out
    }

    #[test]
    fn stepwise_work_is_issued_one_pod_at_a_time_and_ends_where_settling_ends() {
        let apply = |sim: &mut Simulation| {
            let r = sim.apply(parse_stream(DAEMONSET).expect("parses"), "default", false);
            assert!(r.iter().all(Result::is_ok));
        };
        let mut settled = cluster(20, false);
        apply(&mut settled);
        assert!(!settled.busy());
        settled.advance(5_000);

        let mut stepped = cluster(20, true);
        apply(&mut stepped);
        assert!(stepped.busy(), "the apply left its sync to the steps");
        assert_eq!(stepped.store().pods().len(), 0);
        // The first step is the sync's `manage`; each of the next creates one pod.
        assert!(stepped.step());
        for made in 1..=20 {
            assert!(stepped.step());
            assert_eq!(stepped.store().pods().len(), made);
        }
        stepped.finish();
        assert!(!stepped.busy());
        // An advance only sets where time is heading; its timers run as steps.
        stepped.advance(5_000);
        assert!(stepped.busy());
        assert_eq!(stepped.elapsed_ms_when_idle(), 5_000);
        assert!(stepped.elapsed_ms() < 5_000);
        let mut steps = 0;
        while stepped.step() {
            steps += 1;
        }
        assert!(steps > 20, "one step per timer at least: {steps}");
        assert_eq!(state(&stepped), state(&settled));
    }

    #[test]
    fn a_change_first_finishes_the_work_the_last_one_left() {
        let mut sim = cluster(5, true);
        sim.apply(parse_stream(DAEMONSET).expect("parses"), "default", false);
        assert!(sim.busy());
        sim.set_node_unschedulable("n0", true).expect("cordon");
        // The cordon found the sync done: every node has its pod (a cordoned node keeps it).
        assert_eq!(sim.world.store.pods().len(), 5);
    }
}
