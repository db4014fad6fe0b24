//! `kubectl apply`'s three-way merge, reduced to what manifests use: the live object takes every
//! field the new manifest sets, loses the fields the previous manifest set and the new one
//! dropped, and keeps everything else (defaults, `kubectl label`, `rollout restart` stamps).
//! Lists with a strategic-merge key (containers by name, ports by containerPort, ...) are merged
//! item by item; other lists are replaced.

use crate::labels::Labels;
use crate::objects::{Meta, str_map};
use serde_json::{Map, Value};

/// The annotation `kubectl apply` keeps the last applied configuration in.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// The strategic-merge key of a list field, as in the Kubernetes API types' patchMergeKey tags.
fn merge_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" | "ephemeralContainers" | "volumes" | "env" | "imagePullSecrets" => "name",
        "volumeMounts" => "mountPath",
        "ports" => "containerPort",
        "hostAliases" => "ip",
        _ => return None,
    })
}

fn key_of<'a>(item: &'a Value, key: &str) -> Option<&'a Value> {
    item.get(key)
}

/// Merges `modified` into `live`, deleting what `original` had and `modified` no longer has.
pub fn three_way(live: &Value, original: Option<&Value>, modified: &Value) -> Value {
    match (live, modified) {
        (Value::Object(l), Value::Object(m)) => {
            let empty = Map::new();
            let o = original.and_then(Value::as_object).unwrap_or(&empty);
            let mut out = l.clone();
            for (k, mv) in m {
                let merged = match (l.get(k), mv) {
                    (Some(lv @ Value::Object(_)), Value::Object(_)) => three_way(lv, o.get(k), mv),
                    (Some(Value::Array(la)), Value::Array(ma)) => match merge_key(k) {
                        Some(key) => merge_list(la, o.get(k).and_then(Value::as_array), ma, key),
                        None => mv.clone(),
                    },
                    _ => mv.clone(),
                };
                out.insert(k.clone(), merged);
            }
            for k in o.keys() {
                if !m.contains_key(k) {
                    out.remove(k);
                }
            }
            Value::Object(out)
        }
        _ => modified.clone(),
    }
}

/// Labels and annotations after an apply: the three-way merge of each map, and the new
/// last-applied record. `previous` is the last-applied object, `applied` the manifest's metadata.
pub fn applied_metadata(live: &Meta, previous: Option<&Value>, applied: &Meta, last_applied: &str) -> (Labels, Labels) {
    let merge = |live: &Labels, field: &str, new: &Labels| {
        let l = serde_json::to_value(live).unwrap_or_default();
        let n = serde_json::to_value(new).unwrap_or_default();
        let original = previous.and_then(|p| p.get("metadata")).and_then(|m| m.get(field));
        str_map(Some(&three_way(&l, original, &n)))
    };
    let labels = merge(&live.labels, "labels", &applied.labels);
    let mut new_annotations = applied.annotations.clone();
    new_annotations.remove(LAST_APPLIED);
    let mut annotations = merge(&live.annotations, "annotations", &new_annotations);
    annotations.insert(LAST_APPLIED.into(), last_applied.to_string());
    (labels, annotations)
}

fn merge_list(live: &[Value], original: Option<&Vec<Value>>, modified: &[Value], key: &str) -> Value {
    let mut out: Vec<Value> = Vec::new();
    // Items the previous manifest had and the new one dropped are deleted.
    let dropped = |item: &Value| {
        let Some(k) = key_of(item, key) else { return false };
        original.is_some_and(|o| o.iter().any(|x| key_of(x, key) == Some(k)))
            && !modified.iter().any(|x| key_of(x, key) == Some(k))
    };
    for item in live {
        if dropped(item) {
            continue;
        }
        let k = key_of(item, key);
        match modified.iter().find(|m| k.is_some() && key_of(m, key) == k) {
            Some(m) => {
                let o = original.and_then(|o| o.iter().find(|x| key_of(x, key) == k));
                out.push(three_way(item, o, m));
            }
            None => out.push(item.clone()),
        }
    }
    for m in modified {
        let k = key_of(m, key);
        if k.is_none() || !live.iter().any(|x| key_of(x, key) == k) {
            out.push(m.clone());
        }
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn apply_keeps_fields_it_never_managed_and_drops_those_it_removed() {
        let live = json!({"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "t"}, "labels": {"app": "a"}},
            "spec": {"containers": [{"name": "c", "image": "x:2", "imagePullPolicy": "IfNotPresent"}]}}, "minReadySeconds": 5, "revisionHistoryLimit": 10});
        let original = json!({"template": {"metadata": {"labels": {"app": "a"}}, "spec": {"containers": [{"name": "c", "image": "x:1"}]}}, "minReadySeconds": 5});
        let modified = json!({"template": {"metadata": {"labels": {"app": "a"}}, "spec": {"containers": [{"name": "c", "image": "x:1"}, {"name": "d", "image": "y"}]}}});
        let merged = three_way(&live, Some(&original), &modified);
        assert_eq!(merged["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"], "t");
        assert_eq!(
            merged["template"]["spec"]["containers"][0],
            json!({"name": "c", "image": "x:1", "imagePullPolicy": "IfNotPresent"})
        );
        assert_eq!(merged["template"]["spec"]["containers"][1]["name"], "d");
        assert!(merged.get("minReadySeconds").is_none());
        assert_eq!(merged["revisionHistoryLimit"], 10);
    }

    #[test]
    fn list_items_removed_from_the_manifest_are_removed() {
        let live = json!({"containers": [{"name": "a"}, {"name": "b"}, {"name": "sidecar-added-by-hand"}]});
        let original = json!({"containers": [{"name": "a"}, {"name": "b"}]});
        let modified = json!({"containers": [{"name": "a"}]});
        assert_eq!(
            three_way(&live, Some(&original), &modified),
            json!({"containers": [{"name": "a"}, {"name": "sidecar-added-by-hand"}]})
        );
    }
}
