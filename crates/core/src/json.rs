//! A small JSON reader into `serde_json::Value`, for the two JSON texts the simulation reads
//! back: the `last-applied-configuration` annotation and the page's saved-session envelope.
//! serde_json's own deserializer is about 12 KB of the browser bundle's gzip, more than this
//! reader; everything else reads YAML (granit-parser) or builds `Value`s directly.
//!
//! It reads what serde_json reads, into the same `Value` (integers that fit `u64` or `i64`
//! stay integers, other numbers are `f64`), and refuses what it refuses; the tests hold it to
//! serde_json on a table of inputs.

use serde_json::{Map, Number, Value};

/// Deeper nesting is refused rather than risking the stack (serde_json stops at 128 too).
const MAX_DEPTH: usize = 128;

/// Why a text is not JSON, with the byte offset where reading stopped.
#[derive(Debug, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: &'static str,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut reader = Reader { bytes: text.as_bytes(), at: 0 };
    let value = reader.value(0)?;
    reader.space();
    if reader.at < reader.bytes.len() {
        return Err(reader.error("trailing characters"));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn error(&self, message: &'static str) -> JsonError {
        JsonError { offset: self.at, message }
    }

    fn space(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let found = self.bytes.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        self.space();
        match self.bytes.get(self.at) {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'{') => {
                self.at += 1;
                let mut map = Map::new();
                if self.eat(b'}') {
                    return Ok(Value::Object(map));
                }
                loop {
                    self.space();
                    if self.bytes.get(self.at) != Some(&b'"') {
                        return Err(self.error("key must be a string"));
                    }
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return Err(self.error("expected `:`"));
                    }
                    let value = self.value(depth + 1)?;
                    map.insert(key, value);
                    if self.eat(b'}') {
                        return Ok(Value::Object(map));
                    }
                    if !self.eat(b',') {
                        return Err(self.error("expected `,` or `}`"));
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b']') {
                        return Ok(Value::Array(items));
                    }
                    if !self.eat(b',') {
                        return Err(self.error("expected `,` or `]`"));
                    }
                }
            }
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected value")),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected value"))
        }
    }

    /// A number as JSON's grammar has it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while r.bytes.get(r.at).is_some_and(u8::is_ascii_digit) {
                r.at += 1;
            }
            r.at - from
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        let n = digits(self);
        if n == 0 || (n > 1 && self.bytes[int_start] == b'0') {
            return Err(self.error("invalid number"));
        }
        let mut integral = true;
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            integral = false;
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            integral = false;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).map_err(|_| self.error("invalid number"))?;
        if integral {
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Value::Number(u.into()));
            }
            // `-0` keeps its sign as a float, as serde_json keeps it.
            if let Ok(i) = text.parse::<i64>()
                && i != 0
            {
                return Ok(Value::Number(i.into()));
            }
        }
        // Out of range is infinite: serde_json refuses it too.
        match crate::strconv::parse_decimal(text).and_then(Number::from_f64) {
            Some(n) => Ok(Value::Number(n)),
            None => Err(JsonError { offset: start, message: "number out of range" }),
        }
    }

    /// A string literal, the opening quote at `self.at`.
    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let run = self.at;
            while self.bytes.get(self.at).is_some_and(|&b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The text is a `str`, and the run stops only at ASCII bytes: it is whole UTF-8.
            out.push_str(std::str::from_utf8(&self.bytes[run..self.at]).map_err(|_| self.error("invalid UTF-8"))?);
            match self.bytes.get(self.at) {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = self.bytes.get(self.at).copied();
                    self.at += 1;
                    match escaped {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let high = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&high) {
                                // A surrogate pair: the low half must follow as `\uDC00`-`\uDFFF`.
                                if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                                    return Err(self.error("lone leading surrogate in hex escape"));
                                }
                                self.at += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(self.error("lone leading surrogate in hex escape"));
                                }
                                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                            } else {
                                char::from_u32(high)
                            };
                            out.push(c.ok_or_else(|| self.error("lone trailing surrogate in hex escape"))?);
                        }
                        _ => return Err(self.error("invalid escape")),
                    }
                }
                Some(_) => return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or_else(|| self.error("EOF while parsing a string"))?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16).ok_or_else(|| self.error("invalid escape"))?;
        }
        self.at += 4;
        Ok(n)
    }
}

#[allow(clippy::unwrap_used)] // A panic is how a test reports failure.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads_into_the_same_value() {
        let texts = [
            r#"{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"a","labels":{"x":"y"}},"spec":{"n":[1,-2,3.5,1e3,-0,0.0,18446744073709551615,18446744073709551616,-9223372036854775808]}}"#,
            r#"  [ true , false , null , "" , {} , [] ]  "#,
            r#""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \u2028 é 😀""#,
            "12345678901234567890123",
            "-1.5E-7",
            r#"{"dup":1,"dup":2}"#,
        ];
        for text in texts {
            assert_eq!(parse(text).ok(), serde_json::from_str::<Value>(text).ok(), "{text}");
            assert!(parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        let texts = [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "tru",
            "nul",
            "\"unterminated",
            "\"bad \\x escape\"",
            "\"raw\ttab\"",
            "\"\\ud83d alone\"",
            "\"\\ude00\"",
            "1 2",
            "[1] x",
            "1e400",
            "{\"a\" 1}",
            "'single'",
            "NaN",
            &deep,
        ];
        for text in texts {
            assert!(parse(text).is_err(), "accepted {text:?}");
            assert!(serde_json::from_str::<Value>(text).is_err(), "serde_json accepts {text:?}");
        }
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(parse("[1,]").unwrap_err(), JsonError { offset: 3, message: "expected value" });
        assert_eq!(parse("{} x").unwrap_err().to_string(), "trailing characters at byte 3");
    }
}
