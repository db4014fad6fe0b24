//! The commands during which simulated time passes: kubectl blocks on them in a real cluster,
//! so here the clock moves until they are done, in steps. Kept together so that "which
//! commands move the clock" has one answer, this module: `sim advance` (the clock itself),
//! `rollout status`, `delete --wait`, and `kubectl drain`'s wait for the pods it evicted.

use crate::resources::Resource;
use crate::{Console, Out};
use dsplay_core::store::Key;
use dsplay_core::validate::GoStr;

/// `kubectl rollout status ds/NAME`: simulated time passes while it watches.
pub(crate) fn rollout_status(
    console: &mut Console,
    ns: &str,
    name: &str,
    timeout_ns: Option<i64>,
    watch: bool,
    out: &mut Out,
) -> Result<(), String> {
    let key = (ns.to_string(), name.to_string());
    // kubectl would wait forever; a playground stops after an hour of simulated time.
    let limit = timeout_ns.map(crate::flags::ns_to_ms).filter(|t| *t > 0).unwrap_or(3_600_000);
    console.sim.finish();
    // Once the DaemonSet is found, watchtools' ContextWithOptionalTimeout takes a negative
    // timeout as none, after logging that it should not be (until.go), before any status.
    if timeout_ns.is_some_and(|t| t < 0) && console.sim.store().daemonsets().contains_key(&key) {
        let now = console.sim.now();
        crate::flags::klog(out, 'E', now, "until.go:159", "\"Timeout for context shall not be negative\"");
    }
    let start = console.sim.elapsed_ms();
    // One line per watch event: the initial object and every change to it.
    let mut last_version = None;
    loop {
        let Some(ds) = console.sim.store().daemonsets().get(&key) else {
            return Err(crate::errors::not_found("daemonsets.apps", name));
        };
        if matches!(ds.strategy, dsplay_core::objects::UpdateStrategy::OnDelete) {
            return Err("error: rollout status is only available for RollingUpdate strategy type".into());
        }
        let st = &ds.status;
        let (msg, done) = if ds.meta.generation > st.observed_generation {
            ("Waiting for daemon set spec update to be observed...\n".to_string(), false)
        } else if st.updated_number_scheduled < st.desired_number_scheduled {
            (
                format!(
                    "Waiting for daemon set \"{name}\" rollout to finish: {} out of {} new pods have been updated...\n",
                    st.updated_number_scheduled, st.desired_number_scheduled
                ),
                false,
            )
        } else if st.number_available < st.desired_number_scheduled {
            (
                format!(
                    "Waiting for daemon set \"{name}\" rollout to finish: {} of {} updated pods are available...\n",
                    st.number_available, st.desired_number_scheduled
                ),
                false,
            )
        } else {
            (format!("daemon set \"{name}\" successfully rolled out\n"), true)
        };
        if last_version != Some(ds.meta.resource_version) {
            out.out(&msg);
            last_version = Some(ds.meta.resource_version);
        }
        if done || !watch {
            return Ok(());
        }
        if console.sim.elapsed_ms() - start >= limit {
            return Err("error: timed out waiting for the condition".into());
        }
        let step = 1_000.min(limit - (console.sim.elapsed_ms() - start));
        // kubectl watches: the time passes in full before it looks again (also on the page,
        // where the simulation otherwise runs its work in steps between frames).
        console.sim.advance(step);
        console.sim.finish();
    }
}

/// kubectl waits (`--wait=true`) until the object is gone; simulated time passes meanwhile.
pub(crate) fn wait_for_deletion(console: &mut Console, res: &Resource, ns: &str, name: &str) {
    let key = (ns.to_string(), name.to_string());
    console.sim.finish();
    for _ in 0..600 {
        let present = match res {
            Resource::Pod => console.sim.store().pods().contains_key(&key),
            Resource::DaemonSet => console.sim.store().daemonsets().contains_key(&key),
            _ => false,
        };
        if !present {
            return;
        }
        // A pod on a node whose kubelet is gone never finishes terminating: stop waiting.
        if let Resource::Pod = res
            && let Some(pod) = console.sim.store().pods().get(&key)
            && pod.node_name().and_then(|n| console.sim.store().nodes().get(n)).is_none_or(|n| n.kubelet_down)
        {
            return;
        }
        console.sim.advance(100);
        console.sim.finish();
    }
}

/// `sim advance DURATION`: the clock itself.
pub(crate) fn advance(console: &mut Console, ms: u64) {
    console.sim.advance(ms);
}

/// The pods a drain evicted or deleted: each key with the uid the pod had.
pub(crate) type DrainedPods = Vec<(Key, String)>;

/// What `kubectl drain` waits for after its evictions or deletions.
pub(crate) struct DrainWait<'a> {
    pub(crate) pods: DrainedPods,
    /// `elapsed_ms` when the wait began, and how long it may last.
    pub(crate) start: u64,
    pub(crate) limit: u64,
    pub(crate) evict: bool,
    /// `--timeout` as kubectl prints it.
    pub(crate) timeout: &'a str,
    /// "evicted" or "deleted".
    pub(crate) done: &'a str,
}

/// `kubectl drain`'s wait (`waitForDelete`), polling each simulated second: each pod is
/// printed as it goes. When the limit runs out, the pods still there and the errors kubectl's
/// drain helper words for them.
pub(crate) fn wait_for_drained(
    console: &mut Console,
    wait: DrainWait,
    out: &mut Out,
) -> Result<(), (DrainedPods, Vec<String>)> {
    let DrainWait { pods: mut waiting, start, limit, evict, timeout, done } = wait;
    loop {
        console.sim.finish();
        waiting.retain(|(key, uid)| {
            let gone = console.sim.store().pods().get(key).is_none_or(|p| p.meta.uid != *uid);
            if gone {
                out.out(&format!("pod/{} {done}\n", key.1));
            }
            !gone
        });
        if waiting.is_empty() {
            return Ok(());
        }
        let waited = console.sim.elapsed_ms() - start;
        if waited >= limit {
            // Evictions wait on the global timeout's context, each pod on its own; deletions
            // poll all pods with the timeout itself (wait.PollImmediate's ErrWaitTimeout).
            let errors: Vec<String> = if evict {
                waiting
                    .iter()
                    .map(|(key, _)| {
                        format!(
                            "error when waiting for pod {:?} terminating: global timeout reached: {timeout}",
                            GoStr(&key.1)
                        )
                    })
                    .collect()
            } else {
                vec!["timed out waiting for the condition".to_string()]
            };
            return Err((waiting, errors));
        }
        // Pods on a node whose kubelet has stopped never finish terminating: kubectl waits out
        // its timeout, and so does the clock here, in one move rather than a poll a second.
        let stuck = waiting.iter().all(|(key, _)| {
            let pod = console.sim.store().pods().get(key);
            pod.and_then(|p| p.node_name())
                .and_then(|n| console.sim.store().nodes().get(n))
                .is_some_and(|n| n.kubelet_down)
        });
        console.sim.advance(if stuck { limit - waited } else { 1_000.min(limit - waited) });
    }
}
