//! Manifest parsing: YAML or JSON text (one or more `---` documents, `v1 List`s) into
//! objects as `serde_json::Value`, with the source line and column of every field kept so
//! that later validation errors can point into the text. Parser budgets refuse alias bombs
//! and deep nesting before they cost anything.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use serde_saphyr::Spanned;
use std::collections::HashMap;
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
    map: HashMap<String, (usize, usize)>,
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

/// A YAML node with its source location.
#[derive(Debug)]
enum Node {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(String, Spanned<Node>)>),
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::UInt(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(i64::try_from(v).map(Node::Int).unwrap_or(Node::Float(v as f64)))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(u64::try_from(v).map(Node::UInt).unwrap_or(Node::Float(v as f64)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Node, E> {
        Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Key>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key.0, value));
        }
        Ok(Node::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// A mapping key: any scalar, kept as its text (JSON object keys are strings).
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Node::deserialize(d)? {
            Node::Str(s) => Ok(Key(s)),
            Node::Bool(b) => Ok(Key(b.to_string())),
            Node::Int(i) => Ok(Key(i.to_string())),
            Node::UInt(u) => Ok(Key(u.to_string())),
            Node::Float(f) => Ok(Key(f.to_string())),
            Node::Null => Ok(Key("null".to_string())),
            Node::Seq(_) | Node::Map(_) => Err(de::Error::custom("mapping keys must be scalars")),
        }
    }
}

fn to_json(node: Spanned<Node>, path: &mut String, locs: &mut Locations) -> Value {
    locs.map.insert(path.clone(), (node.referenced.line() as usize, node.referenced.column() as usize));
    match node.value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Int(i) => Value::from(i),
        Node::UInt(u) => Value::from(u),
        Node::Float(f) => serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null),
        Node::Str(s) => Value::String(s),
        Node::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(to_json(item, path, locs));
                path.truncate(len);
            }
            Value::Array(out)
        }
        Node::Map(entries) => {
            let mut out = Map::new();
            for (key, value) in entries {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&key);
                let v = to_json(value, path, locs);
                path.truncate(len);
                out.insert(key, v);
            }
            Value::Object(out)
        }
    }
}

fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: MAX_DOCUMENTS,
            // A 5,000-node list written out in full is about 1.2 million nodes.
            max_nodes: 4_000_000,
            max_events: 8_000_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
        },
        with_snippet: false,
    };
    // Real manifests replay few aliases (Helm output none); a bomb hits these limits within
    // milliseconds instead of expanding millions of nodes first.
    options.alias_limits.max_total_replayed_events = 100_000;
    options.alias_limits.max_replay_stack_depth = 16;
    options.alias_limits.max_alias_expansions_per_anchor = 1_000;
    options
}

fn parse_error(e: &serde_saphyr::Error, line_offset: usize) -> ParseError {
    let (line, column) = e.location().map(|l| (l.line() as usize, l.column() as usize)).unwrap_or((0, 0));
    let mut message = e.without_snippet().to_string();
    // The crate prefixes its own "line L column C: "; we print the location ourselves.
    if let Some(rest) = message.strip_prefix(&format!("line {line} column {column}: ")) {
        message = rest.to_string();
    }
    if let Some(rest) = message.strip_suffix(&format!(" at line {line}, column {column}")) {
        message = rest.to_string();
    }
    if message.contains("alias replay limit") {
        message = "too many alias expansions (document contains excessive aliasing)".to_string();
    } else if message.contains("budget breached") {
        message = if message.contains("Depth") {
            format!("nesting deeper than {MAX_DEPTH} levels")
        } else if message.contains("lias") || message.contains("nchor") {
            "too many alias expansions (document contains excessive aliasing)".to_string()
        } else {
            format!("document too large for this playground ({message})")
        };
    }
    ParseError { line: if line > 0 { line + line_offset } else { 0 }, column, message }
}

fn is_list(node: &Node) -> bool {
    matches!(node, Node::Map(entries)
        if entries.iter().any(|(k, v)| k == "kind" && matches!(&v.value, Node::Str(s) if s == "List")))
}

/// The items of a `kind: List` node, or the column of a malformed `items` field.
fn list_items(node: Node) -> Result<Vec<Spanned<Node>>, usize> {
    let Node::Map(entries) = node else { return Ok(Vec::new()) };
    for (key, value) in entries {
        if key == "items" {
            return match value.value {
                Node::Seq(items) => Ok(items),
                Node::Null => Ok(Vec::new()),
                _ => Err(value.referenced.column() as usize),
            };
        }
    }
    Ok(Vec::new())
}

fn object(node: Spanned<Node>, line_offset: usize) -> ParsedObject {
    let line = line_offset + node.referenced.line() as usize;
    let mut locations = Locations::default();
    let value = to_json(node, &mut String::new(), &mut locations);
    for loc in locations.map.values_mut() {
        loc.0 += line_offset;
    }
    let source_bytes = serde_json::to_string(&value).map(|s| s.len()).unwrap_or(0);
    ParsedObject { value, line, source_bytes, locations }
}

/// Splits a stream at `---` document markers, returning each document with its first line (0-based).
fn split_documents(text: &str) -> Vec<(usize, &str)> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut start_line = 0;
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_marker = bare == "---" || bare.starts_with("--- ") || bare.starts_with("---\t");
        if is_marker {
            docs.push((start_line, &text[start..offset]));
            // Content after `--- ` on the marker line belongs to the next document; keep the
            // line so that line numbers stay right, blanking the marker itself.
            start = offset;
            start_line = i;
        }
        offset += line.len();
    }
    docs.push((start_line, &text[start..]));
    docs
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
    let docs = split_documents(text);
    if docs.len() > MAX_DOCUMENTS {
        return Err(ParseError { line: 0, column: 0, message: format!("more than {MAX_DOCUMENTS} documents") });
    }
    let mut out = Vec::new();
    for (line_offset, doc) in docs {
        // A marker line parses as an explicit document start, so the document text keeps it.
        let spanned: Option<Spanned<Node>> =
            serde_saphyr::from_str_with_options(doc, options()).map_err(|e| parse_error(&e, line_offset))?;
        let Some(spanned) = spanned else { continue };
        let first_line = line_offset + spanned.referenced.line() as usize;
        if is_list(&spanned.value) {
            let items = list_items(spanned.value).map_err(|column| ParseError {
                line: first_line,
                column,
                message: "items: expected a list".to_string(),
            })?;
            for item in items {
                out.push(object(item, line_offset));
            }
            continue;
        }
        let mut obj = object(spanned, line_offset);
        if obj.value.is_null() {
            continue;
        }
        obj.source_bytes = doc.len();
        out.push(obj);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn bom_and_crlf_are_accepted() {
        let objs = parse_stream("\u{feff}kind: Node\r\nmetadata:\r\n  name: a\r\n").unwrap();
        assert_eq!(objs[0].value["metadata"]["name"], "a");
    }
}
