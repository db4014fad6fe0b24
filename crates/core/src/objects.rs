//! API objects in their Kubernetes shapes. Each keeps the user's fields verbatim as JSON (so
//! `-o yaml` prints back everything that was applied) next to typed views of the fields the
//! simulation acts on; typed views are re-derived whenever the JSON changes.

use crate::json;
use crate::labels::Labels;
use crate::time::{parse_rfc3339, rfc3339};
use serde_json::{Map, Value};
use std::rc::Rc;

/// `metadata.ownerReferences[]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    pub controller: bool,
    pub block_owner_deletion: bool,
}

impl OwnerReference {
    /// The controller reference the DaemonSet controller puts on what it owns.
    pub fn daemonset(name: &str, uid: &str) -> Self {
        OwnerReference {
            api_version: "apps/v1".into(),
            kind: "DaemonSet".into(),
            name: name.into(),
            uid: uid.into(),
            controller: true,
            block_owner_deletion: true,
        }
    }
}

/// A value shared between copies until one of them writes to it (`Rc::make_mut`). A DaemonSet's
/// pods all carry its template's labels, annotations and owner reference: shared, a pod's
/// creation copies three pointers instead of a dozen strings and a B-tree node, which were a
/// fifth of a 5,000-node converge's memory; and the controllers' reads of 5,000 pods' hash
/// labels all land on one map, which stays in cache.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
    /// Whether both are the same shared value (not a copy of it).
    pub fn ptr_eq(a: &Shared<T>, b: &Shared<T>) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }
}

impl<T> AsRef<T> for Shared<T> {
    fn as_ref(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared::new(value)
    }
}

impl<A, T: FromIterator<A>> FromIterator<A> for Shared<T> {
    fn from_iter<I: IntoIterator<Item = A>>(iter: I) -> Self {
        Shared::new(iter.into_iter().collect())
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> std::ops::DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Rc::make_mut(&mut self.0)
    }
}

impl<'a, T> IntoIterator for &'a Shared<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (&*self.0).into_iter()
    }
}

/// `metadata`, typed; fields the simulation does not manage are kept in `extra`.
// (In this order, `repr(C)`: what the controllers read of every pod, and the version each
// write stamps, come last, next to the head of a pod's status. See `Pod`.)
#[derive(Clone, Debug, Default)]
#[repr(C)]
pub struct Meta {
    pub generate_name: Option<String>,
    pub generation: i64,
    pub creation_ms: i64,
    pub deletion_grace_seconds: Option<i64>,
    pub annotations: Shared<Labels>,
    pub finalizers: Vec<String>,
    pub extra: Map<String, Value>,
    pub owner_references: Shared<Vec<OwnerReference>>,
    /// Empty for cluster-scoped objects.
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub resource_version: u64,
    pub deletion_ms: Option<i64>,
    pub labels: Shared<Labels>,
}

pub fn str_map(v: Option<&Value>) -> Labels {
    // Inserted one by one: collecting into a map sorts first, and that sort is ~1.5 KB of the
    // page's bundle (the object's keys are in order already).
    let mut out = Labels::new();
    for (k, v) in v.and_then(Value::as_object).into_iter().flatten() {
        // JSON null decodes into a Go string as "" (`a: null` is the label `a=`).
        match v {
            Value::String(v) => out.insert(k.clone(), v.clone()),
            Value::Null => out.insert(k.clone(), String::new()),
            _ => None,
        };
    }
    out
}

/// Metadata the apiserver sets: ignored when read from a manifest, left out of one written to
/// be applied (`dsplay export --manifests`).
pub const SERVER_SET_METADATA: [&str; 8] = [
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "managedFields",
    "selfLink",
];

impl Meta {
    /// Reads user-supplied metadata; server-managed fields are ignored here (the store sets them).
    pub fn from_json(v: &Value) -> Meta {
        let mut extra = v.as_object().cloned().unwrap_or_default();
        let typed = ["name", "generateName", "namespace", "labels", "annotations", "ownerReferences", "finalizers"];
        for k in typed.into_iter().chain(SERVER_SET_METADATA) {
            extra.remove(k);
        }
        Meta {
            name: v.get("name").and_then(Value::as_str).unwrap_or_default().to_string(),
            generate_name: v.get("generateName").and_then(Value::as_str).map(str::to_string),
            namespace: v.get("namespace").and_then(Value::as_str).unwrap_or_default().to_string(),
            uid: v.get("uid").and_then(Value::as_str).unwrap_or_default().to_string(),
            creation_ms: v.get("creationTimestamp").and_then(Value::as_str).and_then(parse_rfc3339).unwrap_or(0),
            labels: str_map(v.get("labels")).into(),
            annotations: str_map(v.get("annotations")).into(),
            owner_references: v
                .get("ownerReferences")
                .and_then(Value::as_array)
                .map(|refs| {
                    refs.iter()
                        .map(|r| OwnerReference {
                            api_version: r.get("apiVersion").and_then(Value::as_str).unwrap_or_default().to_string(),
                            kind: r.get("kind").and_then(Value::as_str).unwrap_or_default().to_string(),
                            name: r.get("name").and_then(Value::as_str).unwrap_or_default().to_string(),
                            uid: r.get("uid").and_then(Value::as_str).unwrap_or_default().to_string(),
                            controller: r.get("controller").and_then(Value::as_bool).unwrap_or(false),
                            block_owner_deletion: r.get("blockOwnerDeletion").and_then(Value::as_bool).unwrap_or(false),
                        })
                        .collect::<Vec<_>>()
                        .into()
                })
                .unwrap_or_default(),
            finalizers: v
                .get("finalizers")
                .and_then(Value::as_array)
                .map(|f| f.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                .unwrap_or_default(),
            extra,
            ..Meta::default()
        }
    }

    pub fn to_json(&self) -> Value {
        let mut m = self.extra.clone();
        if !self.annotations.is_empty() {
            m.insert("annotations".into(), json!(*self.annotations));
        }
        m.insert("creationTimestamp".into(), json!(rfc3339(self.creation_ms)));
        if let Some(d) = self.deletion_grace_seconds {
            m.insert("deletionGracePeriodSeconds".into(), json!(d));
        }
        if let Some(d) = self.deletion_ms {
            m.insert("deletionTimestamp".into(), json!(rfc3339(d)));
        }
        if !self.finalizers.is_empty() {
            m.insert("finalizers".into(), json!(self.finalizers));
        }
        if let Some(g) = &self.generate_name {
            m.insert("generateName".into(), json!(g));
        }
        if self.generation > 0 {
            m.insert("generation".into(), json!(self.generation));
        }
        if !self.labels.is_empty() {
            m.insert("labels".into(), json!(*self.labels));
        }
        m.insert("name".into(), json!(self.name));
        if !self.namespace.is_empty() {
            m.insert("namespace".into(), json!(self.namespace));
        }
        if !self.owner_references.is_empty() {
            let refs: Vec<Value> = self
                .owner_references
                .iter()
                .map(|r| {
                    let mut o = json!({"apiVersion": r.api_version, "kind": r.kind, "name": r.name, "uid": r.uid});
                    if r.controller {
                        o["controller"] = json!(true);
                    }
                    if r.block_owner_deletion {
                        o["blockOwnerDeletion"] = json!(true);
                    }
                    o
                })
                .collect();
            m.insert("ownerReferences".into(), Value::Array(refs));
        }
        m.insert("resourceVersion".into(), json!(self.resource_version.to_string()));
        m.insert("uid".into(), json!(self.uid));
        Value::Object(m)
    }

    /// The store's key: (namespace, name).
    pub fn key(&self) -> (String, String) {
        (self.namespace.clone(), self.name.clone())
    }

    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        controller_of(&self.owner_references)
    }
}

/// The controller among `refs` (`metav1.GetControllerOf`).
pub fn controller_of(refs: &[OwnerReference]) -> Option<&OwnerReference> {
    refs.iter().find(|r| r.controller)
}

/// `spec.taints[]` on a Node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taint {
    pub key: String,
    pub value: String,
    pub effect: String,
    pub time_added_ms: Option<i64>,
}

impl Taint {
    pub fn new(key: &str, value: &str, effect: &str) -> Self {
        Taint { key: key.into(), value: value.into(), effect: effect.into(), time_added_ms: None }
    }

    /// kubectl's rendering: `key=value:Effect`, or `key:Effect` without a value.
    pub fn to_text(&self) -> String {
        if self.value.is_empty() {
            format!("{}:{}", self.key, self.effect)
        } else {
            format!("{}={}:{}", self.key, self.value, self.effect)
        }
    }

    fn from_json(v: &Value) -> Taint {
        Taint {
            key: s(v, "key"),
            value: s(v, "value"),
            effect: s(v, "effect"),
            time_added_ms: v.get("timeAdded").and_then(Value::as_str).and_then(parse_rfc3339),
        }
    }

    fn to_json(&self) -> Value {
        let mut o = json!({"key": self.key, "effect": self.effect});
        if !self.value.is_empty() {
            o["value"] = json!(self.value);
        }
        if let Some(t) = self.time_added_ms {
            o["timeAdded"] = json!(rfc3339(t));
        }
        o
    }
}

/// `tolerations[]` in a pod spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toleration {
    pub key: String,
    /// `Equal` (also when empty) or `Exists`.
    pub operator: String,
    pub value: String,
    pub effect: String,
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    /// Mirrors `Toleration.ToleratesTaint` in k8s.io/api/core/v1/toleration.go.
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if !self.effect.is_empty() && self.effect != taint.effect {
            return false;
        }
        if !self.key.is_empty() && self.key != taint.key {
            return false;
        }
        match self.operator.as_str() {
            "Exists" => true,
            "" | "Equal" => self.value == taint.value,
            _ => false,
        }
    }

    pub fn from_json(v: &Value) -> Toleration {
        Toleration {
            key: s(v, "key"),
            operator: s(v, "operator"),
            value: s(v, "value"),
            effect: s(v, "effect"),
            toleration_seconds: v.get("tolerationSeconds").and_then(Value::as_i64),
        }
    }

    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        if !self.effect.is_empty() {
            o.insert("effect".into(), json!(self.effect));
        }
        if !self.key.is_empty() {
            o.insert("key".into(), json!(self.key));
        }
        if !self.operator.is_empty() {
            o.insert("operator".into(), json!(self.operator));
        }
        if let Some(t) = self.toleration_seconds {
            o.insert("tolerationSeconds".into(), json!(t));
        }
        if !self.value.is_empty() {
            o.insert("value".into(), json!(self.value));
        }
        Value::Object(o)
    }

    /// `kubectl describe`'s rendering: `key=value:Effect`, `key:Effect op=Exists`, ` for Ns`.
    pub fn to_text(&self) -> String {
        let mut out = self.key.clone();
        if !self.value.is_empty() {
            out.push('=');
            out.push_str(&self.value);
        }
        if !self.effect.is_empty() {
            out.push(':');
            out.push_str(&self.effect);
        }
        if self.operator == "Exists" && self.value.is_empty() {
            out.push_str(if self.key.is_empty() && self.effect.is_empty() { "op=Exists" } else { " op=Exists" });
        }
        if let Some(secs) = self.toleration_seconds {
            out.push_str(&format!(" for {secs}s"));
        }
        out
    }
}

/// A node selector requirement in node affinity (`matchExpressions` / `matchFields`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSelectorRequirement {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeSelectorTerm {
    pub match_expressions: Vec<NodeSelectorRequirement>,
    pub match_fields: Vec<NodeSelectorRequirement>,
}

/// A container's `hostPort` and `protocol`: what the scheduler's NodePorts filter compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPort {
    pub port: i64,
    pub protocol: String,
}

/// A container's `name` and `image`: what the kubelet pulls and reports per container. Made
/// by `ContainerImage::new`: its event texts derive from the two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerImage {
    pub name: String,
    pub image: String,
    /// What the kubelet's events about a started container say: their `fieldPath`, then
    /// the messages of Pulled, Created and Started. Made once with the spec, which a
    /// revision's pods share: a 5,000-pod converge reports on 5,000 containers.
    pub started_texts: std::rc::Rc<[std::rc::Rc<str>; 4]>,
    /// An init container with `restartPolicy: Always` (a sidecar): it keeps running beside
    /// the containers, and the next init container starts once it has started.
    pub restartable: bool,
}

impl ContainerImage {
    pub fn new(name: String, image: String) -> Self {
        Self::in_list("containers", name, image)
    }

    /// A container of the spec's list `list` (`containers`, `initContainers`).
    pub fn in_list(list: &str, name: String, image: String) -> Self {
        let started_texts = std::rc::Rc::new([
            format!("spec.{list}{{{name}}}").into(),
            format!("Container image \"{image}\" already present on machine").into(),
            format!("Created container: {name}").into(),
            format!("Started container {name}").into(),
        ]);
        ContainerImage { name, image, started_texts, restartable: false }
    }

    /// Whether this init container lets the next one start (the kubelet's Initialized
    /// condition): a sidecar once started, any other once it ran to completion.
    pub fn init_done(&self, state: &ContainerState) -> bool {
        match self.restartable {
            true => matches!(state, ContainerState::Running { .. }),
            false => state.completed(),
        }
    }
}

/// `PodRequests` and `PodLimits` for one resource: the containers' sum, or more while init
/// containers run one at a time before them; a sidecar (restartable init container) adds to
/// the sum and to every init container after it. Sums saturate, as each quantity does.
pub fn pod_resource(containers: impl Iterator<Item = i64>, init: impl Iterator<Item = (i64, bool)>) -> i64 {
    let mut total = containers.fold(0i64, i64::saturating_add);
    let (mut sidecars, mut init_max) = (0i64, 0i64);
    for (amount, restartable) in init {
        let running = if restartable {
            total = total.saturating_add(amount);
            sidecars = sidecars.saturating_add(amount);
            sidecars
        } else {
            amount.saturating_add(sidecars)
        };
        init_max = init_max.max(running);
    }
    total.max(init_max)
}

/// The scheduling-relevant part of a pod spec (a template's or a pod's).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodScheduling {
    pub node_name: Option<String>,
    pub node_selector: Labels,
    /// `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`.
    pub required_terms: Option<Vec<NodeSelectorTerm>>,
    pub tolerations: Vec<Toleration>,
    pub host_network: bool,
    /// Every container port that asks for a host port.
    pub host_ports: Vec<HostPort>,
    pub cpu_request_milli: i64,
    pub memory_request_milli: i64,
    /// Every container, in order.
    pub containers: Vec<ContainerImage>,
    /// Every init container, in order: each runs to completion before the containers start.
    pub init_containers: Vec<ContainerImage>,
    pub termination_grace_seconds: i64,
    /// `spec.priority`, as the Priority admission plugin set it (0 on a template).
    pub priority: i64,
    /// `spec.preemptionPolicy: Never`.
    pub preempt_never: bool,
    /// The ServiceAccount admission plugin mounts the API token (`shouldAutomount`): the pod's
    /// spec shows the volume and mounts ([`mount_service_account_token`]).
    pub service_account_token: bool,
}

/// Where the ServiceAccount admission plugin mounts the API token.
pub const SERVICE_ACCOUNT_TOKEN_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// `TokenVolumeSource`: the token, the cluster's CA bundle and the namespace, read-only.
const TOKEN_VOLUME: &str = r#"{"projected": {"defaultMode": 420, "sources": [
    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
    {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
    {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}]}}"#;

/// The ServiceAccount admission plugin's `mountServiceAccountToken` on a pod spec: every init
/// container and container without a mount at the token path mounts `kube-api-access-<suffix>`
/// there read-only (or the pod's own `kube-api-access-*` volume), and the pod gains that
/// projected volume (`TokenVolumeSource`) when it had none and a container mounts it.
pub fn mount_service_account_token(spec: &mut Value, suffix: &str) {
    let Some(m) = spec.as_object_mut() else { return };
    let existing = m.get("volumes").and_then(Value::as_array).and_then(|volumes| {
        volumes.iter().find_map(|v| v.get("name")?.as_str().filter(|n| n.starts_with("kube-api-access-")))
    });
    let name = existing.map_or_else(|| format!("kube-api-access-{suffix}"), str::to_string);
    let had_volume = existing.is_some();
    let mut needed = false;
    for list in ["initContainers", "containers"] {
        for c in m.get_mut(list).and_then(Value::as_array_mut).into_iter().flatten() {
            let Some(c) = c.as_object_mut() else { continue };
            let mounts = c.entry("volumeMounts").or_insert_with(|| json!([]));
            if !mounts.is_array() {
                *mounts = json!([]);
            }
            let Some(mounts) = mounts.as_array_mut() else { continue };
            if !mounts.iter().any(|vm| vm.get("mountPath").and_then(Value::as_str) == Some(SERVICE_ACCOUNT_TOKEN_PATH))
            {
                mounts.push(json!({"mountPath": SERVICE_ACCOUNT_TOKEN_PATH, "name": name, "readOnly": true}));
                needed = true;
            }
        }
    }
    if needed && !had_volume {
        let volumes = m.entry("volumes").or_insert_with(|| json!([]));
        if !volumes.is_array() {
            *volumes = json!([]);
        }
        if let Some(volumes) = volumes.as_array_mut() {
            // Read from text: a `json!` of this size is a kilobyte of the page's code.
            let mut volume = crate::json::parse(TOKEN_VOLUME).unwrap_or_default();
            volume["name"] = Value::String(name);
            volumes.push(volume);
        }
    }
}

pub fn s(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

fn requirements(v: Option<&Value>) -> Vec<NodeSelectorRequirement> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|r| NodeSelectorRequirement {
                    key: s(r, "key"),
                    operator: s(r, "operator"),
                    values: r
                        .get("values")
                        .and_then(Value::as_array)
                        .map(|vs| vs.iter().map(scalar_text).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A scalar as text; YAML numbers in `values:` lists are strings to Kubernetes.
pub fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl PodScheduling {
    pub fn from_pod_spec(spec: &Value) -> PodScheduling {
        let required_terms = spec
            .pointer("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms")
            .and_then(Value::as_array)
            .map(|terms| {
                terms
                    .iter()
                    .map(|t| NodeSelectorTerm {
                        match_expressions: requirements(t.get("matchExpressions")),
                        match_fields: requirements(t.get("matchFields")),
                    })
                    .collect()
            });
        let mut out = PodScheduling {
            node_name: spec.get("nodeName").and_then(Value::as_str).filter(|n| !n.is_empty()).map(str::to_string),
            node_selector: str_map(spec.get("nodeSelector")),
            required_terms,
            tolerations: spec
                .get("tolerations")
                .and_then(Value::as_array)
                .map(|t| t.iter().map(Toleration::from_json).collect())
                .unwrap_or_default(),
            host_network: spec.get("hostNetwork").and_then(Value::as_bool).unwrap_or(false),
            termination_grace_seconds: spec.get("terminationGracePeriodSeconds").and_then(Value::as_i64).unwrap_or(30),
            priority: spec.get("priority").and_then(Value::as_i64).unwrap_or(0),
            preempt_never: spec.get("preemptionPolicy").and_then(Value::as_str) == Some("Never"),
            service_account_token: false,
            ..PodScheduling::default()
        };
        let req = |c: &Value, res: &str| -> i64 {
            let requests = c.pointer(&format!("/resources/requests/{res}"));
            // Requests default to limits when only limits are given (apiserver defaulting).
            let v = requests.or_else(|| c.pointer(&format!("/resources/limits/{res}")));
            v.map(|q| crate::quantity::parse_milli(&scalar_text(q)).unwrap_or(0)).unwrap_or(0)
        };
        let list = |key: &str| spec.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let (init, containers) = (list("initContainers"), list("containers"));
        for c in init {
            let restartable = c.get("restartPolicy").and_then(Value::as_str) == Some("Always");
            let image = ContainerImage {
                restartable,
                ..ContainerImage::in_list("initContainers", s(c, "name"), s(c, "image"))
            };
            out.init_containers.push(image);
        }
        for res in ["cpu", "memory"] {
            let init = init.iter().zip(&out.init_containers).map(|(c, i)| (req(c, res), i.restartable));
            let total = pod_resource(containers.iter().map(|c| req(c, res)), init);
            *if res == "cpu" { &mut out.cpu_request_milli } else { &mut out.memory_request_milli } = total;
        }
        for c in containers {
            out.containers.push(ContainerImage::new(s(c, "name"), s(c, "image")));
            for p in c.get("ports").and_then(Value::as_array).into_iter().flatten() {
                if let Some(hp) = p.get("hostPort").and_then(Value::as_i64).filter(|p| *p > 0) {
                    let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string();
                    out.host_ports.push(HostPort { port: hp, protocol: proto });
                }
            }
        }
        out
    }
}

/// Allocatable resources of a node, in milli-units; pods as a plain count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    pub cpu_milli: Option<i64>,
    pub memory_milli: Option<i64>,
    pub pods: Option<i64>,
}

/// A node condition as the simulation tracks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeCondition {
    pub kind: String,
    pub status: String,
    pub reason: String,
    pub message: String,
    pub last_heartbeat_ms: i64,
    pub last_transition_ms: i64,
}

// (In this order, `repr(C)`: what the scheduler and the kubelet read and write of a node for
// each pod placed on it follows the end of its metadata, in a few adjacent lines; see `Pod`.)
#[derive(Clone, Debug)]
#[repr(C)]
pub struct Node {
    pub meta: Meta,
    pub taints: Vec<Taint>,
    pub allocatable: Resources,
    /// `status.addresses`' InternalIP: the host IP of every pod the kubelet admits here,
    /// read once per status write instead of from the JSON per pod.
    pub internal_ip: Option<Rc<str>>,
    /// The page's: the store's change number of the last write to this node or to a pod on
    /// it (see `store::Stamps`); never in output. (Natively it is held beside the node:
    /// `store::ViewStamps`.)
    #[cfg(target_arch = "wasm32")]
    pub(crate) view_stamp: u64,
    /// How many pods the store's index holds as bound here (`Store::pods_on`): kept with
    /// the index, so that a node with none is known to have none from the node itself, which
    /// its reader holds, not from a lookup in the index (a converge scheduled 5,000 pods
    /// each onto an empty node, each lookup a cold read of the index).
    pub(crate) pods_bound: u32,
    /// Index used for pod IPs (`10.244.<index>.x`), assigned at creation.
    pub index: u32,
    pub next_ip: u32,
    // (Derived from spec, as `taints` and `allocatable` are from spec and status.)
    pub unschedulable: bool,
    /// Simulation state: the kubelet stopped posting status (`sim node fail`).
    pub kubelet_down: bool,
    pub conditions: Vec<NodeCondition>,
    /// `spec` as applied; taints and unschedulable are written back here.
    pub spec: Map<String, Value>,
    /// `status` minus conditions (kept typed: `conditions`).
    pub status: Map<String, Value>,
}

impl Node {
    pub fn refresh(&mut self) {
        self.taints = self
            .spec
            .get("taints")
            .and_then(Value::as_array)
            .map(|t| t.iter().map(Taint::from_json).collect())
            .unwrap_or_default();
        self.unschedulable = self.spec.get("unschedulable").and_then(Value::as_bool).unwrap_or(false);
        let alloc = self.status.get("allocatable").or_else(|| self.status.get("capacity"));
        let q =
            |k: &str| alloc.and_then(|a| a.get(k)).map(|v| crate::quantity::parse_milli(&scalar_text(v)).unwrap_or(0));
        self.allocatable =
            Resources { cpu_milli: q("cpu"), memory_milli: q("memory"), pods: q("pods").map(|p| p / 1000) };
        self.internal_ip = self
            .status
            .get("addresses")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().find(|x| x["type"] == "InternalIP"))
            .and_then(|x| x["address"].as_str())
            .map(Rc::from);
    }

    /// Puts the `key:NoSchedule` taint a controller manages on the node (`on`), or takes it
    /// off: cordon's `unschedulable` taint, and the condition taints (`memory-pressure`, …).
    pub fn set_no_schedule_taint(&mut self, key: &str, on: bool, now: i64) {
        let mut taints: Vec<Taint> = self.taints.iter().filter(|t| t.key != key).cloned().collect();
        if on {
            taints.push(Taint {
                key: key.into(),
                value: String::new(),
                effect: "NoSchedule".into(),
                time_added_ms: Some(now),
            });
        }
        self.set_taints(taints);
    }

    pub fn set_taints(&mut self, taints: Vec<Taint>) {
        if taints.is_empty() {
            self.spec.remove("taints");
        } else {
            self.spec.insert("taints".into(), Value::Array(taints.iter().map(Taint::to_json).collect()));
        }
        self.refresh();
    }

    pub fn set_unschedulable(&mut self, on: bool) {
        if on {
            self.spec.insert("unschedulable".into(), json!(true));
        } else {
            self.spec.remove("unschedulable");
        }
        self.refresh();
    }

    pub fn condition(&self, kind: &str) -> Option<&NodeCondition> {
        self.conditions.iter().find(|c| c.kind == kind)
    }

    /// `Ready` condition status: `True`, `False`, `Unknown`, or `None` without one.
    pub fn ready_status(&self) -> Option<&str> {
        self.condition("Ready").map(|c| c.status.as_str())
    }

    pub fn set_condition(&mut self, kind: &str, status: &str, reason: &str, message: &str, now: i64) {
        if let Some(c) = self.conditions.iter_mut().find(|c| c.kind == kind) {
            if c.status != status {
                c.last_transition_ms = now;
            }
            c.status = status.into();
            c.reason = reason.into();
            c.message = message.into();
            c.last_heartbeat_ms = now;
        } else {
            self.conditions.push(NodeCondition {
                kind: kind.into(),
                status: status.into(),
                reason: reason.into(),
                message: message.into(),
                last_heartbeat_ms: now,
                last_transition_ms: now,
            });
        }
    }

    /// `kubectl get nodes` STATUS.
    pub fn status_text(&self) -> String {
        let mut s = match self.ready_status() {
            Some("True") => "Ready".to_string(),
            Some(_) => "NotReady".to_string(),
            None => "Unknown".to_string(),
        };
        if self.unschedulable {
            s.push_str(",SchedulingDisabled");
        }
        s
    }

    pub fn to_json(&self) -> Value {
        let mut status = self.status.clone();
        if !self.conditions.is_empty() {
            let conds: Vec<Value> = self
                .conditions
                .iter()
                .map(|c| {
                    json!({"type": c.kind, "status": c.status, "reason": c.reason, "message": c.message,
                        "lastHeartbeatTime": rfc3339(c.last_heartbeat_ms), "lastTransitionTime": rfc3339(c.last_transition_ms)})
                })
                .collect();
            status.insert("conditions".into(), Value::Array(conds));
        }
        json!({"apiVersion": "v1", "kind": "Node", "metadata": self.meta.to_json(), "spec": self.spec, "status": status})
    }
}

/// A container's state as the kubelet reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContainerState {
    Waiting { reason: String, message: String },
    Running { started_ms: i64 },
    Terminated { reason: String, exit_code: i64, started_ms: i64, finished_ms: i64 },
}

impl ContainerState {
    /// Ran to completion (exit code 0): what an init container must do.
    pub fn completed(&self) -> bool {
        matches!(self, ContainerState::Terminated { exit_code: 0, .. })
    }
}

/// A pod condition as the apiserver keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub status: bool,
    /// `lastTransitionTime`.
    pub since_ms: i64,
    /// Why it is False (the scheduler's diagnosis for PodScheduled); empty otherwise.
    pub message: String,
}

impl Condition {
    pub fn new(status: bool, since_ms: i64) -> Condition {
        Condition { status, since_ms, message: String::new() }
    }
}

// (In this order, `repr(C)`: what the controllers read and the kubelet writes comes first,
// next to the end of the pod's metadata. See `Pod`.)
#[derive(Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct PodStatus {
    /// Pending, Running, Succeeded, Failed.
    pub phase: &'static str,
    pub ready: Option<Condition>,
    /// `PodScheduled` condition: None until the scheduler tried.
    pub scheduled: Option<Condition>,
    pub containers_ready: Option<Condition>,
    /// `PodReadyToStartContainers`: False until the sandbox exists.
    pub ready_to_start: Option<Condition>,
    /// `Initialized`: False while an init container has not completed.
    pub initialized: Option<Condition>,
    /// One state per container (same order as the spec); empty before the kubelet saw the pod.
    pub container_states: Vec<ContainerState>,
    /// The same for the init containers.
    pub init_states: Vec<ContainerState>,
    /// Shared with the node's `internal_ip`: one text for all of a node's pods.
    pub host_ip: Option<Rc<str>>,
    pub pod_ip: Option<String>,
    pub start_ms: Option<i64>,
    pub restart_count: i64,
    pub reason: Option<String>,
    pub message: Option<String>,
    /// `nominatedNodeName`: where the scheduler preempted pods to make room for this one. In
    /// 1.33 it stays after binding (clearing it then came in 1.34).
    pub nominated_node: Option<String>,
    /// The `DisruptionTarget` condition the scheduler sets on a pod it preempts.
    pub disruption_target: Option<Condition>,
}

impl Default for PodStatus {
    fn default() -> Self {
        PodStatus {
            phase: "Pending",
            scheduled: None,
            ready_to_start: None,
            initialized: None,
            ready: None,
            containers_ready: None,
            container_states: Vec::new(),
            init_states: Vec::new(),
            restart_count: 0,
            host_ip: None,
            pod_ip: None,
            start_ms: None,
            reason: None,
            message: None,
            nominated_node: None,
            disruption_target: None,
        }
    }
}

/// A pod.
///
/// The fields are in an order of their own (`repr(C)`, here and in `Meta` and `PodStatus`):
/// what the scheduler, the kubelet and the DaemonSet controller's syncs touch of every pod is
/// in a few adjacent cache lines (its node names and scheduling first, then the end of its
/// metadata and the head of its status), and what they do not (the rest of the metadata, the
/// spec, the status's rarely set fields) is out of their way. A 5,000-pod converge comes back
/// to each pod cold a dozen times: in the compiler's order it missed a 2 MB cache 811K times,
/// in this one 737K (with the store's index keys placed before the pod, `store::PodEntry`).
#[derive(Clone, Debug)]
#[repr(C)]
pub struct Pod {
    /// `spec.nodeName`, once bound.
    bound: Option<Rc<str>>,
    /// Shared with `pin` or `bound` (and the store's index entries): a daemon pod's node name
    /// is one allocation, not three.
    target: Option<Rc<str>>,
    pub sched: Rc<PodScheduling>,
    /// The `involvedObject` of the events about this pod, made at the first (`world::pod_ref`)
    /// and shared by the rest: a started pod's scheduling and container events were four
    /// copies of its namespace, name and uid, 20,000 allocations in a 5,000-pod converge.
    /// (Of the pod's namespace, name and uid, which no write changes.)
    pub(crate) event_ref: std::cell::OnceCell<Rc<ObjectRef>>,
    pub meta: Meta,
    pub status: PodStatus,
    /// `spec` without `nodeName` and without the controller's node pin. Daemon pods of one
    /// revision share it: at 5,000 nodes a copy per pod would cost gigabytes.
    pub spec: Rc<Value>,
    /// The node of the `metadata.name` matchFields term the DaemonSet controller put in.
    pin: Option<Rc<str>>,
    /// Simulation state: image pulls that failed in a row (kubelet back-off).
    pub image_pull_failures: u32,
}

impl Pod {
    /// A pod as a user wrote it.
    pub fn new(meta: Meta, spec: Value) -> Pod {
        let sched = PodScheduling::from_pod_spec(&spec);
        let bound = sched.node_name.clone();
        // GetTargetNodeName (daemonset_util.go): nodeName, else the pinned matchFields term.
        let bound: Option<Rc<str>> = bound.as_deref().map(Rc::from);
        let target = bound.clone().or_else(|| {
            sched.required_terms.iter().flatten().flat_map(|t| &t.match_fields).find_map(|f| {
                (f.key == "metadata.name" && f.operator == "In" && f.values.len() == 1)
                    .then(|| Rc::from(f.values[0].as_str()))
            })
        });
        let mut spec = spec;
        if let Some(m) = spec.as_object_mut() {
            m.remove("nodeName");
        }
        Pod {
            meta,
            spec: Rc::new(spec),
            status: PodStatus::default(),
            sched: Rc::new(sched),
            image_pull_failures: 0,
            bound,
            pin: None,
            target,
            event_ref: std::cell::OnceCell::new(),
        }
    }

    /// A daemon pod: the revision's shared spec, pinned to `node` by node affinity
    /// (`ReplaceDaemonSetPodNodeNameNodeAffinity`).
    /// (`node`: shared, not copied: the name the controller's sync holds.)
    pub fn daemon(meta: Meta, spec: Rc<Value>, sched: Rc<PodScheduling>, node: &Rc<str>) -> Pod {
        let bound: Option<Rc<str>> = sched.node_name.as_deref().map(Rc::from);
        let pin: Rc<str> = Rc::clone(node);
        Pod {
            meta,
            spec,
            status: PodStatus::default(),
            sched,
            image_pull_failures: 0,
            target: bound.clone().or_else(|| Some(pin.clone())),
            bound,
            pin: Some(pin),
            event_ref: std::cell::OnceCell::new(),
        }
    }

    /// The spec as the apiserver would return it.
    pub fn spec_json(&self) -> Value {
        let mut spec = (*self.spec).clone();
        if let Some(node) = &self.pin {
            let m = spec.as_object_mut();
            if let Some(m) = m {
                let affinity = m.entry("affinity").or_insert(json!({}));
                if !affinity.is_object() {
                    *affinity = json!({});
                }
                let node_affinity = &mut affinity["nodeAffinity"];
                if !node_affinity.is_object() {
                    *node_affinity = json!({});
                }
                node_affinity["requiredDuringSchedulingIgnoredDuringExecution"] = json!({"nodeSelectorTerms": [
                    {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [&**node]}]}]});
            }
        }
        if let Some(node) = &self.bound {
            spec["nodeName"] = Value::String(node.to_string());
        }
        // Added here rather than stored: daemon pods of a revision share one spec, and the
        // volume's name is the pod's own.
        if self.sched.service_account_token {
            mount_service_account_token(&mut spec, &crate::names::NameStream::suffix_of(&self.meta.uid));
        }
        spec
    }

    /// The scheduler's binding: sets `spec.nodeName`.
    pub fn bind(&mut self, node: &str) {
        // (A daemon pod is bound to its target: the name is shared, not copied.)
        self.bound = Some(shared_text(self.target.as_ref(), node));
        if self.target.is_none() {
            self.target = self.bound.clone();
        }
    }

    pub fn node_name(&self) -> Option<&str> {
        self.bound.as_deref()
    }

    /// The node a daemon pod is meant for: its nodeName, or the `metadata.name` matchFields
    /// term the controller put into its affinity (`GetTargetNodeName` in daemonset_util.go).
    pub fn target_node(&self) -> Option<&str> {
        self.target.as_deref()
    }

    /// `node_name` and `target_node` as shared names, for the store's indexes.
    pub(crate) fn node_names(&self) -> (Option<&Rc<str>>, Option<&Rc<str>>) {
        (self.bound.as_ref(), self.target.as_ref())
    }

    pub fn is_ready(&self) -> bool {
        self.status.ready.as_ref().is_some_and(|c| c.status)
    }

    /// `IsPodAvailable`: ready, and ready for longer than minReadySeconds.
    pub fn is_available(&self, min_ready_seconds: i64, now: i64) -> bool {
        match &self.status.ready {
            Some(c) if c.status => min_ready_seconds == 0 || c.since_ms + min_ready_seconds * 1000 < now,
            _ => false,
        }
    }

    pub fn is_terminal(&self) -> bool {
        self.status.phase == "Succeeded" || self.status.phase == "Failed"
    }

    pub fn is_terminating(&self) -> bool {
        self.meta.deletion_ms.is_some()
    }

    /// Being deleted by the scheduler's preemption (`podTerminatingByPreemption`).
    pub fn is_terminating_by_preemption(&self) -> bool {
        self.is_terminating() && self.status.disruption_target.is_some()
    }

    /// Ready containers / containers, as the READY column shows.
    pub fn ready_count(&self) -> (usize, usize) {
        // printPod counts the spec's sidecars with the containers, ready once started.
        let sidecars = self.sched.init_containers.iter().filter(|c| c.restartable).count();
        let total = self.sched.containers.len() + sidecars;
        let inits = self.sched.init_containers.iter().zip(&self.status.init_states);
        let ready_sidecars = inits.filter(|(c, s)| c.restartable && c.init_done(s)).count();
        let ready = if self.is_ready() { self.sched.containers.len() } else { 0 } + ready_sidecars;
        (ready, total)
    }

    /// The containers with their states, as the kubelet lists them in `containerStatuses`:
    /// sorted by name (`SortedContainerStatuses`).
    fn containers_by_name(&self) -> Vec<(&ContainerImage, &ContainerState)> {
        let mut list: Vec<_> = self.sched.containers.iter().zip(&self.status.container_states).collect();
        crate::order::sort_by(&mut list, |a, b| a.0.name.cmp(&b.0.name));
        list
    }

    /// The STATUS column of `kubectl get pods` (printers.go `printPod`).
    pub fn status_text(&self) -> String {
        let mut reason = self.status.reason.clone().unwrap_or_else(|| self.status.phase.to_string());
        // The first init container that has neither completed nor (a sidecar) started says
        // where initialization is.
        let total = self.sched.init_containers.len();
        let inits = self.sched.init_containers.iter().zip(&self.status.init_states).enumerate();
        let initializing =
            inits.filter(|(_, (c, s))| !s.completed() && !c.init_done(s)).map(|(i, (_, s))| (i, s)).next();
        let initializing = initializing.map(|(i, st)| {
            reason = match st {
                ContainerState::Terminated { reason: r, exit_code, .. } if r.is_empty() => {
                    format!("Init:ExitCode:{exit_code}")
                }
                ContainerState::Terminated { reason: r, .. } => format!("Init:{r}"),
                ContainerState::Waiting { reason: r, .. } if !r.is_empty() && r != "PodInitializing" => {
                    format!("Init:{r}")
                }
                _ => format!("Init:{i}/{total}"),
            };
        });
        let initialized = self.status.initialized.as_ref().is_some_and(|c| c.status);
        if initializing.is_none() || initialized {
            // printPod walks containerStatuses (sorted by name) from the last, each reason
            // overwriting the one before: the first container by name that has one gives it.
            // (Found without sorting: this runs for every pod the view shows.)
            let mut first: Option<(&str, String)> = None;
            let mut running = false;
            for (c, st) in self.sched.containers.iter().zip(&self.status.container_states) {
                let r = match st {
                    ContainerState::Waiting { reason: r, .. } if !r.is_empty() => r.clone(),
                    ContainerState::Terminated { reason: r, exit_code, .. } if r.is_empty() => {
                        format!("ExitCode:{exit_code}")
                    }
                    ContainerState::Terminated { reason: r, .. } => r.clone(),
                    ContainerState::Running { .. } => {
                        running |= self.is_ready();
                        continue;
                    }
                    _ => continue,
                };
                if first.as_ref().is_none_or(|(name, _)| c.name.as_str() < *name) {
                    first = Some((c.name.as_str(), r));
                }
            }
            if let Some((_, r)) = first {
                reason = r;
            }
            // A completed container beside a running one: the pod still runs (the playground's
            // containers are ready together, so printPod's NotReady case does not arise).
            if reason == "Completed" && running {
                reason = "Running".into();
            }
        }
        if self.meta.deletion_ms.is_some() {
            if self.status.reason.as_deref() == Some("NodeLost") {
                return "Unknown".into();
            }
            if !self.is_terminal() {
                return "Terminating".into();
            }
        }
        reason
    }

    pub fn to_json(&self) -> Value {
        let st = &self.status;
        let mut status = Map::new();
        let mut conds = Vec::new();
        let cond = |kind: &str, ok: bool, at: i64| json!({"type": kind, "status": if ok {"True"} else {"False"}, "lastProbeTime": null, "lastTransitionTime": rfc3339(at)});
        // The kubelet's status merge keeps conditions it does not own first.
        if let Some(Condition { since_ms, message, .. }) = &st.disruption_target {
            let mut c = cond("DisruptionTarget", true, *since_ms);
            c["reason"] = json!("PreemptionByScheduler");
            c["message"] = json!(message);
            conds.push(c);
        }
        if let Some(Condition { status: ok, since_ms: at, .. }) = st.ready_to_start {
            conds.push(cond("PodReadyToStartContainers", ok, at));
        }
        if let Some(Condition { status: ok, since_ms: at, .. }) = st.initialized {
            let mut c = cond("Initialized", ok, at);
            if !ok {
                let incomplete = self.sched.init_containers.iter().zip(&st.init_states);
                let names: Vec<&str> =
                    incomplete.filter(|(c, s)| !c.init_done(s)).map(|(c, _)| c.name.as_str()).collect();
                c["reason"] = json!("ContainersNotInitialized");
                c["message"] = json!(format!("containers with incomplete status: [{}]", names.join(" ")));
            }
            conds.push(c);
        }
        if let Some(Condition { status: ok, since_ms: at, .. }) = st.ready {
            let mut c = cond("Ready", ok, at);
            if !ok {
                c["reason"] = json!("ContainersNotReady");
                c["message"] = json!(format!(
                    "containers with unready status: [{}]",
                    self.sched.containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(" ")
                ));
            }
            conds.push(c);
        }
        if let Some(Condition { status: ok, since_ms: at, .. }) = st.containers_ready {
            let mut c = cond("ContainersReady", ok, at);
            if !ok {
                c["reason"] = json!("ContainersNotReady");
                c["message"] = json!(format!(
                    "containers with unready status: [{}]",
                    self.sched.containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(" ")
                ));
            }
            conds.push(c);
        }
        if let Some(Condition { status: ok, since_ms: at, message }) = &st.scheduled {
            let mut c = cond("PodScheduled", *ok, *at);
            if !ok {
                c["reason"] = json!("Unschedulable");
                c["message"] = json!(message);
            }
            conds.push(c);
        }
        if !conds.is_empty() {
            status.insert("conditions".into(), Value::Array(conds));
        }
        // The kubelet lists init containers in the spec's order, and the others by name.
        let init_containers: Vec<_> = self.sched.init_containers.iter().zip(&st.init_states).collect();
        for (key, list) in
            [("initContainerStatuses", init_containers), ("containerStatuses", self.containers_by_name())]
        {
            if list.is_empty() {
                continue;
            }
            let init = key == "initContainerStatuses";
            let cs: Vec<Value> = list
                .into_iter()
                .map(|(container @ ContainerImage { name, image, .. }, state)| {
                    let state_json = match state {
                        ContainerState::Waiting { reason, message } => {
                            let mut w = json!({"reason": reason});
                            if !message.is_empty() {
                                w["message"] = json!(message);
                            }
                            json!({"waiting": w})
                        }
                        ContainerState::Running { started_ms } => json!({"running": {"startedAt": rfc3339(*started_ms)}}),
                        ContainerState::Terminated { reason, exit_code, started_ms, finished_ms } => json!({"terminated": {
                            "exitCode": exit_code, "reason": reason, "startedAt": rfc3339(*started_ms), "finishedAt": rfc3339(*finished_ms)}}),
                    };
                    // lastState is a struct, not a pointer, in Go: always there, `{}` until a restart.
                    // The runtime reports the reference it pulled, normalized (`docker.io/library/nginx:1.27`).
                    // A completed init container is ready; the others are as ready as the pod.
                    let ready = if init { container.init_done(state) } else { self.is_ready() };
                    let restarts = if init { 0 } else { st.restart_count };
                    let mut status = json!({"name": name, "image": normalized_image(image), "imageID": "", "lastState": {}, "ready": ready,
                        "restartCount": restarts, "started": matches!(state, ContainerState::Running{..}), "state": state_json});
                    if let Some((container, image)) = self.ids_of(name, image, state) {
                        if let Some(t) = status["state"].get_mut("terminated") {
                            t["containerID"] = json!(container);
                        }
                        status["containerID"] = json!(container);
                        status["imageID"] = json!(image);
                    }
                    status
                })
                .collect();
            status.insert(key.into(), Value::Array(cs));
        }
        if let Some(ip) = st.host_ip.as_deref() {
            status.insert("hostIP".into(), json!(ip));
            status.insert("hostIPs".into(), json!([{"ip": ip}]));
        }
        if let Some(r) = &st.message {
            status.insert("message".into(), json!(r));
        }
        if let Some(n) = &st.nominated_node {
            status.insert("nominatedNodeName".into(), json!(n));
        }
        status.insert("phase".into(), json!(st.phase));
        if let Some(ip) = &st.pod_ip {
            status.insert("podIP".into(), json!(ip));
            status.insert("podIPs".into(), json!([{"ip": ip}]));
        }
        status.insert("qosClass".into(), json!(self.qos_class()));
        if let Some(r) = &st.reason {
            status.insert("reason".into(), json!(r));
        }
        if let Some(t) = st.start_ms {
            status.insert("startTime".into(), json!(rfc3339(t)));
        }
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": self.meta.to_json(), "spec": self.spec_json(), "status": status})
    }

    /// The runtime's `containerID` and `imageID` of container `i`, once it was created: made up,
    /// but stable (hashes of the pod's uid and the container's name, and of the image).
    pub fn container_ids(&self, i: usize) -> Option<(String, String)> {
        let ContainerImage { name, image, .. } = self.sched.containers.get(i)?;
        self.ids_of(name, image, self.status.container_states.get(i)?)
    }

    fn ids_of(&self, name: &str, image: &str, state: &ContainerState) -> Option<(String, String)> {
        if matches!(state, ContainerState::Waiting { .. }) {
            return None;
        }
        let image = &normalized_image(image);
        // The repository: the reference without its digest, or its tag (after the last '/').
        let repository = match image.split_once('@') {
            Some((repo, _)) => repo,
            None => match image.rfind(':') {
                Some(colon) if !image[colon..].contains('/') => &image[..colon],
                _ => image,
            },
        };
        let container = format!("containerd://{}", hex_digest(&self.meta.uid, name));
        Some((container, format!("{repository}@sha256:{}", hex_digest(image, "image"))))
    }

    /// `BestEffort` without requests or limits, `Guaranteed` when limits equal requests for
    /// cpu and memory in every container, else `Burstable` (pkg/apis/core/helper/qos).
    pub fn qos_class(&self) -> &'static str {
        let list = |key: &str| self.spec.get(key).and_then(Value::as_array).into_iter().flatten();
        let mut any = false;
        let mut guaranteed = true;
        for c in list("containers").chain(list("initContainers")) {
            let req = c.pointer("/resources/requests");
            let lim = c.pointer("/resources/limits");
            if req.and_then(Value::as_object).is_some_and(|m| !m.is_empty())
                || lim.and_then(Value::as_object).is_some_and(|m| !m.is_empty())
            {
                any = true;
            }
            for r in ["cpu", "memory"] {
                let l = lim.and_then(|l| l.get(r));
                let q = req.and_then(|q| q.get(r)).or(l);
                if l.is_none() || q.map(scalar_text) != l.map(scalar_text) {
                    guaranteed = false;
                }
            }
        }
        if !any {
            "BestEffort"
        } else if guaranteed {
            "Guaranteed"
        } else {
            "Burstable"
        }
    }
}

/// `int` or `"N%"` (k8s.io/apimachinery/pkg/util/intstr).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(i64),
    Percent(i64),
    /// A string that is not a valid percentage (rejected by validation).
    Invalid(String),
}

impl IntOrPercent {
    pub fn from_json(v: &Value) -> Option<IntOrPercent> {
        match v {
            Value::Number(n) => Some(IntOrPercent::Int(n.as_i64().unwrap_or(i64::MAX))),
            Value::String(s) => Some(
                s.strip_suffix('%')
                    .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|d| d.parse().ok())
                    .map(IntOrPercent::Percent)
                    .unwrap_or_else(|| IntOrPercent::Invalid(s.clone())),
            ),
            _ => None,
        }
    }

    /// `GetScaledValueFromIntOrPercent(v, total, roundUp=true)`.
    pub fn scaled_round_up(&self, total: i64) -> i64 {
        match self {
            IntOrPercent::Int(i) => *i,
            IntOrPercent::Percent(p) => (p * total + 99) / 100,
            IntOrPercent::Invalid(_) => 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpdateStrategy {
    RollingUpdate { max_unavailable: IntOrPercent, max_surge: IntOrPercent },
    OnDelete,
}

/// DaemonSet `status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DaemonSetStatus {
    pub current_number_scheduled: i64,
    pub number_misscheduled: i64,
    pub desired_number_scheduled: i64,
    pub number_ready: i64,
    pub observed_generation: i64,
    pub updated_number_scheduled: i64,
    pub number_available: i64,
    pub number_unavailable: i64,
    pub collision_count: Option<i64>,
}

impl DaemonSetStatus {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        if let Some(c) = self.collision_count {
            m.insert("collisionCount".into(), json!(c));
        }
        m.insert("currentNumberScheduled".into(), json!(self.current_number_scheduled));
        m.insert("desiredNumberScheduled".into(), json!(self.desired_number_scheduled));
        if self.number_available != 0 {
            m.insert("numberAvailable".into(), json!(self.number_available));
        }
        m.insert("numberMisscheduled".into(), json!(self.number_misscheduled));
        m.insert("numberReady".into(), json!(self.number_ready));
        if self.number_unavailable != 0 {
            m.insert("numberUnavailable".into(), json!(self.number_unavailable));
        }
        if self.observed_generation != 0 {
            m.insert("observedGeneration".into(), json!(self.observed_generation));
        }
        if self.updated_number_scheduled != 0 {
            m.insert("updatedNumberScheduled".into(), json!(self.updated_number_scheduled));
        }
        Value::Object(m)
    }
}

#[derive(Clone, Debug)]
pub struct DaemonSet {
    pub meta: Meta,
    /// Defaulted spec, as the apiserver stores it.
    pub spec: Value,
    pub status: DaemonSetStatus,
    // Derived from spec:
    pub selector: crate::labels::Selector,
    pub template_labels: Labels,
    pub template_annotations: Labels,
    pub sched: PodScheduling,
    /// The template's tolerations plus those the DaemonSet controller adds to its pods
    /// (`placement::with_daemon_tolerations`): what placement checks taints against.
    pub daemon_tolerations: Vec<Toleration>,
    pub strategy: UpdateStrategy,
    pub min_ready_seconds: i64,
    pub revision_history_limit: i64,
    pub template_generation: i64,
}

impl DaemonSet {
    pub fn template(&self) -> &Value {
        &self.spec["template"]
    }

    pub fn to_json(&self) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": self.meta.to_json(), "spec": self.spec, "status": self.status.to_json()})
    }

    pub fn key(&self) -> (String, String) {
        self.meta.key()
    }
}

#[derive(Clone, Debug)]
pub struct ControllerRevision {
    pub meta: Meta,
    pub data: Value,
    pub revision: i64,
}

impl ControllerRevision {
    pub fn to_json(&self) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": self.meta.to_json(), "data": self.data, "revision": self.revision})
    }
}

/// `involvedObject` of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    pub kind: &'static str,
    pub api_version: &'static str,
    pub namespace: String,
    pub name: String,
    pub uid: String,
    /// Where the event recorder last found this object's entry: a pod's reference is shared
    /// by all its events, so its later events skip the recorder's lookup by uid. A hint the
    /// entry's uid confirms; empty in the page.
    pub(crate) recorder_slot: RecorderSlot,
}

/// Where the event recorder last found an object's entry (`events::Objects`), kept in the
/// object's reference: a pod's reference is shared by all of its events, and the last three
/// of a converge's four skip the lookup by uid (hashing and probing a table of 5,000 entries
/// was a twentieth of a converge). Only a hint: the entry's own uid confirms it, since forks
/// share pods and so their references, and each fork's recorder numbers its own entries.
/// Not part of the reference's value (equal references may remember other slots). Natively
/// only: the page's recorder looks objects up by uid.
#[derive(Clone, Default)]
#[cfg_attr(target_arch = "wasm32", derive(Debug))]
pub(crate) struct RecorderSlot(#[cfg(not(target_arch = "wasm32"))] pub(crate) std::cell::Cell<Option<u32>>);

impl PartialEq for RecorderSlot {
    fn eq(&self, _: &RecorderSlot) -> bool {
        true
    }
}
impl Eq for RecorderSlot {}

/// Prints no slot: it differs between a simulation and its forks, and natively from the page.
#[cfg(not(target_arch = "wasm32"))]
impl std::fmt::Debug for RecorderSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecorderSlot")
    }
}

/// What an event is, apart from its object and message: its type, reason and source
/// component, one static triple per place that records it. (One pointer in each event rather
/// than three texts: a 5,000-pod converge records 20,000.)
#[derive(Debug, PartialEq, Eq)]
pub struct EventKind {
    pub event_type: &'static str,
    pub reason: &'static str,
    pub component: &'static str,
}

impl EventKind {
    pub const fn normal(reason: &'static str, component: &'static str) -> EventKind {
        EventKind { event_type: "Normal", reason, component }
    }
    pub const fn warning(reason: &'static str, component: &'static str) -> EventKind {
        EventKind { event_type: "Warning", reason, component }
    }
}

#[derive(Clone, Debug)]
pub struct Event {
    /// The recorder's count when it was made: its name and uid derive from it (see `meta`).
    pub seq: u64,
    pub resource_version: u64,
    /// Shared: a pod's container events name one object, and a 5,000-pod converge records
    /// 20,000 events.
    pub involved: std::rc::Rc<ObjectRef>,
    /// `involvedObject.fieldPath`: the container a kubelet event is about. (Here, not in the
    /// shared reference: all of a pod's containers' events share one.)
    pub field_path: Option<std::rc::Rc<str>>,
    pub kind: &'static EventKind,
    /// Shared: the kubelet's messages about a started container are the spec's own texts.
    pub message: std::rc::Rc<str>,
    pub source_host: Option<std::rc::Rc<str>>,
    pub first_ms: i64,
    pub last_ms: i64,
    pub count: i64,
}

impl Event {
    /// Its metadata, made when asked: a 5,000-pod rollout records 20,000 events and lists few.
    /// client-go names events `<object>.<unix nanos in hex>`; they live in their object's
    /// namespace (`default` for cluster-scoped objects).
    pub fn meta(&self) -> Meta {
        let nanos = (self.first_ms as u64).wrapping_mul(1_000_000).wrapping_add(self.seq);
        Meta {
            name: format!("{}.{:x}", self.involved.name, nanos),
            namespace: self.namespace().to_string(),
            uid: format!("ev-{:012x}", self.seq),
            resource_version: self.resource_version,
            creation_ms: self.first_ms,
            ..Meta::default()
        }
    }

    pub fn namespace(&self) -> &str {
        if self.involved.namespace.is_empty() { "default" } else { &self.involved.namespace }
    }

    pub fn to_json(&self) -> Value {
        let mut involved = json!({"apiVersion": self.involved.api_version, "kind": self.involved.kind, "name": self.involved.name, "uid": self.involved.uid});
        if !self.involved.namespace.is_empty() {
            involved["namespace"] = json!(self.involved.namespace);
        }
        if let Some(fp) = &self.field_path {
            involved["fieldPath"] = json!(&**fp);
        }
        let mut source = json!({"component": self.kind.component});
        if let Some(h) = &self.source_host {
            source["host"] = json!(&**h);
        }
        json!({"apiVersion": "v1", "kind": "Event", "metadata": self.meta().to_json(), "involvedObject": involved,
            "reason": self.kind.reason, "message": &*self.message, "type": self.kind.event_type, "source": source,
            "firstTimestamp": rfc3339(self.first_ms), "lastTimestamp": rfc3339(self.last_ms), "count": self.count,
            "eventTime": null, "reportingComponent": self.kind.component, "reportingInstance": self.source_host.as_deref().unwrap_or_default()})
    }
}

/// Any other kind (ConfigMap, ServiceAccount, RBAC, CRDs, ...): stored and listed, not simulated.
#[derive(Clone, Debug)]
pub struct GenericObject {
    pub api_version: String,
    pub kind: String,
    pub meta: Meta,
    pub body: Map<String, Value>,
}

impl GenericObject {
    pub fn to_json(&self) -> Value {
        let mut m = self.body.clone();
        m.insert("apiVersion".into(), json!(self.api_version));
        m.insert("kind".into(), json!(self.kind));
        m.insert("metadata".into(), self.meta.to_json());
        Value::Object(m)
    }
}

/// 64 hex digits from two strings (FNV-1a, four rounds): stable made-up digests.
fn hex_digest(a: &str, b: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut out = String::new();
    for round in 0..4u8 {
        for byte in a.bytes().chain(b.bytes()).chain([round]) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out
}

/// An image reference as containerd reports it back to the kubelet: distribution's
/// `ParseNormalizedNamed` (Docker Hub's domain and `library/` filled in) with `:latest` when
/// neither a tag nor a digest is given. `nginx:1.27` is `docker.io/library/nginx:1.27`.
pub fn normalized_image(image: &str) -> String {
    let (first, rest) = image.split_once('/').unwrap_or(("", image));
    // A first component is a registry when it looks like a host: a dot, a port, localhost, or
    // an upper-case letter, which no repository path may hold (splitDockerDomain).
    let (domain, path) = if !first.is_empty()
        && (first.contains(['.', ':']) || first == "localhost" || first.bytes().any(|b| b.is_ascii_uppercase()))
    {
        (if first == "index.docker.io" { "docker.io" } else { first }, rest)
    } else {
        ("docker.io", image)
    };
    // Docker Hub's official images live under `library/`.
    let library = if domain == "docker.io" && !path.contains('/') { "library/" } else { "" };
    let named = format!("{domain}/{library}{path}");
    let last = named.rsplit('/').next().unwrap_or_default();
    if named.contains('@') || last.contains(':') { named } else { format!("{named}:latest") }
}

/// Taints the node lifecycle controller and the kubelet set.
pub const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";
pub const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";
pub const NOT_READY_TAINT: &str = "node.kubernetes.io/not-ready";

/// `text` as shared text: `shared` itself when it holds the same text (a daemon pod's node
/// name: one copy for the pod, its binding and its index entries), else a new copy.
// (Inline: natively, a call per pod write cost 0.4% of a converge's instructions.)
#[inline]
pub(crate) fn shared_text(shared: Option<&Rc<str>>, text: &str) -> Rc<str> {
    match shared {
        Some(s) if **s == *text => Rc::clone(s),
        _ => Rc::from(text),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shared_text_shares_only_the_same_text() {
        use std::rc::Rc;
        let node: Rc<str> = Rc::from("node-1");
        for (shared, text, same) in [
            (Some(&node), "node-1", true),
            (Some(&node), "node-10", false),
            (Some(&node), "node-", false),
            (None, "node-1", false),
        ] {
            let got = super::shared_text(shared, text);
            assert_eq!(&*got, text);
            assert_eq!(Rc::ptr_eq(&got, &node), same, "{text}");
        }
    }

    #[test]
    fn images_are_normalized_as_containerd_reports_them() {
        for (image, want) in [
            ("nginx", "docker.io/library/nginx:latest"),
            ("nginx:1.27", "docker.io/library/nginx:1.27"),
            ("fluent/fluentd:v1.16", "docker.io/fluent/fluentd:v1.16"),
            ("docker.io/nginx", "docker.io/library/nginx:latest"),
            ("index.docker.io/library/nginx:1", "docker.io/library/nginx:1"),
            ("registry.k8s.io/pause:3.9", "registry.k8s.io/pause:3.9"),
            ("localhost/agent", "localhost/agent:latest"),
            ("registry:5000/team/agent", "registry:5000/team/agent:latest"),
            ("Registry/agent:1", "Registry/agent:1"),
            ("nginx@sha256:0123", "docker.io/library/nginx@sha256:0123"),
            ("quay.io/a/b:1@sha256:0123", "quay.io/a/b:1@sha256:0123"),
        ] {
            assert_eq!(super::normalized_image(image), want, "{image}");
        }
    }

    #[test]
    fn pod_requests_count_sidecars_as_upstream_does() {
        for (containers, init, want) in [
            (vec![100, 50], vec![], 150),
            // An init container runs alone: the larger counts.
            (vec![100], vec![(500, false)], 500),
            (vec![100], vec![(50, false)], 100),
            // A sidecar adds to the containers and to every init container after it.
            (vec![100], vec![(200, true), (500, false)], 700),
            (vec![100], vec![(500, false), (200, true)], 500),
            (vec![100], vec![(200, true), (300, true)], 600),
            (vec![i64::MAX], vec![(1, true)], i64::MAX),
        ] {
            assert_eq!(
                super::pod_resource(containers.iter().copied(), init.iter().copied()),
                want,
                "{containers:?} {init:?}"
            );
        }
    }

    #[test]
    fn status_shows_the_first_container_by_name_as_kubectl_does() {
        use super::*;
        let waiting = |r: &str| ContainerState::Waiting { reason: r.into(), message: String::new() };
        let spec = serde_json::json!({"containers": [{"name": "z", "image": "a"}, {"name": "a", "image": "b"}]});
        let mut pod = Pod::new(Meta::default(), spec);
        pod.status.container_states = vec![waiting("ErrImagePull"), waiting("ContainerCreating")];
        assert_eq!(pod.status_text(), "ContainerCreating");
        let statuses = &pod.to_json()["status"]["containerStatuses"];
        assert_eq!((&statuses[0]["name"], &statuses[1]["name"]), (&serde_json::json!("a"), &serde_json::json!("z")));
        // A completed container beside a running one: the pod runs (NotReady without Ready).
        let completed =
            ContainerState::Terminated { reason: "Completed".into(), exit_code: 0, started_ms: 0, finished_ms: 0 };
        pod.status.container_states = vec![ContainerState::Running { started_ms: 0 }, completed];
        pod.status.ready = Some(Condition::new(true, 0));
        assert_eq!(pod.status_text(), "Running");
    }

    #[test]
    fn a_sidecar_counts_in_ready_and_holds_init_until_it_starts() {
        use super::*;
        let spec = serde_json::json!({
            "initContainers": [{"name": "proxy", "image": "p", "restartPolicy": "Always"}, {"name": "setup", "image": "s"}],
            "containers": [{"name": "c", "image": "c"}]});
        let mut pod = Pod::new(Meta::default(), spec);
        // Before the kubelet has reported anything, READY already counts the sidecar.
        assert_eq!(pod.ready_count(), (0, 2));
        let waiting = |r: &str| ContainerState::Waiting { reason: r.into(), message: String::new() };
        pod.status.init_states = vec![waiting("PodInitializing"), waiting("PodInitializing")];
        assert_eq!(pod.status_text(), "Init:0/2");
        pod.status.init_states = vec![waiting("ErrImagePull"), waiting("PodInitializing")];
        assert_eq!(pod.status_text(), "Init:ErrImagePull");
        // Started, it is passed over.
        pod.status.init_states = vec![ContainerState::Running { started_ms: 0 }, waiting("PodInitializing")];
        assert_eq!(pod.status_text(), "Init:1/2");
        assert_eq!(pod.ready_count(), (1, 2));
    }
}
