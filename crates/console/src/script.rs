//! Splits a script into commands: one line each, except a heredoc (`<<EOF` … `EOF`) whose body
//! and terminator belong to the command that opened it. Blank lines and `#` comments are skipped.

use crate::words::{heredoc_delimiter, split_words};
use crate::{ScriptCommand, ScriptError};

/// Longest accepted console line.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Longest accepted script, in lines.
pub const MAX_SCRIPT_LINES: usize = 100_000;

pub fn parse_script(text: &str) -> Result<Vec<ScriptCommand>, ScriptError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > MAX_SCRIPT_LINES {
        return Err(ScriptError {
            line: MAX_SCRIPT_LINES + 1,
            message: format!("script is longer than {MAX_SCRIPT_LINES} lines"),
        });
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end_matches('\r');
        let number = i + 1;
        i += 1;
        if line.len() > MAX_LINE_BYTES {
            return Err(ScriptError { line: number, message: format!("line is longer than {MAX_LINE_BYTES} bytes") });
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut command = ScriptCommand { line: number, first_line: line.to_string(), heredoc_lines: Vec::new() };
        // A quoting error is reported when the command runs; it cannot open a heredoc.
        if let Ok(words) = split_words(line)
            && let Some(crate::words::Heredoc { delimiter, strip_tabs, .. }) = heredoc_delimiter(&words)
        {
            let mut closed = false;
            while i < lines.len() {
                let body = lines[i].trim_end_matches('\r');
                i += 1;
                command.heredoc_lines.push(body.to_string());
                let candidate = if strip_tabs { body.trim_start_matches('\t') } else { body };
                if candidate == delimiter {
                    closed = true;
                    break;
                }
            }
            if !closed {
                return Err(ScriptError {
                    line: number,
                    message: format!("unterminated heredoc: no line \"{delimiter}\" after line {number}"),
                });
            }
        }
        out.push(command);
    }
    Ok(out)
}

/// The heredoc body (terminator excluded), as the command's standard input.
pub fn heredoc_body(command: &ScriptCommand) -> String {
    let n = command.heredoc_lines.len().saturating_sub(1);
    let mut body = command.heredoc_lines[..n].join("\n");
    if n > 0 {
        body.push('\n');
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredocs_belong_to_the_command_that_opens_them() {
        let script = "# comment\n\nkubectl apply -f - <<EOF\nkind: Node\n# not a comment here\nEOF\nsim advance 1s\n";
        let cmds = parse_script(script).unwrap();
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[0].line, 3);
        assert_eq!(cmds[0].heredoc_lines, vec!["kind: Node", "# not a comment here", "EOF"]);
        assert_eq!(heredoc_body(&cmds[0]), "kind: Node\n# not a comment here\n");
        assert_eq!(cmds[1].first_line, "sim advance 1s");
    }

    #[test]
    fn unterminated_heredoc_names_its_line() {
        let err = parse_script("echo hi\nkubectl apply -f - <<EOF\nkind: Node\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("unterminated heredoc"), "{}", err.message);
    }

    #[test]
    fn quoted_delimiters_and_dash_form_are_understood() {
        let cmds = parse_script("kubectl apply -f - <<'END'\na\nEND\nkubectl apply -f - <<-X\n\tb\n\tX\n").unwrap();
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[1].heredoc_lines.len(), 2);
    }
}
