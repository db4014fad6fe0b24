//! The simulated scheduler and kubelet. The scheduler binds a daemon pod to the node its
//! affinity names when it fits (resources, pod slots, host ports, taints); the kubelet takes a
//! bound pod through ContainerCreating to Running and Ready, or into image-pull back-off.

use crate::objects::{Condition, ContainerState, Pod};
use crate::placement::{matches_node_selector_and_affinity, untolerated_taint};
use crate::sim::{Simulation, Timer};
use crate::store::Key;

/// Image pull back-off: 10 s doubling to 5 minutes (kubelet's `backOffPeriod`/`MaxContainerBackOff`).
fn pull_backoff_ms(failures: u32) -> i64 {
    (10_000i64 << failures.saturating_sub(1).min(5)).min(300_000)
}

impl Simulation {
    /// One scheduling attempt (the default scheduler's filter plugins, reduced to one node).
    pub(crate) fn schedule_pod(&mut self, key: &Key) {
        let Some(pod) = self.store.pods().get(key) else { return };
        if pod.node_name().is_some() || pod.meta.deletion_ms.is_some() {
            return;
        }
        let total = self.store.nodes().len();
        let target = pod.target_node();
        let mut fit_error: Option<(String, bool)> = None;
        let mut chosen = None;
        // Daemon pods name exactly one node; plain pods may go anywhere they fit (first by name).
        let candidates: Vec<String> = match &target {
            Some(t) => vec![t.to_string()],
            None => self.store.nodes().keys().cloned().collect(),
        };
        let target = target.map(str::to_string);
        for name in candidates {
            let Some(node) = self.store.nodes().get(&name) else { continue };
            match self.fits(pod, node) {
                Ok(()) => {
                    chosen = Some(name);
                    break;
                }
                Err(e) => {
                    if fit_error.is_none() {
                        fit_error = Some(e);
                    }
                }
            }
        }
        let now = self.now;
        match chosen {
            Some(node_name) => {
                let message = format!("Successfully assigned {}/{} to {}", key.0, key.1, node_name);
                let uid_node = node_name.clone();
                self.store.update_pod(key, |p| {
                    p.bind(&uid_node);
                    p.status.scheduled = Some(Condition::new(true, now));
                });
                if let Some(p) = self.store.pods().get(key) {
                    self.record(Self::pod_ref(p, None), "Normal", "Scheduled", message, "default-scheduler", None);
                }
                self.kubelet_admit(key);
            }
            None => {
                // "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node
                // affinity/selector. preemption: ..." (FitError.Error and the preemption summary).
                let others =
                    total.saturating_sub(if target.as_ref().is_some_and(|t| self.store.nodes().contains_key(t)) {
                        1
                    } else {
                        0
                    });
                // (count, reason) pairs; equal reasons are summed as the scheduler's diagnosis does.
                let mut reasons: Vec<(usize, String)> = Vec::new();
                let mut preempt: Vec<(usize, String)> = Vec::new();
                let add =
                    |list: &mut Vec<(usize, String)>, n: usize, r: &str| match list.iter_mut().find(|(_, x)| x == r) {
                        Some(e) => e.0 += n,
                        None => list.push((n, r.to_string())),
                    };
                if let Some((reason, resources)) = &fit_error
                    && target.is_some()
                {
                    add(&mut reasons, 1, reason);
                    let p = if *resources {
                        "No preemption victims found for incoming pod"
                    } else {
                        "Preemption is not helpful for scheduling"
                    };
                    add(&mut preempt, 1, p);
                }
                if others > 0 {
                    add(&mut reasons, others, "node(s) didn't match Pod's node affinity/selector");
                    add(&mut preempt, others, "Preemption is not helpful for scheduling");
                }
                let render = |list: Vec<(usize, String)>| {
                    let mut v: Vec<String> = list.into_iter().map(|(n, r)| format!("{n} {r}")).collect();
                    crate::order::sort(&mut v);
                    v.join(", ")
                };
                let (reasons, preempt) = (render(reasons), render(preempt));
                let message = if total == 0 {
                    "no nodes available to schedule pods".to_string()
                } else {
                    format!(
                        "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {}.",
                        reasons, preempt
                    )
                };
                let changed = self
                    .store
                    .pods()
                    .get(key)
                    .is_some_and(|p| p.status.scheduled.as_ref().map(|s| &s.message) != Some(&message));
                if changed {
                    let msg = message.clone();
                    self.store.update_pod(key, |p| {
                        p.status.scheduled = Some(Condition { status: false, since_ms: now, message: msg })
                    });
                }
                if let Some(p) = self.store.pods().get(key) {
                    self.record(
                        Self::pod_ref(p, None),
                        "Warning",
                        "FailedScheduling",
                        message,
                        "default-scheduler",
                        None,
                    );
                }
                self.unschedulable.insert(key.clone());
            }
        }
        self.pod_changed(key);
    }

    /// Why `pod` does not fit `node` in the scheduler's words (`Insufficient cpu`), if it
    /// does not.
    pub(crate) fn fit_error(&self, pod: &Pod, node: &crate::objects::Node) -> Option<String> {
        self.fits(pod, node).err().map(|(reason, _)| reason)
    }

    /// Why a pod scheduled by `sched` would not fit `node` once the pods of the controller
    /// `owner` there are gone: what a rolling update's replacement would meet.
    pub(crate) fn replacement_fit_error(
        &self,
        sched: &crate::objects::PodScheduling,
        owner: &str,
        node: &crate::objects::Node,
    ) -> Option<String> {
        let own = |p: &Pod| p.meta.controller_ref().is_some_and(|r| r.uid == owner);
        self.fits_sched(sched, node, own).err().map(|(reason, _)| reason)
    }

    /// Why `pod` does not fit `node`: (reason, whether it is about resources).
    fn fits(&self, pod: &Pod, node: &crate::objects::Node) -> Result<(), (String, bool)> {
        self.fits_sched(&pod.sched, node, |_| false)
    }

    /// Why a pod scheduled by `sched` does not fit `node`, not counting the pods `ignored`.
    fn fits_sched(
        &self,
        sched: &crate::objects::PodScheduling,
        node: &crate::objects::Node,
        ignored: impl Fn(&Pod) -> bool,
    ) -> Result<(), (String, bool)> {
        if !matches_node_selector_and_affinity(sched, node) {
            return Err(("node(s) didn't match Pod's node affinity/selector".into(), false));
        }
        if node.unschedulable
            && !sched
                .tolerations
                .iter()
                .any(|t| t.tolerates(&crate::objects::Taint::new(crate::sim::UNSCHEDULABLE_TAINT, "", "NoSchedule")))
        {
            return Err(("node(s) were unschedulable".into(), false));
        }
        if let (Some(t), _) = untolerated_taint(&node.taints, &sched.tolerations) {
            return Err((format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value), false));
        }
        let mut cpu = 0;
        let mut mem = 0;
        let mut count = 0;
        let mut ports = Vec::new();
        for other in self.store.pods_on_node(&node.meta.name) {
            if other.is_terminal() || ignored(other) {
                continue;
            }
            count += 1;
            cpu += other.sched.cpu_request_milli;
            mem += other.sched.memory_request_milli;
            ports.extend(other.sched.host_ports.iter().cloned());
        }
        let mut insufficient = Vec::new();
        if node.allocatable.pods.is_some_and(|max| count + 1 > max) {
            insufficient.push("Too many pods".to_string());
        }
        if let Some(max) = node.allocatable.cpu_milli
            && sched.cpu_request_milli > 0
            && cpu + sched.cpu_request_milli > max
        {
            insufficient.push("Insufficient cpu".to_string());
        }
        if let Some(max) = node.allocatable.memory_milli
            && sched.memory_request_milli > 0
            && mem + sched.memory_request_milli > max
        {
            insufficient.push("Insufficient memory".to_string());
        }
        if !insufficient.is_empty() {
            return Err((insufficient.join(", "), true));
        }
        if sched.host_ports.iter().any(|p| ports.contains(p)) {
            return Err(("node(s) didn't have free ports for the requested pod ports".into(), false));
        }
        Ok(())
    }

    /// The kubelet sees a newly bound pod: sandbox and containers are being created.
    pub(crate) fn kubelet_admit(&mut self, key: &Key) {
        let now = self.now;
        let Some(pod) = self.store.pods().get(key) else { return };
        let Some(node) = pod.node_name().and_then(|n| self.store.nodes().get(n)) else { return };
        if node.kubelet_down {
            return;
        }
        let host_ip = node
            .status
            .get("addresses")
            .and_then(|a| a.as_array())
            .and_then(|a| a.iter().find(|x| x["type"] == "InternalIP"))
            .and_then(|x| x["address"].as_str())
            .map(str::to_string);
        let uid = pod.meta.uid.clone();
        self.store.update_pod(key, |p| {
            p.status.host_ip = host_ip;
            p.status.start_ms = Some(now);
            p.status.initialized_ms = Some(now);
            p.status.ready = Some(Condition::new(false, now));
            p.status.containers_ready = Some(Condition::new(false, now));
            p.status.container_states = p
                .sched
                .containers
                .iter()
                .map(|_| ContainerState::Waiting { reason: "ContainerCreating".into(), message: String::new() })
                .collect();
        });
        let start = self.config.pod_start_ms;
        self.schedule(now + start, Timer::Kubelet { pod: key.clone(), uid });
    }

    /// The kubelet's next step: pull the image and start the containers, or back off.
    pub(crate) fn kubelet_step(&mut self, key: &Key, uid: &str) {
        let now = self.now;
        let Some(pod) = self.store.pods().get(key) else { return };
        if pod.meta.uid != uid || pod.meta.deletion_ms.is_some() || pod.is_terminal() {
            return;
        }
        let Some(node_name) = pod.node_name().map(str::to_string) else { return };
        if self.store.nodes().get(&node_name).is_none_or(|n| n.kubelet_down) {
            return;
        }
        if matches!(pod.status.container_states.first(), Some(ContainerState::Running { .. })) {
            // Readiness (slow images): the container has been running long enough.
            self.mark_ready(key);
            return;
        }
        let broken: Vec<(String, String)> =
            pod.sched.containers.iter().filter(|(_, image)| self.broken_images.contains(image)).cloned().collect();
        let host: Option<std::rc::Rc<str>> = Some(node_name.as_str().into());
        if let Some((cname, image)) = broken.first().cloned() {
            let failures = pod.image_pull_failures + 1;
            let field = Some(format!("spec.containers{{{cname}}}"));
            let pod_ref = std::rc::Rc::new(Self::pod_ref(pod, field));
            // The kubelet alternates: a pull fails (ErrImagePull), the next sync backs off
            // (ImagePullBackOff) until the back-off expires and it pulls again.
            let pulling = !matches!(pod.status.container_states.first(), Some(ContainerState::Waiting { reason, .. }) if reason == "ErrImagePull");
            let prev_failures = pod.image_pull_failures;
            let (reason, message, next) = if pulling {
                let msg = format!(
                    "Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found"
                );
                self.record(
                    pod_ref.clone(),
                    "Normal",
                    "Pulling",
                    format!("Pulling image \"{image}\""),
                    "kubelet",
                    host.clone(),
                );
                self.record(pod_ref.clone(), "Warning", "Failed", msg.clone(), "kubelet", host.clone());
                self.record(pod_ref, "Warning", "Failed", "Error: ErrImagePull".into(), "kubelet", host);
                ("ErrImagePull", msg, 1_000)
            } else {
                let msg = format!("Back-off pulling image \"{image}\"");
                self.record(pod_ref.clone(), "Normal", "BackOff", msg.clone(), "kubelet", host.clone());
                self.record(pod_ref, "Warning", "Failed", "Error: ImagePullBackOff".into(), "kubelet", host);
                ("ImagePullBackOff", msg, pull_backoff_ms(prev_failures))
            };
            let failures = if pulling { failures } else { prev_failures };
            self.store.update_pod(key, |p| {
                p.image_pull_failures = failures;
                p.status.container_states = p
                    .sched
                    .containers
                    .iter()
                    .map(|(_, image)| {
                        if broken.iter().any(|(_, b)| b == image) {
                            ContainerState::Waiting { reason: reason.into(), message: message.clone() }
                        } else {
                            ContainerState::Waiting { reason: "ContainerCreating".into(), message: String::new() }
                        }
                    })
                    .collect();
            });
            let uid = uid.to_string();
            self.schedule(now + next, Timer::Kubelet { pod: key.clone(), uid });
            self.pod_changed(key);
            return;
        }
        let slow = pod
            .sched
            .containers
            .iter()
            .filter_map(|(_, image)| self.slow_images.get(image))
            .max()
            .copied()
            .unwrap_or(0);
        let base_ref = Self::pod_ref(pod, None);
        let containers = pod.sched.containers.clone();
        let node_index = self.store.nodes().get(&node_name).map(|n| (n.index, n.next_ip)).unwrap_or((0, 1));
        if let Some(n) = self.store.node_mut(&node_name) {
            n.next_ip = n.next_ip % 250 + 1;
        }
        let ip = format!("10.244.{}.{}", node_index.0 % 256, node_index.1 + 1);
        for (cname, image) in containers {
            let mut r = base_ref.clone();
            r.field_path = Some(format!("spec.containers{{{cname}}}"));
            let r = std::rc::Rc::new(r);
            self.record(
                r.clone(),
                "Normal",
                "Pulled",
                format!("Container image \"{image}\" already present on machine"),
                "kubelet",
                host.clone(),
            );
            self.record(r.clone(), "Normal", "Created", format!("Created container: {cname}"), "kubelet", host.clone());
            self.record(r, "Normal", "Started", format!("Started container {cname}"), "kubelet", host.clone());
        }
        self.store.update_pod(key, |p| {
            p.status.phase = "Running".into();
            p.status.pod_ip = Some(ip);
            p.status.container_states =
                p.sched.containers.iter().map(|_| ContainerState::Running { started_ms: now }).collect();
        });
        if slow > 0 {
            self.schedule(now + slow, Timer::Kubelet { pod: key.clone(), uid: uid.to_string() });
            self.pod_changed(key);
        } else {
            self.mark_ready(key);
        }
    }

    fn mark_ready(&mut self, key: &Key) {
        let now = self.now;
        self.store.update_pod(key, |p| {
            p.status.ready = Some(Condition::new(true, now));
            p.status.containers_ready = Some(Condition::new(true, now));
        });
        self.after_ready(key);
        self.pod_changed(key);
    }

    /// A daemon pod turned ready: with minReadySeconds its DaemonSet looks again once it is
    /// available (`updatePod` re-enqueues after minReadySeconds + 1 s).
    pub(crate) fn after_ready(&mut self, key: &Key) {
        let Some(pod) = self.store.pods().get(key) else { return };
        let Some(owner) = pod.meta.controller_ref() else { return };
        let Some(ds) = self.store.daemonset_by_uid(&owner.uid) else { return };
        if ds.min_ready_seconds > 0 {
            let at = self.now + ds.min_ready_seconds * 1000 + 1000;
            let k = ds.key();
            self.schedule(at, Timer::Requeue { ds: k });
        }
    }
}
