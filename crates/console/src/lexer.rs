//! Splits a console line into words as a POSIX shell would (quotes, backslashes, `#` comments),
//! and recognises heredoc operators (`<<EOF`, `<<'EOF'`, `<<-EOF`).

use std::fmt;

/// An unbalanced quote, with the 1-based column where it opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordsError {
    pub column: usize,
    pub quote: char,
}

impl fmt::Display for WordsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unterminated quote ({}) starting at column {}", self.quote, self.column)
    }
}

pub fn split_words(line: &str) -> Result<Vec<String>, WordsError> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            '\'' => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    cur.push(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(WordsError { column: start + 1, quote: '\'' });
                }
                in_word = true;
            }
            '"' => {
                let start = i;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(WordsError { column: start + 1, quote: '"' }),
                        Some('"') => break,
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            cur.push(chars[i + 1]);
                            i += 2;
                        }
                        Some(&ch) => {
                            cur.push(ch);
                            i += 1;
                        }
                    }
                }
                in_word = true;
            }
            '\\' => {
                if let Some(&next) = chars.get(i + 1) {
                    cur.push(next);
                    i += 1;
                }
                in_word = true;
            }
            _ => {
                cur.push(c);
                in_word = true;
            }
        }
        i += 1;
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Finds a heredoc operator: (index of its first word, number of words, delimiter, strip tabs).
pub fn heredoc_delimiter(words: &[String]) -> Option<(usize, usize, String, bool)> {
    for (i, w) in words.iter().enumerate() {
        let Some(rest) = w.strip_prefix("<<") else { continue };
        let (rest, strip) = match rest.strip_prefix('-') {
            Some(r) => (r, true),
            None => (rest, false),
        };
        // Quotes around the delimiter were already removed by split_words.
        if !rest.is_empty() {
            return Some((i, 1, rest.to_string(), strip));
        }
        if let Some(next) = words.get(i + 1) {
            return Some((i, 2, next.clone(), strip));
        }
    }
    None
}

/// Renders control and bidi characters visibly, so echoed input cannot drive a terminal.
pub fn escape_control(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{1b}' => out.push_str("\\x1b"),
            '\t' => out.push('\t'),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        split_words(s).unwrap()
    }

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(w("kubectl label nodes n1 ssd=true"), vec!["kubectl", "label", "nodes", "n1", "ssd=true"]);
        assert_eq!(w("echo 'a b' \"c \\\"d\\\"\" e\\ f"), vec!["echo", "a b", "c \"d\"", "e f"]);
        assert_eq!(w("echo hi # a comment"), vec!["echo", "hi"]);
        assert_eq!(w("echo a#b"), vec!["echo", "a#b"]);
        assert_eq!(w("echo ''"), vec!["echo", ""]);
    }

    #[test]
    fn unterminated_quotes_name_their_column() {
        let e = split_words("kubectl label node n1 \"zone=a").unwrap_err();
        assert_eq!(e.to_string(), "unterminated quote (\") starting at column 23");
    }

    #[test]
    fn heredoc_operators_are_found() {
        assert_eq!(heredoc_delimiter(&w("kubectl apply -f - <<EOF")), Some((4, 1, "EOF".into(), false)));
        assert_eq!(heredoc_delimiter(&w("kubectl apply -f - <<'END'")), Some((4, 1, "END".into(), false)));
        assert_eq!(heredoc_delimiter(&w("kubectl apply -f - << EOF")), Some((4, 2, "EOF".into(), false)));
        assert_eq!(heredoc_delimiter(&w("kubectl apply -f - <<-EOF")), Some((4, 1, "EOF".into(), true)));
        assert_eq!(heredoc_delimiter(&w("kubectl get pods")), None);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_control("a\u{1b}[31mb\u{202e}"), "a\\x1b[31mb\\u{202e}");
    }
}
