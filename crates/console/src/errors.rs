//! Every error the core reports, in kubectl's words: the apiserver's `Error from server (…)`
//! lines and kubectl's own client-side refusals. The core returns typed errors only
//! (`ApiError`, `ClientError`); this is the one place that words them.

use dsplay_core::validate::GoStr;
use dsplay_core::{ApiError, ClientError};

/// `kubectl`'s rendering of an apiserver error: `Error from server (<reason>): <message>`,
/// with `error when creating "<source>": ` before the message for a manifest's object.
pub(crate) fn api_error(e: &ApiError, source: Option<&str>, creating: bool) -> String {
    let (reason, message) = match e {
        ApiError::NotFound { resource, name } => ("NotFound", format!("{resource} \"{name}\" not found")),
        ApiError::AlreadyExists { resource, name } => {
            ("AlreadyExists", format!("{resource} \"{name}\" already exists"))
        }
        ApiError::NamespaceNotFound { namespace } => ("NotFound", format!("namespaces \"{namespace}\" not found")),
        ApiError::Decode { message, .. } | ApiError::BadRequest(message) => ("BadRequest", message.clone()),
        ApiError::TooLarge => ("RequestEntityTooLarge", "Request entity too large: limit is 3145728".into()),
        ApiError::Forbidden { resource, name, message } => {
            ("Forbidden", format!("{resource} \"{name}\" is forbidden: {message}"))
        }
        // The apiserver's Invalid status prints its own message; kubectl adds nothing.
        ApiError::Invalid { kind, name, causes } => {
            let mut s = format!("The {kind} \"{name}\" is invalid: ");
            match causes.as_slice() {
                [one] => s.push_str(one),
                _ => {
                    for c in causes {
                        s.push_str("\n* ");
                        s.push_str(c);
                    }
                }
            }
            return s;
        }
        ApiError::NoKindMatch { kind, version, name, namespace } => {
            return format!(
                "error: resource mapping not found for name: \"{name}\" namespace: \"{namespace}\" from \"{}\": no matches for kind \"{kind}\" in version \"{version}\"\nensure CRDs are installed first",
                source.unwrap_or("STDIN")
            );
        }
        ApiError::Client(e) => return client_error(e),
    };
    match source {
        Some(src) => format!(
            "Error from server ({reason}): error when {} \"{src}\": {message}",
            if creating { "creating" } else { "applying patch" }
        ),
        None => format!("Error from server ({reason}): {message}"),
    }
}

/// `Error from server (NotFound): <resource> "<name>" not found`.
pub(crate) fn not_found(resource: &str, name: &str) -> String {
    api_error(&ApiError::NotFound { resource: resource.into(), name: name.into() }, None, false)
}

/// kubectl's wording of what it refuses before sending anything.
fn client_error(e: &ClientError) -> String {
    match e {
        // kubectl's client-side schema check.
        ClientError::NotAnObject => "error validating data: expected an object".into(),
        ClientError::TypeMissing { api_version, kind } => format!(
            "error validating data: [{}]",
            match (api_version, kind) {
                (true, true) => "apiVersion not set, kind not set",
                (true, false) => "apiVersion not set",
                _ => "kind not set",
            }
        ),
        // cli-runtime's resource visitor (`UpdateObjectNamespace`).
        ClientError::NamespaceMismatch { object, given } => format!(
            "error: the namespace from the provided object \"{object}\" does not match the namespace \"{given}\". You must pass '--namespace={object}' to perform this operation."
        ),
        ClientError::NoContainer(name) => format!("error: unable to find container named \"{name}\""),
        ClientError::NoLastRevision => "error: no last revision to roll back to".into(),
        ClientError::NoRevision(n) => format!("error: unable to find specified revision {n} in history"),
        ClientError::UnknownNodeCondition(kind) => format!(
            "error: unknown node condition {:?}: expected DiskPressure, MemoryPressure, PIDPressure or NetworkUnavailable",
            GoStr(kind)
        ),
    }
}
