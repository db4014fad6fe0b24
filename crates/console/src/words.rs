//! Shell-like splitting of a console line into words (POSIX quoting rules),
//! heredoc detection, and escaping of control characters for echoing input.
//!
//! Splitting follows the POSIX shell tokenizer for words, without expansions:
//! * blanks (space, tab, CR, LF) separate words;
//! * `'...'` keeps everything literally;
//! * `"..."` keeps everything literally except `\"`, `\\`, `\$` and `` \` ``
//!   (backslash dropped) and backslash-newline (both dropped);
//! * outside quotes a backslash makes the next character literal, and
//!   backslash-newline is a line continuation; a backslash at the very end of
//!   the line is kept as a literal backslash;
//! * quoted and unquoted parts join into one word (`a'b c'd` is `ab cd`), and
//!   `''` is an empty word;
//! * `#` starts a comment only at the start of a word (`a#b` is one word).

use dsplay_core::validate::go_escape;
use std::fmt;

/// A quote that is never closed. `column` is the 1-based character column of
/// the opening quote, `quote` is `'` or `"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordsError {
    pub column: usize,
    pub quote: char,
}

impl fmt::Display for WordsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unterminated quote ({}) starting at column {}", self.quote, self.column)
    }
}

impl std::error::Error for WordsError {}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Splits a console line into words (see the module documentation).
pub fn split_words(line: &str) -> Result<Vec<String>, WordsError> {
    let chars: Vec<char> = line.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    // Whether a word has started (it may be empty, as with `''`).
    let mut in_word = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            _ if is_separator(c) => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
                i += 1;
            }
            '#' if !in_word => break,
            '\\' => {
                match chars.get(i + 1) {
                    Some('\n') => {}
                    Some(&next) => {
                        word.push(next);
                        in_word = true;
                    }
                    None => {
                        word.push('\\');
                        in_word = true;
                    }
                }
                i += 2;
            }
            '\'' => {
                let start = i;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(WordsError { column: start + 1, quote: '\'' }),
                        Some('\'') => break,
                        Some(&q) => word.push(q),
                    }
                    i += 1;
                }
                i += 1;
                in_word = true;
            }
            '"' => {
                let start = i;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(WordsError { column: start + 1, quote: '"' }),
                        Some('"') => break,
                        Some('\\') => match chars.get(i + 1) {
                            Some(&next @ ('"' | '\\' | '$' | '`')) => {
                                word.push(next);
                                i += 1;
                            }
                            Some('\n') => i += 1,
                            _ => word.push('\\'),
                        },
                        Some(&q) => word.push(q),
                    }
                    i += 1;
                }
                i += 1;
                in_word = true;
            }
            _ => {
                word.push(c);
                in_word = true;
                i += 1;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Finds the first heredoc redirection: a word `<<EOF`, `<<'EOF'`, `<<"EOF"`,
/// `<<-EOF`, or `<<`/`<<-` followed by the delimiter as a separate word.
///
/// Returns `(index, count, delimiter, strip_tabs)`: the redirection occupies
/// `words[index..index + count]` (count is 1 for `<<EOF`, 2 for `<< EOF`), so
/// the caller can `drain` it from the arguments; `delimiter` has its quotes
/// removed; `strip_tabs` is set for `<<-` (leading tabs are stripped from the
/// body and the delimiter line). Here-strings (`<<<`) are not heredocs.
/// Returns `None` without a redirection, or when `<<` is the last word.
///
/// Words from [`split_words`] have had their quotes removed already, so
/// `<<'EOF'` arrives as `<<EOF`; quotes still present are removed here. (A
/// quoted `'<<'`, which a shell would not treat as a redirection, cannot be
/// told apart after splitting.)
pub fn heredoc_delimiter(words: &[String]) -> Option<Heredoc> {
    for (index, word) in words.iter().enumerate() {
        let Some(rest) = word.strip_prefix("<<") else { continue };
        if rest.starts_with('<') {
            continue;
        }
        let (strip_tabs, rest) = match rest.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        if !rest.is_empty() {
            return Some(Heredoc { index, words: 1, delimiter: unquote(rest), strip_tabs });
        }
        let next = words.get(index + 1)?;
        return Some(Heredoc { index, words: 2, delimiter: unquote(next), strip_tabs });
    }
    None
}

/// A heredoc redirection found among a line's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// Where the operator is among the words.
    pub index: usize,
    /// How many words the operator and its delimiter take: 1 (`<<EOF`) or 2 (`<< EOF`).
    pub words: usize,
    /// The delimiter, unquoted.
    pub delimiter: String,
    /// `<<-`: leading tabs are stripped from the body and the delimiter line.
    pub strip_tabs: bool,
}

/// Quote removal for a delimiter that still carries quotes or backslashes.
fn unquote(word: &str) -> String {
    if !word.contains(['\'', '"', '\\']) {
        return word.to_string();
    }
    match split_words(word) {
        Ok(mut parts) if parts.len() == 1 => parts.pop().unwrap_or_default(),
        _ => word.to_string(),
    }
}

/// A word as a shell (and [`split_words`]) reads it back unchanged: as it is when it is
/// plain, else single-quoted.
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c));
    if plain { word.to_string() } else { format!("'{}'", word.replace('\'', r"'\''")) }
}

/// Makes untrusted text safe to echo to a terminal: controls and the characters Go does not
/// print are escaped as Go's `%q` escapes them (`\x1b`, `\u202e`; see `go_escape`). Newlines
/// and tabs are kept; everything else is unchanged.
pub fn escape_control(s: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    for c in s.chars() {
        if c == '\n' || c == '\t' || !go_escape(&mut out, c) {
            out.push(c);
        }
    }
    if out == s { std::borrow::Cow::Borrowed(s) } else { std::borrow::Cow::Owned(out) }
}

/// What all output passes through before it reaches a terminal or the page: control characters
/// (C0 but newline and tab, DEL, C1) are escaped as `%q` writes them, so that an ESC in a value
/// cannot colour or rewrite the screen. Everything else prints as kubectl prints it: `-o yaml`
/// leaves a no-break space or a ZWJ in a value as it is.
pub fn escape_terminal_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let control = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.chars().any(control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::new();
    for c in s.chars() {
        if !control(c) || !go_escape(&mut out, c) {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split_words(line).unwrap_or_else(|e| vec![format!("ERROR: {e}")])
    }

    fn strings(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn words_are_split_like_a_posix_shell() {
        let cases: &[(&str, &[&str])] = &[
            ("kubectl get pods", &["kubectl", "get", "pods"]),
            ("  kubectl\tget   ds  ", &["kubectl", "get", "ds"]),
            ("", &[]),
            ("   ", &[]),
            ("a\r\nb", &["a", "b"]),
            ("'single quoted' word", &["single quoted", "word"]),
            ("'$HOME \\n \"x\"'", &["$HOME \\n \"x\""]),
            ("\"double quoted\"", &["double quoted"]),
            (r#""esc \" \\ \$ \` kept \n \a""#, &["esc \" \\ $ ` kept \\n \\a"]),
            ("a'b c'd", &["ab cd"]),
            ("pre\"mid dle\"post", &["premid dlepost"]),
            ("''", &[""]),
            ("a \"\" b", &["a", "", "b"]),
            ("a'' b", &["a", "b"]),
            ("a\\ b", &["a b"]),
            ("\\'x\\\"", &["'x\""]),
            ("\\\\", &["\\"]),
            ("trailing\\", &["trailing\\"]),
            ("con\\\ntinued", &["continued"]),
            ("\"con\\\ntinued\"", &["continued"]),
            ("-l app=web,tier!=db", &["-l", "app=web,tier!=db"]),
            ("--selector='app in (a, b)'", &["--selector=app in (a, b)"]),
            ("é 'ü ö'", &["é", "ü ö"]),
        ];
        for (line, want) in cases {
            assert_eq!(words(line), strings(want), "{line:?}");
        }
    }

    #[test]
    fn a_hash_starts_a_comment_only_at_the_start_of_a_word() {
        let cases: &[(&str, &[&str])] = &[
            ("# just a comment", &[]),
            ("get pods # all of them", &["get", "pods"]),
            ("get pods #all", &["get", "pods"]),
            ("a#b", &["a#b"]),
            ("'#' x", &["#", "x"]),
            ("\"#\"", &["#"]),
            ("\\#x", &["#x"]),
            ("''#x", &["#x"]),
            ("x '#' # y 'unterminated", &["x", "#"]),
        ];
        for (line, want) in cases {
            assert_eq!(words(line), strings(want), "{line:?}");
        }
    }

    #[test]
    fn unterminated_quotes_report_the_column_of_the_opening_quote() {
        let cases = [
            ("kubectl get pods -l \"app=web", 21, '"', "unterminated quote (\") starting at column 21"),
            ("kubectl annotate ds x note=\"hello", 28, '"', "unterminated quote (\") starting at column 28"),
            ("echo 'abc", 6, '\'', "unterminated quote (') starting at column 6"),
            ("\"", 1, '"', "unterminated quote (\") starting at column 1"),
            ("é 'x", 3, '\'', "unterminated quote (') starting at column 3"),
            ("'ok' \"a \\\"", 6, '"', "unterminated quote (\") starting at column 6"),
            ("\"it's\" 'x", 8, '\'', "unterminated quote (') starting at column 8"),
        ];
        for (line, column, quote, message) in cases {
            let err = split_words(line).err();
            assert_eq!(err, Some(WordsError { column, quote }), "{line:?}");
            assert_eq!(err.map(|e| e.to_string()).as_deref(), Some(message), "{line:?}");
        }
    }

    #[test]
    fn heredoc_redirections_are_found_in_every_spelling() {
        type Want = Option<(usize, usize, &'static str, bool)>;
        let cases: &[(&[&str], Want)] = &[
            (&["kubectl", "apply", "-f", "-", "<<EOF"], Some((4, 1, "EOF", false))),
            (&["kubectl", "apply", "-f", "-", "<<'EOF'"], Some((4, 1, "EOF", false))),
            (&["kubectl", "apply", "-f", "-", "<<\"END\""], Some((4, 1, "END", false))),
            (&["cat", "<<-EOF"], Some((1, 1, "EOF", true))),
            (&["kubectl", "apply", "-f", "-", "<<", "EOF"], Some((4, 2, "EOF", false))),
            (&["cat", "<<-", "'x y'"], Some((1, 2, "x y", true))),
            (&["cat", "<<E\"O\"F"], Some((1, 1, "EOF", false))),
            (&["cat", "<<EOF", "extra"], Some((1, 1, "EOF", false))),
            (&["cat", "<<"], None),
            (&["cat", "<<<", "word"], None),
            (&["cat", "<<<word"], None),
            (&["kubectl", "get", "pods"], None),
            (&[], None),
        ];
        for (ws, want) in cases {
            let ws = strings(ws);
            let got = heredoc_delimiter(&ws);
            let want = want.map(|(index, words, d, strip_tabs)| Heredoc {
                index,
                words,
                delimiter: d.to_string(),
                strip_tabs,
            });
            assert_eq!(got, want, "{ws:?}");
        }
    }

    #[test]
    fn the_heredoc_words_can_be_drained_from_the_arguments() {
        let mut ws = words("kubectl apply -f - << 'EOF' --dry-run=client");
        let h = heredoc_delimiter(&ws);
        assert_eq!(h.as_ref().map(|h| h.delimiter.as_str()), Some("EOF"));
        if let Some(h) = h {
            ws.drain(h.index..h.index + h.words);
        }
        assert_eq!(ws, strings(&["kubectl", "apply", "-f", "-", "--dry-run=client"]));
    }

    #[test]
    fn control_characters_are_made_visible() {
        let cases = [
            ("plain text", "plain text"),
            ("\u{1b}[31mred\u{1b}[0m", "\\x1b[31mred\\x1b[0m"),
            ("bell\u{7}", "bell\\x07"),
            ("nul\u{0}", "nul\\x00"),
            ("cr\rlf\n", "cr\\x0dlf\n"),
            ("tab\tkept", "tab\tkept"),
            ("del\u{7f}", "del\\x7f"),
            ("csi\u{9b}", "csi\\u009b"),
            ("evil\u{202e}txt.exe", "evil\\u202etxt.exe"),
            ("\u{2066}iso\u{2069}", "\\u2066iso\\u2069"),
            ("lrm\u{200e}rlm\u{200f}alm\u{61c}", "lrm\\u200erlm\\u200falm\\u061c"),
            ("line\u{2028}sep", "line\\u2028sep"),
            // Go's `unicode.IsPrint` is letters, marks, numbers, punctuation, symbols and the
            // ASCII space: other spaces, format characters (ZWJ too) and private use are escaped.
            ("日本語 é 😀", "日本語 é 😀"),
            ("zwj\u{200d}", "zwj\\u200d"),
            ("nbsp\u{a0}ideographic\u{3000}", "nbsp\\u00a0ideographic\\u3000"),
            ("soft\u{ad}hyphen", "soft\\u00adhyphen"),
            ("private\u{e000}", "private\\ue000"),
            ("plane15\u{f0000}", "plane15\\U000f0000"),
            ("tag\u{e0041}", "tag\\U000e0041"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_control(input), want, "{input:?}");
        }
    }
}
