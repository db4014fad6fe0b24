//! Every error the core reports, in kubectl's words: the apiserver's `Error from server (…)`
//! lines and kubectl's own client-side refusals. The core returns typed errors only
//! (`ApiError`, `ClientError`); this is the one place that words them.

use dsplay_core::validate::GoStr;
use dsplay_core::{ApiError, ClientError};

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
        ApiError::Decode { message, .. } | ApiError::BadRequest(message) => ("BadRequest", message.clone()),
        ApiError::TooLarge => ("RequestEntityTooLarge", "Request entity too large: limit is 3145728".into()),
        ApiError::Forbidden { resource, name, message } => {
            ("Forbidden", format!("{resource} {:?} is forbidden: {message}", GoStr(name)))
        }
        // The apiserver's Invalid status prints its own message; kubectl adds nothing.
        ApiError::Invalid { kind, name, causes } => {
            let mut s = format!("The {kind} {:?} is invalid: ", GoStr(name));
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

/// `Error from server (NotFound): <resource> "<name>" not found`.
pub(crate) fn not_found(resource: &str, name: &str) -> String {
    api_error(&ApiError::NotFound { resource: resource.into(), name: name.into() }, None, false)
}

/// kubectl's wording of what it refuses before sending anything.
fn client_error(e: &ClientError, source: Option<&str>) -> String {
    match e {
        // kubectl's builder: client-side validation, then decoding, each naming the source.
        ClientError::SchemaInvalid(why) => format!(
            "error: error validating {:?}: error validating data: {why}; if you choose to ignore these errors, turn validation off with --validate=false",
            GoStr(source.unwrap_or("STDIN"))
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
