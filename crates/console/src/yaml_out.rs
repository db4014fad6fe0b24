//! `kubectl get -o yaml` rendering: a port of what `sigs.k8s.io/yaml.Marshal` does
//! to an unstructured object (Go JSON, parsed by go-yaml v2, re-emitted by go-yaml
//! v2's libyaml-derived emitter).
//!
//! What that pipeline implies, and what is reproduced here:
//! * map keys are ordered by go-yaml's key sorter (letters after other
//!   characters, runs of digits compared numerically: `a2` < `a10`);
//! * numbers go through Go's JSON text and back through the YAML resolver, so
//!   integers print verbatim and other floats as `strconv.FormatFloat(f, 'g', -1)`
//!   (`0.000001` becomes `1e-06`, `-0.0` becomes `0`);
//! * a string that would read back as something else (`"true"`, `"1"`, `"1.5"`,
//!   `"null"`, `"~"`, `""`, `"0x1f"`, `"1e3"`, `"yes"`, `"On"`, `"12:30"`, a
//!   timestamp such as `"2024-11-20T09:14:02Z"`) is double-quoted; a string that
//!   cannot be plain for syntactic reasons (`: `, ` #`, leading indicator,
//!   leading/trailing space, ...) is single-quoted; one with control or
//!   non-BMP characters is double-quoted with escapes; one containing a newline
//!   is a literal block (`|`, `|-`, `|+`, with an indentation hint when it
//!   starts with a space) unless it has trailing spaces or control characters;
//! * block sequences are not indented under their mapping key, empty
//!   collections are `{}` / `[]`, and long plain or quoted scalars are folded at
//!   spaces once past column 80, exactly where go-yaml folds them;
//! * hex/octal/binary integers beyond 64 bits (`"0x1ffffffffffffffff"`) are
//!   quoted, as in the `sigs.k8s.io/yaml` (>= v1.5) fork of go-yaml v2 that
//!   current kubectl uses (upstream go-yaml 2.4.0 prints them plain);
//! * go-yaml reading Go's JSON back: a raw U+0085 (NEL, which Go's JSON does
//!   not escape) is a YAML line break, folded like one inside the quoted
//!   scalar; and the inputs on which that read fails (raw DEL, C1 controls,
//!   U+FFFE/U+FFFF; a key containing NEL or longer than 1024 characters as
//!   JSON; NEL followed by `---`/`...`) make kubectl fail, see
//!   [`try_to_kubectl_yaml`].
//!
//! Approximated: exact Unicode general categories in the key sorter for
//! non-ASCII keys (Rust's `is_alphabetic`/`is_numeric` stand in for Go's
//! `unicode.IsLetter`/`IsDigit`); the order of key sets on which go-yaml's
//! comparator is not transitive (`0070o7`, `1100`, `1e3:`), where kubectl's
//! own order varies from run to run with Go's map iteration; and which error
//! is reported when an object has several of the problems above.
//!
//! Verified against `sigs.k8s.io/yaml` 1.3.0 + go-yaml 2.4.0 (Go 1.19) on tens
//! of thousands of generated documents, and against real kubectl output.

use dsplay_core::strconv::{
    NumError, RESOLVE_MAP, big_int_literal, go_format_float, go_json_number, go_parse_float, go_parse_int,
    go_parse_uint, yaml_style_float,
};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// What `kubectl get -o yaml` prints for this object (ends with a newline).
///
/// Never fails: for the rare objects on which kubectl itself fails (see
/// [`try_to_kubectl_yaml`]) this still renders the object as go-yaml would.
pub fn to_kubectl_yaml(v: &Value) -> String {
    let node = build_node(v);
    let mut e = Emitter::new();
    e.emit_node(&node, false, false);
    // DOCUMENT-END (implicit): only a line break.
    e.write_indent();
    e.out
}

/// Like [`to_kubectl_yaml`], but fails where kubectl fails: when go-yaml cannot
/// read back the JSON that `sigs.k8s.io/yaml` hands it. kubectl prints the
/// error as `error: ` followed by the error's `Display`, for example
/// `error converting JSON to YAML: yaml: control characters are not allowed`.
pub fn try_to_kubectl_yaml(v: &Value) -> Result<String, YamlError> {
    check_json_read_back(v)?;
    Ok(to_kubectl_yaml(v))
}

/// Why `kubectl get -o yaml` fails for an object; `Display` is kubectl's
/// message without its `error: ` prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    message: String,
}

impl YamlError {
    /// go-yaml's `parser.fail`: "line N: " only when the line is not 0.
    fn new(line: usize, problem: &str) -> Self {
        let at = if line == 0 { String::new() } else { format!("line {line}: ") };
        YamlError { message: format!("error converting JSON to YAML: yaml: {at}{problem}") }
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

const NEL: char = '\u{85}';

/// Characters go-yaml's reader rejects and Go's JSON encoder leaves raw.
fn is_reader_forbidden(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

fn any_string(v: &Value, pred: &dyn Fn(&str) -> bool) -> bool {
    match v {
        Value::String(s) => pred(s),
        Value::Array(items) => items.iter().any(|i| any_string(i, pred)),
        Value::Object(map) => map.iter().any(|(k, v)| pred(k) || any_string(v, pred)),
        _ => false,
    }
}

/// Replays, in Go's JSON text order, the ways go-yaml fails to read that text.
fn check_json_read_back(v: &Value) -> Result<(), YamlError> {
    if any_string(v, &|s| s.chars().any(is_reader_forbidden)) {
        return Err(YamlError::new(0, "control characters are not allowed"));
    }
    let mut line = 0;
    walk_json_text(v, &mut line)
}

fn walk_json_text(v: &Value, line: &mut usize) -> Result<(), YamlError> {
    match v {
        Value::String(s) => scan_json_string(s, line),
        Value::Array(items) => items.iter().try_for_each(|i| walk_json_text(i, line)),
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            dsplay_core::order::sort_by(&mut entries, |a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            for (key, value) in entries {
                scan_json_string(key, line)?;
                // A simple key must fit on one line and in 1024 characters;
                // otherwise the ':' after it is unexpected.
                if key.contains(NEL) || json_quoted_len(key) > 1024 {
                    return Err(YamlError::new(*line, "did not find expected ',' or '}'"));
                }
                walk_json_text(value, line)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Counts the NEL line breaks of a JSON string and reports a document marker
/// (`---` or `...` then a blank) at the start of a line inside it.
fn scan_json_string(s: &str, line: &mut usize) -> Result<(), YamlError> {
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == NEL {
            *line += 1;
            continue;
        }
        if c == ' ' || i == 0 || chars[i - 1] != NEL {
            continue;
        }
        let marker = chars.get(i..i + 3).is_some_and(|m| m == ['-', '-', '-'] || m == ['.', '.', '.']);
        if marker && matches!(chars.get(i + 3).copied(), Some(' ' | NEL)) {
            // Scanner errors report the (0-based) line plus one.
            return Err(YamlError::new(*line + 1, "found unexpected document indicator"));
        }
    }
    Ok(())
}

/// Length in characters of Go's JSON encoding of `s`, quotes included.
fn json_quoted_len(s: &str) -> usize {
    2 + s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\u{8}' | '\u{c}' | '\n' | '\r' | '\t' => 2,
            '\u{0}'..='\u{1f}' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
            _ => 1,
        })
        .sum::<usize>()
}

/// The string go-yaml reads back from Go's JSON encoding of `s`: inside that
/// double-quoted scalar a raw NEL is a line break, folded with the spaces
/// around it (one break becomes a space, further breaks become newlines).
fn yaml_read_back(s: &str) -> Cow<'_, str> {
    if !s.contains(NEL) {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    loop {
        while let Some(&c) = chars.get(i) {
            if c == ' ' || c == NEL {
                break;
            }
            out.push(c);
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let mut whitespaces = String::new();
        let mut leading_blanks = false;
        let mut trailing_breaks = 0;
        while let Some(&c) = chars.get(i) {
            if c == ' ' {
                if !leading_blanks {
                    whitespaces.push(' ');
                }
            } else if c == NEL {
                if leading_blanks {
                    trailing_breaks += 1;
                } else {
                    whitespaces.clear();
                    leading_blanks = true;
                }
            } else {
                break;
            }
            i += 1;
        }
        if !leading_blanks {
            out.push_str(&whitespaces);
        } else if trailing_breaks == 0 {
            out.push(' ');
        } else {
            out.extend(std::iter::repeat_n('\n', trailing_breaks));
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------
// The value tree as go-yaml's encoder sees it.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

#[derive(Debug)]
enum Node {
    Scalar(String, Style),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

fn build_node(v: &Value) -> Node {
    match v {
        Value::Null => Node::Scalar("null".to_string(), Style::Plain),
        Value::Bool(b) => Node::Scalar(if *b { "true" } else { "false" }.to_string(), Style::Plain),
        Value::Number(n) => Node::Scalar(yaml_number(n), Style::Plain),
        Value::String(s) => string_node(&yaml_read_back(s)),
        Value::Array(items) => Node::Seq(items.iter().map(build_node).collect()),
        Value::Object(map) => {
            let mut entries: Vec<(Cow<'_, str>, &Value)> = map.iter().map(|(k, v)| (yaml_read_back(k), v)).collect();
            merge_sort_by(&mut entries, &|a, b| key_less(&a.0, &b.0));
            Node::Map(entries.into_iter().map(|(k, v)| (string_node(&k), build_node(v))).collect())
        }
    }
}

/// go-yaml's `encoder.stringv` for an untagged string.
fn string_node(s: &str) -> Node {
    let style = if s.contains('\n') {
        Style::Literal
    } else if !resolves_to_non_string(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    };
    Node::Scalar(s.to_string(), style)
}

/// A JSON number after the round trip through Go's JSON text and go-yaml's
/// resolver: integer text stays an integer, anything else becomes a float64
/// printed with `strconv.FormatFloat(f, 'g', -1, 64)`.
fn yaml_number(n: &serde_json::Number) -> String {
    let text = go_json_number(n);
    if let Ok(i) = go_parse_int(&text, 0) {
        return i.to_string();
    }
    if let Ok(u) = go_parse_uint(&text, 0) {
        return u.to_string();
    }
    n.as_f64().map_or(text, |f| go_format_float(f, 'g'))
}

// ---------------------------------------------------------------------------
// go-yaml v2's resolver (resolve.go): would this plain scalar read back as a
// non-string?

/// `resolve("", s)` returns a tag other than `!!str`.
fn resolves_to_non_string(s: &str) -> bool {
    let Some(&first) = s.as_bytes().first() else {
        return true; // "" is null
    };
    let hint = match first {
        b'+' | b'-' => b'S',
        b'0'..=b'9' => b'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
        b'.' => b'.',
        _ => return false,
    };
    if RESOLVE_MAP.contains(&s) {
        return true;
    }
    match hint {
        b'M' => false,
        b'.' => go_parse_float(s).is_ok(),
        _ => resolves_to_number_or_timestamp(s),
    }
}

fn resolves_to_number_or_timestamp(s: &str) -> bool {
    if parse_timestamp(s) {
        return true;
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    if go_parse_int(&plain, 0).is_ok() {
        return true;
    }
    let uint = go_parse_uint(&plain, 0);
    if uint.is_ok() {
        return true;
    }
    if yaml_style_float(&plain) && go_parse_float(&plain).is_ok() {
        return true;
    }
    let binary = match (plain.strip_prefix("0b"), plain.strip_prefix("-0b")) {
        (Some(rest), _) => go_parse_int(rest, 2).is_ok() || go_parse_uint(rest, 2).is_ok(),
        (None, Some(rest)) => go_parse_int(&format!("-{rest}"), 2).is_ok(),
        (None, None) => false,
    };
    if binary {
        return true;
    }
    // Out of range for 64 bits: go-yaml then tries a big.Int.
    uint == Err(NumError::Range) && big_int_literal(&plain)
}

/// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
/// Such strings (`12:30`, `1:20:00`) are quoted for YAML 1.1 parsers.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let first = b.get(i).copied();
        let second = b.get(i + 1).copied();
        match (first, second) {
            (Some(b'0'..=b'5'), Some(b'0'..=b'9')) => i += 2,
            (Some(b'0'..=b'9'), _) => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml's `parseTimestamp`: Go's `time.Parse` with the layouts
/// "2006-1-2T15:4:5.999999999Z07:00", the same with a lower-case `t`,
/// "2006-1-2 15:4:5.999999999" and "2006-1-2".
fn parse_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let i = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if i != 4 || b.get(i) != Some(&b'-') {
        return false;
    }
    timestamp_layout(b, Some(b'T'), true)
        || timestamp_layout(b, Some(b't'), true)
        || timestamp_layout(b, Some(b' '), false)
        || timestamp_layout(b, None, false)
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(b: &[u8], fixed: bool) -> Option<(u32, &[u8])> {
    let d0 = b.first().filter(|c| c.is_ascii_digit())?;
    match b.get(1).filter(|c| c.is_ascii_digit()) {
        Some(d1) => Some((u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'), b.get(2..).unwrap_or_default())),
        None if fixed => None,
        None => Some((u32::from(d0 - b'0'), b.get(1..).unwrap_or_default())),
    }
}

fn expect(b: &[u8], c: u8) -> Option<&[u8]> {
    if b.first() == Some(&c) { b.get(1..) } else { None }
}

fn timestamp_layout(b: &[u8], time_sep: Option<u8>, zone: bool) -> bool {
    timestamp_layout_opt(b, time_sep, zone).is_some()
}

fn timestamp_layout_opt(b: &[u8], time_sep: Option<u8>, zone: bool) -> Option<()> {
    let year: u32 = std::str::from_utf8(b.get(..4)?).ok()?.parse().ok()?;
    let rest = expect(b.get(4..)?, b'-')?;
    let (month, rest) = getnum(rest, false)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let rest = expect(rest, b'-')?;
    let (day, mut rest) = getnum(rest, false)?;
    if let Some(sep) = time_sep {
        rest = if sep == b' ' {
            // A space in a Go layout matches any run of spaces.
            if rest.first().is_some_and(|&c| c != b' ') {
                return None;
            }
            let n = rest.iter().take_while(|&&c| c == b' ').count();
            rest.get(n..)?
        } else {
            expect(rest, sep)?
        };
        let (hour, r) = getnum(rest, false)?;
        let (minute, r) = getnum(expect(r, b':')?, false)?;
        let (second, r) = getnum(expect(r, b':')?, false)?;
        if hour >= 24 || minute >= 60 || second >= 60 {
            return None;
        }
        rest = r;
        // Optional fraction: any number of digits after '.' or ','.
        if rest.len() >= 2 && matches!(rest[0], b'.' | b',') && rest[1].is_ascii_digit() {
            let n = 1 + rest.iter().skip(1).take_while(|c| c.is_ascii_digit()).count();
            rest = rest.get(n..)?;
        }
        if zone {
            if rest.first() == Some(&b'Z') {
                rest = rest.get(1..)?;
            } else {
                if rest.len() < 6 || rest[3] != b':' {
                    return None;
                }
                let (hh, _) = getnum(rest.get(1..3)?, true)?;
                let (mm, _) = getnum(rest.get(4..6)?, true)?;
                if hh > 24 || mm > 60 || !matches!(rest[0], b'+' | b'-') {
                    return None;
                }
                rest = rest.get(6..)?;
            }
        }
    }
    if !rest.is_empty() {
        return None;
    }
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days_in_month).contains(&day).then_some(())
}

// ---------------------------------------------------------------------------
// go-yaml's map key order (sorter.go) for string keys.

fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    for i in 0..ar.len().min(br.len()) {
        let (ac, bc) = (ar[i], br[i]);
        if ac == bc {
            continue;
        }
        let (al, bl) = (is_letter(ac), is_letter(bc));
        if al && bl {
            return ac < bc;
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ac == '0' || bc == '0' {
            for j in (0..i).rev() {
                if !is_digit(ar[j]) {
                    break;
                }
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(ar[ai]) {
            an = an.wrapping_mul(10).wrapping_add(i64::from(u32::from(ar[ai])) - i64::from(b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(br[bi]) {
            bn = bn.wrapping_mul(10).wrapping_add(i64::from(u32::from(br[bi])) - i64::from(b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ac < bc;
    }
    ar.len() < br.len()
}

/// A stable merge sort that never panics, whatever the comparator does.
fn merge_sort_by<T>(items: &mut Vec<T>, less: &dyn Fn(&T, &T) -> bool) {
    if items.len() <= 1 {
        return;
    }
    let mut right = items.split_off(items.len() / 2);
    merge_sort_by(items, less);
    merge_sort_by(&mut right, less);
    let left = std::mem::take(items);
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    loop {
        let take_right = match (l.peek(), r.peek()) {
            (Some(x), Some(y)) => less(y, x),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right { r.next() } else { l.next() };
        merged.extend(next);
    }
    *items = merged;
}

// ---------------------------------------------------------------------------
// go-yaml v2's emitter (emitterc.go), specialised to untagged, anchor-less
// block output with unicode enabled, best_indent 2 and best_width 80.

const BEST_INDENT: isize = 2;
const BEST_WIDTH: usize = 80;

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_blankz(c: char) -> bool {
    is_blank(c) || is_break(c) || c == '\0'
}

/// libyaml's `is_printable`: no C0/C1 controls, no surrogates, no U+FEFF,
/// U+FFFE, U+FFFF, and nothing outside the Basic Multilingual Plane.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}') && c != '\u{feff}'
}

#[derive(Clone, Copy, Debug)]
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// `yaml_emitter_analyze_scalar`.
fn analyze(value: &str) -> Analysis {
    let chars: Vec<char> = value.chars().collect();
    if chars.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    // Flow indicators are not tracked: scalars are only ever written in block
    // context (see `select_style`).
    let mut block_indicators = value.starts_with("---") || value.starts_with("...");
    let (mut line_breaks, mut special_characters) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) = (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);

    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = chars.get(i + 1).is_none_or(|&n| is_blank(n));
        let last = i + 1 == chars.len();
        let indicator = if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => true,
                '?' | ':' | '-' => followed_by_whitespace,
                _ => false,
            }
        } else {
            match c {
                ':' => followed_by_whitespace,
                '#' => preceded_by_whitespace,
                _ => false,
            }
        };
        block_indicators |= indicator;
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(c);
    }

    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.block_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

struct Emitter {
    out: String,
    /// Column in characters.
    column: usize,
    indent: isize,
    indents: Vec<isize>,
    whitespace: bool,
    indention: bool,
    mapping_context: bool,
    simple_key_context: bool,
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            mapping_context: false,
            simple_key_context: false,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// `yaml_emitter_emit_node` (the root, sequence item and mapping contexts
    /// only matter through `mapping_context` and `simple_key_context` here).
    fn emit_node(&mut self, node: &Node, mapping: bool, simple_key: bool) {
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match node {
            Node::Scalar(text, style) => self.emit_scalar(text, *style),
            Node::Seq(items) if items.is_empty() => self.write_indicator("[]", true, false, false),
            Node::Map(entries) if entries.is_empty() => self.write_indicator("{}", true, false, false),
            Node::Seq(items) => self.emit_block_sequence(items),
            Node::Map(entries) => self.emit_block_mapping(entries),
        }
    }

    fn emit_block_sequence(&mut self, items: &[Node]) {
        let indentless = self.mapping_context && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.emit_node(item, false, false);
        }
        self.pop_indent();
    }

    fn emit_block_mapping(&mut self, entries: &[(Node, Node)]) {
        self.increase_indent(false, false);
        for (key, value) in entries {
            self.write_indent();
            if is_simple_key(key) {
                self.emit_node(key, true, true);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.emit_node(key, true, false);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.emit_node(value, true, false);
        }
        self.pop_indent();
    }

    /// `yaml_emitter_select_scalar_style`. Only empty collections are written
    /// in flow style, so scalars are always in block context (flow level 0).
    fn select_style(&self, value: &str, requested: Style, a: &Analysis) -> Style {
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain {
            if !a.block_plain_allowed {
                style = Style::SingleQuoted;
            }
            if value.is_empty() && self.simple_key_context {
                style = Style::SingleQuoted;
            }
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || self.simple_key_context) {
            style = Style::DoubleQuoted;
        }
        style
    }

    fn emit_scalar(&mut self, value: &str, requested: Style) {
        let a = analyze(value);
        let style = self.select_style(value, requested, &a);
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain(value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(value, allow_breaks),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && chars.get(i + 1) != Some(&' ') {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < chars.len()
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        // libyaml's is_bom() looks at the start of the value, not at the
        // current character: a leading U+FEFF escapes everything.
        let starts_with_bom = value.starts_with('\u{feff}');
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || starts_with_bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{7}' => self.put('a'),
                    '\u{8}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{b}' => self.put('v'),
                    '\u{c}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1b}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    _ => {
                        let v = u32::from(c);
                        let (indicator, width) = if v <= 0xff {
                            ('x', 2)
                        } else if v <= 0xffff {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(indicator);
                        for k in (0..width).rev() {
                            let digit = (v >> (4 * k)) & 0xf;
                            self.put(char::from_digit(digit, 16).unwrap_or('0').to_ascii_uppercase());
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < chars.len() {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_block_scalar_hints(&mut self, value: &str) {
        let mut chars = value.chars();
        if chars.clone().next().is_some_and(|c| c == ' ' || is_break(c)) {
            // Indentation indicator: best_indent.
            self.write_indicator("2", false, false, false);
        }
        let last = chars.next_back();
        let before_last = chars.next_back();
        let chomp = match (last, before_last) {
            (None, _) => Some("-"),
            (Some(l), _) if !is_break(l) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(b)) if is_break(b) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        self.write_block_scalar_hints(value);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// `yaml_emitter_check_simple_key` for a mapping key.
fn is_simple_key(key: &Node) -> bool {
    match key {
        Node::Scalar(text, _) => !analyze(text).multiline && text.len() <= 128,
        Node::Seq(items) => items.is_empty(),
        Node::Map(entries) => entries.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(v: Value) -> String {
        to_kubectl_yaml(&v)
    }

    /// A string as the value of key `k`, the way kubectl prints it.
    fn value_line(s: &str) -> String {
        yaml(json!({ "k": s }))
    }

    #[test]
    fn plain_strings_stay_plain() {
        let cases = [
            "hello",
            "apps/v1",
            "nginx:1.25",
            "k8s.gcr.io/kube-proxy:v1.21.1",
            "--config=/var/lib/kube-proxy/config.conf",
            "--hostname-override=$(NODE_NAME)",
            "a:b",
            "a#b",
            "a,b",
            "hello world",
            "<<",
            "-a",
            "?a",
            ":a",
            "2024-11-20T09:14:02",
            "2024-13-01",
            "2023-02-29",
            "1:60",
            "1e400",
            "0x",
            "0.1.2",
            "v1.2",
            "yess",
            "nul",
            "truE",
            "日本語",
            "é",
            "1.2.3.4",
            "_1",
            "~a",
            "a~",
            ".",
            ".a",
            "._5",
            "61a669f1-9bf5-468f-af5e-bddbb70e0dd8",
            "10.96.0.1",
            "100m",
            "200Mi",
            "443/TCP",
        ];
        for s in cases {
            assert_eq!(value_line(s), format!("k: {s}\n"), "{s:?}");
        }
    }

    #[test]
    fn strings_that_would_resolve_to_another_type_are_double_quoted() {
        let cases = [
            "",
            "true",
            "True",
            "TRUE",
            "false",
            "yes",
            "Yes",
            "YES",
            "no",
            "No",
            "NO",
            "y",
            "Y",
            "n",
            "N",
            "on",
            "On",
            "ON",
            "off",
            "Off",
            "OFF",
            "null",
            "Null",
            "NULL",
            "~",
            "1",
            "0",
            "-1",
            "+1",
            "503",
            "1.5",
            "-1.5",
            ".5",
            "+.5",
            "1.",
            "1e3",
            "1E3",
            "1e+3",
            "1.5e-7",
            "0x1f",
            "0X1F",
            "0o17",
            "0b101",
            "0755",
            "08",
            "1_000",
            "0b-101",
            ".nan",
            ".NaN",
            ".inf",
            "-.inf",
            "+.INF",
            ".5_5",
            "12:30",
            "1:20:00",
            "-1:30",
            "190:20:30.15",
            "2024-11-20T09:14:02Z",
            "2024-11-20t09:14:02Z",
            "2024-11-20T09:14:02.123456789Z",
            "2024-11-20T09:14:02+01:00",
            "2024-1-2T3:4:5-07:00",
            "2024-11-20 09:14:02",
            "2024-11-20   9:14:02.5",
            "2024-11-20",
            "2024-2-29",
            "2000-02-29",
            "99999999999999999999",
            "0xFFFFFFFFFFFFFFFFFFFF",
            "9223372036854775808",
            "18446744073709551615",
        ];
        for s in cases {
            assert_eq!(value_line(s), format!("k: \"{s}\"\n"), "{s:?}");
        }
    }

    #[test]
    fn strings_that_cannot_be_plain_are_single_quoted() {
        let cases = [
            ("*", "'*'"),
            ("&anchor", "'&anchor'"),
            ("!tag", "'!tag'"),
            ("|", "'|'"),
            (">", "'>'"),
            ("%x", "'%x'"),
            ("@x", "'@x'"),
            ("`x", "'`x'"),
            ("#x", "'#x'"),
            ("[x", "'[x'"),
            ("]x", "']x'"),
            ("{x}", "'{x}'"),
            (",x", "',x'"),
            ("'quoted'", "'''quoted'''"),
            ("\"dq\"", "'\"dq\"'"),
            ("- item", "'- item'"),
            ("? x", "'? x'"),
            (": x", "': x'"),
            ("-", "'-'"),
            ("?", "'?'"),
            (":", "':'"),
            ("a: b", "'a: b'"),
            ("a:", "'a:'"),
            ("a #b", "'a #b'"),
            (" lead", "' lead'"),
            ("trail ", "'trail '"),
            ("---", "'---'"),
            ("...x", "'...x'"),
            ("it's: x", "'it''s: x'"),
            ("*.example.com", "'*.example.com'"),
        ];
        for (s, want) in cases {
            assert_eq!(value_line(s), format!("k: {want}\n"), "{s:?}");
        }
    }

    #[test]
    fn strings_with_special_characters_are_double_quoted_with_escapes() {
        let cases = [
            ("tab\there", r#""tab\there""#),
            ("nul\0", r#""nul\0""#),
            ("bell\u{7}", r#""bell\a""#),
            ("esc\u{1b}[0m", r#""esc\e[0m""#),
            ("cr\r", r#""cr\r""#),
            ("del\u{7f}", r#""del\x7F""#),
            ("c1\u{80}", r#""c1\x80""#),
            ("c1\u{9f}", r#""c1\x9F""#),
            ("emoji 😀", r#""emoji \U0001F600""#),
            ("bom\u{feff}", r#""bom\uFEFF""#),
            ("\u{feff}ab", r#""\uFEFF\x61\x62""#),
            ("quote\" and \\ with\ttab", r#""quote\" and \\ with\ttab""#),
            ("true\t", r#""true\t""#),
        ];
        for (s, want) in cases {
            assert_eq!(value_line(s), format!("k: {want}\n"), "{s:?}");
        }
    }

    #[test]
    fn unicode_line_separators_are_not_plain() {
        assert_eq!(value_line("a\u{2028}b"), "k: 'a\u{2028}  b'\n");
        assert_eq!(value_line("a \u{2028}b"), "k: \"a \\Lb\"\n");
    }

    #[test]
    fn multi_line_strings_use_literal_blocks() {
        let cases = [
            ("a\nb\n", "k: |\n  a\n  b\n"),
            ("a\nb", "k: |-\n  a\n  b\n"),
            ("a\nb\n\n", "k: |+\n  a\n  b\n\n"),
            ("\n", "k: |2+\n\n"),
            ("\n\n", "k: |2+\n\n\n"),
            ("  indented\nx", "k: |2-\n    indented\n  x\n"),
            ("\nleading break", "k: |2-\n\n  leading break\n"),
            ("a\n\nb", "k: |-\n  a\n\n  b\n"),
            ("true\n", "k: |\n  true\n"),
            ("x: 1\ny: [2]\n", "k: |\n  x: 1\n  y: [2]\n"),
        ];
        for (s, want) in cases {
            assert_eq!(value_line(s), want, "{s:?}");
        }
    }

    #[test]
    fn multi_line_strings_with_trailing_spaces_or_tabs_are_double_quoted() {
        assert_eq!(value_line("a \nb"), "k: \"a \\nb\"\n");
        assert_eq!(value_line("a\n\tb"), "k: \"a\\n\\tb\"\n");
        assert_eq!(value_line("a\nb "), "k: \"a\\nb \"\n");
    }

    #[test]
    fn literal_blocks_inside_sequences_and_nested_maps_indent_under_their_parent() {
        let v = json!({"a": {"b": ["x\ny\n", {"c": "p\nq"}]}});
        assert_eq!(yaml(v), "a:\n  b:\n  - |\n    x\n    y\n  - c: |-\n      p\n      q\n");
    }

    #[test]
    fn long_plain_strings_fold_at_the_first_space_past_column_80() {
        let words = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.";
        let v = json!({"properties": {"apiVersion": {"description": words}}});
        assert_eq!(
            yaml(v),
            "properties:\n  apiVersion:\n    description: APIVersion defines the versioned schema of this representation of\n      an object. Servers should convert recognized schemas to the latest internal\n      value, and may reject unrecognized values.\n"
        );
    }

    #[test]
    fn long_single_quoted_crd_descriptions_fold_like_real_kubectl_output() {
        // As printed by `kubectl get crd ... -o yaml` (and controller-gen).
        let api_version = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
        let kind = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
        let v = json!({"a": {"b": {"c": {"d": {"e": {
            "apiVersion": {"description": api_version, "type": "string"},
            "kind": {"description": kind, "type": "string"}
        }}}}}});
        let want = "a:\n  b:\n    c:\n      d:\n        e:\n\
\x20         apiVersion:\n\
\x20           description: 'APIVersion defines the versioned schema of this representation\n\
\x20             of an object. Servers should convert recognized schemas to the latest\n\
\x20             internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources'\n\
\x20           type: string\n\
\x20         kind:\n\
\x20           description: 'Kind is a string value representing the REST resource this\n\
\x20             object represents. Servers may infer this from the endpoint the client\n\
\x20             submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'\n\
\x20           type: string\n";
        assert_eq!(yaml(v), want);
    }

    #[test]
    fn long_double_quoted_strings_fold_and_escape_leading_spaces() {
        let s = format!("{}  two spaces\tand a tab at the end of a long line", "x".repeat(78));
        assert_eq!(
            value_line(&s),
            format!("k: \"{}\n  \\ two spaces\\tand a tab at the end of a long line\"\n", "x".repeat(78))
        );
    }

    #[test]
    fn multiple_spaces_are_never_folded_in_plain_scalars() {
        let s = format!("{}  b c", "a".repeat(85));
        assert_eq!(value_line(&s), format!("k: {}  b\n  c\n", "a".repeat(85)));
        let s = format!("{} b", "a".repeat(85));
        assert_eq!(value_line(&s), format!("k: {}\n  b\n", "a".repeat(85)));
    }

    #[test]
    fn long_words_without_spaces_are_never_folded() {
        let s = "a".repeat(200);
        assert_eq!(value_line(&s), format!("k: {s}\n"));
    }

    #[test]
    fn keys_are_never_folded() {
        let key = format!("{} {}", "k".repeat(90), "x");
        assert_eq!(yaml(json!({ key.clone(): 1 })), format!("{key}: 1\n"));
    }

    #[test]
    fn numbers_bools_and_null_print_like_go_yaml_after_the_json_round_trip() {
        let cases = [
            (json!(0), "0"),
            (json!(-5), "-5"),
            (json!(i64::MAX), "9223372036854775807"),
            (json!(i64::MIN), "-9223372036854775808"),
            (json!(u64::MAX), "18446744073709551615"),
            (json!(1.5), "1.5"),
            (json!(2.0), "2"),
            (json!(-0.0), "0"),
            (json!(0.000001), "1e-06"),
            (json!(0.0001), "0.0001"),
            (json!(1e21), "1e+21"),
            (json!(1e20), "1e+20"),
            (json!(1e19), "10000000000000000000"),
            (json!(123456.5), "123456.5"),
            (json!(1234567.5), "1.2345675e+06"),
            (json!(true), "true"),
            (json!(false), "false"),
            (json!(null), "null"),
        ];
        for (v, want) in cases {
            assert_eq!(yaml(json!({ "k": v })), format!("k: {want}\n"), "{v}");
        }
    }

    #[test]
    fn root_scalars_and_empty_collections_print_on_one_line() {
        assert_eq!(yaml(json!({})), "{}\n");
        assert_eq!(yaml(json!([])), "[]\n");
        assert_eq!(yaml(json!(null)), "null\n");
        assert_eq!(yaml(json!("x")), "x\n");
        assert_eq!(yaml(json!("true")), "\"true\"\n");
        assert_eq!(yaml(json!("a\nb")), "|-\n  a\n  b\n");
        assert_eq!(yaml(json!(7)), "7\n");
    }

    #[test]
    fn sequences_under_keys_are_not_indented_and_nested_sequences_share_a_line() {
        let v = json!({
            "containers": [{"image": "nginx", "name": "web"}, {"name": "y", "args": ["a", "b"]}],
            "matrix": [["a", "b"], [], [["c"]]],
            "empty": {"list": [], "map": {}},
            "top": [{}, [], null, {"a": {}}]
        });
        assert_eq!(
            yaml(v),
            "containers:\n\
             - image: nginx\n  name: web\n\
             - args:\n  - a\n  - b\n  name: \"y\"\n\
             empty:\n  list: []\n  map: {}\n\
             matrix:\n- - a\n  - b\n- []\n- - - c\n\
             top:\n- {}\n- []\n- null\n- a: {}\n"
        );
    }

    #[test]
    fn a_root_sequence_is_not_indented() {
        assert_eq!(yaml(json!([1, {"a": 1, "b": [2]}])), "- 1\n- a: 1\n  b:\n  - 2\n");
    }

    #[test]
    fn keys_follow_the_scalar_quoting_rules() {
        let v = json!({"true": 1, "": 2, "a: b": 3, "1": 4, "plain": 5, "x\ty": 6, "2024-01-01": 7});
        assert_eq!(yaml(v), "\"\": 2\n\"1\": 4\n\"2024-01-01\": 7\n'a: b': 3\nplain: 5\n\"true\": 1\n\"x\\ty\": 6\n");
    }

    #[test]
    fn multi_line_and_very_long_keys_become_complex_keys() {
        assert_eq!(yaml(json!({"a\nb": 1})), "? |-\n  a\n  b\n: 1\n");
        let long = "k".repeat(129);
        assert_eq!(yaml(json!({ long.clone(): "v" })), format!("? {long}\n: v\n"));
        let fits = "k".repeat(128);
        assert_eq!(yaml(json!({ fits.clone(): "v" })), format!("{fits}: v\n"));
    }

    #[test]
    fn keys_sort_like_go_yaml() {
        let v = json!({
            "b": 1, "a": 1, "a10": 1, "a9": 1, "a_b": 1, "aB": 1, "a-b": 1, "A": 1,
            "x01": 1, "x1": 1, "x001": 1, "10": 1, "9": 1, "item2b": 1, "item12a": 1
        });
        let keys: Vec<String> =
            yaml(v).lines().map(|l| l.split(": ").next().unwrap_or_default().trim_matches('"').to_string()).collect();
        assert_eq!(
            keys,
            ["9", "10", "A", "a", "a-b", "a_b", "a9", "a10", "aB", "b", "item2b", "item12a", "x1", "x01", "x001"]
        );
    }

    #[test]
    fn key_comparison_matches_go_yaml_rules() {
        let cases = [
            ("a", "b", true),
            ("b", "a", false),
            ("a", "ab", true),
            ("a2", "a10", true),
            ("a10", "a2", false),
            ("a_b", "aB", true),
            ("aB", "a_b", false),
            ("x1", "x01", true),
            ("x01", "x1", false),
            ("a01", "a1", false),
            ("a-1", "a.1", true),
            ("1a", "a1", true),
            ("a", "a", false),
            ("b10x", "b10y", true),
        ];
        for (a, b, want) in cases {
            assert_eq!(key_less(a, b), want, "{a:?} < {b:?}");
        }
    }

    #[test]
    fn the_resolver_recognises_go_yaml_timestamps_only() {
        let yes = [
            "2001-12-14",
            "2001-12-14t21:59:43.10Z",
            "2001-12-14T21:59:43,10Z",
            "2001-12-14 21:59:43.10",
            "2001-1-2 3:4:5",
            "2024-02-29",
        ];
        let no = [
            "2001-12-14T21:59:43",
            "2001-12-14 21:59:43.10 -5",
            "2001-12-14T21:59:43+0100",
            "2001-12-14T24:00:00Z",
            "2001-12-14T23:60:00Z",
            "2001-00-14",
            "2001-12-00",
            "2001-04-31",
            "2023-02-29",
            "1900-02-29",
            "20011-12-14",
            "2001-12-14x",
            "2001-123-14",
        ];
        for s in yes {
            assert!(parse_timestamp(s), "{s:?} should be a timestamp");
        }
        for s in no {
            assert!(!parse_timestamp(s), "{s:?} should not be a timestamp");
        }
    }

    #[test]
    fn a_raw_next_line_character_folds_like_a_yaml_line_break() {
        // Go's JSON leaves U+0085 raw; go-yaml reads it as a line break.
        let cases = [
            ("a\u{85}b", "k: a b\n"),
            ("a \u{85}  b", "k: a b\n"),
            ("a\u{85}\u{85}b", "k: |-\n  a\n  b\n"),
            ("a\u{85} \u{85} b", "k: |-\n  a\n  b\n"),
            ("a\u{85}", "k: 'a '\n"),
            ("\u{85}", "k: ' '\n"),
            ("\u{85}\u{85}\u{85}x", "k: |2-\n\n\n  x\n"),
            ("a\u{85}---", "k: a ---\n"),
            ("a\u{85} --- b", "k: a --- b\n"),
        ];
        for (s, want) in cases {
            assert_eq!(try_to_kubectl_yaml(&json!({ "k": s })), Ok(want.to_string()), "{s:?}");
        }
    }

    #[test]
    fn inputs_kubectl_cannot_convert_report_go_yamls_error() {
        let long = "a".repeat(1023);
        let cases = [
            (json!({"k": "del\u{7f}"}), "yaml: control characters are not allowed"),
            (json!({"k\u{9b}": 1}), "yaml: control characters are not allowed"),
            (json!(["\u{ffff}"]), "yaml: control characters are not allowed"),
            (json!({"k": "a\u{85}--- b"}), "yaml: line 2: found unexpected document indicator"),
            (json!({"k": "a\u{85}...\u{85}"}), "yaml: line 2: found unexpected document indicator"),
            (json!(["x\u{85}--- "]), "yaml: line 2: found unexpected document indicator"),
            (json!({"\u{85}": 1}), "yaml: line 1: did not find expected ',' or '}'"),
            (json!({"a\u{85}b": 1}), "yaml: line 1: did not find expected ',' or '}'"),
            (json!({"k": "a\u{85}b", "z": {"a\u{85}": 1}}), "yaml: line 2: did not find expected ',' or '}'"),
            (json!({"k": ["\u{85}", "\u{85}"], "m": {"q\u{85}": 1}}), "yaml: line 3: did not find expected ',' or '}'"),
            (json!({ long.clone(): 1 }), "yaml: did not find expected ',' or '}'"),
            (json!({"x": { long: 1 }}), "yaml: did not find expected ',' or '}'"),
        ];
        for (v, want) in cases {
            let err = try_to_kubectl_yaml(&v).err().map(|e| e.to_string());
            assert_eq!(err, Some(format!("error converting JSON to YAML: {want}")), "{v}");
        }
    }

    #[test]
    fn keys_up_to_1024_characters_of_json_are_still_readable() {
        let fits = "a".repeat(1022);
        assert_eq!(try_to_kubectl_yaml(&json!({ fits.clone(): 1 })), Ok(format!("? {fits}\n: 1\n")));
        // "<" is six characters in Go's JSON (\u003c).
        let escaped = format!("{}<", "a".repeat(1016));
        assert!(try_to_kubectl_yaml(&json!({ escaped.clone(): 1 })).is_ok());
        let too_long = format!("{}<", "a".repeat(1017));
        assert!(try_to_kubectl_yaml(&json!({ too_long: 1 })).is_err());
    }

    #[test]
    fn the_infallible_renderer_still_renders_what_kubectl_rejects() {
        assert_eq!(to_kubectl_yaml(&json!({"k": "del\u{7f}"})), "k: \"del\\x7F\"\n");
        assert_eq!(to_kubectl_yaml(&json!({"a\u{85}b": 1})), "a b: 1\n");
    }

    #[test]
    fn hex_integers_beyond_64_bits_are_quoted_as_in_the_sigs_k8s_io_yaml_fork() {
        assert_eq!(value_line("0x18446744073709551616e"), "k: \"0x18446744073709551616e\"\n");
        assert_eq!(
            value_line("0b11111111111111111111111111111111111111111111111111111111111111111"),
            "k: \"0b11111111111111111111111111111111111111111111111111111111111111111\"\n"
        );
        assert_eq!(value_line("0x1g"), "k: 0x1g\n");
    }

    #[test]
    fn real_kubectl_daemonset_output_is_reproduced_byte_for_byte() {
        // From a real `kubectl get daemonset kube-proxy -n kube-system -o yaml`.
        let v = json!({
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {
                "annotations": {"deprecated.daemonset.template.generation": "1"},
                "creationTimestamp": "2022-01-11T01:02:18Z",
                "generation": 1,
                "labels": {"k8s-app": "kube-proxy"},
                "name": "kube-proxy",
                "namespace": "kube-system",
                "resourceVersion": "503",
                "uid": "61a669f1-9bf5-468f-af5e-bddbb70e0dd8"
            },
            "spec": {
                "revisionHistoryLimit": 10,
                "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
                "template": {
                    "metadata": {"creationTimestamp": null, "labels": {"k8s-app": "kube-proxy"}},
                    "spec": {
                        "containers": [{
                            "command": [
                                "/usr/local/bin/kube-proxy",
                                "--config=/var/lib/kube-proxy/config.conf",
                                "--hostname-override=$(NODE_NAME)"
                            ],
                            "env": [{
                                "name": "NODE_NAME",
                                "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}
                            }],
                            "image": "k8s.gcr.io/kube-proxy:v1.21.1",
                            "imagePullPolicy": "IfNotPresent",
                            "name": "kube-proxy",
                            "resources": {},
                            "securityContext": {"privileged": true},
                            "terminationMessagePath": "/dev/termination-log",
                            "terminationMessagePolicy": "File",
                            "volumeMounts": [
                                {"mountPath": "/var/lib/kube-proxy", "name": "kube-proxy"},
                                {"mountPath": "/run/xtables.lock", "name": "xtables-lock"},
                                {"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": true}
                            ]
                        }],
                        "dnsPolicy": "ClusterFirst",
                        "hostNetwork": true,
                        "nodeSelector": {"kubernetes.io/os": "linux"},
                        "priorityClassName": "system-node-critical",
                        "restartPolicy": "Always",
                        "schedulerName": "default-scheduler",
                        "securityContext": {},
                        "serviceAccount": "kube-proxy",
                        "serviceAccountName": "kube-proxy",
                        "terminationGracePeriodSeconds": 30,
                        "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"}, {"operator": "Exists"}],
                        "volumes": [
                            {"configMap": {"defaultMode": 420, "name": "kube-proxy"}, "name": "kube-proxy"},
                            {"hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}, "name": "xtables-lock"},
                            {"hostPath": {"path": "/lib/modules", "type": ""}, "name": "lib-modules"}
                        ]
                    }
                },
                "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"}
            },
            "status": {
                "currentNumberScheduled": 1,
                "desiredNumberScheduled": 1,
                "numberAvailable": 1,
                "numberMisscheduled": 0,
                "numberReady": 1,
                "observedGeneration": 1,
                "updatedNumberScheduled": 1
            }
        });
        let want = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  annotations:
    deprecated.daemonset.template.generation: \"1\"
  creationTimestamp: \"2022-01-11T01:02:18Z\"
  generation: 1
  labels:
    k8s-app: kube-proxy
  name: kube-proxy
  namespace: kube-system
  resourceVersion: \"503\"
  uid: 61a669f1-9bf5-468f-af5e-bddbb70e0dd8
spec:
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      k8s-app: kube-proxy
  template:
    metadata:
      creationTimestamp: null
      labels:
        k8s-app: kube-proxy
    spec:
      containers:
      - command:
        - /usr/local/bin/kube-proxy
        - --config=/var/lib/kube-proxy/config.conf
        - --hostname-override=$(NODE_NAME)
        env:
        - name: NODE_NAME
          valueFrom:
            fieldRef:
              apiVersion: v1
              fieldPath: spec.nodeName
        image: k8s.gcr.io/kube-proxy:v1.21.1
        imagePullPolicy: IfNotPresent
        name: kube-proxy
        resources: {}
        securityContext:
          privileged: true
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
        volumeMounts:
        - mountPath: /var/lib/kube-proxy
          name: kube-proxy
        - mountPath: /run/xtables.lock
          name: xtables-lock
        - mountPath: /lib/modules
          name: lib-modules
          readOnly: true
      dnsPolicy: ClusterFirst
      hostNetwork: true
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-node-critical
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      serviceAccount: kube-proxy
      serviceAccountName: kube-proxy
      terminationGracePeriodSeconds: 30
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - operator: Exists
      volumes:
      - configMap:
          defaultMode: 420
          name: kube-proxy
        name: kube-proxy
      - hostPath:
          path: /run/xtables.lock
          type: FileOrCreate
        name: xtables-lock
      - hostPath:
          path: /lib/modules
          type: \"\"
        name: lib-modules
  updateStrategy:
    rollingUpdate:
      maxSurge: 0
      maxUnavailable: 1
    type: RollingUpdate
status:
  currentNumberScheduled: 1
  desiredNumberScheduled: 1
  numberAvailable: 1
  numberMisscheduled: 0
  numberReady: 1
  observedGeneration: 1
  updatedNumberScheduled: 1
";
        assert_eq!(yaml(v), want);
    }

    #[test]
    fn a_last_applied_configuration_annotation_is_a_literal_block_and_never_folded() {
        let applied = "{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"metadata\":{\"annotations\":{},\"name\":\"cache-daemonset\",\"namespace\":\"default\"},\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"cache\"}}}}\n";
        let v = json!({"metadata": {"annotations": {
            "deprecated.daemonset.template.generation": "1",
            "kubectl.kubernetes.io/last-applied-configuration": applied
        }}});
        assert_eq!(
            yaml(v),
            format!(
                "metadata:\n  annotations:\n    deprecated.daemonset.template.generation: \"1\"\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {}",
                applied
            )
        );
    }
}
