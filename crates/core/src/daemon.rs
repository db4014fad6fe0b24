//! The DaemonSet controller, mirroring pkg/controller/daemon: `manage` (create missing pods,
//! delete misplaced, surplus and failed ones), `rollingUpdate` (update.go, with and without
//! surge), ControllerRevision history, and `updateDaemonSetStatus`.

use crate::events::NewEvent;
use crate::fasthash::FastMap;
use crate::json;
use crate::objects::*;
use crate::placement::{Placement, node_should_run_daemon_pod, with_daemon_tolerations};
use crate::store::NodeHint;
use crate::store::{Key, Store};
use crate::time::SIM_EPOCH_MS;
use crate::world::Timer;
use crate::world::World;
use serde_json::Value;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The source component of the DaemonSet controller's events (and its spam buckets).
const COMPONENT: &str = "daemonset-controller";
const FAILED_DAEMON_POD: EventKind = EventKind::warning("FailedDaemonPod", COMPONENT);
const FAILED_CREATE: EventKind = EventKind::warning("FailedCreate", COMPONENT);
const SUCCESSFUL_CREATE: EventKind = EventKind::normal("SuccessfulCreate", COMPONENT);
const SUCCESSFUL_DELETE: EventKind = EventKind::normal("SuccessfulDelete", COMPONENT);

pub const HASH_LABEL: &str = "controller-revision-hash";
pub const GENERATION_LABEL: &str = "pod-template-generation";
pub const TEMPLATE_GENERATION_ANNOTATION: &str = "deprecated.daemonset.template.generation";
const BACKOFF_INITIAL_MS: i64 = 1_000;
const BACKOFF_MAX_MS: i64 = 15 * 60_000;

/// Sorts daemon pods as `podByCreationTimestampAndPhase`: bound first, then oldest, then name.
fn pod_order(a: &Pod, b: &Pod) -> std::cmp::Ordering {
    b.node_name()
        .is_some()
        .cmp(&a.node_name().is_some())
        .then(a.meta.creation_ms.cmp(&b.meta.creation_ms))
        .then(a.meta.name.cmp(&b.meta.name))
}

/// `ComputeHash`: FNV-32a of the template, printed in decimal through the safe alphabet.
pub fn compute_hash(template: &Value, collision_count: Option<i64>) -> String {
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u32::from(*b);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    feed(serde_json::to_string(template).unwrap_or_default().as_bytes());
    if let Some(c) = collision_count {
        feed(&(c as u64).to_le_bytes());
    }
    const SAFE: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    h.to_string().bytes().map(|b| SAFE[(b as usize) % SAFE.len()] as char).collect()
}

/// `IsPodUpdated`.
pub fn is_pod_updated(pod: &Pod, hash: &str, template_generation: i64) -> bool {
    pod.meta.labels.get(HASH_LABEL).is_some_and(|h| h == hash)
        || pod.meta.labels.get(GENERATION_LABEL).is_some_and(|g| is_decimal_of(g, template_generation))
}

/// `s == fmt.Sprint(n)`, without formatting `n` (a rolling sync asks this of every old pod).
fn is_decimal_of(s: &str, n: i64) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let canonical = !digits.is_empty() && (digits == "0" || !digits.starts_with('0')) && s != "-0";
    canonical && digits.bytes().all(|b| b.is_ascii_digit()) && s.parse::<i64>() == Ok(n)
}

/// What one node contributes to a DaemonSet's status (`updateDaemonSetStatus`, per node).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct NodePart {
    should_run: bool,
    scheduled: bool,
    ready: bool,
    available: bool,
    updated: bool,
    /// A non-terminating pod of an older template is on the node: a rollout has work here.
    has_old: bool,
}

/// The part of a sync left after `manage`: its creations and deletions, then the rest.
#[derive(Clone)]
pub(crate) struct SyncRest {
    key: Key,
    uid: String,
    hash: String,
    scope: Vec<Rc<str>>,
    /// A hint to each node of the scope (`Store::insert_pod_for`, `NodeMemories`).
    #[cfg(not(target_arch = "wasm32"))]
    hints: Vec<NodeHint>,
    full: bool,
    /// The nodes of `scope` (by position) that need a pod, in reverse order: issued from the
    /// back. (Positions: the names are `scope`'s already, and a copy each was 5,000 more
    /// allocations of a converge.)
    needing: Vec<usize>,
    /// In reverse order: issued from the back.
    to_delete: Vec<Key>,
    /// Each scope node's status part as `manage` saw the pods: while no pod is created or
    /// deleted before the status is written, the status takes these rather than looking again.
    parts: Vec<Option<NodePart>>,
}

/// The controller's memory of one DaemonSet between syncs, so that a change to one node costs
/// one node's work: cached placements and per-node status parts. (The nodes to look at again
/// are in the work queues: `world::DirtyNodes`.)
#[derive(Debug, Default)]
pub(crate) struct DsCache {
    /// Per node: one map for both, so a node costs one entry (and the page's wasm one map
    /// type rather than two). A node that is gone keeps an emptied entry: it costs a few
    /// bytes, and names come back (a node deleted and added again).
    /// (Natively by name and by node slot: `NodeMemories`.)
    nodes: Memories,
    totals: DaemonSetStatus,
    old_nodes: i64,
    rollout: Rollout,
    /// The current revision's hash, as last found: while no revision is written (and the
    /// DaemonSet is unchanged, which drops this cache), it holds.
    history: Option<FoundRevision>,
    /// `Store::revision_writes` when `cleanup_history` last found no more old revisions than
    /// the limit: until a revision is written (or the DaemonSet changes), it finds the same.
    history_clean: Option<u64>,
}

/// What the controller remembers of one node for one DaemonSet.
#[derive(Clone, Copy, Debug, Default)]
struct NodeMemory {
    placement: Option<Placement>,
    part: Option<NodePart>,
}

/// Natively, what the controller remembers of each node for one DaemonSet, by name and, for
/// the node set of the last look, by node slot: a sync's look at every node takes a hint to
/// each as it walks them (`Store::node_hints`), and its placement and status part are then
/// found without hashing or comparing the node's name (each a read of its own text across the
/// heap). The page keeps the map by name alone (`DsCache::nodes`): the list costs its size
/// budget more than it has.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Default)]
struct NodeMemories {
    /// Each node's entry in `memories`. (Entries stay: see `DsCache::nodes`.)
    by_name: FastMap<String, usize>,
    memories: Vec<NodeMemory>,
    /// Per node slot, its node's entry (`usize::MAX`: not known yet), while the store's node
    /// set is `epoch`: a slot holds one node until a node comes or goes.
    by_slot: Vec<usize>,
    epoch: Option<crate::store::NodeEpoch>,
}

#[cfg(not(target_arch = "wasm32"))]
impl NodeMemories {
    fn get(&self, name: &str) -> Option<&NodeMemory> {
        self.by_name.get(name).and_then(|&i| self.memories.get(i))
    }
    fn get_mut(&mut self, name: &str) -> Option<&mut NodeMemory> {
        self.by_name.get(name).and_then(|&i| self.memories.get_mut(i))
    }
    fn insert(&mut self, name: String, memory: NodeMemory) -> Option<NodeMemory> {
        let i = self.entry_of(&name);
        Some(std::mem::replace(&mut self.memories[i], memory))
    }
    /// The entry of `name` in `memories`, an empty one made if it has none.
    fn entry_of(&mut self, name: &str) -> usize {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        self.by_name.insert(name.to_string(), self.memories.len());
        self.memories.push(NodeMemory::default());
        self.memories.len() - 1
    }
    fn len(&self) -> usize {
        self.memories.len()
    }
    fn values_mut(&mut self) -> std::slice::IterMut<'_, NodeMemory> {
        self.memories.iter_mut()
    }
    fn reserve(&mut self, more: usize) {
        self.by_name.reserve(more);
        self.memories.reserve(more);
    }
    /// The memory of the node `name`, an empty one made if it has none (which reads as none),
    /// found by `hint` while that holds.
    fn at(&mut self, name: &str, hint: NodeHint, store: &Store) -> &mut NodeMemory {
        let epoch = store.node_epoch();
        if self.epoch != Some(epoch) {
            self.by_slot.clear();
            self.epoch = Some(epoch);
        }
        let slot = hint.slot(store);
        debug_assert!(
            slot.is_none_or(|s| store.node_in_slot(s).is_some_and(|n| n.meta.name == name)),
            "a hint to another node than {name}"
        );
        let known = slot.and_then(|s| self.by_slot.get(s).copied()).filter(|&i| i != usize::MAX);
        let i = known.unwrap_or_else(|| self.entry_of(name));
        if let Some(s) = slot {
            if self.by_slot.len() <= s {
                self.by_slot.resize(s + 1, usize::MAX);
            }
            self.by_slot[s] = i;
        }
        &mut self.memories[i]
    }
}

/// The hint to the `at`th node of a scope, or none (a scope taken without hints).
#[cfg(not(target_arch = "wasm32"))]
fn hint_at(hints: &[NodeHint], at: usize) -> NodeHint {
    hints.get(at).copied().unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
type Memories = NodeMemories;
#[cfg(target_arch = "wasm32")]
type Memories = FastMap<String, NodeMemory>;

/// A sync's nodes: natively with a hint to each (`DirtyNodes::take_nodes`, `full_scope`),
/// for the controller's memory of them (`NodeMemories`) and the pods it creates.
#[cfg(not(target_arch = "wasm32"))]
type ScopeRef<'a> = (&'a [Rc<str>], &'a [NodeHint]);
#[cfg(target_arch = "wasm32")]
type ScopeRef<'a> = &'a [Rc<str>];

/// The memory of the node `node` in `nodes`, if any (natively, always: an empty one reads as
/// none), found by `hint` while that holds.
#[cfg_attr(target_arch = "wasm32", allow(unused_variables))]
fn memory_of<'m>(nodes: &'m mut Memories, node: &str, hint: NodeHint, store: &Store) -> Option<&'m mut NodeMemory> {
    #[cfg(not(target_arch = "wasm32"))]
    return Some(nodes.at(node, hint, store));
    #[cfg(target_arch = "wasm32")]
    nodes.get_mut(node)
}

/// The DaemonSet controller's own state, as upstream's `DaemonSetsController` keeps its
/// back-off and caches (`pkg/controller/daemon/daemon_controller.go`); its work queue is filled
/// by the informers' handlers, so it sits with the other queues in `World`. Its work
/// (`sync_daemonset`, `manage`, `rolling_update`, history, status) runs against the world.
#[derive(Default)]
pub(crate) struct DaemonController {
    /// Per DaemonSet uid: placements and per-node status parts. Hash maps are only looked up,
    /// never iterated into output.
    caches: FastMap<String, DsCache>,
    /// Failed-pod backoff per `<ds uid>/<generation>/<node>`: the last update, and (below) the
    /// delay. Two maps of a type the store has anyway: a map type of its own costs the page's
    /// wasm about 2 KB gzip.
    failed_backoff: BTreeMap<String, i64>,
    failed_backoff_delay: BTreeMap<String, i64>,
    /// Refused pod creations in a row, by DaemonSet uid: the sync queue's rate limiter.
    create_failures: BTreeMap<String, i64>,
    /// When the pending retry of a refused creation fires, by DaemonSet uid.
    create_retry_at: BTreeMap<String, i64>,
    /// Per DaemonSet uid: the pod spec and prototype metadata of its current revision (hash)
    /// at its current template generation, the only ones a creation uses. A list, searched
    /// without building a key (one entry per DaemonSet; a map keyed by two strings cost two
    /// copies per pod).
    pod_templates: Vec<PodTemplate>,
    /// A sync whose pod creations and deletions are being issued, one per step.
    sync_in_progress: Option<SyncRest>,
    /// Work counter for benchmarks and tests: placements evaluated.
    placement_evaluations: u64,
}

/// The pod spec and prototype metadata of one DaemonSet's current revision.
#[derive(Clone)]
struct PodTemplate {
    /// The DaemonSet's uid.
    uid: String,
    /// The revision's `controller-revision-hash`.
    hash: String,
    pod: DaemonPodSpec,
}

impl DaemonController {
    /// The handler for a PriorityClass or ServiceAccount written or deleted: daemon pods'
    /// specs were admitted against them as they were, so each is made again at its next
    /// creation.
    pub(crate) fn admission_inputs_changed(&mut self) {
        self.pod_templates.clear();
    }

    /// The handler for a DaemonSet updated or deleted: what was derived from its spec goes.
    pub(crate) fn daemonset_changed(&mut self, uid: &str) {
        self.caches.remove(uid);
    }

    /// `Timer::Requeue`: availability changes with time alone, so the DaemonSet's next sync
    /// looks at every node again.
    pub(crate) fn requeue(&mut self, w: &mut World, key: Key) {
        if let Some(d) = w.store.daemonsets().get(&key) {
            w.queues.mark_full(&d.meta.uid);
        }
        w.queues.daemonsets.insert(key);
    }

    /// Whether a sync's pod creations and deletions are still being issued.
    pub(crate) fn syncing(&self) -> bool {
        self.sync_in_progress.is_some()
    }

    /// Placements evaluated so far (a work counter for benchmarks and tests).
    pub(crate) fn placement_evaluations(&self) -> u64 {
        self.placement_evaluations
    }

    /// Whether the last placement this controller worked out for DaemonSet `uid` on `node`
    /// says a pod should run there (false where it has none cached).
    pub(crate) fn should_run_cached(&self, uid: &str, node: &str) -> bool {
        self.caches.get(uid).and_then(|c| c.cached_placement(node)).is_some_and(|p| p.should_run)
    }

    /// The DaemonSet's placements on `nodes` (every node, in name order, for `None`), cached
    /// per node; `None` for a node that does not exist.
    pub(crate) fn placements(
        &mut self,
        store: &Store,
        ds_uid: &str,
        nodes: Option<ScopeRef>,
    ) -> Vec<Option<Placement>> {
        let evaluations = &mut self.placement_evaluations;
        let ds = store.daemonset_by_uid(ds_uid);
        let mut cache = ds.map(|_| self.caches.entry(ds_uid.to_string()).or_default());
        // A first look at every node fills the cache at once: grow it once.
        if let (None, Some(c)) = (nodes, cache.as_mut()) {
            c.nodes.reserve(store.nodes().len().saturating_sub(c.nodes.len()));
        }
        // `node`: the node, when the caller has it; otherwise it is looked up only to be
        // evaluated. A cached placement is of a node that exists: a node's change or deletion
        // drops it (`World::node_deleted`) before the sync asks.
        let mut place = |name: &str, node: Option<&Node>, hint: NodeHint| -> Option<Placement> {
            let (Some(ds), Some(cache)) = (ds, cache.as_mut()) else {
                return node
                    .or_else(|| store.nodes().get(name))
                    .map(|_| Placement { should_run: false, should_continue_running: false });
            };
            let memory = memory_of(&mut cache.nodes, name, hint, store);
            if let Some(p) = memory.as_ref().and_then(|m| m.placement) {
                debug_assert!(store.nodes().contains_key(name), "a placement is cached for {name}, which is gone");
                return Some(p);
            }
            let node = node.or_else(|| store.nodes().get(name))?;
            let p = node_should_run_daemon_pod(node, &ds.sched, &ds.daemon_tolerations);
            *evaluations += 1;
            match memory {
                Some(m) => m.placement = Some(p),
                None => drop(cache.nodes.insert(name.to_string(), NodeMemory { placement: Some(p), part: None })),
            }
            Some(p)
        };
        match nodes {
            #[cfg(not(target_arch = "wasm32"))]
            Some((names, hints)) => {
                names.iter().enumerate().map(|(at, n)| place(n, None, hint_at(hints, at))).collect()
            }
            #[cfg(target_arch = "wasm32")]
            Some(names) => names.iter().map(|n| place(n, None, NodeHint::NONE)).collect(),
            #[cfg(not(target_arch = "wasm32"))]
            None => {
                store.nodes().iter().zip(store.node_hints()).map(|((n, node), h)| place(n, Some(node), h)).collect()
            }
            #[cfg(target_arch = "wasm32")]
            None => store.nodes().iter().map(|(n, node)| place(n, Some(node), NodeHint::NONE)).collect(),
        }
    }

    /// Brings the rollout classes up to date: the nodes in `scope`, or every node when `full`
    /// or the revision moved.
    /// `changed`: the sync created or deleted pods, so another sync follows before any rolling
    /// update reads the classes. A walk over every node is then left to that sync: the
    /// classes are dropped, and it walks (a new DaemonSet's first sync walked 5,000 nodes for
    /// classes the next sync threw away).
    fn classify_rollout(
        &mut self,
        store: &Store,
        uid: &str,
        revision: RolloutRevision,
        scope: ScopeRef,
        full: bool,
        changed: bool,
    ) {
        let placements_scope = scope;
        #[cfg(not(target_arch = "wasm32"))]
        let (scope, _) = scope;
        let full = full || self.caches.get(uid).is_none_or(|c| c.rollout.revision.as_ref() != Some(&revision));
        if full && changed {
            if let Some(cache) = self.caches.get_mut(uid) {
                cache.rollout = Rollout::default();
            }
            return;
        }
        let placements = self.placements(store, uid, (!full).then_some(placements_scope));
        let Some(cache) = self.caches.get_mut(uid) else { return };
        let should_run = |p: Option<Placement>| p.is_some_and(|p| p.should_run);
        if full {
            let run: Vec<bool> = placements.into_iter().map(should_run).collect();
            cache.rollout = classify_every_node(store, uid, revision, &run, READY_IS_AVAILABLE);
        } else {
            let mut pods = daemon_pods_by_node(store, uid, Some(scope));
            for (at, (name, p)) in scope.iter().zip(placements).enumerate() {
                let mut list = pods.take(at);
                let roll = node_roll(list.as_mut_slice(), should_run(p), &revision, READY_IS_AVAILABLE);
                cache.rollout.set(name, roll);
            }
        }
    }

    /// Adopt matching orphans, release owned pods that no longer match (controller_ref_manager.go).
    fn claim_pods(store: &mut Store, key: &Key) {
        let Some(ds) = store.daemonsets().get(key) else { return };
        let (uid, name, selector) = (ds.meta.uid.clone(), ds.meta.name.clone(), ds.selector.clone());
        let mut adopt = Vec::new();
        let mut release = Vec::new();
        for (k, pod) in store.pods().range((key.0.clone(), String::new())..) {
            if k.0 != key.0 {
                break;
            }
            match pod.meta.controller_ref() {
                None if pod.meta.deletion_ms.is_none() && selector.matches(&pod.meta.labels) => adopt.push(k.clone()),
                Some(r) if r.uid == uid && !selector.matches(&pod.meta.labels) => release.push(k.clone()),
                _ => {}
            }
        }
        for k in adopt {
            store.update_pod(&k, |p| {
                p.meta.owner_references.push(OwnerReference::daemonset(&name, &uid));
            });
        }
        for k in release {
            store.update_pod(&k, |p| p.meta.owner_references.retain(|r| r.uid != uid));
        }
        let orphan = |rev: &ControllerRevision| {
            rev.meta.namespace == key.0
                && !rev.meta.owner_references.iter().any(|r| r.controller)
                && selector.matches(&rev.meta.labels)
        };
        store.update_revision_owners(orphan, |owners| owners.push(OwnerReference::daemonset(&name, &uid)));
    }

    fn cleanup_history(&mut self, store: &mut Store, key: &Key, uid: &str, hash: &str) {
        let writes = store.revision_writes();
        if self.caches.get(uid).is_some_and(|c| c.history_clean == Some(writes)) {
            return;
        }
        let Some(ds) = store.daemonsets().get(key) else { return };
        let limit = ds.revision_history_limit.max(0) as usize;
        let mut old: Vec<(i64, Key, String)> = store
            .revisions()
            .iter()
            .filter(|(_, r)| r.meta.owner_references.iter().any(|o| o.uid == uid))
            .filter(|(_, r)| r.meta.labels.get(HASH_LABEL).map(String::as_str) != Some(hash))
            .map(|(k, r)| (r.revision, k.clone(), r.meta.labels.get(HASH_LABEL).cloned().unwrap_or_default()))
            .collect();
        if old.len() <= limit {
            if let Some(cache) = self.caches.get_mut(uid) {
                cache.history_clean = Some(writes);
            }
            return;
        }
        // The hashes live pods carry: a handful, so a list (collecting a set sorts, and each
        // sort instantiated is code in the page's bundle).
        let mut live: Vec<String> = Vec::new();
        for h in store.pods_owned_by(uid).filter_map(|p| p.meta.labels.get(HASH_LABEL)) {
            if !live.contains(h) {
                live.push(h.clone());
            }
        }
        let mut to_kill = old.len() - limit;
        crate::order::sort(&mut old);
        for (_, k, h) in old {
            if to_kill == 0 {
                break;
            }
            if live.contains(&h) {
                continue;
            }
            store.remove_revision(&k);
            to_kill -= 1;
        }
    }

    /// `constructHistory`: the current revision's hash, creating or renumbering it.
    fn construct_history(
        &mut self,
        store: &mut Store,
        names: &mut crate::names::NameStream,
        now: i64,
        key: &Key,
    ) -> String {
        let Some(ds) = store.daemonsets().get(key) else { return String::new() };
        let uid = ds.meta.uid.clone();
        let writes = store.revision_writes();
        if let Some(found) = self.caches.get(&uid).and_then(|c| c.history.as_ref())
            && found.revision_writes == writes
        {
            let hash = found.hash.clone();
            // The walk below takes a resourceVersion whatever it finds; so does this, so that
            // versions come out as they always have.
            store.skip_resource_version();
            return hash;
        }
        let hash = Self::find_or_snapshot_revision(store, names, now, key, &uid);
        let found = FoundRevision { revision_writes: store.revision_writes(), hash: hash.clone() };
        self.caches.entry(uid).or_default().history = Some(found);
        hash
    }

    fn find_or_snapshot_revision(
        store: &mut Store,
        names: &mut crate::names::NameStream,
        now: i64,
        key: &Key,
        uid: &str,
    ) -> String {
        let Some(ds) = store.daemonsets().get(key) else { return String::new() };
        let mut template = ds.spec["template"].clone();
        if let Some(m) = template.as_object_mut() {
            m.insert("$patch".into(), json!("replace"));
        }
        let data = json!({"spec": {"template": template}});
        let mut current: Option<Key> = None;
        let mut max_old = 0;
        for (k, rev) in store.revisions() {
            if !rev.meta.owner_references.iter().any(|r| r.uid == uid) {
                continue;
            }
            if rev.data == data {
                if current
                    .as_ref()
                    .is_none_or(|c| store.revisions().get(c).is_some_and(|cr| cr.revision < rev.revision))
                {
                    current = Some(k.clone());
                }
            } else {
                max_old = max_old.max(rev.revision);
            }
        }
        let want = max_old + 1;
        if let Some(k) = current {
            if store.revisions().get(&k).is_some_and(|rev| rev.revision < want) {
                store.update_revision(&k, |rev| rev.revision = want);
            } else {
                // A current revision that keeps its number is not written; the version it
                // always took is still taken, so that versions come out as they always have.
                store.skip_resource_version();
            }
            if let Some(rev) = store.revisions().get(&k) {
                return rev.meta.labels.get(HASH_LABEL).cloned().unwrap_or_default();
            }
        }
        // snapshot: a new revision named <ds>-<hash>.
        let rev_uid = names.uid();
        let Some(ds) = store.daemonsets().get(key) else { return String::new() };
        let hash = compute_hash(&ds.spec["template"], ds.status.collision_count);
        let mut labels = ds.template_labels.clone();
        labels.insert(HASH_LABEL.into(), hash.clone());
        let mut annotations = ds.meta.annotations.clone();
        annotations.retain(|k, _| k != crate::merge::LAST_APPLIED);
        let meta = Meta {
            name: format!("{}-{}", ds.meta.name, hash),
            namespace: ds.meta.namespace.clone(),
            uid: rev_uid,
            creation_ms: now,
            labels: labels.into(),
            annotations,
            owner_references: vec![OwnerReference::daemonset(&ds.meta.name, uid)].into(),
            ..Meta::default()
        };
        store.create_revision(ControllerRevision { meta, data, revision: want });
        hash
    }
}

/// A fork leaves out the caches: its first sync of a DaemonSet walks every node, which decides
/// what the caches would have (debug builds assert it of every kept decision), at one full
/// walk's cost. The caches' own clone code cost more of the page's wasm than that walk costs a
/// preview, which rebuilds the applied one anyway. The pod-spec cache is rebuilt from the
/// templates when needed.
impl Clone for DaemonController {
    fn clone(&self) -> Self {
        DaemonController {
            caches: FastMap::default(),
            failed_backoff: self.failed_backoff.clone(),
            failed_backoff_delay: self.failed_backoff_delay.clone(),
            create_failures: self.create_failures.clone(),
            create_retry_at: self.create_retry_at.clone(),
            pod_templates: Vec::new(),
            sync_in_progress: self.sync_in_progress.clone(),
            placement_evaluations: self.placement_evaluations,
        }
    }
}

/// The current revision's hash, and `Store::revision_writes` when `constructHistory` found it.
#[derive(Clone, Debug)]
struct FoundRevision {
    revision_writes: u64,
    hash: String,
}

impl DsCache {
    /// The placement last computed for `node`, if any.
    pub(crate) fn cached_placement(&self, node: &str) -> Option<&Placement> {
        self.nodes.get(node).and_then(|m| m.placement.as_ref())
    }

    fn set_part(&mut self, node: &str, hint: NodeHint, store: &Store, part: Option<NodePart>) {
        let sign = |p: &NodePart, t: &mut DaemonSetStatus, old: &mut i64, d: i64| {
            if p.should_run {
                t.desired_number_scheduled += d;
                if p.scheduled {
                    t.current_number_scheduled += d;
                    t.number_ready += d * i64::from(p.ready);
                    t.number_available += d * i64::from(p.available);
                    t.updated_number_scheduled += d * i64::from(p.updated);
                }
            } else if p.scheduled {
                t.number_misscheduled += d;
            }
            *old += d * i64::from(p.has_old);
        };
        let memory = memory_of(&mut self.nodes, node, hint, store);
        if let Some(prev) = memory.as_ref().and_then(|m| m.part.as_ref()) {
            sign(prev, &mut self.totals, &mut self.old_nodes, -1);
        }
        if let Some(p) = &part {
            sign(p, &mut self.totals, &mut self.old_nodes, 1);
        }
        match memory {
            Some(m) => m.part = part,
            None if part.is_some() => drop(self.nodes.insert(node.to_string(), NodeMemory { placement: None, part })),
            None => {}
        }
    }
}

/// What a node means to a rolling update (`rollingUpdate`, update.go), from its live daemon
/// pods: whether it counts against the budget, whether it counts as available, and what the
/// update would do there. Pods are named (daemon pods live in their DaemonSet's namespace).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct NodeRoll {
    should_run: bool,
    /// Counts against the budget: maxUnavailable without surge, maxSurge with it.
    busy: bool,
    /// Counts toward numAvailable (with surge: the old pod, or else the new one, is available).
    available: bool,
    action: Option<RollAction>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum RollAction {
    /// Delete this old pod now.
    Delete(String),
    /// Delete this old pod while the budget allows (without surge: maxUnavailable; with
    /// surge: the pods available beyond the desired number).
    DeleteWithin(String),
    /// Create a pod on this node now (surge).
    Create,
    /// Create a pod on this node while maxSurge allows.
    CreateWithin,
}

/// Every node's `NodeRoll` for one revision, kept up to date node by node, so that a sync
/// during a rollout costs the nodes that changed rather than every node: upstream's
/// `rollingUpdate` walks all nodes each time, which at 5,000 nodes made every rollout step a
/// 5,000-node pass. Kept only with minReadySeconds 0, where a class depends on nothing but the
/// node's pods and placement (no clock); otherwise a walk builds the same classes each time.
#[derive(Clone, Debug, Default)]
struct Rollout {
    /// The revision and mode classified for.
    revision: Option<RolloutRevision>,
    /// Per node with anything to say.
    nodes: FastMap<String, NodeRoll>,
    desired: i64,
    busy: i64,
    available: i64,
    /// Node name → pod name (empty for creations), per action, in node name order: the order
    /// upstream's random node order becomes. Labels-shaped maps: a new map type costs 1 KB.
    actions: [BTreeMap<String, String>; 4],
}

impl RollAction {
    fn slot(&self) -> (usize, &str) {
        match self {
            RollAction::Delete(pod) => (0, pod),
            RollAction::DeleteWithin(pod) => (1, pod),
            RollAction::Create => (2, ""),
            RollAction::CreateWithin => (3, ""),
        }
    }
}

impl Rollout {
    fn set(&mut self, node: &str, roll: NodeRoll) {
        if self.nodes.get(node).is_some_and(|r| *r == roll) {
            return;
        }
        let keep = roll != NodeRoll::default();
        let previous = match self.nodes.get_mut(node) {
            Some(e) if keep => Some(std::mem::replace(e, roll.clone())),
            Some(_) => self.nodes.remove(node),
            None => {
                if keep {
                    self.nodes.insert(node.to_string(), roll.clone());
                }
                None
            }
        };
        for (r, sign) in previous.iter().map(|r| (r, -1)).chain([(&roll, 1)]) {
            self.desired += sign * i64::from(r.should_run);
            self.busy += sign * i64::from(r.busy);
            self.available += sign * i64::from(r.available);
            if let Some((i, pod)) = r.action.as_ref().map(RollAction::slot) {
                if sign < 0 {
                    self.actions[i].remove(node);
                } else {
                    self.actions[i].insert(node.to_string(), pod.to_string());
                }
            }
        }
    }

    /// `rollingUpdate`'s choice: (old pods to delete, nodes to create on). With room left in
    /// the budget every budgeted candidate qualifies, so the first ones by node name go.
    fn decide(&self, namespace: &str, max_unavailable: &IntOrPercent, max_surge: i64) -> (Vec<Key>, Vec<String>) {
        let [delete, delete_within, create, create_within] = &self.actions;
        let (delete_room, create_room) = if max_surge == 0 {
            let mut max_unavailable = max_unavailable.scaled_round_up(self.desired);
            if self.desired > 0 && max_unavailable == 0 {
                max_unavailable = 1;
            }
            (max_unavailable - self.busy, 0)
        } else {
            (self.available - self.desired, max_surge - self.busy)
        };
        let room = |n: i64| n.max(0) as usize;
        let pods = delete.values().chain(delete_within.values().take(room(delete_room)));
        let nodes = create.keys().chain(create_within.keys().take(room(create_room)));
        (pods.map(|pod| (namespace.to_string(), pod.clone())).collect(), nodes.cloned().collect())
    }
}

/// A node's part in a rolling update (`findUpdatedPodsOnNode` and the loop of
/// `rollingUpdate`), with availability (`IsPodAvailable`) as of `(minReadySeconds, now)`.
fn node_roll(pods: &mut [&Pod], should_run: bool, revision: &RolloutRevision, when: Availability) -> NodeRoll {
    let RolloutRevision { hash, template_generation: tg, surge } = revision;
    let (hash, tg, surge) = (hash.as_str(), *tg, *surge);
    let available = |p: &Pod| p.is_available(when.min_ready_seconds, when.now);
    let name = |p: &Pod| p.meta.name.clone();
    let mut roll = NodeRoll { should_run, ..NodeRoll::default() };
    if pods.is_empty() && !should_run {
        return roll;
    }
    let Some((new, old)) = updated_pods_on_node(pods, hash, tg) else {
        roll.busy = true;
        return roll;
    };
    if !surge {
        match (new, old) {
            (None, None) | (Some(_), Some(_)) => roll.busy = true,
            (Some(new), None) => roll.busy = !available(new),
            (None, Some(old)) if available(old) => roll.action = Some(RollAction::DeleteWithin(name(old))),
            (None, Some(old)) => roll.action = Some(RollAction::Delete(name(old))),
        }
        return roll;
    }
    roll.available = match (new, old) {
        (_, Some(old)) => available(old),
        (Some(new), None) => available(new),
        (None, None) => false,
    };
    roll.action = match (new, old) {
        (_, None) => None,
        (None, Some(old)) => Some(match (available(old), should_run) {
            (false, false) => RollAction::Delete(name(old)),
            (false, true) => RollAction::Create,
            (true, false) => RollAction::DeleteWithin(name(old)),
            (true, true) => RollAction::CreateWithin,
        }),
        (Some(new), Some(_)) if !available(new) => {
            roll.busy = true;
            None
        }
        (Some(_), Some(old)) => Some(RollAction::Delete(name(old))),
    };
    roll
}

/// What a rollout's node classes are made for: the current revision, and the mode (with
/// surge or without).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct RolloutRevision {
    hash: String,
    template_generation: i64,
    surge: bool,
}

/// How "available" is judged: `minReadySeconds` against the clock. `READY_IS_AVAILABLE`
/// where it is 0 and readiness alone counts (the classes kept incrementally).
#[derive(Clone, Copy, Debug)]
struct Availability {
    min_ready_seconds: i64,
    now: i64,
}

const READY_IS_AVAILABLE: Availability = Availability { min_ready_seconds: 0, now: 0 };

/// Every node's part; `should_run` is per node of the store, in name order.
fn classify_every_node(
    store: &Store,
    uid: &str,
    revision: RolloutRevision,
    should_run: &[bool],
    available: Availability,
) -> Rollout {
    let rev = &revision;
    let mut pods = daemon_pods_by_node(store, uid, None);
    let mut rollout = Rollout::default();
    for (at, (name, &run)) in store.nodes().keys().zip(should_run).enumerate() {
        let mut list = pods.take(at);
        rollout.set(name, node_roll(list.as_mut_slice(), run, rev, available));
    }
    // Pods aimed at nodes that are gone.
    for (name, mut list) in pods.elsewhere {
        rollout.set(name, node_roll(list.as_mut_slice(), false, rev, available));
    }
    rollout.revision = Some(revision);
    rollout
}

/// Whether a rollout's node classes can be kept incrementally (see `Rollout`), and if so in
/// which mode: with surge or without.
fn incremental_rollout(ds: &DaemonSet) -> Option<bool> {
    match &ds.strategy {
        UpdateStrategy::RollingUpdate { max_surge, .. } if ds.min_ready_seconds == 0 => {
            Some(!matches!(max_surge, IntOrPercent::Int(0) | IntOrPercent::Percent(0) | IntOrPercent::Invalid(_)))
        }
        _ => None,
    }
}

impl DaemonController {
    /// `syncDaemonSet`. Upstream looks at every node each time; here a sync looks at the nodes
    /// that changed since the last one (all of them after a DaemonSet change), which gives the
    /// same result because nothing else can have changed.
    pub(crate) fn sync_daemonset(&mut self, w: &mut World, key: &Key) {
        let Some(ds) = w.store.daemonsets().get(key) else { return };
        if ds.meta.deletion_ms.is_some() {
            w.finish_foreground(key);
            return;
        }
        let uid = ds.meta.uid.clone();
        // A DaemonSet the controller keeps nothing of (new, changed, or a fork's) is looked at
        // on every node.
        // (`get_mut`: the page's wasm has its code for this map already; `contains_key` is more.)
        let cached = self.caches.get_mut(&uid).is_some();
        if w.queues.needs_claim.remove(key) {
            DaemonController::claim_pods(&mut w.store, key);
            w.queues.mark_full(&uid);
        }
        let hash = self.construct_history(&mut w.store, &mut w.names, w.now, key);
        let mut dirty = w.queues.take_dirty(&uid);
        let full = dirty.full || !cached;
        let cache = self.caches.entry(uid.clone()).or_default();
        for node in &dirty.stale {
            if let Some(m) = cache.nodes.get_mut(node) {
                m.placement = None;
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        let (scope, hints) = if full { full_scope(&w.store) } else { dirty.take_nodes(&w.store) };
        #[cfg(target_arch = "wasm32")]
        let scope: Vec<Rc<str>> =
            if full { w.store.nodes().keys().map(|n| Rc::from(n.as_str())).collect() } else { dirty.take_nodes() };
        #[cfg(not(target_arch = "wasm32"))]
        let (mut to_delete, mut needing, parts) = self.manage(w, key, &uid, &hash, (&scope, &hints), full);
        #[cfg(target_arch = "wasm32")]
        let (mut to_delete, mut needing, parts) = self.manage(w, key, &uid, &hash, &scope, full);
        needing.reverse();
        to_delete.reverse();
        let rest = SyncRest {
            key: key.clone(),
            uid,
            hash,
            scope,
            #[cfg(not(target_arch = "wasm32"))]
            hints,
            full,
            needing,
            to_delete,
            parts,
        };
        if rest.needing.is_empty() && rest.to_delete.is_empty() {
            self.finish_sync(w, rest, false);
        } else {
            // `syncNodes`: its creations and deletions are steps of their own, so that a
            // 5,000-pod sync does not block a page; nothing else runs until it is done.
            w.store.reserve_pods(rest.needing.len());
            w.recorder.reserve(rest.needing.len());
            w.store.reserve_events(4 * rest.needing.len());
            self.sync_in_progress = Some(rest);
        }
    }

    /// A creation was refused: `syncNodes` skips the rest of its slow-start batches, and the
    /// sync's error requeues the DaemonSet through the queue's rate limiter (5 ms doubling, at
    /// most 1,000 s: `DefaultControllerRateLimiter`). The retry walks every node again.
    /// (The caller drops the sync's remaining creations: `continue_sync` holds the sync in
    /// progress, and `sync_nodes` runs only when there is none.)
    fn creation_failed(&mut self, w: &mut World, key: &Key) {
        let Some(uid) = w.store.daemonsets().get(key).map(|d| d.meta.uid.clone()) else { return };
        // The queue holds a key once: a retry already pending covers this failure too.
        if self.create_retry_at.get(&uid).is_some_and(|at| *at > w.now) {
            return;
        }
        // (get and insert only: each BTreeMap operation is code in the page's bundle.)
        let failures = self.create_failures.get(&uid).copied().unwrap_or(0);
        let delay = (5i64 << failures.min(28)).min(1_000_000);
        self.create_failures.insert(uid.clone(), failures + 1);
        self.create_retry_at.insert(uid, w.now + delay);
        w.schedule(w.now + delay, Timer::Requeue { ds: key.clone() });
    }

    /// The next creation or deletion of the sync in progress, or the rest of that sync.
    pub(crate) fn continue_sync(&mut self, w: &mut World) {
        // Taken while it steps (neither a creation nor a deletion looks at it), so that its key
        // and hash are lent, not copied, to each of its 5,000 pods.
        let Some(mut rest) = self.sync_in_progress.take() else { return };
        if let Some(at) = rest.needing.pop() {
            #[cfg(not(target_arch = "wasm32"))]
            let node = (&rest.scope[at], hint_at(&rest.hints, at));
            #[cfg(target_arch = "wasm32")]
            let node = &rest.scope[at];
            if !self.create_daemon_pod(w, &rest.key, node, &rest.hash) {
                rest.needing.clear();
                self.creation_failed(w, &rest.key);
            }
        } else if let Some(pod) = rest.to_delete.pop() {
            self.delete_daemon_pod(w, &rest.key, &pod);
        } else {
            return self.finish_sync(w, rest, true);
        }
        self.sync_in_progress = Some(rest);
    }

    /// What `syncDaemonSet` does after `manage`: the rolling update, history and status.
    fn finish_sync(&mut self, w: &mut World, rest: SyncRest, changed: bool) {
        #[cfg(not(target_arch = "wasm32"))]
        let SyncRest { key, uid, hash, scope, full, parts, hints, .. } = rest;
        #[cfg(target_arch = "wasm32")]
        let SyncRest { key, uid, hash, scope, full, parts, .. } = rest;
        let key = &key;
        let work = full || self.caches.get(&uid).is_some_and(|c| c.old_nodes > 0);
        if let Some(ds) = w.store.daemonsets().get(key)
            && let Some(surge) = incremental_rollout(ds)
        {
            let revision = RolloutRevision { hash: hash.clone(), template_generation: ds.template_generation, surge };
            if work {
                #[cfg(not(target_arch = "wasm32"))]
                self.classify_rollout(&w.store, &uid, revision, (&scope, &hints), full, changed);
                #[cfg(target_arch = "wasm32")]
                self.classify_rollout(&w.store, &uid, revision, &scope, full, changed);
            } else if let Some(cache) = self.caches.get_mut(&uid) {
                // No rollout under way: stop keeping classes; the next one starts from a walk.
                cache.rollout = Rollout::default();
            }
        }
        let mut rolled = false;
        if !changed && let Some(ds) = w.store.daemonsets().get(key) {
            let rolling = matches!(ds.strategy, UpdateStrategy::RollingUpdate { .. });
            if rolling && work && self.rolling_update(w, key, &uid, &hash) {
                rolled = true;
            }
        }
        if changed || rolled {
            // Expectations: the next sync runs once the informer has seen these changes.
            w.queues.daemonsets.insert(key.clone());
        }
        self.cleanup_history(&mut w.store, key, &uid, &hash);
        // Pods created or deleted since `manage` looked: the status looks again.
        let seen = (!changed && !rolled && parts.len() == scope.len()).then_some(parts);
        #[cfg(not(target_arch = "wasm32"))]
        self.update_status(w, key, &uid, &hash, (&scope, &hints), full, seen);
        #[cfg(target_arch = "wasm32")]
        self.update_status(w, key, &uid, &hash, &scope, full, seen);
    }

    /// `manage`: returns the pods to delete and the nodes that need one, for `syncNodes`.
    fn manage(
        &mut self,
        w: &mut World,
        key: &Key,
        uid: &str,
        hash: &str,
        scope: ScopeRef,
        full: bool,
    ) -> (Vec<Key>, Vec<usize>, Vec<Option<NodePart>>) {
        // Placements first: they fill the cache, which needs `&mut self`. Gone nodes drop out.
        let placements = self.placements(&w.store, uid, (!full).then_some(scope));
        #[cfg(not(target_arch = "wasm32"))]
        let (scope, _) = scope;
        // A full scope is every node, taken when the sync began; nothing adds one meanwhile.
        debug_assert_eq!(placements.len(), scope.len());
        let nodes =
            scope.iter().enumerate().zip(placements.iter().copied()).filter_map(|((at, n), p)| Some((at, n, p?)));
        let store = &w.store;
        let Some(ds) = store.daemonsets().get(key) else { return (Vec::new(), Vec::new(), Vec::new()) };
        let node_to_pods = daemon_pods_by_node(store, uid, (!full).then_some(scope));
        let surge = allows_surge(&ds.strategy);
        let min_ready = ds.min_ready_seconds;
        let generation = ds.meta.generation;
        let ds_ref = crate::world::ds_ref(ds);
        let now = w.now;
        let tg = ds.template_generation;
        let mut needing: Vec<usize> = Vec::new();
        let mut to_delete: Vec<Key> = Vec::new();
        let mut failed_events = Vec::new();
        let mut requeue_at = Vec::new();
        // One list for every node's running pods: a list per node was 10,000 allocations of a
        // converge's two syncs.
        let mut running: Vec<&Pod> = Vec::new();
        for (at, node, p) in nodes {
            let pods = node_to_pods.get(at);
            let exists = !pods.is_empty();
            if p.should_run && !exists {
                needing.push(at);
            } else if p.should_continue_running {
                running.clear();
                for &pod in pods {
                    if pod.meta.deletion_ms.is_some() {
                        continue;
                    }
                    if pod.status.phase == "Failed" {
                        let bkey = format!("{uid}/{generation}/{node}");
                        let entry =
                            self.failed_backoff.get(&bkey).copied().zip(self.failed_backoff_delay.get(&bkey).copied());
                        if let Some((last, delay)) = entry
                            && now - last < delay
                        {
                            requeue_at.push(last + delay);
                            continue;
                        }
                        let delay = match entry {
                            Some((last, delay)) if now - last <= 2 * BACKOFF_MAX_MS => (delay * 2).min(BACKOFF_MAX_MS),
                            _ => BACKOFF_INITIAL_MS,
                        };
                        self.failed_backoff_delay.insert(bkey.clone(), delay);
                        self.failed_backoff.insert(bkey, now);
                        failed_events.push(format!(
                            "Found failed daemon pod {}/{} on node {node}, will try to kill it",
                            pod.meta.namespace, pod.meta.name
                        ));
                        to_delete.push(pod.meta.key());
                    } else if pod.status.phase == "Succeeded" {
                        to_delete.push(pod.meta.key());
                    } else {
                        running.push(pod);
                    }
                }
                if !surge {
                    for pod in running.iter().skip(1) {
                        to_delete.push(pod.meta.key());
                    }
                } else if running.is_empty() {
                    if p.should_run {
                        needing.push(at);
                    }
                } else {
                    let mut oldest_new: Option<&Pod> = None;
                    let mut oldest_old: Option<&Pod> = None;
                    for pod in &running {
                        if pod.meta.labels.get(HASH_LABEL).map(String::as_str) == Some(hash) {
                            if oldest_new.is_none() {
                                oldest_new = Some(pod);
                                continue;
                            }
                        } else if oldest_old.is_none() {
                            oldest_old = Some(pod);
                            continue;
                        }
                        to_delete.push(pod.meta.key());
                    }
                    if let (Some(new), Some(old)) = (oldest_new, oldest_old)
                        && (!old.is_ready() || new.is_available(min_ready, now))
                    {
                        to_delete.push(old.meta.key());
                    }
                }
            } else if exists {
                to_delete.extend(pods.iter().filter(|p| p.meta.deletion_ms.is_none()).map(|p| p.meta.key()));
            }
        }
        // Unbound pods whose target node no longer exists (getUnscheduledPodsWithoutNode): of
        // the scope's nodes, those without a placement; with every node in scope, the pods
        // for nodes outside it.
        let gone_in_scope = scope.iter().zip(&placements).enumerate().filter(|(_, (_, p))| p.is_none());
        let mut gone: Vec<(&str, &[&Pod])> = gone_in_scope
            .map(|(at, (n, _))| (&**n, node_to_pods.get(at)))
            .chain(node_to_pods.elsewhere.iter().map(|(n, p)| (*n, p.as_slice())))
            .filter(|(_, pods)| !pods.is_empty())
            .collect();
        crate::order::sort_by(&mut gone, |a, b| a.0.cmp(b.0));
        for (_, pods) in gone {
            let orphaned = pods.iter().filter(|p| p.node_name().is_none() && p.meta.deletion_ms.is_none());
            to_delete.extend(orphaned.map(|p| p.meta.key()));
        }
        // The status parts, when no creation or deletion will change what was seen.
        let mut parts = Vec::new();
        if to_delete.is_empty() && needing.is_empty() {
            let when = Availability { min_ready_seconds: min_ready, now };
            parts = status_parts(&placements, &node_to_pods, (hash, tg), when);
        }
        drop(node_to_pods);
        for at in requeue_at {
            w.schedule(at, Timer::Requeue { ds: key.clone() });
        }
        for msg in failed_events {
            w.record(ds_ref.clone(), &FAILED_DAEMON_POD, msg, None);
        }
        to_delete.dedup();
        (to_delete, needing, parts)
    }

    /// `syncNodes`: create pods for nodes, delete pods; at most `BurstReplicas` of each.
    fn sync_nodes(
        &mut self,
        w: &mut World,
        key: &Key,
        mut to_delete: Vec<Key>,
        needing: Vec<String>,
        hash: &str,
    ) -> bool {
        // Upstream issues at most BurstReplicas (250) creates per sync and syncs again at once;
        // with no API latency that is the same simulated instant, so one sync does them all.
        let changed = !to_delete.is_empty() || !needing.is_empty();
        for node in needing {
            let name = Rc::from(node.as_str());
            #[cfg(not(target_arch = "wasm32"))]
            let node = (&name, NodeHint::default());
            #[cfg(target_arch = "wasm32")]
            let node = &name;
            if !self.create_daemon_pod(w, key, node, hash) {
                self.creation_failed(w, key);
                break;
            }
        }
        to_delete.dedup();
        for k in to_delete {
            self.delete_daemon_pod(w, key, &k);
        }
        changed
    }

    fn delete_daemon_pod(&mut self, w: &mut World, key: &Key, pod: &Key) {
        let Some(p) = w.store.pods().get(pod) else { return };
        if let Some(ds) = w.store.daemonsets().get(key)
            && w.recorder.admit(&ds.meta.uid, COMPONENT, w.now)
        {
            let message = format!("Deleted pod: {}", p.meta.name);
            let e = NewEvent {
                involved: crate::world::ds_ref(ds).into(),
                field_path: None,
                kind: &SUCCESSFUL_DELETE,
                message: message.into(),
                host: None,
            };
            w.recorder.record_admitted(&mut w.store, e, w.now);
        }
        w.delete_pod_gracefully(pod, None);
    }

    /// Creates the daemon pod for `node`; false when the apiserver refused it.
    fn create_daemon_pod(&mut self, w: &mut World, key: &Key, node: ScopeNode, hash: &str) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        let (node, hint) = node;
        // The pod's version is taken as the creation starts: the refusals below use it up.
        let Some(ds) = w.store.daemonsets().get(key) else {
            w.store.skip_resource_version();
            return true;
        };
        // The template generation can move while the hash stays (a template changed and
        // changed back): the prototype's labels are checked against it.
        let found = self.pod_templates.iter().position(|t| {
            t.uid == ds.meta.uid && t.hash == hash && t.pod.template_generation == ds.template_generation
        });
        let DaemonPodSpec { spec, sched, meta, .. } = match found {
            Some(at) => self.pod_templates[at].pod.clone(),
            None => match daemon_pod_spec(&ds.spec["template"], &w.store, &key.0) {
                Ok((spec, sched)) => {
                    let mut labels = ds.template_labels.clone();
                    labels.insert(HASH_LABEL.into(), hash.to_string());
                    labels.insert(GENERATION_LABEL.into(), ds.template_generation.to_string());
                    let meta = Meta {
                        generate_name: Some(format!("{}-", ds.meta.name)),
                        namespace: key.0.clone(),
                        labels: labels.into(),
                        annotations: ds.template_annotations.clone().into(),
                        owner_references: vec![OwnerReference::daemonset(&ds.meta.name, &ds.meta.uid)].into(),
                        ..Meta::default()
                    };
                    let shared = DaemonPodSpec { spec, sched, meta, template_generation: ds.template_generation };
                    self.pod_templates.retain(|t| t.uid != ds.meta.uid);
                    let uid = ds.meta.uid.clone();
                    self.pod_templates.push(PodTemplate { uid, hash: hash.to_string(), pod: shared.clone() });
                    shared
                }
                Err(why) => {
                    // `createPods` records the apiserver's refusal on the DaemonSet; the name
                    // it gives is the generateName, since none was generated yet.
                    let message = format!("Error creating: pods \"{}-\" is forbidden: {why}", ds.meta.name);
                    let involved = crate::world::ds_ref(ds);
                    w.store.skip_resource_version();
                    w.record(involved, &FAILED_CREATE, message, None);
                    return false;
                }
            },
        };
        let base = meta.generate_name.as_deref().unwrap_or_default();
        // The apiserver retries a generated name that is taken (KEP-4420, GA in 1.32).
        let mut pkey = (key.0.clone(), w.names.generate_name(base));
        while w.store.pods().contains_key(&pkey) {
            pkey.1 = w.names.generate_name(base);
        }
        let ds_ref = w.recorder.admit(&ds.meta.uid, COMPONENT, w.now).then(|| crate::world::ds_ref(ds));
        let meta = Meta { name: pkey.1.clone(), uid: w.names.uid(), creation_ms: w.now, ..meta };
        let pod = Pod::daemon(meta, spec, sched, node);
        let bound = pod.node_name().is_some();
        #[cfg(not(target_arch = "wasm32"))]
        let slot = w.store.insert_pod_for(pod, (node, hint));
        #[cfg(target_arch = "wasm32")]
        let slot = w.store.insert_pod(pod);
        if let Some(involved) = ds_ref {
            let message = format!("Created pod: {}", pkey.1);
            let e = NewEvent {
                involved: involved.into(),
                field_path: None,
                kind: &SUCCESSFUL_CREATE,
                message: message.into(),
                host: None,
            };
            w.recorder.record_admitted(&mut w.store, e, w.now);
        }
        if bound {
            crate::kubelet::admit(w, pkey, slot);
        } else {
            w.queues.scheduling.active.insert(pkey, slot);
        }
        // The queue forgets the DaemonSet's failures once a sync goes through.
        if !self.create_failures.is_empty()
            && let Some(uid) = w.store.daemonsets().get(key).map(|d| d.meta.uid.clone())
            && self.create_failures.get(&uid).is_some_and(|f| *f > 0)
        {
            self.create_failures.insert(uid, 0);
        }
        true
    }

    /// `rollingUpdate` (update.go). Returns whether it deleted or created anything.
    fn rolling_update(&mut self, w: &mut World, key: &Key, uid: &str, hash: &str) -> bool {
        let Some(ds) = w.store.daemonsets().get(key) else { return false };
        let UpdateStrategy::RollingUpdate { max_unavailable, max_surge } = ds.strategy.clone() else { return false };
        let (min_ready, tg, now) = (ds.min_ready_seconds, ds.template_generation, w.now);
        let incremental = incremental_rollout(ds);
        // The classes kept since the last syncs, when the mode they were kept in still holds
        // (a percentage of surge is 0 while nothing should run).
        let kept = self.caches.get(uid).map(|c| &c.rollout).filter(|r| {
            incremental.is_some_and(|surge| {
                surge == (max_surge.scaled_round_up(r.desired) > 0)
                    && r.revision
                        .as_ref()
                        .is_some_and(|r| r.hash == hash && r.template_generation == tg && r.surge == surge)
            })
        });
        let walked;
        let rollout = match kept {
            Some(rollout) => {
                #[cfg(debug_assertions)]
                {
                    // Tests check every incremental decision against a walk over every node.
                    let run: Vec<bool> = w
                        .store
                        .nodes()
                        .keys()
                        .map(|n| self.caches[uid].cached_placement(n).is_some_and(|p| p.should_run))
                        .collect();
                    let revision = rollout.revision.clone().unwrap_or_default();
                    let fresh = classify_every_node(&w.store, uid, revision, &run, READY_IS_AVAILABLE);
                    assert_eq!(
                        (rollout.desired, rollout.busy, rollout.available, &rollout.actions),
                        (fresh.desired, fresh.busy, fresh.available, &fresh.actions),
                        "incremental rollout classes drifted from a full walk"
                    );
                }
                rollout
            }
            None => {
                // A walk over every node, as upstream's, for what the classes cannot be kept.
                let run: Vec<bool> =
                    self.placements(&w.store, uid, None).into_iter().map(|p| p.is_some_and(|p| p.should_run)).collect();
                let desired = run.iter().filter(|r| **r).count() as i64;
                let surge = max_surge.scaled_round_up(desired) > 0;
                let revision = RolloutRevision { hash: hash.to_string(), template_generation: tg, surge };
                let when = Availability { min_ready_seconds: min_ready, now };
                walked = classify_every_node(&w.store, uid, revision, &run, when);
                &walked
            }
        };
        let (delete, create) = rollout.decide(&key.0, &max_unavailable, max_surge.scaled_round_up(rollout.desired));
        self.sync_nodes(w, key, delete, create, hash)
    }

    /// `updateDaemonSetStatus`, from per-node parts: the nodes in `scope` are looked at again,
    /// or their parts as `manage` saw them in this sync are taken (`seen`).
    #[allow(clippy::too_many_arguments)]
    fn update_status(
        &mut self,
        w: &mut World,
        key: &Key,
        uid: &str,
        hash: &str,
        scope: ScopeRef,
        full: bool,
        seen: Option<Vec<Option<NodePart>>>,
    ) {
        #[cfg(not(target_arch = "wasm32"))]
        let (scope, hints) = scope;
        // Placements first (they need `&mut self`); `None` for a node that is gone. (Debug
        // builds look again even with `seen`, to check it: every test holds it to a look.)
        let look = seen.is_none() || cfg!(debug_assertions);
        #[cfg(not(target_arch = "wasm32"))]
        let placements =
            if look { self.placements(&w.store, uid, (!full).then_some((scope, hints))) } else { Vec::new() };
        #[cfg(target_arch = "wasm32")]
        let placements = if look { self.placements(&w.store, uid, (!full).then_some(scope)) } else { Vec::new() };
        let Some(ds) = w.store.daemonsets().get(key) else { return };
        let (min_ready, tg, generation) = (ds.min_ready_seconds, ds.template_generation, ds.meta.generation);
        let collision_count = ds.status.collision_count;
        let now = w.now;
        let looked = || -> Vec<Option<NodePart>> {
            debug_assert_eq!(placements.len(), scope.len());
            let node_to_pods = daemon_pods_by_node(&w.store, uid, (!full).then_some(scope));
            let when = Availability { min_ready_seconds: min_ready, now };
            status_parts(&placements, &node_to_pods, (hash, tg), when)
        };
        let parts = match seen {
            Some(parts) => {
                debug_assert_eq!(parts, looked(), "the parts `manage` saw are still the pods'");
                parts
            }
            None => looked(),
        };
        let parts = scope.iter().zip(parts);
        let cache = self.caches.entry(uid.to_string()).or_default();
        if full {
            for m in cache.nodes.values_mut() {
                m.part = None;
            }
            cache.totals = DaemonSetStatus::default();
            cache.old_nodes = 0;
        }
        #[cfg(not(target_arch = "wasm32"))]
        for (at, (node, part)) in parts.enumerate() {
            cache.set_part(node, hint_at(hints, at), &w.store, part);
        }
        #[cfg(target_arch = "wasm32")]
        for (node, part) in parts {
            cache.set_part(node, NodeHint::NONE, &w.store, part);
        }
        let mut st = DaemonSetStatus { collision_count, observed_generation: generation, ..cache.totals.clone() };
        st.number_unavailable = st.desired_number_scheduled - st.number_available;
        let requeue = min_ready > 0 && st.number_ready != st.number_available;
        // Read first: a DaemonSet a fork shares is copied only when its status changes.
        if w.store.daemonsets().get(key).is_some_and(|ds| ds.status != st) {
            let sample = crate::timeline::StatusSample::from_status(now - SIM_EPOCH_MS, &st, tg);
            w.store.update_daemonset(key, |ds| ds.status = st);
            let at = match w.timelines.iter().position(|(u, _)| u == uid) {
                Some(at) => at,
                None => {
                    w.timelines.push((uid.to_string(), crate::timeline::Timeline::default()));
                    w.timelines.len() - 1
                }
            };
            crate::timeline::record(&mut w.timelines[at].1, sample);
        } else {
            // An unchanged status is not written; the version it always took is still taken.
            w.store.skip_resource_version();
        }
        if requeue {
            w.schedule(now + min_ready * 1000, Timer::Requeue { ds: key.clone() });
        }
    }
}

/// A node of a sync's scope as `create_daemon_pod` takes it: natively its name and a hint to
/// it (`Store::insert_pod_for`). The page takes the name only: the hints' code costs its size
/// budget 300 B, which it does not have.
#[cfg(not(target_arch = "wasm32"))]
type ScopeNode<'a> = (&'a Rc<str>, NodeHint);
#[cfg(target_arch = "wasm32")]
type ScopeNode<'a> = &'a Rc<str>;

/// Every node's name in name order, and a hint to each (`Store::insert_pod_for`), from one
/// walk of the node set: each hint is its name's.
#[cfg(not(target_arch = "wasm32"))]
fn full_scope(store: &Store) -> (Vec<Rc<str>>, Vec<NodeHint>) {
    store.nodes().keys().zip(store.node_hints()).map(|(n, h)| (Rc::from(n.as_str()), h)).unzip()
}

/// What each node of `scope` contributes to the status (`None` where it is gone), from its
/// placement and its daemon pods (oldest first): status counts only the oldest pod of a node.
/// Pods are updated when they carry the revision `(hash, template generation)`.
fn status_parts(
    placements: &[Option<Placement>],
    node_to_pods: &NodeGroups,
    (hash, tg): (&str, i64),
    when: Availability,
) -> Vec<Option<NodePart>> {
    let mut parts = Vec::with_capacity(placements.len());
    for (at, placement) in placements.iter().enumerate() {
        let part = placement.map(|Placement { should_run, .. }| {
            let pods = node_to_pods.get(at);
            match pods.first() {
                None => NodePart { should_run, ..NodePart::default() },
                Some(first) => {
                    // (The oldest pod's answer is asked once: most nodes have only it.)
                    let updated = is_pod_updated(first, hash, tg);
                    let old = |p: &Pod| !p.is_terminating() && !is_pod_updated(p, hash, tg);
                    NodePart {
                        should_run,
                        scheduled: true,
                        ready: first.is_ready(),
                        available: first.is_ready() && first.is_available(when.min_ready_seconds, when.now),
                        updated,
                        has_old: (!first.is_terminating() && !updated) || pods[1..].iter().any(|p| old(p)),
                    }
                }
            }
        });
        parts.push(part);
    }
    parts
}

/// A DaemonSet's pods by target node, oldest first (`pod_order`); terminal pods being deleted
/// are left out (`getNodesToDaemonPods(includeDeletedTerminal=false)`). Borrowed and placed by
/// position: a sync at 5,000 nodes must neither copy every pod's key nor sort 5,000 names into
/// a tree, and every reader walks `scope` (every node, in name order, for `None`) in order.
/// The nodes of a partial scope are looked up one by one (or, when they are many more than the
/// DaemonSet's pods, each pod is found among them). Every node's pods are found in one walk
/// over the DaemonSet's pods, each placed by the node slot its index keys hold: hashing and
/// comparing node names, each a read of its own text across the heap, was a fifth of a
/// converge's cache misses.
fn daemon_pods_by_node<'s>(store: &'s Store, uid: &str, scope: Option<&'s [Rc<str>]>) -> NodeGroups<'s> {
    let owned = store.pod_count_owned_by(uid);
    let len = scope.map_or(store.nodes().len(), <[Rc<str>]>::len);
    let mut at = Vec::with_capacity(len);
    at.resize_with(len, NodePods::default);
    let mut elsewhere: Vec<(&str, &Pod)> = Vec::new();
    let counted = |pod: &Pod| !(pod.is_terminal() && pod.meta.deletion_ms.is_some());
    match scope {
        Some(nodes) if nodes.len() >= owned * 8 => {
            // Few pods for many nodes (a DaemonSet on a few nodes, after a change to every
            // node): each pod is found in `scope`, which `DirtyNodes::take_nodes` sorted.
            store.each_pod_owned_by_with_target(uid, |pod, target| {
                let found = target.and_then(|(t, _)| nodes.binary_search_by(|n| (**n).cmp(t)).ok());
                if let Some(i) = found.filter(|_| counted(pod)) {
                    at[i].push(pod);
                }
            });
        }
        Some(nodes) => {
            store.each_pod_targeting_owned_by(nodes, uid, |i, pod| {
                if counted(pod) {
                    at[i].push(pod);
                }
            });
        }
        None => {
            let positions = store.node_positions();
            store.each_pod_owned_by_with_target(uid, |pod, target| {
                debug_assert_eq!(target.map(|t| t.0), pod.target_node());
                match target.filter(|_| counted(pod)) {
                    // (A slot the keys hold is a live node's: `positions` has it.)
                    Some((_, Some(slot))) => {
                        debug_assert!(positions.get(slot).is_some_and(|&p| p > 0), "node slot {slot} has no position");
                        if let Some(pods) = positions.get(slot).and_then(|&p| at.get_mut(p.wrapping_sub(1))) {
                            pods.push(pod);
                        }
                    }
                    Some((name, None)) => elsewhere.push((name, pod)),
                    None => {}
                }
            });
        }
    }
    for pods in &mut at {
        if let NodePods::Many(pods) = pods {
            crate::order::sort_by(pods, |a, b| pod_order(a, b));
        }
    }
    crate::order::sort_by(&mut elsewhere, |a, b| a.0.cmp(b.0).then_with(|| pod_order(a.1, b.1)));
    let mut groups = NodeGroups { at, elsewhere: Vec::new() };
    for (name, pod) in elsewhere {
        match groups.elsewhere.last_mut() {
            Some((last, pods)) if *last == name => pods.push(pod),
            _ => groups.elsewhere.push((name, NodePods::One([pod]))),
        }
    }
    groups
}

/// A DaemonSet's pods grouped by target node (`daemon_pods_by_node`).
struct NodeGroups<'s> {
    /// By the node's position in the scope asked about.
    at: Vec<NodePods<'s>>,
    /// The pods for nodes that are gone, by node in name order, when the scope was every node
    /// (a partial scope's gone nodes are in it).
    elsewhere: Vec<(&'s str, NodePods<'s>)>,
}

impl<'s> NodeGroups<'s> {
    fn get(&self, at: usize) -> &[&'s Pod] {
        self.at.get(at).map(NodePods::as_slice).unwrap_or_default()
    }
    fn take(&mut self, at: usize) -> NodePods<'s> {
        self.at.get_mut(at).map(std::mem::take).unwrap_or_default()
    }
}

/// A node's daemon pods. Nearly every node has one, and one needs no allocation: a sync at
/// 5,000 nodes groups pods three times.
#[derive(Debug)]
enum NodePods<'s> {
    One([&'s Pod; 1]),
    Many(Vec<&'s Pod>),
}

impl<'s> Default for NodePods<'s> {
    fn default() -> Self {
        NodePods::Many(Vec::new())
    }
}

impl<'s> NodePods<'s> {
    fn push(&mut self, pod: &'s Pod) {
        match self {
            NodePods::One([first]) => *self = NodePods::Many(vec![*first, pod]),
            // (Empty, as every node's starts: `Many` holds no allocation until a second pod.)
            NodePods::Many(pods) if pods.is_empty() => *self = NodePods::One([pod]),
            NodePods::Many(pods) => pods.push(pod),
        }
    }
    fn as_slice(&self) -> &[&'s Pod] {
        match self {
            NodePods::One(one) => one,
            NodePods::Many(pods) => pods,
        }
    }
    fn as_mut_slice(&mut self) -> &mut [&'s Pod] {
        match self {
            NodePods::One(one) => one,
            NodePods::Many(pods) => pods,
        }
    }
}

/// `findUpdatedPodsOnNode`: the (new, old) live pods of a node, in `pod_order`; `None` when it
/// has more than one of either.
fn updated_pods_on_node<'p>(pods: &mut [&'p Pod], hash: &str, tg: i64) -> Option<(Option<&'p Pod>, Option<&'p Pod>)> {
    crate::order::sort_by(pods, |a, b| pod_order(a, b));
    let (mut new, mut old) = (None, None);
    for pod in pods.iter().copied() {
        if pod.meta.deletion_ms.is_some() {
            continue;
        }
        let slot = if is_pod_updated(pod, hash, tg) { &mut new } else { &mut old };
        if slot.is_some() {
            return None;
        }
        *slot = Some(pod);
    }
    Some((new, old))
}

/// A revision's daemon pod spec and the scheduling facts derived from it, shared by its pods,
/// and the metadata they start from (labels, annotations, owner, generateName): a pod's own
/// is this with its name, uid and times, so a creation builds no labels of its own.
#[derive(Clone, Debug)]
pub(crate) struct DaemonPodSpec {
    pub(crate) spec: Rc<Value>,
    pub(crate) sched: Rc<PodScheduling>,
    pub(crate) meta: Meta,
    /// The generation `meta`'s labels name.
    pub(crate) template_generation: i64,
}

/// The pod spec shared by a revision's daemon pods: the template's, with the automatic
/// tolerations and the apiserver's pod defaults, and without required node affinity (each pod
/// gets its own node pin in its place).
///
/// The Priority admission plugin runs on it against `store`'s PriorityClasses (the spec holds
/// the priority it sets); its refusal is the error, and no pod is created.
pub(crate) fn daemon_pod_spec(
    template: &Value,
    store: &Store,
    namespace: &str,
) -> Result<(Rc<Value>, Rc<PodScheduling>), String> {
    let mut spec = template.get("spec").cloned().unwrap_or(json!({}));
    crate::priority::admit_pod(store, &mut spec)?;
    let template_tolerations: Vec<Toleration> = spec
        .get("tolerations")
        .and_then(Value::as_array)
        .map(|t| t.iter().map(Toleration::from_json).collect())
        .unwrap_or_default();
    let host_network = spec.get("hostNetwork").and_then(Value::as_bool).unwrap_or(false);
    let tolerations = with_daemon_tolerations(&template_tolerations, host_network);
    if let Some(m) = spec.as_object_mut() {
        m.insert("tolerations".into(), Value::Array(tolerations.iter().map(Toleration::to_json).collect()));
        if let Some(na) = m.get_mut("affinity").and_then(|a| a.get_mut("nodeAffinity")).and_then(Value::as_object_mut) {
            na.remove("requiredDuringSchedulingIgnoredDuringExecution");
        }
    }
    // The pods are created through the apiserver, which defaults and admits them as pods.
    crate::validate::default_pod(&mut spec);
    let token = crate::serviceaccount::admit_pod(store, namespace, &mut spec);
    let sched = PodScheduling { service_account_token: token, ..PodScheduling::from_pod_spec(&spec) };
    Ok((Rc::new(spec), Rc::new(sched)))
}

fn allows_surge(strategy: &UpdateStrategy) -> bool {
    matches!(strategy, UpdateStrategy::RollingUpdate { max_surge, .. } if max_surge.scaled_round_up(1) > 0)
}

/// Re-derives the typed view of a DaemonSet's spec.
pub(crate) fn refresh_daemonset(ds: &mut DaemonSet) {
    let spec = &ds.spec;
    ds.selector = crate::validate::selector_from_json(&spec["selector"]).unwrap_or_default();
    let template_meta = spec.get("template").and_then(|t| t.get("metadata"));
    ds.template_labels = str_map(template_meta.and_then(|m| m.get("labels")));
    ds.template_annotations = str_map(template_meta.and_then(|m| m.get("annotations")));
    ds.sched = PodScheduling::from_pod_spec(&spec["template"]["spec"]);
    ds.daemon_tolerations = with_daemon_tolerations(&ds.sched.tolerations, ds.sched.host_network);
    ds.min_ready_seconds = spec.get("minReadySeconds").and_then(Value::as_i64).unwrap_or(0);
    ds.revision_history_limit = spec.get("revisionHistoryLimit").and_then(Value::as_i64).unwrap_or(10);
    ds.strategy = match spec.pointer("/updateStrategy/type").and_then(Value::as_str) {
        Some("OnDelete") => UpdateStrategy::OnDelete,
        _ => {
            let ru = &spec["updateStrategy"]["rollingUpdate"];
            UpdateStrategy::RollingUpdate {
                max_unavailable: IntOrPercent::from_json(&ru["maxUnavailable"]).unwrap_or(IntOrPercent::Int(1)),
                max_surge: IntOrPercent::from_json(&ru["maxSurge"]).unwrap_or(IntOrPercent::Int(0)),
            }
        }
    };
    ds.template_generation =
        ds.meta.annotations.get(TEMPLATE_GENERATION_ANNOTATION).and_then(|g| g.parse().ok()).unwrap_or(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_use_only_the_safe_alphabet_and_depend_on_the_template() {
        let a = compute_hash(&json!({"spec": {"containers": [{"image": "a"}]}}), None);
        let b = compute_hash(&json!({"spec": {"containers": [{"image": "b"}]}}), None);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| "456789bcdf".contains(c)), "{a}");
        assert_ne!(a, compute_hash(&json!({"spec": {"containers": [{"image": "a"}]}}), Some(1)));
    }

    /// A node's memory found by a hint is its own: after a node goes and another takes its
    /// slot, neither the new node nor the old hint finds the other's.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn node_memories_found_by_a_hint_are_their_nodes_own() {
        let mut c = crate::harness::Cluster::with_nodes(3);
        let runs = |m: &mut NodeMemory| m.placement.map(|p| p.should_run);
        let mut memories = NodeMemories::default();
        let before: Vec<NodeHint> = c.sim.world.store.node_hints().collect();
        for (i, (name, hint)) in ["n0", "n1", "n2"].into_iter().zip(&before).enumerate() {
            let should_run = i != 1;
            memories.at(name, *hint, &c.sim.world.store).placement =
                Some(Placement { should_run, should_continue_running: should_run });
        }
        assert_eq!(runs(memories.at("n1", before[1], &c.sim.world.store)), Some(false));
        let n0_slot = before[0].slot(&c.sim.world.store);
        c.sim.delete_node("n0").unwrap();
        c.sim.add_node("n9", &crate::sim::NodeShape::default()).unwrap();
        let store = &c.sim.world.store;
        let after: Vec<NodeHint> = store.node_hints().collect();
        assert_eq!(store.nodes().keys().collect::<Vec<_>>(), ["n1", "n2", "n9"]);
        // n9 took n0's slot: it has no memory yet, and n0's by its old hint is n0's.
        assert!(n0_slot.is_some());
        assert_eq!(after[2].slot(store), n0_slot);
        assert_eq!(runs(memories.at("n9", after[2], store)), None);
        assert_eq!(runs(memories.at("n0", before[0], store)), Some(true));
        assert_eq!(runs(memories.at("n1", after[0], store)), Some(false));
        assert_eq!(memories.get("n2").and_then(|m| m.placement).map(|p| p.should_run), Some(true));
    }

    #[test]
    fn rollout_classes_keep_their_counts_as_nodes_change() {
        use RollAction::*;
        let roll = |should_run, busy, available, action| NodeRoll { should_run, busy, available, action };
        let pod = |n: &str| format!("pod-{n}");
        let key = |n: &str| ("ns".to_string(), pod(n));
        let mut r = Rollout::default();
        // A node's part applied in turn; then (desired, busy, available, nodes kept).
        type Counts = (i64, i64, i64, usize);
        let steps: Vec<(&str, NodeRoll, Counts)> = vec![
            ("b", roll(true, false, true, Some(DeleteWithin(pod("b")))), (1, 0, 1, 1)),
            ("a", roll(true, false, true, Some(DeleteWithin(pod("a")))), (2, 0, 2, 2)),
            ("c", roll(true, true, false, None), (3, 1, 2, 3)),
            // The same again changes nothing.
            ("c", roll(true, true, false, None), (3, 1, 2, 3)),
            ("a", roll(true, false, false, Some(Delete(pod("a")))), (3, 1, 1, 3)),
            // A new available pod: the node stays (it should run) without an action.
            ("c", roll(true, false, true, None), (3, 0, 2, 3)),
            // A node that should run nothing and has nothing is forgotten.
            ("c", NodeRoll::default(), (2, 0, 1, 2)),
            // A gone node's stray pod: no placement, still counted.
            ("z", roll(false, true, false, None), (2, 1, 1, 3)),
            ("d", roll(true, false, false, Some(CreateWithin)), (3, 1, 1, 4)),
            ("e", roll(true, false, false, Some(Create)), (4, 1, 1, 5)),
        ];
        for (node, part, (desired, busy, available, kept)) in steps {
            r.set(node, part);
            assert_eq!(
                (r.desired, r.busy, r.available, r.nodes.len()),
                (desired, busy, available, kept),
                "after {node}"
            );
        }
        let none = IntOrPercent::Int(0);
        // Without surge: every unavailable old pod, then available ones while maxUnavailable
        // (at least 1) leaves room beyond the busy node z.
        assert_eq!(r.decide("ns", &none, 0).0, vec![key("a")]);
        assert_eq!(r.decide("ns", &IntOrPercent::Int(2), 0).0, vec![key("a"), key("b")]);
        // With surge: creations now, then budgeted ones while maxSurge leaves room beyond z.
        assert_eq!(r.decide("ns", &none, 1).1, vec!["e".to_string()]);
        assert_eq!(r.decide("ns", &none, 2).1, vec!["e".to_string(), "d".to_string()]);
    }

    #[test]
    fn pods_are_grouped_alike_by_node_slot_and_by_node_name() {
        type Seen = Vec<(String, Option<String>)>;
        let names = |pods: &[&Pod]| -> Seen {
            pods.iter().map(|p| (p.meta.name.clone(), p.node_name().map(str::to_string))).collect()
        };
        // Every node (by slot) against every node named (one by one), and against far more
        // names than pods (each pod found among them): the same, one pod per node, in order.
        let alike = |c: &Cluster, nodes: usize| {
            let store = &c.sim.world.store;
            let uid = &store.daemonsets().values().find(|d| d.meta.name == "agent").expect("agent").meta.uid;
            let every = daemon_pods_by_node(store, uid, None);
            let all: Vec<Rc<str>> = store.nodes().keys().map(|n| Rc::from(n.as_str())).collect();
            let named = daemon_pods_by_node(store, uid, Some(&all));
            let mut many: Vec<Rc<str>> =
                (0..64).map(|i| Rc::from(format!("n{i:02}"))).chain(all.iter().cloned()).collect();
            crate::order::sort(&mut many);
            let found = daemon_pods_by_node(store, uid, Some(&many));
            assert_eq!((every.at.len(), named.at.len()), (nodes, nodes));
            for (at, node) in all.iter().enumerate() {
                assert_eq!(names(every.get(at)).len(), 1, "{node}");
                assert_eq!(names(every.get(at)), names(named.get(at)));
                assert_eq!(names(every.get(at))[0].1.as_deref(), Some(&**node));
                let there = many.iter().position(|n| n == node).expect("named");
                assert_eq!(names(every.get(at)), names(found.get(there)));
            }
        };
        let mut c = Cluster::with_nodes(3);
        c.apply(&daemonset("agent", "a:1", "", "")).advance(5_000);
        // The pods' kept node slots hold: no node came or went since their last writes.
        alike(&c, 3);
        c.sim.delete_node("n1").expect("n1");
        // Slots looked up again by name; then n1's slot goes to a node that sorts last.
        alike(&c, 2);
        c.node("zz", &[], &[]);
        alike(&c, 3);
        let store = &c.sim.world.store;
        let uid = &store.daemonsets().values().find(|d| d.meta.name == "agent").expect("agent").meta.uid;
        let every = daemon_pods_by_node(store, uid, None);
        // The gone node's pod (the pod GC has not removed it yet): apart when every node is
        // asked about, in place when the scope names the node.
        assert_eq!(every.elsewhere.iter().map(|(n, p)| (*n, p.as_slice().len())).collect::<Vec<_>>(), [("n1", 1)]);
        let all: Vec<Rc<str>> = store.nodes().keys().map(|n| Rc::from(n.as_str())).collect();
        assert!(daemon_pods_by_node(store, uid, Some(&all)).elsewhere.is_empty());
        let scope: [Rc<str>; 2] = [Rc::from("n1"), Rc::from("n2")];
        let partial = daemon_pods_by_node(store, uid, Some(&scope));
        assert_eq!(names(partial.get(0)), names(every.elsewhere[0].1.as_slice()));
        assert_eq!(names(partial.get(1)), names(every.get(1)));
        assert!(partial.get(2).is_empty());
    }

    #[test]
    fn template_generation_labels_compare_as_printed() {
        for (label, n, want) in [
            ("3", 3, true),
            ("03", 3, false),
            ("+3", 3, false),
            ("3 ", 3, false),
            ("", 0, false),
            ("0", 0, true),
            ("-0", 0, false),
            ("-2", -2, true),
            ("9223372036854775807", i64::MAX, true),
            ("99999999999999999999", 1, false),
        ] {
            assert_eq!(is_decimal_of(label, n), want, "{label:?} vs {n}");
            assert_eq!(label == n.to_string(), want, "table row {label:?} is wrong");
        }
    }

    #[test]
    fn percentages_round_up_like_upstream() {
        let table = [
            (IntOrPercent::Percent(50), 3, 2),
            (IntOrPercent::Percent(30), 4, 2),
            (IntOrPercent::Percent(20), 4, 1),
            (IntOrPercent::Percent(100), 2, 2),
            (IntOrPercent::Int(1), 10, 1),
            (IntOrPercent::Percent(10), 10, 1),
        ];
        for (v, total, want) in table {
            assert_eq!(v.scaled_round_up(total), want, "{v:?} of {total}");
        }
    }

    // ---- The controller against a harness cluster (crate::harness) ----

    use crate::harness::{Cluster, daemonset};

    fn status_counts(c: &Cluster, name: &str) -> [i64; 6] {
        let s = c.status(name);
        [
            s.desired_number_scheduled,
            s.current_number_scheduled,
            s.updated_number_scheduled,
            s.number_ready,
            s.number_available,
            s.number_misscheduled,
        ]
    }

    #[test]
    fn a_fork_taken_in_the_middle_of_a_sync_counts_every_node_once_it_settles() {
        // A fork keeps no caches; the sync it inherits rebuilds one from that sync's nodes only,
        // so the fork's next sync must walk every node again.
        let mut c = Cluster::with_nodes(3);
        c.apply(&daemonset("agent", "a:1", "", "")).advance(5_000);
        c.sim.set_stepwise(true);
        c.sim.add_node("n3", &crate::sim::NodeShape::default()).expect("n3");
        while c.sim.daemons.sync_in_progress.is_none() {
            assert!(c.sim.step(), "the new node's pod is never created");
        }
        let mut fork = Cluster { sim: c.sim.clone() };
        fork.sim.set_stepwise(false);
        fork.advance(5_000);
        c.sim.set_stepwise(false);
        c.advance(5_000);
        assert_eq!(fork.status("agent").desired_number_scheduled, 4);
        assert_eq!(fork.status("agent"), c.status("agent"));
    }

    #[test]
    fn a_fork_changes_its_own_daemonsets_and_revisions_only() {
        // The store shares DaemonSets and revisions with its forks behind Rc: a write copies.
        let mut c = Cluster::with_nodes(2);
        c.apply(&daemonset("agent", "a:1", "", "")).advance(5_000);
        let before = c.status("agent");
        let revisions_before = c.sim.revisions_of("default", "agent").len();
        let mut fork = Cluster { sim: c.sim.clone() };
        fork.apply(&daemonset("agent", "a:2", "", "")).advance(60_000);
        assert_ne!(fork.status("agent"), before);
        assert_eq!(fork.sim.revisions_of("default", "agent").len(), revisions_before + 1);
        assert_eq!(c.status("agent"), before);
        assert_eq!(c.sim.revisions_of("default", "agent").len(), revisions_before);
        fork.sim.delete_daemonset("default", "agent", crate::sim::Cascade::Orphan).expect("deleted");
        // Orphaning in the fork strips the fork's revisions' owner, not the original's.
        assert_eq!(c.sim.revisions_of("default", "agent").len(), revisions_before);
    }

    #[test]
    fn manage_places_one_pod_on_each_node_that_should_run_one() {
        let mut c = Cluster::with_nodes(2);
        c.node("gpu-a", &[("pool", "gpu")], &[]).node("gpu-b", &[("pool", "gpu")], &["gpu=true:NoSchedule"]);
        c.apply(&daemonset("sel", "a:1", "", "      nodeSelector: {pool: gpu}\n"));
        // nodeSelector first, then taints: the tainted gpu node is left out (shouldRun false).
        assert_eq!(c.nodes_of("sel"), ["gpu-a"]);
        c.apply(&daemonset("tol", "a:1", "", "      tolerations: [{key: gpu, operator: Exists}]\n"));
        assert_eq!(c.nodes_of("tol"), ["gpu-a", "gpu-b", "n0", "n1"]);
        // Created, not yet started: desired and current count them, ready does not.
        assert_eq!(status_counts(&c, "tol"), [4, 4, 4, 0, 0, 0]);
        c.advance(5_000);
        assert_eq!(status_counts(&c, "tol"), [4, 4, 4, 4, 4, 0]);
        assert!(c.pods_of("tol").iter().all(|p| p.phase == "Running" && p.ready));
    }

    #[test]
    fn manage_removes_the_pod_from_a_node_that_stops_qualifying_and_adds_one_to_a_new_node() {
        let mut c = Cluster::with_nodes(0);
        c.node("a", &[("pool", "gpu")], &[]).node("b", &[("pool", "gpu")], &[]);
        c.apply(&daemonset("agent", "a:1", "", "      nodeSelector: {pool: gpu}\n")).advance(5_000);
        assert_eq!(status_counts(&c, "agent"), [2, 2, 2, 2, 2, 0]);
        let mut labels = c.sim.world.store.nodes().get("b").expect("b").meta.labels.as_ref().clone();
        labels.remove("pool");
        c.sim.set_node_labels("b", labels).expect("label");
        // The pod on b is deleted at once (graceful: it terminates, then goes).
        assert!(c.pods_of("agent").iter().any(|p| p.node == "b" && p.terminating));
        assert_eq!(c.status("agent").desired_number_scheduled, 1);
        c.advance(35_000);
        assert_eq!(c.nodes_of("agent"), ["a"]);
        c.node("c", &[("pool", "gpu")], &[]);
        assert_eq!(c.nodes_of("agent"), ["a", "c"]);
        assert!(c.reasons_for("agent").iter().filter(|r| *r == "SuccessfulCreate").count() >= 1);
        assert!(c.reasons_for("agent").contains(&"SuccessfulDelete".to_string()));
    }

    /// Steps a rollout 1 s at a time until every pod has the newest hash, checking after
    /// each step that at most `max_unavailable` nodes lack an available pod and at most
    /// `max_pods` pods exist on one node. Returns the steps taken and the most pods seen on
    /// one node.
    fn roll(c: &mut Cluster, name: &str, max_unavailable: usize, max_pods: usize) -> (usize, usize) {
        let nodes = c.sim.world.store.nodes().len();
        let newest = |c: &Cluster| {
            c.sim
                .revisions_of("default", name)
                .last()
                .and_then(|r| r.meta.labels.get(HASH_LABEL).cloned())
                .expect("a revision")
        };
        let hash = newest(c);
        let mut most = 0;
        for step in 1..=600 {
            c.advance(1_000);
            let pods = c.pods_of(name);
            let unavailable = c
                .sim
                .world
                .store
                .nodes()
                .keys()
                .filter(|n| !pods.iter().any(|p| &p.node == *n && p.ready && !p.terminating))
                .count();
            assert!(unavailable <= max_unavailable, "step {step}: {unavailable} nodes unavailable: {pods:?}");
            for n in c.sim.world.store.nodes().keys() {
                let on = pods.iter().filter(|p| &p.node == n).count();
                assert!(on <= max_pods, "step {step}: {on} pods on {n}");
                most = most.max(on);
            }
            if pods.len() == nodes && pods.iter().all(|p| p.hash == hash && p.ready) {
                return (step, most);
            }
        }
        panic!("the rollout did not finish: {:?}", c.pods_of(name));
    }

    #[test]
    fn rolling_update_without_surge_takes_down_at_most_max_unavailable_nodes() {
        let mut c = Cluster::with_nodes(4);
        let spec = "  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 2}}\n";
        c.apply(&daemonset("agent", "a:1", spec, "")).advance(5_000);
        c.apply(&daemonset("agent", "a:2", spec, ""));
        let (steps, most) = roll(&mut c, "agent", 2, 1);
        // Two waves of two nodes: each a stop (2 s) and a start (2 s).
        assert!(steps <= 12, "{steps} s");
        assert_eq!(most, 1, "without surge a node never runs two pods");
        assert_eq!(status_counts(&c, "agent"), [4, 4, 4, 4, 4, 0]);
    }

    #[test]
    fn rolling_update_with_surge_starts_the_new_pod_before_the_old_one_goes() {
        let mut c = Cluster::with_nodes(3);
        let spec = "  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n";
        c.apply(&daemonset("agent", "a:1", spec, "")).advance(5_000);
        c.apply(&daemonset("agent", "a:2", spec, ""));
        let (_, most) = roll(&mut c, "agent", 0, 2);
        assert_eq!(most, 2, "the surge pod runs beside the old one");
        c.advance(5_000);
        assert_eq!(c.pods_of("agent").len(), 3);
    }

    #[test]
    fn on_delete_changes_a_pod_only_when_it_is_deleted() {
        let mut c = Cluster::with_nodes(2);
        let spec = "  updateStrategy: {type: OnDelete}\n";
        c.apply(&daemonset("agent", "a:1", spec, "")).advance(5_000);
        let old = c.pods_of("agent");
        c.apply(&daemonset("agent", "a:2", spec, "")).advance(60_000);
        assert_eq!(c.pods_of("agent"), old);
        assert_eq!(c.status("agent").updated_number_scheduled, 0);
        let pod =
            c.sim.world.store.pods().values().find(|p| p.target_node() == Some("n0")).expect("pod").meta.name.clone();
        c.sim.delete_pod("default", &pod).expect("delete");
        c.advance(10_000);
        let now = c.pods_of("agent");
        assert_ne!(now[0].hash, old[0].hash, "n0 runs the new template");
        assert_eq!(now[1], old[1], "n1 keeps the old one");
        assert_eq!(c.status("agent").updated_number_scheduled, 1);
    }

    #[test]
    fn history_keeps_one_revision_per_template_and_undo_reuses_the_old_one() {
        let mut c = Cluster::with_nodes(1);
        for image in ["a:1", "a:2", "a:3"] {
            c.apply(&daemonset("agent", image, "", "")).advance(10_000);
        }
        let revisions = |c: &Cluster| -> Vec<(i64, String)> {
            c.sim
                .revisions_of("default", "agent")
                .iter()
                .map(|r| (r.revision, r.meta.labels.get(HASH_LABEL).cloned().unwrap_or_default()))
                .collect()
        };
        let before = revisions(&c);
        assert_eq!(before.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2, 3]);
        // Undo to revision 1: no new revision; the old one is renumbered to 4 (dedupCurRevisions
        // keeps one revision per template, the newest number).
        assert_eq!(c.sim.rollout_undo("default", "agent", 1), Ok(None));
        c.advance(10_000);
        let after = revisions(&c);
        assert_eq!(after, [(2, before[1].1.clone()), (3, before[2].1.clone()), (4, before[0].1.clone())]);
        assert!(c.pods_of("agent").iter().all(|p| p.hash == before[0].1));
        // The template is revision 1's again, but its generation is the fourth: new pods say so
        // (the shared pod metadata made for revision 1's pods is not reused as it was).
        let generations: Vec<String> =
            c.sim.world.store.pods().values().filter_map(|p| p.meta.labels.get(GENERATION_LABEL).cloned()).collect();
        assert_eq!(generations, ["4"]);
        // The same template again is a no-op: the revision it is at already.
        assert_eq!(c.sim.rollout_undo("default", "agent", 4), Ok(Some(4)));
    }
}
