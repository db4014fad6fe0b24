//! Embedding in a docs page: the options of `index.html?embed`, and the message API a host page
//! drives the iframe with (`dsplay:run`, `dsplay:state`). Pure (no DOM), so the contract is
//! unit-tested natively; `app.rs` wires it to `window.postMessage`.

use dsplay_console::script::parse_script;
use dsplay_console::{Output, Stream};
use dsplay_core::view_build::ViewCache;
use serde::Serialize;
use serde_json::{Value, json};

/// Largest `line` a `dsplay:run` takes, as the console takes from the page.
const MAX_LINE_BYTES: usize = 1 << 20;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// The value of `data-theme` on `<html>` (none: the stylesheet follows the system).
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

/// What `?embed&…` asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedOptions {
    /// `&preset=ID`; checked against the presets when the page opens it.
    pub preset: Option<String>,
    /// `&panels=editor,console`: the compact chrome has tiles, the DaemonSet panel and the
    /// time controls; these add the manifest editor and the console.
    pub editor: bool,
    pub console: bool,
    pub theme: Theme,
    /// `&speed=2` (or `2x`): Play's speed in tenths, one of the toolbar's speeds.
    pub speed_tenths: Option<u32>,
    /// What in the query could not be read, one sentence each (shown as a notice).
    pub problems: Vec<String>,
}

/// The embed options in a query string (`location.search`, with or without `?`), or `None`
/// for the full page. Values it does not know are reported, one sentence each, and ignored.
pub fn parse_query(search: &str) -> Option<EmbedOptions> {
    let pairs: Vec<(String, String)> = search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    if !pairs.iter().any(|(k, _)| k == "embed") {
        return None;
    }
    let mut options = EmbedOptions::default();
    let problems = &mut options.problems;
    let (mut preset, mut editor, mut console, mut theme) = (None, false, false, Theme::Auto);
    for (key, value) in pairs {
        match key.as_str() {
            "embed" => {}
            "preset" if !value.is_empty() => preset = Some(value),
            "panels" => {
                for panel in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    match panel {
                        "editor" => editor = true,
                        "console" => console = true,
                        other => problems
                            .push(format!("Unknown panel “{}” (panels are editor and console).", printable(other))),
                    }
                }
            }
            "theme" => match value.as_str() {
                "auto" | "" => theme = Theme::Auto,
                "light" => theme = Theme::Light,
                "dark" => theme = Theme::Dark,
                other => {
                    problems.push(format!("Unknown theme “{}” (themes are auto, light and dark).", printable(other)))
                }
            },
            "speed" => match speed_tenths(&value) {
                Some(tenths) => options.speed_tenths = Some(tenths),
                None => problems
                    .push(format!("Unknown speed “{}” (speeds are 0.5, 1, 2, 5, 10 and 20).", printable(&value))),
            },
            // Anything else is not ours to judge (a docs site may add its own parameters).
            _ => {}
        }
    }
    (options.preset, options.editor, options.console, options.theme) = (preset, editor, console, theme);
    Some(options)
}

/// `0.5`, `2`, `20x` or `20×` as tenths, if it is a speed the toolbar offers.
fn speed_tenths(value: &str) -> Option<u32> {
    let number = value.trim().trim_end_matches(['x', '×']);
    let tenths = match number {
        "0.5" | ".5" => 5,
        "1" => 10,
        "2" => 20,
        "5" => 50,
        "10" => 100,
        "20" => 200,
        _ => return None,
    };
    Some(tenths)
}

/// `%XX` and `+` decoding of one query component; invalid escapes are kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// A value to quote in a message: control characters shown as `\n`, `\t` or `\u{1b}`, and at
/// most 60 characters. (Not `char::escape_debug`: its Unicode tables would cost the bundle
/// kilobytes.)
pub fn printable(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().take(60) {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// A message from the host page, as the iframe reads it.
#[derive(Debug, PartialEq)]
pub enum Request {
    /// `{type: "dsplay:run", id, line}`: `line` may hold a command with its heredoc, or several
    /// commands, which run in order as in a script.
    Run { id: Value, commands: Vec<dsplay_console::ScriptCommand> },
    /// `{type: "dsplay:state", id}`.
    State { id: Value },
    /// A message meant for us that cannot be done: answered with exit code 2 and the reason.
    Malformed { id: Value, reason: String },
    /// Not ours, or without an `id` to answer to: ignored.
    Ignore,
}

/// Reads a message's `data`. Never fails: what cannot be read is `Malformed` or `Ignore`.
pub fn parse_request(data: &Value) -> Request {
    let Some(object) = data.as_object() else { return Request::Ignore };
    let Some(id) = object.get("id").filter(|id| !id.is_null()).cloned() else { return Request::Ignore };
    let malformed = |reason: String| Request::Malformed { id: id.clone(), reason };
    // Our own replies: a page opened as `?embed` at the top is its own parent, and answering
    // its replies would never end.
    if object.contains_key("timeMs") {
        return Request::Ignore;
    }
    match object.get("type").and_then(Value::as_str) {
        Some("dsplay:result" | "dsplay:ready" | "dsplay:change") => Request::Ignore,
        Some("dsplay:run") => match object.get("line") {
            Some(Value::String(line)) if line.len() > MAX_LINE_BYTES => {
                malformed("error: dsplay:run: line is longer than 1 MiB\n".to_string())
            }
            Some(Value::String(line)) => match parse_script(line) {
                Ok(commands) => Request::Run { id, commands },
                Err(e) => malformed(format!("error: {e}\n")),
            },
            Some(_) => malformed("error: dsplay:run: line must be a string\n".to_string()),
            None => malformed("error: dsplay:run: a line to run is required\n".to_string()),
        },
        Some("dsplay:state") => Request::State { id },
        Some(other) => malformed(format!(
            "error: unknown message type \"{}\" (known: dsplay:run, dsplay:state)\n",
            printable(other)
        )),
        None => malformed("error: the message has no type (known: dsplay:run, dsplay:state)\n".to_string()),
    }
}

/// What several commands of one `dsplay:run` printed, put together as a shell would: every
/// command's output in order, and the exit code of the last one.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RunResult {
    pub exit_code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl RunResult {
    pub fn add(&mut self, output: &Output) {
        for (stream, text) in &output.chunks {
            match stream {
                Stream::Stderr => self.stderr.push_str(text),
                _ => self.stdout.push_str(text),
            }
        }
        self.exit_code = output.exit_code;
    }

    pub fn reply(&self, id: &Value) -> String {
        json!({"type": "dsplay:result", "id": id, "exitCode": self.exit_code, "stdout": self.stdout, "stderr": self.stderr})
            .to_string()
    }
}

/// The reply to a malformed message.
pub fn malformed_reply(id: &Value, reason: &str) -> String {
    json!({"type": "dsplay:result", "id": id, "exitCode": 2, "stdout": "", "stderr": reason}).to_string()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StateReply<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a Value,
    time_ms: u64,
    nodes: Vec<NodeState<'a>>,
    daemonsets: Vec<DaemonSetState<'a>>,
}

#[derive(Serialize)]
struct NodeState<'a> {
    name: &'a str,
    ready: bool,
    labels: std::collections::BTreeMap<&'a str, &'a str>,
    pods: Vec<PodState<'a>>,
}

#[derive(Serialize)]
struct PodState<'a> {
    name: &'a str,
    daemonset: Option<&'a str>,
    phase: &'a str,
    ready: bool,
    /// The pod's `controller-revision-hash`: which revision of its DaemonSet's template it runs.
    revision: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DaemonSetState<'a> {
    name: &'a str,
    namespace: &'a str,
    desired: i64,
    current: i64,
    ready: i64,
    up_to_date: i64,
    available: i64,
}

/// The `dsplay:state` reply, from the view the page shows (brought up to date first).
pub fn state_reply(id: &Value, view: &ViewCache) -> String {
    let reply = StateReply {
        kind: "dsplay:state",
        id,
        time_ms: view.now_ms(),
        nodes: view
            .nodes()
            .iter()
            .map(|n| NodeState {
                name: &n.name,
                ready: n.ready,
                labels: n.labels.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
                pods: n
                    .pods
                    .iter()
                    .map(|p| PodState {
                        name: &p.name,
                        daemonset: p.daemonset.as_deref(),
                        phase: &p.phase,
                        ready: p.ready,
                        revision: &p.revision,
                    })
                    .collect(),
            })
            .collect(),
        daemonsets: view
            .daemonsets()
            .iter()
            .map(|d| DaemonSetState {
                name: &d.name,
                namespace: &d.namespace,
                desired: d.desired,
                current: d.current,
                ready: d.ready,
                up_to_date: d.up_to_date,
                available: d.available,
            })
            .collect(),
    };
    // Serialising strings, numbers and maps of them cannot fail.
    serde_json::to_string(&reply).unwrap_or_default()
}

/// `{type: "dsplay:change", timeMs}`, posted after every change.
pub fn change_message(time_ms: u64) -> String {
    format!(r#"{{"type":"dsplay:change","timeMs":{time_ms}}}"#)
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_embed_query_is_an_embed() {
        assert_eq!(parse_query(""), None);
        assert_eq!(parse_query("?preset=gpu"), None);
        assert_eq!(parse_query("?embeds"), None);
        assert_eq!(parse_query("?embed"), Some(EmbedOptions::default()));
    }

    #[test]
    fn options_are_read_and_unknown_values_reported() {
        let o = parse_query("?embed&preset=gpu&panels=editor,console&theme=dark").unwrap();
        assert_eq!(o.preset.as_deref(), Some("gpu"));
        assert!(o.editor && o.console);
        assert_eq!(o.theme, Theme::Dark);
        assert!(o.problems.is_empty());
        assert_eq!(parse_query("?embed&speed=20x").unwrap().speed_tenths, Some(200));
        assert_eq!(parse_query("?embed&speed=0.5").unwrap().speed_tenths, Some(5));
        let o = parse_query("embed=1&panels=console%2Cchart&theme=sepia%0A&utm_source=x&speed=3").unwrap();
        assert!(o.console && !o.editor);
        assert_eq!(o.theme, Theme::Auto);
        assert_eq!(
            o.problems,
            vec![
                "Unknown panel “chart” (panels are editor and console).".to_string(),
                "Unknown theme “sepia\\n” (themes are auto, light and dark).".to_string(),
                "Unknown speed “3” (speeds are 0.5, 1, 2, 5, 10 and 20).".to_string(),
            ]
        );
    }

    #[test]
    fn percent_decoding_keeps_what_it_cannot_read() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%E2%9C%93"), "✓");
        assert_eq!(percent_decode("%FF"), "\u{fffd}");
    }

    #[test]
    fn requests_are_read_or_answered_with_a_reason() {
        let run =
            parse_request(&json!({"type": "dsplay:run", "id": 7, "line": "kubectl apply -f - <<EOF\nkind: X\nEOF"}));
        match run {
            Request::Run { id, commands } => {
                assert_eq!(id, json!(7));
                assert_eq!(commands.len(), 1);
                assert_eq!(commands[0].heredoc_lines, vec!["kind: X".to_string(), "EOF".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parse_request(&json!({"type": "dsplay:state", "id": "a"})), Request::State { id: json!("a") });
        // Without an id there is no one to answer.
        assert_eq!(parse_request(&json!({"type": "dsplay:run", "line": "x"})), Request::Ignore);
        assert_eq!(parse_request(&json!("dsplay:run")), Request::Ignore);
        assert_eq!(parse_request(&json!(null)), Request::Ignore);
        // Replies, which a top-level `?embed` page receives from itself.
        assert_eq!(parse_request(&serde_json::from_str(&malformed_reply(&json!(1), "x")).unwrap()), Request::Ignore);
        assert_eq!(parse_request(&json!({"type": "dsplay:state", "id": 1, "timeMs": 0, "nodes": []})), Request::Ignore);
        for (data, reason) in [
            (json!({"type": "dsplay:run", "id": 1}), "a line to run is required"),
            (json!({"type": "dsplay:run", "id": 1, "line": 3}), "line must be a string"),
            (json!({"type": "dsplay:run", "id": 1, "line": "kubectl apply -f - <<EOF\nx"}), "EOF"),
            (json!({"type": "dsplay:go", "id": 1}), "unknown message type \"dsplay:go\""),
            (json!({"id": 1}), "has no type"),
        ] {
            match parse_request(&data) {
                Request::Malformed { id, reason: r } => {
                    assert_eq!(id, json!(1));
                    assert!(r.contains(reason) && r.ends_with('\n'), "{data}: {r}");
                }
                other => panic!("{data}: {other:?}"),
            }
        }
    }

    #[test]
    fn run_results_join_outputs_and_keep_the_last_exit_code() {
        let mut console = dsplay_console::Console::new();
        let mut result = RunResult::default();
        for line in ["kubectl get nodes nope", "sim node add n1"] {
            result.add(&console.run_line(line));
        }
        let reply: Value = serde_json::from_str(&result.reply(&json!(3))).unwrap();
        assert_eq!(reply["exitCode"], json!(0));
        assert_eq!(reply["stdout"], json!("node/n1 created\n"));
        // The console's NotFound error, as the console printed it.
        let stderr = reply["stderr"].as_str().unwrap_or_default();
        assert!(stderr.ends_with("nodes \"nope\" not found\n") && stderr.lines().count() == 1, "{stderr}");
        let malformed: Value = serde_json::from_str(&malformed_reply(&json!(3), "why\n")).unwrap();
        assert_eq!(malformed["exitCode"], json!(2));
    }

    #[test]
    fn state_has_the_contracts_shape() {
        let mut console = dsplay_console::Console::new();
        let script =
            format!("sim node add n1 --label zone=a\n{}", dsplay_console::bench::DAEMONSET.replace("NAME", "agent"));
        console.run_text(&script).unwrap();
        console.advance_ms(5000);
        let mut view = ViewCache::default();
        console.simulation().refresh_view(&mut view);
        let state: Value = serde_json::from_str(&state_reply(&json!(9), &view)).unwrap();
        assert_eq!(state["type"], json!("dsplay:state"));
        assert_eq!(state["id"], json!(9));
        assert_eq!(state["timeMs"], json!(5000));
        let node = &state["nodes"][0];
        assert_eq!(node["name"], json!("n1"));
        assert_eq!(node["ready"], json!(true));
        assert_eq!(node["labels"]["zone"], json!("a"));
        let pod = &node["pods"][0];
        assert_eq!(pod["daemonset"], json!("agent"));
        assert_eq!(pod["phase"], json!("Running"));
        assert_eq!(pod["ready"], json!(true));
        assert!(pod["revision"].as_str().is_some_and(|r| !r.is_empty()));
        let ds = &state["daemonsets"][0];
        for (k, v) in [("desired", 1), ("current", 1), ("ready", 1), ("upToDate", 1), ("available", 1)] {
            assert_eq!(ds[k], json!(v), "{k}");
        }
        assert_eq!(ds["namespace"], json!("default"));
        let change: Value = serde_json::from_str(&change_message(5000)).unwrap();
        assert_eq!(change, json!({"type": "dsplay:change", "timeMs": 5000}));
    }
}
