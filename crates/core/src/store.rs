//! The object store (the apiserver's role): objects by kind, namespace and name, resource
//! versions, and the indexes the controllers need (pods by owner and by node). All maps are
//! ordered so that anything iterated into output is deterministic.

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

#[derive(Default)]
pub struct Store {
    pub namespaces: BTreeMap<String, i64>,
    pub nodes: BTreeMap<String, Node>,
    pub pods: BTreeMap<Key, Pod>,
    pub daemonsets: BTreeMap<Key, DaemonSet>,
    pub revisions: BTreeMap<Key, ControllerRevision>,
    pub events: Vec<Event>,
    /// Other kinds, keyed by (kind, namespace, name).
    pub generic: BTreeMap<(String, String, String), GenericObject>,
    /// Pods by the uid of their controller.
    pub pods_by_owner: BTreeMap<String, BTreeSet<Key>>,
    /// Pods by the node they are bound to.
    pub pods_by_node: BTreeMap<String, BTreeSet<Key>>,
    /// Pods by the node they are for: bound, or pinned by node affinity while pending.
    pub pods_by_target: BTreeMap<String, BTreeSet<Key>>,
    resource_version: u64,
}

impl Store {
    pub fn next_resource_version(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    pub fn insert_pod(&mut self, pod: Pod) {
        let key = (pod.meta.namespace.clone(), pod.meta.name.clone());
        self.index_pod(&key, &pod, true);
        self.pods.insert(key, pod);
    }

    pub fn remove_pod(&mut self, key: &Key) -> Option<Pod> {
        let pod = self.pods.remove(key)?;
        self.index_pod(key, &pod, false);
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
        if before != after {
            let (owner, node, target) = after;
            self.unindex(key, before);
            for (map, k) in
                [(&mut self.pods_by_owner, owner), (&mut self.pods_by_node, node), (&mut self.pods_by_target, target)]
            {
                if let Some(k) = k {
                    map.entry(k).or_default().insert(key.clone());
                }
            }
        }
        Some(r)
    }

    fn unindex(&mut self, key: &Key, (owner, node, target): IndexKeys) {
        for (map, k) in
            [(&mut self.pods_by_owner, owner), (&mut self.pods_by_node, node), (&mut self.pods_by_target, target)]
        {
            let Some(k) = k else { continue };
            if let Some(set) = map.get_mut(&k) {
                set.remove(key);
                if set.is_empty() {
                    map.remove(&k);
                }
            }
        }
    }

    fn index_pod(&mut self, key: &Key, pod: &Pod, add: bool) {
        let (owner, node, target) = index_keys(pod);
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
        self.pods_by_owner.get(uid).into_iter().flatten().filter_map(|k| self.pods.get(k))
    }

    pub fn pods_on_node(&self, node: &str) -> impl Iterator<Item = &Pod> {
        self.pods_by_node.get(node).into_iter().flatten().filter_map(|k| self.pods.get(k))
    }

    pub fn daemonset_by_uid(&self, uid: &str) -> Option<&DaemonSet> {
        self.daemonsets.values().find(|d| d.meta.uid == uid)
    }
}
