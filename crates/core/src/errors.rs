//! The typed errors the core returns: the apiserver's refusals and kubectl's client-side ones.
//! The core names the case; only the console words it (`dsplay_console::errors`).

/// An error as the apiserver (or kubectl) reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// `resource` is plural and qualified: `daemonsets.apps`, `pods`, `nodes`.
    NotFound {
        resource: String,
        name: String,
    },
    AlreadyExists {
        resource: String,
        name: String,
    },
    /// `kind` is e.g. `DaemonSet`; `causes` are the field errors, in the validation's order.
    Invalid {
        kind: String,
        name: String,
        causes: Vec<FieldError>,
    },
    /// `name`/`namespace` as written in the manifest (kubectl prints them).
    NoKindMatch {
        kind: String,
        version: String,
        name: String,
        namespace: String,
    },
    NamespaceNotFound {
        namespace: String,
    },
    TooLarge,
    /// The body could not be decoded into the kind's Go types (BadRequest: `<kind> in version
    /// "<version>" cannot be handled as a <kind>: …`); `path` locates the offending field.
    Decode {
        kind: String,
        version: String,
        path: String,
        why: DecodeError,
    },
    /// An update of an object that is being deleted (its deletionTimestamp is set).
    BeingDeleted {
        resource: String,
        name: String,
    },
    /// Refused by admission or by the registry: `pods "x" is forbidden: <message>`.
    Forbidden {
        resource: String,
        name: String,
        message: String,
    },
    /// What kubectl itself refuses before it sends anything.
    Client(ClientError),
}

/// A refusal kubectl makes on the client side (or `sim` makes of its own commands). The core
/// names the case; the console words it (`dsplay_console::errors`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// kubectl's client-side validation (`--validate` other than false) refused the document:
    /// not a mapping (`invalid object to validate`), or `apiVersion`/`kind` missing or not
    /// strings (`[apiVersion not set, kind not set]`). It stops the reading of its source.
    SchemaInvalid(SchemaInvalid),
    /// kubectl's decoding of the document failed (`unable to decode`): a type error in
    /// `apiVersion` or `metadata`, or (without validation) no mapping at all. `path` is the
    /// offending field's JSON path, empty for the document itself.
    Undecodable { path: String, message: String },
    /// The document has no string `kind`, which kubectl's decoder reports with the document's
    /// JSON (`Object 'Kind' is missing in '{…}'`).
    KindMissing(Box<serde_json::Value>),
    /// The object's namespace differs from the `--namespace` given.
    NamespaceMismatch { object: String, given: String },
    /// `kubectl set image`: no container of this name.
    NoContainer(String),
    /// `kubectl rollout undo` with one revision only.
    NoLastRevision,
    /// `kubectl rollout undo --to-revision=N` with no such revision.
    NoRevision(i64),
    /// `sim node condition` with a type the simulation does not know.
    UnknownNodeCondition(String),
}

/// One cause of an Invalid status: apimachinery's `field.Error`, which the apiserver sends as
/// a `StatusCause` (`field`, `reason`, `message`). The console words it as its `Error()` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's path, as `field.Path` prints it: `spec.template.spec.containers[0].name`.
    pub field: String,
    pub kind: FieldErrorType,
    /// The bad value as the apiserver prints it (Go's `%q` for a string, `%#v` for a struct),
    /// for the types that print one; empty for the others. That text is the cluster's.
    pub value: String,
    /// Why, in the validation's words; may be empty.
    pub detail: String,
}

/// `field.ErrorType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldErrorType {
    /// `Required value`
    Required,
    /// `Forbidden`
    Forbidden,
    /// `Too long`
    TooLong,
    /// `Invalid value`
    Invalid,
    /// `Duplicate value`
    Duplicate,
    /// `Unsupported value`
    NotSupported,
}

impl FieldError {
    pub fn new(kind: FieldErrorType, field: String, value: String, detail: &str) -> FieldError {
        FieldError { field, kind, value, detail: detail.into() }
    }
    pub fn required(field: String, detail: &str) -> FieldError {
        FieldError::new(FieldErrorType::Required, field, String::new(), detail)
    }
    pub fn forbidden(field: String, detail: &str) -> FieldError {
        FieldError::new(FieldErrorType::Forbidden, field, String::new(), detail)
    }
    pub fn invalid(field: String, value: String, detail: &str) -> FieldError {
        FieldError::new(FieldErrorType::Invalid, field, value, detail)
    }
    /// `field.NotSupported`; `supported` is its detail, `supported values: "A", "B"`.
    pub fn not_supported(field: String, value: String, supported: &str) -> FieldError {
        FieldError::new(FieldErrorType::NotSupported, field, value, supported)
    }
}

/// Why kubectl's client-side validation refused a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaInvalid {
    /// The document is not a mapping (`invalid object to validate`).
    NotAnObject,
    /// `apiVersion` and `kind`, in that order, that are missing or null (`not set`: true) or
    /// not strings (`isn't string type`: false).
    Fields(Vec<(&'static str, bool)>),
    /// `apiVersion` is not a group version (`unexpected GroupVersion string: a/b/c`).
    GroupVersion(String),
}

/// Why the apiserver could not decode a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// encoding/json's type error, in its words (`json: cannot unmarshal bool into Go struct
    /// field ObjectMeta.metadata.labels of type string`).
    Type(String),
    /// Strict decoding (`--validate=strict`): the fields the kind does not declare, as paths
    /// (`spec.template.spec.containers[0].imagee`), in the order the decoder met them.
    UnknownFields(Vec<String>),
}
