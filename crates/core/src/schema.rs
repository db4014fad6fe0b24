//! Strict decoding: the apiserver's check, under kubectl's default `--validate=strict`, that
//! every field of a manifest is one its kind declares (`strict decoding error: unknown field
//! "spec.template.spec.containers[0].imagee"`).
//!
//! Which fields exist comes from `schema/fields.txt`, generated from Kubernetes 1.33's OpenAPI
//! (`schema/generate.py`). It is about 6 KB of gzip, more than the browser bundle has room
//! for, so the native build compiles it in, and the page loads `schema/fields.js` (the same
//! text as a global) before the app starts, which [`install`]s it. Until a schema is installed,
//! nothing is reported: decoding is lax.

use serde_json::Value;
use std::cell::RefCell;

/// What kubectl asks of the apiserver for fields it does not know (`--validate`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FieldValidation {
    /// `strict` (or `true`, the default): an unknown field fails the request.
    #[default]
    Strict,
    /// `warn`: the request succeeds, and each unknown field is a warning.
    Warn,
    /// `ignore` (or `false`): unknown fields are dropped silently.
    Ignore,
}

impl FieldValidation {
    /// kubectl's `GetValidationDirective`: a Go bool (`strconv.ParseBool`) or a mode's name;
    /// `None` for anything else (the console words kubectl's refusal).
    pub fn parse(text: &str) -> Option<FieldValidation> {
        match (text, crate::strconv::go_parse_bool(text)) {
            ("strict", _) | (_, Some(true)) => Some(FieldValidation::Strict),
            ("ignore", _) | (_, Some(false)) => Some(FieldValidation::Ignore),
            ("warn", _) => Some(FieldValidation::Warn),
            _ => None,
        }
    }
}

/// A field's type in the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty<'s> {
    /// A Go type as decoding errors print it (`v1.RestartPolicy`, `[]int64`,
    /// `map[string][]uint8`), or one of `fields.txt`'s abbreviations for the commonest (`s`
    /// for string; `typecheck.rs` reads both).
    Go(&'s str),
    /// A struct, by its index in the schema.
    Struct(usize),
    /// A list of structs.
    ListOf(usize),
}

/// The struct each kind decodes into, and each struct's line of `fields.txt`, read as needed
/// (a line is a few hundred bytes; building structures from it costs the page more code).
#[derive(Default)]
pub struct Schema {
    kinds: Vec<(String, usize)>,
    /// The named types that are no struct, with the type each names (`v1.RestartPolicy s`).
    named: Vec<String>,
    structs: Vec<String>,
}

thread_local! {
    static INSTALLED: RefCell<Option<Schema>> = const { RefCell::new(None) };
}

/// The schema compiled into native builds (and into tests).
#[cfg(any(test, not(target_arch = "wasm32")))]
pub const FIELDS: &str = include_str!("../schema/fields.txt");

/// Makes `text` (the format of `schema/fields.txt`) the schema strict decoding uses.
pub fn install(text: &str) {
    INSTALLED.with(|s| *s.borrow_mut() = Some(Schema::parse(text)));
}

/// Runs `f` on the installed schema, if any.
pub fn with<R>(f: impl FnOnce(&Schema) -> R) -> Option<R> {
    ensure_native();
    INSTALLED.with(|s| s.borrow().as_ref().map(f))
}

fn ensure_native() {
    #[cfg(any(test, not(target_arch = "wasm32")))]
    if INSTALLED.with(|s| s.borrow().is_none()) {
        install(FIELDS);
    }
}

/// Removes the fields an object of `kind` does not declare, as decoding into Go structs drops
/// them, and names each as the apiserver's decoder meets it (keys in sorted order, depth
/// first): `spec.template.spec.containers[0].imagee`. Nothing for a kind the schema does not
/// describe, or when no schema is installed.
pub fn drop_unknown_fields(kind: &str, value: &mut Value) -> Vec<String> {
    ensure_native();
    with(|schema| {
        let mut out = Vec::new();
        if let Some(root) = schema.root(kind) {
            schema.walk(root, value, &mut String::new(), &mut out);
        }
        out
    })
    .unwrap_or_default()
}

impl Schema {
    /// Reads `schema/fields.txt`'s format (see `generate.py`); what it cannot read is skipped.
    pub fn parse(text: &str) -> Schema {
        let mut schema = Schema::default();
        for line in text.lines() {
            match line.strip_prefix('=').and_then(|l| l.split_once(' ')) {
                Some((kind, st)) => schema.kinds.extend(st.parse().ok().map(|st| (kind.to_string(), st))),
                None if line.starts_with('~') => schema.named.push(line[1..].to_string()),
                None => schema.structs.push(line.to_string()),
            }
        }
        schema
    }

    /// The struct `kind` decodes into.
    pub fn root(&self, kind: &str) -> Option<usize> {
        self.kinds.iter().find(|(k, _)| k == kind).map(|(_, st)| *st).filter(|st| *st < self.structs.len())
    }

    /// The Go name of struct `st` (`DaemonSetSpec`).
    pub fn struct_name(&self, st: usize) -> &str {
        self.structs.get(st).and_then(|l| l.split(' ').next()).unwrap_or_default()
    }

    /// `key` in struct `st`: its type code (empty when untyped) and the struct its value holds.
    /// (A damaged schema's index out of range holds nothing.)
    fn field(&self, st: usize, key: &str) -> Option<(&str, Option<usize>)> {
        // The name is compared first; only the field asked for has its type and index read.
        let w = self.structs.get(st)?.split(' ').skip(1).find(|w| w.split([':', '>']).next() == Some(key))?;
        let (w, child) = w.split_once('>').map_or((w, None), |(w, c)| (w, c.parse().ok()));
        let ty = w.split_once(':').map_or("", |(_, ty)| ty);
        Some((ty, child.filter(|c| *c < self.structs.len())))
    }

    /// The type of `key` in struct `st`, when the schema types it.
    pub fn field_type(&self, st: usize, key: &str) -> Option<Ty<'_>> {
        let (ty, child) = self.field(st, key)?;
        Some(match (ty, child) {
            ("o", Some(c)) => Ty::Struct(c),
            ("O", Some(c)) => Ty::ListOf(c),
            ("" | "o" | "O", _) => return None,
            (go, _) => Ty::Go(go),
        })
    }

    /// What the named type `name` (`v1.RestartPolicy`) names (`s`), when it is no struct.
    pub fn named(&self, name: &str) -> Option<&str> {
        self.named.iter().find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
    }

    fn walk(&self, st: usize, value: &mut Value, path: &mut String, out: &mut Vec<String>) {
        // (A damaged schema's index out of range checks nothing.)
        let Some(map) = value.as_object_mut() else { return };
        let mut unknown = Vec::new();
        for (key, v) in map.iter_mut() {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            match self.field(st, key).map(|(_, child)| child) {
                None => {
                    out.push(path.clone());
                    unknown.push(key.clone());
                }
                Some(Some(child)) => match v {
                    Value::Array(items) => {
                        for (i, item) in items.iter_mut().enumerate() {
                            let len = path.len();
                            path.push_str(&format!("[{i}]"));
                            self.walk(child, item, path, out);
                            path.truncate(len);
                        }
                    }
                    _ => self.walk(child, v, path, out),
                },
                Some(None) => {}
            }
            path.truncate(len);
        }
        for key in unknown {
            map.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_fields_are_named_by_their_path_in_sorted_order() {
        let mut ds = json!({
            "apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "a", "labelz": {}},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"a": "b"}}, "template": {"spec": {
                "containers": [{"name": "c", "image": "x"}, {"name": "d", "imagee": "x",
                    "livenessProbe": {"httpGet": {"port": 80, "paht": "/"}}}],
                "tolerations": [{"operator": "Exists", "efect": "NoSchedule"}]
            }}},
        });
        assert_eq!(
            drop_unknown_fields("DaemonSet", &mut ds),
            [
                "metadata.labelz",
                "spec.replicas",
                "spec.template.spec.containers[1].imagee",
                "spec.template.spec.containers[1].livenessProbe.httpGet.paht",
                "spec.template.spec.tolerations[0].efect",
            ]
        );
        // Opaque values (labels, quantities, IntOrString, RawExtension) are not looked into.
        let mut pod = json!({"metadata": {"labels": {"any": "x"}}, "spec": {"containers": [{"resources":
            {"limits": {"cpu": "1"}}, "ports": [{"containerPort": 80}]}], "overhead": {"x": "1"}}});
        assert!(drop_unknown_fields("Pod", &mut pod).is_empty());
        // What was named is gone.
        assert!(drop_unknown_fields("DaemonSet", &mut ds).is_empty());
        let second = &ds["spec"]["template"]["spec"]["containers"][1];
        assert_eq!(*second, json!({"name": "d", "livenessProbe": {"httpGet": {"port": 80}}}));
        // A kind the schema does not describe (a CRD) is not checked.
        assert!(drop_unknown_fields("Widget", &mut json!({"anything": 1})).is_empty());
        // Names are case-sensitive, as the apiserver's decoder is.
        assert_eq!(drop_unknown_fields("Node", &mut json!({"Spec": {}})), ["Spec"]);
    }

    #[test]
    fn validate_values_are_read_as_kubectl_reads_them() {
        for (text, want) in [
            ("strict", FieldValidation::Strict),
            ("true", FieldValidation::Strict),
            ("T", FieldValidation::Strict),
            ("1", FieldValidation::Strict),
            ("warn", FieldValidation::Warn),
            ("ignore", FieldValidation::Ignore),
            ("false", FieldValidation::Ignore),
            ("0", FieldValidation::Ignore),
        ] {
            assert_eq!(FieldValidation::parse(text), Some(want), "{text}");
        }
        for text in ["Warn", "yes", ""] {
            assert_eq!(FieldValidation::parse(text), None, "{text}");
        }
    }

    #[test]
    fn the_pages_copy_of_the_schema_is_the_same_text() {
        let js = include_str!("../schema/fields.js");
        let quoted = js.strip_prefix("window.dsplayFields = \"").and_then(|r| r.strip_suffix("\";\n")).unwrap();
        assert_eq!(quoted.replace("\\n", "\n"), FIELDS, "run crates/core/schema/generate.py");
    }

    #[test]
    fn a_damaged_schema_is_read_without_a_panic() {
        let object = || json!({"spec": {"a": [1], "b": {"c": 1}, "x": 1}, "metadata": "m"});
        // Indices out of range (a kind's struct, a field's struct) hold nothing.
        let cases: [(&str, &[&str]); 4] = [
            ("", &[]),
            ("=DaemonSet 99\nDaemonSet spec>7\n", &[]),
            ("=DaemonSet 0\nDaemonSet spec:o>7 metadata:o>9\n", &[]),
            ("=DaemonSet 0\nDaemonSet spec>1\nSpec a>9 b:O>1\n", &["metadata", "spec.b.c", "spec.x"]),
        ];
        for (text, unknown) in cases {
            INSTALLED.with(|s| *s.borrow_mut() = Some(Schema::parse(text)));
            assert!(crate::typecheck::check("DaemonSet", &object()).is_ok(), "{text:?}");
            assert_eq!(drop_unknown_fields("DaemonSet", &mut object()), unknown, "{text:?}");
        }
        INSTALLED.with(|s| *s.borrow_mut() = None);
    }

    #[test]
    fn the_schema_covers_every_kind_the_playground_serves() {
        let schema = Schema::parse(FIELDS);
        for kind in ["DaemonSet", "Node", "Pod", "ConfigMap", "Namespace", "PriorityClass", "ControllerRevision"] {
            assert!(schema.kinds.iter().any(|(k, _)| k == kind), "{kind}");
        }
    }
}
