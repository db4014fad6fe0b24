//! The simulation: store, simulated clock and timer queue, and the API operations the console
//! calls (apply, delete, node and fault operations). Work is event-driven: a change marks the
//! affected DaemonSets dirty, timers wake the kubelet and node lifecycle, and `settle` runs
//! controllers until nothing is left to do. An idle `advance` touches nothing.

use crate::events::{NewEvent, Recorder};
use crate::manifest::{MAX_OBJECT_BYTES, ParsedObject};
use crate::merge::LAST_APPLIED;
use crate::names::NameStream;
use crate::objects::*;
use crate::store::{Key, Store};
use crate::time::SIM_EPOCH_MS;
use serde_json::{Map, Value, json};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::rc::Rc;

/// Timings of the simulated components (milliseconds).
#[derive(Clone, Debug)]
pub struct Config {
    /// From binding to Running and Ready (image present, container started).
    pub pod_start_ms: i64,
    /// How long a container takes to exit after SIGTERM (capped by the grace period).
    pub pod_stop_ms: i64,
    /// `--node-monitor-grace-period`.
    pub node_monitor_grace_ms: i64,
    /// Pod GC quarantine for pods bound to deleted nodes.
    pub pod_gc_quarantine_ms: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config { pod_start_ms: 2_000, pod_stop_ms: 2_000, node_monitor_grace_ms: 40_000, pod_gc_quarantine_ms: 40_000 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Timer {
    /// The kubelet's next step for a pod (start, image pull retry, readiness).
    Kubelet { pod: Key, uid: String },
    /// A terminating pod's containers have exited.
    Terminated { pod: Key, uid: String },
    /// The node lifecycle controller notices a silent kubelet.
    NodeMonitor { node: String, since: i64 },
    /// Pod GC for pods bound to a deleted node.
    PodGc { node: String },
    /// A DaemonSet asked to be synced again (minReadySeconds, failed-pod backoff).
    Requeue { ds: Key },
}

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

/// An error as the apiserver (or kubectl) reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// `resource` is plural and qualified: `daemonsets.apps`, `pods`, `nodes`.
    NotFound {
        resource: String,
        name: String,
    },
    AlreadyExists {
        resource: String,
        name: String,
    },
    /// `kind` is e.g. `DaemonSet`; `causes` are field errors.
    Invalid {
        kind: String,
        name: String,
        causes: Vec<String>,
    },
    /// `name`/`namespace` as written in the manifest (kubectl prints them).
    NoKindMatch {
        kind: String,
        version: String,
        name: String,
        namespace: String,
    },
    NamespaceNotFound {
        namespace: String,
    },
    TooLarge,
    /// The body could not be decoded into the kind's Go types (BadRequest); `path` locates it.
    Decode {
        path: String,
        message: String,
    },
    BadRequest(String),
    /// Refused by admission or by the registry: `pods "x" is forbidden: <message>`.
    Forbidden {
        resource: String,
        name: String,
        message: String,
    },
    /// What kubectl itself refuses before it sends anything.
    Client(ClientError),
}

/// A refusal kubectl makes on the client side (or `sim` makes of its own commands). The core
/// names the case; the console words it (`dsplay_console::errors`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// The document is not a mapping.
    NotAnObject,
    /// `apiVersion` and/or `kind` are missing.
    TypeMissing { api_version: bool, kind: bool },
    /// The object's namespace differs from the `--namespace` given.
    NamespaceMismatch { object: String, given: String },
    /// `kubectl set image`: no container of this name.
    NoContainer(String),
    /// `kubectl rollout undo` with one revision only.
    NoLastRevision,
    /// `kubectl rollout undo --to-revision=N` with no such revision.
    NoRevision(i64),
    /// `sim node condition` with a type the simulation does not know.
    UnknownNodeCondition(String),
}

/// What an apply did to one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// `daemonset.apps`, `node`, `pod`, `configmap`, ...
    pub kind_ref: String,
    pub name: String,
    /// `created`, `configured` or `unchanged`.
    pub action: &'static str,
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

/// A simulated cluster.
pub struct Simulation {
    pub store: Store,
    pub config: Config,
    pub(crate) now: i64,
    pub(crate) names: NameStream,
    pub(crate) timers: BinaryHeap<Reverse<(i64, u64, Timer)>>,
    timer_seq: u64,
    pub(crate) recorder: Recorder,
    /// Per DaemonSet uid: its status counters over time (see timeline.rs).
    /// (A list: a handful of DaemonSets, and one more map type costs the page's wasm a kilobyte.)
    pub(crate) timelines: Vec<(String, crate::timeline::Timeline)>,
    /// The DaemonSet controller's queue, caches and back-off (daemon.rs).
    pub(crate) daemons: crate::daemon::DaemonController,
    /// The scheduler's queues and nominations (scheduler.rs).
    pub(crate) scheduler: crate::scheduler::Scheduler,
    /// What the kubelets' image pulls meet (kubelet.rs).
    pub(crate) kubelet: crate::kubelet::Kubelet,
    next_node_index: u32,
    /// Work counter for benchmarks and tests: DaemonSet placements evaluated.
    pub placement_evaluations: u64,
    /// Changes and `advance` leave their consequences to `step` (see `set_stepwise`).
    stepwise: bool,
    /// Where an `advance` is heading while some of its timers have not run.
    advance_to: Option<i64>,
    /// The timers due at the current instant are being fired; no controller runs in between.
    firing: bool,
    /// Controller steps since time last moved: bounded, so a bug cannot hang the caller.
    settle_steps: u32,
    /// Nodes `add_nodes` left to `step` (the next last), their shape, and whether a refused
    /// name's resourceVersion follows them.
    pending_nodes: Option<PendingNodes>,
}

/// The nodes of a stepwise `add_nodes` still to add (the next last), their shape, and whether
/// a name the apiserver refused as taken follows them (it takes a resourceVersion too).
#[derive(Clone, Debug)]
struct PendingNodes {
    names: Vec<String>,
    shape: NodeShape,
    refused_name_follows: bool,
}

/// A fork (the page's preview, compare mode, `dsplay plan`) shares the store's objects (see
/// `Store`) and leaves out the DaemonSet controller's caches (see `DaemonController`).
impl Clone for Simulation {
    fn clone(&self) -> Self {
        Simulation {
            store: self.store.clone(),
            config: self.config.clone(),
            now: self.now,
            names: self.names.clone(),
            timers: self.timers.clone(),
            timer_seq: self.timer_seq,
            recorder: self.recorder.clone(),
            timelines: self.timelines.clone(),
            daemons: self.daemons.clone(),
            scheduler: self.scheduler.clone(),
            kubelet: self.kubelet.clone(),
            next_node_index: self.next_node_index,
            placement_evaluations: self.placement_evaluations,
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
            store: Store::default(),
            config: Config::default(),
            now: SIM_EPOCH_MS,
            names: NameStream::new(seed),
            timers: BinaryHeap::new(),
            timer_seq: 0,
            recorder: Recorder::default(),
            timelines: Vec::new(),
            daemons: Default::default(),
            scheduler: Default::default(),
            kubelet: Default::default(),
            next_node_index: 0,
            placement_evaluations: 0,
            stepwise: false,
            advance_to: None,
            firing: false,
            settle_steps: 0,
            pending_nodes: None,
        };
        for class in crate::priority::system_classes(SIM_EPOCH_MS) {
            let key = (class.kind.clone(), String::new(), class.meta.name.clone());
            sim.store.generic.insert(key, class);
        }
        for ns in BUILT_IN_NAMESPACES {
            sim.store.namespaces.insert(ns.to_string(), SIM_EPOCH_MS);
        }
        sim
    }

    /// Simulated wall clock, epoch milliseconds.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// Has every DaemonSet synced again: a fork kept for itself (compare mode) rebuilds the
    /// controller's caches it left out, which the view's missing-pod states read.
    pub fn resync_daemonsets(&mut self) {
        let keys: Vec<Key> = self.store.daemonsets().keys().cloned().collect();
        self.daemons.queue.extend(keys);
        self.settle();
    }

    /// Every DaemonSet's status counters over time, by uid.
    pub fn timelines(&self) -> impl Iterator<Item = (&String, &crate::timeline::Timeline)> {
        self.timelines.iter().map(|(uid, t)| (uid, t))
    }

    /// A DaemonSet's status counters over time, by its uid (see timeline.rs).
    pub fn timeline(&self, uid: &str) -> Option<&crate::timeline::Timeline> {
        self.timelines.iter().find(|(u, _)| u == uid).map(|(_, t)| t)
    }

    /// Milliseconds since the simulation started.
    pub fn elapsed_ms(&self) -> u64 {
        (self.now - SIM_EPOCH_MS) as u64
    }

    /// `elapsed_ms` once the pending steps are done (an `advance` under way has reached its end).
    pub fn elapsed_ms_when_idle(&self) -> u64 {
        (self.advance_to.unwrap_or(self.now) - SIM_EPOCH_MS) as u64
    }

    pub(crate) fn schedule(&mut self, at: i64, timer: Timer) {
        self.timer_seq += 1;
        self.timers.push(Reverse((at, self.timer_seq, timer)));
    }

    /// Advances the clock by `ms`, running every timer that falls due, in order, and the
    /// controllers after each instant's timers.
    pub fn advance(&mut self, ms: u64) {
        self.finish();
        self.advance_to = Some(self.now.saturating_add(ms as i64));
        self.settle();
    }

    /// When the next timer falls due, if any (lets a UI skip idle stretches).
    pub fn next_timer_at(&self) -> Option<i64> {
        self.timers.peek().map(|Reverse((at, _, _))| *at)
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
        self.daemons.sync_in_progress.is_some()
            || (self.firing && self.next_timer_at().is_some_and(|at| at <= self.now))
            || (self.settle_steps < SETTLE_LIMIT
                && !(self.scheduler.active.is_empty() && self.daemons.queue.is_empty()))
            || self.pending_nodes.is_some()
            || self.advance_to.is_some()
    }

    /// Does the next unit of work: one pod created or deleted by a sync, one timer, one
    /// scheduling attempt, one DaemonSet sync, one node of `add_nodes`, or one move of the
    /// clock. Returns whether there was any. The order is `advance`'s: the controllers run
    /// until nothing is dirty before the clock moves (a node of `add_nodes` waits for them
    /// too), and not while the timers of one instant fire.
    pub fn step(&mut self) -> bool {
        if self.daemons.sync_in_progress.is_some() {
            self.continue_sync();
            return true;
        }
        if self.firing {
            if self.next_timer_at().is_some_and(|at| at <= self.now)
                && let Some(Reverse((_, _, timer))) = self.timers.pop()
            {
                self.fire(timer);
                return true;
            }
            self.firing = false;
        }
        if self.settle_steps < SETTLE_LIMIT {
            if let Some(key) = self.scheduler.active.pop_first() {
                self.settle_steps += 1;
                self.schedule_pod(&key);
                return true;
            }
            if let Some(key) = self.daemons.queue.pop_first() {
                self.settle_steps += 1;
                self.sync_daemonset(&key);
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
                    self.store.next_resource_version();
                }
            }
            return true;
        }
        let Some(target) = self.advance_to else { return false };
        self.settle_steps = 0;
        match self.next_timer_at() {
            Some(at) if at <= target => {
                self.now = at.max(self.now);
                self.firing = true;
            }
            _ => {
                self.now = target;
                self.advance_to = None;
                self.recorder.expire(&mut self.store, self.now);
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
            Timer::Kubelet { pod, uid } => self.kubelet_step(&pod, &uid),
            Timer::Terminated { pod, uid } => {
                if self.store.pods().get(&pod).is_some_and(|p| p.meta.uid == uid) {
                    self.finalize_pod(&pod);
                }
            }
            Timer::NodeMonitor { node, .. } => self.node_monitor(&node),
            Timer::PodGc { node } => {
                if !self.store.nodes().contains_key(&node) {
                    let keys: Vec<Key> = self.store.pod_keys_on_node(&node);
                    for k in keys {
                        self.finalize_pod(&k);
                    }
                }
            }
            Timer::Requeue { ds } => {
                // Availability changes with time alone: look at every node again.
                if let Some(d) = self.store.daemonsets().get(&ds) {
                    self.daemons.caches.entry(d.meta.uid.clone()).or_default().full = true;
                }
                self.daemons.queue.insert(ds);
            }
        }
    }

    // ---- events ----

    pub(crate) fn record(
        &mut self,
        involved: impl Into<Rc<ObjectRef>>,
        event_type: &'static str,
        reason: &'static str,
        message: String,
        component: &'static str,
        host: Option<Rc<str>>,
    ) {
        let e = NewEvent { involved: involved.into(), event_type, reason, message, component, host };
        self.recorder.record(&mut self.store, e, self.now);
    }

    pub(crate) fn ds_ref(ds: &DaemonSet) -> ObjectRef {
        ObjectRef {
            kind: "DaemonSet",
            api_version: "apps/v1",
            namespace: ds.meta.namespace.clone(),
            name: ds.meta.name.clone(),
            uid: ds.meta.uid.clone(),
            field_path: None,
        }
    }

    pub(crate) fn pod_ref(pod: &Pod, field: Option<String>) -> ObjectRef {
        ObjectRef {
            kind: "Pod",
            api_version: "v1",
            namespace: pod.meta.namespace.clone(),
            name: pod.meta.name.clone(),
            uid: pod.meta.uid.clone(),
            field_path: field,
        }
    }

    fn node_ref(node: &Node) -> ObjectRef {
        ObjectRef {
            kind: "Node",
            api_version: "v1",
            namespace: String::new(),
            name: node.meta.name.clone(),
            uid: node.meta.name.clone(),
            field_path: None,
        }
    }

    // ---- change notification ----

    /// A node's labels or taints changed: re-evaluate that node only, for every DaemonSet.
    pub(crate) fn node_changed(&mut self, node: &str) {
        for cache in self.daemons.caches.values_mut() {
            cache.node_changed(node);
        }
        let keys: Vec<Key> = self.store.daemonsets().keys().cloned().collect();
        self.daemons.queue.extend(keys);
        let retry: Vec<Key> = self
            .scheduler
            .unschedulable
            .iter()
            .filter(|k| self.store.pods().get(k).and_then(Pod::target_node) == Some(node))
            .cloned()
            .collect();
        for k in retry {
            self.scheduler.unschedulable.remove(&k);
            self.scheduler.active.insert(k);
        }
    }

    /// A pod changed: its controller (if any) syncs.
    pub(crate) fn pod_changed(&mut self, pod: &Key) {
        let Some(p) = self.store.pods().get(pod) else { return };
        if let Some(owner) = p.meta.controller_ref().map(|r| r.uid.as_str())
            && let Some(ds) = self.store.daemonset_by_uid(owner)
        {
            self.daemons.queue.insert(ds.key());
            match self.daemons.caches.get_mut(owner) {
                Some(cache) => cache.pod_changed(p.target_node()),
                None => self.daemons.caches.entry(owner.to_string()).or_default().pod_changed(p.target_node()),
            }
        } else if p.meta.controller_ref().is_none() {
            // An orphan may be adopted by any DaemonSet of its namespace.
            let ns = p.meta.namespace.clone();
            let keys: Vec<Key> = self.store.daemonsets().keys().filter(|k| k.0 == ns).cloned().collect();
            for k in keys {
                self.daemons.needs_claim.insert(k.clone());
                self.daemons.queue.insert(k);
            }
        }
    }

    // ---- apply ----

    /// `kubectl apply` (or `create` with `create_only`) of parsed objects, one by one.
    pub fn apply(
        &mut self,
        objects: Vec<ParsedObject>,
        default_namespace: &str,
        create_only: bool,
    ) -> Vec<Result<Applied, ApiError>> {
        let mut results = Vec::new();
        for obj in objects {
            self.finish();
            let r = self.apply_one(obj, default_namespace, create_only);
            self.settle();
            results.push(r);
        }
        results
    }

    fn apply_one(
        &mut self,
        obj: ParsedObject,
        default_namespace: &str,
        create_only: bool,
    ) -> Result<Applied, ApiError> {
        if obj.source_bytes > MAX_OBJECT_BYTES {
            return Err(ApiError::TooLarge);
        }
        let value = obj.value;
        let Some(map) = value.as_object() else {
            return Err(ApiError::Client(ClientError::NotAnObject));
        };
        let api_version = map.get("apiVersion").and_then(Value::as_str).unwrap_or_default().to_string();
        let kind = map.get("kind").and_then(Value::as_str).unwrap_or_default().to_string();
        if api_version.is_empty() || kind.is_empty() {
            let missing = ClientError::TypeMissing { api_version: api_version.is_empty(), kind: kind.is_empty() };
            return Err(ApiError::Client(missing));
        }
        if let Err(e) = crate::typecheck::check(&kind, &value) {
            let version = api_version.rsplit('/').next().unwrap_or_default();
            return Err(ApiError::Decode {
                path: e.path,
                message: format!("{kind} in version \"{version}\" cannot be handled as a {kind}: {}", e.message),
            });
        }
        let meta_json = map.get("metadata").cloned().unwrap_or(json!({}));
        let mut meta = Meta::from_json(&meta_json);
        let served = match kind.as_str() {
            "DaemonSet" | "ControllerRevision" | "Deployment" | "ReplicaSet" | "StatefulSet" => {
                api_version == "apps/v1"
            }
            "Node" | "Pod" | "Namespace" | "ConfigMap" | "Secret" | "Service" | "ServiceAccount" | "Event" => {
                api_version == "v1"
            }
            "PriorityClass" if api_version.starts_with("scheduling.k8s.io/") => {
                api_version == crate::priority::API_VERSION
            }
            // Kinds are case-sensitive: `kind: daemonset` is no kind apps/v1 or v1 serves.
            // Other groups may be CRDs, which the playground stores as they are.
            _ => match api_version.as_str() {
                "apps/v1" => false,
                "v1" => matches!(
                    kind.as_str(),
                    "Binding"
                        | "ComponentStatus"
                        | "Endpoints"
                        | "LimitRange"
                        | "PersistentVolume"
                        | "PersistentVolumeClaim"
                        | "PodTemplate"
                        | "ReplicationController"
                        | "ResourceQuota"
                ),
                _ => true,
            },
        };
        if !served {
            return Err(ApiError::NoKindMatch {
                kind,
                version: api_version,
                name: meta.name,
                namespace: meta.namespace,
            });
        }
        let namespaced = !cluster_scoped(&kind);
        if namespaced {
            if meta.namespace.is_empty() {
                meta.namespace = default_namespace.to_string();
            } else if meta.namespace != default_namespace && default_namespace != "default" {
                let (object, given) = (meta.namespace, default_namespace.to_string());
                return Err(ApiError::Client(ClientError::NamespaceMismatch { object, given }));
            }
            if !self.store.namespaces.contains_key(&meta.namespace) {
                return Err(ApiError::NamespaceNotFound { namespace: meta.namespace });
            }
        } else {
            meta.namespace.clear();
        }
        if meta.name.is_empty() {
            return Err(ApiError::Invalid {
                kind: kind.clone(),
                name: String::new(),
                causes: vec!["metadata.name: Required value: name or generateName is required".into()],
            });
        }
        // kubectl apply records what was applied, minus the record itself.
        let mut last_applied = value.clone();
        if let Some(m) = last_applied.get_mut("metadata").and_then(Value::as_object_mut) {
            let ann = m.entry("annotations").or_insert(json!({}));
            if let Some(a) = ann.as_object_mut() {
                a.remove(LAST_APPLIED);
            }
            if namespaced {
                m.insert("namespace".into(), json!(meta.namespace));
            }
        }
        let last_applied_text = format!("{}\n", serde_json::to_string(&last_applied).unwrap_or_default());
        if !create_only {
            meta.annotations.insert(LAST_APPLIED.into(), last_applied_text.clone());
        }
        // ValidateAnnotationsSize: keys and values together, the applied record included.
        let annotation_bytes: usize = meta.annotations.iter().map(|(k, v)| k.len() + v.len()).sum();
        if annotation_bytes > 256 * 1024 {
            return Err(ApiError::Invalid {
                kind,
                name: meta.name,
                causes: vec!["metadata.annotations: Too long: may not be more than 262144 bytes".into()],
            });
        }
        let (kind_ref, _) = resource_of(&kind, &api_version);
        let name = meta.name.clone();
        let action = match kind.as_str() {
            "DaemonSet" => self.apply_daemonset(meta, &value, create_only, &last_applied_text)?,
            "Node" => self.apply_node(meta, &value, create_only, &last_applied_text)?,
            "Pod" => self.apply_pod(meta, &value, create_only)?,
            "Namespace" => self.apply_namespace(meta, create_only)?,
            _ => self.apply_generic(meta, &api_version, &kind, map, create_only, &last_applied_text)?,
        };
        Ok(Applied { kind_ref, name, action })
    }

    fn apply_namespace(&mut self, meta: Meta, create_only: bool) -> Result<&'static str, ApiError> {
        let errs = crate::labels::validate_dns1123_label(&meta.name);
        if !errs.is_empty() {
            return Err(ApiError::Invalid {
                kind: "Namespace".into(),
                name: meta.name.clone(),
                causes: errs
                    .iter()
                    .map(|e| format!("metadata.name: Invalid value: {:?}: {e}", crate::validate::GoStr(&meta.name)))
                    .collect(),
            });
        }
        if self.store.namespaces.contains_key(&meta.name) {
            if create_only {
                return Err(ApiError::AlreadyExists { resource: "namespaces".into(), name: meta.name });
            }
            return Ok("unchanged");
        }
        self.store.namespaces.insert(meta.name, self.now);
        Ok("created")
    }

    /// `kubectl create namespace NAME`.
    pub fn create_namespace(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        let meta = Meta { name: name.to_string(), ..Meta::default() };
        self.apply_namespace(meta, true).map(|_| ())
    }

    fn apply_generic(
        &mut self,
        mut meta: Meta,
        api_version: &str,
        kind: &str,
        map: &Map<String, Value>,
        create_only: bool,
        last_applied: &str,
    ) -> Result<&'static str, ApiError> {
        let key = (kind.to_string(), meta.namespace.clone(), meta.name.clone());
        let mut body = map.clone();
        for k in ["apiVersion", "kind", "metadata", "status"] {
            body.remove(k);
        }
        if kind == crate::priority::KIND && api_version == crate::priority::API_VERSION {
            let old = if create_only { None } else { self.store.generic.get(&key) };
            crate::priority::admit_class(&self.store, &meta, &mut body, old)?;
            // Daemon pods' specs were admitted against the classes as they were.
            self.daemons.pod_templates.clear();
        }
        let rv = self.store.next_resource_version();
        if let Some(old) = self.store.generic.get_mut(&key) {
            if create_only {
                let (_, plural) = resource_of(kind, api_version);
                return Err(ApiError::AlreadyExists { resource: plural, name: meta.name });
            }
            if old.meta.annotations.get(LAST_APPLIED).map(String::as_str) == Some(last_applied) {
                return Ok("unchanged");
            }
            old.body = body;
            old.meta.labels = meta.labels;
            old.meta.annotations = meta.annotations;
            old.meta.resource_version = rv;
            return Ok("configured");
        }
        meta.uid = self.names.uid();
        meta.creation_ms = self.now;
        meta.resource_version = self.store.next_resource_version();
        self.store
            .generic
            .insert(key, GenericObject { api_version: api_version.to_string(), kind: kind.to_string(), meta, body });
        Ok("created")
    }

    fn apply_node(
        &mut self,
        mut meta: Meta,
        value: &Value,
        create_only: bool,
        last_applied: &str,
    ) -> Result<&'static str, ApiError> {
        let mut errs = Vec::new();
        crate::validate::name_errors(&value["metadata"], &mut errs);
        errs.extend(node_spec_errors(value));
        if !errs.is_empty() {
            return Err(ApiError::Invalid { kind: "Node".into(), name: meta.name.clone(), causes: errs });
        }
        let spec = value.get("spec").and_then(Value::as_object).cloned().unwrap_or_default();
        let mut status = value.get("status").and_then(Value::as_object).cloned().unwrap_or_default();
        let conditions = status.remove("conditions");
        let rv = self.store.next_resource_version();
        if let Some(old) = self.store.node_mut(&meta.name) {
            if create_only {
                return Err(ApiError::AlreadyExists { resource: "nodes".into(), name: meta.name });
            }
            if old.meta.annotations.get(LAST_APPLIED).map(String::as_str) == Some(last_applied) {
                return Ok("unchanged");
            }
            // kubectl apply's three-way merge: labels set by `kubectl label` etc. survive.
            let previous: Option<Value> =
                old.meta.annotations.get(LAST_APPLIED).and_then(|t| crate::json::parse(t).ok());
            (old.meta.labels, old.meta.annotations) =
                crate::merge::applied_metadata(&old.meta, previous.as_ref(), &meta, last_applied);
            let live_spec = Value::Object(old.spec.clone());
            let prev_spec = previous.as_ref().and_then(|p| p.get("spec"));
            if let Value::Object(m) = crate::merge::three_way(&live_spec, prev_spec, &Value::Object(spec)) {
                old.spec = m;
            }
            old.refresh();
            old.meta.resource_version = rv;
            let name = old.meta.name.clone();
            self.node_changed(&name);
            return Ok("configured");
        }
        let given_creation = meta.creation_ms;
        meta.uid = if meta.uid.is_empty() { self.names.uid() } else { meta.uid };
        meta.creation_ms = if given_creation != 0 { given_creation } else { self.now };
        meta.resource_version = self.store.next_resource_version();
        meta.labels.entry("kubernetes.io/hostname".into()).or_insert_with(|| meta.name.clone());
        let mut node = Node {
            meta,
            spec,
            status,
            conditions: Vec::new(),
            taints: Vec::new(),
            unschedulable: false,
            allocatable: Resources::default(),
            kubelet_down: false,
            index: self.next_node_index,
            next_ip: 1,
            view_stamp: 0,
        };
        self.next_node_index += 1;
        let now = self.now;
        for c in conditions.as_ref().and_then(Value::as_array).into_iter().flatten() {
            let t = |k: &str| c.get(k).and_then(Value::as_str).and_then(crate::time::parse_rfc3339).unwrap_or(now);
            node.conditions.push(NodeCondition {
                kind: s(c, "type"),
                status: s(c, "status"),
                reason: s(c, "reason"),
                message: s(c, "message"),
                last_heartbeat_ms: t("lastHeartbeatTime"),
                last_transition_ms: t("lastTransitionTime"),
            });
        }
        if node.conditions.is_empty() {
            kubelet_conditions(&mut node, now);
        }
        node.refresh();
        // A node listed as unreachable is simulated as a node whose kubelet is down.
        node.kubelet_down = node.ready_status() == Some("Unknown");
        let name = node.meta.name.clone();
        self.store.put_node(name.clone(), node);
        self.node_changed(&name);
        Ok("created")
    }

    fn apply_pod(&mut self, mut meta: Meta, value: &Value, create_only: bool) -> Result<&'static str, ApiError> {
        let mut errs = Vec::new();
        crate::validate::name_errors(&value["metadata"], &mut errs);
        let mut spec = value.get("spec").cloned().unwrap_or(json!({}));
        let key = meta.key();
        let exists = self.store.pods().contains_key(&key);
        // A new pod meets mutating admission (Priority) before validation.
        if !exists && let Err(message) = crate::priority::admit_pod(&self.store, &mut spec) {
            return Err(ApiError::Forbidden { resource: "pods".into(), name: meta.name, message });
        }
        crate::validate::pod_spec_errors("spec", &spec, false, &mut errs);
        if !errs.is_empty() {
            return Err(ApiError::Invalid { kind: "Pod".into(), name: meta.name.clone(), causes: errs });
        }
        if exists {
            if create_only {
                return Err(ApiError::AlreadyExists { resource: "pods".into(), name: meta.name });
            }
            // Pod specs are immutable; re-applying the same pod is the useful case.
            return Ok("unchanged");
        }
        crate::validate::default_pod_spec(&mut spec);
        meta.uid = self.names.uid();
        meta.creation_ms = self.now;
        meta.resource_version = self.store.next_resource_version();
        let pod = Pod::new(meta, spec);
        let bound = pod.node_name().is_some();
        self.store.insert_pod(pod);
        if bound {
            self.kubelet_admit(&key);
        } else {
            self.scheduler.active.insert(key.clone());
        }
        self.pod_changed(&key);
        Ok("created")
    }

    // ---- deletion ----

    /// Deletes a DaemonSet with the given cascade.
    pub fn delete_daemonset(&mut self, namespace: &str, name: &str, cascade: Cascade) -> Result<(), ApiError> {
        self.finish();
        let key = (namespace.to_string(), name.to_string());
        let Some(ds) = self.store.daemonset_mut(&key) else {
            return Err(ApiError::NotFound { resource: "daemonsets.apps".into(), name: name.into() });
        };
        let uid = ds.meta.uid.clone();
        match cascade {
            Cascade::Orphan => {
                self.store.remove_daemonset(&key);
                let pods: Vec<Key> = self.store.pod_keys_owned_by(&uid);
                for p in pods {
                    self.store.update_pod(&p, |pod| pod.meta.owner_references.retain(|r| r.uid != uid));
                }
                for rev in self.store.revisions_mut() {
                    if rev.meta.owner_references.iter().any(|r| r.uid == uid) {
                        rev.meta.owner_references.retain(|r| r.uid != uid);
                    }
                }
            }
            Cascade::Background => {
                self.store.remove_daemonset(&key);
                self.delete_dependents(&uid);
            }
            Cascade::Foreground => {
                ds.meta.deletion_ms = Some(self.now);
                ds.meta.deletion_grace_seconds = Some(0);
                ds.meta.finalizers.push("foregroundDeletion".into());
                self.delete_dependents(&uid);
                self.finish_foreground(&key);
            }
        }
        self.daemons.caches.remove(&uid);
        self.timelines.retain(|(u, _)| *u != uid);
        Ok(())
    }

    fn delete_dependents(&mut self, owner_uid: &str) {
        let pods: Vec<Key> = self.store.pod_keys_owned_by(owner_uid);
        for p in pods {
            self.delete_pod_gracefully(&p, None);
        }
        self.store.retain_revisions(|_, r| !r.meta.owner_references.iter().any(|o| o.uid == owner_uid));
    }

    /// A foreground-deleted DaemonSet disappears once its pods are gone.
    pub(crate) fn finish_foreground(&mut self, key: &Key) {
        let Some(ds) = self.store.daemonsets().get(key) else { return };
        if ds.meta.deletion_ms.is_some() && self.store.pods_owned_by(&ds.meta.uid).next().is_none() {
            self.store.remove_daemonset(key);
        }
    }

    /// `kubectl delete pod`: graceful, with the pod's grace period (or `grace_override`).
    pub fn delete_pod(&mut self, namespace: &str, name: &str) -> Result<(), ApiError> {
        self.finish();
        let key = (namespace.to_string(), name.to_string());
        if !self.store.pods().contains_key(&key) {
            return Err(ApiError::NotFound { resource: "pods".into(), name: name.into() });
        }
        self.delete_pod_gracefully(&key, None);
        self.settle();
        Ok(())
    }

    /// `kubectl delete pod --grace-period=N`.
    pub fn delete_pod_with_grace(&mut self, key: &Key, grace_seconds: i64) {
        self.finish();
        self.delete_pod_gracefully(key, Some(grace_seconds));
        self.settle();
    }

    pub(crate) fn delete_pod_gracefully(&mut self, key: &Key, grace_override: Option<i64>) {
        let now = self.now;
        let Some(pod) = self.store.pods().get(key) else { return };
        if pod.meta.deletion_ms.is_some() {
            return;
        }
        let grace = grace_override.unwrap_or(pod.sched.termination_grace_seconds);
        let bound_node = pod.node_name().map(str::to_string);
        let uid = pod.meta.uid.clone();
        let kubelet_alive =
            bound_node.as_ref().and_then(|n| self.store.nodes().get(n)).is_some_and(|n| !n.kubelet_down);
        // Unbound or terminal pods have nothing to stop: they go at once.
        if bound_node.is_none() || grace == 0 || pod.is_terminal() {
            self.finalize_pod(key);
            return;
        }
        self.store.update_pod(key, |p| {
            p.meta.deletion_ms = Some(now + grace * 1000);
            p.meta.deletion_grace_seconds = Some(grace);
        });
        if let Some(p) = self.store.pods().get(key) {
            let node: Option<Rc<str>> = p.node_name().map(Rc::from);
            let base = Self::pod_ref(p, None);
            for c in p.sched.containers.clone() {
                let mut r = base.clone();
                r.field_path = Some(format!("spec.containers{{{}}}", c.name));
                self.record(r, "Normal", "Killing", format!("Stopping container {}", c.name), "kubelet", node.clone());
            }
        }
        if kubelet_alive {
            let stop = self.config.pod_stop_ms.min(grace * 1000);
            self.schedule(now + stop, Timer::Terminated { pod: key.clone(), uid });
        }
        self.pod_changed(key);
    }

    /// Removes a pod object for good (containers gone, or force deletion).
    pub(crate) fn finalize_pod(&mut self, key: &Key) {
        let Some(pod) = self.store.remove_pod(key) else { return };
        self.scheduler.active.remove(key);
        self.scheduler.unschedulable.remove(key);
        self.scheduler.nominated.remove(key);
        if let Some(owner) = pod.meta.controller_ref()
            && let Some(ds) = self.store.daemonset_by_uid(&owner.uid)
        {
            let k = ds.key();
            self.daemons.caches.entry(owner.uid.clone()).or_default().pod_changed(pod.target_node());
            self.daemons.queue.insert(k.clone());
            self.finish_foreground(&k);
        }
        // Resources freed (or room held for a nominated pod): pods that did not fit on this
        // node may fit now.
        if let Some(node) = pod.node_name().or(pod.status.nominated_node.as_deref()) {
            let node = node.to_string();
            let retry: Vec<Key> = self
                .scheduler
                .unschedulable
                .iter()
                .filter(|k| {
                    self.store.pods().get(k).is_some_and(|p| {
                        p.target_node() == Some(node.as_str()) || p.status.nominated_node.as_deref() == Some(&node)
                    })
                })
                .cloned()
                .collect();
            for k in retry {
                self.scheduler.unschedulable.remove(&k);
                self.scheduler.active.insert(k);
            }
        }
    }

    pub fn delete_node(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        if self.store.remove_node(name).is_none() {
            return Err(ApiError::NotFound { resource: "nodes".into(), name: name.into() });
        }
        for cache in self.daemons.caches.values_mut() {
            cache.node_changed(name);
        }
        let keys: Vec<Key> = self.store.daemonsets().keys().cloned().collect();
        self.daemons.queue.extend(keys);
        // Pod GC runs every 20 s and removes pods whose node has been gone for the quarantine.
        let gc_period = 20_000;
        let due = self.now + self.config.pod_gc_quarantine_ms;
        let at = ((due - SIM_EPOCH_MS + gc_period - 1) / gc_period) * gc_period + SIM_EPOCH_MS;
        self.schedule(at, Timer::PodGc { node: name.to_string() });
        self.settle();
        Ok(())
    }

    pub fn delete_generic(&mut self, kind: &str, namespace: &str, name: &str) -> Result<(), ApiError> {
        self.finish();
        let ns = if cluster_scoped(kind) { String::new() } else { namespace.to_string() };
        if kind == crate::priority::KIND {
            if let Some(refused) = crate::priority::refuse_delete(name) {
                return Err(refused);
            }
            self.daemons.pod_templates.clear();
        }
        if self.store.generic.remove(&(kind.to_string(), ns, name.to_string())).is_none() {
            let (_, plural) = resource_of(kind, "");
            return Err(ApiError::NotFound { resource: plural, name: name.into() });
        }
        Ok(())
    }

    pub fn delete_namespace(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        if self.store.namespaces.remove(name).is_none() {
            return Err(ApiError::NotFound { resource: "namespaces".into(), name: name.into() });
        }
        let dss: Vec<Key> = self.store.daemonsets().keys().filter(|k| k.0 == name).cloned().collect();
        for k in dss {
            let _ = self.delete_daemonset(&k.0, &k.1, Cascade::Background);
        }
        let pods: Vec<Key> = self.store.pods().keys().filter(|k| k.0 == name).cloned().collect();
        for k in pods {
            self.delete_pod_gracefully(&k, None);
        }
        self.store.generic.retain(|k, _| k.1 != name);
        self.settle();
        Ok(())
    }

    // ---- nodes ----

    fn node_mut(&mut self, name: &str) -> Result<&mut Node, ApiError> {
        self.store.node_mut(name).ok_or_else(|| ApiError::NotFound { resource: "nodes".into(), name: name.into() })
    }

    /// Replaces a node's labels (kubectl label computes the new set).
    pub fn set_node_labels(&mut self, name: &str, labels: crate::labels::Labels) -> Result<(), ApiError> {
        self.finish();
        let rv = self.store.next_resource_version();
        let node = self.node_mut(name)?;
        node.meta.labels = labels;
        node.meta.resource_version = rv;
        self.node_changed(name);
        self.settle();
        Ok(())
    }

    /// Replaces a pod's labels: a DaemonSet whose selector stops matching releases the pod,
    /// and an orphan that starts matching is adopted (`ClaimPods`).
    pub fn set_pod_labels(
        &mut self,
        namespace: &str,
        name: &str,
        labels: crate::labels::Labels,
    ) -> Result<(), ApiError> {
        self.finish();
        let key = (namespace.to_string(), name.to_string());
        if self.store.update_pod(&key, |p| p.meta.labels = labels).is_none() {
            return Err(ApiError::NotFound { resource: "pods".into(), name: name.into() });
        }
        let in_namespace: Vec<Key> = self.store.daemonsets().keys().filter(|k| k.0 == namespace).cloned().collect();
        for k in in_namespace {
            self.daemons.needs_claim.insert(k.clone());
            self.daemons.queue.insert(k);
        }
        self.pod_changed(&key);
        self.settle();
        Ok(())
    }

    pub fn set_node_taints(&mut self, name: &str, taints: Vec<Taint>) -> Result<(), ApiError> {
        self.finish();
        let rv = self.store.next_resource_version();
        let node = self.node_mut(name)?;
        node.set_taints(taints);
        node.meta.resource_version = rv;
        self.node_changed(name);
        self.settle();
        Ok(())
    }

    /// `kubectl cordon` / `uncordon`: spec.unschedulable, and the node lifecycle controller's taint.
    pub fn set_node_unschedulable(&mut self, name: &str, on: bool) -> Result<bool, ApiError> {
        self.finish();
        let now = self.now;
        let rv = self.store.next_resource_version();
        let node = self.node_mut(name)?;
        if node.unschedulable == on {
            return Ok(false);
        }
        node.set_unschedulable(on);
        let mut taints: Vec<Taint> = node.taints.iter().filter(|t| t.key != UNSCHEDULABLE_TAINT).cloned().collect();
        if on {
            taints.push(Taint {
                key: UNSCHEDULABLE_TAINT.into(),
                value: String::new(),
                effect: "NoSchedule".into(),
                time_added_ms: Some(now),
            });
        }
        node.set_taints(taints);
        node.meta.resource_version = rv;
        self.node_changed(name);
        self.settle();
        Ok(true)
    }

    /// `sim node add`.
    pub fn add_node(&mut self, name: &str, shape: &NodeShape) -> Result<(), ApiError> {
        match self.add_nodes(&[name.to_string()], shape) {
            (_, Some(refused)) => Err(refused),
            (_, None) => Ok(()),
        }
    }

    /// `sim node add` of many nodes: each is added, and what it sets off settled, before the
    /// next, up to the first one the apiserver would refuse. Returns how many that is, and
    /// the refusal. Stepwise, the first node is added here and the rest are left to
    /// [`Simulation::step`], one per step, so that 5,000 of them do not block a page; every
    /// node is checked here, first, so the caller can report every outcome at once.
    pub fn add_nodes(&mut self, names: &[String], shape: &NodeShape) -> (usize, Option<ApiError>) {
        self.finish();
        let (addable, refused) = self.check_new_nodes(names, shape);
        // `apply_node` takes a resourceVersion before it finds a name taken: the refusal takes
        // one too, after the nodes before it.
        let taken = matches!(refused, Some(ApiError::AlreadyExists { .. }));
        let mut names = names[..addable].iter();
        if let Some(first) = names.next() {
            self.create_checked_node(first, shape);
        }
        if self.stepwise {
            if names.len() > 0 || taken {
                let names = names.rev().cloned().collect();
                self.pending_nodes = Some(PendingNodes { names, shape: shape.clone(), refused_name_follows: taken });
            }
        } else {
            for name in names {
                self.finish();
                self.create_checked_node(name, shape);
            }
            self.finish();
            if taken {
                self.store.next_resource_version();
            }
        }
        (addable, refused)
    }

    /// How many of `names` `apply_node` would create, in order, and its refusal of the next:
    /// its checks, in its order (the object's fields, then a name that is taken).
    fn check_new_nodes(&self, names: &[String], shape: &NodeShape) -> (usize, Option<ApiError>) {
        // Only the name differs from node to node.
        let spec_causes = node_spec_errors(&self.node_json("n", shape));
        let mut seen = crate::fasthash::FastSet::default();
        for (i, name) in names.iter().enumerate() {
            let mut causes = Vec::new();
            crate::validate::name_errors(&json!({ "name": name }), &mut causes);
            causes.extend(spec_causes.iter().cloned());
            if !causes.is_empty() {
                return (i, Some(ApiError::Invalid { kind: "Node".into(), name: name.clone(), causes }));
            }
            if self.store.nodes().contains_key(name.as_str()) || !seen.insert(name.as_str()) {
                return (i, Some(ApiError::AlreadyExists { resource: "nodes".into(), name: name.clone() }));
            }
        }
        (names.len(), None)
    }

    /// Creates a node as `sim node add` makes it (see [`NodeShape`]), one `check_new_nodes`
    /// passed.
    fn create_checked_node(&mut self, name: &str, shape: &NodeShape) {
        let value = self.node_json(name, shape);
        let meta = Meta::from_json(&value["metadata"]);
        let created = self.apply_node(meta, &value, true, "");
        debug_assert!(created.is_ok(), "a checked node was refused: {created:?}");
    }

    /// The manifest of the node `sim node add` makes now.
    fn node_json(&self, name: &str, shape: &NodeShape) -> Value {
        let NodeShape { labels, taints, unschedulable, cpu, memory, pods } = shape;
        let (unschedulable, pods) = (*unschedulable, *pods);
        let mut spec = json!({"podCIDR": format!("10.244.{}.0/24", self.next_node_index), "podCIDRs": [format!("10.244.{}.0/24", self.next_node_index)]});
        if unschedulable {
            spec["unschedulable"] = json!(true);
        }
        let mut all_taints: Vec<Value> =
            taints.iter().map(|t| json!({"key": t.key, "value": t.value, "effect": t.effect})).collect();
        if unschedulable {
            all_taints.push(json!({"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule", "timeAdded": crate::time::rfc3339(self.now)}));
        }
        for t in all_taints.iter_mut() {
            if t["value"] == json!("") {
                t.as_object_mut().map(|m| m.remove("value"));
            }
        }
        if !all_taints.is_empty() {
            spec["taints"] = Value::Array(all_taints);
        }
        let mut all_labels = crate::labels::Labels::new();
        for (k, v) in [
            ("beta.kubernetes.io/arch", "amd64"),
            ("beta.kubernetes.io/os", "linux"),
            ("kubernetes.io/arch", "amd64"),
            ("kubernetes.io/hostname", name),
            ("kubernetes.io/os", "linux"),
        ] {
            all_labels.insert(k.into(), v.into());
        }
        all_labels.extend(labels.clone());
        let ip = format!("10.224.0.{}", self.next_node_index + 4);
        let value = json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": all_labels},
            "spec": spec,
            "status": {
                "addresses": [{"address": ip, "type": "InternalIP"}, {"address": name, "type": "Hostname"}],
                "allocatable": {"cpu": cpu, "memory": memory, "pods": pods.to_string()},
                "capacity": {"cpu": cpu, "memory": memory, "pods": pods.to_string()},
                "nodeInfo": {"architecture": "amd64", "containerRuntimeVersion": "containerd://1.7.23", "kernelVersion": "6.1.0-28-amd64", "kubeProxyVersion": "v1.30.6", "kubeletVersion": "v1.30.6", "operatingSystem": "linux", "osImage": "Debian GNU/Linux 12 (bookworm)"}
            }
        });
        value
    }

    /// `sim node fail`: the kubelet stops posting status; the node lifecycle controller notices
    /// after the grace period.
    pub fn fail_node(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        let now = self.now;
        let grace = self.config.node_monitor_grace_ms;
        let node = self.node_mut(name)?;
        if node.kubelet_down {
            return Ok(());
        }
        node.kubelet_down = true;
        self.schedule(now + grace, Timer::NodeMonitor { node: name.to_string(), since: now });
        Ok(())
    }

    /// `sim node recover`: the kubelet posts Ready again; unreachable taints are lifted.
    pub fn recover_node(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        let now = self.now;
        let node = self.node_mut(name)?;
        if !node.kubelet_down && node.ready_status() == Some("True") {
            return Ok(());
        }
        node.kubelet_down = false;
        kubelet_conditions(node, now);
        let taints: Vec<Taint> =
            node.taints.iter().filter(|t| t.key != UNREACHABLE_TAINT && t.key != NOT_READY_TAINT).cloned().collect();
        node.set_taints(taints);
        let node_ref = Self::node_ref(node);
        self.record(
            node_ref,
            "Normal",
            "NodeReady",
            format!("Node {name} status is now: NodeReady"),
            "kubelet",
            Some(name.into()),
        );
        // The kubelet resumes: running pods report ready again, terminating pods finish.
        let pods: Vec<Key> = self.store.pod_keys_on_node(name);
        for k in pods {
            let Some(p) = self.store.pods().get(&k) else { continue };
            let uid = p.meta.uid.clone();
            if p.meta.deletion_ms.is_some() {
                self.schedule(now + self.config.pod_stop_ms, Timer::Terminated { pod: k.clone(), uid });
            } else if p.status.phase == "Running" {
                self.store.update_pod(&k, |p| {
                    p.status.ready = Some(Condition::new(true, now));
                    p.status.containers_ready = Some(Condition::new(true, now));
                });
                self.after_ready(&k);
            } else if !p.is_terminal() {
                self.schedule(now, Timer::Kubelet { pod: k.clone(), uid });
            }
            self.pod_changed(&k);
        }
        self.node_changed(name);
        self.settle();
        Ok(())
    }

    fn node_monitor(&mut self, name: &str) {
        let now = self.now;
        let Some(node) = self.store.node_mut(name) else { return };
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
        let node_ref = Self::node_ref(node);
        self.record(
            node_ref,
            "Normal",
            "NodeNotReady",
            format!("Node {name} status is now: NodeNotReady"),
            "node-controller",
            None,
        );
        // MarkPodsNotReady: pods on the node lose their Ready condition.
        let pods: Vec<Key> = self.store.pod_keys_on_node(name);
        for k in pods {
            self.store.update_pod(&k, |p| {
                if p.is_ready() {
                    p.status.ready = Some(Condition::new(false, now));
                }
            });
            self.pod_changed(&k);
        }
        self.node_changed(name);
    }

    /// `sim node condition NAME TYPE=True|False`.
    pub fn set_node_condition(&mut self, name: &str, kind: &str, on: bool) -> Result<(), ApiError> {
        self.finish();
        let now = self.now;
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
        let mut taints: Vec<Taint> = node.taints.iter().filter(|t| t.key != taint_key).cloned().collect();
        if on {
            taints.push(Taint {
                key: taint_key.into(),
                value: String::new(),
                effect: "NoSchedule".into(),
                time_added_ms: Some(now),
            });
        }
        node.set_taints(taints);
        self.node_changed(name);
        self.settle();
        Ok(())
    }

    // ---- faults ----

    /// `sim pod fail`: the container exits with an error; the pod goes Failed.
    pub fn fail_pod(&mut self, namespace: &str, name: &str) -> Result<(), ApiError> {
        self.finish();
        let key = (namespace.to_string(), name.to_string());
        let now = self.now;
        let Some(pod) = self.store.pods().get(&key) else {
            return Err(ApiError::NotFound { resource: "pods".into(), name: name.into() });
        };
        if pod.is_terminal() {
            return Ok(());
        }
        self.store.update_pod(&key, |p| {
            let started = match p.status.container_states.first() {
                Some(ContainerState::Running { started_ms }) => *started_ms,
                _ => now,
            };
            p.status.phase = "Failed".into();
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
        self.pod_changed(&key);
        self.settle();
        Ok(())
    }

    pub fn break_image(&mut self, image: &str, broken: bool) {
        self.finish();
        if broken {
            self.kubelet.broken_images.insert(image.to_string());
        } else {
            self.kubelet.broken_images.remove(image);
            // Pods in back-off retry their pull at the next back-off tick, as a kubelet would.
        }
    }

    pub fn slow_image(&mut self, image: &str, ms: i64) {
        self.finish();
        if ms == 0 {
            self.kubelet.slow_images.remove(image);
        } else {
            self.kubelet.slow_images.insert(image.to_string(), ms);
        }
    }

    pub fn image_is_broken(&self, image: &str) -> bool {
        self.kubelet.broken_images.contains(image)
    }
}

pub const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";
pub const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";
pub const NOT_READY_TAINT: &str = "node.kubernetes.io/not-ready";

/// A node manifest's errors beyond its name: taint effects, and resource quantities.
fn node_spec_errors(value: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    for (i, t) in value.pointer("/spec/taints").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let effect = t.get("effect").and_then(Value::as_str).unwrap_or("");
        if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect) {
            errs.push(format!("spec.taints[{i}].effect: Unsupported value: {:?}: supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"", crate::validate::GoStr(effect)));
        }
    }
    for q in ["cpu", "memory", "pods"] {
        for part in ["capacity", "allocatable"] {
            if let Some(v) = value.pointer(&format!("/status/{part}/{q}"))
                && let Err(e) = crate::quantity::parse_milli(&scalar_text(v))
            {
                errs.push(format!("status.{part}.{q}: Invalid value: {}: {e}", crate::validate::go_value(v)));
            }
        }
    }
    errs
}

/// The conditions a healthy kubelet posts.
fn kubelet_conditions(node: &mut Node, now: i64) {
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
            .store
            .pods()
            .values()
            .map(|p| format!("{} {:?} {} {}", p.meta.name, p.node_name(), p.status.phase, p.meta.resource_version))
            .collect();
        out.extend(sim.store.daemonsets().values().map(|d| format!("{:?}", d.status)));
        out.push(format!("{} {}", sim.now(), sim.store.events().len()));
        out
    }

    #[test]
    fn annotations_over_256_kib_are_refused_and_nothing_is_created() {
        let mut sim = Simulation::new(1);
        let doc = |bytes: usize| {
            format!(
                "apiVersion: v1\nkind: Node\nmetadata:\n  name: big\n  annotations:\n    a: {}\n",
                "x".repeat(bytes)
            )
        };
        let refused = sim.apply(crate::manifest::parse_stream(&doc(300_000)).unwrap(), "default", false);
        assert!(
            matches!(&refused[0], Err(ApiError::Invalid { causes, .. })
                if causes == &["metadata.annotations: Too long: may not be more than 262144 bytes"]),
            "{refused:?}"
        );
        assert!(sim.store.nodes().is_empty());
        // The applied record counts too: 100 KB shown twice is within the limit.
        let ok = sim.apply(crate::manifest::parse_stream(&doc(100_000)).unwrap(), "default", false);
        assert!(ok[0].is_ok(), "{ok:?}");
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
        assert_eq!(stepped.store.pods().len(), 0);
        // The first step is the sync's `manage`; each of the next creates one pod.
        assert!(stepped.step());
        for made in 1..=20 {
            assert!(stepped.step());
            assert_eq!(stepped.store.pods().len(), made);
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
        assert_eq!(sim.store.pods().len(), 5);
    }

    // ---- Node lifecycle and pod GC against a harness cluster (crate::harness) ----

    use crate::harness::{Cluster, daemonset};

    #[test]
    fn a_silent_kubelet_makes_its_node_unknown_after_the_grace_period_and_daemon_pods_stay() {
        let mut c = Cluster::with_nodes(2);
        c.apply(&daemonset("agent", "a:1", "", "")).advance(5_000);
        c.sim.fail_node("n1").expect("fail");
        c.advance(39_000);
        let node = |c: &Cluster| c.sim.store.nodes().get("n1").expect("n1").clone();
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

    #[test]
    fn pod_gc_removes_the_pods_of_a_deleted_node_after_the_quarantine() {
        let mut c = Cluster::with_nodes(2);
        c.apply(&daemonset("agent", "a:1", "", "")).advance(5_000);
        c.sim.delete_node("n1").expect("delete");
        // The controller stops counting the node at once; its pod waits for pod GC.
        assert_eq!(c.status("agent").desired_number_scheduled, 1);
        assert_eq!(c.pods_of("agent").len(), 2);
        c.advance(39_000);
        assert_eq!(c.pods_of("agent").len(), 2, "within the 40 s quarantine");
        c.advance(21_000);
        assert_eq!(c.nodes_of("agent"), ["n0"], "gone by the first 20 s GC pass after the quarantine");
    }
}
