//! Elastic tabstops exactly as kubectl prints them: a port of Go's `text/tabwriter`
//! (plus the `RememberWidths` flag of `github.com/liggitt/tabwriter`, which kubectl's
//! table printer uses).
//!
//! Text is a sequence of cells terminated by `\t` (hard tab) or `\v` (soft tab),
//! and lines end with `\n` or `\f`. Tab-terminated cells in *contiguous* lines
//! form a column; the last cell of a line is never part of a column. Columns are
//! found block by block (Go's recursive `format`), which is why a line without
//! tabs ends every alignment block above it (`kubectl describe` relies on that),
//! and why a line with one cell flushes everything buffered before it.
//!
//! Widths are counted in Unicode scalar values, like Go's `utf8.RuneCount`.
//! Unsupported: the `Escape` (0xff) byte and `StripEscape` (a `&str` cannot hold
//! 0xff) and liggitt's `GraphemeClusterWidth` (kubectl does not set it).

use std::fmt;

/// Formatting flags (a bit set, combined with `|`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags(u32);

impl Flags {
    /// No flags.
    pub const NONE: Flags = Flags(0);
    /// Ignore HTML tags (width 0) and count `&...;` entities as one character.
    pub const FILTER_HTML: Flags = Flags(1);
    /// Right-align cell content (ignored when the pad character is a tab).
    pub const ALIGN_RIGHT: Flags = Flags(1 << 2);
    /// Columns made only of empty soft-tab (`\v`) cells get width 0.
    pub const DISCARD_EMPTY_COLUMNS: Flags = Flags(1 << 3);
    /// Pad leading empty cells with tabs whatever the pad character.
    pub const TAB_INDENT: Flags = Flags(1 << 4);
    /// Print `|` between columns.
    pub const DEBUG: Flags = Flags(1 << 5);
    /// Keep each column's widest width across flushes (liggitt/tabwriter; kubectl sets it).
    pub const REMEMBER_WIDTHS: Flags = Flags(1 << 6);

    /// Whether every flag in `other` is set in `self`.
    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

/// A segment of text terminated by a tab or a line break.
#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    /// Size in bytes (in `buf`).
    size: usize,
    /// Width in characters.
    width: usize,
    /// Terminated by a hard tab (`\t`).
    htab: bool,
}

/// A column-aligning writer. Write text with [`TabWriter::write`] (or `write!`),
/// then take the aligned result with [`TabWriter::flush`].
#[derive(Clone, Debug)]
pub struct TabWriter {
    minwidth: usize,
    tabwidth: usize,
    padding: usize,
    padchar: char,
    flags: Flags,

    /// Collected text, excluding tabs and line breaks.
    buf: String,
    /// Position in `buf` up to which `cell.width` has been computed.
    pos: usize,
    /// The current, incomplete cell.
    cell: Cell,
    /// Terminating byte of an HTML tag (`>`) or entity (`;`) being read.
    end_char: Option<u8>,
    /// Buffered lines, each a list of cells.
    lines: Vec<Vec<Cell>>,
    /// Widths of the columns to the left of the one being formatted.
    widths: Vec<usize>,
    /// Remembered maximum widths (`REMEMBER_WIDTHS`).
    maxwidths: Vec<usize>,
    /// Formatted output not yet returned by `flush`.
    out: String,
}

/// One level of Go's recursive `format`, kept on an explicit stack so that a
/// line with very many tabs cannot overflow the call stack.
struct Frame {
    line0: usize,
    line1: usize,
    this: usize,
    column: usize,
}

impl TabWriter {
    /// Go's `tabwriter.NewWriter(out, minwidth, tabwidth, padding, padchar, flags)`.
    ///
    /// `minwidth` is the minimal cell width including padding, `tabwidth` the width
    /// of a tab when padding with tabs, `padding` is added to the widest cell of a
    /// column. With `padchar == '\t'` cells are always left-aligned.
    pub fn new(minwidth: usize, tabwidth: usize, padding: usize, padchar: char, flags: Flags) -> Self {
        let flags = if padchar == '\t' { Flags(flags.0 & !Flags::ALIGN_RIGHT.0) } else { flags };
        TabWriter {
            minwidth,
            tabwidth,
            padding,
            padchar,
            flags,
            buf: String::new(),
            pos: 0,
            cell: Cell::default(),
            end_char: None,
            lines: vec![Vec::new()],
            widths: Vec::new(),
            maxwidths: Vec::new(),
            out: String::new(),
        }
    }

    /// Feeds text. Output is produced as soon as alignment no longer depends on
    /// later lines (after a line with a single cell, or a `\f`).
    pub fn write(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut n = 0;
        for (i, &ch) in bytes.iter().enumerate() {
            match self.end_char {
                None => match ch {
                    b'\t' | b'\x0b' | b'\n' | b'\x0c' => {
                        self.append(text.get(n..i).unwrap_or_default());
                        self.update_width();
                        n = i + 1;
                        let ncells = self.terminate_cell(ch == b'\t');
                        if ch == b'\n' || ch == b'\x0c' {
                            self.lines.push(Vec::new());
                            if ch == b'\x0c' || ncells == 1 {
                                // The previous line has one cell (which never
                                // affects alignment) or a formfeed forces a flush.
                                self.flush_internal();
                                if ch == b'\x0c' && self.flags.contains(Flags::DEBUG) {
                                    self.out.push_str("---\n");
                                }
                            }
                        }
                    }
                    b'<' | b'&' if self.flags.contains(Flags::FILTER_HTML) => {
                        self.append(text.get(n..i).unwrap_or_default());
                        self.update_width();
                        n = i;
                        self.end_char = Some(if ch == b'<' { b'>' } else { b';' });
                    }
                    _ => {}
                },
                Some(end) => {
                    if ch == end {
                        self.append(text.get(n..=i).unwrap_or_default());
                        n = i + 1;
                        self.end_escape();
                    }
                }
            }
        }
        self.append(text.get(n..).unwrap_or_default());
    }

    /// Formats everything buffered and returns all output produced since the
    /// previous `flush` (Go's `Flush` followed by reading the output buffer).
    pub fn flush(&mut self) -> String {
        self.flush_internal();
        std::mem::take(&mut self.out)
    }

    /// The remembered per-column maximum widths (`REMEMBER_WIDTHS`).
    pub fn remembered_widths(&self) -> Vec<usize> {
        self.maxwidths.clone()
    }

    /// Replaces the remembered per-column maximum widths (`REMEMBER_WIDTHS`);
    /// kubectl resets them to empty between tables of different kinds.
    pub fn set_remembered_widths(&mut self, widths: &[usize]) {
        self.maxwidths = widths.to_vec();
    }

    fn append(&mut self, text: &str) {
        self.buf.push_str(text);
        self.cell.size += text.len();
    }

    fn update_width(&mut self) {
        self.cell.width += self.buf.get(self.pos..).map_or(0, |s| s.chars().count());
        self.pos = self.buf.len();
    }

    fn end_escape(&mut self) {
        // A tag has width zero; an entity counts as one character.
        if self.end_char == Some(b';') {
            self.cell.width += 1;
        }
        self.pos = self.buf.len();
        self.end_char = None;
    }

    fn terminate_cell(&mut self, htab: bool) -> usize {
        self.cell.htab = htab;
        let cell = std::mem::take(&mut self.cell);
        match self.lines.last_mut() {
            Some(line) => {
                line.push(cell);
                line.len()
            }
            None => {
                self.lines.push(vec![cell]);
                1
            }
        }
    }

    fn flush_internal(&mut self) {
        if self.cell.size > 0 {
            if self.end_char.is_some() {
                // Inside an unterminated tag or entity: treat it as complete.
                self.end_escape();
            }
            self.terminate_cell(false);
        }
        let mut pos = 0;
        self.format(&mut pos);
        self.reset();
    }

    fn reset(&mut self) {
        self.buf.clear();
        self.pos = 0;
        self.cell = Cell::default();
        self.end_char = None;
        self.lines.clear();
        self.lines.push(Vec::new());
        self.widths.clear();
    }

    /// Whether line `line` has a tab-terminated cell in column `column`.
    fn has_column(&self, line: usize, column: usize) -> bool {
        self.lines.get(line).is_some_and(|l| column + 1 < l.len())
    }

    /// Go's `format(0, 0, len(lines))`, with the recursion over column blocks
    /// unrolled onto `stack` (one frame per column level).
    fn format(&mut self, pos: &mut usize) {
        let mut stack = vec![Frame { line0: 0, line1: self.lines.len(), this: 0, column: 0 }];
        while let Some(top) = stack.last() {
            let (mut line0, line1, mut this, column) = (top.line0, top.line1, top.this, top.column);
            while this < line1 && !self.has_column(this, column) {
                this += 1;
            }
            if this >= line1 {
                // Print the unprinted lines until the end of this level.
                self.write_lines(pos, line0, line1);
                stack.pop();
                if let Some(parent) = stack.last_mut() {
                    self.widths.pop();
                    parent.line0 = line1;
                }
                continue;
            }
            // A column block begins at `this`: print the lines before it.
            self.write_lines(pos, line0, this);
            line0 = this;

            let mut width = self.minwidth;
            let mut discardable = true;
            while this < line1 {
                let Some(c) =
                    self.lines.get(this).and_then(|l| if column + 1 < l.len() { l.get(column) } else { None })
                else {
                    break;
                };
                width = width.max(c.width.saturating_add(self.padding));
                if c.width > 0 || c.htab {
                    discardable = false;
                }
                this += 1;
            }
            if discardable && self.flags.contains(Flags::DISCARD_EMPTY_COLUMNS) {
                width = 0;
            }
            if self.flags.contains(Flags::REMEMBER_WIDTHS) {
                let depth = self.widths.len();
                if self.maxwidths.len() < depth {
                    let missing = self.widths.get(self.maxwidths.len()..).unwrap_or_default().to_vec();
                    self.maxwidths.extend(missing);
                }
                match self.maxwidths.get_mut(depth) {
                    None => self.maxwidths.push(width),
                    Some(max) if *max > width => width = *max,
                    Some(max) => *max = width,
                }
            }

            if let Some(top) = stack.last_mut() {
                top.line0 = line0;
                top.this = this;
            }
            // Format the columns to the right of this one within the block.
            self.widths.push(width);
            stack.push(Frame { line0, line1: this, this: line0, column: column + 1 });
        }
    }

    fn write_lines(&mut self, pos: &mut usize, line0: usize, line1: usize) {
        for i in line0..line1 {
            let Some(line) = self.lines.get(i) else { break };
            // With TabIndent, leading empty cells are padded with tabs.
            let mut use_tabs = self.flags.contains(Flags::TAB_INDENT);
            for (j, c) in line.iter().enumerate() {
                if j > 0 && self.flags.contains(Flags::DEBUG) {
                    self.out.push('|');
                }
                let column_width = self.widths.get(j).copied();
                if c.size == 0 {
                    if let Some(w) = column_width {
                        write_padding(&mut self.out, self.padchar, self.tabwidth, c.width, w, use_tabs);
                    }
                } else {
                    use_tabs = false;
                    let text = self.buf.get(*pos..*pos + c.size).unwrap_or_default();
                    *pos += c.size;
                    if self.flags.contains(Flags::ALIGN_RIGHT) {
                        if let Some(w) = column_width {
                            write_padding(&mut self.out, self.padchar, self.tabwidth, c.width, w, false);
                        }
                        self.out.push_str(text);
                    } else {
                        self.out.push_str(text);
                        if let Some(w) = column_width {
                            write_padding(&mut self.out, self.padchar, self.tabwidth, c.width, w, false);
                        }
                    }
                }
            }
            if i + 1 == self.lines.len() {
                // The last buffered line has no newline yet: write what is pending.
                let pending = self.buf.get(*pos..*pos + self.cell.size).unwrap_or_default();
                self.out.push_str(pending);
                *pos += self.cell.size;
            } else {
                self.out.push('\n');
            }
        }
    }
}

fn write_padding(out: &mut String, padchar: char, tabwidth: usize, textw: usize, cellw: usize, use_tabs: bool) {
    if padchar == '\t' || use_tabs {
        // Padding with tabs: make cellw the smallest multiple of tabwidth.
        if tabwidth == 0 {
            return; // tabs have no width - no padding is possible
        }
        let cellw = cellw.div_ceil(tabwidth).saturating_mul(tabwidth);
        let n = cellw.saturating_sub(textw);
        out.extend(std::iter::repeat_n('\t', n.div_ceil(tabwidth)));
        return;
    }
    out.extend(std::iter::repeat_n(padchar, cellw.saturating_sub(textw)));
}

impl fmt::Write for TabWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.write(s);
        Ok(())
    }
}

/// The writer of kubectl's tables (`kubectl get`): `printers.GetNewTabWriter`,
/// i.e. minwidth 6, tabwidth 4, padding 3, padchar ' ', `RememberWidths`.
pub fn kubectl_table() -> TabWriter {
    TabWriter::new(6, 4, 3, ' ', Flags::REMEMBER_WIDTHS)
}

/// The writer of `kubectl describe` (`tabbedString`): minwidth 0, tabwidth 8,
/// padding 2, padchar ' ', no flags.
pub fn describe_writer() -> TabWriter {
    TabWriter::new(0, 8, 2, ' ', Flags::NONE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    struct Case {
        name: &'static str,
        minwidth: usize,
        tabwidth: usize,
        padding: usize,
        padchar: char,
        flags: Flags,
        src: &'static str,
        expected: &'static str,
    }

    #[allow(clippy::too_many_arguments)]
    const fn case(
        name: &'static str,
        minwidth: usize,
        tabwidth: usize,
        padding: usize,
        padchar: char,
        flags: Flags,
        src: &'static str,
        expected: &'static str,
    ) -> Case {
        Case { name, minwidth, tabwidth, padding, padchar, flags, src, expected }
    }

    const NONE: Flags = Flags::NONE;
    const HTML: Flags = Flags::FILTER_HTML;
    const RIGHT: Flags = Flags::ALIGN_RIGHT;
    const DISCARD: Flags = Flags::DISCARD_EMPTY_COLUMNS;
    const DEBUG: Flags = Flags::DEBUG;

    fn flags(a: Flags, b: Flags) -> Flags {
        a | b
    }

    /// The table of Go's `tabwriter_test.go` (minus the 0xff escape cases).
    fn go_cases() -> Vec<Case> {
        vec![
            case("1a", 8, 0, 1, '.', NONE, "", ""),
            case("1a debug", 8, 0, 1, '.', DEBUG, "", ""),
            case("2", 8, 0, 1, '.', NONE, "\n\n\n", "\n\n\n"),
            case("3", 8, 0, 1, '.', NONE, "a\nb\nc", "a\nb\nc"),
            case("4a", 8, 0, 1, '.', NONE, "\t", ""),
            case("4b", 8, 0, 1, '.', RIGHT, "\t", ""),
            case("5", 8, 0, 1, '.', NONE, "*\t*", "*.......*"),
            case("5b", 8, 0, 1, '.', NONE, "*\t*\n", "*.......*\n"),
            case("5c", 8, 0, 1, '.', NONE, "*\t*\t", "*.......*"),
            case("5c debug", 8, 0, 1, '.', DEBUG, "*\t*\t", "*.......|*"),
            case("5d", 8, 0, 1, '.', RIGHT, "*\t*\t", ".......**"),
            case("6", 8, 0, 1, '.', NONE, "\t\n", "........\n"),
            case("7a", 8, 0, 1, '.', NONE, "a) foo", "a) foo"),
            case("7b", 8, 0, 1, ' ', NONE, "b) foo\tbar", "b) foo  bar"),
            case("7c", 8, 0, 1, '.', NONE, "c) foo\tbar\t", "c) foo..bar"),
            case("7d", 8, 0, 1, '.', NONE, "d) foo\tbar\n", "d) foo..bar\n"),
            case("7e", 8, 0, 1, '.', NONE, "e) foo\tbar\t\n", "e) foo..bar.....\n"),
            case("7f", 8, 0, 1, '.', HTML, "f) f&lt;o\t<b>bar</b>\t\n", "f) f&lt;o..<b>bar</b>.....\n"),
            case(
                "7g",
                8,
                0,
                1,
                '.',
                HTML,
                "g) f&lt;o\t<b>bar</b>\t non-terminated entity &amp",
                "g) f&lt;o..<b>bar</b>..... non-terminated entity &amp",
            ),
            case(
                "7g debug",
                8,
                0,
                1,
                '.',
                flags(HTML, DEBUG),
                "g) f&lt;o\t<b>bar</b>\t non-terminated entity &amp",
                "g) f&lt;o..|<b>bar</b>.....| non-terminated entity &amp",
            ),
            case("8", 8, 0, 1, '*', NONE, "Hello, world!\n", "Hello, world!\n"),
            case("9a", 1, 0, 0, '.', NONE, "1\t2\t3\t4\n11\t222\t3333\t44444\n", "1.2..3...4\n11222333344444\n"),
            case(
                "9b",
                1,
                0,
                0,
                '.',
                HTML,
                "1\t2<!---\x0c--->\t3\t4\n11\t222\t3333\t44444\n",
                "1.2<!---\x0c--->..3...4\n11222333344444\n",
            ),
            case("9c", 1, 0, 0, '.', NONE, "1\t2\t3\t4\x0c11\t222\t3333\t44444\n", "1234\n11222333344444\n"),
            case(
                "9c debug",
                1,
                0,
                0,
                '.',
                DEBUG,
                "1\t2\t3\t4\x0c11\t222\t3333\t44444\n",
                "1|2|3|4\n---\n11|222|3333|44444\n",
            ),
            case("10a", 5, 0, 0, '.', NONE, "1\t2\t3\t4\n", "1....2....3....4\n"),
            case("10b", 5, 0, 0, '.', NONE, "1\t2\t3\t4\t\n", "1....2....3....4....\n"),
            case(
                "11",
                8,
                0,
                1,
                '.',
                NONE,
                "本\tb\tc\naa\t\u{672c}\u{672c}\u{672c}\tcccc\tddddd\naaa\tbbbb\n",
                "本.......b.......c\naa......本本本.....cccc....ddddd\naaa.....bbbb\n",
            ),
            case(
                "12a",
                8,
                0,
                1,
                ' ',
                RIGHT,
                "a\tè\tc\t\naa\tèèè\tcccc\tddddd\t\naaa\tèèèè\t\n",
                "       a       è       c\n      aa     èèè    cccc   ddddd\n     aaa    èèèè\n",
            ),
            case("12b", 2, 0, 0, ' ', NONE, "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n", "a  b  c\naa bbbcccc\naaabbbb\n"),
            case(
                "12c",
                8,
                0,
                1,
                '_',
                NONE,
                "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n",
                "a_______b_______c\naa______bbb_____cccc\naaa_____bbbb\n",
            ),
            case(
                "13a",
                4,
                0,
                1,
                '-',
                NONE,
                "4444\t日本語\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n",
                "4444------日本語-22--1---333\n999999999-22\n7---------22\n------------------88888888\n\n666666-666666-666666----4444\n1------1------999999999-0000000000\n",
            ),
            case(
                "13b",
                4,
                0,
                3,
                '.',
                NONE,
                "4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n",
                "4444........333...22...1...333\n999999999...22\n7...........22\n....................88888888\n\n666666...666666...666666......4444\n1........1........999999999...0000000000\n",
            ),
            case(
                "13c",
                8,
                8,
                1,
                '\t',
                HTML,
                "4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t<font color=red attr=日本語>999999999</font>\t0000000000\n",
                "4444\t\t333\t22\t1\t333\n999999999\t22\n7\t\t22\n\t\t\t\t88888888\n\n666666\t666666\t666666\t\t4444\n1\t1\t<font color=red attr=日本語>999999999</font>\t0000000000\n",
            ),
            case(
                "14",
                1,
                0,
                2,
                ' ',
                RIGHT,
                ".0\t.3\t2.4\t-5.1\t\n23.0\t12345678.9\t2.4\t-989.4\t\n5.1\t12.0\t2.4\t-7.0\t\n.0\t0.0\t332.0\t8908.0\t\n.0\t-.3\t456.4\t22.1\t\n.0\t1.2\t44.4\t-13.3\t\t",
                "    .0          .3    2.4    -5.1\n  23.0  12345678.9    2.4  -989.4\n   5.1        12.0    2.4    -7.0\n    .0         0.0  332.0  8908.0\n    .0         -.3  456.4    22.1\n    .0         1.2   44.4   -13.3",
            ),
            case(
                "14 debug",
                1,
                0,
                2,
                ' ',
                flags(RIGHT, DEBUG),
                ".0\t.3\t2.4\t-5.1\t\n23.0\t12345678.9\t2.4\t-989.4\t\n5.1\t12.0\t2.4\t-7.0\t\n.0\t0.0\t332.0\t8908.0\t\n.0\t-.3\t456.4\t22.1\t\n.0\t1.2\t44.4\t-13.3\t\t",
                "    .0|          .3|    2.4|    -5.1|\n  23.0|  12345678.9|    2.4|  -989.4|\n   5.1|        12.0|    2.4|    -7.0|\n    .0|         0.0|  332.0|  8908.0|\n    .0|         -.3|  456.4|    22.1|\n    .0|         1.2|   44.4|   -13.3|",
            ),
            case("15a", 4, 0, 0, '.', NONE, "a\t\tb", "a.......b"),
            case("15b", 4, 0, 0, '.', DISCARD, "a\t\tb", "a.......b"),
            case("15c", 4, 0, 0, '.', DISCARD, "a\x0b\x0bb", "a...b"),
            case("15d", 4, 0, 0, '.', flags(RIGHT, DISCARD), "a\x0b\x0bb", "...ab"),
            case(
                "16a",
                100,
                100,
                0,
                '\t',
                NONE,
                "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
                "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
            ),
            case(
                "16b",
                100,
                100,
                0,
                '\t',
                DISCARD,
                "a\x0bb\x0b\x0bd\na\x0bb\x0b\x0bd\x0be\na\na\x0bb\x0bc\x0bd\na\x0bb\x0bc\x0bd\x0be\n",
                "a\tb\td\na\tb\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
            ),
            case(
                "16b debug",
                100,
                100,
                0,
                '\t',
                flags(DISCARD, DEBUG),
                "a\x0bb\x0b\x0bd\na\x0bb\x0b\x0bd\x0be\na\na\x0bb\x0bc\x0bd\na\x0bb\x0bc\x0bd\x0be\n",
                "a\t|b\t||d\na\t|b\t||d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n",
            ),
            case(
                "16c",
                100,
                100,
                0,
                '\t',
                DISCARD,
                "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
                "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
            ),
            case(
                "16c debug",
                100,
                100,
                0,
                '\t',
                flags(DISCARD, DEBUG),
                "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
                "a\t|b\t|\t|d\na\t|b\t|\t|d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n",
            ),
        ]
    }

    #[test]
    fn go_table_cases_match_when_written_all_at_once() {
        for c in go_cases() {
            let mut w = TabWriter::new(c.minwidth, c.tabwidth, c.padding, c.padchar, c.flags);
            w.write(c.src);
            assert_eq!(w.flush(), c.expected, "case {}", c.name);
        }
    }

    #[test]
    fn go_table_cases_match_when_written_char_by_char() {
        for c in go_cases() {
            let mut w = TabWriter::new(c.minwidth, c.tabwidth, c.padding, c.padchar, c.flags);
            let mut tmp = [0u8; 4];
            for ch in c.src.chars() {
                w.write(ch.encode_utf8(&mut tmp));
            }
            assert_eq!(w.flush(), c.expected, "case {}", c.name);
        }
    }

    #[test]
    fn go_table_cases_match_when_written_in_growing_slices() {
        for c in go_cases() {
            let mut w = TabWriter::new(c.minwidth, c.tabwidth, c.padding, c.padchar, c.flags);
            let chars: Vec<char> = c.src.chars().collect();
            let (mut i, mut d) = (0, 0);
            while i < chars.len() {
                let end = (i + d).min(chars.len());
                let piece: String = chars[i..end].iter().collect();
                w.write(&piece);
                i = end;
                d += 1;
            }
            assert_eq!(w.flush(), c.expected, "case {}", c.name);
        }
    }

    #[test]
    fn a_writer_is_reusable_after_flush() {
        let mut w = TabWriter::new(8, 0, 1, '.', NONE);
        w.write("a\tb\n");
        assert_eq!(w.flush(), "a.......b\n");
        w.write("c\td\n");
        assert_eq!(w.flush(), "c.......d\n");
        assert_eq!(w.flush(), "");
    }

    #[test]
    fn kubectl_get_pods_table_aligns_like_kubectl() {
        let mut w = kubectl_table();
        let rows = [
            ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            ["fluentd-elasticsearch-6xqrb", "1/1", "Running", "0", "5m"],
            ["fluentd-elasticsearch-d8k2p", "0/1", "ContainerCreating", "0", "12s"],
        ];
        for row in rows {
            let _ = writeln!(w, "{}", row.join("\t"));
        }
        assert_eq!(
            w.flush(),
            "NAME                          READY   STATUS              RESTARTS   AGE\n\
             fluentd-elasticsearch-6xqrb   1/1     Running             0          5m\n\
             fluentd-elasticsearch-d8k2p   0/1     ContainerCreating   0          12s\n"
        );
    }

    #[test]
    fn kubectl_table_columns_have_a_minimum_width_of_six() {
        let mut w = kubectl_table();
        w.write("A\tB\tC\nx\ty\tz\n");
        assert_eq!(w.flush(), "A     B     C\nx     y     z\n");
    }

    #[test]
    fn kubectl_get_daemonset_table_matches_real_output() {
        let mut w = kubectl_table();
        w.write("NAME\tDESIRED\tCURRENT\tREADY\tUP-TO-DATE\tAVAILABLE\tNODE SELECTOR\tAGE\n");
        w.write("kube-proxy\t1\t1\t1\t1\t1\tkubernetes.io/os=linux\t9d\n");
        assert_eq!(
            w.flush(),
            "NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n\
             kube-proxy   1         1         1       1            1           kubernetes.io/os=linux   9d\n"
        );
    }

    #[test]
    fn remembered_widths_keep_watch_output_aligned_across_flushes() {
        let mut w = kubectl_table();
        w.write("NAME\tREADY\tAGE\nshort\t1/1\t5s\n");
        assert_eq!(w.flush(), "NAME    READY   AGE\nshort   1/1     5s\n");
        w.write("a-much-longer-name\t1/1\t6s\n");
        assert_eq!(w.flush(), "a-much-longer-name   1/1     6s\n");
        w.write("x\t1/1\t7s\n");
        assert_eq!(w.flush(), "x                    1/1     7s\n");
        assert_eq!(w.remembered_widths(), vec![21, 8]);
        w.set_remembered_widths(&[]);
        w.write("x\t1/1\t7s\n");
        assert_eq!(w.flush(), "x     1/1   7s\n");
    }

    #[test]
    fn without_remember_widths_each_flush_aligns_on_its_own() {
        let mut w = TabWriter::new(6, 4, 3, ' ', NONE);
        w.write("a-much-longer-name\t1\n");
        let _ = w.flush();
        w.write("x\t1\n");
        assert_eq!(w.flush(), "x     1\n");
    }

    #[test]
    fn describe_output_matches_real_kubectl_describe_deployment() {
        // Input as written by kubectl's DeploymentDescriber (PrefixWriter levels
        // already expanded); output copied from a real `kubectl describe`.
        let input = "Name:\tcoredns\n\
            Namespace:\tkube-system\n\
            CreationTimestamp:\tTue, 11 Jan 2022 01:02:18 +0000\n\
            Labels:\tk8s-app=kube-dns\n\
            Annotations:\tdeployment.kubernetes.io/revision: 1\n\
            Selector:\tk8s-app=kube-dns\n\
            Replicas:\t2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n\
            StrategyType:\tRollingUpdate\n\
            MinReadySeconds:\t0\n\
            RollingUpdateStrategy:\t1 max unavailable, 25% max surge\n\
            Pod Template:\n\
            \x20 Labels:\tk8s-app=kube-dns\n\
            \x20 Service Account:\tcoredns\n\
            \x20 Containers:\n\
            \x20  coredns:\n\
            \x20   Image:\tk8s.gcr.io/coredns/coredns:v1.8.0\n\
            \x20   Ports:\t53/UDP, 53/TCP, 9153/TCP\n\
            \x20   Host Ports:\t0/UDP, 0/TCP, 0/TCP\n\
            \x20   Args:\n\
            \x20     -conf\n\
            \x20     /etc/coredns/Corefile\n\
            \x20   Limits:\n\
            \x20     memory:\t170Mi\n\
            \x20   Requests:\n\
            \x20     cpu:\t100m\n\
            \x20     memory:\t70Mi\n\
            \x20   Liveness:\thttp-get http://:8080/health delay=60s timeout=5s period=10s #success=1 #failure=5\n\
            \x20   Readiness:\thttp-get http://:8181/ready delay=0s timeout=1s period=10s #success=1 #failure=3\n\
            \x20   Environment:\t<none>\n\
            \x20   Mounts:\n\
            \x20     /etc/coredns from config-volume (ro)\n\
            \x20 Volumes:\n\
            \x20  config-volume:\n\
            \x20   Type:\tConfigMap (a volume populated by a ConfigMap)\n\
            \x20   Name:\tcoredns\n\
            \x20   Optional:\tfalse\n\
            \x20 Priority Class Name:\tsystem-cluster-critical\n\
            Conditions:\n\
            \x20 Type\tStatus\tReason\n\
            \x20 ----\t------\t------\n\
            \x20 Available \tTrue\tMinimumReplicasAvailable\n\
            \x20 Progressing \tTrue\tNewReplicaSetAvailable\n\
            OldReplicaSets:\t<none>\n\
            NewReplicaSet:\tcoredns-558bd4d5db (2/2 replicas created)\n\
            Events:\t<none>\n";
        let expected = "Name:                   coredns\n\
            Namespace:              kube-system\n\
            CreationTimestamp:      Tue, 11 Jan 2022 01:02:18 +0000\n\
            Labels:                 k8s-app=kube-dns\n\
            Annotations:            deployment.kubernetes.io/revision: 1\n\
            Selector:               k8s-app=kube-dns\n\
            Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n\
            StrategyType:           RollingUpdate\n\
            MinReadySeconds:        0\n\
            RollingUpdateStrategy:  1 max unavailable, 25% max surge\n\
            Pod Template:\n\
            \x20 Labels:           k8s-app=kube-dns\n\
            \x20 Service Account:  coredns\n\
            \x20 Containers:\n\
            \x20  coredns:\n\
            \x20   Image:       k8s.gcr.io/coredns/coredns:v1.8.0\n\
            \x20   Ports:       53/UDP, 53/TCP, 9153/TCP\n\
            \x20   Host Ports:  0/UDP, 0/TCP, 0/TCP\n\
            \x20   Args:\n\
            \x20     -conf\n\
            \x20     /etc/coredns/Corefile\n\
            \x20   Limits:\n\
            \x20     memory:  170Mi\n\
            \x20   Requests:\n\
            \x20     cpu:        100m\n\
            \x20     memory:     70Mi\n\
            \x20   Liveness:     http-get http://:8080/health delay=60s timeout=5s period=10s #success=1 #failure=5\n\
            \x20   Readiness:    http-get http://:8181/ready delay=0s timeout=1s period=10s #success=1 #failure=3\n\
            \x20   Environment:  <none>\n\
            \x20   Mounts:\n\
            \x20     /etc/coredns from config-volume (ro)\n\
            \x20 Volumes:\n\
            \x20  config-volume:\n\
            \x20   Type:               ConfigMap (a volume populated by a ConfigMap)\n\
            \x20   Name:               coredns\n\
            \x20   Optional:           false\n\
            \x20 Priority Class Name:  system-cluster-critical\n\
            Conditions:\n\
            \x20 Type           Status  Reason\n\
            \x20 ----           ------  ------\n\
            \x20 Available      True    MinimumReplicasAvailable\n\
            \x20 Progressing    True    NewReplicaSetAvailable\n\
            OldReplicaSets:  <none>\n\
            NewReplicaSet:   coredns-558bd4d5db (2/2 replicas created)\n\
            Events:          <none>\n";
        let mut w = describe_writer();
        w.write(input);
        assert_eq!(w.flush(), expected);
    }

    #[test]
    fn a_line_without_tabs_ends_the_alignment_block() {
        let mut w = describe_writer();
        w.write("a:\t1\nlonger key:\t2\nsection\nb:\t3\n");
        assert_eq!(w.flush(), "a:           1\nlonger key:  2\nsection\nb:  3\n");
    }

    #[test]
    fn output_is_produced_before_flush_when_a_block_ends() {
        let mut w = describe_writer();
        w.write("k:\tv\nplain\n");
        w.write("x:\t");
        assert_eq!(w.flush(), "k:  v\nplain\nx:");
    }

    #[test]
    fn tab_indent_pads_leading_empty_cells_with_tabs() {
        let mut w = TabWriter::new(0, 8, 1, '.', Flags::TAB_INDENT);
        w.write("\tx\tend\n\ty\tend\n");
        assert_eq!(w.flush(), "\tx.end\n\ty.end\n");
    }

    #[test]
    fn zero_tabwidth_with_tab_padding_writes_no_padding() {
        let mut w = TabWriter::new(0, 0, 1, '\t', NONE);
        w.write("a\tb\n");
        assert_eq!(w.flush(), "ab\n");
    }

    #[test]
    fn an_unterminated_html_tag_is_closed_by_flush() {
        let mut w = TabWriter::new(0, 0, 1, '.', HTML);
        w.write("a\tb\n<i\tx");
        assert_eq!(w.flush(), "a.b\n<i\tx");
    }

    #[test]
    fn absurd_parameters_do_not_overflow() {
        let mut w = TabWriter::new(usize::MAX, usize::MAX, usize::MAX, '\t', NONE);
        w.write("a\tb\n");
        assert_eq!(w.flush(), "a\tb\n");
        let mut w = TabWriter::new(0, 0, 3, ' ', Flags::REMEMBER_WIDTHS);
        w.set_remembered_widths(&[5, 1]);
        w.write("a\tb\tc\n");
        assert_eq!(w.flush(), "a    b   c\n");
    }

    #[test]
    fn a_very_wide_line_does_not_exhaust_the_stack() {
        let mut w = TabWriter::new(0, 0, 1, ' ', NONE);
        let line = "a\t".repeat(200_000);
        w.write(&line);
        w.write("\n");
        w.write(&line);
        w.write("\n");
        let out = w.flush();
        assert_eq!(out.len(), 2 * (200_000 * 2 + 1));
    }
}
