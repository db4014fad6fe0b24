//! Embedding in a docs page: the options of `index.html?embed`, and the message API a host page
//! drives the iframe with (`dsplay:run`, `dsplay:state`). Pure (no DOM), so the contract is
//! unit-tested natively; `app.rs` wires it to `window.postMessage`.

use dsplay_console::json_out::write_json_string;
use dsplay_console::script::parse_script;
use dsplay_console::{Output, Stream};
use dsplay_core::view_build::ViewCache;

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

/// The embed options, given the query's parameters (`get` is `URLSearchParams.get`, which
/// decodes them), or `None` for the full page. Values it does not know are reported, one
/// sentence each, and ignored; parameters it does not know are the host's business.
pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Option<EmbedOptions> {
    get("embed")?;
    let mut options = EmbedOptions { preset: get("preset").filter(|p| !p.is_empty()), ..EmbedOptions::default() };
    let problems = &mut options.problems;
    for panel in get("panels").unwrap_or_default().split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match panel {
            "editor" => options.editor = true,
            "console" => options.console = true,
            other => problems.push(format!("Unknown panel “{}” (panels are editor and console).", printable(other))),
        }
    }
    match get("theme").as_deref() {
        None | Some("auto" | "") => {}
        Some("light") => options.theme = Theme::Light,
        Some("dark") => options.theme = Theme::Dark,
        Some(other) => {
            problems.push(format!("Unknown theme “{}” (themes are auto, light and dark).", printable(other)))
        }
    }
    if let Some(speed) = get("speed") {
        match speed_tenths(&speed) {
            Some(tenths) => options.speed_tenths = Some(tenths),
            None => {
                problems.push(format!("Unknown speed “{}” (speeds are 0.5, 1, 2, 5, 10 and 20).", printable(&speed)))
            }
        }
    }
    Some(options)
}

/// [`from_params`] over a query string, as the browser would decode it (tests).
#[cfg(test)]
pub fn parse_query(search: &str) -> Option<EmbedOptions> {
    let pairs: Vec<(String, String)> = search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode = |t: &str| match crate::share::read_fragment(&format!("s0:{t}")) {
                Ok(crate::share::Fragment::Plain(text)) => text,
                _ => t.to_string(),
            };
            (decode(k), decode(v))
        })
        .collect();
    from_params(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
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

/// A value to quote in a message: at most 60 characters, control and bidirectional
/// characters escaped (`words::escape_control`), newlines and tabs too (a notice is one line).
pub fn printable(s: &str) -> String {
    let cut: String = s.chars().take(60).collect();
    let mut out = dsplay_console::words::escape_control(&cut).replace('\n', "\\n").replace('\t', "\\t");
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// The fields of a host page's message that the API reads, as `browser::read_message` takes
/// them out of its data one by one (parsing the whole of it would cost the bundle kilobytes).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Message {
    /// `type`, when it is a string.
    pub kind: Option<String>,
    /// `id` as JSON text, echoed into the reply as it came (absent, `null` or not JSON: none).
    pub id: Option<String>,
    /// `line`: `Some(None)` when it is there but not a string.
    pub line: Option<Option<String>>,
    /// Whether it has `timeMs`, as our own `dsplay:state` replies do.
    pub has_time: bool,
    /// The page is its own parent (opened as `?embed` at the top, or a test): it receives its
    /// own replies and announcements, which must not be answered.
    pub from_self: bool,
}

impl Message {
    /// The message a page would post as `data` (tests; the browser reads fields directly).
    #[cfg(test)]
    pub fn from_json(data: &serde_json::Value) -> Message {
        let field = |k: &str| data.get(k).filter(|v| !v.is_null());
        Message {
            kind: data.get("type").and_then(|t| t.as_str()).map(str::to_string),
            id: field("id").map(|id| id.to_string()),
            line: data.get("line").map(|l| l.as_str().map(str::to_string)),
            has_time: data.get("timeMs").is_some(),
            from_self: true,
        }
    }
}

/// A message from the host page, as the iframe reads it. Ids are JSON text.
#[derive(Debug, PartialEq)]
pub enum Request {
    /// `{type: "dsplay:run", id, line}`: `line` may hold a command with its heredoc, or several
    /// commands, which run in order as in a script.
    Run { id: String, commands: Vec<dsplay_console::ScriptCommand> },
    /// `{type: "dsplay:state", id}`.
    State { id: String },
    /// A message meant for us that cannot be done: answered with exit code 2 and the reason.
    Malformed { id: String, reason: String },
    /// Not ours, or without an `id` to answer to: ignored.
    Ignore,
}

/// Reads a message. Never fails: what cannot be read is `Malformed` or `Ignore`.
pub fn parse_request(message: Message) -> Request {
    let Message { kind, id, line, has_time, from_self } = message;
    let Some(id) = id else { return Request::Ignore };
    // A page that is its own parent hears its own replies: answering them would never end.
    let own_reply = has_time || matches!(kind.as_deref(), Some("dsplay:result" | "dsplay:ready" | "dsplay:change"));
    if from_self && own_reply {
        return Request::Ignore;
    }
    let malformed = |reason: String| Request::Malformed { id: id.clone(), reason };
    match kind.as_deref() {
        Some("dsplay:run") => match line {
            Some(Some(line)) if line.len() > MAX_LINE_BYTES => {
                malformed("error: dsplay:run: line is longer than 1 MiB\n".to_string())
            }
            Some(Some(line)) => match parse_script(&line) {
                Ok(commands) => Request::Run { id, commands },
                Err(e) => malformed(format!("error: {e}\n")),
            },
            Some(None) => malformed("error: dsplay:run: line must be a string\n".to_string()),
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

    pub fn reply(&self, id: &str) -> String {
        result_reply(id, self.exit_code, &self.stdout, &self.stderr)
    }
}

/// The reply to a malformed message.
pub fn malformed_reply(id: &str, reason: &str) -> String {
    result_reply(id, 2, "", reason)
}

fn result_reply(id: &str, exit_code: i32, stdout: &str, stderr: &str) -> String {
    let mut out = String::from(r#"{"type":"dsplay:result","id":"#);
    out.push_str(id);
    out.push_str(&format!(r#","exitCode":{exit_code},"stdout":"#));
    write_json_string(&mut out, stdout);
    out.push_str(r#","stderr":"#);
    write_json_string(&mut out, stderr);
    out.push('}');
    out
}

/// The `dsplay:state` reply, from the view the page shows (brought up to date first). Written
/// by hand: serde's derived code for it cost the bundle 5 KB gzip.
pub fn state_reply(id: &str, view: &ViewCache) -> String {
    let mut out = String::from(r#"{"type":"dsplay:state","id":"#);
    out.push_str(id);
    out.push_str(r#","timeMs":"#);
    out.push_str(&view.now_ms().to_string());
    out.push_str(r#","nodes":["#);
    for (i, n) in view.nodes().iter().enumerate() {
        out.push_str(if i == 0 { r#"{"name":"# } else { r#",{"name":"# });
        write_json_string(&mut out, &n.name);
        out.push_str(if n.ready { r#","ready":true,"labels":{"# } else { r#","ready":false,"labels":{"# });
        for (j, (k, v)) in n.labels.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            write_json_string(&mut out, k);
            out.push(':');
            write_json_string(&mut out, v);
        }
        out.push_str(r#"},"pods":["#);
        for (j, p) in n.pods.iter().enumerate() {
            out.push_str(if j == 0 { r#"{"name":"# } else { r#",{"name":"# });
            write_json_string(&mut out, &p.name);
            out.push_str(r#","daemonset":"#);
            match &p.daemonset {
                Some(d) => write_json_string(&mut out, d),
                None => out.push_str("null"),
            }
            out.push_str(r#","phase":"#);
            write_json_string(&mut out, &p.phase);
            out.push_str(if p.ready { r#","ready":true,"revision":"# } else { r#","ready":false,"revision":"# });
            // The pod's `controller-revision-hash`: which revision of its DaemonSet's template.
            write_json_string(&mut out, &p.revision);
            out.push('}');
        }
        out.push_str("]}");
    }
    out.push_str(r#"],"daemonsets":["#);
    for (i, d) in view.daemonsets().iter().enumerate() {
        out.push_str(if i == 0 { r#"{"name":"# } else { r#",{"name":"# });
        write_json_string(&mut out, &d.name);
        out.push_str(r#","namespace":"#);
        write_json_string(&mut out, &d.namespace);
        for (key, n) in [
            ("desired", d.desired),
            ("current", d.current),
            ("ready", d.ready),
            ("upToDate", d.up_to_date),
            ("available", d.available),
        ] {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":");
            out.push_str(&n.to_string());
        }
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// `{type: "dsplay:change", timeMs}`, posted after every change.
pub fn change_message(time_ms: u64) -> String {
    format!(r#"{{"type":"dsplay:change","timeMs":{time_ms}}}"#)
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn requests_are_read_or_answered_with_a_reason() {
        let read = |data: serde_json::Value| parse_request(Message::from_json(&data));
        let run = read(json!({"type": "dsplay:run", "id": 7, "line": "kubectl apply -f - <<EOF\nkind: X\nEOF"}));
        match run {
            Request::Run { id, commands } => {
                assert_eq!(id, "7");
                assert_eq!(commands.len(), 1);
                assert_eq!(commands[0].heredoc_lines, vec!["kind: X".to_string(), "EOF".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(read(json!({"type": "dsplay:state", "id": "a"})), Request::State { id: "\"a\"".to_string() });
        // Without an id there is no one to answer.
        assert_eq!(read(json!({"type": "dsplay:run", "line": "x"})), Request::Ignore);
        assert_eq!(read(json!({"type": "dsplay:run", "id": null, "line": "x"})), Request::Ignore);
        assert_eq!(read(json!("dsplay:run")), Request::Ignore);
        assert_eq!(read(json!(null)), Request::Ignore);
        // Replies, which a top-level `?embed` page receives from itself, are not answered; from
        // a real parent, a reply-shaped request is answered as malformed.
        let reply: serde_json::Value = serde_json::from_str(&malformed_reply("1", "x")).unwrap();
        assert_eq!(read(reply.clone()), Request::Ignore);
        assert_eq!(read(json!({"type": "dsplay:state", "id": 1, "timeMs": 0, "nodes": []})), Request::Ignore);
        let from_parent = Message { from_self: false, ..Message::from_json(&reply) };
        assert!(matches!(parse_request(from_parent), Request::Malformed { .. }));
        for (data, reason) in [
            (json!({"type": "dsplay:run", "id": 1}), "a line to run is required"),
            (json!({"type": "dsplay:run", "id": 1, "line": 3}), "line must be a string"),
            (json!({"type": "dsplay:run", "id": 1, "line": "kubectl apply -f - <<EOF\nx"}), "EOF"),
            (json!({"type": "dsplay:go", "id": 1}), "unknown message type \"dsplay:go\""),
            (json!({"id": 1}), "has no type"),
        ] {
            match read(data.clone()) {
                Request::Malformed { id, reason: r } => {
                    assert_eq!(id, "1");
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
        let reply: serde_json::Value = serde_json::from_str(&result.reply("3")).unwrap();
        assert_eq!(reply["exitCode"], json!(0));
        assert_eq!(reply["stdout"], json!("node/n1 created\n"));
        // The console's NotFound error, as the console printed it.
        let stderr = reply["stderr"].as_str().unwrap_or_default();
        assert!(stderr.ends_with("nodes \"nope\" not found\n") && stderr.lines().count() == 1, "{stderr}");
        // Any id comes back as it was sent; text is escaped as JSON.
        for id in [json!("a \"quoted\" <id>"), json!(1.5), json!({"k": [1, true]})] {
            let message = Message::from_json(&json!({"type": "dsplay:nope", "id": id}));
            let Request::Malformed { id: text, .. } = parse_request(message) else { panic!("{id}") };
            let reply: serde_json::Value = serde_json::from_str(&malformed_reply(&text, "tab\there\u{1b}")).unwrap();
            assert_eq!(reply["id"], id);
            assert_eq!(reply["stderr"], json!("tab\there\u{1b}"));
        }
        let malformed: serde_json::Value = serde_json::from_str(&malformed_reply("3", "why\n")).unwrap();
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
        let state: serde_json::Value = serde_json::from_str(&state_reply("9", &view)).unwrap();
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
        let change: serde_json::Value = serde_json::from_str(&change_message(5000)).unwrap();
        assert_eq!(change, json!({"type": "dsplay:change", "timeMs": 5000}));
    }
}
