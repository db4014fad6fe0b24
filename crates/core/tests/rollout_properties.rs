//! Property tests over random clusters, strategies and fault sequences (a seeded generator, so
//! every failure reproduces): at rest every eligible node runs exactly one ready pod of the
//! current template; during a rollout the number of eligible nodes without an available daemon
//! pod never exceeds upstream's budget (maxUnavailable, or 0 with surge), faults aside.

use dsplay_core::Simulation;
use dsplay_core::daemon::{HASH_LABEL, is_pod_updated};
use dsplay_core::manifest::parse_stream;
use dsplay_core::placement::{node_should_run_daemon_pod, with_daemon_tolerations};
use dsplay_core::sim::NodeShape;
use dsplay_core::view_build::ViewCache;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn manifest(strategy: &str, min_ready: u64, image: &str, with_selector: bool) -> String {
    let selector = if with_selector { "      nodeSelector: {pool: general}\n" } else { "" };
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: agent}}\nspec:\n  minReadySeconds: {min_ready}\n  selector: {{matchLabels: {{app: agent}}}}\n  updateStrategy: {strategy}\n  template:\n    metadata: {{labels: {{app: agent}}}}\n    spec:\n{selector}      containers: [{{name: agent, image: \"{image}\"}}]\n"
    )
}

/// Eligible nodes (shouldRun) and how many of them lack an available up-to-date-or-old pod.
fn unavailable(sim: &Simulation, min_ready: i64) -> (usize, usize) {
    let Some(ds) = sim.store().daemonsets().values().next() else { return (0, 0) };
    let tolerations = with_daemon_tolerations(&ds.sched.tolerations, ds.sched.host_network);
    let mut eligible = 0;
    let mut missing = 0;
    for node in sim.store().nodes().values() {
        if !node_should_run_daemon_pod(node, &ds.sched, &tolerations).should_run {
            continue;
        }
        eligible += 1;
        let available = sim.store().pods_on_node(&node.meta.name).any(|p| {
            p.meta.controller_ref().is_some_and(|r| r.uid == ds.meta.uid)
                && !p.is_terminating()
                && p.is_available(min_ready, sim.now())
        });
        if !available {
            missing += 1;
        }
    }
    (eligible, missing)
}

fn check_at_rest(sim: &Simulation, seed: u64) {
    let ds = sim.store().daemonsets().values().next().expect("the DaemonSet");
    let hash = sim
        .revisions_of("default", "agent")
        .last()
        .and_then(|r| r.meta.labels.get(HASH_LABEL).cloned())
        .expect("a revision");
    let tolerations = with_daemon_tolerations(&ds.sched.tolerations, ds.sched.host_network);
    for node in sim.store().nodes().values() {
        let p = node_should_run_daemon_pod(node, &ds.sched, &tolerations);
        let pods: Vec<_> =
            sim.store().pods_on_node(&node.meta.name).filter(|p| p.meta.controller_ref().is_some()).collect();
        if p.should_run {
            assert_eq!(pods.len(), 1, "seed {seed}: node {} has {} pods", node.meta.name, pods.len());
            assert!(
                is_pod_updated(pods[0], &hash, ds.template_generation),
                "seed {seed}: node {} runs an old pod",
                node.meta.name
            );
            assert!(pods[0].is_ready(), "seed {seed}: pod on {} is not ready", node.meta.name);
        } else if !p.should_continue_running {
            assert!(pods.is_empty(), "seed {seed}: node {} should run nothing", node.meta.name);
        }
    }
    assert_eq!(ds.status.updated_number_scheduled, ds.status.desired_number_scheduled, "seed {seed}: status");
    assert_eq!(ds.status.number_available, ds.status.desired_number_scheduled, "seed {seed}: status");
}

#[test]
fn rollouts_respect_the_budget_and_converge_for_random_clusters() {
    for seed in 0..40u64 {
        let mut rng = Rng(seed);
        let mut sim = Simulation::new(seed);
        let nodes = 2 + rng.below(12);
        for i in 0..nodes {
            let mut shape = NodeShape::default();
            if rng.below(4) > 0 {
                shape.labels.insert("pool".into(), "general".into());
            }
            if rng.below(6) == 0 {
                shape.taints.push(dsplay_core::objects::Taint::new("dedicated", "x", "NoSchedule"));
            }
            shape.unschedulable = rng.below(8) == 0;
            sim.add_node(&format!("n{i}"), &shape).expect("node");
        }
        let surge = rng.below(3) == 0;
        let budget_text = if surge || rng.below(2) == 0 {
            format!("{}", 1 + rng.below(3))
        } else {
            format!("\"{}%\"", 10 * (1 + rng.below(6)))
        };
        let strategy = if surge {
            format!("{{type: RollingUpdate, rollingUpdate: {{maxSurge: {budget_text}, maxUnavailable: 0}}}}")
        } else {
            format!("{{type: RollingUpdate, rollingUpdate: {{maxUnavailable: {budget_text}}}}}")
        };
        let min_ready = rng.below(3) * 3;
        let with_selector = rng.below(2) == 0;
        let apply = |sim: &mut Simulation, image: &str| {
            let objs = parse_stream(&manifest(&strategy, min_ready, image, with_selector)).expect("manifest parses");
            for r in sim.apply(objs, "default", false) {
                r.unwrap_or_else(|e| panic!("seed {seed}: {e:?}"));
            }
        };
        apply(&mut sim, "agent:1");
        sim.advance(60_000);
        check_at_rest(&sim, seed);

        // A rollout, possibly to a slow image; the budget holds at every step.
        if rng.below(2) == 0 {
            sim.slow_image("agent:2", 1_000 + rng.below(4) as i64 * 1_000);
        }
        apply(&mut sim, "agent:2");
        let (eligible, _) = unavailable(&sim, min_ready as i64);
        let allowed = if surge {
            0
        } else if budget_text.ends_with("%\"") {
            let p: usize = budget_text.trim_matches(|c| c == '"' || c == '%').parse().expect("percent");
            (p * eligible).div_ceil(100).max(1)
        } else {
            budget_text.parse().expect("int")
        };
        // The renderer's incremental view must always equal a view built from scratch.
        let mut cache = ViewCache::default();
        for step in 0..200 {
            sim.advance(500);
            if step % 7 == 0 {
                sim.refresh_view(&mut cache);
                assert_eq!(cache.to_view(), sim.view(), "seed {seed}: incremental view differs at step {step}");
            }
            let (_, missing) = unavailable(&sim, min_ready as i64);
            assert!(missing <= allowed, "seed {seed}: {missing} of {eligible} nodes unavailable, budget {allowed}");
        }

        // Faults: fail and recover a node, fail a pod, change labels; it must settle again.
        let victim = format!("n{}", rng.below(nodes));
        sim.fail_node(&victim).expect("fail");
        sim.advance(45_000);
        let healthy =
            sim.store().pods().values().find(|p| p.node_name() != Some(victim.as_str())).map(|p| p.meta.name.clone());
        if let Some(pod) = healthy {
            sim.fail_pod("default", &pod).expect("pod fails");
        }
        let relabel = format!("n{}", rng.below(nodes));
        let mut labels = sim.store().nodes()[&relabel].meta.labels.as_ref().clone();
        if labels.remove("pool").is_none() {
            labels.insert("pool".into(), "general".into());
        }
        sim.set_node_labels(&relabel, labels).expect("labels");
        sim.refresh_view(&mut cache);
        assert_eq!(cache.to_view(), sim.view(), "seed {seed}: incremental view differs after faults");
        sim.recover_node(&victim).expect("recover");
        sim.advance(300_000);
        check_at_rest(&sim, seed);
        sim.refresh_view(&mut cache);
        assert_eq!(cache.to_view(), sim.view(), "seed {seed}: incremental view differs at rest");
    }
}
