//! Apiserver defaulting and validation for the kinds the simulation acts on
//! (pkg/apis/apps/v1/defaults.go, pkg/apis/apps/validation/validation.go, core pod validation).
//! Errors are typed `field.Error`s (`FieldError`: path, type, bad value, detail); the console
//! words them.

use crate::errors::FieldError;
use crate::json;
use crate::labels::{qualified_name_errors, validate_dns1123_subdomain, validate_label_value};
use crate::objects::IntOrPercent;
use serde_json::{Map, Value};

/// Whether Go's `strconv.Quote` escapes `c` as `\u`/`\U` (it is not `unicode.IsPrint`): C1
/// controls, spaces other than ASCII space, format characters (bidirectional controls among
/// them), line and paragraph separators, and private use. Go also escapes unassigned code
/// points; telling those apart needs Unicode's tables, more than the page's wasm can carry, so
/// they print as they are (README, Fidelity).
pub fn go_unprintable(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{a0}'
        | '\u{ad}'
        | '\u{600}'..='\u{605}'
        | '\u{61c}'
        | '\u{6dd}'
        | '\u{70f}'
        | '\u{890}'..='\u{891}'
        | '\u{8e2}'
        | '\u{1680}'
        | '\u{180e}'
        | '\u{2000}'..='\u{200f}'
        | '\u{2028}'..='\u{202f}'
        | '\u{205f}'..='\u{206f}'
        | '\u{3000}'
        | '\u{e000}'..='\u{f8ff}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{110bd}'
        | '\u{110cd}'
        | '\u{13430}'..='\u{1343f}'
        | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0001}'
        | '\u{e0020}'..='\u{e007f}'
        | '\u{f0000}'..)
}

/// Writes `c` as Go's `%q` escapes it when it is a control or not printable (see
/// [`go_unprintable`]): `\x1b` for C0 controls and DEL, `\u202e` or `\U000f0000` for the rest.
/// Returns false, writing nothing, for a character Go prints as it is.
pub fn go_escape(out: &mut dyn std::fmt::Write, c: char) -> bool {
    let n = u32::from(c);
    let (kind, width) = match c {
        '\0'..='\u{1f}' | '\u{7f}' => ('x', 2),
        c if !go_unprintable(c) => return false,
        _ if n < 0x10000 => ('u', 4),
        _ => ('U', 8),
    };
    write!(out, "\\{kind}{n:0width$x}").is_ok()
}

/// A string that formats (`{:?}`) as Go's `%q` does (`strconv.Quote`): `\"`, `\\`, `\n`,
/// `\t` and the other C escapes, then [`go_escape`]'s. Rust's own `{:?}` writes `\u{1b}`, and
/// no field error should echo a raw control character.
pub struct GoStr<'a>(pub &'a str);

impl std::fmt::Debug for GoStr<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\t' => f.write_str("\\t")?,
                '\r' => f.write_str("\\r")?,
                '\u{7}' => f.write_str("\\a")?,
                '\u{8}' => f.write_str("\\b")?,
                '\u{c}' => f.write_str("\\f")?,
                '\u{b}' => f.write_str("\\v")?,
                c if go_escape(f, c) => {}
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

/// The taint effects a taint or a toleration may name.
pub const TAINT_EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
/// `field.NotSupported`'s detail for a taint effect.
pub const TAINT_EFFECTS_SUPPORTED: &str = "supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"";

/// Go's `%q` for strings, bare ints/bools, JSON for anything else, as `field.Invalid` prints values.
pub fn go_value(v: &Value) -> String {
    match v {
        Value::String(s) => go_quote(s),
        Value::Number(_) | Value::Bool(_) => v.to_string(),
        Value::Null => "null".into(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// `%#v` of a `map[string]string`, as field errors print label maps.
pub fn go_string_map(v: Option<&Value>) -> String {
    match v.and_then(Value::as_object) {
        None => "map[string]string(nil)".into(),
        Some(m) => {
            let parts: Vec<String> =
                m.iter().map(|(k, v)| format!("{:?}:{:?}", GoStr(k), GoStr(&crate::objects::scalar_text(v)))).collect();
            format!("map[string]string{{{}}}", parts.join(", "))
        }
    }
}

/// `%#v` of a `metav1.LabelSelector` value.
pub fn go_label_selector(sel: &Value) -> String {
    let labels = match sel.get("matchLabels").filter(|v| !v.is_null()) {
        Some(v) => go_string_map(Some(v)),
        None => "map[string]string(nil)".into(),
    };
    let exprs = match sel.get("matchExpressions").and_then(Value::as_array) {
        None => "[]v1.LabelSelectorRequirement(nil)".to_string(),
        Some(list) => {
            let items: Vec<String> = list
                .iter()
                .map(|e| {
                    let values = match e.get("values").and_then(Value::as_array) {
                        None => "[]string(nil)".to_string(),
                        Some(v) => format!(
                            "[]string{{{}}}",
                            v.iter().map(|x| go_quote(&crate::objects::scalar_text(x))).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{:?}, Operator:{:?}, Values:{values}}}",
                        GoStr(&crate::objects::s(e, "key")),
                        GoStr(&crate::objects::s(e, "operator"))
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
        }
    };
    format!("v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{exprs}}}")
}

/// `%#v` of an `intstr.IntOrString` (it has no value-receiver String method).
pub fn go_int_or_string(v: &Value) -> String {
    match v {
        Value::String(s) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{:?}}}", GoStr(s)),
        other => format!("intstr.IntOrString{{Type:0, IntVal:{}, StrVal:\"\"}}", other.as_i64().unwrap_or(0)),
    }
}

/// Go's `%q` of a string, as field errors print a bad string value.
pub fn go_quote(s: &str) -> String {
    format!("{:?}", GoStr(s))
}

fn invalid(path: &str, value: &Value, detail: &str) -> FieldError {
    FieldError::invalid(path.to_string(), go_value(value), detail)
}

fn obj<'a>(v: &'a mut Value, key: &str) -> &'a mut Map<String, Value> {
    if !v.get(key).is_some_and(Value::is_object) {
        v[key] = json!({});
    }
    // Just made sure it is an object.
    v[key].as_object_mut().expect("object")
}

/// The apiserver's `SetDefaults_Pod` (pkg/apis/core/v1/defaults.go), which runs on pods and not
/// on pod templates: each container's requests default to its limits, resource by resource;
/// `enableServiceLinks` to true; and under hostNetwork each port's `hostPort` to its
/// `containerPort`. Init containers too; the pod-level resources it also defaults are behind
/// a gate that is off in 1.33.
pub fn default_pod(spec: &mut Value) {
    let host_network = spec.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    let Some(m) = spec.as_object_mut() else { return };
    m.entry("enableServiceLinks").or_insert(json!(true));
    for key in ["initContainers", "containers"] {
        for c in m.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten() {
            if let Some(res) = c.get_mut("resources").and_then(Value::as_object_mut)
                && let Some(limits) = res.get("limits").and_then(Value::as_object).filter(|l| !l.is_empty()).cloned()
                && let Some(requests) = {
                    // `requests: null` is a nil map to Go, which the defaulting fills.
                    let r = res.entry("requests").or_insert(Value::Null);
                    if r.is_null() {
                        *r = json!({});
                    }
                    r.as_object_mut()
                }
            {
                for (k, v) in limits {
                    requests.entry(k).or_insert(v);
                }
            }
            if !host_network {
                continue;
            }
            for p in c.get_mut("ports").and_then(Value::as_array_mut).into_iter().flatten() {
                if p.get("hostPort").and_then(Value::as_i64).unwrap_or(0) == 0
                    && let Some(port) = p.get("containerPort").cloned()
                    && let Some(p) = p.as_object_mut()
                {
                    p.insert("hostPort".into(), port);
                }
            }
        }
    }
}

/// Pod-template defaults applied by the apiserver (core/v1 SetDefaults_PodSpec, _Container).
pub fn default_pod_spec(spec: &mut Value) {
    if !spec.is_object() {
        return;
    }
    let m = spec.as_object_mut().expect("object");
    m.entry("dnsPolicy").or_insert(json!("ClusterFirst"));
    m.entry("restartPolicy").or_insert(json!("Always"));
    m.entry("schedulerName").or_insert(json!("default-scheduler"));
    m.entry("securityContext").or_insert(json!({}));
    m.entry("terminationGracePeriodSeconds").or_insert(json!(30));
    for list in ["containers", "initContainers"] {
        let Some(containers) = m.get_mut(list).and_then(Value::as_array_mut) else { continue };
        for c in containers.iter_mut().filter_map(Value::as_object_mut) {
            let image = c.get("image").and_then(Value::as_str).unwrap_or_default().to_string();
            let tag_latest = {
                let last = image.rsplit('/').next().unwrap_or_default();
                !image.contains('@') && (!last.contains(':') || last.ends_with(":latest"))
            };
            c.entry("imagePullPolicy").or_insert(json!(if tag_latest { "Always" } else { "IfNotPresent" }));
            let resources = c.entry("resources").or_insert(json!({}));
            for list in ["limits", "requests"] {
                canonical_quantities(resources.get_mut(list), true);
            }
            c.entry("terminationMessagePath").or_insert(json!("/dev/termination-log"));
            c.entry("terminationMessagePolicy").or_insert(json!("File"));
            if let Some(ports) = c.get_mut("ports").and_then(Value::as_array_mut) {
                for p in ports.iter_mut().filter_map(Value::as_object_mut) {
                    p.entry("protocol").or_insert(json!("TCP"));
                }
            }
            // SetDefaults_Probe and SetDefaults_HTTPGetAction (probes and lifecycle hooks).
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                if let Some(p) = c.get_mut(probe).and_then(Value::as_object_mut) {
                    p.entry("timeoutSeconds").or_insert(json!(1));
                    p.entry("periodSeconds").or_insert(json!(10));
                    p.entry("successThreshold").or_insert(json!(1));
                    p.entry("failureThreshold").or_insert(json!(3));
                    default_http_get(p);
                }
            }
            if let Some(l) = c.get_mut("lifecycle").and_then(Value::as_object_mut) {
                for hook in l.values_mut().filter_map(Value::as_object_mut) {
                    default_http_get(hook);
                }
            }
            for e in c.get_mut("env").and_then(Value::as_array_mut).into_iter().flatten() {
                if let Some(from) = e.get_mut("valueFrom") {
                    default_field_refs(from);
                }
            }
        }
    }
    canonical_quantities(m.get_mut("overhead"), true);
    if let Some(volumes) = m.get_mut("volumes").and_then(Value::as_array_mut) {
        for v in volumes.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(limit) = v.get_mut("emptyDir").and_then(|e| e.get_mut("sizeLimit")) {
                canonical_quantity(limit, false);
            }
            // SetDefaults_Volume: a volume that names no source is an emptyDir.
            if v.iter().all(|(k, source)| k == "name" || source.is_null()) {
                v.insert("emptyDir".into(), json!({}));
            }
            if let Some(hp) = v.get_mut("hostPath").and_then(Value::as_object_mut) {
                hp.entry("type").or_insert(json!(""));
            }
            // SetDefaults_{Secret,ConfigMap,DownwardAPI,Projected}VolumeSource: 0644.
            for source in ["secret", "configMap", "downwardAPI", "projected"] {
                if let Some(s) = v.get_mut(source).and_then(Value::as_object_mut) {
                    s.entry("defaultMode").or_insert(json!(420));
                }
            }
            let items = v.get_mut("downwardAPI").and_then(|d| d.get_mut("items")).and_then(Value::as_array_mut);
            for item in items.into_iter().flatten() {
                default_field_refs(item);
            }
            let sources = v.get_mut("projected").and_then(|d| d.get_mut("sources")).and_then(Value::as_array_mut);
            for p in sources.into_iter().flatten() {
                // SetDefaults_ServiceAccountTokenProjection.
                if let Some(t) = p.get_mut("serviceAccountToken").and_then(Value::as_object_mut) {
                    t.entry("expirationSeconds").or_insert(json!(3600));
                }
                for item in p.pointer_mut("/downwardAPI/items").and_then(Value::as_array_mut).into_iter().flatten() {
                    default_field_refs(item);
                }
            }
        }
    }
}

/// An env source's or a downward API item's references, as the apiserver stores them:
/// `fieldRef.apiVersion` defaulted (SetDefaults_ObjectFieldSelector), and a
/// `resourceFieldRef`'s divisor, a Quantity value whose zero is written `"0"`.
fn default_field_refs(holder: &mut Value) {
    if let Some(f) = holder.get_mut("fieldRef").and_then(Value::as_object_mut) {
        f.entry("apiVersion").or_insert(json!("v1"));
    }
    if let Some(r) = holder.get_mut("resourceFieldRef").and_then(Value::as_object_mut) {
        canonical_quantity(r.entry("divisor").or_insert(json!("0")), false);
    }
}

/// A Quantity field as the apiserver writes it back (`quantity::canonical`); a number
/// becomes its text, as Quantity's JSON decoding reads it.
fn canonical_quantity(v: &mut Value, resource_list: bool) {
    let text = match v {
        Value::String(s) => s.clone(),
        // The number as kubectl's YAML-to-JSON step spells it (`1e+09`).
        Value::Number(n) => crate::strconv::go_json_number(n),
        _ => return,
    };
    if let Some(c) = crate::quantity::canonical(text.trim(), resource_list) {
        *v = Value::String(c);
    }
}

/// Each value of a resource list (`limits`, `requests`, `overhead`), rounded up to milli units
/// as `SetDefaults_ResourceList` does, in canonical form.
fn canonical_quantities(list: Option<&mut Value>, resource_list: bool) {
    for v in list.and_then(Value::as_object_mut).into_iter().flat_map(|m| m.values_mut()) {
        canonical_quantity(v, resource_list);
    }
}

fn default_http_get(handler: &mut serde_json::Map<String, Value>) {
    if let Some(h) = handler.get_mut("httpGet").and_then(Value::as_object_mut) {
        h.entry("path").or_insert(json!("/"));
        h.entry("scheme").or_insert(json!("HTTP"));
    }
}

/// `SetDefaults_DaemonSet` plus template defaults.
pub fn default_daemonset_spec(spec: &mut Value) {
    if !spec.is_object() {
        *spec = json!({});
    }
    let strategy = obj(spec, "updateStrategy");
    strategy.entry("type").or_insert(json!("RollingUpdate"));
    if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
        let ru = strategy.entry("rollingUpdate").or_insert(json!({}));
        if let Some(ru) = ru.as_object_mut() {
            ru.entry("maxUnavailable").or_insert(json!(1));
            ru.entry("maxSurge").or_insert(json!(0));
        }
    }
    let m = spec.as_object_mut().expect("object");
    m.entry("revisionHistoryLimit").or_insert(json!(10));
    if let Some(t) = m.get_mut("template").and_then(|t| t.get_mut("spec")) {
        default_pod_spec(t);
    }
}

fn label_map_errors(path: &str, labels: Option<&Value>, errs: &mut Vec<FieldError>) {
    let Some(Value::Object(m)) = labels else { return };
    for (k, v) in m {
        for e in qualified_name_errors(k) {
            errs.push(FieldError::invalid(path.to_string(), go_quote(k), &e));
        }
        match v {
            Value::String(s) => {
                if let Err(e) = validate_label_value(s) {
                    errs.push(FieldError::invalid(path.to_string(), go_quote(s), &e));
                }
            }
            // null decodes as "" (a valid label value).
            Value::Null => {}
            other => errs.push(invalid(path, other, "must be a string")),
        }
    }
}

/// `ValidateAnnotations`: each key a qualified name, case aside, and all of them with their
/// values within 256 KiB. (Go walks the map in random order; the keys are reported sorted.)
fn annotation_errors(path: &str, annotations: Option<&Value>, errs: &mut Vec<FieldError>) {
    let Some(Value::Object(m)) = annotations else { return };
    let mut bytes = 0;
    for (k, v) in m {
        // ASCII case only: Unicode's tables cost the page 8 KB, and a letter Go lowers into
        // ASCII (the Kelvin sign) is the only key that reads differently.
        for e in qualified_name_errors(&k.to_ascii_lowercase()) {
            errs.push(FieldError::invalid(path.to_string(), go_quote(k), &e));
        }
        bytes += k.len() + v.as_str().map_or(0, str::len);
    }
    if bytes > 256 * 1024 {
        let detail = "may not be more than 262144 bytes";
        errs.push(FieldError::new(crate::FieldErrorType::TooLong, path.to_string(), String::new(), detail));
    }
}

/// `ValidateLabelSelector`'s checks of `matchExpressions` (apimachinery's
/// meta/v1/validation). True when every expression can become a requirement.
fn selector_expression_errors(path: &str, sel: &Value, errs: &mut Vec<FieldError>) -> bool {
    let before = errs.len();
    for (i, e) in sel.get("matchExpressions").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let p = format!("{path}.matchExpressions[{i}]");
        let values = e.get("values").and_then(Value::as_array).map_or(0, Vec::len);
        match e.get("operator").and_then(Value::as_str).unwrap_or_default() {
            "In" | "NotIn" if values == 0 => errs.push(FieldError::required(
                format!("{p}.values"),
                "must be specified when `operator` is 'In' or 'NotIn'",
            )),
            "Exists" | "DoesNotExist" if values > 0 => errs.push(FieldError::forbidden(
                format!("{p}.values"),
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            )),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            other => errs.push(FieldError::invalid(
                format!("{p}.operator"),
                go_quote(other),
                "not a valid selector operator",
            )),
        }
        let key = e.get("key").and_then(Value::as_str).unwrap_or_default();
        for m in qualified_name_errors(key) {
            errs.push(FieldError::invalid(format!("{p}.key"), go_quote(key), &m));
        }
    }
    errs.len() == before
}

/// Validates an object name (`ValidateObjectMeta`).
pub fn name_errors(meta: &Value, errs: &mut Vec<FieldError>) {
    let name = meta.get("name").and_then(Value::as_str).unwrap_or_default();
    if name.is_empty() {
        errs.push(FieldError::required("metadata.name".into(), "name or generateName is required"));
        return;
    }
    for e in validate_dns1123_subdomain(name) {
        errs.push(FieldError::invalid("metadata.name".into(), go_quote(name), &e));
    }
}

fn int_or_percent_errors(path: &str, v: Option<&Value>, errs: &mut Vec<FieldError>) -> i64 {
    let Some(v) = v else { return 0 };
    match IntOrPercent::from_json(v) {
        Some(IntOrPercent::Int(i)) => {
            if i < 0 {
                errs.push(FieldError::invalid(path.to_string(), i.to_string(), "must be greater than or equal to 0"));
            }
            i
        }
        Some(IntOrPercent::Percent(p)) => {
            if p > 100 {
                errs.push(FieldError::invalid(path.to_string(), go_int_or_string(v), "must not be greater than 100%"));
            }
            p
        }
        Some(IntOrPercent::Invalid(s)) => {
            errs.push(FieldError::invalid(path.to_string(), go_int_or_string(v), "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
            // getIntOrPercentValue: a non-percent string is read as a plain integer.
            s.parse().unwrap_or(0)
        }
        None => 0,
    }
}

/// Pod template spec validation: the rules a DaemonSet author runs into.
pub fn pod_spec_errors(path: &str, spec: &Value, daemonset: bool, errs: &mut Vec<FieldError>) {
    let containers = spec.get("containers").and_then(Value::as_array);
    match containers {
        None => errs.push(FieldError::required(format!("{path}.containers"), "")),
        Some(cs) if cs.is_empty() => errs.push(FieldError::required(format!("{path}.containers"), "")),
        Some(cs) => {
            let mut names = std::collections::BTreeSet::new();
            for (i, c) in cs.iter().enumerate() {
                let name = c.get("name").and_then(Value::as_str).unwrap_or_default();
                if name.is_empty() {
                    errs.push(FieldError::required(format!("{path}.containers[{i}].name"), ""));
                } else if !names.insert(name.to_string()) {
                    let field = format!("{path}.containers[{i}].name");
                    errs.push(FieldError::new(crate::FieldErrorType::Duplicate, field, go_quote(name), ""));
                }
                if c.get("image").and_then(Value::as_str).unwrap_or_default().is_empty() {
                    errs.push(FieldError::required(format!("{path}.containers[{i}].image"), ""));
                }
                if c.get("restartPolicy").is_some_and(|v| !v.is_null()) {
                    let field = format!("{path}.containers[{i}].restartPolicy");
                    errs.push(FieldError::forbidden(field, "may not be set for non-init containers"));
                }
            }
        }
    }
    // A container restart policy makes an init container a sidecar; `Always` is the only one.
    for (i, c) in spec.get("initContainers").and_then(Value::as_array).into_iter().flatten().enumerate() {
        if let Some(policy) = c.get("restartPolicy").and_then(Value::as_str).filter(|p| *p != "Always") {
            let field = format!("{path}.initContainers[{i}].restartPolicy");
            errs.push(FieldError::not_supported(field, go_quote(policy), "supported values: \"Always\""));
        }
    }
    if daemonset {
        let policy = spec.get("restartPolicy").and_then(Value::as_str).unwrap_or("Always");
        if policy != "Always" {
            errs.push(FieldError::not_supported(
                format!("{path}.restartPolicy"),
                go_quote(policy),
                "supported values: \"Always\"",
            ));
        }
        if spec.get("activeDeadlineSeconds").is_some_and(|v| !v.is_null()) {
            errs.push(FieldError::forbidden(
                format!("{path}.activeDeadlineSeconds"),
                "activeDeadlineSeconds in DaemonSet is not Supported",
            ));
        }
    }
    for (i, t) in spec.get("tolerations").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let op = t.get("operator").and_then(Value::as_str).unwrap_or("");
        let p = format!("{path}.tolerations[{i}]");
        if op == "Exists" && t.get("value").and_then(Value::as_str).is_some_and(|v| !v.is_empty()) {
            errs.push(invalid(
                &format!("{p}.operator"),
                &t["value"],
                "value must be empty when `operator` is 'Exists'",
            ));
        }
        if !["", "Equal", "Exists"].contains(&op) {
            errs.push(FieldError::not_supported(
                format!("{p}.operator"),
                go_quote(op),
                "supported values: \"Equal\", \"Exists\"",
            ));
        }
        let effect = t.get("effect").and_then(Value::as_str).unwrap_or("");
        if !["", "NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect) {
            errs.push(FieldError::not_supported(format!("{p}.effect"), go_quote(effect), TAINT_EFFECTS_SUPPORTED));
        }
        if t.get("tolerationSeconds").is_some_and(|v| !v.is_null()) && effect != "NoExecute" {
            errs.push(FieldError::invalid(
                format!("{p}.effect"),
                go_quote(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        if op.is_empty() && t.get("key").and_then(Value::as_str).unwrap_or("").is_empty() {
            errs.push(FieldError::invalid(
                format!("{p}.operator"),
                "\"\"".into(),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
    }
    let terms = spec.pointer("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms");
    if let Some(Value::Array(terms)) = terms {
        let tpath =
            format!("{path}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms");
        if terms.is_empty() {
            errs.push(FieldError::required(tpath.to_string(), "must have at least one node selector term"));
        }
        for (i, term) in terms.iter().enumerate() {
            for (j, r) in term.get("matchExpressions").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let rp = format!("{tpath}[{i}].matchExpressions[{j}]");
                let op = r.get("operator").and_then(Value::as_str).unwrap_or("");
                let n = r.get("values").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
                match op {
                    "In" | "NotIn" if n == 0 => errs.push(FieldError::required(
                        format!("{rp}.values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    )),
                    "Exists" | "DoesNotExist" if n > 0 => errs.push(FieldError::forbidden(
                        format!("{rp}.values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    )),
                    "Gt" | "Lt" if n != 1 => errs.push(FieldError::required(
                        format!("{rp}.values"),
                        "must be specified single value when `operator` is 'Lt' or 'Gt'",
                    )),
                    "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
                    other => errs.push(FieldError::invalid(
                        format!("{rp}.operator"),
                        go_quote(other),
                        "not a valid selector operator",
                    )),
                }
            }
            for (j, r) in term.get("matchFields").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let rp = format!("{tpath}[{i}].matchFields[{j}]");
                if r.get("key").and_then(Value::as_str) != Some("metadata.name") {
                    errs.push(invalid(
                        &format!("{rp}.key"),
                        r.get("key").unwrap_or(&Value::Null),
                        "not a valid field selector key",
                    ));
                }
                if r.get("values").and_then(Value::as_array).map(Vec::len) != Some(1) {
                    errs.push(FieldError::required(
                        format!("{rp}.values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                    ));
                }
            }
        }
    }
}

/// DaemonSet validation on create (and, with `old_selector`, on update).
pub fn daemonset_errors(obj: &Value, old_selector: Option<&Value>) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let meta = &obj["metadata"];
    name_errors(meta, &mut errs);
    label_map_errors("metadata.labels", meta.get("labels"), &mut errs);
    // (Their size is checked before, for every kind, with the applied record counted:
    // `apply_validated`. Within it, this finds only the keys.)
    annotation_errors("metadata.annotations", meta.get("annotations"), &mut errs);
    let spec = &obj["spec"];
    let selector = spec.get("selector").filter(|s| !s.is_null());
    // ValidateDaemonSetUpdate: the immutable selector is checked before the spec.
    if let (Some(old), Some(new)) = (old_selector, selector)
        && old != new
    {
        errs.push(FieldError::invalid("spec.selector".into(), go_label_selector(new), "field is immutable"));
    }
    // ValidateDaemonSetSpec, in upstream order.
    let template_labels = spec.pointer("/template/metadata/labels");
    // A selector that cannot become a requirement is reported as such, and not compared
    // with the template's labels (LabelSelectorAsSelector fails first).
    let mut well_formed = true;
    if let Some(sel) = selector {
        label_map_errors("spec.selector.matchLabels", sel.get("matchLabels"), &mut errs);
        well_formed = selector_expression_errors("spec.selector", sel, &mut errs);
    }
    let empty = selector.is_some_and(|sel| {
        sel.get("matchLabels").and_then(Value::as_object).is_none_or(Map::is_empty)
            && sel.get("matchExpressions").and_then(Value::as_array).is_none_or(Vec::is_empty)
    });
    // A nil selector selects nothing; an empty one everything (LabelSelectorAsSelector).
    let matches = selector.is_some_and(|sel| {
        let labels = crate::objects::str_map(template_labels);
        selector_from_json(sel).is_some_and(|s| s.matches(&labels))
    });
    if !matches && well_formed {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels".into(),
            go_string_map(template_labels),
            "`selector` does not match template `labels`",
        ));
    }
    if let (Some(sel), true) = (selector, empty) {
        errs.push(FieldError::invalid(
            "spec.selector".into(),
            go_label_selector(sel),
            "empty selector is invalid for daemonset",
        ));
    }
    label_map_errors("spec.template.metadata.labels", template_labels, &mut errs);
    annotation_errors("spec.template.metadata.annotations", spec.pointer("/template/metadata/annotations"), &mut errs);
    if let Some(spec) = spec.pointer("/template/spec") {
        pod_spec_errors("spec.template.spec", spec, true, &mut errs);
    } else {
        errs.push(FieldError::required("spec.template.spec.containers".into(), ""));
    }
    if let Some(v) = spec.get("minReadySeconds")
        && v.as_i64().is_some_and(|n| n < 0)
    {
        errs.push(invalid("spec.minReadySeconds", v, "must be greater than or equal to 0"));
    }
    let strategy = &spec["updateStrategy"];
    match strategy.get("type").and_then(Value::as_str) {
        Some("RollingUpdate") => {
            let ru = &strategy["rollingUpdate"];
            if ru.is_null() {
                errs.push(FieldError::required("spec.updateStrategy.rollingUpdate".into(), ""));
            } else {
                let base = "spec.updateStrategy.rollingUpdate";
                let unavailable =
                    int_or_percent_errors(&format!("{base}.maxUnavailable"), ru.get("maxUnavailable"), &mut errs);
                let surge = int_or_percent_errors(&format!("{base}.maxSurge"), ru.get("maxSurge"), &mut errs);
                if unavailable == 0 && surge == 0 {
                    errs.push(FieldError::required(format!("{base}.maxUnavailable"), "cannot be 0 when maxSurge is 0"));
                } else if unavailable != 0 && surge != 0 {
                    errs.push(FieldError::invalid(
                        format!("{base}.maxSurge"),
                        go_int_or_string(ru.get("maxSurge").unwrap_or(&Value::Null)),
                        "may not be set when maxUnavailable is non-zero",
                    ));
                }
            }
        }
        Some("OnDelete") => {}
        other => {
            // field.NotSupported(fldPath, strategy, ...) prints the internal struct with %#v; a
            // rollingUpdate pointer would print as a memory address, shown here as a fixed one.
            let ru = if strategy.get("rollingUpdate").is_some_and(|r| !r.is_null()) { "0xc000a1e0c0" } else { "nil" };
            let value = format!(
                "apps.DaemonSetUpdateStrategy{{Type:{:?}, RollingUpdate:(*apps.RollingUpdateDaemonSet)({ru})}}",
                GoStr(other.unwrap_or(""))
            );
            errs.push(FieldError::not_supported(
                "spec.updateStrategy".into(),
                value,
                "supported values: \"RollingUpdate\", \"OnDelete\"",
            ))
        }
    }
    if let Some(v) = spec.get("revisionHistoryLimit")
        && v.as_i64().is_some_and(|n| n < 0)
    {
        errs.push(invalid("spec.revisionHistoryLimit", v, "must be greater than or equal to 0"));
    }
    errs.dedup();
    errs
}

/// A valid DaemonSet named x (label `app: x`, one container), with `spec_patch`'s fields in
/// place of its own, defaulted: the validation tables' starting point, here and in the
/// console's wording tests.
#[doc(hidden)]
pub fn example_daemonset(spec_patch: Value) -> Value {
    let mut spec = json!({
        "selector": {"matchLabels": {"app": "x"}},
        "template": {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}
    });
    if let (Some(m), Some(p)) = (spec.as_object_mut(), spec_patch.as_object()) {
        for (k, v) in p {
            m.insert(k.clone(), v.clone());
        }
    }
    default_daemonset_spec(&mut spec);
    json!({"metadata": {"name": "x"}, "spec": spec})
}

/// `metav1.LabelSelectorAsSelector`; `None` for malformed expressions.
pub fn selector_from_json(sel: &Value) -> Option<crate::labels::Selector> {
    use crate::labels::{Operator, Requirement, Selector};
    let match_labels = crate::objects::str_map(sel.get("matchLabels"));
    let mut exprs = Vec::new();
    for e in sel.get("matchExpressions").and_then(Value::as_array).into_iter().flatten() {
        let operator = match e.get("operator").and_then(Value::as_str)? {
            "In" => Operator::In,
            "NotIn" => Operator::NotIn,
            "Exists" => Operator::Exists,
            "DoesNotExist" => Operator::DoesNotExist,
            _ => return None,
        };
        let values = e
            .get("values")
            .and_then(Value::as_array)
            .map(|v| v.iter().map(crate::objects::scalar_text).collect())
            .unwrap_or_default();
        exprs.push(Requirement { key: crate::objects::s(e, "key"), operator, values });
    }
    Some(Selector::from_label_selector(&match_labels, &exprs))
}

#[cfg(test)]
mod tests {

    #[test]
    fn go_str_quotes_as_strconv_quote_does() {
        let table = [
            ("plain", r#""plain""#),
            ("q\"b\\", r#""q\"b\\""#),
            ("\n\t\r\u{7}\u{8}\u{c}\u{b}", r#""\n\t\r\a\b\f\v""#),
            ("\u{1b}[31m\u{7f}", r#""\x1b[31m\x7f""#),
            ("\u{85}\u{a0}\u{202e}\u{feff}", r#""\u0085\u00a0\u202e\ufeff""#),
            ("\u{f0000}\u{e0001}", r#""\U000f0000\U000e0001""#),
            ("日本 é 😀", r#""日本 é 😀""#),
        ];
        for (input, want) in table {
            assert_eq!(go_quote(input), want, "{input:?}");
        }
    }

    use super::*;

    fn ds(spec_patch: Value) -> Value {
        example_daemonset(spec_patch)
    }

    #[test]
    fn pods_get_set_defaults_pod_and_templates_do_not() {
        let mut spec = json!({"hostNetwork": true, "initContainers": [
            {"name": "i", "resources": {"limits": {"cpu": "1"}}, "ports": [{"containerPort": 53, "hostPort": 0}]}
        ], "containers": [
            {"name": "a", "resources": {"limits": {"cpu": "200m", "memory": "64Mi"}, "requests": {"memory": "32Mi"}},
             "ports": [{"containerPort": 9100}, {"containerPort": 80, "hostPort": 8080}]},
            {"name": "b", "resources": {"limits": {}}},
        ]});
        default_pod(&mut spec);
        assert_eq!(spec["enableServiceLinks"], true);
        assert_eq!(spec["initContainers"][0]["resources"]["requests"], json!({"cpu": "1"}));
        assert_eq!(spec["initContainers"][0]["ports"][0]["hostPort"], 53);
        let a = &spec["containers"][0];
        assert_eq!(a["resources"]["requests"], json!({"cpu": "200m", "memory": "32Mi"}));
        assert_eq!(
            a["ports"],
            json!([{"containerPort": 9100, "hostPort": 9100}, {"containerPort": 80, "hostPort": 8080}])
        );
        // Empty limits default nothing (Go's omitempty would drop an empty map anyway).
        assert_eq!(spec["containers"][1]["resources"], json!({"limits": {}}));
        // Without hostNetwork, ports stay as written.
        let mut spec = json!({"containers": [{"name": "a", "ports": [{"containerPort": 9100}]}]});
        default_pod(&mut spec);
        assert_eq!(spec["containers"][0]["ports"], json!([{"containerPort": 9100}]));
        // The template's defaults are not the pod's.
        let mut template = json!({"hostNetwork": true, "containers": [{"name": "a", "image": "x",
            "resources": {"limits": {"cpu": "1"}}, "ports": [{"containerPort": 9100}]}]});
        default_pod_spec(&mut template);
        assert!(template["containers"][0]["resources"].get("requests").is_none());
        assert!(template["containers"][0]["ports"][0].get("hostPort").is_none());
    }

    #[test]
    fn restart_policy_must_be_always() {
        let mut obj = ds(json!({}));
        obj["spec"]["template"]["spec"]["restartPolicy"] = json!("OnFailure");
        assert_eq!(
            daemonset_errors(&obj, None),
            vec![FieldError::not_supported(
                "spec.template.spec.restartPolicy".into(),
                "\"OnFailure\"".into(),
                "supported values: \"Always\""
            )]
        );
    }

    #[test]
    fn valid_daemonsets_have_no_errors_and_get_defaults() {
        let obj = ds(json!({}));
        assert!(daemonset_errors(&obj, None).is_empty());
        assert_eq!(obj["spec"]["updateStrategy"]["rollingUpdate"]["maxUnavailable"], 1);
        assert_eq!(obj["spec"]["revisionHistoryLimit"], 10);
        assert_eq!(obj["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"], "Always");
    }

    #[test]
    fn volumes_and_references_get_the_apiservers_defaults() {
        let mut spec = json!({
            "containers": [{"name": "c", "image": "a:1", "env": [
                {"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}},
                {"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}
            ]}],
            "volumes": [
                {"name": "scratch"},
                {"name": "s", "secret": {"secretName": "x"}},
                {"name": "m", "configMap": {"name": "x", "defaultMode": 256}},
                {"name": "d", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
                {"name": "p", "projected": {"sources": [
                    {"serviceAccountToken": {"path": "token"}},
                    {"downwardAPI": {"items": [{"path": "cpu", "resourceFieldRef": {"containerName": "c", "resource": "requests.cpu"}}]}}
                ]}}
            ]
        });
        default_pod_spec(&mut spec);
        let env = &spec["containers"][0]["env"];
        assert_eq!(env[0]["valueFrom"]["resourceFieldRef"]["divisor"], "0");
        assert_eq!(env[1]["valueFrom"]["fieldRef"]["apiVersion"], "v1");
        let v = &spec["volumes"];
        assert_eq!(v[0]["emptyDir"], json!({}));
        assert_eq!(v[1]["secret"]["defaultMode"], 420);
        assert_eq!(v[2]["configMap"]["defaultMode"], 256, "a mode given stays");
        assert_eq!(v[3]["downwardAPI"]["defaultMode"], 420);
        assert_eq!(v[3]["downwardAPI"]["items"][0]["fieldRef"]["apiVersion"], "v1");
        assert_eq!(v[4]["projected"]["defaultMode"], 420);
        assert_eq!(v[4]["projected"]["sources"][0]["serviceAccountToken"]["expirationSeconds"], 3600);
        assert_eq!(v[4]["projected"]["sources"][1]["downwardAPI"]["items"][0]["resourceFieldRef"]["divisor"], "0");
    }

    #[test]
    fn template_annotations_are_held_to_256_kib() {
        let mut obj = ds(json!({}));
        obj["spec"]["template"]["metadata"]["annotations"] = json!({"a": "x".repeat(256 * 1024)});
        let errs = daemonset_errors(&obj, None);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(
            (errs[0].field.as_str(), errs[0].kind, errs[0].detail.as_str()),
            ("spec.template.metadata.annotations", crate::FieldErrorType::TooLong, "may not be more than 262144 bytes")
        );
        obj["spec"]["template"]["metadata"]["annotations"] = json!({"a": "x".repeat(256 * 1024 - 1)});
        assert!(daemonset_errors(&obj, None).is_empty(), "key and value make exactly the limit");
    }

    #[test]
    fn selector_is_immutable() {
        let obj = ds(json!({}));
        let errs = daemonset_errors(&obj, Some(&json!({"matchLabels": {"app": "other"}})));
        assert!(errs.iter().any(|e| e.field == "spec.selector" && e.detail == "field is immutable"), "{errs:?}");
    }
}
