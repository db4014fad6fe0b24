//! Go's `time.Parse` for the two layouts Kubernetes reads times with: `time.RFC3339`
//! (`metav1.Time`) and `RFC3339Micro` (`metav1.MicroTime`). Only whether a text is such a time,
//! and if not, Go's error in its words (`parsing time "2024-13-01T00:00:00Z": month out of
//! range`), which decoding a manifest reports.

const RFC3339: &str = "2006-01-02T15:04:05Z07:00";
const RFC3339_MICRO: &str = "2006-01-02T15:04:05.000000Z07:00";

/// `time.Parse`'s error for `value` in RFC 3339 (with exactly six fractional digits when
/// `micro`), or `None` when it parses.
pub fn parse_error(value: &str, micro: bool) -> Option<String> {
    let layout = if micro { RFC3339_MICRO } else { RFC3339 };
    let cannot = |rest: &[u8], elem: &str| {
        Some(format!(
            "parsing time {} as {}: cannot parse {} as {}",
            quote(value.as_bytes()),
            quote(layout.as_bytes()),
            quote(rest),
            quote(elem.as_bytes())
        ))
    };
    let out_of_range = |what: &str| format!("parsing time {}: {what} out of range", quote(value.as_bytes()));
    // The layout as `nextStdChunk` cuts it: each element with the literal before it.
    let elements: &[(&str, &str)] = &[
        ("", "2006"),
        ("-", "01"),
        ("-", "02"),
        ("T", "15"),
        (":", "04"),
        (":", "05"),
        ("", ".000000"),
        ("", "Z07:00"),
    ];
    let mut v = value.as_bytes();
    let (mut year, mut month, mut day) = (0, 0, 0);
    for &(prefix, elem) in elements {
        if elem == ".000000" && !micro {
            continue;
        }
        match v.strip_prefix(prefix.as_bytes()) {
            Some(rest) => v = rest,
            None => return cannot(v, prefix),
        }
        let hold = v;
        let mut range = None;
        let ok = match elem {
            "2006" => match v.get(..4) {
                Some(p) if p[0].is_ascii_digit() => {
                    v = &v[4..];
                    atoi(p).map(|y| year = y).is_some()
                }
                _ => false,
            },
            "01" => match getnum(&mut v, true) {
                Some(m) => {
                    month = m;
                    if !(1..=12).contains(&m) {
                        range = Some("month");
                    }
                    true
                }
                None => false,
            },
            "02" => getnum(&mut v, true).map(|d| day = d).is_some(),
            "15" | "04" | "05" => match getnum(&mut v, elem != "15") {
                Some(n) if n >= if elem == "15" { 24 } else { 60 } => {
                    range = Some(match elem {
                        "15" => "hour",
                        "04" => "minute",
                        _ => "second",
                    });
                    true
                }
                Some(_) => {
                    // A fraction the layout does not have is read and dropped.
                    if elem == "05" && !micro && v.len() >= 2 && matches!(v[0], b'.' | b',') && v[1].is_ascii_digit() {
                        let n = 2 + v[2..].iter().take_while(|c| c.is_ascii_digit()).count();
                        v = &v[n..];
                    }
                    true
                }
                None => false,
            },
            ".000000" => match v.get(..7) {
                Some(p) => {
                    v = &v[7..];
                    match (matches!(p[0], b'.' | b','), atoi(&p[1..])) {
                        (true, Some(ns)) => {
                            if ns < 0 {
                                range = Some("fractional second");
                            }
                            true
                        }
                        _ => false,
                    }
                }
                None => false,
            },
            _ => match v {
                [b'Z', rest @ ..] => {
                    v = rest;
                    true
                }
                [sign, h1, h2, b':', m1, m2, rest @ ..] => {
                    v = rest;
                    let (hour, minute) = (getnum(&mut &[*h1, *h2][..], true), getnum(&mut &[*m1, *m2][..], true));
                    let (hr, mm) = (hour.unwrap_or(0), hour.and(minute).unwrap_or(0));
                    if hr > 24 {
                        range = Some("time zone offset hour");
                    }
                    if mm > 60 {
                        range = Some("time zone offset minute");
                    }
                    hour.is_some() && minute.is_some() && matches!(sign, b'+' | b'-')
                }
                _ => false,
            },
        };
        if let Some(what) = range {
            return Some(out_of_range(what));
        }
        if !ok {
            return cannot(hold, elem);
        }
    }
    if !v.is_empty() {
        return Some(format!("parsing time {}: extra text: {}", quote(value.as_bytes()), quote(v)));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (day < 1 || day > days_in).then(|| out_of_range("day"))
}

/// `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(v: &mut &[u8], fixed: bool) -> Option<i64> {
    let d = |i: usize| v.get(i).filter(|c| c.is_ascii_digit()).map(|c| i64::from(c - b'0'));
    let first = d(0)?;
    match d(1) {
        Some(second) => {
            *v = &v[2..];
            Some(first * 10 + second)
        }
        None if fixed => None,
        None => {
            *v = &v[1..];
            Some(first)
        }
    }
}

/// `atoi`: an optional sign, then digits to the end (none is zero).
fn atoi(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, s),
    };
    let mut x: i64 = 0;
    for c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        x = x.checked_mul(10)?.checked_add(i64::from(c - b'0'))?;
    }
    Some(if neg { -x } else { x })
}

/// The time package's `quote`: non-ASCII and control bytes as `\xNN`, quotes and backslashes
/// escaped. (Go leaves DEL raw; it is escaped here too, so no raw control character is echoed.)
fn quote(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for &c in s {
        match c {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(c as char);
            }
            b' '..=b'~' => out.push(c as char),
            _ => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_or_fail_in_gos_words() {
        for ok in [
            "2024-02-29T23:59:59Z",
            "2024-01-01T00:00:00+01:00",
            "2024-01-01T00:00:00.123456789Z",
            "2024-01-01T00:00:00,5-24:00",
            // One-digit hours, as Go's "15" takes them.
            "2024-01-01T7:00:00Z",
        ] {
            assert_eq!(parse_error(ok, false), None, "{ok}");
        }
        let layout = "\"2006-01-02T15:04:05Z07:00\"";
        for (text, want) in [
            ("", format!("parsing time \"\" as {layout}: cannot parse \"\" as \"2006\"")),
            ("soon", format!("parsing time \"soon\" as {layout}: cannot parse \"soon\" as \"2006\"")),
            ("2024", format!("parsing time \"2024\" as {layout}: cannot parse \"\" as \"-\"")),
            (
                "2024-1-01T00:00:00Z",
                format!("parsing time \"2024-1-01T00:00:00Z\" as {layout}: cannot parse \"1-01T00:00:00Z\" as \"01\""),
            ),
            ("2024-13-01T00:00:00Z", "parsing time \"2024-13-01T00:00:00Z\": month out of range".into()),
            ("2024-02-30T00:00:00Z", "parsing time \"2024-02-30T00:00:00Z\": day out of range".into()),
            ("2023-02-29T00:00:00Z", "parsing time \"2023-02-29T00:00:00Z\": day out of range".into()),
            ("2024-01-01T24:00:00Z", "parsing time \"2024-01-01T24:00:00Z\": hour out of range".into()),
            ("2024-01-01T00:60:00Z", "parsing time \"2024-01-01T00:60:00Z\": minute out of range".into()),
            (
                "2024-01-01 00:00:00Z",
                format!("parsing time \"2024-01-01 00:00:00Z\" as {layout}: cannot parse \" 00:00:00Z\" as \"T\""),
            ),
            (
                "2024-01-01T00:00:00",
                format!("parsing time \"2024-01-01T00:00:00\" as {layout}: cannot parse \"\" as \"Z07:00\""),
            ),
            (
                "2024-01-01T00:00:00+0100",
                format!("parsing time \"2024-01-01T00:00:00+0100\" as {layout}: cannot parse \"+0100\" as \"Z07:00\""),
            ),
            (
                "2024-01-01T00:00:00+25:00",
                "parsing time \"2024-01-01T00:00:00+25:00\": time zone offset hour out of range".into(),
            ),
            ("2024-01-01T00:00:00Zjunk", "parsing time \"2024-01-01T00:00:00Zjunk\": extra text: \"junk\"".into()),
            ("2024-01-01T00:00:00Z\u{1b}", "parsing time \"2024-01-01T00:00:00Z\\x1b\": extra text: \"\\x1b\"".into()),
            (
                "20é4-01-01T00:00:00Z",
                format!(
                    "parsing time \"20\\xc3\\xa94-01-01T00:00:00Z\" as {layout}: cannot parse \"20\\xc3\\xa94-01-01T00:00:00Z\" as \"2006\""
                ),
            ),
        ] {
            assert_eq!(parse_error(text, false).as_deref(), Some(want.as_str()), "{text:?}");
        }
        // MicroTime wants exactly six digits.
        assert_eq!(parse_error("2024-01-01T00:00:00.000001Z", true), None);
        let micro = "\"2006-01-02T15:04:05.000000Z07:00\"";
        assert_eq!(
            parse_error("2024-01-01T00:00:00Z", true).unwrap(),
            format!("parsing time \"2024-01-01T00:00:00Z\" as {micro}: cannot parse \"Z\" as \".000000\"")
        );
        assert_eq!(
            parse_error("2024-01-01T00:00:00.-12345Z", true).unwrap(),
            "parsing time \"2024-01-01T00:00:00.-12345Z\": fractional second out of range"
        );
    }
}
