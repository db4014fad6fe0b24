//! The what-if preview against what Apply then does, over random clusters and manifests (a
//! seeded generator, so every failure reproduces): for every node, the preview's change is
//! exactly what one Apply plus one settle does to that node's daemon pods (created bound:
//! `gain`; created but not schedulable: `pending`; deleted where the DaemonSet no longer runs:
//! `lose`; deleted or created beside an old pod: `replace`), and a node the settle leaves alone
//! is `none` unless a rolling update will come to it (`replace`, or `pending` when its
//! replacement would not fit). The page's way (a forked console, stepped) and `dsplay plan`'s
//! (`preview::preview`) must give the same answer.

use std::collections::BTreeMap;

use dsplay_console::{Console, ScriptCommand};
use dsplay_core::Simulation;
use dsplay_core::manifest::parse_stream;
use dsplay_core::preview::{self, Change};

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
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn apply_command(body: &str) -> ScriptCommand {
    let mut lines: Vec<String> = body.lines().map(str::to_string).collect();
    lines.push("EOF".into());
    ScriptCommand { line: 1, first_line: "kubectl apply -f - <<EOF".into(), heredoc_lines: lines }
}

/// A random DaemonSet named `name`: selector, tolerations, requests, host port, strategy.
fn daemonset(rng: &mut Rng, name: &str) -> String {
    let mut spec = String::new();
    if rng.chance(40) {
        spec.push_str(&format!("      nodeSelector:\n        pool: {}\n", rng.pick(&["general", "gpu"])));
    }
    if rng.chance(40) {
        spec.push_str("      tolerations:\n      - key: gpu\n        operator: Exists\n        effect: NoSchedule\n");
    }
    if rng.chance(20) {
        spec.push_str("      hostNetwork: true\n");
    }
    let image = format!("registry.k8s.io/{name}:{}", rng.below(3));
    let mut container = format!("      - name: c\n        image: {image}\n");
    if rng.chance(35) {
        let cpu = rng.pick(&["100m", "900m", "1500m", "3"]);
        container.push_str(&format!("        resources:\n          requests:\n            cpu: {cpu}\n"));
    }
    if rng.chance(20) {
        container.push_str("        ports:\n        - containerPort: 9100\n          hostPort: 9100\n");
    }
    let strategy = match rng.below(4) {
        0 => "  updateStrategy:\n    type: OnDelete\n".to_string(),
        1 => "  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n".to_string(),
        2 => format!("  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: {}\n", rng.pick(&["1", "2", "50%"])),
        _ => String::new(),
    };
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\nspec:\n{strategy}  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n{spec}      containers:\n{container}"
    )
}

fn cluster(rng: &mut Rng) -> Console {
    let mut console = Console::new();
    for i in 0..1 + rng.below(7) {
        let mut line = format!("sim node add n{i}");
        if rng.chance(60) {
            line.push_str(&format!(" --label pool={}", rng.pick(&["general", "gpu"])));
        }
        if rng.chance(25) {
            line.push_str(" --taint gpu=true:NoSchedule");
        }
        if rng.chance(15) {
            line.push_str(" --unschedulable");
        }
        line.push_str(&format!(" --cpu {}", rng.pick(&["1", "2", "4"])));
        run(&mut console, &line);
    }
    // Some DaemonSets already run, some of them mid-way through a rollout.
    for name in ["agent", "logs"] {
        if rng.chance(60) {
            run_apply(&mut console, &daemonset(rng, name));
            run(&mut console, &format!("sim advance {}s", rng.below(40)));
        }
    }
    console
}

fn run(console: &mut Console, line: &str) {
    let out = console.run_line(line);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.text());
}

fn run_apply(console: &mut Console, manifest: &str) -> bool {
    console.run(&apply_command(manifest)).exit_code == 0
}

/// The preview as the page computes it: `kubectl apply` on a forked console in stepwise mode,
/// its steps run one by one, then `preview::diff`.
fn page_preview(live: &Console, manifest: &str) -> Option<Vec<preview::NodeChange>> {
    let mut fork = live.fork();
    fork.simulation_mut().set_stepwise(true);
    if fork.run(&apply_command(manifest)).exit_code != 0 {
        return None;
    }
    while fork.simulation_mut().step() {}
    Some(preview::diff(live.simulation(), fork.simulation()))
}

/// The live daemon pods (uid, bound) of the DaemonSets `names`, by (node, DaemonSet).
type Pods = BTreeMap<(String, String), Vec<(String, bool)>>;

fn daemon_pods(sim: &Simulation, names: &[String]) -> Pods {
    let mut out: Pods = BTreeMap::new();
    for ds in sim.store().daemonsets().values().filter(|d| names.contains(&d.meta.name)) {
        for pod in sim.store().pods_owned_by(&ds.meta.uid) {
            if pod.is_terminating() {
                continue;
            }
            let node = pod.target_node().unwrap_or_default().to_string();
            out.entry((node, ds.meta.name.clone()))
                .or_default()
                .push((pod.meta.uid.clone(), pod.node_name().is_some()));
        }
    }
    out
}

#[test]
fn the_preview_predicts_what_one_apply_and_one_settle_do() {
    let mut checked = 0;
    for seed in 0..300u64 {
        let mut rng = Rng(seed);
        let live = cluster(&mut rng);
        // A new DaemonSet, a change to a running one, or both in one stream.
        let manifest = match rng.below(3) {
            0 => daemonset(&mut rng, "agent"),
            1 => daemonset(&mut rng, "logs"),
            _ => format!("{}---\n{}", daemonset(&mut rng, "agent"), daemonset(&mut rng, "extra")),
        };
        let names: Vec<String> = ["agent", "logs", "extra"]
            .iter()
            .filter(|n| manifest.contains(&format!("name: {n}\n")))
            .map(|n| n.to_string())
            .collect();

        let page = page_preview(&live, &manifest);
        let (plan, errors) =
            preview::preview(live.simulation(), parse_stream(&manifest).unwrap_or_default(), "default");
        let mut applied = live.fork();
        let before = daemon_pods(applied.simulation(), &names);
        let ok = run_apply(&mut applied, &manifest);
        let after = daemon_pods(applied.simulation(), &names);
        assert_eq!(page.is_some(), ok, "seed {seed}: the page previews exactly what Apply accepts");
        assert_eq!(errors.is_empty(), ok, "seed {seed}: plan refuses exactly what Apply refuses");
        let Some(page) = page else { continue };
        assert_eq!(page, plan, "seed {seed}: the page and plan agree\n{manifest}");
        checked += 1;

        let predicted: BTreeMap<&str, Change> = preview::per_node(&page).into_iter().collect();
        // Nodes whose old pod the settle deleted to roll it: replaced, or pending if the new
        // one will not fit, which time tells.
        let mut rolled: Vec<(String, String)> = Vec::new();
        for node in applied.simulation().store().nodes().keys() {
            let explanations = applied.simulation().explain(node);
            // What the settle did here, the most significant of each DaemonSet's.
            let mut observed: Option<Change> = None;
            for name in &names {
                let key = (node.clone(), name.clone());
                let old = before.get(&key).cloned().unwrap_or_default();
                let new = after.get(&key).cloned().unwrap_or_default();
                let created: Vec<&(String, bool)> = new.iter().filter(|p| !old.iter().any(|o| o.0 == p.0)).collect();
                let deleted = old.iter().any(|o| !new.iter().any(|p| p.0 == o.0));
                let should_run = explanations.iter().any(|e| e.daemonset == *name && e.should_run);
                let effect = if created.iter().any(|p| !p.1) {
                    Change::Pending
                } else if !created.is_empty() {
                    if old.is_empty() { Change::Gain } else { Change::Replace }
                } else if deleted {
                    if should_run {
                        rolled.push((node.clone(), name.clone()));
                        Change::Replace
                    } else {
                        Change::Lose
                    }
                } else {
                    continue;
                };
                observed = observed.max(Some(effect));
            }
            let said = predicted.get(node.as_str()).copied();
            let context = format!("seed {seed}, node {node}: preview {said:?}, observed {observed:?}\n{manifest}");
            match observed {
                // Untouched by this settle: nothing, or a rolling update's later node.
                None => assert!(matches!(said, None | Some(Change::Replace | Change::Pending)), "{context}"),
                // What happened, or more (a later node of another DaemonSet's rollout, a
                // replacement that would not fit).
                Some(o) => assert!(
                    said == Some(o) || (said > Some(o) && matches!(said, Some(Change::Replace | Change::Pending))),
                    "{context}"
                ),
            }
        }
        if names.len() == 1 && !rolled.is_empty() {
            run(&mut applied, "sim advance 60s");
            let later = daemon_pods(applied.simulation(), &names);
            for key in rolled {
                let said = predicted.get(key.0.as_str()).copied();
                let pods = later.get(&key).cloned().unwrap_or_default();
                let want = if pods.iter().any(|p| !p.1) { Change::Pending } else { Change::Replace };
                assert_eq!(said, Some(want), "seed {seed}, node {}: a minute on, {pods:?}\n{manifest}", key.0);
            }
        }
    }
    assert!(checked > 150, "most random manifests are valid ({checked} of 300)");
}
