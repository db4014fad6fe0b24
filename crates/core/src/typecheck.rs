//! Type checks of a manifest as the apiserver's JSON decoding into Go structs reports them
//! (`json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type
//! string`), for every field of the kinds the field schema describes (`schema.rs`,
//! `schema/fields.txt`): named types by their Go names (`v1.RestartPolicy`), quantities,
//! times and base64 bytes by their own parsers' words. Unknown fields are strict decoding's
//! business (`schema::drop_unknown_fields`). kubectl's YAML 1.1 reads `true` and `yes` as
//! bools, so `ssd: yes` in a nodeSelector is caught here as Kubernetes rejects it.

use crate::schema::{Schema, Ty};
use serde_json::Value;

/// A decoding error: the message, and the JSON path (with indices) of the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    pub path: String,
    pub message: String,
}

/// Go's word for a JSON value's kind in an `UnmarshalTypeError` (`number`, not its digits).
pub fn json_kind_word(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

/// The number as kubectl sent it, in Go's JSON spelling (`1e+21`, `1` for `1.0`).
fn number_text(v: &Value) -> Option<String> {
    v.as_number().map(crate::strconv::go_json_number)
}

/// What a Go type decodes from JSON.
#[derive(Clone, Copy)]
enum Shape<'s> {
    Str,
    Bool,
    /// An integer type, by its range.
    Int(i64, i64),
    IntOrString,
    Quantity,
    /// `metav1.Time`, or `metav1.MicroTime` when true.
    Time(bool),
    /// `[]byte`: base64 text (or an array of bytes).
    Bytes,
    /// A raw extension: any JSON.
    Raw,
    /// A slice, by its element's type.
    List(&'s str),
    /// A map with string keys, by its value's type.
    Map(&'s str),
}

/// `fields.txt`'s abbreviations, as the Go types they stand for.
fn expand(code: &str) -> &str {
    match code {
        "s" => "string",
        "b" => "bool",
        "i" => "int32",
        "l" => "int64",
        "n" => "intstr.IntOrString",
        "m" => "map[string]string",
        "a" => "[]string",
        "q" => "resource.Quantity",
        "t" => "v1.Time",
        "u" => "v1.MicroTime",
        "x" => "[]uint8",
        "r" => "runtime.RawExtension",
        go => go,
    }
}

/// The shape of Go type `go`; a named type (`v1.ResourceList`) has the shape of what it names.
/// `None` for what the schema does not know (a damaged schema checks nothing there).
fn shape<'s>(schema: &'s Schema, go: &'s str, depth: u8) -> Option<Shape<'s>> {
    Some(match go {
        "string" => Shape::Str,
        "bool" => Shape::Bool,
        "int32" => Shape::Int(i32::MIN.into(), i32::MAX.into()),
        "int64" => Shape::Int(i64::MIN, i64::MAX),
        "uint8" => Shape::Int(0, 255),
        "intstr.IntOrString" => Shape::IntOrString,
        "resource.Quantity" => Shape::Quantity,
        "v1.Time" => Shape::Time(false),
        "v1.MicroTime" => Shape::Time(true),
        "[]uint8" => Shape::Bytes,
        "runtime.RawExtension" | "v1.FieldsV1" => Shape::Raw,
        _ => match (go.strip_prefix("[]"), go.strip_prefix("map[")) {
            (Some(elem), _) => Shape::List(elem),
            (_, Some(rest)) => Shape::Map(rest.split_once(']')?.1),
            _ if depth < 4 => return shape(schema, expand(schema.named(go)?), depth + 1),
            _ => return None,
        },
    })
}

/// Whether the Go type a decoding error names (`string`, `v1.RestartPolicy`) takes a JSON
/// string and nothing else: where quoting a YAML scalar would have made it one.
pub fn is_string_type(go: &str) -> bool {
    crate::schema::with(|schema| matches!(shape(schema, go, 0), Some(Shape::Str))).unwrap_or(go == "string")
}

/// Where a value sits: the Go struct being decoded, the field path without indices
/// (`spec.template.spec.containers.image`), and the JSON path with them.
struct At<'a> {
    st: &'a str,
    go_path: &'a str,
    path: String,
}

impl At<'_> {
    fn child(&self, key: impl std::fmt::Display) -> At<'_> {
        At { st: self.st, go_path: self.go_path, path: format!("{}{key}", self.path) }
    }
}

/// One decoding, as encoding/json runs it.
struct Decoder<'s> {
    schema: &'s Schema,
    /// kubectl decodes metadata with encoding/json itself, which names the field in an error
    /// from inside a type's own `UnmarshalJSON` (metav1.Time's); the apiserver's fork of it
    /// (sigs.k8s.io/json) does not recognise such an error and prints it bare.
    kubectl: bool,
    /// The first type mismatch. encoding/json notes it and decodes on, so a later error from
    /// a type's own `UnmarshalJSON` (a quantity, a time) is what the decoding reports.
    saved: Option<TypeError>,
}

impl<'s> Decoder<'s> {
    fn error(&self, at: &At, kind: &str, go: &str) -> TypeError {
        TypeError {
            path: at.path.clone(),
            message: format!(
                "json: cannot unmarshal {kind} into Go struct field {}.{} of type {go}",
                at.st, at.go_path
            ),
        }
    }

    /// A value of the wrong kind: noted, and decoding goes on.
    fn mismatch(&mut self, at: &At, v: &Value, go: &str, with_digits: bool) {
        if self.saved.is_none() {
            let kind = match number_text(v) {
                Some(n) if with_digits => format!("number {n}"),
                _ => json_kind_word(v).to_string(),
            };
            self.saved = Some(self.error(at, &kind, go));
        }
    }

    /// A `json.Unmarshal` inside a type's own `UnmarshalJSON` failed: fatal.
    fn inner(&self, at: &At, v: &Value, go: &str) -> TypeError {
        let kind = match number_text(v) {
            Some(n) if go.starts_with("int") => format!("number {n}"),
            _ => json_kind_word(v).to_string(),
        };
        match self.kubectl {
            true => self.error(at, &kind, go),
            false => TypeError {
                path: at.path.clone(),
                message: format!("json: cannot unmarshal {kind} into Go value of type {go}"),
            },
        }
    }

    fn value(&mut self, v: &Value, ty: Ty<'s>, at: &At) -> Result<(), TypeError> {
        match (ty, v) {
            // null leaves any Go value as it was.
            (_, Value::Null) => Ok(()),
            (Ty::Struct(st), Value::Object(_)) => self.object(v, st, at.go_path, &at.path),
            (Ty::ListOf(st), Value::Array(items)) => {
                for (i, x) in items.iter().enumerate() {
                    self.value(x, Ty::Struct(st), &at.child(format_args!("[{i}]")))?;
                }
                Ok(())
            }
            (Ty::Struct(st), _) => {
                self.mismatch(at, v, &format!("v1.{}", self.schema.struct_name(st)), false);
                Ok(())
            }
            (Ty::ListOf(st), _) => {
                self.mismatch(at, v, &format!("[]v1.{}", self.schema.struct_name(st)), false);
                Ok(())
            }
            (Ty::Go(code), _) => self.go(v, expand(code), at),
        }
    }

    fn go(&mut self, v: &Value, go: &'s str, at: &At) -> Result<(), TypeError> {
        let Some(shape) = shape(self.schema, go, 0) else { return Ok(()) };
        match (shape, v) {
            (_, Value::Null)
            | (Shape::Str, Value::String(_))
            | (Shape::Bool, Value::Bool(_))
            | (Shape::Raw, _)
            | (Shape::IntOrString, Value::String(_)) => {}
            (Shape::Int(lo, hi), Value::Number(_)) => {
                // Go parses the number's text as an integer: `1.5` and `1e+21` are no int.
                let n = number_text(v).and_then(|t| t.parse::<i64>().ok());
                if !n.is_some_and(|n| (lo..=hi).contains(&n)) {
                    self.mismatch(at, v, go, true);
                }
            }
            // IntOrString.UnmarshalJSON decodes anything but a string into its int32.
            (Shape::IntOrString, _) => {
                let fits = number_text(v).and_then(|t| t.parse::<i32>().ok()).is_some();
                if !fits {
                    return Err(self.inner(at, v, "int32"));
                }
            }
            (Shape::Quantity, _) => {
                // Quantity.UnmarshalJSON reads the JSON text, unquoted; a string Go's encoder
                // would escape (a control character) holds a backslash there, which no
                // quantity has.
                let text = match v {
                    Value::String(s) if s.chars().any(|c| c < ' ' || c == '\u{2028}' || c == '\u{2029}') => "\\".into(),
                    Value::String(s) => s.trim().to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Number(_) => number_text(v).unwrap_or_default(),
                    _ => "{".into(),
                };
                if let Some(e) = crate::quantity::parse_error(&text) {
                    return Err(TypeError { path: at.path.clone(), message: e.to_string() });
                }
            }
            (Shape::Time(micro), Value::String(s)) => {
                if let Some(e) = crate::gotime::parse_error(s, micro) {
                    return Err(TypeError { path: at.path.clone(), message: e });
                }
            }
            (Shape::Time(_), _) => return Err(self.inner(at, v, "string")),
            (Shape::Bytes, Value::String(s)) => {
                if let Some(offset) = crate::strconv::base64_error(s.as_bytes())
                    && self.saved.is_none()
                {
                    let message = format!("illegal base64 data at input byte {offset}");
                    self.saved = Some(TypeError { path: at.path.clone(), message });
                }
            }
            (Shape::Bytes, Value::Array(items)) => self.list(items, "uint8", at)?,
            (Shape::List(elem), Value::Array(items)) => self.list(items, elem, at)?,
            (Shape::Map(elem), Value::Object(map)) => {
                for (k, x) in map {
                    self.go(x, elem, &at.child(format_args!(".{k}")))?;
                }
            }
            _ => self.mismatch(at, v, go, false),
        }
        Ok(())
    }

    fn list(&mut self, items: &[Value], elem: &'s str, at: &At) -> Result<(), TypeError> {
        for (i, x) in items.iter().enumerate() {
            self.go(x, elem, &at.child(format_args!("[{i}]")))?;
        }
        Ok(())
    }

    fn object(&mut self, v: &Value, st: usize, go_path: &str, path: &str) -> Result<(), TypeError> {
        let Some(map) = v.as_object() else { return Ok(()) };
        for (k, x) in map {
            let Some(t) = self.schema.field_type(st, k) else { continue };
            let join = |base: &str| if base.is_empty() { k.clone() } else { format!("{base}.{k}") };
            let go_path = join(go_path);
            let at = At { st: self.schema.struct_name(st), go_path: &go_path, path: join(path) };
            self.value(x, t, &at)?;
        }
        Ok(())
    }

    /// The decoding's outcome: its fatal error, else the first mismatch it noted.
    fn finish(self, result: Result<(), TypeError>) -> Result<(), TypeError> {
        result?;
        self.saved.map_or(Ok(()), Err)
    }
}

/// Checks an object of a kind the field schema describes, as the apiserver decodes it; without
/// a schema (a page whose `fields.js` did not load), nothing.
pub fn check(kind: &str, obj: &Value) -> Result<(), TypeError> {
    crate::schema::with(|schema| match schema.root(kind) {
        Some(root) => {
            let mut d = Decoder { schema, kubectl: false, saved: None };
            let result = d.object(obj, root, "", "");
            d.finish(result)
        }
        None => Ok(()),
    })
    .unwrap_or(Ok(()))
}

/// The object's `metadata` as cli-runtime's decoder reads it before kubectl sends anything
/// (`metadataOnlyObject`: TypeMeta and ObjectMeta as Go types, with encoding/json), whatever
/// the kind.
pub fn check_metadata(obj: &Value) -> Result<(), TypeError> {
    let Some(meta) = obj.get("metadata").filter(|m| !m.is_null()) else { return Ok(()) };
    crate::schema::with(|schema| {
        // Every root's `metadata` is the one ObjectMeta.
        let Some(Ty::Struct(st)) = schema.root("Pod").and_then(|pod| schema.field_type(pod, "metadata")) else {
            return Ok(());
        };
        let mut d = Decoder { schema, kubectl: true, saved: None };
        let at = At { st: "metadataOnlyObject", go_path: "metadata", path: "metadata".into() };
        let result = d.value(meta, Ty::Struct(st), &at);
        d.finish(result)
    })
    .unwrap_or(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrong_types_get_go_json_messages() {
        let table = [
            (
                json!({"metadata": {"labels": {"ssd": true}}}),
                "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string",
                "metadata.labels.ssd",
            ),
            (
                json!({"spec": {"minReadySeconds": "soon"}}),
                "json: cannot unmarshal string into Go struct field DaemonSetSpec.spec.minReadySeconds of type int32",
                "spec.minReadySeconds",
            ),
            (
                json!({"spec": {"minReadySeconds": 1.5}}),
                "json: cannot unmarshal number 1.5 into Go struct field DaemonSetSpec.spec.minReadySeconds of type int32",
                "spec.minReadySeconds",
            ),
            (
                json!({"spec": {"template": {"spec": {"nodeSelector": {"ssd": true}}}}}),
                "json: cannot unmarshal bool into Go struct field PodSpec.spec.template.spec.nodeSelector of type string",
                "spec.template.spec.nodeSelector.ssd",
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "c", "ports": [{"hostPort": "80"}]}]}}}}),
                "json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.hostPort of type int32",
                "spec.template.spec.containers[0].ports[0].hostPort",
            ),
            (
                json!({"spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": 99999999999i64}}}}),
                "json: cannot unmarshal number 99999999999 into Go value of type int32",
                "spec.updateStrategy.rollingUpdate.maxUnavailable",
            ),
        ];
        for (obj, msg, path) in table {
            let e = check("DaemonSet", &obj).unwrap_err();
            assert_eq!(e.message, msg);
            assert_eq!(e.path, path);
        }
        assert!(check("DaemonSet", &json!({"spec": {"minReadySeconds": 5, "unknownField": true}})).is_ok());
        let e = check("ConfigMap", &json!({"data": {"a": 1}})).unwrap_err();
        assert_eq!(e.message, "json: cannot unmarshal number into Go struct field ConfigMap.data of type string");
        assert_eq!(e.path, "data.a");
        let env = json!({"spec": {"template": {"spec": {"containers": [{"name": "c", "env": [{"name": "A", "value": true}]}]}}}});
        let e = check("DaemonSet", &env).unwrap_err();
        assert_eq!(
            e.message,
            "json: cannot unmarshal bool into Go struct field EnvVar.spec.template.spec.containers.env.value of type string"
        );
        assert_eq!(e.path, "spec.template.spec.containers[0].env[0].value");
    }

    fn pod_spec(spec: serde_json::Value) -> Result<(), TypeError> {
        check("Pod", &json!({ "spec": spec }))
    }

    #[test]
    fn every_field_is_typed_with_its_go_name() {
        let c = |container: serde_json::Value| json!({"containers": [container]});
        for (spec, message, path) in [
            // Named string types print as themselves.
            (
                json!({"restartPolicy": 1}),
                "json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy",
                "spec.restartPolicy",
            ),
            (
                c(json!({"imagePullPolicy": true})),
                "json: cannot unmarshal bool into Go struct field Container.spec.containers.imagePullPolicy of type v1.PullPolicy",
                "spec.containers[0].imagePullPolicy",
            ),
            (
                c(json!({"securityContext": {"capabilities": {"add": ["NET_ADMIN", 7]}}})),
                "json: cannot unmarshal number into Go struct field Capabilities.spec.containers.securityContext.capabilities.add of type v1.Capability",
                "spec.containers[0].securityContext.capabilities.add[1]",
            ),
            (
                c(json!({"securityContext": {"capabilities": {"add": "NET_ADMIN"}}})),
                "json: cannot unmarshal string into Go struct field Capabilities.spec.containers.securityContext.capabilities.add of type []v1.Capability",
                "spec.containers[0].securityContext.capabilities.add",
            ),
            // Fields the simulation never reads.
            (
                json!({"securityContext": {"supplementalGroups": [1, "2"]}}),
                "json: cannot unmarshal string into Go struct field PodSecurityContext.spec.securityContext.supplementalGroups of type int64",
                "spec.securityContext.supplementalGroups[1]",
            ),
            (
                json!({"hostname": false}),
                "json: cannot unmarshal bool into Go struct field PodSpec.spec.hostname of type string",
                "spec.hostname",
            ),
            (
                c(json!({"livenessProbe": {"periodSeconds": 3000000000i64}})),
                "json: cannot unmarshal number 3000000000 into Go struct field Probe.spec.containers.livenessProbe.periodSeconds of type int32",
                "spec.containers[0].livenessProbe.periodSeconds",
            ),
            (
                json!({"volumes": [{"name": "v", "hostPath": {"path": "/x", "type": 1}}]}),
                "json: cannot unmarshal number into Go struct field HostPathVolumeSource.spec.volumes.hostPath.type of type v1.HostPathType",
                "spec.volumes[0].hostPath.type",
            ),
            (
                c(json!({"resources": {"limits": ["1"]}})),
                "json: cannot unmarshal array into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList",
                "spec.containers[0].resources.limits",
            ),
            // A quantity's own parser.
            (
                c(json!({"resources": {"requests": {"cpu": "abc"}}})),
                crate::quantity::QUANTITY_REGEX_ERROR,
                "spec.containers[0].resources.requests.cpu",
            ),
            (
                c(json!({"resources": {"requests": {"cpu": true}}})),
                crate::quantity::QUANTITY_REGEX_ERROR,
                "spec.containers[0].resources.requests.cpu",
            ),
            (json!({"overhead": {"cpu": "1kK"}}), "unable to parse quantity's suffix", "spec.overhead.cpu"),
            (
                json!({"volumes": [{"name": "v", "emptyDir": {"sizeLimit": "1\n"}}]}),
                crate::quantity::QUANTITY_REGEX_ERROR,
                "spec.volumes[0].emptyDir.sizeLimit",
            ),
            // IntOrString decodes its int itself: no field in the message.
            (
                c(json!({"readinessProbe": {"httpGet": {"port": 1.5}}})),
                "json: cannot unmarshal number 1.5 into Go value of type int32",
                "spec.containers[0].readinessProbe.httpGet.port",
            ),
        ] {
            let e = pod_spec(spec.clone()).unwrap_err();
            assert_eq!((e.message.as_str(), e.path.as_str()), (message, path), "{spec}");
        }
        // What Go accepts.
        for spec in [
            c(json!({"resources": {"limits": {"cpu": 1, "memory": " 64Mi ", "x": ".", "y": "1.G", "z": null}}})),
            c(json!({"livenessProbe": {"periodSeconds": 10.0, "httpGet": {"port": "http"}}})),
            json!({"securityContext": {"supplementalGroups": [1, null]}, "hostname": null, "restartPolicy": "Never"}),
        ] {
            assert_eq!(pod_spec(spec.clone()), Ok(()), "{spec}");
        }
    }

    #[test]
    fn a_later_unmarshaler_error_wins_over_an_earlier_mismatch() {
        // encoding/json notes a mismatch and decodes on; a quantity's error ends the decoding.
        let spec = json!({"containers": [{"name": 1, "resources": {"limits": {"cpu": "x"}}}]});
        assert_eq!(pod_spec(spec).unwrap_err().message, crate::quantity::QUANTITY_REGEX_ERROR);
        // Two mismatches: the first is reported.
        let spec = json!({"containers": [{"image": 1, "name": 2}]});
        assert!(pod_spec(spec).unwrap_err().message.contains("Container.spec.containers.image of type string"));
    }

    #[test]
    fn times_bytes_and_raw_values() {
        let meta = |m: serde_json::Value| json!({"metadata": m});
        // The apiserver prints an error from inside metav1.Time bare; kubectl's own decoding
        // of metadata names the field.
        let status = json!({"status": {"startTime": 5}});
        assert_eq!(
            check("Pod", &status).unwrap_err().message,
            "json: cannot unmarshal number into Go value of type string"
        );
        assert_eq!(
            check_metadata(&meta(json!({"creationTimestamp": 5}))).unwrap_err().message,
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string"
        );
        let e = check_metadata(&meta(json!({"creationTimestamp": "yesterday"}))).unwrap_err();
        assert_eq!(
            e.message,
            "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\""
        );
        assert_eq!(e.path, "metadata.creationTimestamp");
        assert_eq!(check_metadata(&meta(json!({"creationTimestamp": null, "uid": "u"}))), Ok(()));
        assert!(
            check_metadata(&meta(json!({"uid": 1}))).unwrap_err().message.ends_with("metadata.uid of type types.UID")
        );
        let e = check("Event", &json!({"eventTime": "2024-01-01T00:00:00Z"})).unwrap_err();
        assert!(e.message.ends_with("cannot parse \"Z\" as \".000000\""), "{}", e.message);
        // Secret data is base64.
        let secret = |v: serde_json::Value| check("Secret", &json!({"data": {"k": v}}));
        assert_eq!(secret(json!("aGVsbG8=")), Ok(()));
        assert_eq!(secret(json!([104, 105])), Ok(()));
        assert_eq!(secret(json!("hello!")).unwrap_err().message, "illegal base64 data at input byte 5");
        assert_eq!(
            secret(json!(5)).unwrap_err().message,
            "json: cannot unmarshal number into Go struct field Secret.data of type []uint8"
        );
        assert_eq!(
            secret(json!([256])).unwrap_err().message,
            "json: cannot unmarshal number 256 into Go struct field Secret.data of type uint8"
        );
        // A ControllerRevision's data and managedFields' fieldsV1 take any JSON.
        assert_eq!(check("ControllerRevision", &json!({"data": [1, "x", {"y": true}]})), Ok(()));
    }
}
