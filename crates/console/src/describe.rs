//! `kubectl describe` for DaemonSets, pods and nodes (staging/src/k8s.io/kubectl/pkg/describe),
//! and the `kubectl rollout status|history` printers. Output goes through a Go-compatible
//! tabwriter (min width 0, tab width 8, padding 2) exactly as `tabbedString` does.

use crate::flags::namespace_of;
use crate::flags::{Spec, parse};
use crate::get::node_roles;
use crate::resources::Resource;
use crate::tabwriter::{TabWriter, describe_writer};
use crate::{Console, Out};
use dsplay_core::Simulation;
use dsplay_core::labels::{Labels, format_labels};
use dsplay_core::objects::{DaemonSet, Event, Node, Pod, Toleration, scalar_text};
use dsplay_core::quantity::parse_milli;
use serde_json::Value;

const LEVEL: [&str; 4] = ["", "  ", "    ", "      "];
/// `maxAnnotationLen` in describe.go.
const MAX_ANNOTATION_LEN: usize = 140;
const SKIP_ANNOTATIONS: &[&str] = &["kubectl.kubernetes.io/last-applied-configuration"];

/// A tabwriter that can be flushed part-way, as describe's PrefixWriter is before Events.
struct W {
    tw: TabWriter,
    done: String,
    /// A PrefixWriter straight into a buffer, as `kubectl rollout history --revision` uses:
    /// tabs stay tabs.
    raw: bool,
}

impl W {
    fn new() -> Self {
        W { tw: describe_writer(), done: String::new(), raw: false }
    }
    fn raw() -> Self {
        W { raw: true, ..W::new() }
    }
    fn w(&mut self, level: usize, s: &str) {
        if self.raw {
            self.done.push_str(LEVEL[level]);
            self.done.push_str(s);
            return;
        }
        self.tw.write(LEVEL[level]);
        self.tw.write(s);
    }
    fn flush(&mut self) {
        let s = self.tw.flush();
        self.done.push_str(&s);
    }
    fn finish(mut self) -> String {
        self.flush();
        self.done
    }
}

/// RFC 1123 with numeric zone (`time.RFC1123Z`): `Sat, 30 Nov 2024 00:00:02 +0000`.
pub fn rfc1123z(ms: i64) -> String {
    let iso = dsplay_core::time::rfc3339(ms);
    let days = ms.div_euclid(86_400_000);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let weekday = WEEKDAYS[days.rem_euclid(7) as usize];
    let month: usize = iso[5..7].parse().unwrap_or(1);
    format!("{weekday}, {} {} {} {} +0000", &iso[8..10], MONTHS[(month - 1).min(11)], &iso[0..4], &iso[11..19])
}

fn labels_multiline(w: &mut W, title: &str, labels: &Labels) {
    w.w(0, &format!("{title}:\t"));
    if labels.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        w.w(0, &format!("{k}={v}\n"));
    }
}

fn annotations_multiline(w: &mut W, title: &str, annotations: &Labels) {
    w.w(0, &format!("{title}:\t"));
    let keys: Vec<&String> = annotations.keys().filter(|k| !SKIP_ANNOTATIONS.contains(&k.as_str())).collect();
    if keys.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    for (i, key) in keys.into_iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let value = annotations[key].trim_end_matches('\n');
        if value.len() + key.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.w(0, &format!("{key}:\n"));
            for s in value.split('\n') {
                let short = if s.len() > MAX_ANNOTATION_LEN - 2 {
                    format!("{}...", &s[..floor_char_boundary(s, MAX_ANNOTATION_LEN - 5)])
                } else {
                    s.to_string()
                };
                w.w(0, &format!("\t  {short}\n"));
            }
        } else {
            w.w(0, &format!("{key}: {value}\n"));
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn tolerations_multiline(w: &mut W, title: &str, tolerations: &[Toleration]) {
    w.w(0, &format!("{title}:\t"));
    if tolerations.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    let mut sorted = tolerations.to_vec();
    dsplay_core::order::sort_by(&mut sorted, |a, b| a.key.cmp(&b.key));
    for (i, t) in sorted.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        w.w(0, &format!("{}\n", t.to_text()));
    }
}

fn tolerations_of(spec: &Value) -> Vec<Toleration> {
    spec.get("tolerations")
        .and_then(Value::as_array)
        .map(|t| t.iter().map(Toleration::from_json).collect())
        .unwrap_or_default()
}

fn describe_probe(p: &Value) -> String {
    let n = |k: &str, d: i64| p.get(k).and_then(Value::as_i64).unwrap_or(d);
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        n("initialDelaySeconds", 0),
        n("timeoutSeconds", 1),
        n("periodSeconds", 10),
        n("successThreshold", 1),
        n("failureThreshold", 3)
    );
    if let Some(e) = p.get("exec") {
        let cmd: Vec<String> =
            e.get("command").and_then(Value::as_array).map(|c| c.iter().map(scalar_text).collect()).unwrap_or_default();
        return format!("exec [{}] {attrs}", cmd.join(" "));
    }
    if let Some(h) = p.get("httpGet") {
        let scheme = h.get("scheme").and_then(Value::as_str).unwrap_or("HTTP").to_ascii_lowercase();
        let host = h.get("host").and_then(Value::as_str).unwrap_or("");
        let port = h.get("port").map(scalar_text).unwrap_or_default();
        let path = h.get("path").and_then(Value::as_str).unwrap_or("");
        return format!("http-get {scheme}://{host}:{port}{path} {attrs}");
    }
    if let Some(t) = p.get("tcpSocket") {
        let host = t.get("host").and_then(Value::as_str).unwrap_or("");
        return format!("tcp-socket {host}:{} {attrs}", t.get("port").map(scalar_text).unwrap_or_default());
    }
    if let Some(g) = p.get("grpc") {
        return format!(
            "grpc <pod>:{} {} {attrs}",
            g.get("port").map(scalar_text).unwrap_or_default(),
            g.get("service").and_then(Value::as_str).unwrap_or("")
        );
    }
    format!("unknown {attrs}")
}

/// `describeContainers`: each container of `containers`, with its status from `statuses`
/// (the pod's `containerStatuses` or `initContainerStatuses`) found by name, as kubectl does.
fn describe_containers(w: &mut W, label: &str, containers: &[Value], pod: Option<(&Pod, &[Value])>, space: &str) {
    let (statuses, pod) = pod.map_or((&[][..], None), |(p, s)| (s, Some(p)));
    w.w(0, &format!("{space}{label}:{}\n", if containers.is_empty() { " <none>" } else { "" }));
    for c in containers {
        let name = c.get("name").and_then(Value::as_str).unwrap_or_default();
        let indent = if space.is_empty() { "" } else { " " };
        w.w(1, &format!("{indent}{name}:\n"));
        let status = statuses.iter().find(|s| s.get("name").and_then(Value::as_str) == Some(name));
        let text = |s: &Value, k: &str| s.get(k).map(scalar_text).unwrap_or_default();
        if let Some(st) = status {
            w.w(2, &format!("Container ID:\t{}\n", text(st, "containerID")));
        }
        w.w(2, &format!("Image:\t{}\n", c.get("image").and_then(Value::as_str).unwrap_or_default()));
        if let Some(st) = status {
            w.w(2, &format!("Image ID:\t{}\n", text(st, "imageID")));
        }
        let ports: Vec<&Value> =
            c.get("ports").and_then(Value::as_array).map(|p| p.iter().collect()).unwrap_or_default();
        let port_str: Vec<String> = ports
            .iter()
            .map(|p| {
                format!(
                    "{}/{}",
                    p.get("containerPort").map(scalar_text).unwrap_or_default(),
                    p.get("protocol").and_then(Value::as_str).unwrap_or("TCP")
                )
            })
            .collect();
        let host_str: Vec<String> = ports
            .iter()
            .map(|p| {
                format!(
                    "{}/{}",
                    p.get("hostPort").map(scalar_text).unwrap_or_else(|| "0".into()),
                    p.get("protocol").and_then(Value::as_str).unwrap_or("TCP")
                )
            })
            .collect();
        let joined = port_str.join(", ");
        if joined.contains(',') {
            w.w(2, &format!("Ports:\t{joined}\n"));
        } else {
            w.w(2, &format!("Port:\t{}\n", if joined.is_empty() { "<none>" } else { &joined }));
        }
        let joined = host_str.join(", ");
        if joined.contains(',') {
            w.w(2, &format!("Host Ports:\t{joined}\n"));
        } else {
            w.w(2, &format!("Host Port:\t{}\n", if joined.is_empty() { "<none>" } else { &joined }));
        }
        // describeContainerSecurityContext.
        if let Some(seccomp) = c.pointer("/securityContext/seccompProfile") {
            let field = |k: &str| seccomp.get(k).and_then(Value::as_str).unwrap_or_default();
            w.w(2, &format!("SeccompProfile:\t{}\n", field("type")));
            if field("type") == "Localhost" {
                w.w(3, &format!("LocalhostProfile:\t{}\n", field("localhostProfile")));
            }
        }
        for (field, title) in [("command", "Command"), ("args", "Args")] {
            if let Some(items) = c.get(field).and_then(Value::as_array).filter(|a| !a.is_empty()) {
                w.w(2, &format!("{title}:\n"));
                for item in items {
                    for s in scalar_text(item).split('\n') {
                        w.w(3, &format!("{s}\n"));
                    }
                }
            }
        }
        if let Some(st) = status {
            // describeContainerState: the state, then readiness and restarts, per container.
            let state = &st["state"];
            let time = |s: &Value, k: &str| {
                s.get(k).and_then(Value::as_str).and_then(dsplay_core::time::parse_rfc3339).map(rfc1123z)
            };
            if let Some(r) = state.get("running") {
                w.w(2, "State:\tRunning\n");
                w.w(3, &format!("Started:\t{}\n", time(r, "startedAt").unwrap_or_default()));
            } else if let Some(wt) = state.get("waiting") {
                w.w(2, "State:\tWaiting\n");
                if let Some(reason) = wt.get("reason").and_then(Value::as_str).filter(|r| !r.is_empty()) {
                    w.w(3, &format!("Reason:\t{reason}\n"));
                }
            } else if let Some(t) = state.get("terminated") {
                w.w(2, "State:\tTerminated\n");
                if let Some(reason) = t.get("reason").and_then(Value::as_str).filter(|r| !r.is_empty()) {
                    w.w(3, &format!("Reason:\t{reason}\n"));
                }
                w.w(3, &format!("Exit Code:\t{}\n", text(t, "exitCode")));
                w.w(3, &format!("Started:\t{}\n", time(t, "startedAt").unwrap_or_default()));
                w.w(3, &format!("Finished:\t{}\n", time(t, "finishedAt").unwrap_or_default()));
            }
            let ready = st.get("ready").and_then(Value::as_bool).unwrap_or(false);
            w.w(2, &format!("Ready:\t{}\n", if ready { "True" } else { "False" }));
            w.w(2, &format!("Restart Count:\t{}\n", text(st, "restartCount")));
        }
        for (kind, title) in [("limits", "Limits"), ("requests", "Requests")] {
            if let Some(m) =
                c.pointer(&format!("/resources/{kind}")).and_then(Value::as_object).filter(|m| !m.is_empty())
            {
                w.w(2, &format!("{title}:\n"));
                for (k, v) in m {
                    w.w(3, &format!("{k}:\t{}\n", scalar_text(v)));
                }
            }
        }
        for (field, title) in
            [("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup")]
        {
            if let Some(p) = c.get(field).filter(|p| p.is_object()) {
                w.w(2, &format!("{title}:\t{}\n", describe_probe(p)));
            }
        }
        if let Some(from) = c.get("envFrom").and_then(Value::as_array).filter(|a| !a.is_empty()) {
            w.w(2, "Environment Variables from:\n");
            for f in from {
                let prefix = f.get("prefix").and_then(Value::as_str).unwrap_or("");
                let (kind, r) = if let Some(r) = f.get("configMapRef") {
                    ("ConfigMap", r)
                } else if let Some(r) = f.get("secretRef") {
                    ("Secret", r)
                } else {
                    continue;
                };
                let optional = r.get("optional").and_then(Value::as_bool).unwrap_or(false);
                let name = r.get("name").and_then(Value::as_str).unwrap_or("");
                if prefix.is_empty() {
                    w.w(3, &format!("{name}\t{kind}\tOptional: {optional}\n"));
                } else {
                    w.w(3, &format!("{name}\t{kind} with prefix '{prefix}'\tOptional: {optional}\n"));
                }
            }
        }
        let env = c.get("env").and_then(Value::as_array).cloned().unwrap_or_default();
        w.w(2, &format!("Environment:{}\n", if env.is_empty() { "\t<none>" } else { "" }));
        for e in &env {
            let name = e.get("name").and_then(Value::as_str).unwrap_or("");
            if let Some(from) = e.get("valueFrom") {
                if let Some(f) = from.get("fieldRef") {
                    let value = pod
                        .map(|p| field_value(p, f.get("fieldPath").and_then(Value::as_str).unwrap_or("")))
                        .unwrap_or_default();
                    w.w(
                        3,
                        &format!(
                            "{name}:\t{value} ({}:{})\n",
                            f.get("apiVersion").and_then(Value::as_str).unwrap_or("v1"),
                            f.get("fieldPath").and_then(Value::as_str).unwrap_or("")
                        ),
                    );
                } else if let Some(r) = from.get("resourceFieldRef") {
                    let resource = r.get("resource").and_then(Value::as_str).unwrap_or("");
                    w.w(3, &format!("{name}:\t{} ({resource})\n", resource_field_value(c, r, resource)));
                } else if let Some(r) = from.get("secretKeyRef") {
                    w.w(
                        3,
                        &format!(
                            "{name}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                            r.get("key").and_then(Value::as_str).unwrap_or(""),
                            r.get("name").and_then(Value::as_str).unwrap_or(""),
                            r.get("optional").and_then(Value::as_bool).unwrap_or(false)
                        ),
                    );
                } else if let Some(r) = from.get("configMapKeyRef") {
                    w.w(
                        3,
                        &format!(
                            "{name}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                            r.get("key").and_then(Value::as_str).unwrap_or(""),
                            r.get("name").and_then(Value::as_str).unwrap_or(""),
                            r.get("optional").and_then(Value::as_bool).unwrap_or(false)
                        ),
                    );
                }
            } else {
                let value = e.get("value").map(scalar_text).unwrap_or_default();
                for (i, s) in value.split('\n').enumerate() {
                    if i == 0 {
                        w.w(3, &format!("{name}:\t{s}\n"));
                    } else {
                        w.w(3, &format!("\t{s}\n"));
                    }
                }
            }
        }
        let mut mounts = c.get("volumeMounts").and_then(Value::as_array).cloned().unwrap_or_default();
        w.w(2, &format!("Mounts:{}\n", if mounts.is_empty() { "\t<none>" } else { "" }));
        dsplay_core::order::sort_by(&mut mounts, |a, b| {
            a.get("mountPath").and_then(Value::as_str).cmp(&b.get("mountPath").and_then(Value::as_str))
        });
        for m in mounts {
            let mut flags = vec![if m.get("readOnly").and_then(Value::as_bool).unwrap_or(false) {
                "ro".to_string()
            } else {
                "rw".to_string()
            }];
            if let Some(sp) = m.get("subPath").and_then(Value::as_str).filter(|s| !s.is_empty()) {
                flags.push(format!("path={:?}", dsplay_core::validate::GoStr(sp)));
            }
            w.w(
                3,
                &format!(
                    "{} from {} ({})\n",
                    m.get("mountPath").and_then(Value::as_str).unwrap_or(""),
                    m.get("name").and_then(Value::as_str).unwrap_or(""),
                    flags.join(",")
                ),
            );
        }
    }
}

/// An env var's fieldRef value as kubectl describe resolves it (`fieldpath.ExtractFieldPathAsString`):
/// only metadata fields; the rest (spec.nodeName, status.podIP) print empty.
fn field_value(pod: &Pod, path: &str) -> String {
    let subscript = |prefix: &str| path.strip_prefix(prefix).and_then(|r| r.strip_suffix("']"));
    if let Some(k) = subscript("metadata.labels['") {
        return pod.meta.labels.get(k).cloned().unwrap_or_default();
    }
    if let Some(k) = subscript("metadata.annotations['") {
        return pod.meta.annotations.get(k).cloned().unwrap_or_default();
    }
    match path {
        "metadata.name" => pod.meta.name.clone(),
        "metadata.namespace" => pod.meta.namespace.clone(),
        "metadata.uid" => pod.meta.uid.clone(),
        _ => String::new(),
    }
}

/// What kubectl shows for an env variable from a `resourceFieldRef`
/// (`ExtractContainerResourceValue`, k8s.io/kubectl/pkg/util/resource): the described
/// container's quantity in units of the divisor, rounded up, whatever `containerName` says;
/// `node allocatable` for an unset CPU or memory limit, nothing for an unknown resource.
fn resource_field_value(container: &Value, r: &Value, resource: &str) -> String {
    let milli = |q: Option<&Value>| q.and_then(|q| parse_milli(&scalar_text(q)).ok()).unwrap_or(0);
    let divisor = match milli(r.get("divisor")) {
        0 => 1000,
        d => d,
    };
    let Some((kind, name)) = resource.split_once('.') else { return String::new() };
    if !matches!(kind, "limits" | "requests") {
        return String::new();
    }
    let q = milli(container.get("resources").and_then(|res| res.get(kind)).and_then(|m| m.get(name)));
    // Upstream divides in float64; so does this.
    let value = if name == "cpu" {
        (q as f64 / divisor as f64).ceil()
    } else if matches!(name, "memory" | "ephemeral-storage") || name.starts_with("hugepages-") {
        // `Value()`: whole units, rounded up.
        let whole = |m: i64| (m as f64 / 1000.0).ceil();
        (whole(q) / whole(divisor)).ceil()
    } else {
        return String::new();
    } as i64;
    if value == 0 && matches!(resource, "limits.cpu" | "limits.memory") {
        return "node allocatable".into();
    }
    value.to_string()
}

fn describe_volumes(w: &mut W, volumes: &[Value], space: &str) {
    if volumes.is_empty() {
        w.w(0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.w(0, &format!("{space}Volumes:\n"));
    for v in volumes {
        let indent = if space.is_empty() { "" } else { " " };
        w.w(1, &format!("{indent}{}:\n", v.get("name").and_then(Value::as_str).unwrap_or("")));
        let s = |o: &Value, k: &str| o.get(k).map(scalar_text).unwrap_or_default();
        if let Some(hp) = v.get("hostPath") {
            let t = hp.get("type").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| "<none>".into());
            w.w(
                2,
                &format!(
                    "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{t}\n",
                    s(hp, "path")
                ),
            );
        } else if let Some(e) = v.get("emptyDir") {
            let limit = e.get("sizeLimit").map(scalar_text).unwrap_or_else(|| "<unset>".into());
            w.w(2, &format!("Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}\n", s(e, "medium")));
        } else if let Some(c) = v.get("configMap") {
            w.w(
                2,
                &format!(
                    "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
                    s(c, "name"),
                    c.get("optional").and_then(Value::as_bool).unwrap_or(false)
                ),
            );
        } else if let Some(c) = v.get("secret") {
            w.w(
                2,
                &format!(
                    "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
                    s(c, "secretName"),
                    c.get("optional").and_then(Value::as_bool).unwrap_or(false)
                ),
            );
        } else if let Some(d) = v.get("downwardAPI") {
            // The item lines carry no tab: they end the tabwriter's block, as upstream's do.
            w.w(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
            for item in d.get("items").and_then(Value::as_array).into_iter().flatten() {
                for (r, key) in [("fieldRef", "fieldPath"), ("resourceFieldRef", "resource")] {
                    if let Some(r) = item.get(r) {
                        w.w(3, &format!("{} -> {}\n", s(r, key), s(item, "path")));
                    }
                }
            }
        } else if let Some(p) = v.get("projected") {
            w.w(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
            let optional = |o: &Value| o.get("optional").and_then(Value::as_bool).unwrap_or(false);
            // One line or two per source, in upstream's order of checks; a clusterTrustBundle
            // prints nothing there.
            for source in p.get("sources").and_then(Value::as_array).into_iter().flatten() {
                if let Some(c) = source.get("secret") {
                    w.w(2, &format!("SecretName:\t{}\n    Optional:\t{}\n", s(c, "name"), optional(c)));
                } else if source.get("downwardAPI").is_some() {
                    w.w(2, "DownwardAPI:\ttrue\n");
                } else if let Some(c) = source.get("configMap") {
                    w.w(2, &format!("ConfigMapName:\t{}\n    Optional:\t{}\n", s(c, "name"), optional(c)));
                } else if let Some(t) = source.get("serviceAccountToken") {
                    w.w(2, &format!("TokenExpirationSeconds:\t{}\n", s(t, "expirationSeconds")));
                }
            }
        } else if let Some(c) = v.get("persistentVolumeClaim") {
            w.w(2, &format!("Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n", s(c, "claimName"), c.get("readOnly").and_then(Value::as_bool).unwrap_or(false)));
        } else {
            w.w(1, "<unknown>\n");
        }
    }
}

fn describe_pod_template(w: &mut W, template: &Value) {
    w.w(0, "Pod Template:\n");
    let labels = dsplay_core::objects::str_map(template.pointer("/metadata/labels"));
    labels_multiline(w, "  Labels", &labels);
    let annotations = dsplay_core::objects::str_map(template.pointer("/metadata/annotations"));
    if !annotations.is_empty() {
        annotations_multiline(w, "  Annotations", &annotations);
    }
    let spec = &template["spec"];
    if let Some(sa) = spec.get("serviceAccountName").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        w.w(1, &format!("Service Account:\t{sa}\n"));
    }
    if let Some(init) = spec.get("initContainers").and_then(Value::as_array).filter(|a| !a.is_empty()) {
        describe_containers(w, "Init Containers", init, None, "  ");
    }
    let containers = spec.get("containers").and_then(Value::as_array).cloned().unwrap_or_default();
    describe_containers(w, "Containers", &containers, None, "  ");
    describe_volumes(w, spec.get("volumes").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]), "  ");
    if let Some(pc) = spec.get("priorityClassName").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        w.w(1, &format!("Priority Class Name:\t{pc}\n"));
    }
    labels_multiline(w, "  Node-Selectors", &dsplay_core::objects::str_map(spec.get("nodeSelector")));
    tolerations_multiline(w, "  Tolerations", &tolerations_of(spec));
}

fn describe_events(sim: &Simulation, w: &mut W, uid: &str) {
    let mut events: Vec<&Event> = sim.store().events().iter().filter(|e| e.involved.uid == uid).collect();
    if events.is_empty() {
        w.w(0, "Events:\t<none>\n");
        return;
    }
    w.flush();
    dsplay_core::order::sort_by_key(&mut events, |e| e.last_ms);
    w.w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.w(1, "----\t------\t----\t----\t-------\n");
    for e in events {
        let first = crate::get::age(sim, e.first_ms);
        let interval = if e.count > 1 {
            format!("{} (x{} over {first})", crate::get::age(sim, e.last_ms), e.count)
        } else {
            first
        };
        w.w(
            1,
            &format!(
                "{}\t{}\t{interval}\t{}\t{}\n",
                e.kind.event_type,
                e.kind.reason,
                e.kind.component,
                e.message.trim()
            ),
        );
    }
}

pub fn describe_daemonset(sim: &Simulation, ds: &DaemonSet) -> String {
    let mut w = W::new();
    w.w(0, &format!("Name:\t{}\n", ds.meta.name));
    w.w(0, &format!("Namespace:\t{}\n", ds.meta.namespace));
    w.w(0, &format!("Selector:\t{}\n", ds.selector));
    let ns = &ds.sched.node_selector;
    w.w(0, &format!("Node-Selector:\t{}\n", if ns.is_empty() { "<none>".to_string() } else { format_labels(ns) }));
    labels_multiline(&mut w, "Labels", &ds.meta.labels);
    annotations_multiline(&mut w, "Annotations", &ds.meta.annotations);
    let st = &ds.status;
    w.w(0, &format!("Desired Number of Nodes Scheduled: {}\n", st.desired_number_scheduled));
    w.w(0, &format!("Current Number of Nodes Scheduled: {}\n", st.current_number_scheduled));
    w.w(0, &format!("Number of Nodes Scheduled with Up-to-date Pods: {}\n", st.updated_number_scheduled));
    w.w(0, &format!("Number of Nodes Scheduled with Available Pods: {}\n", st.number_available));
    w.w(0, &format!("Number of Nodes Misscheduled: {}\n", st.number_misscheduled));
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for p in sim.store().pods_owned_by(&ds.meta.uid).filter(|p| ds.selector.matches(&p.meta.labels)) {
        match p.status.phase {
            "Running" => running += 1,
            "Pending" => waiting += 1,
            "Succeeded" => succeeded += 1,
            "Failed" => failed += 1,
            _ => {}
        }
    }
    w.w(0, &format!("Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"));
    describe_pod_template(&mut w, ds.template());
    describe_events(sim, &mut w, &ds.meta.uid);
    w.finish()
}

/// `describePriorityClass`: no Labels line, annotations as labels are printed.
fn describe_priority_class(sim: &Simulation, pc: &dsplay_core::objects::GenericObject) -> String {
    let mut w = W::new();
    let field = |k: &str| pc.body.get(k);
    w.w(0, &format!("Name:\t{}\n", pc.meta.name));
    w.w(0, &format!("Value:\t{}\n", field("value").and_then(Value::as_i64).unwrap_or(0)));
    w.w(0, &format!("GlobalDefault:\t{}\n", field("globalDefault").and_then(Value::as_bool).unwrap_or(false)));
    w.w(0, &format!("PreemptionPolicy:\t{}\n", field("preemptionPolicy").and_then(Value::as_str).unwrap_or_default()));
    w.w(0, &format!("Description:\t{}\n", field("description").and_then(Value::as_str).unwrap_or_default()));
    let annotations = &pc.meta.annotations;
    let shown = if annotations.is_empty() { "<none>".into() } else { format_labels(annotations) };
    w.w(0, &format!("Annotations:\t{shown}\n"));
    describe_events(sim, &mut w, &pc.meta.uid);
    w.finish()
}

pub fn describe_pod(sim: &Simulation, pod: &Pod) -> String {
    let mut w = W::new();
    // The pod as the apiserver returns it: its spec (the token volume and mounts included)
    // and its statuses.
    let json = pod.to_json();
    let spec = &json["spec"];
    w.w(0, &format!("Name:\t{}\n", pod.meta.name));
    w.w(0, &format!("Namespace:\t{}\n", pod.meta.namespace));
    if let Some(p) = spec.get("priority").and_then(Value::as_i64) {
        w.w(0, &format!("Priority:\t{p}\n"));
    }
    if let Some(pc) = spec.get("priorityClassName").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        w.w(0, &format!("Priority Class Name:\t{pc}\n"));
    }
    if let Some(sa) = spec.get("serviceAccountName").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        w.w(0, &format!("Service Account:\t{sa}\n"));
    }
    match pod.node_name() {
        None => w.w(0, "Node:\t<none>\n"),
        Some(n) => w.w(0, &format!("Node:\t{n}/{}\n", pod.status.host_ip.as_deref().unwrap_or_default())),
    }
    if let Some(t) = pod.status.start_ms {
        w.w(0, &format!("Start Time:\t{}\n", rfc1123z(t)));
    }
    labels_multiline(&mut w, "Labels", &pod.meta.labels);
    annotations_multiline(&mut w, "Annotations", &pod.meta.annotations);
    if let (Some(del), false) = (pod.meta.deletion_ms, pod.is_terminal()) {
        // kubectl prints the time since the deletion timestamp, which lies in the future
        // during the grace period: `<invalid>` then.
        w.w(0, &format!("Status:\tTerminating (lasts {})\n", crate::get::age(sim, del)));
        w.w(0, &format!("Termination Grace Period:\t{}s\n", pod.meta.deletion_grace_seconds.unwrap_or(0)));
    } else {
        w.w(0, &format!("Status:\t{}\n", pod.status.phase));
    }
    if let Some(r) = &pod.status.reason {
        w.w(0, &format!("Reason:\t{r}\n"));
    }
    if let Some(m) = &pod.status.message {
        w.w(0, &format!("Message:\t{m}\n"));
    }
    w.w(0, &format!("IP:\t{}\n", pod.status.pod_ip.clone().unwrap_or_default()));
    match &pod.status.pod_ip {
        None => w.w(0, "IPs:\t<none>\n"),
        Some(ip) => {
            w.w(0, "IPs:\n");
            w.w(1, &format!("IP:\t{ip}\n"));
        }
    }
    if let Some(c) = pod.meta.controller_ref() {
        w.w(0, &format!("Controlled By:\t{}/{}\n", c.kind, c.name));
    }
    if let Some(n) = &pod.status.nominated_node {
        w.w(0, &format!("NominatedNodeName:\t{n}\n"));
    }
    let statuses = |key: &str| json["status"].get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    if let Some(init) = spec.get("initContainers").and_then(Value::as_array).filter(|a| !a.is_empty()) {
        describe_containers(&mut w, "Init Containers", init, Some((pod, statuses("initContainerStatuses"))), "");
    }
    let containers = spec.get("containers").and_then(Value::as_array).cloned().unwrap_or_default();
    describe_containers(&mut w, "Containers", &containers, Some((pod, statuses("containerStatuses"))), "");
    if let Some(conds) = json.pointer("/status/conditions").and_then(Value::as_array).filter(|c| !c.is_empty()) {
        w.w(0, "Conditions:\n  Type\tStatus\n");
        for c in conds {
            w.w(1, &format!("{} \t{} \n", c["type"].as_str().unwrap_or(""), c["status"].as_str().unwrap_or("")));
        }
    }
    describe_volumes(&mut w, spec.get("volumes").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]), "");
    w.w(0, &format!("QoS Class:\t{}\n", pod.qos_class()));
    labels_multiline(&mut w, "Node-Selectors", &dsplay_core::objects::str_map(spec.get("nodeSelector")));
    tolerations_multiline(&mut w, "Tolerations", &tolerations_of(spec));
    describe_events(sim, &mut w, &pod.meta.uid);
    w.finish()
}

/// kubectl's `int64(float64(part) / float64(whole) * 100)`, float rounding included (290m of one
/// CPU is 28%). A pod's row divides by a zero allocatable too, and Go on amd64 turns the NaN or
/// infinity into the least int64; the Allocated block (`guarded`) checks for zero first.
fn percent(part: i64, whole: Option<i64>, guarded: bool) -> String {
    let p = match whole.unwrap_or(0) {
        0 if guarded => 0,
        0 => i64::MIN,
        w => (part as f64 / w as f64 * 100.0) as i64,
    };
    format!("{p}%")
}

/// `0 (0%)`: a quantity and its share of the allocatable amount.
fn amount(milli: i64, whole: Option<i64>, memory: bool, guarded: bool) -> String {
    format!("{} ({})", quantity(milli, memory), percent(milli, whole, guarded))
}

/// Milli-units back to a quantity string in the style of `resource.Quantity.String()`.
fn quantity(milli: i64, memory: bool) -> String {
    if milli == 0 {
        return "0".into();
    }
    if memory {
        let bytes = milli / 1000;
        for (suffix, size) in [("Gi", 1i64 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)] {
            if bytes % size == 0 {
                return format!("{}{suffix}", bytes / size);
            }
        }
        return bytes.to_string();
    }
    if milli % 1000 == 0 { (milli / 1000).to_string() } else { format!("{milli}m") }
}

pub fn describe_node(sim: &Simulation, node: &Node) -> String {
    let mut w = W::new();
    w.w(0, &format!("Name:\t{}\n", node.meta.name));
    let roles = node_roles(node);
    w.w(0, &format!("Roles:\t{roles}\n"));
    labels_multiline(&mut w, "Labels", &node.meta.labels);
    annotations_multiline(&mut w, "Annotations", &node.meta.annotations);
    w.w(0, &format!("CreationTimestamp:\t{}\n", rfc1123z(node.meta.creation_ms)));
    w.w(0, "Taints:\t");
    let mut taints = node.taints.clone();
    // printNodeTaintsMultiline sorts by effect, then key.
    dsplay_core::order::sort_by(&mut taints, |a, b| (&a.effect, &a.key).cmp(&(&b.effect, &b.key)));
    if taints.is_empty() {
        w.w(0, "<none>\n");
    } else {
        for (i, t) in taints.iter().enumerate() {
            if i != 0 {
                w.w(0, "\t");
            }
            w.w(0, &format!("{}\n", t.to_text()));
        }
    }
    w.w(0, &format!("Unschedulable:\t{}\n", node.unschedulable));
    w.w(0, "Lease:\n");
    w.w(1, &format!("HolderIdentity:\t{}\n", node.meta.name));
    w.w(1, "AcquireTime:\t<unset>\n");
    let renew = node.condition("Ready").map(|c| c.last_heartbeat_ms).unwrap_or(node.meta.creation_ms);
    w.w(1, &format!("RenewTime:\t{}\n", rfc1123z(if node.kubelet_down { renew } else { sim.now() })));
    if !node.conditions.is_empty() {
        w.w(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
        w.w(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
        for c in &node.conditions {
            w.w(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.kind,
                    c.status,
                    rfc1123z(c.last_heartbeat_ms),
                    rfc1123z(c.last_transition_ms),
                    c.reason,
                    c.message
                ),
            );
        }
    }
    w.w(0, "Addresses:\n");
    for a in node.status.get("addresses").and_then(Value::as_array).into_iter().flatten() {
        w.w(1, &format!("{}:\t{}\n", a["type"].as_str().unwrap_or(""), a["address"].as_str().unwrap_or("")));
    }
    for (field, title) in [("capacity", "Capacity"), ("allocatable", "Allocatable")] {
        if let Some(m) = node.status.get(field).and_then(Value::as_object) {
            w.w(0, &format!("{title}:\n"));
            for (k, v) in m {
                w.w(1, &format!("{k}:\t{}\n", scalar_text(v)));
            }
        }
    }
    // kubectl prints System Info whatever the node reports (blank for an applied node).
    {
        let info = node.status.get("nodeInfo").unwrap_or(&Value::Null);
        let s = |k: &str| info.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        w.w(0, "System Info:\n");
        for (title, key) in [
            ("Machine ID", "machineID"),
            ("System UUID", "systemUUID"),
            ("Boot ID", "bootID"),
            ("Kernel Version", "kernelVersion"),
            ("OS Image", "osImage"),
            ("Operating System", "operatingSystem"),
            ("Architecture", "architecture"),
            ("Container Runtime Version", "containerRuntimeVersion"),
            ("Kubelet Version", "kubeletVersion"),
            ("Kube-Proxy Version", "kubeProxyVersion"),
        ] {
            // kubectl 1.33 still prints the deprecated kube-proxy version.
            w.w(1, &format!("{title}:\t{}\n", s(key)));
        }
    }
    if let Some(cidr) = node.spec.get("podCIDR").and_then(Value::as_str) {
        w.w(0, &format!("PodCIDR:\t{cidr}\n"));
        let cidrs: Vec<String> = node
            .spec
            .get("podCIDRs")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(scalar_text).collect())
            .unwrap_or_default();
        w.w(0, &format!("PodCIDRs:\t{}\n", cidrs.join(",")));
    }
    if let Some(p) = node.spec.get("providerID").and_then(Value::as_str) {
        w.w(0, &format!("ProviderID:\t{p}\n"));
    }
    let pods: Vec<&Pod> = sim.store().pods_on_node(&node.meta.name).filter(|p| !p.is_terminal()).collect();
    w.w(0, &format!("Non-terminated Pods:\t({} in total)\n", pods.len()));
    w.w(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
    w.w(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
    let (mut cpu_r, mut cpu_l, mut mem_r, mut mem_l) = (0, 0, 0, 0);
    let alloc = node.allocatable;
    for p in &pods {
        // `PodLimits`, as the scheduler's `PodRequests` (sidecars add to the containers).
        let lim = |res: &str| -> i64 {
            let limit = |c: &Value| {
                let q = c.pointer(&format!("/resources/limits/{res}"));
                q.map_or(0, |q| dsplay_core::quantity::parse_milli(&scalar_text(q)).unwrap_or(0))
            };
            let list = |key: &str| p.spec.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            let init =
                list("initContainers").iter().zip(&p.sched.init_containers).map(|(c, i)| (limit(c), i.restartable));
            dsplay_core::objects::pod_resource(list("containers").iter().map(limit), init)
        };
        let (cr, cl, mr, ml) = (p.sched.cpu_request_milli, lim("cpu"), p.sched.memory_request_milli, lim("memory"));
        // Sums of quantities saturate, as each quantity does.
        cpu_r = cr.saturating_add(cpu_r);
        cpu_l = cl.saturating_add(cpu_l);
        mem_r = mr.saturating_add(mem_r);
        mem_l = ml.saturating_add(mem_l);
        let (cpu, mem) = (alloc.cpu_milli, alloc.memory_milli);
        let row = [
            amount(cr, cpu, false, false),
            amount(cl, cpu, false, false),
            amount(mr, mem, true, false),
            amount(ml, mem, true, false),
        ]
        .join("\t");
        let age = crate::get::age(sim, p.meta.creation_ms);
        w.w(1, &format!("{}\t{}\t\t{row}\t{age}\n", p.meta.namespace, p.meta.name));
    }
    w.w(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
    w.w(1, "Resource\tRequests\tLimits\n");
    w.w(1, "--------\t--------\t------\n");
    for (name, r, l, whole, memory) in
        [("cpu", cpu_r, cpu_l, alloc.cpu_milli, false), ("memory", mem_r, mem_l, alloc.memory_milli, true)]
    {
        let (r, l) = (amount(r, whole, memory, true), amount(l, whole, memory, true));
        w.w(1, &format!("{name}\t{r}\t{l}\n"));
    }
    w.w(1, "ephemeral-storage\t0 (0%)\t0 (0%)\n");
    let alloc_json = node.status.get("allocatable").or_else(|| node.status.get("capacity")).and_then(Value::as_object);
    let keys: Vec<&String> = alloc_json.map(|m| m.keys().collect()).unwrap_or_default();
    for k in keys.iter().filter(|k| k.starts_with("hugepages-")) {
        w.w(1, &format!("{k}\t0 (0%)\t0 (0%)\n"));
    }
    for k in keys.iter().filter(|k| k.contains('/')) {
        w.w(1, &format!("{k}\t0\t0\n"));
    }
    describe_events(sim, &mut w, &node.meta.name);
    w.finish()
}

pub(crate) fn describe_cmd(console: &mut Console, args: &[String], out: &mut Out) -> Result<(), String> {
    const FLAGS: &[Spec] =
        &[crate::flags::flag("selector", Some('l'), true), crate::flags::flag("show-events", None, false)];
    let p = parse(args, FLAGS, "kubectl describe")?;
    let ns = namespace_of(&p);
    let sim = &console.sim;
    let targets: Vec<(Resource, Option<String>)> = if p.args.first().is_some_and(|a| a.contains('/')) {
        p.args
            .iter()
            .filter_map(|a| a.split_once('/'))
            .map(|(t, n)| Resource::parse(t).map(|r| (r, Some(n.to_string()))))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| "error: the server doesn't have a resource type".to_string())?
    } else {
        let Some(t) = p.args.first() else {
            return Err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.".into());
        };
        let r = Resource::parse(t).ok_or_else(|| {
            format!("error: the server doesn't have a resource type {:?}", dsplay_core::validate::GoStr(t))
        })?;
        if p.args.len() == 1 {
            vec![(r, None)]
        } else {
            p.args[1..].iter().map(|n| (r.clone(), Some(n.clone()))).collect()
        }
    };
    let selector =
        p.get("selector").map(dsplay_core::labels::Selector::parse).transpose().map_err(|e| format!("error: {e}"))?;
    let mut texts = Vec::new();
    for (res, name) in targets {
        let all_ns = p.bool("all-namespaces");
        let matches = |obj_ns: &str, obj_name: &str, labels: &Labels| -> bool {
            (all_ns || obj_ns == ns || obj_ns.is_empty())
                && name.as_deref().is_none_or(|n| n == obj_name)
                && selector.as_ref().is_none_or(|s| s.matches(labels))
        };
        let before = texts.len();
        match &res {
            Resource::DaemonSet => texts.extend(
                sim.store()
                    .daemonsets()
                    .values()
                    .filter(|d| matches(&d.meta.namespace, &d.meta.name, &d.meta.labels))
                    .map(|d| describe_daemonset(sim, d)),
            ),
            Resource::Pod => texts.extend(
                sim.store()
                    .pods()
                    .values()
                    .filter(|d| matches(&d.meta.namespace, &d.meta.name, &d.meta.labels))
                    .map(|d| describe_pod(sim, d)),
            ),
            Resource::Node => texts.extend(
                sim.store()
                    .nodes()
                    .values()
                    .filter(|d| matches("", &d.meta.name, &d.meta.labels))
                    .map(|d| describe_node(sim, d)),
            ),
            Resource::Generic(kind, ..) if kind == dsplay_core::priority::KIND => texts.extend(
                sim.store()
                    .generic()
                    .values()
                    .filter(|g| &g.kind == kind && matches("", &g.meta.name, &g.meta.labels))
                    .map(|g| describe_priority_class(sim, g)),
            ),
            other => return Err(format!("error: describing {} is not supported by this playground", other.plural())),
        }
        if texts.len() == before {
            match &name {
                Some(n) => out.err(&format!("{}\n", crate::errors::not_found(&res.plural(), n))),
                None if res.namespaced() => out.note(&format!("No resources found in {ns} namespace.\n")),
                None => out.note("No resources found\n"),
            }
        }
    }
    out.out(&texts.join("\n\n"));
    Ok(())
}

pub(crate) fn rollout_history(
    console: &mut Console,
    ns: &str,
    name: &str,
    revision: i64,
    out: &mut Out,
) -> Result<(), String> {
    if !console.sim.store().daemonsets().contains_key(&(ns.to_string(), name.to_string())) {
        return Err(crate::errors::not_found("daemonsets.apps", name));
    }
    let revs = console.sim.revisions_of(ns, name);
    if revs.is_empty() {
        out.out(&format!("daemonset.apps/{name} \nNo rollout history found.\n"));
        return Ok(());
    }
    if revision > 0 {
        let Some(r) = revs.iter().find(|r| r.revision == revision) else {
            return Err("error: unable to find the specified revision".into());
        };
        let mut template = r.data["spec"]["template"].clone();
        if let Some(m) = template.as_object_mut() {
            m.remove("$patch");
        }
        let mut w = W::raw();
        describe_pod_template(&mut w, &template);
        out.out(&format!("daemonset.apps/{name} with revision #{revision}\n{}\n", w.finish()));
        return Ok(());
    }
    let mut tw = describe_writer();
    let mut text = format!("daemonset.apps/{name} \n");
    tw.write("REVISION\tCHANGE-CAUSE\n");
    for r in revs {
        let cause = r.meta.annotations.get("kubernetes.io/change-cause").cloned().unwrap_or_else(|| "<none>".into());
        tw.write(&format!("{}\t{cause}\n", r.revision));
    }
    text.push_str(&tw.flush());
    text.push('\n');
    out.out(&text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn node_percentages_are_kubectls_float_truncations() {
        let table = [
            (290, Some(1000), false, "28%"),
            (500, Some(2000), true, "25%"),
            (2500, Some(2000), false, "125%"),
            (0, Some(0), false, "-9223372036854775808%"),
            (10, None, false, "-9223372036854775808%"),
            (0, Some(0), true, "0%"),
            (10, None, true, "0%"),
        ];
        for (part, whole, guarded, want) in table {
            assert_eq!(percent(part, whole, guarded), want, "{part}/{whole:?}");
        }
    }
}
