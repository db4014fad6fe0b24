//! Every error the core reports, in kubectl's words: the apiserver's `Error from server (…)`
//! lines and kubectl's own client-side refusals. The core returns typed errors only
//! (`ApiError`, `ClientError`); this is the one place that words them.

use crate::resources::Resource;
use dsplay_core::errors::SchemaInvalid;
use dsplay_core::validate::GoStr;
use dsplay_core::{ApiError, ClientError, DecodeError, FieldError, FieldErrorType};

/// `kubectl`'s rendering of an apiserver error: `Error from server (<reason>): <message>`,
/// with `error when creating "<source>": ` before the message for a manifest's object.
pub(crate) fn api_error(e: &ApiError, source: Option<&str>, creating: bool) -> String {
    let (reason, message) = match e {
        ApiError::NotFound { resource, name } => ("NotFound", format!("{resource} {:?} not found", GoStr(name))),
        ApiError::AlreadyExists { resource, name } => {
            ("AlreadyExists", format!("{resource} {:?} already exists", GoStr(name)))
        }
        ApiError::NamespaceNotFound { namespace } => {
            ("NotFound", format!("namespaces {:?} not found", GoStr(namespace)))
        }
        ApiError::Decode { kind, version, why, .. } => (
            "BadRequest",
            format!("{kind} in version \"{version}\" cannot be handled as a {kind}: {}", decode_why(why)),
        ),
        // Upstream's registry answers a Conflict here (README, fidelity).
        ApiError::BeingDeleted { resource, name } => (
            "BadRequest",
            format!("Operation cannot be fulfilled on {resource} {:?}: object is being deleted", GoStr(name)),
        ),
        ApiError::TooLarge => ("RequestEntityTooLarge", "Request entity too large: limit is 3145728".into()),
        ApiError::Forbidden { resource, name, message } => {
            ("Forbidden", format!("{resource} {:?} is forbidden: {message}", GoStr(name)))
        }
        // The apiserver's Invalid status prints its own message; kubectl adds nothing.
        ApiError::Invalid { kind, name, causes } => {
            let mut s = format!("The {kind} {:?} is invalid: ", GoStr(name));
            match causes.as_slice() {
                [one] => s.push_str(&field_error(one)),
                _ => {
                    for c in causes {
                        s.push_str("\n* ");
                        s.push_str(&field_error(c));
                    }
                }
            }
            return s;
        }
        ApiError::NoKindMatch { kind, version, name, namespace } => {
            return format!(
                "error: resource mapping not found for name: {:?} namespace: {:?} from {:?}: no matches for kind {:?} in version {:?}\nensure CRDs are installed first",
                GoStr(name),
                GoStr(namespace),
                GoStr(source.unwrap_or("STDIN")),
                GoStr(kind),
                GoStr(version)
            );
        }
        ApiError::Client(e) => return client_error(e, source),
    };
    match source {
        Some(src) => format!(
            "Error from server ({reason}): error when {} {:?}: {message}",
            if creating { "creating" } else { "applying patch" },
            GoStr(src)
        ),
        None => format!("Error from server ({reason}): {message}"),
    }
}

/// A field error as apimachinery's `field.Error.Error()` words it: `<field>: <type>`, then
/// `: <value>` for the types that print one, then `: <detail>` when there is one.
pub(crate) fn field_error(e: &FieldError) -> String {
    let kind = match e.kind {
        FieldErrorType::Required => "Required value",
        FieldErrorType::Forbidden => "Forbidden",
        FieldErrorType::TooLong => "Too long",
        FieldErrorType::Invalid => "Invalid value",
        FieldErrorType::Duplicate => "Duplicate value",
        FieldErrorType::NotSupported => "Unsupported value",
    };
    let mut s = format!("{}: {kind}", e.field);
    for part in [&e.value, &e.detail] {
        if !part.is_empty() {
            s.push_str(": ");
            s.push_str(part);
        }
    }
    s
}

/// What follows `error validating data: ` (kubectl's `getObjectKind`): one field's error
/// alone, several in brackets.
fn schema_invalid(why: &SchemaInvalid) -> String {
    match why {
        SchemaInvalid::NotAnObject => "invalid object to validate".into(),
        SchemaInvalid::Fields(fields) => {
            let mut each = String::new();
            for (k, unset) in fields {
                if !each.is_empty() {
                    each.push_str(", ");
                }
                each.push_str(k);
                each.push_str(if *unset { " not set" } else { " isn't string type" });
            }
            if fields.len() > 1 { format!("[{each}]") } else { each }
        }
        SchemaInvalid::GroupVersion(v) => format!("unexpected GroupVersion string: {v}"),
    }
}

/// `Error from server (NotFound): <resource> "<name>" not found`.
pub(crate) fn not_found(resource: &str, name: &str) -> String {
    api_error(&ApiError::NotFound { resource: resource.into(), name: name.into() }, None, false)
}

/// The decoder's reason: encoding/json's type error, or strict decoding's unknown fields.
fn decode_why(why: &DecodeError) -> String {
    match why {
        DecodeError::Type(message) => message.clone(),
        DecodeError::UnknownFields(fields) => strict_decoding(fields),
    }
}

/// `strict decoding error: unknown field "a", unknown field "b"`.
fn strict_decoding(fields: &[String]) -> String {
    let each: Vec<String> = fields.iter().map(|f| format!("unknown field {:?}", GoStr(f))).collect();
    format!("strict decoding error: {}", each.join(", "))
}

/// What kubectl names when the apiserver refuses the patch it sent for an object that exists.
pub(crate) struct RefusedPatch<'a> {
    /// The three-way strategic merge patch, as Go's JSON.
    pub(crate) patch: String,
    pub(crate) group: &'a str,
    pub(crate) version: &'a str,
    /// The plural resource (`daemonsets`).
    pub(crate) resource: &'a str,
    pub(crate) kind: &'a str,
    pub(crate) name: &'a str,
    pub(crate) namespace: &'a str,
    pub(crate) source: &'a str,
}

/// kubectl's words for a refused patch: the patch, the object, and the apiserver's reason,
/// which for a patch has no "cannot be handled as" before it (checked against kubectl 1.33).
pub(crate) fn patch_refused(p: &RefusedPatch, unknown_fields: &[String]) -> String {
    let RefusedPatch { patch, group, version, resource, kind, name, namespace, source } = p;
    format!(
        "Error from server (BadRequest): error when applying patch:\n{patch}\nto:\nResource: \"{group}/{version}, Resource={resource}\", GroupVersionKind: \"{group}/{version}, Kind={kind}\"\nName: {:?}, Namespace: {:?}\nfor: {:?}: error when patching {:?}: {}",
        GoStr(name),
        GoStr(namespace),
        GoStr(source),
        GoStr(source),
        strict_decoding(unknown_fields)
    )
}

/// kubectl's wording of a list the apiserver refused (`cli-runtime` `resource/selector.go`).
pub fn list_refused(resource: &Resource, labels: Option<&str>, fields: &str, message: &str) -> String {
    let group = match resource {
        Resource::DaemonSet | Resource::ControllerRevision => "apps",
        Resource::Generic(_, _, group) => group.as_str(),
        _ => "",
    };
    // `plural` is kubectl's qualified name (`daemonsets.apps`); the GVR names the bare one.
    let plural = resource.plural();
    let plural = plural.split('.').next().unwrap_or_default();
    format!(
        "Error from server (BadRequest): Unable to find \"{group}/v1, Resource={plural}\" that match label selector \"{}\", field selector \"{fields}\": {message}",
        labels.unwrap_or_default()
    )
}

/// kubectl's wording of what it refuses before sending anything.
fn client_error(e: &ClientError, source: Option<&str>) -> String {
    match e {
        // kubectl's builder: client-side validation, then decoding, each naming the source.
        ClientError::SchemaInvalid(why) => format!(
            "error: error validating {:?}: error validating data: {}; if you choose to ignore these errors, turn validation off with --validate=false",
            GoStr(source.unwrap_or("STDIN")),
            schema_invalid(why)
        ),
        ClientError::Undecodable { message, .. } => {
            format!("error: unable to decode {:?}: {message}", GoStr(source.unwrap_or("STDIN")))
        }
        ClientError::KindMissing(document) => format!(
            "error: unable to decode {:?}: Object 'Kind' is missing in '{}'",
            GoStr(source.unwrap_or("STDIN")),
            crate::json_out::to_go_json(document)
        ),
        // cli-runtime's resource visitor (`UpdateObjectNamespace`).
        ClientError::NamespaceMismatch { object, given } => format!(
            "error: the namespace from the provided object {:?} does not match the namespace {:?}. You must pass '--namespace={object}' to perform this operation.",
            GoStr(object),
            GoStr(given)
        ),
        ClientError::NoContainer(name) => format!("error: unable to find container named {:?}", GoStr(name)),
        ClientError::NoLastRevision => "error: no last revision to roll back to".into(),
        ClientError::NoRevision(n) => format!("error: unable to find specified revision {n} in history"),
        ClientError::UnknownNodeCondition(kind) => format!(
            "error: unknown node condition {:?}: expected DiskPressure, MemoryPressure, PIDPressure or NetworkUnavailable",
            GoStr(kind)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dsplay_core::validate::daemonset_errors;
    use serde_json::{Value, json};

    fn ds(spec_patch: Value) -> Value {
        dsplay_core::validate::example_daemonset(spec_patch)
    }

    #[test]
    fn daemonset_validation_messages_match_the_apiserver() {
        let table: Vec<(Value, &str)> = vec![
            (
                json!({"selector": {"matchLabels": {"app": "y"}}}),
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`",
            ),
            (
                json!({"selector": {}}),
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset",
            ),
            (
                json!({"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0}}}),
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
            ),
            (
                json!({"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 1}}}),
                "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero",
            ),
            (
                json!({"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "200%"}}}),
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"200%\"}: must not be greater than 100%",
            ),
            (
                json!({"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": -1}}}),
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0",
            ),
            (
                json!({"updateStrategy": {"type": "Blue"}}),
                "spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Blue\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: \"RollingUpdate\", \"OnDelete\"",
            ),
            (
                json!({"minReadySeconds": -1}),
                "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
            ),
        ];
        for (patch, want) in table {
            let errs: Vec<String> = daemonset_errors(&ds(patch.clone()), None).iter().map(field_error).collect();
            assert!(errs.iter().any(|e| e == want), "{patch}: {errs:?}");
        }
    }

    #[test]
    fn client_side_validation_and_a_deleted_object_are_worded_as_kubectl_does() {
        let table = [
            (SchemaInvalid::NotAnObject, "invalid object to validate"),
            (SchemaInvalid::Fields(vec![("kind", true)]), "kind not set"),
            (
                SchemaInvalid::Fields(vec![("apiVersion", false), ("kind", true)]),
                "[apiVersion isn't string type, kind not set]",
            ),
            (SchemaInvalid::GroupVersion("a/b/c".into()), "unexpected GroupVersion string: a/b/c"),
        ];
        for (why, want) in table {
            assert_eq!(schema_invalid(&why), want);
        }
        assert_eq!(
            api_error(
                &ApiError::BeingDeleted { resource: "daemonsets.apps".into(), name: "agent".into() },
                None,
                false
            ),
            "Error from server (BadRequest): Operation cannot be fulfilled on daemonsets.apps \"agent\": object is being deleted"
        );
    }

    #[test]
    fn field_errors_are_worded_as_field_error_error_does() {
        let table = [
            (
                FieldError::required("spec.template.spec.containers".into(), ""),
                "spec.template.spec.containers: Required value",
            ),
            (
                FieldError::required("metadata.name".into(), "name or generateName is required"),
                "metadata.name: Required value: name or generateName is required",
            ),
            (
                FieldError::forbidden("value".into(), "may not be changed in an update."),
                "value: Forbidden: may not be changed in an update.",
            ),
            (FieldError::new(FieldErrorType::Duplicate, "a".into(), "\"c\"".into(), ""), "a: Duplicate value: \"c\""),
            (
                FieldError::not_supported(
                    "spec.restartPolicy".into(),
                    "\"OnFailure\"".into(),
                    "supported values: \"Always\"",
                ),
                "spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
            ),
            (
                FieldError::new(
                    FieldErrorType::TooLong,
                    "metadata.annotations".into(),
                    String::new(),
                    "may not be more than 262144 bytes",
                ),
                "metadata.annotations: Too long: may not be more than 262144 bytes",
            ),
        ];
        for (e, want) in table {
            assert_eq!(field_error(&e), want);
        }
    }

    #[test]
    fn a_refused_list_names_the_group_version_resource_and_both_selectors() {
        assert_eq!(
            list_refused(&Resource::Pod, None, "spec.foo=x", "field label not supported: spec.foo"),
            "Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"\", field selector \"spec.foo=x\": field label not supported: spec.foo"
        );
        assert!(
            list_refused(&Resource::DaemonSet, Some("app=a"), "x=y", "m")
                .contains("\"apps/v1, Resource=daemonsets\" that match label selector \"app=a\"")
        );
    }

    #[test]
    fn a_decode_error_is_worded_by_its_cause() {
        let decode =
            |why| ApiError::Decode { kind: "DaemonSet".into(), version: "v1".into(), path: String::new(), why };
        let cases = [
            (
                decode(DecodeError::UnknownFields(vec!["spec.a".into(), "spec.b".into()])),
                "Error from server (BadRequest): error when creating \"STDIN\": DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: unknown field \"spec.a\", unknown field \"spec.b\"",
            ),
            (
                decode(DecodeError::Type("json: cannot unmarshal bool into Go value of type string".into())),
                "Error from server (BadRequest): error when creating \"STDIN\": DaemonSet in version \"v1\" cannot be handled as a DaemonSet: json: cannot unmarshal bool into Go value of type string",
            ),
        ];
        for (e, want) in cases {
            assert_eq!(api_error(&e, Some("STDIN"), true), want);
        }
    }
}
