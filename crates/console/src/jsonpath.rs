//! `-o jsonpath=TEMPLATE`, the subset scripts use: `{.a.b}`, `{.items[0].x}`, `{.items[*].x}`,
//! `{$}`, literal text around expressions, and `{range .items[*]}…{end}`.

use serde_json::Value;

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
    All,
}

fn parse_path(expr: &str) -> Result<Vec<Step>, String> {
    let expr = expr.trim();
    let mut rest = expr.strip_prefix('$').unwrap_or(expr);
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let name = &r[..end];
            if !name.is_empty() {
                steps.push(if name == "*" { Step::All } else { Step::Field(name.to_string()) });
            }
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or_else(|| format!("unclosed array expect ] in {expr}"))?;
            let inner = r[..end].trim().trim_matches(['\'', '"']);
            steps.push(match inner {
                "*" => Step::All,
                n => match n.parse::<i64>() {
                    Ok(i) => Step::Index(i),
                    Err(_) => Step::Field(n.to_string()),
                },
            });
            rest = &r[end + 1..];
        } else {
            return Err(format!("unrecognized identifier {rest}"));
        }
    }
    Ok(steps)
}

fn eval<'a>(roots: Vec<&'a Value>, steps: &[Step]) -> Vec<&'a Value> {
    let mut cur = roots;
    for step in steps {
        let mut next = Vec::new();
        for v in cur {
            match (step, v) {
                (Step::Field(f), Value::Object(m)) => next.extend(m.get(f)),
                (Step::Index(i), Value::Array(a)) => {
                    let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                    if let Some(x) = usize::try_from(idx).ok().and_then(|i| a.get(i)) {
                        next.push(x);
                    }
                }
                (Step::All, Value::Array(a)) => next.extend(a.iter()),
                (Step::All, Value::Object(m)) => next.extend(m.values()),
                _ => {}
            }
        }
        cur = next;
    }
    cur
}

/// A result as kubectl's jsonpath prints it: lists and maps as Go's `json.Marshal` writes
/// them, a float as Go's `%v` does (`1e+06`), anything else as its text.
fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            dsplay_core::strconv::go_format_float(n.as_f64().unwrap_or_default(), 'g')
        }
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => crate::json_out::to_go_json(other),
    }
}

/// Renders `template` against `root` as kubectl does; errors use kubectl's wording.
pub fn render_template(template: &str, root: &Value) -> Result<String, String> {
    let template = template.trim_matches(['\'', '"']);
    // Split into literal text and `{…}` actions.
    let mut parts: Vec<(bool, String)> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push((false, rest[..open].to_string()));
        }
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("error: error parsing jsonpath {template}, unclosed action"))?;
        parts.push((true, rest[open + 1..open + close].to_string()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push((false, rest.to_string()));
    }
    let mut out = String::new();
    render_parts(&parts, vec![root], &mut out, template)?;
    Ok(out)
}

fn render_parts(parts: &[(bool, String)], scope: Vec<&Value>, out: &mut String, template: &str) -> Result<(), String> {
    let mut i = 0;
    while i < parts.len() {
        let (action, text) = &parts[i];
        if !action {
            out.push_str(text);
            i += 1;
            continue;
        }
        let text = text.trim();
        if let Some(path) = text.strip_prefix("range ") {
            // Find the matching {end}.
            let mut depth = 0;
            let mut j = i + 1;
            while j < parts.len() {
                let (a, t) = &parts[j];
                if *a && t.trim().starts_with("range ") {
                    depth += 1;
                } else if *a && t.trim() == "end" {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                j += 1;
            }
            if j >= parts.len() {
                return Err(format!("error: error parsing jsonpath {template}, not in range, nothing to end"));
            }
            let steps = parse_path(path).map_err(|e| format!("error: error parsing jsonpath {template}, {e}"))?;
            for item in eval(scope.clone(), &steps) {
                render_parts(&parts[i + 1..j], vec![item], out, template)?;
            }
            i = j + 1;
            continue;
        }
        if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
            // A string literal: `{"\n"}`, `{"\t"}`.
            out.push_str(&text[1..text.len() - 1].replace("\\n", "\n").replace("\\t", "\t"));
            i += 1;
            continue;
        }
        if text == "end" {
            return Err(format!("error: error parsing jsonpath {template}, not in range, nothing to end"));
        }
        let steps = parse_path(text).map_err(|e| format!("error: error parsing jsonpath {template}, {e}"))?;
        let values = eval(scope.clone(), &steps);
        out.push_str(&values.iter().map(|v| render(v)).collect::<Vec<_>>().join(" "));
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jsonpath_templates_render_like_kubectl() {
        let list = json!({"items": [{"metadata": {"name": "a"}, "status": {"n": 1}}, {"metadata": {"name": "b"}, "status": {"n": 2}}]});
        let table = [
            ("{.items[*].metadata.name}", "a b"),
            ("{.items[0].status.n}", "1"),
            ("{.items[-1].metadata.name}", "b"),
            ("{range .items[*]}{.metadata.name}={.status.n}{\"\\n\"}{end}", "a=1\nb=2\n"),
            ("{.items[0].status}", "{\"n\":1}"),
            ("names: {.items[*].metadata.name}", "names: a b"),
            ("{.missing}", ""),
        ];
        for (t, want) in table {
            assert_eq!(render_template(t, &list).unwrap(), want, "{t}");
        }
        assert!(render_template("{.items[0", &list).is_err());
    }

    #[test]
    fn results_print_as_gos_fmt_and_json_print_them() {
        let v = json!({"f": 1234567.0, "g": 0.5, "big": 1e21, "i": -3, "b": true,
                       "m": {"z": 1, "a": "x<y&z", "l": [1.5, null]}});
        let table = [
            ("{.f}", "1.234567e+06"),
            ("{.g}", "0.5"),
            ("{.big}", "1e+21"),
            ("{.i}", "-3"),
            ("{.b}", "true"),
            // json.Marshal: keys sorted, HTML escaped, floats in JSON's spelling.
            ("{.m}", "{\"a\":\"x\\u003cy\\u0026z\",\"l\":[1.5,null],\"z\":1}"),
        ];
        for (t, want) in table {
            assert_eq!(render_template(t, &v).unwrap(), want, "{t}");
        }
    }
}
