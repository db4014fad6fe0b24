//! kubectl subcommands: parsing each line's words and flags, calling the simulation, and
//! printing kubectl's confirmations and errors.

use crate::errors::{api_error, not_found};
use crate::flags::{
    DryRun, Parsed, Spec, dry_run_of, duration_flag, flag, int_flag, namespace_of, optional_value, parse,
};
use crate::get::{self, Format};
use crate::resources::Resource;
use crate::script::heredoc_body;
use crate::words::{escape_control, heredoc_delimiter, split_words};
use crate::{Console, Out, ScriptCommand};
use dsplay_core::DecodeError;
use dsplay_core::labels::{Labels, Selector, validate_label_key};
use dsplay_core::objects::Taint;
use dsplay_core::schema::FieldValidation;
use dsplay_core::sim::{ApiError, Cascade, ClientError};
use dsplay_core::validate::GoStr;

pub(crate) fn dispatch(console: &mut Console, command: &ScriptCommand, out: &mut Out) {
    let mut words = match split_words(&command.first_line) {
        Ok(w) => w,
        Err(e) => return out.err(&format!("error: {e}\n")),
    };
    // The heredoc operator and its delimiter are not arguments.
    let stdin = match heredoc_delimiter(&words) {
        Some(h) => {
            words.drain(h.index..h.index + h.words);
            Some(heredoc_body(command))
        }
        None => None,
    };
    let Some(program) = words.first().cloned() else { return };
    let args = &words[1..];
    match program.as_str() {
        "kubectl" => kubectl(console, args, stdin, out),
        "sim" => crate::simcmd::sim(console, args, out),
        "echo" => out.out(&format!("{}\n", args.join(" "))),
        other => out.err(&format!(
            "error: unknown command \"{}\": console lines start with kubectl, sim or echo\n",
            escape_control(other)
        )),
    }
}

fn kubectl(console: &mut Console, args: &[String], stdin: Option<String>, out: &mut Out) {
    let Some(sub) = args.first() else {
        return out.err(
            "error: a kubectl command is required (apply, get, describe, label, taint, cordon, delete, rollout, ...)\n",
        );
    };
    let rest = &args[1..];
    let r = match sub.as_str() {
        "apply" => apply(console, rest, stdin, false, out),
        "create" => create(console, rest, stdin, out),
        "get" => get_cmd(console, rest, out),
        "describe" => crate::describe::describe_cmd(console, rest, out),
        "delete" => delete(console, rest, stdin, out),
        "label" => label(console, rest, out),
        "taint" => taint(console, rest, out),
        "cordon" => cordon(console, rest, true, out),
        "uncordon" => cordon(console, rest, false, out),
        "drain" => crate::drain::drain(console, rest, out),
        "rollout" => rollout(console, rest, out),
        "set" => set_image(console, rest, out),
        "scale" => Err("error: DaemonSets cannot be scaled; they run one pod per eligible node".into()),
        other => Err(format!("error: unknown command {:?} for \"kubectl\"", GoStr(other))),
    };
    if let Err(e) = r {
        let e = if e.ends_with('\n') { e } else { format!("{e}\n") };
        out.err(&e);
    }
}

/// kubectl's words for a manifest it cannot read: `error: error parsing SOURCE: error
/// converting YAML to JSON: yaml: line N: …`, with go-yaml v2's message and its idea of the
/// line (checked against kubectl 1.33). go-yaml numbers scanner errors from 1 but leaves
/// the line out on the first; parser errors point a line earlier (its marks count from 0,
/// and a zero mark is no line); an error at the end of the stream is on the line after the
/// last newline. A reader error go-yaml has no counterpart for keeps the reader's words.
pub(crate) fn yaml_error_text(source: &str, text: &str, e: &dsplay_core::manifest::ParseError) -> String {
    let prefix = format!("error: error parsing {source}: ");
    if e.line == 0 {
        return format!("{prefix}{}", e.message);
    }
    // Go's JSON failing on what the YAML held (`.inf`): no YAML line in kubectl's words.
    if e.message.starts_with("json: ") {
        return format!("{prefix}error converting YAML to JSON: {}", e.message);
    }
    let eof = text.matches('\n').count();
    let m = e.message.as_str();
    // Scanner errors count lines from 1, and say none on the first; parser errors say the
    // line before (their marks count from 0; a zero mark is no line).
    let scanner = |line: usize| if line > 1 { line } else { 0 };
    let parser = |line: usize| line.saturating_sub(1);
    // (go-yaml's message, the line it prints: 0 for none)
    let (message, line) = if m.starts_with("tabs disallowed") {
        ("found character that cannot start any token".to_string(), scanner(e.line))
    } else if m.ends_with("found a tab") {
        ("found a tab character that violates indentation".to_string(), scanner(e.line + 1))
    } else if m == "unclosed bracket '['" || m == "unclosed bracket '{'" {
        let close = if m.ends_with("'['") { ']' } else { '}' };
        (format!("did not find expected ',' or '{close}'"), parser(eof + 1))
    } else if m == "unclosed quote" {
        ("found unexpected end of stream".to_string(), scanner(eof + 1))
    } else if m.ends_with("unknown anchor") || m == "anchor value contains itself" {
        let at = text.lines().nth(e.line - 1).unwrap_or_default().chars().skip(e.column.saturating_sub(1));
        let name: String = at.skip(1).take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c)).collect();
        let (before, after) = if m.ends_with("itself") {
            ("anchor '", "' value contains itself")
        } else {
            ("unknown anchor '", "' referenced")
        };
        (format!("{before}{name}{after}"), 0)
    } else if m == "document contains excessive aliasing" || m.starts_with("cannot decode !!") {
        (m.to_string(), 0)
    } else if m == "did not find expected <document start>" {
        // kubectl splits the stream at `---` lines, so a `%YAML` directive is a document of
        // its own: go-yaml checks its version first (only 1.1 passes), then finds no document.
        // The version is two numbers (`01.1` is 1.1), and a comment may follow.
        let version = |v: &str| {
            let (major, minor) = v.split('#').next()?.trim().split_once('.')?;
            Some((major.parse::<u32>().ok()?, minor.parse::<u32>().ok()?))
        };
        if text.lines().any(|l| l.strip_prefix("%YAML").and_then(version).is_some_and(|v| v != (1, 1))) {
            ("found incompatible YAML document".to_string(), 0)
        } else {
            (m.to_string(), parser(e.line))
        }
    } else if let Some(c) = m.strip_prefix("unexpected character: `") {
        if c.starts_with("\\u{") {
            ("control characters are not allowed".to_string(), 0)
        } else {
            ("found character that cannot start any token".to_string(), scanner(e.line))
        }
    } else if m == "mapping values are not allowed in this context" {
        (m.to_string(), scanner(e.line))
    } else if let Some((_, rest)) = m.strip_prefix("while parsing a ").and_then(|m| m.split_once(", ")) {
        (rest.to_string(), parser(e.line))
    } else if m == "misplaced bracket" {
        ("did not find expected key".to_string(), parser(e.line))
    } else if m == "simple key expected ':'" {
        ("could not find expected ':'".to_string(), scanner(e.line + 1))
    } else {
        return format!("{prefix}error converting YAML to JSON: yaml: line {} column {}: {m}", e.line, e.column);
    };
    let line = if line > 0 { format!("line {line}: ") } else { String::new() };
    format!("{prefix}error converting YAML to JSON: yaml: {line}{message}")
}

const APPLY_FLAGS: &[Spec] = &[
    flag("filename", Some('f'), true),
    flag("recursive", Some('R'), false),
    // `--validate` alone is `strict` (pflag's NoOptDefVal): it never takes the next word.
    optional_value("validate", "strict"),
    optional_value("dry-run", "unchanged"),
    flag("output", Some('o'), true),
    flag("server-side", None, false),
    flag("force", None, false),
];

/// kubectl's refusal of `apply` or `create` without `-f` (1.33 no longer adds the usage line).
const NO_FILENAME: &str = "error: must specify one of -f and -k";

/// `--validate` as kubectl's `GetValidationDirective` reads it (`strict` when not given).
fn validation_of(p: &Parsed) -> Result<FieldValidation, String> {
    let validate = p.get("validate").unwrap_or("strict");
    FieldValidation::parse(validate).ok_or_else(|| {
        format!(
            "error: invalid - validate option {:?}; must be one of: strict (or true), warn, ignore (or false)",
            GoStr(validate)
        )
    })
}

/// Reads `-f` sources: `-` is the heredoc; anything else a file.
fn read_sources(console: &Console, p: &Parsed, stdin: &Option<String>) -> Result<Vec<(String, String)>, String> {
    let files = p.all("filename");
    if files.is_empty() {
        return Err(NO_FILENAME.into());
    }
    let mut sources = Vec::new();
    for f in files {
        if f == "-" {
            match stdin {
                Some(text) => sources.push(("STDIN".to_string(), text.clone())),
                None => return Err("error: -f - reads standard input: give the manifest as a heredoc (kubectl apply -f - <<EOF ... EOF)".into()),
            }
        } else {
            let reader = console.files.as_ref().ok_or_else(|| format!("error: the path {:?} does not exist (this console has no files; paste the manifest with -f - <<EOF)", GoStr(&f)))?;
            sources.push((f.clone(), reader(&f)?));
        }
    }
    Ok(sources)
}

fn apply(
    console: &mut Console,
    args: &[String],
    stdin: Option<String>,
    create_only: bool,
    out: &mut Out,
) -> Result<(), String> {
    let command = if create_only { "kubectl create" } else { "kubectl apply" };
    let p = parse(args, APPLY_FLAGS, command)?;
    if !p.args.is_empty() {
        // Go's %v of a []string: the words as they are, space-separated, in brackets.
        return Err(format!(
            "error: Unexpected args: [{}]\nSee '{command} -h' for help and examples",
            p.args.join(" ")
        ));
    }
    let ns = namespace_of(&p);
    // kubectl's order (checked against 1.33): the dry run, then (apply) whether there is a
    // -f at all, then the validation directive, then the files.
    let dry_run = dry_run_of(&p, console.sim.now(), out)?;
    if !create_only && p.all("filename").is_empty() {
        return Err(NO_FILENAME.into());
    }
    let validation = validation_of(&p)?;
    let sources = read_sources(console, &p, &stdin)?;
    let mut any = false;
    // kubectl applies everything it can and reports the errors together at the end.
    let mut errors = Vec::new();
    let mut diagnostics = Vec::new();
    // kubectl reads and maps every source before it applies anything (its builder), each up
    // to the first document it cannot read; the documents read before it are applied. The
    // builder's errors (a document it cannot read, a kind it cannot map, a type or namespace
    // it refuses) lead the errors it prints at the end, in the order it met them.
    let mut builder_errors = Vec::new();
    // Objects an earlier document's patch gave a last-applied record.
    let mut recorded: Vec<String> = Vec::new();
    for (source, text) in sources {
        let (objects, stop) = read_source(&source, &text, validation);
        let read_error = stop.map(|(text, diagnostic)| {
            diagnostics.push(diagnostic);
            text
        });
        any |= !objects.is_empty();
        let locations: Vec<_> = objects.iter().map(|o| (o.line, o.locations.clone())).collect();
        // kubectl warns, as it patches an object that exists, when it holds no record of an
        // earlier apply (made by `kubectl create` or `sim node add`).
        let unrecorded: Vec<Option<String>> = objects
            .iter()
            .map(|o| (!create_only && dry_run != DryRun::Client).then(|| unrecorded(console, &o.value, &ns)).flatten())
            .collect();
        let results = match dry_run {
            DryRun::None => console.sim.apply_validated(objects, &ns, create_only, validation),
            DryRun::Client => console.sim.apply_dry_run_client(&objects, &ns, create_only, validation),
            // The apiserver runs each request through everything but storage: each object on a
            // fresh copy of the cluster, thrown away, so none sees another's effect.
            DryRun::Server => objects
                .into_iter()
                .flat_map(|o| console.sim.clone().apply_validated(vec![o], &ns, create_only, validation))
                .collect(),
        };
        for (index, (r, (line, locs))) in results.into_iter().zip(locations).enumerate() {
            // kubectl warns as it patches: not for a document its builder refused, and not
            // again once an earlier document's patch has added the record.
            let warn = unrecorded[index]
                .as_ref()
                .filter(|object| !r.as_ref().is_err_and(is_builder_error) && !recorded.contains(object));
            if let Some(object) = warn {
                out.note(&format!("Warning: resource {object} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n"));
            }
            match r {
                Ok(a) => {
                    recorded.extend(unrecorded[index].clone());
                    for w in &a.warnings {
                        out.note(&format!("Warning: {w}\n"));
                    }
                    out.out(&format!("{}/{} {}{}\n", a.kind_ref, a.name, a.action, dry_run.suffix()));
                }
                Err(e) => {
                    let patched = match &e {
                        ApiError::Decode { why: DecodeError::UnknownFields(fields), .. } if !create_only => {
                            patch_error(console, &text, index, &ns, &source, fields)
                        }
                        _ => None,
                    };
                    let msg = patched.unwrap_or_else(|| api_error(&e, Some(&source), true));
                    // kubectl's text stays exact; the editor gets the field's position separately.
                    let (l, c) = match &e {
                        ApiError::Invalid { causes, .. } => {
                            causes.first().and_then(|c| locs.find(&c.field)).unwrap_or((line, 1))
                        }
                        ApiError::Decode { path, .. } | ApiError::Client(ClientError::Undecodable { path, .. }) => {
                            locs.find(path).unwrap_or((line, 1))
                        }
                        _ => (line, 1),
                    };
                    let mut message = msg.clone();
                    if let ApiError::Decode { .. } | ApiError::Client(ClientError::Undecodable { .. }) = e
                        && let Some(hint) = quote_hint(&text, l, c, &msg)
                    {
                        message.push_str(&hint);
                    }
                    diagnostics.push(crate::Diagnostic { source: source.clone(), line: l, column: c, message });
                    if is_builder_error(&e) { builder_errors.push(msg) } else { errors.push(msg) }
                }
            }
        }
        builder_errors.extend(read_error);
    }
    console.diagnostics = diagnostics;
    errors.splice(0..0, builder_errors);
    // One error prints as is; in an aggregate, plain errors lose their "error: " prefix.
    let many = errors.len() > 1;
    for e in errors {
        let e = if many { e.strip_prefix("error: ").map(str::to_string).unwrap_or(e) } else { e };
        out.err(&format!("{e}\n"));
    }
    if !any && out_is_clean(out) {
        out.err("error: no objects passed to apply\n");
    }
    Ok(())
}

/// One `-f` source as kubectl's builder reads it: document by document, up to the first one
/// it cannot read or its client-side validation refuses (which ends the source there).
/// Returns the objects before it, and its error (kubectl's words) with the editor's
/// diagnostic.
pub(crate) fn read_source(
    source: &str,
    text: &str,
    validation: FieldValidation,
) -> (Vec<dsplay_core::manifest::ParsedObject>, Option<(String, crate::Diagnostic)>) {
    let (mut objects, bad) = dsplay_core::manifest::parse_documents_until_error(text);
    let refused = objects
        .iter()
        .enumerate()
        .find_map(|(i, o)| dsplay_core::apiserver::schema_invalid(&o.value, validation).map(|why| (i, o.line, why)));
    let stop = if let Some((i, line, why)) = refused {
        objects.truncate(i);
        let text = api_error(&ApiError::Client(ClientError::SchemaInvalid(why)), Some(source), true);
        let diagnostic = crate::Diagnostic { source: source.to_string(), line, column: 1, message: text.clone() };
        Some((text, diagnostic))
    } else {
        bad.map(|bad| {
            let e = &bad.error;
            let diagnostic = crate::Diagnostic {
                source: source.to_string(),
                line: bad.first_line + e.line.max(1) - 1,
                column: e.column.max(1),
                message: e.message.clone(),
            };
            (yaml_error_text(source, &bad.document, e), diagnostic)
        })
    };
    (objects, stop)
}

/// Whether kubectl's builder makes this refusal, before any request: its validation, its
/// decoding, its REST mapping, or the namespace it checks.
fn is_builder_error(e: &ApiError) -> bool {
    matches!(
        e,
        ApiError::NoKindMatch { .. }
            | ApiError::Client(
                ClientError::SchemaInvalid(_)
                    | ClientError::Undecodable { .. }
                    | ClientError::KindMissing(_)
                    | ClientError::NamespaceMismatch { .. },
            )
    )
}

/// What a manifest's object names: its kind, apiVersion, name, and namespace (`-n`'s when it
/// gives none).
struct Named<'a> {
    kind: &'a str,
    api_version: &'a str,
    name: &'a str,
    namespace: &'a str,
}

fn named<'a>(manifest: &'a serde_json::Value, ns: &'a str) -> Option<Named<'a>> {
    Some(Named {
        kind: manifest.get("kind")?.as_str()?,
        api_version: manifest.get("apiVersion")?.as_str()?,
        name: manifest.pointer("/metadata/name")?.as_str()?,
        namespace: manifest.pointer("/metadata/namespace").and_then(serde_json::Value::as_str).unwrap_or(ns),
    })
}

/// `resource/name` (kubectl's `ObjectName`) of a manifest's object that exists and holds no
/// last-applied record.
fn unrecorded(console: &Console, manifest: &serde_json::Value, ns: &str) -> Option<String> {
    let Named { kind, api_version, name, namespace } = named(manifest, ns)?;
    let store = console.sim.store();
    let key = (namespace.to_string(), name.to_string());
    let meta = match kind {
        "DaemonSet" => &store.daemonsets().get(&key)?.meta,
        "Pod" => &store.pods().get(&key)?.meta,
        "Node" => &store.nodes().get(name)?.meta,
        _ => {
            let ns = if dsplay_core::sim::cluster_scoped(kind) { String::new() } else { key.0 };
            &store.generic().get(&(kind.to_string(), ns, key.1))?.meta
        }
    };
    if meta.annotations.contains_key(dsplay_core::merge::LAST_APPLIED) {
        return None;
    }
    let (_, plural) = dsplay_core::sim::resource_of(kind, api_version);
    Some(format!("{}/{name}", plural.split('.').next().unwrap_or_default()))
}

/// kubectl's words when the apiserver refuses its patch of an object that exists: an unknown
/// field in a re-applied manifest. kubectl prints the three-way strategic merge patch it sent,
/// the object's resource and name, and the apiserver's message for a patch, which has no
/// "cannot be handled as" before it (checked against kubectl 1.33). `None` (the creation
/// wording) for a new object, another error, or a kind whose live object the console does
/// not render (only DaemonSets, Nodes and Pods are updated in place).
fn patch_error(
    console: &Console,
    text: &str,
    index: usize,
    ns: &str,
    source: &str,
    fields: &[String],
) -> Option<String> {
    // The request's object, read again: errors are rare, and this keeps apply from holding a
    // copy of every manifest.
    let manifest = dsplay_core::manifest::parse_documents_until_error(text).0.into_iter().nth(index)?.value;
    let Named { kind, api_version, name, namespace } = named(&manifest, ns)?;
    let store = console.sim.store();
    let key = (namespace.to_string(), name.to_string());
    let (current, namespace) = match kind {
        "DaemonSet" => (store.daemonsets().get(&key)?.to_json(), Some(namespace)),
        "Pod" => (store.pods().get(&key)?.to_json(), Some(namespace)),
        "Node" => (store.nodes().get(name)?.to_json(), None),
        _ => return None,
    };
    let original = current
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(dsplay_core::merge::LAST_APPLIED))
        .and_then(serde_json::Value::as_str)
        .and_then(|t| dsplay_core::json::parse(t).ok());
    let modified = dsplay_core::merge::modified_configuration(&manifest, namespace);
    let patch = dsplay_core::merge::three_way_patch(original.as_ref(), &modified, &current);
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    let (_, plural) = dsplay_core::sim::resource_of(kind, api_version);
    let resource = plural.split('.').next().unwrap_or_default();
    let refused = crate::errors::RefusedPatch {
        patch: crate::json_out::to_go_json(&patch),
        group,
        version,
        resource,
        kind,
        name,
        namespace: namespace.unwrap_or_default(),
        source,
    };
    Some(crate::errors::patch_refused(&refused, fields))
}

/// For the editor, not the console (whose text stays kubectl's): a plain scalar that YAML 1.1
/// read as a bool or a number where a string belongs, as it stands in the source, quoted.
fn quote_hint(text: &str, line: usize, column: usize, message: &str) -> Option<String> {
    let ty = message.rsplit_once(" of type ").map(|(_, ty)| ty)?;
    if !dsplay_core::typecheck::is_string_type(ty) || message.contains("array into") || message.contains("object into")
    {
        return None;
    }
    // The parser counts columns in characters, not bytes.
    let mut rest = text.lines().nth(line.saturating_sub(1))?.chars();
    for _ in 1..column {
        rest.next();
    }
    let rest = rest.as_str();
    let token = rest.split([',', '}', ']', '#']).next()?.trim();
    (!token.is_empty()).then(|| format!(" (hint: quote it: \"{token}\")"))
}

fn out_is_clean(out: &Out) -> bool {
    out.output.exit_code == 0 && out.output.chunks.is_empty()
}

fn create(console: &mut Console, args: &[String], stdin: Option<String>, out: &mut Out) -> Result<(), String> {
    if let Some(first) = args.first()
        && (first == "namespace" || first == "ns")
    {
        const FLAGS: &[Spec] = &[optional_value("validate", "strict"), optional_value("dry-run", "unchanged")];
        let p = parse(&args[1..], FLAGS, "kubectl create namespace")?;
        let [name] = p.args.as_slice() else {
            return Err(format!(
                "error: exactly one NAME is required, got {}\nSee 'kubectl create namespace -h' for help and examples",
                p.args.len()
            ));
        };
        // Complete's order: the name, then the dry run, then the validation directive.
        let dry_run = dry_run_of(&p, console.sim.now(), out)?;
        validation_of(&p)?;
        // A client dry run sends nothing, so the apiserver's checks do not run; a server dry
        // run runs them on a copy of the cluster that is thrown away.
        let created = match dry_run {
            DryRun::None => console.sim.create_namespace(name),
            DryRun::Client => Ok(()),
            DryRun::Server => console.sim.clone().create_namespace(name),
        };
        return match created {
            Ok(()) => {
                out.out(&format!("namespace/{name} created{}\n", dry_run.suffix()));
                Ok(())
            }
            Err(e) => Err(api_error(&e, None, true)),
        };
    }
    apply(console, args, stdin, true, out)
}

/// `TYPE NAME…`, `TYPE/NAME…`, or `TYPE` alone.
fn resource_args(args: &[String]) -> Result<Vec<(Resource, Option<String>)>, String> {
    let mut out = Vec::new();
    if args.is_empty() {
        return Ok(out);
    }
    if args[0].contains('/') {
        for a in args {
            let (t, n) = a.split_once('/').ok_or_else(|| "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string())?;
            let r = Resource::parse(t)
                .ok_or_else(|| format!("error: the server doesn't have a resource type {:?}", GoStr(t)))?;
            out.push((r, Some(n.to_string())));
        }
        return Ok(out);
    }
    let r = Resource::parse(&args[0])
        .ok_or_else(|| format!("error: the server doesn't have a resource type {:?}", GoStr(&args[0])))?;
    if args.len() == 1 {
        out.push((r, None));
    } else {
        for n in &args[1..] {
            out.push((r.clone(), Some(n.clone())));
        }
    }
    Ok(out)
}

const GET_FLAGS: &[Spec] = &[
    flag("output", Some('o'), true),
    flag("selector", Some('l'), true),
    flag("field-selector", None, true),
    flag("show-labels", None, false),
    flag("watch", Some('w'), false),
    flag("sort-by", None, true),
    flag("label-columns", Some('L'), true),
];

fn get_cmd(console: &mut Console, args: &[String], out: &mut Out) -> Result<(), String> {
    let p = parse(args, GET_FLAGS, "kubectl get")?;
    let format = Format::parse(p.get("output"))?;
    let selector = p.get("selector").map(Selector::parse).transpose().map_err(|e| format!("error: {e}"))?;
    let ns = namespace_of(&p);
    let targets = resource_args(&p.args)?;
    if targets.is_empty() {
        return Err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples".into());
    }
    let resource = targets[0].0.clone();
    let names: Vec<String> = targets.iter().filter_map(|t| t.1.clone()).collect();
    let field_selector = field_selector_of(&p, &resource)?;
    let req = get::Request {
        resource,
        names,
        namespace: ns,
        all_namespaces: p.bool("all-namespaces"),
        selector,
        field_selector,
        format,
        show_labels: p.bool("show-labels"),
        label_columns: p.all("label-columns").iter().flat_map(|c| c.split(',').map(str::to_string)).collect(),
    };
    get::get(&console.sim, &req, out);
    Ok(())
}

/// `--field-selector`, parsed and checked as the apiserver does for a list of `resource`: its
/// refusal is the list's, in kubectl's words.
fn field_selector_of(p: &Parsed, resource: &Resource) -> Result<Option<crate::fields::FieldSelector>, String> {
    let Some(text) = p.get("field-selector") else { return Ok(None) };
    let parsed = crate::fields::FieldSelector::parse(text).and_then(|f| f.check(resource).map(|()| f));
    parsed.map(Some).map_err(|message| {
        crate::words::escape_control(&crate::errors::list_refused(resource, p.get("selector"), text, &message))
            .into_owned()
    })
}

const DELETE_FLAGS: &[Spec] = &[
    flag("filename", Some('f'), true),
    optional_value("cascade", "background"),
    flag("wait", None, false),
    optional_value("dry-run", "unchanged"),
    int_flag("grace-period"),
    flag("force", None, false),
    flag("selector", Some('l'), true),
    flag("field-selector", None, true),
    flag("ignore-not-found", None, false),
    flag("now", None, false),
    flag("all", None, false),
];

fn cascade_of(p: &Parsed, out: &mut Out) -> Result<Cascade, String> {
    // kubectl's parseCascadingFlag: a Go boolean is the deprecated spelling.
    let Some(value) = p.get("cascade") else { return Ok(Cascade::Background) };
    if let Some(b) = dsplay_core::strconv::go_parse_bool(value) {
        let to = if b { "background" } else { "orphan" };
        out.note(&format!(
            "warning: --cascade={value} is deprecated (boolean value) and can be replaced with --cascade={to}.\n"
        ));
        return Ok(if b { Cascade::Background } else { Cascade::Orphan });
    }
    match value {
        "background" => Ok(Cascade::Background),
        "foreground" => Ok(Cascade::Foreground),
        "orphan" => Ok(Cascade::Orphan),
        other => Err(format!(
            "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
        )),
    }
}

fn delete(console: &mut Console, args: &[String], stdin: Option<String>, out: &mut Out) -> Result<(), String> {
    let p = parse(args, DELETE_FLAGS, "kubectl delete")?;
    let cascade = cascade_of(&p, out)?;
    let ns = namespace_of(&p);
    let wait = p.get("wait") != Some("false");
    let grace = p.int64("grace-period", "kubectl delete")?.filter(|g| *g >= 0);
    let dry_run = dry_run_of(&p, console.sim.now(), out)?;
    let mut targets: Vec<(Resource, String, String)> = Vec::new();
    let mut read_error = None;
    if !p.all("filename").is_empty() {
        for (source, text) in read_sources(console, &p, &stdin)? {
            // As apply reads them: the documents before a bad one are deleted, then the error.
            let (objects, bad) = dsplay_core::manifest::parse_documents_until_error(&text);
            if let Some(bad) = bad {
                read_error = Some(yaml_error_text(&source, &bad.document, &bad.error));
            }
            for o in objects {
                let kind = o.value.get("kind").and_then(|v| v.as_str()).unwrap_or_default();
                let version = o.value.get("apiVersion").and_then(|v| v.as_str()).unwrap_or_default();
                let name = o.value.pointer("/metadata/name").and_then(|v| v.as_str()).unwrap_or_default().to_string();
                let obj_ns = o.value.pointer("/metadata/namespace").and_then(|v| v.as_str()).unwrap_or(&ns).to_string();
                targets.push((Resource::from_kind(kind, version), name, obj_ns));
            }
        }
    } else {
        let parsed = resource_args(&p.args)?;
        if parsed.is_empty() {
            return Err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'".into());
        }
        let selector = p.get("selector").map(Selector::parse).transpose().map_err(|e| format!("error: {e}"))?;
        for (r, n) in parsed {
            match n {
                Some(n) => targets.push((r, n, ns.clone())),
                None if p.bool("all") || selector.is_some() || p.get("field-selector").is_some() => {
                    let fields = field_selector_of(&p, &r)?;
                    let mut names = names_of(console, &r, &ns, selector.as_ref());
                    if let Some(f) = &fields {
                        names.retain(|name| match &r {
                            Resource::Pod => console
                                .sim
                                .store()
                                .pods()
                                .get(&(ns.clone(), name.clone()))
                                .is_some_and(|pod| f.matches(&|field| crate::fields::pod_field(pod, field))),
                            _ => f.matches(&|field| crate::fields::other_field(&console.sim, &r, &ns, name, field)),
                        });
                    }
                    if names.is_empty() {
                        out.out("No resources found\n");
                    }
                    targets.extend(names.into_iter().map(|n| (r.clone(), n, ns.clone())));
                }
                None => return Err("error: resource(s) were provided, but no name was specified".into()),
            }
        }
    }
    // A client dry run sends nothing: every target is "deleted", found or not. A server dry
    // run deletes from a copy of the cluster, which is then put back.
    if dry_run == DryRun::Client {
        for (res, name, _) in targets {
            // `%s "%s" %s`: quotes, not %q.
            out.out(&format!("{} \"{name}\" deleted (dry run)\n", res.singular()));
        }
        return read_error.map_or(Ok(()), Err);
    }
    let wait = wait && dry_run == DryRun::None;
    for (res, name, obj_ns) in targets {
        // Each request on the cluster as it is: put back after each.
        let before = (dry_run == DryRun::Server).then(|| console.sim.clone());
        let r = match &res {
            Resource::DaemonSet => console.sim.delete_daemonset(&obj_ns, &name, cascade),
            Resource::Pod => match grace {
                Some(g) => {
                    let key = (obj_ns.clone(), name.clone());
                    if console.sim.store().pods().contains_key(&key) {
                        console.sim.delete_pod_with_grace(&key, g);
                        Ok(())
                    } else {
                        Err(ApiError::NotFound { resource: "pods".into(), name: name.clone() })
                    }
                }
                None => console.sim.delete_pod(&obj_ns, &name),
            },
            Resource::Node => console.sim.delete_node(&name),
            Resource::Namespace => console.sim.delete_namespace(&name),
            Resource::Generic(kind, ..) => console.sim.delete_generic(kind, &obj_ns, &name),
            Resource::ControllerRevision | Resource::Event => {
                out.err(&format!("error: deleting {} is not supported by this playground\n", res.plural()));
                continue;
            }
        };
        match r {
            Ok(()) => {
                if wait {
                    crate::waits::wait_for_deletion(console, &res, &obj_ns, &name);
                }
                out.out(&format!("{} \"{name}\" deleted{}\n", res.singular(), dry_run.suffix()));
            }
            Err(ApiError::NotFound { .. }) if p.bool("ignore-not-found") => {}
            Err(e) => out.err(&format!("{}\n", api_error(&e, None, false))),
        }
        if let Some(sim) = before {
            console.sim = sim;
        }
    }
    read_error.map_or(Ok(()), Err)
}

/// Names of the objects of a kind in a namespace, optionally filtered by labels.
fn names_of(console: &Console, res: &Resource, ns: &str, selector: Option<&Selector>) -> Vec<String> {
    let store = &console.sim.store();
    let ok = |labels: &Labels| selector.is_none_or(|s| s.matches(labels));
    match res {
        Resource::Pod => store
            .pods()
            .values()
            .filter(|p| p.meta.namespace == ns && ok(&p.meta.labels))
            .map(|p| p.meta.name.clone())
            .collect(),
        Resource::DaemonSet => store
            .daemonsets()
            .values()
            .filter(|d| d.meta.namespace == ns && ok(&d.meta.labels))
            .map(|d| d.meta.name.clone())
            .collect(),
        Resource::Node => store.nodes().values().filter(|n| ok(&n.meta.labels)).map(|n| n.meta.name.clone()).collect(),
        Resource::Generic(kind, ..) => store
            .generic()
            .values()
            .filter(|g| &g.kind == kind && ok(&g.meta.labels))
            .map(|g| g.meta.name.clone())
            .collect(),
        _ => Vec::new(),
    }
}

const LABEL_FLAGS: &[Spec] = &[
    flag("overwrite", None, false),
    flag("all", None, false),
    flag("selector", Some('l'), true),
    flag("list", None, false),
    optional_value("dry-run", "unchanged"),
];

/// Why `node_target` found no node.
enum NotNode {
    /// kubectl's own refusal, worded.
    Refused(String),
    /// A kind kubectl knows, but not a node: the playground labels and taints nodes only
    /// (and pods, for `label`, which its caller handles first).
    OtherKind(Resource),
}

fn node_target(args: &[String], verb: &str) -> Result<(String, Vec<String>), NotNode> {
    let usage = || {
        NotNode::Refused(format!(
            "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl {verb} -h' for help and examples"
        ))
    };
    let Some(first) = args.first() else { return Err(usage()) };
    let (res, name, rest) = match first.split_once('/') {
        Some((t, n)) => (t.to_string(), n.to_string(), &args[1..]),
        None => {
            let Some(n) = args.get(1) else { return Err(usage()) };
            (first.clone(), n.clone(), &args[2..])
        }
    };
    match Resource::parse(&res) {
        Some(Resource::Node) => Ok((name, rest.to_vec())),
        Some(other) => Err(NotNode::OtherKind(other)),
        None => Err(NotNode::Refused(format!("error: the server doesn't have a resource type {:?}", GoStr(&res)))),
    }
}

fn label(console: &mut Console, args: &[String], out: &mut Out) -> Result<(), String> {
    let p = parse(args, LABEL_FLAGS, "kubectl label")?;
    // kubectl reads --dry-run first, in Complete.
    let dry_run = dry_run_of(&p, console.sim.now(), out)?;
    // Pods can be labelled too: that is how a pod leaves (or joins) a DaemonSet.
    let is_pod = p
        .args
        .first()
        .is_some_and(|a| matches!(Resource::parse(a.split('/').next().unwrap_or(a)), Some(Resource::Pod)));
    if is_pod {
        return label_pod(console, &p, dry_run, out);
    }
    let (node, changes) = node_target(&p.args, "label").map_err(|e| match e {
        NotNode::Refused(message) => message,
        NotNode::OtherKind(other) => format!("error: this playground can label nodes only (got {})", other.plural()),
    })?;
    // Specs are checked before the object is looked up, as parseLabels runs first.
    apply_label_changes(&Labels::new(), &changes, true, None)?;
    let Some(n) = console.sim.store().nodes().get(&node) else {
        return Err(not_found("nodes", &node));
    };
    let old: Labels = n.meta.labels.as_ref().clone();
    let overwrite = p.bool("overwrite");
    let labels = apply_label_changes(&old, &changes, overwrite, (dry_run != DryRun::Client).then_some(&mut *out))?;
    // Keys are validated by the apiserver, not by kubectl: a client dry run never asks it.
    for k in labels.keys().filter(|k| !old.contains_key(*k) && dry_run != DryRun::Client) {
        if let Err(e) = validate_label_key(k) {
            return Err(format!(
                "The Node {:?} is invalid: metadata.labels: Invalid value: {:?}: {e}",
                GoStr(&node),
                GoStr(k)
            ));
        }
    }
    let word = label_word(&old, &labels, overwrite);
    if labels != old && dry_run == DryRun::None {
        console.sim.set_node_labels(&node, labels).map_err(|e| api_error(&e, None, false))?;
    }
    out.out(&format!("node/{node} {word}{}\n", dry_run.suffix()));
    Ok(())
}

fn label_pod(console: &mut Console, p: &Parsed, dry_run: DryRun, out: &mut Out) -> Result<(), String> {
    let ns = namespace_of(p);
    let (name, changes) = match p.args[0].split_once('/') {
        Some((_, n)) => (n.to_string(), p.args[1..].to_vec()),
        None => match p.args.get(1) {
            Some(n) => (n.clone(), p.args[2..].to_vec()),
            None => return Err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl label -h' for help and examples".into()),
        },
    };
    apply_label_changes(&Labels::new(), &changes, true, None)?;
    let key = (ns.clone(), name.clone());
    let Some(pod) = console.sim.store().pods().get(&key) else {
        return Err(not_found("pods", &name));
    };
    let old = pod.meta.labels.as_ref().clone();
    let labels =
        apply_label_changes(&old, &changes, p.bool("overwrite"), (dry_run != DryRun::Client).then_some(&mut *out))?;
    let word = label_word(&old, &labels, p.bool("overwrite"));
    if labels != old && dry_run == DryRun::None {
        console.sim.set_pod_labels(&ns, &name, labels).map_err(|e| api_error(&e, None, false))?;
    }
    out.out(&format!("pod/{name} {word}{}\n", dry_run.suffix()));
    Ok(())
}

/// `kubectl label`'s parseLabels, validateNoOverwrites and removal: the new label set.
/// `label "k" not found.` is said only on the path that sends a patch: not in a client dry run.
fn apply_label_changes(
    old: &Labels,
    changes: &[String],
    overwrite: bool,
    out: Option<&mut Out>,
) -> Result<Labels, String> {
    if changes.is_empty() {
        return Err("error: at least one label update is required".into());
    }
    let mut add: Vec<(String, String)> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    for c in changes {
        if let Some((k, v)) = c.split_once('=') {
            if v.contains('=') || k.is_empty() {
                return Err(format!("error: invalid label spec: {c}"));
            }
            let errs = dsplay_core::labels::label_value_errors(v);
            if !errs.is_empty() {
                return Err(format!("error: invalid label value: {:?}: {}", GoStr(c), errs.join(";")));
            }
            add.push((k.to_string(), v.to_string()));
        } else if let Some(k) = c.strip_suffix('-') {
            remove.push(k.to_string());
        } else {
            return Err(format!("error: unknown label spec: {c}"));
        }
    }
    if add.iter().any(|(k, _)| remove.contains(k)) {
        return Err("error: can not both modify and remove a label in the same command".into());
    }
    if !overwrite {
        let errs: Vec<String> = add
            .iter()
            .filter_map(|(k, _)| {
                old.get(k).map(|v| format!("'{k}' already has a value ({v}), and --overwrite is false"))
            })
            .collect();
        match errs.len() {
            0 => {}
            1 => return Err(format!("error: {}", errs[0])),
            _ => return Err(errs.join("\n")),
        }
    }
    let mut labels = old.clone();
    let mut notes = String::new();
    for k in &remove {
        if labels.remove(k).is_none() {
            notes.push_str(&format!("label {:?} not found.\n", GoStr(k)));
        }
    }
    if let Some(out) = out
        && !notes.is_empty()
    {
        out.out(&notes);
    }
    for (k, v) in add {
        labels.insert(k, v);
    }
    Ok(labels)
}

/// updateDataChangeMsg compares the serialized objects.
fn label_word(old: &Labels, new: &Labels, overwrite: bool) -> &'static str {
    let size = |l: &Labels| serde_json::to_string(l).map(|s| s.len()).unwrap_or(0);
    if new == old {
        "not labeled"
    } else if !overwrite && size(new) < size(old) {
        "unlabeled"
    } else {
        "labeled"
    }
}

const TAINT_USAGE: &str = "\nSee 'kubectl taint -h' for help and examples";

/// `parseTaint` (taint/utils.go): `key[=value][:Effect]`.
fn parse_taint(spec: &str) -> Result<Taint, String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (key, value, effect) = match parts.as_slice() {
        [key] => (key.to_string(), String::new(), String::new()),
        [kv, effect] => {
            if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(effect) {
                return Err(format!("invalid taint effect: {effect}, unsupported taint effect"));
            }
            let kv: Vec<&str> = kv.split('=').collect();
            match kv.as_slice() {
                [k] => (k.to_string(), String::new(), effect.to_string()),
                [k, v] => {
                    let errs = dsplay_core::labels::label_value_errors(v);
                    if !errs.is_empty() {
                        return Err(format!("invalid taint spec: {spec}, {}", errs.join("; ")));
                    }
                    (k.to_string(), v.to_string(), effect.to_string())
                }
                _ => return Err(format!("invalid taint spec: {spec}")),
            }
        }
        _ => return Err(format!("invalid taint spec: {spec}")),
    };
    if let Err(e) = validate_label_key(&key) {
        return Err(format!("invalid taint spec: {spec}, {e}"));
    }
    Ok(Taint::new(&key, &value, &effect))
}

/// `Taint.ToString()`.
fn taint_string(t: &Taint) -> String {
    match (t.value.is_empty(), t.effect.is_empty()) {
        (true, true) => t.key.clone(),
        (false, true) => format!("{}={}:", t.key, t.value),
        (true, false) => format!("{}:{}", t.key, t.effect),
        (false, false) => format!("{}={}:{}", t.key, t.value, t.effect),
    }
}

fn taint(console: &mut Console, args: &[String], out: &mut Out) -> Result<(), String> {
    let p = parse(args, LABEL_FLAGS, "kubectl taint")?;
    let dry_run = dry_run_of(&p, console.sim.now(), out)?;
    let (node, specs) = match node_target(&p.args, "taint") {
        Ok(t) => t,
        Err(NotNode::OtherKind(_)) => {
            let typed =
                p.args.first().map(|a| a.split('/').next().unwrap_or(a).to_ascii_lowercase()).unwrap_or_default();
            return Err(format!("error: invalid resource type {typed}, only node types are supported"));
        }
        Err(NotNode::Refused(message)) => return Err(message),
    };
    if specs.is_empty() {
        return Err("error: at least one taint update is required".into());
    }
    let mut to_add: Vec<Taint> = Vec::new();
    let mut to_remove: Vec<Taint> = Vec::new();
    for s in &specs {
        if let Some(body) = s.strip_suffix('-') {
            to_remove.push(parse_taint(body).map_err(|e| format!("error: {e}{TAINT_USAGE}"))?);
        } else {
            let t = parse_taint(s).map_err(|e| format!("error: {e}{TAINT_USAGE}"))?;
            if t.effect.is_empty() {
                return Err(format!("error: invalid taint spec: {s}{TAINT_USAGE}"));
            }
            if to_add.iter().any(|x| x.key == t.key && x.effect == t.effect) {
                return Err(format!(
                    "error: duplicated taints with the same key and effect: {{{} {} {} <nil>}}{TAINT_USAGE}",
                    t.key, t.value, t.effect
                ));
            }
            to_add.push(t);
        }
    }
    let Some(n) = console.sim.store().nodes().get(&node) else {
        return Err(not_found("nodes", &node));
    };
    let old = n.taints.clone();
    let overwrite = p.bool("overwrite");
    if !overwrite {
        let exists: Vec<String> = to_add
            .iter()
            .filter(|t| old.iter().any(|o| o.key == t.key && o.effect == t.effect))
            .map(|t| t.key.clone())
            .collect();
        if !exists.is_empty() {
            return Err(format!(
                "error: node {node} already has {} taint(s) with same effect(s) and --overwrite is false",
                exists.join(",")
            ));
        }
    }
    // reorganizeTaints: new taints first, then the old ones they do not replace.
    let mut taints = to_add.clone();
    for o in &old {
        if !taints.iter().any(|t| t.key == o.key && t.effect == o.effect) {
            taints.push(o.clone());
        }
    }
    let added = old.len() != taints.len();
    let mut errs = Vec::new();
    let mut deleted = false;
    for r in &to_remove {
        let before = taints.len();
        taints.retain(|t| !(t.key == r.key && (r.effect.is_empty() || t.effect == r.effect)));
        if taints.len() == before {
            errs.push(format!("taint {:?} not found", GoStr(&taint_string(r))));
        } else {
            deleted = true;
        }
    }
    match errs.len() {
        0 => {}
        1 => return Err(format!("error: {}", errs[0])),
        _ => return Err(errs.join("\n")),
    }
    let word = if (added && deleted) || overwrite {
        "modified"
    } else if added {
        "tainted"
    } else {
        "untainted"
    };
    // kubectl taint's printer has no dry-run suffix: a dry run prints what a real one would.
    if dry_run == DryRun::None {
        console.sim.set_node_taints(&node, taints).map_err(|e| api_error(&e, None, false))?;
    }
    out.out(&format!("node/{node} {word}\n"));
    Ok(())
}

fn cordon(console: &mut Console, args: &[String], on: bool, out: &mut Out) -> Result<(), String> {
    let verb = if on { "cordon" } else { "uncordon" };
    let p = parse(
        args,
        &[optional_value("dry-run", "unchanged"), flag("selector", Some('l'), true)],
        &format!("kubectl {verb}"),
    )?;
    if p.args.is_empty() {
        return Err(format!("error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples"));
    }
    let dry_run = dry_run_of(&p, console.sim.now(), out)?;
    let suffix = dry_run.suffix();
    // kubectl reads every node before it changes any: the first missing one stops them all.
    let missing = p
        .args
        .iter()
        .map(|n| n.strip_prefix("node/").unwrap_or(n))
        .find(|n| console.sim.store().nodes().get(n).is_none());
    if let Some(node) = missing {
        return Err(crate::errors::not_found("nodes", node));
    }
    for node in &p.args {
        let node = node.strip_prefix("node/").unwrap_or(node);
        let changed = match dry_run {
            DryRun::None => console.sim.set_node_unschedulable(node, on),
            _ => match console.sim.store().nodes().get(node) {
                Some(n) => Ok(n.unschedulable != on),
                None => Err(ApiError::NotFound { resource: "nodes".into(), name: node.to_string() }),
            },
        };
        match changed {
            Ok(true) => out.out(&format!("node/{node} {verb}ed{suffix}\n")),
            Ok(false) => out.out(&format!("node/{node} already {verb}ed{suffix}\n")),
            Err(e) => out.err(&format!("{}\n", api_error(&e, None, false))),
        }
    }
    Ok(())
}

const ROLLOUT_FLAGS: &[Spec] =
    &[duration_flag("timeout"), flag("watch", Some('w'), false), int_flag("revision"), int_flag("to-revision")];

fn ds_arg(args: &[String], verb: &str) -> Result<String, String> {
    let targets = resource_args(args)?;
    match targets.as_slice() {
        [(Resource::DaemonSet, Some(name))] => Ok(name.clone()),
        [] => Err(format!(
            "error: required resource not specified\nSee 'kubectl rollout {verb} -h' for help and examples"
        )),
        [(other, _)] if *other != Resource::DaemonSet => {
            Err(format!("error: no {verb} support for {} in this playground: it simulates DaemonSets", other.plural()))
        }
        _ => Err(format!(
            "error: expected one daemonset, as ds/NAME\nSee 'kubectl rollout {verb} -h' for help and examples"
        )),
    }
}

fn rollout(console: &mut Console, args: &[String], out: &mut Out) -> Result<(), String> {
    let Some(verb) = args.first() else {
        return Err("error: a rollout subcommand is required: history, restart, status or undo".into());
    };
    let p = parse(&args[1..], ROLLOUT_FLAGS, &format!("kubectl rollout {verb}"))?;
    let ns = namespace_of(&p);
    match verb.as_str() {
        "status" => {
            let name = ds_arg(&p.args, "status")?;
            let timeout_ns = p.duration("timeout", "kubectl rollout status")?;
            crate::waits::rollout_status(console, &ns, &name, timeout_ns, p.get("watch") != Some("false"), out)
        }
        "history" => {
            let name = ds_arg(&p.args, "history")?;
            let revision = p.int64("revision", "kubectl rollout history")?;
            crate::describe::rollout_history(console, &ns, &name, revision.unwrap_or(0), out)
        }
        "undo" => {
            let name = ds_arg(&p.args, "undo")?;
            let to = p.int64("to-revision", "kubectl rollout undo")?.unwrap_or(0);
            match console.sim.rollout_undo(&ns, &name, to) {
                Ok(None) => out.out(&format!("daemonset.apps/{name} rolled back\n")),
                // kubectl prints the revision as asked for: 0 without --to-revision.
                Ok(Some(_)) => out.out(&format!(
                    "daemonset.apps/{name} skipped rollback (current template already matches revision {to})\n"
                )),
                Err(e) => return Err(api_error(&e, None, false)),
            }
            Ok(())
        }
        "restart" => {
            let name = ds_arg(&p.args, "restart")?;
            console.sim.rollout_restart(&ns, &name).map_err(|e| api_error(&e, None, false))?;
            out.out(&format!("daemonset.apps/{name} restarted\n"));
            Ok(())
        }
        other => Err(format!("error: unknown command {:?} for \"kubectl rollout\"", GoStr(other))),
    }
}

fn set_image(console: &mut Console, args: &[String], out: &mut Out) -> Result<(), String> {
    if args.first().map(String::as_str) != Some("image") {
        return Err("error: this playground supports `kubectl set image ds/NAME CONTAINER=IMAGE`".into());
    }
    let p = parse(&args[1..], &[], "kubectl set image")?;
    let ns = namespace_of(&p);
    let (targets, pairs): (Vec<String>, Vec<String>) = p.args.iter().cloned().partition(|a| !a.contains('='));
    let name = ds_arg(&targets, "set image")?;
    if pairs.is_empty() {
        return Err("error: at least one image update is required".into());
    }
    let images: Vec<(String, String)> =
        pairs.iter().filter_map(|s| s.split_once('=').map(|(a, b)| (a.to_string(), b.to_string()))).collect();
    match console.sim.set_image(&ns, &name, &images) {
        Ok(true) => out.out(&format!("daemonset.apps/{name} image updated\n")),
        Ok(false) => {}
        Err(e) => return Err(api_error(&e, None, false)),
    }
    Ok(())
}
