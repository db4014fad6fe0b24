//! Cobra-style flag parsing for kubectl subcommands: `--flag value`, `--flag=value`, `-f value`,
//! `-fvalue`, `-o=wide`, boolean flags, and cobra's messages for unknown flags.

use dsplay_core::validate::GoStr;

/// A flag a command accepts: long name, optional shorthand, whether it takes a value.
pub struct Spec {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
    /// pflag's `NoOptDefVal` for a string flag: the value is given only as `--flag=value`, and
    /// a bare `--flag` means this (`--dry-run` is `unchanged`, `--validate` is `strict`). The
    /// next word stays an argument.
    pub bare: Option<&'static str>,
    /// The Go type pflag parses the value into as it reads the flag, so that a bad value is
    /// refused there, before any later word is looked at.
    pub ty: FlagType,
}

/// How pflag reads a flag's value (for the flags that take one).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FlagType {
    Text,
    /// `int` or `int64`: `strconv.ParseInt(s, 0, 64)`.
    Int,
    /// `time.Duration`: `time.ParseDuration`.
    Duration,
}

pub const fn flag(long: &'static str, short: Option<char>, takes_value: bool) -> Spec {
    Spec { long, short, takes_value, bare: None, ty: FlagType::Text }
}

/// A flag holding an `int` or `int64` (`--grace-period`, `--revision`).
pub const fn int_flag(long: &'static str) -> Spec {
    Spec { long, short: None, takes_value: true, bare: None, ty: FlagType::Int }
}

/// A flag holding a `time.Duration` (`--timeout`).
pub const fn duration_flag(long: &'static str) -> Spec {
    Spec { long, short: None, takes_value: true, bare: None, ty: FlagType::Duration }
}

/// A string flag with pflag's `NoOptDefVal` (see `Spec::bare`).
pub const fn optional_value(long: &'static str, bare: &'static str) -> Spec {
    Spec { long, short: None, takes_value: false, bare: Some(bare), ty: FlagType::Text }
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

    /// An int64 flag's value as pflag reads it (`strconv.ParseInt(s, 0, 64)`: `0x10` is 16).
    /// The parse refused a bad value already; this words it again for a spec that did not say
    /// `int_flag`.
    pub fn int64(&self, long: &str, command: &str) -> Result<Option<i64>, String> {
        let Some(v) = self.get(long) else { return Ok(None) };
        parse_int(long, v, &usage(command)).map(Some)
    }

    /// A duration flag's value in nanoseconds, as pflag reads it (`time.ParseDuration`).
    pub fn duration(&self, long: &str, command: &str) -> Result<Option<i64>, String> {
        let Some(v) = self.get(long) else { return Ok(None) };
        parse_duration(long, v, &usage(command)).map(Some)
    }
}

fn parse_int(long: &str, v: &str, usage: &str) -> Result<i64, String> {
    use dsplay_core::strconv::{NumError, go_parse_int};
    go_parse_int(v, 0).map_err(|e| {
        let why = if e == NumError::Range { "value out of range" } else { "invalid syntax" };
        // None of kubectl's int flags has a shorthand.
        invalid_argument(None, long, v, &format!("strconv.ParseInt: parsing {:?}: {why}", GoStr(v)), usage)
    })
}

fn parse_duration(long: &str, v: &str, usage: &str) -> Result<i64, String> {
    dsplay_core::time::go_parse_duration(v).map_err(|e| invalid_argument(None, long, v, &e, usage))
}

/// A value as pflag's `Set` takes it for the flag's type: refused with pflag's words, or kept.
fn typed_value(spec: &Spec, v: String, usage: &str) -> Result<String, String> {
    match spec.ty {
        FlagType::Text => Ok(v),
        FlagType::Int => parse_int(spec.long, &v, usage).map(|_| v),
        FlagType::Duration => parse_duration(spec.long, &v, usage).map(|_| v),
    }
}

/// pflag's refusal of a flag's value, behind kubectl's `error: ` and cobra's usage line. pflag
/// names the flag with its shorthand when it has one (`-w, --watch`).
fn invalid_argument(short: Option<char>, long: &str, value: &str, why: &str, usage: &str) -> String {
    let short = short.map(|c| format!("-{c}, ")).unwrap_or_default();
    format!("error: invalid argument {:?} for \"{short}--{long}\" flag: {why}\n{usage}", GoStr(value))
}

/// `--dry-run`, as kubectl's `GetDryRunStrategy` reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DryRun {
    None,
    /// kubectl prints what it would do and sends nothing.
    Client,
    /// The apiserver runs the request through everything but storage.
    Server,
}

impl DryRun {
    /// What kubectl's printers add after the operation.
    pub(crate) fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// One line of kubectl's klog on stderr: `W1130 00:00:01.500000       1 helpers.go:717] …`.
/// klog's header carries the wall clock and the process id; here it carries the simulated
/// clock and 1. `level` is klog's severity letter (`W`, `E`), `location` its `file:line`.
pub(crate) fn klog(out: &mut crate::Out, level: char, now_ms: i64, location: &str, message: &str) {
    let t = dsplay_core::time::rfc3339_micro(now_ms);
    // `2024-11-30T00:00:01.500000Z` → `1130 00:00:01.500000`.
    out.note(&format!("{level}{}{} {}       1 {location}] {message}\n", &t[5..7], &t[8..10], &t[11..26]));
}

/// kubectl's `GetDryRunStrategy`, with its klog warnings for the deprecated spellings.
pub(crate) fn dry_run_of(p: &Parsed, now_ms: i64, out: &mut crate::Out) -> Result<DryRun, String> {
    let Some(value) = p.get("dry-run") else { return Ok(DryRun::None) };
    let mut warn = |line: u32, message: String| klog(out, 'W', now_ms, &format!("helpers.go:{line}"), &message);
    match dsplay_core::strconv::go_parse_bool(value) {
        Some(true) => {
            warn(
                717,
                format!("--dry-run={value} is deprecated (boolean value) and can be replaced with --dry-run=client."),
            );
            return Ok(DryRun::Client);
        }
        Some(false) => {
            warn(
                720,
                format!("--dry-run={value} is deprecated (boolean value) and can be replaced with --dry-run=none."),
            );
            return Ok(DryRun::None);
        }
        None => {}
    }
    match value {
        // pflag's NoOptDefVal: a bare `--dry-run`.
        "unchanged" => {
            warn(703, "--dry-run is deprecated and can be replaced with --dry-run=client.".into());
            Ok(DryRun::Client)
        }
        "client" => Ok(DryRun::Client),
        "server" => Ok(DryRun::Server),
        "none" => Ok(DryRun::None),
        other => Err(format!("error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\".")),
    }
}

/// A positive duration in the simulation's whole milliseconds, rounded up so that it never
/// becomes 0 (which means "no timeout").
pub(crate) fn ns_to_ms(ns: i64) -> u64 {
    (ns.max(0) as u64).div_ceil(1_000_000)
}

/// Go's `%q` of the first byte of `s` as pflag prints a shorthand (a byte, quoted as a rune):
/// `'x'`, `'\''`, `'\x1b'`, and a non-ASCII lead byte as the Latin-1 rune it spells.
fn go_quote_byte(s: &str) -> String {
    let c = char::from(s.as_bytes().first().copied().unwrap_or(0));
    // strconv.QuoteRune escapes as Quote does, but `'` instead of `"`.
    match c {
        '\'' => "'\\''".into(),
        '"' => "'\"'".into(),
        _ => {
            let quoted = format!("{:?}", GoStr(c.encode_utf8(&mut [0; 4])));
            format!("'{}'", &quoted[1..quoted.len() - 1])
        }
    }
}

/// A boolean flag's value, `"true"` or `"false"`, read as pflag reads it (Go's `ParseBool`).
fn bool_value(spec: &Spec, v: &str, usage: &str) -> Result<String, String> {
    match dsplay_core::strconv::go_parse_bool(v) {
        Some(b) => Ok(b.to_string()),
        None => {
            let why = format!("strconv.ParseBool: parsing {:?}: invalid syntax", GoStr(v));
            Err(invalid_argument(spec.short, spec.long, v, &why, usage))
        }
    }
}

fn usage(command: &str) -> String {
    format!("See '{command} --help' for usage.")
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
    let usage = usage(command);
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
                let value = match inline {
                    Some(v) => v,
                    None if i < words.len() => {
                        i += 1;
                        words[i - 1].clone()
                    }
                    None => return Err(format!("error: flag needs an argument: --{name}\n{usage}")),
                };
                typed_value(spec, value, &usage)?
            } else if let Some(bare) = spec.bare {
                inline.unwrap_or_else(|| bare.into())
            } else {
                match inline {
                    None => "true".into(),
                    // pflag parses a boolean's value as it reads the flag.
                    Some(v) => bool_value(spec, &v, &usage)?,
                }
            };
            out.flags.push((spec.long, value));
        } else if w.len() > 1 && w.starts_with('-') && !w[1..].starts_with(|c: char| c.is_ascii_digit()) {
            for (pos, c) in w[1..].char_indices() {
                // pflag's parseSingleShortArg: its messages name the shorthands left to read.
                let left = &w[1 + pos..];
                let rest = &left[c.len_utf8()..];
                let Some(spec) = find_short(c) else {
                    return Err(format!("error: unknown shorthand flag: {} in -{left}\n{usage}", go_quote_byte(left)));
                };
                // `-o=wide` and `-A=false` give the value after `=`, but only when there is
                // something after it: `-o=` is the value "=", and `-A=` is `-A` then `-=`.
                let after_equals = rest.strip_prefix('=').filter(|v| !v.is_empty());
                if spec.takes_value {
                    let value = if let Some(v) = after_equals {
                        v.to_string()
                    } else if !rest.is_empty() {
                        rest.to_string()
                    } else if i < words.len() {
                        i += 1;
                        words[i - 1].clone()
                    } else {
                        return Err(format!("error: flag needs an argument: '{c}' in -{c}\n{usage}"));
                    };
                    out.flags.push((spec.long, typed_value(spec, value, &usage)?));
                    break;
                }
                if let Some(v) = after_equals {
                    out.flags.push((spec.long, bool_value(spec, v, &usage)?));
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
    fn booleans_and_optional_values_read_as_pflag_reads_them() {
        const SPECS: &[Spec] = &[flag("watch", Some('w'), false), optional_value("dry-run", "unchanged")];
        // A boolean's value only after `=`, in any of Go's ParseBool spellings.
        let p = parse(&words("ds/x --watch=F -A=1 x"), SPECS, "kubectl rollout status").unwrap();
        assert_eq!((p.get("watch"), p.get("all-namespaces")), (Some("false"), Some("true")));
        assert_eq!(p.args, vec!["ds/x", "x"]);
        let p = parse(&words("n1 --dry-run client"), SPECS, "kubectl cordon").unwrap();
        assert_eq!(
            (p.get("dry-run"), p.args.as_slice()),
            (Some("unchanged"), &["n1".to_string(), "client".into()][..])
        );
        assert_eq!(parse(&words("--dry-run=server"), SPECS, "kubectl cordon").unwrap().get("dry-run"), Some("server"));
        let err = parse(&words("-w=maybe"), SPECS, "kubectl rollout status").unwrap_err();
        assert_eq!(
            err,
            "error: invalid argument \"maybe\" for \"-w, --watch\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl rollout status --help' for usage."
        );
    }

    #[test]
    fn numbers_and_durations_read_as_pflag_reads_them() {
        const SPECS: &[Spec] = &[flag("revision", None, true), flag("timeout", None, true)];
        let p = parse(&words("--revision=0x10 --timeout=1m30s"), SPECS, "kubectl x").unwrap();
        assert_eq!(p.int64("revision", "kubectl x"), Ok(Some(16)));
        assert_eq!(p.duration("timeout", "kubectl x"), Ok(Some(90_000_000_000)));
        assert_eq!(p.int64("absent", "kubectl x"), Ok(None));
        let p = parse(&words("--revision=9223372036854775808 --timeout=1d"), SPECS, "kubectl x").unwrap();
        assert!(p.int64("revision", "kubectl x").unwrap_err().contains(": value out of range\n"));
        assert!(
            p.duration("timeout", "kubectl x").unwrap_err().contains("time: unknown unit \"d\" in duration \"1d\"")
        );
        assert_eq!(ns_to_ms(1), 1);
        assert_eq!(ns_to_ms(1_500_000), 2);
        assert_eq!(ns_to_ms(-5), 0);
    }

    #[test]
    fn typed_values_are_refused_as_pflag_reads_them_before_later_words() {
        const TYPED: &[Spec] = &[int_flag("grace-period"), duration_flag("timeout")];
        // Checked against kubectl 1.33: the bad value is met before the unknown flag...
        let err = parse(&words("ds x --grace-period=x --bogus"), TYPED, "kubectl delete").unwrap_err();
        assert!(
            err.starts_with("error: invalid argument \"x\" for \"--grace-period\" flag: strconv.ParseInt"),
            "{err}"
        );
        // ...and after it here.
        let err = parse(&words("ds x --bogus --grace-period=x"), TYPED, "kubectl delete").unwrap_err();
        assert!(err.starts_with("error: unknown flag: --bogus"), "{err}");
        let err = parse(&words("n1 --timeout 5"), TYPED, "kubectl drain").unwrap_err();
        assert!(err.contains("time: missing unit in duration \"5\""), "{err}");
        assert!(parse(&words("--grace-period 0x10 --timeout=1m"), TYPED, "kubectl drain").is_ok());
    }

    #[test]
    fn unknown_flags_get_cobras_message() {
        let err = parse(&words("ds --frobnicate"), SPECS, "kubectl get").unwrap_err();
        assert_eq!(err, "error: unknown flag: --frobnicate\nSee 'kubectl get --help' for usage.");
        let err = parse(&words("ds -x"), SPECS, "kubectl get").unwrap_err();
        assert!(err.starts_with("error: unknown shorthand flag: 'x' in -x"), "{err}");
        // Checked against kubectl 1.33.
        let bools: &[Spec] = &[flag("all-namespaces", Some('A'), false), flag("watch", Some('w'), false)];
        let err = parse(&words("pods -A="), bools, "kubectl get").unwrap_err();
        assert_eq!(err, "error: unknown shorthand flag: '=' in -=\nSee 'kubectl get --help' for usage.");
        let err = parse(&words("pods -Aq"), bools, "kubectl get").unwrap_err();
        assert!(err.starts_with("error: unknown shorthand flag: 'q' in -q\n"), "{err}");
        let err = parse(&words("pods -A\u{1b}"), bools, "kubectl get").unwrap_err();
        assert!(err.starts_with("error: unknown shorthand flag: '\\x1b' in -\u{1b}\n"), "{err}");
        for (shorthands, quoted) in [
            ("'", "'\\''"),
            ("\\", "'\\\\'"),
            ("\u{7f}", "'\\x7f'"),
            ("\u{ad}", "'Â'"),
            ("é", "'Ã'"),
            ("\u{a0}", "'Â'"),
            ("\n", "'\\n'"),
        ] {
            assert_eq!(go_quote_byte(shorthands), quoted, "{shorthands:?}");
        }
        assert_eq!(parse(&words("pods -o="), SPECS, "kubectl get").unwrap().get("output"), Some("="));
        assert_eq!(parse(&words("pods -o=wide"), SPECS, "kubectl get").unwrap().get("output"), Some("wide"));
        assert_eq!(parse(&words("pods -A=false"), bools, "kubectl get").unwrap().get("all-namespaces"), Some("false"));
    }
}
