//! Resource names as kubectl resolves them (`ds`, `daemonsets.apps`, `po`, `cm`, ...).

/// A kind kubectl can name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resource {
    Node,
    Pod,
    DaemonSet,
    ControllerRevision,
    Event,
    Namespace,
    /// Stored but not simulated: (Kind, plural, group).
    Generic(String, String, String),
}

/// Kinds kubectl knows besides the simulated ones: (Kind, plural, group, short names).
const KNOWN: &[(&str, &str, &str, &[&str])] = &[
    ("ConfigMap", "configmaps", "", &["cm"]),
    ("Secret", "secrets", "", &[]),
    ("Service", "services", "", &["svc"]),
    ("ServiceAccount", "serviceaccounts", "", &["sa"]),
    ("Deployment", "deployments", "apps", &["deploy"]),
    ("ReplicaSet", "replicasets", "apps", &["rs"]),
    ("StatefulSet", "statefulsets", "apps", &["sts"]),
    ("Job", "jobs", "batch", &[]),
    ("CronJob", "cronjobs", "batch", &["cj"]),
    ("Role", "roles", "rbac.authorization.k8s.io", &[]),
    ("RoleBinding", "rolebindings", "rbac.authorization.k8s.io", &[]),
    ("ClusterRole", "clusterroles", "rbac.authorization.k8s.io", &[]),
    ("ClusterRoleBinding", "clusterrolebindings", "rbac.authorization.k8s.io", &[]),
    ("CustomResourceDefinition", "customresourcedefinitions", "apiextensions.k8s.io", &["crd", "crds"]),
    ("PriorityClass", "priorityclasses", "scheduling.k8s.io", &["pc"]),
    ("PodDisruptionBudget", "poddisruptionbudgets", "policy", &["pdb"]),
    ("NetworkPolicy", "networkpolicies", "networking.k8s.io", &["netpol"]),
    ("StorageClass", "storageclasses", "storage.k8s.io", &["sc"]),
    ("CSIDriver", "csidrivers", "storage.k8s.io", &[]),
    ("ValidatingWebhookConfiguration", "validatingwebhookconfigurations", "admissionregistration.k8s.io", &[]),
    ("MutatingWebhookConfiguration", "mutatingwebhookconfigurations", "admissionregistration.k8s.io", &[]),
];

impl Resource {
    pub fn parse(word: &str) -> Option<Resource> {
        // ASCII case folding, where kubectl folds Unicode (strings.ToLower): every resource
        // name is ASCII, and only a character such as the Kelvin sign (U+212A, which folds to
        // `k`) could tell them apart. Unicode's case tables would cost the bundle 2 KB gzip.
        let w = word.to_ascii_lowercase();
        Some(match w.as_str() {
            "nodes" | "node" | "no" => Resource::Node,
            "pods" | "pod" | "po" => Resource::Pod,
            "daemonsets" | "daemonset" | "ds" | "daemonsets.apps" | "daemonset.apps" => Resource::DaemonSet,
            "controllerrevisions" | "controllerrevision" | "controllerrevisions.apps" | "controllerrevision.apps" => {
                Resource::ControllerRevision
            }
            "events" | "event" | "ev" => Resource::Event,
            "namespaces" | "namespace" | "ns" => Resource::Namespace,
            _ => {
                let (kind, plural, group, _) = KNOWN.iter().find(|(kind, plural, group, shorts)| {
                    let qualified = |n: &str| if group.is_empty() { n.to_string() } else { format!("{n}.{group}") };
                    w == kind.to_ascii_lowercase()
                        || w == *plural
                        || shorts.contains(&w.as_str())
                        || w == qualified(plural)
                        || w == qualified(&kind.to_ascii_lowercase())
                })?;
                Resource::Generic(kind.to_string(), plural.to_string(), group.to_string())
            }
        })
    }

    /// A kind as it appears in manifests, for stored kinds kubectl does not know by name.
    pub fn from_kind(kind: &str, api_version: &str) -> Resource {
        match kind {
            "Node" => Resource::Node,
            "Pod" => Resource::Pod,
            "DaemonSet" => Resource::DaemonSet,
            "ControllerRevision" => Resource::ControllerRevision,
            "Event" => Resource::Event,
            "Namespace" => Resource::Namespace,
            _ => {
                let (_, plural) = dsplay_core::sim::resource_of(kind, api_version);
                let group = api_version.split_once('/').map(|(g, _)| g.to_string()).unwrap_or_default();
                let plural = plural.split('.').next().unwrap_or_default().to_string();
                Resource::Generic(kind.to_string(), plural, group)
            }
        }
    }

    /// `daemonsets.apps`, `pods`: the name in NotFound errors.
    pub fn plural(&self) -> String {
        match self {
            Resource::Node => "nodes".into(),
            Resource::Pod => "pods".into(),
            Resource::DaemonSet => "daemonsets.apps".into(),
            Resource::ControllerRevision => "controllerrevisions.apps".into(),
            Resource::Event => "events".into(),
            Resource::Namespace => "namespaces".into(),
            Resource::Generic(_, plural, group) => {
                if group.is_empty() {
                    plural.clone()
                } else {
                    format!("{plural}.{group}")
                }
            }
        }
    }

    /// `daemonset.apps`, `pod`: the prefix of `-o name` and confirmations.
    pub fn singular(&self) -> String {
        match self {
            Resource::Node => "node".into(),
            Resource::Pod => "pod".into(),
            Resource::DaemonSet => "daemonset.apps".into(),
            Resource::ControllerRevision => "controllerrevision.apps".into(),
            Resource::Event => "event".into(),
            Resource::Namespace => "namespace".into(),
            Resource::Generic(kind, _, group) => {
                let k = kind.to_ascii_lowercase();
                if group.is_empty() { k } else { format!("{k}.{group}") }
            }
        }
    }

    pub fn namespaced(&self) -> bool {
        match self {
            Resource::Node | Resource::Namespace => false,
            Resource::Generic(kind, _, _) => !dsplay_core::sim::cluster_scoped(kind),
            _ => true,
        }
    }
}
