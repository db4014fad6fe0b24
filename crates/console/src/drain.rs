//! `kubectl drain`, as `kubectl/pkg/cmd/drain` and `kubectl/pkg/drain` do it: cordon every
//! node first, then per node list its pods (`spec.nodeName=NODE`, every namespace), run them
//! through the filters of `filters.go` in their order (DaemonSet-managed, mirror, local
//! storage, unmanaged; finished pods pass), refuse the node if a filter is fatal, else warn,
//! evict what is left and wait, in simulated time, until it is gone.

use dsplay_core::objects::Pod;
use dsplay_core::sim::ApiError;
use dsplay_core::store::Key;
use dsplay_core::validate::GoStr;

use crate::errors::api_error;
use crate::flags::{Spec, duration_flag, flag, int_flag, optional_value, parse};
use crate::{Console, Out};

const DRAIN_FLAGS: &[Spec] = &[
    flag("ignore-daemonsets", None, false),
    flag("force", None, false),
    flag("delete-emptydir-data", None, false),
    flag("delete-local-data", None, false),
    int_flag("grace-period"),
    duration_flag("timeout"),
    flag("selector", Some('l'), true),
    flag("pod-selector", None, true),
    optional_value("dry-run", "unchanged"),
    flag("disable-eviction", None, false),
    int_flag("skip-wait-for-delete-timeout"),
];

const DAEMONSET_FATAL: &str = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
const DAEMONSET_WARNING: &str = "ignoring DaemonSet-managed Pods";
const LOCAL_STORAGE_FATAL: &str = "Pods with local storage (use --delete-emptydir-data to override)";
const LOCAL_STORAGE_WARNING: &str = "deleting Pods with local storage";
const UNMANAGED_FATAL: &str = "cannot delete Pods that declare no controller (use --force to override)";
const UNMANAGED_WARNING: &str = "deleting Pods that declare no controller";

/// A drain without `--timeout` waits forever in kubectl; here it stops after this much
/// simulated time (a kubelet that never comes back would otherwise hang the console).
const NO_TIMEOUT_LIMIT_MS: u64 = 60 * 60_000;

/// What the filters decided for one pod (`PodDeleteStatus`).
#[derive(Clone, Debug, PartialEq)]
enum Verdict {
    Okay,
    Skip,
    Warning { delete: bool, message: String },
    Error(String),
}

impl Verdict {
    fn deletes(&self) -> bool {
        matches!(self, Verdict::Okay | Verdict::Warning { delete: true, .. })
    }
}

struct Options {
    ignore_daemonsets: bool,
    force: bool,
    delete_emptydir_data: bool,
}

pub(crate) fn drain(console: &mut Console, args: &[String], out: &mut Out) -> Result<(), String> {
    let p = parse(args, DRAIN_FLAGS, "kubectl drain")?;
    let options = Options {
        ignore_daemonsets: p.bool("ignore-daemonsets"),
        force: p.bool("force"),
        delete_emptydir_data: p.bool("delete-emptydir-data") || p.bool("delete-local-data"),
    };
    if p.bool("delete-local-data") {
        out.note("Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n");
    }
    // A negative grace period means the pod's own.
    let grace = p.int64("grace-period", "kubectl drain")?.filter(|g| *g >= 0);
    let timeout_ns = p.duration("timeout", "kubectl drain")?.unwrap_or(0);
    // The suffix kubectl's printers add, when it is a dry run.
    let dry_run = match crate::flags::dry_run_of(&p, console.sim.now(), out)? {
        crate::flags::DryRun::None => None,
        d => Some(d.suffix()),
    };
    let pod_selector = match p.get("pod-selector") {
        None => None,
        Some(s) => Some(
            dsplay_core::labels::Selector::parse(s)
                .map_err(|_| "error: --pod-selector=<pod_selector> must be a valid label selector".to_string())?,
        ),
    };
    let node_selector =
        p.get("selector").map(dsplay_core::labels::Selector::parse).transpose().map_err(|e| format!("error: {e}"))?;
    if !p.args.is_empty() && node_selector.is_some() {
        return Err("error: cannot specify both a node name and a --selector option".into());
    }
    let nodes: Vec<String> = match &node_selector {
        Some(sel) => console
            .sim
            .store()
            .nodes()
            .values()
            .filter(|n| sel.matches(&n.meta.labels))
            .map(|n| n.meta.name.clone())
            .collect(),
        None => p
            .args
            .iter()
            .map(|n| n.strip_prefix("node/").or(n.strip_prefix("nodes/")).unwrap_or(n).to_string())
            .collect(),
    };
    if p.args.is_empty() && node_selector.is_none() {
        return Err("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples".into());
    }
    // The builder finds every node before anything is cordoned.
    for node in &nodes {
        if !console.sim.store().nodes().contains_key(node) {
            return Err(api_error(&ApiError::NotFound { resource: "nodes".into(), name: node.clone() }, None, false));
        }
    }
    if nodes.is_empty() {
        out.note("No resources found\n");
        return Ok(());
    }
    let suffix = dry_run.unwrap_or_default();
    // Without eviction kubectl deletes the pods, and says so.
    let evict = !p.bool("disable-eviction");
    for node in &nodes {
        let already = console.sim.store().nodes().get(node).is_some_and(|n| n.unschedulable);
        if already {
            out.out(&format!("node/{node} already cordoned{suffix}\n"));
        } else {
            if dry_run.is_none()
                && let Err(e) = console.sim.set_node_unschedulable(node, true)
            {
                out.err(&format!("error: unable to cordon node {:?}: {}\n", GoStr(node), api_error(&e, None, false)));
                continue;
            }
            out.out(&format!("node/{node} cordoned{suffix}\n"));
        }
    }
    let mut fatal: Vec<Vec<String>> = Vec::new();
    let mut pending: Vec<&String> = Vec::new();
    let how = Drain { grace, timeout_ns, dry_run, evict };
    for node in &nodes {
        match drain_node(console, node, &options, pod_selector.as_ref(), &how, out) {
            Ok(()) => out.out(&format!("node/{node} drained{suffix}\n")),
            Err(errors) => {
                let e = aggregate(&errors);
                out.err(&format!(
                    "error: unable to drain node {:?} due to error: {e}, continuing command...\n",
                    GoStr(node)
                ));
                fatal.push(errors);
                pending.push(node);
            }
        }
    }
    if pending.is_empty() {
        return Ok(());
    }
    out.err("There are pending nodes to be drained:\n");
    for node in pending {
        out.err(&format!(" {node}\n"));
    }
    // `cmdutil.CheckErr` reduces an aggregate of one and prints each error on a line.
    Err(match fatal.as_slice() {
        [one] => one.join("\n"),
        many => many.iter().map(|e| aggregate(e)).collect::<Vec<_>>().join("\n"),
    })
}

/// How pods go: grace period, `--timeout` in nanoseconds (0: none), dry run (its suffix),
/// eviction.
struct Drain {
    grace: Option<i64>,
    timeout_ns: i64,
    dry_run: Option<&'static str>,
    evict: bool,
}

/// `utilerrors.NewAggregate(...).Error()`: one error as itself, several in brackets.
fn aggregate(errors: &[String]) -> String {
    match errors {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

/// `deleteOrEvictPodsSimple` for one node.
fn drain_node(
    console: &mut Console,
    node: &str,
    options: &Options,
    pod_selector: Option<&dsplay_core::labels::Selector>,
    how: &Drain,
    out: &mut Out,
) -> Result<(), Vec<String>> {
    let list = pods_for_deletion(console, node, options, pod_selector);
    let errors = grouped(&list, false);
    if !errors.is_empty() {
        let errors: Vec<String> = errors
            .into_iter()
            .map(|(m, pods)| {
                if m.to_ascii_lowercase().starts_with("cannot delete") {
                    format!("{m}: {}", pods.join(", "))
                } else {
                    format!("cannot delete {m}: {}", pods.join(", "))
                }
            })
            .collect();
        return Err(errors);
    }
    let warnings = grouped(&list, true);
    if !warnings.is_empty() {
        let text: Vec<String> = warnings.into_iter().map(|(m, pods)| format!("{m}: {}", pods.join(", "))).collect();
        out.note(&format!("Warning: {}\n", text.join("; ")));
    }
    let doomed: Vec<(Key, String)> = list
        .iter()
        .filter(|(_, v)| v.deletes())
        .map(|(key, _)| {
            let uid = console.sim.store().pods().get(key).map(|p| p.meta.uid.clone()).unwrap_or_default();
            (key.clone(), uid)
        })
        .collect();
    if let Some(suffix) = how.dry_run {
        for (key, _) in &doomed {
            out.out(&format!("evicting pod {}/{}{suffix}\n", key.0, key.1));
        }
        return Ok(());
    }
    // Without `--timeout` kubectl would wait forever; the playground's hour is what ran out.
    let timeout = match how.timeout_ns {
        0 => crate::compare::go_duration(NO_TIMEOUT_LIMIT_MS as i64),
        ns => dsplay_core::time::go_duration_string(ns),
    };
    // Every eviction is issued at once (kubectl runs one goroutine per pod), then kubectl
    // polls each second until they are gone.
    for (key, _) in &doomed {
        if how.evict {
            out.out(&format!("evicting pod {}/{}\n", key.0, key.1));
        }
        // A negative timeout: the evictions' context has expired before the first request.
        if how.evict && how.timeout_ns < 0 {
            continue;
        }
        match how.grace {
            Some(g) => console.sim.delete_pod_with_grace(key, g),
            None => drop(console.sim.delete_pod(&key.0, &key.1)),
        }
    }
    let limit = if how.timeout_ns == 0 { NO_TIMEOUT_LIMIT_MS } else { crate::flags::ns_to_ms(how.timeout_ns) };
    let done = if how.evict { "evicted" } else { "deleted" };
    let start = console.sim.elapsed_ms();
    let waiting = doomed;
    let pending = |waiting: &[(Key, String)], errors: Vec<String>, out: &mut Out| {
        let err = aggregate(&errors);
        out.err(&format!("There are pending pods in node {:?} when an error occurred: {err}\n", GoStr(node)));
        for (key, _) in waiting {
            out.err(&format!("pod/{}\n", key.1));
        }
        Err(errors)
    };
    if how.evict && how.timeout_ns < 0 && !waiting.is_empty() {
        let errors = waiting
            .iter()
            .map(|(key, _)| format!("error when evicting pod {:?}: global timeout reached: {timeout}", GoStr(&key.1)))
            .collect();
        return pending(&waiting, errors, out);
    }
    let wait = crate::waits::DrainWait { pods: waiting, start, limit, evict: how.evict, timeout: &timeout, done };
    match crate::waits::wait_for_drained(console, wait, out) {
        Ok(()) => Ok(()),
        Err((waiting, errors)) => pending(&waiting, errors, out),
    }
}

/// `GetPodsForDeletion`: the node's pods (API order) with the last filter's verdict, as
/// upstream keeps it (a filter that does not delete stops the chain).
fn pods_for_deletion(
    console: &Console,
    node: &str,
    options: &Options,
    pod_selector: Option<&dsplay_core::labels::Selector>,
) -> Vec<(Key, Verdict)> {
    let mut pods: Vec<&Pod> = console
        .sim
        .store()
        .pods_on_node(node)
        .filter(|p| pod_selector.is_none_or(|s| s.matches(&p.meta.labels)))
        .collect();
    dsplay_core::order::sort_by(&mut pods, |a, b| {
        (&a.meta.namespace, &a.meta.name).cmp(&(&b.meta.namespace, &b.meta.name))
    });
    pods.into_iter().map(|pod| (pod.meta.key(), verdict(console, pod, options))).collect()
}

/// The filters in `makeFilters` order; one that does not delete ends the chain.
fn verdict(console: &Console, pod: &Pod, options: &Options) -> Verdict {
    let verdict = daemonset_filter(console, pod, options);
    if !verdict.deletes() {
        return verdict;
    }
    let verdict = mirror_filter(pod);
    if !verdict.deletes() {
        return verdict;
    }
    let verdict = local_storage_filter(pod, options);
    if !verdict.deletes() {
        return verdict;
    }
    unreplicated_filter(pod, options)
}

fn finished(pod: &Pod) -> bool {
    pod.status.phase == "Succeeded" || pod.status.phase == "Failed"
}

fn daemonset_filter(console: &Console, pod: &Pod, options: &Options) -> Verdict {
    let Some(owner) = pod.meta.controller_ref().filter(|r| r.kind == "DaemonSet") else { return Verdict::Okay };
    if finished(pod) {
        return Verdict::Okay;
    }
    let key = (pod.meta.namespace.clone(), owner.name.clone());
    if !console.sim.store().daemonsets().contains_key(&key) {
        let not_found = format!("daemonsets.apps {:?} not found", GoStr(&owner.name));
        // An orphan of a DaemonSet that is gone goes with --force.
        return if options.force {
            Verdict::Warning { delete: true, message: not_found }
        } else {
            Verdict::Error(not_found)
        };
    }
    if !options.ignore_daemonsets {
        return Verdict::Error(DAEMONSET_FATAL.into());
    }
    Verdict::Warning { delete: false, message: DAEMONSET_WARNING.into() }
}

fn mirror_filter(pod: &Pod) -> Verdict {
    if pod.meta.annotations.contains_key("kubernetes.io/config.mirror") { Verdict::Skip } else { Verdict::Okay }
}

fn local_storage_filter(pod: &Pod, options: &Options) -> Verdict {
    let empty_dir = pod
        .spec
        .get("volumes")
        .and_then(|v| v.as_array())
        .is_some_and(|volumes| volumes.iter().any(|v| v.get("emptyDir").is_some()));
    if !empty_dir || finished(pod) {
        return Verdict::Okay;
    }
    if !options.delete_emptydir_data {
        return Verdict::Error(LOCAL_STORAGE_FATAL.into());
    }
    Verdict::Warning { delete: true, message: LOCAL_STORAGE_WARNING.into() }
}

fn unreplicated_filter(pod: &Pod, options: &Options) -> Verdict {
    if finished(pod) || pod.meta.controller_ref().is_some() {
        return Verdict::Okay;
    }
    if options.force {
        return Verdict::Warning { delete: true, message: UNMANAGED_WARNING.into() };
    }
    Verdict::Error(UNMANAGED_FATAL.into())
}

/// Pods by message, messages in the order they first appear (upstream walks a Go map, whose
/// order is random; this is the first order it can print).
/// The errors, or (`warnings`) the warnings.
fn grouped(list: &[(Key, Verdict)], warnings: bool) -> Vec<(&str, Vec<String>)> {
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for (key, verdict) in list {
        let m = match verdict {
            Verdict::Warning { message, .. } if warnings => message.as_str(),
            Verdict::Error(message) if !warnings => message.as_str(),
            _ => continue,
        };
        let pod = format!("{}/{}", key.0, key.1);
        match groups.iter_mut().find(|(g, _)| *g == m) {
            Some((_, pods)) => pods.push(pod),
            None => groups.push((m, vec![pod])),
        }
    }
    groups
}
