//! The preset scenarios: console scripts kept as files (so they read and diff like any other
//! script, and `dsplay` can run them). Natively they are compiled in (`BUNDLED`); the page gets
//! the walkthrough from `presets/seed.js`, loaded before the app starts, and fetches the others
//! from `presets/` when chosen.

pub struct Preset {
    /// Stable id, used as the `<select>` value and as the file name (`presets/ID.sh`).
    pub id: &'static str,
    pub title: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset { id: "seed", title: "Walkthrough: fluentd and nginx-fast-storage" },
    Preset { id: "gpu", title: "GPU nodes: taints and tolerations" },
    Preset { id: "rolling-update", title: "Rolling update with maxUnavailable" },
    Preset { id: "surge", title: "Surge rollout (maxSurge)" },
    Preset { id: "broken-image", title: "Rollout stalled by a broken image" },
    Preset { id: "cordon-notready", title: "Cordoned and NotReady nodes" },
    Preset { id: "drain", title: "Drain a node" },
    Preset { id: "critical-addon", title: "Critical add-on on a full node" },
    Preset { id: "nodes-500", title: "500-node cluster" },
    Preset { id: "nodes-5000", title: "5,000-node AKS cluster (corpus), three DaemonSets" },
];

/// The walkthrough, which the page opens on.
#[cfg(not(target_arch = "wasm32"))]
const SEED: &str = include_str!("../presets/seed.sh");

/// Every preset's script, compiled in natively (tests run them all).
#[cfg(not(target_arch = "wasm32"))]
const BUNDLED: &[(&str, &str)] = &[
    ("seed", SEED),
    ("gpu", include_str!("../presets/gpu.sh")),
    ("rolling-update", include_str!("../presets/rolling-update.sh")),
    ("surge", include_str!("../presets/surge.sh")),
    ("broken-image", include_str!("../presets/broken-image.sh")),
    ("cordon-notready", include_str!("../presets/cordon-notready.sh")),
    ("drain", include_str!("../presets/drain.sh")),
    ("critical-addon", include_str!("../presets/critical-addon.sh")),
    ("nodes-500", include_str!("../presets/nodes-500.sh")),
    ("nodes-5000", include_str!("../presets/nodes-5000.sh")),
];

/// A global the page's data scripts set (`presets/seed.js`: `dsplaySeed`, `dsplayExample`; the
/// other presets, 57 KB, are fetched when chosen), read once: the text is kept for good.
#[cfg(target_arch = "wasm32")]
fn page_global(name: &str) -> &'static str {
    thread_local! {
        static READ: std::cell::RefCell<Vec<(String, &'static str)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    READ.with_borrow_mut(|read| {
        if let Some((_, text)) = read.iter().find(|(n, _)| n == name) {
            return *text;
        }
        let text: &'static str = crate::browser::window_string(name).map_or("", |s| Box::leak(s.into_boxed_str()));
        read.push((name.to_string(), text));
        text
    })
}

#[cfg(target_arch = "wasm32")]
fn seed() -> &'static str {
    page_global("dsplaySeed")
}

/// `presets/seed.js`: the walkthrough and the example manifest as the globals the page reads
/// (checked in the tests).
#[cfg(not(target_arch = "wasm32"))]
pub fn seed_js() -> String {
    let (seed, example) = (serde_json::Value::from(SEED), serde_json::Value::from(EXAMPLE));
    format!("window.dsplaySeed = {seed};\nwindow.dsplayExample = {example};\n")
}

impl Preset {
    /// The script, when it is at hand (natively, every preset; in the page, the walkthrough);
    /// otherwise fetch [`Preset::path`].
    pub fn bundled_script(&self) -> Option<&'static str> {
        #[cfg(target_arch = "wasm32")]
        return (self.id == "seed").then(seed);
        #[cfg(not(target_arch = "wasm32"))]
        BUNDLED.iter().find(|(id, _)| *id == self.id).map(|(_, script)| *script)
    }

    /// Where the page fetches the script, relative to the page.
    pub fn path(&self) -> String {
        format!("presets/{}.sh", self.id)
    }
}

/// The scenario the page opens on.
pub fn default_preset() -> &'static Preset {
    &PRESETS[0]
}

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// What the editor shows when a scenario applied no manifest: in the page, from `presets/seed.js`
/// (`dsplayExample`), as the walkthrough is.
pub fn example_manifest() -> &'static str {
    #[cfg(target_arch = "wasm32")]
    return page_global("dsplayExample");
    #[cfg(not(target_arch = "wasm32"))]
    EXAMPLE
}

#[cfg(not(target_arch = "wasm32"))]
const EXAMPLE: &str = include_str!("../presets/example.yaml");

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::script;

    #[test]
    fn every_preset_applies_a_manifest_and_has_a_unique_id() {
        for (i, p) in PRESETS.iter().enumerate() {
            let script = p.bundled_script().unwrap_or_else(|| panic!("{} is not bundled natively", p.id));
            assert!(script::last_heredoc_body(script).is_some(), "{}", p.id);
            assert!(PRESETS[..i].iter().all(|q| q.id != p.id), "{}", p.id);
            assert!(script.ends_with('\n'), "{}", p.id);
        }
        assert_eq!(BUNDLED.len(), PRESETS.len(), "every preset is bundled natively");
    }

    #[test]
    fn the_pages_copy_of_the_walkthrough_is_the_same_script() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/presets/seed.js");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(path, seed_js()).unwrap();
        }
        let js = std::fs::read_to_string(path).unwrap_or_default();
        assert!(js == seed_js(), "presets/seed.js is stale: run UPDATE_GOLDEN=1 cargo test -p dsplay-app");
    }

    #[test]
    fn seed_preset_follows_the_walkthrough() {
        let seed = default_preset().bundled_script().unwrap_or_default();
        for name in ["vmss000001", "vmss000002", "vmss000004", "name: fluentd", "ssd=true"] {
            assert!(seed.contains(name), "{name}");
        }
        assert!(script::last_heredoc_body(seed).unwrap_or_default().contains("nginx-fast-storage"));
    }

    /// Commands whose failure a preset is about (kubectl drain refusing).
    const MEANT_TO_FAIL: &[(&str, &str)] = &[("drain", "$ kubectl drain node-1\n")];

    #[test]
    fn every_preset_runs_without_a_failed_command() {
        for p in PRESETS {
            let session = crate::session::Session::replay(p.bundled_script().unwrap_or_default(), p.title);
            let session = session.unwrap_or_else(|e| panic!("{}: {e}", p.id));
            let entry = &session.log()[0];
            let transcript: String = entry.chunks.iter().map(|(_, t)| t.as_str()).collect();
            // The commands that failed: the `$ ` line before each exit status.
            let mut failed: Vec<String> = Vec::new();
            let mut last = "";
            for line in transcript.split_inclusive('\n') {
                if line.starts_with("$ ") {
                    last = line;
                } else if line.starts_with("# exit status") {
                    failed.push(last.to_string());
                }
            }
            let meant: Vec<String> =
                MEANT_TO_FAIL.iter().filter(|(id, _)| *id == p.id).map(|(_, c)| c.to_string()).collect();
            assert_eq!(failed, meant, "{}:\n{transcript}", p.id);
            assert_eq!(entry.failed, !meant.is_empty(), "{}", p.id);
        }
    }

    #[test]
    fn large_preset_has_500_nodes() {
        let script = find("nodes-500").and_then(Preset::bundled_script).unwrap_or_default();
        assert_eq!(script.lines().filter(|l| l.starts_with("sim node add ")).count(), 500);
    }

    #[test]
    fn the_5000_node_preset_has_the_corpus_shape() {
        let script = find("nodes-5000").and_then(Preset::bundled_script).unwrap_or_default();
        let session = crate::session::Session::replay(script, "5,000").unwrap();
        let sim = session.simulation();
        assert_eq!(sim.store().nodes().len(), 5000);
        let cordoned = sim.store().nodes().values().filter(|n| n.unschedulable).count();
        let not_ready = sim.store().nodes().values().filter(|n| n.ready_status() != Some("True")).count();
        assert_eq!((cordoned, not_ready), (28, 30), "as in tests/corpus/nodes/aks-5000-…yaml");
        let desired: Vec<(String, i64)> = sim
            .store()
            .daemonsets()
            .values()
            .map(|d| (d.meta.name.clone(), d.status.desired_number_scheduled))
            .collect();
        // The same counts as tests/scale/corpus-aks-5000-nodes-3-zones-4-pools.out.
        assert_eq!(
            desired,
            [
                ("fluentd-es-v2.2.0".to_string(), 4711),
                ("node-problem-detector".to_string(), 5000),
                ("nvidia-device-plugin-daemonset".to_string(), 4910)
            ]
        );
    }
}
