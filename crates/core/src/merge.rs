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
        "volumeDevices" => "devicePath",
        "ownerReferences" => "uid",
        "ports" => "containerPort",
        "hostAliases" => "ip",
        _ => return None,
    })
}

/// kubectl's record of what was applied (`GetModifiedConfiguration`): the manifest with
/// `metadata.annotations` present but without the record itself, and the namespace filled in
/// for a namespaced kind; and its JSON text, which becomes the annotation.
pub fn last_applied_record(mut manifest: Value, namespace: Option<&str>) -> (Value, String) {
    if let Some(m) = manifest.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = m.entry("annotations").or_insert(Value::Object(Map::new()));
        if let Some(a) = ann.as_object_mut() {
            a.remove(LAST_APPLIED);
        }
        if let Some(ns) = namespace {
            m.insert("namespace".into(), Value::String(ns.to_string()));
        }
    }
    let text = format!("{}\n", serde_json::to_string(&manifest).unwrap_or_default());
    (manifest, text)
}

/// The manifest as kubectl sends it in an update: its record, with the record's text as the
/// `last-applied-configuration` annotation (`modified` of the three-way patch).
pub fn modified_configuration(manifest: &Value, namespace: Option<&str>) -> Value {
    let (mut modified, text) = last_applied_record(manifest.clone(), namespace);
    if let Some(a) = modified.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) {
        a.insert(LAST_APPLIED.into(), Value::String(text));
    }
    modified
}

/// The patch kubectl apply sends for an object that exists: `CreateThreeWayMergePatch`
/// (k8s.io/apimachinery's strategicpatch) of the previous last-applied record (`original`),
/// the new manifest with its new record (`modified`) and the live object (`current`): what
/// changed from live to new, without deletions, plus what the new manifest dropped from the
/// old one, with `$setElementOrder` and `$patch: delete` directives for lists merged by key
/// and `$retainKeys` for volumes. kubectl prints it when the apiserver refuses the patch.
/// Lists of scalars merged by value (`finalizers`) are replaced here, where upstream sends
/// `$deleteFromPrimitiveList` directives.
pub fn three_way_patch(original: Option<&Value>, modified: &Value, current: &Value) -> Value {
    let empty = Map::new();
    let as_map = |v: Option<&Value>| v.and_then(Value::as_object).cloned().unwrap_or_else(|| empty.clone());
    let (original, modified, current) = (as_map(original), as_map(Some(modified)), as_map(Some(current)));
    let delta = diff_maps(&current, &modified, Diff { deletions: false, changes: true, retain: false });
    let deletions = diff_maps(&original, &modified, Diff { deletions: true, changes: false, retain: false });
    Value::Object(merge_patches(deletions, delta))
}

/// What a diff reports: deletions (as nulls and `$patch: delete`), changes and additions, and
/// whether to name the kept keys (`$retainKeys`, for volumes).
#[derive(Clone, Copy)]
struct Diff {
    deletions: bool,
    changes: bool,
    retain: bool,
}

/// A merge key's value as `mergeKeyValueToString` spells it (`fmt.Sprint` of a float64).
fn key_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => crate::strconv::go_format_float(n.as_f64().unwrap_or_default(), 'g'),
        Some(Value::Bool(b)) => b.to_string(),
        // Go refuses other merge key values; they match nothing here.
        _ => String::new(),
    }
}

fn diff_maps(original: &Map<String, Value>, modified: &Map<String, Value>, diff: Diff) -> Map<String, Value> {
    let mut patch = Map::new();
    for (key, m) in modified {
        let Some(o) = original.get(key) else {
            if diff.changes {
                patch.insert(key.clone(), m.clone());
            }
            continue;
        };
        // Go's "types have changed": a map for a list, a string for a number, ...
        if std::mem::discriminant(o) != std::mem::discriminant(m) {
            if diff.changes {
                patch.insert(key.clone(), m.clone());
            }
            continue;
        }
        match (o, m) {
            (Value::Object(o), Value::Object(m)) => {
                let sub = diff_maps(o, m, Diff { retain: false, ..diff });
                if !sub.is_empty() {
                    patch.insert(key.clone(), Value::Object(sub));
                }
            }
            (Value::Array(o), Value::Array(m)) => match merge_key(key) {
                Some(mk) if o.iter().chain(m).all(Value::is_object) && !(o.is_empty() && m.is_empty()) => {
                    let retain = key == "volumes";
                    let (list, order) = diff_lists_of_maps(o, m, mk, Diff { retain, ..diff });
                    if !list.is_empty() {
                        patch.insert(key.clone(), Value::Array(list));
                    }
                    if let Some(order) = order {
                        patch.insert(format!("$setElementOrder/{key}"), Value::Array(order));
                    }
                }
                _ => {
                    if diff.changes && o != m {
                        patch.insert(key.clone(), Value::Array(m.clone()));
                    }
                }
            },
            _ => {
                // reflect.DeepEqual: the manifest reader and the store keep integral numbers
                // as integers on both sides, so Value's equality is Go's.
                if diff.changes && o != m {
                    patch.insert(key.clone(), m.clone());
                }
            }
        }
    }
    if diff.deletions {
        for key in original.keys() {
            if !modified.contains_key(key) {
                patch.insert(key.clone(), Value::Null);
            }
        }
    }
    // diffMaps: the kept keys are modified's non-null ones, sent when the patch says anything
    // or the original holds a non-null key modified drops (hasAdditionalNewField).
    if diff.retain {
        let mut keys: Vec<Value> =
            modified.iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| Value::String(k.clone())).collect();
        let dropped = || original.iter().any(|(k, v)| !v.is_null() && !modified.contains_key(k));
        if !keys.is_empty() && (!patch.is_empty() || dropped()) {
            crate::order::sort_by(&mut keys, |a, b| a.as_str().cmp(&b.as_str()));
            patch.insert("$retainKeys".into(), Value::Array(keys));
        }
    }
    patch
}

/// `diffListsOfMaps`, `normalizeSliceOrder` and the `$setElementOrder` list of `diffLists`.
fn diff_lists_of_maps(
    original: &[Value],
    modified: &[Value],
    mk: &str,
    diff: Diff,
) -> (Vec<Value>, Option<Vec<Value>>) {
    let sorted = |list: &[Value]| {
        let mut v: Vec<Value> = list.to_vec();
        crate::order::sort_by(&mut v, |a, b| key_text(a.get(mk)).cmp(&key_text(b.get(mk))));
        v
    };
    let (o, m) = (sorted(original), sorted(modified));
    let (mut patch, mut deletes) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < o.len() || j < m.len() {
        let (ok, mkey) = (o.get(i).map(|x| key_text(x.get(mk))), m.get(j).map(|x| key_text(x.get(mk))));
        match (ok, mkey) {
            (Some(a), Some(b)) if a == b => {
                let empty = Map::new();
                let om = o[i].as_object().unwrap_or(&empty);
                let mm = m[j].as_object().unwrap_or(&empty);
                let mut sub = diff_maps(om, mm, diff);
                if !sub.is_empty() {
                    sub.insert(mk.into(), m[j].get(mk).cloned().unwrap_or(Value::Null));
                    patch.push(Value::Object(sub));
                }
                i += 1;
                j += 1;
            }
            (None, Some(_)) => {
                if diff.changes {
                    patch.push(m[j].clone());
                }
                j += 1;
            }
            (Some(a), Some(b)) if a > b => {
                if diff.changes {
                    patch.push(m[j].clone());
                }
                j += 1;
            }
            _ => {
                if diff.deletions {
                    let mut d = Map::new();
                    d.insert("$patch".into(), Value::String("delete".into()));
                    d.insert(mk.into(), o[i].get(mk).cloned().unwrap_or(Value::Null));
                    deletes.push(Value::Object(d));
                }
                i += 1;
            }
        }
    }
    // In the order of the new manifest, then the deletions.
    let position = |v: &Value| modified.iter().position(|x| key_text(x.get(mk)) == key_text(v.get(mk)));
    crate::order::sort_by(&mut patch, |a, b| position(a).cmp(&position(b)));
    let order_same = original.len() == modified.len()
        && original.iter().zip(modified).all(|(a, b)| key_text(a.get(mk)) == key_text(b.get(mk)));
    patch.extend(deletes);
    let order =
        ((diff.changes && (!patch.is_empty() || !order_same)) || (diff.deletions && !patch.is_empty())).then(|| {
            modified
                .iter()
                .map(|x| {
                    let mut e = Map::new();
                    e.insert(mk.into(), x.get(mk).cloned().unwrap_or(Value::Null));
                    Value::Object(e)
                })
                .collect()
        });
    (patch, order)
}

/// `mergeMap` of the deletions with the changes: maps merge, lists merged by key merge item by
/// item (the `$patch: delete` items last), anything else is the changes' value.
fn merge_patches(mut base: Map<String, Value>, patch: Map<String, Value>) -> Map<String, Value> {
    for (key, p) in patch {
        let merged = match (base.remove(&key), p) {
            (Some(Value::Object(b)), Value::Object(p)) => Value::Object(merge_patches(b, p)),
            (Some(Value::Array(b)), Value::Array(p)) if merge_key(&key).is_some() => {
                let mk = merge_key(&key).unwrap_or_default();
                let mut items = b;
                for item in p {
                    let found = items.iter().position(|x| x.get("$patch").is_none() && x.get(mk) == item.get(mk));
                    match (found, item) {
                        (Some(i), Value::Object(p)) => {
                            if let Value::Object(b) = std::mem::take(&mut items[i]) {
                                items[i] = Value::Object(merge_patches(b, p));
                            }
                        }
                        (_, item) => items.push(item),
                    }
                }
                crate::order::sort_by(&mut items, |a, b| a.get("$patch").is_some().cmp(&b.get("$patch").is_some()));
                Value::Array(items)
            }
            (_, p) => p,
        };
        base.insert(key, merged);
    }
    base
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
    fn retain_keys_name_a_volume_whose_live_object_holds_a_key_the_manifest_drops() {
        // hasAdditionalNewField(original, modified): the live volume's extra source makes the
        // patch name the kept keys even though nothing else changed.
        let volume = json!({"name": "v", "hostPath": {"path": "/x"}});
        let manifest = json!({"spec": {"volumes": [volume]}});
        let live = json!({"spec": {"volumes": [{"name": "v", "hostPath": {"path": "/x"}, "emptyDir": {}}]}});
        let patch = three_way_patch(Some(&manifest), &manifest, &live);
        assert_eq!(patch["spec"]["volumes"][0], json!({"$retainKeys": ["hostPath", "name"], "name": "v"}));
        // A volume that only gains a key: the addition says it all, and names the kept keys.
        let grown =
            json!({"spec": {"volumes": [{"name": "v", "hostPath": {"path": "/x"}, "secret": {"secretName": "s"}}]}});
        let patch = three_way_patch(Some(&manifest), &grown, &manifest);
        assert_eq!(
            patch["spec"]["volumes"][0],
            json!({"$retainKeys": ["hostPath", "name", "secret"], "name": "v", "secret": {"secretName": "s"}})
        );
        // Nothing changed and nothing extra: no patch at all.
        assert_eq!(three_way_patch(Some(&manifest), &manifest, &manifest), json!({}));
    }

    #[test]
    fn the_three_way_patch_is_the_one_kubectl_sends() {
        // Rows from kubectl 1.33's PATCH bodies (a fake apiserver recorded them): a field
        // renamed in a container, a container replaced, a list and a map added, a strategy
        // changed over a defaulted live value.
        let live_c = json!({"name": "c", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent"});
        let current = json!({"spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0}},
            "template": {"spec": {"containers": [live_c], "dnsPolicy": "ClusterFirst"}}}});
        let original = json!({"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]}}}});
        let rows = [
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "c", "imagee": "x"}]}}}}),
                json!({"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "c"}],
                    "containers": [{"image": null, "imagee": "x", "name": "c"}]}}}}),
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "d", "imagee": "busybox"}]}}}}),
                json!({"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "d"}],
                    "containers": [{"imagee": "busybox", "name": "d"}, {"$patch": "delete", "name": "c"}]}}}}),
            ),
            (
                json!({"spec": {"updateStrategy": {"type": "OnDelete"}, "template": {"spec": {
                    "containers": [{"name": "c", "image": "nginx:1.27"}], "volumes": [{"name": "v", "emptyDir": {}}]}}}}),
                json!({"spec": {"updateStrategy": {"type": "OnDelete"}, "template": {"spec": {"volumes": [{"emptyDir": {}, "name": "v"}]}}}}),
            ),
        ];
        for (modified, want) in rows {
            assert_eq!(three_way_patch(Some(&original), &modified, &current), want, "{modified}");
        }
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
