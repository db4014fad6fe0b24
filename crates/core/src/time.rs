//! Simulated time: milliseconds since the Unix epoch, advanced only by the caller.
//! The simulation starts at [`SIM_EPOCH_MS`] so that ages of real node lists look plausible.

/// 2024-11-30T00:00:00Z: shortly after the corpus node lists were captured, so a node created
/// on 2024-11-20 shows an AGE of `9d`, as in the seed's `kubectl get nodes`.
pub const SIM_EPOCH_MS: i64 = 1_732_924_800_000;

/// Formats epoch milliseconds as RFC 3339 with second precision (`metav1.Time` JSON form).
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, (rem / 60) % 60, rem % 60)
}

/// Formats epoch milliseconds with microseconds (`metav1.MicroTime`, used by event series).
pub fn rfc3339_micro(ms: i64) -> String {
    let base = rfc3339(ms);
    format!("{}.{:06}Z", &base[..base.len() - 1], ms.rem_euclid(1000) * 1000)
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` into epoch milliseconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { s.get(r)?.parse::<i64>().ok() };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac_ms = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = s.get(start..i)?;
        let padded: String = digits.chars().chain("000".chars()).take(3).collect();
        frac_ms = padded.parse::<i64>().ok()?;
    }
    let offset_s = match s.get(i..)? {
        "Z" | "z" => 0,
        tz if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) => {
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let oh = tz.get(1..3)?.parse::<i64>().ok()?;
            let om = tz.get(4..6)?.parse::<i64>().ok()?;
            sign * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    Some((days * 86_400 + h * 3600 + mi * 60 + se - offset_s) * 1000 + frac_ms)
}

// Howard Hinnant's civil-date algorithms (public domain), exact for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Go's `time.Duration.String()`: `0s`, `1.5µs`, `250ms`, `1.5s`, `2m0s`, `-1h0m5s`.
pub fn go_duration_string(ns: i64) -> String {
    /// The fraction of `v / 10^prec` without trailing zeros (nothing when it is 0), and
    /// the integer part.
    fn frac(v: u64, prec: u32) -> (String, u64) {
        let p = 10u64.pow(prec);
        let f = v % p;
        if f == 0 {
            return (String::new(), v / p);
        }
        let digits = format!("{f:0width$}", width = prec as usize);
        (format!(".{}", digits.trim_end_matches('0')), v / p)
    }
    let sign = if ns < 0 { "-" } else { "" };
    let u = ns.unsigned_abs();
    if u < 1_000_000_000 {
        let (unit, prec) = match u {
            0 => return "0s".to_string(),
            1..=999 => ("ns", 0),
            1_000..=999_999 => ("µs", 3),
            _ => ("ms", 6),
        };
        let (f, whole) = frac(u, prec);
        return format!("{sign}{whole}{f}{unit}");
    }
    let (f, secs) = frac(u, 9);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{sign}{s}{f}s"),
        (0, m) => format!("{sign}{m}m{s}{f}s"),
        (h, m) => format!("{sign}{h}h{m}m{s}{f}s"),
    }
}

/// Go's `time.ParseDuration`, errors and all, as pflag calls it for kubectl's duration
/// flags (`--timeout`): nanoseconds, or the error text after `time: `. Units are Go's
/// (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`; no days), and overflow past
/// 2^63-1 ns is an invalid duration, as in Go.
pub fn go_parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", go_time_quote(orig));
    let mut s = orig.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first()
        && (c == b'-' || c == b'+')
    {
        neg = c == b'-';
        s = &s[1..];
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // leadingInt: [0-9]*, failing on overflow.
        let mut v: u64 = 0;
        let mut i = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(s[i] - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = i > 0;
        s = &s[i..];
        // leadingFraction: (\.[0-9]*)?, dropping digits past overflow.
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let mut i = 0;
            let mut overflow = false;
            while i < s.len() && s[i].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u64::from(s[i] - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = i > 0;
            s = &s[i..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        let unit_len = s.iter().position(|&c| c == b'.' || c.is_ascii_digit()).unwrap_or(s.len());
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", go_time_quote(orig)));
        }
        let (u, rest) = s.split_at(unit_len);
        s = rest;
        let unit: u64 = match u {
            b"ns" => 1,
            // µ (U+00B5) and μ (U+03BC), as UTF-8.
            b"us" | [0xc2, 0xb5, b's'] | [0xce, 0xbc, b's'] => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => {
                // The unit ends at an ASCII byte or the end, so it is whole UTF-8.
                let u = std::str::from_utf8(u).unwrap_or_default();
                return Err(format!("time: unknown unit {} in duration {}", go_time_quote(u), go_time_quote(orig)));
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            // Go converts with float64 and truncates, so fractions of an hour stay exact to the ns.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        d += v;
        if d > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    i64::try_from(d).map_err(|_| invalid())
}

/// The time package's own `quote`: printable ASCII as is (with `"` and `\` escaped), every
/// byte of anything else as `\xNN`.
fn go_time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend(['\\', 'x', HEX[usize::from(b >> 4)] as char, HEX[usize::from(b & 15)] as char]);
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Parses a Go-style duration as the console accepts it: `500ms`, `30s`, `5m`, `1h30m`, `2.5s`.
pub fn parse_duration_ms(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    if s == "0" {
        return Some(0);
    }
    let mut total: f64 = 0.0;
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let value = crate::strconv::parse_decimal(&rest[..num_len])?;
        rest = &rest[num_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "d" => 86_400_000.0,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += value * factor;
    }
    // Ten years of simulated time is far beyond any useful scenario; refuse rather than overflow.
    if !total.is_finite() || total > 315_360_000_000.0 {
        return None;
    }
    Some(total.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_duration_string_matches_go() {
        // Rows from Go's time.Duration.String.
        for (ns, text) in [
            (0, "0s"),
            (1, "1ns"),
            (1_100, "1.1µs"),
            (2_200_000, "2.2ms"),
            (-5_000_000_000, "-5s"),
            (3_300_000_000, "3.3s"),
            (250_000_000, "250ms"),
            (120_000_000_000, "2m0s"),
            (4 * 3_600_000_000_000 + 5 * 60_000_000_000 + 6_000_000_001, "4h5m6.000000001s"),
            (i64::MIN, "-2562047h47m16.854775808s"),
            (i64::MAX, "2562047h47m16.854775807s"),
        ] {
            assert_eq!(go_duration_string(ns), text, "{ns}");
        }
    }

    #[test]
    fn go_parse_duration_matches_go_values_and_errors() {
        // Rows checked against Go's time.ParseDuration (and kubectl 1.33's flag errors).
        let ok: &[(&str, i64)] = &[
            ("0", 0),
            ("-0", 0),
            ("5s", 5_000_000_000),
            ("+5s", 5_000_000_000),
            ("-5s", -5_000_000_000),
            ("1h30m", 5_400_000_000_000),
            ("1.5s", 1_500_000_000),
            (".5s", 500_000_000),
            ("5.s", 5_000_000_000),
            ("300µs", 300_000),
            ("300μs", 300_000),
            ("2562047h47m16.854775807s", i64::MAX),
            ("-2562047h47m16.854775808s", i64::MIN),
        ];
        for (text, ns) in ok {
            assert_eq!(go_parse_duration(text), Ok(*ns), "{text}");
        }
        let err: &[(&str, &str)] = &[
            ("", r#"time: invalid duration """#),
            ("x", r#"time: invalid duration "x""#),
            ("5", r#"time: missing unit in duration "5""#),
            ("1.5.5s", r#"time: missing unit in duration "1.5.5s""#),
            ("5q", r#"time: unknown unit "q" in duration "5q""#),
            ("1d", r#"time: unknown unit "d" in duration "1d""#),
            (".s", r#"time: invalid duration ".s""#),
            ("-", r#"time: invalid duration "-""#),
            ("9999999999h", r#"time: invalid duration "9999999999h""#),
            ("2562047h47m16.854775808s", r#"time: invalid duration "2562047h47m16.854775808s""#),
            ("5é", r#"time: unknown unit "\xc3\xa9" in duration "5\xc3\xa9""#),
            ("a\"b", r#"time: invalid duration "a\"b""#),
        ];
        for (text, message) in err {
            assert_eq!(go_parse_duration(text), Err(message.to_string()), "{text}");
        }
    }

    #[test]
    fn epoch_formats_as_the_documented_date() {
        assert_eq!(rfc3339(SIM_EPOCH_MS), "2024-11-30T00:00:00Z");
        assert_eq!(rfc3339(SIM_EPOCH_MS + 3_723_000), "2024-11-30T01:02:03Z");
        assert_eq!(rfc3339_micro(SIM_EPOCH_MS + 1_500), "2024-11-30T00:00:01.500000Z");
    }

    #[test]
    fn rfc3339_round_trips_and_rejects_garbage() {
        for s in ["2024-11-20T09:14:02Z", "2000-02-29T23:59:59Z", "1970-01-01T00:00:00Z"] {
            assert_eq!(rfc3339(parse_rfc3339(s).unwrap()), s);
        }
        assert_eq!(parse_rfc3339("2024-11-20T09:14:02+01:00"), parse_rfc3339("2024-11-20T08:14:02Z"));
        assert_eq!(parse_rfc3339("2024-11-20T09:14:02.250Z").unwrap() % 1000, 250);
        for bad in ["", "yesterday", "2024-13-01T00:00:00Z", "2024-11-20 09:14:02"] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations_parse_like_go() {
        let table = [
            ("500ms", Some(500)),
            ("30s", Some(30_000)),
            ("5m", Some(300_000)),
            ("1h30m", Some(5_400_000)),
            ("2.5s", Some(2_500)),
            ("0", Some(0)),
            ("", None),
            ("5", None),
            ("5x", None),
            ("-1s", None),
            ("99999999d", None),
        ];
        for (input, want) in table {
            assert_eq!(parse_duration_ms(input), want, "{input}");
        }
    }
}
