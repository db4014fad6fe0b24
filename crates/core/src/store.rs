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

use crate::objects::{ControllerRevision, DaemonSet, Event, GenericObject, Node, Pod};
use std::collections::{BTreeMap, BTreeSet};

pub type Key = (String, String);

/// (controller uid, bound node, target node) of a pod: what the indexes are keyed by.
type IndexKeys = (Option<String>, Option<String>, Option<String>);

fn index_keys(pod: &Pod) -> IndexKeys {
    (
        pod.meta.controller_ref().map(|r| r.uid.clone()),
        pod.node_name().map(str::to_string),
        pod.target_node().map(str::to_string),
    )
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
    // Per node: `Node::view_stamp`, the last write to it or to a pod bound to or aimed at it.
}

#[derive(Default)]
pub struct Store {
    pub namespaces: BTreeMap<String, i64>,
    nodes: BTreeMap<String, Node>,
    pods: BTreeMap<Key, Pod>,
    daemonsets: BTreeMap<Key, DaemonSet>,
    revisions: BTreeMap<Key, ControllerRevision>,
    events: Vec<Event>,
    /// Other kinds, keyed by (kind, namespace, name).
    pub generic: BTreeMap<(String, String, String), GenericObject>,
    /// Pods by the uid of their controller.
    pods_by_owner: BTreeMap<String, BTreeSet<Key>>,
    /// Pods by the node they are bound to.
    pods_by_node: BTreeMap<String, BTreeSet<Key>>,
    /// Pods by the node they are for: bound, or pinned by node affinity while pending.
    pods_by_target: BTreeMap<String, BTreeSet<Key>>,
    /// Pods bound to no node.
    unbound: BTreeSet<Key>,
    resource_version: u64,
    stamps: Stamps,
}

impl Store {
    // ---- reads ----

    pub fn nodes(&self) -> &BTreeMap<String, Node> {
        &self.nodes
    }
    pub fn pods(&self) -> &BTreeMap<Key, Pod> {
        &self.pods
    }
    pub fn daemonsets(&self) -> &BTreeMap<Key, DaemonSet> {
        &self.daemonsets
    }
    pub fn revisions(&self) -> &BTreeMap<Key, ControllerRevision> {
        &self.revisions
    }
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    pub fn stamps(&self) -> &Stamps {
        &self.stamps
    }

    pub fn pod_keys_owned_by(&self, uid: &str) -> impl Iterator<Item = &Key> {
        self.pods_by_owner.get(uid).into_iter().flatten()
    }
    pub fn pod_keys_on_node(&self, node: &str) -> impl Iterator<Item = &Key> {
        self.pods_by_node.get(node).into_iter().flatten()
    }
    pub fn pod_keys_targeting(&self, node: &str) -> impl Iterator<Item = &Key> {
        self.pods_by_target.get(node).into_iter().flatten()
    }
    /// Pods bound to no node, by key.
    pub fn unbound_pods(&self) -> impl Iterator<Item = &Pod> {
        self.unbound.iter().filter_map(|k| self.pods.get(k))
    }

    // ---- the change journal ----

    fn stamp(&mut self) -> u64 {
        self.stamps.any += 1;
        self.stamps.any
    }
    fn stamp_node(&mut self, name: &str) {
        let n = self.stamp();
        if let Some(node) = self.nodes.get_mut(name) {
            node.view_stamp = n;
        }
    }
    fn stamp_pod_keys(&mut self, (_, node, target): &IndexKeys) {
        match node {
            Some(node) => self.stamp_node(node),
            None => self.stamps.unbound = self.stamp(),
        }
        if let Some(target) = target
            && node.as_ref() != Some(target)
        {
            self.stamp_node(target);
        }
    }
    fn stamp_daemonsets(&mut self) {
        self.stamps.daemonsets = self.stamp();
    }

    // ---- writes: nodes ----

    pub fn node_mut(&mut self, name: &str) -> Option<&mut Node> {
        let n = self.stamp();
        let node = self.nodes.get_mut(name)?;
        node.view_stamp = n;
        Some(node)
    }
    pub fn put_node(&mut self, name: String, mut node: Node) -> Option<Node> {
        node.view_stamp = self.stamp();
        self.stamps.node_set = self.stamps.any;
        self.nodes.insert(name, node)
    }
    pub fn remove_node(&mut self, name: &str) -> Option<Node> {
        let node = self.nodes.remove(name)?;
        self.stamps.node_set = self.stamp();
        Some(node)
    }

    // ---- writes: DaemonSets and revisions ----

    pub fn daemonset_mut(&mut self, key: &Key) -> Option<&mut DaemonSet> {
        self.stamp_daemonsets();
        self.daemonsets.get_mut(key)
    }
    pub fn put_daemonset(&mut self, key: Key, ds: DaemonSet) -> Option<DaemonSet> {
        self.stamp_daemonsets();
        self.daemonsets.insert(key, ds)
    }
    pub fn remove_daemonset(&mut self, key: &Key) -> Option<DaemonSet> {
        self.stamp_daemonsets();
        self.daemonsets.remove(key)
    }
    pub fn revision_mut(&mut self, key: &Key) -> Option<&mut ControllerRevision> {
        self.stamp_daemonsets();
        self.revisions.get_mut(key)
    }
    pub fn revisions_mut(&mut self) -> impl Iterator<Item = &mut ControllerRevision> {
        self.stamp_daemonsets();
        self.revisions.values_mut()
    }
    pub fn put_revision(&mut self, key: Key, rev: ControllerRevision) -> Option<ControllerRevision> {
        self.stamp_daemonsets();
        self.revisions.insert(key, rev)
    }
    pub fn remove_revision(&mut self, key: &Key) -> Option<ControllerRevision> {
        self.stamp_daemonsets();
        self.revisions.remove(key)
    }
    pub fn retain_revisions(&mut self, f: impl FnMut(&Key, &mut ControllerRevision) -> bool) {
        self.stamp_daemonsets();
        self.revisions.retain(f);
    }

    // ---- writes: events ----

    pub fn event_mut(&mut self, index: usize) -> Option<&mut Event> {
        self.stamps.events = self.stamp();
        self.events.get_mut(index)
    }
    pub fn push_event(&mut self, event: Event) {
        self.stamps.events = self.stamp();
        self.events.push(event);
    }
    pub fn retain_events(&mut self, f: impl FnMut(&Event) -> bool) {
        self.stamps.events = self.stamp();
        self.events.retain(f);
    }

    // ---- writes: pods ----

    pub fn next_resource_version(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    pub fn insert_pod(&mut self, pod: Pod) {
        let key = (pod.meta.namespace.clone(), pod.meta.name.clone());
        self.index(&key, index_keys(&pod), true);
        self.pods.insert(key, pod);
    }

    pub fn remove_pod(&mut self, key: &Key) -> Option<Pod> {
        let pod = self.pods.remove(key)?;
        self.index(key, index_keys(&pod), false);
        Some(pod)
    }

    /// Applies `f` to a pod, keeping the owner and node indexes right.
    pub fn update_pod<R>(&mut self, key: &Key, f: impl FnOnce(&mut Pod) -> R) -> Option<R> {
        let rv = self.next_resource_version();
        let pod = self.pods.get_mut(key)?;
        let before = index_keys(pod);
        let r = f(pod);
        pod.meta.resource_version = rv;
        let after = index_keys(pod);
        // Most updates are status changes: the indexes only move when owner or node changes.
        if before == after {
            self.stamp_pod_keys(&before);
        } else {
            self.index(key, before, false);
            self.index(key, after, true);
        }
        Some(r)
    }

    /// Adds a pod's key to (or removes it from) the indexes its `keys` name, and stamps them.
    fn index(&mut self, key: &Key, keys: IndexKeys, add: bool) {
        self.stamp_pod_keys(&keys);
        let (owner, node, target) = keys;
        if node.is_none() {
            if add {
                self.unbound.insert(key.clone());
            } else {
                self.unbound.remove(key);
            }
        }
        for (map, k) in
            [(&mut self.pods_by_owner, owner), (&mut self.pods_by_node, node), (&mut self.pods_by_target, target)]
        {
            let Some(k) = k else { continue };
            if add {
                map.entry(k).or_default().insert(key.clone());
            } else if let Some(set) = map.get_mut(&k) {
                set.remove(key);
                if set.is_empty() {
                    map.remove(&k);
                }
            }
        }
    }

    pub fn pods_owned_by(&self, uid: &str) -> impl Iterator<Item = &Pod> {
        self.pod_keys_owned_by(uid).filter_map(|k| self.pods.get(k))
    }

    pub fn pod_count_owned_by(&self, uid: &str) -> usize {
        self.pods_by_owner.get(uid).map_or(0, BTreeSet::len)
    }

    pub fn pods_targeting(&self, node: &str) -> impl Iterator<Item = &Pod> {
        self.pod_keys_targeting(node).filter_map(|k| self.pods.get(k))
    }

    pub fn pods_on_node(&self, node: &str) -> impl Iterator<Item = &Pod> {
        self.pod_keys_on_node(node).filter_map(|k| self.pods.get(k))
    }

    pub fn daemonset_by_uid(&self, uid: &str) -> Option<&DaemonSet> {
        self.daemonsets.values().find(|d| d.meta.uid == uid)
    }
}
