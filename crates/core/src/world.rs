//! What every controller works against, as kube-controller-manager's controllers, the
//! scheduler and the kubelets share one apiserver: the store, the clock, the timer queue, the
//! event recorder and the name generator. A controller gets `&mut World` and nothing of
//! another controller's, so controllers meet only through objects and events, as upstream's
//! do (see `sim.rs` for the loop that hands the world to each in turn).

use crate::events::{NewEvent, Recorder};
use crate::names::NameStream;
use crate::objects::{DaemonSet, EventKind, Node, ObjectRef, Pod};
use crate::store::{Key, NodeHint, Store};
use std::collections::BTreeSet;
use std::rc::Rc;

/// The kubelet's event about each container of a pod it stops (`delete_pod_gracefully`).
const KILLING: EventKind = EventKind::normal("Killing", "kubelet");

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

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(target_arch = "wasm32", derive(PartialOrd, Ord))]
pub(crate) enum Timer {
    /// The kubelet's next step for a pod (start, image pull retry, readiness).
    /// (`slot`: where the pod was when the timer was set; a hint, see `Store::pod_and_target`.)
    Kubelet { pod: Key, uid: String, slot: usize },
    /// A terminating pod's containers have exited.
    Terminated { pod: Key, uid: String },
    /// The node lifecycle controller notices a silent kubelet.
    NodeMonitor { node: String, since: i64 },
    /// Pod GC for pods bound to a deleted node.
    PodGc { node: String },
    /// A DaemonSet asked to be synced again (minReadySeconds, failed-pod backoff).
    Requeue { ds: Key },
}

#[derive(Clone)]
pub(crate) struct World {
    pub(crate) store: Store,
    pub(crate) config: Config,
    /// Simulated wall clock, epoch milliseconds.
    pub(crate) now: i64,
    pub(crate) names: NameStream,
    pub(crate) timers: Timers,
    pub(crate) recorder: Recorder,
    /// Per DaemonSet uid: its status counters over time, as its status writes set them (see
    /// timeline.rs). (A list: a handful of DaemonSets, and one more map type costs the page's
    /// wasm a kilobyte.)
    pub(crate) timelines: Vec<(String, crate::timeline::Timeline)>,
    pub(crate) queues: Queues,
}

/// The controllers' work queues. The informers' event handlers (`pod_changed`,
/// `node_changed`, `pod_removed` below) fill them on every write, as client-go's handlers add
/// keys to a controller's workqueue, and each controller drains its own. So a write reaches
/// every controller that watches it at once, and no controller holds another's state.
#[derive(Clone, Default)]
pub(crate) struct Queues {
    /// The DaemonSet controller's queue: DaemonSets to sync, in key order.
    pub(crate) daemonsets: BTreeSet<Key>,
    /// DaemonSets that must look for orphans to adopt on their next sync.
    pub(crate) needs_claim: BTreeSet<Key>,
    /// Per DaemonSet uid: the nodes its next sync must look at again. Upstream walks every
    /// node on every sync; keeping the nodes a change touched is what lets one node change
    /// cost one node's work. (A list: a handful of DaemonSets, and one more map type costs
    /// the page's wasm a kilobyte.)
    dirty: Vec<(String, DirtyNodes)>,
    /// The scheduler's queue and nominator.
    pub(crate) scheduling: SchedulingQueue,
}

/// The scheduler's queue (upstream's `SchedulingQueue`: activeQ and the unschedulable pods)
/// and the nominator's record of nominated pods. The informers' handlers fill it, so it sits
/// with the other work queues in `World`.
#[derive(Clone, Default)]
pub(crate) struct SchedulingQueue {
    /// Pods waiting for a scheduling attempt.
    pub(crate) active: ActiveQueue,
    /// Pods the scheduler could not place, retried when a node they could go to changes or
    /// frees room (for a pod aimed at no node in particular, any node).
    pub(crate) unschedulable: BTreeSet<Key>,
    /// Unbound pods with a `nominatedNodeName`: the room preemption freed is theirs.
    pub(crate) nominated: BTreeSet<Key>,
}

/// Pods waiting for a scheduling attempt, taken in key order.
///
/// Natively each key is held with the first 16 bytes of `namespace \0 name` as a number
/// (`order::head`), and ordered by that first: the order of the keys themselves (no name
/// holds a `\0`), but a converge's 5,000 insertions compare numbers in the tree's nodes
/// instead of chasing two strings each across the heap (a twentieth of the converge); and
/// with the slot its pod had when queued, a hint for the scheduler's lookup
/// (`Store::pod_and_target`). The page keeps the plain set: the keyed map costs its size
/// budget more than it has.
#[derive(Clone, Default)]
pub(crate) struct ActiveQueue {
    #[cfg(not(target_arch = "wasm32"))]
    keys: std::collections::BTreeMap<(u128, Key), usize>,
    #[cfg(target_arch = "wasm32")]
    keys: BTreeSet<Key>,
}

#[cfg(not(target_arch = "wasm32"))]
use crate::store::key_head;

impl ActiveQueue {
    /// Queues `key`, whose pod is in `slot` (`usize::MAX`: not known).
    #[cfg_attr(target_arch = "wasm32", allow(unused_variables))]
    pub(crate) fn insert(&mut self, key: Key, slot: usize) {
        #[cfg(not(target_arch = "wasm32"))]
        self.keys.insert((key_head(&key), key), slot);
        #[cfg(target_arch = "wasm32")]
        self.keys.insert(key);
    }
    /// The first key, and its pod's slot when queued (a hint).
    pub(crate) fn pop_first(&mut self) -> Option<(Key, usize)> {
        #[cfg(not(target_arch = "wasm32"))]
        return self.keys.pop_first().map(|((_, key), slot)| (key, slot));
        #[cfg(target_arch = "wasm32")]
        self.keys.pop_first().map(|key| (key, usize::MAX))
    }
    pub(crate) fn remove(&mut self, key: &Key) {
        #[cfg(not(target_arch = "wasm32"))]
        if !self.keys.is_empty() {
            self.keys.remove(&(key_head(key), key.clone()));
        }
        #[cfg(target_arch = "wasm32")]
        self.keys.remove(key);
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl SchedulingQueue {
    /// A node changed: the pods that failed on it get another attempt, and so do the pods
    /// aimed at no node in particular, which any node may now fit (upstream's
    /// `MoveAllToActiveOrBackoffQueue` on a node update: NodeUnschedulable, TaintToleration,
    /// NodeAffinity and NodeResourcesFit all ask for that event).
    pub(crate) fn node_changed(&mut self, store: &Store, node: &str) {
        let retry: Vec<Key> = self
            .unschedulable
            .iter()
            .filter(|k| store.pods().get(k).is_some_and(|p| p.target_node().is_none_or(|t| t == node)))
            .cloned()
            .collect();
        for k in retry {
            self.unschedulable.remove(&k);
            self.active.insert(k, usize::MAX);
        }
    }

    /// A pod left `node` (or gave up the room it was nominated to there): the pods that did
    /// not fit there, or aimed at no node in particular, may fit now (upstream's assigned-pod
    /// delete event, which NodeResourcesFit and NodePorts ask for).
    pub(crate) fn room_freed(&mut self, store: &Store, node: &str) {
        let retry: Vec<Key> = self
            .unschedulable
            .iter()
            .filter(|k| {
                store.pods().get(k).is_some_and(|p| {
                    p.target_node().is_none_or(|t| t == node) || p.status.nominated_node.as_deref() == Some(node)
                })
            })
            .cloned()
            .collect();
        for k in retry {
            self.unschedulable.remove(&k);
            self.active.insert(k, usize::MAX);
        }
    }
}

/// What changed for one DaemonSet since its last sync.
#[derive(Clone, Debug)]
pub(crate) struct DirtyNodes {
    /// Look at every node (new DaemonSet, template change, time-based availability).
    pub(crate) full: bool,
    /// Nodes whose pods or node object changed, in the order they changed, repeats kept out
    /// only where they follow each other: a pod's writes come in runs (bound, admitted,
    /// ready), and a tree insert per write was a tenth of a 5,000-node converge. The sync
    /// puts them in order (`take_nodes`).
    /// (Each the name a pod of the node holds: a pod's change marks its node without a copy.)
    pub(crate) nodes: Vec<Rc<str>>,
    /// Natively, a hint to each of `nodes` (the slot its pod's last write found it in), or
    /// none: the sync finds its memory of the node by it (`daemon::NodeMemories`).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) hints: Vec<NodeHint>,
    /// Nodes whose object changed: the placements the controller cached for them are stale.
    /// (A list: it is only walked, by the next sync, which drops those placements.)
    pub(crate) stale: Vec<String>,
}

/// A DaemonSet the handlers know nothing of yet is looked at everywhere.
impl Default for DirtyNodes {
    fn default() -> Self {
        DirtyNodes {
            full: true,
            nodes: Vec::new(),
            #[cfg(not(target_arch = "wasm32"))]
            hints: Vec::new(),
            stale: Vec::new(),
        }
    }
}

impl DirtyNodes {
    fn clean() -> Self {
        DirtyNodes { full: false, ..DirtyNodes::default() }
    }

    /// A pod of this DaemonSet changed on `target` (unknown target: look everywhere), which
    /// `hint` is to (natively).
    #[cfg_attr(target_arch = "wasm32", allow(unused_variables))]
    pub(crate) fn pod_changed(&mut self, target: Option<&Rc<str>>, hint: NodeHint) {
        match target {
            // A full look is coming anyway.
            Some(_) if self.full => {}
            Some(node) => self.mark(node, hint),
            None => self.full = true,
        }
    }

    #[cfg_attr(target_arch = "wasm32", allow(unused_variables))]
    fn mark(&mut self, node: &Rc<str>, hint: NodeHint) {
        if self.nodes.last().is_none_or(|last| !Rc::ptr_eq(last, node) && last != node) {
            self.nodes.push(Rc::clone(node));
            #[cfg(not(target_arch = "wasm32"))]
            self.hints.push(hint);
        }
    }

    /// The nodes marked, each once, in name order (natively with a hint to each).
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn take_nodes(&mut self) -> Vec<Rc<str>> {
        let mut nodes = std::mem::take(&mut self.nodes);
        crate::order::sort_names(&mut nodes);
        nodes.dedup();
        nodes
    }
    /// (Natively, marks on many of `store`'s nodes, each with a hint that holds, are put in
    /// order by their nodes' positions in one walk of the node set: sorting 10,000 marks of a
    /// converge's pods by name was a fortieth of it.)
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn take_nodes(&mut self, store: &Store) -> (Vec<Rc<str>>, Vec<NodeHint>) {
        let nodes = std::mem::take(&mut self.nodes);
        let hints = std::mem::take(&mut self.hints);
        debug_assert_eq!(nodes.len(), hints.len());
        let count = store.nodes().len();
        if nodes.len() * 8 >= count && hints.iter().all(|h| h.slot(store).is_some()) {
            let positions = store.node_positions();
            let mut at: Vec<Option<(Rc<str>, NodeHint)>> = vec![None; count];
            for (n, h) in nodes.into_iter().zip(hints) {
                // (A slot that holds is a live node's: it has a position.)
                if let Some(mark) =
                    h.slot(store).and_then(|s| positions.get(s)).and_then(|p| at.get_mut(p.wrapping_sub(1)))
                {
                    *mark = Some((n, h));
                }
            }
            return at.into_iter().flatten().unzip();
        }
        let mut marks: Vec<(u128, Rc<str>, NodeHint)> =
            nodes.into_iter().zip(hints).map(|(n, h)| (crate::order::head(n.bytes()), n, h)).collect();
        // (Equal names are the same text, so an unstable sort is exact; which of a name's
        // hints stays makes no difference but in time: each is its name's, and is used only
        // while its node set holds.)
        crate::order::sort_by_head(&mut marks, |(head, name, _)| (*head, name));
        marks.dedup_by(|a, b| a.1 == b.1);
        marks.into_iter().map(|(_, n, h)| (n, h)).unzip()
    }
}

impl Queues {
    /// What changed for the DaemonSet `uid` since its last sync, leaving it clean.
    pub(crate) fn take_dirty(&mut self, uid: &str) -> DirtyNodes {
        std::mem::replace(self.dirty_of(uid), DirtyNodes::clean())
    }

    /// The DaemonSet `uid`'s entry; one the handlers knew nothing of looks at every node.
    fn dirty_of(&mut self, uid: &str) -> &mut DirtyNodes {
        let at = match self.dirty.iter().position(|(u, _)| u == uid) {
            Some(at) => at,
            None => {
                self.dirty.push((uid.to_string(), DirtyNodes::default()));
                self.dirty.len() - 1
            }
        };
        &mut self.dirty[at].1
    }

    /// A fork keeps none of the DaemonSet controller's memory: its first sync of each
    /// DaemonSet looks at every node, whatever the handlers had marked.
    pub(crate) fn forget_marks(&mut self) {
        for (_, d) in &mut self.dirty {
            d.full = true;
        }
    }

    /// The DaemonSet `uid` is gone: nothing is kept for it.
    pub(crate) fn forget(&mut self, uid: &str) {
        self.dirty.retain(|(u, _)| u != uid);
    }

    /// The DaemonSet `uid` looks at every node on its next sync.
    pub(crate) fn mark_full(&mut self, uid: &str) {
        self.dirty_of(uid).full = true;
    }
}

/// Timers by due time; timers due at the same instant fire in the order they were set.
///
/// Natively, per instant, a list in the order set and a cursor to the next to fire: a
/// converge's 5,000 kubelet timers fall due at one instant, and a binary heap's pops walked
/// its tree across the heap for each (a twentieth of the converge); here each is the next in a
/// list. The page keeps the heap, ordered by (instant, order set): the map of lists costs its
/// size budget 1.7 KB.
#[derive(Clone, Default)]
pub(crate) struct Timers {
    #[cfg(not(target_arch = "wasm32"))]
    due: std::collections::BTreeMap<i64, (usize, Vec<Option<Timer>>)>,
    #[cfg(target_arch = "wasm32")]
    heap: std::collections::BinaryHeap<std::cmp::Reverse<(i64, u64, Timer)>>,
    #[cfg(target_arch = "wasm32")]
    set: u64,
}

#[cfg(not(target_arch = "wasm32"))]
impl Timers {
    fn push(&mut self, at: i64, timer: Timer) {
        self.due.entry(at).or_default().1.push(Some(timer));
    }
    /// When the next timer falls due, if any.
    pub(crate) fn next_at(&self) -> Option<i64> {
        self.due.first_key_value().map(|(at, _)| *at)
    }
    /// The next timer, if it is due at `now` or before. (An instant's list is made with its
    /// first timer, and goes with its last.)
    pub(crate) fn pop_due(&mut self, now: i64) -> Option<Timer> {
        let mut first = self.due.first_entry().filter(|e| *e.key() <= now)?;
        let (next, timers) = first.get_mut();
        let timer = timers.get_mut(*next).and_then(Option::take);
        *next += 1;
        if *next >= timers.len() {
            first.remove();
        }
        timer
    }
}

#[cfg(target_arch = "wasm32")]
impl Timers {
    fn push(&mut self, at: i64, timer: Timer) {
        self.set += 1;
        self.heap.push(std::cmp::Reverse((at, self.set, timer)));
    }
    pub(crate) fn next_at(&self) -> Option<i64> {
        self.heap.peek().map(|std::cmp::Reverse((at, _, _))| *at)
    }
    pub(crate) fn pop_due(&mut self, now: i64) -> Option<Timer> {
        if self.next_at()? > now {
            return None;
        }
        self.heap.pop().map(|std::cmp::Reverse((_, _, timer))| timer)
    }
}

impl World {
    pub(crate) fn new(seed: u64, now: i64) -> World {
        World {
            store: Store::default(),
            config: Config::default(),
            now,
            names: NameStream::new(seed),
            timers: Timers::default(),
            recorder: Recorder::default(),
            timelines: Vec::new(),
            queues: Queues::default(),
        }
    }

    pub(crate) fn schedule(&mut self, at: i64, timer: Timer) {
        self.timers.push(at, timer);
    }

    pub(crate) fn record(
        &mut self,
        involved: impl Into<Rc<ObjectRef>>,
        kind: &'static EventKind,
        message: String,
        host: Option<Rc<str>>,
    ) {
        self.record_shared(involved.into(), None, kind, message.into(), host);
    }

    /// `record` with a message that is shared text (the kubelet's about a started container),
    /// and the container it is about (`fieldPath`), if any.
    pub(crate) fn record_shared(
        &mut self,
        involved: Rc<ObjectRef>,
        field_path: Option<Rc<str>>,
        kind: &'static EventKind,
        message: Rc<str>,
        host: Option<Rc<str>>,
    ) {
        let e = NewEvent { involved, field_path, kind, message, host };
        self.recorder.record(&mut self.store, e, self.now);
    }

    // ---- the apiserver's pod deletions, as the controllers and kubectl make them ----

    /// A graceful deletion: the kubelet stops the containers within the grace period (or
    /// `grace_override`), then the pod object goes.
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
            let involved = pod_ref(p);
            for c in p.sched.containers.clone() {
                let message = format!("Stopping container {}", c.name).into();
                self.record_shared(
                    involved.clone(),
                    Some(Rc::clone(&c.started_texts[0])),
                    &KILLING,
                    message,
                    node.clone(),
                );
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
        if let Some(pod) = self.store.remove_pod(key) {
            self.pod_removed(key, &pod);
        }
    }

    /// A DaemonSet deleted in the foreground disappears once its pods are gone (the garbage
    /// collector removes the `foregroundDeletion` finalizer), and nothing is kept for it.
    pub(crate) fn finish_foreground(&mut self, key: &Key) {
        let Some(ds) = self.store.daemonsets().get(key) else { return };
        if ds.meta.deletion_ms.is_some() && self.store.pods_owned_by(&ds.meta.uid).next().is_none() {
            let uid = ds.meta.uid.clone();
            self.store.remove_daemonset(key);
            self.queues.forget(&uid);
        }
    }

    // ---- the informers' event handlers ----

    /// A node's labels, taints or conditions changed, or it was added (`addNode`,
    /// `updateNode`): every DaemonSet syncs and re-evaluates that node only; pods that failed
    /// to schedule there get another attempt.
    pub(crate) fn node_changed(&mut self, node: &str) {
        self.node_deleted(node);
        self.queues.scheduling.node_changed(&self.store, node);
    }

    /// A node is gone (`deleteNode`): every DaemonSet syncs and drops it. (The scheduler's
    /// pods aimed at it wait where they are; pod GC takes those bound to it.)
    pub(crate) fn node_deleted(&mut self, node: &str) {
        let name: Rc<str> = Rc::from(node);
        for (_, d) in &mut self.queues.dirty {
            d.stale.push(node.to_string());
            d.mark(&name, NodeHint::NONE);
        }
        self.queues.daemonsets.extend(self.store.daemonsets().keys().cloned());
    }

    /// A pod was written (`addPod`, `updatePod`): its DaemonSet syncs for its node; an orphan
    /// may be adopted by any DaemonSet of its namespace.
    pub(crate) fn pod_changed(&mut self, pod: &Key) {
        #[cfg(not(target_arch = "wasm32"))]
        let Some((p, hint)) = self.store.pod_and_target_hint(pod) else { return };
        #[cfg(target_arch = "wasm32")]
        let (Some(p), hint) = (self.store.pods().get(pod), NodeHint::NONE) else { return };
        let queues = &mut self.queues;
        if let Some(owner) = p.meta.controller_ref().map(|r| r.uid.as_str())
            && let Some(ds) = self.store.daemonset_by_uid(owner)
        {
            // Most changes find the DaemonSet queued already: no key is built for them.
            if !queues.daemonsets.iter().any(|(ns, name)| *ns == ds.meta.namespace && *name == ds.meta.name) {
                queues.daemonsets.insert(ds.key());
            }
            queues.dirty_of(owner).pod_changed(p.node_names().1, hint);
        } else if p.meta.controller_ref().is_none() {
            let ns = &p.meta.namespace;
            for k in self.store.daemonsets().keys().filter(|k| &k.0 == ns) {
                queues.needs_claim.insert(k.clone());
                queues.daemonsets.insert(k.clone());
            }
        }
    }

    /// A pod object is gone (`deletePod`): the scheduler forgets it, and pods that did not
    /// fit on its node (or in the room it held there) may fit now; its DaemonSet syncs for
    /// its node, and a DaemonSet deleted in the foreground goes with its last pod.
    pub(crate) fn pod_removed(&mut self, key: &Key, pod: &Pod) {
        let scheduling = &mut self.queues.scheduling;
        scheduling.active.remove(key);
        scheduling.unschedulable.remove(key);
        scheduling.nominated.remove(key);
        if let Some(owner) = pod.meta.controller_ref()
            && let Some(ds) = self.store.daemonset_by_uid(&owner.uid)
        {
            let k = ds.key();
            self.queues.dirty_of(&owner.uid).pod_changed(pod.node_names().1, NodeHint::NONE);
            self.queues.daemonsets.insert(k.clone());
            self.finish_foreground(&k);
        }
        if let Some(node) = pod.node_name().or(pod.status.nominated_node.as_deref()) {
            self.queues.scheduling.room_freed(&self.store, node);
        }
    }
}

pub(crate) fn ds_ref(ds: &DaemonSet) -> ObjectRef {
    ObjectRef {
        kind: "DaemonSet",
        api_version: "apps/v1",
        namespace: ds.meta.namespace.clone(),
        name: ds.meta.name.clone(),
        uid: ds.meta.uid.clone(),
        recorder_slot: Default::default(),
    }
}

/// The `involvedObject` of an event about `pod`: the one its first event made.
pub(crate) fn pod_ref(pod: &Pod) -> Rc<ObjectRef> {
    let made = pod.event_ref.get_or_init(|| {
        Rc::new(ObjectRef {
            kind: "Pod",
            api_version: "v1",
            namespace: pod.meta.namespace.clone(),
            name: pod.meta.name.clone(),
            uid: pod.meta.uid.clone(),
            recorder_slot: Default::default(),
        })
    });
    Rc::clone(made)
}

pub(crate) fn node_ref(node: &Node) -> ObjectRef {
    ObjectRef {
        kind: "Node",
        api_version: "v1",
        namespace: String::new(),
        name: node.meta.name.clone(),
        uid: node.meta.name.clone(),
        recorder_slot: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marks come out each once, in name order, whether put in order by their hints (many
    /// marks, every hint holding) or by name (few, or a hint that no longer holds).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn marked_nodes_come_out_once_each_in_name_order() {
        let mut c = crate::harness::Cluster::with_nodes(30);
        let hints = |store: &Store| -> Vec<(String, NodeHint)> {
            store.nodes().keys().cloned().zip(store.node_hints()).collect()
        };
        // The names taken, each checked to come with a hint to its own node, or none.
        let taken = |d: &mut DirtyNodes, store: &Store| {
            let (names, hints) = d.take_nodes(store);
            assert_eq!(names.len(), hints.len());
            for (name, hint) in names.iter().zip(&hints) {
                if let Some(s) = hint.slot(store) {
                    assert_eq!(store.node_in_slot(s).map(|n| n.meta.name.as_str()), Some(&**name));
                }
            }
            names.iter().map(|n| n.to_string()).collect::<Vec<_>>()
        };
        let marks = |store: &Store, order: &[usize], hinted: bool| {
            let all = hints(store);
            let mut d = DirtyNodes::clean();
            for &i in order {
                let (name, hint) = &all[i];
                d.mark(&Rc::from(name.as_str()), if hinted { *hint } else { NodeHint::NONE });
            }
            taken(&mut d, store)
        };
        // n0, n1, n10, n11, …, n2, …: name order, not number order.
        let sorted: Vec<String> = c.sim.world.store.nodes().keys().cloned().collect();
        // Every node, some twice, out of order: many marks.
        let order: Vec<usize> = (0..30).map(|i| i * 7 % 30).chain([3, 3, 11, 0, 29]).collect();
        for hinted in [true, false] {
            assert_eq!(marks(&c.sim.world.store, &order, hinted), sorted, "hinted: {hinted}");
        }
        // Few marks (fewer than an eighth of the nodes) are sorted by name.
        let few = [9, 2, 9];
        let want: Vec<String> = [2, 9].iter().map(|&i| sorted[i].clone()).collect();
        assert_eq!(marks(&c.sim.world.store, &few, true), want);
        // Hints taken before a node came no longer hold: the marks are put in order by name.
        let stale = hints(&c.sim.world.store);
        c.sim.add_node("n99", &crate::sim::NodeShape::default()).unwrap();
        let mut d = DirtyNodes::clean();
        for &i in &order {
            d.mark(&Rc::from(stale[i].0.as_str()), stale[i].1);
        }
        assert_eq!(taken(&mut d, &c.sim.world.store), sorted);
    }

    #[test]
    fn timers_fire_by_instant_and_then_in_the_order_set() {
        let requeue = |name: &str| Timer::Requeue { ds: ("default".to_string(), name.to_string()) };
        let mut timers = Timers::default();
        for (at, name) in [(20, "a"), (10, "b"), (20, "c"), (5, "d"), (10, "e"), (20, "f")] {
            timers.push(at, requeue(name));
        }
        assert_eq!(timers.next_at(), Some(5));
        let mut fired = Vec::new();
        for now in [4, 10, 15, 20] {
            while let Some(Timer::Requeue { ds }) = timers.pop_due(now) {
                fired.push((now, ds.1));
            }
        }
        let want = [(10, "d"), (10, "b"), (10, "e"), (20, "a"), (20, "c"), (20, "f")];
        assert_eq!(fired, want.map(|(now, name)| (now, name.to_string())));
        assert_eq!(timers.next_at(), None);
        // A timer set for an instant whose first timers fired comes after the rest of them;
        // one set before the first instant due comes first.
        timers.push(30, requeue("g"));
        timers.push(30, requeue("h"));
        assert!(matches!(timers.pop_due(30), Some(Timer::Requeue { ds }) if ds.1 == "g"));
        timers.push(30, requeue("i"));
        timers.push(25, requeue("j"));
        let rest: Vec<String> = std::iter::from_fn(|| timers.pop_due(30))
            .map(|t| match t {
                Timer::Requeue { ds } => ds.1,
                _ => String::new(),
            })
            .collect();
        assert_eq!(rest, ["j", "h", "i"]);
        assert!(timers.pop_due(30).is_none());
    }

    #[test]
    fn the_active_queue_takes_keys_in_key_order() {
        let keys = crate::store::AWKWARD_KEYS;
        let mut queue = ActiveQueue::default();
        let mut want = BTreeSet::new();
        for (ns, name) in keys {
            let key = (ns.to_string(), name.to_string());
            queue.insert(key.clone(), 1);
            queue.insert(key.clone(), 2);
            want.insert(key);
        }
        queue.remove(&("def".to_string(), "zzz".to_string()));
        want.remove(&("def".to_string(), "zzz".to_string()));
        let taken: Vec<Key> = std::iter::from_fn(|| queue.pop_first().map(|(key, _)| key)).collect();
        assert_eq!(taken, want.into_iter().collect::<Vec<_>>());
        assert!(queue.is_empty());
    }
}
