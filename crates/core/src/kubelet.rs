//! The kubelet: it takes a bound pod through ContainerCreating to Running and Ready, or into
//! image-pull back-off, and reports its containers' states.

use crate::objects::{Condition, ContainerImage, ContainerState, EventKind};
use crate::store::Key;
use crate::world::Timer;
use crate::world::World;
use std::collections::{BTreeMap, BTreeSet};

/// The kubelet's events ("Killing" is `World`'s, which stops a deleted pod's containers).
const PULLING: EventKind = EventKind::normal("Pulling", "kubelet");
const PULLED: EventKind = EventKind::normal("Pulled", "kubelet");
const CREATED: EventKind = EventKind::normal("Created", "kubelet");
const STARTED: EventKind = EventKind::normal("Started", "kubelet");
const FAILED: EventKind = EventKind::warning("Failed", "kubelet");
const BACK_OFF: EventKind = EventKind::normal("BackOff", "kubelet");

/// Image pull back-off: 10 s doubling to 5 minutes (kubelet's `backOffPeriod`/`MaxContainerBackOff`).
fn pull_backoff_ms(failures: u32) -> i64 {
    (10_000i64 << failures.saturating_sub(1).min(5)).min(300_000)
}

/// What the kubelets' image pulls meet: images the registry does not have (`sim image break`)
/// and images that take long to pull (`sim image slow`).
#[derive(Clone, Default)]
pub(crate) struct Kubelet {
    broken_images: BTreeSet<String>,
    slow_images: BTreeMap<String, i64>,
}

/// The node `pod` is bound to, `target` being the node it is for: the same node once bound
/// (the scheduler binds a pod to its target, and a pod created bound targets its node).
fn bound_node<'s>(
    store: &'s crate::store::Store,
    pod: &crate::objects::Pod,
    target: Option<&'s crate::objects::Node>,
) -> Option<&'s crate::objects::Node> {
    match pod.node_name() {
        Some(n) if pod.target_node() == Some(n) => target,
        Some(n) => store.nodes().get(n),
        None => None,
    }
}

/// The kubelet sees a newly bound pod (its watch on the pods bound to its node): sandbox and
/// containers are being created.
/// (`slot`: where the pod was when the caller saw it, a hint.)
/// (`owned`: the pod's key, kept by the kubelet's timer.)
pub(crate) fn admit(w: &mut World, owned: Key, slot: usize) {
    let key = &owned;
    let now = w.now;
    let Some((slot, pod, target)) = w.store.pod_and_target(key, slot) else { return };
    let Some(node) = bound_node(&w.store, pod, target) else { return };
    if node.kubelet_down {
        return;
    }
    let host_ip = node.internal_ip.clone();
    let uid = pod.meta.uid.clone();
    w.store.update_pod(key, |p| {
        // A hostNetwork pod has the node's address, from the kubelet's first status on.
        if p.sched.host_network {
            p.status.pod_ip = host_ip.as_deref().map(str::to_string);
        }
        p.status.host_ip = host_ip;
        p.status.start_ms = Some(now);
        // The kubelet's first status: no sandbox yet, and init containers still to run.
        let has_init = !p.sched.init_containers.is_empty();
        p.status.ready_to_start = Some(Condition::new(false, now));
        p.status.initialized = Some(Condition::new(!has_init, now));
        p.status.ready = Some(Condition::new(false, now));
        p.status.containers_ready = Some(Condition::new(false, now));
        let waiting = |reason: &str| ContainerState::Waiting { reason: reason.into(), message: String::new() };
        p.status.init_states = p.sched.init_containers.iter().map(|_| waiting("PodInitializing")).collect();
        let reason = if has_init { "PodInitializing" } else { "ContainerCreating" };
        p.status.container_states = p.sched.containers.iter().map(|_| waiting(reason)).collect();
    });
    let start = w.config.pod_start_ms;
    w.schedule(now + start, Timer::Kubelet { pod: owned, uid, slot });
}

impl Kubelet {
    /// `sim image break|fix`: the registry refuses, or serves again, pulls of `image`.
    pub(crate) fn set_image_broken(&mut self, image: &str, broken: bool) {
        if broken {
            self.broken_images.insert(image.to_string());
        } else {
            self.broken_images.remove(image);
        }
    }

    /// `sim image slow`: a pull of `image` takes `ms` (0: the default).
    pub(crate) fn set_image_pull_ms(&mut self, image: &str, ms: i64) {
        if ms == 0 {
            self.slow_images.remove(image);
        } else {
            self.slow_images.insert(image.to_string(), ms);
        }
    }

    pub(crate) fn image_is_broken(&self, image: &str) -> bool {
        self.broken_images.contains(image)
    }

    /// The pod's containers stopped after its grace period: the kubelet's final status
    /// lets the apiserver remove it (unless it is another pod of that name by now).
    pub(crate) fn terminated(&mut self, w: &mut World, key: &Key, uid: &str) {
        if w.store.pods().get(key).is_some_and(|p| p.meta.uid == uid) {
            w.finalize_pod(key);
        }
    }

    /// The kubelet's next step: pull the image and start the containers, or back off.
    pub(crate) fn step(&mut self, w: &mut World, key: &Key, uid: &str, slot: usize) {
        let now = w.now;
        let Some((slot, pod, target)) = w.store.pod_and_target(key, slot) else { return };
        if pod.meta.uid != uid || pod.meta.deletion_ms.is_some() || pod.is_terminal() {
            return;
        }
        // The pod's own shared name: the events' source host is no copy of it.
        let Some(node_name) = pod.node_names().0.cloned() else { return };
        if bound_node(&w.store, pod, target).is_none_or(|n| n.kubelet_down) {
            return;
        }
        if matches!(pod.status.container_states.first(), Some(ContainerState::Running { .. })) {
            // Readiness (slow images): the container has been running long enough.
            mark_ready(w, key);
            return;
        }
        let host = Some(std::rc::Rc::clone(&node_name));
        // Init containers pull and run first, one after the other, each to completion (at
        // once, here), a sidecar (restartPolicy: Always) until it has started; the first whose
        // image cannot be pulled stops the ones after it, and the containers wait for them all.
        let first_broken = pod.sched.init_containers.iter().position(|c| self.broken_images.contains(&c.image));
        let upto = first_broken.unwrap_or(pod.sched.init_containers.len());
        let inits = &pod.sched.init_containers;
        let to_run: Vec<usize> =
            (0..upto).filter(|&i| !pod.status.init_states.get(i).is_some_and(|s| inits[i].init_done(s))).collect();
        if !to_run.is_empty() {
            let sched = std::rc::Rc::clone(&pod.sched);
            let involved = crate::world::pod_ref(pod);
            for &i in &to_run {
                record_started(w, &involved, &sched.init_containers[i], &host);
            }
            w.store.update_pod(key, |p| {
                p.status.ready_to_start = Some(Condition::new(true, now));
                for &i in &to_run {
                    let sidecar = p.sched.init_containers.get(i).is_some_and(|c| c.restartable);
                    if let Some(st) = p.status.init_states.get_mut(i) {
                        *st = match sidecar {
                            true => ContainerState::Running { started_ms: now },
                            false => ContainerState::Terminated {
                                reason: "Completed".into(),
                                exit_code: 0,
                                started_ms: now,
                                finished_ms: now,
                            },
                        };
                    }
                }
                if first_broken.is_none() {
                    p.status.initialized = Some(Condition::new(true, now));
                }
            });
        }
        let Some(pod) = w.store.pods().get(key) else { return };
        let broken: Vec<ContainerImage> = match first_broken {
            Some(b) => vec![pod.sched.init_containers[b].clone()],
            None => pod.sched.containers.iter().filter(|c| self.broken_images.contains(&c.image)).cloned().collect(),
        };
        if let Some(ContainerImage { image, started_texts, .. }) = broken.first().cloned() {
            let failures = pod.image_pull_failures + 1;
            let field = Some(started_texts[0].clone());
            let involved = crate::world::pod_ref(pod);
            // The kubelet alternates: a pull fails (ErrImagePull), the next sync backs off
            // (ImagePullBackOff) until the back-off expires and it pulls again.
            let last_pull_failed =
                |s: &ContainerState| matches!(s, ContainerState::Waiting { reason, .. } if reason == "ErrImagePull");
            let pulling = !pod.status.init_states.iter().chain(&pod.status.container_states).any(last_pull_failed);
            let prev_failures = pod.image_pull_failures;
            let mut record = |kind, message: String| {
                w.record_shared(involved.clone(), field.clone(), kind, message.into(), host.clone())
            };
            let (reason, message, next) = if pulling {
                let msg = format!(
                    "Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found"
                );
                record(&PULLING, format!("Pulling image \"{image}\""));
                record(&FAILED, msg.clone());
                record(&FAILED, "Error: ErrImagePull".into());
                ("ErrImagePull", msg, 1_000)
            } else {
                let msg = format!("Back-off pulling image \"{image}\"");
                record(&BACK_OFF, msg.clone());
                record(&FAILED, "Error: ImagePullBackOff".into());
                ("ImagePullBackOff", msg, pull_backoff_ms(prev_failures))
            };
            let failures = if pulling { failures } else { prev_failures };
            w.store.update_pod(key, |p| {
                p.image_pull_failures = failures;
                // The sandbox was made before the pull.
                if !p.status.ready_to_start.as_ref().is_some_and(|c| c.status) {
                    p.status.ready_to_start = Some(Condition::new(true, now));
                }
                // A container that is not pulled yet waits as the kubelet's default says.
                let otherwise =
                    if p.sched.init_containers.is_empty() { "ContainerCreating" } else { "PodInitializing" };
                let waiting = |reason: &str, message: &str| ContainerState::Waiting {
                    reason: reason.into(),
                    message: message.into(),
                };
                let state = |c: &ContainerImage| {
                    if broken.iter().any(|b| b.image == c.image) {
                        waiting(reason, &message)
                    } else {
                        waiting(otherwise, "")
                    }
                };
                if let Some(b) = first_broken {
                    // Those before it completed; those after it wait for it.
                    for (i, st) in p.status.init_states.iter_mut().enumerate() {
                        if i == b {
                            *st = waiting(reason, &message);
                        } else if i > b {
                            *st = waiting(otherwise, "");
                        }
                    }
                    p.status.container_states = p.sched.containers.iter().map(|_| waiting(otherwise, "")).collect();
                } else {
                    p.status.container_states = p.sched.containers.iter().map(state).collect();
                }
            });
            let uid = uid.to_string();
            w.schedule(now + next, Timer::Kubelet { pod: key.clone(), uid, slot });
            w.pod_changed(key);
            return;
        }
        let slow =
            pod.sched.containers.iter().filter_map(|c| self.slow_images.get(&c.image)).max().copied().unwrap_or(0);
        let sched = std::rc::Rc::clone(&pod.sched);
        // Each container's events name the pod (one reference for them all) and, by their
        // fieldPath, that container.
        let involved = crate::world::pod_ref(pod);
        // A hostNetwork pod takes no address from the node's pod range.
        let ip = if sched.host_network {
            None
        } else {
            // (One lookup of the node for both the read and the write.)
            let (index, next_ip) = w
                .store
                .pod_node_unversioned(slot, &node_name)
                .map(|n| {
                    let taken = (n.index, n.next_ip);
                    n.next_ip = n.next_ip % 250 + 1;
                    taken
                })
                .unwrap_or((0, 1));
            Some(pod_ip(index, next_ip))
        };
        for c in &sched.containers {
            record_started(w, &involved, c, &host);
        }
        w.store.update_pod(key, |p| {
            if !p.status.ready_to_start.as_ref().is_some_and(|c| c.status) {
                p.status.ready_to_start = Some(Condition::new(true, now));
            }
            p.status.phase = "Running";
            if ip.is_some() {
                p.status.pod_ip = ip;
            }
            // (Into the list the waiting states held: no new one per pod.)
            p.status.container_states.clear();
            p.status
                .container_states
                .extend(p.sched.containers.iter().map(|_| ContainerState::Running { started_ms: now }));
        });
        if slow > 0 {
            w.schedule(now + slow, Timer::Kubelet { pod: key.clone(), uid: uid.to_string(), slot });
            w.pod_changed(key);
        } else {
            mark_ready(w, key);
        }
    }
}

/// `10.244.<index % 256>.<next_ip + 1>`, the address a node hands its next pod. Written by
/// hand: both parts are below 256, and `format!` was a sixth of a pod's start.
/// The events of a container's start, as the kubelet records them: Pulled (the image was
/// present), Created, Started, with the texts made once with the spec.
fn record_started(
    w: &mut World,
    pod_ref: &std::rc::Rc<crate::objects::ObjectRef>,
    c: &ContainerImage,
    host: &Option<std::rc::Rc<str>>,
) {
    let [field, pulled, created, started] = &*c.started_texts;
    for (kind, message) in [(&PULLED, pulled), (&CREATED, created), (&STARTED, started)] {
        w.record_shared(std::rc::Rc::clone(pod_ref), Some(field.clone()), kind, message.clone(), host.clone());
    }
}

fn pod_ip(index: u32, next_ip: u32) -> String {
    let mut ip = String::with_capacity(15);
    ip.push_str("10.244");
    for n in [index % 256, next_ip + 1] {
        ip.push('.');
        for (place, shown) in [(100, n >= 100), (10, n >= 10), (1, true)] {
            if shown {
                ip.push(char::from(b'0' + (n / place % 10) as u8));
            }
        }
    }
    ip
}

fn mark_ready(w: &mut World, key: &Key) {
    let now = w.now;
    w.store.update_pod(key, |p| {
        p.status.ready = Some(Condition::new(true, now));
        p.status.containers_ready = Some(Condition::new(true, now));
    });
    after_ready(w, key);
    w.pod_changed(key);
}

/// A daemon pod turned ready: with minReadySeconds its DaemonSet looks again once it is
/// available (`updatePod` re-enqueues after minReadySeconds + 1 s).
pub(crate) fn after_ready(w: &mut World, key: &Key) {
    let Some(pod) = w.store.pods().get(key) else { return };
    let Some(owner) = pod.meta.controller_ref() else { return };
    let Some(ds) = w.store.daemonset_by_uid(&owner.uid) else { return };
    if ds.min_ready_seconds > 0 {
        let at = w.now + ds.min_ready_seconds * 1000 + 1000;
        let k = ds.key();
        w.schedule(at, Timer::Requeue { ds: k });
    }
}

#[cfg(test)]
mod tests {
    use crate::harness::{Cluster, daemonset};

    #[test]
    fn pod_ips_read_as_formatted() {
        for index in [0, 7, 10, 99, 100, 255, 256, 300, 4999] {
            for next_ip in [1, 8, 9, 98, 99, 250] {
                let want = format!("10.244.{}.{}", index % 256, next_ip + 1);
                assert_eq!(super::pod_ip(index, next_ip), want);
            }
        }
    }

    #[test]
    fn the_kubelet_starts_a_bound_pod_and_backs_off_a_broken_image() {
        let mut c = Cluster::with_nodes(1);
        c.sim.break_image("broken:1", true);
        c.apply(&daemonset("ok", "a:1", "", "")).apply(&daemonset("bad", "broken:1", "", ""));
        let phase =
            |c: &Cluster, name: &str| c.pods_of(name).iter().map(|p| (p.phase.clone(), p.ready)).collect::<Vec<_>>();
        assert_eq!(phase(&c, "ok"), [("Pending".into(), false)]);
        c.advance(5_000);
        assert_eq!(phase(&c, "ok"), [("Running".into(), true)]);
        assert_eq!(phase(&c, "bad"), [("Pending".into(), false)]);
        let pod =
            c.sim.world.store.pods().values().find(|p| p.meta.name.starts_with("bad-")).expect("pod").meta.name.clone();
        let reasons = c.reasons_for(&pod);
        assert!(reasons.contains(&"Failed".to_string()) && reasons.contains(&"BackOff".to_string()), "{reasons:?}");
        c.sim.break_image("broken:1", false);
        c.advance(300_000);
        assert_eq!(phase(&c, "bad"), [("Running".into(), true)], "the back-off retry pulls the mended image");
    }
}
