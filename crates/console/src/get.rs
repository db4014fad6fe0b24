//! `kubectl get`: tables as the server-side printers lay them out (pkg/printers/internalversion),
//! and `-o wide|json|yaml|name`, `--show-labels`, `-l`, `-A`.

use crate::duration::human_duration;
use crate::resources::Resource;
use crate::tabwriter::kubectl_table;
use crate::{Out, json_out, yaml_out};
use dsplay_core::Simulation;
use dsplay_core::json;
use dsplay_core::labels::{Labels, Selector, format_labels};
use dsplay_core::objects::{DaemonSet, Meta, Node, Pod, Shared};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Wide,
    Json,
    Yaml,
    Name,
    JsonPath(String),
}

impl Format {
    pub fn parse(s: Option<&str>) -> Result<Format, String> {
        Ok(match s {
            None | Some("") => Format::Table,
            Some("wide") => Format::Wide,
            Some("json") => Format::Json,
            Some("yaml") => Format::Yaml,
            Some("name") => Format::Name,
            Some(t) if t.starts_with("jsonpath=") => Format::JsonPath(t["jsonpath=".len()..].to_string()),
            Some("jsonpath") => return Err("error: template format specified but no template given".into()),
            Some(other) => {
                // kubectl's list, in its order; split so that rustfmt keeps formatting this arm.
                return Err(format!(
                    concat!(
                        "error: unable to match a printer suitable for the output format {:?}, allowed formats are: ",
                        "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,",
                        "jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
                    ),
                    dsplay_core::validate::GoStr(other)
                ));
            }
        })
    }
}

pub struct Request {
    pub resource: Resource,
    pub names: Vec<String>,
    pub namespace: String,
    pub all_namespaces: bool,
    pub selector: Option<Selector>,
    /// `--field-selector`, already checked against the kind (`FieldSelector::check`).
    pub field_selector: Option<crate::fields::FieldSelector>,
    pub format: Format,
    pub show_labels: bool,
    /// `-L key`: one column per label key.
    pub label_columns: Vec<String>,
}

/// One object ready for printing.
struct Row {
    namespace: String,
    name: String,
    labels: Shared<Labels>,
    /// Built only for `-o json|yaml`: materializing 50,000 pods costs seconds.
    json: Option<Value>,
    cells: Vec<String>,
    wide: Vec<String>,
}

pub fn age(sim: &Simulation, since_ms: i64) -> String {
    human_duration(crate::duration::age_ms(sim.now(), since_ms))
}

fn headers(res: &Resource) -> (Vec<&'static str>, Vec<&'static str>) {
    match res {
        Resource::Pod => (
            vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            vec!["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        Resource::Node => (
            vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            vec!["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
        ),
        Resource::DaemonSet => (
            vec!["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
            vec!["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::ControllerRevision => (vec!["NAME", "CONTROLLER", "REVISION", "AGE"], vec![]),
        Resource::Event => (vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], vec![]),
        Resource::Namespace => (vec!["NAME", "STATUS", "AGE"], vec![]),
        Resource::Generic(kind, _, _) if kind == "ConfigMap" => (vec!["NAME", "DATA", "AGE"], vec![]),
        Resource::Generic(kind, _, _) if kind == "Secret" => (vec!["NAME", "TYPE", "DATA", "AGE"], vec![]),
        Resource::Generic(kind, _, _) if kind == dsplay_core::priority::KIND => {
            (vec!["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], vec![])
        }
        Resource::Generic(..) => (vec!["NAME", "AGE"], vec![]),
    }
}

/// ROLES: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role`, sorted, or `<none>`.
pub fn node_roles(node: &Node) -> String {
    let mut roles: Vec<String> = Vec::new();
    for (k, v) in &node.meta.labels {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.push(role.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.push(v.clone());
        }
    }
    dsplay_core::order::sort(&mut roles);
    roles.dedup();
    if roles.is_empty() { "<none>".into() } else { roles.join(",") }
}

fn node_address(node: &Node, kind: &str) -> String {
    node.status
        .get("addresses")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|x| x.get("type").and_then(Value::as_str) == Some(kind)))
        .and_then(|x| x.get("address").and_then(Value::as_str))
        .unwrap_or("<none>")
        .to_string()
}

fn node_info(node: &Node, key: &str) -> String {
    node.status
        .get("nodeInfo")
        .and_then(|i| i.get(key))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or("<unknown>")
        .to_string()
}

fn node_row(sim: &Simulation, n: &Node, want_json: bool) -> Row {
    let version = n
        .status
        .get("nodeInfo")
        .and_then(|i| i.get("kubeletVersion"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    Row {
        namespace: String::new(),
        name: n.meta.name.clone(),
        labels: n.meta.labels.clone(),
        json: want_json.then(|| n.to_json()),
        cells: vec![n.meta.name.clone(), n.status_text(), node_roles(n), age(sim, n.meta.creation_ms), version],
        wide: vec![
            node_address(n, "InternalIP"),
            node_address(n, "ExternalIP"),
            node_info(n, "osImage"),
            node_info(n, "kernelVersion"),
            node_info(n, "containerRuntimeVersion"),
        ],
    }
}

fn pod_row(sim: &Simulation, p: &Pod, want_json: bool) -> Row {
    let (ready, total) = p.ready_count();
    Row {
        namespace: p.meta.namespace.clone(),
        name: p.meta.name.clone(),
        labels: p.meta.labels.clone(),
        json: want_json.then(|| p.to_json()),
        cells: vec![
            p.meta.name.clone(),
            format!("{ready}/{total}"),
            p.status_text(),
            p.status.restart_count.to_string(),
            age(sim, p.meta.creation_ms),
        ],
        wide: vec![
            p.status.pod_ip.clone().unwrap_or_else(|| "<none>".into()),
            p.node_name().unwrap_or("<none>").to_string(),
            p.status.nominated_node.clone().unwrap_or_else(|| "<none>".into()),
            "<none>".into(),
        ],
    }
}

fn ds_row(sim: &Simulation, d: &DaemonSet, want_json: bool) -> Row {
    let st = &d.status;
    let node_selector =
        if d.sched.node_selector.is_empty() { "<none>".into() } else { format_labels(&d.sched.node_selector) };
    let names: Vec<&str> = d.sched.containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = d.sched.containers.iter().map(|c| c.image.as_str()).collect();
    let selector = d.selector.to_string();
    Row {
        namespace: d.meta.namespace.clone(),
        name: d.meta.name.clone(),
        labels: d.meta.labels.clone(),
        json: want_json.then(|| d.to_json()),
        cells: vec![
            d.meta.name.clone(),
            st.desired_number_scheduled.to_string(),
            st.current_number_scheduled.to_string(),
            st.number_ready.to_string(),
            st.updated_number_scheduled.to_string(),
            st.number_available.to_string(),
            node_selector,
            age(sim, d.meta.creation_ms),
        ],
        wide: vec![names.join(","), images.join(","), if selector.is_empty() { "<none>".into() } else { selector }],
    }
}

fn meta_row(sim: &Simulation, meta: &Meta, json: Value, mid: Vec<String>) -> Row {
    let mut cells = vec![meta.name.clone()];
    cells.extend(mid);
    cells.push(age(sim, meta.creation_ms));
    Row {
        namespace: meta.namespace.clone(),
        name: meta.name.clone(),
        labels: meta.labels.clone(),
        json: Some(json),
        cells,
        wide: vec![],
    }
}

fn rows(sim: &Simulation, req: &Request) -> Vec<Row> {
    let want_json = matches!(req.format, Format::Json | Format::Yaml | Format::JsonPath(_));
    let in_ns = |ns: &str| req.all_namespaces || !req.resource.namespaced() || ns == req.namespace;
    let store = &sim.store();
    let fields = req.field_selector.as_ref();
    let mut rows: Vec<Row> = match &req.resource {
        Resource::Node => store.nodes().values().map(|n| node_row(sim, n, want_json)).collect(),
        // Pods and events are selected by field as they are listed (the apiserver does so too):
        // their rows are the costly part of a 50,000-pod list.
        Resource::Pod => store
            .pods()
            .values()
            .filter(|p| {
                in_ns(&p.meta.namespace) && fields.is_none_or(|f| f.matches(&|name| crate::fields::pod_field(p, name)))
            })
            .map(|p| pod_row(sim, p, want_json))
            .collect(),
        Resource::DaemonSet => store
            .daemonsets()
            .values()
            .filter(|d| in_ns(&d.meta.namespace))
            .map(|d| ds_row(sim, d, want_json))
            .collect(),
        Resource::ControllerRevision => store
            .revisions()
            .values()
            .filter(|r| in_ns(&r.meta.namespace))
            .map(|r| {
                let controller = r
                    .meta
                    .controller_ref()
                    .map(|c| format!("daemonset.apps/{}", c.name))
                    .unwrap_or_else(|| "<none>".into());
                meta_row(sim, &r.meta, r.to_json(), vec![controller, r.revision.to_string()])
            })
            .collect(),
        Resource::Event => {
            let evs: Vec<&dsplay_core::objects::Event> = store
                .events()
                .iter()
                .filter(|e| in_ns(e.namespace()))
                .filter(|e| fields.is_none_or(|f| f.matches(&|name| crate::fields::event_field(e, name))))
                .collect();
            evs.iter()
                .map(|e| {
                    let object = format!("{}/{}", e.involved.kind.to_ascii_lowercase(), e.involved.name);
                    let seen = age(sim, e.last_ms);
                    let meta = e.meta();
                    Row {
                        namespace: meta.namespace,
                        name: meta.name,
                        labels: Shared::default(),
                        json: Some(e.to_json()),
                        cells: vec![
                            seen,
                            e.kind.event_type.to_string(),
                            e.kind.reason.to_string(),
                            object,
                            e.message.to_string(),
                        ],
                        wide: vec![],
                    }
                })
                .collect()
        }
        Resource::Namespace => store
            .namespaces()
            .iter()
            .map(|(name, created)| {
                let meta = Meta {
                    name: name.clone(),
                    creation_ms: *created,
                    labels: Labels::from([("kubernetes.io/metadata.name".to_string(), name.clone())]).into(),
                    ..Meta::default()
                };
                let json = json!({
                    "apiVersion": "v1",
                    "kind": "Namespace",
                    "metadata": meta.to_json(),
                    "spec": {"finalizers": ["kubernetes"]},
                    "status": {"phase": "Active"},
                });
                meta_row(sim, &meta, json, vec!["Active".into()])
            })
            .collect(),
        Resource::Generic(kind, _, _) => store
            .generic()
            .values()
            .filter(|g| &g.kind == kind && in_ns(&g.meta.namespace))
            .map(|g| {
                let entries = |field: &str| g.body.get(field).and_then(Value::as_object).map_or(0, |m| m.len());
                let mid = match kind.as_str() {
                    "ConfigMap" => vec![(entries("data") + entries("binaryData")).to_string()],
                    "Secret" => {
                        let ty = g.body.get("type").and_then(Value::as_str).unwrap_or_default();
                        vec![ty.to_string(), entries("data").to_string()]
                    }
                    _ => vec![],
                };
                let mut row = meta_row(sim, &g.meta, g.to_json(), mid);
                if kind == dsplay_core::priority::KIND {
                    let field = |k: &str| g.body.get(k);
                    let value = field("value").and_then(Value::as_i64).unwrap_or(0);
                    let global = field("globalDefault").and_then(Value::as_bool).unwrap_or(false);
                    let policy = field("preemptionPolicy").and_then(Value::as_str).unwrap_or_default();
                    row.cells.splice(1..1, [value.to_string(), global.to_string()]);
                    row.cells.push(policy.to_string());
                }
                row
            })
            .collect(),
    };
    if let Some(sel) = &req.selector {
        rows.retain(|r| sel.matches(&r.labels));
    }
    if let Some(f) = fields
        && !matches!(req.resource, Resource::Pod | Resource::Event)
    {
        rows.retain(|r| f.matches(&|name| crate::fields::other_field(sim, &req.resource, &r.namespace, &r.name, name)));
    }
    // API list order: by namespace, then name (events are named `<object>.<hex time>`).
    dsplay_core::order::sort_by(&mut rows, |a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    rows
}

pub fn get(sim: &Simulation, req: &Request, out: &mut Out) {
    let all = rows(sim, req);
    let mut selected: Vec<Row> = Vec::new();
    if req.names.is_empty() {
        selected = all;
    } else {
        let mut all = all;
        for name in &req.names {
            match all.iter().position(|r| {
                &r.name == name && (req.all_namespaces || !req.resource.namespaced() || r.namespace == req.namespace)
            }) {
                Some(i) => selected.push(all.remove(i)),
                None => out.err(&format!("{}\n", crate::errors::not_found(&req.resource.plural(), name))),
            }
        }
    }
    if selected.is_empty() {
        if req.names.is_empty() {
            match req.format {
                Format::Json | Format::Yaml | Format::JsonPath(_) => {}
                _ => {
                    if req.resource.namespaced() && !req.all_namespaces {
                        out.note(&format!("No resources found in {} namespace.\n", req.namespace));
                    } else {
                        out.note("No resources found\n");
                    }
                    return;
                }
            }
        } else {
            return;
        }
    }
    match &req.format {
        Format::Json | Format::Yaml => {
            let single = req.names.len() == 1 && selected.len() == 1;
            let value = if single {
                selected.remove(0).json.unwrap_or_default()
            } else {
                let items: Vec<Value> = selected.into_iter().map(|r| r.json.unwrap_or_default()).collect();
                json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            out.out(&if req.format == Format::Json {
                json_out::to_kubectl_json(&value)
            } else {
                yaml_out::to_kubectl_yaml(&value)
            });
        }
        Format::JsonPath(template) => {
            let single = req.names.len() == 1 && selected.len() == 1;
            let value = if single {
                selected.remove(0).json.unwrap_or_default()
            } else {
                let items: Vec<Value> = selected.into_iter().map(|r| r.json.unwrap_or_default()).collect();
                json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            match crate::jsonpath::render_template(template, &value) {
                Ok(text) => out.out(&text),
                Err(e) => out.err(&format!("{e}\n")),
            }
        }
        Format::Name => {
            for r in selected {
                out.out(&format!("{}/{}\n", req.resource.singular(), r.name));
            }
        }
        Format::Table | Format::Wide => {
            let (mut head, wide) = headers(&req.resource);
            let wide_on = req.format == Format::Wide;
            if wide_on {
                head.extend(wide);
            }
            let ns_col = req.all_namespaces && req.resource.namespaced();
            let mut tw = kubectl_table();
            let mut line: Vec<String> = Vec::new();
            if ns_col {
                line.push("NAMESPACE".into());
            }
            line.extend(head.iter().map(|s| s.to_string()));
            for key in &req.label_columns {
                line.push(key.rsplit('/').next().unwrap_or(key).to_ascii_uppercase());
            }
            if req.show_labels {
                line.push("LABELS".into());
            }
            tw.write(&format!("{}\n", line.join("\t")));
            for r in selected {
                let mut cells = Vec::new();
                if ns_col {
                    cells.push(r.namespace.clone());
                }
                cells.extend(r.cells);
                if wide_on {
                    cells.extend(r.wide);
                }
                for key in &req.label_columns {
                    cells.push(r.labels.get(key).cloned().unwrap_or_default());
                }
                if req.show_labels {
                    cells.push(if r.labels.is_empty() { "<none>".into() } else { format_labels(&r.labels) });
                }
                tw.write(&format!("{}\n", cells.join("\t")));
            }
            out.out(&tw.flush());
        }
    }
}
