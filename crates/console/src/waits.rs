//! The commands during which simulated time passes: kubectl blocks on them in a real cluster,
//! so here the clock moves until they are done, in steps. Kept together so that "which
//! commands move the clock" has one answer: `rollout status` and `delete --wait` here, and
//! besides them only `sim advance` (simcmd.rs, the clock itself) and `kubectl drain`'s wait
//! for evicted pods (`drain_node` in drain.rs, whose wait prints each pod as it goes and
//! words its timeout as kubectl's drain helper does).

use crate::resources::Resource;
use crate::{Console, Out};

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
