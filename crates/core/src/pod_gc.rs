//! Pod GC (`pkg/controller/podgc/gc_controller.go`), for what a DaemonSet meets: pods bound to
//! a node that no longer exists are deleted by the pass (every 20 s) after the quarantine
//! (`gcOrphaned`, 40 s). Terminated pods past the threshold are not simulated.

use crate::store::Key;
use crate::time::SIM_EPOCH_MS;
use crate::world::Timer;
use crate::world::World;

/// How often pod GC runs (`gcCheckPeriod`).
const GC_PERIOD_MS: i64 = 20_000;

/// Pod GC: it keeps nothing between passes.
#[derive(Clone, Default)]
pub(crate) struct PodGc;

impl PodGc {
    /// Node `name` was deleted: the first pass after the quarantine removes its pods.
    pub(crate) fn after_quarantine(&mut self, w: &mut World, name: &str) {
        let due = w.now + w.config.pod_gc_quarantine_ms;
        let at = ((due - SIM_EPOCH_MS + GC_PERIOD_MS - 1) / GC_PERIOD_MS) * GC_PERIOD_MS + SIM_EPOCH_MS;
        w.schedule(at, Timer::PodGc { node: name.to_string() });
    }

    /// The pass: the pods still bound to `node`, if it is still gone, are deleted at once.
    pub(crate) fn run(&mut self, w: &mut World, node: &str) {
        if !w.store.nodes().contains_key(node) {
            let keys: Vec<Key> = w.store.pod_keys_on_node(node);
            for k in keys {
                w.finalize_pod(&k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::harness::{Cluster, daemonset};

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
