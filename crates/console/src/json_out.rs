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
//! Also home of the ports of Go's `strconv.FormatFloat(f, 'e'|'f'|'g', -1, 64)`
//! that the YAML printer needs too.

use serde_json::Value;
use std::fmt::Write as _;

/// What `kubectl get -o json` prints for this object (ends with a newline).
pub fn to_kubectl_json(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v, 0);
    out.push('\n');
    out
}

fn write_indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("    ");
    }
}

fn write_value(out: &mut String, v: &Value, depth: usize) {
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
                write_indent(out, depth + 1);
                write_value(out, item, depth + 1);
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
                write_indent(out, depth + 1);
                write_json_string(out, key);
                out.push_str(": ");
                write_value(out, value, depth + 1);
            }
            write_indent(out, depth);
            out.push('}');
        }
    }
}

/// A JSON number as Go's encoder prints it: integers verbatim, floats like
/// [`go_json_float`].
pub fn go_json_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else if let Some(f) = n.as_f64() {
        go_json_float(f)
    } else {
        n.to_string()
    }
}

/// A float as Go's `encoding/json` prints it: shortest round-trip digits, plain
/// notation for 1e-6 <= |f| < 1e21, otherwise exponent notation with the
/// exponent's leading zero dropped (`1e-7`, `1e+21`).
pub fn go_json_float(f: f64) -> String {
    let abs = f.abs();
    let exponent = abs != 0.0 && !(1e-6..1e21).contains(&abs);
    if !exponent {
        return go_format_float(f, 'f');
    }
    let mut s = go_format_float(f, 'e');
    let b = s.as_bytes();
    let n = b.len();
    if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
        s.remove(n - 2);
    }
    s
}

/// Go's `strconv.FormatFloat(f, fmt, -1, 64)` for `fmt` in `'e'`, `'f'`, `'g'`
/// (anything else is treated as `'g'`): the shortest digits that round-trip.
pub fn go_format_float(f: f64, fmt: char) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let neg = f.is_sign_negative();
    let (digits, dp) = shortest_digits(f.abs());
    let nd = digits.len() as i64;
    match fmt {
        'e' => fmt_e(neg, &digits, dp, (nd - 1).max(0)),
        'f' => fmt_f(neg, &digits, dp, (nd - dp).max(0)),
        _ => {
            // %e is used if the exponent is < -4 or >= the precision, which is
            // 6 for the shortest formatting.
            let exp = dp - 1;
            if !(-4..6).contains(&exp) {
                fmt_e(neg, &digits, dp, nd - 1)
            } else {
                fmt_f(neg, &digits, dp, (nd - dp).max(0))
            }
        }
    }
}

/// Shortest round-trip decimal digits of a finite, non-negative float and the
/// position of the decimal point (value = 0.d1d2d3... * 10^dp). Zero has no digits.
fn shortest_digits(abs: f64) -> (Vec<u8>, i64) {
    if abs == 0.0 {
        return (Vec::new(), 0);
    }
    // Rust's `{:e}` prints the shortest round-trip digits, e.g. "1.5e-7", but
    // when two strings of that length both round-trip it may pick the wrong
    // one: Go picks the one closest to the exact value, ties to even. That is
    // the correctly rounded (half-to-even) string of the same length.
    let shortest = format!("{abs:e}");
    let n = shortest.bytes().take_while(|&b| b != b'e').filter(u8::is_ascii_digit).count();
    let mut text = shortest;
    if n > 1 {
        let nearest = format!("{abs:.prec$e}", prec = n - 1);
        if nearest.parse::<f64>() == Ok(abs) {
            text = nearest;
        }
    }
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text.as_str(), "0"));
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    let exp: i64 = exponent.parse().unwrap_or(0);
    (digits, exp + 1)
}

fn fmt_e(neg: bool, digits: &[u8], dp: i64, prec: i64) -> String {
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push(digits.first().map_or('0', |&d| d as char));
    if prec > 0 {
        s.push('.');
        for i in 1..=prec {
            let d = usize::try_from(i).ok().and_then(|i| digits.get(i)).copied().unwrap_or(b'0');
            s.push(d as char);
        }
    }
    s.push('e');
    let exp = if digits.is_empty() { 0 } else { dp - 1 };
    s.push(if exp < 0 { '-' } else { '+' });
    let exp = exp.abs();
    if exp < 10 {
        s.push('0');
    }
    let _ = write!(s, "{exp}");
    s
}

fn fmt_f(neg: bool, digits: &[u8], dp: i64, prec: i64) -> String {
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    let digit_at = |i: i64| usize::try_from(i).ok().and_then(|i| digits.get(i)).copied().unwrap_or(b'0');
    if dp > 0 {
        for i in 0..dp {
            s.push(digit_at(i) as char);
        }
    } else {
        s.push('0');
    }
    if prec > 0 {
        s.push('.');
        for i in 1..=prec {
            s.push(digit_at(dp + i - 1) as char);
        }
    }
    s
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
    fn floats_format_like_go_encoding_json() {
        let cases = [
            (1.5, "1.5"),
            (1.0, "1"),
            (-0.0, "-0"),
            (0.0, "0"),
            (100.0, "100"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (0.000001, "0.000001"),
            (0.0000001, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (1e-10, "1e-10"),
            (5e-324, "5e-324"),
            (-2.5e-8, "-2.5e-8"),
            (0.1, "0.1"),
            (123456789.125, "123456789.125"),
            // Exactly ...000.25: ".2" and ".3" both round-trip; Go picks the even one.
            (1982700000000000.0 + 0.25, "1982700000000000.2"),
            (1982700000000000.0 + 0.75, "1982700000000000.8"),
            (f64::MAX, "1.7976931348623157e+308"),
        ];
        for (f, want) in cases {
            assert_eq!(go_json_float(f), want, "{f:e}");
        }
    }

    #[test]
    fn strconv_g_format_switches_to_exponents_outside_1e_minus_4_to_1e6() {
        let cases = [
            (1e6, "1e+06"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5, "1.5"),
            (0.0, "0"),
            (1e21, "1e+21"),
            (1e100, "1e+100"),
            (123456789.5, "1.234567895e+08"),
            (-3.25, "-3.25"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
        ];
        for (f, want) in cases {
            assert_eq!(go_format_float(f, 'g'), want, "{f:e}");
        }
    }

    #[test]
    fn strconv_e_and_f_formats_use_shortest_digits() {
        assert_eq!(go_format_float(0.0, 'e'), "0e+00");
        assert_eq!(go_format_float(1234.5, 'e'), "1.2345e+03");
        assert_eq!(go_format_float(1e-7, 'e'), "1e-07");
        assert_eq!(go_format_float(1e-7, 'f'), "0.0000001");
        assert_eq!(go_format_float(12.5, 'f'), "12.5");
    }

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
