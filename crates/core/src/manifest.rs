//! Manifest parsing: YAML or JSON text (one or more `---` documents, `v1 List`s) into
//! objects as `serde_json::Value`, with the source line and column of every field kept so
//! that later validation errors can point into the text. Parser budgets refuse alias bombs
//! and deep nesting before they cost anything.

use crate::fasthash::FastMap;
use crate::strconv::{RESOLVE_MAP, go_parse_float, go_parse_int, go_parse_uint, yaml_style_float};
use granit_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Value};
use std::fmt;

/// The apiserver's request-body limit (`MaxRequestBodyBytes`); kubectl sends one object per request.
pub const MAX_OBJECT_BYTES: usize = 3 * 1024 * 1024;
/// Largest text accepted at once: a 5,000-node `kubectl get nodes -o yaml` fits.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// Nesting depth: real manifests need fewer than 20 levels.
pub const MAX_DEPTH: usize = 64;
/// Documents in one stream.
pub const MAX_DOCUMENTS: usize = 1000;

/// One parsed object and where it came from.
#[derive(Clone, Debug)]
pub struct ParsedObject {
    pub value: Value,
    /// 1-based line of the object's first line in the input.
    pub line: usize,
    /// Size of the object's source text, for the apiserver's request limit.
    pub source_bytes: usize,
    /// Location of each field, keyed by JSON path (`spec.template.spec.containers[0].image`).
    pub locations: Locations,
}

/// Field path → (line, column), both 1-based.
#[derive(Clone, Debug, Default)]
pub struct Locations {
    map: FastMap<String, (usize, usize)>,
}

impl Locations {
    /// The location of `path`, or of its closest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(loc) = self.map.get(p) {
                return Some(*loc);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

/// A manifest that could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {} column {}: {}", self.line, self.column, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

/// A YAML node with its source location (1-based line and column).
#[derive(Clone, Debug)]
struct Node {
    line: usize,
    column: usize,
    value: NodeValue,
}

#[derive(Clone, Debug)]
enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    /// Nodes in this subtree, for the alias-expansion budget.
    fn size(&self) -> usize {
        match &self.value {
            NodeValue::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            NodeValue::Map(entries) => 1 + entries.iter().map(|(_, v)| 1 + v.size()).sum::<usize>(),
            _ => 1,
        }
    }
}

/// Resolves a plain scalar as kubectl reads it: sigs.k8s.io/yaml parses with go-yaml v2, which
/// implements YAML 1.1 (`resolve.go`). So `yes`, `on` and `y` are booleans, `0644` is octal,
/// `1_000` is a number, and a label value written that way fails decoding as it does upstream.
fn plain_scalar(text: &str) -> NodeValue {
    // `resolveMap`: its index says what a word means.
    match RESOLVE_MAP.iter().position(|w| *w == text) {
        Some(0..=10) => return NodeValue::Bool(true),
        Some(11..=21) => return NodeValue::Bool(false),
        Some(22..=26) => return NodeValue::Null,
        Some(27..=29) => return NodeValue::Float(f64::NAN),
        Some(30..=35) => return NodeValue::Float(f64::INFINITY),
        Some(_) => return NodeValue::Float(f64::NEG_INFINITY),
        None => {}
    }
    let str = || NodeValue::Str(text.to_string());
    match text.as_bytes()[0] {
        // Not in the map, so maybe a float: `ParseFloat(in)`, underscores kept (`.5_5` is 0.55).
        b'.' => return go_parse_float(text).map_or_else(|_| str(), NodeValue::Float),
        b'0'..=b'9' | b'+' | b'-' => {}
        _ => return str(),
    }
    // Timestamps (`2024-01-02`) come first upstream, but decoding into JSON keeps them as
    // strings, and none of them reads as a number below.
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Ok(i) = go_parse_int(&plain, 0) {
        return NodeValue::Int(i);
    }
    // A uint64 (past int64) reaches the apiserver as Go's JSON float64: kubectl decodes the
    // manifest into an unstructured object first, which keeps only int64 and float64.
    if let Ok(u) = go_parse_uint(&plain, 0) {
        return NodeValue::Float(u as f64);
    }
    if yaml_style_float(&plain)
        && let Ok(f) = go_parse_float(&plain)
    {
        return NodeValue::Float(f);
    }
    // (The `0b`/`-0b` retries upstream repeat what base 0 above already read.) What is left,
    // `1e400` and `0x1ffffffffffffffff` included, stays a string, as kubectl 1.33 reads it.
    str()
}

/// A scalar tagged `!!bool`, `!!int` or `!!float`: go-yaml v2's `resolve` reads its text as a
/// plain scalar whatever its quoting (`!!int "5"` is 5), and refuses it when it reads as another
/// kind, in its own words (`cannot decode !!str `foo` as a !!int`); an int is a float's too.
fn tagged_scalar(value: NodeValue, text: &str, tag: &str) -> Result<NodeValue, String> {
    let kind = match value {
        NodeValue::Bool(_) => "bool",
        NodeValue::Int(_) => "int",
        NodeValue::Float(_) => "float",
        NodeValue::Null => "null",
        _ => "str",
    };
    match value {
        NodeValue::Int(i) if tag == "float" => Ok(NodeValue::Float(i as f64)),
        value if kind == tag => Ok(value),
        _ => Err(format!("cannot decode !!{kind} `{text}` as a !!{tag}")),
    }
}

fn to_json(node: Node, path: &mut String, locs: &mut Locations) -> Result<Value, ParseError> {
    locs.map.insert(path.clone(), (node.line, node.column));
    Ok(match node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(b) => Value::Bool(b),
        NodeValue::Int(i) => Value::from(i),
        // Go's JSON has no infinity or NaN: kubectl fails on the whole document. (Go reports the
        // first in sorted key order; this, the first in the text, which differs only when one
        // document holds several different ones.)
        NodeValue::Float(f) if !f.is_finite() => {
            let text = if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "+Inf"
            } else {
                "-Inf"
            };
            return Err(ParseError {
                line: node.line,
                column: node.column,
                message: format!("json: unsupported value: {text}"),
            });
        }
        NodeValue::Float(f) => unstructured_float(f),
        NodeValue::Str(s) => Value::String(s),
        NodeValue::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(to_json(item, path, locs)?);
                path.truncate(len);
            }
            Value::Array(out)
        }
        NodeValue::Map(entries) => {
            let mut out = Map::new();
            for (key, value) in entries {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&key);
                let v = to_json(value, path, locs)?;
                path.truncate(len);
                // Duplicate keys: the last one wins, as in kubectl's lax decoding.
                out.insert(key, v);
            }
            Value::Object(out)
        }
    })
}

/// Parser budgets: the YAML structure a manifest may have.
const MAX_NODES: usize = 4_000_000;
/// Nodes that aliases may copy in all (real manifests copy few; a bomb is stopped here).
const MAX_ALIAS_NODES: usize = 100_000;

fn err_at(span: &Span, message: impl Into<String>) -> ParseError {
    ParseError { line: span.start.line(), column: span.start.col() + 1, message: message.into() }
}

enum Frame {
    Seq { start: Node, anchor: usize, items: Vec<Node> },
    Map { start: Node, anchor: usize, entries: Vec<(String, Node)>, key: Option<String>, flow: bool },
}

/// Builds one node tree per document from the parser's events, without recursion, refusing
/// deep nesting and alias bombs before they cost anything.
struct Builder {
    stack: Vec<Frame>,
    anchors: FastMap<usize, Node>,
    nodes: usize,
    alias_nodes: usize,
}

impl Builder {
    /// Attaches a finished node to its parent; returns it when it is the document's root.
    fn emit(&mut self, node: Node, anchor: usize, span: &Span) -> Result<Option<Node>, ParseError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(err_at(span, "document too large for this playground"));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => Ok(Some(node)),
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(None)
            }
            Some(Frame::Map { entries, key, .. }) => {
                match key.take() {
                    None => match node.value {
                        NodeValue::Str(s) => *key = Some(s),
                        NodeValue::Int(i) => *key = Some(i.to_string()),
                        NodeValue::Bool(b) => *key = Some(b.to_string()),
                        // sigs.k8s.io/yaml's key: `FormatFloat(f, 'g', -1, 32)`, with go-yaml's
                        // spellings of the infinities and NaN (`1e39` overflows a float32).
                        NodeValue::Float(f) => {
                            let text = crate::strconv::go_format_float32(f, 'g');
                            *key = Some(match text.as_str() {
                                "+Inf" => ".inf".into(),
                                "-Inf" => "-.inf".into(),
                                "NaN" => ".nan".into(),
                                _ => text,
                            })
                        }
                        NodeValue::Null => *key = Some("null".to_string()),
                        _ => return Err(err_at(span, "mapping keys must be scalars")),
                    },
                    Some(k) if k == "<<" => merge_into(entries, node, span)?,
                    Some(k) => entries.push((k, node)),
                }
                Ok(None)
            }
        }
    }
}

/// YAML merge keys (`<<: *base`): entries the mapping does not set itself are copied in.
fn merge_into(entries: &mut Vec<(String, Node)>, node: Node, span: &Span) -> Result<(), ParseError> {
    let sources = match node.value {
        NodeValue::Map(m) => vec![m],
        NodeValue::Seq(items) => items
            .into_iter()
            .map(|i| match i.value {
                NodeValue::Map(m) => Ok(m),
                _ => Err(err_at(span, "merge keys take a mapping or a list of mappings")),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(err_at(span, "merge keys take a mapping or a list of mappings")),
    };
    for source in sources {
        for (k, v) in source {
            if !entries.iter().any(|(e, _)| *e == k) {
                entries.push((k, v));
            }
        }
    }
    Ok(())
}

/// Parses all documents of `text` into node trees with their first line (empty ones skipped).
fn parse_documents(text: &str) -> Result<Vec<Node>, ParseError> {
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder { stack: Vec::new(), anchors: FastMap::default(), nodes: 0, alias_nodes: 0 };
    let mut docs = Vec::new();
    let mut documents = 0;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| ParseError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info(),
        })?;
        let here = |value| Node { line: span.start.line(), column: span.start.col() + 1, value };
        let root = match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > MAX_DOCUMENTS {
                    return Err(err_at(&span, format!("more than {MAX_DOCUMENTS} documents")));
                }
                builder.anchors.clear();
                None
            }
            Event::Scalar(text, style, anchor, tag) => {
                let core = |name| tag.as_ref().is_some_and(|t| t.is_yaml_core_schema_tag(name));
                // An empty key (`: agent`, `{app,: agent}`: the parser's empty scalar, with no
                // source text) is a parse error in go-yaml (libyaml's parser), block or flow.
                if let Some(Frame::Map { key: None, flow, .. }) = builder.stack.last()
                    && span.is_empty()
                    && style == ScalarStyle::Plain
                    && tag.is_none()
                {
                    return Err(err_at(
                        &span,
                        if *flow {
                            "while parsing a flow node, did not find expected node content"
                        } else {
                            "while parsing a block mapping, did not find expected key"
                        },
                    ));
                }
                let tagged = ["bool", "int", "float"].into_iter().find(|n| core(n));
                let value = if tagged.is_some() || style == ScalarStyle::Plain && !core("str") {
                    // (One call of `plain_scalar`, so that it stays inlined in the page's wasm.)
                    let value = plain_scalar(&text);
                    match tagged {
                        Some(tag) => tagged_scalar(value, &text, tag).map_err(|m| err_at(&span, m))?,
                        None => value,
                    }
                } else {
                    NodeValue::Str(text.into_owned())
                };
                builder.emit(here(value), anchor, &span)?
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                let flow = matches!(event, Event::MappingStart(granit_parser::StructureStyle::Flow, ..));
                if builder.stack.len() >= MAX_DEPTH {
                    return Err(err_at(&span, format!("nesting deeper than {MAX_DEPTH} levels")));
                }
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq { start: here(NodeValue::Null), anchor, items: Vec::new() }
                } else {
                    Frame::Map { start: here(NodeValue::Null), anchor, entries: Vec::new(), key: None, flow }
                };
                builder.stack.push(frame);
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match builder.stack.pop() {
                Some(Frame::Seq { start, anchor, items }) => {
                    builder.emit(Node { value: NodeValue::Seq(items), ..start }, anchor, &span)?
                }
                Some(Frame::Map { start, anchor, entries, .. }) => {
                    builder.emit(Node { value: NodeValue::Map(entries), ..start }, anchor, &span)?
                }
                None => None,
            },
            Event::Alias(id) => {
                let Some(target) = builder.anchors.get(&id).cloned() else {
                    // An anchor not yet closed is one the alias sits inside of (`&x {b: *x}`).
                    let open = builder.stack.iter().any(|f| match f {
                        Frame::Seq { anchor, .. } | Frame::Map { anchor, .. } => *anchor == id,
                    });
                    return Err(err_at(&span, if open { "anchor value contains itself" } else { "unknown anchor" }));
                };
                builder.alias_nodes += target.size();
                if builder.alias_nodes > MAX_ALIAS_NODES {
                    // go-yaml's words, though its budget is a ratio of aliased to decoded nodes.
                    return Err(err_at(&span, "document contains excessive aliasing"));
                }
                builder.emit(target, 0, &span)?
            }
            Event::UnresolvedAlias(name) => return Err(err_at(&span, format!("unknown anchor '{name}'"))),
            _ => None,
        };
        if let Some(root) = root {
            docs.push(root);
        }
    }
    Ok(docs)
}

fn is_list(node: &Node) -> bool {
    matches!(&node.value, NodeValue::Map(entries)
        if entries.iter().any(|(k, v)| k == "kind" && matches!(&v.value, NodeValue::Str(s) if s == "List")))
}

/// The items of a `kind: List` node, or the column of a malformed `items` field.
fn list_items(node: Node) -> Result<Vec<Node>, usize> {
    let NodeValue::Map(entries) = node.value else { return Ok(Vec::new()) };
    for (key, value) in entries {
        if key == "items" {
            return match value.value {
                NodeValue::Seq(items) => Ok(items),
                NodeValue::Null => Ok(Vec::new()),
                _ => Err(value.column),
            };
        }
    }
    Ok(Vec::new())
}

fn object(node: Node) -> Result<ParsedObject, ParseError> {
    let line = node.line;
    let mut locations = Locations::default();
    let value = to_json(node, &mut String::new(), &mut locations)?;
    let source_bytes = serde_json::to_string(&value).map(|s| s.len()).unwrap_or(0);
    Ok(ParsedObject { value, line, source_bytes, locations })
}

/// A float as the apiserver receives it from kubectl: Go's JSON writes an integral float
/// below 1e21 without a fraction (`1.0` as `1`), and kubectl's unstructured decoding reads that
/// back as an int64 when it fits, so `minReadySeconds: 1.0` is 1.
fn unstructured_float(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.223_372_036_854_776e18 {
        Value::from(f as i64)
    } else {
        serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

/// Parses a stream of YAML (or JSON) documents into objects; `List`s are expanded item by item.
/// Empty documents are skipped.
pub fn parse_stream(text: &str) -> Result<Vec<ParsedObject>, ParseError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ParseError {
            line: 0,
            column: 0,
            message: format!("Request entity too large: limit is {MAX_OBJECT_BYTES}"),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for root in parse_documents(text)? {
        if matches!(root.value, NodeValue::Null) {
            continue;
        }
        if is_list(&root) {
            let (line, _) = (root.line, root.column);
            let items = list_items(root).map_err(|column| ParseError {
                line,
                column,
                message: "items: expected a list".to_string(),
            })?;
            for item in items {
                out.push(object(item)?);
            }
            continue;
        }
        out.push(object(root)?);
    }
    Ok(out)
}

/// A document of a stream that did not parse, as kubectl reports it: the error with go-yaml's
/// line inside the document, and where the document starts in the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentError {
    /// Line and column within the document (its line 1 follows the `---`).
    pub error: ParseError,
    /// The stream's line that is the document's line 1.
    pub first_line: usize,
    /// The document's text, which go-yaml's line arithmetic counts in.
    pub document: String,
}

/// A stream read as kubectl reads it: its YAML reader cuts the text at `---` lines and each
/// document is converted on its own, so the documents before a bad one are applied, and an
/// error's line counts from its document's start. Returns the objects before the first
/// document that fails, and that failure. Object lines and field locations are the stream's.
pub fn parse_documents_until_error(text: &str) -> (Vec<ParsedObject>, Option<DocumentError>) {
    if text.len() > MAX_INPUT_BYTES {
        let error = ParseError {
            line: 0,
            column: 0,
            message: format!("Request entity too large: limit is {MAX_OBJECT_BYTES}"),
        };
        return (Vec::new(), Some(DocumentError { error, first_line: 1, document: String::new() }));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    // k8s.io/apimachinery's YAMLReader: a line starting with `---` ends the document being
    // read, and may hold nothing more than blanks or a comment; anything else fails the read
    // there, and the document it would have ended is lost with it.
    let (mut first_line, mut start, mut at, mut count) = (1, 0, 0, 0);
    let mut lines = text.split_inclusive('\n').enumerate();
    loop {
        let next = lines.next();
        let (end, separator) = match next {
            None => (text.len(), None),
            Some((i, line)) => {
                at += line.len();
                let Some(rest) = line.strip_prefix("---") else { continue };
                let rest = rest.trim();
                if !rest.is_empty() && !rest.starts_with('#') {
                    let error =
                        ParseError { line: 0, column: 0, message: format!("invalid Yaml document separator: {rest}") };
                    return (out, Some(DocumentError { error, first_line: i + 1, document: String::new() }));
                }
                (at - line.len(), Some((i + 2, at)))
            }
        };
        let document = &text[start..end];
        let fail = |error: ParseError| DocumentError { error, first_line, document: document.to_string() };
        count += 1;
        if count > MAX_DOCUMENTS {
            let error = ParseError { line: 1, column: 1, message: format!("more than {MAX_DOCUMENTS} documents") };
            return (out, Some(fail(error)));
        }
        match parse_stream(document) {
            Ok(objects) => out.extend(objects.into_iter().map(|mut o| {
                let shift = first_line - 1;
                o.line += shift;
                for loc in o.locations.map.values_mut() {
                    loc.0 += shift;
                }
                o
            })),
            Err(e) => return (out, Some(fail(e))),
        }
        match separator {
            Some((line, byte)) => (first_line, start) = (line, byte),
            None => break,
        }
    }
    (out, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_before_a_bad_one_stand_and_errors_count_lines_in_their_document() {
        let text = "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: aa\n--- # two\napiVersion: v1\nkind: Namespace\nmetadata:\n\tname: bb\n---\nkind: never\n";
        let (objects, error) = parse_documents_until_error(text);
        assert_eq!(objects.len(), 1);
        assert_eq!((objects[0].line, objects[0].locations.find("metadata.name")), (2, Some((5, 9))));
        let error = error.unwrap();
        assert_eq!((error.first_line, error.error.line), (7, 4), "{error:?}");
        assert_eq!(error.document, "apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: bb\n");
        // `---x` fails the read at that line, and the document it would have ended is lost.
        let (objects, error) = parse_documents_until_error("a: 1\n---\nb: 2\n---x: 2\nc: 3\n");
        let error = error.unwrap();
        assert_eq!(objects.len(), 1);
        assert_eq!((error.error.message.as_str(), error.first_line), ("invalid Yaml document separator: x: 2", 4));
        // A stream without errors reads whole, empty documents and all.
        let (objects, error) = parse_documents_until_error("---\n---\na: 1\n--- # c\nb: 2");
        assert_eq!((objects.len(), error), (2, None));
    }

    #[test]
    fn multi_document_streams_keep_stream_line_numbers() {
        let text =
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: b\n";
        let objs = parse_stream(text).unwrap();
        assert_eq!(objs.len(), 2);
        assert_eq!(objs[1].value["metadata"]["name"], "b");
        assert_eq!(objs[1].locations.find("metadata.name"), Some((9, 9)));
        assert_eq!(objs[0].locations.find("metadata.name"), Some((4, 9)));
    }

    #[test]
    fn empty_documents_and_comments_are_skipped() {
        for text in ["", "   \n", "# only a comment\n", "---\n---\n"] {
            assert!(parse_stream(text).unwrap().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn lists_are_expanded_with_item_relative_paths() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: a\n- {\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"b\"}}\n";
        let objs = parse_stream(text).unwrap();
        assert_eq!(objs.len(), 2);
        assert_eq!(objs[0].locations.find("metadata.name"), Some((7, 11)));
        assert_eq!(objs[1].line, 8);
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let text = "a: 1\n---\nkind: DaemonSet\nmetadata: {name: x\n";
        let err = parse_stream(text).unwrap_err();
        assert!(err.line >= 4, "{err:?}");
        let tab = "kind: DaemonSet\nmetadata:\n\tname: x\n";
        let err = parse_stream(tab).unwrap_err();
        assert_eq!(err.line, 3, "{err:?}");
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused_quickly() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        assert!(parse_stream(&bomb).is_err());
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let err = parse_stream(&deep).unwrap_err();
        assert!(
            err.message.contains("nesting") || err.message.contains("deep") || err.message.contains("limit"),
            "{err:?}"
        );
        let indents = "- ".repeat(200_000);
        assert!(parse_stream(&indents).is_err());
    }

    #[test]
    fn explicit_tags_resolve_whatever_the_quoting_or_are_refused_in_go_yamls_words() {
        let value = |text: &str| parse_stream(text).map(|o| o[0].value["a"].clone()).map_err(|e| e.message);
        assert_eq!(value("a: !!int \"5\""), Ok(serde_json::json!(5)));
        // A float that is whole reaches the apiserver as an integer, as the unstructured object has it.
        assert_eq!(value("a: !!float 5"), Ok(serde_json::json!(5)));
        assert_eq!(value("a: !!bool 'yes'"), Ok(serde_json::json!(true)));
        assert_eq!(value("a: !!str 5"), Ok(serde_json::json!("5")));
        assert_eq!(value("a: !!int foo"), Err("cannot decode !!str `foo` as a !!int".into()));
        assert_eq!(value("a: !!bool 5"), Err("cannot decode !!int `5` as a !!bool".into()));
        assert_eq!(value("a: !!int 1.5"), Err("cannot decode !!float `1.5` as a !!int".into()));
        assert_eq!(value("a: !!bool ~"), Err("cannot decode !!null `~` as a !!bool".into()));
    }

    #[test]
    fn empty_keys_and_self_containing_anchors_are_parse_errors() {
        let message = |text: &str| parse_stream(text).map_err(|e| e.message).err();
        let block = Some("while parsing a block mapping, did not find expected key".to_string());
        let flow = Some("while parsing a flow node, did not find expected node content".to_string());
        assert_eq!(message("a:\n  : b\n"), block);
        assert_eq!(message("a: {x,: b}\n"), flow);
        assert_eq!(message("a: {: b}\n"), flow);
        // Empty values and a written `~` key are fine.
        assert_eq!(message("a:\nb: {x, y: }\n~: c\n"), None);
        assert_eq!(message("a: &x {b: *x}\n"), Some("anchor value contains itself".to_string()));
        assert_eq!(message("a: &x [*x]\n"), Some("anchor value contains itself".to_string()));
    }

    #[test]
    fn plain_scalars_resolve_as_go_yaml_v2_resolves_them() {
        use NodeValue::*;
        let table: &[(&str, NodeValue)] = &[
            ("yes", Bool(true)),
            ("Y", Bool(true)),
            ("On", Bool(true)),
            ("TRUE", Bool(true)),
            ("no", Bool(false)),
            ("n", Bool(false)),
            ("OFF", Bool(false)),
            ("~", Null),
            ("0644", Int(420)),
            ("0x1F", Int(31)),
            ("0X1f", Int(31)),
            ("0o17", Int(15)),
            ("0b101", Int(5)),
            ("-0b101", Int(-5)),
            ("1_000", Int(1000)),
            ("+12", Int(12)),
            ("-0", Int(0)),
            ("-9223372036854775808", Int(i64::MIN)),
            ("0", Int(0)),
            ("1.0", Float(1.0)),
            ("1.", Float(1.0)),
            (".5", Float(0.5)),
            ("-.5e2", Float(-50.0)),
            ("1e3", Float(1000.0)),
            // A bad octal digit: not an int, but the float pattern takes it.
            ("09", Float(9.0)),
            ("2024-01-02", Str("2024-01-02".into())),
            ("1.2.3", Str("1.2.3".into())),
            ("0x", Str("0x".into())),
            ("0x-1", Str("0x-1".into())),
            ("1e", Str("1e".into())),
            ("+", Str("+".into())),
            ("-.", Str("-.".into())),
            ("inf", Str("inf".into())),
            ("yess", Str("yess".into())),
            ("10m", Str("10m".into())),
            // Checked against kubectl 1.33 (`apply --dry-run=client -o json`).
            (".5_5", Float(0.55)),
            ("1_0.5", Float(10.5)),
            ("0x_1f", Int(31)),
            ("0b1_0", Int(2)),
            ("9223372036854775808", Float(9.223372036854776e18)),
            ("18446744073709551615", Float(1.8446744073709552e19)),
            ("99999999999999999999", Float(1e20)),
            ("1e400", Str("1e400".into())),
            ("0x1ffffffffffffffff", Str("0x1ffffffffffffffff".into())),
        ];
        for (text, want) in table {
            let got = plain_scalar(text);
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "{text}");
        }
    }

    #[test]
    fn numbers_reach_the_apiserver_as_kubectl_sends_them() {
        // Go's JSON writes 1.0 as 1, and kubectl's unstructured decoding keeps it an int64.
        let objs = parse_stream("a: 1.0\nb: 1e20\nc: 1.5\nd: -0.0\ne: 1e1\n").unwrap();
        let v = &objs[0].value;
        assert_eq!(v["a"].as_i64(), Some(1));
        assert_eq!(v["b"].as_f64(), Some(1e20));
        assert!(v["b"].as_i64().is_none());
        assert_eq!(v["c"].as_f64(), Some(1.5));
        assert_eq!(v["d"].as_i64(), Some(0));
        assert_eq!(v["e"].as_i64(), Some(10));
        // Go's JSON has no infinity or NaN: the whole document fails, at the value.
        for (text, word) in [("x: .inf\n", "+Inf"), ("x:\n- -.Inf\n", "-Inf"), ("x: {y: .NaN}\n", "NaN")] {
            let e = parse_stream(text).unwrap_err();
            assert_eq!(e.message, format!("json: unsupported value: {word}"), "{text}");
            assert!(e.line >= 1 && e.column > 1, "{text}: {e:?}");
        }
        // As map keys they are spelled as go-yaml writes them.
        let objs = parse_stream(".inf: a\n-.inf: b\n.nan: c\n").unwrap();
        assert_eq!(objs[0].value, serde_json::json!({".inf": "a", "-.inf": "b", ".nan": "c"}));
        // Other float keys as FormatFloat(f, 'g', -1, 32) spells them: float32 digits.
        let objs = parse_stream("1.5: a\n5.0: b\n0.1: c\n123456789.0: d\n1e39: e\n-2.5e-7: f\n").unwrap();
        let want =
            serde_json::json!({"1.5": "a", "5": "b", "0.1": "c", "1.2345679e+08": "d", ".inf": "e", "-2.5e-07": "f"});
        assert_eq!(objs[0].value, want);
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let objs = parse_stream("\u{feff}kind: Node\r\nmetadata:\r\n  name: a\r\n").unwrap();
        assert_eq!(objs[0].value["metadata"]["name"], "a");
    }
}
