//! Manifest parsing: YAML or JSON text (one or more `---` documents, `v1 List`s) into
//! objects as `serde_json::Value`, with the source line and column of every field kept so
//! that later validation errors can point into the text. Parser budgets refuse alias bombs
//! and deep nesting before they cost anything.

use crate::fasthash::FastMap;
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
    // `resolveMap`, as words: a lookup table is smaller in the page's wasm than a `match`.
    let is = |words: &str| words.split(' ').any(|w| w == text);
    if is("~ null Null NULL") || text.is_empty() {
        return NodeValue::Null;
    }
    for (words, b) in
        [("y Y yes Yes YES true True TRUE on On ON", true), ("n N no No NO false False FALSE off Off OFF", false)]
    {
        if is(words) {
            return NodeValue::Bool(b);
        }
    }
    if is(".inf .Inf .INF +.inf +.Inf +.INF") {
        return NodeValue::Float(f64::INFINITY);
    }
    if is("-.inf -.Inf -.INF") {
        return NodeValue::Float(f64::NEG_INFINITY);
    }
    if is(".nan .NaN .NAN") {
        return NodeValue::Float(f64::NAN);
    }
    let str = || NodeValue::Str(text.to_string());
    let float = |t: &str| t.parse::<f64>().map_or_else(|_| str(), NodeValue::Float);
    match text.as_bytes()[0] {
        // `strconv.ParseFloat(in)`, read by Rust's parser (see README, Fidelity, for where they differ).
        b'.' => return float(text),
        b'0'..=b'9' | b'+' | b'-' => {}
        _ => return str(),
    }
    // Underscores are dropped, then `strconv.ParseInt(plain, 0, 64)`: a sign, then 0x, 0o, 0b
    // or a bare leading 0 (octal) for the base. A timestamp (`2024-01-02`) stays a string: it
    // has a '-' after its year, which no number has.
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, digits) = match plain.as_bytes().first() {
        Some(b'-') => (true, &plain[1..]),
        Some(b'+') => (false, &plain[1..]),
        _ => (false, plain.as_str()),
    };
    let (radix, body) = match digits.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &digits[2..]),
        [b'0', b'o' | b'O', ..] => (8, &digits[2..]),
        [b'0', b'b' | b'B', ..] => (2, &digits[2..]),
        [b'0', _, ..] => (8, &digits[1..]),
        _ => (10, digits),
    };
    // The digits after the prefix (no sign of their own); past u64, the float below. Go keeps
    // integers past int64 exact (uint64, big.Int); here they become floats (README, Fidelity).
    let mut magnitude = (!body.is_empty()).then_some(0u64);
    for c in body.chars() {
        magnitude =
            magnitude.zip(c.to_digit(radix)).and_then(|(m, d)| m.checked_mul(radix.into())?.checked_add(d.into()));
    }
    if let Some(m) = magnitude {
        let int = if negative { 0i64.checked_sub_unsigned(m) } else { i64::try_from(m).ok() };
        return match int {
            Some(v) => NodeValue::Int(v),
            None => NodeValue::Float(if negative { -(m as f64) } else { m as f64 }),
        };
    }
    // `yamlStyleFloat`, then `ParseFloat`: a sign, digits with at most one dot, an exponent.
    // Rust's float grammar is the same once `inf` and `nan` are kept out.
    let looks_float = plain.bytes().any(|b| b.is_ascii_digit())
        && plain.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float { float(&plain) } else { str() }
}

fn to_json(node: Node, path: &mut String, locs: &mut Locations) -> Value {
    locs.map.insert(path.clone(), (node.line, node.column));
    match node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(b) => Value::Bool(b),
        NodeValue::Int(i) => Value::from(i),
        NodeValue::Float(f) => serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null),
        NodeValue::Str(s) => Value::String(s),
        NodeValue::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(to_json(item, path, locs));
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
                let v = to_json(value, path, locs);
                path.truncate(len);
                // Duplicate keys: the last one wins, as in kubectl's lax decoding.
                out.insert(key, v);
            }
            Value::Object(out)
        }
    }
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
    Map { start: Node, anchor: usize, entries: Vec<(String, Node)>, key: Option<String> },
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
                        NodeValue::Float(f) => *key = Some(f.to_string()),
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
                let is_str = tag.as_ref().is_some_and(|t| t.is_yaml_core_schema_tag("str"));
                let value = if style == ScalarStyle::Plain && !is_str {
                    plain_scalar(&text)
                } else {
                    NodeValue::Str(text.into_owned())
                };
                builder.emit(here(value), anchor, &span)?
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if builder.stack.len() >= MAX_DEPTH {
                    return Err(err_at(&span, format!("nesting deeper than {MAX_DEPTH} levels")));
                }
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq { start: here(NodeValue::Null), anchor, items: Vec::new() }
                } else {
                    Frame::Map { start: here(NodeValue::Null), anchor, entries: Vec::new(), key: None }
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
                    return Err(err_at(&span, "unknown anchor"));
                };
                builder.alias_nodes += target.size();
                if builder.alias_nodes > MAX_ALIAS_NODES {
                    return Err(err_at(&span, "too many alias expansions (document contains excessive aliasing)"));
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

fn object(node: Node) -> ParsedObject {
    let line = node.line;
    let mut locations = Locations::default();
    let value = to_json(node, &mut String::new(), &mut locations);
    let source_bytes = serde_json::to_string(&value).map(|s| s.len()).unwrap_or(0);
    ParsedObject { value, line, source_bytes, locations }
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
            out.extend(items.into_iter().map(object));
            continue;
        }
        out.push(object(root));
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
        ];
        for (text, want) in table {
            let got = plain_scalar(text);
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "{text}");
        }
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let objs = parse_stream("\u{feff}kind: Node\r\nmetadata:\r\n  name: a\r\n").unwrap();
        assert_eq!(objs[0].value["metadata"]["name"], "a");
    }
}
