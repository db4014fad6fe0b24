//! Resource quantities (`100m`, `200Mi`, `3860m`, `1e3`), as `k8s.io/apimachinery/pkg/api/resource`
//! parses them; values are kept in milli-units so CPU and memory share one representation.

pub const QUANTITY_REGEX_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// A quantity in thousandths of its unit (`100m` CPU = 100; `1Ki` = 1_024_000), capped at i64.
pub fn parse_milli(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let num_end = s
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && (c == '+' || c == '-'))))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (number, suffix) = s.split_at(num_end);
    let digits = number.trim_start_matches(['+', '-']);
    if digits.is_empty() || digits == "." || digits.matches('.').count() > 1 {
        return Err(QUANTITY_REGEX_ERROR.to_string());
    }
    let negative = number.starts_with('-');
    // (multiplier numerator as milli-units, base-10 exponent)
    let (mult, exp10): (i128, i32) = match interpret_suffix(suffix) {
        Some((true, e, _)) => (1000 << e, 0),
        Some((false, e, _)) => (1000, e.clamp(-100, 100)),
        None if suffix.starts_with(['e', 'E']) => return Err(QUANTITY_REGEX_ERROR.to_string()),
        None if suffix.chars().all(|c| "eEinumkKMGTP+-0123456789".contains(c)) => {
            return Err("unable to parse quantity's suffix".to_string());
        }
        None => return Err(QUANTITY_REGEX_ERROR.to_string()),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    // value = (int_part.frac_part) * mult * 10^exp10, computed exactly on a decimal mantissa.
    let mut mantissa: i128 = 0;
    let mut scale: i32 = 0;
    for c in int_part.chars().chain(frac_part.chars()) {
        if mantissa > i128::MAX / 100 {
            // Past i64 anyway: cap, as the apiserver caps oversized quantities.
            return Ok(if negative { i64::MIN } else { i64::MAX });
        }
        mantissa = mantissa * 10 + i128::from(c as u8 - b'0');
    }
    scale -= frac_part.len() as i32;
    let mut value = mantissa.saturating_mul(mult);
    let mut e = exp10 + scale;
    while e > 0 && value != 0 {
        value = value.saturating_mul(10);
        e -= 1;
        if value > i128::from(i64::MAX) {
            break;
        }
    }
    while e < 0 {
        // Sub-milli precision rounds up, as the apiserver does (`0.1m` becomes `1m`).
        let rounded_up = value % 10 != 0;
        value = value / 10 + i128::from(rounded_up);
        e += 1;
    }
    let capped = value.min(i128::from(i64::MAX)) as i64;
    Ok(if negative { -capped } else { capped })
}

/// `resource.ParseQuantity`'s error for `text` (a Quantity field's `UnmarshalJSON` fails
/// decoding with it), `None` for what it accepts. It accepts more than its regular expression
/// says: a bare sign or point is zero, and `1.G` is one gigaunit.
pub fn parse_error(text: &str) -> Option<&'static str> {
    const NUMERIC: &str = "unable to parse numeric part of quantity";
    const SUFFIX: &str = "unable to parse quantity's suffix";
    let Some(Parts { num, denom, value, suffix, .. }) = scan(text) else { return Some(QUANTITY_REGEX_ERROR) };
    let Some((binary, exponent, _)) = interpret_suffix(suffix) else { return Some(SUFFIX) };
    // The fast path (an int64 mantissa) takes what it can; the rest goes through inf.Dec,
    // which wants at least one digit.
    let (num_len, denom_len) = (num.len() as i64, denom.len() as i64);
    let (precision, scale) = match binary {
        false => (18 - (num_len + denom_len), i64::from(exponent)),
        true if exponent >= 0 && denom_len == 0 => (15 - num_len - (exponent as f32 * 3.0 / 10.0) as i64 - 1, 0),
        true => (-1, 0),
    };
    let fast = precision >= 0 && scale - denom_len >= -9;
    (!fast && !value.bytes().any(|c| c.is_ascii_digit())).then_some(NUMERIC)
}

/// A quantity's text as `parseQuantityString` cuts it.
struct Parts<'a> {
    negative: bool,
    /// The numerator without leading zeros, `0` when nothing is left.
    num: &'a str,
    denom: &'a str,
    /// The number as written, sign included.
    value: &'a str,
    suffix: &'a str,
}

/// `parseQuantityString`: a sign, zeros, the numerator, a denominator, then a suffix of
/// `[eEinumkKMGTP]*[-+]?[0-9]*`; `None` where it fails (`ErrFormatWrong`). Text that ends
/// inside the number has no suffix and is accepted (a bare sign or point is zero).
fn scan(text: &str) -> Option<Parts<'_>> {
    let b = text.as_bytes();
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        &text[start..*i]
    };
    if text.is_empty() {
        return None;
    }
    let mut i = usize::from(matches!(b[0], b'+' | b'-'));
    while b.get(i) == Some(&b'0') {
        i += 1;
    }
    let num = match digits(&mut i) {
        "" => "0",
        n => n,
    };
    let denom = if b.get(i) == Some(&b'.') {
        i += 1;
        digits(&mut i)
    } else {
        ""
    };
    let value_end = i;
    while b.get(i).is_some_and(|c| b"eEinumkKMGTP".contains(c)) {
        i += 1;
    }
    if matches!(b.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    digits(&mut i);
    (i == b.len()).then(|| Parts {
        negative: b[0] == b'-',
        num,
        denom,
        value: &text[..value_end],
        suffix: &text[value_end..],
    })
}

/// The decimal SI suffixes, for the exponents -9 to 18 in steps of 3.
const DECIMAL_SI: [&str; 10] = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"];

/// `quantitySuffixer.interpret`: a suffix's base (binary or not), its exponent (of 2 or of 10),
/// and whether it is a DecimalExponent (`e3`).
fn interpret_suffix(suffix: &str) -> Option<(bool, i32, bool)> {
    if let Some(i) = DECIMAL_SI.iter().position(|s| *s == suffix) {
        return Some((false, i as i32 * 3 - 9, false));
    }
    if let Some(i) = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].iter().position(|s| *s == suffix) {
        return Some((true, i as i32 * 10 + 10, false));
    }
    // ParseInt into an int64, then Go's conversion to int32, which wraps.
    Some((false, suffix.strip_prefix(['e', 'E'])?.parse::<i64>().ok()? as i32, true))
}

/// A quantity as the apiserver stores and prints it (`ParseQuantity`, then for a resource list
/// `SetDefaults_ResourceList`'s round-up to milli units, then `MarshalJSON`): text that is
/// already canonical is kept as written (`100m`, `64Mi`, `+5`, `1e3`), anything else is
/// written again (`1.5` is `1500m`, `1000` `1k`, `1024Mi` `1Gi`, `0.5Gi` `512Mi`, `100u` of
/// a resource `1m`). `None` for what is no quantity, or whose digits (decimals included) do not
/// fit 64 bits here: kept as written, a deviation. As Go's suffixer, a DecimalSI value of
/// 10^21 or more gets no suffix at all (`1000E` is written `1`).
pub fn canonical(text: &str, resource_list: bool) -> Option<String> {
    match text {
        "" => return None,
        "0" => return Some(text.into()),
        _ => {}
    }
    let Parts { negative: neg, num, denom, suffix, .. } = scan(text)?;
    let (binary, exponent, exponent_form) = interpret_suffix(suffix)?;
    if exponent.unsigned_abs() > 9999 {
        return None;
    }
    // The exact magnitude, m × 10^e (past 2^64 the text is kept as written).
    let mut m: u64 = 0;
    for d in num.bytes().chain(denom.bytes()) {
        m = m.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    // ParseQuantity's fast path keeps the text when it is canonical already.
    let places = denom.len() as i32;
    let precision = match (binary, denom.is_empty()) {
        (false, _) => 18 - (num.len() as i32 + places),
        (true, true) => 15 - num.len() as i32 - exponent * 3 / 10 - 1,
        (true, false) => -1,
    };
    let scale = if binary { 0 } else { exponent - places };
    let mut kept = None;
    if precision >= 0 && scale >= -9 && (!binary || m.checked_mul(1 << exponent).is_some_and(|v| v <= i64::MAX as u64))
    {
        kept = Some(if binary {
            exponent % 10 == 0 && m & 7 != 0
        } else {
            // `scale%3 == 0 && !HasSuffix(shifted, "000") && shifted[0] != '0'`
            scale % 3 == 0 && num != "0" && !m.is_multiple_of(1000)
        });
    }
    let mut e = -places;
    if binary {
        m = m.checked_mul(1 << exponent)?;
    } else {
        e += exponent;
    }
    let round_up = |m: &mut u64, e: &mut i32, to: i32| {
        while *e < to {
            *m = *m / 10 + u64::from(!m.is_multiple_of(10));
            *e += 1;
        }
    };
    if kept.is_none() {
        // Past the fast path the value is rounded up to nano units (away from zero).
        round_up(&mut m, &mut e, -9);
        if binary && e >= 0 && m > i64::MAX as u64 {
            m = i64::MAX as u64;
        }
    }
    // SetDefaults_ResourceList's `RoundUp(-3)` keeps the text when it changes nothing.
    if resource_list && (kept.is_none() || scale < -3) && e < -3 {
        round_up(&mut m, &mut e, -3);
        kept = Some(false);
    }
    if kept == Some(true) {
        return Some(text.into());
    }
    if m == 0 {
        return Some("0".into());
    }
    let sign = if neg { "-" } else { "" };
    // A whole BinarySI value of 1024 or more is written in powers of 1024.
    // (Binary values have no decimal exponent: e <= 0.)
    let whole = match 10u64.checked_pow(e.unsigned_abs()) {
        Some(p) if e < 0 => m.is_multiple_of(p).then(|| m / p),
        _ => (e == 0).then_some(m),
    };
    if binary && let Some(mut v) = whole.filter(|v| *v >= 1024) {
        let mut k = 0;
        while v % 1024 == 0 {
            v /= 1024;
            k += 1;
        }
        return Some(format!("{sign}{v}{}", ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].get(k).copied().unwrap_or("")));
    }
    while m.is_multiple_of(10) {
        m /= 10;
        e += 1;
    }
    while e % 3 != 0 {
        m = m.checked_mul(10)?;
        e -= 1;
    }
    let suffix = if exponent_form {
        if e == 0 { String::new() } else { format!("e{e}") }
    } else {
        // Go's suffixer has no word for other exponents, and writes none.
        usize::try_from((e + 9) / 3).ok().and_then(|i| DECIMAL_SI.get(i)).copied().unwrap_or("").to_string()
    };
    Some(format!("{sign}{m}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_to_milli_units() {
        let table = [
            ("100m", 100),
            ("2", 2000),
            ("3860m", 3860),
            ("0.5", 500),
            ("1Ki", 1_024_000),
            ("200Mi", 200 * 1024 * 1024 * 1000),
            ("1e3", 1_000_000),
            ("1k", 1_000_000),
            ("0.1m", 1),
            ("110", 110_000),
            ("99999999999999999999Ki", i64::MAX),
        ];
        for (input, want) in table {
            assert_eq!(parse_milli(input), Ok(want), "{input}");
        }
    }

    #[test]
    fn quantities_are_stored_in_canonical_form() {
        // (written, in a resource list, elsewhere), from apimachinery's quantity_test.go
        // and what an apiserver gives back.
        let table = [
            ("0", "0", "0"),
            ("100m", "100m", "100m"),
            ("1.5", "1500m", "1500m"),
            ("0.5", "500m", "500m"),
            ("1000", "1k", "1k"),
            ("1000m", "1", "1"),
            ("+5", "+5", "+5"),
            ("-5", "-5", "-5"),
            ("1e3", "1e3", "1e3"),
            ("1.5e3", "1500", "1500"),
            ("1E6", "1E6", "1E6"),
            ("64Mi", "64Mi", "64Mi"),
            ("1024Mi", "1Gi", "1Gi"),
            ("1536Mi", "1536Mi", "1536Mi"),
            ("0.5Gi", "512Mi", "512Mi"),
            ("1.5Ki", "1536", "1536"),
            ("0.5Ki", "512", "512"),
            ("100M", "100M", "100M"),
            ("100u", "1m", "100u"),
            ("0.0001", "1m", "100u"),
            ("1.0000000001", "1001m", "1000000001n"),
            ("007", "007", "007"),
            ("0070", "0070", "0070"),
            ("0.50", "500m", "500m"),
            ("1.", "1.", "1."),
            ("2000Ki", "2000Ki", "2000Ki"),
            ("8Ki", "8Ki", "8Ki"),
            ("12e-3", "12e-3", "12e-3"),
            ("12e-4", "2e-3", "1200e-6"),
            ("1000E", "1", "1"),
        ];
        for (text, resource, other) in table {
            assert_eq!(canonical(text, true).as_deref(), Some(resource), "{text} in a resource list");
            assert_eq!(canonical(text, false).as_deref(), Some(other), "{text}");
        }
        for bad in ["", "x", "1e", "1Zi", "1e99999", "100000000000000001.1", "16Ei"] {
            assert_eq!(canonical(bad, true), None, "{bad}");
        }
    }

    #[test]
    fn malformed_quantities_get_the_apiserver_message() {
        for bad in ["12ZZ", "", "abc", "1.2.3"] {
            assert!(parse_milli(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_milli("12ZZ").unwrap_err(), QUANTITY_REGEX_ERROR);
    }

    #[test]
    fn parse_quantity_accepts_and_refuses_what_go_does() {
        const SUFFIX: &str = "unable to parse quantity's suffix";
        const NUMERIC: &str = "unable to parse numeric part of quantity";
        for (text, want) in [
            ("0", None),
            ("100m", None),
            ("1.5Gi", None),
            ("+1e3", None),
            ("1e-10", None),
            ("12345678901234567890123", None),
            // parseQuantityString takes a bare sign, point or suffix as zero.
            ("-", None),
            (".", None),
            ("1.G", None),
            ("e3", None),
            ("Ki", None),
            ("", Some(QUANTITY_REGEX_ERROR)),
            ("12ZZ", Some(QUANTITY_REGEX_ERROR)),
            ("1.2.3", Some(QUANTITY_REGEX_ERROR)),
            ("1 ", Some(QUANTITY_REGEX_ERROR)),
            ("1kK", Some(SUFFIX)),
            ("1e", Some(SUFFIX)),
            ("1E+", Some(SUFFIX)),
            // The slow path (inf.Dec) wants a digit.
            (".e-10", Some(NUMERIC)),
            ("-.5e-10", None),
        ] {
            assert_eq!(parse_error(text), want, "{text:?}");
        }
    }
}
