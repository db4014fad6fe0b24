//! Console lines the UI writes (every button is a console line, so sessions replay), and
//! reading YAML error locations back out of the console's messages. Pure: tested natively.

use dsplay_console::ScriptCommand;
use serde::Serialize;

/// `kubectl apply -f - <<DELIM` with `text` as the heredoc body, using a delimiter that does
/// not occur as a line of the text (a line equal to it would end the heredoc early).
pub fn apply_command(text: &str) -> ScriptCommand {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut delimiter = String::from("EOF");
    let mut n = 0;
    while lines.iter().any(|l| l.trim() == delimiter) {
        n += 1;
        delimiter = format!("EOF{n}");
    }
    let mut heredoc_lines = lines;
    heredoc_lines.push(delimiter.clone());
    ScriptCommand { line: 1, first_line: format!("kubectl apply -f - <<{delimiter}"), heredoc_lines }
}

/// What the editor shows for a script: its last manifest, else the example.
pub fn editor_text(script: &str) -> String {
    last_heredoc_body(script).unwrap_or_else(|| crate::presets::example_manifest().to_string())
}

/// Console lines that create the nodes of a `kubectl get nodes --show-labels` table (with or
/// without `-o wide`) pasted into the editor: `None` when the text is not such a table.
/// NotReady nodes get `sim node fail` and one `sim advance 40s` at the end: a node reads
/// NotReady once the node lifecycle controller's grace period has passed without a heartbeat.
pub fn node_table_lines(text: &str) -> Option<Result<Vec<String>, String>> {
    let mut rows = text.lines().filter(|l| !l.trim().is_empty());
    let header = rows.next()?;
    let columns: Vec<(usize, &str)> = header
        .char_indices()
        .filter(|&(i, c)| c != ' ' && (i == 0 || header.as_bytes()[i - 1] == b' '))
        .map(|(i, _)| (i, header[i..].split(' ').next().unwrap_or_default()))
        .collect();
    let at = |name: &str| columns.iter().position(|(_, c)| *c == name);
    let (name, status, labels) = (at("NAME")?, at("STATUS")?, at("LABELS")?);
    if name != 0 {
        return None;
    }
    let cell = |row: &str, column: usize| -> String {
        let start = columns[column].0;
        let end = columns.get(column + 1).map_or(row.len(), |c| c.0);
        row.get(start.min(row.len())..end.min(row.len())).unwrap_or_default().trim().to_string()
    };
    let (mut lines, mut failed) = (Vec::new(), Vec::new());
    for (n, row) in rows.enumerate() {
        let (node, state, label_list) = (cell(row, name), cell(row, status), cell(row, labels));
        if node.is_empty() || node.contains(' ') || state.is_empty() {
            return Some(Err(format!("Row {} of the node table cannot be read: {}", n + 1, row.trim())));
        }
        let mut line = format!("sim node add {}", dsplay_console::words::quote(&node));
        for label in label_list.split(',').filter(|l| !l.is_empty() && *l != "<none>") {
            line.push_str(" --label ");
            line.push_str(&dsplay_console::words::quote(label));
        }
        let mut states = state.split(',');
        if states.any(|s| s == "SchedulingDisabled") {
            line.push_str(" --unschedulable");
        }
        if !state.starts_with("Ready") {
            failed.push(format!("sim node fail {}", dsplay_console::words::quote(&node)));
        }
        lines.push(line);
    }
    if lines.is_empty() {
        return Some(Err("The node table has no rows.".to_string()));
    }
    if !failed.is_empty() {
        lines.extend(failed);
        lines.push("sim advance 40s".to_string());
    }
    Some(Ok(lines))
}

/// One console line as a command (no heredoc: a line typed in the page is one command).
pub fn command_of_line(line: &str) -> ScriptCommand {
    ScriptCommand { line: 1, first_line: line.to_string(), heredoc_lines: Vec::new() }
}

/// The command as it appears in a script: its lines, each ending in a newline.
pub fn command_source(command: &ScriptCommand) -> String {
    let mut out = String::with_capacity(command.first_line.len() + 1);
    for line in std::iter::once(&command.first_line).chain(&command.heredoc_lines) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The line that replays simulated time that passed outside the console (Play, Step).
pub fn advance_line(ms: u64) -> String {
    format!("sim advance {ms}ms")
}

/// An error to show under the editor; `line`/`column` are 1-based positions in the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

/// The errors of an apply's `output`, where the editor shows them: the console knows where
/// each manifest error is (also for validation and decode errors, whose kubectl wording has
/// no position). An error it placed nowhere (a refused flag, say) is shown as it was
/// printed, unplaced: its text is not searched for what it might mean. None when it
/// succeeded.
pub fn apply_diagnostics(
    output: &dsplay_console::Output,
    positioned: &[dsplay_console::Diagnostic],
) -> Vec<Diagnostic> {
    if output.exit_code == 0 {
        return Vec::new();
    }
    if positioned.is_empty() {
        let stderr: String = output
            .chunks
            .iter()
            .filter(|(s, _)| *s == dsplay_console::Stream::Stderr)
            .map(|(_, t)| t.as_str())
            .collect();
        let message = stderr.trim_end().to_string();
        return if message.is_empty() { Vec::new() } else { vec![Diagnostic { line: None, column: None, message }] };
    }
    positioned
        .iter()
        .map(|d| Diagnostic { line: Some(d.line), column: Some(d.column), message: d.message.clone() })
        .collect()
}

/// The body of the last heredoc in a script: the manifest a preset applied last, which the
/// editor opens with. The console's own script reader finds it, as it does to run it.
pub fn last_heredoc_body(script: &str) -> Option<String> {
    let commands = dsplay_console::script::parse_script(script).ok()?;
    commands.iter().rev().find(|c| !c.heredoc_lines.is_empty()).map(dsplay_console::script::heredoc_body)
}

/// Words of a form field: separated by whitespace or commas (`ssd=true, zone=a`).
pub fn tokens(field: &str) -> Vec<&str> {
    field.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).collect()
}

/// `sim node add` lines for the Add node form. Empty `names` means `count` generated names
/// (`node-N`, the first free numbers after the current node count).
pub fn node_add_lines(names: &str, count: usize, existing: &[&str], labels: &str, taints: &str) -> Vec<String> {
    let mut chosen: Vec<String> = tokens(names).into_iter().map(str::to_string).collect();
    if chosen.is_empty() {
        let mut n = existing.len();
        while chosen.len() < count.max(1) {
            n += 1;
            let name = format!("node-{n}");
            if !existing.contains(&name.as_str()) {
                chosen.push(name);
            }
        }
    }
    let mut flags = String::new();
    for label in tokens(labels) {
        flags.push_str(" --label ");
        flags.push_str(label);
    }
    for taint in tokens(taints) {
        flags.push_str(" --taint ");
        flags.push_str(taint);
    }
    chosen.into_iter().map(|name| format!("sim node add {name}{flags}")).collect()
}

/// `kubectl label nodes NODE k=v … k-`; adds `--overwrite` when a key already has another
/// value, since kubectl refuses to change a label without it and the form means to.
pub fn label_line(node: &str, field: &str, current: &[(String, String)]) -> Option<String> {
    let words = tokens(field);
    if words.is_empty() {
        return None;
    }
    let overwrite =
        words.iter().any(|w| w.split_once('=').is_some_and(|(k, v)| current.iter().any(|(ck, cv)| ck == k && cv != v)));
    let flag = if overwrite { " --overwrite" } else { "" };
    Some(format!("kubectl label nodes {node} {}{flag}", words.join(" ")))
}

/// `kubectl taint nodes NODE k=v:Effect … k:Effect-`.
pub fn taint_line(node: &str, field: &str) -> Option<String> {
    let words = tokens(field);
    (!words.is_empty()).then(|| format!("kubectl taint nodes {node} {}", words.join(" ")))
}

/// The `kubectl taint` argument that removes a taint shown as `key=value:Effect`/`key:Effect`.
pub fn untaint_word(taint: &str) -> String {
    match (taint.split_once('='), taint.rsplit_once(':')) {
        (Some((key, _)), Some((_, effect))) => format!("{key}:{effect}-"),
        _ => format!("{taint}-"),
    }
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_table_becomes_node_adds() {
        let table = "NAME                              STATUS                     ROLES    AGE   VERSION   LABELS
aks-default-1   Ready                      <none>   10d   v1.30.6   kubernetes.io/os=linux,topology.kubernetes.io/zone=eastus-1
aks-default-2   Ready,SchedulingDisabled   <none>   10d   v1.30.6   kubernetes.io/os=linux
aks-gpu-1       NotReady                   <none>   2d    v1.30.6   <none>
";
        // Columns as kubectl aligns them (the sample above is not aligned: realign it).
        let aligned = crate::script::tests::align(table);
        let lines = node_table_lines(&aligned).unwrap().unwrap();
        assert_eq!(
            lines,
            vec![
                "sim node add aks-default-1 --label kubernetes.io/os=linux --label topology.kubernetes.io/zone=eastus-1",
                "sim node add aks-default-2 --label kubernetes.io/os=linux --unschedulable",
                "sim node add aks-gpu-1",
                "sim node fail aks-gpu-1",
                "sim advance 40s",
            ]
        );
        assert_eq!(node_table_lines("apiVersion: apps/v1\nkind: DaemonSet\n"), None);
        assert_eq!(node_table_lines(""), None);
        assert!(node_table_lines("NAME   STATUS   LABELS\n").unwrap().is_err());
        assert!(node_table_lines("NAME   STATUS   LABELS\nbad name   Ready   <none>\n").unwrap().is_err());
        // -o wide puts columns with spaces in them (OS-IMAGE) between STATUS and LABELS.
        let wide = align("NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME LABELS\nn1 Ready <none> 1d v1.30.6 10.0.0.4 <none> Ubuntu~22.04.4~LTS 5.15.0 containerd://1.7 a=b\n").replace('~', " ");
        assert_eq!(node_table_lines(&wide).unwrap().unwrap(), vec!["sim node add n1 --label a=b"]);
    }

    /// Aligns whitespace-separated columns as kubectl's tabwriter does (3 spaces apart).
    pub(crate) fn align(table: &str) -> String {
        let rows: Vec<Vec<&str>> = table.lines().map(|l| l.split_whitespace().collect()).collect();
        let widths: Vec<usize> = (0..rows[0].len())
            .map(|c| rows.iter().map(|r| r.get(c).map_or(0, |w| w.chars().count())).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for r in &rows {
            let cells: Vec<String> =
                r.iter().enumerate().map(|(c, w)| format!("{w:<width$}", width = widths[c])).collect();
            out.push_str(cells.join("   ").trim_end());
            out.push('\n');
        }
        out
    }

    #[test]
    fn apply_command_wraps_text_in_a_heredoc() {
        let cmd = apply_command("kind: DaemonSet\nmetadata:\n  name: a\n");
        assert_eq!(cmd.first_line, "kubectl apply -f - <<EOF");
        assert_eq!(cmd.heredoc_lines, ["kind: DaemonSet", "metadata:", "  name: a", "EOF"]);
        assert_eq!(command_source(&cmd), "kubectl apply -f - <<EOF\nkind: DaemonSet\nmetadata:\n  name: a\nEOF\n");
    }

    #[test]
    fn apply_command_picks_a_delimiter_absent_from_the_text() {
        let cmd = apply_command("a: 1\nEOF\nEOF1\n");
        assert_eq!(cmd.first_line, "kubectl apply -f - <<EOF2");
        assert_eq!(cmd.heredoc_lines.last().unwrap(), "EOF2");
    }

    #[test]
    fn an_error_the_console_placed_nowhere_is_shown_as_printed() {
        use dsplay_console::{Output, Stream};
        let failed = Output {
            chunks: vec![(Stream::Stdout, "ok\n".into()), (Stream::Stderr, "error: unknown flag: --bogus\n".into())],
            exit_code: 1,
        };
        let d = apply_diagnostics(&failed, &[]);
        assert_eq!(d, [Diagnostic { line: None, column: None, message: "error: unknown flag: --bogus".into() }]);
        assert!(apply_diagnostics(&Output::default(), &[]).is_empty(), "nothing failed");
    }

    #[test]
    fn last_heredoc_body_finds_the_last_manifest() {
        let script = "sim node add a\nkubectl apply -f - <<EOF\nfirst: 1\nEOF\n# cat <<X\nkubectl apply -f - <<'END'\nsecond: 2\nEOF\nEND\n";
        assert_eq!(last_heredoc_body(script).unwrap(), "second: 2\nEOF\n");
        assert_eq!(last_heredoc_body("sim node add a\n"), None);
    }

    #[test]
    fn node_add_lines_generate_free_names_and_flags() {
        let lines = node_add_lines("", 2, &["node-1", "node-3"], "ssd=true, zone=a", "gpu=yes:NoSchedule");
        assert_eq!(
            lines,
            [
                "sim node add node-4 --label ssd=true --label zone=a --taint gpu=yes:NoSchedule",
                "sim node add node-5 --label ssd=true --label zone=a --taint gpu=yes:NoSchedule",
            ]
        );
        assert_eq!(node_add_lines("a b", 9, &[], "", ""), ["sim node add a", "sim node add b"]);
        assert_eq!(node_add_lines("", 0, &[], "", ""), ["sim node add node-1"]);
    }

    #[test]
    fn label_line_adds_overwrite_only_when_changing_a_value() {
        let current = vec![("ssd".to_string(), "true".to_string())];
        assert_eq!(label_line("n1", "zone=a", &current).unwrap(), "kubectl label nodes n1 zone=a");
        assert_eq!(label_line("n1", "ssd=false", &current).unwrap(), "kubectl label nodes n1 ssd=false --overwrite");
        assert_eq!(label_line("n1", "ssd-", &current).unwrap(), "kubectl label nodes n1 ssd-");
        assert_eq!(label_line("n1", "  ", &current), None);
    }

    #[test]
    fn untaint_word_removes_by_key_and_effect() {
        assert_eq!(untaint_word("gpu=yes:NoSchedule"), "gpu:NoSchedule-");
        assert_eq!(untaint_word("dedicated:NoExecute"), "dedicated:NoExecute-");
        assert_eq!(taint_line("n1", "a=b:NoSchedule").unwrap(), "kubectl taint nodes n1 a=b:NoSchedule");
    }
}
