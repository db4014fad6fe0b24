//! The apiserver's side of every change a user makes: `kubectl apply`/`create` of each kind
//! (decoding, defaulting, validation, admission, the registries' rules), deletion with its
//! grace periods and cascades, label, taint and cordon updates, and `sim node add`. Each
//! operation writes the store and tells the controllers' event handlers, then settles.

use crate::daemon::{TEMPLATE_GENERATION_ANNOTATION, refresh_daemonset};
use crate::errors::DecodeError;
use crate::json;
use crate::labels::Labels;
use crate::manifest::{MAX_OBJECT_BYTES, ParsedObject};
use crate::merge::LAST_APPLIED;
use crate::objects::*;
use crate::schema::FieldValidation;
use crate::sim::*;
use crate::store::Key;
use crate::validate::{GoStr, go_quote};
use serde_json::{Map, Value};

impl Simulation {
    // ---- apply ----

    /// `kubectl apply` (or `create` with `create_only`) of parsed objects, one by one, with
    /// kubectl's default `--validate=strict`.
    pub fn apply(
        &mut self,
        objects: Vec<ParsedObject>,
        default_namespace: &str,
        create_only: bool,
    ) -> Vec<Result<Applied, ApiError>> {
        self.apply_validated(objects, default_namespace, create_only, FieldValidation::Strict)
    }

    /// [`Simulation::apply`] with the field validation kubectl asks for (`--validate`).
    pub fn apply_validated(
        &mut self,
        objects: Vec<ParsedObject>,
        default_namespace: &str,
        create_only: bool,
        validation: FieldValidation,
    ) -> Vec<Result<Applied, ApiError>> {
        let mut results = Vec::new();
        for obj in objects {
            self.finish();
            let r = self.apply_one(obj, default_namespace, create_only, validation);
            self.settle();
            results.push(r);
        }
        results
    }

    /// `kubectl apply --dry-run=client` (or `create`): kubectl's own checks, then what it
    /// prints without sending anything. apply reads the object first, so an existing one is
    /// `configured` (kubectl computes no patch in a client dry run); create reads nothing.
    pub fn apply_dry_run_client(
        &self,
        objects: &[ParsedObject],
        default_namespace: &str,
        create_only: bool,
        validation: FieldValidation,
    ) -> Vec<Result<Applied, ApiError>> {
        let outcome = |obj: &ParsedObject| {
            let Checked { api_version, kind, meta, .. } = kubectl_checks(&obj.value, default_namespace, validation)?;
            let key = (meta.namespace.clone(), meta.name.clone());
            let exists = match kind.as_str() {
                "DaemonSet" => self.world.store.daemonsets().contains_key(&key),
                "Node" => self.world.store.nodes().get(&meta.name).is_some(),
                "Pod" => self.world.store.pods().get(&key).is_some(),
                "Namespace" => self.world.store.namespaces().contains_key(&meta.name),
                _ => self.world.store.generic().contains_key(&(kind.clone(), key.0, key.1)),
            };
            let (kind_ref, _) = resource_of(&kind, &api_version);
            let action = if exists && !create_only { "configured" } else { "created" };
            Ok(Applied { kind_ref, name: meta.name, action, warnings: Vec::new() })
        };
        objects.iter().map(outcome).collect()
    }

    fn apply_one(
        &mut self,
        obj: ParsedObject,
        default_namespace: &str,
        create_only: bool,
        validation: FieldValidation,
    ) -> Result<Applied, ApiError> {
        if obj.source_bytes > MAX_OBJECT_BYTES {
            return Err(ApiError::TooLarge);
        }
        let mut value = obj.value;
        let Checked { api_version, kind, mut meta, namespaced } =
            kubectl_checks(&value, default_namespace, validation)?;
        // The apiserver decodes the body only after kubectl's own checks (the kind's mapping,
        // the namespace), and before anything else it checks.
        let version = api_version.rsplit('/').next().unwrap_or_default();
        let decode_error = |path: String, why: DecodeError| ApiError::Decode {
            kind: kind.clone(),
            version: version.to_string(),
            path,
            why,
        };
        if let Err(e) = crate::typecheck::check(&kind, &value) {
            return Err(decode_error(e.path, DecodeError::Type(e.message)));
        }
        // Strict decoding runs once the body has decoded: a type error is reported first.
        let mut warnings = Vec::new();
        // kubectl records what was applied, unknown fields and all; the object keeps only
        // what its Go types hold.
        let last_applied = value.clone();
        let unknown = crate::schema::drop_unknown_fields(&kind, &mut value);
        if let Some(first) = unknown.first() {
            match validation {
                FieldValidation::Strict => {
                    return Err(decode_error(first.clone(), DecodeError::UnknownFields(unknown)));
                }
                // The apiserver's warning header, which kubectl prints as `Warning: …`.
                FieldValidation::Warn => {
                    warnings = unknown.iter().map(|f| format!("unknown field {:?}", GoStr(f))).collect()
                }
                FieldValidation::Ignore => {}
            }
        }
        // Not reached: kubectl_checks refused anything but a mapping. This only names the map
        // (without a panic, which the page must never meet).
        let Some(map) = value.as_object() else {
            return Err(ApiError::Client(ClientError::SchemaInvalid(crate::errors::SchemaInvalid::NotAnObject)));
        };
        if namespaced && !self.world.store.namespaces().contains_key(&meta.namespace) {
            return Err(ApiError::NamespaceNotFound { namespace: meta.namespace });
        }
        if meta.name.is_empty() {
            return Err(ApiError::Invalid {
                kind: kind.clone(),
                name: String::new(),
                causes: vec![crate::FieldError::required("metadata.name".into(), "name or generateName is required")],
            });
        }
        let (_, last_applied_text) =
            crate::merge::last_applied_record(last_applied, namespaced.then_some(&meta.namespace));
        if !create_only {
            meta.annotations.insert(LAST_APPLIED.into(), last_applied_text.clone());
        }
        // ValidateAnnotationsSize: keys and values together, the applied record included.
        let annotation_bytes: usize = meta.annotations.iter().map(|(k, v)| k.len() + v.len()).sum();
        if annotation_bytes > 256 * 1024 {
            return Err(ApiError::Invalid {
                kind,
                name: meta.name,
                causes: vec![crate::FieldError::new(
                    crate::FieldErrorType::TooLong,
                    "metadata.annotations".into(),
                    String::new(),
                    "may not be more than 262144 bytes",
                )],
            });
        }
        let (kind_ref, _) = resource_of(&kind, &api_version);
        let name = meta.name.clone();
        let action = match kind.as_str() {
            "DaemonSet" => self.apply_daemonset(meta, &value, create_only, &last_applied_text)?,
            "Node" => self.apply_node(meta, &value, create_only, &last_applied_text)?,
            "Pod" => self.apply_pod(meta, &value, create_only)?,
            "Namespace" => self.apply_namespace(meta, create_only)?,
            _ => self.apply_generic(meta, &api_version, &kind, map, create_only, &last_applied_text)?,
        };
        Ok(Applied { kind_ref, name, action, warnings })
    }

    fn apply_namespace(&mut self, meta: Meta, create_only: bool) -> Result<&'static str, ApiError> {
        let errs = crate::labels::validate_dns1123_label(&meta.name);
        if !errs.is_empty() {
            return Err(ApiError::Invalid {
                kind: "Namespace".into(),
                name: meta.name.clone(),
                causes: errs
                    .iter()
                    .map(|e| crate::FieldError::invalid("metadata.name".into(), go_quote(&meta.name), e))
                    .collect(),
            });
        }
        if self.world.store.namespaces().contains_key(&meta.name) {
            if create_only {
                return Err(ApiError::AlreadyExists { resource: "namespaces".into(), name: meta.name });
            }
            return Ok("unchanged");
        }
        self.world.store.put_namespace(meta.name, self.world.now);
        Ok("created")
    }

    /// `kubectl create namespace NAME`.
    pub fn create_namespace(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        let meta = Meta { name: name.to_string(), ..Meta::default() };
        self.apply_namespace(meta, true).map(|_| ())
    }

    fn apply_generic(
        &mut self,
        mut meta: Meta,
        api_version: &str,
        kind: &str,
        map: &Map<String, Value>,
        create_only: bool,
        last_applied: &str,
    ) -> Result<&'static str, ApiError> {
        let key = (kind.to_string(), meta.namespace.clone(), meta.name.clone());
        let mut body = map.clone();
        for k in ["apiVersion", "kind", "metadata", "status"] {
            body.remove(k);
        }
        if kind == "Secret" {
            default_secret(&mut body);
        }
        if kind == crate::priority::KIND && api_version == crate::priority::API_VERSION {
            let old = if create_only { None } else { self.world.store.generic().get(&key) };
            crate::priority::admit_class(&self.world.store, &meta, &mut body, old)?;
            // Daemon pods' specs were admitted against the classes as they were.
            self.daemons.admission_inputs_changed();
        }
        if kind == "ServiceAccount" {
            // ... and against the ServiceAccounts as they were.
            self.daemons.admission_inputs_changed();
        }
        let wrote = self.world.store.update_generic(&key, |old| {
            if create_only || old.meta.annotations.get(LAST_APPLIED).map(String::as_str) == Some(last_applied) {
                return false;
            }
            old.body = body.clone();
            old.meta.labels = meta.labels.clone();
            old.meta.annotations = meta.annotations.clone();
            true
        });
        match wrote {
            Some(_) if create_only => {
                let (_, plural) = resource_of(kind, api_version);
                return Err(ApiError::AlreadyExists { resource: plural, name: meta.name });
            }
            Some(false) => return Ok("unchanged"),
            Some(true) => return Ok("configured"),
            None => {}
        }
        meta.uid = self.world.names.uid();
        meta.creation_ms = self.world.now;
        self.world.store.create_generic(GenericObject {
            api_version: api_version.to_string(),
            kind: kind.to_string(),
            meta,
            body,
        });
        Ok("created")
    }

    fn apply_node(
        &mut self,
        mut meta: Meta,
        value: &Value,
        create_only: bool,
        last_applied: &str,
    ) -> Result<&'static str, ApiError> {
        let mut errs = Vec::new();
        crate::validate::name_errors(&value["metadata"], &mut errs);
        errs.extend(node_spec_errors(value));
        if !errs.is_empty() {
            return Err(ApiError::Invalid { kind: "Node".into(), name: meta.name.clone(), causes: errs });
        }
        let spec = value.get("spec").and_then(Value::as_object).cloned().unwrap_or_default();
        let mut status = value.get("status").and_then(Value::as_object).cloned().unwrap_or_default();
        let conditions = status.remove("conditions");
        let wrote = self.world.store.update_node(&meta.name, |old| {
            if create_only || old.meta.annotations.get(LAST_APPLIED).map(String::as_str) == Some(last_applied) {
                return false;
            }
            // kubectl apply's three-way merge: labels set by `kubectl label` etc. survive.
            let previous: Option<Value> =
                old.meta.annotations.get(LAST_APPLIED).and_then(|t| crate::json::parse(t).ok());
            let (labels, annotations) =
                crate::merge::applied_metadata(&old.meta, previous.as_ref(), &meta, last_applied);
            (old.meta.labels, old.meta.annotations) = (labels.into(), annotations.into());
            let live_spec = Value::Object(old.spec.clone());
            let prev_spec = previous.as_ref().and_then(|p| p.get("spec"));
            if let Value::Object(m) = crate::merge::three_way(&live_spec, prev_spec, &Value::Object(spec.clone())) {
                old.spec = m;
            }
            old.refresh();
            true
        });
        match wrote {
            Some(_) if create_only => {
                return Err(ApiError::AlreadyExists { resource: "nodes".into(), name: meta.name });
            }
            Some(false) => return Ok("unchanged"),
            Some(true) => {
                self.world.node_changed(&meta.name);
                return Ok("configured");
            }
            None => {}
        }
        let given_creation = meta.creation_ms;
        meta.uid = if meta.uid.is_empty() { self.world.names.uid() } else { meta.uid };
        meta.creation_ms = if given_creation != 0 { given_creation } else { self.world.now };
        meta.labels.entry("kubernetes.io/hostname".into()).or_insert_with(|| meta.name.clone());
        let mut node = Node {
            meta,
            spec,
            status,
            conditions: Vec::new(),
            taints: Vec::new(),
            unschedulable: false,
            allocatable: Resources::default(),
            internal_ip: None,
            kubelet_down: false,
            index: self.next_node_index,
            next_ip: 1,
            #[cfg(target_arch = "wasm32")]
            view_stamp: 0,
            pods_bound: 0,
        };
        self.next_node_index += 1;
        let now = self.world.now;
        for c in conditions.as_ref().and_then(Value::as_array).into_iter().flatten() {
            let t = |k: &str| c.get(k).and_then(Value::as_str).and_then(crate::time::parse_rfc3339).unwrap_or(now);
            node.conditions.push(NodeCondition {
                kind: s(c, "type"),
                status: s(c, "status"),
                reason: s(c, "reason"),
                message: s(c, "message"),
                last_heartbeat_ms: t("lastHeartbeatTime"),
                last_transition_ms: t("lastTransitionTime"),
            });
        }
        if node.conditions.is_empty() {
            crate::node_lifecycle::kubelet_conditions(&mut node, now);
        }
        node.refresh();
        // A node listed as unreachable is simulated as a node whose kubelet is down.
        node.kubelet_down = node.ready_status() == Some("Unknown");
        let name = node.meta.name.clone();
        self.world.store.create_node(node);
        self.world.node_changed(&name);
        Ok("created")
    }

    fn apply_pod(&mut self, mut meta: Meta, value: &Value, create_only: bool) -> Result<&'static str, ApiError> {
        let mut errs = Vec::new();
        crate::validate::name_errors(&value["metadata"], &mut errs);
        let mut spec = value.get("spec").cloned().unwrap_or(json!({}));
        let key = meta.key();
        let exists = self.world.store.pods().contains_key(&key);
        // A new pod meets mutating admission (Priority) before validation.
        if !exists && let Err(message) = crate::priority::admit_pod(&self.world.store, &mut spec) {
            return Err(ApiError::Forbidden { resource: "pods".into(), name: meta.name, message });
        }
        crate::validate::pod_spec_errors("spec", &spec, false, &mut errs);
        if !errs.is_empty() {
            return Err(ApiError::Invalid { kind: "Pod".into(), name: meta.name.clone(), causes: errs });
        }
        if exists {
            if create_only {
                return Err(ApiError::AlreadyExists { resource: "pods".into(), name: meta.name });
            }
            // Pod specs are immutable; re-applying the same pod is the useful case.
            return Ok("unchanged");
        }
        crate::validate::default_pod_spec(&mut spec);
        crate::validate::default_pod(&mut spec);
        default_toleration_seconds(&mut spec);
        let token = crate::serviceaccount::admit_pod(&self.world.store, &meta.namespace, &mut spec);
        meta.uid = self.world.names.uid();
        meta.creation_ms = self.world.now;
        let mut pod = Pod::new(meta, spec);
        std::rc::Rc::make_mut(&mut pod.sched).service_account_token = token;
        let bound = pod.node_name().is_some();
        let slot = self.world.store.insert_pod(pod);
        if bound {
            crate::kubelet::admit(&mut self.world, key.clone(), slot);
        } else {
            self.world.queues.scheduling.active.insert(key.clone(), slot);
        }
        self.world.pod_changed(&key);
        Ok("created")
    }

    // ---- deletion ----

    /// Deletes a DaemonSet with the given cascade.
    pub fn delete_daemonset(&mut self, namespace: &str, name: &str, cascade: Cascade) -> Result<(), ApiError> {
        self.finish();
        let key = (namespace.to_string(), name.to_string());
        let Some(ds) = self.world.store.daemonsets().get(&key) else {
            return Err(ApiError::NotFound { resource: "daemonsets.apps".into(), name: name.into() });
        };
        let uid = ds.meta.uid.clone();
        match cascade {
            Cascade::Orphan => {
                self.world.store.remove_daemonset(&key);
                let pods: Vec<Key> = self.world.store.pod_keys_owned_by(&uid);
                for p in pods {
                    self.world.store.update_pod(&p, |pod| pod.meta.owner_references.retain(|r| r.uid != uid));
                }
                self.world.store.update_revision_owners(
                    |rev| rev.meta.owner_references.iter().any(|r| r.uid == uid),
                    |owners| owners.retain(|r| r.uid != uid),
                );
            }
            Cascade::Background => {
                self.world.store.remove_daemonset(&key);
                self.delete_dependents(&uid);
            }
            Cascade::Foreground => {
                let now = self.world.now;
                self.world.store.update_daemonset_unversioned(&key, |ds| {
                    ds.meta.deletion_ms = Some(now);
                    ds.meta.deletion_grace_seconds = Some(0);
                    ds.meta.finalizers.push("foregroundDeletion".into());
                });
                self.delete_dependents(&uid);
                self.world.finish_foreground(&key);
            }
        }
        self.daemons.daemonset_changed(&uid);
        self.world.queues.forget(&uid);
        self.world.timelines.retain(|(u, _)| *u != uid);
        Ok(())
    }

    fn delete_dependents(&mut self, owner_uid: &str) {
        let pods: Vec<Key> = self.world.store.pod_keys_owned_by(owner_uid);
        for p in pods {
            self.world.delete_pod_gracefully(&p, None);
        }
        self.world.store.retain_revisions(|_, r| !r.meta.owner_references.iter().any(|o| o.uid == owner_uid));
    }

    /// `kubectl delete pod`: graceful, with the pod's grace period (or `grace_override`).
    pub fn delete_pod(&mut self, namespace: &str, name: &str) -> Result<(), ApiError> {
        self.finish();
        let key = (namespace.to_string(), name.to_string());
        if !self.world.store.pods().contains_key(&key) {
            return Err(ApiError::NotFound { resource: "pods".into(), name: name.into() });
        }
        self.world.delete_pod_gracefully(&key, None);
        self.settle();
        Ok(())
    }

    /// `kubectl delete pod --grace-period=N`.
    pub fn delete_pod_with_grace(&mut self, key: &Key, grace_seconds: i64) {
        self.finish();
        self.world.delete_pod_gracefully(key, Some(grace_seconds));
        self.settle();
    }

    pub fn delete_node(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        if self.world.store.remove_node(name).is_none() {
            return Err(ApiError::NotFound { resource: "nodes".into(), name: name.into() });
        }
        self.world.node_deleted(name);
        self.pod_gc.after_quarantine(&mut self.world, name);
        self.settle();
        Ok(())
    }

    pub fn delete_generic(&mut self, kind: &str, namespace: &str, name: &str) -> Result<(), ApiError> {
        self.finish();
        let ns = if cluster_scoped(kind) { String::new() } else { namespace.to_string() };
        if kind == crate::priority::KIND
            && let Some(refused) = crate::priority::refuse_delete(name)
        {
            return Err(refused);
        }
        if kind == crate::priority::KIND || kind == "ServiceAccount" {
            self.daemons.admission_inputs_changed();
        }
        if self.world.store.remove_generic(&(kind.to_string(), ns, name.to_string())).is_none() {
            let (_, plural) = resource_of(kind, "");
            return Err(ApiError::NotFound { resource: plural, name: name.into() });
        }
        Ok(())
    }

    pub fn delete_namespace(&mut self, name: &str) -> Result<(), ApiError> {
        self.finish();
        if self.world.store.remove_namespace(name).is_none() {
            return Err(ApiError::NotFound { resource: "namespaces".into(), name: name.into() });
        }
        let dss: Vec<Key> = self.world.store.daemonsets().keys().filter(|k| k.0 == name).cloned().collect();
        for k in dss {
            let _ = self.delete_daemonset(&k.0, &k.1, Cascade::Background);
        }
        let pods: Vec<Key> = self.world.store.pods().keys().filter(|k| k.0 == name).cloned().collect();
        for k in pods {
            self.world.delete_pod_gracefully(&k, None);
        }
        self.world.store.retain_generic(|k, _| k.1 != name);
        self.settle();
        Ok(())
    }

    // ---- nodes ----

    /// `nodes "<name>" not found`.
    pub(crate) fn node_not_found(name: &str) -> ApiError {
        ApiError::NotFound { resource: "nodes".into(), name: name.into() }
    }

    /// Replaces a node's labels (kubectl label computes the new set).
    pub fn set_node_labels(&mut self, name: &str, labels: crate::labels::Labels) -> Result<(), ApiError> {
        self.finish();
        let set = self.world.store.update_node(name, |node| {
            node.meta.labels = labels.into();
            true
        });
        set.ok_or_else(|| Self::node_not_found(name))?;
        self.world.node_changed(name);
        self.settle();
        Ok(())
    }

    /// Replaces a pod's labels: a DaemonSet whose selector stops matching releases the pod,
    /// and an orphan that starts matching is adopted (`ClaimPods`).
    pub fn set_pod_labels(
        &mut self,
        namespace: &str,
        name: &str,
        labels: crate::labels::Labels,
    ) -> Result<(), ApiError> {
        self.finish();
        let key = (namespace.to_string(), name.to_string());
        if self.world.store.update_pod(&key, |p| p.meta.labels = labels.into()).is_none() {
            return Err(ApiError::NotFound { resource: "pods".into(), name: name.into() });
        }
        let in_namespace: Vec<Key> =
            self.world.store.daemonsets().keys().filter(|k| k.0 == namespace).cloned().collect();
        for k in in_namespace {
            self.world.queues.needs_claim.insert(k.clone());
            self.world.queues.daemonsets.insert(k);
        }
        self.world.pod_changed(&key);
        self.settle();
        Ok(())
    }

    pub fn set_node_taints(&mut self, name: &str, taints: Vec<Taint>) -> Result<(), ApiError> {
        self.finish();
        let set = self.world.store.update_node(name, |node| {
            node.set_taints(taints);
            true
        });
        set.ok_or_else(|| Self::node_not_found(name))?;
        self.world.node_changed(name);
        self.settle();
        Ok(())
    }

    /// `kubectl cordon` / `uncordon`: spec.unschedulable, and the node lifecycle controller's taint.
    pub fn set_node_unschedulable(&mut self, name: &str, on: bool) -> Result<bool, ApiError> {
        self.finish();
        let now = self.world.now;
        let changed = self.world.store.update_node(name, |node| {
            if node.unschedulable == on {
                return false;
            }
            node.set_unschedulable(on);
            node.set_no_schedule_taint(UNSCHEDULABLE_TAINT, on, now);
            true
        });
        if !changed.ok_or_else(|| Self::node_not_found(name))? {
            return Ok(false);
        }
        self.world.node_changed(name);
        self.settle();
        Ok(true)
    }

    /// `sim node add`.
    pub fn add_node(&mut self, name: &str, shape: &NodeShape) -> Result<(), ApiError> {
        match self.add_nodes(&[name.to_string()], shape) {
            (_, Some(refused)) => Err(refused),
            (_, None) => Ok(()),
        }
    }

    /// `sim node add` of many nodes: each is added, and what it sets off settled, before the
    /// next, up to the first one the apiserver would refuse. Returns how many that is, and
    /// the refusal. Stepwise, the first node is added here and the rest are left to
    /// [`Simulation::step`], one per step, so that 5,000 of them do not block a page; every
    /// node is checked here, first, so the caller can report every outcome at once.
    pub fn add_nodes(&mut self, names: &[String], shape: &NodeShape) -> (usize, Option<ApiError>) {
        self.finish();
        let (addable, refused) = self.check_new_nodes(names, shape);
        // `apply_node` takes a resourceVersion before it finds a name taken: the refusal takes
        // one too, after the nodes before it.
        let taken = matches!(refused, Some(ApiError::AlreadyExists { .. }));
        let mut names = names[..addable].iter();
        if let Some(first) = names.next() {
            self.create_checked_node(first, shape);
        }
        if self.stepwise {
            if names.len() > 0 || taken {
                let names = names.rev().cloned().collect();
                self.pending_nodes = Some(PendingNodes { names, shape: shape.clone(), refused_name_follows: taken });
            }
        } else {
            for name in names {
                self.finish();
                self.create_checked_node(name, shape);
            }
            self.finish();
            if taken {
                self.world.store.skip_resource_version();
            }
        }
        (addable, refused)
    }

    /// How many of `names` `apply_node` would create, in order, and its refusal of the next:
    /// its checks, in its order (the object's fields, then a name that is taken).
    fn check_new_nodes(&self, names: &[String], shape: &NodeShape) -> (usize, Option<ApiError>) {
        // Only the name differs from node to node.
        let spec_causes = node_spec_errors(&self.node_json("n", shape));
        let mut seen = crate::fasthash::FastSet::default();
        for (i, name) in names.iter().enumerate() {
            let mut causes = Vec::new();
            crate::validate::name_errors(&json!({ "name": name }), &mut causes);
            causes.extend(spec_causes.iter().cloned());
            if !causes.is_empty() {
                return (i, Some(ApiError::Invalid { kind: "Node".into(), name: name.clone(), causes }));
            }
            if self.world.store.nodes().contains_key(name.as_str()) || !seen.insert(name.as_str()) {
                return (i, Some(ApiError::AlreadyExists { resource: "nodes".into(), name: name.clone() }));
            }
        }
        (names.len(), None)
    }

    /// Creates a node as `sim node add` makes it (see [`NodeShape`]), one `check_new_nodes`
    /// passed.
    pub(crate) fn create_checked_node(&mut self, name: &str, shape: &NodeShape) {
        let value = self.node_json(name, shape);
        let meta = Meta::from_json(&value["metadata"]);
        let created = self.apply_node(meta, &value, true, "");
        debug_assert!(created.is_ok(), "a checked node was refused: {created:?}");
    }

    /// The manifest of the node `sim node add` makes now.
    fn node_json(&self, name: &str, shape: &NodeShape) -> Value {
        let NodeShape { labels, taints, unschedulable, cpu, memory, pods } = shape;
        let (unschedulable, pods) = (*unschedulable, *pods);
        let mut spec = json!({"podCIDR": format!("10.244.{}.0/24", self.next_node_index), "podCIDRs": [format!("10.244.{}.0/24", self.next_node_index)]});
        if unschedulable {
            spec["unschedulable"] = json!(true);
        }
        let mut all_taints: Vec<Value> =
            taints.iter().map(|t| json!({"key": t.key, "value": t.value, "effect": t.effect})).collect();
        if unschedulable {
            all_taints.push(json!({"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule", "timeAdded": crate::time::rfc3339(self.world.now)}));
        }
        for t in all_taints.iter_mut() {
            if t["value"] == json!("") {
                t.as_object_mut().map(|m| m.remove("value"));
            }
        }
        if !all_taints.is_empty() {
            spec["taints"] = Value::Array(all_taints);
        }
        let mut all_labels = crate::labels::Labels::new();
        for (k, v) in [
            ("beta.kubernetes.io/arch", "amd64"),
            ("beta.kubernetes.io/os", "linux"),
            ("kubernetes.io/arch", "amd64"),
            ("kubernetes.io/hostname", name),
            ("kubernetes.io/os", "linux"),
        ] {
            all_labels.insert(k.into(), v.into());
        }
        all_labels.extend(labels.clone());
        let ip = format!("10.224.0.{}", self.next_node_index + 4);
        json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": all_labels},
            "spec": spec,
            "status": {
                "addresses": [{"address": ip, "type": "InternalIP"}, {"address": name, "type": "Hostname"}],
                "allocatable": {"cpu": cpu, "memory": memory, "pods": pods.to_string()},
                "capacity": {"cpu": cpu, "memory": memory, "pods": pods.to_string()},
                "nodeInfo": {"architecture": "amd64", "containerRuntimeVersion": "containerd://1.7.23", "kernelVersion": "6.1.0-28-amd64", "kubeProxyVersion": "v1.30.6", "kubeletVersion": "v1.30.6", "operatingSystem": "linux", "osImage": "Debian GNU/Linux 12 (bookworm)"}
            }
        })
    }
}

/// What the apiserver makes of a Secret: `stringData` is write-only, merged into `data` (its
/// keys win) by the v1 conversion; `type` defaults to `Opaque` (SetDefaults_Secret).
fn default_secret(body: &mut Map<String, Value>) {
    if let Some(Value::Object(strings)) =
        body.remove("stringData").filter(|s| s.as_object().is_some_and(|m| !m.is_empty()))
    {
        let data = body.entry("data").or_insert_with(|| json!({}));
        if !data.is_object() {
            *data = json!({});
        }
        if let Value::Object(data) = data {
            for (k, v) in strings {
                let text = v.as_str().unwrap_or_default();
                data.insert(k, Value::String(crate::strconv::base64_encode(text.as_bytes(), false)));
            }
        }
    }
    if body.get("type").and_then(Value::as_str).is_none_or(str::is_empty) {
        body.insert("type".into(), json!("Opaque"));
    }
}

/// A node manifest's errors beyond its name: taint effects, and resource quantities.
fn node_spec_errors(value: &Value) -> Vec<crate::FieldError> {
    let mut errs = Vec::new();
    for (i, t) in value.pointer("/spec/taints").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let effect = t.get("effect").and_then(Value::as_str).unwrap_or("");
        if !crate::validate::TAINT_EFFECTS.contains(&effect) {
            let value = go_quote(effect);
            errs.push(crate::FieldError::not_supported(
                format!("spec.taints[{i}].effect"),
                value,
                crate::validate::TAINT_EFFECTS_SUPPORTED,
            ));
        }
    }
    for q in ["cpu", "memory", "pods"] {
        for part in ["capacity", "allocatable"] {
            // What `ParseQuantity` accepts (as decoding a manifest does; `sim node add`'s flags
            // come here without it).
            if let Some(v) = value.pointer(&format!("/status/{part}/{q}"))
                && let Some(e) = crate::quantity::parse_error(scalar_text(v).trim())
            {
                errs.push(crate::FieldError::invalid(format!("status.{part}.{q}"), crate::validate::go_value(v), e));
            }
        }
    }
    errs
}

/// What kubectl itself has made sure of before it sends an object: a kind it can map, and
/// the object's namespace.
struct Checked {
    api_version: String,
    kind: String,
    meta: Meta,
    namespaced: bool,
}

/// kubectl's client-side validation of a document (`--validate` other than false; with the
/// apiserver doing field validation, the schema itself is the server's business): a mapping,
/// with `apiVersion` and `kind` set and strings (k8s.io/kubectl's `paramVerifyingSchema` and
/// `getObjectKind`).
pub fn schema_invalid(value: &Value, validation: FieldValidation) -> Option<crate::errors::SchemaInvalid> {
    use crate::errors::SchemaInvalid;
    if validation == FieldValidation::Ignore {
        return None;
    }
    let Some(map) = value.as_object() else { return Some(SchemaInvalid::NotAnObject) };
    // getObjectKind: one error per field, then the group version's own.
    let mut fields = Vec::new();
    for k in ["apiVersion", "kind"] {
        match map.get(k) {
            None | Some(Value::Null) => fields.push((k, true)),
            Some(Value::String(_)) => {}
            Some(_) => fields.push((k, false)),
        }
    }
    if !fields.is_empty() {
        return Some(SchemaInvalid::Fields(fields));
    }
    let api_version = map.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    if !is_group_version(api_version) {
        return Some(SchemaInvalid::GroupVersion(api_version.to_string()));
    }
    None
}

/// Whether `schema.ParseGroupVersion` reads `s`: a version, or a group and a version (at most
/// one `/`).
fn is_group_version(s: &str) -> bool {
    s.matches('/').count() <= 1
}

/// kubectl's own checks of a manifest's object, before any request, in its builder's order:
/// client-side validation, decoding (a mapping with a string `kind`; `apiVersion` and
/// `metadata` of their Go types), a kind its REST mapping knows, and `-n` agreeing with the
/// object's namespace (which it fills in when absent).
fn kubectl_checks(value: &Value, default_namespace: &str, validation: FieldValidation) -> Result<Checked, ApiError> {
    if let Some(why) = schema_invalid(value, validation) {
        return Err(ApiError::Client(ClientError::SchemaInvalid(why)));
    }
    // unstructured's JSON scheme reads the document through a struct first.
    let Some(map) = value.as_object() else {
        let kind = crate::typecheck::json_kind_word(value);
        let message = format!("json: cannot unmarshal {kind} into Go value of type unstructured.detector");
        return Err(ApiError::Client(ClientError::Undecodable { path: String::new(), message }));
    };
    // Its kind, read through the group version, must be a non-empty string.
    let api_version_text = map.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    if map.get("kind").and_then(Value::as_str).is_none_or(str::is_empty) || !is_group_version(api_version_text) {
        return Err(ApiError::Client(ClientError::KindMissing(Box::new(value.clone()))));
    }
    // cli-runtime's metadata-validating decoder: TypeMeta and ObjectMeta as Go types.
    if let Some(v) = map.get("apiVersion").filter(|v| !v.is_string() && !v.is_null()) {
        let kind = crate::typecheck::json_kind_word(v);
        let message =
            format!("json: cannot unmarshal {kind} into Go struct field metadataOnlyObject.apiVersion of type string");
        return Err(ApiError::Client(ClientError::Undecodable { path: "apiVersion".into(), message }));
    }
    if let Err(e) = crate::typecheck::check_metadata(value) {
        return Err(ApiError::Client(ClientError::Undecodable { path: e.path, message: e.message }));
    }
    let api_version = map.get("apiVersion").and_then(Value::as_str).unwrap_or_default().to_string();
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or_default().to_string();
    let meta_json = map.get("metadata").cloned().unwrap_or(json!({}));
    let mut meta = Meta::from_json(&meta_json);
    let served = match kind.as_str() {
        "DaemonSet" | "ControllerRevision" | "Deployment" | "ReplicaSet" | "StatefulSet" => api_version == "apps/v1",
        "Node" | "Pod" | "Namespace" | "ConfigMap" | "Secret" | "Service" | "ServiceAccount" | "Event" => {
            api_version == "v1"
        }
        "PriorityClass" if api_version.starts_with("scheduling.k8s.io/") => api_version == crate::priority::API_VERSION,
        // Kinds are case-sensitive: `kind: daemonset` is no kind apps/v1 or v1 serves.
        // Other groups may be CRDs, which the playground stores as they are.
        _ => match api_version.as_str() {
            // No apiVersion (`--validate=false`): kubectl maps the kind in version "".
            "" | "apps/v1" => false,
            "v1" => matches!(
                kind.as_str(),
                "Binding"
                    | "ComponentStatus"
                    | "Endpoints"
                    | "LimitRange"
                    | "PersistentVolume"
                    | "PersistentVolumeClaim"
                    | "PodTemplate"
                    | "ReplicationController"
                    | "ResourceQuota"
            ),
            _ => true,
        },
    };
    if !served {
        return Err(ApiError::NoKindMatch { kind, version: api_version, name: meta.name, namespace: meta.namespace });
    }
    let namespaced = !cluster_scoped(&kind);
    if namespaced {
        if meta.namespace.is_empty() {
            meta.namespace = default_namespace.to_string();
        } else if meta.namespace != default_namespace && default_namespace != "default" {
            let (object, given) = (meta.namespace, default_namespace.to_string());
            return Err(ApiError::Client(ClientError::NamespaceMismatch { object, given }));
        }
    } else {
        meta.namespace.clear();
    }
    Ok(Checked { api_version, kind, meta, namespaced })
}

/// DaemonSet writes: the registry's side of apply, and kubectl's `set image` and `rollout`
/// commands, which update the DaemonSet.
impl Simulation {
    /// Create or update a DaemonSet from an applied manifest (defaulting, validation, generation).
    pub(crate) fn apply_daemonset(
        &mut self,
        mut meta: Meta,
        value: &Value,
        create_only: bool,
        last_applied: &str,
    ) -> Result<&'static str, ApiError> {
        let key = meta.key();
        let old = self.world.store.daemonsets().get(&key);
        let modified = value.get("spec").cloned().unwrap_or(json!({}));
        // An update merges the manifest into the live object (kubectl apply's three-way merge).
        let (mut spec, previous) = match old {
            Some(old) if !create_only => {
                let previous: Option<Value> =
                    old.meta.annotations.get(crate::merge::LAST_APPLIED).and_then(|text| crate::json::parse(text).ok());
                let merged = crate::merge::three_way(&old.spec, previous.as_ref().map(|p| &p["spec"]), &modified);
                (merged, previous)
            }
            _ => (modified, None),
        };
        crate::validate::default_daemonset_spec(&mut spec);
        let mut check = value.clone();
        check["spec"] = spec.clone();
        let causes = crate::validate::daemonset_errors(&check, old.map(|o| &o.spec["selector"]));
        if !causes.is_empty() {
            return Err(ApiError::Invalid { kind: "DaemonSet".into(), name: meta.name.clone(), causes });
        }
        if let Some(old) = old {
            if create_only {
                return Err(ApiError::AlreadyExists { resource: "daemonsets.apps".into(), name: meta.name });
            }
            if old.meta.deletion_ms.is_some() {
                return Err(ApiError::BeingDeleted { resource: "daemonsets.apps".into(), name: meta.name });
            }
            let mut ds = DaemonSet::clone(old);
            let template_changed = ds.spec["template"] != spec["template"];
            let spec_changed = ds.spec != spec;
            let (labels, annotations) =
                crate::merge::applied_metadata(&ds.meta, previous.as_ref(), &meta, last_applied);
            if !spec_changed && labels == *ds.meta.labels && annotations == *ds.meta.annotations {
                return Ok("unchanged");
            }
            ds.meta.labels = labels.into();
            ds.meta.annotations = annotations.into();
            ds.spec = spec;
            self.update_daemonset(ds, template_changed, spec_changed);
            return Ok("configured");
        }
        meta.uid = self.world.names.uid();
        meta.creation_ms = self.world.now;
        meta.generation = 1;
        meta.annotations.insert(TEMPLATE_GENERATION_ANNOTATION.into(), "1".into());
        let mut ds = DaemonSet {
            meta,
            spec,
            status: DaemonSetStatus::default(),
            selector: Default::default(),
            template_labels: Labels::new(),
            template_annotations: Labels::new(),
            daemon_tolerations: Vec::new(),
            sched: PodScheduling::default(),
            strategy: UpdateStrategy::OnDelete,
            min_ready_seconds: 0,
            revision_history_limit: 10,
            template_generation: 1,
        };
        refresh_daemonset(&mut ds);
        let key = ds.key();
        self.world.store.write_daemonset(ds);
        self.world.queues.needs_claim.insert(key.clone());
        self.world.queues.daemonsets.insert(key);
        Ok("created")
    }

    /// Stores a changed DaemonSet: generation bumps as the registry strategy does.
    pub(crate) fn update_daemonset(&mut self, mut ds: DaemonSet, template_changed: bool, spec_changed: bool) {
        if template_changed {
            ds.template_generation += 1;
            ds.meta.annotations.insert(TEMPLATE_GENERATION_ANNOTATION.into(), ds.template_generation.to_string());
        }
        if template_changed || spec_changed {
            ds.meta.generation += 1;
        }
        refresh_daemonset(&mut ds);
        self.daemons.daemonset_changed(&ds.meta.uid);
        let key = ds.key();
        self.world.store.write_daemonset(ds);
        self.world.queues.needs_claim.insert(key.clone());
        self.world.queues.daemonsets.insert(key);
        self.settle();
    }

    // ---- template changes from kubectl ----

    fn ds_for_update(&self, namespace: &str, name: &str) -> Result<DaemonSet, ApiError> {
        self.world
            .store
            .daemonsets()
            .get(&(namespace.to_string(), name.to_string()))
            .map(|ds| DaemonSet::clone(ds))
            .ok_or_else(|| ApiError::NotFound { resource: "daemonsets.apps".into(), name: name.into() })
    }

    /// `kubectl set image ds/NAME CONTAINER=IMAGE ...`; `Ok(false)` when nothing changed.
    pub fn set_image(&mut self, namespace: &str, name: &str, images: &[(String, String)]) -> Result<bool, ApiError> {
        self.finish();
        let mut ds = self.ds_for_update(namespace, name)?;
        let mut changed = false;
        for (container, image) in images {
            let mut found = false;
            for list in ["containers", "initContainers"] {
                let containers =
                    ds.spec.get_mut("template").and_then(|t| t.get_mut("spec")).and_then(|s| s.get_mut(list));
                for c in containers.and_then(Value::as_array_mut).into_iter().flatten() {
                    if container == "*" || c["name"] == json!(container) {
                        found = true;
                        if c["image"] != json!(image) {
                            c["image"] = json!(image);
                            changed = true;
                        }
                    }
                }
            }
            if !found {
                return Err(ApiError::Client(ClientError::NoContainer(container.clone())));
            }
        }
        if changed {
            crate::validate::default_pod_spec(&mut ds.spec["template"]["spec"]);
            self.update_daemonset(ds, true, true);
        }
        Ok(changed)
    }

    /// `kubectl rollout restart ds/NAME`: stamps the template with `restartedAt`.
    pub fn rollout_restart(&mut self, namespace: &str, name: &str) -> Result<(), ApiError> {
        self.finish();
        let mut ds = self.ds_for_update(namespace, name)?;
        let t = &mut ds.spec["template"];
        if !t["metadata"].is_object() {
            t["metadata"] = json!({});
        }
        if !t["metadata"]["annotations"].is_object() {
            t["metadata"]["annotations"] = json!({});
        }
        t["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] = json!(crate::time::rfc3339(self.world.now));
        self.update_daemonset(ds, true, true);
        Ok(())
    }

    /// Revisions of a DaemonSet, lowest revision first.
    pub fn revisions_of(&self, namespace: &str, name: &str) -> Vec<&ControllerRevision> {
        let Some(ds) = self.world.store.daemonsets().get(&(namespace.to_string(), name.to_string())) else {
            return Vec::new();
        };
        let mut revs: Vec<&ControllerRevision> = self
            .world
            .store
            .revisions()
            .values()
            .filter(|r| r.meta.owner_references.iter().any(|o| o.uid == ds.meta.uid))
            .map(|r| &**r)
            .collect();
        crate::order::sort_by_key(&mut revs, |r| r.revision);
        revs
    }

    /// `kubectl rollout undo ds/NAME [--to-revision=N]`: Ok(None) when rolled back,
    /// Ok(Some(n)) when skipped because revision n already matches.
    pub fn rollout_undo(&mut self, namespace: &str, name: &str, to_revision: i64) -> Result<Option<i64>, ApiError> {
        self.finish();
        let ds = self.ds_for_update(namespace, name)?;
        let revs = self.revisions_of(namespace, name);
        let target = if to_revision == 0 {
            if revs.len() < 2 {
                return Err(ApiError::Client(ClientError::NoLastRevision));
            }
            revs[revs.len() - 2]
        } else {
            revs.iter()
                .find(|r| r.revision == to_revision)
                .copied()
                .ok_or(ApiError::Client(ClientError::NoRevision(to_revision)))?
        };
        let mut template = target.data["spec"]["template"].clone();
        if let Some(m) = template.as_object_mut() {
            m.remove("$patch");
        }
        let revision = target.revision;
        if template == ds.spec["template"] {
            return Ok(Some(revision));
        }
        let mut ds = ds;
        ds.spec["template"] = template;
        self.update_daemonset(ds, true, true);
        Ok(None)
    }
}

/// The DefaultTolerationSeconds admission plugin (on by default): a pod that does not tolerate
/// the not-ready or the unreachable NoExecute taint (by key, or with an empty key; by that
/// effect, or with an empty one) gets a toleration of it for 300 s. A DaemonSet's pods
/// tolerate both already, for ever.
fn default_toleration_seconds(spec: &mut Value) {
    let Some(m) = spec.as_object_mut() else { return };
    let tolerations = m.entry("tolerations").or_insert(Value::Null);
    if tolerations.is_null() {
        *tolerations = Value::Array(Vec::new());
    }
    let Some(list) = tolerations.as_array_mut() else { return };
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        let tolerated = list.iter().any(|t| {
            let field = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or_default();
            (field("key").is_empty() || field("key") == key) && matches!(field("effect"), "" | "NoExecute")
        });
        if !tolerated {
            list.push(json!({"key": key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::{ApiError, Simulation};
    use serde_json::json;

    #[test]
    fn pods_get_default_toleration_seconds_unless_they_tolerate_the_taint() {
        let not_ready = json!({"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300});
        let unreachable = json!({"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300});
        let own = json!({"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60});
        for (tolerations, want) in [
            (None, json!([not_ready, unreachable])),
            (Some(json!(null)), json!([not_ready, unreachable])),
            (Some(json!([own])), json!([own, unreachable])),
            // An empty key tolerates every taint of its effect; an empty effect, every effect.
            (
                Some(json!([{"operator": "Exists", "effect": "NoExecute"}])),
                json!([{"operator": "Exists", "effect": "NoExecute"}]),
            ),
            (
                Some(json!([{"key": "node.kubernetes.io/unreachable", "operator": "Exists"}])),
                json!([{"key": "node.kubernetes.io/unreachable", "operator": "Exists"}, not_ready]),
            ),
            (
                Some(json!([{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoSchedule"}])),
                json!([{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoSchedule"}, not_ready, unreachable]),
            ),
        ] {
            let mut spec = json!({"containers": []});
            if let Some(t) = tolerations {
                spec["tolerations"] = t;
            }
            super::default_toleration_seconds(&mut spec);
            assert_eq!(spec["tolerations"], want);
        }
    }

    #[test]
    fn annotations_over_256_kib_are_refused_and_nothing_is_created() {
        let mut sim = Simulation::new(1);
        let doc = |bytes: usize| {
            format!(
                "apiVersion: v1\nkind: Node\nmetadata:\n  name: big\n  annotations:\n    a: {}\n",
                "x".repeat(bytes)
            )
        };
        let refused = sim.apply(crate::manifest::parse_stream(&doc(300_000)).unwrap(), "default", false);
        assert!(
            matches!(&refused[0], Err(ApiError::Invalid { causes, .. })
                if causes.len() == 1 && causes[0].field == "metadata.annotations"
                    && causes[0].kind == crate::FieldErrorType::TooLong
                    && causes[0].detail == "may not be more than 262144 bytes"),
            "{refused:?}"
        );
        assert!(sim.world.store.nodes().is_empty());
        // The applied record counts too: 100 KB shown twice is within the limit.
        let ok = sim.apply(crate::manifest::parse_stream(&doc(100_000)).unwrap(), "default", false);
        assert!(ok[0].is_ok(), "{ok:?}");
    }
}
