//! The object store (the apiserver's role): objects by kind, namespace and name, resource
//! versions, and the indexes the controllers need (pods by owner, by node, unbound). All maps
//! are ordered so that anything iterated into output is deterministic.
//!
//! The object maps are private: reads go through accessors and every write through a method
//! here, which keeps the indexes right and stamps the change journal. The journal is what lets
//! a renderer rebuild only what changed (see `view_build.rs`): a write that can change a node's
//! tile (the node, or a pod bound to or aimed at it) stamps that node with the next change
//! number; DaemonSet and revision writes stamp the DaemonSets; event writes stamp the events.
//! Stamps are not resourceVersions: they never appear in output.

use crate::fasthash::{FastMap, FastSet};
use crate::objects::{ControllerRevision, DaemonSet, Event, GenericObject, Node, OwnerReference, Pod, Shared};
use std::borrow::Borrow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::hash::Hash;
use std::ops::RangeBounds;
use std::rc::Rc;

pub type Key = (String, String);

/// Objects by key, in key order, held in slots. The pods' and nodes' lookups (`find`) go by
/// the key's hash: a B-tree search compares a dozen or more keys as strings, and those
/// comparisons were a third of a 5,000-node converge. The hash map holds no copy of the key:
/// the value in the slot confirms it (it carries its name), so an entry is two words, and a
/// lookup reads no key text but the object's own, which its caller reads next anyway.
#[derive(Clone)]
pub struct Table<K, V> {
    /// Slots by key: walked for output, and searched by the lookups of the few other users.
    order: BTreeMap<K, usize>,
    /// Slots by the hash of their key (`hash_of`).
    by_hash: FastMap<u64, usize>,
    /// Keys whose hash an earlier key's entry holds in `by_hash`. Names are user input, and
    /// the hash is no defence against a chosen collision: such a key is found here.
    collided: BTreeMap<K, usize>,
    /// Shared with forks (`Simulation` is `Clone` for previews): a fork copies pointers, and
    /// a write copies only the object it changes (`Rc::make_mut`).
    slots: Vec<Option<Rc<V>>>,
    free: Vec<usize>,
    /// The slot the last `find` answered: see there.
    last: Cell<usize>,
}

impl<K, V> Default for Table<K, V> {
    fn default() -> Self {
        Table {
            order: BTreeMap::new(),
            by_hash: FastMap::default(),
            collided: BTreeMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            last: Cell::new(0),
        }
    }
}

fn hash_of<Q: Hash + ?Sized>(key: &Q) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<crate::fasthash::FxHasher>::default().hash_one(key)
}

impl<K: Ord + Hash + Clone, V: Clone> Table<K, V> {
    /// A lookup by a B-tree search (namespaces, tests); `NodeTable` and `PodTable` have
    /// their own, by hash.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.order.get(key).and_then(|&i| self.slot(i))
    }
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.order.contains_key(key)
    }
    pub fn len(&self) -> usize {
        self.order.len()
    }
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> {
        self.order.iter().filter_map(|(k, &i)| Some((k, self.slot(i)?)))
    }
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> {
        self.order.keys()
    }
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }
    pub fn range<Q: Ord + ?Sized>(&self, range: impl RangeBounds<Q>) -> impl DoubleEndedIterator<Item = (&K, &V)>
    where
        K: Borrow<Q>,
    {
        self.order.range(range).filter_map(|(k, &i)| Some((k, self.slot(i)?)))
    }
    fn slot(&self, i: usize) -> Option<&V> {
        self.slots.get(i).and_then(Option::as_deref)
    }
    fn slot_mut(&mut self, i: usize) -> Option<&mut V> {
        Some(Rc::make_mut(self.slots.get_mut(i)?.as_mut()?))
    }
    /// The slot of `key`, the slot of the last answer tried first: `is_key` tells whether a
    /// value is the one `key` names (pods and nodes carry their names). A pod is looked up by
    /// the same key several times in a row (scheduled, bound, admitted by the kubelet, each
    /// write stamping its node), and hashing and probing were a quarter of a converge.
    fn find<Q: Hash + Ord + ?Sized>(&self, key: &Q, is_key: impl Fn(&V) -> bool) -> Option<usize>
    where
        K: Borrow<Q>,
    {
        self.find_from(usize::MAX, key, is_key)
    }
    /// `find`, trying `hint` first: the slot a caller saw the object in (a queue's or a
    /// timer's); any slot may be given, and the answer is still the one `key` names.
    fn find_from<Q: Hash + Ord + ?Sized>(&self, hint: usize, key: &Q, is_key: impl Fn(&V) -> bool) -> Option<usize>
    where
        K: Borrow<Q>,
    {
        if let Some(at) = [hint, self.last.get()].into_iter().find(|&at| self.slot(at).is_some_and(&is_key)) {
            self.last.set(at);
            return Some(at);
        }
        let i = match self.by_hash.get(&hash_of(key)) {
            Some(&i) if self.slot(i).is_some_and(is_key) => i,
            _ => *self.collided.get(key)?,
        };
        self.last.set(i);
        Some(i)
    }
    /// Stores `value` under `key`; returns its slot and the value it replaced.
    fn insert(&mut self, key: K, value: V) -> (usize, Option<V>) {
        let value = Rc::new(value);
        let vacant = match self.order.entry(key) {
            std::collections::btree_map::Entry::Occupied(e) => {
                let i = *e.get();
                return (i, self.slots[i].replace(value).map(Rc::unwrap_or_clone));
            }
            std::collections::btree_map::Entry::Vacant(e) => e,
        };
        let i = match self.free.pop() {
            Some(i) => {
                self.slots[i] = Some(value);
                i
            }
            None => {
                self.slots.push(Some(value));
                self.slots.len() - 1
            }
        };
        let hash = hash_of(vacant.key());
        if let std::collections::hash_map::Entry::Vacant(e) = self.by_hash.entry(hash) {
            e.insert(i);
        } else {
            self.collided.insert(vacant.key().clone(), i);
        }
        vacant.insert(i);
        (i, None)
    }
    fn remove<Q: Ord + Hash + ?Sized>(&mut self, key: &Q) -> Option<(usize, V)>
    where
        K: Borrow<Q>,
    {
        let i = self.order.remove(key)?;
        let hash = hash_of(key);
        if self.by_hash.get(&hash) == Some(&i) {
            self.by_hash.remove(&hash);
        } else {
            self.collided.remove(key);
        }
        let value = self.slots.get_mut(i)?.take()?;
        self.free.push(i);
        Some((i, Rc::unwrap_or_clone(value)))
    }
}

impl<K: Ord + Hash + Clone + Borrow<Q>, V: Clone, Q: Ord + ?Sized> std::ops::Index<&Q> for Table<K, V> {
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for key")
    }
}

/// Pods by key, in key order, held in slots: the indexes remember a pod's slot with its key,
/// so a controller that walks a DaemonSet's 5,000 pods reaches each one directly.
#[derive(Clone, Default)]
pub struct PodTable(Table<PodKey, PodEntry>);

/// A pod's key as the pod table orders it. Natively it is held with the first 16 bytes of
/// `namespace \0 name` as a number (`key_head`) and ordered by that first: the order of the
/// keys themselves (no name holds a `\0`), but a converge's 5,000 insertions compare numbers
/// in the tree's nodes instead of two strings each across the heap (1,400 instructions an
/// insertion, a twentieth of the converge). Lookups by `Key` still compare keys (it borrows
/// as one); they go by hash (`Table::find`). The page keeps the plain key: a key type of its
/// own costs its size budget more than it has.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone)]
struct PodKey {
    head: u128,
    key: Key,
}

#[cfg(target_arch = "wasm32")]
type PodKey = Key;

/// The first 16 bytes of `namespace \0 name`, as a number ordered as the keys are.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn key_head((namespace, name): &Key) -> u128 {
    crate::order::head(namespace.bytes().chain([0]).chain(name.bytes()))
}

#[cfg(target_arch = "wasm32")]
fn pod_key(key: Key) -> PodKey {
    key
}
#[cfg(target_arch = "wasm32")]
fn key_of(key: &PodKey) -> &Key {
    key
}
#[cfg(not(target_arch = "wasm32"))]
fn key_of(key: &PodKey) -> &Key {
    &key.key
}
#[cfg(not(target_arch = "wasm32"))]
fn pod_key(key: Key) -> PodKey {
    PodKey { head: key_head(&key), key }
}

// Equality, hash and order agree with the key's (`Borrow<Key>` asks that): the head is the
// key's own prefix.
#[cfg(not(target_arch = "wasm32"))]
impl PartialEq for PodKey {
    fn eq(&self, other: &Self) -> bool {
        self.head == other.head && self.key == other.key
    }
}
#[cfg(not(target_arch = "wasm32"))]
impl Eq for PodKey {}
#[cfg(not(target_arch = "wasm32"))]
impl std::hash::Hash for PodKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}
#[cfg(not(target_arch = "wasm32"))]
impl Ord for PodKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.head.cmp(&other.head).then_with(|| self.key.cmp(&other.key))
    }
}
#[cfg(not(target_arch = "wasm32"))]
impl PartialOrd for PodKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
#[cfg(not(target_arch = "wasm32"))]
impl Borrow<Key> for PodKey {
    fn borrow(&self) -> &Key {
        &self.key
    }
}

/// A pod table entry: the pod's index keys, then the pod. (In this order, `repr(C)`: the keys
/// are read with the head of the pod, where the fields its writers and readers touch are; see
/// `Pod`.)
#[derive(Clone)]
#[repr(C)]
struct PodEntry {
    keys: IndexKeys,
    pod: Pod,
}

/// Slots of the pods on (or aimed at) one node, in key order: a node has a handful, and
/// most one, which is held in place (each of a converge's 10,000 entries was an allocation of
/// one slot, and a read of it another cache line).
#[derive(Clone, Debug)]
enum NodePodSlots {
    One(usize),
    Many(Vec<usize>),
}

impl NodePodSlots {
    fn as_slice(&self) -> &[usize] {
        match self {
            NodePodSlots::One(slot) => std::slice::from_ref(slot),
            NodePodSlots::Many(slots) => slots,
        }
    }
    fn insert(&mut self, at: usize, slot: usize) {
        match self {
            NodePodSlots::One(one) => {
                let mut slots = vec![*one];
                slots.insert(at, slot);
                *self = NodePodSlots::Many(slots);
            }
            NodePodSlots::Many(slots) => slots.insert(at, slot),
        }
    }
    /// Takes `slot` out, back into place when one is left; whether none are left (the caller
    /// then drops the entry: a `One` holding `slot` is left as it was).
    fn remove(&mut self, slot: usize) -> bool {
        match self {
            NodePodSlots::One(one) => *one == slot,
            NodePodSlots::Many(slots) => {
                slots.retain(|&s| s != slot);
                if let [one] = slots[..] {
                    *self = NodePodSlots::One(one);
                }
                matches!(self, NodePodSlots::Many(slots) if slots.is_empty())
            }
        }
    }
}

/// The slots an index holds for `node`: none when it has no entry.
fn slots_of<'m>(map: &'m FastMap<Rc<str>, NodePodSlots>, node: &str) -> &'m [usize] {
    map.get(node).map(NodePodSlots::as_slice).unwrap_or_default()
}

/// Whether a pod table entry is the pod `key` names.
fn is_pod(key: &Key) -> impl Fn(&PodEntry) -> bool + '_ {
    move |PodEntry { pod, .. }| pod.meta.name == key.1 && pod.meta.namespace == key.0
}

impl PodTable {
    pub fn get(&self, key: &Key) -> Option<&Pod> {
        self.slot(self.0.find(key, is_pod(key))?)
    }
    pub fn contains_key(&self, key: &Key) -> bool {
        self.0.find(key, is_pod(key)).is_some()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Key, &Pod)> {
        self.0.iter().map(|(k, PodEntry { pod, .. })| (key_of(k), pod))
    }
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Key> {
        self.0.keys().map(key_of)
    }
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Pod> {
        self.iter().map(|(_, p)| p)
    }
    pub fn range(&self, range: impl RangeBounds<Key>) -> impl DoubleEndedIterator<Item = (&Key, &Pod)> {
        self.0.range::<Key>(range).map(|(k, PodEntry { pod, .. })| (key_of(k), pod))
    }
    fn slot(&self, i: usize) -> Option<&Pod> {
        self.0.slot(i).map(|PodEntry { pod, .. }| pod)
    }
    fn get_mut(&mut self, key: &Key) -> Option<(usize, &mut Pod, &mut IndexKeys)> {
        let i = self.0.find(key, is_pod(key))?;
        let PodEntry { keys, pod } = self.0.slot_mut(i)?;
        Some((i, pod, keys))
    }
    /// Stores a pod under `key` (replacing any pod there); returns its slot.
    fn insert(&mut self, key: Key, pod: Pod, keys: IndexKeys) -> usize {
        self.0.insert(pod_key(key), PodEntry { keys, pod }).0
    }
    fn remove(&mut self, key: &Key) -> Option<(usize, Pod, IndexKeys)> {
        let (i, PodEntry { keys, pod }) = self.0.remove(key)?;
        Some((i, pod, keys))
    }
}

/// Nodes by name, in name order, held in slots (a `Table` whose lookups try the last answer
/// first: a pod's writes stamp its node, one lookup of the same name after another).
#[derive(Clone, Default)]
pub struct NodeTable(
    Table<String, Node>,
    NodeEpoch,
    #[cfg(not(target_arch = "wasm32"))] ViewStamps,
    #[cfg(not(target_arch = "wasm32"))] NodePositions,
);

/// Natively, each node's position in name order by its slot (`Store::node_positions`), as
/// last worked out, with the node set it holds for: working them out walks every entry of
/// the node set's B-tree, cold, and a converge's three syncs each asked for them.
#[cfg(not(target_arch = "wasm32"))]
type NodePositions = std::cell::RefCell<(NodeEpoch, Rc<[usize]>)>;

/// Per node slot, natively, the change number of the last write to its node or to a pod
/// bound to or aimed at it (see `Stamps`). Held beside the nodes, not in them: each pod write
/// stamps its node, and a converge's 5,000 pod creations each read a node nothing else read
/// then (a cold read of a large object; in a fork, a copy of a shared one): a twentieth of
/// the converge. The page keeps the stamp in the node (`Node::view_stamp`): the side list
/// costs its size budget more than it has.
#[cfg(not(target_arch = "wasm32"))]
type ViewStamps = Vec<u64>;

/// Which node set a slot was found in: it moves on each node added or removed, and a slot
/// found in an earlier set is looked up again by name (a removed node's slot is reused).
pub(crate) type NodeEpoch = u64;

impl std::ops::Deref for NodeTable {
    type Target = Table<String, Node>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl NodeTable {
    /// The slot of the node `name` (a node carries its name: `Table::find`).
    fn find(&self, name: &str) -> Option<usize> {
        self.0.find(name, |n: &Node| n.meta.name == name)
    }
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.0.slot(self.find(name)?)
    }
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_some()
    }
    fn get_mut(&mut self, name: &str) -> Option<&mut Node> {
        let i = self.find(name)?;
        self.0.slot_mut(i)
    }
    /// The slot of `name` now, to be kept with the node set it holds for.
    fn slot_of(&self, name: &str) -> NodeSlot {
        Some((self.1, self.find(name)))
    }
    /// The slot of `name` now: the kept one while the node set is the one it was found in.
    fn current_slot(&self, kept: NodeSlot, name: &str) -> Option<usize> {
        match kept {
            Some((epoch, slot)) if epoch == self.1 => slot,
            _ => self.find(name),
        }
    }
    /// The node a kept slot names: by the slot while the node set is the one it was found in,
    /// else by `name`.
    fn at(&self, kept: NodeSlot, name: &str) -> Option<&Node> {
        self.0.slot(self.current_slot(kept, name)?)
    }
    #[cfg(target_arch = "wasm32")]
    fn at_mut(&mut self, kept: NodeSlot, name: &str) -> Option<&mut Node> {
        let i = self.current_slot(kept, name)?;
        self.0.slot_mut(i)
    }
    #[cfg(target_arch = "wasm32")]
    fn insert(&mut self, node: Node) {
        self.1 += 1;
        self.0.insert(node.meta.name.clone(), node);
    }
    /// Stores `node`, stamped `stamp`.
    #[cfg(not(target_arch = "wasm32"))]
    fn insert(&mut self, node: Node, stamp: u64) {
        self.1 += 1;
        let (i, _) = self.0.insert(node.meta.name.clone(), node);
        if self.2.len() <= i {
            self.2.resize(i + 1, 0);
        }
        self.2[i] = stamp;
    }
    /// Stamps the node in slot `i` without reading or writing the node (`ViewStamps`).
    #[cfg(not(target_arch = "wasm32"))]
    fn stamp(&mut self, i: usize, stamp: u64) {
        if let Some(s) = self.2.get_mut(i) {
            *s = stamp;
        }
    }
    /// Each node with its view stamp: the change number of the last write to it or to a pod
    /// bound to or aimed at it (see `Stamps`), in name order.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_view_stamps(&self) -> impl Iterator<Item = (u64, &Node)> {
        let Table { order, slots, .. } = &self.0;
        order.values().filter_map(|&i| Some((*self.2.get(i)?, slots.get(i)?.as_deref()?)))
    }
    #[cfg(target_arch = "wasm32")]
    pub fn with_view_stamps(&self) -> impl Iterator<Item = (u64, &Node)> {
        self.0.iter().map(|(_, n)| (n.view_stamp, n))
    }
    fn remove(&mut self, name: &str) -> Option<Node> {
        self.1 += 1;
        self.0.remove(name).map(|(_, node)| node)
    }
}

/// A node's slot as found in a node set (`NodeEpoch`), `None` inside when it had no such
/// node; `None` when not looked up yet.
type NodeSlot = Option<(NodeEpoch, Option<usize>)>;

/// Where a node was in the node set a reader walked, for a later look at it to skip its
/// lookup by name while no node came or went since (`insert_pod_for`, a sync's memory of its
/// nodes: `daemon::NodeMemories`). A hint goes with the name it was taken for, and only with
/// it. The default is no hint. (Natively: see `daemon::ScopeNode`.)
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NodeHint(NodeSlot);

/// The page takes no hints: readers that take one are given this, which holds nothing.
#[cfg(target_arch = "wasm32")]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NodeHint;

impl NodeHint {
    /// No hint: the node is looked up by name.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) const NONE: NodeHint = NodeHint(None);
    #[cfg(target_arch = "wasm32")]
    pub(crate) const NONE: NodeHint = NodeHint;
}

#[cfg(not(target_arch = "wasm32"))]
impl NodeHint {
    /// The slot of the node this hint was taken for, while `store`'s node set is the one it
    /// was taken in.
    pub(crate) fn slot(self, store: &Store) -> Option<usize> {
        match self.0 {
            Some((epoch, slot)) if epoch == store.nodes.1 => slot,
            _ => None,
        }
    }
}

/// What the indexes file a pod under.
#[derive(Clone, Debug)]
struct IndexKeys {
    /// Its owner references, shared with the pod (a daemon pod's with its DaemonSet's other
    /// pods): its controller's uid is read there, and nothing is copied per pod.
    owners: Shared<Vec<OwnerReference>>,
    /// The node it is bound to. (Shared with the pod: no copy per index entry.)
    node: Option<Rc<str>>,
    /// The node it is for: bound, or pinned by node affinity while pending.
    target: Option<Rc<str>>,
    /// The target node's slot: a pod's every write stamps that node, and the scheduler and
    /// the kubelet read it, each a lookup by name (a cold one per pod of a converge) but
    /// the first.
    target_slot: NodeSlot,
}

/// The keys the indexes file `pod` under; `prior`, the keys they filed it under.
fn index_keys(pod: &Pod, prior: Option<&IndexKeys>) -> IndexKeys {
    IndexKeys {
        owners: pod.meta.owner_references.clone(),
        node: pod.node_names().0.cloned(),
        target: pod.node_names().1.cloned(),
        // (A binding keeps the target, and where it was found.)
        target_slot: prior.filter(|k| k.target.as_ref() == pod.node_names().1).and_then(|k| k.target_slot),
    }
}

impl IndexKeys {
    /// The uid of the pod's controller.
    fn owner(&self) -> Option<&str> {
        crate::objects::controller_of(&self.owners).map(|r| r.uid.as_str())
    }
}

/// Looks up the target's slot if it is not known in the current node set.
fn find_target_slot(nodes: &NodeTable, keys: &mut IndexKeys) {
    if let Some(t) = &keys.target
        && !matches!(keys.target_slot, Some((epoch, _)) if epoch == nodes.1)
    {
        keys.target_slot = nodes.slot_of(t);
    }
}

/// Stamps what a pod with `keys` shows on: its node and target node, or the unbound list.
/// (`bound`: how many more pods the index holds as bound to the pod's node: its
/// `pods_bound` follows, in the same visit.)
fn stamp_pod_keys(nodes: &mut NodeTable, stamps: &mut Stamps, keys: &IndexKeys, bound: i64) {
    fn stamp_node(nodes: &mut NodeTable, stamps: &mut Stamps, name: &str, kept: NodeSlot, bound: i64) {
        let n = stamps.next();
        // (Natively, a pod aimed at the node, or written where it is, leaves the node as it
        // is: its stamp is beside it.)
        #[cfg(not(target_arch = "wasm32"))]
        let node = {
            let Some(i) = nodes.current_slot(kept, name) else { return };
            nodes.stamp(i, n);
            if bound == 0 {
                return;
            }
            nodes.0.slot_mut(i)
        };
        #[cfg(target_arch = "wasm32")]
        let node = nodes.at_mut(kept, name);
        if let Some(node) = node {
            #[cfg(target_arch = "wasm32")]
            {
                node.view_stamp = n;
            }
            let count = i64::from(node.pods_bound) + bound;
            debug_assert!(count >= 0, "{name}: fewer than no pods bound");
            node.pods_bound = count as u32;
        }
    }
    let IndexKeys { node, target, target_slot, .. } = keys;
    match node {
        Some(node) if target.as_ref() == Some(node) => stamp_node(nodes, stamps, node, *target_slot, bound),
        Some(node) => stamp_node(nodes, stamps, node, None, bound),
        None => stamps.unbound = stamps.next(),
    }
    if let Some(target) = target
        && node.as_ref() != Some(target)
    {
        stamp_node(nodes, stamps, target, *target_slot, 0);
    }
}

/// Pods in key order (namespace, then name), without building keys.
fn pod_key_order(a: &Pod, b: &Pod) -> std::cmp::Ordering {
    (&a.meta.namespace, &a.meta.name).cmp(&(&b.meta.namespace, &b.meta.name))
}

/// Whether `keys` are still the pod's, without copying anything (most pod writes are status).
fn same_index_keys(pod: &Pod, keys @ IndexKeys { node, target, .. }: &IndexKeys) -> bool {
    // (Most writes leave the owner references as they were: the keys hold the same list.)
    (Shared::ptr_eq(&pod.meta.owner_references, &keys.owners)
        || pod.meta.controller_ref().map(|r| r.uid.as_str()) == keys.owner())
        && pod.node_name() == node.as_deref()
        && pod.target_node() == target.as_deref()
}

/// Change numbers of the last writes, by what they touched (see the module comment).
#[derive(Clone, Debug, Default)]
pub struct Stamps {
    /// The last change of any kind.
    pub any: u64,
    /// A node was added or removed.
    pub node_set: u64,
    /// A DaemonSet or ControllerRevision was written.
    pub daemonsets: u64,
    /// An event was recorded, folded or expired.
    pub events: u64,
    /// A pod without a node was written.
    pub unbound: u64,
    // Per node: `NodeTable::with_view_stamps`, the last write to it or to a pod bound to or aimed at it.
}

impl Stamps {
    /// The next change number, recorded as the last change of any kind.
    fn next(&mut self) -> u64 {
        self.any += 1;
        self.any
    }
}

#[derive(Clone, Default)]
pub struct Store {
    /// Namespaces by name, with their creation time. A `Table`, as the nodes are: its maps
    /// are the nodes' types, so the page's wasm holds no B-tree code of their own for them.
    namespaces: Table<String, i64>,
    nodes: NodeTable,
    pods: PodTable,
    /// Behind `Rc`, as the tables' objects are: a fork shares them, and every map of keys to
    /// pointers shares one copy of the B-tree's code in the page's wasm (a map per value
    /// type was about a kilobyte of gzip each).
    daemonsets: BTreeMap<Key, Rc<DaemonSet>>,
    revisions: BTreeMap<Key, Rc<ControllerRevision>>,
    /// In place, not each behind its own pointer: a converge records 20,000, and each was an
    /// allocation and a cache miss more. A fork copies them; their texts are shared.
    events: Vec<Event>,
    /// Other kinds, keyed by (kind, namespace, name).
    generic: BTreeMap<(String, String, String), GenericObject>,
    /// Pod slots by the uid of their controller, in no particular order: a DaemonSet's 5,000
    /// pods are grouped per node by their readers, and ordered there. Keeping them in key
    /// order cost a string-compared tree insert per pod. The index maps are only looked up.
    pods_by_owner: FastMap<String, FastSet<usize>>,
    /// Pods by the node they are bound to. Keyed by the name the pods share (`IndexKeys`):
    /// an entry costs no copy of it.
    pods_by_node: FastMap<Rc<str>, NodePodSlots>,
    /// Pods by the node they are for: bound, or pinned by node affinity while pending.
    pods_by_target: FastMap<Rc<str>, NodePodSlots>,
    /// Slots of the pods bound to no node, in no particular order.
    unbound: FastSet<usize>,
    resource_version: u64,
    stamps: Stamps,
    /// Writes to ControllerRevisions so far: a controller that derived something from the
    /// revisions can tell whether it still holds.
    revision_writes: u64,
}

impl Store {
    // ---- reads ----

    pub fn nodes(&self) -> &NodeTable {
        &self.nodes
    }
    pub fn pods(&self) -> &PodTable {
        &self.pods
    }
    pub fn daemonsets(&self) -> &BTreeMap<Key, Rc<DaemonSet>> {
        &self.daemonsets
    }
    pub fn revisions(&self) -> &BTreeMap<Key, Rc<ControllerRevision>> {
        &self.revisions
    }
    pub fn namespaces(&self) -> &Table<String, i64> {
        &self.namespaces
    }
    /// Other kinds, keyed by (kind, namespace, name).
    pub fn generic(&self) -> &BTreeMap<(String, String, String), GenericObject> {
        &self.generic
    }
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    pub fn stamps(&self) -> &Stamps {
        &self.stamps
    }
    pub fn revision_writes(&self) -> u64 {
        self.revision_writes
    }

    /// Keys of the pods `uid` controls, in key order.
    pub fn pod_keys_owned_by(&self, uid: &str) -> Vec<Key> {
        let mut keys: Vec<Key> = self.pods_owned_by(uid).map(|p| p.meta.key()).collect();
        crate::order::sort(&mut keys);
        keys
    }
    /// Keys of the pods bound to `node`, in key order.
    pub fn pod_keys_on_node(&self, node: &str) -> Vec<Key> {
        self.pods_on_node(node).map(|p| p.meta.key()).collect()
    }
    /// Keys of the pods bound to or aimed at `node`, in key order.
    pub fn pod_keys_targeting(&self, node: &str) -> Vec<Key> {
        self.pods_targeting(node).map(|p| p.meta.key()).collect()
    }
    /// Pods bound to no node, in key order.
    pub fn unbound_pods(&self) -> impl Iterator<Item = &Pod> {
        let mut pods: Vec<&Pod> = self.unbound.iter().filter_map(|&i| self.pods.slot(i)).collect();
        crate::order::sort_by(&mut pods, |a, b| pod_key_order(a, b));
        pods.into_iter()
    }

    // ---- the change journal ----

    fn stamp(&mut self) -> u64 {
        self.stamps.next()
    }
    fn stamp_daemonsets(&mut self) {
        self.stamps.daemonsets = self.stamp();
    }
    fn stamp_revisions(&mut self) {
        self.stamp_daemonsets();
        self.revision_writes += 1;
    }

    // ---- writes: nodes ----

    /// An update of a node, versioned as the apiserver versions it: `f` changes the node and
    /// says whether it changed anything, and a changed node gets a new resourceVersion. The
    /// version is taken before the node is looked up, so a write that finds no node, or
    /// changes nothing, uses one up all the same: that is how this simulation has always
    /// numbered, and the transcripts' versions depend on it.
    pub fn update_node(&mut self, name: &str, f: impl FnOnce(&mut Node) -> bool) -> Option<bool> {
        let rv = self.next_resource_version();
        let changed = self.update_node_unversioned(name, f)?;
        if changed && let Some(node) = self.nodes.get_mut(name) {
            node.meta.resource_version = rv;
        }
        Some(changed)
    }
    /// The node writes this simulation does not version: the simulated kubelet's and the node
    /// lifecycle controller's (conditions, the taints they manage, and simulation state such
    /// as the kubelet being down). Upstream versions each of them (README, fidelity).
    pub fn update_node_unversioned<R>(&mut self, name: &str, f: impl FnOnce(&mut Node) -> R) -> Option<R> {
        Some(f(self.node_unversioned(None, name)?))
    }
    /// The node `name` a pod is bound to, for an unversioned write, where the pod is in
    /// `pod_slot` (a hint: any slot gives the same node): found by the slot the pod's last
    /// write found its target in, while that is `name` and no node came or went since. (A
    /// started pod takes an address from its node's range: a lookup by name read two cold
    /// names for each of a converge's 5,000 pods.)
    pub fn pod_node_unversioned(&mut self, pod_slot: usize, name: &str) -> Option<&mut Node> {
        let kept = self
            .pods
            .0
            .slot(pod_slot)
            .and_then(|PodEntry { keys: k, .. }| k.target_slot.filter(|_| k.target.as_deref() == Some(name)));
        self.node_unversioned(kept, name)
    }
    /// The node a kept slot or `name` names, stamped for an unversioned write.
    fn node_unversioned(&mut self, kept: NodeSlot, name: &str) -> Option<&mut Node> {
        let n = self.stamp();
        #[cfg(not(target_arch = "wasm32"))]
        let node = {
            let i = self.nodes.current_slot(kept, name)?;
            self.nodes.stamp(i, n);
            self.nodes.0.slot_mut(i)?
        };
        #[cfg(target_arch = "wasm32")]
        let node = {
            let node = self.nodes.at_mut(kept, name)?;
            node.view_stamp = n;
            node
        };
        Some(node)
    }
    /// Stores a new node with the next resourceVersion (its callers check the name is free).
    pub fn create_node(&mut self, mut node: Node) {
        // Pods bound to its name before it came (or after it went, before the pod GC) are on it.
        node.pods_bound = slots_of(&self.pods_by_node, &node.meta.name).len() as u32;
        node.meta.resource_version = self.next_resource_version();
        let stamp = self.stamp();
        self.stamps.node_set = stamp;
        #[cfg(not(target_arch = "wasm32"))]
        self.nodes.insert(node, stamp);
        #[cfg(target_arch = "wasm32")]
        {
            node.view_stamp = stamp;
            self.nodes.insert(node);
        }
    }
    pub fn remove_node(&mut self, name: &str) -> Option<Node> {
        let node = self.nodes.remove(name)?;
        self.stamps.node_set = self.stamp();
        Some(node)
    }

    // ---- writes: DaemonSets and revisions ----

    /// A versioned update of a DaemonSet (its status): `f` changes it, and it gets the next
    /// resourceVersion. Whether there was one to update.
    pub fn update_daemonset(&mut self, key: &Key, f: impl FnOnce(&mut DaemonSet)) -> bool {
        let rv = self.next_resource_version();
        self.update_daemonset_unversioned(key, |ds| {
            f(ds);
            ds.meta.resource_version = rv;
        })
    }
    /// The DaemonSet write this simulation does not version: foreground deletion's
    /// deletionTimestamp and finalizer. Upstream versions it (README, fidelity).
    pub fn update_daemonset_unversioned(&mut self, key: &Key, f: impl FnOnce(&mut DaemonSet)) -> bool {
        self.stamp_daemonsets();
        // A DaemonSet a fork shares is copied here, when it is written.
        self.daemonsets.get_mut(key).map(Rc::make_mut).map(f).is_some()
    }
    /// Stores a DaemonSet, new or in place of its old self, with the next resourceVersion.
    pub fn write_daemonset(&mut self, mut ds: DaemonSet) {
        ds.meta.resource_version = self.next_resource_version();
        self.stamp_daemonsets();
        self.daemonsets.insert(ds.key(), Rc::new(ds));
    }
    /// Whether there was one to remove.
    pub fn remove_daemonset(&mut self, key: &Key) -> bool {
        self.stamp_daemonsets();
        self.daemonsets.remove(key).is_some()
    }
    /// A versioned update of a revision: `f` changes it, and it gets the next resourceVersion.
    pub fn update_revision(&mut self, key: &Key, f: impl FnOnce(&mut ControllerRevision)) {
        let rv = self.next_resource_version();
        self.stamp_revisions();
        if let Some(rev) = self.revisions.get_mut(key).map(Rc::make_mut) {
            f(rev);
            rev.meta.resource_version = rv;
        }
    }
    /// Changes the owner references of the revisions `wanted` picks: the adoption and the
    /// orphaning of revisions, which this simulation does not version (upstream's patches
    /// do; README, fidelity).
    pub fn update_revision_owners(
        &mut self,
        wanted: impl Fn(&ControllerRevision) -> bool,
        mut f: impl FnMut(&mut Vec<OwnerReference>),
    ) {
        self.stamp_revisions();
        // Only the revisions asked for are copied out of what a fork shares.
        for rev in self.revisions.values_mut().filter(|r| wanted(r)) {
            f(&mut Rc::make_mut(rev).meta.owner_references);
        }
    }
    /// Stores a new revision with the next resourceVersion.
    pub fn create_revision(&mut self, mut rev: ControllerRevision) {
        rev.meta.resource_version = self.next_resource_version();
        self.stamp_revisions();
        self.revisions.insert(rev.meta.key(), Rc::new(rev));
    }
    /// Whether there was one to remove.
    pub fn remove_revision(&mut self, key: &Key) -> bool {
        self.stamp_revisions();
        self.revisions.remove(key).is_some()
    }
    pub fn retain_revisions(&mut self, mut f: impl FnMut(&Key, &ControllerRevision) -> bool) {
        self.stamp_revisions();
        self.revisions.retain(|k, rev| f(k, rev));
    }

    // ---- writes: namespaces and other kinds (no view shows them: nothing to stamp) ----

    pub fn put_namespace(&mut self, name: String, created_ms: i64) {
        self.namespaces.insert(name, created_ms);
    }
    pub fn remove_namespace(&mut self, name: &str) -> Option<i64> {
        self.namespaces.remove(name).map(|(_, created)| created)
    }
    /// An update of an object of another kind, versioned as `update_node` is: the version
    /// is taken first, and given when `f` says it changed the object.
    pub fn update_generic(
        &mut self,
        key: &(String, String, String),
        f: impl FnOnce(&mut GenericObject) -> bool,
    ) -> Option<bool> {
        let rv = self.next_resource_version();
        let object = self.generic.get_mut(key)?;
        let changed = f(object);
        if changed {
            object.meta.resource_version = rv;
        }
        Some(changed)
    }
    /// Stores a new object of another kind with the next resourceVersion.
    pub fn create_generic(&mut self, mut object: GenericObject) {
        object.meta.resource_version = self.next_resource_version();
        self.put_builtin(object);
    }
    /// Stores an object the cluster starts with (the system PriorityClasses), unversioned
    /// as a fresh cluster's bootstrap objects are here.
    pub fn put_builtin(&mut self, object: GenericObject) {
        let key = (object.kind.clone(), object.meta.namespace.clone(), object.meta.name.clone());
        self.generic.insert(key, object);
    }
    pub fn remove_generic(&mut self, key: &(String, String, String)) -> Option<GenericObject> {
        self.generic.remove(key)
    }
    pub fn retain_generic(&mut self, f: impl FnMut(&(String, String, String), &mut GenericObject) -> bool) {
        self.generic.retain(f);
    }

    // ---- writes: events ----

    /// Folds a repeat into a recorded event: one more of it, seen at `now`. Not versioned
    /// (upstream's patch of the event is; README, fidelity).
    pub fn fold_event(&mut self, index: usize, now: i64) {
        self.stamps.events = self.stamp();
        if let Some(ev) = self.events.get_mut(index) {
            ev.count += 1;
            ev.last_ms = now;
        }
    }
    /// Room for `n` more events.
    pub(crate) fn reserve_events(&mut self, n: usize) {
        self.events.reserve(n);
    }
    /// Records a new event with the next resourceVersion.
    pub fn create_event(&mut self, mut event: Event) {
        event.resource_version = self.next_resource_version();
        self.stamps.events = self.stamp();
        self.events.push(event);
    }
    pub fn retain_events(&mut self, mut f: impl FnMut(&Event) -> bool) {
        self.stamps.events = self.stamp();
        self.events.retain(|e| f(e));
    }

    // ---- writes: pods ----

    fn next_resource_version(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    /// Uses up a resourceVersion without writing: where this simulation has always taken one
    /// for a write it then did not make (a refused or empty one), so that the versions in
    /// every transcript come out as they always have.
    pub fn skip_resource_version(&mut self) {
        self.next_resource_version();
    }

    /// Room for `n` more pods: a sync about to create 5,000 says so, and the lookup table
    /// grows once instead of rehashing every key a dozen times on the way.
    pub(crate) fn reserve_pods(&mut self, n: usize) {
        self.pods.0.by_hash.reserve(n);
        self.pods.0.slots.reserve(n);
        // The node indexes too, up to one entry per node: a rehash hashes every node name
        // again, each a read of its own text across the heap.
        let nodes = self.nodes.len();
        for map in [&mut self.pods_by_target, &mut self.pods_by_node] {
            map.reserve((map.len() + n).min(nodes).saturating_sub(map.len()));
        }
    }

    /// Stores a new pod with the next resourceVersion (its callers check the name is free,
    /// as the apiserver does). Returns its slot: a hint for later lookups (`pod_and_target`).
    pub fn insert_pod(&mut self, pod: Pod) -> usize {
        self.insert_pod_kept(pod, None)
    }
    /// `insert_pod` for a pod meant for the node `name` names, where `name`'s hint was taken: a converge's 5,000 lookups of its nodes by name, each three cold reads (the
    /// name's hash entry, the node, its name), were a tenth of its time. (Natively: the page's
    /// hints hold nothing, see `daemon::full_scope`.)
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn insert_pod_for(&mut self, pod: Pod, (name, NodeHint(kept)): (&str, NodeHint)) -> usize {
        let kept = kept.filter(|_| pod.node_names().1.is_some_and(|t| **t == *name));
        self.insert_pod_kept(pod, kept)
    }
    /// `insert_pod`, the pod's target found where `kept` says while its node set is current.
    fn insert_pod_kept(&mut self, mut pod: Pod, kept: NodeSlot) -> usize {
        pod.meta.resource_version = self.next_resource_version();
        let key = pod.meta.key();
        debug_assert!(!self.pods.contains_key(&key), "a second pod {key:?}: its old index entries would stay");
        let mut keys = index_keys(&pod, None);
        if kept.is_some() {
            keys.target_slot = kept;
        }
        find_target_slot(&self.nodes, &mut keys);
        let slot = self.pods.insert(key, pod, keys.clone());
        self.index(slot, &keys, true, None);
        slot
    }

    pub fn remove_pod(&mut self, key: &Key) -> Option<Pod> {
        let (slot, pod, keys) = self.pods.remove(key)?;
        self.index(slot, &keys, false, None);
        Some(pod)
    }

    /// Applies `f` to a pod, keeping the owner and node indexes right.
    pub fn update_pod<R>(&mut self, key: &Key, f: impl FnOnce(&mut Pod) -> R) -> Option<R> {
        let rv = self.next_resource_version();
        let (slot, pod, keys) = self.pods.get_mut(key)?;
        let r = f(pod);
        pod.meta.resource_version = rv;
        // Most updates are status changes: the indexes only move when owner or node changes.
        if same_index_keys(pod, keys) {
            find_target_slot(&self.nodes, keys);
            stamp_pod_keys(&mut self.nodes, &mut self.stamps, keys, 0);
        } else {
            let mut after = index_keys(pod, Some(keys));
            find_target_slot(&self.nodes, &mut after);
            let before = std::mem::replace(keys, after.clone());
            // Only the entries that moved: a binding keeps the owner and the target.
            self.index(slot, &before, false, Some(&after));
            self.index(slot, &after, true, Some(&before));
        }
        Some(r)
    }

    /// Adds a pod's slot to (or removes it from) the indexes its `keys` name, and stamps them;
    /// entries that `kept` names too are left as they are. On adding, the pod is in its slot
    /// (the node lists are kept in key order).
    fn index(&mut self, slot: usize, keys: &IndexKeys, add: bool, kept: Option<&IndexKeys>) {
        let (owner_kept, node_kept, target_kept) = kept.map_or((false, false, false), |o| {
            (o.owner() == keys.owner(), o.node == keys.node, o.target == keys.target)
        });
        let IndexKeys { node, target, .. } = keys;
        if node.is_none() && !node_kept {
            if add {
                self.unbound.insert(slot);
            } else {
                self.unbound.remove(&slot);
            }
        }
        if let Some(owner) = keys.owner().filter(|_| !owner_kept) {
            match self.pods_by_owner.get_mut(owner) {
                Some(set) if add => drop(set.insert(slot)),
                None if add => drop(self.pods_by_owner.insert(owner.to_string(), FastSet::from_iter([slot]))),
                Some(set) => {
                    set.remove(&slot);
                    if set.is_empty() {
                        self.pods_by_owner.remove(owner);
                    }
                }
                None => {}
            }
        }
        let pods = &self.pods;
        // How the node's entry changed: its node's `pods_bound` follows.
        let mut bound_change = 0i64;
        for (map, k, kept, bound) in
            [(&mut self.pods_by_node, node, node_kept, true), (&mut self.pods_by_target, target, target_kept, false)]
        {
            let Some(k) = k.as_ref().filter(|_| !kept) else { continue };
            let change = match map.get_mut(&**k) {
                Some(slots) if add => {
                    let pod = pods.slot(slot);
                    let at = slots.as_slice().partition_point(|&s| match (pods.slot(s), pod) {
                        (Some(a), Some(b)) => pod_key_order(a, b).is_lt(),
                        _ => true,
                    });
                    slots.insert(at, slot);
                    1
                }
                None if add => {
                    map.insert(Rc::clone(k), NodePodSlots::One(slot));
                    1
                }
                Some(slots) => {
                    let before = slots.as_slice().len() as i64;
                    // (Not a match guard: `remove` changes the entry.)
                    let emptied = slots.remove(slot);
                    let after = if emptied { 0 } else { slots.as_slice().len() as i64 };
                    if emptied {
                        map.remove(&**k);
                    }
                    after - before
                }
                None => 0,
            };
            if bound {
                bound_change = change;
            }
        }
        // (After the index changed: stamping takes the next change number, and nothing above
        // takes one.)
        stamp_pod_keys(&mut self.nodes, &mut self.stamps, keys, bound_change);
    }

    /// The pods of an index entry, reached by slot.
    fn indexed<'s>(&'s self, slots: impl IntoIterator<Item = &'s usize> + 's) -> impl Iterator<Item = &'s Pod> + 's {
        slots.into_iter().filter_map(|&i| self.pods.slot(i))
    }

    /// The pods `uid` controls, in no particular order.
    pub fn pods_owned_by(&self, uid: &str) -> impl Iterator<Item = &Pod> {
        self.indexed(self.pods_by_owner.get(uid).into_iter().flatten())
    }

    pub fn pod_count_owned_by(&self, uid: &str) -> usize {
        self.pods_by_owner.get(uid).map_or(0, |set| set.len())
    }

    pub fn pods_targeting(&self, node: &str) -> impl Iterator<Item = &Pod> {
        self.indexed(slots_of(&self.pods_by_target, node))
    }

    /// The pods `uid` controls that are for `node` (bound there or pinned to it), in key order.
    /// The owner index answers by slot: a node's other pods are not read at all (each read of
    /// a pod's owner is a walk through three heap objects).
    pub fn pods_targeting_owned_by<'s>(&'s self, node: &str, uid: &str) -> impl Iterator<Item = &'s Pod> + 's {
        let owned = self.pods_by_owner.get(uid);
        let slots = slots_of(&self.pods_by_target, node);
        self.indexed(slots.iter().filter(move |slot| owned.is_some_and(|o| o.contains(*slot))))
    }

    /// Calls `f` with the pods `uid` controls that are for each of `nodes`, node by node, each
    /// node's in key order, with the node's position in `nodes`: `pods_targeting_owned_by` over
    /// many nodes, with the owner's index entry looked up once rather than once per node.
    pub(crate) fn each_pod_targeting_owned_by<'s>(
        &'s self,
        nodes: &[Rc<str>],
        uid: &str,
        mut f: impl FnMut(usize, &'s Pod),
    ) {
        let Some(owned) = self.pods_by_owner.get(uid) else { return };
        for (at, node) in nodes.iter().enumerate() {
            for slot in slots_of(&self.pods_by_target, node) {
                if let Some(pod) = self.pods.slot(*slot).filter(|_| owned.contains(slot)) {
                    f(at, pod);
                }
            }
        }
    }

    /// Calls `f` with each pod `uid` controls, in no particular order, and the node it is for
    /// (bound, or pinned while pending): its name, and its slot in the node table (`None`: no
    /// such node), from the slot the pod's last write found it in while no node came or went
    /// since. A reader grouping 5,000 pods by node places each by that slot
    /// (`node_positions`), and reads no node's name.
    pub(crate) fn each_pod_owned_by_with_target<'s>(
        &'s self,
        uid: &str,
        mut f: impl FnMut(&'s Pod, Option<(&'s str, Option<usize>)>),
    ) {
        let Some(slots) = self.pods_by_owner.get(uid) else { return };
        for &i in slots {
            if let Some(PodEntry { keys, pod }) = self.pods.0.slot(i) {
                f(pod, keys.target.as_deref().map(|t| (t, self.nodes.current_slot(keys.target_slot, t))));
            }
        }
    }

    /// Each node's position in name order, plus one, by its slot in the node table (0 for a
    /// free slot: a zeroed vector is code the page's wasm holds already, a filled one 250 B).
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn node_positions(&self) -> Vec<usize> {
        self.work_out_node_positions()
    }
    /// (Natively kept while the node set holds: `NodePositions`.)
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn node_positions(&self) -> Rc<[usize]> {
        let mut kept = self.nodes.3.borrow_mut();
        if kept.0 != self.nodes.1 || kept.1.len() != self.nodes.0.slots.len() {
            *kept = (self.nodes.1, self.work_out_node_positions().into());
        }
        Rc::clone(&kept.1)
    }
    fn work_out_node_positions(&self) -> Vec<usize> {
        let mut positions = vec![0; self.nodes.0.slots.len()];
        for (at, &slot) in self.nodes.0.order.values().enumerate() {
            positions[slot] = at + 1;
        }
        positions
    }

    /// A pod, its slot, and the node it is for (bound, or pinned while pending), `None` for
    /// a node that does not exist: the node found by the slot the pod's last write found it
    /// in, while no node came or went since. `hint`: the slot the pod had when the caller
    /// last saw it (a queue's or a timer's), tried first; whatever it is, the answer is the
    /// pod `key` names. The first look at each pod of a converge's scheduling and start is a
    /// cold one, and a slot reads no key text.
    pub fn pod_and_target(&self, key: &Key, hint: usize) -> Option<(usize, &Pod, Option<&Node>)> {
        let slot = self.pods.0.find_from(hint, key, is_pod(key))?;
        let PodEntry { keys, pod } = self.pods.0.slot(slot)?;
        let node = keys.target.as_deref().and_then(|t| self.nodes.at(keys.target_slot, t));
        Some((slot, pod, node))
    }

    /// A pod, and a hint to the node it is for (bound, or pinned while pending): the slot its
    /// last write found that node in (`DirtyNodes::hints`).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn pod_and_target_hint(&self, key: &Key) -> Option<(&Pod, NodeHint)> {
        let PodEntry { keys, pod } = self.pods.0.slot(self.pods.0.find(key, is_pod(key))?)?;
        Some((pod, NodeHint(keys.target_slot)))
    }

    /// The node in slot `i` of the node table (for checks of hints).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn node_in_slot(&self, i: usize) -> Option<&Node> {
        self.nodes.0.slot(i)
    }

    /// Which node set the store holds: it moves on each node added or removed.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn node_epoch(&self) -> NodeEpoch {
        self.nodes.1
    }

    /// A hint to each node, in name order (`nodes().keys()`'s).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn node_hints(&self) -> impl Iterator<Item = NodeHint> + '_ {
        let epoch = self.nodes.1;
        self.nodes.0.order.values().map(move |&slot| NodeHint(Some((epoch, Some(slot)))))
    }

    pub fn pods_on_node(&self, node: &str) -> impl Iterator<Item = &Pod> {
        self.indexed(slots_of(&self.pods_by_node, node))
    }

    /// `pods_on_node` for a node of this store as it is now (not a copy kept across writes,
    /// nor another store's): none, without a lookup, when it has none.
    pub(crate) fn pods_on<'s>(&'s self, node: &Node) -> impl Iterator<Item = &'s Pod> + 's {
        let indexed = || slots_of(&self.pods_by_node, &node.meta.name);
        debug_assert_eq!(node.pods_bound as usize, indexed().len(), "pods bound to {}", node.meta.name);
        let slots = if node.pods_bound == 0 { &[][..] } else { indexed() };
        self.indexed(slots)
    }

    pub fn daemonset_by_uid(&self, uid: &str) -> Option<&DaemonSet> {
        self.daemonsets.values().find(|d| d.meta.uid == uid).map(|d| &**d)
    }
}

/// Pod keys that orders by a 16-byte prefix (`key_head`) must still put in key order:
/// namespaces that are prefixes of others, names past the 16 bytes of the head that tie
/// there, an empty namespace, and a name that is a prefix of another.
#[cfg(test)]
pub(crate) const AWKWARD_KEYS: [(&str, &str); 10] = [
    ("default", "ds-0-abcde"),
    ("default", "ds-0-abcdf"),
    ("default", "ds-0-abc"),
    ("def", "zzz"),
    ("default-x", "a"),
    ("", "node-1"),
    ("kube-system", "fluentd-elasticsearch-aaaaa"),
    ("kube-system", "fluentd-elasticsearch-aaaab"),
    ("kube-system", "fluentd"),
    ("kube", "system"),
];

#[cfg(test)]
mod tests {
    use super::*;

    use crate::objects::{Meta, OwnerReference};
    use serde_json::json;
    use std::rc::Rc;

    #[test]
    fn node_pod_slots_keep_one_in_place_and_the_rest_in_order() {
        let mut slots = NodePodSlots::One(7);
        assert!(!slots.remove(3), "a slot it does not hold leaves it as it is");
        assert!(matches!(slots, NodePodSlots::One(7)));
        // (insert at, slot, the slots after)
        for (at, slot, after) in [(0, 2, &[2, 7][..]), (2, 9, &[2, 7, 9]), (1, 4, &[2, 4, 7, 9])] {
            slots.insert(at, slot);
            assert_eq!(slots.as_slice(), after);
        }
        assert!(!slots.remove(5), "a slot it does not hold leaves it as it is");
        // (slot removed, the slots after, whether they are back in place)
        for (slot, after, one) in [(4, &[2, 7, 9][..], false), (9, &[2, 7], false), (2, &[7], true)] {
            assert!(!slots.remove(slot), "removing {slot} leaves some");
            assert_eq!(slots.as_slice(), after);
            assert_eq!(matches!(slots, NodePodSlots::One(_)), one, "after removing {slot}");
        }
        assert!(slots.remove(7), "the last one: the entry is to go");
    }

    fn test_node(name: &str) -> Node {
        Node {
            meta: Meta { name: name.into(), ..Meta::default() },
            taints: Vec::new(),
            allocatable: crate::objects::Resources::default(),
            internal_ip: None,
            #[cfg(target_arch = "wasm32")]
            view_stamp: 0,
            pods_bound: 0,
            index: 0,
            next_ip: 1,
            unschedulable: false,
            kubelet_down: false,
            conditions: Vec::new(),
            spec: serde_json::Map::new(),
            status: serde_json::Map::new(),
        }
    }

    /// A small deterministic generator (the tests must give the same run every time).
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    const OWNERS: [&str; 3] = ["uid-a", "uid-b", "uid-c"];
    const NODES: [&str; 4] = ["n1", "n2", "n3", "n4"];

    fn pod(rng: &mut Lcg, name: &str) -> Pod {
        let mut meta = Meta { name: name.into(), namespace: "default".into(), ..Meta::default() };
        let owner = rng.below(4) as usize;
        if owner < OWNERS.len() {
            meta.owner_references.push(OwnerReference::daemonset("ds", OWNERS[owner]));
        }
        let node = NODES[rng.below(4) as usize];
        let mut pod = if rng.below(2) == 0 {
            Pod::daemon(meta, Rc::new(json!({})), Rc::default(), &Rc::from(node))
        } else {
            Pod::new(meta, json!({}))
        };
        if rng.below(2) == 0 {
            pod.bind(NODES[rng.below(4) as usize]);
        }
        pod
    }

    /// What every index must say, rebuilt from the pods themselves.
    fn check(store: &Store) {
        // Each node with its own stamp, in name order; the positions kept equal fresh ones.
        let stamped: Vec<&str> = store.nodes().with_view_stamps().map(|(_, n)| n.meta.name.as_str()).collect();
        assert_eq!(stamped, store.nodes().keys().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(&*store.node_positions(), &store.work_out_node_positions()[..]);
        let pods: Vec<(&Key, &Pod)> = store.pods().iter().collect();
        let want = |f: &dyn Fn(&Pod) -> bool| -> Vec<Key> {
            pods.iter().filter(|(_, p)| f(p)).map(|(k, _)| (*k).clone()).collect()
        };
        for owner in OWNERS {
            let by_owner = want(&|p| p.meta.controller_ref().is_some_and(|r| r.uid == owner));
            assert_eq!(store.pod_keys_owned_by(owner), by_owner, "owner {owner}");
            let mut reached: Vec<Key> = store.pods_owned_by(owner).map(|p| p.meta.key()).collect();
            crate::order::sort(&mut reached);
            assert_eq!(reached, by_owner, "pods reached by slot for owner {owner}");
            assert_eq!(store.pod_count_owned_by(owner), by_owner.len());
        }
        for node in NODES {
            let on = want(&|p| p.node_name() == Some(node));
            assert_eq!(store.pod_keys_on_node(node), on, "on {node}");
            assert_eq!(store.pods_on_node(node).count(), on.len());
            if let Some(n) = store.nodes().get(node) {
                assert_eq!(n.pods_bound as usize, on.len(), "pods bound to {node}");
                assert_eq!(store.pods_on(n).count(), on.len());
            }
            let aimed = want(&|p| p.target_node() == Some(node));
            assert_eq!(store.pod_keys_targeting(node), aimed, "aimed at {node}");
            assert_eq!(store.pods_targeting(node).count(), aimed.len());
        }
        let unbound: Vec<String> = store.unbound_pods().map(|p| p.meta.name.clone()).collect();
        let want_unbound: Vec<String> =
            pods.iter().filter(|(_, p)| p.node_name().is_none()).map(|(k, _)| k.1.clone()).collect();
        assert_eq!(unbound, want_unbound, "unbound");
        assert_eq!(store.pods().len(), store.pods().values().count());
        // Lookups try the slot of the last answer first: after slots were freed and reused,
        // each key still finds its own pod, or none.
        for i in (0..40).chain((0..40).rev()) {
            let key = ("default".to_string(), format!("p{i}"));
            let stored = pods.iter().any(|(k, _)| **k == key);
            assert_eq!(store.pods().get(&key).map(|p| p.meta.key()), stored.then(|| key.clone()));
            assert_eq!(store.pods().contains_key(&key), stored);
        }
    }

    #[test]
    fn keys_whose_hash_another_key_holds_are_still_found() {
        // Values that are their own names, as pods and nodes carry theirs.
        let mut t: Table<String, String> = Table::default();
        let find = |t: &Table<String, String>, k: &str| t.find(k, |v: &String| v == k).and_then(|i| t.slot(i).cloned());
        t.insert("a".into(), "a".into());
        // "b" and "c" as if their hashes were taken: by "a", and by a removed key.
        t.by_hash.insert(hash_of("b"), 0);
        t.by_hash.insert(hash_of("c"), 7);
        t.insert("b".into(), "b".into());
        t.insert("c".into(), "c".into());
        assert_eq!(t.collided.len(), 2);
        for k in ["a", "b", "c", "a", "c", "b"] {
            assert_eq!(find(&t, k).as_deref(), Some(k));
        }
        assert_eq!(find(&t, "d"), None);
        assert!(t.remove("a").is_some());
        assert_eq!((find(&t, "a"), find(&t, "b").as_deref()), (None, Some("b")));
        assert!(t.remove("b").is_some());
        assert_eq!((find(&t, "b"), find(&t, "c").as_deref()), (None, Some("c")));
        t.insert("b".into(), "b".into());
        assert_eq!((find(&t, "b").as_deref(), find(&t, "c").as_deref()), (Some("b"), Some("c")));
        assert_eq!(t.keys().cloned().collect::<Vec<_>>(), ["b", "c"]);
    }

    /// The pod table keeps its pods in key order natively too, where its tree orders them by
    /// their keys' first 16 bytes as a number first.
    #[test]
    fn pods_are_kept_in_key_order() {
        let keys = super::AWKWARD_KEYS;
        let mut store = Store::default();
        for (ns, name) in keys {
            store.insert_pod(Pod::new(Meta { name: name.into(), namespace: ns.into(), ..Meta::default() }, json!({})));
        }
        let mut want: Vec<Key> = keys.iter().map(|(ns, n)| (ns.to_string(), n.to_string())).collect();
        crate::order::sort(&mut want);
        assert_eq!(store.pods().keys().cloned().collect::<Vec<_>>(), want);
        let from = ("default".to_string(), String::new());
        let ranged: Vec<Key> = store.pods().range(from.clone()..).map(|(k, _)| k.clone()).collect();
        assert_eq!(ranged, want.iter().filter(|k| **k >= from).cloned().collect::<Vec<_>>());
        for k in &want {
            assert_eq!(store.pods().get(k).map(|p| p.meta.key()).as_ref(), Some(k));
        }
    }

    #[test]
    fn indexes_agree_with_a_rebuild_after_random_writes() {
        let mut rng = Lcg(7);
        let mut store = Store::default();
        for step in 0..2_000 {
            let name = format!("p{}", rng.below(40));
            let key = ("default".to_string(), name.clone());
            match rng.below(5) {
                0 | 1 => {
                    let p = pod(&mut rng, &name);
                    // The apiserver refuses a second pod of one name; the store's callers check.
                    if !store.pods().contains_key(&key) {
                        let slot = store.insert_pod(p);
                        // The slot it returns finds the pod; a wrong hint finds the key's pod.
                        assert_eq!(
                            store.pod_and_target(&key, slot).map(|(s, p, _)| (s, p.meta.key())),
                            Some((slot, key.clone()))
                        );
                        assert_eq!(store.pod_and_target(&key, slot ^ 1).map(|(s, _, _)| s), Some(slot));
                    }
                }
                2 if rng.below(4) == 0 => {
                    // A node comes or goes, with pods bound to its name or not.
                    let node = NODES[rng.below(4) as usize];
                    if store.remove_node(node).is_none() {
                        store.create_node(test_node(node));
                    }
                }
                2 => {
                    let node = NODES[rng.below(4) as usize];
                    store.update_pod(&key, |p| p.bind(node));
                }
                3 => {
                    let owner = OWNERS[rng.below(3) as usize];
                    store.update_pod(&key, |p| {
                        p.meta.owner_references = vec![OwnerReference::daemonset("ds", owner)].into();
                    });
                }
                _ => {
                    let had = store.pods().contains_key(&key);
                    assert_eq!(store.remove_pod(&key).is_some(), had, "step {step}");
                    assert!(!store.pods().contains_key(&key));
                }
            }
            check(&store);
        }
        assert!(!store.pods().is_empty(), "the walk should leave some pods");
        assert!(!store.nodes().is_empty(), "the walk should leave some nodes");
    }
}

#[cfg(test)]
mod versions {
    use crate::harness::{Cluster, daemonset};

    /// Every pod's target node as `pod_and_target` finds it (by the slot its last write found
    /// it in, while no node came or went) against a lookup by name.
    fn check_targets(c: &Cluster) {
        let store = c.sim.store();
        for (key, pod) in store.pods().iter() {
            let (_, found, node) = store.pod_and_target(key, usize::MAX).expect("the pod");
            assert_eq!(found.meta.uid, pod.meta.uid);
            let want = pod.target_node().filter(|t| store.nodes().get(t).is_some());
            assert_eq!(node.map(|n| n.meta.name.as_str()), want, "{key:?}");
        }
    }

    /// Every bound pod's node as `pod_node_unversioned` finds it, given the pod's own slot and
    /// another pod's (whose kept slot is for another node), against a lookup by name.
    fn check_pod_nodes(c: &mut Cluster) {
        let store = &mut c.sim.world.store;
        let pods: Vec<(usize, String)> = store
            .pods()
            .keys()
            .filter_map(|k| {
                let (slot, pod, _) = store.pod_and_target(k, usize::MAX)?;
                Some((slot, pod.node_name()?.to_string()))
            })
            .collect();
        assert!(!pods.is_empty());
        for (slot, bound) in pods {
            let want = store.nodes().get(&bound).map(|n| n.meta.uid.clone());
            for hint in [slot, slot ^ 1] {
                assert_eq!(store.pod_node_unversioned(hint, &bound).map(|n| n.meta.uid.clone()), want, "{bound}");
            }
        }
    }

    #[test]
    fn a_pods_target_node_is_found_by_its_slot_only_while_no_node_came_or_went() {
        let mut c = Cluster::with_nodes(3);
        c.apply(&daemonset("agent", "a:1", "", "")).advance(5_000);
        check_targets(&c);
        check_pod_nodes(&mut c);
        // n0's slot is freed and taken by n9: pods found their nodes before that.
        c.sim.delete_node("n0").expect("delete");
        check_targets(&c);
        check_pod_nodes(&mut c);
        c.sim.add_node("n9", &crate::sim::NodeShape::default()).expect("add");
        check_targets(&c);
        check_pod_nodes(&mut c);
        c.advance(5_000);
        check_targets(&c);
        check_pod_nodes(&mut c);
        assert!(c.sim.store().pods().values().any(|p| p.target_node() == Some("n9")));
    }

    /// A pod inserted with a hint to its node (a full sync's) is found on its node by the hint
    /// while the node set is the one the hint was taken in, and by name after a node came or
    /// went, or when it is meant for another node than the hint's (a template's `nodeName`).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_pod_inserted_with_a_hint_finds_the_node_it_is_meant_for() {
        use crate::objects::{Meta, Pod};
        use std::rc::Rc;
        let mut c = Cluster::with_nodes(3);
        let store = &mut c.sim.world.store;
        let pod = |name: &str, node: &Rc<str>| {
            let meta = Meta { name: name.into(), namespace: "default".into(), ..Meta::default() };
            Pod::daemon(meta, Rc::new(serde_json::json!({})), Rc::default(), node)
        };
        let target = |store: &super::Store, name: &str| {
            let key = ("default".to_string(), name.to_string());
            store.pod_and_target(&key, usize::MAX).and_then(|(_, _, n)| Some(n?.meta.name.clone()))
        };
        let names: Vec<Rc<str>> = store.nodes().keys().map(|n| Rc::from(n.as_str())).collect();
        let hints: Vec<super::NodeHint> = store.node_hints().collect();
        store.insert_pod_for(pod("a", &names[1]), (&names[1], hints[1]));
        // Meant for n2, with n0's hint claimed for n0: the pod's own node is looked up.
        store.insert_pod_for(pod("b", &names[2]), (&names[0], hints[0]));
        c.sim.delete_node("n0").expect("delete");
        c.sim.add_node("n9", &crate::sim::NodeShape::default()).expect("add");
        let store = &mut c.sim.world.store;
        // Hints from before a node came and went: n0's slot is n9's now.
        store.insert_pod_for(pod("c", &names[0]), (&names[0], hints[0]));
        store.insert_pod_for(pod("d", &names[2]), (&names[2], hints[2]));
        let found: Vec<Option<String>> = ["a", "b", "c", "d"].iter().map(|p| target(store, p)).collect();
        assert_eq!(found, [Some("n1".into()), Some("n2".into()), None, Some("n2".into())]);
    }

    /// Every object's version, with what it names.
    fn versions(c: &Cluster) -> Vec<(u64, String)> {
        let s = c.sim.store();
        let mut all: Vec<(u64, String)> = Vec::new();
        all.extend(s.nodes().values().map(|n| (n.meta.resource_version, format!("node {}", n.meta.name))));
        all.extend(s.pods().values().map(|p| (p.meta.resource_version, format!("pod {}", p.meta.name))));
        all.extend(s.daemonsets().values().map(|d| (d.meta.resource_version, format!("ds {}", d.meta.name))));
        all.extend(s.revisions().values().map(|r| (r.meta.resource_version, format!("rev {}", r.meta.name))));
        all.extend(s.generic().values().map(|o| (o.meta.resource_version, format!("{} {}", o.kind, o.meta.name))));
        all.extend(s.events().iter().map(|e| (e.resource_version, format!("event {}", e.seq))));
        all
    }

    #[test]
    fn the_store_gives_each_write_a_version_of_its_own() {
        let mut c = Cluster::with_nodes(3);
        c.apply(&daemonset("agent", "a:1", "", "")).advance(5_000);
        let node_version = |c: &Cluster| c.sim.store().nodes().get("n1").expect("n1").meta.resource_version;
        let before = node_version(&c);
        let mut labels = c.sim.store().nodes().get("n1").expect("n1").meta.labels.as_ref().clone();
        labels.insert("tier".into(), "edge".into());
        c.sim.set_node_labels("n1", labels).expect("label");
        assert!(node_version(&c) > before, "a label change is a versioned write");
        let cordoned = node_version(&c);
        assert_eq!(c.sim.set_node_unschedulable("n1", true), Ok(true));
        assert!(node_version(&c) > cordoned);
        let again = node_version(&c);
        assert_eq!(c.sim.set_node_unschedulable("n1", true), Ok(false));
        assert_eq!(node_version(&c), again, "a write that changes nothing gives no new version");
        c.apply(&daemonset("agent", "a:2", "", "")).advance(30_000);
        let mut all = versions(&c);
        assert!(all.iter().all(|(v, what)| *v > 0 || what.starts_with("PriorityClass")), "{all:?}");
        all.retain(|(v, _)| *v > 0);
        let count = all.len();
        crate::order::sort(&mut all);
        all.dedup_by_key(|(v, _)| *v);
        assert_eq!(all.len(), count, "two objects hold one version");
    }
}
