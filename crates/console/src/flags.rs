//! Cobra-style flag parsing for kubectl subcommands: `--flag value`, `--flag=value`, `-f value`,
//! `-fvalue`, `-o=wide`, boolean flags, and cobra's messages for unknown flags.

/// A flag a command accepts: long name, optional shorthand, whether it takes a value.
pub struct Spec {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

pub const fn flag(long: &'static str, short: Option<char>, takes_value: bool) -> Spec {
    Spec { long, short, takes_value }
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub args: Vec<String>,
    /// (Long name, value) in the order given (booleans get "true" unless given `=false`). A
    /// list, not a map: a command has a handful, and a map type of its own cost the page's
    /// wasm about 2 KB gzip.
    pub flags: Vec<(&'static str, String)>,
}

impl Parsed {
    pub fn get(&self, long: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(name, _)| *name == long).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, long: &str) -> Vec<String> {
        self.flags.iter().filter(|(name, _)| *name == long).map(|(_, v)| v.clone()).collect()
    }

    pub fn bool(&self, long: &str) -> bool {
        self.get(long).is_some_and(|v| v != "false")
    }
}

/// `-n NAMESPACE`, else `default`.
pub(crate) fn namespace_of(p: &Parsed) -> String {
    p.get("namespace").unwrap_or("default").to_string()
}

/// Flags every kubectl command accepts.
const GLOBAL: &[Spec] =
    &[flag("namespace", Some('n'), true), flag("all-namespaces", Some('A'), false), flag("help", Some('h'), false)];

/// Parses `words` (after the subcommand) against `specs`; `command` names the command for errors.
pub fn parse(words: &[String], specs: &[Spec], command: &str) -> Result<Parsed, String> {
    let find_long = |name: &str| specs.iter().chain(GLOBAL).find(|s| s.long == name);
    let find_short = |c: char| specs.iter().chain(GLOBAL).find(|s| s.short == Some(c));
    let usage = format!("See '{command} --help' for usage.");
    let mut out = Parsed::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            out.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(long) = w.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(spec) = find_long(name) else {
                return Err(format!("error: unknown flag: --{name}\n{usage}"));
            };
            let value = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None if i < words.len() => {
                        i += 1;
                        words[i - 1].clone()
                    }
                    None => return Err(format!("error: flag needs an argument: --{name}\n{usage}")),
                }
            } else {
                inline.unwrap_or_else(|| "true".into())
            };
            out.flags.push((spec.long, value));
        } else if w.len() > 1 && w.starts_with('-') && !w[1..].starts_with(|c: char| c.is_ascii_digit()) {
            for (pos, c) in w[1..].char_indices() {
                let Some(spec) = find_short(c) else {
                    return Err(format!("error: unknown shorthand flag: '{c}' in {w}\n{usage}"));
                };
                if spec.takes_value {
                    let rest = &w[1 + pos + c.len_utf8()..];
                    let value = if !rest.is_empty() {
                        rest.strip_prefix('=').unwrap_or(rest).to_string()
                    } else if i < words.len() {
                        i += 1;
                        words[i - 1].clone()
                    } else {
                        return Err(format!("error: flag needs an argument: '{c}' in -{c}\n{usage}"));
                    };
                    out.flags.push((spec.long, value));
                    break;
                }
                out.flags.push((spec.long, "true".into()));
            }
        } else {
            out.args.push(w.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    const SPECS: &[Spec] =
        &[flag("output", Some('o'), true), flag("selector", Some('l'), true), flag("show-labels", None, false)];

    #[test]
    fn flags_parse_in_all_cobra_spellings() {
        let p = parse(&words("pods -o wide -lapp=x --show-labels -n kube-system"), SPECS, "kubectl get").unwrap();
        assert_eq!(p.args, vec!["pods"]);
        assert_eq!(p.get("output"), Some("wide"));
        assert_eq!(p.get("selector"), Some("app=x"));
        assert!(p.bool("show-labels"));
        assert_eq!(p.get("namespace"), Some("kube-system"));
        let p = parse(&words("ds --output=yaml -o=json"), SPECS, "kubectl get").unwrap();
        assert_eq!(p.get("output"), Some("json"));
    }

    #[test]
    fn unknown_flags_get_cobras_message() {
        let err = parse(&words("ds --frobnicate"), SPECS, "kubectl get").unwrap_err();
        assert_eq!(err, "error: unknown flag: --frobnicate\nSee 'kubectl get --help' for usage.");
        let err = parse(&words("ds -x"), SPECS, "kubectl get").unwrap_err();
        assert!(err.starts_with("error: unknown shorthand flag: 'x' in -x"), "{err}");
    }
}
