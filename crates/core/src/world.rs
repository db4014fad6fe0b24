//! What every controller works against, as kube-controller-manager's controllers, the
//! scheduler and the kubelets share one apiserver: the store, the clock, the timer queue, the
//! event recorder and the name generator. A controller gets `&mut World` and nothing of
//! another controller's, so controllers meet only through objects and events, as upstream's
//! do (see `sim.rs` for the loop that hands the world to each in turn).

use crate::events::{NewEvent, Recorder};
use crate::names::NameStream;
use crate::objects::{DaemonSet, Node, ObjectRef, Pod};
use crate::sim::{Config, Timer};
use crate::store::Store;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::rc::Rc;

#[derive(Clone)]
pub(crate) struct World {
    pub(crate) store: Store,
    pub(crate) config: Config,
    /// Simulated wall clock, epoch milliseconds.
    pub(crate) now: i64,
    pub(crate) names: NameStream,
    pub(crate) timers: Timers,
    pub(crate) recorder: Recorder,
}

/// Timers by due time; timers due at the same instant fire in the order they were set.
#[derive(Clone, Default)]
pub(crate) struct Timers {
    heap: BinaryHeap<Reverse<(i64, u64, Timer)>>,
    seq: u64,
}

impl Timers {
    /// When the next timer falls due, if any.
    pub(crate) fn next_at(&self) -> Option<i64> {
        self.heap.peek().map(|Reverse((at, _, _))| *at)
    }
    /// The next timer, if it is due at `now` or before.
    pub(crate) fn pop_due(&mut self, now: i64) -> Option<Timer> {
        if self.next_at()? > now {
            return None;
        }
        self.heap.pop().map(|Reverse((_, _, timer))| timer)
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
        }
    }

    pub(crate) fn schedule(&mut self, at: i64, timer: Timer) {
        self.timers.seq += 1;
        self.timers.heap.push(Reverse((at, self.timers.seq, timer)));
    }

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

pub(crate) fn node_ref(node: &Node) -> ObjectRef {
    ObjectRef {
        kind: "Node",
        api_version: "v1",
        namespace: String::new(),
        name: node.meta.name.clone(),
        uid: node.meta.name.clone(),
        field_path: None,
    }
}
