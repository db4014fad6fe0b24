//! The default scheduler, reduced to what DaemonSet pods meet: its filter plugins
//! (NodeResourcesFit, NodePorts, NodeUnschedulable, TaintToleration, NodeAffinity), and the
//! DefaultPreemption post-filter (victims, nomination, the room held for nominated pods).
//! Upstream: `pkg/scheduler/framework/plugins/*`, `pkg/scheduler/framework/preemption`.

use crate::objects::{Condition, EventKind, Pod};
use crate::placement::{matches_node_selector_and_affinity, untolerated_taint};
use crate::store::Key;
use crate::world::World;

const SCHEDULED: EventKind = EventKind::normal("Scheduled", "default-scheduler");
const FAILED_SCHEDULING: EventKind = EventKind::warning("FailedScheduling", "default-scheduler");
const PREEMPTED: EventKind = EventKind::normal("Preempted", "default-scheduler");

/// The default scheduler: its filter plugins and the DefaultPreemption post-filter. Its
/// state is its queue, in `World`.
#[derive(Clone, Default)]
pub(crate) struct Scheduler;

impl Scheduler {
    /// One scheduling attempt: the default scheduler's filter plugins on each candidate node
    /// (a daemon pod has one: the node its affinity names), then, when none fits, the
    /// DefaultPreemption post-filter (pkg/scheduler/framework/preemption).
    /// `slot`: where the pod was when it was queued (a hint).
    /// (`owned`: the pod's key, handed on to the kubelet's timer when the pod binds.)
    pub(crate) fn schedule_pod(&mut self, w: &mut World, owned: Key, slot: usize) {
        let key = &owned;
        // (The target node as the pod's last write found it: no lookup by name.)
        let Some((slot, pod, target_node)) = w.store.pod_and_target(key, slot) else { return };
        if pod.node_name().is_some() || pod.meta.deletion_ms.is_some() {
            return;
        }
        let total = w.store.nodes().len();
        let target = pod.target_node();
        // Nodes that failed a filter: (node, reason, whether preemption may help there).
        let mut failed: Vec<(String, String, bool)> = Vec::new();
        let mut chosen = None;
        // Daemon pods name exactly one node; plain pods may go anywhere they fit, their
        // nominated node first (`evaluateNominatedNode`), then by name.
        // (Borrowed names: a daemon pod's one candidate is not copied.)
        // (A daemon pod's one candidate needs no list.)
        let (one, all): ([&str; 1], Vec<&str>);
        let candidates: &[&str] = match target {
            Some(t) => {
                one = [t];
                &one
            }
            None => {
                let first = pod.status.nominated_node.as_deref();
                let rest = w.store.nodes().keys().map(String::as_str).filter(|n| first != Some(*n));
                all = first.into_iter().chain(rest).collect();
                &all
            }
        };
        for &name in candidates {
            let node = if target == Some(name) { target_node } else { w.store.nodes().get(name) };
            let Some(node) = node else { continue };
            match Self::fits(w, pod, node) {
                Ok(()) => {
                    // (A daemon pod's one candidate is its own shared name: no copy.)
                    chosen = Some(crate::objects::shared_text(pod.node_names().1, name));
                    break;
                }
                Err((reason, preemptable)) => failed.push((name.to_string(), reason, preemptable)),
            }
        }
        let now = w.now;
        match chosen {
            Some(node_name) => {
                // (Joined, not formatted: `format!` was a sixth of a pod's scheduling.)
                let message = ["Successfully assigned ", &key.0, "/", &key.1, " to ", &node_name].concat();
                // (Its name and uid stay as they are through the binding.)
                let involved = crate::world::pod_ref(pod);
                w.store.update_pod(key, |p| {
                    p.bind(&node_name);
                    p.status.scheduled = Some(Condition::new(true, now));
                });
                w.queues.scheduling.nominated.remove(key);
                w.record(involved, &SCHEDULED, message, None);
                // (The informers' handlers see the binding before the kubelet's first status:
                // they read neither, only the pod's owner and node.)
                w.pod_changed(key);
                crate::kubelet::admit(w, owned, slot);
                return;
            }
            None => {
                // "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node
                // affinity/selector." (FitError.Error), then the post-filter's own diagnosis.
                // A daemon pod's other nodes fail its node affinity.
                let others = if target.is_some() { total.saturating_sub(failed.len()) } else { 0 };
                let mut reasons: Vec<(usize, String)> = Vec::new();
                for (_, reason, _) in &failed {
                    add_reason(&mut reasons, 1, reason);
                }
                add_reason(&mut reasons, others, "node(s) didn't match Pod's node affinity/selector");
                let outcome = self.preempt_for(w, key, &failed, total);
                let message = if total == 0 {
                    "no nodes available to schedule pods".to_string()
                } else {
                    let mut m = format!("0/{total} nodes are available: {}.", render_reasons(reasons));
                    if let Preemption::Refused(why) | Preemption::NotEligible(why) = &outcome {
                        m.push_str(" preemption: ");
                        m.push_str(why);
                    }
                    m
                };
                let nominate = match outcome {
                    Preemption::Nominated(node) => Some(Some(node)),
                    // "No candidates" clears a nomination; "not eligible" keeps it.
                    Preemption::Refused(_) => Some(None),
                    Preemption::NotEligible(_) => None,
                };
                let Some(p) = w.store.pods().get(key) else { return };
                let changed = p.status.scheduled.as_ref().map(|s| &s.message) != Some(&message)
                    || nominate.as_ref().is_some_and(|n| n != &p.status.nominated_node);
                if changed {
                    let msg = message.clone();
                    w.store.update_pod(key, |p| {
                        p.status.scheduled = Some(Condition { status: false, since_ms: now, message: msg });
                        if let Some(n) = nominate {
                            p.status.nominated_node = n;
                        }
                    });
                }
                if w.store.pods().get(key).is_some_and(|p| p.status.nominated_node.is_some()) {
                    w.queues.scheduling.nominated.insert(key.clone());
                } else {
                    w.queues.scheduling.nominated.remove(key);
                }
                if let Some(p) = w.store.pods().get(key) {
                    w.record(crate::world::pod_ref(p), &FAILED_SCHEDULING, message, None);
                }
                w.queues.scheduling.unschedulable.insert(key.clone());
            }
        }
        w.pod_changed(key);
    }

    /// DefaultPreemption's post-filter for the pod `key`, which failed on the nodes `failed`:
    /// preempts the victims on the best candidate node and names it, or says why not.
    fn preempt_for(&mut self, w: &mut World, key: &Key, failed: &[(String, String, bool)], total: usize) -> Preemption {
        let Some(pod) = w.store.pods().get(key) else { return Preemption::Refused(String::new()) };
        // PodEligibleToPreemptOthers.
        if pod.sched.preempt_never {
            return Preemption::NotEligible("not eligible due to preemptionPolicy=Never.".into());
        }
        if let Some(nominated) = &pod.status.nominated_node
            && failed.iter().any(|(n, _, preemptable)| n == nominated && *preemptable)
            && w.store
                .pods_on_node(nominated)
                .any(|o| o.sched.priority < pod.sched.priority && o.is_terminating_by_preemption())
        {
            return Preemption::NotEligible("not eligible due to a terminating pod on the nominated node.".into());
        }
        // Only nodes whose failure preemption can resolve (resources, host ports) are tried.
        let mut statuses: Vec<(usize, String)> = Vec::new();
        let mut candidates: Vec<(&str, Vec<&Pod>)> = Vec::new();
        let mut tried = 0;
        for (name, _, _) in failed.iter().filter(|f| f.2) {
            let Some(node) = w.store.nodes().get(name) else { continue };
            tried += 1;
            match Self::select_victims(w, pod, node) {
                Ok(victims) => candidates.push((name, victims)),
                Err(reason) => add_reason(&mut statuses, 1, &reason),
            }
        }
        // pickOneNodeForPreemption (no PodDisruptionBudgets here): the lowest highest victim
        // priority, the lowest sum of priorities, the fewest victims, the latest start among
        // the highest-priority victims, then the first.
        let start = |p: &&Pod| p.status.start_ms.unwrap_or(i64::MAX);
        let best = candidates.into_iter().min_by_key(|(_, v)| {
            let top = v.first().map_or(i64::MIN, |p| p.sched.priority);
            let sum: i64 = v.iter().map(|p| p.sched.priority + i64::from(i32::MAX) + 1).sum();
            let earliest = v.iter().filter(|p| p.sched.priority == top).map(start).min().unwrap_or(i64::MAX);
            (top, sum, v.len(), std::cmp::Reverse(earliest))
        });
        let Some((node, victims)) = best else {
            add_reason(&mut statuses, total.saturating_sub(tried), "Preemption is not helpful for scheduling");
            return Preemption::Refused(format!("0/{total} nodes are available: {}.", render_reasons(statuses)));
        };
        let node = node.to_string();
        let (preemptor_uid, priority) = (pod.meta.uid.clone(), pod.sched.priority);
        let victims: Vec<Key> = victims.iter().map(|p| p.meta.key()).collect();
        self.preempt(w, &victims, &preemptor_uid, &node);
        // Lower-priority pods nominated to the node lose their claim on it.
        let lower: Vec<Key> = w
            .queues
            .scheduling
            .nominated
            .iter()
            .filter(|k| {
                *k != key
                    && w.store.pods().get(k).is_some_and(|p| {
                        p.status.nominated_node.as_deref() == Some(node.as_str()) && p.sched.priority < priority
                    })
            })
            .cloned()
            .collect();
        for k in lower {
            w.queues.scheduling.nominated.remove(&k);
            w.store.update_pod(&k, |p| p.status.nominated_node = None);
        }
        Preemption::Nominated(node)
    }

    /// `SelectVictimsOnNode`: every lower-priority pod comes off the node; if the preemptor
    /// then fits, each is put back, most important first (higher priority, then earlier
    /// start), unless the preemptor would no longer fit. The error is the node's status.
    fn select_victims<'s>(w: &'s World, pod: &Pod, node: &crate::objects::Node) -> Result<Vec<&'s Pod>, String> {
        let mut lower: Vec<&Pod> = w
            .store
            .pods_on_node(&node.meta.name)
            .filter(|o| !o.is_terminal() && o.sched.priority < pod.sched.priority)
            .collect();
        if lower.is_empty() {
            return Err("No preemption victims found for incoming pod".into());
        }
        let mut removed: Vec<&str> = lower.iter().map(|p| p.meta.uid.as_str()).collect();
        let fits = |removed: &[&str]| {
            Self::fits_sched(w, &pod.sched, node, |o| removed.contains(&o.meta.uid.as_str()), Some(pod))
        };
        fits(&removed).map_err(|(reason, _)| reason)?;
        crate::order::sort_by(&mut lower, |a, b| {
            b.sched
                .priority
                .cmp(&a.sched.priority)
                .then(a.status.start_ms.unwrap_or(i64::MAX).cmp(&b.status.start_ms.unwrap_or(i64::MAX)))
        });
        let mut victims = Vec::new();
        for p in lower {
            removed.retain(|u| *u != p.meta.uid);
            if fits(&removed).is_err() {
                removed.push(&p.meta.uid);
                victims.push(p);
            }
        }
        Ok(victims)
    }

    /// `prepareCandidate`: each victim gets the DisruptionTarget condition and is deleted with
    /// its grace period, and the scheduler records `Preempted` on it.
    fn preempt(&mut self, w: &mut World, victims: &[Key], preemptor_uid: &str, node: &str) {
        let now = w.now;
        for v in victims {
            // A victim already being deleted needs no second deletion, condition or event.
            if w.store.pods().get(v).is_none_or(Pod::is_terminating) {
                continue;
            }
            w.store.update_pod(v, |p| {
                if p.status.disruption_target.is_none() {
                    p.status.disruption_target = Some(Condition {
                        status: true,
                        since_ms: now,
                        message: "default-scheduler: preempting to accommodate a higher priority pod".into(),
                    });
                }
            });
            w.delete_pod_gracefully(v, None);
            if let Some(p) = w.store.pods().get(v) {
                let message = format!("Preempted by pod {preemptor_uid} on node {node}");
                w.record(crate::world::pod_ref(p), &PREEMPTED, message, None);
            }
        }
    }

    /// Why `pod` does not fit `node` in the scheduler's words (`Insufficient cpu`), if it
    /// does not.
    pub(crate) fn fit_error(w: &World, pod: &Pod, node: &crate::objects::Node) -> Option<String> {
        Self::fits(w, pod, node).err().map(|(reason, _)| reason)
    }

    /// Why a pod scheduled by `sched` would not fit `node` once the pods of the controller
    /// `owner` there are gone: what a rolling update's replacement would meet.
    pub(crate) fn replacement_fit_error(
        w: &World,
        sched: &crate::objects::PodScheduling,
        owner: &str,
        node: &crate::objects::Node,
    ) -> Option<String> {
        let own = |p: &Pod| p.meta.controller_ref().is_some_and(|r| r.uid == owner);
        Self::fits_sched(w, sched, node, own, None).err().map(|(reason, _)| reason)
    }

    /// Why `pod` does not fit `node`: (reason, whether it is about resources).
    fn fits(w: &World, pod: &Pod, node: &crate::objects::Node) -> Result<(), (String, bool)> {
        Self::fits_sched(w, &pod.sched, node, |_| false, Some(pod))
    }

    /// Why a pod scheduled by `sched` does not fit `node`, not counting the pods `ignored`:
    /// (reason, whether preemption may help: resources and host ports). For the pod `for_pod`,
    /// the pods nominated to the node at its priority or higher count as if bound there
    /// (`RunFilterPluginsWithNominatedPods`).
    fn fits_sched(
        w: &World,
        sched: &crate::objects::PodScheduling,
        node: &crate::objects::Node,
        ignored: impl Fn(&Pod) -> bool,
        for_pod: Option<&Pod>,
    ) -> Result<(), (String, bool)> {
        if !matches_node_selector_and_affinity(sched, node) {
            return Err(("node(s) didn't match Pod's node affinity/selector".into(), false));
        }
        if node.unschedulable
            && !sched.tolerations.iter().any(|t| {
                t.tolerates(&crate::objects::Taint::new(crate::objects::UNSCHEDULABLE_TAINT, "", "NoSchedule"))
            })
        {
            return Err(("node(s) were unschedulable".into(), false));
        }
        if let (Some(t), _) = untolerated_taint(&node.taints, &sched.tolerations) {
            return Err((format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value), false));
        }
        let mut cpu: i64 = 0;
        let mut mem: i64 = 0;
        let mut count = 0;
        let mut ports = Vec::new();
        let nominated = for_pod.into_iter().flat_map(|me| {
            w.queues.scheduling.nominated.iter().filter_map(|k| w.store.pods().get(k)).filter(move |o| {
                o.meta.uid != me.meta.uid
                    && o.node_name().is_none()
                    && o.status.nominated_node.as_deref() == Some(node.meta.name.as_str())
                    && o.sched.priority >= me.sched.priority
            })
        });
        for other in w.store.pods_on(node).chain(nominated) {
            if other.is_terminal() || ignored(other) {
                continue;
            }
            count += 1;
            // Requests are parsed saturating at i64::MAX; their sums saturate too, as a
            // request that large never fits anyway.
            cpu = cpu.saturating_add(other.sched.cpu_request_milli);
            mem = mem.saturating_add(other.sched.memory_request_milli);
            ports.extend(other.sched.host_ports.iter().cloned());
        }
        let mut insufficient = Vec::new();
        if node.allocatable.pods.is_some_and(|max| count + 1 > max) {
            insufficient.push("Too many pods".to_string());
        }
        if let Some(max) = node.allocatable.cpu_milli
            && sched.cpu_request_milli > 0
            && cpu.saturating_add(sched.cpu_request_milli) > max
        {
            insufficient.push("Insufficient cpu".to_string());
        }
        if let Some(max) = node.allocatable.memory_milli
            && sched.memory_request_milli > 0
            && mem.saturating_add(sched.memory_request_milli) > max
        {
            insufficient.push("Insufficient memory".to_string());
        }
        if !insufficient.is_empty() {
            return Err((insufficient.join(", "), true));
        }
        if sched.host_ports.iter().any(|p| ports.contains(p)) {
            return Err(("node(s) didn't have free ports for the requested pod ports".into(), true));
        }
        Ok(())
    }
}

/// What the post-filter did.
enum Preemption {
    /// Victims are going; the pod is nominated to this node.
    Nominated(String),
    /// No candidate node, as the FailedScheduling message's `preemption:` part says it (the
    /// pod's nomination is cleared).
    Refused(String),
    /// The pod may not preempt (its policy, or victims still going): its nomination stays.
    NotEligible(String),
}

/// Adds `n` nodes failing for `reason` to a diagnosis (equal reasons are summed).
fn add_reason(list: &mut Vec<(usize, String)>, n: usize, reason: &str) {
    if n == 0 {
        return;
    }
    match list.iter_mut().find(|(_, r)| r == reason) {
        Some(e) => e.0 += n,
        None => list.push((n, reason.to_string())),
    }
}

/// "1 Insufficient cpu, 2 node(s) didn't match ...": sorted as the scheduler's histogram.
fn render_reasons(list: Vec<(usize, String)>) -> String {
    let mut v: Vec<String> = list.into_iter().map(|(n, r)| format!("{n} {r}")).collect();
    crate::order::sort(&mut v);
    v.join(", ")
}

#[cfg(test)]
mod tests {
    use crate::harness::{Cluster, daemonset};

    /// Each of the DaemonSet's pods' PodScheduled message, or "" once bound.
    fn scheduling(c: &Cluster, name: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = c
            .sim
            .world
            .store
            .pods()
            .values()
            .filter(|p| p.meta.generate_name.as_deref() == Some(&format!("{name}-")))
            .map(|p| {
                let message = match (&p.status.scheduled, p.node_name()) {
                    (_, Some(_)) => String::new(),
                    (Some(s), None) => s.message.clone(),
                    (None, None) => "not tried".into(),
                };
                (p.target_node().unwrap_or_default().to_string(), message)
            })
            .collect();
        crate::order::sort(&mut out);
        out
    }

    /// A bare pod `name` (not a daemon pod: no automatic tolerations) with these extra lines
    /// for its spec, each indented for its place.
    fn pod(name: &str, spec_lines: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{spec_lines}  containers:\n  - name: c\n    image: a:1\n"
        )
    }

    /// The scheduler's diagnosis of pod `name`: its PodScheduled message, "" once bound.
    fn diagnosis(c: &Cluster, name: &str) -> String {
        let pod = c.sim.world.store.pods().get(&("default".to_string(), name.to_string())).expect("the pod");
        match (&pod.status.scheduled, pod.node_name()) {
            (_, Some(node)) => format!("bound to {node}"),
            (Some(s), None) => s.message.clone(),
            (None, None) => "not tried".into(),
        }
    }

    #[test]
    fn a_binding_and_the_kubelets_first_status_take_versions_around_the_scheduled_event() {
        // The binding, the Scheduled event, then the kubelet's first status, each with its
        // own version. A node whose kubelet is down writes no status: the binding is the
        // pod's last write. (The two pods together pin the order: a change that merges the
        // binding and the first status into one write must still give each its version.)
        let mut c = Cluster::with_nodes(2);
        c.sim.fail_node("n1").expect("n1 fails");
        let on = |node: &str| format!("  nodeSelector: {{kubernetes.io/hostname: {node}}}\n");
        c.apply(&pod("up", &on("n0"))).apply(&pod("down", &on("n1")));
        let store = &c.sim.world.store;
        for (name, after_event, started) in [("up", 1, true), ("down", -1, false)] {
            let found = store.pods().get(&("default".to_string(), name.to_string())).expect("the pod");
            let scheduled = store
                .events()
                .iter()
                .find(|e| e.involved.name == name && e.kind.reason == "Scheduled")
                .expect("its Scheduled event");
            assert_eq!(
                Some(found.meta.resource_version),
                scheduled.resource_version.checked_add_signed(after_event),
                "{name}"
            );
            assert!(found.node_name().is_some(), "{name} is bound");
            assert_eq!(found.status.host_ip.is_some(), started, "{name}: the kubelet's first status");
        }
    }

    #[test]
    fn filters_name_the_first_reason_each_node_fails() {
        // TaintToleration and NodeUnschedulable, in the default scheduler's order, for a pod
        // that tolerates neither (daemon pods get tolerations that hide both).
        let mut c = Cluster::with_nodes(0);
        c.node("tainted", &[], &["dedicated=gpu:NoSchedule"]).node("cordoned", &[], &[]);
        c.sim.set_node_unschedulable("cordoned", true).expect("cordon");
        c.apply(&pod("p", "")).advance(1_000);
        assert_eq!(
            diagnosis(&c, "p"),
            "0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable. \
             preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
        );
        // A toleration of the taint lets it through that filter, and it binds there.
        let tolerates = "  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]\n";
        c.apply(&pod("q", tolerates)).advance(1_000);
        assert_eq!(diagnosis(&c, "q"), "bound to tainted");
        // Uncordoning lets the first one bind at its retry.
        c.sim.set_node_unschedulable("cordoned", false).expect("uncordon");
        c.advance(60_000);
        assert_eq!(diagnosis(&c, "p"), "bound to cordoned");
    }

    #[test]
    fn a_pod_that_did_not_fit_anywhere_is_tried_again_when_room_is_freed() {
        let mut c = Cluster::with_nodes(1);
        let big = "    resources: {requests: {cpu: \"3\"}}\n";
        let with_request = |yaml: String| yaml.replace("    image: a:1\n", &format!("    image: a:1\n{big}"));
        c.apply(&with_request(pod("hog", ""))).advance(5_000);
        c.apply(&with_request(pod("waiter", ""))).advance(5_000);
        assert!(diagnosis(&c, "waiter").contains("Insufficient cpu"), "{}", diagnosis(&c, "waiter"));
        c.sim.delete_pod("default", "hog").expect("deleted");
        c.advance(60_000);
        assert_eq!(diagnosis(&c, "waiter"), "bound to n0");
    }

    #[test]
    fn default_preemption_evicts_a_lower_priority_pod_to_make_room() {
        let mut c = Cluster::with_nodes(1);
        let class = |name: &str, value: i64| {
            format!(
                "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: {name}\nvalue: {value}\n"
            )
        };
        c.apply(&class("low", 10)).apply(&class("high", 1000));
        let wants =
            |class: &str| format!("  priorityClassName: {class}\n  nodeSelector: {{kubernetes.io/hostname: n0}}\n");
        let big = "    resources: {requests: {cpu: \"3\"}}\n";
        let with_request = |yaml: String| yaml.replace("    image: a:1\n", &format!("    image: a:1\n{big}"));
        c.apply(&with_request(pod("victim", &wants("low")))).advance(5_000);
        assert_eq!(diagnosis(&c, "victim"), "bound to n0");
        c.apply(&with_request(pod("preemptor", &wants("high")))).advance(1_000);
        assert!(c.reasons_for("victim").iter().any(|r| r == "Preempted"), "{:?}", c.reasons_for("victim"));
        let victim = c.sim.world.store.pods().get(&("default".to_string(), "victim".to_string()));
        assert!(victim.is_none_or(|p| p.meta.deletion_ms.is_some()), "the victim is deleted");
        c.advance(60_000);
        assert_eq!(diagnosis(&c, "preemptor"), "bound to n0");
    }

    /// Two nodes and a DaemonSet `big` whose pods ask for more cpu than either node has.
    fn too_big_for_its_nodes() -> Cluster {
        let mut c = Cluster::with_nodes(2);
        let big = "        resources: {requests: {cpu: \"5\"}}\n";
        let yaml =
            daemonset("big", "a:1", "", "").replace("        image: a:1\n", &format!("        image: a:1\n{big}"));
        c.apply(&yaml).advance(5_000);
        c
    }

    #[test]
    fn deleting_a_node_leaves_the_pods_that_did_not_fit_there_untried() {
        // The scheduler retries unschedulable pods on node adds and updates; a deleted node
        // only reaches the DaemonSet controller (and pod GC), so its pending pod is not tried
        // again and gets no new diagnosis.
        let mut c = too_big_for_its_nodes();
        let pod = c.sim.world.store.pods().values().find(|p| p.target_node() == Some("n1")).expect("n1's pod");
        let pod = pod.meta.name.clone();
        let tried = |c: &Cluster| c.reasons_for(&pod).iter().filter(|r| *r == "FailedScheduling").count();
        let before = tried(&c);
        c.sim.delete_node("n1").expect("deleted");
        assert_eq!(tried(&c), before, "{:?}", c.reasons_for(&pod));
    }

    #[test]
    fn a_daemon_pod_that_does_not_fit_its_node_stays_pending_with_the_schedulers_diagnosis() {
        let c = too_big_for_its_nodes();
        // Each pod is pinned to its node, so the other node fails the node affinity.
        let why = "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector. \
                   preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.";
        assert_eq!(scheduling(&c, "big"), [("n0".into(), why.into()), ("n1".into(), why.into())]);
        let status = c.status("big");
        assert_eq!((status.desired_number_scheduled, status.current_number_scheduled, status.number_ready), (2, 2, 0));
        assert!(c.sim.world.store.pods().values().all(|p| p.status.phase == "Pending"));
    }

    #[test]
    fn a_host_port_taken_on_a_node_keeps_the_second_daemon_pending_there() {
        let mut c = Cluster::with_nodes(1);
        let port = "        ports: [{containerPort: 80, hostPort: 8080}]\n";
        for name in ["first", "second"] {
            let yaml =
                daemonset(name, "a:1", "", "").replace("        image: a:1\n", &format!("        image: a:1\n{port}"));
            c.apply(&yaml).advance(5_000);
        }
        assert_eq!(scheduling(&c, "first"), [("n0".into(), String::new())]);
        let (_, why) = &scheduling(&c, "second")[0];
        assert!(
            why.starts_with("0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports."),
            "{why}"
        );
        assert_eq!(
            c.reasons_for(&c.sim.world.store.pods().values().last().expect("pod").meta.name).last().map(String::as_str),
            Some("FailedScheduling")
        );
    }
}
