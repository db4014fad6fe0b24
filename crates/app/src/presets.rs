//! The preset scenarios: console scripts kept as files (so they read and diff like any other
//! script, and `dsplay` can run them) and compiled in.

pub struct Preset {
    /// Stable id, used as the `<select>` value.
    pub id: &'static str,
    pub title: &'static str,
    pub script: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        id: "seed",
        title: "Walkthrough: fluentd and nginx-fast-storage",
        script: include_str!("../presets/seed.sh"),
    },
    Preset { id: "gpu", title: "GPU nodes: taints and tolerations", script: include_str!("../presets/gpu.sh") },
    Preset {
        id: "rolling-update",
        title: "Rolling update with maxUnavailable",
        script: include_str!("../presets/rolling-update.sh"),
    },
    Preset { id: "surge", title: "Surge rollout (maxSurge)", script: include_str!("../presets/surge.sh") },
    Preset {
        id: "broken-image",
        title: "Rollout stalled by a broken image",
        script: include_str!("../presets/broken-image.sh"),
    },
    Preset {
        id: "cordon-notready",
        title: "Cordoned and NotReady nodes",
        script: include_str!("../presets/cordon-notready.sh"),
    },
    Preset { id: "nodes-500", title: "500-node cluster", script: include_str!("../presets/nodes-500.sh") },
];

/// The scenario the page opens on.
pub fn default_preset() -> &'static Preset {
    &PRESETS[0]
}

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// What the editor shows when a scenario applied no manifest.
pub const EXAMPLE_MANIFEST: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      containers:
        - name: agent
          image: busybox:1.36
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script;

    #[test]
    fn every_preset_applies_a_manifest_and_has_a_unique_id() {
        for (i, p) in PRESETS.iter().enumerate() {
            assert!(script::last_heredoc_body(p.script).is_some(), "{}", p.id);
            assert!(PRESETS[..i].iter().all(|q| q.id != p.id), "{}", p.id);
            assert!(p.script.ends_with('\n'), "{}", p.id);
        }
    }

    #[test]
    fn seed_preset_follows_the_walkthrough() {
        let seed = default_preset().script;
        for name in ["vmss000001", "vmss000002", "vmss000004", "name: fluentd", "ssd=true"] {
            assert!(seed.contains(name), "{name}");
        }
        assert!(script::last_heredoc_body(seed).unwrap_or_default().contains("nginx-fast-storage"));
    }

    #[test]
    fn every_preset_runs_without_a_failed_command() {
        for p in PRESETS {
            let session = crate::session::Session::replay(p.script, p.title);
            let session = session.unwrap_or_else(|e| panic!("{}: {e}", p.id));
            let entry = &session.log()[0];
            let transcript: String = entry.chunks.iter().map(|(_, t)| t.as_str()).collect();
            assert!(!entry.failed, "{} failed:\n{transcript}", p.id);
        }
    }

    #[test]
    fn large_preset_has_500_nodes() {
        let script = find("nodes-500").map(|p| p.script).unwrap_or_default();
        assert_eq!(script.lines().filter(|l| l.starts_with("sim node add ")).count(), 500);
    }
}
