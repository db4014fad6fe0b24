//! Labels and label selectors: matching, kubectl's string forms, and apimachinery's validation
//! of names, label keys and values (messages byte-for-byte, including upstream's double spaces).

use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

/// One requirement of a selector (`metav1.LabelSelectorRequirement` or a parsed `-l` term).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub operator: Operator,
    pub values: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// A selector: requirements ANDed. An empty selector matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    pub requirements: Vec<Requirement>,
}

impl Selector {
    pub fn matches(&self, labels: &Labels) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }

    /// `matches` for labels held another way (a renderer's sorted pairs): `get` looks a key up.
    pub fn matches_with<'a>(&self, get: impl Fn(&str) -> Option<&'a str>) -> bool {
        self.requirements.iter().all(|r| r.matches_value(get(&r.key)))
    }

    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// Builds the selector of a `metav1.LabelSelector` (matchLabels as `=`, then expressions).
    pub fn from_label_selector(match_labels: &Labels, expressions: &[Requirement]) -> Self {
        let mut requirements: Vec<Requirement> = match_labels
            .iter()
            .map(|(k, v)| Requirement { key: k.clone(), operator: Operator::Equals, values: vec![v.clone()] })
            .collect();
        requirements.extend(expressions.iter().cloned());
        // labels.Selector keeps requirements sorted by key (internalSelector.Add sorts).
        crate::order::sort_by(&mut requirements, |a, b| a.key.cmp(&b.key));
        Selector { requirements }
    }

    /// Parses kubectl's `-l` syntax: `a=b,c!=d,e in (f,g),h notin (i),j,!k`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut requirements = Vec::new();
        let mut rest = text.trim();
        while !rest.is_empty() {
            // Split on the next comma that is not inside parentheses.
            let mut depth = 0;
            let mut end = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    ',' if depth == 0 => {
                        end = i;
                        break;
                    }
                    _ => {}
                }
            }
            let term = rest[..end].trim();
            rest = if end < rest.len() { rest[end + 1..].trim_start() } else { "" };
            requirements.push(parse_term(term)?);
        }
        crate::order::sort_by(&mut requirements, |a, b| a.key.cmp(&b.key));
        Ok(Selector { requirements })
    }
}

fn parse_term(term: &str) -> Result<Requirement, String> {
    let invalid = || format!("unable to parse requirement: found '{term}', expected: identifier");
    if term.is_empty() {
        return Err(invalid());
    }
    if let Some(key) = term.strip_prefix('!') {
        check_selector_key(key.trim())?;
        return Ok(Requirement { key: key.trim().to_string(), operator: Operator::DoesNotExist, values: vec![] });
    }
    for (op_text, op) in [("!=", Operator::NotEquals), ("==", Operator::Equals), ("=", Operator::Equals)] {
        if let Some((k, v)) = term.split_once(op_text) {
            let (k, v) = (k.trim(), v.trim());
            check_selector_key(k)?;
            if let Err(e) = validate_label_value(v) {
                return Err(format!("invalid label value: \"{v}\": at key: \"{k}\": {e}"));
            }
            return Ok(Requirement { key: k.to_string(), operator: op, values: vec![v.to_string()] });
        }
    }
    for (op_text, op) in [(" notin ", Operator::NotIn), (" in ", Operator::In)] {
        if let Some((k, v)) = term.split_once(op_text) {
            let k = k.trim();
            check_selector_key(k)?;
            let v = v.trim();
            let inner = v.strip_prefix('(').and_then(|v| v.strip_suffix(')')).ok_or_else(invalid)?;
            let mut values: Vec<String> = inner.split(',').map(|s| s.trim().to_string()).collect();
            crate::order::sort(&mut values);
            return Ok(Requirement { key: k.to_string(), operator: op, values });
        }
    }
    check_selector_key(term)?;
    Ok(Requirement { key: term.to_string(), operator: Operator::Exists, values: vec![] })
}

fn check_selector_key(key: &str) -> Result<(), String> {
    validate_label_key(key).map_err(|e| format!("invalid label key \"{key}\": {e}"))
}

impl Requirement {
    pub fn matches(&self, labels: &Labels) -> bool {
        self.matches_value(labels.get(&self.key).map(String::as_str))
    }

    /// Whether a label value (`None`: the key is absent) satisfies this requirement.
    pub fn matches_value(&self, value: Option<&str>) -> bool {
        match self.operator {
            Operator::Equals | Operator::In => value.is_some_and(|v| self.values.iter().any(|x| x == v)),
            Operator::NotEquals | Operator::NotIn => value.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
        }
    }
}

impl std::fmt::Display for Selector {
    /// `labels.Selector.String()`: `app=ds`, `tier in (a,b)`, `!k`; `<none>` is the caller's job.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .requirements
            .iter()
            .map(|r| {
                let mut values = r.values.clone();
                crate::order::sort(&mut values);
                match r.operator {
                    Operator::Equals => format!("{}={}", r.key, r.values.first().map(String::as_str).unwrap_or("")),
                    Operator::NotEquals => format!("{}!={}", r.key, r.values.first().map(String::as_str).unwrap_or("")),
                    Operator::In => format!("{} in ({})", r.key, values.join(",")),
                    Operator::NotIn => format!("{} notin ({})", r.key, values.join(",")),
                    Operator::Exists => r.key.clone(),
                    Operator::DoesNotExist => format!("!{}", r.key),
                }
            })
            .collect();
        f.write_str(&parts.join(","))
    }
}

/// `k=v,k2=v2` for a label map, as kubectl prints node selectors and `--show-labels`.
pub fn format_labels(labels: &Labels) -> String {
    labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

// --- apimachinery validation (pkg/util/validation/validation.go) ---

const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const QUALIFIED_KEY_MSG: &str = "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";

fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// `IsDNS1123Subdomain`: errors as upstream lists them.
pub fn validate_dns1123_subdomain(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if s.is_empty() || !s.split('.').all(is_dns1123_label) {
        errs.push(DNS1123_SUBDOMAIN_MSG.to_string());
    }
    errs
}

/// `IsDNS1123Label` (namespaces).
pub fn validate_dns1123_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_dns1123_label(s) {
        if validate_dns1123_subdomain(s).is_empty() {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(DNS1123_LABEL_MSG.to_string());
        }
    }
    errs
}

fn is_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
}

/// `IsQualifiedName` (label keys): first error only, joined as kubectl shows them.
pub fn validate_label_key(key: &str) -> Result<(), String> {
    let errs = qualified_name_errors(key);
    if errs.is_empty() { Ok(()) } else { Err(errs.join(", ")) }
}

pub fn qualified_name_errors(key: &str) -> Vec<String> {
    let parts: Vec<&str> = key.split('/').collect();
    let (prefix, name) = match parts.as_slice() {
        [name] => (None, *name),
        [prefix, name] => (Some(*prefix), *name),
        _ => return vec![QUALIFIED_KEY_MSG.to_string()],
    };
    let mut errs = Vec::new();
    if let Some(prefix) = prefix {
        if prefix.is_empty() {
            errs.push("prefix part must be non-empty".to_string());
        } else {
            for e in validate_dns1123_subdomain(prefix) {
                errs.push(format!("prefix part {e}"));
            }
        }
    }
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 characters".to_string());
    }
    if !name.is_empty() && !is_qualified_name_part(name) {
        errs.push(QUALIFIED_NAME_MSG.to_string());
    }
    errs
}

/// `IsValidLabelValue`.
pub fn validate_label_value(value: &str) -> Result<(), String> {
    let errs = label_value_errors(value);
    if errs.is_empty() { Ok(()) } else { Err(errs.join(", ")) }
}

/// `IsValidLabelValue`'s list of errors (callers join them their own way).
pub fn label_value_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !value.is_empty() && !is_qualified_name_part(value) {
        errs.push(LABEL_VALUE_MSG.to_string());
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn selector_terms_match_like_apimachinery_labels() {
        let l = labels(&[("app", "web"), ("tier", "a"), ("empty", "")]);
        let table = [
            ("app=web", true),
            ("app==web", true),
            ("app!=web", false),
            ("app!=db", true),
            ("missing!=x", true),
            ("tier in (a,b)", true),
            ("tier notin (a,b)", false),
            ("missing notin (a)", true),
            ("empty", true),
            ("!empty", false),
            ("!missing", true),
            ("app=web,tier=b", false),
            ("", true),
        ];
        for (text, want) in table {
            assert_eq!(Selector::parse(text).unwrap().matches(&l), want, "{text}");
        }
    }

    #[test]
    fn selectors_print_sorted_as_kubectl_does() {
        let s = Selector::from_label_selector(&labels(&[("ssd", "true"), ("app", "nginx")]), &[]);
        assert_eq!(s.to_string(), "app=nginx,ssd=true");
        let s = Selector::parse("tier in (b,a),!x").unwrap();
        assert_eq!(s.to_string(), "tier in (a,b),!x");
    }

    #[test]
    fn label_values_are_validated_with_upstream_wording() {
        assert!(validate_label_value("").is_ok());
        assert!(validate_label_value("my_value-1.2").is_ok());
        let err = validate_label_value("bad value!").unwrap_err();
        assert!(err.starts_with("a valid label must be an empty string"), "{err}");
        assert!(err.contains("'MyValue',  or 'my_value',  or '12345'"));
        assert_eq!(validate_label_value(&"a".repeat(64)).unwrap_err(), "must be no more than 63 characters");
    }

    #[test]
    fn label_keys_accept_prefixes_and_reject_bad_names() {
        for ok in ["app", "kubernetes.io/os", "node-role.kubernetes.io/control-plane", "a_b.c"] {
            assert!(validate_label_key(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-a", "a/b/c", "/a", "Example.com/a", "a b"] {
            assert!(validate_label_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn object_names_must_be_dns_subdomains() {
        assert!(validate_dns1123_subdomain("fluentd").is_empty());
        assert!(validate_dns1123_subdomain("a.b-c").is_empty());
        assert_eq!(validate_dns1123_subdomain("Bad_Name"), vec![DNS1123_SUBDOMAIN_MSG.to_string()]);
        assert_eq!(validate_dns1123_subdomain(&"a".repeat(254)).len(), 1);
        assert_eq!(validate_dns1123_label("a.b"), vec!["must not contain dots".to_string()]);
    }
}
