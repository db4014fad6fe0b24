//! Field selectors (`--field-selector`), as the apiserver reads them: `fields.ParseSelector`
//! (terms joined by commas, `=`, `==` or `!=`, values escaped with `\`), then each kind's
//! field label conversion (`pkg/apis/core/v1/conversion.go`: the labels a kind supports and
//! its refusal), then the object's selectable fields (`ToSelectableFields` in each registry).

use dsplay_core::Simulation;
use dsplay_core::objects::{Event, Pod};

use crate::resources::Resource;

/// A parsed `--field-selector`.
#[derive(Clone, Debug)]
pub struct FieldSelector {
    /// (field, wanted value, `!=`).
    terms: Vec<(String, String, bool)>,
}

impl FieldSelector {
    /// `fields.ParseSelector`: its errors are the apiserver's (a BadRequest).
    pub fn parse(text: &str) -> Result<FieldSelector, String> {
        let mut terms = Vec::new();
        for part in split_terms(text) {
            if part.is_empty() {
                continue;
            }
            let Some((field, op, value)) = split_term(&part) else {
                return Err(format!("invalid selector: '{text}'; can't understand '{part}'"));
            };
            terms.push((field.to_string(), unescape(value)?, op == "!="));
        }
        Ok(FieldSelector { terms })
    }

    /// The kind's field label conversion: every field must be one it supports.
    pub fn check(&self, resource: &Resource) -> Result<(), String> {
        for (field, ..) in &self.terms {
            let supported = match resource {
                Resource::Pod => POD_FIELDS.contains(&field.as_str()) || field == "spec.host",
                Resource::Node => ["metadata.name", "spec.unschedulable"].contains(&field.as_str()),
                Resource::Event => EVENT_FIELDS.contains(&field.as_str()),
                Resource::Namespace => ["metadata.name", "status.phase"].contains(&field.as_str()),
                Resource::Generic(kind, ..) if kind == "Secret" => {
                    ["type", "metadata.namespace", "metadata.name"].contains(&field.as_str())
                }
                Resource::Generic(kind, ..) if kind == "Service" => {
                    ["metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type"].contains(&field.as_str())
                }
                // `runtime.DefaultMetaV1FieldSelectorConversion`, with its own words.
                _ => {
                    if field == "metadata.name" || field == "metadata.namespace" {
                        continue;
                    }
                    return Err(format!(
                        "\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
                    ));
                }
            };
            if !supported {
                return Err(format!("field label not supported: {field}"));
            }
        }
        Ok(())
    }

    /// Whether an object whose field `f` reads `value(f)` is selected.
    /// (`dyn`: one copy of this for every kind and caller, for the page's wasm.)
    pub fn matches(&self, value: &dyn Fn(&str) -> String) -> bool {
        self.terms.iter().all(|(field, wanted, not)| (value(field) == *wanted) != *not)
    }
}

const POD_FIELDS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.podIPs",
    "status.nominatedNodeName",
];

const EVENT_FIELDS: &[&str] = &[
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
    "metadata.namespace",
    "metadata.name",
];

/// `PodToSelectableFields`: a pod's field as the selector compares it.
pub fn pod_field(pod: &Pod, field: &str) -> String {
    let spec = |key: &str, default: &str| pod.spec.get(key).and_then(|v| v.as_str()).unwrap_or(default).to_string();
    match field {
        "metadata.name" => pod.meta.name.clone(),
        "metadata.namespace" => pod.meta.namespace.clone(),
        "spec.nodeName" | "spec.host" => pod.node_name().unwrap_or_default().to_string(),
        "spec.restartPolicy" => spec("restartPolicy", "Always"),
        "spec.schedulerName" => spec("schedulerName", "default-scheduler"),
        "spec.serviceAccountName" => spec("serviceAccountName", ""),
        "spec.hostNetwork" => pod.sched.host_network.to_string(),
        "status.phase" => pod.status.phase.to_string(),
        "status.podIP" | "status.podIPs" => pod.status.pod_ip.clone().unwrap_or_default(),
        "status.nominatedNodeName" => pod.status.nominated_node.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// `getEventFieldSelector`'s fields of an event.
pub fn event_field(event: &Event, field: &str) -> String {
    let o = &event.involved;
    match field {
        "involvedObject.kind" => o.kind.to_string(),
        "involvedObject.namespace" => o.namespace.clone(),
        "involvedObject.name" => o.name.clone(),
        "involvedObject.uid" => o.uid.clone(),
        "involvedObject.apiVersion" => o.api_version.to_string(),
        "involvedObject.fieldPath" => event.field_path.as_deref().unwrap_or_default().to_string(),
        "reason" => event.kind.reason.to_string(),
        "reportingComponent" | "source" => event.kind.component.to_string(),
        "type" => event.kind.event_type.to_string(),
        "metadata.namespace" => event.namespace().to_string(),
        "metadata.name" => event.meta().name,
        _ => String::new(),
    }
}

/// The field an object of any other kind offers: its name and namespace, and the few a
/// kind adds (a node's `spec.unschedulable`, a namespace's phase, a secret's type).
pub fn other_field(sim: &Simulation, resource: &Resource, namespace: &str, name: &str, field: &str) -> String {
    match (resource, field) {
        (_, "metadata.name") => name.to_string(),
        (_, "metadata.namespace") => namespace.to_string(),
        (Resource::Node, "spec.unschedulable") => {
            sim.store().nodes().get(name).is_some_and(|n| n.unschedulable).to_string()
        }
        // A namespace here is deleted at once, never Terminating.
        (Resource::Namespace, "status.phase") => "Active".to_string(),
        // A secret's type, a service's type and cluster IP (a list walk: selecting stored-only
        // kinds by field is rare, and a keyed lookup cost the page's wasm more).
        (Resource::Generic(kind, ..), _) => {
            let object = sim
                .store()
                .generic()
                .values()
                .find(|g| &g.kind == kind && g.meta.namespace == namespace && g.meta.name == name);
            let value = object.and_then(|g| match field {
                "type" => g.body.get("type"),
                _ => g.body.get("spec").and_then(|spec| spec.get(field.strip_prefix("spec.")?)),
            });
            value.and_then(|v| v.as_str()).unwrap_or_default().to_string()
        }
        _ => String::new(),
    }
}

/// Terms split at unescaped commas.
fn split_terms(text: &str) -> Vec<String> {
    let mut terms = vec![String::new()];
    let mut escaped = false;
    for c in text.chars() {
        match c {
            ',' if !escaped => terms.push(String::new()),
            _ => {
                escaped = c == '\\' && !escaped;
                if let Some(last) = terms.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    terms
}

/// `field op value`, at the first operator (`!=`, `==`, `=`).
fn split_term(term: &str) -> Option<(&str, &str, &str)> {
    for (i, _) in term.char_indices() {
        for op in ["!=", "==", "="] {
            if term[i..].starts_with(op) {
                return Some((&term[..i], op, &term[i + op.len()..]));
            }
        }
    }
    None
}

/// `fields.UnescapeValue`: `\\`, `\,` and `\=` stand for themselves; a bare `,` or `=` or
/// another escape is an error.
fn unescape(value: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('\\' | ',' | '=')) => out.push(e),
                other => {
                    let sequence: String = std::iter::once('\\').chain(other).collect();
                    return Err(format!("invalid field selector: invalid escape sequence: {sequence}"));
                }
            },
            // Go prints the rune with %v: its number.
            ',' | '=' => {
                return Err(format!("invalid field selector: unescaped character in value: {}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_parse_as_the_apiserver_parses_them() {
        let s = FieldSelector::parse("spec.nodeName=n1,status.phase!=Running").unwrap();
        assert!(s.matches(&|f| if f == "spec.nodeName" { "n1".into() } else { "Pending".into() }));
        assert!(!s.matches(&|f| if f == "spec.nodeName" { "n1".into() } else { "Running".into() }));
        assert!(FieldSelector::parse("a==b").unwrap().matches(&|_| "b".into()));
        assert!(FieldSelector::parse("").unwrap().matches(&|_| String::new()));
        assert!(FieldSelector::parse("a=x\\,y").unwrap().matches(&|_| "x,y".into()));
        let cases = [
            ("foo", "invalid selector: 'foo'; can't understand 'foo'"),
            ("a=b,foo", "invalid selector: 'a=b,foo'; can't understand 'foo'"),
            ("a=b\\c", "invalid field selector: invalid escape sequence: \\c"),
            ("a=b=c", "invalid field selector: unescaped character in value: 61"),
        ];
        for (text, want) in cases {
            assert_eq!(FieldSelector::parse(text).unwrap_err(), want, "{text}");
        }
    }

    #[test]
    fn each_kind_supports_its_own_fields_and_refuses_in_its_words() {
        let check = |text: &str, r: Resource| FieldSelector::parse(text).unwrap().check(&r);
        assert_eq!(check("spec.nodeName=n1,status.phase=Running", Resource::Pod), Ok(()));
        assert_eq!(check("spec.foo=x", Resource::Pod), Err("field label not supported: spec.foo".into()));
        assert_eq!(check("spec.unschedulable=true", Resource::Node), Ok(()));
        // Nodes are cluster-scoped: their conversion has no namespace.
        assert_eq!(
            check("metadata.namespace=x", Resource::Node),
            Err("field label not supported: metadata.namespace".into())
        );
        assert_eq!(check("involvedObject.name=x,type=Warning", Resource::Event), Ok(()));
        assert_eq!(
            check("spec.updateStrategy=x", Resource::DaemonSet),
            Err(
                "\"spec.updateStrategy\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
                    .into()
            )
        );
    }
}
