//! PriorityClasses (`scheduling.k8s.io/v1`) and the Priority admission plugin.
//!
//! Upstream: the classes' validation is pkg/apis/scheduling/validation/validation.go, the
//! built-in classes pkg/apis/scheduling/v1/helpers.go (created by the apiserver's
//! `scheduling/bootstrap-system-priority-classes` hook, and refused deletion by
//! pkg/registry/scheduling/priorityclass/storage), and the admission plugin
//! plugin/pkg/admission/priority/admission.go. Classes are stored as generic objects; this
//! module reads them.

use crate::errors::{ApiError, FieldError};
use crate::json;
use crate::objects::{GenericObject, Meta};
use crate::store::Store;
use crate::validate::go_quote;
use serde_json::{Map, Value};

pub const KIND: &str = "PriorityClass";
pub const API_VERSION: &str = "scheduling.k8s.io/v1";
const RESOURCE: &str = "priorityclasses.scheduling.k8s.io";
/// `HighestUserDefinablePriority`.
const HIGHEST_USER_DEFINABLE: i64 = 1_000_000_000;
const SYSTEM_PREFIX: &str = "system-";
pub const PREEMPT_LOWER: &str = "PreemptLowerPriority";

/// The classes every cluster has: (name, value, description, uid). The uids are fixed so that
/// creating them takes nothing from the simulation's name stream.
const SYSTEM_CLASSES: [(&str, i64, &str, &str); 2] = [
    (
        "system-cluster-critical",
        2_000_000_000,
        "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
        "5c1b2f0e-8d7a-4e3b-9f61-2a4d8c0e7b13",
    ),
    (
        "system-node-critical",
        2_000_001_000,
        "Used for system critical pods that must not be moved from their current node.",
        "a3e9d4c2-61f0-4b8e-8c57-0d2f6b91e4a8",
    ),
];

/// The built-in classes as stored objects, created with the cluster.
pub fn system_classes(created_ms: i64) -> impl Iterator<Item = GenericObject> {
    SYSTEM_CLASSES.into_iter().map(move |(name, value, description, uid)| GenericObject {
        api_version: API_VERSION.into(),
        kind: KIND.into(),
        meta: Meta { name: name.into(), uid: uid.into(), creation_ms: created_ms, ..Meta::default() },
        body: class_body(value, false, description, PREEMPT_LOWER),
    })
}

fn class_body(value: i64, global_default: bool, description: &str, policy: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("value".into(), json!(value));
    if global_default {
        m.insert("globalDefault".into(), json!(true));
    }
    if !description.is_empty() {
        m.insert("description".into(), json!(description));
    }
    m.insert("preemptionPolicy".into(), json!(policy));
    m
}

pub fn is_system_class(name: &str) -> bool {
    SYSTEM_CLASSES.iter().any(|c| c.0 == name)
}

/// What a pod takes from its class.
struct Class<'s> {
    name: &'s str,
    value: i64,
    policy: &'s str,
}

fn class_of(o: &GenericObject) -> Class<'_> {
    Class {
        name: &o.meta.name,
        value: o.body.get("value").and_then(Value::as_i64).unwrap_or(0),
        policy: o.body.get("preemptionPolicy").and_then(Value::as_str).unwrap_or(PREEMPT_LOWER),
    }
}

fn classes(store: &Store) -> impl Iterator<Item = &GenericObject> {
    // A walk, not a range: generic objects are few, and a range is more code in the bundle.
    store.generic().values().filter(|o| o.kind == KIND)
}

fn is_default(o: &GenericObject) -> bool {
    o.body.get("globalDefault").and_then(Value::as_bool) == Some(true)
}

/// `getDefaultPriorityClass`: of the classes marked globalDefault, the lowest value.
fn default_class(store: &Store) -> Option<&GenericObject> {
    classes(store).filter(|o| is_default(o)).min_by_key(|o| class_of(o).value)
}

/// The Priority plugin's admission of a new pod: sets `priority` and `preemptionPolicy` from
/// the pod's class (or the default class, whose name it writes too; priority 0 without one).
/// The error is the reason a pod is forbidden.
pub fn admit_pod(store: &Store, spec: &mut Value) -> Result<(), String> {
    let Some(m) = spec.as_object_mut() else { return Ok(()) };
    let named = m.get("priorityClassName").and_then(Value::as_str).filter(|n| !n.is_empty());
    let (name, priority, policy) = match named {
        Some(n) => {
            let o = classes(store)
                .find(|o| o.meta.name == n)
                .ok_or_else(|| format!("no PriorityClass with name {n} was found"))?;
            let c = class_of(o);
            (None, c.value, c.policy.to_string())
        }
        None => match default_class(store).map(class_of) {
            Some(c) => (Some(c.name.to_string()), c.value, c.policy.to_string()),
            None => (None, 0, PREEMPT_LOWER.to_string()),
        },
    };
    if let Some(given) = m.get("priority").and_then(Value::as_i64)
        && given != priority
    {
        return Err(format!(
            "the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name"
        ));
    }
    if let Some(given) = m.get("preemptionPolicy").and_then(Value::as_str)
        && given != policy
    {
        return Err(format!(
            "the string value of PreemptionPolicy ({given}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name"
        ));
    }
    if let Some(n) = name {
        m.insert("priorityClassName".into(), json!(n));
    }
    m.insert("priority".into(), json!(priority));
    m.insert("preemptionPolicy".into(), json!(policy));
    Ok(())
}

/// Defaults, validation and the admission plugin's check of a PriorityClass being written;
/// `old` is the class it replaces.
pub fn admit_class(
    store: &Store,
    meta: &Meta,
    body: &mut Map<String, Value>,
    old: Option<&GenericObject>,
) -> Result<(), ApiError> {
    body.entry("preemptionPolicy").or_insert(json!(PREEMPT_LOWER));
    let value = body.get("value").and_then(Value::as_i64).unwrap_or(0);
    let global_default = body.get("globalDefault").and_then(Value::as_bool) == Some(true);
    let policy = body.get("preemptionPolicy").and_then(Value::as_str).unwrap_or_default().to_string();
    let mut causes = Vec::new();
    match old {
        // The strategy's update validation checks only what may not change.
        Some(old) => {
            let was = class_of(old);
            if value != was.value {
                causes.push(FieldError::forbidden("value".into(), "may not be changed in an update."));
            }
            if policy != was.policy {
                causes.push(FieldError::invalid("preemptionPolicy".into(), go_quote(&policy), "field is immutable"));
            }
        }
        None => {
            for e in crate::labels::validate_dns1123_subdomain(&meta.name) {
                causes.push(FieldError::invalid("metadata.name".into(), go_quote(&meta.name), &e));
            }
            if meta.name.starts_with(SYSTEM_PREFIX) {
                let name = &meta.name;
                let err = match SYSTEM_CLASSES.iter().find(|c| c.0 == name) {
                    None => Some(format!("{name} is not a known system priority class")),
                    Some(c) if c.1 != value => Some(format!("value of {name} PriorityClass must be {}", c.1)),
                    Some(_) if global_default => Some(format!("globalDefault of {name} PriorityClass must be false")),
                    Some(_) => None,
                };
                if let Some(err) = err {
                    causes.push(FieldError::forbidden("metadata.name".into(),
                        &format!(
                            "priority class names with '{SYSTEM_PREFIX}' prefix are reserved for system use only. error: {err}"
                        ),
                    ));
                }
            } else if value > HIGHEST_USER_DEFINABLE {
                causes.push(FieldError::forbidden(
                    "value".into(),
                    &format!("maximum allowed value of a user defined priority is {HIGHEST_USER_DEFINABLE}"),
                ));
            }
            if policy != PREEMPT_LOWER && policy != "Never" {
                causes.push(FieldError::not_supported(
                    "preemptionPolicy".into(),
                    go_quote(&policy),
                    "supported values: \"Never\", \"PreemptLowerPriority\"",
                ));
            }
        }
    }
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: KIND.into(), name: meta.name.clone(), causes });
    }
    if global_default && let Some(d) = default_class(store).filter(|d| d.meta.name != meta.name) {
        return Err(forbidden(
            &meta.name,
            format!("PriorityClass {} is already marked as default. Only one default can exist", d.meta.name),
        ));
    }
    Ok(())
}

/// Why a class may not be deleted, if it may not.
pub fn refuse_delete(name: &str) -> Option<ApiError> {
    is_system_class(name).then(|| forbidden(name, "this is a system priority class and cannot be deleted".into()))
}

fn forbidden(name: &str, message: String) -> ApiError {
    ApiError::Forbidden { resource: RESOURCE.into(), name: name.into(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with(classes: &[(&str, i64, bool)]) -> Store {
        let mut store = Store::default();
        for o in system_classes(0) {
            store.put_builtin(o);
        }
        for (name, value, global_default) in classes {
            let o = GenericObject {
                api_version: API_VERSION.into(),
                kind: KIND.into(),
                meta: Meta { name: name.to_string(), ..Meta::default() },
                body: class_body(*value, *global_default, "", PREEMPT_LOWER),
            };
            store.put_builtin(o);
        }
        store
    }

    fn admitted(store: &Store, spec: Value) -> Result<Value, String> {
        let mut spec = spec;
        admit_pod(store, &mut spec).map(|()| spec)
    }

    #[test]
    fn pods_take_priority_from_their_class_or_the_default() {
        let none = store_with(&[("high", 1000, false)]);
        let low_default = store_with(&[("high", 1000, false), ("low", 10, true), ("lower", 5, true)]);
        let cases: [(&Store, Value, Result<Value, String>); 6] = [
            (&none, json!({}), Ok(json!({"priority": 0, "preemptionPolicy": "PreemptLowerPriority"}))),
            (
                &none,
                json!({"priorityClassName": "high"}),
                Ok(json!({"priorityClassName": "high", "priority": 1000, "preemptionPolicy": "PreemptLowerPriority"})),
            ),
            (
                &none,
                json!({"priorityClassName": "system-node-critical"}),
                Ok(json!({"priorityClassName": "system-node-critical", "priority": 2000001000, "preemptionPolicy": "PreemptLowerPriority"})),
            ),
            // Of two defaults, the lower value; its name is written into the pod.
            (
                &low_default,
                json!({}),
                Ok(json!({"priorityClassName": "lower", "priority": 5, "preemptionPolicy": "PreemptLowerPriority"})),
            ),
            (&none, json!({"priorityClassName": "nope"}), Err("no PriorityClass with name nope was found".into())),
            (
                &none,
                json!({"priorityClassName": "high", "priority": 7}),
                Err("the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name".into()),
            ),
        ];
        for (store, spec, want) in cases {
            assert_eq!(admitted(store, spec.clone()), want, "{spec}");
        }
    }

    #[test]
    fn classes_are_validated_as_the_apiserver_does() {
        let store = store_with(&[("first", 100, true)]);
        let meta = |n: &str| Meta { name: n.into(), ..Meta::default() };
        let check = |name: &str, body: Value, old: Option<&GenericObject>| {
            let mut body = body.as_object().cloned().unwrap_or_default();
            admit_class(&store, &meta(name), &mut body, old).err().map(|e| match e {
                // The console words field errors; Forbidden's Debug is its wording.
                ApiError::Invalid { causes, .. } => {
                    causes.iter().map(|c| format!("{}: {:?}: {}", c.field, c.kind, c.detail)).collect()
                }
                ApiError::Forbidden { message, .. } => message,
                other => format!("{other:?}"),
            })
        };
        assert_eq!(check("ok", json!({"value": 1000000000}), None), None);
        assert_eq!(
            check("big", json!({"value": 1000000001}), None).as_deref(),
            Some("value: Forbidden: maximum allowed value of a user defined priority is 1000000000")
        );
        assert_eq!(
            check("system-foo", json!({"value": 1}), None).as_deref(),
            Some(
                "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class"
            )
        );
        assert_eq!(
            check("second", json!({"value": 1, "globalDefault": true}), None).as_deref(),
            Some("PriorityClass first is already marked as default. Only one default can exist")
        );
        assert_eq!(
            check(
                "first",
                json!({"value": 100, "globalDefault": true}),
                store.generic().values().find(|o| o.meta.name == "first")
            ),
            None
        );
        assert_eq!(
            check("first", json!({"value": 5}), store.generic().values().find(|o| o.meta.name == "first")).as_deref(),
            Some("value: Forbidden: may not be changed in an update.")
        );
        assert!(refuse_delete("system-node-critical").is_some() && refuse_delete("first").is_none());
    }
}
