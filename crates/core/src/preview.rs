//! What Apply would do, before Apply: the manifest applied to a fork of the simulation, the
//! controller and scheduler run to one settle (no time passes), and the fork's daemon pods
//! compared with the live ones, node by node. Defaults, validation, templates and the
//! scheduler's verdicts are the real code paths', so the preview agrees with Apply.

use crate::daemon::is_pod_updated;
use crate::manifest::ParsedObject;
use crate::objects::{DaemonSet, Pod};
use crate::{ApiError, Simulation};

/// What `preview` found: the changes, and the errors of the objects Apply would refuse.
pub type Preview = (Vec<NodeChange>, Vec<ApiError>);

/// What Apply would do on one node for one DaemonSet, most significant last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A pod would be created here.
    Gain,
    /// The pod here would be rolled to the new template.
    Replace,
    /// The pod here would be deleted.
    Lose,
    /// A pod would be created but could not be scheduled (resources, host port).
    Pending,
}

impl Change {
    /// The word for `data-preview` and `dsplay plan`'s CHANGE column.
    pub fn word(self) -> &'static str {
        match self {
            Change::Gain => "gain",
            Change::Replace => "replace",
            Change::Lose => "lose",
            Change::Pending => "pending",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeChange {
    pub node: String,
    pub namespace: String,
    pub daemonset: String,
    pub change: Change,
    /// Why, in the node panel's words: the rule that keeps it off, the scheduler's reason, or
    /// what changed.
    pub reason: String,
    /// A `Pending` pod would replace one that runs here (not a new pod on the node).
    pub replaces: bool,
}

/// The changes Apply of `objects` would make, by node then DaemonSet, and the errors Apply
/// would report for the objects it refuses (it applies the others, as kubectl does).
pub fn preview(sim: &Simulation, objects: Vec<ParsedObject>, namespace: &str) -> Preview {
    let mut fork = sim.clone();
    fork.set_stepwise(false);
    fork.finish();
    let errors: Vec<ApiError> = fork.apply(objects, namespace, false).into_iter().filter_map(Result::err).collect();
    (diff(sim, &fork), errors)
}

/// What `fork` (a clone of `live` to which a manifest was applied and that settled since)
/// did differently, node by node, for the DaemonSets the manifest changed. The page runs the
/// fork's settle in slices itself, then asks this.
pub fn diff(live: &Simulation, fork: &Simulation) -> Vec<NodeChange> {
    let sim = live;
    let mut changes = Vec::new();
    for (key, ds) in fork.world.store.daemonsets() {
        let live = sim.world.store.daemonsets().get(key).filter(|d| d.meta.uid == ds.meta.uid);
        // Only what this Apply changes: a DaemonSet it leaves as it was (a rollout under way
        // included) is not its doing.
        if live.is_some_and(|l| l.meta.generation == ds.meta.generation) {
            continue;
        }
        let rolling = matches!(ds.strategy, crate::objects::UpdateStrategy::RollingUpdate { .. });
        let hash = current_hash(fork, ds);
        // A replacement that the scheduler would refuse (its old pod's room included) stays
        // Pending: that is the most significant thing Apply would do there.
        // (A template the Priority plugin refuses creates nothing: the fork shows that.)
        let replacement = crate::daemon::daemon_pod_spec(&ds.spec["template"], &fork.world.store, &ds.meta.namespace)
            .map_or_else(|_| std::rc::Rc::new(ds.sched.clone()), |(_, sched)| sched);
        let replace = |node: &crate::objects::Node| match crate::scheduler::Scheduler::replacement_fit_error(
            &fork.world,
            &replacement,
            &ds.meta.uid,
            node,
        ) {
            Some(why) => (Change::Pending, why),
            None => (Change::Replace, "new pod template".to_string()),
        };
        for (name, node) in fork.world.store.nodes().iter() {
            let now = daemon_pods(fork, ds, name);
            let before = live.map(|l| daemon_pods(sim, l, name)).unwrap_or_default();
            let mut change = |change: Change, reason: String| {
                changes.push(NodeChange {
                    node: name.clone(),
                    namespace: ds.meta.namespace.clone(),
                    daemonset: ds.meta.name.clone(),
                    change,
                    reason,
                    replaces: change == Change::Pending && !before.is_empty(),
                });
            };
            let created: Vec<&&Pod> = now.iter().filter(|p| !before.iter().any(|b| b.meta.uid == p.meta.uid)).collect();
            if let Some(pod) = created.first() {
                if pod.node_name().is_none() {
                    let why = crate::scheduler::Scheduler::fit_error(&fork.world, pod, node).unwrap_or_default();
                    change(Change::Pending, why);
                } else if before.is_empty() {
                    change(Change::Gain, String::new());
                } else {
                    let (c, why) = replace(node);
                    change(c, why);
                }
                continue;
            }
            if !before.is_empty() && now.is_empty() {
                let why = fork
                    .explain(name)
                    .into_iter()
                    .find(|e| e.daemonset == ds.meta.name && e.namespace == ds.meta.namespace);
                match why {
                    // The old pod is going first, and a new one will follow (a rolling update).
                    Some(e) if e.should_run => {
                        let (c, why) = replace(node);
                        change(c, why);
                    }
                    why => {
                        let reason = why.and_then(|e| e.reasons.into_iter().find(|r| !r.contains(" matches")));
                        change(Change::Lose, reason.unwrap_or_default());
                    }
                }
                continue;
            }
            // A rolling update's later nodes: their old pods would be replaced in time.
            if rolling && now.iter().any(|p| !is_pod_updated(p, &hash, ds.template_generation)) {
                let (c, why) = replace(node);
                change(c, why);
            }
        }
    }
    changes
}

/// The most significant change per node (pending, then lose, then replace, then gain).
pub fn per_node(changes: &[NodeChange]) -> Vec<(&str, Change)> {
    let mut out: Vec<(&str, Change)> = Vec::new();
    for c in changes {
        match out.iter_mut().find(|(n, _)| *n == c.node) {
            Some((_, change)) => *change = (*change).max(c.change),
            None => out.push((&c.node, c.change)),
        }
    }
    out
}

/// "Apply would create 3 pods, delete 1, replace 4; 1 would stay Pending".
pub fn summary(changes: &[NodeChange]) -> String {
    let count = |c: Change| changes.iter().filter(|x| x.change == c).count();
    // A replacement that would stay Pending is still a replacement.
    let pending_replacements = changes.iter().filter(|x| x.change == Change::Pending && x.replaces).count();
    let pending = count(Change::Pending);
    let (create, delete, replace) = (
        count(Change::Gain) + pending - pending_replacements,
        count(Change::Lose),
        count(Change::Replace) + pending_replacements,
    );
    if create + delete + replace == 0 {
        return "Apply would change no pods".to_string();
    }
    let mut parts = Vec::new();
    if create > 0 {
        parts.push(format!("create {create} pod{}", if create == 1 { "" } else { "s" }));
    }
    if delete > 0 {
        parts.push(if parts.is_empty() {
            format!("delete {delete} pod{}", plural(delete))
        } else {
            format!("delete {delete}")
        });
    }
    if replace > 0 {
        parts.push(if parts.is_empty() {
            format!("replace {replace} pod{}", plural(replace))
        } else {
            format!("replace {replace}")
        });
    }
    let mut text = format!("Apply would {}", parts.join(", "));
    if pending > 0 {
        text.push_str(&format!("; {pending} would stay Pending"));
    }
    text
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A DaemonSet's live (not terminating) pods for `node`.
fn daemon_pods<'s>(sim: &'s Simulation, ds: &DaemonSet, node: &str) -> Vec<&'s Pod> {
    sim.world.store.pods_targeting_owned_by(node, &ds.meta.uid).filter(|p| !p.is_terminating()).collect()
}

/// The hash of the DaemonSet's current revision.
fn current_hash(sim: &Simulation, ds: &DaemonSet) -> String {
    sim.world
        .store
        .revisions()
        .values()
        .filter(|r| r.meta.owner_references.iter().any(|o| o.uid == ds.meta.uid))
        .max_by_key(|r| r.revision)
        .and_then(|r| r.meta.labels.get(crate::daemon::HASH_LABEL).cloned())
        .unwrap_or_default()
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse_stream;
    use crate::sim::NodeShape;

    fn ds(name: &str, extra: &str, image: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n{extra}      containers:\n      - name: c\n        image: {image}\n"
        )
    }

    fn cluster() -> Simulation {
        let mut sim = Simulation::new(1);
        sim.add_nodes(&["a".into(), "b".into(), "c".into()], &NodeShape::default());
        let mut labels = sim.world.store.nodes().get("a").unwrap().meta.labels.as_ref().clone();
        labels.insert("ssd".into(), "true".into());
        sim.set_node_labels("a", labels).unwrap();
        sim
    }

    fn apply(sim: &mut Simulation, text: &str) {
        let results = sim.apply(parse_stream(text).unwrap(), "default", false);
        assert!(results.iter().all(Result::is_ok));
        sim.advance(30_000);
    }

    #[test]
    fn a_new_daemonset_gains_where_apply_creates_pods_and_the_fork_leaves_the_live_cluster_alone() {
        let sim = cluster();
        let manifest = ds("agent", "      nodeSelector:\n        ssd: \"true\"\n", "busybox:1");
        let (changes, _) = preview(&sim, parse_stream(&manifest).unwrap(), "default");
        assert_eq!(per_node(&changes), vec![("a", Change::Gain)]);
        assert_eq!(summary(&changes), "Apply would create 1 pod");
        assert!(sim.world.store.daemonsets().is_empty(), "the live simulation is untouched");
        // Apply itself creates exactly there.
        let mut applied = sim.clone();
        apply(&mut applied, &manifest);
        let nodes: Vec<&str> = applied.store().pods().values().filter_map(|p| p.node_name()).collect();
        assert_eq!(nodes, vec!["a"]);
    }

    #[test]
    fn a_new_image_replaces_a_narrower_selector_loses_and_a_huge_request_stays_pending() {
        let mut sim = cluster();
        apply(&mut sim, &ds("agent", "", "busybox:1"));
        let (changes, _) = preview(&sim, parse_stream(&ds("agent", "", "busybox:2")).unwrap(), "default");
        assert_eq!(per_node(&changes), vec![("a", Change::Replace), ("b", Change::Replace), ("c", Change::Replace)]);
        assert_eq!(summary(&changes), "Apply would replace 3 pods");

        let narrower = ds("agent", "      nodeSelector:\n        ssd: \"true\"\n", "busybox:1");
        let (changes, _) = preview(&sim, parse_stream(&narrower).unwrap(), "default");
        // The selector is part of the template: the pod that stays is rolled to it too.
        assert_eq!(per_node(&changes), vec![("a", Change::Replace), ("b", Change::Lose), ("c", Change::Lose)]);
        assert!(changes[1].reason.contains("nodeSelector ssd=true does not match"), "{changes:?}");

        let huge = ds("big", "", "busybox:1").replace(
            "        image: busybox:1\n",
            "        image: busybox:1\n        resources:\n          requests:\n            cpu: \"64\"\n",
        );
        let (changes, _) = preview(&sim, parse_stream(&huge).unwrap(), "default");
        assert_eq!(per_node(&changes), vec![("a", Change::Pending), ("b", Change::Pending), ("c", Change::Pending)]);
        assert_eq!(changes[0].reason, "Insufficient cpu");
        assert_eq!(summary(&changes), "Apply would create 3 pods; 3 would stay Pending");

        // The same request on the running DaemonSet: its replacements would stay Pending,
        // though a rolling update deletes an old pod before it creates the new one.
        let huge_update = ds("agent", "", "busybox:1").replace(
            "        image: busybox:1\n",
            "        image: busybox:1\n        resources:\n          requests:\n            cpu: \"64\"\n",
        );
        let (changes, _) = preview(&sim, parse_stream(&huge_update).unwrap(), "default");
        assert_eq!(per_node(&changes), vec![("a", Change::Pending), ("b", Change::Pending), ("c", Change::Pending)]);
        assert!(changes.iter().all(|c| c.reason == "Insufficient cpu"), "{changes:?}");
        assert_eq!(summary(&changes), "Apply would replace 3 pods; 3 would stay Pending");
    }

    #[test]
    fn an_unchanged_daemonset_is_not_previewed_even_mid_rollout() {
        let mut sim = cluster();
        apply(&mut sim, &ds("agent", "", "busybox:1"));
        let results = sim.apply(parse_stream(&ds("agent", "", "busybox:2")).unwrap(), "default", false);
        assert!(results.iter().all(Result::is_ok));
        // The rollout to busybox:2 is under way; planning another DaemonSet shows only it.
        let (changes, _) = preview(&sim, parse_stream(&ds("other", "", "busybox:1")).unwrap(), "default");
        assert_eq!(per_node(&changes), vec![("a", Change::Gain), ("b", Change::Gain), ("c", Change::Gain)]);
        assert!(changes.iter().all(|c| c.daemonset == "other"));
        let (same, _) = preview(&sim, parse_stream(&ds("agent", "", "busybox:2")).unwrap(), "default");
        assert!(same.is_empty(), "{same:?}");
    }

    #[test]
    fn an_invalid_manifest_previews_nothing() {
        let sim = cluster();
        let bad = ds("agent", "", "busybox:1").replace("app: agent\n  template", "app: other\n  template");
        let (changes, errors) = preview(&sim, parse_stream(&bad).unwrap(), "default");
        assert!(changes.is_empty() && errors.len() == 1);
    }
}
