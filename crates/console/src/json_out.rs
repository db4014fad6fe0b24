//! `kubectl get -o json` rendering: Go's `json.MarshalIndent(obj, "", "    ")` of an
//! unstructured object, plus the trailing newline kubectl's JSON printer adds.
//!
//! Matches Go's `encoding/json` (Go 1.22+): object keys sorted bytewise (Go sorts
//! `map[string]any` keys; the order here does not depend on serde_json's
//! `preserve_order` feature), `{}`/`[]` for empty containers, HTML-safe string
//! escaping (`<`, `>`, `&` as `\u003c`..., U+2028/U+2029 escaped, other control
//! characters as `\u00XX` except `\b \f \n \r \t`), integers verbatim and floats
//! in ES6 style (`1e+21`, `1e-7`, `0.000001`, `1.5`).
//!
//! Numbers are spelled by `dsplay_core::strconv` (Go's `FormatFloat` and JSON float rules).

use dsplay_core::strconv::go_json_number;
use serde_json::Value;
use std::fmt::Write as _;

/// What `kubectl get -o json` prints for this object (ends with a newline).
pub fn to_kubectl_json(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v, Some(0));
    out.push('\n');
    out
}

/// Go's `json.Marshal` of a decoded value: compact, keys sorted, as kubectl's jsonpath prints
/// a list or a map.
pub fn to_go_json(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v, None);
    out
}

/// A line break and `depth` indents, or nothing at all when compact (`None`).
fn write_indent(out: &mut String, depth: Option<usize>) {
    if let Some(depth) = depth {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("    ");
        }
    }
}

fn write_value(out: &mut String, v: &Value, depth: Option<usize>) {
    let inner = depth.map(|d| d + 1);
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_json_number(n)),
        Value::String(s) => write_json_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_indent(out, inner);
                write_value(out, item, inner);
            }
            write_indent(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            dsplay_core::order::sort_by(&mut entries, |a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_indent(out, inner);
                write_json_string(out, key);
                out.push_str(if depth.is_some() { ": " } else { ":" });
                write_value(out, value, inner);
            }
            write_indent(out, depth);
            out.push('}');
        }
    }
}

/// A JSON string literal as Go's encoder (with HTML escaping) writes it.
pub fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}' | '<' | '>' | '&' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_are_escaped_like_go_with_html_escaping() {
        let cases = [
            ("plain", r#""plain""#),
            ("a<b>&c", r#""a\u003cb\u003e\u0026c""#),
            ("quote\" back\\", r#""quote\" back\\""#),
            ("\n\r\t\u{8}\u{c}", r#""\n\r\t\b\f""#),
            ("\u{0}\u{1}\u{1f}\u{1b}", r#""\u0000\u0001\u001f\u001b""#),
            ("\u{7f}", "\"\u{7f}\""),
            ("line\u{2028}para\u{2029}", r#""line\u2028para\u2029""#),
            ("héllo 日本 😀", "\"héllo 日本 😀\""),
        ];
        for (input, want) in cases {
            let mut out = String::new();
            write_json_string(&mut out, input);
            assert_eq!(out, want, "{input:?}");
        }
    }

    #[test]
    fn scalars_render_on_one_line_with_a_trailing_newline() {
        let cases = [
            (json!(null), "null\n"),
            (json!(true), "true\n"),
            (json!(false), "false\n"),
            (json!(42), "42\n"),
            (json!(-7), "-7\n"),
            (json!(u64::MAX), "18446744073709551615\n"),
            (json!(2.0), "2\n"),
            (json!("x"), "\"x\"\n"),
            (json!({}), "{}\n"),
            (json!([]), "[]\n"),
        ];
        for (v, want) in cases {
            assert_eq!(to_kubectl_json(&v), want, "{v}");
        }
    }

    #[test]
    fn objects_are_indented_by_four_spaces_with_sorted_keys() {
        let v = json!({
            "kind": "DaemonSet",
            "apiVersion": "apps/v1",
            "metadata": {"name": "fluentd", "labels": {}, "annotations": {"a": "<b>"}},
            "spec": {"list": [1, "two", {"x": null}, [], [true]]},
            "B": 1,
            "a": 2
        });
        let want = r#"{
    "B": 1,
    "a": 2,
    "apiVersion": "apps/v1",
    "kind": "DaemonSet",
    "metadata": {
        "annotations": {
            "a": "\u003cb\u003e"
        },
        "labels": {},
        "name": "fluentd"
    },
    "spec": {
        "list": [
            1,
            "two",
            {
                "x": null
            },
            [],
            [
                true
            ]
        ]
    }
}
"#;
        assert_eq!(to_kubectl_json(&v), want);
    }

    #[test]
    fn a_daemonset_renders_like_kubectl_get_o_json() {
        let v = json!({
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {
                "creationTimestamp": "2024-11-20T09:14:02Z",
                "generation": 1,
                "name": "node-exporter",
                "namespace": "monitoring"
            },
            "spec": {
                "template": {"spec": {"containers": [{"name": "c", "resources": {}, "ports": [{"containerPort": 9100, "protocol": "TCP"}]}]}}
            },
            "status": {"numberReady": 0}
        });
        let want = r#"{
    "apiVersion": "apps/v1",
    "kind": "DaemonSet",
    "metadata": {
        "creationTimestamp": "2024-11-20T09:14:02Z",
        "generation": 1,
        "name": "node-exporter",
        "namespace": "monitoring"
    },
    "spec": {
        "template": {
            "spec": {
                "containers": [
                    {
                        "name": "c",
                        "ports": [
                            {
                                "containerPort": 9100,
                                "protocol": "TCP"
                            }
                        ],
                        "resources": {}
                    }
                ]
            }
        }
    },
    "status": {
        "numberReady": 0
    }
}
"#;
        assert_eq!(to_kubectl_json(&v), want);
    }
}
