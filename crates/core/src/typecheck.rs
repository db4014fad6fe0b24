//! Type checks of the fields the simulation reads, as the apiserver's JSON decoding reports
//! them (`json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type
//! string`). The Go types come from the field schema (`schema.rs`, `schema/fields.txt`); unknown
//! fields are strict decoding's business (`schema::drop_unknown_fields`). kubectl's YAML 1.1
//! reads `true` and `yes` as bools, so `ssd: yes` in a nodeSelector is caught here as
//! Kubernetes rejects it.

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

fn json_kind(v: &Value) -> String {
    match v {
        // The number as kubectl sent it, in Go's JSON spelling (`1e+21`).
        Value::Number(n) => format!("number {}", crate::strconv::go_json_number(n)),
        other => json_kind_word(other).to_string(),
    }
}

fn go_type(schema: &Schema, t: Ty) -> String {
    match t {
        Ty::Str => "string".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "int32".into(),
        Ty::I64 => "int64".into(),
        Ty::IntOrString => "intstr.IntOrString".into(),
        Ty::StrMap => "map[string]string".into(),
        Ty::StrList => "[]string".into(),
        Ty::Struct(st) => format!("v1.{}", schema.struct_name(st)),
        Ty::ListOf(st) => format!("[]v1.{}", schema.struct_name(st)),
    }
}

struct Ctx<'a> {
    schema: &'a Schema,
    /// Go field path without indices (`spec.template.spec.containers.image`).
    go_path: String,
    /// JSON path with indices, for the source location.
    path: String,
    st: &'a str,
}

fn mismatch(ctx: &Ctx, v: &Value, t: Ty) -> TypeError {
    // Go reports only the kind of a mismatched value, but the number for numbers that do not fit.
    let kind = match (v, t) {
        (Value::Number(_), Ty::I32 | Ty::I64) => json_kind(v),
        (Value::Number(_), _) => "number".into(),
        _ => json_kind(v),
    };
    TypeError {
        path: ctx.path.clone(),
        message: format!(
            "json: cannot unmarshal {kind} into Go struct field {}.{} of type {}",
            ctx.st,
            ctx.go_path,
            go_type(ctx.schema, t)
        ),
    }
}

fn int_fits(v: &Value, t: Ty) -> bool {
    match v.as_i64() {
        Some(i) => t != Ty::I32 || i32::try_from(i).is_ok(),
        None => false,
    }
}

fn check_value(v: &Value, t: Ty, ctx: &Ctx) -> Result<(), TypeError> {
    if v.is_null() {
        return Ok(());
    }
    match t {
        Ty::Str if !v.is_string() => Err(mismatch(ctx, v, t)),
        Ty::Bool if !v.is_boolean() => Err(mismatch(ctx, v, t)),
        Ty::I32 | Ty::I64 if !int_fits(v, t) => Err(mismatch(ctx, v, t)),
        Ty::IntOrString => match v {
            Value::String(_) => Ok(()),
            Value::Number(_) if int_fits(v, Ty::I32) => Ok(()),
            // IntOrString.UnmarshalJSON decodes into an int32 itself: no struct field in the message.
            other => Err(TypeError {
                path: ctx.path.clone(),
                message: format!("json: cannot unmarshal {} into Go value of type int32", json_kind(other)),
            }),
        },
        Ty::StrMap => match v.as_object() {
            None => Err(mismatch(ctx, v, t)),
            Some(m) => {
                for (k, x) in m {
                    if !x.is_string() && !x.is_null() {
                        let c = Ctx {
                            schema: ctx.schema,
                            go_path: ctx.go_path.clone(),
                            path: format!("{}.{k}", ctx.path),
                            st: ctx.st,
                        };
                        return Err(mismatch(&c, x, Ty::Str));
                    }
                }
                Ok(())
            }
        },
        Ty::StrList => match v.as_array() {
            None => Err(mismatch(ctx, v, t)),
            Some(items) => {
                for (i, x) in items.iter().enumerate() {
                    if !x.is_string() && !x.is_null() {
                        let c = Ctx {
                            schema: ctx.schema,
                            go_path: ctx.go_path.clone(),
                            path: format!("{}[{i}]", ctx.path),
                            st: ctx.st,
                        };
                        return Err(mismatch(&c, x, Ty::Str));
                    }
                }
                Ok(())
            }
        },
        Ty::Struct(st) => match v.as_object() {
            None => Err(mismatch(ctx, v, t)),
            Some(_) => check_struct(ctx.schema, v, st, &ctx.go_path, &ctx.path),
        },
        Ty::ListOf(st) => match v.as_array() {
            None => Err(mismatch(ctx, v, t)),
            Some(items) => {
                for (i, x) in items.iter().enumerate() {
                    if x.is_null() {
                        continue;
                    }
                    if !x.is_object() {
                        let c = Ctx {
                            schema: ctx.schema,
                            go_path: ctx.go_path.clone(),
                            path: format!("{}[{i}]", ctx.path),
                            st: ctx.st,
                        };
                        return Err(mismatch(&c, x, Ty::Struct(st)));
                    }
                    check_struct(ctx.schema, x, st, &ctx.go_path, &format!("{}[{i}]", ctx.path))?;
                }
                Ok(())
            }
        },
        _ => Ok(()),
    }
}

fn check_struct(schema: &Schema, v: &Value, st: usize, go_path: &str, path: &str) -> Result<(), TypeError> {
    let Some(map) = v.as_object() else { return Ok(()) };
    for (k, x) in map {
        let Some(t) = schema.field_type(st, k) else { continue };
        let join = |base: &str| if base.is_empty() { k.clone() } else { format!("{base}.{k}") };
        let ctx = Ctx { schema, go_path: join(go_path), path: join(path), st: schema.struct_name(st) };
        check_value(x, t, &ctx)?;
    }
    Ok(())
}

/// Checks an object of a kind the field schema describes, for the fields it types (see
/// `schema/generate.py`); without a schema (a page whose `fields.js` did not load), nothing.
pub fn check(kind: &str, obj: &Value) -> Result<(), TypeError> {
    crate::schema::with(|schema| match schema.root(kind) {
        Some(root) => check_struct(schema, obj, root, "", ""),
        None => Ok(()),
    })
    .unwrap_or(Ok(()))
}

/// The object's `metadata` as cli-runtime's decoder reads it before kubectl sends anything
/// (`metadataOnlyObject`: TypeMeta and ObjectMeta as Go types), whatever the kind.
pub fn check_metadata(obj: &Value) -> Result<(), TypeError> {
    let Some(meta) = obj.get("metadata").filter(|m| !m.is_null()) else { return Ok(()) };
    crate::schema::with(|schema| {
        // Every root's `metadata` is the one ObjectMeta.
        let Some(Ty::Struct(st)) = schema.root("Pod").and_then(|pod| schema.field_type(pod, "metadata")) else {
            return Ok(());
        };
        if !meta.is_object() {
            let ctx = Ctx { schema, go_path: "metadata".into(), path: "metadata".into(), st: "metadataOnlyObject" };
            return Err(mismatch(&ctx, meta, Ty::Struct(st)));
        }
        // ObjectMeta's fields the simulation does not read, which the field schema leaves
        // untyped; the decoder types them all (metav1.Time is a string in JSON).
        const UNREAD: &[(&str, Ty)] = &[
            ("creationTimestamp", Ty::Str),
            ("deletionGracePeriodSeconds", Ty::I64),
            ("deletionTimestamp", Ty::Str),
            ("finalizers", Ty::StrList),
            ("generation", Ty::I64),
            ("resourceVersion", Ty::Str),
            ("selfLink", Ty::Str),
            ("uid", Ty::Str),
        ];
        let Some(fields) = meta.as_object() else { return Ok(()) };
        for (k, v) in fields {
            let path = format!("metadata.{k}");
            let ctx = Ctx { schema, go_path: path.clone(), path, st: schema.struct_name(st) };
            match schema.field_type(st, k).or_else(|| UNREAD.iter().find(|(f, _)| f == k).map(|(_, t)| *t)) {
                Some(t) => check_value(v, t, &ctx)?,
                None => continue,
            }
        }
        Ok(())
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
}
