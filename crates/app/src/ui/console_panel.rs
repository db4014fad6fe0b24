//! The console: every command run in this session with its output (as text nodes, never
//! HTML), and an input that runs any console line, with Up/Down history.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::session::LogEntry;

/// A function, not a component (see `controls.rs`): the history cursor lives with the app,
/// and the input is read from the form it submits.
pub struct ConsoleProps {
    pub log: Rc<Vec<Rc<LogEntry>>>,
    pub history: Rc<Vec<String>>,
    /// Runs console lines.
    pub on_run: Callback<Vec<String>>,
    /// Position while browsing history with Up/Down; None = the line being typed.
    pub cursor: Rc<Cell<Option<usize>>>,
}

pub fn console_panel(props: &ConsoleProps) -> Html {
    let onsubmit = {
        let (on_run, cursor) = (props.on_run.clone(), props.cursor.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form: web_sys::Element = e.target_unchecked_into();
            let input = form.query_selector("input").ok().flatten().map(|el| el.unchecked_into::<HtmlInputElement>());
            if let Some(el) = input {
                let line = el.value();
                if !line.trim().is_empty() {
                    on_run.emit(vec![line]);
                    el.set_value("");
                    cursor.set(None);
                }
            }
        })
    };
    let onkeydown = {
        let (history, cursor) = (props.history.clone(), props.cursor.clone());
        Callback::from(move |e: KeyboardEvent| {
            let next = match (e.key().as_str(), cursor.get()) {
                ("ArrowUp", None) if !history.is_empty() => Some(history.len() - 1),
                ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                ("ArrowDown", Some(i)) if i + 1 < history.len() => Some(i + 1),
                ("ArrowDown", Some(_)) => None,
                _ => return,
            };
            e.prevent_default();
            cursor.set(next);
            let el: HtmlInputElement = e.target_unchecked_into();
            el.set_value(next.and_then(|i| history.get(i)).map_or("", String::as_str));
        })
    };

    html! {
        <section class="panel console" aria-label="Console panel">
            <h2>{ "Console" }</h2>
            // column-reverse keeps the scroll position pinned to the newest output.
            <div class="console-scroll" tabindex="0" aria-label="Console output">
                <ol class="console-log" aria-live="polite">
                    { for props.log.iter().map(|entry| html! {
                        <LogLine key={entry.id} entry={Rc::clone(entry)} />
                    }) }
                </ol>
            </div>
            <form class="console-input" {onsubmit}>
                <span class="prompt" aria-hidden="true">{ "$" }</span>
                <input type="text" aria-label="Console" placeholder="kubectl get pods -o wide"
                    autocomplete="off" autocapitalize="off" spellcheck="false" {onkeydown} />
                <button type="submit">{ "Run" }</button>
            </form>
        </section>
    }
}

#[derive(Properties)]
struct LogLineProps {
    entry: Rc<LogEntry>,
}

impl PartialEq for LogLineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.entry, &other.entry)
    }
}

/// Outputs longer than this many lines show their first and last [`FOLD_KEEP`] lines, with a
/// button for the rest: the browser lays out a 5,000-line `<pre>` again whenever anything
/// beside it moves (80 ms a frame while 5,000 nodes arrive), and nobody reads line 2,500 in
/// place. The full text is one click away.
const FOLD_LINES: usize = 2_000;
const FOLD_KEEP: usize = 500;

/// Pieces of output text, each with its stream (`true`: stderr).
type Pieces<'t> = Vec<(bool, &'t str)>;

/// The output pieces to show: all of them, or the first and last `FOLD_KEEP` lines of a long
/// output (cut at line ends, each piece keeping its stream) and how many lines are left out.
fn folded(chunks: &[(bool, String)], expanded: bool) -> (Pieces<'_>, Pieces<'_>, usize) {
    let total: usize = chunks.iter().map(|(_, t)| t.matches('\n').count()).sum();
    if expanded || total <= FOLD_LINES {
        return (chunks.iter().map(|(e, t)| (*e, t.as_str())).collect(), Vec::new(), 0);
    }
    let (head_end, tail_start) = (FOLD_KEEP, total - FOLD_KEEP);
    let (mut head, mut tail) = (Vec::new(), Vec::new());
    // Global line number of each chunk's first line; a chunk's head part is a prefix of it
    // and its tail part a suffix, so each is one slice.
    let mut first_line = 0;
    for (stderr, text) in chunks {
        // Byte offset just past the `n`th newline of this chunk (0 for n = 0).
        let after_line = |n: usize| -> usize {
            if n == 0 {
                return 0;
            }
            text.match_indices('\n').nth(n - 1).map_or(text.len(), |(i, _)| i + 1)
        };
        let lines = text.matches('\n').count();
        if first_line < head_end {
            let cut = after_line(head_end - first_line);
            if cut > 0 {
                head.push((*stderr, &text[..cut]));
            }
        }
        if first_line + lines >= tail_start {
            let from = after_line(tail_start.saturating_sub(first_line));
            if from < text.len() {
                tail.push((*stderr, &text[from..]));
            }
        }
        first_line += lines;
    }
    (head, tail, tail_start - head_end)
}

#[function_component]
fn LogLine(props: &LogLineProps) -> Html {
    let entry = &props.entry;
    let expanded = use_state_eq(|| false);
    let class = classes!("log-entry", entry.failed.then_some("failed"), entry.replay.then_some("replay"));
    let (head, tail, hidden) = folded(&entry.chunks, *expanded);
    let piece = |(stderr, text): &(bool, &str)| {
        html! { <span class={if *stderr { "stderr" } else { "stdout" }}>{ text.to_string() }</span> }
    };
    let expand = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(true))
    };
    html! {
        <li {class}>
            // Focusable, so that a keyboard can scroll a wide or long output (axe's
            // scrollable-region-focusable).
            <pre tabindex="0">
                <span class="log-input">{ if entry.replay { String::new() } else { "$ ".to_string() } }{ dsplay_console::words::escape_control(&entry.input) }</span>
                { "\n" }
                { for head.iter().map(piece) }
                if hidden > 0 {
                    <button type="button" class="link fold" onclick={expand}>
                        { format!("Show {} more lines", group_thousands(hidden)) }
                    </button>
                    { "\n" }
                }
                { for tail.iter().map(piece) }
            </pre>
        </li>
    }
}

/// `1234567` as `1,234,567`.
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(range: std::ops::Range<usize>) -> String {
        range.map(|i| format!("line {i}\n")).collect()
    }

    #[test]
    fn long_outputs_fold_to_their_first_and_last_lines_across_streams() {
        // 3,000 stdout lines, then 10 stderr lines: 1,010 shown, 2,000 folded.
        let chunks = vec![(false, lines(0..3000)), (true, lines(3000..3010))];
        let (head, tail, hidden) = folded(&chunks, false);
        assert_eq!(hidden, 3010 - 2 * FOLD_KEEP);
        assert_eq!(head, vec![(false, lines(0..FOLD_KEEP).as_str())]);
        let tail: Vec<(bool, String)> = tail.into_iter().map(|(e, t)| (e, t.to_string())).collect();
        assert_eq!(tail, vec![(false, lines(2510..3000)), (true, lines(3000..3010))]);
        // Expanded, or short: everything, as it came.
        let (all, none, zero) = folded(&chunks, true);
        assert_eq!((all.len(), none.len(), zero), (2, 0, 0));
        let short = vec![(false, lines(0..FOLD_LINES))];
        assert_eq!(folded(&short, false).2, 0);
    }

    #[test]
    fn a_fold_cuts_at_line_ends_whatever_the_chunks() {
        // 2,100 lines written in pieces that split lines, streams interleaved, and a last
        // line without its newline: the shown pieces rejoin to the first and last lines.
        let text = lines(0..2100) + "tail without newline";
        let mut chunks = Vec::new();
        for (i, piece) in text.as_bytes().chunks(7).enumerate() {
            chunks.push((i % 3 == 0, String::from_utf8(piece.to_vec()).unwrap()));
        }
        let (head, tail, hidden) = folded(&chunks, false);
        let join = |pieces: &[(bool, &str)]| pieces.iter().map(|(_, t)| *t).collect::<String>();
        assert_eq!(join(&head), lines(0..FOLD_KEEP));
        assert_eq!(join(&tail), lines(2100 - FOLD_KEEP..2100) + "tail without newline");
        assert_eq!(hidden, 2100 - 2 * FOLD_KEEP);
        // Every shown piece keeps the stream of the chunk it came from.
        for (stderr, piece) in head.iter().chain(&tail) {
            assert!(chunks.iter().any(|(e, t)| e == stderr && t.contains(piece)), "{piece:?}");
        }
    }

    #[test]
    fn counts_read_with_thousands_separators() {
        let cases = [(0, "0"), (999, "999"), (1000, "1,000"), (4000, "4,000"), (1234567, "1,234,567")];
        for (n, want) in cases {
            assert_eq!(group_thousands(n), want);
        }
    }
}
